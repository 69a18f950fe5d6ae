// The officer's words for the recovery engine's codes (runs, exclusions, timetable steps, instalments, holds, tasks): display only, every decision comes from Rust.
import { html } from './html.js';

/** Why a case is out of a run (rules/selection.rs Exclusion). */
export const EXCLUSIONS = {
  hold: 'On hold',
  arrangement: 'In an arrangement',
  limitation: 'Limitation passed',
  already_issued: 'Already issued',
  not_yet: 'Not due yet',
  other_step: 'Another step is next',
  nothing_to_do: 'Nothing to do',
  minimum_amount: 'Below the minimum',
  no_address: 'No address',
  in_another_run: 'In another run',
  over_limit: "Over the run's limit",
  too_soon_for_hearing: 'Too soon for the hearing',
  other_court: 'Another court',
};

export function exclusionLabel(code) {
  return code === 'selected' ? 'In the run' : EXCLUSIONS[code] ?? code;
}

/** A run's status (recovery_runs.status). */
export const RUN_STATUS = {
  prepared: { label: 'Awaiting authorisation', tag: 'govuk-tag--yellow' },
  authorised: { label: 'Authorised', tag: 'govuk-tag--blue' },
  committed: { label: 'Committed', tag: 'govuk-tag--green' },
  dispatched: { label: 'Dispatched', tag: 'govuk-tag--turquoise' },
  reversed: { label: 'Reversed', tag: 'govuk-tag--orange' },
  cancelled: { label: 'Cancelled', tag: 'govuk-tag--grey' },
};

export function runStatusTag(status) {
  const s = RUN_STATUS[status] ?? { label: status, tag: '' };
  return html`<strong class="govuk-tag ${s.tag} app-tag">${s.label}</strong>`;
}

/** An item's status after commit (recovery_run_items.status). */
export const ITEM_STATUS = { previewed: '', committed: 'Committed', dropped: 'Dropped at commit', reversed: 'Reversed' };

/** A timetable step (rules/timeline.rs Action). */
export const ACTIONS = {
  reminder: 'Reminder',
  second_reminder: 'Second reminder',
  balance_payable: 'Balance payable (instalments lost)',
  final_notice: 'Final notice',
  summons: 'Summons',
  liability_order_hearing: 'Liability order hearing',
  limitation_ends: 'Last day to apply (limitation)',
  letter_of_claim: 'Letter of claim',
  offer_deferred_payment: 'Offer a deferred payment agreement',
  county_court_or_agency: 'County court claim or agency',
  enforcement_visit: 'Enforcement visit',
  hold_starts: 'Hold starts',
  creditor_review_deadline: 'Last day to ask for a review',
  midway_review_opens: 'Midway review window opens',
  midway_review_closes: 'Midway review window closes',
  hold_ends: 'Hold ends',
};

export function actionLabel(code) {
  return ACTIONS[code] ?? String(code ?? '').replace(/_/g, ' ');
}

/** An instalment's state (rules/allocation.rs InstalmentStatus). */
export const INSTALMENT_STATUS = {
  paid: { label: 'Paid', tag: 'govuk-tag--green' },
  part_paid: { label: 'Part paid', tag: 'govuk-tag--yellow' },
  unpaid: { label: 'Unpaid', tag: 'govuk-tag--red' },
  not_yet_due: { label: 'Not yet due', tag: 'govuk-tag--grey' },
};

/** The kinds of hold an officer records (model.rs HoldKind), with what each needs. */
export const HOLD_KINDS = [
  { code: 'breathing_space', label: 'Breathing Space (standard)', hint: 'Debt Respite Scheme: 60 days from the day after entry on the register', moratorium: true, endsOn: true },
  { code: 'mental_health_crisis', label: 'Breathing Space (mental health crisis)', hint: 'Lasts while crisis treatment goes on, then 30 days', moratorium: true, endsOn: false },
  { code: 'bankruptcy', label: 'Bankruptcy', hint: 'Debts before the order are held; new liability is not', endsOn: true },
  { code: 'iva', label: 'Individual voluntary arrangement', hint: 'Debts in the arrangement are held', endsOn: true },
  { code: 'dro', label: 'Debt relief order', hint: 'A year from the order', endsOn: true },
  { code: 'deceased', label: 'Deceased', hint: 'Recovery stops; deal with the estate', endsOn: false },
  { code: 'dispute', label: 'Dispute', hint: 'Until resolved; a review date is set', review: true, endsOn: true },
  { code: 'appeal', label: 'Appeal', hint: 'Until the appeal is decided', review: true, endsOn: true },
  { code: 'complaint', label: 'Complaint', hint: 'While the complaint is investigated', review: true, endsOn: true },
  { code: 'vulnerability_review', label: 'Vulnerability review', hint: 'While the officer reviews how to proceed', review: true, endsOn: true },
];

/** Days of the week as the run timetable numbers them (1 = Monday). */
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function weekdaysText(days) {
  if (!days?.length) return 'Not set';
  return days.map((d) => WEEKDAYS[d - 1] ?? d).join(', ');
}
