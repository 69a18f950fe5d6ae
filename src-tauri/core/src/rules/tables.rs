//! Dated rule tables: each value applies from a date, in one jurisdiction, with a source note. The system
//! manager adds next year's figure as a new row; no release is needed. Shipped values are in
//! `data/rule_values.csv`; those marked POLICY are the council's own choices with an illustrative default.

use crate::error::{Error, Result};
use crate::model::Jurisdiction;
use crate::money::Money;
use chrono::NaiveDate;
use serde::Serialize;

/// The rule values shipped with the app: `rule,jurisdiction,applies_from,value,source`.
pub const SHIPPED_RULE_VALUES: &str = include_str!("../../data/rule_values.csv");

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleValue {
    pub rule: String,
    pub jurisdiction: Jurisdiction,
    pub applies_from: NaiveDate,
    pub value: String,
    pub source: String,
}

/// All the dated values, in memory, for rule functions to read.
#[derive(Clone, Debug, Default)]
pub struct RuleTables {
    values: Vec<RuleValue>,
}

impl RuleTables {
    pub fn new(mut values: Vec<RuleValue>) -> RuleTables {
        values
            .sort_by(|a, b| (&a.rule, a.jurisdiction, a.applies_from).cmp(&(&b.rule, b.jurisdiction, b.applies_from)));
        RuleTables { values }
    }

    pub fn shipped() -> RuleTables {
        RuleTables::new(shipped_rule_values().expect("shipped rule values parse"))
    }

    pub fn all(&self) -> &[RuleValue] {
        &self.values
    }

    /// The value of `rule` in force in `jurisdiction` on `on`: the row with the latest `applies_from` on or
    /// before `on`. A rule with no such row is refused, never silently zero.
    pub fn in_force(&self, rule: &str, jurisdiction: Jurisdiction, on: NaiveDate) -> Result<&RuleValue> {
        self.values
            .iter()
            .filter(|v| v.rule == rule && v.jurisdiction == jurisdiction && v.applies_from <= on)
            .max_by_key(|v| v.applies_from)
            .ok_or_else(|| {
                Error::RuleRefused(format!(
                    "no value of {rule} for {} in force on {on}; add one in Settings → Rules",
                    jurisdiction.label()
                ))
            })
    }

    /// [`in_force`](Self::in_force), read as money.
    pub fn money(&self, rule: &str, jurisdiction: Jurisdiction, on: NaiveDate) -> Result<Money> {
        let v = self.in_force(rule, jurisdiction, on)?;
        Money::parse(&v.value).map_err(|e| Error::validation(format!("rule {rule}"), e.to_string()))
    }
}

/// Parses the shipped CSV.
pub fn shipped_rule_values() -> Result<Vec<RuleValue>> {
    let mut reader = csv::Reader::from_reader(SHIPPED_RULE_VALUES.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| Error::Internal(format!("rule_values.csv: {e}")))?;
        let field = |n: usize| rec.get(n).unwrap_or("").to_string();
        let line = format!("rule_values.csv line {}", i + 2);
        out.push(RuleValue {
            rule: field(0),
            jurisdiction: Jurisdiction::parse(&field(1), &line)?,
            applies_from: NaiveDate::parse_from_str(&field(2), "%Y-%m-%d")
                .map_err(|e| Error::validation(&line, e.to_string()))?,
            value: field(3),
            source: field(4),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn value(rule: &str, from: &str, v: &str) -> RuleValue {
        RuleValue {
            rule: rule.into(),
            jurisdiction: Jurisdiction::England,
            applies_from: d(from),
            value: v.into(),
            source: "test".into(),
        }
    }

    #[test]
    fn the_value_in_force_is_the_latest_that_has_started() {
        let t = RuleTables::new(vec![value("x", "2025-04-01", "10.00"), value("x", "2026-04-01", "12.50")]);
        assert_eq!(t.money("x", Jurisdiction::England, d("2026-03-31")).unwrap(), Money::parse("10.00").unwrap());
        assert_eq!(t.money("x", Jurisdiction::England, d("2026-04-01")).unwrap(), Money::parse("12.50").unwrap());
        let err = t.money("x", Jurisdiction::England, d("2025-03-31")).unwrap_err().to_string();
        assert!(err.contains("no value of x for England in force on 2025-03-31"), "{err}");
        assert!(t.money("x", Jurisdiction::Wales, d("2026-04-01")).is_err());
    }

    #[test]
    fn shipped_thresholds_match_the_statute() {
        let t = RuleTables::shipped();
        let on = d("2026-11-25");
        assert_eq!(t.money("bankruptcy.minimum_debt", Jurisdiction::England, on).unwrap().pence(), 500_000);
        assert_eq!(t.money("charging_order.minimum_outstanding", Jurisdiction::Wales, on).unwrap().pence(), 100_000);
        assert_eq!(t.money("council_tax.costs_cap", Jurisdiction::Wales, on).unwrap().pence(), 7_000);
        assert!(t.money("council_tax.costs_cap", Jurisdiction::England, on).is_err(), "England has no cap");
    }

    #[test]
    fn every_shipped_value_has_a_source() {
        for v in RuleTables::shipped().all() {
            assert!(v.source.len() > 10, "{} has no source note", v.rule);
        }
    }
}
