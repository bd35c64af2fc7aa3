//! Tables: column widths from content, cells set ragged-right, one flow element per row (a row
//! is never split), header rows repeated at the top of every page the table continues on.
//!
//! Widths follow the automatic table layout of CSS, simplified: each column has a minimum (its
//! longest word) and a natural width (its longest cell on one line). When the natural widths
//! fit the measure they are used, widened in proportion to fill it; otherwise each column gets
//! its minimum plus a share of the remaining space in proportion to how much more it would
//! like. If even the minimums do not fit, they are scaled down and the setter breaks words.

use crate::book::{plain_text, Align, Block, Cell, Table};
use crate::fonts::Family;

use super::{Builder, Frame, TextSpec};
use crate::layout::inline::InlineStyle;
use crate::layout::page::{ItemKind, NodeId, PageItem, StructKind};
use crate::layout::pages::paginate::{Element, Header};

/// The narrowest a column is made, in points.
pub const MIN_COLUMN: f32 = 20.0;

impl Builder<'_> {
    /// Lays a table out into the builder's flow.
    pub(super) fn table(&mut self, t: &Table, frame: &Frame) {
        set_table(self, t, frame);
    }
}

/// Lays a table out into `b`'s flow: column widths, then one element per row.
fn set_table(b: &mut Builder, t: &Table, frame: &Frame) {
    let style = b.style;
    let node = b.node(StructKind::Table, frame.parent);
    let columns = t
        .head
        .iter()
        .chain(t.body.iter())
        .map(|row| row.iter().map(|c| c.colspan.max(1) as usize).sum::<usize>())
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return;
    }
    if let Some(caption) = &t.caption {
        let cap = b.node(StructKind::Caption, node);
        let base = InlineStyle {
            family: Family::Sans,
            bold: true,
            italic: false,
            size: style.body.small.table_size,
            color: style.heading,
            rise: 0.0,
            hyphenate: false,
            lang: None,
            strike: false,
        };
        b.text(
            caption,
            frame,
            &TextSpec {
                base: &base,
                leading: style.body.small.table_leading + 2.0,
                node: cap,
                align: crate::layout::setter::Align::Left,
                indent: 0.0,
                keep_all: true,
            },
        );
    }
    let widths = column_widths(b, t, columns, frame.width);
    let head_node = (!t.head.is_empty()).then(|| b.node(StructKind::TableHead, node));
    let mut header = Header::default();
    let head_count = t.head.len();
    for row in &t.head {
        let parent = head_node.unwrap_or(node);
        let mut e = row_element(b, row, &widths, frame, parent, true, &t.align);
        e.keep_with_next = true;
        header.height += e.height;
        let dy = header.height - e.height;
        // The repeated copy is decoration: the real header is read once.
        header.items.extend(e.items.iter().cloned().map(|mut i| {
            i.y += dy;
            i.node = None;
            i
        }));
        b.push(e);
    }
    let header_index = (head_count > 0).then(|| {
        b.flow.headers.push(header);
        b.flow.headers.len() - 1
    });
    let body_node = b.node(StructKind::TableBody, node);
    for row in &t.body {
        let mut e = row_element(b, row, &widths, frame, body_node, false, &t.align);
        e.table_header = header_index;
        b.push(e);
    }
}

/// One row: each cell's blocks set in its column, the row as tall as its tallest cell.
fn row_element(
    b: &mut Builder,
    row: &[Cell],
    widths: &[f32],
    frame: &Frame,
    parent: NodeId,
    head: bool,
    aligns: &[Align],
) -> Element {
    let style = b.style;
    let tr = b.node(StructKind::TableRow, parent);
    let mut cells: Vec<(f32, f32, Vec<Element>)> = Vec::new();
    let mut x = frame.x;
    let mut col = 0;
    for cell in row {
        let span = (cell.colspan.max(1) as usize)
            .min(widths.len().saturating_sub(col))
            .max(1);
        let w: f32 = widths[col.min(widths.len() - 1)..(col + span).min(widths.len())]
            .iter()
            .sum();
        let kind = if head {
            StructKind::TableHeaderCell
        } else if cell.header {
            StructKind::TableRowHeaderCell
        } else {
            StructKind::TableCell
        };
        let cell_node = b.node(kind, tr);
        let inner = Frame {
            x: x + b.style.body.boxes.cell_pad_x,
            width: (w - 2.0 * b.style.body.boxes.cell_pad_x).max(10.0),
            parent: cell_node,
            italic: false,
            small: false,
            table: true,
            list_depth: 0,
            column_align: aligns.get(col).copied().unwrap_or_default(),
        };
        let blocks: Vec<Block> = if cell.header || head {
            bold(&cell.blocks)
        } else {
            cell.blocks.clone()
        };
        let elements = b.detached(&blocks, &inner);
        cells.push((x, w, elements));
        x += w;
        col += span;
    }
    let mut e = Element::default();
    let mut height: f32 = 0.0;
    for (_, _, elements) in &cells {
        let h: f32 = trimmed(elements).iter().map(|e| e.height).sum();
        height = height.max(h);
    }
    height += 2.0 * b.style.body.boxes.cell_pad_y;
    let total: f32 = widths.iter().sum();
    if head {
        e.items.push(PageItem {
            x: frame.x,
            y: 0.0,
            node: None,
            seq: 0,
            kind: ItemKind::Rect {
                width: total,
                height,
                fill: Some(style.table_header_background),
                stroke: None,
            },
        });
    }
    for (_, _, elements) in cells {
        let mut y = b.style.body.boxes.cell_pad_y;
        for el in trimmed(&elements) {
            e.items.extend(el.items.iter().cloned().map(|mut i| {
                i.y += y;
                i
            }));
            e.links.extend(el.links.iter().cloned().map(|mut l| {
                l.y += y;
                l
            }));
            e.notes.extend(el.notes.iter().copied());
            e.anchors.extend(el.anchors.iter().cloned());
            y += el.height;
        }
    }
    e.items.push(PageItem {
        x: frame.x,
        y: height - b.style.body.boxes.row_rule,
        node: None,
        seq: 0,
        kind: ItemKind::Rule {
            width: total,
            thickness: if head {
                b.style.body.boxes.row_rule * 2.0
            } else {
                b.style.body.boxes.row_rule
            },
            color: style.rule,
        },
    });
    e.height = height;
    e
}

/// A cell's elements without the spaces at its top and bottom.
fn trimmed(elements: &[Element]) -> &[Element] {
    let start = elements
        .iter()
        .position(|e| !e.discardable)
        .unwrap_or(elements.len());
    let end = elements
        .iter()
        .rposition(|e| !e.discardable)
        .map_or(start, |i| i + 1);
    &elements[start..end]
}

/// Header cells' paragraphs set in bold.
fn bold(blocks: &[Block]) -> Vec<Block> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content, pos } => Block::Paragraph {
                content: vec![crate::book::Inline::Strong(content.clone())],
                pos: *pos,
            },
            other => other.clone(),
        })
        .collect()
}

/// Column widths filling `measure`, from each column's minimum and natural widths.
fn column_widths(b: &mut Builder, t: &Table, columns: usize, measure: f32) -> Vec<f32> {
    let style = b.style;
    let base = InlineStyle {
        family: Family::Serif,
        bold: false,
        italic: false,
        size: style.body.small.table_size,
        color: style.text,
        rise: 0.0,
        hyphenate: false,
        lang: None,
        strike: false,
    };
    let bold_base = InlineStyle {
        bold: true,
        ..base.clone()
    };
    let mut min = vec![0.0f32; columns];
    let mut min_hyphenated = vec![0.0f32; columns];
    let mut natural = vec![0.0f32; columns];
    for (head, row) in t
        .head
        .iter()
        .map(|r| (true, r))
        .chain(t.body.iter().map(|r| (false, r)))
    {
        let mut col = 0;
        for cell in row {
            if col >= columns {
                break;
            }
            let text = cell_text(&cell.blocks);
            let s = if head || cell.header {
                &bold_base
            } else {
                &base
            };
            let (_, full) = b.setter.set_line(&text, s);
            let (mut longest, mut longest_piece) = (0.0f32, 0.0f32);
            for word in text.split_whitespace() {
                let word = word.replace('\u{ad}', "");
                longest = longest.max(b.setter.set_line(&word, s).1);
                longest_piece = longest_piece.max(widest_piece(b, &word, s));
            }
            if cell.colspan <= 1 {
                natural[col] = natural[col].max(full + 2.0 * b.style.body.boxes.cell_pad_x);
                min[col] = min[col].max(longest + 2.0 * b.style.body.boxes.cell_pad_x);
                min_hyphenated[col] =
                    min_hyphenated[col].max(longest_piece + 2.0 * b.style.body.boxes.cell_pad_x);
            }
            col += cell.colspan.max(1) as usize;
        }
    }
    // Columns are widened to their longest word when the measure allows it; otherwise words
    // are hyphenated (capitalised ones too, as a last resort), never cut bare.
    if min.iter().map(|m| m.max(MIN_COLUMN)).sum::<f32>() > measure {
        min = min_hyphenated;
    }
    distribute(&min, &natural, measure)
}

/// The widest piece `word` can be cut into at its hyphenation points (a hyphen after each but
/// the last), or the whole word when it has none.
fn widest_piece(b: &mut Builder, word: &str, s: &InlineStyle) -> f32 {
    use crate::layout::paragraph::hyphenate::{capitalised_points, hyphenation_points, Lang};
    let mut points = hyphenation_points(word, Lang::French);
    if points.is_empty() {
        points = capitalised_points(word, Lang::French);
    }
    let mut widest = 0.0f32;
    let mut from = 0;
    for end in points.into_iter().chain([word.len()]) {
        let piece = &word[from..end];
        let piece = if end < word.len() {
            format!("{piece}-")
        } else {
            piece.to_string()
        };
        widest = widest.max(b.setter.set_line(&piece, s).1);
        from = end;
    }
    widest
}

/// The width allocation itself (see the module comment).
pub fn distribute(min: &[f32], natural: &[f32], measure: f32) -> Vec<f32> {
    let n = min.len().max(1) as f32;
    let natural: Vec<f32> = natural
        .iter()
        .zip(min)
        .map(|(n, m)| n.max(*m).max(MIN_COLUMN))
        .collect();
    let min: Vec<f32> = min.iter().map(|m| m.max(MIN_COLUMN)).collect();
    let sum_nat: f32 = natural.iter().sum();
    let sum_min: f32 = min.iter().sum();
    if sum_nat <= measure {
        let extra = (measure - sum_nat) / n;
        // Even widening reads better than proportional for short columns.
        return natural.iter().map(|w| w + extra).collect();
    }
    if sum_min >= measure {
        return min.iter().map(|w| w * measure / sum_min).collect();
    }
    // Max-min fairness: columns that want less than an equal share of the space left get
    // their natural width; the others share the rest in proportion to their natural widths,
    // never below their minimum.
    let mut widths = vec![0.0f32; min.len()];
    let mut open: Vec<usize> = (0..min.len()).collect();
    let mut room = measure;
    loop {
        let share = room / open.len().max(1) as f32;
        let (small, rest): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&i| natural[i] <= share);
        if small.is_empty() {
            break;
        }
        for &i in &small {
            widths[i] = natural[i];
            room -= natural[i];
        }
        open = rest;
        if open.is_empty() {
            break;
        }
    }
    if !open.is_empty() {
        let want: f32 = open.iter().map(|&i| natural[i]).sum();
        let floor: f32 = open.iter().map(|&i| min[i]).sum();
        if floor >= room {
            for &i in &open {
                widths[i] = min[i] * room / floor;
            }
        } else {
            for &i in &open {
                widths[i] = (natural[i] * room / want).max(min[i]);
            }
            // Give back what the minimums took, from the columns above theirs.
            let total: f32 = open.iter().map(|&i| widths[i]).sum();
            let excess = total - room;
            if excess > 0.0 {
                let slack: f32 = open.iter().map(|&i| widths[i] - min[i]).sum();
                for &i in &open {
                    widths[i] -= excess * (widths[i] - min[i]) / slack.max(0.01);
                }
            }
        }
    }
    widths
}

fn cell_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Paragraph { content, .. } | Block::Lead { content, .. } => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&plain_text(content));
            }
            Block::List { items, .. } => {
                for i in items {
                    out.push(' ');
                    out.push_str(&cell_text(&i.blocks));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_fill_the_measure() {
        let w = distribute(&[30.0, 30.0], &[50.0, 100.0], 400.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
        assert!(w[1] > w[0]);
        let w = distribute(&[50.0, 60.0], &[300.0, 500.0], 400.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
        assert!(w[0] >= 50.0 && w[1] >= 60.0);
        let w = distribute(&[30.0, 40.0, 30.0], &[45.0, 900.0, 50.0], 400.0);
        assert_eq!(
            (w[0], w[2]),
            (45.0, 50.0),
            "short columns keep their natural width"
        );
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
        let w = distribute(&[300.0, 300.0], &[300.0, 300.0], 400.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
    }
}
