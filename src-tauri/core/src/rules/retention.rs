//! Retention (recovery-rules.md §9): when a debt's records fall due for anonymisation under the council's
//! schedule. There is no statutory period; the schedule's rules (POLICY defaults in `db::retention::DEFAULTS`)
//! run from the day the debt was cleared or written off, from the end of the financial year it relates to,
//! or both (the later), and liability order evidence is kept while the debt is unpaid plus its years.

use crate::model::{RetentionBasis, RetentionRecordType};
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// One record type's rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub record_type: RetentionRecordType,
    pub basis: RetentionBasis,
    pub years: i64,
}

/// What the decision reads about one debt (an account).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Debt {
    /// The ledger's sum in pence: anything but zero (a credit too) means it is not cleared.
    pub balance_pence: i64,
    /// When it was cleared, written off or closed (only read when the balance is zero).
    pub cleared_on: NaiveDate,
    /// The latest financial year it relates to, if known (2025 = 2025/26).
    pub last_year: Option<i32>,
    /// The day the account was opened: the start when no financial year is known.
    pub opened_on: NaiveDate,
}

/// Where one debt stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Decision {
    /// Due for anonymisation since `on`, under `rule` (the rule that gave the latest date).
    Due { on: NaiveDate, rule: RetentionRecordType },
    /// Cleared, but still within its period until `until` (due on that day). `old` when its year-end period
    /// has run out, so that only the day it was cleared holds it back.
    WithinPeriod { until: NaiveDate, rule: RetentionRecordType, old: bool },
    /// Not cleared: kept while anything is owed (or owed to them). `old` when its year-end period has run out,
    /// so that only the balance holds it back.
    Owing { old: bool },
}

/// The last day of financial year `year` (31 March of the next calendar year).
pub fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, 3, 31).expect("a valid year")
}

/// `years` whole years after `on` (29 February → 28 February).
pub fn years_after(on: NaiveDate, years: i64) -> NaiveDate {
    on.checked_add_months(Months::new((years.clamp(0, 200) * 12) as u32)).unwrap_or(NaiveDate::MAX)
}

/// The day a cleared debt falls due under one rule.
pub fn due_on(rule: &Rule, debt: &Debt) -> NaiveDate {
    let after_clearance = years_after(debt.cleared_on, rule.years);
    match rule.basis {
        RetentionBasis::LaterOfClearanceAndYearEnd => match debt.last_year {
            Some(year) => after_clearance.max(years_after(year_end(year), rule.years)),
            None => after_clearance,
        },
        RetentionBasis::AfterClosure | RetentionBasis::WhileUnpaidThenAfterClearance => after_clearance,
    }
}

/// Decides one debt on `today` under its debt type's rule and, if it had a liability order, the liability
/// order rule too (the later date wins).
pub fn decide(rule: &Rule, liability_order: Option<&Rule>, debt: &Debt, today: NaiveDate) -> Decision {
    let old = years_after(debt.last_year.map(year_end).unwrap_or(debt.opened_on), rule.years) <= today;
    if debt.balance_pence != 0 {
        return Decision::Owing { old };
    }
    let mut on = due_on(rule, debt);
    let mut governing = rule.record_type;
    if let Some(lo) = liability_order {
        let lo_on = due_on(lo, debt);
        if lo_on > on {
            on = lo_on;
            governing = lo.record_type;
        }
    }
    if on <= today {
        Decision::Due { on, rule: governing }
    } else {
        Decision::WithinPeriod { until: on, rule: governing, old }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const CT: Rule = Rule {
        record_type: RetentionRecordType::CouncilTax,
        basis: RetentionBasis::LaterOfClearanceAndYearEnd,
        years: 6,
    };
    const LO: Rule = Rule {
        record_type: RetentionRecordType::LiabilityOrder,
        basis: RetentionBasis::WhileUnpaidThenAfterClearance,
        years: 10,
    };

    fn cleared(on: &str, year: i32) -> Debt {
        Debt { balance_pence: 0, cleared_on: d(on), last_year: Some(year), opened_on: d("2010-04-01") }
    }

    #[test]
    fn the_later_of_six_years_after_clearance_and_six_years_after_the_year_end() {
        // 2015/26 ends 31 March 2016; cleared 1 June 2016: 1 June 2022 is later than 31 March 2022.
        assert_eq!(due_on(&CT, &cleared("2016-06-01", 2015)), d("2022-06-01"));
        // Paid in advance, 1 March 2015, for 2015/16: the year end rules, 31 March 2022.
        assert_eq!(due_on(&CT, &cleared("2015-03-01", 2015)), d("2022-03-31"));
        assert_eq!(
            decide(&CT, None, &cleared("2016-06-01", 2015), d("2022-06-01")),
            Decision::Due { on: d("2022-06-01"), rule: RetentionRecordType::CouncilTax }
        );
        assert_eq!(
            decide(&CT, None, &cleared("2016-06-01", 2015), d("2022-05-31")),
            Decision::WithinPeriod { until: d("2022-06-01"), rule: RetentionRecordType::CouncilTax, old: true }
        );
    }

    #[test]
    fn liability_order_evidence_is_kept_for_its_own_years_after_clearance() {
        let debt = cleared("2016-06-01", 2015);
        assert_eq!(
            decide(&CT, Some(&LO), &debt, d("2025-01-01")),
            Decision::WithinPeriod { until: d("2026-06-01"), rule: RetentionRecordType::LiabilityOrder, old: true }
        );
    }

    #[test]
    fn a_debt_with_a_balance_or_a_credit_is_never_due() {
        let owing = Debt { balance_pence: 1, ..cleared("2016-06-01", 2015) };
        assert_eq!(decide(&CT, None, &owing, d("2040-01-01")), Decision::Owing { old: true });
        assert_eq!(decide(&CT, None, &owing, d("2022-03-30")), Decision::Owing { old: false });
        let credit = Debt { balance_pence: -500, ..owing };
        assert_eq!(decide(&CT, None, &credit, d("2040-01-01")), Decision::Owing { old: true });
    }

    #[test]
    fn leap_days_move_to_the_last_of_february() {
        assert_eq!(years_after(d("2016-02-29"), 6), d("2022-02-28"));
    }
}
