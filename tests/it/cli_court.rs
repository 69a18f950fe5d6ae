//! The court through the CLI on a demo caseload: a costs methodology, a hearing, a summons run for it
//! (preview, authorise, commit), the complaint list (PDF and CSV), the morning refresh, the bulk outcome, the
//! endorsed list, and a committal bundle with an exhibit, all scripted.

use std::path::Path;
use std::process::{Command, Output};

fn cli(db: &Path, today: &str, user: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"))
        .env_remove("RECOVERY_DESK_DB")
        .arg("--db")
        .arg(db)
        .args(["--today", today, "--user", user])
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(path).arg("-").output().expect("poppler-utils");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_court_day_is_scriptable_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("court.db");
    let today = "2026-12-01";
    json(&cli(&db, today, "cli.test", &["demo", "--accounts", "600", "--json"]));
    let m = json(&cli(
        &db,
        today,
        "admin",
        &[
            "court",
            "costs",
            "--year",
            "2026",
            "--pool",
            "110000.00",
            "--summonses",
            "1000",
            "--summons-percent",
            "60",
            "--adopted",
            "2026-04-01",
            "--json",
        ],
    ));
    assert_eq!((m["summons_costs"].as_str(), m["liability_order_costs"].as_str()), (Some("66.00"), Some("44.00")));
    let too_soon = cli(
        &db,
        today,
        "officer.one",
        &[
            "court",
            "hearing",
            "add",
            "--court",
            "Ashdown Magistrates' Court",
            "--address",
            "Castle Street, Ashdown",
            "--date",
            "2026-12-26",
            "--officer",
            "Alex Officer",
        ],
    );
    assert_eq!(too_soon.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&too_soon.stderr).contains("weekend day or a bank holiday"));
    let h = json(&cli(
        &db,
        today,
        "officer.one",
        &[
            "court",
            "hearing",
            "add",
            "--court",
            "Ashdown Magistrates' Court",
            "--address",
            "Castle Street, Ashdown",
            "--date",
            "2027-01-05",
            "--time",
            "10:00",
            "--officer",
            "Alex Officer",
            "--json",
        ],
    ));
    let hearing = h["id"].as_str().unwrap().to_string();
    assert_eq!((h["summons_costs"].as_str(), h["liability_order_costs"].as_str()), (Some("66.00"), Some("44.00")));

    let preview = json(&cli(&db, today, "officer.one", &["court", "summons", "--hearing", &hearing, "--json"]));
    let selected = preview["selected_count"].as_i64().unwrap();
    assert!(selected > 0, "the demo has cases due a summons: {preview}");
    let run = preview["id"].as_str().unwrap().to_string();
    json(&cli(&db, today, "team.leader", &["run", "authorise", "--run", &run, "--json"]));
    let committed = json(&cli(&db, today, "team.leader", &["run", "commit", "--run", &run, "--no-letters", "--json"]));
    let n = committed["committed"].as_i64().unwrap();
    assert!(n > 0, "{committed}");

    let pdf = dir.path().join("complaints.pdf");
    let csv = dir.path().join("complaints.csv");
    let list = json(&cli(
        &db,
        today,
        "officer.one",
        &[
            "court",
            "list",
            "--hearing",
            &hearing,
            "--kind",
            "complaints",
            "--out",
            pdf.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
            "--order",
            "reference",
            "--json",
        ],
    ));
    assert_eq!(list["totals"]["cases"].as_i64(), Some(n));
    let lines = list["lines"].as_array().unwrap();
    let first = lines[0]["account_reference"].as_str().unwrap();
    assert!(pdftotext(&pdf).contains(first));
    let csv_text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(csv_text.lines().count() as i64, n + 1);
    assert!(csv_text.lines().nth(1).unwrap().starts_with(&format!("1,{first},")), "{csv_text}");

    let on_the_day = "2027-01-05";
    let refreshed = json(&cli(&db, on_the_day, "officer.one", &["court", "refresh", "--hearing", &hearing, "--json"]));
    assert_eq!(refreshed["kind"], "hearing");
    let out = json(&cli(
        &db,
        on_the_day,
        "team.leader",
        &["court", "outcomes", "--hearing", &hearing, "--bulk", "granted", "--json"],
    ));
    let granted = out["granted"].as_u64().unwrap();
    assert!(granted > 0, "{out}");
    let endorsed = dir.path().join("endorsed.pdf");
    let list = json(&cli(
        &db,
        on_the_day,
        "officer.one",
        &["court", "list", "--hearing", &hearing, "--out", endorsed.to_str().unwrap(), "--json"],
    ));
    assert_eq!(list["kind"], "endorsed");
    assert!(pdftotext(&endorsed).contains("Endorsed court list"));
    let reference = list["lines"].as_array().unwrap().iter().find(|l| l["result"] == "granted").unwrap()
        ["account_reference"]
        .as_str()
        .unwrap()
        .to_string();

    let bundle = dir.path().join("bundle.pdf");
    let b = json(&cli(
        &db,
        "2027-01-20",
        "alex.officer",
        &[
            "court",
            "bundle",
            "--account",
            &reference,
            "--kind",
            "committal",
            "--out",
            bundle.to_str().unwrap(),
            "--officer",
            "Alex Officer",
            "--court",
            "Ashdown Magistrates' Court",
            "--exhibit",
            endorsed.to_str().unwrap(),
            "--exhibit-title",
            "Endorsed court list",
            "--json",
        ],
    ));
    let pages = b["page_count"].as_u64().unwrap();
    let text = pdftotext(&bundle);
    assert!(text.contains(&format!("Bundle page {pages} of {pages}")), "{text}");
    let index = b["index"].as_array().unwrap();
    assert_eq!(index.last().unwrap()["title"], "Exhibits");
    assert_eq!(index.last().unwrap()["children"][0]["title"], "Exhibit AO/1: Endorsed court list");
    // The bad kind is refused, naming the flag's field.
    let bad = cli(
        &db,
        "2027-01-20",
        "alex.officer",
        &["court", "bundle", "--account", &reference, "--kind", "probate", "--out", bundle.to_str().unwrap()],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("kind: 'probate' is not one of"));
}
