//! Pages: the flow of each chapter cut into pages ([`paginate`]: keeps, widows and orphans,
//! footnotes, running heads and folios), the folios settled by laying the chapters out again
//! until internal references print the right ones ([`fixpoint`], with [`page_refs`], what a
//! chapter's references look up), and the pages outside the chapters' flow: the [`cover`] and
//! its verso, the contents ([`toc`]) and the [`back_cover`].

pub mod back_cover;
pub mod cover;
pub mod fixpoint;
pub mod page_refs;
pub mod paginate;
pub mod toc;
