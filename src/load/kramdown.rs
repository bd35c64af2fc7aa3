//! kramdown's attribute lists, taken out of a body: block IALs on their own line
//! (`{: .fr-text--lead}`), header ids (`## Titre {#id}`) and span IALs after links and
//! emphasis (`[x](url){:target="_blank"}`); and its abbreviation definitions
//! (`*[PNI]: Pôle Numérique Inclusif`), which apply to the whole page.
//!
//! Each removal keeps the line's newline, so body lines still match file lines. Code blocks and
//! `{% raw %}` text (byte ranges) are left alone.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use super::blocks::{self, Block};
use super::BlockAttrs;
use crate::diag::{Code, Diagnostic, Diagnostics};

/// A body without its attribute lists, and what they said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    /// By the file line of the first line of the block they apply to.
    pub block_attrs: Vec<BlockAttrs>,
    /// By the file line of the heading's first line.
    pub heading_ids: BTreeMap<u32, String>,
    /// Abbreviation → its expansion (a later definition wins, as in kramdown).
    pub abbreviations: BTreeMap<String, String>,
}

/// An abbreviation definition line (`*[PNI]: Pôle Numérique Inclusif`, up to three spaces in):
/// the abbreviation and its expansion, as kramdown's `ABBREV_DEFINITION_START` reads them.
fn abbreviation(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let rest = t.strip_prefix("*[")?;
    // The shortest abbreviation that a `]:` ends (at least one character).
    let first = rest.chars().next()?;
    let end = rest[first.len_utf8()..].find("]:")? + first.len_utf8();
    Some((&rest[..end], rest[end + 2..].trim()))
}

/// The attributes of one list: `#id`, `.class`, `key="value"`; bare names (references to
/// attribute list definitions) are returned apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Attrs {
    id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<(String, String)>,
    references: Vec<String>,
}

/// Parses the inside of `{: … }` (or `{ … }` for header ids).
fn parse_attrs(s: &str) -> Attrs {
    let mut a = Attrs::default();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let end = token_end(rest);
        let token = &rest[..end];
        if let Some(id) = token.strip_prefix('#') {
            a.id = Some(id.to_string());
        } else if let Some(class) = token.strip_prefix('.') {
            a.classes.push(class.to_string());
        } else if let Some((k, v)) = token.split_once('=') {
            let v = v.trim_matches(|c| c == '"' || c == '\'');
            a.attrs.push((k.to_string(), v.to_string()));
        } else {
            a.references.push(token.to_string());
        }
        rest = rest[end..].trim_start();
    }
    a
}

/// The end of the first token of `s`: up to whitespace outside quotes.
fn token_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_whitespace() => return i,
            None => {}
        }
    }
    s.len()
}

/// The inside of a block IAL line (`{: … }` alone, up to three spaces of indent), if it is one.
fn block_ial(line: &str) -> Option<&str> {
    let t = line.trim_end();
    let indent = t.len() - t.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let inner = t.trim_start().strip_prefix("{:")?.strip_suffix('}')?;
    // `{::name}` and `{:/name}` are an extension's markers, not attribute lists.
    if inner.starts_with([':', '/']) || inner.contains('}') {
        return None;
    }
    Some(inner)
}

/// An attribute list definition line (`{:name: .class}`): its name.
fn ald_name(inner: &str) -> Option<&str> {
    let (name, _) = inner.split_once(':')?;
    let name = name.trim();
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
    .then_some(name)
}

/// Whether the line is an ATX heading (`#` to `######`, then a space or the end).
fn is_atx(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return false;
    }
    let hashes = t.len() - t.trim_start_matches('#').len();
    (1..=6).contains(&hashes) && t[hashes..].chars().next().is_none_or(char::is_whitespace)
}

/// Whether the line underlines a setext heading (`===` or `---`).
fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    let indent = line.len() - line.trim_start_matches(' ').len();
    indent <= 3 && !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

/// A trailing header id (`{#id}` or `{:#id …}`): the byte where it starts and its attributes.
fn trailing_id(content: &str) -> Option<(usize, Attrs)> {
    let t = content.trim_end();
    let t = t.strip_suffix('}')?;
    let open = t.rfind('{')?;
    let inner = &t[open + 1..];
    let inner = inner.strip_prefix(':').unwrap_or(inner);
    if !inner.trim_start().starts_with('#') || open > 0 && t.as_bytes()[open - 1] == b'\\' {
        return None;
    }
    let attrs = parse_attrs(inner);
    attrs.id.as_ref()?;
    Some((open, attrs))
}

/// Byte ranges of inline code spans (`` `…` ``) in a line.
fn code_spans(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let mut j = i + run;
        let mut closed = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let r = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                if r == run {
                    closed = Some(j + r);
                    break;
                }
                j += r;
            } else {
                j += 1;
            }
        }
        match closed {
            Some(end) => {
                spans.push(i..end);
                i = end;
            }
            None => i += run,
        }
    }
    spans
}

/// Removes span IALs (`{:…}` not at the start of a line) outside code spans. One that gives
/// an id (`[lien](url){: #id}`, `*mot*{: #id}`, `![…](…){:#id}`) leaves an empty
/// `<span id="id"></span>` in its place: kramdown puts the id on the element just before, and
/// the tree makes it an anchor there, which links can reach.
fn strip_span_ials(line: &str) -> String {
    let spans = code_spans(line);
    let mut out = String::with_capacity(line.len());
    let mut pos = 0;
    while let Some(i) = line[pos..].find("{:").map(|i| pos + i) {
        let escaped = i > 0 && line.as_bytes()[i - 1] == b'\\';
        let in_code = spans.iter().any(|s| s.contains(&i));
        let end = line[i..].find('}').map(|e| i + e + 1);
        match end {
            Some(end) if !escaped && !in_code && !line[i + 2..].starts_with([':', '/']) => {
                out.push_str(&line[pos..i]);
                let id = parse_attrs(&line[i + 2..end - 1]).id;
                if let Some(id) =
                    id.filter(|id| !id.is_empty() && !id.contains(['"', '<', '>', '&']))
                {
                    out.push_str(&format!("<span id=\"{id}\"></span>"));
                }
                pos = end;
            }
            _ => {
                out.push_str(&line[pos..i + 2]);
                pos = i + 2;
            }
        }
    }
    out.push_str(&line[pos..]);
    out
}

/// Where a block IAL line sits and what it says.
struct Ial {
    /// 1-based body line.
    line: u32,
    attrs: Attrs,
}

/// Removes the attribute lists of `text` (a body after Liquid). `body_line` is the file line
/// of its first line; `verbatim` are byte ranges to leave alone (from `{% raw %}`).
pub fn clean(
    text: &str,
    body_line: u32,
    file: &Path,
    verbatim: &[Range<usize>],
    diags: &mut Diagnostics,
) -> Cleaned {
    let before = blocks::blocks(text);
    let mut cleaner = Cleaner {
        lines: text.split_inclusive('\n').collect(),
        body_line,
        file,
        out: Cleaned::default(),
        ials: Vec::new(),
        headings: Vec::new(),
    };
    let code_lines = blocks::code_lines(&before, cleaner.lines.len());
    cleaner.strip(&code_lines, verbatim, diags);
    let after = blocks::blocks(&cleaner.out.text);
    cleaner.place_headings(&after);
    cleaner.place_ials(&after, diags);
    let mut out = cleaner.out;
    out.block_attrs.sort_by_key(|a| a.line);
    out
}

/// A body being cleaned: its lines, what is kept of them, and the attribute lists taken out
/// (placed once the cleaned text's blocks are known).
struct Cleaner<'a> {
    /// The body's lines, each with its newline.
    lines: Vec<&'a str>,
    /// The file line of the body's first line.
    body_line: u32,
    file: &'a Path,
    out: Cleaned,
    /// Block IALs, in body order.
    ials: Vec<Ial>,
    /// Header ids and attributes, by the body line they were taken from.
    headings: Vec<(u32, Attrs)>,
}

impl Cleaner<'_> {
    /// The file line of body line `n`.
    fn file_line(&self, n: u32) -> u32 {
        self.body_line + n - 1
    }

    /// Whether body line `n` is blank (or past the end).
    fn blank(&self, n: u32) -> bool {
        self.lines
            .get(n as usize - 1)
            .is_none_or(|l| l.trim().is_empty())
    }

    /// Takes the lists and the abbreviation definitions out of the lines, one line at a time;
    /// code lines and lines touching a `verbatim` range are kept as they are.
    fn strip(&mut self, code_lines: &[bool], verbatim: &[Range<usize>], diags: &mut Diagnostics) {
        let mut offset = 0;
        // Whether the line before starts no paragraph that a line could continue.
        let mut block_start = true;
        for k in 0..self.lines.len() {
            let raw_line = self.lines[k];
            let n = k as u32 + 1;
            let start = offset;
            offset += raw_line.len();
            let protected = code_lines.get(n as usize).copied().unwrap_or(false)
                || verbatim.iter().any(|r| r.start < offset && start < r.end);
            if protected {
                self.out.text.push_str(raw_line);
                block_start = false;
                continue;
            }
            block_start = self.strip_line(k, block_start, diags);
        }
    }

    /// One line outside code (the `k`th): an abbreviation definition at a block's start or a
    /// block IAL leaves only its newline; a heading loses its trailing id; span IALs go.
    /// Returns whether the next line starts a block.
    fn strip_line(&mut self, k: usize, block_start: bool, diags: &mut Diagnostics) -> bool {
        let raw_line = self.lines[k];
        let n = k as u32 + 1;
        let content = raw_line.trim_end_matches(['\n', '\r']);
        let ending = &raw_line[content.len()..];
        if block_start {
            if let Some((abbr, expansion)) = abbreviation(content) {
                self.out
                    .abbreviations
                    .insert(abbr.to_string(), expansion.to_string());
                self.out.text.push_str(ending);
                return block_start;
            }
        }
        let next_block_start = content.trim().is_empty() || is_atx(content);
        if let Some(inner) = block_ial(content) {
            self.take_block_ial(n, inner, diags);
            self.out.text.push_str(ending);
            return next_block_start;
        }
        let next_is_underline = self
            .lines
            .get(k + 1)
            .is_some_and(|l| is_setext_underline(l) && !content.trim().is_empty());
        let mut content = content.to_string();
        if is_atx(&content) || next_is_underline {
            // A closing `##` sequence may follow the id.
            if let Some((at, attrs)) = trailing_id(&content) {
                content.truncate(at);
                let trimmed = content.trim_end().len();
                content.truncate(trimmed);
                self.headings.push((n, attrs));
            }
        }
        self.out.text.push_str(&strip_span_ials(&content));
        self.out.text.push_str(ending);
        next_block_start
    }

    /// A block IAL on body line `n`, kept to be placed; an attribute list definition is
    /// removed with a warning.
    fn take_block_ial(&mut self, n: u32, inner: &str, diags: &mut Diagnostics) {
        if let Some(name) = ald_name(inner) {
            diags.push(Diagnostic::warning(
                Code::AttributeListIgnored,
                self.file,
                self.file_line(n),
                1,
                format!("attribute list definition `{name}` removed: not supported"),
            ));
        } else {
            self.ials.push(Ial {
                line: n,
                attrs: parse_attrs(inner),
            });
        }
    }

    /// The header ids and attributes taken out, at the file line of their heading's first
    /// line in the cleaned text's blocks (`after`).
    fn place_headings(&mut self, after: &[Block]) {
        for (n, attrs) in std::mem::take(&mut self.headings) {
            let line = after
                .iter()
                .filter(|b| b.heading && b.start <= n && n <= b.end)
                .map(|b| b.start)
                .next()
                .unwrap_or(n);
            let line = self.file_line(line);
            if let Some(id) = attrs.id {
                self.out.heading_ids.insert(line, id);
            }
            if !attrs.classes.is_empty() || !attrs.attrs.is_empty() {
                self.out.block_attrs.push(BlockAttrs {
                    line,
                    id: None,
                    classes: attrs.classes,
                    attrs: attrs.attrs,
                });
            }
        }
    }

    /// The block IALs taken out, each on the block it applies to; a warning for each
    /// reference to a definition, and for a list that applies to no block.
    fn place_ials(&mut self, after: &[Block], diags: &mut Diagnostics) {
        let targets = self.ial_targets(after);
        for (ial, target) in std::mem::take(&mut self.ials).into_iter().zip(targets) {
            for reference in &ial.attrs.references {
                diags.push(Diagnostic::warning(
                    Code::AttributeListIgnored,
                    self.file,
                    self.file_line(ial.line),
                    1,
                    format!("attribute list reference `{reference}` ignored"),
                ));
            }
            match target {
                Some(t) => self.out.block_attrs.push(BlockAttrs {
                    line: self.file_line(t),
                    id: ial.attrs.id,
                    classes: ial.attrs.classes,
                    attrs: ial.attrs.attrs,
                }),
                None => diags.push(
                    Diagnostic::warning(
                        Code::AttributeListIgnored,
                        self.file,
                        self.file_line(ial.line),
                        1,
                        "attribute list applies to no block: removed",
                    )
                    .with_hint("put it on the line just after the block, or just before it"),
                ),
            }
        }
    }

    /// The body line of the block each IAL applies to: the block ending on the line before it,
    /// else the first non-blank line after it (past other IALs); IALs in a row share theirs.
    fn ial_targets(&self, after: &[Block]) -> Vec<Option<u32>> {
        let ial_lines: Vec<u32> = self.ials.iter().map(|i| i.line).collect();
        let mut targets: Vec<Option<u32>> = Vec::with_capacity(self.ials.len());
        for (i, ial) in self.ials.iter().enumerate() {
            let prev = ial.line - 1;
            let target = if i > 0 && ial_lines[i - 1] == prev {
                targets[i - 1]
            } else if prev >= 1 && !self.blank(prev) {
                Some(block_ending_at(after, &self.lines, prev))
            } else {
                let mut next = ial.line + 1;
                while ial_lines.contains(&next) {
                    next += 1;
                }
                (next as usize <= self.lines.len() && !self.blank(next)).then_some(next)
            };
            targets.push(target);
        }
        targets
    }
}

/// The first line of the outermost block that ends on body line `n`; without one, the first
/// line of the run of non-blank lines ending there.
fn block_ending_at(blocks: &[Block], lines: &[&str], n: u32) -> u32 {
    if let Some(b) = blocks
        .iter()
        .filter(|b| b.end == n)
        .min_by_key(|b| (b.depth, b.start))
    {
        return b.start;
    }
    let mut start = n;
    while start > 1
        && lines
            .get(start as usize - 2)
            .is_some_and(|l| !l.trim().is_empty())
    {
        start -= 1;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Cleaned, String) {
        let mut d = Diagnostics::new();
        let c = clean(text, 10, Path::new("p.md"), &[], &mut d);
        (c, d.render())
    }

    fn attrs(line: u32, id: Option<&str>, classes: &[&str], kv: &[(&str, &str)]) -> BlockAttrs {
        BlockAttrs {
            line,
            id: id.map(String::from),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            attrs: kv
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn ial_after_paragraph_applies_to_it() {
        let (c, d) = run("intro\n\nLead text\nsecond line\n{: .fr-text--lead}\n\nnext\n");
        assert_eq!(c.text, "intro\n\nLead text\nsecond line\n\n\nnext\n");
        assert_eq!(c.block_attrs, [attrs(12, None, &["fr-text--lead"], &[])]);
        assert_eq!(d, "");
    }

    #[test]
    fn ial_before_block_applies_to_next() {
        let (c, _) = run("a\n\n{:#intro .lead key=\"v w\"}\nPara\n");
        assert_eq!(c.text, "a\n\n\nPara\n");
        assert_eq!(
            c.block_attrs,
            [attrs(13, Some("intro"), &["lead"], &[("key", "v w")])]
        );
    }

    #[test]
    fn ial_after_list_applies_to_list() {
        let (c, _) = run("text\n\n- a\n- b\n{: .fr-list}\n");
        assert_eq!(c.block_attrs, [attrs(12, None, &["fr-list"], &[])]);
    }

    #[test]
    fn ial_after_heading_applies_to_heading() {
        let (c, _) = run("para\n## Title\n{: .h}\n");
        assert_eq!(c.block_attrs, [attrs(11, None, &["h"], &[])]);
    }

    #[test]
    fn stacked_ials_and_orphans() {
        let (c, d) = run("{: .a}\n{: .b}\npara\n\n{: .c}\n\n");
        assert_eq!(
            c.block_attrs,
            [attrs(12, None, &["a"], &[]), attrs(12, None, &["b"], &[])]
        );
        assert_eq!(
            d,
            "p.md:14:1: warning: attribute list applies to no block: removed\n  hint: put it on the line just after the block, or just before it\n"
        );
    }

    #[test]
    fn header_ids() {
        let (c, d) = run("## Titre {#mon-id}\n\n### Autre {:#autre .x}\n\nSetext {#s}\n======\n\nnot # heading {#no}\n");
        assert_eq!(
            c.text,
            "## Titre\n\n### Autre\n\nSetext\n======\n\nnot # heading {#no}\n"
        );
        let ids: Vec<_> = c
            .heading_ids
            .iter()
            .map(|(l, i)| (*l, i.as_str()))
            .collect();
        assert_eq!(ids, [(10, "mon-id"), (12, "autre"), (14, "s")]);
        assert_eq!(c.block_attrs, [attrs(12, None, &["x"], &[])]);
        assert_eq!(d, "");
    }

    #[test]
    fn span_ials_removed() {
        let (c, _) =
            run("[lien](https://x.org){:target=\"_blank\"} and **gras**{: .b} `code {:x}`\n");
        assert_eq!(c.text, "[lien](https://x.org) and **gras** `code {:x}`\n");
        assert!(c.block_attrs.is_empty());
    }

    #[test]
    fn extension_markers_are_not_attribute_lists() {
        let text = "{::comment}\nx\n{:/comment}\nMot {::nomarkdown}<b>y</b>{:/} fin.\n";
        let (c, d) = run(text);
        assert_eq!(c.text, text);
        assert!(c.block_attrs.is_empty());
        assert_eq!(d, "");
    }

    #[test]
    fn span_ial_ids_become_empty_spans() {
        let (c, _) = run("[lien](/x){: #vers-x} *mot*{:#m .c} ![v](i.png){: #fig} `a{: #b}`\n");
        assert_eq!(
            c.text,
            "[lien](/x)<span id=\"vers-x\"></span> *mot*<span id=\"m\"></span> ![v](i.png)<span id=\"fig\"></span> `a{: #b}`\n"
        );
    }

    #[test]
    fn code_and_verbatim_untouched() {
        let text = "```\n{: .x}\n## T {#id}\n```\n{: .y}\n";
        let (c, _) = run(text);
        assert_eq!(c.text, "```\n{: .x}\n## T {#id}\n```\n\n");
        assert_eq!(c.block_attrs, [attrs(10, None, &["y"], &[])]);
        let mut d = Diagnostics::new();
        let c = clean(
            "a{:x}\n",
            1,
            Path::new("p.md"),
            &[Range { start: 0, end: 6 }],
            &mut d,
        );
        assert_eq!(c.text, "a{:x}\n");
    }

    #[test]
    fn abbreviation_definitions_are_taken_out() {
        let (c, d) = run("*[PNI]: Pôle Numérique Inclusif\n\nLe PNI.\n*[X]: suite de paragraphe\n\n   *[A B]:  deux \n*[PNI]: Pôle numérique\n\n```\n*[C]: code\n```\n");
        assert_eq!(
            c.text,
            "\n\nLe PNI.\n*[X]: suite de paragraphe\n\n\n\n\n```\n*[C]: code\n```\n"
        );
        let defs: Vec<_> = c
            .abbreviations
            .iter()
            .map(|(a, e)| (a.as_str(), e.as_str()))
            .collect();
        assert_eq!(defs, [("A B", "deux"), ("PNI", "Pôle numérique")]);
        assert_eq!(d, "");
    }

    #[test]
    fn ald_and_references_warn() {
        let (c, d) = run("{:ref: .x}\npara\n{: ref .y}\n");
        assert_eq!(c.text, "\npara\n\n");
        assert_eq!(c.block_attrs, [attrs(11, None, &["y"], &[])]);
        assert_eq!(
            d,
            "p.md:10:1: warning: attribute list definition `ref` removed: not supported\n\
             p.md:12:1: warning: attribute list reference `ref` ignored\n"
        );
    }
}
