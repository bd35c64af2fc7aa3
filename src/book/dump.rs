//! The tree as stable, readable text: what `livret tree` prints and what snapshot tests compare.
//!
//! One line per node, two spaces of indent per depth, the node's kind first, then its
//! attributes, then `@line:col`. Text is quoted, with `\n`, `\"`, `\\` and invisible or special
//! spaces escaped (`\u{a0}`, `\u{202f}`, `\u{ad}`…) so that typography shows. Links show their
//! href and where they lead (`-> internal investigation#qui`, `-> external https://…`,
//! `-> broken`, `-> unresolved`); images their src, alt and target. A chapter's footnotes follow
//! its blocks. Example:
//!
//! ```text
//! chapter investigation url=/approche/investigation source=_pages/investigation.md
//!   title "Identifier le problème"
//!   heading h2 md #pourquoi @14:1
//!     text "Pourquoi ?"
//!   paragraph @16:1
//!     text "Voir "
//!     link "/approche/" -> internal approche @16:6
//!       text "le programme"
//!     fnref 1 @16:30
//!   footnotes
//!     footnote 1 #investigation-fn-1 @20:1
//!       paragraph @20:7
//!         text "Une note."
//! ```

use std::fmt::Write;

use super::{
    Align, Block, Book, Cell, Chapter, HeadingOrigin, Image, ImageTarget, Inline, LinkTarget, Pos,
};

/// One line per node, indented by depth, positions as `@line:col`.
pub fn dump(book: &Book) -> String {
    let mut d = Dumper {
        out: String::new(),
        book,
    };
    d.meta();
    for chapter in &book.chapters {
        d.chapter(chapter);
    }
    d.out
}

/// The dump of one chapter alone (internal link targets named by chapter index).
pub fn dump_chapter(chapter: &Chapter) -> String {
    let book = Book::default();
    let mut d = Dumper {
        out: String::new(),
        book: &book,
    };
    d.chapter(chapter);
    d.out
}

struct Dumper<'b> {
    out: String,
    book: &'b Book,
}

/// `"text"` with escapes (see the module comment).
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            ' ' => q.push(' '),
            c if c.is_control()
                || c.is_whitespace()
                || matches!(
                    c,
                    '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
                ) =>
            {
                let _ = write!(q, "\\u{{{:x}}}", c as u32);
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn at(pos: Pos) -> String {
    format!("@{}:{}", pos.line, pos.col)
}

impl Dumper<'_> {
    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn meta(&mut self) {
        let m = &self.book.meta;
        let mut head = format!("book {}", quote(&m.title));
        if !m.lang.is_empty() {
            let _ = write!(head, " lang={}", m.lang);
        }
        self.line(0, &head);
        let date = m.date.map(|d| d.to_string());
        let fields = [
            ("subtitle", &m.subtitle),
            ("author", &m.author),
            ("publisher", &m.publisher),
            ("date", &date),
            ("edition", &m.edition),
        ];
        for (name, value) in fields {
            if let Some(v) = value {
                self.line(1, &format!("{name} {}", quote(v)));
            }
        }
        if !m.url.is_empty() || !m.baseurl.is_empty() {
            self.line(
                1,
                &format!("site url={} baseurl={}", quote(&m.url), quote(&m.baseurl)),
            );
        }
        if let Some(cover) = &m.cover {
            let text = format!("cover {}", self.image(cover));
            self.line(1, &text);
        }
    }

    fn chapter(&mut self, c: &Chapter) {
        self.line(
            0,
            &format!(
                "chapter {} url={} source={}",
                c.id,
                c.url,
                c.source.display()
            ),
        );
        self.titled(1, "title", Some(&c.title));
        self.titled(1, "subtitle", c.subtitle.as_deref());
        self.blocks(1, &c.blocks);
        if !c.footnotes.is_empty() {
            self.line(1, "footnotes");
            for f in &c.footnotes {
                self.line(2, &format!("footnote {} #{} {}", f.number, f.id, at(f.pos)));
                self.blocks(3, &f.blocks);
            }
        }
    }

    /// `name "text"` when the content is plain text, else `name` and its inline nodes.
    fn titled(&mut self, depth: usize, name: &str, content: Option<&[Inline]>) {
        let Some(content) = content else {
            return;
        };
        match content {
            [] => self.line(depth, name),
            [Inline::Text(t)] => self.line(depth, &format!("{name} {}", quote(t))),
            _ => {
                self.line(depth, name);
                self.inlines(depth + 1, content);
            }
        }
    }

    fn blocks(&mut self, depth: usize, blocks: &[Block]) {
        for b in blocks {
            self.block(depth, b);
        }
    }

    fn block(&mut self, depth: usize, block: &Block) {
        match block {
            Block::Heading {
                level,
                id,
                origin,
                content,
                pos,
            } => {
                let origin = match origin {
                    HeadingOrigin::Markdown => "md",
                    HeadingOrigin::Html => "html",
                };
                let id = id.as_ref().map_or(String::new(), |i| format!(" #{i}"));
                self.line(
                    depth,
                    &format!("heading h{level} {origin}{id} {}", at(*pos)),
                );
                self.inlines(depth + 1, content);
            }
            Block::Paragraph { content, pos } => {
                self.line(depth, &format!("paragraph {}", at(*pos)));
                self.inlines(depth + 1, content);
            }
            Block::Lead { content, pos } => {
                self.line(depth, &format!("lead {}", at(*pos)));
                self.inlines(depth + 1, content);
            }
            Block::List {
                ordered,
                start,
                items,
                pos,
            } => {
                let kind = if *ordered {
                    format!("ordered start={start}")
                } else {
                    "bullet".to_string()
                };
                self.line(depth, &format!("list {kind} {}", at(*pos)));
                for item in items {
                    let task = match item.task {
                        None => "",
                        Some(true) => " [x]",
                        Some(false) => " [ ]",
                    };
                    self.line(depth + 1, &format!("item{task}"));
                    self.blocks(depth + 2, &item.blocks);
                }
            }
            Block::Quote { blocks, pos } => {
                self.line(depth, &format!("quote {}", at(*pos)));
                self.blocks(depth + 1, blocks);
            }
            Block::Code { lang, text, pos } => {
                let lang = lang
                    .as_ref()
                    .map_or(String::new(), |l| format!(" lang={l}"));
                self.line(depth, &format!("code{lang} {}", at(*pos)));
                self.line(depth + 1, &quote(text));
            }
            Block::Table(t) => {
                let align: Vec<&str> = t
                    .align
                    .iter()
                    .map(|a| match a {
                        Align::None => "none",
                        Align::Left => "left",
                        Align::Center => "center",
                        Align::Right => "right",
                    })
                    .collect();
                self.line(
                    depth,
                    &format!("table align=[{}] {}", align.join(" "), at(t.pos)),
                );
                if let Some(caption) = &t.caption {
                    self.line(depth + 1, "caption");
                    self.inlines(depth + 2, caption);
                }
                for (name, rows) in [("head", &t.head), ("body", &t.body)] {
                    if rows.is_empty() {
                        continue;
                    }
                    self.line(depth + 1, name);
                    for row in rows {
                        self.line(depth + 2, "row");
                        for cell in row {
                            self.cell(depth + 3, cell);
                        }
                    }
                }
            }
            Block::Figure {
                image,
                caption,
                pos,
            } => {
                self.line(depth, &format!("figure {}", at(*pos)));
                let text = format!("image {}", self.image(image));
                self.line(depth + 1, &text);
                if let Some(caption) = caption {
                    self.line(depth + 1, "caption");
                    self.inlines(depth + 2, caption);
                }
            }
            Block::Aside {
                kind,
                title,
                blocks,
                pos,
            } => {
                self.line(depth, &format!("aside {kind} {}", at(*pos)));
                self.titled(depth + 1, "title", title.as_deref());
                self.blocks(depth + 1, blocks);
            }
            Block::DefinitionList { items, pos } => {
                self.line(depth, &format!("deflist {}", at(*pos)));
                for item in items {
                    self.titled(depth + 1, "term", Some(&item.term));
                    for details in &item.details {
                        self.line(depth + 2, "details");
                        self.blocks(depth + 3, details);
                    }
                }
            }
            Block::Rule { pos } => self.line(depth, &format!("rule {}", at(*pos))),
            Block::Anchor { id, pos } => self.line(depth, &format!("anchor #{id} {}", at(*pos))),
        }
    }

    fn cell(&mut self, depth: usize, cell: &Cell) {
        let mut head = if cell.header { "th" } else { "td" }.to_string();
        if cell.colspan > 1 {
            let _ = write!(head, " colspan={}", cell.colspan);
        }
        if cell.rowspan > 1 {
            let _ = write!(head, " rowspan={}", cell.rowspan);
        }
        self.line(depth, &format!("cell {head}"));
        self.blocks(depth + 1, &cell.blocks);
    }

    /// `src="…" alt="…" title="…" -> target @l:c` (`alt=none` when there is no alt at all).
    fn image(&self, image: &Image) -> String {
        let alt = image.alt.as_deref().map_or("none".to_string(), quote);
        let mut s = format!("src={} alt={alt}", quote(&image.src));
        if let Some(title) = &image.title {
            let _ = write!(s, " title={}", quote(title));
        }
        for (name, length) in [("width", image.width), ("height", image.height)] {
            match length {
                Some(crate::book::Length::Px(v)) => {
                    let _ = write!(s, " {name}={v}px");
                }
                Some(crate::book::Length::Percent(v)) => {
                    let _ = write!(s, " {name}={v}%");
                }
                None => {}
            }
        }
        let target = match &image.target {
            ImageTarget::Unresolved => "unresolved".to_string(),
            ImageTarget::File(p) => format!("file {}", p.display()),
            ImageTarget::Remote(url) => format!("remote {url}"),
            ImageTarget::Broken => "broken".to_string(),
        };
        let _ = write!(s, " -> {target} {}", at(image.pos));
        s
    }

    fn link_target(&self, target: &LinkTarget) -> String {
        match target {
            LinkTarget::Unresolved => "unresolved".to_string(),
            LinkTarget::External(url) => format!("external {url}"),
            LinkTarget::Broken => "broken".to_string(),
            LinkTarget::Internal { chapter, anchor } => match self.book.chapters.get(*chapter) {
                Some(c) if c.id == *anchor => format!("internal {}", c.id),
                Some(c) => format!("internal {}#{anchor}", c.id),
                None => format!("internal {chapter}#{anchor}"),
            },
        }
    }

    fn inlines(&mut self, depth: usize, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(depth, inline);
        }
    }

    fn inline(&mut self, depth: usize, inline: &Inline) {
        let (head, children): (String, Option<&[Inline]>) = match inline {
            Inline::Text(t) => (format!("text {}", quote(t)), None),
            Inline::Emph(c) => ("emph".into(), Some(c)),
            Inline::Strong(c) => ("strong".into(), Some(c)),
            Inline::Strike(c) => ("strike".into(), Some(c)),
            Inline::Sup(c) => ("sup".into(), Some(c)),
            Inline::Sub(c) => ("sub".into(), Some(c)),
            Inline::Code(t) => (format!("code {}", quote(t)), None),
            Inline::Link {
                href,
                target,
                content,
                pos,
            } => (
                format!(
                    "link {} -> {} {}",
                    quote(href),
                    self.link_target(target),
                    at(*pos)
                ),
                Some(content),
            ),
            Inline::Image(image) => (format!("image {}", self.image(image)), None),
            Inline::FootnoteRef { number, pos } => (format!("fnref {number} {}", at(*pos)), None),
            Inline::Abbr { title, content } => (
                match title {
                    Some(t) => format!("abbr title={}", quote(t)),
                    None => "abbr".to_string(),
                },
                Some(content),
            ),
            Inline::Lang { lang, content } => (format!("lang {lang}"), Some(content)),
            Inline::LineBreak => ("linebreak".into(), None),
            Inline::Anchor(id) => (format!("anchor #{id}"), None),
        };
        self.line(depth, &head);
        if let Some(children) = children {
            self.inlines(depth + 1, children);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{Chapter, Footnote};

    #[test]
    fn quotes_escape_invisible_characters() {
        assert_eq!(
            quote("a\u{a0}b\u{202f}c\u{ad}\"\\\n"),
            "\"a\\u{a0}b\\u{202f}c\\u{ad}\\\"\\\\\\n\""
        );
        assert_eq!(quote("« é »"), "\"« é »\"");
    }

    #[test]
    fn dumps_targets_and_footnotes() {
        let link = |target| Inline::Link {
            href: "/x".into(),
            target,
            content: vec![Inline::Text("x".into())],
            pos: Pos::new(3, 4),
        };
        let book = Book {
            images: Default::default(),
            chapters: vec![Chapter {
                id: "un".into(),
                url: "/un".into(),
                source: "un.md".into(),
                title: vec![Inline::Text("Un".into())],
                blocks: vec![Block::Paragraph {
                    content: vec![
                        link(LinkTarget::Internal {
                            chapter: 0,
                            anchor: "un".into(),
                        }),
                        link(LinkTarget::Internal {
                            chapter: 0,
                            anchor: "sec".into(),
                        }),
                        link(LinkTarget::External("https://e.fr/".into())),
                        link(LinkTarget::Broken),
                        Inline::FootnoteRef {
                            number: 1,
                            pos: Pos::new(3, 9),
                        },
                    ],
                    pos: Pos::new(3, 1),
                }],
                footnotes: vec![Footnote {
                    number: 1,
                    id: "un-fn-1".into(),
                    blocks: vec![Block::Rule {
                        pos: Pos::new(5, 1),
                    }],
                    pos: Pos::new(5, 1),
                }],
                ..Chapter::default()
            }],
            ..Book::default()
        };
        let text = dump(&book);
        for expected in [
            "chapter un url=/un source=un.md\n  title \"Un\"\n",
            "    link \"/x\" -> internal un @3:4\n",
            "    link \"/x\" -> internal un#sec @3:4\n",
            "    link \"/x\" -> external https://e.fr/ @3:4\n",
            "    link \"/x\" -> broken @3:4\n",
            "    fnref 1 @3:9\n",
            "  footnotes\n    footnote 1 #un-fn-1 @5:1\n      rule @5:1\n",
        ] {
            assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
        }
    }
}
