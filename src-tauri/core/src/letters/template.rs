//! Letter templates: a small header and a body in MiniJinja syntax whose output is letter markup
//! ([`super::markup`]). Validation names an unknown merge field, a syntax error or a bad directive AND its
//! line in the template file before it is saved; rendering with a missing merge value is refused (strict
//! undefined), never printed blank.
//!
//! ```text
//! name: ct_reminder
//! title: Council Tax reminder notice
//! kind: reminder
//! version: 1
//! languages: en
//! debt_types: council_tax
//! ---
//! # Reminder notice
//! {{ recipient.salutation }}
//! You must pay **{{ notice.amount_due | money }}** by **{{ notice.pay_by | date }}**.
//! {% for i in notice.unpaid_instalments %}
//! | Instalment due {{ i.due_on | date }} | {{ i.amount | money }} |
//! {% endfor %}
//! ```
//!
//! Filters: `money` ("£1,234.50"), `date` ("1 May 2026"), `date_cy` ("1 Mai 2026"), plus MiniJinja's
//! built-ins. `{% if x is defined %}` tests for an optional fact.

use super::markup;
use super::merge::{self, MergeData};
use crate::db::settings::CouncilProfile;
use crate::error::{Error, Result};
use crate::model::DebtType;
use crate::money::Money;
use chrono::{Datelike, NaiveDate};
use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, ErrorKind, UndefinedBehavior};
use serde::Serialize;

/// What a template is for; the workflows pick templates by kind.
pub const KINDS: &[&str] = &[
    "reminder",
    "second_reminder",
    "final_notice",
    "summons_cover",
    "arrangement_confirmation",
    "arrangement_default",
    "ie_summary",
    "invoice_reminder",
    "invoice_final",
    "witness_statement",
    "general",
];

/// A template's header, read from the lines before `---`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Header {
    pub name: String,
    pub title: String,
    pub kind: String,
    pub version: i64,
    /// `["en"]`, or `["cy", "en"]` for a bilingual (Welsh and English) letter.
    pub languages: Vec<String>,
    /// The debt types it may be used for; empty means any.
    pub debt_types: Vec<DebtType>,
}

impl Header {
    pub fn bilingual(&self) -> bool {
        self.languages.iter().any(|l| l == "cy")
    }
}

/// A template split into its header and body. `body_line` is the line of the file the body starts on, so
/// problems are reported against the file the officer edits.
#[derive(Clone, Debug)]
pub struct Template {
    pub header: Header,
    pub body: String,
    pub body_line: usize,
    pub source: String,
}

/// One problem with a template, at a line of the template file (1-based).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TemplateProblem {
    pub line: usize,
    /// The merge field or header key concerned, if any.
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Turns problems into the one error the api returns: field `body`, every problem with its line.
pub fn problems_error(problems: &[TemplateProblem]) -> Error {
    Error::validation("body", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))
}

fn problem(line: usize, field: Option<&str>, message: impl Into<String>) -> TemplateProblem {
    TemplateProblem { line, field: field.map(str::to_string), message: message.into() }
}

/// Splits and checks the header. Only the header is checked here; [`validate`] checks the body too.
pub fn parse(source: &str) -> std::result::Result<Template, Vec<TemplateProblem>> {
    let mut problems = Vec::new();
    let (mut name, mut title, mut kind, mut version, mut languages, mut debt_types) =
        (None, None, None, 1i64, vec!["en".to_string()], Vec::new());
    let mut body_start = None;
    let mut offset = 0usize;
    for (i, line) in source.split_inclusive('\n').enumerate() {
        let n = i + 1;
        offset += line.len();
        let t = line.trim();
        if t == "---" {
            body_start = Some((n + 1, offset));
            break;
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        let Some((key, value)) = t.split_once(':') else {
            problems.push(problem(
                n,
                None,
                format!("'{t}' is not a header line (key: value), or the '---' is missing"),
            ));
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "name" => {
                if value.is_empty() || !value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                {
                    problems.push(problem(n, Some("name"), "the name uses lower-case letters, digits and _ only"));
                }
                name = Some(value.to_string());
            }
            "title" => title = Some(value.to_string()),
            "kind" => {
                if !KINDS.contains(&value) {
                    problems.push(problem(n, Some("kind"), format!("'{value}' is not one of: {}", KINDS.join(", "))));
                }
                kind = Some(value.to_string());
            }
            "version" => match value.parse::<i64>() {
                Ok(v) if v >= 1 => version = v,
                _ => problems.push(problem(n, Some("version"), format!("'{value}' is not a version number"))),
            },
            "languages" => {
                languages = value.split([' ', ',']).filter(|s| !s.is_empty()).map(str::to_string).collect();
                if !(languages == ["en"] || languages == ["cy", "en"]) {
                    problems.push(problem(n, Some("languages"), "use 'en', or 'cy en' for Welsh beside English"));
                }
            }
            "debt_types" => {
                for code in value.split([' ', ',']).filter(|s| !s.is_empty()) {
                    match DebtType::parse(code, "debt_types") {
                        Ok(d) => debt_types.push(d),
                        Err(e) => problems.push(problem(n, Some("debt_types"), e.to_string())),
                    }
                }
            }
            other => problems.push(problem(
                n,
                Some(other),
                format!("unknown header '{other}' (use name, title, kind, version, languages, debt_types)"),
            )),
        }
    }
    let Some((body_line, body_offset)) = body_start else {
        problems.push(problem(1, None, "the header must end with a line '---' before the body"));
        return Err(problems);
    };
    for (field, value) in [("name", &name), ("title", &title), ("kind", &kind)] {
        if value.as_deref().is_none_or(str::is_empty) {
            problems.push(problem(1, Some(field), format!("the header needs a {field}")));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Template {
        header: Header {
            name: name.unwrap_or_default(),
            title: title.unwrap_or_default(),
            kind: kind.unwrap_or_default(),
            version,
            languages,
            debt_types,
        },
        body: source[body_offset..].to_string(),
        body_line,
        source: source.to_string(),
    })
}

/// The source with its `version:` header line set to `version` (added if missing): saving makes the stored
/// text say which version it is.
pub fn with_version(source: &str, version: i64) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    let mut done = false;
    for line in source.split_inclusive('\n') {
        if !done && line.trim_start().starts_with("version:") {
            out.push_str(&format!("version: {version}\n"));
            done = true;
        } else if !done && line.trim() == "---" {
            out.push_str(&format!("version: {version}\n"));
            out.push_str(line);
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The MiniJinja environment letters use: strict undefined, values escaped as plain text, and the letter
/// filters.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_formatter(|out, _state, value| {
        if value.is_undefined() || value.is_none() {
            return Err(minijinja::Error::new(ErrorKind::UndefinedError, "a merge value is missing"));
        }
        let text = match value.as_str() {
            Some(s) => s.to_string(),
            None => value.to_string(),
        };
        let mut escaped = String::with_capacity(text.len() + 4);
        markup::escape(&text, &mut escaped);
        out.write_str(&escaped).map_err(|e| minijinja::Error::new(ErrorKind::WriteFailure, e.to_string()))
    });
    env.add_filter("money", filter_money);
    env.add_filter("date", |v: Value| filter_date(v, &MONTHS_EN));
    env.add_filter("date_cy", |v: Value| filter_date(v, &MONTHS_CY));
    env
}

fn missing(what: &str) -> minijinja::Error {
    minijinja::Error::new(ErrorKind::UndefinedError, format!("a merge value for {what} is missing"))
}

/// `"1234.5"` → `"£1,234.50"`; `"-5"` → `"-£5.00"`. Refuses anything that is not money.
fn filter_money(v: Value) -> std::result::Result<String, minijinja::Error> {
    if v.is_undefined() || v.is_none() {
        return Err(missing("money"));
    }
    let text = match v.kind() {
        ValueKind::String => v.as_str().unwrap_or_default().to_string(),
        ValueKind::Number if v.as_i64().is_some() => v.to_string(),
        _ => return Err(minijinja::Error::new(ErrorKind::InvalidOperation, format!("'{v}' is not money"))),
    };
    let money = Money::parse(&text)
        .map_err(|e| minijinja::Error::new(ErrorKind::InvalidOperation, format!("not money: {e}")))?;
    Ok(format_money(money))
}

/// "£1,234.50": pounds with thousands separators, always two decimal places.
pub fn format_money(m: Money) -> String {
    let text = m.abs().to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}£{grouped}.{frac}", if m.is_negative() { "-" } else { "" })
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_CY: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];

/// "1 May 2026" (or in Welsh, "1 Mai 2026").
pub fn format_date(d: NaiveDate, welsh: bool) -> String {
    let months = if welsh { &MONTHS_CY } else { &MONTHS_EN };
    format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
}

fn filter_date(v: Value, months: &[&str; 12]) -> std::result::Result<String, minijinja::Error> {
    if v.is_undefined() || v.is_none() {
        return Err(missing("a date"));
    }
    let text = v.as_str().unwrap_or_default();
    let d = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| minijinja::Error::new(ErrorKind::InvalidOperation, format!("'{v}' is not a date")))?;
    Ok(format!("{} {} {}", d.day(), months[d.month0() as usize], d.year()))
}

/// Renders the body with `data` into letter markup. A missing merge value, a value of the wrong kind or a
/// syntax error is an error naming the line of the template file.
pub fn render(env: &Environment<'static>, template: &Template, data: &MergeData) -> Result<String> {
    render_raw(env, template, data).map_err(|p| problems_error(&[p]))
}

fn render_raw(
    env: &Environment<'static>,
    template: &Template,
    data: &MergeData,
) -> std::result::Result<String, TemplateProblem> {
    let compiled = env.template_from_str(&template.body).map_err(|e| engine_problem(template, &e))?;
    compiled.render(data).map_err(|e| engine_problem(template, &e))
}

/// A MiniJinja error as a problem at a line of the template file; an undefined value names the expression.
fn engine_problem(template: &Template, e: &minijinja::Error) -> TemplateProblem {
    let line = e.line().unwrap_or(1) + template.body_line - 1;
    let expr = e.range().and_then(|r| enclosing_expr(&template.body, r));
    match e.kind() {
        ErrorKind::UndefinedError => {
            let field = expr.clone().map(|x| clean_expr(&x));
            let message = match &field {
                Some(f) => format!("the merge value '{f}' is missing or unknown"),
                None => "a merge value is missing or unknown".into(),
            };
            TemplateProblem { line, field, message }
        }
        ErrorKind::SyntaxError => TemplateProblem {
            line,
            field: None,
            message: format!("syntax error: {}", e.detail().unwrap_or("the template cannot be read")),
        },
        _ => TemplateProblem {
            line,
            field: expr.map(|x| clean_expr(&x)),
            message: e.detail().map(str::to_string).unwrap_or_else(|| e.to_string()),
        },
    }
}

/// The expression an error points at: the whole `{{ … }}` it is in (without filters), else the text of the
/// range itself.
fn enclosing_expr(body: &str, r: std::ops::Range<usize>) -> Option<String> {
    let own = body.get(r.clone())?.trim().to_string();
    let open = body[..r.start].rfind("{{");
    let other_open = body[..r.start].rfind("{%").max(body[..r.start].rfind("}}"));
    match open {
        Some(o) if other_open.is_none_or(|x| x < o) => {
            let close = body[r.start..].find("}}").map(|c| r.start + c + 2)?;
            Some(body[o..close].to_string())
        }
        _ => Some(own),
    }
}

/// `"{{ notice.pay_bye | date }}"` → `"notice.pay_bye"`.
fn clean_expr(expr: &str) -> String {
    let inner = expr.trim_start_matches("{{").trim_end_matches("}}");
    inner.split('|').next().unwrap_or(inner).trim().to_string()
}

/// Checks a template before it is saved: the header, the syntax, every merge field it names (against the
/// known fields, wherever it appears, in branches not taken too), and the markup its demo rendering makes.
/// Returns every problem found, each with its line in the file; empty means it can be saved.
pub fn validate(source: &str, profile: &CouncilProfile, today: NaiveDate) -> Vec<TemplateProblem> {
    let template = match parse(source) {
        Ok(t) => t,
        Err(problems) => return problems,
    };
    let env = environment();
    let compiled = match env.template_from_str(&template.body) {
        Ok(c) => c,
        Err(e) => return vec![engine_problem(&template, &e)],
    };
    let known = merge::field_paths();
    let mut problems = Vec::new();
    let mut unknown: Vec<String> = compiled
        .undeclared_variables(true)
        .into_iter()
        .filter(|path| !known.iter().any(|k| k == path || k.starts_with(&format!("{path}."))))
        .collect();
    unknown.sort();
    for path in unknown {
        let line = find_line(&template, &path);
        let hint = suggestion(&path, &known).map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default();
        problems.push(problem(line, Some(&path), format!("unknown merge field '{path}'{hint}")));
    }
    if !problems.is_empty() {
        return problems;
    }
    let demo = merge::demo(profile, &template.header.name, template.header.version, &template.header.title, today);
    let text = match render_raw(&env, &template, &demo) {
        Ok(t) => t,
        Err(p) => return vec![p],
    };
    if let Err(e) = markup::parse(&text) {
        // Report it at the template line that produced the bad rendered line, when it can be found.
        let rendered = text.lines().nth(e.line - 1).unwrap_or("").trim();
        let line = source_line_of(&template, rendered).unwrap_or(template.body_line);
        problems.push(problem(line, None, e.message));
    }
    problems
}

/// The template-file line where a merge field path is first used.
fn find_line(template: &Template, path: &str) -> usize {
    let parts: Vec<&str> = path.split('.').collect();
    for (i, line) in template.body.lines().enumerate() {
        if mentions(line, &parts) {
            return template.body_line + i;
        }
    }
    template.body_line
}

/// Does `line` contain the dotted path `parts` as identifiers (allowing spaces around the dots)?
fn mentions(line: &str, parts: &[&str]) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut search = 0;
    while let Some(found) = line[search..].find(parts[0]) {
        let start = search + found;
        search = start + parts[0].len();
        if line[..start].chars().next_back().is_some_and(|c| is_ident(c) || c == '.') {
            continue;
        }
        let mut rest = &line[start + parts[0].len()..];
        let mut ok = true;
        for part in &parts[1..] {
            let after_dot = rest.trim_start().strip_prefix('.').map(str::trim_start);
            match after_dot.and_then(|r| r.strip_prefix(part)) {
                Some(r) => rest = r,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok && !rest.chars().next().is_some_and(is_ident) {
            return true;
        }
    }
    false
}

/// The template line whose literal text produced `rendered` (for markup errors).
fn source_line_of(template: &Template, rendered: &str) -> Option<usize> {
    if rendered.is_empty() {
        return None;
    }
    let key: String = rendered.chars().take(24).collect();
    template.body.lines().position(|l| l.contains(key.trim())).map(|i| template.body_line + i)
}

/// The known field closest to an unknown one (same section, smallest edit distance), if it is close.
fn suggestion<'a>(path: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(path, k), k))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 12).unwrap()
    }

    const GOOD: &str = "name: test_letter\ntitle: Test\nkind: general\n---\n# Test\n{{ recipient.salutation }}\n\
                        Pay **{{ notice.amount_due | money }}** by {{ notice.pay_by | date }}.\n";

    #[test]
    fn a_good_template_has_no_problems() {
        assert_eq!(validate(GOOD, &CouncilProfile::default(), today()), vec![]);
    }

    #[test]
    fn an_unknown_field_is_named_with_its_line_even_in_a_branch_not_taken() {
        let src =
            "name: t\ntitle: T\nkind: general\n---\nHello\n{% if false %}\n{{ notice.pay_bye | date }}\n{% endif %}\n";
        let problems = validate(src, &CouncilProfile::default(), today());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 7);
        assert_eq!(problems[0].field.as_deref(), Some("notice.pay_bye"));
        assert!(problems[0].message.contains("did you mean 'notice.pay_by'"), "{}", problems[0].message);
    }

    #[test]
    fn a_loop_variable_typo_is_found_by_the_demo_render() {
        let src = "name: t\ntitle: T\nkind: general\n---\n{% for i in notice.schedule %}\n| {{ i.due_on | date }} | {{ i.amout | money }} |\n{% endfor %}\n";
        let problems = validate(src, &CouncilProfile::default(), today());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 6);
        assert_eq!(problems[0].field.as_deref(), Some("i.amout"));
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let src = "name: t\ntitle: T\nkind: general\n---\nHello\n\n{% if notice.pay_by %}\nno end\n";
        let problems = validate(src, &CouncilProfile::default(), today());
        assert!(problems[0].message.starts_with("syntax error"), "{problems:?}");
        assert!(problems[0].line >= 7, "{problems:?}");
    }

    #[test]
    fn header_problems_name_their_line() {
        let src = "name: Bad Name\ntitle: T\nkind: letterish\ncolour: red\n---\nx\n";
        let problems = validate(src, &CouncilProfile::default(), today());
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![1, 3, 4], "{problems:?}");
    }

    #[test]
    fn markup_problems_point_at_the_template_line() {
        let src = "name: t\ntitle: T\nkind: general\n---\nHello\n\n@sideways\n";
        let problems = validate(src, &CouncilProfile::default(), today());
        assert_eq!(problems[0].line, 7, "{problems:?}");
    }

    #[test]
    fn money_and_dates_format_as_a_letter_prints_them() {
        assert_eq!(format_money(Money::parse("1234567.5").unwrap()), "£1,234,567.50");
        assert_eq!(format_money(Money::parse("-5").unwrap()), "-£5.00");
        assert_eq!(format_money(Money::parse("999.99").unwrap()), "£999.99");
        assert_eq!(format_date(today(), false), "12 May 2026");
        assert_eq!(format_date(today(), true), "12 Mai 2026");
    }

    #[test]
    fn saving_sets_the_version_line() {
        assert!(with_version(GOOD, 3).contains("kind: general\nversion: 3\n---\n"));
        assert_eq!(with_version(&with_version(GOOD, 3), 4).matches("version:").count(), 1);
    }
}
