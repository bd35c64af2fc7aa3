//! The `load` stage on small fixture sites (`tests/fixtures/load-*`): exact diagnostics for
//! bad input, the clean-up of a page, the order a navigation include gives, and the real
//! corpus when it is present.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use livret::diag::Diagnostics;
use livret::load::{load, BlockAttrs, LoadOptions, Site};

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures").join(name)
}

fn load_config(config: &Path) -> (Site, String) {
    let mut diags = Diagnostics::new();
    let site = load(
        &LoadOptions {
            config: Some(config.to_path_buf()),
            site: None,
        },
        &mut diags,
    );
    (site, diags.render())
}

fn sources(site: &Site) -> Vec<String> {
    site.pages
        .iter()
        .map(|p| p.source.display().to_string())
        .collect()
}

#[test]
fn bad_pages_are_located_and_the_rest_loads() {
    let (site, diags) = load_config(&fixture("load-bad/livret.yaml"));
    assert_eq!(
        diags,
        "tests/fixtures/load-bad/livret.yaml:10:5: error: page `godo.md` not found
  hint: did you mean `good.md`?
tests/fixtures/load-bad/livret.yaml:11:5: error: page `good.md` is listed twice
  hint: it is already listed on line 4
tests/fixtures/load-bad/livret.yaml:12:5: error: `../outside.md` is outside the site folder: refused
  hint: paths are relative to the site folder and stay inside it
tests/fixtures/load-bad/livret.yaml:13:5: warning: page `unpublished.md` has `published: false`: skipped
tests/fixtures/load-bad/site/dup-b.md:3: error: `tests/fixtures/load-bad/site/dup-a.md` and `tests/fixtures/load-bad/site/dup-b.md` have the same url `/dup/`
  hint: give one of them another `permalink`
tests/fixtures/load-bad/site/empty.md:4: error: the page has no text
  hint: its text may be in its layout `page`, which livret does not read: move it into the page
tests/fixtures/load-bad/site/invalid-yaml.md:3:11: error: invalid front matter: unclosed bracket '['
tests/fixtures/load-bad/site/latin1.md:5:2: error: the page is not UTF-8 (byte `0xE9`)
  hint: save the file as UTF-8
tests/fixtures/load-bad/site/not-a-map.md:2:1: error: front matter is a list, not a map
  hint: write `key: value` lines between the two `---` lines
tests/fixtures/load-bad/site/unclosed.md:1:1: error: front matter is not closed
  hint: end it with a line `---`
"
    );
    assert_eq!(sources(&site), ["good.md", "dup-a.md", "dup-b.md"]);
    assert_eq!(site.config.title, "Cas d’erreur");
    assert_eq!(site.config.url, "https://example.org");
    let good = &site.pages[0];
    assert_eq!(good.body, "\nStill loads, see [the other](/dup/).\n");
    assert_eq!(good.body_line, 4);
}

#[test]
fn missing_nav_include_is_an_error() {
    let (site, diags) = load_config(&fixture("load-bad/nav-missing.yaml"));
    assert_eq!(
        diags,
        "tests/fixtures/load-bad/nav-missing.yaml:3:6: error: navigation `_includes/menu.html` not found
  hint: `nav:` is relative to the site folder, e.g. `_includes/menu.html`
tests/fixtures/load-bad/site/dup-b.md:3: warning: `tests/fixtures/load-bad/site/dup-a.md` and `tests/fixtures/load-bad/site/dup-b.md` have the same url `/dup/`
  hint: give one of them another `permalink`
tests/fixtures/load-bad/site/invalid-yaml.md:3:11: warning: invalid front matter: unclosed bracket '['
tests/fixtures/load-bad/site/latin1.md:5:2: warning: the page is not UTF-8 (byte `0xE9`)
  hint: save the file as UTF-8
tests/fixtures/load-bad/site/not-a-map.md:2:1: warning: front matter is a list, not a map
  hint: write `key: value` lines between the two `---` lines
tests/fixtures/load-bad/site/unclosed.md:1:1: warning: front matter is not closed
  hint: end it with a line `---`
"
    );
    // Site pages outside the guide that cannot be read are warnings, not errors.
    assert!(site.pages.is_empty());
}

#[test]
fn missing_configuration_file() {
    let (_, diags) = load_config(&fixture("load-bad/nope.yaml"));
    assert_eq!(
        diags,
        "tests/fixtures/load-bad/nope.yaml: error: configuration file not found\n  hint: check the `--config` path\n"
    );
}

#[test]
fn nav_gives_the_order() {
    let (site, diags) = load_config(&fixture("load-nav/livret.yaml"));
    assert_eq!(
        diags,
        "tests/fixtures/load-nav/site/_includes/menu.html:10:3: warning: navigation link `https://ailleurs.example.net/x` leads outside the site: not a chapter
tests/fixtures/load-nav/site/_pages/vide.md:5: note: the page has no text: left out of the guide (its layout `liste` makes the page)
"
    );
    assert_eq!(
        sources(&site),
        [
            "_pages/intro.md",
            "docs/index.md",
            "_pages/renommee.md",
            "_lessons/c-une.md",
            "_lessons/a-deux.md",
            "_lessons/b-dix.md",
            "_lessons/d-sans-extension",
            "_pages/liquide.md",
            "_pages/lien.md",
        ]
    );
    let urls: Vec<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "/intro",
            "/docs/",
            "/_pages/renommee.html",
            "/cours/c-une.html",
            "/cours/a-deux.html",
            "/cours/b-dix.html",
            "/cours/d-sans-extension.html",
            "/liquide",
            "/_pages/lien.html",
        ]
    );
    assert_eq!(site.config.nav, Some(PathBuf::from("_includes/menu.html")));
    assert_eq!(site.config.baseurl, "/base");
    assert_eq!(site.site_pages.len(), 10);
}

/// A page the navigation names but the site does not have, or names by Liquid that gives no
/// page, is a chapter lost: an error at the link. A file is not a page: a warning.
#[test]
fn nav_links_that_name_no_page_are_errors() {
    let (site, diags) = load_config(&fixture("load-nav/perdu.yaml"));
    assert_eq!(
        diags,
        "tests/fixtures/load-nav/site/_includes/menu-perdu.html:3:3: error: navigation link `/base/nulle-part` matches no page of the site
tests/fixtures/load-nav/site/_includes/menu-perdu.html:4:3: error: navigation link `{{ site.data.x }}`: its liquid gives no page, so its chapter cannot be placed
  hint: liquid output `{{ site.data.x }}` removed: unknown value
tests/fixtures/load-nav/site/_includes/menu-perdu.html:5:3: error: navigation link `{% link _pages/absente.md %}`: its liquid gives no page, so its chapter cannot be placed
  hint: `{% link _pages/absente.md %}`: no published page `_pages/absente.md` in the site; did you mean `_pages/lien.md`?
tests/fixtures/load-nav/site/_includes/menu-perdu.html:6:3: warning: navigation link `/base/docs/guide.pdf` names a file, not a page: not a chapter
"
    );
    assert_eq!(sources(&site), ["_pages/intro.md"]);
}

#[test]
fn a_page_is_cleaned_line_for_line() {
    let (site, diags) = load_config(&fixture("load-clean/livret.yaml"));
    assert_eq!(
        diags,
        "tests/fixtures/load-clean/site/_pages/page.md:10:1: warning: liquid tag `include` removed\n"
    );
    let page = &site.pages[0];
    assert_eq!(page.url, "/_pages/page.html");
    assert_eq!(page.body_line, 5);
    assert_eq!(
        page.body,
        "## Page « propre »\n\nLien [ailleurs](/base/other.html) et https://guide.example.org/base/x/.\n\n\n\n{{ gardé }}\n\n```\n{{ intact }} {: .intact}\n```\n"
    );
    assert_eq!(page.heading_ids.get(&5).map(String::as_str), Some("titre"));
    assert_eq!(
        page.block_attrs,
        [BlockAttrs {
            line: 7,
            id: None,
            classes: vec!["fr-text--lead".into()],
            attrs: vec![],
        }]
    );
    assert_eq!(page.front.subtitle.as_deref(), Some("Sous-titre"));
    assert_eq!(site.config.url, "https://guide.example.org");
    assert_eq!(
        site.config.date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-28")
    );
    assert_eq!(site.config.pages.len(), 2);
}

/// A scratch folder under the system's temporary folder, emptied first.
/// `text` with the scratch folder `dir`, however diagnostics name it, written `TMP`.
fn tmp(text: &str, dir: &Path) -> String {
    text.replace(
        &livret::load::display_path(dir).display().to_string(),
        "TMP",
    )
    .replace(&dir.display().to_string(), "TMP")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("livret-load-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn symlink_loop_ends_the_walk_with_an_error() {
    let dir = scratch("loop");
    fs::create_dir_all(dir.join("site/sub")).unwrap();
    fs::write(dir.join("site/a.md"), "---\ntitle: A\n---\n\nA.\n").unwrap();
    std::os::unix::fs::symlink("..", dir.join("site/sub/loop")).unwrap();
    fs::write(
        dir.join("livret.yaml"),
        "title: T\nsite: site\npages: [a.md]\n",
    )
    .unwrap();
    let (site, diags) = load_config(&dir.join("livret.yaml"));
    let diags = tmp(&diags, &dir);
    assert_eq!(
        diags,
        "TMP/site/sub/loop: error: symlink loop: this folder contains itself\n  hint: remove the symlink\n"
    );
    assert_eq!(sources(&site), ["a.md"]);
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn symlink_outside_the_site_is_refused() {
    let dir = scratch("outside");
    fs::create_dir_all(dir.join("site")).unwrap();
    fs::write(dir.join("secret.md"), "---\ntitle: S\n---\n\nS.\n").unwrap();
    fs::write(dir.join("site/a.md"), "---\ntitle: A\n---\n\nA.\n").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.md"), dir.join("site/link.md")).unwrap();
    fs::write(
        dir.join("livret.yaml"),
        "title: T\nsite: site\npages:\n  - a.md\n  - link.md\n",
    )
    .unwrap();
    let (site, diags) = load_config(&dir.join("livret.yaml"));
    let canonical = fs::canonicalize(&dir).unwrap();
    let diags = diags.replace(&canonical.display().to_string(), "TMP");
    let diags = tmp(&diags, &dir);
    assert_eq!(
        diags,
        "TMP/livret.yaml:5:5: error: `link.md` is a symlink to `TMP/secret.md`, outside the site folder: refused
TMP/site/link.md: error: symlink to `TMP/secret.md` points outside the site folder: refused
  hint: copy the file into the site folder instead
"
    );
    assert_eq!(sources(&site), ["a.md"]);
    assert!(site
        .site_pages
        .iter()
        .all(|p| p.source != Path::new("link.md")));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn site_without_configuration_takes_every_page() {
    let mut diags = Diagnostics::new();
    let site = load(
        &LoadOptions {
            config: None,
            site: Some(fixture("load-nav/site")),
        },
        &mut diags,
    );
    // A page its layout makes is left out with a note, not an error.
    assert_eq!(
        diags.render(),
        "tests/fixtures/load-nav/site/_pages/vide.md:5: note: the page has no text: left out of the guide (its layout `liste` makes the page)\n"
    );
    assert!(!diags.has_errors());
    assert_eq!(site.config.title, "Site du menu");
    assert_eq!(site.config.lang, "fr");
    assert!(site.config.typography);
    assert_eq!(
        sources(&site),
        [
            "_lessons/a-deux.md",
            "_lessons/b-dix.md",
            "_lessons/c-une.md",
            "_lessons/d-sans-extension",
            "_pages/intro.md",
            "_pages/lien.md",
            "_pages/liquide.md",
            "_pages/renommee.md",
            "docs/index.md",
        ]
    );
    // A collection document without an extension is published as Jekyll does, at its
    // collection's URL with no output extension of its own (here the pattern gives `.html`).
    let doc = &site.pages[3];
    assert_eq!(doc.url, "/cours/d-sans-extension.html");
    assert!(site.site_pages.iter().all(|p| !p.source.ends_with("notes")));
}

/// The real corpus, if this machine has it: `LIVRET_SHARED`, `../shared` or `/work/shared`.
fn corpus() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(shared) = std::env::var("LIVRET_SHARED") {
        candidates.push(PathBuf::from(shared));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    candidates.push(PathBuf::from("/work/shared"));
    candidates
        .into_iter()
        .map(|s| s.join("corpus/beta-approche"))
        .find(|c| c.join("_config.yml").is_file())
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The corpus laid out as in its repository (see its SOURCE.md), in a scratch folder: the
/// corpus text is read, never copied into this repository.
fn corpus_site(name: &str) -> Option<PathBuf> {
    let Some(corpus) = corpus() else {
        common::skip("the corpus (shared/corpus/beta-approche) is not on this machine");
        return None;
    };
    let dir = scratch(name);
    let site = dir.join("site");
    copy_tree(&corpus.join("pages"), &site);
    copy_tree(&corpus.join("img"), &site.join("img"));
    fs::copy(corpus.join("_config.yml"), site.join("_config.yml")).unwrap();
    fs::create_dir_all(site.join("_includes")).unwrap();
    fs::copy(
        corpus.join("sidebar-approche.html"),
        site.join("_includes/sidebar-approche.html"),
    )
    .unwrap();
    Some(dir)
}

#[test]
fn corpus_with_listed_pages() {
    let Some(dir) = corpus_site("corpus-pages") else {
        return;
    };
    let pages = [
        "_pages/approche.md",
        "_pages/manifeste.md",
        "_pages/programme/investigation.md",
        "_pages/programme/construction.md",
        "_pages/programme/acceleration.md",
        "_pages/programme/transfert.md",
        "_pages/programme/sponsors.md",
        "_pages/programme/intrapreneurs.md",
        "_pages/programme/formation/alpha.md",
        "_pages/programme/formation/mooc.md",
        "content/_mooc/introduction.md",
    ];
    let mut yaml = String::from("title: L’approche beta.gouv.fr\nsite: site\npages:\n");
    for p in pages {
        yaml.push_str(&format!("  - {p}\n"));
    }
    fs::write(dir.join("livret.yaml"), yaml).unwrap();
    let (site, diags) = load_config(&dir.join("livret.yaml"));
    assert_eq!(diags, "", "the corpus pages load cleanly");
    assert_eq!(sources(&site), pages);
    let url = |source: &str| {
        site.site_pages
            .iter()
            .find(|p| p.source == Path::new(source))
            .map(|p| p.url.clone())
    };
    assert_eq!(url("_pages/approche.md").as_deref(), Some("/approche/"));
    assert_eq!(
        url("content/_mooc/sequence-2-premiers-utilisateurs.md").as_deref(),
        Some("/approche/formation/mooc/sequence-2-premiers-utilisateurs.html")
    );
    assert_eq!(site.site_pages.len(), 18);
    assert_eq!(site.config.url, "https://beta.gouv.fr");
    let manifeste = &site.pages[1];
    assert_eq!(manifeste.front.redirect_from, ["/approche/manifeste/"]);
    // Bodies keep every line: the last body line is the file's last line.
    for page in &site.pages {
        let text = fs::read_to_string(dir.join("site").join(&page.source)).unwrap();
        let body_lines = page.body.split_inclusive('\n').count() as u32;
        let file_lines = text.split_inclusive('\n').count() as u32;
        assert_eq!(
            page.body_line + body_lines - 1,
            file_lines,
            "{:?}",
            page.source
        );
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn corpus_in_sidebar_order() {
    let Some(dir) = corpus_site("corpus-nav") else {
        return;
    };
    fs::write(
        dir.join("livret.yaml"),
        "title: L’approche\nsite: site\nnav: _includes/sidebar-approche.html\n",
    )
    .unwrap();
    let (site, diags) = load_config(&dir.join("livret.yaml"));
    let diags = tmp(&diags, &dir);
    assert_eq!(
        diags,
        // This copy of the site lacks the page the real site serves there (SOURCE.md).
        "TMP/site/_includes/sidebar-approche.html:45:33: error: navigation link `/approche/fast` matches no page of the site\n"
    );
    let order: Vec<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
    println!("sidebar order:\n{}", order.join("\n"));
    assert_eq!(
        order,
        [
            "/approche/construction",
            "/approche/acceleration",
            "/approche/transfert",
            "/approche/sponsors",
            "/approche/formation",
            "/approche/formation/mooc",
            "/approche/formation/mooc/introduction.html",
            "/approche/formation/mooc/sequence-1-problemes-usagers.html",
            "/approche/formation/mooc/sequence-2-premiers-utilisateurs.html",
            "/approche/formation/mooc/sequence-3-mesurer-impact.html",
            "/approche/formation/mooc/sequence-4-survivre-milieu-hostile.html",
            "/approche/formation/mooc/sequence-5-industriel-milieu-artisanal.html",
            "/approche/formation/mooc/documents-utiles.html",
        ]
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn neither_configuration_nor_site_says_how_to_start() {
    // Run the command in an empty folder, where `content/livret.yaml` does not exist.
    let dir = std::env::temp_dir().join(format!("livret-noconfig-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_livret"))
        .args(["check", "--quiet"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "content/livret.yaml: error: no guide configuration: `content/livret.yaml` not found [config-missing]
  hint: create it (`title:` and `pages:`), pass `--config FILE`, or pass `--site DIR` to take every page of a Jekyll site
1 error, 0 warnings
"
    );
}
