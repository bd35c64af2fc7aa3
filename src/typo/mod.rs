//! Stage 4, `typo`: French orthotypography on the tree's text (never in code or URLs).
//!
//! Entry point: [`apply`].

use crate::doc::Book;

/// Rewrites the book's text following the rules of its language (`lang="en"` spans follow
/// English rules). Idempotent: already-correct text is left alone.
pub fn apply(book: &mut Book) {
    let _ = book;
    todo!("typo stage")
}
