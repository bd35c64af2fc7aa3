//! Right-to-left text: the Unicode bidirectional algorithm (UAX #9) for one paragraph.
//!
//! The paragraph's text gets its embedding levels once, before shaping (rules P–I, by
//! `unicode-bidi`): a right-to-left piece (odd level) is shaped right to left, then kept in
//! logical order, like everything else, through line breaking. Once a line is known, its glyph
//! runs, each at one level, are put in visual order (rule L2: from the highest level down to the
//! lowest odd one, every maximal sequence at that level or higher is reversed) and the glyphs of
//! a right-to-left run are turned round. Each run keeps its text in logical order, and each
//! glyph its byte range in it: the PDF's text layer reads in logical order.
//!
//! The paragraph's direction is its first strong character's (rule P2): a French paragraph with
//! an Arabic sentence is left to right, a paragraph in Arabic right to left. A paragraph with no
//! right-to-left character at all, the common case, costs one scan and nothing else.

use unicode_bidi::{bidi_class, BidiClass, BidiInfo, Level};

use super::types::GlyphRun;

/// Whether `c` is right-to-left, or an explicit embedding that could make text so.
fn is_rtl_class(c: char) -> bool {
    // Nothing below Hebrew is right to left: skip the table for Latin text.
    c >= '\u{0590}'
        && matches!(
            bidi_class(c),
            BidiClass::R
                | BidiClass::AL
                | BidiClass::RLE
                | BidiClass::RLO
                | BidiClass::RLI
                | BidiClass::FSI
        )
}

/// A paragraph's bidi levels.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Levels {
    /// The embedding level of every byte of the text.
    pub(super) bytes: Vec<u8>,
    /// The paragraph reads right to left (its first strong character is right to left).
    pub(super) rtl: bool,
}

/// The levels of `text`, or `None` when it has no right-to-left character (every level would
/// be 0). A forced line break (`\n`) ends a bidi paragraph, as UAX #9 has it.
pub(super) fn levels(text: &str) -> Option<Levels> {
    if !text.chars().any(is_rtl_class) {
        return None;
    }
    let info = BidiInfo::new(text, None);
    Some(Levels {
        bytes: info.levels.iter().map(Level::number).collect(),
        rtl: info.paragraphs.first().is_some_and(|p| p.level.is_rtl()),
    })
}

/// Whether `text` reads right to left: its first strong character is right to left.
pub(in crate::layout) fn is_rtl(text: &str) -> bool {
    levels(text).is_some_and(|l| l.rtl)
}

/// Puts one line's runs in visual order, given each run's level (rule L2), turns the glyphs of
/// every right-to-left run round, and places the runs one after the other from the line's
/// start, `x0`.
pub(super) fn reorder_line(runs: &mut Vec<GlyphRun>, run_levels: &[u8], x0: f32) {
    if run_levels.iter().all(|&l| l == 0) || runs.len() != run_levels.len() {
        return;
    }
    let levels: Vec<Level> = run_levels
        .iter()
        .map(|&l| Level::new(l).unwrap_or_else(|_| Level::ltr()))
        .collect();
    let order = BidiInfo::reorder_visual(&levels);
    let mut logical: Vec<Option<GlyphRun>> = std::mem::take(runs).into_iter().map(Some).collect();
    let mut x = x0;
    for &i in &order {
        let Some(mut run) = logical.get_mut(i).and_then(Option::take) else {
            continue;
        };
        if run_levels[i] % 2 == 1 {
            run.glyphs.reverse();
        }
        run.x = x;
        x += run.width;
        runs.push(run);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_text_has_no_levels() {
        assert_eq!(levels("Une phrase en français, « bien sûr » !"), None);
    }

    #[test]
    fn arabic_inside_french_is_at_level_one() {
        let text = "Le mot سلام ici";
        let levels = levels(text).expect("arabic is right to left");
        let at = |needle: &str| levels.bytes[text.find(needle).unwrap()];
        assert_eq!(at("Le"), 0);
        assert_eq!(at("سلام"), 1);
        assert_eq!(at("ici"), 0);
        assert!(!levels.rtl);
        assert!(super::levels("سلام عليكم").is_some_and(|l| l.rtl));
    }
}
