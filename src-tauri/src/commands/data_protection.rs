//! Settings → Data protection (issue 9): backups (the settings, a backup now into the settings' folder, a
//! restore that signs everyone out first), the retention schedule with its preview and anonymisation run,
//! legal holds, and a person's subject access export (JSON and PDF in the signed-in files folder). The core
//! checks every role (`forbidden`); these only find the paths.

use super::CmdResult;
use crate::AppState;
use recovery_core::access::Permission;
use recovery_core::api::{
    self, BackupSettings, BackupSettingsInput, BackupView, LegalHoldInput, LegalHoldView, ReleaseLegalHoldInput,
    RestoreView, RetentionPreview, RetentionRuleInput, RetentionRuleView, RetentionRunView, RunRetentionInput, SarView,
};
use recovery_core::Error;
use serde::Deserialize;
use std::path::Path;
use tauri::State;

#[tauri::command(async)]
pub fn backup_settings(state: State<'_, AppState>) -> CmdResult<BackupSettings> {
    Ok(api::backup_settings(&*state.db()?, &state.ctx()?)?)
}

#[tauri::command(async)]
pub fn save_backup_settings(state: State<'_, AppState>, input: BackupSettingsInput) -> CmdResult<BackupSettings> {
    Ok(api::save_backup_settings(&*state.db()?, &state.ctx()?, input)?)
}

/// A backup now into the folder of the backup settings, rotated to their `keep`.
#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> CmdResult<BackupView> {
    let (db, ctx) = (state.db()?, state.ctx()?);
    let settings = api::backup_settings(&db, &ctx)?;
    let folder = settings.folder.ok_or_else(|| Error::validation("folder", "choose a folder for backups first"))?;
    Ok(api::backup_now(&db, &ctx, Path::new(&folder), None)?)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RestoreBackupInput {
    /// The whole path of a backup file (`recovery-desk-YYYYMMDD-HHMMSS.db`).
    file: String,
}

/// Restores a backup over the live database. Whoever is signed in is signed out first (the database must not
/// be open while it is replaced), under the key of the database that was open; the UI then reloads to sign-in.
/// The role and the backup itself are checked before anyone is signed out, so a refusal leaves the app as it was.
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, input: RestoreBackupInput) -> CmdResult<RestoreView> {
    let file = Path::new(input.file.trim());
    if !file.is_absolute() {
        return Err(Error::validation("file", "give the whole path of the backup file").into());
    }
    if !file.is_file() {
        return Err(Error::validation("file", "there is no file at that path").into());
    }
    let ctx = state.ctx()?;
    ctx.require(Permission::Backups)?;
    let key = state.db()?.key().cloned();
    recovery_core::db::backup::check_backup(file, key.as_ref(), file)?;
    state.leave("restore")?;
    Ok(api::restore_backup(&ctx, file, &state.db_path, key.as_ref())?)
}

#[tauri::command(async)]
pub fn retention_schedule(state: State<'_, AppState>) -> CmdResult<Vec<RetentionRuleView>> {
    Ok(api::retention_schedule(&*state.db()?, &state.ctx()?)?)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SaveRetentionScheduleInput {
    rules: Vec<RetentionRuleInput>,
}

#[tauri::command(async)]
pub fn save_retention_schedule(
    state: State<'_, AppState>,
    input: SaveRetentionScheduleInput,
) -> CmdResult<Vec<RetentionRuleView>> {
    Ok(api::save_retention_schedule(&*state.db()?, &state.ctx()?, input.rules)?)
}

#[tauri::command(async)]
pub fn preview_retention(state: State<'_, AppState>) -> CmdResult<RetentionPreview> {
    Ok(api::preview_retention(&*state.db()?, &state.ctx()?)?)
}

#[tauri::command(async)]
pub fn run_retention(state: State<'_, AppState>, input: RunRetentionInput) -> CmdResult<RetentionRunView> {
    Ok(api::run_retention(&*state.db()?, &state.ctx()?, input)?)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LegalHoldsInput {
    /// One person's holds (all of them); absent: every hold in force.
    #[serde(default)]
    party_id: Option<String>,
}

#[tauri::command(async)]
pub fn legal_holds(state: State<'_, AppState>, input: LegalHoldsInput) -> CmdResult<Vec<LegalHoldView>> {
    Ok(api::legal_holds(&*state.db()?, &state.ctx()?, input.party_id.as_deref())?)
}

#[tauri::command(async)]
pub fn place_legal_hold(state: State<'_, AppState>, input: LegalHoldInput) -> CmdResult<LegalHoldView> {
    Ok(api::place_legal_hold(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn release_legal_hold(state: State<'_, AppState>, input: ReleaseLegalHoldInput) -> CmdResult<LegalHoldView> {
    Ok(api::release_legal_hold(&*state.db()?, &state.ctx()?, input)?)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubjectAccessInput {
    party_id: String,
}

/// Everything held about a person as JSON and PDF, in the signed-in files' `subject-access` folder (removed at
/// sign-out: the officer copies them to where the request is answered from).
#[tauri::command(async)]
pub fn subject_access_export(state: State<'_, AppState>, input: SubjectAccessInput) -> CmdResult<SarView> {
    let out_dir = state.data_dir.join("subject-access");
    Ok(api::subject_access_export(&*state.db()?, &state.ctx()?, &input.party_id, &out_dir)?)
}
