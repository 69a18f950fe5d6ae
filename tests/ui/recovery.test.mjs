// UI tests of the recovery engine's screens: Recovery runs (timetable, a preview as a job with a progress bar, filters, CSV, authorise refused by segregation of duties, commit as a job, reverse, dispatch, settings), Holds (list, release, treatment ended, record with its evidence), Worklist (mine, allocate, close) and the person screen's timetable under a hold; axe-core on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openApp, calls, problems, axe, screenshot, JANE, CT_ACCOUNT } from './harness.mjs';

const ctx = suite({ before, after });

function clean(violations, where) {
  assert.deepEqual(violations, [], `axe found WCAG A/AA violations on ${where}:\n${violations.join('\n')}`);
}

async function rows(page, css) {
  return page.locator(`${css} tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.innerText.replace(/\s+/g, ' ').trim())));
}

async function previewReminderRun(page) {
  await page.locator('#rr-run').selectOption('council_tax|reminder');
  await page.getByRole('button', { name: 'Preview the run' }).click();
  await page.waitForSelector('#rr-job-progress');
  await page.waitForSelector('.app-flash');
  await page.waitForSelector('.app-rr-items tbody tr');
}

test('the side navigation has the worklist, recovery runs and holds', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/recovery-runs' });
  await page.waitForSelector('.app-rr-timetable tbody tr');
  assert.deepEqual(await page.locator('#side-nav a').allInnerTexts(), ['Search', 'Worklist', 'Recovery runs', 'Holds', 'Court', 'Print runs', 'Settings\nLetters', 'Settings\nAudit log']);
  assert.equal(await page.locator('#side-nav [aria-current]').innerText(), 'Recovery runs');
  assert.equal(await page.title(), 'Recovery runs – Recovery Desk');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the timetable lists every run each debt has, with the team’s days, the next run and the last one', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/recovery-runs' });
  await page.waitForSelector('.app-rr-timetable tbody tr');
  const table = await rows(page, '.app-rr-timetable');
  assert.equal(table.length, 13, 'council tax 4, business rates 3, three invoice debts 2 each');
  assert.deepEqual(table[0].slice(0, 3), ['Council Tax', 'Reminder notice', 'Tuesday']);
  assert.match(table[0][3], /^1 Dec 2026/);
  assert.match(table[0][4], /^25 Nov 2026 .*Awaiting authorisation$/);
  assert.equal(table[0][5], '£5.00');
  assert.match(table[2][3], /25 Nov 2026 Due today/, 'final notices on Wednesdays: today');
  assert.match(table[4][1], /No letter: notices made elsewhere/, 'business rates have no template yet');
  const runs = await rows(page, '.app-rr-runs');
  assert.equal(runs.length, 2);
  assert.match(runs[1].join(' '), /Council Tax: Reminder notice Cancelled/);
  await screenshot(page, 'recovery-runs');
  clean(await axe(page), 'the Recovery runs screen');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a preview runs as a job with a progress bar and lists every candidate in or out with the reason and the regulation', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/recovery-runs' });
  await page.waitForSelector('.app-rr-timetable tbody tr');
  await previewReminderRun(page);
  assert.deepEqual((await calls(page, 'start_run_preview')).map((c) => c.args.input), [{ runType: 'reminder', debtType: 'council_tax' }]);
  assert.ok((await calls(page, 'recovery_job')).length >= 3, 'the screen polled the job');
  assert.match(await page.locator('.app-flash').innerText(), /Preview ready: 2 cases in the run \(£450\.00\), 4 left out\./);
  assert.match(await page.locator('h1').innerText(), /Reminder notice\s+Council Tax/);
  assert.match(await page.locator('.app-run-facts').innerText(), /Awaiting authorisation[\s\S]*2 cases, £450\.00[\s\S]*Prepared[\s\S]*a\.officer/);
  const table = await rows(page, '.app-rr-items');
  assert.deepEqual(table.map((r) => [r[0], r[3]]), [
    ['50012345', 'Out On hold'],
    ['CT00000101', 'In'],
    ['CT00000103', 'In'],
    ['CT00000104', 'Out In an arrangement'],
    ['CT00000105', 'Out Below the minimum'],
    ['CT00000106', 'Out On hold'],
  ]);
  assert.match(table[0][4], /Breathing Space/);
  assert.match(table[0][5], /SI 2020\/1311/);
  assert.equal(table[2][6], '£300.00');
  clean(await axe(page), 'a previewed run');
  await screenshot(page, 'recovery-run-preview');

  // Filters: only those in, then one reason.
  await page.getByLabel(/^In the run \(2\)/).check();
  await page.waitForFunction(() => document.querySelectorAll('.app-rr-items tbody tr').length === 2);
  assert.match(await page.locator('.app-rr-items caption').innerText(), /Cases 1 to 2 of 2/);
  await page.locator('#rr-reason').selectOption('hold');
  await page.waitForFunction(() => [...document.querySelectorAll('.app-rr-items tbody tr')].every((tr) => tr.innerText.includes('On hold')));
  assert.equal(await page.locator('#rr-show-out').isChecked(), true, 'a reason is a kind of left out');
  assert.deepEqual((await calls(page, 'run_items')).slice(-2).map((c) => c.args.input), [
    { runId: (await calls(page, 'run_view'))[0].args.input.runId, selected: true, offset: 0, limit: 100 },
    { runId: (await calls(page, 'run_view'))[0].args.input.runId, selected: false, exclusion: 'hold', offset: 0, limit: 100 },
  ]);
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await page.waitForSelector('text=Saved: /home/a.officer/.local/share/uk.recoverydesk.app/run-exports/');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a bad minimum comes back from the preview job as an error on its field', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/recovery-runs' });
  await page.waitForSelector('.app-rr-timetable tbody tr');
  await page.locator('form[data-form="preview"] summary').click();
  await page.locator('#rr-min').fill('5.001');
  await page.getByRole('button', { name: 'Preview the run' }).click();
  await page.waitForSelector('error-summary .govuk-error-summary');
  assert.match(await page.locator('.govuk-error-summary__list').innerText(), /'5\.001' is not an amount of money/);
  assert.ok(await page.locator('[data-field="minimumAmount"]').evaluate((g) => g.classList.contains('govuk-form-group--error')));
  await page.locator('#rr-limit').fill('ten');
  await page.getByRole('button', { name: 'Preview the run' }).click();
  await page.waitForFunction(() => document.querySelector('.govuk-error-summary__list')?.innerText.includes('Select at most must be a whole number'));
  clean(await axe(page), 'the preview form with an error');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the preparer is refused authorisation by segregation of duties; another officer authorises, commits, and the run is reversed', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/recovery-runs' });
  await page.waitForSelector('.app-rr-timetable tbody tr');
  await previewReminderRun(page);
  assert.match(await page.locator('.app-rr-segregation').innerText(), /You prepared this run/);
  await page.getByRole('button', { name: 'Authorise the run' }).click();
  await page.waitForSelector('[data-refusal]');
  const refusal = await page.locator('[data-refusal]').innerText();
  assert.match(refusal, /You cannot authorise this run/);
  assert.match(refusal, /a\.officer prepared this run; another officer must authorise it \(Council policy: segregation of duties\)/);
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-refusal')), true, 'the refusal takes focus');
  clean(await axe(page), 'a refused authorisation');
  await screenshot(page, 'recovery-run-refused');

  await page.evaluate(() => { window.__fake.user = 't.leader'; });
  await page.getByRole('button', { name: 'Authorise the run' }).click();
  await page.waitForSelector('text=Run authorised by t.leader');
  assert.match(await page.locator('.app-run-facts').innerText(), /Authorised[\s\S]*t\.leader/);
  await page.getByRole('button', { name: 'Commit the run' }).click();
  await page.waitForSelector('#rr-job-progress');
  await page.waitForSelector('text=Run committed');
  assert.match(await page.locator('.app-flash').innerText(), /Run committed: 2 notices, 2 letters, costs £0\.00\./);
  assert.deepEqual((await calls(page, 'start_run_commit')).map((c) => Object.keys(c.args.input)), [['runId', 'issueLetters']]);
  assert.equal((await calls(page, 'start_run_commit'))[0].args.input.issueLetters, true);
  assert.equal(await page.locator('.app-run-facts .govuk-tag').innerText(), 'Committed');
  await page.waitForSelector('.app-rr-items th:has-text("At commit")');
  clean(await axe(page), 'a committed run');

  // Reverse: the reason is required.
  await page.getByRole('button', { name: 'Reverse the run' }).click();
  await page.waitForSelector('form[data-form="reverse"] .govuk-error-summary');
  assert.match(await page.locator('form[data-form="reverse"] .govuk-error-summary__list').innerText(), /Say why the run is reversed/);
  await page.locator('#rr-reverse-reason').fill('Wrong letter template');
  await page.getByRole('button', { name: 'Reverse the run' }).click();
  await page.waitForSelector('text=The run is reversed');
  assert.equal(await page.locator('.app-run-facts .govuk-tag').innerText(), 'Reversed');
  assert.deepEqual((await calls(page, 'reverse_run')).map((c) => c.args.input.reason), ['', 'Wrong letter template']);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a committed run marked as dispatched can no longer be reversed', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/recovery-runs' });
  await page.waitForSelector('.app-rr-timetable tbody tr');
  await page.evaluate(() => { window.__fake.user = 't.leader'; });
  await previewReminderRun(page);
  await page.getByRole('button', { name: 'Authorise the run' }).click();
  await page.waitForSelector('text=Run authorised');
  await page.getByRole('button', { name: 'Commit the run' }).click();
  await page.waitForSelector('text=Run committed');
  await page.getByRole('button', { name: 'Mark as dispatched' }).click();
  await page.waitForSelector('text=It can no longer be reversed');
  assert.equal(await page.locator('.app-run-facts .govuk-tag').innerText(), 'Dispatched');
  assert.equal(await page.getByRole('button', { name: 'Reverse the run' }).count(), 0);
  assert.match(await page.locator('.app-rr-final').innerText(), /can no longer be reversed/);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('run settings save the days, the minimums and segregation of duties, and refuse a bad amount on its field', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/recovery-runs' });
  await page.waitForSelector('form[data-form="settings"]', { state: 'attached' });
  await page.locator('[data-settings] summary').click();
  await page.locator('#rs-min-reminder').fill('five');
  await page.getByRole('button', { name: 'Save run settings' }).click();
  await page.waitForSelector('form[data-form="settings"] .govuk-error-summary');
  assert.match(await page.locator('#rs-min-reminder-error').innerText(), /'five' is not an amount of money/);
  clean(await axe(page), 'the run settings with an error');
  await page.locator('#rs-min-reminder').fill('10.00');
  await page.locator('#rs-segregation').uncheck();
  await page.locator('#rs-day-0-1').check();
  await page.getByRole('button', { name: 'Save run settings' }).click();
  await page.waitForSelector('text=Run settings saved.');
  const saved = (await calls(page, 'save_recovery_settings')).at(-1).args.input;
  assert.equal(saved.segregationOfDuties, false);
  assert.equal(saved.minimums.reminder, '10.00');
  assert.deepEqual(saved.runDays[0], { debtType: 'council_tax', runType: 'reminder', weekdays: [1, 2] });
  assert.equal(saved.runDays.length, 13);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the Holds screen lists the holds open today and releases one with a reason', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/holds' });
  await page.waitForSelector('.app-holds tbody tr');
  const table = await rows(page, '.app-holds');
  assert.equal(table.length, 5);
  const jane = table.find((r) => r[1].startsWith('Mrs Jane Smith'));
  assert.match(jane[0], /Breathing Space \(standard\) In force/);
  assert.equal(jane[2], '10 Nov 2026');
  assert.match(jane[3], /2027/);
  assert.match(jane[5], /BS-2026-11402/);
  const mhc = table.find((r) => r[0].startsWith('Breathing Space (mental health crisis)'));
  assert.match(mhc[3], /30 days after crisis treatment ends/);
  assert.match(table.find((r) => r[1].startsWith('Account CT00000102'))[4], /20 Nov 2026 Overdue/);
  await screenshot(page, 'holds');
  clean(await axe(page), 'the Holds screen');

  const davis = page.locator('.app-holds tbody tr', { hasText: 'CT00000102' });
  await davis.getByRole('button', { name: /^Release/ }).click();
  await page.waitForSelector('form[data-form="release"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'hold-released-on');
  assert.equal(await page.locator('#hold-released-on').inputValue(), '2026-11-25');
  await page.getByRole('button', { name: 'Release the hold' }).click();
  await page.waitForSelector('form[data-form="release"] .govuk-error-summary');
  assert.match(await page.locator('#hold-release-reason-error').innerText(), /Say why the hold is lifted/);
  clean(await axe(page), 'the release form with an error');
  await page.locator('#hold-release-reason').fill('Receipt checked: the instalment was paid');
  await page.getByRole('button', { name: 'Release the hold' }).click();
  await page.waitForSelector('text=hold released from 25 Nov 2026');
  assert.equal(await page.locator('.app-holds tbody tr').count(), 4);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a mental health crisis moratorium records the end of treatment and shows its last day', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/holds' });
  await page.waitForSelector('.app-holds tbody tr');
  await page.getByRole('button', { name: /^Treatment ended/ }).click();
  await page.locator('#hold-treatment-ended').fill('2026-11-20');
  await page.locator('#hold-treatment-evidence').fill('Email from the AMHP');
  await page.getByRole('button', { name: 'Record the end of treatment' }).click();
  await page.waitForSelector('text=Treatment ended 20 Nov 2026: the moratorium ends on 20 Dec 2026.');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a hold is recorded from the person with its evidence: the form asks only what its kind needs', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${JANE}` });
  await page.waitForSelector('h1');
  await page.getByRole('button', { name: 'Record a hold' }).click();
  await page.waitForSelector('form[data-form="record"]');
  assert.equal(await page.locator('h1').innerText(), 'Record a hold');
  assert.equal(await page.locator('#hold-registered-on').isVisible(), true, 'Breathing Space asks for the register entry');
  assert.equal(await page.locator('#hold-starts-on').isVisible(), false);
  // A Breathing Space without the day entered on the register is refused on that field.
  await page.locator('#hold-reason').fill('Standard moratorium');
  await page.getByRole('button', { name: 'Record the hold' }).click();
  await page.waitForSelector('error-summary .govuk-error-summary');
  await page.locator('.govuk-error-summary__list a').click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'hold-registered-on');
  clean(await axe(page), 'the hold form with an error');

  await page.getByLabel('Dispute').check();
  assert.equal(await page.locator('#hold-registered-on').isVisible(), false);
  assert.equal(await page.locator('#hold-review-on').isVisible(), true, 'a dispute has a review date');
  await page.getByLabel(/Only account 50012345/).check();
  await page.locator('#hold-evidence').fill('Letter of 20 November 2026');
  await page.locator('#hold-reason').fill('Disputes the band');
  await page.getByRole('button', { name: 'Record the hold' }).click();
  await page.waitForSelector('.app-holds tbody tr');
  assert.match(await page.locator('.app-flash').innerText(), /Dispute recorded for Mrs Jane Smith, from 25 Nov 2026\. \d+ review tasks? raised\./);
  const sent = await page.evaluate(() => window.__recordedHold);
  assert.deepEqual(sent, {
    accountId: CT_ACCOUNT,
    kind: 'dispute',
    startsOn: '2026-11-25',
    noticeReceivedOn: '2026-11-25',
    reason: 'Disputes the band',
    evidence: 'Letter of 20 November 2026',
  });
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the worklist shows my tasks, lets a team leader allocate the queue and closes a task', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/worklist' });
  await page.waitForSelector('.app-worklist tbody tr');
  assert.match(await page.locator('[data-summary]').innerText(), /1 task due by 25 Nov 2026, 1 overdue\. Signed in as a\.officer\./);
  const mine = await rows(page, '.app-worklist');
  assert.match(mine[0][0], /20 Nov 2026 Overdue/);
  assert.match(mine[0][1], /Review the dispute hold/);
  clean(await axe(page), 'my worklist');

  await page.getByRole('link', { name: 'Not allocated' }).click();
  await page.waitForSelector('#wl-officer');
  const queue = await rows(page, '.app-worklist');
  assert.ok(queue.length >= 2, 'the unallocated queue');
  await screenshot(page, 'worklist');
  clean(await axe(page), 'the unallocated queue');
  await page.getByRole('button', { name: 'Allocate' }).click();
  await page.waitForSelector('text=Choose at least one task');
  await page.locator('#wl-pick-1').check();
  await page.locator('#wl-officer').selectOption({ label: 't.leader (team leader)' });
  await page.getByRole('button', { name: 'Allocate' }).click();
  await page.waitForSelector('text=1 task given to t.leader.');
  const allocate = (await calls(page, 'allocate_tasks')).at(-1).args.input;
  assert.equal(allocate.officer, 'user-t.leader');
  assert.equal(allocate.taskIds.length, 1);

  await page.getByRole('link', { name: 'My tasks' }).click();
  await page.waitForSelector('.app-worklist tbody tr');
  await page.getByRole('button', { name: /^Done/ }).click();
  await page.waitForSelector('text=Review the dispute hold: done.');
  assert.match(await page.locator('[data-empty]').innerText(), /Nothing is due for you today/);
  assert.deepEqual((await calls(page, 'close_task')).map((c) => c.args.input.status), ['done']);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a held person shows the banner and each account’s timetable: held, the next step with its regulation, the instalments paid and unpaid', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${JANE}` });
  await page.waitForSelector('account-timetable .app-timetable');
  assert.match(await page.locator('hold-banner').innerText(), /Recovery is on hold/);
  const ct = page.locator('account-timetable[account-id="' + CT_ACCOUNT + '"]');
  await ct.locator('.app-timetable').waitFor();
  assert.match(await ct.locator('.app-timetable__held').innerText(), /On hold[\s\S]*2026\/27:[\s\S]*Breathing Space[\s\S]*SI 2020\/1311/);
  const open = ct.locator('details[open]');
  assert.equal(await open.getAttribute('data-year'), '2026/27');
  const instalments = await rows(page, `account-timetable[account-id="${CT_ACCOUNT}"] details[open] .app-timetable__instalments`);
  assert.equal(instalments.length, 10);
  assert.deepEqual(instalments[0], ['1', '1 Apr 2026', '£188.40', '£188.40', '£0.00', 'Paid late']);
  assert.equal(instalments.at(-1)[5], 'Not yet due');
  assert.match(await ct.locator('[data-next]').innerText(), /Next step/);
  await screenshot(page, 'person-timetable');
  clean(await axe(page), 'the person screen with timetables');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
