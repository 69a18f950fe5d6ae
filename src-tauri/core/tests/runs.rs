//! Batch runs through the database: a small caseload driven through a year (bills → missed instalments →
//! reminder run → some pay → second reminder → third default → final notice → summons selection) with each
//! run's selection asserted; authorisation and segregation of duties; safe to run twice; commit decides again;
//! reverse before dispatch; invoice and business rates runs; and a child process killed in the middle of a
//! commit leaves nothing half-done.

mod support;

use chrono::{TimeZone, Utc};
use recovery_core::api::{
    self, CancelRunInput, CommitRunInput, PreviewRunInput, RecordHoldInput, RecoveryRunInput, ReverseRunInput,
};
use recovery_core::db::accounts::{self, NewAccount, NewEntry};
use recovery_core::db::instalments::summary_mismatches;
use recovery_core::db::parties::{self, Party};
use recovery_core::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, Role, Stage};
use recovery_core::{Ctx, Db};
use std::io::{BufRead, Write};
use support::{d, m, Acct, World};

const CT: DebtType = DebtType::CouncilTax;
const ENG: Jurisdiction = Jurisdiction::England;

fn billed(w: &World, reference: &str, surname: &str) -> Acct {
    let a = w.account(reference, surname, CT, ENG);
    let l = w.liability(&a, 2026, None, "Band B");
    w.bill(&l, "1500.00", "2026-03-10", None);
    a
}

fn no_summary_drift(w: &World) {
    let bad = w.db.read(|tx| summary_mismatches(tx)).unwrap();
    assert!(bad.is_empty(), "local summary differs from the ledger: {bad:?}");
}

enum Event {
    Pay(usize, &'static str),
    Run(&'static str, &'static [&'static str]),
}

#[test]
fn a_caseload_through_a_year_gets_each_notice_the_law_allows_and_no_other() {
    let w = World::new();
    let names = ["Adams", "Brown", "Clark", "Davis", "Evans", "Fox", "Green", "Hill"];
    let acc: Vec<Acct> = names.iter().enumerate().map(|(i, n)| billed(&w, &format!("CT0000000{}", i + 1), n)).collect();
    let (adams, brown, clark, davis, evans, fox, green, hill) = (0, 1, 2, 3, 4, 5, 6, 7);
    w.joint(&acc[green], "Green-Hart");
    // Evans has a Breathing Space from 6 May; Fox agreed an arrangement on 5 May.
    api::record_hold(
        &w.db,
        &w.ctx("officer.one", "2026-05-05"),
        RecordHoldInput {
            party_id: Some(acc[evans].party.clone()),
            account_id: None,
            kind: "breathing_space".into(),
            registered_on: Some("2026-05-05".into()),
            starts_on: None,
            ends_on: None,
            review_on: None,
            notice_received_on: Some("2026-05-05".into()),
            reason: "Insolvency Service notification".into(),
            evidence: "BS ref 1".into(),
            adviser: "Citizens Advice".into(),
        },
    )
    .unwrap();
    let ctx = w.ctx("officer.one", "2026-05-05");
    w.db.write(|tx| {
        accounts::insert_stage(tx, &ctx, &acc[fox].account, None, Stage::Arrangement, "2026-05-05", "£50 a month")
    })
    .unwrap();

    let months = [
        "2026-04-01",
        "2026-05-01",
        "2026-06-01",
        "2026-07-01",
        "2026-08-01",
        "2026-09-01",
        "2026-10-01",
        "2026-11-01",
        "2026-12-01",
        "2027-01-01",
    ];
    let mut script: Vec<(String, Event)> = Vec::new();
    for m in months {
        script.push((m.into(), Event::Pay(adams, "150.00")));
    }
    for i in [brown, clark, davis, evans, fox, green, hill] {
        script.push(("2026-04-01".into(), Event::Pay(i, "150.00")));
    }
    script.push(("2026-05-01".into(), Event::Pay(hill, "149.00")));
    // Brown: the T10 path. Davis and Green pay after the reminder. Clark never pays again.
    script.push(("2026-05-15".into(), Event::Pay(brown, "150.00")));
    script.push(("2026-05-14".into(), Event::Pay(davis, "150.00")));
    script.push(("2026-05-16".into(), Event::Pay(green, "150.00")));
    for m in &months[2..] {
        script.push((m.to_string(), Event::Pay(davis, "150.00")));
    }
    for m in ["2026-06-01", "2026-07-01"] {
        script.push((m.into(), Event::Pay(green, "150.00")));
    }
    script.push(("2026-08-12".into(), Event::Pay(green, "150.00")));
    for m in &months[5..] {
        script.push((m.to_string(), Event::Pay(green, "150.00")));
    }
    script.push(("2026-06-01".into(), Event::Pay(brown, "150.00")));
    script.push(("2026-07-17".into(), Event::Pay(brown, "150.00")));
    script.push(("2026-08-01".into(), Event::Pay(brown, "150.00")));
    script.push(("2026-09-01".into(), Event::Pay(brown, "150.00")));
    // The runs, each after the day's payments, with the accounts each must select.
    script
        .push(("2026-05-12".into(), Event::Run("reminder", &["CT00000002", "CT00000003", "CT00000004", "CT00000007"])));
    script.push(("2026-05-27".into(), Event::Run("summons", &["CT00000003"])));
    script.push(("2026-07-13".into(), Event::Run("second_reminder", &["CT00000002"])));
    script.push(("2026-08-10".into(), Event::Run("second_reminder", &["CT00000007"])));
    script.push(("2026-10-05".into(), Event::Run("final_notice", &["CT00000002"])));
    script.push(("2026-10-12".into(), Event::Run("summons", &["CT00000002"])));
    script.sort_by_key(|(on, e)| (on.clone(), matches!(e, Event::Run(..))));

    let mut runs = Vec::new();
    for (on, event) in &script {
        match event {
            Event::Pay(i, amount) => w.pay(&acc[*i], 2026, amount, on),
            Event::Run(kind, want) => {
                let (preview, outcome) = w.run(kind, "council_tax", on);
                assert_eq!(w.selected(&preview.run.id), *want, "{kind} run on {on}");
                assert_eq!(outcome.committed, want.len(), "{kind} run on {on}");
                // Safe to run twice: a second preview the same day selects nothing new.
                let again = w.preview(kind, "council_tax", on);
                assert!(w.selected(&again.run.id).is_empty(), "{kind} run on {on} selected twice");
                runs.push((kind, on.clone(), preview, outcome));
            }
        }
    }
    // The first reminder run: Evans held, Fox in an arrangement, Hill's £1 below the minimum; one letter each,
    // two for the Greens (jointly liable).
    let (_, _, first, outcome) = &runs[0];
    let out = w.excluded(&first.run.id);
    assert_eq!(
        out,
        vec![
            ("CT00000005".to_string(), "hold".to_string()),
            ("CT00000006".to_string(), "arrangement".to_string()),
            ("CT00000008".to_string(), "minimum_amount".to_string())
        ]
    );
    assert_eq!(outcome.letters, 5);
    let hold_reason = w.items(&first.run.id).into_iter().find(|i| i.account_reference == "CT00000005").unwrap().reason;
    assert!(hold_reason.contains("Breathing Space moratorium from 2026-05-06 until 2026-07-04"), "{hold_reason}");
    // Costs only where the law allows: the two summonses (£60 each), nothing for reminders or final notices.
    assert_eq!(w.count("SELECT sum(amount_pence) FROM ledger_entries WHERE kind = 'cost'"), 12_000);
    // The stage history has each notice once, and the audit log a row per committed item.
    let stages = |s: &str| w.count(&format!("SELECT count(*) FROM recovery_stages WHERE stage = '{s}'"));
    assert_eq!(
        (stages("reminder"), stages("second_reminder"), stages("final_notice"), stages("summons")),
        (4, 2, 1, 2)
    );
    assert_eq!(w.count("SELECT count(*) FROM audit_log WHERE action = 'commit_run' AND entity = 'recovery_stages'"), 9);
    no_summary_drift(&w);
}

#[test]
fn the_preparer_cannot_authorise_and_a_run_commits_once() {
    let w = World::new();
    let a = billed(&w, "CT00000011", "Irwin");
    w.pay(&a, 2026, "150.00", "2026-04-01");
    let p = w.preview("reminder", "council_tax", "2026-05-12");
    let run = RecoveryRunInput { run_id: p.run.id.clone() };
    let commit = || CommitRunInput { run_id: p.run.id.clone(), issue_letters: false };
    let early = api::commit_run(&w.db, &w.ctx("team.leader", "2026-05-12"), commit()).unwrap_err();
    assert_eq!(early.code(), "conflict");
    let own = api::authorise_run(&w.db, &w.ctx("officer.one", "2026-05-12"), run.clone()).unwrap_err();
    assert_eq!(own.code(), "rule_refused");
    assert!(own.to_string().contains("segregation of duties"), "{own}");
    // A known officer (not a team leader) cannot authorise either.
    w.user("officer.two", "officer");
    let officer = api::authorise_run(&w.db, &w.ctx("officer.two", "2026-05-12"), run.clone()).unwrap_err();
    assert_eq!(officer.code(), "rule_refused");
    let stale = api::authorise_run(&w.db, &w.ctx("team.leader", "2026-05-13"), run.clone()).unwrap_err();
    assert_eq!(stale.code(), "conflict", "a preview from yesterday is previewed again");
    let ok = api::authorise_run(&w.db, &w.ctx("team.leader", "2026-05-12"), run.clone()).unwrap();
    assert_eq!(ok.run.authorised_by.as_deref(), Some("team.leader"));
    let done = api::commit_run(&w.db, &w.ctx("team.leader", "2026-05-12"), commit()).unwrap();
    assert_eq!((done.committed, done.letters), (1, 0));
    let twice = api::commit_run(&w.db, &w.ctx("team.leader", "2026-05-12"), commit()).unwrap_err();
    assert_eq!(twice.code(), "conflict");
    assert_eq!(w.count("SELECT count(*) FROM recovery_stages WHERE stage = 'reminder'"), 1);
    // With segregation of duties off, the preparer may authorise.
    api::save_recovery_settings(
        &w.db,
        &w.ctx("admin", "2026-05-12"),
        api::RecoverySettings { segregation_of_duties: false, ..Default::default() },
    )
    .unwrap();
    let b = billed(&w, "CT00000012", "Jack");
    w.pay(&b, 2026, "150.00", "2026-04-01");
    let p2 = w.preview("reminder", "council_tax", "2026-05-12");
    api::authorise_run(&w.db, &w.ctx("officer.one", "2026-05-12"), RecoveryRunInput { run_id: p2.run.id.clone() })
        .unwrap();
}

#[test]
fn a_commit_decides_again_and_drops_a_case_paid_since_the_preview() {
    let w = World::new();
    let a = billed(&w, "CT00000021", "Kerr");
    let b = billed(&w, "CT00000022", "Lamb");
    for x in [&a, &b] {
        w.pay(x, 2026, "150.00", "2026-04-01");
    }
    let p = w.preview("reminder", "council_tax", "2026-05-12");
    assert_eq!(w.selected(&p.run.id), vec!["CT00000021", "CT00000022"]);
    api::authorise_run(&w.db, &w.ctx("team.leader", "2026-05-12"), RecoveryRunInput { run_id: p.run.id.clone() })
        .unwrap();
    // A second run the same day does not take what the authorised one holds.
    let other = w.preview("reminder", "council_tax", "2026-05-12");
    assert_eq!(w.excluded(&other.run.id).iter().filter(|(_, e)| e == "in_another_run").count(), 2);
    api::cancel_run(
        &w.db,
        &w.ctx("officer.one", "2026-05-12"),
        CancelRunInput { run_id: other.run.id.clone(), reason: "duplicate".into() },
    )
    .unwrap();
    w.pay(&b, 2026, "150.00", "2026-05-12");
    let done = api::commit_run(
        &w.db,
        &w.ctx("team.leader", "2026-05-12"),
        CommitRunInput { run_id: p.run.id.clone(), issue_letters: true },
    )
    .unwrap();
    assert_eq!((done.committed, done.dropped, done.letters), (1, 1, 1));
    let dropped = w.items(&p.run.id).into_iter().find(|i| i.status == "dropped").unwrap();
    assert_eq!(dropped.account_reference, "CT00000022");
    assert!(dropped.commit_note.starts_with("no longer due at commit"), "{}", dropped.commit_note);
}

#[test]
fn a_hold_recorded_after_the_preview_stops_the_commit_adding_a_summons_or_costs() {
    let w = World::new();
    let a = billed(&w, "CT00000031", "Moss");
    w.pay(&a, 2026, "150.00", "2026-04-01");
    w.run("reminder", "council_tax", "2026-05-12");
    let p = w.preview("summons", "council_tax", "2026-05-27");
    assert_eq!(w.selected(&p.run.id), vec!["CT00000031"]);
    api::authorise_run(&w.db, &w.ctx("team.leader", "2026-05-27"), RecoveryRunInput { run_id: p.run.id.clone() })
        .unwrap();
    api::record_hold(
        &w.db,
        &w.ctx("officer.one", "2026-05-27"),
        RecordHoldInput {
            party_id: None,
            account_id: Some(a.account.clone()),
            kind: "complaint".into(),
            registered_on: None,
            starts_on: Some("2026-05-27".into()),
            ends_on: None,
            review_on: Some("2026-06-10".into()),
            notice_received_on: None,
            reason: "Stage 1 complaint".into(),
            evidence: String::new(),
            adviser: String::new(),
        },
    )
    .unwrap();
    let done = api::commit_run(
        &w.db,
        &w.ctx("team.leader", "2026-05-27"),
        CommitRunInput { run_id: p.run.id.clone(), issue_letters: true },
    )
    .unwrap();
    assert_eq!((done.committed, done.dropped), (0, 1));
    assert_eq!(done.costs, m("0.00"));
    assert_eq!(w.count("SELECT count(*) FROM ledger_entries WHERE kind = 'cost'"), 0);
    assert_eq!(w.count("SELECT count(*) FROM recovery_stages WHERE stage = 'summons'"), 0);
}

#[test]
fn a_run_reversed_before_dispatch_undoes_its_stages_and_costs_and_the_cases_come_back() {
    let w = World::new();
    let a = billed(&w, "CT00000041", "Nolan");
    w.pay(&a, 2026, "150.00", "2026-04-01");
    w.run("reminder", "council_tax", "2026-05-12");
    let (s, done) = w.run("summons", "council_tax", "2026-05-27");
    assert_eq!(done.costs, m("60.00"));
    let view = api::reverse_run(
        &w.db,
        &w.ctx("team.leader", "2026-05-28"),
        ReverseRunInput { run_id: s.run.id.clone(), reason: "wrong court date".into() },
    )
    .unwrap();
    assert_eq!(view.run.status, "reversed");
    assert_eq!(
        w.count("SELECT coalesce(sum(amount_pence), 0) FROM ledger_entries WHERE kind IN ('cost', 'reversal')"),
        0
    );
    assert_eq!(w.count("SELECT count(*) FROM recovery_stage_reversals"), 1);
    // The account is back at its reminder stage, and the summons is due again.
    let stage: String = w
        .db
        .read(|tx| Ok(accounts::current_stage(tx, &a.account)?.map(|s| s.0.as_str().to_string()).unwrap_or_default()))
        .unwrap();
    assert_eq!(stage, "reminder");
    let t = w.timetable(&a, "2026-05-28");
    assert_eq!(
        t.liabilities[0].timeline.as_ref().unwrap().next.as_ref().unwrap().action,
        recovery_core::rules::timeline::Action::Summons
    );
    let (again, redo) = w.run("summons", "council_tax", "2026-05-29");
    assert_eq!(w.selected(&again.run.id), vec!["CT00000041"]);
    // Once dispatched, a run can no longer be reversed.
    api::mark_run_dispatched(
        &w.db,
        &w.ctx("team.leader", "2026-05-29"),
        RecoveryRunInput { run_id: again.run.id.clone() },
    )
    .unwrap();
    let late = api::reverse_run(
        &w.db,
        &w.ctx("team.leader", "2026-05-30"),
        ReverseRunInput { run_id: again.run.id.clone(), reason: "x".into() },
    )
    .unwrap_err();
    assert_eq!(late.code(), "conflict");
    assert_eq!(redo.costs, m("60.00"));
    no_summary_drift(&w);
}

#[test]
fn a_preview_is_filtered_limited_and_exported_with_a_reason_per_case() {
    let w = World::new();
    for (r, n) in [("CT00000051", "Oak"), ("CT00000052", "Pine"), ("CT00000053", "Rowan")] {
        let a = billed(&w, r, n);
        w.pay(&a, 2026, "150.00", "2026-04-01");
    }
    let p = api::preview_run(
        &w.db,
        &w.ctx("officer.one", "2026-05-12"),
        PreviewRunInput {
            run_type: "reminder".into(),
            debt_type: "council_tax".into(),
            account_references: None,
            limit: Some(2),
            minimum_amount: None,
        },
    )
    .unwrap();
    assert_eq!(w.selected(&p.run.id), vec!["CT00000051", "CT00000052"]);
    assert_eq!(w.excluded(&p.run.id), vec![("CT00000053".to_string(), "over_limit".to_string())]);
    assert_eq!((p.run.selected_count, p.run.excluded_count, p.run.selected_amount), (2, 1, m("300.00")));
    let csv = api::export_run_csv(&w.db, &p.run.id).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("account_reference,name,financial_year,in_run,exclusion"));
    assert!(lines[1].starts_with("CT00000051,Ms Sam Oak,2026/27,yes,,no,150.00,2026-05-08,"), "{}", lines[1]);
    assert!(lines[1].contains("SI 1992/613 reg 23(1)"));
    let only = api::preview_run(
        &w.db,
        &w.ctx("officer.one", "2026-05-12"),
        PreviewRunInput {
            run_type: "reminder".into(),
            debt_type: "council_tax".into(),
            account_references: Some(vec!["CT00000053".into()]),
            limit: None,
            minimum_amount: Some("200.00".into()),
        },
    )
    .unwrap();
    assert_eq!(w.excluded(&only.run.id), vec![("CT00000053".to_string(), "minimum_amount".to_string())]);
    let bad = api::preview_run(
        &w.db,
        &w.ctx("officer.one", "2026-05-12"),
        PreviewRunInput {
            run_type: "second_reminder".into(),
            debt_type: "sundry".into(),
            account_references: None,
            limit: None,
            minimum_amount: None,
        },
    )
    .unwrap_err();
    assert_eq!(bad.code(), "validation");
}

#[test]
fn invoice_debts_follow_the_council_intervals_with_their_letters() {
    let w = World::new();
    let a = w.account("SUN0000001", "Quay Cafe", DebtType::Sundry, ENG);
    let l = w.liability(&a, 2026, Some(("2026-06-01", "2026-06-30")), "Trade waste June (invoice INV1234567)");
    let s = w.bill(&l, "500.00", "2026-06-01", None);
    assert_eq!((s.scheme.as_str(), s.instalments[0].due_on), ("invoice", d("2026-07-01")), "30 days' terms");
    let early = w.preview("reminder", "sundry", "2026-07-14");
    assert_eq!(w.excluded(&early.run.id), vec![("SUN0000001".to_string(), "not_yet".to_string())]);
    let (r, done) = w.run("reminder", "sundry", "2026-07-15");
    assert_eq!(w.selected(&r.run.id), vec!["SUN0000001"]);
    assert_eq!(done.letters, 1);
    let (f, done) = w.run("final_notice", "sundry", "2026-07-29");
    assert_eq!(w.selected(&f.run.id), vec!["SUN0000001"]);
    assert_eq!(done.letters, 1);
    let content: String =
        w.db.read(|tx| {
            Ok(tx.query_row("SELECT content FROM documents WHERE template_name = 'sundry_invoice_final'", [], |r| {
                r.get(0)
            })?)
        })
        .unwrap();
    assert!(content.contains("\"number\":\"INV1234567\""), "invoice number from the description");
    assert!(content.contains("\"pay_by\":\"2026-08-28\""), "30 days for the letter of claim");
    // HB overpayment: invoice, reminder 14 days after 21 days' terms.
    let h = w.account("HB00000001", "Stone", DebtType::HbOverpayment, ENG);
    let hl = w.liability(&h, 2025, Some(("2025-05-01", "2025-09-30")), "Overpayment (HB9350732)");
    w.bill(&hl, "800.00", "2026-06-01", None);
    let (r, done) = w.run("reminder", "hb_overpayment", "2026-07-06");
    assert_eq!(w.selected(&r.run.id), vec!["HB00000001"]);
    assert_eq!(done.letters, 1);
}

#[test]
fn business_rates_get_one_further_notice_a_year_without_a_letter_template() {
    let w = World::new();
    let a = w.account("NNDR0000001", "Kestrel Motors", DebtType::BusinessRates, ENG);
    let l = w.liability(&a, 2026, None, "RV £40,000");
    w.bill(&l, "12345.67", "2026-03-10", None);
    w.pay(&a, 2026, "1230.67", "2026-04-01");
    let (r, done) = w.run("reminder", "business_rates", "2026-05-12");
    assert_eq!(w.selected(&r.run.id), vec!["NNDR0000001"]);
    assert_eq!(w.items(&r.run.id)[0].regulation, "SI 1989/1058 reg 8(1)");
    assert_eq!((done.committed, done.letters), (1, 0));
    // Not paid in the 7 days: the balance is payable and a summons may follow without a reg 11 reminder.
    let (s, done) = w.run("summons", "business_rates", "2026-05-27");
    assert_eq!(w.selected(&s.run.id), vec!["NNDR0000001"]);
    assert_eq!(done.costs, m("0.00"), "no business rates summons costs in the rule table");
}

#[test]
fn the_summary_check_catches_a_drifted_row() {
    let w = World::new();
    let a = billed(&w, "CT00000061", "Tate");
    w.pay(&a, 2026, "150.00", "2026-04-01");
    no_summary_drift(&w);
    w.db.write(|tx| Ok(tx.execute("UPDATE local_liability_balances SET credited_pence = credited_pence - 1", [])?))
        .unwrap();
    let bad = w.db.read(|tx| summary_mismatches(tx)).unwrap();
    assert!(!bad.is_empty());
}

// ------------------------------------------------------------------------------------------- killed mid-commit

const CHILD_DB: &str = "RUNS_KILL_CHILD_DB";
const CHILD_RUN: &str = "RUNS_KILL_CHILD_RUN";

fn ctx_on(user: &str, on: &str, second: u32) -> Ctx {
    let day = d(on);
    Ctx::new(user, Utc.from_utc_datetime(&day.and_hms_opt(10, 0, second).unwrap()), day)
}

/// `n` council tax accounts billed £1,500 for 2026/27 that paid April only, written in one transaction.
fn caseload(db: &Db, n: usize) {
    let ctx = ctx_on("setup", "2026-03-10", 0);
    db.write(|tx| {
        for i in 0..n {
            let home =
                parties::insert_address(tx, &ctx, None, &[format!("{i} Mill Lane"), "Ashdown".into()], "AD1 1AA")?;
            let p = parties::insert_party(
                tx,
                &ctx,
                &Party {
                    kind: Some(PartyKind::Person),
                    forenames: "Pat".into(),
                    surname: format!("Person{i:05}"),
                    address_id: Some(home.clone()),
                    ..Party::default()
                },
            )?;
            let reference = format!("CT9{i:07}");
            let a = accounts::insert_account(
                tx,
                &ctx,
                &NewAccount {
                    reference: &reference,
                    debt_type: CT,
                    jurisdiction: ENG,
                    property_address_id: Some(&home),
                    status: "open",
                    opened_on: "2020-04-01",
                    closed_on: None,
                },
            )?;
            accounts::insert_account_party(tx, &ctx, &a, &p, Role::Liable, None)?;
            let l = accounts::insert_liability(tx, &ctx, &a, 2026, "2026-04-01", "2027-03-31", "Band B")?;
            for (kind, amount, on) in
                [(LedgerKind::Charge, "1500.00", "2026-03-10"), (LedgerKind::Payment, "-150.00", "2026-04-01")]
            {
                accounts::insert_entry(
                    tx,
                    &ctx,
                    &NewEntry {
                        account_id: &a,
                        liability_id: Some(&l),
                        kind: Some(kind),
                        amount: m(amount),
                        posted_on: on,
                        effective_on: on,
                        ..NewEntry::default()
                    },
                )?;
            }
            accounts::insert_stage(tx, &ctx, &a, Some(&l), Stage::Billed, "2026-03-10", "Annual bill")?;
        }
        Ok(())
    })
    .unwrap();
    let s = api::schedule_missing_instalments(db, &ctx, api::ScheduleMissingInput::default()).unwrap();
    assert_eq!((s.scheduled, s.instalments), (n, n * 10));
}

/// The child half of the kill test: commits the run named in the environment, printing its progress. Does
/// nothing when run as an ordinary test.
#[test]
fn kill_child_commits_a_run() {
    let (Ok(path), Ok(run)) = (std::env::var(CHILD_DB), std::env::var(CHILD_RUN)) else { return };
    let db = Db::open(&path).unwrap();
    let outcome = api::commit_run_with_progress(
        &db,
        &ctx_on("team.leader", "2026-05-12", 30),
        CommitRunInput { run_id: run, issue_letters: true },
        &mut |p| {
            let mut out = std::io::stdout().lock();
            writeln!(out, "PROGRESS {} {}", p.done, p.total).unwrap();
            out.flush().unwrap();
        },
    )
    .unwrap();
    println!("COMMITTED {}", outcome.committed);
}

#[test]
fn a_commit_killed_half_way_leaves_nothing_half_done() {
    const N: usize = 160;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kill.db");
    let db = api::open(&path, &ctx_on("setup", "2026-03-10", 0)).unwrap();
    caseload(&db, N);
    let preview = api::preview_run(
        &db,
        &ctx_on("officer.one", "2026-05-12", 10),
        PreviewRunInput {
            run_type: "reminder".into(),
            debt_type: "council_tax".into(),
            account_references: None,
            limit: None,
            minimum_amount: None,
        },
    )
    .unwrap();
    assert_eq!(preview.run.selected_count as usize, N);
    api::authorise_run(
        &db,
        &ctx_on("team.leader", "2026-05-12", 20),
        RecoveryRunInput { run_id: preview.run.id.clone() },
    )
    .unwrap();
    let counts = |db: &Db| -> Vec<i64> {
        db.read(|tx| {
            let n = |sql: &str| -> recovery_core::Result<i64> { Ok(tx.query_row(sql, [], |r| r.get(0))?) };
            Ok(vec![
                n("SELECT count(*) FROM recovery_stages")?,
                n("SELECT count(*) FROM documents")?,
                n("SELECT count(*) FROM document_files")?,
                n("SELECT count(*) FROM audit_log")?,
                n("SELECT count(*) FROM ledger_entries")?,
                n("SELECT count(*) FROM recovery_run_items WHERE status <> 'previewed'")?,
                n("SELECT count(*) FROM tasks")?,
                n("SELECT count(*) FROM recovery_runs WHERE status = 'authorised'")?,
            ])
        })
        .unwrap()
    };
    let before = counts(&db);
    drop(db);

    // A child process (this test binary, running only the child test) commits with letters and is killed once
    // a third of the items are written inside its transaction.
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["kill_child_commits_a_run", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DB, &path)
        .env(CHILD_RUN, &preview.run.id)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = Vec::new();
    let mut killed_at = None;
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        seen.push(line.clone());
        if let Some(rest) = line.strip_prefix("PROGRESS ") {
            let done: usize = rest.split_whitespace().next().unwrap().parse().unwrap();
            if (N / 3..N).contains(&done) {
                child.kill().unwrap();
                killed_at = Some(done);
                break;
            }
        }
    }
    child.wait().unwrap();
    let killed_at = killed_at.unwrap_or_else(|| panic!("the child finished before it could be killed: {seen:?}"));
    assert!(!seen.iter().any(|l| l.starts_with("COMMITTED")), "{seen:?}");
    assert!(killed_at < N);

    // Nothing of the commit landed: no stage, letter, audit row, item change or status change.
    let db = api::open(&path, &ctx_on("setup", "2026-05-12", 40)).unwrap();
    assert_eq!(counts(&db), before, "killed after {killed_at} of {N} items");
    let run = api::run_view(&db, &preview.run.id).unwrap();
    assert_eq!((run.run.status.as_str(), run.run.committed_count), ("authorised", 0));
    assert!(db.read(|tx| summary_mismatches(tx)).unwrap().is_empty());
    // And the run can still be committed whole.
    let done = api::commit_run(
        &db,
        &ctx_on("team.leader", "2026-05-12", 50),
        CommitRunInput { run_id: preview.run.id.clone(), issue_letters: false },
    )
    .unwrap();
    assert_eq!(done.committed, N);
    assert_eq!(counts(&db)[0], before[0] + N as i64);
}
