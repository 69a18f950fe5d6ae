//! Bills and their instalments, stored per liability: issue a bill (posting its charge if asked) with the
//! statutory schedule from `rules::instalments`, revise it when the liability changes (the remaining balance
//! over the remaining instalments), schedule an imported caseload's liabilities in one go, and the calculator.

use super::{parse_date, parse_money, Engine};
use crate::access::Permission;
use crate::db::accounts::{self, NewEntry};
use crate::db::instalments::{self as store, LiabilityRow, NewSchedule, StoredSchedule};
use crate::db::{audit, Ctx, Db, Tx};
use crate::error::{Error, Result};
use crate::model::{financial_year_label, DebtType, LedgerKind, Stage};
use crate::money::Money;
use crate::rules::instalments::{revise_instalments, statutory_instalments, Instalment, RuleApplied, Scheme};
use crate::rules::invoices::invoice_due_on;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A stored schedule as the screen shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ScheduleView {
    pub id: String,
    pub liability_id: String,
    pub financial_year: i32,
    pub year_label: String,
    /// `ten`, `twelve` or `invoice`.
    pub scheme: String,
    pub bill_date: NaiveDate,
    pub day_of_month: Option<u32>,
    pub charge: Money,
    pub total: Money,
    pub revision: i64,
    pub revises_schedule_id: Option<String>,
    pub instalments: Vec<Instalment>,
    /// Every rule that decided the number, the dates and the amounts, with its regulation.
    pub rules: serde_json::Value,
    pub reason: String,
    pub created_at: String,
    pub created_by: String,
}

fn view(s: StoredSchedule, year: i32) -> ScheduleView {
    ScheduleView {
        total: s.instalments.iter().map(|i| i.amount).sum(),
        id: s.id,
        liability_id: s.liability_id,
        financial_year: year,
        year_label: financial_year_label(year),
        scheme: s.scheme,
        bill_date: s.bill_date,
        day_of_month: s.day_of_month,
        charge: s.charge,
        revision: s.revision,
        revises_schedule_id: s.revises_schedule_id,
        instalments: s.instalments,
        rules: s.rules,
        reason: s.reason,
        created_at: s.created_at,
        created_by: s.created_by,
    }
}

fn scheme_code(s: Scheme) -> &'static str {
    match s {
        Scheme::Ten => "ten",
        Scheme::Twelve => "twelve",
    }
}

fn is_statutory(debt: DebtType) -> bool {
    matches!(debt, DebtType::CouncilTax | DebtType::BusinessRates)
}

fn rules_json(rules: &[RuleApplied]) -> String {
    serde_json::to_string(rules).expect("rules serialise")
}

/// The schedule a bill issued on `bill_date` gives a liability charged `charge`: the statutory instalments for
/// council tax and business rates; one instalment on the invoice's due date (stated, or the policy's payment
/// terms) for the other debts.
fn schedule_for(
    engine: &Engine,
    liability: &LiabilityRow,
    charge: Money,
    scheme: Scheme,
    bill_date: NaiveDate,
    day: u32,
    stated_due: Option<NaiveDate>,
) -> Result<(Vec<Instalment>, Vec<RuleApplied>)> {
    if is_statutory(liability.debt_type) {
        let s = statutory_instalments(
            charge,
            scheme,
            bill_date,
            liability.financial_year,
            day,
            liability.debt_type,
            &engine.policy,
        )?;
        return Ok((s.instalments, s.rules));
    }
    if charge.is_negative() {
        return Err(Error::validation("charge", "an invoice cannot be for less than nothing"));
    }
    let due = invoice_due_on(liability.debt_type, bill_date, stated_due, &engine.policy)?;
    let rules = vec![RuleApplied {
        rule: "invoice_due",
        regulation: "Council recovery policy (payment terms)",
        reason: match stated_due {
            Some(d) => format!("the invoice states its due date, {d}"),
            None => format!("due {due}: the policy's payment terms after the invoice of {bill_date}"),
        },
    }];
    let instalments =
        if charge.is_zero() { vec![] } else { vec![Instalment { number: 1, due_on: due, amount: charge }] };
    Ok((instalments, rules))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BillLiabilityInput {
    pub liability_id: String,
    /// The day the bill (demand notice) or invoice is issued.
    pub bill_date: String,
    /// `10` (the default) or `12` (on the taxpayer's written request). Council tax and business rates only.
    #[serde(default)]
    pub scheme: Option<String>,
    /// The instalment day of the month; the council's setting if absent.
    #[serde(default)]
    pub day_of_month: Option<u32>,
    /// The charge to post with the bill, as a decimal string. If absent, the charge already on the ledger.
    #[serde(default)]
    pub charge: Option<String>,
    /// An invoice's stated due date; the policy's payment terms if absent.
    #[serde(default)]
    pub due_on: Option<String>,
}

/// Issues the bill of a liability: posts the charge if given, stores the schedule the rules give (with every
/// rule that shaped it) and the `billed` stage, with its audit row, in one transaction. Refused if the
/// liability already has a schedule (revise it instead).
pub fn bill_liability(db: &Db, ctx: &Ctx, input: BillLiabilityInput) -> Result<ScheduleView> {
    ctx.require(Permission::WorkCases)?;
    let bill_date = parse_date(&input.bill_date, "billDate")?;
    let scheme = match &input.scheme {
        Some(s) => Scheme::parse(s)?,
        None => Scheme::Ten,
    };
    let charge = input.charge.as_deref().map(|c| parse_money(c, "charge")).transpose()?;
    let stated_due = input.due_on.as_deref().map(|d| parse_date(d, "dueOn")).transpose()?;
    if let Some(day) = input.day_of_month {
        if !(1..=31).contains(&day) {
            return Err(Error::validation("dayOfMonth", format!("{day} is not a day of the month (1–31)")));
        }
    }
    db.write(|tx| {
        let liability = store::liability(tx, &input.liability_id)?
            .ok_or_else(|| Error::NotFound(format!("liability {}", input.liability_id)))?;
        if input.scheme.is_some() && !is_statutory(liability.debt_type) {
            return Err(Error::validation("scheme", "an invoice has no instalment scheme"));
        }
        if stated_due.is_some() && is_statutory(liability.debt_type) {
            return Err(Error::validation("dueOn", "council tax and business rates follow the statutory instalments"));
        }
        if let Some(existing) = store::current_schedule(tx, &liability.id)? {
            return Err(Error::Conflict(format!(
                "{} {} was billed on {} (by {}); revise its schedule instead",
                liability.account_reference,
                financial_year_label(liability.financial_year),
                existing.bill_date,
                existing.created_by
            )));
        }
        let engine = Engine::load(tx, ctx.today)?;
        if let Some(c) = charge {
            let on_ledger = store::ledger_sums(tx, &liability.account_id, Some(&liability.id))?.charged;
            if !on_ledger.is_zero() {
                return Err(Error::validation(
                    "charge",
                    format!("£{on_ledger} is already charged on the ledger for this year; leave the charge out"),
                ));
            }
            if c.is_negative() || c.is_zero() {
                return Err(Error::validation("charge", "must be more than £0.00"));
            }
            let id = accounts::insert_entry(
                tx,
                ctx,
                &NewEntry {
                    account_id: &liability.account_id,
                    liability_id: Some(&liability.id),
                    kind: Some(LedgerKind::Charge),
                    amount: c,
                    posted_on: &ctx.today.to_string(),
                    effective_on: &bill_date.to_string(),
                    reason: "Bill issued",
                    ..Default::default()
                },
            )?;
            audit::record(
                tx,
                ctx,
                "bill_liability",
                "ledger_entries",
                &id,
                None,
                Some(&liability.account_id),
                serde_json::json!({"amount_pence": c.pence()}),
            )?;
        }
        let charged = store::ledger_sums(tx, &liability.account_id, Some(&liability.id))?.charged;
        let day = input.day_of_month.unwrap_or(engine.settings.instalment_day);
        let (instalments, rules) = schedule_for(&engine, &liability, charged, scheme, bill_date, day, stated_due)?;
        let scheme_text = if is_statutory(liability.debt_type) { scheme_code(scheme) } else { "invoice" };
        let reason = format!("{} instalment(s) from the bill of {bill_date}", instalments.len());
        let id = store::insert_schedule(
            tx,
            ctx,
            &NewSchedule {
                account_id: &liability.account_id,
                liability_id: &liability.id,
                scheme: scheme_text,
                bill_date,
                day_of_month: is_statutory(liability.debt_type).then_some(day),
                charge: charged,
                revises_schedule_id: None,
                revision: 1,
                rules: &rules_json(&rules),
                reason: &reason,
                instalments: &instalments,
            },
        )?;
        accounts::insert_stage(
            tx,
            ctx,
            &liability.account_id,
            Some(&liability.id),
            Stage::Billed,
            &bill_date.to_string(),
            &format!("Bill {}: {reason}", financial_year_label(liability.financial_year)),
        )?;
        audit::record(
            tx,
            ctx,
            "bill_liability",
            "instalment_schedules",
            &id,
            None,
            Some(&liability.account_id),
            serde_json::json!({"liability_id": liability.id, "instalments": instalments.len(), "charge_pence": charged.pence()}),
        )?;
        stored_view(tx, &liability)
    })
}

fn stored_view(tx: &Tx, liability: &LiabilityRow) -> Result<ScheduleView> {
    let s =
        store::current_schedule(tx, &liability.id)?.ok_or_else(|| Error::Internal("schedule just stored".into()))?;
    Ok(view(s, liability.financial_year))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviseLiabilityInput {
    pub liability_id: String,
    /// The day the revised (adjusted) notice is issued.
    pub revised_on: String,
    /// A change to post first, as a signed decimal string ("-460.89" for a discount); absent when the ledger
    /// already holds the change.
    #[serde(default)]
    pub adjustment: Option<String>,
    /// Why the liability changed (a discount, a banding change, a period that ended).
    pub reason: String,
}

/// Revises a liability's schedule after its charge changed (SI 1992/613 Sch 1 para 10): posts the adjustment if
/// given, then stores a new schedule for the charge now on the ledger, instalments due within the policy's
/// notice keeping their amounts and the rest re-spread with the whole-pound rule. One transaction, audited.
pub fn revise_liability(db: &Db, ctx: &Ctx, input: ReviseLiabilityInput) -> Result<ScheduleView> {
    ctx.require(Permission::WorkCases)?;
    let revised_on = parse_date(&input.revised_on, "revisedOn")?;
    let adjustment = input.adjustment.as_deref().map(|a| parse_money(a, "adjustment")).transpose()?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Error::validation("reason", "say why the liability changed"));
    }
    db.write(|tx| {
        let liability = store::liability(tx, &input.liability_id)?
            .ok_or_else(|| Error::NotFound(format!("liability {}", input.liability_id)))?;
        let previous = store::current_schedule(tx, &liability.id)?.ok_or_else(|| {
            Error::Conflict(format!(
                "{} {} has no schedule yet: bill it first",
                liability.account_reference,
                financial_year_label(liability.financial_year)
            ))
        })?;
        let engine = Engine::load(tx, ctx.today)?;
        if let Some(a) = adjustment {
            if a.is_zero() {
                return Err(Error::validation("adjustment", "is £0.00: leave it out"));
            }
            let id = accounts::insert_entry(
                tx,
                ctx,
                &NewEntry {
                    account_id: &liability.account_id,
                    liability_id: Some(&liability.id),
                    kind: Some(LedgerKind::Adjustment),
                    amount: a,
                    posted_on: &ctx.today.to_string(),
                    effective_on: &revised_on.to_string(),
                    reason,
                    ..Default::default()
                },
            )?;
            audit::record(
                tx,
                ctx,
                "revise_liability",
                "ledger_entries",
                &id,
                None,
                Some(&liability.account_id),
                serde_json::json!({"amount_pence": a.pence()}),
            )?;
        }
        let charged = store::ledger_sums(tx, &liability.account_id, Some(&liability.id))?.charged;
        if charged.is_negative() {
            return Err(Error::validation(
                "adjustment",
                format!("the year's charge would be £{charged}: refund a credit instead"),
            ));
        }
        let (instalments, rules) = if is_statutory(liability.debt_type) {
            let s = revise_instalments(
                &previous.instalments,
                charged,
                revised_on,
                liability.financial_year,
                liability.debt_type,
                &engine.policy,
            )?;
            (s.instalments, s.rules)
        } else {
            let due = previous.instalments.iter().map(|i| i.due_on).min().unwrap_or(revised_on);
            let rules = vec![RuleApplied {
                rule: "invoice_revised",
                regulation: "Council recovery policy",
                reason: format!("invoice revised to £{charged} on {revised_on}; still due {due}"),
            }];
            let inst =
                if charged.is_zero() { vec![] } else { vec![Instalment { number: 1, due_on: due, amount: charged }] };
            (inst, rules)
        };
        let id = store::insert_schedule(
            tx,
            ctx,
            &NewSchedule {
                account_id: &liability.account_id,
                liability_id: &liability.id,
                scheme: &previous.scheme,
                bill_date: revised_on,
                day_of_month: previous.day_of_month,
                charge: charged,
                revises_schedule_id: Some(&previous.id),
                revision: previous.revision + 1,
                rules: &rules_json(&rules),
                reason,
                instalments: &instalments,
            },
        )?;
        audit::record(
            tx,
            ctx,
            "revise_liability",
            "instalment_schedules",
            &id,
            None,
            Some(&liability.account_id),
            serde_json::json!({"liability_id": liability.id, "revises": previous.id, "charge_pence": charged.pence()}),
        )?;
        stored_view(tx, &liability)
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LiabilityInput {
    pub liability_id: String,
}

/// Every schedule of a liability, the current first (the history after revisions).
pub fn liability_schedules(db: &Db, input: LiabilityInput) -> Result<Vec<ScheduleView>> {
    db.read(|tx| {
        let liability = store::liability(tx, &input.liability_id)?
            .ok_or_else(|| Error::NotFound(format!("liability {}", input.liability_id)))?;
        Ok(store::schedules(tx, &liability.id)?.into_iter().map(|s| view(s, liability.financial_year)).collect())
    })
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleMissingInput {
    /// `10` (the default) or `12`: the scheme assumed for council tax and business rates.
    #[serde(default)]
    pub scheme: Option<String>,
    /// The instalment day; the council's setting if absent.
    #[serde(default)]
    pub day_of_month: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScheduleMissingView {
    pub scheduled: usize,
    pub instalments: usize,
    pub skipped: usize,
    /// The first 100 skipped, with why: "reference 2025/26: reason".
    pub skipped_examples: Vec<String>,
}

/// Stores a schedule for every liability that has a charge on the ledger and none yet (an imported caseload):
/// the statutory schedule from the day the bill went out (its `billed` stage, else its first charge) for
/// council tax and business rates, the policy's payment terms for invoices. One transaction, one audit row.
pub fn schedule_missing_instalments(db: &Db, ctx: &Ctx, input: ScheduleMissingInput) -> Result<ScheduleMissingView> {
    ctx.require(Permission::ImportData)?;
    db.write(|tx| schedule_missing_in(tx, ctx, &input))
}

/// [`schedule_missing_instalments`] inside the caller's transaction (the demo caseload schedules its bills in
/// the transaction that writes them).
pub(crate) fn schedule_missing_in(tx: &Tx, ctx: &Ctx, input: &ScheduleMissingInput) -> Result<ScheduleMissingView> {
    let scheme = match &input.scheme {
        Some(s) => Scheme::parse(s)?,
        None => Scheme::Ten,
    };
    {
        let engine = Engine::load(tx, ctx.today)?;
        let day = input.day_of_month.unwrap_or(engine.settings.instalment_day);
        let todo = store::unscheduled(tx, crate::model::DebtType::ALL)?;
        let mut out = ScheduleMissingView { scheduled: 0, instalments: 0, skipped: 0, skipped_examples: Vec::new() };
        for u in todo {
            let l = &u.liability;
            let result = if u.charged.pence() <= 0 {
                Err(Error::validation("charge", format!("£{} charged: nothing to schedule", u.charged)))
            } else {
                schedule_for(&engine, l, u.charged, scheme, u.billed_on, day, None)
            };
            let (instalments, rules) = match result {
                Ok(x) => x,
                Err(e) => {
                    out.skipped += 1;
                    if out.skipped_examples.len() < 100 {
                        out.skipped_examples.push(format!(
                            "{} {}: {e}",
                            l.account_reference,
                            financial_year_label(l.financial_year)
                        ));
                    }
                    continue;
                }
            };
            store::insert_schedule(
                tx,
                ctx,
                &NewSchedule {
                    account_id: &l.account_id,
                    liability_id: &l.id,
                    scheme: if is_statutory(l.debt_type) { scheme_code(scheme) } else { "invoice" },
                    bill_date: u.billed_on,
                    day_of_month: is_statutory(l.debt_type).then_some(day),
                    charge: u.charged,
                    revises_schedule_id: None,
                    revision: 1,
                    rules: &rules_json(&rules),
                    reason: "scheduled from the imported charge and bill date",
                    instalments: &instalments,
                },
            )?;
            out.scheduled += 1;
            out.instalments += instalments.len();
        }
        audit::record(
            tx,
            ctx,
            "schedule_missing_instalments",
            "instalment_schedules",
            "*",
            None,
            None,
            serde_json::json!({"scheduled": out.scheduled, "skipped": out.skipped}),
        )?;
        Ok(out)
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CalculateInstalmentsInput {
    /// The year's charge, as a decimal string.
    pub charge: String,
    /// `10` or `12`.
    #[serde(default)]
    pub scheme: Option<String>,
    pub bill_date: String,
    /// The financial year, named by the year it starts (2026 = 2026/27).
    pub financial_year: i32,
    #[serde(default)]
    pub day_of_month: Option<u32>,
    /// `council_tax` (the default) or `business_rates`.
    #[serde(default)]
    pub debt_type: Option<String>,
}

/// The calculator (the CLI's `calc instalments`): the statutory schedule under the council's policy, nothing
/// stored.
pub fn calculate_instalments(
    db: &Db,
    ctx: &Ctx,
    input: CalculateInstalmentsInput,
) -> Result<crate::rules::instalments::Schedule> {
    let charge = parse_money(&input.charge, "charge")?;
    let bill_date = parse_date(&input.bill_date, "billDate")?;
    let scheme = input.scheme.as_deref().map(Scheme::parse).transpose()?.unwrap_or(Scheme::Ten);
    let debt = match &input.debt_type {
        Some(d) => DebtType::parse(d, "debtType")?,
        None => DebtType::CouncilTax,
    };
    let engine = db.read(|tx| Engine::load(tx, ctx.today))?;
    let day = input.day_of_month.unwrap_or(engine.settings.instalment_day);
    statutory_instalments(charge, scheme, bill_date, input.financial_year, day, debt, &engine.policy)
}
