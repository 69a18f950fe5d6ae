// UI tests of letters: Settings → Letters (list, Check with problems by line, preview, save a version, history), the person screen's Letters section (statuses, view, reprint, send a letter with the facts form), and print runs (gather, a long run with progress and Stop, print file, dispatch, cancel); axe-core on each; screenshots for docs/letters/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite, openApp, calls, problems, axe, screenshot, JANE, CT_ACCOUNT } from './harness.mjs';

const ctx = suite({ before, after });
const here = path.dirname(fileURLToPath(import.meta.url));
const DOCS = path.resolve(here, '../../docs/letters');

function clean(violations, where) {
  assert.deepEqual(violations, [], `axe found WCAG A/AA violations on ${where}:\n${violations.join('\n')}`);
}

/** A screenshot for the docs of the page or one part of it (only when DOCS_SCREENSHOTS=1, so test runs do not rewrite checked-in files). */
async function docShot(page, name, part) {
  await screenshot(page, name);
  if (process.env.DOCS_SCREENSHOTS) {
    fs.mkdirSync(DOCS, { recursive: true });
    const file = path.join(DOCS, `${name}.png`);
    if (part) await page.locator(part).screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
  }
}

test('Settings → Letters lists every template with its version and who changed it', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/settings/letters' });
  await page.waitForSelector('.app-templates tbody tr');
  assert.equal(await page.title(), 'Letters – Recovery Desk');
  const rows = await page.locator('.app-templates tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.innerText.replace(/\s+/g, ' ').trim())));
  assert.deepEqual(rows[0], ['Council Tax final notice ct_final_notice', 'Final notice', 'Council Tax', 'English', '3', 'Edited by a.officer, 20 Nov 2026, 10:42']);
  assert.deepEqual(rows[2].slice(3, 6), ['Welsh and English', '1', 'As shipped (not used yet)']);
  assert.equal(rows[3][2], 'Housing Benefit overpayment');
  assert.match(await page.locator('#side-nav').innerText(), /Settings\s*Letters/);
  clean(await axe(page), 'the list of letter templates');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('Check names each problem and its line, links to it, and a clean template previews and saves as a new version', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/settings/letters' });
  await page.getByRole('link', { name: 'Council Tax final notice' }).click();
  await page.waitForSelector('#template-body');
  assert.equal(await page.locator('h1').innerText(), 'Council Tax final notice');
  assert.match(await page.locator('.app-template-facts').innerText(), /Version\s+3/);
  const versions = await page.locator('.app-template-versions tbody tr').allInnerTexts();
  assert.equal(versions.length, 3);
  assert.match(versions[1], /2\s+1 Sep 2026, 09:00\s+t\.leader\s+Open version 2/);

  // A typo in a merge field: Check lists it with its line, and the link selects that line.
  const body = await page.locator('#template-body').inputValue();
  await page.locator('#template-body').fill(body.replace('notice.pay_by', 'notice.pay_byy'));
  await page.getByRole('button', { name: 'Check' }).click();
  await page.waitForSelector('error-summary .govuk-error-summary');
  assert.equal(await page.locator('.govuk-error-summary__title').innerText(), 'This template has a problem');
  const item = page.locator('.govuk-error-summary__list a');
  assert.equal(await item.innerText(), "Line 13: unknown merge field 'notice.pay_byy' (did you mean 'notice.pay_by'?)");
  assert.equal(await page.evaluate(() => document.activeElement.closest('.govuk-error-summary') !== null), true, 'the summary takes focus');
  assert.match(await page.locator('#template-body-error').innerText(), /There is a problem on line 13/);
  assert.ok(await page.locator('[data-field="body"]').evaluate((g) => g.classList.contains('govuk-form-group--error')));
  clean(await axe(page), 'a template with a problem');
  await item.click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'template-body');
  const selected = await page.evaluate(() => {
    const t = document.activeElement;
    return t.value.slice(t.selectionStart, t.selectionEnd);
  });
  assert.equal(selected, 'You must pay **{{ notice.total | money }}** by **{{ notice.pay_byy | date }}**.', 'line 13 is selected');
  // Saving is refused while the problem is there.
  await page.getByRole('button', { name: 'Save as version 4' }).click();
  await page.waitForSelector('error-summary .govuk-error-summary');
  assert.equal((await calls(page, 'save_letter_template')).length, 0);

  // Fixed: Check is clean, the preview shows the demo case as page images, and Open PDF hands the PDF to the viewer.
  await page.locator('#template-body').fill(body);
  await page.getByRole('button', { name: 'Check' }).click();
  await page.waitForSelector('text=No problems found');
  assert.equal(await page.locator('error-summary .govuk-error-summary').count(), 0);
  await page.getByRole('button', { name: 'Preview with the demo case' }).click();
  await page.waitForSelector('letter-pages img');
  assert.equal(await page.locator('letter-pages img').getAttribute('alt'), 'Page 1 of 1 of Council Tax final notice');
  assert.match(await page.locator('letter-pages img').getAttribute('src'), /^data:image\/svg\+xml;charset=utf-8,/);
  const naturalWidth = await page.locator('letter-pages img').evaluate((img) => img.decode().then(() => img.naturalWidth));
  assert.ok(naturalWidth > 0, 'the page image draws');
  await docShot(page, 'settings-letters');
  clean(await axe(page), 'a template preview');
  await page.getByRole('button', { name: /^Open PDF/ }).click();
  await page.waitForSelector('text=Opened in your PDF viewer');
  const opened = await calls(page, 'open_pdf');
  assert.deepEqual(opened.map((c) => c.args.input.title), ['Council Tax final notice']);
  assert.match(opened[0].args.input.pdf, /^JVBERi0/);

  await page.getByRole('button', { name: 'Save as version 4' }).click();
  await page.waitForSelector('.app-flash');
  assert.match(await page.locator('.app-flash').innerText(), /Council Tax final notice saved as version 4\. New letters use it from now on\./);
  assert.deepEqual((await calls(page, 'save_letter_template')).map((c) => c.args.input.body), [body]);
  assert.match(await page.locator('.app-template-facts').innerText(), /Version\s+4/);
  assert.equal(await page.locator('.app-template-versions tbody tr').count(), 4);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an older version opens read for restoring, saying which is newest', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/settings/letters/ct_final_notice?version=2' });
  await page.waitForSelector('#template-body');
  assert.match(await page.locator('.govuk-inset-text').innerText(), /You are looking at version 2\. The newest is version 3\.\s+Saving this text makes it version 4/);
  assert.match(await page.locator('#template-body').inputValue(), /before \*\*/);
  assert.deepEqual((await calls(page, 'letter_template')).map((c) => c.args.input), [{ name: 'ct_final_notice', version: 2 }]);
  clean(await axe(page), 'an older template version');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

async function openJane() {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${JANE}` });
  await page.waitForSelector('.app-letters__table tbody tr');
  return page;
}

test('the person screen lists their letters with version and status, and views and reprints one', async () => {
  const page = await openJane();
  const rows = await page.locator('.app-letters__table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].slice(0, 4).map((c) => c.innerText.replace(/\s+/g, ' ').trim())));
  assert.deepEqual(rows[0], ['24 Nov 2026', 'Council Tax final notice ct_final_notice version 3 · 1 page · by a.officer', '50012345', 'Waiting for a print run']);
  assert.deepEqual(rows[1], ['2 Oct 2026', 'Final notice 2026/27 ct_final_notice version 2 · 2 pages · by batch', '50012345', 'Dispatched Run LR-0A1B2C3D Posted 3 Oct 2026']);
  assert.equal(rows[2][3], 'Issued');
  assert.equal(await page.getByRole('link', { name: 'Run LR-0A1B2C3D' }).getAttribute('href'), '#/runs/0193b000-0000-7000-8000-00000a1b2c3d');

  await page.getByRole('button', { name: 'View Final notice 2026/27 of 2 Oct 2026' }).click();
  await page.waitForSelector('letter-pages[data-view] img');
  assert.match(await page.locator('letter-pages[data-view] h3').innerText(), /Final notice 2026\/27, issued 2 Oct 2026/);
  assert.equal(await page.locator('letter-pages[data-view] [data-pdf]').count(), 0, 'a view has no PDF: Reprint gives the exact one');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H3');

  await page.getByRole('button', { name: 'Reprint Final notice 2026/27 of 2 Oct 2026' }).click();
  await page.waitForSelector('letter-pages[data-view] h3:text("Reprint")');
  assert.deepEqual((await calls(page, 'reprint_letter')).map((c) => c.args.input), [{ documentId: '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a8002' }]);
  await page.locator('letter-pages[data-view]').getByRole('button', { name: /^Print/ }).click();
  await page.waitForSelector('text=Sent to the printer');
  assert.equal((await calls(page, 'print_pdf'))[0].args.input.title, 'Final notice 2026/27');
  clean(await axe(page), 'the person screen with a letter open');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a letter that came back undelivered is recorded with why and when, and shows as returned', async () => {
  const page = await openJane();
  await page.getByRole('button', { name: 'Returned undelivered: Final notice 2026/27 of 2 Oct 2026' }).click();
  await page.waitForSelector('#returned-title');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'gone_away', 'focus on the first reason');
  clean(await axe(page), 'the returned-mail form');
  await page.getByLabel('Not known at this address').check();
  await page.locator('#returned-on').fill('2026-10-20');
  await docShot(page, 'person-returned-mail', 'person-letters');
  await page.getByRole('button', { name: 'Record returned mail' }).click();
  await page.waitForSelector('text=is on the worklist');
  assert.deepEqual((await calls(page, 'record_returned_mail')).map((c) => c.args.input), [
    { documentId: '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a8002', reason: 'not_known_at_address', returnedOn: '2026-10-20' },
  ]);
  const row = await page.locator('.app-letters__table tbody tr').nth(1).innerText();
  assert.match(row, /Returned 20 Oct 2026\s+Not known at this address/);
  assert.equal(await page.getByRole('button', { name: 'Returned undelivered: Final notice 2026/27 of 2 Oct 2026' }).count(), 0, 'recorded once');
  assert.match(await page.locator('[data-flash]').innerText(), /"Returned mail: Final notice 2026\/27 \(not known at this address\)" is on the worklist/);
  assert.equal(await page.locator('#returned-title').count(), 0, 'the form closes');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('Send a letter: templates for the account, facts from the ledger, preview, errors by field, issue', async () => {
  const page = await openJane();
  await page.getByRole('button', { name: 'Send a letter' }).click();
  await page.waitForSelector('#letter-fact-total');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'letter-send-title');
  const options = await page.locator('#letter-template option').allInnerTexts();
  assert.deepEqual(options, ['Council Tax final notice', 'Council Tax reminder notice', 'Hysbysiad atgoffa Treth Gyngor / Council Tax reminder notice']);
  assert.deepEqual((await calls(page, 'letter_form')).map((c) => c.args.input), [{ templateName: 'ct_final_notice', accountId: CT_ACCOUNT }]);
  assert.equal(await page.locator('#letter-fact-total').inputValue(), '1234.50');
  assert.equal(await page.locator('#letter-fact-amounts').inputValue(), 'Council Tax 2025/26 613.70\nCouncil Tax 2026/27 620.80');
  assert.equal(await page.locator('label[for="letter-fact-costs"]').innerText(), 'Costs (optional)');

  await page.locator('#letter-fact-pay_by, #letter-fact-pay-by').fill('2/12/2026');
  await page.locator('#letter-fact-court-action-from').fill('3/12/2026');
  await page.evaluate(() => {
    window.__fake.reject.preview_letter = [{ code: 'validation', field: 'facts.court_action_from', message: "'3/12/2026' is before the pay-by date" }];
  });
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await page.waitForSelector('#letter-send error-summary .govuk-error-summary');
  assert.match(await page.locator('#letter-send .govuk-error-summary__list').innerText(), /'3\/12\/2026' is before the pay-by date/);
  assert.ok(await page.locator('[data-field="facts.court_action_from"]').evaluate((g) => g.classList.contains('govuk-form-group--error')));
  assert.equal(await page.locator('#letter-fact-court-action-from').getAttribute('aria-describedby'), 'letter-fact-court-action-from-hint letter-fact-court-action-from-error');
  clean(await axe(page), 'the send-a-letter form with an error');

  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await page.waitForSelector('letter-pages[data-preview] img');
  const previewed = (await calls(page, 'preview_letter')).at(-1).args.input;
  assert.equal(previewed.templateName, 'ct_final_notice');
  assert.equal(previewed.accountId, CT_ACCOUNT);
  assert.deepEqual(previewed.facts, {
    financial_year: '2026/27', pay_by: '2/12/2026', court_action_from: '3/12/2026',
    amounts: 'Council Tax 2025/26 613.70\nCouncil Tax 2026/27 620.80', costs: '', total: '1234.50', officer_name: '', officer_title: '',
  });
  assert.equal(await page.locator('#letter-send error-summary .govuk-error-summary').count(), 0, 'errors clear on success');
  await docShot(page, 'person-send-letter', '#letter-send');
  clean(await axe(page), 'the send-a-letter preview');

  await page.getByLabel('With the next print run from the post room').check();
  await page.getByRole('button', { name: 'Issue letter' }).click();
  await page.waitForSelector('text=Council Tax final notice issued on 25 Nov 2026.');
  const sent = (await calls(page, 'send_letter'))[0].args.input;
  assert.equal(sent.withPrintRun, true);
  assert.equal(await page.locator('#letter-send').isHidden(), true);
  const first = await page.locator('.app-letters__table tbody tr').first().innerText();
  assert.match(first, /25 Nov 2026\s+Council Tax final notice/);
  assert.match(first, /Waiting for a print run/);
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H3', 'focus moves to the issued letter');
  await docShot(page, 'person-letters', 'person-letters');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an HB account offers only its own letters, and Escape closes the form', async () => {
  const page = await openJane();
  await page.getByRole('button', { name: 'Send a letter' }).click();
  await page.waitForSelector('#letter-fact-total');
  await page.selectOption('#letter-account', '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a3002');
  await page.waitForFunction(() => document.querySelectorAll('#letter-template option').length === 1);
  assert.deepEqual(await page.locator('#letter-template option').allInnerTexts(), ['Housing Benefit overpayment reminder']);
  await page.waitForSelector('label[for="letter-fact-officer-name"]');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#letter-send').isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'send');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('print runs: waiting letters gathered into a run, and the runs listed', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/runs' });
  await page.waitForSelector('.app-runs tbody tr');
  const runs = await page.locator('.app-runs tbody tr').allInnerTexts();
  assert.match(runs[0], /LR-FFEE0011\s+Council Tax final notice run\s+24 Nov 2026\s+18,432\s+Ready to print/);
  assert.match(runs[2], /Dispatched 3 Oct 2026/);
  const groups = await page.locator('#gather-groups label').allInnerTexts();
  assert.deepEqual(groups, ['Council Tax final notice, issued 24 Nov 2026: 14 letters', 'Housing Benefit overpayment reminder, issued 23 Nov 2026: 3 letters']);
  clean(await axe(page), 'the print runs screen');
  await docShot(page, 'print-runs');
  await page.getByLabel('Housing Benefit overpayment reminder, issued 23 Nov 2026: 3 letters').uncheck();
  await page.locator('#gather-title').fill('Wednesday post');
  await page.getByRole('button', { name: 'Make a print run' }).click();
  await page.waitForSelector('h1:text("Wednesday post")');
  assert.deepEqual((await calls(page, 'gather_letter_run'))[0].args.input, {
    groups: [{ templateName: 'ct_final_notice', issuedOn: '2026-11-24' }], title: 'Wednesday post', order: 'postcode',
  });
  assert.match(await page.locator('.app-run-facts').innerText(), /Letters\s+14/);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a long run shows its progress, keeps the screen usable, and can be stopped', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/runs' });
  await page.waitForSelector('form[data-form="many"] #many-fact-pay-by');
  await page.evaluate(() => { window.__fake.jobTotal = 20000; window.__fake.jobChunk = 1000; });
  await page.locator('#many-fact-pay-by').fill('2/12/2026');
  assert.match(await page.locator('#many-fact-total-hint').innerText(), /Leave blank to use each account's own figures/);
  await page.getByRole('button', { name: 'Start the run' }).click();
  await page.waitForSelector('progress#job-progress');
  const started = (await calls(page, 'start_letter_run'))[0].args.input;
  assert.equal(started.templateName, 'ct_final_notice');
  assert.equal(started.minBalance, '50.00');
  assert.equal(started.facts.pay_by, '2/12/2026');
  assert.equal(started.accountReferences, undefined);
  await page.waitForFunction(() => Number(document.querySelector('#job-progress')?.value) >= 2000);
  assert.match(await page.locator('#job-text').innerText(), /Issuing letters: [\d,]+ of 20,000/);
  // The screen answers while the run goes on.
  await page.locator('#many-refs').evaluate((el) => el.closest('[data-selection]').hidden);
  await page.getByLabel('The accounts I list').check();
  assert.equal(await page.locator('#many-refs').isVisible(), true);
  clean(await axe(page), 'a run in progress');
  await screenshot(page, 'print-run-progress');
  await page.getByRole('button', { name: 'Stop and cancel the run' }).click();
  await page.waitForSelector('.app-flash');
  assert.match(await page.locator('.app-flash').innerText(), /Stopped\. Run LR-5709FED0 is cancelled: the [\d,]+ letters it had issued are withdrawn\./);
  assert.equal(await page.evaluate(() => location.hash), '#/runs/run-stopped');
  assert.equal((await calls(page, 'stop_letter_job')).length, 1);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a finished run lists who was left out; its print file is made, opened and its dispatch recorded', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/runs' });
  await page.waitForSelector('form[data-form="many"] #many-fact-pay-by');
  await page.evaluate(() => { window.__fake.jobTotal = 3; window.__fake.jobChunk = 3; });
  await page.getByRole('button', { name: 'Start the run' }).click();
  await page.waitForSelector('.app-flash');
  assert.match(await page.locator('.app-flash').innerText(), /1 letter issued in run LR-0000BEEF\. 2 accounts were left out\./);
  await page.locator('.govuk-details__summary').click();
  assert.match(await page.locator('.govuk-details__text').innerText(), /50099999: recovery is on hold \(breathing space\)/);

  await page.getByRole('button', { name: 'Make the print file' }).click();
  await page.waitForSelector('text=Print file ready');
  assert.match(await page.locator('.app-flash').innerText(), /Print file ready: 1 letter, 3 pages with the cover sheet\./);
  await page.getByRole('button', { name: 'Open print file' }).click();
  await page.waitForSelector('text=Opened in your PDF viewer');
  assert.deepEqual((await calls(page, 'open_print_file')).map((c) => c.args.input), [{ runId: 'run-made' }]);
  clean(await axe(page), 'a run page with its print file');
  await docShot(page, 'print-run');

  await page.locator('#dispatch-on').fill('2026-11-26');
  await page.getByRole('button', { name: 'Record dispatch' }).click();
  await page.waitForSelector('#dispatch-on-error:not([hidden])');
  assert.match(await page.locator('#dispatch-on-error').innerText(), /Date posted cannot be after today/);
  clean(await axe(page), 'dispatch with an error');
  await page.locator('#dispatch-on').fill('2026-11-25');
  await page.getByRole('button', { name: 'Record dispatch' }).click();
  await page.waitForSelector('text=Dispatch of run LR-0000BEEF recorded for 25 Nov 2026.');
  assert.match(await page.locator('.app-run-facts').innerText(), /Status\s+Dispatched/);
  assert.equal(await page.getByRole('button', { name: 'Cancel run' }).count(), 0, 'a dispatched run cannot be cancelled');
  assert.equal(await page.getByRole('button', { name: 'Record dispatch' }).count(), 0);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a run is cancelled only after asking, and says what happens to its letters', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/runs/0193b000-0000-7000-8000-0000ffee0011' });
  await page.waitForSelector('h1');
  assert.match(await page.locator('section[aria-labelledby="cancel-title"]').innerText(), /The letters this run issued are withdrawn/);
  await page.getByRole('button', { name: 'Cancel run' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Yes, cancel the run');
  assert.equal((await calls(page, 'cancel_letter_run')).length, 0);
  await page.keyboard.press('Enter');
  await page.waitForSelector('text=Run LR-FFEE0011 is cancelled.');
  assert.match(await page.locator('.app-run-facts').innerText(), /Status\s+Cancelled/);
  assert.equal(await page.getByRole('button', { name: 'Make the print file' }).count(), 0);
  clean(await axe(page), 'a cancelled run');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
