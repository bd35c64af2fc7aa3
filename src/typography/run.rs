//! A paragraph's text as one flat sequence of characters, so that rules see across node
//! boundaries (`**mot** ?`, `[lien](x) :`, `« [lien](x) »`) and still write each character back
//! into the text node it came from.

pub use crate::book::lang::Lang;

/// Stands for an inline node the rules must not touch but must see (code, image, note call):
/// like a letter, it is glued to what follows.
pub const OPAQUE: char = '\u{FFFC}';

/// Stands for a line break: like a space, but nothing to replace.
pub const BREAK: char = '\n';

/// A piece of a paragraph, in reading order.
pub enum Piece<'a> {
    /// A text node's string and its language.
    Text(&'a mut String, Lang),
    /// Code, an image, a footnote call.
    Opaque,
    /// A hard line break.
    Break,
}

/// One character of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub ch: char,
    /// The text piece it belongs to; `None` for [`OPAQUE`] and [`BREAK`].
    pub seg: Option<usize>,
    pub lang: Lang,
    /// Part of a URL or an e-mail address written as text: never rewritten.
    pub locked: bool,
}

impl Cell {
    /// Whether rules of `lang` may rewrite this character.
    pub fn editable(&self, lang: Lang) -> bool {
        self.seg.is_some() && !self.locked && self.lang == lang
    }

    /// Whether it is text at all (not a stand-in), and not locked.
    pub fn is_text(&self) -> bool {
        self.seg.is_some() && !self.locked
    }

    /// A new character in the same piece, for insertions next to this one.
    pub fn with(&self, ch: char) -> Cell {
        Cell { ch, ..*self }
    }
}

/// The run's cells.
pub fn cells(pieces: &[Piece]) -> Vec<Cell> {
    let mut out = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(s, lang) => out.extend(s.chars().map(|ch| Cell {
                ch,
                seg: Some(i),
                lang: *lang,
                locked: false,
            })),
            Piece::Opaque | Piece::Break => out.push(Cell {
                ch: if matches!(piece, Piece::Opaque) {
                    OPAQUE
                } else {
                    BREAK
                },
                seg: None,
                lang: Lang::Other,
                locked: true,
            }),
        }
    }
    out
}

/// Writes each piece's characters back into its string (only the ones that changed).
pub fn write_back(cells: &[Cell], pieces: &mut [Piece]) {
    let mut texts: Vec<String> = vec![String::new(); pieces.len()];
    for cell in cells {
        if let Some(seg) = cell.seg {
            texts[seg].push(cell.ch);
        }
    }
    for (piece, text) in pieces.iter_mut().zip(texts) {
        if let Piece::Text(s, _) = piece {
            if **s != text {
                **s = text;
            }
        }
    }
}

/// Locks the characters of words that are URLs or e-mail addresses (`https://…`, `www.…`,
/// `nom@domaine.fr`): typography must not put spaces into them.
pub fn lock_urls(cells: &mut [Cell]) {
    for run in crate::book::address_runs(cells, |c| c.seg.map(|_| c.ch)) {
        for c in &mut cells[run] {
            c.locked = true;
        }
    }
}

/// Plain blanks a rule may turn into a no-break space (a soft line break in a text node counts).
pub fn is_plain_space(c: &Cell) -> bool {
    c.is_text() && matches!(c.ch, ' ' | '\t' | '\n' | '\r')
}

/// Spaces that are already fixed: left alone, whatever their width (`&nbsp;` stays).
pub fn is_fixed_space(ch: char) -> bool {
    matches!(
        ch,
        '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' | '\u{200a}'
    )
}

/// Whether `c` separates words: any blank, a line break, or the run's edge (`None`).
pub fn is_blank(c: Option<&Cell>) -> bool {
    c.is_none_or(|c| c.ch.is_whitespace() || c.ch == BREAK)
}
