//! The one set of types a paragraph is set with: styled spans and the paragraph's shape in,
//! lines of positioned glyph runs out. Every file of `paragraph/` speaks in these.

use std::ops::Range;

use super::shape::FaceKey;

pub use super::hyphenate::Lang;
pub use crate::fonts::{Family, FontId};
pub use crate::layout::color::Rgb;

/// How a span of text looks and behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanStyle {
    /// Serif (body), Sans (headings) or Mono (code).
    pub family: Family,
    /// Bold weight.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Font size in points.
    pub size: f32,
    /// Text colour.
    pub color: Rgb,
    /// Baseline shift in points, up is positive (superscripts, subscripts).
    pub baseline_shift: f32,
    /// Whether words may be hyphenated (false for code and URLs).
    pub hyphenate: bool,
    /// An opaque link id carried through to the glyph runs.
    pub link: Option<u32>,
    /// The language, for hyphenation.
    pub lang: Lang,
    /// An inline object (an image) this many points wide: the span's text (one U+FFFC) is set
    /// as one unbreakable box of that width, with no glyph of its own to draw; a line breaks
    /// before it only at a space, after it only at a space.
    pub object: Option<f32>,
}

impl Default for SpanStyle {
    fn default() -> Self {
        SpanStyle {
            family: Family::Serif,
            bold: false,
            italic: false,
            size: 10.0,
            color: Rgb::BLACK,
            baseline_shift: 0.0,
            hyphenate: true,
            link: None,
            lang: Lang::French,
            object: None,
        }
    }
}

impl SpanStyle {
    pub(in crate::layout) fn face_key(&self) -> FaceKey {
        FaceKey {
            family: self.family,
            bold: self.bold,
            italic: self.italic,
        }
    }
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text; `\n` forces a line break, U+00A0 is a non-breaking (stretchable) space, U+202F
    /// a fixed non-breaking thin space.
    pub text: String,
    /// Its style.
    pub style: SpanStyle,
}

impl Span {
    /// A span of `text` in `style`.
    pub fn new(text: impl Into<String>, style: SpanStyle) -> Self {
        Span {
            text: text.into(),
            style,
        }
    }
}

/// How lines sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Both edges flush; the last line flush left at natural spacing.
    #[default]
    Justify,
    /// Flush left, ragged right, natural spaces.
    Left,
    /// Centred, natural spaces.
    Center,
    /// Flush right, ragged left, natural spaces (a column of amounts).
    Right,
}

/// The shape of the paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParagraphOptions {
    /// Line width in points; no line is ever wider.
    pub measure: f32,
    /// Indent of the first line in points.
    pub indent: f32,
    /// Alignment.
    pub align: Align,
    /// Baseline-to-baseline distance in points for lines of ordinary content.
    pub leading: f32,
}

/// One glyph placed in a run; lengths in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionedGlyph {
    /// Glyph id in the run's font.
    pub id: u16,
    /// Advance in points (already stretched, for a justified space).
    pub x_advance: f32,
    /// Horizontal offset from the pen in points.
    pub x_offset: f32,
    /// Vertical offset in points, up is positive.
    pub y_offset: f32,
    /// Byte range of the glyph's cluster in the run's `text`.
    pub range: Range<usize>,
}

/// Glyphs of one font, size, colour and link, drawn from one pen position.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The face.
    pub font: FontId,
    /// Font size in points.
    pub size: f32,
    /// Colour.
    pub color: Rgb,
    /// Pen start, in points from the left edge of the measure.
    pub x: f32,
    /// Baseline shift in points, up is positive.
    pub baseline_shift: f32,
    /// The text the glyphs' ranges index into (ends in U+00AD on a hyphenated line's last run).
    pub text: String,
    /// The glyphs, left to right.
    pub glyphs: Vec<PositionedGlyph>,
    /// The link id of the span.
    pub link: Option<u32>,
    /// The index of the input span the run comes from.
    pub span: usize,
    /// Total advance in points.
    pub width: f32,
    /// The horizontal scale of its glyphs (font expansion, [`super::expansion`]); 1 for none.
    /// The advances above include it.
    pub hscale: f32,
}

/// One line of the paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Where the last glyph ends, in points from the left edge of the measure (≤ the measure).
    pub width: f32,
    /// The content's width at natural spacing (indent included, centring offset not).
    pub natural_width: f32,
    /// Height above the baseline, in points (the tallest style of the line).
    pub ascent: f32,
    /// Depth below the baseline, in points.
    pub descent: f32,
    /// The line's box height: the leading, or more if the content needs it.
    pub height: f32,
    /// From the top of the line box to the baseline.
    pub baseline: f32,
    /// Ends with an inserted hyphen.
    pub hyphenated: bool,
    /// The adjustment ratio its spaces were set at (0 natural, 1 full stretch, −1 full shrink;
    /// `f32::MAX` for an underfull line the emergency pass could not fill, set at natural
    /// spacing; 0 for ragged and centred lines).
    pub ratio: f32,
    /// The glyph runs, left to right.
    pub runs: Vec<GlyphRun>,
}

/// A paragraph set into lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
}

impl Paragraph {
    /// Total height of the line boxes.
    pub fn height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum()
    }
}
