//! Golden snapshots of the tree dump for tiny hand-written pages mixing markdown and HTML.
//!
//! Each fixture folder `tests/fixtures/tree-*/` holds one `page.md`; the page is built by hand
//! (naive front matter) so that only the tree stage runs.

use std::path::Path;

use livret::book::dump::dump;
use livret::diag::Diagnostics;
use livret::load::{Config, FrontMatter, Page, Site};

fn site_of(case: &str) -> Site {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case);
    let text = std::fs::read_to_string(dir.join("page.md")).expect("fixture page");
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("end of front matter");
    let mut front = FrontMatter {
        published: true,
        ..FrontMatter::default()
    };
    for line in rest[..end].lines() {
        if let Some((key, value)) = line.split_once(": ") {
            let value = Some(value.trim().to_string());
            match key {
                "title" => front.title = value,
                "subtitle" => front.subtitle = value,
                "permalink" => front.permalink = value,
                _ => {}
            }
        }
    }
    let body = &rest[end + 5..];
    let body_line = text[..text.len() - body.len()].lines().count() as u32 + 1;
    Site {
        config: Config {
            title: "Livret de test".into(),
            lang: "fr".into(),
            ..Config::default()
        },
        pages: vec![Page {
            source: format!("{case}/page.md").into(),
            url: front.permalink.clone().unwrap_or_default(),
            front,
            body: body.to_string(),
            body_line,
            ..Page::default()
        }],
        site_pages: Vec::new(),
        shadowed: Vec::new(),
    }
}

fn snapshot(case: &str) -> String {
    let mut diags = Diagnostics::new();
    let book = livret::tree::build(&site_of(case), &mut diags);
    format!("{}---\n{}", dump(&book), diags.render())
}

#[test]
fn mixed_markdown_and_html() {
    insta::assert_snapshot!(snapshot("tree-mixed"));
}

#[test]
fn design_system_components() {
    insta::assert_snapshot!(snapshot("tree-dsfr"));
}
