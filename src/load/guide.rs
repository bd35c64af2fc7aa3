//! Putting the guide together: the site folder and its `_config.yml`, the pages chosen (by
//! `pages:`, by `nav:`, or all of them) in reading order, each cleaned of Liquid and kramdown.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::config::{Entry, RawConfig};
use super::jekyll::SiteConfig;
use super::nav::{self, NavItem};
use super::scan::{self, Scan, SiteFile};
use super::{
    blocks, display_path, jekyll, kramdown, liquid, normalize, suggest, Config, Page, Site,
    SitePage,
};
use crate::diag::{Code, Diagnostic, Diagnostics, Severity};
use crate::doc::date::EditionDate;

/// What a site folder holds, read once for every guide taken from it: its `_config.yml` and
/// its files.
pub struct SiteFolder {
    dir: PathBuf,
    site_cfg: SiteConfig,
    scan: Scan,
}

/// Loads the site and the guide's pages, given the configuration (if any) already read.
/// `folder` keeps the site folder read for the next guide of the same run.
pub fn load(
    config_file: Option<&Path>,
    raw: Option<RawConfig>,
    site_opt: Option<&Path>,
    folder: &mut Option<SiteFolder>,
    diags: &mut Diagnostics,
) -> Site {
    let config_display = config_file.map(display_path);
    let config_dir = config_dir(config_file);
    let raw = raw.unwrap_or_default();
    let site_dir = site_dir(site_opt, &raw, &config_dir);
    let mut config = first_config(&raw, config_file.is_none(), &site_dir, &config_dir);
    if !site_dir.is_dir() {
        diags.push(site_missing(
            &raw,
            config_display.as_deref(),
            site_opt,
            &site_dir,
        ));
        return Site {
            config,
            ..Site::default()
        };
    }
    let folder = read_folder(folder, &site_dir, &config, diags);
    complete_config(&mut config, &raw, &folder.site_cfg, &site_dir);
    let published: Vec<&SiteFile> = folder
        .scan
        .files
        .iter()
        .filter(|f| f.front.published)
        .collect();
    let liquid_ctx = liquid_context(&published, &folder.site_cfg, &config);

    let errors_before = diags.error_count();
    let config_shown = config_display.clone().unwrap_or_default();
    let chosen = Chooser::new(folder, &config, &liquid_ctx, config_shown).choose(&raw, diags);
    config.nav = raw.nav.as_ref().map(|e| PathBuf::from(&e.path));
    let in_guide: HashSet<&Path> = chosen.iter().map(|f| f.source.as_path()).collect();
    let shadowed = report_duplicate_urls(&published, &in_guide, diags);
    report_unreadable(&folder.scan, &raw, &in_guide, diags);
    let site_pages = site_pages(&published, &chosen);
    // A page listed by name must have text; one chosen by the navigation or by taking the
    // whole site may be made by its layout alone (a home page, a list of startups).
    let listed = raw.pages.is_some();
    let pages = build_pages(&chosen, listed, &liquid_ctx.site, &site_pages, diags);
    config.pages = pages.iter().map(|p| p.source.clone()).collect();
    // No page and nothing said why: say where livret looked (errors already said it otherwise).
    if pages.is_empty() && diags.error_count() == errors_before {
        let looked = Looked {
            raw: &raw,
            config_display: config_display.as_deref().unwrap_or(Path::new("")),
            site_display: &display_path(&site_dir),
            chosen: chosen.len(),
        };
        diags.push(looked.no_page());
    }
    Site {
        config,
        pages,
        site_pages,
        shadowed,
    }
}

/// The configuration's folder (absolute); empty without a configuration file.
fn config_dir(config_file: Option<&Path>) -> PathBuf {
    config_file
        .map(|f| {
            absolute(f)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

/// The site folder: `--site`, else `site:` relative to the configuration's folder, else that
/// folder.
fn site_dir(site_opt: Option<&Path>, raw: &RawConfig, config_dir: &Path) -> PathBuf {
    match (site_opt, &raw.site) {
        (Some(s), _) => absolute(s),
        (None, Some(entry)) => normalize(&config_dir.join(&entry.path)),
        (None, None) => config_dir.to_path_buf(),
    }
}

/// The guide's configuration before the site is read: the file's (French and typography
/// without a file), with the site folder and the style's path (from the configuration's
/// folder).
fn first_config(raw: &RawConfig, no_file: bool, site_dir: &Path, config_dir: &Path) -> Config {
    let mut config = raw.config.clone();
    if no_file {
        config.lang = "fr".to_string();
        config.typography = true;
    }
    config.site = site_dir.to_path_buf();
    config.style = config.style.map(|s| config_dir.join(s));
    config
}

/// The error for a site folder that is not there: at `site:` when the configuration named
/// it, else at the folder.
fn site_missing(
    raw: &RawConfig,
    config_display: Option<&Path>,
    site_opt: Option<&Path>,
    site_dir: &Path,
) -> Diagnostic {
    let d = match (&raw.site, config_display, site_opt) {
        (Some(entry), Some(file), None) => Diagnostic::error(
            Code::SiteMissing,
            file,
            entry.line,
            entry.col,
            format!("site folder `{}` not found", entry.path),
        ),
        _ => Diagnostic::error(
            Code::SiteMissing,
            display_path(site_dir),
            0,
            0,
            "site folder not found",
        ),
    };
    d.with_hint("`site:` (or `--site`) names the Jekyll site's folder")
}

/// The site's own configuration (url and baseurl unless the guide's says otherwise) and its
/// files: read once for all the guides of a run, kept in `slot`.
fn read_folder<'a>(
    slot: &'a mut Option<SiteFolder>,
    site_dir: &Path,
    config: &Config,
    diags: &mut Diagnostics,
) -> &'a SiteFolder {
    if slot.as_ref().is_some_and(|f| f.dir != site_dir) {
        *slot = None;
    }
    slot.get_or_insert_with(|| {
        let site_cfg = jekyll::read(
            site_dir,
            &display_path(&site_dir.join("_config.yml")),
            &config.limits,
            diags,
        );
        let scan = scan::scan(site_dir, &site_cfg, &config.limits, diags);
        SiteFolder {
            dir: site_dir.to_path_buf(),
            site_cfg,
            scan,
        }
    })
}

/// What the guide's configuration leaves out: url, baseurl and title from the site's
/// `_config.yml` (the title else from the folder's name), the date from `SOURCE_DATE_EPOCH`.
fn complete_config(config: &mut Config, raw: &RawConfig, site_cfg: &SiteConfig, site_dir: &Path) {
    if !raw.has_url {
        config.url = site_cfg
            .url
            .clone()
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
    }
    if !raw.has_baseurl {
        config.baseurl = site_cfg.baseurl.clone().unwrap_or_default();
    }
    if config.title.is_empty() {
        config.title = site_cfg.title.clone().unwrap_or_else(|| {
            site_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    }
    if config.date.is_none() {
        config.date = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .map(|seconds| EditionDate::from_unix(seconds).0);
    }
}

/// What Liquid sees, in pages and in a navigation include: the site's variables, and every
/// published page's URL for `{% link %}`.
fn liquid_context(
    published: &[&SiteFile],
    site_cfg: &SiteConfig,
    config: &Config,
) -> liquid::Context {
    let links: BTreeMap<String, String> = published
        .iter()
        .map(|f| (scan::slash_path(&f.source), f.url.clone()))
        .collect();
    let mut site_vars = site_cfg.vars.clone();
    site_vars.insert("url".into(), config.url.clone());
    site_vars.insert("baseurl".into(), config.baseurl.clone());
    site_vars
        .entry("title".into())
        .or_insert_with(|| config.title.clone());
    liquid::Context {
        site: site_vars,
        page: BTreeMap::new(),
        links,
    }
}

/// Pages that could not be read: errors for the guide's, warnings for the rest of the site.
fn report_unreadable(
    scan: &Scan,
    raw: &RawConfig,
    in_guide: &HashSet<&Path>,
    diags: &mut Diagnostics,
) {
    let listed_failures: HashSet<&Path> = raw
        .pages
        .iter()
        .flatten()
        .map(|e| Path::new(&e.path))
        .collect();
    for (source, problems) in &scan.failed {
        let guide = in_guide.contains(source.as_path())
            || listed_failures.contains(source.as_path())
            || (raw.pages.is_none() && raw.nav.is_none());
        if guide && raw.pages.is_some() {
            continue; // already reported when the page was chosen
        }
        for d in problems {
            let mut d = d.clone();
            if !guide {
                d.severity = Severity::Warning;
            }
            diags.push(d);
        }
    }
}

/// Every page of the site a link may lead to: the published ones and the guide's, by source.
fn site_pages(published: &[&SiteFile], chosen: &[SiteFile]) -> Vec<SitePage> {
    let site_page = |f: &SiteFile| SitePage {
        source: f.source.clone(),
        url: f.url.clone(),
        redirect_from: f.front.redirect_from.clone(),
        title: f.front.title.clone(),
    };
    let mut site_pages: Vec<SitePage> = published.iter().map(|f| site_page(f)).collect();
    for f in chosen {
        if !site_pages.iter().any(|p| p.source == f.source) {
            site_pages.push(site_page(f));
        }
    }
    site_pages.sort_by(|a, b| a.source.cmp(&b.source));
    site_pages
}

/// The guide's pages, each built from its chosen file (see [`build_page`]), with every site
/// page's URL for `{% link %}`.
fn build_pages(
    chosen: &[SiteFile],
    listed: bool,
    site_vars: &BTreeMap<String, String>,
    site_pages: &[SitePage],
    diags: &mut Diagnostics,
) -> Vec<Page> {
    let links: BTreeMap<String, String> = site_pages
        .iter()
        .map(|p| (scan::slash_path(&p.source), p.url.clone()))
        .collect();
    chosen
        .iter()
        .filter_map(|f| build_page(f, listed, site_vars, &links, diags))
        .collect()
}

fn absolute(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Two published pages served at one URL: an error on the later one in Jekyll's write order,
/// naming the earlier, when both are pages of the guide (links to that URL would be
/// ambiguous); a warning when at most one is (the rest of the site is not ours to judge).
/// Returns the pages Jekyll writes over: the URL is the later page's, as on the site.
fn report_duplicate_urls(
    files: &[&SiteFile],
    in_guide: &HashSet<&Path>,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut ordered = files.to_vec();
    ordered.sort_by(|a, b| jekyll_order(a, b));
    let mut by_url: HashMap<&str, &SiteFile> = HashMap::new();
    let mut shadowed = Vec::new();
    for f in ordered {
        if let Some(first) = by_url.insert(&f.url, f) {
            shadowed.push(first.source.clone());
            diags.push(
                Diagnostic {
                    severity: if in_guide.contains(first.source.as_path())
                        && in_guide.contains(f.source.as_path())
                    {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    ..Diagnostic::error(
                        Code::DuplicateUrl,
                        &f.display,
                        f.permalink_line,
                        0,
                        format!(
                            "`{}` and `{}` have the same url `{}`",
                            first.display.display(),
                            f.display.display(),
                            f.url
                        ),
                    )
                }
                .with_hint("give one of them another `permalink`"),
            );
        }
    }
    shadowed
}

/// The order Jekyll writes pages in, so that the later one is what a shared URL serves: pages
/// by file name (not path), then collection documents; pages of the same name in the order
/// they are read (a folder's subfolders before its own files).
fn jekyll_order(a: &SiteFile, b: &SiteFile) -> std::cmp::Ordering {
    let doc = |f: &SiteFile| f.collection.is_some();
    let name = |f: &SiteFile| f.source.file_name().map(|n| n.to_os_string());
    doc(a).cmp(&doc(b)).then_with(|| {
        if doc(a) {
            return a.source.cmp(&b.source);
        }
        name(a)
            .cmp(&name(b))
            .then_with(|| read_order(&a.source, &b.source))
    })
}

/// Jekyll's reading order of two site paths: depth first, a folder's subfolders before its
/// files, names in order.
fn read_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (ca, cb): (Vec<_>, Vec<_>) = (a.components().collect(), b.components().collect());
    for (i, (x, y)) in ca.iter().zip(&cb).enumerate() {
        if x != y {
            let (x_dir, y_dir) = (i + 1 < ca.len(), i + 1 < cb.len());
            return y_dir.cmp(&x_dir).then_with(|| x.cmp(y));
        }
    }
    ca.len().cmp(&cb.len())
}

/// Where livret looked for the guide's pages, to say so when it found none.
struct Looked<'a> {
    raw: &'a RawConfig,
    config_display: &'a Path,
    site_display: &'a Path,
    /// Pages chosen before those without text were left out.
    chosen: usize,
}

impl Looked<'_> {
    /// The error for a guide without a page, at the list, the navigation or the site folder.
    fn no_page(&self) -> Diagnostic {
        let left_out = self.chosen > 0;
        if let Some(entries) = &self.raw.pages {
            let (line, col) = self.raw.pages_at;
            let d = Diagnostic::error(
                Code::NoPage,
                self.config_display,
                line,
                col,
                if entries.is_empty() {
                    "the guide has no page: the `pages` list is empty".to_string()
                } else {
                    format!(
                        "the guide has no page: none of the {} listed in `pages` is published",
                        plural(entries.len(), "page")
                    )
                },
            );
            return d.with_hint("list the pages to print, one `- path/to/page.md` line each");
        }
        if let Some(nav) = &self.raw.nav {
            let message = if left_out {
                format!(
                    "the guide has no page: every page the navigation `{}` leads to has no \
                     text, and each was left out",
                    nav.path
                )
            } else {
                format!(
                    "the guide has no page: no link of the navigation `{}` leads to a page of \
                     the site",
                    nav.path
                )
            };
            return Diagnostic::error(
                Code::NoPage,
                self.config_display,
                nav.line,
                nav.col,
                message,
            )
            .with_hint(
                "`nav:` takes the chapters from the include's links (`<a href=\"/page/\">`) \
                 to the site's pages",
            );
        }
        let message = if left_out {
            "the guide has no page: every published page of the site folder has no text, and \
             each was left out"
        } else {
            "the guide has no page: the site folder has no published page"
        };
        Diagnostic::error(Code::NoPage, self.site_display, 0, 0, message).with_hint(
            "livret takes the `.md`, `.markdown` and `.html` files that start with a front \
             matter (`---`) and are not `published: false`; or list them in `pages:`",
        )
    }
}

/// `n` and `word`, with an `s` when `n` is not 1.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
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
struct Chooser<'a> {
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
    fn new(
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
    fn choose(mut self, raw: &RawConfig, diags: &mut Diagnostics) -> Vec<SiteFile> {
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

/// A guide page: its body checked, then cleaned of Liquid and kramdown attribute lists.
///
/// A page without text is an error when it was `listed` by name; otherwise (the navigation or
/// the whole site chose it) it is left out with a note: its layout makes the page.
pub(super) fn build_page(
    f: &SiteFile,
    listed: bool,
    site_vars: &BTreeMap<String, String>,
    links: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> Option<Page> {
    if f.body.trim().is_empty() {
        let line = if f.has_front { f.body_line - 1 } else { 1 };
        let layout = f.scalars.get("layout");
        let d = if listed {
            let d = Diagnostic::error(Code::PageEmpty, &f.display, line, 0, "the page has no text");
            match layout {
                Some(layout) => d.with_hint(format!(
                    "its text may be in its layout `{layout}`, which livret does not read: move it into the page"
                )),
                None => d,
            }
        } else {
            let why = match layout {
                Some(layout) => format!(" (its layout `{layout}` makes the page)"),
                None => String::new(),
            };
            Diagnostic::note(
                Code::PageLeftOut,
                &f.display,
                line,
                0,
                format!("the page has no text: left out of the guide{why}"),
            )
        };
        diags.push(d);
        return None;
    }
    let mut page_vars = f.scalars.clone();
    page_vars.insert("url".into(), f.url.clone());
    let ctx = liquid::Context {
        site: site_vars.clone(),
        page: page_vars,
        links: links.clone(),
    };
    let code = blocks::code_ranges(&f.body);
    let rendered = liquid::render(&f.body, f.body_line, &f.display, &code, &ctx, diags);
    let cleaned = kramdown::clean(
        &rendered.text,
        f.body_line,
        &f.display,
        &rendered.verbatim,
        diags,
    );
    Some(Page {
        source: f.source.clone(),
        front: f.front.clone(),
        url: f.url.clone(),
        body: cleaned.text,
        liquid_body: rendered.text,
        body_line: f.body_line,
        block_attrs: cleaned.block_attrs,
        heading_ids: cleaned.heading_ids,
        abbreviations: cleaned.abbreviations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_reads_subfolders_before_files() {
        use std::cmp::Ordering::*;
        assert_eq!(read_order(Path::new("b/z.md"), Path::new("z.md")), Less);
        assert_eq!(read_order(Path::new("a.md"), Path::new("c.md")), Less);
        assert_eq!(read_order(Path::new("b/c/y.md"), Path::new("b/z.md")), Less);
    }

    #[test]
    fn url_keys() {
        assert_eq!(url_key("/approche/"), "/approche");
        assert_eq!(url_key("/approche/index.html"), "/approche");
        assert_eq!(url_key("/a/b.html#x"), "/a/b");
        assert_eq!(url_key("/fast/laur%C3%A9ats/"), "/fast/lauréats");
        assert_eq!(url_key("/"), "/");
    }
}
