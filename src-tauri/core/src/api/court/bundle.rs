//! Court bundles (recovery-rules.md §7.3; product.md §3.7): for a contested hearing, a committal means inquiry
//! (England only, T49), a bankruptcy petition (≥ £5,000 within 6 years, T47) or a charging order (≥ £1,000,
//! T46). A bundle is prepared as a draft (the checks made, the sections chosen, the witness statement rendered
//! from its template for the officer to edit), exhibits are added, and it is issued as one paginated PDF: a
//! generated index with each section's pages, bookmarks, every page stamped with its bundle page number, the
//! stored letters and the exhibits merged in as they are.

use super::load_hearing;
use crate::access::Permission;
use crate::api::audit::{record_view, ViewKind, Viewed};
use crate::db::court::{self as store, BundleRow, OrderComponent};
use crate::db::letters::{self as letters_store, NewDocument};
use crate::db::parties::{self, Address};
use crate::db::{accounts, audit, holds, settings, Ctx, Db};
use crate::error::{Error, Result};
use crate::letters::batch::{Joiner, OutlineItem};
use crate::letters::layout::{layout_document, Document};
use crate::letters::markup::{self, Block, Row, RowKind, Span};
use crate::letters::merge::{CourtFacts, DatedEvent, LetterFacts, OrderFacts};
use crate::letters::pdf::{self, PdfMeta};
use crate::letters::stamp::stamp_pages;
use crate::letters::template::{self, format_date, format_money};
use crate::model::{financial_year_label, HoldKind, LedgerKind, PartyKind, Stage};
use crate::money::Money;
use crate::rules::court::{check_bankruptcy, check_charging_order, check_committal, BundleKind, Component};
use base64::Engine as _;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// The witness statement's template.
pub const STATEMENT_TEMPLATE: &str = "court_witness_statement";

/// The sections a bundle may hold, in their usual order (the index always comes first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleSection {
    Summary,
    Statement,
    Orders,
    Account,
    Notices,
    History,
    IncomeExpenditure,
    Holds,
    Exhibits,
}

impl BundleSection {
    pub const ALL: &'static [BundleSection] = &[
        BundleSection::Summary,
        BundleSection::Statement,
        BundleSection::Orders,
        BundleSection::Account,
        BundleSection::Notices,
        BundleSection::History,
        BundleSection::IncomeExpenditure,
        BundleSection::Holds,
        BundleSection::Exhibits,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BundleSection::Summary => "summary",
            BundleSection::Statement => "statement",
            BundleSection::Orders => "orders",
            BundleSection::Account => "account",
            BundleSection::Notices => "notices",
            BundleSection::History => "history",
            BundleSection::IncomeExpenditure => "income_expenditure",
            BundleSection::Holds => "holds",
            BundleSection::Exhibits => "exhibits",
        }
    }

    pub fn parse(text: &str, field: &str) -> Result<BundleSection> {
        let norm = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        BundleSection::ALL.iter().copied().find(|s| s.as_str() == norm).ok_or_else(|| {
            Error::validation(
                field,
                format!(
                    "'{}' is not one of: {}",
                    text.trim(),
                    BundleSection::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )
        })
    }

    pub fn title(self) -> &'static str {
        match self {
            BundleSection::Summary => "Case summary",
            BundleSection::Statement => "Witness statement",
            BundleSection::Orders => "Liability orders",
            BundleSection::Account => "Statement of account",
            BundleSection::Notices => "Copies of notices issued",
            BundleSection::History => "Payment and contact history",
            BundleSection::IncomeExpenditure => "Income and expenditure",
            BundleSection::Holds => "Holds and vulnerability checks",
            BundleSection::Exhibits => "Exhibits",
        }
    }
}

fn parse_sections(list: &[String]) -> Result<Vec<BundleSection>> {
    let mut out = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let section = BundleSection::parse(s, &format!("sections[{i}]"))?;
        if out.contains(&section) {
            return Err(Error::validation(format!("sections[{i}]"), format!("{} is chosen twice", section.as_str())));
        }
        out.push(section);
    }
    if out.is_empty() {
        return Err(Error::validation("sections", "choose at least one section"));
    }
    Ok(out)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrepareBundleInput {
    pub account_reference: String,
    /// `contested`, `committal`, `insolvency` or `charging_order`.
    pub kind: String,
    /// The hearing the bundle is for, if it is one recorded here.
    #[serde(default)]
    pub hearing_id: Option<String>,
    /// The court, when no hearing is given ("Ashdown County Court").
    #[serde(default)]
    pub court: Option<String>,
    /// The officer whose witness statement it holds.
    pub officer_name: String,
    #[serde(default)]
    pub officer_title: Option<String>,
    /// The sections in order; every section if absent.
    #[serde(default)]
    pub sections: Option<Vec<String>>,
}

/// An exhibit as a screen lists it (without its file).
#[derive(Clone, Debug, Serialize)]
pub struct ExhibitInfo {
    pub id: String,
    pub position: i64,
    /// "AO/1": the officer's initials and the exhibit's number.
    pub label: String,
    pub title: String,
    pub file_name: String,
    pub page_count: i64,
}

/// A bundle as the Bundle builder shows it.
#[derive(Clone, Debug, Serialize)]
pub struct BundleView {
    #[serde(flatten)]
    pub bundle: BundleRow,
    pub account_reference: String,
    pub kind_label: &'static str,
    pub section_list: Vec<BundleSection>,
    pub exhibits: Vec<ExhibitInfo>,
}

fn initials(name: &str) -> String {
    let s: String = name.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_alphabetic()).collect();
    if s.is_empty() {
        "EX".into()
    } else {
        s.to_uppercase()
    }
}

fn view_of(conn: &Connection, b: BundleRow) -> Result<BundleView> {
    let account =
        accounts::by_id(conn, &b.account_id)?.ok_or_else(|| Error::NotFound("the bundle's account".into()))?;
    let sections: Vec<String> = serde_json::from_str(&b.sections).map_err(|e| Error::Internal(e.to_string()))?;
    let who = initials(&b.officer_name);
    let exhibits = store::exhibits(conn, &b.id)?
        .into_iter()
        .enumerate()
        .map(|(i, e)| ExhibitInfo {
            id: e.id,
            position: e.position,
            label: format!("{who}/{}", i + 1),
            title: e.title,
            file_name: e.file_name,
            page_count: e.page_count,
        })
        .collect();
    Ok(BundleView {
        account_reference: account.reference,
        kind_label: BundleKind::parse(&b.kind, "kind")?.label(),
        section_list: parse_sections(&sections)?,
        exhibits,
        bundle: b,
    })
}

/// A bundle as the Bundle builder shows it. The view is written to the audit log (the bundle, naming its
/// account).
pub fn court_bundle(db: &Db, ctx: &Ctx, bundle_id: &str) -> Result<BundleView> {
    let view = db.read(|tx| view_of(tx, load_bundle(tx, bundle_id)?))?;
    record_view(db, ctx, bundle_viewed(&view.bundle.id, &view.bundle.account_id))?;
    Ok(view)
}

fn bundle_viewed<'a>(bundle_id: &'a str, account_id: &'a str) -> Viewed<'a> {
    Viewed {
        kind: ViewKind::CourtBundle,
        entity: "court_bundles",
        entity_id: bundle_id,
        party_id: None,
        account_id: Some(account_id),
    }
}

fn load_bundle(conn: &Connection, id: &str) -> Result<BundleRow> {
    store::bundle(conn, id)?.ok_or_else(|| Error::NotFound(format!("bundle {id}")))
}

/// The sums a remedy is founded on: each year at the liability order stage, what it owes now and when its
/// oldest unpaid sum fell due.
fn components(conn: &Connection, account_id: &str) -> Result<Vec<(OrderComponent, Component)>> {
    Ok(store::order_components(conn, account_id)?
        .into_iter()
        .map(|c| {
            let component = Component {
                label: format!("Liability order {}", financial_year_label(c.financial_year)),
                due_on: c.due_on,
                outstanding: c.outstanding,
            };
            (c, component)
        })
        .collect())
}

/// The checks a kind of bundle must pass (T46, T47, T49), as JSON to keep with the bundle. Refused when one fails.
fn kind_checks(
    conn: &Connection,
    ctx: &Ctx,
    account: &accounts::Account,
    kind: BundleKind,
) -> Result<serde_json::Value> {
    let tables = crate::db::rule_values::load(conn)?;
    let parts = components(conn, &account.id)?;
    let comps: Vec<Component> = parts.iter().map(|(_, c)| c.clone()).collect();
    let needs_order = || -> Result<()> {
        if comps.is_empty() {
            return Err(Error::Refused {
                rule: "SI 1992/613 Part VI".into(),
                reason: format!("account {} has no liability order: get one first", account.reference),
            });
        }
        Ok(())
    };
    Ok(match kind {
        BundleKind::Contested => serde_json::json!({"kind": "contested"}),
        BundleKind::Committal => {
            let organisation =
                accounts::parties_of(conn, &account.id)?.iter().filter(|p| p.role.is_liable()).all(|p| {
                    parties::get(conn, &p.party_id)
                        .ok()
                        .flatten()
                        .is_some_and(|(x, _)| x.kind == Some(PartyKind::Organisation))
                });
            check_committal(account.jurisdiction, account.debt_type, organisation)?;
            needs_order()?;
            serde_json::json!({"kind": "committal", "jurisdiction": account.jurisdiction,
                               "rule": "SI 1992/613 reg 47 (England only since 1 April 2019, WSI 2019/220)"})
        }
        BundleKind::Insolvency => {
            needs_order()?;
            let c = check_bankruptcy(&comps, account.debt_type, account.jurisdiction, ctx.today, &tables)?;
            serde_json::to_value(&c).map_err(|e| Error::Internal(e.to_string()))?
        }
        BundleKind::ChargingOrder => {
            needs_order()?;
            let c = check_charging_order(&comps, account.debt_type, account.jurisdiction, ctx.today, &tables)?;
            serde_json::to_value(&c).map_err(|e| Error::Internal(e.to_string()))?
        }
    })
}

/// The account's story for the statement: bills, notices, summonses, orders, payments.
fn chronology(conn: &Connection, account_id: &str) -> Result<Vec<DatedEvent>> {
    let mut events: Vec<DatedEvent> = Vec::new();
    for (_, _, title, on) in store::account_documents(conn, account_id)? {
        events.push(DatedEvent { on, event: format!("{title} issued") });
    }
    for (on, stage, _) in store::stage_history(conn, account_id)? {
        if matches!(stage, Stage::Summons | Stage::LiabilityOrder | Stage::EnforcementAgent | Stage::Arrangement) {
            let event = match stage {
                Stage::LiabilityOrder => "Liability order made".to_string(),
                Stage::Arrangement => "Payment arrangement agreed".to_string(),
                Stage::EnforcementAgent => "Referred to enforcement agents".to_string(),
                other => other.label().to_string(),
            };
            events.push(DatedEvent { on, event });
        }
    }
    for e in store::ledger(conn, account_id)? {
        let on = crate::db::date(&e.effective_on)?;
        let year = e.financial_year.map(financial_year_label).unwrap_or_default();
        let what = match e.kind {
            LedgerKind::Charge => format!("Charge for {year} of {}", format_money(e.amount)),
            LedgerKind::Payment => format!("Payment of {} received", format_money(-e.amount)),
            LedgerKind::Cost => format!("Costs of {} added ({year})", format_money(e.amount)),
            _ => continue,
        };
        events.push(DatedEvent { on, event: what });
    }
    events.sort_by_key(|e| e.on);
    Ok(events)
}

/// Prepares a draft bundle: refuses it if the kind's checks fail (T46, T47, T49, a liability order for the
/// remedies), renders the witness statement from its template (the officer may edit it), and stores it.
pub fn prepare_court_bundle(db: &Db, ctx: &Ctx, input: PrepareBundleInput) -> Result<BundleView> {
    ctx.require(Permission::CourtWork)?;
    let kind = BundleKind::parse(&input.kind, "kind")?;
    let officer = input.officer_name.trim();
    if officer.is_empty() {
        return Err(Error::validation("officerName", "name the officer whose statement it is"));
    }
    let sections = match &input.sections {
        Some(list) => parse_sections(list)?,
        None => BundleSection::ALL.to_vec(),
    };
    let id = db.write(|tx| {
        let account = accounts::by_reference(tx, input.account_reference.trim())?
            .ok_or_else(|| Error::NotFound(format!("account {}", input.account_reference.trim())))?;
        let checks = kind_checks(tx, ctx, &account, kind)?;
        let hearing = input.hearing_id.as_deref().map(|h| load_hearing(tx, h)).transpose()?;
        let court_name = match (&hearing, &input.court) {
            (Some(h), _) => h.court_name.clone(),
            (None, Some(c)) if !c.trim().is_empty() => c.trim().to_string(),
            _ => match kind {
                BundleKind::Insolvency | BundleKind::ChargingOrder => "the County Court".to_string(),
                _ => "the magistrates' court".to_string(),
            },
        };
        let orders = store::liability_orders(tx, &account.id)?;
        let balance = accounts::balance(tx, &account.id)?;
        let mut remedies = Vec::new();
        for (on, stage, reason) in store::stage_history(tx, &account.id)? {
            if matches!(
                stage,
                Stage::AttachmentOfEarnings
                    | Stage::DeductionFromBenefit
                    | Stage::EnforcementAgent
                    | Stage::Arrangement
            ) {
                remedies.push(format!(
                    "{} from {}{}",
                    stage.label(),
                    format_date(on, false),
                    if reason.is_empty() { String::new() } else { format!(": {reason}") }
                ));
            }
        }
        let facts = LetterFacts {
            officer_name: Some(officer.to_string()),
            officer_title: input.officer_title.clone().filter(|t| !t.trim().is_empty()),
            court: Some(CourtFacts {
                kind: kind.as_str().to_string(),
                proceedings: kind.label().to_string(),
                court: court_name.clone(),
                liability_orders: orders
                    .iter()
                    .map(|o| OrderFacts {
                        year: financial_year_label(o.financial_year),
                        court: o.court.clone(),
                        made_on: o.made_on,
                        amount: o.amount,
                    })
                    .collect(),
                chronology: chronology(tx, &account.id)?,
                outstanding: balance,
                remedies,
            }),
            ..LetterFacts::default()
        };
        let input_letter = crate::api::letters::LetterInput {
            template_name: STATEMENT_TEMPLATE.into(),
            account_id: account.id.clone(),
            party_id: None,
            facts,
            duplex: false,
        };
        let (t, _) = crate::api::letters::current_template(tx, STATEMENT_TEMPLATE)?;
        let (data, _) = crate::api::letters::merge_data(tx, ctx, &input_letter, &t)?;
        let statement = template::render(&template::environment(), &t, &data)?;
        let section_codes: Vec<&str> = sections.iter().map(|s| s.as_str()).collect();
        let id = store::insert_bundle(
            tx,
            ctx,
            &store::NewBundle {
                account_id: &account.id,
                kind: kind.as_str(),
                hearing_id: hearing.as_ref().map(|h| h.id.as_str()),
                sections: &serde_json::to_string(&section_codes).map_err(|e| Error::Internal(e.to_string()))?,
                officer_name: officer,
                officer_title: input.officer_title.as_deref().unwrap_or("").trim(),
                statement: &statement,
                court: &court_name,
                template_name: &t.header.name,
                template_version: t.header.version,
                checks: &checks.to_string(),
            },
        )?;
        audit::record(
            tx,
            ctx,
            "prepare_court_bundle",
            "court_bundles",
            &id,
            None,
            Some(&account.id),
            serde_json::json!({"kind": kind.as_str()}),
        )?;
        Ok(id)
    })?;
    court_bundle(db, ctx, &id)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EditBundleInput {
    pub bundle_id: String,
    /// The sections in their new order.
    #[serde(default)]
    pub sections: Option<Vec<String>>,
    /// The witness statement as the officer edited it (letter markup).
    #[serde(default)]
    pub statement: Option<String>,
}

/// Chooses and reorders a draft's sections, or edits its witness statement (checked as letter markup).
pub fn edit_court_bundle(db: &Db, ctx: &Ctx, input: EditBundleInput) -> Result<BundleView> {
    ctx.require(Permission::CourtWork)?;
    db.write(|tx| {
        let b = load_bundle(tx, &input.bundle_id)?;
        if b.status != "draft" {
            return Err(Error::Conflict("the bundle was issued: prepare a new one".into()));
        }
        let sections = match &input.sections {
            Some(list) => {
                let s = parse_sections(list)?;
                serde_json::to_string(&s.iter().map(|x| x.as_str()).collect::<Vec<_>>())
                    .map_err(|e| Error::Internal(e.to_string()))?
            }
            None => b.sections.clone(),
        };
        let statement = match &input.statement {
            Some(s) => {
                markup::parse(s)
                    .map_err(|e| Error::validation("statement", format!("line {}: {}", e.line, e.message)))?;
                s.clone()
            }
            None => b.statement.clone(),
        };
        store::update_bundle(tx, ctx, &b.id, &sections, &statement)?;
        audit::record(
            tx,
            ctx,
            "edit_court_bundle",
            "court_bundles",
            &b.id,
            None,
            Some(&b.account_id),
            serde_json::json!({"sections": input.sections.is_some(), "statement": input.statement.is_some()}),
        )
    })?;
    court_bundle(db, ctx, &input.bundle_id)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddExhibitInput {
    pub bundle_id: String,
    pub title: String,
    pub file_name: String,
    /// The PDF, base64.
    pub content_base64: String,
}

/// Adds a PDF exhibit to a draft bundle (over IPC: base64).
pub fn add_bundle_exhibit(db: &Db, ctx: &Ctx, input: AddExhibitInput) -> Result<BundleView> {
    ctx.require(Permission::CourtWork)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.content_base64.trim())
        .map_err(|e| Error::validation("contentBase64", format!("not base64: {e}")))?;
    add_bundle_exhibit_file(db, ctx, &input.bundle_id, &input.title, &input.file_name, &bytes)
}

/// Adds a PDF exhibit to a draft bundle: refused if it is not a PDF this program can read or it is encrypted.
pub fn add_bundle_exhibit_file(
    db: &Db,
    ctx: &Ctx,
    bundle_id: &str,
    title: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<BundleView> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::validation("title", "say what the exhibit is"));
    }
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| Error::validation("file", format!("{file_name} is not a PDF this program can read: {e}")))?;
    if doc.is_encrypted() {
        return Err(Error::validation("file", format!("{file_name} is password-protected: save an unprotected copy")));
    }
    let pages = doc.get_pages().len();
    if pages == 0 {
        return Err(Error::validation("file", format!("{file_name} has no pages")));
    }
    db.write(|tx| {
        let b = load_bundle(tx, bundle_id)?;
        if b.status != "draft" {
            return Err(Error::Conflict("the bundle was issued: prepare a new one".into()));
        }
        let id = store::insert_exhibit(tx, ctx, &b.id, &b.account_id, title, file_name, bytes, pages)?;
        audit::record(
            tx,
            ctx,
            "add_bundle_exhibit",
            "court_bundle_exhibits",
            &id,
            None,
            Some(&b.account_id),
            serde_json::json!({"bundle_id": b.id, "pages": pages}),
        )
    })?;
    court_bundle(db, ctx, bundle_id)
}

// ------------------------------------------------------------------------------------------------ the PDF

/// One entry of the index: a section (or a notice or exhibit within one) and its pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BundleIndexEntry {
    /// "3" for a section, "5.2" within one.
    pub number: String,
    pub title: String,
    pub first_page: usize,
    pub last_page: usize,
    pub children: Vec<BundleIndexEntry>,
}

/// A bundle as a PDF, with its index.
#[derive(Clone, Debug, Serialize)]
pub struct BundlePdf {
    pub title: String,
    pub page_count: usize,
    pub index: Vec<BundleIndexEntry>,
    #[serde(skip)]
    pub pdf: Vec<u8>,
}

/// A part of a section: a generated document or a PDF merged in, with its title when it is listed on its own.
enum Piece {
    Generated(Vec<Block>),
    Pdf(Vec<u8>),
}

struct Part {
    title: Option<String>,
    piece: Piece,
}

struct Built {
    section: BundleSection,
    /// A schedule of the parts under it (notices, exhibits) at the front, re-made once the pages are known.
    schedule: bool,
    parts: Vec<Part>,
}

fn span(t: &str) -> Vec<Span> {
    vec![Span { text: t.to_string(), bold: false }]
}

fn labelled(label: &str, value: &str) -> Vec<Span> {
    vec![Span { text: format!("{label}: "), bold: true }, Span { text: value.to_string(), bold: false }]
}

fn cells(kind: RowKind, cells: &[&str]) -> Row {
    Row { kind, cells: cells.iter().map(|c| span(c)).collect() }
}

fn one_line(a: &Option<Address>) -> String {
    a.as_ref().map(|a| a.one_line()).unwrap_or_else(|| "no address held".into())
}

/// Everything a bundle shows, read in one transaction.
struct Facts {
    bundle: BundleRow,
    kind: BundleKind,
    account: accounts::Account,
    council: String,
    defendants: Vec<(String, String, bool)>,
    hearing: Option<store::HearingRow>,
    years: Vec<accounts::YearBalance>,
    balance: Money,
    stage: Option<Stage>,
    ledger: Vec<accounts::LedgerEntry>,
    stages: Vec<(NaiveDate, Stage, String)>,
    notices: Vec<(String, NaiveDate, Vec<u8>)>,
    notes: Vec<(String, String, String)>,
    holds: Vec<holds::HoldRow>,
    hold_today: Option<String>,
    orders: Vec<store::LiabilityOrderRow>,
    components: Vec<OrderComponent>,
    exhibits: Vec<store::ExhibitRow>,
    income_expenditure: Option<String>,
    sections: Vec<BundleSection>,
}

fn gather(conn: &Connection, ctx: &Ctx, bundle_id: &str) -> Result<Facts> {
    let bundle = load_bundle(conn, bundle_id)?;
    let kind = BundleKind::parse(&bundle.kind, "kind")?;
    let account =
        accounts::by_id(conn, &bundle.account_id)?.ok_or_else(|| Error::NotFound("the bundle's account".into()))?;
    let mut defendants = Vec::new();
    let mut notes = Vec::new();
    let mut first_party = None;
    for p in accounts::parties_of(conn, &account.id)?.into_iter().filter(|p| p.role.is_liable()) {
        let address = parties::get(conn, &p.party_id)?.and_then(|(_, a)| a);
        defendants.push((p.name.clone(), one_line(&address), p.role == crate::model::Role::JointAndSeveral));
        for n in parties::notes(conn, &p.party_id, 500)? {
            if n.account_id.is_none() || n.account_id.as_deref() == Some(account.id.as_str()) {
                notes.push((n.created_at.clone(), n.created_by.clone(), n.body.clone()));
            }
        }
        first_party.get_or_insert(p.party_id.clone());
    }
    notes.sort();
    let joint = defendants.len() > 1;
    for d in &mut defendants {
        d.2 = joint;
    }
    let mut notices = Vec::new();
    for (id, _, title, on) in store::account_documents(conn, &account.id)? {
        if let Some((pdf, _)) = letters_store::document_pdf(conn, &id)? {
            notices.push((title, on, pdf));
        }
    }
    let engine = crate::api::recovery::Engine::load(conn, ctx.today)?;
    let hold_today = match crate::api::recovery::refuse_if_held(conn, &engine, &account.id, None) {
        Ok(()) => None,
        Err(Error::Refused { rule, reason }) => Some(format!("{reason} ({rule})")),
        Err(e) => return Err(e),
    };
    let sections: Vec<String> = serde_json::from_str(&bundle.sections).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Facts {
        kind,
        council: settings::council_profile(conn)?.name,
        hearing: bundle.hearing_id.as_deref().map(|h| load_hearing(conn, h)).transpose()?,
        years: accounts::balances_by_year(conn, &account.id)?,
        balance: accounts::balance(conn, &account.id)?,
        stage: accounts::current_stage(conn, &account.id)?.map(|(s, _)| s),
        ledger: store::ledger(conn, &account.id)?,
        stages: store::stage_history(conn, &account.id)?,
        notices,
        notes,
        holds: holds::covering_account(conn, &account.id)?,
        hold_today,
        orders: store::liability_orders(conn, &account.id)?,
        components: store::order_components(conn, &account.id)?,
        exhibits: store::exhibits(conn, &bundle.id)?,
        income_expenditure: match &first_party {
            Some(p) => crate::db::income_expenditure::latest_id(conn, p)?,
            None => None,
        },
        sections: parse_sections(&sections)?,
        defendants,
        account,
        bundle,
    })
}

fn summary(f: &Facts, today: NaiveDate) -> Vec<Block> {
    let names: Vec<String> = f
        .defendants
        .iter()
        .map(|(n, _, j)| if *j { format!("{n} (jointly and severally liable)") } else { n.clone() })
        .collect();
    let mut body = vec![
        Block::Heading(span("Case summary")),
        Block::Subheading(span(&format!("{} v {}", f.council, names.join(" and ")))),
    ];
    let mut rows = vec![
        labelled("Proceedings", f.kind.label()),
        labelled(
            "Court",
            &match &f.hearing {
                Some(h) => format!(
                    "{}, {}, {} at {}",
                    h.court_name,
                    h.court_address,
                    format_date(h.hearing_on, false),
                    h.hearing_time
                ),
                None => "to be listed".into(),
            },
        ),
        labelled(
            "Account",
            &format!("{} · {} · {}", f.account.reference, f.account.debt_type.label(), f.account.jurisdiction.label()),
        ),
        labelled("Defendant(s)", &names.join("; ")),
    ];
    for (n, a, _) in &f.defendants {
        rows.push(labelled(&format!("Address for service of {n}"), a));
    }
    rows.push(labelled("Property", &one_line(&f.account.property)));
    rows.push(labelled("Recovery stage", f.stage.map(|s| s.label()).unwrap_or("none recorded")));
    rows.push(labelled(
        "Outstanding",
        &format!("{} (costs included) on {}", format_money(f.balance), format_date(today, false)),
    ));
    rows.push(labelled("Prepared by", &f.bundle.officer_name));
    body.push(Block::Table(rows.into_iter().map(|c| Row { kind: RowKind::Body, cells: vec![c] }).collect()));
    body.push(Block::Subheading(span("Balance by year")));
    let mut table = vec![cells(RowKind::Header, &["Year", "Charged", "Costs", "Paid", "Balance"])];
    for y in &f.years {
        table.push(cells(
            RowKind::Body,
            &[
                &y.financial_year.map(financial_year_label).unwrap_or_else(|| "No year".into()),
                &format_money(y.charged),
                &format_money(y.costs),
                &format_money(-y.paid),
                &format_money(y.balance),
            ],
        ));
    }
    table.push(cells(RowKind::Total, &["Total", "", "", "", &format_money(f.balance)]));
    body.push(Block::Table(table));
    body.push(Block::Subheading(span("Checks made for these proceedings")));
    match f.kind {
        BundleKind::Committal => body.push(Block::Bullet(span(&format!(
            "Committal is available: the account is in {} and the defendant is an individual (SI 1992/613 reg 47; \
             not in Wales since 1 April 2019, WSI 2019/220). The enforcement agent's report that goods were \
             insufficient must be exhibited (the precondition in reg 47).",
            f.account.jurisdiction.label()
        )))),
        BundleKind::Insolvency | BundleKind::ChargingOrder => {
            let (what, threshold) = if f.kind == BundleKind::Insolvency {
                ("a bankruptcy petition (Insolvency Act 1986 s267(4); Bolsover v Ashfield Nominees [2010] EWCA Civ 1129)", "£5,000.00")
            } else {
                ("a charging order (SI 1992/613 reg 50(1)(c))", "£1,000.00")
            };
            let counted: Money = f.components.iter().map(|c| c.outstanding).sum();
            body.push(Block::Bullet(span(&format!(
                "Threshold for {what}: at least {threshold}; the liability order sums within 6 years come to {} (checked \
                 when the bundle was prepared).",
                format_money(counted)
            ))));
            for c in &f.components {
                body.push(Block::Bullet(span(&format!(
                    "{}: {} outstanding; oldest unpaid sum due {}",
                    financial_year_label(c.financial_year),
                    format_money(c.outstanding),
                    format_date(c.due_on, false)
                ))));
            }
        }
        BundleKind::Contested => body.push(Block::Bullet(span(
            "A contested hearing: the bench decides whether the sum became payable and is unpaid (SI 1992/613 reg 34(6)); \
             inability to pay is not a defence; liability and banding disputes are for the Valuation Tribunal.",
        ))),
    }
    body.push(Block::Bullet(span(&match &f.hold_today {
        None => format!(
            "Holds: none in force on {} (Breathing Space, insolvency, death, dispute).",
            format_date(today, false)
        ),
        Some(h) => format!("Holds: {h}"),
    })));
    body
}

fn orders_section(f: &Facts) -> Vec<Block> {
    let mut body = vec![Block::Heading(span("Liability orders"))];
    if f.orders.is_empty() {
        let from_stages: Vec<&(NaiveDate, Stage, String)> =
            f.stages.iter().filter(|(_, s, _)| *s == Stage::LiabilityOrder).collect();
        if from_stages.is_empty() {
            body.push(Block::Paragraph(span("No liability order has been made on this account.")));
        }
        for (on, _, reason) in from_stages {
            body.push(Block::Bullet(span(&format!("{}: {reason}", format_date(*on, false)))));
        }
        return body;
    }
    let mut table = vec![cells(RowKind::Header, &["Year, court and date of the order", "Debt", "Costs", "Order"])];
    let mut total = Money::ZERO;
    for o in &f.orders {
        total += o.amount;
        let debt = if o.costs_only { Money::ZERO } else { o.amount - o.summons_costs - o.liability_order_costs };
        table.push(cells(
            RowKind::Body,
            &[
                &format!(
                    "{}: {}, {}{}",
                    financial_year_label(o.financial_year),
                    o.court,
                    format_date(o.made_on, false),
                    if o.costs_only { " (costs only, reg 34(8))" } else { "" }
                ),
                &format_money(debt),
                &format_money(o.amount - debt),
                &format_money(o.amount),
            ],
        ));
    }
    table.push(cells(RowKind::Total, &["Total of the orders", "", "", &format_money(total)]));
    body.push(Block::Table(table));
    body.push(Block::Paragraph(span(
        "Each order was made on the council's complaint under SI 1992/613 regs 34 and 35, in the bulk order for the \
         court's list; the endorsed list is kept against the hearing.",
    )));
    body
}

fn account_section(f: &Facts) -> Vec<Block> {
    let mut body = vec![Block::Heading(span("Statement of account"))];
    let mut years: Vec<Option<i32>> = f.ledger.iter().map(|e| e.financial_year).collect();
    years.sort();
    years.dedup();
    for year in years {
        let label = year.map(financial_year_label).unwrap_or_else(|| "Entries with no year".into());
        body.push(Block::Subheading(span(&label)));
        let mut table = vec![cells(RowKind::Header, &["Date and entry", "Amount", "Balance"])];
        let mut running = Money::ZERO;
        for e in f.ledger.iter().filter(|e| e.financial_year == year) {
            running += e.amount;
            let on = crate::db::date(&e.effective_on).map(|d| format_date(d, false)).unwrap_or(e.effective_on.clone());
            let mut what = e.kind.label().to_string();
            if !e.method.is_empty() {
                what.push_str(&format!(" ({})", e.method.replace('_', " ")));
            }
            if !e.reference.is_empty() {
                what.push_str(&format!(" {}", e.reference));
            }
            table.push(cells(
                RowKind::Body,
                &[&format!("{on} · {what}"), &format_money(e.amount), &format_money(running)],
            ));
        }
        table.push(cells(RowKind::Total, &["Balance", "", &format_money(running)]));
        body.push(Block::Table(table));
    }
    body
}

fn history_section(f: &Facts) -> Vec<Block> {
    let mut body = vec![Block::Heading(span("Payment and contact history")), Block::Subheading(span("Payments"))];
    let payments: Vec<&accounts::LedgerEntry> =
        f.ledger.iter().filter(|e| matches!(e.kind, LedgerKind::Payment | LedgerKind::Refund)).collect();
    if payments.is_empty() {
        body.push(Block::Paragraph(span("No payment has been received.")));
    } else {
        let mut table = vec![cells(RowKind::Header, &["Date, year and method", "Amount"])];
        let mut total = Money::ZERO;
        for e in payments {
            total += -e.amount;
            let on = crate::db::date(&e.effective_on).map(|d| format_date(d, false)).unwrap_or(e.effective_on.clone());
            table.push(cells(
                RowKind::Body,
                &[
                    &format!(
                        "{on} · {} · {}",
                        e.financial_year.map(financial_year_label).unwrap_or_default(),
                        e.method.replace('_', " ")
                    ),
                    &format_money(-e.amount),
                ],
            ));
        }
        table.push(cells(RowKind::Total, &["Total received", &format_money(total)]));
        body.push(Block::Table(table));
    }
    body.push(Block::Subheading(span("Recovery steps")));
    for (on, stage, reason) in &f.stages {
        body.push(Block::Bullet(span(&format!(
            "{}: {}{}",
            format_date(*on, false),
            stage.label(),
            if reason.is_empty() { String::new() } else { format!(" ({reason})") }
        ))));
    }
    body.push(Block::Subheading(span("Contact notes")));
    if f.notes.is_empty() {
        body.push(Block::Paragraph(span("No contact is recorded.")));
    }
    for (at, by, text) in &f.notes {
        body.push(Block::Bullet(span(&format!("{} ({by}): {text}", at.get(..10).unwrap_or(at)))));
    }
    body
}

fn holds_section(f: &Facts, today: NaiveDate) -> Vec<Block> {
    let mut body = vec![Block::Heading(span("Holds and vulnerability checks"))];
    body.push(Block::Paragraph(span(&match &f.hold_today {
        None => format!(
            "Checked on {}: no Breathing Space, mental health crisis moratorium, insolvency, death or dispute hold is in \
             force on this account or on anyone liable on it.",
            format_date(today, false)
        ),
        Some(h) => format!("Checked on {}: {h}.", format_date(today, false)),
    })));
    body.push(Block::Subheading(span("Holds recorded")));
    if f.holds.is_empty() {
        body.push(Block::Paragraph(span("None.")));
    }
    for h in &f.holds {
        let until = match (h.released_on, h.ends_on) {
            (Some(r), _) => format!(", released {}", format_date(r, false)),
            (None, Some(e)) => format!(" until {}", format_date(e, false)),
            (None, None) => String::new(),
        };
        let mut text = format!("{}: from {}{until}", h.kind.label(), format_date(h.starts_on, false));
        if !h.reason.is_empty() {
            text.push_str(&format!(". {}", h.reason));
        }
        if !h.evidence.is_empty() {
            text.push_str(&format!(". Evidence: {}", h.evidence));
        }
        body.push(Block::Bullet(span(&text)));
    }
    body.push(Block::Subheading(span("Vulnerability")));
    let reviews: Vec<&holds::HoldRow> = f.holds.iter().filter(|h| h.kind == HoldKind::VulnerabilityReview).collect();
    if reviews.is_empty() {
        body.push(Block::Paragraph(span(
            "No vulnerability review is recorded. The officer confirms in the witness statement what was checked.",
        )));
    }
    for r in reviews {
        body.push(Block::Bullet(span(&format!(
            "Vulnerability review from {}{}: {}",
            format_date(r.starts_on, false),
            r.review_on.map(|d| format!(", review by {}", format_date(d, false))).unwrap_or_default(),
            r.reason
        ))));
    }
    body
}

/// The schedule at the front of the notices or exhibits: each part with its pages.
fn schedule(title: &str, intro: &str, entries: &[(String, usize, usize)]) -> Vec<Block> {
    let mut table = vec![cells(RowKind::Header, &["Document", "Pages"])];
    for (t, a, b) in entries {
        table.push(cells(RowKind::Body, &[t, &pages_text(*a, *b)]));
    }
    vec![Block::Heading(span(title)), Block::Paragraph(span(intro)), Block::Table(table)]
}

fn pages_text(a: usize, b: usize) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}–{b}")
    }
}

fn build(f: &Facts, statement: &[Block], ie_pdf: Option<Vec<u8>>, today: NaiveDate) -> Vec<Built> {
    let who = initials(&f.bundle.officer_name);
    let generated = |blocks: Vec<Block>| Part { title: None, piece: Piece::Generated(blocks) };
    f.sections
        .iter()
        .map(|s| {
            let (schedule, parts) = match s {
                BundleSection::Summary => (false, vec![generated(summary(f, today))]),
                BundleSection::Statement => (false, vec![generated(statement.to_vec())]),
                BundleSection::Orders => (false, vec![generated(orders_section(f))]),
                BundleSection::Account => (false, vec![generated(account_section(f))]),
                BundleSection::History => (false, vec![generated(history_section(f))]),
                BundleSection::Holds => (false, vec![generated(holds_section(f, today))]),
                BundleSection::IncomeExpenditure => match &ie_pdf {
                    Some(pdf) => (false, vec![Part { title: None, piece: Piece::Pdf(pdf.clone()) }]),
                    None => (
                        false,
                        vec![generated(vec![
                            Block::Heading(span("Income and expenditure")),
                            Block::Paragraph(span("No income and expenditure statement is held for the defendant.")),
                        ])],
                    ),
                },
                BundleSection::Notices => (
                    true,
                    f.notices
                        .iter()
                        .map(|(title, on, pdf)| Part {
                            title: Some(format!("{title}, {}", format_date(*on, false))),
                            piece: Piece::Pdf(pdf.clone()),
                        })
                        .collect(),
                ),
                BundleSection::Exhibits => (
                    true,
                    f.exhibits
                        .iter()
                        .enumerate()
                        .map(|(i, e)| Part {
                            title: Some(format!("Exhibit {who}/{}: {}", i + 1, e.title)),
                            piece: Piece::Pdf(e.pdf.clone()),
                        })
                        .collect(),
                ),
            };
            Built { section: *s, schedule, parts }
        })
        .collect()
}

/// Lays out generated blocks as a PDF document of the bundle.
fn render(f: &Facts, section: &str, blocks: Vec<Block>, today: NaiveDate) -> Result<lopdf::Document> {
    let doc = Document {
        header: format!("{} · Court bundle · {}", f.council, f.kind.label()),
        reference: f.account.reference.clone(),
        footer: section.to_string(),
        body: blocks,
    };
    let pages = layout_document(&doc);
    pdf::document(&pages, &PdfMeta { title: section, author: &f.council, subject: "Court bundle", date: today }, None)
}

fn load(pdf: &[u8], what: &str) -> Result<lopdf::Document> {
    lopdf::Document::load_mem(pdf).map_err(|e| Error::Internal(format!("{what}: the stored PDF cannot be read: {e}")))
}

fn index_blocks(f: &Facts, entries: &[BundleIndexEntry]) -> Vec<Block> {
    let names: Vec<&str> = f.defendants.iter().map(|(n, _, _)| n.as_str()).collect();
    let mut table = vec![cells(RowKind::Header, &["Section", "Pages"])];
    table.push(cells(RowKind::Body, &["Index", &pages_text(1, entries.first().map_or(1, |e| e.first_page - 1))]));
    for e in entries {
        table.push(cells(
            RowKind::Body,
            &[&format!("{}. {}", e.number, e.title), &pages_text(e.first_page, e.last_page)],
        ));
        for c in &e.children {
            // No-break spaces indent the documents under their section (plain spaces would be dropped).
            table.push(cells(
                RowKind::Body,
                &[&format!("\u{a0}\u{a0}\u{a0}\u{a0}{} {}", c.number, c.title), &pages_text(c.first_page, c.last_page)],
            ));
        }
    }
    vec![
        Block::Heading(span("Court bundle: index")),
        Block::Subheading(span(&format!("{} v {}", f.council, names.join(" and ")))),
        Block::Paragraph(labelled("Proceedings", f.kind.label())),
        Block::Paragraph(labelled(
            "Court",
            &f.hearing
                .as_ref()
                .map(|h| format!("{}, {} at {}", h.court_name, format_date(h.hearing_on, false), h.hearing_time))
                .unwrap_or_else(|| format!("{} (hearing to be listed)", f.bundle.court)),
        )),
        Block::Paragraph(labelled("Account", &f.account.reference)),
        Block::Table(table),
        Block::Paragraph(span("Every page carries its bundle page number at the foot.")),
    ]
}

/// Builds the bundle's PDF: each section laid out or loaded, the index and the schedules numbered once the
/// pages are known (laid out again until their own length stops changing), every page stamped, bookmarks made.
fn bundle_pdf_from(f: &Facts, ie_pdf: Option<Vec<u8>>, today: NaiveDate) -> Result<BundlePdf> {
    let statement_blocks = markup::parse(&f.bundle.statement)
        .map_err(|e| Error::validation("statement", format!("line {}: {}", e.line, e.message)))?;
    let built = build(f, &statement_blocks, ie_pdf, today);
    // Each part's document and page count; a section with a schedule gets it first (re-made below).
    let mut docs: Vec<Vec<lopdf::Document>> = Vec::new();
    for b in &built {
        let mut v = Vec::new();
        for p in &b.parts {
            v.push(match &p.piece {
                Piece::Generated(blocks) => render(f, b.section.title(), blocks.clone(), today)?,
                Piece::Pdf(bytes) => load(bytes, p.title.as_deref().unwrap_or(b.section.title()))?,
            });
        }
        docs.push(v);
    }
    let counts: Vec<Vec<usize>> = docs.iter().map(|v| v.iter().map(|d| d.get_pages().len()).collect()).collect();
    let mut schedule_pages: Vec<usize> = built.iter().map(|b| usize::from(b.schedule)).collect();
    let mut index_pages = 1usize;
    let mut schedules: Vec<Option<lopdf::Document>>;
    let mut index_doc;
    let mut entries;
    let mut rounds = 0;
    loop {
        rounds += 1;
        // Number everything from the current guesses of the index's and schedules' lengths.
        entries = Vec::new();
        let mut page = index_pages + 1;
        for (i, b) in built.iter().enumerate() {
            let first = page;
            page += schedule_pages[i];
            let mut children = Vec::new();
            for (j, p) in b.parts.iter().enumerate() {
                let n = counts[i][j];
                if let Some(t) = &p.title {
                    children.push(BundleIndexEntry {
                        number: format!("{}.{}", i + 1, children.len() + 1),
                        title: t.clone(),
                        first_page: page,
                        last_page: page + n - 1,
                        children: Vec::new(),
                    });
                }
                page += n;
            }
            entries.push(BundleIndexEntry {
                number: (i + 1).to_string(),
                title: b.section.title().to_string(),
                first_page: first,
                last_page: (page - 1).max(first),
                children,
            });
        }
        schedules = Vec::new();
        let mut changed = false;
        for (i, b) in built.iter().enumerate() {
            if !b.schedule {
                schedules.push(None);
                continue;
            }
            let rows: Vec<(String, usize, usize)> = entries[i]
                .children
                .iter()
                .map(|c| (format!("{} {}", c.number, c.title), c.first_page, c.last_page))
                .collect();
            let intro = match b.section {
                BundleSection::Notices if rows.is_empty() => "No letter or notice issued on this account is stored.".to_string(),
                BundleSection::Notices => "Copies of every letter and notice issued on the account, as sent (reprinted from the \
                                     council's records), in date order."
                    .to_string(),
                _ if rows.is_empty() => "No exhibit is attached.".to_string(),
                _ => format!(
                    "The exhibits referred to in the witness statement of {}, each as produced, with its own page numbers.",
                    f.bundle.officer_name
                ),
            };
            let doc = render(f, b.section.title(), schedule(b.section.title(), &intro, &rows), today)?;
            let n = doc.get_pages().len();
            if n != schedule_pages[i] {
                schedule_pages[i] = n;
                changed = true;
            }
            schedules.push(Some(doc));
        }
        index_doc = render(f, "Index", index_blocks(f, &entries), today)?;
        let n = index_doc.get_pages().len();
        if n != index_pages {
            index_pages = n;
            changed = true;
        }
        if !changed {
            break;
        }
        if rounds > 4 {
            return Err(Error::Internal("the bundle's index did not settle".into()));
        }
    }
    // Join, stamping every page with its bundle number.
    let total: usize = index_pages + schedule_pages.iter().sum::<usize>() + counts.iter().flatten().sum::<usize>();
    let mut joiner = Joiner::new();
    let mut next = 1usize;
    let mut add = |joiner: &mut Joiner, mut doc: lopdf::Document| -> Result<()> {
        let start = next;
        let n = stamp_pages(&mut doc, &mut |k| format!("Bundle page {} of {total}", start + k))?;
        next += n;
        joiner.add_counted(doc)?;
        Ok(())
    };
    add(&mut joiner, index_doc)?;
    for ((schedule, parts), _b) in schedules.into_iter().zip(docs).zip(&built) {
        if let Some(s) = schedule {
            add(&mut joiner, s)?;
        }
        for d in parts {
            add(&mut joiner, d)?;
        }
    }
    if next - 1 != total {
        return Err(Error::Internal(format!("the bundle has {} pages, its index counted {total}", next - 1)));
    }
    let outline: Vec<OutlineItem> = std::iter::once(OutlineItem { title: "Index".into(), page: 0, children: vec![] })
        .chain(entries.iter().map(|e| {
            OutlineItem {
                title: format!("{}. {}", e.number, e.title),
                page: e.first_page - 1,
                children: e
                    .children
                    .iter()
                    .map(|c| OutlineItem {
                        title: format!("{} {}", c.number, c.title),
                        page: c.first_page - 1,
                        children: vec![],
                    })
                    .collect(),
            }
        }))
        .collect();
    let title = format!("Court bundle: {} ({})", f.account.reference, f.kind.label());
    let pdf = joiner.finish_with_outline(&title, today, &outline)?;
    Ok(BundlePdf { title, page_count: total, index: entries, pdf })
}

/// The bundle as it would be issued now (a preview: nothing is stored but the view, in the audit log).
pub fn court_bundle_pdf(db: &Db, ctx: &Ctx, bundle_id: &str) -> Result<BundlePdf> {
    let f = db.read(|tx| gather(tx, ctx, bundle_id))?;
    record_view(db, ctx, bundle_viewed(bundle_id, &f.account.id))?;
    let ie = match &f.income_expenditure {
        Some(id) if f.sections.contains(&BundleSection::IncomeExpenditure) => {
            Some(crate::api::income_expenditure_summary_pdf(db, ctx, id)?)
        }
        _ => None,
    };
    bundle_pdf_from(&f, ie, ctx.today)
}

/// Issues a draft bundle: the kind's checks are made again on today's facts, the PDF is built and stored as a
/// document on the account, and the bundle is marked issued (one transaction for the store).
pub fn issue_court_bundle(db: &Db, ctx: &Ctx, bundle_id: &str) -> Result<BundlePdf> {
    ctx.require(Permission::CourtWork)?;
    let built = court_bundle_pdf(db, ctx, bundle_id)?;
    db.write(|tx| {
        let b = load_bundle(tx, bundle_id)?;
        if b.status != "draft" {
            return Err(Error::Conflict("the bundle was already issued".into()));
        }
        let account =
            accounts::by_id(tx, &b.account_id)?.ok_or_else(|| Error::NotFound("the bundle's account".into()))?;
        kind_checks(tx, ctx, &account, BundleKind::parse(&b.kind, "kind")?)?;
        let content = serde_json::json!({"bundle_id": b.id, "index": built.index}).to_string();
        let document_id = letters_store::insert_document(
            tx,
            ctx,
            &NewDocument {
                account_id: Some(&b.account_id),
                party_id: None,
                kind: "court_bundle",
                title: &built.title,
                template_name: &b.template_name,
                template_version: b.template_version,
                template_id: None,
                issued_on: &ctx.today.to_string(),
                content: &content,
                pdf: &built.pdf,
                page_count: built.page_count,
            },
        )?;
        store::set_bundle_issued(tx, ctx, &b.id, &document_id)?;
        audit::record(
            tx,
            ctx,
            "issue_court_bundle",
            "court_bundles",
            &b.id,
            None,
            Some(&b.account_id),
            serde_json::json!({"document_id": document_id, "pages": built.page_count}),
        )
    })?;
    Ok(built)
}
