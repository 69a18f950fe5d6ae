//! The search box.

use super::CmdResult;
use crate::AppState;
use recovery_core::api::{self, SearchInput};
use recovery_core::db::search::SearchHit;
use tauri::State;

#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, input: SearchInput) -> CmdResult<Vec<SearchHit>> {
    Ok(api::search(&*state.db()?, input)?)
}
