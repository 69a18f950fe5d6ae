//! Instalment schedules stored per liability (insert-only; the newest is current, a revision names the one it
//! revises), the liability rows and ledger sums the recovery engine reads, and the checks on the local summary
//! the triggers of migration 0006 keep (`local_liability_balances`).

use crate::db::{date, new_id, Ctx, Tx};
use crate::error::{Error, Result};
use crate::model::{DebtType, Jurisdiction};
use crate::money::Money;
use crate::rules::instalments::Instalment;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;

/// The ledger kinds that count as charges, costs and credits (a reversal counts as the kind it reverses).
pub const CHARGE_KINDS: &str = "'charge', 'adjustment'";
pub const CREDIT_KINDS: &str = "'payment', 'refund', 'transfer', 'write_off'";

/// A liability with the account facts the rules need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiabilityRow {
    pub id: String,
    pub account_id: String,
    pub account_reference: String,
    pub debt_type: DebtType,
    pub jurisdiction: Jurisdiction,
    pub account_status: String,
    pub financial_year: i32,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub description: String,
}

const LIABILITY_SQL: &str = "SELECT l.id, l.account_id, a.reference, a.debt_type, a.jurisdiction, a.status,
        l.financial_year, l.period_from, l.period_to, l.description
    FROM liabilities l JOIN accounts a ON a.id = l.account_id
    WHERE l.deleted_at IS NULL AND a.deleted_at IS NULL";

pub fn liability_from_row(r: &rusqlite::Row, at: usize) -> rusqlite::Result<LiabilityRow> {
    Ok(LiabilityRow {
        id: r.get(at)?,
        account_id: r.get(at + 1)?,
        account_reference: r.get(at + 2)?,
        debt_type: r.get(at + 3)?,
        jurisdiction: r.get(at + 4)?,
        account_status: r.get(at + 5)?,
        financial_year: r.get(at + 6)?,
        period_from: date(&r.get::<_, String>(at + 7)?)?,
        period_to: date(&r.get::<_, String>(at + 8)?)?,
        description: r.get(at + 9)?,
    })
}

pub fn liability(conn: &Connection, id: &str) -> Result<Option<LiabilityRow>> {
    Ok(conn
        .prepare_cached(&format!("{LIABILITY_SQL} AND l.id = :id"))?
        .query_row(named_params! {":id": id}, |r| liability_from_row(r, 0))
        .optional()?)
}

/// An account's liabilities, oldest year first.
pub fn liabilities_of(conn: &Connection, account_id: &str) -> Result<Vec<LiabilityRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{LIABILITY_SQL} AND l.account_id = :account ORDER BY l.financial_year, l.period_from, l.id"
    ))?;
    let rows = stmt.query_map(named_params! {":account": account_id}, |r| liability_from_row(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A schedule to store.
pub struct NewSchedule<'a> {
    pub account_id: &'a str,
    pub liability_id: &'a str,
    /// `ten`, `twelve` or `invoice`.
    pub scheme: &'a str,
    pub bill_date: NaiveDate,
    pub day_of_month: Option<u32>,
    pub charge: Money,
    pub revises_schedule_id: Option<&'a str>,
    /// 1 for a bill; one more than the schedule it revises.
    pub revision: i64,
    /// JSON: the rules that shaped it.
    pub rules: &'a str,
    pub reason: &'a str,
    pub instalments: &'a [Instalment],
}

/// Stores a schedule and its instalments (with each one's cumulative sum); returns the schedule's id.
pub fn insert_schedule(tx: &Tx, ctx: &Ctx, s: &NewSchedule) -> Result<String> {
    let id = new_id(ctx);
    let at = ctx.at();
    // The instalments first (their reference to the schedule is checked at commit), so the summary trigger
    // reads them once when the schedule row arrives.
    let mut stmt = tx.prepare_cached(
        "INSERT INTO instalments (id, schedule_id, account_id, liability_id, number, due_on, amount_pence,
                                  cumulative_pence, created_at, created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut sorted = s.instalments.to_vec();
    sorted.sort_by_key(|i| (i.due_on, i.number));
    let mut cumulative = 0i64;
    for (n, i) in sorted.iter().enumerate() {
        if i.amount.is_negative() {
            return Err(Error::validation("instalments", format!("instalment {} is negative", i.number)));
        }
        cumulative += i.amount.pence();
        stmt.execute(rusqlite::params![
            new_id(ctx),
            id,
            s.account_id,
            s.liability_id,
            n as i64 + 1,
            i.due_on.to_string(),
            i.amount.pence(),
            cumulative,
            at,
            ctx.user_id,
            tx.device_id
        ])?;
    }
    tx.prepare_cached(
        "INSERT INTO instalment_schedules (id, account_id, liability_id, scheme, bill_date, day_of_month, charge_pence,
                                          revises_schedule_id, revision, rules, reason, created_at, created_by,
                                          device_id)
         VALUES (:id, :account, :liability, :scheme, :bill, :day, :charge, :revises, :revision, :rules, :reason, :at,
                 :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":account": s.account_id, ":liability": s.liability_id, ":scheme": s.scheme,
        ":bill": s.bill_date.to_string(), ":day": s.day_of_month, ":charge": s.charge.pence(),
        ":revises": s.revises_schedule_id, ":revision": s.revision, ":rules": s.rules, ":reason": s.reason, ":at": at,
        ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// A stored schedule and its instalments.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredSchedule {
    pub id: String,
    pub account_id: String,
    pub liability_id: String,
    pub scheme: String,
    pub bill_date: NaiveDate,
    pub day_of_month: Option<u32>,
    pub charge: Money,
    pub revises_schedule_id: Option<String>,
    pub revision: i64,
    /// The rules that shaped it, as stored (JSON).
    pub rules: serde_json::Value,
    pub reason: String,
    pub created_at: String,
    pub created_by: String,
    pub instalments: Vec<Instalment>,
}

/// Every schedule of a liability, newest (the current one) first.
pub fn schedules(conn: &Connection, liability_id: &str) -> Result<Vec<StoredSchedule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, account_id, liability_id, scheme, bill_date, day_of_month, charge_pence, revises_schedule_id,
                rules, reason, created_at, created_by, revision
         FROM instalment_schedules WHERE liability_id = :liability ORDER BY revision DESC, created_at DESC, id DESC",
    )?;
    let heads = stmt
        .query_map(named_params! {":liability": liability_id}, |r| {
            Ok(StoredSchedule {
                id: r.get(0)?,
                account_id: r.get(1)?,
                liability_id: r.get(2)?,
                scheme: r.get(3)?,
                bill_date: date(&r.get::<_, String>(4)?)?,
                day_of_month: r.get(5)?,
                charge: Money::from_pence(r.get(6)?),
                revises_schedule_id: r.get(7)?,
                rules: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or(serde_json::Value::Null),
                reason: r.get(9)?,
                created_at: r.get(10)?,
                created_by: r.get(11)?,
                revision: r.get(12)?,
                instalments: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(heads.len());
    for mut s in heads {
        s.instalments = instalments_of(conn, &s.id)?;
        out.push(s);
    }
    Ok(out)
}

/// The current (newest) schedule of a liability.
pub fn current_schedule(conn: &Connection, liability_id: &str) -> Result<Option<StoredSchedule>> {
    let id: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM instalment_schedules WHERE liability_id = :liability
             ORDER BY revision DESC, created_at DESC, id DESC LIMIT 1",
        )?
        .query_row(named_params! {":liability": liability_id}, |r| r.get(0))
        .optional()?;
    match id {
        None => Ok(None),
        Some(_) => Ok(schedules(conn, liability_id)?.into_iter().next()),
    }
}

pub fn instalments_of(conn: &Connection, schedule_id: &str) -> Result<Vec<Instalment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT number, due_on, amount_pence FROM instalments WHERE schedule_id = :schedule ORDER BY number",
    )?;
    let rows = stmt.query_map(named_params! {":schedule": schedule_id}, |r| {
        Ok(Instalment {
            number: r.get(0)?,
            due_on: date(&r.get::<_, String>(1)?)?,
            amount: Money::from_pence(r.get(2)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A liability's (or an account's no-year) ledger, summed by class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LedgerSums {
    /// Charges and adjustments.
    pub charged: Money,
    pub costs: Money,
    /// Payments, refunds, transfers, write-offs: negative when money came in.
    pub credited: Money,
    pub other: Money,
}

impl LedgerSums {
    pub fn balance(&self) -> Money {
        self.charged + self.costs + self.credited + self.other
    }
}

fn sums_sql(filter: &str) -> String {
    format!(
        "SELECT coalesce(sum(CASE WHEN coalesce(o.kind, e.kind) IN ({CHARGE_KINDS}) THEN e.amount_pence END), 0),
                coalesce(sum(CASE WHEN coalesce(o.kind, e.kind) = 'cost' THEN e.amount_pence END), 0),
                coalesce(sum(CASE WHEN coalesce(o.kind, e.kind) IN ({CREDIT_KINDS}) THEN e.amount_pence END), 0),
                coalesce(sum(e.amount_pence), 0)
         FROM ledger_entries e LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
         WHERE e.account_id = :account AND {filter}"
    )
}

fn sums_from(r: &rusqlite::Row) -> rusqlite::Result<LedgerSums> {
    let (charged, costs, credited, all): (i64, i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
    Ok(LedgerSums {
        charged: Money::from_pence(charged),
        costs: Money::from_pence(costs),
        credited: Money::from_pence(credited),
        other: Money::from_pence(all - charged - costs - credited),
    })
}

/// A liability's ledger sums, straight from the ledger (`None`: the account's entries with no liability).
pub fn ledger_sums(conn: &Connection, account_id: &str, liability_id: Option<&str>) -> Result<LedgerSums> {
    Ok(match liability_id {
        Some(l) => conn
            .prepare_cached(&sums_sql("e.liability_id = :liability"))?
            .query_row(named_params! {":account": account_id, ":liability": l}, sums_from)?,
        None => conn
            .prepare_cached(&sums_sql("e.liability_id IS NULL"))?
            .query_row(named_params! {":account": account_id}, sums_from)?,
    })
}

/// Liabilities of the given debt types with a charge on the ledger and no stored schedule: the caseload an
/// import or the demo brought in. With the day the bill (or invoice) went out: the first `billed` stage, else
/// the first charge.
#[derive(Clone, Debug)]
pub struct Unscheduled {
    pub liability: LiabilityRow,
    pub charged: Money,
    pub billed_on: NaiveDate,
}

pub fn unscheduled(conn: &Connection, debt_types: &[DebtType]) -> Result<Vec<Unscheduled>> {
    let types: Vec<String> = debt_types.iter().map(|d| format!("'{}'", d.as_str())).collect();
    let sql = format!(
        "SELECT l.id, l.account_id, a.reference, a.debt_type, a.jurisdiction, a.status, l.financial_year,
                l.period_from, l.period_to, l.description, b.charged_pence,
                coalesce((SELECT min(st.entered_on) FROM recovery_stages st
                          WHERE st.account_id = l.account_id AND st.liability_id = l.id AND st.stage = 'billed'),
                         (SELECT min(e.effective_on) FROM ledger_entries e
                          WHERE e.account_id = l.account_id AND e.liability_id = l.id AND e.kind = 'charge'))
         FROM local_liability_balances b
         JOIN liabilities l ON l.id = b.liability_id
         JOIN accounts a ON a.id = b.account_id
         WHERE b.schedule_id IS NULL AND b.debt_type IN ({}) AND l.deleted_at IS NULL AND a.deleted_at IS NULL
         ORDER BY b.account_id, l.financial_year",
        types.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        let billed: Option<String> = r.get(11)?;
        let liability = liability_from_row(r, 0)?;
        Ok((liability, Money::from_pence(r.get(10)?), billed))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (liability, charged, billed) = row?;
        let billed_on = match billed {
            Some(b) => date(&b)?,
            None => liability.period_from,
        };
        out.push(Unscheduled { liability, charged, billed_on });
    }
    Ok(out)
}

/// Rows of `local_liability_balances` that disagree with the ledger (or are missing), as "account/liability:
/// what differs". Empty when the summary is true.
pub fn summary_mismatches(conn: &Connection) -> Result<Vec<String>> {
    let beyond = crate::db::runs::BEYOND_NOTICES;
    let sql = format!(
        "WITH ledger AS (
             SELECT e.account_id, coalesce(e.liability_id, '') AS liability_id,
                    sum(CASE WHEN coalesce(o.kind, e.kind) IN ({CHARGE_KINDS}) THEN e.amount_pence ELSE 0 END) AS charged,
                    sum(CASE WHEN coalesce(o.kind, e.kind) = 'cost' THEN e.amount_pence ELSE 0 END) AS costs,
                    sum(CASE WHEN coalesce(o.kind, e.kind) IN ({CREDIT_KINDS}) THEN e.amount_pence ELSE 0 END) AS credited,
                    sum(e.amount_pence) AS balance
             FROM ledger_entries e LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
             GROUP BY e.account_id, coalesce(e.liability_id, ''))
         SELECT l.account_id || '/' || l.liability_id || ': ledger ' || l.charged || ' ' || l.costs || ' ' || l.credited
                || ' ' || l.balance || ', summary ' || coalesce(b.charged_pence, 'none') || ' ' ||
                coalesce(b.costs_pence, '') || ' ' || coalesce(b.credited_pence, '') || ' ' ||
                coalesce(b.charged_pence + b.costs_pence + b.credited_pence + b.other_pence, '')
         FROM ledger l LEFT JOIN local_liability_balances b
              ON b.account_id = l.account_id AND b.liability_id = l.liability_id
         WHERE b.account_id IS NULL OR b.charged_pence <> l.charged OR b.costs_pence <> l.costs
            OR b.credited_pence <> l.credited
            OR b.charged_pence + b.costs_pence + b.credited_pence + b.other_pence <> l.balance
         UNION ALL
         SELECT b.account_id || '/' || b.liability_id || ': oldest unpaid ' || coalesce(b.oldest_unpaid_due_on, 'none')
                || ' but the schedule says ' || coalesce((
                    SELECT i.due_on FROM instalments i WHERE i.schedule_id = b.schedule_id
                      AND i.cumulative_pence > -b.credited_pence ORDER BY i.cumulative_pence LIMIT 1), 'none')
         FROM local_liability_balances b
         WHERE b.schedule_id IS NOT NULL AND coalesce(b.oldest_unpaid_due_on, '') <> coalesce((
                    SELECT i.due_on FROM instalments i WHERE i.schedule_id = b.schedule_id
                      AND i.cumulative_pence > -b.credited_pence ORDER BY i.cumulative_pence LIMIT 1), '')
         UNION ALL
         SELECT b.account_id || '/' || b.liability_id || ': notices ' || b.reminder_notices || ' ' || b.final_notices
                || ' ' || b.beyond_notices || ' but the stages say ' || coalesce(n.reminders, 0) || ' '
                || coalesce(n.finals, 0) || ' ' || coalesce(n.beyond, 0)
         FROM local_liability_balances b
         LEFT JOIN (SELECT st.account_id, st.liability_id,
                           sum(st.stage IN ('reminder', 'second_reminder')) AS reminders,
                           sum(st.stage = 'final_notice') AS finals,
                           sum(st.stage IN ({beyond})) AS beyond
                    FROM recovery_stages st
                    WHERE st.liability_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM recovery_stage_reversals r
                                      WHERE r.stage_id = st.id OR r.restored_stage_id = st.id)
                    GROUP BY st.account_id, st.liability_id) n
              ON n.account_id = b.account_id AND n.liability_id = b.liability_id
         WHERE b.reminder_notices <> coalesce(n.reminders, 0) OR b.final_notices <> coalesce(n.finals, 0)
            OR b.beyond_notices <> coalesce(n.beyond, 0)
         UNION ALL
         SELECT st.account_id || '/' || st.liability_id || ': stages with no summary row'
         FROM recovery_stages st
         WHERE st.liability_id IS NOT NULL
           AND st.stage IN ('reminder', 'second_reminder', 'final_notice', {beyond})
           AND NOT EXISTS (SELECT 1 FROM local_liability_balances b
                           WHERE b.account_id = st.account_id AND b.liability_id = st.liability_id)
         UNION ALL
         SELECT b.account_id || '/' || b.liability_id || ': schedule facts ' || coalesce(b.scheme, '') || ' '
                || coalesce(b.bill_date, '') || ' ' || coalesce(b.financial_year, '') || ' ' || coalesce(b.period_from, '')
         FROM local_liability_balances b
         JOIN instalment_schedules s ON s.id = b.schedule_id
         JOIN liabilities l ON l.id = b.liability_id
         WHERE b.scheme IS NOT s.scheme OR b.bill_date IS NOT s.bill_date OR b.financial_year IS NOT l.financial_year
            OR b.period_from IS NOT l.period_from
         UNION ALL
         SELECT b.account_id || '/' || b.liability_id || ': current schedule ' || coalesce(b.schedule_id, 'none')
         FROM local_liability_balances b
         WHERE b.liability_id <> '' AND coalesce(b.schedule_id, '') <> coalesce((
                    SELECT s.id FROM instalment_schedules s WHERE s.liability_id = b.liability_id
                    ORDER BY s.revision DESC, s.created_at DESC, s.id DESC LIMIT 1), '')"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The triggers that keep `local_liability_balances` as entries and stages arrive.
const SUMMARY_TRIGGERS: &[&str] = &["local_liability_balances_ledger", "local_liability_balances_stage"];

/// For a bulk load (the demo caseload, a CSV import of a whole caseload): drops the summary's ledger and stage
/// triggers inside the caller's transaction and returns their statements. Keeping the summary row by row costs
/// about as much as the load itself; [`resume_local_summary`] rebuilds it in one pass before the transaction
/// ends (if the load fails, the rollback restores the triggers).
pub fn suspend_local_summary(tx: &Tx) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for name in SUMMARY_TRIGGERS {
        let sql: String =
            tx.query_row("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", [name], |r| r.get(0))?;
        tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
        out.push((name.to_string(), sql));
    }
    Ok(out)
}

/// Makes again the triggers [`suspend_local_summary`] dropped (from their original statements, so the schema
/// comes back byte for byte) and rebuilds every row's sums, notice counts and oldest unpaid instalment from the
/// ledger and the stage history.
pub fn resume_local_summary(tx: &Tx, triggers: &[(String, String)]) -> Result<()> {
    for (_, sql) in triggers {
        tx.execute_batch(sql)?;
    }
    let beyond = crate::db::runs::BEYOND_NOTICES;
    tx.execute_batch(&format!(
        "UPDATE local_liability_balances SET charged_pence = 0, costs_pence = 0, credited_pence = 0,
                other_pence = 0, reminder_notices = 0, final_notices = 0, beyond_notices = 0;
         INSERT INTO local_liability_balances (account_id, liability_id, debt_type, charged_pence, costs_pence,
                                               credited_pence, other_pence)
         SELECT e.account_id, coalesce(e.liability_id, ''), a.debt_type,
                sum(CASE WHEN coalesce(o.kind, e.kind) IN ({CHARGE_KINDS}) THEN e.amount_pence ELSE 0 END),
                sum(CASE WHEN coalesce(o.kind, e.kind) = 'cost' THEN e.amount_pence ELSE 0 END),
                sum(CASE WHEN coalesce(o.kind, e.kind) IN ({CREDIT_KINDS}) THEN e.amount_pence ELSE 0 END),
                sum(CASE WHEN coalesce(o.kind, e.kind) IN ({CHARGE_KINDS}, 'cost', {CREDIT_KINDS}) THEN 0
                         ELSE e.amount_pence END)
         FROM ledger_entries e
         JOIN accounts a ON a.id = e.account_id
         LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
         GROUP BY e.account_id, coalesce(e.liability_id, '')
         ON CONFLICT (account_id, liability_id) DO UPDATE SET
             charged_pence = excluded.charged_pence, costs_pence = excluded.costs_pence,
             credited_pence = excluded.credited_pence, other_pence = excluded.other_pence;
         INSERT INTO local_liability_balances (account_id, liability_id, debt_type, reminder_notices, final_notices,
                                               beyond_notices)
         SELECT st.account_id, st.liability_id, a.debt_type, sum(st.stage IN ('reminder', 'second_reminder')),
                sum(st.stage = 'final_notice'), sum(st.stage IN ({beyond}))
         FROM recovery_stages st
         JOIN accounts a ON a.id = st.account_id
         WHERE st.liability_id IS NOT NULL
           AND st.stage IN ('reminder', 'second_reminder', 'final_notice', {beyond})
           AND NOT EXISTS (SELECT 1 FROM recovery_stage_reversals r
                           WHERE r.stage_id = st.id OR r.restored_stage_id = st.id)
         GROUP BY st.account_id, st.liability_id
         ON CONFLICT (account_id, liability_id) DO UPDATE SET
             reminder_notices = excluded.reminder_notices, final_notices = excluded.final_notices,
             beyond_notices = excluded.beyond_notices;
         UPDATE local_liability_balances
         SET oldest_unpaid_due_on = (
             SELECT i.due_on FROM instalments i
             WHERE i.schedule_id = local_liability_balances.schedule_id
               AND i.cumulative_pence > -local_liability_balances.credited_pence
             ORDER BY i.cumulative_pence LIMIT 1)
         WHERE schedule_id IS NOT NULL;"
    ))?;
    Ok(())
}
