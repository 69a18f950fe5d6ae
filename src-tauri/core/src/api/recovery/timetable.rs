//! The timetable of an account for the person screen: every liability's instalments with what the payments
//! met (the allocation rule, named), its computed timeline (each step with the rule and regulation that
//! produced it, from `rules::council_tax`, `rules::business_rates` or `rules::invoices`), the hold that stops
//! it, and the holds on the account with their computed ends.

use super::{parse_date, Engine};
use crate::api::audit::{record_view, ViewKind, Viewed};
use crate::db::holds::HoldRow;
use crate::db::runs::{load_cases, Detail, Load};
use crate::db::{Ctx, Db};
use crate::error::{Error, Result};
use crate::model::{financial_year_label, DebtType, Jurisdiction};
use crate::money::Money;
use crate::rules::allocation::{InstalmentAllocation, Moved};
use crate::rules::holds::{self as hold_rules, HoldRefusal};
use crate::rules::timeline::{Notice, Step, Timeline};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountTimetableInput {
    pub account_id: String,
    /// The day to compute for (ISO date); today if absent.
    #[serde(default)]
    pub on: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AccountTimetable {
    pub account_id: String,
    pub reference: String,
    pub debt_type: DebtType,
    pub jurisdiction: Jurisdiction,
    pub on: NaiveDate,
    /// The allocation rule in words, within a year and between years.
    pub allocation_rule: &'static str,
    pub between_years_rule: &'static str,
    /// Credit no year could take.
    pub unallocated: Money,
    /// Credits moved between years by the policy.
    pub moved: Vec<Moved>,
    /// Oldest year first.
    pub liabilities: Vec<LiabilityTimetable>,
    /// Holds that can cover the account, with whether each is in force today and its last day.
    pub holds: Vec<HoldStatus>,
    /// The first step due, across the years: what the person screen shows as "next".
    pub next: Option<NextStep>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NextStep {
    pub liability_id: String,
    pub year_label: String,
    pub step: Step,
    /// The hold that stops it, if any.
    pub held_by: Option<HoldRefusal>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LiabilityTimetable {
    pub liability_id: String,
    pub financial_year: i32,
    pub year_label: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub description: String,
    pub charged: Money,
    pub costs: Money,
    /// Money in, net of refunds (positive).
    pub credited: Money,
    pub balance: Money,
    pub schedule_id: Option<String>,
    pub scheme: Option<String>,
    pub bill_date: Option<NaiveDate>,
    pub instalments: Vec<InstalmentAllocation>,
    pub paid_to_charge: Money,
    pub paid_to_costs: Money,
    /// More paid than the year owes, kept on it.
    pub credit: Money,
    pub notices: Vec<Notice>,
    /// `None` when no schedule is stored.
    pub timeline: Option<Timeline>,
    pub held_by: Option<HoldRefusal>,
    pub arrangement_since: Option<NaiveDate>,
    /// Why there is no timeline, when there is none.
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HoldStatus {
    #[serde(flatten)]
    pub hold: HoldRow,
    pub kind_label: &'static str,
    pub in_force: bool,
    /// The last day it holds, computed from its dates (`None`: until released).
    pub last_day: Option<NaiveDate>,
    /// The dated review points (creditor review deadline, midway review, end, proof of debt, review date).
    pub steps: Vec<Step>,
}

pub(crate) fn hold_status(h: HoldRow, on: NaiveDate, policy: &crate::rules::policy::RecoveryPolicy) -> HoldStatus {
    let facts = h.facts();
    HoldStatus {
        kind_label: h.kind.label(),
        in_force: hold_rules::in_force(&facts, on, policy),
        last_day: hold_rules::last_day(&facts, policy),
        steps: hold_rules::review_steps(&facts, h.review_on, policy),
        hold: h,
    }
}

/// The timetable of every liability of an account on a day. The view is written to the audit log (the account;
/// the viewer finds it under each person on the account).
pub fn account_timetable(db: &Db, ctx: &Ctx, input: AccountTimetableInput) -> Result<AccountTimetable> {
    let on = match &input.on {
        Some(d) => parse_date(d, "on")?,
        None => ctx.today,
    };
    let timetable = db.read(|tx| {
        let engine = Engine::load(tx, on)?;
        let case =
            load_cases(tx, std::slice::from_ref(&input.account_id), Detail::All, Load { parties: false, rows: true })?
                .into_iter()
                .next()
                .ok_or_else(|| Error::NotFound(format!("account {}", input.account_id)))?;
        let allocation = engine.allocate(&case);
        let evaluated = engine.evaluate(&case, None)?;
        let mut liabilities = Vec::new();
        for ((l, year), e) in case.liabilities.iter().zip(&allocation.years).zip(evaluated) {
            let note = match (&l.schedule, &e.timeline) {
                (None, _) => Some("no instalments stored: bill this liability (or schedule the imported ones)".into()),
                (Some(_), None) => Some("nothing charged: no instalments".into()),
                _ => None,
            };
            liabilities.push(LiabilityTimetable {
                liability_id: l.row.id.clone(),
                financial_year: l.row.financial_year,
                year_label: financial_year_label(l.row.financial_year),
                period_from: l.row.period_from,
                period_to: l.row.period_to,
                description: l.row.description.clone(),
                charged: l.sums.charged,
                costs: l.sums.costs,
                credited: -l.sums.credited,
                balance: l.sums.balance(),
                schedule_id: l.schedule.as_ref().map(|s| s.id.clone()),
                scheme: l.schedule.as_ref().map(|s| s.scheme.clone()),
                bill_date: l.schedule.as_ref().map(|s| s.bill_date),
                instalments: year.instalments.clone(),
                paid_to_charge: year.paid_to_charge,
                paid_to_costs: year.paid_to_costs,
                credit: year.credit,
                notices: e.notices,
                timeline: e.timeline,
                held_by: e.hold,
                arrangement_since: e.arrangement_since,
                note,
            });
        }
        let next = liabilities
            .iter()
            .filter_map(|l| {
                l.timeline.as_ref().and_then(|t| t.next.clone()).map(|step| NextStep {
                    liability_id: l.liability_id.clone(),
                    year_label: l.year_label.clone(),
                    step,
                    held_by: l.held_by.clone(),
                })
            })
            .min_by_key(|n| n.step.on);
        Ok(AccountTimetable {
            account_id: case.account_id.clone(),
            reference: case.reference.clone(),
            debt_type: case.debt_type,
            jurisdiction: case.jurisdiction,
            on,
            allocation_rule: allocation.rule,
            between_years_rule: allocation.between_years_rule,
            unallocated: allocation.unallocated,
            moved: allocation.moved,
            liabilities,
            holds: case.holds.into_iter().map(|h| hold_status(h, on, &engine.policy)).collect(),
            next,
        })
    })?;
    let viewed = Viewed {
        kind: ViewKind::Timetable,
        entity: "accounts",
        entity_id: &timetable.account_id,
        party_id: None,
        account_id: Some(&timetable.account_id),
    };
    record_view(db, ctx, viewed)?;
    Ok(timetable)
}
