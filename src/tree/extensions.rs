//! kramdown's extensions in a body: `{::comment}…{:/comment}`, `{::nomarkdown}…{:/nomarkdown}`
//! and `{::options … /}`, as block (markers alone on their lines) or span (inside a line).
//!
//! A comment disappears (kramdown writes an HTML comment). A `nomarkdown` block becomes an HTML
//! block (`<div>` and `</div>` in place of its markers), so that its text is never read as
//! markdown; inside a line, its markers go and its text stays. `{::options}` is removed: the
//! options it sets (`parse_block_html`, …) are not applied. An extension without its end marker
//! is text, as for kramdown. Lines are kept (emptied, never removed) so line numbers stay file
//! lines; fenced code is left alone.

/// The extensions that change what a page shows.
const NAMES: &[&str] = &["comment", "nomarkdown", "options"];

/// The body with its kramdown extensions applied (see the module comment).
pub fn apply(body: &str) -> String {
    if !body.contains("{::") {
        return body.to_string();
    }
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fence: Option<(char, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some((ch, len)) = fence {
            if super::kramdown::closes_fence(line, ch, len) {
                fence = None;
            }
            out.push(line.to_string());
            i += 1;
            continue;
        }
        if let Some(open) = super::kramdown::opens_fence(line) {
            fence = Some(open);
            out.push(line.to_string());
            i += 1;
            continue;
        }
        if let Some((name, closed)) = block_start(line) {
            if name == "options" && closed {
                out.push(ending(line).to_string());
                i += 1;
                continue;
            }
            let end = (i + 1..lines.len()).find(|&j| is_end(lines[j], name));
            if let (Some(end), false) = (end, closed) {
                for (k, l) in lines.iter().enumerate().take(end + 1).skip(i) {
                    let kept = match name {
                        "nomarkdown" if k == i => format!("<div>{}", ending(l)),
                        "nomarkdown" if k == end => format!("</div>{}", ending(l)),
                        "nomarkdown" => l.to_string(),
                        _ => ending(l).to_string(),
                    };
                    out.push(kept);
                }
                i = end + 1;
                continue;
            }
        }
        out.push(spans(line));
        i += 1;
    }
    out.concat()
}

/// The line's end (`\n`, `\r\n` or nothing).
fn ending(line: &str) -> &str {
    &line[line.trim_end_matches(['\n', '\r']).len()..]
}

/// A block extension's start marker alone on its line (at most three spaces in): its name and
/// whether it closes itself (`/}`).
fn block_start(line: &str) -> Option<(&'static str, bool)> {
    let t = line.trim_end();
    if t.len() - t.trim_start_matches(' ').len() > 3 {
        return None;
    }
    let (name, closed, len) = marker(t.trim_start())?;
    (len == t.trim_start().len()).then_some((name, closed))
}

/// Whether the line is the end marker of extension `name` (`{:/name}` or `{:/}`) alone.
fn is_end(line: &str, name: &str) -> bool {
    let t = line.trim();
    t == "{:/}" || t.strip_prefix("{:/").and_then(|r| r.strip_suffix('}')) == Some(name)
}

/// An extension's start marker at the start of `s`: its name, whether it closes itself, and
/// its length.
fn marker(s: &str) -> Option<(&'static str, bool, usize)> {
    let rest = s.strip_prefix("{::")?;
    let name = NAMES.iter().copied().find(|n| {
        rest.strip_prefix(n)
            .is_some_and(|r| r.starts_with([' ', '}', '/']))
    })?;
    let close = rest.find('}')?;
    let closed = rest[..close].trim_end().ends_with('/');
    Some((name, closed, 3 + close + 1))
}

/// The extensions inside one line, outside code spans: a comment and `{::options /}` go, the
/// markers of a `nomarkdown` go and its text stays.
fn spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("{::") {
        let (before, from) = rest.split_at(at);
        if before.matches('`').count() % 2 == 1 {
            out.push_str(&rest[..at + 3]);
            rest = &rest[at + 3..];
            continue;
        }
        let Some((name, closed, len)) = marker(from) else {
            out.push_str(&rest[..at + 3]);
            rest = &rest[at + 3..];
            continue;
        };
        if closed {
            out.push_str(before);
            rest = &from[len..];
            continue;
        }
        let body = &from[len..];
        let ends = [format!("{{:/{name}}}"), "{:/}".to_string()];
        let Some((end_at, end_len)) = ends
            .iter()
            .filter_map(|e| body.find(e.as_str()).map(|p| (p, e.len())))
            .min()
        else {
            out.push_str(&rest[..at + 3]);
            rest = &rest[at + 3..];
            continue;
        };
        out.push_str(before);
        if name == "nomarkdown" {
            out.push_str(&body[..end_at]);
        }
        rest = &body[end_at + end_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::apply;

    #[test]
    fn comments_disappear_lines_stay() {
        assert_eq!(
            apply("Avant\n\n{::comment}\nCaché *ici*\n{:/comment}\n\nAprès\n"),
            "Avant\n\n\n\n\n\nAprès\n"
        );
        assert_eq!(
            apply("Texte {::comment}caché{:/comment} visible, {::comment}x{:/}fin.\n"),
            "Texte  visible, fin.\n"
        );
    }

    #[test]
    fn nomarkdown_is_html() {
        assert_eq!(
            apply("{::nomarkdown}\n<p>brut *pas md*</p>\n{:/nomarkdown}\n\nSuite\n"),
            "<div>\n<p>brut *pas md*</p>\n</div>\n\nSuite\n"
        );
        assert_eq!(
            apply("Mot {::nomarkdown}<b>gras</b>{:/} fin.\n"),
            "Mot <b>gras</b> fin.\n"
        );
    }

    #[test]
    fn options_are_removed() {
        assert_eq!(
            apply("{::options parse_block_html=\"true\" /}\n\nTexte {::options auto_ids=\"false\" /}ici\n"),
            "\n\nTexte ici\n"
        );
    }

    #[test]
    fn unclosed_code_and_unknown_stay_text() {
        for text in [
            "{::comment}\nnon fermé\n\ntexte\n",
            "x {::comment} y\n",
            "```\n{::comment}\nx\n{:/comment}\n```\n",
            "`{::comment}x{:/}`\n",
            "{::toc}\n",
        ] {
            assert_eq!(apply(text), text);
        }
    }
}
