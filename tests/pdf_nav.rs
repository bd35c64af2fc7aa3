//! The navigation and accessibility of the built PDF, read back with `qpdf --json`: outline,
//! link destinations, page labels, structure tree, catalog entries, XMP identifiers; and, from
//! the page model, the printed page references and the contents' folios. On the default guide
//! (`content/`) and on the real pages when they are beside the project. The PDF checks skip
//! politely without qpdf (fail with `LIVRET_REQUIRE_VALIDATORS=1`).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use livret::diag::Diagnostics;
use livret::layout::page::{LinkDest, PageKind, PageModel};
use livret::layout::{LayoutOptions, Profile};
use livret::load::LoadOptions;
use livret::Options;
use serde_json::Value;

struct Built {
    model: PageModel,
    book: livret::book::Book,
    bytes: Vec<u8>,
    path: PathBuf,
}

fn build(config: Option<PathBuf>, site: Option<PathBuf>, profile: Profile, name: &str) -> Built {
    let opts = Options {
        load: LoadOptions { config, site },
        verbose: false,
    };
    let mut diags = Diagnostics::new();
    let prepared = livret::prepare(&opts, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render());
    let style = livret::layout::style::Style::default();
    let (model, stats) = livret::layout::layout_with(
        &prepared.book,
        &style,
        &LayoutOptions { profile },
        &mut diags,
    );
    assert!(stats.settled, "folios did not settle: {stats:?}");
    let bytes = livret::pdf::write(&model, &prepared.book.meta, &Default::default())
        .expect("valid pdf/ua-1 + pdf/a-2a");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-nav");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    // Through a rename: the tests run in parallel and rebuild the same files while others
    // read them, so a reader must never see a half-written one.
    let tmp = dir.join(format!(".{name}-{:?}.tmp", std::thread::current().id()));
    std::fs::write(&tmp, &bytes).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    Built {
        model,
        book: prepared.book,
        bytes,
        path,
    }
}

fn guide(profile: Profile) -> Built {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = format!("guide-{profile:?}");
    build(Some(root.join("content/livret.yaml")), None, profile, &name)
}

fn corpus(profile: Profile) -> Option<Built> {
    let Some(site) = common::corpus() else {
        common::skip("the real pages are not beside the project");
        return None;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = format!("corpus-{profile:?}");
    Some(build(
        Some(root.join("examples/beta-approche.yaml")),
        Some(site),
        profile,
        &name,
    ))
}

/// Every build of the tests: the default guide in both profiles, the real pages in print.
fn all_builds() -> Vec<Built> {
    let mut out = vec![guide(Profile::Print), guide(Profile::Screen)];
    out.extend(corpus(Profile::Print));
    out
}

/// The whole file as qpdf's JSON, `None` (after a skip) without qpdf.
fn qpdf_json(path: &Path) -> Option<Value> {
    match Command::new("qpdf").arg("--json").arg(path).output() {
        Ok(out) => Some(serde_json::from_slice(&out.stdout).expect("qpdf json")),
        Err(_) => {
            common::skip("qpdf is not installed");
            None
        }
    }
}

/// The objects of qpdf's JSON by reference (`12 0 R`).
fn objects(json: &Value) -> BTreeMap<String, Value> {
    json["qpdf"][1]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("obj:")?.to_string(), v["value"].clone())))
        .collect()
}

fn resolve<'a>(objs: &'a BTreeMap<String, Value>, v: &'a Value) -> &'a Value {
    match v.as_str().and_then(|s| objs.get(s)) {
        Some(o) => o,
        None => v,
    }
}

/// A qpdf string (`u:text`) as qpdf shows it (names with accents as PDFDocEncoding reads
/// krilla's UTF-8 bytes: compared with each other, never with the model's).
fn text(v: &Value) -> String {
    let s = v.as_str().unwrap_or_default();
    s.strip_prefix("u:").unwrap_or(s).to_string()
}

/// A chapter's second-level headings in reading order, nested blocks included: levels 1 and 2
/// (the chapter title is the only first level), or its third levels when it has no second.
fn sections(blocks: &[livret::book::Block], out: &mut Vec<String>, seen: &mut bool) {
    use livret::book::Block;
    for b in blocks {
        match b {
            Block::Heading {
                level,
                content,
                id: Some(_),
                ..
            } => {
                if *level <= 2 && !*seen {
                    // The third levels seen so far were sections only while no second level
                    // came: from the first one on they nest.
                    *seen = true;
                }
                if *level <= 2 || (*level == 3 && !*seen) {
                    out.extend(livret::book::outline_label(content));
                }
            }
            Block::Quote { blocks, .. } | Block::Aside { blocks, .. } => {
                sections(blocks, out, seen)
            }
            Block::List { items, .. } => {
                for i in items {
                    sections(&i.blocks, out, seen);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn outline_matches_the_headings_and_lands_on_them() {
    for b in all_builds() {
        // The model's outline: the contents, then each chapter and its h2 (h3 below them).
        let titles: Vec<String> = b.model.outline.iter().map(|e| e.title.clone()).collect();
        let mut expected = vec![livret::layout::pages::toc::title("fr").to_string()];
        expected.extend(
            b.book
                .chapters
                .iter()
                .map(|c| livret::book::plain_text(&c.title)),
        );
        assert_eq!(titles, expected);
        for (entry, chapter) in b.model.outline[1..].iter().zip(&b.book.chapters) {
            let mut h2 = Vec::new();
            sections(&chapter.blocks, &mut h2, &mut false);
            let got: Vec<String> = entry.children.iter().map(|e| e.title.clone()).collect();
            assert_eq!(got, h2, "sections of {}", entry.title);
        }
        let Some(json) = qpdf_json(&b.path) else {
            return;
        };
        // The PDF's outline: same titles, each on the page of its anchor.
        fn walk(v: &Value, out: &mut Vec<(String, u64)>) {
            for o in v.as_array().unwrap() {
                out.push((
                    o["title"].as_str().unwrap().to_string(),
                    o["destpageposfrom1"].as_u64().unwrap(),
                ));
                walk(&o["kids"], out);
            }
        }
        let mut pdf = Vec::new();
        walk(&json["outlines"], &mut pdf);
        let mut model = Vec::new();
        fn flat(
            entries: &[livret::layout::page::OutlineEntry],
            m: &PageModel,
            out: &mut Vec<(String, u64)>,
        ) {
            for e in entries {
                out.push((e.title.clone(), m.anchors[&e.anchor].page as u64 + 1));
                flat(&e.children, m, out);
            }
        }
        flat(&b.model.outline, &b.model, &mut model);
        assert_eq!(pdf, model);
    }
}

#[test]
fn every_link_lands_on_the_page_of_its_target() {
    for b in all_builds() {
        let Some(json) = qpdf_json(&b.path) else {
            return;
        };
        let objs = objects(&json);
        let pages: Vec<String> = json["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["object"].as_str().unwrap().to_string())
            .collect();
        // Named destinations: name → page index.
        let root = resolve(&objs, &json["qpdf"][1]["trailer"]["value"]["/Root"]);
        let names = &root["/Names"]["/Dests"]["/Names"];
        let names = resolve(&objs, names).as_array().unwrap();
        let mut dests: BTreeMap<String, usize> = BTreeMap::new();
        for pair in names.chunks(2) {
            let dest = resolve(&objs, &pair[1]);
            let page = dest[0].as_str().unwrap();
            dests.insert(
                text(&pair[0]),
                pages.iter().position(|p| p == page).unwrap(),
            );
        }
        // krilla writes a page's annotations in the order of the model's links (those whose
        // anchor was placed): pair them, and check each lands where the model put its target.
        let mut checked = 0;
        for (index, page) in pages.iter().enumerate() {
            let annots = match objs[page].get("/Annots") {
                Some(a) => resolve(&objs, a).as_array().unwrap().clone(),
                None => Vec::new(),
            };
            let links: Vec<&LinkDest> = b.model.pages[index]
                .links
                .iter()
                .map(|l| &l.target)
                .filter(|t| match t {
                    LinkDest::Anchor(a) => b.model.anchors.contains_key(a),
                    LinkDest::Uri(_) => true,
                })
                .collect();
            assert_eq!(annots.len(), links.len(), "page {index}");
            for (a, target) in annots.iter().zip(links) {
                let a = resolve(&objs, a);
                match target {
                    LinkDest::Anchor(name) => {
                        let dest = text(&a["/Dest"]);
                        let page = dests.get(&dest);
                        assert_eq!(page, Some(&b.model.anchors[name].page), "`{name}`");
                        checked += 1;
                    }
                    LinkDest::Uri(uri) => assert_eq!(text(&a["/A"]["/URI"]), *uri),
                }
            }
        }
        let model_links: usize = b
            .model
            .pages
            .iter()
            .flat_map(|p| &p.links)
            .filter(|l| matches!(l.target, LinkDest::Anchor(_)))
            .count();
        assert_eq!(checked, model_links);
        assert!(checked > 30, "{checked} internal links");
    }
}

#[test]
fn page_labels_are_roman_then_arabic_from_the_first_chapter() {
    let b = guide(Profile::Print);
    let first = b
        .model
        .pages
        .iter()
        .position(|p| p.kind == PageKind::ChapterOpening)
        .unwrap();
    assert_eq!(first % 2, 0, "front matter of an even count");
    let labels: Vec<String> = b.model.pages.iter().map(|p| p.label()).collect();
    assert_eq!(&labels[..3], ["i", "ii", "iii"]);
    assert_eq!(labels[first], "1");
    assert_eq!(labels[first + 1], "2");
    let Some(json) = qpdf_json(&b.path) else {
        return;
    };
    let styles: Vec<String> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"]["/S"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(styles[..first].iter().all(|s| s == "/r"), "{styles:?}");
    assert!(styles[first..].iter().all(|s| s == "/D"), "{styles:?}");
}

/// The `/S` roles of the structure tree, depth first.
fn roles(json: &Value) -> Vec<String> {
    let objs = objects(json);
    let root = resolve(&objs, &json["qpdf"][1]["trailer"]["value"]["/Root"]);
    let tree = resolve(&objs, &root["/StructTreeRoot"]);
    let mut out = Vec::new();
    fn walk(objs: &BTreeMap<String, Value>, v: &Value, out: &mut Vec<String>) {
        let v = resolve(objs, v);
        match v {
            Value::Array(items) => items.iter().for_each(|i| walk(objs, i, out)),
            Value::Object(map) => {
                if let Some(s) = map.get("/S").and_then(Value::as_str) {
                    if map.get("/Type").and_then(Value::as_str) != Some("/MCR") {
                        out.push(s.trim_start_matches('/').to_string());
                    }
                }
                if let Some(k) = map.get("/K") {
                    walk(objs, k, out);
                }
            }
            _ => {}
        }
    }
    walk(&objs, &tree["/K"], &mut out);
    out
}

#[test]
fn structure_tree_has_the_expected_roles_in_order() {
    let b = guide(Profile::Print);
    let Some(json) = qpdf_json(&b.path) else {
        return;
    };
    let r = roles(&json);
    assert_eq!(r[0], "Document");
    let pos = |role: &str| r.iter().position(|x| x == role).unwrap_or(usize::MAX);
    // Cover, then the contents' title and list, then the chapters.
    assert!(pos("Title") < pos("H1"));
    assert!(pos("H1") < pos("TOC"));
    assert!(pos("TOC") < pos("Sect"));
    assert_eq!(r[pos("TOC") + 1], "TOCI");
    assert_eq!(r[pos("TOC") + 2], "Link");
    assert_eq!(r[pos("Sect") + 1], "H1", "a chapter opens on its title");
    let top_items = {
        // TOCI directly under the first TOC: chapters.
        let objs = objects(&json);
        let root = resolve(&objs, &json["qpdf"][1]["trailer"]["value"]["/Root"]);
        let tree = resolve(&objs, &root["/StructTreeRoot"]);
        let doc = resolve(&objs, &tree["/K"]);
        let doc = if doc.is_array() {
            resolve(&objs, &doc[0])
        } else {
            doc
        };
        let kids = resolve(&objs, &doc["/K"]).as_array().unwrap().clone();
        let toc = kids
            .iter()
            .map(|k| resolve(&objs, k))
            .find(|k| k["/S"] == "/TOC")
            .unwrap()
            .clone();
        resolve(&objs, &toc["/K"]).as_array().unwrap().len()
    };
    assert_eq!(top_items, b.book.chapters.len());
    for role in [
        "H2",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "Figure",
        "Caption",
        "Link",
        "Note",
        "BlockQuote",
        "TOCI",
    ] {
        assert!(r.iter().any(|x| x == role), "no {role} in {r:?}");
    }
}

#[test]
fn catalog_and_xmp_declare_language_tagging_title_and_conformance() {
    for b in all_builds() {
        let qdf = b.path.with_extension("qdf.pdf");
        let ok = Command::new("qpdf")
            .args(["--qdf", "--object-streams=disable"])
            .arg(&b.path)
            .arg(&qdf)
            .status();
        if ok.is_err() {
            common::skip("qpdf is not installed");
            return;
        }
        let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
        for needle in [
            "/Lang (fr-FR)",
            "/Marked true",
            "/DisplayDocTitle true",
            "/PageMode /UseOutlines",
            "<pdfuaid:part>1</pdfuaid:part>",
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>A</pdfaid:conformance>",
        ] {
            assert!(raw.contains(needle), "{}: no `{needle}`", b.path.display());
        }
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&b.path)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&check.stdout);
        assert!(check.status.success(), "{out}");
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    for profile in [Profile::Print, Profile::Screen] {
        assert!(guide(profile).bytes == guide(profile).bytes, "{profile:?}");
    }
}

/// The text of the items of each link element, with the link's target.
fn link_texts(model: &PageModel) -> Vec<(String, String, usize)> {
    let mut by_node: BTreeMap<u32, (String, String, usize)> = BTreeMap::new();
    for (index, page) in model.pages.iter().enumerate() {
        for l in &page.links {
            if let LinkDest::Anchor(a) = &l.target {
                by_node
                    .entry(l.node.0)
                    .or_insert_with(|| (String::new(), a.clone(), index));
            }
        }
        for item in &page.items {
            if let (Some(n), livret::layout::page::ItemKind::Text(run)) = (item.node, &item.kind) {
                if let Some(e) = by_node.get_mut(&n.0) {
                    e.0.push_str(&run.text);
                }
            }
        }
    }
    by_node.into_values().collect()
}

#[test]
fn printed_page_references_and_contents_folios_match_the_page_model() {
    let builds: Vec<Built> = std::iter::once(guide(Profile::Print))
        .chain(corpus(Profile::Print))
        .collect();
    for b in builds {
        let m = &b.model;
        let (mut refs, mut toc) = (0, 0);
        for (text, anchor, page) in link_texts(m) {
            let target = m.pages[m.anchors[&anchor].page].label();
            if m.pages[page].kind == PageKind::Contents {
                let folio = text.trim_end().rsplit(|c: char| !c.is_ascii_digit()).next();
                assert_eq!(folio, Some(target.as_str()), "contents: {text:?}");
                toc += 1;
            } else if let Some(i) = text.rfind("(p.\u{a0}") {
                let number = text[i + "(p.\u{a0}".len()..].trim_end_matches(')');
                assert_eq!(number, target, "{text:?} → `{anchor}`");
                refs += 1;
            } else {
                // Only footnote calls print no page.
                assert!(text.chars().all(|c| c.is_ascii_digit()), "{text:?}");
            }
        }
        assert!(
            refs > 10 && toc > 10,
            "{refs} references, {toc} contents entries"
        );
        // No URL left only clickable: each external link's URL is printed on its page.
        for page in &m.pages {
            let mut printed = String::new();
            for item in &page.items {
                if let livret::layout::page::ItemKind::Text(run) = &item.kind {
                    printed.push_str(&run.text.replace('\u{ad}', ""));
                }
            }
            for l in &page.links {
                if let LinkDest::Uri(uri) = &l.target {
                    let shown = uri.strip_prefix("mailto:").unwrap_or(uri);
                    let bare = shown.split_once("://").map_or(shown, |(_, r)| r);
                    let bare = bare.trim_end_matches('/');
                    assert!(printed.contains(bare), "`{uri}` not printed on its page");
                }
            }
        }
    }
}

#[test]
fn screen_profile_prints_no_page_reference_and_no_url_note() {
    let b = guide(Profile::Screen);
    for (text, _, _) in link_texts(&b.model) {
        assert!(!text.contains("(p.\u{a0}"), "{text:?}");
    }
    assert!(!b.model.anchors.keys().any(|a| a.contains("-url-")));
}

/// The print profile gives every mention of a URL in a chapter the same note: a page that
/// calls it twice prints it once at its foot (issue 14), and a later page that calls it again
/// prints it again, so that every page shows the URLs it links to.
#[test]
fn url_notes_are_printed_once_a_page_and_set_ragged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let b = build(
        Some(root.join("tests/fixtures/url-notes/livret.yaml")),
        None,
        Profile::Print,
        "url-notes",
    );
    let printed = |page: &livret::layout::page::Page| {
        let mut text = String::new();
        for item in &page.items {
            if let livret::layout::page::ItemKind::Text(run) = &item.kind {
                text.push_str(&run.text.replace('\u{ad}', ""));
                text.push(' ');
            }
        }
        text
    };
    let pages: Vec<String> = b.model.pages.iter().map(printed).collect();
    let with_service: Vec<&String> = pages
        .iter()
        .filter(|t| t.contains("exemple.fr/service/"))
        .collect();
    assert!(!with_service.is_empty(), "no note for the service's URL");
    for text in &with_service {
        assert_eq!(
            text.matches("exemple.fr/service/").count(),
            1,
            "the note is printed more than once on a page: {text}"
        );
    }
    let first = with_service[0];
    assert_eq!(first.matches("exemple.fr/autre/").count(), 1, "{first}");
    // A note holding only a long URL is set ragged: the URL starts on the number's line, right
    // after it, and breaks inside itself (justified, the number stood alone, the URL's
    // `https://` pushed to the right margin).
    let mut found = false;
    for page in &b.model.pages {
        let runs: Vec<(f32, f32, &str)> = page
            .items
            .iter()
            .filter_map(|i| match &i.kind {
                livret::layout::page::ItemKind::Text(run) => Some((i.x, i.y, run.text.as_str())),
                _ => None,
            })
            .collect();
        let Some(&(ux, uy, _)) = runs
            .iter()
            .find(|(_, _, t)| t.contains("https://www.exemple-de-guide"))
        else {
            continue;
        };
        found = true;
        let label = runs.iter().find(|(_, y, t)| {
            (*y - uy).abs() < 0.5 && t.trim().trim_end_matches('.').parse::<u32>().is_ok()
        });
        let Some(&(lx, _, _)) = label else {
            panic!("the long URL does not start on its note's first line: {runs:?}");
        };
        assert!(
            ux - lx < 30.0,
            "the URL is pushed away from its number: {lx} → {ux}"
        );
    }
    assert!(found, "no note for the long URL");
}

/// Headings with nothing to name them (issue 17): an empty one is no heading at all (its id
/// stays an anchor), one of only an emoji stays in the text; neither is in the PDF's outline,
/// its contents, or the EPUB's navigation, and no entry is named after an internal id.
#[test]
fn headings_without_text_stay_out_of_the_outline_and_the_navigation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let b = build(
        Some(root.join("tests/fixtures/headings-empty/livret.yaml")),
        None,
        Profile::Print,
        "headings-empty",
    );
    let chapter = &b.book.chapters[0];
    let headings: Vec<String> = chapter
        .blocks
        .iter()
        .filter_map(|block| match block {
            livret::book::Block::Heading { content, .. } => Some(livret::book::plain_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(headings, ["Premier titre", "🚀", "Sous-titre"]);
    let dump = livret::book::dump::dump(&b.book);
    assert!(dump.contains("anchor #ancre-vide"), "{dump}");
    assert!(dump.contains("text \"##\""), "{dump}");

    // The PDF: outline (which is also what the contents list).
    let entry = &b.model.outline[1];
    let titles: Vec<(String, Vec<String>)> = entry
        .children
        .iter()
        .map(|e| {
            (
                e.title.clone(),
                e.children.iter().map(|c| c.title.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(
        titles,
        [("Premier titre".to_string(), vec!["Sous-titre".to_string()])]
    );

    // The EPUB: the same entries in its navigation.
    let epub = livret::epub::write(&b.book, &livret::epub_options(&b.model)).expect("epub");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut nav = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("EPUB/nav.xhtml").unwrap(), &mut nav)
        .unwrap();
    let toc = &nav[..nav.find("</nav>").unwrap()];
    let labels: Vec<&str> = toc
        .split("<a href=")
        .skip(1)
        .map(|a| &a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()])
        .collect();
    assert_eq!(
        labels,
        ["Titres sans texte", "Premier titre", "Sous-titre"],
        "{toc}"
    );
}
