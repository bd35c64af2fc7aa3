//! The guide as Typst markup, for a fair side-by-side comparison of livret's typesetting with
//! Typst's (`scripts/typo-compare`).
//!
//! The guide goes through livret's own pipeline (`livret::prepare`: load, tree, resolve, typo),
//! and the resolved tree is written out as Typst markup with the settings of livret's style
//! (`livret::layout::style`): the same page size and margins, the same faces (Charis SIL for the
//! text, Noto Sans for headings, Noto Sans Mono for code, from the repository's `fonts/`: compile
//! with `--font-path fonts`), the same body size, leading and first-line indent, justified and
//! hyphenated French (`lang: "fr"`, Typst's default optimized line breaks), chapters opening on a
//! right-hand page, running head and folio. The French no-break spaces the typography stage put
//! in the text (U+00A0, U+202F) are kept as characters, so both setters break the same text.
//!
//! ```text
//! cargo run --release --example typst_export -- [--config FILE] [--site DIR] --out guide.typ
//! typst compile --font-path fonts --root / guide.typ guide-typst.pdf
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use livret::book::{Block, Book, Cell, Chapter, Image, ImageTarget, Inline, LinkTarget, ListItem};
use livret::diag::Diagnostics;
use livret::layout::blocks::{BULLETS, CODE_SCALE};
use livret::layout::color::Rgb;
use livret::layout::image::{fit, Images, MAX_HEIGHT_SHARE};
use livret::layout::inline::page_reference;
use livret::layout::pages::paginate::{FOLIO_DROP, HEAD_RAISE};
use livret::layout::style::Style;
use livret::layout::{LayoutOptions, Profile};
use livret::load::LoadOptions;
use livret::Options;

/// The text faces, then the fallbacks livret uses for symbols and emoji.
const FALLBACKS: &str =
    "\"Noto Sans Symbols\", \"Noto Sans Symbols 2\", \"DejaVu Sans\", \"Noto Emoji\"";

fn main() -> ExitCode {
    let mut config = None;
    let mut site = None;
    let mut out = PathBuf::from("guide.typ");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--config", Some(v)) => config = Some(PathBuf::from(v)),
            ("--site", Some(v)) => site = Some(PathBuf::from(v)),
            ("--out", Some(v)) => out = PathBuf::from(v),
            _ => {
                eprintln!("usage: typst_export [--config FILE] [--site DIR] [--out FILE.typ]");
                return ExitCode::from(2);
            }
        }
    }
    let opts = Options {
        load: LoadOptions { config, site },
        verbose: false,
    };
    let mut diags = Diagnostics::new();
    let prepared = livret::prepare(&opts, &mut diags);
    let style = match &prepared.style {
        Some(path) => Style::load(path, &mut diags),
        None => Some(Style::default()),
    };
    if diags.has_errors() {
        eprint!("{}", diags.render());
        return ExitCode::from(1);
    }
    let Some(style) = style else {
        return ExitCode::from(1);
    };
    // The print profile (the default) adds text to the chapters: a footnote giving each
    // external link's URL, and after each internal reference the folio of its target. The
    // same chapters are written here, the folios being livret's own (so that both setters get
    // exactly the same text; Typst's pages may differ by one or two).
    let profile = prepared.profile.unwrap_or_default();
    let mut book = prepared.book.clone();
    let mut folios = BTreeMap::new();
    if profile == Profile::Print {
        let opts = LayoutOptions { profile };
        let (model, _) = livret::layout::layout_with(&prepared.book, &style, &opts, &mut diags);
        for (name, anchor) in &model.anchors {
            if let Some(page) = model.pages.get(anchor.page) {
                folios.insert(name.clone(), page.label());
            }
        }
        book.chapters = book
            .chapters
            .iter()
            .map(livret::layout::url_notes::chapter)
            .collect();
    }
    let mut exporter = Exporter::new(&style);
    exporter.folios = folios;
    let markup = exporter.book(&book);
    if let Err(e) = std::fs::write(&out, markup) {
        eprintln!("cannot write {}: {e}", out.display());
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// `#rrggbb` for Typst's `rgb()`.
fn hex(c: Rgb) -> String {
    format!("rgb(\"#{:02x}{:02x}{:02x}\")", c.0, c.1, c.2)
}

/// A Typst string literal.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text as markup: every ASCII punctuation mark escaped (no shorthand, smart quote, comment or
/// markup can start), runs of ASCII white space made one space; U+00A0 and U+202F stay.
fn text(s: &str, out: &mut String) {
    let mut space = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
}

/// Writes the tree as markup.
struct Exporter<'a> {
    style: &'a Style,
    images: Images,
    /// The chapter being written (for its footnotes).
    notes: Vec<(u32, Vec<Block>)>,
    used_notes: Vec<u32>,
    /// The chapter's index, for unique footnote labels.
    chapter: usize,
    /// Print profile: the folio of each anchor, printed after internal references.
    folios: BTreeMap<String, String>,
}

impl<'a> Exporter<'a> {
    fn new(style: &'a Style) -> Self {
        Exporter {
            style,
            images: Images::default(),
            notes: Vec::new(),
            used_notes: Vec::new(),
            chapter: 0,
            folios: BTreeMap::new(),
        }
    }

    /// The preamble (page, text and block settings from the style), cover, then the chapters.
    fn book(mut self, book: &Book) -> String {
        let s = self.style;
        let b = &s.body;
        let mut out = String::new();
        let body = b.body.size;
        // Baseline to baseline = leading: line boxes of exactly 1 em (ascender 0.8 em, descender
        // 0.2 em) plus Typst's `leading`, the gap between boxes.
        let gap = |size: f32, leading: f32| leading - size;
        let _ = writeln!(
            out,
            "// Generated by `examples/typst_export.rs` from livret's resolved tree.\n\
             #let guide-title = {title}\n\
             #set document(title: guide-title)\n\
             #set page(width: {w}pt, height: {h}pt,\n  \
               margin: (top: {top}pt, bottom: {bottom}pt, inside: {inner}pt, outside: {outer}pt),\n  \
               header-ascent: {hr}pt, footer-descent: {fd}pt,\n  \
               header: context {{\n    \
                 let p = here().page()\n    \
                 let opening = query(heading.where(level: 1)).any(h => h.location().page() == p)\n    \
                 if p > 2 and not opening {{\n      \
                   set text(font: \"Noto Sans\", size: {small}pt, fill: {muted}, hyphenate: false)\n      \
                   if calc.even(p) {{ align(left, guide-title) }} else {{\n        \
                     let before = query(heading.where(level: 1).before(here()))\n        \
                     align(right, if before.len() > 0 {{ before.last().body }} else {{ guide-title }})\n      \
                   }}\n    \
                 }}\n  \
               }},\n  \
               footer: context {{\n    \
                 let p = here().page()\n    \
                 let opening = query(heading.where(level: 1)).any(h => h.location().page() == p)\n    \
                 if p > 2 and not opening {{\n      \
                   set text(font: \"Noto Sans\", size: {small}pt, fill: {muted})\n      \
                   align(if calc.even(p) {{ left }} else {{ right }}, str(p))\n    \
                 }}\n  \
               }},\n\
             )\n\
             #set text(font: (\"Charis SIL\", {FALLBACKS}), size: {body}pt, lang: \"fr\", hyphenate: true,\n  \
               fill: {text_color}, top-edge: 0.8em, bottom-edge: -0.2em)\n\
             #set par(justify: true, linebreaks: \"optimized\", leading: {lead_gap}pt, spacing: {par_gap}pt,\n  \
               first-line-indent: {indent}em)\n\
             #set block(spacing: {block}pt)\n\
             #show link: set text(fill: {link})\n\
             #show raw: set text(font: (\"Noto Sans Mono\", {FALLBACKS}))\n\
             #show raw.where(block: false): set text(size: {code_inline}em)\n\
             #show raw.where(block: true): set text(size: {code}pt)\n\
             #show raw.where(block: true): set par(leading: {code_gap}pt, justify: false)\n\
             #show raw.where(block: true): it => block(width: 100%, fill: {code_bg}, inset: {pad}pt, it)\n\
             #show heading: set text(font: (\"Noto Sans\", {FALLBACKS}), fill: {heading}, weight: \"bold\", hyphenate: false)\n\
             #show heading: set par(justify: false)\n\
             #show heading: set block(above: {before}pt, below: {after}pt)\n\
             #show heading.where(level: 1): set text(size: {chapter}pt)\n\
             #show heading.where(level: 1): set block(above: 0pt, below: {chapter_after}pt)\n\
             #show heading.where(level: 1): set par(leading: {chapter_gap}pt)\n\
             #show heading.where(level: 2): set text(size: {h2}pt)\n\
             #show heading.where(level: 3): set text(size: {h3}pt)\n\
             #show heading.where(level: 4): set text(size: {h4}pt)\n\
             #show heading.where(level: 5): set text(size: {h5}pt)\n\
             #show heading.where(level: 6): set text(size: {h6}pt)\n\
             #show footnote.entry: set text(size: {small}pt)\n\
             #show footnote.entry: set par(leading: {small_gap}pt, justify: true)\n\
             #set list(indent: 0pt, body-indent: {hang_body}pt, marker: ({markers}))\n\
             #set enum(indent: 0pt, body-indent: {hang_body}pt)\n\
             #set table(stroke: 0.5pt + {rule}, inset: 4pt)\n\
             #show table: set text(size: {table}pt)\n\
             #show table: set par(justify: false, leading: {table_gap}pt, first-line-indent: 0pt)\n\
             #show table.cell.where(y: 0): set table.cell(fill: {table_bg})\n",
            title = string(&book.meta.title),
            w = s.page_width,
            h = s.page_height,
            top = s.margin_top,
            bottom = s.margin_bottom,
            inner = s.margin_inner,
            outer = s.margin_outer,
            hr = HEAD_RAISE,
            fd = FOLIO_DROP - b.small.size * 0.8,
            small = b.small.size,
            muted = hex(s.muted),
            text_color = hex(s.text),
            lead_gap = gap(body, b.body.leading),
            par_gap = gap(body, b.body.leading) + b.body.paragraph_spacing,
            indent = b.body.indent_em,
            block = b.body.block_spacing,
            link = hex(s.link),
            code_inline = CODE_SCALE / 0.8,
            code = b.code.size,
            code_gap = gap(b.code.size, b.code.leading),
            code_bg = hex(s.code_background),
            pad = b.boxes.padding,
            heading = hex(s.heading),
            before = b.headings.before_lines * b.body.leading,
            after = b.headings.after_lines * b.body.leading,
            chapter = b.headings.chapter_size,
            chapter_after = b.headings.chapter_after,
            chapter_gap = gap(b.headings.chapter_size, b.headings.chapter_leading),
            h2 = b.headings.h2_size,
            h3 = b.headings.h3_size,
            h4 = b.headings.h4_size,
            h5 = b.headings.h5_size,
            h6 = b.headings.h6_size,
            small_gap = gap(b.small.size, b.small.leading),
            hang_body = b.boxes.list_hang_em * body - body * 0.5,
            markers = BULLETS
                .iter()
                .map(|m| format!("[{m}]"))
                .collect::<Vec<_>>()
                .join(", "),
            rule = hex(s.rule),
            table = b.small.table_size,
            table_gap = gap(b.small.table_size, b.small.table_leading),
            table_bg = hex(s.table_header_background),
        );
        self.cover(book, &mut out);
        for (index, chapter) in book.chapters.iter().enumerate() {
            self.chapter = index;
            self.chapter(chapter, &mut out);
        }
        out
    }

    /// The cover page: title, subtitle, author, edition, the cover image; then its blank verso.
    fn cover(&mut self, book: &Book, out: &mut String) {
        let m = &book.meta;
        let s = self.style;
        let _ = writeln!(
            out,
            "#page(header: none, footer: none)[\n#set par(justify: false, first-line-indent: 0pt)\n\
             #v(80pt)\n#text(font: \"Noto Sans\", weight: \"bold\", size: 24pt, fill: {})[{}]",
            hex(s.heading),
            markup_of(&m.title)
        );
        for line in [&m.subtitle, &m.author, &m.edition].into_iter().flatten() {
            let _ = writeln!(
                out,
                "\n#text(font: \"Noto Sans\", size: 13pt)[{}]",
                markup_of(line)
            );
        }
        if let Some(cover) = &m.cover {
            out.push_str("\n#v(1fr)\n");
            self.image(cover, out);
        }
        out.push_str("]\n");
        // The contents, as livret has them: chapters and their sections, with folios.
        let _ = writeln!(
            out,
            "#pagebreak(to: \"odd\", weak: true)\n\
             #outline(depth: 2, title: text(font: \"Noto Sans\", size: {}pt, fill: {})[Sommaire])",
            s.body.headings.chapter_size,
            hex(s.heading)
        );
    }

    fn chapter(&mut self, chapter: &Chapter, out: &mut String) {
        self.notes = chapter
            .footnotes
            .iter()
            .map(|f| (f.number, f.blocks.clone()))
            .collect();
        self.used_notes.clear();
        let _ = writeln!(
            out,
            "\n#pagebreak(to: \"odd\", weak: true)\n#counter(footnote).update(0)\n#v({}pt)",
            self.style.body.headings.chapter_drop
        );
        out.push_str("#heading(level: 1)[");
        self.inlines(&chapter.title, out);
        out.push_str("]\n");
        if let Some(sub) = &chapter.subtitle {
            let _ = write!(
                out,
                "#block(above: 6pt, below: {}pt, text(font: \"Noto Sans\", size: {}pt, fill: {})[",
                self.style.body.headings.chapter_after,
                self.style.body.lead.size,
                hex(self.style.muted)
            );
            self.inlines(sub, out);
            out.push_str("])\n");
        }
        self.blocks(&chapter.blocks, out);
    }

    fn blocks(&mut self, blocks: &[Block], out: &mut String) {
        for block in blocks {
            self.block(block, out);
            out.push('\n');
        }
    }

    fn block(&mut self, block: &Block, out: &mut String) {
        let s = self.style;
        let b = &s.body;
        match block {
            Block::Heading { level, content, .. } => {
                let _ = write!(out, "#heading(level: {})[", (*level).clamp(2, 6));
                self.inlines(content, out);
                out.push_str("]\n");
            }
            Block::Paragraph { content, .. } => {
                self.inlines(content, out);
                out.push('\n');
            }
            Block::Lead { content, .. } => {
                let _ = write!(
                    out,
                    "#block[#set text(size: {}pt)\n#set par(justify: false, leading: {}pt)\n",
                    b.lead.size,
                    b.lead.leading - b.lead.size
                );
                self.inlines(content, out);
                out.push_str("]\n");
            }
            Block::List {
                ordered,
                start,
                items,
                ..
            } => {
                if *ordered {
                    let _ = writeln!(out, "#enum(start: {start},");
                } else {
                    out.push_str("#list(\n");
                }
                for item in items {
                    self.list_item(item, out);
                }
                out.push_str(")\n");
            }
            Block::Quote { blocks, .. } => {
                let _ = writeln!(
                    out,
                    "#pad(x: {}pt)[#set text(style: \"italic\")",
                    b.boxes.quote_indent_em * b.body.size
                );
                self.blocks(blocks, out);
                out.push_str("]\n");
            }
            Block::Code { text, .. } => {
                let _ = writeln!(out, "#raw(block: true, {})", string(text));
            }
            Block::Table(t) => {
                let columns = t
                    .head
                    .iter()
                    .chain(&t.body)
                    .map(|row| row.iter().map(|c| c.colspan.max(1) as usize).sum::<usize>())
                    .max()
                    .unwrap_or(1);
                let _ = writeln!(out, "#table(columns: {columns} * (auto,),");
                if !t.head.is_empty() {
                    out.push_str("table.header(");
                    for row in &t.head {
                        for cell in row {
                            self.cell(cell, out);
                        }
                    }
                    out.push_str("),\n");
                }
                for row in &t.body {
                    for cell in row {
                        self.cell(cell, out);
                    }
                    out.push('\n');
                }
                out.push_str(")\n");
                if let Some(caption) = &t.caption {
                    self.caption(caption, out);
                }
            }
            Block::Figure { image, caption, .. } => {
                out.push_str("#block(breakable: false)[\n");
                self.image(image, out);
                if let Some(caption) = caption {
                    self.caption(caption, out);
                }
                out.push_str("]\n");
            }
            Block::Aside { title, blocks, .. } => {
                let _ = writeln!(
                    out,
                    "#block(width: 100%, fill: {}, inset: {}pt)[",
                    hex(s.aside_background),
                    b.boxes.padding
                );
                if let Some(title) = title {
                    out.push_str("#block(strong[");
                    self.inlines(title, out);
                    out.push_str("])\n");
                }
                self.blocks(blocks, out);
                out.push_str("]\n");
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    out.push_str("#block(strong[");
                    self.inlines(&item.term, out);
                    out.push_str("])\n");
                    for detail in &item.details {
                        let _ =
                            writeln!(out, "#pad(left: {}pt)[", b.boxes.list_hang_em * b.body.size);
                        self.blocks(detail, out);
                        out.push_str("]\n");
                    }
                }
            }
            Block::Rule { .. } => {
                let _ = writeln!(
                    out,
                    "#align(center, line(length: 33%, stroke: 0.6pt + {}))",
                    hex(s.rule)
                );
            }
            Block::Anchor { .. } => {}
        }
    }

    fn list_item(&mut self, item: &ListItem, out: &mut String) {
        out.push('[');
        if let Some(checked) = item.task {
            out.push_str(if checked { "☑ " } else { "☐ " });
        }
        self.blocks(&item.blocks, out);
        out.push_str("],\n");
    }

    fn cell(&mut self, cell: &Cell, out: &mut String) {
        let _ = write!(
            out,
            "table.cell(colspan: {}, rowspan: {})[",
            cell.colspan.max(1),
            cell.rowspan.max(1)
        );
        if cell.header {
            out.push_str("#set text(weight: \"bold\")\n");
        }
        self.blocks(&cell.blocks, out);
        out.push_str("], ");
    }

    fn caption(&mut self, caption: &[Inline], out: &mut String) {
        let _ = write!(
            out,
            "#block(above: 4pt, align(center, text(size: {}pt, fill: {})[",
            self.style.body.small.size,
            hex(self.style.muted)
        );
        self.inlines(caption, out);
        out.push_str("]))\n");
    }

    /// An image file, scaled as livret scales it (to the measure, at most
    /// [`MAX_HEIGHT_SHARE`] of the text block's height); its alt text when it cannot be read.
    fn image(&mut self, image: &Image, out: &mut String) {
        let loaded = match &image.target {
            ImageTarget::File(path) => self.images.load(path).ok().map(|l| (path, l)),
            _ => None,
        };
        match loaded {
            Some((path, l)) => {
                let (w, h) = fit(
                    (l.width, l.height),
                    self.style.measure(),
                    self.style.text_height() * MAX_HEIGHT_SHARE,
                );
                let _ = writeln!(
                    out,
                    "#align(center, image({}, width: {w}pt, height: {h}pt, alt: {}))",
                    string(&path.to_string_lossy()),
                    string(image.alt.as_deref().unwrap_or(""))
                );
            }
            None => {
                out.push_str("#emph[\\[Image : ");
                text(image.alt.as_deref().unwrap_or("image"), out);
                out.push_str("\\]]\n");
            }
        }
    }

    fn inlines(&mut self, content: &[Inline], out: &mut String) {
        for inline in content {
            self.inline(inline, out);
        }
    }

    fn wrapped(&mut self, function: &str, content: &[Inline], out: &mut String) {
        out.push_str(function);
        out.push('[');
        self.inlines(content, out);
        out.push(']');
    }

    fn inline(&mut self, inline: &Inline, out: &mut String) {
        match inline {
            Inline::Text(t) => text(t, out),
            Inline::Emph(c) => self.wrapped("#emph", c, out),
            Inline::Strong(c) => self.wrapped("#strong", c, out),
            Inline::Strike(c) => self.wrapped("#strike", c, out),
            Inline::Sup(c) => self.wrapped("#super", c, out),
            Inline::Sub(c) => self.wrapped("#sub", c, out),
            Inline::Code(t) => {
                let _ = write!(out, "#raw({})", string(t));
            }
            Inline::Link {
                target, content, ..
            } => match target {
                LinkTarget::External(url) => {
                    let _ = write!(out, "#link({})[", string(url));
                    self.inlines(content, out);
                    out.push(']');
                }
                LinkTarget::Internal { anchor, .. } => {
                    let _ = write!(out, "#text(fill: {})[", hex(self.style.link));
                    self.inlines(content, out);
                    if let Some(folio) = self.folios.get(anchor) {
                        text(&page_reference(folio), out);
                    }
                    out.push(']');
                }
                _ => self.inlines(content, out),
            },
            Inline::Image(img) => {
                if let Some(alt) = img.alt.as_deref().filter(|a| !a.is_empty()) {
                    text(&format!("[{alt}]"), out);
                }
            }
            Inline::FootnoteRef { number, .. } => {
                let label = format!("c{}-fn-{number}", self.chapter);
                if self.used_notes.contains(number) {
                    let _ = write!(out, "#footnote(<{label}>)");
                    return;
                }
                self.used_notes.push(*number);
                let blocks = self
                    .notes
                    .iter()
                    .find(|(n, _)| n == number)
                    .map(|(_, b)| b.clone())
                    .unwrap_or_default();
                out.push_str("#footnote[");
                let mut inner = String::new();
                self.blocks(&blocks, &mut inner);
                out.push_str(inner.trim_end());
                let _ = write!(out, "]<{label}>");
            }
            Inline::Abbr { content, .. } => self.inlines(content, out),
            Inline::Lang { lang, content } => {
                let _ = write!(
                    out,
                    "#text(lang: {}, hyphenate: {})[",
                    string(lang.split('-').next().unwrap_or("fr")),
                    lang.starts_with("fr")
                );
                self.inlines(content, out);
                out.push(']');
            }
            Inline::LineBreak => out.push_str("#linebreak()"),
            Inline::Anchor(_) => {}
        }
    }
}

/// Plain text as markup.
fn markup_of(s: &str) -> String {
    let mut out = String::new();
    text(s, &mut out);
    out
}
