//! Stage 5, `layout`: the resolved tree set in pages.
//!
//! Entry point: [`layout`]. Three rooms: [`paragraph`], the typesetting core, sets one
//! paragraph at a time ([`paragraph::layout_paragraph`]: shaping, hyphenation, Knuth–Plass line
//! breaking); [`blocks`] turns each block into a vertical flow of lines and boxes (tables,
//! figures, notes among them); [`pages`] cuts the flows into pages, settles the folios and sets
//! the cover and the contents. The result is a [`page::PageModel`]: everything the PDF writer
//! draws, with its logical structure ([`structure`]). Beside the rooms: the [`style`],
//! [`inline`] content as the document styles it, the [`setter`] that sets it through the core,
//! and the [`image`]s.

pub mod audit;
pub mod blocks;
pub mod color;
pub mod coverage;
pub mod image;
pub mod inline;
pub mod page;
pub mod pages;
pub mod paragraph;
pub mod setter;
pub mod structure;
pub mod style;
pub mod url_notes;

pub use paragraph::shape::Shaper;
pub use paragraph::{
    layout_paragraph, Align, GlyphRun, Line, Paragraph, ParagraphOptions, PositionedGlyph, Span,
    SpanStyle,
};

use crate::book::Book;
use crate::diag::Diagnostics;
use crate::fonts::Family;

use self::blocks::Tools;
use self::image::Images;
use self::page::{Anchor, FontFile, OutlineEntry, Page, PageModel, StructKind};
use self::pages::paginate::{paginate, Furniture};
use self::pages::{back_cover, cover, fixpoint, toc};
use self::setter::Setter;
use self::structure::StructureTree;
use self::style::Style;

/// What the PDF is for: settled by `load` from the configuration's `profile:`.
pub use crate::load::Profile;

/// How the book is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutOptions {
    pub profile: Profile,
}

/// What a layout took: for `--verbose` and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutStats {
    /// Passes of the page-number fixed point ([`fixpoint::converge`]).
    pub passes: usize,
    /// Chapters set over all passes.
    pub chapters_set: usize,
    /// Whether the folios settled before [`fixpoint::MAX_PASSES`].
    pub settled: bool,
    /// Paragraphs set, and paragraphs taken from a chapter's memo when it was set again
    /// (print profile; 0 and 0 on screen, where nothing is remembered).
    pub paragraphs_set: usize,
    pub paragraphs_reused: usize,
}

/// Lays the whole book out in the print profile ([`layout_with`]).
pub fn layout(book: &Book, style: &Style, diags: &mut Diagnostics) -> PageModel {
    layout_with(book, style, &LayoutOptions::default(), diags).0
}

/// Lays the whole book out: cover and its verso, contents (roman folios), then each chapter
/// on a new right-hand page from page 1, the folios settled by [`fixpoint::converge`].
pub fn layout_with(
    book: &Book,
    style: &Style,
    opts: &LayoutOptions,
    diags: &mut Diagnostics,
) -> (PageModel, LayoutStats) {
    // Characters no face can draw: said before anything is set.
    for chapter in &book.chapters {
        coverage::report_missing(chapter, diags);
    }
    let mut setter = Setter::new();
    let mut images = Images::new(&book.images);
    let mut tree = StructureTree::new(StructKind::Document);
    // The cover and its blank verso.
    let tools = Tools {
        style,
        setter: &mut setter,
        images: &mut images,
        diags,
    };
    let front = cover::cover(book, tools, &mut tree);
    // Reading order: the contents' heading and list come before the chapters.
    let heading_seq = tree.next_seq();
    let toc_seq = tree.next_seq();
    // The chapters, set until their folios settle.
    let print = opts.profile == Profile::Print;
    let converged = fixpoint::converge(&book.chapters, style, &mut images, print);
    let stats = LayoutStats {
        passes: converged.passes,
        chapters_set: converged.chapters_set,
        settled: converged.settled,
        paragraphs_set: converged.paragraphs_set,
        paragraphs_reused: converged.paragraphs_reused,
    };
    let mut flows = Vec::with_capacity(converged.chapters.len());
    let mut outline: Vec<OutlineEntry> = Vec::with_capacity(converged.chapters.len());
    for mut chapter in converged.chapters {
        outline.push(chapter.outline.clone());
        diags.extend(std::mem::take(&mut chapter.diags));
        flows.push(fixpoint::splice(chapter, &mut tree));
    }
    // The contents, then a blank page if it ends on a right-hand page.
    let placement = toc::Placement {
        first_index: front.len(),
        heading_seq,
        toc_seq,
        title: toc::title(&book.meta.lang),
    };
    let contents = toc::contents(
        &outline,
        &converged.folios,
        style,
        &mut setter,
        &mut tree,
        &placement,
    );
    let mut front = front;
    front.extend(contents);
    end_on_a_left_hand_page(&mut front);
    // The flows cut into pages, with running heads and folios.
    let furniture_style = furniture_style(style);
    let mut set = |text: &str| setter.set_line(text, &furniture_style);
    let mut furniture = Furniture {
        book_title: &book.meta.title,
        set: &mut set,
    };
    let mut paginated = paginate(front, flows, style, &mut furniture);
    // The back cover, on a left-hand page (after a blank one if need be), last.
    if book.meta.back_cover.is_some() {
        add_back_cover(&mut paginated.pages, book, style, &mut setter, &mut tree);
    }
    // The contents' own anchor, for its bookmark.
    add_contents_bookmark(
        &mut paginated.anchors,
        &mut outline,
        placement.first_index,
        style,
        &book.meta.lang,
    );
    let model = PageModel {
        width: style.page_width,
        height: style.page_height,
        pages: paginated.pages,
        fonts: font_files(),
        images: images.data,
        structure: tree.nodes,
        anchors: paginated.anchors,
        outline,
        page_map: paginated.page_map,
    };
    (model, stats)
}

/// A blank page after the front matter when it ends on a right-hand page, so that the first
/// chapter opens on a right-hand one.
fn end_on_a_left_hand_page(front: &mut Vec<Page>) {
    if front.len() % 2 == 1 {
        front.push(Page {
            number: front.len() as u32 + 1,
            numbering: page::Numbering::Roman,
            kind: page::PageKind::Blank,
            ..Page::default()
        });
    }
}

/// The running heads' and folios' style: the small size of the sans face, muted.
fn furniture_style(style: &Style) -> inline::InlineStyle {
    inline::InlineStyle {
        family: Family::Sans,
        bold: false,
        italic: false,
        size: style.body.small.size,
        color: style.muted,
        rise: 0.0,
        hyphenate: false,
        lang: None,
        strike: false,
    }
}

/// The back cover after the last page: on a left-hand page, after a blank one if the last
/// page is a left-hand one.
fn add_back_cover(
    pages: &mut Vec<Page>,
    book: &Book,
    style: &Style,
    setter: &mut Setter,
    tree: &mut StructureTree,
) {
    let next = |pages: &Vec<Page>| pages.last().map_or(1, |p| p.number + 1);
    if pages.len().is_multiple_of(2) {
        let number = next(pages);
        pages.push(Page {
            number,
            numbering: page::Numbering::Arabic,
            kind: page::PageKind::Blank,
            ..Page::default()
        });
    }
    let (index, number) = (pages.len(), next(pages));
    pages.extend(back_cover::back_cover(
        &book.meta, style, setter, tree, index, number,
    ));
}

/// The contents page's anchor (`sommaire`, or the first free `sommaire-N`) and its bookmark,
/// first in the outline, titled in the guide's language.
fn add_contents_bookmark(
    anchors: &mut std::collections::BTreeMap<String, Anchor>,
    outline: &mut Vec<OutlineEntry>,
    first_page: usize,
    style: &Style,
    lang: &str,
) {
    let contents_anchor = unused_name(anchors, "sommaire");
    anchors.insert(
        contents_anchor.clone(),
        Anchor {
            page: first_page,
            y: style.margin_top,
        },
    );
    outline.insert(
        0,
        OutlineEntry {
            title: toc::title(lang).into(),
            anchor: contents_anchor,
            children: Vec::new(),
        },
    );
}

/// The faces the PDF embeds, from the fonts compiled in.
fn font_files() -> Vec<FontFile> {
    crate::fonts::FACES
        .iter()
        .map(|f| FontFile {
            data: f.data,
            name: f.family_name.to_string(),
        })
        .collect()
}

/// `base`, or `base-2`, `base-3`… : the first name no anchor of the book has.
fn unused_name(anchors: &std::collections::BTreeMap<String, Anchor>, base: &str) -> String {
    let mut name = base.to_string();
    let mut n = 1;
    while anchors.contains_key(&name) {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}
