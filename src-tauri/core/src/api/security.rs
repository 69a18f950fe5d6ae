//! Signing in and the users who may (issue 9): first-run set-up of an encrypted database and its administrator,
//! sign-in through a key slot, sign-out, changing one's password, and the administrator's user management.
//! How the key is kept is in `db::key`; what each role may do in `access`.

use crate::access::{Permission, UserRole};
use crate::db::key::{KeySlots, LockoutPolicy};
use crate::db::users::{self, User};
use crate::db::{self, audit, new_id, Ctx, Db, DbKey};
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::Path;

/// The shortest password accepted: NCSC password guidance favours length over complexity rules. POLICY.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// The demo database's password for every demo user (README; `make run` prints it). Never for real data.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

/// The demo's administrator and processing officer, beside the team `generate_demo` adds.
pub const DEMO_SIGN_IN_USERS: [(&str, &str, &str, UserRole); 2] = [
    ("01900000-0000-7000-8000-000000000004", "admin", "Sam Taylor", UserRole::Admin),
    ("01900000-0000-7000-8000-000000000005", "p.processing", "Jordan Lee", UserRole::Processing),
];

/// Who is signed in, as the shell holds it and the screens show it.
#[derive(Clone, Debug, Serialize)]
pub struct Session {
    pub user_id: String,
    pub username: String,
    pub display_name: String,
    pub role: UserRole,
    pub role_title: &'static str,
    pub must_change_password: bool,
    /// Minutes without input before the app locks.
    pub idle_lock_minutes: u32,
}

impl Session {
    pub fn ctx(&self, now: DateTime<Utc>, today: NaiveDate) -> Ctx {
        Ctx::signed_in(self.user_id.clone(), self.role, now, today)
    }
}

/// What the shell finds at start: nothing yet (first-run set-up), an encrypted database with users (sign in),
/// or a plain database (made by a script; the app refuses to use it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseState {
    NeedsSetUp,
    SignIn,
    Plain,
}

pub fn database_state(path: &Path) -> Result<DatabaseState> {
    if !path.exists() {
        return Ok(DatabaseState::NeedsSetUp);
    }
    if KeySlots::load(path)?.is_some() {
        return Ok(DatabaseState::SignIn);
    }
    Ok(if db::plain_header(path)? { DatabaseState::Plain } else { DatabaseState::SignIn })
}

fn check_password(field: &str, password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::validation(field, format!("must be at least {MIN_PASSWORD_CHARS} characters")));
    }
    Ok(())
}

fn check_username(username: &str) -> Result<()> {
    let ok = !username.is_empty()
        && username.len() <= 40
        && username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if !ok {
        return Err(Error::validation(
            "username",
            "use lower-case letters, digits, dots, dashes or underscores (at most 40)",
        ));
    }
    Ok(())
}

fn security(conn: &rusqlite::Connection) -> Result<SecuritySettings> {
    Ok(db::settings::get(conn, SETTINGS_KEY)?.unwrap_or_default())
}

fn session(conn: &rusqlite::Connection, u: &User) -> Result<Session> {
    Ok(Session {
        user_id: u.id.clone(),
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        role_title: u.role.title(),
        must_change_password: u.must_change_password,
        idle_lock_minutes: security(conn)?.idle_lock_minutes,
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetUpInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
}

/// A new database, its administrator signed in, and the recovery key to write down (shown once).
pub struct SetUp {
    pub db: Db,
    pub session: Session,
    pub recovery_key: String,
}

/// First-run set-up: creates the encrypted database at `path` with a new random key, the administrator's
/// user and key slot. Refuses a path that already holds a database.
pub fn set_up(path: &Path, ctx: &Ctx, input: SetUpInput) -> Result<SetUp> {
    check_username(input.username.trim())?;
    if input.display_name.trim().is_empty() {
        return Err(Error::validation("displayName", "is required"));
    }
    check_password("password", &input.password)?;
    let users =
        [(new_id(ctx), input.username.trim().to_string(), input.display_name.trim().to_string(), UserRole::Admin)];
    let (db, key) = create_encrypted(path, ctx, &users, &input.password)?;
    let session =
        db.read(|tx| session(tx, &users::get(tx, &users[0].0)?.ok_or_else(|| Error::NotFound("user".into()))?))?;
    Ok(SetUp { db, session, recovery_key: key.recovery_text() })
}

/// The demo database the app makes on first start: encrypted, with the demo caseload, and a key slot for each
/// demo user (the team `generate_demo` adds, an administrator and a processing officer), every one with
/// [`DEMO_PASSWORD`]. Returns the database and its recovery key.
pub fn set_up_demo(path: &Path, ctx: &Ctx, options: super::DemoOptions) -> Result<(Db, String)> {
    let extra: Vec<_> =
        DEMO_SIGN_IN_USERS.iter().map(|(id, u, n, r)| (id.to_string(), u.to_string(), n.to_string(), *r)).collect();
    let (db, key) = create_encrypted(path, ctx, &extra, DEMO_PASSWORD)?;
    super::generate_demo(&db, ctx, options)?;
    let mut slots = KeySlots::load_or_new(path)?;
    for u in db.read(|tx| users::all(tx))? {
        if !slots.has_slot(&u.username) {
            slots.set(&u.id, &u.username, DEMO_PASSWORD, &key)?;
        }
    }
    Ok((db, key.recovery_text()))
}

fn create_encrypted(
    path: &Path,
    ctx: &Ctx,
    new_users: &[(String, String, String, UserRole)],
    password: &str,
) -> Result<(Db, DbKey)> {
    if path.exists() || KeySlots::load(path)?.is_some() {
        return Err(Error::Conflict(format!("{} already exists: sign in to it instead", path.display())));
    }
    let key = DbKey::generate()?;
    let db = super::open_with_key(path, Some(&key), ctx)?;
    db.write(|tx| {
        for (id, username, name, role) in new_users {
            let u = User {
                id: id.clone(),
                username: username.clone(),
                display_name: name.clone(),
                role: *role,
                disabled_at: None,
                must_change_password: false,
            };
            users::insert(tx, ctx, &u)?;
            audit::record(
                tx,
                ctx,
                "user_added",
                "user",
                &u.id,
                None,
                None,
                json!({"role": role.as_str(), "set_up": true}),
            )?;
        }
        Ok(())
    })?;
    let mut slots = KeySlots::new_for(path);
    for (id, username, _, _) in new_users {
        slots.set(id, username, password, &key)?;
    }
    Ok((db, key))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignInInput {
    pub username: String,
    pub password: String,
}

/// Signs in: opens the user's key slot with the password (wrong ones count towards a lock-out), opens the
/// database with the key, and checks the user is still enabled. The sign-in, and any wrong passwords before
/// it, go in the audit log.
pub fn sign_in(path: &Path, input: SignInInput, now: DateTime<Utc>, today: NaiveDate) -> Result<(Db, Session)> {
    let username = input.username.trim();
    let mut slots = KeySlots::load(path)?.ok_or_else(|| {
        Error::SignIn(format!("{} has no users to sign in with (set it up, or use the recovery key)", path.display()))
    })?;
    let unlocked = slots.unlock(username, &input.password, now, LockoutPolicy::default())?;
    let opening = Ctx::new(unlocked.user_id.clone(), now, today);
    let db = super::open_with_key(path, Some(&unlocked.key), &opening)?;
    let user = db
        .read(|tx| users::get(tx, &unlocked.user_id))?
        .filter(|u| u.disabled_at.is_none())
        .ok_or_else(|| Error::SignIn("this user is disabled: ask an administrator".into()))?;
    let ctx = Ctx::signed_in(user.id.clone(), user.role, now, today);
    let session = db.write(|tx| {
        audit::record(
            tx,
            &ctx,
            "signed_in",
            "user",
            &user.id,
            None,
            None,
            json!({"failed_attempts_before": unlocked.failures_before}),
        )?;
        session(tx, &user)
    })?;
    Ok((db, session))
}

/// Signs out or locks: the shell then forgets the database and its key. Recorded in the audit log.
pub fn sign_out(db: &Db, ctx: &Ctx, reason: &str) -> Result<()> {
    db.write(|tx| audit::record(tx, ctx, "signed_out", "user", &ctx.user_id, None, None, json!({"reason": reason})))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the signed-in user's password: the database key is sealed again under the new one (the database
/// itself is not rewritten).
pub fn change_password(db: &Db, ctx: &Ctx, input: ChangePasswordInput) -> Result<Session> {
    check_password("newPassword", &input.new_password)?;
    if input.new_password == input.current_password {
        return Err(Error::validation("newPassword", "must differ from the current password"));
    }
    let user = db.read(|tx| users::get(tx, &ctx.user_id))?.ok_or_else(|| Error::NotFound("your user".into()))?;
    let (key, mut slots) = key_and_slots(db)?;
    slots.unlock(&user.username, &input.current_password, ctx.now, LockoutPolicy::default()).map_err(|e| match e {
        Error::SignIn(m) if m.starts_with("the username") => {
            Error::validation("currentPassword", "is not your current password")
        }
        other => other,
    })?;
    slots.set(&user.id, &user.username, &input.new_password, key)?;
    db.write(|tx| {
        users::set_must_change_password(tx, ctx, &user.id, false)?;
        audit::record(tx, ctx, "password_changed", "user", &user.id, None, None, json!({}))?;
        let u = users::get(tx, &user.id)?.ok_or_else(|| Error::NotFound("your user".into()))?;
        session(tx, &u)
    })
}

fn key_and_slots(db: &Db) -> Result<(&DbKey, KeySlots)> {
    let key = db.key().ok_or_else(|| Error::RuleRefused("a plain database has no passwords to change".into()))?;
    let slots = KeySlots::load_or_new(db.path())?;
    Ok((key, slots))
}

#[derive(Clone, Debug, Serialize)]
pub struct UserView {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: UserRole,
    pub role_title: &'static str,
    pub disabled: bool,
    pub must_change_password: bool,
    /// Whether the user has a key slot (can sign in on this database).
    pub can_sign_in: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoleOption {
    pub role: UserRole,
    pub title: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct UsersView {
    pub users: Vec<UserView>,
    pub roles: Vec<RoleOption>,
}

/// The Users screen (administrators).
pub fn users(db: &Db, ctx: &Ctx) -> Result<UsersView> {
    ctx.require(Permission::ManageUsers)?;
    let slots = KeySlots::load(db.path())?;
    let all = db.read(|tx| users::all(tx))?;
    Ok(UsersView {
        users: all
            .into_iter()
            .map(|u| UserView {
                can_sign_in: u.disabled_at.is_none() && slots.as_ref().is_some_and(|s| s.has_slot(&u.username)),
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                role: u.role,
                role_title: u.role.title(),
                disabled: u.disabled_at.is_some(),
                must_change_password: u.must_change_password,
            })
            .collect(),
        roles: UserRole::ALL.iter().map(|r| RoleOption { role: *r, title: r.title() }).collect(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddUserInput {
    pub username: String,
    pub display_name: String,
    pub role: UserRole,
    /// A first password the user must change at their first sign-in.
    pub password: String,
}

/// Adds a user with a first password (changed at first sign-in) and their key slot.
pub fn add_user(db: &Db, ctx: &Ctx, input: AddUserInput) -> Result<UserView> {
    ctx.require(Permission::ManageUsers)?;
    let username = input.username.trim().to_string();
    check_username(&username)?;
    if input.display_name.trim().is_empty() {
        return Err(Error::validation("displayName", "is required"));
    }
    check_password("password", &input.password)?;
    let u = User {
        id: new_id(ctx),
        username: username.clone(),
        display_name: input.display_name.trim().into(),
        role: input.role,
        disabled_at: None,
        must_change_password: true,
    };
    db.write(|tx| {
        users::insert(tx, ctx, &u)?;
        audit::record(tx, ctx, "user_added", "user", &u.id, None, None, json!({"role": u.role.as_str()}))
    })?;
    if let Some(key) = db.key() {
        let mut slots = KeySlots::load_or_new(db.path())?;
        slots.set(&u.id, &u.username, &input.password, key)?;
    }
    user_view(db, ctx, &u.id)
}

fn user_view(db: &Db, ctx: &Ctx, id: &str) -> Result<UserView> {
    users(db, ctx)?.users.into_iter().find(|u| u.id == id).ok_or_else(|| Error::NotFound(format!("user {id}")))
}

fn existing(db: &Db, id: &str) -> Result<User> {
    db.read(|tx| users::get(tx, id))?.ok_or_else(|| Error::NotFound(format!("user {id}")))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetUserRoleInput {
    pub user_id: String,
    pub role: UserRole,
}

/// Changes a user's role. The last enabled administrator keeps theirs.
pub fn set_user_role(db: &Db, ctx: &Ctx, input: SetUserRoleInput) -> Result<UserView> {
    ctx.require(Permission::ManageUsers)?;
    let u = existing(db, &input.user_id)?;
    db.write(|tx| {
        if u.role == UserRole::Admin && input.role != UserRole::Admin && users::enabled_admins(tx)? <= 1 {
            return Err(Error::RuleRefused("the last administrator keeps the role: make another first".into()));
        }
        users::set_role(tx, ctx, &u.id, input.role)?;
        audit::record(
            tx,
            ctx,
            "user_role_changed",
            "user",
            &u.id,
            None,
            None,
            json!({"from": u.role.as_str(), "to": input.role.as_str()}),
        )
    })?;
    user_view(db, ctx, &u.id)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetUserDisabledInput {
    pub user_id: String,
    pub disabled: bool,
    /// A new first password, required when enabling again (the old key slot was removed).
    #[serde(default)]
    pub password: Option<String>,
}

/// Disables a user (their key slot is removed: they can no longer open the database) or enables them again
/// with a new first password.
pub fn set_user_disabled(db: &Db, ctx: &Ctx, input: SetUserDisabledInput) -> Result<UserView> {
    ctx.require(Permission::ManageUsers)?;
    let u = existing(db, &input.user_id)?;
    if input.disabled && u.id == ctx.user_id {
        return Err(Error::RuleRefused("you cannot disable yourself".into()));
    }
    let password = if input.disabled {
        None
    } else {
        let p = input.password.clone().ok_or_else(|| Error::validation("password", "is required to enable a user"))?;
        check_password("password", &p)?;
        Some(p)
    };
    db.write(|tx| {
        if input.disabled && u.role == UserRole::Admin && u.disabled_at.is_none() && users::enabled_admins(tx)? <= 1 {
            return Err(Error::RuleRefused("the last administrator cannot be disabled".into()));
        }
        users::set_disabled(tx, ctx, &u.id, input.disabled)?;
        if !input.disabled {
            users::set_must_change_password(tx, ctx, &u.id, true)?;
        }
        let action = if input.disabled { "user_disabled" } else { "user_enabled" };
        audit::record(tx, ctx, action, "user", &u.id, None, None, json!({}))
    })?;
    if let Some(key) = db.key() {
        let mut slots = KeySlots::load_or_new(db.path())?;
        match password {
            None => {
                slots.remove(&u.id)?;
            }
            Some(p) => slots.set(&u.id, &u.username, &p, key)?,
        }
    }
    user_view(db, ctx, &u.id)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetPasswordInput {
    pub user_id: String,
    pub new_password: String,
}

/// An administrator sets a new first password for a user who forgot theirs (changed at their next sign-in).
pub fn reset_password(db: &Db, ctx: &Ctx, input: ResetPasswordInput) -> Result<UserView> {
    ctx.require(Permission::ManageUsers)?;
    check_password("newPassword", &input.new_password)?;
    let u = existing(db, &input.user_id)?;
    if u.disabled_at.is_some() {
        return Err(Error::RuleRefused(format!("{} is disabled: enable them with a new password", u.username)));
    }
    let (key, mut slots) = key_and_slots(db)?;
    slots.set(&u.id, &u.username, &input.new_password, key)?;
    db.write(|tx| {
        users::set_must_change_password(tx, ctx, &u.id, true)?;
        audit::record(tx, ctx, "password_reset", "user", &u.id, None, None, json!({}))
    })?;
    user_view(db, ctx, &u.id)
}

/// The role of the user with this username, if they are an enabled user of the database (the CLI's `--user`).
pub fn user_role(db: &Db, username: &str) -> Result<Option<UserRole>> {
    Ok(db.read(|tx| users::by_username(tx, username))?.filter(|u| u.disabled_at.is_none()).map(|u| u.role))
}

/// Encrypts a plain database into a new file (SQLCipher's `sqlcipher_export`), for a caseload made by a
/// script or an older version (CLI `encrypt`). The plain file is left as it was: delete it once the encrypted
/// one is checked. Written beside and renamed, so a half-written copy is never left under the new name.
pub fn encrypt_database(plain: &Path, encrypted: &Path, key: &DbKey) -> Result<()> {
    if encrypted.exists() {
        return Err(Error::Conflict(format!("{} already exists", encrypted.display())));
    }
    if database_state(plain)? != DatabaseState::Plain {
        return Err(Error::validation(plain.display().to_string(), "is not a plain Recovery Desk database"));
    }
    let mut partial = encrypted.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let _ = std::fs::remove_file(&partial);
    db::export_encrypted(plain, &partial, key)?;
    std::fs::rename(&partial, encrypted)?;
    Ok(())
}

/// The settings key of [`SecuritySettings`].
const SETTINGS_KEY: &str = "security";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecuritySettings {
    /// Minutes without keyboard or mouse input before the app locks (1 to 60). POLICY: 10 by default.
    pub idle_lock_minutes: u32,
}

impl Default for SecuritySettings {
    fn default() -> Self {
        SecuritySettings { idle_lock_minutes: 10 }
    }
}

pub fn security_settings(db: &Db) -> Result<SecuritySettings> {
    db.read(|tx| security(tx))
}

pub fn save_security_settings(db: &Db, ctx: &Ctx, input: SecuritySettings) -> Result<SecuritySettings> {
    ctx.require(Permission::ManageUsers)?;
    if !(1..=60).contains(&input.idle_lock_minutes) {
        return Err(Error::validation("idleLockMinutes", "must be between 1 and 60 minutes"));
    }
    db.write(|tx| {
        db::settings::put(tx, ctx, SETTINGS_KEY, &input)?;
        audit::record(
            tx,
            ctx,
            "settings_saved",
            "settings",
            SETTINGS_KEY,
            None,
            None,
            json!({"idle_lock_minutes": input.idle_lock_minutes}),
        )
    })?;
    Ok(input)
}

/// The recovery path when every password is lost: the administrator's recovery key opens the database and
/// sets a new first password for `username` (CLI `users reset-password --key-file`).
pub fn reset_password_with_recovery_key(
    path: &Path,
    key: &DbKey,
    ctx: &Ctx,
    username: &str,
    new_password: &str,
) -> Result<()> {
    check_password("newPassword", new_password)?;
    let db = super::open_with_key(path, Some(key), ctx)?;
    let u =
        db.read(|tx| users::by_username(tx, username))?.ok_or_else(|| Error::NotFound(format!("user {username}")))?;
    let mut slots = KeySlots::load_or_new(path)?;
    slots.set(&u.id, &u.username, new_password, key)?;
    db.write(|tx| {
        users::set_disabled(tx, ctx, &u.id, false)?;
        users::set_must_change_password(tx, ctx, &u.id, true)?;
        audit::record(tx, ctx, "password_reset", "user", &u.id, None, None, json!({"with": "recovery_key"}))
    })
}
