// UI test harness: serves ui/ on 127.0.0.1 with the app's CSP, drives Debian chromium through playwright-core, and fakes window.__TAURI__ from fixtures.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { ieFixtures, fakeIncomeExpenditure } from './fake-ie.mjs';
import { recoveryFixtures, fakeRecovery } from './fake-recovery.mjs';
import { arrangementFixtures, fakeArrangements } from './fake-arrangements.mjs'; // arrangements (issue 7)
import { courtFixtures, fakeCourt } from './fake-court.mjs'; // court (issue 8)
import { auditFixtures, fakeAudit } from './fake-audit.mjs'; // audit (issue 9)
import { dataProtectionFixtures, fakeDataProtection } from './fake-data-protection.mjs'; // data protection (issue 9)

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
    // issue 9: who is signed in (the shape of api::Session)
    session: {
      user_id: '01900000-0000-7000-8000-000000000002', username: 'a.officer', display_name: 'Alex Morgan',
      role: 'officer', role_title: 'Recovery officer', must_change_password: false, idle_lock_minutes: 10,
    },
    councilProfile: fixture('council_profile'),
    hits: fixture('search_hits'),
    people,
    audit: { [fixture('person_jane_smith').party.id]: fixture('audit_jane_smith') },
    letters: fixture('letters'),
    ie: ieFixtures(),
    recovery: recoveryFixtures(),
    arrangements: arrangementFixtures(), // arrangements (issue 7)
    court: courtFixtures(), // court (issue 8)
    audit_log: auditFixtures(), // audit (issue 9)
    data_protection: dataProtectionFixtures(), // data protection (issue 9)
  };
}

/**
 * Runs in the page before any app code: a fake `window.__TAURI__.core.invoke` that records every call in
 * `window.__calls` and answers from the fixtures. `window.__fake.reject[cmd]` is a queue of errors to
 * reject with; `window.__fake.delays[query or cmd]` delays an answer (ms).
 */
function fakeTauri(fx) {
  const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
  const fake = { reject: {}, delays: {}, status: fx.status ?? null };
  window.__fake = fake;
  window.__calls = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
  });
  const notFound = (what) => ({ code: 'not_found', message: `${what} was not found` });
  // Letters: a job advances one chunk per poll (fake.jobChunk letters) and stops when asked.
  const L = fx.letters;
  const PDF = 'JVBERi0xLjcKJeLjz9MK';
  const jobs = {};
  fake.jobChunk = 1000;
  fake.jobTotal = 2500;
  const template = (name) => L.templates.find((t) => t.name === name);
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
      // ---- signing in (issue 9): signed in unless a test sets fake.status ----
      case 'app_status': {
        // A sign-out survives the reload that follows it (the page's fake is made again).
        const out = sessionStorage.getItem('__fake_signed_out');
        const db = '/home/a.officer/.local/share/uk.recoverydesk.app/recovery-desk.db';
        return clone(fake.status ?? (out ? { state: 'sign_in', db_path: db } : { state: 'signed_in', session: fx.session, db_path: db }));
      }
      case 'sign_in': {
        if (input.password !== (fake.password ?? 'demo-password-2026') || input.username !== fx.session.username) {
          throw { code: 'sign_in', message: 'the username or password is not right' };
        }
        fake.status = null;
        sessionStorage.removeItem('__fake_signed_out');
        return clone(fx.session);
      }
      case 'sign_out':
        sessionStorage.setItem('__fake_signed_out', input.reason);
        return null;
      case 'set_up': {
        if (input.password.length < 10) throw { code: 'validation', field: 'password', message: 'must be at least 10 characters' };
        fake.status = null;
        fx.session = { user_id: 'u-admin', username: input.username, display_name: input.displayName, role: 'admin', role_title: 'System administrator', must_change_password: false, idle_lock_minutes: 10 };
        return { session: clone(fx.session), recovery_key: '0123abcd-0123abcd-0123abcd-0123abcd-0123abcd-0123abcd-0123abcd-0123abcd' };
      }
      case 'users': {
        if (fx.session.role !== 'admin') throw { code: 'forbidden', message: 'a recovery officer may not manage users' };
        fake.users ??= [
          { id: 'u-officer', username: 'a.officer', display_name: 'Alex Morgan', role: 'officer', role_title: 'Recovery officer', disabled: false, must_change_password: false, can_sign_in: true },
          { id: fx.session.user_id, username: fx.session.username, display_name: fx.session.display_name, role: 'admin', role_title: 'System administrator', disabled: false, must_change_password: false, can_sign_in: true },
        ];
        const roles = [['officer', 'Recovery officer'], ['team_leader', 'Team leader'], ['processing', 'Processing officer'], ['admin', 'System administrator']];
        return { users: clone(fake.users), roles: roles.map(([role, title]) => ({ role, title })) };
      }
      case 'add_user': {
        const titles = { officer: 'Recovery officer', team_leader: 'Team leader', processing: 'Processing officer', admin: 'System administrator' };
        const u = { id: `u-${++n}`, username: input.username, display_name: input.displayName, role: input.role, role_title: titles[input.role], disabled: false, must_change_password: true, can_sign_in: true };
        fake.users.push(u);
        return clone(u);
      }
      case 'set_user_role': {
        const u = fake.users.find((x) => x.id === input.userId);
        if (u.role === 'admin' && input.role !== 'admin' && fake.users.filter((x) => x.role === 'admin').length === 1) {
          throw { code: 'rule_refused', message: 'the last administrator keeps the role: make another first' };
        }
        u.role = input.role;
        return clone(u);
      }
      case 'security_settings':
        return { idleLockMinutes: fake.idleMinutes ?? 10 };
      case 'save_security_settings': {
        const m = input.idleLockMinutes;
        if (!(m >= 1 && m <= 60)) throw { code: 'validation', field: 'idleLockMinutes', message: 'must be between 1 and 60 minutes' };
        fake.idleMinutes = m;
        return { idleLockMinutes: m };
      }
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
      case 'list_letter_templates':
        return clone(L.templates);
      case 'letter_template': {
        const versions = L.versions[input.name] ?? [template(input.name)].filter(Boolean);
        const t = input.version ? versions.find((v) => v.version === input.version) : versions[0];
        if (!t) throw notFound(`the template ${input.name}`);
        return clone(t);
      }
      case 'letter_template_versions': {
        const versions = L.versions[input.name] ?? [template(input.name)].filter(Boolean);
        if (!versions.length) throw notFound(`the template ${input.name}`);
        return clone(versions);
      }
      case 'validate_letter_template':
        return input.body.includes('pay_byy') ? clone(L.problems) : [];
      case 'save_letter_template': {
        const name = /name:\s*(\w+)/.exec(input.body)?.[1];
        const versions = (L.versions[name] ??= [clone(template(name))]);
        const saved = { ...clone(versions[0]), id: `tpl-${++n}`, version: versions[0].version + 1, source: 'edited', stored: true, created_by: 'a.officer', created_at: '2026-11-25T10:00:00.000Z', body: input.body };
        versions.unshift(saved);
        return clone(saved);
      }
      case 'preview_letter_template':
        return { title: 'Council Tax final notice', template_name: 'ct_final_notice', template_version: 3, page_count: 1, pdf: PDF, pages: [L.previewPage] };
      case 'letter_form': {
        const t = template(input.templateName);
        if (!t) throw notFound(`the template ${input.templateName}`);
        const fields = clone(L.forms[input.templateName] ?? []);
        if (!input.accountId) for (const f of fields) f.value = '';
        return { template_name: t.name, template_version: t.version, title: t.title, fields };
      }
      case 'preview_letter':
        return { title: template(input.templateName)?.title ?? 'Letter', template_name: input.templateName, template_version: 3, page_count: 1, pdf: PDF, pages: [L.letterPage] };
      case 'send_letter': {
        const t = template(input.templateName);
        const id = `doc-new-${++n}`;
        const account = Object.values(fx.people).flatMap((p) => p.accounts).find((a) => a.id === input.accountId);
        const list = (L.personLetters[window.__partyOf?.[input.accountId] ?? Object.keys(L.personLetters)[0]] ??= []);
        list.unshift({ id, account_id: input.accountId, account_reference: account?.reference ?? '', kind: t.kind, title: t.title, template_name: t.name, template_version: t.version, issued_on: fx.appInfo.today, created_by: 'a.officer', page_count: 1, status: input.withPrintRun ? 'waiting' : 'issued', status_label: input.withPrintRun ? 'Waiting for a print run' : 'Issued', run_id: null, run_reference: null, dispatched_on: null });
        return { document_id: id, issued_on: fx.appInfo.today, title: t.title, template_name: t.name, template_version: t.version, page_count: 1, pdf: PDF };
      }
      case 'person_letters':
        return clone(L.personLetters[input.partyId] ?? []);
      case 'record_returned_mail': {
        const l = Object.values(L.personLetters).flat().find((x) => x.id === input.documentId);
        if (!l) throw notFound(`letter ${input.documentId}`);
        if (l.returned_on) throw { code: 'conflict', message: `${l.title} was already recorded as returned on ${l.returned_on}` };
        const labels = { gone_away: 'Gone away', not_known_at_address: 'Not known at this address', address_incomplete: 'Address incomplete', refused: 'Refused', other: 'Returned for another reason' };
        Object.assign(l, { returned_on: input.returnedOn ?? fx.appInfo.today, returned_reason: input.reason, returned_label: labels[input.reason] });
        return { id: `task-${++n}`, kind: 'returned_mail', title: `Returned mail: ${l.title} (${labels[input.reason].toLowerCase()})`, due_on: l.returned_on, status: 'open' };
      }
      case 'letter_pages': {
        const l = Object.values(L.personLetters).flat().find((x) => x.id === input.documentId);
        if (!l) throw notFound(`document ${input.documentId}`);
        return { document_id: l.id, title: l.title, template_name: l.template_name, template_version: l.template_version, issued_on: l.issued_on, page_count: 1, pages: [L.letterPage] };
      }
      case 'reprint_letter': {
        const l = Object.values(L.personLetters).flat().find((x) => x.id === input.documentId);
        if (!l) throw notFound(`document ${input.documentId}`);
        return { document_id: l.id, issued_on: l.issued_on, title: l.title, template_name: l.template_name, template_version: l.template_version, page_count: 1, pdf: PDF };
      }
      case 'letter_runs':
        return clone(L.runs);
      case 'letter_run': {
        const r = L.runs.find((x) => x.id === input.runId || x.reference === input.runId);
        if (!r) throw notFound(`print run ${input.runId}`);
        return clone(r);
      }
      case 'letters_waiting':
        return clone(L.waiting);
      case 'gather_letter_run': {
        const count = input.groups.reduce((sum, g) => sum + (L.waiting.find((w) => w.template_name === g.templateName && w.issued_on === g.issuedOn)?.count ?? 0), 0);
        if (!count) throw { code: 'validation', field: 'groups', message: 'choose the letters to print' };
        const run = { ...clone(L.runs[0]), id: `run-new-${++n}`, reference: 'LR-00C0FFEE', title: input.title || 'Letters for the post', template_name: null, letter_count: count, prepared_on: fx.appInfo.today };
        L.runs.unshift(run);
        return clone(run);
      }
      case 'start_letter_run':
      case 'start_print_file': {
        const id = `job-${++n}`;
        const kind = cmd === 'start_letter_run' ? 'issue_run' : 'print_file';
        jobs[id] = { job_id: id, kind, run_id: kind === 'print_file' ? input.runId : null, phase: 'starting', done: 0, total: 0, stop_requested: false, finished: false, outcome: null, error: null, input: clone(input) };
        const { input: _, ...view } = jobs[id];
        return clone(view);
      }
      case 'letter_job': {
        const job = jobs[input.jobId];
        if (!job) throw notFound(`job ${input.jobId}`);
        if (!job.finished) {
          job.total = fake.jobTotal;
          job.phase = job.kind === 'print_file' ? 'printing' : 'issuing';
          if (job.stop_requested) {
            job.finished = true;
            if (job.kind === 'print_file') job.error = { code: 'conflict', message: 'the print file was stopped' };
            else {
              const run = { ...clone(L.runs[0]), id: 'run-stopped', reference: 'LR-5709FED0', status: 'cancelled', status_label: 'Cancelled', letter_count: job.done, can_cancel: false, can_dispatch: false, can_print: false };
              L.runs.unshift(run);
              job.run_id = run.id;
              job.outcome = { run, issued: job.done, excluded: [], cancelled: true };
            }
          } else if (job.done >= job.total) {
            job.finished = true;
            if (job.kind === 'print_file') {
              const r = L.runs.find((x) => x.id === job.run_id);
              job.outcome = { path: `/home/a.officer/.local/share/uk.recoverydesk.app/print-runs/${r.reference}.pdf`, reference: r.reference, page_count: r.letter_count * 2 + 1, letter_count: r.letter_count };
            } else {
              const run = { ...clone(L.runs[0]), id: 'run-made', reference: 'LR-0000BEEF', letter_count: job.total - 2, title: job.input.title || 'Council Tax final notice run' };
              L.runs.unshift(run);
              job.run_id = run.id;
              job.outcome = { run, issued: job.total - 2, excluded: [{ account_reference: '50099999', reason: 'recovery is on hold (breathing space)' }, { account_reference: '50099998', reason: 'Jo Bloggs has no address to send the letter to' }], cancelled: false };
            }
          } else {
            job.done = Math.min(job.total, job.done + fake.jobChunk);
          }
        }
        const { input: _, ...view } = job;
        return clone(view);
      }
      case 'stop_letter_job': {
        const job = jobs[input.jobId];
        if (!job) throw notFound(`job ${input.jobId}`);
        job.stop_requested = true;
        const { input: _, ...view } = job;
        return clone(view);
      }
      case 'cancel_letter_run': {
        const r = L.runs.find((x) => x.id === input.runId);
        if (!r) throw notFound(`print run ${input.runId}`);
        Object.assign(r, { status: 'cancelled', status_label: 'Cancelled', cancelled_at: '2026-11-25T10:00:00.000Z', cancelled_by: 'a.officer', can_cancel: false, can_dispatch: false, can_print: false });
        return clone(r);
      }
      case 'record_letter_run_dispatch': {
        const r = L.runs.find((x) => x.id === input.runId);
        if (!r) throw notFound(`print run ${input.runId}`);
        const on = input.dispatchedOn ?? fx.appInfo.today;
        if (on > fx.appInfo.today) throw { code: 'validation', field: 'dispatchedOn', message: 'cannot be after today' };
        Object.assign(r, { status: 'dispatched', status_label: 'Dispatched', dispatched_on: on, dispatched_by: 'a.officer', can_cancel: false, can_dispatch: false });
        return clone(r);
      }
      case 'open_pdf':
      case 'print_pdf':
        return { path: `/home/a.officer/.local/share/uk.recoverydesk.app/letters/${input.title.replace(/\W+/g, '-')}.pdf` };
      case 'open_print_file':
      case 'print_print_file': {
        const r = L.runs.find((x) => x.id === input.runId);
        return { path: `/home/a.officer/.local/share/uk.recoverydesk.app/print-runs/${r?.reference}.pdf` };
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
  if (fixtures.recovery) await page.addInitScript(fakeRecovery, fixtures.recovery);
  if (fixtures.arrangements) await page.addInitScript(fakeArrangements, fixtures.arrangements); // arrangements (issue 7)
  if (fixtures.court) await page.addInitScript(fakeCourt, fixtures.court); // court (issue 8)
  if (fixtures.audit_log) await page.addInitScript(fakeAudit, fixtures.audit_log); // audit (issue 9)
  if (fixtures.data_protection) await page.addInitScript(fakeDataProtection, { ...fixtures.data_protection, role: fixtures.session.role }); // data protection (issue 9)
  await page.goto(server.url + hash);
  if (fixtures.status) await page.waitForSelector('.app-sign-in'); // issue 9: a test that starts signed out
  else await page.waitForFunction(() => document.getElementById('council-name')?.textContent !== 'Council');
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
