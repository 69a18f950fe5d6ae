//! The audit log: one insert-only row per change (and, from the security issue, per view), written in the
//! same transaction as the change it records, and chained: each row's `hash` is the SHA-256 of the previous
//! row's hash and its own fields ([`row_hash`]), so [`verify_chain`] finds a row that was changed, removed or
//! slipped in.

use crate::db::{new_id, Ctx, Tx};
use crate::error::Result;
use rusqlite::{named_params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// The fields a row's hash covers, in this order, each followed by a unit separator (0x1F) so no two rows
/// with different fields hash the same text; `prev_hash` first. Absent party and account are empty.
pub fn row_hash(prev_hash: &str, seq: i64, f: &ChainedFields) -> String {
    let mut h = Sha256::new();
    for part in [
        prev_hash,
        &seq.to_string(),
        &f.id,
        &f.at,
        &f.user_id,
        &f.device_id,
        &f.action,
        &f.entity,
        &f.entity_id,
        f.party_id.as_deref().unwrap_or(""),
        f.account_id.as_deref().unwrap_or(""),
        &f.detail,
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The fields of an audit row the chain covers.
#[derive(Clone, Debug)]
pub struct ChainedFields {
    pub id: String,
    pub at: String,
    pub user_id: String,
    pub device_id: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub party_id: Option<String>,
    pub account_id: Option<String>,
    pub detail: String,
}

/// The last chained row: its seq and hash (0 and "" for an empty chain).
fn chain_end(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, String::new())))
}

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
    let f = ChainedFields {
        id: new_id(ctx),
        at: ctx.at(),
        user_id: ctx.user_id.clone(),
        device_id: tx.device_id.to_string(),
        action: action.to_string(),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        party_id: party_id.map(str::to_string),
        account_id: account_id.map(str::to_string),
        detail: detail.to_string(),
    };
    let (last, prev_hash) = chain_end(tx)?;
    insert(tx, last + 1, &prev_hash, &f)
}

fn insert(tx: &Tx, seq: i64, prev_hash: &str, f: &ChainedFields) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (id, at, user_id, device_id, action, entity, entity_id, party_id, account_id,
                                detail, created_at, created_by, seq, prev_hash, hash)
         VALUES (:id, :at, :user, :device, :action, :entity, :entity_id, :party_id, :account_id, :detail, :at, :user,
                 :seq, :prev, :hash)",
    )?
    .execute(named_params! {
        ":id": f.id, ":at": f.at, ":user": f.user_id, ":device": f.device_id, ":action": f.action,
        ":entity": f.entity, ":entity_id": f.entity_id, ":party_id": f.party_id, ":account_id": f.account_id,
        ":detail": f.detail, ":seq": seq, ":prev": prev_hash, ":hash": row_hash(prev_hash, seq, f),
    })?;
    Ok(())
}

const CHAIN_SQL: &str = "SELECT id, at, user_id, device_id, action, entity, entity_id, party_id, account_id, detail,
        seq, prev_hash, hash FROM audit_log";

fn chained_from_row(r: &rusqlite::Row) -> rusqlite::Result<(ChainedFields, Option<i64>, String, String)> {
    Ok((
        ChainedFields {
            id: r.get(0)?,
            at: r.get(1)?,
            user_id: r.get(2)?,
            device_id: r.get(3)?,
            action: r.get(4)?,
            entity: r.get(5)?,
            entity_id: r.get(6)?,
            party_id: r.get(7)?,
            account_id: r.get(8)?,
            detail: r.get(9)?,
        },
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
    ))
}

/// Chains the rows written before the chain existed (migration 0010), in the order they were written, after
/// the chain's end. Returns how many. Nothing to do on a database whose rows are all chained.
pub fn chain_unchained(tx: &Tx) -> Result<usize> {
    let rows: Vec<ChainedFields> = {
        let mut stmt = tx.prepare(&format!("{CHAIN_SQL} WHERE seq IS NULL ORDER BY rowid"))?;
        let rows = stmt.query_map([], chained_from_row)?;
        rows.map(|r| r.map(|(f, ..)| f)).collect::<rusqlite::Result<_>>()?
    };
    let (mut seq, mut prev) = chain_end(tx)?;
    let mut update = tx.prepare("UPDATE audit_log SET seq = :seq, prev_hash = :prev, hash = :hash WHERE id = :id")?;
    for f in &rows {
        seq += 1;
        let hash = row_hash(&prev, seq, f);
        update.execute(named_params! {":seq": seq, ":prev": prev, ":hash": hash, ":id": f.id})?;
        prev = hash;
    }
    Ok(rows.len())
}

/// What [`verify_chain`] found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ChainCheck {
    /// Rows read, in chain order.
    pub rows: i64,
    /// The first row that does not fit, and why; `None` when the chain is whole.
    pub broken: Option<BrokenLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct BrokenLink {
    pub seq: i64,
    pub id: String,
    pub reason: String,
}

/// Walks the whole chain in order and recomputes every hash: a changed row no longer matches its hash, a
/// removed row leaves a gap in `seq` and the next row's `prev_hash` pointing at nothing, a row slipped in has
/// no place. Stops at the first row that does not fit.
pub fn verify_chain(conn: &Connection) -> Result<ChainCheck> {
    let mut stmt = conn.prepare(&format!("{CHAIN_SQL} ORDER BY seq IS NULL, seq, rowid"))?;
    let mut rows = stmt.query([])?;
    let (mut expected_seq, mut prev, mut read) = (1i64, String::new(), 0i64);
    while let Some(r) = rows.next()? {
        let (f, seq, prev_hash, hash) = chained_from_row(r)?;
        read += 1;
        let broken = |reason: String| {
            Ok(ChainCheck { rows: read, broken: Some(BrokenLink { seq: seq.unwrap_or(0), id: f.id.clone(), reason }) })
        };
        let Some(seq) = seq else {
            return broken("the row has no place in the chain (written around it)".into());
        };
        if seq != expected_seq {
            return broken(format!("row {expected_seq} of the chain is missing (the next is {seq})"));
        }
        if prev_hash != prev {
            return broken("it does not follow the row before it (that row was changed or removed)".into());
        }
        if row_hash(&prev, seq, &f) != hash {
            return broken("its fields no longer match its hash (the row was changed)".into());
        }
        prev = hash;
        expected_seq += 1;
    }
    Ok(ChainCheck { rows: read, broken: None })
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
