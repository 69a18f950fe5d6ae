// UI tests of the search screen: as-you-type ranked results, stale answers ignored, keyboard-only use from "/" to opening a person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openApp, calls, problems, screenshot, JANE, JOHN } from './harness.mjs';

const ctx = suite({ before, after });

test('the empty search screen focuses the box and says what can be searched', async () => {
  const page = await openApp(ctx.browser, ctx.server);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-query');
  const help = await page.locator('.app-search-help').innerText();
  for (const what of ['Name', 'Address', 'Postcode', 'Account reference', 'Phone', 'Email', 'NI number']) {
    assert.match(help, new RegExp(what), `the help names ${what}`);
  }
  assert.match(help, /AD1 2BC/);
  assert.equal(await page.locator('#council-name').innerText(), 'Ashdown District Council');
  assert.match(await page.locator('.govuk-service-navigation__service-name').innerText(), /Recovery Desk/);
  const nav = await page.locator('#side-nav a').allInnerTexts();
  assert.deepEqual(nav, ['Search', 'Worklist', 'Recovery runs', 'Holds', 'Court', 'Print runs', 'Settings\nLetters', 'Settings\nAudit log'], 'only screens that exist are listed');
  assert.equal(await page.title(), 'Search – Recovery Desk');
  await screenshot(page, 'search-empty');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('typing shows ranked results as you type, with a count, account references and debt types', async () => {
  const page = await openApp(ctx.browser, ctx.server);
  await page.keyboard.type('smith', { delay: 30 });
  await page.waitForSelector('.app-results__row');
  const names = await page.locator('.app-results__link').allInnerTexts();
  assert.deepEqual(names, ['Jane Smith', 'John Smith', 'Smith & Daughters Bakery Ltd', 'Alan Smithson'], 'in the order Rust ranked them');
  assert.equal(await page.locator('#search-status').innerText(), '4 results for “smith”');
  const first = await page.locator('.app-results__row').first().innerText();
  assert.match(first, /12 High Street, Ashdown, AD1 2BC/);
  assert.match(first, /Surname/);
  assert.match(first, /50012345\s+Council Tax/);
  assert.match(first, /HB-700123\s+HB overpayment/);
  const searches = await calls(page, 'search');
  assert.ok(searches.length >= 1 && searches.length <= 2, `debounced: ${searches.length} searches for 5 keystrokes`);
  assert.deepEqual(searches.at(-1).args, { input: { query: 'smith', limit: 50 } });
  assert.equal(await page.evaluate(() => location.hash), '#/search?q=smith');

  await page.keyboard.type(' jane', { delay: 30 });
  await page.waitForFunction(() => document.querySelectorAll('.app-results__row').length === 1);
  assert.equal(await page.locator('#search-status').innerText(), '1 result for “smith jane”');

  await page.fill('#search-query', 'zzzz');
  await page.waitForSelector('text=No one matches “zzzz”');
  assert.match(await page.locator('.app-search-help').innerText(), /NI number/);
  await screenshot(page, 'search-no-results');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a slow answer to an old query never replaces the answer to the newest one', async () => {
  const page = await openApp(ctx.browser, ctx.server);
  await page.evaluate(() => { window.__fake.delays.j = 700; });
  await page.keyboard.type('j');
  await page.waitForFunction(() => window.__calls.some((c) => c.cmd === 'search' && c.args.input.query === 'j'));
  await page.keyboard.type('ane', { delay: 20 });
  await page.waitForFunction(() => document.getElementById('search-status').textContent.includes('“jane”'));
  await page.waitForTimeout(900); // the answer for "j" (two people) arrives now and must be ignored
  assert.deepEqual(await page.locator('.app-results__link').allInnerTexts(), ['Jane Smith']);
  assert.equal(await page.locator('#search-status').innerText(), '1 result for “jane”');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('keyboard only: / focuses the box, arrows move through results, Enter opens the person', async () => {
  const page = await openApp(ctx.browser, ctx.server);
  await page.locator('h1').click(); // focus away from the box
  assert.notEqual(await page.evaluate(() => document.activeElement.id), 'search-query');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-query');
  assert.equal(await page.inputValue('#search-query'), '', '"/" is not typed into the box');
  await page.keyboard.type('smith');
  await page.waitForSelector('.app-results__row');

  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Jane Smith');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'John Smith');
  await screenshot(page, 'search-keyboard');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-query', 'up from the first result returns to the box');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  await page.waitForFunction((id) => location.hash === `#/person/${id}`, JOHN);
  await page.waitForSelector('h1:text("Mr John Smith")');
  assert.equal(await page.title(), 'Mr John Smith – Recovery Desk');
  assert.deepEqual(await page.locator('#side-nav a').allInnerTexts(), ['Search', 'Person\nMr John Smith', 'Worklist', 'Recovery runs', 'Holds', 'Court', 'Print runs', 'Settings\nLetters', 'Settings\nAudit log']);

  // "/" from the person screen goes back to the search, query kept and selected.
  await page.keyboard.press('/');
  await page.waitForFunction(() => document.activeElement?.id === 'search-query');
  assert.equal(await page.inputValue('#search-query'), 'smith');
  assert.equal(await page.locator('.app-results__row').count(), 4);
  // ... but "/" typed in a field is just a character.
  await page.keyboard.type('/');
  assert.equal(await page.inputValue('#search-query'), '/', 'the selected query was replaced by what was typed');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('Enter in the box opens the only result straight away', async () => {
  const page = await openApp(ctx.browser, ctx.server);
  await page.keyboard.type('HB-700123');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => location.hash === `#/person/${id}`, JANE);
  await page.waitForSelector('h1:text("Mrs Jane Smith")');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the skip link moves focus to the main content without changing the screen', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/search?q=smith' });
  await page.waitForSelector('.app-results__row');
  // The skip link is the first thing Tab reaches on a fresh page.
  await page.evaluate(() => document.activeElement.blur());
  await page.evaluate(() => document.getElementById('skip-link').focus());
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
  assert.ok(await page.locator('#skip-link').isVisible(), 'visible when focused');
  const first = await page.evaluate(() => document.querySelector('body a, body button, body input').id);
  assert.equal(first, 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main-content');
  assert.equal(await page.evaluate(() => location.hash), '#/search?q=smith');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('opened outside the app (no Tauri core), the page says so instead of failing silently', async () => {
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${ctx.server.url}#/search`);
  await page.waitForSelector('#app-alert .govuk-error-summary');
  assert.match(await page.locator('#app-alert').innerText(), /not connected to its database/);
  await context.close();
});
