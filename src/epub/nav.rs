//! Navigation: the EPUB 3 navigation document (table of contents nested chapters → h2 → h3,
//! landmarks, page list) and the EPUB 2 `toc.ncx` with the same entries.

use crate::book::{outline_label, Block};

use super::markup::Xml;
use super::package::title;
use super::xhtml::{chapter_title, close_document, open_document};
use super::{EpubError, Publication, Resource, COVER_FILE, NAV_FILE, NCX_FILE, XHTML};

/// Deepest source heading level the table of contents shows.
const TOC_DEPTH: u8 = 3;

/// A place in reading order: (chapter, top-level block + 1 or 0 for the chapter's start,
/// 0 for a page marker or 1 for a heading there, which of the markers there).
type Position = (usize, usize, usize, usize);

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    label: String,
    href: String,
    position: Position,
    children: Vec<Entry>,
}

/// The table of contents: every chapter, with its top-level headings down to [`TOC_DEPTH`]
/// nested under the closest shallower one.
fn entries(p: &Publication) -> Vec<Entry> {
    let mut out = Vec::new();
    for (index, chapter) in p.book.chapters.iter().enumerate() {
        let mut entry = Entry {
            label: chapter_title(chapter),
            href: p.chapter_files[index].clone(),
            position: (index, 0, 1, 0),
            children: Vec::new(),
        };
        // An anchor written twice (a resolve bug) is only on its first element.
        let mut seen = std::collections::HashSet::new();
        for (block_index, block) in chapter.blocks.iter().enumerate() {
            let Block::Heading {
                id: Some(anchor),
                content,
                ..
            } = block
            else {
                continue;
            };
            let level = p.ids.level(block);
            if !seen.insert(anchor.as_str()) || level > TOC_DEPTH {
                continue;
            }
            let Some(href) = p.internal_href(index, anchor) else {
                continue;
            };
            let Some(label) = outline_label(content) else {
                continue;
            };
            let child = Entry {
                label,
                href,
                position: (index, block_index + 1, 1, 0),
                children: Vec::new(),
            };
            // Levels have no holes (see `Ids::level`): an h3 always follows an h2 or an h3.
            match (level, entry.children.last_mut()) {
                (3, Some(parent)) => parent.children.push(child),
                _ => entry.children.push(child),
            }
        }
        out.push(entry);
    }
    out
}

fn write_entries(xml: &mut Xml, entries: &[Entry]) {
    xml.open("ol", &[]);
    xml.newline();
    for entry in entries {
        xml.open("li", &[]);
        xml.leaf("a", &[("href", &entry.href)], &entry.label);
        if !entry.children.is_empty() {
            xml.newline();
            write_entries(xml, &entry.children);
        }
        xml.close("li");
        xml.newline();
    }
    xml.close("ol");
    xml.newline();
}

/// `nav.xhtml`, in the spine after the cover: it is also the printed table of contents.
pub(super) fn document(p: &Publication) -> Result<Resource, EpubError> {
    let labels = p.labels;
    let mut xml = open_document(p, labels.contents, Some("frontmatter"));
    xml.open(
        "nav",
        &[("epub:type", "toc"), ("role", "doc-toc"), ("id", "toc")],
    );
    xml.newline();
    xml.leaf("h1", &[], labels.contents);
    xml.newline();
    let mut toc = entries(p);
    if toc.is_empty() {
        // A book without chapters still needs a non-empty list.
        toc.push(Entry {
            label: title(&p.book.meta).to_string(),
            href: COVER_FILE.into(),
            position: (0, 0, 0, 0),
            children: Vec::new(),
        });
    }
    write_entries(&mut xml, &toc);
    xml.close("nav");
    xml.newline();

    xml.open(
        "nav",
        &[
            ("epub:type", "landmarks"),
            ("id", "landmarks"),
            ("hidden", "hidden"),
        ],
    );
    xml.newline();
    xml.leaf("h2", &[], labels.landmarks);
    xml.newline();
    xml.open("ol", &[]);
    xml.newline();
    let toc_href = format!("{NAV_FILE}#toc");
    let mut landmarks = vec![
        ("cover", COVER_FILE, labels.cover),
        ("toc", toc_href.as_str(), labels.contents),
    ];
    if let Some(first) = p.chapter_files.first() {
        landmarks.push(("bodymatter", first.as_str(), labels.start));
    }
    for (kind, href, label) in landmarks {
        xml.open("li", &[]);
        xml.leaf("a", &[("epub:type", kind), ("href", href)], label);
        xml.close("li");
        xml.newline();
    }
    xml.close("ol");
    xml.newline();
    xml.close("nav");
    xml.newline();

    if p.has_page_list() {
        xml.open(
            "nav",
            &[
                ("epub:type", "page-list"),
                ("role", "doc-pagelist"),
                ("id", "page-list"),
                ("hidden", "hidden"),
            ],
        );
        xml.newline();
        xml.leaf("h2", &[], labels.pages);
        xml.newline();
        xml.open("ol", &[]);
        xml.newline();
        for (chapter, marker) in p.ids.page_list() {
            let href = format!("{}#{}", p.chapter_files[*chapter], marker.id);
            xml.open("li", &[]);
            xml.leaf("a", &[("href", &href)], &marker.label);
            xml.close("li");
            xml.newline();
        }
        xml.close("ol");
        xml.newline();
        xml.close("nav");
        xml.newline();
    }
    close_document(&mut xml);
    Ok(Resource {
        href: NAV_FILE.into(),
        id: "nav".into(),
        media_type: XHTML,
        properties: "nav",
        bytes: xml.finish()?.into(),
    })
}

/// `toc.ncx`, for EPUB 2 reading systems: the same table of contents, and the page list.
pub(super) fn ncx(p: &Publication) -> Result<Resource, EpubError> {
    let toc = entries(p);
    // playOrder follows reading order across navigation points and page targets.
    let mut positions: Vec<Position> = Vec::new();
    collect_positions(&toc, &mut positions);
    let pages: Vec<Position> = p
        .ids
        .page_list()
        .iter()
        .enumerate()
        .map(|(k, (chapter, marker))| (*chapter, marker.block.map_or(0, |b| b + 1), 0, k))
        .collect();
    positions.extend(&pages);
    positions.sort_unstable();
    positions.dedup();
    let play_order = |position: Position| {
        positions
            .binary_search(&position)
            .map_or(0, |i| i + 1)
            .to_string()
    };

    let mut xml = Xml::new(false);
    xml.open(
        "ncx",
        &[
            ("xmlns", "http://www.daisy.org/z3986/2005/ncx/"),
            ("version", "2005-1"),
            ("xml:lang", &p.lang),
        ],
    );
    xml.newline();
    xml.open("head", &[]);
    xml.newline();
    let depth = if toc
        .iter()
        .any(|e| e.children.iter().any(|c| !c.children.is_empty()))
    {
        "3"
    } else if toc.iter().any(|e| !e.children.is_empty()) {
        "2"
    } else {
        "1"
    };
    let page_count = p.ids.page_list().len().to_string();
    let max_page = p
        .ids
        .page_list()
        .iter()
        .filter_map(|(_, m)| m.label.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        .to_string();
    for (name, content) in [
        ("dtb:uid", p.identifier.as_str()),
        ("dtb:depth", depth),
        ("dtb:totalPageCount", page_count.as_str()),
        ("dtb:maxPageNumber", max_page.as_str()),
    ] {
        xml.empty("meta", &[("name", name), ("content", content)]);
        xml.newline();
    }
    xml.close("head");
    xml.newline();
    xml.open("docTitle", &[]);
    xml.leaf("text", &[], title(&p.book.meta));
    xml.close("docTitle");
    xml.newline();
    xml.open("navMap", &[]);
    xml.newline();
    let mut counter = 0;
    if toc.is_empty() {
        counter += 1;
        nav_point(&mut xml, counter, "1", title(&p.book.meta), COVER_FILE);
        xml.close("navPoint");
        xml.newline();
    }
    write_nav_points(&mut xml, &toc, &mut counter, &play_order);
    xml.close("navMap");
    xml.newline();
    if p.has_page_list() {
        xml.open("pageList", &[]);
        xml.newline();
        xml.open("navLabel", &[]);
        xml.leaf("text", &[], p.labels.pages);
        xml.close("navLabel");
        xml.newline();
        for (i, ((chapter, marker), position)) in p.ids.page_list().iter().zip(&pages).enumerate() {
            let id = format!("page-target-{}", i + 1);
            let numeric = marker
                .label
                .parse::<u32>()
                .ok()
                .filter(|&n| n > 0)
                .map(|n| n.to_string());
            let mut attrs = vec![("id", id.as_str())];
            match &numeric {
                Some(value) => attrs.extend([("type", "normal"), ("value", value.as_str())]),
                None => attrs.push(("type", "front")),
            }
            let order = play_order(*position);
            attrs.push(("playOrder", &order));
            xml.open("pageTarget", &attrs);
            xml.open("navLabel", &[]);
            xml.leaf("text", &[], &marker.label);
            xml.close("navLabel");
            let src = format!("{}#{}", p.chapter_files[*chapter], marker.id);
            xml.empty("content", &[("src", &src)]);
            xml.close("pageTarget");
            xml.newline();
        }
        xml.close("pageList");
        xml.newline();
    }
    xml.close("ncx");
    xml.newline();
    Ok(Resource {
        href: NCX_FILE.into(),
        id: "ncx".into(),
        media_type: "application/x-dtbncx+xml",
        properties: "",
        bytes: xml.finish()?.into(),
    })
}

fn collect_positions(entries: &[Entry], out: &mut Vec<Position>) {
    for entry in entries {
        out.push(entry.position);
        collect_positions(&entry.children, out);
    }
}

/// Opens a `navPoint` with its label and content (the caller closes it after the children).
fn nav_point(xml: &mut Xml, counter: usize, order: &str, label: &str, src: &str) {
    let id = format!("nav-point-{counter}");
    xml.open("navPoint", &[("id", &id), ("playOrder", order)]);
    xml.open("navLabel", &[]);
    xml.leaf("text", &[], label);
    xml.close("navLabel");
    xml.empty("content", &[("src", src)]);
    xml.newline();
}

fn write_nav_points(
    xml: &mut Xml,
    entries: &[Entry],
    counter: &mut usize,
    play_order: &dyn Fn(Position) -> String,
) {
    for entry in entries {
        *counter += 1;
        nav_point(
            xml,
            *counter,
            &play_order(entry.position),
            &entry.label,
            &entry.href,
        );
        write_nav_points(xml, &entry.children, counter, play_order);
        xml.close("navPoint");
        xml.newline();
    }
}
