//! Income and expenditure statements (insert-only, dated, kept against a person) and the spending guidelines
//! the council loads. Money is integer pence; a statement's lines and debts are child rows in list order.

use crate::db::{new_id, Ctx, Tx};
use crate::error::{Error, Result};
use crate::money::Money;
use crate::rules::income_expenditure::{Composition, Debt, Frequency, Guideline, Household, Line, Overview, Statement};
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::Serialize;

/// Where a statement came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Officer,
    SfsJson,
    SfsXml,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Officer => "officer",
            Source::SfsJson => "sfs_json",
            Source::SfsXml => "sfs_xml",
        }
    }

    fn parse(s: &str) -> Source {
        match s {
            "sfs_json" => Source::SfsJson,
            "sfs_xml" => Source::SfsXml,
            _ => Source::Officer,
        }
    }
}

/// What a new statement row holds besides the statement itself.
pub struct NewIncomeExpenditure<'a> {
    pub party_id: &'a str,
    pub taken_on: &'a str,
    pub source: Source,
    /// `data_entry` or `summary` for an import, else empty.
    pub sfs_schema: &'a str,
    pub source_file_name: &'a str,
    pub source_document: &'a str,
    pub started_from_id: Option<&'a str>,
    pub statement: &'a Statement,
    pub overview: &'a Overview,
}

/// A saved statement's facts and its overview as saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncomeExpenditureRow {
    pub id: String,
    pub party_id: String,
    pub taken_on: String,
    pub source: Source,
    pub sfs_schema: String,
    pub source_file_name: String,
    pub started_from_id: Option<String>,
    pub total_income: Money,
    pub total_expenditure: Money,
    pub available_for_priority_debts: Money,
    pub priority_offers: Money,
    pub available_for_non_priority_debts: Money,
    pub created_at: String,
    pub created_by: String,
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).expect("a list of strings serialises")
}

fn read_list(text: &str) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

/// Inserts a statement with its lines and debts. Returns its id.
pub fn insert(tx: &Tx, ctx: &Ctx, n: &NewIncomeExpenditure) -> Result<String> {
    let id = new_id(ctx);
    let s = n.statement;
    let h = &s.household;
    let o = n.overview;
    let at = ctx.at();
    tx.prepare_cached(
        "INSERT INTO income_expenditures (
             id, party_id, taken_on, source, sfs_schema, source_file_name, source_document, started_from_id,
             client_name, client_date_of_birth, joint_application, partner_name, partner_date_of_birth,
             client_address, dependent_children_under_16, dependent_children_16_18, other_dependants,
             non_dependants, vehicles, housing_tenure, housing_tenure_other, client_employment_status,
             client_employment_status_other, partner_employment_status, partner_employment_status_other,
             asset_use_considered, savings_contribution_pence, savings_contribution_considered,
             debt_admin_fee_pence, debt_admin_fee_notes, token_payments_pence, notes,
             total_income_pence, total_expenditure_pence, available_for_priority_pence, priority_offers_pence,
             available_for_non_priority_pence, created_at, created_by, device_id)
         VALUES (
             :id, :party_id, :taken_on, :source, :sfs_schema, :source_file_name, :source_document, :started_from,
             :client_name, :client_dob, :joint, :partner_name, :partner_dob,
             :client_address, :under_16, :c16_18, :other_dependants,
             :non_dependants, :vehicles, :tenure, :tenure_other, :client_employment,
             :client_employment_other, :partner_employment, :partner_employment_other,
             :asset_use, :savings, :savings_considered,
             :admin_fee, :admin_fee_notes, :token_payments, :notes,
             :income, :expenditure, :for_priority, :priority_offers,
             :for_non_priority, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": id, ":party_id": n.party_id, ":taken_on": n.taken_on, ":source": n.source.as_str(),
        ":sfs_schema": n.sfs_schema, ":source_file_name": n.source_file_name, ":source_document": n.source_document,
        ":started_from": n.started_from_id,
        ":client_name": h.client_name, ":client_dob": h.client_date_of_birth, ":joint": h.joint_application,
        ":partner_name": h.partner_name, ":partner_dob": h.partner_date_of_birth,
        ":client_address": h.client_address, ":under_16": h.dependent_children_under_16,
        ":c16_18": h.dependent_children_16_18, ":other_dependants": h.other_dependants,
        ":non_dependants": h.non_dependants, ":vehicles": h.vehicles, ":tenure": h.housing_tenure,
        ":tenure_other": h.housing_tenure_other, ":client_employment": json_list(&h.client_employment_status),
        ":client_employment_other": h.client_employment_status_other,
        ":partner_employment": json_list(&h.partner_employment_status),
        ":partner_employment_other": h.partner_employment_status_other,
        ":asset_use": h.asset_use_considered, ":savings": s.savings_contribution.pence(),
        ":savings_considered": s.savings_contribution_considered, ":admin_fee": s.debt_admin_fee.pence(),
        ":admin_fee_notes": s.debt_admin_fee_notes, ":token_payments": s.token_payments.map(Money::pence),
        ":notes": json_list(&s.notes),
        ":income": o.total_income.pence(), ":expenditure": o.total_expenditure.pence(),
        ":for_priority": o.available_for_priority_debts.pence(), ":priority_offers": o.priority_offers.pence(),
        ":for_non_priority": o.available_for_non_priority_debts.pence(),
        ":at": at, ":user": ctx.user_id, ":device": tx.device_id,
    })?;
    let mut line_stmt = tx.prepare_cached(
        "INSERT INTO income_expenditure_lines (id, income_expenditure_id, party_id, position, item, amount_pence,
                                               frequency, monthly_pence, notes, created_at, created_by, device_id)
         VALUES (:id, :ie, :party_id, :position, :item, :amount, :frequency, :monthly, :notes, :at, :user, :device)",
    )?;
    for (i, l) in s.lines.iter().enumerate() {
        line_stmt.execute(named_params! {
            ":id": new_id(ctx), ":ie": id, ":party_id": n.party_id, ":position": i as i64, ":item": l.item,
            ":amount": l.amount.pence(), ":frequency": l.frequency.as_str(), ":monthly": l.monthly.pence(),
            ":notes": l.notes, ":at": at, ":user": ctx.user_id, ":device": tx.device_id,
        })?;
    }
    let mut debt_stmt = tx.prepare_cached(
        "INSERT INTO income_expenditure_debts (id, income_expenditure_id, party_id, priority, position, creditor,
                                               amount_owed_pence, offer_pence, ccj, council, notes,
                                               created_at, created_by, device_id)
         VALUES (:id, :ie, :party_id, :priority, :position, :creditor, :owed, :offer, :ccj, :council, :notes,
                 :at, :user, :device)",
    )?;
    for (priority, debts) in [(true, &s.priority_debts), (false, &s.non_priority_debts)] {
        for (i, d) in debts.iter().enumerate() {
            debt_stmt.execute(named_params! {
                ":id": new_id(ctx), ":ie": id, ":party_id": n.party_id, ":priority": priority,
                ":position": i as i64, ":creditor": d.creditor, ":owed": d.amount_owed.pence(),
                ":offer": d.offer.pence(), ":ccj": d.ccj, ":council": d.council, ":notes": d.notes,
                ":at": at, ":user": ctx.user_id, ":device": tx.device_id,
            })?;
        }
    }
    Ok(id)
}

const ROW_COLUMNS: &str = "id, party_id, taken_on, source, sfs_schema, source_file_name, started_from_id,
    total_income_pence, total_expenditure_pence, available_for_priority_pence, priority_offers_pence,
    available_for_non_priority_pence, created_at, created_by";

fn row_from(r: &Row) -> rusqlite::Result<IncomeExpenditureRow> {
    Ok(IncomeExpenditureRow {
        id: r.get(0)?,
        party_id: r.get(1)?,
        taken_on: r.get(2)?,
        source: Source::parse(&r.get::<_, String>(3)?),
        sfs_schema: r.get(4)?,
        source_file_name: r.get(5)?,
        started_from_id: r.get(6)?,
        total_income: Money::from_pence(r.get(7)?),
        total_expenditure: Money::from_pence(r.get(8)?),
        available_for_priority_debts: Money::from_pence(r.get(9)?),
        priority_offers: Money::from_pence(r.get(10)?),
        available_for_non_priority_debts: Money::from_pence(r.get(11)?),
        created_at: r.get(12)?,
        created_by: r.get(13)?,
    })
}

/// A party's statements, newest first (by statement date, then when they were saved).
pub fn history(conn: &Connection, party_id: &str) -> Result<Vec<IncomeExpenditureRow>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM income_expenditures WHERE party_id = :party_id
         ORDER BY taken_on DESC, created_at DESC, id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(named_params! {":party_id": party_id}, row_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The id of a party's latest statement.
pub fn latest_id(conn: &Connection, party_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM income_expenditures WHERE party_id = :party_id
             ORDER BY taken_on DESC, created_at DESC, id DESC LIMIT 1",
        )?
        .query_row(named_params! {":party_id": party_id}, |r| r.get(0))
        .optional()?)
}

/// One statement with its row facts and the statement itself; `None` if there is no such id.
pub fn get(conn: &Connection, id: &str) -> Result<Option<(IncomeExpenditureRow, Statement, String)>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS},
                client_name, client_date_of_birth, joint_application, partner_name, partner_date_of_birth,
                client_address, dependent_children_under_16, dependent_children_16_18, other_dependants,
                non_dependants, vehicles, housing_tenure, housing_tenure_other, client_employment_status,
                client_employment_status_other, partner_employment_status, partner_employment_status_other,
                asset_use_considered, savings_contribution_pence, savings_contribution_considered,
                debt_admin_fee_pence, debt_admin_fee_notes, token_payments_pence, notes, source_document
         FROM income_expenditures WHERE id = :id"
    );
    let found = conn
        .prepare_cached(&sql)?
        .query_row(named_params! {":id": id}, |r| {
            let row = row_from(r)?;
            let household = Household {
                client_name: r.get(14)?,
                client_date_of_birth: r.get(15)?,
                joint_application: r.get(16)?,
                partner_name: r.get(17)?,
                partner_date_of_birth: r.get(18)?,
                client_address: r.get(19)?,
                dependent_children_under_16: r.get(20)?,
                dependent_children_16_18: r.get(21)?,
                other_dependants: r.get(22)?,
                non_dependants: r.get(23)?,
                vehicles: r.get(24)?,
                housing_tenure: r.get(25)?,
                housing_tenure_other: r.get(26)?,
                client_employment_status: read_list(&r.get::<_, String>(27)?)?,
                client_employment_status_other: r.get(28)?,
                partner_employment_status: read_list(&r.get::<_, String>(29)?)?,
                partner_employment_status_other: r.get(30)?,
                asset_use_considered: r.get(31)?,
            };
            let statement = Statement {
                household,
                lines: Vec::new(),
                savings_contribution: Money::from_pence(r.get(32)?),
                savings_contribution_considered: r.get(33)?,
                debt_admin_fee: Money::from_pence(r.get(34)?),
                debt_admin_fee_notes: r.get(35)?,
                token_payments: r.get::<_, Option<i64>>(36)?.map(Money::from_pence),
                notes: read_list(&r.get::<_, String>(37)?)?,
                priority_debts: Vec::new(),
                non_priority_debts: Vec::new(),
            };
            Ok((row, statement, r.get::<_, String>(38)?))
        })
        .optional()?;
    let Some((row, mut statement, source_document)) = found else {
        return Ok(None);
    };
    let mut lines = conn.prepare_cached(
        "SELECT item, amount_pence, frequency, monthly_pence, notes FROM income_expenditure_lines
         WHERE income_expenditure_id = :id ORDER BY position",
    )?;
    statement.lines = lines
        .query_map(named_params! {":id": id}, |r| {
            let frequency: String = r.get(2)?;
            Ok(Line {
                item: r.get(0)?,
                amount: Money::from_pence(r.get(1)?),
                frequency: Frequency::parse(&frequency).unwrap_or_default(),
                monthly: Money::from_pence(r.get(3)?),
                notes: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut debts = conn.prepare_cached(
        "SELECT priority, creditor, amount_owed_pence, offer_pence, ccj, council, notes
         FROM income_expenditure_debts WHERE income_expenditure_id = :id ORDER BY priority DESC, position",
    )?;
    let all: Vec<(bool, Debt)> = debts
        .query_map(named_params! {":id": id}, |r| {
            Ok((
                r.get(0)?,
                Debt {
                    creditor: r.get(1)?,
                    amount_owed: Money::from_pence(r.get(2)?),
                    offer: Money::from_pence(r.get(3)?),
                    ccj: r.get(4)?,
                    council: r.get(5)?,
                    notes: r.get(6)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (priority, d) in all {
        if priority {
            statement.priority_debts.push(d);
        } else {
            statement.non_priority_debts.push(d);
        }
    }
    Ok(Some((row, statement, source_document)))
}

/// A loaded guideline and the file it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GuidelineRow {
    #[serde(flatten)]
    pub guideline: Guideline,
    pub source: String,
    pub created_at: String,
    pub created_by: String,
}

/// Every guideline in force (not replaced), by category, household and date.
pub fn guidelines(conn: &Connection) -> Result<Vec<GuidelineRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT category, household, amount_pence, valid_from, source, created_at, created_by
         FROM spending_guidelines WHERE deleted_at IS NULL ORDER BY category, household, valid_from",
    )?;
    let rows = stmt.query_map([], |r| {
        let household: String = r.get(1)?;
        Ok(GuidelineRow {
            guideline: Guideline {
                category: r.get(0)?,
                household: Composition::parse(&household).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        1,
                        rusqlite::types::Type::Text,
                        format!("household '{household}'").into(),
                    )
                })?,
                amount: Money::from_pence(r.get(2)?),
                valid_from: crate::db::date(&r.get::<_, String>(3)?)?,
            },
            source: r.get(4)?,
            created_at: r.get(5)?,
            created_by: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a guideline; one already in force for the same category, household and date is replaced (soft
/// deleted). Returns true when it replaced one.
pub fn put_guideline(tx: &Tx, ctx: &Ctx, g: &Guideline, source: &str) -> Result<bool> {
    let household = g.household.to_string();
    let valid_from = g.valid_from.to_string();
    let replaced = tx
        .prepare_cached(
            "UPDATE spending_guidelines SET deleted_at = :at, updated_at = :at
             WHERE category = :category AND household = :household AND valid_from = :valid_from
               AND deleted_at IS NULL",
        )?
        .execute(named_params! {
            ":at": ctx.at(), ":category": g.category, ":household": household, ":valid_from": valid_from,
        })?;
    tx.prepare_cached(
        "INSERT INTO spending_guidelines (id, category, household, amount_pence, valid_from, source,
                                          created_at, created_by, device_id)
         VALUES (:id, :category, :household, :amount, :valid_from, :source, :at, :user, :device)",
    )?
    .execute(named_params! {
        ":id": new_id(ctx), ":category": g.category, ":household": household, ":amount": g.amount.pence(),
        ":valid_from": valid_from, ":source": source, ":at": ctx.at(), ":user": ctx.user_id,
        ":device": tx.device_id,
    })
    .map_err(Error::from)?;
    Ok(replaced > 0)
}
