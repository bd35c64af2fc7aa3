//! The guide configuration (`content/livret.yaml`): its keys checked one by one, unknown keys
//! refused with a "did you mean", positions kept for the entries later stages check
//! (`pages:`, `nav:`).

use std::path::{Path, PathBuf};

use super::settings::{read_allow, read_back_cover, read_limits};
use super::yaml::{self, Node, Yaml};
use super::{suggest, Config};
use crate::book::date::{DateError, EditionDate};
use crate::diag::{Code, Diagnostic, Diagnostics};

/// The keys a configuration may have.
pub const KEYS: &[&str] = &[
    "title",
    "subtitle",
    "author",
    "publisher",
    "lang",
    "url",
    "baseurl",
    "date",
    "edition",
    "cover",
    "cover_alt",
    "site",
    "pages",
    "nav",
    "typography",
    "profile",
    "style",
    "limits",
    "booklet",
    "back_cover",
    "output",
    "allow",
    "guides",
];

/// The keys a guide of `guides:` may not set: they belong to the whole run.
const RUN_KEYS: &[&str] = &["site", "limits", "allow", "guides"];

/// A path written in the configuration, with its position there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub line: u32,
    pub col: u32,
}

/// A configuration as read, before the site is known.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawConfig {
    /// Every field that needs no site (title may still be empty: the site's title fills it).
    pub config: Config,
    /// Whether `url` / `baseurl` were given (they win over the site's `_config.yml`).
    pub has_url: bool,
    pub has_baseurl: bool,
    /// `site:`, relative to the configuration's folder.
    pub site: Option<Entry>,
    pub pages: Option<Vec<Entry>>,
    /// Where the `pages:` list starts (line, column), to say where an empty one is.
    pub pages_at: (u32, u32),
    pub nav: Option<Entry>,
    /// `guides:`: one configuration per guide (the top-level keys, then the guide's own),
    /// built in one run from the same site. Empty when the file describes one guide.
    pub guides: Vec<RawConfig>,
}

/// Whether `name` can name the outputs (`name.pdf`, `name.epub`) inside the output folder: not
/// empty, no folder, not hidden, no extension of its own.
fn is_output_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '.'])
        && !name.chars().any(char::is_control)
}

/// Reads the configuration file `path` (`display` is how to name it in diagnostics).
pub fn read(path: &Path, display: &Path, diags: &mut Diagnostics) -> Option<RawConfig> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                Code::ConfigInvalid,
                display,
                0,
                0,
                format!(
                    "cannot read the configuration: {}",
                    e.to_string().to_lowercase()
                ),
            ));
            return None;
        }
    };
    let node = match yaml::parse(&text) {
        Ok(n) => n,
        Err(err) => {
            let mut d = Diagnostic::error(
                Code::ConfigInvalid,
                display,
                err.line,
                err.col,
                format!("invalid configuration: {}", err.message),
            );
            // Limits come from the configuration, so it is read within the defaults.
            if err.hint.is_some() {
                d.hint = Some(
                    "an alias (`*name`) copies everything its anchor holds; the configuration \
                     is always read within the default limit"
                        .to_string(),
                );
            }
            diags.push(d);
            return None;
        }
    };
    Some(from_node(&node, display, diags))
}

/// The configuration in a parsed YAML document; problems go to `diags`.
pub fn from_node(node: &Node, file: &Path, diags: &mut Diagnostics) -> RawConfig {
    let mut raw = RawConfig {
        config: Config {
            file: Some(file.to_path_buf()),
            lang: "fr".to_string(),
            typography: true,
            ..Config::default()
        },
        ..RawConfig::default()
    };
    for (key, value) in top_entries(node, file, diags) {
        KeyValue::new(key, value, file).read(&mut raw, diags);
    }
    if let Some(guides) = node.get("guides") {
        raw.guides = read_guides(node, guides, file, diags);
        if !raw.guides.is_empty() {
            refuse_shared_pages(node, file, diags);
        }
    }
    if raw.pages.is_some() {
        refuse_nav_with_pages(&mut raw, file, diags);
    }
    raw
}

/// The top-level entries of a configuration: none for an empty file, none (after an error)
/// when the document is not a map.
fn top_entries<'a>(node: &'a Node, file: &Path, diags: &mut Diagnostics) -> &'a [(Node, Node)] {
    match &node.value {
        Yaml::Map(entries) => entries.as_slice(),
        Yaml::Null => &[],
        _ => {
            diags.push(Diagnostic::error(
                Code::ConfigInvalid,
                file,
                node.line,
                node.col,
                format!("the configuration is {}, not a map", node.kind()),
            ));
            &[]
        }
    }
}

/// With `guides`, a top-level `pages` or `nav` is an error: each guide gives its own.
fn refuse_shared_pages(node: &Node, file: &Path, diags: &mut Diagnostics) {
    if let Some(at) = node.get("pages").or(node.get("nav")) {
        diags.push(
            Diagnostic::error(
                Code::ConfigInvalid,
                file,
                at.line,
                at.col,
                "with `guides`, each guide gives its own `pages` or `nav`",
            )
            .with_hint("move the list into the guides that read it"),
        );
    }
}

/// `pages` and `nav` together: an error at `nav`, which is dropped (the list wins).
fn refuse_nav_with_pages(raw: &mut RawConfig, file: &Path, diags: &mut Diagnostics) {
    if let Some(nav) = &raw.nav {
        diags.push(
            Diagnostic::error(
                Code::ConfigInvalid,
                file,
                nav.line,
                nav.col,
                "give `pages` or `nav`, not both",
            )
            .with_hint("`pages` lists the pages; `nav` takes them from a menu's links"),
        );
        raw.nav = None;
    }
}

/// One key of a configuration and its value, being read into the configuration.
struct KeyValue<'a> {
    key: &'a Node,
    value: &'a Node,
    file: &'a Path,
    /// The key as written (its YAML text when it is not a scalar).
    name: String,
}

impl<'a> KeyValue<'a> {
    fn new(key: &'a Node, value: &'a Node, file: &'a Path) -> Self {
        let name = key.scalar().unwrap_or_else(|| key.value.to_string());
        KeyValue {
            key,
            value,
            file,
            name,
        }
    }

    /// Reads the value into the field its key names; an unknown key is an error.
    fn read(&self, raw: &mut RawConfig, diags: &mut Diagnostics) {
        let c = &mut raw.config;
        match self.name.as_str() {
            "title" => c.title = self.string(diags).unwrap_or_default(),
            "subtitle" => c.subtitle = self.string(diags),
            "author" => c.author = self.string(diags),
            "publisher" => c.publisher = self.string(diags),
            "lang" => c.lang = self.string(diags).unwrap_or_else(|| "fr".to_string()),
            "url" => {
                c.url = self
                    .string(diags)
                    .unwrap_or_default()
                    .trim_end_matches('/')
                    .to_string();
                raw.has_url = true;
            }
            "baseurl" => {
                c.baseurl = self.string(diags).unwrap_or_default();
                raw.has_baseurl = true;
            }
            "date" => c.date = self.date(diags),
            "edition" => c.edition = self.string(diags),
            "cover" => c.cover = self.string(diags),
            "cover_alt" => c.cover_alt = self.string(diags),
            "site" => raw.site = self.entry(diags),
            "style" => c.style = self.string(diags).map(PathBuf::from),
            "profile" => c.profile = self.profile(diags),
            "typography" => match self.value.value {
                Yaml::Bool(b) => c.typography = b,
                _ => diags.push(self.error(format!(
                    "`typography` must be `true` or `false`, not {}",
                    self.value.kind()
                ))),
            },
            "nav" => raw.nav = self.entry(diags),
            "limits" => read_limits(self.value, self.file, &mut c.limits, diags),
            "booklet" => c.booklet = super::booklet::read(self.value, self.file, diags),
            "back_cover" => c.back_cover = read_back_cover(self.value, self.file, diags),
            "allow" => c.allow = read_allow(self.value, self.file, diags),
            "guides" => {} // read by `from_node`, once the shared keys are known
            "output" => c.output = self.output(diags),
            "pages" => self.pages(raw, diags),
            _ => self.unknown(diags),
        }
    }

    /// An error at the value.
    fn error(&self, message: String) -> Diagnostic {
        Diagnostic::error(
            Code::ConfigInvalid,
            self.file,
            self.value.line,
            self.value.col,
            message,
        )
    }

    /// The value as a string, or an error saying what it is instead.
    fn string(&self, diags: &mut Diagnostics) -> Option<String> {
        let s = self.value.scalar();
        if s.is_none() {
            diags.push(self.error(format!(
                "`{}` must be a string, not {}",
                self.name,
                self.value.kind()
            )));
        }
        s
    }

    /// The value as a path with its position (`site:`, `nav:`).
    fn entry(&self, diags: &mut Diagnostics) -> Option<Entry> {
        self.string(diags).map(|path| Entry {
            path,
            line: self.value.line,
            col: self.value.col,
        })
    }

    /// `date:`: a day of the calendar written `YYYY-MM-DD`.
    fn date(&self, diags: &mut Diagnostics) -> Option<EditionDate> {
        let d = self.string(diags)?;
        match EditionDate::parse(&d) {
            Ok(date) => Some(date),
            Err(why) => {
                let message = match why {
                    DateError::Form => format!("`date` must be `YYYY-MM-DD`, not `{d}`"),
                    DateError::NoSuchDay => format!("`date` `{d}` is not a day of the calendar"),
                };
                diags.push(
                    self.error(message)
                        .with_hint("for example `date: 2026-11-28`"),
                );
                None
            }
        }
    }

    /// `profile:`: `print` or `screen`.
    fn profile(&self, diags: &mut Diagnostics) -> Option<super::Profile> {
        let p = self.string(diags)?;
        let profile = super::Profile::parse(&p);
        if profile.is_none() {
            diags.push(
                self.error(format!("`profile` must be `print` or `screen`, not `{p}`"))
                    .with_hint("`print` for paper, `screen` for reading on a screen"),
            );
        }
        profile
    }

    /// `output:`: a file name for the outputs, without extension or folder.
    fn output(&self, diags: &mut Diagnostics) -> Option<String> {
        self.string(diags).filter(|name| {
            let ok = is_output_name(name);
            if !ok {
                diags.push(
                    self.error(format!(
                        "`output` must be a file name without extension or folder, not `{name}`"
                    ))
                    .with_hint(
                        "for example `output: approche` for `approche.pdf` and `approche.epub`",
                    ),
                );
            }
            ok
        })
    }

    /// `pages:`: a list of paths, each kept with its position, and where the list starts.
    fn pages(&self, raw: &mut RawConfig, diags: &mut Diagnostics) {
        let Yaml::Seq(items) = &self.value.value else {
            diags.push(
                self.error(format!("`pages` must be a list, not {}", self.value.kind()))
                    .with_hint("write one `- path/to/page.md` line per page"),
            );
            return;
        };
        let mut pages = Vec::new();
        for item in items {
            match item.scalar() {
                Some(path) => pages.push(Entry {
                    path,
                    line: item.line,
                    col: item.col,
                }),
                None => diags.push(Diagnostic::error(
                    Code::ConfigInvalid,
                    self.file,
                    item.line,
                    item.col,
                    format!("a page must be a path, not {}", item.kind()),
                )),
            }
        }
        raw.pages = Some(pages);
        raw.pages_at = (self.value.line, self.value.col);
    }

    /// An unknown key: an error at the key, with the nearest known key or the list of them.
    fn unknown(&self, diags: &mut Diagnostics) {
        let name = &self.name;
        let d = Diagnostic::error(
            Code::ConfigInvalid,
            self.file,
            self.key.line,
            self.key.col,
            format!("unknown key `{name}` in the configuration"),
        );
        diags.push(match suggest(name, KEYS.iter().copied()) {
            Some(s) => d.with_hint(format!("did you mean `{s}`?")),
            None => d.with_hint(format!("known keys: {}", KEYS.join(", "))),
        });
    }
}

/// `guides:`: a list of maps, each read as a whole configuration made of the top-level keys
/// (but `pages`, `nav` and `guides`) and then its own, which win. Each guide must name its
/// `output`, different from the others'.
fn read_guides(top: &Node, guides: &Node, file: &Path, diags: &mut Diagnostics) -> Vec<RawConfig> {
    let Yaml::Seq(items) = &guides.value else {
        diags.push(
            Diagnostic::error(
                Code::ConfigInvalid,
                file,
                guides.line,
                guides.col,
                format!("`guides` must be a list, not {}", guides.kind()),
            )
            .with_hint(
                "one `- output: name` entry per guide, with its `title` and `pages` or `nav`",
            ),
        );
        return Vec::new();
    };
    let shared: Vec<(Node, Node)> = top
        .entries()
        .iter()
        .filter(|(k, _)| !matches!(k.scalar().as_deref(), Some("pages" | "nav" | "guides")))
        .cloned()
        .collect();
    let mut out: Vec<RawConfig> = Vec::new();
    let mut outputs: Vec<String> = Vec::new();
    for item in items {
        let Yaml::Map(own) = &item.value else {
            diags.push(Diagnostic::error(
                Code::ConfigInvalid,
                file,
                item.line,
                item.col,
                format!("a guide must be a map, not {}", item.kind()),
            ));
            continue;
        };
        let mut entries = shared.clone();
        for (key, value) in own {
            let name = key.scalar().unwrap_or_default();
            if RUN_KEYS.contains(&name.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::ConfigInvalid,
                        file,
                        key.line,
                        key.col,
                        format!("`{name}` belongs to the whole configuration, not to one guide"),
                    )
                    .with_hint("write it at the top of the file"),
                );
                continue;
            }
            entries.retain(|(k, _)| k.scalar().as_deref() != Some(name.as_str()));
            entries.push((key.clone(), value.clone()));
        }
        let merged = Node {
            value: Yaml::Map(entries),
            line: item.line,
            col: item.col,
        };
        // The shared keys are read again for each guide: their problems are said once.
        let mut local = Diagnostics::new();
        let guide = from_node(&merged, file, &mut local);
        for d in local.iter() {
            if !diags.iter().any(|seen| seen == d) {
                diags.push(d.clone());
            }
        }
        match &guide.config.output {
            None => diags.push(
                Diagnostic::error(
                    Code::ConfigInvalid,
                    file,
                    item.line,
                    item.col,
                    "a guide of `guides` must name its `output`",
                )
                .with_hint("for example `output: approche`: the guides are built into one folder"),
            ),
            Some(name) if outputs.contains(name) => {
                let at = item.get("output").unwrap_or(item);
                diags.push(Diagnostic::error(
                    Code::ConfigInvalid,
                    file,
                    at.line,
                    at.col,
                    format!("two guides are named `{name}`: each would overwrite the other"),
                ));
            }
            Some(name) => outputs.push(name.clone()),
        }
        out.push(guide);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::AllowEntry;
    use super::*;
    use crate::limits::Limits;

    fn read_str(text: &str) -> (RawConfig, String) {
        let mut d = Diagnostics::new();
        let node = yaml::parse(text).unwrap();
        let raw = from_node(&node, Path::new("livret.yaml"), &mut d);
        (raw, d.render())
    }

    #[test]
    fn every_key() {
        let (raw, d) = read_str(
            "title: Guide\nsubtitle: S\nauthor: A\npublisher: P\nlang: en\nurl: https://x.org/\nbaseurl: /b\ndate: 2026-01-31\nedition: \"2\"\ncover: img/c.png\ncover_alt: Un dessin\nsite: ../site\npages:\n  - a.md\n  - b/c.md\ntypography: false\nprofile: screen\nstyle: styles/s.yaml\n",
        );
        assert_eq!(d, "");
        let c = &raw.config;
        assert_eq!(c.title, "Guide");
        assert_eq!(c.lang, "en");
        assert_eq!(c.url, "https://x.org");
        assert_eq!(c.baseurl, "/b");
        assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2026-01-31"));
        assert_eq!(c.edition.as_deref(), Some("2"));
        assert_eq!(c.cover.as_deref(), Some("img/c.png"));
        assert_eq!(c.cover_alt.as_deref(), Some("Un dessin"));
        assert!(!c.typography);
        assert_eq!(c.profile, Some(super::super::Profile::Screen));
        assert_eq!(raw.site.map(|s| s.path).as_deref(), Some("../site"));
        let pages = raw.pages.unwrap();
        assert_eq!((pages[1].path.as_str(), pages[1].line), ("b/c.md", 15));
        assert!(raw.has_url && raw.has_baseurl);
    }

    #[test]
    fn defaults() {
        let (raw, d) = read_str("title: G\n");
        assert_eq!(d, "");
        assert_eq!(raw.config.lang, "fr");
        assert!(raw.config.typography);
        assert!(raw.pages.is_none() && raw.nav.is_none());
    }

    #[test]
    fn unknown_key_with_hint() {
        let (_, d) = read_str("title: G\ntitel: H\nzzz: 1\n");
        assert_eq!(
            d,
            "livret.yaml:2:1: error: unknown key `titel` in the configuration\n  hint: did you mean `title`?\n\
             livret.yaml:3:1: error: unknown key `zzz` in the configuration\n  hint: known keys: title, subtitle, author, publisher, lang, url, baseurl, date, edition, cover, cover_alt, site, pages, nav, typography, profile, style, limits, booklet, back_cover, output, allow, guides\n"
        );
    }

    #[test]
    fn bad_values() {
        let (_, d) =
            read_str("date: 28/11/2026\nprofile: paper\ntypography: yes please\npages: a.md\n");
        assert_eq!(
            d,
            "livret.yaml:1:7: error: `date` must be `YYYY-MM-DD`, not `28/11/2026`\n  hint: for example `date: 2026-11-28`\n\
             livret.yaml:2:10: error: `profile` must be `print` or `screen`, not `paper`\n  hint: `print` for paper, `screen` for reading on a screen\n\
             livret.yaml:3:13: error: `typography` must be `true` or `false`, not a string\n\
             livret.yaml:4:8: error: `pages` must be a list, not a string\n  hint: write one `- path/to/page.md` line per page\n"
        );
    }

    #[test]
    fn limits_are_read_and_checked() {
        let (raw, d) = read_str("limits:\n  max_page_bytes: 20000000\n  max_nesting: 10\n");
        assert_eq!(d, "");
        assert_eq!(raw.config.limits.max_page_bytes, 20_000_000);
        assert_eq!(raw.config.limits.max_nesting, 10);
        assert_eq!(
            raw.config.limits.max_yaml_nodes,
            Limits::default().max_yaml_nodes
        );
        let (_, d) = read_str("limits:\n  max_page_byte: 3\n  max_nesting: -1\n");
        assert_eq!(
            d,
            "livret.yaml:2:3: error: unknown limit `max_page_byte`\n  hint: did you mean `max_page_bytes`?\n\
             livret.yaml:3:16: error: `limits: max_nesting` must be a whole number above 0, not a number\n"
        );
        let (raw, d) = read_str("limits:\n  max_nesting: 5000\n");
        assert_eq!(
            d,
            "livret.yaml:2:16: error: `limits: max_nesting` can be at most 1000, not 5000\n"
        );
        assert_eq!(raw.config.limits.max_nesting, 64);
        let (_, d) = read_str("limits: 3\n");
        assert!(
            d.contains("livret.yaml:1:9: error: `limits` must be a map, not a number"),
            "{d}"
        );
    }

    #[test]
    fn output_names_a_file() {
        let (raw, d) = read_str("output: approche\n");
        assert_eq!(
            (raw.config.output.as_deref(), d.as_str()),
            (Some("approche"), "")
        );
        let (raw, d) = read_str("output: ../approche.pdf\n");
        assert_eq!(raw.config.output, None);
        assert_eq!(
            d,
            "livret.yaml:1:9: error: `output` must be a file name without extension or folder, not `../approche.pdf`\n  hint: for example `output: approche` for `approche.pdf` and `approche.epub`\n"
        );
    }

    #[test]
    fn allow_takes_codes_everywhere_or_in_pages() {
        let (raw, d) =
            read_str("allow:\n  liquid-removed: [_pages/stats.md]\n  image-remote: all\n");
        assert_eq!(d, "");
        assert_eq!(
            raw.config.allow,
            [
                AllowEntry {
                    code: Code::LiquidRemoved,
                    pages: Some(vec!["_pages/stats.md".to_string()])
                },
                AllowEntry {
                    code: Code::ImageRemote,
                    pages: None
                },
            ]
        );
        let (raw, d) = read_str("allow:\n  liquid-remove: all\n  image-remote: some\n");
        assert!(raw.config.allow.is_empty());
        assert_eq!(
            d,
            "livret.yaml:2:3: error: unknown diagnostic code `liquid-remove`\n  hint: did you mean `liquid-removed`?\n\
             livret.yaml:3:17: error: `allow: image-remote` must be `all` or a list of pages, not a string\n  hint: for example `allow:` then `  liquid-removed: [_pages/stats.md]` or `  image-remote: all`\n"
        );
    }

    #[test]
    fn guides_take_the_shared_keys_then_their_own() {
        let (raw, d) = read_str(
            "title: Commun\nlang: fr\ntitel: x\nguides:\n  - output: a\n    pages: [a.md]\n  - output: b\n    title: B\n    nav: menu.html\n",
        );
        assert_eq!(
            d,
            "livret.yaml:3:1: error: unknown key `titel` in the configuration\n  hint: did you mean `title`?\n"
        );
        let titles: Vec<(&str, &str)> = raw
            .guides
            .iter()
            .map(|g| (g.config.title.as_str(), g.config.output.as_deref().unwrap()))
            .collect();
        assert_eq!(titles, [("Commun", "a"), ("B", "b")]);
        assert_eq!(raw.guides[0].pages.as_ref().unwrap()[0].path, "a.md");
        assert_eq!(raw.guides[1].nav.as_ref().unwrap().path, "menu.html");
        assert!(raw.guides[1].pages.is_none());
    }

    #[test]
    fn guides_are_named_apart_and_keep_to_their_keys() {
        let (_, d) = read_str(
            "pages: [x.md]\nguides:\n  - title: A\n  - output: b\n    limits: {}\n  - output: b\n  - 3\n",
        );
        assert_eq!(
            d,
            "livret.yaml:1:8: error: with `guides`, each guide gives its own `pages` or `nav`\n  hint: move the list into the guides that read it\n\
             livret.yaml:3:5: error: a guide of `guides` must name its `output`\n  hint: for example `output: approche`: the guides are built into one folder\n\
             livret.yaml:5:5: error: `limits` belongs to the whole configuration, not to one guide\n  hint: write it at the top of the file\n\
             livret.yaml:6:13: error: two guides are named `b`: each would overwrite the other\n\
             livret.yaml:7:5: error: a guide must be a map, not a number\n"
        );
    }

    #[test]
    fn pages_and_nav_conflict() {
        let (raw, d) = read_str("pages: [a.md]\nnav: _includes/n.html\n");
        assert!(raw.nav.is_none());
        assert!(
            d.contains("livret.yaml:2:6: error: give `pages` or `nav`, not both"),
            "{d}"
        );
    }
}
