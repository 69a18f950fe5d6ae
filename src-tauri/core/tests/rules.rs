//! The statutory rules of the recovery engine against recovery-rules.md §11 worked examples (T01–T15, T43–T45),
//! each test naming its regulation, plus property tests of the instalment invariants and the day-of-month edges.

use chrono::NaiveDate;
use proptest::prelude::*;
use recovery_core::model::DebtType;
use recovery_core::model::Jurisdiction;
use recovery_core::money::{Money, PoundTie};
use recovery_core::rules::breathing_space::{
    invoice_covered, liability_covered, moratorium, EndFrom, MoratoriumKind, MoratoriumNotice,
};
use recovery_core::rules::business_rates::business_rates_timeline;
use recovery_core::rules::calendar::Calendar;
use recovery_core::rules::council_tax::{
    check_hearing_date, council_tax_timeline, earliest_liability_order_hearing, tender_before_hearing, LiabilityFacts,
    Tender,
};
use recovery_core::rules::enforcement::earliest_enforcement_visit;
use recovery_core::rules::insolvency::{split_charge, Insolvency, InsolvencyKind};
use recovery_core::rules::instalments::{revise_instalments, statutory_instalments, Instalment, Schedule, Scheme};
use recovery_core::rules::invoices::{invoice_timeline, DeferredPayment, InvoiceFacts};
use recovery_core::rules::limitation::{self, check_in_time};
use recovery_core::rules::policy::{
    BreathingSpaceArrears, BreathingSpaceEnd, FailureDay, FirstInstalmentTooSoon, HearingCounting,
    MentalHealthCrisisEnd, RecoveryPolicy, ShortMonth, SmallInstalments, SummonsAfterBalancePayable, WalesReminder,
};
use recovery_core::rules::tables::RuleTables;
use recovery_core::rules::timeline::{Action, Notice, NoticeKind, Payment, Timeline};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn ct(charge: &str, scheme: Scheme, bill: &str, year: i32, day: u32) -> Schedule {
    statutory_instalments(m(charge), scheme, d(bill), year, day, DebtType::CouncilTax, &RecoveryPolicy::default())
        .unwrap()
}

/// `(due_on, amount)` pairs as text, for assertions that read like the worked example.
fn pairs(s: &Schedule) -> Vec<(String, String)> {
    s.instalments.iter().map(|i| (i.due_on.to_string(), i.amount.to_string())).collect()
}

fn monthly(first: &str, n: usize, day: u32) -> Vec<String> {
    let mut out = Vec::new();
    let mut date = d(first);
    for _ in 0..n {
        out.push(date.to_string());
        date = date.checked_add_months(chrono::Months::new(1)).unwrap();
        date = date.with_day_clamped(day);
    }
    out
}

trait DayClamp {
    fn with_day_clamped(self, day: u32) -> NaiveDate;
}

impl DayClamp for NaiveDate {
    fn with_day_clamped(self, day: u32) -> NaiveDate {
        use chrono::Datelike;
        (1..=day).rev().find_map(|x| NaiveDate::from_ymd_opt(self.year(), self.month(), x)).unwrap()
    }
}

fn amounts(s: &Schedule) -> Vec<String> {
    s.instalments.iter().map(|i| i.amount.to_string()).collect()
}

fn dates(s: &Schedule) -> Vec<String> {
    s.instalments.iter().map(|i| i.due_on.to_string()).collect()
}

fn first_then(first: &str, rest: &str, n_rest: usize) -> Vec<String> {
    let mut v = vec![first.to_string()];
    v.extend(std::iter::repeat_n(rest.to_string(), n_rest));
    v
}

// ------------------------------------------------------------------------------------------- A. instalments

/// T01. SI 1992/613 Sch 1 para 2(3)(a) and 2(6): £1,843.57 over 10, bill issued March, first due 1 April:
/// A = round(184.357) = £184, B = 1,843.57 − 9 × 184 = £187.57.
#[test]
fn t01_ten_instalments_put_the_odd_pounds_and_pence_on_the_first() {
    let s = ct("1843.57", Scheme::Ten, "2026-03-10", 2026, 1);
    assert_eq!(amounts(&s), first_then("187.57", "184.00", 9));
    assert_eq!(dates(&s), monthly("2026-04-01", 10, 1));
    assert_eq!(dates(&s).last().unwrap(), "2027-01-01");
    assert_eq!(s.total, m("1843.57"));
    assert!(s.rules.iter().any(|r| r.regulation == "SI 1992/613 Sch 1 para 2(6)"));
}

/// T02. SI 1992/613 Sch 1 para 2(3A): 12 instalments on request received in March: A = £154, B = £149.57 (the
/// first is smaller, which is correct), 1 April – 1 March.
#[test]
fn t02_twelve_instalments_on_request_can_make_the_first_smaller() {
    let s = ct("1843.57", Scheme::Twelve, "2026-03-10", 2026, 1);
    assert_eq!(amounts(&s), first_then("149.57", "154.00", 11));
    assert_eq!(dates(&s), monthly("2026-04-01", 12, 1));
    assert_eq!(dates(&s).last().unwrap(), "2027-03-01");
    assert_eq!(s.total, m("1843.57"));
}

/// T03. SI 1992/613 Sch 1 para 2(6), rounding up: £1,999.99 over 10 → £199.99 then 9 × £200.00.
#[test]
fn t03_whole_pound_rule_rounds_up_to_the_nearest_pound() {
    let s = ct("1999.99", Scheme::Ten, "2026-03-10", 2026, 1);
    assert_eq!(amounts(&s), first_then("199.99", "200.00", 9));
    assert_eq!(s.total, m("1999.99"));
}

/// T04. SI 1992/613 Sch 1 para 2(5): an exact multiple of a pound → 10 × £150.00, no first-instalment adjustment.
#[test]
fn t04_an_exact_multiple_of_a_pound_gives_equal_instalments() {
    let s = ct("1500.00", Scheme::Ten, "2026-03-10", 2026, 1);
    assert_eq!(amounts(&s), first_then("150.00", "150.00", 9));
    assert!(s.rules.iter().any(|r| r.regulation == "SI 1992/613 Sch 1 para 2(5)"));
}

/// T05. SI 1992/613 Sch 1 para 2(3)(b) and 2(3A): bill issued 15 June 2026: July–March is 9 whole months, so 8
/// instalments (10 scheme) or 9 (12 scheme); £987.65 over 9: A = £110, B = £107.65.
#[test]
fn t05_a_bill_issued_in_june_has_one_fewer_than_the_whole_months_left() {
    let ten = ct("987.65", Scheme::Ten, "2026-06-15", 2026, 1);
    assert_eq!(ten.instalments.len(), 8);
    assert_eq!(dates(&ten), monthly("2026-07-01", 8, 1));
    assert!(ten.rules.iter().any(|r| r.regulation == "SI 1992/613 Sch 1 para 2(3)(b)"));

    let twelve = ct("987.65", Scheme::Twelve, "2026-06-15", 2026, 1);
    assert_eq!(amounts(&twelve), first_then("107.65", "110.00", 8));
    assert_eq!(dates(&twelve), monthly("2026-07-01", 9, 1));
    assert_eq!(twelve.total, m("987.65"));
}

/// T06. SI 1992/613 Sch 1 para 3(1)(b) ("may"): £42.00 over 10 gives A = £4, under £5. With the powers used
/// (the default policy): n = floor(42 ÷ 5) = 8, A = £5, B = £7.00 → £7.00 then 7 × £5.00. On the default
/// statutory path (no power used): £6.00 then 9 × £4.00. Para 2(7) alone: £10.00 then 8 × £4.00.
#[test]
fn t06_a_small_charge_may_use_fewer_instalments_of_at_least_five_pounds() {
    let s = ct("42.00", Scheme::Ten, "2026-03-10", 2026, 1);
    assert_eq!(amounts(&s), first_then("7.00", "5.00", 7));
    assert_eq!(dates(&s), monthly("2026-04-01", 8, 1), "the first 8 of the para 2 months");
    assert!(s.rules.iter().any(|r| r.regulation == "SI 1992/613 Sch 1 para 3(1)"));

    let statutory = RecoveryPolicy { small_instalments: SmallInstalments::Statutory, ..RecoveryPolicy::default() };
    let s = statutory_instalments(m("42.00"), Scheme::Ten, d("2026-03-10"), 2026, 1, DebtType::CouncilTax, &statutory)
        .unwrap();
    assert_eq!(amounts(&s), first_then("6.00", "4.00", 9));

    let merge = RecoveryPolicy { small_instalments: SmallInstalments::MergeFirstTwo, ..RecoveryPolicy::default() };
    let s =
        statutory_instalments(m("42.00"), Scheme::Ten, d("2026-03-10"), 2026, 1, DebtType::CouncilTax, &merge).unwrap();
    assert_eq!(amounts(&s), first_then("10.00", "4.00", 8));
    assert_eq!(s.instalments[1].due_on, d("2026-06-01"), "para 2(7) drops the second month");
}

/// T07. SI 1992/613 Sch 1 para 2(1): a bill issued 20 January 2027 for 2026/27 is one instalment, on the day the
/// notice states (DECISION: 14 days after the bill, reg 21's minimum).
#[test]
fn t07_a_bill_issued_from_1_january_is_a_single_instalment() {
    let s = ct("1843.57", Scheme::Ten, "2027-01-20", 2026, 1);
    assert_eq!(pairs(&s), vec![("2027-02-03".to_string(), "1843.57".to_string())]);
    assert!(s.rules.iter().any(|r| r.regulation == "SI 1992/613 Sch 1 para 2(1)"));
    let s = ct("1843.57", Scheme::Twelve, "2026-12-31", 2026, 1);
    assert_eq!(s.instalments.len(), 3, "31 December is still para 2: January–March");
}

/// T08. SI 1989/1058 Sch 1 para 1(5): business rates £12,345.67 over 10: A = £1,235, B = £1,230.67.
#[test]
fn t08_business_rates_use_the_same_whole_pound_rule() {
    let s = statutory_instalments(
        m("12345.67"),
        Scheme::Ten,
        d("2026-03-10"),
        2026,
        1,
        DebtType::BusinessRates,
        &RecoveryPolicy::default(),
    )
    .unwrap();
    assert_eq!(amounts(&s), first_then("1230.67", "1235.00", 9));
    assert_eq!(s.total, m("12345.67"));
    assert!(s.rules.iter().any(|r| r.regulation == "SI 1989/1058 Sch 1 para 1(5)"));
}

/// SI 1992/613 Sch 1 para 2(6) is silent on an exact half pound (recovery-rules.md §12 item 4): £1,845.00 ÷ 10 =
/// £184.50. Half up (the default DECISION): A = £185, B = £180.00. Half down: A = £184, B = £189.00.
#[test]
fn whole_pound_rounding_breaks_a_half_pound_tie_by_the_policy() {
    assert_eq!(m("1845.00").divide_to_nearest_pound(10, PoundTie::HalfUp), m("185.00"));
    assert_eq!(m("1845.00").divide_to_nearest_pound(10, PoundTie::HalfDown), m("184.00"));
    assert_eq!(m("1844.99").divide_to_nearest_pound(10, PoundTie::HalfUp), m("184.00"));
    assert_eq!(m("1845.01").divide_to_nearest_pound(10, PoundTie::HalfDown), m("185.00"));
    let up = ct("1845.00", Scheme::Ten, "2026-03-10", 2026, 1);
    assert_eq!(amounts(&up), first_then("180.00", "185.00", 9));
    let down_policy = RecoveryPolicy { instalment_tie: PoundTie::HalfDown, ..RecoveryPolicy::default() };
    let down =
        statutory_instalments(m("1845.00"), Scheme::Ten, d("2026-03-10"), 2026, 1, DebtType::CouncilTax, &down_policy)
            .unwrap();
    assert_eq!(amounts(&down), first_then("189.00", "184.00", 9));
}

/// SI 1992/613 Sch 1 para 2(6): B = C − (D − 1) × A, an exact product.
#[test]
fn instalments_put_the_odd_pounds_and_pence_on_the_first_instalment() {
    assert_eq!(m("184.00").times(9), m("1656.00"));
    assert_eq!(m("1843.57") - m("184.00").times(9), m("187.57"));
}

/// SI 1992/613 Sch 1 para 3(1)(b): the greatest n with £5 × n ≤ the charge.
#[test]
fn small_charge_uses_fewer_instalments_of_at_least_five_pounds() {
    assert_eq!(m("42.00").whole_multiples_of(m("5.00")), 8);
    assert_eq!(m("9.99").whole_multiples_of(m("5.00")), 1);
    assert_eq!(m("10.00").whole_multiples_of(m("5.00")), 2);
    assert_eq!(m("4.99").whole_multiples_of(m("5.00")), 0);
    // Para 3(1)(a): a charge under £10 is one instalment.
    let s = ct("9.99", Scheme::Ten, "2026-03-10", 2026, 1);
    assert_eq!(pairs(&s), vec![("2026-04-01".to_string(), "9.99".to_string())]);
    // Para 3 then para 2(7) (para 3(3)): £49.99 → 2(7) first: £9.99 + 8 × £5.00, all at least £5.
    let s = ct("49.99", Scheme::Ten, "2026-03-10", 2026, 1);
    assert_eq!(amounts(&s), first_then("9.99", "5.00", 8));
}

// ----------------------------------------------------------------------------------- instalment day of month

/// SI 1992/613 Sch 1 para 2(4): the council's day in each month; the 31st falls on the last day of a 30-day
/// month (DECISION, policy `short_month`), or the schedule is refused.
#[test]
fn instalment_day_31_falls_on_the_last_day_of_shorter_months() {
    let s = ct("1000.00", Scheme::Ten, "2026-03-10", 2026, 31);
    let want = [
        "2026-04-30",
        "2026-05-31",
        "2026-06-30",
        "2026-07-31",
        "2026-08-31",
        "2026-09-30",
        "2026-10-31",
        "2026-11-30",
        "2026-12-31",
        "2027-01-31",
    ];
    assert_eq!(dates(&s), want);
    assert!(s.rules.iter().any(|r| r.rule == "short_month_last_day"));
    let refuse = RecoveryPolicy { short_month: ShortMonth::Refuse, ..RecoveryPolicy::default() };
    let err =
        statutory_instalments(m("1000.00"), Scheme::Ten, d("2026-03-10"), 2026, 31, DebtType::CouncilTax, &refuse)
            .unwrap_err();
    assert_eq!(err.code(), "validation");
}

/// SI 1992/613 Sch 1 para 2(4): February has 28 days in 2027 and 29 in 2028.
#[test]
fn instalment_day_in_february_is_the_28th_or_the_29th_in_a_leap_year() {
    let s = ct("1200.00", Scheme::Twelve, "2026-03-10", 2026, 30);
    assert_eq!(s.instalments[10].due_on, d("2027-02-28"));
    assert_eq!(s.instalments[11].due_on, d("2027-03-30"));
    let s = ct("1200.00", Scheme::Twelve, "2027-03-10", 2027, 29);
    assert_eq!(s.instalments[10].due_on, d("2028-02-29"));
    assert_eq!(s.instalments[0].due_on, d("2027-04-29"));
}

/// SI 1992/613 reg 21: the first instalment at least 14 days after the bill. A 10-instalment bill of 25 March
/// with day 1 starts on 1 May (May–February); a 12-instalment one cannot start a month later and still fit, so
/// its first instalment falls on 8 April (DECISION: policy `first_instalment_too_soon`), or it is refused.
#[test]
fn the_first_instalment_is_at_least_14_days_after_the_bill() {
    let s = ct("1000.00", Scheme::Ten, "2026-03-25", 2026, 1);
    assert_eq!(dates(&s), monthly("2026-05-01", 10, 1));
    let s = ct("1200.00", Scheme::Twelve, "2026-03-25", 2026, 1);
    assert_eq!(s.instalments[0].due_on, d("2026-04-08"));
    assert_eq!(dates(&s)[1..], monthly("2026-05-01", 11, 1)[..]);
    let refuse =
        RecoveryPolicy { first_instalment_too_soon: FirstInstalmentTooSoon::Refuse, ..RecoveryPolicy::default() };
    let err =
        statutory_instalments(m("1200.00"), Scheme::Twelve, d("2026-03-25"), 2026, 1, DebtType::CouncilTax, &refuse)
            .unwrap_err();
    assert_eq!(err.code(), "rule_refused");
    // A day late in the month lets the first month stand: bill 25 March, day 15 → 15 April is 21 days later.
    let s = ct("1200.00", Scheme::Twelve, "2026-03-25", 2026, 15);
    assert_eq!(s.instalments[0].due_on, d("2026-04-15"));
    // Bill 20 June (12 scheme, 9 instalments): 1 July is too soon, so 4 July, then 1 August – 1 March.
    let s = ct("900.00", Scheme::Twelve, "2026-06-20", 2026, 1);
    assert_eq!(s.instalments.len(), 9);
    assert_eq!(s.instalments[0].due_on, d("2026-07-04"));
    assert_eq!(s.instalments[8].due_on, d("2027-03-01"));
}

/// Only council tax and business rates have statutory instalments; a negative charge is refused.
#[test]
fn statutory_instalments_refuse_other_debts_and_negative_charges() {
    let p = RecoveryPolicy::default();
    let e = statutory_instalments(m("10.00"), Scheme::Ten, d("2026-03-10"), 2026, 1, DebtType::Sundry, &p).unwrap_err();
    assert_eq!(e.code(), "validation");
    let e =
        statutory_instalments(m("-1.00"), Scheme::Ten, d("2026-03-10"), 2026, 1, DebtType::CouncilTax, &p).unwrap_err();
    assert_eq!(e.code(), "validation");
    let e = statutory_instalments(m("10.00"), Scheme::Twelve, d("2012-03-10"), 2012, 1, DebtType::CouncilTax, &p)
        .unwrap_err();
    assert!(e.to_string().contains("2013/14"), "{e}");
}

/// SI 1992/613 Sch 1 para 10: a revised charge is spread over the instalments still to fall due (at least 14
/// days after the revised notice, DECISION), whole pounds with the rest on the first of them.
#[test]
fn a_revised_charge_is_spread_over_the_remaining_instalments() {
    let s = ct("1800.00", Scheme::Ten, "2026-03-10", 2026, 1);
    // Revised to £1,500.00 on 10 July: April–July (4 × £180 = £720) stand; Aug–Jan (6) share £780 = 6 × £130.
    let r = revise_instalments(
        &s.instalments,
        m("1500.00"),
        d("2026-07-10"),
        2026,
        DebtType::CouncilTax,
        &RecoveryPolicy::default(),
    )
    .unwrap();
    assert_eq!(
        amounts(&r),
        ["180.00", "180.00", "180.00", "180.00", "130.00", "130.00", "130.00", "130.00", "130.00", "130.00"]
    );
    assert_eq!(r.total, m("1500.00"));
    // Revised on 20 July: 1 August is less than 14 days away, so it keeps £180; Sep–Jan (5) share £600 = 5 × £120.
    let r = revise_instalments(
        &s.instalments,
        m("1500.00"),
        d("2026-07-20"),
        2026,
        DebtType::CouncilTax,
        &RecoveryPolicy::default(),
    )
    .unwrap();
    assert_eq!(amounts(&r)[4..], ["180.00", "120.00", "120.00", "120.00", "120.00", "120.00"]);
    // Revised below what has already fallen due: the latest are reduced; the total is the new charge.
    let r = revise_instalments(
        &s.instalments,
        m("500.00"),
        d("2026-07-10"),
        2026,
        DebtType::CouncilTax,
        &RecoveryPolicy::default(),
    )
    .unwrap();
    assert_eq!(amounts(&r), ["180.00", "180.00", "140.00"]);
    assert_eq!(r.total, m("500.00"));
    // Revised up after the last instalment: the difference falls due 14 days after the revised notice.
    let r = revise_instalments(
        &s.instalments,
        m("1900.00"),
        d("2027-01-20"),
        2026,
        DebtType::CouncilTax,
        &RecoveryPolicy::default(),
    )
    .unwrap();
    assert_eq!(r.instalments.last().unwrap(), &Instalment { number: 11, due_on: d("2027-02-03"), amount: m("100.00") });
}

// ------------------------------------------------------------------------- B. reminder, final notice, LO

/// The 2026/27 bill of T44: £1,800.00 in 10 × £180.00 on the 1st, April – January.
fn bill_1800() -> Vec<Instalment> {
    ct("1800.00", Scheme::Ten, "2026-03-10", 2026, 1).instalments
}

fn paid(on: &str, amount: &str) -> Payment {
    Payment { on: d(on), amount: m(amount) }
}

fn notice(kind: NoticeKind, on: &str) -> Notice {
    Notice::new(kind, d(on))
}

fn timeline(
    j: Jurisdiction,
    payments: &[Payment],
    notices: &[Notice],
    today: &str,
    policy: &RecoveryPolicy,
) -> Timeline {
    let instalments = bill_1800();
    let facts = LiabilityFacts { jurisdiction: j, instalments: &instalments, payments, notices };
    council_tax_timeline(&facts, d(today), &RuleTables::shipped(), policy).unwrap()
}

fn england(payments: &[Payment], notices: &[Notice], today: &str) -> Timeline {
    timeline(Jurisdiction::England, payments, notices, today, &RecoveryPolicy::default())
}

fn next(t: &Timeline) -> (Action, String, &'static str) {
    let s = t.next.as_ref().expect("a next step");
    (s.action, s.on.to_string(), s.regulation)
}

/// T09. SI 1992/613 reg 23(1) and 23(3): the instalment due Fri 1 May 2026 is unpaid; a reminder is due. Issued
/// Tue 12 May, its window is 12–18 May; unpaid, the balance is payable Tue 26 May under reading (b) (the
/// default) or Mon 25 May under reading (a); no final notice is needed before a summons (reg 33 as amended by SI 1994/505).
#[test]
fn t09_first_default_reminder_then_balance_payable_after_seven_plus_seven_days() {
    let pays = [paid("2026-04-01", "180.00")];
    let t = england(&pays, &[], "2026-05-05");
    assert_eq!(next(&t), (Action::Reminder, "2026-05-08".into(), "SI 1992/613 reg 23(1)"));
    assert_eq!(t.missed.len(), 1);
    assert_eq!((t.missed[0].due_on, t.missed[0].unpaid), (d("2026-05-01"), m("180.00")));

    let reminder = [notice(NoticeKind::Reminder, "2026-05-12")];
    let t = england(&pays, &reminder, "2026-05-14");
    assert_eq!(next(&t), (Action::BalancePayable, "2026-05-26".into(), "SI 1992/613 reg 23(3)"));
    assert!(t.next.as_ref().unwrap().reason.contains("unless £180.00 is paid by 2026-05-18"), "{:?}", t.next);

    let t = england(&pays, &reminder, "2026-05-20");
    assert_eq!(t.balance_payable_on, Some(d("2026-05-26")));
    assert!(!t.final_notice_required, "reg 33 (SI 1994/505): no final notice after reg 23(3)");
    assert_eq!(next(&t), (Action::Summons, "2026-05-27".into(), "SI 1992/613 reg 34(1)"));
    assert_eq!(t.earliest_summons_on, Some(d("2026-05-27")));
    assert!(t.steps.iter().any(|s| s.action == Action::BalancePayable
        && s.on == d("2026-05-26")
        && s.rule == "instalments_lost_after_reminder"));
    assert_eq!(t.balance, m("1620.00"));
    assert_eq!(t.limitation_last_day, Some(d("2032-04-30")));

    let a = RecoveryPolicy { failure_day: FailureDay::LastDayOfWindow, ..RecoveryPolicy::default() };
    let t = timeline(Jurisdiction::England, &pays, &reminder, "2026-05-20", &a);
    assert_eq!(t.balance_payable_on, Some(d("2026-05-25")), "reading (a): failure day 18 May");
    let same_day = RecoveryPolicy {
        summons_after_balance_payable: SummonsAfterBalancePayable::SameDay,
        ..RecoveryPolicy::default()
    };
    let t = timeline(Jurisdiction::England, &pays, &reminder, "2026-05-27", &same_day);
    assert_eq!(next(&t).1, "2026-05-26");

    // Paid in the window: the right to instalments stands and nothing is due.
    let pays2 = [paid("2026-04-01", "180.00"), paid("2026-05-18", "180.00")];
    let t = england(&pays2, &reminder, "2026-05-20");
    assert_eq!(t.balance_payable_on, None);
    assert_eq!(t.next, None);
}

/// T09 projected: from a missed instalment, the timetable shows what follows if the council acts on each
/// earliest day and nothing is paid: reminder 8 May, balance payable 22 May, summons 23 May.
#[test]
fn t09_projection_shows_the_reminder_the_balance_and_the_summons() {
    let t = england(&[paid("2026-04-01", "180.00")], &[], "2026-05-05");
    let got: Vec<(Action, String)> = t.projection.iter().map(|s| (s.action, s.on.to_string())).collect();
    assert_eq!(
        got,
        vec![
            (Action::Reminder, "2026-05-08".to_string()),
            (Action::BalancePayable, "2026-05-22".to_string()),
            (Action::Summons, "2026-05-23".to_string()),
        ]
    );
}

fn t10_payments() -> Vec<Payment> {
    vec![
        paid("2026-04-01", "180.00"),
        paid("2026-05-14", "180.00"), // in line with reminder 1 (12 May)
        paid("2026-06-01", "180.00"),
        paid("2026-07-13", "180.00"), // in line with reminder 2 (10 July)
        paid("2026-08-01", "180.00"),
        paid("2026-09-01", "180.00"),
    ]
}

/// T10. SI 1992/613 reg 23(4), reg 33 and reg 34(1): paid in line with the second reminder of the year, then the
/// 1 October instalment is missed: no reminder; the unpaid balance is payable 2 October; a final notice is
/// required; issued 5 October, its 7 days are 5–11 October, so a complaint from 12 October.
#[test]
fn t10_third_default_makes_the_balance_payable_the_next_day_and_needs_a_final_notice() {
    let reminders = [notice(NoticeKind::Reminder, "2026-05-12"), notice(NoticeKind::Reminder, "2026-07-10")];
    let t = england(&t10_payments(), &reminders, "2026-10-03");
    assert_eq!(t.balance_payable_on, Some(d("2026-10-02")));
    assert!(t.steps.iter().any(|s| s.rule == "third_default" && s.regulation == "SI 1992/613 reg 23(4)"));
    assert!(t.final_notice_required);
    assert_eq!(next(&t), (Action::FinalNotice, "2026-10-02".into(), "SI 1992/613 reg 33(1)"));
    assert_eq!(t.earliest_summons_on, Some(d("2026-10-09")), "final notice 2 Oct, its 7 days 2–8 Oct");
    assert_eq!(t.arrears, m("720.00"), "the whole unpaid balance is due");

    let mut with_final = reminders.to_vec();
    with_final.push(notice(NoticeKind::FinalNotice, "2026-10-05"));
    let t = england(&t10_payments(), &with_final, "2026-10-08");
    assert_eq!(next(&t), (Action::Summons, "2026-10-12".into(), "SI 1992/613 reg 34(1)"));
    let t = england(&t10_payments(), &with_final, "2026-10-12");
    assert_eq!(next(&t), (Action::Summons, "2026-10-12".into(), "SI 1992/613 reg 34(1)"));
    // A summons issued ends the timetable's proposals.
    with_final.push(notice(NoticeKind::Summons, "2026-10-14"));
    assert_eq!(england(&t10_payments(), &with_final, "2026-10-20").next, None);
}

/// Reg 23(1)(iv): after one complied reminder, a later missed instalment gets the second reminder of the year.
#[test]
fn a_second_default_gets_the_second_reminder_of_the_year() {
    let pays = &t10_payments()[..3];
    let t = england(pays, &[notice(NoticeKind::Reminder, "2026-05-12")], "2026-07-03");
    assert_eq!(next(&t), (Action::SecondReminder, "2026-07-08".into(), "SI 1992/613 reg 23(1)"));
}

/// T11. SI 1992/613 reg 23(2)(a) and reg 33: in February the 10-instalment plan has ended with arrears: no
/// reminder is required; a final notice is required before liability-order action.
#[test]
fn t11_once_all_instalments_have_fallen_due_a_final_notice_not_a_reminder() {
    let pays: Vec<Payment> = (4..=11).map(|mo| paid(&format!("2026-{mo:02}-01"), "180.00")).collect();
    let t = england(&pays, &[], "2027-02-10");
    assert!(t.final_notice_required);
    let (action, on, regulation) = next(&t);
    assert_eq!((action, on.as_str()), (Action::FinalNotice, "2027-01-02"));
    assert_eq!(regulation, "SI 1992/613 regs 23(2)(a) and 33(1)");
    assert_eq!(t.arrears, m("360.00"));
    assert_eq!(t.missed.len(), 2);
}

/// T12. SI 1992/613 reg 35(2A): summons deemed served Mon 1 June 2026: the earliest liability-order hearing is
/// Tue 16 June (14 whole days, 2–15 June); a hearing listed for 12 June is refused for that defendant.
#[test]
fn t12_no_liability_order_until_14_days_after_service() {
    let p = RecoveryPolicy::default();
    let s = earliest_liability_order_hearing(d("2026-06-01"), &p);
    assert_eq!((s.on, s.regulation), (d("2026-06-16"), "SI 1992/613 reg 35(2A)"));
    let e = check_hearing_date(d("2026-06-01"), d("2026-06-12"), &p).unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    assert!(e.to_string().contains("2026-06-16"), "{e}");
    assert!(check_hearing_date(d("2026-06-01"), d("2026-06-16"), &p).is_ok());
    let other = RecoveryPolicy { hearing_counting: HearingCounting::FourteenDaysAfter, ..RecoveryPolicy::default() };
    assert_eq!(earliest_liability_order_hearing(d("2026-06-01"), &other).on, d("2026-06-15"));
}

/// T13. SI 1992/613 reg 34(5) and (8): a summons for £820.00 with £70.00 costs; £890.00 tendered before the
/// hearing → paid, the application does not proceed; £820.00 tendered → a costs-only order for £70.00 may be
/// asked for.
#[test]
fn t13_payment_before_the_hearing_stops_the_application_or_leaves_costs() {
    assert_eq!(tender_before_hearing(m("820.00"), m("70.00"), m("890.00")), Tender::ApplicationNotToProceed);
    assert_eq!(
        tender_before_hearing(m("820.00"), m("70.00"), m("820.00")),
        Tender::CostsOnlyOrder { costs: m("70.00") }
    );
    assert_eq!(
        tender_before_hearing(m("820.00"), m("70.00"), m("500.00")),
        Tender::Proceeds { outstanding: m("390.00") }
    );
}

/// T14. SI 1992/613 reg 34(3): a sum due 1 April 2020 may be the subject of a complaint until 31 March 2026
/// (6 years beginning with the due day); a complaint on 1 April 2026 is refused.
#[test]
fn t14_no_complaint_after_six_years_beginning_with_the_due_day() {
    let t = RuleTables::shipped();
    let ok = check_in_time(DebtType::CouncilTax, Jurisdiction::England, d("2020-04-01"), d("2026-03-31"), &t).unwrap();
    assert_eq!((ok.on, ok.regulation), (d("2026-03-31"), "SI 1992/613 reg 34(3)"));
    let e =
        check_in_time(DebtType::CouncilTax, Jurisdiction::England, d("2020-04-01"), d("2026-04-01"), &t).unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    // The Limitation Act counts from the day after: a sundry invoice due 1 April 2020 may be claimed on 1 April 2026.
    let s = limitation::limitation_step(DebtType::Sundry, Jurisdiction::England, d("2020-04-01"), &t).unwrap();
    assert_eq!((s.on, s.regulation), (d("2026-04-01"), "Limitation Act 1980 s5"));
    // Care Act 2014 s69(3): 6 years for sums due from 1 April 2015, 3 before.
    let s = limitation::limitation_step(DebtType::AdultSocialCare, Jurisdiction::England, d("2015-04-01"), &t).unwrap();
    assert_eq!(s.on, d("2021-04-01"));
    let s = limitation::limitation_step(DebtType::AdultSocialCare, Jurisdiction::England, d("2015-03-31"), &t).unwrap();
    assert_eq!(s.on, d("2018-03-31"));
    assert_eq!(limitation::last_day(d("2024-02-29"), 6, limitation::Counting::BeginningWithDueDay), d("2030-02-27"));
}

/// T15. WSI 2025/1109 (Wales, from 1 April 2026) ⚠: instalment missed Fri 1 May 2026 → earliest final notice Thu
/// 11 June (41 days later); 21 days to pay, 11 June – 1 July; the balance is payable Thu 2 July (day 62); a
/// liability order may be applied for from Fri 3 July (day 63). No reg 23 reminder duty applies.
#[test]
fn t15_wales_final_notice_41_days_after_the_missed_instalment_then_21_days_to_pay() {
    let pays = [paid("2026-04-01", "180.00")];
    let p = RecoveryPolicy::default();
    let t = timeline(Jurisdiction::Wales, &pays, &[], "2026-05-05", &p);
    assert!(t.final_notice_required);
    let (action, on, regulation) = next(&t);
    assert_eq!((action, on.as_str()), (Action::FinalNotice, "2026-06-11"));
    assert!(regulation.starts_with("WSI 2025/1109"));
    let got: Vec<(Action, String)> = t.projection.iter().map(|s| (s.action, s.on.to_string())).collect();
    assert_eq!(
        got,
        vec![
            (Action::FinalNotice, "2026-06-11".to_string()),
            (Action::BalancePayable, "2026-07-02".to_string()),
            (Action::Summons, "2026-07-03".to_string()),
        ]
    );

    let fnotice = [notice(NoticeKind::FinalNotice, "2026-06-11")];
    let t = timeline(Jurisdiction::Wales, &pays, &fnotice, "2026-06-20", &p);
    assert_eq!(next(&t).0, Action::BalancePayable);
    assert!(t.next.as_ref().unwrap().reason.contains("2026-06-11–2026-07-01"), "{:?}", t.next);
    let t = timeline(Jurisdiction::Wales, &pays, &fnotice, "2026-07-05", &p);
    assert_eq!(t.balance_payable_on, Some(d("2026-07-02")));
    assert_eq!(next(&t).0, Action::Summons);
    assert_eq!(next(&t).1, "2026-07-03");

    // A reminder (optional) pushes the final notice to 14 days after it: reminder 5 June → 19 June.
    let rem = [notice(NoticeKind::Reminder, "2026-06-05")];
    let t = timeline(Jurisdiction::Wales, &pays, &rem, "2026-06-06", &p);
    assert_eq!(next(&t).1, "2026-06-19");
    // The other reading (a reminder is required): no reminder yet → the reminder comes first.
    let required = RecoveryPolicy { wales_reminder: WalesReminder::Required, ..RecoveryPolicy::default() };
    let t = timeline(Jurisdiction::Wales, &pays, &[], "2026-05-05", &required);
    assert_eq!(next(&t).0, Action::Reminder);
    let t = timeline(Jurisdiction::Wales, &pays, &rem, "2026-06-06", &required);
    assert_eq!((next(&t).0, next(&t).1.as_str()), (Action::FinalNotice, "2026-06-19"));
}

/// Wales before 1 April 2026 keeps the reg 23 timetable (the Welsh rule values start on 1 April 2026).
#[test]
fn wales_before_april_2026_follows_regulation_23() {
    let instalments = ct("1800.00", Scheme::Ten, "2025-03-10", 2025, 1).instalments;
    let pays = [paid("2025-04-01", "180.00")];
    let facts =
        LiabilityFacts { jurisdiction: Jurisdiction::Wales, instalments: &instalments, payments: &pays, notices: &[] };
    let t = council_tax_timeline(&facts, d("2025-05-05"), &RuleTables::shipped(), &RecoveryPolicy::default()).unwrap();
    assert_eq!(next(&t), (Action::Reminder, "2025-05-08".into(), "SI 1992/613 reg 23(1)"));
}

// ------------------------------------------------------------------------------------- business rates

fn nndr(payments: &[Payment], notices: &[Notice], today: &str, policy: &RecoveryPolicy) -> Timeline {
    let instalments = statutory_instalments(
        m("12345.67"),
        Scheme::Ten,
        d("2026-03-10"),
        2026,
        1,
        DebtType::BusinessRates,
        &RecoveryPolicy::default(),
    )
    .unwrap()
    .instalments;
    let facts = LiabilityFacts { jurisdiction: Jurisdiction::England, instalments: &instalments, payments, notices };
    business_rates_timeline(&facts, d(today), &RuleTables::shipped(), policy).unwrap()
}

/// SI 1989/1058 reg 8(1)–(2)(a) and reg 12: a missed instalment gets the one further notice of the year; not paid
/// in its 7 days, the balance is payable at the end of a further 7 days and no reg 11 reminder is needed.
#[test]
fn business_rates_further_notice_then_balance_payable_without_a_reminder() {
    let p = RecoveryPolicy::default();
    let pays = [paid("2026-04-01", "1230.67")];
    let t = nndr(&pays, &[], "2026-05-05", &p);
    assert_eq!(next(&t), (Action::Reminder, "2026-05-08".into(), "SI 1989/1058 reg 8(1)"));
    let further = [notice(NoticeKind::Reminder, "2026-05-12")];
    let t = nndr(&pays, &further, "2026-05-20", &p);
    assert_eq!(t.balance_payable_on, Some(d("2026-05-26")));
    assert!(!t.final_notice_required);
    assert_eq!(next(&t), (Action::Summons, "2026-05-27".into(), "SI 1989/1058 reg 12(1)"));
    assert_eq!(t.limitation_last_day, Some(d("2032-04-30")));
}

/// SI 1989/1058 reg 8(2)(b) and reg 11: after paying in line with the further notice, any later missed
/// instalment makes the balance payable at the end of 7 days beginning with the day of the failure (no second
/// further notice), and a reg 11 reminder must precede the complaint, which follows its 7 days.
#[test]
fn business_rates_have_only_one_further_notice_a_year() {
    let p = RecoveryPolicy::default();
    let pays = [paid("2026-04-01", "1230.67"), paid("2026-05-14", "1235.00"), paid("2026-06-01", "1235.00")];
    let further = [notice(NoticeKind::Reminder, "2026-05-12")];
    let t = nndr(&pays, &further, "2026-07-03", &p);
    // July missed: failure day 2 July (reading b) → 2–8 July → payable 9 July.
    assert_eq!(t.balance_payable_on, Some(d("2026-07-09")));
    assert!(t.steps.iter().any(|s| s.regulation == "SI 1989/1058 reg 8(2)(b)"));
    assert!(t.final_notice_required);
    assert_eq!(next(&t).0, Action::FinalNotice);
    assert_eq!(next(&t).1, "2026-07-09");
    let a = RecoveryPolicy { failure_day: FailureDay::LastDayOfWindow, ..RecoveryPolicy::default() };
    assert_eq!(nndr(&pays, &further, "2026-07-03", &a).balance_payable_on, Some(d("2026-07-08")));
    let mut with_reminder = further.to_vec();
    with_reminder.push(notice(NoticeKind::FinalNotice, "2026-07-10"));
    let t = nndr(&pays, &with_reminder, "2026-07-20", &p);
    assert_eq!(next(&t), (Action::Summons, "2026-07-17".into(), "SI 1989/1058 reg 12(1)"));
}

// ---------------------------------------------------------------------------- invoices (HBOP, sundry, ASC)

fn invoice(debt: DebtType, notices: &[Notice], dpa: DeferredPayment, today: &str) -> Timeline {
    let facts = InvoiceFacts {
        debt,
        jurisdiction: Jurisdiction::England,
        invoice_date: d("2026-04-01"),
        due_on: None,
        amount: m("250.00"),
        payments: &[],
        notices,
        deferred_payment: dpa,
    };
    invoice_timeline(&facts, d(today), &RuleTables::shipped(), &RecoveryPolicy::default()).unwrap()
}

/// Sundry debt (recovery-rules.md §6.2): invoice → reminder → final → Pre-Action Protocol letter of claim → claim
/// no sooner than 30 days after the letter; the intervals are the council's policy.
#[test]
fn sundry_invoice_goes_reminder_final_letter_of_claim_then_county_court() {
    let t = invoice(DebtType::Sundry, &[], DeferredPayment::NotApplicable, "2026-05-02");
    // 30 days' terms: due 1 May; reminder 14 days later.
    assert_eq!(next(&t).0, Action::Reminder);
    assert_eq!(next(&t).1, "2026-05-15");
    let got: Vec<(Action, String)> = t.projection.iter().map(|s| (s.action, s.on.to_string())).collect();
    assert_eq!(
        got,
        vec![
            (Action::Reminder, "2026-05-15".to_string()),
            (Action::FinalNotice, "2026-05-29".to_string()),
            (Action::LetterOfClaim, "2026-06-12".to_string()),
            (Action::CountyCourtOrAgency, "2026-07-13".to_string()),
        ]
    );
    assert_eq!(t.projection[3].regulation, "Pre-Action Protocol for Debt Claims paras 3, 5 (30 days to reply)");
    assert_eq!(t.limitation_last_day, Some(d("2032-05-01")));
}

/// Care Act 2014 s69(2): where a deferred payment agreement could be offered, it must be offered and refused
/// before the council sues for adult social care charges.
#[test]
fn adult_social_care_offers_a_deferred_payment_before_court() {
    let notices = [notice(NoticeKind::Reminder, "2026-05-13"), notice(NoticeKind::FinalNotice, "2026-05-27")];
    let t = invoice(DebtType::AdultSocialCare, &notices, DeferredPayment::NotYetOffered, "2026-06-15");
    assert_eq!(next(&t), (Action::OfferDeferredPayment, "2026-06-10".into(), "Care Act 2014 s69(2)"));
    assert_eq!(invoice(DebtType::AdultSocialCare, &notices, DeferredPayment::Offered, "2026-06-15").next, None);
    let t = invoice(DebtType::AdultSocialCare, &notices, DeferredPayment::Refused, "2026-06-15");
    assert_eq!(next(&t).0, Action::LetterOfClaim);
}

/// Housing Benefit overpayment (recovery-rules.md §6.1): no liability order; after the final notice, a county
/// court claim or agency referral (DEA and deductions are chosen by an officer).
#[test]
fn hb_overpayment_invoice_goes_to_county_court_or_agency_after_the_final_notice() {
    let notices = [notice(NoticeKind::Reminder, "2026-05-10"), notice(NoticeKind::FinalNotice, "2026-05-24")];
    let t = invoice(DebtType::HbOverpayment, &notices, DeferredPayment::NotApplicable, "2026-06-15");
    assert_eq!(next(&t).0, Action::CountyCourtOrAgency);
    assert_eq!(next(&t).1, "2026-06-07");
    let e = invoice_timeline(
        &InvoiceFacts {
            debt: DebtType::CouncilTax,
            jurisdiction: Jurisdiction::England,
            invoice_date: d("2026-04-01"),
            due_on: None,
            amount: m("1.00"),
            payments: &[],
            notices: &[],
            deferred_payment: DeferredPayment::NotApplicable,
        },
        d("2026-06-15"),
        &RuleTables::shipped(),
        &RecoveryPolicy::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "validation");
}

// -------------------------------------------------------------------------------- G. Breathing Space etc.

/// T43. SI 2020/1311 regs 26(1), 17 and 27: entered on the register Fri 29 May 2026 → starts Sat 30 May; review
/// request by Thu 18 June (20 days beginning with the start); midway review 23 June – 3 July (days 25–35); end
/// from the notice, or computed as 60 days beginning with the start: Tue 28 July ⚠ (the other reading: 29 July).
#[test]
fn t43_standard_breathing_space_starts_the_day_after_entry_and_lasts_60_days() {
    let p = RecoveryPolicy::default();
    let notice = MoratoriumNotice {
        kind: MoratoriumKind::Standard,
        entered_on: d("2026-05-29"),
        ends_on: None,
        treatment_ended_on: None,
        cancelled_on: None,
    };
    let mo = moratorium(&notice, &p);
    assert_eq!(mo.starts_on, d("2026-05-30"));
    assert_eq!(mo.review_request_by, d("2026-06-18"));
    assert_eq!(mo.midway_review, Some((d("2026-06-23"), d("2026-07-03"))));
    assert_eq!((mo.ends_on, mo.end_from), (Some(d("2026-07-28")), EndFrom::Computed));
    assert!(mo
        .steps
        .iter()
        .any(|s| s.action == Action::CreditorReviewDeadline && s.regulation == "SI 2020/1311 reg 17"));
    assert!(mo.in_force_on(d("2026-07-28")) && !mo.in_force_on(d("2026-07-29")) && !mo.in_force_on(d("2026-05-29")));
    let e = mo.refuse_if_in_force(d("2026-06-01")).unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    assert!(e.to_string().starts_with("Breathing Space moratorium until 2026-07-28"), "{e}");

    let later =
        RecoveryPolicy { breathing_space_end: BreathingSpaceEnd::SixtyDaysAfterStart, ..RecoveryPolicy::default() };
    assert_eq!(moratorium(&notice, &later).ends_on, Some(d("2026-07-29")));
    let from_notice = MoratoriumNotice { ends_on: Some(d("2026-07-30")), ..notice };
    assert_eq!(moratorium(&from_notice, &p).end_from, EndFrom::Notice);
    assert_eq!(moratorium(&from_notice, &p).ends_on, Some(d("2026-07-30")));
    let cancelled = MoratoriumNotice { cancelled_on: Some(d("2026-06-20")), ..notice };
    assert_eq!(moratorium(&cancelled, &p).ends_on, Some(d("2026-06-20")));
}

/// SI 2020/1311 Part 3: a mental health crisis moratorium has no end date until treatment ends; then it ends 30
/// days after (the other reading: 30 days beginning with the day treatment ends). No midway review.
#[test]
fn mental_health_crisis_moratorium_ends_30_days_after_treatment() {
    let p = RecoveryPolicy::default();
    let open = MoratoriumNotice {
        kind: MoratoriumKind::MentalHealthCrisis,
        entered_on: d("2026-05-29"),
        ends_on: None,
        treatment_ended_on: None,
        cancelled_on: None,
    };
    let mo = moratorium(&open, &p);
    assert_eq!((mo.starts_on, mo.ends_on, mo.end_from), (d("2026-05-30"), None, EndFrom::Open));
    assert_eq!(mo.midway_review, None);
    assert!(mo.in_force_on(d("2027-05-30")));
    assert!(mo.refuse_if_in_force(d("2026-06-01")).unwrap_err().to_string().contains("no end date"));
    let ended = MoratoriumNotice { treatment_ended_on: Some(d("2026-09-10")), ..open };
    assert_eq!(moratorium(&ended, &p).ends_on, Some(d("2026-10-10")));
    let other = RecoveryPolicy {
        mental_health_crisis_end: MentalHealthCrisisEnd::ThirtyDaysBeginningWithTreatmentEnd,
        ..RecoveryPolicy::default()
    };
    assert_eq!(moratorium(&ended, &other).ends_on, Some(d("2026-10-09")));
}

/// T44. SI 2020/1311 reg 5(4)(k): 2026/27 bill £1,800 (10 × £180); April–June paid; July missed; no reminder;
/// moratorium starts 10 July → covered £180 (the missed July instalment), not Aug–Jan. With a reminder served
/// 8 July → the whole £1,260 unpaid balance. Under the literal reading (policy) nothing is covered before a
/// reminder.
#[test]
fn t44_council_tax_covered_is_arrears_until_a_reminder_then_the_whole_year() {
    let p = RecoveryPolicy::default();
    let pays = [paid("2026-04-01", "180.00"), paid("2026-05-01", "180.00"), paid("2026-06-01", "180.00")];
    let start = d("2026-07-10");
    let c = liability_covered(DebtType::CouncilTax, &bill_1800(), &pays, &[], start, &p).unwrap();
    assert_eq!((c.covered, c.not_covered), (m("180.00"), m("1080.00")));
    assert_eq!(c.regulation, "SI 2020/1311 reg 5(4)(k)");
    let reminder = [notice(NoticeKind::Reminder, "2026-07-08")];
    let c = liability_covered(DebtType::CouncilTax, &bill_1800(), &pays, &reminder, start, &p).unwrap();
    assert_eq!((c.covered, c.not_covered), (m("1260.00"), m("0.00")));
    let literal =
        RecoveryPolicy { breathing_space_arrears: BreathingSpaceArrears::Literal, ..RecoveryPolicy::default() };
    let c = liability_covered(DebtType::CouncilTax, &bill_1800(), &pays, &[], start, &literal).unwrap();
    assert_eq!((c.covered, c.not_covered), (m("0.00"), m("1260.00")));
    // All instalments fallen due with one unpaid: the whole unpaid balance, under either reading.
    let c = liability_covered(DebtType::CouncilTax, &bill_1800(), &pays, &[], d("2027-02-10"), &literal).unwrap();
    assert_eq!(c.covered, m("1260.00"));
    // Business rates, reg 5(4)(l): the further notice plays the reminder's part.
    let c = liability_covered(DebtType::BusinessRates, &bill_1800(), &pays, &reminder, start, &p).unwrap();
    assert_eq!((c.covered, c.regulation), (m("1260.00"), "SI 2020/1311 reg 5(4)(l)"));
}

/// SI 2020/1311 reg 6: invoice debt owed before the start is covered; debt arising after is not; a fraud
/// overpayment is held unless the policy releases it (⚠).
#[test]
fn invoice_debt_is_covered_if_owed_before_the_start() {
    let p = RecoveryPolicy::default();
    let start = d("2026-07-10");
    assert_eq!(invoice_covered(DebtType::Sundry, d("2026-07-09"), m("50.00"), false, start, &p).covered, m("50.00"));
    assert_eq!(invoice_covered(DebtType::Sundry, d("2026-07-10"), m("50.00"), false, start, &p).covered, m("0.00"));
    assert_eq!(
        invoice_covered(DebtType::HbOverpayment, d("2026-01-09"), m("50.00"), true, start, &p).covered,
        m("50.00")
    );
    let release = RecoveryPolicy { hold_fraud_overpayments: false, ..RecoveryPolicy::default() };
    assert_eq!(
        invoice_covered(DebtType::HbOverpayment, d("2026-01-09"), m("50.00"), true, start, &release).covered,
        m("0.00")
    );
}

/// T45. SI 2013/1894 regs 6 and 12: a notice of enforcement needs 7 clear days, Sundays and bank holidays not
/// counted. Given Tue 12 May 2026 → 13, 14, 15, 16, 18, 19, 20 → earliest visit Thu 21 May. Given Fri 22 May →
/// 23, 26, 27, 28, 29, 30, 1 June → earliest visit Tue 2 June.
#[test]
fn t45_notice_of_enforcement_needs_seven_clear_days_without_sundays_or_bank_holidays() {
    let cal = Calendar::shipped();
    let s = earliest_enforcement_visit(d("2026-05-12"), &cal);
    assert_eq!((s.on, s.regulation), (d("2026-05-21"), "SI 2013/1894 regs 6(1), 6(3) and 12"));
    assert!(s.reason.contains("13, 14, 15, 16, 18, 19, 20"), "{}", s.reason);
    let s = earliest_enforcement_visit(d("2026-05-22"), &cal);
    assert_eq!(s.on, d("2026-06-02"));
    assert!(s.reason.contains("23, 26, 27, 28, 29, 30, 1"), "{}", s.reason);
}

/// LGFA 1992 s10(1) and Insolvency Act 1986: a year's charge split at a bankruptcy order on 1 October 2026 —
/// 183 days before it held (£1,800 × 183 ÷ 365 = £902.4657… → £902.47), the rest (£897.53) new liability.
#[test]
fn a_charge_split_at_a_bankruptcy_date_sums_to_the_charge() {
    let b = Insolvency { kind: InsolvencyKind::Bankruptcy, date: d("2026-10-01") };
    let s = split_charge(b, d("2026-04-01"), d("2027-03-31"), m("1800.00")).unwrap();
    assert_eq!((s.held_days, s.days), (183, 365));
    assert_eq!((s.held, s.not_held), (m("902.47"), m("897.53")));
    assert_eq!(s.held + s.not_held, m("1800.00"));
    assert_eq!(m("0.01").apportion(1, 2), m("0.01"), "half a penny goes up");
    assert!(b.holds(d("2026-09-30")) && !b.holds(d("2026-10-01")));
    assert_eq!(b.refuse_if_held(d("2026-05-01"), d("2026-11-01")).unwrap_err().code(), "rule_refused");
    assert!(b.refuse_if_held(d("2026-10-01"), d("2026-11-01")).is_ok(), "new liability is recovered as normal");
    let dro = Insolvency { kind: InsolvencyKind::DebtReliefOrder, date: d("2026-10-01") };
    assert_eq!(dro.hold_ends_on(), Some(d("2027-09-30")));
    assert!(dro.refuse_if_held(d("2026-05-01"), d("2027-10-01")).unwrap_err().to_string().contains("write it off"));
    assert_eq!(Insolvency { kind: InsolvencyKind::Iva, date: d("2026-10-01") }.hold_ends_on(), None);
}

// ---------------------------------------------------------------------------------------------- policy

/// The policy is stored as settings JSON: it round-trips, a missing field takes its default (so adding a setting
/// never breaks a saved policy) and an unknown field is refused (a typo never silently does nothing).
#[test]
fn recovery_policy_round_trips_and_defaults_every_missing_field() {
    let p = RecoveryPolicy::default();
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<RecoveryPolicy>(&json).unwrap(), p);
    assert_eq!(serde_json::from_str::<RecoveryPolicy>("{}").unwrap(), p);
    let some: RecoveryPolicy =
        serde_json::from_str(r#"{"instalment_tie":"half_down","failure_day":"last_day_of_window"}"#).unwrap();
    assert_eq!((some.instalment_tie, some.failure_day), (PoundTie::HalfDown, FailureDay::LastDayOfWindow));
    assert_eq!(some.reminder_days_after_due, 7);
    assert!(serde_json::from_str::<RecoveryPolicy>(r#"{"instalment_ties":"half_down"}"#).is_err());
    assert!(json.contains(r#""small_instalments":"merge_then_fewer""#), "{json}");
}

// --------------------------------------------------------------------------------------------- proptests

fn any_policy() -> impl Strategy<Value = RecoveryPolicy> {
    (
        prop_oneof![Just(PoundTie::HalfUp), Just(PoundTie::HalfDown)],
        prop_oneof![
            Just(SmallInstalments::Statutory),
            Just(SmallInstalments::MergeFirstTwo),
            Just(SmallInstalments::MergeThenFewer)
        ],
    )
        .prop_map(|(tie, small)| RecoveryPolicy {
            instalment_tie: tie,
            small_instalments: small,
            ..RecoveryPolicy::default()
        })
}

proptest! {
    /// SI 1992/613 Sch 1 paras 2–3 and SI 1989/1058 Sch 1: for any charge, bill date, day and policy the
    /// instalments sum to the charge, all but the first are whole pounds, and none is negative or nothing.
    #[test]
    fn instalments_always_sum_to_the_charge_in_whole_pounds_after_the_first(
        pence in 1i64..500_000_000,
        scheme in prop_oneof![Just(Scheme::Ten), Just(Scheme::Twelve)],
        bill_offset in 0u64..400,
        day in 1u32..=31,
        nndr in any::<bool>(),
        policy in any_policy(),
    ) {
        let charge = Money::from_pence(pence);
        let bill = d("2026-02-01") + chrono::Days::new(bill_offset);
        let debt = if nndr { DebtType::BusinessRates } else { DebtType::CouncilTax };
        let s = statutory_instalments(charge, scheme, bill, 2026, day, debt, &policy).unwrap();
        prop_assert!(!s.instalments.is_empty());
        prop_assert_eq!(s.total, charge);
        prop_assert_eq!(s.instalments.iter().map(|i| i.amount).sum::<Money>(), charge);
        for (k, i) in s.instalments.iter().enumerate() {
            prop_assert!(i.amount.pence() > 0, "instalment {} is {}", k + 1, i.amount);
            if k > 0 {
                prop_assert!(i.amount.is_whole_pounds(), "instalment {} is {}", k + 1, i.amount);
                prop_assert!(i.due_on > s.instalments[k - 1].due_on);
            }
        }
        prop_assert!(s.instalments[0].due_on >= bill + chrono::Days::new(14));
    }

    /// SI 1992/613 Sch 1 para 10: a revised schedule also sums to the new charge and is never negative.
    #[test]
    fn revised_instalments_sum_to_the_new_charge(
        pence in 1000i64..50_000_000,
        new_pence in 0i64..50_000_000,
        revised_offset in 0u64..365,
    ) {
        let policy = RecoveryPolicy::default();
        let s = statutory_instalments(Money::from_pence(pence), Scheme::Ten, d("2026-03-10"), 2026, 1, DebtType::CouncilTax, &policy).unwrap();
        let on = d("2026-03-20") + chrono::Days::new(revised_offset);
        let r = revise_instalments(&s.instalments, Money::from_pence(new_pence), on, 2026, DebtType::CouncilTax, &policy).unwrap();
        prop_assert_eq!(r.total, Money::from_pence(new_pence));
        prop_assert!(r.instalments.iter().all(|i| !i.amount.is_negative()));
    }
}
