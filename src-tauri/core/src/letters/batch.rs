//! Batch print files: many composed letters in print order (postcode by default) behind a cover sheet, as
//! one PDF. printpdf holds a whole document in memory (about 100 KB a letter), so a run is laid out in
//! chunks of [`CHUNK`] letters, each chunk a PDF with its fonts subset to that chunk, and the chunks are
//! joined page by page with lopdf (engineering.md §6), skipping lopdf's slow prune and renumber passes.

use super::layout::{Item, Page};
use super::{pdf, print_document, Composed, PrintOptions};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use lopdf::{dictionary, Document, Object, ObjectId};

/// Letters per chunk: printpdf's in-memory document is about 100 KB a letter, and up to [`MAX_PRINT_WORKERS`]
/// chunks are laid out at once. Measured on the 20,000-letter bench (2 cores): 1,000 a chunk peaked at 598 MB,
/// 500 at 437 MB, 250 at 367 MB, all in about 20 s; the file grows 1.6% from 1,000 to 250 (a font subset per
/// chunk).
pub const CHUNK: usize = 250;

/// What the cover sheet of a print run says.
#[derive(Clone, Debug)]
pub struct CoverSheet {
    /// "Council Tax reminder run".
    pub title: String,
    /// The run's reference.
    pub run: String,
    pub date: NaiveDate,
    /// "postcode", "account reference"...
    pub order: String,
}

/// The order letters are printed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrintOrder {
    /// By the recipient's postcode (what the postal discount needs), then the account reference.
    Postcode,
    /// By account reference.
    Reference,
}

/// A postcode as sorted: upper case without spaces ("ad12bc").
pub fn postcode_key(c: &Composed) -> String {
    let pc = c.merge["recipient"]["postcode"].as_str().unwrap_or_default();
    pc.chars().filter(|ch| !ch.is_whitespace()).collect::<String>().to_uppercase()
}

/// Sorts letters into print order (stable, so letters with the same key keep their order).
pub fn sort(letters: &mut [Composed], order: PrintOrder) {
    match order {
        PrintOrder::Postcode => letters.sort_by_cached_key(|c| (postcode_key(c), c.letter.reference.clone())),
        PrintOrder::Reference => letters.sort_by(|a, b| a.letter.reference.cmp(&b.letter.reference)),
    }
}

/// One PDF: the cover sheet, then every letter in the order given (each starting a new page, or a new
/// sheet with `duplex`). Returns the bytes and the number of pages of letters.
pub fn print_run(letters: &[Composed], cover: &CoverSheet, opts: &PrintOptions) -> Result<(Vec<u8>, usize)> {
    print_run_in_chunks(letters, cover, opts, CHUNK)
}

/// [`print_run`] with a chosen chunk size.
pub fn print_run_in_chunks(
    letters: &[Composed],
    cover: &CoverSheet,
    opts: &PrintOptions,
    chunk_size: usize,
) -> Result<(Vec<u8>, usize)> {
    print_run_from(letters.iter().cloned().map(Ok), cover, opts, chunk_size)
}

/// A print run from letters composed as they are needed, so a run of 20,000 never holds more than a few
/// chunks of composed letters (and their printpdf documents) at a time.
///
/// The letters are composed on the calling thread (the iterator may read the database); each chunk is laid
/// out and made into a PDF on one of [`print_workers`] threads, and a joining thread appends the chunks in
/// their order. Channels of one chunk per worker bound what is in flight.
pub fn print_run_from(
    letters: impl IntoIterator<Item = Result<Composed>>,
    cover: &CoverSheet,
    opts: &PrintOptions,
    chunk_size: usize,
) -> Result<(Vec<u8>, usize)> {
    use std::sync::mpsc::sync_channel;
    let chunk_size = chunk_size.max(1);
    let workers = print_workers();
    let (job_send, job_receive) = sync_channel::<(usize, Vec<Composed>)>(workers);
    let job_receive = std::sync::Mutex::new(job_receive);
    let (doc_send, doc_receive) = sync_channel::<(usize, Result<(Document, Vec<usize>)>)>(workers);
    let failed = &std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (jobs, docs) = (&job_receive, doc_send.clone());
            scope.spawn(move || loop {
                let job = jobs.lock().map_err(|_| ()).and_then(|j| j.recv().map_err(|_| ()));
                let Ok((index, chunk)) = job else { return };
                let refs: Vec<&Composed> = chunk.iter().collect();
                if docs.send((index, print_document(&refs, opts))).is_err() {
                    return;
                }
            });
        }
        drop(doc_send);
        let joining = scope.spawn(move || -> Result<(Joiner, usize)> {
            let mut joiner = Joiner::new();
            let mut pages = 0;
            let mut waiting = std::collections::BTreeMap::new();
            let mut next = 0;
            let mut outcome = Ok(());
            // Every chunk is received, even after an error, so no worker is left blocked on a full channel;
            // `failed` tells the composing thread to stop.
            for (index, doc) in doc_receive {
                waiting.insert(index, doc);
                while let Some(doc) = waiting.remove(&next) {
                    next += 1;
                    if outcome.is_err() {
                        continue;
                    }
                    outcome = doc.and_then(|(doc, counts)| {
                        pages += counts.iter().sum::<usize>();
                        joiner.add(doc)
                    });
                    if outcome.is_err() {
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            }
            outcome.map(|()| (joiner, pages))
        });
        // Compose here, in order, and hand over full chunks; stop early when a chunk failed (its error comes
        // from the joiner below).
        let mut composed = Ok(());
        let mut count = 0;
        let mut index = 0;
        let mut buffer: Vec<Composed> = Vec::with_capacity(chunk_size);
        for letter in letters {
            match letter {
                Ok(c) => buffer.push(c),
                Err(e) => {
                    composed = Err(e);
                    break;
                }
            }
            count += 1;
            if buffer.len() == chunk_size {
                if failed.load(std::sync::atomic::Ordering::Relaxed) {
                    buffer.clear();
                    break;
                }
                let full = std::mem::replace(&mut buffer, Vec::with_capacity(chunk_size));
                // The workers outlive this loop (they stop when `job_send` is dropped), so a send never fails.
                let _ = job_send.send((index, full));
                index += 1;
            }
        }
        if composed.is_ok() && !buffer.is_empty() {
            let _ = job_send.send((index, buffer));
        }
        drop(job_send);
        let joined = joining.join().unwrap_or_else(|_| Err(Error::Internal("the print file joiner panicked".into())));
        composed?;
        let (mut joiner, pages) = joined?;
        // The cover sheet goes first, but says how many pages follow, so it is made last.
        joiner.add_first(cover_sheet(cover, count, pages, opts.duplex)?)?;
        Ok((joiner.finish(&format!("{} {}", cover.title, cover.run), cover.date)?, pages))
    })
}

/// Threads that lay out chunks at once: one per core, at most [`MAX_PRINT_WORKERS`] (each holds a chunk's
/// printpdf document, about 100 MB).
pub fn print_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_PRINT_WORKERS)
}

/// At most this many chunks are laid out at once, which bounds memory whatever the machine.
pub const MAX_PRINT_WORKERS: usize = 3;

fn cover_sheet(cover: &CoverSheet, count: usize, pages: usize, duplex: bool) -> Result<Document> {
    let mut items = Vec::new();
    let t = |x: f32, y: f32, size: f32, bold: bool, text: &str| Item::Text {
        x,
        y,
        size,
        bold,
        grey: false,
        text: text.to_string(),
    };
    items.push(t(25.0, 40.0, 20.0, true, "Print run cover sheet"));
    items.push(t(25.0, 50.0, 12.0, false, "Not for posting: remove before the letters are enclosed."));
    let rows = [
        ("Run", cover.run.clone()),
        ("Letters", count.to_string()),
        ("Letter pages", pages.to_string()),
        ("Date", super::template::format_date(cover.date, false)),
        ("Print order", cover.order.clone()),
        ("Sides", if duplex { "double-sided" } else { "single-sided" }.to_string()),
    ];
    items.push(t(25.0, 66.0, 14.0, true, &cover.title));
    let mut y = 78.0;
    for (label, value) in rows {
        items.push(t(25.0, y, 11.0, true, label));
        items.push(t(70.0, y, 11.0, false, &value));
        items.push(Item::Rule { x1: 25.0, x2: 185.0, y: y + 2.5, thickness: 0.3, grey: true });
        y += 8.0;
    }
    let mut pages = vec![Page { items, blank: false }];
    if duplex {
        pages.push(Page { items: Vec::new(), blank: true });
    }
    pdf::document(
        &pages,
        &pdf::PdfMeta { title: &cover.title, author: "", subject: &cover.run, date: cover.date },
        None,
    )
}

/// Joins PDFs page by page into one, in order.
pub fn join(pdfs: &[Vec<u8>], title: &str, date: NaiveDate) -> Result<Vec<u8>> {
    let mut joiner = Joiner::new();
    for bytes in pdfs {
        joiner.add(Document::load_mem(bytes).map_err(fail)?)?;
    }
    joiner.finish(title, date)
}

fn fail(e: lopdf::Error) -> Error {
    Error::Internal(format!("joining PDFs: {e}"))
}

/// Builds one PDF from many, page by page. Each document's objects are renumbered past those already
/// taken and written out at once (so a 20,000-letter run holds one chunk's objects at a time, not all of
/// them); inherited page attributes (MediaBox, Resources, CropBox, Rotate) are copied down to each page,
/// since the pages leave their own page trees, catalogs and info behind. The page dictionaries are kept
/// and written, with a new page tree, catalog and info, by [`Joiner::finish`].
pub struct Joiner {
    /// The file so far, in segments (one per document added), so it never has to grow by doubling.
    segments: Vec<Vec<u8>>,
    written: usize,
    /// Byte offset of each object id (index), for the cross-reference table.
    offsets: Vec<Option<usize>>,
    next_id: u32,
    /// Pages that go first (the cover sheet, added last because it counts the others).
    first: Vec<(ObjectId, lopdf::Dictionary)>,
    pages: Vec<(ObjectId, lopdf::Dictionary)>,
}

impl Default for Joiner {
    fn default() -> Self {
        Joiner::new()
    }
}

impl Joiner {
    pub fn new() -> Joiner {
        let header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        Joiner {
            written: header.len(),
            segments: vec![header],
            offsets: vec![None],
            next_id: 1,
            first: Vec::new(),
            pages: Vec::new(),
        }
    }

    /// Appends a document's pages.
    pub fn add(&mut self, doc: Document) -> Result<()> {
        self.add_counted(doc).map(|_| ())
    }

    /// Appends a document's pages and says how many there were.
    pub fn add_counted(&mut self, doc: Document) -> Result<usize> {
        let pages = self.take(doc)?;
        let n = pages.len();
        self.pages.extend(pages);
        Ok(n)
    }

    /// Puts a document's pages before every other page.
    pub fn add_first(&mut self, doc: Document) -> Result<()> {
        let pages = self.take(doc)?;
        self.first.extend(pages);
        Ok(())
    }

    fn write_object(&mut self, buf: &mut Vec<u8>, id: ObjectId, object: &Object) {
        let at = self.written + buf.len();
        let index = id.0 as usize;
        if self.offsets.len() <= index {
            self.offsets.resize(index + 1, None);
        }
        self.offsets[index] = Some(at);
        buf.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        serialize(object, buf);
        buf.extend_from_slice(b"\nendobj\n");
    }

    fn push(&mut self, buf: Vec<u8>) {
        self.written += buf.len();
        self.segments.push(buf);
    }

    fn take(&mut self, mut doc: Document) -> Result<Vec<(ObjectId, lopdf::Dictionary)>> {
        doc.renumber_objects_with(self.next_id);
        self.next_id = doc.max_id + 1;
        let mut pages = Vec::new();
        for (_, page_id) in doc.get_pages() {
            let mut dict = doc.get_dictionary(page_id).map_err(fail)?.clone();
            for key in [&b"MediaBox"[..], b"Resources", b"CropBox", b"Rotate"] {
                if !dict.has(key) {
                    if let Some(v) = inherited(&doc, page_id, key) {
                        dict.set(key.to_vec(), v);
                    }
                }
            }
            pages.push((page_id, dict));
        }
        let info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
        let metadata = doc.catalog().ok().and_then(|c| c.get(b"Metadata").and_then(Object::as_reference).ok());
        let mut buf = Vec::new();
        for (id, object) in std::mem::take(&mut doc.objects) {
            let skip = Some(id) == info
                || Some(id) == metadata
                || matches!(object.type_name(), Ok(b"Catalog" | b"Pages" | b"Page" | b"Outlines" | b"Outline"));
            if !skip {
                self.write_object(&mut buf, id, &object);
            }
        }
        self.push(buf);
        Ok(pages)
    }

    /// Writes the page tree, catalog, info and cross-reference table, and returns the joined PDF, titled
    /// and dated.
    pub fn finish(self, title: &str, date: NaiveDate) -> Result<Vec<u8>> {
        self.finish_with_outline(title, date, &[])
    }

    /// [`Joiner::finish`] with bookmarks (the document outline), each opening a page of the joined PDF
    /// (counted from 0, first pages included); the viewer opens with the bookmarks shown.
    pub fn finish_with_outline(mut self, title: &str, date: NaiveDate, outline: &[OutlineItem]) -> Result<Vec<u8>> {
        let pages_id = (self.next_id, 0);
        let catalog_id = (self.next_id + 1, 0);
        let info_id = (self.next_id + 2, 0);
        let all: Vec<(ObjectId, lopdf::Dictionary)> =
            std::mem::take(&mut self.first).into_iter().chain(std::mem::take(&mut self.pages)).collect();
        let kids: Vec<Object> = all.iter().map(|(id, _)| Object::Reference(*id)).collect();
        let page_ids: Vec<ObjectId> = all.iter().map(|(id, _)| *id).collect();
        let count = all.len() as i64;
        let mut buf = Vec::new();
        for (id, mut dict) in all {
            dict.set("Parent", Object::Reference(pages_id));
            self.write_object(&mut buf, id, &Object::Dictionary(dict));
        }
        let tree = Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count });
        self.write_object(&mut buf, pages_id, &tree);
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
        if !outline.is_empty() {
            let mut next = self.next_id + 3;
            let root = (next, 0);
            next += 1;
            let mut objects = Vec::new();
            let (first, last, visible) = outline_level(outline, root, &page_ids, &mut next, &mut objects)?;
            objects.push((
                root,
                dictionary! { "Type" => "Outlines", "First" => first, "Last" => last, "Count" => visible },
            ));
            for (id, dict) in objects {
                self.write_object(&mut buf, id, &Object::Dictionary(dict));
            }
            catalog.set("Outlines", root);
            catalog.set("PageMode", "UseOutlines");
        }
        let catalog = Object::Dictionary(catalog);
        self.write_object(&mut buf, catalog_id, &catalog);
        let stamp = format!("D:{}000000Z", date.format("%Y%m%d"));
        let info = Object::Dictionary(dictionary! {
            "Title" => Object::string_literal(title),
            "Creator" => Object::string_literal("Recovery Desk"),
            "CreationDate" => Object::string_literal(stamp.clone()),
            "ModDate" => Object::string_literal(stamp),
        });
        self.write_object(&mut buf, info_id, &info);
        let xref_at = self.written + buf.len();
        let size = self.offsets.len();
        buf.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
        for (i, offset) in self.offsets.iter().enumerate() {
            match offset {
                Some(at) => buf.extend_from_slice(format!("{at:010} 00000 n\r\n").as_bytes()),
                None if i == 0 => buf.extend_from_slice(b"0000000000 65535 f\r\n"),
                None => buf.extend_from_slice(b"0000000000 00001 f\r\n"),
            }
        }
        buf.extend_from_slice(
            format!(
                "trailer\n<< /Size {size} /Root {} 0 R /Info {} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
                catalog_id.0, info_id.0
            )
            .as_bytes(),
        );
        self.push(buf);
        // One exact allocation; each segment is freed as soon as it is copied.
        let mut out = Vec::with_capacity(self.written);
        for segment in self.segments.drain(..) {
            out.extend_from_slice(&segment);
        }
        Ok(out)
    }
}

/// A bookmark: its title, the page it opens (0-based in the joined PDF) and the bookmarks under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineItem {
    pub title: String,
    pub page: usize,
    pub children: Vec<OutlineItem>,
}

/// A PDF text string: UTF-16BE with its byte order mark, so any title survives.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xfe, 0xff];
    for unit in s.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// The outline items of one level under `parent`, numbered from `next`: returns the first and last item and how
/// many items are visible (every level is shown open).
fn outline_level(
    items: &[OutlineItem],
    parent: ObjectId,
    pages: &[ObjectId],
    next: &mut u32,
    out: &mut Vec<(ObjectId, lopdf::Dictionary)>,
) -> Result<(ObjectId, ObjectId, i64)> {
    let ids: Vec<ObjectId> = items
        .iter()
        .map(|_| {
            let id = (*next, 0);
            *next += 1;
            id
        })
        .collect();
    let mut visible = items.len() as i64;
    for (i, item) in items.iter().enumerate() {
        let page = *pages.get(item.page).ok_or_else(|| {
            Error::Internal(format!("bookmark '{}' opens page {} of {}", item.title, item.page + 1, pages.len()))
        })?;
        let mut dict = dictionary! {
            "Title" => text_string(&item.title),
            "Parent" => parent,
            "Dest" => vec![Object::Reference(page), "Fit".into()],
        };
        if i > 0 {
            dict.set("Prev", ids[i - 1]);
        }
        if i + 1 < ids.len() {
            dict.set("Next", ids[i + 1]);
        }
        if !item.children.is_empty() {
            let (first, last, n) = outline_level(&item.children, ids[i], pages, next, out)?;
            dict.set("First", first);
            dict.set("Last", last);
            dict.set("Count", n);
            visible += n;
        }
        out.push((ids[i], dict));
    }
    Ok((ids[0], ids[ids.len() - 1], visible))
}

/// Writes one PDF object in PDF syntax. Strings are written as hex, names with `#xx` escapes.
fn serialize(object: &Object, out: &mut Vec<u8>) {
    use std::io::Write;
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            let _ = write!(out, "{}", if r.is_finite() { *r } else { 0.0 });
        }
        Object::Name(name) => {
            out.push(b'/');
            for &b in name {
                if (0x21..=0x7e).contains(&b) && !b"#()<>[]{}/%".contains(&b) {
                    out.push(b);
                } else {
                    let _ = write!(out, "#{b:02X}");
                }
            }
        }
        Object::String(bytes, _) => {
            out.push(b'<');
            for b in bytes {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                serialize(item, out);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => serialize_dict(dict, None, out),
        Object::Stream(stream) => {
            serialize_dict(&stream.dict, Some(stream.content.len()), out);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

/// A dictionary; with `length`, its /Length is set to the stream's real length.
fn serialize_dict(dict: &lopdf::Dictionary, length: Option<usize>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        if length.is_some() && key.as_slice() == b"Length" {
            continue;
        }
        out.push(b' ');
        serialize(&Object::Name(key.clone()), out);
        out.push(b' ');
        serialize(value, out);
    }
    if let Some(len) = length {
        out.extend_from_slice(format!(" /Length {len}").as_bytes());
    }
    out.extend_from_slice(b" >>");
}

/// A page attribute from the page or the nearest ancestor in its page tree.
fn inherited(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut id = page;
    for _ in 0..32 {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(v) = dict.get(key) {
            return Some(v.clone());
        }
        id = dict.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}
