//! Limitation: the last day the council may apply for a liability order or issue a claim for a sum
//! (recovery-rules.md §1.12, §2, §6; worked example T14). The number of years is a dated rule value.

use crate::error::{Error, Result};
use crate::model::{DebtType, Jurisdiction};
use crate::rules::tables::RuleTables;
use crate::rules::timeline::{Action, Step};
use chrono::{Datelike, Days, Months, NaiveDate};

/// How a period of years is counted from the day a sum fell due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// "6 years beginning with the day on which it became due" (SI 1992/613 reg 34(3); business rates
    /// SI 1989/1058 reg 12): the due day is day 1, so 1 April 2020 → last day 31 March 2026.
    BeginningWithDueDay,
    /// "6 years from the date on which the cause of action accrued" (Limitation Act 1980 ss5, 9; Care Act 2014
    /// s69(3)): the due day is not counted (Marren v Dawson Bentley [1961] 2 QB 135), so the last day is the
    /// anniversary, 1 April 2026.
    FromTheDayAfter,
}

/// The last day of `years` years counted from `due_on`. The anniversary of 29 February is 28 February
/// (DECISION: the earlier day, so the council never applies late).
pub fn last_day(due_on: NaiveDate, years: u32, counting: Counting) -> NaiveDate {
    let anniversary = due_on.checked_add_months(Months::new(12 * years)).expect("date in range");
    let anniversary = if due_on.month() == 2 && due_on.day() == 29 {
        NaiveDate::from_ymd_opt(anniversary.year(), 2, 28).expect("28 February exists")
    } else {
        anniversary
    };
    match counting {
        Counting::BeginningWithDueDay => anniversary - Days::new(1),
        Counting::FromTheDayAfter => anniversary,
    }
}

/// The rule-table name of the limitation years for a debt type, the counting and the citation.
fn rule_for(debt: DebtType) -> (&'static str, Counting, &'static str) {
    match debt {
        DebtType::CouncilTax => ("limitation.years", Counting::BeginningWithDueDay, "SI 1992/613 reg 34(3)"),
        DebtType::BusinessRates => {
            ("business_rates.limitation_years", Counting::BeginningWithDueDay, "SI 1989/1058 reg 12 (6 years)")
        }
        DebtType::HbOverpayment => {
            ("hb_overpayment.limitation_years", Counting::FromTheDayAfter, "Limitation Act 1980 s9")
        }
        DebtType::Sundry => ("sundry.limitation_years", Counting::FromTheDayAfter, "Limitation Act 1980 s5"),
        DebtType::AdultSocialCare => {
            ("adult_social_care.limitation_years", Counting::FromTheDayAfter, "Care Act 2014 s69(3)")
        }
    }
}

/// The last day to apply (council tax, business rates) or claim (invoice debts) for a sum that fell due on
/// `due_on`, as a step citing its rule. The years come from the rule tables in force on the due day (adult social
/// care: 3 years for sums due before 1 April 2015, 6 after).
pub fn limitation_step(
    debt: DebtType,
    jurisdiction: Jurisdiction,
    due_on: NaiveDate,
    tables: &RuleTables,
) -> Result<Step> {
    let (rule, counting, regulation) = rule_for(debt);
    let value = tables.in_force(rule, jurisdiction, due_on)?;
    let years: u32 = value
        .value
        .trim()
        .parse()
        .map_err(|_| Error::validation(format!("rule {rule}"), "not a whole number of years"))?;
    let last = last_day(due_on, years, counting);
    let how = match counting {
        Counting::BeginningWithDueDay => "beginning with the day it fell due",
        Counting::FromTheDayAfter => "from the day it fell due",
    };
    Ok(Step::new(
        Action::LimitationEnds,
        last,
        "limitation",
        regulation,
        format!("{years} years {how} ({due_on}): the last day to apply is {last}"),
    ))
}

/// Refuses a complaint or claim made after the limitation period for a sum due on `due_on` (T14: a sum due
/// 1 April 2020 may be the subject of a complaint on 31 March 2026, not on 1 April 2026).
pub fn check_in_time(
    debt: DebtType,
    jurisdiction: Jurisdiction,
    due_on: NaiveDate,
    apply_on: NaiveDate,
    tables: &RuleTables,
) -> Result<Step> {
    let step = limitation_step(debt, jurisdiction, due_on, tables)?;
    if apply_on > step.on {
        return Err(Error::RuleRefused(format!(
            "out of time: the sum due {due_on} could be applied for until {} ({}); {apply_on} is too late",
            step.on, step.regulation
        )));
    }
    Ok(step)
}
