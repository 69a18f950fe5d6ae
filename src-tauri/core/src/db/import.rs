//! SQL of the CSV import and export of accounts (`api::import`): the bulk writer (cached prepared
//! statements, positional parameters, time-ordered ids so every primary key is appended in order) and the
//! reads that turn the case database back into rows of the file.

use crate::db::{Ctx, Tx};
use crate::error::Result;
use crate::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, Role, Stage};
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};

/// An address as the import format carries it: five lines in their positions and a postcode.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AddressRecord {
    pub uprn: Option<String>,
    pub lines: [String; 5],
    pub postcode: String,
}

impl AddressRecord {
    /// The same address without its UPRN (a party's own address has none).
    pub fn without_uprn(&self) -> AddressRecord {
        AddressRecord { uprn: None, lines: self.lines.clone(), postcode: self.postcode.clone() }
    }

    /// The lines that are not blank, for search keys.
    pub fn filled_lines(&self) -> Vec<String> {
        self.lines.iter().filter(|l| !l.trim().is_empty()).cloned().collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRecord {
    pub id: String,
    pub reference: String,
    pub debt_type: DebtType,
    pub jurisdiction: Jurisdiction,
    pub status: String,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub property: Option<AddressRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartyRecord {
    pub id: String,
    pub kind: PartyKind,
    pub title: String,
    pub forenames: String,
    pub surname: String,
    pub organisation_name: String,
    pub date_of_birth: Option<String>,
    pub ni_number: Option<String>,
    pub company_number: Option<String>,
    pub address: Option<AddressRecord>,
}

/// A party with its phones and emails (each sorted by value).
#[derive(Clone, Debug)]
pub struct PartyContacts {
    pub party: PartyRecord,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
}

/// A party on an account, with its phones and emails (each sorted by value).
#[derive(Clone, Debug)]
pub struct LinkRecord {
    pub account_id: String,
    pub role: Role,
    pub party: PartyRecord,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
}

/// One account as the import format sees it: the account, its parties and its liabilities.
#[derive(Clone, Debug)]
pub struct AccountSnapshot {
    pub account: AccountRecord,
    pub links: Vec<LinkRecord>,
    pub liabilities: Vec<LiabilityRecord>,
}

/// A liability with what the ledger says of it: charged = charges + adjustments, paid = −(payments +
/// refunds), in pence; a reversal counts under the kind it reverses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiabilityRecord {
    pub id: String,
    pub account_id: String,
    pub financial_year: i32,
    pub period_from: String,
    pub period_to: String,
    pub description: String,
    pub charged_pence: i64,
    pub paid_pence: i64,
}

/// Ids for one import: UUIDv7 (RFC 9562) with the instant of `ctx.now`, a 42-bit counter that starts at a
/// random value (RFC 9562 §6.2, method 1) and 32 random bits. Within an import they increase, so inserts
/// append to every primary-key b-tree instead of landing at random; across devices the random start and
/// tail keep them apart. The tail comes from a SplitMix64 stream seeded from the OS generator once.
pub struct IdSource {
    millis: u64,
    counter: u64,
    state: u64,
}

impl IdSource {
    pub fn new(ctx: &Ctx) -> IdSource {
        let seed = uuid::Uuid::new_v4().as_u128();
        IdSource {
            millis: ctx.now.timestamp_millis().max(0) as u64 & 0xFFFF_FFFF_FFFF,
            counter: (seed as u64) & ((1 << 41) - 1),
            state: (seed >> 64) as u64,
        }
    }

    fn random(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn next_id(&mut self) -> String {
        let c = self.counter;
        self.counter += 1;
        let tail = self.random() & 0xFFFF_FFFF;
        let v = ((self.millis as u128) << 80)
            | (0x7u128 << 76)
            | (((c >> 30) & 0xFFF) as u128) << 64
            | (0b10u128 << 62)
            | (((c & 0x3FFF_FFFF) as u128) << 32)
            | tail as u128;
        uuid::Uuid::from_u128(v).hyphenated().to_string()
    }
}

/// Writes the rows of one import inside its transaction.
pub struct Writer<'a, 'b> {
    tx: &'a Tx<'b>,
    at: String,
    user: String,
    ids: IdSource,
}

impl<'a, 'b> Writer<'a, 'b> {
    pub fn new(tx: &'a Tx<'b>, ctx: &Ctx) -> Writer<'a, 'b> {
        Writer { tx, at: ctx.at(), user: ctx.user_id.clone(), ids: IdSource::new(ctx) }
    }

    pub fn new_id(&mut self) -> String {
        self.ids.next_id()
    }

    pub fn address(&mut self, a: &AddressRecord) -> Result<String> {
        let id = self.ids.next_id();
        self.tx
            .prepare_cached(
                "INSERT INTO addresses (id, uprn, line1, line2, line3, line4, line5, postcode, created_at,
                                        created_by, device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                id,
                a.uprn,
                a.lines[0],
                a.lines[1],
                a.lines[2],
                a.lines[3],
                a.lines[4],
                a.postcode,
                self.at,
                self.user,
                self.tx.device_id,
            ])?;
        Ok(id)
    }

    pub fn party(&mut self, p: &PartyRecord, address_id: Option<&str>) -> Result<String> {
        let id = self.ids.next_id();
        self.tx
            .prepare_cached(
                "INSERT INTO parties (id, kind, title, forenames, surname, organisation_name, date_of_birth,
                                      ni_number, company_number, address_id, created_at, created_by, device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                id,
                p.kind,
                p.title,
                p.forenames,
                p.surname,
                p.organisation_name,
                p.date_of_birth,
                p.ni_number,
                p.company_number,
                address_id,
                self.at,
                self.user,
                self.tx.device_id,
            ])?;
        Ok(id)
    }

    pub fn contact(&mut self, party_id: &str, kind: &str, value: &str) -> Result<()> {
        let id = self.ids.next_id();
        self.tx
            .prepare_cached(
                "INSERT INTO party_contacts (id, party_id, kind, value, created_at, created_by, device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, party_id, kind, value, self.at, self.user, self.tx.device_id])?;
        Ok(())
    }

    pub fn account(&mut self, a: &AccountRecord, property_address_id: Option<&str>) -> Result<String> {
        let id = self.ids.next_id();
        self.tx
            .prepare_cached(
                "INSERT INTO accounts (id, reference, debt_type, jurisdiction, property_address_id, status,
                                       opened_on, closed_on, created_at, created_by, device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                id,
                a.reference,
                a.debt_type,
                a.jurisdiction,
                property_address_id,
                a.status,
                a.opened_on,
                a.closed_on,
                self.at,
                self.user,
                self.tx.device_id,
            ])?;
        Ok(id)
    }

    pub fn link(&mut self, account_id: &str, party_id: &str, role: Role) -> Result<()> {
        let id = self.ids.next_id();
        self.tx
            .prepare_cached(
                "INSERT INTO account_parties (id, account_id, party_id, role, created_at, created_by, device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, account_id, party_id, role, self.at, self.user, self.tx.device_id])?;
        Ok(())
    }

    pub fn liability(&mut self, account_id: &str, l: &LiabilityRecord) -> Result<String> {
        let id = self.ids.next_id();
        self.tx
            .prepare_cached(
                "INSERT INTO liabilities (id, account_id, financial_year, period_from, period_to, description,
                                          created_at, created_by, device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                id,
                account_id,
                l.financial_year,
                l.period_from,
                l.period_to,
                l.description,
                self.at,
                self.user,
                self.tx.device_id,
            ])?;
        Ok(id)
    }

    /// Posts a ledger entry; `pence` is signed (positive owed to the council, negative a credit).
    #[allow(clippy::too_many_arguments)]
    pub fn entry(
        &mut self,
        account_id: &str,
        liability_id: &str,
        kind: LedgerKind,
        pence: i64,
        posted_on: &str,
        effective_on: &str,
        method: &str,
        reference: &str,
        reason: &str,
    ) -> Result<()> {
        let id = self.ids.next_id();
        self.tx
            .prepare_cached(
                "INSERT INTO ledger_entries (id, account_id, liability_id, kind, amount_pence, posted_on,
                                             effective_on, method, reference, reason, created_at, created_by,
                                             device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                id,
                account_id,
                liability_id,
                kind,
                pence,
                posted_on,
                effective_on,
                method,
                reference,
                reason,
                self.at,
                self.user,
                self.tx.device_id,
            ])?;
        Ok(())
    }

    pub fn stage(&mut self, account_id: &str, stage: Stage, entered_on: &str, reason: &str) -> Result<()> {
        let id = self.ids.next_id();
        self.tx
            .prepare_cached(
                "INSERT INTO recovery_stages (id, account_id, stage, entered_on, reason, created_at, created_by,
                                              device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![id, account_id, stage, entered_on, reason, self.at, self.user, self.tx.device_id])?;
        Ok(())
    }

    /// Adds search keys `(key, kind code, account id)` of one party.
    pub fn search_keys<'k>(
        &mut self,
        party_id: &str,
        keys: impl IntoIterator<Item = (&'k str, &'static str, &'k str)>,
    ) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO local_search_keys (key, kind, party_id, account_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (key, kind, account) in keys {
            stmt.execute(params![key, kind, party_id, account])?;
        }
        Ok(())
    }
}

/// Sets the page cache of this connection for a big import (in KiB, as `PRAGMA cache_size = -N`) and
/// returns the previous setting, to give back with [`restore_cache_size`].
pub fn enlarge_cache(conn: &Connection, kib: i64) -> Result<i64> {
    let before: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -kib)?;
    Ok(before)
}

pub fn restore_cache_size(conn: &Connection, before: i64) -> Result<()> {
    conn.pragma_update(None, "cache_size", before)?;
    Ok(())
}

/// The account with this reference, if any: `(id, deleted)`.
pub fn account_id_by_reference(conn: &Connection, reference: &str) -> Result<Option<(String, bool)>> {
    Ok(conn
        .prepare_cached("SELECT id, deleted_at IS NOT NULL FROM accounts WHERE reference = ?1")?
        .query_row([reference], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn has_parties(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM parties WHERE deleted_at IS NULL)", [], |r| r.get(0))?)
}

const ADDRESS_COLS: &str = "a.id, a.uprn, a.line1, a.line2, a.line3, a.line4, a.line5, a.postcode";

/// An address from the eight columns of [`ADDRESS_COLS`] starting at `at`; `None` if there is none.
fn address_at(r: &Row, at: usize) -> rusqlite::Result<Option<AddressRecord>> {
    if r.get::<_, Option<String>>(at)?.is_none() {
        return Ok(None);
    }
    Ok(Some(AddressRecord {
        uprn: r.get(at + 1)?,
        lines: [r.get(at + 2)?, r.get(at + 3)?, r.get(at + 4)?, r.get(at + 5)?, r.get(at + 6)?],
        postcode: r.get(at + 7)?,
    }))
}

fn party_cols() -> String {
    format!(
        "p.id, p.kind, p.title, p.forenames, p.surname, p.organisation_name, p.date_of_birth, p.ni_number,
         p.company_number, {ADDRESS_COLS},
         (SELECT group_concat(c.value, char(31) ORDER BY c.value) FROM party_contacts c
          WHERE c.party_id = p.id AND c.kind = 'phone' AND c.deleted_at IS NULL),
         (SELECT group_concat(c.value, char(31) ORDER BY c.value) FROM party_contacts c
          WHERE c.party_id = p.id AND c.kind = 'email' AND c.deleted_at IS NULL)"
    )
}

/// A party and its phones and emails from the columns of [`party_cols`] starting at `at`.
fn party_at(r: &Row, at: usize) -> rusqlite::Result<PartyContacts> {
    let party = PartyRecord {
        id: r.get(at)?,
        kind: r.get(at + 1)?,
        title: r.get(at + 2)?,
        forenames: r.get(at + 3)?,
        surname: r.get(at + 4)?,
        organisation_name: r.get(at + 5)?,
        date_of_birth: r.get(at + 6)?,
        ni_number: r.get(at + 7)?,
        company_number: r.get(at + 8)?,
        address: address_at(r, at + 9)?,
    };
    let split = |v: Option<String>| -> Vec<String> {
        v.map(|s| s.split('\u{1f}').map(str::to_string).collect()).unwrap_or_default()
    };
    Ok(PartyContacts { party, phones: split(r.get(at + 17)?), emails: split(r.get(at + 18)?) })
}

/// One party with its phones and emails.
pub fn party(conn: &Connection, party_id: &str) -> Result<Option<PartyContacts>> {
    let sql = format!(
        "SELECT {} FROM parties p LEFT JOIN addresses a ON a.id = p.address_id
         WHERE p.id = :id AND p.deleted_at IS NULL",
        party_cols()
    );
    Ok(conn.prepare_cached(&sql)?.query_row(named_params! {":id": party_id}, |r| party_at(r, 0)).optional()?)
}

/// Every party (without contacts), for matching the parties of a file to the ones already held.
pub fn each_party(conn: &Connection, mut f: impl FnMut(PartyRecord)) -> Result<()> {
    let sql = format!(
        "SELECT p.id, p.kind, p.title, p.forenames, p.surname, p.organisation_name, p.date_of_birth,
                p.ni_number, p.company_number, {ADDRESS_COLS}
         FROM parties p LEFT JOIN addresses a ON a.id = p.address_id WHERE p.deleted_at IS NULL"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f(PartyRecord {
            id: r.get(0)?,
            kind: r.get(1)?,
            title: r.get(2)?,
            forenames: r.get(3)?,
            surname: r.get(4)?,
            organisation_name: r.get(5)?,
            date_of_birth: r.get(6)?,
            ni_number: r.get(7)?,
            company_number: r.get(8)?,
            address: address_at(r, 9)?,
        });
    }
    Ok(())
}

fn accounts_sql(filter: &str) -> String {
    format!(
        "SELECT ac.id, ac.reference, ac.debt_type, ac.jurisdiction, ac.status, ac.opened_on, ac.closed_on,
                {ADDRESS_COLS}
         FROM accounts ac LEFT JOIN addresses a ON a.id = ac.property_address_id
         WHERE ac.deleted_at IS NULL {filter} ORDER BY ac.reference"
    )
}

fn account_from(r: &Row) -> rusqlite::Result<AccountRecord> {
    Ok(AccountRecord {
        id: r.get(0)?,
        reference: r.get(1)?,
        debt_type: r.get(2)?,
        jurisdiction: r.get(3)?,
        status: r.get(4)?,
        opened_on: r.get(5)?,
        closed_on: r.get(6)?,
        property: address_at(r, 7)?,
    })
}

fn links_sql(filter: &str) -> String {
    format!(
        "SELECT ap.account_id, ap.role, {}
         FROM accounts ac JOIN account_parties ap ON ap.account_id = ac.id AND ap.deleted_at IS NULL
         JOIN parties p ON p.id = ap.party_id AND p.deleted_at IS NULL
         LEFT JOIN addresses a ON a.id = p.address_id
         WHERE ac.deleted_at IS NULL {filter} ORDER BY ac.reference",
        party_cols()
    )
}

fn link_from(r: &Row) -> rusqlite::Result<LinkRecord> {
    let PartyContacts { party, phones, emails } = party_at(r, 2)?;
    Ok(LinkRecord { account_id: r.get(0)?, role: r.get(1)?, party, phones, emails })
}

fn liabilities_sql(filter: &str) -> String {
    format!(
        "SELECT l.id, l.account_id, l.financial_year, l.period_from, l.period_to, l.description,
                (SELECT coalesce(sum(e.amount_pence), 0) FROM ledger_entries e
                 LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
                 WHERE e.account_id = l.account_id AND e.liability_id = l.id
                   AND coalesce(o.kind, e.kind) IN ('charge', 'adjustment')),
                (SELECT coalesce(sum(e.amount_pence), 0) FROM ledger_entries e
                 LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
                 WHERE e.account_id = l.account_id AND e.liability_id = l.id
                   AND coalesce(o.kind, e.kind) IN ('payment', 'refund'))
         FROM accounts ac JOIN liabilities l ON l.account_id = ac.id AND l.deleted_at IS NULL
         WHERE ac.deleted_at IS NULL {filter} ORDER BY ac.reference, l.financial_year, l.period_from"
    )
}

fn liability_from(r: &Row) -> rusqlite::Result<LiabilityRecord> {
    Ok(LiabilityRecord {
        id: r.get(0)?,
        account_id: r.get(1)?,
        financial_year: r.get(2)?,
        period_from: r.get(3)?,
        period_to: r.get(4)?,
        description: r.get(5)?,
        charged_pence: r.get(6)?,
        paid_pence: -r.get::<_, i64>(7)?,
    })
}

/// One account as the import format sees it: the account, its parties and its liabilities.
pub fn account_snapshot(conn: &Connection, account_id: &str) -> Result<Option<AccountSnapshot>> {
    let filter = "AND ac.id = :id";
    let Some(account) = conn
        .prepare_cached(&accounts_sql(filter))?
        .query_row(named_params! {":id": account_id}, account_from)
        .optional()?
    else {
        return Ok(None);
    };
    let links = conn
        .prepare_cached(&links_sql(filter))?
        .query_map(named_params! {":id": account_id}, link_from)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let liabilities = conn
        .prepare_cached(&liabilities_sql(filter))?
        .query_map(named_params! {":id": account_id}, liability_from)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(AccountSnapshot { account, links, liabilities }))
}

/// Every account in reference order with its parties and liabilities: three ordered queries walked side by
/// side, so memory stays flat however big the caseload.
pub fn each_account(
    conn: &Connection,
    mut f: impl FnMut(AccountRecord, Vec<LinkRecord>, Vec<LiabilityRecord>) -> Result<()>,
) -> Result<()> {
    let mut accounts_stmt = conn.prepare(&accounts_sql(""))?;
    let mut links_stmt = conn.prepare(&links_sql(""))?;
    let mut liabilities_stmt = conn.prepare(&liabilities_sql(""))?;
    let accounts = accounts_stmt.query_map([], account_from)?;
    let mut links = links_stmt.query_map([], link_from)?.peekable();
    let mut liabilities = liabilities_stmt.query_map([], liability_from)?.peekable();
    for account in accounts {
        let account = account?;
        let mut mine = Vec::new();
        while let Some(Ok(l)) = links.peek() {
            if l.account_id != account.id {
                break;
            }
            mine.push(links.next().expect("peeked")?);
        }
        if let Some(Err(_)) = links.peek() {
            links.next().expect("peeked")?;
        }
        let mut years = Vec::new();
        while let Some(Ok(l)) = liabilities.peek() {
            if l.account_id != account.id {
                break;
            }
            years.push(liabilities.next().expect("peeked")?);
        }
        if let Some(Err(_)) = liabilities.peek() {
            liabilities.next().expect("peeked")?;
        }
        f(account, mine, years)?;
    }
    Ok(())
}
