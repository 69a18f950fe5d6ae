//! Holds that hold: whether a hold is in force on a day, which debt it covers, and the refusal the engine gives
//! before any recovery step or cost on a covered debt (recovery-rules.md §3.3, §4, §5; T43, T44). Statutory
//! holds end by themselves where the law fixes the end (a standard Breathing Space, a mental health crisis
//! moratorium once treatment ends, a DRO's year, bankruptcy discharge); the rest last until an officer
//! releases them. Nothing here reads the clock or the database.

use crate::model::{DebtType, HoldKind};
use crate::money::Money;
use crate::rules::breathing_space::{self, MoratoriumKind, MoratoriumNotice};
use crate::rules::insolvency::{Insolvency, InsolvencyKind};
use crate::rules::instalments::Instalment;
use crate::rules::policy::RecoveryPolicy;
use crate::rules::timeline::{Action, Notice, Payment, Step};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// A hold as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoldFacts {
    pub id: String,
    pub kind: HoldKind,
    /// On a person (every account they are liable on) rather than one account.
    pub on_party: bool,
    /// The first day it holds: for a moratorium the day after entry on the register; for insolvency the day of
    /// the order or approval; for a death the day of death.
    pub starts_on: NaiveDate,
    /// The last day it holds where that is known (a moratorium's end; a DRO's year).
    pub ends_on: Option<NaiveDate>,
    /// Lifted by an officer (or a moratorium cancelled): not in force from this day.
    pub released_on: Option<NaiveDate>,
    /// Breathing Space: the day the debtor was entered on the register.
    pub registered_on: Option<NaiveDate>,
    /// Mental health crisis: the day crisis treatment ended, once the council is told.
    pub treatment_ended_on: Option<NaiveDate>,
}

/// The debt a recovery step or cost is about.
#[derive(Clone, Copy, Debug)]
pub struct DebtFacts<'a> {
    pub debt: DebtType,
    /// When the debt arose: the start of a council tax or business rates liability's period, an invoice's date.
    pub arose_on: NaiveDate,
    pub instalments: &'a [Instalment],
    pub payments: &'a [Payment],
    pub notices: &'a [Notice],
    /// What is unpaid today (invoice debts: all of it is the debt).
    pub unpaid: Money,
    /// A Housing Benefit overpayment caused by fraud (recovery-rules.md §4 ⚠).
    pub fraud: bool,
}

/// Why the engine refuses: which hold, until when, under which rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HoldRefusal {
    pub hold_id: String,
    pub kind: HoldKind,
    pub rule: &'static str,
    pub regulation: &'static str,
    pub reason: String,
    /// The hold's last day, when known.
    pub until: Option<NaiveDate>,
    /// How much of the debt it covers, when it covers only part (council tax and business rates, T44).
    pub covered: Option<Money>,
}

fn is_moratorium(kind: HoldKind) -> Option<MoratoriumKind> {
    match kind {
        HoldKind::BreathingSpace => Some(MoratoriumKind::Standard),
        HoldKind::MentalHealthCrisis => Some(MoratoriumKind::MentalHealthCrisis),
        _ => None,
    }
}

fn insolvency_kind(kind: HoldKind) -> Option<InsolvencyKind> {
    match kind {
        HoldKind::Bankruptcy => Some(InsolvencyKind::Bankruptcy),
        HoldKind::Dro => Some(InsolvencyKind::DebtReliefOrder),
        HoldKind::Iva => Some(InsolvencyKind::Iva),
        _ => None,
    }
}

/// The moratorium's dates (SI 2020/1311) from the stored hold.
pub fn moratorium(h: &HoldFacts, policy: &RecoveryPolicy) -> Option<breathing_space::Moratorium> {
    let kind = is_moratorium(h.kind)?;
    let notice = MoratoriumNotice {
        kind,
        entered_on: h.registered_on.unwrap_or_else(|| h.starts_on - Days::new(1)),
        ends_on: if kind == MoratoriumKind::Standard { h.ends_on } else { None },
        treatment_ended_on: h.treatment_ended_on,
        cancelled_on: h.released_on.map(|r| r - Days::new(1)),
    };
    Some(breathing_space::moratorium(&notice, policy))
}

/// The last day a hold is in force, when the dates fix it: a moratorium's end (from its notice, computed, or
/// cancelled), a DRO's or bankruptcy's year, the day before an officer released it. `None`: until released.
pub fn last_day(h: &HoldFacts, policy: &RecoveryPolicy) -> Option<NaiveDate> {
    let released = h.released_on.map(|r| r - Days::new(1));
    let law = if let Some(m) = moratorium(h, policy) {
        m.ends_on
    } else if let Some(kind) = insolvency_kind(h.kind) {
        Insolvency { kind, date: h.starts_on }.hold_ends_on().or(h.ends_on)
    } else {
        h.ends_on
    };
    match (law, released) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether the hold is in force on `on`: started, not past its last day, not released.
pub fn in_force(h: &HoldFacts, on: NaiveDate, policy: &RecoveryPolicy) -> bool {
    on >= h.starts_on && last_day(h, policy).is_none_or(|end| on <= end)
}

fn until_text(until: Option<NaiveDate>) -> String {
    match until {
        Some(u) => format!("until {u}"),
        None => "with no end date yet".into(),
    }
}

/// The refusal a hold gives a recovery step or cost on `debt` on `on`, or `None` if it does not cover it then.
///
/// * Breathing Space and mental health crisis moratoria (SI 2020/1311 regs 7, 11): council tax and business
///   rates as far as reg 5(4)(k)/(l) makes them moratorium debt ([`breathing_space::liability_covered`], T44);
///   invoice debts owed before the start (reg 6). Debt arising after the start is ongoing liability.
/// * Bankruptcy, DRO, IVA: debt that arose before the order (a liability whose period starts before it is held
///   whole; DECISION: split it at the date to recover the rest, [`crate::rules::insolvency::split_charge`]);
///   after a DRO's or bankruptcy's year the debt is released and is written off, never recovered.
/// * Death, dispute, appeal, complaint, vulnerability review: every debt it is on, until released.
pub fn refusal(h: &HoldFacts, debt: &DebtFacts, on: NaiveDate, policy: &RecoveryPolicy) -> Option<HoldRefusal> {
    if let Some(kind) = insolvency_kind(h.kind) {
        if h.released_on.is_some_and(|r| r <= on) || on < h.starts_on {
            return None;
        }
        let ins = Insolvency { kind, date: h.starts_on };
        let reason = ins.refuse_if_held(debt.arose_on, on).err()?.to_string();
        let released = ins.hold_ends_on().is_some_and(|e| on > e);
        return Some(HoldRefusal {
            hold_id: h.id.clone(),
            kind: h.kind,
            rule: if released { "insolvency_debt_released" } else { "insolvency_hold" },
            regulation: match kind {
                InsolvencyKind::Bankruptcy => "Insolvency Act 1986 ss285(3), 281",
                InsolvencyKind::DebtReliefOrder => "Insolvency Act 1986 ss251G, 251H, 251I",
                InsolvencyKind::Iva => "Insolvency Act 1986 s260",
            },
            reason: format!("{} {reason}", h.kind.label()),
            until: if released { None } else { ins.hold_ends_on() },
            covered: None,
        });
    }
    if !in_force(h, on, policy) {
        return None;
    }
    let until = last_day(h, policy);
    if let Some(m) = moratorium(h, policy) {
        let (covered, rule, regulation, why) = match debt.debt {
            DebtType::CouncilTax | DebtType::BusinessRates => {
                let c = breathing_space::liability_covered(
                    debt.debt,
                    debt.instalments,
                    debt.payments,
                    debt.notices,
                    m.starts_on,
                    policy,
                )
                .ok()?;
                (c.covered, c.rule, c.regulation, c.reason)
            }
            _ => {
                let c = breathing_space::invoice_covered(
                    debt.debt,
                    debt.arose_on,
                    debt.unpaid,
                    debt.fraud,
                    m.starts_on,
                    policy,
                );
                (c.covered, c.rule, c.regulation, c.reason)
            }
        };
        if covered.pence() <= 0 {
            return None;
        }
        let what = match m.kind {
            MoratoriumKind::Standard => "Breathing Space moratorium",
            MoratoriumKind::MentalHealthCrisis => "Mental health crisis moratorium",
        };
        return Some(HoldRefusal {
            hold_id: h.id.clone(),
            kind: h.kind,
            rule,
            regulation,
            reason: format!(
                "{what} from {} {}: £{covered} of this debt is moratorium debt ({why}); no recovery step, contact \
                 asking for payment, interest, fee or charge (SI 2020/1311 regs 7 and 11)",
                m.starts_on,
                until_text(until)
            ),
            until,
            covered: Some(covered),
        });
    }
    let (rule, regulation, why) = match h.kind {
        HoldKind::Deceased => (
            "deceased",
            "SI 1992/613 reg 58",
            "the liable person has died: recovery stops; the personal representatives are liable up to the estate's \
             value, and only for later sums once served with a notice",
        ),
        HoldKind::Dispute => (
            "dispute",
            "Council recovery policy (disputed liability)",
            "the liability is disputed: recovery waits for the outcome",
        ),
        HoldKind::Appeal => (
            "appeal",
            "LGFA 1992 s16 (appeal to the Valuation Tribunal)",
            "an appeal is pending: recovery waits for the decision",
        ),
        HoldKind::Complaint => {
            ("complaint", "Council complaints policy", "a complaint is open: recovery waits for the answer")
        }
        HoldKind::VulnerabilityReview => (
            "vulnerability_review",
            "Council Tax Protocol and good practice (recovery-rules.md §8.2)",
            "a vulnerability review is open: recovery waits for the officer's decision",
        ),
        _ => unreachable!("moratoria and insolvency are handled above"),
    };
    Some(HoldRefusal {
        hold_id: h.id.clone(),
        kind: h.kind,
        rule,
        regulation,
        reason: format!("{} from {} {}: {why}", h.kind.label(), h.starts_on, until_text(until)),
        until,
        covered: None,
    })
}

/// The first refusal among `holds` for `debt` on `on`, moratoria first (they forbid costs and contact too).
pub fn first_refusal(
    holds: &[HoldFacts],
    debt: &DebtFacts,
    on: NaiveDate,
    policy: &RecoveryPolicy,
) -> Option<HoldRefusal> {
    let mut ordered: Vec<&HoldFacts> = holds.iter().collect();
    ordered.sort_by_key(|h| (is_moratorium(h.kind).is_none(), insolvency_kind(h.kind).is_none(), h.starts_on));
    ordered.into_iter().find_map(|h| refusal(h, debt, on, policy))
}

/// The dated review points of a hold, for the worklist: a moratorium's creditor review deadline, midway review
/// and end; an insolvency's proof of debt and release; an officer's review date. Each is a step citing its rule.
pub fn review_steps(h: &HoldFacts, review_on: Option<NaiveDate>, policy: &RecoveryPolicy) -> Vec<Step> {
    let mut out = Vec::new();
    if let Some(m) = moratorium(h, policy) {
        out.extend(m.steps.into_iter().filter(|s| s.action != Action::HoldStarts));
        if let Some(end) = m.ends_on {
            out.push(Step::new(
                Action::HoldEnds,
                end + Days::new(1),
                "breathing_space_resume",
                "SI 2020/1311 reg 7 (after the moratorium)",
                "the moratorium has ended: decide whether to resume recovery, giving time to agree a plan".into(),
            ));
        }
    } else if let Some(kind) = insolvency_kind(h.kind) {
        let ins = Insolvency { kind, date: h.starts_on };
        out.push(Step::new(
            Action::HoldStarts,
            h.starts_on + Days::new(14),
            "insolvency_claim",
            "Insolvency Act 1986 (proof of debt / claim to the supervisor)",
            format!(
                "{}: stop any agent, attachment or deduction; lodge a proof of debt or claim for the held debt",
                h.kind.label()
            ),
        ));
        out.extend(ins.steps().into_iter().filter(|s| s.action == Action::HoldEnds));
    } else if h.kind == HoldKind::Deceased {
        out.push(Step::new(
            Action::HoldStarts,
            h.starts_on + Days::new(14),
            "deceased_personal_representative",
            "SI 1992/613 reg 58",
            "find the personal representatives; check the Class F exemption; serve any notice on them".into(),
        ));
    }
    if let Some(r) = review_on {
        out.push(Step::new(
            Action::HoldEnds,
            r,
            "hold_review",
            "Council recovery policy",
            format!("review the {} hold", h.kind.label().to_lowercase()),
        ));
    }
    out.sort_by_key(|s| s.on);
    out
}
