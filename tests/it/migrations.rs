//! Migrations: numbered, contiguous, never changed once shipped (hash list), and every schema change is a
//! readable diff against `tests/it/schema.sql`.

use crate::fixtures::ctx;
use recovery_core::api;
use recovery_core::db::MIGRATIONS;

/// FNV-1a over the file: stable, no dependency. When you ship a migration, add its hash here; never edit one.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

const SHIPPED: &[(&str, u64)] = &[
    ("0001_init.sql", 0xa30e2dae080ed32e),
    ("0002_letters.sql", 0x28500e8d0326f7ec),
    ("0003_search_by_kind.sql", 0x96501f647b3a2b82),
    ("0004_income_expenditure.sql", 0x9f5f8f498797b882),
    ("0005_letter_runs.sql", 0x751d001470381c88),
    ("0006_recovery.sql", 0x265b5142927eebe5),
    ("0007_arrangements.sql", 0x3e8710ee59661e2d),
    ("0008_court.sql", 0xa3ccb5c86cfd520f),
    ("0009_returned_mail.sql", 0x283609dd7b535d45),
    ("0010_audit_chain.sql", 0xd4e135376c5699a6),
    ("0011_users_security.sql", 0x41673f04c838a6c5),
    ("0012_audit_index.sql", 0xe866a701248b50a3),
    ("0013_retention.sql", 0x62ecffe0c4eaf24b),
];

#[test]
fn shipped_migrations_never_change() {
    for (i, (name, hash)) in SHIPPED.iter().enumerate() {
        let (got_name, sql) = MIGRATIONS[i];
        assert_eq!(&got_name, name);
        assert_eq!(fnv1a(sql), *hash, "{name} changed after it shipped: add a new migration instead");
    }
    assert!(MIGRATIONS.len() >= SHIPPED.len());
}

#[test]
fn migration_files_are_numbered_without_gaps_and_all_listed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
    let mut files: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    for (i, f) in files.iter().enumerate() {
        assert!(f.starts_with(&format!("{:04}_", i + 1)), "{f} is out of sequence");
        assert_eq!(MIGRATIONS.get(i).map(|m| m.0), Some(f.as_str()), "{f} is not in db::MIGRATIONS");
    }
    assert_eq!(files.len(), MIGRATIONS.len());
}

#[test]
fn schema_matches_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let db = api::open(dir.path().join("s.db"), &ctx()).unwrap();
    let schema = db.schema().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/it/schema.sql");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &schema).unwrap();
    }
    let want = std::fs::read_to_string(path).expect("tests/it/schema.sql (run with UPDATE_SNAPSHOTS=1 to write it)");
    assert_eq!(schema, want, "the schema changed: review the diff and rerun with UPDATE_SNAPSHOTS=1");
}

#[test]
fn opening_twice_migrates_once_and_keeps_the_device_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.db");
    let first = api::open(&path, &ctx()).unwrap().device_id().to_string();
    let db = api::open(&path, &ctx()).unwrap();
    assert_eq!(db.device_id(), first);
    let version: i64 = db.read(|tx| Ok(tx.query_row("PRAGMA user_version", [], |r| r.get(0))?)).unwrap();
    assert_eq!(version as usize, MIGRATIONS.len());
    let holidays: i64 =
        db.read(|tx| Ok(tx.query_row("SELECT count(*) FROM bank_holidays", [], |r| r.get(0))?)).unwrap();
    assert_eq!(holidays, 99, "shipped bank holidays seeded once");
}

#[test]
fn every_shared_table_is_strict_with_a_text_id_and_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let db = api::open(dir.path().join("t.db"), &ctx()).unwrap();
    db.read(|tx| {
        let tables: Vec<(String, String)> = tx
            .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'local_%'")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (name, sql) in tables {
            assert!(sql.contains(") STRICT"), "{name} is not STRICT");
            let cols: Vec<(String, String, i64)> = tx
                .prepare(&format!("SELECT name, type, pk FROM pragma_table_info('{name}')"))?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            for (col, ty, _) in &cols {
                assert!(ty == "TEXT" || ty == "INTEGER", "{name}.{col} is {ty}: only TEXT and INTEGER are shared");
            }
            let has = |c: &str| cols.iter().any(|(n, _, _)| n == c);
            let key = if name == "settings" {
                "key"
            } else if name == "bank_holidays" {
                "holiday_on"
            } else {
                "id"
            };
            assert!(
                cols.iter().any(|(n, t, pk)| n == key && t == "TEXT" && *pk == 1),
                "{name} needs a TEXT primary key {key}"
            );
            assert!(has("created_at") && has("created_by"), "{name} needs created_at and created_by");
            assert!(has("device_id") || name == "audit_log" && has("device_id"), "{name} needs device_id");
        }
        Ok(())
    })
    .unwrap();
}
