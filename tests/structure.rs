//! The code's structure holds: no import cycle between files of `src/` and no function over
//! 120 lines outside tests and the line breaker (`scripts/structure-check`, which says how it
//! reads the imports). Skips, saying why, without `python3`.

mod common;

use std::process::Command;

#[test]
fn no_import_cycle_and_no_long_function() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/structure-check");
    let out = match Command::new("python3").arg(script).output() {
        Ok(out) => out,
        Err(_) => return common::skip("`python3` is not installed"),
    };
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.contains("import cycles between files of src/: 0"),
        "{report}"
    );
    assert!(report.contains("functions over 120 lines"), "{report}");
}
