//! Stage 2, `tree`: each page's body (markdown with raw HTML) into the one document tree.
//!
//! Entry point: [`build`]. Markdown is parsed here once, with comrak; raw HTML blocks and inline
//! HTML with a real HTML parser, into the same nodes. Links and images are left unresolved.

use crate::diag::Diagnostics;
use crate::doc::Book;
use crate::load::Site;

/// Builds the book from the loaded site, chapters in the site's reading order.
pub fn build(site: &Site, diags: &mut Diagnostics) -> Book {
    let _ = (site, diags);
    todo!("tree stage")
}
