//! Peak memory after each stage of a build: `cargo run --release --example stage_memory -- CONFIG`.
//!
//! Reads the process's high-water mark (`VmHWM`) and resident size from `/proc/self/status`
//! (Linux) after preparing the tree, laying it out, writing the PDF and writing the EPUB: where
//! the memory of a large build goes.

use std::path::PathBuf;
use std::time::Instant;

use livret::diag::Diagnostics;
use livret::{layout, pdf, Options};

fn status(stage: &str, started: Instant) {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    eprintln!(
        "{stage:<8} peak {:>5} MB, now {:>5} MB, {:>6} ms",
        field("VmHWM:"),
        field("VmRSS:"),
        started.elapsed().as_millis()
    );
}

fn main() {
    let started = Instant::now();
    let mut opts = Options::default();
    opts.load.config = std::env::args().nth(1).map(PathBuf::from);
    let mut diags = Diagnostics::new();
    let prepared = livret::prepare(&opts, &mut diags);
    status("prepare", started);
    let style = layout::style::Style::default();
    let model = layout::layout(&prepared.book, &style, &mut diags);
    status("layout", started);
    let (mut runs, mut glyphs, mut text, mut items) = (0usize, 0usize, 0usize, 0usize);
    for page in &model.pages {
        for item in page.items.iter().chain(&page.furniture) {
            items += 1;
            if let layout::page::ItemKind::Text(run) = &item.kind {
                runs += 1;
                glyphs += run.glyphs.len();
                text += run.text.len();
            }
        }
    }
    eprintln!(
        "         {} pages, {items} items, {runs} text runs, {glyphs} glyphs ({} B each), {text} B of text",
        model.pages.len(),
        std::mem::size_of::<layout::page::Glyph>()
    );
    let bytes = pdf::write_owned(model, &prepared.book.meta, &pdf::PdfOptions::default());
    status("pdf", started);
    drop(bytes);
    status("dropped", started);
}
