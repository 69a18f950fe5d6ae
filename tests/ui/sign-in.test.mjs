// UI tests of signing in (issue 9): the sign-in form and its refusal, going on where you were, the idle and sleep locks, signing out, the first-run set-up with its recovery key, and the Users screen of an administrator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openApp, calls, problems, screenshot, axe, defaultFixtures } from './harness.mjs';

const ctx = suite({ before, after });

async function signedOut(page) {
  await page.evaluate(() => sessionStorage.setItem('__fake_signed_out', 'sign_out'));
  await page.reload();
  await page.waitForSelector('.app-sign-in form');
}

test('a wrong password is refused in words; the right one opens the screen you asked for', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/holds' });
  await signedOut(page);
  assert.equal(await page.title(), 'Sign in – Recovery Desk');
  assert.equal(await page.locator('#side-nav').isVisible(), false, 'no navigation before sign-in');
  await page.fill('#sign-in-username', 'a.officer');
  await page.fill('#sign-in-password', 'guess-guess-guess');
  await page.click('button[type=submit]');
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /You could not be signed in\s+The username or password is not right/);
  assert.equal(await page.inputValue('#sign-in-password'), '', 'the wrong password is cleared');
  assert.deepEqual(await axe(page), []);
  await screenshot(page, 'sign-in-refused');
  await page.fill('#sign-in-password', 'demo-password-2026');
  await page.click('button[type=submit]');
  await page.waitForSelector('.app-screen--holds h1');
  assert.match(await page.locator('#who').innerText(), /Alex Morgan \(Recovery officer\)/);
  assert.deepEqual((await calls(page, 'sign_in')).at(-1).args, { input: { username: 'a.officer', password: 'demo-password-2026' } });
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the app locks itself after the idle minutes and when the computer sleeps, and Sign out signs out', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/search' });
  await page.clock.install();
  await page.reload();
  await page.waitForSelector('#search-query');
  // Ten minutes without input: locked, the sign-in form says why.
  await page.clock.runFor(10 * 60_000 + 5_000);
  await page.waitForSelector('.app-sign-in form');
  assert.equal((await calls(page, 'sign_out')).length, 0, 'calls are recorded per page load');
  assert.match(await page.locator('.app-lock-reason').innerText(), /locked itself after 10 minutes without use/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('__fake_signed_out')), 'idle');
  await page.fill('#sign-in-password', 'demo-password-2026');
  await page.click('button[type=submit]');
  await page.waitForSelector('#search-query');
  // A tick far too late: the computer slept.
  await page.clock.fastForward(5 * 60_000);
  await page.clock.runFor(5_000);
  await page.waitForSelector('.app-sign-in form');
  assert.match(await page.locator('.app-lock-reason').innerText(), /while the computer was asleep/);
  await page.fill('#sign-in-password', 'demo-password-2026');
  await page.click('button[type=submit]');
  await page.waitForSelector('#search-query');
  await page.click('[data-sign-out]');
  await page.waitForSelector('.app-sign-in form');
  assert.match(await page.locator('.app-lock-reason').innerText(), /You have signed out/);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the first run sets up the administrator and shows the recovery key once', async () => {
  const fixtures = { ...defaultFixtures(), status: { state: 'needs_set_up', db_path: '/data/recovery-desk.db' } };
  const page = await openApp(ctx.browser, ctx.server, { fixtures });
  await page.waitForSelector('.app-sign-in form');
  assert.equal(await page.locator('h1').innerText(), 'Set up Recovery Desk');
  await page.fill('#set-up-name', 'Sam Taylor');
  await page.fill('#set-up-username', 'admin');
  await page.fill('#set-up-password', 'short');
  await page.click('button[type=submit]');
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Password must be at least 10 characters/);
  await page.fill('#set-up-password', 'a long enough password');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-recovery-key]');
  assert.equal(await page.locator('[data-recovery-key]').innerText(), '0123abcd-0123abcd-0123abcd-0123abcd-0123abcd-0123abcd-0123abcd-0123abcd');
  assert.deepEqual(await axe(page), []);
  await screenshot(page, 'set-up-recovery-key');
  await page.click('[data-continue]');
  await page.waitForSelector('#search-query');
  assert.match(await page.locator('#who').innerText(), /Sam Taylor \(System administrator\)/);
  const nav = await page.locator('#side-nav a').allInnerTexts();
  assert.ok(nav.includes('Settings\nUsers and security'), 'an administrator sees Users');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an administrator adds a user, changes a role and sets the lock minutes; a refusal is shown in words', async () => {
  const fixtures = defaultFixtures();
  fixtures.session = { ...fixtures.session, user_id: 'u-admin', username: 'admin', display_name: 'Sam Taylor', role: 'admin', role_title: 'System administrator' };
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/settings/users', fixtures });
  await page.waitForSelector('[data-users]');
  const rows = await page.locator('[data-users] tbody tr').allInnerTexts();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /Alex Morgan\s+a\.officer/);
  assert.match(rows[1], /Sam Taylor \(you\)\s+admin/);
  await page.fill('#add-name', 'Cara Jones');
  await page.fill('#add-username', 'c.jones');
  await page.selectOption('#add-role', 'processing');
  await page.fill('#add-password', 'welcome-cara-1');
  await page.click('[data-add-user] button[type=submit]');
  await page.waitForSelector('.app-flash');
  assert.match(await page.locator('.app-flash').innerText(), /Cara Jones \(c\.jones\) added as a processing officer/);
  assert.deepEqual((await calls(page, 'add_user')).at(-1).args, { input: { displayName: 'Cara Jones', username: 'c.jones', role: 'processing', password: 'welcome-cara-1' } });
  // The last administrator keeps the role: the core refuses, the screen says so.
  await page.selectOption('[data-role-of="u-admin"]', 'officer');
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /The last administrator keeps the role/);
  assert.equal(await page.inputValue('[data-role-of="u-admin"]'), 'admin');
  await page.fill('#idle-minutes', '90');
  await page.click('[data-security] button[type=submit]');
  await page.waitForSelector('#idle-minutes.govuk-input--error');
  await page.fill('#idle-minutes', '5');
  await page.click('[data-security] button[type=submit]');
  await page.waitForSelector('.app-flash');
  assert.match(await page.locator('.app-flash').innerText(), /locks after 5 minutes/);
  assert.deepEqual(await axe(page), []);
  await screenshot(page, 'users');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an officer is told only an administrator manages users', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/settings/users' });
  await page.waitForSelector('.app-screen--users .govuk-inset-text');
  assert.equal(await page.locator('.app-screen--users .govuk-inset-text').innerText(), 'Only a system administrator manages users.');
  const nav = await page.locator('#side-nav a').allInnerTexts();
  assert.ok(!nav.some((n) => n.includes('Users')), 'no Users link for an officer');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('someone else signing in after a lock starts at Search, not on the last person\'s screen', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: '#/holds' });
  await page.evaluate(() => sessionStorage.setItem('recovery-desk:last-user', 'team.leader'));
  await signedOut(page);
  await page.fill('#sign-in-username', 'a.officer');
  await page.fill('#sign-in-password', 'demo-password-2026');
  await page.click('button[type=submit]');
  await page.waitForSelector('#search-query');
  assert.equal(new URL(page.url()).hash, '#/search');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
