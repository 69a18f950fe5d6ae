//! The audit log: one insert-only row per change (and, from the security issue, per view), written in the
//! same transaction as the change it records.

use crate::db::{new_id, Ctx, Tx};
use crate::error::Result;
use rusqlite::named_params;

/// Records that `ctx.user_id` did `action` to `entity`/`entity_id`. `detail` is JSON of ids and field
/// names, never copies of personal data.
#[allow(clippy::too_many_arguments)] // one row, eight columns: a struct would only rename them
pub fn record(
    tx: &Tx,
    ctx: &Ctx,
    action: &str,
    entity: &str,
    entity_id: &str,
    party_id: Option<&str>,
    account_id: Option<&str>,
    detail: serde_json::Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (id, at, user_id, device_id, action, entity, entity_id, party_id, account_id,
                                detail, created_at, created_by)
         VALUES (:id, :at, :user, :device, :action, :entity, :entity_id, :party_id, :account_id, :detail, :at, :user)",
        named_params! {
            ":id": new_id(ctx), ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
            ":action": action, ":entity": entity, ":entity_id": entity_id, ":party_id": party_id,
            ":account_id": account_id, ":detail": detail.to_string(),
        },
    )?;
    Ok(())
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub user_id: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub detail: String,
}

/// The audit trail of one party's record, newest first.
pub fn for_party(conn: &rusqlite::Connection, party_id: &str, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, user_id, action, entity, entity_id, detail FROM audit_log
         WHERE party_id = :party_id
            OR account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party_id)
         ORDER BY at DESC, id DESC LIMIT :limit",
    )?;
    let rows = stmt.query_map(named_params! {":party_id": party_id, ":limit": limit}, |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            user_id: r.get(1)?,
            action: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            detail: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
