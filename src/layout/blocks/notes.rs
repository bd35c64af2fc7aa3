//! Footnotes: a note's blocks set apart from the flow ([`Builder::detached`]), at the foot of
//! the page of its first call; a note called from a note is set after it, once.

use super::*;

impl Builder<'_> {
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
    pub(super) fn notes_called(&mut self, number: u32, parent: NodeId) -> Vec<usize> {
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
            column_align: crate::book::Align::None,
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
