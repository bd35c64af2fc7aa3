//! The cover: title, subtitle, author and publisher, edition and date, and the configuration's
//! cover image under them; then a blank verso. Both are front matter (roman `i`, `ii`).

use crate::book::{Book, ImageTarget};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::fonts::Family;

use crate::layout::blocks::Tools;
use crate::layout::image::{fit, Images};
use crate::layout::inline::{self, Collected};
use crate::layout::page::{ItemKind, NodeId, Numbering, Page, PageItem, PageKind, StructKind};
use crate::layout::setter::{self, Params, SetLine, Setter};
use crate::layout::structure::StructureTree;
use crate::layout::style::Style;

/// The cover: title, subtitle, author and edition, centred; then a blank verso.
pub fn cover(book: &Book, tools: Tools, tree: &mut StructureTree) -> Vec<Page> {
    let Tools {
        style,
        setter,
        images,
        diags,
    } = tools;
    let meta = &book.meta;
    let c = &style.body.cover;
    let mut page = Page {
        number: 1,
        numbering: Numbering::Roman,
        chapter: None,
        kind: PageKind::Cover,
        ..Page::default()
    };
    let base = inline::InlineStyle {
        family: Family::Sans,
        bold: true,
        italic: false,
        size: c.title_size,
        color: style.heading,
        rise: 0.0,
        hyphenate: false,
        lang: None,
        strike: false,
    };
    let mut lines: Vec<(String, inline::InlineStyle, f32)> =
        vec![(meta.title.clone(), base.clone(), c.title_leading)];
    if let Some(sub) = &meta.subtitle {
        lines.push((
            sub.clone(),
            inline::InlineStyle {
                bold: false,
                size: c.subtitle_size,
                color: style.text,
                ..base.clone()
            },
            c.subtitle_leading,
        ));
    }
    // Author, publisher, edition: at the body size, so that the subtitle above reads as the
    // heading of this block rather than a heading left alone at the foot of the text.
    let small = inline::InlineStyle {
        bold: false,
        size: style.body.body.size,
        color: style.muted,
        ..base.clone()
    };
    for who in [&meta.author, &meta.publisher].into_iter().flatten() {
        lines.push((who.clone(), small.clone(), c.line_leading));
    }
    if let Some(edition) = edition_line(meta) {
        lines.push((edition, small.clone(), c.line_leading));
    }
    let left = style.left(0);
    let mut y = style.margin_top + style.text_height() * c.top_share;
    // A bar above the title, in the heading colour (decoration).
    page.items.push(PageItem {
        x: left,
        y: y - c.bar_above,
        node: None,
        seq: 0,
        kind: ItemKind::Rule {
            width: c.bar_width,
            thickness: c.bar_thickness,
            color: style.heading,
        },
    });
    for (i, (text, s, leading)) in lines.into_iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let node = tree.node(
            if i == 0 {
                StructKind::Title
            } else {
                StructKind::Paragraph
            },
            NodeId(0),
        );
        let set = set_plain(setter, style, text, s, leading);
        push_lines(&mut page, set, left, &mut y, node, &mut tree.seq);
        y += if i == 0 { c.after_title } else { c.after_line };
    }
    if let Some(image) = &meta.cover {
        cover_image(
            image,
            y + c.image_gap,
            style,
            images,
            diags,
            tree,
            &mut page,
        );
    }
    let verso = Page {
        number: 2,
        numbering: Numbering::Roman,
        chapter: None,
        kind: PageKind::Blank,
        ..Page::default()
    };
    vec![page, verso]
}

/// The cover image, centred in the space from `top` to the text block's foot. Decoration
/// unless the configuration gave it an alternative text.
fn cover_image(
    image: &crate::book::Image,
    top: f32,
    style: &Style,
    images: &mut Images,
    diags: &mut Diagnostics,
    tree: &mut StructureTree,
    page: &mut Page,
) {
    let ImageTarget::File(path) = &image.target else {
        return;
    };
    let loaded = match images.load(path) {
        Ok(l) => l,
        Err(message) => {
            diags.push(Diagnostic::warning(
                Code::ImageNotDrawn,
                path,
                0,
                0,
                format!("cover image not drawn: {message}"),
            ));
            return;
        }
    };
    let room = style.margin_top + style.text_height() - top;
    if room < style.body.cover.image_min_room {
        return;
    }
    let (w, h) = fit((loaded.width, loaded.height), style.measure(), room);
    let node = image
        .alt
        .clone()
        .filter(|a| !a.trim().is_empty())
        .map(|alt| tree.node(StructKind::Figure(alt), NodeId(0)));
    let seq = tree.next_seq();
    page.items.push(PageItem {
        x: style.left(0) + (style.measure() - w) / 2.0,
        y: top + (room - h) / 2.0,
        node,
        seq,
        kind: ItemKind::Image {
            id: loaded.id,
            width: w,
            height: h,
        },
    });
}

/// The edition line of a cover: the edition label and the date as the guide's language writes
/// it, `·` between them; `None` when the book has neither.
pub(super) fn edition_line(meta: &crate::book::BookMeta) -> Option<String> {
    let date = meta.date.map(|d| d.long(&meta.lang));
    let edition: Vec<&str> = [meta.edition.as_deref(), date.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    (!edition.is_empty()).then(|| edition.join(" · "))
}

/// `text` in one style, set flush left on the measure with `leading`: a line of a cover.
pub(super) fn set_plain(
    setter: &mut Setter,
    style: &Style,
    text: String,
    span: inline::InlineStyle,
    leading: f32,
) -> Vec<SetLine> {
    let para = Collected {
        spans: vec![inline::InlineSpan {
            text,
            style: span,
            link: None,
            expanded: None,
            object: None,
        }],
        ..Collected::default()
    };
    let params = Params {
        measure: style.measure(),
        align: setter::Align::Left,
        indent: 0.0,
        leading,
    };
    setter.set(&para, &params)
}

/// Puts `lines` on `page` from `left`, the first line's top at `*y` (moved down past them),
/// each run a text item of structure `node` in reading order.
pub(super) fn push_lines(
    page: &mut Page,
    lines: Vec<SetLine>,
    left: f32,
    y: &mut f32,
    node: NodeId,
    seq: &mut u32,
) {
    for line in lines {
        for r in line.runs {
            *seq += 1;
            page.items.push(PageItem {
                x: left + r.x,
                y: *y + line.baseline,
                node: Some(node),
                seq: *seq,
                kind: ItemKind::Text(r.run),
            });
        }
        *y += line.height;
    }
}
