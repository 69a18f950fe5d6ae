//! Letter templates (versioned, insert-only) and issued letters: the `documents` row with the composed
//! letter as its content, and the exact PDF in `document_files`.

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
