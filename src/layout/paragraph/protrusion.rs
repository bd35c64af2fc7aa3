//! Character protrusion (hanging punctuation, optical margin alignment): how far a line's first
//! and last glyphs may hang into the margins of justified text.
//!
//! A full stop, a comma or a hyphen at the end of a justified line is light: set flush with the
//! margin, it leaves a notch in the right edge, which then looks ragged. pdfTeX's
//! `\rpcode`/`\lpcode` (Hàn Thế Thành's thesis, 2000) let such a glyph hang partly outside the
//! measure, by an amount given per character in thousandths of its own width; LaTeX's
//! `microtype` package ships the amounts used here, its `default` protrusion set
//! (`microtype.cfg`, for the T1/OT1 text fonts), which it applies to any font it has no
//! specific table for:
//!
//! | characters | left ‰ | right ‰ | source |
//! | --- | ---: | ---: | --- |
//! | `.` `,` `-` (and the hyphen a break adds) | | 700 | microtype `default` |
//! | `:` `;` | | 500 | microtype `default` |
//! | `!` `?` | | 100 | microtype `default` |
//! | `–` en dash | 200 | 200 | microtype `default` |
//! | `—` em dash | 150 | 150 | microtype `default` |
//! | `‘` `’` | 700 | 700 | microtype `default` (`\quoteleft` left, `\quoteright` right) |
//! | `“` `”` | 500 | 500 | microtype `default` (`\quotedblleft` left, `\quotedblright` right) |
//! | `«` `»` `‹` `›` | 400 | 400 | ours: between the colon's and the quote's; a guillemet is wider and darker than `“` |
//! | `…` | | 100 | ours: three dots are nearly as dark as a letter |
//! | `)` `]` | | 50 | ours: as microtype's round letters (`O`: 50) |
//! | `(` `[` | 50 | | ours, likewise |
//!
//! Only the listed sides hang: an opening quote hangs left, a closing one right (a right
//! amount on `‘` or a left one on `’` would never be used). Letters do not protrude here
//! (microtype's default gives `A`, `T`, `V`… 50‰): they are a refinement too small to be seen at
//! our sizes, and every entry costs the line breaker a lookup.
//!
//! Where this departs from pdfTeX: the amount is a share of the glyph's own advance in the
//! face and size it is set in (pdfTeX's is of the character's width too, in the font's own
//! design units); protrusion is applied to justified paragraphs only (pdfTeX applies it to every
//! line when `\protrudechars` is set), since a ragged line has no straight edge to correct; and
//! the first line of an indented paragraph does not protrude on the left (its indent already
//! breaks the edge). The glyphs stay where they are in the text: only their position moves, so
//! text extraction and reading order are unchanged.

/// The share of a glyph's advance that may hang into the left margin, at a line start.
pub fn left(c: char) -> f32 {
    match c {
        '‘' => 0.7,
        '“' => 0.5,
        '«' | '‹' => 0.4,
        '–' => 0.2,
        '—' => 0.15,
        '(' | '[' => 0.05,
        _ => 0.0,
    }
}

/// The share of a glyph's advance that may hang into the right margin, at a line end.
pub fn right(c: char) -> f32 {
    match c {
        '.' | ',' | '-' | '\u{00AD}' | '\u{2010}' | '\u{2011}' => 0.7,
        ':' | ';' => 0.5,
        '!' | '?' | '…' => 0.1,
        '’' => 0.7,
        '”' => 0.5,
        '»' | '›' => 0.4,
        '–' => 0.2,
        '—' => 0.15,
        ')' | ']' => 0.05,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_hangs_letters_do_not() {
        assert_eq!(right('.'), 0.7);
        assert_eq!(right('-'), 0.7);
        assert_eq!(right(';'), 0.5);
        assert_eq!(left('«'), 0.4);
        assert_eq!(right('»'), 0.4);
        for c in ['a', 'Z', '1', ' ', '«', '“'] {
            assert_eq!(right(c), 0.0, "{c:?}");
        }
        for c in ['a', '.', '»', '”'] {
            assert_eq!(left(c), 0.0, "{c:?}");
        }
    }
}
