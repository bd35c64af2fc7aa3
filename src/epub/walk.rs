//! A depth-first walk over every block and inline of a chapter, in reading order.

use crate::doc::{Block, Chapter, Inline};

/// A node met on the walk.
#[derive(Debug, Clone, Copy)]
pub(super) enum Node<'a> {
    Block(&'a Block),
    Inline(&'a Inline),
}

/// Calls `visit` on every node of `chapter`: title, subtitle, blocks, then footnotes — the
/// order the XHTML document is written in.
pub(super) fn chapter<'a>(chapter: &'a Chapter, visit: &mut impl FnMut(Node<'a>)) {
    inlines(&chapter.title, visit);
    if let Some(subtitle) = &chapter.subtitle {
        inlines(subtitle, visit);
    }
    blocks(&chapter.blocks, visit);
    for note in &chapter.footnotes {
        blocks(&note.blocks, visit);
    }
}

/// Calls `visit` on every block of `list` and everything inside, depth first.
pub(super) fn blocks<'a>(list: &'a [Block], visit: &mut impl FnMut(Node<'a>)) {
    for block in list {
        visit(Node::Block(block));
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content, .. }
            | Block::Lead { content, .. } => inlines(content, visit),
            Block::List { items, .. } => {
                for item in items {
                    blocks(&item.blocks, visit);
                }
            }
            Block::Quote { blocks: inner, .. } => blocks(inner, visit),
            Block::Table(table) => {
                if let Some(caption) = &table.caption {
                    inlines(caption, visit);
                }
                for row in table.head.iter().chain(&table.body) {
                    for cell in row {
                        blocks(&cell.blocks, visit);
                    }
                }
            }
            Block::Figure { caption, .. } => {
                if let Some(caption) = caption {
                    inlines(caption, visit);
                }
            }
            Block::Aside {
                title,
                blocks: inner,
                ..
            } => {
                if let Some(title) = title {
                    inlines(title, visit);
                }
                blocks(inner, visit);
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    inlines(&item.term, visit);
                    for detail in &item.details {
                        blocks(detail, visit);
                    }
                }
            }
            Block::Code { .. } | Block::Rule { .. } | Block::Anchor { .. } => {}
        }
    }
}

/// Calls `visit` on every inline of `list` and everything inside, depth first.
pub(super) fn inlines<'a>(list: &'a [Inline], visit: &mut impl FnMut(Node<'a>)) {
    for inline in list {
        visit(Node::Inline(inline));
        if let Some(c) = inline.children() {
            inlines(c, visit);
        }
    }
}
