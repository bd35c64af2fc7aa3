//! Characters no embedded face can draw, reported before a chapter is set.
//!
//! The fallback chain ([`crate::fonts::fallback_chain`]) covers French, the symbols of the real
//! pages, emoji, Arabic and Japanese; a character none of the faces has would be drawn as
//! nothing (`.notdef` is forbidden in PDF/A, so its glyph is dropped, its text kept). Each such
//! character is a warning at the line of the block that holds it, once per block, so that the
//! author knows the printed guide lacks it; the EPUB keeps it for the reader's own fonts.

use std::collections::BTreeSet;

use crate::book::{plain_text, Block, Chapter, Pos};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::fonts::{self, FontId};

/// Whether some embedded face has a glyph for `c` (or `c` needs none).
fn drawable(c: char) -> bool {
    // ASCII and Latin-1: all in the text face (checked by the tests), no look-up.
    c < '\u{0100}'
        || c.is_whitespace()
        || fonts::needs_no_glyph(c)
        || FontId::all().any(|id| fonts::glyph_of(id, c).is_some())
}

/// Reports every character of `chapter` that no face has, at its block's line.
pub fn report_missing(chapter: &Chapter, diags: &mut Diagnostics) {
    let mut found = Vec::new();
    check(&plain_text(&chapter.title), Pos::new(1, 1), &mut found);
    walk(&chapter.blocks, &mut found);
    for note in &chapter.footnotes {
        walk(&note.blocks, &mut found);
    }
    for (pos, c) in found {
        diags.push(
            Diagnostic::warning(Code::GlyphMissing,
                &chapter.source,
                pos.line,
                pos.col,
                format!(
                    "character `{c}` (U+{:04X}) has no glyph in any of livret's fonts: the PDF leaves it out",
                    u32::from(c)
                ),
            )
            .with_hint("the EPUB keeps it, for the reader's fonts; in the PDF, write it another way or as an image"),
        );
    }
}

/// Adds to `found` each character of `text` no face has, once, at `pos`.
fn check(text: &str, pos: Pos, found: &mut Vec<(Pos, char)>) {
    // Latin text, the common case, is drawable by the text face: one pass, no look-up.
    if text.is_ascii() {
        return;
    }
    let missing: BTreeSet<char> = text.chars().filter(|&c| !drawable(c)).collect();
    found.extend(missing.into_iter().map(|c| (pos, c)));
}

fn walk(blocks: &[Block], found: &mut Vec<(Pos, char)>) {
    for block in blocks {
        let pos = block.pos();
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content, .. }
            | Block::Lead { content, .. } => check(&plain_text(content), pos, found),
            Block::List { items, .. } => {
                for item in items {
                    walk(&item.blocks, found);
                }
            }
            Block::Quote { blocks, .. } => walk(blocks, found),
            Block::Code { text, .. } => check(text, pos, found),
            Block::Table(table) => {
                if let Some(caption) = &table.caption {
                    check(&plain_text(caption), pos, found);
                }
                for row in table.head.iter().chain(&table.body) {
                    for cell in row {
                        walk(&cell.blocks, found);
                    }
                }
            }
            Block::Figure { image, caption, .. } => {
                check(image.alt.as_deref().unwrap_or(""), pos, found);
                if let Some(caption) = caption {
                    check(&plain_text(caption), pos, found);
                }
            }
            Block::Aside { title, blocks, .. } => {
                if let Some(title) = title {
                    check(&plain_text(title), pos, found);
                }
                walk(blocks, found);
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    check(&plain_text(&item.term), pos, found);
                    for detail in &item.details {
                        walk(detail, found);
                    }
                }
            }
            Block::Rule { .. } | Block::Anchor { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Inline;

    #[test]
    fn arabic_japanese_and_french_are_drawable() {
        for c in "é«»’مرحبا日本語ありがとう✅".chars() {
            assert!(drawable(c), "{c}");
        }
        let serif = fonts::primary(fonts::Family::Serif, false, false);
        for c in ('\u{00A0}'..'\u{0100}').filter(|c| !fonts::needs_no_glyph(*c)) {
            assert!(
                fonts::glyph_of(serif, c).is_some(),
                "U+{:04X}",
                u32::from(c)
            );
        }
        // An Egyptian hieroglyph: no face has it.
        assert!(!drawable('\u{13000}'));
    }

    #[test]
    fn a_missing_character_is_reported_at_its_block() {
        let chapter = Chapter {
            source: "_pages/x.md".into(),
            blocks: vec![Block::Paragraph {
                content: vec![Inline::Text("Un signe \u{13000} ici".into())],
                pos: Pos::new(7, 1),
            }],
            ..Chapter::default()
        };
        let mut diags = Diagnostics::new();
        report_missing(&chapter, &mut diags);
        let text = diags.render();
        assert!(
            text.contains("_pages/x.md:7:1: warning: character `\u{13000}` (U+13000)"),
            "{text}"
        );
    }
}
