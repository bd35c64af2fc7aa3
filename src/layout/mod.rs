//! Stage 5, `layout`: the resolved tree set in pages.
//!
//! Entry point: [`layout`]. The typesetting core sets one paragraph at a time (shaping,
//! hyphenation, Knuth–Plass line breaking); `blocks` turns each block into a vertical flow of
//! lines and boxes, `paginate` cuts the flow into pages, and the result is a [`page::PageModel`]:
//! everything the PDF writer draws, with its logical structure.

pub mod page;
pub mod paginate;
pub mod style;
