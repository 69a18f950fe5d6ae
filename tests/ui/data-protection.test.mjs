// UI tests of Settings → Data protection and the person screen's data protection (issue 9): the administrator backs up now (the path shown), saves the backup settings with a bad value (the error on its field), previews retention (due and held back) and anonymises after a confirm naming the count; an officer has no nav item and is refused plainly at the route; a team leader sees the preview without the run and makes a subject access export from the person screen (the paths shown); axe-core on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openApp, calls, problems, axe, screenshot, JANE, defaultFixtures } from './harness.mjs';

const ctx = suite({ before, after });
const DATA = '/home/admin/.local/share/uk.recoverydesk.app';

function as(role) {
  const fixtures = defaultFixtures();
  const who = {
    admin: { username: 'admin', display_name: 'Sam Admin', role: 'admin', role_title: 'System administrator' },
    team_leader: { username: 't.leader', display_name: 'Tess Leader', role: 'team_leader', role_title: 'Team leader' },
  }[role];
  fixtures.session = { ...fixtures.session, ...who };
  return fixtures;
}

function clean(violations, where) {
  assert.deepEqual(violations, [], `axe found WCAG A/AA violations on ${where}:\n${violations.join('\n')}`);
}

async function rows(page, selector) {
  return page.locator(`${selector} tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.innerText.replace(/\s+/g, ' ').trim())));
}

async function openScreen(role) {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/settings/data-protection', fixtures: as(role) });
  await page.waitForSelector('[data-retention], [data-forbidden]');
  return page;
}

test('the administrator backs up now and sees where the backup went', async () => {
  const page = await openScreen('admin');
  assert.equal(await page.title(), 'Data protection – Recovery Desk');
  assert.equal(await page.locator('#side-nav [aria-current]').innerText(), 'Settings\nData protection');
  assert.equal(await page.locator('#backup-folder').inputValue(), `${DATA}/backups`);
  assert.equal(await page.locator('#backup-keep').inputValue(), '14');
  assert.equal(await page.locator('[data-last-backup]').innerText(), 'None yet');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.waitForSelector('[data-backup-path]');
  assert.equal(await page.locator('[data-backup-path]').innerText(), `${DATA}/backups/recovery-desk-20261125-091000.db`);
  assert.match(await page.locator('[data-backup-result]').innerText(), /^Backed up to .* \(\d+ KB\)\.$/);
  assert.match(await page.locator('[data-last-backup]').innerText(), /25 Nov 2026, 09:10\n.*recovery-desk-20261125-091000\.db/);
  assert.equal((await calls(page, 'backup_now')).length, 1);
  await screenshot(page, 'data-protection-backup');
  clean(await axe(page), 'Data protection after a backup');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a bad backup setting is named on its field and nothing is saved', async () => {
  const page = await openScreen('admin');
  await page.locator('#backup-keep').fill('0');
  await page.getByRole('button', { name: 'Save backup settings' }).click();
  await page.waitForSelector('[data-form="backup-settings"] .govuk-error-summary');
  assert.match(await page.locator('[data-form="backup-settings"] error-summary').innerText(), /Keep from 1 to 1000 backups/);
  assert.ok(await page.locator('[data-field="keep"]').evaluate((g) => g.classList.contains('govuk-form-group--error')));
  assert.deepEqual((await calls(page, 'save_backup_settings')).map((c) => c.args.input), [{ folder: `${DATA}/backups`, everyHours: 24, keep: 0 }]);
  clean(await axe(page), 'Data protection with a bad setting');
  await page.locator('#backup-keep').fill('30');
  await page.getByRole('button', { name: 'Save backup settings' }).click();
  await page.waitForSelector('text=Backup settings saved.');
  assert.equal(await page.locator('#backup-keep').inputValue(), '30');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a restore asks first, then signs out and reloads to the sign-in form', async () => {
  const page = await openScreen('admin');
  const file = `${DATA}/backups/recovery-desk-20261125-091000.db`;
  await page.getByRole('button', { name: 'Restore' }).click();
  await page.waitForSelector('[data-form="restore"] .govuk-error-summary');
  assert.match(await page.locator('[data-form="restore"] error-summary').innerText(), /Enter the whole path of the backup file/);
  await page.locator('#restore-file').fill(file);
  await page.getByRole('button', { name: 'Restore' }).click();
  await page.waitForSelector('[data-confirm="restore"]');
  assert.equal(await page.locator('[data-confirm="restore"] code').innerText(), file);
  assert.equal((await calls(page, 'restore_backup')).length, 0, 'nothing is restored before the confirm');
  clean(await axe(page), 'the restore confirm');
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: 'Yes, restore and sign out' }).click(),
  ]);
  await page.waitForSelector('.app-sign-in');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('__fake_signed_out')), 'restore');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the administrator previews retention and anonymises after a confirm naming the count', async () => {
  const page = await openScreen('admin');
  assert.ok((await rows(page, '[data-schedule]')).length > 0, 'the schedule is shown');
  await page.getByRole('button', { name: 'Preview who is due' }).click();
  await page.waitForSelector('[data-preview]');
  const due = await rows(page, '[data-due]');
  assert.equal(due.length, 1);
  assert.equal(due[0][0], 'Gwendolyn Oakhurst');
  assert.match(due[0][1], /Council Tax/);
  assert.equal(due[0][2], '1 May 2022');
  const held = await rows(page, '[data-held]');
  assert.deepEqual(held.map((r) => r[0]).sort(), ['Barnaby Quillfeather', 'Desmond Ettrick']);
  assert.match(held.find((r) => r[0] === 'Desmond Ettrick')[1], /Stage 2 complaint/);
  clean(await axe(page), 'the retention preview');
  await page.getByRole('button', { name: 'Anonymise 1 person' }).click();
  assert.match(await page.locator('[data-confirm="anonymise"]').innerText(), /Anonymise 1 person\?/);
  assert.equal((await calls(page, 'run_retention')).length, 0, 'nothing runs before the confirm');
  await screenshot(page, 'data-protection-anonymise-confirm');
  clean(await axe(page), 'the anonymise confirm');
  await page.getByRole('button', { name: 'Yes, anonymise 1 person' }).click();
  await page.waitForSelector('[data-run-result]');
  assert.match(await page.locator('[data-run-result]').innerText(), /^1 person anonymised on 25 November 2026/);
  const party = JSON.parse(JSON.stringify((await calls(page, 'run_retention'))[0].args.input.partyIds));
  assert.equal(party.length, 1);
  assert.equal(await page.locator('[data-none-due]').count(), 1, 'no one is due any more');
  clean(await axe(page), 'after the anonymisation');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an officer has no Data protection item and is refused plainly at the route', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/search' });
  assert.equal(await page.locator('#side-nav a[href="#/settings/data-protection"]').count(), 0);
  await page.evaluate(() => { location.hash = '#/settings/data-protection'; });
  await page.waitForSelector('[data-forbidden]');
  assert.match(await page.locator('[data-forbidden]').innerText(), /Your role cannot use the data protection settings\.[\s\S]*a recovery officer may not back up and restore/);
  assert.equal(await page.locator('[data-backups], [data-retention]').count(), 0);
  clean(await axe(page), 'Data protection refused');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a team leader previews retention but has no backups, run or release', async () => {
  const page = await openScreen('team_leader');
  assert.equal(await page.locator('[data-backups]').count(), 0);
  assert.equal(await page.locator('[data-years]').count(), 0, 'the years are not editable');
  await page.getByRole('button', { name: 'Preview who is due' }).click();
  await page.waitForSelector('[data-due]');
  assert.equal(await page.getByRole('button', { name: /Anonymise/ }).count(), 0);
  assert.equal(await page.locator('[data-form="release"]').count(), 0);
  clean(await axe(page), 'Data protection for a team leader');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a team leader makes a subject access export from the person screen and sees the two files', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${JANE}`, fixtures: as('team_leader') });
  await page.waitForSelector('person-data-protection [data-action="sar"]');
  await page.getByRole('button', { name: 'Subject access export' }).click();
  await page.waitForSelector('[data-sar]');
  assert.equal(await page.locator('[data-sar-json]').innerText(), `${DATA}/signed-in-files/subject-access/subject-access-${JANE}-20261125.json`);
  assert.equal(await page.locator('[data-sar-pdf]').innerText(), `${DATA}/signed-in-files/subject-access/subject-access-${JANE}-20261125.pdf`);
  assert.match(await page.locator('[data-sar]').innerText(), /\(1 account, 2 ledger entries, 0 audit entries\)/);
  assert.deepEqual((await calls(page, 'subject_access_export')).map((c) => c.args.input), [{ partyId: JANE }]);
  await page.locator('person-data-protection').scrollIntoViewIfNeeded();
  await screenshot(page, 'person-subject-access');
  clean(await axe(page), 'the person screen after a subject access export');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an officer places a legal hold from the person screen but has no export', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${JANE}` });
  await page.waitForSelector('person-data-protection section');
  assert.equal(await page.locator('[data-action="sar"]').count(), 0);
  await page.locator('person-data-protection summary').click();
  await page.getByRole('button', { name: 'Place the legal hold' }).click();
  await page.waitForSelector('[data-form="legal-hold"] .govuk-error-summary');
  assert.ok(await page.locator('[data-form="legal-hold"] [data-field="reason"]').evaluate((g) => g.classList.contains('govuk-form-group--error')));
  await page.locator('#legal-hold-kind').selectOption('dispute');
  await page.locator('#legal-hold-reason').fill('Disputes the 2024/25 bill');
  await page.getByRole('button', { name: 'Place the legal hold' }).click();
  await page.waitForSelector('[data-dp-message]');
  assert.equal(await page.locator('[data-dp-message]').innerText(), 'Dispute legal hold placed.');
  assert.match(await page.locator('person-data-protection [data-legal-holds]').innerText(), /Dispute: Disputes the 2024\/25 bill/);
  assert.deepEqual((await calls(page, 'place_legal_hold')).at(-1).args.input, { partyId: JANE, kind: 'dispute', reason: 'Disputes the 2024/25 bill' });
  clean(await axe(page), 'the person screen after a legal hold');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
