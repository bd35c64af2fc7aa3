//! What the fuzz targets share: a scratch guide (configuration, site folder, one page) that each
//! run rewrites, the whole pipeline run on it in memory, the stages before layout run on one
//! page given as bytes, and the properties checked on what they give ([`checks`], [`gen`]).

pub mod checks;
pub mod gen;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use livret::diag::Diagnostics;
use livret::load::LoadOptions;
use livret::Options;

/// The configuration the page and image targets use.
pub const CONFIG: &str = "title: Fuzz\nsite: site\npages:\n  - page.md\n";

/// A front matter the page target puts before the bytes when asked.
pub const FRONT_MATTER: &str = "---\ntitle: Page\npermalink: /page\n---\n";

/// A small PNG and SVG that pages can point at (`img.png`, `img.svg`).
const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"10\"><rect width=\"20\" height=\"10\"/></svg>";

/// The scratch folder of this process: `livret.yaml`, `site/page.md`, `site/img.*`.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("livret-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("site")).expect("scratch folder");
        std::fs::write(dir.join("site/img.png"), PNG).expect("scratch png");
        std::fs::write(dir.join("site/img.svg"), SVG).expect("scratch svg");
        dir
    })
}

/// Writes `bytes` to `rel` in the scratch folder.
pub fn put(rel: &str, bytes: &[u8]) {
    std::fs::write(scratch().join(rel), bytes).expect("scratch write");
}

/// Runs load → tree → resolve → typo → layout → pdf (validated) and epub on the scratch guide,
/// in memory. An error is fine; a success must give both files; a panic is a bug. Returns the
/// diagnostics and, on success, the PDF and EPUB bytes.
pub fn render() -> (Diagnostics, Option<(Vec<u8>, Vec<u8>)>) {
    let opts = Options {
        load: LoadOptions {
            config: Some(scratch().join("livret.yaml")),
            site: None,
        },
        verbose: false,
    };
    let mut diags = Diagnostics::new();
    let build = livret::BuildOptions {
        out: scratch().join("out"),
        profile: None,
        keep_going: false,
        booklet: false,
        print_shop: false,
    };
    let rendered = livret::render(&opts, &build, &mut diags);
    let files = match rendered {
        Some(r) => {
            assert!(!diags.has_errors());
            assert!(r.pdf.starts_with(b"%PDF-"));
            assert!(r.epub.starts_with(b"PK"));
            Some((r.pdf, r.epub))
        }
        None => {
            assert!(diags.has_errors(), "no output and no error");
            None
        }
    };
    (diags, files)
}

/// [`render`], checking what it gives.
pub fn run() -> Diagnostics {
    render().0
}

/// [`render`] twice: the same guide must give the same messages and the same bytes.
pub fn run_twice() {
    let (diags, files) = render();
    let (again, files_again) = render();
    assert_eq!(
        diags.render(),
        again.render(),
        "the same guide gave other messages"
    );
    assert!(files == files_again, "the same guide gave other bytes");
}

/// Fixed dates (the EPUB's `dcterms:modified`), so that two runs can give the same bytes.
pub fn fixed_date() {
    std::env::set_var("SOURCE_DATE_EPOCH", "1765000000");
}

/// One core, as the figures in the README are measured: the stages' parallel loops run on the
/// calling thread. Call before anything else.
pub fn one_core() {
    std::env::set_var("RAYON_NUM_THREADS", "1");
}

/// load → tree → resolve on one page given as bytes (no disk but the scratch site folder,
/// empty but for two images): the resolved tree, before typography, and the diagnostics.
pub fn resolved(page: &[u8]) -> (livret::book::Book, Diagnostics) {
    let mut diags = Diagnostics::new();
    let site = livret::load::load_page(
        page,
        Path::new("page.md"),
        &scratch().join("site"),
        &mut diags,
    );
    let mut book = livret::tree::build(&site, &mut diags);
    livret::resolve::resolve(&mut book, &site, &mut diags);
    (book, diags)
}

/// The scratch folder's images, canonical, as `resolve` gives them to layout.
pub fn images() -> &'static gen::Images {
    static IMAGES: OnceLock<gen::Images> = OnceLock::new();
    IMAGES.get_or_init(|| {
        let site = scratch().join("site");
        gen::Images {
            png: site.join("img.png").canonicalize().expect("scratch png"),
            svg: site.join("img.svg").canonicalize().expect("scratch svg"),
        }
    })
}

/// A 2 × 1 RGB PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7b, 0x40, 0xe8,
    0xdd, 0x00, 0x00, 0x00, 0x0f, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xc0,
    0xf0, 0x9f, 0x01, 0x00, 0x07, 0xff, 0x01, 0xff, 0x01, 0x7f, 0x89, 0xa7, 0x00, 0x00, 0x00, 0x00,
    0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];
