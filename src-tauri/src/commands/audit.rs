//! The Audit log screen (Settings → Audit log, issue 9): the log a page at a time with its filters, and the
//! CSV export written to the data directory's `audit-exports` folder. The core refuses (`forbidden`) a role
//! that may not read the log.

use super::letters::{data_dir, write_file};
use super::CmdResult;
use crate::AppState;
use recovery_core::api::{self, AuditFilters, AuditPage, AuditQuery};
use recovery_core::Error;
use serde::Serialize;
use tauri::State;

#[tauri::command(async)]
pub fn audit_log(state: State<'_, AppState>, input: AuditQuery) -> CmdResult<AuditPage> {
    Ok(api::audit_log(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn audit_filters(state: State<'_, AppState>) -> CmdResult<AuditFilters> {
    Ok(api::audit_filters(&*state.db()?, &state.ctx()?)?)
}

#[derive(Serialize)]
pub struct AuditExport {
    path: String,
}

/// Writes every row that matches the filters as CSV to `audit-exports/audit-log-<instant>.csv`.
#[tauri::command(async)]
pub fn export_audit_csv(state: State<'_, AppState>, input: AuditQuery) -> CmdResult<AuditExport> {
    let ctx = state.ctx()?;
    let csv = api::audit_log_csv(&*state.db()?, &ctx, input)?;
    let dir = data_dir(&state).join("audit-exports");
    std::fs::create_dir_all(&dir).map_err(Error::from)?;
    let path = dir.join(format!("audit-log-{}.csv", ctx.now.format("%Y-%m-%dT%H%M%SZ")));
    write_file(&path, csv.as_bytes())?;
    Ok(AuditExport { path: path.display().to_string() })
}
