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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::layout::page::{LinkDest, PageKind};
    use std::sync::OnceLock;

    /// The sample book laid out once for every test.
    fn model() -> &'static (PageModel, Style) {
        static MODEL: OnceLock<(PageModel, Style)> = OnceLock::new();
        MODEL.get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("livret-audit-{}", std::process::id()));
            let book = crate::layout::sample::book(&dir);
            let style = Style::default();
            let mut diags = Diagnostics::new();
            let model = crate::layout::layout(&book, &style, &mut diags);
            assert!(diags.is_empty(), "{}", diags.render());
            (model, style)
        })
    }

    fn ancestors(model: &PageModel, mut n: NodeId) -> Vec<NodeId> {
        let mut out = vec![n];
        while let Some(p) = model.structure[n.0 as usize].parent {
            out.push(p);
            n = p;
        }
        out
    }

    #[test]
    fn sample_book_has_no_faults_and_20_pages() {
        let (model, style) = model();
        assert!(model.pages.len() >= 20, "{} pages", model.pages.len());
        assert_eq!(audit(model, style), Faults::default());
    }

    #[test]
    fn no_text_wider_than_the_measure() {
        let (model, style) = model();
        for (p, page) in model.pages.iter().enumerate() {
            let left = style.left(p);
            for item in &page.items {
                if let ItemKind::Text(run) = &item.kind {
                    let (hang_left, hang_right) = run.hang();
                    assert!(
                        item.x + hang_left >= left - 0.5,
                        "page {}: {:?}",
                        p + 1,
                        run.text
                    );
                    assert!(
                        item.x + run.width() - hang_right <= left + style.measure() + 0.5,
                        "page {}: {:?} ends at {}",
                        p + 1,
                        run.text,
                        item.x + run.width() - left
                    );
                }
            }
        }
    }

    #[test]
    fn chapters_open_on_right_hand_pages() {
        let (model, _) = model();
        let openings: Vec<u32> = model
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::ChapterOpening)
            .map(|p| p.number)
            .collect();
        assert_eq!(openings.len(), 4);
        assert!(openings.iter().all(|n| n % 2 == 1), "{openings:?}");
        for e in model.page_map.iter().filter(|e| e.block.is_none()) {
            assert_eq!(
                e.page % 2,
                0,
                "chapter {} on page index {}",
                e.chapter,
                e.page
            );
        }
    }

    #[test]
    fn footnotes_sit_on_the_page_of_their_call() {
        let (model, _) = model();
        let mut checked = 0;
        for (p, page) in model.pages.iter().enumerate() {
            for link in &page.links {
                if let LinkDest::Anchor(name) = &link.target {
                    if name.contains("-fn-") {
                        assert_eq!(model.anchors[name].page, p, "note {name}");
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 8);
    }

    #[test]
    fn table_rows_are_whole_and_the_header_repeats() {
        let (model, _) = model();
        let mut row_pages: BTreeMap<NodeId, Vec<usize>> = BTreeMap::new();
        let mut header_pages = Vec::new();
        for (p, page) in model.pages.iter().enumerate() {
            for item in &page.items {
                let ItemKind::Text(run) = &item.kind else {
                    continue;
                };
                match item.node {
                    Some(n) => {
                        for a in ancestors(model, n) {
                            if model.structure[a.0 as usize].kind == StructKind::TableRow {
                                let pages = row_pages.entry(a).or_default();
                                if !pages.contains(&p) {
                                    pages.push(p);
                                }
                            }
                        }
                    }
                    None if run.text == "Rôle dans l’équipe" => header_pages.push(p),
                    None => {}
                }
            }
        }
        assert!(row_pages.len() > 40);
        assert!(row_pages.values().all(|p| p.len() == 1), "a row was split");
        assert!(!header_pages.is_empty(), "the header was not repeated");
    }

    #[test]
    fn every_anchor_and_outline_entry_is_placed() {
        let (model, _) = model();
        // The contents' bookmark, then the four chapters.
        assert_eq!(model.outline.len(), 5);
        assert_eq!(model.outline[0].title, crate::layout::toc::title("fr"));
        for ch in &model.outline[1..] {
            assert!(model.anchors.contains_key(&ch.anchor), "{}", ch.anchor);
            assert_eq!(ch.children.len(), 2, "{:?}", ch.children);
        }
        assert!(model.anchors.contains_key("construction-fin"));
    }
}
