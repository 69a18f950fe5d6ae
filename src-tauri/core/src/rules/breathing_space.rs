//! Breathing Space (SI 2020/1311): when a standard or mental health crisis moratorium starts and ends, the
//! creditor's review deadline, the adviser's midway review window, and which council tax, business rates and
//! invoice debt it covers (reg 5(4)(k)/(l), reg 6). recovery-rules.md §4; worked examples T43, T44.

use crate::error::{Error, Result};
use crate::model::DebtType;
use crate::money::Money;
use crate::rules::instalments::Instalment;
use crate::rules::policy::{BreathingSpaceArrears, BreathingSpaceEnd, MentalHealthCrisisEnd, RecoveryPolicy};
use crate::rules::timeline::{last_day_of_period, plus, Action, Ledger, Notice, NoticeKind, Payment, Step};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The two kinds of moratorium.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoratoriumKind {
    /// 60 days; at most one every 12 months (SI 2020/1311 Part 2).
    Standard,
    /// As long as mental health crisis treatment lasts, plus 30 days (SI 2020/1311 Part 3).
    MentalHealthCrisis,
}

/// What the Insolvency Service notice (and later notices) said.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoratoriumNotice {
    pub kind: MoratoriumKind,
    /// The day the debtor was entered on the register.
    pub entered_on: NaiveDate,
    /// The end date the notice gives (standard moratoria); it always wins over a computed one.
    pub ends_on: Option<NaiveDate>,
    /// The day crisis treatment ended, once the council is told (mental health crisis moratoria).
    pub treatment_ended_on: Option<NaiveDate>,
    /// The day the moratorium was cancelled, if it was.
    pub cancelled_on: Option<NaiveDate>,
}

/// Where the end date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndFrom {
    Notice,
    Computed,
    Cancelled,
    /// A mental health crisis moratorium whose treatment has not ended: no end date yet.
    Open,
}

/// A moratorium's dates, each as a step with its regulation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Moratorium {
    pub kind: MoratoriumKind,
    pub starts_on: NaiveDate,
    /// The last day of the moratorium; `None` while open.
    pub ends_on: Option<NaiveDate>,
    pub end_from: EndFrom,
    /// The last day the council may ask the adviser for a review (reg 17: 20 days beginning with the start).
    pub review_request_by: NaiveDate,
    /// The adviser's midway review, days 25–35 (standard only, reg 27).
    pub midway_review: Option<(NaiveDate, NaiveDate)>,
    pub steps: Vec<Step>,
}

impl Moratorium {
    /// Whether the moratorium holds recovery on `on`.
    pub fn in_force_on(&self, on: NaiveDate) -> bool {
        on >= self.starts_on && self.ends_on.is_none_or(|end| on <= end)
    }

    /// Refuses any recovery step or cost on a covered debt while the moratorium is in force: "Breathing Space
    /// moratorium until 2026-07-28" (regs 7 and 11).
    pub fn refuse_if_in_force(&self, on: NaiveDate) -> Result<()> {
        if !self.in_force_on(on) {
            return Ok(());
        }
        let what = match self.kind {
            MoratoriumKind::Standard => "Breathing Space moratorium",
            MoratoriumKind::MentalHealthCrisis => "Mental health crisis moratorium",
        };
        Err(Error::RuleRefused(match self.ends_on {
            Some(end) => format!("{what} until {end} (SI 2020/1311 reg 7)"),
            None => format!("{what} from {} with no end date yet (SI 2020/1311 reg 7)", self.starts_on),
        }))
    }
}

/// The moratorium's dates from its notice. The start is the day after entry on the register (reg 26(1); the
/// same for a mental health crisis moratorium, Part 3); the review request deadline is the 20th day counting the start as day 1 (reg 17(2)); a standard
/// moratorium's midway review is days 25–35 (reg 27) and its end, if the notice gives none, is computed per
/// `policy.breathing_space_end`; an MHC moratorium ends 30 days after treatment ends per
/// `policy.mental_health_crisis_end` (T43).
pub fn moratorium(notice: &MoratoriumNotice, policy: &RecoveryPolicy) -> Moratorium {
    let starts_on = plus(notice.entered_on, 1);
    let review_request_by = last_day_of_period(starts_on, 20);
    let mut steps = vec![
        Step::new(
            Action::HoldStarts,
            starts_on,
            "breathing_space_starts",
            match notice.kind {
                MoratoriumKind::Standard => "SI 2020/1311 reg 26(1)",
                MoratoriumKind::MentalHealthCrisis => "SI 2020/1311 Part 3 (start as reg 26(1))",
            },
            format!("entered on the register {}: the moratorium starts the day after", notice.entered_on),
        ),
        Step::new(
            Action::CreditorReviewDeadline,
            review_request_by,
            "breathing_space_review_request",
            "SI 2020/1311 reg 17",
            "the last day to ask the debt adviser for a review (20 days beginning with the start)".into(),
        ),
    ];
    let midway_review = match notice.kind {
        MoratoriumKind::Standard => {
            let (from, to) = (plus(starts_on, 24), plus(starts_on, 34));
            steps.push(Step::new(
                Action::MidwayReviewOpens,
                from,
                "breathing_space_midway_review",
                "SI 2020/1311 reg 27",
                "the adviser's midway review window opens (day 25)".into(),
            ));
            steps.push(Step::new(
                Action::MidwayReviewCloses,
                to,
                "breathing_space_midway_review",
                "SI 2020/1311 reg 27",
                "the adviser's midway review window closes (day 35)".into(),
            ));
            Some((from, to))
        }
        MoratoriumKind::MentalHealthCrisis => None,
    };
    let (mut ends_on, mut end_from, regulation, mut reason) = match notice.kind {
        MoratoriumKind::Standard => match notice.ends_on {
            Some(end) => (Some(end), EndFrom::Notice, "SI 2020/1311 reg 26", "the end date in the notice".to_string()),
            None => {
                let end = match policy.breathing_space_end {
                    BreathingSpaceEnd::SixtyDaysBeginningWithStart => last_day_of_period(starts_on, 60),
                    BreathingSpaceEnd::SixtyDaysAfterStart => plus(starts_on, 60),
                };
                (
                    Some(end),
                    EndFrom::Computed,
                    "SI 2020/1311 reg 26 (counting ⚠)",
                    "60 days, computed: the notice gave no end date".into(),
                )
            }
        },
        MoratoriumKind::MentalHealthCrisis => match notice.treatment_ended_on {
            Some(t) => {
                let end = match policy.mental_health_crisis_end {
                    MentalHealthCrisisEnd::ThirtyDaysAfterTreatmentEnds => plus(t, 30),
                    MentalHealthCrisisEnd::ThirtyDaysBeginningWithTreatmentEnd => last_day_of_period(t, 30),
                };
                (
                    Some(end),
                    EndFrom::Computed,
                    "SI 2020/1311 Part 3 (30 days after treatment; counting ⚠)",
                    format!("30 days after crisis treatment ended on {t}"),
                )
            }
            None => (None, EndFrom::Open, "SI 2020/1311 Part 3", String::new()),
        },
    };
    if let Some(c) = notice.cancelled_on {
        if ends_on.is_none_or(|e| c < e) {
            ends_on = Some(c);
            end_from = EndFrom::Cancelled;
            reason = format!("cancelled on {c}");
        }
    }
    if let Some(end) = ends_on {
        steps.push(Step::new(Action::HoldEnds, end, "breathing_space_ends", regulation, reason));
    }
    steps.sort_by_key(|s| s.on);
    Moratorium { kind: notice.kind, starts_on, ends_on, end_from, review_request_by, midway_review, steps }
}

/// How much of one liability a moratorium covers: moratorium debt is held; the rest is ongoing liability the
/// council may bill and recover as normal (reg 6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub covered: Money,
    pub not_covered: Money,
    pub rule: &'static str,
    pub regulation: &'static str,
    pub reason: String,
}

/// The council tax (reg 5(4)(k)) or business rates (reg 5(4)(l)) of one year that a moratorium starting on
/// `starts_on` covers. The year's whole unpaid balance is covered once all its instalments have fallen due
/// with one unpaid, or a reminder (CT reg 23(1)) or further notice (NNDR reg 8(1)) has been served, before the
/// start; otherwise only arrears, or nothing, per `policy.breathing_space_arrears` (T44).
pub fn liability_covered(
    debt: DebtType,
    instalments: &[Instalment],
    payments: &[Payment],
    notices: &[Notice],
    starts_on: NaiveDate,
    policy: &RecoveryPolicy,
) -> Result<Coverage> {
    let (regulation, notice_name) = match debt {
        DebtType::CouncilTax => ("SI 2020/1311 reg 5(4)(k)", "a reminder notice (SI 1992/613 reg 23(1))"),
        DebtType::BusinessRates => ("SI 2020/1311 reg 5(4)(l)", "a further notice (SI 1989/1058 reg 8(1))"),
        other => {
            return Err(Error::validation("debt", format!("{} is an invoice debt: use invoice_covered", other.label())))
        }
    };
    // Debt owed when the moratorium started: payments and notices before the start day.
    let before = starts_on.pred_opt().expect("a day before the start");
    let ledger = Ledger::new(instalments, payments, before);
    let balance = ledger.balance(before);
    let arrears = ledger.arrears_on(before);
    let all_due = ledger.last_due().is_some_and(|l| l < starts_on);
    let notice =
        notices.iter().filter(|n| n.kind == NoticeKind::Reminder && n.issued_on < starts_on).map(|n| n.issued_on).min();
    let (covered, rule, reason) = if all_due && arrears.pence() > 0 {
        (
            balance,
            "whole_year_all_instalments_due",
            "all the year's instalments had fallen due with one unpaid".to_string(),
        )
    } else if let Some(on) = notice {
        (
            balance,
            "whole_year_after_reminder",
            format!("{notice_name} was served on {on}: the year's unpaid balance is covered"),
        )
    } else {
        match policy.breathing_space_arrears {
            BreathingSpaceArrears::ArrearsCovered => (
                arrears,
                "arrears_only",
                "no reminder yet: instalments already due and unpaid are covered; those not yet due are ongoing liability".into(),
            ),
            BreathingSpaceArrears::Literal => (
                Money::ZERO,
                "non_eligible_until_reminder",
                format!("read literally, the year's liability is not eligible until {notice_name} or all instalments are due"),
            ),
        }
    };
    Ok(Coverage { covered, not_covered: balance - covered, rule, regulation, reason })
}

/// Whether an invoice debt (HB overpayment, sundry, adult social care) is covered: a qualifying debt owed
/// before the moratorium started (reg 6); a fraud overpayment per `policy.hold_fraud_overpayments` (⚠).
pub fn invoice_covered(
    debt: DebtType,
    arose_on: NaiveDate,
    unpaid: Money,
    fraud: bool,
    starts_on: NaiveDate,
    policy: &RecoveryPolicy,
) -> Coverage {
    let (covered, rule, regulation, reason) = if arose_on >= starts_on {
        (false, "arose_after_start", "SI 2020/1311 reg 6", format!("arose on {arose_on}, after the moratorium started"))
    } else if debt == DebtType::HbOverpayment && fraud && !policy.hold_fraud_overpayments {
        (
            false,
            "fraud_overpayment_excluded",
            "SI 2020/1311 reg 5(4) (fraud ⚠)",
            "a fraud overpayment, excluded by policy after legal advice".into(),
        )
    } else {
        (
            true,
            "qualifying_debt",
            "SI 2020/1311 regs 5 and 6",
            format!("owed before the moratorium started ({arose_on})"),
        )
    };
    let (c, n) = if covered { (unpaid, Money::ZERO) } else { (Money::ZERO, unpaid) };
    Coverage { covered: c, not_covered: n, rule, regulation, reason }
}
