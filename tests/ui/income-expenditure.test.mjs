// UI tests of the income and expenditure screen: starts from the latest statement with Rust's overview, keyboard entry (tab order, Enter to the next amount, the overview follows what is typed), problems beside their lines, save, history, SFS import (errors with their paths, nothing saved) and export, the summary PDF, and the person screen's card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite, openApp, calls, problems, screenshot, fixture, SCREENSHOTS, JANE, JOHN, ADVISER } from './harness.mjs';

const ctx = suite({ before, after });
const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLE_JSON = path.resolve(here, '../../src-tauri/core/data/sfs/sfs-summary-example-data.json');
const OLDER = '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a6001';
const LATEST = '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a6002';

/** The shipped example spoilt in two places, as tests/it/ui_fixtures_income_expenditure.rs spoils it. */
function brokenExample() {
  return fs.readFileSync(EXAMPLE_JSON, 'utf8')
    .replace('"dependent-children-under-16":1,', '"dependent-children-under-16":"one",')
    .replace('"housing-tenure": "Owner",', '"housing-tenure": "Castle",');
}

async function openIe(hash = `#/person/${JANE}/income-expenditure`, options = {}) {
  const page = await openApp(ctx.browser, ctx.server, { hash, ...options });
  await page.waitForSelector('ie-overview #ie-total-income');
  return page;
}

const text = (page, selector) => page.locator(selector).innerText();
const focusedId = (page) => page.evaluate(() => document.activeElement?.id);
const lastCompute = async (page) => (await calls(page, 'compute_income_expenditure')).at(-1).args.input;

test('the screen starts from the latest statement and shows Rust\'s overview, the pro-rata offers and the stale warning', async () => {
  const page = await openIe();
  assert.equal(await page.title(), 'Income and expenditure – Mrs Jane Smith – Recovery Desk');
  assert.equal(await page.inputValue('#ie-amount-client-salary-or-wages'), '1200.00');
  assert.equal(await page.inputValue('#ie-frequency-client-salary-or-wages'), 'four_weekly');
  assert.equal(await text(page, '#ie-monthly-client-salary-or-wages'), '£1,300.00');
  assert.equal(await text(page, '#ie-monthly-groceries'), '£346.67');
  assert.equal(await text(page, '#ie-monthly-rent'), '£600.00');
  assert.equal(await text(page, '#ie-monthly-gas'), '', 'a monthly figure is not repeated');
  assert.deepEqual(
    await Promise.all(['#ie-total-income', '#ie-total-expenditure', '#ie-disposable', '#ie-available-priority',
      '#ie-priority-offers', '#ie-available-non-priority', '#ie-council-affordable'].map((s) => text(page, s))),
    ['£1,650.00', '£1,480.00', '£170.00', '£160.00', '£60.00', '£100.00', '£59.27'],
  );
  const shares = await page.locator('#ie-shares tbody tr').allInnerTexts();
  assert.deepEqual(shares.map((r) => r.split('\t')), [
    ['Northbank credit card', '£42.86'], ['Catalogue Direct', '£30.01'], ['Quickloan', '£12.86'],
    ['Ashdown District Council: Housing Benefit overpayment HB-700123', '£14.27'],
  ]);
  assert.equal(await page.inputValue('#ie-non-priority-6-owed'), '333.00');
  assert.equal(await text(page, '#ie-non-priority-6-share'), '£14.27');
  assert.match(await text(page, '.app-ie-stale'), /latest statement, of 2 Mar 2026, was due for review on 2 Sep 2026/);
  assert.match(await text(page, '#ie-flag-food-housekeeping'), /Over guideline\s+The guideline for 1A2C is £330\.00\. Add a note/);
  assert.match(await text(page, '#ie-flag-personal'), /Within the guideline of £100\.00/);
  assert.equal(await text(page, '#ie-total-food-housekeeping'), '£346.67');
  assert.deepEqual(await page.locator('.app-ie-history__table tbody tr td:first-child').allInnerTexts(), ['2 Mar 2026 Latest', '10 Sep 2025']);

  // The form sends back what Rust gave it: every line as it came, in SFS order.
  const sent = await lastCompute(page);
  assert.deepEqual(sent.statement.lines, fixture('ie_new_jane').statement.lines);
  assert.equal(sent.statement.nonPriorityDebts[2].ccj, true);
  assert.equal(sent.takenOn, '2026-11-25');
  // The fake core's stand-in for compute_income_expenditure gives Rust's own figures for this statement.
  const fake = await page.evaluate((s) => window.__fakeMore('compute_income_expenditure', { statement: s }).value, fixture('ie_new_jane').statement);
  const rust = fixture('ie_view_jane');
  assert.deepEqual(fake.overview, rust.overview);
  assert.deepEqual(fake.non_priority_shares, rust.non_priority_shares);
  assert.deepEqual(fake.council_offer.affordable, rust.council_offer.affordable);
  assert.deepEqual(fake.groups, rust.groups);
  await screenshot(page, 'income-expenditure');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the README screenshot: the flexible costs with a guideline flag, and the overview beside them', async () => {
  const page = await openIe(undefined, { viewport: { width: 1400, height: 1050 } });
  await page.evaluate(() => document.getElementById('ie-part-flexible').scrollIntoView());
  const box = await page.locator('.app-ie-side').boundingBox();
  assert.ok(box.y >= 0 && box.y < 20, `the overview stays at the top of the window (y ${box.y})`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'income-expenditure-window.png') });
  await page.context().close();
});

test('keyboard: tab order follows the form, Enter goes to the next amount, and typing an amount updates the overview', async () => {
  const page = await openIe();
  await page.focus('#ie-taken-day');
  const order = [];
  for (let i = 0; i < 9; i += 1) {
    await page.keyboard.press('Tab');
    order.push(await focusedId(page));
  }
  assert.deepEqual(order, ['ie-taken-month', 'ie-taken-year', 'ie-client-name', 'ie-client-dob-day', 'ie-client-dob-month',
    'ie-client-dob-year', 'ie-address', 'ie-joint', 'ie-children-under16']);

  await page.focus('#ie-amount-client-salary-or-wages');
  const line = [];
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    line.push(await focusedId(page));
  }
  assert.deepEqual(line, ['ie-frequency-client-salary-or-wages', 'ie-note-client-salary-or-wages',
    'ie-amount-partner-salary-or-wages', 'ie-frequency-partner-salary-or-wages']);

  await page.keyboard.down('Shift');
  await page.keyboard.press('Tab');
  await page.keyboard.up('Shift');
  assert.equal(await focusedId(page), 'ie-amount-partner-salary-or-wages');
  await page.keyboard.type('100');
  await page.keyboard.press('Tab');
  await page.selectOption('#ie-frequency-partner-salary-or-wages', 'weekly');
  await page.waitForFunction(() => document.getElementById('ie-total-income').textContent === '£2,083.33');
  assert.equal(await text(page, '#ie-monthly-partner-salary-or-wages'), '£433.33');
  assert.equal(await text(page, '#ie-disposable'), '£603.33');
  assert.equal(await text(page, '#ie-available-non-priority'), '£533.33');
  assert.equal(await text(page, '#ie-total-earnings'), '£1,733.33');
  const sent = await lastCompute(page);
  assert.deepEqual(sent.statement.lines[1], { item: 'partner-salary-or-wages', amount: '100', frequency: 'weekly', notes: '' });
  assert.equal(await text(page, '#ie-dirty'), 'Changes not saved yet.');

  // Enter in an amount moves to the next amount, as in a spreadsheet; Shift+Enter back.
  await page.focus('#ie-amount-partner-salary-or-wages');
  await page.keyboard.press('Enter');
  assert.equal(await focusedId(page), 'ie-amount-other-earnings');
  await page.keyboard.type('45.5');
  await page.keyboard.press('Enter');
  assert.equal(await focusedId(page), 'ie-amount-tax-credits-universal-credit');
  await page.keyboard.press('Shift+Enter');
  assert.equal(await focusedId(page), 'ie-amount-other-earnings');
  await page.waitForFunction(() => document.getElementById('ie-total-income').textContent === '£2,128.83');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an amount Rust cannot read is marked beside its line, counts as £0.00, and saving names it', async () => {
  const page = await openIe();
  await page.fill('#ie-amount-groceries', '80.005');
  await page.waitForSelector('[data-line="groceries"].app-ie-line--error');
  assert.equal(await page.locator('#ie-line-groceries-error').evaluate((el) => el.textContent.replace(/\s+/g, ' ').trim()),
    "Error: Groceries: '80.005' has more than two decimal places");
  assert.equal(await page.getAttribute('#ie-amount-groceries', 'aria-describedby'), 'ie-line-groceries-error');
  assert.equal(await text(page, '#ie-total-food-housekeeping'), '£0.00');
  const link = page.locator('.app-ie-overview__problems a');
  assert.equal(await link.innerText(), "Groceries: '80.005' has more than two decimal places");
  assert.equal(await link.getAttribute('href'), '#ie-amount-groceries');

  await page.getByRole('button', { name: 'Save as a new statement' }).click();
  await page.waitForSelector('#ie-errors .govuk-error-summary');
  const summary = page.locator('#ie-errors .govuk-error-summary__list a');
  assert.equal(await summary.innerText(), "Groceries: '80.005' has more than two decimal places");
  assert.equal(await focusedId(page), '', 'the error summary takes focus');
  await summary.click();
  assert.equal(await focusedId(page), 'ie-amount-groceries');
  assert.equal((await calls(page, 'save_income_expenditure')).length, 1);

  // Put right, the mark goes.
  await page.fill('#ie-amount-groceries', '80.00');
  await page.waitForFunction(() => !document.querySelector('.app-ie-line--error'));
  assert.equal(await page.getAttribute('#ie-amount-groceries', 'aria-describedby'), null);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('saving sends the statement as typed and dated, then the new statement leads the history', async () => {
  const page = await openIe();
  await page.fill('#ie-note-groceries', 'Coeliac diet for one child');
  await page.waitForFunction(() => /A note explains it/.test(document.getElementById('ie-flag-food-housekeeping').textContent));
  await page.keyboard.press('Control+s');
  await page.waitForSelector('.app-flash');
  const [save] = await calls(page, 'save_income_expenditure');
  assert.equal(save.args.input.partyId, JANE);
  assert.equal(save.args.input.takenOn, '2026-11-25');
  assert.equal(save.args.input.startedFromId, LATEST);
  assert.deepEqual(save.args.input.statement.lines.find((l) => l.item === 'groceries'),
    { item: 'groceries', amount: '80.00', frequency: 'weekly', notes: 'Coeliac diet for one child' });
  assert.deepEqual(save.args.input.statement.priorityDebts[0], {
    creditor: 'Ashdown District Council: Council Tax 50012345', amountOwed: '1234.50', offer: '45.00', ccj: false, council: true, notes: '',
  });
  assert.deepEqual(save.args.input.statement.household.clientEmploymentStatus, ['Part-time']);
  assert.equal(await text(page, '.app-flash .govuk-notification-banner__heading'),
    'Statement of 25 Nov 2026 saved: disposable income £170.00 a month.');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('app-flash')), true);
  assert.deepEqual(await page.locator('.app-ie-history__table tbody tr td:first-child').allInnerTexts(),
    ['25 Nov 2026 Latest', '2 Mar 2026', '10 Sep 2025']);
  assert.equal(await page.locator('.app-ie-stale').count(), 0, 'no longer stale');
  assert.match(await text(page, '.app-ie-started'), /Starting from the statement of 25 Nov 2026 \(Taken by an officer\); review due 25 May 2027/);

  // A date in the future is Rust's to refuse; the message names the field.
  await page.fill('#ie-taken-year', '2027');
  await page.getByRole('button', { name: 'Save as a new statement' }).click();
  await page.waitForSelector('#ie-errors .govuk-error-summary');
  assert.equal(await text(page, '#ie-errors .govuk-error-summary__list'), 'Date of this statement: 2027-11-25 is in the future');
  assert.ok(await page.locator('[data-group="ie-taken"].govuk-form-group--error').count());
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an invalid SFS file is refused with every problem and its path, and nothing is saved; a valid one is previewed, then imported', async () => {
  const page = await openIe();
  await page.getByRole('button', { name: 'Import SFS file' }).click();
  assert.equal(await focusedId(page), 'ie-import-file');
  await page.setInputFiles('#ie-import-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(brokenExample()) });
  await page.waitForSelector('#ie-import-errors .govuk-error-summary');
  assert.equal(await text(page, '#ie-import-errors .govuk-error-summary__title'), 'broken.json cannot be imported');
  const listed = await page.locator('#ie-import-errors .govuk-error-summary__list li').allInnerTexts();
  const expected = fixture('ie_sfs_invalid_error').problems;
  assert.equal(listed.length, expected.length);
  assert.ok(expected.length >= 2, 'the broken file has several problems');
  for (const [i, p] of expected.entries()) assert.equal(listed[i], `Line ${p.line}, at ${p.column}: ${p.reason}`);
  assert.equal((await calls(page, 'import_sfs_statement')).length, 0);
  assert.ok(await page.locator('[data-action="import-save"]').isHidden());

  await page.setInputFiles('#ie-import-file', EXAMPLE_JSON);
  await page.waitForSelector('.app-ie-import-preview');
  assert.equal(await page.locator('#ie-import-errors .govuk-error-summary').count(), 0);
  assert.match(await text(page, '.app-ie-import-preview'), /sfs-summary-example-data\.json is a valid SFS summary statement \(JSON\) for John Smith/);
  const [read] = await calls(page, 'read_sfs');
  assert.equal(read.args.input.fileName, 'broken.json');
  assert.equal(await focusedId(page), '', 'focus moves to the import button');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'import-save');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.app-flash');
  const [imported] = await calls(page, 'import_sfs_statement');
  assert.deepEqual(Object.keys(imported.args.input).sort(), ['content', 'fileName', 'partyId']);
  assert.equal(imported.args.input.content, fs.readFileSync(EXAMPLE_JSON, 'utf8'));
  assert.match(await text(page, '.app-flash .govuk-notification-banner__heading'),
    /^sfs-summary-example-data\.json imported as the statement of 25 Nov 2026/);
  assert.match(await text(page, '.app-ie-history__table tbody tr:first-child'), /SFS file \(JSON\): sfs-summary-example-data\.json/);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('export offers the statement as an SFS JSON download, and Summary PDF opens the PDF in the screen', async () => {
  const page = await openIe();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /Export SFS JSON/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'sfs-mrs-jane-smith-2026-03-02.json');
  const saved = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(saved.household['client-name'], 'Jane Smith');
  assert.deepEqual((await calls(page, 'export_sfs_statement')).map((c) => c.args.input), [{ id: LATEST }]);
  assert.match(await page.getAttribute('#ie-download-link', 'href'), /^blob:/);

  // Keep the blobs the screen makes, to read the PDF's type and bytes (fetching a blob: URL is against the CSP).
  await page.evaluate(() => {
    const make = URL.createObjectURL;
    window.__blobs = [];
    URL.createObjectURL = (blob) => {
      window.__blobs.push(blob);
      return make(blob);
    };
  });
  await page.getByRole('button', { name: /Summary PDF/ }).click();
  await page.waitForSelector('#ie-pdf iframe');
  assert.deepEqual((await calls(page, 'income_expenditure_summary_pdf')).map((c) => c.args.input), [{ id: LATEST }]);
  assert.match(await page.getAttribute('#ie-pdf iframe', 'src'), /^blob:/);
  assert.equal(await page.getAttribute('#ie-pdf iframe', 'title'), 'Summary PDF of the statement of 2 Mar 2026');
  const bytes = await page.evaluate(async () => {
    const blob = window.__blobs.at(-1);
    return [blob.type, (await blob.text()).slice(0, 8)];
  });
  assert.deepEqual(bytes, ['application/pdf', '%PDF-1.4']);
  assert.equal(await page.getAttribute('#ie-pdf a[download]', 'download'), 'ie-summary-mrs-jane-smith-2026-03-02.pdf');
  assert.equal(await focusedId(page), 'ie-pdf-title');
  await page.getByRole('button', { name: 'Close the summary' }).click();
  assert.ok(await page.locator('#ie-pdf').isHidden());
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'pdf');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a statement from the history opens with its own figures, and exports are of that statement', async () => {
  const page = await openIe();
  await page.getByRole('link', { name: '10 Sep 2025' }).click();
  await page.waitForFunction(() => document.getElementById('ie-amount-client-salary-or-wages')?.value === '1550.00');
  assert.equal(await page.evaluate(() => location.hash), `#/person/${JANE}/income-expenditure/${OLDER}`);
  assert.match(await text(page, '.app-ie-viewing'), /figures of the statement of 10 Sep 2025 \(Taken by an officer\)/);
  assert.equal(await page.inputValue('#ie-amount-tax-credits-universal-credit'), '');
  assert.equal(await page.locator('[data-debt="non-priority"]').count(), 2);
  await page.waitForFunction(() => document.getElementById('ie-total-income').textContent === '£1,792.05');
  assert.equal(await page.getAttribute('.app-ie-history__table a[aria-current="page"]', 'href'), `#/person/${JANE}/income-expenditure/${OLDER}`);
  await page.getByRole('button', { name: 'Export SFS JSON of the statement of 10 Sep 2025' }).click();
  await page.waitForSelector('#ie-download-link');
  assert.deepEqual((await calls(page, 'export_sfs_statement')).map((c) => c.args.input), [{ id: OLDER }]);
  await page.getByRole('button', { name: 'Save as a new statement' }).click();
  await page.waitForSelector('.app-flash');
  assert.equal((await calls(page, 'save_income_expenditure'))[0].args.input.startedFromId, OLDER);
  assert.equal(await page.evaluate(() => location.hash), `#/person/${JANE}/income-expenditure`);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a person with no statement starts empty; the council\'s debts come from their accounts', async () => {
  const page = await openIe(`#/person/${JOHN}/income-expenditure`);
  assert.match(await text(page, '.govuk-inset-text'), /No statement has been taken for Mr John Smith yet/);
  assert.equal(await page.locator('button[data-action="export"]').count(), 0);
  assert.ok(await page.locator('[data-warning="no_income"]').isVisible());
  await page.getByRole('button', { name: "Add the council's priority debts from their accounts" }).click();
  assert.equal(await page.inputValue('#ie-priority-3-creditor'), 'Ashdown District Council: Council Tax 50012345');
  assert.equal(await page.inputValue('#ie-priority-3-owed'), '1234.50');
  assert.ok(await page.isChecked('#ie-priority-3-council'));
  assert.equal(await page.locator('[data-debt="priority"]').count(), 1, 'the empty row made way');
  assert.ok(await page.locator('button[data-action="council-debts"][data-kind="non-priority"]').isHidden(), 'John owes no non-priority council debt');
  await page.fill('#ie-priority-3-offer', '30');
  await page.waitForFunction(() => document.getElementById('ie-council-affordable').textContent === '£30.00');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the person screen shows the latest statement\'s date, disposable income and a stale tag, and links to the screen', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${JANE}` });
  await page.waitForSelector('ie-summary-card [data-ie-date]');
  assert.match(await text(page, 'ie-summary-card [data-ie-date]'), /^2 Mar 2026\s+Review due\s+since 2 Sep 2026$/);
  assert.equal(await text(page, 'ie-summary-card [data-ie-disposable]'), '£170.00 a month');
  assert.equal(await text(page, 'ie-summary-card [data-ie-affordable]'), '£59.27 a month');
  await page.getByRole('link', { name: 'Take a new statement' }).click();
  await page.waitForSelector('ie-overview #ie-total-income');
  assert.equal(await page.evaluate(() => location.hash), `#/person/${JANE}/income-expenditure`);
  assert.deepEqual(await page.locator('#side-nav a').allInnerTexts(), ['Search', 'Person\nMrs Jane Smith', 'Income and expenditure', 'Worklist', 'Recovery runs', 'Holds', 'Court', 'Print runs', 'Settings\nLetters', 'Settings\nAudit log']);
  await page.context().close();

  const john = await openApp(ctx.browser, ctx.server, { hash: `#/person/${JOHN}` });
  await john.waitForSelector('ie-summary-card .app-ie-card__link');
  assert.equal(await john.locator('ie-summary-card .app-ie-card').evaluate((el) => el.textContent.replace(/\s+/g, ' ').trim()),
    'Income and expenditure No statement taken yet. Take an income and expenditure statement');
  assert.deepEqual(await problems(john), []);
  await john.context().close();

  const adviser = await openApp(ctx.browser, ctx.server, { hash: `#/person/${ADVISER}` });
  await adviser.waitForSelector('.app-page-header h1');
  assert.equal(await adviser.locator('ie-summary-card').count(), 0, 'an organisation has no household statement');
  await adviser.context().close();
});

test('a PDF frame laid out the way WebKitGTK does it (an inner viewer sized by inline styles the CSP drops) is made to fill the frame', async () => {
  const page = await openApp(ctx.browser, ctx.server);
  const sizes = await page.evaluate(async () => {
    const { fillFrame } = await import('/screens/income-expenditure.js');
    const doc = '<html><body style="margin: 0; height: 100vh"><iframe src="about:blank" style="width: 100%; height: 100%"></iframe></body></html>';
    const frame = document.createElement('iframe');
    frame.style.width = '800px';
    frame.style.height = '600px';
    document.body.append(frame);
    await new Promise((resolve) => {
      frame.addEventListener('load', resolve, { once: true });
      frame.src = URL.createObjectURL(new Blob([doc], { type: 'text/html' }));
    });
    const inner = () => frame.contentDocument.querySelector('iframe').getBoundingClientRect();
    const before = [inner().width, inner().height];
    fillFrame(frame);
    return { before, after: [inner().width, inner().height] };
  });
  assert.deepEqual(sizes.before, [304, 154], 'the CSP drops the inline sizes: the default 300 × 150 and its border');
  assert.deepEqual(sizes.after, [800, 600]);
  await page.context().close();
});
