//! Page layout: sets a composed letter on A4 pages in millimetres from the top-left corner (printpdf's
//! origin is bottom-left; `pdf.rs` turns it over). Word wrapping uses the faces' measured advance widths;
//! blocks flow onto new pages with a continuation header; money columns are right-aligned; every page gets
//! "Page n of N".
//!
//! # The envelope window
//!
//! Letters go in a DL window envelope (220 × 110 mm; window 90 × 35 mm, 20 mm from the left and 15 mm from
//! the bottom). A4 folded in three gives a 99 mm panel, so the paper has about 11 mm of play up and down in
//! the envelope and a few millimetres side to side: the window shows roughly 20–110 mm across and 45–85 mm
//! down the page (engineering.md §6). The recipient block is kept inside [`WINDOW`], 25–105 mm across and
//! 47–77 mm down: 5 mm in from the left and right edges the window can reach, 2 mm below its highest top edge
//! and 8 mm clear of its lowest bottom edge, so no line is cut off wherever the letter settles. A one-line
//! return address in 6.5 pt sits at the top of the window; the name and up to six more lines follow in 10 pt
//! (9 pt for seven), and a line too wide for the window is set smaller, down to 7.5 pt, then refused.

use super::fonts::{fonts, PT_TO_MM};
use super::markup::{Block, RowKind, Span};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
const LEFT: f32 = 25.0;
const RIGHT: f32 = 185.0;
const BODY_W: f32 = RIGHT - LEFT;
const BODY_TOP_NEXT: f32 = 30.0;
const BODY_BOTTOM: f32 = 272.0;
const FOOTER_BASELINE: f32 = 284.0;

/// The part of the page the envelope window always shows, in mm from the top-left: see the module docs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WindowRect {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}
pub const WINDOW: WindowRect = WindowRect { left: 25.0, right: 105.0, top: 47.0, bottom: 77.0 };

/// Body text size and leading.
const BODY_PT: f32 = 10.5;
const BODY_LEAD: f32 = 4.9;
const PARA_GAP: f32 = 2.6;

/// A letter ready to lay out: the fixed parts of the first page and the body blocks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Letter {
    pub title: String,
    pub bilingual: bool,
    pub council_name: String,
    pub council_department: String,
    /// Council address on one line, as the return address and the header show it.
    pub council_address: String,
    /// Recipient name, address lines and postcode, one per line (the postcode last).
    pub recipient: Vec<String>,
    /// Label and value lines for the reference block beside the window.
    pub reference_block: Vec<(String, Vec<String>)>,
    /// The account reference, repeated in the continuation header and the footer.
    pub reference: String,
    pub body: Vec<Block>,
}

/// Something drawn on a page. Text `y` is the baseline, in mm from the top of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text { x: f32, y: f32, size: f32, bold: bool, grey: bool, text: String },
    Rule { x1: f32, x2: f32, y: f32, thickness: f32, grey: bool },
    VRule { x: f32, y1: f32, y2: f32, thickness: f32 },
    Logo { x: f32, y: f32, w: f32, h: f32 },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// A page added so the next letter starts on a new sheet when printed double-sided.
    pub blank: bool,
}

/// Layout options that are not part of the letter's content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Add a blank page when the letter has an odd number of pages, for double-sided printing.
    pub duplex: bool,
    /// Leave room for a logo (its width and height in mm are given) at the top right.
    pub logo: Option<(u32, u32)>,
}

/// One line of a block, to be placed by the flow: its height and its items (y relative to its top).
#[derive(Clone, Debug, Default)]
struct LineBox {
    height: f32,
    items: Vec<Item>,
    /// A gap that is dropped at the top of a page.
    space: bool,
    /// Keep this line on the same page as the next one (headings).
    keep_with_next: bool,
    page_break: bool,
}

impl LineBox {
    fn gap(height: f32) -> LineBox {
        LineBox { height, space: true, ..LineBox::default() }
    }
}

fn text(x: f32, y: f32, size: f32, bold: bool, t: &str) -> Item {
    Item::Text { x, y, size, bold, grey: false, text: t.to_string() }
}

fn width(t: &str, size: f32, bold: bool) -> f32 {
    fonts().face(bold).width_mm(t, size)
}

fn ascent_mm(size: f32, bold: bool) -> f32 {
    fonts().face(bold).ascent * size * PT_TO_MM
}

/// Lays out a letter on pages.
pub fn layout(letter: &Letter, opts: LayoutOptions) -> Result<Vec<Page>> {
    let mut first = Page::default();
    let body_top = first_page_furniture(letter, opts, &mut first.items)?;
    let (size, lead) = if letter.bilingual { (9.5, 4.4) } else { (BODY_PT, BODY_LEAD) };
    let style = Style { size, lead };
    let mut lines = Vec::new();
    for block in &letter.body {
        block_lines(block, LEFT, BODY_W, style, &mut lines);
    }
    let mut pages = flow(&lines, vec![first], body_top, BODY_TOP_NEXT);
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        if n > 0 {
            continuation_header(letter, &mut page.items);
        }
        footer(letter, n + 1, total, &mut page.items);
    }
    if opts.duplex && total % 2 == 1 {
        pages.push(Page { items: Vec::new(), blank: true });
    }
    Ok(pages)
}

/// Sets lines on pages: from `top` on the last of `pages`, then from `next_top` on each new page, keeping
/// headings with what follows them and dropping gaps at the top of a page.
fn flow(lines: &[LineBox], mut pages: Vec<Page>, top: f32, next_top: f32) -> Vec<Page> {
    let mut y = top;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.page_break {
            pages.push(Page::default());
            y = next_top;
            i += 1;
            continue;
        }
        let at_top = y <= next_top + 0.01 && pages.len() > 1;
        if line.space && at_top {
            i += 1;
            continue;
        }
        // Lines kept with the next go together; a heading also needs the line after it (with whatever that line
        // keeps with: a table row with its total).
        let chain_end = |mut j: usize| {
            while lines[j].keep_with_next && j + 1 < lines.len() {
                j += 1;
            }
            j
        };
        let mut j = chain_end(i);
        if j > i && j + 1 < lines.len() {
            j = chain_end(j + 1);
        }
        let needed: f32 = lines[i..=j].iter().map(|l| l.height).sum();
        if y + needed > BODY_BOTTOM && !at_top {
            pages.push(Page::default());
            y = next_top;
            if line.space {
                i += 1;
            }
            continue;
        }
        let page = pages.last_mut().expect("a page");
        for item in &line.items {
            page.items.push(shift(item, y));
        }
        y += line.height;
        i += 1;
    }
    pages
}

/// A document that is not a letter (a court bundle's sections): no envelope window, a running header on every
/// page, and the body set as a letter's body is.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Top left of every page, grey: "Ashdown District Council · Court bundle".
    pub header: String,
    /// Top right of every page, bold: the account reference.
    pub reference: String,
    /// Bottom left of every page, grey: the section.
    pub footer: String,
    pub body: Vec<Block>,
}

/// Lays out a [`Document`] on A4 portrait pages. Page numbers are left to the caller (a bundle stamps its own).
pub fn layout_document(doc: &Document) -> Vec<Page> {
    let style = Style { size: BODY_PT, lead: BODY_LEAD };
    let mut lines = Vec::new();
    for block in &doc.body {
        block_lines(block, LEFT, BODY_W, style, &mut lines);
    }
    let mut pages = flow(&lines, vec![Page::default()], BODY_TOP_NEXT, BODY_TOP_NEXT);
    for page in &mut pages {
        let s = fit(&doc.header, 8.5, 6.0, false, BODY_W - 45.0).unwrap_or(6.0);
        page.items.push(Item::Text { x: LEFT, y: 18.0, size: s, bold: false, grey: true, text: doc.header.clone() });
        let rw = width(&doc.reference, 8.5, true);
        page.items.push(text(RIGHT - rw, 18.0, 8.5, true, &doc.reference));
        page.items.push(Item::Rule { x1: LEFT, x2: RIGHT, y: 21.0, thickness: 0.4, grey: true });
        let f = fit(&doc.footer, 8.0, 6.0, false, BODY_W - 60.0).unwrap_or(6.0);
        page.items.push(Item::Text {
            x: LEFT,
            y: FOOTER_BASELINE,
            size: f,
            bold: false,
            grey: true,
            text: doc.footer.clone(),
        });
    }
    pages
}

fn shift(item: &Item, dy: f32) -> Item {
    match item.clone() {
        Item::Text { x, y, size, bold, grey, text } => Item::Text { x, y: y + dy, size, bold, grey, text },
        Item::Rule { x1, x2, y, thickness, grey } => Item::Rule { x1, x2, y: y + dy, thickness, grey },
        Item::VRule { x, y1, y2, thickness } => Item::VRule { x, y1: y1 + dy, y2: y2 + dy, thickness },
        Item::Logo { x, y, w, h } => Item::Logo { x, y: y + dy, w, h },
    }
}

/// The largest size not above `size` (and not below `min`) at which `t` fits in `max_w` mm, or `None`.
fn fit(t: &str, size: f32, min: f32, bold: bool, max_w: f32) -> Option<f32> {
    let w = width(t, size, bold);
    if w <= max_w {
        return Some(size);
    }
    let s = (size * max_w / w * 100.0).floor() / 100.0;
    (s >= min).then_some(s)
}

/// Council header, return address, recipient in the window, reference block, fold marks. Returns where the
/// body starts.
fn first_page_furniture(letter: &Letter, opts: LayoutOptions, items: &mut Vec<Item>) -> Result<f32> {
    // Council name and department, top left; logo top right.
    let name_size = fit(&letter.council_name, 15.0, 10.0, true, 110.0).unwrap_or(10.0);
    items.push(text(LEFT, 20.0, name_size, true, &letter.council_name));
    items.push(text(LEFT, 26.0, 10.0, false, &letter.council_department));
    let addr_size = fit(&letter.council_address, 8.5, 6.5, false, 115.0).unwrap_or(6.5);
    items.push(Item::Text {
        x: LEFT,
        y: 31.0,
        size: addr_size,
        bold: false,
        grey: true,
        text: letter.council_address.clone(),
    });
    if let Some((w, h)) = opts.logo {
        // Fit inside 45 × 22 mm at the top right, keeping the aspect ratio.
        let (bw, bh) = (45.0f32, 22.0f32);
        let scale = (bw / w as f32).min(bh / h as f32);
        let (lw, lh) = (w as f32 * scale, h as f32 * scale);
        items.push(Item::Logo { x: RIGHT - lw, y: 12.0, w: lw, h: lh });
    }
    items.push(Item::Rule { x1: LEFT, x2: RIGHT, y: 36.0, thickness: 0.6, grey: true });

    // Return address at the top of the window.
    let window_w = WINDOW.right - WINDOW.left;
    let ret = format!("If undelivered, return to: {}", letter.council_address);
    let ret_size = fit(&ret, 6.5, 5.0, false, window_w).unwrap_or(5.0);
    let ret_text = if width(&ret, ret_size, false) <= window_w { ret } else { letter.council_address.clone() };
    let face = &fonts().regular;
    let ret_base = WINDOW.top + 0.6 + face.ascent * ret_size * PT_TO_MM;
    items.push(Item::Text { x: WINDOW.left, y: ret_base, size: ret_size, bold: false, grey: true, text: ret_text });

    // The recipient.
    let lines: Vec<&String> = letter.recipient.iter().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return Err(Error::validation("recipient", "the letter has no name and address to print"));
    }
    if lines.len() > 7 {
        return Err(Error::validation(
            "recipient",
            format!("the name and address take {} lines; the envelope window holds 7", lines.len()),
        ));
    }
    let (mut size, lead) = if lines.len() <= 6 { (10.0f32, 4.1f32) } else { (9.0, 3.65) };
    for l in &lines {
        size = match fit(l, size, 7.5, false, window_w) {
            Some(s) => s,
            None => {
                return Err(Error::validation(
                    "recipient",
                    format!("'{l}' is too wide for the envelope window; shorten the address line"),
                ))
            }
        };
    }
    let first_top = 51.0;
    let mut base = first_top + face.ascent * size * PT_TO_MM;
    for l in &lines {
        items.push(text(WINDOW.left, base, size, false, l));
        base += lead;
    }

    // Reference block to the right of the window.
    let (rx, rw) = (120.0f32, RIGHT - 120.0);
    let mut y = 49.0;
    for (label, values) in &letter.reference_block {
        items.push(Item::Text { x: rx, y, size: 7.5, bold: true, grey: true, text: label.clone() });
        y += 4.0;
        for v in values {
            let s = fit(v, 9.5, 6.5, false, rw).unwrap_or(6.5);
            items.push(text(rx, y, s, false, v));
            y += 4.1;
        }
        y += 1.2;
    }

    // Fold marks for a DL tri-fold.
    for fold in [99.0, 198.0] {
        items.push(Item::Rule { x1: 4.0, x2: 9.0, y: fold, thickness: 0.3, grey: true });
    }
    Ok((y + 4.0).max(WINDOW.bottom + 14.0))
}

fn continuation_header(letter: &Letter, items: &mut Vec<Item>) {
    let t = format!("{} · {}", letter.council_name, letter.title);
    let s = fit(&t, 8.5, 6.0, false, BODY_W - 45.0).unwrap_or(6.0);
    items.push(Item::Text { x: LEFT, y: 18.0, size: s, bold: false, grey: true, text: t });
    let r = letter.reference.clone();
    let rw = width(&r, 8.5, true);
    items.push(Item::Text { x: RIGHT - rw, y: 18.0, size: 8.5, bold: true, grey: false, text: r });
    items.push(Item::Rule { x1: LEFT, x2: RIGHT, y: 21.0, thickness: 0.4, grey: true });
}

fn footer(letter: &Letter, n: usize, total: usize, items: &mut Vec<Item>) {
    let label = if letter.bilingual {
        format!("Tudalen {n} o {total} / Page {n} of {total}")
    } else {
        format!("Page {n} of {total}")
    };
    let w = width(&label, 8.5, false);
    items.push(Item::Text { x: RIGHT - w, y: FOOTER_BASELINE, size: 8.5, bold: false, grey: false, text: label });
    items.push(Item::Text {
        x: LEFT,
        y: FOOTER_BASELINE,
        size: 8.5,
        bold: false,
        grey: true,
        text: letter.reference.clone(),
    });
}

#[derive(Clone, Copy)]
struct Style {
    size: f32,
    lead: f32,
}

/// A word: pieces of text in one style or another, with no space inside.
type Word = Vec<(String, bool)>;

/// Splits spans into words at spaces. A space between two digits does not break ("0800 138 1111",
/// "01632 960000"), nor does a no-break space (printed as a plain space).
fn words(spans: &[Span]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut current: Word = Vec::new();
    for span in spans {
        let mut piece = String::new();
        let chars: Vec<char> = span.text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let between_digits =
                i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
            if c == '\u{a0}' || (c == ' ' && between_digits) {
                piece.push(' ');
            } else if c == ' ' {
                if !piece.is_empty() {
                    current.push((std::mem::take(&mut piece), span.bold));
                }
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            } else {
                piece.push(c);
            }
        }
        if !piece.is_empty() {
            current.push((piece, span.bold));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn word_width(w: &Word, size: f32) -> f32 {
    w.iter().map(|(t, b)| width(t, size, *b)).sum()
}

/// Splits a word too long for a line into pieces that fit (long email addresses, URLs).
fn break_word(w: &Word, size: f32, max_w: f32) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur: Word = Vec::new();
    let mut cur_w = 0.0;
    for (t, b) in w {
        for c in t.chars() {
            let cw = width(c.encode_utf8(&mut [0; 4]), size, *b);
            if cur_w + cw > max_w && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
                cur_w = 0.0;
            }
            match cur.last_mut() {
                Some((s, bb)) if *bb == *b => s.push(c),
                _ => cur.push((c.to_string(), *b)),
            }
            cur_w += cw;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Wraps spans into lines no wider than `max_w`; each line is a list of runs `(x offset, text, bold)`.
fn wrap(spans: &[Span], size: f32, max_w: f32, force_bold: bool) -> Vec<Vec<(f32, String, bool)>> {
    let space_w = width(" ", size, false);
    let mut lines: Vec<Vec<Word>> = vec![Vec::new()];
    let mut line_w = 0.0;
    let mut all: Vec<Word> = Vec::new();
    for w in words(spans) {
        let w: Word = w.into_iter().map(|(t, b)| (t, b || force_bold)).collect();
        if word_width(&w, size) > max_w {
            all.extend(break_word(&w, size, max_w));
        } else {
            all.push(w);
        }
    }
    for w in all {
        let ww = word_width(&w, size);
        let current = lines.last_mut().expect("a line");
        if !current.is_empty() && line_w + space_w + ww > max_w {
            lines.push(vec![w]);
            line_w = ww;
        } else {
            line_w += if current.is_empty() { ww } else { space_w + ww };
            current.push(w);
        }
    }
    lines
        .into_iter()
        .map(|line| {
            // Merge into runs of one style, spaces included, each placed at its measured offset.
            let mut runs: Vec<(f32, String, bool)> = Vec::new();
            let mut x = 0.0;
            for (i, w) in line.iter().enumerate() {
                for (j, (t, b)) in w.iter().enumerate() {
                    let sep = if i > 0 && j == 0 { " " } else { "" };
                    match runs.last_mut() {
                        Some((_, s, bb)) if *bb == *b => {
                            s.push_str(sep);
                            s.push_str(t);
                        }
                        _ => {
                            if !sep.is_empty() {
                                if let Some((_, s, _)) = runs.last_mut() {
                                    s.push(' ');
                                }
                            }
                            runs.push((x + if sep.is_empty() { 0.0 } else { space_w }, t.clone(), *b));
                        }
                    }
                    x += if sep.is_empty() { 0.0 } else { space_w } + width(t, size, *b);
                }
            }
            runs
        })
        .filter(|r| !r.is_empty())
        .collect()
}

fn para_lines(spans: &[Span], x: f32, max_w: f32, size: f32, lead: f32, bold: bool, out: &mut Vec<LineBox>) {
    let base = ascent_mm(size, false);
    for runs in wrap(spans, size, max_w, bold) {
        let items = runs.into_iter().map(|(dx, t, b)| text(x + dx, base, size, b, &t)).collect();
        out.push(LineBox { height: lead, items, ..LineBox::default() });
    }
}

fn block_lines(block: &Block, x: f32, w: f32, st: Style, out: &mut Vec<LineBox>) {
    match block {
        Block::Heading(spans) => {
            let size = st.size + 3.0;
            let mut lines = Vec::new();
            para_lines(spans, x, w, size, st.lead + 1.6, true, &mut lines);
            let n = lines.len();
            for (i, mut l) in lines.into_iter().enumerate() {
                l.keep_with_next = true;
                if i + 1 == n {
                    l.height += 1.5;
                }
                out.push(l);
            }
            out.push(LineBox { keep_with_next: true, ..LineBox::gap(1.2) });
        }
        Block::Subheading(spans) => {
            out.push(LineBox::gap(1.0));
            let mut lines = Vec::new();
            para_lines(spans, x, w, st.size + 0.5, st.lead, true, &mut lines);
            for mut l in lines {
                l.keep_with_next = true;
                out.push(l);
            }
            out.push(LineBox { keep_with_next: true, ..LineBox::gap(0.8) });
        }
        Block::Paragraph(spans) => {
            para_lines(spans, x, w, st.size, st.lead, false, out);
            out.push(LineBox::gap(PARA_GAP));
        }
        Block::Bullet(spans) => {
            let indent = 5.0;
            let mut lines = Vec::new();
            para_lines(spans, x + indent, w - indent, st.size, st.lead, false, &mut lines);
            if let Some(first) = lines.first_mut() {
                first.items.push(text(x + 1.2, ascent_mm(st.size, false), st.size, false, "•"));
            }
            out.extend(lines);
            out.push(LineBox::gap(1.2));
        }
        Block::Table(rows) => table_lines(rows, x, w, st, out),
        Block::Panel(blocks) => {
            let mut inner = Vec::new();
            inner.push(LineBox::gap(1.5));
            for b in blocks {
                block_lines(b, x + 5.0, w - 7.0, st, &mut inner);
            }
            while inner.last().is_some_and(|l| l.space) {
                inner.pop();
            }
            inner.push(LineBox::gap(1.5));
            for mut l in inner {
                // A bar down the left of the panel, drawn line by line so it follows page breaks.
                l.items.push(Item::VRule { x: x + 0.8, y1: 0.0, y2: l.height, thickness: 2.2 });
                l.space = false;
                out.push(l);
            }
            out.push(LineBox::gap(PARA_GAP + 1.0));
        }
        Block::Signature(lines) => {
            // The closing ("Yours sincerely") stays on the page with the signature.
            let mut k = out.len();
            while k > 0 && out[k - 1].space {
                k -= 1;
            }
            while k > 0 && !out[k - 1].space {
                k -= 1;
            }
            for l in &mut out[k..] {
                l.keep_with_next = true;
            }
            out.push(LineBox { height: 12.0, keep_with_next: true, ..LineBox::default() });
            let n = lines.len();
            for (i, spans) in lines.iter().enumerate() {
                let mut l = Vec::new();
                para_lines(spans, x, w, st.size, st.lead, false, &mut l);
                for mut lb in l {
                    lb.keep_with_next = i + 1 < n;
                    out.push(lb);
                }
            }
            out.push(LineBox::gap(PARA_GAP));
        }
        Block::Bilingual { welsh, english } => {
            let gutter = 8.0;
            let cw = (w - gutter) / 2.0;
            let n = welsh.len().max(english.len());
            for k in 0..n {
                let mut left = Vec::new();
                let mut right = Vec::new();
                if let Some(b) = welsh.get(k) {
                    block_lines(b, x, cw, st, &mut left);
                }
                if let Some(b) = english.get(k) {
                    block_lines(b, x + cw + gutter, cw, st, &mut right);
                }
                for r in 0..left.len().max(right.len()) {
                    let (l, rr) = (left.get(r), right.get(r));
                    let height = l.map_or(0.0, |l| l.height).max(rr.map_or(0.0, |r| r.height));
                    let mut items: Vec<Item> = Vec::new();
                    items.extend(l.map(|l| l.items.clone()).unwrap_or_default());
                    items.extend(rr.map(|r| r.items.clone()).unwrap_or_default());
                    if height > 0.0 {
                        items.push(Item::VRule { x: x + cw + gutter / 2.0, y1: 0.0, y2: height, thickness: 0.3 });
                    }
                    let space = l.is_none_or(|l| l.space) && rr.is_none_or(|r| r.space);
                    let keep = l.is_some_and(|l| l.keep_with_next) || rr.is_some_and(|r| r.keep_with_next);
                    let page_break = l.is_some_and(|l| l.page_break) || rr.is_some_and(|r| r.page_break);
                    out.push(LineBox { height, items, space, keep_with_next: keep, page_break });
                }
            }
            out.push(LineBox::gap(PARA_GAP));
        }
        Block::PageBreak => out.push(LineBox { page_break: true, ..LineBox::default() }),
    }
}

fn table_lines(rows: &[super::markup::Row], x: f32, w: f32, st: Style, out: &mut Vec<LineBox>) {
    let ncols = rows.first().map_or(0, |r| r.cells.len());
    if ncols == 0 {
        return;
    }
    let size = st.size;
    let pad = 2.0;
    // Money columns: as wide as their widest cell (bold, to be safe), at least 26 mm; the first column
    // takes the rest.
    let mut col_w = vec![0.0f32; ncols];
    for row in rows {
        for (c, cell) in row.cells.iter().enumerate().skip(1) {
            let t = super::markup::plain(cell);
            col_w[c] = col_w[c].max(width(&t, size, true) + 2.0 * pad);
        }
    }
    for cw in col_w.iter_mut().skip(1) {
        *cw = cw.max(26.0);
    }
    let rest: f32 = col_w.iter().skip(1).sum();
    col_w[0] = (w - rest).max(w * 0.35);
    let base = ascent_mm(size, false);
    for (ri, row) in rows.iter().enumerate() {
        let bold = row.kind != RowKind::Body;
        let first = wrap(&row.cells[0], size, col_w[0] - pad, bold);
        let nlines = first.len().max(1);
        let height = nlines as f32 * st.lead + 1.4;
        let mut items = Vec::new();
        for (li, runs) in first.into_iter().enumerate() {
            for (dx, t, b) in runs {
                items.push(text(x + dx, base + 0.7 + li as f32 * st.lead, size, b, &t));
            }
        }
        let mut right_edge = x + col_w[0];
        for (c, cell) in row.cells.iter().enumerate().skip(1) {
            right_edge += col_w[c];
            let t = super::markup::plain(cell);
            let b = bold || cell.iter().any(|s| s.bold);
            let tw = width(&t, size, b);
            items.push(text(right_edge - pad - tw, base + 0.7, size, b, &t));
        }
        match row.kind {
            RowKind::Header => items.push(Item::Rule {
                x1: x,
                x2: x + w.min(col_w.iter().sum()),
                y: height,
                thickness: 0.6,
                grey: false,
            }),
            RowKind::Total => {
                items.push(Item::Rule { x1: x, x2: x + w.min(col_w.iter().sum()), y: 0.0, thickness: 0.8, grey: false })
            }
            RowKind::Body => {
                if ri + 1 < rows.len() && rows[ri + 1].kind == RowKind::Body {
                    items.push(Item::Rule {
                        x1: x,
                        x2: x + w.min(col_w.iter().sum()),
                        y: height,
                        thickness: 0.2,
                        grey: true,
                    });
                }
            }
        }
        // A header stays with the rows under it, and a total never starts a page alone: the row before it goes
        // over with it.
        let keep = row.kind == RowKind::Header || rows.get(ri + 1).is_some_and(|next| next.kind == RowKind::Total);
        out.push(LineBox { height, items, keep_with_next: keep, ..LineBox::default() });
    }
    out.push(LineBox::gap(PARA_GAP + 0.5));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letters::markup::parse;

    fn letter(body: &str, recipient: &[&str]) -> Letter {
        Letter {
            title: "Test".into(),
            bilingual: false,
            council_name: "Ashdown District Council".into(),
            council_department: "Revenues".into(),
            council_address: "Council Offices, Market Street, Ashdown AD1 1AA".into(),
            recipient: recipient.iter().map(|s| s.to_string()).collect(),
            reference_block: vec![("Account reference".into(), vec!["CT1".into()])],
            reference: "CT1".into(),
            body: parse(body).unwrap(),
        }
    }

    fn texts(page: &Page) -> Vec<(f32, f32, f32, String)> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { x, y, size, text, .. } => Some((*x, *y, *size, text.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn phone_numbers_do_not_break_across_lines() {
        for pad in 0..40 {
            let body = format!("{} call StepChange on 0800 138 1111 today.", "x".repeat(pad).replace('x', "ab "));
            let pages = layout(&letter(&body, &["A", "B"]), LayoutOptions::default()).unwrap();
            assert!(texts(&pages[0]).iter().any(|t| t.3.contains("0800 138 1111")), "{pad}");
        }
    }

    #[test]
    fn wrapped_lines_never_exceed_the_measure() {
        let long = "word ".repeat(200);
        let pages = layout(&letter(&long, &["A Person", "1 Road", "AD1 1AA"]), LayoutOptions::default()).unwrap();
        for page in &pages {
            for (x, _, size, t) in texts(page) {
                assert!(x + width(&t, size, false) <= RIGHT + 0.01, "{t}");
            }
        }
    }

    #[test]
    fn a_long_letter_flows_onto_numbered_pages() {
        let body = (0..120).map(|i| format!("Paragraph {i} of a long letter.\n")).collect::<Vec<_>>().join("\n");
        let pages = layout(&letter(&body, &["A Person", "1 Road", "AD1 1AA"]), LayoutOptions::default()).unwrap();
        assert!(pages.len() >= 3, "{}", pages.len());
        let n = pages.len();
        for (i, p) in pages.iter().enumerate() {
            assert!(texts(p).iter().any(|t| t.3 == format!("Page {} of {n}", i + 1)));
            for (_, y, _, t) in texts(p) {
                assert!(y <= PAGE_H - 10.0, "{t} at {y}");
            }
        }
        let dup = layout(&letter(&body, &["A", "B"]), LayoutOptions { duplex: true, logo: None }).unwrap();
        assert_eq!(dup.len() % 2, 0);
    }

    #[test]
    fn the_address_sits_inside_the_window() {
        let lines = [
            "Mrs Jane Elizabeth Ashworth-Smythe",
            "Flat 12",
            "Larch Court",
            "14 Larch Close",
            "Ashdown",
            "Westshire",
            "AD1 2BC",
        ];
        let pages = layout(&letter("x", &lines), LayoutOptions::default()).unwrap();
        for l in lines {
            let (x, y, size, _) = texts(&pages[0]).into_iter().find(|t| t.3 == l).unwrap();
            let top = y - fonts().regular.ascent * size * PT_TO_MM;
            let bottom = y + fonts().regular.descent * size * PT_TO_MM;
            assert!(x >= WINDOW.left && x + width(l, size, false) <= WINDOW.right, "{l}");
            assert!(top >= WINDOW.top && bottom <= WINDOW.bottom, "{l}: {top}..{bottom}");
        }
        assert!(layout(&letter("x", &["a"; 8]), LayoutOptions::default()).is_err());
    }

    #[test]
    fn the_closing_stays_on_the_page_with_the_signature() {
        for n in 20..60 {
            let body =
                format!("{}Yours sincerely\n\n@signature\nA Officer\nRecovery Team\n", "Some text here.\n\n".repeat(n));
            let pages = layout(&letter(&body, &["A", "B"]), LayoutOptions::default()).unwrap();
            let page_of = |t: &str| pages.iter().position(|p| texts(p).iter().any(|x| x.3 == t)).unwrap();
            assert_eq!(page_of("Yours sincerely"), page_of("A Officer"), "{n} paragraphs");
            assert_eq!(page_of("Recovery Team"), page_of("A Officer"), "{n} paragraphs");
        }
    }

    #[test]
    fn a_tables_total_never_starts_a_page_alone() {
        for n in 20..70 {
            let body = format!(
                "{}|# Debt | Owed |\n| Northbank Water | £1,200.00 |\n| Westshire Energy | £400.00 |\n|= Total | £1,600.00 |\n",
                "Some text here.\n\n".repeat(n)
            );
            let pages = layout(&letter(&body, &["A", "B"]), LayoutOptions::default()).unwrap();
            let page_of = |t: &str| pages.iter().position(|p| texts(p).iter().any(|x| x.3 == t)).unwrap();
            assert_eq!(page_of("Westshire Energy"), page_of("£1,600.00"), "{n} paragraphs");
            assert_eq!(page_of("Northbank Water"), page_of("Westshire Energy"), "{n} paragraphs");
        }
    }

    #[test]
    fn money_columns_are_right_aligned() {
        let pages = layout(&letter("| A | £1.00 |\n| B | £1,234.56 |", &["A", "B"]), LayoutOptions::default()).unwrap();
        let t = texts(&pages[0]);
        let right = |s: &str| {
            let (x, _, size, _) = t.iter().find(|x| x.3 == s).unwrap().clone();
            x + width(s, size, false)
        };
        assert!((right("£1.00") - right("£1,234.56")).abs() < 0.01);
    }
}
