//! livret: the pages of a Jekyll site into a print-quality PDF guide and an accessible EPUB.
//!
//! The stages, in the order data flows through them:
//! `load → tree → resolve → typo → layout → pdf`, and `tree → epub`.

pub mod diag;
pub mod doc;
pub mod epub;
pub mod load;
pub mod output;
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
    Prepared {
        book,
        links,
        pages: site.pages.len(),
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
    // Renderers (layout → pdf, epub) come here; each writes atomically into `build.out`.
    let _ = &build.out;
    Some(prepared)
}
