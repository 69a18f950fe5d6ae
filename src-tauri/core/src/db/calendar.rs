//! Bank holidays in the database: seeded from the shipped list, editable, read into a `Calendar`.

use crate::db::{Ctx, Tx};
use crate::error::Result;
use crate::rules::calendar::{shipped_bank_holidays, Calendar};
use rusqlite::{named_params, Connection};

/// Adds the shipped bank holidays that are not there yet (never overwrites an edit).
pub fn seed(tx: &Tx, ctx: &Ctx) -> Result<usize> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO bank_holidays (holiday_on, name, created_at, created_by, device_id)
         VALUES (:on, :name, :at, :user, :device)",
    )?;
    let mut n = 0;
    for (on, name) in shipped_bank_holidays() {
        n += stmt.execute(named_params! {
            ":on": on.to_string(), ":name": name, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
        })?;
    }
    Ok(n)
}

pub fn load(conn: &Connection) -> Result<Calendar> {
    let mut stmt = conn.prepare_cached("SELECT holiday_on FROM bank_holidays WHERE deleted_at IS NULL")?;
    let dates =
        stmt.query_map([], |r| crate::db::date(&r.get::<_, String>(0)?))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Calendar::new(dates))
}
