//! Accounts, the parties on them, liabilities per financial year, the insert-only ledger and the recovery
//! stage history. Balances are always summed from the ledger, never stored.

use crate::db::parties::{address_from_row, display_name, Address, ADDRESS_COLUMNS};
use crate::db::{new_id, Ctx, Tx};
use crate::error::Result;
use crate::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, Role, Stage};
use crate::money::Money;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Account {
    pub id: String,
    pub reference: String,
    pub debt_type: DebtType,
    pub jurisdiction: Jurisdiction,
    pub status: String,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub property: Option<Address>,
}

pub struct NewAccount<'a> {
    pub reference: &'a str,
    pub debt_type: DebtType,
    pub jurisdiction: Jurisdiction,
    pub property_address_id: Option<&'a str>,
    pub status: &'a str,
    pub opened_on: &'a str,
    pub closed_on: Option<&'a str>,
}

pub fn insert_account(tx: &Tx, ctx: &Ctx, a: &NewAccount) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO accounts (id, reference, debt_type, jurisdiction, property_address_id, status, opened_on,
                               closed_on, created_at, created_by, device_id)
         VALUES (:id, :reference, :debt_type, :jurisdiction, :property, :status, :opened, :closed, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":reference": a.reference, ":debt_type": a.debt_type, ":jurisdiction": a.jurisdiction,
        ":property": a.property_address_id, ":status": a.status, ":opened": a.opened_on, ":closed": a.closed_on,
        ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

pub fn insert_account_party(
    tx: &Tx,
    ctx: &Ctx,
    account_id: &str,
    party_id: &str,
    role: Role,
    correspondence_address_id: Option<&str>,
) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO account_parties (id, account_id, party_id, role, correspondence_address_id, created_at,
                                      created_by, device_id)
         VALUES (:id, :account, :party, :role, :corr, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":account": account_id, ":party": party_id, ":role": role, ":corr": correspondence_address_id,
        ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

pub fn insert_liability(
    tx: &Tx,
    ctx: &Ctx,
    account_id: &str,
    financial_year: i32,
    period_from: &str,
    period_to: &str,
    description: &str,
) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO liabilities (id, account_id, financial_year, period_from, period_to, description, created_at,
                                  created_by, device_id)
         VALUES (:id, :account, :year, :from, :to, :description, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":account": account_id, ":year": financial_year, ":from": period_from, ":to": period_to,
        ":description": description, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// A ledger entry to post. Amounts are signed: positive owed to the council, negative a credit.
#[derive(Clone, Debug, Default)]
pub struct NewEntry<'a> {
    pub account_id: &'a str,
    pub liability_id: Option<&'a str>,
    pub kind: Option<LedgerKind>,
    pub amount: Money,
    pub posted_on: &'a str,
    pub effective_on: &'a str,
    pub method: &'a str,
    pub reference: &'a str,
    pub reason: &'a str,
    pub reverses_entry_id: Option<&'a str>,
}

pub fn insert_entry(tx: &Tx, ctx: &Ctx, e: &NewEntry) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO ledger_entries (id, account_id, liability_id, kind, amount_pence, posted_on, effective_on,
                                     method, reference, reason, reverses_entry_id, created_at, created_by, device_id)
         VALUES (:id, :account, :liability, :kind, :pence, :posted, :effective, :method, :reference, :reason,
                 :reverses, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":account": e.account_id, ":liability": e.liability_id,
        ":kind": e.kind.expect("a ledger entry has a kind"), ":pence": e.amount.pence(), ":posted": e.posted_on,
        ":effective": e.effective_on, ":method": e.method, ":reference": e.reference, ":reason": e.reason,
        ":reverses": e.reverses_entry_id, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

pub fn insert_stage(
    tx: &Tx,
    ctx: &Ctx,
    account_id: &str,
    liability_id: Option<&str>,
    stage: Stage,
    entered_on: &str,
    reason: &str,
) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO recovery_stages (id, account_id, liability_id, stage, entered_on, reason, created_at,
                                      created_by, device_id)
         VALUES (:id, :account, :liability, :stage, :entered, :reason, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":account": account_id, ":liability": liability_id, ":stage": stage, ":entered": entered_on,
        ":reason": reason, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

fn account_sql(filter: &str) -> String {
    format!(
        "SELECT ac.id, ac.reference, ac.debt_type, ac.jurisdiction, ac.status, ac.opened_on, ac.closed_on, {ADDRESS_COLUMNS}
         FROM accounts ac LEFT JOIN addresses a ON a.id = ac.property_address_id
         WHERE ac.deleted_at IS NULL AND {filter}"
    )
}

fn account_from_row(r: &rusqlite::Row) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        reference: r.get(1)?,
        debt_type: r.get(2)?,
        jurisdiction: r.get(3)?,
        status: r.get(4)?,
        opened_on: r.get(5)?,
        closed_on: r.get(6)?,
        property: match r.get::<_, Option<String>>(7)? {
            Some(_) => Some(address_from_row(r, 7)?),
            None => None,
        },
    })
}

pub fn by_reference(conn: &Connection, reference: &str) -> Result<Option<Account>> {
    Ok(conn
        .prepare_cached(&account_sql("ac.reference = :reference"))?
        .query_row(named_params! {":reference": reference}, account_from_row)
        .optional()?)
}

pub fn by_id(conn: &Connection, id: &str) -> Result<Option<Account>> {
    Ok(conn
        .prepare_cached(&account_sql("ac.id = :id"))?
        .query_row(named_params! {":id": id}, account_from_row)
        .optional()?)
}

/// The accounts a party is on, with its role on each (a party can hold two roles on one account).
pub fn of_party(conn: &Connection, party_id: &str) -> Result<Vec<(Account, Role, Option<Address>)>> {
    let sql = format!(
        "{} ORDER BY ac.status DESC, ac.debt_type, ac.reference",
        account_sql("ac.id IN (SELECT account_id FROM account_parties WHERE party_id = :party AND deleted_at IS NULL)")
    );
    let accounts = conn
        .prepare_cached(&sql)?
        .query_map(named_params! {":party": party_id}, account_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    let role_sql = format!(
        "SELECT ap.role, ap.correspondence_address_id, {ADDRESS_COLUMNS}
         FROM account_parties ap LEFT JOIN addresses a ON a.id = ap.correspondence_address_id
         WHERE ap.account_id = :account AND ap.party_id = :party AND ap.deleted_at IS NULL ORDER BY ap.role"
    );
    let mut stmt = conn.prepare_cached(&role_sql)?;
    for account in accounts {
        let roles = stmt
            .query_map(named_params! {":account": account.id, ":party": party_id}, |r| {
                let corr = match r.get::<_, Option<String>>(1)? {
                    Some(_) => Some(address_from_row(r, 2)?),
                    None => None,
                };
                Ok((r.get::<_, Role>(0)?, corr))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (role, corr) in roles {
            out.push((account.clone(), role, corr));
        }
    }
    Ok(out)
}

/// Another party on an account.
#[derive(Clone, Debug, Serialize)]
pub struct AccountParty {
    pub party_id: String,
    pub name: String,
    pub role: Role,
}

pub fn parties_of(conn: &Connection, account_id: &str) -> Result<Vec<AccountParty>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.kind, p.title, p.forenames, p.surname, p.organisation_name, ap.role
         FROM account_parties ap JOIN parties p ON p.id = ap.party_id
         WHERE ap.account_id = :account AND ap.deleted_at IS NULL
         ORDER BY ap.role = 'liable' DESC, ap.created_at, p.surname",
    )?;
    let rows = stmt.query_map(named_params! {":account": account_id}, |r| {
        let kind: PartyKind = r.get(1)?;
        Ok(AccountParty {
            party_id: r.get(0)?,
            name: display_name(
                Some(kind),
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
                &r.get::<_, String>(4)?,
                &r.get::<_, String>(5)?,
            ),
            role: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One financial year of an account, summed from the ledger. A reversal counts under the kind it reverses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YearBalance {
    pub financial_year: Option<i32>,
    pub charged: Money,
    pub costs: Money,
    pub paid: Money,
    pub other: Money,
    pub balance: Money,
}

pub fn balances_by_year(conn: &Connection, account_id: &str) -> Result<Vec<YearBalance>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.financial_year,
                sum(CASE WHEN coalesce(o.kind, e.kind) IN ('charge', 'adjustment') THEN e.amount_pence ELSE 0 END),
                sum(CASE WHEN coalesce(o.kind, e.kind) = 'cost' THEN e.amount_pence ELSE 0 END),
                sum(CASE WHEN coalesce(o.kind, e.kind) IN ('payment', 'refund') THEN e.amount_pence ELSE 0 END),
                sum(CASE WHEN coalesce(o.kind, e.kind) IN ('transfer', 'write_off') THEN e.amount_pence ELSE 0 END),
                sum(e.amount_pence)
         FROM ledger_entries e
         LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
         LEFT JOIN liabilities l ON l.id = e.liability_id
         WHERE e.account_id = :account
         GROUP BY l.financial_year ORDER BY l.financial_year DESC",
    )?;
    let rows = stmt.query_map(named_params! {":account": account_id}, |r| {
        Ok(YearBalance {
            financial_year: r.get(0)?,
            charged: Money::from_pence(r.get(1)?),
            costs: Money::from_pence(r.get(2)?),
            paid: Money::from_pence(r.get(3)?),
            other: Money::from_pence(r.get(4)?),
            balance: Money::from_pence(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The balance of an account: the sum of its ledger.
pub fn balance(conn: &Connection, account_id: &str) -> Result<Money> {
    let pence: i64 = conn
        .prepare_cached("SELECT coalesce(sum(amount_pence), 0) FROM ledger_entries WHERE account_id = :account")?
        .query_row(named_params! {":account": account_id}, |r| r.get(0))?;
    Ok(Money::from_pence(pence))
}

#[derive(Clone, Debug, Serialize)]
pub struct LedgerEntry {
    pub id: String,
    pub account_id: String,
    pub liability_id: Option<String>,
    pub financial_year: Option<i32>,
    pub kind: LedgerKind,
    pub amount: Money,
    pub posted_on: String,
    pub effective_on: String,
    pub method: String,
    pub reference: String,
    pub reason: String,
    pub reverses_entry_id: Option<String>,
    pub reversed_by_entry_id: Option<String>,
    pub created_at: String,
    pub created_by: String,
}

const ENTRY_SQL: &str = "SELECT e.id, e.account_id, e.liability_id, l.financial_year, e.kind, e.amount_pence,
        e.posted_on, e.effective_on, e.method, e.reference, e.reason, e.reverses_entry_id,
        (SELECT r.id FROM ledger_entries r WHERE r.reverses_entry_id = e.id), e.created_at, e.created_by
    FROM ledger_entries e LEFT JOIN liabilities l ON l.id = e.liability_id";

fn entry_from_row(r: &rusqlite::Row) -> rusqlite::Result<LedgerEntry> {
    Ok(LedgerEntry {
        id: r.get(0)?,
        account_id: r.get(1)?,
        liability_id: r.get(2)?,
        financial_year: r.get(3)?,
        kind: r.get(4)?,
        amount: Money::from_pence(r.get(5)?),
        posted_on: r.get(6)?,
        effective_on: r.get(7)?,
        method: r.get(8)?,
        reference: r.get(9)?,
        reason: r.get(10)?,
        reverses_entry_id: r.get(11)?,
        reversed_by_entry_id: r.get(12)?,
        created_at: r.get(13)?,
        created_by: r.get(14)?,
    })
}

pub fn entry(conn: &Connection, id: &str) -> Result<Option<LedgerEntry>> {
    Ok(conn
        .prepare_cached(&format!("{ENTRY_SQL} WHERE e.id = :id"))?
        .query_row(named_params! {":id": id}, entry_from_row)
        .optional()?)
}

/// The newest `limit` entries of an account, newest first.
pub fn recent_entries(conn: &Connection, account_id: &str, limit: u32) -> Result<Vec<LedgerEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{ENTRY_SQL} WHERE e.account_id = :account ORDER BY e.effective_on DESC, e.created_at DESC, e.id DESC LIMIT :limit"
    ))?;
    let rows = stmt.query_map(named_params! {":account": account_id, ":limit": limit}, entry_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The liability of an account for a financial year, if there is one.
pub fn liability_for_year(conn: &Connection, account_id: &str, year: i32) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM liabilities WHERE account_id = :account AND financial_year = :year AND deleted_at IS NULL
             ORDER BY period_from LIMIT 1",
        )?
        .query_row(named_params! {":account": account_id, ":year": year}, |r| r.get(0))
        .optional()?)
}

/// The oldest liability with a balance owing, for a payment that names no year.
pub fn oldest_liability_owing(conn: &Connection, account_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT l.id FROM liabilities l JOIN ledger_entries e ON e.liability_id = l.id
             WHERE l.account_id = :account GROUP BY l.id HAVING sum(e.amount_pence) > 0
             ORDER BY l.financial_year, l.period_from LIMIT 1",
        )?
        .query_row(named_params! {":account": account_id}, |r| r.get(0))
        .optional()?)
}

/// The current stage: the latest entry in the stage history.
pub fn current_stage(conn: &Connection, account_id: &str) -> Result<Option<(Stage, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT stage, entered_on FROM recovery_stages WHERE account_id = :account
             ORDER BY entered_on DESC, created_at DESC, id DESC LIMIT 1",
        )?
        .query_row(named_params! {":account": account_id}, |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Does the database hold any account at all (deleted ones included)?
pub fn any_accounts(conn: &Connection) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM accounts)")?.query_row([], |r| r.get(0))?)
}

// Bulk writers with the caller's ids and a `Stamp` (see `parties::Stamp` for why): the same rows as the
// single-row writers above.

/// [`insert_account`] with the caller's id.
pub fn insert_account_with_id(tx: &Tx, s: crate::db::parties::Stamp, id: &str, a: &NewAccount) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO accounts (id, reference, debt_type, jurisdiction, property_address_id, status, opened_on,
                               closed_on, created_at, created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(rusqlite::params![
        id,
        a.reference,
        a.debt_type,
        a.jurisdiction,
        a.property_address_id,
        a.status,
        a.opened_on,
        a.closed_on,
        s.at,
        s.user,
        s.device
    ])?;
    Ok(())
}

/// [`insert_account_party`] with the caller's id.
pub fn insert_account_party_with_id(
    tx: &Tx,
    s: crate::db::parties::Stamp,
    id: &str,
    account_id: &str,
    party_id: &str,
    role: Role,
    correspondence_address_id: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO account_parties (id, account_id, party_id, role, correspondence_address_id, created_at,
                                      created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        id,
        account_id,
        party_id,
        role,
        correspondence_address_id,
        s.at,
        s.user,
        s.device
    ])?;
    Ok(())
}

/// [`insert_liability`] with the caller's id.
#[allow(clippy::too_many_arguments)]
pub fn insert_liability_with_id(
    tx: &Tx,
    s: crate::db::parties::Stamp,
    id: &str,
    account_id: &str,
    financial_year: i32,
    period_from: &str,
    period_to: &str,
    description: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO liabilities (id, account_id, financial_year, period_from, period_to, description, created_at,
                                  created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(rusqlite::params![
        id,
        account_id,
        financial_year,
        period_from,
        period_to,
        description,
        s.at,
        s.user,
        s.device
    ])?;
    Ok(())
}

/// [`insert_entry`] with the caller's id.
pub fn insert_entry_with_id(tx: &Tx, s: crate::db::parties::Stamp, id: &str, e: &NewEntry) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO ledger_entries (id, account_id, liability_id, kind, amount_pence, posted_on, effective_on,
                                     method, reference, reason, reverses_entry_id, created_at, created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(rusqlite::params![
        id,
        e.account_id,
        e.liability_id,
        e.kind.expect("a ledger entry has a kind"),
        e.amount.pence(),
        e.posted_on,
        e.effective_on,
        e.method,
        e.reference,
        e.reason,
        e.reverses_entry_id,
        s.at,
        s.user,
        s.device
    ])?;
    Ok(())
}

/// [`insert_stage`] with the caller's id.
#[allow(clippy::too_many_arguments)]
pub fn insert_stage_with_id(
    tx: &Tx,
    s: crate::db::parties::Stamp,
    id: &str,
    account_id: &str,
    liability_id: Option<&str>,
    stage: Stage,
    entered_on: &str,
    reason: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO recovery_stages (id, account_id, liability_id, stage, entered_on, reason, created_at,
                                      created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(rusqlite::params![
        id,
        account_id,
        liability_id,
        stage,
        entered_on,
        reason,
        s.at,
        s.user,
        s.device
    ])?;
    Ok(())
}

/// The secondary indexes on `tables` (not those SQLite keeps for PRIMARY KEY and UNIQUE constraints): name and
/// the exact statement that made them, so that [`create_indexes`] makes them again byte for byte.
pub fn secondary_indexes(conn: &Connection, tables: &[&str]) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, table, sql) = row?;
        if tables.contains(&table.as_str()) {
            out.push((name, sql));
        }
    }
    Ok(out)
}

/// Drops indexes for a bulk load inside the caller's transaction: building an index once from a full table
/// (one sort) is far cheaper than keeping it up to date through millions of inserts. The caller makes them
/// again with [`create_indexes`] before the transaction ends; if it fails, the rollback restores them.
pub fn drop_indexes(tx: &Tx, indexes: &[(String, String)]) -> Result<()> {
    for (name, _) in indexes {
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(crate::error::Error::Internal(format!("unexpected index name {name}")));
        }
        tx.execute_batch(&format!("DROP INDEX {name}"))?;
    }
    Ok(())
}

/// Makes again the indexes [`drop_indexes`] dropped, from their original statements, letting SQLite's sorter
/// use a second thread while it does.
pub fn create_indexes(tx: &Tx, indexes: &[(String, String)]) -> Result<()> {
    let threads: i64 = tx.pragma_query_value(None, "threads", |r| r.get(0))?;
    tx.pragma_update(None, "threads", 2)?;
    for (_, sql) in indexes {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "threads", threads)?;
    Ok(())
}
