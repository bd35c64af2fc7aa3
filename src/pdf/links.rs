//! Links: a named destination for every anchor, link annotations on their rectangles.

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::destination::{Destination, NamedDestination, XyzDestination};
use krilla::geom::{Point, Rect};
use krilla::page::Page;
use krilla::Document;

use super::Context;
use crate::layout::page::{LinkDest, Page as LayoutPage, PageModel, StructKind};

/// Registers one named destination per anchor of the model (the anchor's name, as in the EPUB).
pub(crate) fn register_destinations(doc: &mut Document, model: &PageModel) {
    for (name, anchor) in &model.anchors {
        let xyz = XyzDestination::new(anchor.page, Point::from_xy(0.0, anchor.y.max(0.0)));
        let _ = doc.register_named_destination(NamedDestination::new(name.clone(), xyz));
    }
}

/// Adds the link annotations of the page `drawn`, tagged into their `Link` structure element.
pub(crate) fn annotate(cx: &mut Context, page: &mut Page, drawn: &LayoutPage) {
    let model = cx.model;
    for link in &drawn.links {
        let Some(rect) = Rect::from_xywh(link.x, link.y, link.width.max(1.0), link.height.max(1.0))
        else {
            continue;
        };
        let target = match &link.target {
            LinkDest::Anchor(name) => match model.anchors.get(name) {
                Some(a) => Target::Destination(Destination::Named(NamedDestination::new(
                    name.clone(),
                    XyzDestination::new(a.page, Point::from_xy(0.0, a.y.max(0.0))),
                ))),
                None => continue,
            },
            LinkDest::Uri(uri) => Target::Action(Action::Link(LinkAction::new(uri.clone()))),
        };
        let alt = match model.structure.get(link.node.0 as usize).map(|n| &n.kind) {
            Some(StructKind::Link { alt }) if !alt.is_empty() => alt.clone(),
            _ => match &link.target {
                LinkDest::Anchor(name) => format!("lien vers {name}"),
                LinkDest::Uri(uri) => uri.clone(),
            },
        };
        let annotation = Annotation::new_link(LinkAnnotation::new(rect, target), Some(alt));
        let id = page.add_tagged_annotation(annotation);
        cx.leaves.entry(link.node).or_default().push((link.seq, id));
    }
}
