//! The two faces every letter is set in, Liberation Sans Regular and Bold (SIL OFL 1.1, metric-compatible
//! with Arial, with the £ sign), their advance widths for word wrapping, and per-document subsetting so a
//! stored letter carries only the glyphs it uses (engineering.md §6).
//!
//! printpdf is built without `text_layout`, so its `ParsedFont` is the plain table it exposes: a Unicode →
//! glyph map and advance widths in font units. We measure with those, and subset with allsorts (printpdf's
//! own font crate) before handing printpdf the small face to embed.

use crate::error::{Error, Result};
use printpdf::ParsedFont;
use std::collections::BTreeSet;
use std::sync::OnceLock;

pub const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
pub const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// Codepoints below this are measured from a flat table (Latin, Welsh ŵ ŷ, punctuation, £ €).
const TABLE: usize = 0x2200;

/// One face: its bytes, the parsed tables and a fast advance table.
pub struct Face {
    pub bytes: &'static [u8],
    pub parsed: ParsedFont,
    units_per_em: f32,
    /// Advance in font units per codepoint below [`TABLE`]; 0 means the face has no glyph for it.
    advances: Vec<u16>,
    /// Ascender and descender as fractions of the em (positive numbers).
    pub ascent: f32,
    pub descent: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the shipped font parses");
        let mut advances = vec![0u16; TABLE];
        for (cp, slot) in advances.iter_mut().enumerate() {
            if let Some(gid) = parsed.lookup_glyph_index(cp as u32) {
                *slot = parsed.get_glyph_width(gid).unwrap_or(0).max(1);
            }
        }
        let units_per_em = f32::from(parsed.units_per_em);
        Face {
            bytes,
            ascent: f32::from(parsed.font_metrics.ascent) / units_per_em,
            descent: -f32::from(parsed.font_metrics.descent) / units_per_em,
            units_per_em,
            advances,
            parsed,
        }
    }

    /// Does the face have a glyph for `c`?
    pub fn has(&self, c: char) -> bool {
        let cp = c as usize;
        if cp < TABLE {
            self.advances[cp] > 0
        } else {
            self.parsed.lookup_glyph_index(c as u32).is_some()
        }
    }

    /// Advance of `c` in em.
    fn advance(&self, c: char) -> f32 {
        let cp = c as usize;
        let units = if cp < TABLE {
            self.advances[cp]
        } else {
            self.parsed.lookup_glyph_index(c as u32).and_then(|g| self.parsed.get_glyph_width(g)).unwrap_or(0)
        };
        f32::from(units) / self.units_per_em
    }

    /// Width of `text` set at `size_pt`, in millimetres (no kerning: printpdf shows text without it).
    pub fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        let em: f32 = text.chars().map(|c| self.advance(c)).sum();
        em * size_pt * PT_TO_MM
    }

    /// A copy of the face holding only the glyphs for `chars` (and .notdef), ready to embed.
    pub fn subset(&self, chars: &BTreeSet<char>) -> Result<ParsedFont> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{subset, CmapTarget, SubsetProfile};
        let mut ids: Vec<u16> = chars.iter().filter_map(|c| self.parsed.lookup_glyph_index(*c as u32)).collect();
        ids.push(0);
        ids.sort_unstable();
        ids.dedup();
        let fail = |e: String| Error::Internal(format!("font subset: {e}"));
        let file = ReadScope::new(self.bytes).read::<FontData<'_>>().map_err(|e| fail(e.to_string()))?;
        let provider = file.table_provider(0).map_err(|e| fail(e.to_string()))?;
        let bytes =
            subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| fail(e.to_string()))?;
        ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or_else(|| fail("the subset does not parse".into()))
    }
}

/// One point in millimetres.
pub const PT_TO_MM: f32 = 25.4 / 72.0;

pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn face(&self, bold: bool) -> &Face {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// The faces, parsed once per process.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts { regular: Face::load(REGULAR_TTF), bold: Face::load(BOLD_TTF) })
}

/// `text` with every character the faces cannot show replaced by `?` and control characters by spaces, so
/// nothing prints as an empty box.
pub fn printable(text: &str) -> String {
    let f = fonts();
    text.chars()
        .map(|c| {
            if c.is_control() {
                ' '
            } else if f.regular.has(c) && f.bold.has(c) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_faces_have_the_pound_sign_and_welsh_letters() {
        for c in ['£', '€', 'ŵ', 'ŷ', 'Ŵ', 'Ŷ', 'â', 'ï', '–', '’'] {
            assert!(fonts().regular.has(c) && fonts().bold.has(c), "{c}");
        }
        assert_eq!(printable("a\u{1F600}b\tc"), "a?b c");
    }

    #[test]
    fn widths_match_arial_metrics() {
        // Liberation Sans is metric-compatible with Arial: "0" is 1139/2048 em, so ten zeros at 10 pt are
        // 10 * 1139/2048 * 10 pt = 55.6 pt = 19.62 mm.
        let w = fonts().regular.width_mm("0000000000", 10.0);
        assert!((w - 19.62).abs() < 0.01, "{w}");
        assert!(fonts().bold.width_mm("Mmm", 10.0) > fonts().regular.width_mm("Mmm", 10.0));
    }
}
