//! The French government design system (DSFR) components, by class, into plain document nodes.
//!
//! - `fr-callout`, `fr-highlight`, `fr-alert`, `fr-notice` → [`Block::Aside`] (kind `callout`,
//!   `highlight`, `alert` or `alert-info`…, `notice`), titled by their `__title` element.
//! - `fr-tile`, `fr-card` → one item of an unordered list (tiles side by side join one list):
//!   the `__title` in bold (its link kept), then the rest (`__desc`…); pictures dropped.
//! - `fr-accordion` → a heading one level below the surrounding one (from its `__btn` or
//!   `__title`), then the content of its `fr-collapse`, as if the accordion were open.
//! - `fr-transcription` (a chart's text, behind a button and in a modal window) →
//!   [`Block::Aside`] of kind `transcription`, titled by the modal's title: a titled block after
//!   the figure, never a heading, so never an entry of the contents. Its buttons go.
//! - A download link's detail (`fr-link__detail`: the file's type and size, which the design
//!   system sets on a line of its own) → in parentheses after the label.
//! - A button without a target (`a.fr-btn href="#"`, worked by a script) → its label as text.
//! - `p.fr-text--lead` → [`Block::Lead`].
//! - Site navigation (`fr-sidemenu`, `fr-breadcrumb`, `fr-summary`…) → dropped.

use scraper::ElementRef;

use super::PageCtx;
use crate::book::{AsideKind, Block, HeadingOrigin, Inline, ListItem, Pos};

/// What a component asks of the HTML converter that met it. A component's parts (a callout's
/// content, a tile's text) are HTML like any other, components inside them included, so its
/// conversion hands them back to the converter. The converter (`Conv`, in `html`, the one
/// implementation) calls [`block`] and is reached back only through these methods: `html`
/// depends on this file, never the other way.
pub(super) trait Converter<'p, 'h> {
    /// The page's state: the heading level an accordion sits below, the pushes that tell
    /// whether a tile joins the list before it.
    fn ctx(&mut self) -> &mut PageCtx<'p>;
    /// Marks an element as read by the component (its title…): the walk passes it by.
    fn skip(&mut self, el: ElementRef<'h>);
    /// Moves past the end of the element just located (a component dropped whole).
    fn pass_end(&mut self, name: &str);
    /// Pushes a block, counting it.
    fn push(&mut self, out: &mut Vec<Block>, block: Block);
    /// Pushes a paragraph (a lead when `lead`).
    fn push_paragraph(&mut self, content: Vec<Inline>, pos: Pos, lead: bool, out: &mut Vec<Block>);
    /// The children of `el` as blocks.
    fn block_children(&mut self, el: ElementRef<'h>, out: &mut Vec<Block>);
    /// The inline content of `el`.
    fn inline_content(&mut self, el: ElementRef<'h>) -> Vec<Inline>;
    /// The inline content of `el` read ahead of its turn (a title), the walk's place kept.
    fn inline_content_ahead(&mut self, el: ElementRef<'h>) -> Vec<Inline>;
}

/// Navigation components: dropped with their content.
const NAVIGATION: &[&str] = &[
    "fr-sidemenu",
    "fr-breadcrumb",
    "fr-skiplinks",
    "fr-header",
    "fr-footer",
    "fr-summary",
    "fr-share",
    "fr-follow",
    "fr-pagination",
];

/// Handles `el` if it is a design-system component; false when it is not one.
pub(super) fn block<'p, 'h>(
    conv: &mut impl Converter<'p, 'h>,
    el: ElementRef<'h>,
    pos: Pos,
    out: &mut Vec<Block>,
) -> bool {
    let e = el.value();
    let has = |class: &str| e.classes().any(|c| c == class);
    if e.name() == "p" && has("fr-text--lead") {
        let content = conv.inline_content(el);
        conv.push_paragraph(content, pos, true, out);
        return true;
    }
    if NAVIGATION.iter().any(|c| has(c)) {
        conv.pass_end(e.name());
        return true;
    }
    if has("fr-callout") {
        aside(
            conv,
            el,
            pos,
            AsideKind::Callout,
            Some("fr-callout__title"),
            out,
        );
    } else if has("fr-highlight") {
        aside(conv, el, pos, AsideKind::Highlight, None, out);
    } else if has("fr-alert") {
        let level = e
            .classes()
            .find_map(|c| c.strip_prefix("fr-alert--"))
            .filter(|k| !k.starts_with("sm"))
            .map(str::to_string);
        aside(
            conv,
            el,
            pos,
            AsideKind::Alert(level),
            Some("fr-alert__title"),
            out,
        );
    } else if has("fr-notice") {
        aside(
            conv,
            el,
            pos,
            AsideKind::Notice,
            Some("fr-notice__title"),
            out,
        );
    } else if has("fr-tile") || has("fr-card") {
        tile(conv, el, pos, out);
    } else if has("fr-accordion") {
        accordion(conv, el, pos, out);
    } else if has("fr-transcription") {
        transcription(conv, el, pos, out);
    } else {
        return false;
    }
    true
}

/// The first element below `el` with class `class`.
fn find_class<'h>(el: ElementRef<'h>, class: &str) -> Option<ElementRef<'h>> {
    el.descendent_elements()
        .skip(1)
        .find(|d| d.value().classes().any(|c| c == class))
}

fn aside<'p, 'h>(
    conv: &mut impl Converter<'p, 'h>,
    el: ElementRef<'h>,
    pos: Pos,
    kind: AsideKind,
    title_class: Option<&str>,
    out: &mut Vec<Block>,
) {
    if let Some(id) = el.value().id().filter(|i| !i.is_empty()) {
        let anchor = Block::Anchor {
            id: id.to_string(),
            pos,
        };
        conv.push(out, anchor);
    }
    let title = title_class.and_then(|c| find_class(el, c)).map(|t| {
        conv.skip(t);
        conv.inline_content_ahead(t)
    });
    let mut blocks = Vec::new();
    conv.block_children(el, &mut blocks);
    let aside = Block::Aside {
        kind,
        title,
        blocks,
        pos,
    };
    conv.push(out, aside);
}

fn tile<'p, 'h>(
    conv: &mut impl Converter<'p, 'h>,
    el: ElementRef<'h>,
    pos: Pos,
    out: &mut Vec<Block>,
) {
    let ctx = conv.ctx();
    let joins = ctx.tile_tail == Some(ctx.pushes);
    let mut blocks = Vec::new();
    let title = find_class(el, "fr-tile__title").or_else(|| find_class(el, "fr-card__title"));
    if let Some(title) = title {
        conv.skip(title);
        let content = conv.inline_content_ahead(title);
        if super::whitespace::has_content(&content) {
            blocks.push(Block::Paragraph {
                content: vec![Inline::Strong(content)],
                pos,
            });
        }
    }
    for class in [
        "fr-tile__img",
        "fr-tile__header",
        "fr-tile__pictogram",
        "fr-card__img",
        "fr-card__header",
    ] {
        if let Some(part) = find_class(el, class) {
            conv.skip(part);
        }
    }
    conv.block_children(el, &mut blocks);
    let item = ListItem { task: None, blocks };
    match out.last_mut() {
        Some(Block::List {
            ordered: false,
            items,
            ..
        }) if joins => items.push(item),
        _ => {
            let list = Block::List {
                ordered: false,
                start: 1,
                items: vec![item],
                pos,
            };
            conv.push(out, list);
        }
    }
    let ctx = conv.ctx();
    ctx.tile_tail = Some(ctx.pushes);
}

fn accordion<'p, 'h>(
    conv: &mut impl Converter<'p, 'h>,
    el: ElementRef<'h>,
    pos: Pos,
    out: &mut Vec<Block>,
) {
    let base = conv.ctx().heading_level;
    let level = (base.max(1) + 1).min(6);
    let button = find_class(el, "fr-accordion__btn");
    let title_el = find_class(el, "fr-accordion__title");
    let content = match button.or(title_el) {
        Some(t) => conv.inline_content_ahead(t),
        None => Vec::new(),
    };
    for part in button.into_iter().chain(title_el) {
        conv.skip(part);
    }
    if let Some(heading) = super::heading(level, None, HeadingOrigin::Html, content, pos) {
        conv.push(out, heading);
    }
    conv.ctx().heading_level = level;
    match find_class(el, "fr-collapse") {
        Some(collapse) => conv.block_children(collapse, out),
        None => conv.block_children(el, out),
    }
    conv.ctx().heading_level = base;
}

/// A chart's transcription: what the modal window shows (its title, then its content), as a
/// titled block. The button that opens it lends its label to the title ("Transcription : …").
fn transcription<'p, 'h>(
    conv: &mut impl Converter<'p, 'h>,
    el: ElementRef<'h>,
    pos: Pos,
    out: &mut Vec<Block>,
) {
    if let Some(id) = el.value().id().filter(|i| !i.is_empty()) {
        let anchor = Block::Anchor {
            id: id.to_string(),
            pos,
        };
        conv.push(out, anchor);
    }
    let label = find_class(el, "fr-transcription__btn")
        .map(|b| conv.inline_content_ahead(b))
        .filter(|l| super::whitespace::has_content(l));
    let heading = find_class(el, "fr-modal__title");
    let name = heading
        .map(|t| {
            conv.skip(t);
            conv.inline_content_ahead(t)
        })
        .filter(|t| super::whitespace::has_content(t));
    let title = match (label, name) {
        (Some(mut label), Some(name)) => {
            label.push(Inline::Text(" : ".to_string()));
            label.extend(name);
            Some(label)
        }
        (label, name) => name.or(label),
    };
    let mut blocks = Vec::new();
    // The modal's content; else the collapsed part; else the whole, buttons aside.
    let content = find_class(el, "fr-modal__content")
        .or_else(|| find_class(el, "fr-collapse"))
        .unwrap_or(el);
    for button in content
        .descendent_elements()
        .filter(|d| d.value().name() == "button")
    {
        conv.skip(button);
    }
    conv.block_children(content, &mut blocks);
    let aside = Block::Aside {
        kind: AsideKind::Transcription,
        title,
        blocks,
        pos,
    };
    conv.push(out, aside);
}

/// Whether `e` is a design-system button (`fr-btn`) whose `href` leads nowhere (`#`, empty).
pub(super) fn is_dead_button(e: &scraper::node::Element) -> bool {
    e.classes().any(|c| c == "fr-btn")
        && e.attr("href").is_some_and(|h| matches!(h.trim(), "" | "#"))
}

/// Whether `e` is a download link's detail (`span.fr-link__detail`: the file's type and size).
pub(super) fn is_link_detail(e: &scraper::node::Element) -> bool {
    e.classes().any(|c| c == "fr-link__detail")
}

/// A download link's detail, set apart from the label as a browser shows it (on its own line
/// there; in parentheses here, where the link runs in a sentence).
pub(super) fn link_detail(content: Vec<Inline>) -> Vec<Inline> {
    if !super::whitespace::has_content(&content) {
        return content;
    }
    let mut out = vec![Inline::Text(" (".to_string())];
    out.extend(content);
    out.push(Inline::Text(")".to_string()));
    out
}
