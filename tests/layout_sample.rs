//! The layout of the sample book (`tests/sample`) as a whole: no typographic fault,
//! nothing past the measure, chapters on right-hand pages, notes on their call's page, table rows
//! whole, every anchor placed, the contents in the guide's language. Integration tests of
//! `layout`, through its public interface only.

mod sample;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use livret::diag::Diagnostics;
use livret::layout::audit::{audit, Faults};
use livret::layout::page::{ItemKind, LinkDest, NodeId, PageKind, PageModel, StructKind};
use livret::layout::style::Style;

/// The sample book laid out once for every test.
fn model() -> &'static (PageModel, Style) {
    static MODEL: OnceLock<(PageModel, Style)> = OnceLock::new();
    MODEL.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("livret-audit-{}", std::process::id()));
        let book = sample::book(&dir);
        let style = Style::default();
        let mut diags = Diagnostics::new();
        let model = livret::layout::layout(&book, &style, &mut diags);
        assert!(diags.is_empty(), "{}", diags.render());
        (model, style)
    })
}

fn ancestors(model: &PageModel, mut n: NodeId) -> Vec<NodeId> {
    let mut out = vec![n];
    while let Some(p) = model.structure[n.0 as usize].parent {
        out.push(p);
        n = p;
    }
    out
}

#[test]
fn sample_book_has_no_faults_and_20_pages() {
    let (model, style) = model();
    assert!(model.pages.len() >= 20, "{} pages", model.pages.len());
    assert_eq!(audit(model, style), Faults::default());
}

#[test]
fn no_text_wider_than_the_measure() {
    let (model, style) = model();
    for (p, page) in model.pages.iter().enumerate() {
        let left = style.left(p);
        for item in &page.items {
            if let ItemKind::Text(run) = &item.kind {
                let (hang_left, hang_right) = run.hang();
                assert!(
                    item.x + hang_left >= left - 0.5,
                    "page {}: {:?}",
                    p + 1,
                    run.text
                );
                assert!(
                    item.x + run.width() - hang_right <= left + style.measure() + 0.5,
                    "page {}: {:?} ends at {}",
                    p + 1,
                    run.text,
                    item.x + run.width() - left
                );
            }
        }
    }
}

#[test]
fn chapters_open_on_right_hand_pages() {
    let (model, _) = model();
    let openings: Vec<u32> = model
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::ChapterOpening)
        .map(|p| p.number)
        .collect();
    assert_eq!(openings.len(), 4);
    assert!(openings.iter().all(|n| n % 2 == 1), "{openings:?}");
    for e in model.page_map.iter().filter(|e| e.block.is_none()) {
        assert_eq!(
            e.page % 2,
            0,
            "chapter {} on page index {}",
            e.chapter,
            e.page
        );
    }
}

#[test]
fn footnotes_sit_on_the_page_of_their_call() {
    let (model, _) = model();
    let mut checked = 0;
    for (p, page) in model.pages.iter().enumerate() {
        for link in &page.links {
            if let LinkDest::Anchor(name) = &link.target {
                if name.contains("-fn-") {
                    assert_eq!(model.anchors[name].page, p, "note {name}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 8);
}

#[test]
fn table_rows_are_whole_and_the_header_repeats() {
    let (model, _) = model();
    let mut row_pages: BTreeMap<NodeId, Vec<usize>> = BTreeMap::new();
    let mut header_pages = Vec::new();
    for (p, page) in model.pages.iter().enumerate() {
        for item in &page.items {
            let ItemKind::Text(run) = &item.kind else {
                continue;
            };
            match item.node {
                Some(n) => {
                    for a in ancestors(model, n) {
                        if model.structure[a.0 as usize].kind == StructKind::TableRow {
                            let pages = row_pages.entry(a).or_default();
                            if !pages.contains(&p) {
                                pages.push(p);
                            }
                        }
                    }
                }
                None if run.text == "Rôle dans l’équipe" => header_pages.push(p),
                None => {}
            }
        }
    }
    assert!(row_pages.len() > 40);
    assert!(row_pages.values().all(|p| p.len() == 1), "a row was split");
    assert!(!header_pages.is_empty(), "the header was not repeated");
}

#[test]
fn every_anchor_and_outline_entry_is_placed() {
    let (model, _) = model();
    // The contents' bookmark, then the four chapters.
    assert_eq!(model.outline.len(), 5);
    assert_eq!(
        model.outline[0].title,
        livret::layout::pages::toc::title("fr")
    );
    for ch in &model.outline[1..] {
        assert!(model.anchors.contains_key(&ch.anchor), "{}", ch.anchor);
        assert_eq!(ch.children.len(), 2, "{:?}", ch.children);
    }
    assert!(model.anchors.contains_key("construction-fin"));
}

/// The contents speak the guide's language, in the bookmarks and the tag tree alike.
#[test]
fn the_contents_title_follows_the_language() {
    let dir = std::env::temp_dir().join(format!("livret-toc-{}", std::process::id()));
    let mut book = sample::book(&dir);
    book.meta.lang = "en".into();
    let style = Style::default();
    let model = livret::layout::layout(&book, &style, &mut Diagnostics::new());
    assert_eq!(model.outline[0].title, "Contents");
    assert!(model
        .structure
        .iter()
        .any(|n| n.kind == StructKind::Heading(1, "Contents".into())));
    let _ = std::fs::remove_dir_all(&dir);
}
