//! A paragraph's text cut into atoms: clusters (the smallest pieces that keep their glyphs,
//! shaped per style), spaces and forced breaks, each cluster with the break it allows after it.
//!
//! Break opportunities come from word spaces, Unicode's line-breaking rules (UAX #14, via
//! `unicode-linebreak`), hyphenation points ([`super::hyphenate`]) and, inside URLs, after `/`
//! and before `.`, `?`, `&`, `#` and `-` ([`url_breaks`]). None may leave `; : ! ? »` at a line
//! start or `«` at a line end, even where the text has a plain space (the typography stage
//! should have put a no-break space there: this is the safety net).

use std::ops::Range;
use std::sync::Arc;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::hyphenate::{self, looks_like_code_or_url};
use super::shape::{Shaped, ShapedGlyph, Shaper};
use super::types::{Span, SpanStyle};

/// SOFT HYPHEN, as an author types it (`&shy;`).
const SOFT_HYPHEN: char = '\u{00AD}';

/// Characters a line may not start with (French spacing puts a no-break space before them).
pub(super) fn forbidden_at_line_start(c: char) -> bool {
    matches!(
        c,
        ';' | ':' | '!' | '?' | '»' | '›' | ')' | ']' | '}' | ',' | '.' | '…'
    )
}

/// Characters a line may not end with.
pub(super) fn forbidden_at_line_end(c: char) -> bool {
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
}
