//! Issue 9 through the CLI: an encrypted database made with `init --key-file`, opened only with its key, users
//! added, a role refused with exit status 3, a password reset with the recovery key, a plain database encrypted.

use std::path::Path;
use std::process::{Command, Output};

fn cli(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recovery-desk-cli"));
    c.arg("--db").arg(db).args(["--today", "2026-11-25"]).args(args).env_remove("RECOVERY_DESK_KEY");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn err(out: &Output) -> (i32, String) {
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stderr).trim().to_string())
}

#[test]
fn an_encrypted_database_opens_only_with_its_key_and_roles_are_refused_with_status_3() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("safe.db");
    let key = dir.path().join("safe.key");
    let k = key.to_str().unwrap();
    ok(&cli(&db, &["--key-file", k, "init"], &[]));
    let text = std::fs::read_to_string(&key).unwrap();
    assert_eq!(text.trim().len(), 71, "64 hex digits in eight groups: {text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
    ok(&cli(&db, &["--key-file", k, "--user", "setup", "demo", "--accounts", "30"], &[]));

    // Without the key, or with another, nothing opens.
    let (code, msg) = err(&cli(&db, &["search", "smith"], &[]));
    assert_eq!(code, 2);
    assert!(msg.contains("is encrypted: give its key (--key-file FILE or RECOVERY_DESK_KEY)"), "{msg}");
    let other = format!("{}\n", "ab".repeat(32));
    let (code, msg) = err(&cli(&db, &["search", "smith"], &[("RECOVERY_DESK_KEY", &other)]));
    assert_eq!(code, 2);
    assert!(msg.starts_with("error: the key does not open"), "{msg}");
    // The key in the environment works as the file does.
    ok(&cli(&db, &["search", "smith"], &[("RECOVERY_DESK_KEY", text.trim())]));

    // Users: the demo's team exists; an officer may not prepare a run (exit 3), the team leader may.
    let out = ok(&cli(&db, &["--key-file", k, "users", "list"], &[]));
    assert!(out.contains("a.officer") && out.contains("Recovery officer"), "{out}");
    let (code, msg) = err(&cli(
        &db,
        &["--key-file", k, "--user", "a.officer", "run", "preview", "--type", "reminder", "--on", "2026-11-25"],
        &[],
    ));
    assert_eq!((code, msg.as_str()), (3, "error: a recovery officer may not prepare batch runs"));
    ok(&cli(
        &db,
        &["--key-file", k, "--user", "team.leader", "run", "preview", "--type", "reminder", "--on", "2026-11-25"],
        &[],
    ));

    // Add a user with a password from the environment; a short one is refused naming the field.
    let (code, msg) = err(&cli(
        &db,
        &["--key-file", k, "users", "add", "c.jones", "--name", "Cara Jones", "--role", "processing"],
        &[("RECOVERY_DESK_PASSWORD", "short")],
    ));
    assert_eq!((code, msg.as_str()), (2, "error: password: must be at least 10 characters"));
    let out = ok(&cli(
        &db,
        &["--key-file", k, "users", "add", "c.jones", "--name", "Cara Jones", "--role", "processing"],
        &[("RECOVERY_DESK_PASSWORD", "welcome-cara-1")],
    ));
    assert_eq!(out.trim(), "c.jones added as Processing officer; they change the password at first sign-in");
    let (code, msg) = err(&cli(
        &db,
        &["--key-file", k, "--user", "c.jones", "users", "add", "d.x", "--name", "D X", "--role", "admin"],
        &[("RECOVERY_DESK_PASSWORD", "welcome-dxdx-1")],
    ));
    assert_eq!((code, msg.as_str()), (3, "error: a processing officer may not manage users"));

    // The recovery path: the recovery key resets a password; the slot then opens with it.
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "a-new-start-2026\n").unwrap();
    ok(&cli(
        &db,
        &["--key-file", k, "users", "reset-password", "c.jones", "--password-file", pw.to_str().unwrap()],
        &[],
    ));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 25, 9, 0, 0).unwrap();
    let input = recovery_core::api::SignInInput { username: "c.jones".into(), password: "a-new-start-2026".into() };
    let (_, session) = recovery_core::api::sign_in(&db, input, now, today).unwrap();
    assert!(session.must_change_password);
}

#[test]
fn a_plain_database_is_encrypted_to_a_new_file_under_a_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.db");
    ok(&cli(&plain, &["demo", "--accounts", "20"], &[]));
    let safe = dir.path().join("safe.db");
    let key = dir.path().join("safe.key");
    let out =
        ok(&cli(&plain, &["encrypt", "--to", safe.to_str().unwrap(), "--new-key-file", key.to_str().unwrap()], &[]));
    assert!(out.contains("is the encrypted copy"), "{out}");
    let shown = ok(&cli(&safe, &["--key-file", key.to_str().unwrap(), "--json", "init"], &[]));
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(v["accounts"], 20, "{shown}");
    let (code, msg) =
        err(&cli(&plain, &["encrypt", "--to", safe.to_str().unwrap(), "--new-key-file", key.to_str().unwrap()], &[]));
    assert_eq!(code, 2);
    assert!(msg.contains("already exists"), "{msg}");
}
