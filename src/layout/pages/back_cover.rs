//! The back cover: title, edition and date, publisher, licence and source, at the foot of the
//! book's last page (a left-hand page), when the configuration asks for one (`back_cover:`).

use crate::book::BookMeta;
use crate::fonts::Family;

use super::cover::{push_lines, set_plain};
use crate::layout::inline::InlineStyle;
use crate::layout::page::{ItemKind, NodeId, Numbering, Page, PageItem, PageKind, StructKind};
use crate::layout::setter::Setter;
use crate::layout::structure::StructureTree;
use crate::layout::style::Style;

/// Space between the rule and the title, and between the title and the lines under it.
const GAP: f32 = 10.0;

/// What the back cover says, one paragraph a line: the title, then the smaller lines.
fn lines(meta: &BookMeta) -> Vec<String> {
    let Some(back) = &meta.back_cover else {
        return Vec::new();
    };
    let french = crate::book::lang::Lang::is_french(&meta.lang);
    // French puts a no-break space before the colon.
    let label = |fr: &str, en: &str, value: &str| {
        if french {
            format!("{fr}\u{a0}: {value}")
        } else {
            format!("{en}: {value}")
        }
    };
    let site = format!("{}{}", meta.url, meta.baseurl);
    let source = back
        .source
        .clone()
        .or_else(|| (!meta.url.is_empty()).then_some(site));
    let mut out = vec![meta.title.clone()];
    out.extend(super::cover::edition_line(meta));
    out.extend(meta.publisher.clone());
    out.extend(
        back.licence
            .as_deref()
            .map(|l| label("Licence", "Licence", l)),
    );
    out.extend(source.map(|s| label("Source", "Source", &s)));
    out.retain(|l| !l.trim().is_empty());
    out
}

/// The back cover page, numbered `number` (arabic, its folio not printed), when the book has
/// one. Its text is tagged (a paragraph a line, in reading order after the chapters).
pub fn back_cover(
    meta: &BookMeta,
    style: &Style,
    setter: &mut Setter,
    tree: &mut StructureTree,
    index: usize,
    number: u32,
) -> Option<Page> {
    let lines = lines(meta);
    if lines.is_empty() {
        return None;
    }
    let title = InlineStyle {
        family: Family::Sans,
        bold: true,
        italic: false,
        size: style.body.lead.size,
        color: style.heading,
        rise: 0.0,
        hyphenate: false,
        lang: None,
        strike: false,
    };
    let small = InlineStyle {
        bold: false,
        size: style.body.small.size,
        color: style.muted,
        ..title.clone()
    };
    let set: Vec<_> = lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let (span, leading) = if i == 0 {
                (title.clone(), style.body.lead.leading)
            } else {
                (small.clone(), style.body.small.leading)
            };
            set_plain(setter, style, text, span, leading)
        })
        .collect();
    let height: f32 = set.iter().flatten().map(|l| l.height).sum::<f32>() + GAP;
    let left = style.left(index);
    // The block ends at the foot of the text block.
    let mut y = style.margin_top + style.text_height() - height;
    let mut page = Page {
        number,
        numbering: Numbering::Arabic,
        chapter: None,
        kind: PageKind::BackCover,
        ..Page::default()
    };
    page.items.push(PageItem {
        x: left,
        y: y - GAP,
        node: None,
        seq: 0,
        kind: ItemKind::Rule {
            width: 60.0,
            thickness: 2.0,
            color: style.heading,
        },
    });
    for (i, lines) in set.into_iter().enumerate() {
        let node = tree.node(StructKind::Paragraph, NodeId(0));
        push_lines(&mut page, lines, left, &mut y, node, &mut tree.seq);
        if i == 0 {
            y += GAP;
        }
    }
    Some(page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::BackCover;

    fn meta(back: Option<BackCover>) -> BookMeta {
        BookMeta {
            title: "Guide".into(),
            publisher: Some("Éditeur".into()),
            lang: "fr".into(),
            url: "https://x.fr".into(),
            baseurl: "/docs".into(),
            date: crate::book::date::EditionDate::parse("2026-11-28").ok(),
            edition: Some("Édition 2".into()),
            back_cover: back,
            ..BookMeta::default()
        }
    }

    #[test]
    fn lines_from_the_configuration() {
        assert!(lines(&meta(None)).is_empty());
        let back = BackCover {
            licence: Some("Licence Ouverte 2.0".into()),
            source: None,
        };
        assert_eq!(
            lines(&meta(Some(back))),
            [
                "Guide",
                "Édition 2 · 28 novembre 2026",
                "Éditeur",
                "Licence\u{a0}: Licence Ouverte 2.0",
                "Source\u{a0}: https://x.fr/docs",
            ]
        );
        let back = BackCover {
            licence: None,
            source: Some("https://github.com/x/y".into()),
        };
        let mut m = meta(Some(back));
        m.lang = "en".into();
        m.publisher = None;
        assert_eq!(lines(&m)[2], "Source: https://github.com/x/y");
    }
}
