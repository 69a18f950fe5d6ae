//! Letters as officers use them: Settings → Letters (list, open, validate, preview and save templates, each
//! save a new version), and on a person's record preview, issue and reprint a letter. An issued letter keeps
//! the template version, the composed letter (merge data snapshot and rendered text) and the PDF itself in
//! one transaction with its audit row, so a reprint years later is byte-for-byte the letter that was sent.
//!
//! Print runs: a run gathers letters waiting for the post room, or issues one template to a selection of
//! accounts in chunks (one transaction each, so the app stays responsive, with progress and a way to stop
//! between chunks); its print file is laid out chunk by chunk behind a cover sheet in postcode order; once
//! its dispatch is recorded it cannot be cancelled.

use crate::access::Permission;
use crate::api::audit::{ViewKind, Viewed};
use crate::db::accounts;
use crate::db::letters::{self as store, NewDocument, NewTemplate, TemplateRow};
use crate::db::parties::{self, Address};
use crate::db::{audit, settings, Ctx, Db, Tx};
use crate::error::{Error, Result};
use crate::letters::batch::{CoverSheet, PrintOrder};
use crate::letters::facts::{self, FactField};
use crate::letters::merge::{AccountData, CouncilData, LetterData, LetterFacts, MergeData, RecipientData, YearData};
use crate::letters::template::{self, Template, TemplateProblem};
use crate::letters::{self, shipped, Composed, PrintOptions};
use crate::model::{financial_year_label, PartyKind};
use crate::money::Money;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// A template as Settings → Letters lists and opens it.
#[derive(Clone, Debug, Serialize)]
pub struct TemplateView {
    pub id: Option<String>,
    pub name: String,
    pub version: i64,
    pub title: String,
    pub kind: String,
    pub languages: Vec<String>,
    pub debt_types: Vec<String>,
    /// `shipped` or `edited`.
    pub source: String,
    /// False for a shipped template that has not been used or edited yet (it is stored as version 1 then).
    pub stored: bool,
    pub created_at: Option<String>,
    pub created_by: Option<String>,
    pub body: String,
}

fn view_of(row: &TemplateRow) -> Result<TemplateView> {
    let t = parse_stored(&row.body)?;
    Ok(TemplateView {
        id: Some(row.id.clone()),
        name: row.name.clone(),
        version: row.version,
        title: row.title.clone(),
        kind: row.kind.clone(),
        languages: t.header.languages,
        debt_types: t.header.debt_types.iter().map(|d| d.as_str().to_string()).collect(),
        source: row.source.clone(),
        stored: true,
        created_at: Some(row.created_at.clone()),
        created_by: Some(row.created_by.clone()),
        body: row.body.clone(),
    })
}

fn view_of_shipped(source: &str) -> Result<TemplateView> {
    let t = parse_stored(source)?;
    Ok(TemplateView {
        id: None,
        name: t.header.name.clone(),
        version: t.header.version,
        title: t.header.title.clone(),
        kind: t.header.kind.clone(),
        languages: t.header.languages.clone(),
        debt_types: t.header.debt_types.iter().map(|d| d.as_str().to_string()).collect(),
        source: "shipped".into(),
        stored: false,
        created_at: None,
        created_by: None,
        body: source.to_string(),
    })
}

/// A template that was valid when it was saved.
fn parse_stored(source: &str) -> Result<Template> {
    template::parse(source).map_err(|p| template::problems_error(&p))
}

/// The newest version of every template, shipped ones not yet stored included.
pub fn list_letter_templates(db: &Db) -> Result<Vec<TemplateView>> {
    db.read(|tx| {
        let mut out: Vec<TemplateView> = store::latest_templates(tx)?.iter().map(view_of).collect::<Result<_>>()?;
        for (name, source) in shipped::SHIPPED {
            if !out.iter().any(|t| t.name == *name) {
                out.push(view_of_shipped(source)?);
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateInput {
    pub name: String,
    /// A version to open; the newest if absent.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Opens a template: the newest version, or the one asked for.
pub fn letter_template(db: &Db, input: TemplateInput) -> Result<TemplateView> {
    db.read(|tx| match input.version {
        Some(v) => match store::template_version(tx, &input.name, v)? {
            Some(row) => view_of(&row),
            None if v == 1 && store::latest_template(tx, &input.name)?.is_none() => shipped_view(&input.name),
            None => Err(Error::NotFound(format!("version {v} of the template {}", input.name))),
        },
        None => match store::latest_template(tx, &input.name)? {
            Some(row) => view_of(&row),
            None => shipped_view(&input.name),
        },
    })
}

fn shipped_view(name: &str) -> Result<TemplateView> {
    view_of_shipped(shipped::source(name).ok_or_else(|| Error::NotFound(format!("the template {name}")))?)
}

/// Every stored version of a template, newest first (the history in Settings → Letters).
pub fn letter_template_versions(db: &Db, name: &str) -> Result<Vec<TemplateView>> {
    db.read(|tx| {
        let rows = store::template_versions(tx, name)?;
        if rows.is_empty() {
            return Ok(vec![shipped_view(name)?]);
        }
        rows.iter().map(view_of).collect()
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateSourceInput {
    /// The whole template: header, `---`, body.
    pub body: String,
}

/// Checks a template without saving it: every problem with its line in the file.
pub fn validate_letter_template(db: &Db, ctx: &Ctx, input: TemplateSourceInput) -> Result<Vec<TemplateProblem>> {
    let profile = db.read(|tx| settings::council_profile(tx))?;
    Ok(letters::validate(&input.body, &profile, ctx.today))
}

/// Saves a template as a new version (the shipped text is stored as version 1 first, so history starts
/// there). Refused, naming each problem and its line, if it does not validate.
pub fn save_letter_template(db: &Db, ctx: &Ctx, input: TemplateSourceInput) -> Result<TemplateView> {
    ctx.require(Permission::EditTemplatesAndRules)?;
    let profile = db.read(|tx| settings::council_profile(tx))?;
    let problems = letters::validate(&input.body, &profile, ctx.today);
    if !problems.is_empty() {
        return Err(template::problems_error(&problems));
    }
    let parsed = parse_stored(&input.body)?;
    db.write(|tx| {
        let name = parsed.header.name.clone();
        ensure_stored(tx, ctx, &name)?;
        let version = store::next_version(tx, &name)?;
        let body = template::with_version(&input.body, version);
        let id = insert(tx, ctx, &parse_stored(&body)?, &body, "edited")?;
        audit::record(
            tx,
            ctx,
            "save_letter_template",
            "letter_templates",
            &id,
            None,
            None,
            serde_json::json!({"name": name, "version": version}),
        )?;
        view_of(&store::template_by_id(tx, &id)?.expect("just inserted"))
    })
}

fn insert(tx: &Tx, ctx: &Ctx, t: &Template, body: &str, source: &str) -> Result<String> {
    let debt_types: Vec<&str> = t.header.debt_types.iter().map(|d| d.as_str()).collect();
    store::insert_template(
        tx,
        ctx,
        &NewTemplate {
            name: &t.header.name,
            version: t.header.version,
            title: &t.header.title,
            kind: &t.header.kind,
            languages: &t.header.languages.join(" "),
            debt_types: &debt_types.join(" "),
            body,
            source,
        },
    )
}

/// Stores the shipped version of `name` as version 1 if no version of it is stored yet.
fn ensure_stored(tx: &Tx, ctx: &Ctx, name: &str) -> Result<()> {
    if store::latest_template(tx, name)?.is_some() {
        return Ok(());
    }
    if let Some(source) = shipped::source(name) {
        let t = parse_stored(source)?;
        insert(tx, ctx, &t, source, "shipped")?;
    }
    Ok(())
}

/// The newest version of a template: stored, or the shipped text (then `id` is `None`).
pub(crate) fn current_template(conn: &Connection, name: &str) -> Result<(Template, Option<String>)> {
    match store::latest_template(conn, name)? {
        Some(row) => Ok((parse_stored(&row.body)?, Some(row.id))),
        None => Ok((
            parse_stored(shipped::source(name).ok_or_else(|| Error::NotFound(format!("the template {name}")))?)?,
            None,
        )),
    }
}

/// A PDF of a letter, for the preview pane, the system viewer or the printer. The bytes cross IPC as base64.
#[derive(Clone, Debug, Serialize)]
pub struct LetterPdf {
    pub title: String,
    pub template_name: String,
    pub template_version: i64,
    pub page_count: usize,
    #[serde(serialize_with = "base64_bytes")]
    pub pdf: Vec<u8>,
    /// Page images (SVG) for the screen: filled in by the previews, empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
}

fn base64_bytes<S: Serializer>(bytes: &[u8], s: S) -> std::result::Result<S::Ok, S::Error> {
    use base64::Engine;
    s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreviewTemplateInput {
    pub body: String,
    #[serde(default)]
    pub duplex: bool,
}

/// Previews a template (saved or not) with the demo case. Refused with its problems if it does not validate.
pub fn preview_letter_template(db: &Db, ctx: &Ctx, input: PreviewTemplateInput) -> Result<LetterPdf> {
    let profile = db.read(|tx| settings::council_profile(tx))?;
    let problems = letters::validate(&input.body, &profile, ctx.today);
    if !problems.is_empty() {
        return Err(template::problems_error(&problems));
    }
    let t = parse_stored(&input.body)?;
    let data = letters::merge::demo(&profile, &t.header.name, t.header.version, &t.header.title, ctx.today);
    let composed = letters::compose(&template::environment(), &t, data)?;
    preview_of(&composed, &PrintOptions { duplex: input.duplex, logo: letters::logo(&profile)? })
}

fn pdf_of(c: &Composed, opts: &PrintOptions) -> Result<LetterPdf> {
    let (pdf, pages) = letters::print(&[c], opts)?;
    Ok(LetterPdf {
        title: c.letter.title.clone(),
        template_name: c.template_name.clone(),
        template_version: c.template_version,
        page_count: pages[0],
        pdf,
        pages: Vec::new(),
    })
}

/// [`pdf_of`] with the page images for the screen.
fn preview_of(c: &Composed, opts: &PrintOptions) -> Result<LetterPdf> {
    let mut out = pdf_of(c, opts)?;
    out.pages = letters::page_images(&[c], opts)?;
    Ok(out)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LetterInput {
    pub template_name: String,
    pub account_id: String,
    /// Who the letter goes to: a party on the account (a liable party or their representative). The first
    /// liable party if absent.
    #[serde(default)]
    pub party_id: Option<String>,
    /// The facts of this notice the workflow supplies (instalments, dates, hearing, schedule...).
    #[serde(default)]
    pub facts: LetterFacts,
    /// Add a blank page after an odd page count, so the next letter starts on a new sheet.
    #[serde(default)]
    pub duplex: bool,
}

/// Builds the merge data for a letter about `account_id` to `party_id` (or the first liable party).
pub fn merge_data(
    conn: &Connection,
    ctx: &Ctx,
    input: &LetterInput,
    template: &Template,
) -> Result<(MergeData, String)> {
    let account = accounts::by_id(conn, &input.account_id)?
        .ok_or_else(|| Error::NotFound(format!("account {}", input.account_id)))?;
    let on_account = accounts::parties_of(conn, &account.id)?;
    let recipient_id = match &input.party_id {
        Some(p) => p.clone(),
        None => on_account
            .iter()
            .find(|p| p.role.is_liable())
            .map(|p| p.party_id.clone())
            .ok_or_else(|| Error::NotFound(format!("a liable party on account {}", account.reference)))?,
    };
    let role =
        on_account.iter().find(|p| p.party_id == recipient_id).map(|p| p.role).ok_or_else(|| {
            Error::validation("partyId", format!("that party is not on account {}", account.reference))
        })?;
    let (party, home) =
        parties::get(conn, &recipient_id)?.ok_or_else(|| Error::NotFound(format!("person {recipient_id}")))?;
    let correspondence: Option<Address> = accounts::of_party(conn, &recipient_id)?
        .into_iter()
        .find(|(a, r, _)| a.id == account.id && *r == role)
        .and_then(|(_, _, corr)| corr);
    let address = correspondence.or(home).ok_or_else(|| {
        Error::validation("partyId", format!("{} has no address to send the letter to", party.display_name()))
    })?;
    let organisation = party.kind == Some(PartyKind::Organisation);
    let (salutation, salutation_cy) = if organisation {
        ("Dear Sir or Madam".to_string(), "Annwyl Syr neu Fadam".to_string())
    } else {
        let who = if party.title.trim().is_empty() {
            format!("{} {}", party.forenames, party.surname).trim().to_string()
        } else {
            format!("{} {}", party.title, party.surname)
        };
        (format!("Dear {who}"), format!("Annwyl {who}"))
    };
    let on_behalf_of = (!role.is_liable()).then(|| {
        on_account.iter().filter(|p| p.role.is_liable()).map(|p| p.name.clone()).collect::<Vec<_>>().join(" and ")
    });
    let profile = settings::council_profile(conn)?;
    let years = accounts::balances_by_year(conn, &account.id)?
        .into_iter()
        .map(|y| YearData {
            label: y.financial_year.map(financial_year_label).unwrap_or_else(|| "No year".into()),
            charged: y.charged,
            costs: y.costs,
            paid: y.paid,
            balance: y.balance,
        })
        .collect();
    let data = MergeData {
        council: CouncilData::from(&profile),
        recipient: RecipientData {
            name: party.display_name(),
            address_lines: address.lines.clone(),
            postcode: address.postcode.clone(),
            salutation,
            salutation_cy,
            is_organisation: organisation,
            on_behalf_of,
        },
        account: AccountData {
            reference: account.reference.clone(),
            debt_type: account.debt_type,
            debt_type_label: account.debt_type.label().to_string(),
            jurisdiction: account.jurisdiction,
            property_address: account.property.as_ref().map(Address::one_line),
            balance: accounts::balance(conn, &account.id)?,
            years,
        },
        letter: LetterData {
            date: ctx.today,
            template: template.header.name.clone(),
            version: template.header.version,
            title: template.header.title.clone(),
        },
        notice: input.facts.clone(),
    };
    Ok((data, recipient_id))
}

/// Previews a letter for an account with the newest version of a template. Nothing is stored.
pub fn render_letter(db: &Db, ctx: &Ctx, input: LetterInput) -> Result<LetterPdf> {
    let (composed, profile) = db.read(|tx| {
        let (t, _) = current_template(tx, &input.template_name)?;
        let (data, _) = merge_data(tx, ctx, &input, &t)?;
        Ok((letters::compose(&template::environment(), &t, data)?, settings::council_profile(tx)?))
    })?;
    preview_of(&composed, &PrintOptions { duplex: input.duplex, logo: letters::logo(&profile)? })
}

/// A letter that was issued and stored against its account.
#[derive(Clone, Debug, Serialize)]
pub struct IssuedLetter {
    pub document_id: String,
    pub issued_on: String,
    #[serde(flatten)]
    pub letter: LetterPdf,
}

/// Issues a letter: composes it with the newest template version, writes the PDF, and stores the document
/// (template version, composed letter, PDF) with its audit row in one transaction.
pub fn issue_letter(db: &Db, ctx: &Ctx, input: LetterInput) -> Result<IssuedLetter> {
    ctx.require(Permission::WorkCases)?;
    db.write(|tx| issue_letter_in(tx, ctx, &input))
}

/// [`issue_letter`] inside a transaction the caller holds: a recovery run's commit issues its letters in
/// the same transaction as its stage changes and costs.
pub fn issue_letter_in(tx: &Tx, ctx: &Ctx, input: &LetterInput) -> Result<IssuedLetter> {
    issue_composed_in(tx, ctx, input).map(|(issued, _)| issued)
}

/// [`issue_letter_in`], also returning the composed letter (a print run files it by its postcode).
fn issue_composed_in(tx: &Tx, ctx: &Ctx, input: &LetterInput) -> Result<(IssuedLetter, Composed)> {
    {
        ensure_stored(tx, ctx, &input.template_name)?;
        let (t, template_id) = current_template(tx, &input.template_name)?;
        let (data, party_id) = merge_data(tx, ctx, input, &t)?;
        let profile = settings::council_profile(tx)?;
        let composed = letters::compose(&template::environment(), &t, data)?;
        let letter = pdf_of(&composed, &PrintOptions { duplex: input.duplex, logo: letters::logo(&profile)? })?;
        let content = serde_json::to_string(&composed).map_err(|e| Error::Internal(e.to_string()))?;
        let issued_on = ctx.today.to_string();
        let document_id = store::insert_document(
            tx,
            ctx,
            &NewDocument {
                account_id: Some(&input.account_id),
                party_id: Some(&party_id),
                kind: &t.header.kind,
                title: &t.header.title,
                template_name: &t.header.name,
                template_version: t.header.version,
                template_id: template_id.as_deref(),
                issued_on: &issued_on,
                content: &content,
                pdf: &letter.pdf,
                page_count: letter.page_count,
            },
        )?;
        audit::record(
            tx,
            ctx,
            "issue_letter",
            "documents",
            &document_id,
            Some(&party_id),
            Some(&input.account_id),
            serde_json::json!({"template": t.header.name, "version": t.header.version, "pages": letter.page_count}),
        )?;
        Ok((IssuedLetter { document_id, issued_on, letter }, composed))
    }
}

/// Reprints an issued letter: the stored PDF, byte for byte. The reprint is recorded in the audit log.
pub fn reprint_letter(db: &Db, ctx: &Ctx, document_id: &str) -> Result<IssuedLetter> {
    ctx.require(Permission::WorkCases)?;
    db.write(|tx| {
        let doc =
            store::document(tx, document_id)?.ok_or_else(|| Error::NotFound(format!("document {document_id}")))?;
        let (pdf, page_count) = match store::document_pdf(tx, document_id)? {
            Some(stored) => stored,
            None => {
                // A document stored without its file: print it again from its composed content.
                let composed: Composed = serde_json::from_str(&doc.content)
                    .map_err(|e| Error::Internal(format!("document {document_id} content: {e}")))?;
                let (pdf, pages) = letters::print(&[&composed], &PrintOptions::default())?;
                (pdf, pages[0])
            }
        };
        audit::record(
            tx,
            ctx,
            "reprint_letter",
            "documents",
            document_id,
            doc.party_id.as_deref(),
            doc.account_id.as_deref(),
            serde_json::json!({}),
        )?;
        Ok(IssuedLetter {
            document_id: doc.id,
            issued_on: doc.issued_on,
            letter: LetterPdf {
                title: doc.title,
                template_name: doc.template_name,
                template_version: doc.template_version,
                page_count,
                pdf,
                pages: Vec::new(),
            },
        })
    })
}

/// An issued letter's record and its composed content (merge data snapshot and rendered text).
#[derive(Clone, Debug, Serialize)]
pub struct IssuedLetterDetail {
    pub id: String,
    pub account_id: Option<String>,
    pub party_id: Option<String>,
    pub kind: String,
    pub title: String,
    pub template_name: String,
    pub template_version: i64,
    pub issued_on: String,
    pub created_by: String,
    pub composed: Composed,
}

pub fn issued_letter(db: &Db, document_id: &str) -> Result<IssuedLetterDetail> {
    db.read(|tx| issued_letter_in(tx, document_id))
}

fn issued_letter_in(tx: &Connection, document_id: &str) -> Result<IssuedLetterDetail> {
    {
        let d = store::document(tx, document_id)?.ok_or_else(|| Error::NotFound(format!("document {document_id}")))?;
        let composed: Composed = serde_json::from_str(&d.content)
            .map_err(|e| Error::Internal(format!("document {document_id} content: {e}")))?;
        Ok(IssuedLetterDetail {
            id: d.id,
            account_id: d.account_id,
            party_id: d.party_id,
            kind: d.kind,
            title: d.title,
            template_name: d.template_name,
            template_version: d.template_version,
            issued_on: d.issued_on,
            created_by: d.created_by,
            composed,
        })
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrintLettersInput {
    /// Issued letters to print.
    pub document_ids: Vec<String>,
    /// The cover sheet's title and run reference.
    pub title: String,
    pub run: String,
    /// `postcode` (the default) or `reference`.
    #[serde(default)]
    pub order: Option<String>,
    #[serde(default)]
    pub duplex: bool,
}

/// One print file for many issued letters: a cover sheet (run, count, date, order), then the letters in
/// print order, each laid out again from its stored composed content (the same letter as its stored copy).
pub fn print_letters(db: &Db, ctx: &Ctx, input: PrintLettersInput) -> Result<LetterPdf> {
    let order = match input.order.as_deref().unwrap_or("postcode") {
        "postcode" => PrintOrder::Postcode,
        "reference" => PrintOrder::Reference,
        other => return Err(Error::validation("order", format!("'{other}' is not one of: postcode, reference"))),
    };
    if input.document_ids.is_empty() {
        return Err(Error::validation("documentIds", "choose at least one letter to print"));
    }
    let (mut composed, profile) = db.read(|tx| {
        let mut out = Vec::with_capacity(input.document_ids.len());
        for id in &input.document_ids {
            let d = store::document(tx, id)?.ok_or_else(|| Error::NotFound(format!("document {id}")))?;
            out.push(
                serde_json::from_str::<Composed>(&d.content)
                    .map_err(|e| Error::Internal(format!("document {id} content: {e}")))?,
            );
        }
        Ok((out, settings::council_profile(tx)?))
    })?;
    letters::batch::sort(&mut composed, order);
    let cover = CoverSheet {
        title: input.title.clone(),
        run: input.run.clone(),
        date: ctx.today,
        order: if order == PrintOrder::Postcode { "postcode" } else { "account reference" }.into(),
    };
    let (pdf, pages) = letters::batch::print_run(
        &composed,
        &cover,
        &PrintOptions { duplex: input.duplex, logo: letters::logo(&profile)? },
    )?;
    Ok(LetterPdf {
        title: format!("{} {}", input.title, input.run),
        template_name: String::new(),
        template_version: 0,
        page_count: pages + if input.duplex { 2 } else { 1 },
        pdf,
        pages: Vec::new(),
    })
}

// ---------------------------------------------------------------------------------------------------------
// A letter from a person's record: the facts form, preview, send; the letters on their record.

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LetterFormInput {
    pub template_name: String,
    /// The account the letter is about: its ledger suggests the amounts.
    #[serde(default)]
    pub account_id: Option<String>,
}

/// The form for a letter: the facts its template uses, with what the account's ledger suggests.
#[derive(Clone, Debug, Serialize)]
pub struct LetterForm {
    pub template_name: String,
    pub template_version: i64,
    pub title: String,
    pub fields: Vec<FactField>,
}

pub fn letter_form(db: &Db, input: LetterFormInput) -> Result<LetterForm> {
    db.read(|tx| {
        let (t, _) = current_template(tx, &input.template_name)?;
        let mut fields = facts::fields_for(&t)?;
        if let Some(account_id) = &input.account_id {
            let suggested = suggested_facts(tx, account_id)?;
            for f in &mut fields {
                if let Some(v) = suggested.get(&f.key) {
                    f.value = v.clone();
                }
            }
        }
        Ok(LetterForm {
            template_name: t.header.name.clone(),
            template_version: t.header.version,
            title: t.header.title.clone(),
            fields,
        })
    })
}

/// What an account's ledger says about the facts a notice states, as the form would hold them: the latest
/// year that is owed (its balance is the amount due and what becomes payable), every year owed (the
/// amounts a final notice claims) and the account's balance (the total). Dates and instalments come from
/// the recovery timetable, not from here.
pub fn suggested_facts(conn: &Connection, account_id: &str) -> Result<BTreeMap<String, String>> {
    let account = accounts::by_id(conn, account_id)?.ok_or_else(|| Error::NotFound(format!("account {account_id}")))?;
    let owed: Vec<(i32, Money)> = accounts::balances_by_year(conn, account_id)?
        .into_iter()
        .filter_map(|y| Some((y.financial_year?, y.balance)))
        .filter(|(_, b)| *b > Money::ZERO)
        .collect();
    let mut out = BTreeMap::new();
    if let Some((year, balance)) = owed.first() {
        out.insert("financial_year".to_string(), financial_year_label(*year));
        out.insert("amount_due".to_string(), balance.to_string());
        out.insert("balance_payable".to_string(), balance.to_string());
    }
    if !owed.is_empty() {
        let lines: Vec<String> = owed
            .iter()
            .rev()
            .map(|(y, b)| format!("{} {} {}", account.debt_type.label(), financial_year_label(*y), b))
            .collect();
        out.insert("amounts".to_string(), lines.join("\n"));
    }
    let balance = accounts::balance(conn, account_id)?;
    if balance > Money::ZERO {
        out.insert("total".to_string(), balance.to_string());
    }
    Ok(out)
}

/// A letter for an account named by its reference, as the CLI asks for it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountLetterInput {
    pub template_name: String,
    pub account_reference: String,
    /// Facts as typed (`pay_by` → `18/6/2026`); the ones left out come from the account's ledger where it
    /// can say ([`suggested_facts`]).
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
    #[serde(default)]
    pub duplex: bool,
}

/// Renders a letter for an account with the newest version of a template, the ledger's figures filling
/// the facts not given. Nothing is stored.
pub fn render_account_letter(db: &Db, ctx: &Ctx, input: AccountLetterInput) -> Result<LetterPdf> {
    let (composed, profile) = db.read(|tx| {
        let account = accounts::by_reference(tx, input.account_reference.trim())?
            .ok_or_else(|| Error::NotFound(format!("account {}", input.account_reference.trim())))?;
        let (t, _) = current_template(tx, &input.template_name)?;
        let mut form = suggested_facts(tx, &account.id)?;
        form.extend(input.facts.iter().map(|(k, v)| (k.clone(), v.clone())));
        let letter = LetterInput {
            template_name: input.template_name.clone(),
            account_id: account.id,
            party_id: None,
            facts: facts::facts_from_form(&form)?,
            duplex: input.duplex,
        };
        let (data, _) = merge_data(tx, ctx, &letter, &t)?;
        Ok((letters::compose(&template::environment(), &t, data)?, settings::council_profile(tx)?))
    })?;
    pdf_of(&composed, &PrintOptions { duplex: input.duplex, logo: letters::logo(&profile)? })
}

/// A letter as an officer asks for it: the facts as typed in the form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendLetterInput {
    pub template_name: String,
    pub account_id: String,
    #[serde(default)]
    pub party_id: Option<String>,
    /// Fact key (`pay_by`, `hearing.date`) → the text typed.
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
    #[serde(default)]
    pub duplex: bool,
    /// Put the letter aside for the next print run instead of printing it now.
    #[serde(default)]
    pub with_print_run: bool,
}

impl SendLetterInput {
    fn letter_input(&self) -> Result<LetterInput> {
        Ok(LetterInput {
            template_name: self.template_name.clone(),
            account_id: self.account_id.clone(),
            party_id: self.party_id.clone(),
            facts: facts::facts_from_form(&self.facts)?,
            duplex: self.duplex,
        })
    }
}

/// Previews a letter from a person's record with the facts as typed (PDF and page images); nothing is
/// stored.
pub fn preview_letter(db: &Db, ctx: &Ctx, input: SendLetterInput) -> Result<LetterPdf> {
    render_letter(db, ctx, input.letter_input()?)
}

/// Issues a letter from a person's record, and puts it aside for the next print run if asked, in one
/// transaction.
pub fn send_letter(db: &Db, ctx: &Ctx, input: SendLetterInput) -> Result<IssuedLetter> {
    ctx.require(Permission::WorkCases)?;
    let letter = input.letter_input()?;
    db.write(|tx| {
        let issued = issue_letter_in(tx, ctx, &letter)?;
        if input.with_print_run {
            store::insert_letter_to_print(tx, ctx, &issued.document_id, Some(&letter.account_id))?;
        }
        Ok(issued)
    })
}

/// A letter on a person's record and where it stands.
#[derive(Clone, Debug, Serialize)]
pub struct PersonLetter {
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
    /// `issued` (printed by the officer), `waiting` (for a print run), `in_run`, `dispatched`, `withdrawn`
    /// (its run was cancelled before dispatch).
    pub status: &'static str,
    pub status_label: &'static str,
    pub run_id: Option<String>,
    pub run_reference: Option<String>,
    pub dispatched_on: Option<String>,
    /// The day it came back undelivered, and why, if it did (`record_returned_mail`).
    pub returned_on: Option<String>,
    pub returned_reason: Option<String>,
    pub returned_label: Option<&'static str>,
}

/// The letters to a person, newest first, with where each stands. The view is written to the audit log.
pub fn person_letters(db: &Db, ctx: &Ctx, party_id: &str) -> Result<Vec<PersonLetter>> {
    let rows = db.read(|tx| store::party_letters(tx, party_id, 200))?;
    crate::api::audit::record_view(db, ctx, Viewed::person(ViewKind::Letters, party_id))?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let status = match r.run_status.as_deref() {
                Some("dispatched") => "dispatched",
                Some("building" | "ready") => "in_run",
                Some(_) if r.issued_by_run => "withdrawn",
                _ if r.waiting => "waiting",
                _ => "issued",
            };
            let status_label = match status {
                "dispatched" => "Dispatched",
                "in_run" => "In a print run",
                "withdrawn" => "Withdrawn",
                "waiting" => "Waiting for a print run",
                _ => "Issued",
            };
            let in_run = matches!(status, "dispatched" | "in_run" | "withdrawn");
            PersonLetter {
                run_reference: r.run_id.as_deref().filter(|_| in_run).map(run_reference),
                run_id: r.run_id.filter(|_| in_run),
                dispatched_on: r.run_dispatched_on.filter(|_| status == "dispatched"),
                id: r.id,
                account_id: r.account_id,
                account_reference: r.account_reference,
                kind: r.kind,
                title: r.title,
                template_name: r.template_name,
                template_version: r.template_version,
                issued_on: r.issued_on,
                created_by: r.created_by,
                page_count: r.page_count,
                status,
                status_label,
                returned_label: r.returned_reason.as_deref().map(crate::api::ReturnedMailReason::label_of),
                returned_on: r.returned_on,
                returned_reason: r.returned_reason,
            }
        })
        .collect())
}

/// An issued letter to look at on screen: page images laid out from its stored composed content (the
/// reprint is the stored PDF itself).
#[derive(Clone, Debug, Serialize)]
pub struct LetterPages {
    pub document_id: String,
    pub title: String,
    pub template_name: String,
    pub template_version: i64,
    pub issued_on: String,
    pub page_count: usize,
    pub pages: Vec<String>,
}

/// The view is written to the audit log (the document, naming its person and account).
pub fn letter_pages(db: &Db, ctx: &Ctx, document_id: &str) -> Result<LetterPages> {
    let (detail, profile) = db.read(|tx| Ok((issued_letter_in(tx, document_id)?, settings::council_profile(tx)?)))?;
    let viewed = Viewed {
        kind: ViewKind::Letter,
        entity: "documents",
        entity_id: &detail.id,
        party_id: detail.party_id.as_deref(),
        account_id: detail.account_id.as_deref(),
    };
    crate::api::audit::record_view(db, ctx, viewed)?;
    let pages =
        letters::page_images(&[&detail.composed], &PrintOptions { duplex: false, logo: letters::logo(&profile)? })?;
    Ok(LetterPages {
        document_id: detail.id,
        title: detail.title,
        template_name: detail.template_name,
        template_version: detail.template_version,
        issued_on: detail.issued_on,
        page_count: pages.len(),
        pages,
    })
}

// ---------------------------------------------------------------------------------------------------------
// Print runs.

/// Letters issued by a run per write transaction: small enough that the screen's reads wait a fraction of
/// a second between chunks.
pub const RUN_CHUNK: usize = 100;

/// A run's human reference: `LR-` and the last eight hex digits of its id (random in a UUIDv7, so two
/// laptops never make the same one by counting).
pub fn run_reference(id: &str) -> String {
    let hex: String = id.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    format!("LR-{}", hex[hex.len().saturating_sub(8)..].to_uppercase())
}

/// A print run as the Runs screen shows it.
#[derive(Clone, Debug, Serialize)]
pub struct LetterRunView {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub template_name: Option<String>,
    pub print_order: String,
    pub duplex: bool,
    /// `building`, `ready`, `dispatched`, `cancelled`.
    pub status: String,
    pub status_label: &'static str,
    pub prepared_on: String,
    pub letter_count: i64,
    pub dispatched_on: Option<String>,
    pub dispatched_by: Option<String>,
    pub cancelled_at: Option<String>,
    pub cancelled_by: Option<String>,
    pub created_by: String,
    /// Not dispatched yet: it can still be cancelled.
    pub can_cancel: bool,
    pub can_dispatch: bool,
    pub can_print: bool,
}

fn run_view(r: store::RunRow) -> LetterRunView {
    let status_label = match r.status.as_str() {
        "building" => "Being prepared",
        "ready" => "Ready to print",
        "dispatched" => "Dispatched",
        _ => "Cancelled",
    };
    LetterRunView {
        reference: run_reference(&r.id),
        can_cancel: matches!(r.status.as_str(), "building" | "ready"),
        can_dispatch: r.status == "ready" && r.letter_count > 0,
        can_print: matches!(r.status.as_str(), "ready" | "dispatched") && r.letter_count > 0,
        status_label,
        id: r.id,
        title: r.title,
        template_name: r.template_name,
        print_order: r.print_order,
        duplex: r.duplex,
        status: r.status,
        prepared_on: r.prepared_on,
        letter_count: r.letter_count,
        dispatched_on: r.dispatched_on,
        dispatched_by: r.dispatched_by,
        cancelled_at: r.cancelled_at,
        cancelled_by: r.cancelled_by,
        created_by: r.created_by,
    }
}

/// The newest print runs first.
pub fn letter_runs(db: &Db) -> Result<Vec<LetterRunView>> {
    Ok(db.read(|tx| store::runs(tx, 100))?.into_iter().map(run_view).collect())
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RunInput {
    /// The run's id or its reference (`LR-1A2B3C4D`).
    pub run_id: String,
}

fn find_run(conn: &Connection, id_or_reference: &str) -> Result<store::RunRow> {
    let wanted = id_or_reference.trim();
    if let Some(run) = store::run(conn, wanted)? {
        return Ok(run);
    }
    let suffix = wanted.strip_prefix("LR-").or_else(|| wanted.strip_prefix("lr-")).unwrap_or("");
    if suffix.len() == 8 && suffix.chars().all(|c| c.is_ascii_hexdigit()) {
        let mut found = store::runs_ending_with(conn, suffix)?;
        if found.len() == 1 {
            return Ok(found.remove(0));
        }
        if found.len() > 1 {
            return Err(Error::validation("runId", format!("{wanted} names more than one run: give the run's id")));
        }
    }
    Err(Error::NotFound(format!("print run {wanted}")))
}

pub fn letter_run(db: &Db, input: RunInput) -> Result<LetterRunView> {
    db.read(|tx| find_run(tx, &input.run_id)).map(run_view)
}

/// Letters waiting for a print run, by template and issue date.
pub fn letters_waiting(db: &Db) -> Result<Vec<store::WaitingGroup>> {
    db.read(|tx| store::waiting_groups(tx))
}

fn print_order(order: Option<&str>) -> Result<PrintOrder> {
    match order.unwrap_or("postcode") {
        "postcode" => Ok(PrintOrder::Postcode),
        "reference" => Ok(PrintOrder::Reference),
        other => Err(Error::validation("order", format!("'{other}' is not one of: postcode, reference"))),
    }
}

fn order_name(order: PrintOrder) -> &'static str {
    match order {
        PrintOrder::Postcode => "postcode",
        PrintOrder::Reference => "reference",
    }
}

fn run_title(title: &Option<String>, default: &str) -> Result<String> {
    let t = title.as_deref().map(str::trim).filter(|t| !t.is_empty()).unwrap_or(default);
    if t.chars().count() > 120 {
        return Err(Error::validation("title", "keep the title under 120 characters"));
    }
    Ok(t.to_string())
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WaitingGroupInput {
    pub template_name: String,
    pub issued_on: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GatherRunInput {
    pub groups: Vec<WaitingGroupInput>,
    #[serde(default)]
    pub title: Option<String>,
    /// `postcode` (the default) or `reference`.
    #[serde(default)]
    pub order: Option<String>,
    #[serde(default)]
    pub duplex: bool,
}

/// Makes a print run of the letters waiting in the groups chosen (template and issue date), in one
/// transaction. The run is ready to print at once.
pub fn gather_letter_run(db: &Db, ctx: &Ctx, input: GatherRunInput) -> Result<LetterRunView> {
    ctx.require(Permission::PrepareRuns)?;
    let order = print_order(input.order.as_deref())?;
    let title = run_title(&input.title, "Letters for the post")?;
    if input.groups.is_empty() {
        return Err(Error::validation("groups", "choose the letters to print"));
    }
    db.write(|tx| {
        let run_id = store::insert_run(
            tx,
            ctx,
            &store::NewRun {
                title: &title,
                template_name: None,
                print_order: order_name(order),
                duplex: input.duplex,
                status: "ready",
                prepared_on: &ctx.today.to_string(),
            },
        )?;
        let mut count = 0;
        for g in &input.groups {
            for (document_id, account_id, content) in store::waiting_documents(tx, &g.template_name, &g.issued_on)? {
                let composed: Composed = serde_json::from_str(&content)
                    .map_err(|e| Error::Internal(format!("document {document_id} content: {e}")))?;
                store::insert_run_letter(
                    tx,
                    ctx,
                    &store::NewRunLetter {
                        run_id: &run_id,
                        document_id: &document_id,
                        account_id: account_id.as_deref(),
                        postcode_key: &letters::batch::postcode_key(&composed),
                        account_reference: &composed.letter.reference,
                        issued_by_run: false,
                    },
                )?;
                count += 1;
            }
        }
        if count == 0 {
            return Err(Error::validation("groups", "no letters are waiting in the groups chosen"));
        }
        audit::record(
            tx,
            ctx,
            "gather_letter_run",
            "letter_runs",
            &run_id,
            None,
            None,
            serde_json::json!({"letters": count, "groups": input.groups.len()}),
        )?;
        Ok(run_view(store::run(tx, &run_id)?.expect("just inserted")))
    })
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssueRunInput {
    pub template_name: String,
    /// The accounts, one reference a line. Or give `minBalance`.
    #[serde(default)]
    pub account_references: Option<String>,
    /// Every open account of the template's debt types owing at least this, with no hold in force.
    #[serde(default)]
    pub min_balance: Option<String>,
    /// Facts for every letter, as typed; blank ones come from each account's ledger where it can say.
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub order: Option<String>,
    #[serde(default)]
    pub duplex: bool,
}

/// How far a long run has gone, for a progress bar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunProgress {
    pub run_id: Option<String>,
    /// `issuing` or `printing`.
    pub phase: &'static str,
    pub done: usize,
    pub total: usize,
}

/// An account a run did not write a letter for, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunExclusion {
    pub account_reference: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RunOutcome {
    pub run: LetterRunView,
    pub issued: usize,
    pub excluded: Vec<RunExclusion>,
    /// Stopped before the end: the run is cancelled and the letters it issued are withdrawn.
    pub cancelled: bool,
}

/// Issues a template to a selection of accounts as a print run, [`RUN_CHUNK`] letters per transaction.
/// `progress` is called after each chunk; when it returns false the run stops there and is cancelled
/// (its letters are withdrawn, never dispatched). An account whose letter cannot be written (a missing
/// fact, another debt type, no address, a hold) is left out with the reason; a run in which no letter
/// could be written is cancelled and refused. A run interrupted by a crash stays `building` until it is
/// cancelled.
pub fn issue_letter_run(
    db: &Db,
    ctx: &Ctx,
    input: IssueRunInput,
    progress: &mut dyn FnMut(&RunProgress) -> bool,
) -> Result<RunOutcome> {
    ctx.require(Permission::PrepareRuns)?;
    let order = print_order(input.order.as_deref())?;
    let typed = input.facts.clone();
    facts::facts_from_form(&typed)?;
    let refs = input.account_references.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let min = input.min_balance.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let today = ctx.today.to_string();
    let (template, selection, mut excluded) = db.read(|tx| {
        let (t, _) = current_template(tx, &input.template_name)?;
        let mut excluded = Vec::new();
        let selection: Vec<(String, String)> = match (refs, min) {
            (Some(_), Some(_)) => {
                return Err(Error::validation(
                    "accountReferences",
                    "give the account references or a minimum balance, not both",
                ))
            }
            (None, None) => {
                return Err(Error::validation("accountReferences", "give the account references or a minimum balance"))
            }
            (Some(text), None) => {
                let mut out: Vec<(String, String)> = Vec::new();
                for (i, line) in text.lines().enumerate() {
                    let reference = line.trim();
                    if reference.is_empty() || out.iter().any(|(_, r)| r == reference) {
                        continue;
                    }
                    let account = accounts::by_reference(tx, reference)?.ok_or_else(|| {
                        Error::validation(
                            "accountReferences",
                            format!("line {}: there is no account {reference}", i + 1),
                        )
                    })?;
                    if let Some(kind) = store::account_held(tx, &account.id, &today)? {
                        excluded.push(RunExclusion {
                            account_reference: reference.to_string(),
                            reason: format!("recovery is on hold ({})", kind.replace('_', " ")),
                        });
                        continue;
                    }
                    out.push((account.id, account.reference));
                }
                out
            }
            (None, Some(text)) => {
                let min = Money::parse_lenient(text)
                    .map_err(|e| Error::validation("minBalance", format!("'{text}' is not an amount of money: {e}")))?;
                if min <= Money::ZERO {
                    return Err(Error::validation("minBalance", "must be more than £0.00"));
                }
                let types: Vec<&str> = t.header.debt_types.iter().map(|d| d.as_str()).collect();
                store::accounts_owing(tx, &types, min.pence(), &today)?
            }
        };
        Ok((t, selection, excluded))
    })?;
    if selection.is_empty() {
        let field = if refs.is_some() { "accountReferences" } else { "minBalance" };
        return Err(Error::validation(field, "no account to write to: none matches, or every one is on hold"));
    }
    let title = run_title(&input.title, &format!("{} run", template.header.title))?;
    let run_id = db.write(|tx| {
        ensure_stored(tx, ctx, &template.header.name)?;
        store::insert_run(
            tx,
            ctx,
            &store::NewRun {
                title: &title,
                template_name: Some(&template.header.name),
                print_order: order_name(order),
                duplex: input.duplex,
                status: "building",
                prepared_on: &today,
            },
        )
    })?;
    let total = selection.len();
    let mut issued = 0;
    let mut done = 0;
    for chunk in selection.chunks(RUN_CHUNK) {
        let (n, mut left_out) = db.write(|tx| {
            let mut n = 0;
            let mut left_out = Vec::new();
            for (account_id, reference) in chunk {
                let mut form = suggested_facts(tx, account_id)?;
                form.retain(|k, _| typed.get(k).is_none_or(|v| v.trim().is_empty()));
                form.extend(typed.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| (k.clone(), v.clone())));
                let letter = facts::facts_from_form(&form).map(|facts| LetterInput {
                    template_name: template.header.name.clone(),
                    account_id: account_id.clone(),
                    party_id: None,
                    facts,
                    duplex: input.duplex,
                });
                match letter.and_then(|l| issue_composed_in(tx, ctx, &l)) {
                    Ok((letter, composed)) => {
                        store::insert_run_letter(
                            tx,
                            ctx,
                            &store::NewRunLetter {
                                run_id: &run_id,
                                document_id: &letter.document_id,
                                account_id: Some(account_id),
                                postcode_key: &letters::batch::postcode_key(&composed),
                                account_reference: reference,
                                issued_by_run: true,
                            },
                        )?;
                        n += 1;
                    }
                    Err(e) if !e.is_internal() => left_out.push(RunExclusion {
                        account_reference: reference.clone(),
                        reason: match e {
                            Error::Validation { reason, .. } => reason,
                            other => other.to_string(),
                        },
                    }),
                    Err(e) => return Err(e),
                }
            }
            Ok((n, left_out))
        })?;
        issued += n;
        excluded.append(&mut left_out);
        done += chunk.len();
        if !progress(&RunProgress { run_id: Some(run_id.clone()), phase: "issuing", done, total }) && done < total {
            let run = finish_cancelled(db, ctx, &run_id, issued)?;
            return Ok(RunOutcome { run, issued, excluded, cancelled: true });
        }
    }
    if issued == 0 {
        finish_cancelled(db, ctx, &run_id, 0)?;
        let first = excluded.first().map(|e| format!("{}: {}", e.account_reference, e.reason)).unwrap_or_default();
        return Err(Error::RuleRefused(format!("no letter could be written (first: {first}); the run was cancelled")));
    }
    let run = db.write(|tx| {
        store::mark_run_ready(tx, ctx, &run_id)?;
        audit::record(
            tx,
            ctx,
            "issue_letter_run",
            "letter_runs",
            &run_id,
            None,
            None,
            serde_json::json!({"template": template.header.name, "version": template.header.version,
                               "letters": issued, "excluded": excluded.len()}),
        )?;
        Ok(run_view(store::run(tx, &run_id)?.expect("run exists")))
    })?;
    Ok(RunOutcome { run, issued, excluded, cancelled: false })
}

fn finish_cancelled(db: &Db, ctx: &Ctx, run_id: &str, issued: usize) -> Result<LetterRunView> {
    db.write(|tx| {
        store::mark_run_cancelled(tx, ctx, run_id)?;
        audit::record(
            tx,
            ctx,
            "cancel_letter_run",
            "letter_runs",
            run_id,
            None,
            None,
            serde_json::json!({"letters_withdrawn": issued, "stopped_while_building": true}),
        )?;
        Ok(run_view(store::run(tx, run_id)?.expect("run exists")))
    })
}

/// Cancels a run before dispatch: the letters it issued are withdrawn, letters it gathered wait for
/// another run. A dispatched run cannot be reversed.
pub fn cancel_letter_run(db: &Db, ctx: &Ctx, input: RunInput) -> Result<LetterRunView> {
    ctx.require(Permission::CommitRuns)?;
    db.write(|tx| {
        let run = find_run(tx, &input.run_id)?;
        let reference = run_reference(&run.id);
        match run.status.as_str() {
            "dispatched" => {
                return Err(Error::Conflict(format!(
                    "print run {reference} was dispatched on {}: it cannot be reversed",
                    run.dispatched_on.as_deref().unwrap_or("an earlier day")
                )))
            }
            "cancelled" => return Err(Error::Conflict(format!("print run {reference} is already cancelled"))),
            _ => {}
        }
        store::mark_run_cancelled(tx, ctx, &run.id)?;
        audit::record(
            tx,
            ctx,
            "cancel_letter_run",
            "letter_runs",
            &run.id,
            None,
            None,
            serde_json::json!({"letters": run.letter_count}),
        )?;
        Ok(run_view(store::run(tx, &run.id)?.expect("run exists")))
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordDispatchInput {
    pub run_id: String,
    /// The day the post went (`2026-05-12` or `12/5/2026`); today if absent.
    #[serde(default)]
    pub dispatched_on: Option<String>,
}

/// Records that a run's letters went in the post. After this the run cannot be cancelled.
pub fn record_letter_run_dispatch(db: &Db, ctx: &Ctx, input: RecordDispatchInput) -> Result<LetterRunView> {
    ctx.require(Permission::CommitRuns)?;
    let on = match input.dispatched_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => facts::parse_date(text).ok_or_else(|| {
            Error::validation("dispatchedOn", format!("'{text}' is not a date: write it as 12/5/2026"))
        })?,
        None => ctx.today,
    };
    if on > ctx.today {
        return Err(Error::validation("dispatchedOn", "cannot be after today"));
    }
    db.write(|tx| {
        let run = find_run(tx, &input.run_id)?;
        let reference = run_reference(&run.id);
        match run.status.as_str() {
            "building" => {
                return Err(Error::Conflict(format!("print run {reference} is still being prepared")));
            }
            "cancelled" => return Err(Error::Conflict(format!("print run {reference} was cancelled"))),
            "dispatched" => {
                return Err(Error::Conflict(format!(
                    "print run {reference} was already dispatched on {}",
                    run.dispatched_on.as_deref().unwrap_or("an earlier day")
                )))
            }
            _ => {}
        }
        if run.letter_count == 0 {
            return Err(Error::Conflict(format!("print run {reference} has no letters")));
        }
        if on.to_string() < run.prepared_on {
            return Err(Error::validation(
                "dispatchedOn",
                format!("cannot be before the run was prepared ({})", run.prepared_on),
            ));
        }
        store::mark_run_dispatched(tx, ctx, &run.id, &on.to_string())?;
        audit::record(
            tx,
            ctx,
            "record_letter_run_dispatch",
            "letter_runs",
            &run.id,
            None,
            None,
            serde_json::json!({"letters": run.letter_count, "dispatched_on": on.to_string()}),
        )?;
        Ok(run_view(store::run(tx, &run.id)?.expect("run exists")))
    })
}

/// The print file of a run: a cover sheet (run, count, date, order), then every letter in print order,
/// laid out again from its stored composed content [`letters::batch::CHUNK`] letters at a time (each chunk
/// read in its own transaction). `progress` is called before each chunk; when it returns false the file is
/// abandoned (a `Conflict` error says so). Printing is recorded in the audit log.
pub fn print_letter_run(
    db: &Db,
    ctx: &Ctx,
    input: RunInput,
    progress: &mut dyn FnMut(&RunProgress) -> bool,
) -> Result<LetterPdf> {
    ctx.require(Permission::PrepareRuns)?;
    let (run, ids, profile) = db.read(|tx| {
        let run = find_run(tx, &input.run_id)?;
        let ids = store::run_document_ids(tx, &run.id, run.print_order == "postcode")?;
        Ok((run, ids, settings::council_profile(tx)?))
    })?;
    let reference = run_reference(&run.id);
    match run.status.as_str() {
        "building" => return Err(Error::Conflict(format!("print run {reference} is still being prepared"))),
        "cancelled" => {
            return Err(Error::Conflict(format!("print run {reference} was cancelled: it has no print file")))
        }
        _ => {}
    }
    if ids.is_empty() {
        return Err(Error::Conflict(format!("print run {reference} has no letters")));
    }
    let total = ids.len();
    let chunk = letters::batch::CHUNK;
    let mut stopped = false;
    let mut loaded: std::collections::VecDeque<Composed> = std::collections::VecDeque::new();
    let mut next = 0;
    let letters_iter = std::iter::from_fn(|| {
        if loaded.is_empty() && next < total && !stopped {
            if !progress(&RunProgress { run_id: Some(run.id.clone()), phase: "printing", done: next, total }) {
                stopped = true;
                return Some(Err(Error::Conflict(format!("the print file of run {reference} was stopped"))));
            }
            let ids = &ids[next..(next + chunk).min(total)];
            next += ids.len();
            match db.read(|tx| {
                ids.iter()
                    .map(|id| {
                        let d = store::document(tx, id)?.ok_or_else(|| Error::NotFound(format!("document {id}")))?;
                        serde_json::from_str::<Composed>(&d.content)
                            .map_err(|e| Error::Internal(format!("document {id} content: {e}")))
                    })
                    .collect::<Result<Vec<_>>>()
            }) {
                Ok(batch) => loaded.extend(batch),
                Err(e) => return Some(Err(e)),
            }
        }
        loaded.pop_front().map(Ok)
    });
    let cover = CoverSheet {
        title: run.title.clone(),
        run: reference.clone(),
        date: NaiveDate::parse_from_str(&run.prepared_on, "%Y-%m-%d").unwrap_or(ctx.today),
        order: if run.print_order == "postcode" { "postcode" } else { "account reference" }.into(),
    };
    let opts = PrintOptions { duplex: run.duplex, logo: letters::logo(&profile)? };
    let (pdf, pages) = letters::batch::print_run_from(letters_iter, &cover, &opts, chunk)?;
    progress(&RunProgress { run_id: Some(run.id.clone()), phase: "printing", done: total, total });
    db.write(|tx| {
        audit::record(
            tx,
            ctx,
            "print_letter_run",
            "letter_runs",
            &run.id,
            None,
            None,
            serde_json::json!({"letters": total, "pages": pages}),
        )
    })?;
    Ok(LetterPdf {
        title: format!("{} {}", run.title, reference),
        template_name: run.template_name.unwrap_or_default(),
        template_version: 0,
        page_count: pages + if run.duplex { 2 } else { 1 },
        pdf,
        pages: Vec::new(),
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateNameInput {
    pub name: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentInput {
    pub document_id: String,
}
