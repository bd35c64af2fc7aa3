//! Stage 5, `layout`: the resolved tree set in pages.
//!
//! Entry point: [`layout`]. The typesetting core sets one paragraph at a time
//! ([`paragraph::layout_paragraph`]: shaping, hyphenation, Knuth–Plass line breaking);
//! [`blocks`] turns each block into a vertical flow of lines and boxes ([`table`] and [`image`]
//! for their kinds), [`paginate`] cuts the flow into pages, and the result is a
//! [`page::PageModel`]: everything the PDF writer draws, with its logical structure.

pub mod audit;
pub mod blocks;
pub mod hyphenate;
pub mod image;
pub mod inline;
mod items;
pub mod linebreak;
pub mod page;
pub mod paginate;
pub mod paragraph;
pub mod sample;
mod setline;
pub mod setter;
pub mod shape;
pub mod style;
pub mod table;

pub use paragraph::{
    layout_paragraph, Align, Color, GlyphRun, Line, Paragraph, ParagraphOptions, PositionedGlyph,
    Span, SpanStyle,
};
pub use shape::Shaper;

#[cfg(test)]
mod tests;

use crate::diag::Diagnostics;
use crate::doc::Book;

use self::blocks::Builder;
use self::image::Images;
use self::inline::{Collected, Face};
use self::page::{
    FontFile, Item, ItemKind, NodeId, Page, PageKind, PageModel, StructKind, StructNode,
};
use self::paginate::{paginate, Furniture};
use self::setter::{Params, Setter};
use self::style::Style;

/// Lays the whole book out: cover, then each chapter on a new right-hand page.
pub fn layout(book: &Book, style: &Style, diags: &mut Diagnostics) -> PageModel {
    let mut setter = Setter::new();
    let mut images = Images::default();
    let mut structure = vec![StructNode {
        kind: StructKind::Document,
        parent: None,
        seq: 0,
    }];
    let mut seq = 0u32;
    // The cover and its blank verso.
    let front = cover(book, style, &mut setter, &mut structure, &mut seq);
    // Each chapter into a flow of lines and boxes.
    let mut flows = Vec::with_capacity(book.chapters.len());
    let mut outline = Vec::with_capacity(book.chapters.len());
    for (index, chapter) in book.chapters.iter().enumerate() {
        crate::internal::processing(&chapter.source);
        crate::internal::test_panic("layout");
        seq += 1;
        structure.push(StructNode {
            kind: StructKind::Section,
            parent: Some(NodeId(0)),
            seq,
        });
        let section = NodeId(structure.len() as u32 - 1);
        let mut b = Builder::new(
            style,
            &mut setter,
            &mut images,
            diags,
            &mut structure,
            &mut seq,
            chapter,
            index,
        );
        b.chapter(section);
        flows.push(b.flow);
        outline.push(b.outline);
    }
    // The flows cut into pages, with running heads and folios.
    let furniture_style = inline::SpanStyle {
        face: Face::Sans,
        bold: false,
        italic: false,
        size: style.body.small.size,
        color: style.muted,
        rise: 0.0,
        hyphenate: false,
        lang: None,
    };
    let mut set = |text: &str| setter.set_line(text, &furniture_style);
    let mut furniture = Furniture {
        book_title: &book.meta.title,
        set: &mut set,
    };
    let paginated = paginate(front, &flows, style, &mut furniture);
    PageModel {
        width: style.page_width,
        height: style.page_height,
        pages: paginated.pages,
        fonts: crate::fonts::FACES
            .iter()
            .map(|f| FontFile {
                data: f.data,
                name: f.family_name.to_string(),
            })
            .collect(),
        images: images.data,
        structure,
        anchors: paginated.anchors,
        outline,
        page_map: paginated.page_map,
    }
}

/// The cover: title, subtitle, author and edition, centred; then a blank verso.
fn cover(
    book: &Book,
    style: &Style,
    setter: &mut Setter,
    structure: &mut Vec<StructNode>,
    seq: &mut u32,
) -> Vec<Page> {
    let meta = &book.meta;
    let mut page = Page {
        number: 1,
        chapter: None,
        kind: PageKind::Cover,
        ..Page::default()
    };
    let base = inline::SpanStyle {
        face: Face::Sans,
        bold: true,
        italic: false,
        size: 24.0,
        color: style.heading,
        rise: 0.0,
        hyphenate: false,
        lang: None,
    };
    let mut lines: Vec<(String, inline::SpanStyle, f32)> =
        vec![(meta.title.clone(), base.clone(), 30.0)];
    if let Some(sub) = &meta.subtitle {
        lines.push((
            sub.clone(),
            inline::SpanStyle {
                bold: false,
                size: 16.0,
                color: style.text,
                ..base.clone()
            },
            21.0,
        ));
    }
    let small = inline::SpanStyle {
        bold: false,
        size: 10.0,
        color: style.muted,
        ..base.clone()
    };
    for who in [&meta.author, &meta.publisher].into_iter().flatten() {
        lines.push((who.clone(), small.clone(), 14.0));
    }
    let edition: Vec<&str> = [meta.edition.as_deref(), meta.date.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !edition.is_empty() {
        lines.push((edition.join(" · "), small.clone(), 14.0));
    }
    let left = style.left(0);
    let mut y = style.margin_top + style.text_height() * 0.28;
    // A bar above the title, in the heading colour (decoration).
    page.items.push(Item {
        x: left,
        y: y - 24.0,
        node: None,
        seq: 0,
        kind: ItemKind::Rule {
            width: 60.0,
            thickness: 4.0,
            color: style.heading,
        },
    });
    for (i, (text, s, leading)) in lines.into_iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        *seq += 1;
        structure.push(StructNode {
            kind: if i == 0 {
                StructKind::Title
            } else {
                StructKind::Paragraph
            },
            parent: Some(NodeId(0)),
            seq: *seq,
        });
        let node = NodeId(structure.len() as u32 - 1);
        let para = Collected {
            spans: vec![inline::Span {
                text,
                style: s,
                link: None,
            }],
            ..Collected::default()
        };
        let set = setter.set(
            &para,
            &Params {
                measure: style.measure(),
                align: setter::Align::Left,
                indent: 0.0,
                leading,
            },
        );
        for line in set {
            for r in line.runs {
                *seq += 1;
                page.items.push(Item {
                    x: left + r.x,
                    y: y + line.baseline,
                    node: Some(node),
                    seq: *seq,
                    kind: ItemKind::Text(r.run),
                });
            }
            y += line.height;
        }
        y += if i == 0 { 14.0 } else { 6.0 };
    }
    let verso = Page {
        number: 2,
        chapter: None,
        kind: PageKind::Blank,
        ..Page::default()
    };
    vec![page, verso]
}
