//! Taking an `href` or `src` apart: scheme, host, path, query, fragment; and site-path arithmetic.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// The shape of a link or image reference, before it is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Href<'a> {
    /// `""` or `"#"`: no target at all.
    Empty,
    /// `#anchor`: a place in the same page (fragment still percent-encoded).
    Fragment(&'a str),
    /// `mailto:`, `tel:`, `ftp:`… anything with a scheme other than http(s).
    OtherScheme,
    /// `http(s)://host/path` or `//host/path`.
    Absolute { host: &'a str, rest: Parts<'a> },
    /// `/path`: from the site root.
    Rooted(Parts<'a>),
    /// `path`, `../path`, `page.md`: from the current page.
    Relative(Parts<'a>),
}

/// Path, query and fragment of a reference, as written (still percent-encoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts<'a> {
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

impl<'a> Parts<'a> {
    fn split(s: &'a str) -> Self {
        let (rest, fragment) = match s.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (s, None),
        };
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        Parts {
            path,
            query,
            fragment,
        }
    }

    /// `?query#fragment` as written, to put back after a rewritten path.
    pub fn suffix(&self) -> String {
        let mut s = String::new();
        if let Some(q) = self.query {
            s.push('?');
            s.push_str(q);
        }
        if let Some(f) = self.fragment {
            s.push('#');
            s.push_str(f);
        }
        s
    }
}

/// Takes `href` apart (surrounding blanks ignored).
pub fn parse(href: &str) -> Href<'_> {
    let href = href.trim();
    if href.is_empty() || href == "#" {
        return Href::Empty;
    }
    if let Some(f) = href.strip_prefix('#') {
        return Href::Fragment(f);
    }
    if let Some(after) = href.strip_prefix("//") {
        return absolute(after);
    }
    if let Some(colon) = scheme_end(href) {
        let scheme = href[..colon].to_ascii_lowercase();
        return match scheme.as_str() {
            "http" | "https" => match href[colon + 1..].strip_prefix("//") {
                Some(after) => absolute(after),
                None => Href::OtherScheme,
            },
            _ => Href::OtherScheme,
        };
    }
    if href.starts_with('/') {
        Href::Rooted(Parts::split(href))
    } else {
        Href::Relative(Parts::split(href))
    }
}

fn absolute(after: &str) -> Href<'_> {
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let host = &after[..end];
    let mut rest = Parts::split(&after[end..]);
    if rest.path.is_empty() {
        rest.path = "/";
    }
    Href::Absolute { host, rest }
}

/// The byte index of the `:` ending a URL scheme (`[a-zA-Z][a-zA-Z0-9+.-]*:`), if any.
fn scheme_end(s: &str) -> Option<usize> {
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
    .then_some(colon)
}

/// The host without port, lowercase, without a leading `www.`: `https://www.Beta.gouv.fr:443`
/// and `http://beta.gouv.fr` name the same site.
pub fn host_key(host: &str) -> String {
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    host.strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host)
}

/// The host of a site URL (`https://beta.gouv.fr` → `beta.gouv.fr`), if it has one.
pub fn site_host(url: &str) -> Option<String> {
    match parse(url) {
        Href::Absolute { host, .. } if !host.is_empty() => Some(host_key(host)),
        _ => None,
    }
}

/// Percent-decodes (invalid UTF-8 is replaced, never an error).
pub fn decode(s: &str) -> Cow<'_, str> {
    percent_decode_str(s).decode_utf8_lossy()
}

/// Joins `rel` to the directory `dir` (`/a/b/`) and removes `.` and `..` segments.
/// `None` when `..` climbs above the root.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let mut segs: Vec<&str> = Vec::new();
    let full = if rel.starts_with('/') {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    };
    let trailing = full.ends_with('/') || full.ends_with("/.") || full.ends_with("/..");
    for seg in full.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop()?;
            }
            s => segs.push(s),
        }
    }
    let mut out = format!("/{}", segs.join("/"));
    if trailing && out != "/" {
        out.push('/');
    }
    Some(out)
}

/// The directory of a site URL, with a trailing slash (`/approche/investigation` → `/approche/`).
pub fn url_dir(url: &str) -> &str {
    match url.rfind('/') {
        Some(i) => &url[..=i],
        None => "/",
    }
}

/// A site path reduced to what names a page: trailing `/`, `index.html` and `.html` removed
/// (`/approche/`, `/approche/index.html` and `/approche` are one page). The root is `/`.
pub fn page_key(path: &str) -> String {
    let mut p = path.trim();
    if let Some(s) = p.strip_suffix("index.html") {
        if s.ends_with('/') {
            p = s;
        }
    }
    let p = p.strip_suffix(".html").unwrap_or(p);
    let p = p.trim_end_matches('/');
    if p.is_empty() {
        "/".to_string()
    } else if p.starts_with('/') {
        p.to_string()
    } else {
        format!("/{p}")
    }
}

/// Removes the site's `baseurl` from a rooted path when it starts with it.
pub fn strip_baseurl<'a>(path: &'a str, baseurl: &str) -> &'a str {
    let base = baseurl.trim_end_matches('/');
    if base.is_empty() {
        return path;
    }
    match path.strip_prefix(base) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_of_href() {
        assert_eq!(parse(""), Href::Empty);
        assert_eq!(parse(" # "), Href::Empty);
        assert_eq!(parse("#qui"), Href::Fragment("qui"));
        assert_eq!(parse("mailto:a@b.fr"), Href::OtherScheme);
        assert_eq!(parse("tel:+33100000000"), Href::OtherScheme);
        match parse("https://www.beta.gouv.fr/approche/?x=1#qui") {
            Href::Absolute { host, rest } => {
                assert_eq!(host, "www.beta.gouv.fr");
                assert_eq!(rest.path, "/approche/");
                assert_eq!(rest.query, Some("x=1"));
                assert_eq!(rest.fragment, Some("qui"));
            }
            other => panic!("{other:?}"),
        }
        match parse("https://beta.gouv.fr") {
            Href::Absolute { rest, .. } => assert_eq!(rest.path, "/"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse("/contact#x"), Href::Rooted(p) if p.path == "/contact"));
        assert!(matches!(parse("../a.md"), Href::Relative(p) if p.path == "../a.md"));
    }

    #[test]
    fn page_keys_ignore_slash_and_html() {
        for p in [
            "/approche/",
            "/approche",
            "/approche/index.html",
            "/approche.html",
        ] {
            assert_eq!(page_key(p), "/approche");
        }
        assert_eq!(page_key("/"), "/");
        assert_eq!(page_key("/index.html"), "/");
    }

    #[test]
    fn joins_and_refuses_climbing_out() {
        assert_eq!(join("/a/b/", "../c").as_deref(), Some("/a/c"));
        assert_eq!(join("/a/", "./c/").as_deref(), Some("/a/c/"));
        assert_eq!(join("/", "../c"), None);
        assert_eq!(url_dir("/approche/investigation"), "/approche/");
        assert_eq!(strip_baseurl("/docs/a", "/docs"), "/a");
        assert_eq!(strip_baseurl("/docsx/a", "/docs"), "/docsx/a");
        assert_eq!(host_key("WWW.Beta.gouv.fr:443"), "beta.gouv.fr");
    }
}
