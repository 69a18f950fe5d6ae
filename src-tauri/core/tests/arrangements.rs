//! Arrangements through the database: a person taken through plan → payments → a missed payment → the default
//! letter and task → the break → recovery resumes (the summons run selects the debt it skipped while the
//! arrangement was live); another through plan → completed; reinstatement with the history kept; refusals (a
//! hold, a live arrangement on the same debt); a save that cannot issue its letter writes nothing; monitoring
//! twice the same day does nothing new.

mod support;

use recovery_core::api::{
    self, ArrangementView, CancelArrangementInput, CommitMonitoringInput, DebtInput, LineInput,
    MonitorArrangementInput, MonitoringInput, MonitoringRunView, PlanArrangementInput, RecordHoldInput,
    ReinstateArrangementInput, SaveArrangementInput, SaveIncomeExpenditureInput, StatementInput,
};
use recovery_core::db::instalments::summary_mismatches;
use recovery_core::model::{DebtType, Jurisdiction, Stage};
use recovery_core::rules::arrangements::{ArrangementState, CheckCode, PaymentStatus, Severity};
use recovery_core::rules::income_expenditure::Frequency;
use support::{d, m, Acct, World};

const CT: DebtType = DebtType::CouncilTax;
const ENG: Jurisdiction = Jurisdiction::England;

/// A council tax account billed £1,500.00 for 2026/27 (10 × £150.00 from 1 April), the April instalment paid.
fn billed(w: &World, reference: &str, surname: &str) -> (Acct, String) {
    let a = w.account(reference, surname, CT, ENG);
    let l = w.liability(&a, 2026, None, "Band B");
    w.bill(&l, "1500.00", "2026-03-10", None);
    w.pay(&a, 2026, "150.00", "2026-04-01");
    (a, l)
}

fn plan_input(a: &Acct, liabilities: &[&str], frequency: &str, start: &str, amount: &str) -> PlanArrangementInput {
    PlanArrangementInput {
        party_id: a.party.clone(),
        liability_ids: liabilities.iter().map(|l| l.to_string()).collect(),
        frequency: frequency.into(),
        start_on: start.into(),
        amount: Some(amount.into()),
        end_on: None,
    }
}

fn save(w: &World, on: &str, plan: PlanArrangementInput) -> recovery_core::Result<ArrangementView> {
    api::save_arrangement(
        &w.db,
        &w.ctx("officer.one", on),
        SaveArrangementInput {
            plan,
            method: "standing_order".into(),
            agreed_how: "phone".into(),
            agreed_with: "Ms Sam Person (the account holder)".into(),
            notes: Some("Called after the reminder".into()),
            with_print_run: false,
        },
    )
}

fn preview(w: &World, on: &str) -> MonitoringRunView {
    api::preview_arrangement_monitoring(&w.db, &w.ctx("officer.one", on), MonitoringInput::default()).unwrap()
}

fn monitor(w: &World, on: &str) -> (MonitoringRunView, MonitoringRunView) {
    let p = preview(w, on);
    let c = api::commit_arrangement_monitoring(
        &w.db,
        &w.ctx("officer.one", on),
        CommitMonitoringInput { run_id: p.run.id.clone(), issue_letters: true },
    )
    .unwrap();
    (p, c)
}

/// The text of an issued letter, as composed (spans joined).
fn letter_text(w: &World, document_id: &str) -> String {
    let detail = api::issued_letter(&w.db, document_id).unwrap();
    let json = serde_json::to_value(&detail.composed).unwrap();
    let mut out = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::String(t)) = o.get("text") {
                    out.push(t.clone());
                }
                o.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&json, &mut out);
    out.join(" ")
}

fn stages(w: &World, liability: &str) -> Vec<String> {
    w.db.read(|tx| {
        let mut stmt =
            tx.prepare("SELECT stage FROM recovery_stages WHERE liability_id = ?1 ORDER BY entered_on, created_at")?;
        let rows = stmt.query_map([liability], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })
    .unwrap()
}

#[test]
fn a_missed_payment_brings_the_default_letter_then_the_break_and_recovery_resumes() {
    let w = World::new();
    let (a, l) = billed(&w, "CT00000101", "Adams");
    // May's instalment is missed: the reminder run of 12 May selects it, and nothing is paid in its 7 days.
    let (first, _) = w.run("reminder", "council_tax", "2026-05-12");
    assert_eq!(w.selected(&first.run.id), ["CT00000101"]);

    // 20 May: the officer plans £225.00 a month from 1 June over the £1,350.00 owed; the checks are shown first.
    let input = plan_input(&a, &[&l], "monthly", "2026-06-01", "225.00");
    let plan = api::plan_arrangement(&w.db, &w.ctx("officer.one", "2026-05-20"), input.clone()).unwrap();
    assert_eq!(plan.total, m("1350.00"));
    assert_eq!((plan.count, plan.amount, plan.last_payment.due_on), (6, m("225.00"), d("2026-11-01")));
    assert!(plan.can_save);
    let codes: Vec<(CheckCode, Severity)> = plan.checks.iter().map(|c| (c.code, c.severity)).collect();
    assert_eq!(codes, [(CheckCode::NoIncomeExpenditure, Severity::Info)], "cleared by November, no I&E");
    let saved = save(&w, "2026-05-20", input).unwrap();
    assert_eq!((saved.status.as_str(), saved.state), ("live", ArrangementState::OnTrack));
    assert!(saved.reference.starts_with("AR-"));
    assert_eq!(stages(&w, &l), ["billed", "reminder", "arrangement"]);
    // The confirmation letter lists every payment date and amount, the total, how and what it covers.
    let letter = letter_text(&w, saved.confirmation_document_id.as_deref().unwrap());
    for want in [
        "1 June 2026",
        "1 July 2026",
        "1 November 2026",
        "£225.00",
        "Total of 6 payments",
        "£1,350.00",
        "standing order",
        "Council Tax 2026/27 (CT00000101)",
    ] {
        assert!(letter.contains(want), "{want} not in: {letter}");
    }

    // 1 June paid; 1 July not. On 8 July it is late (within 7 days of grace); on 9 July it is missed.
    w.pay(&a, 2026, "225.00", "2026-06-01");
    let late = preview(&w, "2026-07-08");
    assert_eq!((late.run.live_count, late.run.on_track_count, late.items.len()), (1, 1, 0));
    let (p, c) = monitor(&w, "2026-07-09");
    assert_eq!((p.run.missed_count, p.run.default_count), (1, 1));
    assert_eq!(p.items[0].action, "default");
    assert_eq!((p.items[0].payment_number, p.items[0].amount), (Some(2), Some(m("225.00"))));
    assert_eq!(c.run.status, "committed");
    let applied = &c.applied[0];
    let default_letter = letter_text(&w, applied.document_id.as_deref().unwrap());
    for want in ["£225.00", "1 July 2026", "23 July 2026", "£1,125.00"] {
        assert!(default_letter.contains(want), "{want} not in: {default_letter}");
    }
    let task = api::worklist(
        &w.db,
        &w.ctx("officer.one", "2026-07-09"),
        api::WorklistInput { everyone: true, ..Default::default() },
    )
    .unwrap()
    .tasks
    .into_iter()
    .find(|t| t.kind == "arrangement_default")
    .expect("a worklist task");
    assert_eq!(task.title, format!("Arrangement {}: payment 2 missed", saved.reference));
    assert_eq!(w.count("SELECT count(*) FROM letters_to_print"), 1, "the default letter waits for the print run");
    // Safe to run twice the same day: nothing new.
    let (again, again_c) = monitor(&w, "2026-07-09");
    assert!(again.items.is_empty() && again_c.applied.is_empty());
    assert_eq!(w.count("SELECT count(*) FROM arrangement_events WHERE kind = 'default'"), 1);
    // The person screen: payment 1 paid, 2 missed, 3 onwards due.
    let view = api::arrangement(&w.db, &w.ctx("officer.one", "2026-07-09"), &saved.id).unwrap();
    let statuses: Vec<PaymentStatus> = view.payments.iter().map(|p| p.status).collect();
    assert_eq!(statuses[..3], [PaymentStatus::Paid, PaymentStatus::Missed, PaymentStatus::Due]);
    assert_eq!((view.state, view.behind), (ArrangementState::Missed, m("225.00")));

    // While live, the summons run leaves it out as in an arrangement.
    let held_back = w.preview("summons", "council_tax", "2026-07-20");
    assert_eq!(w.excluded(&held_back.run.id), [("CT00000101".to_string(), "arrangement".to_string())]);

    // Not made good by 23 July: on the 24th the arrangement breaks and recovery resumes where the debt was:
    // the reminder's 7 days passed long ago, so the balance is payable and the summons is next.
    let (p, c) = monitor(&w, "2026-07-24");
    assert_eq!((p.run.break_count, p.items[0].action.as_str()), (1, "break"));
    assert!(p.items[0].reason.contains("not made good by 23 July 2026"), "{}", p.items[0].reason);
    let resumed = &c.applied[0].resumed[0];
    assert_eq!(resumed.next_step, Some("summons"));
    assert_eq!(resumed.balance_payable_on, Some(d("2026-05-26")), "instalments lost under reg 23(3)");
    assert_eq!(stages(&w, &l), ["billed", "reminder", "arrangement", "arrangement_ended"]);
    let broken = api::arrangement(&w.db, &w.ctx("officer.one", "2026-07-24"), &saved.id).unwrap();
    assert_eq!(
        (broken.status.as_str(), broken.state, broken.ended_on),
        ("broken", ArrangementState::Broken, Some(d("2026-07-24")))
    );
    let kinds: Vec<&str> = broken.events.iter().map(|e| e.event.kind.as_str()).collect();
    assert_eq!(kinds, ["agreed", "default", "broken"]);
    // The default task is closed; a task says recovery resumes.
    let open: Vec<String> =
        w.db.read(|tx| {
            let mut s = tx.prepare("SELECT kind FROM tasks WHERE status = 'open' ORDER BY created_at")?;
            let rows = s.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    assert_eq!(open, ["arrangement_broken"]);
    let (summons, outcome) = w.run("summons", "council_tax", "2026-07-27");
    assert_eq!(w.selected(&summons.run.id), ["CT00000101"]);
    assert_eq!(outcome.committed, 1);
    // Monitoring no longer sees it.
    assert_eq!(preview(&w, "2026-07-28").run.live_count, 0);
    assert!(w.db.read(|tx| summary_mismatches(tx)).unwrap().is_empty());
}

#[test]
fn a_schedule_paid_in_full_completes_the_arrangement_and_the_debt_is_cleared() {
    let w = World::new();
    let a = w.account("CT00000201", "Brown", CT, ENG);
    let arrears = w.liability(&a, 2025, None, "Band C");
    w.bill(&arrears, "300.00", "2025-03-10", None);
    // Weekly £100.00 from Monday 4 May 2026 over the £300.00 of 2025/26 (nothing paid).
    let input = plan_input(&a, &[&arrears], "weekly", "2026-05-04", "100.00");
    let saved = save(&w, "2026-04-28", input).unwrap();
    let dates: Vec<_> = saved.payments.iter().map(|p| p.due_on).collect();
    assert_eq!(dates, [d("2026-05-04"), d("2026-05-11"), d("2026-05-18")]);
    for on in ["2026-05-04", "2026-05-11"] {
        w.pay(&a, 2025, "100.00", on);
    }
    let (p, _) = monitor(&w, "2026-05-12");
    assert!(p.items.is_empty(), "on track");
    w.pay(&a, 2025, "100.00", "2026-05-18");
    let (p, c) = monitor(&w, "2026-05-19");
    assert_eq!((p.run.complete_count, c.applied[0].action), (1, "complete"));
    let done = api::arrangement(&w.db, &w.ctx("officer.one", "2026-05-19"), &saved.id).unwrap();
    assert_eq!((done.status.as_str(), done.state, done.paid), ("completed", ArrangementState::Completed, m("300.00")));
    assert!(done.payments.iter().all(|p| p.status == PaymentStatus::Paid));
    assert_eq!(stages(&w, &arrears), ["billed", "arrangement", "cleared"]);
    assert_eq!(preview(&w, "2026-05-20").run.live_count, 0);
}

#[test]
fn a_hold_or_a_live_arrangement_on_a_debt_refuses_the_plan() {
    let w = World::new();
    let (a, l) = billed(&w, "CT00000301", "Clark");
    let input = plan_input(&a, &[&l], "monthly", "2026-06-01", "150.00");
    save(&w, "2026-05-20", input.clone()).unwrap();
    let again = api::plan_arrangement(&w.db, &w.ctx("officer.one", "2026-05-21"), input.clone()).unwrap();
    assert!(!again.can_save);
    assert_eq!(again.checks[0].code, CheckCode::LiveArrangement);
    let err = save(&w, "2026-05-21", input).unwrap_err();
    assert_eq!(err.code(), "rule_refused");
    assert!(err.to_string().contains("is already in live arrangement AR-"), "{err}");

    let (b, lb) = billed(&w, "CT00000302", "Davis");
    api::record_hold(
        &w.db,
        &w.ctx("officer.one", "2026-05-20"),
        RecordHoldInput {
            party_id: Some(b.party.clone()),
            account_id: None,
            kind: "breathing_space".into(),
            registered_on: Some("2026-05-19".into()),
            starts_on: None,
            ends_on: None,
            review_on: None,
            notice_received_on: Some("2026-05-19".into()),
            reason: "Insolvency Service notification".into(),
            evidence: "BS ref 2".into(),
            adviser: "StepChange".into(),
        },
    )
    .unwrap();
    let err = save(&w, "2026-05-21", plan_input(&b, &[&lb], "monthly", "2026-06-01", "150.00")).unwrap_err();
    assert_eq!(err.code(), "rule_refused");
    assert!(err.to_string().contains("Breathing Space"), "{err}");
    assert_eq!(w.count("SELECT count(*) FROM arrangements"), 1);
}

#[test]
fn over_the_affordable_amount_and_this_year_not_cleared_are_flagged_for_review_not_refused() {
    let w = World::new();
    let (a, l) = billed(&w, "CT00000401", "Evans");
    let arrears = w.liability(&a, 2025, None, "Band B");
    w.bill(&arrears, "1200.00", "2025-03-10", None);
    // A statement whose affordable offer for the council is £60.00 a month (T41's figures).
    let mut s = StatementInput::default();
    s.household.client_name = "Sam Evans".into();
    let line = |item: &str, amount: &str| LineInput {
        item: item.into(),
        amount: amount.into(),
        frequency: Frequency::Monthly,
        notes: String::new(),
    };
    s.lines = vec![line("client-salary-or-wages", "1650.00"), line("rent", "1480.00")];
    s.savings_contribution = "10.00".into();
    s.savings_contribution_considered = true;
    s.priority_debts = vec![DebtInput {
        creditor: "Ashdown District Council (council tax)".into(),
        amount_owed: "2550.00".into(),
        offer: "60.00".into(),
        council: true,
        ..DebtInput::default()
    }];
    api::save_income_expenditure(
        &w.db,
        &w.ctx("officer.one", "2026-06-10"),
        SaveIncomeExpenditureInput {
            party_id: a.party.clone(),
            taken_on: "2026-06-10".into(),
            statement: s,
            started_from_id: None,
        },
    )
    .unwrap();
    let plan = api::plan_arrangement(
        &w.db,
        &w.ctx("officer.one", "2026-06-15"),
        plan_input(&a, &[&arrears, &l], "monthly", "2026-07-01", "80.00"),
    )
    .unwrap();
    assert!(plan.can_save);
    assert_eq!(plan.affordable.as_ref().map(|a| a.monthly), Some(m("60.00")));
    let codes: Vec<CheckCode> = plan.checks.iter().map(|c| c.code).collect();
    assert_eq!(codes, [CheckCode::OverAffordable, CheckCode::CurrentYearNotCleared, CheckCode::LongerThanMaximum]);
    // This year first (the default order): £1,350.00 this year, 9 × £80.00 by 31 March 2027 leave £630.00.
    assert_eq!(plan.debts[0].debt.financial_year, 2026);
    assert!(plan.checks[1].reason.contains("leave £630.00 of 2026/27's charge unpaid"), "{}", plan.checks[1].reason);
    // Saved anyway: the checks the officer saw are kept with it.
    let saved = save(&w, "2026-06-15", plan_input(&a, &[&arrears, &l], "monthly", "2026-07-01", "80.00")).unwrap();
    assert_eq!(saved.checks.len(), 3);
    assert_eq!(saved.affordable, Some(m("60.00")));
}

#[test]
fn a_broken_arrangement_is_reinstated_with_a_new_schedule_and_its_history_kept() {
    let w = World::new();
    let (a, l) = billed(&w, "CT00000501", "Fox");
    let saved = save(&w, "2026-04-20", plan_input(&a, &[&l], "monthly", "2026-05-01", "150.00")).unwrap();
    assert_eq!(saved.total, m("1350.00"));
    // Nothing paid: default on 9 May, broken on 24 May (the default letter's day was 23 May).
    monitor(&w, "2026-05-09");
    let (_, c) = monitor(&w, "2026-05-24");
    assert_eq!(c.applied[0].action, "break");
    // A reminder is the next step for the year (no reminder was sent while it was in the arrangement).
    assert_eq!(c.applied[0].resumed[0].next_step, Some("reminder"));
    let back = api::reinstate_arrangement(
        &w.db,
        &w.ctx("officer.two", "2026-05-26"),
        ReinstateArrangementInput {
            arrangement_id: saved.id.clone(),
            reason: "Paid the missed £150.00 at the desk; agreed to carry on".into(),
            start_on: "2026-06-01".into(),
            frequency: None,
            amount: None,
            end_on: None,
            with_print_run: true,
        },
    )
    .unwrap();
    assert_eq!((back.status.as_str(), back.revision, back.total), ("live", 2, m("1350.00")));
    assert_eq!(back.payments.len(), 9);
    assert_eq!(back.payments[0].due_on, d("2026-06-01"));
    let kinds: Vec<&str> = back.events.iter().map(|e| e.event.kind.as_str()).collect();
    assert_eq!(kinds, ["agreed", "default", "broken", "reinstated"]);
    assert_eq!(back.schedules.len(), 2);
    assert_eq!(stages(&w, &l), ["billed", "arrangement", "arrangement_ended", "arrangement"]);
    // The old schedule's default does not count against the new one.
    assert!(preview(&w, "2026-05-27").items.is_empty());
    // Cancelled by an officer: recovery resumes; cancelling twice is a conflict.
    let cancelled = api::cancel_arrangement(
        &w.db,
        &w.ctx("officer.one", "2026-05-28"),
        CancelArrangementInput { arrangement_id: saved.id.clone(), reason: "Moving to a Direct Debit plan".into() },
    )
    .unwrap();
    assert_eq!((cancelled.status.as_str(), cancelled.state), ("cancelled", ArrangementState::Cancelled));
    let twice = api::cancel_arrangement(
        &w.db,
        &w.ctx("officer.one", "2026-05-28"),
        CancelArrangementInput { arrangement_id: saved.id.clone(), reason: "again".into() },
    )
    .unwrap_err();
    assert_eq!(twice.code(), "conflict");
    let list = api::person_arrangements(&w.db, &w.ctx("officer.one", "2026-05-28"), &a.party).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].events.last().unwrap().event.kind, "cancelled");
}

#[test]
fn monitoring_one_arrangement_on_demand_shows_then_acts() {
    let w = World::new();
    let (a, l) = billed(&w, "CT00000601", "Green");
    let saved = save(&w, "2026-04-20", plan_input(&a, &[&l], "fortnightly", "2026-05-01", "100.00")).unwrap();
    let look = api::monitor_arrangement(
        &w.db,
        &w.ctx("officer.one", "2026-05-09"),
        MonitorArrangementInput { arrangement_id: saved.id.clone(), commit: false },
    )
    .unwrap();
    assert_eq!(look.monitoring.action.as_str(), "default");
    assert!(look.applied.is_none());
    assert_eq!(w.count("SELECT count(*) FROM arrangement_events WHERE kind = 'default'"), 0, "a look writes nothing");
    let act = api::monitor_arrangement(
        &w.db,
        &w.ctx("officer.one", "2026-05-09"),
        MonitorArrangementInput { arrangement_id: saved.id.clone(), commit: true },
    )
    .unwrap();
    assert_eq!(act.applied.as_ref().map(|x| x.action), Some("default"));
    assert_eq!(act.arrangement.events.len(), 2);
    // The daily run that day finds nothing more to do.
    assert!(preview(&w, "2026-05-09").items.is_empty());
}

#[test]
fn a_save_whose_letter_cannot_be_issued_writes_nothing() {
    let w = World::new();
    let (a, l) = billed(&w, "CT00000701", "Hill");
    let ctx = w.ctx("setup", "2026-05-01");
    w.db.write(|tx| {
        tx.execute("UPDATE parties SET address_id = NULL WHERE id = ?1", [&a.party])?;
        let _ = &ctx;
        Ok(())
    })
    .unwrap();
    let err = save(&w, "2026-05-20", plan_input(&a, &[&l], "monthly", "2026-06-01", "150.00")).unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(err.to_string().contains("no address"), "{err}");
    for table in
        ["arrangements", "arrangement_debts", "arrangement_schedules", "arrangement_payments", "arrangement_events"]
    {
        assert_eq!(w.count(&format!("SELECT count(*) FROM {table}")), 0, "{table}");
    }
    assert_eq!(stages(&w, &l), ["billed"]);
    let _ = Stage::Arrangement;
}

#[test]
fn a_breathing_space_during_an_arrangement_holds_back_the_default_letter_and_the_break() {
    let w = World::new();
    let (a, l) = billed(&w, "CT00000801", "Irwin");
    let saved = save(&w, "2026-04-20", plan_input(&a, &[&l], "monthly", "2026-05-01", "150.00")).unwrap();
    api::record_hold(
        &w.db,
        &w.ctx("officer.one", "2026-05-05"),
        RecordHoldInput {
            party_id: Some(a.party.clone()),
            account_id: None,
            kind: "breathing_space".into(),
            registered_on: Some("2026-05-05".into()),
            starts_on: None,
            ends_on: None,
            review_on: None,
            notice_received_on: Some("2026-05-05".into()),
            reason: "Insolvency Service notification".into(),
            evidence: "BS ref 3".into(),
            adviser: "National Debtline".into(),
        },
    )
    .unwrap();
    // Nothing paid: 1 May and 1 June are missed, which would send a letter and then break it.
    let p = preview(&w, "2026-06-10");
    assert_eq!((p.run.missed_count, p.run.held_count, p.items.len()), (1, 1, 0));
    let view = api::arrangement(&w.db, &w.ctx("officer.one", "2026-06-10"), &saved.id).unwrap();
    assert_eq!((view.state, view.action_due), (ArrangementState::Missed, "none"));
    assert!(view.monitoring.contains("Breathing Space moratorium"), "{}", view.monitoring);
    // The moratorium ends on 4 July (60 days beginning with 6 May): the next day the arrangement breaks.
    let (p, _) = monitor(&w, "2026-07-05");
    assert_eq!((p.run.held_count, p.items[0].action.as_str()), (0, "break"));
}
