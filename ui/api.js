// The only door to the Rust core (the only file that touches window.__TAURI__): one async function per command; rejections become ApiError.

/** A refused or failed command: `code` is one of validation | not_found | conflict | rule_refused | forbidden | sign_in | signed_out | internal. */
export class ApiError extends Error {
  constructor(command, { code = 'internal', message = '', field, problems } = {}) {
    super(message || 'Something went wrong. Nothing was saved.');
    this.name = 'ApiError';
    this.command = command;
    this.code = code;
    this.field = field ?? null;
    this.problems = Array.isArray(problems) ? problems : [];
  }

  /** Whatever invoke rejected with (our {code, message} object, or a bare string from Tauri itself). */
  static from(command, reason) {
    if (reason instanceof ApiError) return reason;
    if (reason && typeof reason === 'object' && typeof reason.code === 'string') {
      return new ApiError(command, reason);
    }
    const message = typeof reason === 'string' ? reason : reason?.message;
    return new ApiError(command, { code: 'internal', message: message || undefined });
  }
}

async function call(command, args) {
  const invoke = window.__TAURI__?.core?.invoke;
  if (typeof invoke !== 'function') {
    throw new ApiError(command, {
      code: 'internal',
      message: 'Recovery Desk is not connected to its database. Open this screen from the Recovery Desk app.',
    });
  }
  try {
    return await (args === undefined ? invoke(command) : invoke(command, args));
  } catch (reason) {
    const error = ApiError.from(command, reason);
    // The app was locked (here or by the idle timer): the shell goes back to sign-in.
    if (error.code === 'signed_out') window.dispatchEvent(new CustomEvent('app:signed-out'));
    throw error;
  }
}

/** Drops absent optional fields so Rust's deny_unknown_fields and defaults see only what was given. */
function input(fields) {
  const out = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null && value !== '') out[key] = value;
  }
  return { input: out };
}

// ---- signing in and users (issue 9) ----

/** → { state: 'needs_set_up' | 'sign_in' | 'plain' | 'signed_in', session?, db_path } */
export function appStatus() {
  return call('app_status');
}

/** { username, password } → Session { user_id, username, display_name, role, role_title, must_change_password, idle_lock_minutes } */
export function signIn(fields) {
  return call('sign_in', input(fields));
}

/** { username, displayName, password } → { session, recovery_key } (first run: the administrator) */
export function setUp(fields) {
  return call('set_up', input(fields));
}

/** reason: 'sign_out' | 'idle' | 'sleep' */
export function signOut(reason) {
  return call('sign_out', input({ reason }));
}

/** { currentPassword, newPassword } → Session */
export function changePassword(fields) {
  return call('change_password', input(fields));
}

/** → { users: UserView[], roles: [{ role, title }] } (administrators) */
export function users() {
  return call('users');
}

/** { username, displayName, role, password } → UserView */
export function addUser(fields) {
  return call('add_user', input(fields));
}

/** { userId, role } → UserView */
export function setUserRole(fields) {
  return call('set_user_role', input(fields));
}

/** { userId, disabled, password? } → UserView */
export function setUserDisabled(fields) {
  return call('set_user_disabled', { input: { userId: fields.userId, disabled: Boolean(fields.disabled), ...(fields.password ? { password: fields.password } : {}) } });
}

/** { userId, newPassword } → UserView */
export function resetPassword(fields) {
  return call('reset_password', input(fields));
}

/** → { idleLockMinutes } */
export function securitySettings() {
  return call('security_settings');
}

/** { idleLockMinutes } → the same */
export function saveSecuritySettings(fields) {
  return call('save_security_settings', { input: { idleLockMinutes: Number(fields.idleLockMinutes) } });
}

/** → { version, user_name, today, db_path, counts: { parties, accounts, ledger_entries } } */
export function appInfo() {
  return call('app_info');
}

/** → { name, department, addressLines, postcode, phone, email, website, logoPath, paymentDetails, defaultJurisdiction } */
export function councilProfile() {
  return call('council_profile');
}

/** → SearchHit[] best first. */
export function search(query, limit) {
  return call('search', { input: limit ? { query, limit } : { query } });
}

/** → PersonView (the one view of debt). */
export function person(partyId) {
  return call('person', { input: { partyId } });
}

/** → Note */
export function addNote({ partyId, accountId, body }) {
  return call('add_note', input({ partyId, accountId, body }));
}

/** amount is the text typed ("25.00"); receivedOn "YYYY-MM-DD"; financialYear optional (2025 for 2025/26). → EntryView */
export function recordPayment({ accountId, amount, method, receivedOn, receiptReference, financialYear }) {
  const payload = { accountId, amount, method, receivedOn, receiptReference };
  if (financialYear !== undefined && financialYear !== null && financialYear !== '') {
    payload.financialYear = Number(financialYear);
  }
  return call('record_payment', { input: payload });
}

/** → EntryView of the reversal. */
export function reverseLedgerEntry({ entryId, reason }) {
  return call('reverse_ledger_entry', { input: { entryId, reason } });
}

/** → AuditEntry[] newest first. */
export function personAudit(partyId) {
  return call('person_audit', { input: { partyId } });
}

// Letters: Settings → Letters.

/** → TemplateView[] (the newest version of each, shipped ones included), by name. */
export function listLetterTemplates() {
  return call('list_letter_templates');
}

/** → TemplateView; the newest version unless `version` is given. */
export function letterTemplate(name, version) {
  return call('letter_template', { input: version ? { name, version: Number(version) } : { name } });
}

/** → TemplateView[] newest first. */
export function letterTemplateVersions(name) {
  return call('letter_template_versions', { input: { name } });
}

/** → TemplateProblem[] ({ line, field, message }); empty when the template can be saved. */
export function validateLetterTemplate(body) {
  return call('validate_letter_template', { input: { body } });
}

/** → TemplateView of the new version. */
export function saveLetterTemplate(body) {
  return call('save_letter_template', { input: { body } });
}

/** → LetterPdf { title, page_count, pdf (base64), pages (SVG) } with the demo case. */
export function previewLetterTemplate(body) {
  return call('preview_letter_template', { input: { body } });
}

// Letters: from a person's record.

/** → LetterForm { template_name, template_version, title, fields: [{ key, label, kind, hint, optional, value }] } */
export function letterForm(templateName, accountId) {
  return call('letter_form', input({ templateName, accountId }));
}

/** facts: { key: text typed }. → LetterPdf with page images; nothing is stored. */
export function previewLetter({ templateName, accountId, partyId, facts }) {
  return call('preview_letter', input({ templateName, accountId, partyId, facts }));
}

/** → IssuedLetter { document_id, issued_on, title, page_count, pdf } */
export function sendLetter({ templateName, accountId, partyId, facts, withPrintRun }) {
  return call('send_letter', input({ templateName, accountId, partyId, facts, withPrintRun: withPrintRun || undefined }));
}

/** → PersonLetter[] newest first, each with its status. */
export function personLetters(partyId) {
  return call('person_letters', { input: { partyId } });
}

/** → LetterPages { document_id, title, issued_on, page_count, pages (SVG) } */
export function letterPages(documentId) {
  return call('letter_pages', { input: { documentId } });
}

/** → IssuedLetter: the stored PDF byte for byte (audited). */
export function reprintLetter(documentId) {
  return call('reprint_letter', { input: { documentId } });
}

// Letters: print runs.

/** → LetterRunView[] newest first. */
export function letterRuns() {
  return call('letter_runs');
}

/** → LetterRunView */
export function letterRun(runId) {
  return call('letter_run', { input: { runId } });
}

/** → WaitingGroup[] { template_name, title, issued_on, count } */
export function lettersWaiting() {
  return call('letters_waiting');
}

/** groups: [{ templateName, issuedOn }]. → LetterRunView (ready to print). */
export function gatherLetterRun({ groups, title, order, duplex }) {
  return call('gather_letter_run', input({ groups, title, order, duplex: duplex || undefined }));
}

/** Starts issuing a template to many accounts in the background. → JobView; poll letterJob. */
export function startLetterRun({ templateName, accountReferences, minBalance, facts, title, order, duplex }) {
  return call('start_letter_run', input({ templateName, accountReferences, minBalance, facts, title, order, duplex: duplex || undefined }));
}

/** Starts laying out a run's print file in the background. → JobView */
export function startPrintFile(runId) {
  return call('start_print_file', { input: { runId } });
}

/** → JobView { job_id, kind, run_id, phase, done, total, stop_requested, finished, outcome, error } */
export function letterJob(jobId) {
  return call('letter_job', { input: { jobId } });
}

/** Asks a job to stop after the chunk it is on. → JobView */
export function stopLetterJob(jobId) {
  return call('stop_letter_job', { input: { jobId } });
}

/** → LetterRunView (cancelled). */
export function cancelLetterRun(runId) {
  return call('cancel_letter_run', { input: { runId } });
}

/** dispatchedOn "YYYY-MM-DD" or absent for today. → LetterRunView (dispatched). */
export function recordLetterRunDispatch(runId, dispatchedOn) {
  return call('record_letter_run_dispatch', input({ runId, dispatchedOn }));
}

/** Opens a PDF (base64) in the system viewer. → { path } */
export function openPdf(title, pdf) {
  return call('open_pdf', { input: { title, pdf } });
}

/** Sends a PDF (base64) to the default printer. → { path } */
export function printPdf(title, pdf) {
  return call('print_pdf', { input: { title, pdf } });
}

/** Opens a run's print file in the system viewer. → { path } */
export function openPrintFile(runId) {
  return call('open_print_file', { input: { runId } });
}

/** Sends a run's print file to the default printer. → { path } */
export function printPrintFile(runId) {
  return call('print_print_file', { input: { runId } });
}

// ---- Income and expenditure (SFS) --------------------------------------------------------------------------

/** → { groups: [{ code, section, section_label, label, items: [{ code, label, repeatable }] }], frequencies, housing_tenures, employment_statuses } */
export function incomeExpenditureCatalogue() {
  return call('income_expenditure_catalogue');
}

/** The overview of a statement as typed (nothing saved). statement: StatementInput (amounts as text). → IncomeExpenditureView with problems[] */
export function computeIncomeExpenditure(statement, takenOn) {
  return call('compute_income_expenditure', { input: takenOn ? { statement, takenOn } : { statement } });
}

/** The form for a new statement: the last one's figures, or the person's name, date of birth and address. → NewStatement */
export function newIncomeExpenditure(partyId) {
  return call('new_income_expenditure', { input: { partyId } });
}

/** Saves a new dated statement. → SavedIncomeExpenditure */
export function saveIncomeExpenditure({ partyId, takenOn, statement, startedFromId }) {
  const payload = { partyId, takenOn, statement };
  if (startedFromId) payload.startedFromId = startedFromId;
  return call('save_income_expenditure', { input: payload });
}

/** One saved statement by id. → SavedIncomeExpenditure */
export function incomeExpenditure(id) {
  return call('income_expenditure', { input: { id } });
}

/** → IncomeExpenditureRow[] newest first. */
export function incomeExpenditureHistory(partyId) {
  return call('income_expenditure_history', { input: { partyId } });
}

/** → SavedIncomeExpenditure (with review_due_on and stale) or null. */
export function latestIncomeExpenditure(partyId) {
  return call('latest_income_expenditure', { input: { partyId } });
}

/** → { reviewMonths } */
export function incomeExpenditureSettings() {
  return call('income_expenditure_settings');
}

/** → { reviewMonths } */
export function saveIncomeExpenditureSettings({ reviewMonths }) {
  return call('save_income_expenditure_settings', { input: { reviewMonths: Number(reviewMonths) } });
}

/** The council's licensed spending guidelines as CSV text (category,household,amount,valid_from). → { loaded, replaced } */
export function loadSpendingGuidelines({ fileName, content }) {
  return call('load_spending_guidelines', { input: { fileName, content } });
}

/** → GuidelineRow[] in force. */
export function spendingGuidelines() {
  return call('spending_guidelines');
}

/** Reads and validates an SFS file's text (JSON or XML) without saving. → { schema, xml, statement, warnings } */
export function readSfs({ fileName, content }) {
  return call('read_sfs', { input: { fileName, content } });
}

/** Imports an SFS file's text as a new statement for the person. → { schema, warnings, saved } */
export function importSfsStatement({ partyId, fileName, content, takenOn }) {
  return call('import_sfs_statement', input({ partyId, fileName, content, takenOn }));
}

/** A saved statement as SFS JSON text; schema 'data_entry' (default) or 'summary'. → string */
export function exportSfsStatement(id, schema) {
  return call('export_sfs_statement', { input: schema ? { id, schema } : { id } });
}

/** The printable SFS summary of a saved statement. → Uint8Array of PDF bytes */
export async function incomeExpenditureSummaryPdf(id) {
  const body = await call('income_expenditure_summary_pdf', { input: { id } });
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return Uint8Array.from(body ?? []);
}

/** available and debts as text; → shares (decimal strings) in the order given. */
export function calculateProRata({ available, debts }) {
  return call('calculate_pro_rata', { input: { available, debts } });
}

/** → OfferFeasibility { total, months_to_clear, … } */
export function checkMonthlyOffer({ arrears, currentYearUnpaid, monthlyOffer, firstPaymentOn, affordable }) {
  return call('check_monthly_offer', input({ arrears, currentYearUnpaid, monthlyOffer, firstPaymentOn, affordable }));
}

/** The affordable monthly offer for the council's debts from the person's latest statement. → CouncilOffer or null */
export function councilAffordableOffer(partyId) {
  return call('council_affordable_offer', { input: { partyId } });
}

// ---- Recovery engine (issue 5): runs, holds, worklist, the person's timetable -------------------------------

/** → RunTimetable { on, slots: [{ debt_type, debt_type_label, run_type, label, letter, minimum, weekdays, next_on, status, last_run }] } */
export function runTimetable() {
  return call('run_timetable');
}

/** since "YYYY-MM-DD" (the last 90 days if absent). → RunRow[] newest first. */
export function recoveryRuns(since) {
  return call('recovery_runs', input({ since }));
}

/** → RunView { …RunRow, label, counts: [{ exclusion, count }], template, items (the first 100, selected first) } */
export function runView(runId) {
  return call('run_view', { input: { runId } });
}

/** A page of a run's items: selected true/false, exclusion code, status, needsDecision. → ItemRow[] */
export function runItems({ runId, selected, exclusion, status, needsDecision, offset, limit }) {
  return call('run_items', input({ runId, selected, exclusion, status, needsDecision, offset, limit }));
}

/** Starts a preview for today in the background. → JobView; poll recoveryJob (outcome: RunView). */
export function startRunPreview({ runType, debtType, accountReferences, limit, minimumAmount }) {
  return call('start_run_preview', input({ runType, debtType, accountReferences, limit, minimumAmount }));
}

/** Starts committing an authorised run in the background. → JobView; poll recoveryJob (outcome: CommitOutcome). */
export function startRunCommit(runId, issueLetters = true) {
  return call('start_run_commit', { input: { runId, issueLetters } });
}

/** → JobView { job_id, kind, run_id, phase, done, total, finished, outcome, error } */
export function recoveryJob(jobId) {
  return call('recovery_job', { input: { jobId } });
}

/** Writes the run's items as CSV to the data directory. → { path } */
export function exportRunCsv(runId) {
  return call('export_run_csv', { input: { runId } });
}

/** → RunView (authorised); refused (rule_refused) for the officer who prepared it when segregation of duties is on. */
export function authoriseRun(runId) {
  return call('authorise_run', { input: { runId } });
}

/** → RunView (reversed): stages restored, costs reversed; refused once dispatched. */
export function reverseRun(runId, reason) {
  return call('reverse_run', { input: { runId, reason } });
}

/** → RunView (dispatched): it can no longer be reversed. */
export function markRunDispatched(runId) {
  return call('mark_run_dispatched', { input: { runId } });
}

/** → RunView (cancelled): only a run not yet committed. */
export function cancelRun(runId, reason) {
  return call('cancel_run', { input: { runId, reason } });
}

/** → RecoverySettings { betweenYears, segregationOfDuties, instalmentDay, minimums, summonsCosts, holdReviewDays, runDays } */
export function recoverySettings() {
  return call('recovery_settings');
}

/** settings: the whole RecoverySettings as recoverySettings gave it, changed. → RecoverySettings */
export function saveRecoverySettings(settings) {
  return call('save_recovery_settings', { input: settings });
}

/** Stores the statutory schedule of every liability charged but never scheduled (an imported caseload). → { scheduled, instalments, skipped, skipped_examples } */
export function scheduleMissingInstalments({ scheme, dayOfMonth } = {}) {
  return call('schedule_missing_instalments', input({ scheme, dayOfMonth }));
}

/** One person's holds (released too), or every hold open today. → HoldStatus[] */
export function holds(partyId) {
  return call('holds', input({ partyId }));
}

/** → HoldRecorded { …HoldStatus, tasks } */
export function recordHold({ partyId, accountId, kind, registeredOn, startsOn, endsOn, reviewOn, noticeReceivedOn, reason, evidence, adviser }) {
  return call('record_hold', input({ partyId, accountId, kind, registeredOn, startsOn, endsOn, reviewOn, noticeReceivedOn, reason, evidence, adviser }));
}

/** releasedOn: the first day it no longer holds (today if absent). → HoldRecorded */
export function releaseHold({ holdId, releasedOn, reason }) {
  return call('release_hold', input({ holdId, releasedOn, reason }));
}

/** A mental health crisis moratorium: the day treatment ended. → HoldRecorded (its last day computed) */
export function recordTreatmentEnded({ holdId, treatmentEndedOn, evidence }) {
  return call('record_treatment_ended', input({ holdId, treatmentEndedOn, evidence }));
}

/** The signed-in officer's tasks due by today; or unallocated: true; or everyone: true. → Worklist { on, overdue, tasks } */
export function worklist({ officer, unallocated, everyone, on } = {}) {
  return call('worklist', input({ officer, unallocated: unallocated || undefined, everyone: everyone || undefined, on }));
}

/** → UserRow[] { id, username, display_name, role } */
export function officers() {
  return call('officers');
}

/** officer: a user id or username; absent takes the tasks back to the unallocated queue. → TaskRow[] */
export function allocateTasks(taskIds, officer) {
  return call('allocate_tasks', input({ taskIds, officer }));
}

/** status 'done' (default) or 'cancelled'. → TaskRow */
export function closeTask(taskId, status) {
  return call('close_task', input({ taskId, status }));
}

/** A letter came back undelivered: reason is a ReturnedMailReason code; returnedOn ISO (today if absent). → TaskRow */
export function recordReturnedMail(documentId, reason, returnedOn) {
  return call('record_returned_mail', input({ documentId, reason, returnedOn }));
}

/** → AccountTimetable { liabilities: [{ instalments, timeline, held_by, … }], holds, next, … } */
export function accountTimetable(accountId, on) {
  return call('account_timetable', input({ accountId, on }));
}

// ------------------------------------------------------------------------------------------------
// Arrangements (issue 7): the planner and the person screen's arrangements.

/** → PlannerStart { party_name, debts (with held / in_arrangement), affordable, policy, year_end, … } */
export function arrangementPlanner(partyId) {
  return call('arrangement_planner', { input: { partyId } });
}

/** amount or endOn, as typed; → ArrangementPlanView { payments, debts, checks, can_save, … } (nothing is stored) */
export function planArrangement({ partyId, liabilityIds, frequency, startOn, amount, endOn }) {
  return call('plan_arrangement', input({ partyId, liabilityIds, frequency, startOn, amount, endOn }));
}

/** plan as for planArrangement; method, agreedHow, agreedWith; → ArrangementView (the confirmation letter issued) */
export function saveArrangement({ plan, method, agreedHow, agreedWith, notes, withPrintRun }) {
  const { input: p } = input(plan);
  return call('save_arrangement', input({ plan: p, method, agreedHow, agreedWith, notes, withPrintRun: withPrintRun || undefined }));
}

/** → ArrangementView[] newest first, each with every payment's status and its history. */
export function personArrangements(partyId) {
  return call('person_arrangements', { input: { partyId } });
}

/** commit: act on what it finds (default letter, break, completion). → MonitorOutcome { monitoring, applied, arrangement } */
export function monitorArrangement(arrangementId, commit = false) {
  return call('monitor_arrangement', { input: commit ? { arrangementId, commit: true } : { arrangementId } });
}

/** → ArrangementView */
export function cancelArrangement({ arrangementId, reason }) {
  return call('cancel_arrangement', { input: { arrangementId, reason } });
}

/** startOn as typed; frequency, amount, endOn optional (the arrangement's own). → ArrangementView */
export function reinstateArrangement({ arrangementId, reason, startOn, frequency, amount, endOn }) {
  return call('reinstate_arrangement', input({ arrangementId, reason, startOn, frequency, amount, endOn }));
}

// ---- court and bundles (issue 8) ----

/** Hearings on or after `since` (90 days ago if absent). → HearingRow[] */
export function courtHearings(since) {
  return call('court_hearings', input({ since }));
}

/** → HearingView { ...HearingRow, reference, methodology, warnings, complaints, listed, outcomes, documents } */
export function courtHearing(hearingId) {
  return call('court_hearing', { input: { hearingId } });
}

/** { courtName, courtAddress, jurisdiction, debtType, hearingOn, hearingTime, authorisedOfficer, methodologyId, summonsCosts, liabilityOrderCosts } → HearingView */
export function createHearing(hearing) {
  return call('create_hearing', input(hearing));
}

/** → HearingView; refused once summonses name it and the new date leaves someone short of 14 days. */
export function editHearing(hearingId, hearing) {
  return call('edit_hearing', { input: { hearingId, hearing: input(hearing).input } });
}

/** → MethodologyRow[] */
export function costsMethodologies() {
  return call('costs_methodologies');
}

/** Starts the summons run's preview for a hearing. → JobView; poll recoveryJob (outcome: RunView). */
export function startSummonsPreview({ hearingId, accountReferences, limit, minimumAmount }) {
  return call('start_summons_preview', input({ hearingId, accountReferences, limit, minimumAmount }));
}

/** kind: complaints | hearing | endorsed (default: hearing, endorsed once heard). → CourtListView */
export function courtList({ hearingId, order, kind }) {
  return call('court_list', input({ hearingId, order, kind }));
}

/** The morning refresh. → CourtListView */
export function refreshCourtList(hearingId) {
  return call('refresh_court_list', { input: { hearingId } });
}

/** mark: withdrawn | disputed | none. → CourtListView */
export function markListing({ hearingId, accountReference, mark, reason }) {
  return call('mark_listing', input({ hearingId, accountReference, mark, reason }));
}

/** bulk: granted | withdrawn | adjourned | refused; individual: [{ accountReference, outcome, attended, notes }]. → OutcomesView */
export function recordCourtOutcomes({ hearingId, bulk, adjournedToHearingId, individual }) {
  return call('record_court_outcomes', input({ hearingId, bulk, adjournedToHearingId, individual }));
}

/** Stores the complaint list against the hearing. → document id */
export function issueComplaintList(hearingId) {
  return call('issue_complaint_list', { input: { hearingId } });
}

/** format: pdf | csv; written to the data directory (opened if asked). → { path } */
export function exportCourtList({ hearingId, order, kind, format, open }) {
  return call('export_court_list', input({ hearingId, order, kind, format, open }));
}

/** { accountReference, kind, hearingId, court, officerName, officerTitle, sections } → BundleView; refused (rule_refused) by the kind's checks. */
export function prepareCourtBundle(bundle) {
  return call('prepare_court_bundle', input(bundle));
}

/** → BundleView */
export function courtBundle(bundleId) {
  return call('court_bundle', { input: { bundleId } });
}

/** sections in their new order, or the statement edited. → BundleView */
export function editCourtBundle({ bundleId, sections, statement }) {
  return call('edit_court_bundle', input({ bundleId, sections, statement }));
}

/** A PDF the officer picked, as base64. → BundleView */
export function addBundleExhibit({ bundleId, title, fileName, contentBase64 }) {
  return call('add_bundle_exhibit', { input: { bundleId, title, fileName, contentBase64 } });
}

/** A PDF by its path on this computer. → BundleView */
export function addBundleExhibitPath({ bundleId, title, path }) {
  return call('add_bundle_exhibit_path', { input: { bundleId, title, path } });
}

/** → { title, page_count, index, path } (nothing stored) */
export function previewCourtBundle(bundleId, open = false) {
  return call('preview_court_bundle', { input: { bundleId, open } });
}

/** → { title, page_count, index, path } (stored on the account) */
export function issueCourtBundle(bundleId, open = false) {
  return call('issue_court_bundle', { input: { bundleId, open } });
}

// ---- audit (issue 9) ----

/** { userId, person, action, from, to, page, limit } (blank ones left out). → { rows, total, page, limit, pages, first, last } newest first */
export function auditLog(query = {}) {
  return call('audit_log', input(query));
}

/** → { users: [{ user_id, user_name }], actions: [string] } */
export function auditFilters() {
  return call('audit_filters');
}

/** The same filters as auditLog. → { path } of the CSV in the data dir's audit-exports folder */
export function exportAuditCsv(query = {}) {
  return call('export_audit_csv', input(query));
}

// ---- data protection (issue 9) ----

/** → { folder, every_hours, keep, last_backup_at, last_backup_path } (administrators) */
export function backupSettings() {
  return call('backup_settings');
}

/** { folder?, everyHours, keep } → the saved settings. A bad value is refused naming its field. */
export function saveBackupSettings({ folder, everyHours, keep }) {
  return call('save_backup_settings', { input: { folder: folder ?? null, everyHours, keep } });
}

/** A backup now into the settings' folder. → { path, bytes, taken_at, rotated_out } */
export function backupNow() {
  return call('backup_now');
}

/** Signs everyone out, then restores the backup file over the live database. → { restored_from, database, before_restore, counts, … } */
export function restoreBackup(file) {
  return call('restore_backup', { input: { file } });
}

/** → [{ record_type, record_type_label, basis, basis_label, years, source, changed, changed_at, changed_by }] */
export function retentionSchedule() {
  return call('retention_schedule');
}

/** rules: [{ recordType, basis, years, source }] → the whole schedule */
export function saveRetentionSchedule(rules) {
  return call('save_retention_schedule', { input: { rules } });
}

/** → { as_of, due: [{ party_id, name, due_on, accounts }], held_back: [{ party_id, name, reasons }], party_ids, already_anonymised } */
export function previewRetention() {
  return call('preview_retention');
}

/** The preview's party_ids. → { as_of, anonymised: [...], skipped: [{ party_id, reason }] } */
export function runRetention(partyIds) {
  return call('run_retention', { input: { partyIds } });
}

/** One person's holds, or every hold in force. → [{ id, party_id, kind, kind_label, reason, placed_on, released_on, … }] */
export function legalHolds(partyId) {
  return call('legal_holds', input({ partyId }));
}

/** { partyId, kind, reason } → the hold */
export function placeLegalHold({ partyId, kind, reason }) {
  return call('place_legal_hold', { input: { partyId, kind, reason } });
}

/** { id, reason } → the released hold */
export function releaseLegalHold({ id, reason }) {
  return call('release_legal_hold', { input: { id, reason } });
}

/** → { party_id, json_path, pdf_path, accounts, ledger_entries, audit_rows } */
export function subjectAccessExport(partyId) {
  return call('subject_access_export', { input: { partyId } });
}
