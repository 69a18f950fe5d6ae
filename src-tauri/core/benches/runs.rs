//! Recovery run benchmarks on a 450,000-account database (issue 5): the preview of a council tax reminder run
//! (goal under 2 s) and the commit of 20,000 selections without letters (goal under 10 s).
//!
//! The database is a copy of the foundation bench's demo, `target/bench/demo-450000.db` (`RUNS_BENCH_SOURCE`
//! overrides; without one the demo generator builds `BENCH_ACCOUNTS` accounts), kept in `target/bench/`. The
//! first run opens the copy (migrations bring an older demo up to date: 0006 builds the local liability
//! summary from the ledger) and schedules whatever liability has no instalments yet with
//! `schedule_missing_instalments` (a demo made before the demo stored its bills' instalments has none; a new
//! one has them all): statutory 10-instalment schedules on the council's instalment day from each bill's
//! `billed` stage and charge, invoices at the policy's payment terms. Both are timed once and printed. Runs
//! are made on `RUNS_BENCH_ON` (default 2026-12-01, the demo's last day).
//!
//! Run: `cargo bench -p recovery-core --bench runs`
//!
//! Measured on this machine (2 cores, quiet; the 450k demo copy; OS page cache warm, SQLite's cache cold), the
//! final run: setup once: copy 7.0 s, migrate 15.7 s, schedule 701,836 liabilities (5,314,192 instalments)
//! 153 s. Reminder run preview (26,056 candidates, 20,679 selected): criterion mean 1.49 s (1.47–1.50 s), the
//! first one-shot 1.35 s. Commit of 20,000 without letters: mean 3.59 s (3.43–3.74 s); reversing it 3.9–4.9 s.
//! One-shot previews of the other runs (no goal set; their candidates are every year in arrears short of a
//! summons): second reminder 43,156 candidates 2.1 s; final notice and summons 99,618 candidates 4.1–4.3 s.
//! With other builds on the cores, earlier runs gave 1.64–1.85 s and 3.7–3.9 s.

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use recovery_core::api::{self, CommitRunInput, PreviewRunInput, RecoveryRunInput, ReverseRunInput};
use recovery_core::{Ctx, Db};
use std::cell::Cell;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn on() -> NaiveDate {
    let s = std::env::var("RUNS_BENCH_ON").unwrap_or_else(|_| "2026-12-01".into());
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").expect("RUNS_BENCH_ON is YYYY-MM-DD")
}

thread_local! {
    static TICK: Cell<i64> = const { Cell::new(0) };
}

/// A user acting on the bench day, a second later each time (so "newest" never ties).
fn ctx(user: &str) -> Ctx {
    let t = TICK.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let day = on();
    Ctx::new(user, Utc.from_utc_datetime(&day.and_hms_opt(8, 0, 0).unwrap()) + chrono::Duration::seconds(t), day)
}

fn bench_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn accounts() -> usize {
    std::env::var("BENCH_ACCOUNTS").ok().and_then(|s| s.parse().ok()).unwrap_or(450_000)
}

/// The bench database: the demo copied, migrated and scheduled on first use.
fn runs_db() -> Db {
    let n = accounts();
    let path = bench_dir().join(format!("runs-{n}.db"));
    if !path.exists() {
        let partial = bench_dir().join(format!("runs-{n}.partial.db"));
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", partial.display()));
        }
        let source = std::env::var("RUNS_BENCH_SOURCE")
            .unwrap_or_else(|_| bench_dir().join(format!("demo-{n}.db")).display().to_string());
        let t = Instant::now();
        if std::path::Path::new(&source).exists() {
            let status = std::process::Command::new("cp").args(["--reflink=auto", &source]).arg(&partial).status();
            if !status.map(|s| s.success()).unwrap_or(false) {
                std::fs::copy(&source, &partial).unwrap();
            }
            println!("copied {source} in {:.1} s", t.elapsed().as_secs_f64());
        } else {
            let db = api::open(&partial, &ctx("bench")).unwrap();
            api::generate_demo(&db, &ctx("bench"), api::DemoOptions { accounts: n, seed: 1 }).unwrap();
            println!("generated a {n}-account demo in {:.1} s", t.elapsed().as_secs_f64());
        }
        let t = Instant::now();
        let db = api::open(&partial, &ctx("bench")).unwrap();
        println!("opened and migrated (0006 builds the liability summary) in {:.1} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        let s = api::schedule_missing_instalments(&db, &ctx("bench"), api::ScheduleMissingInput::default()).unwrap();
        println!(
            "scheduled {} liabilities ({} instalments, {} skipped) in {:.1} s",
            s.scheduled,
            s.instalments,
            s.skipped,
            t.elapsed().as_secs_f64()
        );
        drop(db);
        for ext in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{ext}", partial.display()));
            if from.exists() {
                std::fs::rename(&from, format!("{}{ext}", path.display())).unwrap();
            }
        }
    }
    let db = api::open(&path, &ctx("bench")).unwrap();
    // The file is read once, as the OS holds a database used all day in its page cache.
    let t = Instant::now();
    std::io::copy(&mut std::fs::File::open(&path).unwrap(), &mut std::io::sink()).unwrap();
    println!("database {} read into the OS page cache in {:.1} s", path.display(), t.elapsed().as_secs_f64());
    db
}

fn preview(db: &Db, run_type: &str, limit: Option<u32>) -> api::RunView {
    api::preview_run(
        db,
        &ctx("officer.one"),
        PreviewRunInput {
            run_type: run_type.into(),
            debt_type: "council_tax".into(),
            account_references: None,
            limit,
            minimum_amount: None,
        },
    )
    .unwrap()
}

fn report(v: &api::RunView, took: Duration) {
    let counts: Vec<String> = v.counts.iter().map(|c| format!("{} {}", c.exclusion, c.count)).collect();
    println!(
        "{} preview: {} candidates, {} selected (£{}) in {:.2} s [{}]",
        v.run.run_type,
        v.run.selected_count + v.run.excluded_count,
        v.run.selected_count,
        v.run.selected_amount,
        took.as_secs_f64(),
        counts.join(", ")
    );
}

fn benches(c: &mut Criterion) {
    let db = runs_db();
    for run_type in ["reminder", "second_reminder", "final_notice", "summons"] {
        let t = Instant::now();
        let v = preview(&db, run_type, None);
        report(&v, t.elapsed());
    }
    let commit_type = std::env::var("RUNS_BENCH_COMMIT_TYPE").unwrap_or_else(|_| "reminder".into());

    let mut g = c.benchmark_group("runs");
    g.sample_size(10).warm_up_time(Duration::from_millis(1)).measurement_time(Duration::from_secs(20));
    g.bench_function("preview_reminder_run_council_tax", |b| b.iter(|| preview(&db, "reminder", None)));
    g.bench_function("commit_20000_without_letters", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let p = preview(&db, &commit_type, Some(20_000));
                api::authorise_run(&db, &ctx("team.leader"), RecoveryRunInput { run_id: p.run.id.clone() }).unwrap();
                let t = Instant::now();
                let done = api::commit_run(
                    &db,
                    &ctx("team.leader"),
                    CommitRunInput { run_id: p.run.id.clone(), issue_letters: false },
                )
                .unwrap();
                let took = t.elapsed();
                total += took;
                println!("committed {} (dropped {}) in {:.2} s", done.committed, done.dropped, took.as_secs_f64());
                // Put the caseload back for the next sample: the reversal is part of the product too.
                let t = Instant::now();
                api::reverse_run(
                    &db,
                    &ctx("team.leader"),
                    ReverseRunInput { run_id: p.run.id.clone(), reason: "benchmark".into() },
                )
                .unwrap();
                println!("reversed in {:.2} s", t.elapsed().as_secs_f64());
            }
            total
        })
    });
    g.finish();
}

criterion_group!(runs, benches);
criterion_main!(runs);
