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

#[path = "support/search.rs"]
mod search_support;
use search_support::{person_latency, samples, search_latency};

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

fn foundation(c: &mut Criterion) {
    let db = demo_db();
    let samples = samples(&db, &ctx(), 300);
    search_latency(&db, &samples);
    person_latency(&db, &ctx(), &samples);
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
