//! Tasks for the worklist: raised by holds (reviews, deadlines, expiry) and by runs (excluded cases that need a
//! decision), allocated to officers by team leaders, done or cancelled.

use crate::db::parties::display_name;
use crate::db::{date, new_id, Ctx, Tx};
use crate::error::Result;
use crate::model::PartyKind;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;

/// A task to raise.
pub struct NewTask<'a> {
    pub party_id: Option<&'a str>,
    pub account_id: Option<&'a str>,
    pub kind: &'a str,
    pub title: &'a str,
    pub detail: &'a str,
    pub due_on: NaiveDate,
    pub assigned_to: Option<&'a str>,
    pub hold_id: Option<&'a str>,
    pub run_id: Option<&'a str>,
}

pub fn insert(tx: &Tx, ctx: &Ctx, t: &NewTask) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO tasks (id, party_id, account_id, kind, title, detail, due_on, assigned_to, status, hold_id,
                            run_id, created_at, created_by, device_id)
         VALUES (:id, :party, :account, :kind, :title, :detail, :due, :assigned, 'open', :hold, :run, :at, :user,
                 :device)",
    )?
    .execute(named_params! {
        ":id": id, ":party": t.party_id, ":account": t.account_id, ":kind": t.kind, ":title": t.title,
        ":detail": t.detail, ":due": t.due_on.to_string(), ":assigned": t.assigned_to, ":hold": t.hold_id,
        ":run": t.run_id, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaskRow {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub detail: String,
    pub due_on: NaiveDate,
    pub status: String,
    pub assigned_to: Option<String>,
    pub party_id: Option<String>,
    pub party_name: Option<String>,
    pub account_id: Option<String>,
    pub account_reference: Option<String>,
    pub hold_id: Option<String>,
    pub run_id: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub done_at: Option<String>,
}

const TASK_SQL: &str = "SELECT t.id, t.kind, t.title, t.detail, t.due_on, t.status, t.assigned_to, t.party_id,
        p.kind, p.title, p.forenames, p.surname, p.organisation_name, t.account_id, ac.reference, t.hold_id,
        t.run_id, t.created_at, t.created_by, t.done_at
    FROM tasks t LEFT JOIN parties p ON p.id = t.party_id LEFT JOIN accounts ac ON ac.id = t.account_id";

fn task_from_row(r: &rusqlite::Row) -> rusqlite::Result<TaskRow> {
    let party_id: Option<String> = r.get(7)?;
    let party_name = match &party_id {
        Some(_) => Some(display_name(
            r.get::<_, Option<PartyKind>>(8)?,
            &r.get::<_, Option<String>>(9)?.unwrap_or_default(),
            &r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            &r.get::<_, Option<String>>(11)?.unwrap_or_default(),
            &r.get::<_, Option<String>>(12)?.unwrap_or_default(),
        )),
        None => None,
    };
    Ok(TaskRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        title: r.get(2)?,
        detail: r.get(3)?,
        due_on: date(&r.get::<_, String>(4)?)?,
        status: r.get(5)?,
        assigned_to: r.get(6)?,
        party_id,
        party_name,
        account_id: r.get(13)?,
        account_reference: r.get(14)?,
        hold_id: r.get(15)?,
        run_id: r.get(16)?,
        created_at: r.get(17)?,
        created_by: r.get(18)?,
        done_at: r.get(19)?,
    })
}

/// Whose tasks to list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assigned {
    /// One officer's.
    To(String),
    /// Nobody's yet (for a team leader to allocate).
    Nobody,
    /// Everyone's.
    Anyone,
}

/// Open tasks due on or before `on`, oldest due first.
pub fn open_due(conn: &Connection, on: NaiveDate, who: &Assigned) -> Result<Vec<TaskRow>> {
    let (filter, user) = match who {
        Assigned::To(u) => ("AND t.assigned_to = :user", Some(u.as_str())),
        Assigned::Nobody => ("AND t.assigned_to IS NULL AND :user IS NULL", None),
        Assigned::Anyone => ("AND :user IS NULL", None),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "{TASK_SQL} WHERE t.deleted_at IS NULL AND t.status = 'open' AND t.due_on <= :on {filter}
         ORDER BY t.due_on, t.created_at, t.id"
    ))?;
    let rows = stmt.query_map(named_params! {":on": on.to_string(), ":user": user}, task_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<TaskRow>> {
    Ok(conn
        .prepare_cached(&format!("{TASK_SQL} WHERE t.id = :id AND t.deleted_at IS NULL"))?
        .query_row(named_params! {":id": id}, task_from_row)
        .optional()?)
}

/// Every task a hold raised, due first.
pub fn of_hold(conn: &Connection, hold_id: &str) -> Result<Vec<TaskRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{TASK_SQL} WHERE t.hold_id = :hold AND t.deleted_at IS NULL ORDER BY t.due_on, t.id"
    ))?;
    let rows = stmt.query_map(named_params! {":hold": hold_id}, task_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every task a run raised.
pub fn of_run(conn: &Connection, run_id: &str) -> Result<Vec<TaskRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{TASK_SQL} WHERE t.run_id = :run AND t.deleted_at IS NULL ORDER BY t.due_on, t.id"
    ))?;
    let rows = stmt.query_map(named_params! {":run": run_id}, task_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn assign(tx: &Tx, ctx: &Ctx, id: &str, user: Option<&str>) -> Result<()> {
    tx.prepare_cached("UPDATE tasks SET assigned_to = :user, updated_at = :at WHERE id = :id")?
        .execute(named_params! {":id": id, ":user": user, ":at": ctx.at()})?;
    Ok(())
}

/// Closes a task as `done` or `cancelled`.
pub fn close(tx: &Tx, ctx: &Ctx, id: &str, status: &str) -> Result<()> {
    tx.prepare_cached("UPDATE tasks SET status = :status, done_at = :at, updated_at = :at WHERE id = :id")?
        .execute(named_params! {":id": id, ":status": status, ":at": ctx.at()})?;
    Ok(())
}

/// Cancels a hold's open tasks (the hold was released); returns how many.
pub fn cancel_open_for_hold(tx: &Tx, ctx: &Ctx, hold_id: &str) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "UPDATE tasks SET status = 'cancelled', done_at = :at, updated_at = :at
             WHERE hold_id = :hold AND status = 'open'",
        )?
        .execute(named_params! {":hold": hold_id, ":at": ctx.at()})?)
}

/// Cancels a run's open tasks (the run was reversed); returns how many.
pub fn cancel_open_for_run(tx: &Tx, ctx: &Ctx, run_id: &str) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "UPDATE tasks SET status = 'cancelled', done_at = :at, updated_at = :at
             WHERE run_id = :run AND status = 'open'",
        )?
        .execute(named_params! {":run": run_id, ":at": ctx.at()})?)
}

/// A user's id, found by id or username (`None`: not a known user).
pub fn user_id(conn: &Connection, user: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM users WHERE (id = :u OR username = :u) AND deleted_at IS NULL")?
        .query_row(named_params! {":u": user}, |r| r.get(0))
        .optional()?)
}

/// Whether a user exists and what their role is (`None`: not a known user).
pub fn user_role(conn: &Connection, user_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT role FROM users WHERE (id = :u OR username = :u) AND deleted_at IS NULL")?
        .query_row(named_params! {":u": user_id}, |r| r.get(0))
        .optional()?)
}

/// A user of Recovery Desk, as the worklist names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
}

/// Adds a user unless one with that username is there (the demo's team; sign-in and roles arrive with the
/// security issue, which owns this table).
pub fn add_user(tx: &Tx, ctx: &Ctx, user: &UserRow) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO users (id, username, display_name, role, created_at, created_by, device_id)
         VALUES (:id, :username, :name, :role, :at, :by, :device)
         ON CONFLICT (username) DO NOTHING",
    )?
    .execute(named_params! {
        ":id": user.id, ":username": user.username, ":name": user.display_name, ":role": user.role,
        ":at": ctx.at(), ":by": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(())
}

/// The users tasks can be given to, by display name.
pub fn users(conn: &Connection) -> Result<Vec<UserRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, username, display_name, role FROM users WHERE deleted_at IS NULL ORDER BY display_name, username",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(UserRow { id: r.get(0)?, username: r.get(1)?, display_name: r.get(2)?, role: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
