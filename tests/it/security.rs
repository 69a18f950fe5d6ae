//! Issue 9: the database encrypted at rest, signing in through key slots, the lock-out, the recovery key, and
//! the roles' permissions enforced in the core.

use chrono::{NaiveDate, TimeZone, Utc};
use recovery_core::access::UserRole;
use recovery_core::api::{self, DemoOptions, SearchInput, SignInInput};
use recovery_core::db::DbKey;
use recovery_core::{Ctx, Db};
use std::path::Path;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn ctx() -> Ctx {
    Ctx::new("set.up", Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(), today())
}

fn sign_in(path: &Path, username: &str, password: &str) -> recovery_core::Result<(Db, api::Session)> {
    api::sign_in(path, SignInInput { username: username.into(), password: password.into() }, ctx().now, today())
}

/// Every byte of the database's files (the database, its WAL and shared memory) after it is closed.
fn raw_bytes(path: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(b) = std::fs::read(&p) {
            all.extend(b);
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// A surname from the demo caseload (the same for the same seed, whatever the ids).
fn a_demo_surname(db: &Db) -> String {
    db.read(|tx| {
        Ok(tx.query_row(
            "SELECT surname FROM parties WHERE kind = 'person' AND length(surname) >= 6 ORDER BY surname LIMIT 1",
            [],
            |r| r.get(0),
        )?)
    })
    .unwrap()
}

#[test]
fn the_encrypted_demo_database_shows_no_personal_data_in_its_raw_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // The same demo in a plain database shows the surname: the check below can fail.
    let plain_path = dir.path().join("plain.db");
    let plain = api::open(&plain_path, &ctx()).unwrap();
    api::generate_demo(&plain, &ctx(), DemoOptions { accounts: 60, seed: 1 }).unwrap();
    let surname = a_demo_surname(&plain);
    drop(plain);
    assert!(contains(&raw_bytes(&plain_path), &surname), "{surname} should be readable in the plain file");

    let path = dir.path().join("recovery-desk.db");
    let (db, recovery_key) = api::set_up_demo(&path, &ctx(), DemoOptions { accounts: 60, seed: 1 }).unwrap();
    assert_eq!(a_demo_surname(&db), surname);
    let found = api::search(&db, SearchInput { query: surname.clone(), limit: Some(5) }).unwrap();
    assert!(!found.is_empty());
    drop(db);
    let raw = raw_bytes(&path);
    assert!(raw.len() > 100_000, "the demo is in the file");
    assert!(!raw.starts_with(b"SQLite format 3"), "an encrypted file has no plain header");
    assert!(!contains(&raw, &surname), "{surname} is readable in the encrypted file");
    assert!(!contains(&raw, "CREATE TABLE"), "the schema is readable in the encrypted file");

    // Plain SQLite (no key) reads nothing from it; the recovery key opens it.
    let refused = Db::open(&path).unwrap_err();
    assert_eq!(refused.code(), "sign_in");
    assert!(refused.to_string().contains("is encrypted: give its key"), "{refused}");
    let key = DbKey::from_recovery_text(&recovery_key).unwrap();
    let reopened = api::open_with_key(&path, Some(&key), &ctx()).unwrap();
    assert_eq!(a_demo_surname(&reopened), surname);
}

#[test]
fn a_wrong_key_or_password_is_refused_with_a_clear_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recovery-desk.db");
    let (db, _) = api::set_up_demo(&path, &ctx(), DemoOptions { accounts: 20, seed: 2 }).unwrap();
    drop(db);
    let before = raw_bytes(&path);

    let wrong = DbKey::generate().unwrap();
    let e = api::open_with_key(&path, Some(&wrong), &ctx()).unwrap_err();
    assert_eq!(e.code(), "sign_in");
    assert!(e.to_string().starts_with("the key does not open"), "{e}");

    let e = sign_in(&path, "a.officer", "not-the-password").unwrap_err();
    assert_eq!(e.to_string(), "the username or password is not right");
    let e = sign_in(&path, "nobody", api::DEMO_PASSWORD).unwrap_err();
    assert_eq!(e.to_string(), "the username or password is not right", "an unknown name reads the same");
    assert_eq!(raw_bytes(&path), before, "a refused sign-in writes nothing to the database");

    let (db, session) = sign_in(&path, "a.officer", api::DEMO_PASSWORD).unwrap();
    assert_eq!(session.role, UserRole::Officer);
    assert_eq!(session.display_name, "Alex Morgan");
    assert_eq!(session.idle_lock_minutes, 10);
    let audit = db
        .read(|tx| {
            Ok(tx.query_row("SELECT action || ' ' || detail FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
                r.get::<_, String>(0)
            })?)
        })
        .unwrap();
    assert_eq!(audit, r#"signed_in {"failed_attempts_before":1}"#);
}

#[test]
fn changing_a_password_reseals_the_key_and_the_recovery_key_still_opens_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recovery-desk.db");
    let set_up = api::set_up(
        &path,
        &ctx(),
        api::SetUpInput {
            username: "admin".into(),
            display_name: "Sam Taylor".into(),
            password: "first-password-1".into(),
        },
    )
    .unwrap();
    assert_eq!(set_up.session.role, UserRole::Admin);
    let admin = set_up.session.ctx(ctx().now, today());
    let db = set_up.db;
    let short = api::change_password(
        &db,
        &admin,
        api::ChangePasswordInput { current_password: "first-password-1".into(), new_password: "short".into() },
    )
    .unwrap_err();
    assert_eq!(short.to_string(), "newPassword: must be at least 10 characters");
    let wrong = api::change_password(
        &db,
        &admin,
        api::ChangePasswordInput { current_password: "guess-guess".into(), new_password: "second-password-2".into() },
    )
    .unwrap_err();
    assert_eq!(wrong.to_string(), "currentPassword: is not your current password");
    api::change_password(
        &db,
        &admin,
        api::ChangePasswordInput {
            current_password: "first-password-1".into(),
            new_password: "second-password-2".into(),
        },
    )
    .unwrap();
    drop(db);
    assert!(sign_in(&path, "admin", "first-password-1").is_err());
    let (db, _) = sign_in(&path, "admin", "second-password-2").unwrap();
    drop(db);
    // The data was not re-encrypted: the key shown at set-up still opens it.
    let key = DbKey::from_recovery_text(&set_up.recovery_key).unwrap();
    api::open_with_key(&path, Some(&key), &ctx()).unwrap();
    // The recovery path: every password lost, the recovery key sets a new first password.
    api::reset_password_with_recovery_key(&path, &key, &ctx(), "admin", "third-password-3").unwrap();
    let (_, session) = sign_in(&path, "admin", "third-password-3").unwrap();
    assert!(session.must_change_password);
}

#[test]
fn users_are_managed_by_the_administrator_only_and_a_disabled_user_cannot_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recovery-desk.db");
    let (db, _) = api::set_up_demo(&path, &ctx(), DemoOptions { accounts: 20, seed: 3 }).unwrap();
    drop(db);
    let (db, officer) = sign_in(&path, "a.officer", api::DEMO_PASSWORD).unwrap();
    let as_officer = officer.ctx(ctx().now, today());
    let e = api::users(&db, &as_officer).unwrap_err();
    assert_eq!((e.code(), e.to_string().as_str()), ("forbidden", "a recovery officer may not manage users"));
    drop(db);

    let (db, admin) = sign_in(&path, "admin", api::DEMO_PASSWORD).unwrap();
    let as_admin = admin.ctx(ctx().now, today());
    let added = api::add_user(
        &db,
        &as_admin,
        api::AddUserInput {
            username: "c.officer".into(),
            display_name: "Cara Jones".into(),
            role: UserRole::Officer,
            password: "welcome-cara-1".into(),
        },
    )
    .unwrap();
    assert!(added.can_sign_in && added.must_change_password);
    let taken = api::add_user(
        &db,
        &as_admin,
        api::AddUserInput {
            username: "c.officer".into(),
            display_name: "Someone Else".into(),
            role: UserRole::Officer,
            password: "welcome-else-1".into(),
        },
    )
    .unwrap_err();
    assert_eq!(taken.to_string(), "username: c.officer is taken");
    // The last administrator keeps the role.
    let e = api::set_user_role(
        &db,
        &as_admin,
        api::SetUserRoleInput { user_id: admin.user_id.clone(), role: UserRole::Officer },
    )
    .unwrap_err();
    assert_eq!(e.code(), "rule_refused");
    api::set_user_disabled(
        &db,
        &as_admin,
        api::SetUserDisabledInput { user_id: added.id.clone(), disabled: true, password: None },
    )
    .unwrap();
    drop(db);
    assert!(sign_in(&path, "c.officer", "welcome-cara-1").is_err());
    let (_, team_leader) = sign_in(&path, "team.leader", api::DEMO_PASSWORD).unwrap();
    assert_eq!(team_leader.role, UserRole::TeamLeader);
}

#[test]
fn the_core_refuses_what_a_role_may_not_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recovery-desk.db");
    let (db, _) = api::set_up_demo(&path, &ctx(), DemoOptions { accounts: 60, seed: 4 }).unwrap();
    let officer = Ctx::signed_in("01900000-0000-7000-8000-000000000002", UserRole::Officer, ctx().now, today());
    let processing = Ctx::signed_in("01900000-0000-7000-8000-000000000005", UserRole::Processing, ctx().now, today());
    let leader = Ctx::signed_in("01900000-0000-7000-8000-000000000001", UserRole::TeamLeader, ctx().now, today());

    // An officer may not prepare a run; a processing officer may, but may not authorise it; a team leader may.
    let input = || {
        serde_json::from_value::<api::PreviewRunInput>(
            serde_json::json!({"runType": "reminder", "debtType": "council_tax"}),
        )
        .unwrap()
    };
    let e = api::preview_run(&db, &officer, input()).unwrap_err();
    assert_eq!((e.code(), e.to_string().as_str()), ("forbidden", "a recovery officer may not prepare batch runs"));
    let run = api::preview_run(&db, &processing, input()).unwrap();
    let authorise = || serde_json::from_value(serde_json::json!({"runId": run.run.id})).unwrap();
    let e = api::authorise_run(&db, &processing, authorise()).unwrap_err();
    assert_eq!(e.to_string(), "a processing officer may not authorise runs");
    api::authorise_run(&db, &leader, authorise()).unwrap();

    // Templates and rules: a team leader, not an officer.
    let profile = api::council_profile(&db).unwrap();
    let e = api::save_council_profile(&db, &officer, profile);
    assert_eq!(e.unwrap_err().code(), "forbidden");
    // Reversing a ledger entry is a correction: not an officer's.
    let e = api::reverse_ledger_entry(
        &db,
        &officer,
        serde_json::from_value(serde_json::json!({"entryId": "x", "reason": "posted in error"})).unwrap(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "forbidden");
}

#[test]
fn the_readme_and_make_run_give_the_demo_password() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for file in ["README.md", "Makefile"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(text.contains(api::DEMO_PASSWORD), "{file} does not give the demo password {}", api::DEMO_PASSWORD);
    }
}

#[test]
fn a_plain_database_is_encrypted_into_a_new_file_with_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let plain_path = dir.path().join("plain.db");
    let plain = api::open(&plain_path, &ctx()).unwrap();
    api::generate_demo(&plain, &ctx(), DemoOptions { accounts: 40, seed: 5 }).unwrap();
    let surname = a_demo_surname(&plain);
    let counts = api::counts(&plain).unwrap();
    drop(plain);
    let safe = dir.path().join("safe.db");
    let key = DbKey::generate().unwrap();
    api::encrypt_database(&plain_path, &safe, &key).unwrap();
    assert!(!contains(&raw_bytes(&safe), &surname));
    let db = api::open_with_key(&safe, Some(&key), &ctx()).unwrap();
    let again = api::counts(&db).unwrap();
    assert_eq!(
        (again.parties, again.accounts, again.ledger_entries),
        (counts.parties, counts.accounts, counts.ledger_entries)
    );
    assert_eq!(a_demo_surname(&db), surname);
    assert!(api::verify_audit_chain(&db).unwrap().broken.is_none());
    // Not twice onto the same file, and not from an encrypted one.
    assert_eq!(api::encrypt_database(&plain_path, &safe, &key).unwrap_err().code(), "conflict");
    let e = api::encrypt_database(&safe, &dir.path().join("x.db"), &key).unwrap_err();
    assert!(e.to_string().ends_with("is not a plain Recovery Desk database"), "{e}");
}
