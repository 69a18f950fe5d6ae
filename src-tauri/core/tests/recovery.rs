//! The recovery engine through the database (issue 5): bills with their statutory instalments stored (T01–T08),
//! revised schedules, payment allocation, the timetable per liability and the worked examples T09–T11, T14,
//! T15 through real runs, holds that hold (T43, T44, insolvency, officer holds), the worklist, and the local
//! summary that always equals the ledger.

mod support;

use proptest::prelude::*;
use recovery_core::api::{
    self, AllocateTasksInput, CheckRecoveryInput, CloseTaskInput, RecordHoldInput, RecoverySettings, ReleaseHoldInput,
    ReviseLiabilityInput, TreatmentEndedInput, WorklistInput,
};
use recovery_core::db::instalments::summary_mismatches;
use recovery_core::model::{DebtType, Jurisdiction, LedgerKind};
use recovery_core::rules::allocation::{BetweenYears, InstalmentStatus};
use recovery_core::rules::policy::{BreathingSpaceArrears, RecoveryPolicy};
use recovery_core::rules::timeline::Action;
use support::{d, m, Acct, World};

const CT: DebtType = DebtType::CouncilTax;
const ENG: Jurisdiction = Jurisdiction::England;

fn amounts(s: &api::ScheduleView) -> Vec<String> {
    s.instalments.iter().map(|i| i.amount.to_string()).collect()
}

fn dates(s: &api::ScheduleView) -> Vec<String> {
    s.instalments.iter().map(|i| i.due_on.to_string()).collect()
}

fn first_then(first: &str, rest: &str, n: usize) -> Vec<String> {
    std::iter::once(first.to_string()).chain(std::iter::repeat_n(rest.to_string(), n)).collect()
}

fn no_summary_drift(w: &World) {
    let bad = w.db.read(|tx| summary_mismatches(tx)).unwrap();
    assert!(bad.is_empty(), "local summary differs from the ledger: {bad:?}");
}

// ------------------------------------------------------------------------------------------- A. instalments

#[test]
fn t01_a_bill_stores_ten_instalments_with_the_pence_on_the_first() {
    let w = World::new();
    let a = w.account("CT00000001", "Okafor", CT, ENG);
    let l = w.liability(&a, 2026, None, "Band D");
    let s = w.bill(&l, "1843.57", "2026-03-10", None);
    assert_eq!(amounts(&s), first_then("187.57", "184.00", 9));
    assert_eq!(dates(&s).first().unwrap(), "2026-04-01");
    assert_eq!(dates(&s).last().unwrap(), "2027-01-01");
    assert_eq!(s.total, m("1843.57"));
    assert_eq!(s.scheme, "ten");
    let rules = s.rules.to_string();
    assert!(rules.contains("SI 1992/613 Sch 1 para 2(6)"), "{rules}");
    // The charge, the schedule, the billed stage and the audit rows landed together.
    assert_eq!(w.count("SELECT sum(amount_pence) FROM ledger_entries WHERE kind = 'charge'"), 184_357);
    assert_eq!(w.count("SELECT count(*) FROM instalments"), 10);
    assert_eq!(w.count("SELECT sum(amount_pence) FROM instalments"), 184_357);
    assert_eq!(w.count("SELECT max(cumulative_pence) FROM instalments"), 184_357);
    assert_eq!(w.count("SELECT count(*) FROM recovery_stages WHERE stage = 'billed'"), 1);
    assert_eq!(w.count("SELECT count(*) FROM audit_log WHERE action = 'bill_liability'"), 2);
    // Billing twice is refused: a change is a revision.
    let again = api::bill_liability(
        &w.db,
        &w.ctx("billing", "2026-03-11"),
        api::BillLiabilityInput {
            liability_id: l.clone(),
            bill_date: "2026-03-11".into(),
            scheme: None,
            day_of_month: None,
            charge: None,
            due_on: None,
        },
    )
    .unwrap_err();
    assert_eq!(again.code(), "conflict", "{again}");
    no_summary_drift(&w);
}

#[test]
fn t02_to_t08_stored_schedules_follow_schedule_1() {
    let w = World::new();
    let a = w.account("CT00000002", "Bell", CT, ENG);
    // T02: 12 instalments on request, the first smaller.
    let s = w.bill(&w.liability(&a, 2026, None, ""), "1843.57", "2026-03-10", Some("12"));
    assert_eq!(amounts(&s), first_then("149.57", "154.00", 11));
    assert_eq!(dates(&s).last().unwrap(), "2027-03-01");
    // T03, T04.
    assert_eq!(
        amounts(&w.bill(&w.liability(&a, 2027, None, ""), "1999.99", "2027-03-10", None)),
        first_then("199.99", "200.00", 9)
    );
    assert_eq!(amounts(&w.bill(&w.liability(&a, 2028, None, ""), "1500.00", "2028-03-10", None)), vec!["150.00"; 10]);
    // T05: a bill issued 15 June: 8 instalments (10 scheme), 9 on the 12 scheme.
    let b = w.account("CT00000003", "Cole", CT, ENG);
    let ten = w.bill(&w.liability(&b, 2026, None, ""), "987.65", "2026-06-15", None);
    assert_eq!(ten.instalments.len(), 8);
    assert_eq!(dates(&ten).first().unwrap(), "2026-07-01");
    let c = w.account("CT00000004", "Dunn", CT, ENG);
    let twelve = w.bill(&w.liability(&c, 2026, None, ""), "987.65", "2026-06-15", Some("12"));
    assert_eq!(amounts(&twelve), first_then("107.65", "110.00", 8));
    // T06: a small charge uses fewer instalments of at least £5 (the council's default policy).
    let e = w.account("CT00000005", "Evans", CT, ENG);
    assert_eq!(
        amounts(&w.bill(&w.liability(&e, 2026, None, ""), "42.00", "2026-03-10", None)),
        first_then("7.00", "5.00", 7)
    );
    // T07: a bill issued from 1 January is one instalment.
    let f = w.account("CT00000006", "Frost", CT, ENG);
    let single = w.bill(&w.liability(&f, 2026, None, ""), "1200.00", "2027-01-20", None);
    assert_eq!(single.instalments.len(), 1);
    assert_eq!(single.instalments[0].amount, m("1200.00"));
    // T08: business rates.
    let n = w.account("NNDR0000001", "Garage Ltd", DebtType::BusinessRates, ENG);
    let nndr = w.bill(&w.liability(&n, 2026, None, ""), "12345.67", "2026-03-10", None);
    assert_eq!(amounts(&nndr), first_then("1230.67", "1235.00", 9));
    no_summary_drift(&w);
}

#[test]
fn a_revised_liability_spreads_the_new_charge_over_the_instalments_still_to_fall_due() {
    let w = World::new();
    let a = w.account("CT00000010", "Hale", CT, ENG);
    let l = w.liability(&a, 2026, None, "Band C");
    w.bill(&l, "1500.00", "2026-03-10", None);
    // A single person discount from 20 July: £300 off. Instalments due before 3 August (14 days' notice) keep
    // their amounts (5 × £150 = £750); £450 is spread over September – January: 5 × £90.
    let s = api::revise_liability(
        &w.db,
        &w.ctx("billing", "2026-07-20"),
        ReviseLiabilityInput {
            liability_id: l.clone(),
            revised_on: "2026-07-20".into(),
            adjustment: Some("-300.00".into()),
            reason: "Single person discount from 1 August".into(),
        },
    )
    .unwrap();
    let mut want = vec!["150.00".to_string(); 5];
    want.extend(vec!["90.00".to_string(); 5]);
    assert_eq!(amounts(&s), want);
    assert_eq!(s.revision, 2);
    assert!(s.revises_schedule_id.is_some());
    assert_eq!(s.total, m("1200.00"));
    assert!(s.rules.to_string().contains("Sch 1 para 10"));
    let history = api::liability_schedules(&w.db, api::LiabilityInput { liability_id: l.clone() }).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].id, s.id, "the revision is current");
    // The runs read the current schedule: the summary's oldest unpaid instalment follows it.
    w.pay(&a, 2026, "750.00", "2026-08-01");
    let t = w.timetable(&a, "2026-09-20");
    let inst = &t.liabilities[0].instalments;
    assert_eq!(inst[5].amount, m("90.00"));
    assert_eq!(inst[5].status, InstalmentStatus::Unpaid, "September's £90 is unpaid");
    no_summary_drift(&w);
}

// ------------------------------------------------------------------------------------------- allocation

#[test]
fn payments_meet_the_oldest_instalment_first_and_the_screen_shows_each() {
    let w = World::new();
    let a = w.account("CT00000020", "Ince", CT, ENG);
    let l = w.liability(&a, 2026, None, "");
    w.bill(&l, "1500.00", "2026-03-10", None);
    w.pay(&a, 2026, "200.00", "2026-04-01");
    let t = w.timetable(&a, "2026-05-10");
    let y = &t.liabilities[0];
    assert_eq!(t.allocation_rule, "Credits meet a year's instalments oldest first, then its costs");
    assert_eq!((y.instalments[0].paid, y.instalments[0].status), (m("150.00"), InstalmentStatus::Paid));
    assert!(y.instalments[0].paid_on_time);
    assert_eq!((y.instalments[1].paid, y.instalments[1].unpaid), (m("50.00"), m("100.00")));
    assert_eq!(y.instalments[1].status, InstalmentStatus::PartPaid);
    assert!(!y.instalments[1].paid_on_time);
    assert_eq!(y.instalments[2].status, InstalmentStatus::NotYetDue);
    let timeline = y.timeline.as_ref().unwrap();
    assert_eq!(timeline.arrears, m("100.00"));
    assert_eq!(timeline.next.as_ref().unwrap().action, Action::Reminder);
}

#[test]
fn a_credit_with_no_year_goes_where_the_council_policy_says() {
    for (policy, year_credited) in
        [(BetweenYears::OldestYearFirst, 2025), (BetweenYears::CurrentYearFirst, 2026), (BetweenYears::AsPosted, 0)]
    {
        let w = World::new();
        api::save_recovery_settings(
            &w.db,
            &w.ctx("admin", "2026-01-01"),
            RecoverySettings { between_years: policy, ..RecoverySettings::default() },
        )
        .unwrap();
        let a = w.account("CT00000030", "Jones", CT, ENG);
        let old = w.liability(&a, 2025, None, "");
        let new = w.liability(&a, 2026, None, "");
        w.bill(&old, "1000.00", "2025-03-10", None);
        w.bill(&new, "1000.00", "2026-03-10", None);
        w.post(&a, None, LedgerKind::Payment, "-300.00", "2026-05-20");
        let t = w.timetable(&a, "2026-06-01");
        let paid = |year: i32| t.liabilities.iter().find(|l| l.financial_year == year).unwrap().paid_to_charge;
        match year_credited {
            0 => {
                assert_eq!(t.unallocated, m("300.00"), "{policy:?}");
                assert_eq!(paid(2025), m("0.00"));
            }
            y => {
                assert_eq!(paid(y), m("300.00"), "{policy:?}");
                assert_eq!(t.unallocated, m("0.00"));
                assert_eq!(t.moved.len(), 1);
                assert_eq!(t.moved[0].on, d("2026-05-20"), "a moved credit keeps the day it came in");
            }
        }
        no_summary_drift(&w);
    }
}

#[test]
fn an_overpaid_year_passes_its_surplus_to_the_oldest_year_owing() {
    let w = World::new();
    let a = w.account("CT00000031", "Khan", CT, ENG);
    let old = w.liability(&a, 2025, None, "");
    let new = w.liability(&a, 2026, None, "");
    w.bill(&old, "1000.00", "2025-03-10", None);
    w.bill(&new, "500.00", "2026-03-10", None);
    w.pay(&a, 2026, "700.00", "2026-04-10");
    let t = w.timetable(&a, "2026-05-01");
    let y25 = &t.liabilities[0];
    let y26 = &t.liabilities[1];
    assert_eq!(y26.paid_to_charge, m("500.00"));
    assert_eq!(y25.paid_to_charge, m("200.00"), "£200 over 2026/27's charge meets 2025/26");
    assert_eq!(y25.instalments[0].paid, m("100.00"));
    assert_eq!(y25.instalments[1].paid, m("100.00"));
    assert_eq!(y25.instalments[2].paid, m("0.00"));
}

// ------------------------------------------------------------------------------------------- B. timetable

/// A council tax account billed £1,500 for 2026/27 on 10 March 2026: 10 × £150 from 1 April.
fn billed(w: &World, reference: &str, surname: &str, j: Jurisdiction) -> (Acct, String) {
    let a = w.account(reference, surname, CT, j);
    let l = w.liability(&a, 2026, None, "Band B");
    w.bill(&l, "1500.00", "2026-03-10", None);
    (a, l)
}

#[test]
fn t09_reminder_run_then_balance_payable_after_seven_and_seven_days_then_summons() {
    let w = World::new();
    let (a, _) = billed(&w, "CT00000101", "Lowe", ENG);
    w.pay(&a, 2026, "150.00", "2026-04-01");
    // Tue 12 May 2026: the 1 May instalment is unpaid; the reminder run picks it up (reg 23(1)).
    let (preview, outcome) = w.run("reminder", "council_tax", "2026-05-12");
    assert_eq!(w.selected(&preview.run.id), vec!["CT00000101"]);
    let item = &w.items(&preview.run.id)[0];
    assert_eq!((item.rule.as_str(), item.regulation.as_str()), ("reminder_due", "SI 1992/613 reg 23(1)"));
    assert_eq!(item.amount, m("150.00"));
    assert_eq!(outcome.committed, 1);
    assert_eq!(outcome.letters, 1);
    // The letter states what reg 23(1) requires: £150 by 18 May, else £1,350 payable on 26 May.
    let content: String = w.db.read(|tx| Ok(tx.query_row("SELECT content FROM documents", [], |r| r.get(0))?)).unwrap();
    for want in [
        "\"amount_due\":\"150.00\"",
        "\"pay_by\":\"2026-05-18\"",
        "\"balance_payable\":\"1350.00\"",
        "\"balance_payable_on\":\"2026-05-26\"",
    ] {
        assert!(content.contains(want), "letter lacks {want}");
    }
    // Not paid in the 7 days: the right to instalments is lost; the balance is payable on Tue 26 May under the
    // conservative reading, and no final notice is needed before a summons (reg 33).
    let t = w.timetable(&a, "2026-05-20");
    let tl = t.liabilities[0].timeline.as_ref().unwrap();
    let lost = tl.steps.iter().find(|s| s.action == Action::BalancePayable).unwrap();
    assert_eq!((lost.on, lost.regulation), (d("2026-05-26"), "SI 1992/613 reg 23(3)"));
    assert!(!tl.final_notice_required);
    assert_eq!(tl.next.as_ref().unwrap().action, Action::Summons);
    assert_eq!(tl.next.as_ref().unwrap().on, d("2026-05-27"));
    // The summons run on 26 May waits; on 27 May it selects the account and adds the summons costs.
    let early = w.preview("summons", "council_tax", "2026-05-26");
    assert_eq!(w.excluded(&early.run.id), vec![("CT00000101".to_string(), "not_yet".to_string())]);
    let (summons, done) = w.run("summons", "council_tax", "2026-05-27");
    assert_eq!(w.selected(&summons.run.id), vec!["CT00000101"]);
    assert_eq!(done.costs, m("60.00"), "England summons costs from the rule table");
    assert_eq!(w.count("SELECT sum(amount_pence) FROM ledger_entries WHERE kind = 'cost'"), 6000);
    no_summary_drift(&w);
}

#[test]
fn t10_second_reminder_then_a_third_default_needs_a_final_notice_then_summons() {
    let w = World::new();
    let (a, _) = billed(&w, "CT00000102", "Mann", ENG);
    w.pay(&a, 2026, "150.00", "2026-04-01");
    w.run("reminder", "council_tax", "2026-05-12");
    w.pay(&a, 2026, "150.00", "2026-05-15");
    w.pay(&a, 2026, "150.00", "2026-06-01");
    // July missed: the second reminder of the year.
    let (second, _) = w.run("second_reminder", "council_tax", "2026-07-13");
    assert_eq!(w.selected(&second.run.id), vec!["CT00000102"]);
    w.pay(&a, 2026, "150.00", "2026-07-17");
    w.pay(&a, 2026, "150.00", "2026-08-01");
    w.pay(&a, 2026, "150.00", "2026-09-01");
    // 1 October missed: no third reminder; the balance is payable the next day (reg 23(4)).
    let t = w.timetable(&a, "2026-10-05");
    let tl = t.liabilities[0].timeline.as_ref().unwrap();
    let third = tl.steps.iter().find(|s| s.rule == "third_default").unwrap();
    assert_eq!((third.on, third.regulation), (d("2026-10-02"), "SI 1992/613 reg 23(4)"));
    assert!(tl.final_notice_required);
    let reminders = w.preview("second_reminder", "council_tax", "2026-10-05");
    assert!(w.selected(&reminders.run.id).is_empty(), "no third reminder");
    let (final_notice, _) = w.run("final_notice", "council_tax", "2026-10-05");
    assert_eq!(w.selected(&final_notice.run.id), vec!["CT00000102"]);
    let item = &w.items(&final_notice.run.id)[0];
    assert_eq!((item.rule.as_str(), item.regulation.as_str()), ("third_default_final_notice", "SI 1992/613 reg 33(1)"));
    assert_eq!(item.amount, m("600.00"), "£1,500 less six instalments paid");
    // The complaint may follow the 7 days beginning with the final notice: 5–11 October → 12 October.
    let early = w.preview("summons", "council_tax", "2026-10-11");
    assert!(w.selected(&early.run.id).is_empty());
    let (summons, _) = w.run("summons", "council_tax", "2026-10-12");
    assert_eq!(w.selected(&summons.run.id), vec!["CT00000102"]);
    assert_eq!(w.items(&summons.run.id)[0].rule, "summons_after_final_notice");
}

#[test]
fn t11_once_all_instalments_are_due_the_final_notice_run_not_the_reminder_run_selects() {
    let w = World::new();
    let (a, _) = billed(&w, "CT00000103", "Nash", ENG);
    for month in [
        "2026-04-01",
        "2026-05-01",
        "2026-06-01",
        "2026-07-01",
        "2026-08-01",
        "2026-09-01",
        "2026-10-01",
        "2026-11-01",
        "2026-12-01",
    ] {
        w.pay(&a, 2026, "150.00", month);
    }
    let reminder = w.preview("reminder", "council_tax", "2027-02-10");
    assert!(w.items(&reminder.run.id).is_empty(), "no reminder once every instalment has fallen due (reg 23(2)(a))");
    let (fin, _) = w.run("final_notice", "council_tax", "2027-02-10");
    assert_eq!(w.selected(&fin.run.id), vec!["CT00000103"]);
    let item = &w.items(&fin.run.id)[0];
    assert_eq!(item.rule, "final_notice_all_instalments_due");
    assert_eq!(item.regulation, "SI 1992/613 regs 23(2)(a) and 33(1)");
    assert_eq!(item.amount, m("150.00"));
}

#[test]
fn t14_a_complaint_six_years_after_the_due_day_is_out_of_time_and_goes_to_the_worklist() {
    let w = World::new();
    let a = w.account("CT00000104", "Owen", CT, ENG);
    let l = w.liability(&a, 2020, None, "Band A");
    w.bill(&l, "1000.00", "2020-03-10", None);
    let (r, _) = w.run("reminder", "council_tax", "2020-05-12");
    assert_eq!(w.selected(&r.run.id), vec!["CT00000104"]);
    // The oldest unpaid sum fell due 1 April 2020: a complaint may be made until 31 March 2026.
    let last_day = w.preview("summons", "council_tax", "2026-03-31");
    assert_eq!(w.selected(&last_day.run.id), vec!["CT00000104"]);
    let (late, outcome) = w.run("summons", "council_tax", "2026-04-01");
    assert_eq!(w.excluded(&late.run.id), vec![("CT00000104".to_string(), "limitation".to_string())]);
    let item = &w.items(&late.run.id)[0];
    assert!(item.needs_decision);
    assert!(item.reason.contains("2026-03-31"), "{}", item.reason);
    assert_eq!(outcome.tasks_raised, 1);
    let wl = api::worklist(
        &w.db,
        &w.ctx("team.leader", "2026-04-01"),
        WorklistInput { unallocated: true, ..Default::default() },
    )
    .unwrap();
    assert_eq!(wl.tasks.len(), 1);
    assert_eq!(wl.tasks[0].kind, "run_excluded_limitation");
}

#[test]
fn t15_wales_final_notice_41_days_after_the_missed_instalment_then_21_days_then_summons() {
    let w = World::new();
    let (a, _) = billed(&w, "CT00000105", "Powell", Jurisdiction::Wales);
    w.pay(&a, 2026, "150.00", "2026-04-01");
    let reminder = w.preview("reminder", "council_tax", "2026-05-12");
    assert_eq!(w.excluded(&reminder.run.id), vec![("CT00000105".to_string(), "other_step".to_string())]);
    let early = w.preview("final_notice", "council_tax", "2026-06-10");
    assert_eq!(w.excluded(&early.run.id), vec![("CT00000105".to_string(), "not_yet".to_string())]);
    let (fin, outcome) = w.run("final_notice", "council_tax", "2026-06-11");
    assert_eq!(w.selected(&fin.run.id), vec!["CT00000105"]);
    assert_eq!(w.items(&fin.run.id)[0].rule, "wales_final_notice");
    assert_eq!(outcome.letters, 1);
    let (template, content): (String, String) =
        w.db.read(|tx| {
            Ok(tx.query_row("SELECT template_name, content FROM documents", [], |r| Ok((r.get(0)?, r.get(1)?)))?)
        })
        .unwrap();
    assert_eq!(template, "ct_final_notice_cy");
    for want in
        ["\"pay_by\":\"2026-07-01\"", "\"balance_payable_on\":\"2026-07-02\"", "\"court_action_from\":\"2026-07-03\""]
    {
        assert!(content.contains(want), "letter lacks {want}");
    }
    let t = w.timetable(&a, "2026-06-20");
    let next = t.liabilities[0].timeline.as_ref().unwrap().next.clone().unwrap();
    assert_eq!((next.action, next.on), (Action::BalancePayable, d("2026-07-02")));
    let (summons, done) = w.run("summons", "council_tax", "2026-07-03");
    assert_eq!(w.selected(&summons.run.id), vec!["CT00000105"]);
    assert_eq!(done.costs, m("45.00"), "Welsh summons costs, within the £70 cap");
}

// ------------------------------------------------------------------------------------------- G. holds

fn hold(w: &World, on: &str, input: RecordHoldInput) -> api::HoldRecorded {
    api::record_hold(&w.db, &w.ctx("officer.one", on), input).unwrap()
}

fn bs(party: &str, registered: &str) -> RecordHoldInput {
    RecordHoldInput {
        party_id: Some(party.into()),
        account_id: None,
        kind: "breathing_space".into(),
        registered_on: Some(registered.into()),
        starts_on: None,
        ends_on: None,
        review_on: None,
        notice_received_on: Some(registered.into()),
        reason: "Insolvency Service notification".into(),
        evidence: "BS notice ref BS0001".into(),
        adviser: "StepChange".into(),
    }
}

#[test]
fn t43_a_breathing_space_starts_the_day_after_entry_ends_after_60_days_and_raises_its_reviews() {
    let w = World::new();
    let (a, _) = billed(&w, "CT00000201", "Quinn", ENG);
    let h = hold(&w, "2026-05-29", bs(&a.party, "2026-05-29"));
    assert_eq!(h.status.hold.starts_on, d("2026-05-30"));
    assert_eq!(h.status.last_day, Some(d("2026-07-28")));
    assert_eq!(h.status.hold.ends_on, Some(d("2026-07-28")), "stored, so every screen shows the same end");
    let due: Vec<(String, String)> = h.tasks.iter().map(|t| (t.due_on.to_string(), t.kind.clone())).collect();
    assert_eq!(
        due,
        vec![
            ("2026-06-18".to_string(), "breathing_space_review_request".to_string()),
            ("2026-06-23".to_string(), "breathing_space_midway_review".to_string()),
            ("2026-07-29".to_string(), "breathing_space_resume".to_string()),
        ]
    );
    // The worklist shows the review deadline on its day; a team leader allocates it.
    let officer = w.user("officer.two", "officer");
    let ctx = w.ctx("team.leader", "2026-06-18");
    let queue = api::worklist(&w.db, &ctx, WorklistInput { unallocated: true, ..Default::default() }).unwrap();
    assert_eq!(queue.tasks.len(), 1);
    api::allocate_tasks(
        &w.db,
        &ctx,
        AllocateTasksInput { task_ids: vec![queue.tasks[0].id.clone()], officer: Some("officer.two".into()) },
    )
    .unwrap();
    let mine = api::worklist(&w.db, &w.ctx("officer.two", "2026-06-19"), WorklistInput::default()).unwrap();
    assert_eq!((mine.tasks.len(), mine.overdue), (1, 1));
    assert_eq!(mine.tasks[0].assigned_to.as_deref(), Some(officer.as_str()));
    api::close_task(
        &w.db,
        &w.ctx("officer.two", "2026-06-19"),
        CloseTaskInput { task_id: mine.tasks[0].id.clone(), status: None },
    )
    .unwrap();
    assert!(api::worklist(&w.db, &w.ctx("officer.two", "2026-06-19"), WorklistInput::default())
        .unwrap()
        .tasks
        .is_empty());
}

#[test]
fn t44_a_moratorium_holds_the_missed_instalment_before_a_reminder_and_the_whole_year_after() {
    let w = World::new();
    // 2026/27: £1,800 in 10 × £180; April–June paid; July missed. One account has a reminder served on
    // 8 July before the moratorium; the other (in a second database) has none.
    let setup = |reference: &str, surname: &str| {
        let a = w.account(reference, surname, CT, ENG);
        let l = w.liability(&a, 2026, None, "");
        w.bill(&l, "1800.00", "2026-03-10", None);
        for on in ["2026-04-01", "2026-05-01", "2026-06-01"] {
            w.pay(&a, 2026, "180.00", on);
        }
        a
    };
    let reminded = setup("CT00000302", "Shaw");
    let (r, _) = w.run("reminder", "council_tax", "2026-07-08");
    assert_eq!(w.selected(&r.run.id), vec!["CT00000302"]);
    let w2 = World::new();
    let a = {
        let a = w2.account("CT00000303", "Todd", CT, ENG);
        let l = w2.liability(&a, 2026, None, "");
        w2.bill(&l, "1800.00", "2026-03-10", None);
        for on in ["2026-04-01", "2026-05-01", "2026-06-01"] {
            w2.pay(&a, 2026, "180.00", on);
        }
        a
    };
    // Moratorium from 10 July (entered 9 July), no reminder yet: only the missed July £180 is covered.
    hold(&w2, "2026-07-09", bs(&a.party, "2026-07-09"));
    let t = w2.timetable(&a, "2026-07-15");
    let held = t.liabilities[0].held_by.clone().expect("held");
    assert_eq!((held.covered, held.rule), (Some(m("180.00")), "arrears_only"));
    assert!(held.reason.contains("until 2026-09-07"), "{}", held.reason);
    let run = w2.preview("reminder", "council_tax", "2026-07-15");
    assert_eq!(w2.excluded(&run.run.id), vec![("CT00000303".to_string(), "hold".to_string())]);
    let refused = api::check_recovery_allowed(
        &w2.db,
        &w2.ctx("officer.one", "2026-07-15"),
        CheckRecoveryInput { account_id: a.account.clone(), liability_id: None },
    )
    .unwrap_err();
    assert_eq!(refused.code(), "rule_refused");
    assert!(refused.to_string().contains("Breathing Space moratorium from 2026-07-10 until 2026-09-07"), "{refused}");
    // After the moratorium the reminder is due again.
    let after = w2.preview("reminder", "council_tax", "2026-09-08");
    assert_eq!(w2.selected(&after.run.id), vec!["CT00000303"]);
    api::check_recovery_allowed(
        &w2.db,
        &w2.ctx("officer.one", "2026-09-08"),
        CheckRecoveryInput { account_id: a.account.clone(), liability_id: None },
    )
    .unwrap();

    // Reminder served 8 July, moratorium from 10 July: the whole £1,260 unpaid for the year is covered.
    hold(&w, "2026-07-09", bs(&reminded.party, "2026-07-09"));
    let t = w.timetable(&reminded, "2026-07-15");
    let held = t.liabilities[0].held_by.clone().expect("held");
    assert_eq!((held.covered, held.rule), (Some(m("1260.00")), "whole_year_after_reminder"));
    // The summons it would have had on 23 July waits; the summons run leaves it out and adds no costs.
    let (s, done) = w.run("summons", "council_tax", "2026-07-23");
    assert!(w.excluded(&s.run.id).contains(&("CT00000302".to_string(), "hold".to_string())));
    assert_eq!(done.costs, m("0.00"));
    assert_eq!(w.count("SELECT count(*) FROM ledger_entries WHERE kind = 'cost'"), 0);
}

#[test]
fn t44_literal_reading_holds_nothing_before_a_reminder() {
    let w = World::new();
    api::save_recovery_policy(
        &w.db,
        &w.ctx("admin", "2026-01-01"),
        RecoveryPolicy { breathing_space_arrears: BreathingSpaceArrears::Literal, ..RecoveryPolicy::default() },
    )
    .unwrap();
    let a = w.account("CT00000304", "Upton", CT, ENG);
    let l = w.liability(&a, 2026, None, "");
    w.bill(&l, "1800.00", "2026-03-10", None);
    for on in ["2026-04-01", "2026-05-01", "2026-06-01"] {
        w.pay(&a, 2026, "180.00", on);
    }
    hold(&w, "2026-07-09", bs(&a.party, "2026-07-09"));
    let t = w.timetable(&a, "2026-07-15");
    assert!(t.liabilities[0].held_by.is_none(), "read literally, the year is not moratorium debt yet");
    let run = w.preview("reminder", "council_tax", "2026-07-15");
    assert_eq!(w.selected(&run.run.id), vec!["CT00000304"]);
}

#[test]
fn a_mental_health_crisis_moratorium_holds_until_30_days_after_treatment_ends() {
    let w = World::new();
    let (a, _) = billed(&w, "CT00000305", "Vale", ENG);
    let mut input = bs(&a.party, "2026-05-04");
    input.kind = "mental_health_crisis".into();
    let h = hold(&w, "2026-05-04", input);
    assert_eq!(h.status.last_day, None, "open until treatment ends");
    let run = w.preview("reminder", "council_tax", "2026-09-01");
    assert_eq!(w.excluded(&run.run.id)[0].1, "hold");
    let ended = api::record_treatment_ended(
        &w.db,
        &w.ctx("officer.one", "2026-09-01"),
        TreatmentEndedInput {
            hold_id: h.status.hold.id.clone(),
            treatment_ended_on: "2026-08-31".into(),
            evidence: "AMHP letter".into(),
        },
    )
    .unwrap();
    assert_eq!(ended.status.last_day, Some(d("2026-09-30")));
    assert!(ended.tasks.iter().any(|t| t.due_on == d("2026-10-01") && t.kind == "breathing_space_resume"));
    let still = w.preview("second_reminder", "council_tax", "2026-09-30");
    assert!(w.selected(&still.run.id).is_empty());
    let reminder = w.preview("reminder", "council_tax", "2026-10-01");
    assert_eq!(w.selected(&reminder.run.id), vec!["CT00000305"]);
}

#[test]
fn insolvency_holds_debt_from_before_the_order_and_a_dro_releases_it_after_a_year() {
    let w = World::new();
    let a = w.account("CT00000306", "Webb", CT, ENG);
    let y26 = w.liability(&a, 2026, None, "");
    let y27 = w.liability(&a, 2027, None, "");
    w.bill(&y26, "1500.00", "2026-03-10", None);
    w.bill(&y27, "1500.00", "2027-03-10", None);
    let h = hold(
        &w,
        "2026-10-01",
        RecordHoldInput {
            party_id: Some(a.party.clone()),
            account_id: None,
            kind: "dro".into(),
            registered_on: None,
            starts_on: Some("2026-10-01".into()),
            ends_on: None,
            review_on: None,
            notice_received_on: Some("2026-10-02".into()),
            reason: "Debt relief order made".into(),
            evidence: "DRO notice".into(),
            adviser: "Approved intermediary".into(),
        },
    );
    assert_eq!(h.status.last_day, Some(d("2027-09-30")), "the DRO's moratorium: one year");
    let check = |on: &str, liability: &str| {
        api::check_recovery_allowed(
            &w.db,
            &w.ctx("officer.one", on),
            CheckRecoveryInput { account_id: a.account.clone(), liability_id: Some(liability.into()) },
        )
    };
    let err = check("2027-05-20", &y26).unwrap_err();
    assert!(err.to_string().contains("debt relief order of 2026-10-01 holds debt that arose before it"), "{err}");
    check("2027-05-20", &y27).expect("2027/28 liability arose after the order: recovered as normal");
    let released = check("2027-10-01", &y26).unwrap_err();
    assert!(released.to_string().contains("write it off"), "{released}");
    // The reminder run takes 2027/28 and leaves 2026/27 out.
    let run = w.preview("reminder", "council_tax", "2027-05-20");
    let items = w.items(&run.run.id);
    let by_year: Vec<(i32, bool, String)> =
        items.iter().map(|i| (i.financial_year, i.selected, i.exclusion.clone())).collect();
    assert!(by_year.contains(&(2027, true, String::new())), "{by_year:?}");
    assert!(!by_year.iter().any(|(y, s, _)| *y == 2026 && *s), "{by_year:?}");
}

#[test]
fn an_officer_hold_lasts_until_released_and_raises_a_review() {
    let w = World::new();
    let (a, _) = billed(&w, "CT00000307", "Xu", ENG);
    let h = hold(
        &w,
        "2026-05-05",
        RecordHoldInput {
            party_id: None,
            account_id: Some(a.account.clone()),
            kind: "dispute".into(),
            registered_on: None,
            starts_on: Some("2026-05-05".into()),
            ends_on: None,
            review_on: None,
            notice_received_on: None,
            reason: "Says they moved out in March".into(),
            evidence: "Letter of 4 May".into(),
            adviser: String::new(),
        },
    );
    assert_eq!(h.tasks.len(), 1);
    assert_eq!((h.tasks[0].due_on, h.tasks[0].kind.as_str()), (d("2026-06-02"), "hold_review"));
    let run = w.preview("reminder", "council_tax", "2026-08-10");
    assert_eq!(w.excluded(&run.run.id), vec![("CT00000307".to_string(), "hold".to_string())]);
    let released = api::release_hold(
        &w.db,
        &w.ctx("officer.one", "2026-08-10"),
        ReleaseHoldInput { hold_id: h.status.hold.id.clone(), released_on: None, reason: "Liability confirmed".into() },
    )
    .unwrap();
    assert!(!released.status.in_force);
    assert!(released.tasks.iter().all(|t| t.status == "cancelled"));
    assert!(released.status.hold.evidence.contains("Liability confirmed"));
    let run = w.preview("reminder", "council_tax", "2026-08-10");
    assert_eq!(w.selected(&run.run.id), vec!["CT00000307"]);
    assert_eq!(w.count("SELECT count(*) FROM audit_log WHERE action IN ('record_hold', 'release_hold')"), 2);
}

// ------------------------------------------------------------------------------------------- summary

#[test]
fn a_bulk_load_may_suspend_the_summary_and_resume_it_rebuilt() {
    use recovery_core::db::accounts::{self, NewEntry};
    use recovery_core::db::instalments::{resume_local_summary, suspend_local_summary};
    use recovery_core::model::Stage;
    let w = World::new();
    let (a, l) = billed(&w, "CT00000950", "Zane", ENG);
    w.pay(&a, 2026, "150.00", "2026-04-01");
    let schema = w.db.schema().unwrap();
    let ctx = w.ctx("import", "2026-06-01");
    w.db.write(|tx| {
        let triggers = suspend_local_summary(tx)?;
        assert_eq!(triggers.len(), 2);
        for (kind, amount, on) in [
            (LedgerKind::Payment, "-150.00", "2026-05-01"),
            (LedgerKind::Payment, "-100.00", "2026-06-01"),
            (LedgerKind::Cost, "60.00", "2026-06-01"),
        ] {
            accounts::insert_entry(
                tx,
                &ctx,
                &NewEntry {
                    account_id: &a.account,
                    liability_id: Some(&l),
                    kind: Some(kind),
                    amount: m(amount),
                    posted_on: on,
                    effective_on: on,
                    ..NewEntry::default()
                },
            )?;
        }
        accounts::insert_stage(tx, &ctx, &a.account, Some(&l), Stage::Reminder, "2026-05-12", "imported")?;
        // While suspended the summary lags the ledger...
        assert!(!summary_mismatches(tx)?.is_empty());
        resume_local_summary(tx, &triggers)
    })
    .unwrap();
    // ... and resumed it is rebuilt, triggers and all.
    assert_eq!(w.db.schema().unwrap(), schema);
    no_summary_drift(&w);
    let t = w.timetable(&a, "2026-06-02");
    assert_eq!(t.liabilities[0].instalments[2].paid, m("100.00"), "£400 paid meets April, May and £100 of June");
    let run = w.preview("reminder", "council_tax", "2026-06-10");
    assert!(w.items(&run.run.id).is_empty(), "a reminder was imported: not a first-reminder candidate");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// Whatever is posted (charges, payments with and without a year, refunds, costs, write-offs, reversals),
    /// the local summary the runs read equals the ledger, and its oldest unpaid instalment is the schedule's.
    #[test]
    fn the_local_summary_always_equals_the_ledger(ops in prop::collection::vec((0u8..7, 1i64..90_000, 0usize..2), 1..25)) {
        let w = World::new();
        let a = w.account("CT00000900", "Young", CT, ENG);
        let years = [w.liability(&a, 2025, None, ""), w.liability(&a, 2026, None, "")];
        w.bill(&years[0], "1200.00", "2025-03-10", None);
        let mut entries: Vec<String> = Vec::new();
        for (op, pence, y) in ops {
            let amount = format!("{}.{:02}", pence / 100, pence % 100);
            let l = Some(years[y].as_str());
            let id = match op {
                0 => w.post(&a, l, LedgerKind::Payment, &format!("-{amount}"), "2026-05-01"),
                1 => w.post(&a, None, LedgerKind::Payment, &format!("-{amount}"), "2026-05-02"),
                2 => w.post(&a, l, LedgerKind::Refund, &amount, "2026-05-03"),
                3 => w.post(&a, l, LedgerKind::Cost, &amount, "2026-05-04"),
                4 => w.post(&a, l, LedgerKind::WriteOff, &format!("-{amount}"), "2026-05-05"),
                5 => w.post(&a, l, LedgerKind::Adjustment, &format!("-{amount}"), "2026-05-06"),
                _ => match entries.pop() {
                    Some(e) => api::reverse_ledger_entry(
                        &w.db,
                        &w.ctx("officer.one", "2026-05-07"),
                        api::ReverseEntryInput { entry_id: e, reason: "test".into() },
                    ).map(|v| v.entry.id).unwrap_or_default(),
                    None => continue,
                },
            };
            entries.push(id);
        }
        let bad = w.db.read(|tx| summary_mismatches(tx)).unwrap();
        prop_assert!(bad.is_empty(), "{:?}", bad);
    }
}
