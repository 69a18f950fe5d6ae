//! Batch-run selection: for one candidate liability, in or out of a run, with the reason, the rule and the
//! regulation. The timetable decides what step is due ([`Timeline::next`]); holds, arrangements, limitation,
//! the council's minimum amounts and notices already issued or awaiting commit decide the rest. Pure: the api
//! gathers the facts and stores the decision.

use crate::error::{Error, Result};
use crate::model::{DebtType, Stage};
use crate::money::Money;
use crate::rules::holds::HoldRefusal;
use crate::rules::timeline::{Action, Timeline};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The runs the team makes. Council tax has all four; business rates have the reg 8(1) further notice
/// (`reminder`), the reg 11 reminder before a liability order (`final_notice`) and the summons; invoice debts
/// (HB overpayments, sundry, adult social care) have a reminder and a final notice at the council's intervals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunType {
    Reminder,
    SecondReminder,
    FinalNotice,
    /// Summons selection: the complaint list for the court; the court issue adds the hearing.
    Summons,
}

impl RunType {
    pub const ALL: &'static [RunType] =
        &[RunType::Reminder, RunType::SecondReminder, RunType::FinalNotice, RunType::Summons];

    pub fn as_str(self) -> &'static str {
        match self {
            RunType::Reminder => "reminder",
            RunType::SecondReminder => "second_reminder",
            RunType::FinalNotice => "final_notice",
            RunType::Summons => "summons",
        }
    }

    pub fn parse(text: &str, field: &str) -> Result<RunType> {
        let norm = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        RunType::ALL.iter().copied().find(|r| r.as_str() == norm).ok_or_else(|| {
            Error::validation(
                field,
                format!("'{}' is not one of: reminder, second_reminder, final_notice, summons", text.trim()),
            )
        })
    }

    /// What an officer reads, for the debt type.
    pub fn label(self, debt: DebtType) -> &'static str {
        match (self, debt) {
            (RunType::Reminder, DebtType::BusinessRates) => "Further notice (reg 8)",
            (RunType::FinalNotice, DebtType::BusinessRates) => "Reminder before a liability order (reg 11)",
            (RunType::Reminder, DebtType::CouncilTax) => "Reminder notice",
            (RunType::Reminder, _) => "Invoice reminder",
            (RunType::SecondReminder, _) => "Second reminder notice",
            (RunType::FinalNotice, DebtType::CouncilTax) => "Final notice",
            (RunType::FinalNotice, _) => "Invoice final notice",
            (RunType::Summons, _) => "Summons selection",
        }
    }

    /// The timetable step this run takes.
    pub fn action(self) -> Action {
        match self {
            RunType::Reminder => Action::Reminder,
            RunType::SecondReminder => Action::SecondReminder,
            RunType::FinalNotice => Action::FinalNotice,
            RunType::Summons => Action::Summons,
        }
    }

    /// The stage a committed item enters.
    pub fn stage(self) -> Stage {
        match self {
            RunType::Reminder => Stage::Reminder,
            RunType::SecondReminder => Stage::SecondReminder,
            RunType::FinalNotice => Stage::FinalNotice,
            RunType::Summons => Stage::Summons,
        }
    }

    /// Refuses a run the debt type's legal path does not have.
    pub fn check_debt(self, debt: DebtType) -> Result<()> {
        let ok = match debt {
            DebtType::CouncilTax => true,
            DebtType::BusinessRates => self != RunType::SecondReminder,
            DebtType::HbOverpayment | DebtType::Sundry | DebtType::AdultSocialCare => {
                matches!(self, RunType::Reminder | RunType::FinalNotice)
            }
        };
        if ok {
            Ok(())
        } else {
            Err(Error::validation(
                "runType",
                format!("{} has no {} run on its recovery path", debt.label(), self.as_str().replace('_', " ")),
            ))
        }
    }

    /// Whether the amount tested against the minimum is the arrears (reminders) or the whole balance.
    fn amount(self, t: &Timeline) -> Money {
        match self {
            RunType::Reminder | RunType::SecondReminder => t.arrears,
            RunType::FinalNotice | RunType::Summons => t.balance,
        }
    }
}

/// Why a candidate is out, as a code the screen filters on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// A hold covers the debt.
    Hold,
    /// The account or year is in a payment arrangement.
    Arrangement,
    /// The last day to apply has passed: a decision (usually write-off) is needed.
    Limitation,
    /// This run's notice was already issued and its time to pay is running or has passed.
    AlreadyIssued,
    /// The step is due, but not yet.
    NotYet,
    /// The timetable's next step is a different one.
    OtherStep,
    /// Nothing to do: paid, or beyond the timetable.
    NothingToDo,
    /// Below the council's minimum for this run.
    MinimumAmount,
    /// A letter is due but no liable party has an address to send it to.
    NoAddress,
    /// Already selected in an authorised run that is not yet committed.
    InAnotherRun,
    /// Qualified, but the run's limit was reached: the next run picks it up.
    OverLimit,
    /// A summons run for a hearing: the summons could not be served 14 days before it (reg 35(2A), T12).
    TooSoonForHearing,
    /// A summons run for a hearing: the account is in the other jurisdiction from the court.
    OtherCourt,
}

impl Exclusion {
    pub fn as_str(self) -> &'static str {
        match self {
            Exclusion::Hold => "hold",
            Exclusion::Arrangement => "arrangement",
            Exclusion::Limitation => "limitation",
            Exclusion::AlreadyIssued => "already_issued",
            Exclusion::NotYet => "not_yet",
            Exclusion::OtherStep => "other_step",
            Exclusion::NothingToDo => "nothing_to_do",
            Exclusion::MinimumAmount => "minimum_amount",
            Exclusion::NoAddress => "no_address",
            Exclusion::InAnotherRun => "in_another_run",
            Exclusion::OverLimit => "over_limit",
            Exclusion::TooSoonForHearing => "too_soon_for_hearing",
            Exclusion::OtherCourt => "other_court",
        }
    }

    pub fn parse(text: &str) -> Option<Exclusion> {
        [
            Exclusion::Hold,
            Exclusion::Arrangement,
            Exclusion::Limitation,
            Exclusion::AlreadyIssued,
            Exclusion::NotYet,
            Exclusion::OtherStep,
            Exclusion::NothingToDo,
            Exclusion::MinimumAmount,
            Exclusion::NoAddress,
            Exclusion::InAnotherRun,
            Exclusion::OverLimit,
            Exclusion::TooSoonForHearing,
            Exclusion::OtherCourt,
        ]
        .into_iter()
        .find(|e| e.as_str() == text)
    }
}

/// Everything the decision reads about one candidate.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub run: RunType,
    pub today: NaiveDate,
    pub timeline: &'a Timeline,
    /// The first hold that refuses a recovery step on this debt today.
    pub hold: Option<&'a HoldRefusal>,
    /// The day the account or year entered an arrangement, if that is where it stands.
    pub arrangement_since: Option<NaiveDate>,
    /// The council's minimum for this run (arrears for reminders, balance otherwise).
    pub minimum: Money,
    /// Whether this run sends a letter and, if so, whether a liable party has an address.
    pub letter_addressable: Option<bool>,
    /// Another authorised run, not yet committed, that selected this liability.
    pub in_run: Option<&'a str>,
}

/// In or out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub selected: bool,
    pub exclusion: Option<Exclusion>,
    /// Out for a reason an officer must act on (limitation passed, no address).
    pub needs_decision: bool,
    pub reason: String,
    pub rule: String,
    pub regulation: String,
    /// The day the step became (or becomes) lawful.
    pub step_on: Option<NaiveDate>,
    /// What the notice claims: arrears for a reminder, the balance otherwise.
    pub amount: Money,
}

const POLICY: &str = "Council recovery policy";

/// Decides one candidate. Order: holds (they forbid everything), the timetable (is this run's step due today?),
/// limitation, arrangement, another run, the minimum amount, an address for the letter.
pub fn decide(c: &Candidate) -> Decision {
    let t = c.timeline;
    let amount = c.run.amount(t);
    let out =
        |exclusion: Exclusion, reason: String, rule: &str, regulation: &str, step_on: Option<NaiveDate>| Decision {
            selected: false,
            exclusion: Some(exclusion),
            needs_decision: matches!(exclusion, Exclusion::Limitation | Exclusion::NoAddress),
            reason,
            rule: rule.to_string(),
            regulation: regulation.to_string(),
            step_on,
            amount,
        };
    if let Some(h) = c.hold {
        return out(Exclusion::Hold, h.reason.clone(), h.rule, h.regulation, t.next.as_ref().map(|s| s.on));
    }
    let limitation_passed = t.limitation_last_day.is_some_and(|l| l < c.today) && t.balance.pence() > 0;
    let Some(next) = t.next.as_ref() else {
        if limitation_passed {
            return out(
                Exclusion::Limitation,
                format!(
                    "out of time: the last day to apply for the oldest unpaid sum was {}; consider writing it off",
                    t.limitation_last_day.expect("limitation")
                ),
                "limitation",
                "SI 1992/613 reg 34(3); Limitation Act 1980",
                None,
            );
        }
        let why = if t.balance.is_zero() {
            "nothing is owed on this year".to_string()
        } else {
            format!("£{} is owed but the timetable has no further notice step (summons issued or beyond)", t.balance)
        };
        return out(Exclusion::NothingToDo, why, "timetable", POLICY, None);
    };
    let action = c.run.action();
    if next.action != action {
        let issued = already_issued(c.run, next.action, next.rule);
        return out(
            if issued { Exclusion::AlreadyIssued } else { Exclusion::OtherStep },
            format!("next step: {} from {}: {}", action_label(next.action), next.on, next.reason),
            next.rule,
            next.regulation,
            Some(next.on),
        );
    }
    if next.on > c.today {
        return out(
            Exclusion::NotYet,
            format!("not before {}: {}", next.on, next.reason),
            next.rule,
            next.regulation,
            Some(next.on),
        );
    }
    if limitation_passed {
        return out(
            Exclusion::Limitation,
            format!(
                "out of time: the last day to apply for the oldest unpaid sum was {}; consider writing it off",
                t.limitation_last_day.expect("limitation")
            ),
            "limitation",
            "SI 1992/613 reg 34(3); Limitation Act 1980",
            Some(next.on),
        );
    }
    if let Some(since) = c.arrangement_since {
        return out(
            Exclusion::Arrangement,
            format!("in a payment arrangement since {since}: recovery resumes only if it breaks"),
            "arrangement",
            POLICY,
            Some(next.on),
        );
    }
    if let Some(run) = c.in_run {
        return out(
            Exclusion::InAnotherRun,
            format!("selected in run {run}, authorised and awaiting commit"),
            "in_another_run",
            POLICY,
            Some(next.on),
        );
    }
    if amount < c.minimum {
        return out(
            Exclusion::MinimumAmount,
            format!("£{amount} is below the council's minimum of £{} for this run", c.minimum),
            "minimum_amount",
            POLICY,
            Some(next.on),
        );
    }
    if c.letter_addressable == Some(false) {
        return out(
            Exclusion::NoAddress,
            "no liable party has an address to send the notice to: trace or record a correspondence address".into(),
            "no_address",
            "SI 1992/613 reg 2 (service of notices)",
            Some(next.on),
        );
    }
    Decision {
        selected: true,
        exclusion: None,
        needs_decision: false,
        reason: next.reason.clone(),
        rule: next.rule.to_string(),
        regulation: next.regulation.to_string(),
        step_on: Some(next.on),
        amount,
    }
}

/// Whether the timetable's next step shows this run's notice was already issued (its time to pay running or
/// gone by), as opposed to the case being at another point of its path.
fn already_issued(run: RunType, next: Action, rule: &str) -> bool {
    match run {
        RunType::Reminder | RunType::SecondReminder => {
            next == Action::BalancePayable
                && matches!(rule, "instalments_lost_after_reminder" | "business_rates_instalments_lost")
                || (next == Action::FinalNotice && run == RunType::Reminder && rule == "invoice_final_notice")
        }
        RunType::FinalNotice => {
            matches!(
                rule,
                "summons_after_final_notice"
                    | "business_rates_summons_after_reminder"
                    | "wales_balance_payable_after_final_notice"
            ) || matches!(next, Action::LetterOfClaim | Action::OfferDeferredPayment | Action::CountyCourtOrAgency)
        }
        RunType::Summons => false,
    }
}

/// A step's name as an officer reads it.
pub fn action_label(a: Action) -> &'static str {
    match a {
        Action::Reminder => "reminder",
        Action::SecondReminder => "second reminder",
        Action::BalancePayable => "the balance becomes payable",
        Action::FinalNotice => "final notice",
        Action::Summons => "summons",
        Action::LiabilityOrderHearing => "liability order hearing",
        Action::LimitationEnds => "limitation ends",
        Action::LetterOfClaim => "letter of claim",
        Action::OfferDeferredPayment => "offer a deferred payment agreement",
        Action::CountyCourtOrAgency => "county court claim or agency referral",
        Action::EnforcementVisit => "enforcement visit",
        Action::HoldStarts => "hold starts",
        Action::CreditorReviewDeadline => "creditor review deadline",
        Action::MidwayReviewOpens => "midway review opens",
        Action::MidwayReviewCloses => "midway review closes",
        Action::HoldEnds => "hold ends",
    }
}
