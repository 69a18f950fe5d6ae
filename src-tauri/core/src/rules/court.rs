//! The magistrates' court, as pure rules: when a posted summons is deemed served and whether a hearing leaves
//! the defendant their 14 days (reg 35(2A), T12), the 6-year limit on a complaint (reg 34(3), T14), where a case
//! stands on the morning of the hearing (reg 34(5) and (8), T13), the costs in force at a hearing and the Welsh
//! cap (reg 34(7), T48) with the costs methodology arithmetic (*Nicolson*), and the remedies a court bundle is
//! for: charging order (reg 50, T46), bankruptcy (IA 1986 s267, T47, *Bolsover*) and committal (reg 47, England
//! only, T49). recovery-rules.md §1.4, §1.9–§1.12, §1.14, §7.

use crate::error::{Error, Result};
use crate::model::{DebtType, Jurisdiction};
use crate::money::Money;
use crate::rules::calendar::Calendar;
use crate::rules::council_tax::{earliest_liability_order_hearing, tender_before_hearing, Tender};
use crate::rules::limitation;
use crate::rules::policy::RecoveryPolicy;
use crate::rules::tables::RuleTables;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------------------------------------------ service

/// How a summons sent by post is deemed served. The regulations allow service by post (reg 35(2)(c)) and the
/// Interpretation Act 1978 s7 deems it served "at the time at which the letter would be delivered in the ordinary
/// course of post", which no rule fixes in days (recovery-rules.md §1.4 ⚠).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceByPost {
    /// Working days (not weekends or bank holidays) after the day of posting. POLICY: 2, the second business day
    /// after posting first class, as CPR 6.26 deems it in the civil courts; a council whose court counts
    /// differently sets its own.
    pub working_days: u32,
}

impl Default for ServiceByPost {
    fn default() -> Self {
        ServiceByPost { working_days: 2 }
    }
}

/// The day a summons posted on `posted_on` is deemed served: `working_days` working days after posting, on the
/// England and Wales calendar. Posted Thu 28 May 2026 → Fri 29 May, Mon 1 June: deemed served Mon 1 June.
pub fn deemed_service(posted_on: NaiveDate, service: ServiceByPost, calendar: &Calendar) -> NaiveDate {
    calendar.add_working_days(posted_on, service.working_days)
}

/// A summons's service and the first hearing at which a liability order may be made on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Service {
    pub posted_on: NaiveDate,
    pub deemed_served_on: NaiveDate,
    pub earliest_hearing: NaiveDate,
}

/// Reg 35(2A) (T12): a summons posted on `posted_on` for a hearing on `hearing_on`. Refused, naming the deemed
/// service day and the earliest lawful hearing, when the hearing comes before 14 days have passed since service
/// (counted as the council's policy reads "14 days have elapsed").
pub fn check_fourteen_days(
    posted_on: NaiveDate,
    hearing_on: NaiveDate,
    service: ServiceByPost,
    calendar: &Calendar,
    policy: &RecoveryPolicy,
) -> Result<Service> {
    let deemed = deemed_service(posted_on, service, calendar);
    let step = earliest_liability_order_hearing(deemed, policy);
    if hearing_on < step.on {
        return Err(Error::Refused {
            rule: step.regulation.to_string(),
            reason: format!(
                "a summons posted {posted_on} is deemed served {deemed}: no liability order until {} (14 days after \
                 service); the hearing on {hearing_on} is too soon",
                step.on
            ),
        });
    }
    Ok(Service { posted_on, deemed_served_on: deemed, earliest_hearing: step.on })
}

/// Reg 34(3) (T14): a complaint made on `complaint_on` for a sum that fell due on `due_on` is in time only within
/// 6 years beginning with the due day. Refused with the last day otherwise.
pub fn check_complaint_in_time(
    debt: DebtType,
    jurisdiction: Jurisdiction,
    due_on: NaiveDate,
    complaint_on: NaiveDate,
    tables: &RuleTables,
) -> Result<NaiveDate> {
    let step = limitation::limitation_step(debt, jurisdiction, due_on, tables)?;
    if complaint_on > step.on {
        return Err(Error::Refused {
            rule: step.regulation.to_string(),
            reason: format!(
                "out of time: the sum due {due_on} could be the subject of a complaint until {}; {complaint_on} is too \
                 late",
                step.on
            ),
        });
    }
    Ok(step.on)
}

// ------------------------------------------------------------------------------------------------ the day

/// Where a case on the list stands on the morning of the hearing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    /// Nothing paid since the summons: the application proceeds for the debt and the costs.
    Proceeding,
    /// Some paid, less than the debt: proceeds for what is still owed.
    PartPaid,
    /// The debt paid, not the costs: the council may ask for an order for the costs alone (reg 34(8), T13).
    CostsOnly,
    /// The debt and the costs so far paid: the application goes no further (reg 34(5), T13).
    Paid,
    /// In a payment arrangement: removed from the application (product.md §3.7).
    Arrangement,
    /// The council withdrew the complaint.
    Withdrawn,
    /// The defendant disputes liability (a Valuation Tribunal appeal, a dispute hold or the officer's note).
    Disputed,
    /// A hold forbids the step: Breathing Space, insolvency, death.
    Held,
}

impl ListStatus {
    pub const ALL: &'static [ListStatus] = &[
        ListStatus::Proceeding,
        ListStatus::PartPaid,
        ListStatus::CostsOnly,
        ListStatus::Paid,
        ListStatus::Arrangement,
        ListStatus::Withdrawn,
        ListStatus::Disputed,
        ListStatus::Held,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ListStatus::Proceeding => "proceeding",
            ListStatus::PartPaid => "part_paid",
            ListStatus::CostsOnly => "costs_only",
            ListStatus::Paid => "paid",
            ListStatus::Arrangement => "arrangement",
            ListStatus::Withdrawn => "withdrawn",
            ListStatus::Disputed => "disputed",
            ListStatus::Held => "held",
        }
    }

    pub fn parse(text: &str, field: &str) -> Result<ListStatus> {
        let norm = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        ListStatus::ALL.iter().copied().find(|s| s.as_str() == norm).ok_or_else(|| {
            Error::validation(
                field,
                format!(
                    "'{}' is not one of: {}",
                    text.trim(),
                    ListStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )
        })
    }

    /// As the list prints it for the legal adviser.
    pub fn label(self) -> &'static str {
        match self {
            ListStatus::Proceeding => "Proceed",
            ListStatus::PartPaid => "Part-paid: proceed",
            ListStatus::CostsOnly => "Costs only",
            ListStatus::Paid => "Paid: not to proceed",
            ListStatus::Arrangement => "Arrangement: removed",
            ListStatus::Withdrawn => "Withdrawn",
            ListStatus::Disputed => "Disputed",
            ListStatus::Held => "Held: removed",
        }
    }

    /// Whether the council asks the bench for an order on this case.
    pub fn proceeds(self) -> bool {
        matches!(self, ListStatus::Proceeding | ListStatus::PartPaid | ListStatus::CostsOnly)
    }
}

/// What the council has flagged on a case by hand (withdrawn, disputed), if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficerMark {
    Withdrawn,
    Disputed,
}

/// Everything the morning refresh reads about one case on the list.
#[derive(Clone, Debug)]
pub struct LineFacts<'a> {
    /// The sum the complaint was for (the debt, no costs).
    pub debt_at_summons: Money,
    /// The summons costs added when the summons was issued.
    pub summons_costs: Money,
    /// The liability's charges (and adjustments), costs and credits (negative) now, from the ledger.
    pub charged_now: Money,
    pub costs_now: Money,
    pub credited_now: Money,
    /// A hold that forbids the step, and whether it is a dispute, with its reason.
    pub hold: Option<(&'a str, bool)>,
    /// The day the case entered an arrangement, if it stands there.
    pub arrangement_since: Option<NaiveDate>,
    pub mark: Option<(OfficerMark, &'a str)>,
}

/// A case on the list as it stands on the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    pub status: ListStatus,
    pub reason: String,
    pub regulation: &'static str,
    /// What is owed now: the debt and the costs (payments meet the debt first).
    pub debt_now: Money,
    pub costs_now: Money,
}

/// Payments meet the debt before the costs: what is left of each. DECISION: the regulations do not order them;
/// this is the reading reg 34(8) and T13 take (a tender of the sum alone leaves the costs to be ordered).
pub fn outstanding(charged: Money, costs: Money, credited: Money) -> (Money, Money) {
    let paid = -credited;
    let debt = if paid >= charged { Money::ZERO } else { charged - paid };
    let over = if paid > charged { paid - charged } else { Money::ZERO };
    let costs_left = if over >= costs { Money::ZERO } else { costs - over };
    (debt, costs_left)
}

/// The morning refresh of one case (T13): paid in full (reg 34(5): the application goes no further), the debt
/// but not the costs (reg 34(8): costs only), a hold, withdrawn, disputed, an arrangement, part-paid or as it was.
/// Payment in full wins over every other mark: the council must accept it.
pub fn line_status(f: &LineFacts) -> Line {
    let (debt_now, costs_now) = outstanding(f.charged_now, f.costs_now, f.credited_now);
    // What has come off the sum and the costs since the summons is what was paid or tendered (reg 34(5)).
    let owed_at_summons = f.debt_at_summons + f.summons_costs;
    let tendered = (owed_at_summons - debt_now - costs_now).max(Money::ZERO);
    let tender = tender_before_hearing(f.debt_at_summons, f.summons_costs, tendered);
    let line = |status: ListStatus, reason: String, regulation: &'static str| Line {
        status,
        reason,
        regulation,
        debt_now,
        costs_now,
    };
    if tender == Tender::ApplicationNotToProceed || (debt_now.is_zero() && costs_now.is_zero()) {
        return line(
            ListStatus::Paid,
            format!(
                "paid in full before the hearing (£{} and £{} costs): the application does not proceed",
                f.debt_at_summons, f.summons_costs
            ),
            "SI 1992/613 reg 34(5)",
        );
    }
    if let Some((mark, why)) = f.mark {
        return match mark {
            OfficerMark::Withdrawn => line(ListStatus::Withdrawn, format!("withdrawn: {why}"), "SI 1992/613 reg 34"),
            OfficerMark::Disputed => {
                line(ListStatus::Disputed, format!("disputed: {why}"), "SI 1992/613 reg 34(6); LGFA 1992 s16")
            }
        };
    }
    if let Some((why, dispute)) = f.hold {
        return if dispute {
            line(ListStatus::Disputed, why.to_string(), "SI 1992/613 reg 34(6); LGFA 1992 s16")
        } else {
            line(ListStatus::Held, why.to_string(), "SI 2020/1311 reg 7; Insolvency Act 1986")
        };
    }
    if let Some(since) = f.arrangement_since {
        return line(
            ListStatus::Arrangement,
            format!("in a payment arrangement since {since}: removed from the application"),
            "Council recovery policy",
        );
    }
    match tender {
        Tender::CostsOnlyOrder { costs } => line(
            ListStatus::CostsOnly,
            format!("the debt of £{} is paid, not the costs: a costs-only order for £{costs}", f.debt_at_summons),
            "SI 1992/613 reg 34(8)",
        ),
        _ if debt_now.is_zero() => line(
            ListStatus::CostsOnly,
            format!("the debt is paid, not the costs: a costs-only order for £{costs_now}"),
            "SI 1992/613 reg 34(8)",
        ),
        _ if tendered.pence() > 0 => line(
            ListStatus::PartPaid,
            format!("£{tendered} paid since the summons: proceeds for £{debt_now} and the costs"),
            "SI 1992/613 reg 34(6)",
        ),
        _ => line(
            ListStatus::Proceeding,
            format!("£{debt_now} unpaid: proceeds for the debt and the costs"),
            "SI 1992/613 reg 34(6)",
        ),
    }
}

/// What the liability order is for when granted: the debt still owed, the summons costs unpaid and the
/// liability order costs (reg 34(7)); a costs-only order (reg 34(8), T13) is for the costs already incurred and
/// adds none. Returns (the order's amount, the liability order costs to add to the ledger).
pub fn order_amount(line: &Line, liability_order_costs: Money) -> (Money, Money) {
    if line.status == ListStatus::CostsOnly {
        (line.costs_now, Money::ZERO)
    } else {
        (line.debt_now + line.costs_now + liability_order_costs, liability_order_costs)
    }
}

// ------------------------------------------------------------------------------------------------ costs

/// The costs in force at a hearing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CostsInForce {
    pub summons: Money,
    pub liability_order: Money,
    /// The figures asked for before the Welsh cap, when it lowered them.
    pub capped_from: Option<(Money, Money)>,
    pub warnings: Vec<String>,
}

impl CostsInForce {
    pub fn total(&self) -> Money {
        self.summons + self.liability_order
    }
}

/// Reg 34(7) and the Welsh proviso (T48): costs reasonably incurred; in Wales the summons and the liability order
/// together may not exceed `cap` (£70). The summons costs are charged first, so the liability order costs take
/// the reduction (DECISION: a summons cost above the cap is cut to it and the order's costs to nothing). In
/// England there is no cap; without a costs methodology record the figure cannot be explained to the court or
/// a challenger (*R (Nicolson) v Tottenham Magistrates* [2015] EWHC 1252), so it is warned about.
pub fn costs_in_force(summons: Money, liability_order: Money, cap: Option<Money>, methodology: bool) -> CostsInForce {
    let mut warnings = Vec::new();
    if !methodology {
        warnings.push(
            "no costs methodology record: the court and any defendant who asks must be able to see how the costs \
             were built up (R (Nicolson) v Tottenham Magistrates [2015] EWHC 1252 (Admin))"
                .to_string(),
        );
    }
    match cap {
        Some(cap) if summons + liability_order > cap => {
            let s = summons.min(cap);
            let lo = cap - s;
            warnings.push(format!(
                "summons £{summons} and liability order £{liability_order} exceed the Welsh cap of £{cap}: the \
                 liability order costs are £{lo} (SI 1992/613 reg 34(7))"
            ));
            CostsInForce { summons: s, liability_order: lo, capped_from: Some((summons, liability_order)), warnings }
        }
        _ => CostsInForce { summons, liability_order, capped_from: None, warnings },
    }
}

/// A costs methodology's figures: the year's cost pool divided among its summonses, split between the summons and
/// the liability order stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MethodologyCosts {
    pub per_case: Money,
    pub summons: Money,
    pub liability_order: Money,
}

/// The cost per case is the pool ÷ the number of summonses, rounded **down** to the penny, and the summons share
/// is `summons_percent` % of it, rounded down to the penny; the liability order takes the rest. DECISION: down, so
/// the council never charges more than it incurred (reg 34(7)(b); the method Haringey's auditor accepted in
/// *Nicolson v Grant Thornton* [2016] EWHC 710 (Admin): aggregated costs ÷ summonses).
pub fn methodology_costs(pool: Money, summonses: u32, summons_percent: u32) -> Result<MethodologyCosts> {
    if summonses == 0 {
        return Err(Error::validation("summonses", "must be at least 1"));
    }
    if summons_percent > 100 {
        return Err(Error::validation("summonsPercent", "must be from 0 to 100"));
    }
    if pool.is_negative() {
        return Err(Error::validation("costPool", "cannot be negative"));
    }
    let per_case = Money::from_pence(pool.pence() / i64::from(summonses));
    let summons = Money::from_pence(per_case.pence() * i64::from(summons_percent) / 100);
    Ok(MethodologyCosts { per_case, summons, liability_order: per_case - summons })
}

// ------------------------------------------------------------------------------------------------ remedies

/// What a court bundle is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleKind {
    /// A defended liability order hearing (or any contested hearing).
    Contested,
    /// An application for a warrant of commitment: the means inquiry (regs 47–48).
    Committal,
    /// A creditor's bankruptcy petition (reg 49; IA 1986 s267).
    Insolvency,
    /// A charging order on the relevant dwelling (regs 50–51).
    ChargingOrder,
}

impl BundleKind {
    pub const ALL: &'static [BundleKind] =
        &[BundleKind::Contested, BundleKind::Committal, BundleKind::Insolvency, BundleKind::ChargingOrder];

    pub fn as_str(self) -> &'static str {
        match self {
            BundleKind::Contested => "contested",
            BundleKind::Committal => "committal",
            BundleKind::Insolvency => "insolvency",
            BundleKind::ChargingOrder => "charging_order",
        }
    }

    pub fn parse(text: &str, field: &str) -> Result<BundleKind> {
        let norm = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        BundleKind::ALL.iter().copied().find(|k| k.as_str() == norm).ok_or_else(|| {
            Error::validation(
                field,
                format!("'{}' is not one of: contested, committal, insolvency, charging-order", text.trim()),
            )
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            BundleKind::Contested => "Contested hearing",
            BundleKind::Committal => "Committal: means inquiry",
            BundleKind::Insolvency => "Bankruptcy petition",
            BundleKind::ChargingOrder => "Charging order application",
        }
    }
}

/// Regs 47–48 and WSI 2019/220 (T49): committal is for a billing authority in England only since 1 April 2019,
/// and only against an individual (aged 18 or over, which the officer confirms). DECISION: business rates
/// committal in Wales is refused too (whether it survives is unconfirmed, recovery-rules.md §12 item 12).
pub fn check_committal(jurisdiction: Jurisdiction, debt: DebtType, organisation: bool) -> Result<()> {
    if jurisdiction == Jurisdiction::Wales {
        return Err(Error::Refused {
            rule: "SI 1992/613 reg 47 as amended by WSI 2019/220".into(),
            reason: "committal to prison is not available in Wales (no new applications since 1 April 2019)".into(),
        });
    }
    if !matches!(debt, DebtType::CouncilTax | DebtType::BusinessRates) {
        return Err(Error::Refused {
            rule: "SI 1992/613 reg 47".into(),
            reason: format!("{} has no committal remedy", debt.label()),
        });
    }
    if organisation {
        return Err(Error::Refused {
            rule: "SI 1992/613 reg 47".into(),
            reason: "committal is only against an individual, not an organisation".into(),
        });
    }
    Ok(())
}

/// One sum a remedy is founded on: a liability order's amount still outstanding, with the day it fell due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Component {
    pub label: String,
    pub due_on: NaiveDate,
    pub outstanding: Money,
}

/// A component with its 6-year check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckedComponent {
    #[serde(flatten)]
    pub component: Component,
    pub last_day: NaiveDate,
    pub in_time: bool,
}

/// A threshold met, with every component and whether it counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ThresholdCheck {
    pub threshold: Money,
    /// The components within 6 years, summed.
    pub counted: Money,
    pub components: Vec<CheckedComponent>,
    pub rule: &'static str,
    pub regulation: &'static str,
}

#[derive(Clone, Copy)]
/// A remedy's threshold: the rule value holding it, the rule's name, its citation and what it is for.
struct Threshold {
    rule_value: &'static str,
    rule: &'static str,
    regulation: &'static str,
    what: &'static str,
}

const CHARGING_ORDER: Threshold = Threshold {
    rule_value: "charging_order.minimum_outstanding",
    rule: "charging_order_threshold",
    regulation: "SI 1992/613 reg 50(1)(c)",
    what: "a charging order",
};

const BANKRUPTCY: Threshold = Threshold {
    rule_value: "bankruptcy.minimum_debt",
    rule: "bankruptcy_threshold",
    regulation: "Insolvency Act 1986 s267(4); SI 2015/922; Bolsover DC v Ashfield Nominees [2010] EWCA Civ 1129",
    what: "a bankruptcy petition",
};

fn threshold_check(
    t: &Threshold,
    components: &[Component],
    debt: DebtType,
    jurisdiction: Jurisdiction,
    on: NaiveDate,
    tables: &RuleTables,
) -> Result<ThresholdCheck> {
    let Threshold { rule_value, rule, regulation, what } = *t;
    let threshold = tables.money(rule_value, jurisdiction, on)?;
    let mut checked = Vec::new();
    for c in components {
        let last_day = limitation::limitation_step(debt, jurisdiction, c.due_on, tables)?.on;
        checked.push(CheckedComponent { component: c.clone(), last_day, in_time: on <= last_day });
    }
    let counted: Money = checked.iter().filter(|c| c.in_time).map(|c| c.component.outstanding).sum();
    if counted < threshold {
        let late: Vec<String> = checked
            .iter()
            .filter(|c| !c.in_time)
            .map(|c| {
                format!(
                    "{} £{} (due {}, out of time after {})",
                    c.component.label, c.component.outstanding, c.component.due_on, c.last_day
                )
            })
            .collect();
        return Err(Error::Refused {
            rule: regulation.to_string(),
            reason: format!(
                "{what} needs at least £{threshold}; the sums within 6 years of falling due come to £{counted}{}",
                if late.is_empty() { String::new() } else { format!(" (not counted: {})", late.join("; ")) }
            ),
        });
    }
    Ok(ThresholdCheck { threshold, counted, components: checked, rule, regulation })
}

/// Reg 50(1)(c) (T46): a charging order needs at least £1,000 of the liability order amount(s) outstanding when
/// the application is made (£999.99 refused, £1,000.00 allowed). Each sum is also checked against the 6-year limit
/// (DECISION: by analogy with reg 34(3) and *Bolsover*, as for a petition; a sum out of time is not counted).
pub fn check_charging_order(
    components: &[Component],
    debt: DebtType,
    jurisdiction: Jurisdiction,
    on: NaiveDate,
    tables: &RuleTables,
) -> Result<ThresholdCheck> {
    threshold_check(&CHARGING_ORDER, components, debt, jurisdiction, on, tables)
}

/// IA 1986 s267(4) as raised by SI 2015/922 (T47): a bankruptcy petition needs debts of at least £5,000
/// (£4,999.99 refused), counting only sums that fell due within 6 years (*Bolsover DC v Ashfield Nominees*
/// [2010] EWCA Civ 1129).
pub fn check_bankruptcy(
    components: &[Component],
    debt: DebtType,
    jurisdiction: Jurisdiction,
    on: NaiveDate,
    tables: &RuleTables,
) -> Result<ThresholdCheck> {
    threshold_check(&BANKRUPTCY, components, debt, jurisdiction, on, tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn payments_meet_the_debt_before_the_costs() {
        assert_eq!(outstanding(m("820.00"), m("70.00"), m("-820.00")), (Money::ZERO, m("70.00")));
        assert_eq!(outstanding(m("820.00"), m("70.00"), m("-850.00")), (Money::ZERO, m("40.00")));
        assert_eq!(outstanding(m("820.00"), m("70.00"), m("-100.00")), (m("720.00"), m("70.00")));
        assert_eq!(outstanding(m("820.00"), m("70.00"), m("-900.00")), (Money::ZERO, Money::ZERO));
    }

    #[test]
    fn the_methodology_rounds_each_share_down_to_the_penny() {
        // £250,000.00 over 2,301 summonses = £108.648... → £108.64; 55% to the summons = £59.752 → £59.75.
        let c = methodology_costs(m("250000.00"), 2301, 55).unwrap();
        assert_eq!((c.per_case, c.summons, c.liability_order), (m("108.64"), m("59.75"), m("48.89")));
        assert!(methodology_costs(m("1.00"), 0, 50).is_err());
        assert!(methodology_costs(m("1.00"), 1, 101).is_err());
    }

    #[test]
    fn list_statuses_round_trip() {
        for s in ListStatus::ALL {
            assert_eq!(ListStatus::parse(s.as_str(), "status").unwrap(), *s);
        }
        assert!(ListStatus::parse("gone", "status").is_err());
    }
}
