//! Image resolution: every `src` becomes a file inside the site folder, a remote URL (never
//! fetched), or broken with a located error.
//!
//! - `/img/x.png` (baseurl removed when present) and `https://<site host>/img/x.png`: from the
//!   site folder.
//! - `img/x.png`, `../img/x.png`: from the page's file folder, else from the page's URL folder
//!   (where a browser would look).
//! - Percent-encoded names are decoded; `?query` and `#fragment` are ignored.
//! - `..` climbing out of the site folder, or a symlink leading out of it, is refused (error).
//! - Other hosts (`http(s)://`, `//`) and `data:` — `Remote`, with a warning: never fetched, the
//!   renderers keep the alt text.

use std::cell::RefCell;
use std::path::Path;

use super::image_files::{self, Checked};
use super::site_index::SiteIndex;
use super::suggest;
use super::urls::{self, Href};
use crate::book::{Image, ImageTarget};
use crate::diag::{Code, Diagnostic, Diagnostics};

/// How much of a long `src` (a `data:` URI) a message quotes.
const SHOWN_SRC_CHARS: usize = 60;

/// Where one page's images are looked for.
pub struct PageImages<'a> {
    pub index: &'a SiteIndex,
    /// The file diagnostics point at.
    pub file: &'a Path,
    /// The page file's folder, rooted at the site folder (`/_pages/programme`).
    pub file_dir: String,
    /// The page URL's folder (`/approche/`).
    pub url_dir: String,
    /// Every image file read so far, for the whole book.
    pub checked: &'a RefCell<Checked>,
}

impl PageImages<'_> {
    /// Sets `image.target`, pushing an error or warning when it is not a local file.
    pub fn resolve(&self, image: &mut Image, diags: &mut Diagnostics) {
        let src = image.src.trim();
        let shown = shorten(src);
        let error = |code, message: String| self.error(code, message);
        let warning =
            |message: String| Diagnostic::warning(Code::ImageRemote, self.file, 0, 0, message);
        let (target, diag) = match urls::parse(src) {
            Href::Empty | Href::Fragment(_) => (
                ImageTarget::Broken,
                Some(error(Code::ImageMissing, "image has no `src`".to_string())),
            ),
            Href::OtherScheme
                if src
                    .get(..5)
                    .is_some_and(|s| s.eq_ignore_ascii_case("data:")) =>
            {
                (
                    ImageTarget::Remote(src.to_string()),
                    Some(warning(format!(
                        "inline image `{shown}` is not decoded; its alt text is kept"
                    ))),
                )
            }
            Href::OtherScheme => (
                ImageTarget::Broken,
                Some(error(
                    Code::ImageRefused,
                    format!("image `{shown}` has an unsupported scheme"),
                )),
            ),
            Href::Absolute { host, rest }
                if self.index.host.as_deref() == Some(urls::host_key(host).as_str()) =>
            {
                let path = urls::strip_baseurl(rest.path, &self.index.baseurl);
                self.local(&shown, &[("/", path)])
            }
            Href::Absolute { .. } => (
                ImageTarget::Remote(src.to_string()),
                Some(warning(format!(
                    "remote image `{shown}` is not fetched; its alt text is kept"
                ))),
            ),
            Href::Rooted(parts) => {
                let path = urls::strip_baseurl(parts.path, &self.index.baseurl);
                self.local(&shown, &[("/", path)])
            }
            Href::Relative(parts) => self.local(
                &shown,
                &[
                    (self.file_dir.as_str(), parts.path),
                    (self.url_dir.as_str(), parts.path),
                ],
            ),
        };
        image.target = target;
        if let Some(mut d) = diag {
            (d.line, d.col) = (image.pos.line, image.pos.col);
            diags.push(d);
        }
    }

    /// The first of `candidates` (folder, encoded path) that is a file inside the site folder.
    fn local(&self, shown: &str, candidates: &[(&str, &str)]) -> (ImageTarget, Option<Diagnostic>) {
        let mut first_missing: Option<String> = None;
        for (dir, path) in candidates {
            let decoded = urls::decode(path);
            let Some(rooted) = urls::join(dir, &decoded) else {
                return (ImageTarget::Broken, Some(self.outside(shown)));
            };
            let full = self.index.root.join(rooted.trim_start_matches('/'));
            if full.is_file() {
                return match full.canonicalize() {
                    Ok(real) if real.starts_with(&self.index.root) => {
                        let at = |message: String| self.error(Code::ImageCorrupt, message);
                        let mut checked = self.checked.borrow_mut();
                        let limits = &self.index.limits;
                        match image_files::check(&real, shown, limits, &at, &mut checked) {
                            (Some(_), d) => (ImageTarget::File(real), d),
                            (None, d) => (ImageTarget::Broken, d),
                        }
                    }
                    _ => (ImageTarget::Broken, Some(self.outside(shown))),
                };
            }
            first_missing.get_or_insert(rooted);
        }
        let mut d = self.error(Code::ImageMissing, format!("image `{shown}` not found"));
        if let Some(missing) = first_missing {
            d.hint = self.near_names(
                shown,
                &self.index.root.join(missing.trim_start_matches('/')),
            );
        }
        (ImageTarget::Broken, Some(d))
    }

    fn outside(&self, shown: &str) -> Diagnostic {
        self.error(
            Code::ImageRefused,
            format!("image `{shown}` is outside the site folder"),
        )
    }

    /// An error in this page; its position is set by [`Self::resolve`].
    fn error(&self, code: Code, message: String) -> Diagnostic {
        Diagnostic::error(code, self.file, 0, 0, message)
    }

    /// "did you mean …" over the files next to the missing one, quoted as the page would write them.
    fn near_names(&self, shown: &str, missing: &Path) -> Option<String> {
        let wanted = missing.file_name()?.to_string_lossy().into_owned();
        let entries = std::fs::read_dir(missing.parent()?).ok()?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let found = suggest::closest(&wanted, names.iter().map(String::as_str), 1);
        let prefix = shown.rfind('/').map_or("", |i| &shown[..=i]);
        suggest::hint(&found, prefix)
    }
}

/// `src` cut to a readable length for messages.
fn shorten(src: &str) -> String {
    if src.chars().count() <= SHOWN_SRC_CHARS {
        src.to_string()
    } else {
        let cut: String = src.chars().take(SHOWN_SRC_CHARS).collect();
        format!("{cut}…")
    }
}
