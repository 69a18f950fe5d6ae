//! Signing in and out, the lock, first-run set-up, one's password, and the administrator's Users screen
//! (issue 9). The database is open only while someone is signed in; locking forgets it and its key, and
//! removes the plain copies of PDFs and CSVs the app wrote for viewing and printing.

use super::CmdResult;
use crate::{AppState, SignedIn};
use recovery_core::api::{
    self, AddUserInput, ChangePasswordInput, DatabaseState, ResetPasswordInput, SecuritySettings, Session, SetUpInput,
    SetUserDisabledInput, SetUserRoleInput, SignInInput, UserView, UsersView,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tauri::State;

#[derive(Serialize)]
pub struct AppStatus {
    /// `needs_set_up`, `sign_in`, `plain` (a database the app will not use) or `signed_in`.
    state: &'static str,
    session: Option<Session>,
    db_path: String,
    /// Why the app last locked (`idle`, `sleep`, `sign_out`), while nobody is signed in.
    locked_reason: Option<String>,
}

#[tauri::command(async)]
pub fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    let db_path = state.db_path.display().to_string();
    if let Some(session) = state.session() {
        return Ok(AppStatus { state: "signed_in", session: Some(session), db_path, locked_reason: None });
    }
    let s = match api::database_state(&state.db_path)? {
        DatabaseState::NeedsSetUp => "needs_set_up",
        DatabaseState::SignIn => "sign_in",
        DatabaseState::Plain => "plain",
    };
    Ok(AppStatus { state: s, session: None, db_path, locked_reason: state.locked_reason() })
}

#[tauri::command(async)]
pub fn sign_in(state: State<'_, AppState>, input: SignInInput) -> CmdResult<Session> {
    let (now, today) = state.now_and_today();
    let (db, session) = api::sign_in(&state.db_path, input, now, today)?;
    state.enter(SignedIn { db: Arc::new(db), session: session.clone() })?;
    Ok(session)
}

#[derive(Serialize)]
pub struct SetUpView {
    session: Session,
    /// Shown once: the administrator writes it down and keeps it in the council's safe.
    recovery_key: String,
}

#[tauri::command(async)]
pub fn set_up(state: State<'_, AppState>, input: SetUpInput) -> CmdResult<SetUpView> {
    let (now, today) = state.now_and_today();
    let ctx = recovery_core::Ctx::new(input.username.trim().to_string(), now, today);
    let done = api::set_up(&state.db_path, &ctx, input)?;
    state.enter(SignedIn { db: Arc::new(done.db), session: done.session.clone() })?;
    Ok(SetUpView { session: done.session, recovery_key: done.recovery_key })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignOutInput {
    /// `sign_out`, `idle` (no input for the set minutes) or `sleep` (the computer slept).
    reason: String,
}

/// Signs out or locks: the same thing here (the database and its key are forgotten); the reason is audited.
#[tauri::command(async)]
pub fn sign_out(state: State<'_, AppState>, input: SignOutInput) -> CmdResult<()> {
    let reason = match input.reason.as_str() {
        "sign_out" | "idle" | "sleep" => input.reason,
        _ => return Err(recovery_core::Error::validation("reason", "is sign_out, idle or sleep").into()),
    };
    state.leave(&reason)?;
    Ok(())
}

#[tauri::command(async)]
pub fn change_password(state: State<'_, AppState>, input: ChangePasswordInput) -> CmdResult<Session> {
    let session = api::change_password(&*state.db()?, &state.ctx()?, input)?;
    state.refresh_session(session.clone())?;
    Ok(session)
}

#[tauri::command(async)]
pub fn users(state: State<'_, AppState>) -> CmdResult<UsersView> {
    Ok(api::users(&*state.db()?, &state.ctx()?)?)
}

#[tauri::command(async)]
pub fn add_user(state: State<'_, AppState>, input: AddUserInput) -> CmdResult<UserView> {
    Ok(api::add_user(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn set_user_role(state: State<'_, AppState>, input: SetUserRoleInput) -> CmdResult<UserView> {
    Ok(api::set_user_role(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn set_user_disabled(state: State<'_, AppState>, input: SetUserDisabledInput) -> CmdResult<UserView> {
    Ok(api::set_user_disabled(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn reset_password(state: State<'_, AppState>, input: ResetPasswordInput) -> CmdResult<UserView> {
    Ok(api::reset_password(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn security_settings(state: State<'_, AppState>) -> CmdResult<SecuritySettings> {
    Ok(api::security_settings(&*state.db()?)?)
}

#[tauri::command(async)]
pub fn save_security_settings(state: State<'_, AppState>, input: SecuritySettings) -> CmdResult<SecuritySettings> {
    let saved = api::save_security_settings(&*state.db()?, &state.ctx()?, input)?;
    if let Some(mut s) = state.session() {
        s.idle_lock_minutes = saved.idle_lock_minutes;
        state.refresh_session(s)?;
    }
    Ok(saved)
}
