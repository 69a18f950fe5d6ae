//! The lists of a hearing (recovery-rules.md §7.2): the **complaint list** sent to the court after the summons
//! run, the **court list** for the hearing day (refreshed on the morning: each case's status and what is owed
//! now) and the **endorsed list** after the outcomes. Each is a view (lines with the §7.2 fields, totals,
//! header fields), an A4 landscape PDF a legal adviser can mark up (set here on the letters engine's pages and
//! fonts: `letters::pdf`, `letters::fonts`), and a CSV.

use super::{hearing_reference, load_hearing};
use crate::access::Permission;
use crate::db::court::{self as store, Defendant, HearingRow, ListingRow};
use crate::db::letters::{self as letters_store, NewDocument};
use crate::db::{audit, settings, Ctx, Db, Tx};
use crate::error::{Error, Result};
use crate::letters::fonts::fonts;
use crate::letters::layout::{Item, Page};
use crate::letters::pdf::{self, PageSize, PdfMeta};
use crate::letters::template::{format_date, format_money};
use crate::model::{financial_year_label, DebtType, Role};
use crate::money::Money;
use crate::rules::court::{order_amount, ListStatus};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// Which list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// Sent to the court with the complaints: what each summons claims.
    Complaints,
    /// Handed up on the day: each case's status and what is owed now.
    Hearing,
    /// After the hearing: the result of each case, as the legal adviser marked it.
    Endorsed,
}

impl ListKind {
    pub fn parse(text: &str, field: &str) -> Result<ListKind> {
        match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "complaints" | "complaint" | "complaint_list" => Ok(ListKind::Complaints),
            "hearing" | "court" | "court_list" => Ok(ListKind::Hearing),
            "endorsed" | "endorsed_list" => Ok(ListKind::Endorsed),
            other => Err(Error::validation(field, format!("'{other}' is not one of: complaints, hearing, endorsed"))),
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ListKind::Complaints => "Schedule of complaints: applications for liability orders",
            ListKind::Hearing => "Court list: applications for liability orders",
            ListKind::Endorsed => "Endorsed court list: results of the applications for liability orders",
        }
    }
}

/// The order of the lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListOrder {
    /// By the first defendant's surname and forenames (then the reference): what the court reads from.
    Alphabetical,
    /// By account reference.
    Reference,
}

impl ListOrder {
    pub fn parse(text: &str, field: &str) -> Result<ListOrder> {
        match text.trim().to_ascii_lowercase().as_str() {
            "alphabetical" | "name" => Ok(ListOrder::Alphabetical),
            "reference" => Ok(ListOrder::Reference),
            other => Err(Error::validation(field, format!("'{other}' is not one of: alphabetical, reference"))),
        }
    }
}

/// A defendant as the list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListDefendant {
    pub name: String,
    /// Jointly and severally liable with the others on the line.
    pub joint_and_several: bool,
    pub address_for_service: String,
}

/// One case on a list: the fields of recovery-rules.md §7.2.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListLine {
    pub line: usize,
    pub listing_id: String,
    pub account_reference: String,
    pub defendants: Vec<ListDefendant>,
    pub property_address: String,
    pub debt_type: DebtType,
    /// "CT 2026/27".
    pub period: String,
    pub bill_date: Option<chrono::NaiveDate>,
    /// "Final notice 5 Oct 2026".
    pub last_notice: Option<String>,
    pub complaint_on: chrono::NaiveDate,
    pub summons_issued_on: chrono::NaiveDate,
    pub service_method: String,
    pub posted_on: chrono::NaiveDate,
    pub deemed_served_on: chrono::NaiveDate,
    pub adjourned_from: bool,
    pub debt_at_summons: Money,
    pub summons_costs: Money,
    /// The liability order costs claimed if the order is made (none for a costs-only order or a case that does
    /// not proceed).
    pub liability_order_costs: Money,
    /// Owed at the hearing (at the last refresh): the debt and the summons costs still unpaid, and their sum.
    pub debt_now: Money,
    pub costs_now: Money,
    pub at_hearing: Money,
    /// The order asked for: debt + costs, or the costs alone; zero when the case does not proceed.
    pub order_sought: Money,
    pub status: ListStatus,
    pub status_label: &'static str,
    pub status_reason: String,
    pub attended: Option<bool>,
    /// "granted", "withdrawn", "adjourned", "refused" once decided.
    pub result: Option<String>,
    pub result_text: Option<String>,
    pub order_granted: Option<Money>,
    pub notes: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListTotals {
    pub cases: usize,
    /// Cases the council asks the bench to decide (proceeding, part-paid, costs only).
    pub proceeding: usize,
    pub debt_at_summons: Money,
    pub summons_costs: Money,
    pub liability_order_costs: Money,
    pub at_hearing: Money,
    pub order_sought: Money,
    pub granted: usize,
    pub granted_total: Money,
    /// The header's "total sum" and "total costs": at the summons for the complaint list, of the cases that
    /// proceed for the hearing's lists.
    pub sum: Money,
    pub costs: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusCount {
    pub status: ListStatus,
    pub label: &'static str,
    pub cases: usize,
    pub at_hearing: Money,
}

/// A list with its header fields, lines and totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CourtListView {
    pub kind: ListKind,
    pub order: ListOrder,
    pub hearing: HearingRow,
    pub reference: String,
    pub authority: String,
    pub authority_address: String,
    pub prepared_on: chrono::NaiveDate,
    pub lines: Vec<ListLine>,
    pub totals: ListTotals,
    pub by_status: Vec<StatusCount>,
}

/// "1 case", "7 cases".
fn cases(n: usize) -> String {
    if n == 1 {
        "1 case".into()
    } else {
        format!("{n} cases")
    }
}

fn short(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn notice_label(stage: &str) -> &'static str {
    match stage {
        "reminder" => "Reminder",
        "second_reminder" => "Second reminder",
        "final_notice" => "Final notice",
        _ => "Notice",
    }
}

fn line_of(l: &ListingRow, defendants: &[Defendant], h: &HearingRow, kind: ListKind) -> ListLine {
    let joint = defendants.len() > 1 || defendants.iter().any(|d| d.role == Role::JointAndSeveral);
    let proceeds = l.status.proceeds() && kind != ListKind::Complaints;
    let lo_costs = match kind {
        ListKind::Complaints => h.liability_order_costs,
        _ if proceeds && l.status != ListStatus::CostsOnly => h.liability_order_costs,
        _ => Money::ZERO,
    };
    let line = crate::rules::court::Line {
        status: l.status,
        reason: l.status_reason.clone(),
        regulation: "",
        debt_now: l.debt_now,
        costs_now: l.costs_now,
    };
    let order_sought = match kind {
        ListKind::Complaints => l.debt_at_summons + l.summons_costs + h.liability_order_costs,
        _ if proceeds => order_amount(&line, h.liability_order_costs).0,
        _ => Money::ZERO,
    };
    let result_text = l.outcome.as_ref().map(|o| match o.outcome.as_str() {
        "granted" => format!("Granted\n{}", format_money(o.order)),
        "adjourned" => match o.adjourned_to_hearing_on {
            Some(d) => format!("Adjourned to\n{}", short(d)),
            None => "Adjourned\ngenerally".to_string(),
        },
        "withdrawn" => "Withdrawn".to_string(),
        "refused" => "Refused".to_string(),
        other => other.to_string(),
    });
    let code = match l.debt_type {
        DebtType::CouncilTax => "CT",
        DebtType::BusinessRates => "NNDR",
        _ => "",
    };
    ListLine {
        line: 0,
        listing_id: l.id.clone(),
        account_reference: l.account_reference.clone(),
        defendants: defendants
            .iter()
            .map(|d| ListDefendant {
                name: d.name.clone(),
                joint_and_several: joint,
                address_for_service: d.address.as_ref().map(|a| a.one_line()).unwrap_or_default(),
            })
            .collect(),
        property_address: l.property.as_ref().map(|a| a.one_line()).unwrap_or_default(),
        debt_type: l.debt_type,
        period: format!("{code} {}", financial_year_label(l.financial_year)),
        bill_date: l.bill_date,
        last_notice: l.last_notice.as_ref().map(|(s, d)| format!("{} {}", notice_label(s), short(*d))),
        complaint_on: l.complaint_on,
        summons_issued_on: l.summons_issued_on,
        service_method: l.service_method.replace('_', " "),
        posted_on: l.posted_on,
        deemed_served_on: l.deemed_served_on,
        adjourned_from: l.adjourned_from_id.is_some(),
        debt_at_summons: l.debt_at_summons,
        summons_costs: l.summons_costs,
        liability_order_costs: lo_costs,
        debt_now: l.debt_now,
        costs_now: l.costs_now,
        at_hearing: l.debt_now + l.costs_now,
        order_sought,
        status: l.status,
        status_label: l.status.label(),
        status_reason: l.status_reason.clone(),
        attended: l.outcome.as_ref().map(|o| o.attended),
        result: l.outcome.as_ref().map(|o| o.outcome.clone()),
        result_text,
        order_granted: l.outcome.as_ref().filter(|o| o.outcome == "granted").map(|o| o.order),
        notes: l.outcome.as_ref().map(|o| o.notes.clone()).unwrap_or_default(),
    }
}

/// Builds a list from the stored listings (as last refreshed).
pub(crate) fn list_view(
    conn: &Connection,
    ctx: &Ctx,
    h: &HearingRow,
    kind: ListKind,
    order: ListOrder,
) -> Result<CourtListView> {
    let listings = store::listings(conn, &h.id, None)?;
    let defendants = store::defendants(conn, &h.id)?;
    let none = Vec::new();
    let mut keyed: Vec<(String, ListLine)> = listings
        .iter()
        .map(|l| {
            let ds = defendants.get(&l.account_id).unwrap_or(&none);
            let key = ds.first().map(|d| d.sort_key.clone()).unwrap_or_default();
            (key, line_of(l, ds, h, kind))
        })
        .collect();
    match order {
        ListOrder::Alphabetical => keyed.sort_by(|a, b| {
            (&a.0, &a.1.account_reference, &a.1.period).cmp(&(&b.0, &b.1.account_reference, &b.1.period))
        }),
        ListOrder::Reference => {
            keyed.sort_by(|a, b| (&a.1.account_reference, &a.1.period).cmp(&(&b.1.account_reference, &b.1.period)))
        }
    }
    let mut lines: Vec<ListLine> = keyed.into_iter().map(|(_, l)| l).collect();
    let mut t = ListTotals { cases: lines.len(), ..ListTotals::default() };
    for (i, l) in lines.iter_mut().enumerate() {
        l.line = i + 1;
        t.debt_at_summons += l.debt_at_summons;
        t.summons_costs += l.summons_costs;
        t.liability_order_costs += l.liability_order_costs;
        t.at_hearing += l.at_hearing;
        t.order_sought += l.order_sought;
        if kind == ListKind::Complaints || l.status.proceeds() {
            t.proceeding += 1;
        }
        if let Some(g) = l.order_granted {
            t.granted += 1;
            t.granted_total += g;
        }
    }
    if kind == ListKind::Complaints {
        t.sum = t.debt_at_summons;
        t.costs = t.summons_costs + t.liability_order_costs;
    } else {
        // Of the orders sought, what is debt and what is costs (payments met the debt first).
        for l in lines.iter().filter(|l| l.status.proceeds()) {
            t.sum += l.debt_now;
            t.costs += l.order_sought - l.debt_now;
        }
    }
    let by_status = ListStatus::ALL
        .iter()
        .filter_map(|s| {
            let of: Vec<&ListLine> = lines.iter().filter(|l| l.status == *s).collect();
            (!of.is_empty()).then(|| StatusCount {
                status: *s,
                label: s.label(),
                cases: of.len(),
                at_hearing: of.iter().map(|l| l.at_hearing).sum(),
            })
        })
        .collect();
    let profile = settings::council_profile(conn)?;
    let mut address: Vec<String> = profile.address_lines.iter().filter(|l| !l.trim().is_empty()).cloned().collect();
    if !profile.postcode.is_empty() {
        address.push(profile.postcode.clone());
    }
    Ok(CourtListView {
        kind,
        order,
        reference: hearing_reference(&h.id),
        authority: profile.name.clone(),
        authority_address: address.join(", "),
        hearing: h.clone(),
        prepared_on: ctx.today,
        lines,
        totals: t,
        by_status,
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourtListInput {
    pub hearing_id: String,
    /// `alphabetical` (the default) or `reference`.
    #[serde(default)]
    pub order: Option<String>,
    /// `complaints`, `hearing` or `endorsed`; the hearing list until outcomes are recorded, then the endorsed one.
    #[serde(default)]
    pub kind: Option<String>,
}

fn choose(conn: &Connection, input: &CourtListInput) -> Result<(HearingRow, ListKind, ListOrder)> {
    let h = load_hearing(conn, &input.hearing_id)?;
    let order = input.order.as_deref().map(|o| ListOrder::parse(o, "order")).transpose()?;
    let kind = match input.kind.as_deref() {
        Some(k) => ListKind::parse(k, "kind")?,
        None if h.status == "heard" => ListKind::Endorsed,
        None => ListKind::Hearing,
    };
    Ok((h, kind, order.unwrap_or(ListOrder::Alphabetical)))
}

/// A hearing's list as it stands (refresh it first for the morning's figures: [`super::refresh_court_list`]).
pub fn court_list(db: &Db, ctx: &Ctx, input: CourtListInput) -> Result<CourtListView> {
    db.read(|tx| {
        let (h, kind, order) = choose(tx, &input)?;
        list_view(tx, ctx, &h, kind, order)
    })
}

/// The list as an A4 landscape PDF.
pub fn court_list_pdf(db: &Db, ctx: &Ctx, input: CourtListInput) -> Result<Vec<u8>> {
    render_court_list_pdf(&court_list(db, ctx, input)?)
}

/// The list as CSV: one row per case with every §7.2 field.
pub fn court_list_csv(db: &Db, ctx: &Ctx, input: CourtListInput) -> Result<String> {
    render_court_list_csv(&court_list(db, ctx, input)?)
}

/// Stores a list's PDF against its hearing as an issued document (the complaint list sent, the endorsed list).
pub(crate) fn store_list_document(tx: &Tx, ctx: &Ctx, view: &CourtListView, pdf: &[u8], kind: &str) -> Result<String> {
    let pages = lopdf::Document::load_mem(pdf).map(|d| d.get_pages().len()).unwrap_or(0);
    let content = serde_json::to_string(view).map_err(|e| Error::Internal(e.to_string()))?;
    let title = format!("{} ({}, {})", view.kind.title(), view.hearing.court_name, view.hearing.hearing_on);
    let document_id = letters_store::insert_document(
        tx,
        ctx,
        &NewDocument {
            account_id: None,
            party_id: None,
            kind: "court_list",
            title: &title,
            template_name: "",
            template_version: 0,
            template_id: None,
            issued_on: &ctx.today.to_string(),
            content: &content,
            pdf,
            page_count: pages,
        },
    )?;
    store::insert_hearing_document(tx, ctx, &view.hearing.id, &document_id, kind)?;
    audit::record(
        tx,
        ctx,
        "store_court_list",
        "documents",
        &document_id,
        None,
        None,
        serde_json::json!({"hearing_id": view.hearing.id, "kind": kind, "lines": view.lines.len()}),
    )?;
    Ok(document_id)
}

/// Stores the complaint list (PDF) against the hearing, as sent to the court. Returns the document id.
pub fn issue_complaint_list(db: &Db, ctx: &Ctx, input: CourtListInput) -> Result<String> {
    ctx.require(Permission::CourtWork)?;
    db.write(|tx| {
        let h = load_hearing(tx, &input.hearing_id)?;
        let order = input.order.as_deref().map(|o| ListOrder::parse(o, "order")).transpose()?;
        let view = list_view(tx, ctx, &h, ListKind::Complaints, order.unwrap_or(ListOrder::Alphabetical))?;
        if view.lines.is_empty() {
            return Err(Error::Conflict("no complaint names this hearing yet: commit a summons run first".into()));
        }
        let pdf = render_court_list_pdf(&view)?;
        store_list_document(tx, ctx, &view, &pdf, "complaint_list")
    })
}

// ------------------------------------------------------------------------------------------------ CSV

/// Every line with the §7.2 fields (money as decimal strings, dates ISO).
pub fn render_court_list_csv(view: &CourtListView) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Internal(e.to_string());
    w.write_record([
        "line",
        "account_reference",
        "defendants",
        "joint_and_several",
        "address_for_service",
        "property_address",
        "tax_and_period",
        "bill_date",
        "last_notice",
        "complaint_laid_on",
        "summons_issued_on",
        "service_method",
        "posted_on",
        "deemed_served_on",
        "amount_at_summons",
        "summons_costs",
        "liability_order_costs",
        "amount_at_hearing",
        "order_sought",
        "status",
        "status_reason",
        "attended",
        "result",
        "order_granted",
        "notes",
    ])
    .map_err(io)?;
    for l in &view.lines {
        let names: Vec<&str> = l.defendants.iter().map(|d| d.name.as_str()).collect();
        let addresses: Vec<&str> = l.defendants.iter().map(|d| d.address_for_service.as_str()).collect();
        w.write_record([
            l.line.to_string().as_str(),
            &l.account_reference,
            &names.join("; "),
            if l.defendants.iter().any(|d| d.joint_and_several) { "yes" } else { "no" },
            &addresses.join("; "),
            &l.property_address,
            &l.period,
            &l.bill_date.map(|d| d.to_string()).unwrap_or_default(),
            l.last_notice.as_deref().unwrap_or(""),
            &l.complaint_on.to_string(),
            &l.summons_issued_on.to_string(),
            &l.service_method,
            &l.posted_on.to_string(),
            &l.deemed_served_on.to_string(),
            &l.debt_at_summons.to_string(),
            &l.summons_costs.to_string(),
            &l.liability_order_costs.to_string(),
            &l.at_hearing.to_string(),
            &l.order_sought.to_string(),
            l.status.as_str(),
            &l.status_reason,
            match l.attended {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            },
            l.result.as_deref().unwrap_or(""),
            &l.order_granted.map(|m| m.to_string()).unwrap_or_default(),
            &l.notes,
        ])
        .map_err(io)?;
    }
    String::from_utf8(w.into_inner().map_err(|e| Error::Internal(e.to_string()))?)
        .map_err(|e| Error::Internal(e.to_string()))
}

// ------------------------------------------------------------------------------------------------ PDF

const W: f32 = 297.0;
const H: f32 = 210.0;
const LEFT: f32 = 12.0;
const RIGHT: f32 = W - 12.0;
const BOTTOM: f32 = H - 14.0;
const FOOT: f32 = H - 7.0;
const SIZE: f32 = 7.5;
const LEAD: f32 = 3.25;
const PAD: f32 = 1.2;

/// A column: its heading (one or two lines), width in mm, and whether it holds money (right-aligned).
struct Column {
    heading: &'static [&'static str],
    width: f32,
    money: bool,
}

fn columns(kind: ListKind) -> Vec<Column> {
    let c = |heading: &'static [&'static str], width: f32, money: bool| Column { heading, width, money };
    match kind {
        ListKind::Complaints => vec![
            c(&["No."], 8.0, false),
            c(&["Account"], 21.0, false),
            c(&["Defendant(s)"], 44.0, false),
            c(&["Address for service", "(property)"], 54.0, false),
            c(&["Tax and", "period"], 18.0, false),
            c(&["Bill; last", "notice"], 26.0, false),
            c(&["Complaint; summons;", "served (deemed)"], 28.0, false),
            c(&["At summons"], 20.0, true),
            c(&["Costs", "S / LO"], 24.0, true),
            c(&["Total claimed", "(debt + costs)"], 30.0, true),
        ],
        ListKind::Hearing => vec![
            c(&["No."], 8.0, false),
            c(&["Account"], 21.0, false),
            c(&["Defendant(s)"], 38.0, false),
            c(&["Address for service", "(property)"], 46.0, false),
            c(&["Tax and", "period"], 18.0, false),
            c(&["Summons", "served"], 20.0, false),
            c(&["At summons"], 18.0, true),
            c(&["Costs", "S / LO"], 22.0, true),
            c(&["At hearing"], 18.0, true),
            c(&["Order", "sought"], 19.0, true),
            c(&["Status on", "the day"], 28.0, false),
            c(&["Result"], 17.0, false),
        ],
        // The result takes more room once it is filled in.
        ListKind::Endorsed => vec![
            c(&["No."], 8.0, false),
            c(&["Account"], 21.0, false),
            c(&["Defendant(s)"], 36.0, false),
            c(&["Address for service", "(property)"], 44.0, false),
            c(&["Tax and", "period"], 18.0, false),
            c(&["Summons", "served"], 19.0, false),
            c(&["At summons"], 18.0, true),
            c(&["Costs", "S / LO"], 22.0, true),
            c(&["At hearing"], 18.0, true),
            c(&["Order", "sought"], 19.0, true),
            c(&["Status on", "the day"], 26.0, false),
            c(&["Result"], 24.0, false),
        ],
    }
}

fn width(t: &str, bold: bool) -> f32 {
    fonts().face(bold).width_mm(t, SIZE)
}

/// Wraps `text` to `max` mm at the list's size (breaking a word that is too long). Words break at plain spaces
/// only: a postcode's no-break space keeps it on one line (printed as a space).
fn wrap(text: &str, max: f32, bold: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if width(&candidate, bold) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if width(word, bold) <= max {
            line = word.to_string();
        } else {
            for ch in word.chars() {
                let mut next = line.clone();
                next.push(ch);
                if width(&next, bold) > max && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line.push(ch);
                } else {
                    line = next;
                }
            }
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out.into_iter().map(|l| l.replace('\u{a0}', " ")).collect()
}

/// An address on one line with its postcode kept whole.
fn address_line(a: &str) -> String {
    match a.rsplit_once(", ") {
        Some((rest, postcode)) if postcode.len() <= 8 && postcode.contains(' ') => {
            format!("{rest}, {}", postcode.replace(' ', "\u{a0}"))
        }
        _ => a.to_string(),
    }
}

fn text(x: f32, y: f32, size: f32, bold: bool, grey: bool, t: &str) -> Item {
    Item::Text { x, y, size, bold, grey, text: t.to_string() }
}

/// The cells of one line: each a list of paragraphs (wrapped to the column).
fn cells(view: &CourtListView, l: &ListLine) -> Vec<Vec<String>> {
    let names: Vec<String> = l
        .defendants
        .iter()
        .enumerate()
        .map(|(i, d)| if d.joint_and_several && i == 0 { format!("{} (J&S)", d.name) } else { d.name.clone() })
        .collect();
    let mut address: Vec<String> = Vec::new();
    let first = l.defendants.first().map(|d| d.address_for_service.clone()).unwrap_or_default();
    address.push(address_line(&first));
    for d in l.defendants.iter().skip(1) {
        if d.address_for_service != first {
            address.push(address_line(&d.address_for_service));
        }
    }
    if !l.property_address.is_empty() && l.property_address != first {
        address.push(format!("({})", address_line(&l.property_address)));
    }
    let m = |v: Money| format_money(v);
    let costs = vec![format!("S {}", m(l.summons_costs)), format!("LO {}", m(l.liability_order_costs))];
    match view.kind {
        ListKind::Complaints => vec![
            vec![l.line.to_string()],
            vec![l.account_reference.clone()],
            names,
            address,
            vec![l.period.clone()],
            vec![
                l.bill_date.map(|d| format!("Bill {}", short(d))).unwrap_or_default(),
                l.last_notice.clone().unwrap_or_default(),
            ],
            vec![
                format!("Laid {}", short(l.complaint_on)),
                format!("Issued {}", short(l.summons_issued_on)),
                format!("Served {}", short(l.deemed_served_on)),
            ],
            vec![m(l.debt_at_summons)],
            costs,
            vec![m(l.order_sought)],
        ],
        ListKind::Hearing | ListKind::Endorsed => {
            let mut status = vec![l.status_label.to_string()];
            if l.adjourned_from {
                status.push("(adjourned from an earlier hearing)".into());
            }
            let result = match view.kind {
                ListKind::Endorsed => {
                    let mut r: Vec<String> =
                        l.result_text.as_deref().unwrap_or_default().lines().map(str::to_string).collect();
                    if l.attended == Some(true) {
                        r.push("Attended".into());
                    }
                    r
                }
                _ => vec![String::new()],
            };
            vec![
                vec![l.line.to_string()],
                vec![l.account_reference.clone()],
                names,
                address,
                vec![l.period.clone()],
                vec![short(l.deemed_served_on)],
                vec![m(l.debt_at_summons)],
                costs,
                vec![m(l.at_hearing)],
                vec![if l.order_sought.is_zero() { "–".into() } else { m(l.order_sought) }],
                status,
                result,
            ]
        }
    }
}

/// A laid-out row: its height and items (y relative to the row's top).
struct Row {
    height: f32,
    items: Vec<Item>,
}

fn row(cols: &[Column], content: &[Vec<String>], bold: bool, grey_rule: bool) -> Row {
    let ascent = fonts().face(bold).ascent * SIZE * crate::letters::fonts::PT_TO_MM;
    let mut items = Vec::new();
    let mut x = LEFT;
    let mut lines_max = 1;
    for (c, paragraphs) in cols.iter().zip(content) {
        let mut n = 0;
        for p in paragraphs {
            if p.is_empty() {
                continue;
            }
            let wrapped = if c.money { vec![p.clone()] } else { wrap(p, c.width - 2.0 * PAD, bold) };
            for w in wrapped {
                let tx = if c.money { x + c.width - PAD - width(&w, bold) } else { x + PAD };
                items.push(text(tx, 1.2 + ascent + n as f32 * LEAD, SIZE, bold, false, &w));
                n += 1;
            }
        }
        lines_max = lines_max.max(n);
        x += c.width;
    }
    let height = lines_max as f32 * LEAD + 2.0;
    let mut x = LEFT;
    for c in cols.iter().take(cols.len() - 1) {
        x += c.width;
        items.push(Item::VRule { x, y1: 0.0, y2: height, thickness: 0.15 });
    }
    items.push(Item::Rule {
        x1: LEFT,
        x2: RIGHT,
        y: height,
        thickness: if grey_rule { 0.2 } else { 0.6 },
        grey: grey_rule,
    });
    Row { height, items }
}

fn header_row(cols: &[Column]) -> Row {
    let content: Vec<Vec<String>> = cols.iter().map(|c| c.heading.iter().map(|s| s.to_string()).collect()).collect();
    let mut r = row(cols, &content, true, false);
    // Headings are not wrapped further: each line is given.
    r.items.insert(0, Item::Rule { x1: LEFT, x2: RIGHT, y: 0.0, thickness: 0.6, grey: false });
    r
}

fn shift(item: &Item, dy: f32) -> Item {
    match item.clone() {
        Item::Text { x, y, size, bold, grey, text } => Item::Text { x, y: y + dy, size, bold, grey, text },
        Item::Rule { x1, x2, y, thickness, grey } => Item::Rule { x1, x2, y: y + dy, thickness, grey },
        Item::VRule { x, y1, y2, thickness } => Item::VRule { x, y1: y1 + dy, y2: y2 + dy, thickness },
        Item::Logo { x, y, w, h } => Item::Logo { x, y: y + dy, w, h },
    }
}

/// The header fields of §7.2 on the first page. Returns where the table starts.
fn first_page_header(view: &CourtListView, items: &mut Vec<Item>) -> f32 {
    let h = &view.hearing;
    items.push(text(LEFT, 14.0, 12.0, true, false, &view.authority));
    items.push(text(LEFT, 21.0, 13.0, true, false, view.kind.title()));
    let when = format!("{} at {}", format_date(h.hearing_on, false), h.hearing_time);
    let t = &view.totals;
    let fields: [(&str, String); 9] = [
        ("Court", h.court_name.clone()),
        ("Court address", h.court_address.clone()),
        ("Hearing", when),
        ("Authority", view.authority.clone()),
        ("Authorised officer", h.authorised_officer.clone()),
        ("Complaint reference", view.reference.clone()),
        (
            "Cases",
            if view.kind == ListKind::Complaints {
                t.cases.to_string()
            } else {
                format!("{} listed, {} proceeding", t.cases, t.proceeding)
            },
        ),
        ("Total sum", format_money(t.sum)),
        ("Total costs", format_money(t.costs)),
    ];
    let col_x = [LEFT, LEFT + 95.0, LEFT + 190.0];
    for (i, (label, value)) in fields.iter().enumerate() {
        let x = col_x[i / 3];
        let y = 29.0 + (i % 3) as f32 * 5.0;
        items.push(text(x, y, 7.0, true, true, label));
        let vx = x + 27.0;
        let max = 95.0 - 29.0;
        let v = wrap(value, max, false).into_iter().next().unwrap_or_default();
        items.push(text(vx, y, 8.0, false, false, &v));
    }
    if view.kind == ListKind::Hearing {
        items.push(text(
            LEFT,
            44.5,
            6.8,
            false,
            true,
            &format!(
                "Refreshed {}: cases paid, withdrawn, in an arrangement, disputed or held are marked and not put to the \
                 bench; costs-only cases ask for the costs alone (SI 1992/613 reg 34(8)).",
                format_date(view.prepared_on, false)
            ),
        ));
    }
    48.0
}

fn running_header(view: &CourtListView, items: &mut Vec<Item>) -> f32 {
    let h = &view.hearing;
    let t = format!(
        "{} · {} · {} at {} · {}",
        view.kind.title(),
        h.court_name,
        format_date(h.hearing_on, false),
        h.hearing_time,
        view.reference
    );
    items.push(text(LEFT, 10.0, 7.5, false, true, &t));
    let a = &view.authority;
    items.push(text(RIGHT - fonts().face(true).width_mm(a, 7.5), 10.0, 7.5, true, false, a));
    14.0
}

/// Lays out the list on A4 landscape pages.
pub fn court_list_pages(view: &CourtListView) -> Vec<Page> {
    let cols = columns(view.kind);
    let head = header_row(&cols);
    let mut pages: Vec<Page> = Vec::new();
    let mut page = Page::default();
    let mut y = first_page_header(view, &mut page.items);
    let put = |page: &mut Page, r: &Row, y: f32| page.items.extend(r.items.iter().map(|i| shift(i, y)));
    put(&mut page, &head, y);
    y += head.height;
    let new_page = |pages: &mut Vec<Page>, page: &mut Page| -> f32 {
        pages.push(std::mem::take(page));
        let mut y = running_header(view, &mut page.items);
        put(page, &head, y);
        y += head.height;
        y
    };
    for l in &view.lines {
        let r = row(&cols, &cells(view, l), false, true);
        if y + r.height > BOTTOM {
            y = new_page(&mut pages, &mut page);
        }
        put(&mut page, &r, y);
        y += r.height;
    }
    // Totals, under the money columns.
    let t = &view.totals;
    let m = |v: Money| format_money(v);
    let label = match view.kind {
        ListKind::Complaints => format!("Totals: {}", cases(t.cases)),
        _ => format!("Totals: {} listed, {} proceeding", cases(t.cases), t.proceeding),
    };
    let mut content: Vec<Vec<String>> = cols.iter().map(|_| Vec::new()).collect();
    match view.kind {
        ListKind::Complaints => {
            content[7] = vec![m(t.debt_at_summons)];
            content[8] = vec![format!("S {}", m(t.summons_costs)), format!("LO {}", m(t.liability_order_costs))];
            content[9] = vec![m(t.order_sought)];
        }
        _ => {
            content[6] = vec![m(t.debt_at_summons)];
            content[7] = vec![format!("S {}", m(t.summons_costs)), format!("LO {}", m(t.liability_order_costs))];
            content[8] = vec![m(t.at_hearing)];
            content[9] = vec![m(t.order_sought)];
            if view.kind == ListKind::Endorsed {
                content[11] = vec![format!("{} granted", t.granted), m(t.granted_total)];
            }
        }
    }
    let mut totals = row(&cols, &content, true, false);
    // The label runs across the columns before the first money column.
    let span_end = LEFT + cols.iter().take_while(|c| !c.money).map(|c| c.width).sum::<f32>();
    totals.items.retain(|i| !matches!(i, Item::VRule { x, .. } if *x < span_end - 0.01));
    let ascent = fonts().face(true).ascent * SIZE * crate::letters::fonts::PT_TO_MM;
    totals.items.push(text(LEFT + PAD, 1.2 + ascent, SIZE, true, false, &label));
    let mut summary: Vec<(String, String)> = Vec::new();
    if view.kind != ListKind::Complaints {
        for s in &view.by_status {
            summary.push((s.label.to_string(), format!("{} ({} owed)", s.cases, m(s.at_hearing))));
        }
    }
    let needed = totals.height + 8.0 + summary.len() as f32 * 4.2 + 16.0;
    if y + needed > BOTTOM {
        y = new_page(&mut pages, &mut page);
    }
    put(&mut page, &totals, y);
    y += totals.height + 6.0;
    if !summary.is_empty() {
        page.items.push(text(LEFT, y, 8.0, true, false, "Cases by status on the day"));
        y += 4.5;
        for (label, value) in &summary {
            page.items.push(text(LEFT, y, 7.5, false, false, label));
            page.items.push(text(LEFT + 45.0, y, 7.5, false, false, value));
            y += 4.2;
        }
        y += 2.0;
    }
    let sign = match view.kind {
        ListKind::Complaints => {
            "Complaints laid before the justice of the peace by the authorised officer named above."
        }
        ListKind::Hearing => "Legal adviser: mark each result in the last column.",
        ListKind::Endorsed => "Endorsed by the legal adviser: ______________________   Date: ____________",
    };
    page.items.push(text(LEFT, y + 3.0, 7.5, false, true, sign));
    pages.push(page);
    let total = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        let label = format!("Page {} of {total}", i + 1);
        p.items.push(text(RIGHT - width(&label, false) * 8.0 / SIZE, FOOT, 8.0, false, false, &label));
        let left = format!("{} · prepared {}", view.reference, format_date(view.prepared_on, false));
        p.items.push(text(LEFT, FOOT, 7.0, false, true, &left));
    }
    pages
}

/// The list as an A4 landscape PDF.
pub fn render_court_list_pdf(view: &CourtListView) -> Result<Vec<u8>> {
    let pages = court_list_pages(view);
    let title = format!("{} {}", view.kind.title(), view.reference);
    let mut doc = pdf::document_sized(
        &pages,
        &PdfMeta { title: &title, author: &view.authority, subject: view.kind.title(), date: view.prepared_on },
        None,
        PageSize::A4_LANDSCAPE,
    )?;
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| Error::Internal(format!("writing the PDF: {e}")))?;
    Ok(out)
}
