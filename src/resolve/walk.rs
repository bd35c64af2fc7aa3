//! The links and images of a chapter, handed to the `resolve` stage's rules: [`book::visit`]'s
//! walk to change the tree, narrowed to what resolving looks at — every link (before its text)
//! and every image, inline or a figure's, wherever it sits (titles, tables, notes…).
//!
//! [`book::visit`]: crate::book::visit

use crate::book::visit::{self, Part};
use crate::book::{Chapter, Image, Inline, LinkTarget, Pos};

/// What [`chapter`] hands out, in reading order.
pub trait Visitor {
    /// A link: its `href`, where it is, and the target to fill in.
    fn link(&mut self, href: &str, pos: Pos, target: &mut LinkTarget);
    /// An image, inline or standing alone.
    fn image(&mut self, image: &mut Image);
}

/// Visits the links and images of the chapter's title, subtitle, blocks and footnotes.
pub fn chapter(ch: &mut Chapter, v: &mut dyn Visitor) {
    visit::chapter_mut(ch, &mut |part| match part {
        Part::Inlines(content) => visit::inlines_mut(content, &mut |inline| match inline {
            Inline::Link {
                href, target, pos, ..
            } => v.link(href, *pos, target),
            Inline::Image(image) => v.image(image),
            _ => {}
        }),
        Part::Figure(image) => v.image(image),
    });
}
