//! Blocks into the vertical flow: each block of a chapter becomes lines, boxes and spaces
//! ([`Element`]s) with their keep rules, their structure elements and their anchors.
//!
//! French book habits: body text justified and hyphenated, a first-line indent instead of a
//! blank line between paragraphs (none after a heading or a block), headings in the sans face
//! and the State blue, ragged-right; lists with hanging markers; code never hyphenated, wrapped
//! with a `↪` at the start of continued lines (an artifact: the text extracts unchanged).
//!
//! [`Builder`] walks a chapter's blocks here; each kind is set in its file: `text`
//! (paragraphs, leads, headings: running text into lines), `split` (a paragraph cut around a
//! tall picture), `boxes` (lists, code, figures, asides, definitions), `table`, and `notes`
//! (footnotes, set apart for the foot of their page).

mod boxes;
mod notes;
mod split;
mod table;
mod text;

use crate::book::{plain_text, Block, Chapter, Definition, Image, ImageTarget, Inline, ListItem};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::fonts::Family;

use std::collections::HashMap;
use std::path::PathBuf;

use super::color::Rgb;
use super::image::{asked_size, fit, Images, Loaded, MAX_HEIGHT_SHARE};
use super::inline::{collect, Collected, InlineContext, InlineStyle};
use super::page::{ItemKind, LinkArea, NodeId, OutlineEntry, PageItem, StructKind, TextRun};
use super::pages::paginate::{ChapterFlow, Element, Note, MIN_LINES_AT_FOOT, MIN_LINES_AT_HEAD};
use super::setter::{Align, Params, SetLine, Setter, BASELINE_BELOW_MIDDLE};
use super::structure::StructureTree;
use super::style::Style;

/// Inline code is set this much smaller than the text around it (monospace looks larger).
pub const CODE_SCALE: f32 = 0.88;
/// Bullets by nesting depth.
pub const BULLETS: [&str; 3] = ["•", "–", "◦"];
/// The continuation mark of wrapped code lines.
pub const CONTINUATION: &str = "↪";
/// Rounding room when a code row's drawn width is checked against its room: a row of `cols`
/// mono characters measures `cols × 0.6 em` up to float error, and must still fit.
pub const WIDTH_SLACK: f32 = 0.01;

/// Where a block is set: its left edge, width and structure parent, and inherited looks.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub x: f32,
    pub width: f32,
    pub parent: NodeId,
    pub italic: bool,
    /// Footnote text: the small size.
    pub small: bool,
    /// Table cell text: the table size, ragged-right, never indented.
    pub table: bool,
    /// In a table cell, its column's alignment (`|--:|`, `align="right"`); ragged-right when
    /// the column says none.
    pub column_align: crate::book::Align,
    pub list_depth: usize,
}

/// How [`Builder::text`] sets a run of inline content.
#[derive(Debug, Clone, Copy)]
pub struct TextSpec<'s> {
    /// The style its text starts in.
    pub base: &'s InlineStyle,
    /// Baseline to baseline, in points.
    pub leading: f32,
    /// The structure element its lines belong to.
    pub node: NodeId,
    pub align: Align,
    /// The first line's indent, in points.
    pub indent: f32,
    /// Every line kept with the next (a heading, a caption, a term: never split from what
    /// follows).
    pub keep_all: bool,
}

/// A background or bar drawn behind every element of a box, so that a box broken across pages
/// stays drawn on both.
#[derive(Debug, Clone, Copy)]
struct Decor {
    x: f32,
    width: f32,
    color: Rgb,
}

/// What setting a chapter, the cover or the contents borrows from the book's layout.
pub struct Tools<'a> {
    pub style: &'a Style,
    pub setter: &'a mut Setter,
    pub images: &'a mut Images,
    pub diags: &'a mut Diagnostics,
}

/// The block stage's state for one chapter.
pub struct Builder<'a> {
    pub style: &'a Style,
    pub setter: &'a mut Setter,
    pub images: &'a mut Images,
    pub diags: &'a mut Diagnostics,
    /// The structure tree the chapter's elements join.
    pub tree: &'a mut StructureTree,
    pub chapter: &'a Chapter,
    pub chapter_index: usize,
    pub flow: ChapterFlow,
    pub outline: OutlineEntry,
    pending_anchors: Vec<String>,
    pending_marks: Vec<(usize, Option<usize>)>,
    decor: Vec<Decor>,
    /// The last thing pushed was body paragraph text (the next paragraph is indented).
    after_paragraph: bool,
    /// The outline has a second-level entry (third levels nest under it).
    outline_has_h2: bool,
    /// The print profile's page references (`None` on screen).
    pub page_refs: Option<&'a super::pages::page_refs::PageRefs<'a>>,
    /// Where the block being set starts in its source file, for diagnostics.
    at: crate::book::Pos,
    /// A note is being set: the notes its text calls are queued in `nested_calls` and set
    /// after it, by the paragraph that called it, instead of inside it (a note that calls
    /// itself, or a long chain of notes, would otherwise recurse without end).
    in_note: bool,
    nested_calls: Vec<u32>,
}

impl<'a> Builder<'a> {
    /// A builder for chapter `chapter_index`, its flow empty.
    pub fn new(
        tools: Tools<'a>,
        tree: &'a mut StructureTree,
        chapter: &'a Chapter,
        chapter_index: usize,
    ) -> Self {
        let Tools {
            style,
            setter,
            images,
            diags,
        } = tools;
        Builder {
            style,
            setter,
            images,
            diags,
            tree,
            chapter,
            chapter_index,
            flow: ChapterFlow {
                chapter: chapter_index,
                running_title: plain_text(&chapter.title),
                ..ChapterFlow::default()
            },
            outline: OutlineEntry {
                title: plain_text(&chapter.title),
                anchor: chapter.id.clone(),
                children: Vec::new(),
            },
            pending_anchors: Vec::new(),
            pending_marks: Vec::new(),
            decor: Vec::new(),
            after_paragraph: false,
            outline_has_h2: false,
            page_refs: None,
            at: crate::book::Pos::default(),
            in_note: false,
            nested_calls: Vec::new(),
        }
    }

    /// The next reading-order number.
    pub fn next_seq(&mut self) -> u32 {
        self.tree.next_seq()
    }

    /// A new structure element under `parent`.
    pub fn node(&mut self, kind: StructKind, parent: NodeId) -> NodeId {
        self.tree.node(kind, parent)
    }

    /// Appends an element to the flow, with the pending anchors and the current decorations.
    pub fn push(&mut self, mut e: Element) {
        // A space between two kept elements keeps too (a heading, then a table's space).
        if e.discardable && self.flow.elements.last().is_some_and(|p| p.keep_with_next) {
            e.keep_with_next = true;
        }
        if !e.discardable {
            e.anchors.append(&mut self.pending_anchors);
            e.marks.append(&mut self.pending_marks);
        }
        for d in self.decor.iter().rev() {
            e.items.insert(
                0,
                PageItem {
                    x: d.x,
                    y: 0.0,
                    node: None,
                    seq: 0,
                    kind: ItemKind::Rect {
                        width: d.width,
                        height: e.height,
                        fill: Some(d.color),
                        stroke: None,
                    },
                },
            );
        }
        self.flow.elements.push(e);
    }

    /// A vertical space; `discardable` spaces vanish at a page's top.
    pub fn space(&mut self, height: f32, discardable: bool, keep: bool) {
        if height <= 0.0 {
            return;
        }
        self.push(Element {
            height,
            discardable,
            keep_with_next: keep,
            ..Element::default()
        });
    }

    fn body_style(&self, frame: &Frame) -> (InlineStyle, f32) {
        let s = &self.style.body;
        let (size, leading) = if frame.table {
            (s.small.table_size, s.small.table_leading)
        } else if frame.small {
            (s.small.size, s.small.leading)
        } else {
            (s.body.size, s.body.leading)
        };
        (
            InlineStyle {
                family: Family::Serif,
                bold: false,
                italic: frame.italic,
                size,
                color: self.style.text,
                rise: 0.0,
                hyphenate: true,
                lang: None,
                strike: false,
            },
            leading,
        )
    }

    /// The chapter: opening title, then every block.
    pub fn chapter(&mut self, section: NodeId) {
        let style = self.style;
        let frame = Frame {
            x: 0.0,
            width: style.measure(),
            parent: section,
            italic: false,
            small: false,
            table: false,
            list_depth: 0,
            column_align: crate::book::Align::None,
        };
        self.pending_anchors.push(self.chapter.id.clone());
        self.pending_marks.push((self.chapter_index, None));
        let h = &style.body.headings;
        self.space(h.chapter_drop, false, true);
        let title_style = InlineStyle {
            family: Family::Sans,
            bold: true,
            size: h.chapter_size,
            color: style.heading,
            hyphenate: false,
            ..self.body_style(&frame).0
        };
        let node = self.node(
            StructKind::Heading(1, plain_text(&self.chapter.title)),
            section,
        );
        let title = self.chapter.title.clone();
        self.text(
            &title,
            &frame,
            &TextSpec {
                base: &title_style,
                leading: h.chapter_leading,
                node,
                align: Align::Left,
                indent: 0.0,
                keep_all: true,
            },
        );
        if let Some(sub) = self.chapter.subtitle.clone() {
            let sub_style = InlineStyle {
                bold: false,
                size: style.body.lead.size,
                color: style.muted,
                ..title_style.clone()
            };
            let p = self.node(StructKind::Paragraph, section);
            self.space(6.0, false, true);
            self.text(
                &sub,
                &frame,
                &TextSpec {
                    base: &sub_style,
                    leading: style.body.lead.leading,
                    node: p,
                    align: Align::Left,
                    indent: 0.0,
                    keep_all: true,
                },
            );
        }
        self.space(h.chapter_after, false, true);
        for (i, block) in self.chapter.blocks.iter().enumerate() {
            self.pending_marks.push((self.chapter_index, Some(i)));
            self.block(block, &frame);
        }
        if !self.pending_anchors.is_empty() || !self.pending_marks.is_empty() {
            self.push(Element {
                height: 0.0,
                ..Element::default()
            });
        }
    }

    /// One block, set in `frame`.
    pub fn block(&mut self, block: &Block, frame: &Frame) {
        let style = self.style;
        self.at = block.pos();
        let spacing = style.body.body.block_spacing;
        match block {
            Block::Heading {
                level, id, content, ..
            } => self.heading(*level, id.as_deref(), content, frame),
            Block::Paragraph { content, pos } => return self.paragraph(content, *pos, frame),
            Block::Lead { content, pos } => return self.lead(content, *pos, frame),
            Block::List {
                ordered,
                start,
                items,
                ..
            } => {
                if frame.list_depth == 0 {
                    self.space(spacing * 0.5, true, false);
                }
                self.list(*ordered, *start, items, frame);
                if frame.list_depth == 0 {
                    self.space(spacing * 0.5, true, false);
                }
            }
            Block::Quote { blocks, .. } => self.quote(blocks, frame),
            Block::Code { text, .. } => {
                self.space(spacing, true, false);
                self.code(text, frame);
                self.space(spacing, true, false);
            }
            Block::Table(t) => {
                self.space(spacing, true, false);
                self.table(t, frame);
                self.space(spacing, true, false);
            }
            Block::Figure { image, caption, .. } => {
                self.space(spacing, true, false);
                self.figure(image, caption.as_deref(), frame);
                self.space(spacing, true, false);
            }
            Block::Aside { title, blocks, .. } => {
                self.space(spacing, true, false);
                self.aside(title.as_deref(), blocks, frame);
                self.space(spacing, true, false);
            }
            Block::DefinitionList { items, .. } => {
                self.space(spacing * 0.5, true, false);
                for item in items {
                    self.definition(item, frame);
                }
                self.space(spacing * 0.5, true, false);
            }
            Block::Rule { .. } => self.rule(frame),
            Block::Anchor { id, .. } => {
                self.pending_anchors.push(id.clone());
                return;
            }
        }
        self.after_paragraph = false;
    }

    /// A block quote: indented on both sides, a bar at its left, its italics inverted.
    fn quote(&mut self, blocks: &[Block], frame: &Frame) {
        let style = self.style;
        let spacing = style.body.body.block_spacing;
        let node = self.node(StructKind::BlockQuote, frame.parent);
        let em = style.body.body.size;
        let inner = Frame {
            x: frame.x + style.body.boxes.quote_indent_em * em,
            width: frame.width - 2.0 * style.body.boxes.quote_indent_em * em,
            parent: node,
            italic: !frame.italic,
            ..*frame
        };
        self.space(spacing, true, false);
        self.decor.push(Decor {
            x: frame.x + style.body.boxes.quote_indent_em * em * 0.4,
            width: 1.5,
            color: style.rule,
        });
        self.after_paragraph = false;
        for b in blocks {
            self.block(b, &inner);
        }
        self.decor.pop();
        self.space(spacing, true, false);
    }

    /// A horizontal rule: a short centred line in two lines' space.
    fn rule(&mut self, frame: &Frame) {
        let style = self.style;
        let leading = style.body.body.leading;
        let w = frame.width / 3.0;
        self.push(Element {
            height: leading * 2.0,
            items: vec![PageItem {
                x: frame.x + (frame.width - w) / 2.0,
                y: leading,
                node: None,
                seq: 0,
                kind: ItemKind::Rule {
                    width: w,
                    thickness: 0.6,
                    color: style.rule,
                },
            }],
            ..Element::default()
        });
    }
}
