//! Page images for the screen: the same laid-out pages the PDF is written from, drawn as SVG (millimetre
//! units on an A4 view box, Liberation Sans / Arial at the PDF's sizes), so a preview shows the letter's
//! real line and page breaks in any webview, whether or not it can show a PDF. The PDF stays the letter;
//! these are pictures of it.

use super::fonts::PT_TO_MM;
use super::layout::{Item, Page, PAGE_H, PAGE_W};
use super::pdf::Logo;
use base64::Engine;
use std::fmt::Write;

/// One SVG document per page.
pub fn pages(pages: &[Page], logo: Option<&Logo>) -> Vec<String> {
    let logo_uri = logo.and_then(png_data_uri);
    pages.iter().map(|p| page(p, logo_uri.as_deref())).collect()
}

fn page(page: &Page, logo: Option<&str>) -> String {
    let mut out = String::with_capacity(8192);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PAGE_W} {PAGE_H}" width="{PAGE_W}mm" height="{PAGE_H}mm" font-family="'Liberation Sans', Arial, Helvetica, sans-serif"><rect width="{PAGE_W}" height="{PAGE_H}" fill="#fff"/>"##
    );
    if page.blank {
        let _ = write!(
            out,
            r##"<text x="105" y="148" font-size="4" fill="#8c8c8c" text-anchor="middle">This page is intentionally blank</text>"##
        );
    }
    for item in &page.items {
        match item {
            Item::Text { x, y, size, bold, grey, text } => {
                let _ = write!(
                    out,
                    r##"<text x="{x:.2}" y="{y:.2}" font-size="{:.3}"{}{} xml:space="preserve">"##,
                    size * PT_TO_MM,
                    if *bold { r#" font-weight="bold""# } else { "" },
                    if *grey { r##" fill="#4d4d4d""## } else { "" },
                );
                escape(text, &mut out);
                out.push_str("</text>");
            }
            Item::Rule { x1, x2, y, thickness, grey } => {
                let _ = write!(
                    out,
                    r##"<line x1="{x1:.2}" y1="{y:.2}" x2="{x2:.2}" y2="{y:.2}" stroke="{}" stroke-width="{:.3}"/>"##,
                    if *grey { "#8c8c8c" } else { "#000" },
                    thickness * PT_TO_MM
                );
            }
            Item::VRule { x, y1, y2, thickness } => {
                let _ = write!(
                    out,
                    r##"<line x1="{x:.2}" y1="{y1:.2}" x2="{x:.2}" y2="{y2:.2}" stroke="#b3b3b3" stroke-width="{thickness:.3}"/>"##
                );
            }
            Item::Logo { x, y, w, h } => {
                if let Some(uri) = logo {
                    let _ = write!(
                        out,
                        r#"<image x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" href="{uri}" preserveAspectRatio="xMidYMid meet"/>"#
                    );
                }
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// Text as XML character data: merge values are the debtor's own words and must stay text.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
}

/// The logo again as a PNG data URI (it is held decoded, as RGB pixels, for the PDF).
fn png_data_uri(logo: &Logo) -> Option<String> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, logo.width, logo.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().ok()?;
        writer.write_image_data(&logo.rgb).ok()?;
    }
    Some(format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_values_stay_text_in_a_page_image() {
        let p = Page {
            items: vec![Item::Text {
                x: 25.0,
                y: 50.0,
                size: 10.0,
                bold: true,
                grey: false,
                text: "Smith & Sons <script>alert(1)</script> £1,234.50".into(),
            }],
            blank: false,
        };
        let svg = &pages(&[p], None)[0];
        assert!(svg.contains("Smith &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt; £1,234.50"), "{svg}");
        assert!(svg.contains(r#"x="25.00" y="50.00" font-size="3.528" font-weight="bold""#), "{svg}");
        assert!(!svg.contains("<script"));
    }
}
