//! The book's page numbers, laid out again until they stop moving.
//!
//! In the print profile an internal reference prints the folio of its target (` (p. 12)`),
//! and that text can change how its paragraph breaks, hence where later anchors fall, hence
//! the folios printed: page numbers are a fixed point of `folios = paginate(lay_out(folios))`.
//! [`converge`] iterates from "no folio known" (references print nothing): the first pass
//! gives the folios without references, the second prints them, and from then on each pass
//! only moves the folios the previous one moved, so the sequence settles in two or three
//! passes on real guides. It stops when a pass returns the folios it was given, or after
//! [`MAX_PASSES`], keeping the last pass (whose references may then be one page off).
//!
//! The table of contents does not take part: the front matter (cover, contents) is numbered
//! apart in roman numerals and padded to an even number of pages, so its length shifts the
//! physical page indexes but never a chapter's folio or the side it opens on.
//!
//! Two savings make a pass cheap. A chapter opens on a right-hand page and its pagination does
//! not depend on where it starts: its flow (lines, boxes, structure) depends only on the folios
//! it prints, so a chapter is set again only when one of the folios it looked up has changed
//! (on screen, never). And each chapter is set with its own local structure numbering
//! ([`ChapterLayout`]), spliced into the book's afterwards, so a chapter set again replaces
//! its old structure instead of adding to it.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::doc::Chapter;

use super::blocks::Builder;
use super::image::Images;
use super::page::{NodeId, OutlineEntry, StructKind, StructNode};
use super::paginate::{paginate, ChapterFlow, Furniture};
use super::setter::Setter;
use super::style::Style;

/// Passes after which the folios are taken as they are. Each pass after the second moves
/// folios only where the previous one did; more than four would mean a reference flipping a
/// line back and forth at a page's foot, which more passes would not settle.
pub const MAX_PASSES: usize = 6;

/// The folios a chapter's references can print, recording which ones it looked up.
pub struct PageRefs<'a> {
    folios: &'a BTreeMap<String, String>,
    used: RefCell<BTreeMap<String, Option<String>>>,
}

impl PageRefs<'_> {
    /// The folio of `anchor`, if known.
    pub fn folio(&self, anchor: &str) -> Option<String> {
        let folio = self.folios.get(anchor).cloned();
        self.used
            .borrow_mut()
            .insert(anchor.to_string(), folio.clone());
        folio
    }
}

/// One chapter set, in its own numbering: node 0 is its `Section`, reading order from 0.
#[derive(Debug, Clone)]
pub struct ChapterLayout {
    pub flow: ChapterFlow,
    pub outline: OutlineEntry,
    pub structure: Vec<StructNode>,
    /// The highest reading-order number it used.
    pub seq: u32,
    pub diags: Diagnostics,
    /// The folios it printed (anchor → folio, `None` when unknown then).
    used: BTreeMap<String, Option<String>>,
}

impl ChapterLayout {
    /// Whether it printed exactly the folios of `folios`.
    fn still_valid(&self, folios: &BTreeMap<String, String>) -> bool {
        self.used
            .iter()
            .all(|(anchor, folio)| folios.get(anchor) == folio.as_ref())
    }
}

/// What [`converge`] found.
#[derive(Debug)]
pub struct Converged {
    pub chapters: Vec<ChapterLayout>,
    /// Anchor → folio (arabic, page 1 the first chapter's opening).
    pub folios: BTreeMap<String, String>,
    /// Passes made (at least 1).
    pub passes: usize,
    /// Chapters set, over all passes (the chapter count when nothing was set twice).
    pub chapters_set: usize,
    /// Whether the last pass returned the folios it was given.
    pub settled: bool,
}

/// Sets the chapters until the folios their references print are the folios they get.
/// `print`: internal references print their target's folio.
pub fn converge(
    chapters: &[Chapter],
    style: &Style,
    setter: &mut Setter,
    images: &mut Images,
    print: bool,
) -> Converged {
    let mut folios: BTreeMap<String, String> = BTreeMap::new();
    let mut cache: Vec<Option<ChapterLayout>> = vec![None; chapters.len()];
    let mut chapters_set = 0;
    let mut passes = 0;
    let mut settled = false;
    while passes < MAX_PASSES {
        passes += 1;
        for (index, chapter) in chapters.iter().enumerate() {
            crate::internal::processing(&chapter.source);
            crate::internal::test_panic("layout");
            if cache[index]
                .as_ref()
                .is_some_and(|c| c.still_valid(&folios))
            {
                continue;
            }
            chapters_set += 1;
            let refs = PageRefs {
                folios: &folios,
                used: RefCell::new(BTreeMap::new()),
            };
            let set = set_chapter(
                chapter,
                index,
                style,
                setter,
                images,
                print.then_some(&refs),
            );
            cache[index] = Some(ChapterLayout {
                used: refs.used.into_inner(),
                ..set
            });
        }
        let flows: Vec<ChapterFlow> = cache.iter().flatten().map(|c| c.flow.clone()).collect();
        let mut set = |_: &str| (Vec::new(), 0.0);
        let mut furniture = Furniture {
            book_title: "",
            set: &mut set,
        };
        let paginated = paginate(Vec::new(), &flows, style, &mut furniture);
        let found: BTreeMap<String, String> = paginated
            .anchors
            .iter()
            .filter_map(|(name, a)| Some((name.clone(), paginated.pages.get(a.page)?.label())))
            .collect();
        if found == folios {
            settled = true;
            break;
        }
        folios = found;
    }
    Converged {
        chapters: cache.into_iter().flatten().collect(),
        folios,
        passes,
        chapters_set,
        settled,
    }
}

/// Sets one chapter in its own structure numbering.
fn set_chapter(
    chapter: &Chapter,
    index: usize,
    style: &Style,
    setter: &mut Setter,
    images: &mut Images,
    refs: Option<&PageRefs>,
) -> ChapterLayout {
    let mut diags = Diagnostics::new();
    let mut structure = vec![StructNode {
        kind: StructKind::Section,
        parent: None,
        seq: 0,
    }];
    let mut seq = 0u32;
    let (flow, outline) = {
        let mut b = Builder::new(
            style,
            setter,
            images,
            &mut diags,
            &mut structure,
            &mut seq,
            chapter,
            index,
        );
        b.page_refs = refs;
        b.chapter(NodeId(0));
        (b.flow, b.outline)
    };
    ChapterLayout {
        flow,
        outline,
        structure,
        seq,
        diags,
        used: BTreeMap::new(),
    }
}

/// Moves a chapter set in its own numbering into the book's: its nodes appended to
/// `structure` (its section under the document), its reading order after `seq`. Returns its
/// flow, renumbered.
pub fn splice(
    chapter: &ChapterLayout,
    structure: &mut Vec<StructNode>,
    seq: &mut u32,
) -> ChapterFlow {
    let offset = structure.len() as u32;
    let base = *seq + 1;
    let node = |n: NodeId| NodeId(n.0 + offset);
    for n in &chapter.structure {
        structure.push(StructNode {
            kind: n.kind.clone(),
            parent: Some(n.parent.map_or(NodeId(0), node)),
            seq: n.seq + base,
        });
    }
    *seq = base + chapter.seq;
    let mut flow = chapter.flow.clone();
    let items = |items: &mut Vec<super::page::Item>| {
        for i in items {
            i.node = i.node.map(node);
            i.seq += base;
        }
    };
    let links = |links: &mut Vec<super::page::LinkArea>| {
        for l in links {
            l.node = node(l.node);
            l.seq += base;
        }
    };
    for e in &mut flow.elements {
        items(&mut e.items);
        links(&mut e.links);
    }
    for n in &mut flow.notes {
        items(&mut n.items);
        links(&mut n.links);
    }
    for h in &mut flow.headers {
        items(&mut h.items);
    }
    flow
}
