//! Stage 2, `tree`: each page's body (markdown with raw HTML) into the one document tree.
//!
//! Entry point: [`build`]. Markdown is parsed here once, with comrak; raw HTML blocks and inline
//! HTML with a real HTML parser, into the same nodes. Links and images are left unresolved.
//!
//! Per page: [`extensions`] applies kramdown's `{::comment}`, `{::nomarkdown}`, `{::options}`,
//! [`kramdown::split`] sets kramdown's HTML blocks aside (CommonMark would cut them at
//! blank lines), [`blockrules`] edits the text where kramdown's block rules differ from
//! CommonMark's, [`markdown`] walks comrak's tree, [`html`] turns every HTML block and every
//! paragraph with inline HTML into nodes ([`structures`] for lists, tables, figures), [`dsfr`]
//! maps the French design system's components, [`whitespace`] collapses spaces as a browser
//! would. Then [`chapter`] settles the title. Spans follow kramdown, not CommonMark:
//! [`delimiters`] hides emphasis delimiters from comrak and [`emphasis`] resolves them by
//! kramdown's rules, [`typographic`] sets its symbols and smart quotes, [`abbrev`] marks the
//! page's abbreviations. [`commonmark`] holds what every reading of markdown shares: comrak's
//! options and the nodes whose children are inline content.

mod abbrev;
mod blockrules;
mod chapter;
mod commonmark;
mod delimiters;
mod dsfr;
mod emphasis;
mod extensions;
mod html;
pub mod kramdown;
mod markdown;
mod structures;
mod typographic;
mod whitespace;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::book::{Block, Book, BookMeta, HeadingOrigin, Image, Inline, Pos};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::limits::{self, Limits};
use crate::load::{BlockAttrs, Config, Page, Site};

pub use chapter::slug;

/// Builds the book from the loaded site, chapters in the site's reading order.
pub fn build(site: &Site, diags: &mut Diagnostics) -> Book {
    Book {
        images: Default::default(),
        meta: meta(&site.config),
        // Pages are converted in parallel, each with its own diagnostics, gathered in page
        // order: the same messages in the same order as one after the other.
        chapters: site
            .pages
            .par_iter()
            .map(|page| {
                let display = site.config.display_path(&page.source);
                let mut local = Diagnostics::new();
                let chapter = chapter::build(page, &display, &site.config.limits, &mut local);
                (chapter, local)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|(chapter, local)| {
                diags.extend(local);
                chapter
            })
            .collect(),
    }
}

/// A heading block; when it has nothing to show (`## <span></span>`: no text, no image), only
/// its id, as an anchor. A browser shows nothing there, and an empty heading would make an
/// empty outline entry and an empty `<h2>` (issue 17).
pub(crate) fn heading(
    level: u8,
    id: Option<String>,
    origin: HeadingOrigin,
    content: Vec<Inline>,
    pos: Pos,
) -> Option<Block> {
    fn shows(content: &[Inline]) -> bool {
        content.iter().any(|i| match i {
            Inline::Text(t) | Inline::Code(t) => !t.trim().is_empty(),
            Inline::Image(_) | Inline::FootnoteRef { .. } => true,
            other => shows(other.children().unwrap_or_default()),
        })
    }
    if shows(&content) {
        return Some(Block::Heading {
            level,
            id,
            origin,
            content,
            pos,
        });
    }
    id.map(|id| Block::Anchor { id, pos })
}

/// The book's metadata, straight from the configuration.
fn meta(config: &Config) -> BookMeta {
    BookMeta {
        title: config.title.clone(),
        subtitle: config.subtitle.clone(),
        author: config.author.clone(),
        publisher: config.publisher.clone(),
        lang: if config.lang.is_empty() {
            "fr".to_string()
        } else {
            config.lang.clone()
        },
        url: config.url.trim_end_matches('/').to_string(),
        baseurl: config.baseurl.clone(),
        date: config.date,
        edition: config.edition.clone(),
        cover: config.cover.as_ref().map(|src| Image {
            src: src.clone(),
            // No alternative text unless the configuration gives one: a cover drawing is
            // decoration beside the title set as text (the EPUB labels it "Couverture : title").
            alt: config.cover_alt.clone(),
            ..Image::default()
        }),
        back_cover: config.back_cover.clone(),
    }
}

/// What the conversion of one page shares: its page, diagnostics, footnote numbering and the
/// little state the design-system mapping needs.
pub(crate) struct PageCtx<'p> {
    pub page: &'p Page,
    /// How diagnostics name the page's file.
    pub display: PathBuf,
    pub chapter_id: String,
    pub diags: &'p mut Diagnostics,
    /// The HTML blocks set aside by [`kramdown::split`].
    pub regions: Vec<kramdown::Region>,
    /// Footnote name → number, in order of first call.
    footnotes: BTreeMap<String, u32>,
    /// The level of the last heading met (0 before any): accordions sit one level below.
    pub heading_level: u8,
    /// Counts blocks pushed, so that tiles side by side join one list.
    pub pushes: u64,
    /// The value of `pushes` just after the last tile was pushed.
    pub tile_tail: Option<u64>,
    /// Whether the depth-cap warning was given already.
    depth_warned: bool,
    /// The configuration's limits (nesting, table columns).
    pub limits: Limits,
}

impl<'p> PageCtx<'p> {
    fn new(
        page: &'p Page,
        display: PathBuf,
        chapter_id: String,
        limits: Limits,
        diags: &'p mut Diagnostics,
    ) -> Self {
        Self {
            page,
            display,
            chapter_id,
            diags,
            regions: Vec::new(),
            footnotes: BTreeMap::new(),
            heading_level: 0,
            pushes: 0,
            tile_tail: None,
            depth_warned: false,
            limits,
        }
    }

    /// Whether `table` is within [`Limits::max_table_columns`]; an error when it is not (the
    /// table is then left out: no page could show it, and the build fails anyway).
    pub fn table_fits(&mut self, table: &crate::book::Table) -> bool {
        let row_width = |row: &Vec<crate::book::Cell>| -> usize {
            row.iter().map(|c| c.colspan.max(1) as usize).sum()
        };
        let columns = table
            .head
            .iter()
            .chain(&table.body)
            .map(row_width)
            .chain([table.align.len()])
            .max()
            .unwrap_or(0);
        let max = self.limits.max_table_columns;
        if columns <= max {
            return true;
        }
        self.diags.push(
            Diagnostic::error(
                Code::LimitExceeded,
                &self.display,
                table.pos.line,
                table.pos.col,
                format!("table has {columns} columns, over the limit `max_table_columns` ({max})"),
            )
            .with_hint(format!(
                "split it, or turn it into a list; {}",
                limits::raise_hint(limits::Limit::TableColumns)
            )),
        );
        false
    }

    /// The file position of a 1-based body line and column.
    pub fn body_pos(&self, line: usize, col: usize) -> Pos {
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        let col = u32::try_from(col).unwrap_or(u32::MAX);
        Pos::new(
            line.saturating_add(self.page.body_line.max(1))
                .saturating_sub(1),
            col,
        )
    }

    /// The number of footnote `name`, given at its first call.
    pub fn footnote_number(&mut self, name: &str) -> u32 {
        let next = self.footnotes.len() as u32 + 1;
        *self.footnotes.entry(name.to_string()).or_insert(next)
    }

    /// The number of footnote `name` if it was called.
    pub fn called_footnote(&self, name: &str) -> Option<u32> {
        self.footnotes.get(name).copied()
    }

    /// The kramdown attribute list of the block spanning file lines `first..=last`, if any.
    pub fn block_attrs(&self, first: u32, last: u32) -> Option<&'p BlockAttrs> {
        self.page
            .block_attrs
            .iter()
            .find(|a| a.line >= first && a.line <= last.max(first))
    }

    /// Reports (once per page) that nesting went past [`Limits::max_nesting`]: deeper content
    /// is kept as plain text, so that no later stage walks a deeper tree.
    pub fn too_deep(&mut self, pos: Pos) {
        if !self.depth_warned {
            self.depth_warned = true;
            self.diags.push(
                Diagnostic::warning(Code::LimitExceeded,
                    &self.display,
                    pos.line,
                    pos.col,
                    format!(
                        "content nested deeper than {max} levels, over the limit `max_nesting` ({max})",
                        max = self.limits.max_nesting
                    ),
                )
                .with_hint(format!(
                    "the deeper content is kept as plain text; {}",
                    limits::raise_hint(limits::Limit::Nesting)
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests;
