//! Search and person-view latency on a database, shared by the foundation bench and the security bench
//! (encrypted against plain): people spread through the database, what an officer would type to find each,
//! and p50/p95/max per query kind.

use recovery_core::api::{self, SearchInput};
use recovery_core::{Ctx, Db};
use std::time::{Duration, Instant};

pub struct Sample {
    pub surname: String,
    pub forename: String,
    address: String,
    pub postcode: String,
    reference: String,
    phone: Option<String>,
    email: Option<String>,
    ni: Option<String>,
    pub party_id: String,
}

/// Up to `n` people spread through the database, with what an officer would type to find them.
pub fn samples(db: &Db, ctx: &Ctx, n: usize) -> Vec<Sample> {
    let ids: Vec<String> = db
        .read(|tx| {
            Ok(tx
                .prepare("SELECT id FROM parties WHERE kind = 'person' ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?)
        })
        .unwrap();
    let step = (ids.len() / n).max(1);
    let mut out = Vec::new();
    for id in ids.iter().step_by(step).take(n) {
        let v = api::person(db, ctx, id).unwrap();
        let Some(account) = v.accounts.first() else { continue };
        let addr = v.party.address.clone().or_else(|| account.property.clone()).unwrap();
        out.push(Sample {
            surname: v.party.surname.clone(),
            forename: v.party.forenames.split_whitespace().next().unwrap_or("").to_string(),
            address: addr.lines[0].split_whitespace().take(2).collect::<Vec<_>>().join(" "),
            postcode: addr.postcode.clone(),
            reference: account.reference.clone(),
            phone: v.party.phones.first().cloned(),
            email: v.party.emails.first().cloned(),
            ni: v.party.ni_number.clone(),
            party_id: id.clone(),
        });
    }
    out
}

pub fn percentiles(mut d: Vec<Duration>) -> (f64, f64, f64) {
    d.sort();
    let ms = |x: Duration| x.as_secs_f64() * 1000.0;
    let at = |p: f64| ms(d[((d.len() as f64 - 1.0) * p).round() as usize]);
    (at(0.5), at(0.95), ms(*d.last().unwrap()))
}

/// Prints p50/p95/max per query kind and returns them: (kind, p50 ms, p95 ms, max ms).
pub fn search_latency(db: &Db, samples: &[Sample]) -> Vec<(&'static str, f64, f64, f64)> {
    type Query = fn(&Sample) -> Option<String>;
    let kinds: Vec<(&str, Query)> = vec![
        ("surname", |s| Some(s.surname.clone())),
        ("surname prefix (3)", |s| Some(s.surname.chars().take(3).collect())),
        ("forename + surname", |s| Some(format!("{} {}", s.forename, s.surname))),
        ("initial + surname", |s| Some(format!("{} {}", s.forename.chars().next()?, s.surname))),
        ("address fragment", |s| Some(s.address.clone())),
        ("postcode", |s| Some(s.postcode.clone())),
        ("postcode, no space, lower", |s| Some(s.postcode.replace(' ', "").to_lowercase())),
        ("full reference", |s| Some(s.reference.clone())),
        ("partial reference", |s| Some(s.reference.chars().take(6).collect())),
        ("last 5 digits of reference", |s| {
            Some(s.reference.chars().rev().take(5).collect::<Vec<_>>().into_iter().rev().collect())
        }),
        ("phone +44", |s| s.phone.as_ref().map(|p| format!("+44 {}", &p.replace(' ', "")[1..]))),
        ("email", |s| s.email.clone()),
        ("NI number", |s| s.ni.clone()),
    ];
    println!("search latency, top 50 ranked ({} samples per kind):", samples.len());
    println!("  {:<28} {:>8} {:>8} {:>8} {:>8}", "query kind", "p50 ms", "p95 ms", "max ms", "found %");
    let mut out = Vec::new();
    for (name, q) in kinds {
        let mut times = Vec::new();
        let mut found = 0;
        for s in samples {
            let Some(query) = q(s) else { continue };
            let t = Instant::now();
            let hits = api::search(db, SearchInput { query, limit: Some(50) }).unwrap();
            times.push(t.elapsed());
            if hits.iter().any(|h| h.party_id == s.party_id) {
                found += 1;
            }
        }
        if times.is_empty() {
            continue;
        }
        let n = times.len();
        let (p50, p95, max) = percentiles(times);
        println!("  {name:<28} {p50:>8.2} {p95:>8.2} {max:>8.2} {:>8.0}", found as f64 * 100.0 / n as f64);
        out.push((name, p50, p95, max));
    }
    out
}

/// Prints and returns the person view's (p50, p95, max) in ms.
pub fn person_latency(db: &Db, ctx: &Ctx, samples: &[Sample]) -> (f64, f64, f64) {
    let mut times = Vec::new();
    for s in samples {
        let t = Instant::now();
        api::person(db, ctx, &s.party_id).unwrap();
        times.push(t.elapsed());
    }
    let (p50, p95, max) = percentiles(times);
    println!("person view load: p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms");
    (p50, p95, max)
}
