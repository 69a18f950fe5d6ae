//! What a household can afford to pay the council's own debts, from its income and expenditure statement, and
//! whether a monthly offer clears the council's debts and this year's liability in time (recovery-rules.md
//! §8.1, worked examples T41 and T42). The arrangement planner calls these; they flag, they never refuse.

use crate::money::Money;
use crate::rules::income_expenditure::{Assessment, Statement, Warning, WarningCode};
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// The affordable monthly offer for the council's debts (the lines marked [`Debt::council`]).
///
/// [`Debt::council`]: crate::rules::income_expenditure::Debt::council
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CouncilOffer {
    pub available_for_priority_debts: Money,
    /// Offers to priority creditors other than the council.
    pub other_priority_offers: Money,
    /// The offers entered against the council's priority debts (council tax arrears, as recovery-rules.md
    /// §8.1 says it must be treated).
    pub council_priority_offers: Money,
    /// Available for priority debts − the offers to other priority creditors, not below £0.00: the most the
    /// council's priority debts could take if nothing went to non-priority creditors.
    pub council_priority_headroom: Money,
    /// The council's pro-rata shares of what is available for non-priority creditors (its overpayments and
    /// invoices listed as non-priority).
    pub council_non_priority_share: Money,
    /// `council_priority_offers + council_non_priority_share`: the monthly figure the planner compares an
    /// arrangement with.
    pub affordable: Money,
    pub warnings: Vec<Warning>,
}

/// The affordable offer for the council's own debts: the offers to its priority debts plus its pro-rata share
/// of what is left for non-priority creditors. Flags a council priority debt with no offer (showing the
/// headroom) and council offers above what is available.
///
/// T41: available for priority £160.00; council tax arrears offer £60.00 and energy £20.00 → available for
/// non-priority £80.00; the council's affordable offer is £60.00 plus its share of the £80.00 for any
/// non-priority council debt.
pub fn council_affordable_offer(statement: &Statement, assessment: &Assessment) -> CouncilOffer {
    let o = &assessment.overview;
    let council_priority_offers: Money = statement.priority_debts.iter().filter(|d| d.council).map(|d| d.offer).sum();
    let other_priority_offers = o.priority_offers - council_priority_offers;
    let council_priority_headroom = (o.available_for_priority_debts - other_priority_offers).max(Money::ZERO);
    let council_non_priority_share: Money = statement
        .non_priority_debts
        .iter()
        .zip(&assessment.non_priority_shares)
        .filter(|(d, _)| d.council)
        .map(|(_, s)| *s)
        .sum();
    let mut warnings = Vec::new();
    for d in statement.priority_debts.iter().filter(|d| d.council && d.offer.is_zero()) {
        warnings.push(Warning {
            code: WarningCode::CouncilPriorityDebtWithoutOffer,
            message: format!(
                "No offer is entered for {}; up to £{} a month is available for it after the other priority offers.",
                if d.creditor.trim().is_empty() { "the council's priority debt" } else { d.creditor.trim() },
                council_priority_headroom
            ),
        });
    }
    if council_priority_offers > council_priority_headroom {
        warnings.push(Warning {
            code: WarningCode::CouncilOfferAboveAffordable,
            message: format!(
                "The offers to the council's priority debts (£{council_priority_offers}) are more than is available \
                 for them after the other priority offers (£{council_priority_headroom})."
            ),
        });
    }
    let council_non_priority_offers: Money =
        statement.non_priority_debts.iter().filter(|d| d.council).map(|d| d.offer).sum();
    if council_non_priority_offers > council_non_priority_share {
        warnings.push(Warning {
            code: WarningCode::CouncilOfferAboveAffordable,
            message: format!(
                "The offers to the council's non-priority debts (£{council_non_priority_offers}) are more than its \
                 pro-rata share of what is available (£{council_non_priority_share})."
            ),
        });
    }
    CouncilOffer {
        available_for_priority_debts: o.available_for_priority_debts,
        other_priority_offers,
        council_priority_offers,
        council_priority_headroom,
        council_non_priority_share,
        affordable: council_priority_offers + council_non_priority_share,
        warnings,
    }
}

/// What a monthly offer does to the council's debts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OfferFeasibility {
    pub total: Money,
    /// ⌈total ÷ offer⌉.
    pub months_to_clear: u32,
    /// The last payment: total − (months − 1) × offer.
    pub final_payment: Money,
    pub final_payment_on: NaiveDate,
    /// The 31 March that ends the financial year of the first payment.
    pub year_end: NaiveDate,
    /// Payments falling on or before the year end.
    pub payments_by_year_end: u32,
    pub paid_by_year_end: Money,
    /// This year's liability still unpaid at the year end, with every payment applied to it first (the most
    /// favourable order).
    pub current_year_unpaid_at_year_end: Money,
    /// "Current-year liability not cleared by year end": for officer review, not a refusal (T42).
    pub current_year_not_cleared_by_year_end: bool,
    /// The offer is more than the affordable figure given.
    pub over_affordable: bool,
}

/// The financial year end (31 March) of the year `on` falls in.
pub fn financial_year_end(on: NaiveDate) -> NaiveDate {
    let year = if on.month() >= 4 { on.year() + 1 } else { on.year() };
    NaiveDate::from_ymd_opt(year, 3, 31).expect("31 March exists")
}

/// Checks a monthly offer against the council's debts: `arrears` (earlier years) and `current_year_unpaid`
/// (this financial year's unpaid liability), paid monthly from `first_payment_on` on the same day of each month
/// (the last day in a shorter month). `affordable` is the household's affordable figure, if known.
///
/// T42: £1,200 arrears + £900 this year = £2,100 at £80 a month from 1 July 2026 → 27 months, the last
/// payment £20.00; 9 payments (£720.00) by 31 March 2027 leave £180.00 of this year unpaid even if every
/// payment goes to this year first → flagged for officer review, not refused.
///
/// Refuses an offer of £0.00 or less, and negative balances.
pub fn monthly_offer_feasibility(
    arrears: Money,
    current_year_unpaid: Money,
    offer: Money,
    first_payment_on: NaiveDate,
    affordable: Option<Money>,
) -> Result<OfferFeasibility, String> {
    if offer.pence() <= 0 {
        return Err("the offer must be more than £0.00".into());
    }
    if arrears.is_negative() || current_year_unpaid.is_negative() {
        return Err("the balances must not be negative".into());
    }
    let total = arrears + current_year_unpaid;
    let months = u32::try_from((total.pence() + offer.pence() - 1) / offer.pence()).unwrap_or(u32::MAX).max(1);
    let final_payment =
        if total.is_zero() { Money::ZERO } else { total - Money::from_pence(offer.pence() * i64::from(months - 1)) };
    let payment_on = |k: u32| first_payment_on.checked_add_months(Months::new(k)).expect("a date within range");
    let year_end = financial_year_end(first_payment_on);
    let mut payments_by_year_end = 0;
    let mut paid_by_year_end = Money::ZERO;
    for k in 0..months {
        if payment_on(k) > year_end {
            break;
        }
        payments_by_year_end += 1;
        paid_by_year_end += if k + 1 == months { final_payment } else { offer };
    }
    let current_year_unpaid_at_year_end = (current_year_unpaid - paid_by_year_end).max(Money::ZERO);
    Ok(OfferFeasibility {
        total,
        months_to_clear: months,
        final_payment,
        final_payment_on: payment_on(months - 1),
        year_end,
        payments_by_year_end,
        paid_by_year_end,
        current_year_not_cleared_by_year_end: !current_year_unpaid_at_year_end.is_zero(),
        current_year_unpaid_at_year_end,
        over_affordable: affordable.is_some_and(|a| offer > a),
    })
}
