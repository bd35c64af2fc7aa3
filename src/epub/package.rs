//! The package document (OPF): metadata with the accessibility set, manifest, spine; plus the
//! publication's identifier and modification date, both derived without a clock.

use crate::book::date::EditionDate;
use crate::book::BookMeta;

use super::markup::Xml;
use super::{EpubError, Publication, Resource};

/// Wording of the conformance claim, as EPUB Accessibility 1.1 spells it.
const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

/// The OPF, for the manifest `resources` (spine: every XHTML document, in that order).
pub(super) fn document(p: &Publication, resources: &[Resource]) -> Result<Vec<u8>, EpubError> {
    let meta = &p.book.meta;
    let mut xml = Xml::new(false);
    xml.open(
        "package",
        &[
            ("xmlns", "http://www.idpf.org/2007/opf"),
            ("version", "3.0"),
            ("unique-identifier", "pub-id"),
            ("xml:lang", &p.lang),
        ],
    );
    xml.newline();
    xml.open(
        "metadata",
        &[("xmlns:dc", "http://purl.org/dc/elements/1.1/")],
    );
    xml.newline();
    let line = |xml: &mut Xml, name: &str, attrs: &[(&str, &str)], text: &str| {
        xml.leaf(name, attrs, text);
        xml.newline();
    };
    line(
        &mut xml,
        "dc:identifier",
        &[("id", "pub-id")],
        &p.identifier,
    );
    line(&mut xml, "dc:title", &[], title(meta));
    if let Some(author) = nonempty(&meta.author) {
        line(&mut xml, "dc:creator", &[("id", "author")], author);
        line(
            &mut xml,
            "meta",
            &[
                ("refines", "#author"),
                ("property", "role"),
                ("scheme", "marc:relators"),
            ],
            "aut",
        );
    }
    if let Some(publisher) = nonempty(&meta.publisher) {
        line(&mut xml, "dc:publisher", &[], publisher);
    }
    line(&mut xml, "dc:language", &[], &p.lang);
    if meta.date.is_some() {
        // Only a real date: the 1980 fallback is for the timestamps, not a claim.
        line(&mut xml, "dc:date", &[], &p.modified.date());
    }
    line(
        &mut xml,
        "meta",
        &[("property", "dcterms:modified")],
        &p.modified.w3c(),
    );
    if let Some(cover) = p.images.cover() {
        // EPUB 2 reading systems find the cover through this.
        xml.empty("meta", &[("name", "cover"), ("content", &cover.id)]);
        xml.newline();
    }
    if p.has_page_list() {
        // Where the page list comes from. `a11y:pageBreakSource` would say it in one line, but
        // EPUBCheck 5.3 rejects it as an undefined property (OPF-027); EPUB 3.3's `dc:source`
        // refined by `source-of pagination` is what it and Ace accept.
        line(
            &mut xml,
            "dc:source",
            &[("id", "pagination-source")],
            &page_source(p),
        );
        line(
            &mut xml,
            "meta",
            &[("refines", "#pagination-source"), ("property", "source-of")],
            "pagination",
        );
    }
    for (property, value) in accessibility(p) {
        line(&mut xml, "meta", &[("property", property)], &value);
    }
    xml.close("metadata");
    xml.newline();

    xml.open("manifest", &[]);
    xml.newline();
    for r in resources {
        let mut attrs = vec![
            ("id", r.id.as_str()),
            ("href", r.href.as_str()),
            ("media-type", r.media_type),
        ];
        if !r.properties.is_empty() {
            attrs.push(("properties", r.properties));
        }
        xml.empty("item", &attrs);
        xml.newline();
    }
    xml.close("manifest");
    xml.newline();

    xml.open("spine", &[("toc", "ncx")]);
    xml.newline();
    for r in resources.iter().filter(|r| r.media_type == super::XHTML) {
        xml.empty("itemref", &[("idref", &r.id)]);
        xml.newline();
    }
    xml.close("spine");
    xml.newline();
    xml.close("package");
    xml.newline();
    xml.finish()
}

/// The book's title, never empty ([`BookMeta::shown_title`], as the PDF's).
pub(super) fn title(meta: &BookMeta) -> &str {
    meta.shown_title()
}

fn nonempty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The edition the page breaks come from: as configured, else the title and edition, as a PDF.
fn page_source(p: &Publication) -> String {
    p.opts
        .page_break_source
        .clone()
        .unwrap_or_else(|| match nonempty(&p.book.meta.edition) {
            Some(edition) => format!("{} (PDF, {edition})", title(&p.book.meta)),
            None => format!("{} (PDF)", title(&p.book.meta)),
        })
}

/// The schema.org accessibility metadata and the conformance claim, as (property, value).
fn accessibility(p: &Publication) -> Vec<(&'static str, String)> {
    let visual = p.images.any();
    let mut out = vec![("schema:accessMode", "textual".to_string())];
    if visual {
        out.push(("schema:accessMode", "visual".into()));
    }
    out.push(("schema:accessModeSufficient", "textual".into()));
    let mut features = vec!["structuralNavigation", "tableOfContents", "readingOrder"];
    if visual {
        features.push("alternativeText");
    }
    features.push("displayTransformability");
    if p.has_page_list() {
        features.extend(["pageNavigation", "printPageNumbers"]);
    }
    out.extend(
        features
            .into_iter()
            .map(|f| ("schema:accessibilityFeature", f.to_string())),
    );
    out.push(("schema:accessibilityHazard", "none".into()));
    out.push(("schema:accessibilitySummary", p.labels.summary.into()));
    out.push(("dcterms:conformsTo", CONFORMS_TO.into()));
    let certifier = nonempty(&p.book.meta.publisher)
        .or(nonempty(&p.book.meta.author))
        .unwrap_or(title(&p.book.meta));
    out.push(("a11y:certifiedBy", certifier.to_string()));
    out
}

/// The publication's `urn:uuid`, a hash of its title, URL and edition: the same guide keeps
/// its identifier from build to build, and a new edition gets a new one.
///
/// The hash is 128-bit FNV-1a (no hashing crate needed for one call); the result is marked
/// as a version 8 ("custom") UUID of the RFC 9562 variant.
pub(super) fn identifier(meta: &BookMeta) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    let mut hash = OFFSET;
    let key = format!(
        "livret\u{0}{}\u{0}{}{}\u{0}{}",
        meta.title,
        meta.url,
        meta.baseurl,
        meta.edition.as_deref().unwrap_or("")
    );
    for byte in key.bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(PRIME);
    }
    let mut bytes = hash.to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A UTC date and time, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Timestamp {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Timestamp {
    /// Midnight UTC of `d`: the book's [`BookMeta::shown_date`], its edition date or
    /// [`EditionDate::UNDATED`].
    pub fn of_edition(d: EditionDate) -> Self {
        Timestamp {
            year: i64::from(d.year),
            month: d.month,
            day: d.day,
            hour: 0,
            minute: 0,
            second: 0,
        }
    }

    /// `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYY-MM-DDThh:mm:ssZ`, as `dcterms:modified` wants it.
    pub fn w3c(&self) -> String {
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            self.hour,
            self.minute,
            self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_never_come_from_the_clock() {
        let t = Timestamp::of_edition(EditionDate::parse("2026-11-28").unwrap());
        assert_eq!(t.w3c(), "2026-11-28T00:00:00Z");
        let undated = BookMeta::default().shown_date();
        assert_eq!(Timestamp::of_edition(undated).w3c(), "1980-01-01T00:00:00Z");
    }

    #[test]
    fn identifier_is_a_stable_uuid_of_the_configuration() {
        let meta = BookMeta {
            title: "Guide".into(),
            url: "https://beta.gouv.fr".into(),
            edition: Some("2026.1".into()),
            ..BookMeta::default()
        };
        let id = identifier(&meta);
        assert_eq!(id, identifier(&meta.clone()));
        assert_eq!(id.len(), "urn:uuid:".len() + 36);
        assert_eq!(&id[23..24], "8", "version nibble in {id}");
        assert!(
            matches!(&id[28..29], "8" | "9" | "a" | "b"),
            "variant in {id}"
        );
        let next = BookMeta {
            edition: Some("2026.2".into()),
            ..meta
        };
        assert_ne!(identifier(&next), id);
    }
}
