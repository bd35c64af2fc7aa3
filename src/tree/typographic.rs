//! kramdown's typographic symbols and smart quotes, on comrak's inline text (after emphasis).
//!
//! Jekyll's kramdown turns `---` into `—`, `--` into `–`, `...` into `…`, `<<` and `>>` into
//! `«` and `»` (`<< ` and ` >>` with a no-break space), and straight quotes into curly ones
//! (`smart_quotes: lsquo,rsquo,ldquo,rdquo`), by the rules of `typographic_symbol.rb` and
//! `smart_quotes.rb`, reproduced here in their order. kramdown reads them left to right with
//! its other span parsers: a quote is looked at from the character before it (which is how
//! `l'État` gets `’`: a letter, then a quote) unless an element or another symbol ends just
//! before, in which case from the quote itself (`"*x*"`: “ before an emphasis, ” at the end).
//! Elements comrak made (emphasis, links, code, raw HTML) are seen from outside through the
//! characters their source starts and ends with. It runs once entity references are decoded:
//! `&quot;` is then a `"` like any other (kramdown would leave it straight).
//!
//! Left alone: code (spans, blocks, and raw `<code>`/`<kbd>`/`<samp>` inline), image
//! descriptions (kramdown keeps them raw), autolinks, raw HTML blocks (never given to comrak)
//! and, where kramdown would rewrite them, words that are URLs or e-mail addresses
//! (`https://x.fr/a--b` stays as written). The French typography stage comes after and
//! decides how quotes look in French (see [`crate::typography`]).
//!
//! Not reproduced: an escaped `\-`, `\.`, `\"` or `\'` (comrak has already dropped its backslash,
//! so `\--` gives `–` where kramdown gives `-` and `-`).

use std::borrow::Cow;

use comrak::nodes::{AstNode, NodeValue};

const LDQUO: char = '“';
const RDQUO: char = '”';
const LSQUO: char = '‘';
const RSQUO: char = '’';
const NBSP: char = '\u{a0}';

/// One character of a container's source as the rules see it.
#[derive(Debug, Clone, Copy)]
struct Cell {
    ch: char,
    /// The text node it is written back to (by number); `None` for the edge of an element or
    /// a soft line break (read, never rewritten).
    at: Option<usize>,
    /// Whether it is plain text the scanner reads (not an element's edge).
    text: bool,
    /// Part of a URL or e-mail address: never rewritten.
    locked: bool,
}

/// Applies the symbols and smart quotes to every inline container under `root`.
pub fn apply<'a>(root: &'a AstNode<'a>) {
    for node in super::commonmark::inline_containers(root) {
        container(node);
    }
}

fn container<'a>(node: &'a AstNode<'a>) {
    let mut texts: Vec<&'a AstNode<'a>> = Vec::new();
    let mut cells = Vec::new();
    let mut raw_code = 0usize;
    flatten(node, &mut texts, &mut cells, &mut raw_code);
    if !cells
        .iter()
        .any(|c| c.text && matches!(c.ch, '"' | '\'' | '-' | '.' | '<' | '>'))
    {
        return;
    }
    lock_urls(&mut cells);
    let mut out: Vec<Option<String>> = vec![None; cells.len()];
    rewrite(&cells, &mut out);
    // Each text node written back whole, from its cells.
    let mut new_texts: Vec<String> = vec![String::new(); texts.len()];
    let mut changed = vec![false; texts.len()];
    for (cell, o) in cells.iter().zip(&out) {
        if let Some(t) = cell.at {
            match o {
                Some(s) => {
                    new_texts[t].push_str(s);
                    changed[t] = true;
                }
                None => new_texts[t].push(cell.ch),
            }
        }
    }
    for ((node, text), changed) in texts.iter().zip(new_texts).zip(changed) {
        if changed {
            if let NodeValue::Text(t) = &mut node.data_mut().value {
                *t = Cow::Owned(text);
            }
        }
    }
}

/// The source characters of `node`'s inline content, in order.
fn flatten<'a>(
    node: &'a AstNode<'a>,
    texts: &mut Vec<&'a AstNode<'a>>,
    cells: &mut Vec<Cell>,
    raw_code: &mut usize,
) {
    let edge = |cells: &mut Vec<Cell>, ch: char| {
        cells.push(Cell {
            ch,
            at: None,
            text: false,
            locked: true,
        })
    };
    for child in node.children() {
        let value = child.data().value.clone();
        match value {
            NodeValue::Text(t) if *raw_code == 0 => {
                let index = texts.len();
                texts.push(child);
                cells.extend(t.chars().map(|ch| Cell {
                    ch,
                    at: Some(index),
                    text: true,
                    locked: false,
                }));
            }
            NodeValue::Text(_) => {
                // Inside raw `<code>`: never rewritten.
                edge(cells, 'x');
            }
            NodeValue::SoftBreak => cells.push(Cell {
                ch: '\n',
                at: None,
                text: true,
                locked: true,
            }),
            NodeValue::Emph | NodeValue::Strong | NodeValue::Strikethrough => {
                let mark = if matches!(value, NodeValue::Strikethrough) {
                    '~'
                } else {
                    '*'
                };
                edge(cells, mark);
                flatten(child, texts, cells, raw_code);
                edge(cells, mark);
            }
            NodeValue::Link(link) => {
                edge(cells, '[');
                let autolink = child.first_child().is_some_and(|f| {
                    f.next_sibling().is_none()
                        && matches!(&f.data().value, NodeValue::Text(t)
                            if *t == link.url || link.url.strip_prefix("mailto:") == Some(t))
                });
                if !autolink {
                    flatten(child, texts, cells, raw_code);
                }
                edge(cells, ')');
            }
            NodeValue::HtmlInline(h) => {
                let tag = h.to_ascii_lowercase();
                let named = |name: &str| {
                    tag.strip_prefix(name)
                        .is_some_and(|r| r.starts_with(['>', ' ', '\t', '\n']))
                };
                if ["<code", "<kbd", "<samp", "<pre"].iter().any(|n| named(n)) {
                    *raw_code += 1;
                } else if ["</code", "</kbd", "</samp", "</pre"]
                    .iter()
                    .any(|n| named(n))
                {
                    *raw_code = raw_code.saturating_sub(1);
                }
                edge(cells, '<');
                edge(cells, '>');
            }
            NodeValue::Code(_) => {
                edge(cells, '`');
                edge(cells, '`');
            }
            NodeValue::LineBreak => {
                edge(cells, ' ');
                edge(cells, '\n');
            }
            NodeValue::Image(_) | NodeValue::FootnoteReference(_) => {
                edge(cells, '!');
                edge(cells, ']');
            }
            _ => {
                edge(cells, '\u{fffc}');
                flatten(child, texts, cells, raw_code);
                edge(cells, '\u{fffc}');
            }
        }
    }
}

/// Locks the characters of words that are URLs or e-mail addresses.
fn lock_urls(cells: &mut [Cell]) {
    for run in crate::book::address_runs(cells, |c| c.at.map(|_| c.ch)) {
        for c in &mut cells[run] {
            c.locked = true;
        }
    }
}

/// Ruby's `\s`.
fn is_space(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c'))
}

/// Ruby's `\w` (ASCII).
fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// kramdown's `SQ_PUNCT`: ASCII punctuation.
fn is_punct(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_punctuation())
}

/// kramdown's `SQ_CLOSE`: a character after which a quote closes.
fn is_close(c: Option<char>) -> bool {
    c.is_some_and(|c| !" \\\t\r\n[{(-".contains(c))
}

/// What a rule does: characters consumed from its start, and the quotes it sets.
type Match = (usize, Vec<(usize, char)>);

/// Rewrites the cells left to right, as kramdown's scanner meets the constructs: `out[i]` is
/// the text cell `i` becomes, when it changes.
fn rewrite(cells: &[Cell], out: &mut [Option<String>]) {
    let n = cells.len();
    let free = |i: usize| cells.get(i).is_some_and(|c| c.text && !c.locked);
    let quote = |i: usize| free(i) && matches!(cells[i].ch, '"' | '\'');
    let mut j = 0;
    while j < n {
        if !cells[j].text {
            j += 1;
            continue;
        }
        let starts_quote = quote(j) || cells[j].ch != '\\' && quote(j + 1);
        let found = if starts_quote {
            smart_quote(cells, j)
        } else {
            None
        };
        if let Some((len, quotes)) = found {
            for (i, q) in quotes {
                if free(i) {
                    out[i] = Some(q.to_string());
                }
            }
            j += len.max(1);
            continue;
        }
        if let Some((len, symbol)) = symbol(cells, j).filter(|(len, _)| (j..j + len).all(free)) {
            for (k, s) in symbol.iter().enumerate() {
                out[j + k] = Some(s.to_string());
            }
            j += len;
            continue;
        }
        j += 1;
    }
}

/// kramdown's `SQ_RULES` at `p` (the character before a quote, or the quote): the first that
/// matches.
fn smart_quote(cells: &[Cell], p: usize) -> Option<Match> {
    let ch = |k: usize| cells.get(p + k).map(|c| c.ch);
    let q = |k: usize| matches!(ch(k), Some('"' | '\''));
    let left = |k: usize| if ch(k) == Some('"') { LDQUO } else { LSQUO };
    let right = |k: usize| if ch(k) == Some('"') { RDQUO } else { RSQUO };
    let star = |k: usize| matches!(ch(k), Some('_' | '*'));
    // 1. Before emphasis: opens.
    if q(0) && star(1) && ch(2).is_some() && !is_space(ch(2)) {
        return Some((1, vec![(p, left(0))]));
    }
    // 2. Before punctuation (not `..`), no word boundary after it: closes.
    if q(0)
        && is_punct(ch(1))
        && !(ch(2) == Some('.') && ch(3) == Some('.'))
        && is_word(ch(1)) == is_word(ch(2))
    {
        return Some((1, vec![(p, right(0))]));
    }
    let pres: &[usize] = if is_space(ch(0)) { &[1, 0] } else { &[0] };
    // 3 and 4. `"'` and `'"` before a word: both open.
    for &pre in pres {
        if ch(pre) == Some('"') && ch(pre + 1) == Some('\'') && is_word(ch(pre + 2)) {
            return Some((pre + 2, vec![(p + pre, LDQUO), (p + pre + 1, LSQUO)]));
        }
    }
    for &pre in pres {
        if ch(pre) == Some('\'') && ch(pre + 1) == Some('"') && is_word(ch(pre + 2)) {
            return Some((pre + 2, vec![(p + pre, LSQUO), (p + pre + 1, LDQUO)]));
        }
    }
    // 5. `'90s`.
    let digit = |k: usize| ch(k).is_some_and(|c| c.is_ascii_digit());
    for &pre in pres {
        if ch(pre) == Some('\'') && digit(pre + 1) && digit(pre + 2) && ch(pre + 3) == Some('s') {
            return Some((pre + 1, vec![(p + pre, RSQUO)]));
        }
    }
    // 6. After a space, before a word: opens.
    if is_space(ch(0)) && q(1) && is_word(ch(2)) {
        return Some((2, vec![(p + 1, left(1))]));
    }
    // 7. After anything but a space or an opening bracket: closes.
    if is_close(ch(0)) && q(1) {
        return Some((2, vec![(p + 1, right(1))]));
    }
    // 8. Before a space, `s` or the end of the line: closes.
    if q(0) && (is_space(ch(1)) || ch(1).is_none() || ch(1) == Some('s') && !is_word(ch(2))) {
        return Some((1, vec![(p, right(0))]));
    }
    // 9 and 10. Otherwise: opens.
    let pres: &[usize] = if ch(0).is_some() { &[1, 0] } else { &[0] };
    for quote in ['\'', '"'] {
        for &pre in pres {
            if ch(pre) == Some(quote) {
                let mark = if quote == '"' { LDQUO } else { LSQUO };
                return Some((pre + 1, vec![(p + pre, mark)]));
            }
        }
    }
    None
}

/// kramdown's `TYPOGRAPHIC_SYMS` at `j`: characters consumed and what each becomes.
fn symbol(cells: &[Cell], j: usize) -> Option<(usize, Vec<String>)> {
    let at = |s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| cells.get(j + k).is_some_and(|cell| cell.ch == c))
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    if at("---") {
        Some((3, s(&["—", "", ""])))
    } else if at("--") {
        Some((2, s(&["–", ""])))
    } else if at("...") {
        Some((3, s(&["…", "", ""])))
    } else if at("\\<<") || at("\\>>") {
        // Escaped: kept as written (comrak has usually dropped the backslash already).
        Some((
            3,
            s(&[
                "\\",
                &cells[j + 1].ch.to_string(),
                &cells[j + 2].ch.to_string(),
            ]),
        ))
    } else if at("<< ") {
        Some((3, vec!["«".into(), String::new(), NBSP.to_string()]))
    } else if at(" >>") {
        Some((3, vec![NBSP.to_string(), "»".into(), String::new()]))
    } else if at("<<") {
        Some((2, s(&["«", ""])))
    } else if at(">>") {
        Some((2, s(&["»", ""])))
    } else {
        None
    }
}
