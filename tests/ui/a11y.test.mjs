// Accessibility: axe-core finds no WCAG 2.x A or AA violation on the search screen, its results, and the person screen with its forms open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openApp, axe, problems, screenshot, JANE, JOHN, ADVISER } from './harness.mjs';

const ctx = suite({ before, after });

function clean(violations, where) {
  assert.deepEqual(violations, [], `axe found WCAG A/AA violations on ${where}:\n${violations.join('\n')}`);
}

test('the empty search screen has no WCAG A/AA violations', async () => {
  const page = await openApp(ctx.browser, ctx.server);
  clean(await axe(page), 'the empty search screen');
  // The check can fail: a control without a label is caught.
  await page.evaluate(() => document.getElementById('screen').append(document.createElement('input')));
  assert.match((await axe(page)).join('\n'), /^label /m);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('search results, and no results, have no WCAG A/AA violations', async () => {
  const page = await openApp(ctx.browser, ctx.server);
  await page.keyboard.type('smith');
  await page.waitForSelector('.app-results__row');
  await page.keyboard.press('ArrowDown');
  clean(await axe(page), 'the search results');
  await page.fill('#search-query', 'nobody at all');
  await page.waitForSelector('text=No one matches');
  clean(await axe(page), 'a search with no results');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the person screen with the payment form, errors and audit trail open has no WCAG A/AA violations', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${JANE}` });
  await page.waitForSelector('.app-page-header h1');
  clean(await axe(page), 'the person screen');
  await page.getByRole('button', { name: 'Record a payment' }).first().click();
  await page.locator('.app-audit summary').click();
  await page.waitForSelector('.app-audit tbody tr');
  clean(await axe(page), 'the person screen with the payment form and audit trail open');
  await page.evaluate(() => {
    window.__fake.reject.record_payment = [{ code: 'validation', field: 'amount', message: 'must be more than £0.00' }];
    window.__fake.reject.add_note = [{ code: 'validation', field: 'body', message: 'enter the note' }];
  });
  await page.getByRole('button', { name: 'Record payment', exact: true }).click();
  await page.waitForSelector('payment-form .govuk-error-summary');
  await page.locator('note-form').getByRole('button', { name: 'Add note' }).click();
  await page.waitForSelector('note-form .govuk-error-summary');
  clean(await axe(page), 'the person screen with form errors showing');
  await page.getByRole('button', { name: /Reverse payment of £25.00/ }).click();
  await page.waitForSelector('reverse-dialog dialog[open]');
  clean(await axe(page), 'the person screen with the reverse dialog open');
  await page.keyboard.press('Escape');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a joint party and an organisation have no WCAG A/AA violations', async () => {
  for (const id of [JOHN, ADVISER]) {
    const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${id}` });
    await page.waitForSelector('.app-page-header h1');
    clean(await axe(page), `person ${id}`);
    assert.deepEqual(await problems(page), []);
    await page.context().close();
  }
});

test('a narrow window still works: the layout stacks and nothing needs sideways scrolling', async () => {
  const page = await openApp(ctx.browser, ctx.server, { hash: `#/person/${JANE}`, viewport: { width: 800, height: 900 } });
  await page.waitForSelector('.app-page-header h1');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  clean(await axe(page), 'the person screen at 800px');
  await screenshot(page, 'person-narrow');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
