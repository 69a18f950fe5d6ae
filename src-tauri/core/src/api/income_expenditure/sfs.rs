//! The SFS data formats (DDS v1.1, `data/sfs/`): the two JSON schemas embedded and checked with a real JSON
//! Schema validator (`jsonschema`, draft 4, formats asserted), reading a valid document into a [`Statement`],
//! and writing a statement back out as a document that validates.
//!
//! Two schemas exist. The **data-entry** schema holds every line with its notes; the **summary** schema (the
//! shape of the shipped example files) holds only group totals and a few lines. A summary read in puts each
//! figure on the group's "other" line ([`Group::summary_item`]) so that writing the summary again gives the same
//! figures. Derived figures (every `total-…`, `income-minus-outgoings`, the overview) are recomputed; where a
//! file's own figure differs, reading it says so in a warning rather than refusing it (the shipped example's
//! `total-available-for-non-priority-debts` is one such). "Round trip loses nothing": every entered figure,
//! note, flag and household fact read from a file is written out again.
//!
//! [`Group::summary_item`]: crate::rules::income_expenditure::Group::summary_item

use crate::error::Problem;
use crate::money::Money;
use crate::rules::income_expenditure::{
    self as ie, Assessment, Debt, Frequency, Household, Line, Section, Statement, Warning, WarningCode, GROUPS,
    OTHER_ESSENTIAL_COSTS,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

pub const DATA_ENTRY_SCHEMA: &str = include_str!("../../../data/sfs/sfs-data-entry-schema.json");
pub const SUMMARY_SCHEMA: &str = include_str!("../../../data/sfs/sfs-summary-schema.json");

/// Which of the two SFS schemas a document follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SfsSchema {
    DataEntry,
    Summary,
}

impl SfsSchema {
    pub fn as_str(self) -> &'static str {
        match self {
            SfsSchema::DataEntry => "data_entry",
            SfsSchema::Summary => "summary",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SfsSchema::DataEntry => "SFS data-entry schema v1.1",
            SfsSchema::Summary => "SFS summary schema v1.1",
        }
    }

    fn validator(self) -> &'static jsonschema::Validator {
        static DATA_ENTRY: OnceLock<jsonschema::Validator> = OnceLock::new();
        static SUMMARY: OnceLock<jsonschema::Validator> = OnceLock::new();
        let (cell, text) = match self {
            SfsSchema::DataEntry => (&DATA_ENTRY, DATA_ENTRY_SCHEMA),
            SfsSchema::Summary => (&SUMMARY, SUMMARY_SCHEMA),
        };
        cell.get_or_init(|| {
            let schema: Value = serde_json::from_str(text).expect("the shipped SFS schema is JSON");
            jsonschema::draft4::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("the shipped SFS schema compiles")
        })
    }
}

/// Which schema a document means to follow: the summary when it has the summary's own parts (`confirmations`,
/// `notes`, or group totals directly under `monthly-income`), else the data-entry schema.
pub fn detect(doc: &Value) -> SfsSchema {
    let has = |p: &str| doc.pointer(p).is_some();
    if has("/confirmations") || has("/notes") || has("/monthly-income/total-earnings") {
        SfsSchema::Summary
    } else {
        SfsSchema::DataEntry
    }
}

/// Every schema error in `doc`, each with its JSON pointer (root is `/`).
pub fn validate(schema: SfsSchema, doc: &Value) -> Vec<(String, String)> {
    schema
        .validator()
        .iter_errors(doc)
        .map(|e| {
            let path = e.instance_path().to_string();
            (if path.is_empty() { "/".to_string() } else { path }, e.to_string())
        })
        .collect()
}

/// Turns (pointer, reason) pairs into problems with the line each pointer starts on in `lines` (the nearest
/// enclosing element's line if the pointer itself is not there, e.g. a missing property).
pub fn problems(errors: Vec<(String, String)>, lines: &HashMap<String, (u64, String)>) -> Vec<Problem> {
    errors
        .into_iter()
        .map(|(pointer, reason)| {
            let mut p = pointer.as_str();
            let (line, path) = loop {
                if let Some((line, path)) = lines.get(p) {
                    break (*line, if p == pointer { path.clone() } else { pointer.clone() });
                }
                match p.rfind('/') {
                    Some(0) | None => break (lines.get("").map(|l| l.0).unwrap_or(1), pointer.clone()),
                    Some(i) => p = &p[..i],
                }
            };
            Problem { line, column: path, reason }
        })
        .collect()
}

/// The line on which each JSON pointer's value (or, for an object member, its key) starts, for a text that is
/// already known to be JSON. The path reported is the pointer itself.
pub fn pointer_lines(text: &str) -> HashMap<String, (u64, String)> {
    struct Scan<'a> {
        b: &'a [u8],
        i: usize,
        line: u64,
        out: HashMap<String, (u64, String)>,
    }
    impl Scan<'_> {
        fn ws(&mut self) {
            while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\r' | b'\n') {
                if self.b[self.i] == b'\n' {
                    self.line += 1;
                }
                self.i += 1;
            }
        }
        fn string(&mut self) -> String {
            let start = self.i;
            self.i += 1;
            while self.i < self.b.len() {
                match self.b[self.i] {
                    b'\\' => self.i += 2,
                    b'"' => {
                        self.i += 1;
                        break;
                    }
                    _ => self.i += 1,
                }
            }
            serde_json::from_slice::<String>(&self.b[start..self.i.min(self.b.len())]).unwrap_or_default()
        }
        fn value(&mut self, path: &str) {
            self.ws();
            self.out.entry(path.to_string()).or_insert((self.line, path.to_string()));
            match self.b.get(self.i) {
                Some(b'{') => {
                    self.i += 1;
                    loop {
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b'"') => {
                                let line = self.line;
                                let key = self.string();
                                let child = format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
                                self.out.insert(child.clone(), (line, child.clone()));
                                self.ws();
                                self.i += 1; // ':'
                                self.value(&child);
                                self.ws();
                                if self.b.get(self.i) == Some(&b',') {
                                    self.i += 1;
                                }
                            }
                            Some(b'}') => {
                                self.i += 1;
                                break;
                            }
                            _ => break,
                        }
                    }
                }
                Some(b'[') => {
                    self.i += 1;
                    let mut n = 0;
                    loop {
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b']') => {
                                self.i += 1;
                                break;
                            }
                            None => break,
                            _ => {
                                self.value(&format!("{path}/{n}"));
                                n += 1;
                                self.ws();
                                if self.b.get(self.i) == Some(&b',') {
                                    self.i += 1;
                                }
                            }
                        }
                    }
                }
                Some(b'"') => {
                    self.string();
                }
                _ => {
                    while self.i < self.b.len()
                        && !matches!(self.b[self.i], b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t')
                    {
                        self.i += 1;
                    }
                }
            }
        }
    }
    let mut s = Scan { b: text.as_bytes(), i: 0, line: 1, out: HashMap::new() };
    s.value("");
    s.out
}

// ------------------------------------------------------------------------------------------------ reading

fn text_at(doc: &Value, p: &str) -> String {
    doc.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string()
}

fn bool_at(doc: &Value, p: &str) -> bool {
    doc.pointer(p).and_then(Value::as_bool).unwrap_or(false)
}

fn count_at(doc: &Value, p: &str, problems: &mut Vec<(String, String)>) -> u32 {
    match doc.pointer(p).and_then(Value::as_i64) {
        None => 0,
        Some(n) => u32::try_from(n).unwrap_or_else(|_| {
            problems.push((p.to_string(), format!("{n} is not a count Recovery Desk can take (0 or more)")));
            0
        }),
    }
}

/// Reads a JSON number as exact money (the schema already checked it is a multiple of 0.01).
pub fn money_of(v: &Value) -> Option<Money> {
    let n = v.as_number()?;
    let text = n.to_string();
    let d: rust_decimal::Decimal = text.parse().or_else(|_| rust_decimal::Decimal::from_scientific(&text)).ok()?;
    let d = d.normalize();
    if d.scale() > 2 {
        return None;
    }
    Money::parse(&d.to_string()).ok()
}

/// A non-negative amount at `p` (absent is £0.00).
fn amount_at(doc: &Value, p: &str, problems: &mut Vec<(String, String)>) -> Money {
    match doc.pointer(p) {
        None | Some(Value::Null) => Money::ZERO,
        Some(v) => match money_of(v) {
            Some(m) if !m.is_negative() => m,
            Some(m) => {
                problems.push((p.to_string(), format!("{m} is negative; amounts in a statement are £0.00 or more")));
                Money::ZERO
            }
            None => {
                problems.push((p.to_string(), format!("{v} is not an amount in pounds and pence")));
                Money::ZERO
            }
        },
    }
}

fn strings_at(doc: &Value, p: &str) -> Vec<String> {
    doc.pointer(p)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

/// Where a data-entry group sits in the document.
pub fn group_pointer(group: &ie::Group) -> String {
    match group.section {
        Section::Income => format!("/monthly-income/{}", group.code),
        Section::FixedCosts => format!("/monthly-outgoings/fixed-costs/{}", group.code),
        Section::FlexibleCosts => format!("/monthly-outgoings/flexible-costs/{}", group.code),
    }
}

/// A date of birth as a statement keeps it: a date-time at midnight UTC (what [`write`] makes of a plain date,
/// and what an XML `xsd:date` becomes) is the date; any other date-time is kept as given.
fn date_of_birth(doc: &Value, p: &str) -> String {
    let t = text_at(doc, p);
    match t.strip_suffix("T00:00:00+00:00").or_else(|| t.strip_suffix("T00:00:00Z")) {
        Some(date) if date.len() == 10 => date.to_string(),
        _ => t,
    }
}

fn household_from(doc: &Value, problems: &mut Vec<(String, String)>) -> Household {
    Household {
        client_name: text_at(doc, "/client-name"),
        client_date_of_birth: date_of_birth(doc, "/client-date-of-birth"),
        joint_application: bool_at(doc, "/is-joint-application"),
        partner_name: text_at(doc, "/partner-name"),
        partner_date_of_birth: date_of_birth(doc, "/partner-date-of-birth"),
        client_address: text_at(doc, "/client-address"),
        dependent_children_under_16: count_at(doc, "/dependent-children-under-16", problems),
        dependent_children_16_18: count_at(doc, "/dependent-children-16-18", problems),
        other_dependants: count_at(doc, "/other-dependents", problems),
        non_dependants: count_at(doc, "/non-dependents", problems),
        vehicles: count_at(doc, "/vehicles", problems),
        housing_tenure: text_at(doc, "/housing-tenure"),
        housing_tenure_other: text_at(doc, "/housing-tenure-other"),
        client_employment_status: strings_at(doc, "/client-employment-status"),
        client_employment_status_other: text_at(doc, "/client-employment-status-other"),
        partner_employment_status: strings_at(doc, "/partner-employment-status"),
        partner_employment_status_other: text_at(doc, "/partner-employment-status-other"),
        asset_use_considered: bool_at(doc, "/asset-use-considered")
            || bool_at(doc, "/confirmations/asset-use-considered"),
    }
}

fn debts_from(doc: &Value, p: &str, problems: &mut Vec<(String, String)>) -> Vec<Debt> {
    let n = doc.pointer(p).and_then(Value::as_array).map_or(0, Vec::len);
    (0..n)
        .map(|i| {
            let at = |f: &str| format!("{p}/{i}/{f}");
            Debt {
                creditor: text_at(doc, &at("creditor")),
                amount_owed: amount_at(doc, &at("amount-owed"), problems),
                offer: amount_at(doc, &at("repayment-offer"), problems),
                ccj: bool_at(doc, &at("ccj")),
                council: false,
                notes: text_at(doc, &at("notes")),
            }
        })
        .collect()
}

/// Reads a document that validated against `schema` into a statement. Problems (pointer, reason) are what
/// the schema allows but a statement cannot hold (a negative amount); a document with any is refused.
pub fn statement_from(schema: SfsSchema, doc: &Value) -> (Statement, Vec<(String, String)>) {
    let mut problems = Vec::new();
    let household = household_from(doc, &mut problems);
    let mut lines = Vec::new();
    let statement = match schema {
        SfsSchema::DataEntry => {
            for g in GROUPS {
                let gp = group_pointer(g);
                for item in g.items {
                    if item.code == OTHER_ESSENTIAL_COSTS {
                        let n =
                            doc.pointer(&format!("{gp}/{}", item.code)).and_then(Value::as_array).map_or(0, Vec::len);
                        for i in 0..n {
                            let p = format!("{gp}/{}/{i}", item.code);
                            let amount = amount_at(doc, &format!("{p}/monthly-amount"), &mut problems);
                            lines.push(Line::new(
                                item.code,
                                amount,
                                Frequency::Monthly,
                                &text_at(doc, &format!("{p}/notes")),
                            ));
                        }
                        continue;
                    }
                    let p = format!("{gp}/{}", item.code);
                    if doc.pointer(&p).is_none() {
                        continue;
                    }
                    let amount = amount_at(doc, &format!("{p}/monthly-amount"), &mut problems);
                    let notes = text_at(doc, &format!("{p}/notes"));
                    if !amount.is_zero() || !notes.is_empty() {
                        lines.push(Line::new(item.code, amount, Frequency::Monthly, &notes));
                    }
                }
            }
            Statement {
                household,
                lines,
                savings_contribution: amount_at(doc, "/savings/savings-contribution", &mut problems),
                savings_contribution_considered: bool_at(doc, "/savings/savings-contribution-considered"),
                debt_admin_fee: amount_at(doc, "/debts/debt-admin-fee/monthly-amount", &mut problems),
                debt_admin_fee_notes: text_at(doc, "/debts/debt-admin-fee/notes"),
                priority_debts: debts_from(doc, "/debts/priority-debts", &mut problems),
                non_priority_debts: debts_from(doc, "/debts/non-priority-debts", &mut problems),
                token_payments: doc
                    .pointer("/debts/token-payments")
                    .map(|_| amount_at(doc, "/debts/token-payments", &mut problems)),
                notes: strings_at(doc, "/additional-notes"),
            }
        }
        SfsSchema::Summary => {
            let mut put = |item: &str, p: &str, problems: &mut Vec<(String, String)>| {
                let amount = amount_at(doc, p, problems);
                if !amount.is_zero() {
                    lines.push(Line::new(item, amount, Frequency::Monthly, ""));
                }
            };
            for g in GROUPS.iter().filter(|g| g.section == Section::Income) {
                put(g.summary_item, &format!("/monthly-income/{}", g.total_field), &mut problems);
            }
            for (field, _, item) in ie::summary_fixed_cost_fields() {
                put(item, &format!("/monthly-outgoings/fixed-costs/{field}"), &mut problems);
            }
            for g in GROUPS.iter().filter(|g| g.section == Section::FlexibleCosts) {
                put(g.summary_item, &format!("/monthly-outgoings/flexible-costs/{}", g.total_field), &mut problems);
            }
            Statement {
                household,
                lines,
                savings_contribution: amount_at(doc, "/overview/savings-contribution", &mut problems),
                savings_contribution_considered: bool_at(doc, "/confirmations/savings-contribution-considered"),
                debt_admin_fee: amount_at(doc, "/overview/debt-admin-fee", &mut problems),
                debt_admin_fee_notes: String::new(),
                priority_debts: debts_from(doc, "/debts/priority-debts", &mut problems),
                non_priority_debts: debts_from(doc, "/debts/non-priority-debts", &mut problems),
                token_payments: doc
                    .pointer("/debts/token-payments")
                    .map(|_| amount_at(doc, "/debts/token-payments", &mut problems)),
                notes: strings_at(doc, "/notes"),
            }
        }
    };
    (statement, problems)
}

/// Is this field one the SFS derives from others (a total or an overview figure)?
fn is_derived(pointer: &str) -> bool {
    let last = pointer.rsplit('/').next().unwrap_or("");
    pointer.starts_with("/overview/") || last.starts_with("total-") || last == "income-minus-outgoings"
}

/// Warnings for every derived figure in `doc` that differs from Recovery Desk's own (`ours`, the same
/// statement written out), and for a household total that does not add up.
pub fn differences(doc: &Value, ours: &Value) -> Vec<Warning> {
    let mut out = Vec::new();
    fn walk(path: String, theirs: &Value, ours: &Value, out: &mut Vec<Warning>) {
        match (theirs, ours) {
            (Value::Object(t), Value::Object(o)) => {
                for (k, tv) in t {
                    if let Some(ov) = o.get(k) {
                        walk(format!("{path}/{k}"), tv, ov, out);
                    }
                }
            }
            (Value::Number(_), Value::Number(_)) if is_derived(&path) || path == "/total-number-in-household" => {
                let (a, b) = if path == "/total-number-in-household" {
                    (theirs.to_string(), ours.to_string())
                } else {
                    (
                        money_of(theirs).map(|m| m.to_string()).unwrap_or_else(|| theirs.to_string()),
                        money_of(ours).map(|m| m.to_string()).unwrap_or_else(|| ours.to_string()),
                    )
                };
                if a != b {
                    out.push(Warning {
                        code: WarningCode::ImportedFigureDiffers,
                        message: format!("{path}: the file says {a}; from its own lines it is {b}, which is used"),
                    });
                }
            }
            _ => {}
        }
    }
    walk(String::new(), doc, ours, &mut out);
    out
}

// ------------------------------------------------------------------------------------------------ writing

/// A JSON number with exactly the pounds and pence of `m`.
pub fn number(m: Money) -> Value {
    Value::Number(m.to_string().parse().expect("a decimal string is a JSON number"))
}

/// `1975-12-25` → `1975-12-25T00:00:00+00:00` (the schemas ask for a date-time); a date-time is kept as given.
fn date_time(text: &str) -> String {
    let t = text.trim();
    if t.len() == 10 {
        format!("{t}T00:00:00+00:00")
    } else {
        t.to_string()
    }
}

fn household_json(h: &Household, schema: SfsSchema) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("client-name".into(), json!(h.client_name));
    m.insert("client-date-of-birth".into(), json!(date_time(&h.client_date_of_birth)));
    m.insert("is-joint-application".into(), json!(h.joint_application));
    if !h.partner_name.is_empty() {
        m.insert("partner-name".into(), json!(h.partner_name));
    }
    if !h.partner_date_of_birth.is_empty() {
        m.insert("partner-date-of-birth".into(), json!(date_time(&h.partner_date_of_birth)));
    }
    m.insert("client-address".into(), json!(h.client_address));
    m.insert("dependent-children-under-16".into(), json!(h.dependent_children_under_16));
    m.insert("dependent-children-16-18".into(), json!(h.dependent_children_16_18));
    m.insert("other-dependents".into(), json!(h.other_dependants));
    m.insert("non-dependents".into(), json!(h.non_dependants));
    m.insert("total-number-in-household".into(), json!(h.total_number()));
    m.insert("vehicles".into(), json!(h.vehicles));
    m.insert("housing-tenure".into(), json!(h.housing_tenure));
    m.insert("housing-tenure-other".into(), json!(h.housing_tenure_other));
    m.insert("client-employment-status".into(), json!(h.client_employment_status));
    if !h.client_employment_status_other.is_empty() {
        m.insert("client-employment-status-other".into(), json!(h.client_employment_status_other));
    }
    if !h.partner_employment_status.is_empty() {
        m.insert("partner-employment-status".into(), json!(h.partner_employment_status));
    }
    if !h.partner_employment_status_other.is_empty() {
        m.insert("partner-employment-status-other".into(), json!(h.partner_employment_status_other));
    }
    if schema == SfsSchema::DataEntry {
        m.insert("asset-use-considered".into(), json!(h.asset_use_considered));
    }
    m
}

fn debts_json(debts: &[Debt], non_priority: bool, with_notes: bool) -> Value {
    Value::Array(
        debts
            .iter()
            .map(|d| {
                let mut m = Map::new();
                m.insert("creditor".into(), json!(d.creditor));
                m.insert("amount-owed".into(), number(d.amount_owed));
                m.insert("repayment-offer".into(), number(d.offer));
                if non_priority {
                    m.insert("ccj".into(), json!(d.ccj));
                }
                if with_notes {
                    m.insert("notes".into(), json!(d.notes));
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// Writes the statement as an SFS document of `schema`, with every derived figure from `assessment`.
pub fn write(schema: SfsSchema, s: &Statement, a: &Assessment) -> Value {
    let o = &a.overview;
    let mut doc = household_json(&s.household, schema);
    let mut overview = Map::new();
    overview.insert("total-monthly-income".into(), number(o.total_income));
    overview.insert("total-monthly-outgoings".into(), number(o.total_expenditure));
    if schema == SfsSchema::DataEntry {
        overview.insert("income-minus-outgoings".into(), number(o.disposable_income));
    }
    overview.insert("savings-contribution".into(), number(o.savings_contribution));
    overview.insert("debt-admin-fee".into(), number(o.debt_admin_fee));
    overview.insert("total-available-for-priority-debts".into(), number(o.available_for_priority_debts));
    overview.insert("total-available-for-non-priority-debts".into(), number(o.available_for_non_priority_debts));
    doc.insert("overview".into(), Value::Object(overview));
    match schema {
        SfsSchema::DataEntry => {
            let mut income = Map::new();
            let mut fixed = Map::new();
            let mut flexible = Map::new();
            for g in GROUPS {
                let mut gm = Map::new();
                for item in g.items {
                    if item.code == OTHER_ESSENTIAL_COSTS {
                        let list: Vec<Value> = s
                            .lines
                            .iter()
                            .filter(|l| l.item == OTHER_ESSENTIAL_COSTS)
                            .map(|l| json!({"monthly-amount": number(l.monthly), "notes": l.notes}))
                            .collect();
                        gm.insert(item.code.into(), Value::Array(list));
                        continue;
                    }
                    let mine: Vec<&Line> = s.lines.iter().filter(|l| l.item == item.code).collect();
                    let monthly: Money = mine.iter().map(|l| l.monthly).sum();
                    let notes =
                        mine.iter().map(|l| l.notes.as_str()).filter(|n| !n.is_empty()).collect::<Vec<_>>().join("; ");
                    gm.insert(item.code.into(), json!({"monthly-amount": number(monthly), "notes": notes}));
                }
                gm.insert(g.total_field.into(), number(s.group_total(g)));
                match g.section {
                    Section::Income => income.insert(g.code.into(), Value::Object(gm)),
                    Section::FixedCosts => fixed.insert(g.code.into(), Value::Object(gm)),
                    Section::FlexibleCosts => flexible.insert(g.code.into(), Value::Object(gm)),
                };
            }
            income.insert("total-monthly-income".into(), number(o.total_income));
            fixed.insert("total-fixed-costs".into(), number(o.total_fixed_costs));
            flexible.insert("total-flexible-costs".into(), number(o.total_flexible_costs));
            doc.insert("monthly-income".into(), Value::Object(income));
            doc.insert(
                "monthly-outgoings".into(),
                json!({
                    "fixed-costs": Value::Object(fixed),
                    "flexible-costs": Value::Object(flexible),
                    "total-monthly-outgoings": number(o.total_expenditure),
                }),
            );
            doc.insert(
                "savings".into(),
                json!({
                    "savings-contribution": number(s.savings_contribution),
                    "savings-contribution-considered": s.savings_contribution_considered,
                }),
            );
            let mut debts = Map::new();
            debts.insert(
                "debt-admin-fee".into(),
                json!({"monthly-amount": number(s.debt_admin_fee), "notes": s.debt_admin_fee_notes}),
            );
            debts.insert("total-available-for-priority-debts".into(), number(o.available_for_priority_debts));
            debts.insert("priority-debts".into(), debts_json(&s.priority_debts, false, true));
            debts.insert("total-priority-debts".into(), number(o.total_priority_debts));
            debts.insert("total-priority-debt-offers".into(), number(o.priority_offers));
            debts.insert("total-available-for-non-priority-debts".into(), number(o.available_for_non_priority_debts));
            debts.insert("non-priority-debts".into(), debts_json(&s.non_priority_debts, true, true));
            debts.insert("total-non-priority-debts".into(), number(o.total_non_priority_debts));
            if let Some(t) = s.token_payments {
                debts.insert("token-payments".into(), number(t));
            }
            doc.insert("debts".into(), Value::Object(debts));
            doc.insert("additional-notes".into(), json!(s.notes));
        }
        SfsSchema::Summary => {
            let mut income = Map::new();
            for g in GROUPS.iter().filter(|g| g.section == Section::Income) {
                income.insert(g.total_field.into(), number(s.group_total(g)));
            }
            income.insert("total-monthly-income".into(), number(o.total_income));
            let mut fixed = Map::new();
            for (field, items, _) in ie::summary_fixed_cost_fields() {
                fixed.insert(field.into(), number(s.items_total(&items)));
            }
            fixed.insert("total-fixed-costs".into(), number(o.total_fixed_costs));
            let mut flexible = Map::new();
            for g in GROUPS.iter().filter(|g| g.section == Section::FlexibleCosts) {
                flexible.insert(g.total_field.into(), number(s.group_total(g)));
            }
            flexible.insert("total-flexible-costs".into(), number(o.total_flexible_costs));
            doc.insert("monthly-income".into(), Value::Object(income));
            doc.insert(
                "monthly-outgoings".into(),
                json!({
                    "fixed-costs": Value::Object(fixed),
                    "flexible-costs": Value::Object(flexible),
                    "total-monthly-outgoings": number(o.total_expenditure),
                }),
            );
            doc.insert(
                "confirmations".into(),
                json!({
                    "asset-use-considered": s.household.asset_use_considered,
                    "savings-contribution-considered": s.savings_contribution_considered,
                }),
            );
            let mut debts = Map::new();
            debts.insert("priority-debts".into(), debts_json(&s.priority_debts, false, false));
            debts.insert("total-priority-debts".into(), number(o.total_priority_debts));
            debts.insert("non-priority-debts".into(), debts_json(&s.non_priority_debts, true, false));
            debts.insert("total-non-priority-debts".into(), number(o.total_non_priority_debts));
            if let Some(t) = s.token_payments {
                debts.insert("token-payments".into(), number(t));
            }
            doc.insert("debts".into(), Value::Object(debts));
            doc.insert("notes".into(), json!(s.notes));
        }
    }
    Value::Object(doc)
}
