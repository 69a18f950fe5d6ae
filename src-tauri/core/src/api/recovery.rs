//! The recovery engine (issue 5): bills and their statutory instalments stored per liability, payment
//! allocation, the timetable of every liability, holds that hold, batch runs (preview, authorise, commit,
//! reverse, dispatch) and the worklist. Each submodule is one area; this file holds what they share: the
//! council's settings, and [`Engine`], which turns an account's stored facts into allocations, timetables and
//! hold refusals with the pure rules (nothing here re-implements a rule).

pub mod holds;
pub mod instalments;
pub mod run_timetable;
pub mod runs;
pub mod timetable;
pub mod worklist;

pub use holds::*;
pub use instalments::*;
pub use run_timetable::*;
pub use runs::*;
pub use timetable::*;
pub use worklist::*;

use crate::access::Permission;
use crate::db::runs::{AccountCase, LiabilityCase};
use crate::db::{audit, rule_values, settings, Ctx, Db};
use crate::error::{Error, Result};
use crate::model::{DebtType, Stage};
use crate::money::Money;
use crate::rules::allocation::{allocate, Allocation, BetweenYears};
use crate::rules::business_rates::business_rates_timeline;
use crate::rules::council_tax::council_tax_timeline;
use crate::rules::holds::{first_refusal, DebtFacts, HoldFacts, HoldRefusal};
use crate::rules::invoices::{invoice_timeline, DeferredPayment, InvoiceFacts};
use crate::rules::policy::RecoveryPolicy;
use crate::rules::selection::RunType;
use crate::rules::tables::RuleTables;
use crate::rules::timeline::{LiabilityFacts, Notice, NoticeKind, Payment, Timeline};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// The settings key of the council's [`RecoveryPolicy`] (every reading of an unclear provision).
pub const RECOVERY_POLICY: &str = "recovery_policy";
/// The settings key of [`RecoverySettings`].
pub const RECOVERY_SETTINGS: &str = "recovery_settings";

/// The council's choices about how the engine works day to day (the law's uncertain readings are in
/// [`RecoveryPolicy`]). Every field has a lawful default; a missing field takes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct RecoverySettings {
    /// Where a credit that no year claims goes (the allocation rule between years).
    pub between_years: BetweenYears,
    /// Segregation of duties: the officer who prepared a run may not authorise it. DECISION: on by default
    /// (product.md §3.12).
    pub segregation_of_duties: bool,
    /// The council's instalment day of the month for statutory schedules (Sch 1 para 2(4)). POLICY: the 1st.
    pub instalment_day: u32,
    /// The least a case must owe to be selected, per run (arrears for reminders, the balance otherwise).
    pub minimums: RunMinimums,
    /// Summons selection adds the summons costs (council_tax.summons_costs, capped in Wales) to the ledger.
    pub summons_costs: bool,
    /// Days after a dispute, complaint, appeal or vulnerability hold starts that its review falls due when the
    /// officer gives no date. POLICY: 28.
    pub hold_review_days: u32,
    /// The days of the week the team makes each run (the Runs screen's timetable).
    pub run_days: Vec<RunDays>,
}

impl Default for RecoverySettings {
    fn default() -> Self {
        RecoverySettings {
            between_years: BetweenYears::default(),
            segregation_of_duties: true,
            instalment_day: 1,
            minimums: RunMinimums::default(),
            summons_costs: true,
            hold_review_days: 28,
            run_days: default_run_days(),
        }
    }
}

/// POLICY: illustrative minimums; set your own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct RunMinimums {
    pub reminder: Money,
    pub second_reminder: Money,
    pub final_notice: Money,
    pub summons: Money,
}

impl Default for RunMinimums {
    fn default() -> Self {
        RunMinimums {
            reminder: Money::from_pence(500),
            second_reminder: Money::from_pence(500),
            final_notice: Money::from_pence(1000),
            summons: Money::from_pence(5000),
        }
    }
}

impl RunMinimums {
    pub fn for_run(&self, run: RunType) -> Money {
        match run {
            RunType::Reminder => self.reminder,
            RunType::SecondReminder => self.second_reminder,
            RunType::FinalNotice => self.final_notice,
            RunType::Summons => self.summons,
        }
    }
}

pub fn recovery_settings(db: &Db) -> Result<RecoverySettings> {
    db.read(|tx| Ok(settings::get(tx, RECOVERY_SETTINGS)?.unwrap_or_default()))
}

pub fn save_recovery_settings(db: &Db, ctx: &Ctx, input: RecoverySettings) -> Result<RecoverySettings> {
    ctx.require(Permission::EditTemplatesAndRules)?;
    if !(1..=28).contains(&input.instalment_day) {
        return Err(Error::validation("instalmentDay", "choose a day from 1 to 28, which every month has"));
    }
    for (field, m) in [
        ("minimums.reminder", input.minimums.reminder),
        ("minimums.secondReminder", input.minimums.second_reminder),
        ("minimums.finalNotice", input.minimums.final_notice),
        ("minimums.summons", input.minimums.summons),
    ] {
        if m.is_negative() {
            return Err(Error::validation(field, "cannot be negative"));
        }
    }
    check_run_days(&input.run_days)?;
    db.write(|tx| {
        settings::put(tx, ctx, RECOVERY_SETTINGS, &input)?;
        audit::record(
            tx,
            ctx,
            "save_recovery_settings",
            "settings",
            RECOVERY_SETTINGS,
            None,
            None,
            serde_json::json!({}),
        )
    })?;
    Ok(input)
}

pub fn recovery_policy(db: &Db) -> Result<RecoveryPolicy> {
    db.read(|tx| Ok(settings::get(tx, RECOVERY_POLICY)?.unwrap_or_default()))
}

/// Saves the council's readings of the uncertain provisions (each is a named setting with both readings).
pub fn save_recovery_policy(db: &Db, ctx: &Ctx, input: RecoveryPolicy) -> Result<RecoveryPolicy> {
    ctx.require(Permission::EditTemplatesAndRules)?;
    db.write(|tx| {
        settings::put(tx, ctx, RECOVERY_POLICY, &input)?;
        audit::record(tx, ctx, "save_recovery_policy", "settings", RECOVERY_POLICY, None, None, serde_json::json!({}))
    })?;
    Ok(input)
}

/// Rule tables, policy and settings as the engine applies them on `today`.
pub struct Engine {
    pub today: NaiveDate,
    pub tables: RuleTables,
    pub policy: RecoveryPolicy,
    pub settings: RecoverySettings,
}

/// One liability's facts and what the rules make of them today.
#[derive(Clone, Debug)]
pub struct Evaluated {
    pub liability_id: String,
    pub notices: Vec<Notice>,
    pub payments: Vec<Payment>,
    /// `None` when no schedule is stored (nothing to compute from).
    pub timeline: Option<Timeline>,
    pub hold: Option<HoldRefusal>,
    /// The day the year (or the whole account) entered an arrangement, if it stands there.
    pub arrangement_since: Option<NaiveDate>,
}

impl Engine {
    pub fn load(conn: &Connection, today: NaiveDate) -> Result<Engine> {
        Ok(Engine {
            today,
            tables: rule_values::load(conn)?,
            policy: settings::get(conn, RECOVERY_POLICY)?.unwrap_or_default(),
            settings: settings::get(conn, RECOVERY_SETTINGS)?.unwrap_or_default(),
        })
    }

    /// The account's credits allocated to its years and instalments ([`crate::rules::allocation`]).
    pub fn allocate(&self, case: &AccountCase) -> Allocation {
        let years: Vec<_> = case
            .liabilities
            .iter()
            .map(|l| crate::rules::allocation::YearLedger {
                liability_id: l.row.id.clone(),
                financial_year: l.row.financial_year,
                instalments: l.schedule.as_ref().map(|s| s.instalments.clone()).unwrap_or_default(),
                charged: l.sums.charged,
                costs: l.sums.costs,
                credits: l.credits.clone(),
            })
            .collect();
        allocate(&years, &case.unallocated_credits, self.today, self.settings.between_years)
    }

    /// Evaluates every liability of `case` (or only `only`).
    pub fn evaluate(
        &self,
        case: &AccountCase,
        only: Option<&std::collections::HashSet<String>>,
    ) -> Result<Vec<Evaluated>> {
        let allocation = self.allocate(case);
        let holds: Vec<HoldFacts> = case.holds.iter().map(|h| h.facts()).collect();
        let mut out = Vec::new();
        for (l, year) in case.liabilities.iter().zip(&allocation.years) {
            if only.is_some_and(|o| !o.contains(&l.row.id)) {
                continue;
            }
            out.push(self.evaluate_liability(case, l, &year.payments, &holds)?);
        }
        Ok(out)
    }

    fn evaluate_liability(
        &self,
        case: &AccountCase,
        l: &LiabilityCase,
        payments: &[Payment],
        holds: &[HoldFacts],
    ) -> Result<Evaluated> {
        let notices = notices_of(case, &l.row.id, l.row.debt_type);
        let timeline = match &l.schedule {
            None => None,
            Some(s) if s.instalments.is_empty() => None,
            Some(s) => Some(match l.row.debt_type {
                DebtType::CouncilTax => council_tax_timeline(
                    &LiabilityFacts {
                        jurisdiction: l.row.jurisdiction,
                        instalments: &s.instalments,
                        payments,
                        notices: &notices,
                    },
                    self.today,
                    &self.tables,
                    &self.policy,
                )?,
                DebtType::BusinessRates => business_rates_timeline(
                    &LiabilityFacts {
                        jurisdiction: l.row.jurisdiction,
                        instalments: &s.instalments,
                        payments,
                        notices: &notices,
                    },
                    self.today,
                    &self.tables,
                    &self.policy,
                )?,
                debt => invoice_timeline(
                    &InvoiceFacts {
                        debt,
                        jurisdiction: l.row.jurisdiction,
                        invoice_date: s.bill_date,
                        due_on: s.instalments.iter().map(|i| i.due_on).min(),
                        amount: s.instalments.iter().map(|i| i.amount).sum(),
                        payments,
                        notices: &notices,
                        // DECISION: no deferred payment agreement facts are stored yet; the officer checks s69(2)
                        // before a claim (the timetable names it).
                        deferred_payment: DeferredPayment::NotApplicable,
                    },
                    self.today,
                    &self.tables,
                    &self.policy,
                )?,
            }),
        };
        let instalments = l.schedule.as_ref().map(|s| s.instalments.as_slice()).unwrap_or(&[]);
        let unpaid = timeline.as_ref().map(|t| t.balance).unwrap_or_else(|| l.sums.balance());
        let hold = first_refusal(
            holds,
            &DebtFacts {
                debt: l.row.debt_type,
                arose_on: match l.row.debt_type {
                    DebtType::CouncilTax | DebtType::BusinessRates => l.row.period_from,
                    _ => l.schedule.as_ref().map(|s| s.bill_date).unwrap_or(l.row.period_from),
                },
                instalments,
                payments,
                notices: &notices,
                unpaid,
                fraud: false,
            },
            self.today,
            &self.policy,
        );
        Ok(Evaluated {
            liability_id: l.row.id.clone(),
            notices,
            payments: payments.to_vec(),
            timeline,
            hold,
            arrangement_since: arrangement_since(case, &l.row.id),
        })
    }
}

/// The notices a liability has had, read from its stage history (reversed stages excluded when loaded). A
/// stage beyond the summons counts as a summons (council tax, business rates) or a referral (invoice debts):
/// the timetable is then over whatever the history lacks.
pub fn notices_of(case: &AccountCase, liability_id: &str, debt: DebtType) -> Vec<Notice> {
    let invoice = !matches!(debt, DebtType::CouncilTax | DebtType::BusinessRates);
    case.stages
        .iter()
        .filter(|s| s.liability_id.as_deref() == Some(liability_id))
        .filter_map(|s| {
            let kind = match s.stage {
                Stage::Reminder | Stage::SecondReminder => NoticeKind::Reminder,
                Stage::FinalNotice => NoticeKind::FinalNotice,
                Stage::CountyCourt => NoticeKind::Referral,
                Stage::Summons
                | Stage::LiabilityOrder
                | Stage::AttachmentOfEarnings
                | Stage::DeductionFromBenefit
                | Stage::EnforcementAgent
                | Stage::ChargingOrder
                | Stage::Insolvency
                | Stage::Committal => {
                    if invoice {
                        NoticeKind::Referral
                    } else {
                        NoticeKind::Summons
                    }
                }
                Stage::Billed | Stage::Arrangement | Stage::ArrangementEnded | Stage::WrittenOff | Stage::Cleared => {
                    return None
                }
            };
            Some(Notice::new(kind, s.entered_on))
        })
        .collect()
}

/// Where the liability stands on an arrangement: its latest stage (or the account's, for a stage with no year)
/// is `arrangement`.
pub fn arrangement_since(case: &AccountCase, liability_id: &str) -> Option<NaiveDate> {
    case.stages
        .iter()
        .filter(|s| s.liability_id.is_none() || s.liability_id.as_deref() == Some(liability_id))
        .max_by(|a, b| (a.entered_on, &a.created_at, &a.id).cmp(&(b.entered_on, &b.created_at, &b.id)))
        .filter(|s| s.stage == Stage::Arrangement)
        .map(|s| s.entered_on)
}

/// The check the engine makes before any recovery step or cost: refused, naming the hold and until when, if a
/// hold covers the debt (one liability, or any of the account's when `liability_id` is `None`).
pub fn refuse_if_held(conn: &Connection, engine: &Engine, account_id: &str, liability_id: Option<&str>) -> Result<()> {
    let case = crate::db::runs::load_cases(
        conn,
        &[account_id.to_string()],
        crate::db::runs::Detail::All,
        crate::db::runs::Load::default(),
    )?
    .into_iter()
    .next()
    .ok_or_else(|| Error::NotFound(format!("account {account_id}")))?;
    let only = liability_id.map(|l| std::iter::once(l.to_string()).collect());
    for e in engine.evaluate(&case, only.as_ref())? {
        if let Some(h) = e.hold {
            return Err(Error::Refused { rule: h.regulation.to_string(), reason: h.reason });
        }
    }
    Ok(())
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckRecoveryInput {
    pub account_id: String,
    /// One year's liability; every year of the account if absent.
    #[serde(default)]
    pub liability_id: Option<String>,
}

/// Whether a recovery step or cost may be taken today on an account (or one liability): `Ok` or a
/// `rule_refused` error naming the hold, its rule and until when.
pub fn check_recovery_allowed(db: &Db, ctx: &Ctx, input: CheckRecoveryInput) -> Result<()> {
    db.read(|tx| {
        let engine = Engine::load(tx, ctx.today)?;
        refuse_if_held(tx, &engine, &input.account_id, input.liability_id.as_deref())
    })
}

pub(crate) fn parse_date(text: &str, field: &str) -> Result<NaiveDate> {
    crate::api::person::parse_date(text, field)
}

pub(crate) fn parse_money(text: &str, field: &str) -> Result<Money> {
    Money::parse(text.trim()).map_err(|e| Error::validation(field, e.to_string()))
}
