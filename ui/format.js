// Display formatting only: money strings, dates and officer-facing labels. No arithmetic on money: every figure comes from Rust.

const MONEY = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** "1234.50" → "£1,234.50"; "-12.00" → "−£12.00" (a true minus sign). Unknown text is shown as it came. */
export function money(amount) {
  const m = MONEY.exec(String(amount ?? '').trim());
  if (!m) return String(amount ?? '');
  const [, sign, whole, pence = ''] = m;
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = `£${grouped}.${pence.padEnd(2, '0')}`;
  return sign && !isZero(amount) ? `\u2212${text}` : text;
}

/** The same amount without its sign: "-12.00" → "£12.00". */
export function moneyUnsigned(amount) {
  return money(String(amount ?? '').trim().replace(/^-/, ''));
}

/** True for "-12.00": a credit (money owed to the debtor) on a balance. */
export function isNegative(amount) {
  return /^-/.test(String(amount ?? '').trim()) && !isZero(amount);
}

/** True for "0.00", "-0.00", "0". */
export function isZero(amount) {
  return /^-?0*(\.0*)?$/.test(String(amount ?? '').trim());
}

/** A balance as an officer reads it: "£1,234.50", "£12.00 in credit", "£0.00". */
export function balance(amount) {
  return isNegative(amount) ? `${moneyUnsigned(amount)} in credit` : money(amount);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** "2026-11-25" → "25 Nov 2026" (read from the text, so no time zone can shift it). */
export function date(iso, { long = false } = {}) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? ''));
  if (!m) return String(iso ?? '');
  const month = Number(m[2]) - 1;
  return `${Number(m[3])} ${(long ? MONTHS_LONG : MONTHS)[month] ?? m[2]} ${m[1]}`;
}

/** An RFC 3339 instant in local time: "25 Nov 2026, 14:05". */
export function dateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso ?? '');
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2026-11-25" → { day: "25", month: "11", year: "2026" } for a GOV.UK date input. */
export function dateParts(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso ?? ''));
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : { day: '', month: '', year: '' };
}

/** Day, month and year as typed → "YYYY-MM-DD" (padded; Rust says whether it is a real date). */
export function isoFromParts({ day, month, year }) {
  const d = String(day ?? '').trim();
  const mo = String(month ?? '').trim();
  const y = String(year ?? '').trim();
  if (!d && !mo && !y) return '';
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** Debt type codes (model.rs DebtType) → the officer's words; `short` for tags. */
export const DEBT_TYPES = {
  council_tax: { label: 'Council Tax', short: 'Council Tax', tag: 'blue' },
  business_rates: { label: 'Business rates', short: 'Business rates', tag: 'purple' },
  hb_overpayment: { label: 'Housing Benefit overpayment', short: 'HB overpayment', tag: 'orange' },
  sundry: { label: 'Sundry debt', short: 'Sundry', tag: 'grey' },
  adult_social_care: { label: 'Adult social care', short: 'Adult social care', tag: 'turquoise' },
};

export function debtType(code, { short = false } = {}) {
  const t = DEBT_TYPES[code];
  return t ? (short ? t.short : t.label) : String(code ?? '');
}

export function debtTypeTag(code) {
  return DEBT_TYPES[code]?.tag ?? 'grey';
}

/** Payment method codes accepted by record_payment (model.rs PaymentMethod), in the order offered. */
export const PAYMENT_METHODS = [
  ['card', 'Debit or credit card'],
  ['cash', 'Cash'],
  ['cheque', 'Cheque'],
  ['bank_transfer', 'Bank transfer'],
  ['direct_debit', 'Direct Debit'],
  ['standing_order', 'Standing order'],
  ['paypoint', 'PayPoint / Post Office'],
  ['dwp', 'DWP deduction'],
  ['aeo', 'Attachment of earnings'],
];

export function paymentMethod(code) {
  const found = PAYMENT_METHODS.find(([c]) => c === code);
  return found ? found[1] : String(code ?? '');
}

export const JURISDICTIONS = { england: 'England', wales: 'Wales' };

export function jurisdiction(code) {
  return JURISDICTIONS[code] ?? String(code ?? '');
}

/** Role codes (model.rs Role) for when Rust sends a code without its label. */
export const ROLES = {
  liable: 'Liable',
  joint_and_several: 'Jointly and severally liable',
  appointee: 'Appointee',
  attorney: 'Attorney',
  deputy: 'Deputy',
  debt_adviser: 'Debt adviser (with authority)',
};

export function role(code) {
  return ROLES[code] ?? String(code ?? '');
}

/** "QQ123456C" → "QQ 12 34 56 C", as printed on NI cards; anything else as it came. */
export function niNumber(text) {
  const m = /^([A-Z]{2})(\d{2})(\d{2})(\d{2})([A-D]?)$/i.exec(String(text ?? '').replace(/\s+/g, ''));
  return m ? [m[1], m[2], m[3], m[4], m[5]].filter(Boolean).join(' ').toUpperCase() : String(text ?? '');
}

/** An address object {lines[], postcode} on one line. */
export function addressLine(address) {
  if (!address) return '';
  return [...(address.lines ?? []), address.postcode].filter((s) => s && String(s).trim()).join(', ');
}

/** "1 result", "3 results". */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** Audit action codes → words; unknown codes are shown with underscores as spaces. */
export function auditAction(code) {
  const words = {
    add_note: 'Note added',
    record_payment: 'Payment recorded',
    reverse_ledger_entry: 'Ledger entry reversed',
    view_person: 'Record viewed',
    viewed: 'Viewed',
    export_audit_log: 'Audit log exported',
  };
  const text = String(code ?? '');
  return words[text] ?? text.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
