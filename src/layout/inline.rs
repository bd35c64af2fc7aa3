//! Inline content into styled spans: the text of one paragraph with its faces, sizes, colours,
//! links, footnote calls and anchors, ready for the paragraph setter.

use crate::fonts::Family;
use std::collections::HashMap;
use std::path::PathBuf;

use crate::book::{Image, ImageTarget, Inline, LinkTarget};

use super::color::Rgb;
use super::image::Loaded;
use super::page::{ImageId, LinkDest};

/// An image set in the line is at most this many times the text's size tall; anything taller
/// is scaled down to it (an icon, a badge: the reader sees it where the author put it).
pub const INLINE_IMAGE_EM: f32 = 1.0;
/// The character an inline image stands for in the paragraph's text (OBJECT REPLACEMENT
/// CHARACTER): never drawn, never in the text layer.
pub const OBJECT: char = '\u{FFFC}';

/// How a span of the document's inline content looks, as the document and the style say it:
/// the setter ([`super::setter`]) turns it into the typesetting core's
/// [`SpanStyle`](super::paragraph::SpanStyle), with a hyphenation language and a link id.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineStyle {
    pub family: Family,
    pub bold: bool,
    pub italic: bool,
    pub size: f32,
    pub color: Rgb,
    /// Baseline shift up, in points (superscripts).
    pub rise: f32,
    /// Whether words of this span may be hyphenated.
    pub hyphenate: bool,
    /// A language other than the document's.
    pub lang: Option<String>,
    /// Struck through (`~~…~~`, `<del>`, `<s>`): a rule is drawn across the text.
    pub strike: bool,
}

/// A piece of the document's text in one style (the typesetting core's counterpart:
/// [`Span`](super::paragraph::Span)).
#[derive(Debug, Clone, PartialEq)]
pub struct InlineSpan {
    pub text: String,
    pub style: InlineStyle,
    /// Index into [`Collected::links`] when the span is (part of) a link.
    pub link: Option<usize>,
    /// The expansion of the abbreviation the span is (`/E` of its marked content).
    pub expanded: Option<String>,
    /// Index into [`Collected::images`] when the span is an inline image (its text is one
    /// [`OBJECT`]).
    pub object: Option<usize>,
}

/// An image set in a line, at the size it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineImage {
    pub id: ImageId,
    pub width: f32,
    pub height: f32,
    /// Its alternative text, `None` or empty for a decorative image.
    pub alt: Option<String>,
}

/// A link of the paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkSpan {
    pub dest: LinkDest,
    /// Its text, for the structure element's description.
    pub text: String,
}

/// A paragraph's inline content, flattened.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Collected {
    pub spans: Vec<InlineSpan>,
    pub links: Vec<LinkSpan>,
    /// Footnote calls: the note number and the index in [`Collected::links`] of the call's
    /// link to the note (each call is its own link, so its span is never merged).
    pub notes: Vec<(u32, usize)>,
    /// Anchors and the index of the span they stand before.
    pub anchors: Vec<(String, usize)>,
    /// The inline images, in order.
    pub images: Vec<InlineImage>,
    /// Byte offsets of hard line breaks (`<br>`), as `\n` characters in the text.
    pub breaks: Vec<usize>,
    /// Total byte length of the text so far.
    pub len: usize,
    /// The expansion of the abbreviation being collected, if any (collecting state only).
    pub expansion: Option<String>,
}

impl Collected {
    /// The paragraph's whole text.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    fn push(&mut self, text: &str, style: &InlineStyle, link: Option<usize>) {
        if text.is_empty() {
            return;
        }
        self.len += text.len();
        if let Some(last) = self.spans.last_mut() {
            if last.style == *style
                && last.link == link
                && last.expanded == self.expansion
                && last.object.is_none()
            {
                last.text.push_str(text);
                return;
            }
        }
        self.spans.push(InlineSpan {
            text: text.to_string(),
            style: style.clone(),
            link,
            expanded: self.expansion.clone(),
            object: None,
        });
    }

    /// An inline image, as its own span.
    fn push_image(&mut self, image: InlineImage, style: &InlineStyle, link: Option<usize>) {
        let text = OBJECT.to_string();
        self.len += text.len();
        self.images.push(image);
        self.spans.push(InlineSpan {
            text,
            style: InlineStyle {
                hyphenate: false,
                ..style.clone()
            },
            link,
            expanded: self.expansion.clone(),
            object: Some(self.images.len() - 1),
        });
    }
}

/// What the collector needs to know about the book.
pub struct InlineContext<'a> {
    /// The chapter's id, for footnote anchors (`{chapter}-fn-{n}` unless the book says).
    pub note_anchor: &'a dyn Fn(u32) -> Option<String>,
    /// The named destination of an internal link.
    pub link_color: Rgb,
    /// Size of inline code relative to the surrounding text.
    pub code_scale: f32,
    /// The print profile's page references: the folio of an anchor, written ` (p. 12)` after
    /// an internal link's text. `None` on screen.
    pub page_ref: Option<&'a PageRef<'a>>,
    /// The decoded images of the content (by file), set in the line; an image not here (remote,
    /// broken, undecodable) is written `[alt]`.
    pub images: &'a HashMap<PathBuf, Loaded>,
    /// The measure, for an image's width given in percent.
    pub measure: f32,
}

/// The folio of an anchor, if known.
pub type PageRef<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// The text a print-profile internal reference gets after it: ` (p. 12)`, a no-break space
/// tying the number to `p.`.
pub fn page_reference(folio: &str) -> String {
    format!(" (p.\u{a0}{folio})")
}

/// Flattens inline content in the base style.
pub fn collect(content: &[Inline], base: &InlineStyle, cx: &InlineContext) -> Collected {
    let mut out = Collected::default();
    walk(content, base, None, cx, &mut out);
    // Trim leading and trailing white space of the paragraph.
    if let Some(first) = out.spans.first_mut() {
        let trimmed = first.text.trim_start().len();
        let cut = first.text.len() - trimmed;
        if cut > 0 {
            first.text.drain(..cut);
            shift(&mut out, cut);
        }
    }
    if let Some(last) = out.spans.last_mut() {
        let t = last.text.trim_end().len();
        last.text.truncate(t);
    }
    out.spans.retain(|s| !s.text.is_empty());
    out
}

fn shift(out: &mut Collected, cut: usize) {
    for (_, o) in out.anchors.iter_mut() {
        *o = o.saturating_sub(cut);
    }
    for o in out.breaks.iter_mut() {
        *o = o.saturating_sub(cut);
    }
    out.len = out.len.saturating_sub(cut);
}

/// Collects `content` into `out`, in `style`, inside the paragraph's link `link` if any.
fn walk(
    content: &[Inline],
    style: &InlineStyle,
    link: Option<usize>,
    cx: &InlineContext,
    out: &mut Collected,
) {
    for inline in content {
        match inline {
            Inline::Text(t) => {
                let s = collapse_white_space(t);
                let s = if out.spans.last().is_some_and(|l| l.text.ends_with(' ')) {
                    s.trim_start().to_string()
                } else {
                    s
                };
                out.push(&s, style, link);
            }
            Inline::Emph(c) => {
                let s = InlineStyle {
                    italic: !style.italic,
                    ..style.clone()
                };
                walk(c, &s, link, cx, out);
            }
            Inline::Strong(c) => {
                let s = InlineStyle {
                    bold: true,
                    ..style.clone()
                };
                walk(c, &s, link, cx, out);
            }
            Inline::Strike(c) => {
                let s = InlineStyle {
                    strike: true,
                    ..style.clone()
                };
                walk(c, &s, link, cx, out);
            }
            Inline::Abbr { title, content: c } => {
                // Its own span, never hyphenated: one marked content carries the expansion.
                let s = InlineStyle {
                    hyphenate: false,
                    ..style.clone()
                };
                let outer = std::mem::replace(&mut out.expansion, title.clone());
                walk(c, &s, link, cx, out);
                out.expansion = outer;
            }
            Inline::Sup(c) | Inline::Sub(c) => {
                let sup = matches!(inline, Inline::Sup(_));
                let s = InlineStyle {
                    size: style.size * 0.7,
                    rise: if sup {
                        style.size * 0.33
                    } else {
                        -style.size * 0.12
                    },
                    ..style.clone()
                };
                walk(c, &s, link, cx, out);
            }
            Inline::Code(t) => {
                let s = InlineStyle {
                    family: Family::Mono,
                    size: style.size * cx.code_scale,
                    hyphenate: false,
                    ..style.clone()
                };
                out.push(t, &s, link);
            }
            Inline::Link {
                target, content, ..
            } => walk_link(target, content, style, link, cx, out),
            Inline::Image(img) => match inline_image(img, style.size, cx) {
                Some(image) => out.push_image(image, style, link),
                None => {
                    let alt = img.alt.as_deref().unwrap_or("");
                    if !alt.is_empty() {
                        out.push(&format!("[{alt}]"), style, link);
                    }
                }
            },
            Inline::FootnoteRef { number, .. } => footnote_call(*number, style, link, cx, out),
            Inline::Lang { lang, content } => {
                let s = InlineStyle {
                    lang: Some(lang.clone()),
                    hyphenate: style.hyphenate && crate::book::lang::Lang::is_french(lang),
                    ..style.clone()
                };
                walk(content, &s, link, cx, out);
            }
            Inline::LineBreak => {
                out.breaks.push(out.len);
                out.push("\n", style, link);
            }
            Inline::Anchor(id) => out.anchors.push((id.clone(), out.spans.len())),
        }
    }
}

/// A link's content: a new link of the paragraph, in the link colour, followed in print by
/// its target's folio; or, when it leads nowhere or sits inside another link, its text alone.
fn walk_link(
    target: &LinkTarget,
    content: &[Inline],
    style: &InlineStyle,
    link: Option<usize>,
    cx: &InlineContext,
    out: &mut Collected,
) {
    let dest = match target {
        LinkTarget::Internal { anchor, .. } => Some(LinkDest::Anchor(anchor.clone())),
        LinkTarget::External(url) => Some(LinkDest::Uri(url.clone())),
        LinkTarget::Broken | LinkTarget::Unresolved => None,
    };
    match (dest, link) {
        (Some(dest), None) => {
            out.links.push(LinkSpan {
                dest,
                text: crate::book::plain_text(content),
            });
            let index = out.links.len() - 1;
            let s = InlineStyle {
                color: cx.link_color,
                ..style.clone()
            };
            walk(content, &s, Some(index), cx, out);
            if let (LinkTarget::Internal { anchor, .. }, Some(page_ref)) = (target, cx.page_ref) {
                if let Some(folio) = page_ref(anchor) {
                    let plain = InlineStyle {
                        hyphenate: false,
                        ..s.clone()
                    };
                    out.push(&page_reference(&folio), &plain, Some(index));
                }
            }
        }
        _ => walk(content, style, link, cx, out),
    }
}

/// A note's call: its number raised and small, a link to the note when the chapter has it.
fn footnote_call(
    number: u32,
    style: &InlineStyle,
    link: Option<usize>,
    cx: &InlineContext,
    out: &mut Collected,
) {
    let s = InlineStyle {
        size: style.size * 0.7,
        rise: style.size * 0.33,
        hyphenate: false,
        ..style.clone()
    };
    let note_link = (cx.note_anchor)(number).map(|anchor| {
        out.links.push(LinkSpan {
            dest: LinkDest::Anchor(anchor),
            text: format!("note {number}"),
        });
        out.links.len() - 1
    });
    out.push(&number.to_string(), &s, note_link.or(link));
    if let Some(l) = note_link {
        out.notes.push((number, l));
    }
}

/// `t` with each run of white space made one space, as HTML collapses it; no-break spaces
/// are kept.
fn collapse_white_space(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            space = true;
        } else {
            if space {
                s.push(' ');
                space = false;
            }
            s.push(c);
        }
    }
    if space {
        s.push(' ');
    }
    s
}

/// `img` as drawn in a line of text `size` points: its natural size scaled down to
/// [`INLINE_IMAGE_EM`] of the text, if it was decoded.
fn inline_image(img: &Image, size: f32, cx: &InlineContext) -> Option<InlineImage> {
    let ImageTarget::File(path) = &img.target else {
        return None;
    };
    let loaded = cx.images.get(path)?;
    let (w, h) = super::image::asked_size(img, (loaded.width, loaded.height), cx.measure);
    let (w, h) = (w.max(0.1), h.max(0.1));
    let scale = (INLINE_IMAGE_EM * size / h)
        .min(cx.measure.max(1.0) / w)
        .min(1.0);
    Some(InlineImage {
        id: loaded.id,
        width: w * scale,
        height: h * scale,
        alt: img.alt.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> InlineStyle {
        InlineStyle {
            family: Family::Serif,
            bold: false,
            italic: false,
            size: 10.0,
            color: Rgb(0, 0, 0),
            rise: 0.0,
            hyphenate: true,
            lang: None,
            strike: false,
        }
    }

    #[test]
    fn flattens_styles_links_and_notes() {
        let content = vec![
            Inline::Text("  Un  ".into()),
            Inline::Emph(vec![Inline::Text("mot".into())]),
            Inline::Text(" et ".into()),
            Inline::Link {
                href: "https://x.fr".into(),
                target: LinkTarget::External("https://x.fr".into()),
                content: vec![Inline::Text("un lien".into())],
                pos: Default::default(),
            },
            Inline::FootnoteRef {
                number: 1,
                pos: Default::default(),
            },
            Inline::Text(" fin. ".into()),
        ];
        let f = |n: u32| Some(format!("c-fn-{n}"));
        let cx = InlineContext {
            note_anchor: &f,
            link_color: Rgb(0, 0, 0x91),
            code_scale: 0.9,
            page_ref: None,
            images: &HashMap::new(),
            measure: 300.0,
        };
        let c = collect(&content, &base(), &cx);
        assert_eq!(c.text(), "Un mot et un lien1 fin.");
        assert!(c.spans[1].style.italic);
        assert_eq!(c.links.len(), 2);
        assert_eq!(c.notes, vec![(1, 1)]);
    }
}
