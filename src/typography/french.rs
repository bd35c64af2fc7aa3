//! French rules: spaces around high punctuation and guillemets, digit grouping.
//!
//! From the *Lexique des règles typographiques en usage à l'Imprimerie nationale* (its table of
//! spacing around punctuation, and its entry on numbers):
//!
//! - `;`, `!`, `?` take a narrow no-break space (*espace fine insécable*, U+202F) before them;
//! - `:` takes a no-break word space (*espace-mot insécable*, U+00A0) before it;
//! - guillemets `« »` enclose their text with no-break spaces; the Lexique's is a word space,
//!   we set the narrow one (U+202F) throughout, as much current French book typesetting does;
//! - numbers are split in groups of three digits from the right by a narrow no-break space
//!   (`1 000 000`), the integer part only; the Lexique excepts years, page numbers, postcodes,
//!   phone and reference numbers. Not knowing what a number is, we group only integers of five
//!   digits or more (four-digit ones are mostly years), not starting with `0` (phone numbers,
//!   postcodes), not glued to letters or signs (identifiers, versions, `+33…`), not after `n°`,
//!   and not a five-digit number followed by a capitalised word (a postcode and its town).
//!   A number already grouped with plain or no-break spaces gets narrow ones.
//!
//! Between a number and its unit or sign (`30 %`, `12 €`, `5 Mo`, `3 km`) and after an
//! abbreviation that stands before a number or a name (`n° 4`, `p. 12`, `M. Martin`,
//! `Mme Durand`), a plain space the author typed becomes a no-break one (the narrow one before
//! `%`, as the Lexique's entry on the percent sign has it in current usage); where the author
//! typed none (`30%`), nothing is added ([`units`]).
//!
//! Our own choices, for idempotence and safety: a space already fixed (U+00A0, U+202F, thin) is
//! never changed, except an author's U+00A0 before `;`, `!`, `?`, which becomes the narrow one
//! (as a word space it stretched in justified lines); `?!` and `!!` stay glued; `;`, `!`, `?` glued on both sides
//! (`a;b`, `?x=1`) and `:` not followed by a blank (`10:30`, `https://`) and emoticons (`;)`) are left alone; URLs and
//! e-mail addresses written as text are never touched.

use super::run::{is_blank, is_fixed_space, is_plain_space, Cell, Lang, BREAK, OPAQUE};

/// `«`, which [`super::quotes`] puts for an opening `"`.
pub const OPEN_QUOTE: char = '«';
/// `»`, for a closing `"`.
pub const CLOSE_QUOTE: char = '»';

/// Narrow no-break space: before `;`, `!`, `?`, inside guillemets, between digit groups.
const NARROW: char = '\u{202f}';
/// No-break space: before `:`.
const NBSP: char = '\u{a0}';

/// Characters after which punctuation is "glued" to a word and gets a space inserted.
fn ends_word(ch: char) -> bool {
    ch.is_alphanumeric()
        || matches!(
            ch,
            OPAQUE | ')' | ']' | '}' | '»' | '”' | '’' | '%' | '€' | '$' | '°' | '*'
        )
}

/// Spaces before `;`, `!`, `?`, `:` and `»`, after `«`.
pub fn spacing(cells: &mut Vec<Cell>) {
    let mut i = 0;
    while i < cells.len() {
        let cell = cells[i];
        if !cell.editable(Lang::French) {
            i += 1;
            continue;
        }
        let next = cells.get(i + 1);
        i = match cell.ch {
            ';' if next.is_some_and(|n| matches!(n.ch, ')' | '(')) => i + 1,
            ';' | '!' | '?' if high_punct_follows(next) => {
                let glued_pair = i > 0 && matches!(cells[i - 1].ch, '!' | '?');
                if glued_pair {
                    i + 1
                } else if i > 0 && cells[i - 1].ch == NBSP && cells[i - 1].is_text() {
                    // An author's `&nbsp;` stretched like a word space in justified lines
                    // (0.22–0.41 em measured): it becomes the narrow one this rule puts.
                    cells[i - 1].ch = NARROW;
                    i + 1
                } else {
                    space_before(cells, i, NARROW)
                }
            }
            ':' if is_blank(next) => space_before(cells, i, NBSP),
            // `Note :texte`: the author typed the space before, not the one after; still
            // punctuation, so the space becomes the no-break one (none is added after). Not
            // when the colon starts a token: `1 :2`, `a ::b`, `C :/`, a smiley `:D`.
            ':' if i > 0 && is_plain_space(&cells[i - 1]) && word_follows(&cells[i + 1..]) => {
                space_before(cells, i, NBSP)
            }
            '»' => space_before(cells, i, NARROW),
            '«' => space_after(cells, i),
            _ => i + 1,
        };
    }
}

/// Whether `rest` starts with a word of at least two letters (the text after a colon used as
/// punctuation), not a digit, a symbol or a single letter (`:D`).
fn word_follows(rest: &[Cell]) -> bool {
    let letters = rest
        .iter()
        .take_while(|c| c.is_text() && c.ch.is_alphabetic())
        .count();
    letters >= 2
}

/// What may follow `;`, `!`, `?` for them to be punctuation rather than part of a token.
fn high_punct_follows(next: Option<&Cell>) -> bool {
    is_blank(next) || next.is_some_and(|n| n.ch == OPAQUE || "!?;:.,…»)]”’\"'".contains(n.ch))
}

/// Puts `space` before the character at `i` (replacing plain blanks, inserting after a word,
/// leaving a fixed space alone). Returns the index just past that character.
fn space_before(cells: &mut Vec<Cell>, i: usize, space: char) -> usize {
    let Some(prev) = i.checked_sub(1).map(|p| cells[p]) else {
        return i + 1;
    };
    if is_plain_space(&prev) {
        let start = (0..i)
            .rev()
            .take_while(|&j| is_plain_space(&cells[j]))
            .last()
            .unwrap_or(i - 1);
        if start == 0 || cells[start - 1].ch == BREAK {
            return i + 1;
        }
        cells[i - 1].ch = space;
        let removed = i - 1 - start;
        cells.drain(start..i - 1);
        i - removed + 1
    } else if !is_fixed_space(prev.ch) && ends_word(prev.ch) {
        let inserted = cells[i].with(space);
        cells.insert(i, inserted);
        i + 2
    } else {
        i + 1
    }
}

/// Puts a narrow no-break space after the `«` at `i`. Returns the index past the space.
fn space_after(cells: &mut Vec<Cell>, i: usize) -> usize {
    let Some(next) = cells.get(i + 1).copied() else {
        return i + 1;
    };
    if is_plain_space(&next) {
        let end = (i + 1..cells.len())
            .take_while(|&j| is_plain_space(&cells[j]))
            .last()
            .unwrap_or(i + 1);
        if end + 1 == cells.len() || cells[end + 1].ch == BREAK {
            return i + 1;
        }
        cells[i + 1].ch = NARROW;
        cells.drain(i + 2..=end);
        i + 2
    } else if is_fixed_space(next.ch) || next.ch == BREAK {
        i + 1
    } else {
        let inserted = cells[i].with(NARROW);
        cells.insert(i + 1, inserted);
        i + 2
    }
}

/// Groups the digits of long integers (see the module doc for which ones).
///
/// A number is read as a whole token: digit runs joined by single spaces of any kind. A token
/// grouped with one kind of space (`1 000 000`, or with no-break or narrow spaces) gets narrow
/// ones. Any other is split at its plain spaces, and each part is taken on its own: a part
/// grouped with one kind of no-break space gets narrow ones, a single long run is grouped, and
/// anything else is left as it is. Deciding on the whole token makes a second pass find what
/// the first left (the stages fuzzer found three ways a number grouped by the first pass, next
/// to another, was read differently by the second).
pub fn digit_groups(cells: &mut Vec<Cell>) {
    let mut i = 0;
    while i < cells.len() {
        if !is_number_digit(&cells[i]) || (i > 0 && cells[i - 1].ch.is_ascii_digit()) {
            i += 1;
            continue;
        }
        let runs = digit_runs(cells, i);
        let end = runs.last().map_or(i, |&(s, l)| s + l);
        if !number_starts_here(cells, i) {
            i = end;
            continue;
        }
        if runs.len() > 1 && one_kind_of_space(cells, &runs) && grouped(&runs) {
            if integer_ends_well(cells, end) {
                narrow_separators(cells, &runs);
            }
            i = end;
            continue;
        }
        // Parts between plain spaces, from the right: grouping inserts cells.
        let parts: Vec<&[(usize, usize)]> = runs
            .split_inclusive(|&(s, l)| cells.get(s + l).is_some_and(|c| c.ch == ' '))
            .collect();
        let mut inserted = 0;
        for part in parts.iter().rev() {
            let (first, len) = part[0];
            let part_end = part.last().map_or(first, |&(s, l)| s + l);
            if part.len() > 1 {
                if one_kind_of_space(cells, part)
                    && grouped(part)
                    && integer_ends_well(cells, part_end)
                {
                    narrow_separators(cells, part);
                }
            } else if len >= 5
                && cells[first].ch != '0'
                && integer_ends_well(cells, part_end)
                && !postcode(cells, first, len)
            {
                let mut at = part_end;
                while at - first > 3 {
                    at -= 3;
                    let space = cells[at].with(NARROW);
                    cells.insert(at, space);
                    inserted += 1;
                }
            }
        }
        i = end + inserted;
    }
}

/// A digit the French rules may rewrite.
fn is_number_digit(c: &Cell) -> bool {
    c.ch.is_ascii_digit() && c.editable(Lang::French)
}

/// The digit runs of the number starting at `i` (start, length): runs joined by single spaces
/// (plain, no-break or narrow).
fn digit_runs(cells: &[Cell], i: usize) -> Vec<(usize, usize)> {
    let run_at = |s: usize| cells[s..].iter().take_while(|c| is_number_digit(c)).count();
    let mut runs = vec![(i, run_at(i))];
    loop {
        let (s, l) = runs[runs.len() - 1];
        let sep = cells.get(s + l);
        let next = cells.get(s + l + 1);
        let joined = sep.is_some_and(|c| matches!(c.ch, ' ' | NBSP | NARROW) && c.is_text())
            && next.is_some_and(is_number_digit);
        if !joined {
            return runs;
        }
        runs.push((s + l + 1, run_at(s + l + 1)));
    }
}

/// Whether every space between `runs` is the same character.
fn one_kind_of_space(cells: &[Cell], runs: &[(usize, usize)]) -> bool {
    let mut kinds = runs[1..].iter().map(|&(s, _)| cells[s - 1].ch);
    let first = kinds.next();
    kinds.all(|k| Some(k) == first)
}

/// Whether `runs` read as one grouped integer: 1 to 3 digits, then groups of exactly three.
fn grouped(runs: &[(usize, usize)]) -> bool {
    (1..=3).contains(&runs[0].1) && runs[1..].iter().all(|&(_, l)| l == 3)
}

/// The spaces between `runs` made narrow no-break ones.
fn narrow_separators(cells: &mut [Cell], runs: &[(usize, usize)]) {
    for &(s, _) in &runs[1..] {
        cells[s - 1].ch = NARROW;
    }
}

/// Whether a number may start at `i`: after a blank, an opening sign, or a minus after a blank;
/// not after letters, digits, `.`, `,`, `/`, `+`, `#`, `_`, `°` (identifiers, decimals,
/// phone numbers, `n° 12345`).
fn number_starts_here(cells: &[Cell], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| &cells[p]) else {
        return true;
    };
    match prev.ch {
        '(' | '[' | '«' | '“' | '—' | '–' | OPAQUE => true,
        '-' | '−' => is_blank(i.checked_sub(2).map(|p| &cells[p])),
        c if c.is_whitespace() || c == BREAK => {
            let before = i.checked_sub(2).map(|p| cells[p].ch);
            before != Some('°')
        }
        _ => false,
    }
}

/// What may follow an integer to group: a blank, punctuation, `%`, `€`, or a decimal comma.
fn integer_ends_well(cells: &[Cell], end: usize) -> bool {
    let Some(next) = cells.get(end) else {
        return true;
    };
    let after = cells.get(end + 1);
    match next.ch {
        ',' => true,
        '.' => !after.is_some_and(|a| a.ch.is_ascii_digit()),
        c if c.is_whitespace() || c == BREAK => true,
        c => ";:!?)]»”…%€".contains(c),
    }
}

/// A five-digit number followed by a space (plain or no-break) and a capitalised word that is
/// not a unit: `75001 Paris`, not `10000 Md€` (whose space [`units`] makes a no-break one: the
/// rule must read the number alike before and after, or a second pass would group it).
fn postcode(cells: &[Cell], i: usize, run: usize) -> bool {
    run == 5
        && cells
            .get(i + run)
            .is_some_and(|c| matches!(c.ch, ' ' | NBSP))
        && cells.get(i + run + 1).is_some_and(|c| c.ch.is_uppercase())
        && !UNITS.contains(&word_at(cells, i + run + 1).trim_end_matches('.'))
}

/// The word starting at `from`: text up to a blank or closing punctuation.
fn word_at(cells: &[Cell], from: usize) -> String {
    cells[from..]
        .iter()
        .take_while(|c| c.is_text() && !c.ch.is_whitespace() && !",;:!?)]»”…".contains(c.ch))
        .map(|c| c.ch)
        .collect()
}

/// Unit symbols and signs a number's space binds to (see the module doc): SI units, data sizes
/// in French (`Ko`, `Mo`…), currency, time. Only whole tokens count (`5 min` but not `5 minutes`).
const UNITS: &[&str] = &[
    "%", "€", "$", "£", "‰", "°", "°C", "Ko", "Mo", "Go", "To", "ko", "kB", "MB", "GB", "TB", "km",
    "m", "cm", "mm", "m²", "m³", "km²", "kg", "g", "mg", "t", "l", "L", "ml", "h", "min", "s",
    "ms", "Hz", "kHz", "MHz", "GHz", "W", "kW", "kWh", "MW", "V", "A", "k€", "M€", "Md€",
];

/// Abbreviations whose following plain space becomes a no-break one, and what must follow them:
/// a digit after `n°`, `p.`, `pp.`, a capital after a title (`M. Martin`).
const BEFORE_NUMBER: &[&str] = &["n°", "N°", "p.", "pp.", "no"];
const TITLES: &[&str] = &[
    "M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Me", "Pr",
];

/// The no-break spaces between a number and its unit, and after `n°`, `p.`, `M.`, `Mme`…
pub fn units(cells: &mut [Cell]) {
    for i in 1..cells.len().saturating_sub(1) {
        if !(cells[i].ch == ' ' && cells[i].editable(Lang::French)) {
            continue;
        }
        let (prev, next) = (cells[i - 1], cells[i + 1]);
        if !next.is_text() || !prev.is_text() {
            continue;
        }
        // A number before: its unit after.
        if prev.ch.is_ascii_digit() {
            let unit = word_at(cells, i + 1);
            let unit = unit.trim_end_matches('.');
            if UNITS.contains(&unit) {
                cells[i].ch = if unit == "%" || unit == "‰" {
                    NARROW
                } else {
                    NBSP
                };
            }
            continue;
        }
        // An abbreviation before: the token that ends at `i`, standing alone.
        let start = (0..i)
            .rev()
            .take_while(|&j| cells[j].is_text() && !cells[j].ch.is_whitespace())
            .last()
            .unwrap_or(i);
        let before = i_slice(cells, start, i);
        let alone = start == 0 || is_blank(Some(&cells[start - 1])) || cells[start - 1].ch == '(';
        if !alone {
            continue;
        }
        if (BEFORE_NUMBER.contains(&before.as_str()) && next.ch.is_ascii_digit())
            || (TITLES.contains(&before.as_str()) && next.ch.is_uppercase())
        {
            cells[i].ch = NBSP;
        }
    }
}

/// The characters of `cells[from..to]`.
fn i_slice(cells: &[Cell], from: usize, to: usize) -> String {
    cells[from..to].iter().map(|c| c.ch).collect()
}
