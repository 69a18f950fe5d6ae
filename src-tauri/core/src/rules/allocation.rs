//! Payment allocation, the named rule of issue 5: which instalments an account's credits have met and where a
//! credit goes between financial years. Computed from the ledger every time (balances are never stored).
//!
//! * Within a liability: credits meet the instalments **oldest first**, then the costs (DECISION: the charge
//!   before costs, so a payment keeps the taxpayer in instalments; the law is silent, recovery-rules.md §12).
//! * Between years: a credit posted with no year, or more than a year owes, goes where the council's policy
//!   [`BetweenYears`] says. The credit keeps the day it was received.

use crate::money::Money;
use crate::rules::instalments::Instalment;
use crate::rules::timeline::Payment;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a credit that no year claims goes: one posted with no year, or the part of a year's credits beyond
/// what that year owes (charge and costs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BetweenYears {
    /// The oldest year with something unpaid first. DECISION: the default; it is what `record_payment` does with
    /// a payment that names no year, so the screen and the engine agree.
    #[default]
    OldestYearFirst,
    /// The current financial year first (keeping the taxpayer in instalments), then the oldest.
    CurrentYearFirst,
    /// Credits stay on the year they were posted to; a credit with no year stays unallocated.
    AsPosted,
}

impl BetweenYears {
    pub fn describe(self) -> &'static str {
        match self {
            BetweenYears::OldestYearFirst => "credits no year claims go to the oldest year with something unpaid",
            BetweenYears::CurrentYearFirst => {
                "credits no year claims go to the current year first, then the oldest year with something unpaid"
            }
            BetweenYears::AsPosted => "credits stay on the year they were posted to",
        }
    }
}

/// The named rule, for the screen.
pub const ALLOCATION_RULE: &str = "Credits meet a year's instalments oldest first, then its costs";

/// One liability's facts for allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearLedger {
    pub liability_id: String,
    pub financial_year: i32,
    /// The current schedule, any order; empty when none is stored.
    pub instalments: Vec<Instalment>,
    /// Charges and adjustments on the ledger (what the instalments should sum to).
    pub charged: Money,
    pub costs: Money,
    /// Credits posted to this liability: positive is money in (a refund is negative), dated as received.
    pub credits: Vec<Payment>,
}

impl YearLedger {
    /// What the year owes before any credit: its charge and costs (never below nothing).
    pub fn owed(&self) -> Money {
        nonneg(self.charged + self.costs)
    }
}

/// How one instalment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstalmentStatus {
    Paid,
    PartPaid,
    /// Due and nothing of it met.
    Unpaid,
    /// Not yet due (and not met in full).
    NotYetDue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct InstalmentAllocation {
    pub number: u32,
    pub due_on: NaiveDate,
    pub amount: Money,
    /// Met by the credits up to `today`, oldest instalment first.
    pub paid: Money,
    pub unpaid: Money,
    /// Met in full by credits received on or before its due day.
    pub paid_on_time: bool,
    pub status: InstalmentStatus,
}

/// A credit moved between years, with the day it was received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// `None`: a credit posted with no year.
    pub from_liability_id: Option<String>,
    pub to_liability_id: String,
    pub on: NaiveDate,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YearAllocation {
    pub liability_id: String,
    pub financial_year: i32,
    /// The credits that count for this year, dated: its own less any surplus moved away, plus credits moved
    /// in. The timetable reads these.
    pub payments: Vec<Payment>,
    pub instalments: Vec<InstalmentAllocation>,
    pub paid_to_charge: Money,
    pub paid_to_costs: Money,
    pub unpaid_charge: Money,
    pub unpaid_costs: Money,
    /// Credit left on this year (more than it owes, with nowhere to go).
    pub credit: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Allocation {
    pub rule: &'static str,
    pub between_years: BetweenYears,
    pub between_years_rule: &'static str,
    pub years: Vec<YearAllocation>,
    pub moved: Vec<Moved>,
    /// Credit with no year to meet (no year owes anything, or the policy keeps it unallocated).
    pub unallocated: Money,
}

/// Allocates an account's credits received on or before `today` to its years and their instalments.
/// `unallocated` are credits posted with no year. Money is conserved: the years' payments plus their credit
/// plus `unallocated` equal every credit given.
pub fn allocate(years: &[YearLedger], unallocated: &[Payment], today: NaiveDate, policy: BetweenYears) -> Allocation {
    let current = crate::model::financial_year(today);
    // 1. Each year keeps its own credits up to what it owes; the latest credits beyond that are surplus.
    let mut own: Vec<Vec<Payment>> = Vec::with_capacity(years.len());
    let mut pool: Vec<(Option<String>, Payment)> = Vec::new();
    for y in years {
        let mut credits: Vec<Payment> = y.credits.iter().copied().filter(|p| p.on <= today).collect();
        credits.sort_by_key(|p| p.on);
        let mut surplus = sum(&credits) - y.owed();
        if surplus.pence() > 0 {
            // Peel the surplus off the latest positive credits.
            for p in credits.iter_mut().rev() {
                if surplus.pence() <= 0 {
                    break;
                }
                if p.amount.pence() <= 0 {
                    continue;
                }
                let take = min(p.amount, surplus);
                p.amount -= take;
                surplus -= take;
                pool.push((Some(y.liability_id.clone()), Payment { on: p.on, amount: take }));
            }
            credits.retain(|p| !p.amount.is_zero());
        }
        own.push(credits);
    }
    for p in unallocated.iter().filter(|p| p.on <= today && p.amount.pence() > 0) {
        pool.push((None, *p));
    }
    let negative_unallocated: Money =
        unallocated.iter().filter(|p| p.on <= today && p.amount.pence() < 0).map(|p| p.amount).sum();
    pool.sort_by_key(|(_, p)| p.on);

    // 2. The pool meets the years in the policy's order.
    let mut order: Vec<usize> = (0..years.len()).collect();
    match policy {
        BetweenYears::OldestYearFirst => order.sort_by_key(|&i| (years[i].financial_year, i)),
        BetweenYears::CurrentYearFirst => {
            order.sort_by_key(|&i| (years[i].financial_year != current, years[i].financial_year, i))
        }
        BetweenYears::AsPosted => order.clear(),
    }
    let mut moved = Vec::new();
    let mut credit_left: Vec<Money> = vec![Money::ZERO; years.len()];
    for i in order {
        let mut need = years[i].owed() - sum(&own[i]);
        for (from, p) in pool.iter_mut() {
            if need.pence() <= 0 {
                break;
            }
            if p.amount.pence() <= 0 || from.as_deref() == Some(years[i].liability_id.as_str()) {
                continue;
            }
            let take = min(p.amount, need);
            p.amount -= take;
            need -= take;
            own[i].push(Payment { on: p.on, amount: take });
            moved.push(Moved {
                from_liability_id: from.clone(),
                to_liability_id: years[i].liability_id.clone(),
                on: p.on,
                amount: take,
            });
        }
    }
    // 3. What is left in the pool goes back where it came from (a year's credit) or stays unallocated.
    let mut unallocated_left = negative_unallocated;
    for (from, p) in pool {
        if p.amount.is_zero() {
            continue;
        }
        match from.and_then(|id| years.iter().position(|y| y.liability_id == id)) {
            Some(i) => credit_left[i] += p.amount,
            None => unallocated_left += p.amount,
        }
    }

    let out = years
        .iter()
        .zip(own)
        .zip(credit_left)
        .map(|((y, mut payments), credit)| {
            payments.sort_by_key(|p| p.on);
            year_allocation(y, payments, credit, today)
        })
        .collect();
    Allocation {
        rule: ALLOCATION_RULE,
        between_years: policy,
        between_years_rule: policy.describe(),
        years: out,
        moved,
        unallocated: unallocated_left,
    }
}

fn year_allocation(y: &YearLedger, payments: Vec<Payment>, credit: Money, today: NaiveDate) -> YearAllocation {
    let mut instalments = y.instalments.clone();
    instalments.sort_by_key(|i| (i.due_on, i.number));
    let paid = sum(&payments);
    let charge_claim = nonneg(y.charged);
    let paid_to_charge = clamp(paid, charge_claim);
    let paid_to_costs = clamp(paid - paid_to_charge, nonneg(y.costs));
    let mut before = Money::ZERO;
    let mut out = Vec::with_capacity(instalments.len());
    for i in &instalments {
        let met = clamp(paid - before, i.amount);
        let through = before + i.amount;
        let by_due: Money = payments.iter().filter(|p| p.on <= i.due_on).map(|p| p.amount).sum();
        before = through;
        let unpaid = i.amount - met;
        let status = if unpaid.is_zero() {
            InstalmentStatus::Paid
        } else if i.due_on >= today {
            InstalmentStatus::NotYetDue
        } else if met.is_zero() {
            InstalmentStatus::Unpaid
        } else {
            InstalmentStatus::PartPaid
        };
        out.push(InstalmentAllocation {
            number: i.number,
            due_on: i.due_on,
            amount: i.amount,
            paid: met,
            unpaid,
            paid_on_time: by_due >= through,
            status,
        });
    }
    YearAllocation {
        liability_id: y.liability_id.clone(),
        financial_year: y.financial_year,
        payments,
        instalments: out,
        paid_to_charge,
        paid_to_costs,
        unpaid_charge: charge_claim - paid_to_charge,
        unpaid_costs: nonneg(y.costs) - paid_to_costs,
        credit,
    }
}

fn sum(p: &[Payment]) -> Money {
    p.iter().map(|p| p.amount).sum()
}

fn min(a: Money, b: Money) -> Money {
    if a < b {
        a
    } else {
        b
    }
}

fn nonneg(m: Money) -> Money {
    if m.is_negative() {
        Money::ZERO
    } else {
        m
    }
}

/// `x` limited to `0..=cap`.
fn clamp(x: Money, cap: Money) -> Money {
    nonneg(min(x, cap))
}
