//! One page given as bytes, loaded as [`super::load`] loads a site folder holding only that page
//! with no configuration: for tests and fuzzing, where reading a folder would cost more than
//! the stages themselves.

use std::collections::BTreeMap;
use std::path::Path;

use super::guide::build_page;
use super::scan::{self, SiteFile};
use super::{display_path, Config, Site, SitePage};
use crate::diag::{Diagnostic, Diagnostics};
use crate::limits::{self, Bytes, Limits};

/// The guide made of the one page `bytes`, as if it were the file `source` of the site folder
/// `site` (which only resolves the page's images: nothing else is read from the disk). The
/// configuration is the one `--site` alone gives (French, typography on, default limits), the
/// title the folder's name. The same checks as a page read from a folder apply (size, UTF-8,
/// front matter, Liquid, kramdown attribute lists); a page without front matter is taken, as a
/// page listed in `pages:` is. Problems are pushed to `diags`; a page that could not be read
/// leaves the guide empty.
pub fn load_page(bytes: &[u8], source: &Path, site: &Path, diags: &mut Diagnostics) -> Site {
    let limits = Limits::default();
    let mut config = Config {
        title: site
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        lang: "fr".to_string(),
        typography: true,
        site: site.to_path_buf(),
        limits,
        ..Config::default()
    };
    let display = display_path(&site.join(source));
    let file = match read(bytes, source, display, &limits) {
        Ok(file) => file,
        Err(problems) => {
            for d in problems {
                diags.push(d);
            }
            return Site {
                config,
                ..Site::default()
            };
        }
    };
    if !file.front.published {
        diags.push(Diagnostic::warning(
            crate::diag::Code::PageUnpublished,
            &file.display,
            1,
            1,
            "the page has `published: false`: skipped",
        ));
        return Site {
            config,
            ..Site::default()
        };
    }
    let site_page = SitePage {
        source: file.source.clone(),
        url: file.url.clone(),
        redirect_from: file.front.redirect_from.clone(),
        title: file.front.title.clone(),
    };
    let links = BTreeMap::from([(scan::slash_path(&file.source), file.url.clone())]);
    let vars = BTreeMap::from([
        ("url".to_string(), String::new()),
        ("baseurl".to_string(), String::new()),
        ("title".to_string(), config.title.clone()),
    ]);
    let pages: Vec<_> = build_page(&file, true, &vars, &links, diags)
        .into_iter()
        .collect();
    config.pages = pages.iter().map(|p| p.source.clone()).collect();
    Site {
        config,
        pages,
        site_pages: vec![site_page],
        shadowed: Vec::new(),
    }
}

/// The page's bytes as a [`SiteFile`] with its URL, or what is wrong with them.
fn read(
    bytes: &[u8],
    source: &Path,
    display: std::path::PathBuf,
    limits: &Limits,
) -> Result<SiteFile, Vec<Diagnostic>> {
    crate::internal::processing(&display);
    let size = bytes.len() as u64;
    if size > limits.max_page_bytes {
        return Err(vec![Diagnostic::error(
            crate::diag::Code::LimitExceeded,
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
    let mut file = scan::parse_page(bytes.to_vec(), source, display, limits)?;
    file.url = scan::page_url(source, &file.front, None);
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_in_memory_is_cleaned_as_a_page_on_disk() {
        let mut diags = Diagnostics::new();
        let text = "---\ntitle: Essai\npermalink: /essai\n---\n# Titre\n{: #haut}\n\n{% if true %}Oui{% endif %}\n";
        let site = load_page(
            text.as_bytes(),
            Path::new("essai.md"),
            Path::new("/nowhere/site"),
            &mut diags,
        );
        assert!(!diags.has_errors(), "{diags:?}");
        assert_eq!(site.pages.len(), 1);
        let page = &site.pages[0];
        assert_eq!(page.url, "/essai");
        assert_eq!(page.front.title.as_deref(), Some("Essai"));
        assert_eq!(page.block_attrs[0].id.as_deref(), Some("haut"));
        assert!(page.body.contains("Oui"), "{}", page.body);
        assert_eq!(site.config.title, "site");
    }

    #[test]
    fn bytes_that_are_no_page_leave_the_guide_empty() {
        let mut diags = Diagnostics::new();
        let site = load_page(
            b"\xff\xfe",
            Path::new("x.md"),
            Path::new("/nowhere"),
            &mut diags,
        );
        assert!(site.pages.is_empty());
        assert!(diags.has_errors());
        let mut diags = Diagnostics::new();
        let site = load_page(
            b"---\ntitle: x\n",
            Path::new("x.md"),
            Path::new("/nowhere"),
            &mut diags,
        );
        assert!(site.pages.is_empty());
        assert!(diags
            .iter()
            .any(|d| d.message == "front matter is not closed"));
    }
}
