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
//! Four savings make a pass cheap. A chapter opens on a right-hand page and its pagination does
//! not depend on where it starts: its flow (lines, boxes, structure) depends only on the folios
//! it prints, so a chapter is set again only when one of the folios it looked up has changed
//! (on screen, never). When it is, only the paragraphs printing a changed folio are set anew:
//! the others take their lines from the chapter's [`ParaMemo`] (on the default guide, 339 of
//! the 736 paragraphs set over three passes; at 1,000 pages, 55,466 of 94,528). For the same reason its page breaks are found once, when it is set
//! ([`chapter_anchors`]): a pass adds up page counts to get the folios, and draws no page.
//! And each chapter is set with its own local structure numbering ([`ChapterLayout`]), spliced
//! into the book's afterwards, so a chapter set again replaces its old structure instead of
//! adding to it.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::book::Chapter;
use crate::diag::Diagnostics;

use super::page_refs::PageRefs;
use super::paginate::{chapter_anchors, ChapterFlow};
use crate::layout::blocks::{Builder, Tools};
use crate::layout::image::Images;
use crate::layout::page::{ImageId, ItemKind, NodeId, OutlineEntry, StructKind, StructNode};
use crate::layout::setter::{ParaMemo, Setter};
use crate::layout::structure::StructureTree;
use crate::layout::style::Style;

/// Passes after which the folios are taken as they are. Each pass after the second moves
/// folios only where the previous one did; more than four would mean a reference flipping a
/// line back and forth at a page's foot, which more passes would not settle.
pub const MAX_PASSES: usize = 6;

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
    /// Its page count, and its anchors with their page counted from its opening (0).
    pages: usize,
    anchors: Vec<(String, usize)>,
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
    /// Paragraphs set over all passes, and paragraphs a chapter set again took from its memo
    /// (print profile only; both 0 on screen).
    pub paragraphs_set: usize,
    pub paragraphs_reused: usize,
}

/// Sets the chapters until the folios their references print are the folios they get.
/// `print`: each chapter is set as printed ([`crate::layout::url_notes::chapter`]: URL notes), and internal
/// references print their target's folio. The printed chapter is made when the chapter is set
/// and dropped after: never a second copy of the whole book.
pub fn converge(
    chapters: &[Chapter],
    style: &Style,
    images: &mut Images,
    print: bool,
) -> Converged {
    let mut folios: BTreeMap<String, String> = BTreeMap::new();
    let mut cache: Vec<Option<ChapterLayout>> = vec![None; chapters.len()];
    // Only the print profile can set a chapter twice: on screen no paragraph is remembered.
    let mut memos: Vec<Option<ParaMemo>> = (0..chapters.len())
        .map(|_| print.then(ParaMemo::default))
        .collect();
    let (mut paragraphs_set, mut paragraphs_reused) = (0, 0);
    let mut chapters_set = 0;
    let mut passes = 0;
    let mut settled = false;
    while passes < MAX_PASSES {
        passes += 1;
        // The chapters whose printed folios changed (all of them on the first pass), set in
        // parallel: each on a copy of the images known so far, whose new ones are adopted
        // in chapter order afterwards, so that image ids do not depend on the threads.
        let todo: Vec<usize> = (0..chapters.len())
            .filter(|&i| !cache[i].as_ref().is_some_and(|c| c.still_valid(&folios)))
            .collect();
        chapters_set += todo.len();
        // Their old layouts go first: never two of a chapter in memory (the lines their
        // memos share with them stay, but once).
        for &i in &todo {
            cache[i] = None;
        }
        let base = images.data.len();
        let known: &Images = images;
        let folios_now = &folios;
        let todo: Vec<(usize, Option<ParaMemo>)> = todo
            .into_iter()
            .map(|i| (i, memos[i].take().map(ParaMemo::next_pass)))
            .collect();
        let set: Vec<(usize, ChapterLayout, Images, Option<ParaMemo>)> = todo
            .into_par_iter()
            .map(|(index, memo)| {
                // For the internal-error report, should setting this chapter go wrong.
                crate::internal::processing(&chapters[index].source);
                crate::internal::test_panic("layout");
                let mut local = known.clone();
                let refs = PageRefs {
                    folios: folios_now,
                    used: RefCell::new(BTreeMap::new()),
                };
                let printed = print.then(|| crate::layout::url_notes::chapter(&chapters[index]));
                let chapter = printed.as_ref().unwrap_or(&chapters[index]);
                let (set, memo) = SETTER.with_borrow_mut(|setter| {
                    setter.memo = memo;
                    let set = set_chapter(
                        chapter,
                        index,
                        style,
                        setter,
                        &mut local,
                        print.then_some(&refs),
                    );
                    (set, setter.memo.take())
                });
                let (pages, anchors) = chapter_anchors(&set.flow, style);
                let layout = ChapterLayout {
                    used: refs.used.into_inner(),
                    pages,
                    anchors,
                    ..set
                };
                (index, layout, local, memo)
            })
            .collect();
        for (index, mut layout, local, memo) in set {
            if let Some(m) = &memo {
                paragraphs_reused += m.hits;
                paragraphs_set += m.misses;
            }
            memos[index] = memo;
            if local.data.len() > base {
                let remap = images.adopt(&local, base);
                renumber_images(&mut layout.flow, &remap);
            }
            cache[index] = Some(layout);
        }
        // The folios, from each chapter's own page count and anchors: chapters open on a
        // right-hand page, so only the blank versos between them depend on the others.
        let mut found: BTreeMap<String, String> = BTreeMap::new();
        let mut start = 0usize;
        for set in cache.iter().flatten() {
            start += start % 2;
            for (name, page) in &set.anchors {
                found.insert(name.clone(), (start + page + 1).to_string());
            }
            start += set.pages;
        }
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
        paragraphs_set,
        paragraphs_reused,
    }
}

thread_local! {
    /// Each thread's typesetter (its shaping caches), kept from chapter to chapter.
    static SETTER: RefCell<Setter> = RefCell::new(Setter::new());
}

/// Gives the images a chapter drew their ids in the book's images.
fn renumber_images(flow: &mut ChapterFlow, remap: &HashMap<ImageId, ImageId>) {
    let elements = flow.elements.iter_mut().map(|e| &mut e.items);
    let notes = flow.notes.iter_mut().map(|n| &mut n.items);
    let headers = flow.headers.iter_mut().map(|h| &mut h.items);
    for item in elements.chain(notes).chain(headers).flatten() {
        if let ItemKind::Image { id, .. } = &mut item.kind {
            if let Some(new) = remap.get(id) {
                *id = *new;
            }
        }
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
    let mut tree = StructureTree::new(StructKind::Section);
    let (flow, outline) = {
        let tools = Tools {
            style,
            setter,
            images,
            diags: &mut diags,
        };
        let mut b = Builder::new(tools, &mut tree, chapter, index);
        b.page_refs = refs;
        b.chapter(NodeId(0));
        (b.flow, b.outline)
    };
    ChapterLayout {
        flow,
        outline,
        structure: tree.nodes,
        seq: tree.seq,
        diags,
        used: BTreeMap::new(),
        pages: 0,
        anchors: Vec::new(),
    }
}

/// Moves a chapter set in its own numbering into the book's: its nodes appended to
/// `tree` (its section under the document), its reading order after the tree's. Returns its
/// flow, renumbered.
pub fn splice(chapter: ChapterLayout, tree: &mut StructureTree) -> ChapterFlow {
    let offset = tree.nodes.len() as u32;
    let base = tree.seq + 1;
    let node = |n: NodeId| NodeId(n.0 + offset);
    for n in &chapter.structure {
        tree.nodes.push(StructNode {
            kind: n.kind.clone(),
            parent: Some(n.parent.map_or(NodeId(0), node)),
            seq: n.seq + base,
        });
    }
    tree.seq = base + chapter.seq;
    let mut flow = chapter.flow;
    let items = |items: &mut Vec<crate::layout::page::PageItem>| {
        for i in items {
            i.node = i.node.map(node);
            i.seq += base;
        }
    };
    let links = |links: &mut Vec<crate::layout::page::LinkArea>| {
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
