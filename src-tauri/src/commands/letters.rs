//! Letters: Settings → Letters (templates), a letter from a person's record, print runs, and opening or
//! printing a PDF. Long runs (issuing a template to many accounts, laying out a print file) run on a
//! background thread as a job (`jobs.rs`) the screen polls (`letter_job`) for its progress bar;
//! `stop_letter_job` sets a flag the core checks between chunks. PDFs cross IPC as base64; print files stay
//! on disk in the data directory and are opened from there.

use super::jobs::{Job, JobInput, JobView, Jobs};
use super::CmdResult;
use crate::AppState;
use recovery_core::api::{
    self, DocumentInput, GatherRunInput, IssueRunInput, IssuedLetter, LetterForm, LetterFormInput, LetterPages,
    LetterPdf, LetterRunView, PartyInput, PersonLetter, PreviewTemplateInput, RecordDispatchInput, RunInput,
    RunProgress, SendLetterInput, TemplateInput, TemplateNameInput, TemplateSourceInput, TemplateView,
};
use recovery_core::db::letters::WaitingGroup;
use recovery_core::letters::template::TemplateProblem;
use recovery_core::Error;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, State};

// Settings → Letters.

#[tauri::command(async)]
pub fn list_letter_templates(state: State<'_, AppState>) -> CmdResult<Vec<TemplateView>> {
    Ok(api::list_letter_templates(&*state.db()?)?)
}

#[tauri::command(async)]
pub fn letter_template(state: State<'_, AppState>, input: TemplateInput) -> CmdResult<TemplateView> {
    Ok(api::letter_template(&*state.db()?, input)?)
}

#[tauri::command(async)]
pub fn letter_template_versions(state: State<'_, AppState>, input: TemplateNameInput) -> CmdResult<Vec<TemplateView>> {
    Ok(api::letter_template_versions(&*state.db()?, &input.name)?)
}

#[tauri::command(async)]
pub fn validate_letter_template(
    state: State<'_, AppState>,
    input: TemplateSourceInput,
) -> CmdResult<Vec<TemplateProblem>> {
    Ok(api::validate_letter_template(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn save_letter_template(state: State<'_, AppState>, input: TemplateSourceInput) -> CmdResult<TemplateView> {
    Ok(api::save_letter_template(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn preview_letter_template(state: State<'_, AppState>, input: PreviewTemplateInput) -> CmdResult<LetterPdf> {
    Ok(api::preview_letter_template(&*state.db()?, &state.ctx()?, input)?)
}

// A letter from a person's record.

#[tauri::command(async)]
pub fn letter_form(state: State<'_, AppState>, input: LetterFormInput) -> CmdResult<LetterForm> {
    Ok(api::letter_form(&*state.db()?, input)?)
}

#[tauri::command(async)]
pub fn preview_letter(state: State<'_, AppState>, input: SendLetterInput) -> CmdResult<LetterPdf> {
    Ok(api::preview_letter(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn send_letter(state: State<'_, AppState>, input: SendLetterInput) -> CmdResult<IssuedLetter> {
    Ok(api::send_letter(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn person_letters(state: State<'_, AppState>, input: PartyInput) -> CmdResult<Vec<PersonLetter>> {
    Ok(api::person_letters(&*state.db()?, &state.ctx()?, &input.party_id)?)
}

#[tauri::command(async)]
pub fn letter_pages(state: State<'_, AppState>, input: DocumentInput) -> CmdResult<LetterPages> {
    Ok(api::letter_pages(&*state.db()?, &state.ctx()?, &input.document_id)?)
}

#[tauri::command(async)]
pub fn reprint_letter(state: State<'_, AppState>, input: DocumentInput) -> CmdResult<IssuedLetter> {
    Ok(api::reprint_letter(&*state.db()?, &state.ctx()?, &input.document_id)?)
}

// Print runs.

#[tauri::command(async)]
pub fn letter_runs(state: State<'_, AppState>) -> CmdResult<Vec<LetterRunView>> {
    Ok(api::letter_runs(&*state.db()?)?)
}

#[tauri::command(async)]
pub fn letter_run(state: State<'_, AppState>, input: RunInput) -> CmdResult<LetterRunView> {
    Ok(api::letter_run(&*state.db()?, input)?)
}

#[tauri::command(async)]
pub fn letters_waiting(state: State<'_, AppState>) -> CmdResult<Vec<WaitingGroup>> {
    Ok(api::letters_waiting(&*state.db()?)?)
}

#[tauri::command(async)]
pub fn gather_letter_run(state: State<'_, AppState>, input: GatherRunInput) -> CmdResult<LetterRunView> {
    Ok(api::gather_letter_run(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn cancel_letter_run(state: State<'_, AppState>, input: RunInput) -> CmdResult<LetterRunView> {
    Ok(api::cancel_letter_run(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn record_letter_run_dispatch(state: State<'_, AppState>, input: RecordDispatchInput) -> CmdResult<LetterRunView> {
    Ok(api::record_letter_run_dispatch(&*state.db()?, &state.ctx()?, input)?)
}

/// Issues a template to many accounts on a background thread; poll `letter_job` for its progress.
#[tauri::command(async)]
pub fn start_letter_run(app: AppHandle, jobs: State<'_, Jobs>, input: IssueRunInput) -> CmdResult<JobView> {
    let job = jobs.start("issue_run");
    let worker = job.clone();
    let state = app.state::<AppState>();
    let (db, ctx) = (state.db()?, state.ctx()?);
    std::thread::spawn(move || {
        let result = api::issue_letter_run(&db, &ctx, input, &mut |p| letter_progress(&worker, p));
        worker.finish(result, None);
    });
    Ok(job.view())
}

/// Lays out a run's print file on a background thread and writes it to the data directory; poll
/// `letter_job`. The job's outcome is `{path, reference, pageCount}`.
#[tauri::command(async)]
pub fn start_print_file(app: AppHandle, jobs: State<'_, Jobs>, input: RunInput) -> CmdResult<JobView> {
    let job = jobs.start("print_file");
    let worker = job.clone();
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let result = print_file(&state, input, &worker);
        worker.finish(result, None);
    });
    Ok(job.view())
}

fn print_file(state: &AppState, input: RunInput, job: &Job) -> Result<serde_json::Value, Error> {
    let run = api::letter_run(&*state.db()?, input)?;
    let pdf = api::print_letter_run(&*state.db()?, &state.ctx()?, RunInput { run_id: run.id.clone() }, &mut |p| {
        letter_progress(job, p)
    })?;
    let path = print_file_path(state, &run.reference)?;
    write_file(&path, &pdf.pdf)?;
    Ok(serde_json::json!({
        "path": path.display().to_string(),
        "reference": run.reference,
        "page_count": pdf.page_count,
        "letter_count": run.letter_count,
    }))
}

/// Records a letters job's progress; false asks the core to stop.
fn letter_progress(job: &Job, p: &RunProgress) -> bool {
    job.report(p.phase, p.done, p.total, p.run_id.as_deref())
}

#[tauri::command(async)]
pub fn letter_job(jobs: State<'_, Jobs>, input: JobInput) -> CmdResult<JobView> {
    Ok(jobs.get(&input.job_id)?.view())
}

/// Asks a job to stop at the end of the chunk it is on.
#[tauri::command(async)]
pub fn stop_letter_job(jobs: State<'_, Jobs>, input: JobInput) -> CmdResult<JobView> {
    let job = jobs.get(&input.job_id)?;
    job.ask_to_stop();
    Ok(job.view())
}

// Opening and printing.

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PdfFileInput {
    /// Names the file: "Council Tax reminder notice CT10000001".
    title: String,
    /// The PDF, base64.
    pdf: String,
}

#[derive(Serialize)]
pub struct FileView {
    path: String,
}

/// Writes a PDF (a preview or a reprint) to the data directory and opens it in the system's PDF viewer.
#[tauri::command(async)]
pub fn open_pdf(state: State<'_, AppState>, input: PdfFileInput) -> CmdResult<FileView> {
    let path = save_pdf(&state, &input)?;
    open::that_detached(&path).map_err(|e| Error::RuleRefused(format!("the PDF viewer could not be opened: {e}")))?;
    Ok(FileView { path: path.display().to_string() })
}

/// Writes a PDF to the data directory and sends it to the default printer.
#[tauri::command(async)]
pub fn print_pdf(state: State<'_, AppState>, input: PdfFileInput) -> CmdResult<FileView> {
    let path = save_pdf(&state, &input)?;
    send_to_printer(&path)?;
    Ok(FileView { path: path.display().to_string() })
}

/// Opens a run's print file (made by `start_print_file`) in the system's PDF viewer.
#[tauri::command(async)]
pub fn open_print_file(state: State<'_, AppState>, input: RunInput) -> CmdResult<FileView> {
    let path = existing_print_file(&state, input)?;
    open::that_detached(&path).map_err(|e| Error::RuleRefused(format!("the PDF viewer could not be opened: {e}")))?;
    Ok(FileView { path: path.display().to_string() })
}

/// Sends a run's print file to the default printer.
#[tauri::command(async)]
pub fn print_print_file(state: State<'_, AppState>, input: RunInput) -> CmdResult<FileView> {
    let path = existing_print_file(&state, input)?;
    send_to_printer(&path)?;
    Ok(FileView { path: path.display().to_string() })
}

pub(super) fn data_dir(state: &AppState) -> PathBuf {
    state.data_dir.clone()
}

fn print_file_path(state: &AppState, reference: &str) -> Result<PathBuf, Error> {
    let dir = data_dir(state).join("print-runs");
    std::fs::create_dir_all(&dir)?;
    Ok(dir.join(format!("{}.pdf", file_name(reference))))
}

fn existing_print_file(state: &AppState, input: RunInput) -> Result<PathBuf, Error> {
    let run = api::letter_run(&*state.db()?, input)?;
    let path = print_file_path(state, &run.reference)?;
    if !path.exists() {
        return Err(Error::NotFound(format!("the print file of run {} (make it first)", run.reference)));
    }
    Ok(path)
}

/// Letters, digits, spaces and dashes only: a title becomes a safe file name.
pub(super) fn file_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    let name: String = name.chars().take(80).collect();
    if name.is_empty() {
        "letter".into()
    } else {
        name
    }
}

fn save_pdf(state: &AppState, input: &PdfFileInput) -> Result<PathBuf, Error> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.pdf.trim())
        .map_err(|e| Error::validation("pdf", format!("is not base64: {e}")))?;
    if !bytes.starts_with(b"%PDF-") {
        return Err(Error::validation("pdf", "is not a PDF"));
    }
    let dir = data_dir(state).join("letters");
    std::fs::create_dir_all(&dir)?;
    // A new name each time: a viewer may still hold the last one open (and lock it, on Windows).
    let path = dir.join(format!("{}-{}.pdf", file_name(&input.title), unique_suffix()));
    write_file(&path, &bytes)?;
    Ok(path)
}

#[allow(clippy::disallowed_methods)] // the shell may read the clock; only for a file name
fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{:x}", nanos & 0xFFFF_FFFF_FFFF)
}

/// Writes beside the target and renames, so a viewer never opens half a file.
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)?;
    Ok(())
}

/// `lp` (CUPS: Linux and macOS) to the default printer. Elsewhere, open the PDF and print from the viewer.
fn send_to_printer(path: &Path) -> Result<(), Error> {
    let out = std::process::Command::new("lp").arg("--").arg(path).output().map_err(|_| {
        Error::RuleRefused(
            "this computer has no lp command to print with: open the PDF and print it from the viewer".into(),
        )
    })?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(Error::RuleRefused(format!("the printer refused the file: {why}")));
    }
    Ok(())
}
