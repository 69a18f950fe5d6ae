// UI test harness: serves ui/ on 127.0.0.1 with the app's CSP, drives Debian chromium through playwright-core, and fakes window.__TAURI__ from fixtures.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { ieFixtures, fakeIncomeExpenditure } from './fake-ie.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const uiDir = path.join(root, 'ui');
const require = createRequire(import.meta.url);
export const SCREENSHOTS = path.join(here, 'screenshots');

/** The CSP of tauri.conf.json, so anything the app would be refused is refused here too. */
function appCsp() {
  try {
    const conf = JSON.parse(fs.readFileSync(path.join(root, 'tauri.conf.json'), 'utf8'));
    const csp = conf?.app?.security?.csp;
    if (typeof csp === 'string' && csp) return csp;
  } catch {
    // Fall through to the documented policy.
  }
  return "default-src 'self'; img-src 'self' data: asset:; style-src 'self'; script-src 'self'; font-src 'self'; connect-src ipc: http://ipc.localhost";
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** A static server for ui/ (plus axe-core at /__test/axe.js) on a random loopback port. */
export async function startServer() {
  const csp = appCsp();
  const axePath = require.resolve('axe-core/axe.min.js');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file;
    if (url.pathname === '/__test/axe.js') file = axePath;
    else {
      const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      file = path.join(uiDir, path.normalize(rel));
      if (!file.startsWith(uiDir + path.sep)) {
        res.writeHead(403).end();
        return;
      }
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': csp,
        'cache-control': 'no-store',
      });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(here, 'fixtures', `${name}.json`), 'utf8'));
}

/** Everything the fake core answers from. Tests may change it before opening the app. */
export function defaultFixtures() {
  const people = {};
  for (const name of ['person_jane_smith', 'person_john_smith', 'person_citizens_advice']) {
    const p = fixture(name);
    people[p.party.id] = p;
  }
  return {
    appInfo: fixture('app_info'),
    councilProfile: fixture('council_profile'),
    hits: fixture('search_hits'),
    people,
    audit: { [fixture('person_jane_smith').party.id]: fixture('audit_jane_smith') },
    ie: ieFixtures(),
  };
}

/**
 * Runs in the page before any app code: a fake `window.__TAURI__.core.invoke` that records every call in
 * `window.__calls` and answers from the fixtures. `window.__fake.reject[cmd]` is a queue of errors to
 * reject with; `window.__fake.delays[query or cmd]` delays an answer (ms).
 */
function fakeTauri(fx) {
  const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
  const fake = { reject: {}, delays: {} };
  window.__fake = fake;
  window.__calls = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
  });
  const notFound = (what) => ({ code: 'not_found', message: `${what} was not found` });
  const words = (s) => String(s).toLowerCase();
  let n = 0;
  async function invoke(cmd, args) {
    window.__calls.push({ cmd, args: clone(args) });
    const input = args?.input ?? {};
    const delay = cmd === 'search' ? fake.delays[input.query] : fake.delays[cmd];
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const queue = fake.reject[cmd];
    if (queue?.length) throw clone(queue.shift());
    switch (cmd) {
      case 'app_info':
        return clone(fx.appInfo);
      case 'council_profile':
        return clone(fx.councilProfile);
      case 'search': {
        const terms = words(input.query).split(/\s+/).filter(Boolean);
        return clone(
          fx.hits
            .filter((h) => {
              const hay = words([h.name, h.address, ...h.accounts.map((a) => a.reference)].join(' '));
              return terms.every((t) => hay.includes(t));
            })
            .slice(0, input.limit ?? 50),
        );
      }
      case 'person': {
        const p = fx.people[input.partyId];
        if (!p) throw notFound(`person ${input.partyId}`);
        return clone(p);
      }
      case 'person_audit':
        return clone(fx.audit[input.partyId] ?? []);
      case 'add_note':
        return { id: `note-${++n}`, account_id: input.accountId ?? null, body: input.body.trim(), created_at: new Date().toISOString(), created_by: 'a.officer' };
      case 'record_payment': {
        const account = Object.values(fx.people).flatMap((p) => p.accounts).find((a) => a.id === input.accountId);
        if (!account) throw notFound(`account ${input.accountId}`);
        return {
          id: `entry-${++n}`, account_id: account.id, liability_id: null, financial_year: input.financialYear ?? null,
          kind: 'payment', amount: `-${input.amount}`, posted_on: fx.appInfo.today, effective_on: input.receivedOn,
          method: input.method, reference: input.receiptReference, reason: '', reverses_entry_id: null,
          reversed_by_entry_id: null, created_at: new Date().toISOString(), created_by: 'a.officer',
          kind_label: 'Payment', year_label: '', account_reference: account.reference, reversible: true,
        };
      }
      case 'reverse_ledger_entry': {
        const entry = Object.values(fx.people).flatMap((p) => p.accounts).flatMap((a) => a.recent_entries)
          .find((e) => e.id === input.entryId);
        if (!entry) throw notFound(`ledger entry ${input.entryId}`);
        return { ...clone(entry), id: `entry-${++n}`, kind: 'reversal', kind_label: 'Reversal', reason: input.reason, reverses_entry_id: entry.id, reversible: false };
      }
      default: {
        // Commands of other areas (fake-ie.mjs) answer { value } through window.__fakeMore.
        const more = window.__fakeMore?.(cmd, input);
        if (more) return more.value;
        throw `command ${cmd} not found`;
      }
    }
  }
  window.__TAURI__ = { core: { invoke } };
}

/** A new page on the app with the fake core; fails the test on page errors, console errors and CSP violations. */
export async function openApp(browser, server, { hash = '#/search', fixtures = defaultFixtures(), viewport } = {}) {
  const context = await browser.newContext({
    viewport: viewport ?? { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(`console error: ${m.text()}`);
  });
  await page.addInitScript(fakeTauri, fixtures);
  if (fixtures.ie) await page.addInitScript(fakeIncomeExpenditure, fixtures.ie);
  await page.goto(server.url + hash);
  await page.waitForFunction(() => document.getElementById('council-name')?.textContent !== 'Council');
  return page;
}

/** The invoke calls made so far, optionally of one command. */
export async function calls(page, cmd) {
  const all = await page.evaluate(() => window.__calls);
  return cmd ? all.filter((c) => c.cmd === cmd) : all;
}

/** Page errors, console errors and CSP violations seen so far (should be none). */
export async function problems(page) {
  const csp = await page.evaluate(() => window.__csp);
  return [...page.problems, ...csp.map((c) => `CSP violation: ${c}`)];
}

/** axe-core's WCAG 2.x A and AA violations on the page as it is now. */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ url: '/__test/axe.js' });
  }
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    }),
  );
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`);
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Opens a shared browser and server for one test file. */
export function suite({ before, after }) {
  const ctx = {};
  before(async () => {
    ctx.server = await startServer();
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}

export const JANE = '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1001';
export const JOHN = '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1002';
export const ADVISER = '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1005';
export const CT_ACCOUNT = '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a3001';
export const HB_ACCOUNT = '0193a7c2-5b1e-7c3a-9f10-2b8d4e6a3002';
