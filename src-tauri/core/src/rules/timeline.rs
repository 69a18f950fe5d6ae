//! The shared words of a computed recovery timetable: the facts it reads (payments, notices already issued),
//! the steps it computes (each with the rule and the regulation that produced it), and the ledger arithmetic
//! every path uses (payments meet instalments oldest first).

use crate::model::Jurisdiction;
use crate::money::Money;
use crate::rules::instalments::Instalment;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The facts of one council tax or business rates liability for one financial year: its instalments (as
/// stored), the payments and the notices already issued for that year.
#[derive(Clone, Copy, Debug)]
pub struct LiabilityFacts<'a> {
    pub jurisdiction: Jurisdiction,
    pub instalments: &'a [Instalment],
    pub payments: &'a [Payment],
    pub notices: &'a [Notice],
}

/// A payment received (or a credit) on a day, for one liability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub on: NaiveDate,
    pub amount: Money,
}

/// The kinds of notice the timetable reads and proposes. For business rates, `Reminder` is the reg 8(1)
/// "further notice" and `FinalNotice` the reg 11 reminder notice before a liability order (what councils send
/// under those names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    Reminder,
    FinalNotice,
    Summons,
    /// Pre-Action Protocol for Debt Claims letter of claim (invoice debts).
    LetterOfClaim,
    /// A county court claim issued or an agency referral made (invoice debts).
    Referral,
}

/// A notice already issued: its kind and the day it was issued (SI 1992/613 reg 17(4): the day it was posted or
/// left at the address).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub kind: NoticeKind,
    pub issued_on: NaiveDate,
}

impl Notice {
    pub fn new(kind: NoticeKind, issued_on: NaiveDate) -> Notice {
        Notice { kind, issued_on }
    }
}

/// What a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// First reminder of the year (council tax reg 23(1)); business rates reg 8(1) further notice; an invoice
    /// reminder.
    Reminder,
    /// Second reminder of the year (council tax reg 23(1)(iv)).
    SecondReminder,
    /// The right to instalments is lost and the unpaid balance of the year becomes payable (reg 23(3)/(4);
    /// business rates reg 8(2); Wales after the final notice).
    BalancePayable,
    /// Final notice (reg 33; business rates reg 11 reminder; Wales 2026; an invoice final notice).
    FinalNotice,
    /// The first day a complaint may be made for a summons (reg 34(1); business rates reg 12).
    Summons,
    /// The earliest hearing at which a liability order may be made (reg 35(2A)).
    LiabilityOrderHearing,
    /// The last day an application may be made (reg 34(3); Limitation Act 1980; Care Act 2014 s69(3)).
    LimitationEnds,
    /// A Pre-Action Protocol letter of claim (invoice debts owed by individuals).
    LetterOfClaim,
    /// Offer a deferred payment agreement before suing (Care Act 2014 s69(2)).
    OfferDeferredPayment,
    /// County court claim or referral to a collection agency (invoice debts).
    CountyCourtOrAgency,
    /// The earliest day an enforcement agent may take control of goods after a notice of enforcement.
    EnforcementVisit,
    /// A Breathing Space or insolvency hold starts.
    HoldStarts,
    /// The last day a creditor may ask for a Breathing Space review (SI 2020/1311 reg 17).
    CreditorReviewDeadline,
    /// The adviser's midway review window opens / closes (SI 2020/1311 reg 27).
    MidwayReviewOpens,
    MidwayReviewCloses,
    /// A hold ends (its last day).
    HoldEnds,
}

impl Action {
    /// The notice a council issues for this step, if it is one.
    pub fn notice_kind(self) -> Option<NoticeKind> {
        match self {
            Action::Reminder | Action::SecondReminder => Some(NoticeKind::Reminder),
            Action::FinalNotice => Some(NoticeKind::FinalNotice),
            Action::Summons => Some(NoticeKind::Summons),
            Action::LetterOfClaim => Some(NoticeKind::LetterOfClaim),
            Action::CountyCourtOrAgency => Some(NoticeKind::Referral),
            _ => None,
        }
    }
}

/// One computed step: what, on which day, and the rule and regulation that produced it, with the reason in
/// words an officer reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub action: Action,
    pub on: NaiveDate,
    /// The rule's name in this code, e.g. `instalments_lost_after_reminder`.
    pub rule: &'static str,
    /// The citation, e.g. `SI 1992/613 reg 23(3)`.
    pub regulation: &'static str,
    pub reason: String,
}

impl Step {
    pub fn new(action: Action, on: NaiveDate, rule: &'static str, regulation: &'static str, reason: String) -> Step {
        Step { action, on, rule, regulation, reason }
    }
}

/// An instalment not paid in full by its due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MissedInstalment {
    pub number: u32,
    pub due_on: NaiveDate,
    pub amount: Money,
    /// What is still unpaid of it today, payments taken oldest first.
    pub unpaid: Money,
}

/// The timetable of one liability (one financial year's charge, or one invoice) on `today`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub today: NaiveDate,
    /// Instalments that fell due before today and were not paid in full on time.
    pub missed: Vec<MissedInstalment>,
    /// Due by today (counting any balance made payable) and unpaid.
    pub arrears: Money,
    /// The whole unpaid amount of the liability, due or not.
    pub balance: Money,
    /// The day the unpaid balance of the year became (or, if nothing is paid, will become) payable.
    pub balance_payable_on: Option<NaiveDate>,
    /// Whether the law requires a final notice before a complaint (reg 33; business rates reg 11; Wales).
    pub final_notice_required: bool,
    /// The first day a complaint for a summons may be made if the council takes each step on its earliest day
    /// and nothing more is paid (reg 34(1); business rates reg 12): from `next` or the projection.
    pub earliest_summons_on: Option<NaiveDate>,
    /// The last day an application may be made for the oldest unpaid sum.
    pub limitation_last_day: Option<NaiveDate>,
    /// What has been computed so far (balances made payable, limitation), in date order.
    pub steps: Vec<Step>,
    /// The next step the council may take, on or after its date; `None` when nothing is owed or the case has
    /// gone beyond the timetable (summons issued).
    pub next: Option<Step>,
    /// The steps that follow if the council takes each on its earliest day and nothing more is paid.
    pub projection: Vec<Step>,
}

/// Payments and instalments of one liability, as of a day: the arithmetic every path shares. Payments meet the
/// oldest instalment first (the named allocation rule of issue 5).
#[derive(Clone, Debug)]
pub(crate) struct Ledger {
    pub instalments: Vec<Instalment>,
    pub payments: Vec<Payment>,
    /// Once the right to instalments is lost, everything unpaid is due from this day.
    pub accelerated_from: Option<NaiveDate>,
}

impl Ledger {
    /// Keeps only payments made on or before `today` (the engine never sees the future).
    pub fn new(instalments: &[Instalment], payments: &[Payment], today: NaiveDate) -> Ledger {
        let mut instalments = instalments.to_vec();
        instalments.sort_by_key(|i| i.due_on);
        let mut payments: Vec<Payment> = payments.iter().copied().filter(|p| p.on <= today).collect();
        payments.sort_by_key(|p| p.on);
        Ledger { instalments, payments, accelerated_from: None }
    }

    pub fn total(&self) -> Money {
        self.instalments.iter().map(|i| i.amount).sum()
    }

    /// Paid on or before `on`.
    pub fn paid_by(&self, on: NaiveDate) -> Money {
        self.payments.iter().filter(|p| p.on <= on).map(|p| p.amount).sum()
    }

    /// Fallen due on or before `on`: the instalments due by then, or everything once the balance is payable.
    pub fn due_by(&self, on: NaiveDate) -> Money {
        if self.accelerated_from.is_some_and(|a| a <= on) {
            return self.total();
        }
        self.instalments.iter().filter(|i| i.due_on <= on).map(|i| i.amount).sum()
    }

    /// Due by `on` and unpaid by `on`.
    pub fn arrears_on(&self, on: NaiveDate) -> Money {
        let a = self.due_by(on) - self.paid_by(on);
        if a.is_negative() {
            Money::ZERO
        } else {
            a
        }
    }

    /// Was instalment `i` unpaid at the end of its due day (payments taken oldest first)?
    pub fn missed_on_time(&self, i: &Instalment) -> bool {
        self.paid_by(i.due_on) < self.scheduled_by(i.due_on)
    }

    /// The schedule's own instalments due by `on`, ignoring any acceleration.
    fn scheduled_by(&self, on: NaiveDate) -> Money {
        self.instalments.iter().filter(|i| i.due_on <= on).map(|i| i.amount).sum()
    }

    /// Instalments due before `today` and not paid in full on their day, with what is unpaid of each today.
    pub fn missed(&self, today: NaiveDate) -> Vec<MissedInstalment> {
        let paid = self.paid_by(today);
        let mut before = Money::ZERO;
        let mut out = Vec::new();
        for i in &self.instalments {
            let covered = paid - before;
            before += i.amount;
            if i.due_on >= today || !self.missed_on_time(i) {
                continue;
            }
            let unpaid = if covered >= i.amount {
                Money::ZERO
            } else if covered.is_negative() {
                i.amount
            } else {
                i.amount - covered
            };
            out.push(MissedInstalment { number: i.number, due_on: i.due_on, amount: i.amount, unpaid });
        }
        out
    }

    /// The due date of the oldest instalment not yet paid in full today (oldest first).
    pub fn oldest_unpaid_due(&self, today: NaiveDate) -> Option<NaiveDate> {
        let paid = self.paid_by(today);
        let mut cumulative = Money::ZERO;
        for i in &self.instalments {
            cumulative += i.amount;
            if paid < cumulative {
                return Some(i.due_on);
            }
        }
        None
    }

    pub fn balance(&self, today: NaiveDate) -> Money {
        let b = self.total() - self.paid_by(today);
        if b.is_negative() {
            Money::ZERO
        } else {
            b
        }
    }

    pub fn last_due(&self) -> Option<NaiveDate> {
        self.instalments.last().map(|i| i.due_on)
    }
}

/// `on` + `n` days.
pub(crate) fn plus(on: NaiveDate, n: u32) -> NaiveDate {
    on + Days::new(u64::from(n))
}

/// The last day of the period of `n` days beginning with `first` (the statutes' "period of 7 days beginning
/// with the day on which the notice is issued": issued 12 May → 12–18 May).
pub(crate) fn last_day_of_period(first: NaiveDate, n: u32) -> NaiveDate {
    plus(first, n.saturating_sub(1))
}

/// Evaluates a timetable at later and later days, issuing each proposed notice on its earliest day with nothing
/// more paid, to show what follows. Stops at a summons, a referral or after a few steps.
pub(crate) fn project(
    notices: &[Notice],
    today: NaiveDate,
    first: Option<Step>,
    mut evaluate: impl FnMut(&[Notice], NaiveDate) -> Option<Step>,
) -> Vec<Step> {
    let mut notices = notices.to_vec();
    let mut out: Vec<Step> = Vec::new();
    let mut at = today;
    let mut next = first;
    for _ in 0..8 {
        let Some(step) = next.take() else { break };
        if out.last().is_some_and(|s| s.action == step.action && s.on == step.on) {
            break;
        }
        at = at.max(step.on);
        if let Some(kind) = step.action.notice_kind() {
            notices.push(Notice::new(kind, step.on));
        }
        let stop = matches!(step.action, Action::Summons | Action::CountyCourtOrAgency | Action::LimitationEnds);
        out.push(step);
        if stop {
            break;
        }
        next = evaluate(&notices, at);
    }
    out
}

/// The first summons step in `next` followed by the projection.
pub(crate) fn earliest_summons(next: Option<&Step>, projection: &[Step]) -> Option<NaiveDate> {
    next.into_iter().chain(projection).find(|s| s.action == Action::Summons).map(|s| s.on)
}
