//! Stage 6, `pdf`: the page model into a tagged PDF/UA-1 + PDF/A-2a file, with krilla.
//!
//! Entry point: [`write`]. One module per PDF concern, called in order by [`write`]; the
//! document-wide state (fonts, images, the marked-content ids of each structure element) lives
//! in [`Context`].

mod fonts;
mod images;
mod links;
mod metadata;
mod outline;
mod tags;
mod text;

use std::collections::BTreeMap;
use std::fmt;

use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, PdfVersion};
use krilla::geom::Point;
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::surface::Surface;
use krilla::tagging::{ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::{Document, SerializeSettings};

use crate::doc::BookMeta;
use crate::layout::page::{ItemKind, NodeId, PageModel};

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
    let mut doc = Document::new_with(settings(opts)?);
    let mut cx = Context {
        model,
        fonts: fonts::FontCache::new(model),
        images: images::ImageCache::default(),
        leaves: BTreeMap::new(),
    };
    // Named destinations first: links refer to them by name.
    links::register_destinations(&mut doc, model);
    for (index, page) in model.pages.iter().enumerate() {
        let label = PageLabel::new(
            Some(NumberingStyle::Arabic),
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
            draw_page(&mut cx, &mut surface, index);
            surface.finish();
        }
        links::annotate(&mut cx, &mut pdf_page, index);
        pdf_page.finish();
    }
    doc.set_tag_tree(tags::tree(&mut cx, meta));
    doc.set_outline(outline::outline(model));
    doc.set_metadata(metadata::metadata(meta));
    doc.finish().map_err(|e| PdfError {
        causes: metadata::explain(&e),
    })
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

/// Draws every item of page `index`, each in its marked-content section.
fn draw_page(cx: &mut Context, surface: &mut Surface, index: usize) {
    let page = &cx.model.pages[index];
    for item in &page.items {
        let tag = match (&item.node, &item.kind) {
            (None, _) => {
                ContentTag::Artifact(krilla::tagging::Artifact::with_kind(ArtifactType::Other))
            }
            (Some(_), ItemKind::Text(run)) => ContentTag::Span(SpanTag {
                lang: run.lang.as_deref(),
                ..SpanTag::empty()
            }),
            (Some(_), _) => ContentTag::Other,
        };
        let id = surface.start_tagged(tag);
        match &item.kind {
            ItemKind::Text(run) => text::draw_run(cx, surface, item.x, item.y, run),
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
        surface.end_tagged();
        if let Some(node) = item.node {
            cx.leaves.entry(node).or_default().push((item.seq, id));
        }
    }
}
