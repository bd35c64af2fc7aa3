//! The properties the targets check on what a stage produced, beyond "no panic": one
//! function a property, each panicking (a finding) with what it saw.

use std::collections::{HashMap, HashSet};

use livret::book::{Block, Book, ImageTarget, Inline, LinkTarget};
use livret::diag::{Diagnostics, Severity};
use livret::layout::page::{LinkDest, PageModel};

/// Every anchor of the book (chapters, headings, anchors, footnotes), with its chapter. Panics
/// when one is given twice, or when a heading has none.
pub fn unique_anchors(book: &Book) -> HashMap<String, usize> {
    let mut ids: Vec<(String, usize)> = Vec::new();
    for (c, chapter) in book.chapters.iter().enumerate() {
        ids.push((chapter.id.clone(), c));
        let mut each = |node: Node, _depth: usize| match node {
            Node::Block(Block::Heading { id, .. }) => match id {
                Some(id) => ids.push((id.clone(), c)),
                None => panic!("a heading without anchor after resolve in chapter {c}"),
            },
            Node::Block(Block::Anchor { id, .. }) | Node::Inline(Inline::Anchor(id)) => {
                ids.push((id.clone(), c))
            }
            _ => {}
        };
        walk_blocks(&chapter.blocks, 0, &mut each);
        for note in &chapter.footnotes {
            walk_blocks(&note.blocks, 0, &mut each);
        }
        ids.extend(chapter.footnotes.iter().map(|n| (n.id.clone(), c)));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (id, chapter) in ids {
        assert!(!id.is_empty(), "empty anchor in chapter {chapter}");
        if let Some(first) = seen.insert(id.clone(), chapter) {
            panic!("anchor `{id}` given twice (chapters {first} and {chapter})");
        }
    }
    seen
}

/// Every link leads to an anchor of the chapter it names, outside the guide, or is broken
/// with an error on its line; every image is resolved, and a broken one has an error on its
/// line too.
pub fn links_lead_somewhere(book: &Book, anchors: &HashMap<String, usize>, diags: &Diagnostics) {
    let error_lines: HashSet<u32> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.line)
        .collect();
    for (c, chapter) in book.chapters.iter().enumerate() {
        let mut check = |node: Node, _depth: usize| {
            match node {
            Node::Inline(Inline::Link { href, target, pos, .. }) => match target {
                LinkTarget::Internal { chapter, anchor } => match anchors.get(anchor) {
                    Some(at) => assert_eq!(
                        at, chapter,
                        "link `{href}` in chapter {c}: anchor `{anchor}` is not in chapter {chapter}"
                    ),
                    None => panic!("link `{href}` in chapter {c} leads to no anchor (`{anchor}`)"),
                },
                LinkTarget::External(url) => {
                    assert!(!url.is_empty(), "link `{href}` in chapter {c}: empty URL")
                }
                LinkTarget::Broken => assert!(
                    error_lines.contains(&pos.line),
                    "broken link `{href}` in chapter {c} with no error on line {}",
                    pos.line
                ),
                LinkTarget::Unresolved => panic!("link `{href}` left unresolved"),
            },
            Node::Image(image) => match &image.target {
                ImageTarget::Unresolved => panic!("image `{}` left unresolved", image.src),
                ImageTarget::Broken => assert!(
                    error_lines.contains(&image.pos.line),
                    "broken image `{}` with no error on line {}",
                    image.src,
                    image.pos.line
                ),
                ImageTarget::File(_) | ImageTarget::Remote(_) => {}
            },
            _ => {}
        }
        };
        walk_blocks(&chapter.blocks, 0, &mut check);
        for note in &chapter.footnotes {
            walk_blocks(&note.blocks, 0, &mut check);
        }
    }
}

/// The deepest nesting of blocks and inline elements below a chapter (or a note).
pub fn depth(book: &Book) -> usize {
    let mut deepest = 0;
    for chapter in &book.chapters {
        walk_blocks(&chapter.blocks, 0, &mut |_, d| deepest = deepest.max(d));
        for note in &chapter.footnotes {
            walk_blocks(&note.blocks, 0, &mut |_, d| deepest = deepest.max(d));
        }
    }
    deepest
}

/// Every link area of the page model leads to an anchor of the model.
pub fn link_areas_lead_somewhere(model: &PageModel) {
    for (p, page) in model.pages.iter().enumerate() {
        for link in &page.links {
            if let LinkDest::Anchor(name) = &link.target {
                assert!(
                    model.anchors.contains_key(name),
                    "page {p}: a link area leads to no anchor (`{name}`)"
                );
            }
            assert!(
                link.width.is_finite() && link.height.is_finite() && link.width >= 0.0,
                "page {p}: a link area of {} × {}",
                link.width,
                link.height
            );
        }
    }
}

/// What [`walk_blocks`] hands out.
pub enum Node<'a> {
    Block(&'a Block),
    Inline(&'a Inline),
    Image(&'a livret::book::Image),
}

/// Calls `f` on every block, inline and image below `blocks`, with its depth (a block of the
/// chapter is at depth 1; each container block or inline element adds one).
pub fn walk_blocks<'a>(blocks: &'a [Block], depth: usize, f: &mut dyn FnMut(Node<'a>, usize)) {
    for block in blocks {
        let d = depth + 1;
        f(Node::Block(block), d);
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content, .. }
            | Block::Lead { content, .. } => walk_inlines(content, d, f),
            Block::List { items, .. } => {
                for item in items {
                    walk_blocks(&item.blocks, d, f);
                }
            }
            Block::Quote { blocks, .. } => walk_blocks(blocks, d, f),
            Block::Table(table) => {
                if let Some(caption) = &table.caption {
                    walk_inlines(caption, d, f);
                }
                for row in table.head.iter().chain(&table.body) {
                    for cell in row {
                        walk_blocks(&cell.blocks, d, f);
                    }
                }
            }
            Block::Figure { image, caption, .. } => {
                f(Node::Image(image), d + 1);
                if let Some(caption) = caption {
                    walk_inlines(caption, d, f);
                }
            }
            Block::Aside { title, blocks, .. } => {
                if let Some(title) = title {
                    walk_inlines(title, d, f);
                }
                walk_blocks(blocks, d, f);
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    walk_inlines(&item.term, d, f);
                    for detail in &item.details {
                        walk_blocks(detail, d, f);
                    }
                }
            }
            Block::Code { .. } | Block::Rule { .. } | Block::Anchor { .. } => {}
        }
    }
}

fn walk_inlines<'a>(inlines: &'a [Inline], depth: usize, f: &mut dyn FnMut(Node<'a>, usize)) {
    for inline in inlines {
        let d = depth + 1;
        f(Node::Inline(inline), d);
        if let Inline::Image(image) = inline {
            f(Node::Image(image), d);
        }
        if let Some(children) = inline.children() {
            walk_inlines(children, d, f);
        }
    }
}

/// Every run of text that belongs to the content (artifacts aside) ends within the text block:
/// the measure, from the page's left margin (half a point of tolerance, as the audit allows),
/// beyond what its last characters may hang into the margin (protrusion).
pub fn lines_within_measure(model: &PageModel, style: &livret::layout::style::Style) {
    use livret::layout::page::ItemKind;
    for (p, page) in model.pages.iter().enumerate() {
        let left = style.left(p);
        let right = left + style.measure() + 0.5;
        for item in &page.items {
            let ItemKind::Text(run) = &item.kind else {
                continue;
            };
            let (_, hang_right) = run.hang();
            if item.node.is_some() && item.x + run.width() - hang_right > right {
                panic!(
                    "page {p} ({:?}): the run {:?} at x = {:.2} is {:.2} pt wide, past the measure ({:.2} to {:.2}) by {:.2} pt",
                    page.kind,
                    run.text,
                    item.x,
                    run.width(),
                    left,
                    right - 0.5,
                    item.x + run.width() - right + 0.5
                );
            }
        }
    }
}
