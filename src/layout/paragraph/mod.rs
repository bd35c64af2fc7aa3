//! The typesetting core: one paragraph set, styled spans in, lines of positioned glyph runs
//! out ([`layout_paragraph`]). Its files, in the order a paragraph meets them: [`types`] (the
//! spans, options, lines and runs every file here speaks in), [`shape`] (words into glyphs),
//! [`hyphenate`], [`bidi`] (right-to-left runs), `atoms` (the text cut into clusters and
//! spaces, each with the break it allows), `items` (boxes, glue and penalties),
//! [`linebreak`] (Knuth–Plass), [`protrusion`] and [`expansion`] (what a justified line may
//! borrow), `setline` (each line's glyphs placed).
//!
//! The steps, in order:
//! 1. the spans' texts are joined, and every place a line may end is found: word spaces and
//!    Unicode's line-break opportunities (UAX #14, `unicode-linebreak`), hyphenation points
//!    ([`hyphenate`]), and, inside URLs, after `/` and before `.`, `?`, `&`, `#`, `-`;
//!    none may leave `; : ! ? »` at a line start or `«` at a line end;
//! 2. words are shaped per style ([`Shaper`], cached) and cut into clusters, the smallest pieces
//!    that keep their glyphs;
//! 3. clusters, spaces and break opportunities become Knuth–Plass boxes, glue and penalties;
//! 4. [`linebreak::break_lines_hanging`] runs up to three passes (no hyphens, hyphens,
//!    emergency); in justified text a line may gain the room its first and last glyphs hang into
//!    the margins ([`protrusion`]) and its glyphs may widen or narrow by up to 2 %
//!    ([`expansion`]), both counted in the line's badness;
//! 5. each line is set: justified lines stretch or shrink their word spaces (never letter
//!    spacing) after their glyphs took their expansion, ragged and centred lines keep natural spaces; glyphs are grouped into runs of one
//!    font, size, colour and link, each carrying its own text for text extraction. A line ending
//!    in a hyphen has U+00AD appended to its last run's text, tied to the `-` glyph, so copying
//!    the text gives the whole word back.

mod atoms;
pub(super) mod bidi;
pub mod expansion;
pub mod hyphenate;
pub(super) mod items;
pub mod linebreak;
pub mod protrusion;
mod setline;
pub mod shape;
mod types;

#[cfg(test)]
mod tests;

use self::atoms::Prepared;
use self::expansion::MAX_EXPANSION;
use self::items::{PRETOLERANCE, RAGGED_PRETOLERANCE, RAGGED_STRETCH_EM, TOLERANCE};
use self::linebreak::Params;
use self::setline::Fit;
use self::shape::Shaper;

pub use self::types::{
    Align, Family, FontId, GlyphRun, Lang, Line, Paragraph, ParagraphOptions, PositionedGlyph,
    Span, SpanStyle,
};

/// Sets one paragraph into lines of at most `options.measure` points.
pub fn layout_paragraph(
    shaper: &mut Shaper,
    spans: &[Span],
    options: &ParagraphOptions,
) -> Paragraph {
    let prepared = Prepared::new(shaper, spans);
    if prepared.atoms.is_empty() {
        return Paragraph::default();
    }
    let base_size = spans.first().map_or(10.0, |s| s.style.size);
    let line_stretch = match options.align {
        Align::Justify => 0.0,
        Align::Left | Align::Center | Align::Right => RAGGED_STRETCH_EM * base_size,
    };
    let justify = options.align == Align::Justify;
    let mut params = Params {
        measure: options.measure.max(0.0),
        tolerance: if justify {
            PRETOLERANCE
        } else {
            RAGGED_PRETOLERANCE
        },
        line_stretch,
        hyphenate: false,
        expansion: if justify { MAX_EXPANSION } else { 0.0 },
    };
    let none = vec![false; prepared.atoms.len()];
    let (items, origins) = prepared.items(options, &none);
    let hang = prepared.hang(&items, &origins, justify);
    let mut result = linebreak::break_lines_hanging(&items, &params, &hang)
        .map(|b| (b, items.clone(), origins.clone(), hang.clone()));
    if result.is_none() {
        params.tolerance = TOLERANCE;
        params.hyphenate = true;
        result = linebreak::break_lines_hanging(&items, &params, &hang)
            .map(|b| (b, items.clone(), origins.clone(), hang.clone()));
    }
    if result.is_none() {
        params.tolerance = f32::INFINITY;
        let split = prepared.overwide_atoms(&items, &origins, params.measure);
        let (items, origins) = prepared.items(options, &split);
        let hang = prepared.hang(&items, &origins, justify);
        result = linebreak::break_lines_hanging(&items, &params, &hang)
            .map(|b| (b, items, origins, hang));
    }
    let Some((breaks, items, origins, hang)) = result else {
        return Paragraph::default();
    };
    let fit = Fit {
        hang,
        measure: params.measure,
        expansion: params.expansion,
    };
    prepared.set_lines(&breaks, &items, &origins, options, &fit)
}
