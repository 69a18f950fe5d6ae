//! The audit log's hash chain (issue 9): whole after ordinary work; a changed row, a removed row and a row
//! written around the chain are each found at the right place by `verify_audit_chain` and by the CLI's
//! `audit verify`; rows written before the chain existed are chained when the database is opened.

use crate::fixtures::{ctx, Case};
use recovery_core::api;
use std::process::Command;

/// The fixture's people with six notes added through the api, each audited.
fn case() -> Case {
    let c = crate::fixtures::case();
    for i in 1..=6 {
        let note = api::AddNoteInput { party_id: c.jane.clone(), account_id: None, body: format!("Call {i}") };
        api::add_note(&c.db, &ctx(), note).unwrap();
    }
    c
}

fn rows(db: &recovery_core::Db) -> i64 {
    db.read(|tx| Ok(tx.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)).unwrap()
}

fn tamper(db: &recovery_core::Db, sql: &str) {
    db.write(|tx| Ok(tx.execute_batch(sql)?)).unwrap();
}

fn cli_verify(path: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"))
        .arg("--db")
        .arg(path)
        .args(["audit", "verify"])
        .output()
        .unwrap()
}

#[test]
fn the_chain_is_whole_after_ordinary_work_and_the_cli_says_so() {
    let c = case();
    let n = rows(&c.db);
    assert!(n >= 5, "the fixture's writes are audited: {n}");
    let check = api::verify_audit_chain(&c.db).unwrap();
    assert_eq!((check.rows, check.broken), (n, None));
    let path = c.db.path().to_path_buf();
    drop(c.db);
    let out = cli_verify(&path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("audit log: {n} rows, the chain is whole"));
}

#[test]
fn a_changed_row_is_found_where_it_was_changed() {
    let c = case();
    tamper(&c.db, "UPDATE audit_log SET detail = '{\"amount\":\"1.00\"}' WHERE seq = 3");
    let b = api::verify_audit_chain(&c.db).unwrap().broken.unwrap();
    assert_eq!(b.seq, 3);
    assert_eq!(b.reason, "its fields no longer match its hash (the row was changed)");
    // Recomputing that row's hash does not help: the next row no longer follows it.
    let fixed = c.db.read(|tx| {
        let (prev, seq): (String, i64) = tx.query_row("SELECT prev_hash, seq FROM audit_log WHERE seq = 3", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let f: recovery_core::db::audit::ChainedFields = tx.query_row(
            "SELECT id, at, user_id, device_id, action, entity, entity_id, party_id, account_id, detail FROM audit_log WHERE seq = 3",
            [],
            |r| {
                Ok(recovery_core::db::audit::ChainedFields {
                    id: r.get(0)?, at: r.get(1)?, user_id: r.get(2)?, device_id: r.get(3)?, action: r.get(4)?,
                    entity: r.get(5)?, entity_id: r.get(6)?, party_id: r.get(7)?, account_id: r.get(8)?, detail: r.get(9)?,
                })
            },
        )?;
        Ok(recovery_core::db::audit::row_hash(&prev, seq, &f))
    }).unwrap();
    tamper(&c.db, &format!("UPDATE audit_log SET hash = '{fixed}' WHERE seq = 3"));
    let b = api::verify_audit_chain(&c.db).unwrap().broken.unwrap();
    assert_eq!(
        (b.seq, b.reason.as_str()),
        (4, "it does not follow the row before it (that row was changed or removed)")
    );

    let path = c.db.path().to_path_buf();
    drop(c.db);
    let out = cli_verify(&path);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("audit log: BROKEN at row 4 ("));
}

#[test]
fn a_removed_row_and_a_row_written_around_the_chain_are_found() {
    let c = case();
    tamper(&c.db, "DELETE FROM audit_log WHERE seq = 2");
    let b = api::verify_audit_chain(&c.db).unwrap().broken.unwrap();
    assert_eq!((b.seq, b.reason.as_str()), (3, "row 2 of the chain is missing (the next is 3)"));

    let c = case();
    tamper(
        &c.db,
        "INSERT INTO audit_log (id, at, user_id, device_id, action, entity, entity_id, detail, created_at, created_by)
         VALUES ('forged', '2026-11-25T10:00:00.000Z', 'someone', 'x', 'record_payment', 'ledger_entries', 'e1', '{}',
                 '2026-11-25T10:00:00.000Z', 'someone')",
    );
    let b = api::verify_audit_chain(&c.db).unwrap().broken.unwrap();
    assert_eq!((b.id.as_str(), b.reason.as_str()), ("forged", "the row has no place in the chain (written around it)"));
}

#[test]
fn rows_written_before_the_chain_are_chained_when_the_database_is_opened() {
    let c = case();
    let n = rows(&c.db);
    tamper(&c.db, "UPDATE audit_log SET seq = NULL, prev_hash = '', hash = ''");
    let path = c.db.path().to_path_buf();
    drop(c.db);
    let db = api::open(&path, &ctx()).unwrap();
    let check = api::verify_audit_chain(&db).unwrap();
    assert_eq!((check.rows, check.broken), (n, None));
    let first: (i64, String) = db
        .read(|tx| {
            Ok(tx.query_row("SELECT seq, prev_hash FROM audit_log ORDER BY rowid LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .unwrap();
    assert_eq!(first, (1, String::new()), "the oldest row starts the chain");
}
