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

/// The audit trail of one party's record, newest first: the changes, not the views of it (those are read in
/// the audit viewer, [`log_page`]).
pub fn for_party(conn: &rusqlite::Connection, party_id: &str, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, user_id, action, entity, entity_id, detail FROM audit_log
         WHERE (party_id = :party_id
                OR account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party_id))
           AND action <> 'viewed'
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

// ---------------------------------------------------------------------------------------------------------
// Views of a person's record (issue 9 item 4) and the audit viewer.

/// The action of a row that records a view rather than a change.
pub const VIEWED: &str = "viewed";

/// Whether `user_id` already has a `viewed` row for `entity_id` with this `detail` (the view's kind) after
/// `since`: the throttle that keeps one row per user, record and view kind per window. Reads the
/// `audit_log_entity` index.
pub fn viewed_since(conn: &Connection, user_id: &str, entity_id: &str, detail: &str, since: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM audit_log
             WHERE entity_id = :entity_id AND action = 'viewed' AND user_id = :user AND detail = :detail
               AND at > :since
             LIMIT 1",
        )?
        .query_row(
            named_params! {":entity_id": entity_id, ":user": user_id, ":detail": detail, ":since": since},
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// What the audit viewer asks for, already checked: every part narrows the rows; `None` does not.
#[derive(Clone, Debug, Default)]
pub struct LogFilter {
    /// The user exactly as the log names them (see [`log_user`]).
    pub user: Option<String>,
    /// Rows that name this party, or any account they are on.
    pub party_id: Option<String>,
    /// Rows about this account (its id).
    pub account_id: Option<String>,
    pub action: Option<String>,
    pub entity: Option<String>,
    /// Instants (RFC 3339, UTC): `from` inclusive, `until` exclusive.
    pub from: Option<String>,
    pub until: Option<String>,
}

impl LogFilter {
    /// The WHERE clause of the parts given (so that SQLite can use the index of the part that narrows most)
    /// and their parameters.
    fn clause(&self) -> (String, Vec<(&'static str, &dyn rusqlite::ToSql)>) {
        let parts: [(&Option<String>, &'static str, &'static str); 7] = [
            (
                &self.user,
                ":user",
                // One value, so the newest rows come straight from `audit_log_user`, unsorted.
                "a.user_id = :user",
            ),
            (
                &self.party_id,
                ":party",
                "(a.party_id = :party
                  OR a.account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party))",
            ),
            (&self.account_id, ":account", "a.account_id = :account"),
            (&self.action, ":action", "a.action = :action"),
            (&self.entity, ":entity", "a.entity = :entity"),
            (&self.from, ":from", "a.at >= :from"),
            (&self.until, ":until", "a.at < :until"),
        ];
        let mut wheres = Vec::new();
        let mut params: Vec<(&'static str, &dyn rusqlite::ToSql)> = Vec::new();
        for (value, name, sql) in parts {
            if let Some(v) = value {
                wheres.push(sql);
                params.push((name, v));
            }
        }
        let clause = if wheres.is_empty() { String::new() } else { format!("WHERE {}", wheres.join(" AND ")) };
        (clause, params)
    }
}

/// One row of the audit viewer: the row as written, with the names the screen shows beside the ids.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LogRow {
    pub seq: Option<i64>,
    pub id: String,
    pub at: String,
    pub user_id: String,
    /// The user's display name when they are in `users` (by id or username).
    pub user_name: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub party_id: Option<String>,
    /// The person's or organisation's name when the row names a party that is still there.
    pub party_name: Option<String>,
    pub account_id: Option<String>,
    pub account_reference: Option<String>,
    /// JSON of ids and field names, as written.
    pub detail: String,
}

/// The rows that match, newest first (`at`, then chain order), `limit` of them after skipping `offset`; and
/// how many match in all.
pub fn log_page(conn: &Connection, filter: &LogFilter, limit: i64, offset: i64) -> Result<(Vec<LogRow>, i64)> {
    let (clause, params) = filter.clause();
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM audit_log a {clause}"))?
        .query_row(&params[..], |r| r.get(0))?;
    let rows = log_rows(conn, filter, Some((limit, offset)))?;
    Ok((rows, total))
}

/// Every matching row, newest first (the CSV export), or one page of them.
pub fn log_rows(conn: &Connection, filter: &LogFilter, page: Option<(i64, i64)>) -> Result<Vec<LogRow>> {
    let (limit, offset) = page.unwrap_or((-1, 0));
    let (clause, mut params) = filter.clause();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.seq, a.id, a.at, a.user_id, COALESCE(ui.display_name, un.display_name), a.action, a.entity,
                a.entity_id, a.party_id, p.kind, p.title, p.forenames, p.surname, p.organisation_name,
                a.account_id, ac.reference, a.detail
         FROM audit_log a
         LEFT JOIN users ui ON ui.id = a.user_id
         LEFT JOIN users un ON un.username = a.user_id
         LEFT JOIN parties p ON p.id = a.party_id
         LEFT JOIN accounts ac ON ac.id = a.account_id
         {clause}
         ORDER BY a.at DESC, a.seq DESC
         LIMIT :limit OFFSET :offset"
    ))?;
    params.push((":limit", &limit));
    params.push((":offset", &offset));
    let rows = stmt.query_map(&params[..], |r| {
        let kind: Option<crate::model::PartyKind> = r.get(9)?;
        let party_name = match kind {
            None => None,
            Some(kind) => {
                let [title, forenames, surname, org]: [String; 4] = [r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?];
                Some(crate::db::parties::display_name(Some(kind), &title, &forenames, &surname, &org))
            }
        };
        Ok(LogRow {
            seq: r.get(0)?,
            id: r.get(1)?,
            at: r.get(2)?,
            user_id: r.get(3)?,
            user_name: r.get(4)?,
            action: r.get(5)?,
            entity: r.get(6)?,
            entity_id: r.get(7)?,
            party_id: r.get(8)?,
            party_name,
            account_id: r.get(14)?,
            account_reference: r.get(15)?,
            detail: r.get(16)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A user named in the log, for the viewer's filter.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LogUser {
    pub user_id: String,
    pub user_name: Option<String>,
}

/// The users the log names (by name, then id) and the actions it holds (alphabetical): the viewer's
/// dropdowns. Both read an index (`audit_log_user`, `audit_log_action`) rather than the rows.
pub fn log_users_and_actions(conn: &Connection) -> Result<(Vec<LogUser>, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.user_id, COALESCE(ui.display_name, un.display_name)
         FROM (SELECT DISTINCT user_id FROM audit_log) u
         LEFT JOIN users ui ON ui.id = u.user_id
         LEFT JOIN users un ON un.username = u.user_id
         ORDER BY COALESCE(ui.display_name, un.display_name, u.user_id) COLLATE NOCASE, u.user_id",
    )?;
    let users = stmt
        .query_map([], |r| Ok(LogUser { user_id: r.get(0)?, user_name: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached("SELECT DISTINCT action FROM audit_log ORDER BY action")?;
    let actions = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok((users, actions))
}

/// The name the log knows a user by, given their id or username: as given when rows name it, else the other
/// of the two from `users`, else as given (no rows).
pub fn log_user(conn: &Connection, user: &str) -> Result<String> {
    let named = |u: &str| -> Result<bool> {
        Ok(conn
            .prepare_cached("SELECT 1 FROM audit_log WHERE user_id = :u LIMIT 1")?
            .query_row(named_params! {":u": u}, |_| Ok(()))
            .optional()?
            .is_some())
    };
    if named(user)? {
        return Ok(user.to_string());
    }
    let other: Option<String> = conn
        .prepare_cached(
            "SELECT CASE WHEN id = :u THEN username ELSE id END FROM users WHERE id = :u OR username = :u LIMIT 1",
        )?
        .query_row(named_params! {":u": user}, |r| r.get(0))
        .optional()?;
    match other {
        Some(o) if named(&o)? => Ok(o),
        _ => Ok(user.to_string()),
    }
}

/// An account's id by its reference (the viewer's "person" box takes either).
pub fn account_id_by_reference(conn: &Connection, reference: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM accounts WHERE reference = :r")?
        .query_row(named_params! {":r": reference}, |r| r.get(0))
        .optional()?)
}

/// Whether a party with this id is on file.
pub fn party_exists(conn: &Connection, party_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM parties WHERE id = :p")?
        .query_row(named_params! {":p": party_id}, |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether any row names this party (a person since removed or anonymised can still be looked up by id).
pub fn names_party(conn: &Connection, party_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM audit_log WHERE party_id = :p LIMIT 1")?
        .query_row(named_params! {":p": party_id}, |_| Ok(()))
        .optional()?
        .is_some())
}
