//! The Runs screen's timetable: every run each debt type's recovery path has (its label, letter and minimum),
//! the days of the week the team makes it (a council setting), the next such working day, and the last run
//! made of it. The days are the council's choice (product.md §3.2: "per a timetable the team sets"); a run
//! day that falls on a bank holiday moves to the next working day.

use super::runs::{template_exists, template_for};
use super::{Engine, RecoverySettings};
use crate::db::runs::{self as store, RunRow};
use crate::db::{calendar, Ctx, Db};
use crate::error::{Error, Result};
use crate::model::{DebtType, Jurisdiction};
use crate::money::Money;
use crate::rules::calendar::Calendar;
use crate::rules::selection::RunType;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The days of the week the team makes one run (1 = Monday … 7 = Sunday, as ISO 8601 numbers them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RunDays {
    pub debt_type: DebtType,
    pub run_type: RunType,
    #[serde(default)]
    pub weekdays: Vec<u32>,
}

/// POLICY: an illustrative week (reminders on Tuesdays, final notices on Wednesdays, summons selection on
/// Thursdays, invoice debts' letters on Mondays); the team sets its own.
pub fn default_run_days() -> Vec<RunDays> {
    let mut out = Vec::new();
    for &debt in DebtType::ALL {
        for &run in RunType::ALL {
            if run.check_debt(debt).is_err() {
                continue;
            }
            let day = match (debt, run) {
                (DebtType::CouncilTax | DebtType::BusinessRates, RunType::Reminder | RunType::SecondReminder) => 2,
                (DebtType::CouncilTax | DebtType::BusinessRates, RunType::FinalNotice) => 3,
                (_, RunType::Summons) => 4,
                _ => 1,
            };
            out.push(RunDays { debt_type: debt, run_type: run, weekdays: vec![day] });
        }
    }
    out
}

/// Refuses days that are not days of the week, a run the debt's path does not have, or one run listed twice.
pub(crate) fn check_run_days(days: &[RunDays]) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, d) in days.iter().enumerate() {
        let field = format!("runDays[{i}]");
        d.run_type.check_debt(d.debt_type).map_err(|e| Error::validation(&field, e.to_string()))?;
        if !seen.insert((d.debt_type, d.run_type)) {
            return Err(Error::validation(
                &field,
                format!("{} {} is listed twice", d.debt_type.label(), d.run_type.label(d.debt_type).to_lowercase()),
            ));
        }
        if let Some(bad) = d.weekdays.iter().find(|w| !(1..=7).contains(*w)) {
            return Err(Error::validation(
                format!("{field}.weekdays"),
                format!("{bad} is not a day of the week (1 = Monday … 7 = Sunday)"),
            ));
        }
    }
    Ok(())
}

/// The next day on or after `today` the team makes a run on `weekdays`: the first such day, moved to the next
/// working day if it is a weekend or a bank holiday. `None` when the run has no days set.
pub fn next_run_on(weekdays: &[u32], today: NaiveDate, calendar: &Calendar) -> Option<NaiveDate> {
    // A run day a week back may have moved forward over a bank holiday to today or later.
    (0..22u64)
        .map(|n| today - Days::new(7) + Days::new(n))
        .filter(|d| weekdays.contains(&d.weekday().number_from_monday()))
        .map(|d| calendar.next_working_day_from(d))
        .find(|d| *d >= today)
}

/// One run of the timetable.
#[derive(Clone, Debug, Serialize)]
pub struct RunSlot {
    pub debt_type: DebtType,
    pub debt_type_label: &'static str,
    pub run_type: RunType,
    pub label: &'static str,
    /// The letter committed items get (English accounts), if the council has the template.
    pub letter: Option<&'static str>,
    /// The council's minimum for this run (arrears for reminders, the balance otherwise).
    pub minimum: Money,
    /// The team's days (1 = Monday).
    pub weekdays: Vec<u32>,
    pub next_on: Option<NaiveDate>,
    /// `due_today` (a run day, and none committed yet today), `done_today`, `scheduled` or `not_scheduled`.
    pub status: &'static str,
    /// The newest run of this kind in the last year that was not cancelled.
    pub last_run: Option<RunRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RunTimetable {
    pub on: NaiveDate,
    pub slots: Vec<RunSlot>,
}

/// Every run the recovery paths have, with the team's days, the next run day and the last run made.
pub fn run_timetable(db: &Db, ctx: &Ctx) -> Result<RunTimetable> {
    let today = ctx.today;
    db.read(|tx| {
        let engine = Engine::load(tx, today)?;
        let cal = calendar::load(tx)?;
        let recent = store::runs_since(tx, today - Days::new(365))?;
        let mut slots = Vec::new();
        for &debt in DebtType::ALL {
            for &run in RunType::ALL {
                if run.check_debt(debt).is_err() {
                    continue;
                }
                let weekdays = days_of(&engine.settings, debt, run);
                let next_on = next_run_on(&weekdays, today, &cal);
                // Newest first, as runs_since orders them.
                let last_run = recent
                    .iter()
                    .find(|r| r.debt_type == debt && r.run_type == run.as_str() && r.status != "cancelled")
                    .cloned();
                let done_today = last_run
                    .as_ref()
                    .is_some_and(|r| r.run_on == today && matches!(r.status.as_str(), "committed" | "dispatched"));
                let status = match next_on {
                    _ if done_today => "done_today",
                    Some(d) if d == today => "due_today",
                    Some(_) => "scheduled",
                    None => "not_scheduled",
                };
                let letter = template_for(run, debt, Jurisdiction::England)
                    .map(|t| Ok::<_, Error>(template_exists(tx, t)?.then_some(t)))
                    .transpose()?
                    .flatten();
                slots.push(RunSlot {
                    debt_type: debt,
                    debt_type_label: debt.label(),
                    run_type: run,
                    label: run.label(debt),
                    letter,
                    minimum: engine.settings.minimums.for_run(run),
                    weekdays,
                    next_on,
                    status,
                    last_run,
                });
            }
        }
        Ok(RunTimetable { on: today, slots })
    })
}

fn days_of(settings: &RecoverySettings, debt: DebtType, run: RunType) -> Vec<u32> {
    let mut days = settings
        .run_days
        .iter()
        .find(|d| d.debt_type == debt && d.run_type == run)
        .map(|d| d.weekdays.clone())
        .unwrap_or_default();
    days.sort_unstable();
    days.dedup();
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_next_run_day_is_the_next_chosen_weekday_moved_past_a_bank_holiday() {
        let cal = Calendar::shipped();
        // Wednesday 25 November 2026: the next Tuesday is 1 December; a Wednesday run is today.
        assert_eq!(next_run_on(&[2], d("2026-11-25"), &cal), Some(d("2026-12-01")));
        assert_eq!(next_run_on(&[3], d("2026-11-25"), &cal), Some(d("2026-11-25")));
        assert_eq!(next_run_on(&[1, 4], d("2026-11-25"), &cal), Some(d("2026-11-26")));
        // Monday 28 December 2026 is the Boxing Day substitute holiday: a Monday run moves to Tuesday 29th,
        // which is still the next run on the Tuesday itself.
        assert_eq!(next_run_on(&[1], d("2026-12-23"), &cal), Some(d("2026-12-29")));
        assert_eq!(next_run_on(&[1], d("2026-12-29"), &cal), Some(d("2026-12-29")));
        // A Saturday run is made on the Monday.
        assert_eq!(next_run_on(&[6], d("2026-11-25"), &cal), Some(d("2026-11-30")));
        assert_eq!(next_run_on(&[], d("2026-11-25"), &cal), None);
    }

    fn field(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => panic!("not a validation error: {other}"),
        }
    }

    #[test]
    fn run_days_refuse_a_day_that_is_not_one_and_a_run_the_path_lacks() {
        let ok = default_run_days();
        assert!(check_run_days(&ok).is_ok());
        assert_eq!(ok.len(), 13, "council tax 4, business rates 3, three invoice debts 2 each");
        let bad_day = vec![RunDays { debt_type: DebtType::CouncilTax, run_type: RunType::Reminder, weekdays: vec![8] }];
        assert_eq!(field(check_run_days(&bad_day).unwrap_err()), "runDays[0].weekdays");
        let no_path = vec![RunDays { debt_type: DebtType::Sundry, run_type: RunType::Summons, weekdays: vec![1] }];
        assert_eq!(field(check_run_days(&no_path).unwrap_err()), "runDays[0]");
        let twice = vec![ok[0].clone(), ok[0].clone()];
        assert!(check_run_days(&twice).unwrap_err().to_string().contains("listed twice"));
    }
}
