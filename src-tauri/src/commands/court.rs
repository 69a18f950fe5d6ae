//! The Court screen and the Bundle builder (issue 8): hearings with the costs in force, the summons run for a
//! hearing (previewed on a background thread, polled with `recovery_job`; authorised and committed with the
//! Runs screen's commands), the day's list (refresh, marks, PDF and CSV written to the data directory's
//! `court-lists/`), outcomes in bulk, and court bundles (sections, exhibits from a file's bytes or path,
//! preview and issue written to `court-bundles/`).

use super::jobs::{JobView, Jobs};
use super::letters::{data_dir, file_name, write_file};
use super::CmdResult;
use crate::AppState;
use recovery_core::api::{
    self, AddExhibitInput, BundleIndexEntry, BundlePdf, BundleView, CourtListInput, CourtListView, EditBundleInput,
    EditHearingInput, HearingIdInput, HearingInput, HearingView, HearingsInput, MarkListingInput, OutcomesView,
    PrepareBundleInput, RecordOutcomesInput, SummonsRunInput,
};
use recovery_core::db::court::{HearingRow, MethodologyRow};
use recovery_core::Error;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use tauri::{AppHandle, Manager, State};

// Hearings.

#[tauri::command(async)]
pub fn court_hearings(state: State<'_, AppState>, input: HearingsInput) -> CmdResult<Vec<HearingRow>> {
    Ok(api::court_hearings(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn court_hearing(state: State<'_, AppState>, input: HearingIdInput) -> CmdResult<HearingView> {
    Ok(api::court_hearing(&*state.db()?, &input.hearing_id)?)
}

#[tauri::command(async)]
pub fn create_hearing(state: State<'_, AppState>, input: HearingInput) -> CmdResult<HearingView> {
    Ok(api::create_hearing(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn edit_hearing(state: State<'_, AppState>, input: EditHearingInput) -> CmdResult<HearingView> {
    Ok(api::edit_hearing(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn costs_methodologies(state: State<'_, AppState>) -> CmdResult<Vec<MethodologyRow>> {
    Ok(api::costs_methodologies(&*state.db()?)?)
}

/// Previews the summons run for a hearing on a background thread; poll `recovery_job` (outcome: `RunView`).
#[tauri::command(async)]
pub fn start_summons_preview(app: AppHandle, jobs: State<'_, Jobs>, input: SummonsRunInput) -> CmdResult<JobView> {
    let job = jobs.start("summons_preview");
    let worker = job.clone();
    let state = app.state::<AppState>();
    let (db, ctx) = (state.db()?, state.ctx()?);
    std::thread::spawn(move || {
        let result = api::preview_summons_run_with_progress(&db, &ctx, input, &mut |p| {
            worker.report(p.phase, p.done, p.total, None);
        });
        let run_id = result.as_ref().ok().map(|v| v.run.id.clone());
        worker.finish(result, run_id.as_deref());
    });
    Ok(job.view())
}

// The day's list.

#[tauri::command(async)]
pub fn court_list(state: State<'_, AppState>, input: CourtListInput) -> CmdResult<CourtListView> {
    Ok(api::court_list(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn refresh_court_list(state: State<'_, AppState>, input: HearingIdInput) -> CmdResult<CourtListView> {
    Ok(api::refresh_court_list(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn mark_listing(state: State<'_, AppState>, input: MarkListingInput) -> CmdResult<CourtListView> {
    Ok(api::mark_listing(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn record_court_outcomes(state: State<'_, AppState>, input: RecordOutcomesInput) -> CmdResult<OutcomesView> {
    Ok(api::record_court_outcomes(&*state.db()?, &state.ctx()?, input)?)
}

/// Stores the complaint list against the hearing, as sent to the court. → the document id.
#[tauri::command(async)]
pub fn issue_complaint_list(state: State<'_, AppState>, input: CourtListInput) -> CmdResult<String> {
    Ok(api::issue_complaint_list(&*state.db()?, &state.ctx()?, input)?)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportListInput {
    hearing_id: String,
    #[serde(default)]
    order: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    /// `pdf` or `csv`.
    format: String,
    /// Open the file in the system's viewer once written.
    #[serde(default)]
    open: bool,
}

#[derive(Serialize)]
pub struct SavedFile {
    path: String,
}

/// Writes a hearing's list as PDF or CSV to the data directory's `court-lists` folder (and opens it if asked).
#[tauri::command(async)]
pub fn export_court_list(state: State<'_, AppState>, input: ExportListInput) -> CmdResult<SavedFile> {
    let list = CourtListInput { hearing_id: input.hearing_id, order: input.order, kind: input.kind };
    let view = api::court_list(&*state.db()?, &state.ctx()?, list)?;
    let (bytes, ext) = match input.format.as_str() {
        "pdf" => (api::render_court_list_pdf(&view)?, "pdf"),
        "csv" => (api::render_court_list_csv(&view)?.into_bytes(), "csv"),
        other => return Err(Error::validation("format", format!("'{other}' is not one of: pdf, csv")).into()),
    };
    let kind = serde_json::to_value(view.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let name = format!("{kind}-list-{}-{}", view.reference, view.hearing.hearing_on);
    let path = save(&state, "court-lists", &name, ext, &bytes)?;
    if input.open {
        open_file(&path)?;
    }
    Ok(SavedFile { path: path.display().to_string() })
}

// Bundles.

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleIdInput {
    bundle_id: String,
    /// Open the PDF in the system's viewer (preview and issue).
    #[serde(default)]
    open: bool,
}

#[tauri::command(async)]
pub fn prepare_court_bundle(state: State<'_, AppState>, input: PrepareBundleInput) -> CmdResult<BundleView> {
    Ok(api::prepare_court_bundle(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn court_bundle(state: State<'_, AppState>, input: BundleIdInput) -> CmdResult<BundleView> {
    Ok(api::court_bundle(&*state.db()?, &state.ctx()?, &input.bundle_id)?)
}

#[tauri::command(async)]
pub fn edit_court_bundle(state: State<'_, AppState>, input: EditBundleInput) -> CmdResult<BundleView> {
    Ok(api::edit_court_bundle(&*state.db()?, &state.ctx()?, input)?)
}

/// Adds an exhibit from the file's bytes (base64), as the screen's file picker reads them.
#[tauri::command(async)]
pub fn add_bundle_exhibit(state: State<'_, AppState>, input: AddExhibitInput) -> CmdResult<BundleView> {
    Ok(api::add_bundle_exhibit(&*state.db()?, &state.ctx()?, input)?)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExhibitPathInput {
    bundle_id: String,
    title: String,
    /// A PDF on this computer.
    path: String,
}

/// Adds an exhibit from a PDF file's path on this computer.
#[tauri::command(async)]
pub fn add_bundle_exhibit_path(state: State<'_, AppState>, input: ExhibitPathInput) -> CmdResult<BundleView> {
    let path = PathBuf::from(input.path.trim());
    let bytes = std::fs::read(&path)
        .map_err(|e| Error::validation("path", format!("{} could not be read: {e}", path.display())))?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    Ok(api::add_bundle_exhibit_file(&*state.db()?, &state.ctx()?, &input.bundle_id, &input.title, &name, &bytes)?)
}

/// A bundle's PDF as written to the data directory, with its index.
#[derive(Serialize)]
pub struct BundleFile {
    title: String,
    page_count: usize,
    index: Vec<BundleIndexEntry>,
    path: String,
}

fn bundle_file(state: &AppState, built: BundlePdf, open: bool) -> Result<BundleFile, Error> {
    let path = save(state, "court-bundles", &built.title, "pdf", &built.pdf)?;
    if open {
        open_file(&path)?;
    }
    Ok(BundleFile {
        title: built.title,
        page_count: built.page_count,
        index: built.index,
        path: path.display().to_string(),
    })
}

/// The bundle as it would be issued now (nothing stored), written to `court-bundles/` and opened if asked.
#[tauri::command(async)]
pub fn preview_court_bundle(state: State<'_, AppState>, input: BundleIdInput) -> CmdResult<BundleFile> {
    let built = api::court_bundle_pdf(&*state.db()?, &state.ctx()?, &input.bundle_id)?;
    Ok(bundle_file(&state, built, input.open)?)
}

/// Issues the bundle (checked again, stored on the account) and writes its PDF to `court-bundles/`.
#[tauri::command(async)]
pub fn issue_court_bundle(state: State<'_, AppState>, input: BundleIdInput) -> CmdResult<BundleFile> {
    let built = api::issue_court_bundle(&*state.db()?, &state.ctx()?, &input.bundle_id)?;
    Ok(bundle_file(&state, built, input.open)?)
}

fn save(state: &AppState, folder: &str, name: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf, Error> {
    let dir = data_dir(state).join(folder);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{}.{ext}", file_name(name)));
    write_file(&path, bytes)?;
    Ok(path)
}

fn open_file(path: &std::path::Path) -> Result<(), Error> {
    open::that_detached(path).map_err(|e| Error::RuleRefused(format!("the file could not be opened: {e}")))
}
