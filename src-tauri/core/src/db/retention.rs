//! Retention (issue 9, recovery-rules.md §9): the schedule per record type (the shipped POLICY defaults, each
//! overridden by a `retention_rules` row where the council changed it), legal holds on a person, the facts a
//! retention decision reads about every account, and the anonymisation of one person: their identifying
//! details cleared in every table that holds them, their letters' stored PDFs deleted, their search keys
//! removed; the ledger, account references, stages and the audit log are kept.

use crate::db::{new_id, Ctx, Tx};
use crate::error::Result;
use crate::model::{DebtType, LegalHoldKind, PartyKind, RetentionBasis, RetentionRecordType};
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;

/// The shipped schedule. POLICY (recovery-rules.md §9, "Recommendation"): there is no statutory period, so
/// these are the council's own choice, editable on the retention schedule:
/// - council tax, business rates and adult social care: the later of 6 years after the debt is cleared or
///   written off and 6 years after the end of the financial year it relates to (VAT and Limitation Act 1980);
/// - HB overpayments and sundry debt: 6 years after closure (Wyre Forest DC's schedule, Mar 2025);
/// - liability order evidence: for as long as the LO debt is unpaid, plus 6 years.
pub const DEFAULTS: &[(RetentionRecordType, RetentionBasis, i64)] = &[
    (RetentionRecordType::CouncilTax, RetentionBasis::LaterOfClearanceAndYearEnd, 6),
    (RetentionRecordType::BusinessRates, RetentionBasis::LaterOfClearanceAndYearEnd, 6),
    (RetentionRecordType::HbOverpayment, RetentionBasis::AfterClosure, 6),
    (RetentionRecordType::Sundry, RetentionBasis::AfterClosure, 6),
    (RetentionRecordType::AdultSocialCare, RetentionBasis::LaterOfClearanceAndYearEnd, 6),
    (RetentionRecordType::LiabilityOrder, RetentionBasis::WhileUnpaidThenAfterClearance, 6),
];

/// The source shown beside a shipped default.
pub const DEFAULT_SOURCE: &str = "POLICY default: recovery-rules.md §9 (no statutory period; current year + 6, \
                                  VAT and Limitation Act 1980)";

/// One record type's rule as in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleRow {
    pub record_type: RetentionRecordType,
    pub basis: RetentionBasis,
    pub years: i64,
    pub source: String,
    /// False while the shipped default applies.
    pub changed: bool,
    pub changed_at: Option<String>,
    pub changed_by: Option<String>,
}

/// The whole schedule, in [`DEFAULTS`] order, the council's rows over the defaults.
pub fn schedule(conn: &Connection) -> Result<Vec<RuleRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT basis, years, source, coalesce(updated_at, created_at), created_by FROM retention_rules
         WHERE record_type = :record_type AND deleted_at IS NULL",
    )?;
    let mut out = Vec::new();
    for &(record_type, basis, years) in DEFAULTS {
        let stored = stmt
            .query_row(named_params! {":record_type": record_type}, |r| {
                Ok(RuleRow {
                    record_type,
                    basis: r.get(0)?,
                    years: r.get(1)?,
                    source: r.get(2)?,
                    changed: true,
                    changed_at: r.get(3)?,
                    changed_by: r.get(4)?,
                })
            })
            .optional()?;
        out.push(stored.unwrap_or(RuleRow {
            record_type,
            basis,
            years,
            source: DEFAULT_SOURCE.into(),
            changed: false,
            changed_at: None,
            changed_by: None,
        }));
    }
    Ok(out)
}

/// Stores the council's rule for a record type (replacing an earlier one).
pub fn put_rule(
    tx: &Tx,
    ctx: &Ctx,
    record_type: RetentionRecordType,
    basis: RetentionBasis,
    years: i64,
    source: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO retention_rules (id, record_type, basis, years, source, created_at, created_by, device_id)
         VALUES (:id, :record_type, :basis, :years, :source, :at, :user, :device)
         ON CONFLICT (record_type) DO UPDATE SET basis = excluded.basis, years = excluded.years,
             source = excluded.source, updated_at = excluded.created_at, created_by = excluded.created_by,
             deleted_at = NULL",
    )?
    .execute(named_params! {
        ":id": new_id(ctx), ":record_type": record_type, ":basis": basis, ":years": years, ":source": source,
        ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(())
}

// --------------------------------------------------------------------------------------------- legal holds

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LegalHoldRow {
    pub id: String,
    pub party_id: String,
    pub kind: LegalHoldKind,
    pub reason: String,
    pub placed_on: String,
    pub released_on: Option<String>,
    pub release_reason: String,
    pub created_at: String,
    pub created_by: String,
}

const HOLD_COLUMNS: &str =
    "id, party_id, kind, reason, placed_on, released_on, release_reason, created_at, created_by FROM retention_legal_holds";

fn hold_from_row(r: &rusqlite::Row) -> rusqlite::Result<LegalHoldRow> {
    Ok(LegalHoldRow {
        id: r.get(0)?,
        party_id: r.get(1)?,
        kind: r.get(2)?,
        reason: r.get(3)?,
        placed_on: r.get(4)?,
        released_on: r.get(5)?,
        release_reason: r.get(6)?,
        created_at: r.get(7)?,
        created_by: r.get(8)?,
    })
}

pub fn insert_legal_hold(
    tx: &Tx,
    ctx: &Ctx,
    party_id: &str,
    kind: LegalHoldKind,
    reason: &str,
    placed_on: &str,
) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO retention_legal_holds (id, party_id, kind, reason, placed_on, created_at, created_by, device_id)
         VALUES (:id, :party, :kind, :reason, :placed_on, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":party": party_id, ":kind": kind, ":reason": reason, ":placed_on": placed_on, ":at": ctx.at(),
        ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

pub fn release_legal_hold(tx: &Tx, ctx: &Ctx, id: &str, released_on: &str, reason: &str) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE retention_legal_holds SET released_on = :on, release_reason = :reason, updated_at = :at
             WHERE id = :id AND released_on IS NULL AND deleted_at IS NULL",
        )?
        .execute(named_params! {":on": released_on, ":reason": reason, ":at": ctx.at(), ":id": id})?;
    Ok(n == 1)
}

pub fn legal_hold(conn: &Connection, id: &str) -> Result<Option<LegalHoldRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {HOLD_COLUMNS} WHERE id = :id AND deleted_at IS NULL"))?
        .query_row(named_params! {":id": id}, hold_from_row)
        .optional()?)
}

/// Legal holds, newest first: one person's, or everyone's in force.
pub fn legal_holds(conn: &Connection, party_id: Option<&str>) -> Result<Vec<LegalHoldRow>> {
    let sql = match party_id {
        Some(_) => format!(
            "SELECT {HOLD_COLUMNS} WHERE party_id = :party AND deleted_at IS NULL ORDER BY placed_on DESC, id DESC"
        ),
        None => format!(
            "SELECT {HOLD_COLUMNS} WHERE released_on IS NULL AND deleted_at IS NULL ORDER BY placed_on DESC, id DESC"
        ),
    };
    let mut stmt = conn.prepare(&sql)?;
    let rows = match party_id {
        Some(p) => stmt.query_map(named_params! {":party": p}, hold_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?,
        None => stmt.query_map([], hold_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?,
    };
    Ok(rows)
}

/// What stops a person being anonymised on `today`: a legal hold in force on them, or a recovery hold for a
/// dispute, appeal or complaint in force on them or on any of their accounts. `(party_id, what, since)`.
pub fn blocking_holds(conn: &Connection, today: &str, party_id: Option<&str>) -> Result<Vec<(String, String, String)>> {
    let filter = if party_id.is_some() { "AND x.party_id = :party" } else { "" };
    let sql = format!(
        "SELECT x.party_id, x.what, x.since FROM (
             SELECT party_id, 'legal hold (' || kind || '): ' || reason AS what, placed_on AS since
             FROM retention_legal_holds
             WHERE released_on IS NULL AND deleted_at IS NULL AND placed_on <= :today
             UNION ALL
             SELECT coalesce(h.party_id, ap.party_id), h.kind || ' hold', h.starts_on
             FROM holds h LEFT JOIN account_parties ap ON ap.account_id = h.account_id AND ap.deleted_at IS NULL
             WHERE h.kind IN ('dispute', 'appeal', 'complaint') AND h.deleted_at IS NULL AND h.released_on IS NULL
               AND (h.ends_on IS NULL OR h.ends_on >= :today)
         ) x WHERE x.party_id IS NOT NULL {filter}
         ORDER BY x.party_id, x.since"
    );
    let mut stmt = conn.prepare(&sql)?;
    let map = |r: &rusqlite::Row| Ok((r.get(0)?, r.get(1)?, r.get(2)?));
    let rows = match party_id {
        Some(p) => {
            stmt.query_map(named_params! {":today": today, ":party": p}, map)?.collect::<rusqlite::Result<_>>()?
        }
        None => stmt.query_map(named_params! {":today": today}, map)?.collect::<rusqlite::Result<_>>()?,
    };
    Ok(rows)
}

// --------------------------------------------------------------------------------------------------- facts

/// What a retention decision reads about one account of one party.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountFacts {
    pub party_id: String,
    pub party_name: String,
    pub account_id: String,
    pub reference: String,
    pub debt_type: DebtType,
    pub opened_on: String,
    pub closed_on: Option<String>,
    /// The ledger's sum, in pence.
    pub balance_pence: i64,
    /// The day the last ledger entry was posted: when a cleared debt was cleared or written off.
    pub last_entry_on: Option<String>,
    /// The latest financial year it relates to (its liabilities), if it has any.
    pub last_year: Option<i32>,
    /// It had a liability order (not reversed).
    pub liability_order: bool,
}

/// The facts of every account of every party not yet anonymised (or of one party), by party then reference.
pub fn account_facts(conn: &Connection, party_id: Option<&str>) -> Result<Vec<AccountFacts>> {
    let filter = if party_id.is_some() { "AND ap.party_id = :party" } else { "" };
    let sql = format!(
        "SELECT DISTINCT ap.party_id, p.kind, p.title, p.forenames, p.surname, p.organisation_name,
                a.id, a.reference, a.debt_type, a.opened_on, a.closed_on,
                (SELECT coalesce(sum(e.amount_pence), 0) FROM ledger_entries e WHERE e.account_id = a.id),
                (SELECT max(e.posted_on) FROM ledger_entries e WHERE e.account_id = a.id),
                (SELECT max(l.financial_year) FROM liabilities l WHERE l.account_id = a.id),
                EXISTS (SELECT 1 FROM recovery_stages s WHERE s.account_id = a.id AND s.stage = 'liability_order'
                        AND NOT EXISTS (SELECT 1 FROM recovery_stage_reversals r WHERE r.stage_id = s.id))
         FROM account_parties ap
         JOIN accounts a ON a.id = ap.account_id
         JOIN parties p ON p.id = ap.party_id
         WHERE ap.deleted_at IS NULL AND a.deleted_at IS NULL AND p.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM retention_anonymisations x WHERE x.party_id = ap.party_id) {filter}
         ORDER BY ap.party_id, a.reference"
    );
    let mut stmt = conn.prepare(&sql)?;
    let map = |r: &rusqlite::Row| {
        let kind: PartyKind = r.get(1)?;
        let name = crate::db::parties::display_name(
            Some(kind),
            &r.get::<_, String>(2)?,
            &r.get::<_, String>(3)?,
            &r.get::<_, String>(4)?,
            &r.get::<_, String>(5)?,
        );
        Ok(AccountFacts {
            party_id: r.get(0)?,
            party_name: name,
            account_id: r.get(6)?,
            reference: r.get(7)?,
            debt_type: r.get(8)?,
            opened_on: r.get(9)?,
            closed_on: r.get(10)?,
            balance_pence: r.get(11)?,
            last_entry_on: r.get(12)?,
            last_year: r.get(13)?,
            liability_order: r.get(14)?,
        })
    };
    let rows = match party_id {
        Some(p) => stmt.query_map(named_params! {":party": p}, map)?.collect::<rusqlite::Result<_>>()?,
        None => stmt.query_map([], map)?.collect::<rusqlite::Result<_>>()?,
    };
    Ok(rows)
}

/// How many parties have been anonymised.
pub fn anonymised_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM retention_anonymisations", [], |r| r.get(0))?)
}

pub fn is_anonymised(conn: &Connection, party_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM retention_anonymisations WHERE party_id = :party)")?
        .query_row(named_params! {":party": party_id}, |r| r.get(0))?)
}

// ----------------------------------------------------------------------------------------------- anonymise

/// What anonymising one person changed, by kind of record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Anonymised {
    pub contacts: usize,
    pub notes: usize,
    pub income_expenditures: usize,
    pub arrangements: usize,
    pub holds: usize,
    pub letters: usize,
    pub letter_files_deleted: usize,
    pub court_bundles: usize,
    pub addresses: usize,
    pub search_keys_removed: usize,
}

/// The accounts whose every party is anonymised (their account-level free text goes too), as a subquery.
const ACCOUNTS_ALL_ANONYMISED: &str = "SELECT ap.account_id FROM account_parties ap WHERE ap.party_id = :party
      AND NOT EXISTS (SELECT 1 FROM account_parties o WHERE o.account_id = ap.account_id
                      AND NOT EXISTS (SELECT 1 FROM retention_anonymisations x WHERE x.party_id = o.party_id))";

/// A party no one has anonymised, as a condition on `pid`.
const LIVE: &str = "NOT EXISTS (SELECT 1 FROM retention_anonymisations x WHERE x.party_id = pid)";

/// Anonymises one person (or organisation) in the caller's transaction, recording it in
/// `retention_anonymisations` first (so accounts whose every party is now anonymised lose their own free text
/// and addresses too). Names become "Anonymised"; address lines, postcode and UPRN, phones, emails, NI and
/// company numbers, dates of birth, notes, the I&E statements' names, addresses and free text, arrangement
/// notes, hold reasons and evidence, letters' text and stored PDFs, court bundle statements and exhibits, court
/// outcome notes and mark reasons are cleared; the search keys are removed. An address still used by someone
/// not anonymised is left alone. The ledger (amounts, references, reasons), stages and the audit log are kept.
pub fn anonymise_party(tx: &Tx, ctx: &Ctx, party_id: &str, due_on: &str, accounts_json: &str) -> Result<Anonymised> {
    let at = ctx.at();
    let today = ctx.today.to_string();
    tx.prepare_cached(
        "INSERT INTO retention_anonymisations (id, party_id, anonymised_on, due_on, accounts, created_at, created_by,
                                               device_id)
         VALUES (:id, :party, :today, :due_on, :accounts, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": new_id(ctx), ":party": party_id, ":today": today, ":due_on": due_on, ":accounts": accounts_json,
        ":at": at, ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    let run = |sql: &str| -> Result<usize> {
        let mut stmt = tx.prepare_cached(sql)?;
        if let Some(i) = stmt.parameter_index(":party")? {
            stmt.raw_bind_parameter(i, party_id)?;
        }
        if let Some(i) = stmt.parameter_index(":at")? {
            stmt.raw_bind_parameter(i, &at)?;
        }
        Ok(stmt.raw_execute()?)
    };
    // The addresses to clear once the rows are done: theirs, their correspondence addresses and the properties
    // of accounts now wholly anonymised. Read first: the party's own address id stays on its row.
    let addresses: Vec<String> = tx
        .prepare_cached(&format!(
            "SELECT address_id FROM parties WHERE id = :party AND address_id IS NOT NULL
             UNION SELECT correspondence_address_id FROM account_parties
                   WHERE party_id = :party AND correspondence_address_id IS NOT NULL
             UNION SELECT property_address_id FROM accounts
                   WHERE id IN ({ACCOUNTS_ALL_ANONYMISED}) AND property_address_id IS NOT NULL"
        ))?
        .query_map(named_params! {":party": party_id}, |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;

    run("UPDATE parties SET title = '', forenames = '',
                surname = CASE kind WHEN 'person' THEN 'Anonymised' ELSE '' END,
                organisation_name = CASE kind WHEN 'organisation' THEN 'Anonymised' ELSE '' END,
                date_of_birth = NULL, ni_number = NULL, company_number = NULL, address_id = NULL, updated_at = :at
         WHERE id = :party")?;
    // Where they lived or were written to is no longer theirs (the address itself is cleared below unless
    // someone not anonymised still uses it).
    run("UPDATE account_parties SET correspondence_address_id = NULL, updated_at = :at
         WHERE party_id = :party AND correspondence_address_id IS NOT NULL")?;
    let mut out = Anonymised {
        contacts: run("UPDATE party_contacts SET value = '', updated_at = :at, deleted_at = coalesce(deleted_at, :at)
                       WHERE party_id = :party")?,
        notes: run("UPDATE notes SET body = '', updated_at = :at WHERE party_id = :party")?,
        income_expenditures: run(
            "UPDATE income_expenditures SET client_name = 'Anonymised', client_date_of_birth = '',
                partner_name = '', partner_date_of_birth = '', client_address = '', housing_tenure_other = '',
                client_employment_status_other = '', partner_employment_status_other = '', debt_admin_fee_notes = '',
                notes = '[]', source_file_name = '', source_document = ''
             WHERE party_id = :party",
        )?,
        ..Anonymised::default()
    };
    run("UPDATE income_expenditure_lines SET notes = '' WHERE party_id = :party")?;
    run("UPDATE income_expenditure_debts SET notes = '' WHERE party_id = :party")?;
    out.arrangements =
        run("UPDATE arrangements SET agreed_with = '', notes = '', updated_at = :at WHERE party_id = :party")?;
    run("UPDATE tasks SET detail = '', updated_at = :at WHERE party_id = :party")?;
    out.holds = run(&format!(
        "UPDATE holds SET reason = '', evidence = '', adviser = '', updated_at = :at
         WHERE party_id = :party OR (party_id IS NULL AND account_id IN ({ACCOUNTS_ALL_ANONYMISED}))"
    ))?;
    run("UPDATE retention_legal_holds SET reason = '', release_reason = '', updated_at = :at WHERE party_id = :party")?;

    // Letters: theirs, and the account's own documents (court bundles) once every party on it is anonymised.
    // The document row stays (what was sent and when, for the ledger's story); its text and PDF go.
    let letters = format!(
        "SELECT id FROM documents WHERE party_id = :party
         UNION SELECT id FROM documents WHERE party_id IS NULL AND account_id IN ({ACCOUNTS_ALL_ANONYMISED})"
    );
    out.letter_files_deleted = run(&format!("DELETE FROM document_files WHERE document_id IN ({letters})"))?;
    out.letters = run(&format!("UPDATE documents SET content = '' WHERE id IN ({letters}) AND content <> ''"))?;
    out.court_bundles = run(&format!(
        "UPDATE court_bundles SET statement = '', updated_at = :at WHERE account_id IN ({ACCOUNTS_ALL_ANONYMISED})"
    ))?;
    run(&format!(
        "UPDATE court_bundle_exhibits SET content_base64 = '', deleted_at = coalesce(deleted_at, :at)
         WHERE account_id IN ({ACCOUNTS_ALL_ANONYMISED})"
    ))?;
    run(&format!("UPDATE court_outcomes SET notes = '' WHERE account_id IN ({ACCOUNTS_ALL_ANONYMISED})"))?;
    run(&format!(
        "UPDATE court_listings SET mark_reason = '', updated_at = :at WHERE account_id IN ({ACCOUNTS_ALL_ANONYMISED})"
    ))?;
    run(&format!("UPDATE letter_run_letters SET postcode_key = '' WHERE account_id IN ({ACCOUNTS_ALL_ANONYMISED})"))?;

    let mut clear = tx.prepare_cached(&format!(
        "UPDATE addresses SET uprn = NULL, line1 = '', line2 = '', line3 = '', line4 = '', line5 = '', postcode = '',
                updated_at = :at
         WHERE id = :address
           AND NOT EXISTS (SELECT 1 FROM (SELECT id AS pid FROM parties WHERE address_id = :address) WHERE {LIVE})
           AND NOT EXISTS (SELECT 1 FROM (SELECT party_id AS pid FROM account_parties
                                          WHERE correspondence_address_id = :address) WHERE {LIVE})
           AND NOT EXISTS (SELECT 1 FROM (SELECT ap.party_id AS pid FROM accounts a
                                          JOIN account_parties ap ON ap.account_id = a.id
                                          WHERE a.property_address_id = :address) WHERE {LIVE})"
    ))?;
    for address in &addresses {
        out.addresses += clear.execute(named_params! {":address": address, ":at": at})?;
    }
    out.search_keys_removed = run("DELETE FROM local_search_keys WHERE party_id = :party")?;
    // A live party on a shared account may have had the cleared property's keys: index them again.
    let others: Vec<String> = tx
        .prepare_cached(
            "SELECT DISTINCT o.party_id FROM account_parties ap
             JOIN account_parties o ON o.account_id = ap.account_id AND o.party_id <> ap.party_id
             WHERE ap.party_id = :party
               AND NOT EXISTS (SELECT 1 FROM retention_anonymisations x WHERE x.party_id = o.party_id)",
        )?
        .query_map(named_params! {":party": party_id}, |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for other in others {
        crate::db::search::index_party(tx, &other)?;
    }
    Ok(out)
}
