//! A paragraph's atoms ([`super::atoms`]) into Knuth–Plass boxes, glue and penalties: what
//! each break costs, how far each line's ends may hang into the margins, and, when nothing
//! fits, which stretches may break anywhere. The costs are the constants below, each with its
//! reason; what was tried for them is in `docs/tuning.md`.

use super::atoms::{
    forbidden_at_line_end, forbidden_at_line_start, AtomKind, InWordBreak, Origin, Prepared,
};
use super::linebreak::{Hang, Item, INFINITE_PENALTY};
use super::protrusion;
use super::types::{Align, ParagraphOptions};

/// Stretch of a word space, as a share of its width (TeX's Computer Modern: 1/2).
pub(super) const SPACE_STRETCH: f32 = 0.5;
/// Shrink of a word space, as a share of its width (Computer Modern: 1/3).
pub(super) const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// Ragged lines may fall this many ems short at badness 100 (a finite `\rightskip`: TeX's
/// `\raggedright` uses infinite stretch, which makes breaking first-fit and the rag uneven).
pub(super) const RAGGED_STRETCH_EM: f32 = 3.0;
/// First pass, without hyphenation: 140 (TeX's `\pretolerance` is 100, spaces up to 1.5×
/// natural). With font expansion ([`super::expansion`]) and protrusion ([`super::protrusion`])
/// a line has more room, and a first pass a little more tolerant sets most paragraphs with no
/// hyphen at all. Today (default guide / real pages, A4): 2.9 % / 3.7 % of the lines
/// hyphenated, 0 % / 2.5 % loose. What else was tried: `docs/tuning.md`.
pub(super) const PRETOLERANCE: f32 = 140.0;
/// Second pass, with hyphenation: 400, twice TeX's `\tolerance` (200), i.e. spaces up to 1.8×
/// natural instead of 1.63×. With a costly hyphen (below) the optimum seldom goes that far, but
/// at 200 a paragraph often had no solution without a hyphen on most of its lines
/// (`docs/tuning.md`).
pub(super) const TOLERANCE: f32 = 400.0;
/// Cost of a hyphenation point: 200, four times TeX's `\hyphenpenalty` (50). French book
/// usage hyphenates sparingly, but a loose line is the more visible fault: a dearer hyphen
/// (300) took the loose lines past 3 % (`docs/tuning.md`).
pub(super) const HYPHEN_PENALTY: f32 = 200.0;
/// Ragged text (table cells, captions, centred lines) has neither protrusion nor expansion, so
/// it keeps the first pass and the hyphen cost measured before them (TeX's `\pretolerance`, and
/// 150).
pub(super) const RAGGED_PRETOLERANCE: f32 = 100.0;
/// See [`RAGGED_PRETOLERANCE`].
pub(super) const RAGGED_HYPHEN_PENALTY: f32 = 150.0;
/// Cost of breaking after an explicit hyphen, as in `peut-être` (TeX's `\exhyphenpenalty`, 50).
pub(super) const EXPLICIT_HYPHEN_PENALTY: f32 = 50.0;
/// Cost of breaking at the last word space of a justified paragraph, which leaves one word
/// alone on the last line (a runt; Typst has a cost too, TeX has none): 1,000, a million
/// demerits, more than any line within the tolerance, so the paragraph is reset whenever it can
/// be without a line past the tolerance. Today: runts on 7.0 % / 12.7 % of the paragraphs
/// (Typst 7.1 % / 13.2 %).
pub(super) const RUNT_PENALTY: f32 = 1_000.0;
/// Added to a hyphen inside the paragraph's last word, which leaves a piece of it alone: 150.
/// Higher cost loose lines for no fewer runts (`docs/tuning.md`).
pub(super) const RUNT_HYPHEN_PENALTY: f32 = 150.0;
/// The least room, in ems of the paragraph's first size, that a justified paragraph's last
/// line leaves empty at its end (TeX's `\parfillskip` has none): 0.1 em. A last line that
/// reaches the margin reads as if the paragraph went on, the more so at a page foot, where it
/// looks like the first half of a paragraph cut by the page (`typo-metrics` read one so, as a
/// widow, on the default guide). A whole em, as some book designers ask, leaves more one-word
/// last lines (`docs/tuning.md`).
pub(super) const LAST_LINE_GAP_EM: f32 = 0.1;
/// Cost of breaking inside a URL: it is not a word and cannot take a hyphen, so it is cut bare,
/// but a cut URL reads worse than a loose line, hence more than a hyphen.
pub(super) const URL_BREAK_PENALTY: f32 = 100.0;
/// Cost of a last-resort break between any two clusters of an unbreakable stretch wider than
/// the measure: high, since it cuts a word with no hyphen, yet below "never".
pub(super) const EMERGENCY_BREAK_PENALTY: f32 = 5_000.0;

impl<'a> Prepared<'a> {
    /// The Knuth–Plass items; atoms marked in `split` may break after any cluster.
    pub(super) fn items(
        &self,
        options: &ParagraphOptions,
        split: &[bool],
    ) -> (Vec<Item>, Vec<Origin>) {
        let justify = options.align == Align::Justify;
        let mut items = Vec::with_capacity(self.atoms.len() + 8);
        let mut origins = Vec::with_capacity(self.atoms.len() + 8);
        if options.indent > 0.0 {
            items.push(Item::Box {
                width: options.indent,
            });
            origins.push(Origin::Indent);
        }
        let mut open: Option<(usize, f32)> = None; // first atom of the open box, its width
        let close = |open: &mut Option<(usize, f32)>,
                     upto: usize,
                     items: &mut Vec<Item>,
                     origins: &mut Vec<Origin>| {
            if let Some((first, width)) = open.take() {
                items.push(Item::Box { width });
                origins.push(Origin::Atoms(first..upto));
            }
        };
        let glue = |width: f32| Item::Glue {
            width,
            stretch: if justify { width * SPACE_STRETCH } else { 0.0 },
            shrink: if justify { width * SPACE_SHRINK } else { 0.0 },
        };
        // The least room a justified paragraph's last line leaves at its end.
        let last_gap = if justify {
            LAST_LINE_GAP_EM * self.spans.first().map_or(10.0, |s| s.style.size)
        } else {
            0.0
        };
        // Trailing spaces of the paragraph are dropped.
        let mut last = self.atoms.len();
        while last > 0 && !matches!(self.atoms[last - 1].kind, AtomKind::Cluster) {
            last -= 1;
        }
        let runt_space = self.runt_space(last, justify);
        for (i, atom) in self.atoms[..last].iter().enumerate() {
            match atom.kind {
                AtomKind::Cluster => {
                    match &mut open {
                        Some((_, w)) => *w += atom.width,
                        None => open = Some((i, atom.width)),
                    }
                    let next_is_cluster = self
                        .atoms
                        .get(i + 1)
                        .is_some_and(|n| n.kind == AtomKind::Cluster);
                    if !next_is_cluster {
                        continue;
                    }
                    let Some((penalty, origin)) =
                        self.in_word_penalty(i, split, runt_space, justify)
                    else {
                        continue;
                    };
                    close(&mut open, i + 1, &mut items, &mut origins);
                    items.push(penalty);
                    origins.push(origin);
                }
                AtomKind::Space { breakable } => {
                    close(&mut open, i, &mut items, &mut origins);
                    if !breakable {
                        // A space the line-start and line-end rules hold (`« «`, `! !`): a
                        // last resort inside a stretch of them wider than the measure.
                        items.push(held(split[i]));
                        origins.push(Origin::Nothing);
                    } else if runt_space == Some(i) {
                        items.push(Item::Penalty {
                            width: 0.0,
                            cost: RUNT_PENALTY,
                            flagged: false,
                        });
                        origins.push(Origin::Nothing);
                    }
                    items.push(glue(atom.width));
                    origins.push(Origin::Space(i));
                }
                AtomKind::NoBreakSpace => {
                    close(&mut open, i, &mut items, &mut origins);
                    items.push(held(split[i]));
                    origins.push(Origin::Nothing);
                    items.push(glue(atom.width));
                    origins.push(Origin::Space(i));
                }
                AtomKind::Newline => {
                    close(&mut open, i, &mut items, &mut origins);
                    // Spaces before a forced break are dropped, as at the paragraph's end.
                    while matches!(items.last(), Some(Item::Glue { .. })) {
                        items.pop();
                        origins.pop();
                    }
                    end_line(&mut items, &mut origins, last_gap);
                }
            }
        }
        close(&mut open, last, &mut items, &mut origins);
        end_line(&mut items, &mut origins, last_gap);
        (items, origins)
    }

    /// The last place a justified paragraph may break between words: a break there leaves
    /// one word alone on the last line (a runt). `last`: the atoms after the trailing spaces.
    fn runt_space(&self, last: usize, justify: bool) -> Option<usize> {
        if justify {
            self.atoms[..last]
                .iter()
                .rposition(|a| matches!(a.kind, AtomKind::Space { breakable: true }))
                .filter(|&i| {
                    !self.atoms[i..last]
                        .iter()
                        .any(|a| a.kind == AtomKind::Newline)
                })
        } else {
            None
        }
    }

    /// The penalty after cluster `i` when the word may break there (a hyphenation point, an
    /// explicit hyphen, a URL's break, or any cluster of an atom marked in `split`), with
    /// what the break inserts; `None` when it may not.
    fn in_word_penalty(
        &self,
        i: usize,
        split: &[bool],
        runt_space: Option<usize>,
        justify: bool,
    ) -> Option<(Item, Origin)> {
        let atom = &self.atoms[i];
        let kind = match atom.break_after {
            Some(InWordBreak::Capital) if split[i] => Some(InWordBreak::Hyphen),
            Some(InWordBreak::Capital) => None,
            other => other,
        }
        .or_else(|| (split[i] && self.emergency_ok(i)).then_some(InWordBreak::Plain))?;
        let span = self.segments[atom.seg].span;
        // A hyphen in the last word leaves a piece of it alone: a runt too.
        let runt = if runt_space.is_some_and(|s| i > s) {
            RUNT_HYPHEN_PENALTY
        } else {
            0.0
        };
        let (width, cost, flagged, origin) = match kind {
            InWordBreak::Hyphen | InWordBreak::Capital => (
                self.hyphens[span].1,
                if justify {
                    HYPHEN_PENALTY
                } else {
                    RAGGED_HYPHEN_PENALTY
                } + runt,
                true,
                Origin::Hyphen(span),
            ),
            InWordBreak::Explicit => (0.0, EXPLICIT_HYPHEN_PENALTY + runt, true, Origin::Nothing),
            InWordBreak::Url => (0.0, URL_BREAK_PENALTY, false, Origin::Nothing),
            InWordBreak::Plain if atom.break_after.is_some() => (0.0, 0.0, false, Origin::Nothing),
            // A word cut between two letters shows it with a hyphen.
            InWordBreak::Plain if self.between_letters(i) => (
                self.hyphens[span].1,
                EMERGENCY_BREAK_PENALTY,
                true,
                Origin::Hyphen(span),
            ),
            InWordBreak::Plain => (0.0, EMERGENCY_BREAK_PENALTY, false, Origin::Nothing),
        };
        Some((
            Item::Penalty {
                width,
                cost,
                flagged,
            },
            origin,
        ))
    }

    /// How far each line's first and last glyph may hang into the margins
    /// ([`super::protrusion`]), per item of `items`; nothing unless the paragraph is justified.
    pub(super) fn hang(&self, items: &[Item], origins: &[Origin], justify: bool) -> Hang {
        // The amounts are for the margins of left-to-right lines. A right-to-left paragraph's
        // lines are set from 0 and pushed flush right, its first logical glyph at the right:
        // nothing hangs there (a long Hebrew word ran 1.8 pt past the measure).
        if !justify || self.rtl() {
            return Hang::default();
        }
        // A right-to-left run inside the line is reordered: its logical ends are not the
        // line's visual ends, so its glyphs (and a hyphen after it) hang nowhere.
        let ltr = |atom: usize| self.level_at(self.atoms[atom].text.start).is_multiple_of(2);
        let share = |atom: usize, last: bool| -> f32 {
            let a = &self.atoms[atom];
            if !ltr(atom) {
                return 0.0;
            }
            let text = &self.text[a.text.clone()];
            let c = if last {
                text.chars().next_back()
            } else {
                text.chars().next()
            };
            let f = c.map_or(0.0, |c| {
                if last {
                    protrusion::right(c)
                } else {
                    protrusion::left(c)
                }
            });
            f * a.width
        };
        let mut hang = Hang {
            left: vec![0.0; items.len()],
            right: vec![0.0; items.len()],
        };
        for (i, item) in items.iter().enumerate() {
            if let (Item::Box { .. }, Origin::Atoms(r)) = (item, &origins[i]) {
                if !r.is_empty() {
                    hang.left[i] = share(r.start, false);
                }
            }
            let before = i.checked_sub(1).map(|p| (&items[p], &origins[p]));
            hang.right[i] = match (item, before) {
                (Item::Penalty { width, .. }, before) if item.is_discretionary() => {
                    let after_rtl = matches!(before, Some((Item::Box { .. }, Origin::Atoms(r)))
                        if !r.is_empty() && !ltr(r.end - 1));
                    if after_rtl {
                        0.0
                    } else {
                        protrusion::right('-') * width
                    }
                }
                (
                    Item::Penalty { .. } | Item::Glue { .. },
                    Some((Item::Box { .. }, Origin::Atoms(r))),
                ) if !r.is_empty() => share(r.end - 1, true),
                _ => 0.0,
            };
        }
        hang
    }

    /// Whether cluster `i` ends with a letter and the next begins with one.
    fn between_letters(&self, i: usize) -> bool {
        let here = &self.text[self.atoms[i].text.clone()];
        let next = self
            .atoms
            .get(i + 1)
            .map_or("", |n| &self.text[n.text.clone()]);
        here.chars().next_back().is_some_and(char::is_alphabetic)
            && next.chars().next().is_some_and(char::is_alphabetic)
    }

    /// An emergency break after cluster `i` still respects the line-start and line-end rules
    /// and never comes before a no-break space, except inside a run of characters the same rule
    /// holds together (`……`, `!!!`, `((((`, no-break spaces): a stretch of them wider than the
    /// measure has no other place to break, and would run off the page.
    fn emergency_ok(&self, i: usize) -> bool {
        let here = &self.text[self.atoms[i].text.clone()];
        let next = self
            .atoms
            .get(i + 1)
            .map_or("", |n| &self.text[n.text.clone()]);
        let last = here.chars().next_back();
        let first = next.chars().next();
        let held_to_next =
            last.is_some_and(forbidden_at_line_end) && !first.is_some_and(forbidden_at_line_end);
        let held_to_last = first.is_some_and(forbidden_at_line_start)
            && !last.is_some_and(forbidden_at_line_start);
        const NO_BREAK: [char; 2] = ['\u{202F}', '\u{00A0}'];
        let held_by_space = next.starts_with(NO_BREAK) && !here.ends_with(NO_BREAK);
        !held_to_next && !held_to_last && !held_by_space
    }

    /// Marks the atoms of every stretch without a legal break that is wider than the measure.
    pub(super) fn overwide_atoms(
        &self,
        items: &[Item],
        origins: &[Origin],
        measure: f32,
    ) -> Vec<bool> {
        let mut split = vec![false; self.atoms.len()];
        let mut from = 0;
        let mut width = 0.0f32;
        let mark = |from: usize, to: usize, split: &mut Vec<bool>| {
            for origin in &origins[from..to] {
                match origin {
                    Origin::Atoms(r) => r.clone().for_each(|a| split[a] = true),
                    Origin::Space(a) => split[*a] = true,
                    _ => {}
                }
            }
        };
        for (i, item) in items.iter().enumerate() {
            let legal = match *item {
                Item::Penalty { cost, .. } => cost < INFINITE_PENALTY,
                Item::Glue { .. } => i > 0 && matches!(items[i - 1], Item::Box { .. }),
                _ => false,
            };
            if legal {
                if width > measure {
                    mark(from, i, &mut split);
                }
                from = i;
                width = 0.0;
            }
            match *item {
                // The last line's closing room is not text to cut.
                Item::Box { .. } if matches!(origins[i], Origin::Nothing) => {}
                Item::Box { width: w } => width += w,
                Item::Glue {
                    width: w, shrink, ..
                } => width += w - shrink,
                _ => {}
            }
        }
        split
    }
}

/// The penalty before a space that may not break: never, or as a last resort inside a
/// stretch of them wider than the measure (`overwide`).
fn held(overwide: bool) -> Item {
    Item::Penalty {
        width: 0.0,
        cost: if overwide {
            EMERGENCY_BREAK_PENALTY
        } else {
            INFINITE_PENALTY
        },
        flagged: false,
    }
}

/// Ends a line for good, at the paragraph's end or a forced break (`<br>`): no break before
/// the filling glue, then the glue that takes up the rest of the line (TeX's `\parfillskip`),
/// at least `gap` wide, then a break that must be taken.
fn end_line(items: &mut Vec<Item>, origins: &mut Vec<Origin>, gap: f32) {
    items.push(Item::Penalty {
        width: 0.0,
        cost: INFINITE_PENALTY,
        flagged: false,
    });
    origins.push(Origin::Nothing);
    if gap > 0.0 {
        items.push(Item::Box { width: gap });
        origins.push(Origin::Nothing);
    }
    items.extend([
        Item::Fill,
        Item::Penalty {
            width: 0.0,
            cost: -INFINITE_PENALTY,
            flagged: false,
        },
    ]);
    origins.extend([Origin::Nothing, Origin::Nothing]);
}
