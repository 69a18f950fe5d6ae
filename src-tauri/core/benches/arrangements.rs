//! Arrangement monitoring benchmark (issue 7): the daily monitoring of 30,000 live arrangements (goal under
//! 5 s), previewed, and the day's commit.
//!
//! The database is built once in `target/bench/arrangements-30000.db` (`ARRANGEMENTS_BENCH_COUNT` changes the
//! count): one person, council tax account and liability per arrangement, the arrangement saved through the
//! same `db::arrangements` writers the api uses (no letters), monthly schedules of 12 payments made with the
//! planner's rule, and the payments received so far on the ledger. The day monitored is Tuesday 1 December
//! 2026 and the caseload is shaped like a steady day: 0.5% missed the payment whose days of grace ended
//! yesterday (a default letter each), 0.2% were sent a default letter whose day passed yesterday unpaid (a
//! break each), 0.3% paid their last payment yesterday (a completion each), the rest paid every payment due.
//! Monitoring reads only the arrangements, their payments and their debts' ledger rows (through indexes), so
//! the rest of a large council's database does not enter the figure.
//!
//! Run: `cargo bench -p recovery-core --bench arrangements`
//!
//! Measured on this machine (2 cores shared with other engineers' builds: load average about 8), the final
//! run: building the 30,000 arrangements (and their 30,000 people, accounts and 189,000 ledger rows) 39 s, once.
//! The day's preview (every live arrangement decided; 150 default letters, 60 breaks, 90 completions found):
//! first one-shot 1.41 s, criterion mean 2.13 s (1.84–2.47 s). Its commit (the 300 decided again and acted on
//! in one transaction): without letters mean 0.38 s (0.33–0.44 s); with the 150 default letters composed,
//! rendered to PDF and stored, mean 1.08 s (0.92–1.24 s). Preview and commit together: about 3.2 s, under the
//! 5 s goal.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use recovery_core::api::{self, CommitMonitoringInput, MonitoringInput};
use recovery_core::db::accounts::{self, NewAccount, NewEntry};
use recovery_core::db::arrangements::{self as store, NewArrangement, NewDebt, NewEvent, NewSchedule};
use recovery_core::db::parties::{self, Party};
use recovery_core::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, PaymentMethod, Role, Stage};
use recovery_core::rules::arrangements::{plan, DebtOrder, OddPayment, PaymentFrequency, PlanDebt, PlanSize};
use recovery_core::{Ctx, Db, Money};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn on() -> NaiveDate {
    d("2026-12-01")
}

fn count() -> usize {
    std::env::var("ARRANGEMENTS_BENCH_COUNT").ok().and_then(|s| s.parse().ok()).unwrap_or(30_000)
}

thread_local! {
    static TICK: Cell<i64> = const { Cell::new(0) };
}

/// A user acting on `day`, a second later each time.
fn ctx_on(user: &str, day: NaiveDate) -> Ctx {
    let t = TICK.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    Ctx::new(user, Utc.from_utc_datetime(&day.and_hms_opt(8, 0, 0).unwrap()) + chrono::Duration::seconds(t), day)
}

fn bench_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What arrangement `i` does: (first payment, payments received, a default letter already sent).
enum Kind {
    /// Missed the payment due 23 November (its 7 days of grace ended 30 November): a default letter today.
    DefaultToday,
    /// Missed 9 November; the default letter of 17 November gave until 30 November: breaks today.
    BreaksToday,
    /// Twelve payments from 31 December 2025, the last on 30 November: completes today.
    CompletesToday,
    OnTrack,
}

fn kind(i: usize) -> Kind {
    match i % 1000 {
        0..=4 => Kind::DefaultToday,
        5..=6 => Kind::BreaksToday,
        7..=9 => Kind::CompletesToday,
        _ => Kind::OnTrack,
    }
}

fn build(path: &Path, n: usize) {
    let setup = ctx_on("bench", d("2025-12-01"));
    let db = api::open(path, &setup).unwrap();
    let t = Instant::now();
    db.write(|tx| {
        for i in 0..n {
            let k = kind(i);
            let start = match k {
                Kind::DefaultToday => d("2026-05-23"),
                Kind::BreaksToday => d("2026-05-09"),
                Kind::CompletesToday => d("2025-12-31"),
                Kind::OnTrack => NaiveDate::from_ymd_opt(2026, 3 + (i % 8) as u32, 1 + (i % 28) as u32).unwrap(),
            };
            let agreed = start - Days::new(5);
            let ctx = ctx_on("bench", agreed);
            let home = parties::insert_address(
                tx,
                &ctx,
                None,
                &[format!("{} Bench Road", i + 1), "Ashdown".into()],
                "AD1 2BC",
            )?;
            let party = parties::insert_party(
                tx,
                &ctx,
                &Party {
                    kind: Some(PartyKind::Person),
                    title: "Ms".into(),
                    forenames: "Sam".into(),
                    surname: format!("Bench{i}"),
                    address_id: Some(home.clone()),
                    ..Party::default()
                },
            )?;
            let reference = format!("BA{i:08}");
            let account = accounts::insert_account(
                tx,
                &ctx,
                &NewAccount {
                    reference: &reference,
                    debt_type: DebtType::CouncilTax,
                    jurisdiction: Jurisdiction::England,
                    property_address_id: Some(&home),
                    status: "open",
                    opened_on: "2019-04-01",
                    closed_on: None,
                },
            )?;
            accounts::insert_account_party(tx, &ctx, &account, &party, Role::Liable, None)?;
            let liability = accounts::insert_liability(tx, &ctx, &account, 2025, "2025-04-01", "2026-03-31", "Band B")?;
            let amount = Money::from_pence(5_000 + 100 * (i % 150) as i64);
            let charge = amount.times(12);
            accounts::insert_entry(
                tx,
                &ctx,
                &NewEntry {
                    account_id: &account,
                    liability_id: Some(&liability),
                    kind: Some(LedgerKind::Charge),
                    amount: charge,
                    posted_on: "2025-03-10",
                    effective_on: "2025-03-10",
                    ..NewEntry::default()
                },
            )?;
            let p = plan(
                &[PlanDebt { balance: charge, debt_type: DebtType::CouncilTax, financial_year: 2025 }],
                PaymentFrequency::Monthly,
                start,
                PlanSize::Amount(amount),
                DebtOrder::CurrentYearFirst,
                OddPayment::Last,
                2026,
            )
            .unwrap();
            let id = store::insert_arrangement(
                tx,
                &ctx,
                &NewArrangement {
                    party_id: &party,
                    frequency: PaymentFrequency::Monthly,
                    method: PaymentMethod::StandingOrder,
                    agreed_on: agreed,
                    agreed_how: "phone",
                    agreed_with: "the account holder",
                    debt_order: "current_year_first",
                    affordable: None,
                    income_expenditure_id: None,
                    checks: &[],
                    notes: "",
                },
            )?;
            store::insert_debt(
                tx,
                &ctx,
                &id,
                &party,
                &NewDebt {
                    account_id: &account,
                    liability_id: &liability,
                    position: 1,
                    balance: charge,
                    current_year: false,
                },
            )?;
            let schedule = store::insert_schedule(
                tx,
                &ctx,
                &NewSchedule {
                    arrangement_id: &id,
                    party_id: &party,
                    revision: 1,
                    frequency: PaymentFrequency::Monthly,
                    regular: p.regular,
                    payments: &p.payments,
                    payments_from: agreed,
                    received_before: Money::ZERO,
                    reason: "agreed",
                },
            )?;
            accounts::insert_stage(
                tx,
                &ctx,
                &account,
                Some(&liability),
                Stage::Arrangement,
                &agreed.to_string(),
                "bench",
            )?;
            let event = |kind: &str, on: NaiveDate, number: Option<u32>, pay_by: Option<NaiveDate>| NewEvent {
                arrangement_id: &id,
                party_id: &party,
                schedule_id: &schedule,
                kind: if kind == "agreed" { "agreed" } else { "default" },
                on,
                payment_number: number,
                amount: number.map(|_| amount),
                pay_by,
                document_id: None,
                task_id: None,
                monitoring_run_id: None,
                reason: "bench",
            };
            store::insert_event(tx, &ctx, &event("agreed", agreed, None, None))?;
            let missed = match k {
                Kind::DefaultToday => Some(d("2026-11-23")),
                Kind::BreaksToday => Some(d("2026-11-09")),
                _ => None,
            };
            if let Kind::BreaksToday = k {
                let number = p.payments.iter().find(|s| Some(s.due_on) == missed).unwrap().number;
                store::insert_event(tx, &ctx, &event("default", d("2026-11-17"), Some(number), Some(d("2026-11-30"))))?;
            }
            for s in p.payments.iter().filter(|s| s.due_on < on()) {
                if missed.is_some_and(|m| s.due_on >= m) {
                    continue;
                }
                let day = s.due_on.to_string();
                accounts::insert_entry(
                    tx,
                    &ctx,
                    &NewEntry {
                        account_id: &account,
                        liability_id: Some(&liability),
                        kind: Some(LedgerKind::Payment),
                        amount: -s.amount,
                        posted_on: &day,
                        effective_on: &day,
                        method: "standing_order",
                        reference: "SO",
                        ..NewEntry::default()
                    },
                )?;
            }
        }
        Ok(())
    })
    .unwrap();
    println!("built {n} arrangements in {:.1} s", t.elapsed().as_secs_f64());
}

/// The bench database, built on first use and kept.
fn pristine() -> PathBuf {
    let n = count();
    let path = bench_dir().join(format!("arrangements-{n}.db"));
    if !path.exists() {
        let partial = bench_dir().join(format!("arrangements-{n}.partial.db"));
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", partial.display()));
        }
        build(&partial, n);
        // Checkpoint into the main file, so a copy of it alone is the whole database.
        let db = Db::open(&partial).unwrap();
        db.read(|tx| Ok(tx.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?)).unwrap();
        drop(db);
        std::fs::rename(&partial, &path).unwrap();
        let _ = std::fs::remove_file(format!("{}-wal", partial.display()));
        let _ = std::fs::remove_file(format!("{}-shm", partial.display()));
    }
    path
}

/// A fresh copy of the pristine database to commit on.
fn working_copy(from: &Path) -> Db {
    let to = bench_dir().join("arrangements-work.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", to.display()));
    }
    std::fs::copy(from, &to).unwrap();
    api::open(&to, &ctx_on("bench", on())).unwrap()
}

fn preview(db: &Db) -> api::MonitoringRunView {
    api::preview_arrangement_monitoring(db, &ctx_on("officer.one", on()), MonitoringInput::default()).unwrap()
}

fn benches(c: &mut Criterion) {
    let path = pristine();
    let db = api::open(&path, &ctx_on("bench", on())).unwrap();
    let t = Instant::now();
    let v = preview(&db);
    let r = &v.run;
    println!(
        "preview of {}: {} live, {} on track, {} missed; {} default letters, {} breaks, {} completions in {:.2} s",
        r.run_on,
        r.live_count,
        r.on_track_count,
        r.missed_count,
        r.default_count,
        r.break_count,
        r.complete_count,
        t.elapsed().as_secs_f64()
    );
    assert_eq!(r.live_count as usize, count());

    let mut g = c.benchmark_group("arrangements");
    g.sample_size(10).warm_up_time(Duration::from_millis(1)).measurement_time(Duration::from_secs(20));
    g.bench_function("preview_monitoring_30000_live", |b| b.iter(|| preview(&db)));
    drop(db);
    for letters in [false, true] {
        let name = if letters { "commit_day_with_letters" } else { "commit_day_without_letters" };
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let db = working_copy(&path);
                    let p = preview(&db);
                    let t = Instant::now();
                    let done = api::commit_arrangement_monitoring(
                        &db,
                        &ctx_on("officer.one", on()),
                        CommitMonitoringInput { run_id: p.run.id.clone(), issue_letters: letters },
                    )
                    .unwrap();
                    let took = t.elapsed();
                    total += took;
                    println!(
                        "committed {} of {} items ({} letters) in {:.2} s",
                        done.run.committed_count,
                        p.items.len(),
                        done.applied.iter().filter(|a| a.document_id.is_some()).count(),
                        took.as_secs_f64()
                    );
                }
                total
            })
        });
    }
    g.finish();
}

criterion_group!(arrangements, benches);
criterion_main!(arrangements);
