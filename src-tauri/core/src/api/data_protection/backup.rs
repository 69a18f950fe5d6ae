//! Backups that restore (issue 9): a backup now into a folder (SQLite's online backup API, the same key as the
//! live database, so an encrypted database gives an encrypted backup), named by the instant
//! `recovery-desk-YYYYMMDD-HHMMSS.db`, written under a `.partial` name and renamed; rotation keeps the newest
//! N of our own backup files in that folder and never touches any other file. An encrypted database's key
//! slots file (`<database>.keys`: the key sealed under each user's password) is copied beside its backup as
//! `<backup>.keys`, so a database restored onto a new laptop opens with the passwords of the day of the backup
//! (and always with the recovery key). The backup settings (folder,
//! every N hours, keep N, the last backup) drive `backup_if_due`, which the app's timer calls.
//!
//! A restore needs no open database (the app signs out first): the chosen backup is copied beside the live
//! database, the copy is opened with the key, checked (`PRAGMA integrity_check`, schema version, the audit
//! chain), and only then put in place by a rename; the replaced database is kept as `<name>.before-restore`
//! (with its WAL, if it had one). A database left without its key slots file gets the backup's. The restore
//! is audited in the restored database.
//!
//! Permissions: `Backups` (the administrator) for a backup now, the settings and a restore. `backup_if_due`
//! asks none: it is the schedule the administrator set, run by the app whoever is signed in (its audit row
//! names them).

use crate::access::Permission;
use crate::db::backup::{check_backup, CheckedBackup};
use crate::db::key::slots_path;
use crate::db::{audit, settings, Counts, Ctx, Db, DbKey};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The settings key of the backup settings.
pub const BACKUP_SETTINGS: &str = "backup";
/// POLICY: a fortnight of daily backups unless the administrator says otherwise.
pub const DEFAULT_KEEP: u32 = 14;
pub const DEFAULT_EVERY_HOURS: u32 = 24;

const PREFIX: &str = "recovery-desk-";
const SUFFIX: &str = ".db";

/// The backup settings as stored (and shown).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSettings {
    /// The folder scheduled backups go to; none until the administrator chooses one.
    pub folder: Option<String>,
    pub every_hours: u32,
    pub keep: u32,
    pub last_backup_at: Option<String>,
    pub last_backup_path: Option<String>,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            folder: None,
            every_hours: DEFAULT_EVERY_HOURS,
            keep: DEFAULT_KEEP,
            last_backup_at: None,
            last_backup_path: None,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BackupSettingsInput {
    /// Empty or absent: no scheduled backups.
    #[serde(default)]
    pub folder: Option<String>,
    pub every_hours: u32,
    pub keep: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackupView {
    pub path: PathBuf,
    pub bytes: u64,
    pub taken_at: String,
    /// Older backups of ours removed from the folder by rotation.
    pub rotated_out: Vec<PathBuf>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RestoreView {
    pub restored_from: PathBuf,
    pub database: PathBuf,
    /// The database that was replaced, kept beside it (none when there was none).
    pub before_restore: Option<PathBuf>,
    /// The database had no key slots file and the backup's was put beside it.
    pub key_slots_restored: bool,
    pub schema_version: i64,
    pub counts: Counts,
    pub audit_rows: i64,
}

fn stored_settings(db: &Db) -> Result<BackupSettings> {
    Ok(db.read(|tx| settings::get::<BackupSettings>(tx, BACKUP_SETTINGS))?.unwrap_or_default())
}

pub fn backup_settings(db: &Db, ctx: &Ctx) -> Result<BackupSettings> {
    ctx.require(Permission::Backups)?;
    stored_settings(db)
}

pub fn save_backup_settings(db: &Db, ctx: &Ctx, input: BackupSettingsInput) -> Result<BackupSettings> {
    ctx.require(Permission::Backups)?;
    if !(1..=24 * 7).contains(&input.every_hours) {
        return Err(Error::validation("everyHours", "from 1 to 168 hours (a week)"));
    }
    if !(1..=1000).contains(&input.keep) {
        return Err(Error::validation("keep", "keep from 1 to 1000 backups"));
    }
    let folder = input.folder.map(|f| f.trim().to_string()).filter(|f| !f.is_empty());
    if let Some(f) = &folder {
        if !Path::new(f).is_absolute() {
            return Err(Error::validation("folder", "give the whole path of the folder"));
        }
    }
    db.write(|tx| {
        let mut s = settings::get::<BackupSettings>(tx, BACKUP_SETTINGS)?.unwrap_or_default();
        s.folder = folder;
        s.every_hours = input.every_hours;
        s.keep = input.keep;
        settings::put(tx, ctx, BACKUP_SETTINGS, &s)?;
        audit::record(
            tx,
            ctx,
            "save_backup_settings",
            "settings",
            BACKUP_SETTINGS,
            None,
            None,
            serde_json::json!({"every_hours": s.every_hours, "keep": s.keep}),
        )?;
        Ok(s)
    })
}

/// Is `name` one of our backup files (`recovery-desk-YYYYMMDD-HHMMSS.db`)?
pub fn is_backup_name(name: &str) -> bool {
    name.strip_prefix(PREFIX).and_then(|s| s.strip_suffix(SUFFIX)).is_some_and(|stamp| {
        stamp.len() == 15 && stamp.char_indices().all(|(i, c)| if i == 8 { c == '-' } else { c.is_ascii_digit() })
    })
}

/// Takes a backup into `dir` now (created if need be), then keeps the newest `keep` (default: the settings')
/// backups of ours there.
pub fn backup_now(db: &Db, ctx: &Ctx, dir: &Path, keep: Option<u32>) -> Result<BackupView> {
    ctx.require(Permission::Backups)?;
    take_backup(db, ctx, dir, keep)
}

fn take_backup(db: &Db, ctx: &Ctx, dir: &Path, keep: Option<u32>) -> Result<BackupView> {
    let keep = match keep {
        Some(0) => return Err(Error::validation("keep", "keep at least one backup")),
        Some(k) => k,
        None => stored_settings(db)?.keep,
    };
    let folder = dir.display().to_string();
    std::fs::create_dir_all(dir).map_err(|e| Error::validation(&folder, format!("cannot create the folder: {e}")))?;
    let name = format!("{PREFIX}{}{SUFFIX}", ctx.now.format("%Y%m%d-%H%M%S"));
    let path = dir.join(&name);
    if path.exists() {
        return Err(Error::Conflict(format!("{} already exists: a backup was taken this second", path.display())));
    }
    let partial = dir.join(format!("{name}.partial"));
    let _ = std::fs::remove_file(&partial);
    let encrypted = db.key().is_some();
    if let Err(e) = db.backup_to(&partial) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::File::open(&partial)?.sync_all()?;
    // The key slots first: a backup file is never there without them.
    let slots = slots_path(db.path());
    let with_slots = db.key().is_some() && slots.is_file();
    if with_slots {
        let partial_slots = dir.join(format!("{name}.keys.partial"));
        std::fs::copy(&slots, &partial_slots).map_err(|e| Error::validation(&folder, e.to_string()))?;
        std::fs::rename(&partial_slots, slots_path(&path)).map_err(|e| Error::validation(&folder, e.to_string()))?;
    }
    std::fs::rename(&partial, &path).map_err(|e| Error::validation(&folder, e.to_string()))?;
    let bytes = std::fs::metadata(&path)?.len();
    let rotated_out = rotate(dir, keep as usize)?;
    let taken_at = ctx.at();
    db.write(|tx| {
        let mut s = settings::get::<BackupSettings>(tx, BACKUP_SETTINGS)?.unwrap_or_default();
        s.last_backup_at = Some(taken_at.clone());
        s.last_backup_path = Some(path.display().to_string());
        settings::put(tx, ctx, BACKUP_SETTINGS, &s)?;
        audit::record(
            tx,
            ctx,
            "backup_now",
            "database",
            &name,
            None,
            None,
            serde_json::json!({"file": name, "bytes": bytes, "encrypted": encrypted, "key_slots": with_slots,
                               "rotated_out": rotated_out.len()}),
        )
    })?;
    Ok(BackupView { path, bytes, taken_at, rotated_out })
}

/// Removes all but the newest `keep` of our backup files in `dir` (newest by the instant in the name); any
/// other file is left alone. Returns what it removed.
fn rotate(dir: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let mut ours: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_backup_name(n))
        .collect();
    ours.sort();
    let excess = ours.len().saturating_sub(keep);
    let mut removed = Vec::new();
    for name in ours.into_iter().take(excess) {
        let path = dir.join(name);
        std::fs::remove_file(&path)?;
        let slots = slots_path(&path);
        if slots.is_file() {
            std::fs::remove_file(&slots)?;
        }
        removed.push(path);
    }
    Ok(removed)
}

/// For the app's timer: a backup into the settings' folder when none was ever taken or `every_hours` have
/// passed since the last; `None` when no folder is set or it is not due.
pub fn backup_if_due(db: &Db, ctx: &Ctx) -> Result<Option<BackupView>> {
    let s = stored_settings(db)?;
    let Some(folder) = s.folder else { return Ok(None) };
    if let Some(last) = &s.last_backup_at {
        let last = chrono::DateTime::parse_from_rfc3339(last)
            .map_err(|e| Error::Internal(format!("backup settings: last_backup_at: {e}")))?;
        if ctx.now.signed_duration_since(last) < chrono::Duration::hours(i64::from(s.every_hours)) {
            return Ok(None);
        }
    }
    take_backup(db, ctx, Path::new(&folder), Some(s.keep)).map(Some)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Restores `backup_file` onto the database at `target` (no `Db` may have it open: the app signs out first),
/// both opened with `key` (none for a plain database), then opens it as the app does and audits the restore
/// in it. See the module doc. A wrong key is refused (`Error::SignIn`) naming the backup; a damaged backup
/// (`Error::Validation`, its field the file) leaves the live database untouched.
pub fn restore_backup(ctx: &Ctx, backup_file: &Path, target: &Path, key: Option<&DbKey>) -> Result<RestoreView> {
    ctx.require(Permission::Backups)?;
    // Refuse early, before copying anything.
    check_backup(backup_file, key, backup_file)?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let temp = with_suffix(target, ".restoring");
    let _ = std::fs::remove_file(&temp);
    std::fs::copy(backup_file, &temp)
        .map_err(|e| Error::validation(backup_file.display().to_string(), format!("cannot be copied: {e}")))?;
    std::fs::File::open(&temp)?.sync_all()?;
    // Check the very copy that goes in place.
    let checked: CheckedBackup = match check_backup(&temp, key, backup_file) {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
    };
    let before = with_suffix(target, ".before-restore");
    let before_restore = if target.exists() {
        for old in [before.clone(), with_suffix(&before, "-wal"), with_suffix(&before, "-shm")] {
            if old.exists() {
                std::fs::remove_file(&old)?;
            }
        }
        if std::fs::hard_link(target, &before).is_err() {
            std::fs::copy(target, &before)?;
        }
        Some(before)
    } else {
        None
    };
    // The replaced database's WAL goes with its kept copy: left here, SQLite would replay it into the restore.
    let wal = with_suffix(target, "-wal");
    if wal.exists() {
        match &before_restore {
            Some(b) => std::fs::rename(&wal, with_suffix(b, "-wal"))?,
            None => std::fs::remove_file(&wal)?,
        }
    }
    let shm = with_suffix(target, "-shm");
    if shm.exists() {
        std::fs::remove_file(&shm)?;
    }
    std::fs::rename(&temp, target)?;
    let (slots, backup_slots) = (slots_path(target), slots_path(backup_file));
    let slots_restored = !slots.exists() && backup_slots.is_file();
    if slots_restored {
        let partial = with_suffix(&slots, ".partial");
        std::fs::copy(&backup_slots, &partial)?;
        std::fs::rename(&partial, &slots)?;
    }

    let db = crate::api::open_with_key(target, key, ctx)?;
    let file = backup_file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    db.write(|tx| {
        audit::record(
            tx,
            ctx,
            "restore_backup",
            "database",
            &file,
            None,
            None,
            serde_json::json!({"file": file, "schema_version": checked.schema_version,
                               "kept_before_restore": before_restore.is_some(),
                               "key_slots_restored": slots_restored}),
        )
    })?;
    let counts = crate::api::counts(&db)?;
    Ok(RestoreView {
        restored_from: backup_file.to_path_buf(),
        database: target.to_path_buf(),
        before_restore,
        key_slots_restored: slots_restored,
        schema_version: checked.schema_version,
        counts,
        audit_rows: checked.audit_rows,
    })
}
