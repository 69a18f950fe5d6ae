//! The case database: one SQLite connection behind a mutex, read and write transactions as closures, and
//! the numbered migrations in `migrations/` applied in order with `PRAGMA user_version`.
//!
//! SQL lives here only, one module per aggregate, each statement next to the function that runs it.

pub mod accounts;
pub mod arrangements;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod court;
pub mod holds;
pub mod import;
pub mod income_expenditure;
pub mod instalments;
pub mod key;
pub mod letters;
pub mod parties;
pub mod retention;
pub mod rule_values;
pub mod runs;
pub mod search;
pub mod settings;
pub mod subject_access;
pub mod tasks;
pub mod users;

use crate::access::{Permission, UserRole};
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The migrations, in order. Shipped ones never change: `tests/it/migrations.rs` keeps their hashes.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("../../migrations/0001_init.sql")),
    ("0002_letters.sql", include_str!("../../migrations/0002_letters.sql")),
    ("0003_search_by_kind.sql", include_str!("../../migrations/0003_search_by_kind.sql")),
    ("0004_income_expenditure.sql", include_str!("../../migrations/0004_income_expenditure.sql")),
    ("0005_letter_runs.sql", include_str!("../../migrations/0005_letter_runs.sql")),
    ("0006_recovery.sql", include_str!("../../migrations/0006_recovery.sql")),
    ("0007_arrangements.sql", include_str!("../../migrations/0007_arrangements.sql")),
    ("0008_court.sql", include_str!("../../migrations/0008_court.sql")),
    ("0009_returned_mail.sql", include_str!("../../migrations/0009_returned_mail.sql")),
    ("0010_audit_chain.sql", include_str!("../../migrations/0010_audit_chain.sql")),
    ("0011_users_security.sql", include_str!("../../migrations/0011_users_security.sql")),
    ("0012_audit_index.sql", include_str!("../../migrations/0012_audit_index.sql")),
    ("0013_retention.sql", include_str!("../../migrations/0013_retention.sql")),
];

/// Who is acting, and when: passed into every write so rows carry `created_by`, `created_at` and the device.
/// The core never reads the clock; the shell or the CLI builds this.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub user_id: String,
    /// What the user may do: checked by each action with [`Ctx::require`].
    pub role: UserRole,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

impl Ctx {
    /// A trusted caller with the administrator's permissions: the CLI run by the holder of the database key,
    /// set-up, tests and benchmarks. The app builds its `Ctx` only from a signed-in session ([`Ctx::signed_in`]).
    pub fn new(user_id: impl Into<String>, now: DateTime<Utc>, today: NaiveDate) -> Ctx {
        Ctx { user_id: user_id.into(), role: UserRole::Admin, now, today }
    }

    /// A signed-in user acting with their role.
    pub fn signed_in(user_id: impl Into<String>, role: UserRole, now: DateTime<Utc>, today: NaiveDate) -> Ctx {
        Ctx { user_id: user_id.into(), role, now, today }
    }

    /// Refuses (`Error::Forbidden`, code `forbidden`) when the user's role lacks the permission.
    pub fn require(&self, permission: Permission) -> Result<()> {
        crate::access::require(self.role, permission)
    }

    /// RFC 3339 instant to the millisecond, UTC, as stored in every `..._at` column.
    pub fn at(&self) -> String {
        self.now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

pub struct Db {
    conn: Mutex<Connection>,
    path: PathBuf,
    device_id: String,
    /// The key the file is encrypted with (None: a plain database, which only tests and scripts make).
    key: Option<DbKey>,
}

pub use key::DbKey;

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).field("encrypted", &self.key.is_some()).finish()
    }
}

/// A write transaction with the identity of this device, handed to the closure given to [`Db::write`].
pub struct Tx<'a> {
    pub tx: Transaction<'a>,
    pub device_id: &'a str,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

/// SQLite's page cache for an encrypted database, in KiB (a plain one keeps 64 MB).
const ENCRYPTED_CACHE_KIB: i64 = 256 * 1024;

/// Gives SQLCipher the key, after checking that this SQLite is SQLCipher (a plain build ignores the key).
pub(crate) fn apply_key(conn: &Connection, key: &DbKey) -> Result<()> {
    let cipher: Option<String> = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).map(Some).or_else(|e| {
        if matches!(e, rusqlite::Error::QueryReturnedNoRows) {
            Ok(None)
        } else {
            Err(e)
        }
    })?;
    if cipher.is_none() {
        return Err(Error::Internal("this build of SQLite cannot encrypt (no SQLCipher)".into()));
    }
    // A wrong key is reported as our error; SQLCipher's own log line to stderr would only alarm.
    conn.execute_batch(&format!("PRAGMA cipher_log_level = NONE; PRAGMA key = {};", key.pragma_value()))?;
    Ok(())
}

/// Copies a plain database into a new encrypted file under `key` with SQLCipher's `sqlcipher_export` (which
/// leaves `user_version` behind: it is set after).
pub(crate) fn export_encrypted(plain: &Path, to: &Path, key: &DbKey) -> Result<()> {
    let conn = Connection::open(plain)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    conn.execute(&format!("ATTACH DATABASE ?1 AS encrypted KEY {}", key.pragma_value()), [to.to_string_lossy()])?;
    conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}; DETACH DATABASE encrypted;"))?;
    Ok(())
}

/// Whether the file begins with SQLite's plain-text header (an encrypted file begins with random bytes).
pub fn plain_header(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(path)?;
    let n = f.read(&mut head)?;
    Ok(n == 16 && &head == b"SQLite format 3\0")
}

impl Db {
    /// Opens (creating if need be) a plain database at `path` and brings its schema up to date. Only tests,
    /// benchmarks and scripts use plain databases; an encrypted one is refused with a clear error.
    pub fn open(path: impl AsRef<Path>) -> Result<Db> {
        Db::open_with_key(path, None)
    }

    /// Opens (creating if need be) the database at `path`, encrypted with `key` when one is given (SQLCipher,
    /// engineering.md §5), and brings its schema up to date. A wrong key, or no key for an encrypted file, is
    /// refused (`Error::SignIn`) naming the file; nothing is written to it.
    pub fn open_with_key(path: impl AsRef<Path>, key: Option<&DbKey>) -> Result<Db> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let existed = path.exists() && std::fs::metadata(&path)?.len() > 0;
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        if let Some(key) = key {
            apply_key(&conn, key)?;
        }
        // A wrong key (or none, for an encrypted file) shows only at the first read of the file.
        if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
            return Err(match (&e, key) {
                (rusqlite::Error::SqliteFailure(f, _), Some(_)) if f.code == rusqlite::ErrorCode::NotADatabase => {
                    Error::SignIn(format!(
                        "the key does not open {} (a wrong key, or not a Recovery Desk database)",
                        path.display()
                    ))
                }
                (rusqlite::Error::SqliteFailure(f, _), None) if f.code == rusqlite::ErrorCode::NotADatabase => {
                    Error::SignIn(format!(
                        "{} is encrypted: give its key (--key-file FILE or RECOVERY_DESK_KEY) or sign in",
                        path.display()
                    ))
                }
                _ => Error::Db(e),
            });
        }
        if key.is_some() && existed && plain_header(&path)? {
            return Err(Error::SignIn(format!(
                "{} is a plain (unencrypted) database: open it without a key",
                path.display()
            )));
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA journal_size_limit = 67108864;
             PRAGMA cache_size = -65536;",
        )?;
        if key.is_some() {
            // Every page-cache miss decrypts a page (engineering.md §5): the encrypted database keeps a larger
            // cache, 256 MB, so a day's searches and person views mostly find their pages decrypted already.
            conn.pragma_update(None, "cache_size", -ENCRYPTED_CACHE_KIB)?;
        }
        migrate(&mut conn)?;
        let device_id = device_id(&mut conn)?;
        if key.is_some() && plain_header(&path)? {
            // The pitfall engineering.md §5 names: a build without SQLCipher takes `PRAGMA key` and writes plain.
            return Err(Error::Internal(format!("{} was written unencrypted despite its key", path.display())));
        }
        Ok(Db { conn: Mutex::new(conn), path, device_id, key: key.cloned() })
    }

    /// The key the database is encrypted with, for copies that must be encrypted the same way (backups) and for
    /// sealing a new user's key slot. None for a plain database.
    pub fn key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// Runs `f` in a read transaction (a consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.conn.lock().map_err(|_| Error::Internal("database lock poisoned".into()))?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` in one write transaction (BEGIN IMMEDIATE): everything it writes lands, or nothing does.
    pub fn write<T>(&self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let mut conn = self.conn.lock().map_err(|_| Error::Internal("database lock poisoned".into()))?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let wrapped = Tx { tx, device_id: &self.device_id };
        let out = f(&wrapped)?;
        wrapped.tx.commit()?;
        Ok(out)
    }

    /// [`Db::write`] set up for loading many rows at once (a big import), still one transaction, all or
    /// nothing:
    ///
    /// - foreign keys are not checked row by row but once, by `PRAGMA foreign_key_check` on each of
    ///   `bulk.checked_tables`, before the commit (only if `f` wrote anything): a row whose parent is
    ///   missing fails the whole write;
    /// - the database leaves WAL mode for a rollback journal while it runs, if no other connection has it
    ///   open (else it stays in WAL): pages added to the end of the file are then written once, straight
    ///   into the database, where WAL writes every page twice (to the log, then back at the checkpoint);
    ///   `synchronous = FULL` meanwhile, as SQLite advises for a rollback journal. Another program cannot
    ///   open the database until it is back in WAL mode, at the end;
    /// - the page cache is `bulk.cache_kib` KiB while it runs;
    /// - a WAL left with the load in it is checkpointed and truncated after the commit, so that the next
    ///   small write does not pay for copying the load into the database.
    ///
    /// The connection's settings are put back afterwards, whether `f` succeeded or not. The checks read whole
    /// tables, so this suits a load that is large beside what the tables already hold.
    pub fn bulk_write<T>(&self, bulk: &Bulk, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let conn = &mut *self.conn.lock().map_err(|_| Error::Internal("database lock poisoned".into()))?;
        let setting = |conn: &Connection, name: &str| conn.pragma_query_value(None, name, |r| r.get::<_, i64>(0));
        let before = [
            ("foreign_keys", setting(conn, "foreign_keys")?),
            ("synchronous", setting(conn, "synchronous")?),
            ("cache_size", setting(conn, "cache_size")?),
        ];
        // Neither foreign_keys nor journal_mode can change inside a transaction.
        let journal = |conn: &Connection, mode: &str| {
            conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get::<_, String>(0))
        };
        // A database that cannot leave WAL mode now (another connection has it open) is loaded in WAL mode.
        let rollback = conn.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))? == "wal"
            && journal(conn, "DELETE").is_ok_and(|mode| mode == "delete");
        let out = (|| -> Result<T> {
            conn.pragma_update(None, "foreign_keys", false)?;
            conn.pragma_update(None, "cache_size", -bulk.cache_kib)?;
            if rollback {
                conn.pragma_update(None, "synchronous", "FULL")?;
            }
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let wrapped = Tx { tx, device_id: &self.device_id };
            let changes = wrapped.total_changes();
            let out = f(&wrapped)?;
            if wrapped.total_changes() != changes {
                for table in bulk.checked_tables {
                    foreign_key_check(&wrapped, table)?;
                }
            }
            wrapped.tx.commit()?;
            Ok(out)
        })();
        // Back as it was, whatever happened. A database that cannot go back to WAL mode now (another program
        // is opening it) stays in rollback mode, which works the same, until the next `Db::open` sets WAL: a
        // load that committed is not reported as failed for that.
        if rollback {
            let _ = journal(conn, "WAL");
        }
        let restored = (|| -> Result<()> {
            for (name, value) in before {
                conn.pragma_update(None, name, value)?;
            }
            Ok(())
        })();
        let out = out?;
        restored?;
        if !rollback {
            // Best effort: a checkpoint that readers hold up now is done by a later commit.
            let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
        Ok(out)
    }

    /// The schema as SQLite reports it: the snapshot test compares this with `tests/it/schema.sql`.
    pub fn schema(&self) -> Result<String> {
        self.read(|tx| {
            let mut stmt = tx.prepare(
                "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
                 ORDER BY type DESC, name",
            )?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            let mut out = String::new();
            for row in rows {
                out.push_str(&row?);
                out.push_str(";\n");
            }
            Ok(out)
        })
    }
}

/// How [`Db::bulk_write`] sets up its transaction.
#[derive(Clone, Copy, Debug)]
pub struct Bulk<'a> {
    /// The page cache while it runs, in KiB.
    pub cache_kib: i64,
    /// The tables written, whose foreign keys are checked before the commit.
    pub checked_tables: &'a [&'a str],
}

/// Fails if any row of `table` names a parent row that does not exist.
fn foreign_key_check(conn: &Connection, table: &str) -> Result<()> {
    let mut stmt = conn.prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check(?1)")?;
    let missing = stmt
        .query_map([table], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?)))?
        .next()
        .transpose()?;
    match missing {
        None => Ok(()),
        Some((table, rowid, parent)) => Err(Error::Internal(format!(
            "row {} of {table} names a row of {parent} that does not exist; nothing was written",
            rowid.map_or("?".into(), |r| r.to_string())
        ))),
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let current: usize = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
    if current > MIGRATIONS.len() {
        return Err(Error::Internal(format!(
            "the database is at schema version {current}, newer than this program ({}); update Recovery Desk",
            MIGRATIONS.len()
        )));
    }
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql).map_err(|e| Error::Internal(format!("migration {name} failed: {e}")))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

fn device_id(conn: &mut Connection) -> Result<String> {
    let existing: Option<String> = conn.query_row("SELECT id FROM local_device LIMIT 1", [], |r| r.get(0)).ok();
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    conn.execute("INSERT INTO local_device (id) VALUES (?1)", [&id])?;
    Ok(id)
}

/// A new UUIDv7 for a shared row: the instant comes from `ctx.now` (the core never reads the clock), the
/// rest is random, so two offline laptops never make the same id.
pub fn new_id(ctx: &Ctx) -> String {
    let millis = ctx.now.timestamp_millis().max(0) as u64;
    let random = *uuid::Uuid::new_v4().as_bytes();
    uuid::Builder::from_unix_timestamp_millis(millis, &random[..10].try_into().expect("10 bytes"))
        .into_uuid()
        .to_string()
}

/// Reads an ISO date column.
pub fn date(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

/// How many parties, accounts and ledger entries there are.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Counts {
    pub parties: i64,
    pub accounts: i64,
    pub ledger_entries: i64,
}

/// Whether no account exists yet: one index probe.
pub fn has_no_accounts(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM accounts)", [], |r| r.get(0))?)
}

pub fn counts(conn: &Connection) -> Result<Counts> {
    let n = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok(Counts {
        parties: n("SELECT count(*) FROM parties")?,
        accounts: n("SELECT count(*) FROM accounts")?,
        ledger_entries: n("SELECT count(*) FROM ledger_entries")?,
    })
}
