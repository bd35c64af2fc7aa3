//! The print profile's chapters: nothing on paper may point nowhere.
//!
//! An internal reference prints its target's folio (` (p. 12)`, see
//! [`super::inline::page_reference`] and [`super::fixpoint`]); an external link gets a
//! footnote giving its URL. This module adds those notes to a copy of the chapter, before
//! layout: the first mention of a URL in a chapter calls a new note, later mentions call the
//! same note again, and every note of the chapter (its own and the URL notes) is renumbered in
//! the order of first call. A link whose text is its URL already (`<https://…>`) needs no note;
//! a link inside a footnote gets its URL in parentheses (a note does not call a note).

use std::collections::BTreeMap;

use crate::book::{plain_text, Block, Chapter, Footnote, Inline, LinkTarget, Pos};

/// The chapter as printed: URL notes added, notes renumbered in order of first call.
pub fn chapter(chapter: &Chapter) -> Chapter {
    let mut out = chapter.clone();
    // Links inside notes: the URL in parentheses.
    for f in &mut out.footnotes {
        for b in &mut f.blocks {
            each_inline_list(b, &mut |content| inline_urls(content));
        }
    }
    let mut walk = Walk {
        chapter_id: chapter.id.clone(),
        renumber: BTreeMap::new(),
        urls: BTreeMap::new(),
        url_notes: Vec::new(),
        next: 1,
    };
    for b in &mut out.blocks {
        each_inline_list(b, &mut |content| walk.inlines(content));
    }
    let mut notes: Vec<Footnote> = Vec::new();
    for f in &out.footnotes {
        let number = match walk.renumber.get(&f.number) {
            Some(&n) => n,
            None => {
                // Never called: numbered after the others.
                walk.next += 1;
                walk.next - 1
            }
        };
        notes.push(Footnote {
            number,
            ..f.clone()
        });
    }
    notes.extend(walk.url_notes);
    notes.sort_by_key(|f| f.number);
    out.footnotes = notes;
    out
}

/// The URL as printed: without `mailto:`.
fn shown(url: &str) -> &str {
    url.strip_prefix("mailto:").unwrap_or(url)
}

/// Whether the link's text already shows its URL (with or without the scheme).
fn text_is_url(text: &str, url: &str) -> bool {
    let t = text.trim().trim_end_matches('/');
    let u = shown(url).trim_end_matches('/');
    let bare = u.split_once("://").map_or(u, |(_, rest)| rest);
    !t.is_empty() && (t == u || t == bare)
}

struct Walk {
    chapter_id: String,
    /// Old note number → new.
    renumber: BTreeMap<u32, u32>,
    /// URL → its note's number.
    urls: BTreeMap<String, u32>,
    url_notes: Vec<Footnote>,
    next: u32,
}

impl Walk {
    fn inlines(&mut self, content: &mut Vec<Inline>) {
        let mut i = 0;
        while i < content.len() {
            let mut call = None;
            match &mut content[i] {
                Inline::FootnoteRef { number, .. } => {
                    let next = &mut self.next;
                    *number = *self.renumber.entry(*number).or_insert_with(|| {
                        *next += 1;
                        *next - 1
                    });
                }
                Inline::Link {
                    target: LinkTarget::External(url),
                    content: inner,
                    pos,
                    ..
                } => {
                    self.inlines(inner);
                    if !text_is_url(&plain_text(inner), url) {
                        call = Some((self.url_note(url, *pos), *pos));
                    }
                }
                other => {
                    if let Some(c) = other.children_mut() {
                        self.inlines(c);
                    }
                }
            }
            if let Some((number, pos)) = call {
                content.insert(i + 1, Inline::FootnoteRef { number, pos });
                i += 1;
            }
            i += 1;
        }
    }

    /// The number of the note giving `url`, made on its first mention.
    fn url_note(&mut self, url: &str, pos: Pos) -> u32 {
        if let Some(&n) = self.urls.get(url) {
            return n;
        }
        let number = self.next;
        self.next += 1;
        self.urls.insert(url.to_string(), number);
        // `zxx`: no linguistic content, so never hyphenated (nor read as French).
        let text = Inline::Lang {
            lang: "zxx".into(),
            content: vec![Inline::Text(shown(url).to_string())],
        };
        self.url_notes.push(Footnote {
            number,
            id: format!("{}-url-{}", self.chapter_id, self.url_notes.len() + 1),
            blocks: vec![Block::Paragraph {
                content: vec![Inline::Link {
                    href: url.to_string(),
                    target: LinkTarget::External(url.to_string()),
                    content: vec![text],
                    pos,
                }],
                pos,
            }],
            pos,
        });
        number
    }
}

/// Inside a note: ` (https://…)` after each external link whose text is not its URL.
fn inline_urls(content: &mut Vec<Inline>) {
    let mut i = 0;
    while i < content.len() {
        let mut add = None;
        match &mut content[i] {
            Inline::Link {
                target: LinkTarget::External(url),
                content: inner,
                ..
            } if !text_is_url(&plain_text(inner), url) => {
                add = Some(format!(" ({})", shown(url)));
            }
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Abbr { content: c, .. }
            | Inline::Lang { content: c, .. } => inline_urls(c),
            _ => {}
        }
        if let Some(text) = add {
            content.insert(i + 1, Inline::Text(text));
            i += 1;
        }
        i += 1;
    }
}

/// Calls `f` on every list of inline content of a block, in reading order.
fn each_inline_list(block: &mut Block, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    match block {
        Block::Heading { content, .. }
        | Block::Paragraph { content, .. }
        | Block::Lead { content, .. } => f(content),
        Block::List { items, .. } => {
            for item in items {
                item.blocks.iter_mut().for_each(|b| each_inline_list(b, f));
            }
        }
        Block::Quote { blocks, .. } => blocks.iter_mut().for_each(|b| each_inline_list(b, f)),
        Block::Table(t) => {
            for row in t.head.iter_mut().chain(t.body.iter_mut()) {
                for cell in row {
                    cell.blocks.iter_mut().for_each(|b| each_inline_list(b, f));
                }
            }
            if let Some(c) = &mut t.caption {
                f(c);
            }
        }
        Block::Figure { caption, .. } => {
            if let Some(c) = caption {
                f(c);
            }
        }
        Block::Aside { title, blocks, .. } => {
            if let Some(t) = title {
                f(t);
            }
            blocks.iter_mut().for_each(|b| each_inline_list(b, f));
        }
        Block::DefinitionList { items, .. } => {
            for d in items {
                f(&mut d.term);
                for details in &mut d.details {
                    details.iter_mut().for_each(|b| each_inline_list(b, f));
                }
            }
        }
        Block::Code { .. } | Block::Rule { .. } | Block::Anchor { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str, text: &str) -> Inline {
        Inline::Link {
            href: url.into(),
            target: LinkTarget::External(url.into()),
            content: vec![Inline::Text(text.into())],
            pos: Pos::new(3, 1),
        }
    }

    fn para(content: Vec<Inline>) -> Block {
        Block::Paragraph {
            content,
            pos: Pos::new(3, 1),
        }
    }

    fn calls(block: &Block) -> Vec<u32> {
        match block {
            Block::Paragraph { content, .. } => content
                .iter()
                .filter_map(|i| match i {
                    Inline::FootnoteRef { number, .. } => Some(*number),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        }
    }

    #[test]
    fn one_note_per_url_and_notes_renumbered_in_call_order() {
        let own = Footnote {
            number: 1,
            id: "c-fn-1".into(),
            blocks: vec![para(vec![
                Inline::Text("Voir ".into()),
                link("https://a.fr", "A"),
            ])],
            pos: Pos::new(9, 1),
        };
        let ch = Chapter {
            id: "c".into(),
            blocks: vec![
                para(vec![
                    link("https://a.fr", "le site A"),
                    link("https://b.fr", "https://b.fr"),
                ]),
                para(vec![
                    Inline::FootnoteRef {
                        number: 1,
                        pos: Pos::new(4, 1),
                    },
                    link("https://a.fr", "encore A"),
                ]),
            ],
            footnotes: vec![own],
            ..Chapter::default()
        };
        let printed = chapter(&ch);
        // A gets note 1 (first call), the own note becomes 2, A's second mention calls 1 again;
        // B shows its URL already.
        assert_eq!(calls(&printed.blocks[0]), vec![1]);
        assert_eq!(calls(&printed.blocks[1]), vec![2, 1]);
        let numbers: Vec<(u32, &str)> = printed
            .footnotes
            .iter()
            .map(|f| (f.number, f.id.as_str()))
            .collect();
        assert_eq!(numbers, vec![(1, "c-url-1"), (2, "c-fn-1")]);
        // The own note's link got its URL in parentheses.
        let Block::Paragraph { content, .. } = &printed.footnotes[1].blocks[0] else {
            panic!()
        };
        assert_eq!(plain_text(content), "Voir A (https://a.fr)");
    }
}
