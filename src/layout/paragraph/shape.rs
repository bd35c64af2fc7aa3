//! Shaping: text of one style into glyphs with harfrust, font by font along the fallback chain.
//!
//! A piece of text is cut into runs by coverage: each character (with the marks, variation
//! selectors and joined characters that follow it) goes to the first face of the style's
//! [`fallback_chain`](crate::fonts::fallback_chain) that has it; characters meant as emoji
//! (default emoji presentation, or followed by U+FE0F) try the emoji face first. Each run is shaped by harfrust with the font's
//! default features (kerning, standard ligatures). Results are in ems — harfrust shapes at the
//! units-per-em scale and we divide — so one cache entry serves every size: the cache key is
//! (text, family, weight, slant, direction).
//!
//! Right-to-left text (an Arabic word, at an odd bidi level: see [`super::bidi`]) is shaped
//! right to left, so that letters join and marks sit as the script wants, and its glyphs are then
//! put back in logical order (clusters increasing), like every other piece of text: line
//! breaking works in logical order, and the line setter turns a right-to-left run's glyphs round
//! again once the line is known.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use harfrust::{Buffer, Direction, Script, ShapeOptions, ShapePlan, ShaperFont};

use crate::fonts::{self, Family, FontId, FACES};

/// One glyph of shaped text, in ems of its font size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    /// The face the glyph comes from.
    pub font: FontId,
    /// The glyph id in that face.
    pub id: u16,
    /// Horizontal advance, in ems.
    pub advance: f32,
    /// Horizontal offset from the pen position, in ems.
    pub x_offset: f32,
    /// Vertical offset (up is positive), in ems.
    pub y_offset: f32,
    /// Byte offset, in the shaped text, of the cluster this glyph belongs to.
    pub cluster: usize,
}

/// A piece of text shaped: glyphs in logical order (for left-to-right text, the visual order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shaped {
    /// The glyphs; clusters never decrease.
    pub glyphs: Vec<ShapedGlyph>,
}

impl Shaped {
    /// The total advance, in ems.
    pub fn advance(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}

/// What a shaping result depends on, besides the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FaceKey {
    /// The family asked for.
    pub family: Family,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

/// A shaper with its caches: create one per document and reuse it for every paragraph.
#[derive(Default)]
pub struct Shaper {
    cache: HashMap<(FaceKey, bool), HashMap<String, Arc<Shaped>>>,
    chains: HashMap<FaceKey, Vec<FontId>>,
    plans: Vec<(FontId, Option<Script>, Direction, ShapePlan)>,
    buffer: Option<Buffer>,
    /// How many shaping requests were answered from the cache (for benchmarks).
    pub hits: usize,
    /// How many were shaped.
    pub misses: usize,
}

/// The harfrust view of every face, parsed once.
fn shaping_fonts() -> &'static [Option<harfrust::Font>] {
    static FONTS: OnceLock<Vec<Option<harfrust::Font>>> = OnceLock::new();
    FONTS.get_or_init(|| {
        FACES
            .iter()
            .map(|f| harfrust::Font::new(f.data, 0))
            .collect()
    })
}

/// Combining marks and the like: they stay in the font of the character before them.
fn attaches_to_previous(c: char) -> bool {
    fonts::needs_no_glyph(c)
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}' | '\u{1F3FB}'..='\u{1F3FF}')
}

impl Shaper {
    /// A shaper with empty caches.
    pub fn new() -> Self {
        Self::default()
    }

    /// The fallback chain of a style, cached.
    pub fn chain(&mut self, key: FaceKey) -> &[FontId] {
        self.chains
            .entry(key)
            .or_insert_with(|| fonts::fallback_chain(key.family, key.bold, key.italic))
    }

    /// Shapes `text` left to right in the given style; cached by (text, style).
    pub fn shape(&mut self, text: &str, key: FaceKey) -> Arc<Shaped> {
        self.shape_directed(text, key, false)
    }

    /// Shapes `text` in the given style and direction (`rtl`: right to left); the glyphs come
    /// back in logical order either way. Cached by (text, style, direction).
    pub fn shape_directed(&mut self, text: &str, key: FaceKey, rtl: bool) -> Arc<Shaped> {
        if let Some(hit) = self.cache.get(&(key, rtl)).and_then(|m| m.get(text)) {
            self.hits += 1;
            return hit.clone();
        }
        self.misses += 1;
        let shaped = Arc::new(self.shape_uncached(text, key, rtl));
        self.cache
            .entry((key, rtl))
            .or_default()
            .insert(text.to_owned(), shaped.clone());
        shaped
    }

    /// Splits `text` into runs by coverage and shapes each one.
    fn shape_uncached(&mut self, text: &str, key: FaceKey, rtl: bool) -> Shaped {
        let chain = self.chain(key).to_vec();
        let runs = coverage_runs(text, &chain);
        let mut out = Shaped::default();
        for (range, font) in runs {
            self.shape_run(
                &text[range.clone()],
                range.start,
                font,
                rtl,
                &mut out.glyphs,
            );
        }
        out
    }

    /// Shapes one run in one face, appending glyphs (in logical order) with clusters offset by
    /// `base`.
    fn shape_run(
        &mut self,
        text: &str,
        base: usize,
        font: FontId,
        rtl: bool,
        out: &mut Vec<ShapedGlyph>,
    ) {
        let Some(Some(hr_font)) = shaping_fonts().get(usize::from(font.0)) else {
            return;
        };
        let upem = f32::from(fonts::metrics(font).units_per_em.max(1));
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.clear();
        buffer.push_str(text);
        let direction = if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        };
        buffer.set_direction(direction);
        buffer.guess_segment_properties();
        let script = buffer.script();
        let plan_index = match self
            .plans
            .iter()
            .position(|(f, s, d, _)| *f == font && *s == script && *d == direction)
        {
            Some(i) => i,
            None => {
                let plan = ShapePlan::new(hr_font, direction, script, None, &[]);
                self.plans.push((font, script, direction, plan));
                self.plans.len() - 1
            }
        };
        let shaper_font = ShaperFont::new(hr_font);
        let plan = &self.plans[plan_index].3;
        let first = out.len();
        if harfrust::shape(
            &shaper_font,
            &mut buffer,
            ShapeOptions::new().plan(Some(plan)),
        )
        .is_ok()
        {
            for (info, pos) in buffer.glyph_infos().iter().zip(buffer.glyph_positions()) {
                out.push(ShapedGlyph {
                    font,
                    id: u16::try_from(info.glyph_id).unwrap_or(0),
                    advance: pos.x_advance as f32 / upem,
                    x_offset: pos.x_offset as f32 / upem,
                    y_offset: pos.y_offset as f32 / upem,
                    cluster: base + info.cluster as usize,
                });
            }
            // Right-to-left output is in visual order: back to logical order.
            if rtl {
                out[first..].reverse();
            }
        }
        self.buffer = Some(buffer);
    }
}

/// Cuts `text` into (byte range, face) runs: each character goes to the first face of `chain`
/// that has it; emoji try the emoji face first; marks stay with their base.
pub fn coverage_runs(text: &str, chain: &[FontId]) -> Vec<(std::ops::Range<usize>, FontId)> {
    let mut runs: Vec<(std::ops::Range<usize>, FontId)> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut after_joiner = false;
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let attach = (attaches_to_previous(c) || after_joiner) && !runs.is_empty();
        after_joiner = c == '\u{200D}';
        if attach {
            if let Some(last) = runs.last_mut() {
                last.0.end = end;
            }
            continue;
        }
        let emoji =
            fonts::is_emoji_presentation(c) || chars.peek().is_some_and(|&(_, n)| n == '\u{FE0F}');
        let font = if emoji {
            fonts::font_for_char(&[fonts::EMOJI], c)
        } else {
            None
        }
        .or_else(|| fonts::font_for_char(chain, c))
        .unwrap_or(chain[0]);
        match runs.last_mut() {
            Some(last) if last.1 == font => last.0.end = end,
            _ => runs.push((i..end, font)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERIF: FaceKey = FaceKey {
        family: Family::Serif,
        bold: false,
        italic: false,
    };

    #[test]
    fn shapes_with_kerning_and_ligatures() {
        let mut shaper = Shaper::new();
        let fi = shaper.shape("fi", SERIF);
        assert_eq!(fi.glyphs.len(), 1, "standard ligature fi: {fi:?}");
        // Charis SIL 6.101 has no kerning pairs (measured: AV, To, Te, P. all unkerned), so
        // kerning is checked on Noto Sans, which has them: the shaper applies `kern` wherever
        // the font has it.
        let sans = FaceKey {
            family: Family::Sans,
            ..SERIF
        };
        for pair in ["AV", "To", "P."] {
            let both = shaper.shape(pair, sans).advance();
            let (a, b) = pair.split_at(1);
            let apart = shaper.shape(a, sans).advance() + shaper.shape(b, sans).advance();
            assert!(both < apart, "kerning tightens {pair}: {both} vs {apart}");
        }
    }

    #[test]
    fn falls_back_by_coverage() {
        let mut shaper = Shaper::new();
        let s = shaper.shape("ok ✅ → ✓", SERIF);
        assert!(s.glyphs.iter().all(|g| g.id != 0), "{s:?}");
        let fonts: Vec<FontId> = s.glyphs.iter().map(|g| g.font).collect();
        assert_eq!(fonts[0], FontId(0));
        assert!(fonts.contains(&fonts::EMOJI));
    }

    #[test]
    fn caches_results() {
        let mut shaper = Shaper::new();
        let a = shaper.shape("bonjour", SERIF);
        let b = shaper.shape("bonjour", SERIF);
        assert_eq!(a, b);
        assert_eq!((shaper.hits, shaper.misses), (1, 1));
    }
}
