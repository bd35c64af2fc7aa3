//! Benchmarks of each stage and of the whole build, on the default guide and on synthetic guides
//! of 40, 200 and 1,000 pages: `cargo bench --bench stages` (filter: `cargo bench --bench stages
//! -- resolve`).
//!
//! Each stage is timed alone, its input built once outside the timing (and cloned per sample
//! when the stage rewrites it). The 1,000-page guide gets few samples: it is there to show how
//! the stages scale, not to split hairs.

#[path = "support/synth.rs"]
mod synth;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use divan::Bencher;
use livret::book::Book;
use livret::diag::Diagnostics;
use livret::epub::{EpubOptions, FontFace, PageBreak};
use livret::fonts::{Family, Role, FACES};
use livret::layout::page::{PageKind, PageModel};
use livret::layout::style::Style;
use livret::load::{LoadOptions, Site};
use livret::pdf::PdfOptions;
use livret::{BuildOptions, Options};

fn main() {
    let divan = divan::Divan::from_args();
    // `cargo test --benches` runs each bench once, unoptimised, without `--bench`: leave the
    // 1,000-page guide out there.
    if std::env::args().any(|arg| arg == "--bench") {
        divan.main();
    } else {
        divan.skip_regex("large").main();
    }
}

/// The guides measured with many samples.
const SMALL: &[&str] = &["default", "synth-40", "synth-200"];
/// The guide measured with few samples.
const LARGE: &[&str] = &["synth-1000"];

/// The configuration file of a guide by name: the repository's own, or a synthetic guide
/// written (once per run) under the system's temporary folder.
fn config(guide: &str) -> PathBuf {
    static WRITTEN: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(pages) = guide.strip_prefix("synth-") else {
        return repo.join("content").join("livret.yaml");
    };
    let mut written = WRITTEN
        .lock()
        .expect("no bench panicked while holding the lock");
    written
        .entry(guide.to_string())
        .or_insert_with(|| {
            let n = pages
                .parse()
                .expect("synthetic guide names end in a page count");
            let dir = std::env::temp_dir().join("livret-bench").join(guide);
            synth::write_guide(&dir, n, repo)
                .expect("the synthetic guide can be written to the temporary folder")
                .config
        })
        .clone()
}

/// The options that read `guide`.
fn options(guide: &str) -> Options {
    Options {
        load: LoadOptions {
            config: Some(config(guide)),
            site: None,
        },
        verbose: false,
    }
}

/// The guide loaded, and checked to load without errors (a bench of a failing build measures
/// nothing useful).
fn loaded(guide: &str) -> Site {
    let mut diags = Diagnostics::new();
    let site = livret::load::load(&options(guide).load, &mut diags);
    assert!(!diags.has_errors(), "{guide} loads without errors");
    site
}

/// The guide's tree before `resolve`.
fn unresolved(site: &Site) -> Book {
    livret::tree::build(site, &mut Diagnostics::new())
}

/// The guide's tree after `resolve` and `typo`: what the renderers take.
fn prepared(site: &Site) -> Book {
    let mut book = unresolved(site);
    livret::resolve::resolve(&mut book, site, &mut Diagnostics::new());
    livret::typography::apply(&mut book);
    book
}

/// The EPUB options `build` uses (its `epub_options` and `epub_fonts` are private): the text
/// faces embedded, a page-list from the PDF's pages.
fn epub_options(model: &PageModel) -> EpubOptions {
    let page_breaks = model
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.kind != PageKind::Cover)
        .filter_map(|(index, page)| {
            let entry = model.page_map.iter().find(|e| e.page >= index)?;
            Some(PageBreak {
                label: page.number.to_string(),
                chapter: entry.chapter,
                block: entry.block,
            })
        })
        .collect();
    let fonts = FACES
        .iter()
        .filter(|face| match face.role {
            Role::Primary(Family::Serif) => true,
            Role::Primary(Family::Sans) => !face.italic,
            Role::Primary(Family::Mono) => !face.bold,
            Role::Fallback => false,
        })
        .map(|face| FontFace {
            file_name: face.file.to_string(),
            bytes: face.data.into(),
            family: face.family_name.to_string(),
            italic: face.italic,
            weight: face.weight,
        })
        .collect();
    EpubOptions {
        page_breaks,
        page_break_source: None,
        fonts,
    }
}

/// The style the guide names, as `build` reads it.
fn style(guide: &str) -> Style {
    let prepared = livret::prepare(&options(guide), &mut Diagnostics::new());
    match &prepared.style {
        Some(path) => Style::load(path, &mut Diagnostics::new()).expect("the style loads"),
        None => Style::default(),
    }
}

fn bench_load(bencher: Bencher, guide: &str) {
    let opts = options(guide);
    bencher.bench_local(|| livret::load::load(&opts.load, &mut Diagnostics::new()));
}

fn bench_tree(bencher: Bencher, guide: &str) {
    let site = loaded(guide);
    bencher.bench_local(|| livret::tree::build(&site, &mut Diagnostics::new()));
}

fn bench_resolve(bencher: Bencher, guide: &str) {
    let site = loaded(guide);
    let book = unresolved(&site);
    bencher
        .with_inputs(|| book.clone())
        .bench_local_values(|mut book| {
            livret::resolve::resolve(&mut book, &site, &mut Diagnostics::new());
            book
        });
}

fn bench_typo(bencher: Bencher, guide: &str) {
    let site = loaded(guide);
    let mut book = unresolved(&site);
    livret::resolve::resolve(&mut book, &site, &mut Diagnostics::new());
    bencher
        .with_inputs(|| book.clone())
        .bench_local_values(|mut book| {
            livret::typography::apply(&mut book);
            book
        });
}

fn bench_layout(bencher: Bencher, guide: &str) {
    let book = prepared(&loaded(guide));
    let style = style(guide);
    bencher.bench_local(|| livret::layout::layout(&book, &style, &mut Diagnostics::new()));
}

fn bench_pdf(bencher: Bencher, guide: &str) {
    let book = prepared(&loaded(guide));
    let model = livret::layout::layout(&book, &style(guide), &mut Diagnostics::new());
    bencher.bench_local(|| {
        livret::pdf::write(&model, &book.meta, &PdfOptions::default()).expect("the PDF is valid")
    });
}

fn bench_epub(bencher: Bencher, guide: &str) {
    let book = prepared(&loaded(guide));
    let model = livret::layout::layout(&book, &style(guide), &mut Diagnostics::new());
    let opts = epub_options(&model);
    bencher.bench_local(|| livret::epub::write(&book, &opts).expect("the EPUB is written"));
}

/// `livret::build`: every stage, from reading the files to writing the PDF and the EPUB.
fn bench_build(bencher: Bencher, guide: &str) {
    let opts = options(guide);
    let out = BuildOptions {
        out: std::env::temp_dir()
            .join("livret-bench")
            .join("out")
            .join(guide),
        profile: None,
        keep_going: false,
        booklet: false,
        print_shop: false,
    };
    bencher.bench_local(|| {
        let mut diags = Diagnostics::new();
        let built = livret::build(&opts, &out, &mut diags);
        assert!(built.is_some(), "{guide} builds");
        built
    });
}

/// One module per stage, each with a many-sample bench on the small guides and a few-sample
/// bench on the large one.
macro_rules! stage {
    ($name:ident, $body:path) => {
        mod $name {
            #[divan::bench(args = super::SMALL, sample_count = 20, sample_size = 1)]
            fn small(bencher: divan::Bencher, guide: &str) {
                $body(bencher, guide)
            }

            #[divan::bench(args = super::LARGE, sample_count = 3, sample_size = 1)]
            fn large(bencher: divan::Bencher, guide: &str) {
                $body(bencher, guide)
            }
        }
    };
}

stage!(load, super::bench_load);
stage!(tree, super::bench_tree);
stage!(resolve, super::bench_resolve);
stage!(typo, super::bench_typo);
stage!(layout, super::bench_layout);
stage!(pdf, super::bench_pdf);
stage!(epub, super::bench_epub);
stage!(build, super::bench_build);
