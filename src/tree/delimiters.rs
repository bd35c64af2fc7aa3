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
//! Entity references (`&#x20;`, `&nbsp;`) are hidden the same way (their `&`): kramdown reads
//! them as elements, so `**mot&#x20;**` closes its `strong` (the character before the run is
//! `;`, not a space), where comrak would already have decoded a space. They are decoded with
//! the rest, in text and URLs; code and raw HTML get their `&` back as written.
//!
//! Kept as they are, because they build blocks: list bullets (`* item`, after any `>` and list
//! markers of the line) and thematic breaks (`***`, `_ _ _`). Escaped `\*` and `\_` are left to
//! comrak, which makes them literal characters, as kramdown does.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use comrak::nodes::{AstNode, NodeValue};

/// Stands for a `*` that may be an emphasis delimiter.
pub const STAR: char = '\u{e000}';
/// Stands for a `_` that may be an emphasis delimiter.
pub const UNDERSCORE: char = '\u{e001}';

/// Stands for the `&` of an entity reference.
pub const AMPERSAND: char = '\u{e002}';

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
    if !markdown.contains(['*', '_', '&']) {
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
        for (i, c) in rest.char_indices() {
            let escaped = backslashes % 2 == 1;
            backslashes = if c == '\\' { backslashes + 1 } else { 0 };
            match c {
                '*' if !escaped => out.push(STAR),
                '_' if !escaped => out.push(UNDERSCORE),
                '&' if !escaped && entity_len(&rest[i..]).is_some() => out.push(AMPERSAND),
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

/// The byte length of the entity reference `s` starts with (`&` to `;`), as CommonMark
/// reads them: `&name;`, `&#123;`, `&#x1F;`. The `&` may be its stand-in.
pub fn entity_len(s: &str) -> Option<usize> {
    let amp = s.chars().next().filter(|&c| c == '&' || c == AMPERSAND)?;
    let body = &s[amp.len_utf8()..];
    let end = body.find(';')?;
    let name = &body[..end];
    let ok = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        (1..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(dec) = name.strip_prefix('#') {
        (1..=7).contains(&dec.len()) && dec.chars().all(|c| c.is_ascii_digit())
    } else {
        (2..=32).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric())
    };
    ok.then_some(amp.len_utf8() + end + 1)
}

/// `s` with every stand-in back to the character it stands for; entity references decoded
/// when `decode` (text, URLs), else given their `&` back (code, raw HTML).
pub fn restore(s: &str, decode: bool) -> Option<String> {
    if !s.contains([STAR, UNDERSCORE, AMPERSAND]) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == AMPERSAND {
            if let Some(n) = entity_len(rest).filter(|_| decode) {
                out.push_str(&decode_entity(&rest[c.len_utf8()..n - 1]));
                rest = &rest[n..];
                continue;
            }
            out.push('&');
        } else {
            out.push(delimiter(c).unwrap_or(c));
        }
        rest = &rest[c.len_utf8()..];
    }
    Some(out)
}

/// The text of an entity reference (`nbsp`, `#x20`, `#233`, without `&` and `;`).
fn decode_entity(name: &str) -> String {
    let number = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse::<u32>().ok()
    } else {
        // Named: comrak knows HTML's table; ask it with a one-entity document, once per name
        // and thread.
        thread_local! {
            static NAMED: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
        }
        return NAMED.with(|cache| {
            if let Some(text) = cache.borrow().get(name) {
                return text.clone();
            }
            let arena = comrak::Arena::new();
            let source = format!("&{name};");
            let root = comrak::parse_document(&arena, &source, &comrak::Options::default());
            let text = root
                .first_child()
                .map(|p| p.collect_text())
                .unwrap_or_default();
            let mut cache = cache.borrow_mut();
            if cache.len() < 4096 {
                cache.insert(name.to_string(), text.clone());
            }
            text
        });
    };
    // As CommonMark: 0 and invalid code points are U+FFFD.
    let c = number
        .filter(|&n| n != 0)
        .and_then(char::from_u32)
        .unwrap_or('\u{fffd}');
    c.to_string()
}

/// Restores a string in place.
fn restore_in(s: &mut String, decode: bool) {
    if let Some(r) = restore(s, decode) {
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
                if let Some(r) = restore(t, true) {
                    *t = Cow::Owned(r);
                }
            }
            NodeValue::Code(c) => restore_in(&mut c.literal, false),
            NodeValue::CodeBlock(c) => {
                restore_in(&mut c.literal, false);
                restore_in(&mut c.info, true);
            }
            NodeValue::HtmlBlock(h) => restore_in(&mut h.literal, false),
            NodeValue::HtmlInline(h) | NodeValue::Raw(h) => restore_in(h, false),
            NodeValue::Link(l) | NodeValue::Image(l) => {
                restore_in(&mut l.url, true);
                restore_in(&mut l.title, true);
            }
            NodeValue::FootnoteReference(r) => restore_in(&mut r.name, false),
            NodeValue::FootnoteDefinition(d) => restore_in(&mut d.name, false),
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
        assert_eq!(restore(&hidden, false).as_deref(), Some(text));
    }

    #[test]
    fn entities_are_hidden_then_decoded_or_given_back() {
        let hidden = hide("a&#x20;b &nbsp; &#233; & &amp x&lt;\n");
        assert_eq!(hidden.matches(AMPERSAND).count(), 4);
        assert_eq!(
            restore(&hidden, true).as_deref(),
            Some("a b \u{a0} é & &amp x<\n")
        );
        assert_eq!(
            restore(&hidden, false).as_deref(),
            Some("a&#x20;b &nbsp; &#233; & &amp x&lt;\n")
        );
    }
}
