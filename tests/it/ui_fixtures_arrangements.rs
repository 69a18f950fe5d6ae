//! The UI tests' arrangement fixtures (`tests/ui/fixtures/arr_*.json`) are what Rust really answers: this builds
//! Mr Peter Oduya through `recovery_core::api` (council tax arrears of £1,200.00 for 2025/26 and £900.00 unpaid
//! of 2026/27, T42's figures; an I&E statement whose affordable offer is £60.00 a month; a Housing Benefit
//! overpayment in a fortnightly arrangement since August with a payment missed and its default letter sent),
//! serialises every answer the planner and the person screen read on 25 November 2026, and compares them with
//! the fixture files (generated ids replaced by fixed ones, in order of first appearance). `UPDATE_UI_FIXTURES=1`
//! rewrites them; `ARRANGEMENT_CONFIRMATION_PDF=<path>` also writes the confirmation letter the save issued (for
//! the screenshot in `docs/`).

use chrono::{NaiveDate, TimeZone, Utc};
use recovery_core::api::{
    self, BillLiabilityInput, CommitMonitoringInput, DebtInput, LineInput, MonitorArrangementInput, MonitoringInput,
    PlanArrangementInput, RecordPaymentInput, SaveArrangementInput, SaveIncomeExpenditureInput, StatementInput,
};
use recovery_core::db::accounts::{self, NewAccount, NewEntry};
use recovery_core::db::parties::{self, Party};
use recovery_core::model::{DebtType, Jurisdiction, LedgerKind, PartyKind, Role};
use recovery_core::rules::income_expenditure::Frequency;
use recovery_core::{Ctx, Db, Money};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Peter Oduya's id in the UI fixtures.
const PETER: &str = "0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1010";

fn ctx_on(day: &str) -> Ctx {
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    Ctx::new("a.officer", Utc.from_utc_datetime(&d.and_hms_opt(10, 30, 0).unwrap()), d)
}

struct World {
    db: Db,
    party: String,
    ct: String,
    ct_2025: String,
    ct_2026: String,
    hb_2024: String,
}

fn pay(db: &Db, account: &str, year: i32, amount: &str, on: &str) {
    api::record_payment(
        db,
        &ctx_on(on),
        RecordPaymentInput {
            account_id: account.into(),
            amount: amount.into(),
            method: "standing_order".into(),
            received_on: on.into(),
            receipt_reference: format!("SO-{on}"),
            financial_year: Some(year),
        },
    )
    .unwrap();
}

fn peter(dir: &Path) -> World {
    let setup = ctx_on("2025-03-01");
    let db = api::open(dir.join("arrangements-ui.db"), &setup).unwrap();
    let (party, ct, hb, ct_2025, ct_2026, hb_2024) = db
        .write(|tx| {
            let home = parties::insert_address(
                tx,
                &setup,
                None,
                &["7 Mill Lane".into(), "Fenwick Cross".into(), "Westshire".into()],
                "AD8 5TU",
            )?;
            let party = parties::insert_party(
                tx,
                &setup,
                &Party {
                    kind: Some(PartyKind::Person),
                    id: PETER.into(),
                    title: "Mr".into(),
                    forenames: "Peter".into(),
                    surname: "Oduya".into(),
                    date_of_birth: Some("1984-07-02".into()),
                    address_id: Some(home.clone()),
                    ..Party::default()
                },
            )?;
            let account = |reference: &str, debt: DebtType| {
                accounts::insert_account(
                    tx,
                    &setup,
                    &NewAccount {
                        reference,
                        debt_type: debt,
                        jurisdiction: Jurisdiction::England,
                        property_address_id: Some(&home),
                        status: "open",
                        opened_on: "2021-06-14",
                        closed_on: None,
                    },
                )
            };
            let ct = account("50055501", DebtType::CouncilTax)?;
            let hb = account("HB-700555", DebtType::HbOverpayment)?;
            for a in [&ct, &hb] {
                accounts::insert_account_party(tx, &setup, a, &party, Role::Liable, None)?;
            }
            let ct_2025 = accounts::insert_liability(tx, &setup, &ct, 2025, "2025-04-01", "2026-03-31", "Band C")?;
            let ct_2026 = accounts::insert_liability(tx, &setup, &ct, 2026, "2026-04-01", "2027-03-31", "Band C")?;
            let hb_2024 = accounts::insert_liability(
                tx,
                &setup,
                &hb,
                2024,
                "2024-05-06",
                "2024-11-24",
                "Overpaid Housing Benefit, 6 May to 24 November 2024",
            )?;
            accounts::insert_entry(
                tx,
                &setup,
                &NewEntry {
                    account_id: &hb,
                    liability_id: Some(&hb_2024),
                    kind: Some(LedgerKind::Charge),
                    amount: Money::parse("480.00").unwrap(),
                    posted_on: "2025-01-15",
                    effective_on: "2025-01-15",
                    reference: "HB-OP-55501",
                    ..NewEntry::default()
                },
            )?;
            Ok((party, ct, hb, ct_2025, ct_2026, hb_2024))
        })
        .unwrap();
    for (liability, charge, bill) in [(&ct_2025, "1200.00", "2025-03-10"), (&ct_2026, "1500.00", "2026-03-10")] {
        api::bill_liability(
            &db,
            &ctx_on(bill),
            BillLiabilityInput {
                liability_id: liability.clone(),
                bill_date: bill.into(),
                scheme: None,
                day_of_month: None,
                charge: Some(charge.into()),
                due_on: None,
            },
        )
        .unwrap();
    }
    for on in ["2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01"] {
        pay(&db, &ct, 2026, "150.00", on);
    }
    // The fortnightly arrangement for the overpayment: £40.00 from 28 August; paid to 23 October; 6 November
    // missed, its default letter sent by the monitoring of 21 November.
    api::save_arrangement(
        &db,
        &ctx_on("2026-08-20"),
        SaveArrangementInput {
            plan: PlanArrangementInput {
                party_id: party.clone(),
                liability_ids: vec![hb_2024.clone()],
                frequency: "fortnightly".into(),
                start_on: "2026-08-28".into(),
                amount: Some("40.00".into()),
                end_on: None,
            },
            method: "standing_order".into(),
            agreed_how: "phone".into(),
            agreed_with: "Mr Peter Oduya".into(),
            notes: Some("Agreed after the invoice final notice".into()),
            with_print_run: false,
        },
    )
    .unwrap();
    for on in ["2026-08-28", "2026-09-11", "2026-09-25", "2026-10-09", "2026-10-23"] {
        pay(&db, &hb, 2024, "40.00", on);
    }
    let run = api::preview_arrangement_monitoring(&db, &ctx_on("2026-11-21"), MonitoringInput::default()).unwrap();
    api::commit_arrangement_monitoring(
        &db,
        &ctx_on("2026-11-21"),
        CommitMonitoringInput { run_id: run.run.id, issue_letters: true },
    )
    .unwrap();
    // An income and expenditure statement whose affordable offer for the council is £60.00 a month (T41).
    let mut s = StatementInput::default();
    s.household.client_name = "Peter Oduya".into();
    let line = |item: &str, amount: &str| LineInput {
        item: item.into(),
        amount: amount.into(),
        frequency: Frequency::Monthly,
        notes: String::new(),
    };
    s.lines = vec![line("client-salary-or-wages", "1650.00"), line("rent", "1000.00"), line("groceries", "480.00")];
    s.savings_contribution = "10.00".into();
    s.savings_contribution_considered = true;
    s.priority_debts = vec![
        DebtInput {
            creditor: "Ashdown District Council: Council Tax 50055501".into(),
            amount_owed: "2100.00".into(),
            offer: "60.00".into(),
            council: true,
            ..DebtInput::default()
        },
        DebtInput {
            creditor: "Westshire Energy".into(),
            amount_owed: "400.00".into(),
            offer: "20.00".into(),
            ..DebtInput::default()
        },
    ];
    api::save_income_expenditure(
        &db,
        &ctx_on("2026-11-20"),
        SaveIncomeExpenditureInput {
            party_id: party.clone(),
            taken_on: "2026-11-20".into(),
            statement: s,
            started_from_id: None,
        },
    )
    .unwrap();
    World { db, party, ct, ct_2025, ct_2026, hb_2024 }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ui/fixtures")
}

/// Replaces every generated id (a UUIDv7) with a fixed one in order of first appearance across all the
/// fixtures, and an arrangement's reference (`AR-` and its last eight hex digits) with the fixed id's.
struct Ids {
    seen: Vec<(String, String)>,
}

impl Ids {
    fn fixed(&mut self, text: &str) -> String {
        let re = regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
        for m in re.find_iter(text) {
            let id = m.as_str().to_string();
            if id == PETER || self.seen.iter().any(|(from, _)| *from == id) {
                continue;
            }
            let to = format!("0193a7c2-5b1e-7c3a-9f10-2b8d4e6a{:04}", 8001 + self.seen.len());
            self.seen.push((id, to));
        }
        let mut out = text.to_string();
        for (from, to) in &self.seen {
            out = out.replace(from, to);
            out = out.replace(&api::arrangement_reference(from), &api::arrangement_reference(to));
        }
        out
    }

    fn normalised<T: Serialize>(&mut self, value: &T) -> serde_json::Value {
        let text = serde_json::to_string(value).unwrap();
        serde_json::from_str(&self.fixed(&text)).unwrap()
    }
}

fn plan(w: &World, liabilities: &[&str], amount: Option<&str>, end: Option<&str>) -> PlanArrangementInput {
    PlanArrangementInput {
        party_id: w.party.clone(),
        liability_ids: liabilities.iter().map(|l| l.to_string()).collect(),
        frequency: "monthly".into(),
        start_on: "2026-12-01".into(),
        amount: amount.map(str::to_string),
        end_on: end.map(str::to_string),
    }
}

#[test]
fn the_ui_fixtures_for_arrangements_are_what_rust_answers() {
    let dir = tempfile::tempdir().unwrap();
    let w = peter(dir.path());
    let today = ctx_on("2026-11-25"); // the UI fixtures' app_info today
    let mut ids = Ids { seen: Vec::new() };
    let ct = [w.ct_2025.as_str(), w.ct_2026.as_str()];
    let before = api::person_arrangements(&w.db, &today, &w.party).unwrap();
    let hb_arrangement = before[0].id.clone();
    // The arrangement's reference shows in the planner before its id does: number its id first.
    ids.fixed(&hb_arrangement);
    let mut outputs: Vec<(&str, serde_json::Value)> = vec![
        ("arr_person_peter", ids.normalised(&api::person(&w.db, &today, &w.party).unwrap())),
        ("arr_planner_peter", ids.normalised(&api::arrangement_planner(&w.db, &today, &w.party).unwrap())),
        ("arr_arrangements_peter", ids.normalised(&before)),
        (
            "arr_monitor_peter",
            ids.normalised(
                &api::monitor_arrangement(
                    &w.db,
                    &today,
                    MonitorArrangementInput { arrangement_id: hb_arrangement.clone(), commit: false },
                )
                .unwrap(),
            ),
        ),
        (
            "arr_plan_peter",
            ids.normalised(&api::plan_arrangement(&w.db, &today, plan(&w, &ct, Some("80.00"), None)).unwrap()),
        ),
        (
            "arr_plan_peter_end",
            ids.normalised(&api::plan_arrangement(&w.db, &today, plan(&w, &ct, None, Some("2027-11-30"))).unwrap()),
        ),
        (
            "arr_plan_peter_refused",
            ids.normalised(
                &api::plan_arrangement(
                    &w.db,
                    &today,
                    plan(&w, &[ct[0], ct[1], w.hb_2024.as_str()], Some("80.00"), None),
                )
                .unwrap(),
            ),
        ),
    ];
    let saved = api::save_arrangement(
        &w.db,
        &today,
        SaveArrangementInput {
            plan: plan(&w, &ct, Some("80.00"), None),
            method: "direct_debit".into(),
            agreed_how: "phone".into(),
            agreed_with: "Mr Peter Oduya".into(),
            notes: None,
            with_print_run: false,
        },
    )
    .unwrap();
    outputs.push(("arr_saved_peter", ids.normalised(&saved)));

    // The figures the UI tests and the screenshots rely on, to the penny.
    let p = &outputs[4].1;
    assert_eq!(
        (p["total"].as_str(), p["count"].as_u64(), p["amount"].as_str()),
        (Some("2100.00"), Some(27), Some("80.00"))
    );
    assert_eq!(p["last_payment"]["amount"], "20.00");
    assert_eq!(p["affordable"]["monthly"], "60.00");
    let codes: Vec<&str> = p["checks"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["over_affordable", "current_year_not_cleared", "longer_than_maximum"]);
    assert!(p["checks"][1]["reason"].as_str().unwrap().contains("leave £580.00 of 2026/27's charge unpaid"));
    let refused = &outputs[6].1;
    assert_eq!(
        (refused["can_save"].as_bool(), refused["checks"][0]["code"].as_str()),
        (Some(false), Some("live_arrangement"))
    );
    let hb = &outputs[2].1[0];
    assert_eq!((hb["state"].as_str(), hb["behind"].as_str()), (Some("missed"), Some("80.00")));
    let statuses: Vec<&str> =
        hb["payments"].as_array().unwrap().iter().map(|p| p["status"].as_str().unwrap()).collect();
    assert_eq!(statuses[4..8], ["paid", "missed", "late", "due"]);
    assert_eq!(hb["events"][1]["kind"], "default");
    assert_eq!(saved.payments.len(), 27);
    let _ = &w.ct;

    if let Some(path) = std::env::var_os("ARRANGEMENT_CONFIRMATION_PDF") {
        let doc = saved.confirmation_document_id.as_deref().unwrap();
        std::fs::write(path, api::reprint_letter(&w.db, &today, doc).unwrap().letter.pdf).unwrap();
    }
    let update = std::env::var_os("UPDATE_UI_FIXTURES").is_some();
    for (name, value) in outputs.drain(..) {
        let path = fixtures_dir().join(format!("{name}.json"));
        if update {
            std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap() + "\n").unwrap();
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_UI_FIXTURES=1)", path.display()));
        let fixture: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(fixture, value, "{name}.json differs from what Rust answers (UPDATE_UI_FIXTURES=1 rewrites it)");
    }
}

/// The inputs the UI sends (as tests/ui/arrangements.test.mjs asserts them) are what the commands accept.
#[test]
fn the_inputs_the_ui_sends_are_what_the_arrangement_commands_accept() {
    use recovery_core::api::{CancelArrangementInput, ReinstateArrangementInput};
    let plan = serde_json::json!({
        "partyId": PETER, "liabilityIds": ["a", "b"], "frequency": "monthly", "startOn": "2026-12-01", "amount": "80"
    });
    serde_json::from_value::<PlanArrangementInput>(plan.clone()).unwrap();
    serde_json::from_value::<PlanArrangementInput>(serde_json::json!({
        "partyId": PETER, "liabilityIds": ["a"], "frequency": "monthly", "startOn": "2026-12-01", "endOn": "2027-11-30"
    }))
    .unwrap();
    let save: SaveArrangementInput = serde_json::from_value(serde_json::json!({
        "plan": plan, "method": "direct_debit", "agreedHow": "phone", "agreedWith": "Mr Peter Oduya", "withPrintRun": true
    }))
    .unwrap();
    assert!(save.with_print_run);
    let m: MonitorArrangementInput =
        serde_json::from_value(serde_json::json!({"arrangementId": "x", "commit": true})).unwrap();
    assert!(m.commit);
    serde_json::from_value::<CancelArrangementInput>(serde_json::json!({"arrangementId": "x", "reason": "r"})).unwrap();
    serde_json::from_value::<ReinstateArrangementInput>(
        serde_json::json!({"arrangementId": "x", "reason": "r", "startOn": "2026-12-01", "amount": "40"}),
    )
    .unwrap();
    assert!(serde_json::from_value::<PlanArrangementInput>(serde_json::json!({"partyId": "x", "liabilityIds": [],
        "frequency": "monthly", "startOn": "2026-12-01", "amountt": "1"}))
    .is_err());
}
