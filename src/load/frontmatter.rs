//! Front matter: finding the `---` block at the top of a page (as Jekyll does) and reading it
//! into a [`FrontMatter`].

use std::collections::BTreeMap;
use std::path::Path;

use super::yaml::{self, Node, Yaml};
use super::FrontMatter;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::limits::{self, Bytes, Limits};

/// A page's text cut in two: the front matter's YAML (if the page has one) and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines; `None` when the file does not start with `---`.
    pub yaml: Option<&'a str>,
    /// The file line (1-based) of the YAML's first line.
    pub yaml_line: u32,
    /// Everything after the closing `---` line.
    pub body: &'a str,
    /// The file line (1-based) of the body's first line.
    pub body_line: u32,
}

/// The front matter is opened by `---` but no `---` (or `...`) line closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unclosed;

/// Whether `line` (with its newline) is a delimiter: `---` (or `...` when `closing`) and spaces.
fn is_delimiter(line: &str, closing: bool) -> bool {
    let t = line.trim_end();
    t == "---" || (closing && t == "...")
}

/// Cuts the front matter off `text` (a leading byte-order mark must already be removed).
/// Like Jekyll: the file's first line is `---`, the block ends at the next `---` or `...` line.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let mut lines = text.split_inclusive('\n');
    let no_front = Split {
        yaml: None,
        yaml_line: 0,
        body: text,
        body_line: 1,
    };
    let Some(first) = lines.next() else {
        return Ok(no_front);
    };
    if !is_delimiter(first, false) || !first.ends_with('\n') {
        return if is_delimiter(first, false) {
            Err(Unclosed)
        } else {
            Ok(no_front)
        };
    }
    let start = first.len();
    let mut offset = start;
    for (line_no, line) in (2u32..).zip(lines) {
        if is_delimiter(line, true) {
            return Ok(Split {
                yaml: Some(&text[start..offset]),
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Unclosed)
}

/// A front matter as read, with what the loader needs besides [`FrontMatter`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub front: FrontMatter,
    /// The file line of `permalink:`'s value (0 if none).
    pub permalink_line: u32,
    /// Every scalar value as plain text (for Liquid's `page.KEY`).
    pub scalars: BTreeMap<String, String>,
}

/// Reads the front matter's YAML. `yaml_line` is the file line of its first line, so that
/// errors point into the file. `None` (after pushing an error) when it cannot be read.
pub fn parse(
    yaml_text: &str,
    file: &Path,
    yaml_line: u32,
    limits: &Limits,
    diags: &mut Diagnostics,
) -> Option<Parsed> {
    let to_file = |line: u32| if line == 0 { 0 } else { line + yaml_line - 1 };
    let size = yaml_text.len() as u64;
    if size > limits.max_front_matter_bytes {
        diags.push(
            Diagnostic::error(
                Code::LimitExceeded,
                file,
                yaml_line.saturating_sub(1),
                1,
                format!(
                    "front matter is {}, over the limit `max_front_matter_bytes` ({})",
                    Bytes(size),
                    Bytes(limits.max_front_matter_bytes)
                ),
            )
            .with_hint(limits::raise_hint(limits::Limit::FrontMatterBytes)),
        );
        return None;
    }
    let node = match yaml::parse_within(yaml_text, limits.max_yaml_nodes) {
        Ok(node) => node,
        Err(err) => {
            let line = if err.line == 0 {
                yaml_line
            } else {
                to_file(err.line)
            };
            let mut d = Diagnostic::error(
                Code::FrontMatterInvalid,
                file,
                line,
                err.col,
                format!("invalid front matter: {}", err.message),
            );
            d.hint = err.hint;
            diags.push(d);
            return None;
        }
    };
    let mut front = FrontMatter {
        published: true,
        ..FrontMatter::default()
    };
    let entries = match &node.value {
        Yaml::Null => {
            return Some(Parsed {
                front,
                ..Parsed::default()
            })
        }
        Yaml::Map(entries) => entries,
        _ => {
            diags.push(
                Diagnostic::error(
                    Code::FrontMatterInvalid,
                    file,
                    to_file(node.line),
                    node.col,
                    format!("front matter is {}, not a map", node.kind()),
                )
                .with_hint("write `key: value` lines between the two `---` lines"),
            );
            return None;
        }
    };
    let mut permalink_line = 0;
    let mut extra = BTreeMap::new();
    let mut scalars = BTreeMap::new();
    for (key, value) in entries {
        let name = key.scalar().unwrap_or_else(|| key.value.to_string());
        if let Some(s) = value.scalar() {
            scalars.insert(name.clone(), s);
        }
        let text = |diags: &mut Diagnostics| string_value(value, &name, file, to_file, diags);
        match name.as_str() {
            "title" => front.title = text(diags),
            "subtitle" => front.subtitle = text(diags),
            "lang" => front.lang = text(diags),
            "permalink" => {
                front.permalink = text(diags);
                permalink_line = to_file(value.line);
            }
            "redirect_from" => front.redirect_from = string_list(value, file, to_file, diags),
            "published" => front.published = !matches!(value.value, Yaml::Bool(false)),
            _ => {
                extra.insert(name, value.value.to_string());
            }
        }
    }
    front.extra = extra;
    Some(Parsed {
        front,
        permalink_line,
        scalars,
    })
}

/// A scalar front matter value as text; null is `None`; a list or map is an error.
fn string_value(
    value: &Node,
    name: &str,
    file: &Path,
    to_file: impl Fn(u32) -> u32,
    diags: &mut Diagnostics,
) -> Option<String> {
    if matches!(value.value, Yaml::Null) {
        return None;
    }
    let text = value.scalar();
    if text.is_none() {
        diags.push(Diagnostic::error(
            Code::FrontMatterInvalid,
            file,
            to_file(value.line),
            value.col,
            format!("`{name}` is {}, not a string", value.kind()),
        ));
    }
    text
}

/// `redirect_from`: one string or a list of strings.
fn string_list(
    value: &Node,
    file: &Path,
    to_file: impl Fn(u32) -> u32 + Copy,
    diags: &mut Diagnostics,
) -> Vec<String> {
    match &value.value {
        Yaml::Seq(items) => items
            .iter()
            .filter_map(|item| string_value(item, "redirect_from", file, to_file, diags))
            .collect(),
        _ => string_value(value, "redirect_from", file, to_file, diags)
            .into_iter()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_body_line() {
        let s = split("---\ntitle: A\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!((s.yaml_line, s.body_line, s.body), (2, 4, "body\n"));
    }

    #[test]
    fn split_accepts_dots_and_trailing_spaces() {
        let s = split("---  \r\na: 1\r\n...\r\nx").unwrap();
        assert_eq!(s.yaml, Some("a: 1\r\n"));
        assert_eq!((s.body, s.body_line), ("x", 4));
        let empty = split("---\n---\n").unwrap();
        assert_eq!((empty.yaml, empty.body), (Some(""), ""));
    }

    #[test]
    fn split_without_front_matter() {
        let s = split("# Title\n---\n").unwrap();
        assert_eq!((s.yaml, s.body_line), (None, 1));
    }

    #[test]
    fn split_unclosed() {
        assert_eq!(split("---\ntitle: A\nbody\n"), Err(Unclosed));
        assert_eq!(split("---"), Err(Unclosed));
    }

    fn parse_ok(yaml: &str) -> FrontMatter {
        let mut d = Diagnostics::new();
        let parsed = parse(yaml, Path::new("p.md"), 2, &Limits::default(), &mut d).unwrap();
        assert!(d.is_empty(), "{}", d.render());
        parsed.front
    }

    #[test]
    fn parse_known_keys_and_extra() {
        let f = parse_ok(
            "title: Phase\nsubtitle: Sous\npermalink: /a/b\nlayout: page\nredirect_from:\n  - /x/\n  - /y\nlang: en\norder: 3\n",
        );
        assert_eq!(f.title.as_deref(), Some("Phase"));
        assert_eq!(f.subtitle.as_deref(), Some("Sous"));
        assert_eq!(f.permalink.as_deref(), Some("/a/b"));
        assert_eq!(f.redirect_from, ["/x/", "/y"]);
        assert_eq!(f.lang.as_deref(), Some("en"));
        assert!(f.published);
        assert_eq!(f.extra.get("layout").map(String::as_str), Some("\"page\""));
        assert_eq!(f.extra.get("order").map(String::as_str), Some("3"));
    }

    #[test]
    fn parse_redirect_from_string_and_published() {
        let f = parse_ok("redirect_from: /old\npublished: false\ntitle: 2024\n");
        assert_eq!(f.redirect_from, ["/old"]);
        assert!(!f.published);
        assert_eq!(f.title.as_deref(), Some("2024"));
        assert!(parse_ok("").published);
    }

    #[test]
    fn parse_not_a_map() {
        let mut d = Diagnostics::new();
        assert!(parse(
            "- a\n- b\n",
            Path::new("p.md"),
            2,
            &Limits::default(),
            &mut d
        )
        .is_none());
        assert_eq!(
            d.render(),
            "p.md:2:1: error: front matter is a list, not a map\n  hint: write `key: value` lines between the two `---` lines\n"
        );
    }

    #[test]
    fn parse_invalid_yaml_maps_line() {
        let mut d = Diagnostics::new();
        assert!(parse(
            "title: A\nx: [1\n",
            Path::new("p.md"),
            2,
            &Limits::default(),
            &mut d
        )
        .is_none());
        let text = d.render();
        assert!(text.starts_with("p.md:"), "{text}");
        let line: u32 = text.split(':').nth(1).unwrap().parse().unwrap();
        assert!(line >= 3, "{text}");
    }
}
