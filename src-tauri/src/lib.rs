//! The desktop shell: wiring only. Finds the encrypted case database in the user's data directory (making the
//! demo database on first start), holds it in `AppState` while someone is signed in, and registers the
//! commands. Everything that matters
//! is in `recovery-core`.

mod commands;

use chrono::{DateTime, Local, NaiveDate, Utc};
use recovery_core::api::{DatabaseState, Session};
use recovery_core::{api, Ctx, Db, Error};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use tauri::Manager;

/// What every command can reach: the open database and who is signed in, or nothing while the app is locked.
pub struct AppState {
    open: RwLock<Option<SignedIn>>,
    /// The encrypted case database (`$RECOVERY_DESK_DATA_DIR/recovery-desk.db`, else the OS data directory).
    pub db_path: PathBuf,
    /// Where the app writes the plain PDFs and CSVs an officer opens or prints. They exist only while someone
    /// is signed in: the folder is emptied on sign-out, on the lock and at start.
    pub data_dir: PathBuf,
    /// A fixed "today" for demonstrations and end-to-end tests (`RECOVERY_DESK_TODAY`); else the local date.
    pub today_override: Option<NaiveDate>,
    /// Why the app last locked (`idle`, `sleep`, `sign_out`…), for the sign-in form; cleared at sign-in.
    locked_reason: std::sync::Mutex<Option<String>>,
}

/// The database opened with its key and the person who opened it.
pub struct SignedIn {
    pub db: Arc<Db>,
    pub session: Session,
}

fn poisoned() -> Error {
    Error::Internal("state lock poisoned".into())
}

impl AppState {
    /// The open database: refused with code `signed_out` while the app is locked.
    pub fn db(&self) -> Result<Arc<Db>, Error> {
        let open = self.open.read().map_err(|_| poisoned())?;
        open.as_ref().map(|s| s.db.clone()).ok_or_else(signed_out)
    }

    /// Who is acting and when: the shell reads the clock, the core never does. Refused while locked.
    pub fn ctx(&self) -> Result<Ctx, Error> {
        let open = self.open.read().map_err(|_| poisoned())?;
        let s = open.as_ref().ok_or_else(signed_out)?;
        let (now, today) = self.now_and_today();
        Ok(s.session.ctx(now, today))
    }

    pub fn session(&self) -> Option<Session> {
        self.open.read().ok().and_then(|o| o.as_ref().map(|s| s.session.clone()))
    }

    #[allow(clippy::disallowed_methods)] // the shell is where the clock is read
    pub fn now_and_today(&self) -> (DateTime<Utc>, NaiveDate) {
        (Utc::now(), self.today_override.unwrap_or_else(|| Local::now().date_naive()))
    }

    /// Someone signed in: the plain files of whoever was before are removed first.
    pub fn enter(&self, signed_in: SignedIn) -> Result<(), Error> {
        let mut open = self.open.write().map_err(|_| poisoned())?;
        remove_plain_files(&self.data_dir);
        *open = Some(signed_in);
        *self.locked_reason.lock().map_err(|_| poisoned())? = None;
        Ok(())
    }

    /// Sign-out or lock: audited, then the database and its key are forgotten (a job still running keeps its
    /// own handle until it ends) and the plain files are removed.
    pub fn leave(&self, reason: &str) -> Result<(), Error> {
        let ctx = self.ctx();
        let mut open = self.open.write().map_err(|_| poisoned())?;
        if let (Some(s), Ok(ctx)) = (open.as_ref(), ctx) {
            if let Err(e) = api::sign_out(&s.db, &ctx, reason) {
                eprintln!("recovery-desk: could not audit the sign-out: {e}");
            }
        }
        if open.take().is_some() {
            *self.locked_reason.lock().map_err(|_| poisoned())? = Some(reason.to_string());
        }
        remove_plain_files(&self.data_dir);
        Ok(())
    }

    pub fn locked_reason(&self) -> Option<String> {
        self.locked_reason.lock().ok().and_then(|r| r.clone())
    }

    pub fn refresh_session(&self, session: Session) -> Result<(), Error> {
        let mut open = self.open.write().map_err(|_| poisoned())?;
        if let Some(s) = open.as_mut() {
            s.session = session;
        }
        Ok(())
    }
}

/// The folder of plain copies, emptied whenever nobody is signed in.
fn remove_plain_files(dir: &std::path::Path) {
    if dir.exists() {
        if let Err(e) = std::fs::remove_dir_all(dir) {
            eprintln!("recovery-desk: could not remove {}: {e}", dir.display());
        }
    }
}

fn signed_out() -> Error {
    Error::SignedOut
}

/// The database path: `$RECOVERY_DESK_DATA_DIR/recovery-desk.db` if set (tests), else the OS data directory.
fn database_path(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let dir = match std::env::var_os("RECOVERY_DESK_DATA_DIR") {
        Some(d) => PathBuf::from(d),
        None => app.path().app_data_dir()?,
    };
    Ok(dir.join("recovery-desk.db"))
}

/// Finds the database, making the encrypted demo database on first start (unless `RECOVERY_DESK_NO_DEMO` is
/// set: then the first-run screen sets up an empty one and its administrator). Nobody is signed in yet.
#[allow(clippy::disallowed_methods)]
fn open_state(app: &tauri::App) -> Result<AppState, Box<dyn std::error::Error>> {
    let today_override = match std::env::var("RECOVERY_DESK_TODAY") {
        Ok(s) => Some(NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| format!("RECOVERY_DESK_TODAY: {e}"))?),
        Err(_) => None,
    };
    let path = database_path(app)?;
    let today = today_override.unwrap_or_else(|| Local::now().date_naive());
    if api::database_state(&path)? == DatabaseState::NeedsSetUp && std::env::var_os("RECOVERY_DESK_NO_DEMO").is_none() {
        eprintln!("recovery-desk: first start, generating the encrypted demo caseload in {}", path.display());
        let ctx = Ctx::new("demo.set.up", Utc::now(), today);
        let (_db, recovery_key) = api::set_up_demo(&path, &ctx, api::DemoOptions::default())?;
        eprintln!(
            "recovery-desk: demo users admin, team.leader, a.officer, b.officer and p.processing; password {}",
            api::DEMO_PASSWORD
        );
        eprintln!("recovery-desk: the demo database's recovery key is {recovery_key}");
    }
    let state = AppState {
        open: RwLock::new(None),
        data_dir: path.parent().map(|d| d.join("signed-in-files")).unwrap_or_default(),
        db_path: path,
        today_override,
        locked_reason: std::sync::Mutex::new(None),
    };
    remove_plain_files(&state.data_dir);
    Ok(state)
}

/// Locks the app when the computer sleeps, even if the window is not running its timers: every few seconds the
/// wall clock is compared with the monotonic clock, which stops while the computer is suspended (Linux
/// `CLOCK_MONOTONIC`); a gap of more than `SLEEP_GAP` between them is a sleep. The window learns of it at its
/// next call (`signed_out`) or its own timer, and shows the sign-in form saying why.
const SLEEP_GAP: std::time::Duration = std::time::Duration::from_secs(30);

#[allow(clippy::disallowed_methods)] // the shell reads the clock
fn watch_for_sleep(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        let mut mono = std::time::Instant::now();
        let mut wall = std::time::SystemTime::now();
        loop {
            std::thread::sleep(std::time::Duration::from_secs(5));
            let (m, w) = (std::time::Instant::now(), std::time::SystemTime::now());
            let wall_gap = w.duration_since(wall).unwrap_or_default();
            if wall_gap > m.duration_since(mono) + SLEEP_GAP {
                let state = app.state::<AppState>();
                if state.session().is_some() {
                    eprintln!("recovery-desk: the computer slept; locking");
                    let _ = state.leave("sleep");
                }
            }
            (mono, wall) = (m, w);
        }
    });
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

/// The backup schedule the administrator set (issue 9): every five minutes, while someone is signed in, a
/// backup into the settings' folder if one is due. A failure is logged and tried again next time.
fn scheduled_backups(app: tauri::AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(5 * 60));
        let state = app.state::<AppState>();
        let (Ok(db), Ok(ctx)) = (state.db(), state.ctx()) else { continue };
        match api::backup_if_due(&db, &ctx) {
            Ok(Some(b)) => eprintln!("recovery-desk: scheduled backup {} ({} bytes)", b.path.display(), b.bytes),
            Ok(None) => {}
            Err(e) => eprintln!("recovery-desk: the scheduled backup failed: {e}"),
        }
    });
}

pub fn run() {
    let started = std::time::Instant::now();
    tauri::Builder::default()
        .on_page_load(exit_when_ready(started))
        .setup(|app| {
            let state = open_state(app)?;
            app.manage(state);
            scheduled_backups(app.handle().clone());
            app.manage(commands::Jobs::default());
            watch_for_sleep(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::sign_in,
            commands::set_up,
            commands::sign_out,
            commands::change_password,
            commands::users,
            commands::add_user,
            commands::set_user_role,
            commands::set_user_disabled,
            commands::reset_password,
            commands::security_settings,
            commands::save_security_settings,
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
            // ---- data protection (issue 9) ----
            commands::backup_settings,
            commands::save_backup_settings,
            commands::backup_now,
            commands::restore_backup,
            commands::retention_schedule,
            commands::save_retention_schedule,
            commands::preview_retention,
            commands::run_retention,
            commands::legal_holds,
            commands::place_legal_hold,
            commands::release_legal_hold,
            commands::subject_access_export,
        ])
        .run(tauri::generate_context!("tauri.conf.json"))
        .expect("error while running Recovery Desk");
}
