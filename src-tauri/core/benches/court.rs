//! Court benchmarks (issue 8): the court list of a hearing with 5,000 complaints as an A4 landscape PDF (goal
//! under 10 s), its CSV and the morning refresh of the 5,000; and a court bundle of about 200 pages (goal under
//! 5 s): 80 stored two-page letters, a 25-page exhibit and the generated sections, indexed, stamped and joined.
//!
//! The databases are built in a temporary folder on each run: 5,000 council tax accounts, each with a person,
//! an address, a liability billed £1,500.00 with £150.00 paid, £66.00 summons costs and a complaint listed at one
//! hearing (written straight through `db`, as a committed summons run leaves them); and one account with a
//! liability order, 80 issued letters and the exhibit.
//!
//! Run: `cargo bench -p recovery-core --bench court`
//!
//! Measured on this machine (2 cores shared with other builds; release): see the figures in the closing report
//! of issue 8 and in `docs/court/README.md`.

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use recovery_core::api::{self, CourtListInput, HearingIdInput, HearingInput, LetterInput, PrepareBundleInput};
use recovery_core::db::accounts::{self, NewAccount, NewEntry};
use recovery_core::db::court::{self as store, NewComplaint};
use recovery_core::db::parties::{self, Party};
use recovery_core::letters::merge::{Hearing, LetterFacts};
use recovery_core::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, Role, Stage};
use recovery_core::{Ctx, Db, Money};
use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    static TICK: Cell<i64> = const { Cell::new(0) };
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ctx(user: &str, on: &str) -> Ctx {
    let t = TICK.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let day = d(on);
    Ctx::new(user, Utc.from_utc_datetime(&day.and_hms_opt(8, 0, 0).unwrap()) + chrono::Duration::seconds(t), day)
}

const SURNAMES: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson",
    "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
];

/// One account with its liable person, a billed liability with a payment, and the summons costs.
fn case(tx: &recovery_core::db::Tx, c: &Ctx, i: usize) -> (String, String) {
    let surname = SURNAMES[i % SURNAMES.len()];
    let home = parties::insert_address(
        tx,
        c,
        None,
        &[format!("{} {} Street", i % 300 + 1, ["Church", "Mill", "Station", "Park"][i % 4]), "Ashdown".into()],
        &format!("AD{} {}BC", i % 9 + 1, i % 10),
    )
    .unwrap();
    let party = parties::insert_party(
        tx,
        c,
        &Party {
            kind: Some(PartyKind::Person),
            title: "Mx".into(),
            forenames: format!("Sam{}", i % 97),
            surname: surname.into(),
            address_id: Some(home.clone()),
            ..Party::default()
        },
    )
    .unwrap();
    let reference = format!("CT{:08}", i + 1);
    let account = accounts::insert_account(
        tx,
        c,
        &NewAccount {
            reference: &reference,
            debt_type: DebtType::CouncilTax,
            jurisdiction: Jurisdiction::England,
            property_address_id: Some(&home),
            status: "open",
            opened_on: "2019-04-01",
            closed_on: None,
        },
    )
    .unwrap();
    accounts::insert_account_party(tx, c, &account, &party, Role::Liable, None).unwrap();
    let liability = accounts::insert_liability(tx, c, &account, 2026, "2026-04-01", "2027-03-31", "Band B").unwrap();
    for (kind, pence, on) in [
        (LedgerKind::Charge, 150_000, "2026-03-10"),
        (LedgerKind::Payment, -15_000, "2026-04-01"),
        (LedgerKind::Cost, 6_600, "2026-05-27"),
    ] {
        accounts::insert_entry(
            tx,
            c,
            &NewEntry {
                account_id: &account,
                liability_id: Some(&liability),
                kind: Some(kind),
                amount: Money::from_pence(pence),
                posted_on: on,
                effective_on: on,
                ..NewEntry::default()
            },
        )
        .unwrap();
    }
    (account, liability)
}

fn list_db(dir: &std::path::Path, n: usize) -> (Db, String) {
    let db = api::open(dir.join("court-list.db"), &ctx("bench", "2026-05-20")).unwrap();
    let hearing = api::create_hearing(
        &db,
        &ctx("bench", "2026-05-20"),
        HearingInput {
            court_name: "Ashdown Magistrates' Court".into(),
            court_address: "Court House, Castle Street, Ashdown AD1 3CC".into(),
            jurisdiction: None,
            debt_type: None,
            hearing_on: "2026-06-16".into(),
            hearing_time: "10:00".into(),
            authorised_officer: "Alex Officer".into(),
            methodology_id: None,
            summons_costs: Some("66.00".into()),
            liability_order_costs: Some("44.00".into()),
        },
    )
    .unwrap()
    .hearing
    .id;
    let c = ctx("bench", "2026-05-27");
    let t = Instant::now();
    db.write(|tx| {
        for i in 0..n {
            let (account, liability) = case(tx, &c, i);
            store::insert_complaint(
                tx,
                &c,
                &NewComplaint {
                    hearing_id: &hearing,
                    run_id: None,
                    run_item_id: None,
                    account_id: &account,
                    liability_id: &liability,
                    complaint_on: d("2026-05-27"),
                    posted_on: d("2026-05-27"),
                    service_method: "first_class_post",
                    deemed_served_on: d("2026-05-29"),
                    oldest_due_on: Some(d("2026-05-01")),
                    debt: Money::from_pence(135_000),
                    summons_costs: Money::from_pence(6_600),
                    summons_cost_entry_id: None,
                    stage_id: None,
                    document_ids: &[],
                },
            )?;
            accounts::insert_stage(tx, &c, &account, Some(&liability), Stage::Summons, "2026-05-27", "summons")?;
        }
        Ok(())
    })
    .unwrap();
    println!("built {n} complaints in {:.1} s", t.elapsed().as_secs_f64());
    (db, hearing)
}

fn exhibit(pages: usize) -> Vec<u8> {
    use recovery_core::letters::layout::{layout_document, Document};
    let body = (1..=pages)
        .map(|p| format!("# Exhibit page {p}\n\n{}\n", "Evidence of the enforcement agent's visits. ".repeat(30)))
        .collect::<Vec<_>>()
        .join("@pagebreak\n");
    let laid = layout_document(&Document {
        header: "Enforcement agent's report".into(),
        reference: "EA".into(),
        footer: "Exhibit".into(),
        body: recovery_core::letters::markup::parse(&body).unwrap(),
    });
    recovery_core::letters::pdf::write(
        &laid,
        &recovery_core::letters::pdf::PdfMeta { title: "Exhibit", author: "", subject: "", date: d("2026-06-20") },
        None,
    )
    .unwrap()
}

fn bundle_db(dir: &std::path::Path, letters: usize) -> (Db, String) {
    let db = api::open(dir.join("bundle.db"), &ctx("bench", "2026-05-20")).unwrap();
    let c = ctx("bench", "2026-05-27");
    let (account, liability) = db.write(|tx| Ok(case(tx, &c, 0))).unwrap();
    let reference: String = db.read(|tx| Ok(accounts::by_id(tx, &account)?.unwrap().reference)).unwrap();
    let c = ctx("bench", "2026-06-16");
    db.write(|tx| {
        accounts::insert_stage(tx, &c, &account, Some(&liability), Stage::LiabilityOrder, "2026-06-16", "LO")
    })
    .unwrap();
    let t = Instant::now();
    for _ in 0..letters {
        api::issue_letter(
            &db,
            &ctx("bench", "2026-05-27"),
            LetterInput {
                template_name: "ct_summons_cover".into(),
                account_id: account.clone(),
                party_id: None,
                facts: LetterFacts {
                    amount_due: Some(Money::from_pence(135_000)),
                    costs: Some(Money::from_pence(6_600)),
                    total: Some(Money::from_pence(141_600)),
                    hearing: Some(Hearing {
                        court: "Ashdown Magistrates' Court".into(),
                        address: "Court House, Castle Street, Ashdown AD1 3CC".into(),
                        date: d("2026-06-16"),
                        time: "10:00".into(),
                    }),
                    ..LetterFacts::default()
                },
                duplex: false,
            },
        )
        .unwrap();
    }
    println!("issued {letters} letters in {:.1} s", t.elapsed().as_secs_f64());
    let c = ctx("officer", "2026-06-20");
    let draft = api::prepare_court_bundle(
        &db,
        &c,
        PrepareBundleInput {
            account_reference: reference,
            kind: "committal".into(),
            hearing_id: None,
            court: Some("Ashdown Magistrates' Court".into()),
            officer_name: "Alex Officer".into(),
            officer_title: None,
            sections: None,
        },
    )
    .unwrap();
    api::add_bundle_exhibit_file(&db, &c, &draft.bundle.id, "Enforcement agent's report", "ea.pdf", &exhibit(25))
        .unwrap();
    (db, draft.bundle.id)
}

fn court(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let n: usize = std::env::var("COURT_BENCH_COMPLAINTS").ok().and_then(|s| s.parse().ok()).unwrap_or(5_000);
    let (db, hearing) = list_db(dir.path(), n);
    let input = || CourtListInput { hearing_id: hearing.clone(), order: None, kind: None };
    let t = Instant::now();
    let pdf = api::court_list_pdf(&db, &ctx("officer", "2026-06-16"), input()).unwrap();
    let pages = lopdf::Document::load_mem(&pdf).unwrap().get_pages().len();
    println!("court list of {n}: {pages} pages, {} KB, first one {:.2} s", pdf.len() / 1024, t.elapsed().as_secs_f64());
    let mut g = c.benchmark_group("court");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function(format!("court list of {n} complaints, landscape PDF"), |b| {
        b.iter(|| api::court_list_pdf(&db, &ctx("officer", "2026-06-16"), input()).unwrap())
    });
    g.bench_function(format!("court list of {n} complaints, CSV"), |b| {
        b.iter(|| api::court_list_csv(&db, &ctx("officer", "2026-06-16"), input()).unwrap())
    });
    g.bench_function(format!("morning refresh of {n} complaints"), |b| {
        b.iter(|| {
            api::refresh_court_list(&db, &ctx("officer", "2026-06-16"), HearingIdInput { hearing_id: hearing.clone() })
                .unwrap()
        })
    });
    let letters: usize = std::env::var("COURT_BENCH_LETTERS").ok().and_then(|s| s.parse().ok()).unwrap_or(80);
    let (bdb, bundle) = bundle_db(dir.path(), letters);
    let built = api::court_bundle_pdf(&bdb, &ctx("officer", "2026-06-20"), &bundle).unwrap();
    println!("bundle: {} pages, {} KB", built.page_count, built.pdf.len() / 1024);
    g.bench_function(format!("court bundle of {} pages", built.page_count), |b| {
        b.iter(|| api::court_bundle_pdf(&bdb, &ctx("officer", "2026-06-20"), &bundle).unwrap())
    });
    g.finish();
}

criterion_group!(benches, court);
criterion_main!(benches);
