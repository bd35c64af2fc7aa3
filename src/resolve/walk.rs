//! Visiting every link and image of a chapter, wherever it sits (titles, tables, notes…).

use crate::doc::visit::{self, Part};
use crate::doc::{Block, Chapter, Image, Inline, LinkTarget, Pos};

/// What [`chapter`] hands out, in reading order.
pub trait Visitor {
    /// A link: its `href`, where it is, and the target to fill in.
    fn link(&mut self, href: &str, pos: Pos, target: &mut LinkTarget);
    /// An image, inline or standing alone.
    fn image(&mut self, image: &mut Image);
}

/// Visits the chapter's title, subtitle, blocks and footnotes.
pub fn chapter(ch: &mut Chapter, v: &mut dyn Visitor) {
    inlines(&mut ch.title, v);
    if let Some(sub) = &mut ch.subtitle {
        inlines(sub, v);
    }
    blocks(&mut ch.blocks, v);
    for note in &mut ch.footnotes {
        blocks(&mut note.blocks, v);
    }
}

fn blocks(blocks: &mut [Block], v: &mut dyn Visitor) {
    visit::blocks_mut(blocks, &mut |part| match part {
        Part::Inlines(content) => inlines(content, v),
        Part::Figure(image) => v.image(image),
    });
}

fn inlines(content: &mut [Inline], v: &mut dyn Visitor) {
    for inline in content {
        match inline {
            Inline::Link {
                href,
                target,
                content,
                pos,
            } => {
                v.link(href, *pos, target);
                inlines(content, v);
            }
            Inline::Image(image) => v.image(image),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Abbr { content: c, .. }
            | Inline::Lang { content: c, .. } => inlines(c, v),
            Inline::Text(_)
            | Inline::Code(_)
            | Inline::FootnoteRef { .. }
            | Inline::LineBreak
            | Inline::Anchor(_) => {}
        }
    }
}
