//! The site's own `_config.yml`: what livret takes from it (title, url, baseurl, include and
//! exclude lists, collections and their permalink patterns) and the `site.*` values Liquid sees.

use std::collections::BTreeMap;
use std::path::Path;

use super::yaml::{self, Node, Yaml};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::limits::{self, Bytes, Limits};

/// A Jekyll collection (`collections:` in `_config.yml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collection {
    pub name: String,
    /// Whether Jekyll writes its documents as pages (`output: true`).
    pub output: bool,
    /// The permalink pattern (`/approche/formation/mooc/:title.html`); Jekyll's default
    /// `/:collection/:path:output_ext` when none.
    pub permalink: Option<String>,
}

/// What livret uses of a site's `_config.yml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteConfig {
    pub title: Option<String>,
    pub url: Option<String>,
    pub baseurl: Option<String>,
    /// Names Jekyll reads although they start with `_` or `.` (`include:`).
    pub include: Vec<String>,
    /// Paths Jekyll skips (`exclude:`), relative to the site folder.
    pub exclude: Vec<String>,
    /// The folder holding the `_name` collection folders (`collections_dir:`), or empty.
    pub collections_dir: String,
    pub collections: Vec<Collection>,
    /// The site-wide `permalink:` style (`pretty`, or a pattern), if any.
    pub permalink: Option<String>,
    /// Every top-level scalar, for Liquid's `site.KEY`.
    pub vars: BTreeMap<String, String>,
}

/// Reads `site/_config.yml` if there is one. `display` is the name to show in diagnostics.
pub fn read(site: &Path, display: &Path, limits: &Limits, diags: &mut Diagnostics) -> SiteConfig {
    let path = site.join("_config.yml");
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    if size > limits.max_page_bytes {
        diags.push(
            Diagnostic::error(
                Code::LimitExceeded,
                display,
                0,
                0,
                format!(
                    "the site configuration is {}, over the limit `max_page_bytes` ({})",
                    Bytes(size),
                    Bytes(limits.max_page_bytes)
                ),
            )
            .with_hint(limits::raise_hint(limits::Limit::PageBytes)),
        );
        return SiteConfig::default();
    }
    let Ok(bytes) = std::fs::read(&path) else {
        return SiteConfig::default();
    };
    let text = String::from_utf8_lossy(&bytes);
    match yaml::parse_within(&text, limits.max_yaml_nodes) {
        Ok(node) => from_node(&node),
        Err(err) => {
            let mut d = Diagnostic::error(
                Code::SiteConfigInvalid,
                display,
                err.line,
                err.col,
                format!("invalid site configuration: {}", err.message),
            );
            d.hint = err.hint;
            diags.push(d);
            SiteConfig::default()
        }
    }
}

fn strings(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.value) {
        Some(Yaml::Seq(items)) => items.iter().filter_map(Node::scalar).collect(),
        Some(Yaml::Str(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The configuration in a parsed `_config.yml`.
pub fn from_node(node: &Node) -> SiteConfig {
    let scalar = |key: &str| node.get(key).and_then(Node::scalar);
    let mut collections = Vec::new();
    match node.get("collections").map(|n| &n.value) {
        Some(Yaml::Map(entries)) => {
            for (k, v) in entries {
                let Some(name) = k.scalar() else { continue };
                collections.push(Collection {
                    name,
                    output: matches!(v.get("output").map(|o| &o.value), Some(Yaml::Bool(true))),
                    permalink: v.get("permalink").and_then(Node::scalar),
                });
            }
        }
        Some(Yaml::Seq(items)) => {
            for item in items {
                if let Some(name) = item.scalar() {
                    collections.push(Collection {
                        name,
                        ..Collection::default()
                    });
                }
            }
        }
        _ => {}
    }
    let vars = node
        .entries()
        .iter()
        .filter_map(|(k, v)| Some((k.scalar()?, v.scalar()?)))
        .collect();
    SiteConfig {
        title: scalar("title"),
        url: scalar("url"),
        baseurl: scalar("baseurl"),
        include: strings(node.get("include")),
        exclude: strings(node.get("exclude")),
        collections_dir: scalar("collections_dir")
            .unwrap_or_default()
            .trim_matches('/')
            .to_string(),
        collections,
        permalink: scalar("permalink"),
        vars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_corpus_shape() {
        let node = yaml::parse(
            "title: beta.gouv.fr\nbaseurl: \"\"\nurl: https://beta.gouv.fr\ninclude: [\"_pages\"]\nexclude: [\"vendor\", \"lib\"]\ncollections_dir:\n  content\ncollections:\n  authors:\n  mooc:\n    output: true\n    permalink: /approche/formation/mooc/:title.html\n",
        )
        .unwrap();
        let c = from_node(&node);
        assert_eq!(c.title.as_deref(), Some("beta.gouv.fr"));
        assert_eq!(c.baseurl.as_deref(), Some(""));
        assert_eq!(c.include, ["_pages"]);
        assert_eq!(c.exclude, ["vendor", "lib"]);
        assert_eq!(c.collections_dir, "content");
        assert_eq!(
            c.collections,
            [
                Collection {
                    name: "authors".into(),
                    output: false,
                    permalink: None
                },
                Collection {
                    name: "mooc".into(),
                    output: true,
                    permalink: Some("/approche/formation/mooc/:title.html".into())
                }
            ]
        );
        assert_eq!(
            c.vars.get("url").map(String::as_str),
            Some("https://beta.gouv.fr")
        );
    }
}
