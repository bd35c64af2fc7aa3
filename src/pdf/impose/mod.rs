//! Imposition: the guide's finished PDF pages placed two by two on A4 sheets, for a booklet.
//!
//! Entry point: [`booklet`]. The pages are not drawn again: each is embedded from the guide's
//! own PDF as a form XObject (its content stream and resources as they are, vectors and
//! fonts shared between pages), drawn at 100 % and centred on its half-sheet, then moved
//! towards the spine by the creep correction. Which page goes where is [`plan`]'s work.
//!
//! The imposed file is a print file, not a reading copy: it has no tags, outline or links
//! (the guide's PDF keeps them), only the title and language in its metadata.

pub mod plan;
pub mod print_shop;

use std::sync::Arc;

use krilla::configure::{ConfigurationBuilder, PdfVersion};
use krilla::geom::{Path, PathBuilder, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::FillRule;
use krilla::pdf::{Pdf, PdfDocument};
use krilla::{Document, SerializeSettings};

use super::PdfError;
use crate::book::BookMeta;

const MM: f32 = 72.0 / 25.4;
/// The sheet: A4 landscape (297 × 210 mm), folded in the middle into two A5 halves.
pub const SHEET_WIDTH: f32 = 297.0 * MM;
pub const SHEET_HEIGHT: f32 = 210.0 * MM;

/// How the booklet is imposed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BookletOptions {
    /// Paper thickness for creep correction, in points (0: none).
    pub creep: f32,
    /// Sheets folded together in one gathering; `None`: the whole booklet is one.
    pub sheets_per_signature: Option<usize>,
    /// The guide's last page is a back cover: padding blanks go before it.
    pub last_is_back_cover: bool,
}

/// The imposed booklet and its plan.
#[derive(Debug, Clone)]
pub struct Booklet {
    pub bytes: Vec<u8>,
    pub plan: plan::Plan,
}

/// Imposes the guide's PDF (`guide`, A5 pages or any page that fits half a sheet) as a
/// saddle-stitched booklet on A4 landscape sheets, front and back of each sheet in turn.
pub fn booklet(guide: &[u8], meta: &BookMeta, opts: &BookletOptions) -> Result<Booklet, PdfError> {
    let fail = |cause: String| PdfError {
        causes: vec![cause],
    };
    let pdf = Pdf::new(guide.to_vec())
        .map_err(|e| fail(format!("cannot read the guide's pdf back: {e:?}")))?;
    let pages: Vec<(f32, f32)> = pdf.pages().iter().map(|p| p.render_dimensions()).collect();
    let (width, height) = pages.first().copied().unwrap_or((0.0, 0.0));
    if !fits_half_sheet(width, height) {
        return Err(fail(format!(
            "a {:.0} × {:.0} mm page does not fit half an A4 sheet",
            width / MM,
            height / MM
        )));
    }
    let plan = plan::plan(
        pages.len(),
        opts.last_is_back_cover,
        opts.sheets_per_signature,
        opts.creep,
    );
    let source = PdfDocument::new(Arc::new(pdf));
    let mut doc = Document::new_with(settings()?);
    let sheet = PageSettings::from_wh(SHEET_WIDTH, SHEET_HEIGHT)
        .ok_or_else(|| fail("bad sheet size".into()))?;
    let size = Size::from_wh(width, height).ok_or_else(|| fail("bad page size".into()))?;
    for side in plan.sheets.iter().flat_map(|s| [s.front, s.back]) {
        let mut page = doc.start_page_with(sheet.clone());
        let mut surface = page.surface();
        for (slot, x, half) in [
            (side.left, left_x(width) + side.left.shift, 0.0),
            (
                side.right,
                right_x(width) - side.right.shift,
                SHEET_WIDTH / 2.0,
            ),
        ] {
            let Some(index) = slot.page else { continue };
            // Clipped to its half: a page moved by the creep correction may cross the fold
            // by a fraction of a millimetre, which only its inner margin fills.
            surface.push_clip_path(&half_sheet(half)?, &FillRule::NonZero);
            surface.push_transform(&Transform::from_translate(x, top_y(height)));
            surface.draw_pdf_page(&source, size, index);
            surface.pop();
            surface.pop();
        }
        surface.finish();
        page.finish();
    }
    doc.set_metadata(metadata(meta));
    let bytes = doc.finish().map_err(|e| PdfError {
        causes: vec![format!("cannot write the booklet: {e:?}")],
    })?;
    Ok(Booklet { bytes, plan })
}

/// Whether a `width` × `height` page fits half a sheet (an A5 page does).
pub fn fits_half_sheet(width: f32, height: f32) -> bool {
    width <= SHEET_WIDTH / 2.0 + 0.5 && height <= SHEET_HEIGHT + 0.5
}

/// The half of the sheet starting at `x`, as a clip path.
fn half_sheet(x: f32) -> Result<Path, PdfError> {
    let mut builder = PathBuilder::new();
    let rect = Rect::from_xywh(x, 0.0, SHEET_WIDTH / 2.0, SHEET_HEIGHT);
    builder.push_rect(rect.ok_or_else(|| PdfError {
        causes: vec!["bad half-sheet".into()],
    })?);
    builder.finish().ok_or_else(|| PdfError {
        causes: vec!["bad half-sheet".into()],
    })
}

/// The x of a page centred on the sheet's left half.
pub fn left_x(width: f32) -> f32 {
    (SHEET_WIDTH / 2.0 - width) / 2.0
}

/// The x of a page centred on the sheet's right half.
pub fn right_x(width: f32) -> f32 {
    SHEET_WIDTH / 2.0 + (SHEET_WIDTH / 2.0 - width) / 2.0
}

/// The y (from the sheet's top) of a page centred vertically.
pub fn top_y(height: f32) -> f32 {
    (SHEET_HEIGHT - height) / 2.0
}

/// The metadata of a print file: the guide's title and language.
fn metadata(meta: &BookMeta) -> Metadata {
    let metadata = Metadata::new().title(meta.title.clone());
    if meta.lang.is_empty() {
        metadata
    } else {
        metadata.language(meta.lang.clone())
    }
}

/// A print file's settings: PDF 1.7, untagged (the guide's PDF is the accessible one).
fn settings() -> Result<SerializeSettings, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_version(PdfVersion::Pdf17)
        .finish()
        .map_err(|e| PdfError {
            causes: vec![format!("bad pdf configuration: {e:?}")],
        })?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: false,
        compress_content_streams: true,
        ..SerializeSettings::default()
    })
}
