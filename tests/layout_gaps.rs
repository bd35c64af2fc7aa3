//! The rendering gaps a careful reader finds, on a small guide of our own
//! (`tests/fixtures/layout-gaps`): inline images, numbered lists with a start, table column
//! alignment and header words in narrow columns, image sizes and encoded paths, soft hyphens.
//! Asserted on the page model (positions, structure), on the PDF's text layer (`pdftotext`,
//! skipped politely when poppler is absent) and on the EPUB's XHTML.

mod common;

use std::path::Path;
use std::process::Command;

use livret::layout::page::{ItemKind, NodeId, PageModel, StructKind};

fn build() -> common::Fixture {
    common::build_fixture("layout-gaps", "essais")
}

/// The PDF's text as `pdftotext` reads it, or `None` (said) without poppler.
fn pdftotext(path: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into()),
        _ => {
            common::skip("`pdftotext` (poppler-utils) is not installed");
            None
        }
    }
}

/// Every drawn item of the chapter's pages with its page index.
fn items(model: &PageModel) -> impl Iterator<Item = (usize, &livret::layout::page::PageItem)> {
    model
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.chapter.is_some())
        .flat_map(|(i, p)| p.items.iter().map(move |it| (i, it)))
}

/// The images drawn, as (width, height, node kind).
fn images(model: &PageModel) -> Vec<(f32, f32, Option<StructKind>)> {
    items(model)
        .filter_map(|(_, it)| match it.kind {
            ItemKind::Image { width, height, .. } => Some((
                width,
                height,
                it.node.map(|n| model.structure[n.0 as usize].kind.clone()),
            )),
            _ => None,
        })
        .collect()
}

/// The text runs drawn, as (page, x, baseline, right edge, text, node).
fn runs(model: &PageModel) -> Vec<(usize, f32, f32, f32, String, Option<NodeId>)> {
    items(model)
        .filter_map(|(page, it)| match &it.kind {
            ItemKind::Text(run) => Some((
                page,
                it.x,
                it.y,
                it.x + run.width(),
                run.text.clone(),
                it.node,
            )),
            _ => None,
        })
        .collect()
}

/// An image in running text (`![…](chart.png).`) is drawn, never printed as `[alt]`: a tall
/// one as a figure between the lines, a small one in its line, at the text's size; each is a
/// Figure with its alt text.
#[test]
fn inline_images_are_drawn_not_written() {
    let b = build();
    let drawn = images(&b.model);
    let figure = |alt: &str| Some(StructKind::Figure(alt.to_string()));
    let chart = drawn
        .iter()
        .find(|(_, _, k)| *k == figure("Barres bleues de la progression des équipes"))
        .expect("the chart in running text is drawn");
    let measure = livret::layout::style::Style::default().measure();
    assert!(
        (chart.0 - measure).abs() < 0.5,
        "a figure across the measure: {chart:?}"
    );
    let icon = drawn
        .iter()
        .find(|(_, _, k)| *k == figure("Carré rouge"))
        .expect("the icon is drawn");
    let body = livret::layout::style::Style::default().body.body.size;
    assert!(icon.1 <= body + 0.01, "scaled to the line: {icon:?}");
    // The icon sits in its line: between "pictogramme" and "signale", on their baseline.
    let text = runs(&b.model);
    let line = text
        .iter()
        .find(|r| r.4.contains("pictogramme"))
        .expect("the icon's line");
    let icon_item = items(&b.model)
        .find(|(_, it)| matches!(it.kind, ItemKind::Image { height, .. } if height == icon.1))
        .unwrap()
        .1;
    assert!(
        (icon_item.y + icon.1 - line.2).abs() < 0.01,
        "on the baseline"
    );
    assert!(icon_item.x >= line.3 - 0.01, "after `pictogramme`");
    if let Some(t) = pdftotext(&b.pdf) {
        assert!(!t.contains('['), "no alt text printed in brackets:\n{t}");
        assert!(t.contains("Un pictogramme"), "{t}");
        // The full stop after the chart is not left alone on a line of its own.
        assert!(!t.lines().any(|l| l.trim() == "."), "{t}");
    }
    // The EPUB keeps both images where they are.
    assert!(b.xhtml.contains("<p><img src=\"images/graphique.png\""));
    assert!(b
        .xhtml
        .contains("Un pictogramme <img src=\"images/pictogramme.png\""));
}

/// `{: start="5"}` and `<ol start="9">` number from 5 and 9 in both outputs.
#[test]
fn numbered_lists_keep_their_start() {
    let b = build();
    let text = runs(&b.model);
    let markers: Vec<&str> = text
        .iter()
        .map(|r| r.4.as_str())
        .filter(|t| t.ends_with('.') && t[..t.len() - 1].parse::<u32>().is_ok())
        .collect();
    assert_eq!(markers, ["5.", "6.", "9.", "10."]);
    assert!(b.xhtml.contains("<ol start=\"5\">"), "{}", b.xhtml);
    assert!(b.xhtml.contains("<ol start=\"9\">"), "{}", b.xhtml);
}

/// A right-aligned column (`--:`) has its cells' right edges in line; a centred one, their
/// middles.
#[test]
fn table_columns_keep_their_alignment() {
    let b = build();
    let text = runs(&b.model);
    let edge = |t: &str| {
        text.iter()
            .find(|r| r.4 == t)
            .unwrap_or_else(|| panic!("`{t}` is drawn"))
    };
    // The typography stage ties a number to its unit with a no-break space.
    let (small, large) = (edge("12\u{a0}€"), edge("1\u{202f}234,50\u{a0}€"));
    assert!(
        (small.3 - large.3).abs() < 0.05 && (small.1 - large.1).abs() > 5.0,
        "right-aligned: {small:?} {large:?}"
    );
    let (a, bb) = (edge("a"), edge("bb"));
    let middle = |r: &(usize, f32, f32, f32, String, Option<NodeId>)| (r.1 + r.3) / 2.0;
    assert!(
        (middle(a) - middle(bb)).abs() < 0.05,
        "centred: {a:?} {bb:?}"
    );
}

/// Header words too long for their column are hyphenated where French allows it, never cut
/// bare: joining each header cell's lines (a line ending in a hyphen joins the next without a
/// space) gives its words back.
#[test]
fn narrow_header_words_are_hyphenated_not_cut() {
    let b = build();
    let headers = [
        "Investigation",
        "Construction",
        "Accélération",
        "Pérennisation",
        "Transfert",
        "Financement",
        "Évaluation",
    ];
    let structure = &b.model.structure;
    let cell_of = |n: NodeId| {
        let mut at = Some(n);
        while let Some(id) = at {
            let node = &structure[id.0 as usize];
            if node.kind == StructKind::TableHeaderCell {
                return Some(id);
            }
            at = node.parent;
        }
        None
    };
    let mut cells: std::collections::BTreeMap<NodeId, Vec<(f32, f32, String)>> = Default::default();
    for (_, x, y, _, t, node) in runs(&b.model) {
        if let Some(cell) = node.and_then(cell_of) {
            cells.entry(cell).or_default().push((y, x, t));
        }
    }
    let mut words: Vec<String> = cells
        .into_values()
        .map(|mut runs| {
            runs.sort_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap());
            let mut out = String::new();
            let mut last_y = None;
            for (y, _, t) in runs {
                if last_y.is_some_and(|l| l != y) && !out.ends_with('\u{ad}') {
                    out.push(' ');
                }
                out.push_str(&t);
                last_y = Some(y);
            }
            out.replace('\u{ad}', "")
        })
        .filter(|w| headers.contains(&w.as_str()) || w.len() > 2)
        .collect();
    words.retain(|w| !["Poste", "Montant", "Part"].contains(&w.as_str()));
    assert_eq!(
        words, headers,
        "every header word whole once its lines are joined"
    );
}

/// `<img width="120" height="60">` is 90 × 45 pt (96 px to the inch), `width="50%"` half the
/// measure; the EPUB keeps the pixels. A percent-encoded path (`caf%C3%A9.png`) is found.
#[test]
fn image_sizes_and_encoded_paths_are_honoured() {
    let b = build();
    let drawn = images(&b.model);
    let find = |alt: &str| {
        drawn
            .iter()
            .find(|(_, _, k)| *k == Some(StructKind::Figure(alt.to_string())))
            .unwrap_or_else(|| panic!("`{alt}` is drawn: {drawn:?}"))
    };
    let small = find("Le même graphique, réduit");
    assert!((small.0 - 90.0).abs() < 0.01 && (small.1 - 45.0).abs() < 0.01);
    let half = find("Le même graphique, à moitié de la ligne");
    let measure = livret::layout::style::Style::default().measure();
    assert!((half.0 - measure / 2.0).abs() < 0.01, "{half:?}");
    assert!(
        (half.1 - measure / 4.0).abs() < 0.01,
        "aspect kept: {half:?}"
    );
    find("Un rectangle vert");
    assert!(
        b.xhtml
            .contains("alt=\"Le même graphique, réduit\" width=\"120\" height=\"60\""),
        "{}",
        b.xhtml
    );
    assert!(b.xhtml.contains("style=\"width: 50%\""), "{}", b.xhtml);
}

/// A Japanese word is drawn with the fallback face that has it (`layout::coverage` warns only
/// about characters no face has, tested in `tests/scripts.rs`): nothing of the fixture is
/// reported.
#[test]
fn a_japanese_word_is_drawn_not_reported() {
    let b = build();
    assert_eq!(b.diags, "");
}

/// Soft hyphens typed by the author are hyphenation points, not characters: where the word is
/// not broken, the text layer holds it whole, so a search finds it.
#[test]
fn soft_hyphens_leave_the_word_whole() {
    let b = build();
    let text = runs(&b.model);
    let word = text
        .iter()
        .find(|r| r.4.contains("anticonstitutionnellement"))
        .expect("the word whole in one run");
    assert!(!word.4.contains('\u{ad}'), "{word:?}");
    if let Some(t) = pdftotext(&b.pdf) {
        assert!(t.contains("anticonstitutionnellement."), "{t}");
    }
}
