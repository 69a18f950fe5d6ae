//! The recovery engine's screens: Runs (the timetable, preview, authorise, commit, reverse, dispatch, the run
//! settings), Holds, the Worklist, and the person screen's timetable. A preview or a commit can take seconds
//! on a large caseload, so each runs on a background thread as a job the screen polls (`recovery_job`) for its
//! progress bar; a run's CSV is written to the data directory.

use super::jobs::{JobInput, JobView, Jobs};
use super::letters::{data_dir, file_name, write_file};
use super::CmdResult;
use crate::AppState;
use recovery_core::api::{
    self, AccountTimetable, AccountTimetableInput, AllocateTasksInput, CancelRunInput, CloseTaskInput, CommitRunInput,
    HoldRecorded, HoldStatus, HoldsInput, PreviewRunInput, RecordHoldInput, RecoveryRunInput, RecoverySettings,
    ReleaseHoldInput, ReverseRunInput, RunItemsInput, RunTimetable, RunView, RunsInput, ScheduleMissingInput,
    ScheduleMissingView, TreatmentEndedInput, Worklist, WorklistInput,
};
use recovery_core::db::runs::{ItemRow, RunRow};
use recovery_core::db::tasks::{TaskRow, UserRow};
use recovery_core::Error;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

// Runs.

#[tauri::command(async)]
pub fn run_timetable(state: State<'_, AppState>) -> CmdResult<RunTimetable> {
    Ok(api::run_timetable(&*state.db()?, &state.ctx()?)?)
}

#[tauri::command(async)]
pub fn recovery_runs(state: State<'_, AppState>, input: RunsInput) -> CmdResult<Vec<RunRow>> {
    Ok(api::runs(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn run_view(state: State<'_, AppState>, input: RecoveryRunInput) -> CmdResult<RunView> {
    Ok(api::run_view(&*state.db()?, &input.run_id)?)
}

#[tauri::command(async)]
pub fn run_items(state: State<'_, AppState>, input: RunItemsInput) -> CmdResult<Vec<ItemRow>> {
    Ok(api::run_items(&*state.db()?, input)?)
}

/// Previews a run on a background thread; poll `recovery_job`. The job's outcome is the `RunView`.
#[tauri::command(async)]
pub fn start_run_preview(app: AppHandle, jobs: State<'_, Jobs>, input: PreviewRunInput) -> CmdResult<JobView> {
    let job = jobs.start("run_preview");
    let worker = job.clone();
    let state = app.state::<AppState>();
    let (db, ctx) = (state.db()?, state.ctx()?);
    std::thread::spawn(move || {
        let result = api::preview_run_with_progress(&db, &ctx, input, &mut |p| {
            worker.report(p.phase, p.done, p.total, None);
        });
        let run_id = result.as_ref().ok().map(|v| v.run.id.clone());
        worker.finish(result, run_id.as_deref());
    });
    Ok(job.view())
}

/// Commits an authorised run on a background thread; poll `recovery_job`. The outcome is the `CommitOutcome`.
#[tauri::command(async)]
pub fn start_run_commit(app: AppHandle, jobs: State<'_, Jobs>, input: CommitRunInput) -> CmdResult<JobView> {
    let job = jobs.start("run_commit");
    job.report("starting", 0, 0, Some(&input.run_id));
    let worker = job.clone();
    let state = app.state::<AppState>();
    let (db, ctx) = (state.db()?, state.ctx()?);
    std::thread::spawn(move || {
        let result = api::commit_run_with_progress(&db, &ctx, input, &mut |p| {
            worker.report(p.phase, p.done, p.total, None);
        });
        worker.finish(result, None);
    });
    Ok(job.view())
}

#[tauri::command(async)]
pub fn recovery_job(jobs: State<'_, Jobs>, input: JobInput) -> CmdResult<JobView> {
    Ok(jobs.get(&input.job_id)?.view())
}

#[derive(Serialize)]
pub struct CsvFile {
    path: String,
}

/// Writes the run's preview (every item, in or out, with its reason and regulation) as CSV to the data
/// directory's `run-exports` folder.
#[tauri::command(async)]
pub fn export_run_csv(state: State<'_, AppState>, input: RecoveryRunInput) -> CmdResult<CsvFile> {
    let view = api::run_view(&*state.db()?, &input.run_id)?;
    let csv = api::export_run_csv(&*state.db()?, &input.run_id)?;
    let dir = data_dir(&state).join("run-exports");
    std::fs::create_dir_all(&dir).map_err(Error::from)?;
    let short = &view.run.id[view.run.id.len().saturating_sub(8)..];
    let path = dir.join(format!("{}-{}-{short}.csv", file_name(view.label), view.run.run_on));
    write_file(&path, csv.as_bytes())?;
    Ok(CsvFile { path: path.display().to_string() })
}

#[tauri::command(async)]
pub fn authorise_run(state: State<'_, AppState>, input: RecoveryRunInput) -> CmdResult<RunView> {
    Ok(api::authorise_run(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn reverse_run(state: State<'_, AppState>, input: ReverseRunInput) -> CmdResult<RunView> {
    Ok(api::reverse_run(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn mark_run_dispatched(state: State<'_, AppState>, input: RecoveryRunInput) -> CmdResult<RunView> {
    Ok(api::mark_run_dispatched(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn cancel_run(state: State<'_, AppState>, input: CancelRunInput) -> CmdResult<RunView> {
    Ok(api::cancel_run(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn recovery_settings(state: State<'_, AppState>) -> CmdResult<RecoverySettings> {
    Ok(api::recovery_settings(&*state.db()?)?)
}

#[tauri::command(async)]
pub fn save_recovery_settings(state: State<'_, AppState>, input: RecoverySettings) -> CmdResult<RecoverySettings> {
    Ok(api::save_recovery_settings(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn schedule_missing_instalments(
    state: State<'_, AppState>,
    input: ScheduleMissingInput,
) -> CmdResult<ScheduleMissingView> {
    Ok(api::schedule_missing_instalments(&*state.db()?, &state.ctx()?, input)?)
}

// Holds.

#[tauri::command(async)]
pub fn holds(state: State<'_, AppState>, input: HoldsInput) -> CmdResult<Vec<HoldStatus>> {
    Ok(api::holds(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn record_hold(state: State<'_, AppState>, input: RecordHoldInput) -> CmdResult<HoldRecorded> {
    Ok(api::record_hold(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn release_hold(state: State<'_, AppState>, input: ReleaseHoldInput) -> CmdResult<HoldRecorded> {
    Ok(api::release_hold(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn record_treatment_ended(state: State<'_, AppState>, input: TreatmentEndedInput) -> CmdResult<HoldRecorded> {
    Ok(api::record_treatment_ended(&*state.db()?, &state.ctx()?, input)?)
}

// Worklist.

#[tauri::command(async)]
pub fn worklist(state: State<'_, AppState>, input: WorklistInput) -> CmdResult<Worklist> {
    Ok(api::worklist(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn officers(state: State<'_, AppState>) -> CmdResult<Vec<UserRow>> {
    Ok(api::officers(&*state.db()?)?)
}

#[tauri::command(async)]
pub fn allocate_tasks(state: State<'_, AppState>, input: AllocateTasksInput) -> CmdResult<Vec<TaskRow>> {
    Ok(api::allocate_tasks(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn close_task(state: State<'_, AppState>, input: CloseTaskInput) -> CmdResult<TaskRow> {
    Ok(api::close_task(&*state.db()?, &state.ctx()?, input)?)
}

#[tauri::command(async)]
pub fn record_returned_mail(state: State<'_, AppState>, input: api::ReturnedMailInput) -> CmdResult<TaskRow> {
    Ok(api::record_returned_mail(&*state.db()?, &state.ctx()?, input)?)
}

// The person screen.

#[tauri::command(async)]
pub fn account_timetable(state: State<'_, AppState>, input: AccountTimetableInput) -> CmdResult<AccountTimetable> {
    Ok(api::account_timetable(&*state.db()?, &state.ctx()?, input)?)
}
