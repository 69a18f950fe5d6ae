//! Taking control of goods: the earliest day an enforcement agent may take control after a notice of
//! enforcement (Taking Control of Goods Regulations 2013, SI 2013/1894, regs 6 and 12; recovery-rules.md §3.2,
//! worked example T45).

use crate::rules::calendar::Calendar;
use crate::rules::timeline::{Action, Step};
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Reg 6(1): at least 7 clear days' notice.
pub const NOTICE_OF_ENFORCEMENT_CLEAR_DAYS: u32 = 7;

/// A day that does not count towards clear days and on which control may not be taken: Sundays, bank holidays,
/// Good Friday and Christmas Day (regs 6(3) and 12; Good Friday and Christmas Day are in the England and Wales
/// bank holiday table).
fn excluded(on: NaiveDate, calendar: &Calendar) -> bool {
    on.weekday() == Weekday::Sun || calendar.is_bank_holiday(on)
}

/// The earliest day control may be taken after a notice of enforcement given on `given_on`: 7 clear days after
/// it (not counting the day given, Sundays or bank holidays), on a day that is not itself excluded. T45: given
/// Tue 12 May 2026 → Thu 21 May; given Fri 22 May 2026 → Tue 2 June.
pub fn earliest_enforcement_visit(given_on: NaiveDate, calendar: &Calendar) -> Step {
    let mut on = given_on;
    let mut counted = 0;
    let mut clear = Vec::new();
    while counted < NOTICE_OF_ENFORCEMENT_CLEAR_DAYS {
        on = on + Days::new(1);
        if !excluded(on, calendar) {
            counted += 1;
            clear.push(on.day().to_string());
        }
    }
    let mut visit = on + Days::new(1);
    while excluded(visit, calendar) {
        visit = visit + Days::new(1);
    }
    Step::new(
        Action::EnforcementVisit,
        visit,
        "notice_of_enforcement_7_clear_days",
        "SI 2013/1894 regs 6(1), 6(3) and 12",
        format!(
            "notice of enforcement given {given_on}; clear days (Sundays and bank holidays not counted): {}; earliest \
             visit {visit}",
            clear.join(", ")
        ),
    )
}
