//! Letters: templates the team edits, composed with a case's merge data into letter markup, laid out on A4
//! for a DL window envelope and written as PDF. The pieces, in the order a letter passes through them:
//!
//! - [`template`]: the template file (header + MiniJinja body), validation with line numbers, rendering
//!   with strict undefined;
//! - [`merge`]: the merge data (council, recipient, account, letter, notice facts) and the demo case;
//! - [`markup`]: the line-oriented markup a rendered template is, parsed into blocks;
//! - [`layout`]: pages in millimetres: header, window address, reference block, wrapped body, tables,
//!   page numbers; the window rectangle and why;
//! - [`pdf`]: printpdf ops, subset fonts, document dates;
//! - [`shipped`]: the starting templates shipped with the app;
//! - [`batch`]: print files of many letters behind a cover sheet, laid out in chunks and joined;
//! - [`svg`]: page images of the laid-out pages for the screen (previews in any webview);
//! - [`facts`]: the notice facts a template uses as form fields, and the typed text parsed into facts;
//! - [`stamp`]: page numbers stamped on the pages of any PDF (a court bundle's pagination).
//!
//! An issued letter stores its [`Composed`] form (merge data snapshot, rendered markup, laid-out letter)
//! and its PDF bytes, so a reprint years later is byte-for-byte the letter that was sent.

pub mod batch;
pub mod facts;
pub mod fonts;
pub mod layout;
pub mod markup;
pub mod merge;
pub mod pdf;
pub mod shipped;
pub mod stamp;
pub mod svg;
pub mod template;

use crate::db::settings::CouncilProfile;
use crate::error::{Error, Result};
use layout::Letter;
use merge::MergeData;
use serde::{Deserialize, Serialize};
use template::{Template, TemplateProblem};

pub use layout::{LayoutOptions, WINDOW};

/// A letter after its template was rendered: everything needed to print it again, without the template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Composed {
    pub template_name: String,
    pub template_version: i64,
    pub kind: String,
    /// The letter's date.
    pub date: chrono::NaiveDate,
    /// The merge data exactly as the template saw it.
    pub merge: serde_json::Value,
    /// The template's output: letter markup with every merge value filled in.
    pub markup: String,
    pub letter: Letter,
}

/// Renders `template` with `data` and builds the letter to lay out. Refuses a missing merge value, bad
/// markup, and a template meant for another debt type.
pub fn compose(env: &minijinja::Environment<'static>, template: &Template, data: MergeData) -> Result<Composed> {
    let h = &template.header;
    if !h.debt_types.is_empty() && !h.debt_types.contains(&data.account.debt_type) {
        return Err(Error::RuleRefused(format!(
            "the template {} is for {}, not {}",
            h.name,
            h.debt_types.iter().map(|d| d.label()).collect::<Vec<_>>().join(", "),
            data.account.debt_type.label()
        )));
    }
    let markup_text = template::render(env, template, &data)?;
    let body = markup::parse(&markup_text).map_err(|e| {
        Error::validation(
            "body",
            format!("the rendered letter has a layout problem at its line {}: {}", e.line, e.message),
        )
    })?;
    let bilingual = h.bilingual();
    let c = &data.council;
    let mut council_address: Vec<String> = c.address_lines.iter().filter(|l| !l.trim().is_empty()).cloned().collect();
    if !c.postcode.is_empty() {
        council_address.push(c.postcode.clone());
    }
    let mut recipient = vec![data.recipient.name.clone()];
    recipient.extend(data.recipient.address_lines.iter().filter(|l| !l.trim().is_empty()).cloned());
    if !data.recipient.postcode.trim().is_empty() {
        recipient.push(data.recipient.postcode.clone());
    }
    let label = |cy: &str, en: &str| if bilingual { format!("{cy} / {en}") } else { en.to_string() };
    let mut dates = Vec::new();
    if bilingual {
        dates.push(template::format_date(data.letter.date, true));
    }
    dates.push(template::format_date(data.letter.date, false));
    let mut reference_block = vec![
        (label("Cyfeirnod", "Account reference"), vec![data.account.reference.clone()]),
        (label("Dyddiad", "Date"), dates),
    ];
    if !c.phone.is_empty() {
        reference_block.push((label("Ffôn", "Phone"), vec![c.phone.clone()]));
    }
    if !c.email.is_empty() {
        reference_block.push((label("E-bost", "Email"), vec![c.email.clone()]));
    }
    if !c.website.is_empty() {
        reference_block.push((label("Gwefan", "Website"), vec![c.website.clone()]));
    }
    let letter = Letter {
        title: h.title.clone(),
        bilingual,
        council_name: c.name.clone(),
        council_department: c.department.clone(),
        council_address: council_address.join(", "),
        recipient,
        reference_block,
        reference: data.account.reference.clone(),
        body,
    };
    Ok(Composed {
        template_name: h.name.clone(),
        template_version: h.version,
        kind: h.kind.clone(),
        date: data.letter.date,
        merge: serde_json::to_value(&data).map_err(|e| Error::Internal(e.to_string()))?,
        markup: markup_text,
        letter,
    })
}

/// Options for turning composed letters into a PDF.
#[derive(Clone, Default)]
pub struct PrintOptions {
    pub duplex: bool,
    pub logo: Option<pdf::Logo>,
}

/// Reads the council's logo, if it has one.
pub fn logo(profile: &CouncilProfile) -> Result<Option<pdf::Logo>> {
    if profile.logo_path.trim().is_empty() {
        return Ok(None);
    }
    let bytes = std::fs::read(profile.logo_path.trim())
        .map_err(|e| Error::validation("logoPath", format!("cannot read the logo {}: {e}", profile.logo_path)))?;
    pdf::Logo::from_png(&bytes).map(Some)
}

/// Lays out one or more letters (each starting on a new page, or a new sheet with `duplex`) and writes them
/// as one PDF. Returns the bytes and the page count of each letter (blank pages included).
pub fn print(letters: &[&Composed], opts: &PrintOptions) -> Result<(Vec<u8>, Vec<usize>)> {
    let (mut doc, counts) = print_document(letters, opts)?;
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| Error::Internal(format!("writing the PDF: {e}")))?;
    Ok((out, counts))
}

/// [`print`], stopping at the lopdf document (for a print run to join chunks without re-reading them).
pub fn print_document(letters: &[&Composed], opts: &PrintOptions) -> Result<(lopdf::Document, Vec<usize>)> {
    let lo = LayoutOptions { duplex: opts.duplex, logo: opts.logo.as_ref().map(|l| (l.width, l.height)) };
    let mut pages = Vec::new();
    let mut counts = Vec::new();
    for c in letters {
        let p = layout::layout(&c.letter, lo)?;
        counts.push(p.len());
        pages.extend(p);
    }
    let first = letters.first().ok_or_else(|| Error::validation("letters", "nothing to print"))?;
    let title = if letters.len() == 1 {
        format!("{} {}", first.letter.title, first.letter.reference)
    } else {
        format!("{} ({} letters)", first.letter.title, letters.len())
    };
    let meta = pdf::PdfMeta {
        title: &title,
        author: &first.letter.council_name,
        subject: &first.letter.title,
        date: first.date,
    };
    Ok((pdf::document(&pages, &meta, opts.logo.as_ref())?, counts))
}

/// Page images (SVG) of letters laid out exactly as [`print`] lays them out, for the screen.
pub fn page_images(letters: &[&Composed], opts: &PrintOptions) -> Result<Vec<String>> {
    let lo = LayoutOptions { duplex: opts.duplex, logo: opts.logo.as_ref().map(|l| (l.width, l.height)) };
    let mut out = Vec::new();
    for c in letters {
        out.extend(svg::pages(&layout::layout(&c.letter, lo)?, opts.logo.as_ref()));
    }
    Ok(out)
}

/// Validates a template's source: every problem with its line; empty when it can be saved.
pub fn validate(source: &str, profile: &CouncilProfile, today: chrono::NaiveDate) -> Vec<TemplateProblem> {
    template::validate(source, profile, today)
}
