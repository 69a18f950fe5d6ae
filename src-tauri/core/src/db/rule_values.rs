//! Dated rule values in the database: seeded from the shipped CSV, read into `RuleTables`.

use crate::db::{new_id, Ctx, Tx};
use crate::error::Result;
use crate::rules::tables::{shipped_rule_values, RuleTables, RuleValue};
use rusqlite::{named_params, Connection};

/// Adds the shipped rule values that are not there yet (matched on rule, jurisdiction and start date).
pub fn seed(tx: &Tx, ctx: &Ctx) -> Result<usize> {
    let mut n = 0;
    for v in shipped_rule_values()? {
        n += insert(tx, ctx, &v)?;
    }
    Ok(n)
}

/// Adds one dated value; an existing row for the same rule, jurisdiction and date is left alone.
pub fn insert(tx: &Tx, ctx: &Ctx, v: &RuleValue) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "INSERT OR IGNORE INTO rule_values (id, rule, jurisdiction, applies_from, value, source,
                                            created_at, created_by, device_id)
         VALUES (:id, :rule, :jurisdiction, :from, :value, :source, :at, :user, :device)",
        )?
        .execute(named_params! {
            ":id": new_id(ctx), ":rule": v.rule, ":jurisdiction": v.jurisdiction, ":from": v.applies_from.to_string(),
            ":value": v.value, ":source": v.source, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
        })?)
}

pub fn load(conn: &Connection) -> Result<RuleTables> {
    let mut stmt = conn.prepare_cached(
        "SELECT rule, jurisdiction, applies_from, value, source FROM rule_values WHERE deleted_at IS NULL",
    )?;
    let values = stmt
        .query_map([], |r| {
            Ok(RuleValue {
                rule: r.get(0)?,
                jurisdiction: r.get(1)?,
                applies_from: crate::db::date(&r.get::<_, String>(2)?)?,
                value: r.get(3)?,
                source: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(RuleTables::new(values))
}
