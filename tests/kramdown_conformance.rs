//! Differential conformance against kramdown, the converter Jekyll runs: every published page of
//! the real site (`../shared/corpus/beta-site`, zero-config), of the real approche pages
//! (`examples/beta-approche.yaml`) and of `content/` is rendered by kramdown 2.4 as Jekyll
//! configures it (`tests/kramdown/render.rb`) and compared with the chapter livret writes in its
//! EPUB: the visible words and the count of each element, up to the by-design classes of
//! `tests/kramdown/extract.rs` (the README's "Fidelity to kramdown"). Then every word of the
//! EPUB must be in the PDF's text (`pdftotext`), and no embedded image printed as `[alt]`.
//!
//! Differences still open are listed in `tests/kramdown/known.txt` (corpus, page, class): the
//! test fails on a difference that is not listed, and on a listed one that no longer happens,
//! so the list only shrinks. `LIVRET_CONFORMANCE_UPDATE=1` rewrites it from the current run.
//! Every difference is printed, and written to `target/tmp/kramdown-conformance.txt`; the last
//! line is the summary.
//!
//! Skips, saying why, without ruby + kramdown, without `pdftotext`, or without `../shared` (the
//! real corpora); fails instead under `LIVRET_REQUIRE_VALIDATORS=1`.

mod common;
#[path = "kramdown/compare.rs"]
mod compare;
#[path = "kramdown/extract.rs"]
mod extract;
#[path = "kramdown/html.rs"]
mod html;
#[path = "kramdown/pdf.rs"]
mod pdf;
#[path = "kramdown/ruby.rs"]
mod ruby;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use livret::diag::Diagnostics;
use livret::load::LoadOptions;

use compare::{Difference, Source};
use rayon::prelude::*;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A guide to measure: a name for `known.txt`, and how livret is asked to load it.
struct Corpus {
    name: &'static str,
    load: LoadOptions,
}

/// One chapter as both sides see it.
struct Chapter {
    source: PathBuf,
    /// What kramdown is given: the body after Liquid (livret's), and where it starts.
    liquid_body: String,
    body_line: u32,
    /// Jekyll converts markdown files only; an HTML page is its own output.
    markdown: bool,
    xhtml: String,
    /// The `href`s of the links livret found broken, the `src`s of the images it embeds.
    broken_links: HashSet<String>,
    embedded: HashSet<String>,
    /// The chapter's pages in the PDF: `first..end`.
    pdf_pages: std::ops::Range<usize>,
}

/// A corpus built by livret, in memory; the PDF's text is extracted on a thread.
struct Built {
    chapters: Vec<Chapter>,
    /// The PDF, as written for `pdftotext`.
    pdf_file: PathBuf,
    pdf_pages: std::thread::JoinHandle<(Result<Vec<String>, String>, std::time::Duration)>,
}

fn corpora(shared: Option<&Path>) -> Vec<Corpus> {
    let root = Path::new(ROOT);
    let mut out = vec![Corpus {
        name: "content",
        load: LoadOptions {
            config: Some(root.join("content/livret.yaml")),
            site: None,
        },
    }];
    if let Some(shared) = shared {
        out.push(Corpus {
            name: "approche",
            load: LoadOptions {
                config: Some(root.join("examples/beta-approche.yaml")),
                site: Some(shared.join("corpus/beta-approche")),
            },
        });
        out.push(Corpus {
            name: "site",
            load: LoadOptions {
                config: None,
                site: Some(shared.join("corpus/beta-site")),
            },
        });
    }
    out
}

/// Loads a corpus: its pages, and what kramdown must render (the site's configuration, then
/// each page's body after Liquid).
fn load(corpus: &Corpus) -> Result<(livret::load::Site, Diagnostics, Vec<ruby::Request>), String> {
    let mut diags = Diagnostics::new();
    let site = livret::load::load(&corpus.load, &mut diags);
    if site.pages.is_empty() {
        let errors: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        return Err(format!("no page loaded: {}", errors.join("; ")));
    }
    let mut requests = vec![ruby::Request::config(&site.config.site.join("_config.yml"))];
    requests.extend(site.pages.iter().map(|p| ruby::Request {
        id: format!("{}:{}", corpus.name, p.source.display()),
        text: p.liquid_body.clone(),
    }));
    Ok((site, diags, requests))
}

/// Renders both outputs the way `livret build` does, whatever the diagnostics say: a broken
/// link or a page without text must not hide the other pages from the comparison.
fn render(
    site: &livret::load::Site,
    mut diags: Diagnostics,
    scratch: PathBuf,
) -> Result<Built, String> {
    let mut book = livret::tree::build(site, &mut diags);
    livret::resolve::resolve(&mut book, site, &mut diags);
    let targets: Vec<_> = book.chapters.iter_mut().map(link_targets).collect();
    if site.config.typography {
        livret::typography::apply(&mut book);
    }
    let style = match site.config.style_path() {
        Some(path) => livret::layout::style::Style::load(&path, &mut diags)
            .ok_or_else(|| format!("style `{}` not read", path.display()))?,
        None => livret::layout::style::Style::default(),
    };
    let profile = site.config.profile.unwrap_or_default();
    let opts = livret::layout::LayoutOptions { profile };
    let (model, _) = livret::layout::layout_with(&book, &style, &opts, &mut diags);
    let page_count = model.pages.len();
    let mut starts = vec![None; book.chapters.len()];
    for e in &model.page_map {
        if e.block.is_none() && e.chapter < starts.len() {
            starts[e.chapter].get_or_insert(e.page);
        }
    }
    let (pdf, epub) = rayon::join(
        || {
            let opts = livret::pdf::PdfOptions { validate: false };
            livret::pdf::write_owned(model, &book.meta, &opts)
        },
        || livret::epub::write(&book, &livret::epub::EpubOptions::default()),
    );
    let pdf = pdf.map_err(|e| e.to_string())?;
    let epub = epub.map_err(|e| e.to_string())?;
    let xhtml = chapter_files(&epub)?;
    if xhtml.len() != book.chapters.len() {
        return Err(format!(
            "the EPUB has {} chapter documents for {} chapters",
            xhtml.len(),
            book.chapters.len()
        ));
    }
    let pdf_file = scratch.clone();
    let pdf_pages = std::thread::spawn(move || {
        let t = Instant::now();
        (pdf::pages(&pdf, page_count, &scratch), t.elapsed())
    });
    let mut chapters = Vec::new();
    for (i, ((ch, xhtml), (broken_links, embedded))) in
        book.chapters.iter().zip(xhtml).zip(targets).enumerate()
    {
        let page = site
            .pages
            .iter()
            .find(|p| p.source == ch.source)
            .ok_or_else(|| format!("chapter `{}` has no page", ch.source.display()))?;
        let first = starts[i].unwrap_or(page_count);
        // Up to the next chapter's first page; the page itself when the next begins on it.
        let end = starts[i + 1..]
            .iter()
            .flatten()
            .next()
            .map_or(page_count, |&next| next.max(first + 1));
        let ext = ch.source.extension().and_then(|e| e.to_str()).unwrap_or("");
        chapters.push(Chapter {
            source: ch.source.clone(),
            liquid_body: page.liquid_body.clone(),
            body_line: page.body_line,
            markdown: !matches!(ext.to_ascii_lowercase().as_str(), "html" | "htm"),
            xhtml,
            broken_links,
            embedded,
            pdf_pages: first..end,
        });
    }
    Ok(Built {
        chapters,
        pdf_file,
        pdf_pages,
    })
}

/// The `href`s of a chapter's broken links and the `src`s of the images it embeds.
fn link_targets(chapter: &mut livret::book::Chapter) -> (HashSet<String>, HashSet<String>) {
    use livret::book::visit::{blocks_mut, Part};
    use livret::book::{ImageTarget, Inline, LinkTarget};
    fn inlines(content: &[Inline], broken: &mut HashSet<String>, embedded: &mut HashSet<String>) {
        for inline in content {
            match inline {
                Inline::Link {
                    href,
                    target: LinkTarget::Broken,
                    ..
                } => {
                    broken.insert(href.clone());
                }
                Inline::Image(image) if matches!(image.target, ImageTarget::File(_)) => {
                    embedded.insert(image.src.clone());
                }
                _ => {}
            }
            if let Some(children) = inline.children() {
                inlines(children, broken, embedded);
            }
        }
    }
    let (mut broken, mut embedded) = (HashSet::new(), HashSet::new());
    let mut visit = |part: Part| match part {
        Part::Inlines(content) => inlines(content, &mut broken, &mut embedded),
        Part::Figure(image) => {
            if matches!(image.target, ImageTarget::File(_)) {
                embedded.insert(image.src.clone());
            }
        }
    };
    blocks_mut(&mut chapter.blocks, &mut visit);
    for note in &mut chapter.footnotes {
        blocks_mut(&mut note.blocks, &mut visit);
    }
    (broken, embedded)
}

/// The chapter documents of an EPUB, in spine order (cover and navigation left out).
fn chapter_files(epub: &[u8]) -> Result<Vec<String>, String> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(epub)).map_err(|e| format!("epub: {e}"))?;
    let mut read = |name: &str| -> Result<String, String> {
        let mut s = String::new();
        zip.by_name(name)
            .map_err(|e| format!("epub `{name}`: {e}"))?
            .read_to_string(&mut s)
            .map_err(|e| format!("epub `{name}`: {e}"))?;
        Ok(s)
    };
    let opf_name = "EPUB/package.opf";
    let opf = html::parse_xhtml(&read(opf_name)?).ok_or("package.opf is not well-formed")?;
    let all = opf.descendants();
    let href = |id: &str| {
        all.iter()
            .find(|e| e.tag == "item" && e.attr("id") == Some(id))
            .and_then(|e| e.attr("href"))
    };
    let mut out = Vec::new();
    for itemref in all.iter().filter(|e| e.tag == "itemref") {
        let id = itemref.attr("idref").unwrap_or("");
        if id == "cover" || id == "nav" {
            continue;
        }
        let file = href(id).ok_or_else(|| format!("spine item `{id}` not in the manifest"))?;
        out.push(read(&format!("EPUB/{file}"))?);
    }
    Ok(out)
}

/// `known.txt`: (corpus, page, class) of the differences still open.
fn read_known(path: &Path) -> BTreeSet<(String, String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let corpus = parts.next()?;
            let class = l.rsplit(char::is_whitespace).next()?;
            let page = l[corpus.len()..l.len() - class.len()].trim();
            Some((corpus.to_string(), page.to_string(), class.to_string()))
        })
        .collect()
}

const KNOWN_HEADER: &str = "\
# Differences with kramdown still open, one a line: CORPUS PAGE CLASS.
# Read by tests/kramdown_conformance.rs: a difference not listed here fails the test, and so
# does a line whose difference is gone (remove it). `LIVRET_CONFORMANCE_UPDATE=1 cargo test
# --test kramdown_conformance` rewrites this file from the current run.
# Corpora: content (content/livret.yaml), approche (examples/beta-approche.yaml),
# site (../shared/corpus/beta-site, zero-config).
";

/// What one chapter's comparison found.
struct Outcome {
    diffs: Vec<Difference>,
    design: BTreeMap<&'static str, usize>,
    pdf_lost: usize,
    /// Words compared: kramdown's, livret's (by-design ones apart).
    words: (usize, usize),
}

/// Compares one chapter: kramdown's HTML against livret's XHTML, then the XHTML against the
/// chapter's PDF text.
fn compare_chapter(
    ch: &Chapter,
    kd_html: Result<&str, &str>,
    pdf_text: &str,
    raw: &dyn Fn() -> Option<String>,
) -> Outcome {
    let mut diffs = Vec::new();
    let kd_html = match kd_html {
        Ok(h) => h,
        Err(e) => {
            diffs.push(Difference {
                class: "kramdown-error".into(),
                detail: vec![e.to_string()],
            });
            ""
        }
    };
    let Some(lv_root) = html::parse_xhtml(&ch.xhtml) else {
        diffs.push(Difference {
            class: "xhtml".into(),
            detail: vec!["livret's chapter XHTML is not well-formed".into()],
        });
        return Outcome {
            diffs,
            design: BTreeMap::new(),
            pdf_lost: 0,
            words: (0, 0),
        };
    };
    let (lv, title) = extract::livret(&lv_root);
    let context = extract::Livret {
        title: &title,
        headings: &lv.headings,
        broken_links: &ch.broken_links,
        embedded: &ch.embedded,
    };
    let kd = extract::kramdown(&html::parse_html(kd_html), &context);
    let mut design = BTreeMap::new();
    for (k, n) in kd.design.iter().chain(&lv.design) {
        *design.entry(*k).or_default() += n;
    }
    let src = Source::new(&ch.liquid_body, ch.body_line);
    diffs.extend(compare::page(&kd, &lv, &src));
    let counted = (
        kd.words().iter().filter(|w| w.design.is_none()).count(),
        lv.words().iter().filter(|w| w.design.is_none()).count(),
    );
    let words: Vec<String> = lv.words().into_iter().map(|w| w.text).collect();
    let pdf_diffs = pdf::chapter(&words, &lv.alts, pdf_text, raw, &src);
    let pdf_lost = pdf::lost_count(&pdf_diffs);
    diffs.extend(pdf_diffs);
    Outcome {
        diffs,
        design,
        pdf_lost,
        words: counted,
    }
}

#[test]
fn every_page_renders_as_kramdown_does() {
    let started = Instant::now();
    let shared = common::corpus().and_then(|c| c.parent()?.parent().map(Path::to_path_buf));
    if shared.is_none() {
        common::skip("../shared (the real site) not found: only content/ is compared");
    }
    if let Err(why) = ruby::available() {
        common::skip(&why);
        return;
    }
    if !pdf::available() {
        common::skip("pdftotext (poppler-utils) not found");
        return;
    }
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let corpora = corpora(shared.as_deref());
    let mut failures = Vec::new();
    // Load every corpus, then one ruby process renders every page while livret builds.
    let mut loaded = Vec::new();
    let mut requests = Vec::new();
    for corpus in &corpora {
        match load(corpus) {
            Ok((site, diags, reqs)) => {
                requests.extend(reqs);
                loaded.push((corpus, site, diags));
            }
            Err(e) => failures.push(format!("{}: livret could not load: {e}", corpus.name)),
        }
    }
    let script = Path::new(ROOT).join("tests/kramdown/render.rb");
    let kramdown = std::thread::spawn(move || {
        let t = Instant::now();
        (ruby::render(&script, &requests), t.elapsed())
    });
    let mut builds = Vec::new();
    for (corpus, site, diags) in loaded {
        let pdf_scratch = scratch.join(format!("kramdown-conformance-{}.pdf", corpus.name));
        match render(&site, diags, pdf_scratch) {
            Ok(b) => builds.push((corpus, b)),
            Err(e) => failures.push(format!("{}: livret could not build: {e}", corpus.name)),
        }
    }
    let build_time = started.elapsed();
    let (html, ruby_time) = kramdown.join().expect("the kramdown thread");
    let html = html.unwrap_or_else(|e| panic!("kramdown: {e}"));

    let mut report = String::new();
    let mut found: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    let (mut pages, mut pages_differing, mut pdf_lost) = (0, 0, 0);
    let (mut kd_words, mut lv_words) = (0, 0);
    let mut design: BTreeMap<&str, usize> = BTreeMap::new();
    let mut pdftotext_time = std::time::Duration::ZERO;
    for (corpus, built) in builds {
        let (pdf_pages, t) = built.pdf_pages.join().expect("the pdftotext thread");
        pdftotext_time += t;
        let pdf_pages = match pdf_pages {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{}: {e}", corpus.name));
                continue;
            }
        };
        let outcomes: Vec<Outcome> = built
            .chapters
            .par_iter()
            .map(|ch| {
                let id = format!("{}:{}", corpus.name, ch.source.display());
                let kd_html = if ch.markdown {
                    match html.get(&id) {
                        Some(Ok(h)) => Ok(h.as_str()),
                        Some(Err(e)) => Err(e.as_str()),
                        None => Err("kramdown did not answer"),
                    }
                } else {
                    Ok(ch.liquid_body.as_str())
                };
                let pdf_text = pdf_pages
                    .get(ch.pdf_pages.clone())
                    .unwrap_or(&[])
                    .join("\n");
                let range = &ch.pdf_pages;
                let raw = || pdf::raw(&built.pdf_file, range.start + 1, range.end);
                compare_chapter(ch, kd_html, &pdf_text, &raw)
            })
            .collect();
        for (ch, outcome) in built.chapters.iter().zip(outcomes) {
            pages += 1;
            pdf_lost += outcome.pdf_lost;
            kd_words += outcome.words.0;
            lv_words += outcome.words.1;
            for (k, n) in outcome.design {
                *design.entry(k).or_default() += n;
            }
            if outcome.diffs.is_empty() {
                continue;
            }
            pages_differing += 1;
            let _ = writeln!(report, "== {}: {}", corpus.name, ch.source.display());
            for d in outcome.diffs {
                let _ = writeln!(report, "   [{}] {}", d.class, d.detail.join("\n      "));
                let key = (
                    corpus.name.to_string(),
                    ch.source.display().to_string(),
                    d.class,
                );
                found.entry(key).or_default().extend(d.detail);
            }
        }
    }
    let measured: Vec<&str> = corpora.iter().map(|c| c.name).collect();
    let known_path = Path::new(ROOT).join("tests/kramdown/known.txt");
    let known = read_known(&known_path);
    let update = std::env::var("LIVRET_CONFORMANCE_UPDATE").as_deref() == Ok("1");
    if update {
        let mut text = KNOWN_HEADER.to_string();
        // Entries of corpora not measured in this run are kept as they are.
        for (c, p, k) in known
            .iter()
            .filter(|(c, _, _)| !measured.contains(&c.as_str()))
        {
            let _ = writeln!(text, "{c} {p} {k}");
        }
        for (c, p, k) in found.keys() {
            let _ = writeln!(text, "{c} {p} {k}");
        }
        std::fs::write(&known_path, text).expect("write known.txt");
    }
    let new: Vec<_> = found.keys().filter(|k| !known.contains(*k)).collect();
    let stale: Vec<_> = known
        .iter()
        .filter(|k| measured.contains(&k.0.as_str()) && !found.contains_key(*k))
        .collect();
    let _ = writeln!(
        report,
        "\nby design (not differences, see the README's \"Fidelity to kramdown\"): {}",
        design
            .iter()
            .map(|(k, n)| format!("{k} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        report,
        "words compared: kramdown {kd_words}, livret {lv_words} (by-design words apart)"
    );
    let _ = writeln!(
        report,
        "differences: {} listed in tests/kramdown/known.txt, {} new, {} stale",
        found.len() - new.len(),
        new.len(),
        stale.len()
    );
    let _ = writeln!(
        report,
        "time: livret {:.1} s (kramdown {:.1} s beside it), then pdftotext {:.1} s and the comparison: {:.1} s",
        build_time.as_secs_f32(),
        ruby_time.as_secs_f32(),
        pdftotext_time.as_secs_f32(),
        (started.elapsed() - build_time).as_secs_f32()
    );
    let summary = format!(
        "pages {pages}; pages with undocumented differences {pages_differing}; words lost in the PDF {pdf_lost}"
    );
    let _ = writeln!(report, "{summary}");
    print!("{report}");
    let _ = std::fs::write(scratch.join("kramdown-conformance.txt"), &report);
    eprintln!("{summary}");
    if !update {
        for (c, p, k) in &new {
            let detail = &found[&(c.clone(), p.clone(), k.clone())];
            failures.push(format!(
                "{c} {p} {k}: not in known.txt\n      {}",
                detail.join("\n      ")
            ));
        }
        for (c, p, k) in &stale {
            failures.push(format!(
                "{c} {p} {k}: listed in known.txt, but the difference is gone: remove the line"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
