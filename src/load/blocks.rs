//! The block structure of a body as comrak sees it, for the clean-up passes: which lines are
//! code (left untouched) and which lines each block spans (for kramdown attribute lists).

use std::ops::Range;

use comrak::arena_tree::NodeEdge;
use comrak::nodes::NodeValue;
use comrak::{parse_document, Arena, Options};

/// One block of the body: its 1-based first and last body lines and its nesting depth
/// (1 for the document's children).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub start: u32,
    pub end: u32,
    pub depth: u32,
    pub heading: bool,
    pub code: bool,
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.footnotes = true;
    o.extension.strikethrough = true;
    o
}

/// Every block of `text` (document order).
pub fn blocks(text: &str) -> Vec<Block> {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let mut out = Vec::new();
    // Depth kept while walking (counting each node's ancestors would be quadratic on
    // thousands of nested block quotes).
    let mut depth = 0u32;
    for edge in root.traverse() {
        let node = match edge {
            NodeEdge::Start(node) => {
                depth += 1;
                node
            }
            NodeEdge::End(_) => {
                depth -= 1;
                continue;
            }
        };
        let depth = depth - 1;
        let data = node.data();
        if !data.value.block() || matches!(data.value, NodeValue::Document) {
            continue;
        }
        let pos = data.sourcepos;
        out.push(Block {
            start: pos.start.line as u32,
            end: pos.end.line.max(pos.start.line) as u32,
            depth,
            heading: matches!(data.value, NodeValue::Heading(_)),
            code: matches!(data.value, NodeValue::CodeBlock(_)),
        });
    }
    out
}

/// Byte offset of the start of each line of `text` (plus `text.len()` at the end).
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    if *starts.last().unwrap_or(&0) != text.len() {
        starts.push(text.len());
    }
    starts
}

/// The byte ranges of `text` (whole lines) that are code blocks, sorted.
pub fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let starts = line_starts(text);
    let at = |line: u32| {
        starts
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(text.len())
    };
    let mut ranges: Vec<Range<usize>> = blocks(text)
        .into_iter()
        .filter(|b| b.code)
        .map(|b| at(b.start)..at(b.end + 1))
        .collect();
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// For each 1-based body line up to `lines` (index 0 unused), whether it is inside a code
/// block: one pass over the blocks, so that asking about every line stays linear (a page of
/// 100,000 list items has as many blocks as lines).
pub fn code_lines(blocks: &[Block], lines: usize) -> Vec<bool> {
    let mut code = vec![false; lines + 1];
    for b in blocks.iter().filter(|b| b.code) {
        let end = (b.end as usize).min(lines);
        let start = (b.start as usize).min(end + 1);
        for flag in code.iter_mut().take(end + 1).skip(start) {
            *flag = true;
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_ranges_cover_fenced_and_indented() {
        let text = "para\n\n```\n{{ x }}\n```\n\n    indented\n\nend\n";
        let ranges = code_ranges(text);
        let parts: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(parts, ["```\n{{ x }}\n```\n", "    indented\n"]);
    }

    #[test]
    fn code_lines_are_flagged_in_one_pass() {
        let text = "para\n\n```\nx\n```\n\n- a\n- b\n";
        let code = code_lines(&blocks(text), 8);
        let flagged: Vec<usize> = (1..=8).filter(|&l| code[l]).collect();
        assert_eq!(flagged, [3, 4, 5]);
    }

    #[test]
    fn list_continuation_is_not_code() {
        let text = "- item\n\n    more text\n";
        assert!(code_ranges(text).is_empty());
    }

    #[test]
    fn blocks_have_lines_and_depth() {
        let b = blocks("# T\n\n- a\n- b\n");
        assert_eq!((b[0].start, b[0].end, b[0].heading), (1, 1, true));
        let list = b.iter().find(|x| x.depth == 1 && x.start == 3).unwrap();
        assert_eq!(list.end, 4);
    }
}
