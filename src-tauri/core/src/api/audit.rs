//! The audit log seen from the screens (issue 9 item 4, recovery-rules.md §9): every view of a person's record
//! writes a `viewed` row (who, when, which record and which view; never the personal data shown), and the audit
//! viewer reads the log with filters, a page at a time, and exports it as CSV. Reading the log needs
//! `Permission::ViewAudit` (team leaders and the administrator).

use crate::access::Permission;
use crate::db::audit::{self, LogFilter, LogRow, LogUser};
use crate::db::{Ctx, Db};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// DECISION: a view of the same record in the same way by the same user is written to the log once per this
/// many seconds. Opening a person, then their letters, then their timetable writes three rows; reloading the
/// person screen while typing a note, or paging through their letters, writes no more within the minute.
/// The log still answers "who looked at this person, and when" to the minute.
pub const VIEW_ROW_WINDOW_SECONDS: i64 = 60;

/// What was viewed: written to the row's `detail` as `{"view": "<kind>"}` and nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewKind {
    /// The person screen (the one view of debt).
    Person,
    /// One account and its liable parties (the CLI's `show`).
    Account,
    /// The list of letters sent to a person.
    Letters,
    /// An issued letter's pages.
    Letter,
    /// A saved income and expenditure statement (on screen, as the SFS summary PDF or exported).
    IncomeExpenditure,
    /// A person's I&E statements, listed.
    IncomeExpenditureHistory,
    /// A new statement started from a person's latest figures.
    NewIncomeExpenditure,
    /// The council's affordable offer worked from a person's latest statement.
    AffordableOffer,
    /// A person's arrangements to pay.
    Arrangements,
    /// One arrangement.
    Arrangement,
    /// The arrangement planner opened for a person (their debts and affordable figure).
    ArrangementPlanner,
    /// An account's recovery timetable.
    Timetable,
    /// A court bundle (on screen or its PDF).
    CourtBundle,
}

impl ViewKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ViewKind::Person => "person",
            ViewKind::Account => "account",
            ViewKind::Letters => "letters",
            ViewKind::Letter => "letter",
            ViewKind::IncomeExpenditure => "income_expenditure",
            ViewKind::IncomeExpenditureHistory => "income_expenditure_history",
            ViewKind::NewIncomeExpenditure => "new_income_expenditure",
            ViewKind::AffordableOffer => "affordable_offer",
            ViewKind::Arrangements => "arrangements",
            ViewKind::Arrangement => "arrangement",
            ViewKind::ArrangementPlanner => "arrangement_planner",
            ViewKind::Timetable => "timetable",
            ViewKind::CourtBundle => "court_bundle",
        }
    }
}

/// One view of a record about a person: the row names the record (`entity`, `entity_id`) and the person
/// (`party_id`, and the account when the view is of one).
#[derive(Clone, Copy, Debug)]
pub struct Viewed<'a> {
    pub kind: ViewKind,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub party_id: Option<&'a str>,
    pub account_id: Option<&'a str>,
}

impl<'a> Viewed<'a> {
    /// A view of the person's whole record (or a list under it): entity `parties`, the person's id.
    pub fn person(kind: ViewKind, party_id: &'a str) -> Viewed<'a> {
        Viewed { kind, entity: "parties", entity_id: party_id, party_id: Some(party_id), account_id: None }
    }
}

/// Writes the `viewed` row for a read that just succeeded, in its own small write transaction, unless the
/// same user viewed the same record the same way within [`VIEW_ROW_WINDOW_SECONDS`].
pub(crate) fn record_view(db: &Db, ctx: &Ctx, view: Viewed) -> Result<()> {
    let detail = serde_json::json!({ "view": view.kind.as_str() });
    let since = (ctx.now - chrono::Duration::seconds(VIEW_ROW_WINDOW_SECONDS))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    db.write(|tx| {
        if audit::viewed_since(tx, &ctx.user_id, view.entity_id, &detail.to_string(), &since)? {
            return Ok(());
        }
        audit::record(tx, ctx, audit::VIEWED, view.entity, view.entity_id, view.party_id, view.account_id, detail)
    })
}

/// The audit viewer's question. Empty strings count as not given (a form's blank field).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditQuery {
    /// The user, by id or username.
    #[serde(default)]
    pub user_id: Option<String>,
    /// Rows naming this person, or any account they are on.
    #[serde(default)]
    pub party_id: Option<String>,
    /// Rows about this account.
    #[serde(default)]
    pub account_reference: Option<String>,
    /// The screen's one box: an account reference, else a person's id (rows naming them or their accounts).
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub action: Option<String>,
    /// The table a row is about (`parties`, `ledger_entries`, …).
    #[serde(default)]
    pub entity: Option<String>,
    /// The first day (YYYY-MM-DD, a UTC day: see [`day_starts`]).
    #[serde(default)]
    pub from: Option<String>,
    /// The last day, inclusive.
    #[serde(default)]
    pub to: Option<String>,
    /// From 1; default 1.
    #[serde(default)]
    pub page: Option<u32>,
    /// Rows a page, 1 to [`MAX_PAGE_ROWS`]; default [`PAGE_ROWS`].
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Rows a page unless asked otherwise.
pub const PAGE_ROWS: u32 = 50;
/// The most rows a page may ask for (the CSV export has no limit).
pub const MAX_PAGE_ROWS: u32 = 500;

/// One page of the log, newest first.
#[derive(Clone, Debug, Serialize)]
pub struct AuditPage {
    pub rows: Vec<LogRow>,
    /// Rows that match, on every page.
    pub total: i64,
    pub page: u32,
    pub limit: u32,
    /// Pages in all (at least 1).
    pub pages: u32,
    /// The place of this page's first and last row among all that match, from 1 (0 and 0 when none match).
    pub first: i64,
    pub last: i64,
}

/// The viewer's dropdowns: the users and the actions the log holds.
#[derive(Clone, Debug, Serialize)]
pub struct AuditFilters {
    pub users: Vec<LogUser>,
    pub actions: Vec<String>,
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn date(v: &Option<String>, field: &str) -> Result<Option<NaiveDate>> {
    given(v)
        .map(|s| {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map_err(|_| Error::validation(field, format!("'{s}' is not a date (YYYY-MM-DD)")))
        })
        .transpose()
}

/// DECISION: the viewer's dates are days in UTC, the zone every `at` is stored in: "from 1 June" starts at
/// 00:00 UTC (01:00 in British Summer Time). A view at 00:30 BST is on the day before. Simple, and the
/// same on every laptop; the rows themselves show the exact instant.
fn day_starts(d: NaiveDate) -> String {
    format!("{d}T00:00:00.000Z")
}

/// Checks the query and turns it into the filter the SQL takes.
fn filter_of(conn: &rusqlite::Connection, q: &AuditQuery) -> Result<LogFilter> {
    let from = date(&q.from, "from")?;
    let to = date(&q.to, "to")?;
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(Error::validation("to", format!("must not be before the first day, {f}")));
        }
    }
    let mut filter = LogFilter {
        user: given(&q.user_id).map(|u| audit::log_user(conn, &u)).transpose()?,
        party_id: given(&q.party_id),
        account_id: None,
        action: given(&q.action),
        entity: given(&q.entity),
        from: from.map(day_starts),
        until: to.and_then(|t| t.succ_opt()).map(day_starts),
    };
    if let Some(reference) = given(&q.account_reference) {
        filter.account_id =
            Some(audit::account_id_by_reference(conn, &reference.to_uppercase())?.ok_or_else(|| {
                Error::validation("accountReference", format!("no account has reference {reference}"))
            })?);
    }
    if let Some(person) = given(&q.person) {
        if let Some(account) = audit::account_id_by_reference(conn, &person.to_uppercase())? {
            filter.account_id = Some(account);
        } else if audit::party_exists(conn, &person)? || audit::names_party(conn, &person)? {
            filter.party_id = Some(person);
        } else {
            return Err(Error::validation("person", format!("no account reference or person's id is {person}")));
        }
    }
    Ok(filter)
}

/// The audit log, newest first, one page at a time, with the user's name and the person's name beside the ids.
/// Needs `Permission::ViewAudit`.
pub fn audit_log(db: &Db, ctx: &Ctx, query: AuditQuery) -> Result<AuditPage> {
    ctx.require(Permission::ViewAudit)?;
    let limit = query.limit.unwrap_or(PAGE_ROWS);
    if limit == 0 || limit > MAX_PAGE_ROWS {
        return Err(Error::validation("limit", format!("must be from 1 to {MAX_PAGE_ROWS}")));
    }
    let page = query.page.unwrap_or(1);
    if page == 0 {
        return Err(Error::validation("page", "pages are numbered from 1"));
    }
    let (rows, total) = db.read(|tx| {
        let filter = filter_of(tx, &query)?;
        audit::log_page(tx, &filter, i64::from(limit), i64::from(page - 1) * i64::from(limit))
    })?;
    let first = if rows.is_empty() { 0 } else { i64::from(page - 1) * i64::from(limit) + 1 };
    Ok(AuditPage {
        last: if rows.is_empty() { 0 } else { first + rows.len() as i64 - 1 },
        first,
        rows,
        total,
        page,
        limit,
        pages: (total.max(1) as u64).div_ceil(u64::from(limit)) as u32,
    })
}

/// Every row that matches, newest first, as CSV (RFC 4180: a header line, fields quoted when they hold a comma,
/// a quote or a line break, CRLF line ends). Needs `Permission::ViewAudit`. The export itself is written to the
/// log (`export_audit_log`, the filter in `detail`), after the rows it exported.
pub fn audit_log_csv(db: &Db, ctx: &Ctx, query: AuditQuery) -> Result<String> {
    ctx.require(Permission::ViewAudit)?;
    let (rows, filter) = db.read(|tx| {
        let filter = filter_of(tx, &query)?;
        Ok((audit::log_rows(tx, &filter, None)?, filter))
    })?;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let io = |e: csv::Error| Error::Internal(e.to_string());
    w.write_record([
        "seq",
        "at",
        "user_id",
        "user_name",
        "action",
        "entity",
        "entity_id",
        "party_id",
        "person",
        "account_id",
        "account_reference",
        "detail",
    ])
    .map_err(io)?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    for r in &rows {
        w.write_record([
            r.seq.map(|s| s.to_string()).unwrap_or_default(),
            r.at.clone(),
            r.user_id.clone(),
            text(&r.user_name),
            r.action.clone(),
            r.entity.clone(),
            r.entity_id.clone(),
            text(&r.party_id),
            text(&r.party_name),
            text(&r.account_id),
            text(&r.account_reference),
            r.detail.clone(),
        ])
        .map_err(io)?;
    }
    let csv = String::from_utf8(w.into_inner().map_err(|e| Error::Internal(e.to_string()))?)
        .map_err(|e| Error::Internal(e.to_string()))?;
    let detail = serde_json::json!({
        "rows": rows.len(),
        "user": filter.user, "party_id": filter.party_id, "account_id": filter.account_id,
        "action": filter.action, "entity": filter.entity, "from": filter.from, "until": filter.until,
    });
    db.write(|tx| audit::record(tx, ctx, "export_audit_log", "audit_log", "", None, None, detail))?;
    Ok(csv)
}

/// The users and actions the log holds, for the viewer's filter dropdowns. Needs `Permission::ViewAudit`.
pub fn audit_filters(db: &Db, ctx: &Ctx) -> Result<AuditFilters> {
    ctx.require(Permission::ViewAudit)?;
    let (users, actions) = db.read(|tx| audit::log_users_and_actions(tx))?;
    Ok(AuditFilters { users, actions })
}
