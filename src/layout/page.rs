//! The page model: positioned pages, the logical structure they draw, anchors and the page map.
//!
//! It is everything the PDF writer needs and nothing it must compute: every item is placed
//! (points, origin at the page's top-left corner, y down, text at its baseline), every glyph is
//! shaped, every item names the structure element it belongs to (or is an artifact), every link
//! has its rectangle. The EPUB's page-list reads [`PageModel::page_map`].

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::color::Rgb;

pub use crate::fonts::FontId;

/// Index of an image in [`PageModel::images`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImageId(pub u32);

/// Index of a structure element in [`PageModel::structure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// The laid-out guide.
#[derive(Debug, Clone, Default)]
pub struct PageModel {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    /// The font files the glyphs refer to, indexed by [`FontId`].
    pub fonts: Vec<FontFile>,
    pub images: Vec<ImageData>,
    /// The logical structure, in reading order; node 0 is the document.
    pub structure: Vec<StructNode>,
    /// Every named place a link can go to: headings, chapters, notes, anchors.
    pub anchors: BTreeMap<String, Anchor>,
    /// The outline (bookmarks): chapters, then their sections.
    pub outline: Vec<OutlineEntry>,
    /// Where each chapter and each of its top-level blocks starts.
    pub page_map: Vec<PageMapEntry>,
}

/// A font file as the shaper used it.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// The file's bytes (from the font registry).
    pub data: &'static [u8],
    /// For messages and tests (`Charis SIL Regular`).
    pub name: String,
}

/// An image, ready to embed.
#[derive(Debug, Clone)]
pub enum ImageData {
    /// A JPEG file embedded as it is (no orientation to apply).
    Jpeg(Arc<Vec<u8>>),
    /// Any other raster file, decoded only when the PDF embeds it
    /// ([`crate::image_file::ImageFile::samples`]: orientation applied).
    Raster(Arc<crate::image_file::ImageFile>),
    /// An SVG, drawn as vectors.
    Svg(Arc<usvg::Tree>),
}

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Its folio's number in its [`Numbering`] (`7`, or `3` for `iii`), also its PDF page label.
    pub number: u32,
    /// Roman for the front matter (cover, contents), arabic from the first chapter's opening.
    pub numbering: Numbering,
    /// The chapter it belongs to (`None` for the cover and blank pages before the first chapter).
    pub chapter: Option<usize>,
    pub kind: PageKind,
    pub items: Vec<PageItem>,
    pub links: Vec<LinkArea>,
    /// Running head and folio: drawn as pagination artifacts (never read, never tagged).
    pub furniture: Vec<PageItem>,
}

impl Page {
    /// The printed folio: `iii` for the front matter, `12` from the first chapter on.
    pub fn label(&self) -> String {
        match self.numbering {
            Numbering::Roman => roman(self.number),
            Numbering::Arabic => self.number.to_string(),
        }
    }
}

/// How a page's folio is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Numbering {
    /// Lowercase roman numerals (`i`, `ii`, …): the front matter.
    Roman,
    /// `1`, `2`, …: the chapters.
    #[default]
    Arabic,
}

/// `n` in lowercase roman numerals (`0` is written `0`).
pub fn roman(mut n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let mut out = String::new();
    for (value, digits) in [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// What kind of page it is, for the running head and for tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PageKind {
    Cover,
    /// A page of the table of contents.
    Contents,
    /// A chapter's first page: no running head, no folio.
    ChapterOpening,
    #[default]
    Body,
    /// Left empty so that the next chapter opens on a right-hand page.
    Blank,
    /// The back cover: title, edition, publisher, licence and source, on the last page.
    BackCover,
}

/// One drawn thing.
#[derive(Debug, Clone)]
pub struct PageItem {
    pub x: f32,
    /// Top edge for shapes and images, baseline for text.
    pub y: f32,
    /// The structure element it belongs to, or `None` for an artifact (running head, folio,
    /// decoration).
    pub node: Option<NodeId>,
    /// Its place in reading order (items and nodes share the numbering), so that content that is
    /// drawn elsewhere (a footnote at the page foot) is read where it is called.
    pub seq: u32,
    pub kind: ItemKind,
}

/// The kinds of drawn things.
#[derive(Debug, Clone)]
pub enum ItemKind {
    /// Shared: the same set line can sit in a chapter's flow and in the paragraph memo of
    /// the folio fixed point ([`super::setter::ParaMemo`]).
    Text(Arc<TextRun>),
    /// A filled and/or stroked rectangle.
    Rect {
        width: f32,
        height: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    /// A horizontal line of `width`, `thickness` thick, its top at `y`.
    Rule {
        width: f32,
        thickness: f32,
        color: Rgb,
    },
    Image {
        id: ImageId,
        width: f32,
        height: f32,
    },
}

/// Shaped glyphs in one font, size and colour, with the text they come from.
#[derive(Debug, Clone)]
pub struct TextRun {
    pub font: FontId,
    pub size: f32,
    pub color: Rgb,
    /// The run's text: each glyph's `range` indexes it. A hyphenated line end is U+00AD.
    pub text: String,
    pub glyphs: Vec<Glyph>,
    /// The glyphs drawn off their pen position, by glyph index (most runs have none).
    pub offsets: Vec<GlyphOffset>,
    /// The run's language when it differs from the document's.
    pub lang: Option<String>,
    /// The expansion of the abbreviation the run sets (`<abbr title>`, kramdown's `*[X]: …`).
    pub expanded: Option<String>,
    /// Glyphs whose text, for search and copy, is not their own: the two halves of a word
    /// hyphenated at a line end (the first half reads as the whole word, the second as nothing).
    pub actual: Vec<ActualText>,
    /// The horizontal scale of the glyphs' drawing (font expansion, [`super::paragraph::expansion`]); the
    /// advances above include it. 1 for none.
    pub hscale: f32,
}

/// Replacement text for a range of a run's glyphs (PDF `/ActualText`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualText {
    /// Indexes into [`TextRun::glyphs`].
    pub glyphs: Range<usize>,
    pub text: String,
}

impl TextRun {
    /// The offsets of glyph `i`, in em (`(0, 0)` for nearly all).
    pub fn offset(&self, i: usize) -> (f32, f32) {
        if self.offsets.is_empty() {
            return (0.0, 0.0);
        }
        match self.offsets.binary_search_by_key(&(i as u32), |o| o.glyph) {
            Ok(k) => (self.offsets[k].x, self.offsets[k].y),
            Err(_) => (0.0, 0.0),
        }
    }

    /// The run's width in points.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum::<f32>() * self.size
    }

    /// How far the run's first and last glyphs may hang outside the measure, in points, by
    /// their characters ([`super::paragraph::protrusion`]): what a check of the margins allows them.
    pub fn hang(&self) -> (f32, f32) {
        let share = |g: Option<&Glyph>, right: bool| {
            g.map_or(0.0, |g| {
                let text = self.text.get(g.text_range()).unwrap_or("");
                let c = if right {
                    text.chars().next_back()
                } else {
                    text.chars().next()
                };
                let f = c.map_or(0.0, |c| {
                    if right {
                        super::paragraph::protrusion::right(c)
                    } else {
                        super::paragraph::protrusion::left(c)
                    }
                });
                f * g.advance * self.size
            })
        };
        (
            share(self.glyphs.first(), false),
            share(self.glyphs.last(), true),
        )
    }
}

/// One glyph of a run: 12 bytes, as a large book holds millions of them until the PDF writer
/// draws them (5.6 million at 1,000 pages). Lengths in em (multiply by the run's size). The
/// rare glyphs moved off their pen position (marks) have their offsets in
/// [`TextRun::offsets`] instead of two zeros each here.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// The byte length of its cluster in [`TextRun::text`] (see [`Glyph::text_range`]).
    len: u16,
    /// Where its cluster starts in [`TextRun::text`].
    start: u32,
    pub advance: f32,
}

impl Glyph {
    /// Glyph `id`, `advance` em wide, for the bytes `range` of its run's text (a run is far
    /// shorter than 4 GB; a cluster longer than 64 KB is cut to that).
    pub fn new(id: u16, advance: f32, range: Range<usize>) -> Glyph {
        let mut g = Glyph {
            id,
            len: 0,
            start: 0,
            advance,
        };
        g.set_text_range(range);
        g
    }

    /// The byte range of its cluster in [`TextRun::text`].
    pub fn text_range(&self) -> Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }

    /// Sets the byte range of its cluster.
    pub fn set_text_range(&mut self, range: Range<usize>) {
        self.start = range.start as u32;
        self.len = range.end.saturating_sub(range.start).min(u16::MAX as usize) as u16;
    }
}

/// A glyph drawn off its pen position, in em: the `glyph`-th of its run.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphOffset {
    pub glyph: u32,
    pub x: f32,
    pub y: f32,
}

/// A clickable rectangle.
#[derive(Debug, Clone)]
pub struct LinkArea {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub target: LinkDest,
    /// The `Link` structure element it belongs to.
    pub node: NodeId,
    pub seq: u32,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkDest {
    /// A named place of the guide (a key of [`PageModel::anchors`]).
    Anchor(String),
    Uri(String),
}

/// A named place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchor {
    /// 0-based page index.
    pub page: usize,
    /// Top of the element it names.
    pub y: f32,
}

/// One bookmark, with its children.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub anchor: String,
    pub children: Vec<OutlineEntry>,
}

/// Where a chapter's block starts: `block: None` for the chapter itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageMapEntry {
    pub chapter: usize,
    pub block: Option<usize>,
    /// 0-based page index.
    pub page: usize,
}

/// A logical structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    pub kind: StructKind,
    pub parent: Option<NodeId>,
    pub seq: u32,
}

/// The structure elements livret writes (PDF/UA standard structure types).
#[derive(Debug, Clone, PartialEq)]
pub enum StructKind {
    Document,
    /// A chapter.
    Section,
    /// A heading, level 1 (chapter title) to 6, with its plain text.
    Heading(u8, String),
    Paragraph,
    List {
        ordered: bool,
    },
    ListItem,
    Label,
    ListBody,
    BlockQuote,
    Code,
    Table,
    TableHead,
    TableBody,
    TableRow,
    /// A header cell of a header row: it heads its column.
    TableHeaderCell,
    /// A header cell in a body row: it heads its row.
    TableRowHeaderCell,
    TableCell,
    /// An image, with its alternative text.
    Figure(String),
    Caption,
    /// A callout or aside.
    Aside,
    Link {
        /// The link's description for assistive technology.
        alt: String,
    },
    /// A footnote (its label and text).
    Note,
    /// A footnote call or other inline span.
    Span,
    /// A definition list's term (written as a `Lbl`-less paragraph in PDF 1.7).
    Term,
    /// A definition list's details.
    Definition,
    /// The cover's block of text.
    Title,
    /// The table of contents, or the sections of one of its entries.
    Toc,
    /// One entry of the table of contents.
    TocItem,
}
