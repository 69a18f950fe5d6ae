//! `recovery-desk-cli`: the headless CLI over the same core, for scripting, scheduling and checking any
//! figure a screen shows (`calc prorata`; `sfs summary`, `sfs import`, `sfs export` for SFS statements). Every command takes `--db PATH`; `--json` prints machine-readable output (money
//! as decimal strings, dates ISO). Exit codes: 0 done, 2 bad input or refused, 1 anything else.
//! `letters render` and `letters batch` write PDFs (a letter for an account; a print run's print file).
//! The recovery engine: `calc instalments` (the statutory schedule of a bill), `timeline REFERENCE --on DATE`
//! (every year's instalments, what was missed, the next step and the regulation behind it) and
//! `run preview|authorise|commit|reverse|dispatch|list --type reminder --on DATE` (batch runs).
//! `arrangement plan` prints an arrangement's schedule and flags (no database needed); `arrangement monitor`
//! previews (and with `--commit` commits) the day's monitoring of every live arrangement.
//! The court: `court costs`, `court hearing add|list|show`, `court summons --hearing ID` (a summons run for the
//! hearing), `court refresh|mark|outcomes`, `court list --hearing ID --out FILE.pdf [--csv FILE]` and
//! `court bundle --account REFERENCE --kind committal|insolvency|charging-order|contested --out FILE.pdf`.
//! Data protection: `backup --to DIR [--keep N]`, `restore --from FILE` (onto --db), `retention preview|run`,
//! `sar --person ID --out DIR` (JSON and PDF).

use chrono::{Local, NaiveDate, Utc};
use clap::{Parser, Subcommand};
use recovery_core::{api, Ctx, Error, Money};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "recovery-desk-cli",
    version,
    about = "Recovery Desk without the window: set-up, imports, search and calculators"
)]
struct Cli {
    /// The case database (created if missing). Also read from RECOVERY_DESK_DB.
    #[arg(long, global = true, env = "RECOVERY_DESK_DB")]
    db: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// The date to act on (YYYY-MM-DD); default today.
    #[arg(long, global = true)]
    today: Option<NaiveDate>,
    /// Who is acting, for the audit log; default $USER. A user of the database acts with their role (an officer
    /// cannot authorise a run); any other name acts as the holder of the database key, with every permission.
    #[arg(long, global = true)]
    user: Option<String>,
    /// A file holding the key of an encrypted database (the recovery key shown at set-up: 64 hex digits).
    /// `init` writes a new key to it when the file does not exist yet. Or set RECOVERY_DESK_KEY to the key.
    #[arg(long, global = true, env = "RECOVERY_DESK_KEY_FILE")]
    key_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create (or bring up to date) the database.
    Init,
    /// Fill an empty database with the demo caseload.
    Demo {
        #[arg(long, default_value_t = 2_000)]
        accounts: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Import from a file.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export to a file.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Find people and organisations by name, address, postcode, reference, phone, email or NI number.
    Search {
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Show an account: parties, balance by year, stage, recent ledger.
    Show { reference: String },
    /// Rebuild the search index from the case data.
    Reindex,
    /// Letters: render one, write a print run's print file, list the runs.
    Letters {
        #[command(subcommand)]
        what: LettersWhat,
    },
    /// Calculators: the figures a screen shows, from the command line.
    Calc {
        #[command(subcommand)]
        what: CalcWhat,
    },
    /// Standard Financial Statement (SFS) files: overview, import for a person, export.
    Sfs {
        #[command(subcommand)]
        what: SfsWhat,
    },
    /// The recovery timetable of an account: each year's instalments, what is missed, the next step, its date
    /// and the regulation that allows it.
    Timeline {
        /// The account reference.
        reference: String,
        /// The day to compute for (YYYY-MM-DD); default --today.
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// Recovery runs: preview (who is in or out, and why), authorise, commit, reverse, mark dispatched, list.
    Run {
        #[command(subcommand)]
        what: RunWhat,
    },
    /// Arrangements to pay: plan one (a calculator; --db only for the council's policy), monitor them daily.
    Arrangement {
        #[command(subcommand)]
        what: ArrangementWhat,
    },
    /// Encrypt a plain database (--db) into a new file, under a new key written to --new-key-file.
    Encrypt {
        #[arg(long)]
        to: PathBuf,
        #[arg(long)]
        new_key_file: PathBuf,
    },
    /// Users who sign in (encrypted databases): list, add, reset a password with the recovery key.
    Users {
        #[command(subcommand)]
        what: UsersWhat,
    },
    /// The audit log: `audit verify` checks its hash chain from the first row to the last (exit 2 when broken);
    /// `audit list` shows it newest first with filters; `audit export --csv FILE` writes every matching row.
    Audit {
        #[command(subcommand)]
        what: AuditWhat,
    },
    /// The magistrates' court: costs methodology, hearings, the summons run for a hearing, the lists (complaints,
    /// the day's list, the endorsed list), the morning refresh, outcomes, court bundles.
    Court {
        #[command(subcommand)]
        what: CourtWhat,
    },
    // --- data protection (issue 9): backups, restore, retention, subject access
    /// Back the database up into a folder (the online backup API; same key), keeping the newest N of ours.
    Backup {
        #[arg(long)]
        to: PathBuf,
        /// How many of our backups to keep in the folder; default the backup settings' (14).
        #[arg(long)]
        keep: Option<u32>,
    },
    /// Replace the --db database with a checked backup (the replaced one is kept as <name>.before-restore).
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// The retention schedule: preview who is due for anonymisation and who is held back, or run it.
    Retention {
        #[command(subcommand)]
        what: RetentionWhat,
    },
    /// Subject access export of everything held about a person: JSON and PDF into a folder.
    Sar {
        /// The person's (party's) id.
        #[arg(long)]
        person: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum RetentionWhat {
    /// Who is due, under which rule and since when; who is held back and why.
    Preview,
    /// Preview, then anonymise exactly the people the preview lists as due, in one transaction.
    Run,
}

// ------------------------------------------------------------------------------------------- arrangements

#[derive(Subcommand)]
enum ArrangementWhat {
    /// The schedule of an arrangement to pay (due_on, amount), exact to the penny, with its flags. Give
    /// --amount (per payment) or --end (the last payment's day); the other is computed.
    Plan {
        /// What is owed, e.g. 2100.00.
        #[arg(long)]
        balance: String,
        /// How much of the balance is this financial year's council tax, to clear by 31 March.
        #[arg(long)]
        year_end_balance: Option<String>,
        /// weekly, fortnightly, four-weekly or monthly.
        #[arg(long)]
        frequency: String,
        /// The first payment's date (YYYY-MM-DD).
        #[arg(long)]
        start: NaiveDate,
        /// The amount of each payment.
        #[arg(long, conflicts_with = "end")]
        amount: Option<String>,
        /// The last payment's latest date (YYYY-MM-DD).
        #[arg(long)]
        end: Option<NaiveDate>,
        /// The affordable amount a month from the I&E, to flag a plan over it.
        #[arg(long)]
        affordable: Option<String>,
    },
    /// Preview the day's monitoring of every live arrangement (default letters due, breaks, completions);
    /// --commit acts on it.
    Monitor {
        /// The day (YYYY-MM-DD); monitoring acts on the day it is run, so this sets --today.
        #[arg(long)]
        on: Option<NaiveDate>,
        #[arg(long)]
        commit: bool,
        /// Commit without issuing the default letters (tasks are still raised).
        #[arg(long)]
        no_letters: bool,
    },
}

#[derive(Subcommand)]
enum AuditWhat {
    /// Recompute every row's hash in order and name the first row that does not fit.
    Verify,
    /// The log, newest first, a page at a time (`--json` for the page with its total).
    List {
        #[command(flatten)]
        filter: AuditFilterArgs,
        /// Rows a page (1 to 500).
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// The page, from 1.
        #[arg(long, default_value_t = 1)]
        page: u32,
    },
    /// Every matching row, newest first, as CSV (RFC 4180, with a header) to FILE (`-` for standard output).
    Export {
        #[command(flatten)]
        filter: AuditFilterArgs,
        #[arg(long, value_name = "FILE")]
        csv: PathBuf,
    },
}

/// The audit log's filters (`--user` is taken: it names who is acting, so the user looked for is `--by`).
#[derive(clap::Args)]
struct AuditFilterArgs {
    /// Rows written by this user (id or username).
    #[arg(long, value_name = "USER")]
    by: Option<String>,
    /// Rows about this person (their id) or account (its reference).
    #[arg(long, value_name = "ID")]
    person: Option<String>,
    /// From this day (YYYY-MM-DD, UTC).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// To this day, inclusive.
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Only this action (e.g. viewed, record_payment).
    #[arg(long)]
    action: Option<String>,
}

impl AuditFilterArgs {
    fn query(&self) -> api::AuditQuery {
        api::AuditQuery {
            user_id: self.by.clone(),
            person: self.person.clone(),
            from: self.from.map(|d| d.to_string()),
            to: self.to.map(|d| d.to_string()),
            action: self.action.clone(),
            ..Default::default()
        }
    }
}

/// Which run an action is for: `--run ID`, or the newest run of `--type` (and `--debt`) made on `--on`.
#[derive(clap::Args)]
struct RunChoice {
    /// The run's id.
    #[arg(long)]
    run: Option<String>,
    /// reminder, second-reminder, final-notice or summons.
    #[arg(long = "type", default_value = "reminder")]
    run_type: String,
    /// council-tax, business-rates, hb-overpayment, sundry or adult-social-care.
    #[arg(long, default_value = "council-tax")]
    debt: String,
    /// The run's day (YYYY-MM-DD); default --today.
    #[arg(long)]
    on: Option<NaiveDate>,
}

#[derive(Subcommand)]
enum RunWhat {
    /// Decide every candidate in or out, with the reason and the regulation (nothing is sent). Writes the whole
    /// preview as CSV with --csv.
    Preview {
        #[command(flatten)]
        choice: RunChoice,
        /// Only these account references (comma-separated).
        #[arg(long, value_delimiter = ',')]
        accounts: Vec<String>,
        /// Select at most this many.
        #[arg(long)]
        limit: Option<u32>,
        /// The least a case must owe for this run (overrides the council's minimum).
        #[arg(long)]
        minimum: Option<String>,
        /// Write every item, in and out, as CSV to this file (`-` for standard output).
        #[arg(long)]
        csv: Option<PathBuf>,
    },
    /// Authorise a previewed run (recorded with --user; segregation of duties may require another officer).
    Authorise {
        #[command(flatten)]
        choice: RunChoice,
    },
    /// Commit an authorised run: stages, costs and letters in one transaction.
    Commit {
        #[command(flatten)]
        choice: RunChoice,
        /// Record the stages without issuing letters (notices printed elsewhere).
        #[arg(long)]
        no_letters: bool,
    },
    /// Reverse a committed run that has not been dispatched.
    Reverse {
        #[command(flatten)]
        choice: RunChoice,
        /// Why (kept in the audit log).
        #[arg(long)]
        reason: String,
    },
    /// Mark a committed run's letters dispatched (after that it cannot be reversed).
    Dispatch {
        #[command(flatten)]
        choice: RunChoice,
    },
    /// The runs made since --since (default the last 90 days), newest first.
    List {
        #[arg(long)]
        since: Option<NaiveDate>,
    },
}

#[derive(Subcommand)]
enum CourtWhat {
    /// Record the year's costs methodology (the pool ÷ the summonses, split between summons and order).
    Costs {
        /// The financial year it is for (2026 = 2026/27).
        #[arg(long)]
        year: i32,
        /// The year's cost pool, e.g. 110000.00.
        #[arg(long)]
        pool: String,
        #[arg(long)]
        summonses: u32,
        /// The summons stage's share of the cost per case, in whole per cent.
        #[arg(long)]
        summons_percent: u32,
        #[arg(long, default_value = "england")]
        jurisdiction: String,
        #[arg(long, default_value = "council-tax")]
        debt: String,
        /// The day it was adopted; default --today.
        #[arg(long)]
        adopted: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Print a costs methodology record as evidence (PDF), or list the records with no --id.
    Methodology {
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Hearings: add one, list them, show one.
    Hearing {
        #[command(subcommand)]
        what: HearingWhat,
    },
    /// Preview a summons run for a hearing (authorise and commit it with `run authorise|commit --run ID`).
    Summons {
        #[arg(long)]
        hearing: String,
        /// Only these account references (comma-separated).
        #[arg(long, value_delimiter = ',')]
        accounts: Vec<String>,
        #[arg(long)]
        limit: Option<u32>,
        /// Write every item, in and out, as CSV to this file.
        #[arg(long)]
        csv: Option<PathBuf>,
    },
    /// The morning refresh: each case's status on today's ledger, holds and arrangements.
    Refresh {
        #[arg(long)]
        hearing: String,
    },
    /// Mark an account's case on a hearing's list withdrawn or disputed (or `none` to clear the mark).
    Mark {
        #[arg(long)]
        hearing: String,
        #[arg(long)]
        account: String,
        #[arg(long)]
        mark: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Record a hearing's outcomes: the bulk result, and defendants heard on their own.
    Outcomes {
        #[arg(long)]
        hearing: String,
        /// granted, refused, adjourned or withdrawn: the bench's decision on the bulk application.
        #[arg(long)]
        bulk: String,
        /// For a bulk adjournment: the hearing the cases go to.
        #[arg(long)]
        adjourn_to: Option<String>,
        /// A defendant heard on their own: REFERENCE=OUTCOME; repeat for each.
        #[arg(long = "individual", value_name = "REFERENCE=OUTCOME")]
        individual: Vec<String>,
        /// A defendant (heard on their own) who attended: REFERENCE; repeat for each.
        #[arg(long = "attended", value_name = "REFERENCE")]
        attended: Vec<String>,
        /// A note for a defendant heard on their own: REFERENCE=TEXT.
        #[arg(long = "note", value_name = "REFERENCE=TEXT")]
        notes: Vec<String>,
        /// Where a defendant heard on their own is adjourned to: REFERENCE=HEARING_ID.
        #[arg(long = "to", value_name = "REFERENCE=HEARING_ID")]
        to: Vec<String>,
    },
    /// Write a hearing's list as an A4 landscape PDF (and CSV with --csv).
    List {
        #[arg(long)]
        hearing: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        csv: Option<PathBuf>,
        /// alphabetical (default) or reference.
        #[arg(long)]
        order: Option<String>,
        /// complaints, hearing or endorsed; default the hearing's list, or the endorsed one once heard.
        #[arg(long)]
        kind: Option<String>,
    },
    /// Prepare and issue a court bundle for an account, with exhibits, and write its PDF.
    Bundle {
        #[arg(long)]
        account: String,
        /// committal, insolvency, charging-order or contested.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        out: PathBuf,
        /// The officer whose witness statement it holds; default --user.
        #[arg(long)]
        officer: Option<String>,
        #[arg(long)]
        officer_title: Option<String>,
        #[arg(long)]
        hearing: Option<String>,
        /// The court, when no hearing is given.
        #[arg(long)]
        court: Option<String>,
        /// A PDF to exhibit; repeat for each (titled by --exhibit-title in the same order, else the file name).
        #[arg(long = "exhibit")]
        exhibits: Vec<PathBuf>,
        #[arg(long = "exhibit-title")]
        exhibit_titles: Vec<String>,
        /// The sections in order (comma-separated); default all.
        #[arg(long, value_delimiter = ',')]
        sections: Vec<String>,
        /// Write the PDF without issuing it (the draft stays).
        #[arg(long)]
        draft: bool,
    },
}

#[derive(Subcommand)]
enum HearingWhat {
    /// List a hearing with the costs in force (the methodology record's, or --summons-costs and --lo-costs).
    Add {
        #[arg(long)]
        court: String,
        #[arg(long)]
        address: String,
        #[arg(long)]
        date: NaiveDate,
        /// 24-hour clock.
        #[arg(long, default_value = "10:00")]
        time: String,
        /// The officer authorised to give evidence.
        #[arg(long)]
        officer: String,
        #[arg(long, default_value = "england")]
        jurisdiction: String,
        #[arg(long, default_value = "council-tax")]
        debt: String,
        #[arg(long)]
        methodology: Option<String>,
        #[arg(long)]
        summons_costs: Option<String>,
        #[arg(long)]
        lo_costs: Option<String>,
    },
    /// Hearings since --since (default the last 90 days).
    List {
        #[arg(long)]
        since: Option<NaiveDate>,
    },
    /// One hearing with its costs, counts and lists kept.
    Show { id: String },
}

#[derive(Subcommand)]
enum LettersWhat {
    /// Render a letter for an account with the newest version of a template (nothing is stored). Facts the
    /// template needs that the ledger cannot give (dates, hearing...) come from --fact.
    Render {
        /// The template's name, e.g. ct_final_notice.
        #[arg(long)]
        template: String,
        /// The account reference.
        #[arg(long)]
        account: String,
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
        /// A notice fact as KEY=VALUE (pay_by=2026-06-18, hearing.court=...); repeat for more.
        #[arg(long = "fact", value_name = "KEY=VALUE")]
        facts: Vec<String>,
        /// Add a blank page after an odd page count, for double-sided printing.
        #[arg(long)]
        duplex: bool,
    },
    /// Write the print file of a print run: cover sheet, then every letter in print order.
    Batch {
        /// The run's id or reference (LR-1A2B3C4D).
        #[arg(long)]
        run: String,
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
    },
    /// List the print runs, newest first.
    Runs,
}

#[derive(Subcommand)]
enum CalcWhat {
    /// The statutory instalments of a Council Tax or business rates bill (Sch 1 Part I): each instalment's
    /// due date and amount, and the total. With --db, under that council's policy and instalment day.
    Instalments {
        /// The year's charge, e.g. 1843.57.
        #[arg(long)]
        charge: String,
        /// 10 or 12 instalments.
        #[arg(long, default_value = "10")]
        scheme: String,
        /// The day the bill was issued (YYYY-MM-DD).
        #[arg(long)]
        bill_date: String,
        /// The financial year, named by the year it starts (2026 = 2026/27).
        #[arg(long)]
        year: i32,
        /// The instalment day of the month (default the council's, else the 1st).
        #[arg(long)]
        day: Option<u32>,
        /// council-tax or business-rates.
        #[arg(long, default_value = "council-tax")]
        debt: String,
    },
    /// Share an amount between creditors in proportion to what each is owed, exact to the penny (largest
    /// remainder); shares in the order given.
    Prorata {
        /// The amount to share, e.g. 100.00.
        #[arg(long)]
        available: String,
        /// A creditor and what they are owed, NAME=AMOUNT (or just AMOUNT); repeat for each.
        #[arg(long = "debt", value_name = "NAME=AMOUNT")]
        debt: Vec<String>,
        /// Amounts owed as one list, e.g. 1000,700,300,333 (after any --debt).
        #[arg(long, value_delimiter = ',', value_name = "AMOUNT,...")]
        debts: Vec<String>,
    },
}

#[derive(Subcommand)]
enum SfsWhat {
    /// The overview of an SFS statement file (JSON or XML), with the SFS summary schema's field names.
    Summary { file: PathBuf },
    /// Import an SFS statement file (JSON or XML) as a new income and expenditure statement for a person.
    Import {
        /// The person's id.
        #[arg(long)]
        person: String,
        /// The statement's date (YYYY-MM-DD); default --today.
        #[arg(long)]
        taken_on: Option<String>,
        file: PathBuf,
    },
    /// Export a person's latest statement (or --statement ID) as SFS JSON that validates against the schema.
    Export {
        /// The person's id.
        #[arg(long)]
        person: String,
        /// One statement's id instead of the person's latest.
        #[arg(long)]
        statement: Option<String>,
        /// data-entry (every line) or summary (totals); default data-entry.
        #[arg(long, default_value = "data-entry")]
        schema: String,
        /// Where to write (`-` for standard output).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Accounts, parties and liabilities as CSV (docs/import.md).
    Accounts { file: PathBuf },
}

#[derive(Subcommand)]
enum UsersWhat {
    /// Every user, their role and whether they can sign in.
    List,
    /// Add a user with a first password (read from --password-file or RECOVERY_DESK_PASSWORD), changed at their
    /// first sign-in.
    Add {
        username: String,
        #[arg(long)]
        name: String,
        /// officer, team_leader, processing or admin
        #[arg(long)]
        role: String,
        #[arg(long)]
        password_file: Option<PathBuf>,
    },
    /// The recovery path: with the recovery key (--key-file), set a new first password for a user (read from
    /// --password-file or RECOVERY_DESK_PASSWORD) and enable them again.
    ResetPassword {
        username: String,
        #[arg(long)]
        password_file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Accounts, parties and liabilities as CSV in the import format (`-` for standard output).
    Accounts { file: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if cli.json {
                let out = serde_json::json!({"error": {"code": e.code(), "message": e.to_string(), "problems": problems(&e)}});
                eprintln!("{out}");
            } else {
                eprintln!("error: {e}");
                for p in problems(&e) {
                    eprintln!("  {p}");
                }
            }
            if e.is_internal() {
                ExitCode::from(1)
            } else if e.code() == "forbidden" {
                ExitCode::from(3)
            } else {
                ExitCode::from(2)
            }
        }
    }
}

/// The key of an encrypted database: the --key-file's contents, or RECOVERY_DESK_KEY. `init` with a key file
/// that does not exist yet, for a database that does not exist yet, makes a new key and writes it there
/// (readable by its owner only).
fn database_key(cli: &Cli, db_path: &std::path::Path) -> Result<Option<recovery_core::db::DbKey>, Error> {
    use recovery_core::db::DbKey;
    if let Some(file) = &cli.key_file {
        if !file.exists() && matches!(cli.command, Command::Init) && !db_path.exists() {
            let key = DbKey::generate()?;
            write_private(file, format!("{}\n", key.recovery_text()).as_bytes())?;
            eprintln!(
                "a new database key is in {}: keep it safe, it is the only way into the database",
                file.display()
            );
            return Ok(Some(key));
        }
        let text = std::fs::read_to_string(file)
            .map_err(|e| Error::validation("--key-file", format!("{}: {e}", file.display())))?;
        return DbKey::from_recovery_text(&text)
            .map(Some)
            .map_err(|_| Error::validation("--key-file", format!("{} does not hold a database key", file.display())));
    }
    match std::env::var("RECOVERY_DESK_KEY") {
        Ok(text) => DbKey::from_recovery_text(&text)
            .map(Some)
            .map_err(|_| Error::validation("RECOVERY_DESK_KEY", "does not hold a database key")),
        Err(_) => Ok(None),
    }
}

fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)?;
    Ok(())
}

/// A password for `users add` / `users reset-password`: from the file, else RECOVERY_DESK_PASSWORD (never an
/// argument: arguments show in the process list).
fn new_password(file: Option<&std::path::Path>) -> Result<String, Error> {
    match file {
        Some(f) => Ok(std::fs::read_to_string(f)
            .map_err(|e| Error::validation("--password-file", format!("{}: {e}", f.display())))?
            .trim_end_matches(['\n', '\r'])
            .to_string()),
        None => std::env::var("RECOVERY_DESK_PASSWORD")
            .map_err(|_| Error::validation("--password-file", "give the password in a file or RECOVERY_DESK_PASSWORD")),
    }
}

fn users(cli: &Cli, db: &recovery_core::Db, ctx: &Ctx, what: &UsersWhat) -> Result<(), Error> {
    match what {
        UsersWhat::List => {
            let view = api::users(db, ctx)?;
            print(cli, &view.users, || {
                view.users
                    .iter()
                    .map(|u| {
                        format!(
                            "{:<16} {:<24} {:<22} {}",
                            u.username,
                            u.display_name,
                            u.role_title,
                            if u.disabled {
                                "disabled"
                            } else if u.can_sign_in {
                                "can sign in"
                            } else {
                                "no key slot"
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        UsersWhat::Add { username, name, role, password_file } => {
            let role = recovery_core::access::UserRole::parse(role)
                .ok_or_else(|| Error::validation("--role", "is officer, team_leader, processing or admin"))?;
            let password = new_password(password_file.as_deref())?;
            let input = api::AddUserInput { username: username.clone(), display_name: name.clone(), role, password };
            let u = api::add_user(db, ctx, input)?;
            print(cli, &u, || {
                format!("{} added as {}; they change the password at first sign-in", u.username, u.role_title)
            })
        }
        UsersWhat::ResetPassword { .. } => unreachable!("handled before the database is opened"),
    }
}

fn problems(e: &Error) -> Vec<recovery_core::error::Problem> {
    match e {
        Error::Invalid { problems, .. } => problems.clone(),
        _ => vec![],
    }
}

#[allow(clippy::disallowed_methods)] // the CLI is where the clock is read
fn run(cli: &Cli) -> Result<(), Error> {
    // The calculators and the SFS overview read no database.
    match &cli.command {
        Command::Calc { what: CalcWhat::Prorata { available, debt, debts } } => {
            return pro_rata(cli, available, debt, debts)
        }
        Command::Sfs { what: SfsWhat::Summary { file } } => return sfs_summary(cli, file),
        Command::Arrangement { what: plan @ ArrangementWhat::Plan { .. } } => return arrangement_plan(cli, plan),
        Command::Calc { what: CalcWhat::Instalments { .. } } if cli.db.is_none() => {
            // No council database: the shipped defaults, in a database that lives only for the calculation.
            let ctx = Ctx::new("cli", Utc::now(), cli.today.unwrap_or_else(|| Local::now().date_naive()));
            return calc(cli, &api::open(":memory:", &ctx)?, &ctx);
        }
        _ => {}
    }
    let db_path =
        cli.db.clone().ok_or_else(|| Error::validation("--db", "give the database path (or set RECOVERY_DESK_DB)"))?;
    let monitor_on = match &cli.command {
        Command::Arrangement { what: ArrangementWhat::Monitor { on, .. } } => *on,
        _ => None,
    };
    if let (Some(on), Some(today)) = (monitor_on, cli.today) {
        if on != today {
            return Err(Error::validation("--on", format!("{on} is not --today {today}: monitoring acts on the day")));
        }
    }
    let today = monitor_on.or(cli.today).unwrap_or_else(|| Local::now().date_naive());
    let user = cli.user.clone().or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "cli".into());
    if let Command::Encrypt { to, new_key_file } = &cli.command {
        if new_key_file.exists() {
            return Err(Error::validation("--new-key-file", format!("{} already exists", new_key_file.display())));
        }
        let key = recovery_core::db::DbKey::generate()?;
        api::encrypt_database(&db_path, to, &key)?;
        write_private(new_key_file, format!("{}\n", key.recovery_text()).as_bytes())?;
        return print(cli, &serde_json::json!({"encrypted": to, "key_file": new_key_file}), || {
            format!(
                "{} is the encrypted copy; its key is in {} (keep it safe). Delete {} once you have checked it.",
                to.display(),
                new_key_file.display(),
                db_path.display()
            )
        });
    }
    let key = database_key(cli, &db_path)?;
    if let Command::Restore { from } = &cli.command {
        // No database is open to say who this is: the holder of the key restores with every permission.
        return restore(cli, &Ctx::new(user, Utc::now(), today), from, &db_path, key.as_ref());
    }
    if let Command::Users { what: UsersWhat::ResetPassword { username, password_file } } = &cli.command {
        let key =
            key.ok_or_else(|| Error::validation("--key-file", "the recovery key is needed to reset a password"))?;
        let password = new_password(password_file.as_deref())?;
        api::reset_password_with_recovery_key(&db_path, &key, &Ctx::new(user, Utc::now(), today), username, &password)?;
        return print(cli, &serde_json::json!({"username": username, "reset": true}), || {
            format!("{username} has a new first password, to change at their next sign-in")
        });
    }
    let db = api::open_with_key(&db_path, key.as_ref(), &Ctx::new(user.clone(), Utc::now(), today))?;
    // A user of the database acts with their role; anyone else holds the key, so acts with every permission.
    let ctx = match api::user_role(&db, &user)? {
        Some(role) => Ctx::signed_in(user, role, Utc::now(), today),
        None => Ctx::new(user, Utc::now(), today),
    };
    match &cli.command {
        Command::Init => {
            let counts = api::counts(&db)?;
            print(cli, &counts, || {
                format!("{} is ready: {} accounts, {} parties", db_path.display(), counts.accounts, counts.parties)
            })
        }
        Command::Demo { accounts, seed } => {
            let report = api::generate_demo(&db, &ctx, api::DemoOptions { accounts: *accounts, seed: *seed })?;
            print(cli, &report, || {
                format!(
                    "demo caseload: {} accounts, {} parties, {} ledger entries",
                    report.accounts, report.parties, report.ledger_entries
                )
            })
        }
        Command::Import { what: ImportWhat::Accounts { file } } => {
            let bytes =
                std::fs::read(file).map_err(|e| Error::validation(file.display().to_string(), e.to_string()))?;
            let name = file.display().to_string();
            let report = api::import_accounts(&db, &ctx, &name, &bytes)?;
            print(cli, &report, || {
                format!(
                    "{}: {} rows; {} accounts added, {} unchanged",
                    name, report.rows, report.accounts_added, report.accounts_unchanged
                )
            })
        }
        Command::Export { what: ExportWhat::Accounts { file } } => {
            if file.as_os_str() == "-" {
                let mut out = std::io::stdout().lock();
                api::export_accounts(&db, &mut out)?;
                out.flush()?;
                return Ok(());
            }
            // Write beside the target and rename, so a failed export never leaves half a file.
            let partial = file.with_extension("partial");
            let mut out = std::io::BufWriter::new(std::fs::File::create(&partial)?);
            let report = api::export_accounts(&db, &mut out)?;
            out.into_inner().map_err(|e| Error::Io(e.into_error()))?.sync_all()?;
            std::fs::rename(&partial, file)?;
            print(cli, &report, || format!("{}: {} rows", file.display(), report.rows))
        }
        Command::Search { query, limit } => {
            let hits = api::search(&db, api::SearchInput { query: query.clone(), limit: Some(*limit) })?;
            print(cli, &hits, || {
                if hits.is_empty() {
                    return "no matches".into();
                }
                hits.iter()
                    .map(|h| {
                        let refs: Vec<&str> = h.accounts.iter().map(|a| a.reference.as_str()).collect();
                        format!("{:<32} {:<48} {:<28} {}", h.name, h.address, h.matched, refs.join(" "))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        Command::Show { reference } => {
            let s = api::show_account(&db, &ctx, reference)?;
            print(cli, &s, || {
                let a = &s.account;
                let mut out = format!(
                    "{}  {}  {}  {}\n",
                    a.reference,
                    a.debt_type_label,
                    a.jurisdiction.label(),
                    a.stage_label.unwrap_or("No stage")
                );
                for p in &s.liable {
                    out += &format!("  {} ({})\n", p.name, p.role.label());
                }
                if let Some(prop) = &a.property {
                    out += &format!("  Property: {}\n", prop.one_line());
                }
                out += &format!(
                    "  {:<8} {:>12} {:>10} {:>12} {:>10} {:>12}\n",
                    "Year", "Charged", "Costs", "Paid", "Other", "Balance"
                );
                for y in &a.years {
                    out += &format!(
                        "  {:<8} {:>12} {:>10} {:>12} {:>10} {:>12}\n",
                        y.label, y.charged, y.costs, y.paid, y.other, y.balance
                    );
                }
                out += &format!("  Balance: {}", a.balance);
                out
            })
        }
        Command::Letters { what } => letters(cli, &db, &ctx, what),
        Command::Reindex => {
            let n = api::rebuild_search_index(&db)?;
            print(cli, &serde_json::json!({"parties": n}), || format!("search index rebuilt for {n} parties"))
        }
        Command::Calc { .. } => calc(cli, &db, &ctx),
        Command::Sfs { what } => sfs(cli, &db, &ctx, what),
        Command::Timeline { reference, on } => timeline(cli, &db, &ctx, reference, *on),
        Command::Run { what } => run_command(cli, &db, &ctx, what),
        Command::Users { what } => users(cli, &db, &ctx, what),
        Command::Encrypt { .. } => unreachable!("handled before the database is opened"),
        Command::Audit { what: AuditWhat::Verify } => {
            let check = api::verify_audit_chain(&db)?;
            print(cli, &check, || match &check.broken {
                None => format!("audit log: {} rows, the chain is whole", check.rows),
                Some(b) => format!("audit log: BROKEN at row {} ({}): {}", b.seq, b.id, b.reason),
            })?;
            match &check.broken {
                None => Ok(()),
                Some(b) => Err(Error::Conflict(format!("the audit log's chain is broken at row {}", b.seq))),
            }
        }
        Command::Audit { what: AuditWhat::List { filter, limit, page } } => {
            let query = api::AuditQuery { limit: Some(*limit), page: Some(*page), ..filter.query() };
            let log = api::audit_log(&db, &ctx, query)?;
            print(cli, &log, || {
                let mut out = String::new();
                for r in &log.rows {
                    let who = r.user_name.as_deref().unwrap_or(&r.user_id);
                    let about = [r.party_name.as_deref(), r.account_reference.as_deref()].into_iter().flatten();
                    out += &format!(
                        "{}  {:<20} {:<24} {:<18} {}  {}\n",
                        r.at,
                        who,
                        r.action,
                        r.entity,
                        r.entity_id,
                        about.collect::<Vec<_>>().join(" ")
                    );
                }
                out + &format!(
                    "rows {} to {} of {} (page {} of {})",
                    log.first, log.last, log.total, log.page, log.pages
                )
            })
        }
        Command::Audit { what: AuditWhat::Export { filter, csv } } => {
            let text = api::audit_log_csv(&db, &ctx, filter.query())?;
            let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
            if csv.as_os_str() == "-" {
                std::io::stdout().lock().write_all(text.as_bytes())?;
                return Ok(());
            }
            std::fs::write(csv, text).map_err(|e| Error::validation(csv.display().to_string(), e.to_string()))?;
            print(cli, &serde_json::json!({"file": csv, "rows": rows}), || {
                format!("{}: {rows} rows of the audit log", csv.display())
            })
        }
        Command::Arrangement { what } => arrangement_monitor(cli, &db, &ctx, what),
        Command::Court { what } => court(cli, &db, &ctx, what),
        Command::Backup { .. } | Command::Restore { .. } | Command::Retention { .. } | Command::Sar { .. } => {
            data_protection(cli, &db, &ctx)
        }
    }
}

fn calc(cli: &Cli, db: &recovery_core::Db, ctx: &Ctx) -> Result<(), Error> {
    let Command::Calc { what: CalcWhat::Instalments { charge, scheme, bill_date, year, day, debt } } = &cli.command
    else {
        unreachable!("the other calculators read no database")
    };
    let schedule = api::calculate_instalments(
        db,
        ctx,
        api::CalculateInstalmentsInput {
            charge: charge.clone(),
            scheme: Some(scheme.clone()),
            bill_date: bill_date.clone(),
            financial_year: *year,
            day_of_month: *day,
            debt_type: Some(debt.clone()),
        },
    )
    .map_err(|e| match e {
        Error::Validation { field, reason } => Error::validation(cli_flag(&field), reason),
        other => other,
    })?;
    print(cli, &schedule, || {
        let mut text = format!("{:>3}  {:<10}  {:>10}\n", "No.", "Due on", "Amount");
        for i in &schedule.instalments {
            text += &format!("{:>3}  {:<10}  {:>10}\n", i.number, i.due_on, i.amount.to_string());
        }
        text += &format!("{:>3}  {:<10}  {:>10}", "", "Total", schedule.total.to_string());
        for r in &schedule.rules {
            text += &format!("\n  {} ({}): {}", r.rule, r.regulation, r.reason);
        }
        text
    })
}

/// The flag a core input field came from (`billDate` is `--bill-date`).
fn cli_flag(field: &str) -> String {
    let name = match field {
        "financialYear" => "year",
        "dayOfMonth" => "day",
        "debtType" => "debt",
        other => other,
    };
    let mut flag = String::from("--");
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            flag.push('-');
        }
        flag.push(c.to_ascii_lowercase());
    }
    flag
}

fn timeline(cli: &Cli, db: &recovery_core::Db, ctx: &Ctx, reference: &str, on: Option<NaiveDate>) -> Result<(), Error> {
    let account = api::show_account(db, ctx, reference)?.account;
    let t = api::account_timetable(
        db,
        ctx,
        api::AccountTimetableInput { account_id: account.id.clone(), on: on.map(|d| d.to_string()) },
    )?;
    print(cli, &t, || {
        let mut text = format!("{}  {}  on {}\n", t.reference, account.debt_type_label, t.on);
        for h in t.holds.iter().filter(|h| h.in_force) {
            let until = h.last_day.map_or("until released".to_string(), |d| format!("until {d}"));
            text += &format!("  HELD: {} from {} {until}\n", h.kind_label, h.hold.starts_on);
        }
        for l in &t.liabilities {
            text += &format!(
                "\n{} ({} to {}): charged {}, costs {}, paid {}, balance {}\n",
                l.year_label, l.period_from, l.period_to, l.charged, l.costs, l.credited, l.balance
            );
            for i in &l.instalments {
                text += &format!(
                    "  {:>2}  {}  {:>10}  paid {:>10}\n",
                    i.number,
                    i.due_on,
                    i.amount.to_string(),
                    i.paid.to_string()
                );
            }
            match (&l.timeline, &l.note) {
                (Some(tl), _) => {
                    for m in &tl.missed {
                        text += &match m.unpaid.is_zero() {
                            true => format!("  missed: instalment {} due {}, paid late\n", m.number, m.due_on),
                            false => {
                                format!("  missed: instalment {} due {}, {} unpaid\n", m.number, m.due_on, m.unpaid)
                            }
                        };
                    }
                    for s in tl.steps.iter().chain(&tl.next) {
                        text += &format!("  {}  {}: {} ({})\n", s.on, action(s.action), s.reason, s.regulation);
                    }
                    if let Some(d) = tl.earliest_summons_on {
                        text += &format!("  earliest summons: {d}\n");
                    }
                    if let Some(d) = tl.limitation_last_day {
                        text += &format!("  limitation: last day {d}\n");
                    }
                }
                (None, Some(note)) => text += &format!("  {note}\n"),
                (None, None) => {}
            }
            if let Some(h) = &l.held_by {
                text += &format!("  held: {}\n", h.reason);
            }
        }
        match &t.next {
            Some(n) => {
                text += &format!(
                    "\nNext: {} {} on {} ({})",
                    n.year_label,
                    action(n.step.action),
                    n.step.on,
                    n.step.regulation
                );
                if let Some(h) = &n.held_by {
                    text += &format!("\n  but held: {}", h.reason);
                }
            }
            None => text += "\nNext: nothing due",
        }
        text
    })
}

/// A step's action as its snake_case code (`final_notice`).
fn action<T: Serialize>(a: T) -> String {
    serde_json::to_value(a).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The run an action is for: `--run`, or the newest of `--type`/`--debt` made on `--on` in one of `statuses`.
fn chosen_run(db: &recovery_core::Db, ctx: &Ctx, c: &RunChoice, statuses: &[&str]) -> Result<String, Error> {
    if let Some(id) = &c.run {
        return Ok(id.clone());
    }
    let on = c.on.unwrap_or(ctx.today);
    let run_type = c.run_type.replace('-', "_");
    let debt = recovery_core::model::DebtType::parse(&c.debt, "--debt")?;
    let runs = api::runs(db, ctx, api::RunsInput { since: Some(on.to_string()) })?;
    runs.into_iter()
        .find(|r| {
            r.run_on == on && r.run_type == run_type && r.debt_type == debt && statuses.contains(&r.status.as_str())
        })
        .map(|r| r.id)
        .ok_or_else(|| {
            Error::NotFound(format!(
                "a {} run of {} on {on} that is {} (give --run ID; `run list` shows them)",
                c.run_type,
                c.debt,
                statuses.join(" or ")
            ))
        })
}

fn run_summary(v: &api::RunView) -> String {
    let r = &v.run;
    let mut text = format!(
        "run {}  {} ({})  on {}  {}\n  selected {} for {}, out {}; prepared by {}",
        r.id,
        v.label,
        r.debt_type.label(),
        r.run_on,
        r.status,
        r.selected_count,
        r.selected_amount,
        r.excluded_count,
        r.prepared_by
    );
    if let Some(by) = &r.authorised_by {
        text += &format!(", authorised by {by}");
    }
    if let Some(by) = &r.committed_by {
        text += &format!(", committed by {by} ({} items)", r.committed_count);
    }
    for c in &v.counts {
        text += &format!("\n    {:<28} {:>8}", c.exclusion, c.count);
    }
    text
}

fn run_command(cli: &Cli, db: &recovery_core::Db, ctx: &Ctx, what: &RunWhat) -> Result<(), Error> {
    // A run is made on its day: --on is the day the engine acts on.
    let on_day = |c: &RunChoice| {
        let mut ctx = ctx.clone();
        if let Some(on) = c.on {
            ctx.today = on;
        }
        ctx
    };
    match what {
        RunWhat::Preview { choice, accounts, limit, minimum, csv } => {
            let ctx = on_day(choice);
            let view = api::preview_run(
                db,
                &ctx,
                api::PreviewRunInput {
                    run_type: choice.run_type.replace('-', "_"),
                    debt_type: choice.debt.clone(),
                    account_references: (!accounts.is_empty()).then(|| accounts.clone()),
                    limit: *limit,
                    minimum_amount: minimum.clone(),
                },
            )?;
            if let Some(path) = csv {
                let text = api::export_run_csv(db, &view.run.id)?;
                if path.as_os_str() == "-" {
                    print!("{text}");
                    return Ok(());
                }
                let partial = path.with_extension("partial");
                std::fs::write(&partial, text)
                    .map_err(|e| Error::validation("--csv", format!("{}: {e}", path.display())))?;
                std::fs::rename(&partial, path)?;
            }
            print(cli, &view, || run_summary(&view))
        }
        RunWhat::Authorise { choice } => {
            let ctx = on_day(choice);
            let run_id = chosen_run(db, &ctx, choice, &["prepared"])?;
            let view = api::authorise_run(db, &ctx, api::RecoveryRunInput { run_id })?;
            print(cli, &view, || run_summary(&view))
        }
        RunWhat::Commit { choice, no_letters } => {
            let ctx = on_day(choice);
            let run_id = chosen_run(db, &ctx, choice, &["authorised"])?;
            let out = api::commit_run(db, &ctx, api::CommitRunInput { run_id, issue_letters: !no_letters })?;
            print(cli, &out, || {
                format!(
                    "{}\n  committed {}, dropped {} (no longer due), letters {}, costs {}, tasks {}",
                    run_summary(&out.run),
                    out.committed,
                    out.dropped,
                    out.letters,
                    out.costs,
                    out.tasks_raised
                )
            })
        }
        RunWhat::Reverse { choice, reason } => {
            let ctx = on_day(choice);
            let run_id = chosen_run(db, &ctx, choice, &["committed"])?;
            let view = api::reverse_run(db, &ctx, api::ReverseRunInput { run_id, reason: reason.clone() })?;
            print(cli, &view, || run_summary(&view))
        }
        RunWhat::Dispatch { choice } => {
            let ctx = on_day(choice);
            let run_id = chosen_run(db, &ctx, choice, &["committed"])?;
            let view = api::mark_run_dispatched(db, &ctx, api::RecoveryRunInput { run_id })?;
            print(cli, &view, || run_summary(&view))
        }
        RunWhat::List { since } => {
            let runs = api::runs(db, ctx, api::RunsInput { since: since.map(|d| d.to_string()) })?;
            print(cli, &runs, || {
                if runs.is_empty() {
                    return "no runs".into();
                }
                runs.iter()
                    .map(|r| {
                        format!(
                            "{}  {}  {:<16} {:<14} {:<12} in {:>6}  out {:>6}  {:>12}",
                            r.id,
                            r.run_on,
                            r.run_type,
                            r.debt_type.label(),
                            r.status,
                            r.selected_count,
                            r.excluded_count,
                            r.selected_amount.to_string()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
    }
}

#[allow(clippy::disallowed_methods)] // the CLI is where the clock is read
fn arrangement_plan(cli: &Cli, what: &ArrangementWhat) -> Result<(), Error> {
    let ArrangementWhat::Plan { balance, year_end_balance, frequency, start, amount, end, affordable } = what else {
        unreachable!("a plan")
    };
    let money = |text: &str, field: &str| Money::parse(text).map_err(|e| Error::validation(field, e.to_string()));
    let balance = money(balance, "--balance")?;
    let this_year = year_end_balance.as_deref().map(|t| money(t, "--year-end-balance")).transpose()?;
    let frequency = recovery_core::rules::arrangements::PaymentFrequency::parse(frequency).ok_or_else(|| {
        Error::validation(
            "--frequency",
            format!("'{frequency}' is not one of: weekly, fortnightly, four-weekly, monthly"),
        )
    })?;
    let size = match (amount, end) {
        (Some(a), None) => recovery_core::rules::arrangements::PlanSize::Amount(money(a, "--amount")?),
        (None, Some(e)) => recovery_core::rules::arrangements::PlanSize::EndOn(*e),
        _ => return Err(Error::validation("--amount", "give --amount or --end")),
    };
    let affordable = affordable.as_deref().map(|a| money(a, "--affordable")).transpose()?;
    let today = cli.today.unwrap_or_else(|| Local::now().date_naive());
    let policy = match &cli.db {
        Some(path) => api::arrangement_policy(&api::open(path, &Ctx::new("cli", Utc::now(), today))?)?,
        None => Default::default(),
    };
    let p = api::calculate_arrangement(balance, this_year, frequency, *start, size, affordable, today, &policy)?;
    print(cli, &p, || {
        let mut text = format!("{:>4}  {:<12} {:>10}\n", "No.", "Due on", "Amount");
        for s in &p.schedule {
            text += &format!("{:>4}  {:<12} {:>10}\n", s.number, s.due_on.to_string(), s.amount.to_string());
        }
        text += &format!(
            "{} {} payments of {} ({} a month), last {} on {}; total {}",
            p.count,
            frequency.label(),
            p.amount,
            p.monthly_equivalent,
            p.last_payment.amount,
            p.last_payment.due_on,
            p.total
        );
        for f in &p.flags {
            text += &format!("\n  {:?}: {}", f.severity, f.reason);
        }
        text
    })
}

fn arrangement_monitor(cli: &Cli, db: &recovery_core::Db, ctx: &Ctx, what: &ArrangementWhat) -> Result<(), Error> {
    let ArrangementWhat::Monitor { commit, no_letters, .. } = what else { unreachable!("answered in run") };
    let mut view = api::preview_arrangement_monitoring(db, ctx, api::MonitoringInput::default())?;
    if *commit {
        view = api::commit_arrangement_monitoring(
            db,
            ctx,
            api::CommitMonitoringInput { run_id: view.run.id.clone(), issue_letters: !no_letters },
        )?;
    }
    print(cli, &view, || {
        let r = &view.run;
        let mut text = format!(
            "{} monitoring of {}: {} live, {} on track, {} missed ({} held); {} default letters, {} breaks, {} completions{}",
            r.status,
            r.run_on,
            r.live_count,
            r.on_track_count,
            r.missed_count,
            r.held_count,
            r.default_count,
            r.break_count,
            r.complete_count,
            if r.status == "committed" { format!("; {} acted on", r.committed_count) } else { String::new() }
        );
        for i in &view.items {
            text += &format!(
                "\n  {:<8} {:<12} {:<28} {}",
                i.action,
                api::arrangement_reference(&i.arrangement_id),
                i.party_name,
                i.reason
            );
        }
        text
    })
}

/// The creditors' names and amounts as given (`NAME=AMOUNT` or `AMOUNT`), in order.
fn creditors(debt: &[String], debts: &[String]) -> Vec<(String, String, String)> {
    let named = debt.iter().map(|d| {
        let (name, amount) = match d.rsplit_once('=') {
            Some((name, amount)) => (name.trim().to_string(), amount.trim().to_string()),
            None => (String::new(), d.trim().to_string()),
        };
        (format!("--debt {d}"), name, amount)
    });
    let listed = debts.iter().map(|d| (format!("--debts {d}"), String::new(), d.trim().to_string()));
    named.chain(listed).collect()
}

#[derive(Serialize)]
struct ProRata {
    available: Money,
    total_owed: Money,
    shares: Vec<ProRataShare>,
}

#[derive(Serialize)]
struct ProRataShare {
    creditor: String,
    amount_owed: Money,
    share: Money,
}

fn pro_rata(cli: &Cli, available: &str, debt: &[String], debts: &[String]) -> Result<(), Error> {
    let given = creditors(debt, debts);
    if given.is_empty() {
        return Err(Error::validation("--debt", "give each creditor as --debt NAME=AMOUNT (or --debts 1000,700)"));
    }
    let amounts: Vec<String> = given.iter().map(|(_, _, a)| a.clone()).collect();
    let shares =
        api::calculate_pro_rata(api::ProRataInput { available: available.to_string(), debts: amounts.clone() })
            .map_err(|e| match e {
                Error::Validation { field, reason } if field == "available" => Error::validation("--available", reason),
                Error::Validation { field, reason } => {
                    let i: Option<usize> =
                        field.strip_prefix("debts[").and_then(|f| f.strip_suffix(']')).and_then(|n| n.parse().ok());
                    Error::validation(i.and_then(|i| given.get(i)).map_or(field, |g| g.0.clone()), reason)
                }
                other => other,
            })?;
    let owed: Vec<Money> =
        amounts.iter().map(|a| Money::parse_lenient(a).expect("read by calculate_pro_rata")).collect();
    let out = ProRata {
        available: Money::parse_lenient(available).expect("read by calculate_pro_rata"),
        total_owed: owed.iter().copied().sum(),
        shares: given
            .iter()
            .zip(owed)
            .zip(&shares)
            .enumerate()
            .map(|(i, ((g, amount_owed), share))| ProRataShare {
                creditor: if g.1.is_empty() { format!("Creditor {}", i + 1) } else { g.1.clone() },
                amount_owed,
                share: *share,
            })
            .collect(),
    };
    print(cli, &out, || {
        let mut text = format!("{:<32} {:>12} {:>10}\n", "Creditor", "Owed", "Share");
        for s in &out.shares {
            text += &format!("{:<32} {:>12} {:>10}\n", s.creditor, s.amount_owed.to_string(), s.share.to_string());
        }
        text += &format!("{:<32} {:>12} {:>10}", "Total", out.total_owed.to_string(), out.available.to_string());
        text
    })
}

fn read_text(file: &std::path::Path) -> Result<(String, String), Error> {
    let content =
        std::fs::read_to_string(file).map_err(|e| Error::validation(file.display().to_string(), e.to_string()))?;
    Ok((file.display().to_string(), content))
}

fn sfs_summary(cli: &Cli, file: &std::path::Path) -> Result<(), Error> {
    let (name, content) = read_text(file)?;
    let o = api::sfs_overview(&name, &content)?;
    print(cli, &o, || {
        let mut text = format!("{name}: {}\n", o.schema.label());
        for (label, value) in [
            ("Total monthly income", o.total_monthly_income),
            ("Total monthly outgoings", o.total_monthly_outgoings),
            ("Income minus outgoings", o.income_minus_outgoings),
            ("Savings contribution", o.savings_contribution),
            ("Debt admin fee", o.debt_admin_fee),
            ("Available for priority debts", o.total_available_for_priority_debts),
            ("Priority debt offers", o.total_priority_debt_offers),
            ("Available for non-priority debts", o.total_available_for_non_priority_debts),
        ] {
            text += &format!("  {label:<34} {:>10}\n", value.to_string());
        }
        if !o.non_priority_pro_rata.is_empty() {
            text += "  Pro-rata shares of what is available for non-priority debts:\n";
            for s in &o.non_priority_pro_rata {
                text += &format!(
                    "    {:<30} owed {:>10}  share {:>8}\n",
                    s.creditor,
                    s.amount_owed.to_string(),
                    s.share.to_string()
                );
            }
        }
        for w in &o.warnings {
            text += &format!("  warning: {}\n", w.message);
        }
        text.trim_end().to_string()
    })
}

fn sfs(cli: &Cli, db: &recovery_core::Db, ctx: &Ctx, what: &SfsWhat) -> Result<(), Error> {
    match what {
        SfsWhat::Summary { .. } => unreachable!("answered in run"),
        SfsWhat::Import { person, taken_on, file } => {
            let (name, content) = read_text(file)?;
            let imported = api::import_sfs_statement(
                db,
                ctx,
                api::ImportSfsInput {
                    party_id: person.clone(),
                    file_name: name.clone(),
                    content,
                    taken_on: taken_on.clone(),
                },
            )?;
            print(cli, &imported, || {
                let s = &imported.saved;
                let o = &s.view.assessment.overview;
                let mut text = format!(
                    "{name}: imported as statement {} of {} ({})\n  income {}, expenditure {}, available for priority debts {}",
                    s.record.id,
                    s.record.taken_on,
                    imported.schema.label(),
                    o.total_income,
                    o.total_expenditure,
                    o.available_for_priority_debts
                );
                for w in &imported.warnings {
                    text += &format!("\n  warning: {}", w.message);
                }
                text
            })
        }
        SfsWhat::Export { person, statement, schema, out } => {
            let schema = match schema.as_str() {
                "data-entry" | "data_entry" => api::sfs::SfsSchema::DataEntry,
                "summary" => api::sfs::SfsSchema::Summary,
                other => {
                    return Err(Error::validation("--schema", format!("'{other}' is not data-entry or summary")));
                }
            };
            let id = match statement {
                Some(id) => id.clone(),
                None => {
                    api::latest_income_expenditure(db, ctx, person)?
                        .ok_or_else(|| {
                            Error::NotFound(format!("an income and expenditure statement for person {person}"))
                        })?
                        .record
                        .id
                }
            };
            let saved = api::income_expenditure(db, ctx, &id)?;
            if saved.record.party_id != *person {
                return Err(Error::validation("--statement", format!("statement {id} is not person {person}'s")));
            }
            let text =
                api::export_sfs_statement(db, ctx, api::ExportSfsInput { id: id.clone(), schema: Some(schema) })?;
            if out.as_os_str() == "-" {
                return say(&text);
            }
            // Write beside the target and rename, so a failed export never leaves half a file.
            let partial = out.with_extension("partial");
            std::fs::write(&partial, format!("{text}\n"))?;
            std::fs::rename(&partial, out)?;
            let report = serde_json::json!({"statement": id, "taken_on": saved.record.taken_on, "schema": schema, "file": out.display().to_string()});
            print(cli, &report, || {
                format!("{}: statement of {} as {}", out.display(), saved.record.taken_on, schema.label())
            })
        }
    }
}

fn letters(cli: &Cli, db: &recovery_core::Db, ctx: &Ctx, what: &LettersWhat) -> Result<(), Error> {
    match what {
        LettersWhat::Render { template, account, out, facts, duplex } => {
            let mut form = std::collections::BTreeMap::new();
            for fact in facts {
                let (key, value) = fact
                    .split_once('=')
                    .ok_or_else(|| Error::validation("--fact", format!("'{fact}' is not KEY=VALUE")))?;
                form.insert(key.trim().to_string(), value.to_string());
            }
            let letter = api::render_account_letter(
                db,
                ctx,
                api::AccountLetterInput {
                    template_name: template.clone(),
                    account_reference: account.clone(),
                    facts: form,
                    duplex: *duplex,
                },
            )?;
            write_pdf(out, &letter.pdf)?;
            let report = serde_json::json!({
                "out": out.display().to_string(),
                "title": letter.title,
                "template_name": letter.template_name,
                "template_version": letter.template_version,
                "page_count": letter.page_count,
                "bytes": letter.pdf.len(),
            });
            print(cli, &report, || {
                format!(
                    "{}: {} (version {}) for {}, {} page(s)",
                    out.display(),
                    letter.title,
                    letter.template_version,
                    account,
                    letter.page_count
                )
            })
        }
        LettersWhat::Batch { run, out } => {
            let run = api::letter_run(db, api::RunInput { run_id: run.clone() })?;
            let file = api::print_letter_run(db, ctx, api::RunInput { run_id: run.id.clone() }, &mut |_| true)?;
            write_pdf(out, &file.pdf)?;
            let report = serde_json::json!({
                "out": out.display().to_string(),
                "run": run.reference,
                "run_id": run.id,
                "status": run.status,
                "letters": run.letter_count,
                "page_count": file.page_count,
                "bytes": file.pdf.len(),
            });
            print(cli, &report, || {
                format!(
                    "{}: print run {} ({}), {} letter(s), {} page(s) with the cover sheet",
                    out.display(),
                    run.reference,
                    run.title,
                    run.letter_count,
                    file.page_count
                )
            })
        }
        LettersWhat::Runs => {
            let runs = api::letter_runs(db)?;
            print(cli, &runs, || {
                if runs.is_empty() {
                    return "no print runs".into();
                }
                runs.iter()
                    .map(|r| {
                        format!(
                            "{}  {}  {:<16} {:>6} letters  {}",
                            r.reference, r.prepared_on, r.status_label, r.letter_count, r.title
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
    }
}

/// Writes beside the target and renames, so a failed write never leaves half a PDF. A missing folder is
/// bad input naming --out.
fn write_pdf(out: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    if !dir.is_dir() {
        return Err(Error::validation("--out", format!("the folder {} does not exist", dir.display())));
    }
    let partial = out.with_extension("partial");
    std::fs::write(&partial, bytes).map_err(|e| Error::validation("--out", format!("{}: {e}", out.display())))?;
    std::fs::rename(&partial, out)?;
    Ok(())
}

fn print<T: Serialize>(cli: &Cli, value: &T, text: impl FnOnce() -> String) -> Result<(), Error> {
    if cli.json {
        say(&serde_json::to_string_pretty(value).map_err(|e| Error::Internal(e.to_string()))?)
    } else {
        say(&text())
    }
}

/// One block of output and a line break. A reader that has gone (`… | head -1`) ends the program quietly, as
/// Unix tools do, where `println!` would panic.
fn say(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => Ok(other?),
    }
}

/// Splits `KEY=VALUE` (the value may hold `=`), naming the flag when it does not.
fn key_value<'a>(text: &'a str, flag: &str) -> Result<(&'a str, &'a str), Error> {
    text.split_once('=')
        .map(|(k, v)| (k.trim(), v.trim()))
        .ok_or_else(|| Error::validation(flag, format!("'{text}' is not KEY=VALUE")))
}

fn write_text(out: &std::path::Path, text: &str, flag: &str) -> Result<(), Error> {
    let partial = out.with_extension("partial");
    std::fs::write(&partial, text).map_err(|e| Error::validation(flag, format!("{}: {e}", out.display())))?;
    std::fs::rename(&partial, out)?;
    Ok(())
}

fn hearing_line(h: &recovery_core::db::court::HearingRow) -> String {
    format!(
        "{}  {} {}  {:<32} {:<8} summons {} LO {}  {}",
        h.id,
        h.hearing_on,
        h.hearing_time,
        h.court_name,
        h.status,
        h.summons_costs,
        h.liability_order_costs,
        api::hearing_reference(&h.id)
    )
}

fn court(cli: &Cli, db: &recovery_core::Db, ctx: &Ctx, what: &CourtWhat) -> Result<(), Error> {
    match what {
        CourtWhat::Costs { year, pool, summonses, summons_percent, jurisdiction, debt, adopted, notes } => {
            let m = api::record_costs_methodology(
                db,
                ctx,
                api::CostsMethodologyInput {
                    debt_type: Some(debt.clone()),
                    jurisdiction: jurisdiction.clone(),
                    financial_year: *year,
                    adopted_on: adopted.unwrap_or(ctx.today).to_string(),
                    pool_items: vec![],
                    cost_pool: Some(pool.clone()),
                    summonses: *summonses,
                    summons_percent: *summons_percent,
                    notes: notes.clone(),
                },
            )?;
            print(cli, &m, || {
                format!(
                    "{}  version {}: £{} over {} summonses: summons £{}, liability order £{}",
                    m.id, m.version, m.cost_pool, m.summonses, m.summons_costs, m.liability_order_costs
                )
            })
        }
        CourtWhat::Methodology { id, out } => match (id, out) {
            (Some(id), Some(out)) => {
                write_pdf(out, &api::costs_methodology_pdf(db, ctx, id)?)?;
                print(cli, &serde_json::json!({"out": out}), || format!("{}", out.display()))
            }
            (Some(_), None) => Err(Error::validation("--out", "say where to write the PDF")),
            (None, _) => {
                let all = api::costs_methodologies(db)?;
                print(cli, &all, || {
                    all.iter()
                        .map(|m| {
                            format!(
                                "{}  {} {} {} v{}  summons £{} LO £{}",
                                m.id,
                                m.debt_type.label(),
                                m.jurisdiction.label(),
                                m.financial_year,
                                m.version,
                                m.summons_costs,
                                m.liability_order_costs
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            }
        },
        CourtWhat::Hearing {
            what:
                HearingWhat::Add {
                    court,
                    address,
                    date,
                    time,
                    officer,
                    jurisdiction,
                    debt,
                    methodology,
                    summons_costs,
                    lo_costs,
                },
        } => {
            let v = api::create_hearing(
                db,
                ctx,
                api::HearingInput {
                    court_name: court.clone(),
                    court_address: address.clone(),
                    jurisdiction: Some(jurisdiction.clone()),
                    debt_type: Some(debt.clone()),
                    hearing_on: date.to_string(),
                    hearing_time: time.clone(),
                    authorised_officer: officer.clone(),
                    methodology_id: methodology.clone(),
                    summons_costs: summons_costs.clone(),
                    liability_order_costs: lo_costs.clone(),
                },
            )?;
            print(cli, &v, || {
                let mut out = hearing_line(&v.hearing);
                for w in &v.warnings {
                    out += &format!("\n  warning: {w}");
                }
                out
            })
        }
        CourtWhat::Hearing { what: HearingWhat::List { since } } => {
            let list = api::court_hearings(db, ctx, api::HearingsInput { since: since.map(|d| d.to_string()) })?;
            print(cli, &list, || {
                if list.is_empty() {
                    return "no hearings".into();
                }
                list.iter().map(hearing_line).collect::<Vec<_>>().join("\n")
            })
        }
        CourtWhat::Hearing { what: HearingWhat::Show { id } } => {
            let v = api::court_hearing(db, id)?;
            print(cli, &v, || {
                format!(
                    "{}\n  {} complaints, {} listed, {} outcomes; lists kept: {}",
                    hearing_line(&v.hearing),
                    v.complaints,
                    v.listed,
                    v.outcomes,
                    v.documents.iter().map(|d| d.kind.as_str()).collect::<Vec<_>>().join(", ")
                )
            })
        }
        CourtWhat::Summons { hearing, accounts, limit, csv } => {
            let view = api::preview_summons_run(
                db,
                ctx,
                api::SummonsRunInput {
                    hearing_id: hearing.clone(),
                    account_references: (!accounts.is_empty()).then(|| accounts.clone()),
                    limit: *limit,
                    minimum_amount: None,
                },
            )?;
            if let Some(path) = csv {
                write_text(path, &api::export_run_csv(db, &view.run.id)?, "--csv")?;
            }
            print(cli, &view, || run_summary(&view))
        }
        CourtWhat::Refresh { hearing } => {
            let list = api::refresh_court_list(db, ctx, api::HearingIdInput { hearing_id: hearing.clone() })?;
            print(cli, &list, || list_summary(&list))
        }
        CourtWhat::Mark { hearing, account, mark, reason } => {
            let list = api::mark_listing(
                db,
                ctx,
                api::MarkListingInput {
                    hearing_id: hearing.clone(),
                    account_reference: account.clone(),
                    mark: mark.clone(),
                    reason: reason.clone(),
                },
            )?;
            print(cli, &list, || list_summary(&list))
        }
        CourtWhat::Outcomes { hearing, bulk, adjourn_to, individual, attended, notes, to } => {
            let mut heard = Vec::new();
            for i in individual {
                let (reference, outcome) = key_value(i, "--individual")?;
                let note = notes
                    .iter()
                    .filter_map(|n| key_value(n, "--note").ok())
                    .find(|(r, _)| *r == reference)
                    .map(|(_, t)| t.to_string())
                    .unwrap_or_default();
                let to = to
                    .iter()
                    .filter_map(|n| key_value(n, "--to").ok())
                    .find(|(r, _)| *r == reference)
                    .map(|(_, t)| t.to_string());
                heard.push(api::IndividualOutcomeInput {
                    account_reference: reference.to_string(),
                    outcome: outcome.to_string(),
                    attended: attended.iter().any(|a| a.trim() == reference),
                    notes: note,
                    adjourned_to_hearing_id: to,
                });
            }
            let out = api::record_court_outcomes(
                db,
                ctx,
                api::RecordOutcomesInput {
                    hearing_id: hearing.clone(),
                    bulk: bulk.clone(),
                    adjourned_to_hearing_id: adjourn_to.clone(),
                    individual: heard,
                },
            )?;
            print(cli, &out, || {
                format!(
                    "granted {}, withdrawn {}, adjourned {}, refused {}; orders £{} (liability order costs £{}); \
                     endorsed list {}",
                    out.granted,
                    out.withdrawn,
                    out.adjourned,
                    out.refused,
                    out.orders_total,
                    out.liability_order_costs,
                    out.endorsed_document_id
                )
            })
        }
        CourtWhat::List { hearing, out, csv, order, kind } => {
            let input = api::CourtListInput { hearing_id: hearing.clone(), order: order.clone(), kind: kind.clone() };
            let list = api::court_list(db, ctx, input.clone())?;
            write_pdf(out, &api::render_court_list_pdf(&list)?)?;
            if let Some(path) = csv {
                write_text(path, &api::render_court_list_csv(&list)?, "--csv")?;
            }
            print(cli, &list, || format!("{}: {}", out.display(), list_summary(&list)))
        }
        CourtWhat::Bundle {
            account,
            kind,
            out,
            officer,
            officer_title,
            hearing,
            court,
            exhibits,
            exhibit_titles,
            sections,
            draft,
        } => {
            let mut files = Vec::new();
            for (i, path) in exhibits.iter().enumerate() {
                let bytes = std::fs::read(path)
                    .map_err(|e| Error::validation("--exhibit", format!("{}: {e}", path.display())))?;
                let title = exhibit_titles.get(i).cloned().unwrap_or_else(|| {
                    path.file_stem().map(|s| s.to_string_lossy().replace(['-', '_'], " ")).unwrap_or_default()
                });
                let name = path.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
                files.push((title, name, bytes));
            }
            let bundle = api::prepare_court_bundle(
                db,
                ctx,
                api::PrepareBundleInput {
                    account_reference: account.clone(),
                    kind: kind.clone(),
                    hearing_id: hearing.clone(),
                    court: court.clone(),
                    officer_name: officer.clone().unwrap_or_else(|| ctx.user_id.clone()),
                    officer_title: officer_title.clone(),
                    sections: (!sections.is_empty()).then(|| sections.clone()),
                },
            )?;
            for (title, name, bytes) in &files {
                api::add_bundle_exhibit_file(db, ctx, &bundle.bundle.id, title, name, bytes)?;
            }
            let built = if *draft {
                api::court_bundle_pdf(db, ctx, &bundle.bundle.id)?
            } else {
                api::issue_court_bundle(db, ctx, &bundle.bundle.id)?
            };
            write_pdf(out, &built.pdf)?;
            print(cli, &built, || {
                let mut text = format!("{}: {} pages ({})\n", out.display(), built.page_count, built.title);
                for e in &built.index {
                    text += &format!("  {:>3}. {:<44} {}–{}\n", e.number, e.title, e.first_page, e.last_page);
                }
                text.trim_end().to_string()
            })
        }
    }
}

fn list_summary(list: &api::CourtListView) -> String {
    let t = &list.totals;
    let mut out = format!(
        "{} {} ({}): {} cases, {} proceeding; total sum £{}, total costs £{}",
        list.hearing.hearing_on, list.hearing.court_name, list.reference, t.cases, t.proceeding, t.sum, t.costs
    );
    for l in &list.lines {
        out += &format!(
            "\n  {:>4} {:<12} {:<28} {:<22} {:>10} {}",
            l.line,
            l.account_reference,
            l.defendants.first().map(|d| d.name.as_str()).unwrap_or(""),
            l.status_label,
            l.order_sought.to_string(),
            l.result.as_deref().unwrap_or("")
        );
    }
    out
}

// ------------------------------------------------------------------------------------------ data protection

fn data_protection(cli: &Cli, db: &recovery_core::Db, ctx: &Ctx) -> Result<(), Error> {
    match &cli.command {
        Command::Backup { to, keep } => {
            let b = api::backup_now(db, ctx, to, *keep)?;
            print(cli, &b, || {
                let mut out = format!("backup written: {} ({} bytes)", b.path.display(), b.bytes);
                for old in &b.rotated_out {
                    out += &format!("\n  removed (rotation): {}", old.display());
                }
                out
            })
        }
        Command::Retention { what: RetentionWhat::Preview } => {
            let p = api::preview_retention(db, ctx)?;
            print(cli, &p, || retention_text(&p))
        }
        Command::Retention { what: RetentionWhat::Run } => {
            let p = api::preview_retention(db, ctx)?;
            let run = api::run_retention(db, ctx, api::RunRetentionInput { party_ids: p.party_ids.clone() })?;
            print(cli, &serde_json::json!({"preview": p, "run": run}), || {
                let mut out = retention_text(&p);
                out += &format!("\nanonymised: {}", run.anonymised.len());
                for a in &run.anonymised {
                    out += &format!("\n  {} ({})", a.party_id, a.account_references.join(" "));
                }
                for s in &run.skipped {
                    out += &format!("\n  skipped {}: {}", s.party_id, s.reason);
                }
                out
            })
        }
        Command::Sar { person, out } => {
            let v = api::subject_access_export(db, ctx, person, out)?;
            print(cli, &v, || {
                format!(
                    "subject access export: {} accounts, {} ledger entries, {} audit rows\n  {}\n  {}",
                    v.accounts,
                    v.ledger_entries,
                    v.audit_rows,
                    v.json_path.display(),
                    v.pdf_path.display()
                )
            })
        }
        _ => unreachable!("not a data protection command"),
    }
}

fn retention_text(p: &api::RetentionPreview) -> String {
    let mut out = format!(
        "retention on {}: {} due, {} held back, {} anonymised before",
        p.as_of,
        p.due.len(),
        p.held_back.len(),
        p.already_anonymised
    );
    for d in &p.due {
        let refs: Vec<String> = d
            .accounts
            .iter()
            .map(|a| {
                format!(
                    "{} ({}, due {})",
                    a.reference,
                    a.rule_label.unwrap_or(""),
                    a.due_on.map_or(String::new(), |d| d.to_string())
                )
            })
            .collect();
        out += &format!("\n  due     {:<32} since {}  {}", d.name, d.due_on, refs.join("; "));
    }
    for h in &p.held_back {
        let why: Vec<&str> = h.reasons.iter().map(|r| r.text.as_str()).collect();
        out += &format!("\n  held    {:<32} {}", h.name, why.join("; "));
    }
    out
}

fn restore(
    cli: &Cli,
    ctx: &Ctx,
    from: &std::path::Path,
    db_path: &std::path::Path,
    key: Option<&recovery_core::db::DbKey>,
) -> Result<(), Error> {
    let r = api::restore_backup(ctx, from, db_path, key)?;
    print(cli, &r, || {
        let mut out = format!(
            "{} restored from {}: {} accounts, {} parties, {} ledger entries; audit chain whole ({} rows)",
            r.database.display(),
            r.restored_from.display(),
            r.counts.accounts,
            r.counts.parties,
            r.counts.ledger_entries,
            r.audit_rows
        );
        if let Some(b) = &r.before_restore {
            out += &format!("\n  the database it replaced is kept as {}", b.display());
        }
        out
    })
}
