//! Running text into the flow: paragraphs (justified, indented after another paragraph, cut
//! around the figures they hold), lead paragraphs and headings, each set into lines by
//! [`Builder::text`], one flow element a line, with its links, notes, images and anchors.

use super::*;

impl Builder<'_> {
    /// A paragraph of body text: justified and indented after another paragraph (unless in a
    /// note or a table cell), or cut around the figures it holds.
    pub(super) fn paragraph(&mut self, content: &[Inline], pos: crate::book::Pos, frame: &Frame) {
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
                crate::book::Align::Right => Align::Right,
                crate::book::Align::Center => Align::Center,
                crate::book::Align::Left | crate::book::Align::None => Align::Left,
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
    pub(super) fn lead(&mut self, content: &[Inline], pos: crate::book::Pos, frame: &Frame) {
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

    pub(super) fn heading(
        &mut self,
        level: u8,
        id: Option<&str>,
        content: &[Inline],
        frame: &Frame,
    ) {
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
        if let (Some(id), Some(title)) = (id, crate::book::outline_label(content)) {
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
            page_ref: refs.map(|_| &page_ref as &crate::layout::inline::PageRef<'_>),
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
fn lone_address(content: &[crate::book::Inline]) -> bool {
    let text = crate::book::plain_text(content);
    let text = text.trim_start();
    let unlabelled = text
        .split_once(". ")
        .filter(|(number, _)| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
        .map_or(text, |(_, rest)| rest);
    let chars: Vec<char> = unlabelled.trim().chars().collect();
    let runs = crate::book::address_runs(&chars, |c| Some(*c));
    !chars.is_empty() && runs.len() == 1 && runs[0] == (0..chars.len())
}

#[cfg(test)]
mod lone_address_tests {
    use super::lone_address;
    use crate::book::Inline;

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
