// UI tests of the person screen: the hold banner on top, figures exactly as Rust sent them, joint accounts, people, notes, letters, audit trail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openApp, calls, problems, screenshot, JANE, JOHN, ADVISER, CT_ACCOUNT, HB_ACCOUNT } from './harness.mjs';

const ctx = suite({ before, after });

async function openPerson(id) {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${id}` });
  await page.waitForSelector('.app-page-header h1');
  return page;
}

const account = (page, id) => page.locator(`section[aria-labelledby="account-${id}"]`);

test('a held person has the hold banner at the top, one line per hold', async () => {
  const page = await openPerson(JANE);
  const banner = page.locator('hold-banner .govuk-notification-banner');
  assert.ok(await banner.isVisible());
  assert.equal(await page.locator('#hold-banner-title').innerText(), 'Recovery is on hold');
  // Nothing about the person comes before the banner.
  const first = await page.evaluate(() => document.querySelector('#screen .app-screen').firstElementChild.tagName);
  assert.equal(first, 'HOLD-BANNER');
  const lines = await banner.locator('.app-hold-banner__hold').allInnerTexts();
  assert.equal(lines.length, 2);
  assert.match(lines[0], /Breathing Space \(standard\)/);
  assert.match(lines[0], /All debts/);
  assert.match(lines[0], /from 10 Nov 2026 until 9 Jan 2027/);
  assert.match(lines[0], /Insolvency Service ref BS-2026-11402/);
  assert.match(lines[1], /Dispute/);
  assert.match(lines[1], /Account 50012345/);
  assert.match(lines[1], /starts 1 Dec 2026, no end date/);
  // Each held account says so too.
  assert.match(await account(page, CT_ACCOUNT).locator('.app-tag-list').innerText(), /On hold/);
  assert.match(await account(page, HB_ACCOUNT).locator('.app-tag-list').innerText(), /On hold/);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the summary and balances are exactly the figures Rust sent, with years in a table', async () => {
  const page = await openPerson(JANE);
  await screenshot(page, 'person-held');
  assert.equal(await page.locator('.app-page-header h1').innerText(), 'Mrs Jane Smith');
  const summary = await page.locator('.app-summary__details').innerText();
  assert.match(summary, /12 High Street\s+Ashdown\s+AD1 2BC/);
  assert.match(summary, /14 March 1971/);
  assert.match(summary, /NI number\s+QQ 12 34 56 C/);
  assert.match(summary, /07700 900123\s+01632 960123/);
  assert.match(summary, /jane\.smith@example\.com/);
  assert.equal(await page.locator('[data-total]').innerText(), '£1,734.50');
  assert.match(await page.locator('.app-total').innerText(), /Total owed/);

  const ct = account(page, CT_ACCOUNT);
  assert.equal(await ct.locator('[data-balance]').innerText(), '£1,234.50');
  assert.equal(await account(page, HB_ACCOUNT).locator('[data-balance]').innerText(), '£500.00');
  const facts = await ct.locator('.app-account__facts').innerText();
  assert.match(facts, /Council Tax, England/);
  assert.match(facts, /12 High Street, Ashdown, AD1 2BC/);
  assert.match(facts, /Final notice\s+since 2 Oct 2026/);

  const rows = await ct.locator('.app-years tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.deepEqual(rows, [
    ['2026/27', '£1,862.40', '£0.00', '−£1,241.60', '£0.00', '£620.80'],
    ['2025/26', '£1,790.00', '£83.50', '−£1,259.80', '£0.00', '£613.70'],
  ]);
  const align = await ct.locator('.app-years tbody td').first().evaluate((td) => getComputedStyle(td).textAlign);
  assert.equal(align, 'right', 'money is right-aligned');

  // Each row as shown, and the accessible name of its Reverse button if it has one.
  const entries = await ct.locator('.app-entries tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].slice(0, 6).map((c) => c.innerText.trim())
      .concat(tr.querySelector('button')?.textContent.replace(/\s+/g, ' ').trim() ?? '')));
  assert.deepEqual(entries[0], [
    '20 Nov 2026', '2026/27', 'Payment', 'Debit or credit card · RCPT-88213', '−£25.00', '',
    'Reverse payment of £25.00 on 20 Nov 2026',
  ]);
  assert.match(entries[2][2], /Payment\s+Reversed/);
  assert.equal(entries[2][6], '', 'a reversed entry cannot be reversed again');
  assert.equal(entries[1][6], '', 'a reversal cannot be reversed');
  assert.equal(entries[5][6], 'Reverse costs of £83.50 on 12 Sep 2025');
  // Untrusted text is shown as text, never as markup.
  assert.equal(entries[1][5], 'Cheque returned unpaid <b>R/D</b>');
  assert.equal(await page.locator('#screen b, #screen script').count(), 0);

  const payments = await page.locator('.app-payments tbody tr').allInnerTexts();
  assert.equal(payments.length, 4);
  assert.match(payments[0], /20 Nov 2026\s+50012345\s+2026\/27\s+Debit or credit card\s+RCPT-88213\s+£25\.00/);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a joint account names and links the other liable party; correspondence address is shown', async () => {
  const page = await openPerson(JANE);
  const ct = account(page, CT_ACCOUNT);
  assert.match(await ct.locator('.app-tag-list').innerText(), /Joint and several/);
  const hb = await account(page, HB_ACCOUNT).locator('.app-account__facts').innerText();
  assert.match(hb, /Letters go to\s+c\/o Citizens Advice Ashdown, 4 Market Square, Ashdown, AD1 1AA/);
  assert.doesNotMatch(hb, /Also liable/);
  assert.match(await page.locator('section[aria-labelledby="reps-title"]').innerText(),
    /Citizens Advice Ashdown\s+Debt adviser \(with authority\), account 50012345/);

  await ct.getByRole('link', { name: 'Mr John Smith' }).click();
  await page.waitForSelector('h1:text("Mr John Smith")');
  assert.equal(await page.evaluate(() => location.hash), `#/person/${JOHN}`);
  assert.equal(await page.locator('#hold-banner-title').innerText(), 'A hold starts soon');
  const johnCt = account(page, CT_ACCOUNT);
  assert.match(await johnCt.locator('.app-account__facts').innerText(), /Their role\s+Jointly and severally liable/);
  assert.match(await johnCt.locator('.app-account__facts').innerText(), /Also liable\s+Mrs Jane Smith/);
  assert.match(await page.locator('section[aria-labelledby="letters-title"]').innerText(), /No letters issued yet/);
  assert.match(await page.locator('#notes').innerText(), /No notes yet/);
  await screenshot(page, 'person-joint');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an organisation acting for others lists them and owes nothing', async () => {
  const page = await openPerson(ADVISER);
  assert.equal(await page.locator('hold-banner .govuk-notification-banner').count(), 0, 'no banner without holds');
  assert.match(await page.locator('.app-page-header').innerText(), /Organisation/);
  assert.match(await page.locator('.app-summary__details').innerText(), /Company number\s+01436945/);
  assert.equal(await page.locator('[data-total]').innerText(), '£0.00');
  assert.equal(await page.getByRole('button', { name: 'Record a payment' }).count(), 0, 'no account to pay');
  const actsFor = await page.locator('section[aria-labelledby="acts-title"] li').allInnerTexts();
  assert.equal(actsFor.length, 2);
  assert.match(actsFor[0], /Mrs Jane Smith\s+Debt adviser \(with authority\), account 50012345/);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('notes are a timeline, letters a list, and the audit trail loads when opened', async () => {
  const page = await openPerson(JANE);
  const notes = await page.locator('.moj-timeline__item').allInnerTexts();
  assert.equal(notes.length, 2);
  assert.match(notes[0], /Debt adviser called/);
  assert.match(notes[1], /Note on account 50012345/);
  assert.match(notes[1], /Says <script>alert\('x'\)<\/script> she will pay £25 a month\./);
  await page.waitForSelector('section[aria-labelledby="letters-title"] tbody tr');
  const letters = await page.locator('section[aria-labelledby="letters-title"] tbody tr').allInnerTexts();
  assert.match(letters[1], /2 Oct 2026\s+Final notice 2026\/27\s+ct_final_notice version 2/);
  assert.match(letters[1], /50012345\s+Dispatched/);

  assert.equal((await calls(page, 'person_audit')).length, 0, 'not loaded until asked for');
  await page.locator('.app-audit summary').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.app-audit tbody tr');
  assert.deepEqual((await calls(page, 'person_audit')).map((c) => c.args), [{ input: { partyId: JANE } }]);
  const audit = await page.locator('.app-audit tbody tr').allInnerTexts();
  assert.equal(audit.length, 3);
  assert.match(audit[0], /20 Nov 2026, 10:42\s+a\.officer\s+Payment recorded/);
  assert.match(audit[0], /amount_pence: -2500, method: card/);
  await screenshot(page, 'person-audit');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an unknown person gets a clear not-found page', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/person/no-such-id' });
  await page.waitForSelector('h1:text("No one found")');
  assert.ok(await page.getByRole('link', { name: 'Search again' }).isVisible());
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
