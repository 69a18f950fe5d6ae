//! The CLI on a temp database: init, search, show, `letters render` and `letters batch` with `--json`, and
//! clear errors with a non-zero exit.

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

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").arg(path).arg("-").output().expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn letters_render_writes_an_accounts_letter_with_the_ledgers_figures_and_the_facts_given() {
    let c = crate::fixtures::case();
    let path = c.db.path().to_path_buf();
    drop(c.db);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("final.pdf");
    let out_s = out.to_str().unwrap();
    let v = json(&cli(
        &path,
        &[
            "letters",
            "render",
            "--template",
            "ct_final_notice",
            "--account",
            "CT10000001",
            "--out",
            out_s,
            "--fact",
            "pay_by=2/12/2026",
            "--fact",
            "court_action_from=2026-12-03",
            "--json",
        ],
    ));
    assert_eq!(v["template_name"], "ct_final_notice");
    assert_eq!(v["template_version"], 1);
    assert_eq!(v["page_count"], 2);
    let text = pdftotext(&out);
    // The ledger's figures: 2025/26 £943.57 and 2026/27 £1,820.00, £2,763.57 in all.
    for w in
        ["CT10000001", "£943.57", "£1,820.00", "£2,763.57", "2 December 2026", "3 December 2026", "25 November 2026"]
    {
        assert!(text.contains(w), "the letter lacks '{w}': {text}");
    }

    // Without the pay-by date the letter is refused, naming the missing fact; nothing is written.
    let missing = dir.path().join("missing.pdf");
    let o = cli(
        &path,
        &[
            "letters",
            "render",
            "--template",
            "ct_final_notice",
            "--account",
            "CT10000001",
            "--out",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("notice.court_action_from") || err.contains("notice.pay_by"), "{err}");
    assert!(!missing.exists());
    let o = cli(&path, &["letters", "render", "--template", "ct_nope", "--account", "CT10000001", "--out", out_s]);
    assert_eq!(
        (o.status.code(), String::from_utf8_lossy(&o.stderr).trim()),
        (Some(2), "error: the template ct_nope was not found")
    );
    let o = cli(&path, &["letters", "render", "--template", "ct_final_notice", "--account", "CT404", "--out", out_s]);
    assert_eq!(String::from_utf8_lossy(&o.stderr).trim(), "error: account CT404 was not found");
    let o = cli(
        &path,
        &[
            "letters",
            "render",
            "--template",
            "ct_final_notice",
            "--account",
            "CT10000001",
            "--out",
            "/no/such/dir/x.pdf",
            "--fact",
            "pay_by=2/12/2026",
            "--fact",
            "court_action_from=3/12/2026",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&o.stderr).trim(), "error: --out: the folder /no/such/dir does not exist");
    let o = cli(
        &path,
        &[
            "letters",
            "render",
            "--template",
            "ct_final_notice",
            "--account",
            "CT10000001",
            "--out",
            out_s,
            "--fact",
            "pay_by",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&o.stderr).trim(), "error: --fact: 'pay_by' is not KEY=VALUE");
}

#[test]
fn letters_batch_writes_a_runs_print_file_by_its_reference() {
    let c = crate::fixtures::case();
    let facts = [("pay_by", "2/12/2026"), ("court_action_from", "3/12/2026")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let outcome = recovery_core::api::issue_letter_run(
        &c.db,
        &crate::fixtures::ctx(),
        recovery_core::api::IssueRunInput {
            template_name: "ct_final_notice".into(),
            account_references: Some("CT10000001".into()),
            facts,
            ..Default::default()
        },
        &mut |_| true,
    )
    .unwrap();
    assert_eq!(outcome.issued, 1);
    let path = c.db.path().to_path_buf();
    drop(c.db);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run.pdf");
    let v = json(&cli(
        &path,
        &["letters", "batch", "--run", &outcome.run.reference, "--out", out.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["run"], outcome.run.reference.as_str());
    assert_eq!(v["letters"], 1);
    assert_eq!(v["page_count"], 3, "the cover sheet and a two-page letter");
    let text = pdftotext(&out);
    assert!(text.contains("Print run cover sheet") && text.contains(&outcome.run.reference), "{text}");
    assert!(text.contains("£2,763.57"), "{text}");
    let runs = json(&cli(&path, &["letters", "runs", "--json"]));
    assert_eq!(runs[0]["status"], "ready");
    let o = cli(&path, &["letters", "batch", "--run", "LR-00000000", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&o.stderr).trim(), "error: print run LR-00000000 was not found");
}

#[test]
fn arrangement_plan_prints_the_t42_schedule_and_flags_without_a_database() {
    let out = Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"))
        .args(["--today", "2026-06-15", "arrangement", "plan", "--balance", "2100.00", "--year-end-balance", "900.00"])
        .args(["--start", "2026-07-01", "--frequency", "monthly", "--amount", "80.00", "--json"])
        .env_remove("RECOVERY_DESK_DB")
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["count"], 27);
    assert_eq!(v["schedule"][0], serde_json::json!({"number": 1, "due_on": "2026-07-01", "amount": "80.00"}));
    assert_eq!(v["last_payment"], serde_json::json!({"number": 27, "due_on": "2028-09-01", "amount": "20.00"}));
    let flags: Vec<&str> = v["flags"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(flags, ["current_year_not_cleared", "longer_than_maximum"]);
    assert!(v["flags"][0]["reason"].as_str().unwrap().contains("leave £180.00 of 2026/27's charge unpaid"));
    // --end instead of --amount computes the amount; a bad frequency names the option.
    let out = Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"))
        .args(["--today", "2026-06-15", "arrangement", "plan", "--balance", "1000", "--start", "2026-07-31"])
        .args(["--frequency", "monthly", "--end", "2027-06-30", "--json"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!((v["count"].as_u64(), v["amount"].as_str()), (Some(12), Some("83.33")));
    assert_eq!(v["schedule"][1]["due_on"], "2026-08-31");
    assert_eq!(v["schedule"][2]["due_on"], "2026-09-30", "the last day of a shorter month");
    assert_eq!(v["last_payment"]["amount"], "83.37");
    let bad = Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"))
        .args(["arrangement", "plan", "--balance", "10", "--start", "2026-07-31", "--frequency", "yearly"])
        .args(["--amount", "1"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--frequency: 'yearly' is not one of"));
}

#[test]
fn arrangement_monitor_previews_then_commits_the_days_monitoring() {
    let c = crate::fixtures::case();
    let october = recovery_core::Ctx::new(
        "test.officer",
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 10, 1, 9, 0, 0).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
    );
    let liability =
        c.db.read(|tx| recovery_core::db::accounts::liability_for_year(tx, &c.ct_account, 2025)).unwrap().unwrap();
    recovery_core::api::save_arrangement(
        &c.db,
        &october,
        recovery_core::api::SaveArrangementInput {
            plan: recovery_core::api::PlanArrangementInput {
                party_id: c.jane.clone(),
                liability_ids: vec![liability],
                frequency: "monthly".into(),
                start_on: "2026-10-05".into(),
                amount: Some("100.00".into()),
                end_on: None,
            },
            method: "card".into(),
            agreed_how: "phone".into(),
            agreed_with: "Jane Ashworth".into(),
            notes: None,
            with_print_run: false,
        },
    )
    .unwrap();
    let path = c.db.path().to_path_buf();
    drop(c.db);
    // Nothing paid on 5 October or 5 November: by 25 November both are missed, the second breaks it.
    let v = json(&cli(&path, &["arrangement", "monitor", "--on", "2026-11-25", "--json"]));
    assert_eq!(
        (v["status"].as_str(), v["live_count"].as_i64(), v["break_count"].as_i64()),
        (Some("previewed"), Some(1), Some(1))
    );
    assert_eq!(v["items"][0]["action"], "break");
    assert_eq!(v["items"][0]["party_name"], "Jane Elizabeth Ashworth");
    let v = json(&cli(&path, &["arrangement", "monitor", "--commit", "--json"]));
    assert_eq!((v["status"].as_str(), v["committed_count"].as_i64()), (Some("committed"), Some(1)));
    assert_eq!(v["applied"][0]["resumed"][0]["label"], "Council Tax 2025/26 · CT10000001");
    let v = json(&cli(&path, &["arrangement", "monitor", "--json"]));
    assert_eq!(v["live_count"], 0, "nothing live: the second run does nothing");
    let other_day = cli(&path, &["arrangement", "monitor", "--on", "2026-11-26"]);
    assert_eq!(other_day.status.code(), Some(2));
}

/// `recovery-desk-cli … | head -1`: a reader that goes away ends the CLI quietly (status 0), not with a panic.
#[test]
fn a_closed_pipe_ends_the_cli_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    json(&cli(&db, &["init", "--json"]));
    let mut child = Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"))
        .arg("--db")
        .arg(&db)
        .args(["--json", "init"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader has gone before the first line
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
