//! The saddle-stitch plan: which page of the guide goes on which half of which sheet side.
//!
//! A saddle-stitched booklet is a stack of sheets folded once and stapled in the fold. Each
//! sheet carries four pages, two on each side. For a signature of `p` pages (a multiple of
//! four; pages numbered from 1) sheet `k` (0 the outermost) carries, left | right:
//!
//! - on its front, `p − 2k` | `2k + 1`;
//! - on its back, `2k + 2` | `p − 2k − 1`.
//!
//! For eight pages: 8|1, 2|7 on the outer sheet and 6|3, 4|5 on the inner one. Printed
//! double-sided (flipped on the short edge), stacked in order, folded and stapled, the pages
//! read 1 to 8.
//!
//! **Padding.** The page count is made a multiple of four with blank pages. They go before the
//! last page when that page is a back cover (so that it stays last, on the outside), otherwise
//! after the last page: never between two pages of a chapter.
//!
//! **Signatures.** A thick guide can be split into gatherings of `sheets_per_signature` sheets,
//! each folded on its own and the gatherings stacked in order (then sewn or glued). Each
//! signature is imposed like a booklet of its own; the last may have fewer sheets.
//!
//! **Creep.** In a folded signature each sheet wraps around the ones inside it, so the inner
//! sheets' pages stick out further at the fore edge, by about one paper thickness a sheet; once
//! the booklet is trimmed their outer margins are narrower. Creep correction moves the pages of
//! sheet `k` (0 the outermost of its signature) `k × creep` towards the spine, so that every
//! outer margin is the same after trimming.

/// One half of a sheet side: a page of the guide (0-based index), or a blank.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    /// The guide's page (0-based), `None` for a padding blank.
    pub page: Option<usize>,
    /// How far the page moves towards the spine (creep correction), in points.
    pub shift: f32,
}

/// One side of a sheet: its left and right halves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Side {
    pub left: Slot,
    pub right: Slot,
}

/// One sheet: printed on both sides, folded in the middle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sheet {
    /// Which signature (gathering) it belongs to, from 0.
    pub signature: usize,
    /// Its place in that signature, from 0 (the outermost).
    pub index: usize,
    pub front: Side,
    pub back: Side,
}

/// The whole imposition.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Sheets in printing order.
    pub sheets: Vec<Sheet>,
    /// Blank pages added to reach a multiple of four.
    pub blanks: usize,
    /// Signatures (gatherings).
    pub signatures: usize,
    /// The guide's last page is a back cover (the blanks are before it).
    pub back_cover: bool,
}

/// The pages in booklet order: the guide's `pages` pages, padded with blanks (`None`) to a
/// multiple of four; the blanks before the last page when it is a back cover
/// (`last_is_back_cover`), after it otherwise.
pub fn padded(pages: usize, last_is_back_cover: bool) -> Vec<Option<usize>> {
    let total = pages.div_ceil(4).max(1) * 4;
    let blanks = total - pages;
    let mut order: Vec<Option<usize>> = (0..pages).map(Some).collect();
    let at = if last_is_back_cover && pages > 0 {
        pages - 1
    } else {
        pages
    };
    order.splice(at..at, std::iter::repeat_n(None, blanks));
    order
}

/// The saddle-stitch plan for a guide of `pages` pages. `sheets_per_signature`: `None` or 0
/// for one signature; `creep` in points (0 for none).
pub fn plan(
    pages: usize,
    last_is_back_cover: bool,
    sheets_per_signature: Option<usize>,
    creep: f32,
) -> Plan {
    let order = padded(pages, last_is_back_cover);
    let blanks = order.len() - pages;
    let per = match sheets_per_signature {
        Some(n) if n > 0 => n * 4,
        _ => order.len(),
    };
    let mut sheets = Vec::with_capacity(order.len() / 4);
    let mut signatures = 0;
    for (signature, chunk) in order.chunks(per).enumerate() {
        signatures += 1;
        let p = chunk.len();
        for k in 0..p / 4 {
            let shift = k as f32 * creep;
            let slot = |n: usize| Slot {
                page: chunk[n - 1],
                shift,
            };
            sheets.push(Sheet {
                signature,
                index: k,
                front: Side {
                    left: slot(p - 2 * k),
                    right: slot(2 * k + 1),
                },
                back: Side {
                    left: slot(2 * k + 2),
                    right: slot(p - 2 * k - 1),
                },
            });
        }
    }
    Plan {
        sheets,
        blanks,
        signatures,
        back_cover: last_is_back_cover && pages > 0,
    }
}

impl Plan {
    /// The pages as a reader meets them once the sheets are printed, stacked, folded and
    /// stapled: each signature opened from its outermost sheet's front right half to the
    /// inside, then back out. A check on the plan (it must give the padded order back).
    pub fn folded(&self) -> Vec<Option<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        while start < self.sheets.len() {
            let signature = self.sheets[start].signature;
            let end = self.sheets[start..]
                .iter()
                .position(|s| s.signature != signature)
                .map_or(self.sheets.len(), |n| start + n);
            let sheets = &self.sheets[start..end];
            // First half of the signature: each sheet's front right, then back left, from the
            // outside in; second half: each sheet's back right, then front left, from the
            // inside out.
            for s in sheets {
                out.push(s.front.right.page);
                out.push(s.back.left.page);
            }
            for s in sheets.iter().rev() {
                out.push(s.back.right.page);
                out.push(s.front.left.page);
            }
            start = end;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1-based page numbers of a side, 0 for a blank.
    fn numbers(side: &Side) -> (usize, usize) {
        let n = |s: &Slot| s.page.map_or(0, |p| p + 1);
        (n(&side.left), n(&side.right))
    }

    #[test]
    fn eight_pages_in_saddle_stitch_order() {
        let plan = plan(8, false, None, 0.0);
        assert_eq!(plan.blanks, 0);
        let sides: Vec<_> = plan
            .sheets
            .iter()
            .flat_map(|s| [numbers(&s.front), numbers(&s.back)])
            .collect();
        assert_eq!(sides, [(8, 1), (2, 7), (6, 3), (4, 5)]);
    }

    #[test]
    fn padding_goes_before_a_back_cover_or_at_the_end() {
        assert_eq!(
            padded(6, true),
            [
                Some(0),
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                None,
                None,
                Some(5)
            ]
        );
        assert_eq!(
            padded(5, false),
            [
                Some(0),
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                None,
                None,
                None
            ]
        );
        assert_eq!(padded(8, true).len(), 8);
        assert_eq!(padded(0, true), [None, None, None, None]);
        let p = plan(37, true, None, 0.0);
        assert_eq!((p.sheets.len(), p.blanks), (10, 3));
        // The back cover is the outer sheet's front left half: the booklet's back.
        assert_eq!(p.sheets[0].front.left.page, Some(36));
    }

    #[test]
    fn folding_gives_the_reading_order_back() {
        for pages in 1..70 {
            for per in [None, Some(1), Some(2), Some(3)] {
                let p = plan(pages, pages % 2 == 0, per, 0.0);
                assert_eq!(p.folded(), padded(pages, pages % 2 == 0), "{pages} {per:?}");
                assert_eq!(p.sheets.len(), pages.div_ceil(4));
            }
        }
    }

    #[test]
    fn signatures_split_the_sheets() {
        let p = plan(40, false, Some(3), 0.0);
        assert_eq!(p.signatures, 4);
        let per: Vec<_> = p.sheets.iter().map(|s| (s.signature, s.index)).collect();
        assert_eq!(per[..4], [(0, 0), (0, 1), (0, 2), (1, 0)]);
        assert_eq!(per[9], (3, 0));
        // The second signature starts at page 13: its outer sheet carries 24 | 13.
        assert_eq!(numbers(&p.sheets[3].front), (24, 13));
    }

    #[test]
    fn creep_grows_towards_the_centre_sheet() {
        let p = plan(16, false, None, 0.25);
        let shifts: Vec<_> = p.sheets.iter().map(|s| s.front.left.shift).collect();
        assert_eq!(shifts, [0.0, 0.25, 0.5, 0.75]);
        for s in &p.sheets {
            assert_eq!(s.front.left.shift, s.back.right.shift);
        }
        // Each signature starts again from its outer sheet.
        let p = plan(16, false, Some(2), 0.25);
        let shifts: Vec<_> = p.sheets.iter().map(|s| s.front.left.shift).collect();
        assert_eq!(shifts, [0.0, 0.25, 0.0, 0.25]);
    }
}
