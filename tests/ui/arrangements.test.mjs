// UI tests of the arrangement planner and the person screen's arrangements (issue 7): the planner from the keyboard (debts, first payment, an amount or an end date) sends exactly what was typed and shows Rust's schedule, checks with reasons and the affordable amount; a refusal blocks saving; saving shows the reference; the person screen shows every payment paid, missed, late or due with the history, checks payments now and cancels; axe finds nothing. DOCS_SCREENSHOTS=1 writes docs/arrangements/planner.png and person-arrangements.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite, openApp, calls, problems, screenshot, axe, defaultFixtures, fixture } from './harness.mjs';

const ctx = suite({ before, after });
const here = path.dirname(fileURLToPath(import.meta.url));
const DOCS = path.resolve(here, '../../docs/arrangements');
const PETER = '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1010';
const planner = fixture('arr_planner_peter');
const [CT_2025, CT_2026, HB] = planner.debts.map((d) => d.liability_id);

function withPeter() {
  const fx = defaultFixtures();
  fx.people[PETER] = fixture('arr_person_peter');
  return fx;
}

async function docShot(page, name, part) {
  await screenshot(page, name);
  if (process.env.DOCS_SCREENSHOTS) {
    fs.mkdirSync(DOCS, { recursive: true });
    const file = path.join(DOCS, `${name}.png`);
    if (part) await page.locator(part).screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
  }
}

async function openPlanner(options = {}) {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${PETER}/arrangement`, fixtures: withPeter(), ...options });
  await page.waitForSelector('#arr-debt-0');
  return page;
}

async function typeDate(page, id, day, month, year) {
  await page.fill(`#${id}-day`, day);
  await page.fill(`#${id}-month`, month);
  await page.fill(`#${id}-year`, year);
}

const lastPlan = async (page) => (await calls(page, 'plan_arrangement')).at(-1)?.args.input;

test('the planner sends what was typed and shows Rust\'s schedule, its checks with reasons and the affordable amount beside it', async () => {
  const page = await openPlanner({ viewport: { width: 1400, height: 1000 } });
  assert.equal(await page.title(), 'Plan an arrangement – Mr Peter Oduya – Recovery Desk');
  assert.equal(await page.locator('[data-affordable]').innerText(), '£60.00 a month');
  // The debts in an arrangement already start unticked, with why.
  assert.deepEqual(await page.locator('input[name="debt"]').evaluateAll((b) => b.map((x) => x.checked)), [true, true, false]);
  assert.match(await page.locator('#arr-debt-2-hint').innerText(), /In arrangement AR-4E6A8001/);
  // From the keyboard: the date parts, then the amount.
  await page.focus('#arr-start-day');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('12');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2026');
  await page.focus('#arr-amount');
  await page.keyboard.type('80.00');
  await page.waitForSelector('[data-schedule]');
  assert.deepEqual(await lastPlan(page), {
    partyId: PETER, liabilityIds: [CT_2025, CT_2026], frequency: 'monthly', startOn: '2026-12-01', amount: '80.00',
  });
  assert.equal(await page.locator('[data-total]').innerText(), '£2,100.00');
  assert.equal(await page.locator('[data-payments]').innerText(), '27 payments of £80.00 monthly');
  assert.equal(await page.locator('[data-last]').innerText(), '1 December 2026 to 1 February 2029, the last £20.00');
  const rows = await page.locator('[data-schedule] tbody tr').allInnerTexts();
  assert.equal(rows.length, 27);
  assert.deepEqual(rows[0].split('\t'), ['1', '1 December 2026', '£80.00']);
  assert.deepEqual(rows[26].split('\t'), ['27', '1 February 2029', '£20.00']);
  assert.deepEqual(await page.locator('[data-check]').evaluateAll((l) => l.map((x) => x.dataset.check)),
    ['over_affordable', 'current_year_not_cleared', 'longer_than_maximum']);
  assert.match(await page.locator('[data-check="current_year_not_cleared"]').innerText(),
    /Current-year liability not cleared by year end: 4 payments \(£320\.00\) fall by 31 March 2027 and, paid to this year first, leave £580\.00 of 2026\/27's charge unpaid\./);
  assert.match(await page.locator('[data-check="over_affordable"]').innerText(), /more than the £60\.00 a month/);
  assert.deepEqual(await page.locator('.app-planner__debts tbody tr').allInnerTexts(), [
    'Council Tax 2026/27 50055501 This year\t£900.00\t1 Nov 2027',
    'Council Tax 2025/26 50055501\t£1,200.00\t1 Feb 2029',
  ]);
  assert.deepEqual(await axe(page), []);
  await docShot(page, 'planner');
  // An end date instead: Rust works out the amount.
  await page.check('#arr-size-end');
  await typeDate(page, 'arr-end', '30', '11', '2027');
  await page.waitForFunction(() => document.querySelector('[data-payments]')?.innerText.startsWith('12 payments'));
  assert.deepEqual(await lastPlan(page), {
    partyId: PETER, liabilityIds: [CT_2025, CT_2026], frequency: 'monthly', startOn: '2026-12-01', endOn: '2027-11-30',
  });
  assert.equal(await page.locator('[data-payments]').innerText(), '12 payments of £175.00 monthly');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a refusal blocks the plan, a bad amount is named beside its field, and saving shows the reference', async () => {
  const page = await openPlanner();
  await typeDate(page, 'arr-start', '1', '12', '2026');
  await page.fill('#arr-amount', '0');
  await page.waitForSelector('[data-plan-problem]');
  assert.match(await page.locator('[data-field="amount"] .govuk-error-message').innerText(), /Amount of each payment must be more than £0\.00/);
  await page.fill('#arr-amount', '80');
  await page.check('#arr-debt-2');
  await page.waitForSelector('[data-check="live_arrangement"]');
  assert.match(await page.locator('[data-check="live_arrangement"]').innerText(),
    /Refused\s+Housing Benefit overpayment 2024\/25 · HB-700555 is already in live arrangement AR-4E6A8001: cancel that one first\./);
  assert.match(await page.locator('.govuk-warning-text').innerText(), /cannot be agreed/);
  await page.click('[data-action="save"]');
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /This arrangement cannot be agreed[\s\S]*already in live arrangement AR-4E6A8001/);
  assert.equal((await calls(page, 'save_arrangement')).length, 1);
  // Without the overpayment, saved: by Direct Debit, agreed by phone with Mr Oduya.
  await page.uncheck('#arr-debt-2');
  await page.waitForFunction(() => !document.querySelector('[data-check="live_arrangement"]'));
  await page.check('#arr-print-run');
  await page.click('[data-action="save"]');
  await page.waitForSelector('.app-planner__saved');
  assert.deepEqual((await calls(page, 'save_arrangement')).at(-1).args.input, {
    plan: { partyId: PETER, liabilityIds: [CT_2025, CT_2026], frequency: 'monthly', startOn: '2026-12-01', amount: '80' },
    method: 'direct_debit', agreedHow: 'phone', agreedWith: 'Mr Peter Oduya', withPrintRun: true,
  });
  assert.match(await page.locator('.app-planner__saved').innerText(), /Arrangement agreed\s+Reference AR-4E6A8028/);
  assert.match(await page.locator('main, body').first().innerText(), /27 payments of £80\.00 monthly from 1 December 2026, the last £20\.00 on 1 February 2029: £2,100\.00 in all, by Direct Debit\./);
  await page.click('text=Back to Mr Peter Oduya');
  await page.waitForSelector('[data-arrangement-card="AR-4E6A8028"]');
  assert.deepEqual(await page.locator('[data-arrangement-card]').evaluateAll((l) => l.map((x) => x.dataset.arrangementCard)), ['AR-4E6A8028', 'AR-4E6A8001']);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the person screen shows each payment paid, missed, late or due, the history, and checks payments now or cancels', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${PETER}`, fixtures: withPeter(), viewport: { width: 1280, height: 1000 } });
  await page.waitForSelector('[data-arrangement-card="AR-4E6A8001"]');
  const card = page.locator('[data-arrangement-card="AR-4E6A8001"]');
  assert.match(await card.locator('[data-state]').innerText(), /payment missed/i);
  assert.match(await card.locator('[data-monitoring]').innerText(), /^Payment 6 of £40\.00 due 6 November 2026 is missed; the default letter was sent\.$/);
  assert.match(await card.locator('[data-paid]').innerText(), /£200\.00 of £280\.00 due: £80\.00 behind/);
  const statuses = await card.locator('[data-payment] [data-status]').allInnerTexts();
  assert.deepEqual(statuses.slice(0, 8).map((s) => s.toLowerCase()), ['paid', 'paid', 'paid', 'paid', 'paid', 'missed', 'late', 'due']);
  assert.deepEqual(await card.locator('[data-history] li strong').allInnerTexts(), ['Agreed', 'Payment missed: default letter sent']);
  assert.match(await card.locator('[data-history]').innerText(), /pay £40\.00 by 5 December 2026/);
  assert.deepEqual(await axe(page), []);
  await docShot(page, 'person-arrangements', 'person-arrangements');
  // Check payments now: monitoring on demand, committed.
  await card.locator('[data-arrangement-action="check"]').click();
  await page.waitForSelector('.app-arrangements__message');
  assert.deepEqual((await calls(page, 'monitor_arrangement')).at(-1).args.input, { arrangementId: '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a8001', commit: true });
  assert.match(await page.locator('.app-arrangements__message').innerText(), /Arrangement AR-4E6A8001 checked: nothing to do today\. Payment 6 of £40\.00/);
  // Cancel, with a reason, from the keyboard.
  await page.locator('[data-arrangement-card="AR-4E6A8001"] [data-arrangement-action="cancel"]').click();
  const reason = page.locator('[data-arrangement-card="AR-4E6A8001"] input[name="reason"]');
  assert.equal(await reason.evaluate((el) => el === document.activeElement), true);
  await reason.type('Moving to Direct Debit');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.app-arrangements__message')?.innerText.includes('cancelled'));
  assert.deepEqual((await calls(page, 'cancel_arrangement')).at(-1).args.input, { arrangementId: '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a8001', reason: 'Moving to Direct Debit' });
  assert.match(await page.locator('[data-arrangement-card="AR-4E6A8001"] [data-state]').innerText(), /cancelled/i);
  assert.equal(await page.locator('[data-arrangement-card="AR-4E6A8001"] [data-arrangement-action="reinstate"]').count(), 1);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a person with no arrangement is offered the planner', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/person/0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1001' });
  await page.waitForSelector('person-arrangements .app-arrangements');
  assert.match(await page.locator('person-arrangements').innerText(), /No arrangement has been agreed\./);
  assert.equal(await page.locator('[data-plan-link]').getAttribute('href'), '#/person/0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1001/arrangement');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
