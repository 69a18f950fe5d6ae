//! Batch runs: the candidates a run considers (found through the local liability summary), the facts of many
//! accounts loaded in a few set queries, the run and its items (every candidate in or out), the stage
//! reversals a run's reversal writes, and the notices a liability has had (its stages, less reversed ones).

use crate::db::holds::HoldRow;
use crate::db::instalments::{LedgerSums, LiabilityRow, CREDIT_KINDS};
use crate::db::parties::display_name;
use crate::db::{date, new_id, Ctx, Tx};
use crate::error::Result;
use crate::model::{DebtType, Jurisdiction, PartyKind, Stage};
use crate::money::Money;
use crate::rules::instalments::Instalment;
use crate::rules::timeline::Payment;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;

/// Stages after which a liability is beyond the notice timetable (the summons or later): not a candidate.
pub const BEYOND_NOTICES: &str = "'summons', 'liability_order', 'attachment_of_earnings', 'deduction_from_benefit',
    'enforcement_agent', 'charging_order', 'insolvency', 'committal', 'county_court', 'written_off'";

/// A stage row not reversed: for a liability, or the whole account (`liability_id` `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageRow {
    pub id: String,
    pub liability_id: Option<String>,
    pub stage: Stage,
    pub entered_on: NaiveDate,
    pub created_at: String,
}

/// A person liable on the account and whether they have somewhere letters can go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiableParty {
    pub party_id: String,
    pub name: String,
    pub has_address: bool,
}

/// A liability's current schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleHead {
    pub id: String,
    pub scheme: String,
    pub bill_date: NaiveDate,
    pub instalments: Vec<Instalment>,
}

#[derive(Clone, Debug)]
pub struct LiabilityCase {
    pub row: LiabilityRow,
    pub sums: LedgerSums,
    pub schedule: Option<ScheduleHead>,
    /// Credits posted to it, positive when money came in, dated as received.
    pub credits: Vec<Payment>,
}

/// Everything the engine reads about one account.
#[derive(Clone, Debug)]
pub struct AccountCase {
    pub account_id: String,
    pub reference: String,
    pub debt_type: DebtType,
    pub jurisdiction: Jurisdiction,
    pub status: String,
    pub liabilities: Vec<LiabilityCase>,
    /// Credits posted with no liability.
    pub unallocated_credits: Vec<Payment>,
    /// Stages not reversed, oldest first.
    pub stages: Vec<StageRow>,
    pub holds: Vec<HoldRow>,
    pub liable: Vec<LiableParty>,
}

fn prepare_scope(conn: &Connection, account_ids: &[String]) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS recovery_scope (account_id TEXT PRIMARY KEY) WITHOUT ROWID;
         CREATE TEMP TABLE IF NOT EXISTS recovery_detail (liability_id TEXT PRIMARY KEY, account_id TEXT NOT NULL,
                                                         full INTEGER NOT NULL) WITHOUT ROWID;
         DELETE FROM temp.recovery_scope;
         DELETE FROM temp.recovery_detail;",
    )?;
    let mut stmt = conn.prepare_cached("INSERT OR IGNORE INTO temp.recovery_scope (account_id) VALUES (?1)")?;
    for id in account_ids {
        stmt.execute([id])?;
    }
    Ok(())
}

/// Which liabilities of each account to load: all of them, or the ones a run considers. An account whose
/// credits could move between years (a credit with no year, a year paid more than it owes) is always loaded
/// whole, so the allocation is the same either way.
#[derive(Clone, Copy, Debug)]
pub enum Detail<'a> {
    All,
    Only(&'a HashMap<String, std::collections::HashSet<String>>),
}

/// What else to load.
#[derive(Clone, Copy, Debug, Default)]
pub struct Load {
    /// The liable parties and whether letters can reach them.
    pub parties: bool,
    /// The liability rows themselves (description, period end). Without them a run reads what it needs from
    /// the local summary and leaves `description` empty and `period_to` equal to `period_from`: enough for the
    /// timetable and the holds, not for a letter or a screen.
    pub rows: bool,
}

/// A credit as read: account, liability (none: posted with no year), day, ledger pence.
type CreditRow = (String, Option<String>, NaiveDate, i64);

/// One row of the local summary, as read.
struct SummaryRow {
    sums: LedgerSums,
    schedule: Option<ScheduleHead>,
    financial_year: Option<i32>,
    period_from: Option<NaiveDate>,
}

/// Loads the cases of `account_ids` in a handful of set queries (temporary scope tables joined to each table,
/// reading covering indexes where it can), in the order given; unknown and deleted accounts are skipped.
pub fn load_cases(conn: &Connection, account_ids: &[String], detail: Detail, load: Load) -> Result<Vec<AccountCase>> {
    prepare_scope(conn, account_ids)?;
    let mut cases: Vec<AccountCase> = Vec::with_capacity(account_ids.len());
    let mut at: HashMap<String, usize> = HashMap::with_capacity(account_ids.len());
    {
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, a.reference, a.debt_type, a.jurisdiction, a.status
             FROM temp.recovery_scope s CROSS JOIN accounts a ON a.id = s.account_id WHERE a.deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AccountCase {
                account_id: r.get(0)?,
                reference: r.get(1)?,
                debt_type: r.get(2)?,
                jurisdiction: r.get(3)?,
                status: r.get(4)?,
                liabilities: Vec::new(),
                unallocated_credits: Vec::new(),
                stages: Vec::new(),
                holds: Vec::new(),
                liable: Vec::new(),
            })
        })?;
        let mut by_id: HashMap<String, AccountCase> = HashMap::new();
        for row in rows {
            let c = row?;
            by_id.insert(c.account_id.clone(), c);
        }
        for id in account_ids {
            if let Some(c) = by_id.remove(id) {
                at.insert(id.clone(), cases.len());
                cases.push(c);
            }
        }
    }
    // The summary rows: every year's sums and current schedule, and which accounts could move credits.
    let mut summary: HashMap<(String, String), SummaryRow> = HashMap::new();
    let mut complex: std::collections::HashSet<String> = std::collections::HashSet::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT b.account_id, b.liability_id, b.charged_pence, b.costs_pence, b.credited_pence, b.other_pence,
                    b.schedule_id, b.scheme, b.bill_date, b.financial_year, b.period_from
             FROM temp.recovery_scope s CROSS JOIN local_liability_balances b ON b.account_id = s.account_id",
        )?;
        let rows = stmt.query_map([], |r| {
            let schedule = match (r.get::<_, Option<String>>(6)?, r.get::<_, Option<String>>(8)?) {
                (Some(id), Some(bill)) => Some(ScheduleHead {
                    id,
                    scheme: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                    bill_date: date(&bill)?,
                    instalments: Vec::new(),
                }),
                _ => None,
            };
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                SummaryRow {
                    sums: LedgerSums {
                        charged: Money::from_pence(r.get(2)?),
                        costs: Money::from_pence(r.get(3)?),
                        credited: Money::from_pence(r.get(4)?),
                        other: Money::from_pence(r.get(5)?),
                    },
                    schedule,
                    financial_year: r.get(9)?,
                    period_from: r.get::<_, Option<String>>(10)?.map(|d| date(&d)).transpose()?,
                },
            ))
        })?;
        for row in rows {
            let (account, liability, s) = row?;
            let owed = s.sums.charged + s.sums.costs;
            let credit_in = -s.sums.credited;
            let moves = credit_in.pence() > 0 && (liability.is_empty() || credit_in > owed);
            if moves {
                complex.insert(account.clone());
            }
            summary.insert((account, liability), s);
        }
    }
    // The liabilities to load: a run's, or all of an account's (read from the liabilities table).
    {
        let mut insert = conn.prepare_cached(
            "INSERT OR IGNORE INTO temp.recovery_detail (liability_id, account_id, full) VALUES (?1, ?2, ?3)",
        )?;
        let mut all = conn.prepare_cached(
            "SELECT l.id FROM liabilities l WHERE l.account_id = ?1 AND l.deleted_at IS NULL ORDER BY l.id",
        )?;
        for c in &cases {
            let whole = matches!(detail, Detail::All) || complex.contains(&c.account_id);
            let ids: Vec<String> = if whole {
                all.query_map([&c.account_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
            } else if let Detail::Only(wanted) = detail {
                wanted.get(&c.account_id).map(|w| w.iter().cloned().collect()).unwrap_or_default()
            } else {
                Vec::new()
            };
            for l in ids {
                let lean = !load.rows
                    && !whole
                    && summary.get(&(c.account_id.clone(), l.clone())).is_some_and(|s| s.financial_year.is_some());
                insert.execute(rusqlite::params![l, c.account_id, !lean])?;
            }
        }
    }
    let mut liability_at: HashMap<String, (usize, usize)> = HashMap::new();
    {
        let mut loaded: Vec<LiabilityCase> = Vec::new();
        // Rows read from the liabilities table...
        let mut stmt = conn.prepare_cached(
            "SELECT l.id, l.account_id, l.financial_year, l.period_from, l.period_to, l.description
             FROM temp.recovery_detail d CROSS JOIN liabilities l ON l.id = d.liability_id
             WHERE d.full = 1 AND l.deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i32>(2)?,
                date(&r.get::<_, String>(3)?)?,
                date(&r.get::<_, String>(4)?)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut rows_read: Vec<(String, String, i32, NaiveDate, NaiveDate, String)> = Vec::new();
        for row in rows {
            rows_read.push(row?);
        }
        // ... and the lean ones from the summary.
        let mut lean =
            conn.prepare_cached("SELECT liability_id, account_id FROM temp.recovery_detail WHERE full = 0")?;
        let lean_ids: Vec<(String, String)> =
            lean.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (id, account) in lean_ids {
            if let Some(s) = summary.get(&(account.clone(), id.clone())) {
                let from = s.period_from.expect("lean rows have a period");
                rows_read.push((
                    id,
                    account,
                    s.financial_year.expect("lean rows have a year"),
                    from,
                    from,
                    String::new(),
                ));
            }
        }
        for (id, account, year, from, to, description) in rows_read {
            let Some(&i) = at.get(&account) else { continue };
            let c = &cases[i];
            let s = summary.remove(&(account.clone(), id.clone()));
            loaded.push(LiabilityCase {
                row: LiabilityRow {
                    id,
                    account_id: account,
                    account_reference: c.reference.clone(),
                    debt_type: c.debt_type,
                    jurisdiction: c.jurisdiction,
                    account_status: c.status.clone(),
                    financial_year: year,
                    period_from: from,
                    period_to: to,
                    description,
                },
                sums: s.as_ref().map(|s| s.sums).unwrap_or_default(),
                schedule: s.and_then(|s| s.schedule),
                credits: Vec::new(),
            });
        }
        loaded.sort_by(|a, b| {
            (&a.row.account_id, a.row.financial_year, a.row.period_from, &a.row.id).cmp(&(
                &b.row.account_id,
                b.row.financial_year,
                b.row.period_from,
                &b.row.id,
            ))
        });
        for l in loaded {
            if let Some(&i) = at.get(&l.row.account_id) {
                liability_at.insert(l.row.id.clone(), (i, cases[i].liabilities.len()));
                cases[i].liabilities.push(l);
            }
        }
    }
    // The current schedules' instalments (a covering index).
    {
        let mut stmt = conn.prepare_cached(
            "SELECT d.liability_id, i.number, i.due_on, i.amount_pence
             FROM temp.recovery_detail d
             CROSS JOIN local_liability_balances b ON b.account_id = d.account_id AND b.liability_id = d.liability_id
             CROSS JOIN instalments i INDEXED BY instalments_cumulative ON i.schedule_id = b.schedule_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Instalment {
                    number: r.get(1)?,
                    due_on: date(&r.get::<_, String>(2)?)?,
                    amount: Money::from_pence(r.get(3)?),
                },
            ))
        })?;
        for row in rows {
            let (liability, inst) = row?;
            if let Some(&(i, j)) = liability_at.get(&liability) {
                if let Some(s) = cases[i].liabilities[j].schedule.as_mut() {
                    s.instalments.push(inst);
                }
            }
        }
    }
    for c in cases.iter_mut() {
        for l in c.liabilities.iter_mut() {
            if let Some(s) = l.schedule.as_mut() {
                s.instalments.sort_by_key(|i| i.number);
            }
        }
    }
    // Credits, dated as received (a reversal counts as the kind it reverses, on its own day): the loaded
    // liabilities' through their covering index, and those posted with no liability.
    {
        let credit = |sql: &str| -> Result<Vec<CreditRow>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    date(&r.get::<_, String>(2)?)?,
                    r.get::<_, i64>(3)?,
                ))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let mut all = credit(&format!(
            "SELECT d.account_id, e.liability_id, e.effective_on, e.amount_pence
             FROM temp.recovery_detail d
             CROSS JOIN ledger_entries e INDEXED BY ledger_entries_credits ON e.liability_id = d.liability_id
             LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
             WHERE e.kind IN ('payment', 'refund', 'transfer', 'write_off', 'reversal')
               AND coalesce(o.kind, e.kind) IN ({CREDIT_KINDS})"
        ))?;
        all.extend(credit(&format!(
            "SELECT e.account_id, e.liability_id, e.effective_on, e.amount_pence
             FROM temp.recovery_scope s
             CROSS JOIN ledger_entries e ON e.account_id = s.account_id AND e.liability_id IS NULL
             LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
             WHERE coalesce(o.kind, e.kind) IN ({CREDIT_KINDS})"
        ))?);
        all.sort_by_key(|a| a.2);
        for (account, liability, on, pence) in all {
            let p = Payment { on, amount: Money::from_pence(-pence) };
            match liability.and_then(|l| liability_at.get(&l).copied()) {
                Some((i, j)) => cases[i].liabilities[j].credits.push(p),
                None => {
                    if let Some(&i) = at.get(&account) {
                        cases[i].unallocated_credits.push(p);
                    }
                }
            }
        }
    }
    // Stages of the liabilities loaded and of the accounts (no year), less reversed ones and the rows a
    // reversal restored: both from covering indexes.
    {
        let mut reversed: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut stmt = conn.prepare_cached(
            "SELECT r.stage_id, r.restored_stage_id FROM temp.recovery_scope s
             CROSS JOIN recovery_stage_reversals r ON r.account_id = s.account_id",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))? {
            let (a, b) = row?;
            reversed.insert(a);
            reversed.extend(b);
        }
        let stage = |r: &rusqlite::Row, liability: Option<String>| -> rusqlite::Result<(String, StageRow)> {
            Ok((
                r.get::<_, String>(0)?,
                StageRow {
                    id: r.get(1)?,
                    liability_id: liability,
                    stage: r.get(2)?,
                    entered_on: date(&r.get::<_, String>(3)?)?,
                    created_at: r.get(4)?,
                },
            ))
        };
        let mut rows: Vec<(String, StageRow)> = Vec::new();
        let mut stmt = conn.prepare_cached(
            "SELECT d.account_id, st.id, st.stage, st.entered_on, st.created_at, st.liability_id
             FROM temp.recovery_detail d
             CROSS JOIN recovery_stages st INDEXED BY recovery_stages_liability
                  ON st.liability_id = d.liability_id AND st.liability_id IS NOT NULL",
        )?;
        for row in stmt.query_map([], |r| stage(r, r.get(5)?))? {
            rows.push(row?);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT s.account_id, st.id, st.stage, st.entered_on, st.created_at
             FROM temp.recovery_scope s
             CROSS JOIN recovery_stages st INDEXED BY recovery_stages_account_level
                  ON st.account_id = s.account_id AND st.liability_id IS NULL",
        )?;
        for row in stmt.query_map([], |r| stage(r, None))? {
            rows.push(row?);
        }
        rows.sort_by(|a, b| {
            (a.1.entered_on, &a.1.created_at, &a.1.id).cmp(&(b.1.entered_on, &b.1.created_at, &b.1.id))
        });
        for (account, stage) in rows {
            if reversed.contains(&stage.id) {
                continue;
            }
            if let Some(&i) = at.get(&account) {
                cases[i].stages.push(stage);
            }
        }
    }
    if load.parties {
        let mut stmt = conn.prepare_cached(
            "SELECT ap.account_id, p.id, p.kind, p.title, p.forenames, p.surname, p.organisation_name,
                    ap.correspondence_address_id IS NOT NULL OR p.address_id IS NOT NULL
             FROM temp.recovery_scope s
             CROSS JOIN account_parties ap ON ap.account_id = s.account_id
             JOIN parties p ON p.id = ap.party_id
             WHERE ap.deleted_at IS NULL AND p.deleted_at IS NULL AND ap.role IN ('liable', 'joint_and_several')
             ORDER BY ap.account_id, ap.role = 'liable' DESC, ap.created_at, p.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                LiableParty {
                    party_id: r.get(1)?,
                    name: display_name(
                        Some(r.get::<_, PartyKind>(2)?),
                        &r.get::<_, String>(3)?,
                        &r.get::<_, String>(4)?,
                        &r.get::<_, String>(5)?,
                        &r.get::<_, String>(6)?,
                    ),
                    has_address: r.get(7)?,
                },
            ))
        })?;
        for row in rows {
            let (account, party) = row?;
            if let Some(&i) = at.get(&account) {
                cases[i].liable.push(party);
            }
        }
    }
    // Holds on the accounts, and on the people liable on them (a link's deletion is read only when a hold
    // is found, so the common case stays in the indexes).
    {
        let ids: Vec<(String, String)> = {
            let mut stmt = conn.prepare_cached(
                "SELECT s.account_id, h.id FROM temp.recovery_scope s CROSS JOIN holds h ON h.account_id = s.account_id
                 WHERE h.deleted_at IS NULL
                 UNION
                 SELECT s.account_id, h.id FROM temp.recovery_scope s
                 CROSS JOIN account_parties ap ON ap.account_id = s.account_id
                      AND ap.role IN ('liable', 'joint_and_several')
                 CROSS JOIN holds h ON h.party_id = ap.party_id
                 WHERE h.account_id IS NULL AND h.deleted_at IS NULL AND (h.id IS NULL OR ap.deleted_at IS NULL)",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (account, hold) in ids {
            if let (Some(&i), Some(h)) = (at.get(&account), crate::db::holds::get(conn, &hold)?) {
                cases[i].holds.push(h);
            }
        }
    }
    Ok(cases)
}

/// Which notices a liability must (not) have had to be a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticesSoFar {
    /// No reminder and no final notice (a first reminder).
    NoReminder,
    /// One reminder and no final notice (a second reminder).
    OneReminder,
    /// Any (final notices, summonses).
    Any,
}

/// What a run's candidate search looks for.
#[derive(Clone, Copy, Debug)]
pub struct CandidateQuery<'a> {
    pub debt_type: DebtType,
    /// An instalment due on or before this day is still unpaid.
    pub unpaid_due_by: NaiveDate,
    /// The schedule's last instalment falls after this day (reminders: some are still to fall due).
    pub last_due_after: Option<NaiveDate>,
    pub notices: NoticesSoFar,
    pub account_references: Option<&'a [String]>,
}

/// Liabilities with a stored schedule, an instalment due by `unpaid_due_by` not yet met, no stage at or beyond
/// the summons and the notices the query asks for: `(account_id, liability_id)`, by account. Read from the
/// local summary's covering partial indexes alone.
pub fn candidates(conn: &Connection, q: &CandidateQuery) -> Result<Vec<(String, String)>> {
    let notices = match q.notices {
        NoticesSoFar::NoReminder => "AND b.reminder_notices = 0 AND b.final_notices = 0",
        NoticesSoFar::OneReminder => "AND b.reminder_notices = 1 AND b.final_notices = 0",
        NoticesSoFar::Any => "",
    };
    let (index, current) = match q.last_due_after {
        Some(_) => ("local_liability_balances_current", "AND b.last_due_on > :last_after"),
        None => ("local_liability_balances_arrears", "AND :last_after IS NULL"),
    };
    let sql = format!(
        "SELECT b.account_id, b.liability_id
         FROM local_liability_balances b INDEXED BY {index}
         WHERE b.debt_type = :debt AND b.oldest_unpaid_due_on IS NOT NULL AND b.beyond_notices = 0
           AND b.oldest_unpaid_due_on <= :due_by {current} {notices}
         ORDER BY b.account_id, b.liability_id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        named_params! {
            ":debt": q.debt_type, ":due_by": q.unpaid_due_by.to_string(),
            ":last_after": q.last_due_after.map(|d| d.to_string()),
        },
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )?;
    let mut out: Vec<(String, String)> = rows.collect::<rusqlite::Result<_>>()?;
    if let Some(refs) = q.account_references {
        let wanted: std::collections::HashSet<String> = account_ids_for(conn, refs)?.into_iter().collect();
        out.retain(|(a, _)| wanted.contains(a));
    }
    Ok(out)
}

/// Account ids for references (unknown ones skipped).
pub fn account_ids_for(conn: &Connection, references: &[String]) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM accounts WHERE reference = :r AND deleted_at IS NULL")?;
    let mut out = Vec::new();
    for r in references {
        if let Some(id) = stmt.query_row(named_params! {":r": r.trim()}, |row| row.get::<_, String>(0)).optional()? {
            out.push(id);
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------------------------------- runs and items

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunRow {
    pub id: String,
    pub run_type: String,
    pub debt_type: DebtType,
    pub run_on: NaiveDate,
    pub status: String,
    pub filters: String,
    pub selected_count: i64,
    pub excluded_count: i64,
    pub selected_amount: Money,
    pub prepared_by: String,
    pub prepared_at: String,
    pub authorised_by: Option<String>,
    pub authorised_at: Option<String>,
    pub committed_by: Option<String>,
    pub committed_at: Option<String>,
    pub committed_count: i64,
    pub dispatched_by: Option<String>,
    pub dispatched_at: Option<String>,
    pub reversed_by: Option<String>,
    pub reversed_at: Option<String>,
    pub status_reason: String,
}

const RUN_SQL: &str = "SELECT id, run_type, debt_type, run_on, status, filters, selected_count, excluded_count,
        selected_pence, prepared_by, prepared_at, authorised_by, authorised_at, committed_by, committed_at,
        committed_count, dispatched_by, dispatched_at, reversed_by, reversed_at, status_reason
    FROM recovery_runs";

fn run_from_row(r: &rusqlite::Row) -> rusqlite::Result<RunRow> {
    Ok(RunRow {
        id: r.get(0)?,
        run_type: r.get(1)?,
        debt_type: r.get(2)?,
        run_on: date(&r.get::<_, String>(3)?)?,
        status: r.get(4)?,
        filters: r.get(5)?,
        selected_count: r.get(6)?,
        excluded_count: r.get(7)?,
        selected_amount: Money::from_pence(r.get(8)?),
        prepared_by: r.get(9)?,
        prepared_at: r.get(10)?,
        authorised_by: r.get(11)?,
        authorised_at: r.get(12)?,
        committed_by: r.get(13)?,
        committed_at: r.get(14)?,
        committed_count: r.get(15)?,
        dispatched_by: r.get(16)?,
        dispatched_at: r.get(17)?,
        reversed_by: r.get(18)?,
        reversed_at: r.get(19)?,
        status_reason: r.get(20)?,
    })
}

pub fn insert_run(
    tx: &Tx,
    ctx: &Ctx,
    run_type: &str,
    debt: DebtType,
    run_on: NaiveDate,
    filters: &str,
) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO recovery_runs (id, run_type, debt_type, run_on, status, filters, prepared_by, prepared_at,
                                    created_at, created_by, device_id)
         VALUES (:id, :type, :debt, :on, 'prepared', :filters, :user, :at, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":type": run_type, ":debt": debt, ":on": run_on.to_string(), ":filters": filters,
        ":user": ctx.user_id, ":at": ctx.at(), ":device": tx.device_id,
    })?;
    Ok(id)
}

pub fn run(conn: &Connection, id: &str) -> Result<Option<RunRow>> {
    Ok(conn
        .prepare_cached(&format!("{RUN_SQL} WHERE id = :id AND deleted_at IS NULL"))?
        .query_row(named_params! {":id": id}, run_from_row)
        .optional()?)
}

/// Runs made on or after `since`, newest first.
pub fn runs_since(conn: &Connection, since: NaiveDate) -> Result<Vec<RunRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{RUN_SQL} WHERE run_on >= :since AND deleted_at IS NULL ORDER BY run_on DESC, prepared_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map(named_params! {":since": since.to_string()}, run_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Prepared (unauthorised) runs of this type on this day: a fresh preview replaces them.
pub fn prepared_runs(conn: &Connection, run_type: &str, debt: DebtType, run_on: NaiveDate) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM recovery_runs WHERE run_type = :type AND debt_type = :debt AND run_on = :on
           AND status = 'prepared' AND deleted_at IS NULL",
    )?;
    let rows = stmt.query_map(named_params! {":type": run_type, ":debt": debt, ":on": run_on.to_string()}, |r| {
        r.get::<_, String>(0)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Liabilities selected in authorised runs not yet committed, with the run: they are not selected again.
pub fn awaiting_commit(conn: &Connection, debt: DebtType) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ri.liability_id, r.id FROM recovery_runs r
         CROSS JOIN recovery_run_items ri ON ri.run_id = r.id
         WHERE r.status = 'authorised' AND r.debt_type = :debt AND ri.selected = 1 AND ri.status = 'previewed'",
    )?;
    let rows = stmt.query_map(named_params! {":debt": debt}, |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves a run on: `status` with who and when in the matching columns.
pub fn set_status(tx: &Tx, ctx: &Ctx, id: &str, status: &str, reason: &str) -> Result<()> {
    let who = match status {
        "authorised" => "authorised_by = :user, authorised_at = :at,",
        "committed" => "committed_by = :user, committed_at = :at,",
        "dispatched" => "dispatched_by = :user, dispatched_at = :at,",
        "reversed" => "reversed_by = :user, reversed_at = :at,",
        _ => "",
    };
    let at = ctx.at();
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> =
        vec![(":id", &id), (":status", &status), (":at", &at), (":reason", &reason)];
    if !who.is_empty() {
        params.push((":user", &ctx.user_id));
    }
    tx.prepare_cached(&format!(
        "UPDATE recovery_runs SET status = :status, {who} status_reason = :reason, updated_at = :at WHERE id = :id"
    ))?
    .execute(params.as_slice())?;
    Ok(())
}

pub fn set_counts(tx: &Tx, ctx: &Ctx, id: &str, selected: i64, excluded: i64, selected_amount: Money) -> Result<()> {
    tx.prepare_cached(
        "UPDATE recovery_runs SET selected_count = :sel, excluded_count = :exc, selected_pence = :pence,
                updated_at = :at WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": id, ":sel": selected, ":exc": excluded, ":pence": selected_amount.pence(), ":at": ctx.at(),
    })?;
    Ok(())
}

pub fn set_committed_count(tx: &Tx, ctx: &Ctx, id: &str, n: i64) -> Result<()> {
    tx.prepare_cached("UPDATE recovery_runs SET committed_count = :n, updated_at = :at WHERE id = :id")?
        .execute(named_params! {":id": id, ":n": n, ":at": ctx.at()})?;
    Ok(())
}

/// One candidate's decision, to store.
pub struct NewItem<'a> {
    pub account_id: &'a str,
    pub liability_id: &'a str,
    pub selected: bool,
    pub exclusion: &'a str,
    pub needs_decision: bool,
    pub reason: &'a str,
    pub rule: &'a str,
    pub regulation: &'a str,
    pub step_on: Option<NaiveDate>,
    pub amount: Money,
}

/// Stores a run's items (one prepared statement, the caller's transaction).
pub fn insert_items(
    tx: &Tx,
    ctx: &Ctx,
    run_id: &str,
    run_type: &str,
    notice_on: NaiveDate,
    items: &[NewItem],
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO recovery_run_items (id, run_id, run_type, notice_on, account_id, liability_id, selected,
                                         exclusion, needs_decision, reason, rule, regulation, step_on, amount_pence,
                                         status, created_at, created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'previewed', ?15, ?16, ?17)",
    )?;
    let at = ctx.at();
    let on = notice_on.to_string();
    for i in items {
        stmt.execute(rusqlite::params![
            new_id(ctx),
            run_id,
            run_type,
            on,
            i.account_id,
            i.liability_id,
            i.selected,
            i.exclusion,
            i.needs_decision,
            i.reason,
            i.rule,
            i.regulation,
            i.step_on.map(|d| d.to_string()),
            i.amount.pence(),
            at,
            ctx.user_id,
            tx.device_id
        ])?;
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemRow {
    pub id: String,
    pub account_id: String,
    pub account_reference: String,
    pub liability_id: String,
    pub financial_year: i32,
    pub party_name: String,
    pub selected: bool,
    pub exclusion: String,
    pub needs_decision: bool,
    pub reason: String,
    pub rule: String,
    pub regulation: String,
    pub step_on: Option<NaiveDate>,
    pub amount: Money,
    pub status: String,
    pub commit_note: String,
    pub stage_id: Option<String>,
    pub cost_entry_id: Option<String>,
    pub document_ids: Vec<String>,
}

/// Which items to list.
#[derive(Clone, Debug, Default)]
pub struct ItemFilter {
    pub selected: Option<bool>,
    pub exclusion: Option<String>,
    pub status: Option<String>,
    pub needs_decision: Option<bool>,
    pub offset: u32,
    pub limit: Option<u32>,
}

/// A run's items in account reference order.
pub fn items(conn: &Connection, run_id: &str, f: &ItemFilter) -> Result<Vec<ItemRow>> {
    let mut stmt = conn.prepare_cached(
        "WITH page AS (
             SELECT ri.id, ri.account_id, ac.reference, ri.liability_id, l.financial_year, ri.selected, ri.exclusion,
                    ri.needs_decision, ri.reason, ri.rule, ri.regulation, ri.step_on, ri.amount_pence, ri.status,
                    ri.commit_note, ri.stage_id, ri.cost_entry_id, ri.document_ids
             FROM recovery_run_items ri
             JOIN accounts ac ON ac.id = ri.account_id
             JOIN liabilities l ON l.id = ri.liability_id
             WHERE ri.run_id = :run AND ri.deleted_at IS NULL
               AND (:selected IS NULL OR ri.selected = :selected)
               AND (:exclusion IS NULL OR ri.exclusion = :exclusion)
               AND (:status IS NULL OR ri.status = :status)
               AND (:needs IS NULL OR ri.needs_decision = :needs)
             ORDER BY ac.reference, l.financial_year, ri.id
             LIMIT :limit OFFSET :offset)
         SELECT page.id, page.account_id, page.reference, page.liability_id, page.financial_year,
                (SELECT p.kind || char(31) || p.title || char(31) || p.forenames || char(31) || p.surname || char(31)
                        || p.organisation_name
                 FROM account_parties ap JOIN parties p ON p.id = ap.party_id
                 WHERE ap.account_id = page.account_id AND ap.deleted_at IS NULL
                   AND ap.role IN ('liable', 'joint_and_several')
                 ORDER BY ap.role = 'liable' DESC, ap.created_at, p.id LIMIT 1),
                page.selected, page.exclusion, page.needs_decision, page.reason, page.rule, page.regulation,
                page.step_on, page.amount_pence, page.status, page.commit_note, page.stage_id, page.cost_entry_id,
                page.document_ids
         FROM page ORDER BY page.reference, page.financial_year, page.id",
    )?;
    let rows = stmt.query_map(
        named_params! {
            ":run": run_id, ":selected": f.selected, ":exclusion": f.exclusion, ":status": f.status,
            ":needs": f.needs_decision,
            ":limit": f.limit.map(i64::from).unwrap_or(-1), ":offset": f.offset,
        },
        |r| {
            let name: Option<String> = r.get(5)?;
            let party_name = name
                .map(|n| {
                    let p: Vec<&str> = n.split('\u{1f}').collect();
                    let kind = PartyKind::parse(p[0], "kind").ok();
                    display_name(kind, p[1], p[2], p[3], p[4])
                })
                .unwrap_or_default();
            let docs: String = r.get(18)?;
            Ok(ItemRow {
                id: r.get(0)?,
                account_id: r.get(1)?,
                account_reference: r.get(2)?,
                liability_id: r.get(3)?,
                financial_year: r.get(4)?,
                party_name,
                selected: r.get(6)?,
                exclusion: r.get(7)?,
                needs_decision: r.get(8)?,
                reason: r.get(9)?,
                rule: r.get(10)?,
                regulation: r.get(11)?,
                step_on: r.get::<_, Option<String>>(12)?.map(|s| date(&s)).transpose()?,
                amount: Money::from_pence(r.get(13)?),
                status: r.get(14)?,
                commit_note: r.get(15)?,
                stage_id: r.get(16)?,
                cost_entry_id: r.get(17)?,
                document_ids: serde_json::from_str(&docs).unwrap_or_default(),
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A selected item awaiting commit: what the commit needs and no more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingItem {
    pub id: String,
    pub account_id: String,
    pub liability_id: String,
}

/// A run's selected items not yet committed, in account order (the run's index).
pub fn pending_items(conn: &Connection, run_id: &str) -> Result<Vec<PendingItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, account_id, liability_id FROM recovery_run_items
         WHERE run_id = :run AND selected = 1 AND status = 'previewed' AND deleted_at IS NULL
         ORDER BY account_id, liability_id",
    )?;
    let rows = stmt.query_map(named_params! {":run": run_id}, |r| {
        Ok(PendingItem { id: r.get(0)?, account_id: r.get(1)?, liability_id: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many of a run's items match, by exclusion code ('' for selected).
pub fn item_counts(conn: &Connection, run_id: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT exclusion, count(*) FROM recovery_run_items WHERE run_id = :run AND deleted_at IS NULL
         GROUP BY exclusion ORDER BY exclusion",
    )?;
    let rows = stmt.query_map(named_params! {":run": run_id}, |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn commit_item(
    tx: &Tx,
    ctx: &Ctx,
    item_id: &str,
    stage_id: &str,
    cost_entry_id: Option<&str>,
    document_ids: &[String],
) -> Result<()> {
    let docs = serde_json::to_string(document_ids).expect("strings serialise");
    tx.prepare_cached(
        "UPDATE recovery_run_items SET status = 'committed', stage_id = :stage, cost_entry_id = :cost,
                document_ids = :docs, updated_at = :at WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": item_id, ":stage": stage_id, ":cost": cost_entry_id, ":docs": docs, ":at": ctx.at(),
    })?;
    Ok(())
}

/// An item selected at preview that no longer qualified at commit, with why.
pub fn drop_item(tx: &Tx, ctx: &Ctx, item_id: &str, note: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE recovery_run_items SET status = 'dropped', commit_note = :note, updated_at = :at WHERE id = :id",
    )?
    .execute(named_params! {":id": item_id, ":note": note, ":at": ctx.at()})?;
    Ok(())
}

pub fn reverse_item(tx: &Tx, ctx: &Ctx, item_id: &str) -> Result<()> {
    tx.prepare_cached("UPDATE recovery_run_items SET status = 'reversed', updated_at = :at WHERE id = :id")?
        .execute(named_params! {":id": item_id, ":at": ctx.at()})?;
    Ok(())
}

/// Records a stage reversed (and the stage row that restores the account's previous stage, if any).
#[allow(clippy::too_many_arguments)]
pub fn insert_stage_reversal(
    tx: &Tx,
    ctx: &Ctx,
    stage_id: &str,
    restored_stage_id: Option<&str>,
    run_id: Option<&str>,
    account_id: &str,
    reason: &str,
) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO recovery_stage_reversals (id, stage_id, restored_stage_id, run_id, account_id, reason, created_at,
                                               created_by, device_id)
         VALUES (:id, :stage, :restored, :run, :account, :reason, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":stage": stage_id, ":restored": restored_stage_id, ":run": run_id, ":account": account_id,
        ":reason": reason, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// The account's latest stage before `stage_id` (not reversed, not itself a restoration): what a reversal
/// puts the account back to.
pub fn stage_before(conn: &Connection, account_id: &str, stage_id: &str) -> Result<Option<(Stage, Option<String>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT st.stage, st.liability_id FROM recovery_stages st, recovery_stages me
             WHERE me.id = :stage AND st.account_id = :account AND st.id <> me.id
               AND (st.entered_on, st.created_at, st.id) < (me.entered_on, me.created_at, me.id)
               AND NOT EXISTS (SELECT 1 FROM recovery_stage_reversals r WHERE r.stage_id = st.id)
               AND NOT EXISTS (SELECT 1 FROM recovery_stage_reversals r WHERE r.restored_stage_id = st.id)
             ORDER BY st.entered_on DESC, st.created_at DESC, st.id DESC LIMIT 1",
        )?
        .query_row(named_params! {":account": account_id, ":stage": stage_id}, |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Ledger sums of every liability and the no-year entries of many accounts, from the local summary (the bench
/// and the summary test compare it with [`crate::db::instalments::ledger_sums`]).
pub fn summary_rows(conn: &Connection, account_id: &str) -> Result<Vec<(String, LedgerSums)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT liability_id, charged_pence, costs_pence, credited_pence, other_pence
         FROM local_liability_balances WHERE account_id = :account ORDER BY liability_id",
    )?;
    let rows = stmt.query_map(named_params! {":account": account_id}, |r| {
        Ok((
            r.get::<_, String>(0)?,
            LedgerSums {
                charged: Money::from_pence(r.get(1)?),
                costs: Money::from_pence(r.get(2)?),
                credited: Money::from_pence(r.get(3)?),
                other: Money::from_pence(r.get(4)?),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
