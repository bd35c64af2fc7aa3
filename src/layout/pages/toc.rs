//! The table of contents ("Sommaire", after the cover): chapters and their second-level
//! sections, dot leaders, folios.
//!
//! It is set once the folios have settled ([`super::fixpoint`]); being numbered apart (roman,
//! front matter), its own length never moves them. Each entry is a `TOCI` holding one `Link`
//! (its title and folio, clickable over the whole line) and, for a chapter, a nested `TOC` of
//! its sections. The leaders are decoration (artifacts), their dots on a grid common to all
//! lines so that they line up down the page, as in a book.

use crate::fonts::Family;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::layout::inline::{self, Collected, InlineStyle};
use crate::layout::page::{
    ItemKind, LinkArea, LinkDest, NodeId, Numbering, OutlineEntry, Page, PageItem, PageKind,
    StructKind, TextRun,
};
use crate::layout::setter::{Align, Params, SetLine, Setter};
use crate::layout::structure::StructureTree;
use crate::layout::style::Style;

/// The title of the contents in the guide's language (BCP 47), as printed and in the
/// bookmarks: `Sommaire` in French, `Contents` otherwise (the EPUB's labels follow the same
/// rule).
pub fn title(lang: &str) -> &'static str {
    if crate::book::lang::Lang::is_french(lang) {
        "Sommaire"
    } else {
        "Contents"
    }
}
/// Width kept free for the folio at the right of an entry, in em.
pub const FOLIO_COLUMN_EM: f32 = 2.5;
/// Indent of a section entry under its chapter, in em.
pub const SECTION_INDENT_EM: f32 = 1.2;
/// Distance between two leader dots, in points (about a word space and a half at 10 pt).
pub const LEADER_STEP: f32 = 4.5;
/// A chapter's entry is set a little larger than its sections': it heads them, like the
/// chapter titles it lists.
pub const CHAPTER_ENTRY_SCALE: f32 = 1.12;
/// Space kept clear between an entry's text and its first dot, and its last dot and the folio.
pub const LEADER_GAP: f32 = 3.0;
/// Space above a chapter entry, in lines.
pub const CHAPTER_SPACE_LINES: f32 = 0.6;

/// Where the contents go: its first page's index in the book, and reading-order slots.
pub struct Placement {
    /// Physical index of the first contents page (after the cover and its verso).
    pub first_index: usize,
    /// Reading-order number of the `Sommaire` heading and of the `TOC` element: reserved
    /// before the chapters, so that both come before them.
    pub heading_seq: u32,
    pub toc_seq: u32,
    /// The contents' title ([`title`]).
    pub title: &'static str,
}

/// The pages of the contents; its structure appended to `tree` under the document.
pub fn contents(
    chapters: &[OutlineEntry],
    folios: &BTreeMap<String, String>,
    style: &Style,
    setter: &mut Setter,
    tree: &mut StructureTree,
    at: &Placement,
) -> Vec<Page> {
    let heading = tree.node_at(
        StructKind::Heading(1, at.title.into()),
        Some(NodeId(0)),
        at.heading_seq,
    );
    let toc = tree.node_at(StructKind::Toc, Some(NodeId(0)), at.toc_seq);
    let mut w = Writer {
        style,
        setter,
        pages: Vec::new(),
        y: 0.0,
        first_index: at.first_index,
    };
    w.new_page();
    // The title, set like a chapter's.
    let title_style = title_style(style);
    let title_seq = tree.next_seq();
    w.title(at.title, &title_style, heading, title_seq);
    let body = &style.body.body;
    let chapter_style = InlineStyle {
        family: Family::Sans,
        bold: true,
        size: body.size * CHAPTER_ENTRY_SCALE,
        color: style.text,
        ..title_style.clone()
    };
    let section_style = InlineStyle {
        family: Family::Serif,
        bold: false,
        size: body.size,
        ..chapter_style.clone()
    };
    for (i, chapter) in chapters.iter().enumerate() {
        let Some(folio) = folios.get(&chapter.anchor) else {
            continue;
        };
        if i > 0 {
            w.y += CHAPTER_SPACE_LINES * body.leading;
        }
        let item = tree.node(StructKind::TocItem, toc);
        let link = tree.node(
            StructKind::Link {
                alt: format!("{}, page {folio}", chapter.title),
            },
            item,
        );
        // A chapter's entries stay together on one page, as a book's contents keep them
        // (and no section is left alone at the head of a page); a chapter with more sections
        // than half a page holds may break, but keeps its first section with it.
        // Entries are counted in the lines they take once wrapped (on an A5 page many take
        // two), so that the group is what the page must hold.
        let indent = SECTION_INDENT_EM * body.size;
        let lines: Vec<f32> = chapter
            .children
            .iter()
            .filter(|s| folios.contains_key(&s.anchor))
            .map(|s| w.lines(&s.title, &section_style, indent) as f32 * body.leading)
            .collect();
        let group: f32 = lines.iter().sum();
        let with_next = if group <= w.style.text_height() / 2.0 {
            group
        } else {
            lines.first().copied().unwrap_or(0.0)
        };
        let text = EntryText {
            entry: chapter,
            folio,
            style: &chapter_style,
            indent: 0.0,
        };
        w.entry(&text, link, &mut tree.seq, with_next);
        let sections: Vec<(&OutlineEntry, &String)> = chapter
            .children
            .iter()
            .filter_map(|s| Some((s, folios.get(&s.anchor)?)))
            .collect();
        if sections.is_empty() {
            continue;
        }
        let sub = tree.node(StructKind::Toc, item);
        for (section, folio) in sections {
            let item = tree.node(StructKind::TocItem, sub);
            let link = tree.node(
                StructKind::Link {
                    alt: format!("{}, page {folio}", section.title),
                },
                item,
            );
            let indent = SECTION_INDENT_EM * body.size;
            let text = EntryText {
                entry: section,
                folio,
                style: &section_style,
                indent,
            };
            w.entry(&text, link, &mut tree.seq, 0.0);
        }
    }
    w.pages
}

/// The contents' title style: a chapter title's.
fn title_style(style: &Style) -> InlineStyle {
    InlineStyle {
        family: Family::Sans,
        bold: true,
        italic: false,
        size: style.body.headings.chapter_size,
        color: style.heading,
        rise: 0.0,
        hyphenate: false,
        lang: None,
        strike: false,
    }
}

/// What one entry of the contents prints: its outline entry's title, then leaders and `folio`.
struct EntryText<'e> {
    entry: &'e OutlineEntry,
    folio: &'e str,
    style: &'e InlineStyle,
    /// Points before its title (a section's entry sits under its chapter's).
    indent: f32,
}

struct Writer<'a> {
    style: &'a Style,
    setter: &'a mut Setter,
    pages: Vec<Page>,
    /// From the text block's top on the current page.
    y: f32,
    first_index: usize,
}

impl Writer<'_> {
    fn new_page(&mut self) {
        let index = self.first_index + self.pages.len();
        self.pages.push(Page {
            number: index as u32 + 1,
            numbering: Numbering::Roman,
            chapter: None,
            kind: PageKind::Contents,
            ..Page::default()
        });
        self.y = 0.0;
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("the contents has a page")
    }

    fn left(&self) -> f32 {
        self.style.left(self.first_index + self.pages.len() - 1)
    }

    /// How many lines an entry's title takes, wrapped as [`Writer::entry`] wraps it.
    fn lines(&mut self, title: &str, style: &InlineStyle, indent: f32) -> usize {
        self.set(title, style, indent).len()
    }

    /// An entry's title set in its lines, before the folio column.
    fn set(&mut self, title: &str, style: &InlineStyle, indent: f32) -> Vec<SetLine> {
        let leading = self.style.body.body.leading;
        let folio_column = FOLIO_COLUMN_EM * style.size;
        let para = Collected {
            spans: vec![inline::InlineSpan {
                text: title.to_string(),
                style: style.clone(),
                link: None,
                expanded: None,
                object: None,
            }],
            ..Collected::default()
        };
        self.setter.set(
            &para,
            &Params {
                measure: self.style.measure() - indent - folio_column,
                align: Align::Left,
                indent: 0.0,
                leading,
            },
        )
    }

    /// The contents' title, where a chapter's title stands, in structure element `node`.
    fn title(&mut self, text: &str, title_style: &InlineStyle, node: NodeId, seq: u32) {
        let h = &self.style.body.headings;
        self.y += h.chapter_drop;
        let (runs, _) = self.setter.set_line(text, title_style);
        let baseline = self.y + h.chapter_leading * 0.5 + 0.3 * h.chapter_size;
        let left = self.left();
        for (x, run) in runs {
            self.page().items.push(PageItem {
                x: left + x,
                y: baseline,
                node: Some(node),
                seq,
                kind: ItemKind::Text(run),
            });
        }
        self.y += h.chapter_leading + h.chapter_after;
    }

    /// One entry: its title (wrapped before the folio column), leaders, folio; all but the
    /// leaders in `link`. `keep` more points must fit below it on the same page.
    fn entry(&mut self, text: &EntryText, link: NodeId, seq: &mut u32, keep: f32) {
        let &EntryText {
            entry,
            folio,
            style,
            indent,
        } = text;
        let (title, anchor) = (entry.title.as_str(), entry.anchor.as_str());
        let leading = self.style.body.body.leading;
        let measure = self.style.measure();
        let lines = self.set(title, style, indent);
        let height = lines.len() as f32 * leading;
        if self.y + height + keep > self.style.text_height() && self.y > 0.0 {
            self.new_page();
        }
        let top = self.style.margin_top;
        let left = self.left();
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let y = top + self.y;
            let baseline = y + line.baseline;
            *seq += 1;
            let s = *seq;
            let page = self.page();
            for r in line.runs {
                page.items.push(PageItem {
                    x: left + indent + r.x,
                    y: baseline,
                    node: Some(link),
                    seq: s,
                    kind: ItemKind::Text(r.run),
                });
            }
            page.links.push(LinkArea {
                x: left + indent,
                y,
                width: measure - indent,
                height: leading,
                target: LinkDest::Anchor(anchor.to_string()),
                node: link,
                seq: s,
            });
            if i + 1 == n {
                let (runs, folio_width) = self.setter.set_line(folio, style);
                let folio_x = left + measure - folio_width;
                *seq += 1;
                let s = *seq;
                let leaders = leaders(
                    self.setter,
                    style,
                    left,
                    left + indent + line.width + LEADER_GAP,
                    folio_x - LEADER_GAP,
                );
                let page = self.page();
                if let Some((x, run)) = leaders {
                    page.items.push(PageItem {
                        x,
                        y: baseline,
                        node: None,
                        seq: 0,
                        kind: ItemKind::Text(run),
                    });
                }
                for (x, run) in runs {
                    page.items.push(PageItem {
                        x: folio_x + x,
                        y: baseline,
                        node: Some(link),
                        seq: s,
                        kind: ItemKind::Text(run),
                    });
                }
            }
            self.y += leading;
        }
    }
}

/// A run of dots from `from` to `to` (page x), each on the grid of [`LEADER_STEP`] counted
/// from `origin`: where it starts, and the run.
fn leaders(
    setter: &mut Setter,
    style: &InlineStyle,
    origin: f32,
    from: f32,
    to: f32,
) -> Option<(f32, Arc<TextRun>)> {
    let (runs, dot_width) = setter.set_line(
        ".",
        &InlineStyle {
            bold: false,
            ..style.clone()
        },
    );
    let (_, dot) = runs.into_iter().next()?;
    let glyph = dot.glyphs.first()?.clone();
    let first = ((from - origin) / LEADER_STEP).ceil() as i32;
    let last = ((to - dot_width - origin) / LEADER_STEP).floor() as i32;
    if last < first {
        return None;
    }
    let count = (last - first + 1) as usize;
    let mut run = TextRun {
        text: ".".repeat(count),
        glyphs: Vec::with_capacity(count),
        offsets: Vec::new(),
        actual: Vec::new(),
        hscale: 1.0,
        ..(*dot).clone()
    };
    for i in 0..count {
        let mut g = glyph.clone();
        g.advance = LEADER_STEP / run.size;
        g.set_text_range(i..i + 1);
        run.glyphs.push(g);
    }
    Some((origin + first as f32 * LEADER_STEP, Arc::new(run)))
}

#[cfg(test)]
mod tests {
    use super::title;

    /// The contents speak the guide's language (the whole layout: `tests/layout_sample.rs`).
    #[test]
    fn the_contents_title_follows_the_language() {
        assert_eq!(title("fr"), "Sommaire");
        assert_eq!(title("fr-BE"), "Sommaire");
        assert_eq!(title("en"), "Contents");
    }
}
