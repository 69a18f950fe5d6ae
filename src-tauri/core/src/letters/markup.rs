//! The letter markup: what a template produces once its merge fields are filled in, parsed into blocks the
//! layout sets on the page. It is line-oriented so officers can read and edit it:
//!
//! | line starts with | block |
//! | --- | --- |
//! | `# ` | heading (the letter's title, large and bold) |
//! | `## ` | subheading (bold) |
//! | `- ` | bullet point |
//! | `\|` | table row: `\| Instalment due 1 May 2026 \| £154.00 \|`; every column after the first is right-aligned (money). `\|#` starts a header row, `\|=` a total row (bold, ruled above) |
//! | `@panel` … `@end` | a boxed panel, e.g. "How to pay" |
//! | `@signature` | the lines up to the next blank line are the signature block (space to sign, then name and post) |
//! | `@bilingual` … `@english` … `@end` | Welsh (left column) beside English (right column); the n-th Welsh block sits level with the n-th English one |
//! | `@pagebreak` | start a new page |
//! | anything else | paragraph text; a blank line ends the paragraph |
//!
//! Inline, `**bold**`. A backslash makes the next character plain text (`\|`, `\*`, `\#`, `\@`, `\-`, `\\`).
//! Merged values are escaped this way by the template engine, so a name or address can never make a table,
//! a heading or bold text.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    Header,
    Body,
    Total,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub kind: RowKind,
    pub cells: Vec<Vec<Span>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "content")]
pub enum Block {
    Heading(Vec<Span>),
    Subheading(Vec<Span>),
    Paragraph(Vec<Span>),
    Bullet(Vec<Span>),
    Table(Vec<Row>),
    Panel(Vec<Block>),
    Signature(Vec<Vec<Span>>),
    Bilingual { welsh: Vec<Block>, english: Vec<Block> },
    PageBreak,
}

/// A problem in the markup, with its line in the text that was parsed (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkupError {
    pub line: usize,
    pub message: String,
}

/// The characters a merged value has escaped (see [`escape`]).
pub const SPECIAL: &[char] = &['\\', '*', '|', '#', '@', '-'];

/// Escapes a merged value so it is always plain text: specials get a backslash, line breaks become spaces.
pub fn escape(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

enum Open {
    Panel { start: usize, blocks: Vec<Block> },
    Bilingual { start: usize, welsh: Vec<Block>, english: Option<Vec<Block>> },
}

#[derive(Default)]
struct Pending {
    paragraph: Option<(bool, Vec<String>)>, // (is a bullet, lines)
    table: Vec<Row>,
    signature: Option<Vec<Vec<Span>>>,
}

struct Parser {
    stack: Vec<Open>,
    top: Vec<Block>,
    pending: Pending,
}

impl Parser {
    fn target(&mut self) -> &mut Vec<Block> {
        match self.stack.last_mut() {
            None => &mut self.top,
            Some(Open::Panel { blocks, .. }) => blocks,
            Some(Open::Bilingual { welsh, english: None, .. }) => welsh,
            Some(Open::Bilingual { english: Some(e), .. }) => e,
        }
    }

    fn flush(&mut self) {
        let p = std::mem::take(&mut self.pending);
        if let Some((bullet, lines)) = p.paragraph {
            let spans = spans(&lines.join(" "));
            self.target().push(if bullet { Block::Bullet(spans) } else { Block::Paragraph(spans) });
        }
        if !p.table.is_empty() {
            self.target().push(Block::Table(p.table));
        }
        if let Some(lines) = p.signature {
            self.target().push(Block::Signature(lines));
        }
    }
}

/// Parses rendered markup into blocks.
pub fn parse(text: &str) -> Result<Vec<Block>, MarkupError> {
    let mut p = Parser { stack: Vec::new(), top: Vec::new(), pending: Pending::default() };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        let err = |message: String| MarkupError { line: line_no, message };
        if line.is_empty() {
            p.flush();
            continue;
        }
        if let Some(sig) = p.pending.signature.as_mut() {
            if !line.starts_with('@') {
                sig.push(spans(line));
                continue;
            }
        }
        if let Some(word) = line.strip_prefix('@') {
            p.flush();
            match word.trim() {
                "pagebreak" => p.target().push(Block::PageBreak),
                "signature" => p.pending.signature = Some(Vec::new()),
                "panel" => {
                    if p.stack.iter().any(|o| matches!(o, Open::Panel { .. })) {
                        return Err(err("a @panel cannot be inside another @panel".into()));
                    }
                    p.stack.push(Open::Panel { start: line_no, blocks: Vec::new() })
                }
                "bilingual" => {
                    if !p.stack.is_empty() {
                        return Err(err("@bilingual must not be inside another block".into()));
                    }
                    p.stack.push(Open::Bilingual { start: line_no, welsh: Vec::new(), english: None })
                }
                "english" => match p.stack.last_mut() {
                    Some(Open::Bilingual { english: english @ None, .. }) => *english = Some(Vec::new()),
                    _ => return Err(err("@english must follow the Welsh text of a @bilingual block".into())),
                },
                "end" => match p.stack.pop() {
                    Some(Open::Panel { blocks, .. }) => p.target().push(Block::Panel(blocks)),
                    Some(Open::Bilingual { english: Some(english), welsh, .. }) => {
                        p.target().push(Block::Bilingual { welsh, english })
                    }
                    Some(Open::Bilingual { .. }) => {
                        return Err(err("this @bilingual block has no @english part".into()))
                    }
                    None => return Err(err("@end without a @panel or @bilingual to end".into())),
                },
                other => {
                    return Err(err(format!(
                        "unknown directive @{other} (use @panel, @bilingual, @english, @end, @signature or \
                         @pagebreak)"
                    )))
                }
            }
            continue;
        }
        if let Some(row) = line.strip_prefix('|') {
            if p.pending.paragraph.is_some() {
                p.flush();
            }
            let (kind, rest) = if let Some(r) = row.strip_prefix('#') {
                (RowKind::Header, r)
            } else if let Some(r) = row.strip_prefix('=') {
                (RowKind::Total, r)
            } else {
                (RowKind::Body, row)
            };
            let mut cells: Vec<Vec<Span>> = split_cells(rest).iter().map(|c| spans(c.trim())).collect();
            if cells.last().is_some_and(|c| c.is_empty()) {
                cells.pop();
            }
            if cells.is_empty() {
                return Err(err("a table row needs at least one cell".into()));
            }
            if let Some(first) = p.pending.table.first() {
                if first.cells.len() != cells.len() {
                    return Err(err(format!(
                        "this table row has {} cells but the table's first row has {}",
                        cells.len(),
                        first.cells.len()
                    )));
                }
            }
            p.pending.table.push(Row { kind, cells });
            continue;
        }
        if !p.pending.table.is_empty() {
            p.flush();
        }
        if let Some(rest) = line.strip_prefix("## ") {
            p.flush();
            p.target().push(Block::Subheading(spans(rest.trim())));
        } else if let Some(rest) = line.strip_prefix("# ") {
            p.flush();
            p.target().push(Block::Heading(spans(rest.trim())));
        } else if let Some(rest) = line.strip_prefix("- ") {
            p.flush();
            p.pending.paragraph = Some((true, vec![rest.trim().to_string()]));
        } else {
            match p.pending.paragraph.as_mut() {
                Some((_, lines)) => lines.push(line.to_string()),
                None => p.pending.paragraph = Some((false, vec![line.to_string()])),
            }
        }
    }
    p.flush();
    if let Some(open) = p.stack.last() {
        let (start, what) = match open {
            Open::Panel { start, .. } => (*start, "@panel"),
            Open::Bilingual { start, .. } => (*start, "@bilingual"),
        };
        return Err(MarkupError { line: start, message: format!("{what} is never closed with @end") });
    }
    Ok(p.top)
}

/// Splits a table row on unescaped `|`, keeping escapes for [`spans`] to resolve.
fn split_cells(text: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let cell = cells.last_mut().expect("one cell");
                cell.push('\\');
                if let Some(n) = chars.next() {
                    cell.push(n);
                }
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().expect("one cell").push(c),
        }
    }
    cells
}

/// Resolves `**bold**` and backslash escapes into spans.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut bold = false;
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if !current.is_empty() {
                    out.push(Span { text: std::mem::take(&mut current), bold });
                }
                bold = !bold;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(Span { text: current, bold });
    }
    out
}

/// The plain text of some spans.
pub fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Span {
        Span { text: text.into(), bold: false }
    }
    fn b(text: &str) -> Span {
        Span { text: text.into(), bold: true }
    }

    #[test]
    fn blocks_are_read_line_by_line() {
        let blocks = parse(
            "# Reminder notice\n\nDear Ms Ashworth\n\nYou must pay **£308.00**\nby 18 May.\n\n\
             |# Instalment | Amount |\n| 1 May 2026 | £154.00 |\n|= Total | £308.00 |\n- one\n@signature\nA Officer\nRecovery\n",
        )
        .unwrap();
        assert_eq!(blocks[0], Block::Heading(vec![s("Reminder notice")]));
        assert_eq!(blocks[2], Block::Paragraph(vec![s("You must pay "), b("£308.00"), s(" by 18 May.")]));
        match &blocks[3] {
            Block::Table(rows) => {
                assert_eq!(rows.len(), 3);
                assert_eq!(rows[0].kind, RowKind::Header);
                assert_eq!(rows[2].kind, RowKind::Total);
                assert_eq!(rows[1].cells[1], vec![s("£154.00")]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(blocks[4], Block::Bullet(vec![s("one")]));
        assert_eq!(blocks[5], Block::Signature(vec![vec![s("A Officer")], vec![s("Recovery")]]));
    }

    #[test]
    fn escaped_values_stay_plain_text() {
        let mut v = String::new();
        escape("# **Smith** | £0.00 @end - x\nline", &mut v);
        let blocks = parse(&format!("{v}\n| {v} | £1.00 |")).unwrap();
        assert_eq!(blocks[0], Block::Paragraph(vec![s("# **Smith** | £0.00 @end - x line")]));
        match &blocks[1] {
            Block::Table(rows) => assert_eq!(rows[0].cells.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bilingual_blocks_pair_welsh_and_english() {
        let blocks = parse("@bilingual\nAnnwyl Jane\n\nTalwch\n@english\nDear Jane\n\nPay\n@end").unwrap();
        match &blocks[0] {
            Block::Bilingual { welsh, english } => {
                assert_eq!(welsh.len(), 2);
                assert_eq!(english[1], Block::Paragraph(vec![s("Pay")]));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_markup_names_its_line() {
        assert_eq!(parse("a\n@panel\nb").unwrap_err().line, 2);
        assert_eq!(parse("a\n\n@sideways").unwrap_err().line, 3);
        assert_eq!(parse("| a | b |\n| c |").unwrap_err().line, 2);
        assert!(parse("@bilingual\nx\n@end").unwrap_err().message.contains("@english"));
    }
}
