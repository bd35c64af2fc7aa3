//! Book-wide unique anchors: every chapter, heading, anchor and footnote gets one.
//!
//! On the site each page is its own namespace; in the PDF (named destinations) all anchors share
//! one. The scheme, deterministic and readable:
//!
//! 1. Chapter ids come first, in reading order. A chapter without id is `chapter-<n>` (1-based);
//!    a repeated one gets `-2`, `-3`… .
//! 2. Each page's *original* ids are what a link can name: a markdown heading's kramdown id
//!    ([`super::ids`]) or explicit `{#id}`, an HTML heading's `id=`, `Block::Anchor` and
//!    `Inline::Anchor` ids, and `fn:<n>` for footnote `n` (kramdown's own footnote id).
//! 3. An original id used exactly once in the whole book (chapter ids included) is kept as is.
//! 4. Every other target, in reading order, gets `<chapter>-<original>`; a heading without any id
//!    (an HTML heading without `id=`, a heading kramdown leaves without id) gets
//!    `<chapter>-section-<n>` — reachable from the TOC and outline, not from a link; a footnote
//!    gets `<chapter>-fn-<number>`. If that is taken, `-2`, `-3`… is appended.
//! 5. When a page repeats an original id, links reach the first one (as browsers do); the later
//!    ones still get their own anchor.

use std::collections::{HashMap, HashSet};

use super::ids::GfmIds;
use crate::book::{Block, Book, HeadingOrigin, Inline};

/// Where each `(chapter, original id)` went in the book.
#[derive(Debug, Default)]
pub struct AnchorIndex {
    map: HashMap<(usize, String), String>,
    /// Each chapter's original ids, in reading order (for suggestions).
    originals: Vec<Vec<String>>,
}

impl AnchorIndex {
    /// The book anchor for `original` in chapter `chapter`.
    pub fn get(&self, chapter: usize, original: &str) -> Option<&str> {
        self.map
            .get(&(chapter, original.to_string()))
            .map(String::as_str)
    }

    /// The ids a link to chapter `chapter` can name, in reading order.
    pub fn originals(&self, chapter: usize) -> &[String] {
        self.originals.get(chapter).map_or(&[], Vec::as_slice)
    }
}

/// A place in a chapter that gets an anchor.
enum Slot<'a> {
    /// A heading: where its id goes, and the original id links know it by.
    Heading {
        id: &'a mut Option<String>,
        original: Option<String>,
    },
    Anchor(&'a mut String),
    Footnote {
        id: &'a mut String,
        number: u32,
    },
}

impl Slot<'_> {
    fn original(&self) -> Option<String> {
        match self {
            Slot::Heading { original, .. } => original.clone(),
            Slot::Anchor(id) => (!id.is_empty()).then(|| id.to_string()),
            Slot::Footnote { number, .. } => Some(format!("fn:{number}")),
        }
    }

    fn set(&mut self, anchor: String) {
        match self {
            Slot::Heading { id, .. } => **id = Some(anchor),
            Slot::Anchor(id) | Slot::Footnote { id, .. } => **id = anchor,
        }
    }
}

/// Gives every chapter, heading, anchor and footnote its book anchor (see the module doc).
pub fn assign(book: &mut Book) -> AnchorIndex {
    let mut used: HashSet<String> = HashSet::new();
    for (i, chapter) in book.chapters.iter_mut().enumerate() {
        let base = if chapter.id.is_empty() {
            format!("chapter-{}", i + 1)
        } else {
            chapter.id.clone()
        };
        chapter.id = unique(base, &used);
        used.insert(chapter.id.clone());
    }
    let chapter_ids: Vec<String> = book.chapters.iter().map(|c| c.id.clone()).collect();

    let mut slots: Vec<Vec<Slot>> = book
        .chapters
        .iter_mut()
        .map(|chapter| {
            let mut out = Vec::new();
            let mut gfm = GfmIds::new();
            collect_blocks(&mut chapter.blocks, &mut gfm, true, &mut out);
            for note in &mut chapter.footnotes {
                collect_blocks(&mut note.blocks, &mut gfm, false, &mut out);
                out.push(Slot::Footnote {
                    id: &mut note.id,
                    number: note.number,
                });
            }
            out
        })
        .collect();

    let mut index = AnchorIndex::default();
    let mut count: HashMap<String, usize> = HashMap::new();
    for id in &chapter_ids {
        *count.entry(id.clone()).or_default() += 1;
    }
    for chapter in &slots {
        let mut originals = Vec::new();
        for slot in chapter {
            if let Some(o) = slot.original() {
                if !matches!(slot, Slot::Footnote { .. }) {
                    *count.entry(o.clone()).or_default() += 1;
                }
                originals.push(o);
            }
        }
        index.originals.push(originals);
    }

    // Originals used once in the book keep their name; then the rest, in reading order.
    let mut assigned: Vec<Vec<Option<String>>> =
        slots.iter().map(|c| vec![None; c.len()]).collect();
    for (c, chapter) in slots.iter().enumerate() {
        for (s, slot) in chapter.iter().enumerate() {
            if matches!(slot, Slot::Footnote { .. }) {
                continue;
            }
            if let Some(o) = slot.original() {
                if count.get(&o) == Some(&1) {
                    used.insert(o.clone());
                    assigned[c][s] = Some(o);
                }
            }
        }
    }
    for (c, chapter) in slots.iter_mut().enumerate() {
        let cid = &chapter_ids[c];
        let mut sections = 0;
        for (s, slot) in chapter.iter_mut().enumerate() {
            let original = slot.original();
            let anchor = match assigned[c][s].take() {
                Some(a) => a,
                None => {
                    let base = match (&*slot, &original) {
                        (Slot::Footnote { number, .. }, _) => format!("{cid}-fn-{number}"),
                        (_, Some(o)) => format!("{cid}-{o}"),
                        (_, None) => {
                            sections += 1;
                            format!("{cid}-section-{sections}")
                        }
                    };
                    let a = unique(base, &used);
                    used.insert(a.clone());
                    a
                }
            };
            if let Some(o) = original {
                index.map.entry((c, o)).or_insert_with(|| anchor.clone());
            }
            slot.set(anchor);
        }
    }
    index
}

/// `base`, or `base-2`, `base-3`… : the first one not in `used`.
fn unique(base: String, used: &HashSet<String>) -> String {
    if !used.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !used.contains(c))
        .unwrap_or(base)
}

/// The anchor slots of `blocks`, in reading order. `auto_ids`: kramdown gives markdown headings
/// their GFM id here (it does not inside footnotes).
fn collect_blocks<'a>(
    blocks: &'a mut [Block],
    gfm: &mut GfmIds,
    auto_ids: bool,
    out: &mut Vec<Slot<'a>>,
) {
    for block in blocks {
        match block {
            Block::Heading {
                id,
                origin,
                content,
                ..
            } => {
                let original = match (&*id, origin) {
                    (Some(explicit), _) if !explicit.is_empty() => Some(explicit.clone()),
                    (_, HeadingOrigin::Markdown) if auto_ids => gfm.next(content),
                    _ => None,
                };
                out.push(Slot::Heading { id, original });
                collect_inlines(content, out);
            }
            Block::Paragraph { content, .. } | Block::Lead { content, .. } => {
                collect_inlines(content, out)
            }
            Block::List { items, .. } => {
                for item in items {
                    collect_blocks(&mut item.blocks, gfm, auto_ids, out);
                }
            }
            Block::Quote { blocks, .. } => collect_blocks(blocks, gfm, auto_ids, out),
            Block::Table(table) => {
                if let Some(caption) = &mut table.caption {
                    collect_inlines(caption, out);
                }
                for row in table.head.iter_mut().chain(table.body.iter_mut()) {
                    for cell in row {
                        collect_blocks(&mut cell.blocks, gfm, auto_ids, out);
                    }
                }
            }
            Block::Figure { caption, .. } => {
                if let Some(caption) = caption {
                    collect_inlines(caption, out);
                }
            }
            Block::Aside { title, blocks, .. } => {
                if let Some(title) = title {
                    collect_inlines(title, out);
                }
                collect_blocks(blocks, gfm, auto_ids, out);
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    collect_inlines(&mut item.term, out);
                    for detail in &mut item.details {
                        collect_blocks(detail, gfm, auto_ids, out);
                    }
                }
            }
            Block::Anchor { id, .. } => out.push(Slot::Anchor(id)),
            Block::Code { .. } | Block::Rule { .. } => {}
        }
    }
}

fn collect_inlines<'a>(content: &'a mut [Inline], out: &mut Vec<Slot<'a>>) {
    for inline in content {
        match inline {
            Inline::Anchor(id) => out.push(Slot::Anchor(id)),
            other => {
                if let Some(c) = other.children_mut() {
                    collect_inlines(c, out);
                }
            }
        }
    }
}
