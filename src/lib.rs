//! livret: the pages of a Jekyll site into a print-quality PDF guide and an accessible EPUB.
//!
//! The stages, in the order data flows through them:
//! `load → tree → resolve → typography → layout → pdf`, and `tree → epub`.

pub mod book;
pub mod diag;
pub mod epub;
pub mod fonts;
pub mod image_file;
pub mod init;
pub mod internal;
pub mod layout;
pub mod limits;
pub mod load;
pub mod output;
pub mod pdf;
pub mod resolve;
pub mod tree;
pub mod typography;
pub mod watch;

use std::path::PathBuf;
use std::time::Instant;

use book::Book;
use diag::{plural, Diagnostics};
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
    /// The PDF profile the configuration asks for (`profile:`), if any.
    pub profile: Option<layout::Profile>,
    /// The booklet the configuration asks for (`booklet:`), if any.
    pub booklet: Option<load::booklet::Booklet>,
    /// The outputs' file name without extension (`output:`, else `guide`).
    pub output: String,
    /// The site folder the pages were read from (absolute).
    pub site_dir: PathBuf,
}

impl Prepared {
    /// Where `build` writes the PDF in `out`: `<output>.pdf`.
    pub fn pdf_path(&self, out: &std::path::Path) -> PathBuf {
        out.join(format!("{}.pdf", self.output))
    }

    /// Where `build` writes the EPUB in `out`: `<output>.epub`.
    pub fn epub_path(&self, out: &std::path::Path) -> PathBuf {
        out.join(format!("{}.epub", self.output))
    }
}

/// Runs the stages every subcommand shares, collecting diagnostics: the resolved tree (of the
/// first guide, when the configuration has several).
pub fn prepare(opts: &Options, diags: &mut Diagnostics) -> Prepared {
    let started = Instant::now();
    // load: configuration, front matter, Liquid and kramdown attribute lists.
    let site = load::load(&opts.load, diags);
    // allow: the warnings the configuration accepts, counted but not printed.
    diags.set_allow(allow_of(&site.config));
    prepare_site(site, started, opts, diags)
}

/// As [`prepare`], every guide of the configuration (one unless it has `guides:`): the site
/// folder read once, then each guide's stages in parallel; diagnostics in guide order, a
/// problem of the shared configuration or site said once.
pub fn prepare_guides(opts: &Options, diags: &mut Diagnostics) -> Vec<Prepared> {
    use rayon::prelude::*;
    let started = Instant::now();
    let sites = load::load_guides(&opts.load, diags);
    if let Some(first) = sites.first() {
        diags.set_allow(allow_of(&first.config));
    }
    let done: Vec<(Prepared, Diagnostics)> = sites
        .into_par_iter()
        .map(|site| {
            let mut local = Diagnostics::new();
            let prepared = prepare_site(site, started, opts, &mut local);
            (prepared, local)
        })
        .collect();
    let several = done.len() > 1;
    let mut guides = Vec::with_capacity(done.len());
    for (prepared, local) in done {
        merge(diags, local, several);
        guides.push(prepared);
    }
    guides
}

/// Adds one guide's diagnostics to the run's: those of several guides without repeating what
/// they all say about the site they share.
fn merge(diags: &mut Diagnostics, guide: Diagnostics, several: bool) {
    if several {
        diags.extend_new(guide);
    } else {
        diags.extend(guide);
    }
}

/// The stages after `load` for one guide's site.
fn prepare_site(
    site: load::Site,
    started: Instant,
    opts: &Options,
    diags: &mut Diagnostics,
) -> Prepared {
    // tree: markdown and raw HTML into one typed document tree.
    let mut book = tree::build(&site, diags);
    // resolve: unique anchors, then every link internal, external or broken.
    let links = resolve::resolve(&mut book, &site, diags);
    if opts.verbose {
        eprintln!(
            "loaded {} · {}: {} internal, {} external, {} broken ({} ms)",
            plural(site.pages.len(), "page"),
            plural(links.internal + links.external + links.broken, "link"),
            links.internal,
            links.external,
            links.broken,
            started.elapsed().as_millis()
        );
    }
    // typography: French orthotypography on the tree's text.
    if site.config.typography {
        typography::apply(&mut book);
    }
    let style = site.config.style_path();
    let profile = site.config.profile;
    let output = (site.config.output.clone()).unwrap_or_else(|| load::DEFAULT_OUTPUT.to_string());
    Prepared {
        book,
        links,
        pages: site.pages.len(),
        style,
        profile,
        booklet: site.config.booklet,
        output,
        site_dir: site.config.site.clone(),
    }
}

/// The configuration's `allow:`, its pages named as diagnostics name them.
fn allow_of(config: &load::Config) -> diag::Allow {
    let mut allow = diag::Allow::default();
    for entry in &config.allow {
        let files = entry.pages.as_ref().map(|pages| {
            pages
                .iter()
                .map(|p| config.display_path(std::path::Path::new(p)))
                .collect()
        });
        allow.add(entry.code, files);
    }
    allow
}

/// Where `build` writes, and for what.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out: PathBuf,
    /// `--profile`: overrides the configuration's; `print` when neither says.
    pub profile: Option<layout::Profile>,
    /// `--keep-going`: render and write despite errors in the input, as long as they leave
    /// something to render (a broken link is set as plain text, a missing image as a labelled
    /// placeholder). The errors are still reported, and still fail the run.
    pub keep_going: bool,
    /// `--booklet`: also impose the guide as a folded A5 booklet, as `booklet: true` does.
    pub booklet: bool,
    /// `--print-shop`: also write the print-shop file, with 3 mm of bleed and crop marks
    /// unless `booklet:` says otherwise (it implies `--booklet`).
    pub print_shop: bool,
}

impl BuildOptions {
    /// The booklet to impose, if the command line or the configuration asks for one.
    fn booklet(&self, prepared: &Prepared) -> Option<load::booklet::Booklet> {
        let asked = self.booklet || self.print_shop;
        let mut booklet = prepared
            .booklet
            .or(asked.then(load::booklet::Booklet::default))?;
        if self.print_shop && !booklet.print_shop() {
            booklet.bleed = Some(load::booklet::PRINT_SHOP_BLEED);
            booklet.marks = true;
        }
        Some(booklet)
    }
}

/// The error of an output that could not be made, at its file.
fn output_failed(path: &std::path::Path, e: impl std::fmt::Display) -> diag::Diagnostic {
    diag::Diagnostic::error(diag::Code::WriteFailed, path, 0, 0, e.to_string())
}

/// The booklet's file name beside the guide's PDF: `guide.pdf` → `guide-livret.pdf`.
pub fn booklet_path(pdf_path: &std::path::Path) -> PathBuf {
    sibling(pdf_path, "livret")
}

/// The print-shop file's name beside the guide's PDF: `guide.pdf` → `guide-imprimeur.pdf`.
pub fn print_shop_path(pdf_path: &std::path::Path) -> PathBuf {
    sibling(pdf_path, "imprimeur")
}

/// `guide.pdf` → `guide-<what>.pdf`.
fn sibling(pdf_path: &std::path::Path, what: &str) -> PathBuf {
    let stem = pdf_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "guide".into());
    pdf_path.with_file_name(format!("{stem}-{what}.pdf"))
}

/// The guide rendered in memory: what `build` writes.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub prepared: Prepared,
    pub pdf: Vec<u8>,
    pub epub: Vec<u8>,
    /// Pages of the PDF.
    pub pdf_pages: usize,
    /// Milliseconds each renderer took.
    pub pdf_ms: u128,
    pub epub_ms: u128,
    /// The imposed booklet, when one was asked for, and the milliseconds it took.
    pub booklet: Option<(pdf::impose::Booklet, u128)>,
    /// The print-shop file (`booklet: { bleed, marks }`), and the milliseconds it took.
    pub print_shop: Option<(Vec<u8>, u128)>,
}

/// The resolved tree, then both renderers, all in memory: `None` when there is an error
/// (unless `build.keep_going`, when only an error that leaves nothing to render stops it).
/// `build.out` only names the files in diagnostics; nothing is written.
pub fn render(opts: &Options, build: &BuildOptions, diags: &mut Diagnostics) -> Option<Rendered> {
    let prepared = prepare(opts, diags);
    render_prepared(prepared, opts, build, diags)
}

/// Both renderers on a guide already prepared (see [`render`]).
pub fn render_prepared(
    prepared: Prepared,
    opts: &Options,
    build: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<Rendered> {
    let renderable = build.keep_going && !prepared.book.chapters.is_empty();
    if diags.has_errors() && !renderable {
        return None;
    }
    let started = Instant::now();
    // layout: the style, then fonts, lines and pages. A booklet's pages are A5: without a
    // style of its own, the guide takes the A5 style.
    let booklet = build.booklet(&prepared);
    let style = match &prepared.style {
        Some(path) => layout::style::Style::load(path, diags)?,
        None if booklet.is_some() => layout::style::Style::a5(),
        None => layout::style::Style::default(),
    };
    if booklet.is_some() && !pdf::impose::fits_half_sheet(style.page_width, style.page_height) {
        let file = prepared
            .style
            .as_deref()
            .unwrap_or(std::path::Path::new("livret.yaml"));
        diags.push(
            diag::Diagnostic::error(
                crate::diag::Code::StyleInvalid,
                file,
                0,
                0,
                "a booklet needs A5 pages, and this style's are larger",
            )
            .with_hint("set `page: size: a5` in the style, or start from `styles/a5.yaml`"),
        );
        return None;
    }
    let profile = build.profile.or(prepared.profile).unwrap_or_default();
    let opts_layout = layout::LayoutOptions { profile };
    let (model, stats) = layout::layout_with(&prepared.book, &style, &opts_layout, diags);
    let layout_ms = started.elapsed().as_millis();
    if opts.verbose {
        eprintln!(
            "laid out ({profile:?}): {}, folios settled in {}{} ({} set, {} set, {} reused) in {layout_ms} ms",
            plural(model.pages.len(), "page"),
            plural(stats.passes, "pass"),
            if stats.settled { "" } else { " (not settled)" },
            plural(stats.chapters_set, "chapter"),
            plural(stats.paragraphs_set, "paragraph"),
            stats.paragraphs_reused,
        );
    }
    // pdf and epub, side by side: both only read the tree and the page model.
    let pdf_path = prepared.pdf_path(&build.out);
    let epub_path = prepared.epub_path(&build.out);
    let epub_opts = epub_options(&model);
    let page_count = model.pages.len();
    let last_is_back_cover = model
        .pages
        .last()
        .is_some_and(|p| p.kind == layout::page::PageKind::BackCover);
    let ((pdf, pdf_ms), (epub, epub_ms)) = rayon::join(
        // pdf: tagged, validated PDF/UA-1 + PDF/A-2a; the model is freed page by page.
        || timed(|| pdf::write_owned(model, &prepared.book.meta, &pdf::PdfOptions::default())),
        // epub: from the same tree, its page-list from the PDF's pages.
        || timed(|| epub::write(&prepared.book, &epub_opts)),
    );
    let pdf = pdf
        .map_err(|e| diags.push(output_failed(&pdf_path, e)))
        .ok()?;
    let epub = epub
        .map_err(|e| diags.push(output_failed(&epub_path, e)))
        .ok()?;
    let pdf_ms = layout_ms + pdf_ms;
    // print shop: the same pages with bleed, crop marks, TrimBox and BleedBox.
    let print_shop = match booklet.filter(|b| b.print_shop()) {
        Some(b) => {
            let bleed = b.bleed.unwrap_or(0.0);
            let meta = &prepared.book.meta;
            let (bytes, ms) =
                timed(|| pdf::impose::print_shop::print_shop(&pdf, meta, bleed, b.marks));
            let path = print_shop_path(&pdf_path);
            let bytes = bytes
                .map_err(|e| diags.push(output_failed(&path, e)))
                .ok()?;
            Some((bytes, ms))
        }
        None => None,
    };
    // impose: the guide's own PDF pages, two by two on A4 sheets.
    let booklet = match booklet {
        Some(booklet) => {
            let opts = pdf::impose::BookletOptions {
                creep: booklet.creep,
                sheets_per_signature: booklet.sheets_per_signature,
                last_is_back_cover,
            };
            let (imposed, ms) = timed(|| pdf::impose::booklet(&pdf, &prepared.book.meta, &opts));
            let path = booklet_path(&pdf_path);
            let imposed = imposed
                .map_err(|e| diags.push(output_failed(&path, e)))
                .ok()?;
            Some((imposed, ms))
        }
        None => None,
    };
    Some(Rendered {
        prepared,
        pdf,
        epub,
        pdf_pages: page_count,
        pdf_ms,
        epub_ms,
        booklet,
        print_shop,
    })
}

/// The whole job: the resolved tree, then the renderers. Writes nothing when there is an error,
/// so the last good output stays — unless `build.keep_going`, when what could be rendered is
/// written and the errors still fail the run.
///
/// With `guides:`, every guide is rendered, in parallel, and the outputs are written only when
/// all could be: an error in one guide leaves every output as it was.
pub fn build(
    opts: &Options,
    build: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<Vec<Prepared>> {
    use rayon::prelude::*;
    let guides = prepare_guides(opts, diags);
    let renderable = build.keep_going && guides.iter().all(|g| !g.book.chapters.is_empty());
    if diags.has_errors() && !renderable {
        return None;
    }
    let done: Vec<(Option<Rendered>, Diagnostics)> = guides
        .into_par_iter()
        .map(|prepared| {
            let mut local = Diagnostics::new();
            let rendered = render_prepared(prepared, opts, build, &mut local);
            (rendered, local)
        })
        .collect();
    let several = done.len() > 1;
    let mut all = Vec::with_capacity(done.len());
    for (rendered, local) in done {
        merge(diags, local, several);
        all.push(rendered);
    }
    let all: Vec<Rendered> = all.into_iter().collect::<Option<_>>()?;
    all.into_iter()
        .map(|rendered| write_rendered(rendered, opts, build, diags))
        .collect()
}

/// Writes one guide's PDF and EPUB, each atomically, once both exist.
fn write_rendered(
    rendered: Rendered,
    opts: &Options,
    build: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<Prepared> {
    // outputs: written only once both exist, each atomically.
    let pdf_path = rendered.prepared.pdf_path(&build.out);
    let epub_path = rendered.prepared.epub_path(&build.out);
    let booklet_path = booklet_path(&pdf_path);
    let mut outputs = vec![(&pdf_path, &rendered.pdf), (&epub_path, &rendered.epub)];
    if let Some((booklet, _)) = &rendered.booklet {
        outputs.push((&booklet_path, &booklet.bytes));
    }
    let print_shop_path = print_shop_path(&pdf_path);
    if let Some((bytes, _)) = &rendered.print_shop {
        outputs.push((&print_shop_path, bytes));
    }
    for (path, bytes) in outputs {
        if let Err(e) = output::write_atomic(path, bytes) {
            diags.push(output_failed(path, format!("cannot write: {e}")));
            return None;
        }
    }
    if opts.verbose {
        eprintln!(
            "wrote {}: {}, {} KB in {} ms",
            pdf_path.display(),
            plural(rendered.pdf_pages, "page"),
            rendered.pdf.len().div_ceil(1024),
            rendered.pdf_ms,
        );
        eprintln!(
            "wrote {}: {}, {} KB in {} ms",
            epub_path.display(),
            plural(rendered.prepared.book.chapters.len(), "chapter"),
            rendered.epub.len().div_ceil(1024),
            rendered.epub_ms,
        );
        if let Some((booklet, ms)) = &rendered.booklet {
            let plan = &booklet.plan;
            eprintln!(
                "wrote {}: {} sheets ({} pages{}{}), {} KB in {ms} ms",
                booklet_path.display(),
                plan.sheets.len(),
                rendered.pdf_pages,
                match plan.blanks {
                    0 => String::new(),
                    1 => " + 1 blank".to_string(),
                    n => format!(" + {n} blanks"),
                },
                match plan.signatures {
                    1 => String::new(),
                    n => format!(", {n} signatures"),
                },
                booklet.bytes.len().div_ceil(1024),
            );
        }
        if let Some((bytes, ms)) = &rendered.print_shop {
            eprintln!(
                "wrote {}: {} pages for the print shop (bleed, trim box), {} KB in {ms} ms",
                print_shop_path.display(),
                rendered.pdf_pages,
                bytes.len().div_ceil(1024),
            );
        }
    }
    Some(rendered.prepared)
}

/// `job`'s result and how long it took, in milliseconds.
fn timed<T>(job: impl FnOnce() -> T) -> (T, u128) {
    let started = Instant::now();
    let result = job();
    (result, started.elapsed().as_millis())
}

/// The EPUB's options: the text faces of the PDF, and a page-list giving the PDF's page numbers.
pub fn epub_options(model: &layout::page::PageModel) -> epub::EpubOptions {
    // The page map has an entry for every block a page holds: the first one is where it begins.
    // A blank page (before a chapter opening) begins where the next page does, so that every
    // printed folio has its marker. The front matter (cover, contents: roman folios) has no
    // marker: the EPUB has its own cover and navigation, with no page of the PDF to match.
    let page_breaks = model
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.numbering == layout::page::Numbering::Arabic)
        .filter_map(|(index, page)| {
            let entry = model.page_map.iter().find(|e| e.page >= index)?;
            Some(epub::PageBreak {
                label: page.label(),
                chapter: entry.chapter,
                block: entry.block,
            })
        })
        .collect();
    epub::EpubOptions {
        page_breaks,
        // `None`: the book's title and edition, as a PDF.
        page_break_source: None,
        fonts: epub_fonts(),
    }
}

/// The faces `styles/epub.css` names: the serif text family in its four styles, the sans
/// headings (upright) and the monospace (regular); readers synthesise the rare rest.
fn epub_fonts() -> Vec<epub::FontFace> {
    use fonts::{Family, Role};
    fonts::FACES
        .iter()
        .filter(|face| match face.role {
            Role::Primary(Family::Serif) => true,
            Role::Primary(Family::Sans) => !face.italic,
            Role::Primary(Family::Mono) => !face.bold,
            Role::Fallback => false,
        })
        .map(|face| epub::FontFace {
            file_name: face.file.to_string(),
            bytes: face.data.into(),
            family: face.family_name.to_string(),
            italic: face.italic,
            weight: face.weight,
        })
        .collect()
}
