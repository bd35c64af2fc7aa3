//! A paragraph's text cut into atoms (clusters, spaces, forced breaks), then into Knuth–Plass
//! boxes, glue and penalties.
//!
//! Break opportunities come from word spaces, Unicode's line-breaking rules (UAX #14, via
//! `unicode-linebreak`), hyphenation points ([`super::hyphenate`]) and, inside URLs, after `/`
//! and before `.`, `?`, `&`, `#` and `-` ([`url_breaks`]). None may leave `; : ! ? »` at a line start or `«` at a
//! line end, even where the text has a plain space (the typography stage should have put a
//! no-break space there: this is the safety net). Words are shaped per style and cut into
//! clusters, the smallest pieces that keep their glyphs, so any break falls between glyphs.

use std::ops::Range;
use std::sync::Arc;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::hyphenate::{self, looks_like_code_or_url};
use super::linebreak::{Hang, Item, INFINITE_PENALTY};
use super::protrusion;
use super::shape::{Shaped, ShapedGlyph, Shaper};
use super::types::{Align, ParagraphOptions, Span, SpanStyle};

/// Stretch of a word space, as a share of its width (TeX's Computer Modern: 1/2).
pub(super) const SPACE_STRETCH: f32 = 0.5;
/// Shrink of a word space, as a share of its width (Computer Modern: 1/3).
pub(super) const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// Ragged lines may fall this many ems short at badness 100 (a finite `\rightskip`: TeX's
/// `\raggedright` uses infinite stretch, which makes breaking first-fit and the rag uneven).
pub(super) const RAGGED_STRETCH_EM: f32 = 3.0;
/// First pass, without hyphenation: 140 (TeX's `\pretolerance` is 100, spaces up to 1.5×
/// natural). With font expansion ([`super::expansion`]) and protrusion ([`super::protrusion`])
/// a line has more room, and a first pass a little more tolerant sets most paragraphs with no
/// hyphen at all. Today (default guide / real pages, A4): 2.9 % / 3.7 % of the lines
/// hyphenated, 0 % / 2.5 % loose. What else was tried: `docs/tuning.md`.
pub(super) const PRETOLERANCE: f32 = 140.0;
/// Second pass, with hyphenation: 400, twice TeX's `\tolerance` (200), i.e. spaces up to 1.8×
/// natural instead of 1.63×. With a costly hyphen (below) the optimum seldom goes that far, but
/// at 200 a paragraph often had no solution without a hyphen on most of its lines
/// (`docs/tuning.md`).
pub(super) const TOLERANCE: f32 = 400.0;
/// Cost of a hyphenation point: 200, four times TeX's `\hyphenpenalty` (50). French book
/// usage hyphenates sparingly, but a loose line is the more visible fault: a dearer hyphen
/// (300) took the loose lines past 3 % (`docs/tuning.md`).
pub(super) const HYPHEN_PENALTY: f32 = 200.0;
/// Ragged text (table cells, captions, centred lines) has neither protrusion nor expansion, so
/// it keeps the first pass and the hyphen cost measured before them (TeX's `\pretolerance`, and
/// 150).
pub(super) const RAGGED_PRETOLERANCE: f32 = 100.0;
/// See [`RAGGED_PRETOLERANCE`].
pub(super) const RAGGED_HYPHEN_PENALTY: f32 = 150.0;
/// Cost of breaking after an explicit hyphen, as in `peut-être` (TeX's `\exhyphenpenalty`, 50).
pub(super) const EXPLICIT_HYPHEN_PENALTY: f32 = 50.0;
/// Cost of breaking at the last word space of a justified paragraph, which leaves one word
/// alone on the last line (a runt; Typst has a cost too, TeX has none): 1,000, a million
/// demerits, more than any line within the tolerance, so the paragraph is reset whenever it can
/// be without a line past the tolerance. Today: runts on 7.0 % / 12.7 % of the paragraphs
/// (Typst 7.1 % / 13.2 %).
pub(super) const RUNT_PENALTY: f32 = 1_000.0;
/// Added to a hyphen inside the paragraph's last word, which leaves a piece of it alone: 150.
/// Higher cost loose lines for no fewer runts (`docs/tuning.md`).
pub(super) const RUNT_HYPHEN_PENALTY: f32 = 150.0;
/// The least room, in ems of the paragraph's first size, that a justified paragraph's last
/// line leaves empty at its end (TeX's `\parfillskip` has none): 0.1 em. A last line that
/// reaches the margin reads as if the paragraph went on, the more so at a page foot, where it
/// looks like the first half of a paragraph cut by the page (`typo-metrics` read one so, as a
/// widow, on the default guide). A whole em, as some book designers ask, leaves more one-word
/// last lines (`docs/tuning.md`).
pub(super) const LAST_LINE_GAP_EM: f32 = 0.1;
/// Cost of breaking inside a URL: it is not a word and cannot take a hyphen, so it is cut bare,
/// but a cut URL reads worse than a loose line, hence more than a hyphen.
pub(super) const URL_BREAK_PENALTY: f32 = 100.0;
/// Cost of a last-resort break between any two clusters of an unbreakable stretch wider than
/// the measure: high, since it cuts a word with no hyphen, yet below "never".
pub(super) const EMERGENCY_BREAK_PENALTY: f32 = 5_000.0;

/// SOFT HYPHEN, as an author types it (`&shy;`).
const SOFT_HYPHEN: char = '\u{00AD}';

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
pub(super) enum InWordBreak {
    Hyphen,
    /// A hyphenation point of a capitalised word (a name, a sentence's first word, a table
    /// header): French usage leaves those whole, so the point is taken only where the word is
    /// wider than the measure, rather than cutting it anywhere.
    Capital,
    Explicit,
    Url,
    Plain,
}

/// A shaped piece of one span: a word's share of it, or one space.
pub(super) struct Segment {
    pub(super) span: usize,
    pub(super) shaped: Arc<Shaped>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum AtomKind {
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
pub(super) struct Atom {
    pub(super) kind: AtomKind,
    pub(super) seg: usize,
    pub(super) glyphs: Range<usize>,
    pub(super) text: Range<usize>,
    pub(super) width: f32,
    /// A break allowed between this atom and the next (both clusters).
    pub(super) break_after: Option<InWordBreak>,
}

/// What an item stands for, to set it once the breaks are known.
#[derive(Debug, Clone)]
pub(super) enum Origin {
    Indent,
    Atoms(Range<usize>),
    Space(usize),
    Hyphen(usize),
    Nothing,
}

/// A paragraph prepared for line breaking: its text, atoms and shaped segments.
pub(super) struct Prepared<'a> {
    pub(super) spans: &'a [Span],
    /// Each span's bytes in [`Prepared::text`].
    span_ranges: Vec<Range<usize>>,
    /// Where the author typed a soft hyphen (U+00AD, taken out of the text), in increasing
    /// order.
    soft_hyphens: Vec<usize>,
    pub(super) text: String,
    pub(super) segments: Vec<Segment>,
    pub(super) atoms: Vec<Atom>,
    /// Per span: the hyphen's glyphs (shaped `-`) and its width in points.
    pub(super) hyphens: Vec<(Arc<Shaped>, f32)>,
    /// The bidi embedding level of every byte of the text, or `None` when it is all left to
    /// right ([`super::bidi`]).
    pub(super) levels: Option<super::bidi::Levels>,
}

impl<'a> Prepared<'a> {
    pub(super) fn new(shaper: &mut Shaper, spans: &'a [Span]) -> Self {
        // Soft hyphens typed by the author are taken out of the text (a line that does not
        // break there must read, and be searched, as the whole word) and kept as hyphenation
        // points.
        let mut text = String::new();
        let mut span_of = Vec::new();
        let mut soft_hyphens = Vec::new();
        let mut span_ranges = Vec::with_capacity(spans.len());
        for (i, span) in spans.iter().enumerate() {
            let start = text.len();
            // Every piece but the last is followed by a soft hyphen.
            for part in span.text.split(SOFT_HYPHEN) {
                text.push_str(part);
                soft_hyphens.push(text.len());
            }
            soft_hyphens.pop();
            span_of.resize(text.len(), i);
            span_ranges.push(start..text.len());
        }
        let hyphens = spans
            .iter()
            .map(|s| {
                let shaped = shaper.shape("-", s.style.face_key());
                let width = shaped.advance() * s.style.size;
                (shaped, width)
            })
            .collect();
        let levels = super::bidi::levels(&text);
        let mut b = Prepared {
            spans,
            span_ranges,
            soft_hyphens,
            text,
            segments: Vec::new(),
            atoms: Vec::new(),
            hyphens,
            levels,
        };
        b.build_atoms(shaper, &span_of);
        b
    }

    /// The bidi embedding level of the byte at `byte` (0 in an all left-to-right paragraph).
    pub(super) fn level_at(&self, byte: usize) -> u8 {
        self.levels
            .as_ref()
            .and_then(|l| l.bytes.get(byte).copied())
            .unwrap_or(0)
    }

    /// Whether the paragraph reads right to left (its lines then sit flush right).
    pub(super) fn rtl(&self) -> bool {
        self.levels.as_ref().is_some_and(|l| l.rtl)
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
        // An inline object breaks only at the spaces around it: UAX #14 would also break on
        // both sides of its U+FFFC, leaving the full stop after an image alone at a line start.
        for (span, range) in self.spans.iter().zip(&self.span_ranges) {
            if span.style.object.is_some() {
                if !text[..range.start].ends_with(is_space) {
                    allowed[range.start] = false;
                }
                allowed[range.end] = false;
            }
        }
        // The text no longer has the soft hyphens UAX #14 would break after: their breaks are
        // the hyphenation points below, with a hyphen drawn.
        for &at in &self.soft_hyphens {
            allowed[at] = false;
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
        // Hyphenation points: the author's soft hyphens when the word has some (as TeX's `\-`,
        // they replace the patterns' points), else the patterns', where the span allows it on
        // both sides; a capitalised word's only as a last resort.
        let style = self.style_at(span_of, range.start);
        let soft: Vec<usize> = self
            .soft_hyphens
            .iter()
            .copied()
            .filter(|&at| at > range.start && at < range.end)
            .collect();
        if soft.is_empty() {
            let (points, kind) = match hyphenate::hyphenation_points(token, style.lang) {
                p if p.is_empty() => (
                    hyphenate::capitalised_points(token, style.lang),
                    InWordBreak::Capital,
                ),
                p => (p, InWordBreak::Hyphen),
            };
            for p in points {
                let at = range.start + p;
                if self.style_at(span_of, at - 1).hyphenate && self.style_at(span_of, at).hyphenate
                {
                    breaks.push((at, kind));
                }
            }
        } else {
            breaks.extend(soft.into_iter().map(|at| (at, InWordBreak::Hyphen)));
        }
        // URLs, paths and identifiers break only at their own places (see [`url_breaks`]);
        // Unicode's opportunities would cut `la-vie` after its hyphen, leaving a hyphen at the
        // line end that reads as a hyphenation and drops from a copied address.
        if looks_like_code_or_url(token) {
            breaks.extend(
                url_breaks(token)
                    .into_iter()
                    .map(|p| (range.start + p, InWordBreak::Url)),
            );
        } else {
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
        }
        // A URL's own `.` or `?` may start a line: the rule is for French punctuation.
        breaks.retain(|&(at, kind)| kind == InWordBreak::Url || typo_ok(at));
        breaks.sort_by_key(|&(at, kind)| (at, kind == InWordBreak::Hyphen));
        breaks.dedup_by_key(|b| b.0);

        // Shape each span's share of the word, at one bidi level, and cut it into clusters.
        let mut start = range.start;
        while start < range.end {
            let span = span_of[start];
            let level = self.level_at(start);
            let mut end = start;
            while end < range.end && span_of[end] == span && self.level_at(end) == level {
                end += 1;
            }
            let style = &self.spans[span].style;
            if let Some(width) = style.object {
                self.push_object(shaper, span, start..end, width);
                start = end;
                continue;
            }
            let shaped =
                shaper.shape_directed(&self.text[start..end], style.face_key(), level % 2 == 1);
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

    /// An inline object as one cluster `width` wide: a space glyph of the span's face stretched
    /// to that advance, which the line setter places like any glyph and the block stage draws
    /// the object over instead of text.
    fn push_object(&mut self, shaper: &mut Shaper, span: usize, text: Range<usize>, width: f32) {
        let style = &self.spans[span].style;
        let size = style.size.max(0.01);
        let space = shaper.shape(" ", style.face_key());
        let glyph = ShapedGlyph {
            font: space.glyphs.first().map_or_else(
                || crate::fonts::primary(style.family, style.bold, style.italic),
                |g| g.font,
            ),
            id: space.glyphs.first().map_or(0, |g| g.id),
            advance: width / size,
            x_offset: 0.0,
            y_offset: 0.0,
            cluster: 0,
        };
        self.segments.push(Segment {
            span,
            shaped: Arc::new(Shaped {
                glyphs: vec![glyph],
            }),
        });
        self.atoms.push(Atom {
            kind: AtomKind::Cluster,
            seg: self.segments.len() - 1,
            glyphs: 0..1,
            text,
            width,
            break_after: None,
        });
    }

    /// The Knuth–Plass items; atoms marked in `split` may break after any cluster.
    pub(super) fn items(
        &self,
        options: &ParagraphOptions,
        split: &[bool],
    ) -> (Vec<Item>, Vec<Origin>) {
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
        // The least room a justified paragraph's last line leaves at its end.
        let last_gap = if justify {
            LAST_LINE_GAP_EM * self.spans.first().map_or(10.0, |s| s.style.size)
        } else {
            0.0
        };
        // Trailing spaces of the paragraph are dropped.
        let mut last = self.atoms.len();
        while last > 0 && !matches!(self.atoms[last - 1].kind, AtomKind::Cluster) {
            last -= 1;
        }
        let runt_space = self.runt_space(last, justify);
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
                    let Some((penalty, origin)) =
                        self.in_word_penalty(i, split, runt_space, justify)
                    else {
                        continue;
                    };
                    close(&mut open, i + 1, &mut items, &mut origins);
                    items.push(penalty);
                    origins.push(origin);
                }
                AtomKind::Space { breakable } => {
                    close(&mut open, i, &mut items, &mut origins);
                    if !breakable {
                        // A space the line-start and line-end rules hold (`« «`, `! !`): a
                        // last resort inside a stretch of them wider than the measure.
                        items.push(held(split[i]));
                        origins.push(Origin::Nothing);
                    } else if runt_space == Some(i) {
                        items.push(Item::Penalty {
                            width: 0.0,
                            cost: RUNT_PENALTY,
                            flagged: false,
                        });
                        origins.push(Origin::Nothing);
                    }
                    items.push(glue(atom.width));
                    origins.push(Origin::Space(i));
                }
                AtomKind::NoBreakSpace => {
                    close(&mut open, i, &mut items, &mut origins);
                    items.push(held(split[i]));
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
                    end_line(&mut items, &mut origins, last_gap);
                }
            }
        }
        close(&mut open, last, &mut items, &mut origins);
        end_line(&mut items, &mut origins, last_gap);
        (items, origins)
    }

    /// The last place a justified paragraph may break between words: a break there leaves
    /// one word alone on the last line (a runt). `last`: the atoms after the trailing spaces.
    fn runt_space(&self, last: usize, justify: bool) -> Option<usize> {
        if justify {
            self.atoms[..last]
                .iter()
                .rposition(|a| matches!(a.kind, AtomKind::Space { breakable: true }))
                .filter(|&i| {
                    !self.atoms[i..last]
                        .iter()
                        .any(|a| a.kind == AtomKind::Newline)
                })
        } else {
            None
        }
    }

    /// The penalty after cluster `i` when the word may break there (a hyphenation point, an
    /// explicit hyphen, a URL's break, or any cluster of an atom marked in `split`), with
    /// what the break inserts; `None` when it may not.
    fn in_word_penalty(
        &self,
        i: usize,
        split: &[bool],
        runt_space: Option<usize>,
        justify: bool,
    ) -> Option<(Item, Origin)> {
        let atom = &self.atoms[i];
        let kind = match atom.break_after {
            Some(InWordBreak::Capital) if split[i] => Some(InWordBreak::Hyphen),
            Some(InWordBreak::Capital) => None,
            other => other,
        }
        .or_else(|| (split[i] && self.emergency_ok(i)).then_some(InWordBreak::Plain))?;
        let span = self.segments[atom.seg].span;
        // A hyphen in the last word leaves a piece of it alone: a runt too.
        let runt = if runt_space.is_some_and(|s| i > s) {
            RUNT_HYPHEN_PENALTY
        } else {
            0.0
        };
        let (width, cost, flagged, origin) = match kind {
            InWordBreak::Hyphen | InWordBreak::Capital => (
                self.hyphens[span].1,
                if justify {
                    HYPHEN_PENALTY
                } else {
                    RAGGED_HYPHEN_PENALTY
                } + runt,
                true,
                Origin::Hyphen(span),
            ),
            InWordBreak::Explicit => (0.0, EXPLICIT_HYPHEN_PENALTY + runt, true, Origin::Nothing),
            InWordBreak::Url => (0.0, URL_BREAK_PENALTY, false, Origin::Nothing),
            InWordBreak::Plain if atom.break_after.is_some() => (0.0, 0.0, false, Origin::Nothing),
            // A word cut between two letters shows it with a hyphen.
            InWordBreak::Plain if self.between_letters(i) => (
                self.hyphens[span].1,
                EMERGENCY_BREAK_PENALTY,
                true,
                Origin::Hyphen(span),
            ),
            InWordBreak::Plain => (0.0, EMERGENCY_BREAK_PENALTY, false, Origin::Nothing),
        };
        Some((
            Item::Penalty {
                width,
                cost,
                flagged,
            },
            origin,
        ))
    }

    /// How far each line's first and last glyph may hang into the margins
    /// ([`super::protrusion`]), per item of `items`; nothing unless the paragraph is justified.
    pub(super) fn hang(&self, items: &[Item], origins: &[Origin], justify: bool) -> Hang {
        // The amounts are for the margins of left-to-right lines. A right-to-left paragraph's
        // lines are set from 0 and pushed flush right, its first logical glyph at the right:
        // nothing hangs there (a long Hebrew word ran 1.8 pt past the measure).
        if !justify || self.rtl() {
            return Hang::default();
        }
        // A right-to-left run inside the line is reordered: its logical ends are not the
        // line's visual ends, so its glyphs (and a hyphen after it) hang nowhere.
        let ltr = |atom: usize| self.level_at(self.atoms[atom].text.start).is_multiple_of(2);
        let share = |atom: usize, last: bool| -> f32 {
            let a = &self.atoms[atom];
            if !ltr(atom) {
                return 0.0;
            }
            let text = &self.text[a.text.clone()];
            let c = if last {
                text.chars().next_back()
            } else {
                text.chars().next()
            };
            let f = c.map_or(0.0, |c| {
                if last {
                    protrusion::right(c)
                } else {
                    protrusion::left(c)
                }
            });
            f * a.width
        };
        let mut hang = Hang {
            left: vec![0.0; items.len()],
            right: vec![0.0; items.len()],
        };
        for (i, item) in items.iter().enumerate() {
            if let (Item::Box { .. }, Origin::Atoms(r)) = (item, &origins[i]) {
                if !r.is_empty() {
                    hang.left[i] = share(r.start, false);
                }
            }
            let before = i.checked_sub(1).map(|p| (&items[p], &origins[p]));
            hang.right[i] = match (item, before) {
                (Item::Penalty { width, .. }, before) if item.is_discretionary() => {
                    let after_rtl = matches!(before, Some((Item::Box { .. }, Origin::Atoms(r)))
                        if !r.is_empty() && !ltr(r.end - 1));
                    if after_rtl {
                        0.0
                    } else {
                        protrusion::right('-') * width
                    }
                }
                (
                    Item::Penalty { .. } | Item::Glue { .. },
                    Some((Item::Box { .. }, Origin::Atoms(r))),
                ) if !r.is_empty() => share(r.end - 1, true),
                _ => 0.0,
            };
        }
        hang
    }

    /// Whether cluster `i` ends with a letter and the next begins with one.
    fn between_letters(&self, i: usize) -> bool {
        let here = &self.text[self.atoms[i].text.clone()];
        let next = self
            .atoms
            .get(i + 1)
            .map_or("", |n| &self.text[n.text.clone()]);
        here.chars().next_back().is_some_and(char::is_alphabetic)
            && next.chars().next().is_some_and(char::is_alphabetic)
    }

    /// An emergency break after cluster `i` still respects the line-start and line-end rules
    /// and never comes before a no-break space, except inside a run of characters the same rule
    /// holds together (`……`, `!!!`, `((((`, no-break spaces): a stretch of them wider than the
    /// measure has no other place to break, and would run off the page.
    fn emergency_ok(&self, i: usize) -> bool {
        let here = &self.text[self.atoms[i].text.clone()];
        let next = self
            .atoms
            .get(i + 1)
            .map_or("", |n| &self.text[n.text.clone()]);
        let last = here.chars().next_back();
        let first = next.chars().next();
        let held_to_next =
            last.is_some_and(forbidden_at_line_end) && !first.is_some_and(forbidden_at_line_end);
        let held_to_last = first.is_some_and(forbidden_at_line_start)
            && !last.is_some_and(forbidden_at_line_start);
        const NO_BREAK: [char; 2] = ['\u{202F}', '\u{00A0}'];
        let held_by_space = next.starts_with(NO_BREAK) && !here.ends_with(NO_BREAK);
        !held_to_next && !held_to_last && !held_by_space
    }

    /// Marks the atoms of every stretch without a legal break that is wider than the measure.
    pub(super) fn overwide_atoms(
        &self,
        items: &[Item],
        origins: &[Origin],
        measure: f32,
    ) -> Vec<bool> {
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
                // The last line's closing room is not text to cut.
                Item::Box { .. } if matches!(origins[i], Origin::Nothing) => {}
                Item::Box { width: w } => width += w,
                Item::Glue {
                    width: w, shrink, ..
                } => width += w - shrink,
                _ => {}
            }
        }
        split
    }
}

/// Where a URL, path or identifier may break (byte offsets in `token`), none marked with a
/// hyphen: after a `/` (not inside `//`), and before `.`, `?`, `&`, `#` and `-`, so that the
/// next line starts with the sign and shows the address goes on (the *Chicago Manual of
/// Style*'s rule, 14.18; a hyphen left at a line end would read as a hyphenation). Never next
/// to the token's ends (a `.` or `?` closing a sentence stays on its line). A bare domain name
/// or file name (`beta.gouv.fr`, `guide.pdf`: no `/`, `@` or `:`) gets no break at all: it is
/// short, and cut it reads as two words; the emergency pass still cuts one wider than the
/// measure.
pub(super) fn url_breaks(token: &str) -> Vec<usize> {
    let core = token.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
    if !core.contains(['/', '@', ':', '?', '#', '&', '=', '\\']) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = core.char_indices().collect();
    let mut out = Vec::new();
    for (k, &(p, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let (Some(prev), Some(next)) = (prev, next) else {
            continue;
        };
        if c == '/' && next != '/' {
            out.push(p + 1);
        } else if matches!(c, '.' | '?' | '&' | '#' | '-')
            && prev != '/'
            && !matches!(prev, '.' | '?' | '&' | '#' | '-')
        {
            out.push(p);
        }
    }
    out
}

pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r')
}

pub(super) fn is_newline(c: char) -> bool {
    matches!(c, '\n' | '\u{2028}' | '\u{2029}')
}

/// The penalty before a space that may not break: never, or as a last resort inside a
/// stretch of them wider than the measure (`overwide`).
fn held(overwide: bool) -> Item {
    Item::Penalty {
        width: 0.0,
        cost: if overwide {
            EMERGENCY_BREAK_PENALTY
        } else {
            INFINITE_PENALTY
        },
        flagged: false,
    }
}

/// Ends a line for good, at the paragraph's end or a forced break (`<br>`): no break before
/// the filling glue, then the glue that takes up the rest of the line (TeX's `\parfillskip`),
/// at least `gap` wide, then a break that must be taken.
fn end_line(items: &mut Vec<Item>, origins: &mut Vec<Origin>, gap: f32) {
    items.push(Item::Penalty {
        width: 0.0,
        cost: INFINITE_PENALTY,
        flagged: false,
    });
    origins.push(Origin::Nothing);
    if gap > 0.0 {
        items.push(Item::Box { width: gap });
        origins.push(Origin::Nothing);
    }
    items.extend([
        Item::Fill,
        Item::Penalty {
            width: 0.0,
            cost: -INFINITE_PENALTY,
            flagged: false,
        },
    ]);
    origins.extend([Origin::Nothing, Origin::Nothing]);
}
