//! Right-to-left text in a line: the Unicode bidirectional algorithm (UAX #9) per paragraph,
//! then each line's glyphs put in visual order.
//!
//! The line breaker works in logical order (the order the text is read in): words, spaces and
//! breaks are found there, and the shaper returns right-to-left words with their glyphs put back
//! in logical order. Once a line is chosen and set, [`reorder`] applies the algorithm's rule L2:
//! from the highest embedding level down to the lowest odd one, every stretch of glyphs at that
//! level or higher is reversed. An Arabic sentence in a French paragraph (level 1 in level 0)
//! is thus drawn right to left where it stands, its words in reading order from the right, and
//! a paragraph that starts in Arabic is right to left as a whole. Departures: the last line of a
//! right-to-left paragraph stays flush left (the measure's alignment is the guide's), and
//! brackets are not mirrored.

use std::ops::Range;

use unicode_bidi::{bidi_class, BidiClass, BidiInfo};

use super::paragraph::{GlyphRun, Line, PositionedGlyph};

/// The embedding level of every byte of `text` (paragraph direction from its first strong
/// character, as HTML's `dir="auto"`), or `None` when nothing in it is right to left.
pub(super) fn levels(text: &str) -> Option<Vec<u8>> {
    let rtl = text.chars().any(|c| {
        matches!(
            bidi_class(c),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
        )
    });
    if !rtl {
        return None;
    }
    let info = BidiInfo::new(text, None);
    Some(info.levels.iter().map(|l| l.number()).collect())
}

/// Whether a paragraph of `text` is right to left: its first strong character is (UAX #9's
/// rules P2 and P3, as `dir="auto"`).
pub(crate) fn right_to_left(text: &str) -> bool {
    text.chars()
        .map(bidi_class)
        .find(|c| matches!(c, BidiClass::L | BidiClass::R | BidiClass::AL))
        .is_some_and(|c| c != BidiClass::L)
}

/// One glyph of a line, where it comes from.
struct Placed {
    run: usize,
    glyph: PositionedGlyph,
    /// Its cluster's bytes in the paragraph's text; `None` for a line-end hyphen.
    source: Option<Range<usize>>,
    level: u8,
}

/// Puts the glyphs of `line` in visual order. `starts[i]` is where run `i`'s text begins in
/// the paragraph's `text` (`usize::MAX` for a run made for a hyphen alone); `levels` are
/// [`levels`]' result for that text.
pub(super) fn reorder(line: &mut Line, text: &str, levels: &[u8], starts: &[usize]) {
    let mut glyphs: Vec<Placed> = Vec::new();
    let mut last_level = 0;
    for (r, run) in line.runs.iter().enumerate() {
        for g in &run.glyphs {
            let own = run.text.get(g.range.clone()).unwrap_or("");
            let start = starts.get(r).copied().unwrap_or(usize::MAX);
            let source = (own != "\u{ad}" && start != usize::MAX)
                .then(|| start + g.range.start..start + g.range.end);
            let level = source
                .as_ref()
                .and_then(|s| levels.get(s.start).copied())
                .unwrap_or(last_level);
            last_level = level;
            glyphs.push(Placed {
                run: r,
                glyph: g.clone(),
                source,
                level,
            });
        }
    }
    if glyphs
        .iter()
        .all(|g| g.level % 2 == 0 && g.level == glyphs[0].level)
    {
        return;
    }
    // Rule L2.
    let max = glyphs.iter().map(|g| g.level).max().unwrap_or(0);
    let lowest_odd = glyphs
        .iter()
        .map(|g| g.level)
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(max);
    let lowest_odd = if lowest_odd % 2 == 1 {
        lowest_odd
    } else {
        lowest_odd + 1
    };
    for k in (lowest_odd..=max).rev() {
        let mut i = 0;
        while i < glyphs.len() {
            if glyphs[i].level < k {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < glyphs.len() && glyphs[j].level >= k {
                j += 1;
            }
            glyphs[i..j].reverse();
            i = j;
        }
    }
    line.runs = rebuild(&line.runs, glyphs, text);
}

/// Runs again from glyphs in visual order: a new run wherever the style, the source run or the
/// direction changes, each with the text of its glyphs in logical order.
fn rebuild(old: &[GlyphRun], glyphs: Vec<Placed>, text: &str) -> Vec<GlyphRun> {
    let mut x = old.iter().map(|r| r.x).fold(f32::INFINITY, f32::min);
    if !x.is_finite() {
        x = 0.0;
    }
    let mut groups: Vec<Vec<Placed>> = Vec::new();
    for g in glyphs {
        match groups.last_mut() {
            Some(group) if group[0].run == g.run && group[0].level % 2 == g.level % 2 => {
                group.push(g)
            }
            _ => groups.push(vec![g]),
        }
    }
    let mut runs = Vec::with_capacity(groups.len());
    for group in groups {
        let model = &old[group[0].run];
        // The group's text in logical order: each cluster once, the hyphen last.
        let mut pieces: Vec<(usize, Range<usize>)> = group
            .iter()
            .map(|g| match &g.source {
                Some(s) => (s.start, s.clone()),
                None => (usize::MAX, 0..0),
            })
            .collect();
        pieces.sort_by_key(|p| (p.0, p.1.end));
        pieces.dedup();
        let mut run_text = String::new();
        let mut offsets: Vec<(usize, Range<usize>)> = Vec::with_capacity(pieces.len());
        for (key, range) in &pieces {
            let at = run_text.len();
            if *key == usize::MAX {
                run_text.push('\u{ad}');
            } else {
                run_text.push_str(text.get(range.clone()).unwrap_or(""));
            }
            offsets.push((*key, at..run_text.len()));
        }
        let mut width = 0.0;
        let glyphs = group
            .into_iter()
            .map(|p| {
                let key = p.source.as_ref().map_or(usize::MAX, |s| s.start);
                let range = offsets
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or(0..0, |(_, r)| r.clone());
                width += p.glyph.x_advance;
                PositionedGlyph { range, ..p.glyph }
            })
            .collect();
        runs.push(GlyphRun {
            x,
            text: run_text,
            glyphs,
            width,
            ..model.clone()
        });
        x += width;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_only_when_something_is_right_to_left() {
        assert!(levels("Un texte en français.").is_none());
        let text = "Il dit مرحبا ici.";
        let l = levels(text).expect("arabic is right to left");
        let arabic = text.find('م').unwrap();
        assert_eq!(l[0], 0);
        assert_eq!(l[arabic], 1);
    }
}
