// UI tests of Settings → Audit log (issue 9): the log newest first with who, what and whose record; filtering by user and dates (kept in the address); a date range the wrong way round named on its field; paging; the CSV written to the data folder; a role that may not read the log told so plainly; axe-core on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openApp, calls, problems, axe, screenshot, JANE, defaultFixtures } from './harness.mjs';

/** A team leader is signed in: the role that may read the log (the harness signs in an officer). */
function asTeamLeader() {
  const fixtures = defaultFixtures();
  fixtures.session = { ...fixtures.session, user_id: '01900000-0000-7000-8000-000000000001', username: 'team.leader', display_name: 'Priya Shah', role: 'team_leader', role_title: 'Team leader' };
  return fixtures;
}

const ctx = suite({ before, after });

function clean(violations, where) {
  assert.deepEqual(violations, [], `axe found WCAG A/AA violations on ${where}:\n${violations.join('\n')}`);
}

async function rows(page) {
  return page.locator('.app-audit tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.innerText.replace(/\s+/g, ' ').trim())));
}

async function openLog(hash = '#/settings/audit') {
  const page = await openApp(ctx.browser, ctx.server, { hash, fixtures: asTeamLeader() });
  await page.waitForSelector('.app-audit tbody tr, [data-empty], [data-forbidden]');
  return page;
}

test('the audit log lists every change and view newest first with who, what and whose record', async () => {
  const page = await openLog();
  assert.equal(await page.title(), 'Audit log – Recovery Desk');
  assert.equal(await page.locator('#side-nav [aria-current]').innerText(), 'Settings\nAudit log');
  assert.equal(await page.locator('[data-summary]').innerText(), 'Showing 1 to 5 of 5 entries');
  const table = await rows(page);
  assert.deepEqual(table, [
    ['25 Nov 2026, 08:05', 'Leader, Tess', 'Viewed', 'Person: person screen', 'Mrs Jane Smith'],
    ['24 Nov 2026, 09:20', 'Alex Officer', 'Note added', 'Note', 'Mrs Jane Smith'],
    ['24 Nov 2026, 09:17', 'Alex Officer', 'Viewed', 'Person: letters list', 'Mrs Jane Smith'],
    ['24 Nov 2026, 09:16', 'Alex Officer', 'Viewed', 'Account: recovery timetable', '50012345'],
    ['24 Nov 2026, 09:15', 'Alex Officer', 'Viewed', 'Person: person screen', 'Mrs Jane Smith'],
  ]);
  assert.equal(await page.locator('.app-audit tbody tr').first().locator('a').getAttribute('href'), `#/person/${JANE}`);
  assert.deepEqual(await page.locator('#audit-user option').allInnerTexts(), ['Everyone', 'Alex Officer', 'Leader, Tess']);
  assert.deepEqual(await page.locator('#audit-action option').allInnerTexts(), ['Any action', 'Note added', 'Viewed']);
  assert.deepEqual((await calls(page, 'audit_log')).map((c) => c.args.input), [{}]);
  await screenshot(page, 'audit-log');
  clean(await axe(page), 'the Audit log screen');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('filters by user and from a date go into the address and to Rust', async () => {
  const page = await openLog();
  await page.locator('#audit-user').selectOption('a.officer');
  await page.locator('#audit-from-day').fill('24');
  await page.locator('#audit-from-month').fill('11');
  await page.locator('#audit-from-year').fill('2026');
  await page.getByRole('button', { name: 'Show entries' }).click();
  await page.waitForFunction(() => document.querySelector('[data-summary]')?.textContent.includes('of 4 entries'));
  assert.equal(await page.evaluate(() => location.hash), '#/settings/audit?user=a.officer&from=2026-11-24');
  assert.deepEqual((await calls(page, 'audit_log')).at(-1).args.input, { userId: 'a.officer', from: '2026-11-24' });
  assert.deepEqual((await rows(page)).map((r) => r[1]), ['Alex Officer', 'Alex Officer', 'Alex Officer', 'Alex Officer']);
  assert.equal(await page.locator('#audit-user').inputValue(), 'a.officer', 'the form keeps the filters');
  assert.equal(await page.locator('#audit-from-day').inputValue(), '24');
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await page.waitForFunction(() => document.querySelector('[data-summary]')?.textContent.includes('of 5 entries'));
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a date range the wrong way round is named on its field', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/settings/audit?from=2026-11-25&to=2026-11-24', fixtures: asTeamLeader() });
  await page.waitForSelector('error-summary .govuk-error-summary');
  assert.match(await page.locator('error-summary').innerText(), /To must not be before the first day, 2026-11-25/);
  assert.ok(await page.locator('[data-field="to"]').evaluate((g) => g.classList.contains('govuk-form-group--error')));
  assert.equal(await page.locator('.app-audit').count(), 0, 'no table');
  clean(await axe(page), 'the Audit log with an error');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the log pages with older and newer links', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/search', fixtures: asTeamLeader() });
  await page.evaluate(() => { window.__fake.auditPaged = true; location.hash = '#/settings/audit?user='; });
  await page.waitForSelector('.app-audit tbody tr');
  assert.equal(await page.locator('[data-summary]').innerText(), 'Showing 1 to 3 of 5 entries');
  assert.equal(await page.locator('.govuk-pagination__prev').count(), 0);
  await page.getByRole('link', { name: /Older entries/ }).click();
  await page.waitForFunction(() => document.querySelector('[data-summary]')?.textContent === 'Showing 4 to 5 of 5 entries');
  assert.equal(await page.evaluate(() => location.hash), '#/settings/audit?page=2');
  assert.equal((await calls(page, 'audit_log')).at(-1).args.input.page, 2);
  assert.deepEqual((await rows(page)).map((r) => r[0]), ['24 Nov 2026, 09:16', '24 Nov 2026, 09:15']);
  assert.match(await page.locator('.govuk-pagination__prev').innerText(), /Newer/);
  clean(await axe(page), 'the second page of the Audit log');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('Download CSV writes the matching entries to the data folder and shows where', async () => {
  const page = await openLog('#/settings/audit?user=a.officer');
  await page.getByRole('button', { name: /Download CSV/ }).click();
  await page.waitForSelector('[data-saved]');
  assert.equal(await page.locator('[data-path]').innerText(), '/home/a.officer/.local/share/uk.recoverydesk.app/audit-exports/audit-log-2026-11-25T160000Z.csv');
  assert.deepEqual((await calls(page, 'export_audit_csv')).map((c) => c.args.input), [{ userId: 'a.officer' }]);
  clean(await axe(page), 'the Audit log after a download');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a role that may not read the log is told so, and nothing is shown', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/search' });
  await page.evaluate(() => { window.__fake.auditRole = 'officer'; location.hash = '#/settings/audit'; });
  await page.waitForSelector('[data-forbidden]');
  assert.match(await page.locator('[data-forbidden]').innerText(), /Your role cannot read the audit log\.[\s\S]*Team leaders and the system administrator can\.[\s\S]*a recovery officer may not read the audit log/);
  assert.equal(await page.locator('.app-audit, form[data-form="filters"]').count(), 0);
  assert.equal((await calls(page, 'audit_log')).length, 0);
  clean(await axe(page), 'the Audit log refused');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
