//! Raw HTML into the same nodes as markdown, with html5ever's parser (through `scraper`).
//!
//! Layout wrappers (`div`, `section`, unknown tags…) are transparent: their children are read in
//! their place, and an `id=` on one becomes a [`Block::Anchor`]. Text loose inside a wrapper
//! becomes a paragraph. Navigation, forms, scripts and drawings are dropped. html5ever gives no
//! source positions, so each element's is found by looking for its start tag in the source from
//! the previous element's on: approximate when the parser invented an element, right otherwise.

use scraper::{ElementRef, Html, Node};

use super::dsfr::{self, Converter};
use super::whitespace::{collapse, has_content, normalize};
use super::PageCtx;
use crate::book::{Block, Image, Inline, LinkTarget, Pos};

/// Elements dropped with their content.
const DROPPED: &[&str] = &[
    "nav", "button", "script", "style", "form", "input", "select", "textarea", "option",
    "noscript", "template", "svg", "canvas", "head", "meta", "link", "title", "map", "dialog",
];

/// Elements read as inline content (text-level semantics).
const INLINE: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "b",
    "bdi",
    "bdo",
    "big",
    "br",
    "cite",
    "code",
    "data",
    "del",
    "dfn",
    "em",
    "font",
    "i",
    "img",
    "ins",
    "kbd",
    "label",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "time",
    "tt",
    "u",
    "var",
    "wbr",
    "picture",
    "livret-fn",
];

/// Elements the parser may create without a start tag in the source.
const IMPLIED: &[&str] = &["html", "head", "body", "tbody", "colgroup"];

/// Embedded players, shown as a link to the video.
pub(super) const PLAYERS: &[&str] = &["iframe", "video", "audio", "embed", "object"];

/// Converts an HTML block (a kramdown region, a comrak HTML block) starting at file position `at`,
/// `depth` levels deep in the page already (its elements count on from there toward
/// [`crate::limits::Limits::max_nesting`]).
pub(super) fn blocks(ctx: &mut PageCtx, src: &str, at: Pos, depth: usize) -> Vec<Block> {
    let Some(html) = parse(ctx, src, at) else {
        let mut out = Vec::new();
        push_paragraph(ctx, vec![Inline::Text(text_only(src))], at, false, &mut out);
        return out;
    };
    let mut out = Vec::new();
    if let Some(root) = html.tree.root().children().find_map(ElementRef::wrap) {
        let mut conv = Conv::new(ctx, src, at, false, depth);
        conv.block_children(root, &mut out);
    }
    out
}

/// Converts inline HTML written for the purpose (a markdown paragraph with inline HTML, rendered
/// back to HTML by the markdown walker): every node is at `at` unless it carries a
/// `data-livret-pos="line:col"` attribute. `depth` as for [`blocks`].
pub(super) fn inlines(ctx: &mut PageCtx, src: &str, at: Pos, depth: usize) -> Vec<Inline> {
    let Some(html) = parse(ctx, src, at) else {
        return vec![Inline::Text(text_only(src))];
    };
    let mut out = Vec::new();
    if let Some(root) = html.tree.root().children().find_map(ElementRef::wrap) {
        let mut conv = Conv::new(ctx, src, at, true, depth);
        conv.inline_children(root, &mut out);
    }
    normalize(out)
}

/// How many times [`crate::limits::Limits::max_nesting`] the elements open in an HTML fragment
/// (counted roughly: start tags minus end tags) may go before the fragment is refused. html5ever
/// looks through every open element at each tag, so its time grows with the square of the
/// depth: 200,000 nested `div`s would take hours. Real pages, unclosed `p` and `li` included,
/// stay far below.
const HTML_DEPTH_FACTOR: usize = 16;

/// `src` parsed by html5ever, unless its elements nest far deeper than the limit: then `None`
/// after the nesting warning, and the caller keeps the fragment's text only.
fn parse(ctx: &mut PageCtx, src: &str, at: Pos) -> Option<Html> {
    if open_depth(src) > ctx.limits.max_nesting.saturating_mul(HTML_DEPTH_FACTOR) {
        ctx.too_deep(at);
        return None;
    }
    Some(Html::parse_fragment(src))
}

/// The text of an HTML fragment without its tags, whitespace collapsed (entities left as written).
fn text_only(src: &str) -> String {
    let mut text = String::with_capacity(src.len());
    let mut in_tag = false;
    for c in src.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    collapse(&text)
}

/// The deepest run of start tags not yet ended in `src`, counting void and self-closed elements
/// as closed: a rough measure, enough to refuse pathological nesting cheaply.
fn open_depth(src: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let bytes = src.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        let rest = &bytes[i..];
        if rest.first() == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_len = rest
            .iter()
            .position(|b| !b.is_ascii_alphanumeric() && *b != b'-')
            .unwrap_or(rest.len());
        let name = String::from_utf8_lossy(&rest[..name_len]).to_ascii_lowercase();
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let self_closed = end > 0 && rest[end - 1] == b'/';
        if !self_closed && !VOID.contains(&name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The state of one HTML conversion.
pub(super) struct Conv<'c, 'p, 'h> {
    pub ctx: &'c mut PageCtx<'p>,
    src: &'c str,
    lower: String,
    line_starts: Vec<usize>,
    at: Pos,
    /// Byte offset in `src` of the last element found: the next one is searched from there.
    cursor: usize,
    /// The source is not the author's: every position is `at`.
    synthetic: bool,
    pub(super) depth: usize,
    /// Elements already read by a component (a callout's title…), skipped when met again.
    skip: Vec<ElementRef<'h>>,
}

impl<'c, 'p, 'h> Conv<'c, 'p, 'h> {
    fn new(ctx: &'c mut PageCtx<'p>, src: &'c str, at: Pos, synthetic: bool, depth: usize) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            ctx,
            src,
            lower: src.to_ascii_lowercase(),
            line_starts,
            at,
            cursor: 0,
            synthetic,
            depth,
            skip: Vec::new(),
        }
    }

    // ---- positions -------------------------------------------------------------------------

    /// The file position of byte `offset` of the source.
    fn pos_at(&self, offset: usize) -> Pos {
        if self.synthetic {
            return self.at;
        }
        let index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts[index];
        let col = self.src.get(start..offset).map_or(0, |s| s.chars().count()) as u32 + 1;
        let line = self.at.line.saturating_add(index as u32);
        let col = if index == 0 {
            col + self.at.col.saturating_sub(1)
        } else {
            col
        };
        Pos::new(line, col)
    }

    /// Finds the start tag of the next element `name` and returns its position.
    pub(super) fn locate(&mut self, name: &str) -> Pos {
        if self.synthetic || IMPLIED.contains(&name) {
            return self.pos_at(self.cursor);
        }
        let needle = format!("<{name}");
        let mut from = self.cursor;
        while let Some(i) = self.lower.get(from..).and_then(|s| s.find(&needle)) {
            let at = from + i;
            let next = self.lower.as_bytes().get(at + needle.len());
            if matches!(
                next,
                None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')
            ) {
                self.cursor = at + 1;
                return self.pos_at(at);
            }
            from = at + needle.len();
        }
        self.pos_at(self.cursor)
    }

    /// Moves the cursor past the end of the element whose start tag is just before it (found by
    /// [`Self::locate`]): what follows a dropped element is searched after it, not inside it.
    pub fn pass_end(&mut self, name: &str) {
        if self.synthetic || self.cursor == 0 {
            return;
        }
        let start = self.cursor - 1;
        let starts_here = self
            .lower
            .get(start..)
            .is_some_and(|s| s.starts_with('<') && s[1..].starts_with(name));
        if starts_here {
            if let Some(end) = super::kramdown::block_end(self.src, start) {
                self.cursor = end;
            }
        }
    }

    /// Finds a dropped element's start tag and moves the cursor past its end.
    fn pass_over(&mut self, name: &str) {
        if !self.synthetic && !IMPLIED.contains(&name) {
            self.locate(name);
            self.pass_end(name);
        }
    }

    /// Finds loose text (its first word) after the cursor and returns its position.
    pub(super) fn locate_text(&mut self, text: &str) -> Pos {
        if self.synthetic {
            return self.at;
        }
        let word: String = text
            .split([' ', '\t', '\n', '\r'])
            .find(|w| !w.is_empty())
            .map(|w| w.chars().take(12).collect())
            .unwrap_or_default();
        let mut end = (self.cursor + 4000).min(self.src.len());
        while !self.src.is_char_boundary(end) {
            end -= 1;
        }
        if !word.is_empty() {
            if let Some(i) = self.src.get(self.cursor..end).and_then(|s| s.find(&word)) {
                self.cursor += i;
            }
        }
        self.pos_at(self.cursor)
    }

    /// The `data-livret-pos` of an element written by the markdown walker.
    pub(super) fn data_pos(el: &scraper::node::Element) -> Option<Pos> {
        let (line, col) = el.attr("data-livret-pos")?.split_once(':')?;
        Some(Pos::new(line.parse().ok()?, col.parse().ok()?))
    }

    // ---- blocks ----------------------------------------------------------------------------

    /// Pushes a block, counting pushes (tiles side by side join one list).
    pub fn push(&mut self, out: &mut Vec<Block>, block: Block) {
        self.ctx.pushes += 1;
        out.push(block);
    }

    pub(super) fn skipped(&self, el: ElementRef<'h>) -> bool {
        self.skip.contains(&el)
    }

    /// The children of `el` as blocks, loose inline content gathered into paragraphs.
    pub fn block_children(&mut self, el: ElementRef<'h>, out: &mut Vec<Block>) {
        let mut loose: Vec<Inline> = Vec::new();
        let mut loose_pos: Option<Pos> = None;
        for child in el.children() {
            match child.value() {
                Node::Text(t) => {
                    if loose.is_empty() && t.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
                        continue;
                    }
                    if loose_pos.is_none() {
                        loose_pos = Some(self.locate_text(t));
                    }
                    loose.push(Inline::Text(t.to_string()));
                }
                Node::Element(e) => {
                    let Some(child_el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if self.skipped(child_el) {
                        continue;
                    }
                    if is_dropped(e) {
                        self.pass_over(e.name());
                        continue;
                    }
                    if INLINE.contains(&e.name()) {
                        let pos = self.locate(e.name());
                        loose_pos.get_or_insert(pos);
                        self.inline_element_at(child_el, pos, &mut loose);
                    } else {
                        let pos = self.pos_at(self.cursor);
                        self.flush(&mut loose, loose_pos.take().unwrap_or(pos), out);
                        self.block_element(child_el, out);
                    }
                }
                _ => {}
            }
        }
        let pos = self.pos_at(self.cursor);
        self.flush(&mut loose, loose_pos.unwrap_or(pos), out);
    }

    fn flush(&mut self, loose: &mut Vec<Inline>, pos: Pos, out: &mut Vec<Block>) {
        if loose.is_empty() {
            return;
        }
        let content = normalize(std::mem::take(loose));
        self.push_paragraph(content, pos, false, out);
    }

    /// Pushes a paragraph (a lead when `lead`), a figure when it is one image alone, only its
    /// anchors when it shows nothing.
    pub fn push_paragraph(
        &mut self,
        content: Vec<Inline>,
        pos: Pos,
        lead: bool,
        out: &mut Vec<Block>,
    ) {
        push_paragraph(self.ctx, content, pos, lead, out);
    }

    /// One block-level element.
    pub(super) fn block_element(&mut self, el: ElementRef<'h>, out: &mut Vec<Block>) {
        let name = el.value().name();
        let pos = self.locate(name);
        if self.depth >= self.ctx.limits.max_nesting {
            self.ctx.too_deep(pos);
            let text = collapse(&el.text().collect::<String>());
            self.push_paragraph(vec![Inline::Text(text)], pos, false, out);
            return;
        }
        self.depth += 1;
        self.block_element_at(el, pos, out);
        self.depth -= 1;
    }

    fn block_element_at(&mut self, el: ElementRef<'h>, pos: Pos, out: &mut Vec<Block>) {
        if dsfr::block(self, el, pos, out) {
            return;
        }
        let e = el.value();
        let name = e.name();
        if let Some(level) = heading_level(name) {
            let content = self.inline_content(el);
            self.ctx.heading_level = level;
            let id = e.id().filter(|i| !i.is_empty()).map(str::to_string);
            if let Some(heading) =
                super::heading(level, id, crate::book::HeadingOrigin::Html, content, pos)
            {
                self.push(out, heading);
            }
            return;
        }
        if let Some(id) = e.id().filter(|i| !i.is_empty()) {
            let anchor = Block::Anchor {
                id: id.to_string(),
                pos,
            };
            self.push(out, anchor);
        }
        match name {
            "p" => {
                let mut content = self.inline_content(el);
                // `<p lang="ar">`: the paragraph's language, kept as a span over its content
                // (the PDF's tag and the EPUB's `lang`, and `dir` for a right-to-left one).
                if let Some(lang) = e.attr("lang").map(str::trim).filter(|l| !l.is_empty()) {
                    content = vec![Inline::Lang {
                        lang: lang.to_string(),
                        content,
                    }];
                }
                self.push_paragraph(content, pos, false, out);
            }
            "ul" | "ol" | "menu" => self.list(el, pos, name == "ol", out),
            "table" => {
                let table = self.table(el, pos);
                if self.ctx.table_fits(&table) {
                    self.push(out, Block::Table(table));
                }
            }
            "figure" => self.figure(el, pos, out),
            "blockquote" => {
                let mut blocks = Vec::new();
                self.block_children(el, &mut blocks);
                self.push(out, Block::Quote { blocks, pos });
            }
            "details" => {
                let summary = el.child_elements().find(|c| c.value().name() == "summary");
                let title = summary.map(|s| {
                    self.skip.push(s);
                    self.inline_content_ahead(s)
                });
                let mut blocks = Vec::new();
                self.block_children(el, &mut blocks);
                let aside = Block::Aside {
                    kind: crate::book::AsideKind::Details,
                    title,
                    blocks,
                    pos,
                };
                self.push(out, aside);
            }
            "dl" => self.definitions(el, pos, out),
            "hr" => self.push(out, Block::Rule { pos }),
            "pre" => {
                let lang = el
                    .child_elements()
                    .find(|c| c.value().name() == "code")
                    .and_then(|c| {
                        c.value().classes().find_map(|k| {
                            k.strip_prefix("language-")
                                .or_else(|| k.strip_prefix("lang-"))
                                .map(str::to_string)
                        })
                    });
                let mut text: String = el.text().collect();
                if text.ends_with('\n') {
                    text.pop();
                }
                self.push(out, Block::Code { lang, text, pos });
            }
            _ if PLAYERS.contains(&name) => {
                let content = self.player(el, pos);
                self.push_paragraph(content, pos, false, out);
            }
            _ => self.block_children(el, out),
        }
    }

    // ---- inlines ---------------------------------------------------------------------------

    /// The inline content of an element read ahead of its turn (a component's title): the cursor
    /// is put back, so that the rest of the component is still found in order.
    pub fn inline_content_ahead(&mut self, el: ElementRef<'h>) -> Vec<Inline> {
        let saved = self.cursor;
        let content = self.inline_content(el);
        self.cursor = saved;
        content
    }

    /// The inline content of `el`, whitespace normalized.
    pub fn inline_content(&mut self, el: ElementRef<'h>) -> Vec<Inline> {
        let mut out = Vec::new();
        self.inline_children(el, &mut out);
        normalize(out)
    }

    pub(super) fn inline_children(&mut self, el: ElementRef<'h>, out: &mut Vec<Inline>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => out.push(Inline::Text(t.to_string())),
                Node::Element(e) => {
                    let Some(child_el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if self.skipped(child_el) {
                        continue;
                    }
                    if is_dropped(e) {
                        self.pass_over(e.name());
                        continue;
                    }
                    let pos = self.locate(e.name());
                    self.inline_element_at(child_el, pos, out);
                }
                _ => {}
            }
        }
    }

    fn inline_element_at(&mut self, el: ElementRef<'h>, pos: Pos, out: &mut Vec<Inline>) {
        if self.depth >= self.ctx.limits.max_nesting {
            self.ctx.too_deep(pos);
            out.push(Inline::Text(el.text().collect()));
            return;
        }
        self.depth += 1;
        let e = el.value();
        let name = e.name();
        if let Some(id) = e.id().filter(|i| !i.is_empty()) {
            out.push(Inline::Anchor(id.to_string()));
        }
        let mut inner = Vec::new();
        let children = |conv: &mut Self| {
            let mut c = Vec::new();
            conv.inline_children(el, &mut c);
            c
        };
        match name {
            "em" | "i" | "cite" | "dfn" | "var" => inner.push(Inline::Emph(children(self))),
            "strong" | "b" => inner.push(Inline::Strong(children(self))),
            "s" | "del" | "strike" => inner.push(Inline::Strike(children(self))),
            "sup" => inner.push(Inline::Sup(children(self))),
            "sub" => inner.push(Inline::Sub(children(self))),
            "code" | "kbd" | "samp" | "tt" | "pre" => {
                inner.push(Inline::Code(collapse(&el.text().collect::<String>())))
            }
            // A design-system button with no target (`href="#"`) is worked by a script: for a
            // reader of the page it leads nowhere, so its label is plain text.
            "a" if dsfr::is_dead_button(e) => inner = children(self),
            "a" => match e.attr("href") {
                Some(href) => {
                    let content = children(self);
                    inner.push(Inline::Link {
                        href: href.trim().to_string(),
                        target: LinkTarget::Unresolved,
                        content,
                        pos: Self::data_pos(e).unwrap_or(pos),
                    });
                }
                None => inner = children(self),
            },
            "img" => inner.push(Inline::Image(image(e, Self::data_pos(e).unwrap_or(pos)))),
            "abbr" | "acronym" => {
                let content = children(self);
                inner.push(Inline::Abbr {
                    title: e.attr("title").map(|t| collapse(t).trim().to_string()),
                    content,
                });
            }
            "br" => inner.push(Inline::LineBreak),
            "livret-fn" => {
                let number = e.attr("data-n").and_then(|n| n.parse().ok()).unwrap_or(0);
                inner.push(Inline::FootnoteRef {
                    number,
                    pos: Self::data_pos(e).unwrap_or(pos),
                });
            }
            _ if PLAYERS.contains(&name) => inner = self.player(el, pos),
            _ if dsfr::is_link_detail(e) => {
                inner = dsfr::link_detail(children(self));
            }
            _ if INLINE.contains(&name) => inner = children(self),
            _ => {
                // A block element inside inline content: its text, set apart by spaces.
                inner.push(Inline::Text(" ".to_string()));
                inner.extend(children(self));
                inner.push(Inline::Text(" ".to_string()));
            }
        }
        self.depth -= 1;
        match e.attr("lang").map(str::trim).filter(|l| !l.is_empty()) {
            Some(lang) => out.push(Inline::Lang {
                lang: lang.to_string(),
                content: inner,
            }),
            None => out.extend(inner),
        }
    }
}

/// The converter as the design-system components see it: each method is `Conv`'s own.
impl<'p, 'h> Converter<'p, 'h> for Conv<'_, 'p, 'h> {
    fn ctx(&mut self) -> &mut PageCtx<'p> {
        self.ctx
    }

    fn skip(&mut self, el: ElementRef<'h>) {
        self.skip.push(el);
    }

    fn pass_end(&mut self, name: &str) {
        Conv::pass_end(self, name);
    }

    fn push(&mut self, out: &mut Vec<Block>, block: Block) {
        Conv::push(self, out, block);
    }

    fn push_paragraph(&mut self, content: Vec<Inline>, pos: Pos, lead: bool, out: &mut Vec<Block>) {
        Conv::push_paragraph(self, content, pos, lead, out);
    }

    fn block_children(&mut self, el: ElementRef<'h>, out: &mut Vec<Block>) {
        Conv::block_children(self, el, out);
    }

    fn inline_content(&mut self, el: ElementRef<'h>) -> Vec<Inline> {
        Conv::inline_content(self, el)
    }

    fn inline_content_ahead(&mut self, el: ElementRef<'h>) -> Vec<Inline> {
        Conv::inline_content_ahead(self, el)
    }
}

/// Pushes a paragraph, a figure (one image alone) or, when it shows nothing, only its anchors.
pub(super) fn push_paragraph(
    ctx: &mut PageCtx,
    content: Vec<Inline>,
    pos: Pos,
    lead: bool,
    out: &mut Vec<Block>,
) {
    ctx.pushes += 1;
    if !has_content(&content) {
        for inline in content {
            if let Inline::Anchor(id) = inline {
                out.push(Block::Anchor { id, pos });
            }
        }
        return;
    }
    // One image alone (anchors beside it, from ids, do not count): a figure, its anchors before.
    let anchors = content
        .iter()
        .filter(|i| matches!(i, Inline::Anchor(_)))
        .count();
    if content.len() == anchors + 1 {
        if let Some(Inline::Image(_)) = content.iter().find(|i| !matches!(i, Inline::Anchor(_))) {
            let (ids, image): (Vec<Inline>, Vec<Inline>) = content
                .into_iter()
                .partition(|i| matches!(i, Inline::Anchor(_)));
            for inline in ids.into_iter().chain(image) {
                match inline {
                    Inline::Anchor(id) => out.push(Block::Anchor { id, pos }),
                    Inline::Image(image) => out.push(Block::Figure {
                        image,
                        caption: None,
                        pos,
                    }),
                    _ => {}
                }
            }
            return;
        }
    }
    out.push(if lead {
        Block::Lead { content, pos }
    } else {
        Block::Paragraph { content, pos }
    });
}

pub(super) fn is_dropped(e: &scraper::node::Element) -> bool {
    DROPPED.contains(&e.name()) || e.attr("hidden").is_some()
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

pub(super) fn image(e: &scraper::node::Element, pos: Pos) -> Image {
    Image {
        src: e.attr("src").unwrap_or("").trim().to_string(),
        alt: e.attr("alt").map(str::to_string),
        title: e.attr("title").map(str::to_string),
        width: e.attr("width").and_then(crate::book::Length::parse),
        height: e.attr("height").and_then(crate::book::Length::parse),
        target: Default::default(),
        pos,
    }
}

#[cfg(test)]
mod tests {
    use super::open_depth;

    #[test]
    fn open_depth_counts_unclosed_start_tags() {
        assert_eq!(open_depth("<div><p>a</p><br><img src=x/></div>"), 2);
        assert_eq!(open_depth(&"<div>".repeat(300)), 300);
        assert_eq!(open_depth("a < b <!-- c --> </x></y>"), 0);
        assert_eq!(open_depth("<ul><li>a<li>b</ul>"), 3);
    }
}
