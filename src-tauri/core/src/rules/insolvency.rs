//! Insolvency holds (bankruptcy, debt relief order, IVA): debt that arose before the order or arrangement is
//! held (provable, a qualifying debt, or bound by the arrangement); liability arising from that day on is billed
//! and recovered as normal. A year's charge that straddles the day is split by days (recovery-rules.md §5).

use crate::error::{Error, Result};
use crate::money::Money;
use crate::rules::timeline::{last_day_of_period, Action, Step};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InsolvencyKind {
    /// Bankruptcy order (Insolvency Act 1986 Part IX).
    Bankruptcy,
    /// Debt relief order (IA 1986 Part 7A).
    DebtReliefOrder,
    /// Individual voluntary arrangement, approved (IA 1986 Part VIII).
    Iva,
}

/// The insolvency and the day that divides held debt from new liability: the day the bankruptcy order or DRO was
/// made, or the IVA approved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insolvency {
    pub kind: InsolvencyKind,
    pub date: NaiveDate,
}

impl Insolvency {
    fn regulation(self) -> &'static str {
        match self.kind {
            InsolvencyKind::Bankruptcy => "Insolvency Act 1986 ss278, 285(3)",
            InsolvencyKind::DebtReliefOrder => "Insolvency Act 1986 ss251G, 251H",
            InsolvencyKind::Iva => "Insolvency Act 1986 s260",
        }
    }

    fn name(self) -> &'static str {
        match self.kind {
            InsolvencyKind::Bankruptcy => "bankruptcy order",
            InsolvencyKind::DebtReliefOrder => "debt relief order",
            InsolvencyKind::Iva => "IVA",
        }
    }

    /// Whether a debt that arose (for council tax and business rates: the day of liability) on `arose_on` is
    /// held. DECISION: liability for days before the order's day is held; from that day on it is new liability
    /// (the practice of closing the account the day before and opening a new one).
    pub fn holds(self, arose_on: NaiveDate) -> bool {
        arose_on < self.date
    }

    /// Refuses recovery of held debt on `on` while the hold lasts.
    pub fn refuse_if_held(self, arose_on: NaiveDate, on: NaiveDate) -> Result<()> {
        let ends = self.hold_ends_on();
        if self.holds(arose_on) && on >= self.date && ends.is_none_or(|e| on <= e) {
            return Err(Error::RuleRefused(format!(
                "{} of {} holds debt that arose before it ({})",
                self.name(),
                self.date,
                self.regulation()
            )));
        }
        if self.holds(arose_on) && ends.is_some_and(|e| on > e) {
            return Err(Error::RuleRefused(format!(
                "the debt was released when the {} ended on {}: write it off",
                self.name(),
                ends.expect("end")
            )));
        }
        Ok(())
    }

    /// The last day of the hold where the law fixes one: a DRO's moratorium is one year beginning with the day it
    /// is made (IA 1986 s251H(1)); a bankrupt is discharged at the end of one year beginning with the order
    /// (s279(1)). Both then release the debts (ss251I, 281). An IVA has no fixed end.
    pub fn hold_ends_on(self) -> Option<NaiveDate> {
        match self.kind {
            InsolvencyKind::Bankruptcy | InsolvencyKind::DebtReliefOrder => {
                let anniversary = self.date.checked_add_months(Months::new(12)).expect("date in range");
                Some(anniversary - Days::new(1))
            }
            InsolvencyKind::Iva => None,
        }
    }

    /// The hold's dates as steps.
    pub fn steps(self) -> Vec<Step> {
        let mut v = vec![Step::new(
            Action::HoldStarts,
            self.date,
            "insolvency_hold",
            self.regulation(),
            format!("{} made {}: debt that arose before it is held; later liability is not", self.name(), self.date),
        )];
        if let Some(end) = self.hold_ends_on() {
            let (regulation, why) = match self.kind {
                InsolvencyKind::Bankruptcy => {
                    ("Insolvency Act 1986 ss279(1), 281", "automatic discharge releases the bankruptcy debts")
                }
                _ => (
                    "Insolvency Act 1986 ss251H(1), 251I",
                    "the moratorium ends and the qualifying debts are discharged",
                ),
            };
            v.push(Step::new(Action::HoldEnds, end, "insolvency_release", regulation, format!("{why}: write off")));
        }
        v
    }
}

/// A charge for a period split at an insolvency date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Split {
    /// For the days before the date: held.
    pub held: Money,
    /// For the date and after: new liability, recovered as normal.
    pub not_held: Money,
    pub held_days: i64,
    pub days: i64,
    pub step: Step,
}

/// Splits `charge` for the days `from..=to` at the insolvency date, by days ([`Money::apportion`]: council
/// tax and business rates accrue daily, LGFA 1992 s10(1), LGFA 1988 s43). The held share is rounded to the
/// nearest penny; the other is the exact remainder, so they sum to the charge.
pub fn split_charge(insolvency: Insolvency, from: NaiveDate, to: NaiveDate, charge: Money) -> Result<Split> {
    if to < from {
        return Err(Error::validation("period", format!("{to} is before {from}")));
    }
    let days = (to - from).num_days() + 1;
    let held_days = (insolvency.date - from).num_days().clamp(0, days);
    let held = charge.apportion(held_days, days);
    let not_held = charge - held;
    let last_held = last_day_of_period(from, held_days.max(1) as u32);
    let step = Step::new(
        Action::HoldStarts,
        insolvency.date,
        "insolvency_split_by_days",
        "LGFA 1992 s10(1) (daily liability); Insolvency Act 1986",
        if held_days == 0 {
            format!("the period starts on or after the {} of {}: nothing is held", insolvency.name(), insolvency.date)
        } else {
            format!(
                "£{charge} for {days} days: {held_days} days to {last_held} held (£{held}); £{not_held} from {} is new \
                 liability",
                insolvency.date
            )
        },
    );
    Ok(Split { held, not_held, held_days, days, step })
}
