//! The style file: page size, margins, type sizes, leading, colours and spacing of the PDF guide.
//!
//! `styles/default.yaml` is compiled in and documents every key; a guide may name its own style
//! file, which overrides any subset of the keys. Unknown keys are an error.

use std::path::Path;

use serde::Deserialize;

use crate::diag::{Code, Diagnostic, Diagnostics};

/// The default style, compiled in.
pub const DEFAULT_STYLE: &str = include_str!("../../styles/default.yaml");
/// The A5 style (over the default), compiled in: the booklet's pages.
pub const A5_STYLE: &str = include_str!("../../styles/a5.yaml");

use super::color::Rgb;

const MM: f32 = 72.0 / 25.4;

/// The page sizes a style may ask for (`page: size:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSize {
    A4,
    A5,
}

impl PageSize {
    /// `a4` or `a5`, in either case.
    pub fn from_name(name: &str) -> Option<PageSize> {
        match name {
            "a4" | "A4" => Some(PageSize::A4),
            "a5" | "A5" => Some(PageSize::A5),
            _ => None,
        }
    }

    /// Width and height, in points.
    pub fn dimensions(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (210.0 * MM, 297.0 * MM),
            PageSize::A5 => (148.0 * MM, 210.0 * MM),
        }
    }
}

/// The whole style, every length in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub page_size: PageSize,
    pub page_width: f32,
    pub page_height: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_inner: f32,
    pub margin_outer: f32,
    pub body: StyleFile,
    pub text: Rgb,
    pub heading: Rgb,
    pub link: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    pub aside_background: Rgb,
    pub code_background: Rgb,
    pub table_header_background: Rgb,
}

impl Style {
    /// The width of the text block.
    pub fn measure(&self) -> f32 {
        self.page_width - self.margin_inner - self.margin_outer
    }

    /// The height of the text block (running head and folio are outside it).
    pub fn text_height(&self) -> f32 {
        self.page_height - self.margin_top - self.margin_bottom
    }

    /// The left edge of the text block on page `index` (0-based: index 0 is page 1, a right page).
    pub fn left(&self, index: usize) -> f32 {
        if index.is_multiple_of(2) {
            self.margin_inner
        } else {
            self.margin_outer
        }
    }

    /// The size of heading level `level` (2–6; 1 is set as 2).
    pub fn heading_size(&self, level: u8) -> f32 {
        let h = &self.body.headings;
        match level {
            0..=2 => h.h2_size,
            3 => h.h3_size,
            4 => h.h4_size,
            5 => h.h5_size,
            _ => h.h6_size,
        }
    }

    /// Parses a style file over the defaults; problems are diagnostics on `file`.
    pub fn parse(text: &str, file: &Path, diags: &mut Diagnostics) -> Option<Style> {
        let parsed: StyleFile = match serde_saphyr::from_str(text) {
            Ok(s) => s,
            Err(e) => {
                let (line, col) = e
                    .location()
                    .map(|l| (l.line() as u32, l.column() as u32))
                    .unwrap_or((0, 0));
                let msg = e.to_string();
                let first = msg.lines().next().unwrap_or("invalid style file");
                diags.push(
                    Diagnostic::error(
                        Code::StyleInvalid,
                        file,
                        line,
                        col,
                        format!("style: {first}"),
                    )
                    .with_hint("the keys are documented in `styles/default.yaml`"),
                );
                return None;
            }
        };
        Style::from_file(parsed, file, diags)
    }

    /// Reads and parses a style file.
    pub fn load(path: &Path, diags: &mut Diagnostics) -> Option<Style> {
        match std::fs::read_to_string(path) {
            Ok(text) => Style::parse(&text, path, diags),
            Err(e) => {
                diags.push(Diagnostic::error(
                    Code::StyleInvalid,
                    path,
                    0,
                    0,
                    format!("cannot read the style file: {e}"),
                ));
                None
            }
        }
    }

    fn from_file(f: StyleFile, file: &Path, diags: &mut Diagnostics) -> Option<Style> {
        let Some(size) = PageSize::from_name(&f.page.size) else {
            diags.push(
                Diagnostic::error(
                    Code::StyleInvalid,
                    file,
                    0,
                    0,
                    format!("unknown page size `{}`", f.page.size),
                )
                .with_hint("use `a4` or `a5`"),
            );
            return None;
        };
        let (w, h) = size.dimensions();
        let c = &f.colors;
        let mut bad = false;
        let mut colour = |name: &str, v: &str| {
            Rgb::parse(v).unwrap_or_else(|| {
                diags.push(
                    Diagnostic::error(
                        Code::StyleInvalid,
                        file,
                        0,
                        0,
                        format!("colour `{name}` is not `#rrggbb`: `{v}`"),
                    )
                    .with_hint("write six hexadecimal digits, like `#000091`"),
                );
                bad = true;
                Rgb(0, 0, 0)
            })
        };
        let style = Style {
            page_size: size,
            page_width: w,
            page_height: h,
            margin_top: f.page.top_mm * MM,
            margin_bottom: f.page.bottom_mm * MM,
            margin_inner: f.page.inner_mm * MM,
            margin_outer: f.page.outer_mm * MM,
            text: colour("text", &c.text),
            heading: colour("heading", &c.heading),
            link: colour("link", &c.link),
            muted: colour("muted", &c.muted),
            rule: colour("rule", &c.rule),
            aside_background: colour("aside_background", &c.aside_background),
            code_background: colour("code_background", &c.code_background),
            table_header_background: colour("table_header_background", &c.table_header_background),
            body: f,
        };
        if bad {
            return None;
        }
        if style.measure() < 100.0 || style.text_height() < 200.0 {
            diags.push(Diagnostic::error(
                Code::StyleInvalid,
                file,
                0,
                0,
                "the margins leave too small a text block (under 100 × 200 pt)",
            ));
            return None;
        }
        Some(style)
    }
}

impl Style {
    /// The compiled-in A5 style (`styles/a5.yaml` over the default).
    pub fn a5() -> Style {
        let mut diags = Diagnostics::new();
        Style::parse(A5_STYLE, Path::new("styles/a5.yaml"), &mut diags)
            .expect("the compiled-in a5 style parses")
    }
}

impl Default for Style {
    fn default() -> Self {
        let mut diags = Diagnostics::new();
        Style::parse(DEFAULT_STYLE, Path::new("styles/default.yaml"), &mut diags)
            .expect("the compiled-in default style parses")
    }
}

/// The style file as written; see `styles/default.yaml` for what each key means.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StyleFile {
    pub page: PageKeys,
    pub body: BodyKeys,
    pub lead: LeadKeys,
    pub headings: HeadingKeys,
    pub small: SmallKeys,
    pub code: CodeKeys,
    pub colors: ColorKeys,
    pub cover: CoverKeys,
    pub boxes: BoxKeys,
}

/// `page:` keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageKeys {
    pub size: String,
    pub top_mm: f32,
    pub bottom_mm: f32,
    pub inner_mm: f32,
    pub outer_mm: f32,
}

impl Default for PageKeys {
    fn default() -> Self {
        PageKeys {
            size: "a4".into(),
            top_mm: 24.0,
            bottom_mm: 30.0,
            inner_mm: 30.0,
            outer_mm: 38.0,
        }
    }
}

/// `body:` keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BodyKeys {
    pub size: f32,
    pub leading: f32,
    pub indent_em: f32,
    pub paragraph_spacing: f32,
    pub block_spacing: f32,
}

impl Default for BodyKeys {
    fn default() -> Self {
        BodyKeys {
            size: 11.0,
            leading: 15.0,
            indent_em: 1.5,
            paragraph_spacing: 0.0,
            block_spacing: 8.0,
        }
    }
}

/// `lead:` keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LeadKeys {
    pub size: f32,
    pub leading: f32,
}

impl Default for LeadKeys {
    fn default() -> Self {
        LeadKeys {
            size: 13.5,
            leading: 19.0,
        }
    }
}

/// `headings:` keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HeadingKeys {
    pub chapter_size: f32,
    pub chapter_leading: f32,
    pub chapter_drop: f32,
    pub chapter_after: f32,
    pub h2_size: f32,
    pub h3_size: f32,
    pub h4_size: f32,
    pub h5_size: f32,
    pub h6_size: f32,
    pub before_lines: f32,
    pub after_lines: f32,
}

impl Default for HeadingKeys {
    fn default() -> Self {
        HeadingKeys {
            chapter_size: 24.0,
            chapter_leading: 29.0,
            chapter_drop: 60.0,
            chapter_after: 28.0,
            h2_size: 16.0,
            h3_size: 13.5,
            h4_size: 12.0,
            h5_size: 11.0,
            h6_size: 11.0,
            before_lines: 1.4,
            after_lines: 0.5,
        }
    }
}

/// `small:` keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmallKeys {
    pub size: f32,
    pub leading: f32,
    pub table_size: f32,
    pub table_leading: f32,
}

impl Default for SmallKeys {
    fn default() -> Self {
        SmallKeys {
            size: 9.0,
            leading: 12.0,
            table_size: 9.5,
            table_leading: 12.5,
        }
    }
}

/// `code:` keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CodeKeys {
    pub size: f32,
    pub leading: f32,
}

impl Default for CodeKeys {
    fn default() -> Self {
        CodeKeys {
            size: 8.5,
            leading: 11.5,
        }
    }
}

/// `colors:` keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ColorKeys {
    pub text: String,
    pub heading: String,
    pub link: String,
    pub muted: String,
    pub rule: String,
    pub aside_background: String,
    pub code_background: String,
    pub table_header_background: String,
}

impl Default for ColorKeys {
    fn default() -> Self {
        ColorKeys {
            text: "#161616".into(),
            heading: "#000091".into(),
            link: "#000091".into(),
            muted: "#555555".into(),
            rule: "#929292".into(),
            aside_background: "#eeeef8".into(),
            code_background: "#f4f4f4".into(),
            table_header_background: "#e8e8f2".into(),
        }
    }
}

/// `cover:` keys: the cover's type and the places of its parts, in points.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoverKeys {
    pub title_size: f32,
    pub title_leading: f32,
    pub subtitle_size: f32,
    pub subtitle_leading: f32,
    /// The author's, publisher's and edition's lines (set at the body size).
    pub line_leading: f32,
    /// Where the title block starts, as a share of the text block's height from its top.
    pub top_share: f32,
    pub bar_width: f32,
    pub bar_thickness: f32,
    /// From the bar to the title block's top.
    pub bar_above: f32,
    /// Below the title, and below each later line.
    pub after_title: f32,
    pub after_line: f32,
    /// From the text to the cover image.
    pub image_gap: f32,
    /// Less room than this below the text and the image is left out.
    pub image_min_room: f32,
}

impl Default for CoverKeys {
    fn default() -> Self {
        CoverKeys {
            title_size: 24.0,
            title_leading: 30.0,
            subtitle_size: 16.0,
            subtitle_leading: 21.0,
            line_leading: 14.0,
            top_share: 0.28,
            bar_width: 60.0,
            bar_thickness: 4.0,
            bar_above: 24.0,
            after_title: 14.0,
            after_line: 6.0,
            image_gap: 28.0,
            image_min_room: 40.0,
        }
    }
}

/// `boxes:` keys: the insides of asides, code blocks, quotes, lists and tables.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BoxKeys {
    /// Inner padding of asides and code blocks, in points.
    pub padding: f32,
    /// Left and right indent of block quotes, in em of the body size.
    pub quote_indent_em: f32,
    /// Hanging indent of list items (and definitions), in em of the body size.
    pub list_hang_em: f32,
    /// Padding inside a table cell, left and right, then top and bottom, in points.
    pub cell_pad_x: f32,
    pub cell_pad_y: f32,
    /// Thickness of the rule under each table row (twice this under the header).
    pub row_rule: f32,
}

impl Default for BoxKeys {
    fn default() -> Self {
        BoxKeys {
            padding: 8.0,
            quote_indent_em: 1.5,
            list_hang_em: 1.6,
            cell_pad_x: 4.0,
            cell_pad_y: 3.0,
            row_rule: 0.4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_matches_built_in_defaults() {
        let parsed: StyleFile = serde_saphyr::from_str(DEFAULT_STYLE).unwrap();
        assert_eq!(parsed, StyleFile::default());
        let s = Style::default();
        assert!((s.page_width - 595.27).abs() < 0.1);
        assert_eq!(s.heading, Rgb(0, 0, 0x91));
    }

    #[test]
    fn compiled_a5_style_is_a5_with_a_wider_inner_margin() {
        let s = Style::a5();
        assert!((s.page_width - 148.0 * MM).abs() < 0.01);
        assert!((s.page_height - 210.0 * MM).abs() < 0.01);
        assert!(s.margin_inner > s.margin_outer, "room for the fold");
        assert!(s.body.body.size < Style::default().body.body.size);
    }

    #[test]
    fn a5_override_and_unknown_key() {
        let mut d = Diagnostics::new();
        let s = Style::parse("page:\n  size: a5\n", Path::new("s.yaml"), &mut d).unwrap();
        assert!((s.page_width - 419.5).abs() < 0.1);
        assert_eq!(s.body.body.size, 11.0);
        let none = Style::parse("body:\n  sise: 3\n", Path::new("s.yaml"), &mut d);
        assert!(none.is_none());
        assert!(d.render().contains("s.yaml:2"), "{}", d.render());
    }

    #[test]
    fn cover_and_box_dimensions_come_from_the_style_file() {
        let mut d = Diagnostics::new();
        let text =
            "cover:\n  title_size: 30\n  image_gap: 12\nboxes:\n  padding: 10\n  row_rule: 1\n";
        let s = Style::parse(text, Path::new("s.yaml"), &mut d).unwrap();
        assert_eq!(s.body.cover.title_size, 30.0);
        assert_eq!(s.body.cover.image_gap, 12.0);
        assert_eq!(
            s.body.cover.bar_width, 60.0,
            "a key left out keeps its default"
        );
        assert_eq!((s.body.boxes.padding, s.body.boxes.row_rule), (10.0, 1.0));
        assert_eq!(s.page_size, PageSize::A4);
        let none = Style::parse("cover:\n  title_sise: 3\n", Path::new("s.yaml"), &mut d);
        assert!(none.is_none());
        assert!(d.render().contains("s.yaml:2"), "{}", d.render());
    }

    #[test]
    fn bad_colour_is_an_error() {
        let mut d = Diagnostics::new();
        assert!(Style::parse("colors:\n  link: blue\n", Path::new("s.yaml"), &mut d).is_none());
        assert!(d.render().contains("`link`"));
    }
}
