//! A small world for the recovery engine's tests: a temp database, a clock that moves forward (each action gets
//! its own instant, so "newest" is never a tie), people with accounts and liabilities, bills, payments and runs
//! through `recovery_core::api`.
#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use recovery_core::api::{
    self, BillLiabilityInput, CommitOutcome, CommitRunInput, PreviewRunInput, RecordPaymentInput, RecoveryRunInput,
    RunView,
};
use recovery_core::db::accounts::{self, NewAccount, NewEntry};
use recovery_core::db::parties::{self, Party};
use recovery_core::db::runs::ItemRow;
use recovery_core::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, Role};
use recovery_core::{Ctx, Db, Money};
use std::cell::Cell;
use std::path::PathBuf;
use tempfile::TempDir;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

pub struct World {
    pub dir: TempDir,
    pub path: PathBuf,
    pub db: Db,
    tick: Cell<i64>,
}

/// One account with its liable person.
#[derive(Clone, Debug)]
pub struct Acct {
    pub party: String,
    pub account: String,
    pub reference: String,
}

impl World {
    pub fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recovery.db");
        let setup = Ctx::new("setup", Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).unwrap(), d("2025-01-01"));
        let db = api::open(&path, &setup).unwrap();
        World { dir, path, db, tick: Cell::new(0) }
    }

    /// `user` acting on `on`; every call is a second later than the last.
    pub fn ctx(&self, user: &str, on: &str) -> Ctx {
        let t = self.tick.get() + 1;
        self.tick.set(t);
        let day = d(on);
        let now = Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).unwrap()) + chrono::Duration::seconds(t);
        Ctx::new(user, now, day)
    }

    /// A person (or with `org`, an organisation) with an address and an account of `debt` in `j`.
    pub fn account(&self, reference: &str, surname: &str, debt: DebtType, j: Jurisdiction) -> Acct {
        let ctx = self.ctx("setup", "2025-01-01");
        self.db
            .write(|tx| {
                let home = parties::insert_address(
                    tx,
                    &ctx,
                    None,
                    &[format!("{} {surname} Road", reference.len()), "Ashdown".into()],
                    "AD1 2BC",
                )?;
                let party = parties::insert_party(
                    tx,
                    &ctx,
                    &Party {
                        kind: Some(PartyKind::Person),
                        title: "Ms".into(),
                        forenames: "Sam".into(),
                        surname: surname.into(),
                        address_id: Some(home.clone()),
                        ..Party::default()
                    },
                )?;
                let account = accounts::insert_account(
                    tx,
                    &ctx,
                    &NewAccount {
                        reference,
                        debt_type: debt,
                        jurisdiction: j,
                        property_address_id: Some(&home),
                        status: "open",
                        opened_on: "2019-04-01",
                        closed_on: None,
                    },
                )?;
                accounts::insert_account_party(tx, &ctx, &account, &party, Role::Liable, None)?;
                Ok(Acct { party, account, reference: reference.to_string() })
            })
            .unwrap()
    }

    /// Adds a jointly liable person (with the same address).
    pub fn joint(&self, a: &Acct, surname: &str) -> String {
        let ctx = self.ctx("setup", "2025-01-01");
        self.db
            .write(|tx| {
                let addr: String =
                    tx.query_row("SELECT address_id FROM parties WHERE id = ?1", [&a.party], |r| r.get(0))?;
                let p = parties::insert_party(
                    tx,
                    &ctx,
                    &Party {
                        kind: Some(PartyKind::Person),
                        forenames: "Alex".into(),
                        surname: surname.into(),
                        address_id: Some(addr),
                        ..Party::default()
                    },
                )?;
                accounts::insert_account_party(tx, &ctx, &a.account, &p, Role::JointAndSeveral, None)?;
                Ok(p)
            })
            .unwrap()
    }

    /// A liability for a financial year (1 April – 31 March), or a given period (invoices).
    pub fn liability(&self, a: &Acct, year: i32, period: Option<(&str, &str)>, description: &str) -> String {
        let ctx = self.ctx("setup", "2025-01-01");
        let (from, to) = match period {
            Some((f, t)) => (f.to_string(), t.to_string()),
            None => (format!("{year}-04-01"), format!("{}-03-31", year + 1)),
        };
        self.db.write(|tx| accounts::insert_liability(tx, &ctx, &a.account, year, &from, &to, description)).unwrap()
    }

    /// Bills a liability: posts `charge` and stores the schedule (10 instalments unless `scheme` says 12).
    pub fn bill(&self, liability: &str, charge: &str, bill_date: &str, scheme: Option<&str>) -> api::ScheduleView {
        api::bill_liability(
            &self.db,
            &self.ctx("billing", bill_date),
            BillLiabilityInput {
                liability_id: liability.into(),
                bill_date: bill_date.into(),
                scheme: scheme.map(str::to_string),
                day_of_month: None,
                charge: Some(charge.into()),
                due_on: None,
            },
        )
        .unwrap()
    }

    /// A payment taken on `on` for `year`.
    pub fn pay(&self, a: &Acct, year: i32, amount: &str, on: &str) {
        api::record_payment(
            &self.db,
            &self.ctx("cashier", on),
            RecordPaymentInput {
                account_id: a.account.clone(),
                amount: amount.into(),
                method: "card".into(),
                received_on: on.into(),
                receipt_reference: format!("R{}", self.tick.get()),
                financial_year: Some(year),
            },
        )
        .unwrap();
    }

    /// Posts a ledger entry directly (credits with no year, refunds, costs).
    pub fn post(&self, a: &Acct, liability: Option<&str>, kind: LedgerKind, amount: &str, on: &str) -> String {
        let ctx = self.ctx("setup", on);
        self.db
            .write(|tx| {
                accounts::insert_entry(
                    tx,
                    &ctx,
                    &NewEntry {
                        account_id: &a.account,
                        liability_id: liability,
                        kind: Some(kind),
                        amount: m(amount),
                        posted_on: on,
                        effective_on: on,
                        method: if kind == LedgerKind::Payment { "bank_transfer" } else { "" },
                        ..NewEntry::default()
                    },
                )
            })
            .unwrap()
    }

    pub fn preview(&self, run_type: &str, debt: &str, on: &str) -> RunView {
        api::preview_run(
            &self.db,
            &self.ctx("officer.one", on),
            PreviewRunInput {
                run_type: run_type.into(),
                debt_type: debt.into(),
                account_references: None,
                limit: None,
                minimum_amount: None,
            },
        )
        .unwrap()
    }

    /// Preview, authorise (another officer) and commit a run on `on`.
    pub fn run(&self, run_type: &str, debt: &str, on: &str) -> (RunView, CommitOutcome) {
        let preview = self.preview(run_type, debt, on);
        api::authorise_run(&self.db, &self.ctx("team.leader", on), RecoveryRunInput { run_id: preview.run.id.clone() })
            .unwrap();
        let outcome = api::commit_run(
            &self.db,
            &self.ctx("team.leader", on),
            CommitRunInput { run_id: preview.run.id.clone(), issue_letters: true },
        )
        .unwrap();
        (preview, outcome)
    }

    pub fn items(&self, run_id: &str) -> Vec<ItemRow> {
        api::run_items(
            &self.db,
            api::RunItemsInput {
                run_id: run_id.into(),
                selected: None,
                exclusion: None,
                status: None,
                needs_decision: None,
                offset: 0,
                limit: Some(5000),
            },
        )
        .unwrap()
    }

    /// The references selected in a run, sorted.
    pub fn selected(&self, run_id: &str) -> Vec<String> {
        let mut v: Vec<String> =
            self.items(run_id).into_iter().filter(|i| i.selected).map(|i| i.account_reference).collect();
        v.sort();
        v
    }

    /// `reference → exclusion` for the items left out.
    pub fn excluded(&self, run_id: &str) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self
            .items(run_id)
            .into_iter()
            .filter(|i| !i.selected)
            .map(|i| (i.account_reference, i.exclusion))
            .collect();
        v.sort();
        v
    }

    /// A user of the app (the users table belongs to the security issue; tests add rows directly).
    pub fn user(&self, username: &str, role: &str) -> String {
        let id = format!("user-{username}");
        self.db
            .write(|tx| {
                tx.execute(
                    "INSERT INTO users (id, username, display_name, role, created_at, created_by, device_id)
                     VALUES (?1, ?2, ?2, ?3, '2025-01-01T09:00:00.000Z', 'setup', ?4)",
                    [&id, username, role, tx.device_id],
                )?;
                Ok(())
            })
            .unwrap();
        id
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.db.read(|tx| Ok(tx.query_row(sql, [], |r| r.get(0))?)).unwrap()
    }

    pub fn timetable(&self, a: &Acct, on: &str) -> api::AccountTimetable {
        api::account_timetable(
            &self.db,
            &self.ctx("officer.one", on),
            api::AccountTimetableInput { account_id: a.account.clone(), on: Some(on.into()) },
        )
        .unwrap()
    }
}
