//! The walk over a chapter's tree, written once: every stage that looks at the whole tree
//! (resolve, typography, the EPUB's ids and images) goes through here instead of matching
//! blocks itself, so a new kind of block is taught to this file alone.
//!
//! The order is reading order, the order the document is written in: the chapter's title, its
//! subtitle, its blocks, then its footnotes; inside a block, depth first — a list's items, a
//! table's caption then its cells (head, then body), a figure's image then its caption, an
//! aside's title then its content, a term then its details.
//!
//! It comes in two flavours, in that same order (Rust cannot be generic over `&` and `&mut`,
//! so the structure is spelled out once for each):
//!
//! - to change the tree, [`chapter_mut`] and [`blocks_mut`] hand out [`Part`]s: each run of
//!   inline content whole, since a rule that reads across a paragraph (typography) needs the run,
//!   and each figure's image; [`inlines_mut`] then reaches every inline of a run;
//! - to read it, [`chapter`], [`blocks`] and [`inlines`] hand out every [`Node`], each block
//!   before what it holds and each inline before its children.

use super::{Block, Chapter, Image, Inline};

/// What [`blocks_mut`] hands out, in reading order.
pub enum Part<'a> {
    /// A run of inline content: a paragraph, a heading, a caption, a title, a term.
    Inlines(&'a mut [Inline]),
    /// The image of a figure (before its caption).
    Figure(&'a mut Image),
}

/// Calls `visit` on every part of the chapter: its title, its subtitle, the parts of its blocks,
/// then those of its footnotes.
pub fn chapter_mut(chapter: &mut Chapter, visit: &mut dyn FnMut(Part)) {
    visit(Part::Inlines(&mut chapter.title));
    if let Some(subtitle) = &mut chapter.subtitle {
        visit(Part::Inlines(subtitle));
    }
    blocks_mut(&mut chapter.blocks, visit);
    for note in &mut chapter.footnotes {
        blocks_mut(&mut note.blocks, visit);
    }
}

/// Calls `visit` on every part of `blocks`, depth first, in reading order. Inline content is
/// handed over whole: what is nested inside it is the caller's to walk ([`inlines_mut`]).
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

/// Calls `visit` on every inline of a run and everything inside, depth first: each inline
/// before its children (a link before its text).
pub fn inlines_mut(list: &mut [Inline], visit: &mut dyn FnMut(&mut Inline)) {
    for inline in list {
        visit(inline);
        if let Some(c) = inline.children_mut() {
            inlines_mut(c, visit);
        }
    }
}

/// A node met on the read-only walk.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Block(&'a Block),
    Inline(&'a Inline),
}

/// Calls `visit` on every node of the chapter: its title, its subtitle, its blocks, then its
/// footnotes.
pub fn chapter<'a>(chapter: &'a Chapter, visit: &mut impl FnMut(Node<'a>)) {
    inlines(&chapter.title, visit);
    if let Some(subtitle) = &chapter.subtitle {
        inlines(subtitle, visit);
    }
    blocks(&chapter.blocks, visit);
    for note in &chapter.footnotes {
        blocks(&note.blocks, visit);
    }
}

/// Calls `visit` on every block of `list` and everything inside, depth first. A figure's image
/// is not a node of its own: it is read from the figure's block.
pub fn blocks<'a>(list: &'a [Block], visit: &mut impl FnMut(Node<'a>)) {
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
pub fn inlines<'a>(list: &'a [Inline], visit: &mut impl FnMut(Node<'a>)) {
    for inline in list {
        visit(Node::Inline(inline));
        if let Some(c) = inline.children() {
            inlines(c, visit);
        }
    }
}
