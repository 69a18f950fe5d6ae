//! The council's recovery policy: every choice the law leaves to the council, every reading of an unclear
//! provision, and every interval between recovery steps, as one serde struct with a lawful default. Each field
//! says which reading each option is and where the law is silent (recovery-rules.md §0 rule 4, §12).

use crate::money::PoundTie;
use serde::{Deserialize, Serialize};

/// Everything the recovery rules need to know about this council's choices. Stored as settings JSON; a missing
/// field takes its default, so adding a setting never breaks a saved policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecoveryPolicy {
    // ---------------------------------------------------------------------------------------------- instalments
    /// How an instalment amount of exactly £x.50 is rounded to the nearest pound (Sch 1 para 2(6) is silent).
    /// DECISION: half up by default (see [`PoundTie`]).
    pub instalment_tie: PoundTie,
    /// Which of the "may" powers for small instalments the council uses (SI 1992/613 Sch 1 para 2(7) and
    /// para 3; SI 1989/1058 Sch 1 para 3). DECISION: by default the council uses both, in the order the
    /// regulations give them, so nobody gets an instalment under £5 (£50 for business rates).
    pub small_instalments: SmallInstalments,
    /// What to do when the council's instalment day does not exist in a month (the 29th–31st).
    pub short_month: ShortMonth,
    /// What to do when the instalment day in the first month falls less than 14 days after the bill and the
    /// statutory number of instalments would no longer fit in the year by starting a month later.
    pub first_instalment_too_soon: FirstInstalmentTooSoon,
    /// The days between the bill and a single-instalment due date (a bill issued 1 January – 31 March, Sch 1
    /// para 2(1); or a para 3(1)(a) charge under £10). The regulations say only "such day as is specified in the
    /// notice"; reg 21 needs at least 14. DECISION: 14, the earliest lawful day.
    pub single_instalment_days_after_bill: u32,
    /// After a revised (adjusted) bill, the instalments re-spread are those due at least this many days after the
    /// revised notice; earlier ones keep their amounts (Sch 1 para 10). DECISION: 14, the same notice the first
    /// bill must give (reg 21); the law's own wording was not read in full (recovery-rules.md §1.1).
    pub revised_notice_days: u32,

    // ------------------------------------------------------------------------------------ council tax timetable
    /// The "day of the failure" in reg 23(3) (and reg 8(2) for business rates): the balance becomes payable at
    /// the end of a further 7 days beginning with that day. Recommendation (b) of recovery-rules.md §1.2, the
    /// later date, is the default.
    pub failure_day: FailureDay,
    /// Days after a missed instalment's due date before the council's reminder run picks it up. The law allows
    /// the day after (reg 23(1): "not paid in accordance with" the Schedule); councils wait for payments to clear.
    /// POLICY: 7 is illustrative; set your own.
    pub reminder_days_after_due: u32,
    /// Days after the unpaid balance becomes payable (reg 23(4) third default, or all instalments fallen due)
    /// before a final notice (reg 33). The law sets no minimum. POLICY: 0, the first lawful day.
    pub final_notice_days_after_default: u32,
    /// Extra days beyond the statutory minimum before a complaint for a summons (reg 34(1): 7 days beginning with
    /// the final notice's issue day). POLICY: 0.
    pub summons_extra_days: u32,
    /// When a complaint may first be made after reg 23(3) made the balance payable with no final notice needed.
    pub summons_after_balance_payable: SummonsAfterBalancePayable,
    /// How reg 35(2A)'s "14 days have elapsed since the day on which the summons was served" is counted
    /// (recovery-rules.md §1.4 ⚠, T12).
    pub hearing_counting: HearingCounting,
    /// Wales from 1 April 2026 (WSI 2025/1109): whether a reminder must come before the final notice.
    /// Secondary sources disagree (recovery-rules.md §1.14, §12 item 6).
    pub wales_reminder: WalesReminder,

    // ------------------------------------------------------------------------------------------ Breathing Space
    /// How a standard moratorium's end date is computed when the Insolvency Service notice gives none (the
    /// notice's own date always wins; recovery-rules.md §4, T43).
    pub breathing_space_end: BreathingSpaceEnd,
    /// How the end of a mental health crisis moratorium is counted from the day crisis treatment ends.
    pub mental_health_crisis_end: MentalHealthCrisisEnd,
    /// Which council tax (and business rates) is moratorium debt before a reminder (further notice) has been
    /// served and while instalments are still to fall due: SI 2020/1311 reg 5(4)(k)/(l) read literally, or as
    /// the creditor guidance and recovery-rules.md T44 read it.
    pub breathing_space_arrears: BreathingSpaceArrears,
    /// Whether a Housing Benefit overpayment caused by fraud is held by a moratorium (recovery-rules.md §4: "may
    /// be excluded" ⚠). DECISION: held by default, so the engine never acts against a moratorium by mistake; an
    /// officer may release it after legal advice.
    pub hold_fraud_overpayments: bool,

    // ------------------------------------------------------------------------- invoices (HBOP, sundry, ASC)
    /// Intervals for Housing Benefit overpayment invoices (no liability-order route; recovery-rules.md §6.1).
    pub hb_overpayment: InvoicePath,
    /// Intervals for sundry debt invoices (county court route; recovery-rules.md §6.2).
    pub sundry: InvoicePath,
    /// Intervals for adult social care invoices (Care Act 2014 s69; recovery-rules.md §6.3).
    pub adult_social_care: InvoicePath,
}

impl Default for RecoveryPolicy {
    fn default() -> RecoveryPolicy {
        RecoveryPolicy {
            instalment_tie: PoundTie::HalfUp,
            small_instalments: SmallInstalments::MergeThenFewer,
            short_month: ShortMonth::LastDayOfMonth,
            first_instalment_too_soon: FirstInstalmentTooSoon::MoveFirstInstalment,
            single_instalment_days_after_bill: 14,
            revised_notice_days: 14,
            failure_day: FailureDay::DayAfterWindow,
            reminder_days_after_due: 7,
            final_notice_days_after_default: 0,
            summons_extra_days: 0,
            summons_after_balance_payable: SummonsAfterBalancePayable::DayAfter,
            hearing_counting: HearingCounting::FourteenClearDays,
            wales_reminder: WalesReminder::Optional,
            breathing_space_end: BreathingSpaceEnd::SixtyDaysBeginningWithStart,
            mental_health_crisis_end: MentalHealthCrisisEnd::ThirtyDaysAfterTreatmentEnds,
            breathing_space_arrears: BreathingSpaceArrears::ArrearsCovered,
            hold_fraud_overpayments: true,
            hb_overpayment: InvoicePath {
                payment_terms_days: 21,
                reminder_days_after_due: 14,
                final_days_after_reminder: 14,
                letter_of_claim: false,
                next_step_days_after_final: 14,
            },
            sundry: InvoicePath {
                payment_terms_days: 30,
                reminder_days_after_due: 14,
                final_days_after_reminder: 14,
                letter_of_claim: true,
                next_step_days_after_final: 14,
            },
            adult_social_care: InvoicePath {
                payment_terms_days: 28,
                reminder_days_after_due: 14,
                final_days_after_reminder: 14,
                letter_of_claim: true,
                next_step_days_after_final: 14,
            },
        }
    }
}

/// Which small-instalment powers the council uses. All of them are "may" powers: the demand notice *may*
/// merge or reduce; the default statutory path is plain para 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmallInstalments {
    /// Para 2 amounts as calculated, even under £5 (the statutory default; T06 "default path": £6.00 then
    /// 9 × £4.00). A zero or negative instalment is never produced: where para 2(6) would give one (tiny
    /// charges over many instalments), [`SmallInstalments::MergeThenFewer`] is used instead (DECISION).
    Statutory,
    /// Para 2(7) only: where an instalment would be under £5, the second instalment is added to the first and
    /// there is one instalment fewer (once). Business rates have no such power, so they follow `Statutory`.
    MergeFirstTwo,
    /// Para 2(7), then, if an instalment is still under £5, para 3 ("notwithstanding any adjustment under
    /// paragraph 2(7)"): a charge under £10 is one instalment; otherwise the greatest *n* with £5 × *n* ≤ the
    /// charge, in the first *n* of the para 2 months, with para 2(5)–(7) applied again (para 3(3)). Business
    /// rates: para 3 with £50 and £100 (inferred ⚠, SI 1989/1058 Sch 1 para 3 was not read in full).
    /// T06: £42.00 → £7.00 then 7 × £5.00.
    MergeThenFewer,
}

/// The instalment day in a month that lacks it (the 31st in a 30-day month, the 29th–31st in February).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShortMonth {
    /// The last day of that month (31st → 30 June, 28 or 29 February). DECISION: the default; a notice naming
    /// "the 31st" is read as the last day of a shorter month, which is never earlier than the taxpayer expects
    /// by more than the days the month lacks and keeps every month's instalment inside its month (Sch 1 para 2(4)).
    LastDayOfMonth,
    /// Refuse the schedule: the council must choose a day that every instalment month has.
    Refuse,
}

/// When the council's instalment day in the first available month is less than 14 days after the bill (reg 21),
/// the schedule starts a month later. If the statutory number of instalments then no longer fits before March:
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstInstalmentTooSoon {
    /// Keep the statutory number of instalments (Sch 1 para 2(3)/(3A) says the number "shall be") and the
    /// months as late as they can be; the first instalment falls 14 days after the bill instead of on the
    /// instalment day. DECISION: the default.
    MoveFirstInstalment,
    /// Refuse: the bill must name a later instalment day or be issued earlier.
    Refuse,
}

/// The "day of the failure" in reg 23(3) (council tax) and reg 8(2) (business rates), recovery-rules.md §1.2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureDay {
    /// (a) The last day of the 7-day window: reminder issued Tue 12 May 2026 → balance payable Mon 25 May.
    LastDayOfWindow,
    /// (b) The first day the payment is late: → balance payable Tue 26 May. The conservative (later) reading and
    /// recovery-rules.md's recommendation; the default.
    DayAfterWindow,
}

/// The first day a complaint may be made once reg 23(3) made the unpaid balance payable (reg 34(1): "an amount
/// which has fallen due under regulation 23(3) ... is wholly or partly unpaid"). The regulations do not say
/// whether the sum must first stay unpaid for a whole day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummonsAfterBalancePayable {
    /// On the day the balance becomes payable.
    SameDay,
    /// The day after, once the sum has been unpaid for a whole day: the conservative (later) reading, and the
    /// shape of the Welsh rule ("LO application from the next day", T15). DECISION: the default.
    DayAfter,
}

/// Reg 35(2A) (SI 1998/295): no liability order "unless 14 days have elapsed since the day on which the summons
/// was served".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HearingCounting {
    /// 14 whole days after the service day must have passed before the hearing day: served Mon 1 June 2026 →
    /// 2–15 June → earliest hearing Tue 16 June (T12). The conservative reading; the default.
    FourteenClearDays,
    /// The hearing may be on the 14th day after service: → Mon 15 June.
    FourteenDaysAfter,
}

/// Wales from 1 April 2026 (WSI 2025/1109, primary text not read ⚠).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WalesReminder {
    /// A reminder is something the authority *may* serve (the secondary summaries of the final SI; T15). If one
    /// is served, the final notice waits 14 days after it. The default.
    Optional,
    /// At least one reminder must precede the final notice (earlier proposals; recovery-rules.md §1.14 says to
    /// check the final text).
    Required,
}

/// The computed end of a standard Breathing Space when the notice gives none (SI 2020/1311 reg 26).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreathingSpaceEnd {
    /// The 60th day counting the start day as day 1: start Sat 30 May 2026 → ends Tue 28 Jul 2026 (T43). The
    /// default, as recovery-rules.md computes it.
    SixtyDaysBeginningWithStart,
    /// 60 days after the start day: → Wed 29 Jul 2026 (the later reading).
    SixtyDaysAfterStart,
}

/// The end of a mental health crisis moratorium: "30 days after" crisis treatment ends (recovery-rules.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentalHealthCrisisEnd {
    /// Treatment ends on day T; the moratorium ends on T + 30. The default (the later reading).
    ThirtyDaysAfterTreatmentEnds,
    /// 30 days beginning with the day treatment ends: T + 29.
    ThirtyDaysBeginningWithTreatmentEnd,
}

/// What council tax (reg 5(4)(k)) and business rates (reg 5(4)(l)) a moratorium covers before a reminder or
/// further notice and while instalments are still to fall due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreathingSpaceArrears {
    /// Instalments already due and unpaid when the moratorium starts are covered; instalments not yet due are
    /// ongoing liability. The Insolvency Service creditor guidance ("liabilities that have not yet fallen due"
    /// are excluded) and recovery-rules.md T44 (£180 covered). The default: holding too much only delays.
    ArrearsCovered,
    /// Reg 5(4)(k)/(l) read literally: the year's liability is non-eligible, arrears included, until all
    /// instalments have fallen due with one unpaid or a reminder (further notice) has been served.
    Literal,
}

/// The council's intervals for an invoice debt: invoice → reminder → final → (letter of claim) → county court
/// or agency. None of these is statutory except the Pre-Action Protocol's 30 days after a letter of claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoicePath {
    /// Days from the invoice date to its due date. POLICY.
    pub payment_terms_days: u32,
    /// Days after the due date before a reminder. POLICY.
    pub reminder_days_after_due: u32,
    /// Days after the reminder before a final notice. POLICY.
    pub final_days_after_reminder: u32,
    /// Whether a Pre-Action Protocol for Debt Claims letter of claim comes before a county court claim (required
    /// when the debtor is an individual or sole trader, recovery-rules.md §6.2; the engine asks for it whenever
    /// this is on). The county court claim then waits 30 days after the letter.
    pub letter_of_claim: bool,
    /// Days after the final notice before the next step (letter of claim, claim or agency referral). POLICY.
    pub next_step_days_after_final: u32,
}

/// Figures the statute fixes for small instalments (unchanged since 1992/1995; named so the rules read them by
/// name and their source is in one place).
pub mod thresholds {
    use crate::money::Money;

    /// SI 1992/613 Sch 1 para 2(7) and para 3(1): an instalment under £5 may be avoided.
    pub fn council_tax_minimum_instalment() -> Money {
        Money::from_pence(500)
    }

    /// SI 1992/613 Sch 1 para 3(1)(a): a charge under £10 may be one instalment.
    pub fn council_tax_single_instalment_below() -> Money {
        Money::from_pence(1000)
    }

    /// SI 1989/1058 Sch 1 para 3(1): an instalment under £50 may be avoided.
    pub fn business_rates_minimum_instalment() -> Money {
        Money::from_pence(5000)
    }

    /// SI 1989/1058 Sch 1 para 3(1)(a), read by analogy with council tax as twice the minimum instalment
    /// (inferred ⚠: recovery-rules.md §12 item 12, the NNDR fallback was not read in full).
    pub fn business_rates_single_instalment_below() -> Money {
        Money::from_pence(10000)
    }
}

impl RecoveryPolicy {
    /// The intervals for an invoice debt type; `None` for council tax and business rates.
    pub fn invoice_path(&self, debt: crate::model::DebtType) -> Option<&InvoicePath> {
        use crate::model::DebtType::*;
        match debt {
            HbOverpayment => Some(&self.hb_overpayment),
            Sundry => Some(&self.sundry),
            AdultSocialCare => Some(&self.adult_social_care),
            CouncilTax | BusinessRates => None,
        }
    }
}
