//! The magistrates' court: costs methodology records, hearings, complaints and their listings at hearings,
//! outcomes, the lists kept against a hearing, and court bundles with their exhibits (migration 0008).

use crate::db::parties::{address_from_row, display_name, Address, ADDRESS_COLUMNS};
use crate::db::{date, new_id, Ctx, Tx};
use crate::error::{Error, Result};
use crate::model::{DebtType, Jurisdiction, PartyKind, Role};
use crate::money::Money;
use crate::rules::court::{ListStatus, OfficerMark};
use base64::Engine as _;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::Serialize;
use std::collections::HashMap;

fn opt_date(r: &Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    r.get::<_, Option<String>>(i)?.map(|s| date(&s)).transpose()
}

fn money(r: &Row, i: usize) -> rusqlite::Result<Money> {
    Ok(Money::from_pence(r.get(i)?))
}

// ------------------------------------------------------------------------------------- costs methodology

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MethodologyRow {
    pub id: String,
    pub jurisdiction: Jurisdiction,
    pub debt_type: DebtType,
    pub financial_year: i32,
    pub version: i64,
    pub adopted_on: NaiveDate,
    pub cost_pool: Money,
    pub summonses: i64,
    pub summons_percent: i64,
    pub summons_costs: Money,
    pub liability_order_costs: Money,
    /// JSON: `[{"label": …, "amount": "…"}]`.
    pub pool_items: String,
    pub notes: String,
    pub created_at: String,
    pub created_by: String,
}

pub struct NewMethodology<'a> {
    pub jurisdiction: Jurisdiction,
    pub debt_type: DebtType,
    pub financial_year: i32,
    pub adopted_on: NaiveDate,
    pub cost_pool: Money,
    pub summonses: u32,
    pub summons_percent: u32,
    pub summons_costs: Money,
    pub liability_order_costs: Money,
    pub pool_items: &'a str,
    pub notes: &'a str,
}

const METHODOLOGY_SQL: &str = "SELECT id, jurisdiction, debt_type, financial_year, version, adopted_on,
        cost_pool_pence, summonses, summons_percent, summons_costs_pence, liability_order_costs_pence, pool_items,
        notes, created_at, created_by
    FROM court_costs_methodologies";

fn methodology_from_row(r: &Row) -> rusqlite::Result<MethodologyRow> {
    Ok(MethodologyRow {
        id: r.get(0)?,
        jurisdiction: r.get(1)?,
        debt_type: r.get(2)?,
        financial_year: r.get(3)?,
        version: r.get(4)?,
        adopted_on: date(&r.get::<_, String>(5)?)?,
        cost_pool: money(r, 6)?,
        summonses: r.get(7)?,
        summons_percent: r.get(8)?,
        summons_costs: money(r, 9)?,
        liability_order_costs: money(r, 10)?,
        pool_items: r.get(11)?,
        notes: r.get(12)?,
        created_at: r.get(13)?,
        created_by: r.get(14)?,
    })
}

/// Inserts a new version of the year's record (the next version number for the debt type, jurisdiction and year).
pub fn insert_methodology(tx: &Tx, ctx: &Ctx, m: &NewMethodology) -> Result<(String, i64)> {
    let version: i64 = tx.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM court_costs_methodologies
         WHERE debt_type = :debt AND jurisdiction = :j AND financial_year = :year",
        named_params! {":debt": m.debt_type, ":j": m.jurisdiction, ":year": m.financial_year},
        |r| r.get(0),
    )?;
    let id = new_id(ctx);
    tx.execute(
        "INSERT INTO court_costs_methodologies (id, jurisdiction, debt_type, financial_year, version, adopted_on,
             cost_pool_pence, summonses, summons_percent, summons_costs_pence, liability_order_costs_pence,
             pool_items, notes, created_at, created_by, device_id)
         VALUES (:id, :j, :debt, :year, :version, :adopted, :pool, :n, :pct, :summons, :lo, :items, :notes, :at,
                 :user, :device)",
        named_params! {
            ":id": id, ":j": m.jurisdiction, ":debt": m.debt_type, ":year": m.financial_year, ":version": version,
            ":adopted": m.adopted_on.to_string(), ":pool": m.cost_pool.pence(), ":n": m.summonses,
            ":pct": m.summons_percent, ":summons": m.summons_costs.pence(), ":lo": m.liability_order_costs.pence(),
            ":items": m.pool_items, ":notes": m.notes, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
        },
    )?;
    Ok((id, version))
}

pub fn methodology(conn: &Connection, id: &str) -> Result<Option<MethodologyRow>> {
    Ok(conn
        .prepare_cached(&format!("{METHODOLOGY_SQL} WHERE id = :id"))?
        .query_row(named_params! {":id": id}, methodology_from_row)
        .optional()?)
}

/// The record in force on `on`: the latest adopted on or before it (then the highest version).
pub fn methodology_in_force(
    conn: &Connection,
    debt: DebtType,
    j: Jurisdiction,
    on: NaiveDate,
) -> Result<Option<MethodologyRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "{METHODOLOGY_SQL} WHERE debt_type = :debt AND jurisdiction = :j AND adopted_on <= :on
             ORDER BY adopted_on DESC, financial_year DESC, version DESC, created_at DESC LIMIT 1"
        ))?
        .query_row(named_params! {":debt": debt, ":j": j, ":on": on.to_string()}, methodology_from_row)
        .optional()?)
}

pub fn methodologies(conn: &Connection) -> Result<Vec<MethodologyRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{METHODOLOGY_SQL} ORDER BY debt_type, jurisdiction, financial_year DESC, version DESC"
    ))?;
    let rows = stmt.query_map([], methodology_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ------------------------------------------------------------------------------------------------ hearings

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HearingRow {
    pub id: String,
    pub court_name: String,
    pub court_address: String,
    pub jurisdiction: Jurisdiction,
    pub debt_type: DebtType,
    pub hearing_on: NaiveDate,
    pub hearing_time: String,
    pub authorised_officer: String,
    pub methodology_id: Option<String>,
    pub summons_costs: Money,
    pub liability_order_costs: Money,
    pub costs_note: String,
    pub status: String,
    pub heard_at: Option<String>,
    pub heard_by: Option<String>,
    pub created_at: String,
    pub created_by: String,
}

pub struct NewHearing<'a> {
    pub court_name: &'a str,
    pub court_address: &'a str,
    pub jurisdiction: Jurisdiction,
    pub debt_type: DebtType,
    pub hearing_on: NaiveDate,
    pub hearing_time: &'a str,
    pub authorised_officer: &'a str,
    pub methodology_id: Option<&'a str>,
    pub summons_costs: Money,
    pub liability_order_costs: Money,
    pub costs_note: &'a str,
}

const HEARING_SQL: &str = "SELECT id, court_name, court_address, jurisdiction, debt_type, hearing_on, hearing_time,
        authorised_officer, methodology_id, summons_costs_pence, liability_order_costs_pence, costs_note, status,
        heard_at, heard_by, created_at, created_by
    FROM court_hearings";

fn hearing_from_row(r: &Row) -> rusqlite::Result<HearingRow> {
    Ok(HearingRow {
        id: r.get(0)?,
        court_name: r.get(1)?,
        court_address: r.get(2)?,
        jurisdiction: r.get(3)?,
        debt_type: r.get(4)?,
        hearing_on: date(&r.get::<_, String>(5)?)?,
        hearing_time: r.get(6)?,
        authorised_officer: r.get(7)?,
        methodology_id: r.get(8)?,
        summons_costs: money(r, 9)?,
        liability_order_costs: money(r, 10)?,
        costs_note: r.get(11)?,
        status: r.get(12)?,
        heard_at: r.get(13)?,
        heard_by: r.get(14)?,
        created_at: r.get(15)?,
        created_by: r.get(16)?,
    })
}

pub fn insert_hearing(tx: &Tx, ctx: &Ctx, h: &NewHearing) -> Result<String> {
    let id = new_id(ctx);
    tx.execute(
        "INSERT INTO court_hearings (id, court_name, court_address, jurisdiction, debt_type, hearing_on, hearing_time,
             authorised_officer, methodology_id, summons_costs_pence, liability_order_costs_pence, costs_note, status,
             created_at, created_by, device_id)
         VALUES (:id, :court, :address, :j, :debt, :on, :time, :officer, :methodology, :summons, :lo, :note, 'listed',
                 :at, :user, :device)",
        named_params! {
            ":id": id, ":court": h.court_name, ":address": h.court_address, ":j": h.jurisdiction,
            ":debt": h.debt_type, ":on": h.hearing_on.to_string(), ":time": h.hearing_time,
            ":officer": h.authorised_officer, ":methodology": h.methodology_id, ":summons": h.summons_costs.pence(),
            ":lo": h.liability_order_costs.pence(), ":note": h.costs_note, ":at": ctx.at(), ":user": ctx.user_id,
            ":device": tx.device_id,
        },
    )?;
    Ok(id)
}

/// Changes a hearing's details (not its debt type or jurisdiction once complaints name it: the api checks).
pub fn update_hearing(tx: &Tx, ctx: &Ctx, id: &str, h: &NewHearing) -> Result<()> {
    tx.execute(
        "UPDATE court_hearings SET court_name = :court, court_address = :address, jurisdiction = :j, debt_type = :debt,
             hearing_on = :on, hearing_time = :time, authorised_officer = :officer, methodology_id = :methodology,
             summons_costs_pence = :summons, liability_order_costs_pence = :lo, costs_note = :note, updated_at = :at
         WHERE id = :id",
        named_params! {
            ":id": id, ":court": h.court_name, ":address": h.court_address, ":j": h.jurisdiction,
            ":debt": h.debt_type, ":on": h.hearing_on.to_string(), ":time": h.hearing_time,
            ":officer": h.authorised_officer, ":methodology": h.methodology_id, ":summons": h.summons_costs.pence(),
            ":lo": h.liability_order_costs.pence(), ":note": h.costs_note, ":at": ctx.at(),
        },
    )?;
    Ok(())
}

pub fn set_hearing_heard(tx: &Tx, ctx: &Ctx, id: &str) -> Result<()> {
    tx.execute(
        "UPDATE court_hearings SET status = 'heard', heard_at = :at, heard_by = :user, updated_at = :at WHERE id = :id",
        named_params! {":id": id, ":at": ctx.at(), ":user": ctx.user_id},
    )?;
    Ok(())
}

pub fn hearing(conn: &Connection, id: &str) -> Result<Option<HearingRow>> {
    Ok(conn
        .prepare_cached(&format!("{HEARING_SQL} WHERE id = :id AND deleted_at IS NULL"))?
        .query_row(named_params! {":id": id}, hearing_from_row)
        .optional()?)
}

/// Hearings on or after `since`, soonest first.
pub fn hearings_since(conn: &Connection, since: NaiveDate) -> Result<Vec<HearingRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{HEARING_SQL} WHERE hearing_on >= :since AND deleted_at IS NULL ORDER BY hearing_on, hearing_time, id"
    ))?;
    let rows = stmt.query_map(named_params! {":since": since.to_string()}, hearing_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many complaints name the hearing, and how many listings have an outcome.
pub fn hearing_counts(conn: &Connection, id: &str) -> Result<(i64, i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM court_complaints WHERE hearing_id = :id),
                (SELECT count(*) FROM court_listings WHERE hearing_id = :id AND deleted_at IS NULL),
                (SELECT count(*) FROM court_outcomes WHERE hearing_id = :id)",
        named_params! {":id": id},
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

// ------------------------------------------------------------------------------------- complaints, listings

pub struct NewComplaint<'a> {
    pub hearing_id: &'a str,
    pub run_id: Option<&'a str>,
    pub run_item_id: Option<&'a str>,
    pub account_id: &'a str,
    pub liability_id: &'a str,
    pub complaint_on: NaiveDate,
    pub posted_on: NaiveDate,
    pub service_method: &'a str,
    pub deemed_served_on: NaiveDate,
    pub oldest_due_on: Option<NaiveDate>,
    pub debt: Money,
    pub summons_costs: Money,
    pub summons_cost_entry_id: Option<&'a str>,
    pub stage_id: Option<&'a str>,
    pub document_ids: &'a [String],
}

/// Inserts a complaint and its listing at its hearing (status `proceeding`, owing what the summons claimed).
/// Returns (complaint id, listing id).
pub fn insert_complaint(tx: &Tx, ctx: &Ctx, c: &NewComplaint) -> Result<(String, String)> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO court_complaints (id, hearing_id, run_id, run_item_id, account_id, liability_id, complaint_on,
             summons_issued_on, posted_on, service_method, deemed_served_on, oldest_due_on, debt_pence,
             summons_costs_pence, summons_cost_entry_id, stage_id, document_ids, created_at, created_by, device_id)
         VALUES (:id, :hearing, :run, :item, :account, :liability, :complaint_on, :complaint_on, :posted, :method,
                 :deemed, :oldest, :debt, :costs, :cost_entry, :stage, :documents, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":hearing": c.hearing_id, ":run": c.run_id, ":item": c.run_item_id, ":account": c.account_id,
        ":liability": c.liability_id, ":complaint_on": c.complaint_on.to_string(), ":posted": c.posted_on.to_string(),
        ":method": c.service_method, ":deemed": c.deemed_served_on.to_string(),
        ":oldest": c.oldest_due_on.map(|d| d.to_string()), ":debt": c.debt.pence(), ":costs": c.summons_costs.pence(),
        ":cost_entry": c.summons_cost_entry_id, ":stage": c.stage_id,
        ":documents": serde_json::to_string(c.document_ids).map_err(|e| Error::Internal(e.to_string()))?,
        ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    let listing = insert_listing(tx, ctx, c.hearing_id, &id, c.account_id, None, c.debt, c.summons_costs)?;
    Ok((id, listing))
}

/// Lists a complaint at a hearing (its first, or one it is adjourned to).
#[allow(clippy::too_many_arguments)] // one row, its columns: a struct would only rename them
pub fn insert_listing(
    tx: &Tx,
    ctx: &Ctx,
    hearing_id: &str,
    complaint_id: &str,
    account_id: &str,
    adjourned_from: Option<&str>,
    debt_now: Money,
    costs_now: Money,
) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO court_listings (id, hearing_id, complaint_id, account_id, adjourned_from_id, status, debt_now_pence,
             costs_now_pence, created_at, created_by, device_id)
         VALUES (:id, :hearing, :complaint, :account, :from, 'proceeding', :debt, :costs, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":hearing": hearing_id, ":complaint": complaint_id, ":account": account_id, ":from": adjourned_from,
        ":debt": debt_now.pence(), ":costs": costs_now.pence(), ":at": ctx.at(), ":user": ctx.user_id,
        ":device": tx.device_id,
    })?;
    Ok(id)
}

/// An outcome as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutcomeRow {
    pub id: String,
    pub outcome: String,
    pub status_on_the_day: String,
    pub order: Money,
    pub liability_order_costs: Money,
    pub cost_entry_id: Option<String>,
    pub stage_id: Option<String>,
    pub adjourned_listing_id: Option<String>,
    pub adjourned_to_hearing_on: Option<NaiveDate>,
    pub heard_individually: bool,
    pub attended: bool,
    pub reason: String,
    pub notes: String,
    pub created_at: String,
    pub created_by: String,
}

/// One case on a hearing's list: the listing, its complaint's facts, the account and year, and its outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListingRow {
    pub id: String,
    pub hearing_id: String,
    pub complaint_id: String,
    pub account_id: String,
    pub account_reference: String,
    pub debt_type: DebtType,
    pub jurisdiction: Jurisdiction,
    pub property: Option<Address>,
    pub liability_id: String,
    pub financial_year: i32,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub bill_date: Option<NaiveDate>,
    /// The last reminder or final notice before the summons: its stage code and day.
    pub last_notice: Option<(String, NaiveDate)>,
    pub complaint_on: NaiveDate,
    pub summons_issued_on: NaiveDate,
    pub posted_on: NaiveDate,
    pub service_method: String,
    pub deemed_served_on: NaiveDate,
    pub oldest_due_on: Option<NaiveDate>,
    pub debt_at_summons: Money,
    pub summons_costs: Money,
    pub adjourned_from_id: Option<String>,
    pub status: ListStatus,
    pub status_reason: String,
    pub debt_now: Money,
    pub costs_now: Money,
    pub refreshed_on: Option<NaiveDate>,
    pub mark: Option<OfficerMark>,
    pub mark_reason: String,
    pub outcome: Option<OutcomeRow>,
}

fn mark_from(text: Option<String>) -> Option<OfficerMark> {
    match text.as_deref() {
        Some("withdrawn") => Some(OfficerMark::Withdrawn),
        Some("disputed") => Some(OfficerMark::Disputed),
        _ => None,
    }
}

pub fn mark_code(m: OfficerMark) -> &'static str {
    match m {
        OfficerMark::Withdrawn => "withdrawn",
        OfficerMark::Disputed => "disputed",
    }
}

/// Every case listed at a hearing (or only `only`), in account reference then year order. Set queries, so a list of
/// thousands reads in one pass.
pub fn listings(conn: &Connection, hearing_id: &str, only: Option<&str>) -> Result<Vec<ListingRow>> {
    let sql = format!(
        "SELECT li.id, li.hearing_id, li.complaint_id, li.account_id, ac.reference, ac.debt_type, ac.jurisdiction,
                l.id, l.financial_year, l.period_from, l.period_to, b.bill_date,
                (SELECT st.stage || ' ' || st.entered_on FROM recovery_stages st
                  WHERE st.liability_id = c.liability_id AND st.stage IN ('reminder', 'second_reminder', 'final_notice')
                    AND st.entered_on <= c.complaint_on
                    AND NOT EXISTS (SELECT 1 FROM recovery_stage_reversals r WHERE r.stage_id = st.id)
                  ORDER BY st.entered_on DESC, st.created_at DESC LIMIT 1),
                c.complaint_on, c.summons_issued_on, c.posted_on, c.service_method, c.deemed_served_on, c.oldest_due_on,
                c.debt_pence, c.summons_costs_pence, li.adjourned_from_id, li.status, li.status_reason,
                li.debt_now_pence, li.costs_now_pence, li.refreshed_on, li.mark, li.mark_reason,
                o.id, o.outcome, o.status_on_the_day, o.order_pence, o.liability_order_costs_pence, o.cost_entry_id,
                o.stage_id, o.adjourned_listing_id,
                (SELECT h2.hearing_on FROM court_listings l2 JOIN court_hearings h2 ON h2.id = l2.hearing_id
                  WHERE l2.id = o.adjourned_listing_id),
                o.heard_individually, o.attended, o.reason, o.notes, o.created_at, o.created_by,
                {ADDRESS_COLUMNS}
         FROM court_listings li
         JOIN court_complaints c ON c.id = li.complaint_id
         JOIN accounts ac ON ac.id = li.account_id
         JOIN liabilities l ON l.id = c.liability_id
         LEFT JOIN local_liability_balances b ON b.account_id = c.account_id AND b.liability_id = c.liability_id
         LEFT JOIN court_outcomes o ON o.listing_id = li.id
         LEFT JOIN addresses a ON a.id = ac.property_address_id
         WHERE li.hearing_id = :hearing AND li.deleted_at IS NULL AND (:only IS NULL OR li.id = :only)
         ORDER BY ac.reference, l.financial_year, l.period_from"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(named_params! {":hearing": hearing_id, ":only": only}, |r| {
        let outcome = match r.get::<_, Option<String>>(29)? {
            None => None,
            Some(id) => Some(OutcomeRow {
                id,
                outcome: r.get(30)?,
                status_on_the_day: r.get(31)?,
                order: money(r, 32)?,
                liability_order_costs: money(r, 33)?,
                cost_entry_id: r.get(34)?,
                stage_id: r.get(35)?,
                adjourned_listing_id: r.get(36)?,
                adjourned_to_hearing_on: opt_date(r, 37)?,
                heard_individually: r.get::<_, i64>(38)? == 1,
                attended: r.get::<_, i64>(39)? == 1,
                reason: r.get(40)?,
                notes: r.get(41)?,
                created_at: r.get(42)?,
                created_by: r.get(43)?,
            }),
        };
        let last_notice = match r.get::<_, Option<String>>(12)? {
            Some(s) => s.split_once(' ').map(|(stage, on)| date(on).map(|d| (stage.to_string(), d))).transpose()?,
            None => None,
        };
        let status: String = r.get(22)?;
        Ok(ListingRow {
            id: r.get(0)?,
            hearing_id: r.get(1)?,
            complaint_id: r.get(2)?,
            account_id: r.get(3)?,
            account_reference: r.get(4)?,
            debt_type: r.get(5)?,
            jurisdiction: r.get(6)?,
            liability_id: r.get(7)?,
            financial_year: r.get(8)?,
            period_from: date(&r.get::<_, String>(9)?)?,
            period_to: date(&r.get::<_, String>(10)?)?,
            bill_date: opt_date(r, 11)?,
            last_notice,
            complaint_on: date(&r.get::<_, String>(13)?)?,
            summons_issued_on: date(&r.get::<_, String>(14)?)?,
            posted_on: date(&r.get::<_, String>(15)?)?,
            service_method: r.get(16)?,
            deemed_served_on: date(&r.get::<_, String>(17)?)?,
            oldest_due_on: opt_date(r, 18)?,
            debt_at_summons: money(r, 19)?,
            summons_costs: money(r, 20)?,
            adjourned_from_id: r.get(21)?,
            status: ListStatus::parse(&status, "status")
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(22, rusqlite::types::Type::Text, Box::new(e)))?,
            status_reason: r.get(23)?,
            debt_now: money(r, 24)?,
            costs_now: money(r, 25)?,
            refreshed_on: opt_date(r, 26)?,
            mark: mark_from(r.get(27)?),
            mark_reason: r.get(28)?,
            outcome,
            property: match r.get::<_, Option<String>>(44)? {
                Some(_) => Some(address_from_row(r, 44)?),
                None => None,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The listing for `account_reference` at a hearing, if it is listed there (the first year if it has several).
pub fn listing_ids_of_account(conn: &Connection, hearing_id: &str, reference: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT li.id FROM court_listings li JOIN accounts ac ON ac.id = li.account_id
         WHERE li.hearing_id = :hearing AND ac.reference = :reference AND li.deleted_at IS NULL ORDER BY li.id",
    )?;
    let rows = stmt.query_map(named_params! {":hearing": hearing_id, ":reference": reference}, |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The morning refresh's result for one listing.
pub fn update_listing_status(
    tx: &Tx,
    ctx: &Ctx,
    id: &str,
    status: ListStatus,
    reason: &str,
    debt_now: Money,
    costs_now: Money,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE court_listings SET status = :status, status_reason = :reason, debt_now_pence = :debt,
             costs_now_pence = :costs, refreshed_on = :today, updated_at = :at
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": id, ":status": status.as_str(), ":reason": reason, ":debt": debt_now.pence(),
        ":costs": costs_now.pence(), ":today": ctx.today.to_string(), ":at": ctx.at(),
    })?;
    Ok(())
}

/// The officer's mark on a listing (withdrawn, disputed) or none.
pub fn set_listing_mark(tx: &Tx, ctx: &Ctx, id: &str, mark: Option<OfficerMark>, reason: &str) -> Result<()> {
    tx.execute(
        "UPDATE court_listings SET mark = :mark, mark_reason = :reason, updated_at = :at WHERE id = :id",
        named_params! {":id": id, ":mark": mark.map(mark_code), ":reason": reason, ":at": ctx.at()},
    )?;
    Ok(())
}

pub struct NewOutcome<'a> {
    pub listing_id: &'a str,
    pub hearing_id: &'a str,
    pub account_id: &'a str,
    pub outcome: &'a str,
    pub status_on_the_day: ListStatus,
    pub order: Money,
    pub liability_order_costs: Money,
    pub cost_entry_id: Option<&'a str>,
    pub stage_id: Option<&'a str>,
    pub adjourned_listing_id: Option<&'a str>,
    pub heard_individually: bool,
    pub attended: bool,
    pub reason: &'a str,
    pub notes: &'a str,
}

pub fn insert_outcome(tx: &Tx, ctx: &Ctx, o: &NewOutcome) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO court_outcomes (id, listing_id, hearing_id, account_id, outcome, status_on_the_day, order_pence,
             liability_order_costs_pence, cost_entry_id, stage_id, adjourned_listing_id, heard_individually, attended,
             reason, notes, created_at, created_by, device_id)
         VALUES (:id, :listing, :hearing, :account, :outcome, :status, :order, :lo, :cost, :stage, :adjourned,
                 :individual, :attended, :reason, :notes, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":listing": o.listing_id, ":hearing": o.hearing_id, ":account": o.account_id,
        ":outcome": o.outcome, ":status": o.status_on_the_day.as_str(), ":order": o.order.pence(),
        ":lo": o.liability_order_costs.pence(), ":cost": o.cost_entry_id, ":stage": o.stage_id,
        ":adjourned": o.adjourned_listing_id, ":individual": o.heard_individually as i64,
        ":attended": o.attended as i64, ":reason": o.reason, ":notes": o.notes, ":at": ctx.at(),
        ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// A defendant on a listed account: a liable party, their address for service and whether jointly liable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Defendant {
    pub party_id: String,
    pub name: String,
    /// "surname forenames" (or the organisation name), lower case: the alphabetical order.
    pub sort_key: String,
    pub role: Role,
    pub address: Option<Address>,
}

/// The liable parties of every account listed at a hearing, each with their address for service (the
/// correspondence address on the account, else their own), in role then name order.
pub fn defendants(conn: &Connection, hearing_id: &str) -> Result<HashMap<String, Vec<Defendant>>> {
    let sql = format!(
        "SELECT ap.account_id, p.id, p.kind, p.title, p.forenames, p.surname, p.organisation_name, ap.role,
                {ADDRESS_COLUMNS}
         FROM (SELECT DISTINCT account_id FROM court_listings WHERE hearing_id = :hearing AND deleted_at IS NULL) li
         JOIN account_parties ap ON ap.account_id = li.account_id AND ap.deleted_at IS NULL
                                AND ap.role IN ('liable', 'joint_and_several')
         JOIN parties p ON p.id = ap.party_id
         LEFT JOIN addresses a ON a.id = coalesce(ap.correspondence_address_id, p.address_id)
         ORDER BY ap.account_id, ap.role = 'joint_and_several', p.surname, p.forenames, p.organisation_name, p.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(named_params! {":hearing": hearing_id}, |r| {
        let kind: Option<PartyKind> = r.get(2)?;
        let (title, forenames, surname, org): (String, String, String, String) =
            (r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
        let sort_key = if kind == Some(PartyKind::Organisation) {
            org.to_lowercase()
        } else {
            format!("{} {}", surname, forenames).to_lowercase()
        };
        Ok((
            r.get::<_, String>(0)?,
            Defendant {
                party_id: r.get(1)?,
                name: display_name(kind, &title, &forenames, &surname, &org),
                sort_key,
                role: r.get(7)?,
                address: match r.get::<_, Option<String>>(8)? {
                    Some(_) => Some(address_from_row(r, 8)?),
                    None => None,
                },
            },
        ))
    })?;
    let mut out: HashMap<String, Vec<Defendant>> = HashMap::new();
    for row in rows {
        let (account, d) = row?;
        out.entry(account).or_default().push(d);
    }
    Ok(out)
}

/// A list kept against a hearing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HearingDocument {
    pub id: String,
    pub document_id: String,
    pub kind: String,
    pub created_at: String,
    pub created_by: String,
}

pub fn insert_hearing_document(tx: &Tx, ctx: &Ctx, hearing_id: &str, document_id: &str, kind: &str) -> Result<String> {
    let id = new_id(ctx);
    tx.execute(
        "INSERT INTO court_hearing_documents (id, hearing_id, document_id, kind, created_at, created_by, device_id)
         VALUES (:id, :hearing, :document, :kind, :at, :user, :device)",
        named_params! {
            ":id": id, ":hearing": hearing_id, ":document": document_id, ":kind": kind, ":at": ctx.at(),
            ":user": ctx.user_id, ":device": tx.device_id,
        },
    )?;
    Ok(id)
}

pub fn hearing_documents(conn: &Connection, hearing_id: &str) -> Result<Vec<HearingDocument>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, document_id, kind, created_at, created_by FROM court_hearing_documents
         WHERE hearing_id = :hearing ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map(named_params! {":hearing": hearing_id}, |r| {
        Ok(HearingDocument {
            id: r.get(0)?,
            document_id: r.get(1)?,
            kind: r.get(2)?,
            created_at: r.get(3)?,
            created_by: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ------------------------------------------------------------------------------------------------ bundles

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BundleRow {
    pub id: String,
    pub account_id: String,
    pub kind: String,
    pub hearing_id: Option<String>,
    /// JSON array of section codes.
    pub sections: String,
    pub officer_name: String,
    pub officer_title: String,
    pub statement: String,
    /// The court the bundle is for.
    pub court: String,
    pub template_name: String,
    pub template_version: i64,
    pub checks: String,
    pub status: String,
    pub document_id: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub created_at: String,
    pub created_by: String,
}

pub struct NewBundle<'a> {
    pub account_id: &'a str,
    pub kind: &'a str,
    pub hearing_id: Option<&'a str>,
    pub sections: &'a str,
    pub officer_name: &'a str,
    pub officer_title: &'a str,
    pub statement: &'a str,
    pub court: &'a str,
    pub template_name: &'a str,
    pub template_version: i64,
    pub checks: &'a str,
}

pub fn insert_bundle(tx: &Tx, ctx: &Ctx, b: &NewBundle) -> Result<String> {
    let id = new_id(ctx);
    tx.execute(
        "INSERT INTO court_bundles (id, account_id, kind, hearing_id, sections, officer_name, officer_title, statement,
             court, template_name, template_version, checks, status, created_at, created_by, device_id)
         VALUES (:id, :account, :kind, :hearing, :sections, :officer, :title, :statement, :court, :template, :version,
                 :checks, 'draft', :at, :user, :device)",
        named_params! {
            ":id": id, ":account": b.account_id, ":kind": b.kind, ":hearing": b.hearing_id, ":sections": b.sections,
            ":officer": b.officer_name, ":title": b.officer_title, ":statement": b.statement, ":court": b.court,
            ":template": b.template_name, ":version": b.template_version, ":checks": b.checks, ":at": ctx.at(),
            ":user": ctx.user_id, ":device": tx.device_id,
        },
    )?;
    Ok(id)
}

pub fn bundle(conn: &Connection, id: &str) -> Result<Option<BundleRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, account_id, kind, hearing_id, sections, officer_name, officer_title, statement, court,
                    template_name, template_version, checks, status, document_id, issued_on, created_at, created_by
             FROM court_bundles WHERE id = :id AND deleted_at IS NULL",
        )?
        .query_row(named_params! {":id": id}, |r| {
            Ok(BundleRow {
                id: r.get(0)?,
                account_id: r.get(1)?,
                kind: r.get(2)?,
                hearing_id: r.get(3)?,
                sections: r.get(4)?,
                officer_name: r.get(5)?,
                officer_title: r.get(6)?,
                statement: r.get(7)?,
                court: r.get(8)?,
                template_name: r.get(9)?,
                template_version: r.get(10)?,
                checks: r.get(11)?,
                status: r.get(12)?,
                document_id: r.get(13)?,
                issued_on: opt_date(r, 14)?,
                created_at: r.get(15)?,
                created_by: r.get(16)?,
            })
        })
        .optional()?)
}

/// Changes a draft's sections and statement.
pub fn update_bundle(tx: &Tx, ctx: &Ctx, id: &str, sections: &str, statement: &str) -> Result<()> {
    tx.execute(
        "UPDATE court_bundles SET sections = :sections, statement = :statement, updated_at = :at WHERE id = :id",
        named_params! {":id": id, ":sections": sections, ":statement": statement, ":at": ctx.at()},
    )?;
    Ok(())
}

pub fn set_bundle_issued(tx: &Tx, ctx: &Ctx, id: &str, document_id: &str) -> Result<()> {
    tx.execute(
        "UPDATE court_bundles SET status = 'issued', document_id = :document, issued_on = :today, updated_at = :at
         WHERE id = :id",
        named_params! {":id": id, ":document": document_id, ":today": ctx.today.to_string(), ":at": ctx.at()},
    )?;
    Ok(())
}

/// An exhibit with its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExhibitRow {
    pub id: String,
    pub position: i64,
    pub title: String,
    pub file_name: String,
    pub page_count: i64,
    pub pdf: Vec<u8>,
}

#[allow(clippy::too_many_arguments)] // one row, its columns: a struct would only rename them
pub fn insert_exhibit(
    tx: &Tx,
    ctx: &Ctx,
    bundle_id: &str,
    account_id: &str,
    title: &str,
    file_name: &str,
    pdf: &[u8],
    page_count: usize,
) -> Result<String> {
    let id = new_id(ctx);
    let position: i64 = tx.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM court_bundle_exhibits WHERE bundle_id = :bundle",
        named_params! {":bundle": bundle_id},
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO court_bundle_exhibits (id, bundle_id, account_id, position, title, file_name, page_count,
             byte_count, content_base64, created_at, created_by, device_id)
         VALUES (:id, :bundle, :account, :position, :title, :file, :pages, :bytes, :content, :at, :user, :device)",
        named_params! {
            ":id": id, ":bundle": bundle_id, ":account": account_id, ":position": position, ":title": title,
            ":file": file_name, ":pages": page_count as i64, ":bytes": pdf.len() as i64,
            ":content": base64::engine::general_purpose::STANDARD.encode(pdf), ":at": ctx.at(), ":user": ctx.user_id,
            ":device": tx.device_id,
        },
    )?;
    Ok(id)
}

/// The bundle's exhibits in order, with their files.
pub fn exhibits(conn: &Connection, bundle_id: &str) -> Result<Vec<ExhibitRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, position, title, file_name, page_count, content_base64 FROM court_bundle_exhibits
         WHERE bundle_id = :bundle AND deleted_at IS NULL ORDER BY position, id",
    )?;
    let rows = stmt.query_map(named_params! {":bundle": bundle_id}, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, position, title, file_name, page_count, b64): (String, i64, String, String, i64, String) = row?;
        let pdf = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| Error::Internal(format!("exhibit {id}: stored PDF is not base64: {e}")))?;
        out.push(ExhibitRow { id, position, title, file_name, page_count, pdf });
    }
    Ok(out)
}

/// The documents issued on an account (letters), oldest first: the notices a bundle copies.
pub fn account_documents(conn: &Connection, account_id: &str) -> Result<Vec<(String, String, String, NaiveDate)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.kind, d.title, d.issued_on FROM documents d
         WHERE d.account_id = :account AND EXISTS (SELECT 1 FROM document_files f WHERE f.document_id = d.id)
           AND d.kind NOT IN ('court_bundle', 'court_list')
         ORDER BY d.issued_on, d.created_at, d.id",
    )?;
    let rows = stmt.query_map(named_params! {":account": account_id}, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, date(&r.get::<_, String>(3)?)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The granted liability orders on an account: (hearing day, court, year, order amount, outcome row id).
pub fn liability_orders(conn: &Connection, account_id: &str) -> Result<Vec<LiabilityOrderRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, h.hearing_on, h.court_name, l.id, l.financial_year, o.order_pence, o.liability_order_costs_pence,
                c.debt_pence, c.summons_costs_pence, c.oldest_due_on, l.period_from, o.status_on_the_day
         FROM court_outcomes o
         JOIN court_listings li ON li.id = o.listing_id
         JOIN court_complaints c ON c.id = li.complaint_id
         JOIN court_hearings h ON h.id = o.hearing_id
         JOIN liabilities l ON l.id = c.liability_id
         WHERE o.account_id = :account AND o.outcome = 'granted'
         ORDER BY h.hearing_on, l.financial_year",
    )?;
    let rows = stmt.query_map(named_params! {":account": account_id}, |r| {
        Ok(LiabilityOrderRow {
            outcome_id: r.get(0)?,
            made_on: date(&r.get::<_, String>(1)?)?,
            court: r.get(2)?,
            liability_id: r.get(3)?,
            financial_year: r.get(4)?,
            amount: money(r, 5)?,
            liability_order_costs: money(r, 6)?,
            debt_at_summons: money(r, 7)?,
            summons_costs: money(r, 8)?,
            oldest_due_on: opt_date(r, 9)?,
            period_from: date(&r.get::<_, String>(10)?)?,
            costs_only: r.get::<_, String>(11)? == "costs_only",
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A liability order granted at a hearing recorded here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiabilityOrderRow {
    pub outcome_id: String,
    pub made_on: NaiveDate,
    pub court: String,
    pub liability_id: String,
    pub financial_year: i32,
    pub amount: Money,
    pub liability_order_costs: Money,
    pub debt_at_summons: Money,
    pub summons_costs: Money,
    pub oldest_due_on: Option<NaiveDate>,
    pub period_from: NaiveDate,
    pub costs_only: bool,
}

/// One year of an account at the liability order stage (or beyond): what it owes now and the day its oldest
/// unpaid sum fell due (the instalment's own due day: the earliest, so the 6-year check is never generous).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderComponent {
    pub liability_id: String,
    pub financial_year: i32,
    pub period_from: NaiveDate,
    pub outstanding: Money,
    pub due_on: NaiveDate,
}

pub fn order_components(conn: &Connection, account_id: &str) -> Result<Vec<OrderComponent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.financial_year, l.period_from,
                coalesce(b.charged_pence + b.costs_pence + b.credited_pence + b.other_pence, 0),
                coalesce(b.oldest_unpaid_due_on,
                         (SELECT c.oldest_due_on FROM court_complaints c WHERE c.liability_id = l.id
                           ORDER BY c.created_at LIMIT 1),
                         l.period_from)
         FROM liabilities l
         LEFT JOIN local_liability_balances b ON b.account_id = l.account_id AND b.liability_id = l.id
         WHERE l.account_id = :account AND l.deleted_at IS NULL
           AND EXISTS (SELECT 1 FROM recovery_stages st WHERE st.liability_id = l.id AND st.stage = 'liability_order'
                         AND NOT EXISTS (SELECT 1 FROM recovery_stage_reversals r WHERE r.stage_id = st.id))
         ORDER BY l.financial_year, l.period_from",
    )?;
    let rows = stmt.query_map(named_params! {":account": account_id}, |r| {
        Ok(OrderComponent {
            liability_id: r.get(0)?,
            financial_year: r.get(1)?,
            period_from: date(&r.get::<_, String>(2)?)?,
            outstanding: money(r, 3)?,
            due_on: date(&r.get::<_, String>(4)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An account's stage history, oldest first, reversed stages left out: (day, stage, reason).
pub fn stage_history(conn: &Connection, account_id: &str) -> Result<Vec<(NaiveDate, crate::model::Stage, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT st.entered_on, st.stage, st.reason FROM recovery_stages st
         WHERE st.account_id = :account AND NOT EXISTS (SELECT 1 FROM recovery_stage_reversals r WHERE r.stage_id = st.id)
           AND NOT EXISTS (SELECT 1 FROM recovery_stage_reversals r WHERE r.restored_stage_id = st.id)
         ORDER BY st.entered_on, st.created_at, st.id",
    )?;
    let rows = stmt.query_map(named_params! {":account": account_id}, |r| {
        Ok((date(&r.get::<_, String>(0)?)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An account's whole ledger, oldest first.
pub fn ledger(conn: &Connection, account_id: &str) -> Result<Vec<crate::db::accounts::LedgerEntry>> {
    let mut all = crate::db::accounts::recent_entries(conn, account_id, u32::MAX)?;
    all.reverse();
    Ok(all)
}
