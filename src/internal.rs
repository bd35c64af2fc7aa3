//! Bugs inside livret, as opposed to bad input: which file a stage was working on when one
//! struck (for the "internal error" report of `main`), and a deliberate panic to test that report.
//!
//! The stages call [`processing`] as they reach each file: one thread-local store of a path,
//! cheap enough to do per page and per image.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where users should report an internal error.
pub const REPORT_TO: &str = "the livret issue tracker, with the file named here";

/// The environment variable that makes a stage panic on purpose (a debugging aid for testing
/// the internal-error report, never set in normal use): its value is a stage name (`load`,
/// `tree`, `resolve`, `layout`, `epub`), or `1` for `tree`.
pub const TEST_PANIC_VAR: &str = "LIVRET_TEST_PANIC";

thread_local! {
    static CURRENT: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
}

/// Notes that the current stage is now working on `file`.
pub fn processing(file: &Path) {
    CURRENT.with(|c| *c.borrow_mut() = Some(file.to_path_buf()));
}

/// The file the current stage is working on, if it said.
pub fn current() -> Option<PathBuf> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Panics when [`TEST_PANIC_VAR`] names `stage`: the deliberate bug the tests use.
pub fn test_panic(stage: &str) {
    static WANTED: OnceLock<Option<String>> = OnceLock::new();
    let wanted = WANTED.get_or_init(|| {
        std::env::var(TEST_PANIC_VAR)
            .ok()
            .map(|v| if v == "1" { "tree".to_string() } else { v })
    });
    if wanted.as_deref() == Some(stage) {
        panic!("deliberate panic in `{stage}` ({TEST_PANIC_VAR} is set)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_file_is_kept_per_thread() {
        processing(Path::new("a.md"));
        assert_eq!(current(), Some(PathBuf::from("a.md")));
        std::thread::spawn(|| assert_eq!(current(), None))
            .join()
            .unwrap();
        processing(Path::new("b.md"));
        assert_eq!(current(), Some(PathBuf::from("b.md")));
    }
}
