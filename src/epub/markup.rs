//! A small XML writer over quick-xml: escaping, characters illegal in XML stripped, no panics.

use std::borrow::Cow;
use std::io;

use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::EpubError;

/// An XML document being written into memory.
///
/// Writing into a `Vec<u8>` cannot fail, but quick-xml's API says it might: the first error is
/// kept and returned by [`Xml::finish`], so callers write without `?` on every element.
pub(super) struct Xml {
    writer: Writer<Vec<u8>>,
    error: Option<io::Error>,
}

impl Xml {
    /// A new document, opened with the XML declaration (and `<!DOCTYPE html>` for XHTML).
    pub fn new(doctype_html: bool) -> Self {
        let mut xml = Self {
            writer: Writer::new(Vec::new()),
            error: None,
        };
        let decl = BytesDecl::new("1.0", Some("UTF-8"), None);
        xml.event(Event::Decl(decl));
        xml.newline();
        if doctype_html {
            xml.raw("<!DOCTYPE html>\n");
        }
        xml
    }

    fn event(&mut self, event: Event<'_>) {
        if self.error.is_none() {
            if let Err(e) = self.writer.write_event(event) {
                self.error = Some(e);
            }
        }
    }

    fn start(name: &str, attrs: &[(&str, &str)]) -> BytesStart<'static> {
        let mut start = BytesStart::new(name.to_string());
        for (key, value) in attrs {
            start.push_attribute((*key, xml_chars(value).as_ref()));
        }
        start.into_owned()
    }

    /// `<name attrs…>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(Self::start(name, attrs)));
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<name attrs…/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(Self::start(name, attrs)));
    }

    /// Escaped character data.
    pub fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let clean = xml_chars(text);
        let escaped = partial_escape(clean.as_ref()).into_owned();
        self.event(Event::Text(BytesText::from_escaped(escaped)));
    }

    /// `<name attrs…>text</name>`.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    /// A line break between elements, so the files read well (never inside inline content).
    pub fn newline(&mut self) {
        self.raw("\n");
    }

    /// Markup written as is: only for constant strings of this module's callers.
    fn raw(&mut self, markup: &str) {
        if self.error.is_none() {
            if let Err(e) = io::Write::write_all(self.writer.get_mut(), markup.as_bytes()) {
                self.error = Some(e);
            }
        }
    }

    /// The document's bytes.
    pub fn finish(self) -> Result<Vec<u8>, EpubError> {
        match self.error {
            Some(e) => Err(EpubError::Write(e.to_string())),
            None => Ok(self.writer.into_inner()),
        }
    }
}

/// `text` without the characters XML 1.0 forbids (C0 controls but tab, line feed and carriage
/// return; U+FFFE, U+FFFF).
pub(super) fn xml_chars(text: &str) -> Cow<'_, str> {
    let legal = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if text.chars().all(legal) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| legal(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips_illegal_characters() {
        let mut xml = Xml::new(false);
        xml.leaf(
            "p",
            &[("title", "a \"b\" & <c>\u{1}")],
            "x < y & z\u{0}\u{FFFE} l’été",
        );
        let out = String::from_utf8(xml.finish().unwrap()).unwrap();
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <p title=\"a &quot;b&quot; &amp; &lt;c&gt;\">x &lt; y &amp; z l’été</p>"
        );
    }
}
