//! Scripts other than Latin, on a small guide of our own (`tests/fixtures/scripts`): an Arabic
//! sentence inside a French paragraph and a paragraph in Arabic are set right to left and read
//! in logical order from the PDF's text layer; a Japanese word is drawn; the EPUB keeps `lang`
//! and `dir`; a character no face has is a located warning.

mod common;

use std::path::Path;
use std::process::Command;

use livret::layout::page::{ItemKind, PageModel};

fn build() -> common::Fixture {
    common::build_fixture("scripts", "ecritures")
}

/// The PDF's text as `pdftotext` reads it, bidi marks taken out, or `None` (said) without
/// poppler.
fn pdftotext(path: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(
            String::from_utf8_lossy(&out.stdout)
                .chars()
                // poppler wraps right-to-left text in embedding marks.
                .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
                .collect(),
        ),
        _ => {
            common::skip("`pdftotext` (poppler-utils) is not installed");
            None
        }
    }
}

/// The text runs of the chapter pages, as (x, baseline, text).
fn runs(model: &PageModel) -> Vec<(f32, f32, String)> {
    model
        .pages
        .iter()
        .filter(|p| p.chapter.is_some())
        .flat_map(|p| p.items.iter())
        .filter_map(|it| match &it.kind {
            ItemKind::Text(run) => Some((it.x, it.y, run.text.clone())),
            _ => None,
        })
        .collect()
}

/// Where the run holding `word` starts, and its baseline.
fn at(runs: &[(f32, f32, String)], word: &str) -> (f32, f32) {
    runs.iter()
        .find(|(_, _, t)| t.contains(word))
        .map(|(x, y, _)| (*x, *y))
        .unwrap_or_else(|| panic!("no run holds `{word}`: {runs:?}"))
}

/// Arabic words are placed right to left: the sentence's first word is to the right of its
/// last, and the French around it stays left to right, before and after it.
#[test]
fn arabic_is_set_right_to_left() {
    let b = build();
    let runs = runs(&b.model);
    let first = at(&runs, "مرحبا");
    let last = at(&runs, "الدليل");
    let before = at(&runs, "arabe");
    assert_eq!(first.1, last.1, "one line");
    assert!(
        first.0 > last.0,
        "the first Arabic word is on the right: {first:?} {last:?}"
    );
    assert!(before.0 < last.0, "the French before it is on its left");
    // A paragraph in Arabic reads right to left: its first word ends at the right margin.
    let para_first = at(&runs, "هذا");
    let para_last = at(&runs, "الصغيرة");
    assert!(para_first.0 > para_last.0, "{para_first:?} {para_last:?}");
}

/// The text layer reads in logical order: the sentences come out as they were written.
#[test]
fn pdf_text_reads_in_logical_order() {
    let b = build();
    let Some(text) = pdftotext(&b.pdf) else {
        return;
    };
    for expected in [
        "مرحبا بكم في الدليل",
        "هذا الدليل مكتوب للفرق الصغيرة",
        "Le mot japonais 日本語 désigne",
    ] {
        assert!(text.contains(expected), "`{expected}` not in:\n{text}");
    }
}

/// The Japanese word is drawn with glyphs of its own (not dropped as `.notdef`).
#[test]
fn japanese_is_drawn() {
    let b = build();
    let run = b
        .model
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .find_map(|it| match &it.kind {
            ItemKind::Text(run) if run.text.contains('日') => Some(run.clone()),
            _ => None,
        })
        .expect("a run holds the Japanese word");
    assert_eq!(run.font, livret::fonts::JAPANESE);
    assert!(run.glyphs.iter().all(|g| g.id != 0), "{run:?}");
}

/// The EPUB keeps the language and the direction, on a span and on a whole paragraph.
#[test]
fn epub_keeps_lang_and_dir() {
    let b = build();
    assert!(
        b.xhtml
            .contains(r#"<span lang="ar" xml:lang="ar" dir="rtl">مرحبا بكم في الدليل</span>"#),
        "{}",
        b.xhtml
    );
    assert!(
        b.xhtml.contains(
            r#"<p><span lang="ar" xml:lang="ar" dir="rtl">هذا الدليل مكتوب للفرق الصغيرة</span></p>"#
        ),
        "{}",
        b.xhtml
    );
    assert!(b
        .xhtml
        .contains(r#"<span lang="ja" xml:lang="ja">日本語</span>"#));
}

/// A character no face has is a warning at its page and line, and the only one.
#[test]
fn a_character_no_face_has_is_reported() {
    let b = build();
    assert!(
        b.diags.contains(
            "_pages/inconnu.md:4:1: warning: character `\u{13000}` (U+13000) has no glyph"
        ),
        "{}",
        b.diags
    );
    assert_eq!(b.diags.matches("warning:").count(), 1, "{}", b.diags);
}
