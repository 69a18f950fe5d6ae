//! Arrangements to pay (migration 0007): the arrangement, the debts it covers, its schedules and payments, what
//! happened to it (events), the debts a person could put in one, and the facts daily monitoring reads for many
//! arrangements in a few set queries; the monitoring runs and their items.

use crate::db::instalments::{liability_from_row, LiabilityRow};
use crate::db::{date, new_id, Ctx, Tx};
use crate::error::{Error, Result};
use crate::model::PaymentMethod;
use crate::money::Money;
use crate::rules::arrangements::{Check, DefaultSent, PaymentFrequency, Received, Scheduled};
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;

fn bad(column: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
}

fn frequency(column: usize, text: &str) -> rusqlite::Result<PaymentFrequency> {
    PaymentFrequency::parse(text).ok_or_else(|| bad(column, Error::Internal(format!("frequency '{text}'"))))
}

fn opt_date(text: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|t| date(&t)).transpose()
}

// ------------------------------------------------------------------------------------------------- debts

/// A debt (one liability) as the planner sees it: the liability, what it owes now, and its balance's parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DebtFacts {
    #[serde(flatten)]
    pub liability: LiabilityRow,
    /// From the ledger (the local summary, which `db::instalments::summary_mismatches` proves equal to it).
    pub balance: Money,
}

const DEBT_SQL: &str = "SELECT l.id, l.account_id, a.reference, a.debt_type, a.jurisdiction, a.status,
        l.financial_year, l.period_from, l.period_to, l.description,
        coalesce(b.charged_pence + b.costs_pence + b.credited_pence + b.other_pence, 0)
    FROM liabilities l JOIN accounts a ON a.id = l.account_id
    LEFT JOIN local_liability_balances b ON b.account_id = l.account_id AND b.liability_id = l.id
    WHERE l.deleted_at IS NULL AND a.deleted_at IS NULL";

fn debt_from_row(r: &rusqlite::Row) -> rusqlite::Result<DebtFacts> {
    Ok(DebtFacts { liability: liability_from_row(r, 0)?, balance: Money::from_pence(r.get(10)?) })
}

/// One liability with its balance, or `None`.
pub fn debt(conn: &Connection, liability_id: &str) -> Result<Option<DebtFacts>> {
    Ok(conn
        .prepare_cached(&format!("{DEBT_SQL} AND l.id = :id"))?
        .query_row(named_params! {":id": liability_id}, debt_from_row)
        .optional()?)
}

/// Every liability owing more than £0.00 on the accounts `party_id` is liable on (alone or jointly), by account
/// then oldest year first: the debts the planner offers.
pub fn owing_of_party(conn: &Connection, party_id: &str) -> Result<Vec<DebtFacts>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{DEBT_SQL} AND l.account_id IN (
             SELECT account_id FROM account_parties
             WHERE party_id = :party AND role IN ('liable', 'joint_and_several') AND deleted_at IS NULL)
           AND coalesce(b.charged_pence + b.costs_pence + b.credited_pence + b.other_pence, 0) > 0
         ORDER BY a.debt_type, a.reference, l.financial_year, l.period_from, l.id"
    ))?;
    let rows = stmt.query_map(named_params! {":party": party_id}, debt_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether `party_id` is liable (alone or jointly) on `account_id`.
pub fn party_is_liable(conn: &Connection, party_id: &str, account_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM account_parties WHERE party_id = :party AND account_id = :account
                            AND role IN ('liable', 'joint_and_several') AND deleted_at IS NULL)",
        )?
        .query_row(named_params! {":party": party_id, ":account": account_id}, |r| r.get(0))?)
}

/// The live arrangements covering any of `liability_ids`: (liability, arrangement id).
pub fn live_on(conn: &Connection, liability_ids: &[String]) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.liability_id, a.id FROM arrangement_debts d JOIN arrangements a ON a.id = d.arrangement_id
         WHERE d.liability_id = :liability AND a.status = 'live' AND a.deleted_at IS NULL",
    )?;
    let mut out = Vec::new();
    for l in liability_ids {
        for row in stmt.query_map(named_params! {":liability": l}, |r| Ok((r.get(0)?, r.get(1)?)))? {
            out.push(row?);
        }
    }
    Ok(out)
}

/// Payments received (less payments reversed) on `liability_ids` dated on or after `from`: what a schedule made
/// today must not count twice.
pub fn received_since(conn: &Connection, liability_ids: &[String], from: NaiveDate) -> Result<Money> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(sum(-e.amount_pence), 0)
         FROM ledger_entries e INDEXED BY ledger_entries_credits
         LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
         WHERE e.liability_id = :liability AND e.effective_on >= :from
           AND e.kind IN ('payment', 'refund', 'transfer', 'write_off', 'reversal')
           AND coalesce(o.kind, e.kind) = 'payment'",
    )?;
    let mut total = Money::ZERO;
    for l in liability_ids {
        let pence: i64 = stmt.query_row(named_params! {":liability": l, ":from": from.to_string()}, |r| r.get(0))?;
        total += Money::from_pence(pence);
    }
    Ok(total)
}

// ------------------------------------------------------------------------------------------ arrangements

pub struct NewArrangement<'a> {
    pub party_id: &'a str,
    pub frequency: PaymentFrequency,
    pub method: PaymentMethod,
    pub agreed_on: NaiveDate,
    pub agreed_how: &'a str,
    pub agreed_with: &'a str,
    pub debt_order: &'a str,
    pub affordable: Option<Money>,
    pub income_expenditure_id: Option<&'a str>,
    pub checks: &'a [Check],
    pub notes: &'a str,
}

pub fn insert_arrangement(tx: &Tx, ctx: &Ctx, a: &NewArrangement) -> Result<String> {
    let id = new_id(ctx);
    let checks = serde_json::to_string(a.checks).map_err(|e| Error::Internal(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO arrangements (id, party_id, status, frequency, method, agreed_on, agreed_how, agreed_with,
                                   debt_order, affordable_pence, income_expenditure_id, checks, notes, created_at,
                                   created_by, device_id)
         VALUES (:id, :party, 'live', :frequency, :method, :agreed_on, :how, :with, :order, :affordable, :ie,
                 :checks, :notes, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":party": a.party_id, ":frequency": a.frequency.as_str(), ":method": a.method,
        ":agreed_on": a.agreed_on.to_string(), ":how": a.agreed_how, ":with": a.agreed_with, ":order": a.debt_order,
        ":affordable": a.affordable.map(Money::pence), ":ie": a.income_expenditure_id, ":checks": checks,
        ":notes": a.notes, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// A debt an arrangement covers.
pub struct NewDebt<'a> {
    pub account_id: &'a str,
    pub liability_id: &'a str,
    pub position: usize,
    pub balance: Money,
    pub current_year: bool,
}

pub fn insert_debt(tx: &Tx, ctx: &Ctx, arrangement_id: &str, party_id: &str, d: &NewDebt) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO arrangement_debts (id, arrangement_id, party_id, account_id, liability_id, position,
                                        balance_pence, current_year, created_at, created_by, device_id)
         VALUES (:id, :arrangement, :party, :account, :liability, :position, :balance, :current, :at, :user,
                 :device)",
    )?
    .execute(named_params! {
        ":id": id, ":arrangement": arrangement_id, ":party": party_id, ":account": d.account_id,
        ":liability": d.liability_id, ":position": d.position as i64, ":balance": d.balance.pence(),
        ":current": d.current_year, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

pub struct NewSchedule<'a> {
    pub arrangement_id: &'a str,
    pub party_id: &'a str,
    pub revision: i64,
    pub frequency: PaymentFrequency,
    pub regular: Money,
    pub payments: &'a [Scheduled],
    pub payments_from: NaiveDate,
    pub received_before: Money,
    pub reason: &'a str,
}

/// Stores a schedule and its payments, and makes it the arrangement's current one.
pub fn insert_schedule(tx: &Tx, ctx: &Ctx, s: &NewSchedule) -> Result<String> {
    let id = new_id(ctx);
    let total: Money = s.payments.iter().map(|p| p.amount).sum();
    let starts_on = s.payments.first().map(|p| p.due_on.to_string()).unwrap_or_default();
    tx.prepare_cached(
        "INSERT INTO arrangement_schedules (id, arrangement_id, party_id, revision, frequency, starts_on,
                                            amount_pence, total_pence, payments_from, received_before_pence, reason,
                                            created_at, created_by, device_id)
         VALUES (:id, :arrangement, :party, :revision, :frequency, :starts, :amount, :total, :from, :before,
                 :reason, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":arrangement": s.arrangement_id, ":party": s.party_id, ":revision": s.revision,
        ":frequency": s.frequency.as_str(), ":starts": starts_on, ":amount": s.regular.pence(),
        ":total": total.pence(), ":from": s.payments_from.to_string(), ":before": s.received_before.pence(),
        ":reason": s.reason, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO arrangement_payments (id, schedule_id, arrangement_id, party_id, number, due_on, amount_pence,
                                           created_at, created_by, device_id)
         VALUES (:id, :schedule, :arrangement, :party, :number, :due, :amount, :at, :user, :device)",
    )?;
    for p in s.payments {
        stmt.execute(named_params! {
            ":id": new_id(ctx), ":schedule": id, ":arrangement": s.arrangement_id, ":party": s.party_id,
            ":number": p.number, ":due": p.due_on.to_string(), ":amount": p.amount.pence(), ":at": ctx.at(),
            ":user": ctx.user_id, ":device": tx.device_id,
        })?;
    }
    tx.prepare_cached(
        "UPDATE arrangements SET schedule_id = :schedule, frequency = :frequency, updated_at = :at WHERE id = :id",
    )?
    .execute(named_params! {
        ":schedule": id, ":frequency": s.frequency.as_str(), ":id": s.arrangement_id, ":at": ctx.at(),
    })?;
    Ok(id)
}

/// Records the confirmation letter sent for a schedule.
pub fn set_confirmation(tx: &Tx, schedule_id: &str, document_id: &str) -> Result<()> {
    tx.prepare_cached("UPDATE arrangement_schedules SET confirmation_document_id = :doc WHERE id = :id")?
        .execute(named_params! {":doc": document_id, ":id": schedule_id})?;
    Ok(())
}

/// Ends an arrangement (`completed`, `broken`, `cancelled`) or makes it live again (`live`, clearing the end).
pub fn set_status(tx: &Tx, ctx: &Ctx, id: &str, status: &str, ended_on: Option<NaiveDate>, reason: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE arrangements SET status = :status, ended_on = :ended, end_reason = :reason, updated_at = :at
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":status": status, ":ended": ended_on.map(|d| d.to_string()), ":reason": reason, ":at": ctx.at(), ":id": id,
    })?;
    Ok(())
}

pub struct NewEvent<'a> {
    pub arrangement_id: &'a str,
    pub party_id: &'a str,
    pub schedule_id: &'a str,
    /// `agreed`, `default`, `broken`, `completed`, `cancelled`, `reinstated`.
    pub kind: &'a str,
    pub on: NaiveDate,
    pub payment_number: Option<u32>,
    pub amount: Option<Money>,
    pub pay_by: Option<NaiveDate>,
    pub document_id: Option<&'a str>,
    pub task_id: Option<&'a str>,
    pub monitoring_run_id: Option<&'a str>,
    pub reason: &'a str,
}

pub fn insert_event(tx: &Tx, ctx: &Ctx, e: &NewEvent) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO arrangement_events (id, arrangement_id, party_id, schedule_id, kind, event_on, payment_number,
                                         amount_pence, pay_by, document_id, task_id, monitoring_run_id, reason,
                                         created_at, created_by, device_id)
         VALUES (:id, :arrangement, :party, :schedule, :kind, :on, :number, :amount, :pay_by, :document, :task,
                 :run, :reason, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":arrangement": e.arrangement_id, ":party": e.party_id, ":schedule": e.schedule_id,
        ":kind": e.kind, ":on": e.on.to_string(), ":number": e.payment_number, ":amount": e.amount.map(Money::pence),
        ":pay_by": e.pay_by.map(|d| d.to_string()), ":document": e.document_id, ":task": e.task_id,
        ":run": e.monitoring_run_id, ":reason": e.reason, ":at": ctx.at(), ":user": ctx.user_id,
        ":device": tx.device_id,
    })?;
    Ok(id)
}

/// An arrangement as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArrangementRow {
    pub id: String,
    pub party_id: String,
    pub status: String,
    pub frequency: PaymentFrequency,
    pub method: PaymentMethod,
    pub agreed_on: NaiveDate,
    pub agreed_how: String,
    pub agreed_with: String,
    pub debt_order: String,
    pub affordable: Option<Money>,
    pub income_expenditure_id: Option<String>,
    pub checks: Vec<Check>,
    pub notes: String,
    pub schedule_id: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: String,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: Option<String>,
}

const ARRANGEMENT_SQL: &str = "SELECT id, party_id, status, frequency, method, agreed_on, agreed_how, agreed_with,
        debt_order, affordable_pence, income_expenditure_id, checks, notes, schedule_id, ended_on, end_reason,
        created_at, created_by, updated_at
    FROM arrangements WHERE deleted_at IS NULL";

fn arrangement_from_row(r: &rusqlite::Row) -> rusqlite::Result<ArrangementRow> {
    let checks: String = r.get(11)?;
    Ok(ArrangementRow {
        id: r.get(0)?,
        party_id: r.get(1)?,
        status: r.get(2)?,
        frequency: frequency(3, &r.get::<_, String>(3)?)?,
        method: r.get(4)?,
        agreed_on: date(&r.get::<_, String>(5)?)?,
        agreed_how: r.get(6)?,
        agreed_with: r.get(7)?,
        debt_order: r.get(8)?,
        affordable: r.get::<_, Option<i64>>(9)?.map(Money::from_pence),
        income_expenditure_id: r.get(10)?,
        checks: serde_json::from_str(&checks).map_err(|e| bad(11, e))?,
        notes: r.get(12)?,
        schedule_id: r.get(13)?,
        ended_on: opt_date(r.get(14)?)?,
        end_reason: r.get(15)?,
        created_at: r.get(16)?,
        created_by: r.get(17)?,
        updated_at: r.get(18)?,
    })
}

pub fn arrangement(conn: &Connection, id: &str) -> Result<Option<ArrangementRow>> {
    Ok(conn
        .prepare_cached(&format!("{ARRANGEMENT_SQL} AND id = :id"))?
        .query_row(named_params! {":id": id}, arrangement_from_row)
        .optional()?)
}

/// A person's arrangements, newest first.
pub fn of_party(conn: &Connection, party_id: &str) -> Result<Vec<ArrangementRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{ARRANGEMENT_SQL} AND party_id = :party ORDER BY agreed_on DESC, created_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map(named_params! {":party": party_id}, arrangement_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A debt an arrangement covers, with the liability and what it owes now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DebtRow {
    #[serde(flatten)]
    pub debt: DebtFacts,
    pub position: i64,
    /// What it owed when agreed.
    pub balance_at_start: Money,
    pub current_year: bool,
}

/// The debts of an arrangement, in the order its payments meet them.
pub fn debts_of(conn: &Connection, arrangement_id: &str) -> Result<Vec<DebtRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.position, d.balance_pence, d.current_year, x.*
         FROM arrangement_debts d JOIN ({DEBT_SQL}) x ON x.id = d.liability_id
         WHERE d.arrangement_id = :arrangement ORDER BY d.position"
    ))?;
    let rows = stmt.query_map(named_params! {":arrangement": arrangement_id}, |r| {
        Ok(DebtRow {
            position: r.get(0)?,
            balance_at_start: Money::from_pence(r.get(1)?),
            current_year: r.get(2)?,
            debt: DebtFacts { liability: liability_from_row(r, 3)?, balance: Money::from_pence(r.get(13)?) },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A schedule as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduleRow {
    pub id: String,
    pub revision: i64,
    pub frequency: PaymentFrequency,
    pub starts_on: NaiveDate,
    pub amount: Money,
    pub total: Money,
    pub payments_from: NaiveDate,
    pub received_before: Money,
    pub reason: String,
    pub confirmation_document_id: Option<String>,
    pub created_at: String,
    pub created_by: String,
}

/// An arrangement's schedules, newest revision first.
pub fn schedules_of(conn: &Connection, arrangement_id: &str) -> Result<Vec<ScheduleRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, revision, frequency, starts_on, amount_pence, total_pence, payments_from, received_before_pence,
                reason, confirmation_document_id, created_at, created_by
         FROM arrangement_schedules WHERE arrangement_id = :arrangement ORDER BY revision DESC",
    )?;
    let rows = stmt.query_map(named_params! {":arrangement": arrangement_id}, |r| {
        Ok(ScheduleRow {
            id: r.get(0)?,
            revision: r.get(1)?,
            frequency: frequency(2, &r.get::<_, String>(2)?)?,
            starts_on: date(&r.get::<_, String>(3)?)?,
            amount: Money::from_pence(r.get(4)?),
            total: Money::from_pence(r.get(5)?),
            payments_from: date(&r.get::<_, String>(6)?)?,
            received_before: Money::from_pence(r.get(7)?),
            reason: r.get(8)?,
            confirmation_document_id: r.get(9)?,
            created_at: r.get(10)?,
            created_by: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The payments of a schedule, in order.
pub fn payments_of(conn: &Connection, schedule_id: &str) -> Result<Vec<Scheduled>> {
    let mut stmt = conn.prepare_cached(
        "SELECT number, due_on, amount_pence FROM arrangement_payments WHERE schedule_id = :schedule ORDER BY number",
    )?;
    let rows = stmt.query_map(named_params! {":schedule": schedule_id}, |r| {
        Ok(Scheduled {
            number: r.get(0)?,
            due_on: date(&r.get::<_, String>(1)?)?,
            amount: Money::from_pence(r.get(2)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Something that happened to an arrangement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventRow {
    pub id: String,
    pub schedule_id: String,
    pub kind: String,
    pub event_on: NaiveDate,
    pub payment_number: Option<u32>,
    pub amount: Option<Money>,
    pub pay_by: Option<NaiveDate>,
    pub document_id: Option<String>,
    pub task_id: Option<String>,
    pub monitoring_run_id: Option<String>,
    pub reason: String,
    pub created_at: String,
    pub created_by: String,
}

/// An arrangement's history, oldest first.
pub fn events_of(conn: &Connection, arrangement_id: &str) -> Result<Vec<EventRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, schedule_id, kind, event_on, payment_number, amount_pence, pay_by, document_id, task_id,
                monitoring_run_id, reason, created_at, created_by
         FROM arrangement_events WHERE arrangement_id = :arrangement ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map(named_params! {":arrangement": arrangement_id}, |r| {
        Ok(EventRow {
            id: r.get(0)?,
            schedule_id: r.get(1)?,
            kind: r.get(2)?,
            event_on: date(&r.get::<_, String>(3)?)?,
            payment_number: r.get(4)?,
            amount: r.get::<_, Option<i64>>(5)?.map(Money::from_pence),
            pay_by: opt_date(r.get(6)?)?,
            document_id: r.get(7)?,
            task_id: r.get(8)?,
            monitoring_run_id: r.get(9)?,
            reason: r.get(10)?,
            created_at: r.get(11)?,
            created_by: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// --------------------------------------------------------------------------------------------- monitoring

/// What monitoring reads about one arrangement and its current schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonitorCase {
    pub arrangement_id: String,
    pub party_id: String,
    pub status: String,
    pub schedule_id: String,
    pub payments_from: NaiveDate,
    pub received_before: Money,
    pub schedule: Vec<Scheduled>,
    /// Payments (and reversals) on the debts dated from `payments_from` to the day monitored, oldest first.
    pub received: Vec<Received>,
    pub defaults: Vec<DefaultSent>,
    /// What the covered debts owe now.
    pub debts_balance: Money,
}

/// Which arrangements to load for monitoring.
#[derive(Clone, Copy, Debug)]
pub enum Monitored<'a> {
    /// Every live arrangement.
    Live,
    /// One arrangement, whatever its status.
    One(&'a str),
}

/// Loads the monitoring facts of every live arrangement (or one) in five set queries driven from the
/// arrangements (covering indexes on the payments, the ledger's credits and the events), money received up to
/// `on`. Ordered by arrangement id.
pub fn monitor_cases(conn: &Connection, which: Monitored, on: NaiveDate) -> Result<Vec<MonitorCase>> {
    let (filter, id) = match which {
        Monitored::Live => ("a.status = 'live' AND a.deleted_at IS NULL AND :id IS NULL", None),
        Monitored::One(id) => ("a.id = :id AND a.deleted_at IS NULL", Some(id)),
    };
    let mut cases: Vec<MonitorCase> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT a.id, a.party_id, a.status, s.id, s.payments_from, s.received_before_pence
             FROM arrangements a CROSS JOIN arrangement_schedules s ON s.id = a.schedule_id
             WHERE {filter} ORDER BY a.id"
        ))?;
        let rows = stmt.query_map(named_params! {":id": id}, |r| {
            Ok(MonitorCase {
                arrangement_id: r.get(0)?,
                party_id: r.get(1)?,
                status: r.get(2)?,
                schedule_id: r.get(3)?,
                payments_from: date(&r.get::<_, String>(4)?)?,
                received_before: Money::from_pence(r.get(5)?),
                schedule: Vec::new(),
                received: Vec::new(),
                defaults: Vec::new(),
                debts_balance: Money::ZERO,
            })
        })?;
        for row in rows {
            let c = row?;
            at.insert(c.arrangement_id.clone(), cases.len());
            cases.push(c);
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, p.number, p.due_on, p.amount_pence
         FROM arrangements a CROSS JOIN arrangement_payments p INDEXED BY arrangement_payments_schedule
              ON p.schedule_id = a.schedule_id
         WHERE {filter}"
    ))?;
    let rows = stmt.query_map(named_params! {":id": id}, |r| {
        Ok((
            r.get::<_, String>(0)?,
            Scheduled {
                number: r.get(1)?,
                due_on: date(&r.get::<_, String>(2)?)?,
                amount: Money::from_pence(r.get(3)?),
            },
        ))
    })?;
    for row in rows {
        let (a, s) = row?;
        if let Some(&i) = at.get(&a) {
            cases[i].schedule.push(s);
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, e.effective_on, e.amount_pence
         FROM arrangements a CROSS JOIN arrangement_schedules s ON s.id = a.schedule_id
         CROSS JOIN arrangement_debts d ON d.arrangement_id = a.id
         CROSS JOIN ledger_entries e INDEXED BY ledger_entries_credits
              ON e.liability_id = d.liability_id AND e.effective_on >= s.payments_from AND e.effective_on <= :on
         LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
         WHERE {filter} AND e.kind IN ('payment', 'refund', 'transfer', 'write_off', 'reversal')
           AND coalesce(o.kind, e.kind) = 'payment'"
    ))?;
    let rows = stmt.query_map(named_params! {":id": id, ":on": on.to_string()}, |r| {
        Ok((
            r.get::<_, String>(0)?,
            Received { on: date(&r.get::<_, String>(1)?)?, amount: Money::from_pence(-r.get::<_, i64>(2)?) },
        ))
    })?;
    for row in rows {
        let (a, rx) = row?;
        if let Some(&i) = at.get(&a) {
            cases[i].received.push(rx);
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, ev.payment_number, ev.event_on, ev.pay_by
         FROM arrangements a CROSS JOIN arrangement_events ev INDEXED BY arrangement_events_schedule
              ON ev.schedule_id = a.schedule_id AND ev.kind = 'default'
         WHERE {filter}"
    ))?;
    let rows = stmt.query_map(named_params! {":id": id}, |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<u32>>(1)?, date(&r.get::<_, String>(2)?)?, opt_date(r.get(3)?)?))
    })?;
    for row in rows {
        let (a, number, sent_on, pay_by) = row?;
        if let (Some(&i), Some(payment_number), Some(pay_by)) = (at.get(&a), number, pay_by) {
            cases[i].defaults.push(DefaultSent { payment_number, sent_on, pay_by });
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, sum(b.charged_pence + b.costs_pence + b.credited_pence + b.other_pence)
         FROM arrangements a CROSS JOIN arrangement_debts d INDEXED BY arrangement_debts_arrangement
              ON d.arrangement_id = a.id
         CROSS JOIN local_liability_balances b ON b.account_id = d.account_id AND b.liability_id = d.liability_id
         WHERE {filter} GROUP BY a.id"
    ))?;
    let rows = stmt.query_map(named_params! {":id": id}, |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (a, pence) = row?;
        if let Some(&i) = at.get(&a) {
            cases[i].debts_balance = Money::from_pence(pence);
        }
    }
    for c in cases.iter_mut() {
        c.schedule.sort_by_key(|s| s.number);
        c.received.sort_by_key(|r| r.on);
    }
    Ok(cases)
}

/// A monitoring run as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonitoringRunRow {
    pub id: String,
    pub run_on: NaiveDate,
    pub status: String,
    pub live_count: i64,
    pub on_track_count: i64,
    pub missed_count: i64,
    /// Missed, but a hold on a debt stops the default letter or the break.
    pub held_count: i64,
    pub default_count: i64,
    pub break_count: i64,
    pub complete_count: i64,
    pub committed_count: i64,
    pub prepared_by: String,
    pub prepared_at: String,
    pub committed_by: Option<String>,
    pub committed_at: Option<String>,
}

/// The counts a preview stores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MonitoringCounts {
    pub live: i64,
    pub on_track: i64,
    pub missed: i64,
    pub held: i64,
    pub default: i64,
    pub r#break: i64,
    pub complete: i64,
}

pub fn insert_monitoring_run(tx: &Tx, ctx: &Ctx, on: NaiveDate, counts: &MonitoringCounts) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO arrangement_monitoring_runs (id, run_on, status, live_count, on_track_count, missed_count,
                                                  held_count, default_count, break_count, complete_count,
                                                  prepared_by, prepared_at, created_at, created_by, device_id)
         VALUES (:id, :on, 'previewed', :live, :on_track, :missed, :held, :default, :break, :complete, :user, :at,
                 :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":on": on.to_string(), ":live": counts.live, ":on_track": counts.on_track,
        ":missed": counts.missed, ":held": counts.held, ":default": counts.default, ":break": counts.r#break, ":complete": counts.complete,
        ":user": ctx.user_id, ":at": ctx.at(), ":device": tx.device_id,
    })?;
    Ok(id)
}

/// Cancels the previews of `on` not yet committed (a newer preview replaces them); returns their ids.
pub fn cancel_previews(tx: &Tx, ctx: &Ctx, on: NaiveDate) -> Result<Vec<String>> {
    let ids: Vec<String> = tx
        .prepare_cached(
            "SELECT id FROM arrangement_monitoring_runs WHERE run_on = :on AND status = 'previewed'
             AND deleted_at IS NULL",
        )?
        .query_map(named_params! {":on": on.to_string()}, |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = tx.prepare_cached(
        "UPDATE arrangement_monitoring_runs SET status = 'cancelled', updated_at = :at WHERE id = :id",
    )?;
    for id in &ids {
        stmt.execute(named_params! {":id": id, ":at": ctx.at()})?;
    }
    Ok(ids)
}

/// Marks a run committed with how many of its items were acted on.
pub fn commit_monitoring_run(tx: &Tx, ctx: &Ctx, id: &str, committed: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE arrangement_monitoring_runs SET status = 'committed', committed_count = :n, committed_by = :user,
                committed_at = :at, updated_at = :at WHERE id = :id",
    )?
    .execute(named_params! {":n": committed, ":user": ctx.user_id, ":at": ctx.at(), ":id": id})?;
    Ok(())
}

const RUN_SQL: &str = "SELECT id, run_on, status, live_count, on_track_count, missed_count, held_count, default_count,
        break_count, complete_count, committed_count, prepared_by, prepared_at, committed_by, committed_at
    FROM arrangement_monitoring_runs WHERE deleted_at IS NULL";

fn run_from_row(r: &rusqlite::Row) -> rusqlite::Result<MonitoringRunRow> {
    Ok(MonitoringRunRow {
        id: r.get(0)?,
        run_on: date(&r.get::<_, String>(1)?)?,
        status: r.get(2)?,
        live_count: r.get(3)?,
        on_track_count: r.get(4)?,
        missed_count: r.get(5)?,
        held_count: r.get(6)?,
        default_count: r.get(7)?,
        break_count: r.get(8)?,
        complete_count: r.get(9)?,
        committed_count: r.get(10)?,
        prepared_by: r.get(11)?,
        prepared_at: r.get(12)?,
        committed_by: r.get(13)?,
        committed_at: r.get(14)?,
    })
}

pub fn monitoring_run(conn: &Connection, id: &str) -> Result<Option<MonitoringRunRow>> {
    Ok(conn
        .prepare_cached(&format!("{RUN_SQL} AND id = :id"))?
        .query_row(named_params! {":id": id}, run_from_row)
        .optional()?)
}

/// The newest monitoring runs first.
pub fn monitoring_runs(conn: &Connection, limit: u32) -> Result<Vec<MonitoringRunRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("{RUN_SQL} ORDER BY run_on DESC, prepared_at DESC, id DESC LIMIT :limit"))?;
    let rows = stmt.query_map(named_params! {":limit": limit}, run_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An item of a monitoring run, with the person's name and the arrangement's reference for the screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonitoringItemRow {
    pub id: String,
    pub arrangement_id: String,
    pub party_id: String,
    pub party_name: String,
    pub action: String,
    pub payment_number: Option<u32>,
    pub amount: Option<Money>,
    pub pay_by: Option<NaiveDate>,
    pub reason: String,
    pub status: String,
    pub commit_note: String,
}

pub struct NewMonitoringItem<'a> {
    pub arrangement_id: &'a str,
    pub party_id: &'a str,
    pub action: &'a str,
    pub payment_number: Option<u32>,
    pub amount: Option<Money>,
    pub pay_by: Option<NaiveDate>,
    pub reason: &'a str,
}

pub fn insert_monitoring_item(tx: &Tx, ctx: &Ctx, run_id: &str, i: &NewMonitoringItem) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO arrangement_monitoring_items (id, run_id, arrangement_id, party_id, action, payment_number,
                                                   amount_pence, pay_by, reason, status, created_at, created_by,
                                                   device_id)
         VALUES (:id, :run, :arrangement, :party, :action, :number, :amount, :pay_by, :reason, 'previewed', :at,
                 :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":run": run_id, ":arrangement": i.arrangement_id, ":party": i.party_id, ":action": i.action,
        ":number": i.payment_number, ":amount": i.amount.map(Money::pence),
        ":pay_by": i.pay_by.map(|d| d.to_string()), ":reason": i.reason, ":at": ctx.at(), ":user": ctx.user_id,
        ":device": tx.device_id,
    })?;
    Ok(id)
}

/// A run's items: breaks, then default letters, then completions; by person.
pub fn monitoring_items(conn: &Connection, run_id: &str) -> Result<Vec<MonitoringItemRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.arrangement_id, i.party_id, p.kind, p.title, p.forenames, p.surname, p.organisation_name,
                i.action, i.payment_number, i.amount_pence, i.pay_by, i.reason, i.status, i.commit_note
         FROM arrangement_monitoring_items i JOIN parties p ON p.id = i.party_id
         WHERE i.run_id = :run
         ORDER BY CASE i.action WHEN 'break' THEN 0 WHEN 'default' THEN 1 ELSE 2 END, p.surname, p.forenames, i.id",
    )?;
    let rows = stmt.query_map(named_params! {":run": run_id}, |r| {
        Ok(MonitoringItemRow {
            id: r.get(0)?,
            arrangement_id: r.get(1)?,
            party_id: r.get(2)?,
            party_name: crate::db::parties::display_name(
                r.get(3)?,
                &r.get::<_, String>(4)?,
                &r.get::<_, String>(5)?,
                &r.get::<_, String>(6)?,
                &r.get::<_, String>(7)?,
            ),
            action: r.get(8)?,
            payment_number: r.get(9)?,
            amount: r.get::<_, Option<i64>>(10)?.map(Money::from_pence),
            pay_by: opt_date(r.get(11)?)?,
            reason: r.get(12)?,
            status: r.get(13)?,
            commit_note: r.get(14)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks an item `committed` or `dropped` (with the note why).
pub fn set_item_status(tx: &Tx, ctx: &Ctx, id: &str, status: &str, note: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE arrangement_monitoring_items SET status = :status, commit_note = :note, updated_at = :at
         WHERE id = :id",
    )?
    .execute(named_params! {":status": status, ":note": note, ":at": ctx.at(), ":id": id})?;
    Ok(())
}
