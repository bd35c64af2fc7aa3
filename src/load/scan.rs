//! The site folder walked the way Jekyll reads it: which files are pages (front matter, a
//! markdown or HTML extension, not in a skipped folder), collection documents, and the URL
//! each one is served at.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use super::frontmatter;
use super::jekyll::{Collection, SiteConfig};
use super::yaml;
use super::{display_path, FrontMatter};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::limits::{self, Bytes, Limits};

/// Extensions Jekyll converts from markdown (its default `markdown_ext`), then HTML.
const PAGE_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mkdown", "mkdn", "mkd", "mdown", "mdwn", "html", "htm",
];

/// Folders never read, whatever `include:` says: Jekyll's own and package managers'.
const SKIPPED: &[&str] = &[
    "_site",
    "_layouts",
    "_includes",
    "_data",
    "_sass",
    "node_modules",
    "vendor",
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
];

/// A page file read from the site folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteFile {
    /// Relative to the site folder.
    pub source: PathBuf,
    /// The path to show in diagnostics.
    pub display: PathBuf,
    /// Whether it starts with front matter (files without are not pages for Jekyll).
    pub has_front: bool,
    pub front: FrontMatter,
    /// File line of the front matter's `permalink:` (0 if none).
    pub permalink_line: u32,
    /// Front matter scalars as plain text, for Liquid's `page.KEY`.
    pub scalars: BTreeMap<String, String>,
    /// The body (text after the front matter).
    pub body: String,
    pub body_line: u32,
    /// The URL Jekyll serves it at (root-relative, without baseurl, not percent-encoded).
    pub url: String,
    /// The collection it belongs to, if it is a collection document.
    pub collection: Option<String>,
}

/// The result of a scan: the pages (path order) and, by source, the files that looked like
/// pages but could not be read, with the problems found.
#[derive(Debug, Default)]
pub struct Scan {
    pub files: Vec<SiteFile>,
    pub failed: BTreeMap<PathBuf, Vec<Diagnostic>>,
}

/// Reads one page file. `source` is relative to the site folder. On failure, the diagnostics.
pub fn read_page(abs: &Path, source: &Path, limits: &Limits) -> Result<SiteFile, Vec<Diagnostic>> {
    let display = display_path(abs);
    crate::internal::processing(&display);
    crate::internal::test_panic("load");
    // Measured before reading: a huge file is never loaded into memory.
    let size = fs::metadata(abs).map_or(0, |m| m.len());
    if size > limits.max_page_bytes {
        return Err(vec![Diagnostic::error(
            Code::LimitExceeded,
            &display,
            0,
            0,
            format!(
                "page is {}, over the limit `max_page_bytes` ({})",
                Bytes(size),
                Bytes(limits.max_page_bytes)
            ),
        )
        .with_hint(limits::raise_hint(limits::Limit::PageBytes))]);
    }
    let bytes = match fs::read(abs) {
        Ok(b) => b,
        Err(e) => {
            return Err(vec![Diagnostic::error(
                Code::PageUnreadable,
                &display,
                0,
                0,
                format!("cannot read the page: {}", e.to_string().to_lowercase()),
            )])
        }
    };
    parse_page(bytes, source, display, limits)
}

/// A page file's bytes, already read (and within `max_page_bytes`): checked as text, its front
/// matter split off and parsed. `display` names the file in diagnostics.
pub fn parse_page(
    bytes: Vec<u8>,
    source: &Path,
    display: PathBuf,
    limits: &Limits,
) -> Result<SiteFile, Vec<Diagnostic>> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let line_start = bytes[..valid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&bytes[line_start..valid])
                .chars()
                .count() as u32
                + 1;
            return Err(vec![Diagnostic::error(
                Code::PageUnreadable,
                &display,
                line,
                col,
                format!("the page is not UTF-8 (byte `0x{:02X}`)", bytes[valid]),
            )
            .with_hint("save the file as UTF-8")]);
        }
    };
    if let Some(at) = text.find('\0') {
        // Valid UTF-8 can still be a binary file (zeros, an archive's header).
        let line = text[..at].matches('\n').count() as u32 + 1;
        let col = text[..at].rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
        return Err(vec![Diagnostic::error(
            Code::PageUnreadable,
            &display,
            line,
            col,
            "the page is not text (a NUL byte)",
        )
        .with_hint("is it the right file? a page is markdown or HTML text")]);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = &unix_line_ends(text);
    let split = frontmatter::split(text).map_err(|_| {
        vec![Diagnostic::error(
            Code::FrontMatterInvalid,
            &display,
            1,
            1,
            "front matter is not closed",
        )
        .with_hint("end it with a line `---`")]
    })?;
    let mut file = SiteFile {
        source: source.to_path_buf(),
        display: display.clone(),
        has_front: split.yaml.is_some(),
        front: FrontMatter {
            published: true,
            ..FrontMatter::default()
        },
        body: split.body.to_string(),
        body_line: split.body_line,
        ..SiteFile::default()
    };
    if let Some(yaml) = split.yaml {
        let mut diags = Diagnostics::new();
        match frontmatter::parse(yaml, &display, split.yaml_line, limits, &mut diags) {
            Some(parsed) if !diags.has_errors() => {
                file.front = parsed.front;
                file.permalink_line = parsed.permalink_line;
                file.scalars = parsed.scalars;
            }
            _ => return Err(diags.iter().cloned().collect()),
        }
    }
    Ok(file)
}

/// Whether the file opens with a front matter line (`---`, then blanks only), as Jekyll's
/// `has_yaml_header?` asks: in a collection, such a file is a document whatever its name. Only
/// the first line is read.
fn starts_with_front_matter(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 64];
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let Ok(n) = file.read(&mut head) else {
        return false;
    };
    let Some(rest) = head[..n].strip_prefix(b"---") else {
        return false;
    };
    let line_end = rest.iter().position(|&b| b == b'\n');
    line_end.is_some_and(|end| rest[..end].iter().all(u8::is_ascii_whitespace))
}

/// Whether `source` has a page extension.
pub fn is_page_path(source: &Path) -> bool {
    source
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// `source` with `/` separators.
pub fn slash_path(source: &Path) -> String {
    source
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Line ends as kramdown reads them (its parsers' `adapt_source`): `\r\n` and a lone `\r`
/// become `\n`. comrak ends a line at a lone `\r` too, while the stages after load count lines
/// by `\n`: a page with one (a fuzzer's, `12\r01`) gave lines and columns that did not match,
/// and a heading's column fell inside a character.
fn unix_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A tiny glob: `*` any run of characters, `?` one character.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Walks the site folder.
struct Walker<'a> {
    root: PathBuf,
    root_canonical: PathBuf,
    config: &'a SiteConfig,
    limits: &'a Limits,
    /// Canonical folders on the current path, to catch symlink loops.
    stack: Vec<PathBuf>,
    /// Canonical folders already walked.
    seen: HashSet<PathBuf>,
    scan: Scan,
}

impl Walker<'_> {
    fn excluded(&self, rel: &str, name: &str) -> bool {
        self.config.exclude.iter().any(|e| {
            let e = e.trim_matches('/');
            !e.is_empty()
                && (rel == e || rel.starts_with(&format!("{e}/")) || glob(e, rel) || glob(e, name))
        })
    }

    fn included(&self, rel: &str, name: &str) -> bool {
        self.config
            .include
            .iter()
            .any(|i| i.trim_matches('/') == rel || i.trim_matches('/') == name)
    }

    /// Follows `path` if it is a symlink: its canonical target, or `None` (after an error) when
    /// it leaves the site or cannot be resolved.
    fn follow(&self, path: &Path, diags: &mut Diagnostics) -> Option<PathBuf> {
        let display = display_path(path);
        match fs::canonicalize(path) {
            Ok(target) if target.starts_with(&self.root_canonical) => Some(target),
            Ok(target) => {
                diags.push(
                    Diagnostic::error(
                        Code::Symlink,
                        &display,
                        0,
                        0,
                        format!(
                            "symlink to `{}` points outside the site folder: refused",
                            target.display()
                        ),
                    )
                    .with_hint("copy the file into the site folder instead"),
                );
                None
            }
            Err(_) => {
                diags.push(Diagnostic::warning(
                    Code::Symlink,
                    &display,
                    0,
                    0,
                    "broken symlink: skipped",
                ));
                None
            }
        }
    }

    /// Walks `dir` (absolute) whose path relative to the site is `rel`. `collection` is the
    /// collection whose folder this is in, if any.
    fn walk(
        &mut self,
        dir: &Path,
        rel: &Path,
        collection: Option<&Collection>,
        diags: &mut Diagnostics,
    ) {
        let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if self.stack.contains(&canonical) {
            diags.push(
                Diagnostic::error(
                    Code::Symlink,
                    display_path(dir),
                    0,
                    0,
                    "symlink loop: this folder contains itself",
                )
                .with_hint("remove the symlink"),
            );
            return;
        }
        if !self.seen.insert(canonical.clone()) {
            return;
        }
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        self.stack.push(canonical);
        for path in entries {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            let rel_path = rel.join(&name);
            let rel_str = slash_path(&rel_path);
            let special = name.starts_with(['.', '_', '#']) || name.ends_with('~');
            if SKIPPED.contains(&name.as_str())
                || (special && collection.is_none() && !self.included(&rel_str, &name))
                || (collection.is_some() && name.starts_with('.'))
                || self.excluded(&rel_str, &name)
            {
                continue;
            }
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            let is_dir = if meta.file_type().is_symlink() {
                let Some(target) = self.follow(&path, diags) else {
                    continue;
                };
                target.is_dir()
            } else {
                meta.is_dir()
            };
            if is_dir {
                self.walk(&path, &rel_path, collection, diags);
            } else if is_page_path(&rel_path)
                || (collection.is_some()
                    && rel_path.extension().is_none()
                    && starts_with_front_matter(&path))
            {
                self.add(&path, rel_path, collection);
            }
        }
        self.stack.pop();
    }

    fn add(&mut self, abs: &Path, source: PathBuf, collection: Option<&Collection>) {
        match read_page(abs, &source, self.limits) {
            Ok(mut file) if file.has_front => {
                file.url = match collection {
                    Some(c) => document_url(&source, &self.collection_dir(c), c, &file.front),
                    None => page_url(&source, &file.front, self.config.permalink.as_deref()),
                };
                file.collection = collection.map(|c| c.name.clone());
                self.scan.files.push(file);
            }
            Ok(_) => {}
            Err(d) => {
                self.scan.failed.insert(source, d);
            }
        }
    }

    /// A collection's folder, relative to the site.
    fn collection_dir(&self, c: &Collection) -> PathBuf {
        Path::new(&self.config.collections_dir).join(format!("_{}", c.name))
    }
}

/// Every page of the site folder `root` (path order), and the collection documents of the
/// collections Jekyll outputs. Symlinks leaving the site and symlink loops are errors.
pub fn scan(root: &Path, config: &SiteConfig, limits: &Limits, diags: &mut Diagnostics) -> Scan {
    let mut walker = Walker {
        limits,
        root: root.to_path_buf(),
        root_canonical: fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        config,
        stack: Vec::new(),
        seen: HashSet::new(),
        scan: Scan::default(),
    };
    walker.walk(root, Path::new(""), None, diags);
    for c in config.collections.iter().filter(|c| c.output) {
        let rel = walker.collection_dir(c);
        let abs = walker.root.join(&rel);
        if abs.is_dir() {
            walker.seen.clear();
            walker.walk(&abs, &rel, Some(c), diags);
        }
    }
    let mut scan = walker.scan;
    scan.files.sort_by(|a, b| a.source.cmp(&b.source));
    scan.files.dedup_by(|a, b| a.source == b.source);
    scan
}

/// The file name without its extension.
fn stem(source: &Path) -> String {
    source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Replaces `:name` placeholders (longest names first) and tidies the slashes, like Jekyll's
/// `URL#generate_url`: one leading slash, no doubled slashes.
fn expand(pattern: &str, placeholders: &[(&str, &str)]) -> String {
    let mut keys: Vec<&(&str, &str)> = placeholders.iter().collect();
    keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    let mut out = String::new();
    let mut rest = pattern;
    'outer: while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        for (k, v) in &keys {
            if let Some(after) = rest.strip_prefix(':').and_then(|r| r.strip_prefix(k)) {
                out.push_str(v);
                rest = after;
                continue 'outer;
            }
        }
        out.push(':');
        rest = &rest[1..];
    }
    out.push_str(rest);
    let mut url = format!("/{out}");
    while url.contains("//") {
        url = url.replace("//", "/");
    }
    url
}

/// A front matter permalink as a root-relative URL.
fn permalink_url(permalink: &str) -> String {
    expand(permalink, &[])
}

/// The URL of a page (not a collection document): its permalink, else `/dir/name.html`
/// (`/dir/` for `index` files; `/dir/name/` when the site's permalink style is `pretty`).
/// Pages under an included `_pages` folder keep that prefix, as in Jekyll.
pub fn page_url(source: &Path, front: &FrontMatter, style: Option<&str>) -> String {
    if let Some(p) = &front.permalink {
        return permalink_url(p);
    }
    let dir = source.parent().map(slash_path).unwrap_or_default();
    let name = stem(source);
    let pretty = style == Some("pretty");
    let url = if pretty {
        expand("/:path/:basename/", &[("path", &dir), ("basename", &name)])
    } else {
        expand(
            "/:path/:basename:output_ext",
            &[("path", &dir), ("basename", &name), ("output_ext", ".html")],
        )
    };
    url.strip_suffix("index.html")
        .or_else(|| url.strip_suffix("index/"))
        .map(str::to_string)
        .unwrap_or(url)
}

/// Jekyll's `slugify` in `pretty` mode, keeping case: runs of characters other than letters,
/// digits and `._~!$&'()+,;=@` become one `-`, trimmed at both ends.
fn slugify_pretty(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() || "._~!$&'()+,;=@".contains(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// The URL of a collection document: its permalink, else the collection's pattern with
/// `:collection`, `:path`, `:name`, `:title` (front matter `slug` or the file name) and
/// `:output_ext`.
pub fn document_url(
    source: &Path,
    collection_dir: &Path,
    c: &Collection,
    front: &FrontMatter,
) -> String {
    if let Some(p) = &front.permalink {
        return permalink_url(p);
    }
    let within = source.strip_prefix(collection_dir).unwrap_or(source);
    let path = slash_path(&within.with_extension(""));
    let name = stem(source);
    let slug = front.extra.get("slug").and_then(|s| {
        yaml::parse(s)
            .ok()
            .and_then(|n| n.scalar())
            .filter(|s| !s.is_empty())
    });
    let title = slug.unwrap_or_else(|| slugify_pretty(&name));
    // A document without an extension goes through Jekyll's identity converter, whose output
    // extension is the file's own: none.
    let output_ext = if source.extension().is_some() {
        ".html"
    } else {
        ""
    };
    let pattern = c
        .permalink
        .as_deref()
        .unwrap_or("/:collection/:path:output_ext");
    expand(
        pattern,
        &[
            ("collection", &c.name),
            ("path", &path),
            ("name", &slugify_pretty(&name).to_lowercase()),
            ("title", &title),
            ("output_ext", output_ext),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(permalink: Option<&str>) -> FrontMatter {
        FrontMatter {
            permalink: permalink.map(String::from),
            published: true,
            ..FrontMatter::default()
        }
    }

    #[test]
    fn page_urls_like_jekyll() {
        let f = front(None);
        assert_eq!(page_url(Path::new("a.md"), &f, None), "/a.html");
        assert_eq!(page_url(Path::new("index.md"), &f, None), "/");
        assert_eq!(page_url(Path::new("docs/index.md"), &f, None), "/docs/");
        assert_eq!(page_url(Path::new("docs/p.html"), &f, None), "/docs/p.html");
        assert_eq!(page_url(Path::new("d/o.markdown"), &f, None), "/d/o.html");
        assert_eq!(
            page_url(Path::new("_pages/sub/bar.md"), &f, None),
            "/_pages/sub/bar.html"
        );
        assert_eq!(page_url(Path::new("d/x.md"), &f, Some("pretty")), "/d/x/");
        assert_eq!(page_url(Path::new("d/index.md"), &f, Some("pretty")), "/d/");
    }

    #[test]
    fn permalinks_win() {
        let p = |s| page_url(Path::new("_pages/x.md"), &front(Some(s)), None);
        assert_eq!(p("/approche/"), "/approche/");
        assert_eq!(p("/approche/construction"), "/approche/construction");
        assert_eq!(p("noslash"), "/noslash");
    }

    #[test]
    fn collection_urls() {
        let c = Collection {
            name: "mooc".into(),
            output: true,
            permalink: Some("/approche/formation/mooc/:title.html".into()),
        };
        let dir = Path::new("content/_mooc");
        let f = front(None);
        assert_eq!(
            document_url(Path::new("content/_mooc/introduction.md"), dir, &c, &f),
            "/approche/formation/mooc/introduction.html"
        );
        assert_eq!(
            document_url(Path::new("content/_mooc/Intro Été.md"), dir, &c, &f),
            "/approche/formation/mooc/Intro-Été.html"
        );
        let mut slug = front(None);
        slug.extra.insert("slug".into(), "\"s\"".into());
        assert_eq!(
            document_url(Path::new("content/_mooc/three.md"), dir, &c, &slug),
            "/approche/formation/mooc/s.html"
        );
        let plain = Collection {
            permalink: None,
            ..c
        };
        assert_eq!(
            document_url(Path::new("content/_mooc/sub/a.md"), dir, &plain, &f),
            "/mooc/sub/a.html"
        );
        assert_eq!(
            document_url(
                Path::new("content/_mooc/a.md"),
                dir,
                &plain,
                &front(Some("/custom/"))
            ),
            "/custom/"
        );
    }

    #[test]
    fn documents_without_extension() {
        let c = Collection {
            name: "fasts".into(),
            output: true,
            permalink: None,
        };
        let dir = Path::new("content/_fasts");
        let f = front(None);
        assert_eq!(
            document_url(Path::new("content/_fasts/15_fast"), dir, &c, &f),
            "/fasts/15_fast"
        );
        let tmp = std::env::temp_dir().join(format!("livret-scan-{}", std::process::id()));
        fs::create_dir_all(&tmp).unwrap();
        for (name, text, front) in [
            ("a", "---\ntitle: A\n---\n", true),
            ("b", "---  \r\ntitle: B\n---\n", true),
            ("c", "texte\n", false),
            ("d", "----\n", false),
            ("e", "---", false),
        ] {
            fs::write(tmp.join(name), text).unwrap();
            assert_eq!(starts_with_front_matter(&tmp.join(name)), front, "{name}");
        }
        let _ = fs::remove_dir_all(&tmp);
    }

    #[test]
    fn globs() {
        assert!(glob("*.md", "README.md"));
        assert!(glob("vendor", "vendor"));
        assert!(!glob("a*c", "abd"));
    }
}
