//! SFS statements as XML: validated against the shipped XSDs and turned into the JSON shape.
//!
//! There is no XSD validator in Rust that we trust, so this reads the two shipped XSDs themselves (embedded)
//! into a small model and checks a document against it. The XSDs use a small subset of XML Schema and this
//! module implements exactly that subset, refusing any other construct when it loads a schema (a test loads
//! both): one global `root` element; `xsd:sequence` of `xsd:element`s with `minOccurs`/`maxOccurs`; named and
//! inline complex types; named simple types restricting `xsd:string` (enumeration) or `xsd:decimal`
//! (`fractionDigits`, `pattern`); and the built-in `xsd:string`, `xsd:date`, `xsd:boolean`, `xsd:integer`.
//! Every element is checked in order for presence, count and value, and every problem is reported with its
//! line and element path, not just the first.
//!
//! A valid document is then converted into the JSON shape (repeated elements become arrays, values become JSON
//! booleans, integers, numbers and strings, an `xsd:date` becomes a date-time at midnight UTC, and the
//! data-entry group `pensions-insurances` takes the JSON schema's name `pensions-insurance`) and validated
//! against the JSON schema as well, so an XML and a JSON statement are read by the same code.

use crate::error::Problem;
use regex::Regex;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

use super::sfs::SfsSchema;

pub const DATA_ENTRY_XSD: &str = include_str!("../../../data/sfs/sfs-data-entry-schema.xsd");
pub const SUMMARY_XSD: &str = include_str!("../../../data/sfs/sfs-summary-schema.xsd");

/// An XML element: its local name, the line its start tag is on, its text and its child elements.
#[derive(Clone, Debug, Default)]
pub struct Node {
    pub name: String,
    pub line: u64,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

fn line_at(text: &str, offset: u64) -> u64 {
    let end = usize::try_from(offset).unwrap_or(usize::MAX).min(text.len());
    1 + text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() as u64
}

/// Parses XML into a tree of elements (namespace prefixes dropped; comments, processing instructions and the
/// declaration ignored). A malformed document is one problem with its line.
pub fn parse(text: &str) -> Result<Node, Problem> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let bad = |line: u64, reason: String| Problem { line, column: String::new(), reason };
    loop {
        let before = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| bad(line_at(text, reader.error_position()), format!("not well-formed XML: {e}")))?;
        let open = |e: &quick_xml::events::BytesStart| -> Result<Node, Problem> {
            let local = e.local_name();
            let name: &str = local.as_ref();
            let name = name.to_string();
            let mut attrs = Vec::new();
            for a in e.attributes() {
                let a = a.map_err(|err| bad(line_at(text, before), format!("a bad attribute: {err}")))?;
                let local = a.key.local_name();
                let key: &str = local.as_ref();
                let key = key.to_string();
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|err| bad(line_at(text, before), err.to_string()))?
                    .to_string();
                attrs.push((key, value));
            }
            // the tag starts after any whitespace the reader passed over
            let skipped = text.as_bytes()[usize::try_from(before).unwrap_or(0).min(text.len())..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count() as u64;
            Ok(Node { name, line: line_at(text, before + skipped), attrs, ..Node::default() })
        };
        match event {
            Event::Start(e) => stack.push(open(&e)?),
            Event::Empty(e) => {
                let node = open(&e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None if root.is_none() => root = Some(node),
                    None => return Err(bad(node.line, "more than one root element".into())),
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or_else(|| bad(line_at(text, before), "an end tag with no start".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None if root.is_none() => root = Some(node),
                    None => return Err(bad(node.line, "more than one root element".into())),
                }
            }
            Event::Text(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.xml10_content());
                } else if !t.trim().is_empty() {
                    return Err(bad(line_at(text, before), "text outside the root element".into()));
                }
            }
            Event::CData(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r)
                        .ok_or_else(|| bad(line_at(text, before), format!("unknown entity &{};", &*r)))?
                        .to_string(),
                };
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(bad(open.line, format!("<{}> is never closed", open.name)));
    }
    root.ok_or_else(|| bad(1, "there is no root element".into()))
}

// --------------------------------------------------------------------------------------------- the XSD model

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Builtin {
    String,
    Date,
    Boolean,
    Integer,
    Decimal,
}

#[derive(Clone, Debug)]
struct SimpleType {
    base: Builtin,
    enumeration: Vec<String>,
    fraction_digits: Option<usize>,
    pattern: Option<(String, Regex)>,
}

#[derive(Clone, Debug)]
enum Content {
    Simple(SimpleType),
    Complex(Vec<Decl>),
}

#[derive(Clone, Debug)]
struct Decl {
    name: String,
    content: Content,
    min: usize,
    /// `None` is unbounded.
    max: Option<usize>,
}

/// A loaded XSD: the root element's declaration.
#[derive(Clone, Debug)]
pub struct Xsd {
    root: Decl,
}

fn builtin(name: &str) -> Option<Builtin> {
    match name.rsplit(':').next()? {
        "string" => Some(Builtin::String),
        "date" => Some(Builtin::Date),
        "boolean" => Some(Builtin::Boolean),
        "integer" => Some(Builtin::Integer),
        "decimal" => Some(Builtin::Decimal),
        _ => None,
    }
}

/// Reads an XSD of the subset described in the module doc. Anything else is refused by name.
pub fn load_xsd(text: &str) -> Result<Xsd, String> {
    let schema = parse(text).map_err(|p| format!("line {}: {}", p.line, p.reason))?;
    let mut simple = HashMap::new();
    let mut complex = HashMap::new();
    let mut root = None;
    for n in &schema.children {
        match n.name.as_str() {
            "simpleType" => {
                let name = n.attr("name").ok_or("a simpleType without a name")?;
                simple.insert(name.to_string(), simple_type(n)?);
            }
            "complexType" => {
                let name = n.attr("name").ok_or("a complexType without a name")?;
                complex.insert(name.to_string(), n.clone());
            }
            "element" => root = Some(n.clone()),
            "annotation" => {}
            other => return Err(format!("line {}: unsupported XSD construct <{other}>", n.line)),
        }
    }
    let root = root.ok_or("no global element")?;
    Ok(Xsd { root: decl(&root, &simple, &complex, 0)? })
}

fn simple_type(n: &Node) -> Result<SimpleType, String> {
    let r = n
        .children
        .iter()
        .find(|c| c.name == "restriction")
        .ok_or_else(|| format!("line {}: a simpleType without a restriction", n.line))?;
    let base = r.attr("base").and_then(builtin).ok_or_else(|| format!("line {}: unsupported base type", r.line))?;
    let mut t = SimpleType { base, enumeration: Vec::new(), fraction_digits: None, pattern: None };
    for f in &r.children {
        let value = f.attr("value").unwrap_or_default();
        match f.name.as_str() {
            "enumeration" => t.enumeration.push(value.to_string()),
            "fractionDigits" => {
                t.fraction_digits = Some(value.parse().map_err(|_| format!("line {}: bad fractionDigits", f.line))?)
            }
            "pattern" => {
                let re = Regex::new(&format!("^(?:{value})$")).map_err(|e| format!("line {}: {e}", f.line))?;
                t.pattern = Some((value.to_string(), re));
            }
            "annotation" => {}
            other => return Err(format!("line {}: unsupported facet <{other}>", f.line)),
        }
    }
    Ok(t)
}

fn sequence(
    n: &Node,
    simple: &HashMap<String, SimpleType>,
    complex: &HashMap<String, Node>,
    depth: usize,
) -> Result<Vec<Decl>, String> {
    let mut out = Vec::new();
    for c in &n.children {
        match c.name.as_str() {
            "sequence" => {
                for e in &c.children {
                    match e.name.as_str() {
                        "element" => out.push(decl(e, simple, complex, depth + 1)?),
                        "annotation" => {}
                        other => {
                            return Err(format!("line {}: unsupported XSD construct <{other}> in a sequence", e.line))
                        }
                    }
                }
            }
            "annotation" => {}
            other => return Err(format!("line {}: unsupported XSD construct <{other}> in a complexType", c.line)),
        }
    }
    Ok(out)
}

fn decl(
    n: &Node,
    simple: &HashMap<String, SimpleType>,
    complex: &HashMap<String, Node>,
    depth: usize,
) -> Result<Decl, String> {
    if depth > 32 {
        return Err("the XSD nests too deeply".into());
    }
    let name = n.attr("name").ok_or_else(|| format!("line {}: an element without a name", n.line))?.to_string();
    let min = match n.attr("minOccurs") {
        None => 1,
        Some(v) => v.parse().map_err(|_| format!("line {}: bad minOccurs", n.line))?,
    };
    let max = match n.attr("maxOccurs") {
        None => Some(1),
        Some("unbounded") => None,
        Some(v) => Some(v.parse().map_err(|_| format!("line {}: bad maxOccurs", n.line))?),
    };
    let content = match n.attr("type") {
        Some(t) if t.starts_with("xsd:") || t.starts_with("xs:") => Content::Simple(SimpleType {
            base: builtin(t).ok_or_else(|| format!("line {}: unsupported built-in type {t}", n.line))?,
            enumeration: Vec::new(),
            fraction_digits: None,
            pattern: None,
        }),
        Some(t) => match (simple.get(t), complex.get(t)) {
            (Some(s), _) => Content::Simple(s.clone()),
            (None, Some(c)) => Content::Complex(sequence(c, simple, complex, depth)?),
            (None, None) => return Err(format!("line {}: unknown type {t}", n.line)),
        },
        None => {
            let inline = n
                .children
                .iter()
                .find(|c| c.name == "complexType")
                .ok_or_else(|| format!("line {}: element {name} has no type", n.line))?;
            Content::Complex(sequence(inline, simple, complex, depth)?)
        }
    };
    Ok(Decl { name, content, min, max })
}

/// The shipped XSD for a schema, loaded once.
pub fn xsd(schema: SfsSchema) -> &'static Xsd {
    static DATA_ENTRY: OnceLock<Xsd> = OnceLock::new();
    static SUMMARY: OnceLock<Xsd> = OnceLock::new();
    match schema {
        SfsSchema::DataEntry => DATA_ENTRY.get_or_init(|| load_xsd(DATA_ENTRY_XSD).expect("the shipped XSD loads")),
        SfsSchema::Summary => SUMMARY.get_or_init(|| load_xsd(SUMMARY_XSD).expect("the shipped XSD loads")),
    }
}

/// Which schema an XML document means: the summary if the root has `<confirmations>` or `<notes>`.
pub fn detect(root: &Node) -> SfsSchema {
    if root.children.iter().any(|c| c.name == "confirmations" || c.name == "notes") {
        SfsSchema::Summary
    } else {
        SfsSchema::DataEntry
    }
}

// --------------------------------------------------------------------------------- validation and conversion

/// The XML element name → the JSON schema's property name, where they differ.
fn json_name(xml: &str) -> &str {
    match xml {
        "pensions-insurances" => "pensions-insurance",
        other => other,
    }
}

fn check_simple(t: &SimpleType, raw: &str) -> Result<Value, String> {
    let v = raw.trim();
    let typed = match t.base {
        Builtin::String => Value::String(raw.to_string()),
        Builtin::Boolean => match v {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => return Err(format!("'{v}' is not a boolean (true, false, 1 or 0)")),
        },
        Builtin::Integer => {
            let n: i64 =
                v.strip_prefix('+').unwrap_or(v).parse().map_err(|_| format!("'{v}' is not a whole number"))?;
            Value::from(n)
        }
        Builtin::Decimal => {
            let unsigned = v.strip_prefix(['+', '-']).unwrap_or(v);
            let (whole, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
            let ok = !(whole.is_empty() && frac.is_empty())
                && whole.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit());
            if !ok {
                return Err(format!("'{v}' is not a decimal number"));
            }
            let plain = v.strip_prefix('+').unwrap_or(v);
            let plain = plain.strip_suffix('.').unwrap_or(plain);
            let plain = if let Some(rest) = plain.strip_prefix('.') {
                format!("0.{rest}")
            } else if let Some(rest) = plain.strip_prefix("-.") {
                format!("-0.{rest}")
            } else {
                plain.to_string()
            };
            Value::Number(plain.parse().map_err(|_| format!("'{v}' is not a decimal number"))?)
        }
        Builtin::Date => {
            let date = v.get(..10).unwrap_or(v);
            let zone = v.get(10..).unwrap_or("");
            let zone_ok = zone.is_empty()
                || zone == "Z"
                || (zone.len() == 6
                    && matches!(zone.as_bytes()[0], b'+' | b'-')
                    && chrono::NaiveTime::parse_from_str(&format!("{}:00", &zone[1..]), "%H:%M:%S").is_ok());
            if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() || !zone_ok {
                return Err(format!("'{v}' is not a date (YYYY-MM-DD)"));
            }
            Value::String(format!("{date}T00:00:00+00:00"))
        }
    };
    if !t.enumeration.is_empty() && !t.enumeration.iter().any(|e| e == v) {
        return Err(format!("'{v}' is not one of: {}", t.enumeration.join(", ")));
    }
    if let Some(n) = t.fraction_digits {
        let frac = v.split_once('.').map_or("", |(_, f)| f).trim_end_matches('0');
        if frac.len() > n {
            return Err(format!("'{v}' has more than {n} decimal places"));
        }
    }
    if let Some((text, re)) = &t.pattern {
        if !re.is_match(v) {
            return Err(format!("'{v}' does not match the pattern {text} (pounds and pence, e.g. 107.00)"));
        }
    }
    Ok(typed)
}

struct Walk<'a> {
    lines: &'a mut HashMap<String, (u64, String)>,
    problems: &'a mut Vec<Problem>,
}

impl Walk<'_> {
    fn problem(&mut self, line: u64, path: &str, reason: String) {
        self.problems.push(Problem { line, column: path.to_string(), reason });
    }

    fn unexpected(&mut self, c: &Node, parent: &Node, path: &str, expected: &str) {
        self.problem(
            c.line,
            &format!("{path}/{}", c.name),
            format!("<{}> is not expected here: <{}> holds, in this order: {expected}", c.name, parent.name),
        );
    }

    fn element(&mut self, node: &Node, decl: &Decl, pointer: &str, path: &str) -> Value {
        self.lines.insert(pointer.to_string(), (node.line, path.to_string()));
        match &decl.content {
            Content::Simple(t) => {
                if let Some(c) = node.children.first() {
                    self.problem(c.line, path, format!("<{}> holds a value, not an element <{}>", node.name, c.name));
                }
                match check_simple(t, &node.text) {
                    Ok(v) => v,
                    Err(reason) => {
                        self.problem(node.line, path, reason);
                        Value::Null
                    }
                }
            }
            Content::Complex(decls) => {
                if !node.text.trim().is_empty() {
                    self.problem(node.line, path, format!("<{}> holds elements, not text", node.name));
                }
                let mut map = Map::new();
                let mut i = 0;
                let expected = decls.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join(", ");
                for (k, d) in decls.iter().enumerate() {
                    let mut found = Vec::new();
                    loop {
                        while i < node.children.len()
                            && node.children[i].name == d.name
                            && d.max.is_none_or(|m| found.len() < m)
                        {
                            found.push(&node.children[i]);
                            i += 1;
                        }
                        // An element that no declaration from here on names is out of place: report it and go on,
                        // so one stray element does not make every later one look missing.
                        match node.children.get(i) {
                            Some(c) if c.name != d.name && !decls[k..].iter().any(|x| x.name == c.name) => {
                                self.unexpected(c, node, path, &expected);
                                i += 1;
                            }
                            _ => break,
                        }
                    }
                    if found.len() < d.min {
                        let line = node.children.get(i).map_or(node.line, |c| c.line);
                        let after = if k == 0 {
                            format!("first in <{}>", node.name)
                        } else {
                            format!("after <{}>", decls[k - 1].name)
                        };
                        self.problem(line, &format!("{path}/{}", d.name), format!("<{}> is missing ({after})", d.name));
                    }
                    let key = json_name(&d.name).to_string();
                    let child_pointer = format!("{pointer}/{key}");
                    if d.max == Some(1) {
                        if let Some(c) = found.first() {
                            let v = self.element(c, d, &child_pointer, &format!("{path}/{}", d.name));
                            map.insert(key, v);
                        }
                    } else if !found.is_empty() {
                        let many = found.len() > 1;
                        let values = found
                            .iter()
                            .enumerate()
                            .map(|(n, c)| {
                                let p = if many {
                                    format!("{path}/{}[{}]", d.name, n + 1)
                                } else {
                                    format!("{path}/{}", d.name)
                                };
                                self.element(c, d, &format!("{child_pointer}/{n}"), &p)
                            })
                            .collect();
                        self.lines.insert(child_pointer.clone(), (found[0].line, format!("{path}/{}", d.name)));
                        map.insert(key, Value::Array(values));
                    }
                }
                for c in &node.children[i..] {
                    self.unexpected(c, node, path, &expected);
                }
                Value::Object(map)
            }
        }
    }
}

/// Validates `root` against the XSD of `schema` and converts it into the JSON shape. Returns the JSON, the
/// line and element path of every JSON pointer, and every problem found.
pub fn to_json(root: &Node, schema: SfsSchema) -> (Value, HashMap<String, (u64, String)>, Vec<Problem>) {
    let x = xsd(schema);
    let mut lines = HashMap::new();
    let mut problems = Vec::new();
    if root.name != x.root.name {
        problems.push(Problem {
            line: root.line,
            column: format!("/{}", root.name),
            reason: format!("the root element must be <{}>, not <{}>", x.root.name, root.name),
        });
    }
    let path = format!("/{}", root.name);
    let value = Walk { lines: &mut lines, problems: &mut problems }.element(root, &x.root, "", &path);
    problems.sort_by_key(|p| p.line);
    (value, lines, problems)
}
