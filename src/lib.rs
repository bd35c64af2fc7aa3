//! livret: the pages of a Jekyll site into a print-quality PDF guide and an accessible EPUB.
//!
//! The stages, in the order data flows through them:
//! `load → tree → resolve → typo → layout → pdf`, and `tree → epub`.

pub mod diag;
pub mod doc;
pub mod fonts;
pub mod layout;
pub mod load;
pub mod output;
pub mod pdf;
pub mod resolve;
pub mod tree;
pub mod typo;

use std::path::PathBuf;
use std::time::Instant;

use diag::Diagnostics;
use doc::Book;
use load::LoadOptions;
use resolve::LinkStats;

/// What a run reads and how loud it is.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub load: LoadOptions,
    /// Print a one-line summary per stage on stderr.
    pub verbose: bool,
}

/// The guide read, resolved and retypeset: what both renderers take.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub book: Book,
    pub links: LinkStats,
    pub pages: usize,
    /// The PDF style file the configuration names (resolved against the configuration's
    /// folder), if any; the compiled-in default otherwise.
    pub style: Option<PathBuf>,
}

/// Runs the stages every subcommand shares, collecting diagnostics: the resolved tree.
pub fn prepare(opts: &Options, diags: &mut Diagnostics) -> Prepared {
    let started = Instant::now();
    // load: configuration, front matter, Liquid and kramdown attribute lists.
    let site = load::load(&opts.load, diags);
    // tree: markdown and raw HTML into one typed document tree.
    let mut book = tree::build(&site, diags);
    // resolve: unique anchors, then every link internal, external or broken.
    let links = resolve::resolve(&mut book, &site, diags);
    if opts.verbose {
        eprintln!(
            "loaded {} pages · {} links: {} internal, {} external, {} broken ({} ms)",
            site.pages.len(),
            links.internal + links.external + links.broken,
            links.internal,
            links.external,
            links.broken,
            started.elapsed().as_millis()
        );
    }
    // typo: French orthotypography on the tree's text.
    if site.config.typography {
        typo::apply(&mut book);
    }
    let style = site.config.style.as_ref().map(|s| match &site.config.file {
        Some(file) => file.parent().unwrap_or(std::path::Path::new(".")).join(s),
        None => s.clone(),
    });
    Prepared {
        book,
        links,
        pages: site.pages.len(),
        style,
    }
}

/// Where `build` writes.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out: PathBuf,
}

/// The whole job: the resolved tree, then the renderers. Writes nothing when there is an error,
/// so the last good output stays.
pub fn build(opts: &Options, build: &BuildOptions, diags: &mut Diagnostics) -> Option<Prepared> {
    let prepared = prepare(opts, diags);
    if diags.has_errors() {
        return None;
    }
    // layout: the style, then fonts, lines and pages.
    let started = Instant::now();
    let style = match &prepared.style {
        Some(path) => layout::style::Style::load(path, diags)?,
        None => layout::style::Style::default(),
    };
    let model = layout::layout(&prepared.book, &style, diags);
    // pdf: tagged, validated PDF/UA-1 + PDF/A-2a, written atomically.
    let path = build.out.join("guide.pdf");
    let bytes = match pdf::write(&model, &prepared.book.meta, &pdf::PdfOptions::default()) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.push(diag::Diagnostic::error(&path, 0, 0, e.to_string()));
            return None;
        }
    };
    if let Err(e) = output::write_atomic(&path, &bytes) {
        diags.push(diag::Diagnostic::error(
            &path,
            0,
            0,
            format!("cannot write: {e}"),
        ));
        return None;
    }
    if opts.verbose {
        eprintln!(
            "wrote {}: {} pages, {} KB in {} ms",
            path.display(),
            model.pages.len(),
            bytes.len().div_ceil(1024),
            started.elapsed().as_millis()
        );
    }
    // epub comes here.
    Some(prepared)
}
