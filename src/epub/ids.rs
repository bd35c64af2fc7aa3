//! XML ids for every link target of the book: the tree's anchors made valid and unique.
//!
//! EPUBCheck wants ids that are XML names (no leading digit, no space), unique in their
//! document. The tree's anchors usually are already (kramdown slugs); the rest are folded to
//! ASCII, and a clash gets a `-2` suffix. Links and targets both ask this table, so they agree.

use std::collections::{HashMap, HashSet};

use crate::book::{Block, Book, Inline};

use super::PageBreak;
use crate::book::visit::{self, Node};

/// A page marker to write in a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PageMarker {
    /// See [`PageBreak::block`].
    pub block: Option<usize>,
    pub id: String,
    pub label: String,
}

/// Every id the chapters carry, decided before any of them is written.
#[derive(Debug, Default)]
pub(super) struct Ids {
    /// Per chapter: the tree's anchor → its XML id.
    anchors: Vec<HashMap<String, String>>,
    /// Per chapter: the id of the chapter's `section`.
    sections: Vec<String>,
    /// (chapter, footnote number, nth call from 1) → id of the call.
    calls: HashMap<(usize, u32, u32), String>,
    /// Per chapter: page markers in the order of `EpubOptions::page_breaks`.
    pages: Vec<Vec<PageMarker>>,
    /// Every page marker in the order given: (chapter, marker).
    page_list: Vec<(usize, PageMarker)>,
    /// The level each heading is written at, keyed by the heading's address in the book.
    levels: HashMap<*const Block, u8>,
}

impl Ids {
    /// Allocates ids chapter by chapter in reading order, so the result is the same every run.
    pub fn new(book: &Book, page_breaks: &[PageBreak]) -> Self {
        let mut used = HashSet::new();
        let mut ids = Ids::default();
        for (index, chapter) in book.chapters.iter().enumerate() {
            let mut anchors = HashMap::new();
            let section = allocate(&mut used, &chapter.id);
            anchors.insert(chapter.id.clone(), section.clone());
            let mut add = |anchor: &str, anchors: &mut HashMap<String, String>| {
                if !anchor.is_empty() && !anchors.contains_key(anchor) {
                    let id = allocate(&mut used, anchor);
                    anchors.insert(anchor.to_string(), id);
                }
            };
            let mut targets = Vec::new();
            let mut calls = Vec::new();
            // The chapter title is the h1; a heading goes at most one level below the previous.
            let mut previous = 1;
            visit::chapter(chapter, &mut |node| match node {
                Node::Block(block @ Block::Heading { level, id, .. }) => {
                    let written = (*level).clamp(2, 6).min(previous + 1);
                    previous = written;
                    ids.levels.insert(block as *const Block, written);
                    if let Some(id) = id {
                        targets.push(id.as_str());
                    }
                }
                Node::Block(Block::Anchor { id, .. }) | Node::Inline(Inline::Anchor(id)) => {
                    targets.push(id.as_str())
                }
                Node::Inline(Inline::FootnoteRef { number, .. }) => calls.push(*number),
                _ => {}
            });
            for anchor in targets {
                add(anchor, &mut anchors);
            }
            for note in &chapter.footnotes {
                add(&note.id, &mut anchors);
            }
            let mut seen: HashMap<u32, u32> = HashMap::new();
            for number in calls {
                let nth = seen.entry(number).or_insert(0);
                *nth += 1;
                let note = chapter
                    .footnotes
                    .iter()
                    .find(|n| n.number == number)
                    .map(|n| n.id.clone())
                    .unwrap_or_else(|| format!("{}-fn-{number}", chapter.id));
                let wanted = if *nth == 1 {
                    format!("{note}-call")
                } else {
                    format!("{note}-call-{nth}")
                };
                ids.calls
                    .insert((index, number, *nth), allocate(&mut used, &wanted));
            }
            ids.anchors.push(anchors);
            ids.sections.push(section);
            ids.pages.push(Vec::new());
        }
        for page in page_breaks {
            let marker = PageMarker {
                block: page.block,
                id: allocate(&mut used, &format!("page-{}", page.label)),
                label: page.label.clone(),
            };
            if let Some(list) = ids.pages.get_mut(page.chapter) {
                list.push(marker.clone());
                ids.page_list.push((page.chapter, marker));
            }
        }
        ids
    }

    /// The level `heading` is written at: its source level, but never `h1` (the chapter title)
    /// and never more than one below the heading before it (`h2` then `h4` writes `h3`), so
    /// the outline has no holes.
    pub fn level(&self, heading: &Block) -> u8 {
        match heading {
            Block::Heading { level, .. } => self
                .levels
                .get(&(heading as *const Block))
                .copied()
                .unwrap_or((*level).clamp(2, 6)),
            _ => 2,
        }
    }

    /// The XML id of `anchor` in `chapter`, if the chapter holds it.
    pub fn anchor(&self, chapter: usize, anchor: &str) -> Option<&str> {
        self.anchors.get(chapter)?.get(anchor).map(String::as_str)
    }

    /// The id of the chapter's `section`.
    pub fn section(&self, chapter: usize) -> &str {
        self.sections.get(chapter).map_or("", String::as_str)
    }

    /// The id of the `nth` call (from 1) of footnote `number` in `chapter`.
    pub fn call(&self, chapter: usize, number: u32, nth: u32) -> Option<&str> {
        self.calls.get(&(chapter, number, nth)).map(String::as_str)
    }

    /// The chapter's page markers.
    pub fn pages(&self, chapter: usize) -> &[PageMarker] {
        self.pages.get(chapter).map_or(&[], Vec::as_slice)
    }

    /// Every page marker, in the order given, with its chapter.
    pub fn page_list(&self) -> &[(usize, PageMarker)] {
        &self.page_list
    }
}

/// A valid, not yet used XML id close to `wanted`.
fn allocate(used: &mut HashSet<String>, wanted: &str) -> String {
    let base = xml_id(wanted);
    let mut id = base.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

/// `anchor` as an XML name (EPUBCheck requires ids to be one): kept as it is when it already
/// is, so that ids equal the tree's anchors (`enquêter-` keeps its accent, as the site's
/// kramdown ids do); a character that cannot stand in a name becomes `-`, and a name that
/// would start with a digit or a dash gets `id-` in front.
pub(super) fn xml_id(anchor: &str) -> String {
    let mut out = String::new();
    for c in anchor.chars() {
        if is_name_char(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.insert_str(0, "id-");
    }
    out
}

/// A character XML 1.0 allows inside a name (letters and digits of any script, `-`, `_`, `.`,
/// combining marks and U+00B7), without the colon (ids are "NCNames").
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '-' | '_' | '.' | '\u{b7}')
        || matches!(c, '\u{300}'..='\u{36f}' | '\u{203f}'..='\u{2040}')
}

/// The ASCII spelling of the accented Latin letters French and its neighbours use.
pub(super) fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
        'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => "A",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'É' | 'È' | 'Ê' | 'Ë' => "E",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'Î' | 'Ï' | 'Í' | 'Ì' => "I",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
        'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => "O",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'Ù' | 'Û' | 'Ü' | 'Ú' => "U",
        'ç' => "c",
        'Ç' => "C",
        'ñ' => "n",
        'Ñ' => "N",
        'ÿ' => "y",
        'œ' => "oe",
        'Œ' => "OE",
        'æ' => "ae",
        'Æ' => "AE",
        'ß' => "ss",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_xml_names() {
        assert_eq!(xml_id("equipe"), "equipe");
        assert_eq!(xml_id("étape-1"), "étape-1");
        assert_eq!(xml_id("qui-est-impliqué-"), "qui-est-impliqué-");
        assert_eq!(xml_id("✔\u{fe0f}-fait"), "id---fait");
        assert_eq!(xml_id("1-intro"), "id-1-intro");
        assert_eq!(xml_id("a b/c"), "a-b-c");
        assert_eq!(xml_id(""), "id-");
        assert_eq!(xml_id("page-xii"), "page-xii");
    }

    #[test]
    fn clashes_get_a_suffix() {
        let mut used = HashSet::new();
        assert_eq!(allocate(&mut used, "a b"), "a-b");
        assert_eq!(allocate(&mut used, "a-b"), "a-b-2");
        assert_eq!(allocate(&mut used, "a?b"), "a-b-3");
    }
}
