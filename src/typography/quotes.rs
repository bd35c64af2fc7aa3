//! Straight quotes (`"`, `'`) and three dots made typographic, in French and English text; in
//! French, curly double quotes (kramdown's smart quotes) as guillemets.

use super::run::{is_blank, Cell, Lang};
use super::{english, french};

/// Characters after which a quote opens (besides blanks and the run's start).
const OPENERS: &[char] = &['(', '[', '{', '«', '“', '‘', '—', '–', '-', '/'];
/// Characters before which a quote closes (besides blanks and the run's end).
const CLOSERS: &[char] = &['.', ',', ';', ':', '!', '?', ')', ']', '}', '…', '»', '”'];

/// `...` (exactly three dots) becomes `…` in French and English text.
pub fn ellipsis(cells: &mut Vec<Cell>) {
    let mut i = 0;
    while i + 2 < cells.len() {
        let three = cells[i..i + 3]
            .iter()
            .all(|c| c.ch == '.' && c.is_text() && c.lang != Lang::Other);
        let before = i > 0 && cells[i - 1].ch == '.';
        let after = cells.get(i + 3).is_some_and(|c| c.ch == '.');
        if three && !before && !after {
            cells[i].ch = '…';
            cells.drain(i + 1..i + 3);
        }
        i += 1;
    }
}

/// Straight double quotes become guillemets (French) or curly quotes (English); straight
/// apostrophes become `’`, an opening one `‘`.
pub fn straight_quotes(cells: &mut [Cell]) {
    let mut inside_double = false;
    for i in 0..cells.len() {
        let cell = cells[i];
        if !cell.is_text() || cell.lang == Lang::Other || !matches!(cell.ch, '"' | '\'') {
            continue;
        }
        let prev = i.checked_sub(1).map(|p| &cells[p]);
        let next = cells.get(i + 1);
        let open_ctx = is_blank(prev) || prev.is_some_and(|p| OPENERS.contains(&p.ch));
        let close_ctx = is_blank(next) || next.is_some_and(|n| CLOSERS.contains(&n.ch));
        if cell.ch == '"' {
            let opens = match (open_ctx, close_ctx) {
                (true, false) => true,
                (false, true) => false,
                _ => !inside_double,
            };
            inside_double = opens;
            cells[i].ch = match (cell.lang, opens) {
                (Lang::French, true) => french::OPEN_QUOTE,
                (Lang::French, false) => french::CLOSE_QUOTE,
                (_, true) => english::OPEN_DOUBLE,
                (_, false) => english::CLOSE_DOUBLE,
            };
        } else {
            // An opening single quote is `‘` in French too (second-level quotes, or a title
            // quoted in English style): `’` there reads as an apostrophe turned the wrong way.
            let opens = open_ctx && !close_ctx;
            cells[i].ch = if opens {
                english::OPEN_SINGLE
            } else {
                english::APOSTROPHE
            };
        }
    }
}

/// In French text, a pair of English double quotes `“…”` (what kramdown's smart quotes make of
/// `"…"`, or typed) becomes guillemets `«…»`, the French first-level quotes; inside guillemets
/// they stay, as second-level quotes. A quote without its pair is left as it is.
pub fn french_guillemets(cells: &mut [Cell]) {
    let mut depth = 0usize;
    let mut open: Option<usize> = None;
    for i in 0..cells.len() {
        let cell = cells[i];
        match cell.ch {
            '«' => depth += 1,
            '»' => depth = depth.saturating_sub(1),
            '“' if cell.editable(Lang::French) && depth == 0 && open.is_none() => open = Some(i),
            '”' => {
                if let Some(o) = open.take() {
                    if cell.editable(Lang::French) {
                        cells[o].ch = french::OPEN_QUOTE;
                        cells[i].ch = french::CLOSE_QUOTE;
                    }
                }
            }
            _ => {}
        }
    }
}
