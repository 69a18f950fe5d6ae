//! Letter templates (versioned, insert-only) and issued letters: the `documents` row with the composed
//! letter as its content, and the exact PDF in `document_files`; print runs (`letter_runs` and their
//! `letter_run_letters`), letters waiting for a run (`letters_to_print`), and the selection a run issues a
//! template to.

use crate::db::{new_id, Ctx, Tx};
use crate::error::{Error, Result};
use base64::Engine;
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::Serialize;

/// One version of a template as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TemplateRow {
    pub id: String,
    pub name: String,
    pub version: i64,
    pub title: String,
    pub kind: String,
    pub languages: String,
    pub debt_types: String,
    pub body: String,
    pub source: String,
    pub created_at: String,
    pub created_by: String,
}

const TEMPLATE_COLUMNS: &str =
    "id, name, version, title, kind, languages, debt_types, body, source, created_at, created_by";

fn template_from_row(r: &Row) -> rusqlite::Result<TemplateRow> {
    Ok(TemplateRow {
        id: r.get(0)?,
        name: r.get(1)?,
        version: r.get(2)?,
        title: r.get(3)?,
        kind: r.get(4)?,
        languages: r.get(5)?,
        debt_types: r.get(6)?,
        body: r.get(7)?,
        source: r.get(8)?,
        created_at: r.get(9)?,
        created_by: r.get(10)?,
    })
}

/// A template version to store.
pub struct NewTemplate<'a> {
    pub name: &'a str,
    pub version: i64,
    pub title: &'a str,
    pub kind: &'a str,
    pub languages: &'a str,
    pub debt_types: &'a str,
    pub body: &'a str,
    pub source: &'a str,
}

pub fn insert_template(tx: &Tx, ctx: &Ctx, t: &NewTemplate) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO letter_templates (id, name, version, title, kind, languages, debt_types, body, source,
                                       created_at, created_by, device_id)
         VALUES (:id, :name, :version, :title, :kind, :languages, :debt_types, :body, :source, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":name": t.name, ":version": t.version, ":title": t.title, ":kind": t.kind,
        ":languages": t.languages, ":debt_types": t.debt_types, ":body": t.body, ":source": t.source,
        ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// The newest version of a template.
pub fn latest_template(conn: &Connection, name: &str) -> Result<Option<TemplateRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TEMPLATE_COLUMNS} FROM letter_templates WHERE name = :name
             ORDER BY version DESC, created_at DESC, id DESC LIMIT 1"
        ))?
        .query_row(named_params! {":name": name}, template_from_row)
        .optional()?)
}

/// One version of a template (the newest row if two devices both made that version).
pub fn template_version(conn: &Connection, name: &str, version: i64) -> Result<Option<TemplateRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TEMPLATE_COLUMNS} FROM letter_templates WHERE name = :name AND version = :version
             ORDER BY created_at DESC, id DESC LIMIT 1"
        ))?
        .query_row(named_params! {":name": name, ":version": version}, template_from_row)
        .optional()?)
}

pub fn template_by_id(conn: &Connection, id: &str) -> Result<Option<TemplateRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {TEMPLATE_COLUMNS} FROM letter_templates WHERE id = :id"))?
        .query_row(named_params! {":id": id}, template_from_row)
        .optional()?)
}

/// Every version of a template, newest first.
pub fn template_versions(conn: &Connection, name: &str) -> Result<Vec<TemplateRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TEMPLATE_COLUMNS} FROM letter_templates WHERE name = :name
         ORDER BY version DESC, created_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map(named_params! {":name": name}, template_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest version of every template, by name.
pub fn latest_templates(conn: &Connection) -> Result<Vec<TemplateRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TEMPLATE_COLUMNS} FROM letter_templates t
         WHERE t.id = (SELECT u.id FROM letter_templates u WHERE u.name = t.name
                       ORDER BY u.version DESC, u.created_at DESC, u.id DESC LIMIT 1)
         ORDER BY t.name"
    ))?;
    let rows = stmt.query_map([], template_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The version the next save of `name` gets.
pub fn next_version(conn: &Connection, name: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(version), 0) + 1 FROM letter_templates WHERE name = :name")?
        .query_row(named_params! {":name": name}, |r| r.get(0))?)
}

/// An issued letter to store.
pub struct NewDocument<'a> {
    pub account_id: Option<&'a str>,
    pub party_id: Option<&'a str>,
    pub kind: &'a str,
    pub title: &'a str,
    pub template_name: &'a str,
    pub template_version: i64,
    pub template_id: Option<&'a str>,
    pub issued_on: &'a str,
    /// The composed letter as JSON.
    pub content: &'a str,
    pub pdf: &'a [u8],
    pub page_count: usize,
}

/// Stores the `documents` row and its PDF; returns the document id.
pub fn insert_document(tx: &Tx, ctx: &Ctx, d: &NewDocument) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO documents (id, account_id, party_id, kind, title, template_name, template_version, issued_on,
                                content, created_at, created_by, device_id)
         VALUES (:id, :account, :party, :kind, :title, :template, :version, :issued, :content, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":account": d.account_id, ":party": d.party_id, ":kind": d.kind, ":title": d.title,
        ":template": d.template_name, ":version": d.template_version, ":issued": d.issued_on, ":content": d.content,
        ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(d.pdf);
    tx.prepare_cached(
        "INSERT INTO document_files (id, document_id, account_id, template_id, media_type, page_count, byte_count,
                                     content_base64, created_at, created_by, device_id)
         VALUES (:id, :document, :account, :template, 'application/pdf', :pages, :bytes, :content, :at, :user,
                 :device)",
    )?
    .execute(named_params! {
        ":id": new_id(ctx), ":document": id, ":account": d.account_id, ":template": d.template_id,
        ":pages": d.page_count as i64, ":bytes": d.pdf.len() as i64, ":content": encoded, ":at": ctx.at(),
        ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// An issued document as stored.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentRecord {
    pub id: String,
    pub account_id: Option<String>,
    pub party_id: Option<String>,
    pub kind: String,
    pub title: String,
    pub template_name: String,
    pub template_version: i64,
    pub issued_on: String,
    pub content: String,
    pub created_at: String,
    pub created_by: String,
}

pub fn document(conn: &Connection, id: &str) -> Result<Option<DocumentRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, account_id, party_id, kind, title, template_name, template_version, issued_on, content,
                    created_at, created_by
             FROM documents WHERE id = :id",
        )?
        .query_row(named_params! {":id": id}, |r| {
            Ok(DocumentRecord {
                id: r.get(0)?,
                account_id: r.get(1)?,
                party_id: r.get(2)?,
                kind: r.get(3)?,
                title: r.get(4)?,
                template_name: r.get(5)?,
                template_version: r.get(6)?,
                issued_on: r.get(7)?,
                content: r.get(8)?,
                created_at: r.get(9)?,
                created_by: r.get(10)?,
            })
        })
        .optional()?)
}

/// The stored PDF of a document and its page count.
pub fn document_pdf(conn: &Connection, document_id: &str) -> Result<Option<(Vec<u8>, usize)>> {
    let row: Option<(String, i64)> = conn
        .prepare_cached("SELECT content_base64, page_count FROM document_files WHERE document_id = :id")?
        .query_row(named_params! {":id": document_id}, |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(b64, pages)| {
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map(|bytes| (bytes, pages as usize))
            .map_err(|e| Error::Internal(format!("document {document_id}: stored PDF is not base64: {e}")))
    })
    .transpose()
}

/// A print run as stored, with how many letters it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunRow {
    pub id: String,
    pub title: String,
    pub template_name: Option<String>,
    pub print_order: String,
    pub duplex: bool,
    pub status: String,
    pub prepared_on: String,
    pub dispatched_on: Option<String>,
    pub dispatched_at: Option<String>,
    pub dispatched_by: Option<String>,
    pub cancelled_at: Option<String>,
    pub cancelled_by: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub letter_count: i64,
}

const RUN_COLUMNS: &str = "r.id, r.title, r.template_name, r.print_order, r.duplex, r.status, r.prepared_on,
    r.dispatched_on, r.dispatched_at, r.dispatched_by, r.cancelled_at, r.cancelled_by, r.created_at, r.created_by,
    (SELECT count(*) FROM letter_run_letters l WHERE l.run_id = r.id)";

fn run_from_row(r: &Row) -> rusqlite::Result<RunRow> {
    Ok(RunRow {
        id: r.get(0)?,
        title: r.get(1)?,
        template_name: r.get(2)?,
        print_order: r.get(3)?,
        duplex: r.get::<_, i64>(4)? == 1,
        status: r.get(5)?,
        prepared_on: r.get(6)?,
        dispatched_on: r.get(7)?,
        dispatched_at: r.get(8)?,
        dispatched_by: r.get(9)?,
        cancelled_at: r.get(10)?,
        cancelled_by: r.get(11)?,
        created_at: r.get(12)?,
        created_by: r.get(13)?,
        letter_count: r.get(14)?,
    })
}

/// A print run to store.
pub struct NewRun<'a> {
    pub title: &'a str,
    pub template_name: Option<&'a str>,
    pub print_order: &'a str,
    pub duplex: bool,
    /// `building` (letters still to be issued) or `ready`.
    pub status: &'a str,
    pub prepared_on: &'a str,
}

pub fn insert_run(tx: &Tx, ctx: &Ctx, r: &NewRun) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO letter_runs (id, title, template_name, print_order, duplex, status, prepared_on, created_at,
                                  created_by, device_id)
         VALUES (:id, :title, :template, :order, :duplex, :status, :prepared, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":title": r.title, ":template": r.template_name, ":order": r.print_order,
        ":duplex": i64::from(r.duplex), ":status": r.status, ":prepared": r.prepared_on, ":at": ctx.at(),
        ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

pub fn run(conn: &Connection, id: &str) -> Result<Option<RunRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {RUN_COLUMNS} FROM letter_runs r WHERE r.id = :id AND r.deleted_at IS NULL"))?
        .query_row(named_params! {":id": id}, run_from_row)
        .optional()?)
}

/// The run whose id ends with `suffix` (the human reference is the id's last eight hex digits).
pub fn runs_ending_with(conn: &Connection, suffix: &str) -> Result<Vec<RunRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RUN_COLUMNS} FROM letter_runs r WHERE r.deleted_at IS NULL AND lower(r.id) LIKE '%' || lower(:suffix)"
    ))?;
    let rows = stmt.query_map(named_params! {":suffix": suffix}, run_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Runs, newest first.
pub fn runs(conn: &Connection, limit: u32) -> Result<Vec<RunRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RUN_COLUMNS} FROM letter_runs r WHERE r.deleted_at IS NULL
         ORDER BY r.created_at DESC, r.id DESC LIMIT :limit"
    ))?;
    let rows = stmt.query_map(named_params! {":limit": limit}, run_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves a run from `building` to `ready`.
pub fn mark_run_ready(tx: &Tx, ctx: &Ctx, id: &str) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE letter_runs SET status = 'ready', updated_at = :at WHERE id = :id AND status = 'building'",
        )?
        .execute(named_params! {":id": id, ":at": ctx.at()})?;
    Ok(n == 1)
}

/// Marks a run that is not dispatched as cancelled.
pub fn mark_run_cancelled(tx: &Tx, ctx: &Ctx, id: &str) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE letter_runs SET status = 'cancelled', cancelled_at = :at, cancelled_by = :user, updated_at = :at
             WHERE id = :id AND status IN ('building', 'ready')",
        )?
        .execute(named_params! {":id": id, ":at": ctx.at(), ":user": ctx.user_id})?;
    Ok(n == 1)
}

/// Marks a ready run as dispatched on `on`.
pub fn mark_run_dispatched(tx: &Tx, ctx: &Ctx, id: &str, on: &str) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE letter_runs SET status = 'dispatched', dispatched_on = :on, dispatched_at = :at,
                                    dispatched_by = :user, updated_at = :at
             WHERE id = :id AND status = 'ready'",
        )?
        .execute(named_params! {":id": id, ":on": on, ":at": ctx.at(), ":user": ctx.user_id})?;
    Ok(n == 1)
}

/// A letter joining a run.
pub struct NewRunLetter<'a> {
    pub run_id: &'a str,
    pub document_id: &'a str,
    pub account_id: Option<&'a str>,
    pub postcode_key: &'a str,
    pub account_reference: &'a str,
    pub issued_by_run: bool,
}

pub fn insert_run_letter(tx: &Tx, ctx: &Ctx, l: &NewRunLetter) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO letter_run_letters (id, run_id, document_id, account_id, postcode_key, account_reference,
                                         issued_by_run, created_at, created_by, device_id)
         VALUES (:id, :run, :document, :account, :postcode, :reference, :issued, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":run": l.run_id, ":document": l.document_id, ":account": l.account_id,
        ":postcode": l.postcode_key, ":reference": l.account_reference, ":issued": i64::from(l.issued_by_run),
        ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// The run a letter is in, if any run that is not cancelled holds it.
pub fn live_run_of(conn: &Connection, document_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.id FROM letter_run_letters l JOIN letter_runs r ON r.id = l.run_id
             WHERE l.document_id = :document AND r.status != 'cancelled' LIMIT 1",
        )?
        .query_row(named_params! {":document": document_id}, |r| r.get(0))
        .optional()?)
}

/// The documents of a run in print order: by postcode then account reference, or by account reference.
pub fn run_document_ids(conn: &Connection, run_id: &str, by_postcode: bool) -> Result<Vec<String>> {
    let order = if by_postcode {
        "postcode_key, account_reference, document_id"
    } else {
        "account_reference, postcode_key, document_id"
    };
    let mut stmt =
        conn.prepare(&format!("SELECT document_id FROM letter_run_letters WHERE run_id = :run ORDER BY {order}"))?;
    let rows = stmt.query_map(named_params! {":run": run_id}, |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Puts an issued letter aside for the next print run.
pub fn insert_letter_to_print(tx: &Tx, ctx: &Ctx, document_id: &str, account_id: Option<&str>) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO letters_to_print (id, document_id, account_id, queued_on, created_at, created_by, device_id)
         VALUES (:id, :document, :account, :on, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":document": document_id, ":account": account_id, ":on": ctx.today.to_string(),
        ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// Letters waiting for a print run, by template and issue date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WaitingGroup {
    pub template_name: String,
    pub title: String,
    pub issued_on: String,
    pub count: i64,
}

const WAITING: &str = "FROM letters_to_print q JOIN documents d ON d.id = q.document_id
    WHERE NOT EXISTS (SELECT 1 FROM letter_run_letters l JOIN letter_runs r ON r.id = l.run_id
                      WHERE l.document_id = q.document_id AND r.status != 'cancelled')";

pub fn waiting_groups(conn: &Connection) -> Result<Vec<WaitingGroup>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.template_name, d.title, d.issued_on, count(*) {WAITING}
         GROUP BY d.template_name, d.title, d.issued_on ORDER BY d.issued_on DESC, d.template_name"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(WaitingGroup { template_name: r.get(0)?, title: r.get(1)?, issued_on: r.get(2)?, count: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The waiting letters of one template issued on one day: (document id, account id, content).
pub fn waiting_documents(
    conn: &Connection,
    template_name: &str,
    issued_on: &str,
) -> Result<Vec<(String, Option<String>, String)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.id, d.account_id, d.content {WAITING} AND d.template_name = :template AND d.issued_on = :issued
         ORDER BY d.id"
    ))?;
    let rows = stmt.query_map(named_params! {":template": template_name, ":issued": issued_on}, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A letter on a person's record with where it stands: in a run (and the run's state), put aside for a
/// run, or neither (printed by the officer).
#[derive(Clone, Debug, Serialize)]
pub struct PartyLetterRow {
    pub id: String,
    pub account_id: Option<String>,
    pub account_reference: Option<String>,
    pub kind: String,
    pub title: String,
    pub template_name: String,
    pub template_version: i64,
    pub issued_on: String,
    pub created_by: String,
    pub page_count: Option<i64>,
    pub run_id: Option<String>,
    pub run_status: Option<String>,
    pub run_dispatched_on: Option<String>,
    pub issued_by_run: bool,
    pub waiting: bool,
    /// When it came back undelivered, and why (a `ReturnedMailReason` code).
    pub returned_on: Option<String>,
    pub returned_reason: Option<String>,
}

/// Records a letter as returned undelivered, with the task raised for it.
pub fn insert_returned_mail(
    tx: &Tx,
    ctx: &Ctx,
    document_id: &str,
    returned_on: chrono::NaiveDate,
    reason: &str,
    task_id: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO returned_mail (id, document_id, returned_on, reason, task_id, created_at, created_by, device_id)
         VALUES (:id, :doc, :on, :reason, :task, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": new_id(ctx), ":doc": document_id, ":on": returned_on.to_string(), ":reason": reason, ":task": task_id,
        ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(())
}

/// When a letter came back, if it did.
pub fn returned_on(conn: &Connection, document_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT returned_on FROM returned_mail WHERE document_id = :doc")?
        .query_row(named_params! {":doc": document_id}, |r| r.get(0))
        .optional()?)
}

/// Letters to a party, newest first. The run shown is the latest that holds the letter.
pub fn party_letters(conn: &Connection, party_id: &str, limit: u32) -> Result<Vec<PartyLetterRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.account_id, a.reference, d.kind, d.title, d.template_name, d.template_version, d.issued_on,
                d.created_by, f.page_count, r.id, r.status, r.dispatched_on, l.issued_by_run,
                EXISTS (SELECT 1 FROM letters_to_print q WHERE q.document_id = d.id), rm.returned_on, rm.reason
         FROM documents d
         LEFT JOIN returned_mail rm ON rm.document_id = d.id
         LEFT JOIN accounts a ON a.id = d.account_id
         LEFT JOIN document_files f ON f.document_id = d.id
         LEFT JOIN letter_run_letters l ON l.id = (SELECT l2.id FROM letter_run_letters l2
                                                   WHERE l2.document_id = d.id ORDER BY l2.created_at DESC, l2.id DESC
                                                   LIMIT 1)
         LEFT JOIN letter_runs r ON r.id = l.run_id
         WHERE d.party_id = :party
         ORDER BY d.issued_on DESC, d.created_at DESC, d.id DESC LIMIT :limit",
    )?;
    let rows = stmt.query_map(named_params! {":party": party_id, ":limit": limit}, |r| {
        Ok(PartyLetterRow {
            id: r.get(0)?,
            account_id: r.get(1)?,
            account_reference: r.get(2)?,
            kind: r.get(3)?,
            title: r.get(4)?,
            template_name: r.get(5)?,
            template_version: r.get(6)?,
            issued_on: r.get(7)?,
            created_by: r.get(8)?,
            page_count: r.get(9)?,
            run_id: r.get(10)?,
            run_status: r.get(11)?,
            run_dispatched_on: r.get(12)?,
            issued_by_run: r.get::<_, Option<i64>>(13)? == Some(1),
            waiting: r.get(14)?,
            returned_on: r.get(15)?,
            returned_reason: r.get(16)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The open accounts a print run may issue a template to: of one of `debt_types` (any if empty), owing at
/// least `min_balance_pence`, and with no hold in force on `today` on the account or on a liable party.
/// Returns (account id, reference) in reference order.
pub fn accounts_owing(
    conn: &Connection,
    debt_types: &[&str],
    min_balance_pence: i64,
    today: &str,
) -> Result<Vec<(String, String)>> {
    let types = debt_types.join(" ");
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.reference FROM accounts a
         JOIN (SELECT account_id, sum(amount_pence) AS balance FROM ledger_entries GROUP BY account_id) b
              ON b.account_id = a.id
         WHERE a.status = 'open' AND a.deleted_at IS NULL AND b.balance >= :min
           AND (:types = '' OR instr(' ' || :types || ' ', ' ' || a.debt_type || ' ') > 0)
           AND NOT EXISTS (
               SELECT 1 FROM holds h
               WHERE h.deleted_at IS NULL AND h.released_on IS NULL AND h.starts_on <= :today
                 AND (h.ends_on IS NULL OR h.ends_on >= :today)
                 AND (h.account_id = a.id
                      OR (h.account_id IS NULL AND h.party_id IN (
                          SELECT p.party_id FROM account_parties p
                          WHERE p.account_id = a.id AND p.deleted_at IS NULL
                            AND p.role IN ('liable', 'joint_and_several')))))
         ORDER BY a.reference",
    )?;
    let rows = stmt.query_map(named_params! {":types": types, ":min": min_balance_pence, ":today": today}, |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Is a hold in force on `today` on the account or on one of its liable parties? (The same test as
/// [`accounts_owing`], for accounts named one by one.)
pub fn account_held(conn: &Connection, account_id: &str, today: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT h.kind FROM holds h
             WHERE h.deleted_at IS NULL AND h.released_on IS NULL AND h.starts_on <= :today
               AND (h.ends_on IS NULL OR h.ends_on >= :today)
               AND (h.account_id = :account
                    OR (h.account_id IS NULL AND h.party_id IN (
                        SELECT p.party_id FROM account_parties p
                        WHERE p.account_id = :account AND p.deleted_at IS NULL
                          AND p.role IN ('liable', 'joint_and_several'))))
             LIMIT 1",
        )?
        .query_row(named_params! {":account": account_id, ":today": today}, |r| r.get(0))
        .optional()?)
}
