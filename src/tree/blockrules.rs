//! kramdown's block rules where they differ from CommonMark's, applied to the body's text
//! before comrak reads it for good.
//!
//! comrak reads the body once; where it builds a block that kramdown (GFM input, as Jekyll
//! configures it) would not, [`align`] edits the text so that comrak builds kramdown's: a
//! backslash before the character that made the block, a list number rewritten, or spaces
//! added or removed. Lines are never added or removed, so every line number stays a file line;
//! columns after an edit move by a character or two on that line only. The rules, each checked
//! against kramdown 2.4 with kramdown-parser-gfm:
//!
//! - `1)` is not a list marker: kramdown knows only `1.`;
//! - a numbered list may interrupt a paragraph at any number (CommonMark: only at `1.`);
//! - an ATX heading starts at the line's first column, has text, and is never empty: ` ## x`
//!   and a lone `##` are paragraph text;
//! - a setext underline under a paragraph of several lines, and `***` or `___` right under a
//!   paragraph line, are paragraph text;
//! - a table starts after a blank line (or at the start of its container), never right under
//!   another block;
//! - a list marker alone on its line (`*`, `1.`) starts no item;
//! - an item's text may start any number of spaces after its marker (CommonMark reads five or
//!   more as code);
//! - a `---` line right under a list item's text underlines it as a heading, inside the item.

use comrak::nodes::{AstNode, ListDelimType, ListType, NodeValue};
use comrak::{parse_document, Arena};

use super::commonmark::options;

/// How many times the text is read again after edits: each pass settles what the previous one
/// uncovered (an edited line can let comrak see the next one differently).
const MAX_PASSES: usize = 4;

/// One change to one line: at byte `at`, remove `remove` bytes and insert `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    /// 0-based line.
    line: usize,
    at: usize,
    remove: usize,
    insert: String,
}

impl Edit {
    fn escape(line: usize, at: usize) -> Self {
        Edit {
            line,
            at,
            remove: 0,
            insert: "\\".into(),
        }
    }
}

/// The body's text edited so that comrak reads kramdown's blocks (see the module comment).
pub fn align(markdown: &str) -> String {
    let mut text = markdown.to_string();
    for _ in 0..MAX_PASSES {
        let edits = {
            let arena = Arena::new();
            let root = parse_document(&arena, &text, &options());
            let lines: Vec<&str> = text.lines().collect();
            let mut edits = Vec::new();
            for node in root.descendants() {
                check(node, &lines, &mut edits);
            }
            edits
        };
        if edits.is_empty() {
            break;
        }
        text = apply(&text, edits);
    }
    text
}

/// Applies edits (at most one per place), last first so that earlier offsets stay right.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse((e.line, e.at)));
    // Edits at one place apply in the order they were asked for (the sort is stable).
    edits.dedup();
    let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    for edit in edits {
        let Some(line) = lines.get_mut(edit.line) else {
            continue;
        };
        let end = edit.at + edit.remove;
        if end > line.len() || !line.is_char_boundary(edit.at) || !line.is_char_boundary(end) {
            continue;
        }
        line.replace_range(edit.at..end, &edit.insert);
    }
    lines.concat()
}

/// The edits one node asks for.
fn check<'a>(node: &'a AstNode<'a>, lines: &[&str], edits: &mut Vec<Edit>) {
    let data = node.data();
    let start = data.sourcepos.start;
    let end = data.sourcepos.end;
    // 0-based line and byte column of the node's start.
    let (line, col) = (start.line.saturating_sub(1), start.column.saturating_sub(1));
    let Some(text) = lines.get(line).copied() else {
        return;
    };
    match &data.value {
        NodeValue::Item(item) if item.delimiter == ListDelimType::Paren => {
            // `1)`: escape the parenthesis.
            if let Some(paren) = marker_end(text, col) {
                edits.push(Edit::escape(line, paren - 1));
            }
        }
        NodeValue::Item(item) => {
            let Some(marker_end) = marker_end(text, col) else {
                return;
            };
            let after = &text[marker_end..];
            if node.first_child().is_none() && after.is_empty() {
                // A marker alone, nothing after it: kramdown reads text.
                let at = if item.list_type == ListType::Ordered {
                    marker_end - 1
                } else {
                    col
                };
                edits.push(Edit::escape(line, at));
            } else if first_child_is_indented_code(node, start.line) {
                // `-        text`: one space after the marker.
                let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
                edits.push(Edit {
                    line,
                    at: marker_end,
                    remove: spaces,
                    insert: " ".into(),
                });
            }
        }
        NodeValue::Paragraph => {
            // The first such line only: the next pass reads the lines after it as items.
            let quoted = in_quote(node);
            let first = lines
                .iter()
                .enumerate()
                .take(end.line)
                .skip(start.line)
                .find_map(|(l, raw)| Some((l, interrupting_number(raw, col, quoted)?)));
            if let Some((l, (at, len))) = first {
                edits.push(Edit {
                    line: l,
                    at,
                    remove: len,
                    insert: "1".into(),
                });
            }
        }
        NodeValue::Heading(h) if !h.setext => {
            // `col` is the first `#`.
            let rest = text[col.min(text.len())..].trim_start_matches('#');
            if col > content_column(node) || rest.trim().is_empty() {
                edits.push(Edit::escape(line, col));
            }
        }
        NodeValue::Heading(_) if end.line > start.line + 1 => {
            // A setext heading under several lines: the underline, its last line, is text.
            if let Some(underline) = lines.get(end.line - 1) {
                let at = underline.len() - underline.trim_start().len();
                edits.push(Edit::escape(end.line - 1, at));
            }
        }
        NodeValue::ThematicBreak => rule_under_paragraph(node, lines, line, edits),
        NodeValue::Table(_) => {
            let after_text = line > 0
                && lines.get(line - 1).is_some_and(|l| !l.trim().is_empty())
                && node.previous_sibling().is_some();
            if after_text {
                // Break the delimiter row: the lines stay paragraph text.
                if let Some(delimiter) = lines.get(line + 1) {
                    let at = delimiter.len() - delimiter.trim_start().len();
                    edits.push(Edit::escape(line + 1, at));
                }
            }
        }
        _ => {}
    }
    let lazy = matches!(
        data.value,
        NodeValue::Heading(_)
            | NodeValue::ThematicBreak
            | NodeValue::BlockQuote
            | NodeValue::Table(_)
    );
    if lazy {
        lazy_after_list(node, lines, line, edits);
    }
}

/// `***` or `___` right under a paragraph line: kramdown reads it as the paragraph's text.
fn rule_under_paragraph<'a>(
    node: &'a AstNode<'a>,
    lines: &[&str],
    line: usize,
    edits: &mut Vec<Edit>,
) {
    let (Some(previous), Some(text)) = (node.previous_sibling(), lines.get(line)) else {
        return;
    };
    if line == 0 || lines[line - 1].trim().is_empty() {
        return;
    }
    let previous = previous.data();
    // `sourcepos` lines are 1-based: the previous block ends on the line just above.
    if previous.sourcepos.end.line != line || !matches!(previous.value, NodeValue::Paragraph) {
        return;
    }
    let at = text.len() - text.trim_start().len();
    let mut chars = text[at..].chars();
    let (first, second) = (chars.next(), chars.next());
    if first == Some('_') || first == Some('*') && !matches!(second, Some(' ' | '\t')) {
        edits.push(Edit::escape(line, at));
    }
}

/// A block right under a list's last line (no blank line between) that is not a new item:
/// kramdown takes its lines, up to the next blank line, lazily into the last item (a heading,
/// a `---` underlining the item's text, a quote…); CommonMark ends the list. Indenting those
/// lines to the item's content gives comrak kramdown's reading.
fn lazy_after_list<'a>(node: &'a AstNode<'a>, lines: &[&str], line: usize, edits: &mut Vec<Edit>) {
    let Some(list) = node.previous_sibling() else {
        return;
    };
    let ordered = {
        let data = list.data();
        let NodeValue::List(l) = &data.value else {
            return;
        };
        // `sourcepos` lines are 1-based: the list ends on the line just above, not blank.
        let above_blank = line == 0 || lines.get(line - 1).is_none_or(|l| l.trim().is_empty());
        if data.sourcepos.end.line != line || above_blank {
            return;
        }
        l.list_type == ListType::Ordered
    };
    let Some(item) = list.last_child() else {
        return;
    };
    let indent = {
        let data = item.data();
        let NodeValue::Item(i) = &data.value else {
            return;
        };
        data.sourcepos.start.column.saturating_sub(1) + i.padding
    };
    for (l, raw) in lines.iter().enumerate().skip(line) {
        let lead = raw.len() - raw.trim_start_matches(' ').len();
        let rest = &raw[lead..];
        let new_item = lead <= 3 && starts_item(rest, ordered);
        if raw.trim().is_empty() || new_item || lead <= 3 && rest.starts_with('<') {
            break;
        }
        if lead < indent {
            edits.push(Edit {
                line: l,
                at: 0,
                remove: 0,
                insert: " ".repeat(indent - lead),
            });
        }
    }
}

/// Whether `rest` (a line after its indentation) starts an item of a bullet list (`-`, `*`,
/// `+`) or of a numbered one (`12.`), then a space or tab, as kramdown reads items.
fn starts_item(rest: &str, ordered: bool) -> bool {
    let after = if ordered {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        (digits > 0)
            .then(|| rest[digits..].strip_prefix('.'))
            .flatten()
    } else {
        rest.strip_prefix(['-', '*', '+'])
    };
    after.is_some_and(|a| a.starts_with([' ', '\t']) || a.is_empty())
}

/// The byte just past a list marker (`-`, `*`, `+`, `12.`, `3)`) starting at byte `col`.
fn marker_end(text: &str, col: usize) -> Option<usize> {
    let rest = text.get(col..)?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let next = rest[digits..].chars().next()?;
    let ok = if digits > 0 {
        matches!(next, '.' | ')')
    } else {
        matches!(next, '-' | '*' | '+')
    };
    ok.then_some(col + digits + 1)
}

/// Whether an item's first child is an indented code block on the marker's line.
fn first_child_is_indented_code<'a>(item: &'a AstNode<'a>, line: usize) -> bool {
    item.first_child().is_some_and(|c| {
        let c = c.data();
        matches!(&c.value, NodeValue::CodeBlock(code) if !code.fenced)
            && c.sourcepos.start.line == line
    })
}

/// The 0-based byte column where the content of a block's container starts: 0 in the document,
/// past the marker and its spaces in a list item (block quotes: the block's own column).
fn content_column<'a>(node: &'a AstNode<'a>) -> usize {
    let Some(parent) = node.parent() else {
        return 0;
    };
    let p = parent.data();
    match &p.value {
        NodeValue::Document => 0,
        NodeValue::Item(item) => p.sourcepos.start.column.saturating_sub(1) + item.padding,
        _ => node.data().sourcepos.start.column.saturating_sub(1),
    }
}

/// Whether the node sits inside a block quote (whose lines carry `>` prefixes).
fn in_quote<'a>(node: &'a AstNode<'a>) -> bool {
    node.ancestors()
        .any(|a| matches!(a.data().value, NodeValue::BlockQuote))
}

/// In a paragraph's later line, a numbered list marker other than `1.` that kramdown reads
/// as a list start (at most three spaces in from the container's column `col`, then digits, a
/// full stop, a space or tab and text): the digits' byte offset and length.
fn interrupting_number(raw: &str, col: usize, quoted: bool) -> Option<(usize, usize)> {
    if quoted {
        return None;
    }
    let indent = raw.len() - raw.trim_start_matches(' ').len();
    let relative = if indent >= col { indent - col } else { indent };
    if relative > 3 {
        return None;
    }
    let rest = &raw[indent..];
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 9 || &rest[..digits] == "1" {
        return None;
    }
    let tail = rest[digits..].strip_prefix('.')?;
    let starts_with_space = tail.starts_with([' ', '\t']);
    (starts_with_space && !tail.trim().is_empty()).then_some((indent, digits))
}

#[cfg(test)]
mod tests {
    use super::align;

    fn kept(text: &str) {
        assert_eq!(align(text), text, "should be left as it is");
    }

    #[test]
    fn paren_markers_are_text() {
        assert_eq!(
            align("Intro :\n\n1) un\n2) deux\n"),
            "Intro :\n\n1\\) un\n2\\) deux\n"
        );
        assert_eq!(align("texte\n1) un\n"), "texte\n1\\) un\n");
        kept("1. un\n2. deux\n");
    }

    #[test]
    fn any_number_interrupts_a_paragraph() {
        assert_eq!(
            align("Para\n2. deux\n3. trois\n"),
            "Para\n1. deux\n3. trois\n"
        );
        assert_eq!(
            align("Il y a eu\n2019. Une année\n"),
            "Il y a eu\n1. Une année\n"
        );
        kept("Para\n1. un\n");
        kept("Para\n    2. indenté\n");
        kept("Para\n2.5 pas une liste\n");
    }

    #[test]
    fn atx_headings_as_kramdown_reads_them() {
        assert_eq!(align(" ## Titre\n\nx\n"), " \\## Titre\n\nx\n");
        assert_eq!(align("##\n\nx\n"), "\\##\n\nx\n");
        assert_eq!(align("### \n"), "\\### \n");
        kept("## Titre\n");
        kept("- item\n\n  ## Titre dans l'item\n");
    }

    #[test]
    fn setext_and_rules_under_paragraphs() {
        assert_eq!(align("Un\ndeux\n---\n"), "Un\ndeux\n\\---\n");
        kept("Un\n---\n");
        assert_eq!(align("Un\n***\n"), "Un\n\\***\n");
        assert_eq!(align("Un\n___\n"), "Un\n\\___\n");
        kept("Un\n* * *\n");
        kept("Un\n\n***\n");
        assert_eq!(align("* a\n* b\n---\n"), "* a\n* b\n  ---\n");
        kept("* a\n\n---\n");
    }

    #[test]
    fn blocks_right_under_a_list_are_lazy_lines_of_its_last_item() {
        assert_eq!(
            align("*   a\n*   b\n## Titre\nTexte\n*   c\n"),
            "*   a\n*   b\n    ## Titre\n    Texte\n*   c\n"
        );
        assert_eq!(
            align("* a\n* b\n---\nSuite\n\nAprès\n"),
            "* a\n* b\n  ---\n  Suite\n\nAprès\n"
        );
        assert_eq!(align("1. a\n> cité\n"), "1. a\n   > cité\n");
        kept("* a\n\n## Titre\n");
        kept("* a\n<!--livret:0-->\n");
        kept("- a\n \n### Titre\n");
    }

    #[test]
    fn tables_need_a_blank_line_before() {
        assert_eq!(
            align("Texte\n| a | b |\n| --- | --- |\n| 1 | 2 |\n"),
            "Texte\n| a | b |\n\\| --- | --- |\n| 1 | 2 |\n"
        );
        assert_eq!(
            align("# Titre\n|a|b|\n|-|-|\n"),
            "# Titre\n|a|b|\n\\|-|-|\n"
        );
        kept("Texte\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n");
        kept("| a | b |\n| --- | --- |\n");
    }

    #[test]
    fn list_items_as_kramdown_reads_them() {
        assert_eq!(align("* a\n*\n\nx\n"), "* a\n\\*\n\nx\n");
        assert_eq!(align("1. a\n2.\n"), "1. a\n2\\.\n");
        kept("* a\n* \n");
        assert_eq!(
            align("-        Le poids\n-        Plus\n"),
            "- Le poids\n- Plus\n"
        );
    }

    #[test]
    fn code_and_html_are_left_alone() {
        kept("```\n1) x\n##\n```\n");
        kept("    1) code\n");
        kept("<!--livret:0\n\n-->\n");
    }
}
