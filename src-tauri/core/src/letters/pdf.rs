//! Writes laid-out pages as a PDF with printpdf 0.12's ops API (engineering.md §6): absolute text positions
//! with `SetTextMatrix`, the two faces subset to the glyphs the document uses and embedded once, the
//! document dated from the letter (not 1970), an optional PNG logo.

use super::fonts::{fonts, printable};
use super::layout::{Item, Page, PAGE_H, PAGE_W};
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use printpdf::{
    Color, Greyscale, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    RawImage, RawImageData, RawImageFormat, TextItem, TextMatrix, XObjectTransform,
};
use std::collections::BTreeSet;

/// What the PDF's document information says.
pub struct PdfMeta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// The letter's date: the document's creation and modification date.
    pub date: NaiveDate,
}

/// A decoded logo: RGB pixels.
#[derive(Clone)]
pub struct Logo {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

impl Logo {
    /// Reads a PNG (any colour type, 8 or 16 bits; transparency is flattened onto white).
    pub fn from_png(bytes: &[u8]) -> Result<Logo> {
        let bad =
            |e: String| Error::validation("logoPath", format!("the logo is not a PNG this program can read: {e}"));
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(|e| bad(e.to_string()))?;
        let mut buf = vec![0; reader.output_buffer_size().ok_or_else(|| bad("too large".into()))?];
        let info = reader.next_frame(&mut buf).map_err(|e| bad(e.to_string()))?;
        let px = &buf[..info.buffer_size()];
        let (w, h) = (info.width, info.height);
        let mut rgb = Vec::with_capacity((w * h * 3) as usize);
        let flatten = |c: u8, a: u8| -> u8 { ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8 };
        match info.color_type {
            png::ColorType::Rgb => rgb.extend_from_slice(px),
            png::ColorType::Rgba => {
                for p in px.chunks_exact(4) {
                    rgb.extend([flatten(p[0], p[3]), flatten(p[1], p[3]), flatten(p[2], p[3])]);
                }
            }
            png::ColorType::Grayscale => {
                for g in px {
                    rgb.extend([*g, *g, *g]);
                }
            }
            png::ColorType::GrayscaleAlpha => {
                for p in px.chunks_exact(2) {
                    let g = flatten(p[0], p[1]);
                    rgb.extend([g, g, g]);
                }
            }
            png::ColorType::Indexed => return Err(bad("indexed colour was not expanded".into())),
        }
        Ok(Logo { width: w, height: h, rgb })
    }
}

fn mm_x(x: f32) -> Pt {
    Mm(x).into()
}

/// Millimetres from the top of a page `page_h` mm high → points from the bottom.
fn mm_y(y: f32, page_h: f32) -> Pt {
    Mm(page_h - y).into()
}

/// A page's size in millimetres: A4 portrait for letters, A4 landscape for a court list.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
}

impl PageSize {
    pub const A4_PORTRAIT: PageSize = PageSize { width: PAGE_W, height: PAGE_H };
    pub const A4_LANDSCAPE: PageSize = PageSize { width: PAGE_H, height: PAGE_W };
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale { percent: level, icc_profile: None })
}

/// Writes `pages` (of one letter or of many, in order) as one PDF.
pub fn write(pages: &[Page], meta: &PdfMeta, logo: Option<&Logo>) -> Result<Vec<u8>> {
    let mut doc = document(pages, meta, logo)?;
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| Error::Internal(format!("writing the PDF: {e}")))?;
    Ok(out)
}

/// Compresses every stream that may be compressed with zlib's fast level. printpdf's own `optimize` pass
/// uses lopdf's `Compression::best()`, which took half the time of a print run for a few per cent of size.
fn compress_fast(doc: &mut lopdf::Document) -> Result<()> {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            if stream.allows_compression && stream.dict.get(b"Filter").is_err() && stream.content.len() > 64 {
                let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
                encoder.write_all(&stream.content)?;
                let compressed = encoder.finish()?;
                if compressed.len() < stream.content.len() {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(compressed);
                }
            }
        }
    }
    Ok(())
}

/// [`write`], stopping at the lopdf document (streams compressed), for a print run to join without
/// writing and parsing each chunk.
pub fn document(pages: &[Page], meta: &PdfMeta, logo: Option<&Logo>) -> Result<lopdf::Document> {
    document_sized(pages, meta, logo, PageSize::A4_PORTRAIT)
}

/// [`document`] on pages of another size (every page the same).
pub fn document_sized(pages: &[Page], meta: &PdfMeta, logo: Option<&Logo>, size: PageSize) -> Result<lopdf::Document> {
    let page_h = size.height;
    // Which characters each face shows, for the subsets.
    let mut regular_chars = BTreeSet::new();
    let mut bold_chars = BTreeSet::new();
    let mut texts: Vec<Vec<String>> = Vec::with_capacity(pages.len());
    for page in pages {
        let mut page_texts = Vec::new();
        for item in &page.items {
            if let Item::Text { text, bold, .. } = item {
                let t = printable(text);
                let set = if *bold { &mut bold_chars } else { &mut regular_chars };
                set.extend(t.chars());
                page_texts.push(t);
            }
        }
        texts.push(page_texts);
    }
    let f = fonts();
    let mut doc = PdfDocument::new(meta.title);
    let regular = doc.add_font(&f.regular.subset(&regular_chars)?);
    let bold = doc.add_font(&f.bold.subset(&bold_chars)?);
    let logo_id = logo.map(|l| {
        doc.add_image(&RawImage {
            pixels: RawImageData::U8(l.rgb.clone()),
            width: l.width as usize,
            height: l.height as usize,
            data_format: RawImageFormat::RGB8,
            tag: Vec::new(),
        })
    });
    let date = printpdf::date::OffsetDateTime::new_in_offset(
        printpdf::date::Date { year: meta.date.year(), month: meta.date.month() as u8, day: meta.date.day() as u8 },
        printpdf::date::Time { hour: 0, minute: 0, second: 0, millisecond: 0 },
        printpdf::date::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    );
    let info = &mut doc.metadata.info;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.author = meta.author.to_string();
    info.creator = "Recovery Desk".into();
    info.producer = "Recovery Desk (printpdf)".into();
    info.subject = meta.subject.to_string();

    let mut out_pages = Vec::with_capacity(pages.len());
    for (page, page_texts) in pages.iter().zip(texts) {
        let mut ops = Vec::with_capacity(page.items.len() * 4 + 8);
        let mut t = page_texts.into_iter();
        let mut in_text = false;
        let mut colour_grey: Option<bool> = None;
        let mut current_font: Option<(bool, u32)> = None;
        for item in &page.items {
            match item {
                Item::Text { x, y, size, bold: is_bold, grey: is_grey, .. } => {
                    let shown = t.next().expect("one text per text item");
                    if !in_text {
                        ops.push(Op::StartTextSection);
                        in_text = true;
                    }
                    if colour_grey != Some(*is_grey) {
                        ops.push(Op::SetFillColor { col: grey(if *is_grey { 0.3 } else { 0.0 }) });
                        colour_grey = Some(*is_grey);
                    }
                    if current_font != Some((*is_bold, size.to_bits())) {
                        let font = if *is_bold { bold.clone() } else { regular.clone() };
                        ops.push(Op::SetFont { font: PdfFontHandle::External(font), size: Pt(*size) });
                        current_font = Some((*is_bold, size.to_bits()));
                    }
                    ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(mm_x(*x), mm_y(*y, page_h)) });
                    ops.push(Op::ShowText { items: vec![TextItem::Text(shown)] });
                }
                other => {
                    if in_text {
                        ops.push(Op::EndTextSection);
                        in_text = false;
                    }
                    match other {
                        Item::Rule { x1, x2, y, thickness, grey: is_grey } => {
                            ops.push(Op::SetOutlineColor { col: grey(if *is_grey { 0.55 } else { 0.0 }) });
                            ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                            ops.push(line(*x1, *y, *x2, *y, page_h));
                        }
                        Item::VRule { x, y1, y2, thickness } => {
                            ops.push(Op::SetOutlineColor { col: grey(0.7) });
                            ops.push(Op::SetOutlineThickness { pt: Pt(*thickness * 72.0 / 25.4) });
                            ops.push(line(*x, *y1, *x, *y2, page_h));
                        }
                        Item::Logo { x, y, w, h } => {
                            if let (Some(id), Some(l)) = (&logo_id, logo) {
                                // printpdf sizes an image at `dpi`; choose it so the width comes out at w mm.
                                let dpi = l.width as f32 * 25.4 / *w;
                                ops.push(Op::UseXobject {
                                    id: id.clone(),
                                    transform: XObjectTransform {
                                        translate_x: Some(mm_x(*x)),
                                        translate_y: Some(mm_y(*y + *h, page_h)),
                                        dpi: Some(dpi),
                                        ..XObjectTransform::default()
                                    },
                                });
                            }
                        }
                        Item::Text { .. } => unreachable!("handled above"),
                    }
                }
            }
        }
        if in_text {
            ops.push(Op::EndTextSection);
        }
        out_pages.push(PdfPage::new(Mm(size.width), Mm(size.height), ops));
    }
    doc.with_pages(out_pages);
    let mut warnings = Vec::new();
    // Fonts are subset above (printpdf subsets only with its `text_layout` feature); streams are
    // compressed below, faster than printpdf's `optimize`.
    let opts = PdfSaveOptions { subset_fonts: false, optimize: false, ..PdfSaveOptions::default() };
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    compress_fast(&mut lo)?;
    Ok(lo)
}

fn line(x1: f32, y1: f32, x2: f32, y2: f32, page_h: f32) -> Op {
    Op::DrawLine {
        line: Line {
            points: vec![
                LinePoint { p: Point { x: mm_x(x1), y: mm_y(y1, page_h) }, bezier: false },
                LinePoint { p: Point { x: mm_x(x2), y: mm_y(y2, page_h) }, bezier: false },
            ],
            is_closed: false,
        },
    }
}
