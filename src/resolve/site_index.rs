//! What a link can point at: the guide's pages (by URL, redirect and file), the rest of the site.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::urls::{self, page_key};
use crate::book::Book;
use crate::load::Site;

/// Every URL and file name a link may use, built once before links are matched.
#[derive(Debug, Default)]
pub struct SiteIndex {
    /// The site folder, canonical when it exists.
    pub root: PathBuf,
    /// The site's public URL without trailing slash (`https://beta.gouv.fr`); may be empty.
    pub url: String,
    /// The site's host as [`urls::host_key`] gives it.
    pub host: Option<String>,
    /// `""` or `/docs`, without trailing slash.
    pub baseurl: String,
    /// The configuration's limits (image size and pixels).
    pub limits: crate::limits::Limits,
    /// Page key ([`page_key`]) of a chapter's URL or redirect → chapter index.
    guide: HashMap<String, usize>,
    /// A chapter's file, relative to the site folder with `/` separators → chapter index.
    guide_sources: HashMap<String, usize>,
    /// Each chapter's URL, for messages and suggestions.
    pub guide_urls: Vec<String>,
    /// Each chapter's file, with `/` separators.
    pub guide_files: Vec<String>,
    /// Parent folders of guide URLs other than the root (`/approche/`): a link under one of them
    /// points into the guide.
    sections: Vec<String>,
    /// Page keys of the guide's own URLs whose parent is the root (`/manifeste`).
    root_pages: Vec<String>,
    /// Page key of a site page outside the guide (or one of its redirects) → its URL.
    others: HashMap<String, String>,
    /// A site page's file → its URL.
    other_sources: HashMap<String, String>,
    /// The URL of every page of the site, in the guide or not, sorted: what a "did you mean"
    /// hint may offer.
    pub site_urls: Vec<String>,
}

/// Below this similarity to a root-level guide page (`/manifeste`), an unknown root-level link
/// (`/manifest`) is taken for a page outside the guide rather than a typo.
const ROOT_PAGE_SIMILARITY: f64 = 0.8;

/// A path as a `/`-separated string, whatever the platform.
pub fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

impl SiteIndex {
    /// Indexes the book's chapters and the site's pages.
    pub fn new(book: &Book, site: &Site) -> Self {
        let root = site
            .config
            .site
            .canonicalize()
            .unwrap_or_else(|_| site.config.site.clone());
        let url = site.config.url.trim().trim_end_matches('/').to_string();
        let mut index = SiteIndex {
            root,
            host: urls::site_host(&url),
            url,
            baseurl: site.config.baseurl.trim().trim_end_matches('/').to_string(),
            limits: site.config.limits,
            ..Default::default()
        };
        for (i, chapter) in book.chapters.iter().enumerate() {
            let file = slash_path(&chapter.source);
            let page = site.pages.iter().find(|p| p.source == chapter.source);
            let url = if chapter.url.is_empty() {
                page.map(|p| p.url.clone()).unwrap_or_default()
            } else {
                chapter.url.clone()
            };
            let mut redirects: Vec<&String> = Vec::new();
            if let Some(p) = page {
                redirects.extend(&p.front.redirect_from);
            }
            for sp in site
                .site_pages
                .iter()
                .filter(|s| s.source == chapter.source)
            {
                redirects.extend(&sp.redirect_from);
            }
            let key = page_key(&url);
            if let Some((parent, _)) = key.rsplit_once('/') {
                if parent.is_empty() {
                    if key != "/" {
                        index.root_pages.push(key.clone());
                    }
                } else {
                    let section = format!("{parent}/");
                    if !index.sections.contains(&section) {
                        index.sections.push(section);
                    }
                }
            }
            // A page Jekyll writes over does not answer at its URL: the page written last does.
            if !site.shadowed.contains(&chapter.source) {
                index.guide.entry(key).or_insert(i);
            }
            for r in redirects {
                index.guide.entry(page_key(&urls::decode(r))).or_insert(i);
            }
            index.guide_sources.entry(file.clone()).or_insert(i);
            index.guide_urls.push(url);
            index.guide_files.push(file);
        }
        for sp in &site.site_pages {
            let file = slash_path(&sp.source);
            if index.guide_sources.contains_key(&file) || site.shadowed.contains(&sp.source) {
                continue;
            }
            index
                .others
                .entry(page_key(&urls::decode(&sp.url)))
                .or_insert_with(|| sp.url.clone());
            for r in &sp.redirect_from {
                index
                    .others
                    .entry(page_key(&urls::decode(r)))
                    .or_insert_with(|| sp.url.clone());
            }
            index.other_sources.entry(file).or_insert(sp.url.clone());
        }
        index.site_urls = index
            .guide_urls
            .iter()
            .chain(site.site_pages.iter().map(|sp| &sp.url))
            .cloned()
            .collect();
        index.site_urls.sort();
        index.site_urls.dedup();
        index
    }

    /// The chapter served at this (decoded, baseurl-less) site path, redirects included.
    pub fn guide_page(&self, path: &str) -> Option<usize> {
        self.guide.get(&page_key(path)).copied()
    }

    /// The chapter whose file is this site-relative path (`_pages/x.md`).
    pub fn guide_file(&self, file: &str) -> Option<usize> {
        self.guide_sources.get(file).copied()
    }

    /// Whether a site page outside the guide is served at this path. The site's root always
    /// is: every site has a home page, whether the site folder holds its file or its layout
    /// alone makes it.
    pub fn is_site_page(&self, path: &str) -> bool {
        let key = page_key(path);
        key == "/" || self.others.contains_key(&key)
    }

    /// The URL of a page of the site that differs from this path only by letter case
    /// (`/incubateurs/ALLiaNCE` for `/incubateurs/alliance.html`): servers do not forgive it.
    pub fn same_but_case(&self, path: &str) -> Option<&str> {
        let wanted = page_key(path).to_lowercase();
        self.site_urls
            .iter()
            .find(|u| page_key(&urls::decode(u)).to_lowercase() == wanted)
            .map(String::as_str)
    }

    /// The URL of the site page (outside the guide) whose file this is.
    pub fn site_page_file(&self, file: &str) -> Option<&str> {
        self.other_sources.get(file).map(String::as_str)
    }

    /// Whether the site folder holds a file (or a folder with an `index.html`) at this path.
    pub fn is_static_file(&self, path: &str) -> bool {
        let Some(clean) = urls::join("/", path) else {
            return false;
        };
        let rel = clean.trim_start_matches('/');
        if rel.is_empty() {
            return false;
        }
        let full = self.root.join(rel);
        full.is_file() || full.join("index.html").is_file()
    }

    /// Whether an unknown path looks like a page of the guide: under a guide section, or very
    /// close to a root-level guide page.
    pub fn points_into_guide(&self, path: &str) -> bool {
        let key = page_key(path);
        self.sections.iter().any(|s| key.starts_with(s.as_str()))
            || self
                .root_pages
                .iter()
                .any(|p| strsim::normalized_damerau_levenshtein(&key, p) >= ROOT_PAGE_SIMILARITY)
    }

    /// An absolute URL on the site for a (still encoded, baseurl-less) site path: what a link
    /// outside the guide becomes. Without a site URL, the rooted path.
    pub fn absolute(&self, path: &str, suffix: &str) -> String {
        format!("{}{}{path}{suffix}", self.url, self.baseurl)
    }
}
