//! Walking a chapter's blocks to change them: every run of inline content and every figure's
//! image, wherever they sit (lists, tables, asides, definition lists, captions).

use super::{Block, Image, Inline};

/// What [`blocks_mut`] hands out, in reading order.
pub enum Part<'a> {
    /// A run of inline content: a paragraph, a heading, a caption, a title, a term.
    Inlines(&'a mut [Inline]),
    /// The image of a figure (before its caption).
    Figure(&'a mut Image),
}

/// Calls `visit` on every part of `blocks`, depth first, in reading order. Inline content is
/// handed over whole: what is nested inside it is the caller's to walk.
pub fn blocks_mut(blocks: &mut [Block], visit: &mut dyn FnMut(Part)) {
    for block in blocks {
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content, .. }
            | Block::Lead { content, .. } => visit(Part::Inlines(content)),
            Block::List { items, .. } => {
                for item in items {
                    blocks_mut(&mut item.blocks, visit);
                }
            }
            Block::Quote { blocks: inner, .. } => blocks_mut(inner, visit),
            Block::Table(table) => {
                if let Some(caption) = &mut table.caption {
                    visit(Part::Inlines(caption));
                }
                for row in table.head.iter_mut().chain(table.body.iter_mut()) {
                    for cell in row {
                        blocks_mut(&mut cell.blocks, visit);
                    }
                }
            }
            Block::Figure { image, caption, .. } => {
                visit(Part::Figure(image));
                if let Some(caption) = caption {
                    visit(Part::Inlines(caption));
                }
            }
            Block::Aside {
                title,
                blocks: inner,
                ..
            } => {
                if let Some(title) = title {
                    visit(Part::Inlines(title));
                }
                blocks_mut(inner, visit);
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    visit(Part::Inlines(&mut item.term));
                    for detail in &mut item.details {
                        blocks_mut(detail, visit);
                    }
                }
            }
            Block::Code { .. } | Block::Rule { .. } | Block::Anchor { .. } => {}
        }
    }
}
