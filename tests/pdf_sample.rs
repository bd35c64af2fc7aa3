//! The PDF of the sample book, read back: text, fonts, destinations, outline, validity and
//! determinism. Uses poppler-utils and qpdf when present; skips those checks with a message
//! when absent (fails instead when `LIVRET_REQUIRE_VALIDATORS=1`).

mod sample;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

mod common;

use livret::book::Book;
use livret::diag::Diagnostics;
use livret::layout::style::Style;

struct Built {
    book: Book,
    bytes: Vec<u8>,
    path: PathBuf,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("livret-pdf-{}", std::process::id()));
        let book = sample::book(&dir);
        let bytes = build(&book);
        let path = dir.join("sample.pdf");
        std::fs::write(&path, &bytes).unwrap();
        Built { book, bytes, path }
    })
}

fn build(book: &Book) -> Vec<u8> {
    let mut diags = Diagnostics::new();
    let model = livret::layout::layout(book, &Style::default(), &mut diags);
    assert!(diags.is_empty(), "{}", diags.render());
    livret::pdf::write(&model, &book.meta, &Default::default()).expect("valid pdf/ua + pdf/a")
}

/// Runs a tool; `None` (after a message) when it is not installed.
fn tool(name: &str, args: &[&str], file: &Path) -> Option<String> {
    match Command::new(name).args(args).arg(file).output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(_) => {
            common::skip(&format!("`{name}` is not installed (poppler-utils / qpdf)"));
            None
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let b = built();
    assert_eq!(build(&b.book), b.bytes);
}

#[test]
fn text_extraction_finds_every_word() {
    let b = built();
    let Some(text) = tool("pdftotext", &["-enc", "UTF-8"], &b.path).map(|_| {
        let out = b.path.with_extension("txt");
        std::fs::read_to_string(out).unwrap_or_default()
    }) else {
        return;
    };
    let missing = common::words_missing_from(&b.book, &text);
    assert!(missing.is_empty(), "words not extracted: {missing:?}");
}

#[test]
fn every_font_is_embedded_and_subset() {
    let b = built();
    let Some(out) = tool("pdffonts", &[], &b.path) else {
        return;
    };
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID
        let n = cols.len();
        assert!(n >= 7, "{row}");
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
    }
}

#[test]
fn qpdf_finds_no_problem_and_reads_outline_and_destinations() {
    let b = built();
    let Some(check) = tool("qpdf", &["--check"], &b.path) else {
        return;
    };
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let json = tool("qpdf", &["--json", "--json-key=outlines"], &b.path).unwrap_or_default();
    for title in [
        "L’investigation",
        "La construction",
        "Les principes de l’étape",
    ] {
        assert!(json.contains(title), "outline lacks {title}");
    }
    let qdf = b.path.with_extension("qdf.pdf");
    let _ = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&b.path)
        .arg(&qdf)
        .status();
    let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap_or_default()).into_owned();
    for name in [
        "investigation-principes",
        "construction-fn-1",
        "acceleration-fin",
    ] {
        assert!(
            raw.contains(&format!("({name})")),
            "no named destination `{name}`"
        );
    }
    assert!(raw.contains("/StructTreeRoot"), "not tagged");
    assert!(raw.contains("/Lang (fr-FR)"), "no document language");
}

/// An abbreviation's expansion is the `/E` of the marked content that sets it (never text).
#[test]
fn abbreviation_expansion_is_the_spans_e() {
    use livret::book::{Block, BookMeta, Chapter, Inline, Pos};
    let book = Book {
        images: Default::default(),
        meta: BookMeta {
            title: "Sigles".into(),
            lang: "fr".into(),
            ..BookMeta::default()
        },
        chapters: vec![Chapter {
            id: "sigles".into(),
            title: vec![Inline::Text("Sigles".into())],
            blocks: vec![Block::Paragraph {
                content: vec![
                    Inline::Text("La ".into()),
                    Inline::Abbr {
                        title: Some("Direction interministerielle du numerique".into()),
                        content: vec![Inline::Text("DINUM".into())],
                    },
                    Inline::Text(" publie un guide.".into()),
                ],
                pos: Pos::new(1, 1),
            }],
            ..Chapter::default()
        }],
    };
    let bytes = build(&book);
    let dir = std::env::temp_dir().join(format!("livret-abbr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("abbr.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let qdf = dir.join("abbr.qdf.pdf");
    if tool(
        "qpdf",
        &["--qdf", "--object-streams=disable", path.to_str().unwrap()],
        &qdf,
    )
    .is_none()
    {
        return;
    }
    let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap_or_default()).into_owned();
    assert!(
        raw.contains("/E(Direction interministerielle du numerique)>>BDC"),
        "no /E on the abbreviation's span"
    );
}
