//! Peak memory after each stage of a build: `cargo run --release --example stage_memory -- CONFIG`.
//!
//! Reads the process's high-water mark (`VmHWM`) and resident size from `/proc/self/status`
//! (Linux), and the bytes live on the heap (a counting allocator around mimalloc, the binary's),
//! at their peak during each stage and after it: preparing the tree, laying it out, writing the
//! PDF, writing the EPUB. Where the memory of a large build goes. The `livret` binary tunes
//! mimalloc before `main`; run this with `MIMALLOC_ARENA_EAGER_COMMIT=0` for the same setting.

use std::alloc::{GlobalAlloc, Layout};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use livret::diag::Diagnostics;
use livret::{layout, pdf, Options};

/// The allocator of the `livret` binary, so that the figures are the binary's, counting the
/// bytes live on the heap (what the program holds, apart from what the allocator keeps).
#[global_allocator]
static ALLOCATOR: Counting = Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            let now = if new_size >= layout.size() {
                LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size()
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed)
                    - (layout.size() - new_size)
            };
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
}

fn status(stage: &str, started: Instant) {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    let mb = |b: usize| b / (1024 * 1024);
    eprintln!(
        "{stage:<8} resident: peak {:>4} MB, now {:>4} MB · heap: peak {:>4} MB, now {:>4} MB · {:>5} ms",
        field("VmHWM:"),
        field("VmRSS:"),
        mb(PEAK.swap(LIVE.load(Ordering::Relaxed), Ordering::Relaxed)),
        mb(LIVE.load(Ordering::Relaxed)),
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
    let epub_opts = livret::epub_options(&model);
    let bytes = pdf::write_owned(model, &prepared.book.meta, &pdf::PdfOptions::default());
    status("pdf", started);
    drop(bytes);
    let bytes = livret::epub::write(&prepared.book, &epub_opts);
    status("epub", started);
    drop(bytes);
    drop(prepared);
    status("dropped", started);
}
