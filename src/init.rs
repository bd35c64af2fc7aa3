//! `livret init`: a commented `livret.yaml` for a site, its title and URL from `_config.yml`,
//! its order from a navigation include when the site has one (else every page, to reorder).

use std::path::{Component, Path, PathBuf};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::{self, display_path, LoadOptions};

/// What `init` needs besides the site: where to write, and which navigation to take.
pub struct InitOptions<'a> {
    /// The Jekyll site's folder.
    pub site: &'a Path,
    /// The configuration to write (refused when it exists).
    pub target: &'a Path,
    /// `--nav`: the include to take the order from, relative to the site folder.
    pub nav: Option<&'a Path>,
}

/// What the person running `init` chose among several navigation includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The include at this index of the list.
    Nav(usize),
    /// None: list every page instead.
    Pages,
    /// No answer (no terminal to ask on): write nothing.
    Stop,
}

/// Writes the configuration; `None` (and a diagnostic) when it exists already, the site
/// cannot be read, or no include was chosen. `choose` is asked which include to take when
/// several could give the order (their paths, most links first).
pub fn init(
    opts: &InitOptions,
    choose: &mut dyn FnMut(&[PathBuf]) -> Choice,
    diags: &mut Diagnostics,
) -> Option<PathBuf> {
    if opts.target.exists() {
        diags.push(
            Diagnostic::error(
                Code::ConfigInvalid,
                display_path(opts.target),
                0,
                0,
                "the configuration exists already: left as it is",
            )
            .with_hint("remove it first, or write another with `--config FILE`"),
        );
        return None;
    }
    let load_opts = LoadOptions {
        config: None,
        site: Some(opts.site.to_path_buf()),
    };
    // Every page of the site, as with no configuration; its problems are `check`'s to say.
    let site = load::load(&load_opts, &mut Diagnostics::new());
    if !opts.site.is_dir() {
        diags.push(Diagnostic::error(
            Code::SiteMissing,
            display_path(opts.site),
            0,
            0,
            "site folder not found",
        ));
        return None;
    }
    let candidates: Vec<PathBuf> = load::nav_candidates(&site)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    let nav = match opts.nav {
        Some(nav) => Some(nav.to_path_buf()),
        None if candidates.len() == 1 => Some(candidates[0].clone()),
        None if candidates.is_empty() => None,
        None => match choose(&candidates) {
            Choice::Nav(i) => candidates.get(i).cloned(),
            Choice::Pages => None,
            Choice::Stop => {
                let list: Vec<String> = candidates
                    .iter()
                    .map(|c| format!("`{}`", slash(c)))
                    .collect();
                diags.push(
                    Diagnostic::error(
                        Code::NavMissing,
                        display_path(opts.site),
                        0,
                        0,
                        format!("several includes could give the order: {}", list.join(", ")),
                    )
                    .with_hint("choose one with `--nav FILE`, or run `livret init` in a terminal"),
                );
                return None;
            }
        },
    };
    let text = render(
        &site.config,
        opts.target,
        &site,
        nav.as_deref(),
        &candidates,
    );
    if let Err(e) = crate::output::write_atomic(opts.target, text.as_bytes()) {
        diags.push(Diagnostic::error(
            Code::WriteFailed,
            display_path(opts.target),
            0,
            0,
            format!("cannot write: {e}"),
        ));
        return None;
    }
    Some(opts.target.to_path_buf())
}

/// The configuration's text.
fn render(
    config: &load::Config,
    target: &Path,
    site: &load::Site,
    nav: Option<&Path>,
    candidates: &[PathBuf],
) -> String {
    let dir = std::path::absolute(target)
        .ok()
        .and_then(|t| t.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    // Relative when the site is this folder, below it or beside it; absolute when farther.
    let site_rel = match relative(&dir, &config.site) {
        rel if rel.matches("..").count() > 1 => config.site.to_string_lossy().into_owned(),
        rel => rel,
    };
    let mut out = String::new();
    out += "# The guide livret makes of this Jekyll site (written by `livret init`).\n";
    out += "# Every key is explained in livret's README, \"Configuration reference\".\n";
    out += "#\n#   livret check --config THIS_FILE    # every problem, located\n";
    out += "#   livret build --config THIS_FILE    # output/guide.pdf and output/guide.epub\n\n";
    out += "# The title, on the cover and in the metadata (from _config.yml).\n";
    out += &format!("title: {}\n", yaml_str(&config.title));
    out += "# subtitle:\n# author:\n# publisher:\n";
    out += "# The site's public URL: a link to it is a link to a page of the site.\n";
    out += &format!("url: {}\n", yaml_str(&config.url));
    if !config.baseurl.is_empty() {
        out += &format!("baseurl: {}\n", yaml_str(&config.baseurl));
    }
    out += "# The site folder, relative to this file.\n";
    out += &format!("site: {}\n", yaml_str(&site_rel));
    out += "# The edition date, YYYY-MM-DD (else SOURCE_DATE_EPOCH; never the clock).\n";
    out += "# date: 2026-01-31\n";
    out += "# The outputs' name: NAME.pdf and NAME.epub.\n# output: guide\n";
    match nav {
        Some(nav) => {
            out += "# The chapters, in the order of this navigation's links.\n";
            out += &format!("nav: {}\n", yaml_str(&slash(nav)));
            let others: Vec<&PathBuf> = candidates.iter().filter(|c| *c != nav).collect();
            if !others.is_empty() {
                out += "# Other includes that could give the order:\n";
                for other in others {
                    out += &format!("#   nav: {}\n", yaml_str(&slash(other)));
                }
            }
        }
        None => {
            out += "# The chapters in reading order (every page of the site: keep, remove, reorder).\n";
            out += "pages:\n";
            for page in &site.pages {
                out += &format!("  - {}\n", yaml_str(&slash(&page.source)));
            }
        }
    }
    out += "# Warnings known and accepted, by code (see the README's \"Diagnostic codes\"):\n";
    out += "# allow:\n#   image-remote: all\n";
    out
}

/// `path` with forward slashes.
fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `to` relative to the folder `from` (both absolute): `.` when they are the same.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// A YAML scalar: plain when that reads back as the same string, else double-quoted.
fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !matches!(s, "true" | "false" | "null" | "yes" | "no" | "~")
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_and_paths() {
        assert_eq!(yaml_str("L'approche"), "L'approche");
        assert_eq!(yaml_str("Titre : sous-titre"), "\"Titre : sous-titre\"");
        assert_eq!(yaml_str("a: b"), "\"a: b\"");
        assert_eq!(yaml_str(""), "\"\"");
        assert_eq!(yaml_str("2026"), "\"2026\"");
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b")), ".");
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/c/d")), "../c/d");
    }
}
