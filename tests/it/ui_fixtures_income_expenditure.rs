//! The UI tests' income and expenditure fixtures (`tests/ui/fixtures/ie_*.json`) are what Rust really answers:
//! this builds Jane Smith's household (T41's overview with T39's pro-rata split) through `recovery_core::api`,
//! serialises every answer the I&E screen reads, and compares it with the fixture files (ids and instants
//! replaced by the fixtures' fixed ones). `UPDATE_UI_FIXTURES=1` rewrites them; `IE_SUMMARY_PDF=<path>` also
//! writes the statement's summary PDF (for the README screenshot).

use chrono::{NaiveDate, TimeZone, Utc};
use recovery_core::api::{
    self, ComputeIncomeExpenditureInput, DebtInput, LineInput, LoadGuidelinesInput, SaveIncomeExpenditureInput,
    StatementInput,
};
use recovery_core::db::parties::{self, Party};
use recovery_core::model::PartyKind;
use recovery_core::rules::income_expenditure::Frequency;
use recovery_core::{Ctx, Db};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The ids the UI fixtures use (tests/ui/harness.mjs: JANE).
const JANE: &str = "0193a7c2-5b1e-7c3a-9f10-2b8d4e6a1001";
const OLDER: &str = "0193a7c2-5b1e-7c3a-9f10-2b8d4e6a6001";
const LATEST: &str = "0193a7c2-5b1e-7c3a-9f10-2b8d4e6a6002";

fn ctx_on(y: i32, m: u32, d: u32) -> Ctx {
    Ctx::new("a.officer", Utc.with_ymd_and_hms(y, m, d, 10, 30, 0).unwrap(), NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn line(item: &str, amount: &str, frequency: Frequency, notes: &str) -> LineInput {
    LineInput { item: item.into(), amount: amount.into(), frequency, notes: notes.into() }
}

fn debt(creditor: &str, owed: &str, offer: &str, council: bool, ccj: bool) -> DebtInput {
    DebtInput {
        creditor: creditor.into(),
        amount_owed: owed.into(),
        offer: offer.into(),
        council,
        ccj,
        notes: String::new(),
    }
}

/// Jane Smith, part-time, two children, a social tenant. Income £1,650.00 (wages four-weekly, Universal Credit,
/// Child Benefit weekly); outgoings £1,480.00; savings £10.00 → £160.00 for priority debts (T41); offers £45.00
/// to the council tax and £15.00 to energy → £100.00 for non-priority creditors owed £1,000 / £700 / £300 /
/// £333, shared £42.86 / £30.01 / £12.86 / £14.27 (T39).
pub fn jane_statement() -> StatementInput {
    use Frequency::*;
    let mut s = StatementInput::default();
    let h = &mut s.household;
    h.client_name = "Jane Smith".into();
    h.client_date_of_birth = "1971-03-14".into();
    h.client_address = "12 High Street, Ashdown, AD1 2BC".into();
    h.dependent_children_under16 = 1;
    h.dependent_children16_to18 = 1;
    h.housing_tenure = "Tenant - social".into();
    h.client_employment_status = vec!["Part-time".into()];
    s.lines = vec![
        line("client-salary-or-wages", "1200.00", FourWeekly, ""),
        line("tax-credits-universal-credit", "237.12", Monthly, ""),
        line("child-benefit", "26.05", Weekly, ""),
        line("rent", "553.85", FourWeekly, ""),
        line("council-tax-rates", "150.00", Monthly, "Instalments for 2025/26"),
        line("tv-licence", "14.54", Monthly, ""),
        line("gas", "70.00", Monthly, ""),
        line("electricity", "80.00", Monthly, ""),
        line("water-supply", "40.00", Monthly, ""),
        line("public-transport", "11.25", Weekly, ""),
        line("home-phone-internet-tv", "35.00", Monthly, ""),
        line("mobile-phone", "25.00", Monthly, ""),
        line("groceries", "80.00", Weekly, ""),
        line("clothing-footwear", "40.00", Monthly, ""),
        line("hairdressing", "10.00", Monthly, ""),
        line("toiletries", "20.04", Monthly, ""),
    ];
    s.savings_contribution = "10.00".into();
    s.savings_contribution_considered = true;
    s.priority_debts = vec![
        debt("Ashdown District Council: Council Tax 50012345", "1234.50", "45.00", true, false),
        debt("Westshire Energy (gas and electricity arrears)", "412.30", "15.00", false, false),
    ];
    s.non_priority_debts = vec![
        debt("Northbank credit card", "1000.00", "", false, false),
        debt("Catalogue Direct", "700.00", "", false, false),
        debt("Quickloan", "300.00", "", false, true),
        debt("Ashdown District Council: Housing Benefit overpayment HB-700123", "333.00", "", true, false),
    ];
    s.notes = vec!["Hours cut from January 2026; expects full-time work again from June.".into()];
    s
}

/// The statement of September 2025: full-time then, fewer debts.
fn older_statement() -> StatementInput {
    use Frequency::*;
    let mut s = jane_statement();
    s.household.client_employment_status = vec!["Full-time".into()];
    s.lines[0] = line("client-salary-or-wages", "1550.00", FourWeekly, "");
    s.lines.retain(|l| l.item != "tax-credits-universal-credit");
    s.lines.push(line("school-work-meals", "12.50", Weekly, ""));
    s.priority_debts.truncate(1);
    s.priority_debts[0].amount_owed = "620.00".into();
    s.priority_debts[0].offer = "60.00".into();
    s.non_priority_debts.truncate(2);
    s.notes.clear();
    s
}

/// Made-up guideline figures for the tests (the licensed SFS figures are never shipped or copied).
pub const TEST_GUIDELINES_CSV: &str = "category,household,amount,valid_from\n\
     food-housekeeping,1A2C,330.00,2025-04-01\n\
     communications-leisure,1A2C,90.00,2025-04-01\n\
     personal,1A2C,100.00,2025-04-01\n";

/// Jane Smith in a fresh database with the two statements; returns the database, her id and the statements' ids.
pub fn jane_with_statements(dir: &Path) -> (Db, String, String, String) {
    let first = ctx_on(2025, 9, 10);
    let db = api::open(dir.join("ie-ui.db"), &first).unwrap();
    let party = db
        .write(|tx| {
            let home =
                parties::insert_address(tx, &first, None, &["12 High Street".into(), "Ashdown".into()], "AD1 2BC")?;
            parties::insert_party(
                tx,
                &first,
                &Party {
                    kind: Some(PartyKind::Person),
                    id: JANE.into(),
                    title: "Mrs".into(),
                    forenames: "Jane".into(),
                    surname: "Smith".into(),
                    date_of_birth: Some("1971-03-14".into()),
                    address_id: Some(home),
                    ..Party::default()
                },
            )
        })
        .unwrap();
    api::load_spending_guidelines(
        &db,
        &first,
        LoadGuidelinesInput { file_name: "test-guidelines.csv".into(), content: TEST_GUIDELINES_CSV.into() },
    )
    .unwrap();
    let older = api::save_income_expenditure(
        &db,
        &first,
        SaveIncomeExpenditureInput {
            party_id: party.clone(),
            taken_on: "2025-09-10".into(),
            statement: older_statement(),
            started_from_id: None,
        },
    )
    .unwrap();
    let latest = api::save_income_expenditure(
        &db,
        &ctx_on(2026, 3, 2),
        SaveIncomeExpenditureInput {
            party_id: party.clone(),
            taken_on: "2026-03-02".into(),
            statement: jane_statement(),
            started_from_id: Some(older.record.id.clone()),
        },
    )
    .unwrap();
    (db, party, older.record.id, latest.record.id)
}

/// The shipped SFS example spoilt in two places (a count in words, a housing tenure the SFS does not know), as the UI
/// tests make it (income-expenditure.test.mjs `brokenExample`).
fn broken_example() -> String {
    include_str!("../../src-tauri/core/data/sfs/sfs-summary-example-data.json")
        .replace("\"dependent-children-under-16\":1,", "\"dependent-children-under-16\":\"one\",")
        .replace("\"housing-tenure\": \"Owner\",", "\"housing-tenure\": \"Castle\",")
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ui/fixtures")
}

/// Serialises `value` as the UI receives it, with the run's ids replaced by the fixtures' fixed ones.
fn normalised<T: Serialize>(value: &T, ids: &[(&str, &str)]) -> serde_json::Value {
    let mut text = serde_json::to_string(value).unwrap();
    for (from, to) in ids {
        text = text.replace(from, to);
    }
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_ui_fixtures_for_income_and_expenditure_are_what_rust_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (db, party, older, latest) = jane_with_statements(dir.path());
    let ids = [(party.as_str(), JANE), (older.as_str(), OLDER), (latest.as_str(), LATEST)];
    let today = ctx_on(2026, 11, 25); // the UI fixtures' app_info today

    let example = include_str!("../../src-tauri/core/data/sfs/sfs-summary-example-data.json");
    let invalid = api::read_sfs("broken.json", &broken_example()).unwrap_err();
    let invalid = serde_json::json!({
        "code": invalid.code(),
        "message": invalid.to_string(),
        "problems": match &invalid { recovery_core::Error::Invalid { problems, .. } => problems.clone(), _ => vec![] },
    });
    let mut outputs: Vec<(&str, serde_json::Value)> = vec![
        ("ie_catalogue", normalised(&api::income_expenditure_catalogue(), &ids)),
        ("ie_new_jane", normalised(&api::new_income_expenditure(&db, &today, &party).unwrap(), &ids)),
        ("ie_latest_jane", normalised(&api::latest_income_expenditure(&db, &today, &party).unwrap(), &ids)),
        ("ie_older_jane", normalised(&api::income_expenditure(&db, &today, &older).unwrap(), &ids)),
        ("ie_history_jane", normalised(&api::income_expenditure_history(&db, &today, &party).unwrap(), &ids)),
        (
            "ie_view_jane",
            normalised(
                &api::compute_income_expenditure(
                    &db,
                    &today,
                    ComputeIncomeExpenditureInput { statement: jane_statement(), taken_on: None },
                )
                .unwrap(),
                &ids,
            ),
        ),
        ("ie_guidelines", normalised(&api::spending_guidelines(&db).unwrap(), &ids)),
        ("ie_sfs_read_example", normalised(&api::read_sfs("sfs-summary-example-data.json", example).unwrap(), &ids)),
        ("ie_sfs_invalid_error", invalid),
    ];
    // The figures the UI tests and the screenshot rely on, to the penny.
    let view = &outputs[5].1;
    assert_eq!(view["overview"]["total_income"], "1650.00");
    assert_eq!(view["overview"]["total_expenditure"], "1480.00");
    assert_eq!(view["overview"]["available_for_priority_debts"], "160.00");
    assert_eq!(view["overview"]["available_for_non_priority_debts"], "100.00");
    assert_eq!(view["non_priority_shares"], serde_json::json!(["42.86", "30.01", "12.86", "14.27"]));
    assert_eq!(view["council_offer"]["affordable"], "59.27");
    let latest_view = &outputs[2].1;
    assert_eq!(latest_view["stale"], true, "due 2026-09-02, six months after 2026-03-02");
    assert_eq!(latest_view["review_due_on"], "2026-09-02");

    if let Some(path) = std::env::var_os("IE_SUMMARY_PDF") {
        std::fs::write(path, api::income_expenditure_summary_pdf(&db, &today, &latest).unwrap()).unwrap();
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
