//! A small hand-built caseload for the tests: one person with a council tax account over two years, a joint
//! liable partner, an appointee, and a business on business rates.

use chrono::{NaiveDate, TimeZone, Utc};
use recovery_core::db::accounts::{self, NewAccount, NewEntry};
use recovery_core::db::parties::{self, Party};
use recovery_core::db::search;
use recovery_core::model::{DebtType, HoldKind, Jurisdiction, LedgerKind, PartyKind, Role, Stage};
use recovery_core::{api, Ctx, Db, Money};
use tempfile::TempDir;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

pub fn ctx() -> Ctx {
    Ctx::new("test.officer", Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(), today())
}

pub struct Case {
    pub _dir: TempDir,
    pub db: Db,
    pub jane: String,
    pub tom: String,
    pub appointee: String,
    pub business: String,
    pub ct_account: String,
    pub nndr_account: String,
    pub payment_2025: String,
}

fn money(s: &str) -> Money {
    Money::parse(s).unwrap()
}

/// Jane Ashworth and Tom Ashworth, jointly liable on CT10000001 (2025/26 £1,843.57 charged, £900.00 paid;
/// 2026/27 £1,920.00 charged, £160.00 paid, £60.00 summons costs): balance £2,763.57. Their appointee is
/// Ruth Ingram. Kestrel Motors Ltd owes £4,210.00 on NNDR1000001, with a dispute hold on the account.
pub fn case() -> Case {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx();
    let db = api::open(dir.path().join("test.db"), &ctx).unwrap();
    let ids = db
        .write(|tx| {
            let home = parties::insert_address(
                tx,
                &ctx,
                Some("100012345678"),
                &["14 Larch Close".into(), "Ashdown".into(), "Westshire".into()],
                "AD1 2BC",
            )?;
            let person = |forenames: &str, surname: &str, ni: Option<&str>, dob: &str| Party {
                kind: Some(PartyKind::Person),
                title: "".into(),
                forenames: forenames.into(),
                surname: surname.into(),
                ni_number: ni.map(str::to_string),
                date_of_birth: Some(dob.into()),
                address_id: Some(home.clone()),
                ..Party::default()
            };
            let jane = parties::insert_party(
                tx,
                &ctx,
                &person("Jane Elizabeth", "Ashworth", Some("JK123456C"), "1972-03-14"),
            )?;
            let tom = parties::insert_party(tx, &ctx, &person("Thomas", "Ashworth", None, "1970-08-02"))?;
            let appointee = parties::insert_party(tx, &ctx, &person("Ruth", "Ingram", None, "1960-01-30"))?;
            parties::insert_contact(tx, &ctx, &jane, "phone", "07700 900123")?;
            parties::insert_contact(tx, &ctx, &jane, "email", "jane.ashworth@example.com")?;
            let ct = accounts::insert_account(
                tx,
                &ctx,
                &NewAccount {
                    reference: "CT10000001",
                    debt_type: DebtType::CouncilTax,
                    jurisdiction: Jurisdiction::England,
                    property_address_id: Some(&home),
                    status: "open",
                    opened_on: "2019-06-01",
                    closed_on: None,
                },
            )?;
            accounts::insert_account_party(tx, &ctx, &ct, &jane, Role::Liable, None)?;
            accounts::insert_account_party(tx, &ctx, &ct, &tom, Role::JointAndSeveral, None)?;
            accounts::insert_account_party(tx, &ctx, &ct, &appointee, Role::Appointee, None)?;
            let y25 = accounts::insert_liability(tx, &ctx, &ct, 2025, "2025-04-01", "2026-03-31", "Band C")?;
            let y26 = accounts::insert_liability(tx, &ctx, &ct, 2026, "2026-04-01", "2027-03-31", "Band C")?;
            let post = |liability: &str, kind: LedgerKind, amount: &str, on: &str| -> recovery_core::Result<String> {
                accounts::insert_entry(
                    tx,
                    &ctx,
                    &NewEntry {
                        account_id: &ct,
                        liability_id: Some(liability),
                        kind: Some(kind),
                        amount: money(amount),
                        posted_on: on,
                        effective_on: on,
                        method: if kind == LedgerKind::Payment { "direct_debit" } else { "" },
                        ..NewEntry::default()
                    },
                )
            };
            post(&y25, LedgerKind::Charge, "1843.57", "2025-03-10")?;
            let payment_2025 = post(&y25, LedgerKind::Payment, "-900.00", "2025-09-01")?;
            post(&y26, LedgerKind::Charge, "1920.00", "2026-03-10")?;
            post(&y26, LedgerKind::Payment, "-160.00", "2026-05-01")?;
            post(&y26, LedgerKind::Cost, "60.00", "2026-10-01")?;
            accounts::insert_stage(tx, &ctx, &ct, Some(&y26), Stage::Billed, "2026-03-10", "")?;
            accounts::insert_stage(tx, &ctx, &ct, Some(&y26), Stage::Summons, "2026-10-01", "")?;

            let works = parties::insert_address(
                tx,
                &ctx,
                None,
                &["Unit 4 Riverside Works".into(), "Ashdown".into()],
                "AD3 9XY",
            )?;
            let business = parties::insert_party(
                tx,
                &ctx,
                &Party {
                    kind: Some(PartyKind::Organisation),
                    organisation_name: "Kestrel Motors Ltd".into(),
                    company_number: Some("01234567".into()),
                    address_id: Some(works.clone()),
                    ..Party::default()
                },
            )?;
            let nndr = accounts::insert_account(
                tx,
                &ctx,
                &NewAccount {
                    reference: "NNDR1000001",
                    debt_type: DebtType::BusinessRates,
                    jurisdiction: Jurisdiction::England,
                    property_address_id: Some(&works),
                    status: "open",
                    opened_on: "2020-04-01",
                    closed_on: None,
                },
            )?;
            accounts::insert_account_party(tx, &ctx, &nndr, &business, Role::Liable, None)?;
            let l = accounts::insert_liability(tx, &ctx, &nndr, 2026, "2026-04-01", "2027-03-31", "RV £8,600")?;
            accounts::insert_entry(
                tx,
                &ctx,
                &NewEntry {
                    account_id: &nndr,
                    liability_id: Some(&l),
                    kind: Some(LedgerKind::Charge),
                    amount: money("4210.00"),
                    posted_on: "2026-03-10",
                    effective_on: "2026-03-10",
                    ..NewEntry::default()
                },
            )?;
            parties::insert_hold(
                tx,
                &ctx,
                None,
                Some(&nndr),
                HoldKind::Dispute,
                "2026-11-01",
                None,
                "Rateable value appeal",
            )?;
            for id in [&jane, &tom, &appointee, &business] {
                search::index_party(tx, id)?;
            }
            Ok((jane, tom, appointee, business, ct, nndr, payment_2025))
        })
        .unwrap();
    Case {
        _dir: dir,
        db,
        jane: ids.0,
        tom: ids.1,
        appointee: ids.2,
        business: ids.3,
        ct_account: ids.4,
        nndr_account: ids.5,
        payment_2025: ids.6,
    }
}

/// The sum of an account's ledger, straight from SQL: what every screen's balance must equal.
pub fn ledger_sum(db: &Db, account_id: &str) -> i64 {
    db.read(|tx| {
        Ok(tx.query_row(
            "SELECT coalesce(sum(amount_pence), 0) FROM ledger_entries WHERE account_id = ?1",
            [account_id],
            |r| r.get(0),
        )?)
    })
    .unwrap()
}
