//! The income and expenditure screen (issue 6): the SFS form's categories, the overview as it is typed, saving
//! and reading statements and their history, SFS import (the UI passes the chosen file's text) and export (the
//! JSON text, which the UI offers as a download), the printable summary (PDF bytes as a raw IPC response), the
//! council's I&E settings and spending guidelines, and the calculators the arrangement planner uses.

use super::CmdResult;
use crate::AppState;
use recovery_core::api::{
    self, ComputeIncomeExpenditureInput, ExportSfsInput, ImportSfsInput, ImportedSfs, IncomeExpenditureCatalogue,
    IncomeExpenditureSettings, IncomeExpenditureView, LoadGuidelinesInput, LoadedGuidelines, NewStatement,
    OfferFeasibilityInput, PartyInput, ProRataInput, SaveIncomeExpenditureInput, SavedIncomeExpenditure, SfsRead,
};
use recovery_core::db::income_expenditure::{GuidelineRow, IncomeExpenditureRow};
use recovery_core::rules::affordability::{CouncilOffer, OfferFeasibility};
use recovery_core::Money;
use serde::Deserialize;
use tauri::ipc::Response;
use tauri::State;

/// Names one saved statement.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatementIdInput {
    id: String,
}

/// An SFS file's name and text, read by the UI from an `<input type=file>`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SfsFileInput {
    file_name: String,
    content: String,
}

#[tauri::command(async)]
pub fn income_expenditure_catalogue() -> IncomeExpenditureCatalogue {
    api::income_expenditure_catalogue()
}

#[tauri::command(async)]
pub fn compute_income_expenditure(
    state: State<'_, AppState>,
    input: ComputeIncomeExpenditureInput,
) -> CmdResult<IncomeExpenditureView> {
    Ok(api::compute_income_expenditure(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn new_income_expenditure(state: State<'_, AppState>, input: PartyInput) -> CmdResult<NewStatement> {
    Ok(api::new_income_expenditure(&*state.db()?, &state.ctx()?, &input.party_id)?)
}

#[tauri::command(async)]
pub fn save_income_expenditure(
    state: State<'_, AppState>,
    input: SaveIncomeExpenditureInput,
) -> CmdResult<SavedIncomeExpenditure> {
    Ok(api::save_income_expenditure(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn income_expenditure(state: State<'_, AppState>, input: StatementIdInput) -> CmdResult<SavedIncomeExpenditure> {
    Ok(api::income_expenditure(&*state.db()?, &state.ctx()?, &input.id)?)
}

#[tauri::command(async)]
pub fn income_expenditure_history(
    state: State<'_, AppState>,
    input: PartyInput,
) -> CmdResult<Vec<IncomeExpenditureRow>> {
    Ok(api::income_expenditure_history(&*state.db()?, &state.ctx()?, &input.party_id)?)
}

#[tauri::command(async)]
pub fn latest_income_expenditure(
    state: State<'_, AppState>,
    input: PartyInput,
) -> CmdResult<Option<SavedIncomeExpenditure>> {
    Ok(api::latest_income_expenditure(&*state.db()?, &state.ctx()?, &input.party_id)?)
}

#[tauri::command(async)]
pub fn income_expenditure_settings(state: State<'_, AppState>) -> CmdResult<IncomeExpenditureSettings> {
    Ok(api::income_expenditure_settings(&*state.db()?)?)
}

#[tauri::command(async)]
pub fn save_income_expenditure_settings(
    state: State<'_, AppState>,
    input: IncomeExpenditureSettings,
) -> CmdResult<IncomeExpenditureSettings> {
    Ok(api::save_income_expenditure_settings(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn load_spending_guidelines(state: State<'_, AppState>, input: LoadGuidelinesInput) -> CmdResult<LoadedGuidelines> {
    Ok(api::load_spending_guidelines(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn spending_guidelines(state: State<'_, AppState>) -> CmdResult<Vec<GuidelineRow>> {
    Ok(api::spending_guidelines(&*state.db()?)?)
}

/// Reads and validates an SFS file without saving it (the import's preview).
#[tauri::command(async)]
pub fn read_sfs(input: SfsFileInput) -> CmdResult<SfsRead> {
    Ok(api::read_sfs(&input.file_name, &input.content)?)
}

#[tauri::command(async)]
pub fn import_sfs_statement(state: State<'_, AppState>, input: ImportSfsInput) -> CmdResult<ImportedSfs> {
    Ok(api::import_sfs_statement(&*state.db()?, &state.ctx()?, input)?)
}

/// The statement as SFS JSON text; the UI offers it as a download.
#[tauri::command(async)]
pub fn export_sfs_statement(state: State<'_, AppState>, input: ExportSfsInput) -> CmdResult<String> {
    Ok(api::export_sfs_statement(&*state.db()?, &state.ctx()?, input)?)
}

/// The printable SFS summary as PDF bytes (an `ArrayBuffer` in the UI, not a JSON array of numbers).
#[tauri::command(async)]
pub fn income_expenditure_summary_pdf(state: State<'_, AppState>, input: StatementIdInput) -> CmdResult<Response> {
    Ok(Response::new(api::income_expenditure_summary_pdf(&*state.db()?, &state.ctx()?, &input.id)?))
}

#[tauri::command(async)]
pub fn calculate_pro_rata(input: ProRataInput) -> CmdResult<Vec<Money>> {
    Ok(api::calculate_pro_rata(input)?)
}

#[tauri::command(async)]
pub fn check_monthly_offer(input: OfferFeasibilityInput) -> CmdResult<OfferFeasibility> {
    Ok(api::check_monthly_offer(input)?)
}

#[tauri::command(async)]
pub fn council_affordable_offer(state: State<'_, AppState>, input: PartyInput) -> CmdResult<Option<CouncilOffer>> {
    Ok(api::council_affordable_offer(&*state.db()?, &state.ctx()?, &input.party_id)?)
}
