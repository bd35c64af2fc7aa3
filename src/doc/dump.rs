//! The tree as stable, readable text: what `livret tree` prints and what snapshot tests compare.

use super::Book;

/// One line per node, indented by depth, positions as `@line:col`.
pub fn dump(book: &Book) -> String {
    let _ = book;
    todo!("tree dump")
}
