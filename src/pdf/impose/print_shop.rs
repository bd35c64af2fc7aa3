//! The print-shop file: each page of the guide on a larger sheet, with bleed, crop marks, and
//! the TrimBox and BleedBox a print shop's software reads to trim and bind it itself.
//!
//! Like the booklet, the pages are the guide's own, embedded as form XObjects at 100 %. The
//! page's MediaBox grows by the bleed and, with crop marks, by a slug for them; the TrimBox is
//! the guide's page (the finished size), the BleedBox the page plus the bleed. The crop marks
//! are hairlines at each corner, in the slug, starting at the bleed's edge so that none shows
//! on a trimmed page. No element of livret's pages reaches the trim edge today (the cover
//! image and every picture sit inside the margins), so the bleed is left white.

use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::pdf::{Pdf, PdfDocument};
use krilla::Document;

use super::super::PdfError;
use crate::book::BookMeta;

const MM: f32 = 72.0 / 25.4;
/// The slug around the bleed that holds the crop marks.
pub const SLUG: f32 = 10.0 * MM;
/// Crop marks stop this far from the sheet's edge.
const MARK_END: f32 = 2.0 * MM;
/// Crop marks' thickness: a hairline, as print shops ask.
const MARK_WIDTH: f32 = 0.25;

/// The boxes of one page of the print-shop file, in points from the sheet's top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boxes {
    pub media: (f32, f32),
    /// The finished page: x, y, width, height.
    pub trim: (f32, f32, f32, f32),
    pub bleed: (f32, f32, f32, f32),
}

/// The boxes for a `width` × `height` page with `bleed` and, with `marks`, a slug for them.
pub fn boxes(width: f32, height: f32, bleed: f32, marks: bool) -> Boxes {
    let slug = if marks { SLUG } else { 0.0 };
    let edge = slug + bleed;
    Boxes {
        media: (width + 2.0 * edge, height + 2.0 * edge),
        trim: (edge, edge, width, height),
        bleed: (slug, slug, width + 2.0 * bleed, height + 2.0 * bleed),
    }
}

/// Writes the print-shop file of the guide's PDF (`guide`): every page with `bleed` points
/// of bleed, crop marks when `marks`, and its TrimBox and BleedBox.
pub fn print_shop(
    guide: &[u8],
    meta: &BookMeta,
    bleed: f32,
    marks: bool,
) -> Result<Vec<u8>, PdfError> {
    let fail = |cause: String| PdfError {
        causes: vec![cause],
    };
    let pdf = Pdf::new(guide.to_vec())
        .map_err(|e| fail(format!("cannot read the guide's pdf back: {e:?}")))?;
    let sizes: Vec<(f32, f32)> = pdf.pages().iter().map(|p| p.render_dimensions()).collect();
    let source = PdfDocument::new(Arc::new(pdf));
    let mut doc = Document::new_with(super::settings()?);
    for (index, (width, height)) in sizes.into_iter().enumerate() {
        let b = boxes(width, height, bleed, marks);
        let rect = |(x, y, w, h): (f32, f32, f32, f32)| Rect::from_xywh(x, y, w, h);
        let settings = PageSettings::from_wh(b.media.0, b.media.1)
            .ok_or_else(|| fail("bad page size".into()))?
            .with_trim_box(rect(b.trim))
            .with_bleed_box(rect(b.bleed));
        let size = Size::from_wh(width, height).ok_or_else(|| fail("bad page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        surface.push_transform(&Transform::from_translate(b.trim.0, b.trim.1));
        surface.draw_pdf_page(&source, size, index);
        surface.pop();
        if marks {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: rgb::Color::black().into(),
                width: MARK_WIDTH,
                ..Stroke::default()
            }));
            for (from, to) in crop_marks(&b, bleed) {
                let mut path = PathBuilder::new();
                path.move_to(from.x, from.y);
                path.line_to(to.x, to.y);
                if let Some(path) = path.finish() {
                    surface.draw_path(&path);
                }
            }
            surface.set_stroke(None);
        }
        surface.finish();
        page.finish();
    }
    doc.set_metadata(super::metadata(meta));
    doc.finish()
        .map_err(|e| fail(format!("cannot write the print-shop file: {e:?}")))
}

/// The eight crop marks: at each corner of the trim box, one along each of its edges,
/// from the bleed's edge out to [`MARK_END`] from the sheet's edge.
pub fn crop_marks(b: &Boxes, bleed: f32) -> Vec<(Point, Point)> {
    let (x0, y0, w, h) = b.trim;
    let (x1, y1) = (x0 + w, y0 + h);
    let (mw, mh) = b.media;
    let mut marks = Vec::with_capacity(8);
    for y in [y0, y1] {
        // Horizontal marks, left and right of the trim box, on its top and bottom edges.
        marks.push((Point::from_xy(MARK_END, y), Point::from_xy(x0 - bleed, y)));
        marks.push((
            Point::from_xy(x1 + bleed, y),
            Point::from_xy(mw - MARK_END, y),
        ));
    }
    for x in [x0, x1] {
        marks.push((Point::from_xy(x, MARK_END), Point::from_xy(x, y0 - bleed)));
        marks.push((
            Point::from_xy(x, y1 + bleed),
            Point::from_xy(x, mh - MARK_END),
        ));
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_nest_around_the_page() {
        let (w, h) = (148.0 * MM, 210.0 * MM);
        let b = boxes(w, h, 3.0 * MM, true);
        let close = |a: f32, b: f32| (a - b).abs() < 0.01;
        assert!(close(b.media.0, w + 26.0 * MM) && close(b.media.1, h + 26.0 * MM));
        assert!(close(b.trim.0, 13.0 * MM) && close(b.trim.2, w));
        assert!(close(b.bleed.0, 10.0 * MM) && close(b.bleed.2, w + 6.0 * MM));
        let plain = boxes(w, h, 3.0 * MM, false);
        assert!(close(plain.bleed.0, 0.0) && close(plain.media.0, w + 6.0 * MM));
    }

    #[test]
    fn crop_marks_stay_out_of_the_bleed() {
        let bleed = 3.0 * MM;
        let b = boxes(100.0, 200.0, bleed, true);
        let marks = crop_marks(&b, bleed);
        assert_eq!(marks.len(), 8);
        let (bx, by, bw, bh) = b.bleed;
        for (from, to) in marks {
            for p in [from, to] {
                let inside = p.x > bx + 0.01
                    && p.x < bx + bw - 0.01
                    && p.y > by + 0.01
                    && p.y < by + bh - 0.01;
                assert!(!inside, "a mark inside the bleed box: {p:?}");
                assert!(p.x >= 0.0 && p.y >= 0.0 && p.x <= b.media.0 && p.y <= b.media.1);
            }
        }
    }
}
