//! Search: a local-only table of normalised keys (surname, organisation name and address lines from each
//! word to the end, forenames, "surname forename" pairs, postcode without spaces, phone digits in national
//! form, email, NI number, company number, account reference forwards and backwards), led by their kind.
//! A query becomes a few streams (a kind and a prefix); each is one index range of which only the first
//! rows are read, and the streams are merged by score, so the cost does not grow with how common a name is.
//! The benchmark is `benches/foundation.rs` (p95 under 3 ms for every query kind at 450,000 accounts).

use crate::db::parties::display_name;
use crate::error::Result;
use crate::model::{DebtType, PartyKind};
use rusqlite::{named_params, Connection};
use serde::Serialize;
use std::collections::HashMap;

/// What a key was made from; the score of an exact and of a prefix match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyKind {
    Surname,
    Forename,
    Organisation,
    Address,
    Postcode,
    Phone,
    Email,
    NiNumber,
    CompanyNumber,
    Reference,
    /// The account reference reversed, so "the last digits" find it too.
    ReferenceSuffix,
    /// A person's surname, a space and one of their forenames: "smith john".
    NamePair,
}

impl KeyKind {
    /// Every kind, in a fixed order (the demo writer holds a kind as its index here).
    pub const ALL: [KeyKind; 12] = [
        KeyKind::Surname,
        KeyKind::Forename,
        KeyKind::Organisation,
        KeyKind::Address,
        KeyKind::Postcode,
        KeyKind::Phone,
        KeyKind::Email,
        KeyKind::NiNumber,
        KeyKind::CompanyNumber,
        KeyKind::Reference,
        KeyKind::ReferenceSuffix,
        KeyKind::NamePair,
    ];

    pub fn code(self) -> &'static str {
        match self {
            KeyKind::Surname => "sn",
            KeyKind::Forename => "fn",
            KeyKind::Organisation => "org",
            KeyKind::Address => "addr",
            KeyKind::Postcode => "pc",
            KeyKind::Phone => "tel",
            KeyKind::Email => "email",
            KeyKind::NiNumber => "ni",
            KeyKind::CompanyNumber => "co",
            KeyKind::Reference => "ref",
            KeyKind::ReferenceSuffix => "fer",
            KeyKind::NamePair => "name",
        }
    }

    fn from_code(code: &str) -> Option<KeyKind> {
        KeyKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What the officer is told matched.
    pub fn label(self) -> &'static str {
        match self {
            KeyKind::Surname => "Surname",
            KeyKind::Forename => "Forename",
            KeyKind::Organisation => "Organisation name",
            KeyKind::Address => "Address",
            KeyKind::Postcode => "Postcode",
            KeyKind::Phone => "Phone",
            KeyKind::Email => "Email",
            KeyKind::NiNumber => "NI number",
            KeyKind::CompanyNumber => "Company number",
            KeyKind::Reference | KeyKind::ReferenceSuffix => "Account reference",
            KeyKind::NamePair => "Name",
        }
    }

    /// Ranking weights: (exact match, prefix match).
    fn scores(self) -> (u32, u32) {
        match self {
            KeyKind::Reference | KeyKind::NiNumber => (120, 100),
            KeyKind::Surname | KeyKind::Organisation => (100, 70),
            KeyKind::Phone | KeyKind::Email | KeyKind::CompanyNumber => (100, 80),
            KeyKind::ReferenceSuffix => (90, 85),
            KeyKind::Postcode => (60, 50),
            KeyKind::Forename => (40, 30),
            KeyKind::Address => (30, 20),
            // A whole surname and a forename (140) or its start (130): the scores of the two words.
            KeyKind::NamePair => (140, 130),
        }
    }
}

/// Lower case, letters and digits only: "O'Brien" → "obrien", "AD1 2BC" → "ad12bc".
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Words of a name or an address, squashed: "Flat 2, 14-16 High St." → ["flat", "2", "14", "16", "high", "st"].
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '/' | '.' | '&' | '(' | ')'))
        .map(squash)
        .filter(|w| !w.is_empty())
        .collect()
}

/// The squashed text from the start of each word to the end, so a phrase is a prefix lookup:
/// "14 High Street" → ["14highstreet", "highstreet", "street"].
pub fn suffixes(text: &str) -> Vec<String> {
    let w = words(text);
    (0..w.len()).map(|i| w[i..].concat()).collect()
}

/// UK phone digits in national form: "+44 (0)7700 900123" and "07700-900 123" → "07700900123".
pub fn phone_digits(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if let Some(rest) = digits.strip_prefix("0044") {
        format!("0{}", rest.trim_start_matches('0'))
    } else if text.trim_start().starts_with('+') {
        match digits.strip_prefix("44") {
            Some(rest) => format!("0{}", rest.trim_start_matches('0')),
            None => digits,
        }
    } else {
        digits
    }
}

/// The keys one party is found by. `refs` are the references of the accounts it is on, with their ids.
pub struct PartyKeys<'a> {
    pub kind: PartyKind,
    pub forenames: &'a str,
    pub surname: &'a str,
    pub organisation_name: &'a str,
    pub ni_number: Option<&'a str>,
    pub company_number: Option<&'a str>,
    pub addresses: Vec<(Vec<String>, String)>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub references: Vec<(String, String)>,
}

pub fn keys(p: &PartyKeys) -> Vec<(String, KeyKind, String)> {
    let mut out: Vec<(String, KeyKind, String)> = Vec::new();
    let mut push = |key: String, kind: KeyKind, account: &str| {
        if !key.is_empty() {
            out.push((key, kind, account.to_string()));
        }
    };
    match p.kind {
        PartyKind::Person => {
            let surnames = suffixes(p.surname);
            let forenames = words(p.forenames);
            for s in &surnames {
                for f in &forenames {
                    push(format!("{s} {f}"), KeyKind::NamePair, "");
                }
            }
            for s in surnames {
                push(s, KeyKind::Surname, "");
            }
            for f in forenames {
                push(f, KeyKind::Forename, "");
            }
        }
        PartyKind::Organisation => {
            for s in suffixes(p.organisation_name) {
                push(s, KeyKind::Organisation, "");
            }
        }
    }
    if let Some(ni) = p.ni_number {
        push(squash(ni), KeyKind::NiNumber, "");
    }
    if let Some(co) = p.company_number {
        push(squash(co), KeyKind::CompanyNumber, "");
    }
    for (lines, postcode) in &p.addresses {
        for line in lines {
            for s in suffixes(line) {
                push(s, KeyKind::Address, "");
            }
        }
        push(squash(postcode), KeyKind::Postcode, "");
    }
    for phone in &p.phones {
        push(phone_digits(phone), KeyKind::Phone, "");
    }
    for email in &p.emails {
        push(email.trim().to_lowercase(), KeyKind::Email, "");
    }
    for (reference, account_id) in &p.references {
        let r = squash(reference);
        push(r.chars().rev().collect(), KeyKind::ReferenceSuffix, account_id);
        push(r, KeyKind::Reference, account_id);
    }
    out.sort_by(|a, b| (a.1.code(), &a.0, &a.2).cmp(&(b.1.code(), &b.0, &b.2)));
    out.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2 == b.2);
    out
}

/// Rewrites the search keys of one party from what the database holds about it now.
pub fn index_party(conn: &Connection, party_id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM local_search_keys WHERE party_id = :party")?
        .execute(named_params! {":party": party_id})?;
    let Some((party, home)) = crate::db::parties::get(conn, party_id)? else {
        return Ok(());
    };
    // An anonymised person (retention) is not found by search: their record keeps only ids and the ledger.
    if crate::db::retention::is_anonymised(conn, party_id)? {
        return Ok(());
    }
    let contacts = crate::db::parties::contacts(conn, party_id)?;
    let mut addresses: Vec<(Vec<String>, String)> = home.into_iter().map(|a| (a.lines, a.postcode)).collect();
    let mut references = Vec::new();
    for (account, _role, corr) in crate::db::accounts::of_party(conn, party_id)? {
        if let Some(a) = account.property {
            addresses.push((a.lines, a.postcode));
        }
        if let Some(a) = corr {
            addresses.push((a.lines, a.postcode));
        }
        references.push((account.reference, account.id));
    }
    let pk = PartyKeys {
        kind: party.kind.unwrap_or(PartyKind::Person),
        forenames: &party.forenames,
        surname: &party.surname,
        organisation_name: &party.organisation_name,
        ni_number: party.ni_number.as_deref(),
        company_number: party.company_number.as_deref(),
        addresses,
        phones: contacts.iter().filter(|(k, _)| k == "phone").map(|(_, v)| v.clone()).collect(),
        emails: contacts.iter().filter(|(k, _)| k == "email").map(|(_, v)| v.clone()).collect(),
        references,
    };
    insert_keys(conn, party_id, &keys(&pk))
}

/// Rebuilds the index when it is empty but parties exist (a migration emptied it to change its shape).
pub fn rebuild_if_empty(conn: &Connection) -> Result<()> {
    let stale: bool = conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM local_search_keys)
            AND EXISTS (SELECT 1 FROM parties WHERE deleted_at IS NULL)",
        [],
        |r| r.get(0),
    )?;
    if stale {
        rebuild(conn)?;
    }
    Ok(())
}

pub fn insert_keys(conn: &Connection, party_id: &str, keys: &[(String, KeyKind, String)]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO local_search_keys (key, kind, party_id, account_id) VALUES (:key, :kind, :party, :account)",
    )?;
    for (key, kind, account) in keys {
        stmt.execute(named_params! {":key": key, ":kind": kind.code(), ":party": party_id, ":account": account})?;
    }
    Ok(())
}

/// Rebuilds the whole index (after an import, or if it is ever doubted). Returns the number of parties.
pub fn rebuild(conn: &Connection) -> Result<usize> {
    conn.execute("DELETE FROM local_search_keys", [])?;
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM parties WHERE deleted_at IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &ids {
        index_party(conn, id)?;
    }
    Ok(ids.len())
}

/// One person or organisation found, with why.
#[derive(Clone, Debug, Serialize)]
pub struct SearchHit {
    pub party_id: String,
    pub name: String,
    pub kind: PartyKind,
    pub address: String,
    pub matched: String,
    /// The first few accounts (the one whose reference matched first, then open before closed, by reference).
    pub accounts: Vec<HitAccount>,
    /// How many more accounts were read but not shown...
    pub more_accounts: usize,
    /// ...and whether there are more still (over `HIT_ACCOUNTS_READ` in all).
    pub many_accounts: bool,
    pub score: u32,
}

/// Accounts shown with a search hit, and the most read for it.
pub const HIT_ACCOUNTS_SHOWN: usize = 5;
pub const HIT_ACCOUNTS_READ: usize = 100;

#[derive(Clone, Debug, Serialize)]
pub struct HitAccount {
    pub reference: String,
    pub debt_type: DebtType,
    pub debt_type_label: &'static str,
    pub status: String,
}

/// The upper bound of a prefix range: "smi" → "smj". Keys are squashed ASCII-ish lower case.
fn prefix_end(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    String::from("\u{10ffff}")
}

/// A token of the query and the kinds of key it may match.
struct Token {
    key: String,
    kinds: Vec<KeyKind>,
}

/// What the officer typed, read: one token, alternatives (a number may be a reference, its last digits, a
/// phone or a house number), or words that must all match.
enum Query {
    Alternatives(Vec<Token>),
    Words(Vec<Token>),
}

/// Reads what the officer typed: an email, an NI number, a postcode, a phone number or reference, or words
/// of a name or address (all of which must match, in any order).
fn read_query(query: &str) -> Query {
    let q = query.trim();
    let lower = q.to_lowercase();
    let squashed = squash(q);
    if squashed.is_empty() {
        return Query::Alternatives(vec![]);
    }
    if lower.contains('@') {
        return Query::Alternatives(vec![Token {
            key: lower.split_whitespace().collect(),
            kinds: vec![KeyKind::Email],
        }]);
    }
    let is_ni = squashed.is_ascii()
        && squashed.len() >= 8
        && squashed.len() <= 9
        && squashed[..2].chars().all(|c| c.is_ascii_alphabetic())
        && squashed[2..8].chars().all(|c| c.is_ascii_digit());
    if is_ni {
        // An NI-shaped reference (HB0000301) is an account reference too.
        return Query::Alternatives(vec![Token { key: squashed, kinds: vec![KeyKind::NiNumber, KeyKind::Reference] }]);
    }
    if looks_like_postcode(&lower) {
        return Query::Alternatives(vec![Token {
            key: squashed,
            kinds: vec![KeyKind::Postcode, KeyKind::Reference, KeyKind::Address],
        }]);
    }
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c));
    if phone_like && squashed.len() >= 3 {
        return Query::Alternatives(vec![
            Token { key: squashed.clone(), kinds: vec![KeyKind::Reference, KeyKind::Address, KeyKind::CompanyNumber] },
            Token { key: phone_digits(q), kinds: vec![KeyKind::Phone] },
            Token { key: squashed.chars().rev().collect(), kinds: vec![KeyKind::ReferenceSuffix] },
        ]);
    }
    let mut toks: Vec<Token> = words(q)
        .into_iter()
        .map(|w| {
            let kinds = if w.chars().any(|c| c.is_ascii_digit()) {
                vec![KeyKind::Address, KeyKind::Reference, KeyKind::Postcode, KeyKind::CompanyNumber]
            } else {
                vec![KeyKind::Surname, KeyKind::Forename, KeyKind::Organisation, KeyKind::Address, KeyKind::Postcode]
            };
            Token { key: w, kinds }
        })
        .collect();
    if toks.len() == 1 {
        Query::Alternatives(toks)
    } else {
        toks.dedup_by(|a, b| a.key == b.key);
        Query::Words(toks)
    }
}

/// "AD1 2BC", "ad12bc", or an outward code with a space after it ("AD1 ", "SW1A 2").
fn looks_like_postcode(lower: &str) -> bool {
    if !lower.is_ascii() {
        return false;
    }
    let parts: Vec<&str> = lower.split_whitespace().collect();
    let outward = |s: &str| {
        let b = s.as_bytes();
        (2..=4).contains(&b.len())
            && b[0].is_ascii_alphabetic()
            && b.iter().any(u8::is_ascii_digit)
            && b.iter().all(u8::is_ascii_alphanumeric)
    };
    let inward_prefix = |s: &str| {
        let b = s.as_bytes();
        !b.is_empty() && b.len() <= 3 && b[0].is_ascii_digit() && b[1..].iter().all(u8::is_ascii_alphabetic)
    };
    match parts.as_slice() {
        [o, i] => outward(o) && inward_prefix(i),
        [one] => {
            let b = one.as_bytes();
            b.len() >= 5
                && b.len() <= 7
                && outward(&one[..one.len() - 3])
                && inward_prefix(&one[one.len() - 3..])
                && b[b.len() - 2..].iter().all(u8::is_ascii_alphabetic)
        }
        _ => false,
    }
}

/// One ordered range of the key table: the keys of one kind that start with `lo`. A key equal to `lo` scores
/// `exact`, a longer one `prefix`; the words of the query in `verify` must also match the party elsewhere.
struct Stream<'q> {
    kind: KeyKind,
    lo: String,
    exact: u32,
    prefix: u32,
    verify: Vec<&'q Token>,
}

/// A key found: its score, the key, the party, the kind and the account it names ('' when none).
struct Found {
    score: u32,
    key: String,
    party: String,
    kind: KeyKind,
    account: String,
}

/// The first `n` keys of a stream in key order, so exact matches come first. The table's primary key is
/// (kind, key, party_id, account_id): this is one index range, read no further than `n` rows.
fn first_keys(conn: &Connection, s: &Stream, n: usize) -> Result<Vec<Found>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, party_id, account_id FROM local_search_keys
         WHERE kind = :kind AND key >= :lo AND key < :hi ORDER BY key, party_id LIMIT :n",
    )?;
    let rows = stmt.query_map(
        named_params! {":kind": s.kind.code(), ":lo": s.lo, ":hi": prefix_end(&s.lo), ":n": n as i64},
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (key, party, account) = row?;
        let score = if key == s.lo { s.exact } else { s.prefix };
        out.push(Found { score, key, party, kind: s.kind, account });
    }
    Ok(out)
}

/// The best score of `token` among one party's keys, if any matches.
fn probe(conn: &Connection, party_id: &str, token: &Token) -> Result<Option<u32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, kind FROM local_search_keys WHERE party_id = :party AND key >= :lo AND key < :hi",
    )?;
    let rows = stmt
        .query_map(named_params! {":party": party_id, ":lo": token.key, ":hi": prefix_end(&token.key)}, |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
    let mut best = None;
    for row in rows {
        let (key, kind) = row?;
        if let Some(kind) = KeyKind::from_code(&kind).filter(|k| token.kinds.contains(k)) {
            let (exact, prefix) = kind.scores();
            let s = if key == token.key { exact } else { prefix };
            best = best.max(Some(s));
        }
    }
    Ok(best)
}

/// A party's best match: (score, kind, account id or '', the key that matched).
type Match = (u32, KeyKind, String, String);

/// The best `limit` parties of some streams: the first rows of every stream, merged by score then key, each
/// party once, its other words verified. A stream that filled its window is read again with a wider one
/// only when too few parties were found (a party met in several streams, or failing a check).
fn best_of(conn: &Connection, streams: &[Stream], limit: usize) -> Result<HashMap<String, Match>> {
    let mut window = limit + 8;
    loop {
        let mut found = Vec::new();
        let mut full = false;
        for (i, s) in streams.iter().enumerate() {
            let rows = first_keys(conn, s, window)?;
            full |= rows.len() == window;
            found.extend(rows.into_iter().map(|f| (i, f)));
        }
        found.sort_by(|(_, a), (_, b)| {
            b.score.cmp(&a.score).then_with(|| a.key.cmp(&b.key)).then_with(|| a.party.cmp(&b.party))
        });
        let mut out: HashMap<String, Match> = HashMap::new();
        let mut rejected: std::collections::HashSet<String> = Default::default();
        for (i, f) in found {
            if out.len() == limit {
                return Ok(out);
            }
            if out.contains_key(&f.party) || rejected.contains(&f.party) {
                continue;
            }
            let mut total = f.score;
            for t in &streams[i].verify {
                match probe(conn, &f.party, t)? {
                    Some(s) => total += s,
                    None => {
                        total = 0;
                        break;
                    }
                }
            }
            if total == 0 {
                rejected.insert(f.party);
            } else {
                out.insert(f.party, (total, f.kind, f.account, f.key));
            }
        }
        if out.len() >= limit || !full || window >= 64 * 1024 {
            return Ok(out);
        }
        window *= 4;
    }
}

/// Matches of one token across its kinds, at most `cap` rows per kind: party → its best match, and whether
/// that is every match (no kind reached the cap).
fn matches(conn: &Connection, token: &Token, cap: usize) -> Result<(HashMap<String, Match>, bool)> {
    let mut out: HashMap<String, Match> = HashMap::new();
    let mut complete = true;
    for &kind in &token.kinds {
        let (exact, prefix) = kind.scores();
        let s = Stream { kind, lo: token.key.clone(), exact, prefix, verify: vec![] };
        let rows = first_keys(conn, &s, cap)?;
        complete &= rows.len() < cap;
        for f in rows {
            let e = out.entry(f.party).or_insert((0, kind, f.account.clone(), f.key.clone()));
            if f.score > e.0 {
                *e = (f.score, kind, f.account, f.key);
            }
        }
    }
    Ok((out, complete))
}

/// How many candidates each kind of the most selective word may bring when words are matched one by one.
const CANDIDATE_CAP: usize = 2_000;

/// Several words: first as a phrase (the words in the order typed, as the start of a surname, an
/// organisation's name or an address line: "14 high st", "harbour lights") and as a name in either order
/// ("john smith", "smith j", "j smith"; surname whole, forename as typed so far); other words are checked
/// against the party's other keys. Only when none of those finds anyone, every word is matched on its own
/// (all must match, in any kind: "smith harbour" finds Smith of Harbour Court).
fn words_search(conn: &Connection, toks: &[Token], limit: usize) -> Result<HashMap<String, Match>> {
    let n = toks.len() as u32;
    let phrase: String = toks.iter().map(|t| t.key.as_str()).collect();
    let mut streams: Vec<Stream> = [KeyKind::Surname, KeyKind::Organisation, KeyKind::Address]
        .into_iter()
        .map(|kind| {
            let (exact, prefix) = kind.scores();
            Stream { kind, lo: phrase.clone(), exact: exact * n, prefix: prefix * n, verify: vec![] }
        })
        .collect();
    let alphabetic: Vec<usize> =
        (0..toks.len()).filter(|&i| toks[i].key.chars().all(|c| !c.is_ascii_digit())).collect();
    let (pair, pair_prefix) = KeyKind::NamePair.scores();
    for &s in &alphabetic {
        for &f in &alphabetic {
            if s == f {
                continue;
            }
            let verify = (0..toks.len()).filter(|&i| i != s && i != f).map(|i| &toks[i]).collect();
            streams.push(Stream {
                kind: KeyKind::NamePair,
                lo: format!("{} {}", toks[s].key, toks[f].key),
                exact: pair,
                prefix: pair_prefix,
                verify,
            });
        }
    }
    let found = best_of(conn, &streams, limit)?;
    if !found.is_empty() {
        return Ok(found);
    }
    // Every word on its own: start from the word with the fewest matches, probe the rest.
    let mut per_token = Vec::new();
    for t in toks {
        per_token.push(matches(conn, t, CANDIDATE_CAP)?);
    }
    let (driver, _) = per_token.iter().enumerate().min_by_key(|(_, m)| m.0.len()).expect("two words or more");
    let mut scored = HashMap::new();
    for (party, m) in &per_token[driver].0 {
        let mut total = m.0;
        let mut all = true;
        for (i, t) in toks.iter().enumerate() {
            if i == driver {
                continue;
            }
            let (found, complete) = &per_token[i];
            let s = match found.get(party) {
                Some(x) => Some(x.0),
                None if *complete => None,
                None => probe(conn, party, t)?,
            };
            match s {
                Some(s) => total += s,
                None => {
                    all = false;
                    break;
                }
            }
        }
        if all {
            scored.insert(party.clone(), (total, m.1, m.2.clone(), m.3.clone()));
        }
    }
    Ok(scored)
}

/// Finds people and organisations, best first: at most `limit`.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let scored = match read_query(query) {
        Query::Alternatives(toks) if toks.is_empty() => return Ok(vec![]),
        Query::Alternatives(toks) => {
            let streams: Vec<Stream> = toks
                .iter()
                .flat_map(|t| {
                    t.kinds.iter().map(|&kind| {
                        let (exact, prefix) = kind.scores();
                        Stream { kind, lo: t.key.clone(), exact, prefix, verify: vec![] }
                    })
                })
                .collect();
            best_of(conn, &streams, limit)?
        }
        Query::Words(toks) => words_search(conn, &toks, limit)?,
    };
    // Best score first; equal scores in the order of the key that matched (so surnames alphabetically), then
    // by id for a stable order. Only the `limit` shown are loaded.
    let mut ranked: Vec<(String, Match)> = scored.into_iter().collect();
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.1 .3.cmp(&b.1 .3)).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(limit);
    let mut hits = Vec::with_capacity(ranked.len());
    for (party_id, (score, kind, account_id, key)) in ranked {
        if let Some(hit) = hit(conn, &party_id, score, kind, &account_id)? {
            hits.push((key, hit));
        }
    }
    // Among those shown, people with the same score and key are in name order.
    hits.sort_by(|(ka, a), (kb, b)| {
        b.score
            .cmp(&a.score)
            .then_with(|| ka.cmp(kb))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.party_id.cmp(&b.party_id))
    });
    Ok(hits.into_iter().map(|(_, h)| h).collect())
}

fn hit(conn: &Connection, party_id: &str, score: u32, kind: KeyKind, account_id: &str) -> Result<Option<SearchHit>> {
    let Some((party, address)) = crate::db::parties::get(conn, party_id)? else {
        return Ok(None);
    };
    // At most `HIT_ACCOUNTS_READ` accounts are read (in index order: an agent or a housing association may be
    // on thousands), sorted and made distinct here rather than in SQL (two temporary b-trees per hit cost more
    // than the lookups when fifty hits are shown); the first `HIT_ACCOUNTS_SHOWN` are shown, open first.
    let mut stmt = conn.prepare_cached(
        "SELECT ac.id, ac.reference, ac.debt_type, ac.status FROM account_parties ap JOIN accounts ac ON ac.id = ap.account_id
         WHERE ap.party_id = :party AND ap.deleted_at IS NULL LIMIT :n",
    )?;
    let mut rows = stmt
        .query_map(named_params! {":party": party_id, ":n": HIT_ACCOUNTS_READ as i64 + 1}, |r| {
            Ok((r.get::<_, String>(0)?, {
                let debt_type: DebtType = r.get(2)?;
                HitAccount { reference: r.get(1)?, debt_type, debt_type_label: debt_type.label(), status: r.get(3)? }
            }))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let many = rows.len() > HIT_ACCOUNTS_READ;
    rows.truncate(HIT_ACCOUNTS_READ);
    rows.sort_by(|(ia, a), (ib, b)| {
        (ia != account_id)
            .cmp(&(ib != account_id))
            .then_with(|| b.status.cmp(&a.status))
            .then_with(|| a.reference.cmp(&b.reference))
    });
    rows.dedup_by(|a, b| a.0 == b.0);
    let matched_ref = rows.first().filter(|(id, _)| id == account_id).map(|(_, a)| a.reference.clone());
    let more_accounts = rows.len().saturating_sub(HIT_ACCOUNTS_SHOWN);
    let accounts = rows.into_iter().take(HIT_ACCOUNTS_SHOWN).map(|(_, a)| a).collect();
    let matched = match matched_ref {
        Some(r) => format!("{} {}", kind.label(), r),
        None => kind.label().to_string(),
    };
    Ok(Some(SearchHit {
        party_id: party.id.clone(),
        name: display_name(party.kind, "", &party.forenames, &party.surname, &party.organisation_name),
        kind: party.kind.unwrap_or(PartyKind::Person),
        address: address.map(|a| a.one_line()).unwrap_or_default(),
        matched,
        accounts,
        more_accounts,
        many_accounts: many,
        score,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_read_in_national_form() {
        assert_eq!(phone_digits("+44 (0)7700 900123"), "07700900123");
        assert_eq!(phone_digits("+44 7700 900123"), "07700900123");
        assert_eq!(phone_digits("0044 1632 960001"), "01632960001");
        assert_eq!(phone_digits("07700-900 123"), "07700900123");
    }

    #[test]
    fn postcodes_are_recognised_with_any_spacing() {
        for pc in ["ad1 2bc", "ad12bc", "sw1a 1aa", "sw1a1aa", "m1 1ae", "cf10 1"] {
            assert!(looks_like_postcode(pc), "{pc}");
        }
        for not in ["smith", "12 high", "ct40012345", "jo smith", "tŷnewydd", "tŷ 2ab", "ŷŷŷŷŷŷŷŷ"] {
            assert!(!looks_like_postcode(not), "{not}");
        }
    }

    #[test]
    fn words_are_squashed_and_split() {
        assert_eq!(words("Flat 2, 14-16 High St."), ["flat", "2", "14", "16", "high", "st"]);
        assert_eq!(squash("O'Brien"), "obrien");
        assert_eq!(prefix_end("smi"), "smj");
        assert_eq!(suffixes("Flat 2, High St."), ["flat2highst", "2highst", "highst", "st"]);
    }
}
