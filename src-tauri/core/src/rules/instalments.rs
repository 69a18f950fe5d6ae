//! Statutory instalments for council tax (SI 1992/613 Sch 1 Part I) and business rates (SI 1989/1058 Sch 1):
//! how many, in which months, on which day, and how much each, with the whole-pound rule, the small-instalment
//! powers and revised schedules after a mid-year change (recovery-rules.md §1.1, §2, worked examples T01–T08).

use crate::error::{Error, Result};
use crate::model::DebtType;
use crate::money::{Money, PoundTie};
use crate::rules::policy::{thresholds, FirstInstalmentTooSoon, RecoveryPolicy, ShortMonth, SmallInstalments};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Which statutory scheme a bill follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// The default: 10 monthly instalments, fewer for bills issued from 1 May (SI 1992/613 Sch 1 para 2(3);
    /// SI 1989/1058 Sch 1 para 1(2)).
    Ten,
    /// 12 monthly instalments on the taxpayer's written request (council tax: reg 21(1A)–(1D) and Sch 1
    /// para 2(3A), from 1 April 2013, England and Wales; business rates in England from 1 April 2014,
    /// SI 2014/479).
    Twelve,
}

impl Scheme {
    /// `10` or `12`, as the CLI's `--scheme` takes it.
    pub fn parse(text: &str) -> Result<Scheme> {
        match text.trim() {
            "10" | "ten" => Ok(Scheme::Ten),
            "12" | "twelve" => Ok(Scheme::Twelve),
            other => Err(Error::validation("scheme", format!("'{other}' is not a scheme: use 10 or 12"))),
        }
    }
}

/// One instalment: when it falls due and how much. Stored per liability; never recalculated on the fly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instalment {
    /// 1 for the first instalment of the notice.
    pub number: u32,
    pub due_on: NaiveDate,
    pub amount: Money,
}

/// A rule that shaped a schedule, for the officer to read ("8 instalments: bill issued 15 June").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleApplied {
    pub rule: &'static str,
    pub regulation: &'static str,
    pub reason: String,
}

/// The instalments of one demand notice (or revised notice) and their total, which always equals the charge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub debt: DebtType,
    pub financial_year: i32,
    /// The day the notice was issued (SI 1992/613 reg 17(4): the day it was posted or left).
    pub bill_date: NaiveDate,
    pub instalments: Vec<Instalment>,
    pub total: Money,
    /// Every rule that decided the number, the dates and the amounts, in the order applied.
    pub rules: Vec<RuleApplied>,
}

/// Reg 21 (recovery-rules.md §1.1): the bill must be served at least 14 days before the first instalment.
pub const DAYS_BEFORE_FIRST_INSTALMENT: u64 = 14;

/// The statutory instalments of a council tax or business rates charge for `financial_year` (2026 = 2026/27).
///
/// * number: SI 1992/613 Sch 1 para 2(3) (10, or one fewer than the whole months left after a bill issued from
///   1 May), para 2(3A) (12 on request, or the whole months left after a bill issued from 16 April), para 2(1)
///   (a bill issued 1 January – 31 March is one instalment); business rates SI 1989/1058 Sch 1 paras 1(2), 2;
/// * months and day: Sch 1 para 2(4), the council's `day_of_month`, the first at least 14 days after the bill
///   (reg 21), short months and a too-soon first month per `policy`;
/// * amounts: Sch 1 para 2(5)–(6) whole pounds with the rest on the first ([`Money::divide_to_nearest_pound`]),
///   then the small-instalment powers of para 2(7) and para 3 per `policy.small_instalments`.
///
/// The instalments always sum to `charge`, every one but the first is whole pounds, and none is negative.
pub fn statutory_instalments(
    charge: Money,
    scheme: Scheme,
    bill_date: NaiveDate,
    financial_year: i32,
    day_of_month: u32,
    debt: DebtType,
    policy: &RecoveryPolicy,
) -> Result<Schedule> {
    check_debt(debt)?;
    if charge.is_negative() {
        return Err(Error::validation("charge", "a charge cannot be negative; a credit is refunded, not billed"));
    }
    if !(1..=31).contains(&day_of_month) {
        return Err(Error::validation("day", format!("{day_of_month} is not a day of the month (1–31)")));
    }
    if scheme == Scheme::Twelve {
        let (from, source) = match debt {
            DebtType::BusinessRates => (2014, "SI 2014/479"),
            _ => (2013, "SI 2012/3086"),
        };
        if financial_year < from {
            return Err(Error::validation(
                "scheme",
                format!("12 instalments on request apply from {}/{:02} ({source})", from, (from + 1) % 100),
            ));
        }
    }
    if charge.is_zero() {
        let rules = vec![RuleApplied {
            rule: "nothing_to_pay",
            regulation: "SI 1992/613 Sch 1 para 2(2)",
            reason: "the charge is £0.00: no instalments".into(),
        }];
        return Ok(build(debt, financial_year, bill_date, vec![], vec![], rules));
    }
    let year_end = date(financial_year + 1, 3, 31)?;
    if bill_date > year_end {
        // A notice issued after the year is payable at once; it is not an instalment scheme.
        return single_instalment_schedule(charge, bill_date, financial_year, debt, policy, after_the_year(debt));
    }
    let mut rules = Vec::new();
    let count = instalment_count(scheme, bill_date, financial_year, debt)?;
    if count.number == 1 {
        return single_instalment_schedule(charge, bill_date, financial_year, debt, policy, count.rule);
    }
    rules.push(count.rule);
    let dates = instalment_dates(count.number, bill_date, financial_year, day_of_month, policy, &mut rules)?;
    let (dates, amounts) = amounts_for(charge, dates, debt, policy, &mut rules);
    Ok(build(debt, financial_year, bill_date, dates, amounts, rules))
}

/// A revised schedule after the charge changes mid-year (SI 1992/613 Sch 1 para 10: a new notice adjusts the
/// instalments still to fall due; recovery-rules.md §1.1 "remaining balance over remaining instalments").
///
/// Instalments due less than `policy.revised_notice_days` after `revised_on` keep their amounts; the new charge
/// less those amounts is spread over the rest with the same whole-pound and small-instalment rules. If none
/// remain, the difference is one instalment `revised_notice_days` after the notice. If the amounts already due
/// exceed the new charge, they are reduced from the latest backwards (DECISION: the excess is not owed; the
/// earliest instalments, and any default on them, stand as they were) so the total is always the new charge.
pub fn revise_instalments(
    previous: &[Instalment],
    new_charge: Money,
    revised_on: NaiveDate,
    financial_year: i32,
    debt: DebtType,
    policy: &RecoveryPolicy,
) -> Result<Schedule> {
    check_debt(debt)?;
    if new_charge.is_negative() {
        return Err(Error::validation("charge", "a charge cannot be negative"));
    }
    let cutoff = revised_on + Days::new(u64::from(policy.revised_notice_days));
    let mut sorted = previous.to_vec();
    sorted.sort_by_key(|i| i.due_on);
    let (kept, later): (Vec<Instalment>, Vec<Instalment>) = sorted.into_iter().partition(|i| i.due_on < cutoff);
    let kept_total: Money = kept.iter().map(|i| i.amount).sum();
    let mut rules = vec![RuleApplied {
        rule: "revised_schedule",
        regulation: "SI 1992/613 Sch 1 para 10",
        reason: format!(
            "charge revised to £{new_charge} on {revised_on}; {} instalment(s) due before {cutoff} keep their \
             amounts (£{kept_total})",
            kept.len()
        ),
    }];
    let rest = new_charge - kept_total;
    let mut dates: Vec<NaiveDate> = kept.iter().map(|i| i.due_on).collect();
    let mut amounts: Vec<Money> = kept.iter().map(|i| i.amount).collect();
    if rest.is_negative() {
        let mut excess = -rest;
        for a in amounts.iter_mut().rev() {
            let cut = if *a < excess { *a } else { excess };
            *a -= cut;
            excess -= cut;
        }
        rules.push(RuleApplied {
            rule: "revised_below_amounts_already_due",
            regulation: "SI 1992/613 Sch 1 para 10",
            reason: format!("£{} already due is more than the new charge; the latest are reduced", -rest),
        });
        // Drop instalments reduced to nothing.
        let (d, a): (Vec<_>, Vec<_>) = dates.into_iter().zip(amounts).filter(|(_, a)| !a.is_zero()).unzip();
        return Ok(build(debt, financial_year, revised_on, d, a, rules));
    }
    if !rest.is_zero() {
        if later.is_empty() {
            dates.push(cutoff);
            amounts.push(rest);
            rules.push(RuleApplied {
                rule: "revised_no_instalments_left",
                regulation: "SI 1992/613 Sch 1 para 10",
                reason: format!("no instalments left to adjust; £{rest} falls due on {cutoff}"),
            });
        } else {
            let (d, a) = amounts_for(rest, later.iter().map(|i| i.due_on).collect(), debt, policy, &mut rules);
            dates.extend(d);
            amounts.extend(a);
        }
    }
    Ok(build(debt, financial_year, revised_on, dates, amounts, rules))
}

/// How many instalments, and the rule that says so.
pub struct InstalmentCount {
    pub number: u32,
    pub rule: RuleApplied,
}

/// The number of instalments a bill issued on `bill_date` for `financial_year` carries, before the
/// small-instalment powers. The issue month never counts as a whole month left (DECISION: the bill is issued
/// during it, so it is not whole "after the issue of the notice").
pub fn instalment_count(
    scheme: Scheme,
    bill_date: NaiveDate,
    financial_year: i32,
    debt: DebtType,
) -> Result<InstalmentCount> {
    check_debt(debt)?;
    let year_start = date(financial_year, 4, 1)?;
    let nndr = debt == DebtType::BusinessRates;
    if bill_date >= date(financial_year + 1, 1, 1)? {
        return Ok(InstalmentCount {
            number: 1,
            rule: RuleApplied {
                rule: "single_instalment_from_1_january",
                regulation: if nndr { "SI 1989/1058 Sch 1 para 2" } else { "SI 1992/613 Sch 1 para 2(1)" },
                reason: format!("bill issued {bill_date}, on or after 1 January: one instalment"),
            },
        });
    }
    let whole_months_after = if bill_date < year_start { 12 } else { 11 - month_index(bill_date) };
    let (number, regulation, reason) = match scheme {
        Scheme::Ten => {
            let april_30 = date(financial_year, 4, 30)?;
            if bill_date <= april_30 {
                (10, ten_regulation(nndr, true), format!("bill issued {bill_date}, by 30 April: 10 instalments"))
            } else {
                (
                    whole_months_after - 1,
                    ten_regulation(nndr, false),
                    format!(
                        "bill issued {bill_date}: {whole_months_after} whole months left in the year, less one: {} \
                         instalments",
                        whole_months_after - 1
                    ),
                )
            }
        }
        Scheme::Twelve => {
            let april_15 = date(financial_year, 4, 15)?;
            let regulation =
                if nndr { "SI 1989/1058 Sch 1 (12 instalments, SI 2014/479)" } else { "SI 1992/613 Sch 1 para 2(3A)" };
            if bill_date <= april_15 {
                (12, regulation, format!("12 instalments on request; notice issued {bill_date}, by 15 April"))
            } else {
                (
                    whole_months_after,
                    regulation,
                    format!(
                        "12 instalments on request; notice issued {bill_date}: the {whole_months_after} whole months \
                         left in the year (para 2(3A)(a)(ii) wording inferred ⚠)"
                    ),
                )
            }
        }
    };
    Ok(InstalmentCount { number, rule: RuleApplied { rule: "number_of_instalments", regulation, reason } })
}

fn ten_regulation(nndr: bool, by_april: bool) -> &'static str {
    match (nndr, by_april) {
        (true, _) => "SI 1989/1058 Sch 1 para 1(2)",
        (false, true) => "SI 1992/613 Sch 1 para 2(3)(a)",
        (false, false) => "SI 1992/613 Sch 1 para 2(3)(b)",
    }
}

fn after_the_year(debt: DebtType) -> RuleApplied {
    RuleApplied {
        rule: "single_instalment_after_the_year",
        regulation: if debt == DebtType::BusinessRates {
            "SI 1989/1058 Sch 1 para 2"
        } else {
            "SI 1992/613 Sch 1 para 2(1)"
        },
        reason: "bill issued after the year ended: one instalment".into(),
    }
}

fn check_debt(debt: DebtType) -> Result<()> {
    match debt {
        DebtType::CouncilTax | DebtType::BusinessRates => Ok(()),
        other => Err(Error::validation(
            "debt",
            format!("statutory instalments apply to council tax and business rates, not {}", other.label()),
        )),
    }
}

fn single_instalment_schedule(
    charge: Money,
    bill_date: NaiveDate,
    financial_year: i32,
    debt: DebtType,
    policy: &RecoveryPolicy,
    why: RuleApplied,
) -> Result<Schedule> {
    let days = policy.single_instalment_days_after_bill.max(DAYS_BEFORE_FIRST_INSTALMENT as u32);
    let due = bill_date + Days::new(u64::from(days));
    let rules = vec![
        why,
        RuleApplied {
            rule: "single_instalment_day",
            regulation: "SI 1992/613 reg 21 (14 days' notice)",
            reason: format!("due {due}, {days} days after the bill (the day stated in the notice)"),
        },
    ];
    Ok(build(debt, financial_year, bill_date, vec![due], vec![charge], rules))
}

fn build(
    debt: DebtType,
    financial_year: i32,
    bill_date: NaiveDate,
    dates: Vec<NaiveDate>,
    amounts: Vec<Money>,
    rules: Vec<RuleApplied>,
) -> Schedule {
    let instalments: Vec<Instalment> = dates
        .into_iter()
        .zip(amounts)
        .enumerate()
        .map(|(i, (due_on, amount))| Instalment { number: i as u32 + 1, due_on, amount })
        .collect();
    let total = instalments.iter().map(|i| i.amount).sum();
    Schedule { debt, financial_year, bill_date, instalments, total, rules }
}

/// The due dates of `n` monthly instalments: uninterrupted months of the year (Sch 1 para 2(4)), the earliest
/// run whose first date is at least 14 days after the bill (reg 21).
fn instalment_dates(
    n: u32,
    bill_date: NaiveDate,
    financial_year: i32,
    day: u32,
    policy: &RecoveryPolicy,
    rules: &mut Vec<RuleApplied>,
) -> Result<Vec<NaiveDate>> {
    let year_start = date(financial_year, 4, 1)?;
    let earliest_month = if bill_date < year_start { 0 } else { month_index(bill_date) };
    let min_first = bill_date + Days::new(DAYS_BEFORE_FIRST_INSTALMENT);
    let on = |i: u32| day_in_month(financial_year, i, day);
    let first = (earliest_month..12).find(|&i| on(i) >= min_first).unwrap_or(12);
    let mut dates: Vec<NaiveDate>;
    if first + n <= 12 {
        dates = (first..first + n).map(on).collect();
        if first > earliest_month {
            rules.push(RuleApplied {
                rule: "first_instalment_14_days_after_bill",
                regulation: "SI 1992/613 reg 21",
                reason: format!("the first instalment day at least 14 days after the bill is {}", dates[0]),
            });
        }
    } else {
        let start = 12 - n;
        match policy.first_instalment_too_soon {
            FirstInstalmentTooSoon::Refuse => {
                return Err(Error::RuleRefused(format!(
                    "{n} instalments on day {day} do not fit: the first would be less than 14 days after the bill of \
                     {bill_date} (reg 21); choose a later instalment day"
                )))
            }
            FirstInstalmentTooSoon::MoveFirstInstalment => {
                dates = (start..12).map(on).collect();
                dates[0] = min_first.max(dates[0]);
                rules.push(RuleApplied {
                    rule: "first_instalment_moved_to_14_days",
                    regulation: "SI 1992/613 reg 21 and Sch 1 para 2(3)",
                    reason: format!(
                        "day {day} in the first month is less than 14 days after the bill; the first of the {n} \
                         instalments falls on {min_first}"
                    ),
                });
            }
        }
    }
    let short: Vec<NaiveDate> = dates.iter().copied().filter(|d| d.day() != day && d.day() < day).collect();
    if !short.is_empty() {
        match policy.short_month {
            ShortMonth::Refuse => {
                return Err(Error::validation(
                    "day",
                    format!("day {day} does not exist in every instalment month (e.g. the month of {})", short[0]),
                ))
            }
            ShortMonth::LastDayOfMonth => rules.push(RuleApplied {
                rule: "short_month_last_day",
                regulation: "SI 1992/613 Sch 1 para 2(4)",
                reason: format!(
                    "day {day} falls on the last day of shorter months: {}",
                    short.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
                ),
            }),
        }
    }
    Ok(dates)
}

/// The amounts for instalments on the para 2 dates (para 2(5)–(6)) and then the small-instalment powers, which
/// may drop dates: para 2(7) drops the second; para 3 keeps the first *n* of the para 2 months (DECISION: the
/// regulation lets the notice pick "such of the months"; the earliest keep the schedule closest to the bill).
fn amounts_for(
    total: Money,
    para2_dates: Vec<NaiveDate>,
    debt: DebtType,
    policy: &RecoveryPolicy,
    rules: &mut Vec<RuleApplied>,
) -> (Vec<NaiveDate>, Vec<Money>) {
    let nndr = debt == DebtType::BusinessRates;
    let (minimum, single_below) = if nndr {
        (thresholds::business_rates_minimum_instalment(), thresholds::business_rates_single_instalment_below())
    } else {
        (thresholds::council_tax_minimum_instalment(), thresholds::council_tax_single_instalment_below())
    };
    let tie = policy.instalment_tie;
    let below = |a: &[Money]| a.iter().any(|x| *x < minimum);

    let mut dates = para2_dates.clone();
    let mut amounts = whole_pounds(total, dates.len() as u32, tie);
    rules.push(whole_pound_rule(total, &amounts, nndr, tie));
    let mut mode = policy.small_instalments;
    if mode != SmallInstalments::MergeThenFewer && amounts.iter().any(|x| x.pence() <= 0) {
        // DECISION: an instalment of nothing or less is not an instalment; the powers are used whatever the policy.
        mode = SmallInstalments::MergeThenFewer;
        rules.push(RuleApplied {
            rule: "no_instalment_of_nothing",
            regulation: "SI 1992/613 Sch 1 paras 2(7) and 3",
            reason: "para 2(6) would give an instalment of £0.00 or less; the small-instalment powers are used".into(),
        });
    }
    if mode == SmallInstalments::Statutory || !below(&amounts) {
        return (dates, amounts);
    }
    if !nndr && amounts.len() >= 2 {
        merge_first_two(&mut dates, &mut amounts, rules, "SI 1992/613 Sch 1 para 2(7)");
    }
    if mode == SmallInstalments::MergeFirstTwo || !below(&amounts) {
        return (dates, amounts);
    }
    // Para 3 applies "notwithstanding any adjustment under paragraph 2(7)": start again from the para 2 months.
    let regulation =
        if nndr { "SI 1989/1058 Sch 1 para 3 (detail inferred ⚠)" } else { "SI 1992/613 Sch 1 para 3(1)" };
    let n3 =
        if total < single_below { 1 } else { total.whole_multiples_of(minimum).min(para2_dates.len() as u32).max(1) };
    rules.push(RuleApplied {
        rule: "fewer_instalments_for_a_small_charge",
        regulation,
        reason: if n3 == 1 {
            format!("a charge under £{single_below} is one instalment")
        } else {
            format!("£{total} in {n3} instalments, the most with £{minimum} × {n3} ≤ £{total}")
        },
    });
    let mut dates = para2_dates[..n3 as usize].to_vec();
    let mut amounts = whole_pounds(total, n3, tie);
    rules.push(whole_pound_rule(total, &amounts, nndr, tie));
    if below(&amounts) && !nndr && amounts.len() >= 2 {
        merge_first_two(&mut dates, &mut amounts, rules, "SI 1992/613 Sch 1 paras 3(3) and 2(7)");
    }
    (dates, amounts)
}

fn merge_first_two(
    dates: &mut Vec<NaiveDate>,
    amounts: &mut Vec<Money>,
    rules: &mut Vec<RuleApplied>,
    regulation: &'static str,
) {
    let second = amounts.remove(1);
    amounts[0] += second;
    let dropped = dates.remove(1);
    rules.push(RuleApplied {
        rule: "merge_first_two",
        regulation,
        reason: format!(
            "an instalment would be under the minimum: the second (£{second}, due {dropped}) is added to the first; \
             one instalment fewer"
        ),
    });
}

/// Sch 1 para 2(5)–(6): A = C ÷ D to the nearest pound for all but the first; the first B = C − (D − 1) × A.
fn whole_pounds(total: Money, n: u32, tie: PoundTie) -> Vec<Money> {
    let a = total.divide_to_nearest_pound(n, tie);
    let b = total - a.times(n - 1);
    let mut out = vec![b];
    out.extend(std::iter::repeat_n(a, n as usize - 1));
    out
}

fn whole_pound_rule(total: Money, amounts: &[Money], nndr: bool, tie: PoundTie) -> RuleApplied {
    let n = amounts.len();
    let exact = amounts.iter().all(|a| *a == amounts[0]);
    let regulation = match (nndr, exact) {
        (true, true) => "SI 1989/1058 Sch 1 para 1(4)",
        (true, false) => "SI 1989/1058 Sch 1 para 1(5)",
        (false, true) => "SI 1992/613 Sch 1 para 2(5)",
        (false, false) => "SI 1992/613 Sch 1 para 2(6)",
    };
    let reason = if exact {
        format!("£{total} ÷ {n} is £{} exactly", amounts[0])
    } else if n == 1 {
        format!("£{total} in one instalment")
    } else {
        format!(
            "£{total} ÷ {n} rounded to the nearest pound{} is £{}; the first is £{total} − {} × £{} = £{}",
            if tie == PoundTie::HalfDown { " (half a pound down)" } else { "" },
            amounts[1],
            n - 1,
            amounts[1],
            amounts[0]
        )
    };
    RuleApplied { rule: "whole_pounds_first_takes_the_rest", regulation, reason }
}

/// Month 0 is April of the financial year, 11 is March of the next calendar year.
fn month_index(d: NaiveDate) -> u32 {
    (d.month() + 12 - 4) % 12
}

/// The instalment day in month `index` of the year; the last day of the month when the month is shorter.
fn day_in_month(financial_year: i32, index: u32, day: u32) -> NaiveDate {
    let (y, m) = if index < 9 { (financial_year, index + 4) } else { (financial_year + 1, index - 8) };
    (1..=day).rev().find_map(|d| NaiveDate::from_ymd_opt(y, m, d)).expect("every month has a 28th")
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Error::validation("year", format!("{y} is out of range")))
}
