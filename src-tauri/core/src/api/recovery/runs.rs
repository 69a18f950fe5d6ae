//! Batch runs: **preview** (every candidate in or out, with the reason, the rule and the regulation),
//! **authorise** (another officer when segregation of duties is on), **commit** (stage rows, summons costs where
//! the law allows, letters through `issue_letter_in`, audit: one transaction, so a crash leaves all or
//! nothing), **reverse** (before dispatch) and **dispatch**. Safe to run twice: a commit decides every item
//! again, a liability gets one committed notice of a kind per day (a unique index), and a committed notice moves
//! the timetable on so the next preview does not select it.

use super::{parse_money, Engine, Evaluated};
use crate::access::Permission;
use crate::api::court::SummonsHearing;
use crate::api::letters::{issue_letter_in, LetterInput};
use crate::db::instalments::LiabilityRow;
use crate::db::runs::{
    self as store, AccountCase, CandidateQuery, Detail, ItemFilter, ItemRow, Load, NewItem, NoticesSoFar, PendingItem,
    RunRow,
};
use crate::db::tasks::{self, NewTask};
use crate::db::{accounts, audit, Ctx, Db, Tx};
use crate::error::{Error, Result};
use crate::letters::merge::{DatedAmount, Invoice, LabelledAmount, LetterFacts};
use crate::model::{financial_year_label, DebtType, Jurisdiction, LedgerKind};
use crate::money::Money;
use crate::rules::allocation::InstalmentAllocation;
use crate::rules::council_tax::balance_payable_after_reminder;
use crate::rules::invoices::LETTER_OF_CLAIM_REPLY_DAYS;
use crate::rules::selection::{decide, Candidate, Decision, Exclusion, RunType};
use crate::rules::timeline::Timeline;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// How far a long preview or commit has got, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RecoveryRunProgress {
    /// `preview` or `commit`.
    pub phase: &'static str,
    pub done: usize,
    pub total: usize,
}

/// Accounts loaded and decided per batch: bounds memory and paces the progress reports.
const CHUNK: usize = 2000;

/// A commit reports its progress every this many items.
const PROGRESS_EVERY: usize = 25;

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreviewRunInput {
    /// `reminder`, `second_reminder`, `final_notice` or `summons`.
    pub run_type: String,
    pub debt_type: String,
    /// Only these accounts (references).
    #[serde(default)]
    pub account_references: Option<Vec<String>>,
    /// Select at most this many; the rest that qualify are out as `over_limit`.
    #[serde(default)]
    pub limit: Option<u32>,
    /// Overrides the council's minimum for this run (a decimal string).
    #[serde(default)]
    pub minimum_amount: Option<String>,
}

/// A run as the Runs screen shows it.
#[derive(Clone, Debug, Serialize)]
pub struct RunView {
    #[serde(flatten)]
    pub run: RunRow,
    pub label: &'static str,
    /// How many items per exclusion code (`selected` for those in).
    pub counts: Vec<ExclusionCount>,
    /// The letter template committed items get, if any.
    pub template: Option<&'static str>,
    /// The first items (selected first), for the screen; page with [`run_items`].
    pub items: Vec<ItemRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExclusionCount {
    pub exclusion: String,
    pub count: i64,
}

/// The letter a run's notice is sent with, if the council has a template for it (Welsh accounts get the
/// bilingual one where there is one).
pub fn template_for(run: RunType, debt: DebtType, jurisdiction: Jurisdiction) -> Option<&'static str> {
    let wales = jurisdiction == Jurisdiction::Wales;
    match (debt, run) {
        (DebtType::CouncilTax, RunType::Reminder) => Some(if wales { "ct_reminder_cy" } else { "ct_reminder" }),
        (DebtType::CouncilTax, RunType::SecondReminder) => Some("ct_second_reminder"),
        (DebtType::CouncilTax, RunType::FinalNotice) => {
            Some(if wales { "ct_final_notice_cy" } else { "ct_final_notice" })
        }
        (DebtType::HbOverpayment, RunType::Reminder) => Some("hbop_invoice_reminder"),
        (DebtType::HbOverpayment, RunType::FinalNotice) => Some("hbop_invoice_final"),
        (DebtType::Sundry, RunType::Reminder) => Some("sundry_invoice_reminder"),
        (DebtType::Sundry, RunType::FinalNotice) => Some("sundry_invoice_final"),
        (DebtType::AdultSocialCare, RunType::Reminder) => Some("asc_invoice_reminder"),
        (DebtType::AdultSocialCare, RunType::FinalNotice) => Some("asc_invoice_final"),
        // The summons letter needs the hearing, which the court issue adds; business rates have no template yet.
        _ => None,
    }
}

pub(crate) fn template_exists(conn: &rusqlite::Connection, name: &str) -> Result<bool> {
    Ok(crate::letters::shipped::source(name).is_some() || crate::db::letters::latest_template(conn, name)?.is_some())
}

fn run_types(run: &RunRow) -> Result<RunType> {
    RunType::parse(&run.run_type, "runType")
}

/// The candidate search for a run: for reminders, some instalments must still be to fall due (reg 23(2)(a);
/// the timetable says the rest).
fn query<'a>(run: RunType, debt: DebtType, today: NaiveDate, refs: Option<&'a [String]>) -> CandidateQuery<'a> {
    let statutory = matches!(debt, DebtType::CouncilTax | DebtType::BusinessRates);
    // The timetable proposes a first reminder only where none (and no final notice) was issued, a second only
    // after a first: the rest are not candidates for those runs.
    let notices = match run {
        RunType::Reminder => NoticesSoFar::NoReminder,
        RunType::SecondReminder => NoticesSoFar::OneReminder,
        RunType::FinalNotice | RunType::Summons => NoticesSoFar::Any,
    };
    CandidateQuery {
        debt_type: debt,
        unpaid_due_by: today - Days::new(1),
        last_due_after: (statutory && matches!(run, RunType::Reminder | RunType::SecondReminder)).then_some(today),
        notices,
        account_references: refs,
    }
}

/// One account's candidates decided.
struct Decided<'a> {
    case: &'a AccountCase,
    evaluated: Evaluated,
    decision: Decision,
}

/// What every candidate of one run is decided against.
struct Decider<'e> {
    engine: &'e Engine,
    run: RunType,
    minimum: Money,
    /// Liabilities selected in authorised runs awaiting commit, with the run.
    awaiting: &'e HashMap<String, String>,
    /// The run being committed (its own items are not "in another run").
    own_run: Option<&'e str>,
    /// A summons run for a hearing: the court's checks (T12, T14, the court's jurisdiction) on every case.
    hearing: Option<&'e SummonsHearing>,
}

impl Decider<'_> {
    /// The account's candidate liabilities, evaluated and decided. `addressable`: whether a letter goes with the
    /// notice and, if so, whether a liable party has an address.
    fn decide<'a>(
        &self,
        case: &'a AccountCase,
        liabilities: &HashSet<String>,
        addressable: Option<bool>,
    ) -> Result<Vec<Decided<'a>>> {
        let mut out = Vec::new();
        for e in self.engine.evaluate(case, Some(liabilities))? {
            let Some(timeline) = e.timeline.as_ref() else { continue };
            let in_run = self.awaiting.get(&e.liability_id).map(String::as_str).filter(|r| Some(*r) != self.own_run);
            let mut decision = decide(&Candidate {
                run: self.run,
                today: self.engine.today,
                timeline,
                hold: e.hold.as_ref(),
                arrangement_since: e.arrangement_since,
                minimum: self.minimum,
                letter_addressable: addressable,
                in_run,
            });
            if let Some(h) = self.hearing {
                h.check(self.engine, case, &e, &mut decision)?;
            }
            out.push(Decided { case, evaluated: e, decision });
        }
        Ok(out)
    }
}

/// Previews a run: every candidate liability in or out with the reason, rule and regulation, stored as a
/// prepared run (an earlier unauthorised preview of the same run that day is cancelled). One transaction.
pub fn preview_run(db: &Db, ctx: &Ctx, input: PreviewRunInput) -> Result<RunView> {
    ctx.require(Permission::PrepareRuns)?;
    preview_run_with_progress(db, ctx, input, &mut |_| {})
}

/// [`preview_run`] reporting progress (for a background task and a progress bar).
pub fn preview_run_with_progress(
    db: &Db,
    ctx: &Ctx,
    input: PreviewRunInput,
    progress: &mut dyn FnMut(RecoveryRunProgress),
) -> Result<RunView> {
    ctx.require(Permission::PrepareRuns)?;
    preview_run_for(db, ctx, input, None, progress)
}

/// [`preview_run_with_progress`], for a hearing when `hearing_id` is given (a summons run the court module
/// previews: the hearing is remembered in the run's filters, so the commit finds it again).
pub(crate) fn preview_run_for(
    db: &Db,
    ctx: &Ctx,
    input: PreviewRunInput,
    hearing_id: Option<&str>,
    progress: &mut dyn FnMut(RecoveryRunProgress),
) -> Result<RunView> {
    let run = RunType::parse(&input.run_type, "runType")?;
    let debt = DebtType::parse(&input.debt_type, "debtType")?;
    run.check_debt(debt)?;
    let minimum_override = input.minimum_amount.as_deref().map(|m| parse_money(m, "minimumAmount")).transpose()?;
    if input.limit == Some(0) {
        return Err(Error::validation("limit", "must be at least 1"));
    }
    let mut filters = serde_json::json!({
        "accountReferences": input.account_references, "limit": input.limit,
        "minimumAmount": minimum_override.map(|m| m.to_string()),
    });
    if let Some(h) = hearing_id {
        filters["hearingId"] = serde_json::Value::from(h);
    }
    let filters = filters.to_string();
    let today = ctx.today;
    let run_id = db.write(|tx| {
        let engine = Engine::load(tx, today)?;
        let hearing = hearing_id.map(|h| SummonsHearing::load(tx, &engine, h, debt)).transpose()?;
        let minimum = minimum_override.unwrap_or(engine.settings.minimums.for_run(run));
        for old in store::prepared_runs(tx, run.as_str(), debt, today)? {
            store::set_status(tx, ctx, &old, "cancelled", "replaced by a new preview")?;
            audit::record(
                tx,
                ctx,
                "cancel_run",
                "recovery_runs",
                &old,
                None,
                None,
                serde_json::json!({"replaced": true}),
            )?;
        }
        let candidates = store::candidates(tx, &query(run, debt, today, input.account_references.as_deref()))?;
        let mut by_account: Vec<(String, HashSet<String>)> = Vec::new();
        for (a, l) in candidates {
            match by_account.last_mut() {
                Some((last, set)) if *last == a => {
                    set.insert(l);
                }
                _ => by_account.push((a, std::iter::once(l).collect())),
            }
        }
        let awaiting = store::awaiting_commit(tx, debt)?;
        let decider =
            Decider { engine: &engine, run, minimum, awaiting: &awaiting, own_run: None, hearing: hearing.as_ref() };
        let templates: HashMap<Jurisdiction, bool> = [Jurisdiction::England, Jurisdiction::Wales]
            .into_iter()
            .map(|j| {
                let t = match &hearing {
                    Some(h) => h.template(debt),
                    None => template_for(run, debt, j),
                };
                Ok((j, t.map(|t| template_exists(tx, t)).transpose()?.unwrap_or(false)))
            })
            .collect::<Result<_>>()?;
        let with_parties = templates.values().any(|t| *t);
        let total = by_account.len();
        let mut items: Vec<(String, String, Decision)> = Vec::with_capacity(total);
        let mut selected = 0u32;
        for (n, chunk) in by_account.chunks(CHUNK).enumerate() {
            let ids: Vec<String> = chunk.iter().map(|(a, _)| a.clone()).collect();
            let wanted: HashMap<String, HashSet<String>> = chunk.iter().cloned().collect();
            let cases =
                store::load_cases(tx, &ids, Detail::Only(&wanted), Load { parties: with_parties, rows: false })?;
            for case in &cases {
                let addressable = templates[&case.jurisdiction].then(|| case.liable.iter().any(|p| p.has_address));
                for mut d in decider.decide(case, &wanted[&case.account_id], addressable)? {
                    if d.decision.selected {
                        if input.limit.is_some_and(|l| selected >= l) {
                            d.decision.selected = false;
                            d.decision.exclusion = Some(Exclusion::OverLimit);
                            d.decision.reason =
                                format!("qualifies ({}), but the run's limit was reached", d.decision.reason);
                        } else {
                            selected += 1;
                        }
                    }
                    items.push((d.case.account_id.clone(), d.evaluated.liability_id, d.decision));
                }
            }
            progress(RecoveryRunProgress { phase: "preview", done: ((n + 1) * CHUNK).min(total), total });
        }
        let id = store::insert_run(tx, ctx, run.as_str(), debt, today, &filters)?;
        let rows: Vec<NewItem> = items
            .iter()
            .map(|(a, l, d)| NewItem {
                account_id: a,
                liability_id: l,
                selected: d.selected,
                exclusion: d.exclusion.map(|e| e.as_str()).unwrap_or(""),
                needs_decision: d.needs_decision,
                reason: &d.reason,
                rule: &d.rule,
                regulation: &d.regulation,
                step_on: d.step_on,
                amount: d.amount,
            })
            .collect();
        store::insert_items(tx, ctx, &id, run.as_str(), today, &rows)?;
        let sel: Vec<&Decision> = items.iter().map(|(_, _, d)| d).filter(|d| d.selected).collect();
        let amount: Money = sel.iter().map(|d| d.amount).sum();
        store::set_counts(tx, ctx, &id, sel.len() as i64, (items.len() - sel.len()) as i64, amount)?;
        audit::record(
            tx,
            ctx,
            "preview_run",
            "recovery_runs",
            &id,
            None,
            None,
            serde_json::json!({"run_type": run.as_str(), "debt_type": debt.as_str(), "selected": sel.len(),
                               "excluded": items.len() - sel.len()}),
        )?;
        Ok(id)
    })?;
    run_view(db, &run_id)
}

/// The run with its counts and first 100 items (selected first).
pub fn run_view(db: &Db, run_id: &str) -> Result<RunView> {
    db.read(|tx| {
        let run = store::run(tx, run_id)?.ok_or_else(|| Error::NotFound(format!("run {run_id}")))?;
        let rt = run_types(&run)?;
        let counts = store::item_counts(tx, run_id)?
            .into_iter()
            .map(|(e, count)| ExclusionCount { exclusion: if e.is_empty() { "selected".into() } else { e }, count })
            .collect();
        let mut items =
            store::items(tx, run_id, &ItemFilter { selected: Some(true), limit: Some(100), ..Default::default() })?;
        if items.len() < 100 {
            items.extend(store::items(
                tx,
                run_id,
                &ItemFilter { selected: Some(false), limit: Some(100 - items.len() as u32), ..Default::default() },
            )?);
        }
        Ok(RunView {
            label: rt.label(run.debt_type),
            template: template_for(rt, run.debt_type, Jurisdiction::England),
            counts,
            items,
            run,
        })
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RunItemsInput {
    pub run_id: String,
    /// `true` only those in, `false` only those out.
    #[serde(default)]
    pub selected: Option<bool>,
    /// Only this exclusion code (`hold`, `arrangement`, `limitation`, ...).
    #[serde(default)]
    pub exclusion: Option<String>,
    /// `previewed`, `committed`, `dropped`, `reversed`.
    #[serde(default)]
    pub status: Option<String>,
    /// Only those left out for a reason an officer must act on (or only the others).
    #[serde(default)]
    pub needs_decision: Option<bool>,
    #[serde(default)]
    pub offset: u32,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A page of a run's items, filtered.
pub fn run_items(db: &Db, input: RunItemsInput) -> Result<Vec<ItemRow>> {
    if let Some(e) = &input.exclusion {
        if Exclusion::parse(e).is_none() {
            return Err(Error::validation("exclusion", format!("'{e}' is not an exclusion code")));
        }
    }
    db.read(|tx| {
        store::run(tx, &input.run_id)?.ok_or_else(|| Error::NotFound(format!("run {}", input.run_id)))?;
        store::items(
            tx,
            &input.run_id,
            &ItemFilter {
                selected: input.selected,
                exclusion: input.exclusion.clone(),
                status: input.status.clone(),
                needs_decision: input.needs_decision,
                offset: input.offset,
                limit: Some(input.limit.unwrap_or(500).min(5000)),
            },
        )
    })
}

/// The preview as CSV (every item, in or out, with its reason and regulation), for the team to check or file.
pub fn export_run_csv(db: &Db, run_id: &str) -> Result<String> {
    let items = db.read(|tx| {
        store::run(tx, run_id)?.ok_or_else(|| Error::NotFound(format!("run {run_id}")))?;
        store::items(tx, run_id, &ItemFilter::default())
    })?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Internal(e.to_string());
    w.write_record([
        "account_reference",
        "name",
        "financial_year",
        "in_run",
        "exclusion",
        "needs_decision",
        "amount",
        "step_on",
        "reason",
        "rule",
        "regulation",
        "status",
    ])
    .map_err(io)?;
    for i in items {
        w.write_record([
            i.account_reference.as_str(),
            i.party_name.as_str(),
            &financial_year_label(i.financial_year),
            if i.selected { "yes" } else { "no" },
            i.exclusion.as_str(),
            if i.needs_decision { "yes" } else { "no" },
            &i.amount.to_string(),
            &i.step_on.map(|d| d.to_string()).unwrap_or_default(),
            i.reason.as_str(),
            i.rule.as_str(),
            i.regulation.as_str(),
            i.status.as_str(),
        ])
        .map_err(io)?;
    }
    String::from_utf8(w.into_inner().map_err(|e| Error::Internal(e.to_string()))?)
        .map_err(|e| Error::Internal(e.to_string()))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecoveryRunInput {
    pub run_id: String,
}

fn load_run(tx: &rusqlite::Connection, id: &str) -> Result<RunRow> {
    store::run(tx, id)?.ok_or_else(|| Error::NotFound(format!("run {id}")))
}

/// Authorises a prepared run: recorded with the user and the time. With segregation of duties on, the officer
/// who prepared it cannot; a known user must be a team leader or an administrator.
pub fn authorise_run(db: &Db, ctx: &Ctx, input: RecoveryRunInput) -> Result<RunView> {
    ctx.require(Permission::AuthoriseRuns)?;
    db.write(|tx| {
        let run = load_run(tx, &input.run_id)?;
        if run.status != "prepared" {
            return Err(Error::Conflict(format!("the run is {}, not awaiting authorisation", run.status)));
        }
        if run.run_on != ctx.today {
            return Err(Error::Conflict(format!(
                "the run was previewed for {}: preview it again today before authorising",
                run.run_on
            )));
        }
        let engine = Engine::load(tx, ctx.today)?;
        if engine.settings.segregation_of_duties && run.prepared_by == ctx.user_id {
            return Err(Error::Refused {
                rule: "Council policy: segregation of duties".into(),
                reason: format!("{} prepared this run; another officer must authorise it", run.prepared_by),
            });
        }
        if let Some(role) = tasks::user_role(tx, &ctx.user_id)? {
            if !matches!(role.as_str(), "team_leader" | "admin") {
                return Err(Error::Refused {
                    rule: "Council policy: who authorises runs".into(),
                    reason: format!("a {role} cannot authorise a run; ask a team leader"),
                });
            }
        }
        store::set_status(tx, ctx, &run.id, "authorised", "")?;
        audit::record(
            tx,
            ctx,
            "authorise_run",
            "recovery_runs",
            &run.id,
            None,
            None,
            serde_json::json!({"prepared_by": run.prepared_by, "selected": run.selected_count}),
        )?;
        Ok(())
    })?;
    run_view(db, &input.run_id)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommitRunInput {
    pub run_id: String,
    /// Issue the letters (where the council has a template for the notice). `false` when the notices are
    /// printed elsewhere.
    #[serde(default = "yes")]
    pub issue_letters: bool,
}

fn yes() -> bool {
    true
}

/// What a commit did.
#[derive(Clone, Debug, Serialize)]
pub struct CommitOutcome {
    #[serde(flatten)]
    pub run: RunView,
    pub committed: usize,
    /// Selected at preview but no longer due at commit (paid, a hold since, another run), with why.
    pub dropped: usize,
    pub letters: usize,
    pub costs: Money,
    pub tasks_raised: usize,
}

/// Commits an authorised run in one transaction: decides every selected item again on today's facts (dropping
/// any no longer due, with why), then per item the stage row, the summons costs where the law allows, the
/// letters to each liable party with an address, and an audit row; tasks for excluded cases that need a
/// decision. A crash or kill part-way leaves nothing written.
pub fn commit_run(db: &Db, ctx: &Ctx, input: CommitRunInput) -> Result<CommitOutcome> {
    ctx.require(Permission::CommitRuns)?;
    commit_run_with_progress(db, ctx, input, &mut |_| {})
}

/// [`commit_run`] reporting progress.
pub fn commit_run_with_progress(
    db: &Db,
    ctx: &Ctx,
    input: CommitRunInput,
    progress: &mut dyn FnMut(RecoveryRunProgress),
) -> Result<CommitOutcome> {
    ctx.require(Permission::CommitRuns)?;
    let (committed, dropped, letters, costs, tasks_raised) = db.write(|tx| {
        let run = load_run(tx, &input.run_id)?;
        match run.status.as_str() {
            "authorised" => {}
            "prepared" => return Err(Error::Conflict("the run must be authorised before it is committed".into())),
            "committed" | "dispatched" => {
                return Err(Error::Conflict(format!(
                    "the run was already committed at {} by {}",
                    run.committed_at.clone().unwrap_or_default(),
                    run.committed_by.clone().unwrap_or_default()
                )))
            }
            other => return Err(Error::Conflict(format!("the run is {other}"))),
        }
        if run.run_on != ctx.today {
            return Err(Error::Conflict(format!("the run was previewed for {}: preview it again", run.run_on)));
        }
        let rt = run_types(&run)?;
        let engine = Engine::load(tx, ctx.today)?;
        let minimum = match serde_json::from_str::<serde_json::Value>(&run.filters)
            .ok()
            .and_then(|f| f.get("minimumAmount").and_then(|m| m.as_str().map(String::from)))
        {
            Some(m) => parse_money(&m, "minimumAmount")?,
            None => engine.settings.minimums.for_run(rt),
        };
        let hearing = match serde_json::from_str::<serde_json::Value>(&run.filters)
            .ok()
            .and_then(|f| f.get("hearingId").and_then(|h| h.as_str().map(String::from)))
        {
            Some(h) => Some(SummonsHearing::load(tx, &engine, &h, run.debt_type)?),
            None => None,
        };
        let awaiting = store::awaiting_commit(tx, run.debt_type)?;
        let decider = Decider {
            engine: &engine,
            run: rt,
            minimum,
            awaiting: &awaiting,
            own_run: Some(&run.id),
            hearing: hearing.as_ref(),
        };
        let items = store::pending_items(tx, &run.id)?;
        let mut accounts_in_order: Vec<String> = Vec::new();
        let mut by_account: HashMap<String, Vec<&PendingItem>> = HashMap::new();
        for i in &items {
            if !by_account.contains_key(&i.account_id) {
                accounts_in_order.push(i.account_id.clone());
            }
            by_account.entry(i.account_id.clone()).or_default().push(i);
        }
        let total = items.len();
        let (mut committed, mut dropped, mut letters, mut costs) = (0usize, 0usize, 0usize, Money::ZERO);
        let mut done = 0usize;
        let mut next_report = PROGRESS_EVERY;
        let template_of = |j: Jurisdiction| match &hearing {
            Some(h) => h.template(run.debt_type),
            None => template_for(rt, run.debt_type, j),
        };
        let letters_possible = input.issue_letters
            && [Jurisdiction::England, Jurisdiction::Wales]
                .into_iter()
                .filter_map(template_of)
                .any(|t| template_exists(tx, t).unwrap_or(false));
        for chunk in accounts_in_order.chunks(CHUNK / 4) {
            let wanted: HashMap<String, HashSet<String>> = chunk
                .iter()
                .map(|a| (a.clone(), by_account[a].iter().map(|i| i.liability_id.clone()).collect()))
                .collect();
            let cases = store::load_cases(
                tx,
                chunk,
                Detail::Only(&wanted),
                Load { parties: letters_possible, rows: letters_possible },
            )?;
            for case in &cases {
                let its = &by_account[&case.account_id];
                let template = if input.issue_letters {
                    template_of(case.jurisdiction).filter(|t| template_exists(tx, t).unwrap_or(false))
                } else {
                    None
                };
                let addressable = template.map(|_| case.liable.iter().any(|p| p.has_address));
                let decided = decider.decide(case, &wanted[&case.account_id], addressable)?;
                for item in its {
                    done += 1;
                    let Some(d) = decided.iter().find(|d| d.evaluated.liability_id == item.liability_id) else {
                        store::drop_item(tx, ctx, &item.id, "no longer has a timetable (its schedule was removed)")?;
                        dropped += 1;
                        continue;
                    };
                    if !d.decision.selected {
                        store::drop_item(
                            tx,
                            ctx,
                            &item.id,
                            &format!("no longer due at commit: {}", d.decision.reason),
                        )?;
                        dropped += 1;
                        continue;
                    }
                    let out = commit_item(tx, ctx, &engine, &run, rt, case, d, item, template, hearing.as_ref())?;
                    committed += 1;
                    letters += out.0;
                    costs += out.1;
                }
                if done >= next_report {
                    progress(RecoveryRunProgress { phase: "commit", done, total });
                    next_report = done + PROGRESS_EVERY;
                }
            }
            // An account deleted since the preview: its items are dropped, not left waiting.
            for a in chunk.iter().filter(|a| !cases.iter().any(|c| &c.account_id == *a)) {
                for item in &by_account[a] {
                    store::drop_item(tx, ctx, &item.id, "the account no longer exists")?;
                    dropped += 1;
                    done += 1;
                }
            }
        }
        progress(RecoveryRunProgress { phase: "commit", done: total, total });
        // Cases left out that need an officer's decision go to the worklist.
        let mut tasks_raised = 0;
        for i in store::items(
            tx,
            &run.id,
            &ItemFilter { selected: Some(false), needs_decision: Some(true), ..Default::default() },
        )? {
            if !i.needs_decision {
                continue;
            }
            let title = format!(
                "{} {}: left out of the {} run",
                i.account_reference,
                financial_year_label(i.financial_year),
                rt.label(run.debt_type).to_lowercase()
            );
            tasks::insert(
                tx,
                ctx,
                &NewTask {
                    party_id: None,
                    account_id: Some(&i.account_id),
                    kind: &format!("run_excluded_{}", i.exclusion),
                    title: &title,
                    detail: &format!("{} ({})", i.reason, i.regulation),
                    due_on: ctx.today,
                    assigned_to: None,
                    hold_id: None,
                    run_id: Some(&run.id),
                },
            )?;
            tasks_raised += 1;
        }
        store::set_status(tx, ctx, &run.id, "committed", "")?;
        store::set_committed_count(tx, ctx, &run.id, committed as i64)?;
        audit::record(
            tx,
            ctx,
            "commit_run",
            "recovery_runs",
            &run.id,
            None,
            None,
            serde_json::json!({"committed": committed, "dropped": dropped, "letters": letters,
                               "costs_pence": costs.pence(), "issue_letters": input.issue_letters}),
        )?;
        Ok((committed, dropped, letters, costs, tasks_raised))
    })?;
    Ok(CommitOutcome { run: run_view(db, &input.run_id)?, committed, dropped, letters, costs, tasks_raised })
}

/// One item: the stage, the costs, the letters, the audit row. Returns (letters, costs).
#[allow(clippy::too_many_arguments)]
fn commit_item(
    tx: &Tx,
    ctx: &Ctx,
    engine: &Engine,
    run: &RunRow,
    rt: RunType,
    case: &AccountCase,
    d: &Decided,
    item: &PendingItem,
    template: Option<&str>,
    hearing: Option<&SummonsHearing>,
) -> Result<(usize, Money)> {
    // The one check before any step or cost: a hold covering the debt refuses (decide already left it out;
    // this keeps the guarantee even if the decision changes).
    if let Some(h) = &d.evaluated.hold {
        return Err(Error::Refused { rule: h.regulation.to_string(), reason: h.reason.clone() });
    }
    let l = case
        .liabilities
        .iter()
        .find(|l| l.row.id == item.liability_id)
        .ok_or_else(|| Error::Internal("item's liability not loaded".into()))?;
    let today = ctx.today.to_string();
    let reason = format!("{} ({}): {}", rt.label(case.debt_type), d.decision.regulation, d.decision.reason);
    let stage_id = accounts::insert_stage(tx, ctx, &case.account_id, Some(&l.row.id), rt.stage(), &today, &reason)?;
    let mut cost = Money::ZERO;
    let mut cost_entry = None;
    if rt == RunType::Summons && engine.settings.summons_costs {
        let costs = match hearing {
            Some(h) => Some(h.summons_costs()),
            None => summons_costs(engine, case.debt_type, case.jurisdiction),
        };
        if let Some(amount) = costs.filter(|c| c.pence() > 0) {
            let id = accounts::insert_entry(
                tx,
                ctx,
                &accounts::NewEntry {
                    account_id: &case.account_id,
                    liability_id: Some(&l.row.id),
                    kind: Some(LedgerKind::Cost),
                    amount,
                    posted_on: &today,
                    effective_on: &today,
                    reason: "Summons costs (SI 1992/613 reg 34(7): costs reasonably incurred)",
                    ..Default::default()
                },
            )?;
            cost = amount;
            cost_entry = Some(id);
        }
    }
    let mut documents = Vec::new();
    if let (Some(t), Some(timeline)) = (template, d.evaluated.timeline.as_ref()) {
        let allocation = engine.allocate(case);
        let year = allocation.years.iter().find(|y| y.liability_id == l.row.id).expect("every year allocated");
        let facts = match hearing {
            Some(h) => h.letter_facts(&l.row, timeline, cost),
            None => letter_facts(
                engine,
                rt,
                &l.row,
                l.schedule.as_ref().map(|s| s.bill_date),
                timeline,
                &year.instalments,
                case.jurisdiction,
            ),
        };
        for p in case.liable.iter().filter(|p| p.has_address) {
            let issued = issue_letter_in(
                tx,
                ctx,
                &LetterInput {
                    template_name: t.to_string(),
                    account_id: case.account_id.clone(),
                    party_id: Some(p.party_id.clone()),
                    facts: facts.clone(),
                    duplex: false,
                },
            )?;
            documents.push(issued.document_id);
        }
    }
    audit::record(
        tx,
        ctx,
        "commit_run",
        "recovery_stages",
        &stage_id,
        None,
        Some(&case.account_id),
        serde_json::json!({"run_id": run.id, "item_id": item.id, "run_type": rt.as_str(),
                           "liability_id": l.row.id, "cost_pence": cost.pence(), "letters": documents.len()}),
    )?;
    store::commit_item(tx, ctx, &item.id, &stage_id, cost_entry.as_deref(), &documents)?;
    if let Some(h) = hearing {
        let allocation = engine.allocate(case);
        let oldest_due = allocation
            .years
            .iter()
            .find(|y| y.liability_id == l.row.id)
            .and_then(|y| y.instalments.iter().filter(|i| i.unpaid.pence() > 0).map(|i| i.due_on).min());
        h.record_complaint(
            tx,
            ctx,
            &crate::api::court::SummonsIssued {
                run_id: &run.id,
                item_id: &item.id,
                account_id: &case.account_id,
                liability_id: &l.row.id,
                debt: d.decision.amount,
                costs: cost,
                cost_entry_id: cost_entry.as_deref(),
                stage_id: &stage_id,
                oldest_due_on: oldest_due,
                documents: &documents,
            },
        )?;
    }
    Ok((documents.len(), cost))
}

/// The summons costs the council charges (its costs methodology, a dated rule value), capped in Wales with the
/// liability order costs at the Welsh limit (reg 34(7) proviso): `None` when no value is set for the debt.
fn summons_costs(engine: &Engine, debt: DebtType, j: Jurisdiction) -> Option<Money> {
    let rule = match debt {
        DebtType::CouncilTax => "council_tax.summons_costs",
        DebtType::BusinessRates => "business_rates.summons_costs",
        _ => return None,
    };
    let amount = engine.tables.money(rule, j, engine.today).ok()?;
    let cap = engine.tables.money("council_tax.costs_cap", j, engine.today).ok();
    Some(match (debt, cap) {
        (DebtType::CouncilTax, Some(cap)) if amount > cap => cap,
        _ => amount,
    })
}

fn plus(d: NaiveDate, n: u32) -> NaiveDate {
    d + Days::new(u64::from(n))
}

/// The facts a notice states, from the timetable and the allocation (templates refuse a missing field).
fn letter_facts(
    engine: &Engine,
    rt: RunType,
    l: &LiabilityRow,
    bill_date: Option<NaiveDate>,
    t: &Timeline,
    instalments: &[InstalmentAllocation],
    j: Jurisdiction,
) -> LetterFacts {
    let today = engine.today;
    let mut f = LetterFacts { financial_year: Some(l.financial_year), ..Default::default() };
    match l.debt_type {
        DebtType::CouncilTax | DebtType::BusinessRates => match rt {
            RunType::Reminder | RunType::SecondReminder => {
                // Reg 23(1): the unpaid instalments due so far plus those due in the 7 days from the issue day.
                let window_end = plus(today, 6);
                let unpaid: Vec<DatedAmount> = instalments
                    .iter()
                    .filter(|i| i.due_on < today && i.unpaid.pence() > 0)
                    .map(|i| DatedAmount { due_on: i.due_on, amount: i.unpaid })
                    .collect();
                let soon: Vec<DatedAmount> = instalments
                    .iter()
                    .filter(|i| i.due_on >= today && i.due_on <= window_end && i.unpaid.pence() > 0)
                    .map(|i| DatedAmount { due_on: i.due_on, amount: i.unpaid })
                    .collect();
                f.amount_due = Some(unpaid.iter().chain(&soon).map(|i| i.amount).sum());
                f.unpaid_instalments = Some(unpaid);
                f.instalments_due_soon = Some(soon);
                f.pay_by = Some(window_end);
                f.balance_payable = Some(t.balance);
                f.balance_payable_on = Some(balance_payable_after_reminder(today, &engine.policy));
            }
            RunType::FinalNotice | RunType::Summons => {
                let days_to_pay = if j == Jurisdiction::Wales {
                    engine
                        .tables
                        .in_force("council_tax.final_notice_days_to_pay", j, today)
                        .ok()
                        .and_then(|v| v.value.trim().parse::<u32>().ok())
                        .unwrap_or(7)
                } else {
                    7
                };
                let pay_by = plus(today, days_to_pay - 1);
                f.amounts = Some(vec![LabelledAmount {
                    label: format!("{} {} unpaid", l.debt_type.label(), financial_year_label(l.financial_year)),
                    amount: t.balance,
                }]);
                f.total = Some(t.balance);
                f.amount_due = Some(t.balance);
                f.pay_by = Some(pay_by);
                f.balance_payable_on = Some(plus(pay_by, 1));
                f.court_action_from =
                    Some(plus(pay_by, 1 + engine.policy.summons_extra_days + u32::from(j == Jurisdiction::Wales)));
                f.costs = summons_costs(engine, l.debt_type, j);
            }
        },
        debt => {
            let path = engine.policy.invoice_path(debt).copied().unwrap_or(engine.policy.sundry);
            let due = instalments.iter().map(|i| i.due_on).min().unwrap_or(today);
            let days = match rt {
                RunType::Reminder => path.final_days_after_reminder,
                _ if path.letter_of_claim => LETTER_OF_CLAIM_REPLY_DAYS,
                _ => path.next_step_days_after_final,
            };
            f.invoice = Some(Invoice {
                number: invoice_number(&l.description, &l.account_reference, l.financial_year),
                issued_on: bill_date.unwrap_or(l.period_from),
                description: l.description.clone(),
                amount: instalments.iter().map(|i| i.amount).sum(),
                due_on: due,
            });
            f.amount_due = Some(t.balance);
            f.pay_by = Some(plus(today, days));
            f.period_from = Some(l.period_from);
            f.period_to = Some(l.period_to);
        }
    }
    f
}

/// The invoice number in a liability's description ("… (invoice INV2745716)" or "… (HB9350732)"), else the
/// account reference and year.
fn invoice_number(description: &str, reference: &str, year: i32) -> String {
    description
        .rsplit_once('(')
        .and_then(|(_, tail)| tail.strip_suffix(')'))
        .and_then(|inner| inner.split_whitespace().last())
        .map(str::to_string)
        .unwrap_or_else(|| format!("{reference}/{year}"))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReverseRunInput {
    pub run_id: String,
    pub reason: String,
}

/// Reverses a committed run before its letters are dispatched, in one transaction: each stage it entered is
/// marked reversed and the account's previous stage restored, each cost gets a ledger reversal, its tasks are
/// cancelled, and every step is audited. The letters' stored copies stay (the documents table is insert-only);
/// the run's items name them as never sent.
pub fn reverse_run(db: &Db, ctx: &Ctx, input: ReverseRunInput) -> Result<RunView> {
    ctx.require(Permission::ReverseRuns)?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Error::validation("reason", "say why the run is reversed"));
    }
    db.write(|tx| {
        let run = load_run(tx, &input.run_id)?;
        match run.status.as_str() {
            "committed" => {}
            "dispatched" => {
                return Err(Error::Conflict(format!(
                    "the letters were dispatched at {} by {}: the run can no longer be reversed",
                    run.dispatched_at.clone().unwrap_or_default(),
                    run.dispatched_by.clone().unwrap_or_default()
                )))
            }
            other => return Err(Error::Conflict(format!("the run is {other}, not committed"))),
        }
        let items = store::items(tx, &run.id, &ItemFilter { status: Some("committed".into()), ..Default::default() })?;
        let today = ctx.today.to_string();
        for i in &items {
            let stage_id =
                i.stage_id.as_deref().ok_or_else(|| Error::Internal("committed item without a stage".into()))?;
            let restored = match store::stage_before(tx, &i.account_id, stage_id)? {
                Some((stage, liability)) => Some(accounts::insert_stage(
                    tx,
                    ctx,
                    &i.account_id,
                    liability.as_deref(),
                    stage,
                    &today,
                    &format!("Restored: run reversed before dispatch ({reason})"),
                )?),
                None => None,
            };
            store::insert_stage_reversal(tx, ctx, stage_id, restored.as_deref(), Some(&run.id), &i.account_id, reason)?;
            if let Some(cost) = &i.cost_entry_id {
                let entry = accounts::entry(tx, cost)?.ok_or_else(|| Error::Internal("cost entry missing".into()))?;
                accounts::insert_entry(
                    tx,
                    ctx,
                    &accounts::NewEntry {
                        account_id: &entry.account_id,
                        liability_id: entry.liability_id.as_deref(),
                        kind: Some(LedgerKind::Reversal),
                        amount: -entry.amount,
                        posted_on: &today,
                        effective_on: &today,
                        reason: &format!("Run reversed before dispatch: {reason}"),
                        reverses_entry_id: Some(&entry.id),
                        ..Default::default()
                    },
                )?;
            }
            store::reverse_item(tx, ctx, &i.id)?;
            audit::record(
                tx,
                ctx,
                "reverse_run",
                "recovery_stages",
                stage_id,
                None,
                Some(&i.account_id),
                serde_json::json!({"run_id": run.id, "item_id": i.id, "documents_not_sent": i.document_ids}),
            )?;
        }
        tasks::cancel_open_for_run(tx, ctx, &run.id)?;
        store::set_status(tx, ctx, &run.id, "reversed", reason)?;
        audit::record(
            tx,
            ctx,
            "reverse_run",
            "recovery_runs",
            &run.id,
            None,
            None,
            serde_json::json!({"items": items.len()}),
        )?;
        Ok(())
    })?;
    run_view(db, &input.run_id)
}

/// Marks a committed run's letters as dispatched (printed and posted): from then on it cannot be reversed.
pub fn mark_run_dispatched(db: &Db, ctx: &Ctx, input: RecoveryRunInput) -> Result<RunView> {
    ctx.require(Permission::CommitRuns)?;
    db.write(|tx| {
        let run = load_run(tx, &input.run_id)?;
        if run.status != "committed" {
            return Err(Error::Conflict(format!("the run is {}, not committed", run.status)));
        }
        store::set_status(tx, ctx, &run.id, "dispatched", "")?;
        audit::record(tx, ctx, "mark_run_dispatched", "recovery_runs", &run.id, None, None, serde_json::json!({}))
    })?;
    run_view(db, &input.run_id)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelRunInput {
    pub run_id: String,
    pub reason: String,
}

/// Cancels a run that was previewed or authorised but not committed.
pub fn cancel_run(db: &Db, ctx: &Ctx, input: CancelRunInput) -> Result<RunView> {
    ctx.require(Permission::CommitRuns)?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Error::validation("reason", "say why the run is cancelled"));
    }
    db.write(|tx| {
        let run = load_run(tx, &input.run_id)?;
        if !matches!(run.status.as_str(), "prepared" | "authorised") {
            return Err(Error::Conflict(format!(
                "the run is {}: only an uncommitted run can be cancelled",
                run.status
            )));
        }
        store::set_status(tx, ctx, &run.id, "cancelled", reason)?;
        audit::record(tx, ctx, "cancel_run", "recovery_runs", &run.id, None, None, serde_json::json!({}))
    })?;
    run_view(db, &input.run_id)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RunsInput {
    /// Runs made on or after this day; the last 90 days if absent.
    #[serde(default)]
    pub since: Option<String>,
}

/// The Runs screen's list, newest first.
pub fn runs(db: &Db, ctx: &Ctx, input: RunsInput) -> Result<Vec<RunRow>> {
    let since = match &input.since {
        Some(d) => super::parse_date(d, "since")?,
        None => ctx.today - Days::new(90),
    };
    db.read(|tx| store::runs_since(tx, since))
}
