//! Income and expenditure (issue 6), one function per user action: the form's categories; the overview of a
//! statement as it is typed (nothing saved); a new statement for a person starting from their last; saving
//! one; the latest with its date and a `stale` flag after the council's review period; the history; loading
//! the licensed spending guidelines from CSV; importing an SFS statement (JSON or XML, validated against the
//! shipped schemas, all or nothing) and exporting one as SFS JSON; the affordable offer for the council's own
//! debts; the pro-rata and offer-feasibility calculators; and the printable SFS summary (PDF).
//!
//! The arithmetic is `rules::income_expenditure`, `rules::pro_rata` and `rules::affordability`; the formats are
//! [`sfs`] and [`sfs_xml`]; the SQL is `db::income_expenditure`.

pub mod sfs;
pub mod sfs_xml;
pub mod summary_pdf;

use crate::access::Permission;
use crate::api::audit::{record_view, ViewKind, Viewed};
use crate::db::income_expenditure::{self as store, GuidelineRow, IncomeExpenditureRow, NewIncomeExpenditure, Source};
use crate::db::{audit, parties, settings, Ctx, Db};
use crate::error::{Error, Problem, Result};
use crate::money::Money;
use crate::rules::affordability::{self, CouncilOffer, OfferFeasibility};
use crate::rules::income_expenditure::{
    self as ie, Assessment, Composition, Debt, Frequency, Guideline, Household, Line, Section, Statement, Warning,
    EMPLOYMENT_STATUSES, GROUPS, HOUSING_TENURES, OTHER_ESSENTIAL_COSTS,
};
use crate::rules::pro_rata::pro_rata_offers;
use chrono::{Months, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sfs::SfsSchema;

// ------------------------------------------------------------------------------------------------- settings

/// The council's income and expenditure settings, stored under the settings key `income_expenditure`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct IncomeExpenditureSettings {
    /// Months after its date when a statement is stale and the person screen asks for a new one. POLICY: the
    /// rules and product notes set no period; 6 months is the default (a council may choose 3 or 12).
    pub review_months: u32,
}

impl Default for IncomeExpenditureSettings {
    fn default() -> Self {
        IncomeExpenditureSettings { review_months: 6 }
    }
}

const SETTINGS_KEY: &str = "income_expenditure";

fn read_settings(conn: &Connection) -> Result<IncomeExpenditureSettings> {
    Ok(settings::get(conn, SETTINGS_KEY)?.unwrap_or_default())
}

pub fn income_expenditure_settings(db: &Db) -> Result<IncomeExpenditureSettings> {
    db.read(|tx| read_settings(tx))
}

pub fn save_income_expenditure_settings(
    db: &Db,
    ctx: &Ctx,
    input: IncomeExpenditureSettings,
) -> Result<IncomeExpenditureSettings> {
    ctx.require(Permission::EditTemplatesAndRules)?;
    if !(1..=60).contains(&input.review_months) {
        return Err(Error::validation("reviewMonths", "must be between 1 and 60 months"));
    }
    db.write(|tx| {
        settings::put(tx, ctx, SETTINGS_KEY, &input)?;
        audit::record(
            tx,
            ctx,
            "save_income_expenditure_settings",
            "settings",
            SETTINGS_KEY,
            None,
            None,
            serde_json::json!({}),
        )
    })?;
    Ok(input)
}

// ------------------------------------------------------------------------------------------------ the form

#[derive(Clone, Debug, Serialize)]
pub struct CatalogueItem {
    pub code: &'static str,
    pub label: &'static str,
    /// Only other essential costs may be entered more than once.
    pub repeatable: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct CatalogueGroup {
    pub code: &'static str,
    pub section: Section,
    pub section_label: &'static str,
    pub label: &'static str,
    pub items: Vec<CatalogueItem>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FrequencyView {
    pub code: Frequency,
    pub label: &'static str,
    pub rule: &'static str,
}

/// Everything the I&E form is built from, in SFS order.
#[derive(Clone, Debug, Serialize)]
pub struct IncomeExpenditureCatalogue {
    pub groups: Vec<CatalogueGroup>,
    pub frequencies: Vec<FrequencyView>,
    pub housing_tenures: &'static [&'static str],
    pub employment_statuses: &'static [&'static str],
}

pub fn income_expenditure_catalogue() -> IncomeExpenditureCatalogue {
    IncomeExpenditureCatalogue {
        groups: GROUPS
            .iter()
            .map(|g| CatalogueGroup {
                code: g.code,
                section: g.section,
                section_label: g.section.label(),
                label: g.label,
                items: g
                    .items
                    .iter()
                    .map(|i| CatalogueItem {
                        code: i.code,
                        label: i.label,
                        repeatable: i.code == OTHER_ESSENTIAL_COSTS,
                    })
                    .collect(),
            })
            .collect(),
        frequencies: Frequency::ALL
            .iter()
            .map(|f| FrequencyView { code: *f, label: f.label(), rule: f.rule() })
            .collect(),
        housing_tenures: HOUSING_TENURES,
        employment_statuses: EMPLOYMENT_STATUSES,
    }
}

// ------------------------------------------------------------------------------------------------- inputs

/// The household as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct HouseholdInput {
    pub client_name: String,
    /// YYYY-MM-DD (or an ISO date-time from an imported SFS); may be empty.
    pub client_date_of_birth: String,
    pub joint_application: bool,
    pub partner_name: String,
    pub partner_date_of_birth: String,
    pub client_address: String,
    pub dependent_children_under16: u32,
    pub dependent_children16_to18: u32,
    pub other_dependants: u32,
    pub non_dependants: u32,
    pub vehicles: u32,
    pub housing_tenure: String,
    pub housing_tenure_other: String,
    pub client_employment_status: Vec<String>,
    pub client_employment_status_other: String,
    pub partner_employment_status: Vec<String>,
    pub partner_employment_status_other: String,
    pub asset_use_considered: bool,
}

/// One income or outgoings line as typed: the SFS item, the amount as text, how often.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct LineInput {
    pub item: String,
    /// Pounds and pence as typed ("433.33", "£1,200"); empty is £0.00.
    pub amount: String,
    pub frequency: Frequency,
    pub notes: String,
}

/// A debt as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct DebtInput {
    pub creditor: String,
    pub amount_owed: String,
    /// The monthly offer.
    pub offer: String,
    pub ccj: bool,
    /// This council's own debt.
    pub council: bool,
    pub notes: String,
}

/// A whole statement as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct StatementInput {
    pub household: HouseholdInput,
    pub lines: Vec<LineInput>,
    pub savings_contribution: String,
    pub savings_contribution_considered: bool,
    pub debt_admin_fee: String,
    pub debt_admin_fee_notes: String,
    pub priority_debts: Vec<DebtInput>,
    pub non_priority_debts: Vec<DebtInput>,
    /// Empty when none were recorded.
    pub token_payments: String,
    pub notes: Vec<String>,
}

/// A field that cannot be read, named as the input names it (`lines[2].amount`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub reason: String,
}

fn amount(text: &str, field: String, problems: &mut Vec<FieldProblem>) -> Money {
    if text.trim().is_empty() {
        return Money::ZERO;
    }
    match Money::parse_lenient(text) {
        Ok(m) if m.is_negative() => {
            problems.push(FieldProblem { field, reason: "must be £0.00 or more".into() });
            Money::ZERO
        }
        Ok(m) => m,
        Err(e) => {
            problems.push(FieldProblem { field, reason: e.to_string() });
            Money::ZERO
        }
    }
}

fn date_of_birth(text: &str, field: &str, problems: &mut Vec<FieldProblem>) -> String {
    let t = text.trim();
    let ok = t.is_empty()
        || NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok()
        || chrono::DateTime::parse_from_rfc3339(t).is_ok();
    if !ok {
        problems.push(FieldProblem { field: field.into(), reason: format!("'{t}' is not a date (use YYYY-MM-DD)") });
    }
    t.to_string()
}

/// Reads a statement as typed: every figure that can be read is, and every one that cannot is a problem
/// naming its field (and counts as £0.00 in the overview meanwhile).
pub fn read_statement(input: &StatementInput) -> (Statement, Vec<FieldProblem>) {
    let mut problems = Vec::new();
    let h = &input.household;
    if !h.housing_tenure.is_empty() && !HOUSING_TENURES.contains(&h.housing_tenure.as_str()) {
        problems.push(FieldProblem {
            field: "household.housingTenure".into(),
            reason: format!("'{}' is not one of: {}", h.housing_tenure, HOUSING_TENURES.join(", ")),
        });
    }
    for (field, list) in [
        ("household.clientEmploymentStatus", &h.client_employment_status),
        ("household.partnerEmploymentStatus", &h.partner_employment_status),
    ] {
        for s in list.iter().filter(|s| !EMPLOYMENT_STATUSES.contains(&s.as_str())) {
            problems.push(FieldProblem {
                field: field.into(),
                reason: format!("'{s}' is not one of: {}", EMPLOYMENT_STATUSES.join(", ")),
            });
        }
    }
    let household = Household {
        client_name: h.client_name.trim().to_string(),
        client_date_of_birth: date_of_birth(&h.client_date_of_birth, "household.clientDateOfBirth", &mut problems),
        joint_application: h.joint_application,
        partner_name: h.partner_name.trim().to_string(),
        partner_date_of_birth: date_of_birth(&h.partner_date_of_birth, "household.partnerDateOfBirth", &mut problems),
        client_address: h.client_address.trim().to_string(),
        dependent_children_under_16: h.dependent_children_under16,
        dependent_children_16_18: h.dependent_children16_to18,
        other_dependants: h.other_dependants,
        non_dependants: h.non_dependants,
        vehicles: h.vehicles,
        housing_tenure: h.housing_tenure.clone(),
        housing_tenure_other: h.housing_tenure_other.trim().to_string(),
        client_employment_status: h.client_employment_status.clone(),
        client_employment_status_other: h.client_employment_status_other.trim().to_string(),
        partner_employment_status: h.partner_employment_status.clone(),
        partner_employment_status_other: h.partner_employment_status_other.trim().to_string(),
        asset_use_considered: h.asset_use_considered,
    };
    let mut lines = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, l) in input.lines.iter().enumerate() {
        let item = l.item.trim();
        if ie::group_of(item).is_none() {
            problems.push(FieldProblem {
                field: format!("lines[{i}].item"),
                reason: format!("'{item}' is not an SFS line"),
            });
            continue;
        }
        if item != OTHER_ESSENTIAL_COSTS && !seen.insert(item.to_string()) {
            problems.push(FieldProblem {
                field: format!("lines[{i}].item"),
                reason: format!("{} is entered twice; add the amounts together", ie::item_label(item).unwrap_or(item)),
            });
            continue;
        }
        let a = amount(&l.amount, format!("lines[{i}].amount"), &mut problems);
        lines.push(Line::new(item, a, l.frequency, l.notes.trim()));
    }
    let debts = |list: &[DebtInput], name: &str, problems: &mut Vec<FieldProblem>| -> Vec<Debt> {
        list.iter()
            .enumerate()
            .map(|(i, d)| {
                let debt = Debt {
                    creditor: d.creditor.trim().to_string(),
                    amount_owed: amount(&d.amount_owed, format!("{name}[{i}].amountOwed"), problems),
                    offer: amount(&d.offer, format!("{name}[{i}].offer"), problems),
                    ccj: d.ccj,
                    council: d.council,
                    notes: d.notes.trim().to_string(),
                };
                if debt.creditor.is_empty() && !(debt.amount_owed.is_zero() && debt.offer.is_zero()) {
                    problems.push(FieldProblem {
                        field: format!("{name}[{i}].creditor"),
                        reason: "name the creditor".into(),
                    });
                }
                debt
            })
            .collect()
    };
    let statement = Statement {
        household,
        lines,
        savings_contribution: amount(&input.savings_contribution, "savingsContribution".into(), &mut problems),
        savings_contribution_considered: input.savings_contribution_considered,
        debt_admin_fee: amount(&input.debt_admin_fee, "debtAdminFee".into(), &mut problems),
        debt_admin_fee_notes: input.debt_admin_fee_notes.trim().to_string(),
        priority_debts: debts(&input.priority_debts, "priorityDebts", &mut problems),
        non_priority_debts: debts(&input.non_priority_debts, "nonPriorityDebts", &mut problems),
        token_payments: if input.token_payments.trim().is_empty() {
            None
        } else {
            Some(amount(&input.token_payments, "tokenPayments".into(), &mut problems))
        },
        notes: input.notes.iter().map(|n| n.trim().to_string()).collect(),
    };
    (statement, problems)
}

/// A statement back into the form's shape (to start a new one from it, or to edit an imported one).
pub fn statement_input(s: &Statement) -> StatementInput {
    let h = &s.household;
    let debt = |d: &Debt| DebtInput {
        creditor: d.creditor.clone(),
        amount_owed: d.amount_owed.to_string(),
        offer: d.offer.to_string(),
        ccj: d.ccj,
        council: d.council,
        notes: d.notes.clone(),
    };
    StatementInput {
        household: HouseholdInput {
            client_name: h.client_name.clone(),
            client_date_of_birth: h.client_date_of_birth.clone(),
            joint_application: h.joint_application,
            partner_name: h.partner_name.clone(),
            partner_date_of_birth: h.partner_date_of_birth.clone(),
            client_address: h.client_address.clone(),
            dependent_children_under16: h.dependent_children_under_16,
            dependent_children16_to18: h.dependent_children_16_18,
            other_dependants: h.other_dependants,
            non_dependants: h.non_dependants,
            vehicles: h.vehicles,
            housing_tenure: h.housing_tenure.clone(),
            housing_tenure_other: h.housing_tenure_other.clone(),
            client_employment_status: h.client_employment_status.clone(),
            client_employment_status_other: h.client_employment_status_other.clone(),
            partner_employment_status: h.partner_employment_status.clone(),
            partner_employment_status_other: h.partner_employment_status_other.clone(),
            asset_use_considered: h.asset_use_considered,
        },
        lines: s
            .lines
            .iter()
            .map(|l| LineInput {
                item: l.item.clone(),
                amount: l.amount.to_string(),
                frequency: l.frequency,
                notes: l.notes.clone(),
            })
            .collect(),
        savings_contribution: s.savings_contribution.to_string(),
        savings_contribution_considered: s.savings_contribution_considered,
        debt_admin_fee: s.debt_admin_fee.to_string(),
        debt_admin_fee_notes: s.debt_admin_fee_notes.clone(),
        priority_debts: s.priority_debts.iter().map(debt).collect(),
        non_priority_debts: s.non_priority_debts.iter().map(debt).collect(),
        token_payments: s.token_payments.map(|t| t.to_string()).unwrap_or_default(),
        notes: s.notes.clone(),
    }
}

// -------------------------------------------------------------------------------------------------- views

/// A statement with everything the screen shows beside it.
#[derive(Clone, Debug, Serialize)]
pub struct IncomeExpenditureView {
    pub statement: Statement,
    pub total_number_in_household: u32,
    pub household_composition: Composition,
    #[serde(flatten)]
    pub assessment: Assessment,
    pub council_offer: CouncilOffer,
    /// Fields that could not be read (as-you-type); a statement with any cannot be saved.
    pub problems: Vec<FieldProblem>,
}

fn view(
    statement: Statement,
    guidelines: &[Guideline],
    on: NaiveDate,
    problems: Vec<FieldProblem>,
) -> IncomeExpenditureView {
    let assessment = ie::assess(&statement, guidelines, on);
    let council_offer = affordability::council_affordable_offer(&statement, &assessment);
    IncomeExpenditureView {
        total_number_in_household: statement.household.total_number(),
        household_composition: statement.household.composition(),
        assessment,
        council_offer,
        problems,
        statement,
    }
}

fn guidelines(conn: &Connection) -> Result<Vec<Guideline>> {
    Ok(store::guidelines(conn)?.into_iter().map(|g| g.guideline).collect())
}

/// A saved statement, its review date and whether it is stale.
#[derive(Clone, Debug, Serialize)]
pub struct SavedIncomeExpenditure {
    #[serde(flatten)]
    pub record: IncomeExpenditureRow,
    /// The statement's date + the council's review period.
    pub review_due_on: String,
    /// Today is on or after the review date: the person screen asks for a new statement.
    pub stale: bool,
    pub view: IncomeExpenditureView,
}

impl SavedIncomeExpenditure {
    /// The I&E facts a letter shows (the `ie_summary_cover` template's `notice.income_expenditure`): monthly
    /// income, expenditure (with savings and fees), what is left, and the affordable offer to the council.
    pub fn letter_facts(&self) -> Result<crate::letters::merge::IncomeExpenditure> {
        let o = &self.view.assessment.overview;
        Ok(crate::letters::merge::IncomeExpenditure {
            taken_on: crate::db::date(&self.record.taken_on)?,
            income: o.total_income,
            expenditure: o.total_income - o.available_for_priority_debts,
            surplus: o.available_for_priority_debts,
            offer: self.view.council_offer.affordable,
            frequency: "monthly".into(),
        })
    }
}

fn review_due(taken_on: &str, settings: &IncomeExpenditureSettings) -> Result<NaiveDate> {
    let d = NaiveDate::parse_from_str(taken_on, "%Y-%m-%d")
        .map_err(|_| Error::Internal(format!("a stored statement date '{taken_on}' is not a date")))?;
    d.checked_add_months(Months::new(settings.review_months))
        .ok_or_else(|| Error::Internal("review date out of range".into()))
}

fn saved(conn: &Connection, today: NaiveDate, id: &str) -> Result<SavedIncomeExpenditure> {
    let (record, statement, _) =
        store::get(conn, id)?.ok_or_else(|| Error::NotFound(format!("income and expenditure statement {id}")))?;
    let due = review_due(&record.taken_on, &read_settings(conn)?)?;
    let on = crate::db::date(&record.taken_on)?;
    Ok(SavedIncomeExpenditure {
        review_due_on: due.to_string(),
        stale: today >= due,
        view: view(statement, &guidelines(conn)?, on, Vec::new()),
        record,
    })
}

// ------------------------------------------------------------------------------------------------ actions

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ComputeIncomeExpenditureInput {
    pub statement: StatementInput,
    /// The statement's date (for the guideline in force); today if absent.
    #[serde(default)]
    pub taken_on: Option<String>,
}

/// The overview of a statement as it is typed: totals, overview, pro-rata shares, warnings, guideline checks
/// and every field that cannot be read. Nothing is saved.
pub fn compute_income_expenditure(
    db: &Db,
    ctx: &Ctx,
    input: ComputeIncomeExpenditureInput,
) -> Result<IncomeExpenditureView> {
    let on = match &input.taken_on {
        Some(t) if !t.trim().is_empty() => super::person::parse_date(t, "takenOn")?,
        _ => ctx.today,
    };
    let (statement, problems) = read_statement(&input.statement);
    let g = db.read(|tx| guidelines(tx))?;
    Ok(view(statement, &g, on, problems))
}

/// The form for a new statement for a person: their last statement's figures if they have one (a new one starts
/// from the last), else their name, date of birth and address from their record.
#[derive(Clone, Debug, Serialize)]
pub struct NewStatement {
    pub party_id: String,
    /// The statement it starts from, to pass back as `startedFromId` when saving.
    pub started_from_id: Option<String>,
    pub started_from_taken_on: Option<String>,
    pub statement: StatementInput,
}

/// The view is written to the audit log (it shows the latest statement's figures).
pub fn new_income_expenditure(db: &Db, ctx: &Ctx, party_id: &str) -> Result<NewStatement> {
    let start = db.read(|tx| {
        let (party, address) =
            parties::get(tx, party_id)?.ok_or_else(|| Error::NotFound(format!("person {party_id}")))?;
        if let Some(id) = store::latest_id(tx, party_id)? {
            let (row, statement, _) = store::get(tx, &id)?.expect("the latest exists");
            return Ok(NewStatement {
                party_id: party_id.to_string(),
                started_from_id: Some(row.id),
                started_from_taken_on: Some(row.taken_on),
                statement: statement_input(&statement),
            });
        }
        let mut statement = StatementInput::default();
        statement.household.client_name = party.display_name();
        statement.household.client_date_of_birth = party.date_of_birth.clone().unwrap_or_default();
        statement.household.client_address = address.map(|a| a.one_line()).unwrap_or_default();
        Ok(NewStatement {
            party_id: party_id.to_string(),
            started_from_id: None,
            started_from_taken_on: None,
            statement,
        })
    })?;
    record_view(db, ctx, Viewed::person(ViewKind::NewIncomeExpenditure, party_id))?;
    Ok(start)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SaveIncomeExpenditureInput {
    pub party_id: String,
    /// The statement's date (YYYY-MM-DD), not in the future.
    pub taken_on: String,
    pub statement: StatementInput,
    #[serde(default)]
    pub started_from_id: Option<String>,
}

/// Puts the lines in SFS form order (other essential costs keep their own order) and drops what carries
/// nothing: lines of £0.00 with no note, debts with no creditor and no figures, empty notes.
fn tidy(mut s: Statement) -> Statement {
    s.lines.retain(|l| !(l.amount.is_zero() && l.notes.is_empty()));
    let position = |item: &str| GROUPS.iter().flat_map(|g| g.items).position(|i| i.code == item);
    s.lines.sort_by_key(|l| position(&l.item));
    for list in [&mut s.priority_debts, &mut s.non_priority_debts] {
        list.retain(|d| !(d.creditor.is_empty() && d.amount_owed.is_zero() && d.offer.is_zero() && d.notes.is_empty()));
    }
    s.notes.retain(|n| !n.is_empty());
    s
}

struct SaveArgs<'a> {
    party_id: &'a str,
    taken_on: NaiveDate,
    source: Source,
    sfs_schema: &'a str,
    source_file_name: &'a str,
    source_document: &'a str,
    started_from_id: Option<&'a str>,
    statement: Statement,
}

fn save(db: &Db, ctx: &Ctx, a: SaveArgs) -> Result<SavedIncomeExpenditure> {
    if a.taken_on > ctx.today {
        return Err(Error::validation("takenOn", format!("{} is in the future", a.taken_on)));
    }
    let statement = tidy(a.statement);
    db.write(|tx| {
        parties::get(tx, a.party_id)?.ok_or_else(|| Error::NotFound(format!("person {}", a.party_id)))?;
        if let Some(from) = a.started_from_id {
            let (row, _, _) = store::get(tx, from)?
                .ok_or_else(|| Error::validation("startedFromId", format!("no statement {from}")))?;
            if row.party_id != a.party_id {
                return Err(Error::validation("startedFromId", "that statement is another person's"));
            }
        }
        let assessment = ie::assess(&statement, &guidelines(tx)?, a.taken_on);
        let taken_on = a.taken_on.to_string();
        let id = store::insert(
            tx,
            ctx,
            &NewIncomeExpenditure {
                party_id: a.party_id,
                taken_on: &taken_on,
                source: a.source,
                sfs_schema: a.sfs_schema,
                source_file_name: a.source_file_name,
                source_document: a.source_document,
                started_from_id: a.started_from_id,
                statement: &statement,
                overview: &assessment.overview,
            },
        )?;
        audit::record(
            tx,
            ctx,
            if a.source == Source::Officer { "save_income_expenditure" } else { "import_sfs_statement" },
            "income_expenditures",
            &id,
            Some(a.party_id),
            None,
            serde_json::json!({"source": a.source.as_str(), "lines": statement.lines.len()}),
        )?;
        saved(tx, ctx.today, &id)
    })
}

/// Saves a statement for a person, dated `takenOn`. Refuses a statement with any field that cannot be read
/// (naming the first, and how many more), a date in the future, and an unknown person.
pub fn save_income_expenditure(
    db: &Db,
    ctx: &Ctx,
    input: SaveIncomeExpenditureInput,
) -> Result<SavedIncomeExpenditure> {
    ctx.require(Permission::WorkCases)?;
    let taken_on = super::person::parse_date(&input.taken_on, "takenOn")?;
    let (statement, problems) = read_statement(&input.statement);
    if let Some(first) = problems.first() {
        let more = if problems.len() > 1 { format!(" (and {} more)", problems.len() - 1) } else { String::new() };
        return Err(Error::validation(&first.field, format!("{}{more}", first.reason)));
    }
    save(
        db,
        ctx,
        SaveArgs {
            party_id: &input.party_id,
            taken_on,
            source: Source::Officer,
            sfs_schema: "",
            source_file_name: "",
            source_document: "",
            started_from_id: input.started_from_id.as_deref(),
            statement,
        },
    )
}

/// A person's latest statement with its date and whether it is stale; `None` if they have none.
/// A view of the statement is written to the audit log.
pub fn latest_income_expenditure(db: &Db, ctx: &Ctx, party_id: &str) -> Result<Option<SavedIncomeExpenditure>> {
    let latest = db.read(|tx| match store::latest_id(tx, party_id)? {
        Some(id) => saved(tx, ctx.today, &id).map(Some),
        None => Ok(None),
    })?;
    if let Some(s) = &latest {
        record_view(db, ctx, statement_viewed(ViewKind::IncomeExpenditure, s))?;
    }
    Ok(latest)
}

fn statement_viewed(kind: ViewKind, s: &SavedIncomeExpenditure) -> Viewed<'_> {
    Viewed {
        kind,
        entity: "income_expenditures",
        entity_id: &s.record.id,
        party_id: Some(&s.record.party_id),
        account_id: None,
    }
}

/// [`latest_income_expenditure`] inside a transaction the caller holds (the arrangement planner).
pub(crate) fn latest_in(conn: &Connection, today: NaiveDate, party_id: &str) -> Result<Option<SavedIncomeExpenditure>> {
    match store::latest_id(conn, party_id)? {
        Some(id) => saved(conn, today, &id).map(Some),
        None => Ok(None),
    }
}

/// One statement by id (also read for its summary PDF and its SFS export). The view is written to the audit log.
pub fn income_expenditure(db: &Db, ctx: &Ctx, id: &str) -> Result<SavedIncomeExpenditure> {
    let s = db.read(|tx| saved(tx, ctx.today, id))?;
    record_view(db, ctx, statement_viewed(ViewKind::IncomeExpenditure, &s))?;
    Ok(s)
}

/// A person's statements, newest first. The view is written to the audit log.
pub fn income_expenditure_history(db: &Db, ctx: &Ctx, party_id: &str) -> Result<Vec<IncomeExpenditureRow>> {
    let rows = db.read(|tx| store::history(tx, party_id))?;
    record_view(db, ctx, Viewed::person(ViewKind::IncomeExpenditureHistory, party_id))?;
    Ok(rows)
}

/// The affordable monthly offer for the council's own debts from a person's latest statement, for the
/// arrangement planner; `None` if they have no statement. The view is written to the audit log.
pub fn council_affordable_offer(db: &Db, ctx: &Ctx, party_id: &str) -> Result<Option<CouncilOffer>> {
    let offer = db.read(|tx| latest_in(tx, ctx.today, party_id))?;
    if let Some(s) = &offer {
        record_view(db, ctx, statement_viewed(ViewKind::AffordableOffer, s))?;
    }
    Ok(offer.map(|s| s.view.council_offer))
}

// ------------------------------------------------------------------------------------- spending guidelines

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoadGuidelinesInput {
    /// The file's name, kept as the source of each figure.
    pub file_name: String,
    /// CSV with the header `category,household,amount,valid_from`: an SFS group code (e.g.
    /// `food-housekeeping`), a household make-up (`2A1C`, or `2A1C1V` with vehicles), the monthly amount and
    /// the date it applies from.
    pub content: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LoadedGuidelines {
    pub loaded: usize,
    /// Figures that replaced one loaded before for the same category, household and date.
    pub replaced: usize,
}

/// Reads a guideline CSV: every problem with its line, or the figures.
pub fn read_guidelines_csv(content: &str) -> std::result::Result<Vec<Guideline>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut out: Vec<(u64, Guideline)> = Vec::new();
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(content.as_bytes());
    let want = ["category", "household", "amount", "valid_from"];
    match reader.headers() {
        Ok(h) => {
            let got: Vec<String> = h.iter().map(|c| c.trim_start_matches('\u{feff}').to_lowercase()).collect();
            if got != want {
                problems.push(Problem {
                    line: 1,
                    column: String::new(),
                    reason: format!("the header must be {}, not {}", want.join(","), got.join(",")),
                });
                return Err(problems);
            }
        }
        Err(e) => return Err(vec![Problem { line: 1, column: String::new(), reason: e.to_string() }]),
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(Problem { line, column: String::new(), reason: e.to_string() });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != 4 {
            problems.push(Problem { line, column: String::new(), reason: format!("{} columns; want 4", record.len()) });
            continue;
        }
        let mut bad = |column: &str, reason: String| problems.push(Problem { line, column: column.into(), reason });
        let category = record[0].to_string();
        if ie::group(&category).is_none() {
            bad(
                "category",
                format!(
                    "'{category}' is not an SFS category (e.g. food-housekeeping, communications-leisure, personal)"
                ),
            );
        }
        let household = Composition::parse(&record[1]);
        if household.is_none() {
            bad("household", format!("'{}' is not a household make-up (e.g. 1A0C, 2A3C, 2A1C1V)", &record[1]));
        }
        let amount = match Money::parse_lenient(&record[2]) {
            Ok(m) if !m.is_negative() => Some(m),
            Ok(_) => {
                bad("amount", "must be £0.00 or more".into());
                None
            }
            Err(e) => {
                bad("amount", e.to_string());
                None
            }
        };
        let valid_from = NaiveDate::parse_from_str(&record[3], "%Y-%m-%d").ok();
        if valid_from.is_none() {
            bad("valid_from", format!("'{}' is not a date (use YYYY-MM-DD)", &record[3]));
        }
        if let (Some(household), Some(amount), Some(valid_from)) = (household, amount, valid_from) {
            let g = Guideline { category, household, amount, valid_from };
            if let Some((first, _)) = out
                .iter()
                .find(|(_, o)| o.category == g.category && o.household == g.household && o.valid_from == g.valid_from)
            {
                problems.push(Problem {
                    line,
                    column: String::new(),
                    reason: format!("the same category, household and date as line {first}"),
                });
            } else {
                out.push((line, g));
            }
        }
    }
    if problems.is_empty() {
        Ok(out.into_iter().map(|(_, g)| g).collect())
    } else {
        Err(problems)
    }
}

/// Loads the council's licensed spending guidelines from CSV: all or nothing; every problem names its line.
pub fn load_spending_guidelines(db: &Db, ctx: &Ctx, input: LoadGuidelinesInput) -> Result<LoadedGuidelines> {
    ctx.require(Permission::EditTemplatesAndRules)?;
    let file = input.file_name.trim().to_string();
    let rows =
        read_guidelines_csv(&input.content).map_err(|problems| Error::Invalid { file: file.clone(), problems })?;
    if rows.is_empty() {
        return Err(Error::validation("content", "the file has no guideline figures"));
    }
    db.write(|tx| {
        let mut replaced = 0;
        for g in &rows {
            replaced += usize::from(store::put_guideline(tx, ctx, g, &file)?);
        }
        audit::record(
            tx,
            ctx,
            "load_spending_guidelines",
            "spending_guidelines",
            &file,
            None,
            None,
            serde_json::json!({"rows": rows.len(), "replaced": replaced}),
        )?;
        Ok(LoadedGuidelines { loaded: rows.len(), replaced })
    })
}

/// The guidelines in force (not replaced).
pub fn spending_guidelines(db: &Db) -> Result<Vec<GuidelineRow>> {
    db.read(|tx| store::guidelines(tx))
}

// -------------------------------------------------------------------------------------- SFS import, export

/// An SFS file read and validated, not saved.
#[derive(Clone, Debug, Serialize)]
pub struct SfsRead {
    pub schema: SfsSchema,
    pub xml: bool,
    pub statement: Statement,
    /// Figures in the file that differ from its own lines, and the like: shown, not refused.
    pub warnings: Vec<Warning>,
}

/// Reads an SFS statement, JSON or XML (by its first character), validating it against the shipped schemas.
/// Refuses an invalid file with every problem, each with its line and path.
pub fn read_sfs(file_name: &str, content: &str) -> Result<SfsRead> {
    let invalid = |problems: Vec<Problem>| Error::Invalid { file: file_name.to_string(), problems };
    let text = content.trim_start_matches('\u{feff}');
    let xml = text.trim_start().starts_with('<');
    let (doc, lines, schema) = if xml {
        let root = sfs_xml::parse(text).map_err(|p| invalid(vec![p]))?;
        let schema = sfs_xml::detect(&root);
        let (doc, lines, problems) = sfs_xml::to_json(&root, schema);
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
        (doc, lines, schema)
    } else {
        let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            invalid(vec![Problem { line: e.line() as u64, column: String::new(), reason: format!("not JSON: {e}") }])
        })?;
        let schema = sfs::detect(&doc);
        (doc, sfs::pointer_lines(text), schema)
    };
    let errors = sfs::validate(schema, &doc);
    if !errors.is_empty() {
        let mut problems = sfs::problems(errors, &lines);
        for p in &mut problems {
            p.reason = format!("{} ({})", p.reason, schema.label());
        }
        return Err(invalid(problems));
    }
    let (statement, errors) = sfs::statement_from(schema, &doc);
    if !errors.is_empty() {
        return Err(invalid(sfs::problems(errors, &lines)));
    }
    let assessment = ie::assess(&statement, &[], NaiveDate::MIN);
    let mut warnings = sfs::differences(&doc, &sfs::write(schema, &statement, &assessment));
    if schema == SfsSchema::Summary {
        warnings.insert(
            0,
            Warning {
                code: ie::WarningCode::ImportedFigureDiffers,
                message:
                    "This is an SFS summary: it gives totals only, so each group's total is on its \"other\" line."
                        .into(),
            },
        );
    }
    Ok(SfsRead { schema, xml, statement, warnings })
}

/// The overview of an SFS file with the SFS summary schema's field names, for `sfs summary FILE`.
#[derive(Clone, Debug, Serialize)]
pub struct SfsOverview {
    pub schema: SfsSchema,
    #[serde(rename = "total-monthly-income")]
    pub total_monthly_income: Money,
    #[serde(rename = "total-monthly-outgoings")]
    pub total_monthly_outgoings: Money,
    #[serde(rename = "income-minus-outgoings")]
    pub income_minus_outgoings: Money,
    #[serde(rename = "savings-contribution")]
    pub savings_contribution: Money,
    #[serde(rename = "debt-admin-fee")]
    pub debt_admin_fee: Money,
    #[serde(rename = "total-available-for-priority-debts")]
    pub total_available_for_priority_debts: Money,
    #[serde(rename = "total-priority-debt-offers")]
    pub total_priority_debt_offers: Money,
    #[serde(rename = "total-available-for-non-priority-debts")]
    pub total_available_for_non_priority_debts: Money,
    /// Each non-priority creditor's pro-rata share, in file order.
    #[serde(rename = "non-priority-pro-rata")]
    pub non_priority_pro_rata: Vec<CreditorShare>,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CreditorShare {
    pub creditor: String,
    #[serde(rename = "amount-owed")]
    pub amount_owed: Money,
    pub share: Money,
}

/// Reads an SFS file and returns its overview (nothing is saved).
pub fn sfs_overview(file_name: &str, content: &str) -> Result<SfsOverview> {
    let read = read_sfs(file_name, content)?;
    let a = ie::assess(&read.statement, &[], NaiveDate::MIN);
    let o = &a.overview;
    Ok(SfsOverview {
        schema: read.schema,
        total_monthly_income: o.total_income,
        total_monthly_outgoings: o.total_expenditure,
        income_minus_outgoings: o.disposable_income,
        savings_contribution: o.savings_contribution,
        debt_admin_fee: o.debt_admin_fee,
        total_available_for_priority_debts: o.available_for_priority_debts,
        total_priority_debt_offers: o.priority_offers,
        total_available_for_non_priority_debts: o.available_for_non_priority_debts,
        non_priority_pro_rata: read
            .statement
            .non_priority_debts
            .iter()
            .zip(&a.non_priority_shares)
            .map(|(d, s)| CreditorShare { creditor: d.creditor.clone(), amount_owed: d.amount_owed, share: *s })
            .collect(),
        warnings: read.warnings,
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportSfsInput {
    pub party_id: String,
    pub file_name: String,
    pub content: String,
    /// The statement's date; today if absent.
    #[serde(default)]
    pub taken_on: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImportedSfs {
    pub schema: SfsSchema,
    pub warnings: Vec<Warning>,
    pub saved: SavedIncomeExpenditure,
}

/// Imports an SFS statement (JSON or XML) for a person as a new statement, keeping the file's text. An invalid
/// file is refused with every problem and nothing is written.
pub fn import_sfs_statement(db: &Db, ctx: &Ctx, input: ImportSfsInput) -> Result<ImportedSfs> {
    ctx.require(Permission::WorkCases)?;
    let taken_on = match &input.taken_on {
        Some(t) if !t.trim().is_empty() => super::person::parse_date(t, "takenOn")?,
        _ => ctx.today,
    };
    let read = read_sfs(&input.file_name, &input.content)?;
    let saved = save(
        db,
        ctx,
        SaveArgs {
            party_id: &input.party_id,
            taken_on,
            source: if read.xml { Source::SfsXml } else { Source::SfsJson },
            sfs_schema: read.schema.as_str(),
            source_file_name: input.file_name.trim(),
            source_document: &input.content,
            started_from_id: None,
            statement: read.statement,
        },
    )?;
    Ok(ImportedSfs { schema: read.schema, warnings: read.warnings, saved })
}

/// Writes a statement as SFS JSON of `schema` and validates it against the shipped schema. Refuses a statement
/// that lacks what the schema requires (date of birth, housing tenure, employment status), naming the field.
pub fn sfs_json(statement: &Statement, schema: SfsSchema) -> Result<serde_json::Value> {
    let h = &statement.household;
    if h.client_date_of_birth.is_empty() {
        return Err(Error::validation(
            "household.clientDateOfBirth",
            "an SFS statement needs the client's date of birth",
        ));
    }
    if h.housing_tenure.is_empty() {
        return Err(Error::validation("household.housingTenure", "an SFS statement needs the housing tenure"));
    }
    if h.client_employment_status.is_empty() {
        return Err(Error::validation(
            "household.clientEmploymentStatus",
            "an SFS statement needs at least one employment status",
        ));
    }
    let assessment = ie::assess(statement, &[], NaiveDate::MIN);
    let doc = sfs::write(schema, statement, &assessment);
    let errors = sfs::validate(schema, &doc);
    if !errors.is_empty() {
        return Err(Error::Internal(format!(
            "the exported SFS does not validate: {}",
            errors.iter().map(|(p, r)| format!("{p}: {r}")).collect::<Vec<_>>().join("; ")
        )));
    }
    Ok(doc)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportSfsInput {
    pub id: String,
    /// `data_entry` (every line and note) or `summary`; data entry if absent.
    #[serde(default)]
    pub schema: Option<SfsSchema>,
}

/// A saved statement as SFS JSON text (pretty-printed), valid against the shipped schema.
pub fn export_sfs_statement(db: &Db, ctx: &Ctx, input: ExportSfsInput) -> Result<String> {
    let saved = income_expenditure(db, ctx, &input.id)?;
    let doc = sfs_json(&saved.view.statement, input.schema.unwrap_or(SfsSchema::DataEntry))?;
    serde_json::to_string_pretty(&doc).map_err(|e| Error::Internal(e.to_string()))
}

// ------------------------------------------------------------------------------------------- calculators

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProRataInput {
    pub available: String,
    pub debts: Vec<String>,
}

/// Splits an amount between debts in proportion, exact to the penny (`calc prorata`); shares in the order given.
pub fn calculate_pro_rata(input: ProRataInput) -> Result<Vec<Money>> {
    let available =
        Money::parse_lenient(&input.available).map_err(|e| Error::validation("available", e.to_string()))?;
    let debts = input
        .debts
        .iter()
        .enumerate()
        .map(|(i, d)| match Money::parse_lenient(d) {
            Ok(m) if m.is_negative() => Err(Error::validation(format!("debts[{i}]"), "must be £0.00 or more")),
            Ok(m) => Ok(m),
            Err(e) => Err(Error::validation(format!("debts[{i}]"), e.to_string())),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(pro_rata_offers(available, &debts))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OfferFeasibilityInput {
    pub arrears: String,
    pub current_year_unpaid: String,
    pub monthly_offer: String,
    pub first_payment_on: String,
    #[serde(default)]
    pub affordable: Option<String>,
}

/// Checks a monthly offer against the council's debts (T42): months to clear, the last payment, and whether
/// this year's liability is cleared by 31 March.
pub fn check_monthly_offer(input: OfferFeasibilityInput) -> Result<OfferFeasibility> {
    let m = |t: &str, f: &str| Money::parse_lenient(t).map_err(|e| Error::validation(f, e.to_string()));
    let affordable = match &input.affordable {
        Some(a) if !a.trim().is_empty() => Some(m(a, "affordable")?),
        _ => None,
    };
    affordability::monthly_offer_feasibility(
        m(&input.arrears, "arrears")?,
        m(&input.current_year_unpaid, "currentYearUnpaid")?,
        m(&input.monthly_offer, "monthlyOffer")?,
        super::person::parse_date(&input.first_payment_on, "firstPaymentOn")?,
        affordable,
    )
    .map_err(|reason| Error::validation("monthlyOffer", reason))
}

/// The printable A4 SFS summary of a saved statement, addressed to the person, as PDF bytes.
pub fn income_expenditure_summary_pdf(db: &Db, ctx: &Ctx, id: &str) -> Result<Vec<u8>> {
    let saved = income_expenditure(db, ctx, id)?;
    let (profile, recipient) = db.read(|tx| {
        let profile = settings::council_profile(tx)?;
        let recipient = parties::get(tx, &saved.record.party_id)?.map(|(p, a)| {
            let mut lines = vec![p.display_name()];
            if let Some(a) = a {
                lines.extend(a.lines.into_iter().filter(|l| !l.trim().is_empty()));
                if !a.postcode.trim().is_empty() {
                    lines.push(a.postcode);
                }
            }
            lines
        });
        Ok((profile, recipient.unwrap_or_default()))
    })?;
    summary_pdf::render(&saved, &profile, recipient)
}
