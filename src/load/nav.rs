//! A navigation include (`_includes/sidebar-approche.html`) read for its links: the `<a href>`
//! in document order, outside HTML and Liquid comments, with the Liquid tags around them
//! ignored — except one common pattern, a `{% for x in site.COLLECTION %}` loop (possibly
//! through `{% assign v = site.COLLECTION | sort: 'key' %}`) around `<a href="{{ x.url }}">`,
//! which stands for every document of the collection in that order.

use super::blocks::line_starts;

/// One entry of the navigation, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavItem {
    /// A link: its `href` and 1-based line and column in the include.
    Link { href: String, line: u32, col: u32 },
    /// Every document of a collection, sorted by a front matter key (else by path).
    Collection {
        name: String,
        sort_key: Option<String>,
        line: u32,
        col: u32,
    },
    /// A link whose `href` is a Liquid expression livret cannot evaluate.
    Unknown { href: String, line: u32, col: u32 },
}

/// Replaces `from..to` delimited regions (HTML comments, Liquid comments) by spaces, keeping
/// newlines, so that offsets and lines do not move.
fn blank_regions(text: &mut String, open: &str, close: &str) {
    let mut pos = 0;
    while let Some(i) = text[pos..].find(open).map(|i| pos + i) {
        let end = text[i + open.len()..]
            .find(close)
            .map_or(text.len(), |e| i + open.len() + e + close.len());
        let blank: String = text[i..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        // Same byte length only for ASCII: pad with spaces for wider characters.
        let pad = (end - i).saturating_sub(blank.len());
        text.replace_range(i..end, &(blank + &" ".repeat(pad)));
        pos = end;
    }
}

/// The value of attribute `name` in the inside of a tag (`a class="x" href="/y"`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let key_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let mut value = None;
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let (v, after) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = r[1..].find(q).map_or(r.len(), |e| e + 1);
                    (&r[1..end], &r[(end + 1).min(r.len())..])
                }
                _ => {
                    let end = r.find(char::is_whitespace).unwrap_or(r.len());
                    (&r[..end], &r[end..])
                }
            };
            value = Some(v.to_string());
            rest = after;
        } else if key.is_empty() {
            break;
        }
        if key.eq_ignore_ascii_case(name) {
            return value;
        }
    }
    None
}

/// The end (exclusive) of the HTML tag starting at `start`, honouring quotes.
fn tag_end(text: &str, start: usize) -> usize {
    let mut quote = None;
    for (i, c) in text[start..].char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return start + i + 1,
            None => {}
        }
    }
    text.len()
}

/// `site.NAME` → `NAME`.
fn site_collection(expr: &str) -> Option<String> {
    let name = expr.trim().strip_prefix("site.")?;
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-'))
    .then(|| name.to_string())
}

/// `sort: 'key'` among the filters of an expression.
fn sort_key(filters: &[&str]) -> Option<String> {
    filters.iter().find_map(|f| {
        let (name, arg) = f.split_once(':')?;
        (name.trim() == "sort").then(|| arg.trim().trim_matches(['\'', '"']).to_string())
    })
}

/// The navigation entries of an include's text.
pub fn links(source: &str) -> Vec<NavItem> {
    let mut text = source.to_string();
    blank_regions(&mut text, "<!--", "-->");
    blank_regions(&mut text, "{% comment %}", "{% endcomment %}");
    let starts = line_starts(&text);
    let locate = |offset: usize| {
        let line = starts.partition_point(|&s| s <= offset);
        let col = text[starts[line - 1]..offset].chars().count() + 1;
        (line as u32, col as u32)
    };
    // Variables bound to a sorted collection, and the open `for` loops.
    let mut vars: Vec<(String, String, Option<String>)> = Vec::new();
    let mut loops: Vec<Option<(String, String, Option<String>)>> = Vec::new();
    let mut items = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut pos = 0;
    loop {
        let liquid = text[pos..].find("{%").map(|i| pos + i);
        let anchor = lower[pos..]
            .match_indices("<a")
            .map(|(i, _)| pos + i)
            .find(|&i| {
                lower[i + 2..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_whitespace() || c == '>')
            });
        let Some(at) = [liquid, anchor].into_iter().flatten().min() else {
            break;
        };
        if Some(at) == liquid {
            let end = text[at..].find("%}").map_or(text.len(), |e| at + e + 2);
            let inner = text[at + 2..end.saturating_sub(2).max(at + 2)]
                .trim_matches('-')
                .trim();
            let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            match name {
                "assign" => {
                    if let Some((var, expr)) = args.split_once('=') {
                        let mut parts = expr.split('|');
                        if let Some(c) = parts.next().and_then(site_collection) {
                            let filters: Vec<&str> = parts.collect();
                            vars.push((var.trim().to_string(), c, sort_key(&filters)));
                        }
                    }
                }
                "for" => {
                    let bound = args.split_once(" in ").and_then(|(var, expr)| {
                        let expr = expr.split_whitespace().next().unwrap_or_default();
                        let (c, key) = match site_collection(expr) {
                            Some(c) => (c, None),
                            None => {
                                let (_, c, k) = vars.iter().rev().find(|(v, _, _)| v == expr)?;
                                (c.clone(), k.clone())
                            }
                        };
                        Some((var.trim().to_string(), c, key))
                    });
                    loops.push(bound);
                }
                "endfor" => {
                    loops.pop();
                }
                _ => {}
            }
            pos = end;
            continue;
        }
        let end = tag_end(&text, at);
        pos = end;
        let Some(href) = attribute(&text[at + 2..end.saturating_sub(1).max(at + 2)], "href") else {
            continue;
        };
        let (line, col) = locate(at);
        let href = href.trim().to_string();
        if href.is_empty() || href.starts_with('#') {
            continue;
        }
        if let Some(expr) = href
            .strip_prefix("{{")
            .and_then(|h| h.strip_suffix("}}"))
            .map(str::trim)
        {
            let from_loop = loops.iter().rev().flatten().find_map(|(var, c, key)| {
                (expr == format!("{var}.url")).then(|| (c.clone(), key.clone()))
            });
            items.push(match from_loop {
                Some((name, sort_key)) => NavItem::Collection {
                    name,
                    sort_key,
                    line,
                    col,
                },
                None => NavItem::Unknown { href, line, col },
            });
        } else if href.contains("{{") || href.contains("{%") {
            items.push(NavItem::Unknown { href, line, col });
        } else {
            items.push(NavItem::Link { href, line, col });
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(href: &str, line: u32, col: u32) -> NavItem {
        NavItem::Link {
            href: href.into(),
            line,
            col,
        }
    }

    #[test]
    fn links_in_order_outside_comments() {
        let html = "<ul>\n<!-- <li><a href=\"/hidden\">x</a></li> -->\n<li class=\"{% if page.url == '/a' %}on{% endif %}\"><a class='l' href=\"/a\" target=\"_self\">A</a></li>\n<!--\n<a href=\"/hidden2\">\n-->\n<li><A HREF=/b>B</A> <a href=\"#top\">top</a> <abbr>no</abbr></li>\n{% comment %}<a href=\"/c\">{% endcomment %}\n</ul>\n";
        assert_eq!(links(html), [link("/a", 3, 52), link("/b", 7, 5)]);
    }

    #[test]
    fn collection_loop_expands() {
        let html = "{% assign mooc = site.mooc | sort: 'order' %}\n{% for s in mooc %}\n<a href=\"{{ s.url }}\">{{ s.title }}</a>\n{% endfor %}\n<a href=\"{{ other.url }}\">x</a>\n";
        assert_eq!(
            links(html),
            [
                NavItem::Collection {
                    name: "mooc".into(),
                    sort_key: Some("order".into()),
                    line: 3,
                    col: 1
                },
                NavItem::Unknown {
                    href: "{{ other.url }}".into(),
                    line: 5,
                    col: 1
                }
            ]
        );
    }
}
