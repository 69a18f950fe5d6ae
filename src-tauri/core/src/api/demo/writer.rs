//! Writes planned cases through the core's bulk writers, parents before children, with ids that are UUIDv7s
//! built from `ctx.now` and a counter (so a seed gives the same ids, and each table's ids rise in the order
//! rows are inserted, which keeps SQLite's indexes appending). Collects each party's search keys in memory
//! and writes them once the party can gain no more accounts.

use super::plan::{AddrRef, CasePlan, PartyRef};
use crate::db::accounts::{self, NewAccount, NewEntry};
use crate::db::parties::{self, NewHold, Party, Stamp};
use crate::db::search::{self, PartyKeys};
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::model::PartyKind;
use crate::money::Money;
use std::collections::HashMap;

/// Deterministic UUIDv7s: the timestamp of `ctx.now`, 12 bits from the seed, then a counter.
pub struct Ids {
    millis: u64,
    prefix: [u8; 2],
    counter: u64,
}

impl Ids {
    pub fn new(millis: u64, seed: u64) -> Ids {
        let s = super::rng::mix(seed);
        Ids { millis, prefix: [(s & 0x0f) as u8, (s >> 8) as u8], counter: 0 }
    }

    pub fn next_id(&mut self) -> String {
        self.counter += 1;
        let c = self.counter.to_be_bytes();
        let bytes = [self.prefix[0], self.prefix[1], c[0] & 0x3f, c[1], c[2], c[3], c[4], c[5], c[6], c[7]];
        uuid::Builder::from_unix_timestamp_millis(self.millis, &bytes).into_uuid().to_string()
    }
}

/// What search needs to know about a party, gathered until it is written.
#[derive(Default)]
struct PendingKeys {
    kind: Option<PartyKind>,
    forenames: String,
    surname: String,
    organisation_name: String,
    ni_number: Option<String>,
    company_number: Option<String>,
    addresses: Vec<(Vec<String>, String)>,
    phones: Vec<String>,
    emails: Vec<String>,
    references: Vec<(String, String)>,
}

/// How many rows of each kind were written.
#[derive(Clone, Debug, Default, serde::Serialize)]
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

pub struct Writer<'t> {
    tx: &'t Tx<'t>,
    stamp: Stamp<'t>,
    pub ids: Ids,
    pending: HashMap<String, PendingKeys>,
    pub written: Written,
}

/// Ids given to one written case.
pub struct CaseIds {
    pub addresses: Vec<String>,
    pub parties: Vec<String>,
}

/// `YYYY-MM-DD` without going through chrono's format parser (this runs millions of times).
fn date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
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

impl<'t> Writer<'t> {
    pub fn new(tx: &'t Tx<'t>, stamp: Stamp<'t>, ids: Ids) -> Writer<'t> {
        Writer { tx, stamp, ids, pending: HashMap::new(), written: Written::default() }
    }

    pub fn write(&mut self, case: &CasePlan) -> Result<CaseIds> {
        let tx = self.tx;
        let s = self.stamp;
        let mut addr_ids = Vec::with_capacity(case.addresses.len());
        for a in &case.addresses {
            let id = self.ids.next_id();
            parties::insert_address_with_id(tx, s, &id, a.uprn.as_deref(), &a.lines, &a.postcode)?;
            addr_ids.push(id);
        }
        self.written.addresses += case.addresses.len();

        let mut party_ids = Vec::with_capacity(case.parties.len());
        for p in &case.parties {
            let id = self.ids.next_id();
            let party = Party {
                id: id.clone(),
                kind: p.kind,
                title: p.title.clone(),
                forenames: p.forenames.clone(),
                surname: p.surname.clone(),
                organisation_name: p.organisation_name.clone(),
                date_of_birth: p.date_of_birth.map(date),
                ni_number: p.ni_number.clone(),
                company_number: p.company_number.clone(),
                address_id: p.address.map(|i| addr_ids[i].clone()),
            };
            parties::insert_party_with_id(tx, s, &party)?;
            party_ids.push(id.clone());
            let mut pending = PendingKeys {
                kind: p.kind,
                forenames: p.forenames.clone(),
                surname: p.surname.clone(),
                organisation_name: p.organisation_name.clone(),
                ni_number: p.ni_number.clone(),
                company_number: p.company_number.clone(),
                phones: p.phones.clone(),
                emails: p.emails.clone(),
                ..PendingKeys::default()
            };
            if let Some(i) = p.address {
                let a = &case.addresses[i];
                pending.addresses.push((a.lines.clone(), a.postcode.clone()));
            }
            for phone in &p.phones {
                let cid = self.ids.next_id();
                parties::insert_contact_with_id(tx, s, &cid, &id, "phone", phone)?;
            }
            for email in &p.emails {
                let cid = self.ids.next_id();
                parties::insert_contact_with_id(tx, s, &cid, &id, "email", email)?;
            }
            self.written.contacts += p.phones.len() + p.emails.len();
            self.pending.insert(id, pending);
        }
        self.written.parties += case.parties.len();

        let resolve_addr = |r: &AddrRef| -> (String, Vec<String>, String) {
            match r {
                AddrRef::New(i) => {
                    (addr_ids[*i].clone(), case.addresses[*i].lines.clone(), case.addresses[*i].postcode.clone())
                }
                AddrRef::Written { id, lines, postcode } => (id.clone(), lines.clone(), postcode.clone()),
            }
        };
        for a in &case.accounts {
            let account_id = self.ids.next_id();
            let property = a.property.as_ref().map(resolve_addr);
            accounts::insert_account_with_id(
                tx,
                s,
                &account_id,
                &NewAccount {
                    reference: &a.reference,
                    debt_type: a.debt_type,
                    jurisdiction: a.jurisdiction,
                    property_address_id: property.as_ref().map(|p| p.0.as_str()),
                    status: if a.closed_on.is_some() { "closed" } else { "open" },
                    opened_on: &date(a.opened_on),
                    closed_on: a.closed_on.map(date).as_deref(),
                },
            )?;
            let party_id = |r: &PartyRef| -> Result<String> {
                match r {
                    PartyRef::New(i) => Ok(party_ids[*i].clone()),
                    PartyRef::Written(id) => Ok(id.clone()),
                    PartyRef::Liable => {
                        Err(Error::Internal("a demo account names 'the liable party' as a party".into()))
                    }
                }
            };
            let mut first_liable = None;
            for (r, role, corr) in &a.parties {
                let pid = party_id(r)?;
                if first_liable.is_none() && role.is_liable() {
                    first_liable = Some(pid.clone());
                }
                let corr = corr.as_ref().map(resolve_addr);
                let apid = self.ids.next_id();
                accounts::insert_account_party_with_id(
                    tx,
                    s,
                    &apid,
                    &account_id,
                    &pid,
                    *role,
                    corr.as_ref().map(|c| c.0.as_str()),
                )?;
                let pending = self
                    .pending
                    .get_mut(&pid)
                    .ok_or_else(|| Error::Internal("a demo party's search keys were written too early".into()))?;
                pending.references.push((a.reference.clone(), account_id.clone()));
                // The same keys `db::search::index_party` would make: every account's property and letters
                // address, whatever the party's role on it.
                if let Some((_, lines, postcode)) = &property {
                    pending.addresses.push((lines.clone(), postcode.clone()));
                }
                if let Some((_, lines, postcode)) = corr {
                    pending.addresses.push((lines, postcode));
                }
            }
            self.written.account_parties += a.parties.len();
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
                accounts::insert_liability_with_id(
                    tx,
                    s,
                    &id,
                    &account_id,
                    l.financial_year,
                    &date(l.period_from),
                    &date(l.period_to),
                    &l.description,
                )?;
                liability_ids.push(id);
            }
            self.written.liabilities += a.liabilities.len();
            for e in &a.entries {
                let id = self.ids.next_id();
                accounts::insert_entry_with_id(
                    tx,
                    s,
                    &id,
                    &NewEntry {
                        account_id: &account_id,
                        liability_id: e.liability.map(|i| liability_ids[i].as_str()),
                        kind: Some(e.kind),
                        amount: Money::from_pence(e.pence),
                        posted_on: &date(e.posted_on),
                        effective_on: &date(e.effective_on),
                        method: e.method,
                        reference: &e.reference,
                        reason: &e.reason,
                        reverses_entry_id: None,
                    },
                )?;
            }
            self.written.ledger_entries += a.entries.len();
            for st in &a.stages {
                let id = self.ids.next_id();
                accounts::insert_stage_with_id(
                    tx,
                    s,
                    &id,
                    &account_id,
                    st.liability.map(|i| liability_ids[i].as_str()),
                    st.stage,
                    &date(st.entered_on),
                    &st.reason,
                )?;
            }
            self.written.stages += a.stages.len();
            for h in &a.holds {
                let id = self.ids.next_id();
                let party = h.party.as_ref().map(&who).transpose()?;
                parties::insert_hold_with_id(
                    tx,
                    s,
                    &NewHold {
                        id: &id,
                        party_id: party.as_deref(),
                        account_id: if party.is_some() { None } else { Some(&account_id) },
                        kind: h.kind,
                        starts_on: &date(h.starts_on),
                        ends_on: h.ends_on.map(date).as_deref(),
                        reason: &h.reason,
                        evidence: &h.evidence,
                        released_on: h.released_on.map(date).as_deref(),
                    },
                )?;
            }
            self.written.holds += a.holds.len();
            for n in &a.notes {
                let id = self.ids.next_id();
                let party = who(&n.party)?;
                let at = n.at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                parties::insert_note_with_id(
                    tx,
                    s,
                    &id,
                    &party,
                    n.about_account.then_some(account_id.as_str()),
                    &n.body,
                    &at,
                )?;
            }
            self.written.notes += a.notes.len();
        }
        self.written.accounts += case.accounts.len();
        Ok(CaseIds { addresses: addr_ids, parties: party_ids })
    }

    /// Writes the search keys of a party that will gain no more accounts.
    pub fn flush(&mut self, party_id: &str) -> Result<()> {
        let Some(p) = self.pending.remove(party_id) else { return Ok(()) };
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
            references: p.references,
        });
        self.written.search_keys += keys.len();
        search::insert_keys(self.tx, party_id, &keys)
    }

    /// Writes every search key still held.
    pub fn flush_all(&mut self) -> Result<()> {
        let mut ids: Vec<String> = self.pending.keys().cloned().collect();
        ids.sort();
        for id in ids {
            self.flush(&id)?;
        }
        Ok(())
    }
}
