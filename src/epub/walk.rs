//! The EPUB stage's walk is [`doc::visit`]'s read-only one: every block and every inline of a
//! chapter, in the order the XHTML document is written in (title, subtitle, blocks, then
//! footnotes). `ids.rs` (anchors, heading levels, note calls) and `images.rs` (the image files)
//! call it as `walk::chapter`; nothing of the tree's structure is spelled out here.
//!
//! [`doc::visit`]: crate::doc::visit

pub(super) use crate::doc::visit::{chapter, Node};
