//! The CLI's income and expenditure commands: `calc prorata` (T39 to the penny, in the order given),
//! `sfs summary` of the shipped SFS examples (JSON and XML agree), `sfs import` for a person and `sfs export`
//! (the exported file reads back with the same overview), and bad input refused with exit 2 naming the problem.

use std::path::Path;
use std::process::{Command, Output};

const EXAMPLE_JSON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sfs/sfs-summary-example-data.json");
const EXAMPLE_XML: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sfs/sfs-summary-example-data.xml");

/// The CLI without a database (the calculators and `sfs summary` read none).
fn cli_bare(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli")).env_remove("RECOVERY_DESK_DB").args(args).output().unwrap()
}

fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-25", "--user", "cli.test"])
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn refused(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "stdout: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).trim().to_string()
}

#[test]
fn calc_prorata_shares_t39_to_the_penny_in_the_order_given() {
    let v = json(&cli_bare(&[
        "calc",
        "prorata",
        "--available",
        "100.00",
        "--debt",
        "Northbank=1000",
        "--debt",
        "Catalogue Direct=700.00",
        "--debt",
        "Quickloan=£300",
        "--debt",
        "333",
        "--json",
    ]));
    assert_eq!(v["available"], "100.00");
    assert_eq!(v["total_owed"], "2333.00");
    let shares: Vec<(&str, &str, &str)> = v["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["creditor"].as_str().unwrap(), s["amount_owed"].as_str().unwrap(), s["share"].as_str().unwrap()))
        .collect();
    assert_eq!(
        shares,
        [
            ("Northbank", "1000.00", "42.86"),
            ("Catalogue Direct", "700.00", "30.01"),
            ("Quickloan", "300.00", "12.86"),
            ("Creditor 4", "333.00", "14.27"),
        ]
    );
    // T40 as a plain list, in text.
    let out = cli_bare(&["calc", "prorata", "--available", "45.00", "--debts", "2500,1300,650"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let figures: Vec<&str> = text.lines().skip(1).map(|l| l.split_whitespace().last().unwrap()).collect();
    assert_eq!(figures, ["25.28", "13.15", "6.57", "45.00"], "{text}");
}

#[test]
fn calc_prorata_refuses_bad_input_naming_it() {
    let err = refused(&cli_bare(&["calc", "prorata", "--available", "100", "--debt", "Quickloan=3O0"]));
    assert_eq!(
        err,
        "error: --debt Quickloan=3O0: '3O0' is not an amount of money (use digits and a decimal point, e.g. 1234.50)"
    );
    let err = refused(&cli_bare(&["calc", "prorata", "--available", "1.005", "--debts", "10,20"]));
    assert_eq!(err, "error: --available: '1.005' has more than two decimal places");
    let err = refused(&cli_bare(&["calc", "prorata", "--available", "10", "--debts", "10,-5"]));
    assert_eq!(err, "error: --debts -5: must be £0.00 or more");
    let err = refused(&cli_bare(&["calc", "prorata", "--available", "10"]));
    assert!(err.starts_with("error: --debt: give each creditor"), "{err}");
}

#[test]
fn sfs_summary_of_the_shipped_example_in_json_and_xml_gives_the_same_overview() {
    let from_json = json(&cli_bare(&["sfs", "summary", EXAMPLE_JSON, "--json"]));
    let from_xml = json(&cli_bare(&["sfs", "summary", EXAMPLE_XML, "--json"]));
    assert_eq!(from_json["schema"], "summary");
    for field in [
        "total-monthly-income",
        "total-monthly-outgoings",
        "income-minus-outgoings",
        "savings-contribution",
        "debt-admin-fee",
        "total-available-for-priority-debts",
        "total-priority-debt-offers",
        "total-available-for-non-priority-debts",
        "non-priority-pro-rata",
    ] {
        assert_eq!(from_json[field], from_xml[field], "{field}");
    }
    // Figures to the penny from the example's own lines: income 3,000.00 + 112.67 + 45.00; fixed costs add up to
    // 1,654.85 (the file's own total says 2,009.59: the sum of the lines is used, with a warning) and flexible
    // costs to 962.49; less savings 18.00 and the priority offers 10 + 12 + 11.
    assert_eq!(from_json["total-monthly-income"], EXPECTED_INCOME);
    assert_eq!(from_json["total-monthly-outgoings"], EXPECTED_OUTGOINGS);
    assert_eq!(from_json["total-available-for-non-priority-debts"], EXPECTED_NON_PRIORITY);
    let shares = from_json["non-priority-pro-rata"].as_array().unwrap();
    let total: i64 = shares.iter().map(|s| pence(s["share"].as_str().unwrap())).sum();
    assert_eq!(total, pence(EXPECTED_NON_PRIORITY).max(0), "the shares sum to what is available");

    let out = cli_bare(&["sfs", "summary", EXAMPLE_XML]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("SFS summary schema v1.1"), "{text}");
    let income_line = text.lines().find(|l| l.trim_start().starts_with("Total monthly income")).unwrap();
    assert_eq!(income_line.split_whitespace().last(), Some(EXPECTED_INCOME), "{text}");
}

const EXPECTED_INCOME: &str = "3157.67";
const EXPECTED_OUTGOINGS: &str = "2617.34";
const EXPECTED_NON_PRIORITY: &str = "489.33";

/// The shipped example with a count in words and a housing tenure the SFS does not know.
fn broken_example() -> String {
    std::fs::read_to_string(EXAMPLE_JSON)
        .unwrap()
        .replace("\"dependent-children-under-16\":1,", "\"dependent-children-under-16\":\"one\",")
        .replace("\"housing-tenure\": \"Owner\",", "\"housing-tenure\": \"Castle\",")
}

fn pence(s: &str) -> i64 {
    let (whole, frac) = s.trim_start_matches('-').split_once('.').unwrap();
    let p = whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap();
    if s.starts_with('-') {
        -p
    } else {
        p
    }
}

#[test]
fn sfs_summary_refuses_an_invalid_file_with_every_problem_and_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, broken_example()).unwrap();
    let err = refused(&cli_bare(&["sfs", "summary", bad.to_str().unwrap()]));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with("error: 2 problem(s) in ") && lines[0].ends_with("bad.json; nothing was imported"),
        "{err}"
    );
    assert_eq!(
        lines[1].trim(),
        "line 8, column /dependent-children-under-16: \"one\" is not of type \"integer\" (SFS summary schema v1.1)"
    );
    assert!(lines[2].trim().starts_with("line 14, column /housing-tenure: \"Castle\" is not one of"), "{err}");
    let out = cli_bare(&["sfs", "summary", "/no/such/sfs.json", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let e: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["error"]["code"], "validation");
    assert!(e["error"]["message"].as_str().unwrap().starts_with("/no/such/sfs.json: "), "{e}");
}

#[test]
fn sfs_import_for_a_person_then_export_reads_back_with_the_same_overview() {
    let c = crate::fixtures::case();
    let path = c.db.path().to_path_buf();
    let jane = c.jane.clone();
    drop(c.db);

    // Nothing to export yet.
    let out = dir_out(&path, &jane, "none.json");
    assert!(out.1.contains("was not found"), "{}", out.1);

    // An invalid file writes nothing.
    let bad = path.with_file_name("bad.json");
    std::fs::write(&bad, broken_example()).unwrap();
    let err = refused(&cli(&path, &["sfs", "import", "--person", &jane, bad.to_str().unwrap()]));
    assert!(err.contains("nothing was imported"), "{err}");

    let imported =
        json(&cli(&path, &["sfs", "import", "--person", &jane, "--taken-on", "2026-11-20", EXAMPLE_JSON, "--json"]));
    assert_eq!(imported["schema"], "summary");
    assert_eq!(imported["saved"]["taken_on"], "2026-11-20");
    assert_eq!(imported["saved"]["source"], "sfs_json");
    assert_eq!(imported["saved"]["party_id"], jane.as_str());
    assert_eq!(imported["saved"]["view"]["overview"]["total_income"], EXPECTED_INCOME);

    let exported = path.with_file_name("exported.json");
    let v = json(&cli(
        &path,
        &["sfs", "export", "--person", &jane, "--schema", "summary", "--out", exported.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["statement"], imported["saved"]["id"]);
    assert_eq!(v["schema"], "summary");
    let again = json(&cli_bare(&["sfs", "summary", exported.to_str().unwrap(), "--json"]));
    let first = json(&cli_bare(&["sfs", "summary", EXAMPLE_JSON, "--json"]));
    for field in [
        "total-monthly-income",
        "total-monthly-outgoings",
        "total-available-for-non-priority-debts",
        "non-priority-pro-rata",
    ] {
        assert_eq!(again[field], first[field], "{field}");
    }
    // The data-entry export to standard output validates too (read back by the same schema check).
    let out = cli(&path, &["sfs", "export", "--person", &jane, "--out", "-"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let back = recovery_core::api::read_sfs("stdout.json", &text).unwrap();
    assert_eq!(back.schema, recovery_core::api::sfs::SfsSchema::DataEntry);

    let err = refused(&cli(&path, &["sfs", "export", "--person", &jane, "--schema", "xml", "--out", "-"]));
    assert_eq!(err, "error: --schema: 'xml' is not data-entry or summary");
    let err = refused(&cli(
        &path,
        &["sfs", "export", "--person", &c.tom, "--statement", v["statement"].as_str().unwrap(), "--out", "-"],
    ));
    assert!(err.contains("is not person"), "{err}");
}

/// `sfs export` for a person to a file in the database's folder: (exit code, stderr).
fn dir_out(db: &Path, person: &str, name: &str) -> (Option<i32>, String) {
    let out = cli(db, &["sfs", "export", "--person", person, "--out", db.with_file_name(name).to_str().unwrap()]);
    assert!(!db.with_file_name(name).exists(), "no file is left behind");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).to_string())
}
