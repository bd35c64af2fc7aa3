//! HTML structures with parts: lists, tables, figures, definition lists, embedded players.
//!
//! Methods of the HTML conversion ([`Conv`]) split out of `html.rs` for size.

use scraper::{ElementRef, Node};

use super::html::{image, is_dropped, Conv};
use super::whitespace::{collapse, has_content};
use crate::book::{Align, Block, Cell, Definition, Inline, LinkTarget, ListItem, Pos, Table};

impl<'h> Conv<'_, '_, 'h> {
    pub(super) fn list(
        &mut self,
        el: ElementRef<'h>,
        pos: Pos,
        ordered: bool,
        out: &mut Vec<Block>,
    ) {
        let start = if ordered {
            el.value()
                .attr("start")
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(1)
        } else {
            1
        };
        let mut items = Vec::new();
        for child in el.children() {
            if let Some(child_el) = ElementRef::wrap(child) {
                if self.skipped(child_el) || is_dropped(child_el.value()) {
                    continue;
                }
                let mut blocks = Vec::new();
                if child_el.value().name() == "li" {
                    let item_pos = self.locate("li");
                    if let Some(id) = child_el.value().id().filter(|i| !i.is_empty()) {
                        blocks.push(Block::Anchor {
                            id: id.to_string(),
                            pos: item_pos,
                        });
                    }
                    self.depth += 1;
                    if self.depth < self.ctx.limits.max_nesting {
                        self.block_children(child_el, &mut blocks);
                    } else {
                        self.ctx.too_deep(item_pos);
                        let text = collapse(&child_el.text().collect::<String>());
                        self.push_paragraph(vec![Inline::Text(text)], item_pos, false, &mut blocks);
                    }
                    self.depth -= 1;
                } else {
                    self.block_element(child_el, &mut blocks);
                }
                items.push(ListItem { task: None, blocks });
            } else if let Node::Text(t) = child.value() {
                if !t.trim().is_empty() {
                    let p = self.locate_text(t);
                    let mut blocks = Vec::new();
                    self.push_paragraph(vec![Inline::Text(t.to_string())], p, false, &mut blocks);
                    items.push(ListItem { task: None, blocks });
                }
            }
        }
        let list = Block::List {
            ordered,
            start,
            items,
            pos,
        };
        self.push(out, list);
    }

    pub(super) fn table(&mut self, el: ElementRef<'h>, pos: Pos) -> Table {
        let mut table = Table {
            pos,
            ..Table::default()
        };
        for part in el.child_elements() {
            match part.value().name() {
                "caption" => table.caption = Some(self.inline_content(part)),
                "thead" => {
                    for tr in part.child_elements().filter(|r| r.value().name() == "tr") {
                        let row = self.row(tr);
                        table.head.push(row);
                    }
                }
                "tbody" | "tfoot" => {
                    for tr in part.child_elements().filter(|r| r.value().name() == "tr") {
                        let row = self.row(tr);
                        table.body.push(row);
                    }
                }
                "tr" => {
                    let row = self.row(part);
                    table.body.push(row);
                }
                _ => {}
            }
        }
        let columns = table
            .head
            .iter()
            .chain(&table.body)
            .map(|r| r.iter().map(|c| c.colspan as usize).sum::<usize>())
            .max()
            .unwrap_or(0);
        table.align = vec![Align::None; columns.min(1000)];
        let first = el
            .descendent_elements()
            .find(|e| e.value().name() == "tr")
            .into_iter()
            .flat_map(|tr| tr.child_elements().collect::<Vec<_>>());
        for (i, cell) in first.enumerate() {
            if let Some(slot) = table.align.get_mut(i) {
                *slot = cell_align(cell.value());
            }
        }
        table
    }

    pub(super) fn row(&mut self, tr: ElementRef<'h>) -> Vec<Cell> {
        self.locate("tr");
        let mut row = Vec::new();
        for cell in tr.child_elements() {
            let name = cell.value().name();
            if name != "td" && name != "th" {
                continue;
            }
            self.locate(name);
            let span = |attr: &str| {
                cell.value()
                    .attr(attr)
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1000)
            };
            let mut blocks = Vec::new();
            self.depth += 1;
            if self.depth < self.ctx.limits.max_nesting {
                self.block_children(cell, &mut blocks);
            }
            self.depth -= 1;
            row.push(Cell {
                header: name == "th",
                colspan: span("colspan"),
                rowspan: span("rowspan"),
                blocks,
            });
        }
        row
    }

    pub(super) fn figure(&mut self, el: ElementRef<'h>, pos: Pos, out: &mut Vec<Block>) {
        let caption_el = el
            .child_elements()
            .find(|c| c.value().name() == "figcaption");
        let img = el.descendent_elements().find(|d| {
            d.value().name() == "img"
                && !d
                    .ancestors()
                    .any(|a| ElementRef::wrap(a).is_some_and(|a| a.value().name() == "figcaption"))
        });
        let other_text = el
            .children()
            .filter(|c| ElementRef::wrap(*c).is_none_or(|e| Some(e) != caption_el))
            .any(|c| match c.value() {
                Node::Text(t) => !t.trim().is_empty(),
                Node::Element(_) => ElementRef::wrap(c)
                    .is_some_and(|e| !e.text().collect::<String>().trim().is_empty()),
                _ => false,
            });
        match img {
            Some(img) if !other_text => {
                let image_pos = self.locate("img");
                let image = image(img.value(), image_pos);
                let caption = caption_el
                    .map(|c| self.inline_content(c))
                    .filter(|c| has_content(c));
                let figure = Block::Figure {
                    image,
                    caption,
                    pos,
                };
                self.push(out, figure);
            }
            _ => self.block_children(el, out),
        }
    }

    pub(super) fn definitions(&mut self, el: ElementRef<'h>, pos: Pos, out: &mut Vec<Block>) {
        let mut items: Vec<Definition> = Vec::new();
        let mut parts: Vec<ElementRef<'h>> = Vec::new();
        for child in el.child_elements() {
            if child.value().name() == "div" {
                parts.extend(child.child_elements());
            } else {
                parts.push(child);
            }
        }
        for part in parts {
            match part.value().name() {
                "dt" => {
                    self.locate("dt");
                    let term = self.inline_content(part);
                    items.push(Definition {
                        term,
                        details: Vec::new(),
                    });
                }
                "dd" => {
                    self.locate("dd");
                    let mut blocks = Vec::new();
                    self.block_children(part, &mut blocks);
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
        self.push(out, Block::DefinitionList { items, pos });
    }

    /// An embedded player as inline content: `Vidéo : <link to the video>`.
    pub(super) fn player(&mut self, el: ElementRef<'h>, pos: Pos) -> Vec<Inline> {
        let e = el.value();
        let src = e.attr("src").or_else(|| {
            el.descendent_elements()
                .find(|d| d.value().name() == "source")
                .and_then(|s| s.value().attr("src"))
        });
        let Some(src) = src.filter(|s| !s.trim().is_empty()) else {
            return Vec::new();
        };
        let href = watch_url(src.trim());
        let label = e
            .attr("title")
            .or_else(|| e.attr("aria-label"))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(&href)
            .to_string();
        let prefix = if e.name() == "audio" {
            "Audio : "
        } else {
            "Vidéo : "
        };
        vec![
            Inline::Text(prefix.to_string()),
            Inline::Link {
                href,
                target: LinkTarget::Unresolved,
                content: vec![Inline::Text(label)],
                pos,
            },
        ]
    }
}

fn cell_align(e: &scraper::node::Element) -> Align {
    let style = e.attr("style").unwrap_or("").to_ascii_lowercase();
    let value = e.attr("align").map(str::to_ascii_lowercase).or_else(|| {
        let at = style.find("text-align")?;
        let rest = style[at + "text-align".len()..]
            .trim_start()
            .strip_prefix(':')?;
        Some(rest.trim_start().split([';', ' ']).next()?.to_string())
    });
    match value.as_deref() {
        Some("left") => Align::Left,
        Some("center") => Align::Center,
        Some("right") => Align::Right,
        _ => Align::None,
    }
}

/// The page of a video rather than its embedded player, for the known hosts.
fn watch_url(src: &str) -> String {
    let src = if let Some(rest) = src.strip_prefix("//") {
        format!("https://{rest}")
    } else {
        src.to_string()
    };
    let id_after = |marker: &str| -> Option<String> {
        let at = src.find(marker)? + marker.len();
        let id: String = src[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        (!id.is_empty()).then_some(id)
    };
    if let Some(id) = id_after("dailymotion.com/embed/video/") {
        return format!("https://www.dailymotion.com/video/{id}");
    }
    if let Some(id) =
        id_after("youtube.com/embed/").or_else(|| id_after("youtube-nocookie.com/embed/"))
    {
        return format!("https://www.youtube.com/watch?v={id}");
    }
    if let Some(id) = id_after("player.vimeo.com/video/") {
        return format!("https://vimeo.com/{id}");
    }
    src
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn embedded_players_link_to_the_video_page() {
        assert_eq!(
            watch_url("https://www.dailymotion.com/embed/video/x6xki7d"),
            "https://www.dailymotion.com/video/x6xki7d"
        );
        assert_eq!(
            watch_url("//www.youtube.com/embed/abc_12?rel=0"),
            "https://www.youtube.com/watch?v=abc_12"
        );
        assert_eq!(watch_url("/videos/a.mp4"), "/videos/a.mp4");
    }

    #[test]
    fn cell_alignment_from_attribute_or_style() {
        let html = Html::parse_fragment(
            "<table><tr><td align=right>a</td><td style=\"text-align: center\">b</td><td>c</td></tr></table>",
        );
        let cells: Vec<Align> = html
            .tree
            .nodes()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "td")
            .map(|e| cell_align(e.value()))
            .collect();
        assert_eq!(cells, vec![Align::Right, Align::Center, Align::None]);
    }
}
