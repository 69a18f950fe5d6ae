//! Foundation benchmarks on a 450,000-account demo database (issue 3): demo generation, CSV import rate,
//! search latency p50/p95 per query kind (top 50 ranked), and person view load. The database is generated
//! once and kept in `target/bench/` (set `BENCH_ACCOUNTS` for a smaller one). One-shot timings and
//! percentiles are printed; criterion measures the hot paths.
//!
//! Run: `cargo bench -p recovery-core --bench foundation`

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use recovery_core::api::{self, SearchInput};
use recovery_core::{Ctx, Db};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn ctx() -> Ctx {
    Ctx::new(
        "bench",
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    )
}

fn accounts() -> usize {
    std::env::var("BENCH_ACCOUNTS").ok().and_then(|s| s.parse().ok()).unwrap_or(450_000)
}

fn bench_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The demo database, generated (and timed) on first use.
fn demo_db() -> Db {
    let n = accounts();
    let path = bench_dir().join(format!("demo-{n}.db"));
    if !path.exists() {
        let partial = bench_dir().join(format!("demo-{n}.partial.db"));
        let _ = std::fs::remove_file(&partial);
        let db = api::open(&partial, &ctx()).unwrap();
        let t = Instant::now();
        let report = api::generate_demo(&db, &ctx(), api::DemoOptions { accounts: n, seed: 1 }).unwrap();
        let took = t.elapsed();
        println!(
            "demo generation: {} accounts, {} parties, {} ledger entries in {:.1} s",
            report.accounts,
            report.parties,
            report.ledger_entries,
            took.as_secs_f64()
        );
        drop(db);
        for ext in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{ext}", partial.display()));
            if from.exists() {
                std::fs::rename(&from, format!("{}{ext}", path.display())).unwrap();
            }
        }
    }
    let db = api::open(&path, &ctx()).unwrap();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    // The file is read through once, as the operating system holds a database that is used all day in its
    // page cache (24 GB here): SQLite's own cache stays cold, so every query still reads its pages.
    let t = Instant::now();
    std::io::copy(&mut std::fs::File::open(&path).unwrap(), &mut std::io::sink()).unwrap();
    println!(
        "database: {} ({:.0} MB), read into the OS page cache in {:.1} s",
        path.display(),
        size as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    db
}

/// Export the demo caseload and import it into an empty database: rows per second.
fn import_rate(db: &Db) {
    let csv_path = bench_dir().join(format!("export-{}.csv", accounts()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&csv_path).unwrap());
    let t = Instant::now();
    let exported = api::export_accounts(db, &mut out).unwrap();
    drop(out);
    println!("export: {} rows in {:.1} s", exported.rows, t.elapsed().as_secs_f64());
    let bytes = std::fs::read(&csv_path).unwrap();
    let target = bench_dir().join("import-target.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", target.display()));
    }
    let fresh = api::open(&target, &ctx()).unwrap();
    let t = Instant::now();
    let report = api::import_accounts(&fresh, &ctx(), "export.csv", &bytes).unwrap();
    let took = t.elapsed().as_secs_f64();
    println!(
        "import: {} rows, {} accounts in {:.1} s = {:.0} rows/s, {:.0} accounts/s",
        report.rows,
        report.accounts_added,
        took,
        report.rows as f64 / took,
        report.accounts_added as f64 / took
    );
}

struct Sample {
    surname: String,
    forename: String,
    address: String,
    postcode: String,
    reference: String,
    phone: Option<String>,
    email: Option<String>,
    ni: Option<String>,
    party_id: String,
}

/// Up to `n` people spread through the database, with what an officer would type to find them.
fn samples(db: &Db, n: usize) -> Vec<Sample> {
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
        let v = api::person(db, &ctx(), id).unwrap();
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

fn percentiles(mut d: Vec<Duration>) -> (f64, f64, f64) {
    d.sort();
    let ms = |x: Duration| x.as_secs_f64() * 1000.0;
    let at = |p: f64| ms(d[((d.len() as f64 - 1.0) * p).round() as usize]);
    (at(0.5), at(0.95), ms(*d.last().unwrap()))
}

fn search_latency(db: &Db, samples: &[Sample]) {
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
    }
}

fn person_latency(db: &Db, samples: &[Sample]) {
    let mut times = Vec::new();
    for s in samples {
        let t = Instant::now();
        api::person(db, &ctx(), &s.party_id).unwrap();
        times.push(t.elapsed());
    }
    let (p50, p95, max) = percentiles(times);
    println!("person view load: p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms");
}

fn foundation(c: &mut Criterion) {
    let db = demo_db();
    let samples = samples(&db, 300);
    search_latency(&db, &samples);
    person_latency(&db, &samples);
    if std::env::var_os("BENCH_SKIP_IMPORT").is_none() {
        import_rate(&db);
    }
    let s = &samples[samples.len() / 2];
    c.bench_function("search surname", |b| {
        b.iter(|| api::search(&db, SearchInput { query: s.surname.clone(), limit: Some(50) }).unwrap())
    });
    c.bench_function("search forename + surname", |b| {
        b.iter(|| {
            api::search(&db, SearchInput { query: format!("{} {}", s.forename, s.surname), limit: Some(50) }).unwrap()
        })
    });
    c.bench_function("search postcode", |b| {
        b.iter(|| api::search(&db, SearchInput { query: s.postcode.clone(), limit: Some(50) }).unwrap())
    });
    c.bench_function("person view", |b| b.iter(|| api::person(&db, &ctx(), &s.party_id).unwrap()));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(3));
    targets = foundation
}
criterion_main!(benches);
