//! Arrangements to pay (product.md §3.5; recovery-rules.md §1, §8, T42): the plan over the debts an officer
//! chooses, exact to the penny, with its checks; and the monitoring of a plan against the money received
//! (on track, missed, broken, completed). Pure: the api gathers the facts and stores what these decide.
//!
//! # Plans
//!
//! Payments fall on the start date and then every week, fortnight, four weeks or month. A monthly plan keeps
//! the start's day of the month and pays on the last day of a month that lacks it (31 January → 28 or 29
//! February → 31 March): each date is the start plus *k* whole months, never the previous date plus one.
//! Given an amount per payment, the count is ⌈balance ÷ amount⌉ ([`Money::payments_to_clear`]) and the odd
//! payment is the remainder; given an end date, the count is the payment dates up to it and the amount is the
//! balance ÷ count rounded down to the penny ([`Money::share_down_to_penny`]), the odd payment taking the
//! pennies left. Either way the payments sum to the balance exactly, none is zero or negative, and the odd one
//! goes last or first as the council chooses ([`OddPayment`]).
//!
//! Payments meet the debts in the council's order ([`DebtOrder`]): that decides when each debt is cleared and
//! whether this year's council tax or business rates is cleared by 31 March (T42).
//!
//! # Checks
//!
//! Each check has its reason and a severity: a hold on a debt and an arrangement already live on a debt
//! **refuse** the plan; the rest (over the affordable amount from the I&E, this year not cleared by the year
//! end, longer than the council's maximum, below its minimum) are for **review**: the officer may still agree
//! it, and the checks shown are kept with the arrangement.
//!
//! # Monitoring
//!
//! Money received on the debts from the day the schedule was made is set against the schedule oldest payment
//! first. A payment is *missed* when, at the end of its days of grace, what was received falls short of the
//! schedule's running total to it by more than the tolerance. The first miss brings a default letter naming a
//! day to make it good; the arrangement *breaks* by the council's [`BreakRule`]; it is *completed* when the
//! schedule is paid (or the debts owe nothing).

use crate::model::DebtType;
use crate::money::Money;
use crate::rules::income_expenditure::{monthly_equivalent, Frequency};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The most payments a schedule may have (ten years of weekly payments): a guard against an amount of a penny
/// scheduling millions of payments, not a policy.
pub const MAX_PAYMENTS: u32 = 520;

// ------------------------------------------------------------------------------------------------- policy

/// How often the payments fall due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentFrequency {
    Weekly,
    Fortnightly,
    FourWeekly,
    Monthly,
}

impl PaymentFrequency {
    pub const ALL: [PaymentFrequency; 4] = [
        PaymentFrequency::Weekly,
        PaymentFrequency::Fortnightly,
        PaymentFrequency::FourWeekly,
        PaymentFrequency::Monthly,
    ];

    /// The code stored and used over IPC and in the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentFrequency::Weekly => "weekly",
            PaymentFrequency::Fortnightly => "fortnightly",
            PaymentFrequency::FourWeekly => "four_weekly",
            PaymentFrequency::Monthly => "monthly",
        }
    }

    /// As a letter says it: "monthly", "four-weekly".
    pub fn label(self) -> &'static str {
        match self {
            PaymentFrequency::Weekly => "weekly",
            PaymentFrequency::Fortnightly => "fortnightly",
            PaymentFrequency::FourWeekly => "four-weekly",
            PaymentFrequency::Monthly => "monthly",
        }
    }

    /// Reads a code (`four-weekly`, `4-weekly`, `Four weekly` all work), or `None`.
    pub fn parse(text: &str) -> Option<PaymentFrequency> {
        let norm = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let norm = if norm == "4_weekly" { "four_weekly".to_string() } else { norm };
        PaymentFrequency::ALL.into_iter().find(|f| f.as_str() == norm)
    }

    /// The I&E frequency, for the monthly equivalent ([`monthly_equivalent`]).
    pub fn as_income_expenditure(self) -> Frequency {
        match self {
            PaymentFrequency::Weekly => Frequency::Weekly,
            PaymentFrequency::Fortnightly => Frequency::Fortnightly,
            PaymentFrequency::FourWeekly => Frequency::FourWeekly,
            PaymentFrequency::Monthly => Frequency::Monthly,
        }
    }

    /// The `k`th payment date (0 is the start): start + 7k, 14k or 28k days, or start + k months (the last day
    /// of a month that lacks the start's day). `None` beyond the calendar.
    pub fn nth(self, start: NaiveDate, k: u32) -> Option<NaiveDate> {
        match self {
            PaymentFrequency::Weekly => start.checked_add_days(Days::new(7 * u64::from(k))),
            PaymentFrequency::Fortnightly => start.checked_add_days(Days::new(14 * u64::from(k))),
            PaymentFrequency::FourWeekly => start.checked_add_days(Days::new(28 * u64::from(k))),
            PaymentFrequency::Monthly => start.checked_add_months(Months::new(k)),
        }
    }
}

/// The order in which arrangement payments meet the debts it covers (the council's choice; the law is silent
/// for arrears, and this year's instalments must all fall within the year, SI 1992/613 Sch 1 para 2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DebtOrder {
    /// The oldest year first (then the order chosen): arrears clear before this year's charge.
    OldestFirst,
    /// This financial year's council tax and business rates first, then the rest oldest first: the order that
    /// gives this year's liability its best chance of clearing by 31 March (T42). DECISION: the default.
    #[default]
    CurrentYearFirst,
}

impl DebtOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            DebtOrder::OldestFirst => "oldest_first",
            DebtOrder::CurrentYearFirst => "current_year_first",
        }
    }

    pub fn parse(text: &str) -> Option<DebtOrder> {
        [DebtOrder::OldestFirst, DebtOrder::CurrentYearFirst]
            .into_iter()
            .find(|o| o.as_str() == text.trim().to_ascii_lowercase().replace(['-', ' '], "_"))
    }
}

/// Which payment carries the odd amount when the balance does not divide evenly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OddPayment {
    /// The last payment: the debtor starts on the amount agreed. DECISION: the default.
    #[default]
    Last,
    /// The first payment, as statutory instalments do (SI 1992/613 Sch 1 para 2(6)).
    First,
}

/// When a missed payment breaks the arrangement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakRule {
    /// A second scheduled payment is missed (the first brought the default letter), whether or not the first
    /// was made good.
    SecondMiss,
    /// The missed amount is still unpaid after the day the default letter gave (a later miss after one made
    /// good brings another default letter).
    DefaultDeadline,
    /// Whichever of the two comes first. DECISION: the default; the shipped default letter promises the end of
    /// the arrangement if the missed amount is not paid by its date, and councils commonly end an arrangement
    /// at the second default.
    #[default]
    Either,
}

impl BreakRule {
    fn second_miss(self) -> bool {
        matches!(self, BreakRule::SecondMiss | BreakRule::Either)
    }
    fn deadline(self) -> bool {
        matches!(self, BreakRule::DefaultDeadline | BreakRule::Either)
    }
}

/// The council's arrangement policy: every choice the law leaves to it, with a default. Stored as settings
/// JSON; a missing field takes its default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ArrangementPolicy {
    pub debt_order: DebtOrder,
    pub odd_payment: OddPayment,
    /// The longest arrangement without review, first payment to last, in months. POLICY: 24 is illustrative.
    pub maximum_months: u32,
    /// The least a payment may be, as a monthly equivalent ([`monthly_equivalent`]). POLICY: £20.00 a month
    /// (about £5 a week) is illustrative.
    pub minimum_monthly: Money,
    /// A payment short by no more than this is not missed (bank charges, rounding by the debtor). POLICY: £1.00.
    pub tolerance: Money,
    /// Days after a due date before a payment not received is missed (money in transit). POLICY: 7.
    pub grace_days: u32,
    /// Days the default letter gives to make the missed payment good. POLICY: 14.
    pub default_pay_days: u32,
    pub break_rule: BreakRule,
}

impl Default for ArrangementPolicy {
    fn default() -> Self {
        ArrangementPolicy {
            debt_order: DebtOrder::default(),
            odd_payment: OddPayment::default(),
            maximum_months: 24,
            minimum_monthly: Money::from_pence(2000),
            tolerance: Money::from_pence(100),
            grace_days: 7,
            default_pay_days: 14,
            break_rule: BreakRule::default(),
        }
    }
}

impl ArrangementPolicy {
    /// Refuses a policy that cannot work, naming the field.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if self.maximum_months == 0 {
            return Err(("maximumMonths", "must be at least 1".into()));
        }
        for (field, m) in [("minimumMonthly", self.minimum_monthly), ("tolerance", self.tolerance)] {
            if m.is_negative() {
                return Err((field, "cannot be negative".into()));
            }
        }
        if self.grace_days > 60 {
            return Err(("graceDays", "at most 60 days".into()));
        }
        if !(1..=60).contains(&self.default_pay_days) {
            return Err(("defaultPayDays", "choose from 1 to 60 days".into()));
        }
        Ok(())
    }
}

// --------------------------------------------------------------------------------------------------- plans

/// One debt the arrangement covers, as the planner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanDebt {
    /// What it owes now (more than £0.00).
    pub balance: Money,
    pub debt_type: DebtType,
    /// The financial year it is for (2026 for 2026/27).
    pub financial_year: i32,
}

impl PlanDebt {
    /// This financial year's council tax or business rates: the instalments the year end applies to.
    pub fn is_current_year(&self, current_year: i32) -> bool {
        matches!(self.debt_type, DebtType::CouncilTax | DebtType::BusinessRates) && self.financial_year == current_year
    }
}

/// An amount per payment, or the day of the last payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanSize {
    Amount(Money),
    EndOn(NaiveDate),
}

/// One scheduled payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Scheduled {
    /// From 1.
    pub number: u32,
    pub due_on: NaiveDate,
    pub amount: Money,
}

/// How the schedule meets one debt (index into the debts given).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DebtCover {
    pub index: usize,
    /// Its place in the council's order, from 1.
    pub position: usize,
    /// The day of the payment that clears it.
    pub cleared_on: NaiveDate,
}

/// A plan: the schedule and how it meets each debt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub total: Money,
    pub frequency: PaymentFrequency,
    /// The amount of every payment but the odd one.
    pub regular: Money,
    pub payments: Vec<Scheduled>,
    /// In the council's order.
    pub debts: Vec<DebtCover>,
}

impl Plan {
    pub fn first(&self) -> &Scheduled {
        &self.payments[0]
    }
    pub fn last(&self) -> &Scheduled {
        self.payments.last().expect("a plan has a payment")
    }

    /// What the schedule pays on or before `on`, met against the debts in order: per debt (index into the debts
    /// given), what it has received.
    pub fn paid_by(&self, debts: &[PlanDebt], on: NaiveDate) -> Vec<Money> {
        let mut paid = vec![Money::ZERO; debts.len()];
        let mut left: Money = self.payments.iter().filter(|p| p.due_on <= on).map(|p| p.amount).sum();
        for c in &self.debts {
            let take = left.min(debts[c.index].balance);
            paid[c.index] = take;
            left -= take;
        }
        paid
    }
}

/// Why a plan cannot be made: the input field and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanError {
    pub field: &'static str,
    pub reason: String,
}

fn refuse(field: &'static str, reason: impl Into<String>) -> PlanError {
    PlanError { field, reason: reason.into() }
}

/// The debts in the council's order: indexes into `debts`. Ties keep the order given.
pub fn order_debts(debts: &[PlanDebt], order: DebtOrder, current_year: i32) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..debts.len()).collect();
    idx.sort_by_key(|&i| {
        let first = match order {
            DebtOrder::OldestFirst => 0,
            DebtOrder::CurrentYearFirst => u8::from(!debts[i].is_current_year(current_year)),
        };
        (first, debts[i].financial_year)
    });
    idx
}

/// Plans payments of `debts` (each owing more than £0.00) from `start_on`, by amount or to an end date, odd
/// payment per `odd`, meeting the debts in `order`. `current_year` is the financial year the plan is made in.
pub fn plan(
    debts: &[PlanDebt],
    frequency: PaymentFrequency,
    start_on: NaiveDate,
    size: PlanSize,
    order: DebtOrder,
    odd: OddPayment,
    current_year: i32,
) -> Result<Plan, PlanError> {
    if debts.is_empty() {
        return Err(refuse("debts", "choose at least one debt"));
    }
    if let Some(d) = debts.iter().find(|d| d.balance.pence() <= 0) {
        return Err(refuse("debts", format!("the {} debt owes nothing (£{})", d.financial_year, d.balance)));
    }
    let total: Money = debts.iter().map(|d| d.balance).sum();
    let (count, regular) = match size {
        PlanSize::Amount(amount) => {
            if amount.pence() <= 0 {
                return Err(refuse("amount", "must be more than £0.00"));
            }
            let count = total.payments_to_clear(amount);
            if count > MAX_PAYMENTS {
                return Err(refuse(
                    "amount",
                    format!(
                        "£{amount} would need {count} payments to clear £{total}; at most {MAX_PAYMENTS} are scheduled"
                    ),
                ));
            }
            (count, amount.min(total))
        }
        PlanSize::EndOn(end) => {
            if end < start_on {
                return Err(refuse("endOn", format!("{end} is before the first payment on {start_on}")));
            }
            let mut count = 0u32;
            while frequency.nth(start_on, count).is_some_and(|d| d <= end) {
                count += 1;
                if count > MAX_PAYMENTS {
                    return Err(refuse("endOn", format!("more than {MAX_PAYMENTS} payments fall by {end}")));
                }
            }
            if total.pence() < i64::from(count) {
                return Err(refuse(
                    "endOn",
                    format!("£{total} cannot be spread over {count} payments of at least 1p: choose an earlier end"),
                ));
            }
            (count, total.share_down_to_penny(count))
        }
    };
    let odd_amount = total - regular.times(count - 1);
    let mut payments = Vec::with_capacity(count as usize);
    for k in 0..count {
        let due_on =
            frequency.nth(start_on, k).ok_or_else(|| refuse("startOn", "the schedule runs off the calendar"))?;
        let is_odd = match odd {
            OddPayment::Last => k + 1 == count,
            OddPayment::First => k == 0,
        };
        payments.push(Scheduled { number: k + 1, due_on, amount: if is_odd { odd_amount } else { regular } });
    }
    // Meet the debts in order.
    let order = order_debts(debts, order, current_year);
    let mut covers = Vec::with_capacity(debts.len());
    let mut paid = Money::ZERO;
    let mut next = 0usize;
    let mut owed_to = Money::ZERO;
    for (position, &i) in order.iter().enumerate() {
        owed_to += debts[i].balance;
        while paid < owed_to {
            paid += payments[next].amount;
            next += 1;
        }
        covers.push(DebtCover { index: i, position: position + 1, cleared_on: payments[next - 1].due_on });
    }
    Ok(Plan { total, frequency, regular, payments, debts: covers })
}

// -------------------------------------------------------------------------------------------------- checks

/// What a check does to the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The plan cannot be saved.
    Refuse,
    /// The officer may agree it; the check is kept with the arrangement.
    Review,
    /// For the officer's information.
    Info,
}

/// Which check, as a code the screen can switch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckCode {
    Hold,
    LiveArrangement,
    OverAffordable,
    NoIncomeExpenditure,
    CurrentYearNotCleared,
    LongerThanMaximum,
    BelowMinimum,
    /// Recorded as in an arrangement (a stage) with no schedule: saving replaces it.
    ArrangementStageWithoutSchedule,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub code: CheckCode,
    pub severity: Severity,
    pub reason: String,
    /// The rule or policy it applies.
    pub rule: String,
    /// The debt it is about (index into the debts given), if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debt: Option<usize>,
}

/// The facts the checks read besides the plan.
#[derive(Clone, Debug, Default)]
pub struct CheckFacts {
    pub today: Option<NaiveDate>,
    /// The council's affordable monthly figure from the latest I&E (`None`: no statement), and whether that
    /// statement is stale.
    pub affordable: Option<(Money, bool)>,
    /// Debts a hold covers: index, the hold's reason and regulation.
    pub held: Vec<(usize, String, String)>,
    /// Debts already in a live arrangement: index and that arrangement's reference.
    pub live: Vec<(usize, String)>,
    /// Debts whose stage is `arrangement` with no live arrangement behind it: index and since when.
    pub stage_only: Vec<(usize, NaiveDate)>,
    /// Labels of the debts ("Council Tax 2026/27, CT00000001"), for reasons.
    pub labels: Vec<String>,
}

/// The financial year end (31 March) of the financial year `year` (2026 → 31 March 2027).
pub fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, 3, 31).expect("31 March exists")
}

const POLICY: &str = "Council arrangement policy";

/// Every check on `plan` of `debts` made in financial year `current_year`, refusals first.
pub fn checks(
    plan: &Plan,
    debts: &[PlanDebt],
    current_year: i32,
    facts: &CheckFacts,
    policy: &ArrangementPolicy,
) -> Vec<Check> {
    let label = |i: usize| facts.labels.get(i).cloned().unwrap_or_else(|| format!("debt {}", i + 1));
    let mut out = Vec::new();
    for (i, reason, regulation) in &facts.held {
        out.push(Check {
            code: CheckCode::Hold,
            severity: Severity::Refuse,
            reason: format!("{}: {reason}", label(*i)),
            rule: regulation.clone(),
            debt: Some(*i),
        });
    }
    for (i, reference) in &facts.live {
        out.push(Check {
            code: CheckCode::LiveArrangement,
            severity: Severity::Refuse,
            reason: format!("{} is already in live arrangement {reference}: cancel that one first", label(*i)),
            rule: POLICY.into(),
            debt: Some(*i),
        });
    }
    let monthly = monthly_equivalent(plan.regular, plan.frequency.as_income_expenditure());
    let per = |amount: Money| {
        if plan.frequency == PaymentFrequency::Monthly {
            format!("£{amount} a month")
        } else {
            format!("£{amount} {} (£{monthly} a month)", plan.frequency.label())
        }
    };
    match facts.affordable {
        Some((affordable, stale)) if monthly > affordable => out.push(Check {
            code: CheckCode::OverAffordable,
            severity: Severity::Review,
            reason: format!(
                "{} is more than the £{affordable} a month the {}income and expenditure statement shows is \
                 affordable for the council's debts",
                per(plan.regular),
                if stale { "latest (stale) " } else { "" }
            ),
            rule: "recovery-rules.md §8.1 (SFS affordable offer)".into(),
            debt: None,
        }),
        Some(_) => {}
        None => out.push(Check {
            code: CheckCode::NoIncomeExpenditure,
            severity: Severity::Info,
            reason: "no income and expenditure statement: affordability is not checked".into(),
            rule: "recovery-rules.md §8.1".into(),
            debt: None,
        }),
    }
    let end = year_end(current_year);
    let paid = plan.paid_by(debts, end);
    let unpaid: Money = debts
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_current_year(current_year))
        .map(|(i, d)| d.balance - paid[i])
        .sum();
    if unpaid.pence() > 0 {
        let by_end = plan.payments.iter().filter(|p| p.due_on <= end).count();
        let received: Money = plan.payments.iter().filter(|p| p.due_on <= end).map(|p| p.amount).sum();
        out.push(Check {
            code: CheckCode::CurrentYearNotCleared,
            severity: Severity::Review,
            reason: format!(
                "current-year liability not cleared by year end: {by_end} payment{} (£{received}) fall by {} and, \
                 paid {}, leave £{unpaid} of {}'s charge unpaid",
                if by_end == 1 { "" } else { "s" },
                end.format("%-d %B %Y"),
                match policy.debt_order {
                    DebtOrder::CurrentYearFirst => "to this year first",
                    DebtOrder::OldestFirst => "to the oldest year first",
                },
                crate::model::financial_year_label(current_year)
            ),
            rule: "SI 1992/613 Sch 1 para 2 (the year's instalments fall within the year); T42".into(),
            debt: None,
        });
    }
    let months_limit = plan.first().due_on.checked_add_months(Months::new(policy.maximum_months));
    if months_limit.is_some_and(|limit| plan.last().due_on > limit) {
        out.push(Check {
            code: CheckCode::LongerThanMaximum,
            severity: Severity::Review,
            reason: format!(
                "{} payments from {} to {}: longer than the council's maximum of {} months",
                plan.payments.len(),
                plan.first().due_on.format("%-d %B %Y"),
                plan.last().due_on.format("%-d %B %Y"),
                policy.maximum_months
            ),
            rule: POLICY.into(),
            debt: None,
        });
    }
    if plan.payments.len() > 1 && monthly < policy.minimum_monthly {
        out.push(Check {
            code: CheckCode::BelowMinimum,
            severity: Severity::Review,
            reason: format!(
                "{} is below the council's minimum of £{} a month",
                per(plan.regular),
                policy.minimum_monthly
            ),
            rule: POLICY.into(),
            debt: None,
        });
    }
    for (i, since) in &facts.stage_only {
        out.push(Check {
            code: CheckCode::ArrangementStageWithoutSchedule,
            severity: Severity::Info,
            reason: format!(
                "{} is recorded as in an arrangement since {} with no schedule: this plan replaces it",
                label(*i),
                since.format("%-d %B %Y")
            ),
            rule: POLICY.into(),
            debt: Some(*i),
        });
    }
    let _ = facts.today;
    out.sort_by_key(|c| c.severity as u8);
    out
}

/// Whether any check refuses the plan.
pub fn refused(checks: &[Check]) -> bool {
    checks.iter().any(|c| c.severity == Severity::Refuse)
}

// ---------------------------------------------------------------------------------------------- monitoring

/// Money received on the arrangement's debts on a day (negative: a payment reversed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Received {
    pub on: NaiveDate,
    pub amount: Money,
}

/// A default letter already sent under the current schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DefaultSent {
    pub payment_number: u32,
    pub sent_on: NaiveDate,
    pub pay_by: NaiveDate,
}

/// What monitoring reads about one live arrangement.
#[derive(Clone, Copy, Debug)]
pub struct MonitorFacts<'a> {
    pub schedule: &'a [Scheduled],
    /// Counted from the day the schedule was made, any order.
    pub received: &'a [Received],
    pub defaults: &'a [DefaultSent],
    /// What the covered debts owe now.
    pub debts_balance: Money,
    /// A hold on one of its debts, in words: no default letter and no break while it holds (a Breathing Space
    /// forbids asking for payment, SI 2020/1311 reg 7; other holds stop recovery), so the miss waits.
    pub held: Option<&'a str>,
}

/// Where an arrangement stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrangementState {
    OnTrack,
    Missed,
    Broken,
    Completed,
    Cancelled,
}

impl ArrangementState {
    pub fn as_str(self) -> &'static str {
        match self {
            ArrangementState::OnTrack => "on_track",
            ArrangementState::Missed => "missed",
            ArrangementState::Broken => "broken",
            ArrangementState::Completed => "completed",
            ArrangementState::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ArrangementState::OnTrack => "On track",
            ArrangementState::Missed => "Payment missed",
            ArrangementState::Broken => "Broken",
            ArrangementState::Completed => "Completed",
            ArrangementState::Cancelled => "Cancelled",
        }
    }
}

/// Where one scheduled payment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Received (to within the tolerance).
    Paid,
    /// Not yet due, or due today.
    Due,
    /// Past its due date, within its days of grace.
    Late,
    /// Not received by the end of its days of grace (part may have been).
    Missed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PaymentState {
    pub number: u32,
    pub due_on: NaiveDate,
    pub amount: Money,
    /// What the money received so far covers of this payment (oldest payment first).
    pub paid: Money,
    pub status: PaymentStatus,
    /// It was missed at the end of its grace, even if made good since.
    pub was_missed: bool,
}

/// What monitoring does today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MonitorAction {
    None,
    /// Send the default letter for payment `payment_number`: `amount` to pay by `pay_by`; raise a task.
    Default {
        payment_number: u32,
        due_on: NaiveDate,
        amount: Money,
        pay_by: NaiveDate,
    },
    /// End the arrangement; recovery resumes.
    Break,
    /// The schedule is paid: end the arrangement as completed.
    Complete,
}

impl MonitorAction {
    pub fn as_str(&self) -> &'static str {
        match self {
            MonitorAction::None => "none",
            MonitorAction::Default { .. } => "default",
            MonitorAction::Break => "break",
            MonitorAction::Complete => "complete",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Monitoring {
    pub on: NaiveDate,
    pub state: ArrangementState,
    pub action: MonitorAction,
    pub reason: String,
    pub total: Money,
    /// Due on or before the day.
    pub expected: Money,
    /// Received on or before the day.
    pub paid: Money,
    /// `expected − paid`, not below £0.00.
    pub behind: Money,
    /// Payments missed at the end of their grace (made good since or not), by number.
    pub missed: Vec<u32>,
    pub payments: Vec<PaymentState>,
    /// The next payment not yet due.
    pub next: Option<Scheduled>,
}

/// Monitors a live arrangement on `on` (received money dated after `on` is ignored).
pub fn monitor(facts: &MonitorFacts, on: NaiveDate, policy: &ArrangementPolicy) -> Monitoring {
    let tol = policy.tolerance;
    let mut received: Vec<Received> = facts.received.iter().copied().filter(|r| r.on <= on).collect();
    received.sort_by_key(|r| r.on);
    let paid_by = |day: NaiveDate| -> Money { received.iter().filter(|r| r.on <= day).map(|r| r.amount).sum() };
    let paid: Money = received.iter().map(|r| r.amount).sum();
    let total: Money = facts.schedule.iter().map(|s| s.amount).sum();
    let deadline = |s: &Scheduled| s.due_on + Days::new(u64::from(policy.grace_days));
    let mut cumulative = Money::ZERO;
    let mut payments = Vec::with_capacity(facts.schedule.len());
    let mut missed = Vec::new();
    let mut uncured: Option<(Scheduled, Money)> = None;
    let mut expected = Money::ZERO;
    for s in facts.schedule {
        let before = cumulative;
        cumulative += s.amount;
        if s.due_on <= on {
            expected += s.amount;
        }
        let past_grace = deadline(s) < on;
        let was_missed = past_grace && paid_by(deadline(s)) + tol < cumulative;
        if was_missed {
            missed.push(s.number);
        }
        let covered = (paid - before).max(Money::ZERO).min(s.amount);
        let status = if paid + tol >= cumulative {
            PaymentStatus::Paid
        } else if s.due_on >= on {
            PaymentStatus::Due
        } else if !past_grace {
            PaymentStatus::Late
        } else {
            if uncured.is_none() {
                uncured = Some((*s, cumulative));
            }
            PaymentStatus::Missed
        };
        payments.push(PaymentState {
            number: s.number,
            due_on: s.due_on,
            amount: s.amount,
            paid: covered,
            status,
            was_missed,
        });
    }
    let next = facts.schedule.iter().find(|s| s.due_on > on).copied();
    let behind = (expected - paid).max(Money::ZERO);
    let out = |state, action, reason: String| Monitoring {
        on,
        state,
        action,
        reason,
        total,
        expected,
        paid,
        behind,
        missed: missed.clone(),
        payments: payments.clone(),
        next,
    };
    let when = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    if paid >= total || facts.debts_balance.pence() <= 0 {
        let why = if paid >= total {
            format!("£{paid} received of the £{total} scheduled")
        } else {
            format!("the debts owe nothing now (£{})", facts.debts_balance)
        };
        return out(ArrangementState::Completed, MonitorAction::Complete, why);
    }
    if let (Some(hold), Some((s, _))) = (facts.held, uncured) {
        return out(
            ArrangementState::Missed,
            MonitorAction::None,
            format!(
                "payment {} of £{} due {} is missed, but {hold}: no default letter or break while it holds",
                s.number,
                s.amount,
                when(s.due_on)
            ),
        );
    }
    if policy.break_rule.second_miss() && missed.len() >= 2 {
        let second = facts.schedule.iter().find(|s| s.number == missed[1]).expect("a missed payment is scheduled");
        return out(
            ArrangementState::Broken,
            MonitorAction::Break,
            format!(
                "a second payment was missed: £{} due {} (payment {}), after payment {}",
                second.amount,
                when(second.due_on),
                second.number,
                missed[0]
            ),
        );
    }
    if policy.break_rule.deadline() {
        for d in facts.defaults {
            let Some(upto) = facts
                .schedule
                .iter()
                .take_while(|s| s.number <= d.payment_number)
                .map(|s| s.amount)
                .reduce(|a, b| a + b)
            else {
                continue;
            };
            if on > d.pay_by && paid + tol < upto {
                return out(
                    ArrangementState::Broken,
                    MonitorAction::Break,
                    format!(
                        "payment {} was not made good by {}, the day the default letter of {} gave: £{} received \
                         of the £{upto} due to it",
                        d.payment_number,
                        when(d.pay_by),
                        when(d.sent_on),
                        paid
                    ),
                );
            }
        }
    }
    if let Some((s, upto)) = uncured {
        let amount = upto - paid;
        let sent = facts.defaults.iter().any(|d| d.payment_number == s.number);
        let first_only = policy.break_rule == BreakRule::SecondMiss && !facts.defaults.is_empty();
        if sent || first_only {
            return out(
                ArrangementState::Missed,
                MonitorAction::None,
                format!(
                    "payment {} of £{} due {} is missed; the default letter was sent",
                    s.number,
                    s.amount,
                    when(s.due_on)
                ),
            );
        }
        let pay_by = on + Days::new(u64::from(policy.default_pay_days));
        return out(
            ArrangementState::Missed,
            MonitorAction::Default { payment_number: s.number, due_on: s.due_on, amount, pay_by },
            format!(
                "payment {} of £{} due {} not received by the end of its {} days of grace: £{amount} to pay by {}",
                s.number,
                s.amount,
                when(s.due_on),
                policy.grace_days,
                when(pay_by)
            ),
        );
    }
    let reason = match next {
        Some(n) => format!("£{paid} received of £{expected} due; next £{} on {}", n.amount, when(n.due_on)),
        None => format!("£{paid} received of £{expected} due; every payment has fallen due"),
    };
    out(ArrangementState::OnTrack, MonitorAction::None, reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }
    fn ct(balance: &str, year: i32) -> PlanDebt {
        PlanDebt { balance: m(balance), debt_type: DebtType::CouncilTax, financial_year: year }
    }

    /// T42 (recovery-rules.md §11 F): £1,200 arrears and £900 of this year at £80 a month from 1 July 2026.
    fn t42(order: DebtOrder) -> (Vec<PlanDebt>, Plan) {
        let debts = vec![ct("1200.00", 2025), ct("900.00", 2026)];
        let p = plan(
            &debts,
            PaymentFrequency::Monthly,
            d("2026-07-01"),
            PlanSize::Amount(m("80.00")),
            order,
            OddPayment::Last,
            2026,
        )
        .unwrap();
        (debts, p)
    }

    #[test]
    fn t42_ct_arrangement_feasibility_flags_the_current_year_not_cleared_by_year_end_and_does_not_refuse() {
        let (debts, p) = t42(DebtOrder::CurrentYearFirst);
        assert_eq!(p.total, m("2100.00"));
        assert_eq!(p.payments.len(), 27, "ceil(2,100 ÷ 80) = 27");
        assert!(p.payments[..26].iter().all(|s| s.amount == m("80.00")));
        assert_eq!(*p.last(), Scheduled { number: 27, due_on: d("2028-09-01"), amount: m("20.00") });
        let checks = checks(&p, &debts, 2026, &CheckFacts::default(), &ArrangementPolicy::default());
        let flag = checks.iter().find(|c| c.code == CheckCode::CurrentYearNotCleared).expect("flagged");
        assert_eq!(flag.severity, Severity::Review);
        assert!(flag.reason.contains("9 payments (£720.00) fall by 31 March 2027"), "{}", flag.reason);
        assert!(flag.reason.contains("leave £180.00 of 2026/27's charge unpaid"), "{}", flag.reason);
        assert!(!refused(&checks));
        // The rule in affordability.rs agrees.
        let f = crate::rules::affordability::monthly_offer_feasibility(
            m("1200.00"),
            m("900.00"),
            m("80.00"),
            d("2026-07-01"),
            None,
        )
        .unwrap();
        assert_eq!(
            (f.months_to_clear, f.final_payment, f.current_year_unpaid_at_year_end),
            (27, m("20.00"), m("180.00"))
        );
    }

    #[test]
    fn oldest_first_leaves_all_of_this_years_charge_unpaid_at_the_year_end_in_t42() {
        let (debts, p) = t42(DebtOrder::OldestFirst);
        assert_eq!(p.debts[0].index, 0, "arrears first");
        assert_eq!(p.debts[0].cleared_on, d("2027-09-01"), "15 × £80 = £1,200 on the 15th payment");
        let policy = ArrangementPolicy { debt_order: DebtOrder::OldestFirst, ..Default::default() };
        let c = checks(&p, &debts, 2026, &CheckFacts::default(), &policy);
        let flag = c.iter().find(|c| c.code == CheckCode::CurrentYearNotCleared).unwrap();
        assert!(flag.reason.contains("leave £900.00"), "{}", flag.reason);
        assert!(c.iter().any(|c| c.code == CheckCode::LongerThanMaximum), "27 months > 24");
    }

    #[test]
    fn a_plan_to_an_end_date_spreads_the_pennies_onto_the_odd_payment() {
        let debts = vec![ct("1000.00", 2026)];
        let p = plan(
            &debts,
            PaymentFrequency::Monthly,
            d("2026-04-15"),
            PlanSize::EndOn(d("2027-03-15")),
            DebtOrder::default(),
            OddPayment::Last,
            2026,
        )
        .unwrap();
        assert_eq!(p.payments.len(), 12);
        assert_eq!(p.regular, m("83.33"));
        assert_eq!(p.last().amount, m("83.37"));
        let first = plan(
            &debts,
            PaymentFrequency::Monthly,
            d("2026-04-15"),
            PlanSize::EndOn(d("2027-03-15")),
            DebtOrder::default(),
            OddPayment::First,
            2026,
        )
        .unwrap();
        assert_eq!((first.payments[0].amount, first.payments[1].amount), (m("83.37"), m("83.33")));
        let c = checks(&p, &debts, 2026, &CheckFacts::default(), &ArrangementPolicy::default());
        assert!(!c.iter().any(|c| c.code == CheckCode::CurrentYearNotCleared), "last payment 15 March 2027");
    }

    #[test]
    fn a_plan_starting_on_31_january_pays_on_the_last_day_of_shorter_months() {
        let p = plan(
            &[ct("500.00", 2025)],
            PaymentFrequency::Monthly,
            d("2027-01-31"),
            PlanSize::Amount(m("100.00")),
            DebtOrder::default(),
            OddPayment::Last,
            2026,
        )
        .unwrap();
        let dates: Vec<NaiveDate> = p.payments.iter().map(|s| s.due_on).collect();
        assert_eq!(dates, [d("2027-01-31"), d("2027-02-28"), d("2027-03-31"), d("2027-04-30"), d("2027-05-31")]);
        let leap = PaymentFrequency::Monthly.nth(d("2028-01-31"), 1).unwrap();
        assert_eq!(leap, d("2028-02-29"));
    }

    #[test]
    fn checks_refuse_holds_and_live_arrangements_and_flag_affordability_and_the_minimum() {
        let debts = vec![ct("300.00", 2024), ct("200.00", 2025)];
        let p = plan(
            &debts,
            PaymentFrequency::Weekly,
            d("2026-05-04"),
            PlanSize::Amount(m("4.00")),
            DebtOrder::default(),
            OddPayment::Last,
            2026,
        )
        .unwrap();
        let facts = CheckFacts {
            affordable: Some((m("15.00"), false)),
            held: vec![(1, "Breathing Space moratorium until 2026-07-28".into(), "SI 2020/1311 reg 7".into())],
            live: vec![(0, "AR-0A1B2C3D".into())],
            labels: vec!["Council Tax 2024/25".into(), "Council Tax 2025/26".into()],
            ..Default::default()
        };
        let c = checks(&p, &debts, 2026, &facts, &ArrangementPolicy::default());
        let codes: Vec<CheckCode> = c.iter().map(|c| c.code).collect();
        assert_eq!(
            codes,
            [
                CheckCode::Hold,
                CheckCode::LiveArrangement,
                CheckCode::OverAffordable,
                CheckCode::LongerThanMaximum,
                CheckCode::BelowMinimum
            ]
        );
        assert!(refused(&c));
        assert_eq!(c[0].reason, "Council Tax 2025/26: Breathing Space moratorium until 2026-07-28");
        assert_eq!(
            c[2].reason,
            "£4.00 weekly (£17.33 a month) is more than the £15.00 a month the income and expenditure statement \
             shows is affordable for the council's debts"
        );
        assert_eq!(c[4].reason, "£4.00 weekly (£17.33 a month) is below the council's minimum of £20.00 a month");
    }

    #[test]
    fn plans_refuse_bad_input_naming_the_field() {
        let debts = vec![ct("10.00", 2026)];
        let go = |size| {
            plan(&debts, PaymentFrequency::Weekly, d("2026-05-04"), size, DebtOrder::default(), OddPayment::Last, 2026)
        };
        assert_eq!(go(PlanSize::Amount(Money::ZERO)).unwrap_err().field, "amount");
        assert_eq!(go(PlanSize::Amount(m("0.01"))).unwrap_err().field, "amount", "1,000 payments");
        assert_eq!(go(PlanSize::EndOn(d("2026-05-01"))).unwrap_err().field, "endOn");
        let one = go(PlanSize::Amount(m("50.00"))).unwrap();
        assert_eq!(one.payments, [Scheduled { number: 1, due_on: d("2026-05-04"), amount: m("10.00") }]);
        assert_eq!(
            plan(
                &[ct("0.00", 2026)],
                PaymentFrequency::Weekly,
                d("2026-05-04"),
                PlanSize::Amount(m("1.00")),
                DebtOrder::default(),
                OddPayment::Last,
                2026
            )
            .unwrap_err()
            .field,
            "debts"
        );
    }

    // --------------------------------------------------------------------------------------- monitoring

    fn monthly(n: u32, amount: &str, from: &str) -> Vec<Scheduled> {
        (0..n)
            .map(|k| Scheduled {
                number: k + 1,
                due_on: PaymentFrequency::Monthly.nth(d(from), k).unwrap(),
                amount: m(amount),
            })
            .collect()
    }

    fn rx(list: &[(&str, &str)]) -> Vec<Received> {
        list.iter().map(|(on, a)| Received { on: d(on), amount: m(a) }).collect()
    }

    fn watch(schedule: &[Scheduled], received: &[Received], defaults: &[DefaultSent], on: &str) -> Monitoring {
        monitor(
            &MonitorFacts { schedule, received, defaults, debts_balance: m("1000.00"), held: None },
            d(on),
            &ArrangementPolicy::default(),
        )
    }

    #[test]
    fn a_payment_is_missed_only_after_its_days_of_grace_and_within_the_tolerance_is_paid() {
        let s = monthly(6, "100.00", "2026-06-01");
        let r = rx(&[("2026-06-01", "100.00"), ("2026-07-03", "99.50")]);
        let w = watch(&s, &r, &[], "2026-07-08");
        assert_eq!(w.state, ArrangementState::OnTrack, "£0.50 short is within the £1.00 tolerance");
        assert_eq!(w.payments[1].status, PaymentStatus::Paid);
        let late = watch(&s, &r[..1], &[], "2026-07-08");
        assert_eq!((late.state, late.payments[1].status), (ArrangementState::OnTrack, PaymentStatus::Late));
        let missed = watch(&s, &r[..1], &[], "2026-07-09");
        assert_eq!(missed.state, ArrangementState::Missed);
        assert_eq!(
            missed.action,
            MonitorAction::Default {
                payment_number: 2,
                due_on: d("2026-07-01"),
                amount: m("100.00"),
                pay_by: d("2026-07-23")
            }
        );
        assert_eq!((missed.expected, missed.paid, missed.behind), (m("200.00"), m("100.00"), m("100.00")));
    }

    #[test]
    fn the_default_is_sent_once_then_the_deadline_or_a_second_miss_breaks_it() {
        let s = monthly(6, "100.00", "2026-06-01");
        let r = rx(&[("2026-06-01", "100.00")]);
        let sent = [DefaultSent { payment_number: 2, sent_on: d("2026-07-09"), pay_by: d("2026-07-23") }];
        let waiting = watch(&s, &r, &sent, "2026-07-23");
        assert_eq!((waiting.state, &waiting.action), (ArrangementState::Missed, &MonitorAction::None));
        let broken = watch(&s, &r, &sent, "2026-07-24");
        assert_eq!((broken.state, &broken.action), (ArrangementState::Broken, &MonitorAction::Break));
        assert!(broken.reason.starts_with("payment 2 was not made good by 23 July 2026"), "{}", broken.reason);
        // Made good in time: back on track; a later miss is the second, and breaks it at once.
        let mut made_good = r.clone();
        made_good.extend(rx(&[("2026-07-20", "100.00"), ("2026-08-01", "100.00")]));
        assert_eq!(watch(&s, &made_good, &sent, "2026-08-20").state, ArrangementState::OnTrack);
        let second = watch(&s, &made_good, &sent, "2026-09-09");
        assert_eq!(second.missed, [2, 4]);
        assert_eq!(second.action, MonitorAction::Break);
        assert!(second.reason.starts_with("a second payment was missed: £100.00 due 1 September 2026"));
        // Under the deadline rule alone, the later miss brings another default letter instead.
        let deadline = ArrangementPolicy { break_rule: BreakRule::DefaultDeadline, ..Default::default() };
        let again = monitor(
            &MonitorFacts {
                schedule: &s,
                received: &made_good,
                defaults: &sent,
                debts_balance: m("600.00"),
                held: None,
            },
            d("2026-09-09"),
            &deadline,
        );
        assert!(matches!(again.action, MonitorAction::Default { payment_number: 4, .. }), "{:?}", again.action);
    }

    #[test]
    fn a_hold_stops_the_default_letter_and_the_break_but_not_the_completion() {
        let s = monthly(6, "100.00", "2026-06-01");
        let r = rx(&[("2026-06-01", "100.00")]);
        let held = |on: &str, received: &[Received]| {
            monitor(
                &MonitorFacts {
                    schedule: &s,
                    received,
                    defaults: &[],
                    debts_balance: m("500.00"),
                    held: Some("Breathing Space moratorium until 2026-09-30"),
                },
                d(on),
                &ArrangementPolicy::default(),
            )
        };
        let w = held("2026-08-20", &r);
        assert_eq!((w.state, &w.action), (ArrangementState::Missed, &MonitorAction::None));
        assert_eq!(w.missed, [2, 3], "two misses, which would break it");
        assert!(w
            .reason
            .ends_with("Breathing Space moratorium until 2026-09-30: no default letter or break while it holds"));
        let paid = rx(&[("2026-06-01", "600.00")]);
        assert_eq!(held("2026-06-02", &paid).action, MonitorAction::Complete);
    }

    #[test]
    fn paying_the_schedule_or_clearing_the_debts_completes_it() {
        let s = monthly(2, "100.00", "2026-06-01");
        let w = watch(&s, &rx(&[("2026-06-01", "100.00"), ("2026-06-20", "100.00")]), &[], "2026-06-21");
        assert_eq!((w.state, &w.action), (ArrangementState::Completed, &MonitorAction::Complete));
        let cleared = monitor(
            &MonitorFacts { schedule: &s, received: &[], defaults: &[], debts_balance: Money::ZERO, held: None },
            d("2026-06-02"),
            &ArrangementPolicy::default(),
        );
        assert_eq!(cleared.action, MonitorAction::Complete);
        // A payment reversed counts against what was received.
        let bounced = watch(&s, &rx(&[("2026-06-01", "100.00"), ("2026-06-05", "-100.00")]), &[], "2026-06-09");
        assert_eq!(bounced.paid, Money::ZERO);
        assert_eq!(bounced.missed, [1]);
    }

    // ------------------------------------------------------------------------------------ property tests

    fn frequency() -> impl Strategy<Value = PaymentFrequency> {
        prop::sample::select(PaymentFrequency::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn every_plan_sums_to_the_balance_with_no_zero_or_negative_payment_on_dates_that_follow_the_frequency(
            balances in prop::collection::vec(1i64..2_000_000, 1..4),
            freq in frequency(),
            start_offset in 0u64..1500,
            by_amount in any::<bool>(),
            amount in 1i64..500_000,
            span in 0u64..1200,
            odd_first in any::<bool>(),
        ) {
            let debts: Vec<PlanDebt> = balances
                .iter()
                .enumerate()
                .map(|(i, p)| PlanDebt {
                    balance: Money::from_pence(*p),
                    debt_type: DebtType::CouncilTax,
                    financial_year: 2023 + i as i32,
                })
                .collect();
            let start = d("2026-01-01") + Days::new(start_offset);
            let size = if by_amount {
                PlanSize::Amount(Money::from_pence(amount))
            } else {
                PlanSize::EndOn(start + Days::new(span))
            };
            let odd = if odd_first { OddPayment::First } else { OddPayment::Last };
            let Ok(p) = plan(&debts, freq, start, size, DebtOrder::CurrentYearFirst, odd, 2026) else {
                return Ok(());
            };
            let total: Money = debts.iter().map(|d| d.balance).sum();
            prop_assert_eq!(p.payments.iter().map(|s| s.amount).sum::<Money>(), total);
            prop_assert!(p.payments.iter().all(|s| s.amount.pence() > 0));
            prop_assert_eq!(p.payments.iter().filter(|s| s.amount != p.regular).count() <= 1, true);
            if let PlanSize::EndOn(end) = size {
                prop_assert!(p.last().due_on <= end);
                prop_assert!(freq.nth(start, p.payments.len() as u32).unwrap() > end);
            }
            for (k, s) in p.payments.iter().enumerate() {
                prop_assert_eq!(s.number as usize, k + 1);
                match freq {
                    PaymentFrequency::Monthly => {
                        use chrono::Datelike;
                        let months = (s.due_on.year() - start.year()) * 12 + s.due_on.month() as i32 - start.month() as i32;
                        prop_assert_eq!(months, k as i32);
                        let last_day = (s.due_on + Months::new(1)).with_day(1).unwrap().pred_opt().unwrap().day();
                        prop_assert_eq!(s.due_on.day(), start.day().min(last_day));
                    }
                    f => {
                        let step = match f { PaymentFrequency::Weekly => 7, PaymentFrequency::Fortnightly => 14, _ => 28 };
                        prop_assert_eq!((s.due_on - start).num_days(), step * k as i64);
                    }
                }
            }
            // Every debt is cleared, in order, by the last payment.
            prop_assert_eq!(p.debts.len(), debts.len());
            prop_assert!(p.debts.windows(2).all(|w| w[0].cleared_on <= w[1].cleared_on));
            prop_assert_eq!(p.debts.last().unwrap().cleared_on, p.last().due_on);
        }
    }
}
