//! kramdown's rule for raw HTML blocks, applied before CommonMark sees the body.
//!
//! kramdown (Jekyll's markdown) treats a line starting with a block-level tag (anything but a
//! span-level element, at most three spaces in) as one HTML block running to the MATCHING end tag,
//! nested same-name tags counted, blank lines and indentation included. CommonMark instead ends an
//! HTML block at the first blank line and then reads indented lines as code. So [`split`] finds
//! kramdown's HTML blocks first and replaces each with a one-block placeholder that comrak cannot
//! split (an HTML comment `<!--livret:N … -->` spanning exactly the same lines), keeping every line
//! number intact; the markdown walker swaps each placeholder for its region parsed as HTML.

/// kramdown's span-level elements: a line starting with one of these is not an HTML block.
const SPAN_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em",
    "i", "img", "input", "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc", "rp", "rt",
    "rtc", "ruby", "samp", "select", "small", "span", "strike", "strong", "sub", "sup", "textarea",
    "tt", "u", "var",
];

/// Elements that never have an end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is raw text (never tags).
const RAW_TEXT_ELEMENTS: &[&str] = &["script", "style", "textarea", "title"];

/// The prefix of a placeholder comment; the region's index follows.
pub const PLACEHOLDER: &str = "<!--livret:";

/// What a region stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionKind {
    /// A raw HTML block, to be parsed as HTML.
    Html,
    /// The start tag of a `markdown="1"` block: its content stays markdown; the tag itself only
    /// contributes its `id` (an anchor).
    MarkdownOpen { id: Option<String> },
}

/// One kramdown HTML block found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub kind: RegionKind,
    /// The region's text, whole lines of the body.
    pub html: String,
    /// The 1-based body line of its first line.
    pub line: u32,
}

/// The body with every HTML block replaced by a placeholder, and the blocks themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// Same number of lines as the body.
    pub markdown: String,
    pub regions: Vec<Region>,
    /// Body lines (1-based) of HTML blocks that have no end tag (kramdown warns, then takes the
    /// rest of the page).
    pub unclosed: Vec<(u32, String)>,
}

/// Splits a body into markdown and kramdown HTML blocks (see the module comment).
pub fn split(body: &str) -> Split {
    let lines: Vec<(usize, &str)> = line_starts(body);
    let mut out = Split::default();
    let mut fence: Option<(char, usize)> = None;
    let mut skip_end_lines: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        if let Some((ch, len)) = fence {
            if closes_fence(line, ch, len) {
                fence = None;
            }
            out.markdown.push_str(line);
            i += 1;
            continue;
        }
        if let Some(open) = opens_fence(line) {
            fence = Some(open);
            out.markdown.push_str(line);
            i += 1;
            continue;
        }
        if skip_end_lines.contains(&i) {
            // The lone end tag of a `markdown="1"` block.
            out.markdown.push_str(&line[line.trim_end().len()..]);
            i += 1;
            continue;
        }
        let Some(tag_at) = block_html_start(&body[start..]) else {
            if is_lone_tag(line) {
                // kramdown reads a span-level tag alone on its line as paragraph text; CommonMark
                // would open an HTML block (type 7) running to the next blank line. A comment
                // after the tag keeps it inline.
                let content = line.trim_end_matches(['\n', '\r']);
                out.markdown.push_str(content);
                out.markdown.push_str("<!-- -->");
                out.markdown.push_str(&line[content.len()..]);
            } else {
                out.markdown.push_str(line);
            }
            i += 1;
            continue;
        };
        let abs = start + tag_at;
        let (end, closed) = match block_end(body, abs) {
            Some(end) => (end, true),
            None => (body.len(), false),
        };
        let last = line_index(&lines, end.saturating_sub(1).max(abs));
        if !closed {
            out.unclosed
                .push((i as u32 + 1, tag_name(&body[abs..]).to_string()));
        }
        // `markdown="1"`: keep the content as markdown when the tags sit on their own lines.
        if let Some(md) = markdown_block(body, &lines, abs, end, last, closed) {
            let index = out.regions.len();
            out.regions.push(Region {
                kind: RegionKind::MarkdownOpen { id: md.id },
                html: body[lines[i].0..lines[md.open_last].0 + lines[md.open_last].1.len()]
                    .to_string(),
                line: i as u32 + 1,
            });
            push_placeholder(&mut out.markdown, &lines[i..=md.open_last], index);
            skip_end_lines.push(last);
            i = md.open_last + 1;
            continue;
        }
        let index = out.regions.len();
        let region_end = lines[last].0 + lines[last].1.len();
        let html = &body[start..region_end];
        out.regions.push(Region {
            kind: RegionKind::Html,
            html: span_markdown(html).unwrap_or_else(|| html.to_string()),
            line: i as u32 + 1,
        });
        push_placeholder(&mut out.markdown, &lines[i..=last], index);
        i = last + 1;
    }
    out
}

/// Where the start tag of a `markdown="1"` block ends, and its id.
struct MarkdownBlock {
    open_last: usize,
    id: Option<String>,
}

fn markdown_block(
    body: &str,
    lines: &[(usize, &str)],
    abs: usize,
    end: usize,
    last: usize,
    closed: bool,
) -> Option<MarkdownBlock> {
    let name_end = abs + 1 + tag_name(&body[abs..]).len();
    let (tag_end, _) = start_tag_end(body, name_end)?;
    let tag = &body[abs..tag_end];
    let value = attribute(tag, "markdown")?;
    if !closed || !matches!(value.as_str(), "1" | "block") {
        return None;
    }
    let open_last = line_index(lines, tag_end - 1);
    let open_rest = &body[tag_end..lines[open_last].0 + lines[open_last].1.len()];
    let (last_start, last_line) = lines[last];
    let after_end = &body[end.min(last_start + last_line.len())..last_start + last_line.len()];
    let alone = last_line.trim_start().starts_with("</") && after_end.trim().is_empty();
    if !open_rest.trim().is_empty() || open_last >= last || !alone {
        return None;
    }
    Some(MarkdownBlock {
        open_last,
        id: attribute(tag, "id"),
    })
}

/// kramdown's elements whose content is span-level text: `markdown="1"` on them reads it as
/// inline markdown.
const SPAN_CONTENT: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "button", "cite", "caption", "del", "dfn", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "i", "ins", "label", "legend", "optgroup", "p", "q",
    "small", "span", "strong", "sub", "sup", "th", "tt",
];

/// An HTML block whose start tag says `markdown="span"` (or `markdown="1"` on an element of
/// span-level content, `<p>`, `<h2>`…): the same block with its content read as inline
/// markdown and written as HTML, and the `markdown` attribute gone, as kramdown outputs it.
/// (`markdown="1"` or `"block"` with the tags on their own lines is [`markdown_block`]'s.)
fn span_markdown(html: &str) -> Option<String> {
    let at = html.len() - html.trim_start().len();
    let rest = &html[at..];
    let (name, tag_end) = start_tag(rest)?;
    let name = name.to_ascii_lowercase();
    let tag = &rest[..tag_end];
    let value = attribute(tag, "markdown")?;
    let span = value == "span" || value == "1" && SPAN_CONTENT.contains(&name.as_str());
    if !span {
        return None;
    }
    let close = rest.to_ascii_lowercase().rfind(&format!("</{name}"))?;
    if close < tag_end {
        return None;
    }
    let mut options = super::commonmark::options();
    options.render.r#unsafe = true;
    let rendered = comrak::markdown_to_html(rest[tag_end..close].trim(), &options);
    let rendered = rendered.trim_end();
    let one_paragraph = rendered.starts_with("<p>") && rendered.matches("<p>").count() == 1;
    let inner = match rendered.strip_suffix("</p>") {
        Some(r) if one_paragraph => &r[3..],
        _ => rendered,
    };
    Some(format!(
        "{}{}{inner}{}",
        &html[..at],
        without_attribute(tag, "markdown"),
        &rest[close..]
    ))
}

/// A start tag's text without attribute `name` (and its value).
fn without_attribute(tag: &str, name: &str) -> String {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = tag[from..].trim_start();
        let Some(value) = after.strip_prefix('=').map(str::trim_start) else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let value_at = tag.len() - value.len();
        let value_len = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].find(q).map_or(value.len(), |e| e + 2),
            _ => value
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(value.len()),
        };
        let start = tag[..at].trim_end().len();
        return format!("{}{}", &tag[..start], &tag[value_at + value_len..]);
    }
    tag.to_string()
}

/// Writes a placeholder spanning exactly `lines`: `<!--livret:N`, blank lines, `-->`.
fn push_placeholder(out: &mut String, lines: &[(usize, &str)], index: usize) {
    let indent: String = lines[0].1.chars().take_while(|c| *c == ' ').collect();
    let ends_with_newline = lines.last().is_some_and(|(_, l)| l.ends_with('\n'));
    out.push_str(&indent);
    out.push_str(PLACEHOLDER);
    out.push_str(&index.to_string());
    if lines.len() == 1 {
        out.push_str("-->");
    } else {
        out.push('\n');
        for _ in 1..lines.len() - 1 {
            out.push('\n');
        }
        out.push_str(&indent);
        out.push_str("-->");
    }
    if ends_with_newline {
        out.push('\n');
    }
}

/// The byte offset and text (newline included) of each line.
fn line_starts(body: &str) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        v.push((at, line));
        at += line.len();
    }
    v
}

/// The index of the line holding byte `offset`.
fn line_index(lines: &[(usize, &str)], offset: usize) -> usize {
    match lines.binary_search_by(|(start, _)| start.cmp(&offset)) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    }
}

/// A fenced code block opening (at most three spaces in): its fence character and length.
pub(super) fn opens_fence(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let ch = trimmed.chars().next()?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    if len < 3 || (ch == '`' && trimmed[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

pub(super) fn closes_fence(line: &str, ch: char, len: usize) -> bool {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return false;
    }
    let n = trimmed.chars().take_while(|c| *c == ch).count();
    n >= len && trimmed[n..].trim().is_empty()
}

/// If the text (a line and the rest of the body) starts, after at most three spaces, a kramdown
/// HTML block, the byte offset of its `<`.
///
/// As kramdown's block HTML rule: an HTML comment, or a complete start tag (`<name attr="v">`,
/// which may span lines) of an element that is not span-level. Anything else starting with `<`
/// is paragraph text: autolinks (`<https://…>`, `<mail@x.org>`) above all.
pub fn block_html_start(text: &str) -> Option<usize> {
    let line_len = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_len];
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &text[indent..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        return comment.contains("-->").then_some(indent);
    }
    let (name, _) = start_tag(rest)?;
    if SPAN_ELEMENTS.contains(&name.to_ascii_lowercase().as_str()) {
        return None;
    }
    Some(indent)
}

/// Whether the line (at most three spaces in) is one complete start or end tag and nothing else.
fn is_lone_tag(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let t = line.trim();
    if indent > 3 {
        return false;
    }
    let end = match t.strip_prefix("</") {
        Some(close) => end_tag(close).map(|e| e + 2),
        None => start_tag(t).map(|(_, e)| e),
    };
    end == Some(t.len())
}

/// A complete start tag at the start of `s`, as kramdown's `HTML_TAG_RE` reads one: `<`, a
/// name, attributes each after white space (`name`, `name=word`, `name="…"` or `name='…'`),
/// an optional `/`, then `>`. Its name and the offset just past its `>`.
fn start_tag(s: &str) -> Option<(&str, usize)> {
    let name_len = xml_name(s.strip_prefix('<')?)?;
    let mut i = 1 + name_len;
    loop {
        let ws = white_space(&s[i..]);
        let rest = &s[i + ws..];
        if rest.starts_with('>') {
            return Some((&s[1..1 + name_len], i + ws + 1));
        }
        if rest.starts_with("/>") {
            return Some((&s[1..1 + name_len], i + ws + 2));
        }
        if ws == 0 {
            return None;
        }
        i += ws + xml_name(rest)?;
        // An optional value.
        let after = white_space(&s[i..]);
        let Some(value) = s[i + after..].strip_prefix('=') else {
            continue;
        };
        let value_at = i + after + 1 + white_space(value);
        let value = &s[value_at..];
        let len = match value.chars().next()? {
            q @ ('"' | '\'') => 2 + value[1..].find(q)?,
            _ => {
                let word = value
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(value.len());
                (word > 0).then_some(word)?
            }
        };
        i = value_at + len;
    }
}

/// An end tag's name and `>` at the start of `s` (just after `</`): the offset past its `>`.
fn end_tag(s: &str) -> Option<usize> {
    let name = xml_name(s)?;
    let ws = white_space(&s[name..]);
    s[name + ws..].starts_with('>').then_some(name + ws + 1)
}

/// The length of an XML name (`[prefix:]name`, letters or `_` first, then letters, digits,
/// `-`, `.`, `_`) at the start of `s`.
fn xml_name(s: &str) -> Option<usize> {
    let part = |s: &str| -> Option<usize> {
        let first = s.chars().next()?;
        if !(first.is_alphabetic() || first == '_') {
            return None;
        }
        Some(
            s.find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_')))
                .unwrap_or(s.len()),
        )
    };
    let len = part(s)?;
    match s[len..].strip_prefix(':').and_then(part) {
        Some(local) => Some(len + 1 + local),
        None => Some(len),
    }
}

/// The length of the white space (spaces, tabs, line ends) at the start of `s`.
fn white_space(s: &str) -> usize {
    s.len()
        - s.trim_start_matches([' ', '\t', '\n', '\r', '\x0c', '\x0b'])
            .len()
}

/// The tag name right after `<` (empty when `s` does not start a start tag).
fn tag_name(s: &str) -> &str {
    let Some(rest) = s.strip_prefix('<') else {
        return "";
    };
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return "";
    }
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(rest.len());
    &rest[..len]
}

/// From just after a tag's name, the offset just past its `>` and whether it was `/>`.
fn start_tag_end(src: &str, from: usize) -> Option<(usize, bool)> {
    let mut quote: Option<u8> = None;
    let bytes = src.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some((i + 1, i > from && bytes[i - 1] == b'/')),
            None => {}
        }
        i += 1;
    }
    None
}

/// The value of attribute `name` in a start tag's text (quotes removed).
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = tag[at + name.len()..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        let (q, body) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
            _ => (None, value),
        };
        let end = match q {
            Some(q) => body.find(q).unwrap_or(body.len()),
            None => body
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(body.len()),
        };
        return Some(body[..end].to_string());
    }
    None
}

/// Where the HTML block starting at `start` (a `<`) ends: just past its matching end tag.
/// `None` when it has no end tag.
pub(super) fn block_end(src: &str, start: usize) -> Option<usize> {
    let rest = &src[start..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        return comment.find("-->").map(|i| start + 4 + i + 3);
    }
    let name = tag_name(rest).to_ascii_lowercase();
    let (after_tag, self_closing) = start_tag_end(src, start + 1 + name.len())?;
    if self_closing || VOID_ELEMENTS.contains(&name.as_str()) {
        return Some(after_tag);
    }
    if RAW_TEXT_ELEMENTS.contains(&name.as_str()) {
        return find_end_tag(src, after_tag, &name);
    }
    let mut depth = 1usize;
    let mut i = after_tag;
    let lower = src.to_ascii_lowercase();
    while let Some(found) = src[i..].find('<') {
        let at = i + found;
        let tail = &lower[at..];
        if let Some(comment) = tail.strip_prefix("<!--") {
            i = match comment.find("-->") {
                Some(e) => at + 4 + e + 3,
                None => return None,
            };
            continue;
        }
        if let Some(close) = tail.strip_prefix("</") {
            if close.starts_with(name.as_str())
                && close[name.len()..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
            {
                depth -= 1;
                let end = src[at..].find('>').map_or(src.len(), |e| at + e + 1);
                if depth == 0 {
                    return Some(end);
                }
                i = end;
                continue;
            }
            i = at + 2;
            continue;
        }
        let inner = tag_name(&src[at..]).to_ascii_lowercase();
        if inner.is_empty() {
            i = at + 1;
            continue;
        }
        let (tag_end, closing) = start_tag_end(src, at + 1 + inner.len())?;
        if RAW_TEXT_ELEMENTS.contains(&inner.as_str()) && !closing {
            i = find_end_tag(src, tag_end, &inner)?;
            continue;
        }
        if inner == name && !closing {
            depth += 1;
        }
        i = tag_end;
    }
    None
}

/// Just past `</name…>` at or after `from`.
fn find_end_tag(src: &str, from: usize, name: &str) -> Option<usize> {
    let lower = src[from..].to_ascii_lowercase();
    let needle = format!("</{name}");
    let at = from + lower.find(&needle)?;
    Some(src[at..].find('>').map_or(src.len(), |e| at + e + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn div_with_blank_lines_and_indentation_is_one_region() {
        let body = "Intro\n\n<div class=\"x\">\n\n    <p>Indented</p>\n\n</div>\nAfter\n";
        let s = split(body);
        assert_eq!(s.regions.len(), 1);
        assert_eq!(s.regions[0].line, 3);
        assert!(s.regions[0].html.contains("<p>Indented</p>"));
        assert_eq!(s.markdown.lines().count(), body.lines().count());
        assert_eq!(
            s.markdown, "Intro\n\n<!--livret:0\n\n\n\n-->\nAfter\n",
            "placeholder keeps the line count"
        );
    }

    #[test]
    fn nested_same_name_tags_are_counted() {
        let body = "<div>\n<div>\n\ninner\n</div>\n\nstill inside\n</div>\n\nmarkdown\n";
        let s = split(body);
        assert_eq!(s.regions.len(), 1);
        assert!(s.regions[0].html.contains("still inside"));
        assert!(s.markdown.ends_with("-->\n\nmarkdown\n"));
    }

    #[test]
    fn span_elements_do_not_start_blocks() {
        for line in [
            "<br /><br />",
            "<span lang=\"en\">x</span>",
            "<img src=\"a.png\">",
        ] {
            assert_eq!(block_html_start(line), None, "{line}");
        }
        assert_eq!(block_html_start("   <div>"), Some(3));
        assert_eq!(block_html_start("    <div>"), None);
        assert_eq!(block_html_start("<section>"), Some(0));
        assert_eq!(block_html_start("<!-- note -->"), Some(0));
        assert_eq!(
            block_html_start("<divx>"),
            Some(0),
            "unknown tags are blocks too"
        );
        assert_eq!(block_html_start("< div>"), None);
        assert_eq!(block_html_start("<div\n  class=\"a\">\n</div>"), Some(0));
        assert_eq!(block_html_start("<div class=a-b>"), None, "as kramdown");
        assert_eq!(block_html_start("<!-- never closed"), None);
    }

    #[test]
    fn autolinks_are_never_blocks() {
        for line in [
            "<https://gitlab.com/referentiel/numerique>",
            "<mail@exemple.fr>",
            "<http://x.org> et la suite",
            "<div",
        ] {
            assert_eq!(block_html_start(line), None, "{line}");
        }
        let body =
            "Texte\\\n<https://exemple.fr/a>\n\n### Ressources\n\n**Gras** : <https://x.org>\n";
        let s = split(body);
        assert!(s.regions.is_empty(), "{:?}", s.regions);
        assert!(s.unclosed.is_empty());
        assert_eq!(s.markdown, body, "autolinks stay markdown, untouched");
    }

    #[test]
    fn comments_scripts_and_void_elements() {
        let body = "<!-- a\nb -->\n<script>if (a < b) { x = '</div>' }\n</script>\n<hr>\ntext\n";
        let s = split(body);
        assert_eq!(s.regions.len(), 3);
        assert_eq!(
            s.markdown,
            "<!--livret:0\n-->\n<!--livret:1\n-->\n<!--livret:2-->\ntext\n"
        );
    }

    #[test]
    fn lone_span_tags_stay_inline() {
        let s = split("* a\n<br>\nb\n</span>\n<br> x\n");
        assert!(s.regions.is_empty());
        assert_eq!(
            s.markdown,
            "* a\n<br><!-- -->\nb\n</span><!-- -->\n<br> x\n"
        );
    }

    #[test]
    fn fenced_code_is_left_alone() {
        let body = "```html\n<div>\n```\n";
        let s = split(body);
        assert!(s.regions.is_empty());
        assert_eq!(s.markdown, body);
    }

    #[test]
    fn unclosed_block_takes_the_rest() {
        let s = split("a\n\n<div>\nb\n\nc\n");
        assert_eq!(s.regions.len(), 1);
        assert_eq!(s.unclosed, vec![(3, "div".to_string())]);
        assert!(s.regions[0].html.ends_with("c\n"));
    }

    #[test]
    fn markdown_attribute_keeps_content_as_markdown() {
        let body = "<div id=\"box\" markdown=\"1\">\n\n*emph*\n\n</div>\n";
        let s = split(body);
        assert_eq!(s.regions.len(), 1);
        assert_eq!(
            s.regions[0].kind,
            RegionKind::MarkdownOpen {
                id: Some("box".into())
            }
        );
        assert_eq!(s.markdown, "<!--livret:0-->\n\n*emph*\n\n\n");
    }

    #[test]
    fn markdown_span_content_is_read_as_inline_markdown() {
        let s = split("<div markdown=\"span\">*a* [b](/c)</div>\n\n<p class=\"x\" markdown='1'>**gras**</p>\n<div markdown=\"0\">*brut*</div>\n");
        let html: Vec<&str> = s.regions.iter().map(|r| r.html.as_str()).collect();
        assert_eq!(
            html,
            [
                "<div><em>a</em> <a href=\"/c\">b</a></div>\n",
                "<p class=\"x\"><strong>gras</strong></p>\n",
                "<div markdown=\"0\">*brut*</div>\n",
            ]
        );
    }

    #[test]
    fn attributes_are_read_from_tags() {
        let tag = "<div class='a b' id=\"x\" markdown=1>";
        assert_eq!(attribute(tag, "id").as_deref(), Some("x"));
        assert_eq!(attribute(tag, "markdown").as_deref(), Some("1"));
        assert_eq!(attribute(tag, "class").as_deref(), Some("a b"));
        assert_eq!(attribute(tag, "title"), None);
    }
}
