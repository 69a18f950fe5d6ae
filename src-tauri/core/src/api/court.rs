//! The magistrates' court (issue 8): costs methodology records, hearings with the costs in force, the summons
//! run for a hearing (a recovery run that also checks the 14 days and the 6 years, charges the hearing's costs,
//! sends the summons letters and records each complaint), the morning refresh of the list, outcomes in bulk and
//! the endorsed list. The lists themselves (views, landscape PDF, CSV) are in `court/list.rs`; court bundles in
//! `court/bundle.rs`. recovery-rules.md §1.4, §1.12, §7; product.md §3.7.

pub mod bundle;
pub mod list;

pub use bundle::*;
pub use list::*;

use crate::access::Permission;
use crate::api::recovery::runs::preview_run_for;
use crate::api::recovery::{parse_date, parse_money, Engine, Evaluated, PreviewRunInput, RunView};
use crate::db::court::{self as store, HearingRow, ListingRow, MethodologyRow, NewHearing, NewMethodology};
use crate::db::instalments::LiabilityRow;
use crate::db::runs::{self as runs_store, AccountCase, Detail, Load};
use crate::db::{accounts, audit, calendar, settings, Ctx, Db, Tx};
use crate::error::{Error, Result};
use crate::letters::merge::{Hearing, LabelledAmount, LetterFacts};
use crate::model::{financial_year_label, DebtType, HoldKind, Jurisdiction, LedgerKind, Stage};
use crate::money::Money;
use crate::rules::calendar::Calendar;
use crate::rules::court::{
    check_complaint_in_time, check_fourteen_days, costs_in_force, line_status, methodology_costs, order_amount,
    CostsInForce, LineFacts, ListStatus, OfficerMark, ServiceByPost,
};
use crate::rules::selection::{Decision, Exclusion};
use crate::rules::timeline::Timeline;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The settings key of [`CourtSettings`].
pub const COURT_SETTINGS: &str = "court_settings";

/// The council's court choices. Every field has a default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct CourtSettings {
    /// When a summons sent by first class post is deemed served.
    pub service_by_post: ServiceByPost,
}

pub fn court_settings(db: &Db) -> Result<CourtSettings> {
    db.read(|tx| Ok(settings::get(tx, COURT_SETTINGS)?.unwrap_or_default()))
}

pub fn save_court_settings(db: &Db, ctx: &Ctx, input: CourtSettings) -> Result<CourtSettings> {
    ctx.require(Permission::EditTemplatesAndRules)?;
    if input.service_by_post.working_days > 10 {
        return Err(Error::validation("serviceByPost.workingDays", "at most 10 working days"));
    }
    db.write(|tx| {
        settings::put(tx, ctx, COURT_SETTINGS, &input)?;
        audit::record(tx, ctx, "save_court_settings", "settings", COURT_SETTINGS, None, None, serde_json::json!({}))
    })?;
    Ok(input)
}

/// A hearing's human reference, from its id (never a local counter): "CL-1A2B3C4D".
pub fn hearing_reference(id: &str) -> String {
    let hex: String = id.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    format!("CL-{}", hex[hex.len().saturating_sub(8)..].to_uppercase())
}

fn court_debt(text: Option<&str>, field: &str) -> Result<DebtType> {
    let debt = DebtType::parse(text.unwrap_or("council_tax"), field)?;
    if !matches!(debt, DebtType::CouncilTax | DebtType::BusinessRates) {
        return Err(Error::validation(field, "liability orders are for council tax and business rates only"));
    }
    Ok(debt)
}

// ------------------------------------------------------------------------------------- costs methodology

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PoolItemInput {
    pub label: String,
    pub amount: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CostsMethodologyInput {
    #[serde(default)]
    pub debt_type: Option<String>,
    pub jurisdiction: String,
    pub financial_year: i32,
    pub adopted_on: String,
    /// What the pool holds (staff time, court fees, printing, postage, overheads); they must sum to `cost_pool`
    /// when both are given.
    #[serde(default)]
    pub pool_items: Vec<PoolItemInput>,
    /// The year's cost pool (a decimal string); the items' sum if absent.
    #[serde(default)]
    pub cost_pool: Option<String>,
    pub summonses: u32,
    /// The share of the cost per case that the summons stage incurs, in whole per cent.
    pub summons_percent: u32,
    #[serde(default)]
    pub notes: String,
}

/// Records a new version of the year's costs methodology: the pool, the number of summonses, the split, and the
/// figures they give (rounded down to the penny, [`methodology_costs`]).
pub fn record_costs_methodology(db: &Db, ctx: &Ctx, input: CostsMethodologyInput) -> Result<MethodologyRow> {
    ctx.require(Permission::EditTemplatesAndRules)?;
    let debt = court_debt(input.debt_type.as_deref(), "debtType")?;
    let j = Jurisdiction::parse(&input.jurisdiction, "jurisdiction")?;
    if !(1993..=2100).contains(&input.financial_year) {
        return Err(Error::validation("financialYear", "a year such as 2026 (for 2026/27)"));
    }
    let adopted_on = parse_date(&input.adopted_on, "adoptedOn")?;
    let mut items = Vec::new();
    for (i, item) in input.pool_items.iter().enumerate() {
        if item.label.trim().is_empty() {
            return Err(Error::validation(format!("poolItems[{i}].label"), "say what the cost is"));
        }
        let amount = parse_money(&item.amount, &format!("poolItems[{i}].amount"))?;
        if amount.is_negative() {
            return Err(Error::validation(format!("poolItems[{i}].amount"), "cannot be negative"));
        }
        items.push(serde_json::json!({"label": item.label.trim(), "amount": amount}));
    }
    let items_sum: Money = input.pool_items.iter().filter_map(|i| Money::parse(i.amount.trim()).ok()).sum();
    let pool = match &input.cost_pool {
        Some(p) => {
            let pool = parse_money(p, "costPool")?;
            if !items.is_empty() && pool != items_sum {
                return Err(Error::validation(
                    "costPool",
                    format!("£{pool} is not the sum of the pool's items (£{items_sum})"),
                ));
            }
            pool
        }
        None if !items.is_empty() => items_sum,
        None => return Err(Error::validation("costPool", "give the year's cost pool or its items")),
    };
    let costs = methodology_costs(pool, input.summonses, input.summons_percent)?;
    let pool_items = serde_json::Value::Array(items).to_string();
    let id = db.write(|tx| {
        let (id, version) = store::insert_methodology(
            tx,
            ctx,
            &NewMethodology {
                jurisdiction: j,
                debt_type: debt,
                financial_year: input.financial_year,
                adopted_on,
                cost_pool: pool,
                summonses: input.summonses,
                summons_percent: input.summons_percent,
                summons_costs: costs.summons,
                liability_order_costs: costs.liability_order,
                pool_items: &pool_items,
                notes: input.notes.trim(),
            },
        )?;
        audit::record(
            tx,
            ctx,
            "record_costs_methodology",
            "court_costs_methodologies",
            &id,
            None,
            None,
            serde_json::json!({"version": version, "financial_year": input.financial_year}),
        )?;
        Ok(id)
    })?;
    db.read(|tx| store::methodology(tx, &id))?.ok_or_else(|| Error::Internal("methodology not stored".into()))
}

pub fn costs_methodologies(db: &Db) -> Result<Vec<MethodologyRow>> {
    db.read(|tx| store::methodologies(tx))
}

/// A costs methodology record as a printable document, the evidence of how the standard costs were built up
/// for the court or a defendant who asks (*Nicolson*).
pub fn costs_methodology_pdf(db: &Db, ctx: &Ctx, id: &str) -> Result<Vec<u8>> {
    use crate::letters::layout::{layout_document, Document};
    use crate::letters::markup::{Block, Row, RowKind, Span};
    use crate::letters::template::{format_date, format_money};
    let (m, council) = db.read(|tx| {
        Ok((
            store::methodology(tx, id)?.ok_or_else(|| Error::NotFound(format!("costs methodology {id}")))?,
            settings::council_profile(tx)?.name,
        ))
    })?;
    let span = |t: &str| vec![Span { text: t.to_string(), bold: false }];
    let row = |kind: RowKind, a: &str, b: &str| Row { kind, cells: vec![span(a), span(b)] };
    let items: Vec<(String, Money)> = serde_json::from_str::<Vec<serde_json::Value>>(&m.pool_items)
        .unwrap_or_default()
        .iter()
        .filter_map(|v| Some((v["label"].as_str()?.to_string(), Money::parse(v["amount"].as_str()?).ok()?)))
        .collect();
    let mut pool = vec![row(RowKind::Header, "The year's cost pool", "Amount")];
    for (label, amount) in &items {
        pool.push(row(RowKind::Body, label, &format_money(*amount)));
    }
    pool.push(row(RowKind::Total, "Cost pool", &format_money(m.cost_pool)));
    let per_case = Money::from_pence(m.cost_pool.pence() / m.summonses.max(1));
    let figures = vec![
        row(RowKind::Header, "How the standard costs are worked out", "Figure"),
        row(RowKind::Body, "Cost pool", &format_money(m.cost_pool)),
        row(RowKind::Body, "Summonses issued in the year (expected or actual)", &m.summonses.to_string()),
        row(
            RowKind::Body,
            "Cost per case: the pool ÷ the summonses, rounded down to the penny",
            &format_money(per_case),
        ),
        row(RowKind::Body, "Share incurred at the summons stage", &format!("{}%", m.summons_percent)),
        row(RowKind::Body, "Summons costs (the share, rounded down to the penny)", &format_money(m.summons_costs)),
        row(
            RowKind::Body,
            "Liability order costs (the rest of the cost per case)",
            &format_money(m.liability_order_costs),
        ),
        row(
            RowKind::Total,
            "Costs asked for when a liability order is made",
            &format_money(m.summons_costs + m.liability_order_costs),
        ),
    ];
    let mut body = vec![
        Block::Heading(span("Costs methodology record")),
        Block::Subheading(span(&format!(
            "{} · {} {} · {} · version {}",
            council,
            m.debt_type.label(),
            financial_year_label(m.financial_year),
            m.jurisdiction.label(),
            m.version
        ))),
        Block::Paragraph(span(&format!(
            "Adopted on {}. Recorded by {} at {}.",
            format_date(m.adopted_on, false),
            m.created_by,
            m.created_at.get(..10).unwrap_or(&m.created_at)
        ))),
        Block::Table(pool),
        Block::Table(figures),
        Block::Paragraph(span(
            "The costs are those reasonably incurred in obtaining a liability order (SI 1992/613 reg 34(7)(b)). They \
             are the council's aggregated direct and indirect costs of the recovery stages divided by the number of \
             summonses, the method accepted in Nicolson v Grant Thornton [2016] EWHC 710 (Admin); R (Nicolson) v \
             Tottenham Magistrates [2015] EWHC 1252 (Admin) requires the court to have enough information about how \
             the figure was built up, and the council to explain it to a defendant who asks.",
        )),
    ];
    if m.jurisdiction == Jurisdiction::Wales {
        body.push(Block::Paragraph(span(
            "Wales: the summons and liability order costs together may not exceed £70.00 (reg 34(7), Welsh proviso); a \
             hearing caps them when they do.",
        )));
    }
    if !m.notes.is_empty() {
        body.push(Block::Paragraph(span(&format!("Notes: {}", m.notes))));
    }
    let pages = layout_document(&Document {
        header: format!("{council} · Costs methodology record"),
        reference: format!("{} v{}", financial_year_label(m.financial_year), m.version),
        footer: "Evidence of costs (SI 1992/613 reg 34(7))".into(),
        body,
    });
    crate::letters::pdf::write(
        &pages,
        &crate::letters::pdf::PdfMeta {
            title: "Costs methodology record",
            author: &council,
            subject: "Evidence of costs",
            date: ctx.today,
        },
        None,
    )
}

// ------------------------------------------------------------------------------------------------ hearings

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HearingInput {
    pub court_name: String,
    pub court_address: String,
    /// Where the court sits; England if absent.
    #[serde(default)]
    pub jurisdiction: Option<String>,
    /// Council tax if absent.
    #[serde(default)]
    pub debt_type: Option<String>,
    pub hearing_on: String,
    /// 24-hour clock, "10:00".
    pub hearing_time: String,
    /// The officer authorised to give evidence for the council.
    pub authorised_officer: String,
    /// The costs methodology record the costs come from (the one in force on the day if absent).
    #[serde(default)]
    pub methodology_id: Option<String>,
    /// The costs, when the council sets them by hand (both or neither).
    #[serde(default)]
    pub summons_costs: Option<String>,
    #[serde(default)]
    pub liability_order_costs: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EditHearingInput {
    pub hearing_id: String,
    pub hearing: HearingInput,
}

/// A hearing as the Court screen shows it.
#[derive(Clone, Debug, Serialize)]
pub struct HearingView {
    #[serde(flatten)]
    pub hearing: HearingRow,
    pub reference: String,
    pub methodology: Option<MethodologyRow>,
    /// Why the costs are what they are: the cap that applied, a missing methodology.
    pub warnings: Vec<String>,
    pub complaints: i64,
    pub listed: i64,
    pub outcomes: i64,
    pub documents: Vec<store::HearingDocument>,
}

fn valid_time(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && t[..2].parse::<u32>().is_ok_and(|h| h < 24)
        && t[3..].parse::<u32>().is_ok_and(|m| m < 60)
        && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit)
}

/// The hearing's details checked, and the costs in force worked out (T48): the council's own figures, a
/// methodology record's, or the dated rule values; capped in Wales.
struct Checked {
    court_name: String,
    court_address: String,
    jurisdiction: Jurisdiction,
    debt: DebtType,
    hearing_on: NaiveDate,
    hearing_time: String,
    officer: String,
    methodology_id: Option<String>,
    costs: CostsInForce,
}

fn check_hearing(conn: &Connection, ctx: &Ctx, input: &HearingInput) -> Result<Checked> {
    let court_name = input.court_name.trim();
    if court_name.is_empty() {
        return Err(Error::validation("courtName", "name the court"));
    }
    if input.court_address.trim().is_empty() {
        return Err(Error::validation("courtAddress", "give the court's address"));
    }
    let officer = input.authorised_officer.trim();
    if officer.is_empty() {
        return Err(Error::validation("authorisedOfficer", "name the officer authorised to give evidence"));
    }
    let j = Jurisdiction::parse(input.jurisdiction.as_deref().unwrap_or("england"), "jurisdiction")?;
    let debt = court_debt(input.debt_type.as_deref(), "debtType")?;
    let hearing_on = parse_date(&input.hearing_on, "hearingOn")?;
    if hearing_on < ctx.today {
        return Err(Error::validation("hearingOn", format!("{hearing_on} has passed")));
    }
    let cal = calendar::load(conn)?;
    if !cal.is_working_day(hearing_on) {
        return Err(Error::validation("hearingOn", format!("{hearing_on} is a weekend day or a bank holiday")));
    }
    let time = input.hearing_time.trim();
    if !valid_time(time) {
        return Err(Error::validation("hearingTime", format!("'{time}' is not a time: write 10:00")));
    }
    let tables = crate::db::rule_values::load(conn)?;
    let methodology = match &input.methodology_id {
        Some(id) => {
            let m = store::methodology(conn, id)?.ok_or_else(|| Error::NotFound(format!("costs methodology {id}")))?;
            if m.jurisdiction != j || m.debt_type != debt {
                return Err(Error::validation(
                    "methodologyId",
                    format!("that record is for {} {}", m.jurisdiction.label(), m.debt_type.label()),
                ));
            }
            Some(m)
        }
        None => store::methodology_in_force(conn, debt, j, hearing_on)?,
    };
    let (summons, lo) = match (&input.summons_costs, &input.liability_order_costs) {
        (Some(s), Some(l)) => (parse_money(s, "summonsCosts")?, parse_money(l, "liabilityOrderCosts")?),
        (Some(_), None) => return Err(Error::validation("liabilityOrderCosts", "give both costs, or neither")),
        (None, Some(_)) => return Err(Error::validation("summonsCosts", "give both costs, or neither")),
        (None, None) => match &methodology {
            Some(m) => (m.summons_costs, m.liability_order_costs),
            None => {
                let prefix = if debt == DebtType::CouncilTax { "council_tax" } else { "business_rates" };
                (
                    tables.money(&format!("{prefix}.summons_costs"), j, hearing_on)?,
                    tables.money(&format!("{prefix}.liability_order_costs"), j, hearing_on)?,
                )
            }
        },
    };
    for (field, m) in [("summonsCosts", summons), ("liabilityOrderCosts", lo)] {
        if m.is_negative() {
            return Err(Error::validation(field, "cannot be negative"));
        }
    }
    // The Welsh proviso to reg 34(7) is in the council tax regulations.
    let cap =
        if debt == DebtType::CouncilTax { tables.money("council_tax.costs_cap", j, hearing_on).ok() } else { None };
    let costs = costs_in_force(summons, lo, cap, methodology.is_some());
    Ok(Checked {
        court_name: court_name.to_string(),
        court_address: input.court_address.trim().to_string(),
        jurisdiction: j,
        debt,
        hearing_on,
        hearing_time: time.to_string(),
        officer: officer.to_string(),
        methodology_id: methodology.map(|m| m.id),
        costs,
    })
}

fn new_hearing<'a>(c: &'a Checked, note: &'a str) -> NewHearing<'a> {
    NewHearing {
        court_name: &c.court_name,
        court_address: &c.court_address,
        jurisdiction: c.jurisdiction,
        debt_type: c.debt,
        hearing_on: c.hearing_on,
        hearing_time: &c.hearing_time,
        authorised_officer: &c.officer,
        methodology_id: c.methodology_id.as_deref(),
        summons_costs: c.costs.summons,
        liability_order_costs: c.costs.liability_order,
        costs_note: note,
    }
}

/// Lists a hearing with the costs in force at it.
pub fn create_hearing(db: &Db, ctx: &Ctx, input: HearingInput) -> Result<HearingView> {
    ctx.require(Permission::CourtWork)?;
    let id = db.write(|tx| {
        let c = check_hearing(tx, ctx, &input)?;
        let note = c.costs.warnings.join(" ");
        let id = store::insert_hearing(tx, ctx, &new_hearing(&c, &note))?;
        audit::record(
            tx,
            ctx,
            "create_hearing",
            "court_hearings",
            &id,
            None,
            None,
            serde_json::json!({"hearing_on": c.hearing_on, "summons_costs_pence": c.costs.summons.pence(),
                               "liability_order_costs_pence": c.costs.liability_order.pence()}),
        )?;
        Ok(id)
    })?;
    court_hearing(db, &id)
}

/// Changes a hearing not yet heard. Once summonses name it, its court's jurisdiction, debt type and costs stay
/// as they were, and a new date must still leave every defendant 14 days after service (T12).
pub fn edit_hearing(db: &Db, ctx: &Ctx, input: EditHearingInput) -> Result<HearingView> {
    ctx.require(Permission::CourtWork)?;
    db.write(|tx| {
        let old = load_hearing(tx, &input.hearing_id)?;
        if old.status != "listed" {
            return Err(Error::Conflict(format!("the hearing is {}: it can no longer be changed", old.status)));
        }
        let c = check_hearing(tx, ctx, &input.hearing)?;
        let (complaints, _, _) = store::hearing_counts(tx, &old.id)?;
        if complaints > 0 {
            if c.jurisdiction != old.jurisdiction || c.debt != old.debt_type {
                return Err(Error::Conflict("summonses name this hearing: its court and debt type stay".into()));
            }
            if c.costs.summons != old.summons_costs || c.costs.liability_order != old.liability_order_costs {
                return Err(Error::Conflict(
                    "summonses name this hearing with its costs: the costs in force cannot change now".into(),
                ));
            }
            let engine = Engine::load(tx, ctx.today)?;
            let too_soon: Vec<String> = store::listings(tx, &old.id, None)?
                .into_iter()
                .filter(|l| {
                    crate::rules::council_tax::earliest_liability_order_hearing(l.deemed_served_on, &engine.policy).on
                        > c.hearing_on
                })
                .map(|l| l.account_reference)
                .collect();
            if !too_soon.is_empty() {
                return Err(Error::Refused {
                    rule: "SI 1992/613 reg 35(2A)".into(),
                    reason: format!(
                        "{} would not have had 14 days after service by {}: {}",
                        if too_soon.len() == 1 { "1 defendant" } else { "some defendants" },
                        c.hearing_on,
                        too_soon.join(", ")
                    ),
                });
            }
        }
        let note = c.costs.warnings.join(" ");
        store::update_hearing(tx, ctx, &old.id, &new_hearing(&c, &note))?;
        audit::record(tx, ctx, "edit_hearing", "court_hearings", &old.id, None, None, serde_json::json!({}))
    })?;
    court_hearing(db, &input.hearing_id)
}

fn load_hearing(conn: &Connection, id: &str) -> Result<HearingRow> {
    store::hearing(conn, id)?.ok_or_else(|| Error::NotFound(format!("hearing {id}")))
}

pub fn court_hearing(db: &Db, id: &str) -> Result<HearingView> {
    db.read(|tx| {
        let h = load_hearing(tx, id)?;
        let methodology = h.methodology_id.as_deref().map(|m| store::methodology(tx, m)).transpose()?.flatten();
        let (complaints, listed, outcomes) = store::hearing_counts(tx, id)?;
        let warnings = if h.costs_note.is_empty() { Vec::new() } else { vec![h.costs_note.clone()] };
        Ok(HearingView {
            reference: hearing_reference(&h.id),
            documents: store::hearing_documents(tx, id)?,
            hearing: h,
            methodology,
            warnings,
            complaints,
            listed,
            outcomes,
        })
    })
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HearingsInput {
    /// Hearings on or after this day; 90 days ago if absent.
    #[serde(default)]
    pub since: Option<String>,
}

pub fn court_hearings(db: &Db, ctx: &Ctx, input: HearingsInput) -> Result<Vec<HearingRow>> {
    let since = match &input.since {
        Some(d) => parse_date(d, "since")?,
        None => ctx.today - chrono::Days::new(90),
    };
    db.read(|tx| store::hearings_since(tx, since))
}

// ------------------------------------------------------------------------------------------------ summons run

/// A summons run's hearing, as the run sees it: the court's checks on every case, the costs it charges, the
/// letter it sends and the complaint it records.
pub struct SummonsHearing {
    pub hearing: HearingRow,
    calendar: Calendar,
    service: ServiceByPost,
}

/// What a committed summons item made, for its complaint record.
pub(crate) struct SummonsIssued<'a> {
    pub run_id: &'a str,
    pub item_id: &'a str,
    pub account_id: &'a str,
    pub liability_id: &'a str,
    pub debt: Money,
    pub costs: Money,
    pub cost_entry_id: Option<&'a str>,
    pub stage_id: &'a str,
    pub oldest_due_on: Option<NaiveDate>,
    pub documents: &'a [String],
}

impl SummonsHearing {
    /// The hearing a run is for: it must be listed, for this debt type, and still to come.
    pub(crate) fn load(conn: &Connection, engine: &Engine, hearing_id: &str, debt: DebtType) -> Result<SummonsHearing> {
        let hearing = load_hearing(conn, hearing_id)?;
        if hearing.status != "listed" {
            return Err(Error::Conflict(format!("the hearing on {} is {}", hearing.hearing_on, hearing.status)));
        }
        if hearing.debt_type != debt {
            return Err(Error::validation(
                "hearingId",
                format!("the hearing is for {}, not {}", hearing.debt_type.label(), debt.label()),
            ));
        }
        if hearing.hearing_on <= engine.today {
            return Err(Error::Conflict(format!("the hearing on {} is not after today", hearing.hearing_on)));
        }
        let settings: CourtSettings = settings::get(conn, COURT_SETTINGS)?.unwrap_or_default();
        Ok(SummonsHearing { hearing, calendar: calendar::load(conn)?, service: settings.service_by_post })
    }

    /// The summons letter for the debt type (business rates have none shipped yet: no letter is sent).
    pub(crate) fn template(&self, debt: DebtType) -> Option<&'static str> {
        (debt == DebtType::CouncilTax).then_some("ct_summons_cover")
    }

    pub(crate) fn summons_costs(&self) -> Money {
        self.hearing.summons_costs
    }

    /// The court's checks on a case the engine selected: the court's jurisdiction, the 6 years (T14) on the
    /// oldest unpaid sum, and 14 days after deemed service of a summons posted today (T12).
    pub(crate) fn check(&self, engine: &Engine, case: &AccountCase, e: &Evaluated, d: &mut Decision) -> Result<()> {
        if !d.selected {
            return Ok(());
        }
        let mut out = |exclusion: Exclusion, reason: String, rule: &str, regulation: String| {
            d.selected = false;
            d.exclusion = Some(exclusion);
            d.needs_decision = exclusion == Exclusion::Limitation;
            d.reason = reason;
            d.rule = rule.to_string();
            d.regulation = regulation;
        };
        if case.jurisdiction != self.hearing.jurisdiction {
            out(
                Exclusion::OtherCourt,
                format!(
                    "the account is in {}; the hearing at {} is in {}",
                    case.jurisdiction.label(),
                    self.hearing.court_name,
                    self.hearing.jurisdiction.label()
                ),
                "court_jurisdiction",
                "Magistrates' Courts Act 1980 s52".into(),
            );
            return Ok(());
        }
        let allocation = engine.allocate(case);
        let oldest = allocation
            .years
            .iter()
            .find(|y| y.liability_id == e.liability_id)
            .and_then(|y| y.instalments.iter().filter(|i| i.unpaid.pence() > 0).map(|i| i.due_on).min());
        if let Some(due) = oldest {
            if let Err(Error::Refused { rule, reason }) =
                check_complaint_in_time(case.debt_type, case.jurisdiction, due, engine.today, &engine.tables)
            {
                out(Exclusion::Limitation, reason, "limitation", rule);
                return Ok(());
            }
        }
        match check_fourteen_days(engine.today, self.hearing.hearing_on, self.service, &self.calendar, &engine.policy) {
            Ok(_) => Ok(()),
            Err(Error::Refused { rule, reason }) => {
                out(Exclusion::TooSoonForHearing, reason, "fourteen_days_after_service", rule);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// The summons covering letter's facts: the hearing, what is owed and the costs so far.
    pub(crate) fn letter_facts(&self, l: &LiabilityRow, t: &Timeline, costs: Money) -> LetterFacts {
        let h = &self.hearing;
        LetterFacts {
            financial_year: Some(l.financial_year),
            amount_due: Some(t.balance),
            amounts: Some(vec![LabelledAmount {
                label: format!("{} {} unpaid", l.debt_type.label(), financial_year_label(l.financial_year)),
                amount: t.balance,
            }]),
            costs: Some(costs),
            total: Some(t.balance + costs),
            hearing: Some(Hearing {
                court: h.court_name.clone(),
                address: h.court_address.clone(),
                date: h.hearing_on,
                time: h.hearing_time.clone(),
            }),
            officer_name: Some(h.authorised_officer.clone()),
            ..LetterFacts::default()
        }
    }

    /// Records the complaint and lists it at the hearing, in the commit's transaction. The summons is posted
    /// first class on the day of the run.
    pub(crate) fn record_complaint(&self, tx: &Tx, ctx: &Ctx, s: &SummonsIssued) -> Result<()> {
        let posted = ctx.today;
        let deemed = crate::rules::court::deemed_service(posted, self.service, &self.calendar);
        let (complaint, listing) = store::insert_complaint(
            tx,
            ctx,
            &store::NewComplaint {
                hearing_id: &self.hearing.id,
                run_id: Some(s.run_id),
                run_item_id: Some(s.item_id),
                account_id: s.account_id,
                liability_id: s.liability_id,
                complaint_on: ctx.today,
                posted_on: posted,
                service_method: "first_class_post",
                deemed_served_on: deemed,
                oldest_due_on: s.oldest_due_on,
                debt: s.debt,
                summons_costs: s.costs,
                summons_cost_entry_id: s.cost_entry_id,
                stage_id: Some(s.stage_id),
                document_ids: s.documents,
            },
        )?;
        audit::record(
            tx,
            ctx,
            "commit_run",
            "court_complaints",
            &complaint,
            None,
            Some(s.account_id),
            serde_json::json!({"hearing_id": self.hearing.id, "listing_id": listing, "run_id": s.run_id,
                               "deemed_served_on": deemed}),
        )
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SummonsRunInput {
    pub hearing_id: String,
    /// Only these accounts (references).
    #[serde(default)]
    pub account_references: Option<Vec<String>>,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub minimum_amount: Option<String>,
}

/// Previews a summons run for a hearing: every candidate in or out with the reason, including the court's
/// refusals (T12: too soon for the 14 days; T14: out of time; the other jurisdiction). Authorise and commit it
/// as any run ([`crate::api::authorise_run`], [`crate::api::commit_run`]): the commit adds the hearing's
/// summons costs, sends the summons letters and records each complaint on the hearing's list.
pub fn preview_summons_run(db: &Db, ctx: &Ctx, input: SummonsRunInput) -> Result<RunView> {
    ctx.require(Permission::PrepareRuns)?;
    preview_summons_run_with_progress(db, ctx, input, &mut |_| {})
}

/// [`preview_summons_run`] reporting its progress (the Court screen's progress bar).
pub fn preview_summons_run_with_progress(
    db: &Db,
    ctx: &Ctx,
    input: SummonsRunInput,
    progress: &mut dyn FnMut(crate::api::RecoveryRunProgress),
) -> Result<RunView> {
    ctx.require(Permission::PrepareRuns)?;
    let debt = db.read(|tx| Ok(load_hearing(tx, &input.hearing_id)?.debt_type))?;
    preview_run_for(
        db,
        ctx,
        PreviewRunInput {
            run_type: "summons".into(),
            debt_type: debt.as_str().into(),
            account_references: input.account_references,
            limit: input.limit,
            minimum_amount: input.minimum_amount,
        },
        Some(&input.hearing_id),
        progress,
    )
}

// ------------------------------------------------------------------------------------------------ the day

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarkListingInput {
    pub hearing_id: String,
    pub account_reference: String,
    /// `withdrawn`, `disputed`, or `none` to clear a mark.
    pub mark: String,
    #[serde(default)]
    pub reason: String,
}

/// Marks an account's case(s) on a hearing's list as withdrawn or disputed (or clears the mark); the list is
/// refreshed in the same transaction.
pub fn mark_listing(db: &Db, ctx: &Ctx, input: MarkListingInput) -> Result<CourtListView> {
    ctx.require(Permission::CourtWork)?;
    let mark = match input.mark.trim().to_ascii_lowercase().as_str() {
        "withdrawn" => Some(OfficerMark::Withdrawn),
        "disputed" => Some(OfficerMark::Disputed),
        "none" | "" => None,
        other => return Err(Error::validation("mark", format!("'{other}' is not one of: withdrawn, disputed, none"))),
    };
    let reason = input.reason.trim();
    if mark.is_some() && reason.is_empty() {
        return Err(Error::validation("reason", "say why"));
    }
    db.write(|tx| {
        let h = load_hearing(tx, &input.hearing_id)?;
        let ids = store::listing_ids_of_account(tx, &h.id, input.account_reference.trim())?;
        if ids.is_empty() {
            return Err(Error::validation(
                "accountReference",
                format!("{} is not on the list for the hearing on {}", input.account_reference.trim(), h.hearing_on),
            ));
        }
        for id in &ids {
            store::set_listing_mark(tx, ctx, id, mark, reason)?;
            audit::record(
                tx,
                ctx,
                "mark_listing",
                "court_listings",
                id,
                None,
                None,
                serde_json::json!({"mark": mark.map(store::mark_code)}),
            )?;
        }
        refresh_in(tx, ctx, &h)?;
        Ok(())
    })?;
    court_list(db, ctx, CourtListInput { hearing_id: input.hearing_id, order: None, kind: None })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HearingIdInput {
    pub hearing_id: String,
}

/// The morning refresh: every case on the list not yet decided is looked at again on today's ledger, holds and
/// arrangements (paid in full, debt paid but not the costs, held, withdrawn, disputed, in an arrangement, part-paid)
/// and its status and amounts saved, in one transaction. Returns the list as refreshed.
pub fn refresh_court_list(db: &Db, ctx: &Ctx, input: HearingIdInput) -> Result<CourtListView> {
    ctx.require(Permission::CourtWork)?;
    db.write(|tx| {
        let h = load_hearing(tx, &input.hearing_id)?;
        let n = refresh_in(tx, ctx, &h)?;
        audit::record(
            tx,
            ctx,
            "refresh_court_list",
            "court_hearings",
            &h.id,
            None,
            None,
            serde_json::json!({"listings": n}),
        )
    })?;
    court_list(db, ctx, CourtListInput { hearing_id: input.hearing_id, order: None, kind: None })
}

/// Each undecided listing's status on today's facts. Returns how many were looked at.
fn refresh_in(tx: &Tx, ctx: &Ctx, h: &HearingRow) -> Result<usize> {
    let lines = decide_lines(tx, ctx, h)?;
    for (l, line) in &lines {
        if l.status != line.status
            || l.debt_now != line.debt_now
            || l.costs_now != line.costs_now
            || l.status_reason != line.reason
            || l.refreshed_on != Some(ctx.today)
        {
            store::update_listing_status(tx, ctx, &l.id, line.status, &line.reason, line.debt_now, line.costs_now)?;
        }
    }
    Ok(lines.len())
}

/// The undecided listings of a hearing with where each stands today.
fn decide_lines(conn: &Connection, ctx: &Ctx, h: &HearingRow) -> Result<Vec<(ListingRow, crate::rules::court::Line)>> {
    let listings: Vec<ListingRow> =
        store::listings(conn, &h.id, None)?.into_iter().filter(|l| l.outcome.is_none()).collect();
    let engine = Engine::load(conn, ctx.today)?;
    let mut wanted: HashMap<String, HashSet<String>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for l in &listings {
        if !wanted.contains_key(&l.account_id) {
            order.push(l.account_id.clone());
        }
        wanted.entry(l.account_id.clone()).or_default().insert(l.liability_id.clone());
    }
    let mut evaluated: HashMap<String, (AccountCase, Vec<Evaluated>)> = HashMap::new();
    for chunk in order.chunks(2000) {
        let part: HashMap<String, HashSet<String>> = chunk.iter().map(|a| (a.clone(), wanted[a].clone())).collect();
        for case in runs_store::load_cases(conn, chunk, Detail::Only(&part), Load::default())? {
            let e = engine.evaluate(&case, Some(&part[&case.account_id]))?;
            evaluated.insert(case.account_id.clone(), (case, e));
        }
    }
    let mut out = Vec::with_capacity(listings.len());
    for l in listings {
        let Some((case, evals)) = evaluated.get(&l.account_id) else {
            continue;
        };
        let sums = case.liabilities.iter().find(|x| x.row.id == l.liability_id).map(|x| x.sums).unwrap_or_default();
        let e = evals.iter().find(|e| e.liability_id == l.liability_id);
        let hold_reason = e.and_then(|e| e.hold.as_ref()).map(|h| {
            let until = h.until.map(|u| format!(" until {u}")).unwrap_or_default();
            (format!("{}{until}: {}", h.kind.label(), h.reason), matches!(h.kind, HoldKind::Dispute | HoldKind::Appeal))
        });
        let line = line_status(&LineFacts {
            debt_at_summons: l.debt_at_summons,
            summons_costs: l.summons_costs,
            charged_now: sums.charged + sums.other,
            costs_now: sums.costs,
            credited_now: sums.credited,
            hold: hold_reason.as_ref().map(|(r, d)| (r.as_str(), *d)),
            arrangement_since: e.and_then(|e| e.arrangement_since),
            mark: l.mark.map(|m| (m, l.mark_reason.as_str())),
        });
        out.push((l, line));
    }
    Ok(out)
}

// ------------------------------------------------------------------------------------------------ outcomes

/// What the court decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourtOutcome {
    Granted,
    Withdrawn,
    Adjourned,
    Refused,
}

impl CourtOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            CourtOutcome::Granted => "granted",
            CourtOutcome::Withdrawn => "withdrawn",
            CourtOutcome::Adjourned => "adjourned",
            CourtOutcome::Refused => "refused",
        }
    }

    pub fn parse(text: &str, field: &str) -> Result<CourtOutcome> {
        match text.trim().to_ascii_lowercase().as_str() {
            "granted" => Ok(CourtOutcome::Granted),
            "withdrawn" => Ok(CourtOutcome::Withdrawn),
            "adjourned" => Ok(CourtOutcome::Adjourned),
            "refused" => Ok(CourtOutcome::Refused),
            other => Err(Error::validation(
                field,
                format!("'{other}' is not one of: granted, withdrawn, adjourned, refused"),
            )),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IndividualOutcomeInput {
    pub account_reference: String,
    pub outcome: String,
    /// Whether the defendant came to court (or was represented).
    #[serde(default)]
    pub attended: bool,
    #[serde(default)]
    pub notes: String,
    /// For `adjourned`: the hearing it goes to; adjourned generally if absent.
    #[serde(default)]
    pub adjourned_to_hearing_id: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordOutcomesInput {
    pub hearing_id: String,
    /// What the bench decided on the bulk application: every case that proceeds and was not heard on its own.
    pub bulk: String,
    /// For a bulk adjournment: the hearing the cases go to.
    #[serde(default)]
    pub adjourned_to_hearing_id: Option<String>,
    /// Defendants who attended or wrote in and were dealt with on their own.
    #[serde(default)]
    pub individual: Vec<IndividualOutcomeInput>,
}

/// What the outcomes did.
#[derive(Clone, Debug, Serialize)]
pub struct OutcomesView {
    pub hearing_id: String,
    pub granted: usize,
    pub withdrawn: usize,
    pub adjourned: usize,
    pub refused: usize,
    /// The liability orders' total (debt and costs).
    pub orders_total: Money,
    pub liability_order_costs: Money,
    /// The endorsed list stored against the hearing.
    pub endorsed_document_id: String,
    pub list: CourtListView,
}

/// Records the hearing's outcomes in one transaction: the list is refreshed first; each case heard on its own
/// gets its own outcome; every other case that proceeds gets the bulk outcome; cases that do not proceed are
/// withdrawn (paid, arrangement, withdrawn) or adjourned generally (held, disputed), with the reason. A grant
/// makes a liability order for the debt and the costs (or the costs alone, reg 34(8)), adds the liability order
/// costs to the ledger and moves the year to the liability order stage; an adjournment lists the case at the new
/// hearing. The endorsed list is stored against the hearing, which is then heard.
pub fn record_court_outcomes(db: &Db, ctx: &Ctx, input: RecordOutcomesInput) -> Result<OutcomesView> {
    ctx.require(Permission::CourtWork)?;
    let bulk = CourtOutcome::parse(&input.bulk, "bulk")?;
    let mut individual: HashMap<String, (CourtOutcome, &IndividualOutcomeInput)> = HashMap::new();
    for (i, o) in input.individual.iter().enumerate() {
        let outcome = CourtOutcome::parse(&o.outcome, &format!("individual[{i}].outcome"))?;
        if individual.insert(o.account_reference.trim().to_string(), (outcome, o)).is_some() {
            return Err(Error::validation(
                format!("individual[{i}].accountReference"),
                format!("{} is given twice", o.account_reference.trim()),
            ));
        }
    }
    let (counts, total, lo_total, document_id) = db.write(|tx| {
        let h = load_hearing(tx, &input.hearing_id)?;
        if h.status != "listed" {
            return Err(Error::Conflict(format!("the hearing on {} is {}", h.hearing_on, h.status)));
        }
        if ctx.today < h.hearing_on {
            return Err(Error::Conflict(format!(
                "the hearing is on {}: record its outcomes on or after",
                h.hearing_on
            )));
        }
        let adjourn_to = |id: &Option<String>, field: &str| -> Result<Option<HearingRow>> {
            match id {
                None => Ok(None),
                Some(id) => {
                    let to = store::hearing(tx, id)?.ok_or_else(|| Error::NotFound(format!("hearing {id}")))?;
                    if to.id == h.id || to.hearing_on <= h.hearing_on || to.status != "listed" {
                        return Err(Error::validation(field, "adjourn to a later hearing that is still listed"));
                    }
                    if to.debt_type != h.debt_type || to.jurisdiction != h.jurisdiction {
                        return Err(Error::validation(field, "adjourn to a hearing of the same court and debt type"));
                    }
                    Ok(Some(to))
                }
            }
        };
        let bulk_to = adjourn_to(&input.adjourned_to_hearing_id, "adjournedToHearingId")?;
        let lines = decide_lines(tx, ctx, &h)?;
        if lines.is_empty() {
            return Err(Error::Conflict("no case on the list is waiting for an outcome".into()));
        }
        for reference in individual.keys() {
            if !lines.iter().any(|(l, _)| &l.account_reference == reference) {
                return Err(Error::validation(
                    "individual",
                    format!("{reference} is not on the list waiting for an outcome"),
                ));
            }
        }
        let (mut counts, mut total, mut lo_total) = ([0usize; 4], Money::ZERO, Money::ZERO);
        for (l, line) in &lines {
            store::update_listing_status(tx, ctx, &l.id, line.status, &line.reason, line.debt_now, line.costs_now)?;
            let own = individual.get(&l.account_reference);
            let (outcome, reason, to) = match own {
                Some((o, given)) => {
                    let to = adjourn_to(&given.adjourned_to_hearing_id, "individual.adjournedToHearingId")?;
                    (*o, format!("heard individually: {}", given.notes.trim()), to)
                }
                None if line.status.proceeds() => (bulk, "bulk application".to_string(), bulk_to.clone()),
                None => match line.status {
                    ListStatus::Held | ListStatus::Disputed => {
                        (CourtOutcome::Adjourned, format!("adjourned generally: {}", line.reason), None)
                    }
                    _ => (CourtOutcome::Withdrawn, line.reason.clone(), None),
                },
            };
            if outcome == CourtOutcome::Granted && !line.status.proceeds() {
                return Err(Error::Refused {
                    rule: line.regulation.to_string(),
                    reason: format!(
                        "{} {} cannot have a liability order: {}",
                        l.account_reference,
                        financial_year_label(l.financial_year),
                        line.reason
                    ),
                });
            }
            let mut order = Money::ZERO;
            let mut lo_costs = Money::ZERO;
            let mut cost_entry = None;
            let mut stage = None;
            let mut adjourned_listing = None;
            match outcome {
                CourtOutcome::Granted => {
                    let (amount, costs) = order_amount(line, h.liability_order_costs);
                    order = amount;
                    lo_costs = costs;
                    let today = ctx.today.to_string();
                    if costs.pence() > 0 {
                        cost_entry = Some(accounts::insert_entry(
                            tx,
                            ctx,
                            &accounts::NewEntry {
                                account_id: &l.account_id,
                                liability_id: Some(&l.liability_id),
                                kind: Some(LedgerKind::Cost),
                                amount: costs,
                                posted_on: &today,
                                effective_on: &today,
                                reference: &hearing_reference(&h.id),
                                reason: "Liability order costs (SI 1992/613 reg 34(7): costs reasonably incurred in \
                                         obtaining the order)",
                                ..Default::default()
                            },
                        )?);
                    }
                    stage = Some(accounts::insert_stage(
                        tx,
                        ctx,
                        &l.account_id,
                        Some(&l.liability_id),
                        Stage::LiabilityOrder,
                        &today,
                        &format!(
                            "Liability order for £{amount} made at {} on {} (SI 1992/613 reg 34(6){})",
                            h.court_name,
                            h.hearing_on,
                            if line.status == ListStatus::CostsOnly { "; costs only, reg 34(8)" } else { "" }
                        ),
                    )?);
                    total += amount;
                    lo_total += costs;
                }
                CourtOutcome::Adjourned => {
                    if let Some(to) = &to {
                        adjourned_listing = Some(store::insert_listing(
                            tx,
                            ctx,
                            &to.id,
                            &l.complaint_id,
                            &l.account_id,
                            Some(&l.id),
                            line.debt_now,
                            line.costs_now,
                        )?);
                    }
                }
                CourtOutcome::Withdrawn | CourtOutcome::Refused => {}
            }
            let given = own.map(|(_, g)| *g);
            let outcome_id = store::insert_outcome(
                tx,
                ctx,
                &store::NewOutcome {
                    listing_id: &l.id,
                    hearing_id: &h.id,
                    account_id: &l.account_id,
                    outcome: outcome.as_str(),
                    status_on_the_day: line.status,
                    order,
                    liability_order_costs: lo_costs,
                    cost_entry_id: cost_entry.as_deref(),
                    stage_id: stage.as_deref(),
                    adjourned_listing_id: adjourned_listing.as_deref(),
                    heard_individually: given.is_some(),
                    attended: given.is_some_and(|g| g.attended),
                    reason: &reason,
                    notes: given.map(|g| g.notes.trim()).unwrap_or(""),
                },
            )?;
            audit::record(
                tx,
                ctx,
                "record_court_outcomes",
                "court_outcomes",
                &outcome_id,
                None,
                Some(&l.account_id),
                serde_json::json!({"hearing_id": h.id, "outcome": outcome.as_str(), "order_pence": order.pence(),
                                   "status": line.status.as_str()}),
            )?;
            counts[outcome as usize] += 1;
        }
        store::set_hearing_heard(tx, ctx, &h.id)?;
        // The endorsed list, as the legal adviser marked it, kept against the hearing.
        let view = list::list_view(tx, ctx, &h, ListKind::Endorsed, ListOrder::Alphabetical)?;
        let pdf = list::render_court_list_pdf(&view)?;
        let document_id = list::store_list_document(tx, ctx, &view, &pdf, "endorsed_list")?;
        audit::record(
            tx,
            ctx,
            "record_court_outcomes",
            "court_hearings",
            &h.id,
            None,
            None,
            serde_json::json!({"granted": counts[0], "withdrawn": counts[1], "adjourned": counts[2],
                               "refused": counts[3], "orders_pence": total.pence(), "endorsed_list": document_id}),
        )?;
        Ok((counts, total, lo_total, document_id))
    })?;
    Ok(OutcomesView {
        hearing_id: input.hearing_id.clone(),
        granted: counts[0],
        withdrawn: counts[1],
        adjourned: counts[2],
        refused: counts[3],
        orders_total: total,
        liability_order_costs: lo_total,
        endorsed_document_id: document_id,
        list: court_list(
            db,
            ctx,
            CourtListInput { hearing_id: input.hearing_id, order: None, kind: Some("endorsed".into()) },
        )?,
    })
}
