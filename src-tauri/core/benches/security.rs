//! Encrypted against plain, in the same run (issue 9): search p95 per query kind (goal: still under 5 ms), the
//! person view, sign-in to a usable database (goal: under 1 s), a 20,000-selection run commit and a 450,000-account
//! import (goals: within 2x of plain).
//!
//! The plain database is the foundation bench's demo, `target/bench/demo-450000.db` (run that bench first, or
//! set `BENCH_ACCOUNTS` for a smaller one); its encrypted twin `demo-450000-encrypted.db` is made from it once
//! with `api::encrypt_database` (timed) under a fixed bench key, with a key slot for `bench.officer`. The
//! import reads the foundation bench's export `export-450000.csv` (made by that bench; skipped if missing, or
//! with `BENCH_SKIP_IMPORT`; `BENCH_SKIP_COMMIT` skips the commits, `BENCH_PREPARE_ONLY` only makes the encrypted
//! copy). One-shot figures are printed; criterion measures sign-in.
//!
//! Run: `cargo bench -p recovery-core --bench security`

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use recovery_core::access::UserRole;
use recovery_core::api::{self, CommitRunInput, PreviewRunInput, RecoveryRunInput, ReverseRunInput, SearchInput};
use recovery_core::db::DbKey;
use recovery_core::{Ctx, Db};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "support/search.rs"]
mod search_support;
use search_support::{percentiles, person_latency, samples, search_latency};

const PASSWORD: &str = "bench-password-2026";

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn ctx(user: &str) -> Ctx {
    Ctx::new(user, Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(), on())
}

fn accounts() -> usize {
    std::env::var("BENCH_ACCOUNTS").ok().and_then(|s| s.parse().ok()).unwrap_or(450_000)
}

fn bench_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fixed key: the bench's encrypted copy is rebuilt only when missing.
fn bench_key() -> DbKey {
    DbKey::from_bytes([0x5a; 32])
}

fn warm(path: &Path) {
    let t = Instant::now();
    std::io::copy(&mut std::fs::File::open(path).unwrap(), &mut std::io::sink()).unwrap();
    println!("{} read into the OS page cache in {:.1} s", path.display(), t.elapsed().as_secs_f64());
}

fn plain_path() -> PathBuf {
    let path = bench_dir().join(format!("demo-{}.db", accounts()));
    assert!(
        path.exists(),
        "{} is missing: run `cargo bench -p recovery-core --bench foundation` first",
        path.display()
    );
    path
}

/// The encrypted twin of the plain demo, made once (timed), with a key slot for `bench.officer`.
fn encrypted_path() -> PathBuf {
    let path = bench_dir().join(format!("demo-{}-encrypted.db", accounts()));
    if !path.exists() {
        let plain = plain_path();
        // Bring the plain demo up to date first (its migrations), so both are the same schema.
        drop(api::open(&plain, &ctx("bench")).unwrap());
        let t = Instant::now();
        api::encrypt_database(&plain, &path, &bench_key()).unwrap();
        println!("encrypted a copy of {} in {:.1} s", plain.display(), t.elapsed().as_secs_f64());
        let db = api::open_with_key(&path, Some(&bench_key()), &ctx("bench")).unwrap();
        let input = api::AddUserInput {
            username: "bench.officer".into(),
            display_name: "Bench Officer".into(),
            role: UserRole::Officer,
            password: PASSWORD.into(),
        };
        api::add_user(&db, &ctx("bench"), input).unwrap();
    }
    path
}

fn preview(db: &Db, limit: u32) -> api::RunView {
    let input = PreviewRunInput {
        run_type: "reminder".into(),
        debt_type: "council_tax".into(),
        account_references: None,
        limit: Some(limit),
        minimum_amount: None,
    };
    api::preview_run(db, &ctx("officer.one"), input).unwrap()
}

/// Prepares, authorises and commits a reminder run of up to 20,000 without letters, then reverses it to put the
/// caseload back. Returns the commit's time.
fn commit_20000(db: &Db) -> Duration {
    let p = preview(db, 20_000);
    api::authorise_run(db, &ctx("team.leader"), RecoveryRunInput { run_id: p.run.id.clone() }).unwrap();
    let t = Instant::now();
    let done =
        api::commit_run(db, &ctx("team.leader"), CommitRunInput { run_id: p.run.id.clone(), issue_letters: false })
            .unwrap();
    let took = t.elapsed();
    api::reverse_run(db, &ctx("team.leader"), ReverseRunInput { run_id: p.run.id.clone(), reason: "benchmark".into() })
        .unwrap();
    println!("  committed {} in {:.2} s", done.committed, took.as_secs_f64());
    took
}

fn import(csv: &Path, key: Option<&DbKey>) -> Duration {
    let target = bench_dir().join(if key.is_some() { "import-encrypted.db" } else { "import-plain.db" });
    for ext in ["", "-wal", "-shm", ".keys"] {
        let _ = std::fs::remove_file(format!("{}{ext}", target.display()));
    }
    let bytes = std::fs::read(csv).unwrap();
    let db = api::open_with_key(&target, key, &ctx("bench")).unwrap();
    let t = Instant::now();
    let report = api::import_accounts(&db, &ctx("bench"), &csv.display().to_string(), &bytes).unwrap();
    let took = t.elapsed();
    drop(db);
    println!("  {} rows, {} accounts in {:.1} s", report.rows, report.accounts_added, took.as_secs_f64());
    for ext in ["", "-wal", "-shm", ".keys"] {
        let _ = std::fs::remove_file(format!("{}{ext}", target.display()));
    }
    took
}

fn security(c: &mut Criterion) {
    let enc_path = encrypted_path();
    if std::env::var_os("BENCH_PREPARE_ONLY").is_some() {
        return; // the encrypted copy is made; measure on a quiet machine later
    }
    let plain_path = plain_path();
    warm(&plain_path);
    warm(&enc_path);
    let plain = api::open(&plain_path, &ctx("bench")).unwrap();
    let enc = api::open_with_key(&enc_path, Some(&bench_key()), &ctx("bench")).unwrap();

    let people = samples(&plain, &ctx("bench"), 300);
    println!("PLAIN");
    let p = search_latency(&plain, &people);
    let pp = person_latency(&plain, &ctx("bench"), &people);
    println!("ENCRYPTED");
    let e = search_latency(&enc, &people);
    let ep = person_latency(&enc, &ctx("bench"), &people);
    println!("search p95 ms, plain → encrypted (goal: encrypted under 5 ms):");
    for ((kind, _, p95, _), (_, _, e95, _)) in p.iter().zip(&e) {
        println!("  {kind:<28} {p95:>6.2} → {e95:>6.2}  ({:.2}x)", e95 / p95.max(0.001));
    }
    println!("person view p95 ms: {:.2} → {:.2}", pp.1, ep.1);

    // Sign-in to usable: the key slot (argon2id), opening the file, the first search.
    let mut times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let input = api::SignInInput { username: "bench.officer".into(), password: PASSWORD.into() };
        let (db, _) = api::sign_in(&enc_path, input, ctx("bench").now, on()).unwrap();
        api::search(&db, SearchInput { query: people[0].surname.clone(), limit: Some(50) }).unwrap();
        times.push(t.elapsed());
    }
    let (p50, p95, max) = percentiles(times);
    println!(
        "sign-in to usable (encrypted, 10 times): p50 {p50:.0} ms, p95 {p95:.0} ms, max {max:.0} ms (goal < 1000)"
    );
    let mut times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let db = api::open(&plain_path, &ctx("bench")).unwrap();
        api::search(&db, SearchInput { query: people[0].surname.clone(), limit: Some(50) }).unwrap();
        times.push(t.elapsed());
    }
    let (p50, _, max) = percentiles(times);
    println!("open to usable (plain, no sign-in, 10 times): p50 {p50:.0} ms, max {max:.0} ms");

    if std::env::var_os("BENCH_SKIP_COMMIT").is_none() {
        println!("commit of a 20,000 reminder run without letters (then reversed), 3 each:");
        let plain_t: Vec<Duration> = (0..3).map(|_| commit_20000(&plain)).collect();
        let enc_t: Vec<Duration> = (0..3).map(|_| commit_20000(&enc)).collect();
        let mean = |v: &[Duration]| v.iter().map(Duration::as_secs_f64).sum::<f64>() / v.len() as f64;
        println!(
            "  mean plain {:.2} s, encrypted {:.2} s ({:.2}x; goal within 2x)",
            mean(&plain_t),
            mean(&enc_t),
            mean(&enc_t) / mean(&plain_t)
        );
    }
    let csv = bench_dir().join(format!("export-{}.csv", accounts()));
    if csv.exists() && std::env::var_os("BENCH_SKIP_IMPORT").is_none() {
        println!("import of {} into an empty database:", csv.display());
        let p = import(&csv, None);
        let e = import(&csv, Some(&bench_key()));
        println!(
            "  plain {:.1} s, encrypted {:.1} s ({:.2}x; goal within 2x)",
            p.as_secs_f64(),
            e.as_secs_f64(),
            e.as_secs_f64() / p.as_secs_f64()
        );
    }

    let mut g = c.benchmark_group("security");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("sign_in_to_usable_encrypted", |b| {
        b.iter(|| {
            let input = api::SignInInput { username: "bench.officer".into(), password: PASSWORD.into() };
            let (db, _) = api::sign_in(&enc_path, input, ctx("bench").now, on()).unwrap();
            api::search(&db, SearchInput { query: people[0].surname.clone(), limit: Some(50) }).unwrap()
        })
    });
    g.bench_function("search_surname_plain", |b| {
        b.iter(|| api::search(&plain, SearchInput { query: people[1].surname.clone(), limit: Some(50) }).unwrap())
    });
    g.bench_function("search_surname_encrypted", |b| {
        b.iter(|| api::search(&enc, SearchInput { query: people[1].surname.clone(), limit: Some(50) }).unwrap())
    });
    g.finish();
}

criterion_group!(benches, security);
criterion_main!(benches);
