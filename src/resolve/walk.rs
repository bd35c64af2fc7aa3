//! Visiting every link and image of a chapter, wherever it sits (titles, tables, notes…).

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

fn blocks(blocks_: &mut [Block], v: &mut dyn Visitor) {
    for block in blocks_ {
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content, .. }
            | Block::Lead { content, .. } => inlines(content, v),
            Block::List { items, .. } => {
                for item in items {
                    blocks(&mut item.blocks, v);
                }
            }
            Block::Quote { blocks: b, .. } => blocks(b, v),
            Block::Table(table) => {
                if let Some(caption) = &mut table.caption {
                    inlines(caption, v);
                }
                for row in table.head.iter_mut().chain(table.body.iter_mut()) {
                    for cell in row {
                        blocks(&mut cell.blocks, v);
                    }
                }
            }
            Block::Figure { image, caption, .. } => {
                v.image(image);
                if let Some(caption) = caption {
                    inlines(caption, v);
                }
            }
            Block::Aside {
                title, blocks: b, ..
            } => {
                if let Some(title) = title {
                    inlines(title, v);
                }
                blocks(b, v);
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    inlines(&mut item.term, v);
                    for detail in &mut item.details {
                        blocks(detail, v);
                    }
                }
            }
            Block::Code { .. } | Block::Rule { .. } | Block::Anchor { .. } => {}
        }
    }
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
