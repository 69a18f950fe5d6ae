//! Page numbers stamped on the pages of any PDF (a court bundle numbers every page, the stored letters and the
//! officer's exhibits included, whatever made them): a small boxed label at the bottom centre of the page as it
//! is shown (its crop box and rotation respected), in the standard Helvetica face (nothing to embed), drawn
//! after the page's own content with the graphics state saved around that content.

use crate::error::{Error, Result};
use lopdf::{dictionary, Document, Object, ObjectId, Stream};

/// The resource name of the stamp's font on every stamped page.
const FONT: &str = "RDStamp";
const SIZE: f32 = 9.0;
/// The label's baseline above the bottom edge of the page as shown, in points (7.5 mm).
const BASELINE: f32 = 21.3;

/// Helvetica's advance widths (per 1000 em) for the characters a label uses; others count as a digit.
fn advance(c: char) -> f32 {
    match c {
        ' ' => 278.0,
        'B' => 667.0,
        'P' => 667.0,
        'l' | 'i' => 222.0,
        'f' | 't' => 278.0,
        'r' => 333.0,
        _ => 556.0,
    }
}

fn label_width(label: &str) -> f32 {
    label.chars().map(advance).sum::<f32>() * SIZE / 1000.0
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

fn resolve(doc: &Document, o: Object) -> Object {
    match o {
        Object::Reference(id) => doc.get_object(id).cloned().unwrap_or(Object::Null),
        other => other,
    }
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn rect(doc: &Document, page: ObjectId) -> [f32; 4] {
    for key in [&b"CropBox"[..], b"MediaBox"] {
        if let Some(Object::Array(a)) = inherited(doc, page, key).map(|o| resolve(doc, o)) {
            let v: Vec<f32> =
                a.iter().map(|o| number(&resolve(doc, o.clone()))).collect::<Option<_>>().unwrap_or_default();
            if v.len() == 4 {
                return [v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])];
            }
        }
    }
    [0.0, 0.0, 595.28, 841.89]
}

fn escape(label: &str) -> String {
    label.chars().filter(|c| c.is_ascii() && !c.is_ascii_control()).fold(String::new(), |mut s, c| {
        if matches!(c, '(' | ')' | '\\') {
            s.push('\\');
        }
        s.push(c);
        s
    })
}

/// Stamps each page of `doc`, in order, with `label(n)` for n = 0, 1, 2, … Returns the number of pages.
pub fn stamp_pages(doc: &mut Document, label: &mut dyn FnMut(usize) -> String) -> Result<usize> {
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let open = doc.add_object(Stream::new(dictionary! {}, b"q\n".to_vec()));
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for (n, page) in pages.iter().enumerate() {
        let [llx, lly, urx, ury] = rect(doc, *page);
        let rotate = inherited(doc, *page, b"Rotate")
            .map(|o| resolve(doc, o))
            .and_then(|o| number(&o))
            .map(|r| (r as i64).rem_euclid(360))
            .unwrap_or(0);
        // The matrix from the page as shown (origin at its bottom left) to the page's own coordinates.
        let (m, shown_w) = match rotate {
            90 => ([0.0, 1.0, -1.0, 0.0, urx, lly], ury - lly),
            180 => ([-1.0, 0.0, 0.0, -1.0, urx, ury], urx - llx),
            270 => ([0.0, -1.0, 1.0, 0.0, llx, ury], ury - lly),
            _ => ([1.0, 0.0, 0.0, 1.0, llx, lly], urx - llx),
        };
        let text = label(n);
        let w = label_width(&text);
        let (bx, by, bw, bh) = (shown_w / 2.0 - w / 2.0 - 4.0, BASELINE - 4.0, w + 8.0, SIZE + 4.5);
        let content = format!(
            "Q\nq\n{} {} {} {} {} {} cm\n1 g\n{bx:.2} {by:.2} {bw:.2} {bh:.2} re f\n0.5 G 0.5 w\n{bx:.2} {by:.2} {bw:.2} \
             {bh:.2} re S\n0 g\nBT /{FONT} {SIZE} Tf {:.2} {BASELINE:.2} Td ({}) Tj ET\nQ\n",
            m[0],
            m[1],
            m[2],
            m[3],
            m[4],
            m[5],
            shown_w / 2.0 - w / 2.0,
            escape(&text)
        );
        let close = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let resources = inherited(doc, *page, b"Resources").map(|o| resolve(doc, o));
        let mut resources = match resources {
            Some(Object::Dictionary(d)) => d,
            _ => lopdf::Dictionary::new(),
        };
        let mut fonts = match resources.get(b"Font").ok().cloned().map(|o| resolve(doc, o)) {
            Some(Object::Dictionary(d)) => d,
            _ => lopdf::Dictionary::new(),
        };
        fonts.set(FONT, Object::Reference(font));
        resources.set("Font", Object::Dictionary(fonts));
        let dict = doc
            .get_object_mut(*page)
            .and_then(Object::as_dict_mut)
            .map_err(|e| Error::Internal(format!("stamping page {}: {e}", n + 1)))?;
        let mut contents = vec![Object::Reference(open)];
        match dict.get(b"Contents").ok().cloned() {
            Some(Object::Array(a)) => contents.extend(a),
            Some(other @ Object::Reference(_)) => contents.push(other),
            _ => {}
        }
        contents.push(Object::Reference(close));
        dict.set("Contents", Object::Array(contents));
        dict.set("Resources", Object::Dictionary(resources));
    }
    Ok(pages.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_measured() {
        assert_eq!(escape("Page (1) \\ x£"), "Page \\(1\\) \\\\ x");
        // B u n d l e _ p a g e _ 1 2 in Helvetica: 7,005 thousandths of an em at 9 pt.
        assert!((label_width("Bundle page 12") - 63.045).abs() < 0.001);
    }
}
