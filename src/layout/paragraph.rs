//! One paragraph set: styled spans in, lines of positioned glyph runs out.
//!
//! The steps, in order:
//! 1. the spans' texts are joined, and every place a line may end is found: word spaces and
//!    Unicode's line-break opportunities (UAX #14, `unicode-linebreak`), hyphenation points
//!    ([`super::hyphenate`]), and, inside URLs, after `/` and `.` and before `?`, `#` and `&`;
//!    none may leave `; : ! ? »` at a line start or `«` at a line end;
//! 2. words are shaped per style ([`Shaper`], cached) and cut into clusters, the smallest pieces
//!    that keep their glyphs;
//! 3. clusters, spaces and break opportunities become Knuth–Plass boxes, glue and penalties;
//! 4. [`linebreak::break_lines`] runs up to three passes (no hyphens, hyphens, emergency);
//! 5. each line is set: justified lines stretch or shrink their word spaces (never letter
//!    spacing), ragged and centred lines keep natural spaces; glyphs are grouped into runs of one
//!    font, size, colour and link, each carrying its own text for text extraction. A line ending
//!    in a hyphen has U+00AD appended to its last run's text, tied to the `-` glyph, so copying
//!    the text gives the whole word back.

use std::ops::Range;
use std::sync::Arc;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::hyphenate::{self, looks_like_code_or_url};
use super::linebreak::{self, Item, Params, INFINITE_PENALTY};
use super::shape::{FaceKey, Shaped, Shaper};
use crate::fonts::{self};

pub use super::hyphenate::Lang;
pub use crate::fonts::{Family, FontId};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Color {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

impl Color {
    /// Black.
    pub const BLACK: Color = Color { r: 0, g: 0, b: 0 };
}

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
    pub color: Color,
    /// Baseline shift in points, up is positive (superscripts, subscripts).
    pub baseline_shift: f32,
    /// Whether words may be hyphenated (false for code and URLs).
    pub hyphenate: bool,
    /// An opaque link id carried through to the glyph runs.
    pub link: Option<u32>,
    /// The language, for hyphenation.
    pub lang: Lang,
}

impl Default for SpanStyle {
    fn default() -> Self {
        SpanStyle {
            family: Family::Serif,
            bold: false,
            italic: false,
            size: 10.0,
            color: Color::BLACK,
            baseline_shift: 0.0,
            hyphenate: true,
            link: None,
            lang: Lang::French,
        }
    }
}

impl SpanStyle {
    fn face_key(&self) -> FaceKey {
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
    pub color: Color,
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

/// Stretch of a word space, as a share of its width (TeX's Computer Modern: 1/2).
const SPACE_STRETCH: f32 = 0.5;
/// Shrink of a word space, as a share of its width (Computer Modern: 1/3).
const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// Ragged lines may fall this many ems short at badness 100 (a finite `\rightskip`: TeX's
/// `\raggedright` uses infinite stretch, which makes breaking first-fit and the rag uneven).
const RAGGED_STRETCH_EM: f32 = 3.0;
/// First pass, without hyphenation (TeX's `\pretolerance`, 100: spaces up to 1.5× natural).
const PRETOLERANCE: f32 = 100.0;
/// Second pass, with hyphenation (TeX's `\tolerance`, 200).
const TOLERANCE: f32 = 200.0;
/// Cost of a hyphenation point (TeX's `\hyphenpenalty`, 50).
const HYPHEN_PENALTY: f32 = 50.0;
/// Cost of breaking after an explicit hyphen, as in `peut-être` (TeX's `\exhyphenpenalty`, 50).
const EXPLICIT_HYPHEN_PENALTY: f32 = 50.0;
/// Cost of breaking inside a URL: it is not a word and cannot take a hyphen, so it is cut bare,
/// but a cut URL reads worse than a loose line, hence more than a hyphen.
const URL_BREAK_PENALTY: f32 = 100.0;
/// Cost of a last-resort break between any two clusters of an unbreakable stretch wider than
/// the measure: high, since it cuts a word with no hyphen, yet below "never".
const EMERGENCY_BREAK_PENALTY: f32 = 5_000.0;

/// Characters a line may not start with (French spacing puts a no-break space before them).
fn forbidden_at_line_start(c: char) -> bool {
    matches!(
        c,
        ';' | ':' | '!' | '?' | '»' | '›' | ')' | ']' | '}' | ',' | '.' | '…'
    )
}

/// Characters a line may not end with.
fn forbidden_at_line_end(c: char) -> bool {
    matches!(c, '«' | '‹' | '(' | '[' | '{')
}

/// What kind of break a position inside a word offers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum InWordBreak {
    Hyphen,
    Explicit,
    Url,
    Plain,
}

/// A shaped piece of one span: a word's share of it, or one space.
struct Segment {
    span: usize,
    shaped: Arc<Shaped>,
}

#[derive(Debug, Clone, PartialEq)]
enum AtomKind {
    /// A cluster of a word.
    Cluster,
    /// A breakable word space.
    Space { breakable: bool },
    /// U+00A0: a space that never breaks but stretches.
    NoBreakSpace,
    /// A forced line break.
    Newline,
}

/// The smallest unit: one cluster, one space, or one forced break.
#[derive(Debug, Clone)]
struct Atom {
    kind: AtomKind,
    seg: usize,
    glyphs: Range<usize>,
    text: Range<usize>,
    width: f32,
    /// A break allowed between this atom and the next (both clusters).
    break_after: Option<InWordBreak>,
}

/// What an item stands for, to set it once the breaks are known.
#[derive(Debug, Clone)]
enum Origin {
    Indent,
    Atoms(Range<usize>),
    Space(usize),
    Hyphen(usize),
    Nothing,
}

/// Sets one paragraph into lines of at most `options.measure` points.
pub fn layout_paragraph(
    shaper: &mut Shaper,
    spans: &[Span],
    options: &ParagraphOptions,
) -> Paragraph {
    let builder = Builder::new(shaper, spans, options);
    if builder.atoms.is_empty() {
        return Paragraph::default();
    }
    let base_size = spans.first().map_or(10.0, |s| s.style.size);
    let line_stretch = match options.align {
        Align::Justify => 0.0,
        Align::Left | Align::Center => RAGGED_STRETCH_EM * base_size,
    };
    let mut params = Params {
        measure: options.measure.max(0.0),
        tolerance: PRETOLERANCE,
        line_stretch,
        hyphenate: false,
    };
    let none = vec![false; builder.atoms.len()];
    let (items, origins) = builder.items(options, &none);
    let mut result =
        linebreak::break_lines(&items, &params).map(|b| (b, items.clone(), origins.clone()));
    if result.is_none() {
        params.tolerance = TOLERANCE;
        params.hyphenate = true;
        result =
            linebreak::break_lines(&items, &params).map(|b| (b, items.clone(), origins.clone()));
    }
    if result.is_none() {
        params.tolerance = f32::INFINITY;
        let split = builder.overwide_atoms(&items, &origins, params.measure);
        let (items, origins) = builder.items(options, &split);
        result = linebreak::break_lines(&items, &params).map(|b| (b, items, origins));
    }
    let Some((breaks, items, origins)) = result else {
        return Paragraph::default();
    };
    builder.set_lines(&breaks, &items, &origins, options)
}

/// The paragraph's text, atoms and shaped segments.
struct Builder<'a> {
    spans: &'a [Span],
    text: String,
    segments: Vec<Segment>,
    atoms: Vec<Atom>,
    /// Per span: the hyphen's glyphs (shaped `-`) and its width in points.
    hyphens: Vec<(Arc<Shaped>, f32)>,
}

impl<'a> Builder<'a> {
    fn new(shaper: &mut Shaper, spans: &'a [Span], _options: &ParagraphOptions) -> Self {
        let mut text = String::new();
        let mut span_of = Vec::new();
        for (i, span) in spans.iter().enumerate() {
            text.push_str(&span.text);
            span_of.resize(text.len(), i);
        }
        let hyphens = spans
            .iter()
            .map(|s| {
                let shaped = shaper.shape("-", s.style.face_key());
                let width = shaped.advance() * s.style.size;
                (shaped, width)
            })
            .collect();
        let mut b = Builder {
            spans,
            text,
            segments: Vec::new(),
            atoms: Vec::new(),
            hyphens,
        };
        b.build_atoms(shaper, &span_of);
        b
    }

    fn style_at(&self, span_of: &[usize], byte: usize) -> &SpanStyle {
        &self.spans[span_of[byte.min(span_of.len() - 1)]].style
    }

    /// Cuts the text into words and spaces, finds break opportunities, shapes and atomises.
    fn build_atoms(&mut self, shaper: &mut Shaper, span_of: &[usize]) {
        let text = self.text.clone();
        if text.is_empty() {
            return;
        }
        let mut allowed = vec![false; text.len() + 1];
        for (pos, opportunity) in linebreaks(&text) {
            if opportunity == BreakOpportunity::Allowed {
                allowed[pos] = true;
            }
        }
        let typo_ok = |pos: usize| -> bool {
            let next = text[pos..].chars().find(|c| !is_space(*c));
            let prev = text[..pos].chars().rev().find(|c| !is_space(*c));
            !next.is_some_and(forbidden_at_line_start) && !prev.is_some_and(forbidden_at_line_end)
        };
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            if is_space(c) || c == '\u{00A0}' || is_newline(c) {
                let kind = if is_newline(c) {
                    AtomKind::Newline
                } else if c == '\u{00A0}' {
                    AtomKind::NoBreakSpace
                } else {
                    // The opportunity UAX #14 gives is after the whole run of spaces.
                    let end = text[i..]
                        .find(|ch: char| !is_space(ch))
                        .map_or(text.len(), |o| i + o);
                    AtomKind::Space {
                        breakable: allowed[end] && typo_ok(end),
                    }
                };
                self.push_space_atom(shaper, span_of, i..i + len, kind);
                i += len;
                continue;
            }
            // A word: up to the next space of any kind.
            let end = text[i..]
                .find(|ch: char| is_space(ch) || ch == '\u{00A0}' || is_newline(ch))
                .map_or(text.len(), |o| i + o);
            self.push_word(shaper, span_of, i..end, &allowed, &typo_ok);
            i = end;
        }
    }

    fn push_space_atom(
        &mut self,
        shaper: &mut Shaper,
        span_of: &[usize],
        range: Range<usize>,
        kind: AtomKind,
    ) {
        let span = span_of[range.start];
        let style = &self.spans[span].style;
        let (shaped, width) = if kind == AtomKind::Newline {
            (Arc::new(Shaped::default()), 0.0)
        } else {
            // A tab or other breaking space is set as an ordinary word space.
            let ch = if kind == AtomKind::NoBreakSpace {
                "\u{00A0}"
            } else {
                " "
            };
            let shaped = shaper.shape(ch, style.face_key());
            let width = shaped.advance() * style.size;
            (shaped, width)
        };
        let glyphs = 0..shaped.glyphs.len();
        self.segments.push(Segment { span, shaped });
        self.atoms.push(Atom {
            kind,
            seg: self.segments.len() - 1,
            glyphs,
            text: range,
            width,
            break_after: None,
        });
    }

    fn push_word(
        &mut self,
        shaper: &mut Shaper,
        span_of: &[usize],
        range: Range<usize>,
        allowed: &[bool],
        typo_ok: &dyn Fn(usize) -> bool,
    ) {
        let token = &self.text[range.clone()];
        let mut breaks: Vec<(usize, InWordBreak)> = Vec::new();
        // Hyphenation points, where the span allows it on both sides.
        let style = self.style_at(span_of, range.start);
        for p in hyphenate::hyphenation_points(token, style.lang) {
            let at = range.start + p;
            if self.style_at(span_of, at - 1).hyphenate && self.style_at(span_of, at).hyphenate {
                breaks.push((at, InWordBreak::Hyphen));
            }
        }
        // URL breaks: after `/` (not inside `//`) and `.`, before `?`, `#`, `&`.
        if looks_like_code_or_url(token) {
            let chars: Vec<(usize, char)> = token.char_indices().collect();
            for (k, &(p, c)) in chars.iter().enumerate() {
                let next = chars.get(k + 1).map(|&(_, n)| n);
                if k == 0 || next.is_none() {
                    continue;
                }
                let after = p + c.len_utf8();
                if (c == '/' && next != Some('/'))
                    || (c == '.' && next.is_some_and(char::is_alphanumeric))
                {
                    breaks.push((range.start + after, InWordBreak::Url));
                }
                if matches!(c, '?' | '#' | '&') {
                    breaks.push((range.start + p, InWordBreak::Url));
                }
            }
        }
        // Unicode's opportunities inside the word (after hyphens, dashes, slashes...).
        for (p, _) in token.char_indices().skip(1) {
            let at = range.start + p;
            if allowed[at] {
                let prev = self.text[..at].chars().next_back();
                let kind = if matches!(prev, Some('-' | '\u{2010}')) {
                    InWordBreak::Explicit
                } else {
                    InWordBreak::Plain
                };
                breaks.push((at, kind));
            }
        }
        breaks.retain(|&(at, _)| typo_ok(at));
        breaks.sort_by_key(|&(at, kind)| (at, kind == InWordBreak::Hyphen));
        breaks.dedup_by_key(|b| b.0);

        // Shape each span's share of the word and cut it into clusters.
        let mut start = range.start;
        while start < range.end {
            let span = span_of[start];
            let mut end = start;
            while end < range.end && span_of[end] == span {
                end += 1;
            }
            let style = &self.spans[span].style;
            let shaped = shaper.shape(&self.text[start..end], style.face_key());
            let size = style.size;
            self.segments.push(Segment {
                span,
                shaped: shaped.clone(),
            });
            let seg = self.segments.len() - 1;
            let glyphs = &shaped.glyphs;
            let mut g = 0;
            while g < glyphs.len() {
                let cluster = glyphs[g].cluster;
                let mut h = g + 1;
                while h < glyphs.len() && glyphs[h].cluster == cluster {
                    h += 1;
                }
                let text_end = glyphs.get(h).map_or(end - start, |n| n.cluster);
                let width = glyphs[g..h].iter().map(|x| x.advance).sum::<f32>() * size;
                let text_range = start + cluster..start + text_end;
                let break_after = breaks
                    .binary_search_by_key(&text_range.end, |b| b.0)
                    .ok()
                    .map(|k| breaks[k].1);
                self.atoms.push(Atom {
                    kind: AtomKind::Cluster,
                    seg,
                    glyphs: g..h,
                    text: text_range,
                    width,
                    break_after,
                });
                g = h;
            }
            start = end;
        }
    }

    /// The Knuth–Plass items; atoms marked in `split` may break after any cluster.
    fn items(&self, options: &ParagraphOptions, split: &[bool]) -> (Vec<Item>, Vec<Origin>) {
        let justify = options.align == Align::Justify;
        let mut items = Vec::with_capacity(self.atoms.len() + 8);
        let mut origins = Vec::with_capacity(self.atoms.len() + 8);
        if options.indent > 0.0 {
            items.push(Item::Box {
                width: options.indent,
            });
            origins.push(Origin::Indent);
        }
        let mut open: Option<(usize, f32)> = None; // first atom of the open box, its width
        let close = |open: &mut Option<(usize, f32)>,
                     upto: usize,
                     items: &mut Vec<Item>,
                     origins: &mut Vec<Origin>| {
            if let Some((first, width)) = open.take() {
                items.push(Item::Box { width });
                origins.push(Origin::Atoms(first..upto));
            }
        };
        let glue = |width: f32| Item::Glue {
            width,
            stretch: if justify { width * SPACE_STRETCH } else { 0.0 },
            shrink: if justify { width * SPACE_SHRINK } else { 0.0 },
        };
        let forbid = Item::Penalty {
            width: 0.0,
            cost: INFINITE_PENALTY,
            flagged: false,
        };
        // Trailing spaces of the paragraph are dropped.
        let mut last = self.atoms.len();
        while last > 0 && !matches!(self.atoms[last - 1].kind, AtomKind::Cluster) {
            last -= 1;
        }
        for (i, atom) in self.atoms[..last].iter().enumerate() {
            match atom.kind {
                AtomKind::Cluster => {
                    match &mut open {
                        Some((_, w)) => *w += atom.width,
                        None => open = Some((i, atom.width)),
                    }
                    let next_is_cluster = self
                        .atoms
                        .get(i + 1)
                        .is_some_and(|n| n.kind == AtomKind::Cluster);
                    if !next_is_cluster {
                        continue;
                    }
                    let kind = atom.break_after.or_else(|| {
                        (split[i] && self.emergency_ok(i)).then_some(InWordBreak::Plain)
                    });
                    let Some(kind) = kind else { continue };
                    close(&mut open, i + 1, &mut items, &mut origins);
                    let span = self.segments[atom.seg].span;
                    let (width, cost, flagged, origin) = match kind {
                        InWordBreak::Hyphen => (
                            self.hyphens[span].1,
                            HYPHEN_PENALTY,
                            true,
                            Origin::Hyphen(span),
                        ),
                        InWordBreak::Explicit => {
                            (0.0, EXPLICIT_HYPHEN_PENALTY, true, Origin::Nothing)
                        }
                        InWordBreak::Url => (0.0, URL_BREAK_PENALTY, false, Origin::Nothing),
                        InWordBreak::Plain if atom.break_after.is_some() => {
                            (0.0, 0.0, false, Origin::Nothing)
                        }
                        InWordBreak::Plain => {
                            (0.0, EMERGENCY_BREAK_PENALTY, false, Origin::Nothing)
                        }
                    };
                    items.push(Item::Penalty {
                        width,
                        cost,
                        flagged,
                    });
                    origins.push(origin);
                }
                AtomKind::Space { breakable } => {
                    close(&mut open, i, &mut items, &mut origins);
                    if !breakable {
                        items.push(forbid);
                        origins.push(Origin::Nothing);
                    }
                    items.push(glue(atom.width));
                    origins.push(Origin::Space(i));
                }
                AtomKind::NoBreakSpace => {
                    close(&mut open, i, &mut items, &mut origins);
                    items.push(if split[i] {
                        Item::Penalty {
                            width: 0.0,
                            cost: EMERGENCY_BREAK_PENALTY,
                            flagged: false,
                        }
                    } else {
                        forbid
                    });
                    origins.push(Origin::Nothing);
                    items.push(glue(atom.width));
                    origins.push(Origin::Space(i));
                }
                AtomKind::Newline => {
                    close(&mut open, i, &mut items, &mut origins);
                    // Spaces before a forced break are dropped, as at the paragraph's end.
                    while matches!(items.last(), Some(Item::Glue { .. })) {
                        items.pop();
                        origins.pop();
                    }
                    items.extend([
                        forbid,
                        Item::Fill,
                        Item::Penalty {
                            width: 0.0,
                            cost: -INFINITE_PENALTY,
                            flagged: false,
                        },
                    ]);
                    origins.extend([Origin::Nothing, Origin::Nothing, Origin::Nothing]);
                }
            }
        }
        close(&mut open, last, &mut items, &mut origins);
        items.extend([
            forbid,
            Item::Fill,
            Item::Penalty {
                width: 0.0,
                cost: -INFINITE_PENALTY,
                flagged: false,
            },
        ]);
        origins.extend([Origin::Nothing, Origin::Nothing, Origin::Nothing]);
        (items, origins)
    }

    /// An emergency break after cluster `i` still respects the line-start and line-end rules.
    fn emergency_ok(&self, i: usize) -> bool {
        let here = &self.text[self.atoms[i].text.clone()];
        let next = self
            .atoms
            .get(i + 1)
            .map_or("", |n| &self.text[n.text.clone()]);
        !here.chars().next_back().is_some_and(forbidden_at_line_end)
            && !next.chars().next().is_some_and(forbidden_at_line_start)
            && !next.starts_with(['\u{202F}', '\u{00A0}'])
    }

    /// Marks the atoms of every stretch without a legal break that is wider than the measure.
    fn overwide_atoms(&self, items: &[Item], origins: &[Origin], measure: f32) -> Vec<bool> {
        let mut split = vec![false; self.atoms.len()];
        let mut from = 0;
        let mut width = 0.0f32;
        let mark = |from: usize, to: usize, split: &mut Vec<bool>| {
            for origin in &origins[from..to] {
                match origin {
                    Origin::Atoms(r) => r.clone().for_each(|a| split[a] = true),
                    Origin::Space(a) => split[*a] = true,
                    _ => {}
                }
            }
        };
        for (i, item) in items.iter().enumerate() {
            let legal = match *item {
                Item::Penalty { cost, .. } => cost < INFINITE_PENALTY,
                Item::Glue { .. } => i > 0 && matches!(items[i - 1], Item::Box { .. }),
                _ => false,
            };
            if legal {
                if width > measure {
                    mark(from, i, &mut split);
                }
                from = i;
                width = 0.0;
            }
            match *item {
                Item::Box { width: w } => width += w,
                Item::Glue {
                    width: w, shrink, ..
                } => width += w - shrink,
                _ => {}
            }
        }
        split
    }

    /// Sets the lines once the breaks are chosen.
    fn set_lines(
        &self,
        breaks: &[linebreak::Break],
        items: &[Item],
        origins: &[Origin],
        options: &ParagraphOptions,
    ) -> Paragraph {
        let mut lines = Vec::with_capacity(breaks.len());
        let mut start = first_kept(items, 0, true);
        for brk in breaks {
            let ratio = brk.ratio.clamp(-1.0, f32::MAX);
            let justify = options.align == Align::Justify;
            let mut set = LineSetter::new(self);
            for k in start..brk.index {
                match (&items[k], &origins[k]) {
                    (Item::Box { width }, Origin::Indent) => set.skip(*width, *width),
                    (Item::Box { .. }, Origin::Atoms(r)) => {
                        for a in r.clone() {
                            set.atom(a, None);
                        }
                    }
                    (
                        Item::Glue {
                            width,
                            stretch,
                            shrink,
                        },
                        Origin::Space(a),
                    ) => {
                        let adjust = if !justify || !ratio.is_finite() {
                            0.0
                        } else if ratio >= 0.0 {
                            ratio * stretch
                        } else {
                            ratio * shrink
                        };
                        debug_assert!(*width >= 0.0);
                        set.atom(*a, Some(adjust));
                    }
                    _ => {}
                }
            }
            let hyphenated = items[brk.index].is_discretionary();
            if hyphenated {
                if let Origin::Hyphen(span) = origins[brk.index] {
                    set.hyphen(span);
                }
            }
            lines.push(set.finish(options, ratio, hyphenated));
            start = first_kept(items, brk.index, false);
        }
        Paragraph { lines }
    }
}

/// The first item of a line after a break at `index` (glue and penalties are discarded).
fn first_kept(items: &[Item], index: usize, at_start: bool) -> usize {
    let mut i = if at_start { index } else { index + 1 };
    while let Some(item) = items.get(i) {
        match *item {
            Item::Box { .. } => break,
            Item::Penalty { cost, .. } if cost <= -INFINITE_PENALTY => break,
            _ => i += 1,
        }
    }
    i
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r')
}

fn is_newline(c: char) -> bool {
    matches!(c, '\n' | '\u{2028}' | '\u{2029}')
}

/// Collects one line's glyphs into runs.
struct LineSetter<'b, 'a> {
    b: &'b Builder<'a>,
    x: f32,
    natural: f32,
    runs: Vec<GlyphRun>,
    /// Global byte where the current run's text starts.
    run_text_start: usize,
    spans_seen: Vec<usize>,
}

impl<'b, 'a> LineSetter<'b, 'a> {
    fn new(b: &'b Builder<'a>) -> Self {
        LineSetter {
            b,
            x: 0.0,
            natural: 0.0,
            runs: Vec::new(),
            run_text_start: 0,
            spans_seen: Vec::new(),
        }
    }

    fn skip(&mut self, width: f32, natural: f32) {
        self.x += width;
        self.natural += natural;
    }

    /// A new run for a glyph of `font` in span `span`, unless the current run is the same.
    fn run_for(&mut self, font: FontId, span: usize, text_start: usize) -> &mut GlyphRun {
        let continues = self
            .runs
            .last()
            .is_some_and(|r| r.font == font && r.span == span);
        if !continues {
            let style = &self.b.spans[span].style;
            self.runs.push(GlyphRun {
                font,
                size: style.size,
                color: style.color,
                x: self.x,
                baseline_shift: style.baseline_shift,
                text: String::new(),
                glyphs: Vec::new(),
                link: style.link,
                span,
                width: 0.0,
            });
            self.run_text_start = text_start;
        }
        let last = self.runs.len() - 1;
        &mut self.runs[last]
    }

    /// Appends an atom's glyphs; `adjust` widens (or narrows) a space's advance.
    fn atom(&mut self, a: usize, adjust: Option<f32>) {
        let b = self.b;
        let atom = &b.atoms[a];
        if atom.kind == AtomKind::Newline {
            return;
        }
        let seg = &b.segments[atom.seg];
        let style = &b.spans[seg.span].style;
        if !self.spans_seen.contains(&seg.span) {
            self.spans_seen.push(seg.span);
        }
        let glyphs = &seg.shaped.glyphs[atom.glyphs.clone()];
        let count = glyphs.len();
        for (n, g) in glyphs.iter().enumerate() {
            let mut advance = g.advance * style.size;
            self.natural += advance;
            if n + 1 == count {
                advance += adjust.unwrap_or(0.0);
            }
            let run = self.run_for(g.font, seg.span, atom.text.start);
            run.width += advance;
            run.glyphs.push(PositionedGlyph {
                id: g.id,
                x_advance: advance,
                x_offset: g.x_offset * style.size,
                y_offset: g.y_offset * style.size,
                range: 0..0,
            });
            let start = self.run_text_start;
            let run = self.runs.last_mut().expect("a run was just made");
            let have = start + run.text.len();
            if have < atom.text.end {
                run.text.push_str(&b.text[have..atom.text.end]);
            }
            if let Some(last) = run.glyphs.last_mut() {
                last.range = atom.text.start - start..atom.text.end - start;
            }
            self.x += advance;
        }
    }

    /// Appends the hyphen of span `span`, tied to a U+00AD added to the text.
    fn hyphen(&mut self, span: usize) {
        let style = &self.b.spans[span].style;
        let size = style.size;
        let (shaped, _) = &self.b.hyphens[span];
        for g in &shaped.glyphs {
            let advance = g.advance * size;
            let run = self.run_for(g.font, span, usize::MAX);
            let at = run.text.len();
            run.text.push('\u{00AD}');
            run.glyphs.push(PositionedGlyph {
                id: g.id,
                x_advance: advance,
                x_offset: g.x_offset * size,
                y_offset: g.y_offset * size,
                range: at..at + '\u{00AD}'.len_utf8(),
            });
            run.width += advance;
            self.x += advance;
            self.natural += advance;
        }
    }

    fn finish(mut self, options: &ParagraphOptions, ratio: f32, hyphenated: bool) -> Line {
        let offset = match options.align {
            Align::Center => ((options.measure - self.natural) / 2.0).max(0.0),
            _ => 0.0,
        };
        if offset > 0.0 {
            for run in &mut self.runs {
                run.x += offset;
            }
        }
        let (mut ascent, mut descent) = (0.0f32, 0.0f32);
        if self.spans_seen.is_empty() {
            self.spans_seen.push(0);
        }
        for &span in &self.spans_seen {
            let Some(s) = self.b.spans.get(span) else {
                continue;
            };
            let style = &s.style;
            let m = fonts::metrics(fonts::primary(style.family, style.bold, style.italic));
            ascent = ascent.max(m.ascent * style.size + style.baseline_shift);
            descent = descent.max(m.descent * style.size - style.baseline_shift);
        }
        let height = options.leading.max(ascent + descent);
        Line {
            width: self.x + offset,
            natural_width: self.natural,
            ascent,
            descent,
            height,
            baseline: ascent + (height - ascent - descent) / 2.0,
            hyphenated,
            ratio: if options.align == Align::Justify {
                ratio
            } else {
                0.0
            },
            runs: self.runs,
        }
    }
}
