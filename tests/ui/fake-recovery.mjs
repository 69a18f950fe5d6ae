// The fake core's recovery commands for the UI tests (runs, holds, worklist, the person's timetable): answers from fixtures written by Rust (tests/it/ui_fixtures_recovery.rs), with a little state so a run moves from prepared to authorised, committed, dispatched or reversed, and background jobs that advance one chunk per poll. Test code only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(here, 'fixtures', `${name}.json`), 'utf8'));
}

/** Everything the fake recovery commands answer from. */
export function recoveryFixtures() {
  const names = [
    'settings', 'timetable', 'run_prepared', 'items_prepared', 'authorise_refused', 'run_authorised', 'commit_outcome',
    'items_committed', 'runs', 'holds', 'hold_recorded', 'worklist_mine', 'worklist_unallocated', 'worklist_everyone',
    'officers', 'timetable_jane_ct', 'timetable_jane_hb',
  ];
  return Object.fromEntries(names.map((n) => [n, fixture(`recovery_${n}`)]));
}

/**
 * Runs in the page (page.addInitScript) after the I&E fake: wraps `window.__fakeMore(cmd, input)` so the harness's
 * fake invoke gets { value } for a recovery command (or throws its error), and passes anything else on.
 * `window.__fake.user` is who is signed in (a.officer unless a test says otherwise); `window.__fake.recoveryJobTotal`
 * and `recoveryJobChunk` pace the jobs.
 */
export function fakeRecovery(fx) {
  const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
  const fake = window.__fake;
  fake.recoveryJobTotal = 3000;
  fake.recoveryJobChunk = 1000;
  const runId = fx.run_prepared.id;
  const view = ({ committed, dropped, letters, costs, tasks_raised, ...v }) => v;
  const state = {
    settings: clone(fx.settings),
    runs: clone(fx.runs),
    views: {},
    items: {},
    jobs: {},
    holds: clone(fx.holds),
    lists: { mine: clone(fx.worklist_mine), unallocated: clone(fx.worklist_unallocated), everyone: clone(fx.worklist_everyone) },
    n: 0,
  };
  // The runs list starts with the run as it was before it was authorised.
  state.runs[0] = { ...view(clone(fx.run_prepared)) };
  delete state.runs[0].counts;
  delete state.runs[0].items;
  delete state.runs[0].label;
  delete state.runs[0].template;
  state.views[runId] = clone(fx.run_prepared);
  state.items[runId] = clone(fx.items_prepared);
  window.__recovery = state;
  const user = () => fake.user ?? 'a.officer';
  const err = (code, message, field) => ({ code, message, ...(field ? { field } : {}) });
  const notFound = (what) => err('not_found', `${what} was not found`);
  const money = /^\d+(\.\d{1,2})?$/;

  function setRun(v) {
    state.views[v.id] = v;
    const row = state.runs.find((r) => r.id === v.id);
    const { counts, items, label, template, ...rest } = v;
    if (row) Object.assign(row, rest);
    else state.runs.unshift(rest);
  }

  function status(id, to, extra = {}) {
    const v = state.views[id];
    if (!v) throw notFound(`run ${id}`);
    Object.assign(v, { status: to, ...extra });
    setRun(v);
    return clone(v);
  }

  function advance(job) {
    if (job.finished) return;
    job.total = job.kind === 'run_commit' ? fx.run_authorised.selected_count : fake.recoveryJobTotal;
    job.phase = job.kind === 'run_commit' ? 'commit' : 'preview';
    if (job.done < job.total) {
      job.done = Math.min(job.total, job.done + (job.kind === 'run_commit' ? 1 : fake.recoveryJobChunk));
      return;
    }
    job.finished = true;
    if (job.kind === 'run_preview') {
      const m = job.input.minimumAmount;
      if (m !== undefined && !money.test(m)) {
        job.error = err('validation', `'${m}' is not an amount of money (use digits and a decimal point, e.g. 1234.50)`, 'minimumAmount');
        return;
      }
      const v = clone(fx.run_prepared);
      setRun(v);
      state.items[v.id] = clone(fx.items_prepared);
      job.run_id = v.id;
      job.outcome = v;
    } else {
      const o = clone(fx.commit_outcome);
      setRun(view(clone(o)));
      state.items[o.id] = clone(fx.items_committed);
      job.outcome = o;
    }
  }

  function jobView(job) {
    const { input, ...v } = job;
    return clone(v);
  }

  function answer(cmd, input) {
    switch (cmd) {
      case 'run_timetable':
        return clone(fx.timetable);
      case 'recovery_runs':
        return clone(state.runs);
      case 'run_view': {
        const v = state.views[input.runId];
        if (!v) throw notFound(`run ${input.runId}`);
        return clone(v);
      }
      case 'run_items': {
        const all = state.items[input.runId];
        if (!all) throw notFound(`run ${input.runId}`);
        const list = all
          .filter((i) => input.selected === undefined || i.selected === input.selected)
          .filter((i) => !input.exclusion || i.exclusion === input.exclusion);
        const offset = input.offset ?? 0;
        return clone(list.slice(offset, offset + (input.limit ?? 500)));
      }
      case 'start_run_preview':
      case 'start_run_commit': {
        const id = `rjob-${++state.n}`;
        const kind = cmd === 'start_run_preview' ? 'run_preview' : 'run_commit';
        if (kind === 'run_commit' && state.views[input.runId]?.status !== 'authorised') {
          throw err('conflict', 'the run must be authorised before it is committed');
        }
        state.jobs[id] = { job_id: id, kind, run_id: input.runId ?? null, phase: 'starting', done: 0, total: 0, stop_requested: false, finished: false, outcome: null, error: null, input: clone(input) };
        return jobView(state.jobs[id]);
      }
      case 'recovery_job': {
        const job = state.jobs[input.jobId];
        if (!job) throw notFound(`job ${input.jobId}`);
        advance(job);
        return jobView(job);
      }
      case 'export_run_csv':
        return { path: `/home/a.officer/.local/share/uk.recoverydesk.app/run-exports/Reminder-notice-2026-11-25-${input.runId.slice(-8)}.csv` };
      case 'authorise_run': {
        const v = state.views[input.runId];
        if (!v) throw notFound(`run ${input.runId}`);
        if (v.status !== 'prepared') throw err('conflict', `the run is ${v.status}, not awaiting authorisation`);
        if (state.settings.segregationOfDuties && v.prepared_by === user()) throw clone(fx.authorise_refused);
        const a = clone(fx.run_authorised);
        a.authorised_by = user();
        setRun(a);
        return clone(a);
      }
      case 'reverse_run': {
        if (!String(input.reason ?? '').trim()) throw err('validation', 'say why the run is reversed', 'reason');
        const v = state.views[input.runId];
        if (v?.status === 'dispatched') throw err('conflict', `the letters were dispatched at ${v.dispatched_at} by ${v.dispatched_by}: the run can no longer be reversed`);
        return status(input.runId, 'reversed', { reversed_by: user(), reversed_at: '2026-11-25T11:00:00Z', status_reason: input.reason.trim() });
      }
      case 'mark_run_dispatched':
        return status(input.runId, 'dispatched', { dispatched_by: user(), dispatched_at: '2026-11-25T11:00:00Z' });
      case 'cancel_run':
        if (!String(input.reason ?? '').trim()) throw err('validation', 'say why the run is cancelled', 'reason');
        return status(input.runId, 'cancelled', { status_reason: input.reason.trim() });
      case 'recovery_settings':
        return clone(state.settings);
      case 'save_recovery_settings': {
        for (const [k, v] of Object.entries(input.minimums)) {
          if (!money.test(String(v))) throw err('validation', `'${v}' is not an amount of money (use digits and a decimal point, e.g. 1234.50)`, `minimums.${k}`);
        }
        state.settings = clone(input);
        return clone(state.settings);
      }
      case 'schedule_missing_instalments':
        return { scheduled: 12, instalments: 120, skipped: 1, skipped_examples: ['CT00009999 2026/27: charge: £0.00 charged: nothing to schedule'] };
      case 'holds':
        return clone(state.holds);
      case 'record_hold': {
        if (!String(input.reason ?? '').trim()) throw err('validation', 'say why the hold is placed', 'reason');
        if (['breathing_space', 'mental_health_crisis'].includes(input.kind) && !input.registeredOn) {
          throw err('validation', 'give the day the debtor was entered on the register', 'registeredOn');
        }
        const h = clone(fx.hold_recorded);
        const labels = { breathing_space: 'Breathing Space (standard)', mental_health_crisis: 'Breathing Space (mental health crisis)', dispute: 'Dispute', complaint: 'Complaint', deceased: 'Deceased' };
        Object.assign(h, { id: `hold-new-${++state.n}`, kind: input.kind, kind_label: labels[input.kind] ?? input.kind, party_id: input.partyId ?? null, account_id: input.accountId ?? null, reason: input.reason.trim(), evidence: input.evidence ?? '' });
        const { tasks, ...status } = h;
        state.holds.push(status);
        window.__recordedHold = clone(input);
        return h;
      }
      case 'release_hold': {
        const h = state.holds.find((x) => x.id === input.holdId);
        if (!h) throw notFound(`hold ${input.holdId}`);
        if (!String(input.reason ?? '').trim()) throw err('validation', 'say why the hold is lifted', 'reason');
        state.holds = state.holds.filter((x) => x !== h);
        return { ...clone(h), released_on: input.releasedOn ?? '2026-11-25', in_force: false, tasks: [] };
      }
      case 'record_treatment_ended': {
        const h = state.holds.find((x) => x.id === input.holdId);
        if (!h) throw notFound(`hold ${input.holdId}`);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(input.treatmentEndedOn ?? '')) {
          throw err('validation', `'${input.treatmentEndedOn ?? ''}' is not a date (use YYYY-MM-DD)`, 'treatmentEndedOn');
        }
        const end = new Date(`${input.treatmentEndedOn}T00:00:00Z`);
        end.setUTCDate(end.getUTCDate() + 30);
        Object.assign(h, { treatment_ended_on: input.treatmentEndedOn, ends_on: end.toISOString().slice(0, 10), last_day: end.toISOString().slice(0, 10) });
        return { ...clone(h), tasks: [] };
      }
      case 'worklist':
        return clone(input.everyone ? state.lists.everyone : input.unallocated ? state.lists.unallocated : state.lists.mine);
      case 'officers':
        return clone(fx.officers);
      case 'allocate_tasks': {
        if (!input.taskIds?.length) throw err('validation', 'choose at least one task', 'taskIds');
        const moved = [];
        for (const id of input.taskIds) {
          const t = state.lists.everyone.tasks.find((x) => x.id === id);
          if (!t) throw notFound(`task ${id}`);
          t.assigned_to = input.officer ?? null;
          moved.push(clone(t));
        }
        state.lists.unallocated.tasks = state.lists.everyone.tasks.filter((t) => !t.assigned_to);
        state.lists.mine.tasks = state.lists.everyone.tasks.filter((t) => t.assigned_to === 'user-a.officer');
        return moved;
      }
      case 'close_task': {
        const t = state.lists.everyone.tasks.find((x) => x.id === input.taskId);
        if (!t) throw notFound(`task ${input.taskId}`);
        for (const l of Object.values(state.lists)) l.tasks = l.tasks.filter((x) => x.id !== input.taskId);
        return { ...clone(t), status: input.status ?? 'done' };
      }
      case 'account_timetable': {
        const t = [fx.timetable_jane_ct, fx.timetable_jane_hb].find((x) => x.account_id === input.accountId);
        if (!t) throw notFound(`account ${input.accountId}`);
        return clone(t);
      }
      default:
        return undefined;
    }
  }

  const before = window.__fakeMore;
  window.__fakeMore = (cmd, input) => {
    const value = answer(cmd, input ?? {});
    if (value !== undefined) return { value };
    return before?.(cmd, input);
  };
}
