//! The outline (bookmarks): chapters, then their sections, as the page model lists them.

use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::outline::{Outline, OutlineNode};

use crate::layout::page::{OutlineEntry, PageModel};

/// The document outline; entries whose anchor was not placed are left out.
pub(crate) fn outline(model: &PageModel) -> Outline {
    let mut outline = Outline::new();
    for entry in &model.outline {
        if let Some(node) = node(model, entry) {
            outline.push_child(node);
        }
    }
    outline
}

fn node(model: &PageModel, entry: &OutlineEntry) -> Option<OutlineNode> {
    let anchor = model.anchors.get(&entry.anchor)?;
    let dest = XyzDestination::new(anchor.page, Point::from_xy(0.0, anchor.y.max(0.0)));
    let mut node = OutlineNode::new(entry.title.clone(), dest);
    for child in &entry.children {
        if let Some(c) = self::node(model, child) {
            node.push_child(c);
        }
    }
    Some(node)
}
