//! Turns planned cases into rows and writes them. Two halves, on two threads: the [`Assembler`] (on the
//! generator's thread) gives every row its id, formats every date and works out each party's search keys;
//! the [`Sink`] (on the thread that holds the write transaction) only inserts, through the core's bulk writers.
//!
//! Ids are UUIDv7s built from `ctx.now` and a counter, assigned in the order rows are inserted, so a seed
//! gives the same ids and each table's ids rise as it grows (SQLite's indexes append rather than split).
//! A party's search keys are sent once the party can gain no more accounts.

use super::plan::{AddrRef, CasePlan, PartyRef};
use crate::db::accounts::{self, NewAccount, NewEntry};
use crate::db::parties::{self, NewHold, Party, Stamp};
use crate::db::search::{self, KeyKind, PartyKeys};
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::model::{DebtType, HoldKind, Jurisdiction, LedgerKind, PartyKind, Role, Stage};
use crate::money::Money;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::sync::mpsc::SyncSender;

/// Deterministic UUIDv7s as if minted from `ctx.now` on, 4,096 to the millisecond: the counter runs through
/// the timestamp and the 12 "rand_a" bits, so ids sort in the order they were given; the other 62 bits come
/// from the seed. Ids differ early in their text, which keeps index comparisons short.
pub struct Ids {
    millis: u64,
    tail: [u8; 8],
    counter: u64,
}

impl Ids {
    pub fn new(millis: u64, seed: u64) -> Ids {
        Ids { millis, tail: super::rng::mix(seed).to_be_bytes(), counter: 0 }
    }

    /// The id numbered `n`.
    pub fn id(&self, n: u64) -> String {
        let t = &self.tail;
        let bytes = [((n >> 8) & 0x0f) as u8, n as u8, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]];
        uuid::Builder::from_unix_timestamp_millis(self.millis + (n >> 12), &bytes).into_uuid().to_string()
    }

    /// The next id and its number.
    pub fn next(&mut self) -> (u64, String) {
        let n = self.counter;
        self.counter += 1;
        (n, self.id(n))
    }

    pub fn next_id(&mut self) -> String {
        self.next().1
    }
}

/// `YYYY-MM-DD` without going through chrono's format parser (this runs millions of times).
fn date(d: NaiveDate) -> String {
    let (y, m, day) = (d.year() as u32, d.month(), d.day());
    let digits = [y / 1000, y / 100 % 10, y / 10 % 10, y % 10, m / 10, m % 10, day / 10, day % 10];
    let mut s = String::with_capacity(10);
    for (i, digit) in digits.iter().enumerate() {
        if i == 4 || i == 6 {
            s.push('-');
        }
        s.push(char::from(b'0' + *digit as u8));
    }
    s
}

/// One row to insert, every id and date ready.
pub enum Row {
    Address {
        id: String,
        uprn: Option<String>,
        lines: Vec<String>,
        postcode: String,
    },
    Party(Box<Party>),
    Contact {
        id: String,
        party: String,
        kind: &'static str,
        value: String,
    },
    Account(Box<AccountRow>),
    AccountParty {
        id: String,
        account: String,
        party: String,
        role: Role,
        correspondence: Option<String>,
    },
    Liability {
        id: String,
        account: String,
        year: i32,
        from: String,
        to: String,
        description: String,
    },
    Entries(Vec<EntryRow>),
    Stage {
        id: String,
        account: String,
        liability: Option<String>,
        stage: Stage,
        on: String,
        reason: String,
    },
    Hold(Box<HoldRow>),
    Note {
        id: String,
        party: String,
        account: Option<String>,
        body: String,
        at: String,
    },
    /// Search keys of many parties, in the key table's order (key, kind, party, account), so that inserting
    /// them appends to it.
    Keys(Vec<(String, KeyKind, String, String)>),
}

pub struct AccountRow {
    id: String,
    reference: String,
    debt_type: DebtType,
    jurisdiction: Jurisdiction,
    property: Option<String>,
    opened_on: String,
    closed_on: Option<String>,
}

pub struct EntryRow {
    id: String,
    account: String,
    liability: Option<String>,
    kind: LedgerKind,
    pence: i64,
    posted_on: String,
    effective_on: String,
    method: &'static str,
    reference: String,
    reason: String,
}

pub struct HoldRow {
    id: String,
    party: Option<String>,
    account: Option<String>,
    kind: HoldKind,
    starts_on: String,
    ends_on: Option<String>,
    reason: String,
    evidence: String,
    released_on: Option<String>,
}

/// What search needs to know about a party, gathered until its keys are sent.
#[derive(Default)]
struct PendingKeys {
    number: u64,
    kind: Option<PartyKind>,
    forenames: String,
    surname: String,
    organisation_name: String,
    ni_number: Option<String>,
    company_number: Option<String>,
    addresses: Vec<(Vec<String>, String)>,
    phones: Vec<String>,
    emails: Vec<String>,
    /// (reference, account id, the account id's number).
    references: Vec<(String, String, u64)>,
}

/// Ids given to one case's addresses and parties.
pub struct CaseIds {
    pub addresses: Vec<String>,
    pub parties: Vec<String>,
}

/// How many rows are sent at a time.
const BATCH: usize = 2_000;

/// Every search key kind, so a key can be held as a byte (its index).
const KINDS: [KeyKind; 12] = KeyKind::ALL;

fn kind_index(k: KeyKind) -> u8 {
    match k {
        KeyKind::Surname => 0,
        KeyKind::Forename => 1,
        KeyKind::Organisation => 2,
        KeyKind::Address => 3,
        KeyKind::Postcode => 4,
        KeyKind::Phone => 5,
        KeyKind::Email => 6,
        KeyKind::NiNumber => 7,
        KeyKind::CompanyNumber => 8,
        KeyKind::Reference => 9,
        KeyKind::ReferenceSuffix => 10,
        KeyKind::NamePair => 11,
    }
}

/// A search key held until the end, small: its text in the arena, its kind, and the numbers of its party's
/// and account's ids (0 for none; otherwise the number plus one).
struct HeldKey {
    at: u32,
    len: u16,
    kind: u8,
    party: u32,
    account: u32,
}

/// `number`, or if its first `significant` characters were given already, the next free one: its last run of
/// digits counted up (wrapping), "AB123456C" → "AB123457C".
fn unique_number(given: &mut std::collections::HashSet<String>, number: &str, significant: usize) -> String {
    let mut n = number.to_string();
    let digits_end = n.rfind(|c: char| c.is_ascii_digit()).map_or(0, |i| i + 1);
    let digits_start = n[..digits_end].rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    let width = digits_end - digits_start;
    for _ in 0..1_000_000 {
        if given.insert(n[..significant.min(n.len())].to_string()) {
            return n;
        }
        let Ok(value) = n[digits_start..digits_end].parse::<u64>() else { break };
        let next = (value + 1) % 10u64.pow(width as u32);
        n.replace_range(digits_start..digits_end, &format!("{next:0width$}"));
    }
    n
}

/// The generator's half: ids, dates and search keys; rows go out in batches.
pub struct Assembler {
    ids: Ids,
    pending: HashMap<String, PendingKeys>,
    /// NI numbers (their first eight characters) and company numbers given so far: the random draws repeat
    /// now and then, and no two parties may share one (the import refuses it, docs/import.md §5).
    numbers: std::collections::HashSet<String>,
    /// Every search key, held to be sorted and sent last (the key table then grows at its end only).
    arena: String,
    keys: Vec<HeldKey>,
    rows: Vec<Row>,
    out: SyncSender<Vec<Row>>,
}

impl Assembler {
    pub fn new(ids: Ids, out: SyncSender<Vec<Row>>) -> Assembler {
        Assembler {
            ids,
            pending: HashMap::new(),
            numbers: Default::default(),
            arena: String::new(),
            keys: Vec::new(),
            rows: Vec::with_capacity(BATCH),
            out,
        }
    }

    fn push(&mut self, row: Row) -> Result<()> {
        self.rows.push(row);
        if self.rows.len() >= BATCH {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.rows, Vec::with_capacity(BATCH));
        // The writer only hangs up when it has failed; its error is the one reported.
        self.out.send(batch).map_err(|_| Error::Internal("the demo writer stopped".into()))
    }

    /// Sends what is left. Call once, at the end.
    pub fn close(mut self) -> Result<()> {
        self.send_keys()?;
        self.send()
    }

    fn send_keys(&mut self) -> Result<()> {
        let mut keys = std::mem::take(&mut self.keys);
        let arena = std::mem::take(&mut self.arena);
        let text = |k: &HeldKey| &arena[k.at as usize..k.at as usize + k.len as usize];
        keys.sort_unstable_by(|a, b| {
            KINDS[a.kind as usize]
                .code()
                .cmp(KINDS[b.kind as usize].code())
                .then_with(|| text(a).cmp(text(b)))
                .then(a.party.cmp(&b.party))
                .then(a.account.cmp(&b.account))
        });
        for chunk in keys.chunks(BATCH) {
            let rows = chunk
                .iter()
                .map(|k| {
                    let account = if k.account == 0 { String::new() } else { self.ids.id(k.account as u64 - 1) };
                    (text(k).to_string(), KINDS[k.kind as usize], self.ids.id(k.party as u64), account)
                })
                .collect();
            self.push(Row::Keys(rows))?;
        }
        Ok(())
    }

    pub fn write(&mut self, case: &CasePlan) -> Result<CaseIds> {
        let mut addr_ids = Vec::with_capacity(case.addresses.len());
        for a in &case.addresses {
            let id = self.ids.next_id();
            addr_ids.push(id.clone());
            self.push(Row::Address { id, uprn: a.uprn.clone(), lines: a.lines.clone(), postcode: a.postcode.clone() })?;
        }

        let mut party_ids = Vec::with_capacity(case.parties.len());
        for p in &case.parties {
            let ni_number = p.ni_number.as_deref().map(|n| unique_number(&mut self.numbers, n, 8));
            let company_number = p.company_number.as_deref().map(|n| unique_number(&mut self.numbers, n, n.len()));
            let (number, id) = self.ids.next();
            party_ids.push(id.clone());
            self.push(Row::Party(Box::new(Party {
                id: id.clone(),
                kind: p.kind,
                title: p.title.clone(),
                forenames: p.forenames.clone(),
                surname: p.surname.clone(),
                organisation_name: p.organisation_name.clone(),
                date_of_birth: p.date_of_birth.map(date),
                ni_number: ni_number.clone(),
                company_number: company_number.clone(),
                address_id: p.address.map(|i| addr_ids[i].clone()),
            })))?;
            for (kind, values) in [("phone", &p.phones), ("email", &p.emails)] {
                for value in values {
                    let cid = self.ids.next_id();
                    self.push(Row::Contact { id: cid, party: id.clone(), kind, value: value.clone() })?;
                }
            }
            let mut pending = PendingKeys {
                number,
                kind: p.kind,
                forenames: p.forenames.clone(),
                surname: p.surname.clone(),
                organisation_name: p.organisation_name.clone(),
                ni_number,
                company_number,
                phones: p.phones.clone(),
                emails: p.emails.clone(),
                ..PendingKeys::default()
            };
            if let Some(i) = p.address {
                let a = &case.addresses[i];
                pending.addresses.push((a.lines.clone(), a.postcode.clone()));
            }
            self.pending.insert(id, pending);
        }

        let resolve_addr = |r: &AddrRef| -> (String, Vec<String>, String) {
            match r {
                AddrRef::New(i) => {
                    (addr_ids[*i].clone(), case.addresses[*i].lines.clone(), case.addresses[*i].postcode.clone())
                }
                AddrRef::Written { id, lines, postcode } => (id.clone(), lines.clone(), postcode.clone()),
            }
        };
        let party_id = |r: &PartyRef| -> Result<String> {
            match r {
                PartyRef::New(i) => Ok(party_ids[*i].clone()),
                PartyRef::Written(id) => Ok(id.clone()),
                PartyRef::Liable => Err(Error::Internal("a demo account names 'the liable party' as a party".into())),
            }
        };
        for a in &case.accounts {
            let (account_number, account) = self.ids.next();
            let property = a.property.as_ref().map(resolve_addr);
            self.push(Row::Account(Box::new(AccountRow {
                id: account.clone(),
                reference: a.reference.clone(),
                debt_type: a.debt_type,
                jurisdiction: a.jurisdiction,
                property: property.as_ref().map(|p| p.0.clone()),
                opened_on: date(a.opened_on),
                closed_on: a.closed_on.map(date),
            })))?;
            let mut first_liable = None;
            for (r, role, corr) in &a.parties {
                let pid = party_id(r)?;
                if first_liable.is_none() && role.is_liable() {
                    first_liable = Some(pid.clone());
                }
                let corr = corr.as_ref().map(resolve_addr);
                let id = self.ids.next_id();
                self.push(Row::AccountParty {
                    id,
                    account: account.clone(),
                    party: pid.clone(),
                    role: *role,
                    correspondence: corr.as_ref().map(|c| c.0.clone()),
                })?;
                let pending = self
                    .pending
                    .get_mut(&pid)
                    .ok_or_else(|| Error::Internal("a demo party's search keys were sent too early".into()))?;
                pending.references.push((a.reference.clone(), account.clone(), account_number));
                // The keys `db::search::index_party` would make: every account's property and letters
                // address, whatever the party's role on it.
                if let Some((_, lines, postcode)) = &property {
                    pending.addresses.push((lines.clone(), postcode.clone()));
                }
                if let Some((_, lines, postcode)) = corr {
                    pending.addresses.push((lines, postcode));
                }
            }
            let first_liable =
                first_liable.ok_or_else(|| Error::Internal("a demo account has no liable party".into()))?;
            let who = |r: &PartyRef| -> Result<String> {
                match r {
                    PartyRef::Liable => Ok(first_liable.clone()),
                    other => party_id(other),
                }
            };

            let mut liability_ids = Vec::with_capacity(a.liabilities.len());
            for l in &a.liabilities {
                let id = self.ids.next_id();
                liability_ids.push(id.clone());
                self.push(Row::Liability {
                    id,
                    account: account.clone(),
                    year: l.financial_year,
                    from: date(l.period_from),
                    to: date(l.period_to),
                    description: l.description.clone(),
                })?;
            }
            let mut entries = Vec::with_capacity(a.entries.len());
            for e in &a.entries {
                entries.push(EntryRow {
                    id: self.ids.next_id(),
                    account: account.clone(),
                    liability: e.liability.map(|i| liability_ids[i].clone()),
                    kind: e.kind,
                    pence: e.pence,
                    posted_on: date(e.posted_on),
                    effective_on: date(e.effective_on),
                    method: e.method,
                    reference: e.reference.clone(),
                    reason: e.reason.clone(),
                });
            }
            self.push(Row::Entries(entries))?;
            for st in &a.stages {
                let id = self.ids.next_id();
                self.push(Row::Stage {
                    id,
                    account: account.clone(),
                    liability: st.liability.map(|i| liability_ids[i].clone()),
                    stage: st.stage,
                    on: date(st.entered_on),
                    reason: st.reason.clone(),
                })?;
            }
            for h in &a.holds {
                let id = self.ids.next_id();
                let party = h.party.as_ref().map(&who).transpose()?;
                let account = if party.is_some() { None } else { Some(account.clone()) };
                self.push(Row::Hold(Box::new(HoldRow {
                    id,
                    party,
                    account,
                    kind: h.kind,
                    starts_on: date(h.starts_on),
                    ends_on: h.ends_on.map(date),
                    reason: h.reason.clone(),
                    evidence: h.evidence.clone(),
                    released_on: h.released_on.map(date),
                })))?;
            }
            for n in &a.notes {
                let id = self.ids.next_id();
                self.push(Row::Note {
                    id,
                    party: who(&n.party)?,
                    account: n.about_account.then(|| account.clone()),
                    body: n.body.clone(),
                    at: n.at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                })?;
            }
        }
        Ok(CaseIds { addresses: addr_ids, parties: party_ids })
    }

    /// Works out the search keys of a party that will gain no more accounts (they are sent last).
    pub fn flush(&mut self, party_id: &str) -> Result<()> {
        let Some(p) = self.pending.remove(party_id) else { return Ok(()) };
        let numbers: Vec<(String, u64)> = p.references.iter().map(|(_, id, n)| (id.clone(), *n)).collect();
        let keys = search::keys(&PartyKeys {
            kind: p.kind.unwrap_or(PartyKind::Person),
            forenames: &p.forenames,
            surname: &p.surname,
            organisation_name: &p.organisation_name,
            ni_number: p.ni_number.as_deref(),
            company_number: p.company_number.as_deref(),
            addresses: p.addresses,
            phones: p.phones,
            emails: p.emails,
            references: p.references.into_iter().map(|(r, id, _)| (r, id)).collect(),
        });
        let held = |n: u64| u32::try_from(n).map_err(|_| Error::Internal("too many demo rows".into()));
        for (key, kind, account) in keys {
            let account = match numbers.iter().find(|(id, _)| *id == account) {
                Some((_, n)) => held(*n + 1)?,
                None => 0,
            };
            let at = held(self.arena.len() as u64)?;
            let len = u16::try_from(key.len()).map_err(|_| Error::Internal("search key too long".into()))?;
            self.arena.push_str(&key);
            self.keys.push(HeldKey { at, len, kind: kind_index(kind), party: held(p.number)?, account });
        }
        Ok(())
    }

    /// Sends every search key still held.
    pub fn flush_all(&mut self) -> Result<()> {
        let mut ids: Vec<String> = self.pending.keys().cloned().collect();
        ids.sort();
        for id in ids {
            self.flush(&id)?;
        }
        Ok(())
    }
}

/// How many rows of each kind were written.
#[derive(Clone, Debug, Default)]
pub struct Written {
    pub addresses: usize,
    pub parties: usize,
    pub contacts: usize,
    pub accounts: usize,
    pub account_parties: usize,
    pub liabilities: usize,
    pub ledger_entries: usize,
    pub stages: usize,
    pub holds: usize,
    pub notes: usize,
    pub search_keys: usize,
}

/// The writing half: inserts rows inside the caller's transaction.
pub struct Sink<'t> {
    tx: &'t Tx<'t>,
    stamp: Stamp<'t>,
    pub written: Written,
}

impl<'t> Sink<'t> {
    pub fn new(tx: &'t Tx<'t>, stamp: Stamp<'t>) -> Sink<'t> {
        Sink { tx, stamp, written: Written::default() }
    }

    pub fn write(&mut self, rows: &[Row]) -> Result<()> {
        let (tx, s, n) = (self.tx, self.stamp, &mut self.written);
        for row in rows {
            match row {
                Row::Address { id, uprn, lines, postcode } => {
                    parties::insert_address_with_id(tx, s, id, uprn.as_deref(), lines, postcode)?;
                    n.addresses += 1;
                }
                Row::Party(p) => {
                    parties::insert_party_with_id(tx, s, p)?;
                    n.parties += 1;
                }
                Row::Contact { id, party, kind, value } => {
                    parties::insert_contact_with_id(tx, s, id, party, kind, value)?;
                    n.contacts += 1;
                }
                Row::Account(a) => {
                    accounts::insert_account_with_id(
                        tx,
                        s,
                        &a.id,
                        &NewAccount {
                            reference: &a.reference,
                            debt_type: a.debt_type,
                            jurisdiction: a.jurisdiction,
                            property_address_id: a.property.as_deref(),
                            status: if a.closed_on.is_some() { "closed" } else { "open" },
                            opened_on: &a.opened_on,
                            closed_on: a.closed_on.as_deref(),
                        },
                    )?;
                    n.accounts += 1;
                }
                Row::AccountParty { id, account, party, role, correspondence } => {
                    accounts::insert_account_party_with_id(
                        tx,
                        s,
                        id,
                        account,
                        party,
                        *role,
                        correspondence.as_deref(),
                    )?;
                    n.account_parties += 1;
                }
                Row::Liability { id, account, year, from, to, description } => {
                    accounts::insert_liability_with_id(tx, s, id, account, *year, from, to, description)?;
                    n.liabilities += 1;
                }
                Row::Entries(entries) => {
                    for e in entries {
                        accounts::insert_entry_with_id(
                            tx,
                            s,
                            &e.id,
                            &NewEntry {
                                account_id: &e.account,
                                liability_id: e.liability.as_deref(),
                                kind: Some(e.kind),
                                amount: Money::from_pence(e.pence),
                                posted_on: &e.posted_on,
                                effective_on: &e.effective_on,
                                method: e.method,
                                reference: &e.reference,
                                reason: &e.reason,
                                reverses_entry_id: None,
                            },
                        )?;
                    }
                    n.ledger_entries += entries.len();
                }
                Row::Stage { id, account, liability, stage, on, reason } => {
                    accounts::insert_stage_with_id(tx, s, id, account, liability.as_deref(), *stage, on, reason)?;
                    n.stages += 1;
                }
                Row::Hold(h) => {
                    parties::insert_hold_with_id(
                        tx,
                        s,
                        &NewHold {
                            id: &h.id,
                            party_id: h.party.as_deref(),
                            account_id: h.account.as_deref(),
                            kind: h.kind,
                            starts_on: &h.starts_on,
                            ends_on: h.ends_on.as_deref(),
                            reason: &h.reason,
                            evidence: &h.evidence,
                            released_on: h.released_on.as_deref(),
                        },
                    )?;
                    n.holds += 1;
                }
                Row::Note { id, party, account, body, at } => {
                    parties::insert_note_with_id(tx, s, id, party, account.as_deref(), body, at)?;
                    n.notes += 1;
                }
                Row::Keys(keys) => {
                    let mut from = 0;
                    while from < keys.len() {
                        let party = &keys[from].2;
                        let to = keys[from..].iter().position(|k| &k.2 != party).map_or(keys.len(), |p| from + p);
                        let run: Vec<(String, KeyKind, String)> =
                            keys[from..to].iter().map(|(k, kind, _, a)| (k.clone(), *kind, a.clone())).collect();
                        search::insert_keys(tx, party, &run)?;
                        from = to;
                    }
                    n.search_keys += keys.len();
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::unique_number;

    #[test]
    fn a_number_given_already_is_counted_up_to_the_next_free_one() {
        let mut given = Default::default();
        assert_eq!(unique_number(&mut given, "AB123456C", 8), "AB123456C");
        // The same first eight characters with another letter is the same NI number.
        assert_eq!(unique_number(&mut given, "AB123456D", 8), "AB123457D");
        assert_eq!(unique_number(&mut given, "AB123456C", 8), "AB123458C");
        assert_eq!(unique_number(&mut given, "98999999", 8), "98999999");
        assert_eq!(unique_number(&mut given, "98999999", 8), "99000000");
        assert_eq!(unique_number(&mut given, "OC980417", 8), "OC980417");
        assert_eq!(unique_number(&mut given, "OC980417", 8), "OC980418");
    }
}
