//! The synthetic bench guide (`benches/support/synth.rs`) is deterministic, loads without a
//! diagnostic, and every one of its links resolves, in livret and in the Typst and HTML copies.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::collections::BTreeSet;
use std::path::Path;

use livret::diag::Diagnostics;
use livret::load::LoadOptions;

#[test]
fn the_same_seed_gives_the_same_guide() {
    assert_eq!(synth::generate(30), synth::generate(30));
    // Pages do not depend on the guide's length, only their links' targets do.
    let (short, long) = (synth::generate(5), synth::generate(50));
    assert_eq!(short.pages[3].title, long.pages[3].title);
    assert_eq!(short.pages[3].blocks.len(), long.pages[3].blocks.len());
}

#[test]
fn the_written_guide_builds_with_every_link_resolved() {
    let dir = std::env::temp_dir().join(format!("livret-synth-test-{}", std::process::id()));
    let written = synth::write_guide(&dir, 24, Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut diags = Diagnostics::new();
    let opts = livret::Options {
        load: LoadOptions {
            config: Some(written.config.clone()),
            site: None,
        },
        verbose: false,
    };
    let prepared = livret::prepare(&opts, &mut diags);
    let typst = std::fs::read_to_string(&written.typst).unwrap();
    let html = std::fs::read_to_string(&written.html).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();

    assert!(diags.is_empty(), "diagnostics: {diags:?}");
    assert_eq!(prepared.pages, 24);
    assert_eq!(prepared.book.chapters.len(), 24);
    assert_eq!(prepared.links.broken, 0);
    assert!(prepared.links.internal > 24, "{:?}", prepared.links);
    assert!(prepared.links.external > 0, "{:?}", prepared.links);

    // Every Typst link names a label the document defines; likewise every HTML `#` link.
    let between = |text: &str, open: &str, close: char| -> BTreeSet<String> {
        text.split(open)
            .skip(1)
            .filter_map(|s| s.split_once(close).map(|(label, _)| label.to_string()))
            .collect()
    };
    let linked = between(&typst, "#link(<", '>');
    let defined: BTreeSet<String> = between(&typst, " <", '>');
    assert!(!linked.is_empty());
    assert!(
        linked.is_subset(&defined),
        "{:?}",
        linked.difference(&defined)
    );
    let hrefs = between(&html, "href=\"#", '"');
    let ids = between(&html, " id=\"", '"');
    assert!(!hrefs.is_empty());
    assert!(hrefs.is_subset(&ids), "{:?}", hrefs.difference(&ids));
}
