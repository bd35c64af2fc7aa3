//! comrak as livret reads pages with it: the options every parse of a page's markdown uses
//! ([`options`]), and the nodes of comrak's tree that hold inline content
//! ([`inline_containers`]). Shared by the markdown walker, kramdown's block rules and HTML
//! blocks, and the span passes; it names none of them.

use comrak::nodes::{AstNode, NodeValue};
use comrak::Options;

/// The comrak options livret reads pages with.
pub(super) fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.footnotes = true;
    // No `autolink`: kramdown-parser-gfm leaves bare `https://…`, `www.…` and e-mail addresses
    // as text; only `<https://…>` and `<nom@domaine.fr>` (CommonMark autolinks) are links.
    options.extension.strikethrough = true;
    options.extension.description_lists = true;
    options.extension.tasklist = true;
    // Columns stay in bytes: comrak's own conversion to characters walks the line for every
    // node, quadratic on one long line of nested quotes or emphasis; the markdown walker's
    // `Columns` does it once.
    options
}

/// The nodes of comrak's tree whose children are inline content (paragraphs, headings, table
/// cells), in document order: what the kramdown span passes rewrite.
pub(super) fn inline_containers<'a>(root: &'a AstNode<'a>) -> Vec<&'a AstNode<'a>> {
    root.descendants()
        .filter(|n| {
            matches!(
                n.data().value,
                NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell
            )
        })
        .collect()
}
