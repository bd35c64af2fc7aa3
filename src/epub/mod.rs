//! The EPUB 3 renderer: the resolved document tree into a valid, accessible, reproducible EPUB.
//!
//! One module per concern, called in order by [`write()`]: `xhtml` (a document per chapter),
//! `cover` (the title page), `nav` (nav.xhtml and toc.ncx), `style` (CSS and fonts), `images`
//! (files read, scaled, named), `package` (the OPF), `container` (the zip). Document-wide
//! state — file names, XML ids, images, page markers, dates — is computed once, up front, in
//! [`Publication`].
//!
//! Same input, same bytes: entries are written in a fixed order with a fixed timestamp (the
//! edition date), the identifier is a hash of the configuration, and nothing reads the clock.

mod container;
mod cover;
mod ids;
mod images;
mod markup;
mod nav;
mod package;
mod precompressed;
mod style;
mod xhtml;

use std::borrow::Cow;
use std::fmt;

use crate::book::Book;

use package::Timestamp;

/// How the EPUB is written, besides the book itself.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// Where the printed (PDF) edition's pages begin, for the page list; empty for none.
    pub page_breaks: Vec<PageBreak>,
    /// The edition the page breaks come from (`dc:source` refined as `source-of pagination`);
    /// when `None`, the book's
    /// title and edition label, as a PDF.
    pub page_break_source: Option<String>,
    /// Fonts to embed, with their `@font-face` rules. Empty: generic families only.
    pub fonts: Vec<FontFace>,
}

/// Where a page of the printed edition begins, as the page list and the page markers need it.
///
/// The position is coarse on purpose: a chapter and one of its *top-level* blocks. The marker
/// is written just before the block in which the page's first line falls, so "go to page 12"
/// lands at the start of that block (at most one block early when a page begins mid-block).
/// Several pages starting in one block (a long table) give consecutive markers there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageBreak {
    /// The page's label as printed (`12`, `xii`).
    pub label: String,
    /// Index of the chapter in `Book::chapters`.
    pub chapter: usize,
    /// Index in the chapter's `blocks` of the block the page begins in; `None` when the page
    /// begins with the chapter itself (marker before its title). An index past the last block
    /// puts the marker at the chapter's end.
    pub block: Option<usize>,
}

/// One font file to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFace {
    /// File name inside the EPUB's `fonts/` folder (`CharisSIL-Regular.ttf`).
    pub file_name: String,
    /// The font file: usually the registry's compiled-in bytes, borrowed, not copied.
    pub bytes: Cow<'static, [u8]>,
    /// CSS family name, as `epub.css` uses it (`Charis SIL`, `Noto Sans`, `Noto Sans Mono`).
    pub family: String,
    pub italic: bool,
    /// CSS weight (400 regular, 700 bold).
    pub weight: u16,
}

/// Why no EPUB could be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EpubError {
    /// A page break names a chapter the book does not have.
    PageBreak { label: String, chapter: usize },
    /// An image file could not be read or decoded.
    Image { path: String, message: String },
    /// A font's file name is not usable inside the package.
    Font(String),
    /// Writing XML or the zip failed.
    Write(String),
}

impl fmt::Display for EpubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EpubError::PageBreak { label, chapter } => {
                write!(
                    f,
                    "page `{label}` starts in chapter {chapter}, which the book does not have"
                )
            }
            EpubError::Image { path, message } => write!(f, "image `{path}`: {message}"),
            EpubError::Font(name) => write!(f, "font file name `{name}` is not a plain file name"),
            EpubError::Write(message) => write!(f, "cannot write the epub: {message}"),
        }
    }
}

impl std::error::Error for EpubError {}

/// One file of the package (inside `EPUB/`), as the manifest and the zip see it.
#[derive(Debug, Clone)]
struct Resource {
    /// Path relative to the package document (`investigation.xhtml`, `images/x.png`).
    href: String,
    /// Manifest id.
    id: String,
    media_type: &'static str,
    /// Manifest `properties` (`nav`, `cover-image`), space-separated; empty for none.
    properties: &'static str,
    bytes: Cow<'static, [u8]>,
}

/// Words the renderer writes itself, in the book's language.
#[derive(Debug, Clone, Copy)]
struct Labels {
    contents: &'static str,
    landmarks: &'static str,
    pages: &'static str,
    cover: &'static str,
    start: &'static str,
    notes: &'static str,
    back_to_call: &'static str,
    summary: &'static str,
}

impl Labels {
    fn for_lang(lang: &str) -> Self {
        if crate::book::lang::Lang::is_french(lang) {
            Labels {
                contents: "Table des matières",
                landmarks: "Repères",
                pages: "Pages",
                cover: "Couverture",
                start: "Début du texte",
                notes: "Notes",
                back_to_call: "Retour à l’appel de note",
                summary: "Publication structurée (titres, table des matières navigable, ordre de \
                          lecture logique), au texte redimensionnable et dont les images portent \
                          une alternative textuelle ; conforme aux exigences d’accessibilité EPUB \
                          1.1 (WCAG 2.1 niveau AA).",
            }
        } else {
            Labels {
                contents: "Contents",
                landmarks: "Landmarks",
                pages: "Pages",
                cover: "Cover",
                start: "Start of content",
                notes: "Notes",
                back_to_call: "Back to note call",
                summary: "Structured publication (headings, navigable table of contents, logical \
                          reading order) with resizable text and text alternatives for images; \
                          meets EPUB Accessibility 1.1 (WCAG 2.1 level AA).",
            }
        }
    }
}

/// Document-wide state every module reads: computed once, before any file is written.
struct Publication<'a> {
    book: &'a Book,
    opts: &'a EpubOptions,
    labels: Labels,
    /// The book's language, `fr` when the configuration left it empty.
    lang: String,
    /// File name of each chapter's XHTML document, by chapter index.
    chapter_files: Vec<String>,
    ids: ids::Ids,
    images: images::Images,
    identifier: String,
    modified: Timestamp,
}

/// Media type of the content documents (every one of them is in the spine).
const XHTML: &str = "application/xhtml+xml";

/// File names the package reserves for itself.
const COVER_FILE: &str = "cover.xhtml";
const NAV_FILE: &str = "nav.xhtml";
const NCX_FILE: &str = "toc.ncx";
const CSS_FILE: &str = "styles/epub.css";

/// Writes `book` as an EPUB 3 file, returned as bytes.
pub fn write(book: &Book, opts: &EpubOptions) -> Result<Vec<u8>, EpubError> {
    // Document-wide state: names, ids, page markers, images, identifier, dates.
    let publication = Publication::new(book, opts)?;
    let mut resources = Vec::new();
    // The title page, first in reading order.
    resources.push(cover::document(&publication)?);
    // The navigation document (also the printed table of contents), then the EPUB 2 NCX.
    resources.push(nav::document(&publication)?);
    resources.push(nav::ncx(&publication)?);
    // One XHTML document per chapter.
    for (index, chapter) in book.chapters.iter().enumerate() {
        crate::internal::processing(&chapter.source);
        crate::internal::test_panic("epub");
        resources.push(xhtml::chapter(&publication, index)?);
    }
    // Style sheet, fonts, images.
    resources.extend(style::resources(&publication)?);
    resources.extend(publication.images.resources());
    // The package document: metadata, manifest, spine.
    let opf = package::document(&publication, &resources)?;
    // The zip: mimetype first and stored, container.xml, the OPF, the rest in manifest order.
    container::zip(&opf, &resources, publication.modified)
}

impl<'a> Publication<'a> {
    fn new(book: &'a Book, opts: &'a EpubOptions) -> Result<Self, EpubError> {
        let lang = if book.meta.lang.trim().is_empty() {
            "fr".to_string()
        } else {
            book.meta.lang.trim().to_string()
        };
        let chapter_files = chapter_files(book);
        for page in &opts.page_breaks {
            if page.chapter >= book.chapters.len() {
                return Err(EpubError::PageBreak {
                    label: page.label.clone(),
                    chapter: page.chapter,
                });
            }
        }
        Ok(Self {
            book,
            opts,
            labels: Labels::for_lang(&lang),
            lang,
            ids: ids::Ids::new(book, &opts.page_breaks),
            images: images::Images::collect(book)?,
            identifier: package::identifier(&book.meta),
            modified: Timestamp::of_edition(book.meta.shown_date()),
            chapter_files,
        })
    }

    /// The href of an internal link target, relative to any content document.
    fn internal_href(&self, chapter: usize, anchor: &str) -> Option<String> {
        let file = self.chapter_files.get(chapter)?;
        let own = self.book.chapters.get(chapter).map(|c| c.id.as_str());
        if own == Some(anchor) || anchor.is_empty() {
            return Some(file.clone());
        }
        match self.ids.anchor(chapter, anchor) {
            Some(id) => Some(format!("{file}#{id}")),
            // An anchor the tree does not hold (a resolve bug): the chapter is the best guess.
            None => Some(file.clone()),
        }
    }

    /// Whether the package has a page list.
    fn has_page_list(&self) -> bool {
        !self.opts.page_breaks.is_empty()
    }
}

/// A file name per chapter, from its id: `investigation.xhtml`; unique, never a reserved name.
fn chapter_files(book: &Book) -> Vec<String> {
    let mut taken: Vec<String> = [COVER_FILE, NAV_FILE]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut files = Vec::with_capacity(book.chapters.len());
    for (index, chapter) in book.chapters.iter().enumerate() {
        let mut stem = file_stem(&chapter.id);
        if stem.is_empty() {
            stem = format!("chapter-{}", index + 1);
        }
        let mut name = format!("{stem}.xhtml");
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{stem}-{n}.xhtml");
            n += 1;
        }
        taken.push(name.clone());
        files.push(name);
    }
    files
}

/// A name safe in a zip and a URL: ASCII letters, digits, `-` and `_`, lowercase.
fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let folded = ids::fold_latin(c).unwrap_or("");
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !folded.is_empty() {
            out.push_str(&folded.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Chapter;

    #[test]
    fn chapter_files_are_unique_and_never_reserved() {
        let book = Book {
            images: Default::default(),
            chapters: ["investigation", "Cover", "investigation", "", "nav"]
                .iter()
                .map(|id| Chapter {
                    id: id.to_string(),
                    ..Chapter::default()
                })
                .collect(),
            ..Book::default()
        };
        assert_eq!(
            chapter_files(&book),
            [
                "investigation.xhtml",
                "cover-2.xhtml",
                "investigation-2.xhtml",
                "chapter-4.xhtml",
                "nav-2.xhtml"
            ]
        );
        assert_eq!(file_stem("Équipe & co/ü"), "equipe-co-u");
        assert_eq!(file_stem("?"), "");
    }
}
