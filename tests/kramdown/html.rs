//! One small element tree for both sides of the conformance test: kramdown's HTML (parsed by
//! scraper, as a browser would) and livret's chapter XHTML (parsed as XML by quick-xml, so that
//! `<span/>` stays empty).

use quick_xml::events::Event;
use scraper::node::Node as ScraperNode;
use scraper::ElementRef;

/// A child of an element: text or another element.
#[derive(Debug, Clone)]
pub enum Child {
    Text(String),
    El(Element),
}

/// An element with its attributes (names lowercased, prefixes kept: `epub:type`).
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub tag: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Child>,
}

impl Element {
    /// The value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the `class` attribute lists `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.classes().any(|c| c == class)
    }

    /// The classes of the `class` attribute.
    pub fn classes(&self) -> impl Iterator<Item = &str> {
        self.attr("class").unwrap_or("").split_whitespace()
    }

    /// Every text below this element, in order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Child::Text(t) => out.push_str(t),
                Child::El(e) => e.collect_text(out),
            }
        }
    }

    /// This element and every element below it, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            out.push(e);
            stack.extend(e.children.iter().rev().filter_map(|c| match c {
                Child::El(e) => Some(e),
                Child::Text(_) => None,
            }));
        }
        out
    }
}

/// kramdown's HTML, parsed as an HTML fragment (html5ever's tree rules, as a browser).
pub fn parse_html(html: &str) -> Element {
    let doc = scraper::Html::parse_fragment(html);
    // The fragment's root element is an `html` element holding the parsed nodes.
    let mut root = convert(doc.root_element());
    root.tag = "#root".into();
    root
}

fn convert(el: ElementRef<'_>) -> Element {
    let e = el.value();
    let mut out = Element {
        tag: e.name().to_ascii_lowercase(),
        attrs: e
            .attrs()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect(),
        children: Vec::new(),
    };
    for child in el.children() {
        match child.value() {
            ScraperNode::Text(t) => out.children.push(Child::Text(t.to_string())),
            ScraperNode::Element(_) => {
                if let Some(c) = ElementRef::wrap(child) {
                    out.children.push(Child::El(convert(c)));
                }
            }
            _ => {}
        }
    }
    out
}

/// livret's chapter XHTML, parsed as XML. `None` when it is not well-formed.
pub fn parse_xhtml(xml: &str) -> Option<Element> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Element {
        tag: "#root".into(),
        ..Element::default()
    }];
    loop {
        match reader.read_event().ok()? {
            Event::Start(s) => stack.push(start(&s)?),
            Event::Empty(s) => {
                let el = start(&s)?;
                stack.last_mut()?.children.push(Child::El(el));
            }
            Event::End(_) => {
                let el = stack.pop()?;
                stack.last_mut()?.children.push(Child::El(el));
            }
            Event::Text(t) => {
                let text = t.xml10_content().into_owned();
                stack.last_mut()?.children.push(Child::Text(text));
            }
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().ok()? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_xml_entity(&r.xml10_content())?.to_string(),
                };
                stack.last_mut()?.children.push(Child::Text(text));
            }
            Event::CData(t) => {
                let text = t.xml10_content().into_owned();
                stack.last_mut()?.children.push(Child::Text(text));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (stack.len() == 1).then(|| stack.pop()).flatten()
}

fn start(s: &quick_xml::events::BytesStart<'_>) -> Option<Element> {
    let tag = AsRef::<str>::as_ref(&s.name()).to_ascii_lowercase();
    let mut attrs = Vec::new();
    for a in s.attributes() {
        let a = a.ok()?;
        let key = AsRef::<str>::as_ref(&a.key).to_ascii_lowercase();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
            .ok()?
            .into_owned();
        attrs.push((key, value));
    }
    Some(Element {
        tag,
        attrs,
        children: Vec::new(),
    })
}
