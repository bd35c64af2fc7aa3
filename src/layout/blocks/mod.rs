//! Blocks into the vertical flow: each block of a chapter becomes lines, boxes and spaces
//! ([`Element`]s) with their keep rules, their structure elements and their anchors.
//!
//! French book habits: body text justified and hyphenated, a first-line indent instead of a
//! blank line between paragraphs (none after a heading or a block), headings in the sans face
//! and the State blue, ragged-right; lists with hanging markers; code never hyphenated, wrapped
//! with a `↪` at the start of continued lines (an artifact: the text extracts unchanged).

mod boxes;
mod split;
mod table;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::doc::{plain_text, Block, Chapter, Definition, Image, ImageTarget, Inline, ListItem};
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
    pub column_align: crate::doc::Align,
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
    at: crate::doc::Pos,
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
            at: crate::doc::Pos::default(),
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
            column_align: crate::doc::Align::None,
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

    /// A paragraph of body text: justified and indented after another paragraph (unless in a
    /// note or a table cell), or cut around the figures it holds.
    fn paragraph(&mut self, content: &[Inline], pos: crate::doc::Pos, frame: &Frame) {
        let style = self.style;
        let (base, leading) = self.body_style(frame);
        if let Some(pieces) = self.split_at_figures(content, pos, false, base.size, frame.width) {
            for b in &pieces {
                self.block(b, frame);
            }
            return;
        }
        let indent = if self.after_paragraph && !frame.small && !frame.table {
            style.body.body.indent_em * base.size
        } else {
            0.0
        };
        self.space(style.body.body.paragraph_spacing, true, false);
        let node = self.node(StructKind::Paragraph, frame.parent);
        let align = if frame.table {
            match frame.column_align {
                crate::doc::Align::Right => Align::Right,
                crate::doc::Align::Center => Align::Center,
                crate::doc::Align::Left | crate::doc::Align::None => Align::Left,
            }
        } else if frame.small && lone_address(content) {
            // A note that is only an address (the print profile's URL notes) cannot be
            // justified: its one long word would leave the note's number alone on a
            // line with wide spaces. Set ragged, it breaks inside the address instead.
            Align::Left
        } else {
            Align::Justify
        };
        self.text(
            content,
            frame,
            &TextSpec {
                base: &base,
                leading,
                node,
                align,
                indent,
                keep_all: false,
            },
        );
        self.after_paragraph = true;
    }

    /// A lead paragraph (`{: .lead}`): larger, ragged-right; or cut around the figures it
    /// holds (each piece then set as a block of its own).
    fn lead(&mut self, content: &[Inline], pos: crate::doc::Pos, frame: &Frame) {
        let style = self.style;
        let spacing = style.body.body.block_spacing;
        let (mut base, _) = self.body_style(frame);
        base.size = style.body.lead.size;
        if let Some(pieces) = self.split_at_figures(content, pos, true, base.size, frame.width) {
            for b in &pieces {
                self.block(b, frame);
            }
            return;
        }
        let node = self.node(StructKind::Paragraph, frame.parent);
        self.text(
            content,
            frame,
            &TextSpec {
                base: &base,
                leading: style.body.lead.leading,
                node,
                align: Align::Left,
                indent: 0.0,
                keep_all: false,
            },
        );
        self.space(spacing, true, false);
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

    fn heading(&mut self, level: u8, id: Option<&str>, content: &[Inline], frame: &Frame) {
        let style = self.style;
        let level = level.clamp(2, 6);
        let size = style.heading_size(level);
        let leading = (size * 1.25).max(style.body.body.leading);
        let lead = style.body.body.leading;
        self.space(style.body.headings.before_lines * lead, true, false);
        if let Some(id) = id {
            self.pending_anchors.push(id.to_string());
        }
        let node = self.node(
            StructKind::Heading(level, plain_text(content)),
            frame.parent,
        );
        let hs = InlineStyle {
            family: Family::Sans,
            bold: true,
            italic: level >= 6,
            size,
            color: style.heading,
            rise: 0.0,
            hyphenate: false,
            lang: None,
            strike: false,
        };
        self.text(
            content,
            frame,
            &TextSpec {
                base: &hs,
                leading,
                node,
                align: Align::Left,
                indent: 0.0,
                keep_all: true,
            },
        );
        self.space(style.body.headings.after_lines * lead, false, true);
        if let (Some(id), Some(title)) = (id, crate::doc::outline_label(content)) {
            let entry = OutlineEntry {
                title,
                anchor: id.to_string(),
                children: Vec::new(),
            };
            // Third levels go under the last second level; in a chapter without any second
            // level, they are its sections.
            match level {
                2 => {
                    self.outline_has_h2 = true;
                    self.outline.children.push(entry);
                }
                3 => match self.outline.children.last_mut() {
                    Some(parent) if self.outline_has_h2 => parent.children.push(entry),
                    _ => self.outline.children.push(entry),
                },
                _ => {}
            }
        }
        self.after_paragraph = false;
    }

    /// Sets inline content as lines of the flow, each line one element.
    pub fn text(&mut self, content: &[Inline], frame: &Frame, spec: &TextSpec) {
        let &TextSpec {
            base,
            leading,
            node,
            align,
            indent,
            keep_all,
        } = spec;
        let chapter = self.chapter;
        let note_anchor = |n: u32| {
            chapter
                .footnotes
                .iter()
                .find(|f| f.number == n)
                .map(|f| f.id.clone())
        };
        let refs = self.page_refs;
        let page_ref = move |anchor: &str| refs.and_then(|r| r.folio(anchor));
        let images = self.inline_images(content);
        let cx = InlineContext {
            note_anchor: &note_anchor,
            link_color: self.style.link,
            code_scale: CODE_SCALE,
            page_ref: refs.map(|_| &page_ref as &super::inline::PageRef<'_>),
            images: &images,
            measure: frame.width,
        };
        let collected = collect(content, base, &cx);
        let lines = self.setter.set(
            &collected,
            &Params {
                measure: frame.width,
                align,
                indent,
                leading,
            },
        );
        // A line ending in a hyphen never ends a page: the reader would turn the page in the
        // middle of a word (TeX's `\brokenpenalty`, made a rule).
        let hyphenated: Vec<bool> = lines
            .iter()
            .map(|l| {
                l.runs
                    .last()
                    .is_some_and(|r| r.run.text.ends_with('\u{ad}'))
            })
            .collect();
        let elements = self.lines_to_elements(&collected, &lines, frame, node);
        let n = elements.len();
        for (i, mut e) in elements.into_iter().enumerate() {
            let last = i + 1 == n;
            let broken_word = hyphenated.get(i).copied().unwrap_or(false);
            e.keep_with_next = if keep_all {
                true
            } else {
                !last && (i + 1 < MIN_LINES_AT_FOOT || i + MIN_LINES_AT_HEAD >= n || broken_word)
            };
            self.push(e);
        }
    }

    /// Decodes the images of `content` set in its lines (at any depth: in a link, in
    /// emphasis), by file; one that cannot be decoded is said and left out (written `[alt]`).
    fn inline_images(&mut self, content: &[Inline]) -> HashMap<PathBuf, Loaded> {
        let mut found = HashMap::new();
        let mut stack: Vec<&[Inline]> = vec![content];
        while let Some(list) = stack.pop() {
            for inline in list {
                if let Some(children) = inline.children() {
                    stack.push(children);
                }
                let Inline::Image(image) = inline else {
                    continue;
                };
                let ImageTarget::File(path) = &image.target else {
                    continue;
                };
                if found.contains_key(path) {
                    continue;
                }
                match self.images.load(path) {
                    Ok(loaded) => {
                        found.insert(path.clone(), loaded);
                    }
                    Err(message) => self.diags.push(Diagnostic::warning(
                        Code::ImageNotDrawn,
                        &self.chapter.source,
                        image.pos.line,
                        image.pos.col,
                        format!("image not drawn: {message}"),
                    )),
                }
            }
        }
        found
    }

    /// Turns set lines into flow elements: items tagged with their node (or their link's),
    /// link rectangles, footnotes and anchors attached to the line where they are called.
    fn lines_to_elements(
        &mut self,
        para: &Collected,
        lines: &[SetLine],
        frame: &Frame,
        node: NodeId,
    ) -> Vec<Element> {
        let mut link_nodes: Vec<Option<NodeId>> = vec![None; para.links.len()];
        let mut out = Vec::with_capacity(lines.len());
        let mut placed_notes: Vec<u32> = Vec::new();
        for (li, line) in lines.iter().enumerate() {
            let mut e = Element {
                height: line.height,
                ..Element::default()
            };
            let (leading, baseline) = (line.height, line.baseline);
            let first_span = line.runs.first().map_or(0, |r| r.span);
            let last_span = if li + 1 == lines.len() {
                usize::MAX
            } else {
                line.runs.last().map_or(0, |r| r.span)
            };
            for r in &line.runs {
                let span = &para.spans[r.span];
                let image = span.object.and_then(|i| para.images.get(i));
                let item_node = match span.link {
                    Some(l) => *link_nodes[l].get_or_insert_with(|| {
                        let alt = para.links[l].text.clone();
                        // Created on first use, so its place in reading order is right.
                        self.tree.node(StructKind::Link { alt }, node)
                    }),
                    None => node,
                };
                // An inline image is a figure of its own inside the paragraph (or the link), read
                // where it stands; decorative, an artifact.
                let image_node = image.and_then(|i| {
                    let alt = i.alt.clone().filter(|a| !a.trim().is_empty())?;
                    Some(self.node(StructKind::Figure(alt), item_node))
                });
                let seq = self.next_seq();
                let width = r.run.width();
                if let Some(l) = span.link {
                    e.links.push(LinkArea {
                        x: frame.x + r.x,
                        y: 0.0,
                        width,
                        height: leading,
                        target: para.links[l].dest.clone(),
                        node: item_node,
                        seq,
                    });
                }
                if let Some(image) = image {
                    // Standing on the baseline, as a browser sets an inline image.
                    e.items.push(PageItem {
                        x: frame.x + r.x,
                        y: baseline - r.rise - image.height,
                        node: image_node,
                        seq,
                        kind: ItemKind::Image {
                            id: image.id,
                            width: image.width,
                            height: image.height,
                        },
                    });
                    continue;
                }
                e.items.push(PageItem {
                    x: frame.x + r.x,
                    y: baseline - r.rise,
                    node: Some(item_node),
                    seq,
                    kind: ItemKind::Text(r.run.clone()),
                });
                if span.style.strike {
                    e.items
                        .push(strike_through(frame.x + r.x, baseline - r.rise, &r.run));
                }
            }
            for &(number, link) in &para.notes {
                let called_here = line
                    .runs
                    .iter()
                    .any(|r| para.spans[r.span].link == Some(link));
                if called_here && !placed_notes.contains(&number) {
                    placed_notes.push(number);
                    if self.in_note {
                        self.nested_calls.push(number);
                    } else {
                        e.notes.extend(self.notes_called(number, node));
                    }
                }
            }
            for (name, span) in &para.anchors {
                let placed = out.iter().any(|p: &Element| p.anchors.contains(name));
                if !placed && (*span <= last_span || *span < first_span) {
                    e.anchors.push(name.clone());
                }
            }
            out.push(e);
        }
        out
    }

    /// Builds `blocks` in `frame` into a separate list of elements (a table cell, a note),
    /// leaving the chapter's flow untouched.
    pub fn detached(&mut self, blocks: &[Block], frame: &Frame) -> Vec<Element> {
        let saved = std::mem::take(&mut self.flow.elements);
        let saved_after = self.after_paragraph;
        let saved_anchors = std::mem::take(&mut self.pending_anchors);
        let saved_marks = std::mem::take(&mut self.pending_marks);
        let saved_decor = std::mem::take(&mut self.decor);
        self.after_paragraph = false;
        for b in blocks {
            self.block(b, frame);
        }
        if !self.pending_anchors.is_empty() {
            self.push(Element::default());
        }
        let elements = std::mem::replace(&mut self.flow.elements, saved);
        self.after_paragraph = saved_after;
        self.pending_anchors = saved_anchors;
        self.pending_marks = saved_marks;
        self.decor = saved_decor;
        elements
    }

    /// Sets note `number`, called from a paragraph (structure node `parent`), then the notes
    /// its text calls, and theirs, each once, one after the other (never one inside another):
    /// their indexes in the flow, all to be printed on the calling line's page.
    fn notes_called(&mut self, number: u32, parent: NodeId) -> Vec<usize> {
        let mut set = Vec::new();
        let mut done: Vec<u32> = Vec::new();
        let mut queue = std::collections::VecDeque::from([number]);
        while let Some(n) = queue.pop_front() {
            if done.contains(&n) {
                continue;
            }
            done.push(n);
            self.in_note = true;
            set.extend(self.note(n, parent));
            self.in_note = false;
            queue.extend(self.nested_calls.drain(..));
        }
        set
    }

    /// Sets footnote `number` as a [`Note`] of the flow; its structure element goes under
    /// `parent` (the paragraph that calls it).
    fn note(&mut self, number: u32, parent: NodeId) -> Option<usize> {
        let chapter = self.chapter;
        let footnote = chapter.footnotes.iter().find(|f| f.number == number)?;
        let node = self.node(StructKind::Note, parent);
        let frame = Frame {
            x: 0.0,
            width: self.style.measure(),
            parent: node,
            italic: false,
            small: true,
            table: false,
            list_depth: 0,
            column_align: crate::doc::Align::None,
        };
        let mut blocks = footnote.blocks.clone();
        let label = Inline::Text(format!("{number}. "));
        match blocks.first_mut() {
            Some(Block::Paragraph { content, .. }) => content.insert(0, label),
            _ => blocks.insert(
                0,
                Block::Paragraph {
                    content: vec![label],
                    pos: footnote.pos,
                },
            ),
        }
        let elements = self.detached(&blocks, &frame);
        let mut note = Note {
            number,
            anchors: vec![(footnote.id.clone(), 0.0)],
            ..Note::default()
        };
        for e in elements {
            if e.discardable && note.items.is_empty() {
                continue;
            }
            let dy = note.height;
            note.items.extend(e.items.into_iter().map(|mut i| {
                i.y += dy;
                i
            }));
            note.links.extend(e.links.into_iter().map(|mut l| {
                l.y += dy;
                l
            }));
            note.height += e.height;
        }
        self.flow.notes.push(note);
        Some(self.flow.notes.len() - 1)
    }
}

/// The rule across a struck-through run, `x` its left edge and `baseline` its baseline: at the
/// font's strikeout position and thickness, in the run's colour. Decoration, outside the structure: the words are read as they
/// are.
fn strike_through(x: f32, baseline: f32, run: &TextRun) -> PageItem {
    let m = crate::fonts::metrics(run.font);
    PageItem {
        x,
        y: baseline - m.strikeout_top * run.size,
        node: None,
        seq: 0,
        kind: ItemKind::Rule {
            width: run.width(),
            thickness: m.strikeout_thickness * run.size,
            color: run.color,
        },
    }
}

/// Whether a paragraph's text is one web or e-mail address and nothing else, after the
/// number a footnote starts with (`8. `, put before the note's text when it is set).
fn lone_address(content: &[crate::doc::Inline]) -> bool {
    let text = crate::doc::plain_text(content);
    let text = text.trim_start();
    let unlabelled = text
        .split_once(". ")
        .filter(|(number, _)| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
        .map_or(text, |(_, rest)| rest);
    let chars: Vec<char> = unlabelled.trim().chars().collect();
    let runs = crate::doc::address_runs(&chars, |c| Some(*c));
    !chars.is_empty() && runs.len() == 1 && runs[0] == (0..chars.len())
}

#[cfg(test)]
mod lone_address_tests {
    use super::lone_address;
    use crate::doc::Inline;

    #[test]
    fn a_note_holding_only_an_address_is_recognised() {
        let t = |s: &str| vec![Inline::Text(s.into())];
        assert!(lone_address(&t(
            "https://beta.gouv.fr/approche/la-vie-dune-startup/"
        )));
        assert!(lone_address(&t(" contact@beta.gouv.fr ")));
        assert!(!lone_address(&t("Voir https://beta.gouv.fr")));
        assert!(!lone_address(&t("beta.gouv.fr est le site")));
        assert!(!lone_address(&t("")));
        // As a note is set: its number first, as a text of its own.
        let labelled = vec![
            Inline::Text("8. ".into()),
            Inline::Text("https://www.accessibility-developer-guide.com/setup/".into()),
        ];
        assert!(lone_address(&labelled));
        assert!(!lone_address(&t("8. Voir https://beta.gouv.fr")));
        assert!(!lone_address(&t("8. ")));
    }
}
