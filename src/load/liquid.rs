//! Liquid, the way livret needs it: the few outputs a page's text uses (`{{ site.baseurl }}`,
//! `{{ page.title }}`, simple filters) are substituted, `{% link %}` becomes a URL, `{% raw %}`
//! keeps its text, `{% comment %}` goes, and every other tag is removed with a warning.
//!
//! Every newline is kept, so the output's lines are the input's lines. Code blocks (given as
//! byte ranges) are copied untouched unless a `raw` or `comment` block that began before
//! them is still open.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use super::suggest;
use crate::diag::{Code, Diagnostic, Diagnostics};

/// What Liquid can see while rendering one page.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// `site.KEY` values: the site's `_config.yml` scalars, with `url`, `baseurl` and `title`.
    pub site: BTreeMap<String, String>,
    /// `page.KEY` values: front matter scalars, plus `url`.
    pub page: BTreeMap<String, String>,
    /// Published pages by path relative to the site folder → URL (without baseurl), for
    /// `{% link %}`.
    pub links: BTreeMap<String, String>,
}

impl Context {
    fn url(&self) -> &str {
        self.site.get("url").map_or("", String::as_str)
    }

    fn baseurl(&self) -> &str {
        self.site.get("baseurl").map_or("", String::as_str)
    }

    /// Jekyll's `relative_url`: the baseurl, then the path with a leading slash.
    fn relative_url(&self, input: &str) -> String {
        if has_scheme(input) {
            return input.to_string();
        }
        let base = self.baseurl().trim_end_matches('/');
        let base = if base.is_empty() || base.starts_with('/') {
            base.to_string()
        } else {
            format!("/{base}")
        };
        if input.starts_with('/') {
            format!("{base}{input}")
        } else {
            format!("{base}/{input}")
        }
    }

    /// Jekyll's `absolute_url`: the site url, then the relative URL.
    fn absolute_url(&self, input: &str) -> String {
        if has_scheme(input) {
            return input.to_string();
        }
        format!(
            "{}{}",
            self.url().trim_end_matches('/'),
            self.relative_url(input)
        )
    }
}

fn has_scheme(s: &str) -> bool {
    s.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+')
    })
}

/// The rendered text and the byte ranges (in it) that came from `{% raw %}` blocks, which the
/// kramdown clean-up must leave alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub verbatim: Vec<Range<usize>>,
}

/// Where a body sits in its file, to locate diagnostics.
struct Locator<'a> {
    file: &'a Path,
    text: &'a str,
    body_line: u32,
}

impl Locator<'_> {
    fn at(&self, offset: usize) -> (u32, u32) {
        let before = &self.text[..offset];
        let line = before.matches('\n').count() as u32;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = self.text[line_start..offset].chars().count() as u32 + 1;
        (self.body_line + line, col)
    }

    fn error(&self, code: Code, offset: usize, message: String) -> Diagnostic {
        let (line, col) = self.at(offset);
        Diagnostic::error(code, self.file, line, col, message)
    }

    fn warning(&self, code: Code, offset: usize, message: String) -> Diagnostic {
        let (line, col) = self.at(offset);
        Diagnostic::warning(code, self.file, line, col, message)
    }
}

/// A `{% … %}` tag found in the text: its byte range, name and arguments.
struct Tag<'a> {
    range: Range<usize>,
    name: &'a str,
    args: &'a str,
}

/// The tag starting at `start` (which must be at `{%`), if it is closed.
fn tag_at(text: &str, start: usize) -> Option<Tag<'_>> {
    let end = text[start + 2..].find("%}")? + start + 2;
    let inner = text[start + 2..end].trim_matches('-').trim();
    let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    Some(Tag {
        range: start..end + 2,
        name,
        args: args.trim(),
    })
}

/// The next `{% name %}` tag at or after `from`.
fn find_tag<'a>(text: &'a str, from: usize, name: &str) -> Option<Tag<'a>> {
    let mut pos = from;
    while let Some(i) = text[pos..].find("{%") {
        let start = pos + i;
        let tag = tag_at(text, start)?;
        if tag.name == name {
            return Some(tag);
        }
        pos = start + 2;
    }
    None
}

fn newlines(s: &str) -> String {
    "\n".repeat(s.matches('\n').count())
}

/// Renders the Liquid of a page body. `code` holds the byte ranges of code blocks (sorted);
/// `body_line` is the file line of the body's first line.
pub fn render(
    text: &str,
    body_line: u32,
    file: &Path,
    code: &[Range<usize>],
    ctx: &Context,
    diags: &mut Diagnostics,
) -> Rendered {
    let loc = Locator {
        file,
        text,
        body_line,
    };
    let mut out = Rendered::default();
    let mut pos = 0;
    let mut code = code.iter().peekable();
    loop {
        let next = [text[pos..].find("{{"), text[pos..].find("{%")]
            .into_iter()
            .flatten()
            .min()
            .map(|i| pos + i);
        // Code blocks that begin before the next tag are copied as they are.
        while code.peek().is_some_and(|r| r.end <= pos) {
            code.next();
        }
        if let (Some(range), Some(n)) = (code.peek(), next) {
            if range.start <= n {
                out.text.push_str(&text[pos..range.end]);
                pos = range.end;
                code.next();
                continue;
            }
        }
        let Some(start) = next else {
            out.text.push_str(&text[pos..]);
            break;
        };
        out.text.push_str(&text[pos..start]);
        if text[start..].starts_with("{{") {
            let Some(close) = text[start + 2..].find("}}") else {
                diags.push(
                    loc.error(
                        Code::LiquidUnclosed,
                        start,
                        "liquid output `{{` is not closed".to_string(),
                    )
                    .with_hint("end it with `}}`, or wrap the text in `{% raw %}`…`{% endraw %}`"),
                );
                out.text.push_str(&text[start..]);
                break;
            };
            let end = start + 2 + close + 2;
            let expr = text[start + 2..end - 2].trim_matches('-').trim();
            match evaluate(expr, ctx, &loc, start, diags) {
                Some(value) => out.text.push_str(&value),
                None => diags.push(loc.warning(
                    Code::LiquidRemoved,
                    start,
                    format!("liquid output `{{{{ {expr} }}}}` removed: unknown value"),
                )),
            }
            out.text.push_str(&newlines(&text[start..end]));
            pos = end;
            continue;
        }
        let Some(tag) = tag_at(text, start) else {
            diags.push(
                loc.error(
                    Code::LiquidUnclosed,
                    start,
                    "liquid tag `{%` is not closed".to_string(),
                )
                .with_hint("end it with `%}`, or wrap the text in `{% raw %}`…`{% endraw %}`"),
            );
            out.text.push_str(&text[start..]);
            break;
        };
        pos = tag.range.end;
        match tag.name {
            "raw" => {
                let (content_end, next_pos) = match find_tag(text, tag.range.end, "endraw") {
                    Some(end) => (end.range.start, end.range.end),
                    None => {
                        diags.push(
                            loc.error(
                                Code::LiquidUnclosed,
                                start,
                                "`{% raw %}` is not closed".to_string(),
                            )
                            .with_hint("end it with `{% endraw %}`"),
                        );
                        (text.len(), text.len())
                    }
                };
                let from = out.text.len();
                out.text.push_str(&text[tag.range.end..content_end]);
                out.verbatim.push(from..out.text.len());
                out.text.push_str(&newlines(&text[content_end..next_pos]));
                pos = next_pos;
            }
            "comment" => {
                let end = match find_tag(text, tag.range.end, "endcomment") {
                    Some(end) => end.range.end,
                    None => {
                        diags.push(
                            loc.error(
                                Code::LiquidUnclosed,
                                start,
                                "`{% comment %}` is not closed".to_string(),
                            )
                            .with_hint("end it with `{% endcomment %}`"),
                        );
                        text.len()
                    }
                };
                out.text.push_str(&newlines(&text[start..end]));
                pos = end;
            }
            "link" => {
                let path = tag.args.trim_matches(|c| c == '"' || c == '\'');
                match ctx.links.get(path) {
                    Some(url) => out.text.push_str(&ctx.relative_url(url)),
                    None => {
                        let mut d = loc.error(
                            Code::LiquidLinkBroken,
                            start,
                            format!(
                                "`{{% link {path} %}}`: no published page `{path}` in the site"
                            ),
                        );
                        if let Some(s) = suggest(path, ctx.links.keys().map(String::as_str)) {
                            d = d.with_hint(format!("did you mean `{s}`?"));
                        }
                        diags.push(d);
                    }
                }
                out.text.push_str(&newlines(&text[tag.range.clone()]));
            }
            "highlight" | "endhighlight" if alone_on_line(text, &tag.range) => {
                // A highlight block is a code block: make it a fence, on the same lines.
                out.text.push_str("```");
                if tag.name == "highlight" {
                    out.text
                        .push_str(tag.args.split_whitespace().next().unwrap_or_default());
                }
                out.text.push_str(&newlines(&text[tag.range.clone()]));
            }
            name => {
                diags.push(loc.warning(
                    Code::LiquidRemoved,
                    start,
                    format!("liquid tag `{name}` removed"),
                ));
                out.text.push_str(&newlines(&text[tag.range.clone()]));
            }
        }
    }
    out
}

/// Whether only spaces surround `range` on its line(s).
fn alone_on_line(text: &str, range: &Range<usize>) -> bool {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    text[line_start..range.start].trim().is_empty() && text[range.end..line_end].trim().is_empty()
}

/// Splits `s` on `sep` outside quotes.
fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quote = None;
    let mut last = 0;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == sep => {
                parts.push(&s[last..i]);
                last = i + c.len_utf8();
            }
            None => {}
        }
    }
    parts.push(&s[last..]);
    parts
}

/// The value of a literal or a variable (`'text'`, `12`, `site.url`, `page.title`).
fn operand(s: &str, ctx: &Context) -> Option<String> {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return Some(inner.to_string());
        }
    }
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Some(s.to_string());
    }
    let (scope, key) = s.split_once('.')?;
    match scope {
        "site" => ctx.site.get(key).cloned(),
        "page" => ctx.page.get(key).cloned(),
        _ => None,
    }
}

/// Evaluates `value | filter: arg | …`. `None` when the value is unknown; unknown filters are
/// skipped with a warning.
fn evaluate(
    expr: &str,
    ctx: &Context,
    loc: &Locator,
    offset: usize,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut parts = split_outside_quotes(expr, '|').into_iter();
    let mut value = operand(parts.next().unwrap_or_default(), ctx);
    for filter in parts {
        let (name, args) = filter.split_once(':').unwrap_or((filter, ""));
        let arg = || {
            split_outside_quotes(args, ',')
                .first()
                .and_then(|a| operand(a, ctx))
                .unwrap_or_default()
        };
        let v = value.clone().unwrap_or_default();
        value = match name.trim() {
            "relative_url" => value.map(|v| ctx.relative_url(&v)),
            "absolute_url" => value.map(|v| ctx.absolute_url(&v)),
            "prepend" => Some(arg() + &v),
            "append" => Some(v + &arg()),
            "default" if v.is_empty() => Some(arg()),
            "default" => Some(v),
            "downcase" => value.map(|v| v.to_lowercase()),
            "upcase" => value.map(|v| v.to_uppercase()),
            "strip" => value.map(|v| v.trim().to_string()),
            "escape" | "xml_escape" => value.map(|v| {
                v.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
            }),
            other => {
                diags.push(loc.warning(
                    Code::LiquidFilterIgnored,
                    offset,
                    format!("liquid filter `{other}` ignored"),
                ));
                value
            }
        };
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        let mut c = Context::default();
        c.site.insert("url".into(), "https://beta.gouv.fr".into());
        c.site.insert("baseurl".into(), "/base".into());
        c.site.insert("title".into(), "beta.gouv.fr".into());
        c.page.insert("title".into(), "Phase".into());
        c.page.insert("url".into(), "/approche/x".into());
        c.page.insert("order".into(), "3".into());
        c.links.insert("_pages/a.md".into(), "/approche/a".into());
        c
    }

    fn run(text: &str) -> (Rendered, String) {
        let mut d = Diagnostics::new();
        let r = render(text, 5, Path::new("p.md"), &[], &ctx(), &mut d);
        (r, d.render())
    }

    #[test]
    fn site_and_page_outputs() {
        let (r, d) = run("{{ site.baseurl }}/a {{site.url}} {{ site.title }} {{ page.title }} {{ page.order }} {{ page.url }}\n");
        assert_eq!(
            r.text,
            "/base/a https://beta.gouv.fr beta.gouv.fr Phase 3 /approche/x\n"
        );
        assert_eq!(d, "");
    }

    #[test]
    fn url_filters() {
        let (r, d) = run("{{ '/a/' | relative_url }} {{ \"/a\" | absolute_url }} {{ page.url | absolute_url }} {{ 'https://x.org/' | relative_url }}");
        assert_eq!(
            r.text,
            "/base/a/ https://beta.gouv.fr/base/a https://beta.gouv.fr/base/approche/x https://x.org/"
        );
        assert_eq!(d, "");
    }

    #[test]
    fn unknown_output_and_filter_warn() {
        let (r, d) = run("a {{ page.missing }} b {{ site.title | slugify }}");
        assert_eq!(r.text, "a  b beta.gouv.fr");
        assert_eq!(
            d,
            "p.md:5:3: warning: liquid output `{{ page.missing }}` removed: unknown value\n\
             p.md:5:24: warning: liquid filter `slugify` ignored\n"
        );
    }

    #[test]
    fn raw_is_verbatim() {
        let (r, d) = run("x {% raw %}{{ page.title }}\n{% if %}{% endraw %} y");
        assert_eq!(r.text, "x {{ page.title }}\n{% if %} y");
        assert_eq!(r.verbatim, vec![2..27]);
        assert_eq!(d, "");
    }

    #[test]
    fn comment_removed_newlines_kept() {
        let (r, d) = run("a{% comment %}\nhidden {{ x }}\n{% endcomment %}b\n");
        assert_eq!(r.text, "a\n\nb\n");
        assert_eq!(d, "");
    }

    #[test]
    fn link_tag() {
        let (r, d) = run("[a]({% link _pages/a.md %})");
        assert_eq!(r.text, "[a](/base/approche/a)");
        assert_eq!(d, "");
        let (r, d) = run("\n[a]({% link _pages/b.md %})");
        assert_eq!(r.text, "\n[a]()");
        assert_eq!(
            d,
            "p.md:6:5: error: `{% link _pages/b.md %}`: no published page `_pages/b.md` in the site\n  hint: did you mean `_pages/a.md`?\n"
        );
    }

    #[test]
    fn other_tags_removed_with_warning() {
        let (r, d) =
            run("{% include note.html\n  x=1 %}\n{% if a %}yes{% endif %}\n{%- assign x = 1 -%}");
        assert_eq!(r.text, "\n\nyes\n");
        assert_eq!(
            d,
            "p.md:5:1: warning: liquid tag `include` removed\n\
             p.md:7:1: warning: liquid tag `if` removed\n\
             p.md:7:14: warning: liquid tag `endif` removed\n\
             p.md:8:1: warning: liquid tag `assign` removed\n"
        );
    }

    #[test]
    fn highlight_becomes_fence() {
        let (r, d) = run("{% highlight ruby %}\nputs 1\n{% endhighlight %}\n");
        assert_eq!(r.text, "```ruby\nputs 1\n```\n");
        assert_eq!(d, "");
    }

    #[test]
    fn code_blocks_untouched() {
        let text = "a {{ page.title }}\n```\n{{ page.title }}\n```\nb {{ page.title }}";
        let code = [Range { start: 19, end: 44 }];
        assert_eq!(&text[19..44], "```\n{{ page.title }}\n```\n");
        let mut d = Diagnostics::new();
        let r = render(text, 1, Path::new("p.md"), &code, &ctx(), &mut d);
        assert_eq!(r.text, "a Phase\n```\n{{ page.title }}\n```\nb Phase");
        assert!(d.is_empty());
    }

    #[test]
    fn unclosed_errors() {
        let (r, d) = run("a {{ b\nc");
        assert_eq!(r.text, "a {{ b\nc");
        assert_eq!(
            d,
            "p.md:5:3: error: liquid output `{{` is not closed\n  hint: end it with `}}`, or wrap the text in `{% raw %}`…`{% endraw %}`\n"
        );
        let (r, d) = run("a {% raw %}x\ny");
        assert_eq!(r.text, "a x\ny");
        assert!(
            d.contains("p.md:5:3: error: `{% raw %}` is not closed"),
            "{d}"
        );
    }
}
