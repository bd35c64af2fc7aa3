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
use livret::diag::Diagnostics;
use livret::doc::{plain_text, Block, Book};
use livret::layout::{layout_paragraph, Align, ParagraphOptions, Shaper, Span, SpanStyle};
use livret::load::{LoadOptions, Site};
use livret::{BuildOptions, Options};

fn main() {
    divan::main();
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
    livret::typo::apply(&mut book);
    book
}

/// The text of every paragraph-like block (paragraphs, leads, list items, cells, notes…), in
/// order: what the layout stage sets, until it takes a whole book.
fn paragraph_texts(book: &Book) -> Vec<String> {
    fn walk(blocks: &[Block], out: &mut Vec<String>) {
        for block in blocks {
            match block {
                Block::Paragraph { content, .. } | Block::Lead { content, .. } => {
                    out.push(plain_text(content))
                }
                Block::Heading { content, .. } => out.push(plain_text(content)),
                Block::List { items, .. } => items.iter().for_each(|i| walk(&i.blocks, out)),
                Block::Quote { blocks, .. } | Block::Aside { blocks, .. } => walk(blocks, out),
                Block::Table(table) => table
                    .head
                    .iter()
                    .chain(&table.body)
                    .flatten()
                    .for_each(|cell| walk(&cell.blocks, out)),
                Block::DefinitionList { items, .. } => {
                    for item in items {
                        out.push(plain_text(&item.term));
                        item.details.iter().for_each(|d| walk(d, out));
                    }
                }
                Block::Code { .. }
                | Block::Figure { .. }
                | Block::Rule { .. }
                | Block::Anchor { .. } => {}
            }
        }
    }
    let mut out = Vec::new();
    for chapter in &book.chapters {
        walk(&chapter.blocks, &mut out);
        chapter
            .footnotes
            .iter()
            .for_each(|n| walk(&n.blocks, &mut out));
    }
    out
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
            livret::typo::apply(&mut book);
            book
        });
}

/// Every paragraph of the guide shaped and broken into lines at the body measure, with a cold
/// shaping cache as in one build. A stand-in for the layout stage until it takes a whole book
/// (no pagination, every span in the body style).
fn bench_layout_paragraphs(bencher: Bencher, guide: &str) {
    let texts = paragraph_texts(&prepared(&loaded(guide)));
    let options = ParagraphOptions {
        measure: 340.0,
        indent: 0.0,
        align: Align::Justify,
        leading: 13.0,
    };
    bencher.bench_local(|| {
        let mut shaper = Shaper::new();
        let style = SpanStyle::default();
        texts
            .iter()
            .map(|t| {
                let spans = [Span::new(t.as_str(), style.clone())];
                layout_paragraph(&mut shaper, &spans, &options).lines.len()
            })
            .sum::<usize>()
    });
}

/// `livret::build`: every stage `build` runs today, from reading the files to writing them.
fn bench_build(bencher: Bencher, guide: &str) {
    let opts = options(guide);
    let out = BuildOptions {
        out: std::env::temp_dir()
            .join("livret-bench")
            .join("out")
            .join(guide),
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
stage!(layout_paragraphs, super::bench_layout_paragraphs);
stage!(build, super::bench_build);
