//! Stage 6, `pdf`: the page model into a tagged PDF/UA-1 + PDF/A-2a file, with krilla.
//!
//! Entry point: [`write()`]. One module per PDF concern, called in order by [`write()`]; the
//! document-wide state (fonts, images, the marked-content ids of each structure element) lives
//! in [`Context`].
//!
//! Hyphenated words: the hyphen that ends a line is mapped to U+00AD SOFT HYPHEN in the text
//! layer, which is how the PDF specification (ISO 32000-1, 14.8.2.2.3) marks a word broken at
//! a line end, so that conforming readers search and copy it whole (`élaboration`). An
//! `/ActualText` holding the whole word on the first half was tried and left: poppler then
//! placed the word lines away, and MuPDF-based tools read the lines without their hyphens.

mod fonts;
mod images;
pub mod impose;
mod links;
mod metadata;
mod outline;
mod tags;
mod text;
mod viewer;

use std::collections::BTreeMap;
use std::fmt;

use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, PdfVersion};
use krilla::geom::Point;
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::{Document, SerializeSettings};

use crate::book::BookMeta;
use crate::layout::page::{ItemKind, NodeId, Numbering, Page, PageItem, PageModel, TextRun};

/// How the PDF is checked while written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// Validate PDF/UA-1 and PDF/A-2a (on by default): a violation is an error.
    pub validate: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions { validate: true }
    }
}

/// Why the PDF could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError {
    /// Lowercase, one cause a line.
    pub causes: Vec<String>,
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write the pdf: {}", self.causes.join("; "))
    }
}

impl std::error::Error for PdfError {}

/// Document-wide state shared by the PDF modules.
pub(crate) struct Context<'a> {
    pub model: &'a PageModel,
    pub fonts: fonts::FontCache,
    pub images: images::ImageCache,
    /// Marked content and annotations of each structure element, with their reading-order
    /// sequence number.
    pub leaves: BTreeMap<NodeId, Vec<(u32, Identifier)>>,
}

/// Writes the page model as PDF bytes. Same model, same bytes: no clock, no randomness.
pub fn write(model: &PageModel, meta: &BookMeta, opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    render(model, model.pages.iter(), meta, opts)
}

/// [`write()`], taking the model: each page's drawn things are freed once the page is written,
/// so a large book is not held twice (as page model and as PDF objects) at the end.
pub fn write_owned(
    mut model: PageModel,
    meta: &BookMeta,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let pages = std::mem::take(&mut model.pages);
    render(&model, pages.into_iter(), meta, opts)
}

/// Writes `pages` (the model's, which the model itself may no longer hold).
fn render<P: std::borrow::Borrow<Page>>(
    model: &PageModel,
    pages: impl Iterator<Item = P>,
    meta: &BookMeta,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::new_with(settings(opts)?);
    let mut cx = Context {
        model,
        fonts: fonts::FontCache::new(model),
        // Every raster image made now: krilla compresses each on a worker thread from its
        // creation, so the compression runs while the pages are drawn.
        images: images::ImageCache::start(model),
        leaves: BTreeMap::new(),
    };
    // Named destinations first: links refer to them by name.
    links::register_destinations(&mut doc, model);
    for page in pages {
        let page = page.borrow();
        let numbering = match page.numbering {
            Numbering::Roman => NumberingStyle::LowerRoman,
            Numbering::Arabic => NumberingStyle::Arabic,
        };
        let label = PageLabel::new(
            Some(numbering),
            None,
            std::num::NonZeroU32::new(page.number.max(1)),
        );
        let size_settings = PageSettings::from_wh(model.width, model.height)
            .ok_or_else(|| PdfError {
                causes: vec![format!(
                    "page size {} × {} is not valid",
                    model.width, model.height
                )],
            })?
            .with_page_label(label);
        let mut pdf_page = doc.start_page_with(size_settings);
        {
            let mut surface = pdf_page.surface();
            draw_page(&mut cx, &mut surface, page);
            surface.finish();
        }
        links::annotate(&mut cx, &mut pdf_page, page);
        pdf_page.finish();
    }
    doc.set_tag_tree(tags::tree(&mut cx, meta));
    doc.set_outline(outline::outline(model));
    doc.set_metadata(metadata::metadata(meta));
    let bytes = doc.finish().map_err(|e| PdfError {
        causes: metadata::explain(&e),
    })?;
    Ok(viewer::open_with_bookmarks(bytes))
}

fn settings(opts: &PdfOptions) -> Result<SerializeSettings, PdfError> {
    let mut builder = ConfigurationBuilder::new().with_version(PdfVersion::Pdf17);
    if opts.validate {
        builder = builder
            .with_archival_validator(Archival::A2_A)
            .with_accessibility_validator(Accessibility::UA1);
    }
    let configuration = builder.finish().map_err(|e| PdfError {
        causes: vec![format!("bad pdf configuration: {e:?}")],
    })?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: true,
        compress_content_streams: true,
        ..SerializeSettings::default()
    })
}

/// Draws every item of `page`, each in its marked-content section; then the running
/// head and folio as pagination artifacts.
fn draw_page(cx: &mut Context, surface: &mut Surface, page: &Page) {
    for item in &page.items {
        match (&item.node, &item.kind) {
            (Some(node), ItemKind::Text(run)) => draw_text(cx, surface, item, *node, run),
            (node, _) => {
                let tag = match node {
                    None => ContentTag::Artifact(Artifact::with_kind(decoration(&item.kind))),
                    Some(_) => ContentTag::Other,
                };
                let id = surface.start_tagged(tag);
                draw_item(cx, surface, item);
                surface.end_tagged();
                if let Some(node) = node {
                    cx.leaves.entry(*node).or_default().push((item.seq, id));
                }
            }
        }
    }
    let folio_y = cx.model.height / 2.0;
    for item in &page.furniture {
        // Above the middle of the page: the running head; below: the folio.
        let kind = if item.y < folio_y {
            ArtifactType::Header
        } else {
            ArtifactType::PageNumber
        };
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
        draw_item(cx, surface, item);
        surface.end_tagged();
    }
}

/// The artifact type of an untagged item: a layout ornament (rules, box backgrounds,
/// leaders, decorative images). Not `Background`: krilla wants a bounding box for those in
/// PDF 1.7, and a box's background is drawn piecewise, one piece per line.
fn decoration(_kind: &ItemKind) -> ArtifactType {
    ArtifactType::Layout
}

/// A text run of structure element `node`: one span, or several when some of its glyphs carry
/// an actual text (the halves of a hyphenated word), each its own marked content.
fn draw_text(
    cx: &mut Context,
    surface: &mut Surface,
    item: &PageItem,
    node: NodeId,
    run: &TextRun,
) {
    let n = run.glyphs.len();
    let mut cuts: Vec<(std::ops::Range<usize>, Option<&str>)> = Vec::new();
    let mut at = 0;
    let mut actual: Vec<_> = run.actual.iter().filter(|a| a.glyphs.end <= n).collect();
    actual.sort_by_key(|a| a.glyphs.start);
    for a in actual {
        if a.glyphs.start < at || a.glyphs.is_empty() {
            continue;
        }
        if a.glyphs.start > at {
            cuts.push((at..a.glyphs.start, None));
        }
        cuts.push((a.glyphs.clone(), Some(a.text.as_str())));
        at = a.glyphs.end;
    }
    if at < n || cuts.is_empty() {
        cuts.push((at..n, None));
    }
    for (glyphs, actual_text) in cuts {
        let dx: f32 = run.glyphs[..glyphs.start]
            .iter()
            .map(|g| g.advance)
            .sum::<f32>()
            * run.size;
        let tag = ContentTag::Span(SpanTag {
            lang: run.lang.as_deref(),
            expanded: run.expanded.as_deref(),
            actual_text,
            ..SpanTag::empty()
        });
        let id = surface.start_tagged(tag);
        match actual_text {
            // The soft hyphen's glyph is read through the actual text: drawn as a plain `-`,
            // so that krilla does not nest an actual text of its own (which poppler, reading
            // the nested one, lets win over the word).
            Some(_) if run.text.ends_with('\u{ad}') => {
                let plain = with_plain_hyphen(run);
                text::draw_run(cx, surface, item.x + dx, item.y, &plain, glyphs);
            }
            _ => text::draw_run(cx, surface, item.x + dx, item.y, run, glyphs),
        }
        surface.end_tagged();
        cx.leaves.entry(node).or_default().push((item.seq, id));
    }
}

/// The run with its final soft hyphen (U+00AD) written as `-`, glyph ranges following.
fn with_plain_hyphen(run: &TextRun) -> TextRun {
    let cut = run.text.len() - '\u{ad}'.len_utf8();
    let mut plain = run.clone();
    plain.text = format!("{}-", &run.text[..cut]);
    let len = plain.text.len();
    for g in &mut plain.glyphs {
        let r = g.text_range();
        g.set_text_range(r.start.min(len - 1)..r.end.min(len));
    }
    plain
}

/// Draws one item, untagged (the caller opened its marked content).
fn draw_item(cx: &mut Context, surface: &mut Surface, item: &PageItem) {
    match &item.kind {
        ItemKind::Text(run) => {
            text::draw_run(cx, surface, item.x, item.y, run, 0..run.glyphs.len())
        }
        ItemKind::Rect {
            width,
            height,
            fill,
            stroke,
        } => text::draw_rect(surface, item.x, item.y, *width, *height, *fill, *stroke),
        ItemKind::Rule {
            width,
            thickness,
            color,
        } => text::draw_rect(
            surface,
            item.x,
            item.y,
            *width,
            *thickness,
            Some(*color),
            None,
        ),
        ItemKind::Image { id, width, height } => images::draw(
            cx,
            surface,
            *id,
            Point::from_xy(item.x, item.y),
            *width,
            *height,
        ),
    }
}
