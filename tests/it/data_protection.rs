//! Data protection (issue 9): backups that restore (demo → backup → delete → restore gives the same data;
//! rotation; a damaged backup refused naming it, the live database untouched; the schedule), the retention
//! run (only what is due is anonymised, the ledger kept, the second run changes nothing) and the subject
//! access export (JSON to the penny, a readable PDF).

use crate::fixtures::{self, ctx};
use chrono::Duration;
use recovery_core::access::UserRole;
use recovery_core::api::{self, DemoOptions, SearchInput};
use recovery_core::db::accounts::{self, NewAccount, NewEntry};
use recovery_core::db::letters::{self, NewDocument};
use recovery_core::db::parties::{self, Party};
use recovery_core::db::search;
use recovery_core::db::DbKey;
use recovery_core::model::{DebtType, HoldKind, Jurisdiction, LedgerKind, PartyKind, Role};
use recovery_core::{Ctx, Db, Error, Money};
use std::path::Path;
use std::process::Command;

fn rows(db: &Db, sql: &str) -> Vec<Vec<String>> {
    db.read(|tx| {
        let mut stmt = tx.prepare(sql)?;
        let n = stmt.column_count();
        let out = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        Ok(match r.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => String::new(),
                            rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                            other => format!("{other:?}"),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<String>>>()
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(out)
    })
    .unwrap()
}

fn one(db: &Db, sql: &str) -> String {
    rows(db, sql).remove(0).remove(0)
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").arg(path).arg("-").output().expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn as_role(role: UserRole) -> Ctx {
    let c = ctx();
    Ctx::signed_in("someone", role, c.now, c.today)
}

// ------------------------------------------------------------------------------------------------- backups

struct Demo {
    dir: tempfile::TempDir,
    path: std::path::PathBuf,
    db: Db,
    key: Option<DbKey>,
    thornton: String,
}

/// A small demo caseload in `live/recovery.db`, encrypted under `key` when one is given.
fn demo_with(key: Option<DbKey>) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live").join("recovery.db");
    let db = api::open_with_key(&path, key.as_ref(), &ctx()).unwrap();
    api::generate_demo(&db, &ctx(), DemoOptions { accounts: 40, seed: 3 }).unwrap();
    let hits = api::search(&db, SearchInput { query: "Margaret Thornton".into(), limit: Some(5) }).unwrap();
    let thornton = hits[0].party_id.clone();
    Demo { dir, path, db, key, thornton }
}

fn demo() -> Demo {
    demo_with(None)
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Demo → backup → the database deleted → restore: the same counts, the same person view of Margaret
/// Thornton, the chain whole with the restore as its last row. Returns the backup's bytes.
fn backup_delete_restore(d: Demo) -> Vec<u8> {
    let ctx = ctx();
    let before_counts = api::counts(&d.db).unwrap();
    let before_person = serde_json::to_value(api::person(&d.db, &ctx, &d.thornton).unwrap()).unwrap();
    let folder = d.dir.path().join("backups");
    let b = api::backup_now(&d.db, &ctx, &folder, None).unwrap();
    assert_eq!(b.path, folder.join("recovery-desk-20261125-100000.db"));
    assert_eq!(b.bytes, std::fs::metadata(&b.path).unwrap().len());
    assert!(b.bytes > 100_000, "{} bytes", b.bytes);
    assert!(!folder.join("recovery-desk-20261125-100000.db.partial").exists());
    assert_eq!(one(&d.db, "SELECT count(*) FROM audit_log WHERE action = 'backup_now'"), "1");
    let s = api::backup_settings(&d.db, &ctx).unwrap();
    assert_eq!(s.last_backup_at.as_deref(), Some("2026-11-25T10:00:00.000Z"));

    drop(d.db);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", d.path.display()));
    }
    assert!(!d.path.exists());
    let later = Ctx::new("restorer", ctx.now + Duration::hours(2), ctx.today);
    let r = api::restore_backup(&later, &b.path, &d.path, d.key.as_ref()).unwrap();
    assert_eq!(r.before_restore, None, "there was nothing to keep");
    assert_eq!(r.counts.accounts, before_counts.accounts);
    assert_eq!(r.counts.parties, before_counts.parties);
    assert_eq!(r.counts.ledger_entries, before_counts.ledger_entries);

    let db = api::open_with_key(&d.path, d.key.as_ref(), &later).unwrap();
    let after = api::counts(&db).unwrap();
    assert_eq!(
        (after.parties, after.accounts, after.ledger_entries),
        (before_counts.parties, before_counts.accounts, before_counts.ledger_entries)
    );
    let after_person = serde_json::to_value(api::person(&db, &ctx, &d.thornton).unwrap()).unwrap();
    assert_eq!(after_person, before_person);
    assert_eq!(after_person["party"]["surname"], "Thornton");
    let chain = api::verify_audit_chain(&db).unwrap();
    assert_eq!(chain.broken, None);
    assert_eq!(
        rows(&db, "SELECT action, user_id FROM audit_log ORDER BY seq DESC LIMIT 1"),
        vec![vec!["restore_backup".to_string(), "restorer".to_string()]]
    );
    file_bytes(&b.path)
}

#[test]
fn a_plain_backup_restores_the_same_data_after_the_database_is_deleted() {
    let bytes = backup_delete_restore(demo());
    assert!(holds(&bytes, "Thornton"), "a plain backup is readable: the check below means something");
}

#[test]
fn an_encrypted_backup_reveals_nothing_and_restores_the_same_data_with_the_key() {
    let bytes = backup_delete_restore(demo_with(Some(DbKey::generate().unwrap())));
    assert!(!holds(&bytes, "Thornton") && !holds(&bytes, "SQLite format 3"), "the backup is encrypted");
}

#[test]
fn an_encrypted_backup_is_refused_with_a_wrong_key_naming_the_file() {
    let d = demo_with(Some(DbKey::generate().unwrap()));
    let ctx = ctx();
    let b = api::backup_now(&d.db, &ctx, &d.dir.path().join("b"), None).unwrap();
    drop(d.db);
    let live = file_bytes(&d.path);
    let err = api::restore_backup(&ctx, &b.path, &d.path, Some(&DbKey::generate().unwrap())).unwrap_err();
    assert_eq!(err.code(), "sign_in");
    assert!(err.to_string().contains(&b.path.display().to_string()), "{err}");
    assert!(err.to_string().contains("the key is wrong"), "{err}");
    let err = api::restore_backup(&ctx, &b.path, &d.path, None).unwrap_err();
    assert_eq!(err.code(), "sign_in", "no key for an encrypted backup: {err}");
    assert_eq!(file_bytes(&d.path), live, "the live database is untouched");
    let db = api::open_with_key(&d.path, d.key.as_ref(), &ctx).unwrap();
    assert_eq!(api::verify_audit_chain(&db).unwrap().broken, None);
}

#[test]
fn a_backup_carries_the_key_slots_so_a_restore_on_a_new_laptop_signs_in_with_the_same_password() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx();
    let path = dir.path().join("app").join("recovery-desk.db");
    let set_up = api::set_up(
        &path,
        &ctx,
        serde_json::from_value(serde_json::json!({
            "username": "admin", "displayName": "Ada Admin", "password": "correct horse battery"
        }))
        .unwrap(),
    )
    .unwrap();
    let key = DbKey::from_recovery_text(&set_up.recovery_key).unwrap();
    let folder = dir.path().join("usb");
    let b = api::backup_now(&set_up.db, &ctx, &folder, Some(1)).unwrap();
    let slots = folder.join("recovery-desk-20261125-100000.db.keys");
    assert!(slots.is_file());
    drop(set_up);
    std::fs::remove_dir_all(dir.path().join("app")).unwrap();

    let r = api::restore_backup(&ctx, &b.path, &path, Some(&key)).unwrap();
    assert!(r.key_slots_restored);
    let sign_in = serde_json::from_value(serde_json::json!({"username": "admin", "password": "correct horse battery"}));
    let (db, session) = api::sign_in(&path, sign_in.unwrap(), ctx.now, ctx.today).unwrap();
    assert_eq!(session.username, "admin");
    assert_eq!(api::verify_audit_chain(&db).unwrap().broken, None);

    // Rotation takes a backup's key slots with it.
    let next = Ctx::new("admin", ctx.now + Duration::hours(1), ctx.today);
    let again = api::backup_now(&db, &next, &folder, Some(1)).unwrap();
    assert_eq!(again.rotated_out, vec![b.path.clone()]);
    assert!(!slots.exists());
    assert!(folder.join("recovery-desk-20261125-110000.db.keys").is_file());
}

#[test]
fn a_restore_over_a_live_database_keeps_the_replaced_one_beside_it() {
    let d = demo();
    let ctx = ctx();
    let b = api::backup_now(&d.db, &ctx, &d.dir.path().join("b"), None).unwrap();
    let note = api::add_note(
        &d.db,
        &ctx,
        serde_json::from_value(serde_json::json!({"partyId": d.thornton, "body": "Written after the backup"})).unwrap(),
    )
    .unwrap();
    drop(d.db);
    let r = api::restore_backup(&ctx, &b.path, &d.path, None).unwrap();
    let kept = r.before_restore.clone().unwrap();
    assert_eq!(kept, d.path.with_file_name("recovery.db.before-restore"));
    let restored = api::open(&d.path, &ctx).unwrap();
    assert_eq!(one(&restored, &format!("SELECT count(*) FROM notes WHERE id = '{}'", note.id)), "0");
    let old = api::open(&kept, &ctx).unwrap();
    assert_eq!(one(&old, &format!("SELECT body FROM notes WHERE id = '{}'", note.id)), "Written after the backup");
}

#[test]
fn rotation_keeps_exactly_the_newest_n_of_our_own_backups_and_nothing_else_is_touched() {
    let d = demo();
    let folder = d.dir.path().join("rot");
    std::fs::create_dir_all(&folder).unwrap();
    for other in ["notes.txt", "recovery-desk-latest.db", "recovery-desk-20200101-000000.db.old"] {
        std::fs::write(folder.join(other), b"not ours").unwrap();
    }
    let base = ctx();
    let mut taken = Vec::new();
    for i in 0..5 {
        let c = Ctx::new("admin", base.now + Duration::minutes(i), base.today);
        taken.push(api::backup_now(&d.db, &c, &folder, Some(3)).unwrap());
    }
    assert_eq!(taken[3].rotated_out, vec![folder.join("recovery-desk-20261125-100000.db")]);
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "notes.txt",
            "recovery-desk-20200101-000000.db.old",
            "recovery-desk-20261125-100200.db",
            "recovery-desk-20261125-100300.db",
            "recovery-desk-20261125-100400.db",
            "recovery-desk-latest.db",
        ]
    );
    assert!(api::is_backup_name("recovery-desk-20261125-100400.db"));
    assert!(!api::is_backup_name("recovery-desk-2026112-100400.db"));
}

#[test]
fn a_damaged_backup_is_refused_naming_the_file_and_the_live_database_is_untouched() {
    let d = demo();
    let ctx = ctx();
    let b = api::backup_now(&d.db, &ctx, &d.dir.path().join("b"), None).unwrap();
    drop(d.db);
    let live = file_bytes(&d.path);
    let bytes = file_bytes(&b.path);
    let truncated = d.dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let err = api::restore_backup(&ctx, &truncated, &d.path, None).unwrap_err();
    assert!(err.to_string().contains("truncated.db"), "{err}");
    assert!(matches!(err, Error::Validation { .. }), "{err:?}");
    let junk = d.dir.path().join("junk.db");
    std::fs::write(&junk, vec![7u8; 8192]).unwrap();
    let err = api::restore_backup(&ctx, &junk, &d.path, None).unwrap_err();
    assert!(err.to_string().contains("junk.db"), "{err}");
    assert_eq!(file_bytes(&d.path), live, "the live database is untouched");
    assert!(!d.path.with_file_name("recovery.db.restoring").exists());
    assert!(!d.path.with_file_name("recovery.db.before-restore").exists());
    let db = api::open(&d.path, &ctx).unwrap();
    assert_eq!(api::verify_audit_chain(&db).unwrap().broken, None);
}

#[test]
fn scheduled_backups_run_when_due_and_only_with_a_folder() {
    let d = demo();
    let ctx = ctx();
    assert_eq!(api::backup_if_due(&d.db, &ctx).unwrap(), None, "no folder, no backup");
    let folder = d.dir.path().join("scheduled");
    let input = |json: serde_json::Value| serde_json::from_value::<api::BackupSettingsInput>(json).unwrap();
    let err = api::save_backup_settings(
        &d.db,
        &ctx,
        input(serde_json::json!({"folder": "relative/path", "everyHours": 24, "keep": 2})),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("folder:"), "{err}");
    let s = api::save_backup_settings(
        &d.db,
        &ctx,
        input(serde_json::json!({"folder": folder.to_str().unwrap(), "everyHours": 24, "keep": 2})),
    )
    .unwrap();
    assert_eq!((s.every_hours, s.keep, s.last_backup_at.clone()), (24, 2, None));
    let first = api::backup_if_due(&d.db, &ctx).unwrap().expect("never taken: due");
    assert_eq!(first.path, folder.join("recovery-desk-20261125-100000.db"));
    let at = |h: i64| Ctx::new("timer", ctx.now + Duration::hours(h), ctx.today);
    assert_eq!(api::backup_if_due(&d.db, &at(23)).unwrap(), None, "23 hours later: not due");
    assert!(api::backup_if_due(&d.db, &at(24)).unwrap().is_some());
    assert!(api::backup_if_due(&d.db, &at(48)).unwrap().is_some());
    let ours = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(ours, 2, "keep 2");
    let officer = as_role(UserRole::Officer);
    assert_eq!(api::backup_now(&d.db, &officer, &folder, None).unwrap_err().code(), "forbidden");
    assert_eq!(api::restore_backup(&officer, &first.path, &d.path, None).unwrap_err().code(), "forbidden");
}

// ----------------------------------------------------------------------------------------------- retention

struct Caseload {
    _dir: tempfile::TempDir,
    db: Db,
    old_cleared: String,
    within: String,
    balance: String,
    held: String,
    current: String,
    old_account: String,
    old_letter: String,
}

/// Five people on their own council tax accounts, on 25 November 2026 with the POLICY schedule (later of 6
/// years after clearance and 6 years after the year end):
/// - Gwendolyn Oakhurst: 2015/16, paid off 1 May 2016: due since 1 May 2022;
/// - Barnaby Quillfeather: 2015/16, paid off 10 January 2023: within its period until 10 January 2029;
/// - Cordelia Ramsbottom: 2015/16, £300.00 still owed;
/// - Desmond Ettrick: 2015/16, paid off 1 May 2016, but under a legal hold (a complaint);
/// - Florence Nutley: 2025/26 still owed (nothing past its period: not listed at all).
fn caseload() -> Caseload {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx();
    let db = api::open(dir.path().join("r.db"), &ctx).unwrap();
    let ids = db
        .write(|tx| {
            let mut ids = Vec::new();
            let people = [
                (
                    "Gwendolyn",
                    "Oakhurst",
                    "RET0000001",
                    2015,
                    &[("1200.00", "2015-03-10"), ("-1200.00", "2016-05-01")][..],
                ),
                (
                    "Barnaby",
                    "Quillfeather",
                    "RET0000002",
                    2015,
                    &[("900.00", "2015-03-10"), ("-900.00", "2023-01-10")][..],
                ),
                (
                    "Cordelia",
                    "Ramsbottom",
                    "RET0000003",
                    2015,
                    &[("500.00", "2015-03-10"), ("-200.00", "2016-01-10")][..],
                ),
                ("Desmond", "Ettrick", "RET0000004", 2015, &[("700.00", "2015-03-10"), ("-700.00", "2016-05-01")][..]),
                ("Florence", "Nutley", "RET0000005", 2025, &[("1500.00", "2025-03-10")][..]),
            ];
            for (i, (forenames, surname, reference, year, entries)) in people.iter().enumerate() {
                let home = parties::insert_address(
                    tx,
                    &ctx,
                    Some(&format!("10001000{i}")),
                    &[format!("{} Quarry Row", i + 1), "Ashdown".into()],
                    &format!("AD9 {i}ZZ"),
                )?;
                let party = parties::insert_party(
                    tx,
                    &ctx,
                    &Party {
                        kind: Some(PartyKind::Person),
                        forenames: forenames.to_string(),
                        surname: surname.to_string(),
                        ni_number: Some(format!("JK12345{i}C")),
                        date_of_birth: Some("1961-02-03".into()),
                        address_id: Some(home.clone()),
                        ..Party::default()
                    },
                )?;
                parties::insert_contact(tx, &ctx, &party, "phone", &format!("07700 90045{i}"))?;
                parties::insert_contact(tx, &ctx, &party, "email", &format!("{}@example.com", surname.to_lowercase()))?;
                parties::insert_note(tx, &ctx, &party, None, &format!("{forenames} rang about the bill"))?;
                let account = accounts::insert_account(
                    tx,
                    &ctx,
                    &NewAccount {
                        reference,
                        debt_type: DebtType::CouncilTax,
                        jurisdiction: Jurisdiction::England,
                        property_address_id: Some(&home),
                        status: "open",
                        opened_on: "2015-03-01",
                        closed_on: None,
                    },
                )?;
                accounts::insert_account_party(tx, &ctx, &account, &party, Role::Liable, None)?;
                let liability = accounts::insert_liability(
                    tx,
                    &ctx,
                    &account,
                    *year,
                    &format!("{year}-04-01"),
                    &format!("{}-03-31", year + 1),
                    "Band B",
                )?;
                for (amount, on) in entries.iter() {
                    let kind = if amount.starts_with('-') { LedgerKind::Payment } else { LedgerKind::Charge };
                    accounts::insert_entry(
                        tx,
                        &ctx,
                        &NewEntry {
                            account_id: &account,
                            liability_id: Some(&liability),
                            kind: Some(kind),
                            amount: Money::parse(amount).unwrap(),
                            posted_on: on,
                            effective_on: on,
                            ..NewEntry::default()
                        },
                    )?;
                }
                parties::insert_hold(
                    tx,
                    &ctx,
                    Some(&party),
                    None,
                    HoldKind::VulnerabilityReview,
                    "2015-06-01",
                    Some("2015-09-01"),
                    &format!("{forenames} was in hospital"),
                )?;
                let letter = letters::insert_document(
                    tx,
                    &ctx,
                    &NewDocument {
                        account_id: Some(&account),
                        party_id: Some(&party),
                        kind: "reminder",
                        title: "Reminder notice",
                        template_name: "ct_reminder",
                        template_version: 1,
                        template_id: None,
                        issued_on: "2015-08-01",
                        content: &format!("{{\"name\": \"{forenames} {surname}\"}}"),
                        pdf: b"%PDF-1.4 a letter",
                        page_count: 1,
                    },
                )?;
                search::index_party(tx, &party)?;
                ids.push((party, account, letter));
            }
            Ok(ids)
        })
        .unwrap();
    let c = Caseload {
        _dir: dir,
        db,
        old_cleared: ids[0].0.clone(),
        within: ids[1].0.clone(),
        balance: ids[2].0.clone(),
        held: ids[3].0.clone(),
        current: ids[4].0.clone(),
        old_account: ids[0].1.clone(),
        old_letter: ids[0].2.clone(),
    };
    api::place_legal_hold(
        &c.db,
        &as_role(UserRole::Officer),
        serde_json::from_value(
            serde_json::json!({"partyId": c.held, "kind": "complaint", "reason": "Stage 2 complaint"}),
        )
        .unwrap(),
    )
    .unwrap();
    c
}

fn found(db: &Db, query: &str) -> Vec<String> {
    api::search(db, SearchInput { query: query.into(), limit: Some(10) })
        .unwrap()
        .into_iter()
        .map(|h| h.party_id)
        .collect()
}

/// Every account's ledger sum, by reference.
fn ledger_totals(db: &Db) -> Vec<Vec<String>> {
    rows(
        db,
        "SELECT a.reference, sum(e.amount_pence), count(*) FROM accounts a JOIN ledger_entries e ON e.account_id = a.id
         GROUP BY a.reference ORDER BY a.reference",
    )
}

#[test]
fn retention_anonymises_only_the_debt_past_its_period_and_keeps_the_ledger() {
    let c = caseload();
    let ctx = ctx();
    let preview = api::preview_retention(&c.db, &as_role(UserRole::TeamLeader)).unwrap();
    assert_eq!(preview.party_ids, vec![c.old_cleared.clone()]);
    let due = &preview.due[0];
    assert_eq!((due.name.as_str(), due.due_on.to_string().as_str()), ("Gwendolyn Oakhurst", "2022-05-01"));
    assert_eq!(due.accounts[0].reference, "RET0000001");
    assert_eq!(due.accounts[0].rule_label, Some("Council Tax"));
    assert_eq!(due.accounts[0].cleared_on.map(|d| d.to_string()), Some("2016-05-01".into()));

    let held = |id: &str| preview.held_back.iter().find(|h| h.party_id == id).map(|h| h.reasons.clone());
    let within = held(&c.within).expect("Quillfeather held back");
    assert_eq!(within[0].code, "within_period");
    assert_eq!(within[0].until.map(|d| d.to_string()), Some("2029-01-10".into()));
    let balance = held(&c.balance).expect("Ramsbottom held back");
    assert_eq!(balance[0].code, "balance");
    assert_eq!(balance[0].text, "RET0000003: the balance is £300.00, not zero");
    let legal = held(&c.held).expect("Ettrick held back");
    assert_eq!(legal[0].code, "legal_hold");
    assert!(legal[0].text.contains("Stage 2 complaint"), "{}", legal[0].text);
    assert!(held(&c.current).is_none(), "nothing of Nutley's is past its period");
    assert_eq!(preview.held_back.len(), 3);

    let totals = ledger_totals(&c.db);
    assert_eq!(found(&c.db, "Oakhurst"), vec![c.old_cleared.clone()]);
    let ids = api::RunRetentionInput { party_ids: preview.party_ids.clone() };
    assert_eq!(api::run_retention(&c.db, &as_role(UserRole::TeamLeader), ids.clone()).unwrap_err().code(), "forbidden");
    assert_eq!(api::preview_retention(&c.db, &as_role(UserRole::Officer)).unwrap_err().code(), "forbidden");

    let run = api::run_retention(
        &c.db,
        &ctx,
        api::RunRetentionInput { party_ids: vec![c.old_cleared.clone(), c.balance.clone()] },
    )
    .unwrap();
    assert_eq!(run.anonymised.len(), 1);
    assert_eq!(run.anonymised[0].party_id, c.old_cleared);
    assert_eq!(run.anonymised[0].changed.letter_files_deleted, 1);
    assert_eq!(run.skipped.len(), 1, "Ramsbottom was not in the preview and is still not due");
    assert!(run.skipped[0].reason.contains("not zero"), "{}", run.skipped[0].reason);

    // Who they were is gone; what they owed and paid, and the stages, are kept.
    assert_eq!(ledger_totals(&c.db), totals);
    assert!(found(&c.db, "Oakhurst").is_empty());
    assert!(found(&c.db, "AD9 0ZZ").is_empty());
    assert!(found(&c.db, "07700 900450").is_empty());
    assert!(found(&c.db, "RET0000001").is_empty());
    assert_eq!(found(&c.db, "Quillfeather"), vec![c.within.clone()], "the others are still found");
    let p = api::person(&c.db, &ctx, &c.old_cleared).unwrap();
    assert_eq!(
        (p.party.surname.as_str(), p.party.forenames.as_str(), p.party.name.as_str()),
        ("Anonymised", "", "Anonymised")
    );
    assert_eq!((p.party.ni_number.clone(), p.party.date_of_birth.clone()), (None, None));
    assert!(p.party.phones.is_empty() && p.party.emails.is_empty());
    assert!(p.party.address.is_none());
    assert_eq!(one(&c.db, "SELECT count(*) FROM addresses WHERE postcode = 'AD9 0ZZ' OR line1 = '1 Quarry Row'"), "0");
    assert_eq!(one(&c.db, "SELECT count(*) FROM addresses WHERE postcode = 'AD9 1ZZ'"), "1", "Quillfeather's is kept");
    assert_eq!(p.accounts[0].reference, "RET0000001");
    assert_eq!(p.total_balance, Money::parse("0.00").unwrap());
    let id = &c.old_cleared;
    assert_eq!(one(&c.db, &format!("SELECT group_concat(body, '|') FROM notes WHERE party_id = '{id}'")), "");
    assert_eq!(one(&c.db, &format!("SELECT reason FROM holds WHERE party_id = '{id}'")), "");
    assert_eq!(one(&c.db, &format!("SELECT content FROM documents WHERE id = '{}'", c.old_letter)), "");
    assert_eq!(one(&c.db, &format!("SELECT count(*) FROM document_files WHERE document_id = '{}'", c.old_letter)), "0");
    assert_eq!(one(&c.db, &format!("SELECT count(*) FROM ledger_entries WHERE account_id = '{}'", c.old_account)), "2");
    let dump = rows(
        &c.db,
        "SELECT p.surname || p.forenames || coalesce(p.ni_number, '') || a.line1 || a.postcode || coalesce(a.uprn, '')
         FROM parties p JOIN addresses a ON a.id = p.address_id ORDER BY p.id",
    );
    assert!(!format!("{dump:?}").contains("Oakhurst") && !format!("{dump:?}").contains("AD9 0ZZ"), "{dump:?}");
    assert!(format!("{dump:?}").contains("Quillfeather"));
    assert_eq!(
        rows(&c.db, "SELECT action, entity_id FROM audit_log WHERE action = 'run_retention'"),
        vec![vec!["run_retention".to_string(), c.old_cleared.clone()]]
    );
    assert_eq!(api::verify_audit_chain(&c.db).unwrap().broken, None);

    // The second run changes nothing.
    let snapshot = |db: &Db| {
        (
            rows(db, "SELECT * FROM parties ORDER BY id"),
            rows(db, "SELECT * FROM addresses ORDER BY id"),
            rows(db, "SELECT * FROM notes ORDER BY id"),
            rows(db, "SELECT * FROM local_search_keys ORDER BY kind, key, party_id"),
            one(db, "SELECT count(*) FROM audit_log"),
        )
    };
    let before = snapshot(&c.db);
    let again =
        api::run_retention(&c.db, &ctx, api::RunRetentionInput { party_ids: preview.party_ids.clone() }).unwrap();
    assert!(again.anonymised.is_empty());
    assert_eq!(again.skipped[0].reason, "already anonymised");
    assert_eq!(snapshot(&c.db), before);
    let preview = api::preview_retention(&c.db, &ctx).unwrap();
    assert!(preview.due.is_empty());
    assert_eq!(preview.already_anonymised, 1);
    // The index rebuilt from the data does not bring them back.
    api::rebuild_search_index(&c.db).unwrap();
    assert!(found(&c.db, "Anonymised").is_empty());
    assert!(found(&c.db, "RET0000001").is_empty());

    // Released, the legal hold no longer keeps Ettrick.
    let hold = api::legal_holds(&c.db, &ctx, Some(&c.held)).unwrap().remove(0);
    let refused = api::release_legal_hold(
        &c.db,
        &as_role(UserRole::TeamLeader),
        api::ReleaseLegalHoldInput { id: hold.id.clone(), reason: "Complaint closed".into() },
    );
    assert_eq!(refused.unwrap_err().code(), "forbidden");
    api::release_legal_hold(&c.db, &ctx, api::ReleaseLegalHoldInput { id: hold.id, reason: "Complaint closed".into() })
        .unwrap();
    assert_eq!(api::preview_retention(&c.db, &ctx).unwrap().party_ids, vec![c.held.clone()]);
}

// ------------------------------------------------------------------------------------------ subject access

#[test]
fn a_subject_access_export_names_every_account_and_payment_to_the_penny_in_json_and_pdf() {
    let c = fixtures::case();
    let ctx = ctx();
    api::add_note(
        &c.db,
        &ctx,
        serde_json::from_value(serde_json::json!({"partyId": c.jane, "body": "Asked for a copy of her data"})).unwrap(),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(
        api::subject_access_export(&c.db, &as_role(UserRole::Officer), &c.jane, out.path()).unwrap_err().code(),
        "forbidden"
    );
    let sar = api::subject_access_export(&c.db, &as_role(UserRole::TeamLeader), &c.jane, out.path()).unwrap();
    assert_eq!(sar.json_path, out.path().join(format!("subject-access-{}-20261125.json", c.jane)));
    assert_eq!((sar.accounts, sar.ledger_entries), (1, 5));

    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&sar.json_path).unwrap()).unwrap();
    assert_eq!(json["format"], "recovery-desk/subject-access");
    assert_eq!(json["version"], 1);
    assert_eq!(json["name"], "Jane Elizabeth Ashworth");
    assert_eq!(json["person"]["surname"], "Ashworth");
    assert_eq!(json["person"]["ni_number"], "JK123456C");
    let account = &json["accounts"][0];
    assert_eq!(account["reference"], "CT10000001");
    assert_eq!(account["role"], "liable");
    assert_eq!(account["balance"], "2763.57");
    let ledger: Vec<(String, String)> = account["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap().to_string(), e["amount"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        ledger,
        vec![
            ("charge".to_string(), "1843.57".to_string()),
            ("payment".into(), "-900.00".into()),
            ("charge".into(), "1920.00".into()),
            ("payment".into(), "-160.00".into()),
            ("cost".into(), "60.00".into()),
        ]
    );
    assert_eq!(account["stages"].as_array().unwrap().len(), 2);
    assert_eq!(account["liabilities"][0]["financial_year"], 2025);
    assert_eq!(json["contacts"].as_array().unwrap().len(), 2);
    assert_eq!(json["addresses"][0]["postcode"], "AD1 2BC");
    assert_eq!(json["notes"][0]["body"], "Asked for a copy of her data");
    for section in
        ["holds", "legal_holds", "arrangements", "income_expenditures", "letters", "tasks", "court_complaints"]
    {
        assert!(json[section].is_array(), "{section}");
    }
    let audit_actions: Vec<&str> =
        json["audit"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert!(audit_actions.contains(&"add_note"), "{audit_actions:?}");

    let text = pdftotext(&sar.pdf_path);
    assert!(text.contains("Jane Elizabeth Ashworth"), "{text}");
    assert!(text.contains("2025-09-01 payment · direct_debit -£900.00"), "{text}");
    assert!(text.contains("£2,763.57") && text.contains("Balance"), "{text}");
    assert!(text.contains("CT10000001"), "{text}");
    assert!(text.contains("Page 1 of "), "{text}");
    assert_eq!(
        rows(&c.db, "SELECT action, party_id FROM audit_log ORDER BY seq DESC LIMIT 1"),
        vec![vec!["subject_access_export".to_string(), c.jane.clone()]]
    );
}

#[test]
fn the_retention_schedule_ships_the_policy_defaults_and_saves_the_councils_own() {
    let c = fixtures::case();
    let ctx = ctx();
    let schedule = api::retention_schedule(&c.db, &ctx).unwrap();
    let row = |s: &[api::RetentionRuleView], t: &str| {
        s.iter().find(|r| r.record_type.as_str() == t).map(|r| (r.basis.as_str(), r.years, r.changed)).unwrap()
    };
    assert_eq!(row(&schedule, "council_tax"), ("later_of_clearance_and_year_end", 6, false));
    assert_eq!(row(&schedule, "sundry"), ("after_closure", 6, false));
    assert_eq!(row(&schedule, "hb_overpayment"), ("after_closure", 6, false));
    assert_eq!(row(&schedule, "liability_order"), ("while_unpaid_then_after_clearance", 6, false));
    let input = |years: i64| {
        vec![api::RetentionRuleInput {
            record_type: "liability_order".into(),
            basis: "while_unpaid_then_after_clearance".into(),
            years,
            source: "Retention schedule v3 (Cabinet, March 2026)".into(),
        }]
    };
    assert_eq!(
        api::save_retention_schedule(&c.db, &as_role(UserRole::TeamLeader), input(10)).unwrap_err().code(),
        "forbidden"
    );
    let err = api::save_retention_schedule(&c.db, &ctx, input(0)).unwrap_err();
    assert!(err.to_string().starts_with("rules[0].years:"), "{err}");
    let saved = api::save_retention_schedule(&c.db, &ctx, input(10)).unwrap();
    assert_eq!(row(&saved, "liability_order"), ("while_unpaid_then_after_clearance", 10, true));
    assert_eq!(row(&saved, "council_tax"), ("later_of_clearance_and_year_end", 6, false));
}

#[test]
fn a_liability_order_keeps_a_cleared_debt_for_the_liability_order_rules_years() {
    let c = caseload();
    let ctx = ctx();
    c.db.write(|tx| {
        accounts::insert_stage(
            tx,
            &ctx,
            &c.old_account,
            None,
            recovery_core::model::Stage::LiabilityOrder,
            "2015-12-01",
            "",
        )?;
        Ok(())
    })
    .unwrap();
    let input = vec![api::RetentionRuleInput {
        record_type: "liability_order".into(),
        basis: "while_unpaid_then_after_clearance".into(),
        years: 11,
        source: "LO lists 10 years (Wyre Forest), plus one".into(),
    }];
    api::save_retention_schedule(&c.db, &ctx, input).unwrap();
    let preview = api::preview_retention(&c.db, &ctx).unwrap();
    assert!(preview.party_ids.is_empty());
    let held = preview.held_back.iter().find(|h| h.party_id == c.old_cleared).unwrap();
    assert_eq!(held.reasons[0].until.map(|d| d.to_string()), Some("2027-05-01".into()));
    assert!(held.reasons[0].text.contains("liability order evidence"), "{}", held.reasons[0].text);
}

#[test]
fn an_address_shared_with_someone_not_anonymised_is_kept_for_them() {
    let c = caseload();
    let ctx = ctx();
    // Harold Penrose lives with Gwendolyn Oakhurst, was jointly liable for her old debt, and owes on his own.
    let harold =
        c.db.write(|tx| {
            let home: String =
                tx.query_row("SELECT address_id FROM parties WHERE id = ?1", [&c.old_cleared], |r| r.get(0))?;
            let harold = parties::insert_party(
                tx,
                &ctx,
                &Party {
                    kind: Some(PartyKind::Person),
                    forenames: "Harold".into(),
                    surname: "Penrose".into(),
                    address_id: Some(home.clone()),
                    ..Party::default()
                },
            )?;
            accounts::insert_account_party(tx, &ctx, &c.old_account, &harold, Role::JointAndSeveral, None)?;
            let own = accounts::insert_account(
                tx,
                &ctx,
                &NewAccount {
                    reference: "RET0000006",
                    debt_type: DebtType::CouncilTax,
                    jurisdiction: Jurisdiction::England,
                    property_address_id: Some(&home),
                    status: "open",
                    opened_on: "2025-03-01",
                    closed_on: None,
                },
            )?;
            accounts::insert_account_party(tx, &ctx, &own, &harold, Role::Liable, None)?;
            let l = accounts::insert_liability(tx, &ctx, &own, 2025, "2025-04-01", "2026-03-31", "Band B")?;
            accounts::insert_entry(
                tx,
                &ctx,
                &NewEntry {
                    account_id: &own,
                    liability_id: Some(&l),
                    kind: Some(LedgerKind::Charge),
                    amount: Money::parse("1400.00").unwrap(),
                    posted_on: "2025-03-10",
                    effective_on: "2025-03-10",
                    ..NewEntry::default()
                },
            )?;
            search::index_party(tx, &harold)?;
            search::index_party(tx, &c.old_cleared)?;
            Ok(harold)
        })
        .unwrap();
    let preview = api::preview_retention(&c.db, &ctx).unwrap();
    assert_eq!(preview.party_ids, vec![c.old_cleared.clone()]);
    let held = preview.held_back.iter().find(|h| h.party_id == harold).expect("Harold held back");
    assert_eq!(held.reasons.iter().map(|r| r.code).collect::<Vec<_>>(), vec!["balance"]);
    assert_eq!(held.reasons[0].account_reference.as_deref(), Some("RET0000006"));

    let run = api::run_retention(&c.db, &ctx, api::RunRetentionInput { party_ids: preview.party_ids }).unwrap();
    assert_eq!(run.anonymised.len(), 1);
    assert_eq!(run.anonymised[0].changed.addresses, 0, "Harold still lives there");
    assert!(found(&c.db, "Gwendolyn").is_empty());
    assert_eq!(found(&c.db, "AD9 0ZZ"), vec![harold.clone()]);
    assert_eq!(found(&c.db, "RET0000001"), vec![harold.clone()], "Harold is still on the old account");
    let p = api::person(&c.db, &ctx, &harold).unwrap();
    assert_eq!(p.party.address.map(|a| a.postcode), Some("AD9 0ZZ".to_string()));
    let gwen = api::person(&c.db, &ctx, &c.old_cleared).unwrap();
    assert_eq!(gwen.party.name, "Anonymised");
    assert!(gwen.party.address.is_none(), "the address is Harold's now, not hers");
}
