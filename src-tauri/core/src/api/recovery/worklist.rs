//! The worklist: today's tasks per officer (hold reviews and expiries, Breathing Space deadlines, cases a run
//! left out that need a decision), the unallocated ones for a team leader to allocate (to the officers listed),
//! and closing a task.

use super::parse_date;
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
