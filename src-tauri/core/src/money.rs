//! Money: an exact amount in pounds and pence, and the table of every rounding rule in the product.
//!
//! `Money` wraps a `rust_decimal::Decimal` that always has at most two decimal places. It is stored in
//! SQLite as integer pence (`..._pence INTEGER`), crosses IPC and `--json` output as a decimal string
//! (`"1234.50"`), and never meets a float: there is no `From<f64>`.
//!
//! # Rounding rules
//!
//! Every multiplication or division of money is a named rule function with its rounding and source. This
//! table lists them all; each has a test next to it.
//!
//! | rule | rounding | source | test |
//! | --- | --- | --- | --- |
//! | [`Money::parse`] | none: a third decimal place is refused | engineering.md §3 (money is pence) | `parse_refuses_a_third_decimal_place` |
//! | [`Money::parse_lenient`] | none: `£`, spaces and thousands separators are dropped, a third decimal place is still refused | CSV import from revenues systems (issue 3) | `lenient_parse_accepts_pound_signs_and_thousands_separators` |
//!
//! | [`Money::divide_to_nearest_pound`] | nearest whole pound; an exact half pound goes by [`PoundTie`] (default up: DECISION, the law is silent, recovery-rules.md §12 item 4) | SI 1992/613 Sch 1 para 2(6) (A = C ÷ D); SI 1989/1058 Sch 1 para 1(5) | `tests/rules.rs`: `whole_pound_rounding_breaks_a_half_pound_tie_by_the_policy` |
//! | [`Money::times`] | none: exact (a count times an amount) | SI 1992/613 Sch 1 para 2(6) (B = C − (D − 1) × A) | `tests/rules.rs`: `instalments_put_the_odd_pounds_and_pence_on_the_first_instalment` |
//! | [`Money::whole_multiples_of`] | down to a whole number (the greatest *n* with unit × *n* ≤ amount) | SI 1992/613 Sch 1 para 3(1)(b) (£5); SI 1989/1058 Sch 1 para 3 (£50) | `tests/rules.rs`: `small_charge_uses_fewer_instalments_of_at_least_five_pounds` |
//! | [`Money::apportion`] | nearest penny, half a penny up (DECISION: the Acts are silent); the rest of the amount is the exact remainder | LGFA 1992 s10(1) and LGFA 1988 s43 (liability accrues day by day), used to split a year's charge at an insolvency date (recovery-rules.md §5) | `tests/rules.rs`: `a_charge_split_at_a_bankruptcy_date_sums_to_the_charge` |
//! | [`crate::rules::instalments::statutory_instalments`] | uses the two rules above: every instalment but the first is whole pounds; the first takes the pence and the rounding difference | SI 1992/613 Sch 1 paras 2–3; SI 1989/1058 Sch 1 paras 1–3 | `tests/rules.rs`: T01–T08 and `instalments_always_sum_to_the_charge_in_whole_pounds_after_the_first` |
//! | [`crate::rules::instalments::revise_instalments`] | as `statutory_instalments`, over the instalments still to fall due | SI 1992/613 Sch 1 para 10 (adjustments) | `tests/rules.rs`: `a_revised_charge_is_spread_over_the_remaining_instalments` |
//! | [`crate::rules::court::methodology_costs`] | down to the penny, twice: the cost per case (pool ÷ summonses), then the summons share of it (× per cent ÷ 100); the liability order takes the exact rest (DECISION: never more than was incurred) | SI 1992/613 reg 34(7)(b); *R (Nicolson) v Tottenham Magistrates* [2015] EWHC 1252; *Nicolson v Grant Thornton* [2016] EWHC 710 | `rules::court::tests::the_methodology_rounds_each_share_down_to_the_penny` |
//! | [`crate::rules::court::costs_in_force`] | none: the Welsh cap is a subtraction (the liability order costs are cut first) | SI 1992/613 reg 34(7) Welsh proviso (T48) | `tests/court.rs`: `t48_welsh_costs_are_capped_at_70_pounds` |
//!
//! | [`Money::payments_to_clear`] | up to a whole payment (⌈balance ÷ amount⌉): the last payment is the remainder | arrangement planner (product.md §3.5; recovery-rules.md T42: ⌈2,100 ÷ 80⌉ = 27) | `rules/arrangements.rs`: `t42_ct_arrangement_feasibility_flags_the_current_year_not_cleared_by_year_end_and_does_not_refuse` |
//! | [`Money::share_down_to_penny`] | down to the penny; the pennies left go on the odd payment (DECISION: every payment but one is the same, the odd one is never smaller) | arrangement planner, a plan to an end date (product.md §3.5) | `rules/arrangements.rs`: `a_plan_to_an_end_date_spreads_the_pennies_onto_the_odd_payment` and the property test |
//!
//! Later issues add their rules here (AEO deductions, EA fees, pro-rata shares).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// An exact amount of money in pounds, at most two decimal places. Positive is owed to the council.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Money(Decimal);

/// Why a piece of text is not an amount of money.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("is empty")]
    Empty,
    #[error("'{0}' is not an amount of money (use digits and a decimal point, e.g. 1234.50)")]
    NotANumber(String),
    #[error("'{0}' has more than two decimal places")]
    TooManyDecimalPlaces(String),
    #[error("'{0}' is too large")]
    TooLarge(String),
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Parses a plain decimal such as `1234.50`, `-12`, `0.5`. Refuses a third decimal place, thousands
    /// separators, currency signs and exponents: this is the strict form used over IPC and in the CLI.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(MoneyError::Empty);
        }
        let unsigned = t.strip_prefix('-').unwrap_or(t);
        let mut parts = unsigned.splitn(2, '.');
        let whole = parts.next().unwrap_or("");
        let frac = parts.next();
        let digits_ok = !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit());
        let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
        if !digits_ok || !frac_ok {
            return Err(MoneyError::NotANumber(t.to_string()));
        }
        if frac.is_some_and(|f| f.len() > 2) {
            return Err(MoneyError::TooManyDecimalPlaces(t.to_string()));
        }
        if whole.len() > 15 {
            return Err(MoneyError::TooLarge(t.to_string()));
        }
        let d: Decimal = t.parse().map_err(|_| MoneyError::NotANumber(t.to_string()))?;
        Ok(Money(d.normalize_to_pence()))
    }

    /// Parses an amount as revenues systems and spreadsheets write it: `£1,234.50`, `1 234.50`,
    /// `(12.00)` for a negative, `-£5`. Still refuses a third decimal place.
    pub fn parse_lenient(text: &str) -> Result<Money, MoneyError> {
        let t = text.trim();
        let (negative_paren, t) = match t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
            Some(inner) => (true, inner),
            None => (false, t),
        };
        let cleaned: String = t.chars().filter(|c| !matches!(c, '£' | ',' | ' ' | '\u{a0}')).collect();
        let cleaned = cleaned.replacen("-£", "-", 1);
        let m = Money::parse(&cleaned).map_err(|e| match e {
            MoneyError::NotANumber(_) => MoneyError::NotANumber(text.trim().to_string()),
            MoneyError::TooManyDecimalPlaces(_) => MoneyError::TooManyDecimalPlaces(text.trim().to_string()),
            other => other,
        })?;
        Ok(if negative_paren { -m } else { m })
    }

    /// Whole pence, exactly.
    pub fn from_pence(pence: i64) -> Money {
        Money(Decimal::new(pence, 2))
    }

    /// Whole pence, exactly (a `Money` never holds a fraction of a penny).
    pub fn pence(self) -> i64 {
        let scaled = self.0 * Decimal::ONE_HUNDRED;
        i64::try_from(scaled.trunc()).expect("money within i64 pence")
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }
}

trait ToPence {
    fn normalize_to_pence(self) -> Decimal;
}

impl ToPence for Decimal {
    fn normalize_to_pence(self) -> Decimal {
        let mut d = self;
        d.rescale(2);
        d
    }
}

impl fmt::Display for Money {
    /// `1234.50`, `-0.05`: the decimal string used over IPC, in CSV and in `--json`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0;
        d.rescale(2);
        write!(f, "{d}")
    }
}

impl From<Money> for String {
    fn from(m: Money) -> String {
        m.to_string()
    }
}

impl TryFrom<String> for Money {
    type Error = MoneyError;
    fn try_from(s: String) -> Result<Money, MoneyError> {
        Money::parse(&s)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_reads_pounds_and_pence() {
        assert_eq!(Money::parse("1234.50").unwrap().pence(), 123_450);
        assert_eq!(Money::parse("0.5").unwrap().pence(), 50);
        assert_eq!(Money::parse("-12").unwrap().pence(), -1200);
        assert_eq!(Money::parse(" 7.05 ").unwrap().to_string(), "7.05");
    }

    #[test]
    fn parse_refuses_a_third_decimal_place() {
        assert_eq!(Money::parse("1.005"), Err(MoneyError::TooManyDecimalPlaces("1.005".into())));
    }

    #[test]
    fn parse_refuses_anything_but_a_plain_decimal() {
        for bad in ["", "abc", "1,000.00", "£5", "1e3", "1.", ".5", "--1", "NaN", "1.2.3"] {
            assert!(Money::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn lenient_parse_accepts_pound_signs_and_thousands_separators() {
        assert_eq!(Money::parse_lenient("£1,234.50").unwrap().pence(), 123_450);
        assert_eq!(Money::parse_lenient("1 843.57").unwrap().pence(), 184_357);
        assert_eq!(Money::parse_lenient("(12.00)").unwrap().pence(), -1200);
        assert_eq!(Money::parse_lenient("-£5").unwrap().pence(), -500);
        assert!(matches!(Money::parse_lenient("£1.234"), Err(MoneyError::TooManyDecimalPlaces(_))));
    }

    #[test]
    fn display_always_shows_two_decimal_places() {
        assert_eq!(Money::from_pence(5).to_string(), "0.05");
        assert_eq!(Money::from_pence(-5).to_string(), "-0.05");
        assert_eq!(Money::from_pence(100_000).to_string(), "1000.00");
    }

    #[test]
    fn serde_uses_decimal_strings() {
        let m = Money::from_pence(123_450);
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"1234.50\"");
        let back: Money = serde_json::from_str("\"1234.50\"").unwrap();
        assert_eq!(back, m);
        assert!(serde_json::from_str::<Money>("\"1.001\"").is_err());
    }

    proptest! {
        #[test]
        fn pence_round_trip_through_text(p in -10_000_000_000i64..10_000_000_000i64) {
            let m = Money::from_pence(p);
            prop_assert_eq!(Money::parse(&m.to_string()).unwrap().pence(), p);
        }

        #[test]
        fn sums_are_exact(ps in proptest::collection::vec(-1_000_000i64..1_000_000, 0..200)) {
            let total: Money = ps.iter().map(|p| Money::from_pence(*p)).sum();
            prop_assert_eq!(total.pence(), ps.iter().sum::<i64>());
        }
    }
}

/// How a quotient of exactly half a pound is rounded to the nearest pound. SI 1992/613 Sch 1 para 2(6) says
/// "rounded up or down (as the case may be) to the nearest pound" and does not say which way half goes
/// (recovery-rules.md §1.1, §12 item 4).
///
/// DECISION: the default is [`PoundTie::HalfUp`], the reading most councils' billing systems follow and the one
/// recovery-rules.md suggests; a council may choose [`PoundTie::HalfDown`] in its recovery policy. Both are tested.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoundTie {
    /// £184.50 → £185.
    #[default]
    HalfUp,
    /// £184.50 → £184.
    HalfDown,
}

impl Money {
    /// A = C ÷ D "rounded up or down (as the case may be) to the nearest pound": the amount of every
    /// instalment but the first (SI 1992/613 Sch 1 para 2(6); business rates SI 1989/1058 Sch 1 para 1(5)).
    /// Computed in whole pence, so exact; a remainder of exactly half a pound goes by `tie`.
    ///
    /// Panics if `n` is 0 (there is always at least one instalment).
    pub fn divide_to_nearest_pound(self, n: u32, tie: PoundTie) -> Money {
        assert!(n > 0, "divide by a count of at least one");
        let p = self.pence() as i128;
        let d = 100 * n as i128;
        let (mut q, r) = (p.div_euclid(d), p.rem_euclid(d));
        let twice = 2 * r;
        if twice > d || (twice == d && tie == PoundTie::HalfUp) {
            q += 1;
        }
        Money::from_pence(i64::try_from(q * 100).expect("money within i64 pence"))
    }

    /// `n` × the amount, exactly: B = C − (D − 1) × A (SI 1992/613 Sch 1 para 2(6)). No rounding can occur.
    pub fn times(self, n: u32) -> Money {
        Money(self.0 * Decimal::from(n))
    }

    /// The greatest whole number *n* with `unit` × *n* ≤ the amount (rounded down; 0 if the amount is less than
    /// one unit): the number of instalments under SI 1992/613 Sch 1 para 3(1)(b) with `unit` = £5, and under
    /// SI 1989/1058 Sch 1 para 3 with `unit` = £50. Panics if `unit` is not positive.
    pub fn whole_multiples_of(self, unit: Money) -> u32 {
        assert!(unit.pence() > 0, "a positive unit");
        if self.pence() <= 0 {
            return 0;
        }
        u32::try_from(self.pence() / unit.pence()).unwrap_or(u32::MAX)
    }

    /// The amount × `part` ÷ `whole`, to the nearest penny with half a penny rounded up. Used to split a year's
    /// charge at a date: council tax and business rates accrue day by day (LGFA 1992 s10(1); LGFA 1988 s43), so
    /// the part of a charge for the days before a bankruptcy, DRO or IVA is the charge × days before ÷ days in
    /// the period. DECISION: the Acts do not say how to round the penny; half up, and the caller takes the other
    /// share as the exact remainder so the two always sum to the charge. Panics if `whole` is not positive or
    /// `part` is outside `0..=whole`.
    pub fn apportion(self, part: i64, whole: i64) -> Money {
        assert!(whole > 0 && (0..=whole).contains(&part), "a part of a positive whole");
        let num = self.pence() as i128 * part as i128;
        let den = whole as i128;
        let (q, r) = (num.div_euclid(den), num.rem_euclid(den));
        let q = if 2 * r >= den { q + 1 } else { q };
        Money::from_pence(i64::try_from(q).expect("money within i64 pence"))
    }

    /// How many payments of `per_payment` clear the amount: ⌈amount ÷ per payment⌉, at least 1 (the last payment
    /// is the remainder). T42: £2,100.00 at £80.00 → 27 (26 × £80.00 + £20.00). Panics if `per_payment` is not
    /// positive.
    pub fn payments_to_clear(self, per_payment: Money) -> u32 {
        assert!(per_payment.pence() > 0, "a positive payment");
        let (p, a) = (self.pence().max(0), per_payment.pence());
        u32::try_from(((p + a - 1) / a).max(1)).unwrap_or(u32::MAX)
    }

    /// The amount ÷ `n` rounded down to the penny: each of `n` equal payments, the pennies left (fewer than `n`)
    /// going on the odd one, so they sum to the amount exactly. £1,000.00 over 12 → £83.33 (the odd one
    /// £83.37). Panics if `n` is 0.
    pub fn share_down_to_penny(self, n: u32) -> Money {
        assert!(n > 0, "divide by a count of at least one");
        Money::from_pence(self.pence().div_euclid(i64::from(n)))
    }

    /// True when the amount is a whole number of pounds (no pence).
    pub fn is_whole_pounds(self) -> bool {
        self.pence() % 100 == 0
    }
}
