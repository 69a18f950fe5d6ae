//! The CLI on a temp database: init, search and show with `--json`, and clear errors with a non-zero exit.

use std::path::Path;
use std::process::{Command, Output};

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

#[test]
fn init_creates_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let v = json(&cli(&db, &["init", "--json"]));
    assert_eq!(v["accounts"], 0);
    assert!(db.exists());
}

#[test]
fn show_prints_the_account_with_money_as_decimal_strings() {
    let c = crate::fixtures::case();
    let path = c.db.path().to_path_buf();
    drop(c.db);
    let v = json(&cli(&path, &["show", "CT10000001", "--json"]));
    assert_eq!(v["account"]["balance"], "2763.57");
    assert_eq!(v["account"]["years"][1]["label"], "2025/26");
    assert_eq!(v["account"]["years"][1]["balance"], "943.57");
    assert_eq!(v["liable"][1]["name"], "Thomas Ashworth");
    let text = cli(&path, &["show", "CT10000001"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Balance: 2763.57"), "{text}");
    let hits = json(&cli(&path, &["search", "ad1 2bc", "--json"]));
    assert_eq!(hits.as_array().unwrap().len(), 3, "the three people at 14 Larch Close");
}

#[test]
fn bad_input_is_a_clear_error_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let out = cli(&db, &["show", "CT404"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), "error: account CT404 was not found");
    let out = cli(&db, &["import", "accounts", "/no/such/file.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.csv"));
    let out = Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"))
        .args(["search", "x"])
        .env_remove("RECOVERY_DESK_DB")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--db"));
}
