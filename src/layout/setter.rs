//! The bridge between the block stage and the paragraph setter: collected spans in, lines of
//! page-model text runs out, each run knowing its span.

use std::collections::HashMap;
use std::sync::Arc;

use super::inline::{Collected, InlineStyle};
use super::page::{Glyph, GlyphOffset, TextRun};
use super::paragraph::shape::Shaper;
use super::paragraph::{self, layout_paragraph, GlyphRun, ParagraphOptions};

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
    pub run: Arc<TextRun>,
}

/// The typesetter state shared by every paragraph of the book (shaping caches), and the
/// paragraph memo of the chapter being set, if any.
#[derive(Default)]
pub struct Setter {
    shaper: Shaper,
    /// Set by the folio fixed point around each chapter it sets.
    pub memo: Option<ParaMemo>,
}

/// The paragraphs one chapter set in the previous pass of the folio fixed point, and those it
/// sets in this one, each under everything its lines depend on (its spans' texts and styles,
/// the measure, alignment, indent and leading).
///
/// A chapter is set again when a folio it prints changes, but only the paragraphs printing
/// that folio differ: the others take their lines from the previous pass instead of being
/// shaped, hyphenated and broken again. The lines are shared with the flow (`Arc`), so the memo
/// costs the paragraphs' keys, not a second copy of their glyphs; and a pass keeps only what
/// it used, so a paragraph whose folio changed is not held twice.
#[derive(Default)]
pub struct ParaMemo {
    previous: HashMap<Vec<u8>, Vec<SetLine>>,
    current: HashMap<Vec<u8>, Vec<SetLine>>,
    /// Paragraphs taken from the memo, and paragraphs set, in this pass.
    pub hits: usize,
    pub misses: usize,
}

impl ParaMemo {
    /// The memo for the chapter's next pass: what this pass set or used.
    pub fn next_pass(self) -> ParaMemo {
        ParaMemo {
            previous: self.current,
            ..ParaMemo::default()
        }
    }

    fn take(&mut self, key: &[u8]) -> Option<Vec<SetLine>> {
        if let Some(lines) = self.previous.remove(key) {
            self.current.insert(key.to_vec(), lines.clone());
            return Some(lines);
        }
        self.current.get(key).cloned()
    }
}

/// Everything a paragraph's lines depend on, as bytes (exact: no hash collision can give a
/// paragraph another's lines).
fn memo_key(para: &Collected, params: &Params) -> Vec<u8> {
    let mut k =
        Vec::with_capacity(16 + para.spans.iter().map(|s| s.text.len() + 24).sum::<usize>());
    for v in [params.measure, params.indent, params.leading] {
        k.extend(v.to_bits().to_le_bytes());
    }
    k.push(params.align as u8);
    for s in &para.spans {
        k.extend((s.text.len() as u32).to_le_bytes());
        k.extend(s.text.as_bytes());
        let st = &s.style;
        k.push(st.family as u8);
        k.push(st.bold as u8 | (st.italic as u8) << 1 | (st.hyphenate as u8) << 2);
        k.extend(st.size.to_bits().to_le_bytes());
        k.extend([st.color.0, st.color.1, st.color.2]);
        k.extend(st.rise.to_bits().to_le_bytes());
        match &st.lang {
            None => k.push(0),
            Some(l) => {
                k.push(1);
                k.extend((l.len() as u32).to_le_bytes());
                k.extend(l.as_bytes());
            }
        }
        match s.link {
            None => k.push(0),
            Some(l) => {
                k.push(1);
                k.extend((l as u32).to_le_bytes());
            }
        }
        if let Some(image) = s.object.and_then(|i| para.images.get(i)) {
            k.push(1);
            k.extend(image.id.0.to_le_bytes());
            k.extend(image.width.to_bits().to_le_bytes());
            k.extend(image.height.to_bits().to_le_bytes());
        } else {
            k.push(0);
        }
    }
    k
}

fn lang(tag: Option<&str>) -> paragraph::Lang {
    tag.map_or(paragraph::Lang::French, |t| {
        paragraph::Lang::from_tag(t, paragraph::Lang::French)
    })
}

fn convert(style: &InlineStyle, link: Option<usize>) -> paragraph::SpanStyle {
    paragraph::SpanStyle {
        family: style.family,
        bold: style.bold,
        italic: style.italic,
        size: style.size,
        color: style.color,
        baseline_shift: style.rise,
        hyphenate: style.hyphenate,
        link: link.map(|l| l as u32),
        lang: lang(style.lang.as_deref()),
        object: None,
    }
}

/// A paragraph glyph run as a page-model run (lengths in em).
fn text_run(r: &GlyphRun, lang: Option<String>, expanded: Option<String>) -> TextRun {
    let size = r.size.max(0.01);
    let offsets = r
        .glyphs
        .iter()
        .enumerate()
        .filter(|(_, g)| g.x_offset != 0.0 || g.y_offset != 0.0)
        .map(|(i, g)| GlyphOffset {
            glyph: i as u32,
            x: g.x_offset / size,
            y: g.y_offset / size,
        })
        .collect();
    TextRun {
        font: r.font,
        size: r.size,
        color: r.color,
        text: r.text.clone(),
        glyphs: r
            .glyphs
            .iter()
            .map(|g| Glyph::new(g.id, g.x_advance / size, g.range.clone()))
            .collect(),
        offsets,
        lang,
        expanded,
        actual: Vec::new(),
        hscale: r.hscale,
    }
}

impl Setter {
    /// A setter with empty caches.
    pub fn new() -> Self {
        Setter::default()
    }

    /// Sets a paragraph into lines (from the memo when it holds this paragraph).
    pub fn set(&mut self, para: &Collected, params: &Params) -> Vec<SetLine> {
        let Some(mut memo) = self.memo.take() else {
            return self.set_anew(para, params);
        };
        let key = memo_key(para, params);
        let lines = match memo.take(&key) {
            Some(lines) => {
                memo.hits += 1;
                lines
            }
            None => {
                let lines = self.set_anew(para, params);
                memo.misses += 1;
                memo.current.insert(key, lines.clone());
                lines
            }
        };
        self.memo = Some(memo);
        lines
    }

    /// Sets a paragraph into lines: shaping, hyphenation, line breaking.
    fn set_anew(&mut self, para: &Collected, params: &Params) -> Vec<SetLine> {
        let spans: Vec<paragraph::Span> = para
            .spans
            .iter()
            .map(|s| {
                let mut style = convert(&s.style, s.link);
                style.object = s.object.and_then(|i| para.images.get(i)).map(|i| i.width);
                paragraph::Span::new(s.text.clone(), style)
            })
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
                        run: Arc::new({
                            let span = para.spans.get(r.span);
                            text_run(
                                r,
                                span.and_then(|s| s.style.lang.clone()),
                                span.and_then(|s| s.expanded.clone()),
                            )
                        }),
                    })
                    .collect(),
            })
            .collect();
        lines
    }

    /// Sets one line of text, unbroken: its runs (one per font) at their x, and its width.
    pub fn set_line(&mut self, text: &str, style: &InlineStyle) -> (Vec<(f32, Arc<TextRun>)>, f32) {
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
            // A right-to-left line is set flush right in its measure, here 100,000 pt wide:
            // brought back to start at 0, as every line this function sets does.
            let rtl = super::paragraph::bidi::is_rtl(text);
            let start = if rtl {
                line.runs.iter().map(|r| r.x).fold(f32::INFINITY, f32::min)
            } else {
                0.0
            };
            let start = if start.is_finite() { start } else { 0.0 };
            width = line.width - start;
            for r in &line.runs {
                runs.push((r.x - start, Arc::new(text_run(r, style.lang.clone(), None))));
            }
        }
        (runs, width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::color::Rgb;
    use crate::layout::inline::InlineSpan;

    fn paragraph(texts: &[(&str, bool)]) -> Collected {
        let spans = texts
            .iter()
            .map(|(text, italic)| InlineSpan {
                text: text.to_string(),
                style: InlineStyle {
                    family: crate::fonts::Family::Serif,
                    bold: false,
                    italic: *italic,
                    size: 10.0,
                    color: Rgb(0, 0, 0),
                    rise: 0.0,
                    hyphenate: true,
                    lang: None,
                    strike: false,
                },
                link: None,
                expanded: None,
                object: None,
            })
            .collect();
        Collected {
            spans,
            ..Collected::default()
        }
    }

    const PARAMS: Params = Params {
        measure: 180.0,
        align: Align::Justify,
        indent: 0.0,
        leading: 13.0,
    };

    #[test]
    fn a_remembered_paragraph_gives_the_lines_it_was_set_in() {
        let text = "Une équipe de startup d’État travaille au plus près des usagers : elle \
                    observe, mesure et améliore le service chaque semaine, sans attendre \
                    un cahier des charges complet.";
        let para = paragraph(&[(text, false)]);
        let fresh = format!("{:?}", Setter::new().set(&para, &PARAMS));
        let mut setter = Setter::new();
        setter.memo = Some(ParaMemo::default());
        let first = format!("{:?}", setter.set(&para, &PARAMS));
        let memo = setter.memo.take().unwrap();
        assert_eq!((memo.hits, memo.misses), (0, 1));
        setter.memo = Some(memo.next_pass());
        let again = format!("{:?}", setter.set(&para, &PARAMS));
        let memo = setter.memo.take().unwrap();
        assert_eq!((memo.hits, memo.misses), (1, 0));
        assert_eq!(first, fresh);
        assert_eq!(again, fresh);
        // What the pass used is kept for the next; what it did not use is dropped.
        let next = memo.next_pass();
        assert_eq!((next.previous.len(), next.current.len()), (1, 0));
        let next = next.next_pass();
        assert!(next.previous.is_empty());
    }

    #[test]
    fn a_paragraph_is_remembered_under_all_it_depends_on() {
        let roman = paragraph(&[("Le service est ouvert à tous (p.\u{a0}12).", false)]);
        let other_folio = paragraph(&[("Le service est ouvert à tous (p.\u{a0}13).", false)]);
        let italic = paragraph(&[("Le service est ouvert à tous (p.\u{a0}12).", true)]);
        let key = |p: &Collected, params: &Params| memo_key(p, params);
        assert_ne!(key(&roman, &PARAMS), key(&other_folio, &PARAMS));
        assert_ne!(key(&roman, &PARAMS), key(&italic, &PARAMS));
        let narrower = Params {
            measure: 170.0,
            ..PARAMS
        };
        assert_ne!(key(&roman, &PARAMS), key(&roman, &narrower));
        // Span boundaries count: two spans are not their concatenation.
        let split = paragraph(&[
            ("Le service est ", false),
            ("ouvert à tous (p.\u{a0}12).", false),
        ]);
        assert_ne!(key(&roman, &PARAMS), key(&split, &PARAMS));
        assert_eq!(key(&roman, &PARAMS), key(&roman.clone(), &PARAMS));
    }
}
