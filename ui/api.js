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
