//! Pagination: the vertical flow of each chapter cut into pages.
//!
//! The block stage turns a chapter into a list of [`Element`]s: one per line of text, one per
//! unbreakable block (an image, a table row, a rule, a code line), and discardable spaces. Each
//! element knows its height and whether it must stay on the same page as the next one
//! (`keep_with_next`). That one flag expresses every rule:
//!
//! * no orphan: the first line of a paragraph of two lines or more keeps with the second
//!   ([`MIN_LINES_AT_FOOT`] lines at a page's foot);
//! * no widow: the last-but-one line keeps with the last ([`MIN_LINES_AT_HEAD`] at a head);
//! * a heading keeps with what follows, and since the following paragraph's first line keeps
//!   with its second, a heading is never left with fewer than two lines under it;
//! * an image, a table row or a box is one element, so it is never split.
//!
//! The algorithm is greedy with one look-back, as in most book typesetters rather than a
//! Knuth–Plass-style global optimum: elements are stacked until the next one does not fit;
//! the page then ends at the last break allowed before it — after an element that does not
//! keep with its successor. When a whole page is one chain of kept elements (a very long table
//! row, a heading followed by a huge image), the keep is given up and the page breaks where
//! the space runs out: a rule can be broken, content is never lost. Spaces at the top of a
//! page are dropped. The bottom is ragged: pages are not stretched to the same depth (the
//! leading stays on its grid, which matters more in continuous prose than an even foot).
//!
//! Footnotes go at the foot of the page where they are called: an element's notes count in
//! its height when the page is filled, and move with it when it is pushed to the next page.
//! A table row that starts a page is preceded by its table's header rows again.
//! Each chapter opens on a new right-hand (odd) page; a blank page is inserted when needed.

use std::collections::BTreeMap;

use crate::layout::page::{
    Anchor, ItemKind, LinkArea, Numbering, Page, PageItem, PageKind, PageMapEntry, TextRun,
};
use crate::layout::style::Style;

/// Lines of a paragraph that must stay together at the foot of a page (no orphan).
pub const MIN_LINES_AT_FOOT: usize = 2;
/// Lines of a paragraph that must start a page together (no widow).
pub const MIN_LINES_AT_HEAD: usize = 2;
/// Gap between the text block and the footnote separator rule.
pub const NOTE_GAP: f32 = 10.0;
/// Length of the footnote separator rule, as a share of the measure.
pub const NOTE_RULE_SHARE: f32 = 0.3;
/// Space between the separator rule and the first note, and between notes.
pub const NOTE_SPACING: f32 = 4.0;
/// Distance from the running head's baseline up from the text block's top.
pub const HEAD_RAISE: f32 = 20.0;
/// Distance from the text block's bottom down to the folio's baseline.
pub const FOLIO_DROP: f32 = 30.0;
/// Floating-point slack when deciding whether an element fits.
const EPSILON: f32 = 0.01;

/// One unit of the vertical flow.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Vertical space it takes (a line's leading, a block's full height).
    pub height: f32,
    /// A space between blocks: dropped at the top and at the foot of a page.
    pub discardable: bool,
    /// Must be on the same page as the next element.
    pub keep_with_next: bool,
    /// Drawn things, x from the text block's left edge, y from the element's top.
    pub items: Vec<PageItem>,
    pub links: Vec<LinkArea>,
    /// Indexes into [`ChapterFlow::notes`] of the notes called in this element.
    pub notes: Vec<usize>,
    /// Anchors that name this element (placed at its top).
    pub anchors: Vec<String>,
    /// Page-map marks: `(chapter, block)`.
    pub marks: Vec<(usize, Option<usize>)>,
    /// Index into [`ChapterFlow::headers`] of the header to repeat when this row starts a page.
    pub table_header: Option<usize>,
}

/// A footnote, set: its lines stacked, y from the note's top.
#[derive(Debug, Clone, Default)]
pub struct Note {
    /// The note's number in its chapter: every call of a note sets it anew (its structure
    /// element goes under the calling paragraph), and a page prints each number once.
    pub number: u32,
    pub height: f32,
    pub items: Vec<PageItem>,
    pub links: Vec<LinkArea>,
    pub anchors: Vec<(String, f32)>,
}

/// A table's header rows, to repeat after a page break.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub height: f32,
    pub items: Vec<PageItem>,
}

/// One chapter's flow.
#[derive(Debug, Clone, Default)]
pub struct ChapterFlow {
    pub chapter: usize,
    /// The chapter title as the running head shows it.
    pub running_title: String,
    pub elements: Vec<Element>,
    pub notes: Vec<Note>,
    pub headers: Vec<Header>,
}

/// A line of furniture set: its runs at their x, and its width.
pub type SetFurniture = (Vec<(f32, std::sync::Arc<TextRun>)>, f32);

/// The furniture of the book: what running heads and folios say, and in which face.
pub struct Furniture<'a> {
    pub book_title: &'a str,
    /// Shapes a running head or folio at the small size in the muted colour: runs at their x,
    /// and the width.
    pub set: &'a mut dyn FnMut(&str) -> SetFurniture,
}

/// The pages, named anchors and page map of the whole book.
#[derive(Debug, Default)]
pub struct Paginated {
    pub pages: Vec<Page>,
    pub anchors: BTreeMap<String, Anchor>,
    pub page_map: Vec<PageMapEntry>,
}

/// Paginates the chapters after the `front` pages (cover, contents: an even number of pages,
/// numbered apart). The first chapter opens on page 1; arabic numbers go on from there.
pub fn paginate(
    front: Vec<Page>,
    chapters: Vec<ChapterFlow>,
    style: &Style,
    furniture: &mut Furniture,
) -> Paginated {
    let front_len = front.len();
    let mut out = Paginated {
        pages: front,
        ..Paginated::default()
    };
    // The running heads, kept: the flows' drawn things move into the pages.
    let titles: BTreeMap<usize, String> = chapters
        .iter()
        .map(|f| (f.chapter, f.running_title.clone()))
        .collect();
    for mut flow in chapters {
        // Open on a right-hand page: an even physical index (page 1, 3, 5…).
        if out.pages.len() % 2 == 1 {
            out.pages.push(Page {
                chapter: None,
                kind: PageKind::Blank,
                ..Page::default()
            });
        }
        paginate_chapter(&mut flow, style, &mut out);
    }
    for (index, page) in out.pages.iter_mut().enumerate().skip(front_len) {
        page.numbering = Numbering::Arabic;
        page.number = (index - front_len) as u32 + 1;
    }
    for index in 0..out.pages.len() {
        add_furniture(&mut out.pages[index], index, &titles, style, furniture);
    }
    out
}

/// Adds an element's notes to a page's, each number once: a note called twice on a page (the
/// print profile gives every mention of a URL the same note) is printed once at its foot.
fn add_notes(page: &mut Vec<usize>, element: &[usize], flow: &ChapterFlow) {
    let number = |n: usize| flow.notes.get(n).map(|note| note.number);
    for &n in element {
        if !page.iter().any(|&p| number(p) == number(n)) {
            page.push(n);
        }
    }
}

/// How much of the text block a page's notes take, with the separator.
fn notes_height(notes: &[usize], flow: &ChapterFlow) -> f32 {
    if notes.is_empty() {
        return 0.0;
    }
    let sum: f32 = notes
        .iter()
        .filter_map(|&n| flow.notes.get(n))
        .map(|n| n.height + NOTE_SPACING)
        .sum();
    NOTE_GAP + sum
}

/// One page of a chapter, before it is drawn: `elements[start..end]`, the table header
/// repeated at its top, and whether it is the chapter's opening page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut {
    start: usize,
    end: usize,
    header: Option<usize>,
    opening: bool,
}

/// Where a chapter's pages break. It depends on the flow alone, never on the page the chapter
/// starts on: [`chapter_anchors`] uses that to give the folios without drawing anything.
fn cuts(flow: &ChapterFlow, style: &Style) -> Vec<Cut> {
    let elements = &flow.elements;
    let avail = style.text_height();
    let mut out = Vec::new();
    let mut start = 0;
    let mut first_page = true;
    while start < elements.len() {
        // Skip discardable space at the top of a page (but not the chapter's opening drop).
        if !first_page {
            while start < elements.len() && elements[start].discardable {
                start += 1;
            }
            if start >= elements.len() {
                break;
            }
        }
        let header = if first_page {
            None
        } else {
            elements[start].table_header
        };
        let header_height = header
            .and_then(|h| flow.headers.get(h))
            .map_or(0.0, |h| h.height);
        // Fill: find the first element that does not fit.
        let mut used = header_height;
        let mut notes: Vec<usize> = Vec::new();
        let mut end = start;
        while end < elements.len() {
            let e = &elements[end];
            let mut with_notes = notes.clone();
            add_notes(&mut with_notes, &e.notes, flow);
            let need = used + e.height + notes_height(&with_notes, flow);
            let fits = need <= avail + EPSILON || e.discardable;
            if !fits && end > start {
                break;
            }
            used += e.height;
            notes = with_notes;
            end += 1;
        }
        // Look back for an allowed break.
        if end < elements.len() {
            let mut b = end;
            while b > start + 1 && elements[b - 1].keep_with_next {
                b -= 1;
            }
            if b > start + 1 || !elements[start].keep_with_next {
                end = b;
            }
        }
        out.push(Cut {
            start,
            end,
            header,
            opening: first_page,
        });
        first_page = false;
        start = end;
    }
    if first_page {
        // An empty chapter still gets its opening page.
        out.push(Cut {
            start: 0,
            end: 0,
            header: None,
            opening: true,
        });
    }
    out
}

/// The chapter's pages and named anchors, counted from its opening page (0), without drawing
/// them: what the folio fixed point needs, at a fraction of [`paginate`]'s cost.
pub fn chapter_anchors(flow: &ChapterFlow, style: &Style) -> (usize, Vec<(String, usize)>) {
    let cuts = cuts(flow, style);
    let mut anchors = Vec::new();
    for (page, cut) in cuts.iter().enumerate() {
        for e in &flow.elements[cut.start..cut.end] {
            anchors.extend(e.anchors.iter().map(|name| (name.clone(), page)));
        }
        let notes = flow.elements[cut.start..cut.end]
            .iter()
            .flat_map(|e| e.notes.iter())
            .filter_map(|&n| flow.notes.get(n));
        for n in notes {
            anchors.extend(n.anchors.iter().map(|(name, _)| (name.clone(), page)));
        }
    }
    (cuts.len(), anchors)
}

fn paginate_chapter(flow: &mut ChapterFlow, style: &Style, out: &mut Paginated) {
    for cut in cuts(flow, style) {
        place(flow, cut, style, out);
    }
}

/// Places `elements[start..end]` on a new page, moving their drawn things there.
fn place(flow: &mut ChapterFlow, cut: Cut, style: &Style, out: &mut Paginated) {
    let Cut {
        start,
        end,
        header,
        opening,
    } = cut;
    let index = out.pages.len();
    let left = style.left(index);
    let top = style.margin_top;
    let mut page = Page {
        chapter: Some(flow.chapter),
        kind: if opening {
            PageKind::ChapterOpening
        } else {
            PageKind::Body
        },
        ..Page::default()
    };
    let mut y = top;
    if let Some(h) = header.and_then(|h| flow.headers.get(h)) {
        page.items
            .extend(h.items.iter().cloned().map(|i| shifted(i, left, y)));
        y += h.height;
    }
    // Trailing spaces do not count, but leave them: they draw nothing.
    let mut called = Vec::new();
    for e in &mut flow.elements[start..end] {
        for name in &e.anchors {
            out.anchors.insert(name.clone(), Anchor { page: index, y });
        }
        for &(chapter, block) in &e.marks {
            out.page_map.push(PageMapEntry {
                chapter,
                block,
                page: index,
            });
        }
        page.items.extend(
            std::mem::take(&mut e.items)
                .into_iter()
                .map(|i| shifted(i, left, y)),
        );
        page.links
            .extend(std::mem::take(&mut e.links).into_iter().map(|mut l| {
                l.x += left;
                l.y += y;
                l
            }));
        called.extend(e.notes.iter().copied());
        y += e.height;
    }
    let mut notes = Vec::new();
    add_notes(&mut notes, &called, flow);
    if !notes.is_empty() {
        let total: f32 = notes_height(&notes, flow) - NOTE_GAP;
        let mut ny = top + style.text_height() - total;
        page.items.push(PageItem {
            x: left,
            y: ny - NOTE_SPACING,
            node: None,
            seq: 0,
            kind: ItemKind::Rule {
                width: style.measure() * NOTE_RULE_SHARE,
                thickness: 0.5,
                color: style.rule,
            },
        });
        ny += NOTE_SPACING;
        for n in notes.iter().filter_map(|&n| flow.notes.get(n)) {
            for (name, dy) in &n.anchors {
                out.anchors.insert(
                    name.clone(),
                    Anchor {
                        page: index,
                        y: ny + dy,
                    },
                );
            }
            page.items
                .extend(n.items.iter().cloned().map(|i| shifted(i, left, ny)));
            page.links.extend(n.links.iter().cloned().map(|mut l| {
                l.x += left;
                l.y += ny;
                l
            }));
            ny += n.height + NOTE_SPACING;
        }
    }
    out.pages.push(page);
}

fn shifted(mut item: PageItem, dx: f32, dy: f32) -> PageItem {
    item.x += dx;
    item.y += dy;
    item
}

/// Running head (book title on left pages, chapter title on right pages) and folio, as
/// artifacts; none on the cover, blank pages or chapter openings; the folio alone on the
/// pages of the contents.
fn add_furniture(
    page: &mut Page,
    index: usize,
    titles: &BTreeMap<usize, String>,
    style: &Style,
    furniture: &mut Furniture,
) {
    if !matches!(page.kind, PageKind::Body | PageKind::Contents) {
        return;
    }
    let right = index.is_multiple_of(2);
    let head_text = if page.kind == PageKind::Contents {
        ""
    } else if right {
        page.chapter
            .and_then(|c| titles.get(&c))
            .map_or(furniture.book_title, |t| t.as_str())
    } else {
        furniture.book_title
    };
    let left = style.left(index);
    let measure = style.measure();
    let folio = page.label();
    let lines = [
        (head_text, style.margin_top - HEAD_RAISE),
        (
            folio.as_str(),
            style.margin_top + style.text_height() + FOLIO_DROP,
        ),
    ];
    for (text, y) in lines {
        if text.is_empty() {
            continue;
        }
        let (runs, width) = (furniture.set)(text);
        let x0 = if right { left + measure - width } else { left };
        for (x, run) in runs {
            page.furniture.push(PageItem {
                x: x0 + x,
                y,
                node: None,
                seq: 0,
                kind: ItemKind::Text(run),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(keep: bool) -> Element {
        Element {
            height: 15.0,
            keep_with_next: keep,
            ..Element::default()
        }
    }

    fn no_furniture() -> impl FnMut(&str) -> SetFurniture {
        |_| (Vec::new(), 0.0)
    }

    fn run(elements: Vec<Element>) -> Paginated {
        let style = Style::default();
        let flow = ChapterFlow {
            chapter: 0,
            elements,
            ..ChapterFlow::default()
        };
        let mut set = no_furniture();
        let mut f = Furniture {
            book_title: "t",
            set: &mut set,
        };
        paginate(vec![], vec![flow], &style, &mut f)
    }

    #[test]
    fn keeps_move_lines_to_the_next_page() {
        let style = Style::default();
        let per_page = (style.text_height() / 15.0).floor() as usize;
        // A long paragraph ending exactly one line past a page: the widow rule pulls one more.
        let n = per_page + 1;
        let elements: Vec<Element> = (0..n).map(|i| line(i == 0 || i + 2 == n)).collect();
        let p = run(elements);
        assert_eq!(p.pages.len(), 2);
        assert!(p.pages[0].kind == PageKind::ChapterOpening);
    }

    #[test]
    fn chapters_open_on_odd_pages() {
        let style = Style::default();
        let flows: Vec<ChapterFlow> = (0..3)
            .map(|c| ChapterFlow {
                chapter: c,
                elements: vec![line(false)],
                ..ChapterFlow::default()
            })
            .collect();
        let mut set = no_furniture();
        let mut f = Furniture {
            book_title: "t",
            set: &mut set,
        };
        let p = paginate(
            vec![Page::default(), Page::default()],
            flows,
            &style,
            &mut f,
        );
        let openings: Vec<u32> = p
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::ChapterOpening)
            .map(|p| p.number)
            .collect();
        assert_eq!(openings, vec![1, 3, 5]);
    }
}
