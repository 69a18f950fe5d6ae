// UI tests of the person screen's actions: record a payment (exact invoke input, errors from Rust), reverse an entry (reason asked for), add a note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openApp, calls, problems, screenshot, JANE, CT_ACCOUNT, HB_ACCOUNT } from './harness.mjs';

const ctx = suite({ before, after });

async function openJane() {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${JANE}` });
  await page.waitForSelector('.app-page-header h1');
  return page;
}

const focusedId = (page) => page.evaluate(() => document.activeElement?.id);

test('recording a payment sends exactly the expected input, then reloads the person from Rust', async () => {
  const page = await openJane();
  await page.locator('.app-page-header').getByRole('button', { name: 'Record a payment' }).click();
  assert.equal(await focusedId(page), 'pay-amount', 'the cursor starts on the amount');
  assert.equal(await page.inputValue('#pay-account'), CT_ACCOUNT);
  // Date received defaults to today from app_info.
  assert.deepEqual(
    [await page.inputValue('#pay-received-day'), await page.inputValue('#pay-received-month'), await page.inputValue('#pay-received-year')],
    ['25', '11', '2026'],
  );
  const years = await page.locator('#pay-year option').allInnerTexts();
  assert.deepEqual(years, ['Oldest year with a balance', '2026/27 (balance £620.80)', '2025/26 (balance £613.70)']);

  await page.keyboard.type('25.00');
  await page.selectOption('#pay-method', 'cash');
  await page.fill('#pay-receipt', 'R-1001');
  await page.selectOption('#pay-year', '2025');
  await screenshot(page, 'person-payment-form');
  const before = (await calls(page, 'person')).length;
  await page.getByRole('button', { name: 'Record payment', exact: true }).click();

  await page.waitForSelector('.app-flash');
  const sent = await calls(page, 'record_payment');
  assert.deepEqual(sent.map((c) => c.args), [{
    input: {
      accountId: CT_ACCOUNT,
      amount: '25.00',
      method: 'cash',
      receivedOn: '2026-11-25',
      receiptReference: 'R-1001',
      financialYear: 2025,
    },
  }]);
  assert.equal(await page.locator('.app-flash .govuk-notification-banner__heading').innerText(),
    'Payment of £25.00 recorded on account 50012345 (receipt R-1001).');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('app-flash')), true, 'the banner takes focus');
  assert.equal((await calls(page, 'person')).length, before + 1, 'the person was reloaded from Rust');
  assert.ok(await page.locator('payment-form').evaluate((el) => el.hidden), 'the form closes');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a payment on one account from its own button, without a year, leaves financialYear out', async () => {
  const page = await openJane();
  await page.locator(`section[aria-labelledby="account-${HB_ACCOUNT}"]`).getByRole('button', { name: /Record a payment/ }).click();
  assert.equal(await page.inputValue('#pay-account'), HB_ACCOUNT);
  assert.deepEqual(await page.locator('#pay-year option').allInnerTexts(), ['Oldest year with a balance', '2024/25 (balance £500.00)']);
  await page.keyboard.type('10');
  await page.fill('#pay-receipt', '  CARD-77  ');
  await page.fill('#pay-received-day', '3');
  await page.fill('#pay-received-month', '4');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.app-flash');
  assert.deepEqual((await calls(page, 'record_payment')).map((c) => c.args.input), [{
    accountId: HB_ACCOUNT, amount: '10', method: 'card', receivedOn: '2026-04-03', receiptReference: 'CARD-77',
  }]);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a payment Rust refuses shows its message in an error summary naming the field, and inline', async () => {
  const page = await openJane();
  await page.evaluate(() => {
    window.__fake.reject.record_payment = [
      { code: 'validation', field: 'amount', message: 'must be more than £0.00' },
      { code: 'validation', field: 'receivedOn', message: '2026-12-01 is in the future' },
      { code: 'rule_refused', message: 'Breathing Space moratorium until 2027-01-09' },
    ];
  });
  await page.getByRole('button', { name: 'Record a payment' }).first().click();
  await page.keyboard.type('0');
  await page.fill('#pay-receipt', 'R-2');
  await page.getByRole('button', { name: 'Record payment', exact: true }).click();

  const summary = page.locator('payment-form .govuk-error-summary');
  await summary.waitFor();
  assert.equal(await summary.locator('.govuk-error-summary__title').innerText(), 'There is a problem');
  const link = summary.locator('a');
  assert.equal(await link.innerText(), 'Amount must be more than £0.00');
  assert.equal(await link.getAttribute('href'), '#pay-amount');
  assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the summary takes focus');
  const group = page.locator('[data-field="amount"]');
  assert.match(await group.getAttribute('class'), /govuk-form-group--error/);
  assert.equal((await group.locator('.govuk-error-message').textContent()).replace(/\s+/g, ' ').trim(), 'Error: Amount must be more than £0.00');
  assert.match(await page.getAttribute('#pay-amount', 'class'), /govuk-input--error/);
  assert.match(await page.getAttribute('#pay-amount', 'aria-describedby'), /pay-amount-error/);
  await screenshot(page, 'person-payment-error');
  await link.click();
  assert.equal(await focusedId(page), 'pay-amount', 'the summary link goes to the field');
  assert.equal(await page.evaluate(() => location.hash), `#/person/${JANE}`, 'without leaving the person');

  // The next refusal names another field: the old inline error goes, the new one comes.
  await page.fill('#pay-amount', '5.00');
  await page.getByRole('button', { name: 'Record payment', exact: true }).click();
  await page.waitForSelector('[data-field="receivedOn"].govuk-form-group--error');
  assert.doesNotMatch(await group.getAttribute('class'), /govuk-form-group--error/);
  assert.equal(await summary.locator('a').getAttribute('href'), '#pay-received-day');
  assert.equal(await summary.locator('a').innerText(), '2026-12-01 is in the future');

  // A refusal that names no field is still shown, without a link.
  await page.getByRole('button', { name: 'Record payment', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('payment-form .govuk-error-summary__list')?.textContent.includes('Breathing Space'));
  assert.equal(await summary.locator('a').count(), 0);
  assert.equal(await summary.locator('li').innerText(), 'Breathing Space moratorium until 2027-01-09');
  assert.equal(await page.locator('.govuk-form-group--error').count(), 0);
  assert.equal(await page.locator('.app-flash').count(), 0, 'nothing is said to be saved');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('reverse asks for a reason before anything is posted, then reverses that entry', async () => {
  const page = await openJane();
  const row = page.locator('[data-entry-row="0193a7c2-5b1e-7c3a-9f10-2b8d4e6a4006"]');
  await row.getByRole('button', { name: 'Reverse payment of £25.00 on 20 Nov 2026' }).click();
  const dialog = page.locator('reverse-dialog dialog');
  assert.ok(await dialog.evaluate((d) => d.open && d.matches(':modal')));
  assert.equal(await focusedId(page), 'reverse-reason');
  const facts = await dialog.locator('dl').innerText();
  assert.match(facts, /Account\s+50012345/);
  assert.match(facts, /Amount\s+−£25\.00/);
  assert.match(facts, /Reference\s+Debit or credit card, RCPT-88213/);

  await dialog.getByRole('button', { name: 'Reverse entry' }).click();
  await dialog.locator('.govuk-error-summary').waitFor();
  assert.equal(await dialog.locator('.govuk-error-summary a').innerText(), 'Enter why this entry is being reversed');
  assert.equal((await calls(page, 'reverse_ledger_entry')).length, 0, 'nothing sent without a reason');
  await screenshot(page, 'person-reverse-dialog');

  // Escape cancels without posting.
  await page.keyboard.press('Escape');
  assert.equal(await dialog.evaluate((d) => d.open), false);
  assert.equal((await calls(page, 'reverse_ledger_entry')).length, 0);

  await row.getByRole('button', { name: /Reverse/ }).click();
  assert.equal(await dialog.locator('.govuk-error-summary').count(), 0, 'a fresh start');
  await page.keyboard.type('Card payment taken twice');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.app-flash');
  assert.deepEqual((await calls(page, 'reverse_ledger_entry')).map((c) => c.args), [
    { input: { entryId: '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a4006', reason: 'Card payment taken twice' } },
  ]);
  assert.equal(await dialog.evaluate((d) => d.open), false);
  assert.equal(await page.locator('.app-flash .govuk-notification-banner__heading').innerText(),
    'Payment of £25.00 on account 50012345 reversed.');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a reversal Rust refuses keeps the dialog open with its message', async () => {
  const page = await openJane();
  await page.evaluate(() => {
    window.__fake.reject.reverse_ledger_entry = [
      { code: 'conflict', message: 'this entry was already reversed on 2026-11-24 by b.processing' },
    ];
  });
  await page.locator('[data-entry-row="0193a7c2-5b1e-7c3a-9f10-2b8d4e6a4003"]').getByRole('button').click();
  await page.keyboard.type('Duplicate');
  await page.locator('reverse-dialog').getByRole('button', { name: 'Reverse entry' }).click();
  const summary = page.locator('reverse-dialog .govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /This entry was already reversed on 2026-11-24 by b\.processing/);
  assert.ok(await page.locator('reverse-dialog dialog').evaluate((d) => d.open));
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('adding a note sends the body (and the account only when one is chosen)', async () => {
  const page = await openJane();
  await page.locator('.app-page-header').getByRole('button', { name: 'Add note' }).click();
  assert.equal(await focusedId(page), 'note-body');
  await page.keyboard.type('Called: will ring back Friday.');
  await page.locator('note-form').getByRole('button', { name: 'Add note' }).click();
  await page.waitForSelector('.app-flash');
  await page.locator('note-form textarea').fill('About the HB overpayment only');
  await page.selectOption('#note-account', HB_ACCOUNT);
  await page.locator('note-form').getByRole('button', { name: 'Add note' }).click();
  await page.waitForFunction(() => window.__calls.filter((c) => c.cmd === 'add_note').length === 2);
  assert.deepEqual((await calls(page, 'add_note')).map((c) => c.args), [
    { input: { partyId: JANE, body: 'Called: will ring back Friday.' } },
    { input: { partyId: JANE, accountId: HB_ACCOUNT, body: 'About the HB overpayment only' } },
  ]);

  await page.evaluate(() => {
    window.__fake.reject.add_note = [{ code: 'validation', field: 'body', message: 'enter the note' }];
  });
  await page.waitForSelector('.app-flash');
  await page.locator('note-form').getByRole('button', { name: 'Add note' }).click();
  await page.waitForSelector('note-form .govuk-error-summary');
  assert.equal(await page.locator('note-form .govuk-error-summary a').innerText(), 'Enter the note');
  assert.equal(await page.locator('note-form .govuk-error-summary a').getAttribute('href'), '#note-body');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
