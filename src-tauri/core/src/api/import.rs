//! Import and export of accounts, parties and liabilities as CSV, in the documented format of
//! `docs/import.md`: every row is validated before anything is written, an import is all-or-nothing in one
//! transaction, running the same file twice changes nothing, and an export imports back to the same file.
//!
//! The work is split in three: `read_file` parses and validates every row in one pass (a second thread
//! validates while the first reads and groups) into accounts, parties and liabilities, without the
//! database; `plan` compares that with what the database already holds, inside the write transaction;
//! `write` inserts what is new in batches, parents first, while a second thread works out the search keys.
//! Export walks the database in reference order and writes the same cells the import reads, through the
//! same functions (`account_cells`, `party_cells`, `liability_cells`) the import compares rows with.
//!
//! ## Speed
//!
//! A file with more than twice the accounts the database holds (a first import above all) is written
//! through `Db::bulk_write`: foreign keys checked once, by `PRAGMA foreign_key_check`, before the commit
//! instead of on every row, and a rollback journal instead of the WAL for the load, so that each new page is
//! written once instead of twice (to the WAL, then at the checkpoint). The rows go in 100 to a statement
//! with `INSERT OR FAIL` (an error fails the whole import anyway, so no statement journal is kept), every
//! table's ids ascending. The search keys are packed 40 bytes each (`PackedKeys`), sorted on the second
//! thread by their first sixteen bytes, and bound from there, ids made from their 128 bits, so that binding
//! them reads no scattered memory; a big first import builds the index by party once at the end, with
//! SQLite's sorter in small runs on a second thread. The maps hash with FxHash.
//!
//! Measured on the lead's 450,000-account demo export (899,594 rows, 252 MB; 546,262 parties, 1,345,125
//! ledger entries, 7.4 million search keys; its 397 parties that shared an NI or company number with
//! another were given numbers of their own first, or the file is refused), release build, the CLI's
//! `import accounts` into a fresh `init`ed database under `/usr/bin/time -v`, before (`fab7a75`) and after
//! back to back, on the 2-core machine shared with other engineers' builds (CPU pressure over 90%):
//!
//! | load average | before: wall clock, rows/s | after: wall clock, rows/s |
//! | --- | --- | --- |
//! | 6.4 | 112 s, 8,000 | 78 s, 11,500 |
//! | 7.5 to 8 | 136 s, 6,600 | 87 s, 10,300 |
//! | 10 to 12 | 211 s, 4,300 | 136 s, 6,600 |
//!
//! CPU (user + system) 64 to 66 s before, 39 to 40 s after; peak RSS 3.16 GB before, 2.26 GB after. The wall
//! clock follows the machine's load (`nice` did not change it). Of the 40 s of CPU after: reading and
//! checking the file 7 to 9 s, matching and ids 1 s, the rows 17 s (with the search keys worked out on the
//! second thread meanwhile), inserting the search keys 4 to 5 s, their index 5 s, the foreign-key check and
//! the commit 2 s. The generated file of `import_of_450_000_accounts_is_timed` (787,049 rows, 139 MB, 5.6
//! million search keys), back to back at load 5 to 6: 89.6 s before, 51.7 s after (8,700 accounts/s); at
//! load 8, 56.4 s, its export 15.1 s and the same file imported again (nothing changes) 42.2 s.

use crate::access::Permission;
use crate::db::import::{
    self as sql, AccountRecord, AddressRecord, Cell, LiabilityRecord, LinkRecord, PartyRecord, Writer,
};
use crate::db::search::{self, PartyKeys};
use crate::db::{audit, Bulk, Ctx, Db, Tx};
use crate::error::{Error, Problem, Result};
use crate::model::{financial_year_label, DebtType, Jurisdiction, LedgerKind, PartyKind, Role, Stage};
use crate::money::Money;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;

/// The import's maps hash with [`FxHasher`].
type HashMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
type HashSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FxHasher>>;

/// rustc's FxHash: a multiply and a rotate per eight bytes. The keys are the council's own references,
/// names and numbers, so SipHash's defence against crafted collisions (the standard maps' default) buys
/// nothing here, and it cost 2% of a big import.
#[derive(Clone, Copy, Default)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(i.into());
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The columns of the format, in the order an export writes them (docs/import.md §3).
pub const COLUMNS: [&str; 37] = [
    "account_reference",
    "debt_type",
    "jurisdiction",
    "account_status",
    "opened_on",
    "closed_on",
    "property_uprn",
    "property_line1",
    "property_line2",
    "property_line3",
    "property_line4",
    "property_line5",
    "property_postcode",
    "party_reference",
    "party_role",
    "party_kind",
    "title",
    "forenames",
    "surname",
    "organisation_name",
    "date_of_birth",
    "ni_number",
    "company_number",
    "phone",
    "email",
    "address_line1",
    "address_line2",
    "address_line3",
    "address_line4",
    "address_line5",
    "postcode",
    "financial_year",
    "period_from",
    "period_to",
    "description",
    "charge",
    "paid_to_date",
];

const NCOLS: usize = COLUMNS.len();
const ACCOUNT_REFERENCE: usize = 0;
const DEBT_TYPE: usize = 1;
const JURISDICTION: usize = 2;
const ACCOUNT_STATUS: usize = 3;
const OPENED_ON: usize = 4;
const CLOSED_ON: usize = 5;
const PROPERTY_UPRN: usize = 6;
const PROPERTY_LINE1: usize = 7;
const PROPERTY_POSTCODE: usize = 12;
const PARTY_REFERENCE: usize = 13;
const PARTY_ROLE: usize = 14;
const PARTY_KIND: usize = 15;
const TITLE: usize = 16;
const FORENAMES: usize = 17;
const SURNAME: usize = 18;
const ORGANISATION_NAME: usize = 19;
const DATE_OF_BIRTH: usize = 20;
const NI_NUMBER: usize = 21;
const COMPANY_NUMBER: usize = 22;
const PHONE: usize = 23;
const EMAIL: usize = 24;
const ADDRESS_LINE1: usize = 25;
const POSTCODE: usize = 30;
const FINANCIAL_YEAR: usize = 31;
const PERIOD_FROM: usize = 32;
const PERIOD_TO: usize = 33;
const DESCRIPTION: usize = 34;
const CHARGE: usize = 35;
const PAID_TO_DATE: usize = 36;

/// Columns the header must have; every other column may be left out (it then reads as blank).
const REQUIRED_COLUMNS: [usize; 5] = [ACCOUNT_REFERENCE, DEBT_TYPE, JURISDICTION, OPENED_ON, PARTY_ROLE];

/// The longest cell accepted, in characters.
const MAX_CELL: usize = 255;

/// From this many accounts already held, and a quarter of those in the database, a file is compared with
/// them in one walk over the database instead of account by account.
const WALK_HELD_ACCOUNTS: usize = 1_000;

/// The method of the payment entry that brings `paid_to_date` forward.
pub const IMPORTED_PAYMENT_METHOD: &str = "imported";

/// An export starts with a UTF-8 byte order mark so that Excel reads `£` and accents correctly.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// From this many accounts to write, the import enlarges the page cache while it writes (in KiB).
const BIG_IMPORT_ACCOUNTS: usize = 20_000;
const BIG_IMPORT_CACHE_KIB: i64 = 512 * 1024;

/// The page cache of a bulk load (in KiB). With a rollback journal, pages appended to the file go straight
/// to it, so a bigger cache saved nothing measurable: 64 MiB and 512 MiB took the same time for 150,000
/// accounts, and the smaller one 550 MB less memory.
const BULK_CACHE_KIB: i64 = 64 * 1024;

/// The tables an import writes rows to that have foreign keys, checked once before a bulk load commits.
const IMPORTED_TABLES: [&str; 7] =
    ["parties", "party_contacts", "accounts", "account_parties", "liabilities", "ledger_entries", "recovery_stages"];

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Data rows read (blank lines are not counted).
    pub rows: usize,
    pub accounts_added: usize,
    /// Accounts already held exactly as the file has them.
    pub accounts_unchanged: usize,
    /// Accounts already held to which the file added a year or a party.
    pub accounts_updated: usize,
    pub parties_added: usize,
    /// Parties of the file that were already held (matched as docs/import.md §5 says).
    pub parties_matched: usize,
    pub liabilities_added: usize,
    pub ledger_entries_added: usize,
    pub contacts_added: usize,
}

/// Imports `bytes` (the content of the file called `file_name`). On any bad row nothing is written and the
/// error lists every problem with its line and column. An import that would add nothing writes nothing.
pub fn import_accounts(db: &Db, ctx: &Ctx, file_name: &str, bytes: &[u8]) -> Result<ImportReport> {
    ctx.require(Permission::ImportData)?;
    let invalid = |mut problems: Vec<Problem>| {
        sort_problems(&mut problems);
        Error::Invalid { file: file_name.to_string(), problems }
    };
    let mut file = read_file(bytes, ctx.today).map_err(invalid)?;
    let accounts = file.accounts.len();
    let mut run = |tx: &Tx| {
        let plan = plan(tx, &mut file)?;
        if !file.problems.is_empty() {
            return Err(invalid(std::mem::take(&mut file.problems)));
        }
        write(tx, ctx, file_name, &file, &plan)
    };
    // A file with more than twice the accounts the database holds (the first import of a caseload, above
    // all) is loaded in bulk: see `Db::bulk_write`. Its checks read whole tables, which is then cheap beside
    // the load.
    let held = db.read(|tx| sql::count_accounts(tx))?;
    let report = if accounts as i64 > 2 * held {
        db.bulk_write(&Bulk { cache_kib: BULK_CACHE_KIB, checked_tables: &IMPORTED_TABLES }, |tx| {
            // The runs' liability summary is rebuilt once after the load rather than kept row by row.
            let summary = crate::db::instalments::suspend_local_summary(tx)?;
            let report = run(tx)?;
            crate::db::instalments::resume_local_summary(tx, &summary)?;
            Ok(report)
        })
    } else {
        db.write(|tx| {
            // A big file reads and writes much of the database: give it a bigger page cache while it does.
            if accounts < BIG_IMPORT_ACCOUNTS {
                return run(tx);
            }
            let before = sql::enlarge_cache(tx, BIG_IMPORT_CACHE_KIB)?;
            let result = run(tx);
            sql::restore_cache_size(tx, before)?;
            result
        })
    };
    // What was read of a big file is millions of small allocations: they are freed on another thread, so
    // the caller has its answer without waiting for that (a second at 450,000 accounts).
    let free = std::thread::Builder::new().name("import-free".into()).spawn(move || drop(file));
    drop(free);
    report
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    /// Data rows written (the header is not counted).
    pub rows: usize,
    pub accounts: usize,
    pub parties: usize,
    pub liabilities: usize,
}

/// Writes every account in the import format, ordered by reference, so an export imports back unchanged.
pub fn export_accounts(db: &Db, out: &mut dyn Write) -> Result<ExportReport> {
    db.read(|tx| {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
        buffered.write_all(BOM)?;
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(buffered);
        w.write_record(COLUMNS).map_err(csv_error)?;
        let mut labels: HashMap<String, usize> = HashMap::default();
        let mut report = ExportReport::default();
        let mut row = empty_row();
        sql::each_account(tx, |account, mut links, liabilities| {
            report.accounts += 1;
            report.liabilities += liabilities.len();
            account_cells(&account, &mut row);
            links.sort_by_cached_key(party_sort_key);
            let mut write_years = |row: &mut [String; NCOLS], report: &mut ExportReport| -> Result<()> {
                if liabilities.is_empty() {
                    blank_cells(row, FINANCIAL_YEAR..=PAID_TO_DATE);
                    write_row(&mut w, row)?;
                    report.rows += 1;
                }
                for l in &liabilities {
                    liability_cells(l, row);
                    write_row(&mut w, row)?;
                    report.rows += 1;
                }
                Ok(())
            };
            if links.is_empty() {
                blank_cells(&mut row, PARTY_REFERENCE..=POSTCODE);
                write_years(&mut row, &mut report)?;
            }
            for link in &links {
                let next = labels.len() + 1;
                let label = *labels.entry(link.party.id.clone()).or_insert(next);
                let reference = format!("P{label}");
                let party_view = PartyView {
                    record: &link.party,
                    reference: &reference,
                    role: Some(link.role),
                    phones: &link.phones,
                    emails: &link.emails,
                };
                party_cells(&party_view, account.property.as_ref(), &mut row);
                write_years(&mut row, &mut report)?;
            }
            Ok(())
        })?;
        report.parties = labels.len();
        w.flush()?;
        Ok(report)
    })
}

// ---------------------------------------------------------------------------------------------------------
// Reading the file

/// What the file says, grouped: accounts (in order of first appearance), the parties on them, and every
/// problem found.
struct FileData {
    rows: usize,
    accounts: Vec<FileAccount>,
    parties: Vec<FileParty>,
    problems: Vec<Problem>,
}

struct FileAccount {
    record: AccountRecord,
    lines: Vec<u64>,
    /// (file party, role), each once.
    links: Vec<(usize, Role)>,
    liabilities: Vec<FileLiability>,
    /// A row of this account has a problem: it is not compared with the database.
    broken: bool,
}

struct FileLiability {
    record: LiabilityRecord,
    lines: Vec<u64>,
}

struct FileParty {
    /// Details with `address` = the party's own address, or the property's when the row leaves it blank.
    record: PartyRecord,
    reference: String,
    phones: Vec<String>,
    emails: Vec<String>,
    lines: Vec<u64>,
}

/// One valid row.
struct RowData {
    account: AccountRecord,
    party: Option<RowParty>,
    liability: Option<LiabilityRecord>,
}

struct RowParty {
    reference: String,
    role: Role,
    record: PartyRecord,
    phones: Vec<String>,
    emails: Vec<String>,
}

/// Parses and validates the whole file in one pass. `Err` means the file could not be read as this format
/// at all (empty, not UTF-8 text, a bad header); row problems are collected in `FileData::problems`.
fn read_file(bytes: &[u8], today: NaiveDate) -> std::result::Result<FileData, Vec<Problem>> {
    let fatal = |line: u64, column: &str, reason: &str| {
        vec![Problem { line, column: column.to_string(), reason: reason.to_string() }]
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(fatal(
            1,
            "",
            "the file is UTF-16 (Unicode) text; save it as 'CSV UTF-8 (Comma delimited)' and import it again",
        ));
    }
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(fatal(1, "", "the file is empty; it needs a header row and a row per account"));
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let mut record = csv::ByteRecord::new();
    let mut lines = LineCounter::new(body);

    // The header.
    reader.read_byte_record(&mut record).map_err(|e| fatal(1, "", &e.to_string()))?;
    let header_line = lines.line_of(&record);
    let mut positions: [Option<usize>; NCOLS] = [None; NCOLS];
    let mut header_problems = Vec::new();
    for (pos, raw) in record.iter().enumerate() {
        let Ok(name) = std::str::from_utf8(raw) else {
            return Err(fatal(header_line, "", &not_utf8(raw)));
        };
        let norm = name.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        if norm.is_empty() {
            continue;
        }
        match COLUMNS.iter().position(|c| *c == norm) {
            Some(col) if positions[col].is_some() => header_problems.push(Problem {
                line: header_line,
                column: COLUMNS[col].to_string(),
                reason: "appears twice in the header".into(),
            }),
            Some(col) => positions[col] = Some(pos),
            None => header_problems.push(Problem {
                line: header_line,
                column: name.trim().to_string(),
                reason: "is not a column of this format (docs/import.md lists them)".into(),
            }),
        }
    }
    for col in REQUIRED_COLUMNS {
        if positions[col].is_none() {
            header_problems.push(Problem {
                line: header_line,
                column: COLUMNS[col].to_string(),
                reason: "is missing from the header (the column is required)".into(),
            });
        }
    }
    if !header_problems.is_empty() {
        return Err(header_problems);
    }
    let mapped: Vec<bool> = (0..record.len().max(1 + positions.iter().flatten().max().copied().unwrap_or(0)))
        .map(|p| positions.contains(&Some(p)))
        .collect();

    // Reading the records and grouping them stay on this thread; cleaning and validating each row (the
    // larger part) runs on a second one, a chunk of rows at a time, in order.
    let mut grouper = Grouper::default();
    let mut problems = Vec::new();
    let mut rows = 0;
    let mut broken_refs: HashSet<String> = HashSet::default();
    std::thread::scope(|scope| {
        let (to_worker, chunks) = std::sync::mpsc::sync_channel::<Vec<(u64, csv::ByteRecord)>>(4);
        let (to_main, outcomes) = std::sync::mpsc::sync_channel::<Vec<RowOutcome>>(4);
        let (positions, mapped) = (&positions, &mapped);
        scope.spawn(move || {
            for chunk in chunks {
                let out =
                    chunk.iter().map(|(line, record)| check_row(*line, record, positions, mapped, today)).collect();
                if to_main.send(out).is_err() {
                    break;
                }
            }
        });
        let mut group = |outcomes: Vec<RowOutcome>, problems: &mut Vec<Problem>| {
            for o in outcomes {
                problems.extend(o.problems);
                match o.data {
                    Some(data) => grouper.add(o.line, data, problems),
                    None => {
                        if let Some(r) = o.reference {
                            broken_refs.insert(r);
                        }
                    }
                }
            }
        };
        let mut chunk = Vec::with_capacity(ROW_CHUNK);
        let mut in_flight = 0usize;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    problems.push(Problem { line: lines.line, column: String::new(), reason: e.to_string() });
                    break;
                }
            }
            let line = lines.line_of(&record);
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue; // a blank line, or one of only commas
            }
            rows += 1;
            chunk.push((line, record.clone()));
            if chunk.len() == ROW_CHUNK {
                to_worker.send(std::mem::replace(&mut chunk, Vec::with_capacity(ROW_CHUNK))).expect("worker runs");
                in_flight += 1;
                // Group what is ready while the worker goes on.
                while let Ok(done) = outcomes.try_recv() {
                    in_flight -= 1;
                    group(done, &mut problems);
                }
            }
        }
        if !chunk.is_empty() {
            to_worker.send(chunk).expect("worker runs");
            in_flight += 1;
        }
        drop(to_worker);
        for _ in 0..in_flight {
            group(outcomes.recv().expect("worker answers every chunk"), &mut problems);
        }
    });
    let Grouper { mut accounts, parties, .. } = grouper;
    for account in &mut accounts {
        if broken_refs.contains(&account.record.reference) {
            account.broken = true;
        }
        if !account.broken && !account.links.iter().any(|(_, role)| role.is_liable()) {
            problems.push(problem(
                account.lines[0],
                PARTY_ROLE,
                format!(
                    "account {} has no liable party: at least one row needs party_role liable or joint_and_several",
                    account.record.reference
                ),
            ));
        }
    }
    Ok(FileData { rows, accounts, parties, problems })
}

/// Rows handed to the validating thread at a time.
const ROW_CHUNK: usize = 2_048;

/// One row after cleaning and validating: its data, or its problems (and its reference, if readable, so the
/// account is known to be broken).
struct RowOutcome {
    line: u64,
    problems: Vec<Problem>,
    data: Option<RowData>,
    reference: Option<String>,
}

fn check_row(
    line: u64,
    record: &csv::ByteRecord,
    positions: &[Option<usize>; NCOLS],
    mapped: &[bool],
    today: NaiveDate,
) -> RowOutcome {
    let mut problems = Vec::new();
    let mut cells: [Cow<str>; NCOLS] = std::array::from_fn(|_| Cow::Borrowed(""));
    for (col, pos) in positions.iter().enumerate() {
        let Some(raw) = pos.and_then(|p| record.get(p)) else { continue };
        match std::str::from_utf8(raw) {
            Ok(text) => {
                let text = clean(text);
                if text.len() > MAX_CELL && text.chars().count() > MAX_CELL {
                    problems.push(problem(line, col, format!("is longer than {MAX_CELL} characters")));
                }
                cells[col] = text;
            }
            Err(_) => problems.push(problem(line, col, not_utf8(raw))),
        }
    }
    for (pos, raw) in record.iter().enumerate() {
        if !mapped.get(pos).copied().unwrap_or(false) && !raw.iter().all(u8::is_ascii_whitespace) {
            problems.push(Problem {
                line,
                column: String::new(),
                reason: format!("cell {} has a value but its column has no name in the header", pos + 1),
            });
        }
    }
    let data = if problems.is_empty() { parse_row(&cells, line, today, &mut problems) } else { None };
    let reference = match (&data, cells[ACCOUNT_REFERENCE].is_empty()) {
        (None, false) => Some(cells[ACCOUNT_REFERENCE].to_string()),
        _ => None,
    };
    RowOutcome { line, problems, data, reference }
}

/// Physical line numbers (1-based, counting `\n`) of the records the csv reader returns, whatever their
/// line endings, blank lines or quoted line breaks.
struct LineCounter<'a> {
    body: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(body: &'a [u8]) -> Self {
        LineCounter { body, offset: 0, line: 1 }
    }

    /// The line a record starts on: the reader reports where it started parsing, which may be on the line
    /// ending of the record before or on blank lines, so skip those first.
    fn line_of(&mut self, record: &csv::ByteRecord) -> u64 {
        let mut start = record.position().map(|p| p.byte() as usize).unwrap_or(self.offset).max(self.offset);
        while start < self.body.len() && matches!(self.body[start], b'\r' | b'\n') {
            start += 1;
        }
        let start = start.min(self.body.len());
        self.line += self.body[self.offset..start].iter().filter(|&&b| b == b'\n').count() as u64;
        self.offset = start;
        self.line
    }
}

fn not_utf8(raw: &[u8]) -> String {
    let bad = match std::str::from_utf8(raw) {
        Err(e) => raw.get(e.valid_up_to()).copied(),
        Ok(_) => None,
    };
    let byte = bad.map(|b| format!(" (byte 0x{b:02X}{})", if b == 0xA3 { ", a '£' in Windows-1252" } else { "" }));
    format!(
        "is not UTF-8 text{}; save the file as 'CSV UTF-8 (Comma delimited)' and import it again",
        byte.unwrap_or_default()
    )
}

/// A cell as read: trimmed, runs of spaces and line breaks inside it made one space, and the `'` that an
/// export puts before a leading `=`, `+`, `-` or `@` (so spreadsheets show it as text) taken off.
fn clean(raw: &str) -> Cow<'_, str> {
    let t = raw.trim();
    let t = match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => t,
    };
    let needs_collapse = t.chars().any(|c| c.is_whitespace() && c != ' ') || t.contains("  ");
    if needs_collapse {
        Cow::Owned(t.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(t)
    }
}

fn problem(line: u64, col: usize, reason: impl Into<String>) -> Problem {
    Problem { line, column: COLUMNS[col].to_string(), reason: reason.into() }
}

/// Problems in file order: by line, then by column as the format lists them.
fn sort_problems(problems: &mut [Problem]) {
    problems.sort_by_key(|p| (p.line, COLUMNS.iter().position(|c| *c == p.column).map_or(0, |i| i + 1)));
}

/// Collects the problems of one row.
struct RowCheck<'p> {
    line: u64,
    problems: &'p mut Vec<Problem>,
    ok: bool,
}

impl RowCheck<'_> {
    fn fail(&mut self, col: usize, reason: impl Into<String>) {
        self.ok = false;
        self.problems.push(problem(self.line, col, reason));
    }

    /// `Some(value)` if `result` is good, else records the problem.
    fn check<T>(&mut self, col: usize, result: std::result::Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(reason) => {
                self.fail(col, reason);
                None
            }
        }
    }
}

fn vocab<T>(result: Result<T>) -> std::result::Result<T, String> {
    result.map_err(|e| match e {
        Error::Validation { reason, .. } => reason,
        other => other.to_string(),
    })
}

fn parse_row(c: &[Cow<str>; NCOLS], line: u64, today: NaiveDate, problems: &mut Vec<Problem>) -> Option<RowData> {
    let mut row = RowCheck { line, problems, ok: true };
    let given = |col: usize| !c[col].is_empty();
    let text = |col: usize| c[col].to_string();

    // The account.
    let reference = text(ACCOUNT_REFERENCE);
    if reference.is_empty() {
        row.fail(ACCOUNT_REFERENCE, "is required");
    } else if reference.chars().count() > 50 {
        row.fail(ACCOUNT_REFERENCE, "is longer than 50 characters");
    }
    let debt_type = required(&mut row, c, DEBT_TYPE).and_then(|t| row.check(DEBT_TYPE, vocab(DebtType::parse(t, ""))));
    let jurisdiction =
        required(&mut row, c, JURISDICTION).and_then(|t| row.check(JURISDICTION, vocab(Jurisdiction::parse(t, ""))));
    let status = match c[ACCOUNT_STATUS].to_ascii_lowercase().as_str() {
        "" | "open" => Some("open"),
        "closed" => Some("closed"),
        _ => {
            row.fail(ACCOUNT_STATUS, format!("'{}' is not one of: open, closed", c[ACCOUNT_STATUS]));
            None
        }
    };
    let opened_on = required(&mut row, c, OPENED_ON)
        .and_then(|t| row.check(OPENED_ON, parse_date(t).and_then(|d| not_after(d, today))));
    let mut closed_on = None;
    if given(CLOSED_ON) {
        closed_on = row.check(CLOSED_ON, parse_date(&c[CLOSED_ON]).and_then(|d| not_after(d, today)));
        if status == Some("open") {
            row.fail(CLOSED_ON, "must be blank for an open account (or set account_status to closed)");
        }
        if let (Some(opened), Some(closed)) = (opened_on, closed_on) {
            if closed < opened {
                row.fail(CLOSED_ON, format!("{closed} is before opened_on {opened}"));
            }
        }
    } else if status == Some("closed") {
        row.fail(CLOSED_ON, "is required when account_status is closed");
    }
    let uprn = if given(PROPERTY_UPRN) {
        let u = &c[PROPERTY_UPRN];
        if u.len() <= 12 && u.bytes().all(|b| b.is_ascii_digit()) {
            Some(u.to_string())
        } else {
            row.fail(
                PROPERTY_UPRN,
                format!(
                    "'{u}' is not a UPRN (up to 12 digits); if a spreadsheet turned it into a number like \
                     1.00012E+11, format the column as text"
                ),
            );
            None
        }
    } else {
        None
    };
    let property = address(&mut row, c, PROPERTY_LINE1, PROPERTY_POSTCODE, uprn, given(PROPERTY_UPRN));
    if let (Some(dt), Some(None)) = (debt_type, &property) {
        if matches!(dt, DebtType::CouncilTax | DebtType::BusinessRates) {
            row.fail(PROPERTY_LINE1, format!("is required: a {} account is for a property", dt.label()));
        }
    }

    // The party, if the row names one.
    let mut party = None;
    if (PARTY_REFERENCE..=POSTCODE).any(given) {
        party = parse_party(&mut row, c, today, property.as_ref().and_then(|p| p.as_ref()));
    }

    // The liability, if the row has one.
    let mut liability = None;
    if (FINANCIAL_YEAR..=PAID_TO_DATE).any(given) {
        liability = parse_liability(&mut row, c, debt_type);
    }

    if !row.ok {
        return None;
    }
    Some(RowData {
        account: AccountRecord {
            id: String::new(),
            reference,
            debt_type: debt_type?,
            jurisdiction: jurisdiction?,
            status: status?.to_string(),
            opened_on: opened_on?.to_string(),
            closed_on: closed_on.map(|d| d.to_string()),
            property: property?,
        },
        party,
        liability,
    })
}

fn required<'c>(row: &mut RowCheck, c: &'c [Cow<str>; NCOLS], col: usize) -> Option<&'c str> {
    if c[col].is_empty() {
        row.fail(col, "is required");
        None
    } else {
        Some(&c[col])
    }
}

/// Reads five address lines from `first` and the postcode at `postcode`: `Some(None)` if all are blank,
/// `None` if there is a problem.
fn address(
    row: &mut RowCheck,
    c: &[Cow<str>; NCOLS],
    first: usize,
    postcode_col: usize,
    uprn: Option<String>,
    uprn_given: bool,
) -> Option<Option<AddressRecord>> {
    let any = uprn_given || (first..first + 5).any(|i| !c[i].is_empty()) || !c[postcode_col].is_empty();
    if !any {
        return Some(None);
    }
    let mut ok = true;
    if c[first].is_empty() {
        row.fail(first, "is required when the rest of the address is given");
        ok = false;
    }
    let postcode = if c[postcode_col].is_empty() {
        String::new()
    } else {
        match normalise_postcode(&c[postcode_col]) {
            Some(p) => p,
            None => {
                row.fail(postcode_col, format!("'{}' is not a UK postcode (e.g. AD1 2BC)", c[postcode_col]));
                ok = false;
                String::new()
            }
        }
    };
    if !ok {
        return None;
    }
    let lines = std::array::from_fn(|i| c[first + i].to_string());
    Some(Some(AddressRecord { uprn, lines, postcode }))
}

fn parse_party(
    row: &mut RowCheck,
    c: &[Cow<str>; NCOLS],
    today: NaiveDate,
    property: Option<&AddressRecord>,
) -> Option<RowParty> {
    let given = |col: usize| !c[col].is_empty();
    let role = required(row, c, PARTY_ROLE).and_then(|t| row.check(PARTY_ROLE, vocab(Role::parse(t, ""))));
    let kind = if given(PARTY_KIND) {
        row.check(PARTY_KIND, vocab(PartyKind::parse(&c[PARTY_KIND], "")))
    } else if given(ORGANISATION_NAME) && !given(SURNAME) {
        Some(PartyKind::Organisation)
    } else {
        Some(PartyKind::Person)
    };
    match kind {
        Some(PartyKind::Person) => {
            if !given(SURNAME) {
                row.fail(SURNAME, "is required for a person");
            }
            if given(COMPANY_NUMBER) {
                row.fail(COMPANY_NUMBER, "must be blank for a person (is party_kind organisation?)");
            }
        }
        Some(PartyKind::Organisation) => {
            if !given(ORGANISATION_NAME) {
                row.fail(ORGANISATION_NAME, "is required for an organisation");
            }
            for col in [TITLE, FORENAMES, SURNAME, DATE_OF_BIRTH, NI_NUMBER] {
                if given(col) {
                    row.fail(col, "must be blank for an organisation (is party_kind person?)");
                }
            }
        }
        None => {}
    }
    let date_of_birth = if given(DATE_OF_BIRTH) && kind == Some(PartyKind::Person) {
        row.check(
            DATE_OF_BIRTH,
            parse_date(&c[DATE_OF_BIRTH]).and_then(|d| not_after(d, today)).and_then(|d| {
                if d.year() < 1900 {
                    Err(format!("{d} is before 1900"))
                } else {
                    Ok(d)
                }
            }),
        )
        .map(|d| d.to_string())
    } else {
        None
    };
    let ni_number = if given(NI_NUMBER) && kind == Some(PartyKind::Person) {
        row.check(NI_NUMBER, check_ni(&c[NI_NUMBER]))
    } else {
        None
    };
    let company_number = if given(COMPANY_NUMBER) && kind == Some(PartyKind::Organisation) {
        row.check(
            COMPANY_NUMBER,
            normalise_company_number(&c[COMPANY_NUMBER]).ok_or_else(|| {
                format!("'{}' is not a company number (8 digits, or 2 letters and 6 digits)", c[COMPANY_NUMBER])
            }),
        )
    } else {
        None
    };
    let phones = split_list(&c[PHONE]);
    for p in &phones {
        if let Err(reason) = check_phone(p) {
            row.fail(PHONE, reason);
        }
    }
    let emails = split_list(&c[EMAIL]);
    for e in &emails {
        if let Err(reason) = check_email(e) {
            row.fail(EMAIL, reason);
        }
    }
    let own = address(row, c, ADDRESS_LINE1, POSTCODE, None, false);
    let address = match own {
        Some(Some(a)) => Some(a),
        Some(None) => property.map(AddressRecord::without_uprn),
        None => None,
    };
    if !row.ok {
        return None;
    }
    let kind = kind?;
    Some(RowParty {
        reference: c[PARTY_REFERENCE].to_string(),
        role: role?,
        record: PartyRecord {
            id: String::new(),
            kind,
            title: c[TITLE].to_string(),
            forenames: c[FORENAMES].to_string(),
            surname: c[SURNAME].to_string(),
            organisation_name: c[ORGANISATION_NAME].to_string(),
            date_of_birth,
            ni_number,
            company_number,
            address,
        },
        phones,
        emails,
    })
}

fn parse_liability(row: &mut RowCheck, c: &[Cow<str>; NCOLS], debt_type: Option<DebtType>) -> Option<LiabilityRecord> {
    let year = required(row, c, FINANCIAL_YEAR).and_then(|t| row.check(FINANCIAL_YEAR, parse_financial_year(t)));
    let (year_start, year_end) = match year {
        Some(y) => (NaiveDate::from_ymd_opt(y, 4, 1), NaiveDate::from_ymd_opt(y + 1, 3, 31)),
        None => (None, None),
    };
    let from = if c[PERIOD_FROM].is_empty() { year_start } else { row.check(PERIOD_FROM, parse_date(&c[PERIOD_FROM])) };
    let to = if c[PERIOD_TO].is_empty() { year_end } else { row.check(PERIOD_TO, parse_date(&c[PERIOD_TO])) };
    if let (Some(y), Some(start), Some(end)) = (year, year_start, year_end) {
        let year_words =
            || format!("{} (1 April {} to 31 March {})", financial_year_label(y), start.year(), end.year());
        if let Some(f) = from.filter(|f| *f < start || *f > end) {
            row.fail(PERIOD_FROM, format!("{f} is not in the financial year {}", year_words()));
        }
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                row.fail(PERIOD_TO, format!("{t} is before period_from {f}"));
            } else if t > end && matches!(debt_type, Some(DebtType::CouncilTax | DebtType::BusinessRates)) {
                row.fail(PERIOD_TO, format!("{t} is after the end of the financial year {}", year_words()));
            }
        }
    }
    let charge = required(row, c, CHARGE).and_then(|t| row.check(CHARGE, parse_amount(t)));
    let paid = if c[PAID_TO_DATE].is_empty() {
        Some(Money::ZERO)
    } else {
        row.check(PAID_TO_DATE, parse_amount(&c[PAID_TO_DATE]))
    };
    if !row.ok {
        return None;
    }
    Some(LiabilityRecord {
        id: String::new(),
        account_id: String::new(),
        financial_year: year?,
        period_from: from?.to_string(),
        period_to: to?.to_string(),
        description: c[DESCRIPTION].to_string(),
        charged_pence: charge?.pence(),
        paid_pence: paid?.pence(),
    })
}

/// `YYYY-MM-DD`, or `DD/MM/YYYY` as UK spreadsheets write dates.
fn parse_date(text: &str) -> std::result::Result<NaiveDate, String> {
    let bad = || format!("'{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)");
    let nums = |parts: Vec<&str>| -> Option<Vec<u32>> {
        parts.iter().map(|p| if p.bytes().all(|b| b.is_ascii_digit()) { p.parse().ok() } else { None }).collect()
    };
    if text.contains('-') {
        let parts: Vec<&str> = text.split('-').collect();
        if parts.len() == 3 && parts[0].len() == 4 && parts[1].len() <= 2 && parts[2].len() <= 2 {
            if let Some(n) = nums(parts) {
                return NaiveDate::from_ymd_opt(n[0] as i32, n[1], n[2]).ok_or_else(bad);
            }
        }
    } else if text.contains('/') {
        let parts: Vec<&str> = text.split('/').collect();
        if parts.len() == 3 && parts[0].len() <= 2 && parts[1].len() <= 2 {
            if parts[2].len() == 2 && parts[2].bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("'{text}' has a two-digit year; use four digits (DD/MM/YYYY)"));
            }
            if parts[2].len() == 4 {
                if let Some(n) = nums(parts) {
                    return NaiveDate::from_ymd_opt(n[2] as i32, n[1], n[0]).ok_or_else(bad);
                }
            }
        }
    }
    Err(bad())
}

fn not_after(d: NaiveDate, today: NaiveDate) -> std::result::Result<NaiveDate, String> {
    if d > today {
        Err(format!("{d} is in the future"))
    } else {
        Ok(d)
    }
}

/// `2025`, `2025/26`, `2025-26`, `2025/2026`: the financial year starting 1 April 2025.
fn parse_financial_year(text: &str) -> std::result::Result<i32, String> {
    let bad = || format!("'{text}' is not a financial year (e.g. 2025 or 2025/26)");
    let (first, second) = match text.split_once(['/', '-']) {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    if first.len() != 4 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year: i32 = first.parse().map_err(|_| bad())?;
    if !(1990..=2100).contains(&year) {
        return Err(format!("{year} is outside the years this format takes (1990 to 2100)"));
    }
    if let Some(second) = second {
        let next = year + 1;
        let ok = match second.len() {
            2 => second.parse::<i32>().ok() == Some(next % 100),
            4 => second.parse::<i32>().ok() == Some(next),
            _ => false,
        };
        if !ok {
            return Err(format!(
                "'{text}' is not a financial year: a year runs from 1 April to 31 March, e.g. {}",
                financial_year_label(year)
            ));
        }
    }
    Ok(year)
}

/// An amount as revenues systems write it (`£1,234.50`); never negative in this format.
fn parse_amount(text: &str) -> std::result::Result<Money, String> {
    let m = Money::parse_lenient(text).map_err(|e| e.to_string())?;
    if m.is_negative() {
        return Err(format!(
            "'{text}' is negative; the format takes what was charged and paid (credits and refunds are \
             recorded in Recovery Desk)"
        ));
    }
    Ok(m)
}

/// A UK postcode in upper case with one space: outward code A9, A99, AA9, AA99, A9A or AA9A, then an
/// inward code 9AA. `None` if it is not one.
pub fn normalise_postcode(text: &str) -> Option<String> {
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if squashed == "GIR0AA" {
        return Some("GIR 0AA".into());
    }
    let b = squashed.as_bytes();
    if !(5..=7).contains(&b.len()) || !b.is_ascii() {
        return None;
    }
    let (outward, inward) = squashed.split_at(b.len() - 3);
    let i = inward.as_bytes();
    if !(i[0].is_ascii_digit() && i[1].is_ascii_alphabetic() && i[2].is_ascii_alphabetic()) {
        return None;
    }
    let shape: String = outward.bytes().map(|c| if c.is_ascii_digit() { '9' } else { 'A' }).collect();
    matches!(shape.as_str(), "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A").then(|| format!("{outward} {inward}"))
}

/// A National Insurance number without spaces in upper case, or why it is not one (HMRC's rules: two
/// prefix letters, six digits, a suffix A–D; the first letter is not D, F, I, Q, U or V, the second is not
/// D, F, I, O, Q, U or V, and BG, GB, KN, NK, NT, TN and ZZ are never issued).
pub fn check_ni(text: &str) -> std::result::Result<String, String> {
    let ni: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let b = ni.as_bytes();
    let shape_ok = b.len() == 9
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..8].iter().all(u8::is_ascii_digit)
        && matches!(b[8], b'A'..=b'D');
    if !shape_ok {
        return Err(format!(
            "'{text}' is not an NI number (two letters, six digits and a letter A to D, e.g. AB 12 34 56 C)"
        ));
    }
    if b"DFIQUV".contains(&b[0]) || b"DFIOQUV".contains(&b[1]) {
        return Err(format!("'{text}' is not an NI number: no number starts with {}", &ni[..2]));
    }
    if ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(&&ni[..2]) {
        return Err(format!("'{text}' is not an NI number: the prefix {} is never issued", &ni[..2]));
    }
    Ok(ni)
}

/// A Companies House number: 8 characters, upper case. Digits only are padded with leading zeros (a
/// spreadsheet drops them); otherwise two letters and six digits (SC123456, OC301234).
pub fn normalise_company_number(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let b = t.as_bytes();
    if !b.is_empty() && b.len() <= 8 && b.iter().all(u8::is_ascii_digit) {
        return Some(format!("{t:0>8}"));
    }
    (b.len() == 8 && b[..2].iter().all(u8::is_ascii_uppercase) && b[2..].iter().all(u8::is_ascii_digit)).then_some(t)
}

/// Several phones or emails in one cell, separated by `;`.
fn split_list(text: &str) -> Vec<String> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn check_phone(p: &str) -> std::result::Result<(), String> {
    let digits = p.bytes().filter(u8::is_ascii_digit).count();
    if p.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c)) && (10..=15).contains(&digits) {
        Ok(())
    } else {
        Err(format!("'{p}' is not a phone number (10 to 15 digits; separate several with ;)"))
    }
}

fn check_email(e: &str) -> std::result::Result<(), String> {
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !e.contains(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("'{e}' is not an email address (separate several with ;)"))
    }
}

/// How a phone or email is compared: phones by their digits in national form, emails in lower case.
fn contact_key(kind: &str, value: &str) -> String {
    if kind == "phone" {
        search::phone_digits(value)
    } else {
        value.trim().to_lowercase()
    }
}

/// Adds the contacts in `new` that `held` does not have (compared as [`contact_key`] says).
fn merge_contacts(kind: &str, held: &mut Vec<String>, new: &[String]) {
    if new.is_empty() || new == held.as_slice() {
        return;
    }
    for value in new {
        let key = contact_key(kind, value);
        if !held.iter().any(|h| contact_key(kind, h) == key) {
            held.push(value.clone());
        }
    }
}

/// The key by which parties without a party_reference, NI number or company number are matched: kind,
/// names and date of birth, and the address (the party's own or the property's), in lower case.
fn name_key(p: &PartyRecord) -> String {
    let mut k = String::with_capacity(96);
    let mut push = |s: &str| {
        for w in s.split_whitespace() {
            k.push_str(&w.to_lowercase());
            k.push(' ');
        }
        k.push('|');
    };
    push(p.kind.as_str());
    push(&p.forenames);
    push(&p.surname);
    push(&p.organisation_name);
    push(p.date_of_birth.as_deref().unwrap_or(""));
    if let Some(a) = &p.address {
        for l in &a.lines {
            if !l.trim().is_empty() {
                push(l);
            }
        }
        push(&search::squash(&a.postcode));
    }
    k
}

/// Which of [`Grouper::by_ident`] holds a party's number.
fn ident_map(kind: PartyKind) -> usize {
    match kind {
        PartyKind::Person => 0,
        PartyKind::Organisation => 1,
    }
}

/// The identifying number of a party, if it has one: its NI number (a person) or company number.
fn ident(p: &PartyRecord) -> Option<(&'static str, &str)> {
    match p.kind {
        PartyKind::Person => p.ni_number.as_deref().map(|n| ("NI number", n)),
        PartyKind::Organisation => p.company_number.as_deref().map(|n| ("company number", n)),
    }
}

/// Groups valid rows into accounts and parties, checking that repeated accounts, parties and years agree.
#[derive(Default)]
struct Grouper {
    accounts: Vec<FileAccount>,
    parties: Vec<FileParty>,
    account_index: HashMap<String, usize>,
    by_reference: HashMap<String, usize>,
    /// By NI number ([0]) and by company number ([1]).
    by_ident: [HashMap<String, usize>; 2],
    /// Parties with no identifying number, by [`name_key`].
    by_name: HashMap<String, Vec<usize>>,
}

impl Grouper {
    fn add(&mut self, line: u64, row: RowData, problems: &mut Vec<Problem>) {
        let a = match self.account_index.get(&row.account.reference) {
            Some(&a) => {
                let first = &self.accounts[a];
                if first.record != row.account {
                    let (x, y) = (cells_of_account(&first.record), cells_of_account(&row.account));
                    for col in DEBT_TYPE..=PROPERTY_POSTCODE {
                        if x[col] != y[col] {
                            problems.push(problem(
                                line,
                                col,
                                format!(
                                    "account {} has {} on line {}; this row says {}",
                                    row.account.reference,
                                    shown(&x[col]),
                                    first.lines[0],
                                    shown(&y[col])
                                ),
                            ));
                        }
                    }
                    self.accounts[a].broken = true;
                    return;
                }
                self.accounts[a].lines.push(line);
                a
            }
            None => {
                self.account_index.insert(row.account.reference.clone(), self.accounts.len());
                self.accounts.push(FileAccount {
                    record: row.account,
                    lines: vec![line],
                    links: Vec::new(),
                    liabilities: Vec::new(),
                    broken: false,
                });
                self.accounts.len() - 1
            }
        };
        if let Some(party) = row.party {
            match self.party(line, party, problems) {
                Some((p, role)) => {
                    if !self.accounts[a].links.contains(&(p, role)) {
                        self.accounts[a].links.push((p, role));
                    }
                }
                None => self.accounts[a].broken = true,
            }
        }
        if let Some(l) = row.liability {
            let account = &mut self.accounts[a];
            let same = account
                .liabilities
                .iter_mut()
                .find(|x| x.record.financial_year == l.financial_year && x.record.period_from == l.period_from);
            match same {
                Some(first) if first.record != l => {
                    let (x, y) = (cells_of_liability(&first.record), cells_of_liability(&l));
                    for col in PERIOD_TO..=PAID_TO_DATE {
                        if x[col] != y[col] {
                            problems.push(problem(
                                line,
                                col,
                                format!(
                                    "{} {} from {} has {} on line {}; this row says {}",
                                    account.record.reference,
                                    financial_year_label(l.financial_year),
                                    l.period_from,
                                    shown(&x[col]),
                                    first.lines[0],
                                    shown(&y[col])
                                ),
                            ));
                        }
                    }
                    account.broken = true;
                }
                Some(first) => first.lines.push(line),
                None => account.liabilities.push(FileLiability { record: l, lines: vec![line] }),
            }
        }
    }

    /// Finds or adds the party of a row; `None` if it disagrees with an earlier row of the same party.
    fn party(&mut self, line: u64, row: RowParty, problems: &mut Vec<Problem>) -> Option<(usize, Role)> {
        let number = ident(&row.record).map(|(_, n)| (ident_map(row.record.kind), n.to_string()));
        let found = if !row.reference.is_empty() {
            self.by_reference.get(&row.reference).copied()
        } else if let Some((map, n)) = &number {
            self.by_ident[*map].get(n).copied()
        } else {
            let key = name_key(&row.record);
            match self.by_name.get(&key).map(Vec::as_slice) {
                Some([one]) => Some(*one),
                Some(many @ [_, ..]) => {
                    let refs: Vec<String> = many.iter().map(|&i| self.parties[i].reference.clone()).collect();
                    problems.push(problem(
                        line,
                        PARTY_REFERENCE,
                        format!(
                            "is needed: parties {} of this file have this name, date of birth and address",
                            refs.join(", ")
                        ),
                    ));
                    return None;
                }
                _ => None,
            }
        };
        if let Some(p) = found {
            let first = &mut self.parties[p];
            if first.record != row.record {
                let (x, y) = (cells_of_party(&first.record), cells_of_party(&row.record));
                let who = match (&first.reference, ident(&first.record)) {
                    (r, _) if !r.is_empty() => format!("party_reference {r}"),
                    (_, Some((kind, n))) => format!("the party with {kind} {n}"),
                    _ => "this party".to_string(),
                };
                for col in PARTY_COMPARED {
                    if x[col] != y[col] {
                        problems.push(problem(
                            line,
                            col,
                            format!(
                                "{who} has {} on line {}; this row says {}",
                                shown(&x[col]),
                                first.lines[0],
                                shown(&y[col])
                            ),
                        ));
                    }
                }
                return None;
            }
            merge_contacts("phone", &mut first.phones, &row.phones);
            merge_contacts("email", &mut first.emails, &row.emails);
            first.lines.push(line);
            return Some((p, row.role));
        }
        // A new party: its identifying number must not belong to another party of the file.
        if let Some((map, n)) = &number {
            if let Some(&other) = self.by_ident[*map].get(n) {
                let (kind, n) = ident(&row.record).expect("has an ident");
                let col = if kind == "NI number" { NI_NUMBER } else { COMPANY_NUMBER };
                problems.push(problem(
                    line,
                    col,
                    format!(
                        "{kind} {n} is also given to party_reference {} on line {}",
                        shown(&self.parties[other].reference),
                        self.parties[other].lines[0]
                    ),
                ));
                return None;
            }
        }
        let p = self.parties.len();
        if !row.reference.is_empty() {
            self.by_reference.insert(row.reference.clone(), p);
        }
        match number {
            Some((map, n)) => {
                self.by_ident[map].insert(n, p);
            }
            None => self.by_name.entry(name_key(&row.record)).or_default().push(p),
        }
        let mut phones = Vec::new();
        merge_contacts("phone", &mut phones, &row.phones);
        let mut emails = Vec::new();
        merge_contacts("email", &mut emails, &row.emails);
        self.parties.push(FileParty {
            record: row.record,
            reference: row.reference,
            phones,
            emails,
            lines: vec![line],
        });
        Some((p, row.role))
    }
}

/// The party columns compared when two rows (or a row and the database) name the same party. Phones and
/// emails are not: new ones are added.
const PARTY_COMPARED: [usize; 14] = [
    PARTY_KIND,
    TITLE,
    FORENAMES,
    SURNAME,
    ORGANISATION_NAME,
    DATE_OF_BIRTH,
    NI_NUMBER,
    COMPANY_NUMBER,
    ADDRESS_LINE1,
    ADDRESS_LINE1 + 1,
    ADDRESS_LINE1 + 2,
    ADDRESS_LINE1 + 3,
    ADDRESS_LINE1 + 4,
    POSTCODE,
];

/// The same account, ids apart, value for value (a quick test before comparing cell by cell).
fn same_account(a: &AccountRecord, b: &AccountRecord) -> bool {
    (&a.reference, a.debt_type, a.jurisdiction, &a.status, &a.opened_on, &a.closed_on, &a.property)
        == (&b.reference, b.debt_type, b.jurisdiction, &b.status, &b.opened_on, &b.closed_on, &b.property)
}

/// The same party, ids apart, value for value.
fn same_party(a: &PartyRecord, b: &PartyRecord) -> bool {
    fn address(p: &PartyRecord) -> Option<(&[String; 5], &String)> {
        p.address.as_ref().map(|a| (&a.lines, &a.postcode))
    }
    (a.kind, &a.title, &a.forenames, &a.surname, &a.organisation_name, &a.date_of_birth)
        == (b.kind, &b.title, &b.forenames, &b.surname, &b.organisation_name, &b.date_of_birth)
        && (&a.ni_number, &a.company_number, address(a)) == (&b.ni_number, &b.company_number, address(b))
}

/// The same year of an account, ids apart, value for value.
fn same_liability(a: &LiabilityRecord, b: &LiabilityRecord) -> bool {
    (a.financial_year, &a.period_from, &a.period_to, &a.description, a.charged_pence, a.paid_pence)
        == (b.financial_year, &b.period_from, &b.period_to, &b.description, b.charged_pence, b.paid_pence)
}

/// A value in a problem: quoted, or "blank".
fn shown(v: &str) -> String {
    if v.is_empty() {
        "blank".to_string()
    } else {
        format!("'{v}'")
    }
}

// ---------------------------------------------------------------------------------------------------------
// Comparing with the database

/// What the import will write, decided inside the write transaction.
struct Plan {
    accounts: Vec<AccountPlan>,
    /// Per file party: the party already held that it is, if any.
    held_party: Vec<Option<String>>,
    /// Per file party that is held: the phones and emails to add to it.
    new_contacts: Vec<(Vec<String>, Vec<String>)>,
}

enum AccountPlan {
    /// Not compared (the file has a problem with it).
    Skip,
    New,
    Held {
        id: String,
        /// Indexes into the file account's links and liabilities.
        new_links: Vec<usize>,
        new_liabilities: Vec<usize>,
    },
}

fn plan(tx: &Tx, file: &mut FileData) -> Result<Plan> {
    let FileData { accounts, parties, problems, .. } = file;
    let mut read = sql::Reader::new(tx)?;
    let mut plan = Plan {
        accounts: Vec::with_capacity(accounts.len()),
        held_party: vec![None; parties.len()],
        new_contacts: vec![Default::default(); parties.len()],
    };

    // Parties: match each to one already held, by NI or company number, else by name, date of birth and
    // address. Read only the keys this file needs.
    if !parties.is_empty() && sql::has_parties(tx)? {
        let mut wanted_ident: HashSet<&str> = HashSet::default();
        let mut wanted_name: HashSet<String> = HashSet::default();
        for p in parties.iter() {
            if let Some((_, n)) = ident(&p.record) {
                wanted_ident.insert(n);
            }
            wanted_name.insert(name_key(&p.record));
        }
        let mut held_ident: HashMap<String, String> = HashMap::default();
        let mut held_name: HashMap<String, Vec<(String, bool)>> = HashMap::default();
        sql::each_party(tx, |p| {
            if let Some((_, n)) = ident(&p) {
                if wanted_ident.contains(n) {
                    held_ident.insert(format!("{}:{n}", p.kind.as_str()), p.id.clone());
                }
            }
            let key = name_key(&p);
            if wanted_name.contains(&key) {
                let has_ident = ident(&p).is_some();
                held_name.entry(key).or_default().push((p.id, has_ident));
            }
        })?;
        let mut claimed: HashMap<String, usize> = HashMap::default();
        for (i, p) in parties.iter().enumerate() {
            let key = name_key(&p.record);
            let by_ident = ident(&p.record).and_then(|(kind, n)| {
                held_ident.get(&format!("{}:{n}", p.record.kind.as_str())).map(|id| (id.clone(), kind))
            });
            let found = match by_ident {
                Some((id, kind)) => Some((id, format!("by {kind}"))),
                None => {
                    // Without a number match, only parties held without a number (or, for a row without
                    // one, any party) with the same name, date of birth and address.
                    let row_has_ident = ident(&p.record).is_some();
                    let candidates: Vec<&String> = held_name
                        .get(&key)
                        .map(|v| v.iter().filter(|(_, has)| !row_has_ident || !has).map(|(id, _)| id).collect())
                        .unwrap_or_default();
                    match candidates.as_slice() {
                        [one] => Some(((*one).clone(), "by name, date of birth and address".to_string())),
                        [] => None,
                        many => {
                            for &line in &p.lines {
                                problems.push(problem(
                                    line,
                                    if p.record.kind == PartyKind::Person { SURNAME } else { ORGANISATION_NAME },
                                    format!(
                                        "matches {} parties already in Recovery Desk with this name, date of birth \
                                         and address; add the NI or company number to say which",
                                        many.len()
                                    ),
                                ));
                            }
                            None
                        }
                    }
                }
            };
            let Some((id, how)) = found else { continue };
            if let Some(&other) = claimed.get(&id) {
                for &line in &p.lines {
                    problems.push(problem(
                        line,
                        PARTY_REFERENCE,
                        format!(
                            "this party and the one on line {} are the same party in Recovery Desk (matched {how}); \
                             give them one party_reference",
                            parties[other].lines[0]
                        ),
                    ));
                }
                continue;
            }
            claimed.insert(id.clone(), i);
            let sql::PartyContacts { party: held, phones, emails } =
                read.party(&id)?.ok_or_else(|| Error::Internal(format!("party {id} vanished")))?;
            let same = same_party(&held, &p.record);
            let (x, y) =
                if same { (empty_row(), empty_row()) } else { (cells_of_party(&held), cells_of_party(&p.record)) };
            for col in PARTY_COMPARED.into_iter().filter(|_| !same) {
                if x[col] != y[col] {
                    for &line in &p.lines {
                        problems.push(problem(
                            line,
                            col,
                            format!(
                                "this party is already in Recovery Desk (matched {how}) with {}; this row says {} \
                                 (an import adds parties but does not change them)",
                                shown(&x[col]),
                                shown(&y[col])
                            ),
                        ));
                    }
                }
            }
            let mut add_phones = phones.clone();
            merge_contacts("phone", &mut add_phones, &p.phones);
            let mut add_emails = emails.clone();
            merge_contacts("email", &mut add_emails, &p.emails);
            plan.new_contacts[i] = (add_phones.split_off(phones.len()), add_emails.split_off(emails.len()));
            plan.held_party[i] = Some(id);
        }
    }

    // Accounts: new, or held (then every row must agree with it; new years and parties are added).
    let mut held: HashMap<String, usize> = HashMap::default();
    for (a, account) in accounts.iter().enumerate() {
        plan.accounts.push(AccountPlan::Skip);
        if account.broken {
            continue;
        }
        let reference = &account.record.reference;
        match read.account_id(reference)? {
            None => plan.accounts[a] = AccountPlan::New,
            Some((_, true)) => {
                for &line in &account.lines {
                    problems.push(problem(
                        line,
                        ACCOUNT_REFERENCE,
                        format!("account {reference} was deleted in Recovery Desk and cannot be imported again"),
                    ));
                }
            }
            Some((id, false)) => {
                held.insert(id, a);
            }
        }
    }
    // Many held accounts (a whole caseload read again) are compared in one walk over the database in
    // reference order; a few are read one by one.
    if held.len() >= WALK_HELD_ACCOUNTS && held.len() as i64 * 4 >= sql::count_accounts(tx)? {
        sql::each_account(tx, |account, links, liabilities| {
            if let Some(&a) = held.get(&account.id) {
                let snapshot = sql::AccountSnapshot { account, links, liabilities };
                plan.accounts[a] = compare_held(&accounts[a], snapshot, &plan.held_party, problems);
            }
            Ok(())
        })?;
    } else {
        for (id, &a) in &held {
            let snapshot = read.account(id)?.ok_or_else(|| Error::Internal(format!("account {id} vanished")))?;
            plan.accounts[a] = compare_held(&accounts[a], snapshot, &plan.held_party, problems);
        }
    }
    Ok(plan)
}

/// Compares the rows of an account already held with what is held: a problem for each cell that differs,
/// and the parties and years to add.
fn compare_held(
    account: &FileAccount,
    held: sql::AccountSnapshot,
    held_party: &[Option<String>],
    problems: &mut Vec<Problem>,
) -> AccountPlan {
    let sql::AccountSnapshot { account: record, links, liabilities } = held;
    let reference = &account.record.reference;
    if !same_account(&record, &account.record) {
        let (x, y) = (cells_of_account(&record), cells_of_account(&account.record));
        for col in (DEBT_TYPE..=PROPERTY_POSTCODE).filter(|&col| x[col] != y[col]) {
            for &line in &account.lines {
                problems.push(problem(
                    line,
                    col,
                    format!(
                        "account {reference} is already in Recovery Desk with {}; this row says {} (an import adds \
                         accounts, years and parties but does not change them)",
                        shown(&x[col]),
                        shown(&y[col])
                    ),
                ));
            }
        }
    }
    let new_links = (0..account.links.len())
        .filter(|&k| {
            let (p, role) = account.links[k];
            !held_party[p].as_ref().is_some_and(|pid| links.iter().any(|l| &l.party.id == pid && l.role == role))
        })
        .collect();
    let mut new_liabilities = Vec::new();
    for (k, l) in account.liabilities.iter().enumerate() {
        let same_year = liabilities
            .iter()
            .find(|h| h.financial_year == l.record.financial_year && h.period_from == l.record.period_from);
        let Some(h) = same_year else {
            new_liabilities.push(k);
            continue;
        };
        if same_liability(h, &l.record) {
            continue;
        }
        let (x, y) = (cells_of_liability(h), cells_of_liability(&l.record));
        for col in (PERIOD_TO..=PAID_TO_DATE).filter(|&col| x[col] != y[col]) {
            for &line in &l.lines {
                problems.push(problem(
                    line,
                    col,
                    format!(
                        "{reference} {} is already in Recovery Desk with {}; this row says {} (correct charges and \
                         payments in Recovery Desk)",
                        financial_year_label(h.financial_year),
                        shown(&x[col]),
                        shown(&y[col])
                    ),
                ));
            }
        }
    }
    AccountPlan::Held { id: record.id, new_links, new_liabilities }
}

// ---------------------------------------------------------------------------------------------------------
// Writing

fn write(tx: &Tx, ctx: &Ctx, file_name: &str, file: &FileData, plan: &Plan) -> Result<ImportReport> {
    let mut report = ImportReport {
        rows: file.rows,
        parties_matched: plan.held_party.iter().flatten().count(),
        ..Default::default()
    };
    let changes = plan.accounts.iter().any(|a| match a {
        AccountPlan::New => true,
        AccountPlan::Held { new_links, new_liabilities, .. } => !new_links.is_empty() || !new_liabilities.is_empty(),
        AccountPlan::Skip => false,
    }) || plan.new_contacts.iter().any(|(p, e)| !p.is_empty() || !e.is_empty());
    if !changes {
        report.accounts_unchanged = file.accounts.len();
        return Ok(report);
    }
    let new_accounts = plan.accounts.iter().filter(|a| matches!(a, AccountPlan::New)).count();
    let big = new_accounts >= BIG_IMPORT_ACCOUNTS;
    let search_index =
        if big && new_accounts as i64 >= sql::count_accounts(tx)? { sql::drop_search_index(tx)? } else { None };
    let result = write_rows(tx, ctx, file_name, file, plan, &mut report).and_then(|reindex| {
        if let Some(sql) = &search_index {
            sql::create_index(tx, sql)?;
        }
        for id in &reindex {
            search::index_party(tx, id)?;
        }
        audit::record(
            tx,
            ctx,
            "import_accounts",
            "accounts",
            &crate::db::new_id(ctx),
            None,
            None,
            serde_json::json!({
                "file": file_name,
                "rows": report.rows,
                "accounts_added": report.accounts_added,
                "accounts_updated": report.accounts_updated,
                "accounts_unchanged": report.accounts_unchanged,
                "parties_added": report.parties_added,
                "parties_matched": report.parties_matched,
                "liabilities_added": report.liabilities_added,
                "ledger_entries_added": report.ledger_entries_added,
                "contacts_added": report.contacts_added,
            }),
        )
    });
    result?;
    Ok(report)
}

/// Writes the accounts, parties, years, ledger entries, stages, contacts and search keys. Returns the held
/// parties (and new parties on held accounts) whose search keys are to be rebuilt from the database.
fn write_rows(
    tx: &Tx,
    ctx: &Ctx,
    file_name: &str,
    file: &FileData,
    plan: &Plan,
    report: &mut ImportReport,
) -> Result<Vec<String>> {
    let mut ids = sql::IdSource::new(ctx);
    let today = ctx.today.to_string();
    let reason = format!("imported from {file_name}");

    // Ids first, in the order the rows will be written (so every table's keys are appended in order), which
    // lets the search keys be worked out on another core while the rows go in.
    let mut order: Vec<usize> =
        (0..file.accounts.len()).filter(|&a| !matches!(plan.accounts[a], AccountPlan::Skip)).collect();
    order.sort_by(|&a, &b| file.accounts[a].record.reference.cmp(&file.accounts[b].record.reference));
    let mut account_ids: Vec<Option<String>> = vec![None; file.accounts.len()];
    let mut party_ids: Vec<Option<String>> = plan.held_party.clone();
    let mut new_parties: Vec<usize> = Vec::new();
    let mut party_accounts: HashMap<usize, Vec<usize>> = HashMap::default();
    let mut reindex: Vec<String> = Vec::new();
    let mut reindexed: HashSet<usize> = HashSet::default();
    let links_of = |a: usize| -> Vec<usize> {
        match &plan.accounts[a] {
            AccountPlan::New => (0..file.accounts[a].links.len()).collect(),
            AccountPlan::Held { new_links, .. } => new_links.clone(),
            AccountPlan::Skip => Vec::new(),
        }
    };
    for &a in &order {
        let held = match &plan.accounts[a] {
            AccountPlan::New => {
                account_ids[a] = Some(ids.next_id());
                false
            }
            AccountPlan::Held { id, .. } => {
                account_ids[a] = Some(id.clone());
                true
            }
            AccountPlan::Skip => continue,
        };
        for k in links_of(a) {
            let p = file.accounts[a].links[k].0;
            if party_ids[p].is_none() {
                party_ids[p] = Some(ids.next_id());
                new_parties.push(p);
            }
            party_accounts.entry(p).or_default().push(a);
            // Held parties gaining an account, and new parties on a held account, are indexed from the
            // database afterwards.
            if (plan.held_party[p].is_some() || held) && reindexed.insert(p) {
                reindex.push(party_ids[p].clone().expect("has an id"));
            }
        }
    }
    for (p, (phones, emails)) in plan.new_contacts.iter().enumerate() {
        if (!phones.is_empty() || !emails.is_empty()) && reindexed.insert(p) {
            reindex.push(plan.held_party[p].clone().expect("held"));
        }
    }

    let (account_ids, party_ids) = (account_ids, party_ids);
    let mut w = Writer::new(tx, ctx, ids)?;
    std::thread::scope(|scope| -> Result<()> {
        let keys = scope
            .spawn(|| search_keys(file, &new_parties, &reindexed, &party_ids, &order, &account_ids, &party_accounts));
        let mut written = vec![false; file.parties.len()];
        for &a in &order {
            let account = &file.accounts[a];
            let account_id = account_ids[a].as_deref().expect("has an id");
            let years: Vec<usize> = match &plan.accounts[a] {
                AccountPlan::New => {
                    let property_id = account.record.property.as_ref().map(|p| w.address(p));
                    w.account(account_id, &account.record, property_id);
                    w.stage(account_id, Stage::Billed, &today, "imported from the revenues system");
                    report.accounts_added += 1;
                    (0..account.liabilities.len()).collect()
                }
                AccountPlan::Held { new_links, new_liabilities, .. } => {
                    if new_links.is_empty() && new_liabilities.is_empty() {
                        report.accounts_unchanged += 1;
                        continue;
                    }
                    report.accounts_updated += 1;
                    new_liabilities.clone()
                }
                AccountPlan::Skip => continue,
            };
            for k in links_of(a) {
                let (p, role) = account.links[k];
                let party_id = party_ids[p].as_deref().expect("has an id");
                if plan.held_party[p].is_none() && !written[p] {
                    written[p] = true;
                    let party = &file.parties[p];
                    let address_id = party.record.address.as_ref().map(|a| w.address(a));
                    w.party(party_id, &party.record, address_id);
                    for phone in &party.phones {
                        w.contact(party_id, "phone", phone);
                        report.contacts_added += 1;
                    }
                    for email in &party.emails {
                        w.contact(party_id, "email", email);
                        report.contacts_added += 1;
                    }
                    report.parties_added += 1;
                }
                w.link(account_id, party_id, role);
            }
            let mut years: Vec<&LiabilityRecord> = years.into_iter().map(|k| &account.liabilities[k].record).collect();
            years.sort_by(|x, y| (x.financial_year, &x.period_from).cmp(&(y.financial_year, &y.period_from)));
            for l in years {
                let liability_id = w.liability(account_id, l);
                report.liabilities_added += 1;
                if l.charged_pence > 0 {
                    w.entry(
                        account_id,
                        liability_id.clone(),
                        LedgerKind::Charge,
                        l.charged_pence,
                        &today,
                        &l.period_from,
                        "",
                        "",
                        &reason,
                    );
                    report.ledger_entries_added += 1;
                }
                if l.paid_pence > 0 {
                    w.entry(
                        account_id,
                        liability_id.clone(),
                        LedgerKind::Payment,
                        -l.paid_pence,
                        &today,
                        &l.period_from,
                        IMPORTED_PAYMENT_METHOD,
                        "brought forward",
                        &reason,
                    );
                    report.ledger_entries_added += 1;
                }
            }
            w.end_of_account()?;
        }
        // Contacts new to parties already held.
        for (p, (phones, emails)) in plan.new_contacts.iter().enumerate() {
            let Some(id) = &plan.held_party[p] else { continue };
            for phone in phones {
                w.contact(id, "phone", phone);
                report.contacts_added += 1;
            }
            for email in emails {
                w.contact(id, "email", email);
                report.contacts_added += 1;
            }
        }
        w.flush()?;
        let keys = keys.join().map_err(|_| Error::Internal("computing search keys failed".into()))??;
        // Ids are bound from their 128 bits (made on the spot, where their text is scattered over memory)
        // and keys of up to sixteen bytes from their sorting prefix.
        let uuid = |id: &Option<String>| {
            uuid::Uuid::parse_str(id.as_deref().expect("has an id"))
                .map(|u| u.as_u128())
                .map_err(|e| Error::Internal(format!("an id of this import is not a UUID: {e}")))
        };
        let party_uuids: Vec<u128> = new_parties.iter().map(|&p| uuid(&party_ids[p])).collect::<Result<_>>()?;
        let account_uuids: Vec<u128> = order.iter().map(|&a| uuid(&account_ids[a])).collect::<Result<_>>()?;
        let key_cell = |k: &PackedKey| {
            if k.len <= 16 {
                let mut bytes = [0u8; 16];
                bytes[..8].copy_from_slice(&k.prefix.0.to_be_bytes());
                bytes[8..].copy_from_slice(&k.prefix.1.to_be_bytes());
                Cell::made(&bytes[..k.len as usize])
            } else {
                Cell::Text(keys.key(k))
            }
        };
        debug_assert!(
            keys.rows.windows(2).all(|pair| {
                let text = |k: &PackedKey| {
                    let account = match k.account {
                        0 => "",
                        a => account_ids[order[a as usize - 1]].as_deref().expect("has an id"),
                    };
                    let party = party_ids[new_parties[k.party as usize]].as_deref().expect("has an id");
                    (KEY_CODES[k.kind as usize], keys.key(k), party, account)
                };
                text(&pair[0]) < text(&pair[1])
            }),
            "search keys in the table's order"
        );
        debug_assert!(
            new_parties.iter().zip(&party_uuids).all(|(&p, &id)| {
                uuid::Uuid::from_u128(id).hyphenated().to_string() == party_ids[p].as_deref().expect("has an id")
            }),
            "ids written as they were taken"
        );
        w.search_keys(keys.rows.iter().map(|k| {
            [
                key_cell(k),
                Cell::Text(KEY_CODES[k.kind as usize]),
                Cell::uuid(party_uuids[k.party as usize]),
                if k.account == 0 { Cell::Text("") } else { Cell::uuid(account_uuids[k.account as usize - 1]) },
            ]
        }))?;
        Ok(())
    })?;
    Ok(reindex)
}

/// The codes of the search key kinds in their text order: a packed key holds its kind as a position here, so
/// that comparing positions compares the codes as the table does.
static KEY_CODES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut codes: Vec<&'static str> = search::KeyKind::ALL.iter().map(|k| k.code()).collect();
    codes.sort_unstable();
    codes
});

/// One search key of [`PackedKeys`]: its first sixteen bytes as two big-endian numbers (most comparisons end
/// there: few keys are longer), where its text is, its kind (a position in [`KEY_CODES`]) and the ranks of
/// its party and account in the order their ids were taken, which is the order of the ids' text (`IdSource`
/// ids increase). Account rank 0 is no account.
#[derive(Clone, Copy, Debug)]
struct PackedKey {
    prefix: (u64, u64),
    start: u32,
    len: u32,
    kind: u8,
    party: u32,
    account: u32,
}

/// The search keys of an import, sorted in the order of the table's primary key (key, kind, party id,
/// account id), so that every insert appends. 40 bytes a key and its text in one buffer: a big import has
/// millions of keys, and sorting small records held together is several times faster than sorting tuples
/// of strings scattered over the heap.
struct PackedKeys {
    text: String,
    rows: Vec<PackedKey>,
}

impl PackedKeys {
    fn key(&self, k: &PackedKey) -> &str {
        &self.text[k.start as usize..(k.start + k.len) as usize]
    }
}

/// The search keys of the new parties that are only on new accounts, computed as
/// `db::search::index_party` would from what is being written. `new_parties` are in the order their ids
/// were taken and `order` the accounts in theirs.
fn search_keys(
    file: &FileData,
    new_parties: &[usize],
    reindexed: &HashSet<usize>,
    party_ids: &[Option<String>],
    order: &[usize],
    account_ids: &[Option<String>],
    party_accounts: &HashMap<usize, Vec<usize>>,
) -> Result<PackedKeys> {
    let too_big = || Error::Internal("too many search keys for one import".into());
    let account_rank: HashMap<&str, u32> = order
        .iter()
        .enumerate()
        .map(|(rank, &a)| Ok((account_ids[a].as_deref().expect("has an id"), u32::try_from(rank + 1)?)))
        .collect::<std::result::Result<_, std::num::TryFromIntError>>()
        .map_err(|_| too_big())?;
    let kind_rank = |kind: search::KeyKind| KEY_CODES.iter().position(|c| *c == kind.code()).expect("a kind") as u8;
    let mut out = PackedKeys { text: String::new(), rows: Vec::new() };
    for (rank, &p) in new_parties.iter().enumerate() {
        if reindexed.contains(&p) {
            continue;
        }
        let party = &file.parties[p];
        let mut addresses = Vec::new();
        if let Some(a) = &party.record.address {
            addresses.push((a.filled_lines(), a.postcode.clone()));
        }
        let mut references = Vec::new();
        for &a in party_accounts.get(&p).map(Vec::as_slice).unwrap_or_default() {
            let account = &file.accounts[a];
            if let Some(prop) = &account.record.property {
                addresses.push((prop.filled_lines(), prop.postcode.clone()));
            }
            references.push((account.record.reference.clone(), account_ids[a].clone().expect("has an id")));
        }
        debug_assert!(party_ids[p].is_some());
        let keys = search::keys(&PartyKeys {
            kind: party.record.kind,
            forenames: &party.record.forenames,
            surname: &party.record.surname,
            organisation_name: &party.record.organisation_name,
            ni_number: party.record.ni_number.as_deref(),
            company_number: party.record.company_number.as_deref(),
            addresses,
            phones: party.phones.clone(),
            emails: party.emails.clone(),
            references,
        });
        for (key, kind, account) in keys {
            let mut prefix = [0u8; 16];
            let n = key.len().min(16);
            prefix[..n].copy_from_slice(&key.as_bytes()[..n]);
            let (high, low) = prefix.split_at(8);
            out.rows.push(PackedKey {
                prefix: (
                    u64::from_be_bytes(high.try_into().expect("8 bytes")),
                    u64::from_be_bytes(low.try_into().expect("8 bytes")),
                ),
                start: u32::try_from(out.text.len()).map_err(|_| too_big())?,
                len: u32::try_from(key.len()).map_err(|_| too_big())?,
                kind: kind_rank(kind),
                party: u32::try_from(rank).map_err(|_| too_big())?,
                account: match account.as_str() {
                    "" => 0,
                    id => account_rank[id],
                },
            });
            out.text.push_str(&key);
        }
    }
    let PackedKeys { text, rows } = &mut out;
    let bytes = |k: &PackedKey| &text.as_bytes()[k.start as usize..(k.start + k.len) as usize];
    // The table's order: (kind, key, party_id, account_id).
    rows.sort_unstable_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(a.prefix.cmp(&b.prefix))
            .then_with(|| if a.len > 16 || b.len > 16 { bytes(a).cmp(bytes(b)) } else { a.len.cmp(&b.len) })
            .then(a.party.cmp(&b.party))
            .then(a.account.cmp(&b.account))
    });
    Ok(out)
}

// ---------------------------------------------------------------------------------------------------------
// Cells: the one way a value is written in the file, used by the export and to compare rows.

fn canonical(text: &str) -> String {
    clean(text).into_owned()
}

fn account_cells(a: &AccountRecord, row: &mut [String; NCOLS]) {
    row[ACCOUNT_REFERENCE] = canonical(&a.reference);
    row[DEBT_TYPE] = a.debt_type.as_str().to_string();
    row[JURISDICTION] = a.jurisdiction.as_str().to_string();
    row[ACCOUNT_STATUS] = a.status.clone();
    row[OPENED_ON] = a.opened_on.clone();
    row[CLOSED_ON] = a.closed_on.clone().unwrap_or_default();
    match &a.property {
        Some(p) => {
            row[PROPERTY_UPRN] = p.uprn.clone().unwrap_or_default();
            address_cells(p, PROPERTY_LINE1, PROPERTY_POSTCODE, row);
        }
        None => blank_cells(row, PROPERTY_UPRN..=PROPERTY_POSTCODE),
    }
}

fn address_cells(a: &AddressRecord, first: usize, postcode: usize, row: &mut [String; NCOLS]) {
    for i in 0..5 {
        row[first + i] = canonical(&a.lines[i]);
    }
    row[postcode] = normalise_postcode(&a.postcode).unwrap_or_else(|| canonical(&a.postcode));
}

struct PartyView<'a> {
    record: &'a PartyRecord,
    reference: &'a str,
    role: Option<Role>,
    phones: &'a [String],
    emails: &'a [String],
}

/// The party columns. The party's address is left blank when it is the property's (`property`).
fn party_cells(p: &PartyView, property: Option<&AddressRecord>, row: &mut [String; NCOLS]) {
    let r = p.record;
    row[PARTY_REFERENCE] = p.reference.to_string();
    row[PARTY_ROLE] = p.role.map(|r| r.as_str().to_string()).unwrap_or_default();
    row[PARTY_KIND] = r.kind.as_str().to_string();
    row[TITLE] = canonical(&r.title);
    row[FORENAMES] = canonical(&r.forenames);
    row[SURNAME] = canonical(&r.surname);
    row[ORGANISATION_NAME] = canonical(&r.organisation_name);
    row[DATE_OF_BIRTH] = r.date_of_birth.clone().unwrap_or_default();
    row[NI_NUMBER] = r.ni_number.as_deref().map(|n| check_ni(n).unwrap_or_else(|_| canonical(n))).unwrap_or_default();
    row[COMPANY_NUMBER] = r
        .company_number
        .as_deref()
        .map(|n| normalise_company_number(n).unwrap_or_else(|| canonical(n)))
        .unwrap_or_default();
    row[PHONE] = p.phones.iter().map(|s| canonical(s)).collect::<Vec<_>>().join("; ");
    row[EMAIL] = p.emails.iter().map(|s| canonical(s)).collect::<Vec<_>>().join("; ");
    let same_as_property = match (&r.address, property) {
        (Some(a), Some(prop)) => {
            let (mut x, mut y) = (empty_row(), empty_row());
            address_cells(a, ADDRESS_LINE1, POSTCODE, &mut x);
            address_cells(prop, ADDRESS_LINE1, POSTCODE, &mut y);
            x[ADDRESS_LINE1..=POSTCODE] == y[ADDRESS_LINE1..=POSTCODE]
        }
        _ => false,
    };
    match &r.address {
        Some(a) if !same_as_property => address_cells(a, ADDRESS_LINE1, POSTCODE, row),
        _ => blank_cells(row, ADDRESS_LINE1..=POSTCODE),
    }
}

fn liability_cells(l: &LiabilityRecord, row: &mut [String; NCOLS]) {
    row[FINANCIAL_YEAR] = financial_year_label(l.financial_year);
    row[PERIOD_FROM] = l.period_from.clone();
    row[PERIOD_TO] = l.period_to.clone();
    row[DESCRIPTION] = canonical(&l.description);
    row[CHARGE] = Money::from_pence(l.charged_pence).to_string();
    row[PAID_TO_DATE] = Money::from_pence(l.paid_pence).to_string();
}

fn empty_row() -> [String; NCOLS] {
    std::array::from_fn(|_| String::new())
}

fn blank_cells(row: &mut [String; NCOLS], cols: std::ops::RangeInclusive<usize>) {
    for col in cols {
        row[col].clear();
    }
}

fn cells_of_account(a: &AccountRecord) -> [String; NCOLS] {
    let mut row = empty_row();
    account_cells(a, &mut row);
    row
}

/// The party's columns with its address always written out (for comparing).
fn cells_of_party(p: &PartyRecord) -> [String; NCOLS] {
    let mut row = empty_row();
    party_cells(&PartyView { record: p, reference: "", role: None, phones: &[], emails: &[] }, None, &mut row);
    row
}

fn cells_of_liability(l: &LiabilityRecord) -> [String; NCOLS] {
    let mut row = empty_row();
    liability_cells(l, &mut row);
    row
}

/// The order of parties on an account in an export: by role as the format lists them, then by what is
/// written about them.
fn party_sort_key(l: &LinkRecord) -> (usize, [String; NCOLS], String) {
    let rank = Role::ALL.iter().position(|r| *r == l.role).unwrap_or(usize::MAX);
    (rank, cells_of_party(&l.party), l.party.id.clone())
}

/// Columns a spreadsheet might read as a formula if they start with `=`, `+`, `-` or `@`: an export puts
/// a `'` before such a value and the import takes it off.
fn is_text_column(col: usize) -> bool {
    !matches!(
        col,
        DEBT_TYPE
            | JURISDICTION
            | ACCOUNT_STATUS
            | OPENED_ON
            | CLOSED_ON
            | PARTY_ROLE
            | PARTY_KIND
            | DATE_OF_BIRTH
            | FINANCIAL_YEAR
            | PERIOD_FROM
            | PERIOD_TO
            | CHARGE
            | PAID_TO_DATE
    )
}

fn write_row<W: Write>(w: &mut csv::Writer<W>, row: &[String; NCOLS]) -> Result<()> {
    let guarded = row.iter().enumerate().map(|(col, v)| -> Cow<[u8]> {
        if is_text_column(col) && v.starts_with(['=', '+', '-', '@']) {
            Cow::Owned(format!("'{v}").into_bytes())
        } else {
            Cow::Borrowed(v.as_bytes())
        }
    });
    w.write_record(guarded).map_err(csv_error)
}

fn csv_error(e: csv::Error) -> Error {
    Error::Io(e.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_take_every_outward_shape_and_come_out_upper_case_with_one_space() {
        for (raw, want) in [
            ("m1 1ae", "M1 1AE"),
            ("B338TH", "B33 8TH"),
            ("cr2 6xh", "CR2 6XH"),
            ("dn55  1pt", "DN55 1PT"),
            ("w1a 1hq", "W1A 1HQ"),
            ("EC1A1BB", "EC1A 1BB"),
        ] {
            assert_eq!(normalise_postcode(raw).as_deref(), Some(want), "{raw}");
        }
        for bad in ["", "AD1", "1AD 2BC", "AD1 2B", "ABC1 2DE", "AD1 BBC", "AD12 3BCD", "A£1 2BC"] {
            assert_eq!(normalise_postcode(bad), None, "{bad}");
        }
    }

    #[test]
    fn ni_numbers_follow_the_hmrc_prefix_and_suffix_rules() {
        assert_eq!(check_ni("ab 12 34 56 c").unwrap(), "AB123456C");
        assert!(check_ni("AB123456E").unwrap_err().contains("not an NI number"));
        assert!(check_ni("DA123456A").unwrap_err().contains("no number starts with DA"));
        assert!(check_ni("AO123456A").unwrap_err().contains("no number starts with AO"));
        assert!(check_ni("GB123456A").unwrap_err().contains("never issued"));
        assert!(check_ni("AB12345C").is_err());
    }

    #[test]
    fn dates_are_iso_or_uk_day_first_with_four_digit_years() {
        let d = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
        assert_eq!(parse_date("2025-04-01"), Ok(d));
        assert_eq!(parse_date("01/04/2025"), Ok(d));
        assert_eq!(parse_date("1/4/2025"), Ok(d));
        assert!(parse_date("01/04/25").unwrap_err().contains("two-digit year"));
        assert!(parse_date("04/25/2025").is_err());
        assert!(parse_date("2025-02-30").is_err());
        assert!(parse_date("1 April 2025").is_err());
    }

    #[test]
    fn financial_years_are_read_in_every_usual_spelling() {
        for t in ["2025", "2025/26", "2025-26", "2025/2026"] {
            assert_eq!(parse_financial_year(t), Ok(2025), "{t}");
        }
        assert_eq!(parse_financial_year("1999/00"), Ok(1999));
        assert!(parse_financial_year("2025/27").unwrap_err().contains("1 April to 31 March"));
        assert!(parse_financial_year("25/26").is_err());
    }

    #[test]
    fn company_numbers_get_back_the_leading_zeros_a_spreadsheet_dropped() {
        assert_eq!(normalise_company_number("1234567").as_deref(), Some("01234567"));
        assert_eq!(normalise_company_number("sc123456").as_deref(), Some("SC123456"));
        assert_eq!(normalise_company_number("S1234567"), None);
    }

    #[test]
    fn cells_lose_outer_spaces_inner_runs_and_the_formula_guard() {
        assert_eq!(clean("  a  b \r\n c "), "a b c");
        assert_eq!(clean("'+44 7700 900123"), "+44 7700 900123");
        assert_eq!(clean("'O'Brien"), "'O'Brien");
    }

    #[test]
    fn amounts_refuse_a_third_decimal_place_and_negatives() {
        assert_eq!(parse_amount("£1,234.50").unwrap().pence(), 123_450);
        assert!(parse_amount("12.345").unwrap_err().contains("more than two decimal places"));
        assert!(parse_amount("-5").unwrap_err().contains("negative"));
    }
}
