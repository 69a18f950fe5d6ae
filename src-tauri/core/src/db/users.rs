//! Users who sign in (issue 9): their role, whether they are disabled and whether they must change the password
//! an administrator set. Passwords are not here: a user's key slot (`db::key`) is what checks one.

use super::{Ctx, Tx};
use crate::access::UserRole;
use crate::error::{Error, Result};
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: UserRole,
    pub disabled_at: Option<String>,
    pub must_change_password: bool,
}

const COLUMNS: &str = "id, username, display_name, role, disabled_at, must_change_password";

fn user(r: &rusqlite::Row) -> rusqlite::Result<User> {
    let role: String = r.get(3)?;
    Ok(User {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        role: UserRole::parse(&role).unwrap_or(UserRole::Officer),
        disabled_at: r.get(4)?,
        must_change_password: r.get::<_, i64>(5)? != 0,
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = ?1 AND deleted_at IS NULL");
    Ok(conn.prepare_cached(&sql)?.query_row([id], user).optional()?)
}

pub fn by_username(conn: &Connection, username: &str) -> Result<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE username = ?1 AND deleted_at IS NULL");
    Ok(conn.prepare_cached(&sql)?.query_row([username], user).optional()?)
}

/// Every user, enabled first, by name.
pub fn all(conn: &Connection) -> Result<Vec<User>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE deleted_at IS NULL
         ORDER BY disabled_at IS NOT NULL, display_name, username"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], user)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many enabled administrators there are (the last one may not be disabled or demoted).
pub fn enabled_admins(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

pub fn insert(tx: &Tx, ctx: &Ctx, u: &User) -> Result<()> {
    let inserted = tx
        .prepare_cached(
            "INSERT INTO users (id, username, display_name, role, must_change_password, created_at, created_by, device_id)
             VALUES (:id, :username, :name, :role, :must, :at, :by, :device)
             ON CONFLICT (username) DO NOTHING",
        )?
        .execute(named_params! {
            ":id": u.id, ":username": u.username, ":name": u.display_name, ":role": u.role.as_str(),
            ":must": u.must_change_password as i64, ":at": ctx.at(), ":by": ctx.user_id, ":device": tx.device_id,
        })?;
    if inserted == 0 {
        return Err(Error::validation("username", format!("{} is taken", u.username)));
    }
    Ok(())
}

pub fn set_role(tx: &Tx, ctx: &Ctx, id: &str, role: UserRole) -> Result<()> {
    tx.prepare_cached("UPDATE users SET role = ?2, updated_at = ?3 WHERE id = ?1")?.execute(rusqlite::params![
        id,
        role.as_str(),
        ctx.at()
    ])?;
    Ok(())
}

pub fn set_disabled(tx: &Tx, ctx: &Ctx, id: &str, disabled: bool) -> Result<()> {
    let at = ctx.at();
    tx.prepare_cached("UPDATE users SET disabled_at = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(rusqlite::params![id, disabled.then_some(at.as_str()), at])?;
    Ok(())
}

pub fn set_must_change_password(tx: &Tx, ctx: &Ctx, id: &str, must: bool) -> Result<()> {
    tx.prepare_cached("UPDATE users SET must_change_password = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(rusqlite::params![id, must as i64, ctx.at()])?;
    Ok(())
}
