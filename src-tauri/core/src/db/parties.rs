//! Parties (people and organisations), their addresses and contact details, notes and holds.

use crate::db::{new_id, Ctx, Tx};
use crate::error::Result;
use crate::model::{HoldKind, PartyKind};
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::Serialize;

/// A postal address. `lines` holds up to five lines without blanks; the postcode is separate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Address {
    pub id: String,
    pub uprn: Option<String>,
    pub lines: Vec<String>,
    pub postcode: String,
}

impl Address {
    /// "12 High Street, Ashdown, AD1 2BC".
    pub fn one_line(&self) -> String {
        let mut parts: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        if !self.postcode.is_empty() {
            parts.push(&self.postcode);
        }
        parts.join(", ")
    }
}

pub const ADDRESS_COLUMNS: &str = "a.id, a.uprn, a.line1, a.line2, a.line3, a.line4, a.line5, a.postcode";

/// Reads an address from eight columns starting at `at` (see [`ADDRESS_COLUMNS`]).
pub fn address_from_row(r: &Row, at: usize) -> rusqlite::Result<Address> {
    let lines = (2..7)
        .map(|i| r.get::<_, String>(at + i))
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect();
    Ok(Address { id: r.get(at)?, uprn: r.get(at + 1)?, lines, postcode: r.get(at + 7)? })
}

pub fn insert_address(tx: &Tx, ctx: &Ctx, uprn: Option<&str>, lines: &[String], postcode: &str) -> Result<String> {
    let id = new_id(ctx);
    let line = |i: usize| lines.get(i).map(String::as_str).unwrap_or("");
    tx.prepare_cached(
        "INSERT INTO addresses (id, uprn, line1, line2, line3, line4, line5, postcode, created_at, created_by, device_id)
         VALUES (:id, :uprn, :l1, :l2, :l3, :l4, :l5, :postcode, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":uprn": uprn, ":l1": line(0), ":l2": line(1), ":l3": line(2), ":l4": line(3), ":l5": line(4),
        ":postcode": postcode, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// A party as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Party {
    pub id: String,
    pub kind: Option<PartyKind>,
    pub title: String,
    pub forenames: String,
    pub surname: String,
    pub organisation_name: String,
    pub date_of_birth: Option<String>,
    pub ni_number: Option<String>,
    pub company_number: Option<String>,
    pub address_id: Option<String>,
}

impl Party {
    /// "Mrs Jane SMITH"-style names are for letters; screens use "Jane Smith" or the organisation name.
    pub fn display_name(&self) -> String {
        display_name(self.kind, &self.title, &self.forenames, &self.surname, &self.organisation_name)
    }
}

pub fn display_name(kind: Option<PartyKind>, title: &str, forenames: &str, surname: &str, org: &str) -> String {
    match kind {
        Some(PartyKind::Organisation) => org.to_string(),
        _ => [title, forenames, surname].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" "),
    }
}

pub fn insert_party(tx: &Tx, ctx: &Ctx, p: &Party) -> Result<String> {
    let id = if p.id.is_empty() { new_id(ctx) } else { p.id.clone() };
    tx.prepare_cached(
        "INSERT INTO parties (id, kind, title, forenames, surname, organisation_name, date_of_birth, ni_number,
                              company_number, address_id, created_at, created_by, device_id)
         VALUES (:id, :kind, :title, :forenames, :surname, :org, :dob, :ni, :company, :address, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":kind": p.kind.unwrap_or(PartyKind::Person), ":title": p.title, ":forenames": p.forenames,
        ":surname": p.surname, ":org": p.organisation_name, ":dob": p.date_of_birth, ":ni": p.ni_number,
        ":company": p.company_number, ":address": p.address_id, ":at": ctx.at(), ":user": ctx.user_id,
        ":device": tx.device_id,
    })?;
    Ok(id)
}

pub fn insert_contact(tx: &Tx, ctx: &Ctx, party_id: &str, kind: &str, value: &str) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO party_contacts (id, party_id, kind, value, created_at, created_by, device_id)
         VALUES (:id, :party, :kind, :value, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":party": party_id, ":kind": kind, ":value": value, ":at": ctx.at(), ":user": ctx.user_id,
        ":device": tx.device_id,
    })?;
    Ok(id)
}

/// A party with its home or trading address.
pub fn get(conn: &Connection, party_id: &str) -> Result<Option<(Party, Option<Address>)>> {
    let sql = format!(
        "SELECT p.id, p.kind, p.title, p.forenames, p.surname, p.organisation_name, p.date_of_birth, p.ni_number,
                p.company_number, p.address_id, {ADDRESS_COLUMNS}
         FROM parties p LEFT JOIN addresses a ON a.id = p.address_id
         WHERE p.id = :id AND p.deleted_at IS NULL"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(named_params! {":id": party_id}, |r| {
            let party = Party {
                id: r.get(0)?,
                kind: Some(r.get(1)?),
                title: r.get(2)?,
                forenames: r.get(3)?,
                surname: r.get(4)?,
                organisation_name: r.get(5)?,
                date_of_birth: r.get(6)?,
                ni_number: r.get(7)?,
                company_number: r.get(8)?,
                address_id: r.get(9)?,
            };
            let address = match r.get::<_, Option<String>>(10)? {
                Some(_) => Some(address_from_row(r, 10)?),
                None => None,
            };
            Ok((party, address))
        })
        .optional()?)
}

/// Phones and emails: `(kind, value)`.
pub fn contacts(conn: &Connection, party_id: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, value FROM party_contacts WHERE party_id = :id AND deleted_at IS NULL ORDER BY kind DESC, created_at",
    )?;
    let rows = stmt.query_map(named_params! {":id": party_id}, |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Clone, Debug, Serialize)]
pub struct Note {
    pub id: String,
    pub account_id: Option<String>,
    pub body: String,
    pub created_at: String,
    pub created_by: String,
}

pub fn insert_note(tx: &Tx, ctx: &Ctx, party_id: &str, account_id: Option<&str>, body: &str) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO notes (id, party_id, account_id, body, created_at, created_by, device_id)
         VALUES (:id, :party, :account, :body, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":party": party_id, ":account": account_id, ":body": body, ":at": ctx.at(),
        ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

pub fn notes(conn: &Connection, party_id: &str, limit: u32) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, account_id, body, created_at, created_by FROM notes
         WHERE party_id = :id AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT :limit",
    )?;
    let rows = stmt.query_map(named_params! {":id": party_id, ":limit": limit}, |r| {
        Ok(Note { id: r.get(0)?, account_id: r.get(1)?, body: r.get(2)?, created_at: r.get(3)?, created_by: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Clone, Debug, Serialize)]
pub struct Hold {
    pub id: String,
    pub party_id: Option<String>,
    pub account_id: Option<String>,
    pub kind: HoldKind,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub reason: String,
}

#[allow(clippy::too_many_arguments)]
pub fn insert_hold(
    tx: &Tx,
    ctx: &Ctx,
    party_id: Option<&str>,
    account_id: Option<&str>,
    kind: HoldKind,
    starts_on: &str,
    ends_on: Option<&str>,
    reason: &str,
) -> Result<String> {
    let id = new_id(ctx);
    tx.prepare_cached(
        "INSERT INTO holds (id, party_id, account_id, kind, starts_on, ends_on, reason, created_at, created_by, device_id)
         VALUES (:id, :party, :account, :kind, :starts, :ends, :reason, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":party": party_id, ":account": account_id, ":kind": kind, ":starts": starts_on,
        ":ends": ends_on, ":reason": reason, ":at": ctx.at(), ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    Ok(id)
}

/// Holds in force on `today` (or starting later) on the party or on any account it is party to.
pub fn holds(conn: &Connection, party_id: &str, today: &str) -> Result<Vec<Hold>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.id, h.party_id, h.account_id, h.kind, h.starts_on, h.ends_on, h.reason FROM holds h
         WHERE h.deleted_at IS NULL AND h.released_on IS NULL
           AND (h.ends_on IS NULL OR h.ends_on >= :today)
           AND (h.party_id = :party
                OR h.account_id IN (SELECT account_id FROM account_parties WHERE party_id = :party AND deleted_at IS NULL))
         ORDER BY h.starts_on",
    )?;
    let rows = stmt.query_map(named_params! {":party": party_id, ":today": today}, |r| {
        Ok(Hold {
            id: r.get(0)?,
            party_id: r.get(1)?,
            account_id: r.get(2)?,
            kind: r.get(3)?,
            starts_on: r.get(4)?,
            ends_on: r.get(5)?,
            reason: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Clone, Debug, Serialize)]
pub struct DocumentRow {
    pub id: String,
    pub account_id: Option<String>,
    pub kind: String,
    pub title: String,
    pub issued_on: String,
}

pub fn documents(conn: &Connection, party_id: &str, limit: u32) -> Result<Vec<DocumentRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, account_id, kind, title, issued_on FROM documents
         WHERE party_id = :id ORDER BY issued_on DESC, created_at DESC LIMIT :limit",
    )?;
    let rows = stmt.query_map(named_params! {":id": party_id, ":limit": limit}, |r| {
        Ok(DocumentRow {
            id: r.get(0)?,
            account_id: r.get(1)?,
            kind: r.get(2)?,
            title: r.get(3)?,
            issued_on: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Who wrote a batch of rows and when, formatted once. The bulk writers below take it instead of a [`Ctx`] and
/// take each row's id from the caller, so a run of hundreds of thousands of rows (the demo caseload) neither
/// draws a random id nor formats the clock per row, and a seeded run writes the same ids every time. They
/// bind positional parameters because they run millions of times; the columns are those of the single-row
/// writers above.
#[derive(Clone, Copy, Debug)]
pub struct Stamp<'a> {
    pub at: &'a str,
    pub user: &'a str,
    pub device: &'a str,
}

impl<'a> Stamp<'a> {
    pub fn new(tx: &'a Tx, at: &'a str, ctx: &'a Ctx) -> Stamp<'a> {
        Stamp { at, user: &ctx.user_id, device: tx.device_id }
    }
}

/// [`insert_address`] with the caller's id.
pub fn insert_address_with_id(
    tx: &Tx,
    s: Stamp,
    id: &str,
    uprn: Option<&str>,
    lines: &[String],
    postcode: &str,
) -> Result<()> {
    let line = |i: usize| lines.get(i).map(String::as_str).unwrap_or("");
    tx.prepare_cached(
        "INSERT INTO addresses (id, uprn, line1, line2, line3, line4, line5, postcode, created_at, created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(rusqlite::params![
        id,
        uprn,
        line(0),
        line(1),
        line(2),
        line(3),
        line(4),
        postcode,
        s.at,
        s.user,
        s.device
    ])?;
    Ok(())
}

/// [`insert_party`] with the id in `p.id` (which must be set) and a [`Stamp`].
pub fn insert_party_with_id(tx: &Tx, s: Stamp, p: &Party) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO parties (id, kind, title, forenames, surname, organisation_name, date_of_birth, ni_number,
                              company_number, address_id, created_at, created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(rusqlite::params![
        p.id,
        p.kind.unwrap_or(PartyKind::Person),
        p.title,
        p.forenames,
        p.surname,
        p.organisation_name,
        p.date_of_birth,
        p.ni_number,
        p.company_number,
        p.address_id,
        s.at,
        s.user,
        s.device
    ])?;
    Ok(())
}

/// [`insert_contact`] with the caller's id.
pub fn insert_contact_with_id(tx: &Tx, s: Stamp, id: &str, party_id: &str, kind: &str, value: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO party_contacts (id, party_id, kind, value, created_at, created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![id, party_id, kind, value, s.at, s.user, s.device])?;
    Ok(())
}

/// A note carried over from earlier records: `created_at` is when it was written, not when it was loaded.
pub fn insert_note_with_id(
    tx: &Tx,
    s: Stamp,
    id: &str,
    party_id: &str,
    account_id: Option<&str>,
    body: &str,
    created_at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO notes (id, party_id, account_id, body, created_at, created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![id, party_id, account_id, body, created_at, s.user, s.device])?;
    Ok(())
}

/// A hold with every column the single-row [`insert_hold`] leaves out: evidence and the day it was released.
pub struct NewHold<'a> {
    pub id: &'a str,
    pub party_id: Option<&'a str>,
    pub account_id: Option<&'a str>,
    pub kind: HoldKind,
    pub starts_on: &'a str,
    pub ends_on: Option<&'a str>,
    pub reason: &'a str,
    pub evidence: &'a str,
    pub released_on: Option<&'a str>,
}

pub fn insert_hold_with_id(tx: &Tx, s: Stamp, h: &NewHold) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO holds (id, party_id, account_id, kind, starts_on, ends_on, reason, evidence, released_on,
                            created_at, created_by, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(rusqlite::params![
        h.id,
        h.party_id,
        h.account_id,
        h.kind,
        h.starts_on,
        h.ends_on,
        h.reason,
        h.evidence,
        h.released_on,
        s.at,
        s.user,
        s.device
    ])?;
    Ok(())
}
