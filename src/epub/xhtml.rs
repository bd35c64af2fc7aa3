//! One XHTML5 content document per chapter: semantic HTML from the tree, with the chapter's
//! footnotes as EPUB 3 footnotes at its end and the printed edition's page markers.

use std::collections::{HashMap, HashSet};

use crate::book::{plain_text, Align, Block, Chapter, Image, Inline, Length, LinkTarget, Table};

use super::markup::Xml;
use super::{EpubError, Publication, Resource, CSS_FILE, XHTML};

/// Opens a content document: XML declaration, doctype, `html` with the book's language,
/// `head` with `title` and the style sheet, and `body`.
pub(super) fn open_document(p: &Publication, title: &str, body_type: Option<&str>) -> Xml {
    let mut xml = Xml::new(true);
    xml.open(
        "html",
        &[
            ("xmlns", "http://www.w3.org/1999/xhtml"),
            ("xmlns:epub", "http://www.idpf.org/2007/ops"),
            ("lang", &p.lang),
            ("xml:lang", &p.lang),
        ],
    );
    xml.newline();
    xml.open("head", &[]);
    xml.newline();
    xml.leaf("title", &[], title);
    xml.newline();
    xml.empty(
        "link",
        &[
            ("rel", "stylesheet"),
            ("type", "text/css"),
            ("href", CSS_FILE),
        ],
    );
    xml.newline();
    xml.close("head");
    xml.newline();
    match body_type {
        Some(t) => xml.open("body", &[("epub:type", t)]),
        None => xml.open("body", &[]),
    }
    xml.newline();
    xml
}

/// Closes what [`open_document`] opened.
pub(super) fn close_document(xml: &mut Xml) {
    xml.close("body");
    xml.newline();
    xml.close("html");
    xml.newline();
}

/// The title of chapter `chapter` as plain text, never empty.
pub(super) fn chapter_title(chapter: &Chapter) -> String {
    let title = plain_text(&chapter.title);
    match title.trim() {
        "" => chapter.id.clone(),
        t => t.to_string(),
    }
}

/// The XHTML document of chapter `index`.
pub(super) fn chapter(p: &Publication, index: usize) -> Result<Resource, EpubError> {
    let chapter = &p.book.chapters[index];
    let mut w = ChapterWriter {
        p,
        index,
        chapter,
        xml: open_document(p, &chapter_title(chapter), Some("bodymatter")),
        emitted: HashSet::new(),
        calls: HashMap::new(),
        in_link: false,
    };
    w.write();
    let file = &p.chapter_files[index];
    let mut xml = w.xml;
    close_document(&mut xml);
    Ok(Resource {
        href: file.clone(),
        id: format!("ch-{}", file.trim_end_matches(".xhtml")),
        media_type: XHTML,
        properties: "",
        bytes: xml.finish()?.into(),
    })
}

/// The state of one chapter being written.
struct ChapterWriter<'a> {
    p: &'a Publication<'a>,
    index: usize,
    chapter: &'a Chapter,
    xml: Xml,
    /// Ids already written in this document: a second element never gets the same one.
    emitted: HashSet<String>,
    /// Calls written so far, per footnote number (the nth call gets the nth call id).
    calls: HashMap<u32, u32>,
    /// Inside an `a`: links and note calls become plain content (no nested anchors).
    in_link: bool,
}

impl<'a> ChapterWriter<'a> {
    fn write(&mut self) {
        let section = self.p.ids.section(self.index).to_string();
        self.xml.open(
            "section",
            &[
                ("epub:type", "chapter"),
                ("role", "doc-chapter"),
                ("id", &section),
            ],
        );
        self.xml.newline();
        self.page_markers(|block| block.is_none());
        self.xml.open("header", &[]);
        self.xml.open("h1", &[]);
        if plain_text(&self.chapter.title).trim().is_empty() {
            self.xml.text(&chapter_title(self.chapter));
        } else {
            self.inlines(&self.chapter.title);
        }
        self.xml.close("h1");
        if let Some(subtitle) = &self.chapter.subtitle {
            self.xml.open("p", &[("class", "subtitle")]);
            self.inlines(subtitle);
            self.xml.close("p");
        }
        self.xml.close("header");
        self.xml.newline();
        for (i, block) in self.chapter.blocks.iter().enumerate() {
            self.page_markers(|b| b == Some(i));
            self.block(block);
        }
        let count = self.chapter.blocks.len();
        self.page_markers(|b| b.is_some_and(|b| b >= count));
        self.footnotes();
        self.xml.close("section");
        self.xml.newline();
    }

    /// The page markers whose position `at` accepts.
    fn page_markers(&mut self, at: impl Fn(Option<usize>) -> bool) {
        for marker in self.p.ids.pages(self.index) {
            if at(marker.block) && self.emitted.insert(marker.id.clone()) {
                self.xml.empty(
                    "span",
                    &[
                        ("epub:type", "pagebreak"),
                        ("role", "doc-pagebreak"),
                        ("id", &marker.id),
                        ("aria-label", &marker.label),
                    ],
                );
                self.xml.newline();
            }
        }
    }

    /// The XML id for the tree's `anchor`, unless it is already on an element here.
    fn id_for(&mut self, anchor: &str) -> Option<String> {
        let id = self.p.ids.anchor(self.index, anchor)?.to_string();
        self.emitted.insert(id.clone()).then_some(id)
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { id, content, .. } => {
                let name = format!("h{}", self.p.ids.level(block));
                let id = id.as_deref().and_then(|a| self.id_for(a));
                match &id {
                    Some(id) => self.xml.open(&name, &[("id", id)]),
                    None => self.xml.open(&name, &[]),
                }
                self.inlines(content);
                self.xml.close(&name);
            }
            Block::Paragraph { content, .. } => self.paragraph(content, &[]),
            Block::Lead { content, .. } => self.paragraph(content, &[("class", "lead")]),
            Block::List {
                ordered,
                start,
                items,
                ..
            } => {
                let name = if *ordered { "ol" } else { "ul" };
                let start = start.to_string();
                if *ordered && start != "1" {
                    self.xml.open(name, &[("start", &start)]);
                } else {
                    self.xml.open(name, &[]);
                }
                for item in items {
                    match item.task {
                        Some(done) => {
                            let class = if done { "task done" } else { "task" };
                            self.xml.open("li", &[("class", class)]);
                            let mark = if done { "☑\u{A0}" } else { "☐\u{A0}" };
                            self.blocks_after(&item.blocks, |w| w.xml.text(mark));
                        }
                        None => {
                            self.xml.open("li", &[]);
                            self.blocks(&item.blocks);
                        }
                    }
                    self.xml.close("li");
                }
                self.xml.close(name);
            }
            Block::Quote { blocks, .. } => {
                self.xml.open("blockquote", &[]);
                self.blocks(blocks);
                self.xml.close("blockquote");
            }
            Block::Code { lang, text, .. } => {
                self.xml.open("pre", &[]);
                let class = lang
                    .as_deref()
                    .map(|l| format!("language-{}", super::file_stem(l)));
                match class.as_deref() {
                    Some(c) if c != "language-" => self.xml.open("code", &[("class", c)]),
                    _ => self.xml.open("code", &[]),
                }
                self.xml.text(text.strip_suffix('\n').unwrap_or(text));
                self.xml.close("code");
                self.xml.close("pre");
            }
            Block::Table(table) => self.table(table),
            Block::Figure { image, caption, .. } => self.figure(image, caption.as_deref()),
            Block::Aside {
                kind,
                title,
                blocks,
                ..
            } => {
                let kind = super::file_stem(&kind.to_string());
                let class = if kind == "callout" || kind.is_empty() {
                    "callout".to_string()
                } else {
                    format!("callout {kind}")
                };
                // A note, not a landmark: callouts are part of the text's flow.
                self.xml
                    .open("aside", &[("class", &class), ("role", "note")]);
                if let Some(title) = title {
                    self.xml.open("p", &[("class", "callout-title")]);
                    self.inlines(title);
                    self.xml.close("p");
                }
                self.blocks(blocks);
                self.xml.close("aside");
            }
            Block::DefinitionList { items, .. } => {
                self.xml.open("dl", &[]);
                for item in items {
                    self.xml.open("dt", &[]);
                    self.inlines(&item.term);
                    self.xml.close("dt");
                    for detail in &item.details {
                        self.xml.open("dd", &[]);
                        self.blocks(detail);
                        self.xml.close("dd");
                    }
                }
                self.xml.close("dl");
            }
            Block::Rule { .. } => self.xml.empty("hr", &[]),
            Block::Anchor { id, .. } => {
                if let Some(id) = self.id_for(id) {
                    self.xml.empty("span", &[("id", &id)]);
                }
            }
        }
        self.xml.newline();
    }

    fn paragraph(&mut self, content: &[Inline], attrs: &[(&str, &str)]) {
        self.xml.open("p", attrs);
        self.inlines(content);
        self.xml.close("p");
    }

    /// `blocks`, with `prefix` written at the start of the first paragraph (or in a paragraph
    /// of its own when they do not start with one): task boxes, footnote numbers.
    fn blocks_after(&mut self, blocks: &[Block], prefix: impl FnOnce(&mut Self)) {
        match blocks.split_first() {
            Some((Block::Paragraph { content, .. }, rest)) => {
                self.xml.open("p", &[]);
                prefix(self);
                self.inlines(content);
                self.xml.close("p");
                self.blocks(rest);
            }
            _ => {
                self.xml.open("p", &[]);
                prefix(self);
                self.xml.close("p");
                self.blocks(blocks);
            }
        }
    }

    /// A cell's or an item's blocks: a lone paragraph is written as its inline content.
    fn cell_blocks(&mut self, blocks: &[Block]) {
        match blocks {
            [Block::Paragraph { content, .. }] => self.inlines(content),
            _ => self.blocks(blocks),
        }
    }

    fn table(&mut self, table: &Table) {
        self.xml.open("table", &[]);
        if let Some(caption) = &table.caption {
            self.xml.open("caption", &[]);
            self.inlines(caption);
            self.xml.close("caption");
        }
        for (group, rows, in_head) in [("thead", &table.head, true), ("tbody", &table.body, false)]
        {
            if rows.is_empty() {
                continue;
            }
            self.xml.open(group, &[]);
            for row in rows {
                self.xml.open("tr", &[]);
                let mut column = 0;
                for cell in row {
                    // An empty header cell (a table's top-left corner) heads nothing: a `td`,
                    // so screen readers are not given a header without text.
                    let empty = cell.blocks.is_empty();
                    let (name, scope) = match (in_head, cell.header) {
                        _ if empty => ("td", None),
                        (true, _) => ("th", Some("col")),
                        (false, true) => ("th", Some("row")),
                        (false, false) => ("td", None),
                    };
                    let colspan = cell.colspan.to_string();
                    let rowspan = cell.rowspan.to_string();
                    let mut attrs: Vec<(&str, &str)> = Vec::new();
                    if let Some(scope) = scope {
                        attrs.push(("scope", scope));
                    }
                    if cell.colspan > 1 {
                        attrs.push(("colspan", &colspan));
                    }
                    if cell.rowspan > 1 {
                        attrs.push(("rowspan", &rowspan));
                    }
                    match table.align.get(column) {
                        Some(Align::Left) => attrs.push(("class", "align-left")),
                        Some(Align::Center) => attrs.push(("class", "align-center")),
                        Some(Align::Right) => attrs.push(("class", "align-right")),
                        Some(Align::None) | None => {}
                    }
                    self.xml.open(name, &attrs);
                    self.cell_blocks(&cell.blocks);
                    self.xml.close(name);
                    column += cell.colspan.max(1) as usize;
                }
                self.xml.close("tr");
                self.xml.newline();
            }
            self.xml.close(group);
        }
        self.xml.close("table");
    }

    fn figure(&mut self, image: &Image, caption: Option<&[Inline]>) {
        let href = self.p.images.href(image).map(str::to_string);
        let alt = image.alt.as_deref().unwrap_or("").trim();
        if href.is_none() && alt.is_empty() && caption.is_none() {
            return;
        }
        self.xml.open("figure", &[]);
        match href {
            Some(src) => self.img(&src, image),
            None if !alt.is_empty() => self.xml.leaf("p", &[("class", "image-missing")], alt),
            None => {}
        }
        if let Some(caption) = caption {
            self.xml.open("figcaption", &[]);
            self.inlines(caption);
            self.xml.close("figcaption");
        }
        self.xml.close("figure");
    }

    /// An `img`: decorative (`alt=""`) when the source gave no alt text.
    fn img(&mut self, src: &str, image: &Image) {
        let alt = image.alt.as_deref().unwrap_or("").trim();
        let mut attrs = vec![("src", src), ("alt", alt)];
        if let Some(title) = image.title.as_deref().filter(|t| !t.trim().is_empty()) {
            attrs.push(("title", title));
        }
        // The size the page asks for: pixels as the attributes HTML allows (whole numbers), a
        // percentage as a style.
        let px = |l: Option<Length>| match l {
            Some(Length::Px(v)) => Some(format!("{}", v.round().max(1.0) as u32)),
            _ => None,
        };
        let (width, height) = (px(image.width), px(image.height));
        let style = match image.width {
            Some(Length::Percent(p)) => Some(format!("width: {p}%")),
            _ => None,
        };
        for (name, value) in [("width", &width), ("height", &height), ("style", &style)] {
            if let Some(v) = value {
                attrs.push((name, v.as_str()));
            }
        }
        self.xml.empty("img", &attrs);
    }

    fn footnotes(&mut self) {
        if self.chapter.footnotes.is_empty() {
            return;
        }
        let label = self.p.labels.notes;
        self.xml
            .open("section", &[("class", "footnotes"), ("aria-label", label)]);
        self.xml.newline();
        for note in &self.chapter.footnotes {
            let Some(id) = self.id_for(&note.id) else {
                continue;
            };
            self.xml.open(
                "aside",
                &[
                    ("epub:type", "footnote"),
                    ("role", "doc-footnote"),
                    ("id", &id),
                ],
            );
            let number = note.number.to_string();
            let back = self
                .p
                .ids
                .call(self.index, note.number, 1)
                .map(|c| format!("#{c}"));
            let label = format!("{} {number}", self.p.labels.back_to_call);
            self.blocks_after(&note.blocks, |w| {
                match &back {
                    Some(href) => w.xml.leaf(
                        "a",
                        &[
                            ("href", href),
                            ("role", "doc-backlink"),
                            ("aria-label", &label),
                        ],
                        &number,
                    ),
                    None => w.xml.text(&number),
                }
                w.xml.text(".\u{A0}");
            });
            self.xml.close("aside");
            self.xml.newline();
        }
        self.xml.close("section");
        self.xml.newline();
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        let mut after_call = false;
        for inline in inlines {
            let call = matches!(inline, Inline::FootnoteRef { .. });
            if call && after_call {
                // Two calls in a row read as one number ("12"): a raised comma between them.
                self.xml.leaf("sup", &[], ",");
            }
            after_call = call;
            self.inline(inline);
        }
    }

    fn wrap(&mut self, name: &str, attrs: &[(&str, &str)], content: &[Inline]) {
        self.xml.open(name, attrs);
        self.inlines(content);
        self.xml.close(name);
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => self.xml.text(text),
            Inline::Emph(c) => self.wrap("em", &[], c),
            Inline::Strong(c) => self.wrap("strong", &[], c),
            Inline::Strike(c) => self.wrap("s", &[], c),
            Inline::Sup(c) => self.wrap("sup", &[], c),
            Inline::Sub(c) => self.wrap("sub", &[], c),
            Inline::Code(text) => self.xml.leaf("code", &[], text),
            Inline::Link {
                target, content, ..
            } => {
                let href = match target {
                    _ if self.in_link => None,
                    LinkTarget::Internal { chapter, anchor } => {
                        self.p.internal_href(*chapter, anchor)
                    }
                    LinkTarget::External(url) => external_href(url),
                    LinkTarget::Broken | LinkTarget::Unresolved => None,
                };
                match href {
                    Some(href) => {
                        self.in_link = true;
                        self.wrap("a", &[("href", &href)], content);
                        self.in_link = false;
                    }
                    None => self.inlines(content),
                }
            }
            Inline::Image(image) => match self.p.images.href(image) {
                Some(src) => {
                    let src = src.to_string();
                    self.img(&src, image);
                }
                None => {
                    let alt = image.alt.as_deref().unwrap_or("").trim();
                    if !alt.is_empty() {
                        self.xml.leaf("span", &[("class", "image-missing")], alt);
                    }
                }
            },
            Inline::FootnoteRef { number, .. } => self.note_call(*number),
            Inline::Abbr { title, content } => {
                match title.as_deref().filter(|t| !t.trim().is_empty()) {
                    Some(title) => self.wrap("abbr", &[("title", title)], content),
                    None => self.wrap("abbr", &[], content),
                }
            }
            Inline::Lang { lang, content } => {
                if is_language_tag(lang) && is_right_to_left(lang) {
                    self.wrap(
                        "span",
                        &[("lang", lang), ("xml:lang", lang), ("dir", "rtl")],
                        content,
                    );
                } else if is_language_tag(lang) {
                    self.wrap("span", &[("lang", lang), ("xml:lang", lang)], content);
                } else {
                    self.inlines(content);
                }
            }
            Inline::LineBreak => self.xml.empty("br", &[]),
            Inline::Anchor(anchor) => {
                if let Some(id) = self.id_for(anchor) {
                    self.xml.empty("span", &[("id", &id)]);
                }
            }
        }
    }

    /// A note call: `<sup><a epub:type="noteref" …>n</a></sup>`, plain `<sup>n</sup>` inside
    /// a link or when the chapter has no such note.
    fn note_call(&mut self, number: u32) {
        let nth = {
            let n = self.calls.entry(number).or_insert(0);
            *n += 1;
            *n
        };
        let note = self
            .chapter
            .footnotes
            .iter()
            .find(|n| n.number == number)
            .and_then(|n| self.p.ids.anchor(self.index, &n.id));
        let call = self.p.ids.call(self.index, number, nth);
        let text = number.to_string();
        self.xml.open("sup", &[]);
        match (note, call) {
            (Some(note), Some(call)) if !self.in_link => {
                let href = format!("#{note}");
                let call = call.to_string();
                self.emitted.insert(call.clone());
                self.xml.leaf(
                    "a",
                    &[
                        ("epub:type", "noteref"),
                        ("role", "doc-noteref"),
                        ("id", &call),
                        ("href", &href),
                    ],
                    &text,
                );
            }
            _ => self.xml.text(&text),
        }
        self.xml.close("sup");
    }
}

/// `url` as an `href`: absolute with a harmless scheme, characters URLs cannot hold
/// percent-encoded. `None` for anything else, which is then written as plain text.
pub(super) fn external_href(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, _) = url.split_once(':')?;
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let harmful = ["javascript", "data", "vbscript", "file"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s));
    if !scheme_ok || harmful {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// Whether `tag` looks like a BCP 47 language tag (`en`, `en-GB`, `zh-Hant`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether text in language `tag` is written right to left: Arabic, Hebrew, Persian, Urdu and
/// the other languages whose usual script is, or any tag naming such a script (`-Arab`,
/// `-Hebr`…). The document tree keeps the language; the direction follows from it, so that a
/// reader lays the span out right to left even where the author wrote no `dir`.
fn is_right_to_left(tag: &str) -> bool {
    const LANGUAGES: [&str; 12] = [
        "ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi",
    ];
    const SCRIPTS: [&str; 8] = [
        "arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "samr",
    ];
    let lower = tag.to_ascii_lowercase();
    let mut parts = lower.split('-');
    let first = parts.next().unwrap_or("");
    let script = parts.find(|p| p.len() == 4);
    match script {
        Some(s) => SCRIPTS.contains(&s),
        None => LANGUAGES.contains(&first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages() {
        for tag in ["ar", "AR", "ar-MA", "he", "fa-IR", "ur", "pa-Arab", "yi"] {
            assert!(is_right_to_left(tag), "{tag}");
        }
        for tag in ["fr", "en-GB", "ja", "az-Latn", "ar-Latn", "zh-Hant"] {
            assert!(!is_right_to_left(tag), "{tag}");
        }
    }

    #[test]
    fn external_links_are_made_valid_or_dropped() {
        assert_eq!(
            external_href("https://example.org/a b?q=\"x\"").as_deref(),
            Some("https://example.org/a%20b?q=%22x%22")
        );
        assert_eq!(
            external_href("mailto:a@b.fr").as_deref(),
            Some("mailto:a@b.fr")
        );
        assert_eq!(external_href("javascript:alert(1)"), None);
        assert_eq!(external_href("/approche/x"), None);
        assert_eq!(external_href("1http:x"), None);
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("en-GB"));
        assert!(!is_language_tag(""));
        assert!(!is_language_tag("en GB"));
        assert!(!is_language_tag("en-"));
    }
}
