//! Letters as officers use them: Settings → Letters (list, open, validate, preview and save templates, each
//! save a new version), and on a person's record preview, issue and reprint a letter. An issued letter keeps
//! the template version, the composed letter (merge data snapshot and rendered text) and the PDF itself in
//! one transaction with its audit row, so a reprint years later is byte-for-byte the letter that was sent.

use crate::db::accounts;
use crate::db::letters::{self as store, NewDocument, NewTemplate, TemplateRow};
use crate::db::parties::{self, Address};
use crate::db::{audit, settings, Ctx, Db, Tx};
use crate::error::{Error, Result};
use crate::letters::batch::{CoverSheet, PrintOrder};
use crate::letters::merge::{AccountData, CouncilData, LetterData, LetterFacts, MergeData, RecipientData, YearData};
use crate::letters::template::{self, Template, TemplateProblem};
use crate::letters::{self, shipped, Composed, PrintOptions};
use crate::model::{financial_year_label, PartyKind};
use rusqlite::Connection;
use serde::{Deserialize, Serialize, Serializer};

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
fn current_template(conn: &Connection, name: &str) -> Result<(Template, Option<String>)> {
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
    pdf_of(&composed, &PrintOptions { duplex: input.duplex, logo: letters::logo(&profile)? })
}

fn pdf_of(c: &Composed, opts: &PrintOptions) -> Result<LetterPdf> {
    let (pdf, pages) = letters::print(&[c], opts)?;
    Ok(LetterPdf {
        title: c.letter.title.clone(),
        template_name: c.template_name.clone(),
        template_version: c.template_version,
        page_count: pages[0],
        pdf,
    })
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
    pdf_of(&composed, &PrintOptions { duplex: input.duplex, logo: letters::logo(&profile)? })
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
    db.write(|tx| issue_letter_in(tx, ctx, &input))
}

/// [`issue_letter`] inside a transaction the caller holds: a recovery run's commit issues its letters in
/// the same transaction as its stage changes and costs.
pub fn issue_letter_in(tx: &Tx, ctx: &Ctx, input: &LetterInput) -> Result<IssuedLetter> {
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
        Ok(IssuedLetter { document_id, issued_on, letter })
    }
}

/// Reprints an issued letter: the stored PDF, byte for byte. The reprint is recorded in the audit log.
pub fn reprint_letter(db: &Db, ctx: &Ctx, document_id: &str) -> Result<IssuedLetter> {
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
    db.read(|tx| {
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
    })
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
    })
}
