//! The book: the document tree, one typed representation of the whole guide, read by both
//! renderers. This module only defines it; the `tree` stage builds it.
//!
//! The `tree` stage builds it from the loaded pages, `resolve` gives every heading its book-wide
//! anchor and every link a [`LinkTarget`], `typography` rewrites its text. Nothing after `tree` parses
//! markdown or HTML again.

pub mod date;
pub mod dump;
pub mod lang;
pub mod visit;

use std::path::PathBuf;

/// The whole guide, chapters in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Book {
    pub meta: BookMeta,
    pub chapters: Vec<Chapter>,
    /// Every image file the book shows, read once by `resolve` (empty before it).
    pub images: crate::image_file::ImageFiles,
}

/// What the configuration says about the guide as a whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BookMeta {
    pub title: String,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    /// BCP 47 language of the guide, `fr` by default.
    pub lang: String,
    /// The site's public URL (`https://beta.gouv.fr`), without trailing slash; empty when unknown.
    pub url: String,
    /// The site's baseurl (`""` or `/docs`).
    pub baseurl: String,
    /// Edition date, from the configuration or `SOURCE_DATE_EPOCH`; `None` when neither.
    pub date: Option<date::EditionDate>,
    /// Edition label (`2026.1`), free text.
    pub edition: Option<String>,
    /// A cover image, resolved like any other image.
    pub cover: Option<Image>,
    /// The back cover the configuration asks for (`back_cover:`), if any.
    pub back_cover: Option<BackCover>,
}

impl BookMeta {
    /// The title the PDF's and the EPUB's metadata give: the guide's title, or `Sans titre`
    /// (`Untitled` in a guide not in French) when it has none.
    pub fn shown_title(&self) -> &str {
        match self.title.trim() {
            "" if lang::Lang::is_french(&self.lang) => "Sans titre",
            "" => "Untitled",
            title => title,
        }
    }

    /// The date the PDF's and the EPUB's metadata give: the edition date, or
    /// [`date::EditionDate::UNDATED`] when there is none (both formats need one).
    pub fn shown_date(&self) -> date::EditionDate {
        self.date.unwrap_or(date::EditionDate::UNDATED)
    }
}

/// What the back cover says besides the title, edition, date and publisher.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackCover {
    /// The licence of the text (`Licence Ouverte 2.0`, `CC BY-SA 4.0`).
    pub licence: Option<String>,
    /// Where the guide's text comes from; the site's URL when the configuration does not say.
    pub source: Option<String>,
}

/// A 1-based position in a source file (the page's own file, front matter included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Self { line, col }
    }
}

/// One page of the site, become one chapter of the guide.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chapter {
    /// The chapter's own anchor, unique in the book (a slug of its permalink: `investigation`).
    pub id: String,
    /// The page's file, relative to the site folder.
    pub source: PathBuf,
    /// The page's permalink as the site serves it (`/approche/investigation`).
    pub url: String,
    /// The front-matter title, as inline content (the typography stage rewrites it too).
    pub title: Vec<Inline>,
    pub subtitle: Option<Vec<Inline>>,
    pub blocks: Vec<Block>,
    /// The chapter's footnotes, numbered from 1 in order of first call.
    pub footnotes: Vec<Footnote>,
}

/// A footnote definition.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Footnote {
    /// 1-based, per chapter.
    pub number: u32,
    /// The anchor of the note itself (`investigation-fn-1`), unique in the book after `resolve`.
    pub id: String,
    pub blocks: Vec<Block>,
    pub pos: Pos,
}

/// Where a heading came from: kramdown gives markdown headings an automatic id, not HTML ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingOrigin {
    Markdown,
    Html,
}

/// The flavour of an [`Block::Aside`]: which design-system component it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsideKind {
    /// `fr-callout`, and a callout made by hand.
    Callout,
    /// `fr-highlight`.
    Highlight,
    /// `fr-alert`, with its modifier (`info`, `success`, `warning`, `error`…) when it has one.
    Alert(Option<String>),
    /// `fr-notice`.
    Notice,
    /// `<details>`: its summary is the aside's title.
    Details,
    /// `fr-transcription`, titled by its modal's title.
    Transcription,
}

impl std::fmt::Display for AsideKind {
    /// The component's name, as the EPUB's class and the tree dump write it: `callout`,
    /// `highlight`, `alert` or `alert-info`, `notice`, `details`, `transcription`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AsideKind::Callout => f.write_str("callout"),
            AsideKind::Highlight => f.write_str("highlight"),
            AsideKind::Alert(None) => f.write_str("alert"),
            AsideKind::Alert(Some(level)) => write!(f, "alert-{level}"),
            AsideKind::Notice => f.write_str("notice"),
            AsideKind::Details => f.write_str("details"),
            AsideKind::Transcription => f.write_str("transcription"),
        }
    }
}

/// A block-level node.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `level` 1–6 as written in the source (the chapter title is not a heading block).
    Heading {
        level: u8,
        /// Before `resolve`: the explicit id (`{#id}`, `id=`), if any. After: the book-wide anchor.
        id: Option<String>,
        origin: HeadingOrigin,
        content: Vec<Inline>,
        pos: Pos,
    },
    Paragraph {
        content: Vec<Inline>,
        pos: Pos,
    },
    /// A lead paragraph (`{: .fr-text--lead}`, `class="fr-text--lead"`): set larger.
    Lead {
        content: Vec<Inline>,
        pos: Pos,
    },
    List {
        ordered: bool,
        /// First number of an ordered list (`<ol start="3">`, `3.`).
        start: u32,
        items: Vec<ListItem>,
        pos: Pos,
    },
    Quote {
        blocks: Vec<Block>,
        pos: Pos,
    },
    Code {
        lang: Option<String>,
        text: String,
        pos: Pos,
    },
    Table(Table),
    /// An image standing alone (a markdown image alone in its paragraph, an HTML `img` or `figure`).
    Figure {
        image: Image,
        caption: Option<Vec<Inline>>,
        pos: Pos,
    },
    /// A callout, highlight or summary box of the design system.
    Aside {
        /// The design-system flavour, for styling.
        kind: AsideKind,
        title: Option<Vec<Inline>>,
        blocks: Vec<Block>,
        pos: Pos,
    },
    DefinitionList {
        items: Vec<Definition>,
        pos: Pos,
    },
    Rule {
        pos: Pos,
    },
    /// An invisible link target (an HTML `id=` on a wrapper that has no block of its own).
    Anchor {
        id: String,
        pos: Pos,
    },
}

impl Block {
    /// Where the block starts in its source file.
    pub fn pos(&self) -> Pos {
        match self {
            Block::Heading { pos, .. }
            | Block::Paragraph { pos, .. }
            | Block::Lead { pos, .. }
            | Block::List { pos, .. }
            | Block::Quote { pos, .. }
            | Block::Code { pos, .. }
            | Block::Figure { pos, .. }
            | Block::Aside { pos, .. }
            | Block::DefinitionList { pos, .. }
            | Block::Rule { pos }
            | Block::Anchor { pos, .. } => *pos,
            Block::Table(t) => t.pos,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListItem {
    /// `Some(checked)` for a task-list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Definition {
    pub term: Vec<Inline>,
    /// One entry per `<dd>` / `: …`.
    pub details: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub caption: Option<Vec<Inline>>,
    /// One entry per column.
    pub align: Vec<Align>,
    /// Header rows (usually one); repeated when the table breaks across pages.
    pub head: Vec<Vec<Cell>>,
    pub body: Vec<Vec<Cell>>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// A `th` (or a markdown header cell).
    pub header: bool,
    pub colspan: u32,
    pub rowspan: u32,
    pub blocks: Vec<Block>,
}

/// An image reference.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Image {
    /// The `src` as written in the page.
    pub src: String,
    /// `None` when the source has no `alt` at all; `Some("")` for a decorative image.
    pub alt: Option<String>,
    pub title: Option<String>,
    /// The size the page asks for (`<img width="120" height="60">`), if any.
    pub width: Option<Length>,
    pub height: Option<Length>,
    /// Set by `resolve`.
    pub target: ImageTarget,
    pub pos: Pos,
}

/// A length an HTML attribute gives: CSS pixels (`120`, `120px`: 96 to the inch) or a share
/// of the containing block (`50%`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    Px(f32),
    Percent(f32),
}

impl Length {
    /// Reads a `width`/`height` attribute; `None` for anything else than a positive number of
    /// pixels or a percentage.
    pub fn parse(value: &str) -> Option<Length> {
        let v = value.trim();
        let (number, percent) = match v.strip_suffix('%') {
            Some(n) => (n, true),
            None => (v.strip_suffix("px").unwrap_or(v), false),
        };
        let n: f32 = number.trim().parse().ok()?;
        if !n.is_finite() || n <= 0.0 {
            return None;
        }
        Some(if percent {
            Length::Percent(n)
        } else {
            Length::Px(n)
        })
    }
}

/// What an image's `src` points at, once resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ImageTarget {
    /// Not resolved yet (before the `resolve` stage).
    #[default]
    Unresolved,
    /// A file inside the site folder (absolute path, canonical).
    File(PathBuf),
    /// A remote image, never fetched: renderers show the alt text.
    Remote(String),
    /// Missing or refused: an error was reported; renderers show the alt text.
    Broken,
}

/// An inline node.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Sup(Vec<Inline>),
    Sub(Vec<Inline>),
    /// Inline code (`code`, `kbd`, `samp`): never hyphenated, never retypeset.
    Code(String),
    Link {
        /// The `href` as written (after Liquid substitution).
        href: String,
        target: LinkTarget,
        content: Vec<Inline>,
        pos: Pos,
    },
    Image(Image),
    /// A call to the chapter's footnote `number`.
    FootnoteRef {
        number: u32,
        pos: Pos,
    },
    /// `<abbr title="…">`.
    Abbr {
        title: Option<String>,
        content: Vec<Inline>,
    },
    /// Text in another language (`<span lang="en">`): typography follows that language's rules.
    Lang {
        lang: String,
        content: Vec<Inline>,
    },
    /// A hard line break (`<br>`, two trailing spaces).
    LineBreak,
    /// An invisible link target inside a paragraph.
    Anchor(String),
}

impl Inline {
    /// The inline content nested in this node (emphasised text, a link's text…), if any.
    pub fn children(&self) -> Option<&[Inline]> {
        match self {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Abbr { content: c, .. }
            | Inline::Lang { content: c, .. }
            | Inline::Link { content: c, .. } => Some(c),
            Inline::Text(_)
            | Inline::Code(_)
            | Inline::Image(_)
            | Inline::FootnoteRef { .. }
            | Inline::LineBreak
            | Inline::Anchor(_) => None,
        }
    }

    /// [`Inline::children`], to change them.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Abbr { content: c, .. }
            | Inline::Lang { content: c, .. }
            | Inline::Link { content: c, .. } => Some(c),
            Inline::Text(_)
            | Inline::Code(_)
            | Inline::Image(_)
            | Inline::FootnoteRef { .. }
            | Inline::LineBreak
            | Inline::Anchor(_) => None,
        }
    }
}

/// What a link points at, once resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum LinkTarget {
    /// Not resolved yet (before the `resolve` stage).
    #[default]
    Unresolved,
    /// A place in the guide: chapter index (in `Book::chapters`) and the book-wide anchor
    /// (the chapter's own id when the link names the page itself).
    Internal { chapter: usize, anchor: String },
    /// A URL outside the guide (absolute: site pages outside the guide get the site's URL).
    External(String),
    /// Points into the guide but matches nothing: an error was reported.
    Broken,
}

/// A heading's entry in the outline, the PDF contents and the EPUB navigation: its plain text,
/// when that has a letter or a digit. A heading of only an emoji or of punctuation (kramdown
/// sets `## 🚀` as a heading) is left out of all three, so no entry is empty or named after an
/// internal id.
pub fn outline_label(content: &[Inline]) -> Option<String> {
    let text = plain_text(content);
    // Breakable spaces collapse; a no-break space (`quoi ?`, `30 %`) is the typography's and
    // stays, or a contents entry could break before its `?`.
    let no_break = |c: char| matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}');
    let text = text
        .split(|c: char| c.is_whitespace() && !no_break(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.trim_matches(char::is_whitespace).to_string();
    text.chars().any(char::is_alphanumeric).then_some(text)
}

/// The plain text of inline content (for ids, alt texts, outlines and dumps).
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(content, &mut out);
    out
}

fn push_plain(content: &[Inline], out: &mut String) {
    for inline in content {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Image(img) => out.push_str(img.alt.as_deref().unwrap_or("")),
            Inline::LineBreak => out.push(' '),
            other => push_plain(other.children().unwrap_or_default(), out),
        }
    }
}

/// The runs of `cells` (`None`: a boundary, such as an opaque node) that form words which are
/// web or e-mail addresses (`https://…`, `www.…`, `nom@domaine.fr`): no typographic rule may
/// rewrite them (kramdown's symbols would turn `a--b` into `a–b`, French spacing would put
/// spaces into them). Words are split at whitespace and at boundaries.
pub fn address_runs<T>(
    cells: &[T],
    ch: impl Fn(&T) -> Option<char>,
) -> Vec<std::ops::Range<usize>> {
    let boundary = |c: &T| ch(c).is_none_or(char::is_whitespace);
    let mut runs = Vec::new();
    let mut start = 0;
    while start < cells.len() {
        if boundary(&cells[start]) {
            start += 1;
            continue;
        }
        let end = cells[start..]
            .iter()
            .position(boundary)
            .map_or(cells.len(), |n| start + n);
        let word: String = cells[start..end].iter().filter_map(&ch).collect();
        let at = word.find('@');
        if word.contains("://")
            || word.to_ascii_lowercase().starts_with("www.")
            || at.is_some_and(|i| i > 0 && word[i..].contains('.'))
        {
            runs.push(start..end);
        }
        start = end;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::{outline_label, Inline, Length};

    #[test]
    fn the_pdf_and_the_epub_are_given_one_title_and_one_date() {
        let mut meta = super::BookMeta {
            title: " ".into(),
            lang: "fr-FR".into(),
            ..super::BookMeta::default()
        };
        assert_eq!(meta.shown_title(), "Sans titre");
        assert_eq!(meta.shown_date().to_string(), "1980-01-01");
        meta.lang = "en".into();
        assert_eq!(meta.shown_title(), "Untitled");
        meta.title = "Guide".into();
        meta.date = super::date::EditionDate::parse("2026-11-28").ok();
        assert_eq!(
            (meta.shown_title(), meta.shown_date().to_string().as_str()),
            ("Guide", "2026-11-28")
        );
    }

    #[test]
    fn outline_labels_keep_their_no_break_spaces() {
        let label = |t: &str| outline_label(&[Inline::Text(t.to_string())]);
        assert_eq!(
            label("  Qui fait\n quoi\u{202F}?  ").as_deref(),
            Some("Qui fait quoi\u{202F}?")
        );
        assert_eq!(
            label("30\u{202F}% \u{00A0}").as_deref(),
            Some("30\u{202F}%")
        );
        assert_eq!(label("\u{00A0}🚀\u{00A0}"), None);
    }

    #[test]
    fn html_lengths_are_pixels_or_percentages() {
        assert_eq!(Length::parse("120"), Some(Length::Px(120.0)));
        assert_eq!(Length::parse(" 64px "), Some(Length::Px(64.0)));
        assert_eq!(Length::parse("50%"), Some(Length::Percent(50.0)));
        for bad in ["", "auto", "-3", "0", "12em", "NaN"] {
            assert_eq!(Length::parse(bad), None, "{bad}");
        }
    }
}
