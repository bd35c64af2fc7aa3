//! The block structure of a body as comrak sees it, for the clean-up passes: which lines are
//! code (left untouched) and which lines each block spans (for kramdown attribute lists).

use std::ops::Range;

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
    for node in root.descendants() {
        let data = node.data();
        if !data.value.block() || matches!(data.value, NodeValue::Document) {
            continue;
        }
        let depth = node.ancestors().count() as u32 - 1;
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

/// Whether 1-based body line `line` is inside a code block.
pub fn is_code_line(blocks: &[Block], line: u32) -> bool {
    blocks
        .iter()
        .any(|b| b.code && b.start <= line && line <= b.end)
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
