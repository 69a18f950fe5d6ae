// The fake core's arrangement commands for the UI tests: answers from fixtures written by Rust (tests/it/ui_fixtures_arrangements.rs: Mr Peter Oduya, T42's council tax, a fortnightly arrangement with a missed payment). Test code only: it never works out a plan, it picks the fixture for the input given.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(here, 'fixtures', `${name}.json`), 'utf8'));
}

/** Everything the fake arrangement commands answer from. */
export function arrangementFixtures() {
  return {
    person: fixture('arr_person_peter'),
    planner: fixture('arr_planner_peter'),
    arrangements: fixture('arr_arrangements_peter'),
    monitor: fixture('arr_monitor_peter'),
    plan: fixture('arr_plan_peter'),
    planEnd: fixture('arr_plan_peter_end'),
    planRefused: fixture('arr_plan_peter_refused'),
    saved: fixture('arr_saved_peter'),
  };
}

/**
 * Runs in the page (page.addInitScript) after fake-ie's: wraps `window.__fakeMore(cmd, input)` so the
 * arrangement commands answer from the fixtures and every other command goes on to the one before.
 */
export function fakeArrangements(fx) {
  const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
  const PETER = fx.planner.party_id;
  const HB = fx.planner.debts.find((d) => d.in_arrangement)?.liability_id;
  const lists = { [PETER]: clone(fx.arrangements) };
  const notFound = (what) => ({ code: 'not_found', message: `${what} was not found` });
  const planFor = (input) => {
    if (!input.liabilityIds?.length) throw { code: 'validation', field: 'liabilityIds', message: 'choose at least one debt' };
    if (!input.startOn) throw { code: 'validation', field: 'startOn', message: "'' is not a date (use YYYY-MM-DD)" };
    if (input.liabilityIds.includes(HB)) return fx.planRefused;
    if (input.endOn) return fx.planEnd;
    if (!/^\d+(\.\d{1,2})?$/.test(input.amount ?? '') || /^0+(\.0+)?$/.test(input.amount)) {
      throw { code: 'validation', field: 'amount', message: 'must be more than £0.00' };
    }
    return fx.plan;
  };
  const previous = window.__fakeMore;
  window.__fakeMore = (cmd, input) => {
    switch (cmd) {
      case 'arrangement_planner':
        if (input.partyId !== PETER) throw notFound(`person ${input.partyId}`);
        return { value: clone(fx.planner) };
      case 'plan_arrangement':
        return { value: clone(planFor(input)) };
      case 'save_arrangement': {
        const plan = planFor(input.plan);
        if (!plan.can_save) {
          const refusal = plan.checks.find((c) => c.severity === 'refuse');
          throw { code: 'rule_refused', message: `${refusal.reason} (${refusal.rule})` };
        }
        if (!input.agreedWith?.trim()) {
          throw { code: 'validation', field: 'agreedWith', message: 'say who agreed it (the person, their representative or adviser)' };
        }
        (lists[PETER] ??= []).unshift(clone(fx.saved));
        return { value: clone(fx.saved) };
      }
      case 'person_arrangements':
        return { value: clone(lists[input.partyId] ?? []) };
      case 'monitor_arrangement': {
        const a = (lists[PETER] ?? []).find((x) => x.id === input.arrangementId);
        if (!a) throw notFound(`arrangement ${input.arrangementId}`);
        return { value: clone(fx.monitor) };
      }
      case 'cancel_arrangement': {
        const a = (lists[PETER] ?? []).find((x) => x.id === input.arrangementId);
        if (!a) throw notFound(`arrangement ${input.arrangementId}`);
        if (!input.reason?.trim()) throw { code: 'validation', field: 'reason', message: 'say why it is cancelled' };
        Object.assign(a, { status: 'cancelled', state: 'cancelled', state_label: 'Cancelled', ended_on: '2026-11-25', end_reason: input.reason, next: null });
        a.events.push({ ...clone(a.events[0]), id: 'event-cancelled', kind: 'cancelled', label: 'Cancelled', event_on: '2026-11-25', pay_by: null, amount: null, reason: input.reason });
        return { value: clone(a) };
      }
      default:
        return previous?.(cmd, input);
    }
  };
}
