//! The notice facts an officer types for a letter sent from a person's record or for a print run: which
//! facts a template uses (each a form field with its label, kind and hint), and the text typed turned into
//! [`LetterFacts`], refused with the field (and the line of a list) named. All parsing is here, so the
//! screen sends what was typed and never reads money or dates itself.

use super::merge::{DatedAmount, Hearing, IncomeExpenditure, Invoice, LabelledAmount, LetterFacts};
use super::template::Template;
use crate::error::{Error, Result};
use crate::money::Money;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// How a fact is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    Text,
    Money,
    Date,
    /// A financial year: 2026 or 2026/27.
    Year,
    /// One a line: a date and an amount.
    DatedAmounts,
    /// One a line: what it is, then the amount.
    LabelledAmounts,
}

/// One field of the facts form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FactField {
    /// The fact's path under `notice` as templates write it: `pay_by`, `hearing.date`.
    pub key: String,
    pub label: String,
    pub kind: FactKind,
    pub hint: String,
    /// The template reads it only `if … is defined`: leaving it blank is fine.
    pub optional: bool,
    /// What the account's ledger suggests (filled in by the api), or empty.
    pub value: String,
}

const DATED_HINT: &str = "One a line: the date and the amount, for example 1/5/2026 154.00";
const LABELLED_HINT: &str = "One a line: what it is, then the amount, for example Council Tax 2025/26 613.70";
const DATE_HINT: &str = "For example 18/6/2026 or 2026-06-18";

/// Every fact a template may use, in the order a form shows them: (key, label, kind, hint, optional).
const FIELDS: &[(&str, &str, FactKind, &str, bool)] = &[
    ("financial_year", "Financial year", FactKind::Year, "For example 2026 or 2026/27", false),
    ("unpaid_instalments", "Instalments due and not paid", FactKind::DatedAmounts, DATED_HINT, false),
    ("instalments_due_soon", "Instalments falling due in the next 7 days", FactKind::DatedAmounts, DATED_HINT, false),
    ("amount_due", "Amount to pay now", FactKind::Money, "In pounds, for example 308.00", false),
    ("pay_by", "Pay by", FactKind::Date, DATE_HINT, false),
    ("balance_payable", "Balance payable if they do not pay", FactKind::Money, "In pounds", false),
    ("balance_payable_on", "Balance payable on", FactKind::Date, DATE_HINT, false),
    ("court_action_from", "Court action from", FactKind::Date, DATE_HINT, false),
    ("amounts", "Amounts claimed", FactKind::LabelledAmounts, LABELLED_HINT, false),
    ("costs", "Costs", FactKind::Money, "In pounds", false),
    ("total", "Total claimed", FactKind::Money, "In pounds, costs included", false),
    ("hearing.court", "Court", FactKind::Text, "", false),
    ("hearing.address", "Court address", FactKind::Text, "", false),
    ("hearing.date", "Hearing date", FactKind::Date, DATE_HINT, false),
    ("hearing.time", "Hearing time", FactKind::Text, "24-hour clock, for example 10:00", false),
    ("schedule", "Payment schedule", FactKind::DatedAmounts, DATED_HINT, false),
    ("frequency", "How often they pay", FactKind::Text, "weekly, fortnightly, 4-weekly or monthly", false),
    (
        "payment_method",
        "How they pay",
        FactKind::Text,
        "Direct Debit, standing order, debit or credit card, or cash",
        false,
    ),
    ("missed.due_on", "Missed payment: date due", FactKind::Date, DATE_HINT, false),
    ("missed.amount", "Missed payment: amount", FactKind::Money, "In pounds", false),
    ("invoice.number", "Invoice number", FactKind::Text, "", false),
    ("invoice.issued_on", "Invoice date", FactKind::Date, DATE_HINT, false),
    ("invoice.description", "What the invoice was for", FactKind::Text, "", false),
    ("invoice.amount", "Invoice amount", FactKind::Money, "In pounds", false),
    ("invoice.due_on", "Invoice due date", FactKind::Date, DATE_HINT, false),
    ("period_from", "Period from", FactKind::Date, DATE_HINT, false),
    ("period_to", "Period to", FactKind::Date, DATE_HINT, false),
    ("reason", "Why it happened", FactKind::Text, "In plain words", false),
    ("income_expenditure.taken_on", "Statement taken on", FactKind::Date, DATE_HINT, false),
    ("income_expenditure.income", "Monthly income", FactKind::Money, "In pounds", false),
    ("income_expenditure.expenditure", "Monthly spending", FactKind::Money, "In pounds", false),
    (
        "income_expenditure.surplus",
        "Left over (income less spending)",
        FactKind::Money,
        "In pounds; negative if short",
        false,
    ),
    ("income_expenditure.offer", "Offer to the council", FactKind::Money, "In pounds", false),
    ("income_expenditure.frequency", "Offer paid", FactKind::Text, "weekly, fortnightly, 4-weekly or monthly", false),
    ("officer_name", "Signed by", FactKind::Text, "Leave blank to sign with the department's name", true),
    ("officer_title", "Their post", FactKind::Text, "For example Recovery Officer", true),
];

/// The facts `template` uses, in form order.
pub fn fields_for(template: &Template) -> Result<Vec<FactField>> {
    let env = super::template::environment();
    let compiled = env
        .template_from_str(&template.body)
        .map_err(|e| Error::validation("body", format!("the template cannot be read: {e}")))?;
    let used: Vec<String> = compiled
        .undeclared_variables(true)
        .into_iter()
        .filter_map(|p| p.strip_prefix("notice.").map(str::to_string))
        .collect();
    Ok(FIELDS
        .iter()
        .filter(|(key, ..)| {
            used.iter().any(|u| u == key || key.starts_with(&format!("{u}.")) || u.starts_with(&format!("{key}.")))
        })
        .map(|(key, label, kind, hint, optional)| FactField {
            key: key.to_string(),
            label: label.to_string(),
            kind: *kind,
            hint: hint.to_string(),
            optional: *optional || tested_for(&template.body, key),
            value: String::new(),
        })
        .collect())
}

/// Does the template only use this fact `if notice.… is defined` (so it may be left blank)?
fn tested_for(body: &str, key: &str) -> bool {
    let top = key.split('.').next().unwrap_or(key);
    let compact: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    compact.contains(&format!("notice.{top} is defined"))
}

fn bad(key: &str, reason: impl Into<String>) -> Error {
    Error::validation(format!("facts.{key}"), reason.into())
}

fn money(key: &str, text: &str) -> Result<Money> {
    Money::parse_lenient(text).map_err(|e| bad(key, format!("'{text}' is not an amount of money: {e}")))
}

/// A date as typed: `2026-06-18`, `18/6/2026` or `18/06/2026`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().or_else(|| NaiveDate::parse_from_str(t, "%d/%m/%Y").ok())
}

fn date(key: &str, text: &str) -> Result<NaiveDate> {
    parse_date(text).ok_or_else(|| bad(key, format!("'{}' is not a date: write it as 18/6/2026", text.trim())))
}

fn year(key: &str, text: &str) -> Result<i32> {
    let t = text.trim();
    let (start, end) = match t.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (t, None),
    };
    let y: i32 = start
        .parse()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
        .ok_or_else(|| bad(key, format!("'{t}' is not a financial year: write 2026 or 2026/27")))?;
    if let Some(end) = end {
        if end.parse::<i32>().ok() != Some((y + 1) % 100) {
            return Err(bad(
                key,
                format!("'{t}' is not a financial year: the year after {y} ends {:02}", (y + 1) % 100),
            ));
        }
    }
    Ok(y)
}

fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty())
}

/// The last word of a line is the amount; what comes before it, the rest.
fn split_amount<'a>(key: &str, n: usize, line: &'a str) -> Result<(&'a str, Money)> {
    let (head, last) = line
        .rsplit_once(char::is_whitespace)
        .ok_or_else(|| bad(key, format!("line {n}: '{line}' needs two parts, the first and then the amount")))?;
    let amount = Money::parse_lenient(last)
        .map_err(|e| bad(key, format!("line {n}: '{last}' is not an amount of money: {e}")))?;
    Ok((head.trim(), amount))
}

fn dated_amounts(key: &str, text: &str) -> Result<Vec<DatedAmount>> {
    lines(text)
        .map(|(n, line)| {
            let (head, amount) = split_amount(key, n, line)?;
            let due_on = parse_date(head)
                .ok_or_else(|| bad(key, format!("line {n}: '{head}' is not a date: write it as 1/5/2026")))?;
            Ok(DatedAmount { due_on, amount })
        })
        .collect()
}

fn labelled_amounts(key: &str, text: &str) -> Result<Vec<LabelledAmount>> {
    lines(text)
        .map(|(n, line)| {
            let (label, amount) = split_amount(key, n, line)?;
            Ok(LabelledAmount { label: label.to_string(), amount })
        })
        .collect()
}

/// Turns the form into facts. A blank field is a fact not given (a blank list is an empty list); a group
/// (hearing, invoice, missed payment, income and expenditure) is all or nothing.
pub fn facts_from_form(form: &BTreeMap<String, String>) -> Result<LetterFacts> {
    for key in form.keys() {
        if !FIELDS.iter().any(|(k, ..)| k == key) {
            return Err(bad(key, format!("'{key}' is not a fact a letter can use")));
        }
    }
    let get = |key: &str| form.get(key).map(|s| s.trim()).filter(|s| !s.is_empty());
    let list = |key: &str| form.get(key).map(|s| s.as_str());
    let opt_money = |key: &str| get(key).map(|t| money(key, t)).transpose();
    let opt_date = |key: &str| get(key).map(|t| date(key, t)).transpose();
    let text = |key: &str| get(key).map(str::to_string);
    let group = |prefix: &str, keys: &[&str]| -> Result<bool> {
        let given: Vec<&&str> = keys.iter().filter(|k| get(&format!("{prefix}.{k}")).is_some()).collect();
        if given.is_empty() {
            return Ok(false);
        }
        if let Some(missing) = keys.iter().find(|k| get(&format!("{prefix}.{k}")).is_none()) {
            let key = format!("{prefix}.{missing}");
            let label = FIELDS.iter().find(|f| f.0 == key).map(|f| f.1).unwrap_or(missing);
            return Err(bad(&key, format!("enter the {}", label.to_lowercase())));
        }
        Ok(true)
    };
    let hearing = if group("hearing", &["court", "address", "date", "time"])? {
        Some(Hearing {
            court: text("hearing.court").unwrap_or_default(),
            address: text("hearing.address").unwrap_or_default(),
            date: date("hearing.date", get("hearing.date").unwrap_or_default())?,
            time: text("hearing.time").unwrap_or_default(),
        })
    } else {
        None
    };
    let missed = if group("missed", &["due_on", "amount"])? {
        Some(DatedAmount {
            due_on: date("missed.due_on", get("missed.due_on").unwrap_or_default())?,
            amount: money("missed.amount", get("missed.amount").unwrap_or_default())?,
        })
    } else {
        None
    };
    let invoice = if group("invoice", &["number", "issued_on", "description", "amount", "due_on"])? {
        Some(Invoice {
            number: text("invoice.number").unwrap_or_default(),
            issued_on: date("invoice.issued_on", get("invoice.issued_on").unwrap_or_default())?,
            description: text("invoice.description").unwrap_or_default(),
            amount: money("invoice.amount", get("invoice.amount").unwrap_or_default())?,
            due_on: date("invoice.due_on", get("invoice.due_on").unwrap_or_default())?,
        })
    } else {
        None
    };
    let ie = "income_expenditure";
    let income_expenditure = if group(ie, &["taken_on", "income", "expenditure", "surplus", "offer", "frequency"])? {
        let m = |k: &str| money(&format!("{ie}.{k}"), get(&format!("{ie}.{k}")).unwrap_or_default());
        Some(IncomeExpenditure {
            taken_on: date("income_expenditure.taken_on", get("income_expenditure.taken_on").unwrap_or_default())?,
            income: m("income")?,
            expenditure: m("expenditure")?,
            surplus: m("surplus")?,
            offer: m("offer")?,
            frequency: text("income_expenditure.frequency").unwrap_or_default(),
        })
    } else {
        None
    };
    Ok(LetterFacts {
        financial_year: get("financial_year").map(|t| year("financial_year", t)).transpose()?,
        unpaid_instalments: list("unpaid_instalments").map(|t| dated_amounts("unpaid_instalments", t)).transpose()?,
        instalments_due_soon: list("instalments_due_soon")
            .map(|t| dated_amounts("instalments_due_soon", t))
            .transpose()?,
        amount_due: opt_money("amount_due")?,
        pay_by: opt_date("pay_by")?,
        balance_payable: opt_money("balance_payable")?,
        balance_payable_on: opt_date("balance_payable_on")?,
        court_action_from: opt_date("court_action_from")?,
        amounts: list("amounts").map(|t| labelled_amounts("amounts", t)).transpose()?,
        costs: opt_money("costs")?,
        total: opt_money("total")?,
        hearing,
        schedule: list("schedule").map(|t| dated_amounts("schedule", t)).transpose()?,
        frequency: text("frequency"),
        payment_method: text("payment_method"),
        missed,
        invoice,
        period_from: opt_date("period_from")?,
        period_to: opt_date("period_to")?,
        reason: text("reason"),
        income_expenditure,
        officer_name: text("officer_name"),
        officer_title: text("officer_title"),
        // The court's facts come from the court module, never from a form.
        court: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn typed_facts_become_letter_facts_to_the_penny() {
        let f = facts_from_form(&form(&[
            ("financial_year", "2026/27"),
            ("unpaid_instalments", "1/5/2026 154.00\n\n2026-06-01  £1,154.5"),
            ("instalments_due_soon", ""),
            ("pay_by", "18/06/2026"),
            ("amounts", "Council Tax 2025/26 613.70"),
            ("officer_name", "  "),
        ]))
        .unwrap();
        assert_eq!(f.financial_year, Some(2026));
        let i = f.unpaid_instalments.unwrap();
        assert_eq!(i.len(), 2);
        assert_eq!(i[1].due_on, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
        assert_eq!(i[1].amount, Money::from_pence(115_450));
        assert_eq!(f.instalments_due_soon, Some(vec![]), "a blank list is an empty list");
        assert_eq!(f.pay_by, NaiveDate::from_ymd_opt(2026, 6, 18));
        assert_eq!(f.amounts.unwrap()[0].label, "Council Tax 2025/26");
        assert_eq!(f.officer_name, None, "a blank field is not given");
        assert_eq!(f.hearing, None);
    }

    #[test]
    fn a_bad_fact_is_refused_naming_the_field_and_the_line() {
        let err = facts_from_form(&form(&[("unpaid_instalments", "1/5/2026 154.00\n31/2/2026 154.00")])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "facts.unpaid_instalments: line 2: '31/2/2026' is not a date: write it as 1/5/2026"
        );
        let err = facts_from_form(&form(&[("amount_due", "12.345")])).unwrap_err();
        assert!(err.to_string().starts_with("facts.amount_due: '12.345' is not an amount of money"), "{err}");
        let err = facts_from_form(&form(&[("hearing.court", "Ashdown"), ("hearing.date", "14/7/2026")])).unwrap_err();
        assert_eq!(err.to_string(), "facts.hearing.address: enter the court address");
        let err = facts_from_form(&form(&[("financial_year", "2026/28")])).unwrap_err();
        assert!(err.to_string().contains("ends 27"), "{err}");
        assert!(facts_from_form(&form(&[("pay_byy", "1/1/2026")])).is_err());
    }

    #[test]
    fn a_fact_the_template_tests_for_is_optional() {
        let t = super::super::template::parse(super::super::shipped::source("ct_final_notice").unwrap()).unwrap();
        let fields = fields_for(&t).unwrap();
        let optional: Vec<&str> = fields.iter().filter(|f| f.optional).map(|f| f.key.as_str()).collect();
        assert_eq!(optional, ["costs", "officer_name", "officer_title"]);
    }

    #[test]
    fn a_template_asks_for_the_facts_it_uses_and_no_others() {
        let t = super::super::template::parse(super::super::shipped::source("ct_summons_cover").unwrap()).unwrap();
        let keys: Vec<String> = fields_for(&t).unwrap().into_iter().map(|f| f.key).collect();
        assert_eq!(
            keys,
            [
                "amount_due",
                "costs",
                "total",
                "hearing.court",
                "hearing.address",
                "hearing.date",
                "hearing.time",
                "officer_name",
                "officer_title"
            ]
        );
    }
}
