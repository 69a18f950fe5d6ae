//! The retention schedule and its run (recovery-rules.md §9): the schedule per record type (POLICY defaults,
//! editable), legal holds on a person, a preview of who is due for anonymisation under which rule since when
//! and who is held back and why, and the run that anonymises, in one transaction, exactly the people the
//! preview listed that are still due (each decided again; a second run finds nothing to do).
//!
//! Permissions: editing the schedule, releasing a legal hold and the run need `Retention` (the administrator);
//! the preview is also open to team leaders (`ViewAudit`), who answer the complaints that legal holds are for;
//! any officer may place a legal hold (`WorkCases`): it only ever keeps data longer.

use crate::access::Permission;
use crate::db::retention::{self as store, AccountFacts, Anonymised, LegalHoldRow, RuleRow};
use crate::db::{audit, date, Ctx, Db};
use crate::error::{Error, Result};
use crate::model::{DebtType, LegalHoldKind, RetentionBasis, RetentionRecordType};
use crate::money::Money;
use crate::rules::retention::{self as rules, Decision, Rule};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

// ------------------------------------------------------------------------------------------------ schedule

#[derive(Clone, Debug, Serialize)]
pub struct RetentionRuleView {
    pub record_type: RetentionRecordType,
    pub record_type_label: &'static str,
    pub basis: RetentionBasis,
    pub basis_label: &'static str,
    pub years: i64,
    pub source: String,
    /// False while the shipped POLICY default applies.
    pub changed: bool,
    pub changed_at: Option<String>,
    pub changed_by: Option<String>,
}

fn rule_view(r: RuleRow) -> RetentionRuleView {
    RetentionRuleView {
        record_type: r.record_type,
        record_type_label: r.record_type.label(),
        basis: r.basis,
        basis_label: r.basis.label(),
        years: r.years,
        source: r.source,
        changed: r.changed,
        changed_at: r.changed_at,
        changed_by: r.changed_by,
    }
}

/// The retention schedule in force: one rule per record type.
pub fn retention_schedule(db: &Db, ctx: &Ctx) -> Result<Vec<RetentionRuleView>> {
    ctx.require(Permission::ViewCases)?;
    Ok(db.read(|tx| store::schedule(tx))?.into_iter().map(rule_view).collect())
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RetentionRuleInput {
    pub record_type: String,
    pub basis: String,
    pub years: i64,
    /// Why: the council's schedule, its version or minute. Required.
    pub source: String,
}

/// Saves the council's rules for the record types given (the others keep theirs), all or none.
pub fn save_retention_schedule(db: &Db, ctx: &Ctx, rules: Vec<RetentionRuleInput>) -> Result<Vec<RetentionRuleView>> {
    ctx.require(Permission::Retention)?;
    let mut parsed = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, r) in rules.iter().enumerate() {
        let field = |name: &str| format!("rules[{i}].{name}");
        let record_type = RetentionRecordType::parse(&r.record_type, &field("recordType"))?;
        if !seen.insert(record_type) {
            return Err(Error::validation(field("recordType"), format!("{} is given twice", record_type.as_str())));
        }
        let basis = RetentionBasis::parse(&r.basis, &field("basis"))?;
        if !(1..=100).contains(&r.years) {
            return Err(Error::validation(field("years"), "a whole number of years from 1 to 100"));
        }
        if r.source.trim().is_empty() {
            return Err(Error::validation(field("source"), "say why (the council's schedule or its version)"));
        }
        parsed.push((record_type, basis, r.years, r.source.trim().to_string()));
    }
    db.write(|tx| {
        for (record_type, basis, years, source) in &parsed {
            store::put_rule(tx, ctx, *record_type, *basis, *years, source)?;
            audit::record(
                tx,
                ctx,
                "save_retention_schedule",
                "retention_rules",
                record_type.as_str(),
                None,
                None,
                serde_json::json!({"basis": basis.as_str(), "years": years}),
            )?;
        }
        Ok(())
    })?;
    retention_schedule(db, ctx)
}

// ----------------------------------------------------------------------------------------------- legal holds

#[derive(Clone, Debug, Serialize)]
pub struct LegalHoldView {
    pub id: String,
    pub party_id: String,
    pub kind: LegalHoldKind,
    pub kind_label: &'static str,
    pub reason: String,
    pub placed_on: String,
    pub released_on: Option<String>,
    pub release_reason: String,
    pub created_by: String,
}

fn hold_view(h: LegalHoldRow) -> LegalHoldView {
    LegalHoldView {
        id: h.id,
        party_id: h.party_id,
        kind: h.kind,
        kind_label: h.kind.label(),
        reason: h.reason,
        placed_on: h.placed_on,
        released_on: h.released_on,
        release_reason: h.release_reason,
        created_by: h.created_by,
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LegalHoldInput {
    pub party_id: String,
    /// dispute, complaint, litigation or information_request.
    pub kind: String,
    pub reason: String,
}

/// Places a legal hold on a person: nothing of theirs is anonymised until it is released.
pub fn place_legal_hold(db: &Db, ctx: &Ctx, input: LegalHoldInput) -> Result<LegalHoldView> {
    ctx.require(Permission::WorkCases)?;
    let kind = LegalHoldKind::parse(&input.kind, "kind")?;
    if input.reason.trim().is_empty() {
        return Err(Error::validation("reason", "say what the dispute or complaint is"));
    }
    let id = db.write(|tx| {
        if crate::db::parties::get(tx, &input.party_id)?.is_none() {
            return Err(Error::NotFound(format!("person {}", input.party_id)));
        }
        let id = store::insert_legal_hold(tx, ctx, &input.party_id, kind, input.reason.trim(), &ctx.today.to_string())?;
        audit::record(
            tx,
            ctx,
            "place_legal_hold",
            "retention_legal_holds",
            &id,
            Some(&input.party_id),
            None,
            serde_json::json!({"kind": kind.as_str()}),
        )?;
        Ok(id)
    })?;
    legal_hold_view(db, &id)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReleaseLegalHoldInput {
    pub id: String,
    pub reason: String,
}

/// Releases a legal hold (the dispute or complaint is over).
pub fn release_legal_hold(db: &Db, ctx: &Ctx, input: ReleaseLegalHoldInput) -> Result<LegalHoldView> {
    ctx.require(Permission::Retention)?;
    if input.reason.trim().is_empty() {
        return Err(Error::validation("reason", "say why the hold ends"));
    }
    db.write(|tx| {
        let hold =
            store::legal_hold(tx, &input.id)?.ok_or_else(|| Error::NotFound(format!("legal hold {}", input.id)))?;
        if !store::release_legal_hold(tx, ctx, &input.id, &ctx.today.to_string(), input.reason.trim())? {
            return Err(Error::Conflict(format!("legal hold {} was already released", input.id)));
        }
        audit::record(
            tx,
            ctx,
            "release_legal_hold",
            "retention_legal_holds",
            &input.id,
            Some(&hold.party_id),
            None,
            serde_json::json!({}),
        )
    })?;
    legal_hold_view(db, &input.id)
}

fn legal_hold_view(db: &Db, id: &str) -> Result<LegalHoldView> {
    db.read(|tx| store::legal_hold(tx, id))?.map(hold_view).ok_or_else(|| Error::NotFound(format!("legal hold {id}")))
}

/// One person's legal holds (all, newest first), or every hold in force when `party_id` is `None`.
pub fn legal_holds(db: &Db, ctx: &Ctx, party_id: Option<&str>) -> Result<Vec<LegalHoldView>> {
    ctx.require(Permission::ViewCases)?;
    Ok(db.read(|tx| store::legal_holds(tx, party_id))?.into_iter().map(hold_view).collect())
}

// ------------------------------------------------------------------------------------------------- preview

/// One debt of a person, as decided.
#[derive(Clone, Debug, Serialize)]
pub struct RetentionAccountView {
    pub account_id: String,
    pub reference: String,
    pub debt_type: DebtType,
    pub balance: Money,
    /// When it was cleared, written off or closed (none while a balance is left).
    pub cleared_on: Option<NaiveDate>,
    /// The rule that sets the date (the debt type's, or the liability order evidence rule when later).
    pub rule: Option<RetentionRecordType>,
    pub rule_label: Option<&'static str>,
    /// The day it fell due (or falls due).
    pub due_on: Option<NaiveDate>,
}

/// A person due for anonymisation.
#[derive(Clone, Debug, Serialize)]
pub struct RetentionDueView {
    pub party_id: String,
    pub name: String,
    /// The day the last of their debts fell due.
    pub due_on: NaiveDate,
    pub accounts: Vec<RetentionAccountView>,
}

/// Why a person is held back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeldReason {
    /// `legal_hold`, `balance` or `within_period`.
    pub code: &'static str,
    pub text: String,
    pub account_reference: Option<String>,
    /// For `within_period`: the day the debt falls due.
    pub until: Option<NaiveDate>,
}

/// A person with a debt past its period who is held back, and every reason.
#[derive(Clone, Debug, Serialize)]
pub struct RetentionHeldView {
    pub party_id: String,
    pub name: String,
    pub reasons: Vec<HeldReason>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RetentionPreview {
    pub as_of: NaiveDate,
    pub due: Vec<RetentionDueView>,
    pub held_back: Vec<RetentionHeldView>,
    /// The ids of `due`, to hand to [`run_retention`].
    pub party_ids: Vec<String>,
    pub already_anonymised: i64,
}

enum PartyDecision {
    Due(RetentionDueView),
    Held(RetentionHeldView),
    /// Nothing of theirs is past its period: not listed.
    NotYet,
}

fn rule_of(schedule: &[RuleRow], record_type: RetentionRecordType) -> Rule {
    let r = schedule.iter().find(|r| r.record_type == record_type).expect("every record type has a rule");
    Rule { record_type, basis: r.basis, years: r.years }
}

fn parse_date(text: &str) -> Result<NaiveDate> {
    Ok(date(text)?)
}

/// Decides one person from their accounts' facts and what holds them.
fn decide_party(
    facts: &[&AccountFacts],
    blocks: &[(String, String, String)],
    schedule: &[RuleRow],
    today: NaiveDate,
) -> Result<PartyDecision> {
    let lo_rule = rule_of(schedule, RetentionRecordType::LiabilityOrder);
    let mut accounts = Vec::new();
    let mut reasons = Vec::new();
    let mut any_old = false;
    let mut due_on = NaiveDate::MIN;
    for f in facts {
        let rule = rule_of(schedule, RetentionRecordType::of_debt(f.debt_type));
        let opened_on = parse_date(&f.opened_on)?;
        let mut cleared_on = opened_on;
        for d in [&f.last_entry_on, &f.closed_on].into_iter().flatten() {
            cleared_on = cleared_on.max(parse_date(d)?);
        }
        let debt = rules::Debt { balance_pence: f.balance_pence, cleared_on, last_year: f.last_year, opened_on };
        let decision = rules::decide(&rule, f.liability_order.then_some(&lo_rule), &debt, today);
        let mut view = RetentionAccountView {
            account_id: f.account_id.clone(),
            reference: f.reference.clone(),
            debt_type: f.debt_type,
            balance: Money::from_pence(f.balance_pence),
            cleared_on: (f.balance_pence == 0).then_some(cleared_on),
            rule: None,
            rule_label: None,
            due_on: None,
        };
        match decision {
            Decision::Due { on, rule } => {
                any_old = true;
                due_on = due_on.max(on);
                (view.rule, view.rule_label, view.due_on) = (Some(rule), Some(rule.label()), Some(on));
            }
            Decision::WithinPeriod { until, rule, old } => {
                any_old |= old;
                (view.rule, view.rule_label, view.due_on) = (Some(rule), Some(rule.label()), Some(until));
                reasons.push(HeldReason {
                    code: "within_period",
                    text: format!("{}: within its period ({}) until {until}", f.reference, rule.label().to_lowercase()),
                    account_reference: Some(f.reference.clone()),
                    until: Some(until),
                });
            }
            Decision::Owing { old } => {
                any_old |= old;
                reasons.push(HeldReason {
                    code: "balance",
                    text: format!(
                        "{}: the balance is {}£{}, not zero",
                        f.reference,
                        if f.balance_pence < 0 { "-" } else { "" },
                        Money::from_pence(f.balance_pence.abs())
                    ),
                    account_reference: Some(f.reference.clone()),
                    until: None,
                });
            }
        }
        accounts.push(view);
    }
    for (_, what, since) in blocks {
        reasons.insert(
            0,
            HeldReason {
                code: "legal_hold",
                text: format!("{what} (since {since})"),
                account_reference: None,
                until: None,
            },
        );
    }
    let (party_id, name) = (facts[0].party_id.clone(), facts[0].party_name.clone());
    Ok(if reasons.is_empty() {
        PartyDecision::Due(RetentionDueView { party_id, name, due_on, accounts })
    } else if any_old {
        PartyDecision::Held(RetentionHeldView { party_id, name, reasons })
    } else {
        PartyDecision::NotYet
    })
}

/// Decides every person not yet anonymised (or the one given), by party id.
fn decide_all(conn: &Connection, today: NaiveDate, party_id: Option<&str>) -> Result<Vec<PartyDecision>> {
    let schedule = store::schedule(conn)?;
    let facts = store::account_facts(conn, party_id)?;
    let mut blocks: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
    for b in store::blocking_holds(conn, &today.to_string(), party_id)? {
        let list = blocks.entry(b.0.clone()).or_default();
        if !list.contains(&b) {
            list.push(b);
        }
    }
    let mut by_party: BTreeMap<&str, Vec<&AccountFacts>> = BTreeMap::new();
    for f in &facts {
        let list = by_party.entry(&f.party_id).or_default();
        if !list.iter().any(|g| g.account_id == f.account_id) {
            list.push(f);
        }
    }
    by_party
        .into_iter()
        .map(|(party, facts)| decide_party(&facts, blocks.get(party).map_or(&[][..], Vec::as_slice), &schedule, today))
        .collect()
}

/// Who is due for anonymisation on `ctx.today`, under which rule and since when, and who is held back and why.
pub fn preview_retention(db: &Db, ctx: &Ctx) -> Result<RetentionPreview> {
    ctx.require(Permission::Retention).or_else(|_| ctx.require(Permission::ViewAudit))?;
    let (decisions, already_anonymised) =
        db.read(|tx| Ok((decide_all(tx, ctx.today, None)?, store::anonymised_count(tx)?)))?;
    let mut preview =
        RetentionPreview { as_of: ctx.today, due: vec![], held_back: vec![], party_ids: vec![], already_anonymised };
    for d in decisions {
        match d {
            PartyDecision::Due(v) => preview.due.push(v),
            PartyDecision::Held(v) => preview.held_back.push(v),
            PartyDecision::NotYet => {}
        }
    }
    // In an order an officer can check against (ids are random): the longest due first, then by name.
    preview.due.sort_by(|a, b| (a.due_on, &a.name, &a.party_id).cmp(&(b.due_on, &b.name, &b.party_id)));
    preview.held_back.sort_by(|a, b| (&a.name, &a.party_id).cmp(&(&b.name, &b.party_id)));
    preview.party_ids = preview.due.iter().map(|v| v.party_id.clone()).collect();
    Ok(preview)
}

// ----------------------------------------------------------------------------------------------------- run

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RunRetentionInput {
    /// The people the preview listed as due (`RetentionPreview::party_ids`).
    pub party_ids: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AnonymisedView {
    pub party_id: String,
    pub due_on: NaiveDate,
    pub account_references: Vec<String>,
    pub changed: Anonymised,
}

#[derive(Clone, Debug, Serialize)]
pub struct SkippedView {
    pub party_id: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RetentionRunView {
    pub as_of: NaiveDate,
    pub anonymised: Vec<AnonymisedView>,
    /// Listed, but no longer due (a payment, a new debt, a hold since the preview) or already anonymised.
    pub skipped: Vec<SkippedView>,
}

/// Anonymises, in one transaction, each person listed who is still due today (decided again here), with an
/// audit row each. Running it again anonymises no one: they are skipped as already anonymised.
pub fn run_retention(db: &Db, ctx: &Ctx, input: RunRetentionInput) -> Result<RetentionRunView> {
    ctx.require(Permission::Retention)?;
    let ids: BTreeSet<String> = input.party_ids.into_iter().collect();
    db.write(|tx| {
        let mut out = RetentionRunView { as_of: ctx.today, anonymised: vec![], skipped: vec![] };
        for id in &ids {
            if store::is_anonymised(tx, id)? {
                out.skipped.push(SkippedView { party_id: id.clone(), reason: "already anonymised".into() });
                continue;
            }
            let decision = decide_all(tx, ctx.today, Some(id))?.pop();
            let due = match decision {
                Some(PartyDecision::Due(v)) => v,
                Some(PartyDecision::Held(v)) => {
                    let reasons: Vec<String> = v.reasons.into_iter().map(|r| r.text).collect();
                    out.skipped.push(SkippedView { party_id: id.clone(), reason: reasons.join("; ") });
                    continue;
                }
                Some(PartyDecision::NotYet) => {
                    out.skipped.push(SkippedView { party_id: id.clone(), reason: "not yet due".into() });
                    continue;
                }
                None => {
                    out.skipped
                        .push(SkippedView { party_id: id.clone(), reason: "no such person with accounts".into() });
                    continue;
                }
            };
            let accounts: Vec<serde_json::Value> = due
                .accounts
                .iter()
                .map(|a| {
                    serde_json::json!({"account_id": a.account_id, "record_type": a.rule.map(|r| r.as_str()),
                                       "due_on": a.due_on})
                })
                .collect();
            let accounts = serde_json::Value::Array(accounts);
            let changed = store::anonymise_party(tx, ctx, id, &due.due_on.to_string(), &accounts.to_string())?;
            audit::record(
                tx,
                ctx,
                "run_retention",
                "parties",
                id,
                Some(id),
                None,
                serde_json::json!({"due_on": due.due_on, "accounts": accounts}),
            )?;
            out.anonymised.push(AnonymisedView {
                party_id: id.clone(),
                due_on: due.due_on,
                account_references: due.accounts.into_iter().map(|a| a.reference).collect(),
                changed,
            });
        }
        Ok(out)
    })
}
