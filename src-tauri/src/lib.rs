//! The desktop shell: wiring only. Opens the case database in the user's data directory (seeding the demo
//! caseload on first start), holds it in `AppState`, and registers the commands. Everything that matters
//! is in `recovery-core`.

mod commands;

use chrono::{Local, NaiveDate, Utc};
use recovery_core::access::UserRole;
use recovery_core::{api, Ctx, Db, Error};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use tauri::Manager;

/// What every command can reach: the open database and who is signed in, or nothing while the app is locked.
pub struct AppState {
    open: RwLock<Option<SignedIn>>,
    /// Where the database and the files the app writes live.
    pub data_dir: PathBuf,
    /// A fixed "today" for demonstrations and end-to-end tests (`RECOVERY_DESK_TODAY`); else the local date.
    pub today_override: Option<NaiveDate>,
}

/// The database opened with its key and the person who opened it.
pub struct SignedIn {
    pub db: Arc<Db>,
    pub user_id: String,
    pub role: UserRole,
}

impl AppState {
    /// The open database: refused with code `signed_out` while the app is locked.
    pub fn db(&self) -> Result<Arc<Db>, Error> {
        let open = self.open.read().map_err(|_| Error::Internal("state lock poisoned".into()))?;
        open.as_ref().map(|s| s.db.clone()).ok_or_else(signed_out)
    }

    /// Who is acting and when: the shell reads the clock, the core never does. Refused while locked.
    #[allow(clippy::disallowed_methods)] // the shell is where the clock is read
    pub fn ctx(&self) -> Result<Ctx, Error> {
        let open = self.open.read().map_err(|_| Error::Internal("state lock poisoned".into()))?;
        let s = open.as_ref().ok_or_else(signed_out)?;
        Ok(Ctx::signed_in(s.user_id.clone(), s.role, Utc::now(), self.today()))
    }

    #[allow(clippy::disallowed_methods)]
    pub fn today(&self) -> NaiveDate {
        self.today_override.unwrap_or_else(|| Local::now().date_naive())
    }
}

fn signed_out() -> Error {
    Error::SignIn("signed out: sign in to go on".into())
}

/// The database path: `$RECOVERY_DESK_DATA_DIR/recovery-desk.db` if set (tests), else the OS data directory.
fn database_path(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let dir = match std::env::var_os("RECOVERY_DESK_DATA_DIR") {
        Some(d) => PathBuf::from(d),
        None => app.path().app_data_dir()?,
    };
    Ok(dir.join("recovery-desk.db"))
}

fn current_user() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "officer".into())
}

#[allow(clippy::disallowed_methods)]
fn open_state(app: &tauri::App) -> Result<AppState, Box<dyn std::error::Error>> {
    let today_override = match std::env::var("RECOVERY_DESK_TODAY") {
        Ok(s) => Some(NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| format!("RECOVERY_DESK_TODAY: {e}"))?),
        Err(_) => None,
    };
    let user = current_user();
    let today = today_override.unwrap_or_else(|| Local::now().date_naive());
    let ctx = Ctx::new(user.clone(), Utc::now(), today);
    let path = database_path(app)?;
    let db = api::open(&path, &ctx)?;
    if api::has_no_accounts(&db)? && std::env::var_os("RECOVERY_DESK_NO_DEMO").is_none() {
        eprintln!("recovery-desk: first start, generating the demo caseload in {}", path.display());
        api::generate_demo(&db, &ctx, api::DemoOptions::default())?;
    }
    Ok(AppState {
        open: RwLock::new(Some(SignedIn { db: Arc::new(db), user_id: user, role: UserRole::Admin })),
        today_override,
        data_dir: path.parent().map(PathBuf::from).unwrap_or_default(),
    })
}

/// `RECOVERY_DESK_EXIT_WHEN_READY=1`: print the time from start to the first page loaded, then exit (the cold
/// start benchmark, `scripts/bench-cold-start.sh`).
fn exit_when_ready(started: std::time::Instant) -> impl Fn(&tauri::Webview, &tauri::webview::PageLoadPayload<'_>) {
    move |webview, payload| {
        if payload.event() == tauri::webview::PageLoadEvent::Finished
            && std::env::var_os("RECOVERY_DESK_EXIT_WHEN_READY").is_some()
        {
            println!("ready after {} ms", started.elapsed().as_millis());
            webview.app_handle().exit(0);
        }
    }
}

pub fn run() {
    let started = std::time::Instant::now();
    tauri::Builder::default()
        .on_page_load(exit_when_ready(started))
        .setup(|app| {
            let state = open_state(app)?;
            app.manage(state);
            app.manage(commands::Jobs::default());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::council_profile,
            commands::search,
            commands::person,
            commands::add_note,
            commands::record_payment,
            commands::reverse_ledger_entry,
            commands::person_audit,
            commands::list_letter_templates,
            commands::letter_template,
            commands::letter_template_versions,
            commands::validate_letter_template,
            commands::save_letter_template,
            commands::preview_letter_template,
            commands::letter_form,
            commands::preview_letter,
            commands::send_letter,
            commands::person_letters,
            commands::letter_pages,
            commands::reprint_letter,
            commands::letter_runs,
            commands::letter_run,
            commands::letters_waiting,
            commands::gather_letter_run,
            commands::cancel_letter_run,
            commands::record_letter_run_dispatch,
            commands::start_letter_run,
            commands::start_print_file,
            commands::letter_job,
            commands::stop_letter_job,
            commands::open_pdf,
            commands::print_pdf,
            commands::open_print_file,
            commands::print_print_file,
            commands::income_expenditure_catalogue,
            commands::compute_income_expenditure,
            commands::new_income_expenditure,
            commands::save_income_expenditure,
            commands::income_expenditure,
            commands::income_expenditure_history,
            commands::latest_income_expenditure,
            commands::income_expenditure_settings,
            commands::save_income_expenditure_settings,
            commands::load_spending_guidelines,
            commands::spending_guidelines,
            commands::read_sfs,
            commands::import_sfs_statement,
            commands::export_sfs_statement,
            commands::income_expenditure_summary_pdf,
            commands::calculate_pro_rata,
            commands::check_monthly_offer,
            commands::council_affordable_offer,
            // ---- recovery engine (issue 5): runs, holds, worklist, the person's timetable ----
            commands::run_timetable,
            commands::recovery_runs,
            commands::run_view,
            commands::run_items,
            commands::start_run_preview,
            commands::start_run_commit,
            commands::recovery_job,
            commands::export_run_csv,
            commands::authorise_run,
            commands::reverse_run,
            commands::mark_run_dispatched,
            commands::cancel_run,
            commands::recovery_settings,
            commands::save_recovery_settings,
            commands::schedule_missing_instalments,
            commands::holds,
            commands::record_hold,
            commands::release_hold,
            commands::record_treatment_ended,
            commands::worklist,
            commands::officers,
            commands::allocate_tasks,
            commands::close_task,
            commands::record_returned_mail,
            commands::account_timetable,
            // arrangements (issue 7)
            commands::arrangement_planner,
            commands::plan_arrangement,
            commands::save_arrangement,
            commands::person_arrangements,
            commands::monitor_arrangement,
            commands::cancel_arrangement,
            commands::reinstate_arrangement,
            // court and bundles (issue 8)
            commands::court_hearings,
            commands::court_hearing,
            commands::create_hearing,
            commands::edit_hearing,
            commands::costs_methodologies,
            commands::start_summons_preview,
            commands::court_list,
            commands::refresh_court_list,
            commands::mark_listing,
            commands::record_court_outcomes,
            commands::issue_complaint_list,
            commands::export_court_list,
            commands::prepare_court_bundle,
            commands::court_bundle,
            commands::edit_court_bundle,
            commands::add_bundle_exhibit,
            commands::add_bundle_exhibit_path,
            commands::preview_court_bundle,
            commands::issue_court_bundle,
            // ---- audit (issue 9) ----
            commands::audit_log,
            commands::audit_filters,
            commands::export_audit_csv,
        ])
        .run(tauri::generate_context!("tauri.conf.json"))
        .expect("error while running Recovery Desk");
}
