//! Choosing a guide's pages from the site folder, in reading order: the pages `pages:` lists,
//! each checked; those the links of the `nav:` include lead to (Liquid in a link rendered,
//! collections expanded); or, without either, every published page of the site.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::config::{Entry, RawConfig};
use super::jekyll::SiteConfig;
use super::nav::{self, NavItem};
use super::scan::{self, Scan, SiteFile};
use super::{display_path, liquid, normalize, suggest, Config};
use crate::diag::{Code, Diagnostic, Diagnostics};

/// What a site folder holds, read once for every guide taken from it: its `_config.yml` and
/// its files.
pub struct SiteFolder {
    /// The folder, absolute.
    pub(super) dir: PathBuf,
    /// Its `_config.yml`.
    pub(super) site_cfg: SiteConfig,
    /// Its pages, read.
    pub(super) scan: Scan,
}

/// A URL reduced for matching: percent-decoded, no query or fragment, no `index.html`, no
/// `.html`, no trailing slash.
pub fn url_key(url: &str) -> String {
    let url = url.split(['#', '?']).next().unwrap_or_default();
    let url = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
    let mut u = url.trim_end_matches("index.html").trim_end_matches('/');
    u = u.strip_suffix(".html").unwrap_or(u);
    format!("/{}", u.trim_start_matches('/'))
}

/// Chooses the guide's pages, in order.
pub(super) struct Chooser<'a> {
    site_dir: &'a Path,
    site_canonical: PathBuf,
    config_display: PathBuf,
    site_cfg: &'a SiteConfig,
    config: &'a Config,
    scan: &'a Scan,
    /// What Liquid sees in a navigation include's links.
    liquid: &'a liquid::Context,
    chosen: Vec<SiteFile>,
    /// Sources already chosen, with the configuration line that chose them.
    seen: HashMap<PathBuf, u32>,
}

impl<'a> Chooser<'a> {
    /// A chooser of pages from `folder`, with nothing chosen yet.
    pub(super) fn new(
        folder: &'a SiteFolder,
        config: &'a Config,
        liquid: &'a liquid::Context,
        config_display: PathBuf,
    ) -> Self {
        let site_dir = &folder.dir;
        Chooser {
            liquid,
            site_dir,
            site_canonical: fs::canonicalize(site_dir).unwrap_or_else(|_| site_dir.clone()),
            config_display,
            site_cfg: &folder.site_cfg,
            config,
            scan: &folder.scan,
            chosen: Vec::new(),
            seen: HashMap::new(),
        }
    }

    /// The guide's pages, in order: those `pages:` lists, those `nav:` leads to, or else
    /// every published page.
    pub(super) fn choose(mut self, raw: &RawConfig, diags: &mut Diagnostics) -> Vec<SiteFile> {
        if let Some(entries) = &raw.pages {
            self.listed(entries, diags);
        } else if let Some(entry) = &raw.nav {
            self.nav(entry, diags);
        } else {
            self.all(diags);
        }
        self.chosen
    }

    fn error(&self, code: Code, entry: &Entry, message: String) -> Diagnostic {
        Diagnostic::error(code, &self.config_display, entry.line, entry.col, message)
    }

    /// The entry as a path inside the site folder (normalised, relative), or an error.
    fn inside(&self, entry: &Entry, diags: &mut Diagnostics) -> Option<PathBuf> {
        let path = Path::new(&entry.path);
        let rel = normalize(path);
        if path.is_absolute() || rel.starts_with("..") {
            diags.push(
                self.error(
                    Code::PageRefused,
                    entry,
                    format!("`{}` is outside the site folder: refused", entry.path),
                )
                .with_hint("paths are relative to the site folder and stay inside it"),
            );
            return None;
        }
        if let Ok(target) = fs::canonicalize(self.site_dir.join(&rel)) {
            if !target.starts_with(&self.site_canonical) {
                diags.push(self.error(
                    Code::PageRefused,
                    entry,
                    format!(
                        "`{}` is a symlink to `{}`, outside the site folder: refused",
                        entry.path,
                        target.display()
                    ),
                ));
                return None;
            }
        }
        Some(rel)
    }

    /// `pages:`: each entry, checked.
    fn listed(&mut self, entries: &[Entry], diags: &mut Diagnostics) {
        for entry in entries {
            let Some(rel) = self.inside(entry, diags) else {
                continue;
            };
            if let Some(first) = self.seen.get(&rel) {
                diags.push(
                    self.error(
                        Code::PageListedTwice,
                        entry,
                        format!("page `{}` is listed twice", entry.path),
                    )
                    .with_hint(format!("it is already listed on line {first}")),
                );
                continue;
            }
            let abs = self.site_dir.join(&rel);
            if !abs.is_file() {
                let mut d = self.error(
                    Code::PageMissing,
                    entry,
                    format!("page `{}` not found", entry.path),
                );
                let candidates: Vec<String> = self
                    .scan
                    .files
                    .iter()
                    .map(|f| scan::slash_path(&f.source))
                    .chain(self.scan.failed.keys().map(|s| scan::slash_path(s)))
                    .collect();
                if let Some(s) = suggest(&entry.path, candidates.iter().map(String::as_str)) {
                    d = d.with_hint(format!("did you mean `{s}`?"));
                }
                diags.push(d);
                continue;
            }
            self.seen.insert(rel.clone(), entry.line);
            if let Some(problems) = self.scan.failed.get(&rel) {
                for d in problems {
                    diags.push(d.clone());
                }
                continue;
            }
            let file = match self.scan.files.iter().find(|f| f.source == rel) {
                Some(f) => f.clone(),
                None => match self.read_unscanned(&abs, &rel, entry, diags) {
                    Some(f) => f,
                    None => continue,
                },
            };
            if !file.front.published {
                diags.push(self.warning(
                    Code::PageUnpublished,
                    entry,
                    format!("page `{}` has `published: false`: skipped", entry.path),
                ));
                continue;
            }
            self.chosen.push(file);
        }
    }

    fn warning(&self, code: Code, entry: &Entry, message: String) -> Diagnostic {
        Diagnostic::warning(code, &self.config_display, entry.line, entry.col, message)
    }

    /// A listed file the scan did not take (no front matter, or in a folder Jekyll skips).
    fn read_unscanned(
        &self,
        abs: &Path,
        rel: &Path,
        entry: &Entry,
        diags: &mut Diagnostics,
    ) -> Option<SiteFile> {
        if !scan::is_page_path(rel) {
            diags.push(
                self.error(
                    Code::PageRefused,
                    entry,
                    format!("`{}` is not a markdown or HTML page", entry.path),
                )
                .with_hint("list `.md`, `.markdown` or `.html` files"),
            );
            return None;
        }
        match scan::read_page(abs, rel, &self.config.limits) {
            Ok(mut f) => {
                if !f.has_front {
                    diags.push(self.warning(
                        Code::PageUnpublished,
                        entry,
                        format!(
                            "page `{}` has no front matter: Jekyll does not publish it",
                            entry.path
                        ),
                    ));
                }
                f.url = scan::page_url(rel, &f.front, self.site_cfg.permalink.as_deref());
                Some(f)
            }
            Err(problems) => {
                for d in problems {
                    diags.push(d);
                }
                None
            }
        }
    }

    /// `nav:`: the include's links, in order.
    fn nav(&mut self, entry: &Entry, diags: &mut Diagnostics) {
        let Some(rel) = self.inside(entry, diags) else {
            return;
        };
        let abs = self.site_dir.join(&rel);
        let text = match fs::read(&abs) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => {
                diags.push(
                    self.error(
                        Code::NavMissing,
                        entry,
                        format!("navigation `{}` not found", entry.path),
                    )
                    .with_hint("`nav:` is relative to the site folder, e.g. `_includes/menu.html`"),
                );
                return;
            }
        };
        let nav_display = display_path(&abs);
        let published: Vec<&SiteFile> = self
            .scan
            .files
            .iter()
            .filter(|f| f.front.published)
            .collect();
        let mut by_url: HashMap<String, &SiteFile> = HashMap::new();
        for f in &published {
            for u in std::iter::once(&f.url).chain(&f.front.redirect_from) {
                by_url.entry(url_key(u)).or_insert(f);
            }
        }
        for item in nav::links(&text) {
            let item = match item {
                NavItem::Unknown { href, line, col } => {
                    self.evaluate(&href, line, col, &nav_display, diags)
                }
                item => Some(item),
            };
            match item {
                None => {}
                Some(NavItem::Link { href, line, col }) => {
                    let Some(path) = self.site_path(&href) else {
                        diags.push(Diagnostic::warning(
                            Code::NavLinkSkipped,
                            &nav_display,
                            line,
                            col,
                            format!(
                                "navigation link `{href}` leads outside the site: not a chapter"
                            ),
                        ));
                        continue;
                    };
                    match by_url.get(&url_key(&path)) {
                        Some(f) => self.push_once(f),
                        None if self.is_site_file(&path) => diags.push(Diagnostic::warning(
                            Code::NavLinkSkipped,
                            &nav_display,
                            line,
                            col,
                            format!(
                                "navigation link `{href}` names a file, not a page: not a chapter"
                            ),
                        )),
                        // The navigation names a page the guide cannot have: a lost chapter.
                        None => {
                            let mut d = Diagnostic::error(
                                Code::NavLinkBroken,
                                &nav_display,
                                line,
                                col,
                                format!("navigation link `{href}` matches no page of the site"),
                            );
                            // Offered: a page of the same folder whose last part is close.
                            let wanted = url_key(&path);
                            let (dir, name) = wanted.rsplit_once('/').unwrap_or(("", &wanted));
                            let mut near: Vec<&str> = by_url
                                .keys()
                                .filter_map(|k| k.rsplit_once('/'))
                                .filter(|(d, _)| *d == dir)
                                .map(|(_, n)| n)
                                .collect();
                            near.sort_unstable();
                            if let Some(s) = suggest(name, near.into_iter()) {
                                d = d.with_hint(format!("did you mean `{dir}/{s}`?"));
                            }
                            diags.push(d);
                        }
                    }
                }
                Some(NavItem::Collection { name, sort_key, .. }) => {
                    let mut docs: Vec<&SiteFile> = published
                        .iter()
                        .copied()
                        .filter(|f| f.collection.as_deref() == Some(name.as_str()))
                        .collect();
                    if let Some(key) = &sort_key {
                        docs.sort_by(|a, b| {
                            sort_value(a, key)
                                .partial_cmp(&sort_value(b, key))
                                .unwrap_or(std::cmp::Ordering::Equal)
                                .then_with(|| a.source.cmp(&b.source))
                        });
                    }
                    for f in docs {
                        self.push_once(f);
                    }
                }
                Some(NavItem::Unknown { .. }) => {}
            }
        }
    }

    /// A navigation link whose `href` is Liquid (`{{ site.baseurl }}/x`, `{% link x.md %}`),
    /// rendered as a page's Liquid is: the link it gives, or `None` after an error (the
    /// chapter it names cannot be placed) located at the link.
    fn evaluate(
        &self,
        href: &str,
        line: u32,
        col: u32,
        nav_display: &Path,
        diags: &mut Diagnostics,
    ) -> Option<NavItem> {
        let mut local = Diagnostics::new();
        let rendered = liquid::render(href, line, nav_display, &[], self.liquid, &mut local);
        let text = rendered.text.trim().to_string();
        let evaluated = !text.is_empty() && !text.contains("{{") && !text.contains("{%");
        if local.is_empty() && evaluated {
            return Some(NavItem::Link {
                href: text,
                line,
                col,
            });
        }
        let mut d = Diagnostic::error(Code::NavLinkBroken,
            nav_display,
            line,
            col,
            format!("navigation link `{href}`: its liquid gives no page, so its chapter cannot be placed"),
        );
        // What Liquid said, at the link rather than inside the attribute.
        if let Some(first) = local.iter().next() {
            d = d.with_hint(match &first.hint {
                Some(h) => format!("{}; {h}", first.message),
                None => first.message.clone(),
            });
        }
        diags.push(d);
        None
    }

    /// Whether the site folder holds a file (not a page) at this site path.
    fn is_site_file(&self, path: &str) -> bool {
        let rel = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
            .decode_utf8_lossy()
            .into_owned();
        let rel = normalize(Path::new(rel.split(['?', '#']).next().unwrap_or_default()));
        !rel.as_os_str().is_empty() && !rel.starts_with("..") && self.site_dir.join(rel).is_file()
    }

    fn push_once(&mut self, f: &SiteFile) {
        if self.seen.insert(f.source.clone(), 0).is_none() {
            self.chosen.push(f.clone());
        }
    }

    /// The site path of an href: root-relative, or absolute on the site's own URL.
    fn site_path(&self, href: &str) -> Option<String> {
        let mut path = href.to_string();
        let url = self.config.url.trim_end_matches('/');
        if !url.is_empty() {
            let bare = |u: &str| u.split_once("://").map(|(_, r)| r.to_string());
            if let (Some(h), Some(u)) = (bare(href), bare(url)) {
                if let Some(rest) = h.strip_prefix(&u) {
                    path = if rest.is_empty() {
                        "/".into()
                    } else {
                        rest.into()
                    };
                }
            }
        }
        if !path.starts_with('/') || path.starts_with("//") {
            return None;
        }
        let base = self.config.baseurl.trim_end_matches('/');
        if !base.is_empty() {
            if let Some(rest) = path.strip_prefix(base) {
                path = if rest.is_empty() {
                    "/".into()
                } else {
                    rest.into()
                };
            }
        }
        Some(path)
    }

    /// No configuration of pages: every published page of the site, in path order.
    fn all(&mut self, _diags: &mut Diagnostics) {
        for f in self.scan.files.iter().filter(|f| f.front.published) {
            self.push_once(f);
        }
    }
}

/// A front matter value to sort collection documents by: numbers before text.
fn sort_value(f: &SiteFile, key: &str) -> (u8, f64, String) {
    match f.scalars.get(key) {
        Some(v) => match v.parse::<f64>() {
            Ok(n) => (0, n, String::new()),
            Err(_) => (1, 0.0, v.clone()),
        },
        None => (2, 0.0, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_keys() {
        assert_eq!(url_key("/approche/"), "/approche");
        assert_eq!(url_key("/approche/index.html"), "/approche");
        assert_eq!(url_key("/a/b.html#x"), "/a/b");
        assert_eq!(url_key("/fast/laur%C3%A9ats/"), "/fast/lauréats");
        assert_eq!(url_key("/"), "/");
    }
}
