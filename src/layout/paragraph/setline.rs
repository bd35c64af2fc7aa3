//! Setting a line once its breaks are known: glyphs grouped into runs, spaces justified, the
//! hyphen tied to a U+00AD in the text.
//!
//! Justified lines stretch or shrink their word spaces by the line's adjustment ratio (never the
//! letter spacing); ragged and centred lines keep natural spaces. Glyphs are grouped into runs of
//! one font, size, colour and span, each carrying its own text so that text extraction (krilla's
//! `draw_glyphs` takes the text and each glyph's byte range) gives the words back. A hyphenated
//! line's last run gets U+00AD appended to its text, tied to the `-` glyph, so copying the line
//! gives the whole word once the lines are joined.

use super::atoms::Origin;
use super::atoms::{AtomKind, Prepared};
use super::expansion;
use super::linebreak::{self, Item, INFINITE_PENALTY};
use super::types::{Align, FontId, GlyphRun, Line, Paragraph, ParagraphOptions, PositionedGlyph};
use crate::fonts;

impl Prepared<'_> {
    /// Sets the lines once the breaks are chosen.
    pub(super) fn set_lines(
        &self,
        breaks: &[linebreak::Break],
        items: &[Item],
        origins: &[Origin],
        options: &ParagraphOptions,
        fit: &Fit,
    ) -> Paragraph {
        let mut lines = Vec::with_capacity(breaks.len());
        let mut start = first_kept(items, 0, true);
        let justify = options.align == Align::Justify;
        for brk in breaks {
            let ratio = brk.ratio.clamp(-1.0, f32::MAX);
            let hyphenated = items[brk.index].is_discretionary();
            let (scale, glue_ratio) = if justify {
                line_fit(items, start, brk, fit)
            } else {
                (1.0, ratio)
            };
            let hang_left = fit.hang.left.get(start).copied().unwrap_or(0.0);
            let mut set = LineSetter::new(self, scale, -hang_left);
            for k in start..brk.index {
                match (&items[k], &origins[k]) {
                    // The indent takes the line's expansion, as the breaker counted it.
                    (Item::Box { width }, Origin::Indent) => set.skip(*width * scale, *width),
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
                        let adjust = if !justify || !glue_ratio.is_finite() {
                            0.0
                        } else if glue_ratio >= 0.0 {
                            glue_ratio * stretch
                        } else {
                            glue_ratio * shrink
                        };
                        debug_assert!(*width >= 0.0);
                        set.atom(*a, Some(adjust));
                    }
                    _ => {}
                }
            }
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

/// What a justified line may use besides its spaces: glyphs hanging into the margins and font
/// expansion (the same as the line breaker was given).
#[derive(Debug, Clone, Default)]
pub(super) struct Fit {
    pub(super) hang: linebreak::Hang,
    /// The measure.
    pub(super) measure: f32,
    /// The largest expansion, 0 for none.
    pub(super) expansion: f32,
}

/// The glyph scale of a justified line from item `start` to `brk`, and the ratio its spaces
/// are then set at so that the line fills the measure and its hanging room exactly (see
/// [`super::expansion`]). A paragraph's last line (it ends in the filling glue) keeps natural
/// spaces and glyphs, unless it had to shrink to fit.
fn line_fit(items: &[Item], start: usize, brk: &linebreak::Break, fit: &Fit) -> (f32, f32) {
    let line = &items[start..brk.index];
    let ratio = brk.ratio;
    if ratio >= 0.0 && line.iter().any(|i| matches!(i, Item::Fill)) {
        return (1.0, 0.0);
    }
    let (mut boxes, mut glue, mut stretch, mut shrink) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    for item in line {
        match *item {
            Item::Box { width } => boxes += width,
            Item::Glue {
                width,
                stretch: y,
                shrink: z,
            } => {
                glue += width;
                stretch += y;
                shrink += z;
            }
            _ => {}
        }
    }
    if let Item::Penalty { width, .. } = items[brk.index] {
        if items[brk.index].is_discretionary() {
            boxes += width;
        }
    }
    let target = fit.measure + fit.hang.room(start, brk.index);
    let mut scale = expansion::scale_for(ratio, fit.expansion);
    let glue_ratio = |scale: f32| {
        let left = target - boxes * scale - glue;
        if left >= 0.0 {
            if stretch > 0.0 {
                left / stretch
            } else {
                0.0
            }
        } else if shrink > 0.0 {
            left / shrink
        } else {
            f32::NEG_INFINITY
        }
    };
    // Rounding to the step may ask the spaces to shrink past their limit: a step narrower then.
    while glue_ratio(scale) < -1.0 && scale > 1.0 - fit.expansion + 1e-6 {
        scale -= expansion::EXPANSION_STEP;
    }
    (scale, glue_ratio(scale).max(-1.0))
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

/// Collects one line's glyphs into runs.
struct LineSetter<'b, 'a> {
    b: &'b Prepared<'a>,
    /// The line's glyph scale (font expansion).
    scale: f32,
    x: f32,
    natural: f32,
    runs: Vec<GlyphRun>,
    /// The bidi level of each run (a run never mixes two).
    run_levels: Vec<u8>,
    /// Global byte where the current run's text starts.
    run_text_start: usize,
    spans_seen: Vec<usize>,
}

impl<'b, 'a> LineSetter<'b, 'a> {
    fn new(b: &'b Prepared<'a>, scale: f32, x: f32) -> Self {
        LineSetter {
            b,
            scale,
            x,
            natural: 0.0,
            runs: Vec::new(),
            run_levels: Vec::new(),
            run_text_start: 0,
            spans_seen: Vec::new(),
        }
    }

    fn skip(&mut self, width: f32, natural: f32) {
        self.x += width;
        self.natural += natural;
    }

    /// A new run for a glyph of `font` in span `span` at bidi level `level`, unless the current
    /// run is the same.
    fn run_for(
        &mut self,
        font: FontId,
        span: usize,
        level: u8,
        text_start: usize,
    ) -> &mut GlyphRun {
        let continues = self
            .runs
            .last()
            .is_some_and(|r| r.font == font && r.span == span)
            && self.run_levels.last() == Some(&level);
        if !continues {
            self.run_levels.push(level);
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
                hscale: self.scale,
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
        let level = b.level_at(atom.text.start);
        let count = glyphs.len();
        // Spaces keep their width (their adjustment does the justifying); glyphs take the
        // line's expansion.
        let scale = if adjust.is_some() { 1.0 } else { self.scale };
        for (n, g) in glyphs.iter().enumerate() {
            let mut advance = g.advance * style.size * scale;
            self.natural += g.advance * style.size;
            if n + 1 == count {
                advance += adjust.unwrap_or(0.0);
            }
            let run = self.run_for(g.font, seg.span, level, atom.text.start);
            run.width += advance;
            run.glyphs.push(PositionedGlyph {
                id: g.id,
                x_advance: advance,
                x_offset: g.x_offset * style.size * scale,
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
        let level = self.run_levels.last().copied().unwrap_or(0);
        let scale = self.scale;
        for g in &shaped.glyphs {
            let advance = g.advance * size * scale;
            let run = self.run_for(g.font, span, level, usize::MAX);
            let at = run.text.len();
            run.text.push('\u{00AD}');
            run.glyphs.push(PositionedGlyph {
                id: g.id,
                x_advance: advance,
                x_offset: g.x_offset * size * scale,
                y_offset: g.y_offset * size,
                range: at..at + '\u{00AD}'.len_utf8(),
            });
            run.width += advance;
            self.x += advance;
            self.natural += g.advance * size;
        }
    }

    fn finish(mut self, options: &ParagraphOptions, ratio: f32, hyphenated: bool) -> Line {
        // A right-to-left paragraph's lines are set from 0 and pushed flush right below, its
        // indent (the first run's start) left on the right.
        let rtl = self.b.rtl();
        if let Some(x0) = self.runs.first().map(|r| if rtl { 0.0 } else { r.x }) {
            super::bidi::reorder_line(&mut self.runs, &self.run_levels, x0);
        }
        let offset = match options.align {
            Align::Center => ((options.measure - self.natural) / 2.0).max(0.0),
            Align::Right => (options.measure - self.natural).max(0.0),
            _ if rtl => (options.measure - self.x).max(0.0),
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
