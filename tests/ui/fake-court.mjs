// The fake core's Court and Bundle builder commands for the UI tests: answers from fixtures the real core wrote through the CLI (tests/ui/make-court-fixtures.mjs: a demo caseload, a hearing too soon for any summons (T12), a summons run committed, a mark, the morning refresh, outcomes, a committal bundle and a charging order refused), with a little state so a hearing moves from listed to heard and a draft bundle changes. Test code only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(here, 'fixtures', `court_${name}.json`), 'utf8'));
}

/** Everything the fake court commands answer from. */
export function courtFixtures() {
  const names = ['hearings', 'hearing', 'hearing_new', 'preview_too_soon', 'preview', 'list', 'marked', 'outcomes', 'bundle_pdf', 'refusals'];
  return Object.fromEntries(names.map((n) => [n, fixture(n)]));
}

/**
 * Runs in the page (page.addInitScript) after fake-recovery's: wraps `window.__fakeMore(cmd, input)`; the summons
 * preview is a job that finishes on the second poll, and the run it makes is authorised and committed here.
 */
export function fakeCourt(fx) {
  const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
  const H = fx.hearing.id;
  const state = { hearing: clone(fx.hearing), list: clone(fx.list), jobs: {}, runs: {}, n: 0, bundle: null };
  window.__court = state;
  const err = (code, message, field) => ({ code, message, ...(field ? { field } : {}) });
  const previous = window.__fakeMore;
  const bundleView = (input) => ({
    id: 'bundle-1',
    account_id: 'account-1',
    kind: input.kind,
    hearing_id: input.hearingId ?? null,
    sections: JSON.stringify(['summary', 'statement', 'orders', 'account', 'notices', 'history', 'income_expenditure', 'holds', 'exhibits']),
    officer_name: input.officerName,
    officer_title: input.officerTitle ?? '',
    statement: '# Witness statement\nI, Alex Officer, am employed by Ashdown District Council.\n',
    court: input.court ?? "Ashdown Magistrates' Court",
    template_name: 'court_witness_statement',
    template_version: 1,
    checks: '{}',
    status: 'draft',
    document_id: null,
    issued_on: null,
    created_at: '2027-01-20T09:00:00Z',
    created_by: 'a.officer',
    account_reference: input.accountReference,
    kind_label: { contested: 'Contested liability order hearing', committal: 'Committal', insolvency: 'Insolvency', charging_order: 'Charging order' }[input.kind],
    section_list: ['summary', 'statement', 'orders', 'account', 'notices', 'history', 'income_expenditure', 'holds', 'exhibits'],
    exhibits: [],
  });
  // The core's index, in the draft's section order, with one page per exhibit added here.
  const built = () => {
    const titles = { summary: 'Case summary', statement: 'Witness statement', orders: 'Liability orders', account: 'Statement of account', notices: 'Copies of notices issued', history: 'Payment and contact history', income_expenditure: 'Income and expenditure', holds: 'Holds and vulnerability checks', exhibits: 'Exhibits' };
    let page = fx.bundle_pdf.index[0].first_page;
    const index = state.bundle.section_list.map((code, i) => {
      const e = fx.bundle_pdf.index.find((x) => x.title === titles[code]);
      const pages = e.last_page - e.first_page + 1 + (code === 'exhibits' ? state.bundle.exhibits.length : 0);
      const first = page;
      page += pages;
      const children = code === 'exhibits'
        ? state.bundle.exhibits.map((x, j) => ({ number: `${i + 1}.${j + 1}`, title: `Exhibit ${x.label}: ${x.title}`, first_page: first + 1 + j, last_page: first + 1 + j, children: [] }))
        : [];
      return { number: String(i + 1), title: e.title, first_page: first, last_page: first + pages - 1, children };
    });
    return { title: fx.bundle_pdf.title, page_count: page - 1, index, path: '/home/a.officer/.local/share/uk.recoverydesk.app/court-bundles/bundle.pdf' };
  };
  window.__fakeMore = (cmd, input) => {
    switch (cmd) {
      case 'court_hearings':
        // Beside the core's two, a later hearing the list can be adjourned to.
        return { value: clone([...fx.hearings, { ...fx.hearings.at(-1), id: 'later-hearing', hearing_on: '2027-02-02', status: 'listed' }]) };
      case 'court_hearing':
        if (input.hearingId === H) return { value: clone(state.hearing) };
        if (input.hearingId === fx.hearing_new.id) return { value: clone(fx.hearing_new) };
        {
          const row = fx.hearings.find((h) => h.id === input.hearingId);
          if (!row) throw err('not_found', `hearing ${input.hearingId} was not found`);
          return { value: { ...clone(row), reference: 'HR-SOON', methodology: null, warnings: [], complaints: 0, listed: 0, outcomes: 0, documents: [] } };
        }
      case 'costs_methodologies':
        return { value: state.hearing.methodology ? [clone(state.hearing.methodology)] : [] };
      case 'create_hearing':
      case 'edit_hearing': {
        const h = cmd === 'edit_hearing' ? input.hearing : input;
        if (!h.courtName?.trim()) throw err('validation', 'name the court', 'courtName');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(h.hearingOn ?? '')) throw err('validation', `'${h.hearingOn ?? ''}' is not a date (use YYYY-MM-DD)`, 'hearingOn');
        return { value: clone(cmd === 'edit_hearing' ? state.hearing : fx.hearing_new) };
      }
      case 'start_summons_preview': {
        const id = `court-job-${++state.n}`;
        const outcome = input.hearingId === H ? fx.preview : fx.preview_too_soon;
        state.jobs[id] = { job_id: id, kind: 'summons_preview', run_id: null, phase: 'starting', done: 0, total: 0, stop_requested: false, finished: false, outcome: null, error: null, polls: 0, result: clone(outcome) };
        state.runs[outcome.id] = clone(outcome);
        const { polls, result, ...view } = state.jobs[id];
        return { value: view };
      }
      case 'recovery_job': {
        const job = state.jobs[input.jobId];
        if (!job) return previous?.(cmd, input);
        job.polls += 1;
        if (job.polls === 1) Object.assign(job, { phase: 'preview', done: 300, total: 600 });
        else Object.assign(job, { phase: 'done', done: 600, total: 600, finished: true, outcome: job.result, run_id: job.result.id });
        const { polls, result, ...view } = job;
        return { value: clone(view) };
      }
      case 'authorise_run': {
        const run = state.runs[input.runId];
        if (!run) return previous?.(cmd, input);
        run.status = 'authorised';
        return { value: clone(run) };
      }
      case 'start_run_commit': {
        const run = state.runs[input.runId];
        if (!run) return previous?.(cmd, input);
        const id = `court-job-${++state.n}`;
        state.hearing.complaints = run.selected_count;
        state.jobs[id] = { job_id: id, kind: 'run_commit', run_id: run.id, phase: 'starting', done: 0, total: 0, stop_requested: false, finished: false, outcome: null, error: null, polls: 0, result: { ...clone(run), status: 'committed', committed: run.selected_count, dropped: 0, letters: 0, costs: '0.00', tasks_raised: 0 } };
        const { polls, result, ...view } = state.jobs[id];
        return { value: view };
      }
      case 'court_list':
        if (input.hearingId !== H) throw err('not_found', 'hearing was not found');
        return { value: clone(state.list) };
      case 'refresh_court_list':
        state.list = clone(fx.list);
        return { value: clone(state.list) };
      case 'mark_listing':
        if (input.mark !== 'none' && !input.reason?.trim()) throw err('validation', 'say why', 'reason');
        state.list = clone(fx.marked);
        return { value: clone(state.list) };
      case 'record_court_outcomes':
        state.list = clone(fx.outcomes.list);
        state.hearing = { ...state.hearing, status: 'heard', outcomes: state.list.lines.length };
        return { value: clone(fx.outcomes) };
      case 'export_court_list':
        return { value: { path: `/home/a.officer/.local/share/uk.recoverydesk.app/court-lists/${state.list.kind}-list.${input.format}` } };
      case 'issue_complaint_list':
        return { value: 'document-1' };
      case 'prepare_court_bundle':
        if (!input.accountReference?.trim()) throw err('validation', 'give the account reference', 'accountReference');
        if (!input.officerName?.trim()) throw err('validation', 'name the officer whose statement it is', 'officerName');
        if (input.kind === 'charging_order') throw err('rule_refused', fx.refusals.charging_order.replace(/^error:\s*/i, ''));
        state.bundle = bundleView(input);
        return { value: clone(state.bundle) };
      case 'court_bundle':
        return { value: clone(state.bundle) };
      case 'edit_court_bundle':
        if (input.sections) {
          if (!input.sections.length) throw err('validation', 'choose at least one section', 'sections');
          state.bundle.section_list = [...input.sections];
          state.bundle.sections = JSON.stringify(input.sections);
        }
        if (input.statement !== undefined) {
          if (input.statement.includes('{{')) throw err('validation', 'line 3: an unclosed merge field', 'statement');
          state.bundle.statement = input.statement;
        }
        return { value: clone(state.bundle) };
      case 'add_bundle_exhibit':
      case 'add_bundle_exhibit_path': {
        if (!input.title?.trim()) throw err('validation', 'say what the exhibit is', 'title');
        const n = state.bundle.exhibits.length + 1;
        state.bundle.exhibits.push({ id: `exhibit-${n}`, position: n, label: `AO/${n}`, title: input.title, file_name: input.fileName ?? 'exhibit.pdf', page_count: 1 });
        return { value: clone(state.bundle) };
      }
      case 'preview_court_bundle':
        return { value: built() };
      case 'issue_court_bundle':
        state.bundle.status = 'issued';
        return { value: built() };
      default:
        return previous?.(cmd, input);
    }
  };
}
