//! Markdown (comrak, GFM extensions) into document nodes.
//!
//! Positions: comrak counts lines from 1 in the body it is given, which has exactly the body's
//! lines (see [`super::kramdown`]), so a node's file line is its body line plus `body_line - 1`.
//! HTML block placeholders are swapped for their region, converted by [`super::html`]. Inline
//! containers holding raw inline HTML (`<span lang="en">`, `<abbr>`…, split by comrak over several
//! nodes) are rendered back to one HTML string and parsed by the HTML parser.

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{parse_document, Arena};

use super::commonmark::options;
use super::html;
use super::kramdown::{RegionKind, PLACEHOLDER};
use super::whitespace::normalize;
use super::PageCtx;
use super::{abbrev, delimiters, emphasis, typographic};
use crate::book::{
    Align, Block, Cell, Definition, Footnote, HeadingOrigin, Image, Inline, LinkTarget, ListItem,
    Pos, Table,
};

/// Byte columns of the parsed text as character columns: ASCII lines as they are, other lines
/// through the byte offsets of their characters, computed once per line when first asked.
struct Columns<'m> {
    lines: Vec<&'m str>,
    /// Per line: `None` until asked; then empty for an ASCII line, else the byte offset of each
    /// character.
    starts: Vec<Option<Vec<usize>>>,
}

impl<'m> Columns<'m> {
    fn new(markdown: &'m str) -> Self {
        let lines: Vec<&str> = markdown.lines().collect();
        let starts = vec![None; lines.len()];
        Columns { lines, starts }
    }

    /// The 1-based character column of 1-based byte column `col` on 1-based line `line`.
    fn char_col(&mut self, line: usize, col: usize) -> usize {
        let Some(text) = line.checked_sub(1).and_then(|i| self.lines.get(i)) else {
            return col;
        };
        if col == 0 {
            return 0;
        }
        let starts = self.starts[line - 1].get_or_insert_with(|| {
            if text.is_ascii() {
                Vec::new()
            } else {
                text.char_indices().map(|(i, _)| i).collect()
            }
        });
        if starts.is_empty() {
            return col.min(text.len() + 1);
        }
        if col > text.len() {
            return starts.len() + 1;
        }
        // Characters starting at or before the byte: as comrak's `sourcepos_chars` counts.
        starts.partition_point(|&i| i < col)
    }
}

/// Parses the (placeholdered) body: its blocks, and its footnotes in number order.
pub(super) fn parse(ctx: &mut PageCtx, markdown: &str) -> (Vec<Block>, Vec<Footnote>) {
    let arena = Arena::new();
    // kramdown's emphasis, not CommonMark's: comrak never sees the delimiters.
    let markdown = &delimiters::hide(markdown);
    let root = parse_document(&arena, markdown, &options());
    emphasis::apply(&arena, root);
    delimiters::restore_tree(root);
    // kramdown's `--`, `...`, `<<` and smart quotes, before the French typography stage.
    typographic::apply(root);
    let mut walker = Walker {
        ctx,
        depth: 0,
        raw_links: 0,
        columns: Columns::new(markdown),
    };
    let mut blocks = Vec::new();
    let mut definitions = Vec::new();
    for child in root.children() {
        if let NodeValue::FootnoteDefinition(def) = &child.data().value {
            definitions.push((def.name.clone(), child));
            continue;
        }
        walker.block(child, &mut blocks);
    }
    let mut footnotes = Vec::new();
    for (name, node) in definitions {
        let Some(number) = walker.ctx.called_footnote(&name) else {
            continue;
        };
        let pos = walker.pos(node);
        let mut note_blocks = Vec::new();
        walker.children(node, &mut note_blocks);
        footnotes.push(Footnote {
            number,
            id: format!("{}-fn-{number}", walker.ctx.chapter_id),
            blocks: note_blocks,
            pos,
        });
    }
    footnotes.sort_by_key(|f| f.number);
    (blocks, footnotes)
}

struct Walker<'c, 'p, 'm> {
    ctx: &'c mut PageCtx<'p>,
    columns: Columns<'m>,
    depth: usize,
    /// Raw `<a …>` tags open while rendering inline HTML: an autolink inside one is plain text.
    raw_links: usize,
}

impl Walker<'_, '_, '_> {
    fn pos<'a>(&mut self, node: &'a AstNode<'a>) -> Pos {
        let sp = node.data().sourcepos;
        let col = self.columns.char_col(sp.start.line, sp.start.column);
        self.ctx.body_pos(sp.start.line, col)
    }

    /// File lines `(first, last)` a node spans.
    fn lines<'a>(&self, node: &'a AstNode<'a>) -> (u32, u32) {
        let sp = node.data().sourcepos;
        (
            self.ctx.body_pos(sp.start.line, 1).line,
            self.ctx.body_pos(sp.end.line, 1).line,
        )
    }

    fn push(&mut self, out: &mut Vec<Block>, block: Block) {
        self.ctx.pushes += 1;
        out.push(block);
    }

    fn children<'a>(&mut self, node: &'a AstNode<'a>, out: &mut Vec<Block>) {
        for child in node.children() {
            self.block(child, out);
        }
    }

    /// An anchor for a kramdown `{:#id}` on a block that has no id of its own.
    fn ial_anchor<'a>(&mut self, node: &'a AstNode<'a>, out: &mut Vec<Block>) {
        let (first, last) = self.lines(node);
        if let Some(id) = self.ctx.block_attrs(first, last).and_then(|a| a.id.clone()) {
            let pos = self.pos(node);
            self.push(out, Block::Anchor { id, pos });
        }
    }

    fn block<'a>(&mut self, node: &'a AstNode<'a>, out: &mut Vec<Block>) {
        let pos = self.pos(node);
        if self.depth >= self.ctx.limits.max_nesting {
            self.ctx.too_deep(pos);
            let text = node.collect_text();
            html::push_paragraph(self.ctx, vec![Inline::Text(text)], pos, false, out);
            return;
        }
        self.depth += 1;
        self.block_at(node, pos, out);
        self.depth -= 1;
    }

    fn block_at<'a>(&mut self, node: &'a AstNode<'a>, pos: Pos, out: &mut Vec<Block>) {
        let value = node.data().value.clone();
        match value {
            NodeValue::Heading(h) => {
                let (first, last) = self.lines(node);
                let id = self
                    .ctx
                    .page
                    .heading_ids
                    .get(&first)
                    .cloned()
                    .or_else(|| self.ctx.block_attrs(first, last).and_then(|a| a.id.clone()));
                let mut content = self.inlines(node);
                let written = strip_header_id(&mut content);
                let id = id.or(written);
                self.ctx.heading_level = h.level;
                if let Some(heading) =
                    super::heading(h.level, id, HeadingOrigin::Markdown, content, pos)
                {
                    self.push(out, heading);
                }
            }
            NodeValue::Paragraph => {
                self.ial_anchor(node, out);
                let (first, last) = self.lines(node);
                let attrs = self.ctx.block_attrs(first, last);
                let lead = attrs.is_some_and(|a| a.classes.iter().any(|c| c == "fr-text--lead"));
                // `{: lang="ar"}`: the paragraph's language, as a span over its content (as
                // `<p lang="ar">`).
                let lang = attrs.and_then(|a| {
                    a.attrs
                        .iter()
                        .find(|(k, v)| k == "lang" && !v.trim().is_empty())
                        .map(|(_, v)| v.trim().to_string())
                });
                let mut content = self.inlines(node);
                if let Some(lang) = lang {
                    content = vec![Inline::Lang { lang, content }];
                }
                html::push_paragraph(self.ctx, content, pos, lead, out);
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                self.ial_anchor(node, out);
                let mut blocks = Vec::new();
                self.children(node, &mut blocks);
                self.push(out, Block::Quote { blocks, pos });
            }
            NodeValue::List(list) => {
                self.ial_anchor(node, out);
                let mut items = Vec::new();
                for item in node.children() {
                    let task = match &item.data().value {
                        NodeValue::TaskItem(t) => Some(t.symbol.is_some()),
                        _ => None,
                    };
                    let mut blocks = Vec::new();
                    self.children(item, &mut blocks);
                    items.push(ListItem { task, blocks });
                }
                let ordered = list.list_type == ListType::Ordered;
                // kramdown numbers from the list's `start` attribute (`{: start="5"}`), if any,
                // and from 1 otherwise: the first item's own number (`3.`) is not a start to
                // kramdown, so the site shows 1, 2… and so does the guide.
                let (first, last) = self.lines(node);
                let start_attr = self.ctx.block_attrs(first, last).and_then(|a| {
                    a.attrs
                        .iter()
                        .find(|(k, _)| k == "start")
                        .and_then(|(_, v)| v.trim().parse::<u32>().ok())
                });
                let list = Block::List {
                    ordered,
                    start: if ordered { start_attr.unwrap_or(1) } else { 1 },
                    items,
                    pos,
                };
                self.push(out, list);
            }
            NodeValue::CodeBlock(code) => {
                let lang = code
                    .info
                    .split_whitespace()
                    .next()
                    .map(|l| l.trim_matches(['{', '}', '.']).to_string())
                    .filter(|l| !l.is_empty());
                let mut text = code.literal.clone();
                if text.ends_with('\n') {
                    text.pop();
                }
                self.push(out, Block::Code { lang, text, pos });
            }
            NodeValue::HtmlBlock(block) => self.html_block(&block.literal, pos, out),
            NodeValue::ThematicBreak => self.push(out, Block::Rule { pos }),
            NodeValue::Table(table) => {
                self.ial_anchor(node, out);
                let table = self.table(node, &table.alignments, pos);
                if self.ctx.table_fits(&table) {
                    self.push(out, Block::Table(table));
                }
            }
            NodeValue::DescriptionList => {
                let items = self.definitions(node);
                self.push(out, Block::DefinitionList { items, pos });
            }
            NodeValue::FootnoteDefinition(_) => {
                // Only at the top level (handled by `parse`); nested ones are ignored.
            }
            NodeValue::Document
            | NodeValue::Item(_)
            | NodeValue::TaskItem(_)
            | NodeValue::DescriptionItem(_) => self.children(node, out),
            _ => {
                // An inline node where a block was expected, or a disabled extension.
                let content = self.inline_list(node);
                html::push_paragraph(self.ctx, normalize(content), pos, false, out);
            }
        }
    }

    /// A definition list's items as kramdown makes them: each line of the paragraph before
    /// the `:` is a term of its own (`<dt>` after `<dt>`), and a `:` with no term of its own
    /// (after a blank line, or after another `:`) is one more definition of the term before,
    /// never an empty term.
    fn definitions<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Definition> {
        let mut items: Vec<Definition> = Vec::new();
        for item in node.children() {
            for part in item.children() {
                let part_value = part.data().value.clone();
                match part_value {
                    NodeValue::DescriptionTerm => {
                        for term in self.term_lines(part) {
                            items.push(Definition {
                                term,
                                details: Vec::new(),
                            });
                        }
                    }
                    NodeValue::DescriptionDetails => {
                        let mut blocks = Vec::new();
                        self.children(part, &mut blocks);
                        // The term before: this item's, else the previous item's.
                        if items.is_empty() {
                            items.push(Definition::default());
                        }
                        if let Some(last) = items.last_mut() {
                            last.details.push(blocks);
                        }
                    }
                    _ => {}
                }
            }
        }
        items
    }

    /// The terms of a definition term (which holds a paragraph): one per source line.
    fn term_lines<'a>(&mut self, term: &'a AstNode<'a>) -> Vec<Vec<Inline>> {
        let mut lines = Vec::new();
        for p in term.children() {
            let split = p
                .children()
                .any(|c| matches!(c.data().value, NodeValue::SoftBreak));
            let has_html = p
                .descendants()
                .any(|d| matches!(d.data().value, NodeValue::HtmlInline(_)));
            if !split || has_html {
                lines.push(self.inlines(p));
                continue;
            }
            let mut line = Vec::new();
            for c in p.children() {
                if matches!(c.data().value, NodeValue::SoftBreak) {
                    lines.push(normalize(std::mem::take(&mut line)));
                } else {
                    self.inline(c, &mut line);
                }
            }
            lines.push(normalize(line));
        }
        lines.retain(|l| !l.is_empty());
        lines
    }

    /// An HTML block: a kramdown region's placeholder, or a CommonMark HTML block.
    fn html_block(&mut self, literal: &str, pos: Pos, out: &mut Vec<Block>) {
        let index = literal
            .trim_start()
            .strip_prefix(PLACEHOLDER)
            .map(|rest| {
                rest.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|n| n.parse::<usize>().ok());
        let Some(region) = index.and_then(|i| self.ctx.regions.get(i).cloned()) else {
            let blocks = html::blocks(self.ctx, literal, pos, self.depth);
            out.extend(blocks);
            return;
        };
        let at = self.ctx.body_pos(region.line as usize, 1);
        match region.kind {
            RegionKind::Html => {
                let blocks = html::blocks(self.ctx, &region.html, at, self.depth);
                out.extend(blocks);
            }
            RegionKind::MarkdownOpen { id: Some(id) } => {
                self.push(out, Block::Anchor { id, pos: at });
            }
            RegionKind::MarkdownOpen { id: None } => {}
        }
    }

    fn table<'a>(
        &mut self,
        node: &'a AstNode<'a>,
        alignments: &[TableAlignment],
        pos: Pos,
    ) -> Table {
        let mut table = Table {
            align: alignments
                .iter()
                .map(|a| match a {
                    TableAlignment::None => Align::None,
                    TableAlignment::Left => Align::Left,
                    TableAlignment::Center => Align::Center,
                    TableAlignment::Right => Align::Right,
                })
                .collect(),
            pos,
            ..Table::default()
        };
        for row in node.children() {
            let header = matches!(row.data().value, NodeValue::TableRow(true));
            let mut cells = Vec::new();
            for cell in row.children() {
                let cell_pos = self.pos(cell);
                let content = self.inlines(cell);
                let mut blocks = Vec::new();
                html::push_paragraph(self.ctx, content, cell_pos, false, &mut blocks);
                cells.push(Cell {
                    header,
                    colspan: 1,
                    rowspan: 1,
                    blocks,
                });
            }
            if header {
                table.head.push(cells);
            } else {
                table.body.push(cells);
            }
        }
        table
    }

    // ---- inlines ---------------------------------------------------------------------------

    /// The inline content of a paragraph-like node, whitespace normalized, the page's
    /// abbreviations marked.
    fn inlines<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Inline> {
        let has_html = node
            .descendants()
            .any(|d| matches!(d.data().value, NodeValue::HtmlInline(_)));
        let mut content = if has_html {
            let mut src = String::new();
            self.raw_links = 0;
            for child in node.children() {
                self.render_html(child, &mut src, 0);
            }
            let pos = self.pos(node);
            html::inlines(self.ctx, &src, pos, self.depth)
        } else {
            normalize(self.inline_list(node))
        };
        abbrev::mark(&mut content, &self.ctx.page.abbreviations);
        content
    }

    fn inline_list<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Inline> {
        let mut out = Vec::new();
        for child in node.children() {
            self.inline(child, &mut out);
        }
        out
    }

    fn inline<'a>(&mut self, node: &'a AstNode<'a>, out: &mut Vec<Inline>) {
        if self.depth >= self.ctx.limits.max_nesting {
            let pos = self.pos(node);
            self.ctx.too_deep(pos);
            out.push(Inline::Text(node.collect_text()));
            return;
        }
        self.depth += 1;
        let value = node.data().value.clone();
        match value {
            NodeValue::Text(t) => out.push(Inline::Text(t.to_string())),
            NodeValue::SoftBreak => out.push(Inline::Text(" ".into())),
            NodeValue::LineBreak => out.push(Inline::LineBreak),
            NodeValue::Code(c) => out.push(Inline::Code(c.literal)),
            NodeValue::Emph => out.push(Inline::Emph(self.inline_list(node))),
            NodeValue::Strong => out.push(Inline::Strong(self.inline_list(node))),
            NodeValue::Strikethrough => out.push(Inline::Strike(self.inline_list(node))),
            NodeValue::Superscript => out.push(Inline::Sup(self.inline_list(node))),
            NodeValue::Subscript => out.push(Inline::Sub(self.inline_list(node))),
            NodeValue::Link(link) => {
                let pos = self.pos(node);
                let content = self.inline_list(node);
                // `[](url)`: a link with nothing in it shows nothing on the site and can be
                // neither seen nor named in the guide (an EPUB link without text is an
                // accessibility failure): left out, and said.
                if !super::whitespace::has_content(&content) {
                    self.ctx.diags.push(
                        crate::diag::Diagnostic::warning(
                            crate::diag::Code::LinkNoText,
                            &self.ctx.display,
                            pos.line,
                            pos.col,
                            format!("link to `{}` has no text: left out", link.url),
                        )
                        .with_hint("write the link's text between the brackets: `[text](url)`"),
                    );
                    out.extend(content);
                } else {
                    out.push(Inline::Link {
                        href: link.url.clone(),
                        target: LinkTarget::Unresolved,
                        content,
                        pos,
                    });
                }
            }
            NodeValue::Image(link) => out.push(Inline::Image(Image {
                src: link.url.clone(),
                alt: Some(node.collect_text()),
                title: Some(link.title.clone()).filter(|t| !t.is_empty()),
                target: Default::default(),
                pos: self.pos(node),
                ..Image::default()
            })),
            NodeValue::FootnoteReference(r) => {
                let number = self.ctx.footnote_number(&r.name);
                out.push(Inline::FootnoteRef {
                    number,
                    pos: self.pos(node),
                });
            }
            NodeValue::HtmlInline(h) | NodeValue::Raw(h) => out.push(Inline::Text(h)),
            _ => out.extend(self.inline_list(node)),
        }
        self.depth -= 1;
    }

    /// Renders inline nodes back to HTML for the HTML parser, positions kept in
    /// `data-livret-pos` and footnote calls as `<livret-fn>`.
    fn render_html<'a>(&mut self, node: &'a AstNode<'a>, out: &mut String, depth: usize) {
        if depth >= self.ctx.limits.max_nesting {
            escape(&node.collect_text(), out);
            return;
        }
        let value = node.data().value.clone();
        let wrap = |w: &mut Self, out: &mut String, tag: &str| {
            out.push_str(&format!("<{tag}>"));
            for c in node.children() {
                w.render_html(c, out, depth + 1);
            }
            out.push_str(&format!("</{tag}>"));
        };
        match value {
            NodeValue::Text(t) => escape(&t, out),
            NodeValue::SoftBreak => out.push('\n'),
            NodeValue::LineBreak => out.push_str("<br>"),
            NodeValue::Code(c) => {
                out.push_str("<code>");
                escape(&c.literal, out);
                out.push_str("</code>");
            }
            NodeValue::HtmlInline(h) => {
                let tag = h.to_ascii_lowercase();
                if tag.starts_with("</a") {
                    self.raw_links = self.raw_links.saturating_sub(1);
                } else if tag.starts_with("<a") && tag[2..].starts_with([' ', '\n', '\t', '>']) {
                    self.raw_links += 1;
                }
                // Raw links and images keep their position too.
                let name_len = ["<a", "<img"]
                    .into_iter()
                    .find(|n| tag.starts_with(n) && tag[n.len()..].starts_with([' ', '\n', '\t']))
                    .map(str::len);
                match name_len {
                    Some(n) => {
                        let pos = self.pos(node);
                        out.push_str(&h[..n]);
                        out.push_str(&format!(" data-livret-pos=\"{}:{}\"", pos.line, pos.col));
                        out.push_str(&h[n..]);
                    }
                    None => out.push_str(&h),
                }
            }
            NodeValue::Link(_) if self.raw_links > 0 => {
                for c in node.children() {
                    self.render_html(c, out, depth + 1);
                }
            }
            NodeValue::Emph => wrap(self, out, "em"),
            NodeValue::Strong => wrap(self, out, "strong"),
            NodeValue::Strikethrough => wrap(self, out, "del"),
            NodeValue::Superscript => wrap(self, out, "sup"),
            NodeValue::Subscript => wrap(self, out, "sub"),
            NodeValue::Link(link) => {
                let pos = self.pos(node);
                out.push_str("<a href=\"");
                escape(&link.url, out);
                out.push_str(&format!("\" data-livret-pos=\"{}:{}\">", pos.line, pos.col));
                for c in node.children() {
                    self.render_html(c, out, depth + 1);
                }
                out.push_str("</a>");
            }
            NodeValue::Image(link) => {
                let pos = self.pos(node);
                out.push_str("<img src=\"");
                escape(&link.url, out);
                out.push_str("\" alt=\"");
                escape(&node.collect_text(), out);
                if !link.title.is_empty() {
                    out.push_str("\" title=\"");
                    escape(&link.title, out);
                }
                out.push_str(&format!("\" data-livret-pos=\"{}:{}\">", pos.line, pos.col));
            }
            NodeValue::FootnoteReference(r) => {
                let number = self.ctx.footnote_number(&r.name);
                let pos = self.pos(node);
                out.push_str(&format!(
                    "<livret-fn data-n=\"{number}\" data-livret-pos=\"{}:{}\"></livret-fn>",
                    pos.line, pos.col
                ));
            }
            _ => {
                for c in node.children() {
                    self.render_html(c, out, depth + 1);
                }
            }
        }
    }
}

/// Removes a kramdown header id (`## Titre {#id}`) the loader left on a heading, returning it.
fn strip_header_id(content: &mut [Inline]) -> Option<String> {
    let Some(Inline::Text(text)) = content.last_mut() else {
        return None;
    };
    let inner = text.trim_end().strip_suffix('}')?;
    let at = inner.rfind("{#")?;
    let id = &inner[at + 2..];
    if id.is_empty() || id.contains(char::is_whitespace) {
        return None;
    }
    let id = id.to_string();
    let kept = inner[..at].trim_end().len();
    text.truncate(kept);
    Some(id)
}

/// Escapes text for HTML (quotes too: it also goes into attributes).
fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Columns;

    #[test]
    fn byte_columns_become_character_columns() {
        let mut columns = Columns::new("abc\né > x\n");
        assert_eq!(columns.char_col(1, 2), 2);
        assert_eq!(columns.char_col(1, 9), 4);
        // `é` is two bytes: `>` is byte 4, character 3.
        assert_eq!(columns.char_col(2, 4), 3);
        assert_eq!(columns.char_col(2, 3), 2);
        assert_eq!(columns.char_col(2, 2), 1);
        assert_eq!(columns.char_col(2, 99), 6);
        assert_eq!(columns.char_col(7, 5), 5);
    }
}
