//! The database side of backups (issue 9): a copy of the live database through SQLite's online backup API
//! (consistent while the app keeps working; the destination keyed with the same key, so an encrypted database
//! gives an encrypted backup), and the checks a backup must pass before it may replace the live database: it
//! opens with the key, `PRAGMA integrity_check` says ok, its schema is not newer than this program, and its
//! audit chain is whole.

use crate::db::{apply_key, audit, counts, Counts, Db, DbKey, MIGRATIONS};
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

impl Db {
    /// Copies the whole database into a new file `dest` (which must not exist) with the online backup API,
    /// keyed with the live database's own key (none for a plain database), then reads it back once with it.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let conn = self.conn.lock().map_err(|_| Error::Internal("database lock poisoned".into()))?;
        let mut out = Connection::open_with_flags(
            dest,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        if let Some(key) = &self.key {
            apply_key(&out, key)?;
        }
        {
            let backup = rusqlite::backup::Backup::new(&conn, &mut out)?;
            backup.run_to_completion(4096, std::time::Duration::ZERO, None)?;
        }
        drop(conn);
        let _: i64 = out.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        out.close().map_err(|(_, e)| Error::Db(e))?;
        Ok(())
    }
}

/// What a backup file holds, once checked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CheckedBackup {
    pub schema_version: i64,
    pub counts: Counts,
    pub audit_rows: i64,
}

/// Opens `file` read-only with the key and checks it can replace the live database. `shown` is the name the
/// errors give the file (the backup the user chose, when `file` is a copy of it).
pub fn check_backup(file: &Path, key: Option<&DbKey>, shown: &Path) -> Result<CheckedBackup> {
    let name = shown.display().to_string();
    if !file.is_file() {
        return Err(Error::NotFound(format!("the backup {name}")));
    }
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    if let Some(key) = key {
        apply_key(&conn, key)?;
    }
    let opened: rusqlite::Result<i64> = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0));
    match opened {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::NotADatabase => {
            return Err(Error::SignIn(format!(
                "{name} could not be opened {}: it is not a Recovery Desk database, or the key is wrong",
                if key.is_some() { "with this database key" } else { "without a database key" }
            )));
        }
        Err(e) => return Err(Error::validation(&name, format!("the backup cannot be read: {e}"))),
    }
    let bad = |reason: String| Error::validation(&name, reason);
    let integrity: Vec<String> = (|| -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    })()
    .map_err(|e| bad(format!("the backup is damaged: {e}")))?;
    if integrity != ["ok"] {
        let first = integrity.first().cloned().unwrap_or_default();
        return Err(bad(format!("the backup is damaged (integrity check: {first})")));
    }
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if schema_version > MIGRATIONS.len() as i64 {
        return Err(bad(format!(
            "the backup is at schema version {schema_version}, newer than this program ({})",
            MIGRATIONS.len()
        )));
    }
    // The chain exists from migration 0010 on; an older backup's rows are chained when it is opened.
    let mut audit_rows = 0;
    if schema_version >= 10 {
        let chain = audit::verify_chain(&conn).map_err(|e| bad(format!("its audit log cannot be read: {e}")))?;
        if let Some(b) = &chain.broken {
            return Err(bad(format!("its audit log's chain is broken at row {}: {}", b.seq, b.reason)));
        }
        audit_rows = chain.rows;
    }
    let counts = counts(&conn).map_err(|e| bad(format!("the backup cannot be read: {e}")))?;
    Ok(CheckedBackup { schema_version, counts, audit_rows })
}
