//! The worklist: today's tasks per officer (hold reviews and expiries, Breathing Space deadlines, cases a run
//! left out that need a decision, returned mail), the unallocated ones for a team leader to allocate (to the
//! officers listed), and closing a task.

use super::parse_date;
use crate::access::Permission;
use crate::db::tasks::{self, Assigned, TaskRow, UserRow};
use crate::db::{audit, Ctx, Db};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorklistInput {
    /// One officer's tasks (user id or username); the caller's own if absent.
    #[serde(default)]
    pub officer: Option<String>,
    /// Tasks nobody has been given yet, instead of one officer's.
    #[serde(default)]
    pub unallocated: bool,
    /// Everyone's tasks (the team leader's view).
    #[serde(default)]
    pub everyone: bool,
    /// Due on or before this day; today if absent.
    #[serde(default)]
    pub on: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Worklist {
    pub on: chrono::NaiveDate,
    /// Due before `on`.
    pub overdue: usize,
    pub tasks: Vec<TaskRow>,
}

/// Open tasks due by the day, oldest first.
pub fn worklist(db: &Db, ctx: &Ctx, input: WorklistInput) -> Result<Worklist> {
    let on = match &input.on {
        Some(d) => parse_date(d, "on")?,
        None => ctx.today,
    };
    let who = if input.everyone {
        Assigned::Anyone
    } else if input.unallocated {
        Assigned::Nobody
    } else {
        Assigned::To(input.officer.clone().unwrap_or_else(|| ctx.user_id.clone()))
    };
    let tasks = db.read(|tx| {
        let who = match who {
            Assigned::To(u) => Assigned::To(tasks::user_id(tx, &u)?.unwrap_or(u)),
            other => other,
        };
        tasks::open_due(tx, on, &who)
    })?;
    Ok(Worklist { on, overdue: tasks.iter().filter(|t| t.due_on < on).count(), tasks })
}

/// The officers a team leader can give tasks to (the users of Recovery Desk).
pub fn officers(db: &Db) -> Result<Vec<UserRow>> {
    db.read(|tx| tasks::users(tx))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllocateTasksInput {
    pub task_ids: Vec<String>,
    /// The officer to give them to (user id or username); `None` takes them back to the unallocated queue.
    #[serde(default)]
    pub officer: Option<String>,
}

/// A team leader gives tasks to an officer (or takes them back). All or none.
pub fn allocate_tasks(db: &Db, ctx: &Ctx, input: AllocateTasksInput) -> Result<Vec<TaskRow>> {
    ctx.require(Permission::AllocateWork)?;
    if input.task_ids.is_empty() {
        return Err(Error::validation("taskIds", "choose at least one task"));
    }
    let officer = input.officer.as_deref().map(str::trim).filter(|o| !o.is_empty());
    db.write(|tx| {
        let officer = match officer {
            Some(o) => Some(
                tasks::user_id(tx, o)?
                    .ok_or_else(|| Error::validation("officer", format!("'{o}' is not a user of Recovery Desk")))?,
            ),
            None => None,
        };
        let officer = officer.as_deref();
        let mut out = Vec::new();
        for id in &input.task_ids {
            let t = tasks::get(tx, id)?.ok_or_else(|| Error::NotFound(format!("task {id}")))?;
            if t.status != "open" {
                return Err(Error::Conflict(format!("the task \"{}\" is already {}", t.title, t.status)));
            }
            tasks::assign(tx, ctx, id, officer)?;
            audit::record(
                tx,
                ctx,
                "allocate_tasks",
                "tasks",
                id,
                t.party_id.as_deref(),
                t.account_id.as_deref(),
                serde_json::json!({"assigned_to": officer}),
            )?;
            out.push(tasks::get(tx, id)?.expect("task exists"));
        }
        Ok(out)
    })
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloseTaskInput {
    pub task_id: String,
    /// `done` (the default) or `cancelled`.
    #[serde(default)]
    pub status: Option<String>,
}

pub fn close_task(db: &Db, ctx: &Ctx, input: CloseTaskInput) -> Result<TaskRow> {
    ctx.require(Permission::WorkCases)?;
    let status = input.status.as_deref().unwrap_or("done");
    if !matches!(status, "done" | "cancelled") {
        return Err(Error::validation("status", format!("'{status}' is not one of: done, cancelled")));
    }
    db.write(|tx| {
        let t = tasks::get(tx, &input.task_id)?.ok_or_else(|| Error::NotFound(format!("task {}", input.task_id)))?;
        if t.status != "open" {
            return Err(Error::Conflict(format!("the task is already {}", t.status)));
        }
        tasks::close(tx, ctx, &t.id, status)?;
        audit::record(
            tx,
            ctx,
            "close_task",
            "tasks",
            &t.id,
            t.party_id.as_deref(),
            t.account_id.as_deref(),
            serde_json::json!({"status": status}),
        )?;
        Ok(tasks::get(tx, &t.id)?.expect("task exists"))
    })
}

/// Why the Royal Mail returned a letter (the reasons on its returned-mail label).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnedMailReason {
    GoneAway,
    NotKnownAtAddress,
    AddressIncomplete,
    Refused,
    Other,
}

impl ReturnedMailReason {
    pub const ALL: [ReturnedMailReason; 5] = [
        ReturnedMailReason::GoneAway,
        ReturnedMailReason::NotKnownAtAddress,
        ReturnedMailReason::AddressIncomplete,
        ReturnedMailReason::Refused,
        ReturnedMailReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReturnedMailReason::GoneAway => "gone_away",
            ReturnedMailReason::NotKnownAtAddress => "not_known_at_address",
            ReturnedMailReason::AddressIncomplete => "address_incomplete",
            ReturnedMailReason::Refused => "refused",
            ReturnedMailReason::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReturnedMailReason::GoneAway => "Gone away",
            ReturnedMailReason::NotKnownAtAddress => "Not known at this address",
            ReturnedMailReason::AddressIncomplete => "Address incomplete",
            ReturnedMailReason::Refused => "Refused",
            ReturnedMailReason::Other => "Returned for another reason",
        }
    }

    /// The label of a stored code (the code itself if it is not one of ours).
    pub fn label_of(code: &str) -> &'static str {
        Self::ALL.iter().find(|r| r.code() == code).map_or("Returned", |r| r.label())
    }

    fn parse(text: &str) -> Result<ReturnedMailReason> {
        let t = text.trim();
        Self::ALL.into_iter().find(|r| r.code() == t).ok_or_else(|| {
            let codes: Vec<&str> = Self::ALL.iter().map(|r| r.code()).collect();
            Error::validation("reason", format!("'{t}' is not one of: {}", codes.join(", ")))
        })
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReturnedMailInput {
    /// The letter (document) that came back.
    pub document_id: String,
    /// The day it came back (ISO date); today if absent.
    #[serde(default)]
    pub returned_on: Option<String>,
    /// A [`ReturnedMailReason`] code.
    pub reason: String,
}

/// A letter came back undelivered: recorded against the letter, with a worklist task, due the day it came back,
/// to check the address (trace the person if they have gone away) before anything else is sent. One
/// transaction; a letter is recorded as returned once.
pub fn record_returned_mail(db: &Db, ctx: &Ctx, input: ReturnedMailInput) -> Result<TaskRow> {
    ctx.require(Permission::WorkCases)?;
    let reason = ReturnedMailReason::parse(&input.reason)?;
    let returned_on = match &input.returned_on {
        Some(d) => parse_date(d, "returnedOn")?,
        None => ctx.today,
    };
    if returned_on > ctx.today {
        return Err(Error::validation("returnedOn", format!("{returned_on} is after today")));
    }
    db.write(|tx| {
        let doc = crate::db::letters::document(tx, &input.document_id)?
            .ok_or_else(|| Error::NotFound(format!("letter {}", input.document_id)))?;
        if let Some(on) = crate::db::letters::returned_on(tx, &doc.id)? {
            return Err(Error::Conflict(format!("{} was already recorded as returned on {on}", doc.title)));
        }
        let issued_on = parse_date(&doc.issued_on, "issuedOn")?;
        if returned_on < issued_on {
            return Err(Error::validation(
                "returnedOn",
                format!("{returned_on} is before the letter was issued ({issued_on})"),
            ));
        }
        let task_id = tasks::insert(
            tx,
            ctx,
            &tasks::NewTask {
                party_id: doc.party_id.as_deref(),
                account_id: doc.account_id.as_deref(),
                kind: "returned_mail",
                title: &format!("Returned mail: {} ({})", doc.title, reason.label().to_lowercase()),
                detail: &format!(
                    "The {} issued on {issued_on} came back on {returned_on}: {}. Check the address (trace the \
                     person if they have gone away) before anything else is sent.",
                    doc.title,
                    reason.label().to_lowercase()
                ),
                due_on: returned_on,
                assigned_to: None,
                hold_id: None,
                run_id: None,
            },
        )?;
        crate::db::letters::insert_returned_mail(tx, ctx, &doc.id, returned_on, reason.code(), &task_id)?;
        audit::record(
            tx,
            ctx,
            "record_returned_mail",
            "documents",
            &doc.id,
            doc.party_id.as_deref(),
            doc.account_id.as_deref(),
            serde_json::json!({"returned_on": returned_on, "reason": reason.code(), "task_id": task_id}),
        )?;
        Ok(tasks::get(tx, &task_id)?.expect("the task just written"))
    })
}
