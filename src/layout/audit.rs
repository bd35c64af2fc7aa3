//! Typographic faults counted on a laid-out book: widows, orphans, stranded headings, lines
//! wider than the measure and pages ending in a hyphen. Read from the page model alone, so tests and `--verbose` runs can
//! report them.

use std::collections::BTreeMap;

use super::page::{ItemKind, NodeId, PageModel, StructKind};
use super::style::Style;

/// How many of each fault the book has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Faults {
    /// A paragraph's first line alone at a page's foot.
    pub orphans: usize,
    /// A paragraph's last line alone at a page's head.
    pub widows: usize,
    /// A heading whose next content is on a later page.
    pub stranded_headings: usize,
    /// Text runs that end past the right edge of the text block.
    pub overfull: usize,
    /// Pages whose last line of text (footnotes aside) ends in a hyphen: a word broken across
    /// the turn of a page.
    pub broken_words_at_foot: usize,
}

fn in_note(model: &PageModel, mut node: NodeId) -> bool {
    loop {
        let Some(n) = model.structure.get(node.0 as usize) else {
            return false;
        };
        if n.kind == StructKind::Note {
            return true;
        }
        match n.parent {
            Some(p) => node = p,
            None => return false,
        }
    }
}

fn block_of(model: &PageModel, mut node: NodeId) -> Option<(NodeId, bool)> {
    loop {
        let n = model.structure.get(node.0 as usize)?;
        match n.kind {
            StructKind::Paragraph => return Some((node, false)),
            StructKind::Heading(level, _) if level >= 2 => return Some((node, true)),
            _ => node = n.parent?,
        }
    }
}

/// Counts the faults of `model`.
pub fn audit(model: &PageModel, style: &Style) -> Faults {
    let mut faults = Faults::default();
    // Per paragraph: its lines as (page, baseline), in order.
    let mut lines: BTreeMap<NodeId, Vec<(usize, i64)>> = BTreeMap::new();
    let mut headings: BTreeMap<NodeId, (usize, u32)> = BTreeMap::new();
    let mut content: Vec<(u32, usize)> = Vec::new();
    for (p, page) in model.pages.iter().enumerate() {
        // The page's last line of paragraph text, outside the footnotes: (baseline, hyphen).
        let mut foot: Option<(f32, bool)> = None;
        for item in &page.items {
            let (ItemKind::Text(run), Some(node)) = (&item.kind, item.node) else {
                continue;
            };
            if matches!(block_of(model, node), Some((_, false))) && !in_note(model, node) {
                let hyphen = run.text.ends_with('\u{ad}');
                foot = match foot {
                    Some((y, h)) if (item.y - y).abs() < 0.1 => Some((y, h || hyphen)),
                    Some((y, _)) if item.y < y => foot,
                    _ => Some((item.y, hyphen)),
                };
            }
        }
        if foot.is_some_and(|(_, hyphen)| hyphen) {
            faults.broken_words_at_foot += 1;
        }
        let right = style.left(p) + style.measure() + 0.5;
        for item in &page.items {
            let ItemKind::Text(run) = &item.kind else {
                continue;
            };
            // Punctuation hanging into the margin ([`super::paragraph::protrusion`]) is meant to.
            if item.node.is_some() && item.x + run.width() - run.hang().1 > right {
                faults.overfull += 1;
            }
            let Some(node) = item.node else { continue };
            match block_of(model, node) {
                Some((b, true)) => {
                    let e = headings.entry(b).or_insert((p, item.seq));
                    *e = (e.0.max(p), e.1.max(item.seq));
                }
                Some((b, false)) => {
                    let key = (p, (item.y * 10.0).round() as i64);
                    let l = lines.entry(b).or_default();
                    if !l.contains(&key) {
                        l.push(key);
                    }
                    content.push((item.seq, p));
                }
                None => content.push((item.seq, p)),
            }
        }
    }
    for l in lines.values_mut() {
        l.sort();
        let first_page = l[0].0;
        let last_page = l[l.len() - 1].0;
        if first_page == last_page {
            continue;
        }
        if l.iter().filter(|(p, _)| *p == first_page).count() == 1 {
            faults.orphans += 1;
        }
        if l.iter().filter(|(p, _)| *p == last_page).count() == 1 {
            faults.widows += 1;
        }
    }
    content.sort();
    for (page, seq) in headings.values() {
        let next = content.iter().find(|(s, _)| s > seq);
        if let Some((_, p)) = next {
            if p > page {
                faults.stranded_headings += 1;
            }
        }
    }
    faults
}
