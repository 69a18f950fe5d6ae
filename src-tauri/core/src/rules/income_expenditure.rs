//! Income and expenditure in the Standard Financial Statement (SFS) format: the categories, the conversion of
//! weekly, fortnightly, four-weekly, quarterly and annual amounts to monthly, the SFS overview arithmetic, the
//! warnings an officer must see, and the check against the spending guidelines the council loads
//! (recovery-rules.md §8.1; the SFS Data Definition Specification v1.1 in `data/sfs/`).
//!
//! Pure functions of a [`Statement`] (already validated: money is [`Money`]), the council's loaded
//! [`Guideline`]s and a date. The pro-rata split is [`crate::rules::pro_rata`]; the affordable offer for the
//! council's own debts is [`crate::rules::affordability`].
//!
//! # Rounding
//!
//! | rule | rounding | source | test |
//! | --- | --- | --- | --- |
//! | [`monthly_equivalent`] | once per line, to the nearest penny, half a penny up (DECISION) | SFS figures are monthly (DDS v1.1 `monthly-amount`); a yearly figure ÷ 12 (weekly × 52 ÷ 12, fortnightly × 26 ÷ 12, four-weekly × 13 ÷ 12, quarterly × 4 ÷ 12, annual ÷ 12): the advice-sector convention, not × 4 or × 4.33 | `tests/income_expenditure.rs`: `weekly_and_other_amounts_become_monthly_by_named_rules` |
//! | [`assess`] | none: sums and differences of monthly pence | SFS DDS v1.1 overview formulas | T41 |
//! | [`crate::rules::pro_rata::pro_rata_offers`] | down to the penny, leftover pennies to the largest remainders, ties to the earlier creditor | recovery-rules.md §8.1 | T38–T40 and a property test |

use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

// ------------------------------------------------------------------------------------------------ frequency

/// How often an amount is paid or received, as the officer is told it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Weekly,
    Fortnightly,
    FourWeekly,
    #[default]
    Monthly,
    Quarterly,
    Annually,
}

impl Frequency {
    pub const ALL: [Frequency; 6] = [
        Frequency::Weekly,
        Frequency::Fortnightly,
        Frequency::FourWeekly,
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::Annually,
    ];

    /// Payments in a year: 52, 26, 13, 12, 4, 1.
    pub fn per_year(self) -> i64 {
        match self {
            Frequency::Weekly => 52,
            Frequency::Fortnightly => 26,
            Frequency::FourWeekly => 13,
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Annually => 1,
        }
    }

    /// The rule as an officer reads it, e.g. "weekly × 52 ÷ 12".
    pub fn rule(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly × 52 ÷ 12",
            Frequency::Fortnightly => "fortnightly × 26 ÷ 12",
            Frequency::FourWeekly => "four-weekly × 13 ÷ 12",
            Frequency::Monthly => "monthly as it is",
            Frequency::Quarterly => "quarterly × 4 ÷ 12",
            Frequency::Annually => "annual ÷ 12",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Frequency::Weekly => "Weekly",
            Frequency::Fortnightly => "Fortnightly",
            Frequency::FourWeekly => "Four-weekly",
            Frequency::Monthly => "Monthly",
            Frequency::Quarterly => "Quarterly",
            Frequency::Annually => "Annually",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Fortnightly => "fortnightly",
            Frequency::FourWeekly => "four_weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Annually => "annually",
        }
    }

    pub fn parse(text: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.as_str() == text.trim())
    }
}

/// The monthly equivalent of `amount` paid at `frequency`: the yearly figure ÷ 12 (weekly × 52 ÷ 12,
/// fortnightly × 26 ÷ 12, four-weekly × 13 ÷ 12, quarterly × 4 ÷ 12, annual ÷ 12), computed exactly in pence
/// and rounded once to the nearest penny, half a penny up.
///
/// Source: the SFS records every figure as a monthly amount (DDS v1.1 `monthly-amount`); converting by the
/// yearly total is the advice-sector convention (a month is not four weeks: £100 a week is £433.33 a month,
/// not £400). DECISION: the SFS does not say how to round; nearest penny, half up, once per line, so a
/// line's monthly figure is what the officer sees and the totals are exact sums of those figures.
pub fn monthly_equivalent(amount: Money, frequency: Frequency) -> Money {
    let yearly = i128::from(amount.pence()) * i128::from(frequency.per_year());
    let (q, r) = (yearly.div_euclid(12), yearly.rem_euclid(12));
    let q = if 2 * r >= 12 { q + 1 } else { q };
    Money::from_pence(i64::try_from(q).expect("a monthly amount within i64 pence"))
}

// ----------------------------------------------------------------------------------------------- categories

/// The three parts of the SFS that hold income and outgoings lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Income,
    FixedCosts,
    FlexibleCosts,
}

impl Section {
    pub fn label(self) -> &'static str {
        match self {
            Section::Income => "Monthly income",
            Section::FixedCosts => "Monthly outgoings: fixed costs",
            Section::FlexibleCosts => "Monthly outgoings: flexible costs",
        }
    }
}

/// One SFS line, named as the data-entry schema names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemDef {
    pub code: &'static str,
    pub label: &'static str,
}

/// One SFS group of lines (earnings, benefits, home and contents, …) with its total field's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    /// The group's element name in the data-entry schema (`pensions-insurance`; the XSD says
    /// `pensions-insurances`).
    pub code: &'static str,
    pub section: Section,
    pub label: &'static str,
    /// The group's total element, e.g. `total-earnings`.
    pub total_field: &'static str,
    pub items: &'static [ItemDef],
    /// Where a figure from an SFS *summary* (which gives only the group's total) is put: the group's "other"
    /// line, so the summary exported again gives the same figure.
    pub summary_item: &'static str,
}

/// The free list of other essential costs: the only item that may appear more than once.
pub const OTHER_ESSENTIAL_COSTS: &str = "other-essential-costs";

const fn item(code: &'static str, label: &'static str) -> ItemDef {
    ItemDef { code, label }
}

/// Every SFS group and line, in the order of the SFS form (DDS v1.1 data-entry schema).
pub const GROUPS: &[Group] = &[
    Group {
        code: "earnings",
        section: Section::Income,
        label: "Earnings",
        total_field: "total-earnings",
        summary_item: "other-earnings",
        items: &[
            item("client-salary-or-wages", "Salary or wages (client)"),
            item("partner-salary-or-wages", "Salary or wages (partner)"),
            item("other-earnings", "Other earnings"),
        ],
    },
    Group {
        code: "benefits",
        section: Section::Income,
        label: "Benefits and tax credits",
        total_field: "total-benefits",
        summary_item: "other-benefits",
        items: &[
            item("tax-credits-universal-credit", "Tax credits / Universal Credit"),
            item("jobseekers-allowance-income-based", "Jobseeker's Allowance (income-based)"),
            item("jobseekers-allowance-contribution-based", "Jobseeker's Allowance (contribution-based)"),
            item("income-support", "Income Support"),
            item("working-tax-credit", "Working Tax Credit"),
            item("child-tax-credit", "Child Tax Credit"),
            item("child-benefit", "Child Benefit"),
            item("employment-support-allowance", "Employment and Support Allowance"),
            item("disability-benefits", "Disability benefits"),
            item("carers-allowance", "Carer's Allowance"),
            item("local-housing-allowance", "Local Housing Allowance / Housing Benefit"),
            item("council-tax-support", "Council Tax Support"),
            item("other-benefits", "Other benefits"),
        ],
    },
    Group {
        code: "pensions",
        section: Section::Income,
        label: "Pensions",
        total_field: "total-pensions",
        summary_item: "other-pensions",
        items: &[
            item("state-pensions", "State pension"),
            item("private-work-pensions", "Private or work pensions"),
            item("pension-credit", "Pension Credit"),
            item("other-pensions", "Other pensions"),
        ],
    },
    Group {
        code: "other-income",
        section: Section::Income,
        label: "Other income",
        total_field: "total-other-income",
        summary_item: "other-other-income",
        items: &[
            item("maintenance-child-support", "Maintenance or child support"),
            item("boarders-lodgers", "Boarders and lodgers"),
            item("non-dependants-contributions", "Contributions from non-dependants"),
            item("student-loans-grants", "Student loans and grants"),
            item("other-other-income", "Other income"),
        ],
    },
    Group {
        code: "home-contents",
        section: Section::FixedCosts,
        label: "Home and contents",
        total_field: "total-home-contents",
        summary_item: "other-home-contents",
        items: &[
            item("rent", "Rent"),
            item("ground-rent-service-charges", "Ground rent and service charges"),
            item("mortgage", "Mortgage"),
            item("mortgage-endowment", "Mortgage endowment"),
            item("secured-loans", "Other secured loans"),
            item("council-tax-rates", "Council tax / rates"),
            item("appliance-furniture-rental", "Appliance and furniture rental"),
            item("tv-licence", "TV licence"),
            item("other-home-contents", "Other home and contents"),
        ],
    },
    Group {
        code: "utilities",
        section: Section::FixedCosts,
        label: "Utilities",
        total_field: "total-utilities",
        summary_item: "other-utilities",
        items: &[
            item("gas", "Gas"),
            item("electricity", "Electricity"),
            item("other-utilities", "Other utilities (oil, LPG, solid fuel)"),
            item("other-utilities-expenditure", "Other utilities expenditure"),
        ],
    },
    Group {
        code: "water",
        section: Section::FixedCosts,
        label: "Water",
        total_field: "total-water",
        summary_item: "water-supply",
        items: &[item("water-supply", "Water supply"), item("water-waste", "Waste water")],
    },
    Group {
        code: "care-health",
        section: Section::FixedCosts,
        label: "Care and health costs",
        total_field: "total-care-health",
        summary_item: "other-care-health",
        items: &[
            item("childcare-costs", "Childcare"),
            item("adult-care-costs", "Adult care"),
            item("child-maintenance-child-support", "Child maintenance or child support paid"),
            item("prescriptions-medicines", "Prescriptions and medicines"),
            item("dentistry-opticians", "Dentistry and opticians"),
            item("other-care-health", "Other care and health costs"),
        ],
    },
    Group {
        code: "transport-travel",
        section: Section::FixedCosts,
        label: "Transport and travel",
        total_field: "total-transport-travel",
        summary_item: "other-transport-travel",
        items: &[
            item("public-transport", "Public transport"),
            item("hire-purchase-conditional-sale-vehicle", "Hire purchase or conditional sale (vehicle)"),
            item("car-insurance", "Car insurance"),
            item("road-tax", "Road tax"),
            item("mot-ongoing-maintenance", "MOT and maintenance"),
            item("breakdown-cover", "Breakdown cover"),
            item("fuel-parking-toll-road-charges", "Fuel, parking and tolls"),
            item("other-transport-travel", "Other transport and travel"),
        ],
    },
    Group {
        code: "school",
        section: Section::FixedCosts,
        label: "School costs",
        total_field: "total-school",
        summary_item: "other-school",
        items: &[
            item("school-uniform", "School uniform"),
            item("after-school-clubs-school-trips", "After-school clubs and school trips"),
            item("other-school", "Other school costs"),
        ],
    },
    Group {
        code: "pensions-insurance",
        section: Section::FixedCosts,
        label: "Pensions and insurances",
        total_field: "total-pensions-insurances",
        summary_item: "other-pensions-insurances",
        items: &[
            item("pension-payments", "Pension payments"),
            item("life-insurance", "Life insurance"),
            item("mortgage-payment-protection-insurance", "Mortgage payment protection insurance"),
            item("buildings-contents-insurance", "Buildings and contents insurance"),
            item("health-insurance", "Health insurance"),
            item("other-pensions-insurances", "Other pensions and insurances"),
        ],
    },
    Group {
        code: "professional",
        section: Section::FixedCosts,
        label: "Professional costs",
        total_field: "total-professional",
        summary_item: "other-professional",
        items: &[
            item("professional-courses", "Professional courses"),
            item("union-fees", "Union fees"),
            item("professional-fees", "Professional fees"),
            item("other-professional", "Other professional costs"),
        ],
    },
    Group {
        code: "other-essential",
        section: Section::FixedCosts,
        label: "Other essential costs",
        total_field: "total-other-essential",
        summary_item: OTHER_ESSENTIAL_COSTS,
        items: &[item(OTHER_ESSENTIAL_COSTS, "Other essential cost")],
    },
    Group {
        code: "communications-leisure",
        section: Section::FlexibleCosts,
        label: "Communications and leisure",
        total_field: "total-communications-leisure",
        summary_item: "other-communications-leisure",
        items: &[
            item("home-phone-internet-tv", "Home phone, internet and TV"),
            item("mobile-phone", "Mobile phone"),
            item("hobbies-leisure-sport", "Hobbies, leisure and sport"),
            item("gifts", "Gifts"),
            item("pocket-money", "Pocket money"),
            item("newspapers-magazines-stationery-postage", "Newspapers, magazines, stationery and postage"),
            item("other-communications-leisure", "Other communications and leisure"),
        ],
    },
    Group {
        code: "food-housekeeping",
        section: Section::FlexibleCosts,
        label: "Food and housekeeping",
        total_field: "total-food-housekeeping",
        summary_item: "other-food-housekeeping",
        items: &[
            item("groceries", "Groceries"),
            item("nappies-baby-items", "Nappies and baby items"),
            item("school-work-meals", "School or work meals"),
            item("laundry-dry-cleaning", "Laundry and dry cleaning"),
            item("alcohol", "Alcohol"),
            item("smoking-products", "Smoking products"),
            item("vet-bills-pet-insurance", "Vet bills and pet insurance"),
            item("house-repairs-maintenance", "House repairs and maintenance"),
            item("other-food-housekeeping", "Other food and housekeeping"),
        ],
    },
    Group {
        code: "personal",
        section: Section::FlexibleCosts,
        label: "Personal costs",
        total_field: "total-personal",
        summary_item: "other-personal",
        items: &[
            item("clothing-footwear", "Clothing and footwear"),
            item("hairdressing", "Hairdressing"),
            item("toiletries", "Toiletries"),
            item("other-personal", "Other personal costs"),
        ],
    },
];

/// The group a line belongs to, by the line's item code.
pub fn group_of(item_code: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|g| g.items.iter().any(|i| i.code == item_code))
}

pub fn group(code: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|g| g.code == code)
}

/// The label of an item code.
pub fn item_label(item_code: &str) -> Option<&'static str> {
    GROUPS.iter().flat_map(|g| g.items).find(|i| i.code == item_code).map(|i| i.label)
}

/// The SFS *summary* schema's fixed-cost fields in order, with the data-entry lines each one adds up, and the
/// line a summary figure is put on when a summary is imported. (Summary income and flexible costs are group
/// totals: see [`Group::total_field`].)
pub fn summary_fixed_cost_fields() -> Vec<(&'static str, Vec<&'static str>, &'static str)> {
    let group_items = |code: &str| group(code).expect("known group").items.iter().map(|i| i.code).collect::<Vec<_>>();
    let mut out: Vec<(&'static str, Vec<&'static str>, &'static str)> = vec![
        ("rent", vec!["rent"], "rent"),
        ("mortgage", vec!["mortgage"], "mortgage"),
        ("secured-loans", vec!["secured-loans"], "secured-loans"),
        ("council-tax-rates", vec!["council-tax-rates"], "council-tax-rates"),
        (
            "other-home-contents",
            vec![
                "ground-rent-service-charges",
                "mortgage-endowment",
                "appliance-furniture-rental",
                "tv-licence",
                "other-home-contents",
            ],
            "other-home-contents",
        ),
        ("gas", vec!["gas"], "gas"),
        ("electricity", vec!["electricity"], "electricity"),
        ("other-utilities", vec!["other-utilities", "other-utilities-expenditure"], "other-utilities"),
    ];
    for code in
        ["water", "care-health", "transport-travel", "school", "pensions-insurance", "professional", "other-essential"]
    {
        let g = group(code).expect("known group");
        out.push((g.total_field, group_items(code), g.summary_item));
    }
    out
}

/// SFS housing tenure values, exactly as the schemas spell them.
pub const HOUSING_TENURES: &[&str] =
    &["Owner", "Mortgage", "Living with parents", "Tenant - private sector", "Tenant - social", "other"];

/// SFS employment status values, exactly as the schemas spell them.
pub const EMPLOYMENT_STATUSES: &[&str] = &[
    "Full-time",
    "Part-time",
    "Unemployed",
    "Not working due to illness / disability",
    "Self-employed",
    "Retired",
    "Carer",
    "Student",
    "Other",
];

// ------------------------------------------------------------------------------------------------ statement

/// The household section of the SFS.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Household {
    pub client_name: String,
    /// As given: an ISO date (`1975-12-25`) or an ISO date-time from an imported SFS; empty if not known.
    pub client_date_of_birth: String,
    pub joint_application: bool,
    pub partner_name: String,
    pub partner_date_of_birth: String,
    pub client_address: String,
    pub dependent_children_under_16: u32,
    pub dependent_children_16_18: u32,
    pub other_dependants: u32,
    pub non_dependants: u32,
    pub vehicles: u32,
    /// One of [`HOUSING_TENURES`], or empty if not yet known.
    pub housing_tenure: String,
    pub housing_tenure_other: String,
    /// Any of [`EMPLOYMENT_STATUSES`].
    pub client_employment_status: Vec<String>,
    pub client_employment_status_other: String,
    pub partner_employment_status: Vec<String>,
    pub partner_employment_status_other: String,
    pub asset_use_considered: bool,
}

impl Household {
    /// Client + partner (if joint) + dependent children under 16 and 16–18 + other dependants +
    /// non-dependants (the SFS definition of `total-number-in-household`).
    pub fn total_number(&self) -> u32 {
        1 + u32::from(self.joint_application)
            + self.dependent_children_under_16
            + self.dependent_children_16_18
            + self.other_dependants
            + self.non_dependants
    }

    /// The household make-up the spending guidelines are looked up by. DECISION: adults are the client, the
    /// partner on a joint application and other dependants; children are the dependent children under 16 and
    /// 16–18; non-dependants are left out (they meet their own costs, and their contributions are income).
    pub fn composition(&self) -> Composition {
        Composition {
            adults: 1 + u32::from(self.joint_application) + self.other_dependants,
            children: self.dependent_children_under_16 + self.dependent_children_16_18,
            vehicles: Some(self.vehicles),
        }
    }
}

/// One income or outgoings line: the amount as the person gave it, how often, and its monthly equivalent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The SFS data-entry element name, e.g. `client-salary-or-wages`.
    pub item: String,
    pub amount: Money,
    pub frequency: Frequency,
    /// [`monthly_equivalent`] of the amount.
    pub monthly: Money,
    #[serde(default)]
    pub notes: String,
}

impl Line {
    pub fn new(item: &str, amount: Money, frequency: Frequency, notes: &str) -> Line {
        Line {
            item: item.to_string(),
            amount,
            frequency,
            monthly: monthly_equivalent(amount, frequency),
            notes: notes.to_string(),
        }
    }
}

/// A priority or non-priority debt: the creditor, what is owed, the monthly offer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Debt {
    pub creditor: String,
    pub amount_owed: Money,
    /// The monthly repayment offer.
    pub offer: Money,
    /// A county court judgment (non-priority debts only in the SFS).
    pub ccj: bool,
    /// This council's own debt (council tax arrears, an overpayment, an invoice): not an SFS field; it picks
    /// the lines [`crate::rules::affordability::council_affordable_offer`] adds up.
    pub council: bool,
    pub notes: String,
}

/// A whole statement, validated: every amount is money, every item a known SFS line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Statement {
    pub household: Household,
    /// Income and outgoings lines in form order; one per item, except [`OTHER_ESSENTIAL_COSTS`].
    pub lines: Vec<Line>,
    /// Monthly savings contribution.
    pub savings_contribution: Money,
    pub savings_contribution_considered: bool,
    /// Monthly fee of a fee-charging debt management plan.
    pub debt_admin_fee: Money,
    pub debt_admin_fee_notes: String,
    pub priority_debts: Vec<Debt>,
    pub non_priority_debts: Vec<Debt>,
    pub token_payments: Option<Money>,
    /// The SFS "additional notes" (reasons for debt, circumstances, temporary situations).
    pub notes: Vec<String>,
}

impl Statement {
    /// The monthly total of one group's lines.
    pub fn group_total(&self, group: &Group) -> Money {
        self.lines.iter().filter(|l| group.items.iter().any(|i| i.code == l.item)).map(|l| l.monthly).sum()
    }

    /// The monthly total of the given items' lines.
    pub fn items_total(&self, items: &[&str]) -> Money {
        self.lines.iter().filter(|l| items.contains(&l.item.as_str())).map(|l| l.monthly).sum()
    }

    fn section_total(&self, section: Section) -> Money {
        GROUPS.iter().filter(|g| g.section == section).map(|g| self.group_total(g)).sum()
    }
}

// ------------------------------------------------------------------------------------------------- overview

/// The SFS overview, every figure monthly.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub total_income: Money,
    pub total_fixed_costs: Money,
    pub total_flexible_costs: Money,
    /// Fixed + flexible costs (SFS `total-monthly-outgoings`).
    pub total_expenditure: Money,
    /// Income − expenditure (SFS `income-minus-outgoings`): the disposable income.
    pub disposable_income: Money,
    pub savings_contribution: Money,
    pub debt_admin_fee: Money,
    /// Income − expenditure − savings contribution − debt admin fee (SFS DDS v1.1).
    pub available_for_priority_debts: Money,
    pub total_priority_debts: Money,
    /// The offers to priority creditors (SFS `total-priority-debt-offers`).
    pub priority_offers: Money,
    /// Available for priority debts − the offers to priority creditors (SFS DDS v1.1).
    pub available_for_non_priority_debts: Money,
    pub total_non_priority_debts: Money,
    /// The offers entered against non-priority debts.
    pub non_priority_offers: Money,
    pub token_payments: Option<Money>,
}

/// A group's monthly total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupTotal {
    pub group: &'static str,
    pub section: Section,
    pub label: &'static str,
    pub total: Money,
}

/// Something the officer must see; none of them stops the statement being saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// Spending (with savings and fees) is more than income.
    NegativeBudget,
    NoIncome,
    /// Offers to priority creditors are more than is available for them.
    PriorityOffersAboveAvailable,
    /// Offers to non-priority creditors are more than is available for them.
    NonPriorityOffersAboveAvailable,
    /// An offer to the council is more than the household can afford.
    CouncilOfferAboveAffordable,
    /// The council's priority debt has no offer against it.
    CouncilPriorityDebtWithoutOffer,
    /// Council tax appears among the non-priority debts (recovery-rules.md §8.1: it is a priority debt).
    CouncilTaxListedAsNonPriority,
    /// A category is over the spending guideline for this household: it needs a note, it is not refused.
    OverGuideline,
    /// An imported SFS file's own total or overview figure differs from the sum of its lines (the sum is used).
    ImportedFigureDiffers,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
}

/// The signposting shown with a negative budget (MHCLG 2021 guidance and the Council Tax Protocol,
/// recovery-rules.md §8.2).
pub const NEGATIVE_BUDGET_SIGNPOST: &str = "Signpost free, independent debt advice (for example Citizens Advice, \
     StepChange or National Debtline) and check entitlement to Council Tax Reduction, discounts and exemptions; \
     consider discretionary relief (s13A Local Government Finance Act 1992) and hardship help.";

/// The whole assessment of a statement: group totals, the overview, the pro-rata shares of what is available
/// for non-priority creditors, the warnings and the spending-guideline checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub groups: Vec<GroupTotal>,
    pub overview: Overview,
    /// Each non-priority creditor's pro-rata share of `available_for_non_priority_debts`, in list order.
    pub non_priority_shares: Vec<Money>,
    pub guideline_checks: Vec<GuidelineCheck>,
    pub warnings: Vec<Warning>,
}

fn pounds(m: Money) -> String {
    format!("£{}", m)
}

/// The SFS overview arithmetic (DDS v1.1): totals, disposable income, available for priority debts (income −
/// outgoings − savings contribution − debt admin fee), available for non-priority debts (that − offers to
/// priority creditors), the pro-rata split of what is available for non-priority creditors, the warnings,
/// and the check of each category against the guideline in force on `on` for this household.
pub fn assess(statement: &Statement, guidelines: &[Guideline], on: NaiveDate) -> Assessment {
    let groups: Vec<GroupTotal> = GROUPS
        .iter()
        .map(|g| GroupTotal { group: g.code, section: g.section, label: g.label, total: statement.group_total(g) })
        .collect();
    let total_income = statement.section_total(Section::Income);
    let total_fixed_costs = statement.section_total(Section::FixedCosts);
    let total_flexible_costs = statement.section_total(Section::FlexibleCosts);
    let total_expenditure = total_fixed_costs + total_flexible_costs;
    let disposable_income = total_income - total_expenditure;
    let available_for_priority_debts = disposable_income - statement.savings_contribution - statement.debt_admin_fee;
    let priority_offers: Money = statement.priority_debts.iter().map(|d| d.offer).sum();
    let available_for_non_priority_debts = available_for_priority_debts - priority_offers;
    let non_priority_offers: Money = statement.non_priority_debts.iter().map(|d| d.offer).sum();
    let overview = Overview {
        total_income,
        total_fixed_costs,
        total_flexible_costs,
        total_expenditure,
        disposable_income,
        savings_contribution: statement.savings_contribution,
        debt_admin_fee: statement.debt_admin_fee,
        available_for_priority_debts,
        total_priority_debts: statement.priority_debts.iter().map(|d| d.amount_owed).sum(),
        priority_offers,
        available_for_non_priority_debts,
        total_non_priority_debts: statement.non_priority_debts.iter().map(|d| d.amount_owed).sum(),
        non_priority_offers,
        token_payments: statement.token_payments,
    };
    let owed: Vec<Money> = statement.non_priority_debts.iter().map(|d| d.amount_owed).collect();
    let non_priority_shares = crate::rules::pro_rata::pro_rata_offers(available_for_non_priority_debts, &owed);

    let mut warnings = Vec::new();
    if total_income.is_zero() {
        warnings.push(Warning {
            code: WarningCode::NoIncome,
            message: "No income is recorded. Check earnings, every benefit and pension, and other income; a \
                      household with no income may be entitled to Council Tax Reduction."
                .into(),
        });
    }
    if available_for_priority_debts.is_negative() {
        warnings.push(Warning {
            code: WarningCode::NegativeBudget,
            message: format!(
                "The budget does not balance: outgoings, savings and fees are {} a month more than income. {}",
                pounds(-available_for_priority_debts),
                NEGATIVE_BUDGET_SIGNPOST
            ),
        });
    }
    if priority_offers > available_for_priority_debts.max(Money::ZERO) {
        warnings.push(Warning {
            code: WarningCode::PriorityOffersAboveAvailable,
            message: format!(
                "Offers to priority creditors ({}) are more than is available for priority debts ({}).",
                pounds(priority_offers),
                pounds(available_for_priority_debts)
            ),
        });
    }
    if non_priority_offers > available_for_non_priority_debts.max(Money::ZERO) {
        warnings.push(Warning {
            code: WarningCode::NonPriorityOffersAboveAvailable,
            message: format!(
                "Offers to non-priority creditors ({}) are more than is available for them ({}).",
                pounds(non_priority_offers),
                pounds(available_for_non_priority_debts)
            ),
        });
    }
    for d in &statement.non_priority_debts {
        let text = format!("{} {}", d.creditor, d.notes).to_lowercase();
        if text.contains("council tax") {
            warnings.push(Warning {
                code: WarningCode::CouncilTaxListedAsNonPriority,
                message: format!(
                    "{} is listed as a non-priority debt, but council tax is a priority debt; move it to the \
                     priority debts.",
                    if d.creditor.trim().is_empty() { "A council tax debt" } else { d.creditor.trim() }
                ),
            });
        }
    }
    let guideline_checks = check_guidelines(statement, &groups, guidelines, on);
    for c in guideline_checks.iter().filter(|c| c.over) {
        warnings.push(Warning {
            code: WarningCode::OverGuideline,
            message: format!(
                "{} ({}) is over the spending guideline of {} for a household of {}{}.",
                c.label,
                pounds(c.spent),
                pounds(c.guideline),
                c.household,
                if c.explained { "; a note explains it" } else { ": add a note saying why (it is not refused)" }
            ),
        });
    }
    Assessment { groups, overview, non_priority_shares, guideline_checks, warnings }
}

// --------------------------------------------------------------------------------------- spending guidelines

/// A household make-up as the guideline file writes it: `1A0C` (one adult, no children), `2A3C`, and
/// optionally vehicles, `2A1C1V`. A guideline row without vehicles applies whatever the vehicles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Composition {
    pub adults: u32,
    pub children: u32,
    pub vehicles: Option<u32>,
}

impl Composition {
    /// Reads `2A1C` or `2A1C1V` (any case, spaces ignored). At least one adult.
    pub fn parse(text: &str) -> Option<Composition> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        let (adults, rest) = t.split_once('A')?;
        let (children, rest) = rest.split_once('C')?;
        let vehicles = match rest {
            "" => None,
            v => Some(v.strip_suffix('V')?),
        };
        let num = |s: &str| -> Option<u32> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 3 {
                None
            } else {
                s.parse().ok()
            }
        };
        let c = Composition {
            adults: num(adults)?,
            children: num(children)?,
            vehicles: match vehicles {
                None => None,
                Some(v) => Some(num(v)?),
            },
        };
        (c.adults > 0).then_some(c)
    }
}

impl fmt::Display for Composition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}A{}C", self.adults, self.children)?;
        if let Some(v) = self.vehicles {
            write!(f, "{v}V")?;
        }
        Ok(())
    }
}

/// One licensed spending guideline (trigger figure) the council loaded: the monthly amount for a category
/// and a household make-up, from a date. The app ships none (recovery-rules.md §8.1: the figures are licensed
/// to SFS members).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guideline {
    /// An SFS group code, e.g. `food-housekeeping`.
    pub category: String,
    pub household: Composition,
    pub amount: Money,
    pub valid_from: NaiveDate,
}

/// One category checked against its guideline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GuidelineCheck {
    pub group: &'static str,
    pub label: &'static str,
    /// The household make-up the guideline was found for.
    pub household: Composition,
    pub guideline: Money,
    pub valid_from: NaiveDate,
    pub spent: Money,
    /// Spending is more than the guideline: the line needs a note (and may need evidence), it is not refused.
    pub over: bool,
    /// Some line in the category has a note.
    pub explained: bool,
}

/// The guideline in force on `on` for `category` and this household: rows for the same adults and children,
/// with the same vehicles or none given; the latest `valid_from` on or before `on` wins, and on the same date
/// a row that names the vehicles beats one that does not.
pub fn guideline_for<'a>(
    guidelines: &'a [Guideline],
    category: &str,
    household: Composition,
    on: NaiveDate,
) -> Option<&'a Guideline> {
    guidelines
        .iter()
        .filter(|g| {
            g.category == category
                && g.household.adults == household.adults
                && g.household.children == household.children
                && (g.household.vehicles.is_none() || g.household.vehicles == household.vehicles)
                && g.valid_from <= on
        })
        .max_by_key(|g| (g.valid_from, g.household.vehicles.is_some()))
}

fn check_guidelines(
    statement: &Statement,
    groups: &[GroupTotal],
    guidelines: &[Guideline],
    on: NaiveDate,
) -> Vec<GuidelineCheck> {
    let household = statement.household.composition();
    let mut out = Vec::new();
    for total in groups {
        if let Some(g) = guideline_for(guidelines, total.group, household, on) {
            let def = group(total.group).expect("known group");
            out.push(GuidelineCheck {
                group: total.group,
                label: total.label,
                household: g.household,
                guideline: g.amount,
                valid_from: g.valid_from,
                spent: total.total,
                over: total.total > g.amount,
                explained: statement
                    .lines
                    .iter()
                    .any(|l| def.items.iter().any(|i| i.code == l.item) && !l.notes.trim().is_empty()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_codes_are_unique_and_every_group_has_its_summary_item() {
        let mut seen = std::collections::BTreeSet::new();
        for g in GROUPS {
            assert!(g.items.iter().any(|i| i.code == g.summary_item), "{}", g.code);
            for i in g.items {
                assert!(seen.insert(i.code), "{} twice", i.code);
            }
        }
    }

    #[test]
    fn compositions_read_and_write_the_same() {
        for t in ["1A0C", "2A3C", "2A1C1V"] {
            assert_eq!(Composition::parse(t).unwrap().to_string(), t);
        }
        assert_eq!(Composition::parse(" 2a 1c ").unwrap().to_string(), "2A1C");
        for bad in ["", "0A1C", "A1C", "2A", "2A1C1", "2A1CxV", "two adults"] {
            assert!(Composition::parse(bad).is_none(), "{bad}");
        }
    }
}
