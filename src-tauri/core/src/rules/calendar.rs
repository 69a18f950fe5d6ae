//! Working days in England and Wales: weekends and the bank holidays in the `bank_holidays` table (shipped
//! for 2019–2030 from `data/bank_holidays_england_wales.csv`, editable by the system manager).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The bank holidays shipped with the app: `date,name` lines.
pub const SHIPPED_BANK_HOLIDAYS: &str = include_str!("../../data/bank_holidays_england_wales.csv");

#[derive(Clone, Debug, Default)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar { holidays: holidays.into_iter().collect() }
    }

    /// The shipped England and Wales list, for tests and the CLI calculators without a database.
    pub fn shipped() -> Calendar {
        Calendar::new(shipped_bank_holidays().into_iter().map(|(d, _)| d))
    }

    pub fn is_bank_holiday(&self, on: NaiveDate) -> bool {
        self.holidays.contains(&on)
    }

    pub fn is_working_day(&self, on: NaiveDate) -> bool {
        !matches!(on.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_bank_holiday(on)
    }

    /// `on` itself if it is a working day, else the next one.
    pub fn next_working_day_from(&self, on: NaiveDate) -> NaiveDate {
        let mut d = on;
        while !self.is_working_day(d) {
            d = d + Days::new(1);
        }
        d
    }

    /// The date `n` working days after `on` (not counting `on`).
    pub fn add_working_days(&self, on: NaiveDate, n: u32) -> NaiveDate {
        let mut d = on;
        let mut left = n;
        while left > 0 {
            d = d + Days::new(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

/// Parses the shipped CSV: every line `YYYY-MM-DD,name`.
pub fn shipped_bank_holidays() -> Vec<(NaiveDate, String)> {
    SHIPPED_BANK_HOLIDAYS
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (d, name) = l.split_once(',').expect("date,name");
            (NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("shipped bank holiday dates are valid"), name.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_2026_bank_holidays_are_those_recovery_rules_uses() {
        // recovery-rules.md §11 conventions: 3 Apr, 6 Apr, 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec.
        let got: Vec<NaiveDate> = shipped_bank_holidays()
            .into_iter()
            .map(|(d, _)| d)
            .filter(|x| x.year() == 2026 && x.month() >= 4)
            .collect();
        let want = ["2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"];
        assert_eq!(got, want.iter().map(|s| d(s)).collect::<Vec<_>>());
    }

    #[test]
    fn shipped_list_covers_2019_to_2030_with_eight_or_more_a_year() {
        let all = shipped_bank_holidays();
        for year in 2019..=2030 {
            let n = all.iter().filter(|(d, _)| d.year() == year).count();
            assert!(n >= 8, "{year} has {n} bank holidays");
        }
        assert!(all.iter().any(|(x, _)| *x == d("2022-09-19")), "the State Funeral");
        assert!(all.iter().any(|(x, _)| *x == d("2023-05-08")), "the coronation");
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        let cal = Calendar::shipped();
        // Thu 2 Apr 2026 + 1 working day: Good Friday and Easter Monday are skipped → Tue 7 Apr.
        assert_eq!(cal.add_working_days(d("2026-04-02"), 1), d("2026-04-07"));
        assert_eq!(cal.next_working_day_from(d("2026-12-25")), d("2026-12-29"));
        assert!(cal.is_working_day(d("2026-11-25")));
        assert!(!cal.is_working_day(d("2026-11-28")));
    }
}
