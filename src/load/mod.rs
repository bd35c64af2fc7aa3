//! Stage 1, `load`: the configuration, the site folder, each page's front matter, and the
//! site's dialect (Liquid, kramdown attribute lists) cleaned out of the page bodies.
//!
//! Entry point: [`load`] ([`load_page`]: one page given as bytes, for tests and fuzzing).
//! Output: a [`Site`] whose pages are in reading order, with bodies that plain CommonMark + raw
//! HTML can parse, and line numbers that still match the files.

mod blocks;
pub mod booklet;
mod choose;
mod config;
mod frontmatter;
mod guide;
mod jekyll;
mod kramdown;
mod liquid;
mod memory;
mod nav;
mod scan;
mod settings;
mod switch;
mod yaml;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Code, Diagnostic, Diagnostics};

pub use memory::load_page;

/// What the PDF is for: reading on a screen, or printing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Profile {
    /// Links clickable and coloured; nothing added to the text.
    Screen,
    /// Internal references also print their target's folio (` (p. 12)`), external links give
    /// their URL in a footnote: nothing on paper points nowhere.
    #[default]
    Print,
}

impl Profile {
    /// `print` or `screen`; `None` for anything else.
    pub fn parse(name: &str) -> Option<Profile> {
        match name {
            "print" => Some(Profile::Print),
            "screen" => Some(Profile::Screen),
            _ => None,
        }
    }
}

/// Where to find the guide: what the CLI's `--config` and `--site` say.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--config FILE`; `None` means `content/livret.yaml` if it exists, else no configuration.
    pub config: Option<PathBuf>,
    /// `--site DIR`; overrides the configuration's `site:`.
    pub site: Option<PathBuf>,
}

/// The guide configuration (`content/livret.yaml`). Unknown keys are an error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file it was read from, if any.
    pub file: Option<PathBuf>,
    pub title: String,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    /// `fr` by default.
    pub lang: String,
    /// The site's public URL (`https://beta.gouv.fr`), without trailing slash; from the site's
    /// `_config.yml` when the configuration does not say.
    pub url: String,
    pub baseurl: String,
    /// `date:`; else the day of `SOURCE_DATE_EPOCH`; else none.
    pub date: Option<crate::book::date::EditionDate>,
    pub edition: Option<String>,
    /// Cover image path, relative to the site folder.
    pub cover: Option<String>,
    /// What the cover image shows, for readers who cannot see it; `None` when it is decoration.
    pub cover_alt: Option<String>,
    /// The site folder (absolute).
    pub site: PathBuf,
    /// Pages in reading order, relative to the site folder (already expanded from `nav:`).
    pub pages: Vec<PathBuf>,
    /// `nav:`: the include whose links gave the order, if that is how the order was given.
    pub nav: Option<PathBuf>,
    /// French orthotypography on (default) or off.
    pub typography: bool,
    /// `print` (default) or `screen` (PDF links profile; used by the PDF stage).
    pub profile: Option<Profile>,
    /// Style file for the PDF, as written in the configuration (see [`Config::style_path`]).
    pub style: Option<PathBuf>,
    /// `limits:`: the largest input the build accepts.
    pub limits: crate::limits::Limits,
    /// `booklet:`: also impose the guide as a folded A5 booklet (and a print-shop file).
    pub booklet: Option<booklet::Booklet>,
    /// `back_cover:`: a last page with the title, edition, date, publisher, licence, source.
    pub back_cover: Option<crate::book::BackCover>,
    /// `output:`: the outputs' file name without extension (`approche` for `approche.pdf` and
    /// `approche.epub`); [`DEFAULT_OUTPUT`] when the configuration does not say.
    pub output: Option<String>,
    /// `allow:`: the kinds of warnings and notes known and accepted, everywhere or in some pages.
    pub allow: Vec<AllowEntry>,
}

/// One entry of `allow:`: a code, and the pages it is allowed in (relative to the site folder;
/// `None`: every file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowEntry {
    pub code: crate::diag::Code,
    pub pages: Option<Vec<String>>,
}

/// The outputs' file name when the configuration gives no `output:`.
pub const DEFAULT_OUTPUT: &str = "guide";

impl Config {
    /// The PDF style file the configuration names, found from the configuration file's folder;
    /// `None` for the compiled-in default.
    pub fn style_path(&self) -> Option<PathBuf> {
        let style = self.style.as_ref()?;
        Some(match &self.file {
            Some(file) => file.parent().unwrap_or(Path::new(".")).join(style),
            None => style.clone(),
        })
    }

    /// How to name a site file (`source`, relative to the site folder) in diagnostics: relative
    /// to the current directory when it is inside it, else absolute. Every stage should use it
    /// so that all messages about one file name it the same way.
    pub fn display_path(&self, source: &Path) -> PathBuf {
        display_path(&self.site.join(source))
    }
}

/// The front matter of a page. Keys other than the ones livret uses are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub permalink: Option<String>,
    pub redirect_from: Vec<String>,
    /// `published: false` pages are skipped.
    pub published: bool,
    pub lang: Option<String>,
    /// Every other key, as YAML text of its value (stable order).
    pub extra: BTreeMap<String, String>,
}

/// A kramdown block attribute list (`{: .fr-text--lead}`, `{:#id}`), removed from the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockAttrs {
    /// The 1-based FILE line of the FIRST line of the block it applies to. kramdown's rule: an
    /// IAL directly below a block (no blank line between) applies to it — for nested blocks
    /// ending on that line, the outermost one (a whole list, not its last item); otherwise it
    /// applies to the block starting on the line just below it (IALs stacked on consecutive
    /// lines all apply to the same block). Attach it to the outermost block that starts on
    /// this line. IALs written on a heading's line (`## T {: .x}`) are here too (id aside).
    pub line: u32,
    pub id: Option<String>,
    pub classes: Vec<String>,
    /// Other `key="value"` pairs.
    pub attrs: Vec<(String, String)>,
}

/// One page of the guide, loaded and cleaned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Relative to the site folder (`_pages/programme/investigation.md`).
    pub source: PathBuf,
    pub front: FrontMatter,
    /// The URL the site serves it at: the permalink, else derived from the path as Jekyll does.
    /// Root-relative (`/approche/construction`), WITHOUT the baseurl, not percent-encoded.
    pub url: String,
    /// The body after clean-up. Liquid tags are replaced by what they render to (or removed),
    /// IALs removed; every newline of the original is kept so that lines still match the file.
    pub body: String,
    /// The body after Liquid, before the kramdown clean-up: what Jekyll hands kramdown, with
    /// Liquid handled as livret handles it (the conformance test renders it with kramdown).
    pub liquid_body: String,
    /// The file line (1-based) of the body's first line.
    pub body_line: u32,
    /// The kramdown attribute lists found in the body, by the line of the block they apply to.
    pub block_attrs: Vec<BlockAttrs>,
    /// Header ids written on the heading line itself (`## Titre {#id}`, `## Titre {:#id}`,
    /// setext `Titre {#id}` + `===`), keyed by the FILE line of the heading's first line (the
    /// text line for setext headings), the `{…}` removed from the text.
    pub heading_ids: BTreeMap<u32, String>,
    /// kramdown abbreviations defined in the page (`*[PNI]: …`): abbreviation → expansion.
    pub abbreviations: BTreeMap<String, String>,
}

/// A published page of the site, in the guide or not: what links can point at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SitePage {
    pub source: PathBuf,
    /// As [`Page::url`]: root-relative, without baseurl, not percent-encoded.
    pub url: String,
    pub redirect_from: Vec<String>,
    pub title: Option<String>,
}

/// The loaded site: configuration, the guide's pages in reading order, and every page of the site.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    /// Every published page found in the site folder (guide pages included), in path order.
    pub site_pages: Vec<SitePage>,
    /// Pages whose URL another page also has, and which Jekyll writes over: links to that URL
    /// are the other page's, as on the site.
    pub shadowed: Vec<PathBuf>,
}

/// The configuration read when `--config` is not given, relative to the current directory.
pub const DEFAULT_CONFIG: &str = "content/livret.yaml";

/// Reads the configuration and the pages. Problems are pushed to `diags`; whatever could be
/// loaded is returned so that later stages can report their own problems too.
///
/// Diagnostics name files relative to the current directory when they are inside it, else by
/// their absolute path (see [`Config::display_path`]).
pub fn load(opts: &LoadOptions, diags: &mut Diagnostics) -> Site {
    load_guides(opts, diags)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// As [`load`], one [`Site`] per guide: several when the configuration has `guides:`, each
/// with its own configuration and pages, the site folder read once for all. Never empty.
pub fn load_guides(opts: &LoadOptions, diags: &mut Diagnostics) -> Vec<Site> {
    let Some((config_file, raw)) = read_config(opts, diags) else {
        return vec![Site::default()];
    };
    let mut folder = None;
    match raw {
        Some(mut raw) if !raw.guides.is_empty() => std::mem::take(&mut raw.guides)
            .into_iter()
            .map(|guide| {
                let site = opts.site.as_deref();
                guide::load(
                    config_file.as_deref(),
                    Some(guide),
                    site,
                    &mut folder,
                    diags,
                )
            })
            .collect(),
        raw => {
            let site = opts.site.as_deref();
            vec![guide::load(
                config_file.as_deref(),
                raw,
                site,
                &mut folder,
                diags,
            )]
        }
    }
}

/// The configuration file to read and what it says; `None` when there is nothing to load.
#[allow(clippy::type_complexity)]
fn read_config(
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<(Option<PathBuf>, Option<config::RawConfig>)> {
    let config_file = match &opts.config {
        Some(path) => Some(path.clone()),
        // `--site` alone means "no configuration": every page of that site, not our own guide.
        None if opts.site.is_some() => None,
        None => Some(PathBuf::from(DEFAULT_CONFIG)).filter(|p| p.is_file()),
    };
    let raw = match &config_file {
        Some(path) if !path.is_file() => {
            diags.push(
                Diagnostic::error(
                    Code::ConfigMissing,
                    display_path(path),
                    0,
                    0,
                    "configuration file not found",
                )
                .with_hint("check the `--config` path"),
            );
            return None;
        }
        Some(path) => match config::read(path, &display_path(path), diags) {
            Some(raw) => Some(raw),
            None => return None,
        },
        None if opts.site.is_none() => {
            diags.push(
                Diagnostic::error(
                    Code::ConfigMissing,
                    DEFAULT_CONFIG,
                    0,
                    0,
                    format!("no guide configuration: `{DEFAULT_CONFIG}` not found"),
                )
                .with_hint(
                    "create it (`title:` and `pages:`), pass `--config FILE`, \
                     or pass `--site DIR` to take every page of a Jekyll site",
                ),
            );
            return None;
        }
        None => None,
    };
    Some((config_file, raw))
}

/// The includes of the site (`_includes/**/*.html`) that could give a guide its order: those
/// whose links lead to two pages of the site or more, with how many, most first. What
/// `livret init` offers as `nav:`.
pub fn nav_candidates(site: &Site) -> Vec<(PathBuf, usize)> {
    let root = &site.config.site;
    let pages: std::collections::HashSet<String> = site
        .site_pages
        .iter()
        .map(|p| choose::url_key(&p.url))
        .collect();
    let mut found = Vec::new();
    let mut stack = vec![root.join("_includes")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("html") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let mut seen = std::collections::HashSet::new();
            for item in nav::links(&text) {
                if let nav::NavItem::Link { href, .. } = item {
                    let local = href
                        .strip_prefix(site.config.url.as_str())
                        .filter(|_| !site.config.url.is_empty())
                        .unwrap_or(&href);
                    let local = local
                        .strip_prefix(site.config.baseurl.as_str())
                        .unwrap_or(local);
                    let key = choose::url_key(local);
                    if pages.contains(&key) {
                        seen.insert(key);
                    }
                }
            }
            if seen.len() >= 2 {
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                found.push((rel, seen.len()));
            }
        }
    }
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found
}

/// `path` without `.` components and with `..` applied to the components before it.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// How to name `path` in diagnostics: relative to the current directory when it is inside it,
/// or inside the folder just above (`../site/page.md`, as a user types `--site ../site`);
/// absolute when it is farther.
pub fn display_path(path: &Path) -> PathBuf {
    let abs = normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let Ok(cwd) = std::env::current_dir() else {
        return abs;
    };
    let cwd = normalize(&cwd);
    let common = abs
        .components()
        .zip(cwd.components())
        .take_while(|(a, b)| a == b)
        .count();
    // Farther than a sibling of the current directory: a chain of `..` reads worse than the
    // absolute path.
    let ups = cwd.components().count() - common;
    if common <= 1 || ups > 1 {
        return abs;
    }
    let mut rel = PathBuf::new();
    for _ in cwd.components().skip(common) {
        rel.push("..");
    }
    for c in abs.components().skip(common) {
        rel.push(c);
    }
    rel
}

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub(crate) fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}
