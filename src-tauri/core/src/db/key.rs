//! The database key and the key slots that hold it (issue 9, encryption at rest).
//!
//! The case database is a SQLCipher file encrypted with one random 256-bit **database key**, given to SQLCipher
//! raw (`PRAGMA key = "x'…'"`: no key derivation at each open, engineering.md §5). Nobody types that key:
//!
//! - each user has a **key slot** in the slots file beside the database (`recovery-desk.db.keys`, JSON): the
//!   database key sealed with ChaCha20-Poly1305 under a key derived from the user's password with argon2id
//!   (`KDF_*` below). Opening a slot is how a password is checked: a wrong password fails the seal's tag. The
//!   slot's user id and username are the seal's associated data, so a slot cannot be relabelled as someone
//!   else's. Changing a password re-seals the same key in a new slot: the database is not rewritten.
//! - the administrator is shown the database key once, at set-up, as the **recovery key** (64 hex digits in
//!   groups of eight). With it the CLI opens the database (`--key-file`) and an administrator can reset any
//!   password (`users reset-password`) when every password is lost. Kept in the council's safe, not on the
//!   laptop.
//!
//! Repeated wrong passwords lock the slot for a while (`LockoutPolicy`); the counters live in the slots file,
//! as the database cannot be read before a slot opens.

use crate::error::{Error, Result};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A 256-bit database key. Its bytes are wiped when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

impl Drop for DbKey {
    fn drop(&mut self) {
        for b in self.0.iter_mut() {
            // SAFETY-free wipe: a volatile write the optimiser keeps.
            unsafe { std::ptr::write_volatile(b, 0) };
        }
    }
}

impl DbKey {
    /// A fresh random key from the operating system's generator.
    pub fn generate() -> Result<DbKey> {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k).map_err(|e| Error::Internal(format!("no random numbers: {e}")))?;
        Ok(DbKey(k))
    }

    pub fn from_bytes(bytes: [u8; 32]) -> DbKey {
        DbKey(bytes)
    }

    /// The value for `PRAGMA key`: a blob literal, so SQLCipher uses the key as given (no PBKDF2).
    pub fn pragma_value(&self) -> String {
        format!("\"x'{}'\"", hex(&self.0))
    }

    /// The recovery key as the administrator writes it down: 64 hex digits in eight groups of eight.
    pub fn recovery_text(&self) -> String {
        let h = hex(&self.0);
        h.as_bytes().chunks(8).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join("-")
    }

    /// Reads a recovery key (or a key file's contents): hex digits, with any dashes, spaces or line breaks.
    pub fn from_recovery_text(text: &str) -> Result<DbKey> {
        let digits: String = text.chars().filter(|c| !matches!(c, '-' | ' ' | '\n' | '\r' | '\t')).collect();
        if digits.len() != 64 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::validation(
                "key",
                "is not a recovery key: expected 64 hexadecimal digits (dashes and spaces allowed)",
            ));
        }
        let mut k = [0u8; 32];
        for (i, b) in k.iter_mut().enumerate() {
            *b = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).map_err(|e| Error::Internal(e.to_string()))?;
        }
        Ok(DbKey(k))
    }

    fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// argon2id cost for deriving a slot's key from a password: OWASP Password Storage Cheat Sheet's first
/// recommended configuration (m = 19 MiB, t = 2, p = 1). About 50 ms in a release build here.
pub const KDF_MEMORY_KIB: u32 = 19 * 1024;
pub const KDF_ITERATIONS: u32 = 2;
pub const KDF_LANES: u32 = 1;

/// When repeated wrong passwords lock a slot: after `free_attempts` failures in a row the slot is locked for
/// `first_lock_seconds`, doubling with each further failure up to `max_lock_seconds`. POLICY (a council may
/// follow its own password policy); the defaults are the NCSC's advice to throttle rather than lock for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub free_attempts: u32,
    pub first_lock_seconds: i64,
    pub max_lock_seconds: i64,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy { free_attempts: 5, first_lock_seconds: 30, max_lock_seconds: 15 * 60 }
    }
}

impl LockoutPolicy {
    /// How long the slot is locked after `failures` wrong passwords in a row (zero while attempts are free).
    pub fn lock_for(&self, failures: u32) -> Duration {
        if failures < self.free_attempts {
            return Duration::zero();
        }
        let doublings = (failures - self.free_attempts).min(20);
        Duration::seconds((self.first_lock_seconds << doublings).min(self.max_lock_seconds))
    }
}

/// The slots file beside a database: `<database>.keys`.
pub fn slots_path(db_path: &Path) -> PathBuf {
    let mut name = db_path.as_os_str().to_owned();
    name.push(".keys");
    PathBuf::from(name)
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct SlotsFile {
    version: u32,
    slots: Vec<Slot>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Slot {
    user_id: String,
    username: String,
    /// argon2id salt, base64
    salt: String,
    memory_kib: u32,
    iterations: u32,
    lanes: u32,
    /// ChaCha20-Poly1305 nonce and the sealed database key, base64
    nonce: String,
    sealed: String,
    #[serde(default)]
    failures: u32,
    #[serde(default)]
    locked_until: Option<DateTime<Utc>>,
}

/// The key slots of one database.
#[derive(Debug)]
pub struct KeySlots {
    path: PathBuf,
    file: SlotsFile,
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| Error::Internal(format!("no random numbers: {e}")))?;
    Ok(b)
}

fn derive(password: &str, salt: &[u8], memory_kib: u32, iterations: u32, lanes: u32) -> Result<[u8; 32]> {
    let params = Params::new(memory_kib, iterations, lanes, Some(32)).map_err(|e| Error::Internal(e.to_string()))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, &mut out)
        .map_err(|e| Error::Internal(format!("argon2: {e}")))?;
    Ok(out)
}

fn associated_data(user_id: &str, username: &str) -> Vec<u8> {
    format!("recovery-desk key slot v1\n{user_id}\n{username}").into_bytes()
}

impl Slot {
    fn seal(user_id: &str, username: &str, password: &str, key: &DbKey) -> Result<Slot> {
        let salt: [u8; 16] = random()?;
        let nonce: [u8; 12] = random()?;
        let kek = derive(password, &salt, KDF_MEMORY_KIB, KDF_ITERATIONS, KDF_LANES)?;
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&kek));
        let aad = associated_data(user_id, username);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: key.bytes(), aad: &aad })
            .map_err(|_| Error::Internal("could not seal the database key".into()))?;
        Ok(Slot {
            user_id: user_id.into(),
            username: username.into(),
            salt: b64().encode(salt),
            memory_kib: KDF_MEMORY_KIB,
            iterations: KDF_ITERATIONS,
            lanes: KDF_LANES,
            nonce: b64().encode(nonce),
            sealed: b64().encode(sealed),
            failures: 0,
            locked_until: None,
        })
    }

    /// The database key, or None when the password is wrong.
    fn open(&self, password: &str) -> Result<Option<DbKey>> {
        let bad = |what: &str| Error::Internal(format!("the key slot of {} is damaged ({what})", self.username));
        let salt = b64().decode(&self.salt).map_err(|_| bad("salt"))?;
        let nonce = b64().decode(&self.nonce).map_err(|_| bad("nonce"))?;
        let sealed = b64().decode(&self.sealed).map_err(|_| bad("sealed key"))?;
        if nonce.len() != 12 {
            return Err(bad("nonce"));
        }
        let kek = derive(password, &salt, self.memory_kib, self.iterations, self.lanes)?;
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&kek));
        let aad = associated_data(&self.user_id, &self.username);
        match cipher.decrypt(Nonce::from_slice(&nonce), Payload { msg: &sealed, aad: &aad }) {
            Ok(bytes) => {
                let k: [u8; 32] = bytes.try_into().map_err(|_| bad("key length"))?;
                Ok(Some(DbKey(k)))
            }
            Err(_) => Ok(None),
        }
    }
}

/// Who a slot opened for.
#[derive(Debug)]
pub struct Unlocked {
    pub key: DbKey,
    pub user_id: String,
    /// Wrong passwords given for this user since their last sign-in (recorded in the audit at sign-in).
    pub failures_before: u32,
}

impl KeySlots {
    /// The slots file of a database, if it has one (a database without one is plain, or has lost its slots:
    /// the recovery key still opens it).
    pub fn load(db_path: &Path) -> Result<Option<KeySlots>> {
        let path = slots_path(db_path);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let file: SlotsFile = serde_json::from_str(&text)
            .map_err(|e| Error::validation(path.display().to_string(), format!("is not a key slots file: {e}")))?;
        Ok(Some(KeySlots { path, file }))
    }

    /// The slots file of a database, or an empty one to add the first slot to.
    pub fn load_or_new(db_path: &Path) -> Result<KeySlots> {
        Ok(KeySlots::load(db_path)?.unwrap_or_else(|| KeySlots::new_for(db_path)))
    }

    /// An empty slots file for a new database (written by the first `set`).
    pub fn new_for(db_path: &Path) -> KeySlots {
        KeySlots { path: slots_path(db_path), file: SlotsFile { version: 1, slots: Vec::new() } }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn has_slot(&self, username: &str) -> bool {
        self.file.slots.iter().any(|s| s.username == username)
    }

    pub fn usernames(&self) -> Vec<String> {
        self.file.slots.iter().map(|s| s.username.clone()).collect()
    }

    /// Opens `username`'s slot with `password`. A wrong password counts towards the lock-out; a right one
    /// clears the count. Both are saved before returning.
    pub fn unlock(
        &mut self,
        username: &str,
        password: &str,
        now: DateTime<Utc>,
        policy: LockoutPolicy,
    ) -> Result<Unlocked> {
        let wrong = || Error::SignIn("the username or password is not right".into());
        let Some(i) = self.file.slots.iter().position(|s| s.username == username) else {
            // Same words and about the same time as a wrong password: an unknown name is not revealed.
            let _ = derive(password, b"recovery-desk-unknown-user", KDF_MEMORY_KIB, KDF_ITERATIONS, KDF_LANES);
            return Err(wrong());
        };
        if let Some(until) = self.file.slots[i].locked_until.filter(|u| *u > now) {
            let secs = (until - now).num_seconds().max(1);
            return Err(Error::SignIn(format!(
                "too many wrong passwords: try again in {} (at {} UTC)",
                if secs >= 120 { format!("{} minutes", (secs + 59) / 60) } else { format!("{secs} seconds") },
                until.format("%H:%M:%S")
            )));
        }
        match self.file.slots[i].open(password)? {
            Some(key) => {
                let slot = &mut self.file.slots[i];
                let user_id = slot.user_id.clone();
                let failures_before = slot.failures;
                if slot.failures != 0 || slot.locked_until.is_some() {
                    slot.failures = 0;
                    slot.locked_until = None;
                    self.save()?;
                }
                Ok(Unlocked { key, user_id, failures_before })
            }
            None => {
                let slot = &mut self.file.slots[i];
                slot.failures += 1;
                let lock = policy.lock_for(slot.failures);
                slot.locked_until = (lock > Duration::zero()).then(|| now + lock);
                self.save()?;
                Err(wrong())
            }
        }
    }

    /// Adds (or replaces) `username`'s slot holding `key`, sealed with `password`, and saves the file.
    pub fn set(&mut self, user_id: &str, username: &str, password: &str, key: &DbKey) -> Result<()> {
        let slot = Slot::seal(user_id, username, password, key)?;
        self.file.slots.retain(|s| s.username != username && s.user_id != user_id);
        self.file.slots.push(slot);
        self.save()
    }

    /// Removes a user's slot (a disabled user can no longer open the database).
    pub fn remove(&mut self, user_id: &str) -> Result<bool> {
        let before = self.file.slots.len();
        self.file.slots.retain(|s| s.user_id != user_id);
        let removed = self.file.slots.len() != before;
        if removed {
            self.save()?;
        }
        Ok(removed)
    }

    /// Written beside and renamed: a crash never leaves half a slots file.
    fn save(&self) -> Result<()> {
        let text = serde_json::to_string_pretty(&self.file).map_err(|e| Error::Internal(e.to_string()))?;
        let partial = self.path.with_extension("keys.partial");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        // Readable by its owner only: the slots are sealed, but a copy is an offline guessing target.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        std::io::Write::write_all(&mut options.open(&partial)?, text.as_bytes())?;
        std::fs::rename(&partial, &self.path)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_recovery_key_reads_back_with_or_without_its_dashes() {
        let k = DbKey::from_bytes([0xab; 32]);
        let text = k.recovery_text();
        assert_eq!(text.len(), 64 + 7);
        assert_eq!(&text[..9], "abababab-");
        assert_eq!(DbKey::from_recovery_text(&text).unwrap(), k);
        assert_eq!(DbKey::from_recovery_text(&text.replace('-', "")).unwrap(), k);
        let e = DbKey::from_recovery_text("abc").unwrap_err();
        assert!(e.to_string().starts_with("key: is not a recovery key"), "{e}");
    }

    #[test]
    fn a_slot_opens_with_its_password_only_and_locks_after_five_wrong_ones() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let key = DbKey::generate().unwrap();
        let mut slots = KeySlots::new_for(&db);
        slots.set("u1", "a.officer", "correct horse", &key).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(slots.path()).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let policy = LockoutPolicy::default();
        let mut slots = KeySlots::load(&db).unwrap().unwrap();
        assert_eq!(slots.unlock("a.officer", "correct horse", now, policy).unwrap().key, key);
        for _ in 0..4 {
            assert_eq!(slots.unlock("a.officer", "wrong", now, policy).unwrap_err().code(), "sign_in");
        }
        // The fifth wrong password locks the slot for 30 seconds: even the right one waits.
        slots.unlock("a.officer", "wrong", now, policy).unwrap_err();
        let locked = slots.unlock("a.officer", "correct horse", now, policy).unwrap_err();
        assert_eq!(locked.to_string(), "too many wrong passwords: try again in 30 seconds (at 09:00:30 UTC)");
        // The count survives a restart (it is in the file) and the right password clears it after the wait.
        let mut again = KeySlots::load(&db).unwrap().unwrap();
        assert!(again.unlock("a.officer", "correct horse", now + Duration::seconds(10), policy).is_err());
        assert!(again.unlock("a.officer", "correct horse", now + Duration::seconds(31), policy).is_ok());
        assert_eq!(policy.lock_for(6), Duration::seconds(60));
        assert_eq!(policy.lock_for(30), Duration::seconds(900));
    }

    #[test]
    fn a_slot_relabelled_as_another_user_does_not_open() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let key = DbKey::generate().unwrap();
        let mut slots = KeySlots::new_for(&db);
        slots.set("u1", "a.officer", "pw-officer", &key).unwrap();
        let text = std::fs::read_to_string(slots.path()).unwrap().replace("a.officer", "team.leader");
        std::fs::write(slots.path(), text).unwrap();
        let mut forged = KeySlots::load(&db).unwrap().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        assert!(forged.unlock("team.leader", "pw-officer", now, LockoutPolicy::default()).is_err());
    }
}
