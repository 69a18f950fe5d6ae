//! The subject access export (UK GDPR Art 15): everything held about one person, as JSON for the record and
//! as a readable PDF set by the letters engine (`letters::layout::layout_document`), written to a folder the
//! officer chooses. Needs `SubjectAccess` (team leaders and the administrator); the export itself is audited
//! (`subject_access_export`).
//!
//! # The JSON (format `recovery-desk/subject-access`, version 1)
//!
//! ```text
//! { "format": "recovery-desk/subject-access", "version": 1,
//!   "generated_on": "2026-11-25", "generated_at": "…Z", "generated_by": "user id", "council": "…",
//!   "party_id": "…", "name": "Jane Elizabeth Ashworth",
//!   "person": {parties row},
//!   "accounts": [{accounts row, "role", "balance": "2763.57",
//!                 "liabilities": […], "ledger": […], "stages": […], "other_parties": [{"party_id", "role"}]}],
//!   "addresses": […], "contacts": […], "holds": […], "legal_holds": […],
//!   "arrangements": […], "arrangement_schedules": […], "arrangement_payments": […], "arrangement_events": […],
//!   "income_expenditures": […], "income_expenditure_lines": […], "income_expenditure_debts": […],
//!   "notes": […], "letters": [{id, kind, title, issued_on, pdf_kept, returned_on, …}], "tasks": […],
//!   "court_complaints": […], "court_listings": […], "court_outcomes": […], "court_bundles": […],
//!   "audit": [{seq, at, user_id, action, entity, entity_id, party_id, account_id, detail}] }
//! ```
//!
//! Every record carries its table's columns by name (`db::subject_access`); `…_pence` columns are decimal
//! strings without the suffix (`"amount": "-900.00"`). Sections are always present, empty when nothing is held.

use crate::access::Permission;
use crate::db::subject_access::{self as store, Record, ACCOUNTS_SQL, ACCOUNT_SECTIONS, PARTY_SECTIONS};
use crate::db::{audit, parties, settings, Ctx, Db};
use crate::error::{Error, Result};
use crate::letters::layout::{layout_document, Document};
use crate::letters::markup::{Block, Row, RowKind, Span};
use crate::letters::template::format_money;
use crate::money::Money;
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

pub const SAR_FORMAT: &str = "recovery-desk/subject-access";
pub const SAR_VERSION: i64 = 1;

#[derive(Clone, Debug, Serialize)]
pub struct SarView {
    pub party_id: String,
    pub json_path: PathBuf,
    pub pdf_path: PathBuf,
    pub accounts: usize,
    pub ledger_entries: usize,
    pub audit_rows: usize,
}

/// Writes `subject-access-<party id>-<YYYYMMDD>.json` and `.pdf` into `out_dir` (created if need be), each
/// written beside its name and renamed, so a failed export leaves no half file.
pub fn subject_access_export(db: &Db, ctx: &Ctx, party_id: &str, out_dir: &Path) -> Result<SarView> {
    ctx.require(Permission::SubjectAccess)?;
    let (export, name, council) = db.read(|tx| {
        let (party, _) = parties::get(tx, party_id)?.ok_or_else(|| Error::NotFound(format!("person {party_id}")))?;
        let council = settings::council_profile(tx)?.name;
        let mut out = Map::new();
        out.insert("format".into(), SAR_FORMAT.into());
        out.insert("version".into(), SAR_VERSION.into());
        out.insert("generated_on".into(), ctx.today.to_string().into());
        out.insert("generated_at".into(), ctx.at().into());
        out.insert("generated_by".into(), ctx.user_id.clone().into());
        out.insert("council".into(), council.clone().into());
        out.insert("party_id".into(), party_id.into());
        out.insert("name".into(), party.display_name().into());
        let mut accounts = Vec::new();
        for mut account in store::records(tx, ACCOUNTS_SQL, party_id, None)? {
            let id = account.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
            for (section, sql) in ACCOUNT_SECTIONS {
                let rows = store::records(tx, sql, party_id, Some(&id))?;
                account.insert((*section).into(), Value::Array(rows.into_iter().map(Value::Object).collect()));
            }
            accounts.push(Value::Object(account));
        }
        for (section, sql) in PARTY_SECTIONS {
            let rows = store::records(tx, sql, party_id, None)?;
            let value = if *section == "person" {
                rows.into_iter().next().map(Value::Object).unwrap_or(Value::Null)
            } else {
                Value::Array(rows.into_iter().map(Value::Object).collect())
            };
            out.insert((*section).into(), value);
            if *section == "person" {
                out.insert("accounts".into(), Value::Array(std::mem::take(&mut accounts)));
            }
        }
        Ok((out, party.display_name(), council))
    })?;

    let stem = format!("subject-access-{party_id}-{}", ctx.today.format("%Y%m%d"));
    std::fs::create_dir_all(out_dir)
        .map_err(|e| Error::validation(out_dir.display().to_string(), format!("cannot create the folder: {e}")))?;
    let json_path = out_dir.join(format!("{stem}.json"));
    let pdf_path = out_dir.join(format!("{stem}.pdf"));
    let json = serde_json::to_vec_pretty(&Value::Object(export.clone())).map_err(|e| Error::Internal(e.to_string()))?;
    let pages = layout_document(&document(&export, &name, &council, ctx));
    let mut doc = crate::letters::pdf::document(
        &pages,
        &crate::letters::pdf::PdfMeta {
            title: "Subject access export",
            author: &council,
            subject: "Everything held about a person",
            date: ctx.today,
        },
        None,
    )?;
    let total = pages.len();
    crate::letters::stamp::stamp_pages(&mut doc, &mut |k| format!("Page {} of {total}", k + 1))?;
    let mut pdf = Vec::new();
    doc.save_to(&mut pdf).map_err(|e| Error::Internal(format!("writing the PDF: {e}")))?;
    write_whole(&json_path, &json)?;
    write_whole(&pdf_path, &pdf)?;

    let count = |v: Option<&Value>| v.and_then(Value::as_array).map_or(0, Vec::len);
    let accounts = export.get("accounts").and_then(Value::as_array).cloned().unwrap_or_default();
    let view = SarView {
        party_id: party_id.to_string(),
        json_path,
        pdf_path,
        accounts: accounts.len(),
        ledger_entries: accounts.iter().map(|a| count(a.get("ledger"))).sum(),
        audit_rows: count(export.get("audit")),
    };
    db.write(|tx| {
        audit::record(
            tx,
            ctx,
            "subject_access_export",
            "parties",
            party_id,
            Some(party_id),
            None,
            serde_json::json!({"accounts": view.accounts, "ledger_entries": view.ledger_entries}),
        )
    })?;
    Ok(view)
}

/// Writes `bytes` to `path` through `<path>.partial` and a rename.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let named = |e: std::io::Error| Error::validation(path.display().to_string(), e.to_string());
    std::fs::write(&partial, bytes).map_err(named)?;
    std::fs::rename(&partial, path).map_err(named)
}

fn span(t: &str) -> Vec<Span> {
    vec![Span { text: t.to_string(), bold: false }]
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One record as a panel of "field: value" lines, empty fields left out.
fn record_block(rec: &Record, skip: &[&str]) -> Block {
    let rows = rec
        .iter()
        .filter(|(k, v)| !skip.contains(&k.as_str()) && !v.is_array() && !text_of(v).is_empty())
        .map(|(k, v)| Row {
            kind: RowKind::Body,
            cells: vec![vec![
                Span { text: format!("{}: ", k.replace('_', " ")), bold: true },
                Span { text: text_of(v), bold: false },
            ]],
        })
        .collect();
    Block::Table(rows)
}

fn title(section: &str) -> String {
    let t = section.replace('_', " ");
    let mut c = t.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn money_text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).and_then(|s| Money::parse(s).ok()).map_or_else(String::new, format_money)
}

/// The readable version: the person, each account with its whole ledger and stages, then every other section.
fn document(export: &Record, name: &str, council: &str, ctx: &Ctx) -> Document {
    let mut body = vec![
        Block::Heading(span(&format!("Subject access: the information we hold about {name}"))),
        Block::Paragraph(span(&format!(
            "{council} holds this information to collect local taxes and other debts owed to it (UK GDPR Art 6(1)(c) \
             and (e)). This export was made on {} and lists everything held about you on that day: your details, \
             every account with its full ledger and recovery stages, holds, arrangements, income and expenditure \
             statements, notes, letters sent, tasks, court records, and the audit log entries about you.",
            ctx.today.format("%-d %B %Y")
        ))),
        Block::Subheading(span("Your details")),
    ];
    if let Some(Value::Object(p)) = export.get("person") {
        body.push(record_block(p, &["device_id"]));
    }
    for account in export.get("accounts").and_then(Value::as_array).into_iter().flatten() {
        let Value::Object(a) = account else { continue };
        let reference = a.get("reference").map(text_of).unwrap_or_default();
        body.push(Block::Subheading(span(&format!(
            "Account {reference} ({})",
            a.get("debt_type").map(text_of).unwrap_or_default().replace('_', " ")
        ))));
        body.push(record_block(a, &["device_id"]));
        let mut ledger = vec![Row { kind: RowKind::Header, cells: vec![span("Ledger"), span("Amount")] }];
        for e in a.get("ledger").and_then(Value::as_array).into_iter().flatten() {
            let g = |k: &str| e.get(k).map(text_of).unwrap_or_default();
            let mut what = format!("{} {}", g("posted_on"), g("kind").replace('_', " "));
            for extra in [g("method"), g("reference"), g("reason")] {
                if !extra.is_empty() {
                    what.push_str(&format!(" · {extra}"));
                }
            }
            ledger.push(Row { kind: RowKind::Body, cells: vec![span(&what), span(&money_text(e.get("amount")))] });
        }
        ledger.push(Row { kind: RowKind::Total, cells: vec![span("Balance"), span(&money_text(a.get("balance")))] });
        body.push(Block::Table(ledger));
        let mut stages = vec![Row { kind: RowKind::Header, cells: vec![span("Recovery stage"), span("Date")] }];
        for s in a.get("stages").and_then(Value::as_array).into_iter().flatten() {
            let g = |k: &str| s.get(k).map(text_of).unwrap_or_default();
            stages.push(Row {
                kind: RowKind::Body,
                cells: vec![span(&g("stage").replace('_', " ")), span(&g("entered_on"))],
            });
        }
        body.push(Block::Table(stages));
    }
    for (section, _) in PARTY_SECTIONS.iter().filter(|(s, _)| *s != "person") {
        let rows = export.get(*section).and_then(Value::as_array).cloned().unwrap_or_default();
        body.push(Block::Subheading(span(&format!("{} ({})", title(section), rows.len()))));
        if rows.is_empty() {
            body.push(Block::Paragraph(span("None held.")));
        }
        for r in rows {
            if let Value::Object(r) = r {
                body.push(record_block(&r, &["device_id", "source_document"]));
            }
        }
    }
    Document {
        header: format!("{council} · Subject access export"),
        reference: name.to_string(),
        footer: format!("Made on {} under UK GDPR Article 15", ctx.today),
        body,
    }
}
