//! Arrangements to pay (issue 7; product.md §3.5): the planner (debts to choose, a plan with its checks shown
//! before saving), saving an arrangement (its schedule, who agreed it and how, the `arrangement` stage on each
//! debt so runs skip it, the confirmation letter listing every payment: one transaction), the arrangement on the
//! person screen (every payment paid, due, late or missed; its history), daily monitoring as a run (preview,
//! then commit: the first miss sends the default letter and raises a task, a break ends it and recovery resumes
//! from the notices each debt had, a paid schedule completes it; safe to run twice the same day), monitoring
//! one arrangement on demand, cancelling, and reinstating with the history kept.
//!
//! The rules are [`crate::rules::arrangements`]; the SQL is [`crate::db::arrangements`].

use super::letters::{issue_letter_in, LetterInput};
use super::recovery::{parse_date, parse_money, Engine};
use crate::access::Permission;
use crate::api::audit::{record_view, ViewKind, Viewed};
use crate::db::arrangements::{
    self as store, ArrangementRow, DebtFacts, DebtRow, EventRow, MonitorCase, Monitored, MonitoringCounts,
    MonitoringItemRow, MonitoringRunRow, NewArrangement, NewDebt, NewEvent, NewMonitoringItem, NewSchedule,
    ScheduleRow,
};
use crate::db::runs::{load_cases, Detail, Load};
use crate::db::tasks::{self, NewTask};
use crate::db::{accounts, audit, settings, Ctx, Db, Tx};
use crate::error::{Error, Result};
use crate::letters::merge::{DatedAmount, LabelledAmount, LetterFacts};
use crate::model::{financial_year, financial_year_label, DebtType, PaymentMethod, Stage};
use crate::money::Money;
use crate::rules::arrangements::{
    checks, monitor, plan, refused, year_end, ArrangementPolicy, ArrangementState, Check, CheckFacts, MonitorAction,
    MonitorFacts, Monitoring, PaymentFrequency, PaymentState, Plan, PlanDebt, PlanSize, Received, Scheduled, Severity,
};
use crate::rules::income_expenditure::monthly_equivalent;
use crate::rules::selection::action_label;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The settings key of the council's [`ArrangementPolicy`].
pub const ARRANGEMENT_POLICY: &str = "arrangement_policy";

/// The templates the arrangement letters use.
pub const CONFIRMATION_TEMPLATE: &str = "arrangement_confirmation";
pub const DEFAULT_TEMPLATE: &str = "arrangement_default";

/// What officers call an arrangement: `AR-` and the last eight hex digits of its id (not a counter, so two
/// offline laptops never make the same one).
pub fn arrangement_reference(id: &str) -> String {
    let hex: String = id.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    format!("AR-{}", hex[hex.len().saturating_sub(8)..].to_uppercase())
}

pub fn arrangement_policy(db: &Db) -> Result<ArrangementPolicy> {
    db.read(|tx| policy_in(tx))
}

fn policy_in(conn: &Connection) -> Result<ArrangementPolicy> {
    Ok(settings::get(conn, ARRANGEMENT_POLICY)?.unwrap_or_default())
}

/// Saves the council's arrangement policy (order, odd payment, maximum length, minimum, tolerance, grace, the
/// default letter's days, when an arrangement breaks).
pub fn save_arrangement_policy(db: &Db, ctx: &Ctx, input: ArrangementPolicy) -> Result<ArrangementPolicy> {
    ctx.require(Permission::EditTemplatesAndRules)?;
    input.check().map_err(|(field, reason)| Error::validation(field, reason))?;
    db.write(|tx| {
        settings::put(tx, ctx, ARRANGEMENT_POLICY, &input)?;
        audit::record(
            tx,
            ctx,
            "save_arrangement_policy",
            "settings",
            ARRANGEMENT_POLICY,
            None,
            None,
            serde_json::json!({}),
        )
    })?;
    Ok(input)
}

// ------------------------------------------------------------------------------------------------ planner

/// A debt as the planner lists it.
#[derive(Clone, Debug, Serialize)]
pub struct DebtView {
    pub liability_id: String,
    pub account_id: String,
    pub account_reference: String,
    pub debt_type: DebtType,
    pub debt_type_label: &'static str,
    pub financial_year: i32,
    pub year_label: String,
    pub description: String,
    /// "Council Tax 2026/27 · CT00000001".
    pub label: String,
    pub balance: Money,
    /// This financial year's council tax or business rates (to be cleared by 31 March).
    pub current_year: bool,
}

fn debt_view(d: &DebtFacts, current_year: i32) -> DebtView {
    let l = &d.liability;
    let year_label = financial_year_label(l.financial_year);
    DebtView {
        label: format!("{} {} · {}", l.debt_type.label(), year_label, l.account_reference),
        liability_id: l.id.clone(),
        account_id: l.account_id.clone(),
        account_reference: l.account_reference.clone(),
        debt_type: l.debt_type,
        debt_type_label: l.debt_type.label(),
        financial_year: l.financial_year,
        year_label,
        description: l.description.clone(),
        balance: d.balance,
        current_year: plan_debt(d).is_current_year(current_year),
    }
}

fn plan_debt(d: &DebtFacts) -> PlanDebt {
    PlanDebt { balance: d.balance, debt_type: d.liability.debt_type, financial_year: d.liability.financial_year }
}

/// The affordable figure from the person's latest I&E.
#[derive(Clone, Debug, Serialize)]
pub struct AffordableView {
    /// A month, for the council's debts ([`crate::rules::affordability::council_affordable_offer`]).
    pub monthly: Money,
    pub income_expenditure_id: String,
    pub taken_on: String,
    pub stale: bool,
}

fn affordable_in(conn: &Connection, today: NaiveDate, party_id: &str) -> Result<Option<AffordableView>> {
    Ok(super::income_expenditure::latest_in(conn, today, party_id)?.map(|s| AffordableView {
        monthly: s.view.council_offer.affordable,
        income_expenditure_id: s.record.id.clone(),
        taken_on: s.record.taken_on.clone(),
        stale: s.stale,
    }))
}

/// A debt the officer may choose, with why it cannot be (a hold, a live arrangement).
#[derive(Clone, Debug, Serialize)]
pub struct DebtChoice {
    #[serde(flatten)]
    pub debt: DebtView,
    /// The hold that refuses an arrangement on it, if any.
    pub held: Option<String>,
    /// The live arrangement it is in, if any.
    pub in_arrangement: Option<String>,
}

/// What the planner opens with: the person's debts, the affordable figure and the council's policy.
#[derive(Clone, Debug, Serialize)]
pub struct PlannerStart {
    pub party_id: String,
    pub party_name: String,
    pub today: NaiveDate,
    pub current_year_label: String,
    pub year_end: NaiveDate,
    pub debts: Vec<DebtChoice>,
    pub affordable: Option<AffordableView>,
    pub policy: ArrangementPolicy,
}

/// The planner's start for a person: the debts on accounts they are liable on that owe something. The view is
/// written to the audit log.
pub fn arrangement_planner(db: &Db, ctx: &Ctx, party_id: &str) -> Result<PlannerStart> {
    let start = db.read(|tx| {
        let (party, _) =
            crate::db::parties::get(tx, party_id)?.ok_or_else(|| Error::NotFound(format!("person {party_id}")))?;
        let current = financial_year(ctx.today);
        let owing = store::owing_of_party(tx, party_id)?;
        let ids: Vec<String> = owing.iter().map(|d| d.liability.id.clone()).collect();
        let held = holds_on(tx, ctx.today, &owing)?;
        let live: HashMap<String, String> = store::live_on(tx, &ids)?.into_iter().collect();
        Ok(PlannerStart {
            party_id: party_id.to_string(),
            party_name: party.display_name(),
            today: ctx.today,
            current_year_label: financial_year_label(current),
            year_end: year_end(current),
            debts: owing
                .iter()
                .map(|d| DebtChoice {
                    debt: debt_view(d, current),
                    held: held.get(&d.liability.id).map(|(reason, _)| reason.clone()),
                    in_arrangement: live.get(&d.liability.id).map(|a| arrangement_reference(a)),
                })
                .collect(),
            affordable: affordable_in(tx, ctx.today, party_id)?,
            policy: policy_in(tx)?,
        })
    })?;
    record_view(db, ctx, Viewed::person(ViewKind::ArrangementPlanner, party_id))?;
    Ok(start)
}

/// The holds (reason, regulation) and arrangement stages on `debts`, from the recovery engine.
struct EngineFacts {
    held: HashMap<String, (String, String)>,
    arrangement_since: HashMap<String, NaiveDate>,
}

fn engine_facts(conn: &Connection, today: NaiveDate, debts: &[DebtFacts]) -> Result<EngineFacts> {
    let mut accounts: Vec<String> = debts.iter().map(|d| d.liability.account_id.clone()).collect();
    accounts.sort();
    accounts.dedup();
    let engine = Engine::load(conn, today)?;
    let wanted: std::collections::HashSet<String> = debts.iter().map(|d| d.liability.id.clone()).collect();
    let mut out = EngineFacts { held: HashMap::new(), arrangement_since: HashMap::new() };
    for case in load_cases(conn, &accounts, Detail::All, Load::default())? {
        for e in engine.evaluate(&case, Some(&wanted))? {
            if let Some(h) = e.hold {
                out.held.insert(e.liability_id.clone(), (h.reason, h.regulation.to_string()));
            }
            if let Some(since) = e.arrangement_since {
                out.arrangement_since.insert(e.liability_id.clone(), since);
            }
        }
    }
    Ok(out)
}

fn holds_on(conn: &Connection, today: NaiveDate, debts: &[DebtFacts]) -> Result<HashMap<String, (String, String)>> {
    Ok(engine_facts(conn, today, debts)?.held)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanArrangementInput {
    pub party_id: String,
    /// The debts (liability ids) to cover; the council's order decides which payments meet which.
    pub liability_ids: Vec<String>,
    /// `weekly`, `fortnightly`, `four_weekly` or `monthly`.
    pub frequency: String,
    /// The first payment's date.
    pub start_on: String,
    /// An amount per payment (a decimal string) ...
    #[serde(default)]
    pub amount: Option<String>,
    /// ... or the day of the last payment: give one of the two.
    #[serde(default)]
    pub end_on: Option<String>,
}

/// A debt in a plan: when the schedule clears it.
#[derive(Clone, Debug, Serialize)]
pub struct PlannedDebt {
    #[serde(flatten)]
    pub debt: DebtView,
    /// Its place in the council's order, from 1.
    pub position: usize,
    pub cleared_on: NaiveDate,
}

/// A plan with its checks, as the planner shows it before saving.
#[derive(Clone, Debug, Serialize)]
pub struct ArrangementPlanView {
    pub party_id: String,
    pub total: Money,
    pub frequency: PaymentFrequency,
    pub frequency_label: &'static str,
    /// Every payment but the odd one.
    pub amount: Money,
    /// `amount` as a monthly figure (weekly × 52 ÷ 12 ...), compared with the affordable figure.
    pub monthly_equivalent: Money,
    pub count: usize,
    pub first_payment: Scheduled,
    pub last_payment: Scheduled,
    pub payments: Vec<Scheduled>,
    pub debts: Vec<PlannedDebt>,
    /// Refusals first, then what to review, then information.
    pub checks: Vec<Check>,
    /// No check refuses it.
    pub can_save: bool,
    pub affordable: Option<AffordableView>,
    pub policy: ArrangementPolicy,
    pub current_year_label: String,
    pub year_end: NaiveDate,
}

/// A plan worked out inside a transaction: the view, the rule's plan and the debts.
struct Planned {
    view: ArrangementPlanView,
    plan: Plan,
    debts: Vec<DebtFacts>,
}

struct PlanRequest<'a> {
    party_id: &'a str,
    liability_ids: &'a [String],
    frequency: PaymentFrequency,
    start_on: NaiveDate,
    size: PlanSize,
    /// An arrangement being reinstated: its own debts are not "already in a live arrangement".
    reinstating: Option<&'a str>,
}

fn read_request(input: &PlanArrangementInput) -> Result<(PaymentFrequency, NaiveDate, PlanSize)> {
    let frequency = PaymentFrequency::parse(&input.frequency).ok_or_else(|| {
        Error::validation(
            "frequency",
            format!("'{}' is not one of: weekly, fortnightly, four_weekly, monthly", input.frequency),
        )
    })?;
    let start_on = parse_date(&input.start_on, "startOn")?;
    let amount = input.amount.as_deref().map(str::trim).filter(|a| !a.is_empty());
    let end_on = input.end_on.as_deref().map(str::trim).filter(|e| !e.is_empty());
    let size = match (amount, end_on) {
        (Some(a), None) => PlanSize::Amount(parse_money(a, "amount")?),
        (None, Some(e)) => PlanSize::EndOn(parse_date(e, "endOn")?),
        (Some(_), Some(_)) => return Err(Error::validation("amount", "give an amount or an end date, not both")),
        (None, None) => return Err(Error::validation("amount", "give an amount per payment or an end date")),
    };
    Ok((frequency, start_on, size))
}

fn plan_in(conn: &Connection, today: NaiveDate, r: &PlanRequest) -> Result<Planned> {
    if r.liability_ids.is_empty() {
        return Err(Error::validation("liabilityIds", "choose at least one debt"));
    }
    if r.start_on < today {
        return Err(Error::validation("startOn", format!("{} is in the past", r.start_on)));
    }
    crate::db::parties::get(conn, r.party_id)?.ok_or_else(|| Error::NotFound(format!("person {}", r.party_id)))?;
    let mut debts = Vec::with_capacity(r.liability_ids.len());
    for (i, id) in r.liability_ids.iter().enumerate() {
        if r.liability_ids[..i].contains(id) {
            return Err(Error::validation("liabilityIds", "a debt is chosen twice"));
        }
        let d = store::debt(conn, id)?.ok_or_else(|| Error::NotFound(format!("debt {id}")))?;
        if !store::party_is_liable(conn, r.party_id, &d.liability.account_id)? {
            return Err(Error::validation(
                "liabilityIds",
                format!("the person is not liable on account {}", d.liability.account_reference),
            ));
        }
        if d.balance.pence() <= 0 {
            return Err(Error::validation(
                "liabilityIds",
                format!(
                    "{} {} on {} owes nothing",
                    d.liability.debt_type.label(),
                    financial_year_label(d.liability.financial_year),
                    d.liability.account_reference
                ),
            ));
        }
        debts.push(d);
    }
    let policy = policy_in(conn)?;
    let current = financial_year(today);
    let plan_debts: Vec<PlanDebt> = debts.iter().map(plan_debt).collect();
    let p = plan(&plan_debts, r.frequency, r.start_on, r.size, policy.debt_order, policy.odd_payment, current)
        .map_err(|e| Error::validation(e.field, e.reason))?;
    let engine = engine_facts(conn, today, &debts)?;
    let live: Vec<(String, String)> =
        store::live_on(conn, r.liability_ids)?.into_iter().filter(|(_, a)| Some(a.as_str()) != r.reinstating).collect();
    let index = |liability: &str| debts.iter().position(|d| d.liability.id == liability).expect("a chosen debt");
    let affordable = affordable_in(conn, today, r.party_id)?;
    let facts = CheckFacts {
        today: Some(today),
        affordable: affordable.as_ref().map(|a| (a.monthly, a.stale)),
        held: debts
            .iter()
            .enumerate()
            .filter_map(|(i, d)| engine.held.get(&d.liability.id).map(|(why, reg)| (i, why.clone(), reg.clone())))
            .collect(),
        live: live.iter().map(|(l, a)| (index(l), arrangement_reference(a))).collect(),
        stage_only: debts
            .iter()
            .enumerate()
            .filter(|(_, d)| !live.iter().any(|(l, _)| *l == d.liability.id))
            .filter(|_| r.reinstating.is_none())
            .filter_map(|(i, d)| engine.arrangement_since.get(&d.liability.id).map(|since| (i, *since)))
            .collect(),
        labels: debts.iter().map(|d| debt_view(d, current).label).collect(),
    };
    let found = checks(&p, &plan_debts, current, &facts, &policy);
    let view = ArrangementPlanView {
        party_id: r.party_id.to_string(),
        total: p.total,
        frequency: p.frequency,
        frequency_label: p.frequency.label(),
        amount: p.regular,
        monthly_equivalent: monthly_equivalent(p.regular, p.frequency.as_income_expenditure()),
        count: p.payments.len(),
        first_payment: *p.first(),
        last_payment: *p.last(),
        payments: p.payments.clone(),
        debts: p
            .debts
            .iter()
            .map(|c| PlannedDebt {
                debt: debt_view(&debts[c.index], current),
                position: c.position,
                cleared_on: c.cleared_on,
            })
            .collect(),
        can_save: !refused(&found),
        checks: found,
        affordable,
        policy,
        current_year_label: financial_year_label(current),
        year_end: year_end(current),
    };
    Ok(Planned { view, plan: p, debts })
}

/// Plans an arrangement and shows its checks; nothing is stored.
pub fn plan_arrangement(db: &Db, ctx: &Ctx, input: PlanArrangementInput) -> Result<ArrangementPlanView> {
    let (frequency, start_on, size) = read_request(&input)?;
    db.read(|tx| {
        let r = PlanRequest {
            party_id: &input.party_id,
            liability_ids: &input.liability_ids,
            frequency,
            start_on,
            size,
            reinstating: None,
        };
        Ok(plan_in(tx, ctx.today, &r)?.view)
    })
}

// ---------------------------------------------------------------------------------------------------- save

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SaveArrangementInput {
    pub plan: PlanArrangementInput,
    /// `direct_debit`, `standing_order`, `card` or `cash`.
    pub method: String,
    /// How it was agreed: `phone`, `letter` or `adviser`.
    pub agreed_how: String,
    /// Who agreed it: the person, their representative, or the adviser and their organisation.
    pub agreed_with: String,
    #[serde(default)]
    pub notes: Option<String>,
    /// Put the confirmation letter aside for the next print run instead of printing it now.
    #[serde(default)]
    pub with_print_run: bool,
}

const METHODS: [PaymentMethod; 4] =
    [PaymentMethod::DirectDebit, PaymentMethod::StandingOrder, PaymentMethod::Card, PaymentMethod::Cash];

fn read_method(text: &str) -> Result<PaymentMethod> {
    let m = PaymentMethod::parse(text, "method")?;
    if METHODS.contains(&m) {
        Ok(m)
    } else {
        Err(Error::validation(
            "method",
            format!("'{}' is not one of: direct_debit, standing_order, card, cash", text.trim()),
        ))
    }
}

/// How a letter says a method: "Direct Debit", "standing order", "debit or credit card", "cash".
fn method_words(m: PaymentMethod) -> String {
    match m {
        PaymentMethod::DirectDebit => "Direct Debit".into(),
        other => other.label().to_lowercase(),
    }
}

fn first_refusal(found: &[Check]) -> Option<Error> {
    found
        .iter()
        .find(|c| c.severity == Severity::Refuse)
        .map(|c| Error::Refused { rule: c.rule.clone(), reason: c.reason.clone() })
}

/// The confirmation letter's facts: every payment, the total, how often and how paid, the debts covered.
fn confirmation_facts(p: &Plan, debts: &[DebtFacts], method: PaymentMethod) -> LetterFacts {
    LetterFacts {
        schedule: Some(p.payments.iter().map(|s| DatedAmount { due_on: s.due_on, amount: s.amount }).collect()),
        total: Some(p.total),
        frequency: Some(p.frequency.label().to_string()),
        payment_method: Some(method_words(method)),
        amounts: Some(
            p.debts
                .iter()
                .map(|c| {
                    let l = &debts[c.index].liability;
                    LabelledAmount {
                        label: format!(
                            "{} {} ({})",
                            l.debt_type.label(),
                            financial_year_label(l.financial_year),
                            l.account_reference
                        ),
                        amount: debts[c.index].balance,
                    }
                })
                .collect(),
        ),
        ..LetterFacts::default()
    }
}

/// Issues the confirmation letter of a schedule to the person, about the first debt's account.
#[allow(clippy::too_many_arguments)] // the schedule, its debts and where the letter goes: each is needed
fn confirm(
    tx: &Tx,
    ctx: &Ctx,
    party_id: &str,
    p: &Plan,
    debts: &[DebtFacts],
    method: PaymentMethod,
    schedule_id: &str,
    with_print_run: bool,
) -> Result<String> {
    let account_id = debts[p.debts[0].index].liability.account_id.clone();
    let issued = issue_letter_in(
        tx,
        ctx,
        &LetterInput {
            template_name: CONFIRMATION_TEMPLATE.into(),
            account_id: account_id.clone(),
            party_id: Some(party_id.to_string()),
            facts: confirmation_facts(p, debts, method),
            duplex: false,
        },
    )?;
    store::set_confirmation(tx, schedule_id, &issued.document_id)?;
    if with_print_run {
        crate::db::letters::insert_letter_to_print(tx, ctx, &issued.document_id, Some(&account_id))?;
    }
    Ok(issued.document_id)
}

fn enter_stages(tx: &Tx, ctx: &Ctx, debts: &[DebtFacts], stage: Stage, reason: &str) -> Result<()> {
    for d in debts {
        accounts::insert_stage(
            tx,
            ctx,
            &d.liability.account_id,
            Some(&d.liability.id),
            stage,
            &ctx.today.to_string(),
            reason,
        )?;
    }
    Ok(())
}

fn summary(p: &Plan) -> String {
    format!(
        "£{} {} from {} ({} payments, the last £{} on {})",
        p.regular,
        p.frequency.label(),
        p.first().due_on.format("%-d %B %Y"),
        p.payments.len(),
        p.last().amount,
        p.last().due_on.format("%-d %B %Y")
    )
}

/// Saves an arrangement: refused if a check refuses it; otherwise the arrangement, its debts, its schedule and
/// the checks seen, the `arrangement` stage on each debt, the confirmation letter (every payment date and
/// amount) and the audit row, in one transaction.
pub fn save_arrangement(db: &Db, ctx: &Ctx, input: SaveArrangementInput) -> Result<ArrangementView> {
    ctx.require(Permission::WorkCases)?;
    let (frequency, start_on, size) = read_request(&input.plan)?;
    let method = read_method(&input.method)?;
    let how = input.agreed_how.trim().to_ascii_lowercase();
    if !["phone", "letter", "adviser"].contains(&how.as_str()) {
        return Err(Error::validation(
            "agreedHow",
            format!("'{}' is not one of: phone, letter, adviser", input.agreed_how),
        ));
    }
    let with = input.agreed_with.trim();
    if with.is_empty() {
        return Err(Error::validation("agreedWith", "say who agreed it (the person, their representative or adviser)"));
    }
    db.write(|tx| {
        let party_id = input.plan.party_id.as_str();
        let planned = plan_in(
            tx,
            ctx.today,
            &PlanRequest {
                party_id,
                liability_ids: &input.plan.liability_ids,
                frequency,
                start_on,
                size,
                reinstating: None,
            },
        )?;
        if let Some(e) = first_refusal(&planned.view.checks) {
            return Err(e);
        }
        let Planned { view, plan: p, debts } = planned;
        let id = store::insert_arrangement(
            tx,
            ctx,
            &NewArrangement {
                party_id,
                frequency,
                method,
                agreed_on: ctx.today,
                agreed_how: &how,
                agreed_with: with,
                debt_order: view.policy.debt_order.as_str(),
                affordable: view.affordable.as_ref().map(|a| a.monthly),
                income_expenditure_id: view.affordable.as_ref().map(|a| a.income_expenditure_id.as_str()),
                checks: &view.checks,
                notes: input.notes.as_deref().unwrap_or("").trim(),
            },
        )?;
        let current = financial_year(ctx.today);
        for c in &p.debts {
            let d = &debts[c.index];
            store::insert_debt(
                tx,
                ctx,
                &id,
                party_id,
                &NewDebt {
                    account_id: &d.liability.account_id,
                    liability_id: &d.liability.id,
                    position: c.position,
                    balance: d.balance,
                    current_year: plan_debt(d).is_current_year(current),
                },
            )?;
        }
        let ids: Vec<String> = debts.iter().map(|d| d.liability.id.clone()).collect();
        let schedule_id = store::insert_schedule(
            tx,
            ctx,
            &NewSchedule {
                arrangement_id: &id,
                party_id,
                revision: 1,
                frequency,
                regular: p.regular,
                payments: &p.payments,
                payments_from: ctx.today,
                received_before: store::received_since(tx, &ids, ctx.today)?,
                reason: "agreed",
            },
        )?;
        let reference = arrangement_reference(&id);
        enter_stages(tx, ctx, &debts, Stage::Arrangement, &format!("Arrangement {reference} agreed: {}", summary(&p)))?;
        let document_id = confirm(tx, ctx, party_id, &p, &debts, method, &schedule_id, input.with_print_run)?;
        store::insert_event(
            tx,
            ctx,
            &NewEvent {
                arrangement_id: &id,
                party_id,
                schedule_id: &schedule_id,
                kind: "agreed",
                on: ctx.today,
                payment_number: None,
                amount: Some(p.total),
                pay_by: None,
                document_id: Some(&document_id),
                task_id: None,
                monitoring_run_id: None,
                reason: &format!("agreed by {how} with {with}: {}", summary(&p)),
            },
        )?;
        audit::record(
            tx,
            ctx,
            "save_arrangement",
            "arrangements",
            &id,
            Some(party_id),
            Some(&debts[p.debts[0].index].liability.account_id),
            serde_json::json!({"debts": ids, "payments": p.payments.len(), "total_pence": p.total.pence(),
                               "frequency": frequency.as_str(), "document_id": document_id,
                               "reviewed": view.checks.iter().filter(|c| c.severity == Severity::Review)
                                   .map(|c| c.code).collect::<Vec<_>>()}),
        )?;
        view_in(tx, ctx.today, &id)
    })
}

// ---------------------------------------------------------------------------------------------------- views

/// A debt of an arrangement.
#[derive(Clone, Debug, Serialize)]
pub struct ArrangementDebtView {
    #[serde(flatten)]
    pub debt: DebtView,
    pub position: i64,
    pub balance_at_start: Money,
}

/// Something that happened to an arrangement, as the history shows it.
#[derive(Clone, Debug, Serialize)]
pub struct EventView {
    #[serde(flatten)]
    pub event: EventRow,
    pub label: &'static str,
}

fn event_label(kind: &str) -> &'static str {
    match kind {
        "agreed" => "Agreed",
        "default" => "Payment missed: default letter sent",
        "broken" => "Broken: recovery resumed",
        "completed" => "Completed",
        "cancelled" => "Cancelled",
        "reinstated" => "Reinstated",
        _ => "Event",
    }
}

/// An arrangement as the person screen shows it: every payment with what it has received and where it
/// stands, the debts, the history.
#[derive(Clone, Debug, Serialize)]
pub struct ArrangementView {
    pub id: String,
    pub reference: String,
    pub party_id: String,
    /// `live`, `completed`, `broken`, `cancelled` as stored.
    pub status: String,
    /// What monitoring makes of it today (a live one is on track or missed; completed, broken, cancelled
    /// otherwise).
    pub state: ArrangementState,
    pub state_label: &'static str,
    pub frequency: PaymentFrequency,
    pub frequency_label: &'static str,
    pub method: PaymentMethod,
    pub method_label: &'static str,
    pub agreed_on: NaiveDate,
    pub agreed_how: String,
    pub agreed_with: String,
    /// The officer who recorded it.
    pub agreed_by: String,
    pub notes: String,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: String,
    pub total: Money,
    /// Every payment but the odd one.
    pub amount: Money,
    pub expected: Money,
    pub paid: Money,
    pub behind: Money,
    pub next: Option<Scheduled>,
    /// What monitoring says today, in words.
    pub monitoring: String,
    /// What monitoring would do today if this is live: `none`, `default`, `break`, `complete`.
    pub action_due: &'static str,
    pub payments: Vec<PaymentState>,
    pub revision: i64,
    pub confirmation_document_id: Option<String>,
    pub debts: Vec<ArrangementDebtView>,
    /// The checks the officer saw when it was agreed.
    pub checks: Vec<Check>,
    /// The affordable monthly figure when it was agreed.
    pub affordable: Option<Money>,
    pub schedules: Vec<ScheduleRow>,
    pub events: Vec<EventView>,
}

/// The money received that counts towards a schedule: everything from the day it was made, less what had come
/// in that day before it was made (the balance it was planned on already allowed for that), oldest first.
fn net_received(case: &MonitorCase) -> Vec<Received> {
    let mut skip = case.received_before;
    let mut out = Vec::with_capacity(case.received.len());
    for r in &case.received {
        let mut r = *r;
        if skip.pence() > 0 && r.amount.pence() > 0 {
            let take = skip.min(r.amount);
            r.amount -= take;
            skip -= take;
        }
        if !r.amount.is_zero() {
            out.push(r);
        }
    }
    out
}

fn evaluate(case: &MonitorCase, on: NaiveDate, policy: &ArrangementPolicy, held: Option<&str>) -> Monitoring {
    let received = net_received(case);
    monitor(
        &MonitorFacts {
            schedule: &case.schedule,
            received: &received,
            defaults: &case.defaults,
            debts_balance: case.debts_balance,
            held,
        },
        on,
        policy,
    )
}

/// The first hold on any of an arrangement's debts, in words ("Breathing Space moratorium … (SI 2020/1311
/// reg 7)").
fn hold_on(conn: &Connection, today: NaiveDate, arrangement_id: &str) -> Result<Option<String>> {
    let debts = debts_now(conn, arrangement_id)?;
    let held = engine_facts(conn, today, &debts)?.held;
    Ok(debts
        .iter()
        .find_map(|d| held.get(&d.liability.id))
        .map(|(reason, regulation)| format!("{reason} ({regulation})")))
}

/// What monitoring decides for one arrangement on `on`: a default letter or a break is looked at against the
/// holds on its debts first (the engine's refusal), and waits while one holds.
fn decide(conn: &Connection, case: &MonitorCase, on: NaiveDate, policy: &ArrangementPolicy) -> Result<Monitoring> {
    let m = evaluate(case, on, policy, None);
    if !matches!(m.action, MonitorAction::Default { .. } | MonitorAction::Break) {
        return Ok(m);
    }
    Ok(match hold_on(conn, on, &case.arrangement_id)? {
        Some(hold) => evaluate(case, on, policy, Some(&hold)),
        None => m,
    })
}

fn row_in(conn: &Connection, id: &str) -> Result<ArrangementRow> {
    store::arrangement(conn, id)?.ok_or_else(|| Error::NotFound(format!("arrangement {id}")))
}

fn case_in(conn: &Connection, id: &str, on: NaiveDate) -> Result<MonitorCase> {
    store::monitor_cases(conn, Monitored::One(id), on)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::NotFound(format!("arrangement {id}'s schedule")))
}

fn view_in(conn: &Connection, today: NaiveDate, id: &str) -> Result<ArrangementView> {
    let row = row_in(conn, id)?;
    let policy = policy_in(conn)?;
    let case = case_in(conn, id, today)?;
    let m = decide(conn, &case, today, &policy)?;
    let current = financial_year(today);
    let schedules = store::schedules_of(conn, id)?;
    let head = schedules.iter().find(|s| Some(&s.id) == row.schedule_id.as_ref()).cloned();
    let (state, action_due) = match row.status.as_str() {
        "live" => (m.state, m.action.as_str()),
        "completed" => (ArrangementState::Completed, "none"),
        "broken" => (ArrangementState::Broken, "none"),
        _ => (ArrangementState::Cancelled, "none"),
    };
    Ok(ArrangementView {
        reference: arrangement_reference(&row.id),
        id: row.id.clone(),
        party_id: row.party_id.clone(),
        status: row.status.clone(),
        state,
        state_label: state.label(),
        frequency: row.frequency,
        frequency_label: row.frequency.label(),
        method: row.method,
        method_label: row.method.label(),
        agreed_on: row.agreed_on,
        agreed_how: row.agreed_how.clone(),
        agreed_with: row.agreed_with.clone(),
        agreed_by: row.created_by.clone(),
        notes: row.notes.clone(),
        ended_on: row.ended_on,
        end_reason: row.end_reason.clone(),
        total: m.total,
        amount: head.as_ref().map(|s| s.amount).unwrap_or_default(),
        expected: m.expected,
        paid: m.paid,
        behind: m.behind,
        next: if row.status == "live" { m.next } else { None },
        monitoring: m.reason.clone(),
        action_due,
        payments: m.payments,
        revision: head.as_ref().map(|s| s.revision).unwrap_or(1),
        confirmation_document_id: head.as_ref().and_then(|s| s.confirmation_document_id.clone()),
        debts: store::debts_of(conn, id)?
            .into_iter()
            .map(|d: DebtRow| ArrangementDebtView {
                debt: debt_view(&d.debt, current),
                position: d.position,
                balance_at_start: d.balance_at_start,
            })
            .collect(),
        checks: row.checks.clone(),
        affordable: row.affordable,
        schedules,
        events: store::events_of(conn, id)?
            .into_iter()
            .map(|e| EventView { label: event_label(&e.kind), event: e })
            .collect(),
    })
}

/// One arrangement, as of today. The view is written to the audit log.
pub fn arrangement(db: &Db, ctx: &Ctx, arrangement_id: &str) -> Result<ArrangementView> {
    let view = db.read(|tx| view_in(tx, ctx.today, arrangement_id))?;
    let viewed = Viewed {
        kind: ViewKind::Arrangement,
        entity: "arrangements",
        entity_id: &view.id,
        party_id: Some(&view.party_id),
        account_id: None,
    };
    record_view(db, ctx, viewed)?;
    Ok(view)
}

/// A person's arrangements, newest first, as of today (the person screen's arrangement section). The view is
/// written to the audit log.
pub fn person_arrangements(db: &Db, ctx: &Ctx, party_id: &str) -> Result<Vec<ArrangementView>> {
    let views = db.read(|tx| {
        store::of_party(tx, party_id)?.iter().map(|a| view_in(tx, ctx.today, &a.id)).collect::<Result<Vec<_>>>()
    })?;
    record_view(db, ctx, Viewed::person(ViewKind::Arrangements, party_id))?;
    Ok(views)
}

// ------------------------------------------------------------------------------------------- monitoring

/// Where recovery resumes on a debt once its arrangement ends: the engine's next step.
#[derive(Clone, Debug, Serialize)]
pub struct Resumed {
    pub liability_id: String,
    pub label: String,
    /// "final notice", "summons", "reminder", or none (nothing owed or beyond the timetable).
    pub next_step: Option<&'static str>,
    pub next_on: Option<NaiveDate>,
    pub reason: String,
    pub regulation: String,
    /// Whether the right to pay by instalments is lost: the day the unpaid balance became payable.
    pub balance_payable_on: Option<NaiveDate>,
}

/// What was done to one arrangement.
#[derive(Clone, Debug, Serialize)]
pub struct Applied {
    pub arrangement_id: String,
    pub reference: String,
    /// `default`, `break` or `complete`.
    pub action: &'static str,
    pub event_id: String,
    pub document_id: Option<String>,
    pub task_id: Option<String>,
    /// Why the letter was not issued, if it was not.
    pub letter_note: Option<String>,
    /// After a break, where recovery resumes on each debt.
    pub resumed: Vec<Resumed>,
}

fn resumed_in(conn: &Connection, today: NaiveDate, debts: &[DebtFacts]) -> Result<Vec<Resumed>> {
    let mut accounts: Vec<String> = debts.iter().map(|d| d.liability.account_id.clone()).collect();
    accounts.sort();
    accounts.dedup();
    let engine = Engine::load(conn, today)?;
    let wanted: std::collections::HashSet<String> = debts.iter().map(|d| d.liability.id.clone()).collect();
    let mut by_liability = HashMap::new();
    for case in load_cases(conn, &accounts, Detail::All, Load::default())? {
        for e in engine.evaluate(&case, Some(&wanted))? {
            by_liability.insert(e.liability_id.clone(), e);
        }
    }
    let current = financial_year(today);
    Ok(debts
        .iter()
        .map(|d| {
            let e = by_liability.get(&d.liability.id);
            let t = e.and_then(|e| e.timeline.as_ref());
            let next = t.and_then(|t| t.next.as_ref());
            Resumed {
                liability_id: d.liability.id.clone(),
                label: debt_view(d, current).label,
                next_step: next.map(|s| action_label(s.action)),
                next_on: next.map(|s| s.on),
                reason: match (next, e.and_then(|e| e.hold.as_ref())) {
                    (_, Some(h)) => format!("held: {}", h.reason),
                    (Some(s), None) => s.reason.clone(),
                    (None, None) => "no further notice step (nothing owed, or beyond the timetable)".into(),
                },
                regulation: next.map(|s| s.regulation.to_string()).unwrap_or_default(),
                balance_payable_on: t.and_then(|t| t.balance_payable_on.filter(|on| *on <= today)),
            }
        })
        .collect())
}

/// The debts of an arrangement as they stand now.
fn debts_now(conn: &Connection, id: &str) -> Result<Vec<DebtFacts>> {
    Ok(store::debts_of(conn, id)?.into_iter().map(|d| d.debt).collect())
}

/// Closes the arrangement's open default-letter tasks (`done` when it completes or breaks, `cancelled` when an
/// officer cancels it).
fn close_default_tasks(tx: &Tx, ctx: &Ctx, id: &str, status: &str) -> Result<()> {
    for e in store::events_of(tx, id)? {
        if let Some(task) = e.task_id.as_deref() {
            if tasks::get(tx, task)?.is_some_and(|t| t.status == "open") {
                tasks::close(tx, ctx, task, status)?;
            }
        }
    }
    Ok(())
}

/// Ends an arrangement: its status, the event, the stage each debt enters (`cleared` if it owes nothing,
/// else `arrangement_ended`, which hands it back to the timetable), its default tasks closed.
#[allow(clippy::too_many_arguments)]
fn end(
    tx: &Tx,
    ctx: &Ctx,
    row: &ArrangementRow,
    status: &str,
    kind: &str,
    reason: &str,
    run_id: Option<&str>,
    task_status: &str,
) -> Result<(String, Vec<DebtFacts>)> {
    let schedule_id =
        row.schedule_id.as_deref().ok_or_else(|| Error::Internal("arrangement without schedule".into()))?;
    store::set_status(tx, ctx, &row.id, status, Some(ctx.today), reason)?;
    let debts = debts_now(tx, &row.id)?;
    let reference = arrangement_reference(&row.id);
    for d in &debts {
        let (stage, why) = if d.balance.pence() <= 0 {
            (Stage::Cleared, format!("Arrangement {reference} {kind}: paid"))
        } else {
            (Stage::ArrangementEnded, format!("Arrangement {reference} {kind}: recovery resumes. {reason}"))
        };
        accounts::insert_stage(
            tx,
            ctx,
            &d.liability.account_id,
            Some(&d.liability.id),
            stage,
            &ctx.today.to_string(),
            &why,
        )?;
    }
    close_default_tasks(tx, ctx, &row.id, task_status)?;
    let event = store::insert_event(
        tx,
        ctx,
        &NewEvent {
            arrangement_id: &row.id,
            party_id: &row.party_id,
            schedule_id,
            kind,
            on: ctx.today,
            payment_number: None,
            amount: None,
            pay_by: None,
            document_id: None,
            task_id: None,
            monitoring_run_id: run_id,
            reason,
        },
    )?;
    Ok((event, debts))
}

/// Acts on what monitoring decided for one live arrangement on `ctx.today`, in the caller's transaction.
fn apply(
    tx: &Tx,
    ctx: &Ctx,
    row: &ArrangementRow,
    case: &MonitorCase,
    m: &Monitoring,
    run_id: Option<&str>,
    issue_letters: bool,
) -> Result<Option<Applied>> {
    let reference = arrangement_reference(&row.id);
    let first_account = |debts: &[DebtFacts]| debts.first().map(|d| d.liability.account_id.clone());
    let applied = match &m.action {
        MonitorAction::None => return Ok(None),
        MonitorAction::Default { payment_number, due_on, amount, pay_by } => {
            let debts = debts_now(tx, &row.id)?;
            let account_id =
                first_account(&debts).ok_or_else(|| Error::Internal("arrangement without debts".into()))?;
            let (document_id, letter_note) = if issue_letters {
                let letter = LetterInput {
                    template_name: DEFAULT_TEMPLATE.into(),
                    account_id: account_id.clone(),
                    party_id: Some(row.party_id.clone()),
                    facts: LetterFacts {
                        missed: Some(DatedAmount { due_on: *due_on, amount: *amount }),
                        pay_by: Some(*pay_by),
                        balance_payable: Some(case.debts_balance),
                        ..LetterFacts::default()
                    },
                    duplex: false,
                };
                match issue_letter_in(tx, ctx, &letter) {
                    Ok(issued) => {
                        crate::db::letters::insert_letter_to_print(tx, ctx, &issued.document_id, Some(&account_id))?;
                        (Some(issued.document_id), None)
                    }
                    // A person the letter cannot reach (no address) still gets the task; nothing else is lost.
                    Err(e @ (Error::Validation { .. } | Error::NotFound(_))) => (None, Some(e.to_string())),
                    Err(e) => return Err(e),
                }
            } else {
                (None, Some("letters were not issued with this run".to_string()))
            };
            let title = format!("Arrangement {reference}: payment {payment_number} missed");
            let detail = match &letter_note {
                None => format!("{}. Default letter sent: £{amount} to pay by {pay_by}.", m.reason),
                Some(note) => format!("{}. No default letter: {note}; contact the person.", m.reason),
            };
            let task_id = tasks::insert(
                tx,
                ctx,
                &NewTask {
                    party_id: Some(&row.party_id),
                    account_id: Some(&account_id),
                    kind: "arrangement_default",
                    title: &title,
                    detail: &detail,
                    due_on: ctx.today,
                    assigned_to: None,
                    hold_id: None,
                    run_id: None,
                },
            )?;
            let event_id = store::insert_event(
                tx,
                ctx,
                &NewEvent {
                    arrangement_id: &row.id,
                    party_id: &row.party_id,
                    schedule_id: &case.schedule_id,
                    kind: "default",
                    on: ctx.today,
                    payment_number: Some(*payment_number),
                    amount: Some(*amount),
                    pay_by: Some(*pay_by),
                    document_id: document_id.as_deref(),
                    task_id: Some(&task_id),
                    monitoring_run_id: run_id,
                    reason: &m.reason,
                },
            )?;
            Applied {
                arrangement_id: row.id.clone(),
                reference: reference.clone(),
                action: "default",
                event_id,
                document_id,
                task_id: Some(task_id),
                letter_note,
                resumed: Vec::new(),
            }
        }
        MonitorAction::Break => {
            let (event_id, debts) = end(tx, ctx, row, "broken", "broken", &m.reason, run_id, "done")?;
            let resumed = resumed_in(tx, ctx.today, &debts)?;
            let detail = resumed
                .iter()
                .map(|r| match (r.next_step, r.next_on) {
                    (Some(step), Some(on)) => format!("{}: next {step} from {on}", r.label),
                    _ => format!("{}: {}", r.label, r.reason),
                })
                .collect::<Vec<_>>()
                .join("; ");
            let account_id = first_account(&debts);
            let task_id = tasks::insert(
                tx,
                ctx,
                &NewTask {
                    party_id: Some(&row.party_id),
                    account_id: account_id.as_deref(),
                    kind: "arrangement_broken",
                    title: &format!("Arrangement {reference} broken: recovery resumes"),
                    detail: &format!("{}. {detail}", m.reason),
                    due_on: ctx.today,
                    assigned_to: None,
                    hold_id: None,
                    run_id: None,
                },
            )?;
            Applied {
                arrangement_id: row.id.clone(),
                reference: reference.clone(),
                action: "break",
                event_id,
                document_id: None,
                task_id: Some(task_id),
                letter_note: None,
                resumed,
            }
        }
        MonitorAction::Complete => {
            let (event_id, _) = end(tx, ctx, row, "completed", "completed", &m.reason, run_id, "done")?;
            Applied {
                arrangement_id: row.id.clone(),
                reference: reference.clone(),
                action: "complete",
                event_id,
                document_id: None,
                task_id: None,
                letter_note: None,
                resumed: Vec::new(),
            }
        }
    };
    audit::record(
        tx,
        ctx,
        &format!("arrangement_{}", applied.action),
        "arrangements",
        &row.id,
        Some(&row.party_id),
        None,
        serde_json::json!({"event_id": applied.event_id, "document_id": applied.document_id,
                           "task_id": applied.task_id, "monitoring_run_id": run_id}),
    )?;
    Ok(Some(applied))
}

fn monitoring_day(ctx: &Ctx, on: Option<&str>) -> Result<NaiveDate> {
    let on = match on {
        Some(d) => parse_date(d, "on")?,
        None => ctx.today,
    };
    if on != ctx.today {
        return Err(Error::validation("on", format!("monitoring acts on today ({}); {on} is not today", ctx.today)));
    }
    Ok(on)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MonitoringInput {
    /// The day to monitor: today (given, it must be today).
    #[serde(default)]
    pub on: Option<String>,
}

/// A monitoring run with its items.
#[derive(Clone, Debug, Serialize)]
pub struct MonitoringRunView {
    #[serde(flatten)]
    pub run: MonitoringRunRow,
    pub items: Vec<MonitoringItemRow>,
    /// What the commit did (empty for a preview).
    pub applied: Vec<Applied>,
}

/// Previews the day's monitoring of every live arrangement: counts of each state and every arrangement with
/// something to do (a default letter, a break, a completion) with the reason. Stored as a previewed run (an
/// earlier preview of the day not committed is cancelled). One transaction.
pub fn preview_arrangement_monitoring(db: &Db, ctx: &Ctx, input: MonitoringInput) -> Result<MonitoringRunView> {
    ctx.require(Permission::PrepareRuns)?;
    let on = monitoring_day(ctx, input.on.as_deref())?;
    let id = db.write(|tx| {
        let policy = policy_in(tx)?;
        let replaced = store::cancel_previews(tx, ctx, on)?;
        let cases = store::monitor_cases(tx, Monitored::Live, on)?;
        let mut counts = MonitoringCounts { live: cases.len() as i64, ..Default::default() };
        let mut items: Vec<(&MonitorCase, Monitoring)> = Vec::new();
        for case in &cases {
            let m = decide(tx, case, on, &policy)?;
            if m.reason.ends_with("while it holds") {
                counts.held += 1;
            }
            match m.state {
                ArrangementState::OnTrack => counts.on_track += 1,
                ArrangementState::Missed => counts.missed += 1,
                _ => {}
            }
            match m.action {
                MonitorAction::None => continue,
                MonitorAction::Default { .. } => counts.default += 1,
                MonitorAction::Break => counts.r#break += 1,
                MonitorAction::Complete => counts.complete += 1,
            }
            items.push((case, m));
        }
        let run_id = store::insert_monitoring_run(tx, ctx, on, &counts)?;
        for (case, m) in &items {
            let (number, amount, pay_by) = match &m.action {
                MonitorAction::Default { payment_number, amount, pay_by, .. } => {
                    (Some(*payment_number), Some(*amount), Some(*pay_by))
                }
                _ => (None, None, None),
            };
            store::insert_monitoring_item(
                tx,
                ctx,
                &run_id,
                &NewMonitoringItem {
                    arrangement_id: &case.arrangement_id,
                    party_id: &case.party_id,
                    action: m.action.as_str(),
                    payment_number: number,
                    amount,
                    pay_by,
                    reason: &m.reason,
                },
            )?;
        }
        audit::record(
            tx,
            ctx,
            "preview_arrangement_monitoring",
            "arrangement_monitoring_runs",
            &run_id,
            None,
            None,
            serde_json::json!({"on": on, "live": counts.live, "default": counts.default, "break": counts.r#break,
                               "complete": counts.complete, "replaced": replaced}),
        )?;
        Ok(run_id)
    })?;
    monitoring_run_view(db, &id, Vec::new())
}

fn monitoring_run_view(db: &Db, id: &str, applied: Vec<Applied>) -> Result<MonitoringRunView> {
    db.read(|tx| {
        let run = store::monitoring_run(tx, id)?.ok_or_else(|| Error::NotFound(format!("monitoring run {id}")))?;
        Ok(MonitoringRunView { items: store::monitoring_items(tx, id)?, run, applied })
    })
}

/// One monitoring run with its items.
pub fn arrangement_monitoring_run(db: &Db, run_id: &str) -> Result<MonitoringRunView> {
    monitoring_run_view(db, run_id, Vec::new())
}

/// The newest monitoring runs, for the screen.
pub fn arrangement_monitoring_runs(db: &Db) -> Result<Vec<MonitoringRunRow>> {
    db.read(|tx| store::monitoring_runs(tx, 50))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommitMonitoringInput {
    pub run_id: String,
    /// Issue the default letters (and put them aside for the next print run). Default: yes.
    #[serde(default = "yes")]
    pub issue_letters: bool,
}

fn yes() -> bool {
    true
}

/// Commits a previewed monitoring run on its day: each item decided again (an arrangement paid or ended since
/// the preview is dropped with the reason), then acted on: default letters and tasks, breaks (recovery
/// resumes), completions. One transaction; running it twice does nothing new (one default letter per missed
/// payment, an ended arrangement is not live).
pub fn commit_arrangement_monitoring(db: &Db, ctx: &Ctx, input: CommitMonitoringInput) -> Result<MonitoringRunView> {
    ctx.require(Permission::CommitRuns)?;
    let applied = db.write(|tx| {
        let run = store::monitoring_run(tx, &input.run_id)?
            .ok_or_else(|| Error::NotFound(format!("monitoring run {}", input.run_id)))?;
        if run.status != "previewed" {
            return Err(Error::Conflict(format!(
                "the monitoring run of {} is {}, not previewed",
                run.run_on, run.status
            )));
        }
        if run.run_on != ctx.today {
            return Err(Error::Conflict(format!(
                "the monitoring run of {} was previewed on another day; preview it again today",
                run.run_on
            )));
        }
        let policy = policy_in(tx)?;
        let mut applied = Vec::new();
        for item in store::monitoring_items(tx, &run.id)? {
            let row = row_in(tx, &item.arrangement_id)?;
            if row.status != "live" {
                store::set_item_status(tx, ctx, &item.id, "dropped", &format!("no longer live: {}", row.status))?;
                continue;
            }
            let case = case_in(tx, &row.id, run.run_on)?;
            let m = decide(tx, &case, run.run_on, &policy)?;
            let same = match (&m.action, item.action.as_str()) {
                (MonitorAction::Default { payment_number, .. }, "default") => {
                    Some(*payment_number) == item.payment_number
                }
                (MonitorAction::Break, "break") | (MonitorAction::Complete, "complete") => true,
                _ => false,
            };
            if !same {
                store::set_item_status(tx, ctx, &item.id, "dropped", &format!("decided again: {}", m.reason))?;
                continue;
            }
            if let Some(a) = apply(tx, ctx, &row, &case, &m, Some(&run.id), input.issue_letters)? {
                store::set_item_status(tx, ctx, &item.id, "committed", "")?;
                applied.push(a);
            }
        }
        store::commit_monitoring_run(tx, ctx, &run.id, applied.len() as i64)?;
        audit::record(
            tx,
            ctx,
            "commit_arrangement_monitoring",
            "arrangement_monitoring_runs",
            &run.id,
            None,
            None,
            serde_json::json!({"committed": applied.len(), "issue_letters": input.issue_letters}),
        )?;
        Ok(applied)
    })?;
    monitoring_run_view(db, &input.run_id, applied)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MonitorArrangementInput {
    pub arrangement_id: String,
    /// Act on what monitoring finds (default letter, break, completion) now; otherwise only show it.
    #[serde(default)]
    pub commit: bool,
}

/// What on-demand monitoring found and did.
#[derive(Clone, Debug, Serialize)]
pub struct MonitorOutcome {
    pub monitoring: Monitoring,
    pub applied: Option<Applied>,
    pub arrangement: ArrangementView,
}

/// Monitors one arrangement today, on demand (the person screen's "check now"): what it finds, and with
/// `commit` the action taken at once, in one transaction. An arrangement that is not live is only shown.
pub fn monitor_arrangement(db: &Db, ctx: &Ctx, input: MonitorArrangementInput) -> Result<MonitorOutcome> {
    ctx.require(Permission::WorkCases)?;
    if !input.commit {
        return db.read(|tx| {
            let case = case_in(tx, &input.arrangement_id, ctx.today)?;
            let monitoring = decide(tx, &case, ctx.today, &policy_in(tx)?)?;
            Ok(MonitorOutcome {
                monitoring,
                applied: None,
                arrangement: view_in(tx, ctx.today, &input.arrangement_id)?,
            })
        });
    }
    db.write(|tx| {
        let row = row_in(tx, &input.arrangement_id)?;
        let case = case_in(tx, &row.id, ctx.today)?;
        let monitoring = decide(tx, &case, ctx.today, &policy_in(tx)?)?;
        let applied = if row.status == "live" { apply(tx, ctx, &row, &case, &monitoring, None, true)? } else { None };
        Ok(MonitorOutcome { monitoring, applied, arrangement: view_in(tx, ctx.today, &row.id)? })
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelArrangementInput {
    pub arrangement_id: String,
    pub reason: String,
}

/// An officer cancels a live arrangement (the person asked, a new plan replaces it...): it ends, recovery
/// resumes from the notices each debt had, its open default tasks are cancelled. One transaction.
pub fn cancel_arrangement(db: &Db, ctx: &Ctx, input: CancelArrangementInput) -> Result<ArrangementView> {
    ctx.require(Permission::WorkCases)?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Error::validation("reason", "say why it is cancelled"));
    }
    db.write(|tx| {
        let row = row_in(tx, &input.arrangement_id)?;
        if row.status != "live" {
            return Err(Error::Conflict(format!(
                "arrangement {} is {}, not live",
                arrangement_reference(&row.id),
                row.status
            )));
        }
        let (event, _) = end(tx, ctx, &row, "cancelled", "cancelled", reason, None, "cancelled")?;
        audit::record(
            tx,
            ctx,
            "cancel_arrangement",
            "arrangements",
            &row.id,
            Some(&row.party_id),
            None,
            serde_json::json!({"event_id": event}),
        )?;
        view_in(tx, ctx.today, &row.id)
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReinstateArrangementInput {
    pub arrangement_id: String,
    pub reason: String,
    /// The first payment of the new schedule.
    pub start_on: String,
    /// How often; the arrangement's own if absent.
    #[serde(default)]
    pub frequency: Option<String>,
    /// An amount per payment (the arrangement's own if neither this nor `endOn` is given) ...
    #[serde(default)]
    pub amount: Option<String>,
    /// ... or the day of the last payment.
    #[serde(default)]
    pub end_on: Option<String>,
    #[serde(default)]
    pub with_print_run: bool,
}

/// An officer reinstates a broken or cancelled arrangement: a new schedule revision for what its debts owe now
/// (refused, as a new plan would be, for a hold or another live arrangement), live again, the `arrangement`
/// stage re-entered, a confirmation letter, the history kept. One transaction.
pub fn reinstate_arrangement(db: &Db, ctx: &Ctx, input: ReinstateArrangementInput) -> Result<ArrangementView> {
    ctx.require(Permission::WorkCases)?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Error::validation("reason", "say why it is reinstated"));
    }
    let start_on = parse_date(&input.start_on, "startOn")?;
    db.write(|tx| {
        let row = row_in(tx, &input.arrangement_id)?;
        if !matches!(row.status.as_str(), "broken" | "cancelled") {
            return Err(Error::Conflict(format!(
                "arrangement {} is {}: only a broken or cancelled one can be reinstated",
                arrangement_reference(&row.id),
                row.status
            )));
        }
        let frequency = match input.frequency.as_deref() {
            Some(f) => PaymentFrequency::parse(f).ok_or_else(|| {
                Error::validation(
                    "frequency",
                    format!("'{f}' is not one of: weekly, fortnightly, four_weekly, monthly"),
                )
            })?,
            None => row.frequency,
        };
        let head = store::schedules_of(tx, &row.id)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::Internal("no schedule".into()))?;
        let plan_input = PlanArrangementInput {
            party_id: row.party_id.clone(),
            liability_ids: Vec::new(),
            frequency: frequency.as_str().into(),
            start_on: input.start_on.clone(),
            amount: input.amount.clone().or_else(|| input.end_on.is_none().then(|| head.amount.to_string())),
            end_on: input.end_on.clone(),
        };
        let (_, _, size) = read_request(&plan_input)?;
        let ids: Vec<String> =
            debts_now(tx, &row.id)?.into_iter().filter(|d| d.balance.pence() > 0).map(|d| d.liability.id).collect();
        if ids.is_empty() {
            return Err(Error::Conflict("its debts owe nothing now: there is nothing to reinstate".into()));
        }
        let Planned { view, plan: p, debts } = plan_in(
            tx,
            ctx.today,
            &PlanRequest {
                party_id: &row.party_id,
                liability_ids: &ids,
                frequency,
                start_on,
                size,
                reinstating: Some(&row.id),
            },
        )?;
        if let Some(e) = first_refusal(&view.checks) {
            return Err(e);
        }
        let schedule_id = store::insert_schedule(
            tx,
            ctx,
            &NewSchedule {
                arrangement_id: &row.id,
                party_id: &row.party_id,
                revision: head.revision + 1,
                frequency,
                regular: p.regular,
                payments: &p.payments,
                payments_from: ctx.today,
                received_before: store::received_since(tx, &ids, ctx.today)?,
                reason,
            },
        )?;
        store::set_status(tx, ctx, &row.id, "live", None, "")?;
        let reference = arrangement_reference(&row.id);
        enter_stages(
            tx,
            ctx,
            &debts,
            Stage::Arrangement,
            &format!("Arrangement {reference} reinstated: {}", summary(&p)),
        )?;
        let document_id = confirm(tx, ctx, &row.party_id, &p, &debts, row.method, &schedule_id, input.with_print_run)?;
        let event = store::insert_event(
            tx,
            ctx,
            &NewEvent {
                arrangement_id: &row.id,
                party_id: &row.party_id,
                schedule_id: &schedule_id,
                kind: "reinstated",
                on: ctx.today,
                payment_number: None,
                amount: Some(p.total),
                pay_by: None,
                document_id: Some(&document_id),
                task_id: None,
                monitoring_run_id: None,
                reason: &format!("{reason}: {}", summary(&p)),
            },
        )?;
        audit::record(
            tx,
            ctx,
            "reinstate_arrangement",
            "arrangements",
            &row.id,
            Some(&row.party_id),
            None,
            serde_json::json!({"event_id": event, "revision": head.revision + 1, "document_id": document_id,
                               "reviewed": view.checks.iter().filter(|c| c.severity == Severity::Review)
                                   .map(|c| c.code).collect::<Vec<_>>()}),
        )?;
        view_in(tx, ctx.today, &row.id)
    })
}

// ------------------------------------------------------------------------------------------------ calculator

/// The CLI's plan: one balance (part of it this financial year's council tax) without a database.
#[derive(Clone, Debug, Serialize)]
pub struct CalculatedPlan {
    pub total: Money,
    pub frequency: PaymentFrequency,
    pub amount: Money,
    pub monthly_equivalent: Money,
    pub count: usize,
    pub last_payment: Scheduled,
    pub schedule: Vec<Scheduled>,
    /// Every check but the ones that need the database (holds, live arrangements).
    pub flags: Vec<Check>,
    pub year_end: NaiveDate,
}

/// Plans `balance` (of which `current_year_balance` is this financial year's council tax, to clear by 31 March)
/// from `start_on`, by amount or end date, under `policy`, on `today`; `affordable` a month, if known.
#[allow(clippy::too_many_arguments)]
pub fn calculate_arrangement(
    balance: Money,
    current_year_balance: Option<Money>,
    frequency: PaymentFrequency,
    start_on: NaiveDate,
    size: PlanSize,
    affordable: Option<Money>,
    today: NaiveDate,
    policy: &ArrangementPolicy,
) -> Result<CalculatedPlan> {
    let current = financial_year(today);
    let this_year = current_year_balance.unwrap_or(Money::ZERO);
    if this_year.is_negative() || this_year > balance {
        return Err(Error::validation(
            "--year-end-balance",
            format!("must be between £0.00 and the balance £{balance}"),
        ));
    }
    let mut debts = Vec::new();
    if balance - this_year > Money::ZERO {
        debts.push(PlanDebt {
            balance: balance - this_year,
            debt_type: DebtType::CouncilTax,
            financial_year: current - 1,
        });
    }
    if this_year > Money::ZERO {
        debts.push(PlanDebt { balance: this_year, debt_type: DebtType::CouncilTax, financial_year: current });
    }
    if debts.is_empty() {
        return Err(Error::validation("--balance", "must be more than £0.00"));
    }
    let p = plan(&debts, frequency, start_on, size, policy.debt_order, policy.odd_payment, current).map_err(|e| {
        let field = match e.field {
            "amount" => "--amount",
            "endOn" => "--end",
            "startOn" => "--start",
            _ => "--balance",
        };
        Error::validation(field, e.reason)
    })?;
    let facts = CheckFacts { affordable: affordable.map(|a| (a, false)), ..Default::default() };
    let flags: Vec<Check> = checks(&p, &debts, current, &facts, policy)
        .into_iter()
        .filter(|c| !(affordable.is_none() && c.severity == Severity::Info))
        .collect();
    Ok(CalculatedPlan {
        total: p.total,
        frequency,
        amount: p.regular,
        monthly_equivalent: monthly_equivalent(p.regular, frequency.as_income_expenditure()),
        count: p.payments.len(),
        last_payment: *p.last(),
        schedule: p.payments,
        flags,
        year_end: year_end(current),
    })
}
