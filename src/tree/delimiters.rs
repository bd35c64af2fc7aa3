//! Emphasis delimiters hidden from comrak, so that kramdown's emphasis rules decide them.
//!
//! comrak applies CommonMark's flanking rules to `*` and `_`; kramdown has rules of its own
//! (`L**’ambition**` is bold in kramdown, literal in CommonMark). Before comrak reads a body,
//! [`hide`] swaps every unescaped `*` and `_` that could only be an emphasis delimiter for a
//! private-use stand-in, one character for one (so comrak's line and character columns stay
//! right): comrak then reads it as a plain character. [`super::emphasis`] runs kramdown's
//! algorithm on the stand-ins of inline text and [`restore`] gives the characters back
//! everywhere else (code, URLs, raw HTML, image alt texts, refused delimiters).
//!
//! Kept as they are, because they build blocks: list bullets (`* item`, after any `>` and list
//! markers of the line) and thematic breaks (`***`, `_ _ _`). Escaped `\*` and `\_` are left to
//! comrak, which makes them literal characters, as kramdown does.

use std::borrow::Cow;

use comrak::nodes::{AstNode, NodeValue};

/// Stands for a `*` that may be an emphasis delimiter.
pub const STAR: char = '\u{e000}';
/// Stands for a `_` that may be an emphasis delimiter.
pub const UNDERSCORE: char = '\u{e001}';

/// The delimiter a stand-in stands for, if `c` is one.
pub fn delimiter(c: char) -> Option<char> {
    match c {
        STAR => Some('*'),
        UNDERSCORE => Some('_'),
        _ => None,
    }
}

/// `markdown` with its possible emphasis delimiters swapped for stand-ins (see the module
/// comment). Same number of characters on every line.
pub fn hide(markdown: &str) -> String {
    if !markdown.contains(['*', '_']) {
        return markdown.to_string();
    }
    let mut out = String::with_capacity(markdown.len() + 16);
    for line in markdown.split_inclusive('\n') {
        let start = block_prefix(line);
        let rest = &line[start..];
        out.push_str(&line[..start]);
        if is_thematic_break(rest) {
            out.push_str(rest);
            continue;
        }
        let mut backslashes = 0;
        for c in rest.chars() {
            let escaped = backslashes % 2 == 1;
            backslashes = if c == '\\' { backslashes + 1 } else { 0 };
            match c {
                '*' if !escaped => out.push(STAR),
                '_' if !escaped => out.push(UNDERSCORE),
                _ => out.push(c),
            }
        }
    }
    out
}

/// The byte length of a line's block markers: indentation, `>`, bullets and ordered-list
/// numbers, in any sequence.
fn block_prefix(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else {
            return i;
        };
        let spaced = |j: usize| bytes.get(j).is_none_or(|c| c.is_ascii_whitespace());
        if b == b'>' || matches!(b, b'*' | b'-' | b'+') && spaced(i + 1) {
            i += 1;
        } else if b.is_ascii_digit() {
            let digits = bytes[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let marker = bytes
                .get(i + digits)
                .is_some_and(|c| matches!(c, b'.' | b')'));
            if digits <= 9 && marker && spaced(i + digits + 1) {
                i += digits + 1;
            } else {
                return i;
            }
        } else {
            return i;
        }
    }
}

/// Whether the rest of a line is a thematic break of `*` or `_` (three or more, spaces between).
fn is_thematic_break(rest: &str) -> bool {
    let t = rest.trim();
    let Some(first) = t.chars().next().filter(|c| matches!(c, '*' | '_')) else {
        return false;
    };
    t.chars().all(|c| c == first || c == ' ' || c == '\t')
        && t.chars().filter(|&c| c == first).count() >= 3
}

/// `s` with every stand-in back to the character it stands for.
pub fn restore(s: &str) -> Option<String> {
    if !s.contains([STAR, UNDERSCORE]) {
        return None;
    }
    Some(s.chars().map(|c| delimiter(c).unwrap_or(c)).collect())
}

/// Restores a string in place.
fn restore_in(s: &mut String) {
    if let Some(r) = restore(s) {
        *s = r;
    }
}

/// Gives every stand-in left in the tree its character back: in text (refused delimiters,
/// image descriptions), code, URLs, titles, raw HTML and footnote names.
pub fn restore_tree<'a>(root: &'a AstNode<'a>) {
    for node in root.descendants() {
        let mut data = node.data_mut();
        match &mut data.value {
            NodeValue::Text(t) => {
                if let Some(r) = restore(t) {
                    *t = Cow::Owned(r);
                }
            }
            NodeValue::Code(c) => restore_in(&mut c.literal),
            NodeValue::CodeBlock(c) => {
                restore_in(&mut c.literal);
                restore_in(&mut c.info);
            }
            NodeValue::HtmlBlock(h) => restore_in(&mut h.literal),
            NodeValue::HtmlInline(h) | NodeValue::Raw(h) => restore_in(h),
            NodeValue::Link(l) | NodeValue::Image(l) => {
                restore_in(&mut l.url);
                restore_in(&mut l.title);
            }
            NodeValue::FootnoteReference(r) => restore_in(&mut r.name),
            NodeValue::FootnoteDefinition(d) => restore_in(&mut d.name),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> String {
        hide(s)
            .chars()
            .map(|c| match c {
                STAR => '§',
                UNDERSCORE => '¤',
                c => c,
            })
            .collect()
    }

    #[test]
    fn delimiters_are_hidden_bullets_and_breaks_kept() {
        assert_eq!(shown("L**’ambition** a_b\n"), "L§§’ambition§§ a¤b\n");
        assert_eq!(shown("* item *x*\n"), "* item §x§\n");
        assert_eq!(shown("> - * *x*\n"), "> - * §x§\n");
        assert_eq!(shown("1. **x**\n"), "1. §§x§§\n");
        assert_eq!(shown("***\n_ _ _\n"), "***\n_ _ _\n");
        assert_eq!(shown("**Backend**\n"), "§§Backend§§\n");
        assert_eq!(shown("\\*a\\* \\\\*b\n"), "\\*a\\* \\\\§b\n");
    }

    #[test]
    fn lines_keep_their_characters() {
        let text = "a *b* _c_\n* d\n---\n";
        let hidden = hide(text);
        assert_eq!(hidden.chars().count(), text.chars().count());
        assert_eq!(restore(&hidden).as_deref(), Some(text));
    }
}
