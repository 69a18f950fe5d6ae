//! Holds with the facts the law turns on (registration day, treatment end, review date, evidence) and the holds
//! that cover an account: its own, and those on any person liable on it.

use crate::db::parties::display_name;
use crate::db::{date, new_id, Ctx, Tx};
use crate::error::Result;
use crate::model::{HoldKind, PartyKind};
use crate::rules::holds::HoldFacts;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HoldRow {
    pub id: String,
    pub party_id: Option<String>,
    pub party_name: Option<String>,
    pub account_id: Option<String>,
    pub account_reference: Option<String>,
    pub kind: HoldKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub released_on: Option<NaiveDate>,
    pub registered_on: Option<NaiveDate>,
    pub treatment_ended_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub notice_received_on: Option<NaiveDate>,
    pub reason: String,
    pub evidence: String,
    pub adviser: String,
    pub created_at: String,
    pub created_by: String,
}

impl HoldRow {
    pub fn facts(&self) -> HoldFacts {
        HoldFacts {
            id: self.id.clone(),
            kind: self.kind,
            on_party: self.account_id.is_none(),
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            released_on: self.released_on,
            registered_on: self.registered_on,
            treatment_ended_on: self.treatment_ended_on,
        }
    }
}

const HOLD_SQL: &str = "SELECT h.id, h.party_id, p.kind, p.title, p.forenames, p.surname, p.organisation_name,
        h.account_id, ac.reference, h.kind, h.starts_on, h.ends_on, h.released_on, h.registered_on,
        h.treatment_ended_on, h.review_on, h.notice_received_on, h.reason, h.evidence, h.adviser, h.created_at,
        h.created_by
    FROM holds h LEFT JOIN parties p ON p.id = h.party_id LEFT JOIN accounts ac ON ac.id = h.account_id";

fn opt_date(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    r.get::<_, Option<String>>(i)?.map(|s| date(&s)).transpose()
}

fn hold_from_row(r: &rusqlite::Row) -> rusqlite::Result<HoldRow> {
    let party_id: Option<String> = r.get(1)?;
    let party_name = match &party_id {
        Some(_) => Some(display_name(
            r.get::<_, Option<PartyKind>>(2)?,
            &r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            &r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            &r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            &r.get::<_, Option<String>>(6)?.unwrap_or_default(),
        )),
        None => None,
    };
    Ok(HoldRow {
        id: r.get(0)?,
        party_id,
        party_name,
        account_id: r.get(7)?,
        account_reference: r.get(8)?,
        kind: r.get(9)?,
        starts_on: date(&r.get::<_, String>(10)?)?,
        ends_on: opt_date(r, 11)?,
        released_on: opt_date(r, 12)?,
        registered_on: opt_date(r, 13)?,
        treatment_ended_on: opt_date(r, 14)?,
        review_on: opt_date(r, 15)?,
        notice_received_on: opt_date(r, 16)?,
        reason: r.get(17)?,
        evidence: r.get(18)?,
        adviser: r.get(19)?,
        created_at: r.get(20)?,
        created_by: r.get(21)?,
    })
}

/// A hold to record.
pub struct NewHold<'a> {
    pub party_id: Option<&'a str>,
    pub account_id: Option<&'a str>,
    pub kind: HoldKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub registered_on: Option<NaiveDate>,
    pub treatment_ended_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub notice_received_on: Option<NaiveDate>,
    pub reason: &'a str,
    pub evidence: &'a str,
    pub adviser: &'a str,
}

pub fn insert(tx: &Tx, ctx: &Ctx, h: &NewHold) -> Result<String> {
    let id = new_id(ctx);
    let d = |x: Option<NaiveDate>| x.map(|d| d.to_string());
    tx.prepare_cached(
        "INSERT INTO holds (id, party_id, account_id, kind, starts_on, ends_on, reason, evidence, registered_on,
                            treatment_ended_on, review_on, notice_received_on, adviser, created_at, created_by,
                            device_id)
         VALUES (:id, :party, :account, :kind, :starts, :ends, :reason, :evidence, :registered, :treatment, :review,
                 :received, :adviser, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":party": h.party_id, ":account": h.account_id, ":kind": h.kind,
        ":starts": h.starts_on.to_string(), ":ends": d(h.ends_on), ":reason": h.reason, ":evidence": h.evidence,
        ":registered": d(h.registered_on), ":treatment": d(h.treatment_ended_on), ":review": d(h.review_on),
        ":received": d(h.notice_received_on), ":adviser": h.adviser, ":at": ctx.at(), ":user": ctx.user_id,
        ":device": tx.device_id,
    })?;
    Ok(id)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<HoldRow>> {
    Ok(conn
        .prepare_cached(&format!("{HOLD_SQL} WHERE h.id = :id AND h.deleted_at IS NULL"))?
        .query_row(named_params! {":id": id}, hold_from_row)
        .optional()?)
}

/// Lifts a hold from `released_on` (it is not in force that day), adding why to its evidence trail.
pub fn release(tx: &Tx, ctx: &Ctx, id: &str, released_on: NaiveDate, note: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE holds SET released_on = :released, evidence = evidence || :note, updated_at = :at WHERE id = :id",
    )?
    .execute(named_params! {":id": id, ":released": released_on.to_string(), ":note": note, ":at": ctx.at()})?;
    Ok(())
}

/// Records the day mental health crisis treatment ended and the moratorium's computed last day.
pub fn set_treatment_ended(
    tx: &Tx,
    ctx: &Ctx,
    id: &str,
    ended_on: NaiveDate,
    ends_on: NaiveDate,
    note: &str,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE holds SET treatment_ended_on = :ended, ends_on = :ends, evidence = evidence || :note, updated_at = :at
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": id, ":ended": ended_on.to_string(), ":ends": ends_on.to_string(), ":note": note, ":at": ctx.at(),
    })?;
    Ok(())
}

/// Every hold that can cover an account: on the account itself, or on a person liable on it (a hold on a person
/// with no account covers all their debts). Released and expired ones included: the rules decide.
pub fn covering_account(conn: &Connection, account_id: &str) -> Result<Vec<HoldRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{HOLD_SQL}
         WHERE h.deleted_at IS NULL
           AND (h.account_id = :account
                OR (h.account_id IS NULL AND h.party_id IN (
                    SELECT party_id FROM account_parties WHERE account_id = :account AND deleted_at IS NULL
                      AND role IN ('liable', 'joint_and_several'))))
         ORDER BY h.starts_on, h.id"
    ))?;
    let rows = stmt.query_map(named_params! {":account": account_id}, hold_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Holds on a person or on any account they are on, newest first (the Holds panel: released ones too).
pub fn of_party(conn: &Connection, party_id: &str) -> Result<Vec<HoldRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{HOLD_SQL}
         WHERE h.deleted_at IS NULL
           AND (h.party_id = :party OR h.account_id IN (
                SELECT account_id FROM account_parties WHERE party_id = :party AND deleted_at IS NULL))
         ORDER BY h.starts_on DESC, h.id DESC"
    ))?;
    let rows = stmt.query_map(named_params! {":party": party_id}, hold_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Holds not released that started on or before `on` and whose stored last day (if any) is on or after
/// `since` (the Holds screen; the rules decide which are truly in force).
pub fn open_holds(conn: &Connection, on: NaiveDate, since: NaiveDate) -> Result<Vec<HoldRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{HOLD_SQL}
         WHERE h.deleted_at IS NULL AND h.released_on IS NULL AND h.starts_on <= :on
           AND (h.ends_on IS NULL OR h.ends_on >= :since)
         ORDER BY h.starts_on, h.id"
    ))?;
    let rows = stmt.query_map(named_params! {":on": on.to_string(), ":since": since.to_string()}, hold_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The accounts a hold can cover: its account, or every account its person is liable on.
pub fn accounts_covered(conn: &Connection, hold: &HoldRow) -> Result<Vec<String>> {
    if let Some(a) = &hold.account_id {
        return Ok(vec![a.clone()]);
    }
    let Some(party) = &hold.party_id else { return Ok(vec![]) };
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT account_id FROM account_parties
         WHERE party_id = :party AND deleted_at IS NULL AND role IN ('liable', 'joint_and_several')
         ORDER BY account_id",
    )?;
    let rows = stmt.query_map(named_params! {":party": party}, |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
