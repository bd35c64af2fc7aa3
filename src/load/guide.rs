//! Putting the guide together: the site folder and its `_config.yml`, the pages chosen (by
//! `pages:`, by `nav:`, or all of them: see [`super::choose`]) in reading order, each cleaned
//! of Liquid and kramdown.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::choose::{Chooser, SiteFolder};
use super::config::RawConfig;
use super::jekyll::SiteConfig;
use super::scan::{self, Scan, SiteFile};
use super::{
    blocks, display_path, jekyll, kramdown, liquid, normalize, Config, Page, Site, SitePage,
};
use crate::book::date::EditionDate;
use crate::diag::{Code, Diagnostic, Diagnostics, Severity};

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
}
