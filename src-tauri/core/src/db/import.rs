//! SQL of the CSV import and export of accounts (`api::import`): the bulk writer (cached prepared
//! statements, positional parameters, time-ordered ids so every primary key is appended in order) and the
//! reads that turn the case database back into rows of the file.

use crate::db::{Ctx, Tx};
use crate::error::Result;
use crate::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, Role, Stage};
use rusqlite::types::{ToSql, ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, Statement};

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

/// One table an import appends to: rows are buffered and written `BATCH` at a time with one multi-row
/// `INSERT ... VALUES (..), (..)` (half the cost per row of one-row inserts here), the rest one by one.
/// `created_at`, `created_by` and `device_id` are parameters ?901–?903, bound once: SQLite keeps bindings
/// across executions.
struct Table<'c, 'a> {
    one: Statement<'c>,
    many: Statement<'c>,
    columns: usize,
    rows: Vec<ToSqlOutput<'a>>,
}

/// Rows per multi-row insert.
const BATCH: usize = 100;

impl<'c, 'a> Table<'c, 'a> {
    /// `insert` is `INSERT INTO t (...) VALUES` and `row` the row's values with `?` for each of the
    /// `columns` variables and ?901–?903 for the constants.
    fn new(
        conn: &'c Connection,
        insert: &str,
        row: &str,
        columns: usize,
        constants: Option<[&str; 3]>,
    ) -> Result<Self> {
        // The row with its bare `?` numbered from `first` (?901.. are left as they are).
        let numbered = |first: usize| {
            let chars: Vec<char> = row.chars().collect();
            let mut out = String::with_capacity(row.len() + 4 * columns);
            let mut n = first;
            for (i, c) in chars.iter().enumerate() {
                out.push(*c);
                if *c == '?' && !chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                    out.push_str(&n.to_string());
                    n += 1;
                }
            }
            out
        };
        let prepare = |rows: usize| -> Result<Statement<'c>> {
            let values: Vec<String> = (0..rows).map(|r| numbered(1 + r * columns)).collect();
            let mut stmt = conn.prepare(&format!("{insert} {}", values.join(", ")))?;
            for (i, value) in constants.iter().flatten().enumerate() {
                stmt.raw_bind_parameter(901 + i, *value)?;
            }
            Ok(stmt)
        };
        Ok(Table { one: prepare(1)?, many: prepare(BATCH)?, columns, rows: Vec::with_capacity(columns * BATCH) })
    }

    fn push(&mut self, values: impl IntoIterator<Item = ToSqlOutput<'a>>) {
        let before = self.rows.len();
        self.rows.extend(values);
        debug_assert_eq!(self.rows.len() - before, self.columns);
    }

    /// Inserts `rows` without buffering their values: `BATCH` rows to a statement, the rest one by one.
    fn insert_all<V: ToSql, const N: usize>(&mut self, rows: impl Iterator<Item = [V; N]>) -> Result<()> {
        debug_assert_eq!(N, self.columns);
        let mut batch: Vec<[V; N]> = Vec::with_capacity(BATCH);
        for row in rows {
            batch.push(row);
            if batch.len() == BATCH {
                for (r, row) in batch.drain(..).enumerate() {
                    for (i, value) in row.into_iter().enumerate() {
                        self.many.raw_bind_parameter(r * N + i + 1, value)?;
                    }
                }
                self.many.raw_execute()?;
            }
        }
        for row in batch {
            for (i, value) in row.into_iter().enumerate() {
                self.one.raw_bind_parameter(i + 1, value)?;
            }
            self.one.raw_execute()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let mut values = std::mem::take(&mut self.rows).into_iter();
        let full = values.len() / (self.columns * BATCH);
        for _ in 0..full {
            for i in 0..self.columns * BATCH {
                self.many.raw_bind_parameter(i + 1, values.next().expect("counted"))?;
            }
            self.many.raw_execute()?;
        }
        while values.len() > 0 {
            for i in 0..self.columns {
                self.one.raw_bind_parameter(i + 1, values.next().expect("whole rows"))?;
            }
            self.one.raw_execute()?;
        }
        self.rows = Vec::with_capacity(self.columns * BATCH);
        Ok(())
    }
}

/// A text value to bind: one held elsewhere, or a short one made in a buffer of its own (no allocation),
/// such as an id from its 128 bits. Binding millions of values that are scattered over memory costs a
/// cache miss each; values made on the spot cost none.
pub enum Cell<'k> {
    Text(&'k str),
    Made([u8; 36], u8),
}

impl Cell<'_> {
    /// Up to 36 bytes of UTF-8 text.
    pub fn made(text: &[u8]) -> Cell<'static> {
        let mut bytes = [0u8; 36];
        bytes[..text.len()].copy_from_slice(text);
        Cell::Made(bytes, text.len() as u8)
    }

    /// A UUID as the ids are written: hyphenated, lower case.
    pub fn uuid(id: u128) -> Cell<'static> {
        let mut bytes = [0u8; 36];
        uuid::Uuid::from_u128(id).hyphenated().encode_lower(&mut bytes);
        Cell::Made(bytes, 36)
    }
}

impl ToSql for Cell<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(match self {
            Cell::Text(text) => text.as_bytes(),
            Cell::Made(bytes, len) => &bytes[..*len as usize],
        })))
    }
}

fn text(s: &str) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
}

fn owned(s: String) -> ToSqlOutput<'static> {
    ToSqlOutput::Owned(Value::Text(s))
}

fn maybe(s: Option<&str>) -> ToSqlOutput<'_> {
    s.map_or(ToSqlOutput::Owned(Value::Null), text)
}

fn int(i: i64) -> ToSqlOutput<'static> {
    ToSqlOutput::Owned(Value::Integer(i))
}

/// How many accounts' rows are buffered before every table is written, parents first (foreign keys are
/// checked as each row goes in).
const CHUNK_ACCOUNTS: usize = 1_000;

/// Writes the rows of one import inside its transaction: buffered per table, written in batches, parents
/// before children. Values borrowed for `'a` (the file's data, the ids taken up front) are not copied. The
/// statements are `INSERT OR FAIL`: a row that breaks a constraint stops its statement without undoing the
/// rows before it, which needs no statement journal (SQLite otherwise copies every page a multi-row insert
/// touches into one, to undo that one statement); the error then fails and rolls back the whole import.
pub struct Writer<'c, 'a> {
    ids: IdSource,
    addresses: Table<'c, 'a>,
    parties: Table<'c, 'a>,
    contacts: Table<'c, 'a>,
    accounts: Table<'c, 'a>,
    links: Table<'c, 'a>,
    liabilities: Table<'c, 'a>,
    entries: Table<'c, 'a>,
    stages: Table<'c, 'a>,
    search_keys: Table<'c, 'a>,
    buffered_accounts: usize,
}

impl<'c, 'a> Writer<'c, 'a> {
    /// `ids` is the id source the ids already taken came from.
    pub fn new(tx: &'c Tx<'_>, ctx: &Ctx, ids: IdSource) -> Result<Writer<'c, 'a>> {
        let at = ctx.at();
        let constants = Some([at.as_str(), ctx.user_id.as_str(), tx.device_id]);
        let c: &'c Connection = tx;
        Ok(Writer {
            ids,
            addresses: Table::new(
                c,
                "INSERT OR FAIL INTO addresses (id, uprn, line1, line2, line3, line4, line5, postcode, created_at,
                     created_by, device_id) VALUES",
                "(?, ?, ?, ?, ?, ?, ?, ?, ?901, ?902, ?903)",
                8,
                constants,
            )?,
            parties: Table::new(
                c,
                "INSERT OR FAIL INTO parties (id, kind, title, forenames, surname, organisation_name, date_of_birth,
                     ni_number, company_number, address_id, created_at, created_by, device_id) VALUES",
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?901, ?902, ?903)",
                10,
                constants,
            )?,
            contacts: Table::new(
                c,
                "INSERT OR FAIL INTO party_contacts (id, party_id, kind, value, created_at, created_by, device_id)
                     VALUES",
                "(?, ?, ?, ?, ?901, ?902, ?903)",
                4,
                constants,
            )?,
            accounts: Table::new(
                c,
                "INSERT OR FAIL INTO accounts (id, reference, debt_type, jurisdiction, property_address_id, status,
                     opened_on, closed_on, created_at, created_by, device_id) VALUES",
                "(?, ?, ?, ?, ?, ?, ?, ?, ?901, ?902, ?903)",
                8,
                constants,
            )?,
            links: Table::new(
                c,
                "INSERT OR FAIL INTO account_parties (id, account_id, party_id, role, created_at, created_by,
                     device_id) VALUES",
                "(?, ?, ?, ?, ?901, ?902, ?903)",
                4,
                constants,
            )?,
            liabilities: Table::new(
                c,
                "INSERT OR FAIL INTO liabilities (id, account_id, financial_year, period_from, period_to, description,
                     created_at, created_by, device_id) VALUES",
                "(?, ?, ?, ?, ?, ?, ?901, ?902, ?903)",
                6,
                constants,
            )?,
            entries: Table::new(
                c,
                "INSERT OR FAIL INTO ledger_entries (id, account_id, liability_id, kind, amount_pence, posted_on,
                     effective_on, method, reference, reason, created_at, created_by, device_id)
                     VALUES",
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?901, ?902, ?903)",
                10,
                constants,
            )?,
            stages: Table::new(
                c,
                "INSERT OR FAIL INTO recovery_stages (id, account_id, stage, entered_on, reason, created_at,
                     created_by, device_id) VALUES",
                "(?, ?, ?, ?, ?, ?901, ?902, ?903)",
                5,
                constants,
            )?,
            search_keys: Table::new(
                c,
                "INSERT OR IGNORE INTO local_search_keys (key, kind, party_id, account_id) VALUES",
                "(?, ?, ?, ?)",
                4,
                None,
            )?,
            buffered_accounts: 0,
        })
    }

    /// The next id of this import (ids increase in the order they are taken).
    pub fn new_id(&mut self) -> String {
        self.ids.next_id()
    }

    pub fn address(&mut self, a: &'a AddressRecord) -> String {
        let id = self.ids.next_id();
        let l = &a.lines;
        self.addresses.push([
            owned(id.clone()),
            maybe(a.uprn.as_deref()),
            text(&l[0]),
            text(&l[1]),
            text(&l[2]),
            text(&l[3]),
            text(&l[4]),
            text(&a.postcode),
        ]);
        id
    }

    /// A party, with the id taken for it.
    pub fn party(&mut self, id: &'a str, p: &'a PartyRecord, address_id: Option<String>) {
        self.parties.push([
            text(id),
            text(p.kind.as_str()),
            text(&p.title),
            text(&p.forenames),
            text(&p.surname),
            text(&p.organisation_name),
            maybe(p.date_of_birth.as_deref()),
            maybe(p.ni_number.as_deref()),
            maybe(p.company_number.as_deref()),
            address_id.map_or(ToSqlOutput::Owned(Value::Null), owned),
        ]);
    }

    pub fn contact(&mut self, party_id: &'a str, kind: &'static str, value: &'a str) {
        let id = self.ids.next_id();
        self.contacts.push([owned(id), text(party_id), text(kind), text(value)]);
    }

    /// An account, with the id taken for it.
    pub fn account(&mut self, id: &'a str, a: &'a AccountRecord, property_address_id: Option<String>) {
        self.accounts.push([
            text(id),
            text(&a.reference),
            text(a.debt_type.as_str()),
            text(a.jurisdiction.as_str()),
            property_address_id.map_or(ToSqlOutput::Owned(Value::Null), owned),
            text(&a.status),
            text(&a.opened_on),
            maybe(a.closed_on.as_deref()),
        ]);
    }

    pub fn link(&mut self, account_id: &'a str, party_id: &'a str, role: Role) {
        let id = self.ids.next_id();
        self.links.push([owned(id), text(account_id), text(party_id), text(role.as_str())]);
    }

    pub fn liability(&mut self, account_id: &'a str, l: &'a LiabilityRecord) -> String {
        let id = self.ids.next_id();
        self.liabilities.push([
            owned(id.clone()),
            text(account_id),
            int(l.financial_year.into()),
            text(&l.period_from),
            text(&l.period_to),
            text(&l.description),
        ]);
        id
    }

    /// A ledger entry; `pence` is signed (positive owed to the council, negative a credit).
    #[allow(clippy::too_many_arguments)]
    pub fn entry(
        &mut self,
        account_id: &'a str,
        liability_id: String,
        kind: LedgerKind,
        pence: i64,
        posted_on: &'a str,
        effective_on: &'a str,
        method: &'a str,
        reference: &'a str,
        reason: &'a str,
    ) {
        let id = self.ids.next_id();
        self.entries.push([
            owned(id),
            text(account_id),
            owned(liability_id),
            text(kind.as_str()),
            int(pence),
            text(posted_on),
            text(effective_on),
            text(method),
            text(reference),
            text(reason),
        ]);
    }

    pub fn stage(&mut self, account_id: &'a str, stage: Stage, entered_on: &'a str, reason: &'a str) {
        let id = self.ids.next_id();
        self.stages.push([owned(id), text(account_id), text(stage.as_str()), text(entered_on), text(reason)]);
    }

    /// Writes everything buffered, then the search keys `[key, kind code, party id, account id or ""]`, each
    /// bound from where it is. Give them in the table's key order and each insert appends.
    pub fn search_keys<'k>(&mut self, keys: impl Iterator<Item = [Cell<'k>; 4]>) -> Result<()> {
        self.flush()?;
        self.search_keys.insert_all(keys)
    }

    /// Call after each account's rows: every `CHUNK_ACCOUNTS` accounts, the buffers are written.
    pub fn end_of_account(&mut self) -> Result<()> {
        self.buffered_accounts += 1;
        if self.buffered_accounts >= CHUNK_ACCOUNTS {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes everything buffered, parents before children.
    pub fn flush(&mut self) -> Result<()> {
        self.addresses.flush()?;
        self.parties.flush()?;
        self.contacts.flush()?;
        self.accounts.flush()?;
        self.links.flush()?;
        self.liabilities.flush()?;
        self.entries.flush()?;
        self.stages.flush()?;
        self.search_keys.flush()?;
        self.buffered_accounts = 0;
        Ok(())
    }
}

/// The index of the search keys by party. A big first import drops it and creates it again from the same
/// SQL once the keys are in, inside the same transaction: the keys go in in primary-key order, and one sort
/// builds this index faster than a b-tree insert per key at random places. The schema is the same
/// afterwards, text for text. Returns the SQL to create it again, if it was dropped.
pub fn drop_search_index(conn: &Connection) -> Result<Option<String>> {
    let sql: Option<String> = conn
        .query_row("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'local_search_keys_party'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if sql.is_some() {
        conn.execute_batch("DROP INDEX local_search_keys_party")?;
    }
    Ok(sql)
}

/// Creates an index again, letting SQLite sort with a second thread while it does. SQLite's sorter sorts
/// runs as large as the page cache in memory; with a small cache it sorts small runs (on the second
/// thread) and merges them, which took a third less CPU than one big run for 7.4 million search keys.
pub fn create_index(conn: &Connection, sql: &str) -> Result<()> {
    let threads: i64 = conn.pragma_query_value(None, "threads", |r| r.get(0))?;
    let cache: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    conn.pragma_update(None, "threads", 2)?;
    conn.pragma_update(None, "cache_size", -SORTER_CACHE_KIB)?;
    let created = conn.execute_batch(sql);
    conn.pragma_update(None, "cache_size", cache)?;
    conn.pragma_update(None, "threads", threads)?;
    Ok(created?)
}

/// The page cache while an index is created, in KiB (see [`create_index`]).
const SORTER_CACHE_KIB: i64 = 8 * 1024;

pub fn count_accounts(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))?)
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
         (SELECT group_concat(c.kind || char(30) || c.value, char(31)) FROM party_contacts c
          WHERE c.party_id = p.id AND c.deleted_at IS NULL)"
    )
}

/// A party and its phones and emails (each sorted) from the columns of [`party_cols`] starting at `at`.
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
    let (mut phones, mut emails) = (Vec::new(), Vec::new());
    if let Some(contacts) = r.get_ref(at + 17)?.as_str_or_null()? {
        for contact in contacts.split('\u{1f}') {
            match contact.split_once('\u{1e}') {
                Some(("phone", value)) => phones.push(value.to_string()),
                Some(("email", value)) => emails.push(value.to_string()),
                _ => {}
            }
        }
    }
    phones.sort_unstable();
    emails.sort_unstable();
    Ok(PartyContacts { party, phones, emails })
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
                coalesce(sum(CASE WHEN coalesce(o.kind, e.kind) IN ('charge', 'adjustment') THEN e.amount_pence END), 0),
                coalesce(sum(CASE WHEN coalesce(o.kind, e.kind) IN ('payment', 'refund') THEN e.amount_pence END), 0)
         FROM accounts ac JOIN liabilities l ON l.account_id = ac.id AND l.deleted_at IS NULL
         LEFT JOIN ledger_entries e ON e.account_id = l.account_id AND e.liability_id = l.id
         LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
         WHERE ac.deleted_at IS NULL {filter}
         GROUP BY l.id ORDER BY ac.reference, l.financial_year, l.period_from"
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

/// Reads what the database holds of the accounts and parties a file names, each query prepared once.
pub struct Reader<'c> {
    account_id: Statement<'c>,
    party: Statement<'c>,
    account: Statement<'c>,
    links: Statement<'c>,
    liabilities: Statement<'c>,
}

impl<'c> Reader<'c> {
    pub fn new(conn: &'c Connection) -> Result<Reader<'c>> {
        let filter = "AND ac.id = ?1";
        Ok(Reader {
            account_id: conn.prepare("SELECT id, deleted_at IS NOT NULL FROM accounts WHERE reference = ?1")?,
            party: conn.prepare(&format!(
                "SELECT {} FROM parties p LEFT JOIN addresses a ON a.id = p.address_id
                 WHERE p.id = ?1 AND p.deleted_at IS NULL",
                party_cols()
            ))?,
            account: conn.prepare(&accounts_sql(filter))?,
            links: conn.prepare(&links_sql(filter))?,
            liabilities: conn.prepare(&liabilities_sql(filter))?,
        })
    }

    /// The account with this reference, if any: `(id, deleted)`.
    pub fn account_id(&mut self, reference: &str) -> Result<Option<(String, bool)>> {
        Ok(self.account_id.query_row([reference], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    }

    /// One party with its phones and emails.
    pub fn party(&mut self, party_id: &str) -> Result<Option<PartyContacts>> {
        Ok(self.party.query_row([party_id], |r| party_at(r, 0)).optional()?)
    }

    /// One account as the import format sees it.
    pub fn account(&mut self, account_id: &str) -> Result<Option<AccountSnapshot>> {
        let Some(account) = self.account.query_row([account_id], account_from).optional()? else {
            return Ok(None);
        };
        let links = self.links.query_map([account_id], link_from)?.collect::<rusqlite::Result<Vec<_>>>()?;
        let liabilities =
            self.liabilities.query_map([account_id], liability_from)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(AccountSnapshot { account, links, liabilities }))
    }
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
