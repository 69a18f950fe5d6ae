// Unit tests of ui/format.js, ui/lib/html.js and ui/api.js, run as ES modules inside chromium: money text, dates, labels, escaping, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, openApp } from './harness.mjs';

const ctx = suite({ before, after });
let page;

async function app() {
  page ??= await openApp(ctx.browser, ctx.server);
  return page;
}

after(async () => {
  await page?.context().close();
});

test('money is shown exactly as Rust sent it, grouped, with a true minus sign for credits', async () => {
  const out = await (await app()).evaluate(async () => {
    const m = await import('/format.js');
    return {
      money: ['1234.50', '0.00', '-12.00', '1000000.05', '7', '-0.00', '12.5', '00012.30', 'n/a', '1234.567'].map(m.money),
      balance: ['1234.50', '-12.00', '0.00'].map(m.balance),
      unsigned: ['-25.00', '25.00'].map(m.moneyUnsigned),
      negative: ['-1.00', '-0.00', '0.01'].map(m.isNegative),
    };
  });
  assert.deepEqual(out.money, [
    '£1,234.50', '£0.00', '\u2212£12.00', '£1,000,000.05', '£7.00', '£0.00', '£12.50', '£12.30', 'n/a', '1234.567',
  ]);
  assert.deepEqual(out.balance, ['£1,234.50', '£12.00 in credit', '£0.00']);
  assert.deepEqual(out.unsigned, ['£25.00', '£25.00']);
  assert.deepEqual(out.negative, [true, false, false]);
});

test('dates read "25 Nov 2026" whatever the time zone, and date inputs round-trip', async () => {
  const out = await (await app()).evaluate(async () => {
    const m = await import('/format.js');
    return [
      m.date('2026-11-25'), m.date('2027-01-09'), m.date('1971-03-14', { long: true }), m.date(''),
      m.dateParts('2026-04-03'),
      m.isoFromParts({ day: '3', month: '4', year: '2026' }), m.isoFromParts({ day: ' ', month: '', year: '' }),
      m.dateTime('2026-11-20T10:42:13.511Z'), m.dateTime('2026-07-20T10:42:13.511Z'),
    ];
  });
  assert.deepEqual(out, [
    '25 Nov 2026', '9 Jan 2027', '14 March 1971', '',
    { day: '3', month: '4', year: '2026' },
    '2026-04-03', '',
    '20 Nov 2026, 10:42', '20 Jul 2026, 11:42', // local time: British Summer Time in July
  ]);
});

test('codes become officer words, NI numbers are spaced', async () => {
  const out = await (await app()).evaluate(async () => {
    const m = await import('/format.js');
    return {
      words: [
        m.debtType('hb_overpayment'), m.debtType('hb_overpayment', { short: true }), m.paymentMethod('paypoint'),
        m.jurisdiction('wales'), m.niNumber('qq123456c'), m.niNumber('TEMP1'), m.auditAction('record_payment'),
        m.auditAction('save_council_profile'),
      ],
      methods: m.PAYMENT_METHODS.map(([c]) => c),
    };
  });
  assert.deepEqual(out.words, [
    'Housing Benefit overpayment', 'HB overpayment', 'PayPoint / Post Office', 'Wales', 'QQ 12 34 56 C', 'TEMP1',
    'Payment recorded', 'Save council profile',
  ]);
  assert.deepEqual(out.methods, ['card', 'cash', 'cheque', 'bank_transfer', 'direct_debit', 'standing_order', 'paypoint', 'dwp', 'aeo']);
});

test('html`` escapes every interpolated value, nests html`` and arrays, and drops null and false', async () => {
  const out = await (await app()).evaluate(async () => {
    const { html, render } = await import('/lib/html.js');
    const name = '<img src=x onerror=alert(1)> "O\'Brien" & Sons';
    let refused = 'rendered';
    try {
      render(document.createElement('div'), '<b>x</b>');
    } catch (e) {
      refused = e.name;
    }
    return [
      html`<p title="${name}">${name}</p>`.toString(),
      html`<ul>${['<a>', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.toString(),
      html`${null}${undefined}${false}${0}`.toString(),
      refused,
    ];
  });
  assert.deepEqual(out, [
    '<p title="&lt;img src=x onerror=alert(1)&gt; &quot;O&#39;Brien&quot; &amp; Sons">&lt;img src=x onerror=alert(1)&gt; &quot;O&#39;Brien&quot; &amp; Sons</p>',
    '<ul><li>&lt;a&gt;</li><li>b</li></ul>',
    '0',
    'TypeError',
  ]);
});

test('ApiError carries code, command and field; a bare string rejection becomes an internal error', async () => {
  const out = await (await app()).evaluate(async () => {
    const m = await import('/api.js');
    window.__fake.reject.record_payment = [{ code: 'validation', field: 'amount', message: 'must be more than £0.00' }];
    window.__fake.reject.search = ['command search not allowed'];
    const seen = [];
    const attempts = [
      () => m.recordPayment({ accountId: 'a', amount: '0', method: 'card', receivedOn: '2026-11-25', receiptReference: 'r' }),
      () => m.search('x'),
    ];
    for (const attempt of attempts) {
      try {
        await attempt();
        seen.push('resolved');
      } catch (e) {
        seen.push({ isApiError: e instanceof m.ApiError, isError: e instanceof Error, code: e.code, command: e.command, field: e.field, message: e.message });
      }
    }
    return seen;
  });
  assert.deepEqual(out, [
    { isApiError: true, isError: true, code: 'validation', command: 'record_payment', field: 'amount', message: 'must be more than £0.00' },
    { isApiError: true, isError: true, code: 'internal', command: 'search', field: null, message: 'command search not allowed' },
  ]);
});
