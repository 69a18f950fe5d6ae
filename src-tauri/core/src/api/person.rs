//! The one view of debt: everything about a person or organisation on one screen, and the actions an
//! officer takes from it (add a note, record a payment taken by phone, reverse a ledger entry).

use crate::access::Permission;
use crate::api::audit::{record_view, ViewKind, Viewed};
use crate::db::accounts::{self, AccountParty, LedgerEntry, NewEntry, YearBalance};
use crate::db::parties::{self, Address, DocumentRow, Hold, Note};
use crate::db::{audit, Ctx, Db};
use crate::error::{Error, Result};
use crate::model::{financial_year_label, DebtType, Jurisdiction, LedgerKind, PartyKind, PaymentMethod, Role, Stage};
use crate::money::Money;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize)]
pub struct PersonView {
    pub party: PartyView,
    /// What they owe across every account they are liable on: the sum of those ledgers.
    pub total_balance: Money,
    /// Accounts they are liable on, alone or jointly.
    pub accounts: Vec<AccountView>,
    /// Holds in force or to come, on them or on any account they are on. Shown as a banner.
    pub holds: Vec<HoldView>,
    /// People acting for them (appointee, attorney, deputy, debt adviser), per account.
    pub representatives: Vec<Representation>,
    /// Accounts on which they act for someone else.
    pub acts_for: Vec<Representation>,
    pub notes: Vec<Note>,
    pub letters: Vec<DocumentRow>,
    /// The latest payments across their accounts, newest first.
    pub recent_payments: Vec<EntryView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PartyView {
    pub id: String,
    pub kind: PartyKind,
    pub name: String,
    pub title: String,
    pub forenames: String,
    pub surname: String,
    pub organisation_name: String,
    pub date_of_birth: Option<String>,
    pub ni_number: Option<String>,
    pub company_number: Option<String>,
    pub address: Option<Address>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AccountView {
    pub id: String,
    pub reference: String,
    pub debt_type: DebtType,
    pub debt_type_label: &'static str,
    pub jurisdiction: Jurisdiction,
    pub status: String,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub property: Option<Address>,
    pub role: Role,
    pub role_label: &'static str,
    /// Where letters about this account go, if not the party's own address.
    pub correspondence_address: Option<Address>,
    /// Everyone on the account, this party included.
    pub parties: Vec<AccountParty>,
    pub joint: bool,
    pub balance: Money,
    pub years: Vec<YearView>,
    pub stage: Option<Stage>,
    pub stage_label: Option<&'static str>,
    pub stage_since: Option<String>,
    pub held: bool,
    pub recent_entries: Vec<EntryView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct YearView {
    pub financial_year: Option<i32>,
    pub label: String,
    pub charged: Money,
    pub costs: Money,
    pub paid: Money,
    pub other: Money,
    pub balance: Money,
}

impl From<YearBalance> for YearView {
    fn from(y: YearBalance) -> Self {
        YearView {
            financial_year: y.financial_year,
            label: y.financial_year.map(financial_year_label).unwrap_or_else(|| "No year".into()),
            charged: y.charged,
            costs: y.costs,
            paid: y.paid,
            other: y.other,
            balance: y.balance,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct EntryView {
    #[serde(flatten)]
    pub entry: LedgerEntry,
    pub kind_label: &'static str,
    pub year_label: String,
    pub account_reference: String,
    /// A reversal can be posted against this entry.
    pub reversible: bool,
}

fn entry_view(entry: LedgerEntry, account_reference: &str) -> EntryView {
    EntryView {
        kind_label: entry.kind.label(),
        year_label: entry.financial_year.map(financial_year_label).unwrap_or_default(),
        account_reference: account_reference.to_string(),
        reversible: entry.kind != LedgerKind::Reversal && entry.reversed_by_entry_id.is_none(),
        entry,
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct HoldView {
    #[serde(flatten)]
    pub hold: Hold,
    pub kind_label: &'static str,
    /// "All debts" for a hold on the person, else the account reference.
    pub covers: String,
    pub in_force: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Representation {
    pub party_id: String,
    pub name: String,
    pub role: Role,
    pub role_label: &'static str,
    pub account_reference: String,
}

/// Names one person or organisation.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartyInput {
    pub party_id: String,
}

/// Loads the person screen. `NotFound` if there is no such party. The view is written to the audit log.
pub fn person(db: &Db, ctx: &Ctx, party_id: &str) -> Result<PersonView> {
    let view = db.read(|tx| person_view(tx, ctx.today, party_id))?;
    record_view(db, ctx, Viewed::person(ViewKind::Person, &view.party.id))?;
    Ok(view)
}

/// How many ledger entries the person screen shows per account.
const RECENT_ENTRIES: u32 = 25;

pub(crate) fn person_view(conn: &Connection, today: NaiveDate, party_id: &str) -> Result<PersonView> {
    let (party, address) =
        parties::get(conn, party_id)?.ok_or_else(|| Error::NotFound(format!("person {party_id}")))?;
    let contacts = parties::contacts(conn, party_id)?;
    let today_s = today.to_string();
    let holds = parties::holds(conn, party_id, &today_s)?;

    let mut accounts_out = Vec::new();
    let mut representatives = Vec::new();
    let mut acts_for = Vec::new();
    let mut recent_payments = Vec::new();
    for (account, role, corr) in accounts::of_party(conn, party_id)? {
        let parties_on = accounts::parties_of(conn, &account.id)?;
        if !role.is_liable() {
            for p in parties_on.iter().filter(|p| p.role.is_liable()) {
                acts_for.push(Representation {
                    party_id: p.party_id.clone(),
                    name: p.name.clone(),
                    role,
                    role_label: role.label(),
                    account_reference: account.reference.clone(),
                });
            }
            continue;
        }
        for p in parties_on.iter().filter(|p| !p.role.is_liable()) {
            representatives.push(Representation {
                party_id: p.party_id.clone(),
                name: p.name.clone(),
                role: p.role,
                role_label: p.role.label(),
                account_reference: account.reference.clone(),
            });
        }
        let entries: Vec<EntryView> = accounts::recent_entries(conn, &account.id, RECENT_ENTRIES)?
            .into_iter()
            .map(|e| entry_view(e, &account.reference))
            .collect();
        recent_payments.extend(entries.iter().filter(|e| e.entry.kind == LedgerKind::Payment).cloned());
        let stage = accounts::current_stage(conn, &account.id)?;
        let held = holds.iter().any(|h| {
            (h.account_id.is_none() || h.account_id.as_deref() == Some(account.id.as_str())) && h.starts_on <= today_s
        });
        accounts_out.push(AccountView {
            balance: accounts::balance(conn, &account.id)?,
            years: accounts::balances_by_year(conn, &account.id)?.into_iter().map(YearView::from).collect(),
            joint: parties_on.iter().filter(|p| p.role.is_liable()).count() > 1,
            debt_type_label: account.debt_type.label(),
            role_label: role.label(),
            stage_label: stage.as_ref().map(|s| s.0.label()),
            stage_since: stage.as_ref().map(|s| s.1.clone()),
            stage: stage.map(|s| s.0),
            id: account.id,
            reference: account.reference,
            debt_type: account.debt_type,
            jurisdiction: account.jurisdiction,
            status: account.status,
            opened_on: account.opened_on,
            closed_on: account.closed_on,
            property: account.property,
            role,
            correspondence_address: corr,
            parties: parties_on,
            held,
            recent_entries: entries,
        });
    }
    recent_payments.sort_by(|a, b| {
        b.entry.effective_on.cmp(&a.entry.effective_on).then(b.entry.created_at.cmp(&a.entry.created_at))
    });
    recent_payments.truncate(10);
    let total_balance = accounts_out.iter().map(|a| a.balance).sum();
    let refs: std::collections::HashMap<String, String> =
        accounts_out.iter().map(|a| (a.id.clone(), a.reference.clone())).collect();
    let holds = holds
        .into_iter()
        .map(|h| HoldView {
            kind_label: h.kind.label(),
            covers: match &h.account_id {
                None => "All debts".into(),
                Some(id) => refs.get(id).cloned().unwrap_or_else(|| "Another account".into()),
            },
            in_force: h.starts_on <= today_s,
            hold: h,
        })
        .collect();
    Ok(PersonView {
        party: PartyView {
            name: party.display_name(),
            id: party.id,
            kind: party.kind.unwrap_or(PartyKind::Person),
            title: party.title,
            forenames: party.forenames,
            surname: party.surname,
            organisation_name: party.organisation_name,
            date_of_birth: party.date_of_birth,
            ni_number: party.ni_number,
            company_number: party.company_number,
            address,
            phones: contacts.iter().filter(|(k, _)| k == "phone").map(|(_, v)| v.clone()).collect(),
            emails: contacts.iter().filter(|(k, _)| k == "email").map(|(_, v)| v.clone()).collect(),
        },
        total_balance,
        accounts: accounts_out,
        holds,
        representatives,
        acts_for,
        notes: parties::notes(conn, party_id, 100)?,
        letters: parties::documents(conn, party_id, 100)?,
        recent_payments,
    })
}

/// An account and everyone on it, by reference: the CLI's `show`.
#[derive(Clone, Debug, Serialize)]
pub struct AccountSummary {
    pub account: AccountView,
    pub liable: Vec<AccountParty>,
}

/// The view is written to the audit log (the account, naming its first liable party).
pub fn show_account(db: &Db, ctx: &Ctx, reference: &str) -> Result<AccountSummary> {
    let (summary, party_id) = db.read(|tx| {
        let account = accounts::by_reference(tx, reference.trim())?
            .ok_or_else(|| Error::NotFound(format!("account {}", reference.trim())))?;
        let parties_on = accounts::parties_of(tx, &account.id)?;
        let first = parties_on
            .iter()
            .find(|p| p.role.is_liable())
            .ok_or_else(|| Error::NotFound(format!("a liable party on account {reference}")))?;
        let view = person_view(tx, ctx.today, &first.party_id)?;
        let account = view.accounts.into_iter().find(|a| a.id == account.id).expect("liable party's account");
        let party_id = first.party_id.clone();
        Ok((
            AccountSummary { liable: parties_on.into_iter().filter(|p| p.role.is_liable()).collect(), account },
            party_id,
        ))
    })?;
    let account_id = summary.account.id.as_str();
    let viewed = Viewed {
        kind: ViewKind::Account,
        entity: "accounts",
        entity_id: account_id,
        party_id: Some(&party_id),
        account_id: Some(account_id),
    };
    record_view(db, ctx, viewed)?;
    Ok(summary)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddNoteInput {
    pub party_id: String,
    #[serde(default)]
    pub account_id: Option<String>,
    pub body: String,
}

/// Adds a note to the person's timeline (optionally about one account).
pub fn add_note(db: &Db, ctx: &Ctx, input: AddNoteInput) -> Result<Note> {
    ctx.require(Permission::WorkCases)?;
    let body = input.body.trim();
    if body.is_empty() {
        return Err(Error::validation("body", "enter the note"));
    }
    if body.chars().count() > 10_000 {
        return Err(Error::validation("body", "is longer than 10,000 characters"));
    }
    db.write(|tx| {
        parties::get(tx, &input.party_id)?.ok_or_else(|| Error::NotFound(format!("person {}", input.party_id)))?;
        if let Some(account_id) = &input.account_id {
            accounts::by_id(tx, account_id)?.ok_or_else(|| Error::NotFound(format!("account {account_id}")))?;
        }
        let id = parties::insert_note(tx, ctx, &input.party_id, input.account_id.as_deref(), body)?;
        audit::record(
            tx,
            ctx,
            "add_note",
            "notes",
            &id,
            Some(&input.party_id),
            input.account_id.as_deref(),
            serde_json::json!({}),
        )?;
        Ok(Note {
            id,
            account_id: input.account_id.clone(),
            body: body.to_string(),
            created_at: ctx.at(),
            created_by: ctx.user_id.clone(),
        })
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordPaymentInput {
    pub account_id: String,
    /// Pounds and pence as typed, e.g. "25", "£1,000.50". Must be more than zero; no third decimal place.
    pub amount: String,
    pub method: String,
    /// The day the money was taken (ISO date); not in the future.
    pub received_on: String,
    /// The card receipt or cash receipt number.
    pub receipt_reference: String,
    /// The financial year it pays (2025 for 2025/26); if absent, the oldest year with a balance.
    #[serde(default)]
    pub financial_year: Option<i32>,
}

/// Records a payment taken by phone or at the desk: a credit on the ledger against one year's liability.
pub fn record_payment(db: &Db, ctx: &Ctx, input: RecordPaymentInput) -> Result<EntryView> {
    ctx.require(Permission::WorkCases)?;
    let amount = Money::parse_lenient(&input.amount).map_err(|e| Error::validation("amount", e.to_string()))?;
    if amount.is_negative() || amount.is_zero() {
        return Err(Error::validation("amount", "must be more than £0.00"));
    }
    let method = PaymentMethod::parse(&input.method, "method")?;
    let received_on = parse_date(&input.received_on, "receivedOn")?;
    if received_on > ctx.today {
        return Err(Error::validation("receivedOn", format!("{received_on} is in the future")));
    }
    let receipt = input.receipt_reference.trim();
    if receipt.is_empty() {
        return Err(Error::validation("receiptReference", "enter the receipt reference"));
    }
    db.write(|tx| {
        let account = accounts::by_id(tx, &input.account_id)?
            .ok_or_else(|| Error::NotFound(format!("account {}", input.account_id)))?;
        let liability = match input.financial_year {
            Some(year) => Some(accounts::liability_for_year(tx, &account.id, year)?.ok_or_else(|| {
                Error::validation(
                    "financialYear",
                    format!("account {} has no liability for {}", account.reference, financial_year_label(year)),
                )
            })?),
            None => accounts::oldest_liability_owing(tx, &account.id)?,
        };
        let id = accounts::insert_entry(
            tx,
            ctx,
            &NewEntry {
                account_id: &account.id,
                liability_id: liability.as_deref(),
                kind: Some(LedgerKind::Payment),
                amount: -amount,
                posted_on: &ctx.today.to_string(),
                effective_on: &received_on.to_string(),
                method: method.as_str(),
                reference: receipt,
                reason: "",
                reverses_entry_id: None,
            },
        )?;
        audit::record(
            tx,
            ctx,
            "record_payment",
            "ledger_entries",
            &id,
            None,
            Some(&account.id),
            serde_json::json!({"amount_pence": -amount.pence(), "method": method.as_str()}),
        )?;
        let entry = accounts::entry(tx, &id)?.expect("just inserted");
        Ok(entry_view(entry, &account.reference))
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReverseEntryInput {
    pub entry_id: String,
    pub reason: String,
}

/// Corrects a ledger entry by posting its reversal (the ledger is never edited). Once per entry.
pub fn reverse_ledger_entry(db: &Db, ctx: &Ctx, input: ReverseEntryInput) -> Result<EntryView> {
    ctx.require(Permission::CorrectLedger)?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Error::validation("reason", "say why the entry is being reversed"));
    }
    db.write(|tx| {
        let original = accounts::entry(tx, &input.entry_id)?
            .ok_or_else(|| Error::NotFound(format!("ledger entry {}", input.entry_id)))?;
        if original.kind == LedgerKind::Reversal {
            return Err(Error::Conflict("a reversal cannot itself be reversed; post a new entry instead".into()));
        }
        if let Some(by) = &original.reversed_by_entry_id {
            let by = accounts::entry(tx, by)?.expect("reversal exists");
            return Err(Error::Conflict(format!(
                "this entry was already reversed on {} by {}",
                by.posted_on, by.created_by
            )));
        }
        let account = accounts::by_id(tx, &original.account_id)?.expect("entry's account exists");
        let id = accounts::insert_entry(
            tx,
            ctx,
            &NewEntry {
                account_id: &original.account_id,
                liability_id: original.liability_id.as_deref(),
                kind: Some(LedgerKind::Reversal),
                amount: -original.amount,
                posted_on: &ctx.today.to_string(),
                effective_on: &ctx.today.to_string(),
                method: &original.method,
                reference: &original.reference,
                reason,
                reverses_entry_id: Some(&original.id),
            },
        )?;
        audit::record(
            tx,
            ctx,
            "reverse_ledger_entry",
            "ledger_entries",
            &id,
            None,
            Some(&original.account_id),
            serde_json::json!({"reverses": original.id, "amount_pence": -original.amount.pence()}),
        )?;
        let entry = accounts::entry(tx, &id)?.expect("just inserted");
        Ok(entry_view(entry, &account.reference))
    })
}

/// The audit trail of a person's record, newest first.
pub fn person_audit(db: &Db, party_id: &str) -> Result<Vec<audit::AuditEntry>> {
    db.read(|tx| audit::for_party(tx, party_id, 500))
}

pub(crate) fn parse_date(text: &str, field: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation(field, format!("'{}' is not a date (use YYYY-MM-DD)", text.trim())))
}
