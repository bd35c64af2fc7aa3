//! The blocks that are boxes of other blocks or of their own lines: lists, code blocks,
//! figures, asides and definition lists (the rest of [`Builder`]'s work, split off to keep each
//! file readable).

use super::*;
use crate::fonts::Family;

impl Builder<'_> {
    pub(super) fn list(&mut self, ordered: bool, start: u32, items: &[ListItem], frame: &Frame) {
        let style = self.style;
        let (base, leading) = self.body_style(frame);
        let list = self.node(StructKind::List { ordered }, frame.parent);
        let hang = self.style.body.boxes.list_hang_em * base.size;
        for (i, item) in items.iter().enumerate() {
            let li = self.node(StructKind::ListItem, list);
            let lbl = self.node(StructKind::Label, li);
            let marker_seq = self.next_seq();
            let body = self.node(StructKind::ListBody, li);
            let marker = match (item.task, ordered) {
                (Some(true), _) => "☑".to_string(),
                (Some(false), _) => "☐".to_string(),
                (None, true) => format!("{}.", start as u64 + i as u64),
                (None, false) => BULLETS[frame.list_depth % BULLETS.len()].to_string(),
            };
            let inner = Frame {
                x: frame.x + hang,
                width: frame.width - hang,
                parent: body,
                list_depth: frame.list_depth + 1,
                ..*frame
            };
            let first = self.flow.elements.len();
            self.after_paragraph = false;
            for b in &item.blocks {
                self.block(b, &inner);
            }
            let (runs, mw) = self.setter.set_line(&marker, &base);
            let target = self.flow.elements[first..].iter_mut().find_map(|e| {
                let y = e.items.iter().find_map(|i| match i.kind {
                    ItemKind::Text(_) if i.node.is_some() => Some(i.y),
                    _ => None,
                })?;
                Some((e, y))
            });
            let baseline = leading / 2.0 + BASELINE_BELOW_MIDDLE * base.size;
            let x0 = inner.x - mw - 0.35 * base.size;
            let marker_items = |y: f32| -> Vec<PageItem> {
                runs.iter()
                    .map(|(x, run)| PageItem {
                        x: x0 + x,
                        y,
                        node: Some(lbl),
                        seq: marker_seq,
                        kind: ItemKind::Text(run.clone()),
                    })
                    .collect()
            };
            match target {
                Some((e, y)) => e.items.extend(marker_items(y)),
                None => self.push(Element {
                    height: leading,
                    items: marker_items(baseline),
                    ..Element::default()
                }),
            }
            if i + 1 < items.len() {
                self.space(style.body.body.paragraph_spacing.max(1.5), true, false);
            }
        }
        self.after_paragraph = false;
    }

    pub(super) fn code(&mut self, text: &str, frame: &Frame) {
        let style = self.style;
        let size = style.body.code.size;
        let leading = style.body.code.leading;
        let node = self.node(StructKind::Code, frame.parent);
        let mono = InlineStyle {
            family: Family::Mono,
            bold: false,
            italic: false,
            size,
            color: style.text,
            rise: 0.0,
            hyphenate: false,
            lang: None,
            strike: false,
        };
        let mark = InlineStyle {
            color: style.muted,
            ..mono.clone()
        };
        // Noto Sans Mono advances 0.6 em a character.
        let advance = 0.6 * size;
        let inner = frame.width - 2.0 * self.style.body.boxes.padding;
        let cols = ((inner / advance).floor() as usize).max(8);
        let mut rows: Vec<(bool, String)> = Vec::new();
        for raw in text.trim_end_matches('\n').split('\n') {
            let line = raw.replace('\t', "    ");
            let chars: Vec<char> = line.trim_end().chars().collect();
            if chars.is_empty() {
                rows.push((false, String::new()));
                continue;
            }
            let mut start = 0;
            let mut first = true;
            while start < chars.len() {
                let room = if first { cols } else { cols - 2 };
                let mut end = (start + room).min(chars.len());
                if end < chars.len() {
                    // Wrap after a space when there is one in the line's second half.
                    if let Some(sp) = (start + room / 2..end).rev().find(|&i| chars[i] == ' ') {
                        end = sp + 1;
                    }
                }
                // Characters the mono face lacks come from wider faces (CJK, emoji: 1 em, not
                // 0.6): a row as wide as it is drawn must still fit, else it is cut shorter.
                let room_width = room as f32 * advance + WIDTH_SLACK;
                loop {
                    let width = self.code_row_width(&chars[start..end], &mono, advance);
                    if width <= room_width || end - start <= 1 {
                        break;
                    }
                    let fit = ((end - start) as f32 * room_width / width).floor() as usize;
                    end = start + fit.clamp(1, end - start - 1);
                }
                rows.push((!first, chars[start..end].iter().collect()));
                start = end;
                first = false;
            }
        }
        self.decor.push(Decor {
            x: frame.x,
            width: frame.width,
            color: style.code_background,
        });
        self.space(self.style.body.boxes.padding * 0.75, false, true);
        let n = rows.len();
        let baseline = leading / 2.0 + BASELINE_BELOW_MIDDLE * size;
        for (i, (continued, row)) in rows.into_iter().enumerate() {
            let mut items = Vec::new();
            let mut x = frame.x + self.style.body.boxes.padding;
            if continued {
                let (runs, _) = self.setter.set_line(CONTINUATION, &mark);
                items.extend(runs.into_iter().map(|(dx, run)| PageItem {
                    x: x + dx,
                    y: baseline,
                    node: None,
                    seq: 0,
                    kind: ItemKind::Text(run),
                }));
                x += 2.0 * advance;
            }
            let (body, indent) = code_indent(&row, advance);
            if !body.is_empty() {
                let seq = self.next_seq();
                let (runs, _) = self.setter.set_line(body, &mono);
                items.extend(runs.into_iter().map(|(dx, run)| PageItem {
                    x: x + indent + dx,
                    y: baseline,
                    node: Some(node),
                    seq,
                    kind: ItemKind::Text(run),
                }));
            }
            let keep = i + 1 < n && (i + 1 < MIN_LINES_AT_FOOT || i + MIN_LINES_AT_HEAD >= n);
            self.push(Element {
                height: leading,
                keep_with_next: keep,
                items,
                ..Element::default()
            });
        }
        self.space(self.style.body.boxes.padding * 0.75, false, false);
        self.decor.pop();
    }

    /// The width a code row is drawn at: its indentation at the mono advance, then its text
    /// as set.
    fn code_row_width(&mut self, row: &[char], mono: &InlineStyle, advance: f32) -> f32 {
        let text: String = row.iter().collect();
        let (body, indent) = code_indent(&text, advance);
        if body.is_empty() {
            return indent;
        }
        indent + self.setter.set_line(body, mono).1
    }

    pub(super) fn figure(&mut self, image: &Image, caption: Option<&[Inline]>, frame: &Frame) {
        let style = self.style;
        // No alt at all is an oversight: said, and the image drawn as decoration (an artifact,
        // skipped by screen readers). `alt=""` says the image is decorative: nothing to say.
        let alt = image.alt.clone().filter(|a| !a.trim().is_empty());
        if image.alt.is_none() {
            self.diags.push(
                Diagnostic::warning(
                    Code::ImageNoAlt,
                    &self.chapter.source,
                    image.pos.line,
                    image.pos.col,
                    format!(
                        "image `{}` has no alternative text: tagged as decorative",
                        image.src
                    ),
                )
                .with_hint("describe it in its `alt`, or write `alt=\"\"` if it is decorative"),
            );
        }
        let node = alt
            .clone()
            .map(|a| self.node(StructKind::Figure(a), frame.parent));
        let loaded = match &image.target {
            ImageTarget::File(path) => match self.images.load(path) {
                Ok(l) => Some(l),
                Err(message) => {
                    self.diags.push(Diagnostic::warning(
                        Code::ImageNotDrawn,
                        &self.chapter.source,
                        image.pos.line,
                        image.pos.col,
                        format!("image not drawn: {message}"),
                    ));
                    None
                }
            },
            _ => None,
        };
        match loaded {
            Some(l) => {
                let (w, h) = fit(
                    asked_size(image, (l.width, l.height), frame.width),
                    frame.width,
                    style.text_height() * MAX_HEIGHT_SHARE,
                );
                let seq = self.next_seq();
                self.push(Element {
                    height: h + 4.0,
                    keep_with_next: caption.is_some(),
                    items: vec![PageItem {
                        x: frame.x + (frame.width - w) / 2.0,
                        y: 0.0,
                        node,
                        seq,
                        kind: ItemKind::Image {
                            id: l.id,
                            width: w,
                            height: h,
                        },
                    }],
                    ..Element::default()
                });
            }
            None => {
                // No picture: its alternative text in a frame, so the reader knows.
                let (mut base, _) = self.body_style(frame);
                base.italic = true;
                base.color = style.muted;
                let said = alt.clone().unwrap_or_else(|| image.src.clone());
                let text = vec![Inline::Text(format!("[Image : {said}]"))];
                let p = match node {
                    Some(n) => n,
                    None => self.node(StructKind::Paragraph, frame.parent),
                };
                self.text(
                    &text,
                    frame,
                    &TextSpec {
                        base: &base,
                        leading: style.body.small.leading + 3.0,
                        node: p,
                        align: Align::Left,
                        indent: 0.0,
                        keep_all: caption.is_some(),
                    },
                );
            }
        }
        if let Some(caption) = caption {
            // A caption belongs to its figure; a decorative image's caption is a paragraph.
            let cap = match node {
                Some(n) => self.node(StructKind::Caption, n),
                None => self.node(StructKind::Paragraph, frame.parent),
            };
            let base = InlineStyle {
                family: Family::Serif,
                bold: false,
                italic: true,
                size: style.body.small.size,
                color: style.muted,
                rise: 0.0,
                hyphenate: true,
                lang: None,
                strike: false,
            };
            self.text(
                caption,
                frame,
                &TextSpec {
                    base: &base,
                    leading: style.body.small.leading,
                    node: cap,
                    align: Align::Left,
                    indent: 0.0,
                    keep_all: false,
                },
            );
        }
    }

    pub(super) fn aside(&mut self, title: Option<&[Inline]>, blocks: &[Block], frame: &Frame) {
        let style = self.style;
        let node = self.node(StructKind::Aside, frame.parent);
        self.decor.push(Decor {
            x: frame.x,
            width: frame.width,
            color: style.aside_background,
        });
        self.decor.push(Decor {
            x: frame.x,
            width: 2.5,
            color: style.heading,
        });
        let inner = Frame {
            x: frame.x + self.style.body.boxes.padding + 4.0,
            width: frame.width - 2.0 * self.style.body.boxes.padding - 4.0,
            parent: node,
            ..*frame
        };
        self.space(self.style.body.boxes.padding, false, true);
        if let Some(title) = title {
            let p = self.node(StructKind::Paragraph, node);
            let ts = InlineStyle {
                family: Family::Sans,
                bold: true,
                italic: false,
                size: style.body.body.size,
                color: style.heading,
                rise: 0.0,
                hyphenate: false,
                lang: None,
                strike: false,
            };
            self.text(
                title,
                &inner,
                &TextSpec {
                    base: &ts,
                    leading: style.body.body.leading,
                    node: p,
                    align: Align::Left,
                    indent: 0.0,
                    keep_all: true,
                },
            );
            self.space(3.0, false, true);
        }
        self.after_paragraph = false;
        for b in blocks {
            self.block(b, &inner);
        }
        self.space(self.style.body.boxes.padding, false, false);
        self.decor.pop();
        self.decor.pop();
    }

    pub(super) fn definition(&mut self, item: &Definition, frame: &Frame) {
        let (mut base, leading) = self.body_style(frame);
        base.bold = true;
        let term = self.node(StructKind::Term, frame.parent);
        self.text(
            &item.term,
            frame,
            &TextSpec {
                base: &base,
                leading,
                node: term,
                align: Align::Left,
                indent: 0.0,
                keep_all: true,
            },
        );
        let em = self.style.body.body.size;
        for details in &item.details {
            let d = self.node(StructKind::Definition, frame.parent);
            let inner = Frame {
                x: frame.x + self.style.body.boxes.list_hang_em * em,
                width: frame.width - self.style.body.boxes.list_hang_em * em,
                parent: d,
                ..*frame
            };
            self.after_paragraph = false;
            for b in details {
                self.block(b, &inner);
            }
        }
        self.space(3.0, true, false);
    }
}

/// A code row's text after its indentation, and the indentation's width: drawn as a shift at
/// the mono advance, since the setter would collapse leading spaces. Counted in characters,
/// not bytes: a row indented with 73 narrow no-break spaces (3 bytes each) put its text
/// 755 pt to the right, off the page (layout fuzzer).
fn code_indent(row: &str, advance: f32) -> (&str, f32) {
    let body = row.trim_start();
    let indent = (row.chars().count() - body.chars().count()) as f32 * advance;
    (body, indent)
}
