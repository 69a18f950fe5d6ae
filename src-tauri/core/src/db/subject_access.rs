//! What a subject access export reads (UK GDPR Art 15): every row held about one person, table by table, as
//! JSON objects keyed by column name. `…_pence` integer columns become decimal strings named without the suffix
//! (`amount_pence: -90000` → `amount: "-900.00"`), so money is exact and reads as money. Stored files (letters'
//! PDFs, exhibits, SFS documents as received) are listed, not copied.

use crate::error::Result;
use crate::money::Money;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::{Map, Value};

pub type Record = Map<String, Value>;

/// The sections about the person, in the export's order: (name, SQL on `:party`).
pub const PARTY_SECTIONS: &[(&str, &str)] = &[
    ("person", "SELECT * FROM parties WHERE id = :party"),
    (
        "addresses",
        "SELECT * FROM addresses WHERE id IN (
             SELECT address_id FROM parties WHERE id = :party
             UNION SELECT correspondence_address_id FROM account_parties WHERE party_id = :party
             UNION SELECT property_address_id FROM accounts WHERE id IN (SELECT account_id FROM account_parties
                                                                         WHERE party_id = :party))
         ORDER BY created_at, id",
    ),
    ("contacts", "SELECT * FROM party_contacts WHERE party_id = :party ORDER BY created_at, id"),
    (
        "holds",
        "SELECT * FROM holds WHERE party_id = :party
            OR account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party)
         ORDER BY starts_on, id",
    ),
    ("legal_holds", "SELECT * FROM retention_legal_holds WHERE party_id = :party ORDER BY placed_on, id"),
    ("arrangements", "SELECT * FROM arrangements WHERE party_id = :party ORDER BY agreed_on, id"),
    (
        "arrangement_schedules",
        "SELECT * FROM arrangement_schedules WHERE party_id = :party ORDER BY arrangement_id, revision",
    ),
    ("arrangement_payments", "SELECT * FROM arrangement_payments WHERE party_id = :party ORDER BY schedule_id, number"),
    ("arrangement_events", "SELECT * FROM arrangement_events WHERE party_id = :party ORDER BY event_on, id"),
    ("income_expenditures", "SELECT * FROM income_expenditures WHERE party_id = :party ORDER BY taken_on, id"),
    (
        "income_expenditure_lines",
        "SELECT * FROM income_expenditure_lines WHERE party_id = :party ORDER BY income_expenditure_id, position",
    ),
    (
        "income_expenditure_debts",
        "SELECT * FROM income_expenditure_debts WHERE party_id = :party
         ORDER BY income_expenditure_id, priority DESC, position",
    ),
    ("notes", "SELECT * FROM notes WHERE party_id = :party ORDER BY created_at, id"),
    (
        "letters",
        "SELECT id, account_id, party_id, kind, title, template_name, template_version, issued_on, created_at,
                created_by,
                EXISTS (SELECT 1 FROM document_files f WHERE f.document_id = documents.id) AS pdf_kept,
                (SELECT returned_on FROM returned_mail r WHERE r.document_id = documents.id) AS returned_on
         FROM documents
         WHERE party_id = :party
            OR (party_id IS NULL AND account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party))
         ORDER BY issued_on, created_at, id",
    ),
    (
        "tasks",
        "SELECT * FROM tasks WHERE party_id = :party
            OR account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party)
         ORDER BY due_on, id",
    ),
    (
        "court_complaints",
        "SELECT * FROM court_complaints
         WHERE account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party)
         ORDER BY complaint_on, id",
    ),
    (
        "court_listings",
        "SELECT * FROM court_listings
         WHERE account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party)
         ORDER BY created_at, id",
    ),
    (
        "court_outcomes",
        "SELECT * FROM court_outcomes
         WHERE account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party)
         ORDER BY created_at, id",
    ),
    (
        "court_bundles",
        "SELECT id, account_id, kind, hearing_id, sections, officer_name, officer_title, statement, court, status,
                document_id, issued_on, created_at, created_by
         FROM court_bundles
         WHERE account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party)
         ORDER BY created_at, id",
    ),
    (
        "audit",
        "SELECT seq, at, user_id, action, entity, entity_id, party_id, account_id, detail FROM audit_log
         WHERE party_id = :party OR entity_id = :party
            OR account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party)
         ORDER BY seq, at",
    ),
];

/// The person's accounts with their role, by reference.
pub const ACCOUNTS_SQL: &str = "SELECT a.*, ap.role AS role,
        (SELECT coalesce(sum(e.amount_pence), 0) FROM ledger_entries e WHERE e.account_id = a.id) AS balance_pence
     FROM accounts a JOIN account_parties ap ON ap.account_id = a.id
     WHERE ap.party_id = :party ORDER BY a.reference, ap.role";

/// The sections of each account: (name, SQL on `:account`).
pub const ACCOUNT_SECTIONS: &[(&str, &str)] = &[
    ("liabilities", "SELECT * FROM liabilities WHERE account_id = :account ORDER BY financial_year, period_from"),
    (
        "ledger",
        "SELECT * FROM ledger_entries WHERE account_id = :account ORDER BY posted_on, effective_on, created_at, id",
    ),
    ("stages", "SELECT * FROM recovery_stages WHERE account_id = :account ORDER BY entered_on, created_at, id"),
    (
        "other_parties",
        "SELECT ap.party_id, ap.role FROM account_parties ap
         WHERE ap.account_id = :account AND ap.party_id <> :party ORDER BY ap.role, ap.party_id",
    ),
];

/// Runs `sql` with the named parameters it uses (of `:party` and `:account`) and returns each row as a record.
pub fn records(conn: &Connection, sql: &str, party_id: &str, account_id: Option<&str>) -> Result<Vec<Record>> {
    let mut stmt = conn.prepare(sql)?;
    if let Some(i) = stmt.parameter_index(":party")? {
        stmt.raw_bind_parameter(i, party_id)?;
    }
    if let (Some(i), Some(account)) = (stmt.parameter_index(":account")?, account_id) {
        stmt.raw_bind_parameter(i, account)?;
    }
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut rec = Map::new();
        for (i, name) in names.iter().enumerate() {
            let (key, value) = match r.get_ref(i)? {
                ValueRef::Null => (name.clone(), Value::Null),
                ValueRef::Integer(n) => match name.strip_suffix("_pence") {
                    Some(stem) => (stem.to_string(), Value::String(Money::from_pence(n).to_string())),
                    None => (name.clone(), Value::from(n)),
                },
                ValueRef::Real(f) => (name.clone(), Value::from(f)),
                ValueRef::Text(t) => (name.clone(), Value::String(String::from_utf8_lossy(t).into_owned())),
                ValueRef::Blob(b) => (name.clone(), Value::String(format!("({} bytes)", b.len()))),
            };
            rec.insert(key, value);
        }
        out.push(rec);
    }
    Ok(out)
}
