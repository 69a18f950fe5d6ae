//! What the demo generator plans before it writes: addresses, parties and accounts with their liabilities,
//! ledger, stage history, holds and notes, held in memory one case (a household or a business) at a time.
//! Amounts are integer pence; dates are `NaiveDate`s on or before `today`.

use crate::model::{DebtType, HoldKind, Jurisdiction, LedgerKind, PartyKind, Role, Stage};
use chrono::{NaiveDate, NaiveDateTime};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressPlan {
    pub uprn: Option<String>,
    pub lines: Vec<String>,
    pub postcode: String,
}

/// An address: one planned in this case, or one already written (with what search needs to know of it).
#[derive(Clone, Debug)]
pub enum AddrRef {
    New(usize),
    Written { id: String, lines: Vec<String>, postcode: String },
}

/// A party: one planned in this case, or one already written (a household member from an earlier case, a
/// money advice agency that acts for many).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartyRef {
    New(usize),
    Written(String),
    /// The account's first liable party (for holds and notes planned before the parties are known).
    Liable,
}

#[derive(Clone, Debug, Default)]
pub struct PartyPlan {
    pub kind: Option<PartyKind>,
    pub title: String,
    pub forenames: String,
    pub surname: String,
    pub organisation_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub ni_number: Option<String>,
    pub company_number: Option<String>,
    pub address: Option<usize>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct LiabilityPlan {
    pub financial_year: i32,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub description: String,
}

#[derive(Clone, Debug)]
pub struct EntryPlan {
    pub liability: Option<usize>,
    pub kind: LedgerKind,
    pub pence: i64,
    pub posted_on: NaiveDate,
    pub effective_on: NaiveDate,
    pub method: &'static str,
    pub reference: String,
    pub reason: String,
}

#[derive(Clone, Debug)]
pub struct StagePlan {
    pub liability: Option<usize>,
    pub stage: Stage,
    pub entered_on: NaiveDate,
    pub reason: String,
}

#[derive(Clone, Debug)]
pub struct HoldPlan {
    /// `Some`: on the person (covers all their debts); `None`: on this account only.
    pub party: Option<PartyRef>,
    pub kind: HoldKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub reason: String,
    pub evidence: String,
    pub released_on: Option<NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct NotePlan {
    pub party: PartyRef,
    pub about_account: bool,
    pub at: NaiveDateTime,
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct AccountPlan {
    pub reference: String,
    pub debt_type: DebtType,
    pub jurisdiction: Jurisdiction,
    pub property: Option<AddrRef>,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    /// Liable parties first; a representative's row carries the address letters go to.
    pub parties: Vec<(PartyRef, Role, Option<AddrRef>)>,
    pub liabilities: Vec<LiabilityPlan>,
    pub entries: Vec<EntryPlan>,
    pub stages: Vec<StagePlan>,
    pub holds: Vec<HoldPlan>,
    pub notes: Vec<NotePlan>,
}

/// One household or business: written together, parents before children.
#[derive(Clone, Debug, Default)]
pub struct CasePlan {
    pub addresses: Vec<AddressPlan>,
    pub parties: Vec<PartyPlan>,
    pub accounts: Vec<AccountPlan>,
}

impl CasePlan {
    pub fn add_address(&mut self, a: AddressPlan) -> usize {
        self.addresses.push(a);
        self.addresses.len() - 1
    }

    pub fn add_party(&mut self, p: PartyPlan) -> PartyRef {
        self.parties.push(p);
        PartyRef::New(self.parties.len() - 1)
    }
}
