//! The layout stage: fonts shaped into glyphs, paragraphs broken into lines (and, later, lines
//! placed on pages).
//!
//! [`paragraph::layout_paragraph`] is the entry point for one paragraph: styled spans in,
//! positioned lines of glyph runs out, ready for krilla's `Surface::draw_glyphs`.

pub mod hyphenate;
mod items;
pub mod linebreak;
pub mod paragraph;
mod setline;
pub mod shape;

pub use paragraph::{
    layout_paragraph, Align, Color, GlyphRun, Line, Paragraph, ParagraphOptions, PositionedGlyph,
    Span, SpanStyle,
};
pub use shape::Shaper;

#[cfg(test)]
mod tests;
