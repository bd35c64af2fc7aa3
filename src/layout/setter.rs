//! The bridge between the block stage and the paragraph setter: collected spans in, lines of
//! page-model text runs out, each run knowing its span.

use super::inline::{Collected, Face, SpanStyle};
use super::page::{Glyph, TextRun};
use super::paragraph::{self, layout_paragraph, GlyphRun, ParagraphOptions};
use super::shape::Shaper;
use super::style::Rgb;
use crate::fonts::Family;

pub use super::paragraph::Align;

/// How far below the middle of the line box the baseline sits, in em of the base size (about
/// half an x-height, so the lowercase letters are centred in the line).
pub const BASELINE_BELOW_MIDDLE: f32 = 0.3;

/// What the block stage asks of one paragraph.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub measure: f32,
    pub align: Align,
    /// First-line indent.
    pub indent: f32,
    /// Baseline to baseline.
    pub leading: f32,
}

/// One set line.
#[derive(Debug, Clone, Default)]
pub struct SetLine {
    pub runs: Vec<SetRun>,
    /// Where the last glyph ends, from the line's left edge.
    pub width: f32,
    /// The line box's height (the leading, or more for tall content).
    pub height: f32,
    /// From the line box's top to the baseline.
    pub baseline: f32,
}

/// One run of a line: text in one font of one span, at `x` from the line's left edge.
#[derive(Debug, Clone)]
pub struct SetRun {
    pub x: f32,
    /// Index into [`Collected::spans`].
    pub span: usize,
    /// Up from the baseline (superscripts).
    pub rise: f32,
    pub run: TextRun,
}

/// The typesetter state shared by every paragraph of the book (shaping caches).
#[derive(Default)]
pub struct Setter {
    shaper: Shaper,
}

fn family(face: Face) -> Family {
    match face {
        Face::Serif => Family::Serif,
        Face::Sans => Family::Sans,
        Face::Mono => Family::Mono,
    }
}

fn lang(tag: Option<&str>) -> paragraph::Lang {
    match tag {
        None => paragraph::Lang::French,
        Some(t) if t.starts_with("fr") => paragraph::Lang::French,
        Some(t) if t.starts_with("en") => paragraph::Lang::English,
        Some(_) => paragraph::Lang::Other,
    }
}

fn convert(style: &SpanStyle, link: Option<usize>) -> paragraph::SpanStyle {
    paragraph::SpanStyle {
        family: family(style.face),
        bold: style.bold,
        italic: style.italic,
        size: style.size,
        color: paragraph::Color {
            r: style.color.0,
            g: style.color.1,
            b: style.color.2,
        },
        baseline_shift: style.rise,
        hyphenate: style.hyphenate,
        link: link.map(|l| l as u32),
        lang: lang(style.lang.as_deref()),
    }
}

/// A paragraph glyph run as a page-model run (lengths in em).
fn text_run(r: &GlyphRun, lang: Option<String>) -> TextRun {
    let size = r.size.max(0.01);
    TextRun {
        font: r.font,
        size: r.size,
        color: Rgb(r.color.r, r.color.g, r.color.b),
        text: r.text.clone(),
        glyphs: r
            .glyphs
            .iter()
            .map(|g| Glyph {
                id: g.id,
                advance: g.x_advance / size,
                x_offset: g.x_offset / size,
                y_offset: g.y_offset / size,
                range: g.range.clone(),
            })
            .collect(),
        lang,
        actual: Vec::new(),
    }
}

impl Setter {
    /// A setter with empty caches.
    pub fn new() -> Self {
        Setter::default()
    }

    /// Sets a paragraph into lines.
    pub fn set(&mut self, para: &Collected, params: &Params) -> Vec<SetLine> {
        let spans: Vec<paragraph::Span> = para
            .spans
            .iter()
            .map(|s| paragraph::Span::new(s.text.clone(), convert(&s.style, s.link)))
            .collect();
        let options = ParagraphOptions {
            measure: params.measure,
            indent: params.indent,
            align: params.align,
            leading: params.leading,
        };
        let set = layout_paragraph(&mut self.shaper, &spans, &options);
        // The setter grows a line to its fonts' ascent + descent, which for Charis SIL (1.6 em)
        // exceeds any book leading: lines keep the leading asked for instead, the baseline
        // placed so that the base size's x-height sits in the middle of the line box.
        let base = para
            .spans
            .iter()
            .filter(|s| s.style.rise == 0.0)
            .map(|s| s.style.size)
            .fold(0.0f32, f32::max);
        let baseline = params.leading / 2.0 + BASELINE_BELOW_MIDDLE * base;
        let lines: Vec<SetLine> = set
            .lines
            .iter()
            .map(|l| SetLine {
                width: l.width,
                height: params.leading,
                baseline,
                runs: l
                    .runs
                    .iter()
                    .map(|r| SetRun {
                        x: r.x,
                        span: r.span,
                        rise: r.baseline_shift,
                        run: text_run(r, para.spans.get(r.span).and_then(|s| s.style.lang.clone())),
                    })
                    .collect(),
            })
            .collect();
        lines
    }

    /// Sets one line of text, unbroken: its runs (one per font) at their x, and its width.
    pub fn set_line(&mut self, text: &str, style: &SpanStyle) -> (Vec<(f32, TextRun)>, f32) {
        let span = paragraph::Span::new(text.to_string(), convert(style, None));
        let options = ParagraphOptions {
            measure: 100_000.0,
            indent: 0.0,
            align: Align::Left,
            leading: style.size * 1.2,
        };
        let set = layout_paragraph(&mut self.shaper, &[span], &options);
        let mut runs = Vec::new();
        let mut width = 0.0f32;
        for line in set.lines.iter().take(1) {
            width = line.width;
            for r in &line.runs {
                runs.push((r.x, text_run(r, style.lang.clone())));
            }
        }
        (runs, width)
    }
}
