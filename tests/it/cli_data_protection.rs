//! The CLI's data protection commands on a demo caseload: `backup --to DIR --keep N`, `sar --person ID --out
//! DIR`, `restore --from FILE` onto a deleted database, and `retention preview|run` (the second run anonymises
//! no one), with `--json`; a damaged backup is refused with exit 2 naming the file.

use std::path::Path;
use std::process::{Command, Output};

fn cli(db: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"))
        .env_remove("RECOVERY_DESK_DB")
        .arg("--db")
        .arg(db)
        .args(["--today", today, "--user", "cli.admin"])
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn backup_restore_sar_and_retention_are_scriptable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dp.db");
    let today = "2026-11-25";
    let demo = json(&cli(&db, today, &["demo", "--accounts", "60", "--seed", "5", "--json"]));
    let backups = dir.path().join("backups");
    let b = json(&cli(&db, today, &["backup", "--to", backups.to_str().unwrap(), "--keep", "2", "--json"]));
    let file = b["path"].as_str().unwrap().to_string();
    assert!(Path::new(&file).is_file());
    assert!(Path::new(&file).file_name().unwrap().to_str().unwrap().starts_with("recovery-desk-"));
    assert_eq!(b["bytes"].as_u64().unwrap(), std::fs::metadata(&file).unwrap().len());

    let hits = json(&cli(&db, today, &["search", "Thornton", "--json"]));
    let person = hits[0]["party_id"].as_str().unwrap().to_string();
    let out = dir.path().join("sar");
    let sar = json(&cli(&db, today, &["sar", "--person", &person, "--out", out.to_str().unwrap(), "--json"]));
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sar["json_path"].as_str().unwrap()).unwrap()).unwrap();
    assert_eq!(exported["person"]["surname"], "Thornton");
    assert_eq!(exported["accounts"][0]["reference"], "CT00000001");
    assert!(Path::new(sar["pdf_path"].as_str().unwrap()).is_file());

    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let r = json(&cli(&db, today, &["restore", "--from", &file, "--json"]));
    assert_eq!(r["counts"]["accounts"], demo["accounts"]);
    assert_eq!(r["counts"]["parties"], demo["parties"]);
    assert_eq!(r["counts"]["ledger_entries"], demo["ledger_entries"]);
    let verify = json(&cli(&db, today, &["audit", "verify", "--json"]));
    assert_eq!(verify["broken"], serde_json::Value::Null);

    let damaged = dir.path().join("damaged.db");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&damaged, &bytes[..bytes.len() / 3]).unwrap();
    let refused = cli(&db, today, &["restore", "--from", damaged.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("damaged.db"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    // Years on, the demo's cleared debts have run their six years.
    let later = "2040-06-01";
    let preview = json(&cli(&db, later, &["retention", "preview", "--json"]));
    let due = preview["due"].as_array().unwrap().len();
    assert!(due > 0, "{preview}");
    assert_eq!(preview["party_ids"].as_array().unwrap().len(), due);
    let run = json(&cli(&db, later, &["retention", "run", "--json"]));
    assert_eq!(run["run"]["anonymised"].as_array().unwrap().len(), due);
    let again = json(&cli(&db, later, &["retention", "run", "--json"]));
    assert_eq!(again["run"]["anonymised"].as_array().unwrap().len(), 0);
    assert_eq!(again["preview"]["already_anonymised"], due as i64);
    let text = cli(&db, later, &["retention", "preview"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("retention on 2040-06-01: 0 due, "), "{text}");
}

#[test]
fn an_encrypted_database_backs_up_and_restores_with_its_key_file_and_refuses_another() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enc.db");
    let key = dir.path().join("enc.key");
    let key_s = key.to_str().unwrap();
    let today = "2026-11-25";
    json(&cli(&db, today, &["init", "--key-file", key_s, "--json"]));
    let demo = json(&cli(&db, today, &["demo", "--accounts", "30", "--key-file", key_s, "--json"]));
    let to = dir.path().join("b");
    let b = json(&cli(&db, today, &["backup", "--to", to.to_str().unwrap(), "--key-file", key_s, "--json"]));
    let file = b["path"].as_str().unwrap().to_string();
    let bytes = std::fs::read(&file).unwrap();
    assert!(!bytes.windows(8).any(|w| w == b"Thornton"), "the backup is encrypted");

    let wrong = dir.path().join("wrong.key");
    std::fs::write(&wrong, "00112233-44556677-8899aabb-ccddeeff-00112233-44556677-8899aabb-ccddeeff\n").unwrap();
    let refused = cli(&db, today, &["restore", "--from", &file, "--key-file", wrong.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains(&file) && err.contains("key"), "{err}");

    std::fs::remove_file(&db).unwrap();
    let r = json(&cli(&db, today, &["restore", "--from", &file, "--key-file", key_s, "--json"]));
    assert_eq!(r["counts"]["accounts"], demo["accounts"]);
    let hits = json(&cli(&db, today, &["search", "Thornton", "--key-file", key_s, "--json"]));
    assert_eq!(hits[0]["name"], "Margaret Ann Thornton");
}
