//! Unit tests of the tree stage: one construct each, markdown and HTML.

use super::*;
use crate::doc::dump::dump_chapter;
use crate::doc::Chapter;
use crate::load::FrontMatter;

/// A page whose body starts on file line 5 (four lines of front matter before it).
fn page(body: &str) -> Page {
    Page {
        source: "page.md".into(),
        front: FrontMatter {
            title: Some("Titre".into()),
            ..FrontMatter::default()
        },
        url: "/guide/page".into(),
        body: body.into(),
        body_line: 5,
        ..Page::default()
    }
}

fn chapter_of(page: &Page) -> (Chapter, Diagnostics) {
    let mut diags = Diagnostics::new();
    let chapter = chapter::build(page, &mut diags);
    (chapter, diags)
}

/// The dump of the body's chapter, without its first two lines (chapter, title).
fn dump_body(body: &str) -> String {
    let (chapter, _) = chapter_of(&page(body));
    dump_chapter(&chapter)
        .lines()
        .skip(2)
        .map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l)))
        .collect()
}

#[test]
fn smoke() {
    println!("{}", dump_body("# Titre\n\nHello *world*.\n"));
}
