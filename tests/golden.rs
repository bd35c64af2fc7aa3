//! Golden tests: each folder of `tests/fixtures/golden/` is a tiny guide; the resolved tree dump and
//! the diagnostics are snapshotted together (`tests/snapshots/`).

use std::path::{Path, PathBuf};

use livret::diag::Diagnostics;
use livret::load::LoadOptions;
use livret::Options;

fn run_case(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/golden")
        .join(name);
    // Diagnostics name files relative to the current directory: run from the crate root.
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let rel: PathBuf = dir
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_path_buf();
    let opts = Options {
        load: LoadOptions {
            config: Some(rel.join("livret.yaml")),
            site: None,
        },
        verbose: false,
    };
    let mut diags = Diagnostics::new();
    let prepared = livret::prepare(&opts, &mut diags);
    // Image targets are canonical paths: name them from the crate root, wherever it is.
    let root = std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).unwrap();
    format!(
        "{}\n--- diagnostics ---\n{}",
        livret::book::dump::dump(&prepared.book),
        diags.render()
    )
    .replace(&format!("{}/", root.display()), "<root>/")
}

#[test]
fn basic() {
    insta::assert_snapshot!(run_case("basic"));
}

#[test]
fn broken() {
    insta::assert_snapshot!(run_case("broken"));
}

#[test]
fn html() {
    insta::assert_snapshot!(run_case("html"));
}
