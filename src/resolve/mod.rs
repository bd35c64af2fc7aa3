//! Stage 3, `resolve`: book-wide unique anchors, then every link and image classified.
//!
//! Entry point: [`resolve`]. Two passes: first every chapter and anchor is known (kramdown's
//! automatic heading ids, explicit ids, HTML ids, made unique across the book), then every link
//! is matched against them: internal, external, or broken with a located error and a hint.
//!
//! - [`ids`]: kramdown-parser-gfm's heading ids, quirks included;
//! - [`anchors`]: the book-wide anchor scheme;
//! - [`links`]: the link rules; [`images`]: the image rules;
//! - [`site_index`], [`urls`], [`suggest`], [`walk`]: what they need.

pub mod anchors;
pub mod ids;
mod image_files;
pub mod images;
pub mod links;
pub mod site_index;
pub mod suggest;
pub mod urls;
mod walk;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::book::{Book, Image, LinkTarget, Pos};
use crate::diag::Diagnostics;
use crate::load::Site;
use images::PageImages;
use links::PageLinks;
use site_index::{slash_path, SiteIndex};

/// Counts of what `resolve` found, for the stage summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkStats {
    pub internal: usize,
    pub external: usize,
    pub broken: usize,
}

/// Gives every heading an anchor and every link and image its target.
pub fn resolve(book: &mut Book, site: &Site, diags: &mut Diagnostics) -> LinkStats {
    // Pass 1: every anchor of the book, and every URL a link may name.
    let anchors = anchors::assign(book);
    let index = SiteIndex::new(book, site);
    let chapter_ids: Vec<String> = book.chapters.iter().map(|c| c.id.clone()).collect();
    let checked = RefCell::new(image_files::Checked::new());

    // Pass 2: every link and image, chapter by chapter.
    let mut stats = LinkStats::default();
    for (i, chapter) in book.chapters.iter_mut().enumerate() {
        let source = chapter.source.clone();
        let display = site.config.display_path(&source);
        crate::internal::processing(&display);
        crate::internal::test_panic("resolve");
        let file_dir = format!("/{}", slash_path(source.parent().unwrap_or(Path::new(""))));
        let mut visitor = ChapterVisitor {
            links: PageLinks {
                index: &index,
                anchors: &anchors,
                chapter: i,
                chapter_ids: &chapter_ids,
                source: &source,
                display: &display,
            },
            images: PageImages {
                index: &index,
                file: &display,
                file_dir,
                url_dir: urls::url_dir(&index.guide_urls[i]).to_string(),
                checked: &checked,
            },
            stats: &mut stats,
            diags,
        };
        walk::chapter(chapter, &mut visitor);
    }

    // The cover, named by the configuration relative to the site folder.
    if let Some(cover) = &mut book.meta.cover {
        let file = site
            .config
            .file
            .clone()
            .unwrap_or_else(|| PathBuf::from("livret.yaml"));
        let images = PageImages {
            index: &index,
            file: &file,
            file_dir: "/".to_string(),
            url_dir: "/".to_string(),
            checked: &checked,
        };
        images.resolve(cover, diags);
    }
    // Every image file read, handed on: no later stage reads one again.
    book.images = checked
        .into_inner()
        .into_iter()
        .filter_map(|(path, read)| Some((path, read.ok()?)))
        .collect();
    stats
}

/// Hands each link and image of a chapter to its rules and counts the outcome.
struct ChapterVisitor<'a> {
    links: PageLinks<'a>,
    images: PageImages<'a>,
    stats: &'a mut LinkStats,
    diags: &'a mut Diagnostics,
}

impl walk::Visitor for ChapterVisitor<'_> {
    fn link(&mut self, href: &str, pos: Pos, target: &mut LinkTarget) {
        *target = self.links.classify(href, pos, self.diags);
        match target {
            LinkTarget::Internal { .. } => self.stats.internal += 1,
            LinkTarget::External(_) => self.stats.external += 1,
            LinkTarget::Broken | LinkTarget::Unresolved => self.stats.broken += 1,
        }
    }

    fn image(&mut self, image: &mut Image) {
        self.images.resolve(image, self.diags);
    }
}
