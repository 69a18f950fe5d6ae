//! The business rates (NNDR) recovery timetable of one liability: one "further notice" a year (reg 8(1)), the
//! loss of instalments (reg 8(2)), the reminder before a liability order (reg 11), the earliest summons
//! (reg 12) and limitation, under SI 1989/1058 (recovery-rules.md §2).

use crate::error::Result;
use crate::model::DebtType;
use crate::money::Money;
use crate::rules::council_tax::failure_day;
use crate::rules::limitation;
use crate::rules::policy::{FailureDay, RecoveryPolicy, SummonsAfterBalancePayable};
use crate::rules::tables::RuleTables;
use crate::rules::timeline::{
    earliest_summons, last_day_of_period, plus, project, Action, Ledger, LiabilityFacts, Notice, NoticeKind, Payment,
    Step, Timeline,
};
use chrono::NaiveDate;

const REG_8_1: &str = "SI 1989/1058 reg 8(1)";
const REG_8_2_A: &str = "SI 1989/1058 reg 8(2)(a)";
const REG_8_2_B: &str = "SI 1989/1058 reg 8(2)(b)";
const REG_11: &str = "SI 1989/1058 reg 11 (structure from SI 1990/145; not read directly ⚠)";
const REG_12: &str = "SI 1989/1058 reg 12(1)";

/// The timetable of one business rates liability on `today`.
///
/// Differences from council tax (recovery-rules.md §2): only one further notice a year; after it, *any* later
/// missed instalment makes the balance payable at the end of 7 days beginning with the day of the failure
/// (reg 8(2)(b)); a reg 11 reminder must precede the liability order except where the ratepayer failed to pay
/// within the further notice (reg 8(2)(a)); the application follows 7 days after that reminder.
pub fn business_rates_timeline(
    facts: &LiabilityFacts,
    today: NaiveDate,
    tables: &RuleTables,
    policy: &RecoveryPolicy,
) -> Result<Timeline> {
    let payments: Vec<Payment> = facts.payments.iter().copied().filter(|p| p.on <= today).collect();
    let facts = LiabilityFacts { payments: &payments, ..*facts };
    let now = evaluate(&facts, facts.notices, today, policy);
    let projection =
        project(facts.notices, today, now.next.clone(), |notices, at| evaluate(&facts, notices, at, policy).next);
    let ledger = now.ledger;
    let mut steps = now.steps;
    let limitation_last_day = match ledger.oldest_unpaid_due(today) {
        Some(due) => {
            let step = limitation::limitation_step(DebtType::BusinessRates, facts.jurisdiction, due, tables)?;
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

fn issued(notices: &[Notice], kind: NoticeKind, today: NaiveDate) -> Vec<NaiveDate> {
    let mut v: Vec<NaiveDate> =
        notices.iter().filter(|n| n.kind == kind && n.issued_on <= today).map(|n| n.issued_on).collect();
    v.sort();
    v
}

/// Reg 8(2)(b): the "day of the failure" to pay an instalment "on or before the day on which it so falls due":
/// the due day itself under reading (a), the day after under reading (b) (the same policy as reg 23(3)).
fn instalment_failure_day(due_on: NaiveDate, policy: &RecoveryPolicy) -> NaiveDate {
    match policy.failure_day {
        FailureDay::LastDayOfWindow => due_on,
        FailureDay::DayAfterWindow => plus(due_on, 1),
    }
}

fn evaluate(facts: &LiabilityFacts, notices: &[Notice], today: NaiveDate, policy: &RecoveryPolicy) -> Evaluation {
    let mut e = Evaluation {
        ledger: Ledger::new(facts.instalments, facts.payments, today),
        steps: Vec::new(),
        next: None,
        balance_payable_on: None,
        final_notice_required: false,
    };
    let Some(last_due) = e.ledger.last_due() else { return e };
    let further = issued(notices, NoticeKind::Reminder, today).first().copied();
    let reminders = issued(notices, NoticeKind::FinalNotice, today);
    let summonses = issued(notices, NoticeKind::Summons, today);

    if let Some(f) = further {
        let window_end = last_day_of_period(f, 7);
        let payable = plus(last_day_of_period(failure_day(window_end, policy), 7), 1);
        if today <= window_end {
            e.balance_payable_on = Some(payable);
            e.next = Some(Step::new(
                Action::BalancePayable,
                payable,
                "business_rates_instalments_lost",
                REG_8_2_A,
                format!(
                    "unless £{} is paid by {window_end} (7 days beginning with the further notice of {f}), the unpaid \
                     balance becomes payable on {payable}",
                    nonneg(e.ledger.due_by(window_end) - e.ledger.paid_by(today))
                ),
            ));
        } else if e.ledger.paid_by(window_end) < e.ledger.due_by(window_end) {
            e.ledger.accelerated_from = Some(payable);
            e.balance_payable_on = Some(payable);
            e.steps.push(Step::new(
                Action::BalancePayable,
                payable,
                "business_rates_instalments_lost",
                REG_8_2_A,
                format!("the further notice of {f} was not paid in its 7 days ({f}–{window_end})"),
            ));
            // No reg 11 reminder is needed after a reg 8(2)(a) failure.
            if !summonses.iter().any(|s| *s >= payable) {
                let extra = match policy.summons_after_balance_payable {
                    SummonsAfterBalancePayable::SameDay => 0,
                    SummonsAfterBalancePayable::DayAfter => 1,
                };
                e.next = Some(Step::new(
                    Action::Summons,
                    plus(payable, extra + policy.summons_extra_days),
                    "business_rates_summons_after_further_notice",
                    REG_12,
                    format!(
                        "the balance of £{} payable on {payable} under reg 8(2)(a) is unpaid; no reg 11 reminder is \
                         needed",
                        e.ledger.balance(today)
                    ),
                ));
            }
        } else {
            let later = e
                .ledger
                .instalments
                .iter()
                .find(|i| i.due_on > window_end && i.due_on < today && e.ledger.missed_on_time(i))
                .copied();
            if let Some(i) = later {
                let payable = plus(last_day_of_period(instalment_failure_day(i.due_on, policy), 7), 1);
                e.ledger.accelerated_from = Some(payable);
                e.balance_payable_on = Some(payable);
                e.steps.push(Step::new(
                    Action::BalancePayable,
                    payable,
                    "business_rates_later_instalment_missed",
                    REG_8_2_B,
                    format!(
                        "after the further notice of {f}, instalment {} of £{} due {} was missed: the unpaid balance \
                         is payable at the end of 7 days beginning with the day of the failure, {payable}",
                        i.number, i.amount, i.due_on
                    ),
                ));
                reminder_route(&mut e, &reminders, &summonses, payable, payable, today, policy);
            }
        }
    } else {
        let missed = e.ledger.missed(today).into_iter().find(|m| m.unpaid.pence() > 0);
        if let Some(m) = missed {
            let notice_on = plus(m.due_on, policy.reminder_days_after_due.max(1));
            if notice_on.max(today) < last_due {
                e.next = Some(Step::new(
                    Action::Reminder,
                    notice_on,
                    "business_rates_further_notice",
                    REG_8_1,
                    format!(
                        "instalment {} of £{} due {} was not paid on time (£{} unpaid); the one further notice of the \
                         year",
                        m.number, m.amount, m.due_on, m.unpaid
                    ),
                ));
            } else {
                let propose = plus(notice_on.max(plus(last_due, 1)), policy.final_notice_days_after_default);
                reminder_route(&mut e, &reminders, &summonses, plus(m.due_on, 1), propose, today, policy);
            }
        }
    }
    if e.ledger.balance(today).is_zero() {
        e.next = None;
    }
    e
}

/// Reg 11: a reminder notice before the application; the application may follow once 7 days beginning with its
/// issue have passed with the sum unpaid (reg 12(1)).
fn reminder_route(
    e: &mut Evaluation,
    reminders: &[NaiveDate],
    summonses: &[NaiveDate],
    valid_from: NaiveDate,
    propose_on: NaiveDate,
    today: NaiveDate,
    policy: &RecoveryPolicy,
) {
    e.final_notice_required = true;
    let Some(&r) = reminders.iter().rev().find(|r| **r >= valid_from) else {
        e.next = Some(Step::new(
            Action::FinalNotice,
            propose_on,
            "business_rates_reminder_before_liability_order",
            REG_11,
            format!(
                "£{} is payable and unpaid; a reminder notice must come before a complaint",
                e.ledger.arrears_on(today)
            ),
        ));
        return;
    };
    if summonses.iter().any(|s| *s >= r) {
        return;
    }
    let window_end = last_day_of_period(r, 7);
    if today > window_end && e.ledger.paid_by(window_end) >= e.ledger.due_by(r) {
        return;
    }
    e.next = Some(Step::new(
        Action::Summons,
        plus(window_end, 1 + policy.summons_extra_days),
        "business_rates_summons_after_reminder",
        REG_12,
        format!("the reminder notice of {r} gives 7 days to pay ({r}–{window_end})"),
    ));
}

fn nonneg(m: Money) -> Money {
    if m.is_negative() {
        Money::ZERO
    } else {
        m
    }
}
