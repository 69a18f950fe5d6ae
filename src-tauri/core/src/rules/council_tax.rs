//! The council tax recovery timetable of one liability (one financial year): missed instalments, reminders
//! (reg 23), the loss of instalments, the final notice (reg 33), the earliest summons (reg 34), limitation
//! (reg 34(3)), the liability-order hearing (reg 35(2A)), payment before the hearing (reg 34(5)/(8)), and the
//! Welsh timetable from 1 April 2026 (WSI 2025/1109). recovery-rules.md §1.2–§1.4, §1.12, §1.14; T09–T15.

use crate::error::{Error, Result};
use crate::model::{DebtType, Jurisdiction};
use crate::money::Money;
use crate::rules::limitation;
use crate::rules::policy::{FailureDay, HearingCounting, RecoveryPolicy, SummonsAfterBalancePayable, WalesReminder};
use crate::rules::tables::RuleTables;
pub use crate::rules::timeline::LiabilityFacts;
use crate::rules::timeline::{
    earliest_summons, last_day_of_period, plus, project, Action, Ledger, Notice, NoticeKind, Payment, Step, Timeline,
};
use chrono::NaiveDate;
use serde::Serialize;

const REG_23_1: &str = "SI 1992/613 reg 23(1)";
const REG_23_2_A: &str = "SI 1992/613 regs 23(2)(a) and 33(1)";
const REG_23_3: &str = "SI 1992/613 reg 23(3)";
const REG_23_4: &str = "SI 1992/613 reg 23(4)";
const REG_33: &str = "SI 1992/613 reg 33(1)";
const REG_34_1: &str = "SI 1992/613 reg 34(1)";
const WALES: &str = "WSI 2025/1109 (Wales, from 1 April 2026; primary text not read ⚠)";

/// The timetable of one council tax liability on `today`. England (and Wales before the new timetable) follow
/// regs 23, 33 and 34; a Welsh liability whose first missed instalment falls on or after the day the
/// `council_tax.final_notice_after_missed_instalment_days` rule value starts follows WSI 2025/1109.
pub fn council_tax_timeline(
    facts: &LiabilityFacts,
    today: NaiveDate,
    tables: &RuleTables,
    policy: &RecoveryPolicy,
) -> Result<Timeline> {
    let payments: Vec<Payment> = facts.payments.iter().copied().filter(|p| p.on <= today).collect();
    let facts = LiabilityFacts { payments: &payments, ..*facts };
    let now = evaluate(&facts, facts.notices, today, tables, policy)?;
    let projection = project(facts.notices, today, now.next.clone(), |notices, at| {
        evaluate(&facts, notices, at, tables, policy).ok().and_then(|e| e.next)
    });
    let ledger = now.ledger;
    let oldest = ledger.oldest_unpaid_due(today);
    let mut steps = now.steps;
    let limitation_last_day = match oldest {
        Some(due) => {
            let step = limitation::limitation_step(DebtType::CouncilTax, facts.jurisdiction, due, tables)?;
            let last = step.on;
            steps.push(step);
            Some(last)
        }
        None => None,
    };
    steps.sort_by_key(|s| s.on);
    Ok(Timeline {
        today,
        missed: ledger.missed(today),
        arrears: ledger.arrears_on(today),
        balance: ledger.balance(today),
        balance_payable_on: now.balance_payable_on,
        final_notice_required: now.final_notice_required,
        earliest_summons_on: earliest_summons(now.next.as_ref(), &projection),
        limitation_last_day,
        steps,
        next: now.next,
        projection,
    })
}

struct Evaluation {
    ledger: Ledger,
    steps: Vec<Step>,
    next: Option<Step>,
    balance_payable_on: Option<NaiveDate>,
    final_notice_required: bool,
}

fn evaluate(
    facts: &LiabilityFacts,
    notices: &[Notice],
    today: NaiveDate,
    tables: &RuleTables,
    policy: &RecoveryPolicy,
) -> Result<Evaluation> {
    let mut e = Evaluation {
        ledger: Ledger::new(facts.instalments, facts.payments, today),
        steps: Vec::new(),
        next: None,
        balance_payable_on: None,
        final_notice_required: false,
    };
    if e.ledger.instalments.is_empty() {
        return Ok(e);
    }
    let first_missed = e.ledger.instalments.iter().find(|i| i.due_on < today && e.ledger.missed_on_time(i)).copied();
    let welsh = match first_missed {
        Some(i) => wales_rules(tables, facts.jurisdiction, i.due_on)?,
        None => None,
    };
    match welsh {
        Some(rules) => wales(&mut e, notices, today, policy, rules),
        None => england(&mut e, notices, today, policy),
    }
    if e.ledger.balance(today).is_zero() {
        e.next = None;
    }
    Ok(e)
}

/// The dates of notices of `kind` issued on or before `today`, oldest first.
fn issued(notices: &[Notice], kind: NoticeKind, today: NaiveDate) -> Vec<NaiveDate> {
    let mut v: Vec<NaiveDate> =
        notices.iter().filter(|n| n.kind == kind && n.issued_on <= today).map(|n| n.issued_on).collect();
    v.sort();
    v
}

/// Reg 23(3)'s "day of the failure" for a window ending on `window_end` (recovery-rules.md §1.2).
pub fn failure_day(window_end: NaiveDate, policy: &RecoveryPolicy) -> NaiveDate {
    match policy.failure_day {
        FailureDay::LastDayOfWindow => window_end,
        FailureDay::DayAfterWindow => plus(window_end, 1),
    }
}

/// Reg 23(3): the unpaid balance "shall become payable ... at the expiry of a further period of 7 days beginning
/// with the day of the failure": the day after that period's last day.
pub fn balance_payable_after_reminder(reminder_issued_on: NaiveDate, policy: &RecoveryPolicy) -> NaiveDate {
    let window_end = last_day_of_period(reminder_issued_on, 7);
    plus(last_day_of_period(failure_day(window_end, policy), 7), 1)
}

fn england(e: &mut Evaluation, notices: &[Notice], today: NaiveDate, policy: &RecoveryPolicy) {
    let reminders = issued(notices, NoticeKind::Reminder, today);
    let finals = issued(notices, NoticeKind::FinalNotice, today);
    let summonses = issued(notices, NoticeKind::Summons, today);
    let last_due = e.ledger.last_due().expect("instalments");
    let mut covered_until: Option<NaiveDate> = None;
    let mut lost: Option<(NaiveDate, bool)> = None; // (payable on, by reg 23(4))

    for (k, &r) in reminders.iter().take(2).enumerate() {
        let window_end = last_day_of_period(r, 7);
        covered_until = Some(window_end);
        let payable = balance_payable_after_reminder(r, policy);
        if today <= window_end {
            let required = e.ledger.due_by(window_end) - e.ledger.paid_by(today);
            e.balance_payable_on = Some(payable);
            e.next = Some(Step::new(
                Action::BalancePayable,
                payable,
                "instalments_lost_after_reminder",
                REG_23_3,
                format!(
                    "unless £{} is paid by {window_end} (the 7 days beginning with the reminder of {r}), the right to \
                     instalments is lost and the unpaid balance of £{} becomes payable on {payable}",
                    nonneg(required),
                    e.ledger.balance(today)
                ),
            ));
            return;
        }
        if e.ledger.paid_by(window_end) < e.ledger.due_by(window_end) {
            lost = Some((payable, false));
            e.steps.push(Step::new(
                Action::BalancePayable,
                payable,
                "instalments_lost_after_reminder",
                REG_23_3,
                format!(
                    "£{} due by {window_end} under the reminder of {r} was not paid in the 7 days; failure day {}, \
                     unpaid balance payable at the end of a further 7 days: {payable}",
                    e.ledger.due_by(window_end) - e.ledger.paid_by(window_end),
                    failure_day(window_end, policy)
                ),
            ));
            break;
        }
        if k == 1 {
            let third = e
                .ledger
                .instalments
                .iter()
                .find(|i| i.due_on > window_end && i.due_on < today && e.ledger.missed_on_time(i));
            if let Some(i) = third.copied() {
                let payable = plus(i.due_on, 1);
                lost = Some((payable, true));
                e.steps.push(Step::new(
                    Action::BalancePayable,
                    payable,
                    "third_default",
                    REG_23_4,
                    format!(
                        "paid in line with the second reminder of {r}, then instalment {} of £{} due {} was missed: \
                         no third reminder; the unpaid balance is payable the day after, {payable}",
                        i.number, i.amount, i.due_on
                    ),
                ));
                break;
            }
        }
    }

    if let Some((payable, third_default)) = lost {
        e.ledger.accelerated_from = Some(payable);
        e.balance_payable_on = Some(payable);
        if !third_default {
            // Reg 33 (as amended by SI 1994/505): no final notice where reg 23(3) took effect.
            let extra = match policy.summons_after_balance_payable {
                SummonsAfterBalancePayable::SameDay => 0,
                SummonsAfterBalancePayable::DayAfter => 1,
            };
            let on = plus(payable, extra + policy.summons_extra_days);
            if summonses.iter().any(|s| *s >= payable) {
                return;
            }
            e.next = Some(Step::new(
                Action::Summons,
                on,
                "summons_after_reminder_failure",
                REG_34_1,
                format!(
                    "the balance of £{} made payable on {payable} under reg 23(3) is unpaid; no final notice is needed \
                     (reg 33, as amended by SI 1994/505)",
                    e.ledger.balance(today)
                ),
            ));
            return;
        }
        let route = FinalNoticeRoute {
            valid_from: payable,
            propose_on: plus(payable, policy.final_notice_days_after_default),
            reason: format!(
                "third default: the balance of £{} payable on {payable} under reg 23(4) is unpaid; a final notice \
                 must come before a complaint",
                e.ledger.balance(today)
            ),
            rule: "third_default_final_notice",
            regulation: REG_33,
        };
        final_notice_route(e, &finals, &summonses, route, today, policy);
        return;
    }

    // Not lost: a missed instalment after the last reminder's window that is still unpaid today.
    let uncovered =
        e.ledger.missed(today).into_iter().find(|m| m.unpaid.pence() > 0 && covered_until.is_none_or(|c| m.due_on > c));
    let Some(m) = uncovered else { return };
    let reminder_on = plus(m.due_on, policy.reminder_days_after_due.max(1));
    // Reg 23(2)(a) is judged on the day the reminder would really be issued: not before today.
    if reminders.len() < 2 && reminder_on.max(today) < last_due {
        let (action, which) =
            if reminders.is_empty() { (Action::Reminder, "first") } else { (Action::SecondReminder, "second") };
        e.next = Some(Step::new(
            action,
            reminder_on,
            "reminder_due",
            REG_23_1,
            format!(
                "instalment {} of £{} due {} was not paid on time (£{} unpaid); the {which} of at most two reminders \
                 this year{}",
                m.number,
                m.amount,
                m.due_on,
                m.unpaid,
                if which == "second" { ", stating the effect of reg 23(4)" } else { "" }
            ),
        ));
        return;
    }
    // Reg 23(2)(a): no reminder once all the instalments have fallen due; a final notice comes first (T11).
    let route = FinalNoticeRoute {
        valid_from: plus(m.due_on, 1),
        propose_on: plus(reminder_on.max(plus(last_due, 1)), policy.final_notice_days_after_default),
        reason: format!(
            "all the instalments have fallen due (the last on {last_due}) with £{} unpaid: no reminder is required; a \
             final notice must come before a complaint",
            e.ledger.arrears_on(today)
        ),
        rule: "final_notice_all_instalments_due",
        regulation: REG_23_2_A,
    };
    final_notice_route(e, &finals, &summonses, route, today, policy);
}

/// A final notice required by reg 33: when it may be issued and why.
struct FinalNoticeRoute {
    /// A final notice issued on or after this day answers the requirement.
    valid_from: NaiveDate,
    /// The earliest day to issue one.
    propose_on: NaiveDate,
    reason: String,
    rule: &'static str,
    regulation: &'static str,
}

/// A final notice is required (reg 33): propose it, or, once issued, the summons after the 7 days beginning with
/// its issue day if the amount it stated is unpaid (reg 34(1)).
fn final_notice_route(
    e: &mut Evaluation,
    finals: &[NaiveDate],
    summonses: &[NaiveDate],
    route: FinalNoticeRoute,
    today: NaiveDate,
    policy: &RecoveryPolicy,
) {
    e.final_notice_required = true;
    let Some(&f) = finals.iter().rev().find(|f| **f >= route.valid_from) else {
        e.next = Some(Step::new(Action::FinalNotice, route.propose_on, route.rule, route.regulation, route.reason));
        return;
    };
    if summonses.iter().any(|s| *s >= f) {
        return;
    }
    let window_end = last_day_of_period(f, 7);
    let stated = e.ledger.due_by(f);
    let on = plus(window_end, 1 + policy.summons_extra_days);
    if today > window_end && e.ledger.paid_by(window_end) >= stated {
        return;
    }
    let reason = if today <= window_end {
        format!(
            "if the £{} stated in the final notice of {f} is not paid by {window_end}",
            nonneg(stated - e.ledger.paid_by(today))
        )
    } else {
        format!("the final notice of {f} was not paid in the 7 days beginning with its issue ({f}–{window_end})")
    };
    e.next = Some(Step::new(Action::Summons, on, "summons_after_final_notice", REG_34_1, reason));
}

/// The Welsh intervals from the rule tables, if the new timetable is in force for `jurisdiction` on `on`.
struct WalesRules {
    after_missed: u32,
    after_reminder: u32,
    to_pay: u32,
}

fn wales_rules(tables: &RuleTables, jurisdiction: Jurisdiction, on: NaiveDate) -> Result<Option<WalesRules>> {
    let days = |rule: &str| -> Result<Option<u32>> {
        match tables.in_force(rule, jurisdiction, on) {
            Ok(v) => v
                .value
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| Error::validation(format!("rule {rule}"), "not a whole number of days")),
            Err(Error::RuleRefused(_)) => Ok(None),
            Err(other) => Err(other),
        }
    };
    let Some(after_missed) = days("council_tax.final_notice_after_missed_instalment_days")? else { return Ok(None) };
    let after_reminder = days("council_tax.final_notice_after_reminder_days")?.unwrap_or(0);
    let to_pay = days("council_tax.final_notice_days_to_pay")?.ok_or_else(|| {
        Error::RuleRefused("council_tax.final_notice_days_to_pay is missing for the Welsh timetable".into())
    })?;
    Ok(Some(WalesRules { after_missed, after_reminder, to_pay }))
}

fn wales(e: &mut Evaluation, notices: &[Notice], today: NaiveDate, policy: &RecoveryPolicy, rules: WalesRules) {
    let reminders = issued(notices, NoticeKind::Reminder, today);
    let finals = issued(notices, NoticeKind::FinalNotice, today);
    let summonses = issued(notices, NoticeKind::Summons, today);
    let mut cursor: Option<NaiveDate> = None;
    loop {
        let missed = e.ledger.missed(today).into_iter().find(|m| {
            cursor.is_none_or(|c| m.due_on > c) && (m.unpaid.pence() > 0 || finals.iter().any(|f| *f > m.due_on))
        });
        let Some(m) = missed else { return };
        e.final_notice_required = true;
        if let Some(&f) = finals.iter().find(|f| **f > m.due_on && cursor.is_none_or(|c| **f > c)) {
            let window_end = last_day_of_period(f, rules.to_pay);
            let payable = plus(window_end, 1);
            let summons_on = plus(payable, 1 + policy.summons_extra_days);
            if today <= window_end {
                e.balance_payable_on = Some(payable);
                e.next = Some(Step::new(
                    Action::BalancePayable,
                    payable,
                    "wales_balance_payable_after_final_notice",
                    WALES,
                    format!(
                        "unless £{} is paid in the {} days {f}–{window_end}, the rest of the year's balance becomes \
                         payable on {payable}",
                        nonneg(e.ledger.due_by(window_end) - e.ledger.paid_by(today)),
                        rules.to_pay
                    ),
                ));
                return;
            }
            if e.ledger.paid_by(window_end) < e.ledger.due_by(window_end) {
                e.ledger.accelerated_from = Some(payable);
                e.balance_payable_on = Some(payable);
                e.steps.push(Step::new(
                    Action::BalancePayable,
                    payable,
                    "wales_balance_payable_after_final_notice",
                    WALES,
                    format!("the final notice of {f} was not paid in its {} days ({f}–{window_end})", rules.to_pay),
                ));
                if !summonses.iter().any(|s| *s >= payable) {
                    e.next = Some(Step::new(
                        Action::Summons,
                        summons_on,
                        "wales_summons_after_final_notice",
                        WALES,
                        format!(
                            "the balance of £{} payable on {payable} is unpaid; application from the next day",
                            e.ledger.balance(today)
                        ),
                    ));
                }
                return;
            }
            cursor = Some(window_end);
            e.final_notice_required = false;
            continue;
        }
        let reminder = reminders.iter().rev().find(|r| **r > m.due_on).copied();
        if reminder.is_none() && policy.wales_reminder == WalesReminder::Required {
            e.next = Some(Step::new(
                Action::Reminder,
                plus(m.due_on, policy.reminder_days_after_due.max(1)),
                "wales_reminder_before_final_notice",
                WALES,
                format!(
                    "instalment {} of £{} due {} was not paid; a reminder must come before the final notice (policy: \
                     reminder required)",
                    m.number, m.amount, m.due_on
                ),
            ));
            return;
        }
        let after_missed = plus(m.due_on, rules.after_missed);
        let on = match reminder {
            Some(r) => after_missed.max(plus(r, rules.after_reminder)),
            None => after_missed,
        };
        let on = plus(on, policy.final_notice_days_after_default);
        e.next = Some(Step::new(
            Action::FinalNotice,
            on,
            "wales_final_notice",
            WALES,
            format!(
                "instalment {} of £{} due {} was not paid: the final notice no sooner than {} days after it ({after_missed}){}",
                m.number,
                m.amount,
                m.due_on,
                rules.after_missed,
                match reminder {
                    Some(r) => format!(" and {} days after the reminder of {r}", rules.after_reminder),
                    None => String::new(),
                }
            ),
        ));
        return;
    }
}

fn nonneg(m: Money) -> Money {
    if m.is_negative() {
        Money::ZERO
    } else {
        m
    }
}

/// Reg 35(2A) (from 1 October 1998): the earliest hearing at which a liability order may be made for a summons
/// served on `served_on` (for a posted summons, the deemed day of service). T12: served Mon 1 June 2026 →
/// Tue 16 June under the conservative reading.
pub fn earliest_liability_order_hearing(served_on: NaiveDate, policy: &RecoveryPolicy) -> Step {
    let (on, how) = match policy.hearing_counting {
        HearingCounting::FourteenClearDays => (plus(served_on, 15), "14 whole days after the service day"),
        HearingCounting::FourteenDaysAfter => (plus(served_on, 14), "the 14th day after the service day"),
    };
    Step::new(
        Action::LiabilityOrderHearing,
        on,
        "fourteen_days_after_service",
        "SI 1992/613 reg 35(2A)",
        format!("summons served {served_on}: no liability order until {how}, {on}"),
    )
}

/// Refuses a hearing listed too soon after service for this defendant (T12: a hearing on 12 June for a summons
/// served 1 June is invalid).
pub fn check_hearing_date(served_on: NaiveDate, hearing_on: NaiveDate, policy: &RecoveryPolicy) -> Result<Step> {
    let step = earliest_liability_order_hearing(served_on, policy);
    if hearing_on < step.on {
        return Err(Error::RuleRefused(format!(
            "the hearing on {hearing_on} is too soon for a summons served {served_on}: the earliest is {} ({})",
            step.on, step.regulation
        )));
    }
    Ok(step)
}

/// What follows when the taxpayer pays or tenders money after the summons and before the hearing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Tender {
    /// Reg 34(5): the sum and the costs reasonably incurred were paid or tendered; the authority must accept and
    /// the application goes no further ("paid – application not to proceed").
    ApplicationNotToProceed,
    /// Reg 34(8): the sum was paid but not the costs; the court may still make an order for the costs alone if
    /// the authority asks.
    CostsOnlyOrder { costs: Money },
    /// Less than the sum outstanding: the application proceeds for what is still owed.
    Proceeds { outstanding: Money },
}

/// Reg 34(5) and (8), T13: a summons for `sum` with `costs` incurred so far; the taxpayer tenders `tendered`.
pub fn tender_before_hearing(sum: Money, costs: Money, tendered: Money) -> Tender {
    if tendered >= sum + costs {
        Tender::ApplicationNotToProceed
    } else if tendered >= sum {
        Tender::CostsOnlyOrder { costs: costs - (tendered - sum) }
    } else {
        Tender::Proceeds { outstanding: sum + costs - tendered }
    }
}
