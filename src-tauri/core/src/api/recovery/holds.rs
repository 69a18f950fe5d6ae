//! Holds as officers record them: Breathing Space (the start the day after entry on the register, the end from
//! the notice or computed), mental health crisis (open until treatment ends, then 30 days), insolvency
//! (bankruptcy, DRO, IVA from the order's day), death, dispute, appeal, complaint and vulnerability review.
//! Recording one raises its review tasks (creditor review deadline, midway review, end, proof of debt, review
//! date) and a task for any live enforcement on the debts it covers; releasing one cancels them. The evidence
//! trail is the row itself (notice received, who, when) plus the audit log.

use super::{parse_date, Engine};
use crate::access::Permission;
use crate::db::holds::{self as store, HoldRow, NewHold};
use crate::db::runs::{load_cases, Detail, Load};
use crate::db::tasks::{self, NewTask};
use crate::db::{audit, Ctx, Db, Tx};
use crate::error::{Error, Result};
use crate::model::{HoldKind, Stage};
use crate::rules::breathing_space::MoratoriumKind;
use crate::rules::holds as rules;
use crate::rules::policy::MentalHealthCrisisEnd as MhcEnd;
use crate::rules::timeline::Action;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::timetable::{hold_status, HoldStatus};

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordHoldInput {
    /// A hold on a person covers every account they are liable on; give `accountId` instead (or as well) to
    /// hold one account.
    #[serde(default)]
    pub party_id: Option<String>,
    #[serde(default)]
    pub account_id: Option<String>,
    /// `breathing_space`, `mental_health_crisis`, `bankruptcy`, `iva`, `dro`, `deceased`, `dispute`, `appeal`,
    /// `complaint`, `vulnerability_review`.
    pub kind: String,
    /// Breathing Space and mental health crisis: the day the debtor was entered on the register (the moratorium
    /// starts the next day, SI 2020/1311 reg 26(1)).
    #[serde(default)]
    pub registered_on: Option<String>,
    /// Every other kind: the first day it holds (the order's day, the day of death, the day raised).
    #[serde(default)]
    pub starts_on: Option<String>,
    /// A standard Breathing Space: the end date in the notice (computed when absent); other kinds: a known last
    /// day (officer holds have none: they last until released).
    #[serde(default)]
    pub ends_on: Option<String>,
    /// The officer's review date (dispute, complaint, appeal, vulnerability; the council's default if absent).
    #[serde(default)]
    pub review_on: Option<String>,
    /// When the notice or evidence was received.
    #[serde(default)]
    pub notice_received_on: Option<String>,
    pub reason: String,
    /// What the evidence is: "Insolvency Service notice BS123456", "copy of the death certificate".
    #[serde(default)]
    pub evidence: String,
    /// The debt adviser or insolvency practitioner, and how to reach them.
    #[serde(default)]
    pub adviser: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct HoldRecorded {
    #[serde(flatten)]
    pub status: HoldStatus,
    pub tasks: Vec<crate::db::tasks::TaskRow>,
}

fn opt_date(v: &Option<String>, field: &str) -> Result<Option<NaiveDate>> {
    v.as_deref().map(|d| parse_date(d, field)).transpose()
}

/// Records a hold with its evidence, raises its review tasks, and audits it, in one transaction.
pub fn record_hold(db: &Db, ctx: &Ctx, input: RecordHoldInput) -> Result<HoldRecorded> {
    ctx.require(Permission::WorkCases)?;
    let kind = HoldKind::parse(&input.kind, "kind")?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Error::validation("reason", "say why the hold is placed"));
    }
    if input.party_id.is_none() && input.account_id.is_none() {
        return Err(Error::validation("partyId", "name the person or the account the hold is on"));
    }
    let registered_on = opt_date(&input.registered_on, "registeredOn")?;
    let starts_given = opt_date(&input.starts_on, "startsOn")?;
    let mut ends_on = opt_date(&input.ends_on, "endsOn")?;
    let review_given = opt_date(&input.review_on, "reviewOn")?;
    let received = opt_date(&input.notice_received_on, "noticeReceivedOn")?;
    let moratorium = matches!(kind, HoldKind::BreathingSpace | HoldKind::MentalHealthCrisis);
    let starts_on = if moratorium {
        let r = registered_on
            .ok_or_else(|| Error::validation("registeredOn", "give the day the debtor was entered on the register"))?;
        r + Days::new(1)
    } else {
        starts_given.ok_or_else(|| Error::validation("startsOn", "give the first day the hold applies"))?
    };
    if kind == HoldKind::MentalHealthCrisis && ends_on.is_some() {
        return Err(Error::validation(
            "endsOn",
            "a mental health crisis moratorium has no end date until treatment ends: record that instead",
        ));
    }
    if let Some(e) = ends_on {
        if e < starts_on {
            return Err(Error::validation("endsOn", format!("{e} is before the hold starts ({starts_on})")));
        }
    }
    db.write(|tx| {
        let engine = Engine::load(tx, ctx.today)?;
        if let Some(p) = &input.party_id {
            crate::db::parties::get(tx, p)?.ok_or_else(|| Error::NotFound(format!("person {p}")))?;
        }
        if let Some(a) = &input.account_id {
            crate::db::accounts::by_id(tx, a)?.ok_or_else(|| Error::NotFound(format!("account {a}")))?;
        }
        let provisional = rules::HoldFacts {
            id: String::new(),
            kind,
            on_party: input.account_id.is_none(),
            starts_on,
            ends_on,
            released_on: None,
            registered_on,
            treatment_ended_on: None,
        };
        // A standard Breathing Space without an end in the notice gets the computed one; a DRO or bankruptcy the
        // year the Act gives. Stored, so every screen shows the same last day.
        if ends_on.is_none()
            && (kind == HoldKind::BreathingSpace || matches!(kind, HoldKind::Dro | HoldKind::Bankruptcy))
        {
            ends_on = rules::last_day(&provisional, &engine.policy);
        }
        let review_on = match (review_given, kind) {
            (Some(r), _) => Some(r),
            (None, HoldKind::Dispute | HoldKind::Appeal | HoldKind::Complaint | HoldKind::VulnerabilityReview) => {
                Some(starts_on.max(ctx.today) + Days::new(u64::from(engine.settings.hold_review_days)))
            }
            _ => None,
        };
        let id = store::insert(
            tx,
            ctx,
            &NewHold {
                party_id: input.party_id.as_deref(),
                account_id: input.account_id.as_deref(),
                kind,
                starts_on,
                ends_on,
                registered_on,
                treatment_ended_on: None,
                review_on,
                notice_received_on: received,
                reason,
                evidence: input.evidence.trim(),
                adviser: input.adviser.trim(),
            },
        )?;
        let hold = store::get(tx, &id)?.ok_or_else(|| Error::Internal("hold just stored".into()))?;
        raise_tasks(tx, ctx, &engine, &hold)?;
        audit::record(
            tx,
            ctx,
            "record_hold",
            "holds",
            &id,
            input.party_id.as_deref(),
            input.account_id.as_deref(),
            serde_json::json!({"kind": kind.as_str(), "starts_on": starts_on, "ends_on": ends_on}),
        )?;
        recorded(tx, &engine, hold)
    })
}

fn recorded(tx: &Tx, engine: &Engine, hold: HoldRow) -> Result<HoldRecorded> {
    let tasks = tasks::of_hold(tx, &hold.id)?;
    Ok(HoldRecorded { status: hold_status(hold, engine.today, &engine.policy), tasks })
}

/// The hold's review points as tasks, and one for each covered account with live enforcement (an agent, an
/// attachment or deductions) that the hold should stop or an officer must decide on (recovery-rules.md §4).
fn raise_tasks(tx: &Tx, ctx: &Ctx, engine: &Engine, hold: &HoldRow) -> Result<()> {
    let facts = hold.facts();
    for step in rules::review_steps(&facts, hold.review_on, &engine.policy) {
        // A deadline already gone by is no task; any other point already passed is due today.
        let deadline = matches!(step.action, Action::CreditorReviewDeadline | Action::MidwayReviewOpens);
        if step.on < ctx.today && deadline {
            continue;
        }
        let due_on = step.on.max(ctx.today);
        let title = match (step.action, step.rule) {
            (Action::CreditorReviewDeadline, _) => {
                "Breathing Space: last day to ask the adviser for a review".to_string()
            }
            (Action::MidwayReviewOpens, _) => "Breathing Space: adviser's midway review window opens".to_string(),
            (Action::MidwayReviewCloses, _) => continue,
            (Action::HoldEnds, "breathing_space_ends") => continue,
            (Action::HoldEnds, "breathing_space_resume") => "Breathing Space ended: decide on recovery".to_string(),
            (Action::HoldEnds, "insolvency_release") => format!("{}: debts released, write off", hold.kind.label()),
            (Action::HoldEnds, _) => format!("Review the {} hold", hold.kind.label().to_lowercase()),
            _ => step.reason.clone(),
        };
        tasks::insert(
            tx,
            ctx,
            &NewTask {
                party_id: hold.party_id.as_deref(),
                account_id: hold.account_id.as_deref(),
                kind: step.rule,
                title: &title,
                detail: &format!("{} ({})", step.reason, step.regulation),
                due_on,
                assigned_to: None,
                hold_id: Some(&hold.id),
                run_id: None,
            },
        )?;
    }
    let live = [Stage::EnforcementAgent, Stage::AttachmentOfEarnings, Stage::DeductionFromBenefit];
    let accounts = store::accounts_covered(tx, hold)?;
    for case in load_cases(tx, &accounts, Detail::All, Load::default())? {
        let latest =
            case.stages.iter().max_by(|a, b| (a.entered_on, &a.created_at).cmp(&(b.entered_on, &b.created_at)));
        if let Some(st) = latest.filter(|s| live.contains(&s.stage)) {
            let title = format!("{}: {} is live on {}", hold.kind.label(), st.stage.label(), case.reference);
            tasks::insert(
                tx,
                ctx,
                &NewTask {
                    party_id: hold.party_id.as_deref(),
                    account_id: Some(&case.account_id),
                    kind: "hold_live_enforcement",
                    title: &title,
                    detail: "Tell the agent to stop and add no fees; for an attachment or deductions already in \
                             place, decide (sources disagree: recovery-rules.md §4)",
                    due_on: ctx.today,
                    assigned_to: None,
                    hold_id: Some(&hold.id),
                    run_id: None,
                },
            )?;
        }
    }
    Ok(())
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReleaseHoldInput {
    pub hold_id: String,
    /// The first day it no longer holds (a moratorium cancelled on D: give D + 1); today if absent.
    #[serde(default)]
    pub released_on: Option<String>,
    pub reason: String,
}

/// Lifts a hold (an officer's decision, or a moratorium cancelled), cancels its open tasks, and audits it.
pub fn release_hold(db: &Db, ctx: &Ctx, input: ReleaseHoldInput) -> Result<HoldRecorded> {
    ctx.require(Permission::WorkCases)?;
    let released_on = match &input.released_on {
        Some(d) => parse_date(d, "releasedOn")?,
        None => ctx.today,
    };
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Error::validation("reason", "say why the hold is lifted"));
    }
    db.write(|tx| {
        let engine = Engine::load(tx, ctx.today)?;
        let hold = store::get(tx, &input.hold_id)?.ok_or_else(|| Error::NotFound(format!("hold {}", input.hold_id)))?;
        if let Some(r) = hold.released_on {
            return Err(Error::Conflict(format!("this hold was already released on {r}")));
        }
        if released_on < hold.starts_on {
            return Err(Error::validation("releasedOn", format!("{released_on} is before the hold started")));
        }
        let note = format!("\n[{}] released from {released_on} by {}: {reason}", ctx.at(), ctx.user_id);
        store::release(tx, ctx, &hold.id, released_on, &note)?;
        let cancelled = tasks::cancel_open_for_hold(tx, ctx, &hold.id)?;
        audit::record(
            tx,
            ctx,
            "release_hold",
            "holds",
            &hold.id,
            hold.party_id.as_deref(),
            hold.account_id.as_deref(),
            serde_json::json!({"released_on": released_on, "tasks_cancelled": cancelled}),
        )?;
        let hold = store::get(tx, &hold.id)?.expect("hold exists");
        recorded(tx, &engine, hold)
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TreatmentEndedInput {
    pub hold_id: String,
    /// The day mental health crisis treatment ended.
    pub treatment_ended_on: String,
    #[serde(default)]
    pub evidence: String,
}

/// Records that mental health crisis treatment ended: the moratorium's last day is computed (30 days after,
/// per the policy's counting) and stored, and a task is raised for the day after it ends.
pub fn record_treatment_ended(db: &Db, ctx: &Ctx, input: TreatmentEndedInput) -> Result<HoldRecorded> {
    ctx.require(Permission::WorkCases)?;
    let ended = parse_date(&input.treatment_ended_on, "treatmentEndedOn")?;
    db.write(|tx| {
        let engine = Engine::load(tx, ctx.today)?;
        let hold = store::get(tx, &input.hold_id)?.ok_or_else(|| Error::NotFound(format!("hold {}", input.hold_id)))?;
        if hold.kind != HoldKind::MentalHealthCrisis {
            return Err(Error::validation("holdId", "only a mental health crisis moratorium ends with treatment"));
        }
        if ended < hold.starts_on {
            return Err(Error::validation("treatmentEndedOn", "is before the moratorium started"));
        }
        let mut facts = hold.facts();
        facts.treatment_ended_on = Some(ended);
        let m = rules::moratorium(&facts, &engine.policy).expect("a moratorium");
        debug_assert_eq!(m.kind, MoratoriumKind::MentalHealthCrisis);
        let end = m.ends_on.expect("treatment ended gives an end");
        let counting = match engine.policy.mental_health_crisis_end {
            MhcEnd::ThirtyDaysAfterTreatmentEnds => "30 days after treatment ended",
            MhcEnd::ThirtyDaysBeginningWithTreatmentEnd => "30 days beginning with the day treatment ended",
        };
        let note = format!(
            "\n[{}] treatment ended {ended} ({}); moratorium ends {end}: {counting}",
            ctx.at(),
            input.evidence.trim()
        );
        store::set_treatment_ended(tx, ctx, &hold.id, ended, end, &note)?;
        let hold = store::get(tx, &hold.id)?.expect("hold exists");
        let resume = end + Days::new(1);
        tasks::insert(
            tx,
            ctx,
            &NewTask {
                party_id: hold.party_id.as_deref(),
                account_id: hold.account_id.as_deref(),
                kind: "breathing_space_resume",
                title: "Mental health crisis moratorium ended: decide on recovery",
                detail: &format!("the moratorium ended {end} ({counting}; SI 2020/1311 Part 3)"),
                due_on: resume,
                assigned_to: None,
                hold_id: Some(&hold.id),
                run_id: None,
            },
        )?;
        audit::record(
            tx,
            ctx,
            "record_treatment_ended",
            "holds",
            &hold.id,
            hold.party_id.as_deref(),
            hold.account_id.as_deref(),
            serde_json::json!({"treatment_ended_on": ended, "ends_on": end}),
        )?;
        recorded(tx, &engine, hold)
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HoldsInput {
    /// One person's holds (released ones too); every hold open today if absent.
    #[serde(default)]
    pub party_id: Option<String>,
}

/// The Holds screen: a person's holds, or every hold not released that has not ended (in force today or still to
/// come), each with whether it is in force today, its computed last day and its review points.
pub fn holds(db: &Db, ctx: &Ctx, input: HoldsInput) -> Result<Vec<HoldStatus>> {
    db.read(|tx| {
        let engine = Engine::load(tx, ctx.today)?;
        let rows = match &input.party_id {
            Some(p) => store::of_party(tx, p)?,
            None => store::open_holds(tx, NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date"), ctx.today)?,
        };
        Ok(rows.into_iter().map(|h| hold_status(h, ctx.today, &engine.policy)).collect())
    })
}
