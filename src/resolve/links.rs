//! Link classification: every `href` becomes internal, external or broken (with a located error).
//!
//! The rules, in order:
//!
//! - `""` and `#` — a warning (`link has no target`); the link goes to the top of its own page,
//!   as it does in a browser.
//! - `#anchor` — this page's anchor.
//! - `mailto:`, `tel:` and every scheme but http(s), and http(s) links to other hosts — external,
//!   unchanged; but a scheme one letter away from http(s) (`ttps://`) is broken, with a hint.
//! - A link naming a page file (`investigation.md`, `../programme/transfert.md`, relative to the
//!   page's file; `/…md` from the site folder) — the chapter from that file; the URL of a site page
//!   outside the guide; else broken (a markdown file is never a valid link target).
//! - Every other form becomes a *site path*: `https://beta.gouv.fr/a`, `http://www.beta.gouv.fr/a/`
//!   (the site's host, any scheme, `www.` or not), `/a` and `/docs/a` (baseurl removed when
//!   present), `../a` and `a` (relative to the page's URL, as a browser does). Then:
//!   1. a guide page's URL or `redirect_from`, with or without trailing `/`, `.html`,
//!      `index.html` — internal: its fragment (percent-decoded) looked up among that page's
//!      original ids, no fragment meaning the chapter itself; an unknown fragment is broken;
//!   2. a site page outside the guide (the site's root `/` always is one), or a file of the site
//!      folder — external, made absolute on the site's URL (absolute links are kept as written);
//!   3. a page of the site but for letter case, under a guide URL's folder (`/approche/…`), or
//!      within a letter or two of a root-level guide page — broken (the site has no such page),
//!      with the closest URL of the site as a hint;
//!   4. anything else — a warning (`matches no page of the site folder`); external, absolute.

use std::path::Path;

use super::anchors::AnchorIndex;
use super::site_index::{slash_path, SiteIndex};
use super::suggest;
use super::urls::{self, Href, Parts};
use crate::book::{LinkTarget, Pos};
use crate::diag::{Code, Diagnostic, Diagnostics};

/// How many anchors a broken-anchor hint names at most.
const ANCHOR_HINTS: usize = 3;

/// Everything needed to classify the links of one chapter.
pub struct PageLinks<'a> {
    pub index: &'a SiteIndex,
    pub anchors: &'a AnchorIndex,
    /// The chapter's index in the book.
    pub chapter: usize,
    /// Every chapter's own anchor (what a link to a page without fragment reaches).
    pub chapter_ids: &'a [String],
    /// The chapter's file, relative to the site folder (for diagnostics and `.md` links).
    pub source: &'a Path,
    /// How diagnostics name the page's file ([`crate::load::Config::display_path`]).
    pub display: &'a Path,
}

/// Where a link ended up, and what to say about it.
struct Outcome {
    target: LinkTarget,
    /// Whether it is an error (else a warning), its code, message and hint.
    diag: Option<(bool, Code, String, Option<String>)>,
}

impl Outcome {
    fn ok(target: LinkTarget) -> Self {
        Outcome { target, diag: None }
    }

    fn broken(code: Code, message: String, hint: Option<String>) -> Self {
        Outcome {
            target: LinkTarget::Broken,
            diag: Some((true, code, message, hint)),
        }
    }

    fn warn(code: Code, target: LinkTarget, message: String) -> Self {
        Outcome {
            target,
            diag: Some((false, code, message, None)),
        }
    }
}

impl PageLinks<'_> {
    /// Classifies `href`, pushing an error (broken) or a warning located at `pos`.
    pub fn classify(&self, href: &str, pos: Pos, diags: &mut Diagnostics) -> LinkTarget {
        let outcome = self.outcome(href);
        if let Some((is_error, code, message, hint)) = outcome.diag {
            let mut d = if is_error {
                Diagnostic::error(code, self.display, pos.line, pos.col, message)
            } else {
                Diagnostic::warning(code, self.display, pos.line, pos.col, message)
            };
            d.hint = hint;
            diags.push(d);
        }
        outcome.target
    }

    fn outcome(&self, href: &str) -> Outcome {
        let shown = href.trim();
        match urls::parse(href) {
            Href::Empty => Outcome::warn(
                Code::LinkNoTarget,
                self.internal(self.chapter, None),
                if shown.is_empty() {
                    "link has no target".to_string()
                } else {
                    format!("link `{shown}` has no target")
                },
            ),
            Href::Fragment(f) => self.anchor(self.chapter, Some(f)),
            Href::OtherScheme => match misspelt_http(shown) {
                // `ttps://…`: no reader can follow it (EPUBCheck warns, a browser fails).
                Some(fixed) => Outcome::broken(
                    Code::MisspeltScheme,
                    format!("link `{shown}` has a misspelt scheme"),
                    Some(format!("did you mean `{fixed}`?")),
                ),
                None => Outcome::ok(LinkTarget::External(shown.to_string())),
            },
            Href::Absolute { host, rest } => {
                if self.index.host.as_deref() != Some(urls::host_key(host).as_str()) {
                    return Outcome::ok(LinkTarget::External(shown.to_string()));
                }
                let path = join_clamped("/", urls::strip_baseurl(rest.path, &self.index.baseurl));
                self.site_path(shown, &path, rest, Some(shown))
            }
            Href::Rooted(parts) if is_markdown(parts.path) => self.markdown_file(shown, "/", parts),
            Href::Rooted(parts) => {
                let path = join_clamped("/", urls::strip_baseurl(parts.path, &self.index.baseurl));
                self.site_path(shown, &path, parts, None)
            }
            Href::Relative(parts) if is_markdown(parts.path) => {
                let dir = format!(
                    "/{}",
                    slash_path(self.source.parent().unwrap_or(Path::new("")))
                );
                self.markdown_file(shown, &dir, parts)
            }
            Href::Relative(parts) => {
                let page_url = &self.index.guide_urls[self.chapter];
                let path = join_clamped(urls::url_dir(page_url), parts.path);
                self.site_path(shown, &path, parts, None)
            }
        }
    }

    /// A link by site path (encoded, without baseurl). `absolute`: the href when it was already
    /// an absolute URL (kept as written when it leads outside the guide).
    fn site_path(&self, shown: &str, path: &str, parts: Parts, absolute: Option<&str>) -> Outcome {
        let decoded = urls::decode(path);
        if let Some(ch) = self.index.guide_page(&decoded) {
            return self.anchor(ch, parts.fragment);
        }
        let external = || {
            LinkTarget::External(match absolute {
                Some(a) => a.to_string(),
                None => self.index.absolute(path, &parts.suffix()),
            })
        };
        if self.index.is_site_page(&decoded) || self.index.is_static_file(&decoded) {
            return Outcome::ok(external());
        }
        if let Some(url) = self.index.same_but_case(&decoded) {
            return Outcome::broken(
                Code::BrokenLink,
                format!("link to `{shown}` matches no page of the site"),
                Some(format!(
                    "did you mean `{url}`? the site's URLs are case-sensitive"
                )),
            );
        }
        if self.index.points_into_guide(&decoded) {
            // Neither a page of the guide nor of the rest of the site, nor a file of it: the
            // link is broken on the site itself.
            let found =
                suggest::closest_url(&decoded, self.index.site_urls.iter().map(String::as_str));
            return Outcome::broken(
                Code::BrokenLink,
                format!("link to `{shown}` matches no page of the site"),
                suggest::hint(found.as_slice(), ""),
            );
        }
        Outcome::warn(
            Code::LinkUnchecked,
            external(),
            format!("link to `{shown}` matches no page of the site folder"),
        )
    }

    /// A link naming a page's file, relative to `dir` (a rooted site folder).
    fn markdown_file(&self, shown: &str, dir: &str, parts: Parts) -> Outcome {
        let decoded = urls::decode(parts.path);
        let file = urls::join(dir, &decoded).unwrap_or_default();
        let file = file.trim_start_matches('/');
        if let Some(ch) = self.index.guide_file(file) {
            return self.anchor(ch, parts.fragment);
        }
        if let Some(url) = self.index.site_page_file(file) {
            return Outcome::ok(LinkTarget::External(
                self.index.absolute(url, &parts.suffix()),
            ));
        }
        let relative: Vec<String> = self
            .index
            .guide_files
            .iter()
            .map(|f| relative_path(dir, f))
            .collect();
        let wanted = relative_path(dir, file);
        let found = suggest::closest(&wanted, relative.iter().map(String::as_str), 1);
        Outcome::broken(
            Code::BrokenLink,
            format!("link to `{shown}` matches no page of the guide"),
            suggest::hint(&found, ""),
        )
    }

    /// Chapter `ch` at `fragment` (percent-encoded; none or empty: the chapter itself).
    fn anchor(&self, ch: usize, fragment: Option<&str>) -> Outcome {
        let wanted = fragment.map(urls::decode).unwrap_or_default();
        if let Some(anchor) = self.anchors.get(ch, &wanted) {
            return Outcome::ok(self.internal(ch, Some(anchor)));
        }
        // `#top` reaches the page's top in a browser when no element is named `top`.
        if wanted.is_empty() || wanted == "top" {
            return Outcome::ok(self.internal(ch, None));
        }
        let originals = self.anchors.originals(ch);
        let found = suggest::closest(&wanted, originals.iter().map(String::as_str), ANCHOR_HINTS);
        Outcome::broken(
            Code::BrokenAnchor,
            format!(
                "page `{}` has no anchor `#{wanted}`",
                self.index.guide_urls[ch]
            ),
            suggest::hint(&found, "#"),
        )
    }

    fn internal(&self, chapter: usize, anchor: Option<&str>) -> LinkTarget {
        LinkTarget::Internal {
            chapter,
            anchor: anchor
                .map(str::to_string)
                .unwrap_or_else(|| self.chapter_ids[chapter].clone()),
        }
    }
}

/// The link with its scheme put right when it is one letter away from `http` or `https`
/// (`ttps://`, `htps://`, `hhttps://`); `None` for every other scheme, misspelt or rare.
fn misspelt_http(href: &str) -> Option<String> {
    let (scheme, rest) = href.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme == "http" || scheme == "https" || !rest.starts_with("//") {
        return None;
    }
    ["https", "http"]
        .into_iter()
        .find(|good| strsim::damerau_levenshtein(&scheme, good) == 1)
        .map(|good| format!("{good}:{rest}"))
}

/// `.md` or `.markdown`: a link to a page's file, not to its URL.
fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// [`urls::join`], but `..` above the root stays at the root, as in a browser.
fn join_clamped(dir: &str, rel: &str) -> String {
    urls::join(dir, rel).unwrap_or_else(|| {
        let mut rel = rel;
        while let Some(r) = rel.strip_prefix("../") {
            rel = r;
        }
        urls::join("/", rel).unwrap_or_else(|| "/".to_string())
    })
}

/// `to` (a site-relative file) as seen from the rooted folder `dir`: `../programme/transfert.md`.
fn relative_path(dir: &str, to: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_http_schemes() {
        assert_eq!(
            misspelt_http("ttps://ofb.gouv.fr/x").as_deref(),
            Some("https://ofb.gouv.fr/x")
        );
        assert_eq!(misspelt_http("htp://a.fr").as_deref(), Some("http://a.fr"));
        assert_eq!(misspelt_http("ftp://a.fr"), None);
        assert_eq!(misspelt_http("mailto:a@b.fr"), None);
        assert_eq!(misspelt_http("https://a.fr"), None);
    }

    #[test]
    fn relative_paths_between_folders() {
        assert_eq!(
            relative_path("/_pages/programme", "_pages/programme/transfert.md"),
            "transfert.md"
        );
        assert_eq!(
            relative_path("/_pages/programme/formation", "_pages/approche.md"),
            "../../approche.md"
        );
        assert_eq!(join_clamped("/a/", "../../b"), "/b");
    }
}
