//! Drawing text runs and rectangles.
//!
//! Each run is drawn with `Surface::draw_glyphs` and the run's own text, so that a PDF reader
//! maps glyphs back to characters through their clusters: a hyphenated line ends in U+00AD
//! tied to the hyphen glyph, and text extraction re-joins the word.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};

use super::Context;
use crate::layout::color::Rgb;
use crate::layout::page::TextRun;

/// A krilla fill of colour `c`.
pub(crate) fn fill(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        ..Fill::default()
    }
}

/// Draws the glyphs `range` of a run, the first one's origin at `(x, y)` (baseline).
pub(crate) fn draw_run(
    cx: &mut Context,
    surface: &mut Surface,
    x: f32,
    y: f32,
    run: &TextRun,
    range: std::ops::Range<usize>,
) {
    let Some(font) = cx.fonts.get(run.font) else {
        return;
    };
    let Some(subset) = run.glyphs.get(range.clone()) else {
        return;
    };
    let first = range.start;
    // An expanded line's glyphs are drawn under a horizontal scale about the pen start; their
    // advances, which include the scale, are given unscaled, so they land where they were set.
    let scale = if run.hscale > 0.0 && (run.hscale - 1.0).abs() > 1e-6 {
        run.hscale
    } else {
        1.0
    };
    let mut glyphs: Vec<KrillaGlyph> = Vec::with_capacity(subset.len());
    for (i, g) in subset.iter().enumerate() {
        if g.id == 0 {
            // `.notdef` is forbidden in PDF/A: keep its advance, drop the glyph.
            if let Some(prev) = glyphs.last_mut() {
                prev.x_advance += g.advance / scale;
                prev.text_range.end = prev.text_range.end.max(g.text_range().end);
            }
            continue;
        }
        let (x_offset, y_offset) = run.offset(first + i);
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(u32::from(g.id)),
            g.advance / scale,
            x_offset / scale,
            y_offset,
            0.0,
            g.text_range(),
            None,
        ));
    }
    if glyphs.is_empty() {
        return;
    }
    surface.set_fill(Some(fill(run.color)));
    let origin = if scale == 1.0 {
        Point::from_xy(x, y)
    } else {
        surface.push_transform(&Transform::from_row(scale, 0.0, 0.0, 1.0, x, y));
        Point::from_xy(0.0, 0.0)
    };
    surface.draw_glyphs(origin, &glyphs, font, &run.text, run.size, false);
    if scale != 1.0 {
        surface.pop();
    }
}

/// Draws a rectangle with its top-left corner at `(x, y)`.
pub(crate) fn draw_rect(
    surface: &mut Surface,
    x: f32,
    y: f32,
    width: f32,
    height: f32,
    fill_color: Option<Rgb>,
    stroke: Option<(Rgb, f32)>,
) {
    let Some(rect) = Rect::from_xywh(x, y, width.max(0.01), height.max(0.01)) else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    let Some(path) = pb.finish() else {
        return;
    };
    surface.set_fill(fill_color.map(fill));
    surface.set_stroke(stroke.map(|(c, w)| Stroke {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        width: w,
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
}
