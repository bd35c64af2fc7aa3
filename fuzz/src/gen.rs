//! A structure-aware generator for the layout target: a small description of a book that
//! `arbitrary` builds from the fuzzer's bytes, turned into a resolved [`livret::book::Book`]
//! (unique anchors, links to existing chapters, notes that exist, images that are files,
//! remote or broken), as the stages before layout would give it.

use arbitrary::Arbitrary;
use livret::book::{
    self, Align, AsideKind, Block, Book, BookMeta, Cell, Chapter, Definition, Footnote,
    HeadingOrigin, ImageTarget, Inline, Length, LinkTarget, ListItem, Pos, Table,
};

/// Deepest nesting the generator builds (the tree stage stops at 64; layout must take that).
const MAX_DEPTH: usize = 12;
/// Most chapters, blocks a container and inlines a run: enough to fill pages, little enough to
/// keep a run fast.
const MAX_CHAPTERS: usize = 3;
const MAX_COLUMNS: usize = 8;
/// Longest text a generated string holds: huge words and pages are `tests/hostile.rs`'s concern;
/// here they would only slow every run down.
const MAX_TEXT: usize = 2000;

/// Words of the guide's kind, for text that breaks into lines as real text does.
const WORDS: &[&str] = &[
    "le",
    "programme",
    "beta.gouv.fr",
    "accompagne",
    "les",
    "administrations",
    "qui",
    "veulent",
    "construire",
    "des",
    "services",
    "numériques",
    "utiles",
    "simples",
    "et",
    "efficaces",
    ":",
    "«",
    "»",
    "?",
    "!",
    ";",
    "…",
    "l’équipe",
    "d’investigation",
    "anticonstitutionnellement",
    "2026",
    "1 000",
    "https://beta.gouv.fr/approche/",
    "nom@domaine.fr",
    "—",
    "–",
    "(voir",
    "p.)",
    "intrapreneur·e·s",
    "CO₂",
    "x²",
    "→",
    "✓",
    "😀",
    "Ελληνικά",
    "العربية",
    "עברית",
    "中文",
    "\u{a0}",
    "\u{202f}",
    "\u{ad}",
    "\u{200b}",
    "\t",
    "A\u{301}",
];

#[derive(Arbitrary, Debug)]
pub struct GBook {
    english: bool,
    screen: bool,
    title: GText,
    chapters: Vec<GChapter>,
}

#[derive(Arbitrary, Debug)]
struct GChapter {
    title: GText,
    subtitle: Option<GText>,
    blocks: Vec<GBlock>,
    notes: Vec<Vec<GBlock>>,
}

#[derive(Arbitrary, Debug)]
enum GBlock {
    Heading(u8, Vec<GInline>),
    Paragraph(Vec<GInline>),
    Lead(Vec<GInline>),
    List {
        ordered: bool,
        start: u16,
        task: Option<bool>,
        items: Vec<Vec<GBlock>>,
    },
    Quote(Vec<GBlock>),
    Code(Option<String>, GText),
    Table {
        caption: Option<Vec<GInline>>,
        align: Vec<u8>,
        head: Vec<Vec<Vec<GInline>>>,
        body: Vec<Vec<Vec<GBlock>>>,
        span: Option<(u8, u8)>,
    },
    Figure(GImage, Option<Vec<GInline>>),
    Aside(u8, Option<Vec<GInline>>, Vec<GBlock>),
    Definitions(Vec<(Vec<GInline>, Vec<Vec<GBlock>>)>),
    Rule,
    Anchor,
}

#[derive(Arbitrary, Debug)]
enum GInline {
    Text(GText),
    Emph(Vec<GInline>),
    Strong(Vec<GInline>),
    Strike(Vec<GInline>),
    Sup(Vec<GInline>),
    Sub(Vec<GInline>),
    Code(GText),
    Link(u8, Vec<GInline>),
    Image(GImage),
    Note(u8),
    Abbr(Option<GText>, Vec<GInline>),
    Lang(u8, Vec<GInline>),
    LineBreak,
    Anchor,
}

#[derive(Arbitrary, Debug)]
enum GWord {
    Word(u8),
    Raw(String),
    Repeat(u8, u8),
}

#[derive(Arbitrary, Debug)]
struct GText(Vec<GWord>);

#[derive(Arbitrary, Debug)]
struct GImage {
    which: u8,
    alt: Option<GText>,
    width: Option<u16>,
    height: Option<u16>,
    percent: bool,
}

impl GText {
    fn text(&self) -> String {
        let mut out = String::new();
        for (i, w) in self.0.iter().take(200).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            match w {
                GWord::Word(n) => out.push_str(WORDS[usize::from(*n) % WORDS.len()]),
                GWord::Raw(s) => out.push_str(s),
                GWord::Repeat(n, times) => {
                    out.push_str(&WORDS[usize::from(*n) % WORDS.len()].repeat(usize::from(*times)))
                }
            }
            if out.len() > MAX_TEXT {
                let mut end = MAX_TEXT;
                while !out.is_char_boundary(end) {
                    end -= 1;
                }
                out.truncate(end);
                break;
            }
        }
        out
    }
}

/// What converting a chapter needs to know: where images are, how many chapters and notes
/// there are, and the anchors given so far.
struct Ctx<'a> {
    chapter: usize,
    chapters: usize,
    notes: u32,
    anchors: usize,
    images: &'a Images,
}

/// The three kinds of image a generated book shows from the scratch folder.
pub struct Images {
    pub png: std::path::PathBuf,
    pub svg: std::path::PathBuf,
}

/// The book `g` describes, with its PDF profile (`true`: screen).
pub fn book(g: &GBook, images: &Images) -> (Book, bool) {
    let chapters: Vec<&GChapter> = g.chapters.iter().take(MAX_CHAPTERS).collect();
    let mut book = Book {
        images: Default::default(),
        meta: BookMeta {
            title: g.title.text(),
            lang: if g.english { "en" } else { "fr" }.to_string(),
            url: "https://beta.gouv.fr".to_string(),
            date: livret::book::date::EditionDate::parse("2026-12-07").ok(),
            ..BookMeta::default()
        },
        chapters: Vec::new(),
    };
    for (i, c) in chapters.iter().enumerate() {
        let mut ctx = Ctx {
            chapter: i,
            chapters: chapters.len(),
            notes: c.notes.len().min(20) as u32,
            anchors: 0,
            images,
        };
        let blocks = ctx.blocks(&c.blocks, 0);
        let footnotes = c
            .notes
            .iter()
            .take(20)
            .enumerate()
            .map(|(n, blocks)| Footnote {
                number: n as u32 + 1,
                id: format!("c{i}-fn-{}", n + 1),
                blocks: ctx.blocks(blocks, 1),
                pos: Pos::new(1, 1),
            })
            .collect();
        book.chapters.push(Chapter {
            id: format!("c{i}"),
            source: format!("c{i}.md").into(),
            url: format!("/c{i}"),
            title: vec![Inline::Text(c.title.text())],
            subtitle: c.subtitle.as_ref().map(|s| vec![Inline::Text(s.text())]),
            blocks,
            footnotes,
        });
    }
    (book, g.screen)
}

impl Ctx<'_> {
    fn anchor(&mut self) -> String {
        self.anchors += 1;
        format!("c{}-a{}", self.chapter, self.anchors)
    }

    fn blocks(&mut self, blocks: &[GBlock], depth: usize) -> Vec<Block> {
        if depth >= MAX_DEPTH {
            return Vec::new();
        }
        blocks
            .iter()
            .take(40)
            .map(|b| self.block(b, depth + 1))
            .collect()
    }

    fn block(&mut self, b: &GBlock, depth: usize) -> Block {
        let pos = Pos::new(1, 1);
        match b {
            GBlock::Heading(level, content) => Block::Heading {
                level: level % 6 + 1,
                id: Some(self.anchor()),
                origin: HeadingOrigin::Markdown,
                content: self.inlines(content, depth),
                pos,
            },
            GBlock::Paragraph(content) => Block::Paragraph {
                content: self.inlines(content, depth),
                pos,
            },
            GBlock::Lead(content) => Block::Lead {
                content: self.inlines(content, depth),
                pos,
            },
            GBlock::List {
                ordered,
                start,
                task,
                items,
            } => Block::List {
                ordered: *ordered,
                start: u32::from(*start),
                items: items
                    .iter()
                    .take(40)
                    .map(|item| ListItem {
                        task: *task,
                        blocks: self.blocks(item, depth),
                    })
                    .collect(),
                pos,
            },
            GBlock::Quote(blocks) => Block::Quote {
                blocks: self.blocks(blocks, depth),
                pos,
            },
            GBlock::Code(lang, text) => Block::Code {
                lang: lang.clone(),
                text: text.text(),
                pos,
            },
            GBlock::Table {
                caption,
                align,
                head,
                body,
                span,
            } => {
                let columns = align.len().clamp(1, MAX_COLUMNS);
                let align = align
                    .iter()
                    .take(columns)
                    .map(|a| match a % 4 {
                        0 => Align::None,
                        1 => Align::Left,
                        2 => Align::Center,
                        _ => Align::Right,
                    })
                    .collect();
                let head = head
                    .iter()
                    .take(2)
                    .map(|row| {
                        (0..columns)
                            .map(|i| Cell {
                                header: true,
                                colspan: 1,
                                rowspan: 1,
                                blocks: vec![Block::Paragraph {
                                    content: row
                                        .get(i)
                                        .map(|c| self.inlines(c, depth))
                                        .unwrap_or_default(),
                                    pos,
                                }],
                            })
                            .collect()
                    })
                    .collect();
                let mut body: Vec<Vec<Cell>> = body
                    .iter()
                    .take(30)
                    .map(|row| {
                        (0..columns)
                            .map(|i| Cell {
                                header: false,
                                colspan: 1,
                                rowspan: 1,
                                blocks: row
                                    .get(i)
                                    .map(|c| self.blocks(c, depth))
                                    .unwrap_or_default(),
                            })
                            .collect()
                    })
                    .collect();
                // One cell spanning others, the cells it covers left out, as the tree stage
                // gives an HTML table's `colspan`/`rowspan`.
                if let (Some((cols, rows)), false) = (span, body.is_empty()) {
                    let colspan = usize::from(*cols) % columns + 1;
                    let rowspan = usize::from(*rows) % body.len() + 1;
                    body[0][0].colspan = colspan as u32;
                    body[0][0].rowspan = rowspan as u32;
                    for (r, row) in body.iter_mut().enumerate().take(rowspan) {
                        let from = if r == 0 { 1 } else { 0 };
                        row.drain(from..colspan.min(row.len()).max(from));
                    }
                }
                Block::Table(Table {
                    caption: caption.as_ref().map(|c| self.inlines(c, depth)),
                    align,
                    head,
                    body,
                    pos,
                })
            }
            GBlock::Figure(image, caption) => Block::Figure {
                image: self.image(image),
                caption: caption.as_ref().map(|c| self.inlines(c, depth)),
                pos,
            },
            GBlock::Aside(kind, title, blocks) => Block::Aside {
                kind: match kind % 5 {
                    0 => AsideKind::Callout,
                    1 => AsideKind::Highlight,
                    2 => AsideKind::Alert(Some("info".into())),
                    3 => AsideKind::Alert(Some("warning".into())),
                    _ => AsideKind::Details,
                },
                title: title.as_ref().map(|t| self.inlines(t, depth)),
                blocks: self.blocks(blocks, depth),
                pos,
            },
            GBlock::Definitions(items) => Block::DefinitionList {
                items: items
                    .iter()
                    .take(20)
                    .map(|(term, details)| Definition {
                        term: self.inlines(term, depth),
                        details: details
                            .iter()
                            .take(5)
                            .map(|d| self.blocks(d, depth))
                            .collect(),
                    })
                    .collect(),
                pos,
            },
            GBlock::Rule => Block::Rule { pos },
            GBlock::Anchor => Block::Anchor {
                id: self.anchor(),
                pos,
            },
        }
    }

    fn inlines(&mut self, inlines: &[GInline], depth: usize) -> Vec<Inline> {
        if depth >= MAX_DEPTH {
            return Vec::new();
        }
        inlines
            .iter()
            .take(60)
            .map(|i| self.inline(i, depth + 1))
            .collect()
    }

    fn inline(&mut self, i: &GInline, depth: usize) -> Inline {
        let pos = Pos::new(1, 1);
        match i {
            GInline::Text(t) => Inline::Text(t.text()),
            GInline::Emph(c) => Inline::Emph(self.inlines(c, depth)),
            GInline::Strong(c) => Inline::Strong(self.inlines(c, depth)),
            GInline::Strike(c) => Inline::Strike(self.inlines(c, depth)),
            GInline::Sup(c) => Inline::Sup(self.inlines(c, depth)),
            GInline::Sub(c) => Inline::Sub(self.inlines(c, depth)),
            GInline::Code(t) => Inline::Code(t.text()),
            GInline::Link(to, c) => {
                let to = usize::from(*to);
                let target = match to % 3 {
                    0 => LinkTarget::Internal {
                        chapter: to / 3 % self.chapters,
                        anchor: format!("c{}", to / 3 % self.chapters),
                    },
                    1 => LinkTarget::External(format!("https://example.org/{to}")),
                    _ => LinkTarget::Broken,
                };
                Inline::Link {
                    href: format!("/x{to}"),
                    target,
                    content: self.inlines(c, depth),
                    pos,
                }
            }
            GInline::Image(image) => Inline::Image(self.image(image)),
            GInline::Note(n) if self.notes > 0 => Inline::FootnoteRef {
                number: u32::from(*n) % self.notes + 1,
                pos,
            },
            GInline::Note(_) => Inline::Text("note".to_string()),
            GInline::Abbr(title, c) => Inline::Abbr {
                title: title.as_ref().map(GText::text),
                content: self.inlines(c, depth),
            },
            GInline::Lang(lang, c) => Inline::Lang {
                lang: ["en", "fr", "de", "ar", "he", "el", "zh"][usize::from(*lang) % 7]
                    .to_string(),
                content: self.inlines(c, depth),
            },
            GInline::LineBreak => Inline::LineBreak,
            GInline::Anchor => Inline::Anchor(self.anchor()),
        }
    }

    fn image(&self, g: &GImage) -> book::Image {
        let (src, target) = match g.which % 4 {
            0 => ("img.png", ImageTarget::File(self.images.png.clone())),
            1 => ("img.svg", ImageTarget::File(self.images.svg.clone())),
            2 => (
                "https://example.org/x.png",
                ImageTarget::Remote("https://example.org/x.png".to_string()),
            ),
            _ => ("missing.png", ImageTarget::Broken),
        };
        let length = |v: Option<u16>| {
            v.and_then(|v| {
                Length::parse(&if g.percent {
                    format!("{v}%")
                } else {
                    v.to_string()
                })
            })
        };
        book::Image {
            src: src.to_string(),
            alt: g.alt.as_ref().map(GText::text),
            title: None,
            width: length(g.width),
            height: length(g.height),
            target,
            pos: Pos::new(1, 1),
        }
    }
}
