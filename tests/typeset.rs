//! The default guide (`content/`) and, when `../shared` is there, the real beta.gouv.fr pages,
//! typeset and checked on structure: no widow, orphan or stranded heading in the page model, no
//! line wider than the measure, every word of the source in the PDF's extracted text, every
//! font embedded as a subset, no line starting with `; : ! ? »` or ending with `«`. The PDF
//! checks use poppler-utils (`pdftotext`, `pdffonts`) and skip with a message when they are
//! absent (fail instead when `LIVRET_REQUIRE_VALIDATORS=1`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use livret::book::Book;
use livret::diag::Diagnostics;
use livret::layout::audit::{audit, Faults};
use livret::layout::page::{ItemKind, PageKind, PageModel};
use livret::layout::style::Style;
use livret::load::LoadOptions;
use livret::Options;

/// One guide read, laid out and written as a PDF.
struct Typeset {
    book: Book,
    model: PageModel,
    style: Style,
    pdf: PathBuf,
}

fn typeset(name: &str, config: &Path, site: Option<PathBuf>) -> Typeset {
    let mut diags = Diagnostics::new();
    let opts = Options {
        load: LoadOptions {
            config: Some(config.to_path_buf()),
            site,
        },
        verbose: false,
    };
    let prepared = livret::prepare(&opts, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render());
    let style = match &prepared.style {
        Some(path) => Style::load(path, &mut diags).expect("the guide's style loads"),
        None => Style::default(),
    };
    let model = livret::layout::layout(&prepared.book, &style, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render());
    let bytes = livret::pdf::write(&model, &prepared.book.meta, &Default::default())
        .expect("the PDF is written");
    let dir = std::env::temp_dir().join(format!("livret-typeset-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf, bytes).unwrap();
    Typeset {
        book: prepared.book,
        model,
        style,
        pdf,
    }
}

/// The default guide, typeset once for every test.
fn default_guide() -> &'static Typeset {
    static GUIDE: OnceLock<Typeset> = OnceLock::new();
    GUIDE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        typeset("default", &root.join("content/livret.yaml"), None)
    })
}

/// The real pages, typeset once, or `None` (with a message) when the corpus is not here.
fn real_pages() -> Option<&'static Typeset> {
    static REAL: OnceLock<Option<Typeset>> = OnceLock::new();
    let real = REAL.get_or_init(|| {
        let corpus = common::corpus()?;
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        Some(typeset(
            "real",
            &root.join("examples/beta-approche.yaml"),
            Some(corpus),
        ))
    });
    if real.is_none() {
        common::skip("the real corpus (../shared/corpus/beta-approche) is not here");
    }
    real.as_ref()
}

/// Both guides, the real pages only when present.
fn guides() -> Vec<(&'static str, &'static Typeset)> {
    let mut out = vec![("default guide", default_guide())];
    if let Some(real) = real_pages() {
        out.push(("real pages", real));
    }
    out
}

/// Runs a poppler tool on `file` (then `after`); its output, or `None` (after a message) when
/// it is not installed.
fn poppler(name: &str, args: &[&str], file: &Path, after: &[&str]) -> Option<String> {
    match Command::new(name).args(args).arg(file).args(after).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "`{name}` failed on {}",
                file.display()
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(_) => {
            common::skip(&format!("`{name}` is not installed (poppler-utils)"));
            None
        }
    }
}

/// The text block's text as `pdftotext` extracts it (UTF-8, reading order), running heads and
/// folios cropped away so that a word hyphenated across a page break can be joined again.
fn extracted(t: &Typeset) -> Option<String> {
    let s = &t.style;
    let crop = [
        "-r".to_string(),
        "72".into(),
        "-x".into(),
        "0".into(),
        "-y".into(),
        format!("{}", (s.margin_top - 8.0).floor()),
        "-W".into(),
        format!("{}", s.page_width.ceil()),
        "-H".into(),
        format!("{}", (s.text_height() + 16.0).ceil()),
    ];
    let mut args: Vec<&str> = vec!["-enc", "UTF-8"];
    args.extend(crop.iter().map(String::as_str));
    // `-`: to standard output, so that tests running in parallel share no file.
    poppler("pdftotext", &args, &t.pdf, &["-"])
}

#[test]
fn no_widow_orphan_or_stranded_heading_in_the_page_model() {
    for (name, t) in guides() {
        let faults = audit(&t.model, &t.style);
        assert_eq!(faults, Faults::default(), "{name}");
        assert!(
            t.model.pages.len() > 15,
            "{name}: {} pages",
            t.model.pages.len()
        );
    }
}

#[test]
fn no_line_is_wider_than_the_measure() {
    for (name, t) in guides() {
        let mut lines = 0;
        for (p, page) in t.model.pages.iter().enumerate() {
            if page.kind == PageKind::Cover {
                continue;
            }
            let left = t.style.left(p);
            let right = left + t.style.measure();
            for item in &page.items {
                let ItemKind::Text(run) = &item.kind else {
                    continue;
                };
                lines += 1;
                // Punctuation and hyphens hang into the margins by design (protrusion).
                let (hang_left, hang_right) = run.hang();
                assert!(
                    item.x + hang_left >= left - 0.5
                        && item.x + run.width() - hang_right <= right + 0.5,
                    "{name}, page {}: {:?} spans {:.1}–{:.1} pt, the measure {:.1}–{:.1}",
                    p + 1,
                    run.text,
                    item.x,
                    item.x + run.width(),
                    left,
                    right
                );
            }
        }
        assert!(lines > 500, "{name}: only {lines} text runs");
    }
}

#[test]
fn text_extraction_finds_every_word_of_the_source() {
    for (name, t) in guides() {
        let Some(text) = extracted(t) else { return };
        let missing = common::words_missing_from(&t.book, &text);
        assert!(
            missing.is_empty(),
            "{name}: words not extracted: {missing:?}"
        );
    }
}

/// The default guide's Arabic sentence and Japanese word (the glossary's « Kaizen ») come out
/// of the PDF's text layer as written: in logical order, not reversed by the page's left-to-right
/// placement (poppler's bidi marks taken out).
#[test]
fn arabic_and_japanese_read_in_logical_order() {
    let Some(text) = extracted(default_guide()) else {
        return;
    };
    // The sentence may run over two lines: one space between words, whatever the layout.
    let text: String = text
        .chars()
        .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in ["نحن نبني خدمات عامة رقمية", "改善"] {
        assert!(
            text.contains(expected),
            "`{expected}` not in the text layer"
        );
    }
}

#[test]
fn no_line_starts_with_high_punctuation_or_ends_with_an_opening_guillemet() {
    for (name, t) in guides() {
        let Some(text) = extracted(t) else { return };
        let bad: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with([';', ':', '!', '?', '»']) || l.ends_with('«'))
            .collect();
        assert!(bad.is_empty(), "{name}: bad breaks: {bad:?}");
        // The check has something to look at: French spacing is there to be kept together.
        assert!(text.contains('«') && text.contains(" :"), "{name}");
    }
}

#[test]
fn every_font_is_embedded_and_subset() {
    for (name, t) in guides() {
        let Some(out) = poppler("pdffonts", &[], &t.pdf, &[]) else {
            return;
        };
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(rows.len() >= 4, "{name}: {out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type encoding emb sub uni object ID
            let n = cols.len();
            assert!(n >= 7, "{name}: {row}");
            assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{name}: {row}");
            // A subset's name starts with six capitals and a `+`.
            assert_eq!(cols[0].find('+'), Some(6), "{name}: {row}");
        }
    }
}

/// The folio fixed point sets a chapter again when a folio it prints changes, and then sets
/// anew only the paragraphs that print it: in print most paragraphs come back from the memo
/// (that a remembered paragraph has the lines of a fresh one is `setter`'s unit test). On
/// screen each chapter is set once and nothing is remembered.
#[test]
fn chapters_set_again_reuse_their_unchanged_paragraphs() {
    use livret::layout::{layout_with, LayoutOptions, Profile};
    let guide = default_guide();
    let mut diags = Diagnostics::new();
    let print = LayoutOptions {
        profile: Profile::Print,
    };
    let (model, stats) = layout_with(&guide.book, &guide.style, &print, &mut diags);
    assert!(stats.settled && stats.passes >= 2, "{stats:?}");
    assert!(stats.chapters_set > guide.book.chapters.len(), "{stats:?}");
    assert!(
        stats.paragraphs_reused > stats.paragraphs_set / 2,
        "most paragraphs of a chapter set again are unchanged: {stats:?}"
    );
    assert_eq!(model.pages.len(), guide.model.pages.len());
    let screen = LayoutOptions {
        profile: Profile::Screen,
    };
    let (_, stats) = layout_with(&guide.book, &guide.style, &screen, &mut diags);
    assert_eq!(stats.chapters_set, guide.book.chapters.len(), "{stats:?}");
    assert_eq!(
        (stats.paragraphs_set, stats.paragraphs_reused),
        (0, 0),
        "{stats:?}"
    );
}

/// Struck-through text (`~~…~~`, `<del>`) gets a rule across it: one rule per struck run, as
/// wide as the run, between its baseline and its x-height, outside the structure.
#[test]
fn struck_text_is_crossed_out() {
    let dir = std::env::temp_dir().join(format!("livret-strike-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("livret.yaml"),
        "title: Barré\npages:\n  - page.md\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("page.md"),
        "---\ntitle: Barré\n---\n\nLe comité a ~~refusé~~ accepté, puis <del>trois</del> quatre.\n",
    )
    .unwrap();
    let t = typeset("strike", &dir.join("livret.yaml"), None);
    let mut struck = Vec::new();
    for page in &t.model.pages {
        for (i, item) in page.items.iter().enumerate() {
            let ItemKind::Rule {
                width, thickness, ..
            } = item.kind
            else {
                continue;
            };
            // The rule follows the run it crosses.
            let Some(ItemKind::Text(run)) = i.checked_sub(1).map(|p| &page.items[p].kind) else {
                continue;
            };
            let baseline = page.items[i - 1].y;
            assert!(
                (width - run.width()).abs() < 0.01,
                "{width} vs {}",
                run.width()
            );
            assert!(
                item.y < baseline && item.y > baseline - 0.6 * run.size,
                "{item:?}"
            );
            assert!(thickness > 0.0 && item.node.is_none());
            struck.push(run.text.clone());
        }
    }
    assert_eq!(struck, ["refusé", "trois"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
