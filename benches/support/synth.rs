//! A synthetic guide for benchmarks: N pages of French prose from a fixed seed, written as a
//! Jekyll site with its `livret.yaml`, and the same text as Typst, HTML and pandoc markdown.
//!
//! Shared by the bench targets and `examples/synth.rs` through `#[path]`; not part of the crate.
//! Everything is deterministic: a hand-written PRNG (splitmix64) seeded per page, no clock, so
//! page K reads the same in a 40-page guide as in a 1,000-page one (only the pages its links
//! point at change). The vocabulary and sentence templates below were written for this file.
//!
//! The guide is first built as a small model ([`Guide`]: pages of blocks of inlines), then
//! written out by one emitter per format, so that every peer sets exactly the same text.

#![allow(dead_code)]

#[path = "formats.rs"]
mod formats;
#[path = "vocabulary.rs"]
mod vocabulary;

use std::io;
use std::path::{Path, PathBuf};

use vocabulary::*;

/// The seed every page's generator derives from.
const SEED: u64 = 0x6C69_7672_6574_2021;

/// The site's public URL: absolute links that start with it are internal to the guide.
pub const SITE_URL: &str = "https://exemple.gouv.fr";

/// The page the peers are given: livret's default style (`styles/default.yaml`, compiled in).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Page size and margins (right-hand page; left-hand pages mirror inner and outer), in points.
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub inner: f32,
    pub outer: f32,
    /// Body text size and baseline-to-baseline distance, in points.
    pub size: f32,
    pub leading: f32,
    /// First-line indent of a paragraph following another, in em.
    pub indent_em: f32,
}

impl Geometry {
    /// The geometry of a livret style.
    pub fn of(style: &livret::layout::style::Style) -> Geometry {
        Geometry {
            width: style.page_width,
            height: style.page_height,
            top: style.margin_top,
            bottom: style.margin_bottom,
            inner: style.margin_inner,
            outer: style.margin_outer,
            size: style.body.body.size,
            leading: style.body.body.leading,
            indent_em: style.body.body.indent_em,
        }
    }

    /// livret's default geometry.
    pub fn livret_default() -> Geometry {
        Geometry::of(&livret::layout::style::Style::default())
    }

    /// The Typst set rules for this page and text: Charis SIL body, Noto Sans headings,
    /// chapters on a new page. Lines are spaced baseline to baseline as livret does: a line's
    /// box is one em above the baseline and nothing below, plus the leading's remainder.
    /// Also defines `horizontalrule`, which pandoc's Typst output calls.
    pub fn typst_preamble(&self) -> String {
        format!(
            "#set page(width: {w}pt, height: {h}pt, margin: (top: {t}pt, bottom: {b}pt, \
             inside: {i}pt, outside: {o}pt), numbering: \"1\")\n\
             #set text(font: \"Charis SIL\", size: {size}pt, lang: \"fr\", top-edge: 1em, bottom-edge: 0pt)\n\
             #set par(justify: true, leading: {gap}pt, spacing: {gap}pt, first-line-indent: {indent}em)\n\
             #show heading: set text(font: \"Noto Sans\")\n\
             #show heading.where(level: 1): it => {{ pagebreak(weak: true, to: \"odd\"); it }}\n\
             #let horizontalrule = line(start: (25%, 0%), end: (75%, 0%))\n",
            w = self.width,
            h = self.height,
            t = self.top,
            b = self.bottom,
            i = self.inner,
            o = self.outer,
            size = self.size,
            gap = self.leading - self.size,
            indent = self.indent_em,
        )
    }

    /// The CSS for WeasyPrint: the same page, fonts from `font_dir` (absolute), CSS footnotes.
    pub fn css(&self, font_dir: &Path) -> String {
        let font = |file: &str| format!("url(\"file://{}\")", font_dir.join(file).display());
        format!(
            "@font-face {{ font-family: \"Charis SIL\"; src: {r}; }}\n\
             @font-face {{ font-family: \"Charis SIL\"; font-weight: bold; src: {b}; }}\n\
             @font-face {{ font-family: \"Charis SIL\"; font-style: italic; src: {i}; }}\n\
             @font-face {{ font-family: \"Charis SIL\"; font-weight: bold; font-style: italic; src: {bi}; }}\n\
             @font-face {{ font-family: \"Noto Sans\"; font-weight: bold; src: {sans}; }}\n\
             @page {{ size: {w}pt {h}pt; margin-top: {t}pt; margin-bottom: {bo}pt; \
             @bottom-center {{ content: counter(page); }} }}\n\
             @page :right {{ margin-left: {inner}pt; margin-right: {outer}pt; }}\n\
             @page :left {{ margin-left: {outer}pt; margin-right: {inner}pt; }}\n\
             body {{ font-family: \"Charis SIL\"; font-size: {size}pt; line-height: {leading}pt; \
             text-align: justify; hyphens: auto; }}\n\
             p {{ margin: 0; }}\n\
             p + p {{ text-indent: {indent}em; }}\n\
             h1, h2, h3 {{ font-family: \"Noto Sans\"; text-align: left; }}\n\
             h1 {{ break-before: right; }}\n\
             .lead {{ font-size: 1.2em; }}\n\
             .footnote {{ float: footnote; }}\n\
             img {{ width: 60%; }}\n\
             nav a::after {{ content: leader(\".\") target-counter(attr(href), page); }}\n",
            r = font("CharisSIL-Regular.ttf"),
            b = font("CharisSIL-Bold.ttf"),
            i = font("CharisSIL-Italic.ttf"),
            bi = font("CharisSIL-BoldItalic.ttf"),
            sans = font("NotoSans-Bold.ttf"),
            w = self.width,
            h = self.height,
            t = self.top,
            bo = self.bottom,
            inner = self.inner,
            outer = self.outer,
            size = self.size,
            leading = self.leading,
            indent = self.indent_em,
        )
    }
}

// ---------------------------------------------------------------------------------------------
// The PRNG

/// splitmix64: tiny, fast, and good enough to pick words.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    /// A generator for one stream (`what`) of one page.
    fn for_page(page: usize, what: u64) -> Rng {
        Rng(SEED ^ (page as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ what.rotate_left(32))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True `percent` times out of a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// The model

/// A piece of inline content. Text may hold U+00A0, which each emitter writes its own way.
#[derive(Debug, Clone, PartialEq)]
pub enum Inl {
    Text(String),
    Strong(String),
    Emph(String),
    Link { text: String, to: Href },
    Note(String),
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq)]
pub enum Href {
    /// A page of the guide (0-based), optionally one of its section ids, written as an absolute
    /// URL on the site or root-relative.
    Page {
        page: usize,
        anchor: Option<&'static str>,
        absolute: bool,
    },
    External(&'static str),
}

/// A block of a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Blk {
    Lead(Vec<Inl>),
    H2 {
        text: &'static str,
        id: &'static str,
    },
    H3(&'static str),
    Para(Vec<Inl>),
    List {
        ordered: bool,
        items: Vec<Vec<Inl>>,
    },
    Table(Vec<(&'static str, &'static str, &'static str)>),
    Figure {
        file: &'static str,
        alt: String,
    },
}

/// One page of the guide.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub title: String,
    pub subtitle: &'static str,
    pub blocks: Vec<Blk>,
}

/// The whole synthetic guide.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub pages: Vec<Page>,
}

/// The two images, written once under `site/img/`.
pub const PNG_FILE: &str = "schema.png";
pub const SVG_FILE: &str = "cycle.svg";

// ---------------------------------------------------------------------------------------------
// Generation

impl Guide {
    /// The guide's title, as every format gives it.
    pub fn title(&self) -> String {
        format!("Guide synthétique en {} pages", self.pages.len())
    }
}

/// Generates an `n`-page guide.
pub fn generate(n: usize) -> Guide {
    // First pass: every page's sections, so links can name anchors of pages not written yet.
    let sections: Vec<Vec<(&'static str, &'static str)>> = (0..n)
        .map(|i| {
            let mut rng = Rng::for_page(i, 1);
            let count = rng.between(3, 6);
            let mut pool: Vec<(&str, &str)> = SECTIONS.to_vec();
            (0..count)
                .map(|_| pool.remove(rng.below(pool.len())))
                .collect()
        })
        .collect();
    let pages = (0..n)
        .map(|i| {
            Writer {
                rng: Rng::for_page(i, 2),
                n,
                sections: &sections,
            }
            .page(i)
        })
        .collect();
    Guide { pages }
}

/// Writes one page's content.
struct Writer<'a> {
    rng: Rng,
    n: usize,
    sections: &'a [Vec<(&'static str, &'static str)>],
}

impl Writer<'_> {
    fn page(&mut self, i: usize) -> Page {
        let title = match i / TOPICS.len() {
            0 => TOPICS[i].to_string(),
            round => format!("{} ({})", TOPICS[i % TOPICS.len()], round + 1),
        };
        let subtitle = self.rng.pick(SUBTITLES);
        let mut blocks = vec![Blk::Lead(self.paragraph(2, 3))];
        let sections = self.sections[i].clone();
        let list_at = self.rng.below(sections.len());
        let subsection_at = self.rng.below(sections.len());
        for (k, (text, id)) in sections.into_iter().enumerate() {
            blocks.push(Blk::H2 { text, id });
            for _ in 0..self.rng.between(1, 3) {
                blocks.push(Blk::Para(self.paragraph(3, 6)));
            }
            if k == list_at {
                blocks.push(self.list());
            }
            if k == 0 && i % 3 == 1 {
                blocks.push(Blk::Para(vec![Inl::Text(format!(
                    "Les étapes et leurs durées habituelles{NBSP}:"
                ))]));
                let mut rows = TABLE_ROWS.to_vec();
                rows.truncate(self.rng.between(3, TABLE_ROWS.len()));
                blocks.push(Blk::Table(rows));
            }
            if k == 1 && i % 4 == 2 {
                let (file, alt) = if (i / 4).is_multiple_of(2) {
                    (
                        PNG_FILE,
                        "Schéma des quatre étapes d'un service, de l'investigation au transfert.",
                    )
                } else {
                    (
                        SVG_FILE,
                        "Cycle d'amélioration : mettre en ligne, mesurer, décider, recommencer.",
                    )
                };
                blocks.push(Blk::Figure {
                    file,
                    alt: alt.replace(" :", &format!("{NBSP}:")),
                });
            }
            if k == subsection_at {
                blocks.push(Blk::H3(self.rng.pick(SUBSECTIONS)));
                for _ in 0..self.rng.between(1, 2) {
                    blocks.push(Blk::Para(self.paragraph(2, 4)));
                }
            }
        }
        Page {
            title,
            subtitle,
            blocks,
        }
    }

    /// A paragraph of `lo..=hi` sentences, with the odd link, emphasis and footnote.
    fn paragraph(&mut self, lo: usize, hi: usize) -> Vec<Inl> {
        let mut out = Vec::new();
        for s in 0..self.rng.between(lo, hi) {
            if s > 0 {
                push_text(&mut out, " ");
            }
            self.sentence(&mut out);
        }
        if self.rng.chance(12) {
            let note = self.plain_sentence();
            // The call goes before the final full stop's sentence end: after the last word.
            out.push(Inl::Note(note));
        }
        out
    }

    /// A list of four to six items.
    fn list(&mut self) -> Blk {
        let ordered = self.rng.chance(30);
        let items = (0..self.rng.between(4, 6))
            .map(|_| {
                let mut item = Vec::new();
                if self.rng.chance(50) {
                    item.push(Inl::Strong(capitalize(self.rng.pick(INFINITIVES))));
                    push_text(&mut item, ", ");
                    push_text(&mut item, self.rng.pick(COMPLEMENTS));
                    push_text(&mut item, "\u{a0};");
                } else {
                    self.sentence(&mut item);
                }
                item
            })
            .collect();
        Blk::List { ordered, items }
    }

    /// A sentence without markup.
    fn plain_sentence(&mut self) -> String {
        let mut inl = Vec::new();
        let saved = self.n;
        // No links in notes: set the page count to zero so `object` never links.
        self.n = 0;
        self.sentence(&mut inl);
        self.n = saved;
        inl.iter()
            .map(|i| match i {
                Inl::Text(t) | Inl::Strong(t) | Inl::Emph(t) => t.as_str(),
                Inl::Link { text, .. } => text.as_str(),
                Inl::Note(_) => "",
            })
            .collect()
    }

    /// One sentence, from one of the templates.
    fn sentence(&mut self, out: &mut Vec<Inl>) {
        let (subject, plural) = self.rng.pick(SUBJECTS);
        let verb = {
            let (one, many) = self.rng.pick(VERBS);
            if plural {
                many
            } else {
                one
            }
        };
        match self.rng.below(8) {
            0 | 1 => {
                push_text(out, &format!("{} {verb} ", capitalize(subject)));
                self.object(out);
                push_text(out, &format!(" {}.", self.rng.pick(COMPLEMENTS)));
            }
            2 => {
                let c = capitalize(self.rng.pick(COMPLEMENTS));
                push_text(out, &format!("{c}, {subject} {verb} "));
                self.object(out);
                push_text(out, ".");
            }
            3 => {
                let opener = self.rng.pick(OPENERS);
                push_text(out, &format!("{opener}, {subject} {verb} "));
                self.object(out);
                push_text(out, ".");
            }
            4 => {
                let inf = self.rng.pick(INFINITIVES);
                let c = self.rng.pick(COMPLEMENTS);
                let text = match self.rng.below(3) {
                    0 => format!("Faut-il vraiment {inf} {c}{NBSP}?"),
                    1 => format!("Le principe est simple{NBSP}: {inf} {c}."),
                    _ => format!("Pourquoi ne pas {inf} {c}{NBSP}? La question revient souvent."),
                };
                push_text(out, &text);
            }
            5 => {
                let inf = self.rng.pick(INFINITIVES);
                push_text(
                    out,
                    &format!(
                        "«{NBSP}{}{NBSP}» reste la règle, et {subject} {verb} ",
                        capitalize(inf)
                    ),
                );
                self.object(out);
                push_text(out, ".");
            }
            6 => {
                let year = self.rng.between(2019, 2026);
                let c = self.rng.pick(COMPLEMENTS);
                if self.rng.chance(60) {
                    let figure = if self.rng.chance(50) {
                        self.rng.between(12, 950).to_string()
                    } else {
                        format!(
                            "{}{NBSP}{:03}",
                            self.rng.between(1, 99),
                            self.rng.below(1000)
                        )
                    };
                    let unit = self.rng.pick(UNITS);
                    push_text(
                        out,
                        &format!("En {year}, on a compté {figure} {unit} {c}{NBSP}; "),
                    );
                    push_text(out, &format!("{subject} {verb} "));
                    self.object(out);
                    push_text(out, ".");
                } else {
                    let (whole, tenth) = (self.rng.between(40, 98), self.rng.below(10));
                    push_text(
                        out,
                        &format!("En {year}, {whole},{tenth}{NBSP}% des demandes ont abouti en moins d'une semaine, {c}."),
                    );
                }
            }
            _ => {
                push_text(out, &format!("{} {verb} ", capitalize(subject)));
                self.object(out);
                let (s2, p2) = self.rng.pick(SUBJECTS);
                let (one, many) = self.rng.pick(VERBS);
                push_text(
                    out,
                    &format!("{NBSP}; {s2} {} ", if p2 { many } else { one }),
                );
                self.object(out);
                push_text(out, ".");
            }
        }
    }

    /// An object, sometimes a link (internal more often than external) or emphasised.
    fn object(&mut self, out: &mut Vec<Inl>) {
        let text = self.rng.pick(OBJECTS).to_string();
        let roll = self.rng.below(100);
        if self.n > 0 && roll < 9 {
            let page = self.rng.below(self.n);
            let anchor = if self.rng.chance(70) {
                Some(self.rng.pick(&self.sections[page]).1)
            } else {
                None
            };
            let absolute = self.rng.chance(40);
            out.push(Inl::Link {
                text,
                to: Href::Page {
                    page,
                    anchor,
                    absolute,
                },
            });
        } else if self.n > 0 && roll < 11 {
            let to = Href::External(self.rng.pick(EXTERNAL));
            out.push(Inl::Link { text, to });
        } else if roll < 16 {
            out.push(Inl::Strong(text));
        } else if roll < 20 {
            out.push(Inl::Emph(text));
        } else {
            push_text(out, &text);
        }
    }
}

/// Appends text, merging with a preceding text node.
fn push_text(out: &mut Vec<Inl>, text: &str) {
    if let Some(Inl::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inl::Text(text.to_string()));
    }
}

/// The text with its first letter in capitals.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Files

/// What [`write_guide`] wrote, all inside its directory.
#[derive(Debug, Clone)]
pub struct Written {
    /// The directory everything is in.
    pub dir: PathBuf,
    /// `livret.yaml`, for `livret build --config`.
    pub config: PathBuf,
    /// `guide.typ`, for `typst compile --font-path fonts/`.
    pub typst: PathBuf,
    /// `guide.html`, for WeasyPrint.
    pub html: PathBuf,
    /// `guide.md`, pandoc markdown, for pandoc → EPUB.
    pub pandoc: PathBuf,
    /// The number of pages.
    pub pages: usize,
}

/// The PNG figure: a small deterministic gradient with four bands.
fn png_bytes() -> Vec<u8> {
    let img = image::RgbImage::from_fn(240, 120, |x, y| {
        let band = (x / 60) as u8;
        image::Rgb([40 + band * 50, 90 + (y as u8 / 2), 160 - band * 30])
    });
    let mut bytes = io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png)
        .expect("encoding a PNG in memory does not fail");
    bytes.into_inner()
}

/// The SVG figure: four labelled circles in a loop.
const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" viewBox="0 0 320 160">
  <title>Cycle d'amélioration</title>
  <rect width="320" height="160" fill="#f5f5fe"/>
  <g fill="#000091" stroke="none">
    <circle cx="50" cy="80" r="30"/><circle cx="130" cy="80" r="30"/>
    <circle cx="210" cy="80" r="30"/><circle cx="290" cy="80" r="25"/>
  </g>
  <path d="M80 80 H100 M160 80 H180 M240 80 H262" stroke="#e1000f" stroke-width="4"/>
</svg>
"##;

/// Generates an `n`-page guide and writes it into `dir` (created if needed): `site/` (a Jekyll
/// site: `_config.yml`, `_pages/page-NNNN.md`, `img/`), `livret.yaml`, `guide.typ`,
/// `guide.html` and `guide.md`; and, for peers given other markup, the page set up alone:
/// `preamble.typ` and `style.css`. `repo` is livret's source folder, for its `fonts/`.
/// The page geometry is livret's default style's.
pub fn write_guide(dir: &Path, n: usize, repo: &Path) -> io::Result<Written> {
    let guide = generate(n);
    let geometry = Geometry::livret_default();
    let fonts = repo.join("fonts");
    let fonts = fonts.canonicalize().unwrap_or(fonts);
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("_pages"))?;
    std::fs::create_dir_all(site.join("img"))?;
    std::fs::write(
        site.join("_config.yml"),
        format!("title: Guide synthétique\nurl: {SITE_URL}\nbaseurl: \"\"\nlang: fr\ninclude:\n  - _pages\n"),
    )?;
    std::fs::write(site.join("img").join(PNG_FILE), png_bytes())?;
    std::fs::write(site.join("img").join(SVG_FILE), SVG)?;
    for i in 0..n {
        std::fs::write(
            site.join("_pages").join(format!("page-{:04}.md", i + 1)),
            guide.page_markdown(i),
        )?;
    }
    let written = Written {
        dir: dir.to_path_buf(),
        config: dir.join("livret.yaml"),
        typst: dir.join("guide.typ"),
        html: dir.join("guide.html"),
        pandoc: dir.join("guide.md"),
        pages: n,
    };
    std::fs::write(&written.config, guide.livret_yaml())?;
    std::fs::write(&written.typst, guide.typst(&geometry))?;
    std::fs::write(&written.html, guide.html(&geometry, &fonts))?;
    std::fs::write(&written.pandoc, guide.pandoc_markdown())?;
    std::fs::write(dir.join("preamble.typ"), geometry.typst_preamble())?;
    std::fs::write(dir.join("style.css"), geometry.css(&fonts))?;
    Ok(written)
}
