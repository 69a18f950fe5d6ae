//! Commands about the app itself: who is signed in, today's date, the council profile.

use super::CmdResult;
use crate::AppState;
use recovery_core::api::{self, Counts};
use recovery_core::db::settings::CouncilProfile;
use serde::Serialize;
use tauri::State;

#[derive(Serialize)]
pub struct AppInfo {
    version: &'static str,
    user_name: String,
    today: String,
    db_path: String,
    counts: Counts,
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let ctx = state.ctx()?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        user_name: state.session().map(|s| s.username).unwrap_or_default(),
        today: ctx.today.to_string(),
        db_path: state.db()?.path().display().to_string(),
        counts: api::counts(&*state.db()?)?,
    })
}

#[tauri::command(async)]
pub fn council_profile(state: State<'_, AppState>) -> CmdResult<CouncilProfile> {
    Ok(api::council_profile(&*state.db()?)?)
}
