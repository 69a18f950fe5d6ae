//! The recovery engine's CLI: `calc instalments` (the issue's own example), `timeline` and a run through
//! preview → authorise (segregation of duties) → commit → preview again (nothing new) → reverse, on a demo
//! caseload.

use std::path::Path;
use std::process::{Command, Output};

fn cli(db: Option<&Path>, user: &str, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"));
    c.env_remove("RECOVERY_DESK_DB");
    if let Some(db) = db {
        c.arg("--db").arg(db);
    }
    c.args(["--today", "2026-12-01", "--user", user]).args(args).output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn calc_instalments_prints_the_statutory_schedule_without_a_database() {
    let args = ["calc", "instalments", "--charge", "1843.57", "--scheme", "10", "--bill-date", "2026-03-10"];
    let v = json(&cli(None, "cli.test", &[&args[..], &["--year", "2026", "--json"]].concat()));
    let due: Vec<(&str, &str)> = v["instalments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["due_on"].as_str().unwrap(), i["amount"].as_str().unwrap()))
        .collect();
    assert_eq!(due.len(), 10);
    // Sch 1 para 2(6): whole pounds, the first takes the rest; para 2(3): the first 14+ days after the bill.
    assert_eq!(due[0], ("2026-04-01", "187.57"));
    assert!(due[1..].iter().all(|(_, a)| *a == "184.00"), "{due:?}");
    assert_eq!(due[9].0, "2027-01-01");
    assert_eq!(v["total"], "1843.57");
    let text = String::from_utf8(cli(None, "cli.test", &[&args[..], &["--year", "2026"]].concat()).stdout).unwrap();
    assert!(text.contains("  1  2026-04-01      187.57"), "{text}");
    assert!(text.contains("Total          1843.57"), "{text}");

    let bad = cli(
        None,
        "cli.test",
        &["calc", "instalments", "--charge", "100", "--scheme", "13", "--bill-date", "2026-03-10", "--year", "2026"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).starts_with("error: --scheme: '13' is not a scheme"));
    let bad = cli(
        None,
        "cli.test",
        &["calc", "instalments", "--charge", "1o0", "--bill-date", "2026-03-10", "--year", "2026"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).starts_with("error: --charge"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[test]
fn a_reminder_run_through_the_cli_selects_once_refuses_self_authorisation_and_reverses() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runs.db");
    let demo = json(&cli(Some(&db), "cli.test", &["demo", "--accounts", "600", "--json"]));
    assert!(demo["instalment_schedules"].as_u64().unwrap() >= 600, "every bill is scheduled: {demo}");

    let preview = json(&cli(Some(&db), "officer.one", &["run", "preview", "--type", "reminder", "--json"]));
    assert_eq!(preview["status"], "prepared");
    let selected = preview["selected_count"].as_i64().unwrap();
    assert!(selected > 0, "{preview}");
    let first = preview["items"].as_array().unwrap().iter().find(|i| i["selected"] == true).unwrap();
    let reference = first["account_reference"].as_str().unwrap().to_string();
    assert_eq!(first["regulation"], "SI 1992/613 reg 23(1)", "{first}");

    let own = cli(Some(&db), "officer.one", &["run", "authorise", "--type", "reminder"]);
    assert_eq!(own.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&own.stderr).contains("another officer must authorise it"));
    let authorised = json(&cli(Some(&db), "team.leader", &["run", "authorise", "--type", "reminder", "--json"]));
    assert_eq!(authorised["authorised_by"], "team.leader");
    let committed =
        json(&cli(Some(&db), "team.leader", &["run", "commit", "--type", "reminder", "--no-letters", "--json"]));
    assert_eq!(committed["status"], "committed");
    assert_eq!(committed["committed"].as_i64().unwrap() + committed["dropped"].as_i64().unwrap(), selected);
    assert_eq!(committed["letters"], 0);

    // The reminder is on the account's timetable, and a second run the same day selects nobody.
    let t = json(&cli(Some(&db), "cli.test", &["timeline", &reference, "--json"]));
    let notices: Vec<String> = t["liabilities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["notices"].as_array().unwrap().clone())
        .map(|n| format!("{} {}", n["kind"].as_str().unwrap(), n["issued_on"].as_str().unwrap()))
        .collect();
    assert!(notices.contains(&"reminder 2026-12-01".to_string()), "{notices:?}");
    let again = json(&cli(Some(&db), "officer.one", &["run", "preview", "--type", "reminder", "--json"]));
    assert_eq!(again["selected_count"], 0);

    let committed_id = committed["id"].as_str().unwrap();
    let reversed = json(&cli(
        Some(&db),
        "team.leader",
        &["run", "reverse", "--run", committed_id, "--reason", "wrong date", "--json"],
    ));
    assert_eq!(reversed["status"], "reversed");
    let t = json(&cli(Some(&db), "cli.test", &["timeline", &reference, "--json"]));
    assert!(!t.to_string().contains("\"issued_on\":\"2026-12-01\""), "the reminder is gone: {t}");
    let list = String::from_utf8(cli(Some(&db), "cli.test", &["run", "list"]).stdout).unwrap();
    assert!(list.contains(&format!("{committed_id}  2026-12-01  reminder         Council Tax    reversed")), "{list}");
}
