// UI tests of the Court screen and the Bundle builder (issue 8) against fixtures the real core wrote (make-court-fixtures.mjs): the hearings and the costs in force, listing a hearing with errors on the named field, the summons run's preview as a job with every candidate's reason (T12 "too soon for the hearing"), authorise and commit, the day's list with each case's status and reason, a mark, PDF and CSV, the outcomes in bulk with a defendant heard on their own and the endorsed list; the bundle builder's kinds, a charging order refused clearly, sections reordered and left out, an exhibit from a picked PDF, preview and issue; axe finds nothing. DOCS_SCREENSHOTS=1 writes docs/court/court-screen.png and bundle-builder.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite, openApp, calls, problems, screenshot, axe, fixture } from './harness.mjs';

const ctx = suite({ before, after });
const here = path.dirname(fileURLToPath(import.meta.url));
const DOCS = path.resolve(here, '../../docs/court');
const hearing = fixture('court_hearing');
const list = fixture('court_list');
const preview = fixture('court_preview');
const tooSoon = fixture('court_preview_too_soon');
const refusals = fixture('court_refusals');

async function docShot(page, name) {
  await screenshot(page, name);
  if (process.env.DOCS_SCREENSHOTS) {
    fs.mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, `${name}.png`), fullPage: true });
  }
}

const lastInput = async (page, cmd) => (await calls(page, cmd)).at(-1)?.args?.input;

test('the hearings show the costs in force; listing a hearing names the field Rust refused and sends what was typed', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/court' });
  await page.waitForSelector('[data-hearings]');
  assert.equal(await page.title(), 'Court – Recovery Desk');
  assert.equal(await page.locator('.moj-side-navigation__item--active').innerText(), 'Court');
  const row = page.locator('[data-hearings] tbody tr').filter({ hasText: '5 Jan 2027' });
  assert.match(await row.innerText(), /£66\.00\s+£44\.00/);
  await page.click('text=List a hearing');
  await page.waitForSelector('[data-hearing-form]');
  await page.click('button:has-text("List the hearing")');
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.locator('[data-field="courtName"] .govuk-error-message').innerText(), /name the court/i);
  await page.fill('#ct-courtName', "Ashdown Magistrates' Court");
  await page.fill('#ct-courtAddress', 'Castle Street');
  await page.fill('#ct-hearingOn', '2027-01-05');
  await page.fill('#ct-authorisedOfficer', 'Alex Officer');
  await page.click('button:has-text("List the hearing")');
  await page.waitForFunction(() => location.hash.startsWith('#/court/'));
  const input = await lastInput(page, 'create_hearing');
  assert.deepEqual(
    { courtName: input.courtName, hearingOn: input.hearingOn, hearingTime: input.hearingTime, debtType: input.debtType, jurisdiction: input.jurisdiction },
    { courtName: "Ashdown Magistrates' Court", hearingOn: '2027-01-05', hearingTime: '10:00', debtType: 'council_tax', jurisdiction: 'england' },
  );
  assert.equal(input.summonsCosts, undefined, 'costs by hand are sent only when typed');
  assert.deepEqual(await problems(page), []);
});

test('a summons run too soon for its hearing shows every candidate out with the T12 reason', async () => {
  const soon = fixture('court_hearings').find((h) => h.id !== hearing.id);
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/court/${soon.id}` });
  await page.waitForSelector('[data-summons-form]');
  await page.click('button:has-text("Preview the summons run")');
  await page.waitForSelector('[data-run-view]');
  assert.equal(tooSoon.selected_count, 0);
  const first = tooSoon.items[0];
  assert.equal(first.exclusion, 'too_soon_for_hearing');
  const item = page.locator(`[data-item="${first.account_reference}"]`);
  assert.match(await item.innerText(), /Too soon for the hearing/);
  assert.ok((await item.innerText()).includes(first.reason));
  assert.match(await page.locator('[data-counts]').innerText(), /Too soon for the hearing: \d+/);
  assert.equal(await page.locator('[data-action="authorise"]').count(), 1);
  assert.deepEqual(await problems(page), []);
});

test('the summons run is previewed as a job, authorised and committed; the list shows each case\'s status and reason; marks, PDF and CSV', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/court/${hearing.id}` });
  await page.waitForSelector('[data-costs]');
  assert.match(await page.locator('[data-costs]').innerText(), /Summons £66\.00; liability order £44\.00/);
  await page.fill('#ct-accountReferences', 'CT1, CT2');
  await page.click('button:has-text("Preview the summons run")');
  await page.waitForSelector('[data-run-view]');
  assert.deepEqual((await lastInput(page, 'start_summons_preview')).accountReferences, ['CT1', 'CT2']);
  assert.match(await page.locator('#ct-run-title').innerText(), new RegExp(`${preview.selected_count} summonses`));
  await page.click('[data-action="authorise"]');
  await page.waitForSelector('[data-action="commit"]');
  await page.click('[data-action="commit"]');
  await page.waitForSelector('.app-flash');
  assert.match(await page.locator('.app-flash').innerText(), new RegExp(`${preview.selected_count} summonses`));
  // The morning refresh.
  await page.click('[data-action="refresh"]');
  await page.waitForSelector('[data-court-list]');
  const line = list.lines.find((l) => l.status_reason);
  const row = page.locator(`[data-line="${line.account_reference}"]`);
  assert.ok((await row.innerText()).includes(line.status_label));
  assert.ok((await row.innerText()).includes(line.status_reason));
  assert.equal(await page.locator('[data-court-list] tbody tr').count(), list.lines.length);
  // A mark needs a reason.
  const ref = list.lines[0].account_reference;
  await page.click(`[data-mark="${ref}"]`);
  await page.check('#ct-mark-disputed');
  await page.click('button:has-text("Save the mark")');
  await page.waitForSelector('[data-field="reason"].govuk-form-group--error');
  await page.fill('#ct-reason', 'Says she moved out in March');
  await page.click('button:has-text("Save the mark")');
  await page.waitForSelector('.app-flash');
  assert.deepEqual(await lastInput(page, 'mark_listing'), { hearingId: hearing.id, accountReference: ref, mark: 'disputed', reason: 'Says she moved out in March' });
  await page.click('[data-action="complaints"]');
  await page.waitForSelector('[data-saved]');
  assert.match(await page.locator('[data-saved]').innerText(), /kept against the hearing/);
  assert.deepEqual(await lastInput(page, 'issue_complaint_list'), { hearingId: hearing.id });
  await page.click('[data-action="csv"]');
  await page.waitForSelector('[data-saved]:has-text("court-lists")');
  assert.match(await page.locator('[data-saved]').innerText(), /court-lists\/hearing-list\.csv/);
  assert.equal((await lastInput(page, 'export_court_list')).format, 'csv');
  await page.setViewportSize({ width: 1400, height: 900 });
  await docShot(page, 'court-screen');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(await problems(page), []);
});

test('outcomes in bulk with a defendant heard on their own; then the endorsed list', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/court/${hearing.id}` });
  await page.waitForSelector('[data-outcomes-form]');
  const ref = list.lines.find((l) => l.status === 'proceeding').account_reference;
  const select = page.locator(`[data-individual] select[data-ref="${ref}"]`);
  await select.selectOption('refused');
  const row = page.locator('[data-individual] tbody tr').filter({ has: page.locator(`select[data-ref="${ref}"]`) });
  await row.locator('[name="attended"]').check();
  await row.locator('[name="notes"]').fill('Paid on the day');
  await page.click('button:has-text("Record the outcomes")');
  await page.waitForSelector('.app-flash');
  const input = await lastInput(page, 'record_court_outcomes');
  assert.deepEqual(input, { hearingId: hearing.id, bulk: 'granted', individual: [{ accountReference: ref, outcome: 'refused', attended: true, notes: 'Paid on the day' }] });
  const out = fixture('court_outcomes');
  assert.match(await page.locator('.app-flash').innerText(), new RegExp(`${out.granted} granted`));
  assert.equal(await page.locator('#ct-list-title').innerText(), 'Endorsed list');
  assert.equal(await page.locator('[data-outcomes-form]').count(), 0);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(await problems(page), []);
});

test('the list, and a defendant heard on their own, adjourned to the later hearing chosen', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/court/${hearing.id}` });
  await page.waitForSelector('[data-outcomes-form]');
  const options = await page.locator('#ct-adjourned-to option').allInnerTexts();
  assert.deepEqual(options, ['Adjourned generally', "Ashdown Magistrates' Court, 2 Feb 2027 at 10:00"], 'only later hearings are offered');
  await page.check('#ct-bulk-adjourned');
  await page.selectOption('#ct-adjourned-to', 'later-hearing');
  const ref = list.lines.find((l) => l.status === 'proceeding').account_reference;
  await page.locator(`[data-individual] select[data-ref="${ref}"]`).selectOption('adjourned');
  await page.click('button:has-text("Record the outcomes")');
  await page.waitForSelector('.app-flash');
  const input = await lastInput(page, 'record_court_outcomes');
  assert.deepEqual(input, {
    hearingId: hearing.id, bulk: 'adjourned', adjournedToHearingId: 'later-hearing',
    individual: [{ accountReference: ref, outcome: 'adjourned', attended: false, notes: '', adjournedToHearingId: 'later-hearing' }],
  });
  assert.deepEqual(await problems(page), []);
});

test('the bundle builder: a refused kind is shown clearly; sections reordered and left out; an exhibit; preview and issue', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/bundle?account=${refusals.account}` });
  await page.waitForSelector('[data-prepare]');
  assert.equal(await page.inputValue('#bb-accountReference'), refusals.account);
  await page.check('#bb-kind-charging_order');
  await page.fill('#bb-officerName', 'Alex Officer');
  await page.click('button:has-text("Prepare the bundle")');
  await page.waitForSelector('[data-refusal]');
  assert.ok((await page.locator('[data-refusal]').innerText()).includes(refusals.charging_order.replace(/^error:\s*/i, '').slice(0, 40)));
  await page.check('#bb-kind-committal');
  await page.click('button:has-text("Prepare the bundle")');
  await page.waitForSelector('[data-sections]');
  assert.match(await page.locator('h1').innerText(), /Committal bundle/);
  await page.click('[data-sections] li:nth-child(2) [data-move="up"]');
  await page.waitForFunction(() => document.querySelector('[data-sections] li')?.dataset.section === 'statement');
  await page.click('[data-sections] li[data-section="holds"] [data-remove]');
  await page.waitForSelector('[data-add="holds"]');
  const sections = (await lastInput(page, 'edit_court_bundle')).sections;
  assert.deepEqual(sections, ['statement', 'summary', 'orders', 'account', 'notices', 'history', 'income_expenditure', 'exhibits']);
  // The witness statement made from its template is edited before issue; a markup problem is named by its line.
  assert.match(await page.inputValue('#bb-statement'), /^# Witness statement\nI, Alex Officer/);
  await page.fill('#bb-statement', '# Witness statement\nI, Alex Officer, am employed by Ashdown District Council.\n{{ oops');
  await page.click('button:has-text("Save the statement")');
  await page.waitForSelector('[data-field="statement"].govuk-form-group--error');
  assert.match(await page.locator('#bb-statement-error').innerText(), /Line 3: an unclosed merge field/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bb-statement');
  const edited = '# Witness statement\nI, Alex Officer, am employed by Ashdown District Council.\nI visited the property on 3 December 2026.\n';
  await page.fill('#bb-statement', edited);
  await page.click('button:has-text("Save the statement")');
  await page.waitForSelector('.app-flash:has-text("Witness statement saved.")');
  assert.equal((await lastInput(page, 'edit_court_bundle')).statement, edited);
  assert.equal(await page.inputValue('#bb-statement'), edited);
  await page.fill('#bb-title', 'Endorsed court list');
  await page.setInputFiles('#bb-file', { name: 'endorsed.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await page.click('button:has-text("Add the exhibit")');
  await page.waitForSelector('[data-exhibits]');
  const ex = await lastInput(page, 'add_bundle_exhibit');
  assert.equal(Buffer.from(ex.contentBase64, 'base64').toString(), '%PDF-1.4\n%%EOF\n');
  assert.equal(ex.fileName, 'endorsed.pdf');
  await page.click('[data-action="preview"]');
  await page.waitForSelector('[data-index]');
  const pdf = fixture('court_bundle_pdf');
  // The fake keeps the core's pages and adds the exhibit's one page.
  assert.match(await page.locator('[data-index] caption').innerText(), new RegExp(`${pdf.page_count} pages`));
  assert.match(await page.locator('[data-index] tbody tr').first().innerText(), /^1\s+Witness statement/);
  assert.match(await page.locator('[data-index]').innerText(), /Exhibit AO\/1: Endorsed court list/);
  await page.setViewportSize({ width: 1400, height: 900 });
  await docShot(page, 'bundle-builder');
  assert.deepEqual(await axe(page), []);
  await page.click('[data-action="issue"]');
  await page.waitForSelector('.app-flash');
  assert.match(await page.locator('.app-flash').innerText(), /Bundle issued/);
  assert.equal(await page.locator('[data-action="issue"]').count(), 0);
  assert.deepEqual(await problems(page), []);
});

test('the person screen links each account to the bundle builder', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/person/0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1001' });
  await page.waitForSelector('.app-account__bundle');
  const href = await page.locator('.app-account__bundle').first().getAttribute('href');
  assert.match(href, /^#\/bundle\?account=/);
});
