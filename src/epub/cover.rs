//! The cover document: the cover image when there is one, then the title page (title,
//! subtitle, author, publisher, edition, date).

use super::markup::Xml;
use super::package::title;
use super::xhtml::{close_document, open_document};
use super::{EpubError, Publication, Resource, COVER_FILE, XHTML};

/// `cover.xhtml`.
pub(super) fn document(p: &Publication) -> Result<Resource, EpubError> {
    let meta = &p.book.meta;
    let mut xml = open_document(p, title(meta), Some("frontmatter"));
    xml.open("section", &[("class", "cover"), ("epub:type", "titlepage")]);
    xml.newline();
    if let Some(cover) = p.images.cover() {
        let alt = meta
            .cover
            .as_ref()
            .and_then(|c| c.alt.as_deref())
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map_or_else(
                || format!("{} : {}", p.labels.cover, title(meta)),
                str::to_string,
            );
        xml.open("div", &[("class", "cover-image")]);
        xml.empty(
            "img",
            &[
                ("src", &cover.href),
                ("alt", &alt),
                ("role", "doc-cover"),
                ("epub:type", "cover"),
            ],
        );
        xml.close("div");
        xml.newline();
    }
    xml.leaf("h1", &[("class", "title")], title(meta));
    xml.newline();
    let lines = [
        ("subtitle", meta.subtitle.clone()),
        ("author", meta.author.clone()),
        ("publisher", meta.publisher.clone()),
        ("edition", meta.edition.clone()),
        ("date", meta.date.map(|d| d.long(&p.lang))),
    ];
    for (class, value) in lines {
        if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            paragraph(&mut xml, class, value);
        }
    }
    xml.close("section");
    xml.newline();
    close_document(&mut xml);
    Ok(Resource {
        href: COVER_FILE.into(),
        id: "cover".into(),
        media_type: XHTML,
        properties: "",
        bytes: xml.finish()?.into(),
    })
}

fn paragraph(xml: &mut Xml, class: &str, text: &str) {
    xml.leaf("p", &[("class", class)], text);
    xml.newline();
}
