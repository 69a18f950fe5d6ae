//! The recovery path of an invoice debt (Housing Benefit overpayment, sundry debt, adult social care): invoice →
//! reminder → final notice → (Pre-Action Protocol letter of claim) → county court claim or agency referral, at
//! the council's intervals, with the two statutory gates: 30 days after a letter of claim and, for adult social
//! care, a deferred payment agreement offered first (recovery-rules.md §6).

use crate::error::{Error, Result};
use crate::model::{DebtType, Jurisdiction};
use crate::money::Money;
use crate::rules::instalments::Instalment;
use crate::rules::limitation;
use crate::rules::policy::{InvoicePath, RecoveryPolicy};
use crate::rules::tables::RuleTables;
use crate::rules::timeline::{plus, project, Action, Ledger, Notice, NoticeKind, Payment, Step, Timeline};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Pre-Action Protocol for Debt Claims (in force 1 October 2017): the debtor has 30 days from the date of the
/// letter of claim to reply; the claim may be issued the day after (DECISION: the 30 days start the day after
/// the letter's date, the later reading).
pub const LETTER_OF_CLAIM_REPLY_DAYS: u32 = 30;

/// Where an adult social care debt stands on a deferred payment agreement (Care Act 2014 s69(2)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeferredPayment {
    /// A deferred payment agreement could not be offered (no property, or not eligible): court action may go ahead.
    #[default]
    NotApplicable,
    /// One could be offered and has not been: it must be offered before any claim.
    NotYetOffered,
    /// Offered and not yet answered.
    Offered,
    /// Offered and refused: court action may go ahead.
    Refused,
}

/// The facts of one invoice.
#[derive(Clone, Copy, Debug)]
pub struct InvoiceFacts<'a> {
    pub debt: DebtType,
    pub jurisdiction: Jurisdiction,
    pub invoice_date: NaiveDate,
    /// The due date the invoice states; `None` takes the policy's payment terms.
    pub due_on: Option<NaiveDate>,
    pub amount: Money,
    pub payments: &'a [Payment],
    pub notices: &'a [Notice],
    /// Adult social care only; ignored for the other debts.
    pub deferred_payment: DeferredPayment,
}

const POLICY: &str = "Council recovery policy (no statutory interval)";
const PAP: &str = "Pre-Action Protocol for Debt Claims paras 3, 5 (30 days to reply)";
const CARE_ACT_69_2: &str = "Care Act 2014 s69(2)";

/// The due date of an invoice: the one it states, else the invoice date plus the policy's payment terms.
pub fn invoice_due_on(
    debt: DebtType,
    invoice_date: NaiveDate,
    stated: Option<NaiveDate>,
    policy: &RecoveryPolicy,
) -> Result<NaiveDate> {
    let path = path(debt, policy)?;
    Ok(stated.unwrap_or(plus(invoice_date, path.payment_terms_days)))
}

fn path(debt: DebtType, policy: &RecoveryPolicy) -> Result<&InvoicePath> {
    policy.invoice_path(debt).ok_or_else(|| {
        Error::validation("debt", format!("{} follows its own statutory timetable, not the invoice path", debt.label()))
    })
}

/// The timetable of one invoice on `today`.
pub fn invoice_timeline(
    facts: &InvoiceFacts,
    today: NaiveDate,
    tables: &RuleTables,
    policy: &RecoveryPolicy,
) -> Result<Timeline> {
    let due = invoice_due_on(facts.debt, facts.invoice_date, facts.due_on, policy)?;
    let path = *path(facts.debt, policy)?;
    let payments: Vec<Payment> = facts.payments.iter().copied().filter(|p| p.on <= today).collect();
    let instalments = [Instalment { number: 1, due_on: due, amount: facts.amount }];
    let evaluate = |notices: &[Notice], at: NaiveDate| -> (Ledger, Option<Step>) {
        let ledger = Ledger::new(&instalments, &payments, at);
        let next = next_step(facts, &path, &ledger, due, notices, at);
        (ledger, next)
    };
    let (ledger, next) = evaluate(facts.notices, today);
    let projection = project(facts.notices, today, next.clone(), |notices, at| evaluate(notices, at).1);
    let mut steps = Vec::new();
    let mut limitation_last_day = None;
    if !ledger.balance(today).is_zero() {
        // A debt type with no limitation row for its jurisdiction (Welsh adult social care) shows none.
        if let Ok(step) = limitation::limitation_step(facts.debt, facts.jurisdiction, due, tables) {
            limitation_last_day = Some(step.on);
            steps.push(step);
        }
    }
    Ok(Timeline {
        today,
        missed: ledger.missed(today),
        arrears: ledger.arrears_on(today),
        balance: ledger.balance(today),
        balance_payable_on: Some(due),
        final_notice_required: false,
        earliest_summons_on: None,
        limitation_last_day,
        steps,
        next,
        projection,
    })
}

fn last_issued(notices: &[Notice], kind: NoticeKind, today: NaiveDate) -> Option<NaiveDate> {
    notices.iter().filter(|n| n.kind == kind && n.issued_on <= today).map(|n| n.issued_on).max()
}

fn next_step(
    facts: &InvoiceFacts,
    path: &InvoicePath,
    ledger: &Ledger,
    due: NaiveDate,
    notices: &[Notice],
    today: NaiveDate,
) -> Option<Step> {
    let owed = ledger.balance(today);
    if owed.is_zero() || last_issued(notices, NoticeKind::Referral, today).is_some() {
        return None;
    }
    let label = facts.debt.label();
    let Some(reminder) = last_issued(notices, NoticeKind::Reminder, today) else {
        return Some(Step::new(
            Action::Reminder,
            plus(due, path.reminder_days_after_due),
            "invoice_reminder",
            POLICY,
            format!("{label} invoice of £{} due {due}: £{owed} unpaid", facts.amount),
        ));
    };
    let Some(final_notice) = last_issued(notices, NoticeKind::FinalNotice, today).filter(|f| *f >= reminder) else {
        return Some(Step::new(
            Action::FinalNotice,
            plus(reminder, path.final_days_after_reminder),
            "invoice_final_notice",
            POLICY,
            format!("£{owed} still unpaid after the reminder of {reminder}"),
        ));
    };
    let after_final = plus(final_notice, path.next_step_days_after_final);
    if facts.debt == crate::model::DebtType::AdultSocialCare {
        match facts.deferred_payment {
            DeferredPayment::NotYetOffered => {
                return Some(Step::new(
                    Action::OfferDeferredPayment,
                    after_final,
                    "deferred_payment_first",
                    CARE_ACT_69_2,
                    "a deferred payment agreement could be offered: it must be offered, and refused, before any claim"
                        .into(),
                ))
            }
            DeferredPayment::Offered => return None,
            DeferredPayment::NotApplicable | DeferredPayment::Refused => {}
        }
    }
    let claim_from = if path.letter_of_claim {
        let Some(letter) = last_issued(notices, NoticeKind::LetterOfClaim, today).filter(|l| *l >= final_notice) else {
            return Some(Step::new(
                Action::LetterOfClaim,
                after_final,
                "letter_of_claim",
                PAP,
                format!("£{owed} unpaid after the final notice of {final_notice}: a letter of claim with the reply form comes first"),
            ));
        };
        plus(letter, LETTER_OF_CLAIM_REPLY_DAYS + 1)
    } else {
        after_final
    };
    Some(Step::new(
        Action::CountyCourtOrAgency,
        claim_from,
        if path.letter_of_claim { "claim_after_letter_of_claim" } else { "referral_after_final_notice" },
        if path.letter_of_claim { PAP } else { POLICY },
        format!("£{owed} unpaid: county court claim or referral to the council's agency"),
    ))
}
