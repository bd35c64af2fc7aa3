//! What the fuzz targets (`fuzz/`) found, each kept as the smallest input that showed it, with
//! the property it broke. Run in memory, through the library.

use livret::diag::Diagnostics;
use livret::doc::{Block, Book, BookMeta, Chapter, Inline, Pos};
use livret::layout::page::{ItemKind, PageModel};
use livret::layout::style::Style;
use livret::layout::{self, LayoutOptions};

/// A book of one chapter, titled `title`, holding the paragraph `text`.
fn book(title: &str, text: &str) -> Book {
    Book {
        meta: BookMeta {
            title: title.to_string(),
            lang: "fr".to_string(),
            ..BookMeta::default()
        },
        chapters: vec![Chapter {
            id: "c0".to_string(),
            source: "c0.md".into(),
            url: "/c0".to_string(),
            title: vec![Inline::Text("Chapitre".to_string())],
            blocks: vec![Block::Paragraph {
                content: vec![Inline::Text(text.to_string())],
                pos: Pos::new(1, 1),
            }],
            ..Chapter::default()
        }],
    }
}

/// The text runs (artifacts aside) that end past the text block's right edge.
fn overfull(model: &PageModel, style: &Style) -> Vec<String> {
    let mut found = Vec::new();
    for (p, page) in model.pages.iter().enumerate() {
        let right = style.left(p) + style.measure() + 0.5;
        for item in &page.items {
            if let ItemKind::Text(run) = &item.kind {
                if item.node.is_some() && item.x + run.width() > right {
                    found.push(format!("page {p}: {:?}", run.text));
                }
            }
        }
    }
    found
}

/// `layout` target: a cover title of 172 `…` ran 3,127 pt past the measure, as a stretch of
/// characters that may not start a line (`…`, `!`, `)`) or end one (`(`, `«`) had no emergency
/// break at all. Now such a stretch breaks between two of its own characters.
#[test]
fn a_stretch_of_punctuation_wider_than_the_measure_breaks() {
    let style = Style::default();
    for stretch in [
        "…".repeat(172),
        "!".repeat(300),
        "(".repeat(300),
        "»".repeat(200),
    ] {
        let book = book(&stretch, &format!("Avant {stretch} après."));
        let mut diags = Diagnostics::new();
        let (model, _) = layout::layout_with(&book, &style, &LayoutOptions::default(), &mut diags);
        assert_eq!(overfull(&model, &style), Vec::<String>::new(), "{stretch}");
    }
}
