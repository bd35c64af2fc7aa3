//! Optimal line breaking: Knuth and Plass's total-fit algorithm over boxes, glue and penalties.
//!
//! A paragraph is a list of [`Item`]s: *boxes* (text that cannot be cut), *glue* (word spaces,
//! which may stretch and shrink) and *penalties* (places where a line may end at a cost, with an
//! optional width for a hyphen). A line may end at a penalty below [`INFINITE_PENALTY`], or at a
//! glue that directly follows a box. Among all ways of cutting the paragraph, the one with the
//! least total *demerits* wins; a line's demerits grow with the cube of how far its spaces had
//! to stretch or shrink (its *badness*), with its penalty, and with the way it sits against its
//! neighbour (two hyphens in a row, a tight line after a loose one). This is "Breaking
//! Paragraphs into Lines" (Knuth & Plass, 1981), §§ "The algorithm" and "Refinements", with the
//! active-list formulation of TeX's §813–890: one pass over the items keeps the set of *active*
//! breakpoints from which a line could still reach the current item; each legal breakpoint
//! tries every active node, and keeps the best predecessor for each class of line ending.
//!
//! Where this departs from the paper and from TeX:
//! - Node classes are (fitness class, number of hyphenated lines in a row) rather than
//!   (fitness class, line number): every line has the same measure (a first-line indent is a box,
//!   as in TeX), so line numbers need no classes; the hyphen count is there so that
//!   [`MAX_HYPHENATED_RUN`] is a hard rule, not a cost: French typographic usage tolerates two
//!   hyphenated lines in a row, never three, and TeX's `\doublehyphendemerits` only discourages.
//!   (In the emergency pass a third hyphen costs [`EXCESS_HYPHEN_RUN_DEMERITS`] instead, so a
//!   word of thousands of letters with nothing but hyphenation points can still be set.)
//! - Every class's best node is kept at a breakpoint (TeX drops those worse than the best by more
//!   than `\adjdemerits`); the extra nodes are few and the result can only be better.
//! - Passes are chosen by the caller ([`Params`]): without hyphenation at `\pretolerance`, with it
//!   at `\tolerance`, then an emergency pass with unbounded tolerance on items where overlong
//!   unbreakable stretches were made breakable anywhere. TeX's emergency pass instead lets lines
//!   run overfull; ours never does, unless one single cluster is wider than the measure, in
//!   which case the *rescue* below still yields a result.
//! - Ragged lines (`line_stretch`) use TeX's `\rightskip` trick: spaces are rigid and every line
//!   gets a finite stretch at its end, so the rag is evened out instead of first-fit.
//! - Looseness is always 0 (the optimum is taken, never a longer or shorter paragraph).
//! - A shrunk line's badness counts [`SHRINK_BADNESS_FACTOR`] times (TeX's is symmetric).
//! - Font expansion ([`Params::expansion`]) and protrusion ([`Hang`]) enter the line's width and
//!   stretchability as in pdfTeX with `\adjustspacing=2` and `\protrudechars=2`.

/// A penalty this high forbids a break; its negative forces one (TeX's ±10000).
pub const INFINITE_PENALTY: f32 = 10_000.0;
/// Added to every line's badness before squaring (TeX's `\linepenalty`, 10): it makes fewer
/// lines better, all else equal.
pub const LINE_PENALTY: f32 = 10.0;
/// Added when two consecutive lines end in a flagged break (TeX's `\doublehyphendemerits`).
pub const DOUBLE_HYPHEN_DEMERITS: f64 = 10_000.0;
/// Added when the next-to-last line ends hyphenated (TeX's `\finalhyphendemerits`).
pub const FINAL_HYPHEN_DEMERITS: f64 = 5_000.0;
/// Added when a line's fitness class differs by more than one from the previous line's, i.e. a
/// very loose line next to a decent or tight one (TeX's `\adjdemerits`).
pub const ADJ_DEMERITS: f64 = 10_000.0;
/// The most consecutive lines that may end in a flagged break (hyphen), a hard rule here.
pub const MAX_HYPHENATED_RUN: u8 = 2;
/// In the emergency pass only, the cost of a third hyphenated line in a row: more than any
/// combination of ordinary demerits, so it happens only when nothing else fits.
pub const EXCESS_HYPHEN_RUN_DEMERITS: f64 = 1e12;
/// A shrunk line's badness is multiplied by this (TeX's is symmetric: 1). With font expansion
/// a line can shrink its glyphs as well as its spaces, and at 1 the breaker chose squeezed
/// lines (spaces under 0.8 of their width) more often than Typst. Today: 6.0 % of the real
/// pages' lines (Typst 7.1 %), 0.4 % of the default guide's (`docs/tuning.md`).
pub const SHRINK_BADNESS_FACTOR: f32 = 1.5;
/// Badness above which a line is "infinitely bad" (TeX's `inf_bad`).
pub const INFINITE_BADNESS: f32 = 10_000.0;

/// One element of a paragraph to break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Material that cannot be broken or resized.
    Box {
        /// Its width.
        width: f32,
    },
    /// A space: may stretch or shrink; a break here drops it.
    Glue {
        /// Natural width.
        width: f32,
        /// How much it may grow at adjustment ratio 1.
        stretch: f32,
        /// How much it may shrink at adjustment ratio −1 (never more).
        shrink: f32,
    },
    /// Glue of zero width that stretches without limit (TeX's `\parfillskip`): the line it ends
    /// is set at natural spacing.
    Fill,
    /// A possible break with a cost; a flagged penalty with a width is a discretionary hyphen.
    Penalty {
        /// Width added to the line if it ends here (the hyphen).
        width: f32,
        /// The cost of breaking here, ±[`INFINITE_PENALTY`] meaning never / always.
        cost: f32,
        /// A hyphen-like break, counted for consecutive-hyphen rules.
        flagged: bool,
    },
}

impl Item {
    /// A flagged penalty with a width: a hyphen the break would insert.
    pub fn is_discretionary(&self) -> bool {
        matches!(*self, Item::Penalty { width, flagged: true, .. } if width > 0.0)
    }
}

/// The settings of one pass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// The width every line is set to.
    pub measure: f32,
    /// The highest badness a line may have; `f32::INFINITY` accepts any line that is not
    /// overfull.
    pub tolerance: f32,
    /// Extra stretch at the end of every line (ragged setting); 0 for justified text.
    pub line_stretch: f32,
    /// Whether discretionary hyphens may be used.
    pub hyphenate: bool,
    /// Font expansion: the share by which a line's boxes may be widened or narrowed (0 for
    /// none; see [`super::expansion`]). Counted as stretch and shrink of the line, as pdfTeX's
    /// `\adjustspacing=2` does, so the breaker prefers lines it can set with little of it.
    pub expansion: f32,
}

/// How far a line's first and last glyphs may hang into the margins ([`super::protrusion`]),
/// per item: `left[i]` for a line whose first item is `i`, `right[i]` for a line that ends at
/// the break `i`. Empty vectors: nothing hangs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hang {
    /// Indexed by a line's first item.
    pub left: Vec<f32>,
    /// Indexed by a line's break.
    pub right: Vec<f32>,
}

impl Hang {
    /// The room a line from item `start` to the break `end` gains in the margins.
    pub fn room(&self, start: usize, end: usize) -> f32 {
        self.left.get(start).copied().unwrap_or(0.0) + self.right.get(end).copied().unwrap_or(0.0)
    }
}

/// Where a line ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// The index of the item the line ends at (glue or penalty; the last item for the last line).
    pub index: usize,
    /// The adjustment ratio of the line: how far its glue stretches (> 0) or shrinks (< 0).
    pub ratio: f32,
    /// The line ends at a flagged penalty.
    pub flagged: bool,
}

/// Fitness classes (the paper's "very loose", "loose", "decent", "tight"), by adjustment ratio.
fn fitness(ratio: f32) -> u8 {
    if ratio > 1.0 {
        0
    } else if ratio > 0.5 {
        1
    } else if ratio >= -0.5 {
        2
    } else {
        3
    }
}

/// Badness of a line set at `ratio`: 100·|r|³, capped (the paper's approximation).
fn badness(ratio: f32) -> f32 {
    if ratio.is_infinite() {
        return INFINITE_BADNESS;
    }
    (100.0 * ratio.abs().powi(3)).min(INFINITE_BADNESS)
}

/// A feasible breakpoint found so far.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The item the break is at (0 with `prev: None` for the paragraph start).
    index: usize,
    /// The first item of the next line (after discarded glue and penalties).
    after: usize,
    fitness: u8,
    hyphen_run: u8,
    flagged: bool,
    demerits: f64,
    ratio: f32,
    prev: Option<usize>,
}

/// Running sums of widths, stretch, shrink and fills, so any line's totals are two lookups.
struct Sums {
    width: Vec<f32>,
    /// The boxes' share of `width`: what font expansion widens or narrows.
    boxes: Vec<f32>,
    stretch: Vec<f32>,
    shrink: Vec<f32>,
    fills: Vec<u32>,
}

impl Sums {
    fn new(items: &[Item]) -> Self {
        let n = items.len() + 1;
        let mut s = Sums {
            width: Vec::with_capacity(n),
            boxes: Vec::with_capacity(n),
            stretch: Vec::with_capacity(n),
            shrink: Vec::with_capacity(n),
            fills: Vec::with_capacity(n),
        };
        let (mut w, mut y, mut z, mut f) = (0.0f32, 0.0f32, 0.0f32, 0u32);
        let mut x = 0.0f32;
        for item in items {
            s.width.push(w);
            s.boxes.push(x);
            s.stretch.push(y);
            s.shrink.push(z);
            s.fills.push(f);
            match *item {
                Item::Box { width } => {
                    w += width;
                    x += width;
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += width;
                    y += stretch;
                    z += shrink;
                }
                Item::Fill => f += 1,
                Item::Penalty { .. } => {}
            }
        }
        s.width.push(w);
        s.boxes.push(x);
        s.stretch.push(y);
        s.shrink.push(z);
        s.fills.push(f);
        s
    }
}

/// The first item of a line that follows a break at `index`: glue and penalties after a break
/// are discarded, up to the next box (or forced break).
fn after_break(items: &[Item], index: usize, at_start: bool) -> usize {
    let mut i = if at_start { index } else { index + 1 };
    while let Some(item) = items.get(i) {
        match *item {
            Item::Box { .. } => break,
            Item::Penalty { cost, .. } if cost <= -INFINITE_PENALTY => break,
            _ => i += 1,
        }
    }
    i
}

/// Breaks `items` into lines, or `None` when no way of breaking meets the tolerance. The list
/// must end with a forced break (a `Penalty` of cost −[`INFINITE_PENALTY`]).
pub fn break_lines(items: &[Item], params: &Params) -> Option<Vec<Break>> {
    break_lines_hanging(items, params, &Hang::default())
}

/// [`break_lines`], with glyphs that may hang into the margins: a line's width is measured
/// without the share of its first and last glyphs that hangs, as pdfTeX does with
/// `\protrudechars=2`, so that the break itself takes protrusion into account.
pub fn break_lines_hanging(items: &[Item], params: &Params, hang: &Hang) -> Option<Vec<Break>> {
    let sums = Sums::new(items);
    let mut nodes = vec![Node {
        index: 0,
        after: after_break(items, 0, true),
        fitness: 2,
        hyphen_run: 0,
        flagged: false,
        demerits: 0.0,
        ratio: 0.0,
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let last = items.len().checked_sub(1)?;

    for (b, item) in items.iter().enumerate() {
        let (pen_width, cost, flagged) = match *item {
            Item::Penalty {
                width,
                cost,
                flagged,
            } if cost < INFINITE_PENALTY => {
                if item.is_discretionary() && !params.hyphenate {
                    continue;
                }
                (width, cost, flagged)
            }
            Item::Glue { .. } if b > 0 && matches!(items[b - 1], Item::Box { .. }) => {
                (0.0, 0.0, false)
            }
            _ => continue,
        };
        let forced = cost <= -INFINITE_PENALTY;
        // Best candidate per (fitness, hyphen run) class.
        let mut best: [[Option<Node>; 4]; 4] = [[None; 4]; 4];
        let mut deactivated: Option<usize> = None;
        let mut k = 0;
        while k < active.len() {
            let ai = active[k];
            let a = nodes[ai];
            let start = a.after;
            if start > b {
                k += 1;
                continue;
            }
            let width = sums.width[b] - sums.width[start] + pen_width - hang.room(start, b);
            let expandable = (sums.boxes[b] - sums.boxes[start] + pen_width) * params.expansion;
            let stretch = sums.stretch[b] - sums.stretch[start] + params.line_stretch + expandable;
            let shrink = sums.shrink[b] - sums.shrink[start] + expandable;
            let fills = sums.fills[b] - sums.fills[start];
            let shortfall = params.measure - width;
            let ratio = if shortfall > 0.0 {
                if fills > 0 {
                    0.0
                } else if stretch > 0.0 {
                    shortfall / stretch
                } else {
                    f32::INFINITY
                }
            } else if shortfall < 0.0 {
                if shrink > 0.0 {
                    shortfall / shrink
                } else {
                    f32::NEG_INFINITY
                }
            } else {
                0.0
            };
            // A line that is overfull now only gets worse further on: retire the node.
            let overfull = ratio < -1.0 - 1e-4;
            if overfull || forced {
                active.remove(k);
                // Keep the retired node with the most text behind it, for the rescue below.
                if overfull && deactivated.is_none_or(|d| nodes[d].index < a.index) {
                    deactivated = Some(ai);
                }
            } else {
                k += 1;
            }
            if overfull {
                continue;
            }
            let bad = if ratio < 0.0 {
                (badness(ratio) * SHRINK_BADNESS_FACTOR).min(INFINITE_BADNESS)
            } else {
                badness(ratio)
            };
            if bad > params.tolerance {
                continue;
            }
            let hyphen_run = if flagged {
                (a.hyphen_run + 1).min(MAX_HYPHENATED_RUN + 1)
            } else {
                0
            };
            let mut d = f64::from(LINE_PENALTY + bad).powi(2);
            if hyphen_run > MAX_HYPHENATED_RUN {
                // A hard rule, except in the emergency pass, where a word with nothing but
                // hyphenation points (thousands of letters) may leave no other way.
                if params.tolerance.is_finite() {
                    continue;
                }
                d += EXCESS_HYPHEN_RUN_DEMERITS;
            }
            if cost >= 0.0 {
                d += f64::from(cost).powi(2);
            } else if !forced {
                d -= f64::from(cost).powi(2);
            }
            if flagged && a.flagged {
                d += DOUBLE_HYPHEN_DEMERITS;
            }
            if b == last && a.flagged && a.prev.is_some() {
                d += FINAL_HYPHEN_DEMERITS;
            }
            let fit = fitness(ratio);
            if fit.abs_diff(a.fitness) > 1 {
                d += ADJ_DEMERITS;
            }
            let total = a.demerits + d;
            let slot = &mut best[usize::from(fit)][usize::from(hyphen_run)];
            if slot.is_none_or(|n| total < n.demerits) {
                *slot = Some(Node {
                    index: b,
                    after: after_break(items, b, false),
                    fitness: fit,
                    hyphen_run,
                    flagged,
                    demerits: total,
                    ratio,
                    prev: Some(ai),
                });
            }
        }
        let mut created = false;
        for node in best.into_iter().flatten().flatten() {
            nodes.push(node);
            active.push(nodes.len() - 1);
            created = true;
        }
        // Rescue: nothing can reach past here without running overfull (a single cluster wider
        // than the measure). End a line here anyway from the node just retired.
        if !created && active.is_empty() && params.tolerance.is_infinite() {
            if let Some(from) = deactivated {
                let a = nodes[from];
                nodes.push(Node {
                    index: b,
                    after: after_break(items, b, false),
                    fitness: 2,
                    hyphen_run: if flagged { a.hyphen_run + 1 } else { 0 },
                    flagged,
                    demerits: a.demerits + f64::from(INFINITE_BADNESS).powi(2),
                    ratio: -1.0,
                    prev: Some(from),
                });
                active.push(nodes.len() - 1);
            }
        }
        if active.is_empty() {
            return None;
        }
    }

    // The best node at the final break.
    let end = active
        .iter()
        .copied()
        .filter(|&n| nodes[n].index == last && nodes[n].prev.is_some())
        .min_by(|&x, &y| nodes[x].demerits.total_cmp(&nodes[y].demerits))?;
    let mut breaks = Vec::new();
    let mut cursor = Some(end);
    while let Some(n) = cursor {
        let node = nodes[n];
        if node.prev.is_some() {
            breaks.push(Break {
                index: node.index,
                ratio: node.ratio,
                flagged: node.flagged,
            });
        }
        cursor = node.prev;
    }
    breaks.reverse();
    Some(breaks)
}
