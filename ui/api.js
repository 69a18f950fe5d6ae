// The only door to the Rust core (the only file that touches window.__TAURI__): one async function per command; rejections become ApiError.

/** A refused or failed command: `code` is one of validation | not_found | conflict | rule_refused | internal. */
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
    throw ApiError.from(command, reason);
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
