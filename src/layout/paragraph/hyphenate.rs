//! Hyphenation: where a word may take a hyphen at a line end (hypher's patterns, French rules).
//!
//! hypher applies Liang's patterns (TeX's `hyph-fr`), but it sees a word as a plain run of
//! characters. French text needs more care, so a word is first cut into *parts* — maximal runs of
//! letters — at apostrophes, hyphens and punctuation, and each part is hyphenated alone with at
//! least [`LEFT_MIN`] letters before a break and [`RIGHT_MIN`] after it. Thus `l’élaboration`
//! only breaks as `l’éla-bo-ra-tion` (never `l’é-`, never right after the elided article) and
//! `qu’aujourd’hui` never breaks after an inner apostrophe. Tokens that are not prose words are
//! left whole: anything with a capital (names, acronyms, sentence starts: hyphenating them is
//! frowned upon), a digit, or the look of a URL, path, e-mail address or code identifier.

/// The language of a span, for hyphenation: only French is hyphenated.
pub use crate::book::lang::Lang;

/// Fewest letters before a hyphen (French usage and TeX's `\lefthyphenmin` for French: 2).
pub const LEFT_MIN: usize = 2;
/// Fewest letters after a hyphen: 3, so a line never starts with a two-letter scrap like `-ce`.
pub const RIGHT_MIN: usize = 3;

/// True for tokens that look like a URL, a path, an e-mail address or an identifier.
pub fn looks_like_code_or_url(token: &str) -> bool {
    token.contains("://")
        || token.starts_with("www.")
        || token.contains(['@', '/', '\\', '_', '=', '#', '<', '>', '{', '}', '|', '~'])
        || token
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'.' && w[1].is_ascii_alphanumeric())
}

/// Distinct words a thread remembers the hyphenation points of before it forgets them all: a
/// book's vocabulary is smaller (the default guide's source has about 2,100 distinct
/// whitespace-separated tokens, the 1,000-page synthetic guide about 12,800), and the bound
/// keeps a pathological input from growing the cache without end.
const CACHE_WORDS: usize = 50_000;

thread_local! {
    /// Each thread's hyphenated words: a word comes back hundreds of times in a book, and
    /// checking and hyphenating it was a tenth of the layout.
    static CACHE: std::cell::RefCell<std::collections::HashMap<String, Vec<usize>>> =
        Default::default();
}

/// Byte offsets in `token` (a whitespace-free word, possibly with punctuation around it) where a
/// discretionary hyphen may go, in increasing order.
pub fn hyphenation_points(token: &str, lang: Lang) -> Vec<usize> {
    if lang != Lang::French {
        return Vec::new();
    }
    // Only French is hyphenated, so the word alone is the key.
    CACHE.with_borrow_mut(|cache| {
        if let Some(points) = cache.get(token) {
            return points.clone();
        }
        if cache.len() >= CACHE_WORDS {
            cache.clear();
        }
        let points = points_of(token, lang);
        cache.insert(token.to_string(), points.clone());
        points
    })
}

/// The points a capitalised word (`Investigation`: one capital, first) would have in lower
/// case; none for other tokens (acronyms, words with digits, code). Usage leaves such words whole,
/// so these are a last resort: a word wider than its measure (a narrow table column) is
/// hyphenated there rather than cut anywhere.
pub fn capitalised_points(token: &str, lang: Lang) -> Vec<usize> {
    let mut letters = token.chars().filter(|c| c.is_alphabetic());
    let capitalised = letters.next().is_some_and(char::is_uppercase)
        && letters.all(char::is_lowercase)
        && token.chars().filter(|c| c.is_uppercase()).count() == 1;
    let lower = token.to_lowercase();
    if !capitalised || lower.len() != token.len() {
        return Vec::new();
    }
    hyphenation_points(&lower, lang)
}

/// Whether the word already holds a hyphen between two letters (`parties-prenantes`): as TeX
/// does, such a compound breaks only at its own hyphen, never at a pattern's point inside one
/// of its parts (`parties-pre-⏎nantes` reads as two hyphens).
fn has_inner_hyphen(token: &str) -> bool {
    let chars: Vec<char> = token.chars().collect();
    chars.windows(3).any(|w| {
        w[0].is_alphabetic()
            && matches!(w[1], '-' | '\u{2010}' | '\u{2011}')
            && w[2].is_alphabetic()
    })
}

/// [`hyphenation_points`], computed.
fn points_of(token: &str, lang: Lang) -> Vec<usize> {
    let mut points = Vec::new();
    if lang != Lang::French
        || token.chars().any(|c| c.is_uppercase() || c.is_numeric())
        || looks_like_code_or_url(token)
        || has_inner_hyphen(token)
    {
        return points;
    }
    let mut start = None;
    let flush = |start: usize, end: usize, points: &mut Vec<usize>| {
        let part = &token[start..end];
        if part.chars().count() < LEFT_MIN + RIGHT_MIN {
            return;
        }
        let mut offset = start;
        let mut syllables =
            hypher::hyphenate_bounded(part, hypher::Lang::French, LEFT_MIN, RIGHT_MIN).peekable();
        while let Some(syllable) = syllables.next() {
            offset += syllable.len();
            if syllables.peek().is_some() {
                points.push(offset);
            }
        }
    };
    for (i, c) in token.char_indices() {
        if c.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            flush(s, i, &mut points);
        }
    }
    if let Some(s) = start {
        flush(s, token.len(), &mut points);
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A capitalised word has no ordinary points, but its lower-case ones as a last resort;
    /// acronyms and mixed-case names have none.
    #[test]
    fn capitalised_words_have_last_resort_points() {
        assert!(hyphenation_points("Investigation", Lang::French).is_empty());
        let points = capitalised_points("Investigation", Lang::French);
        assert_eq!(points, hyphenation_points("investigation", Lang::French));
        assert!(!points.is_empty());
        assert!(capitalised_points("DINUM", Lang::French).is_empty());
        assert!(capitalised_points("MonDevis", Lang::French).is_empty());
        assert!(capitalised_points("investigation", Lang::French).is_empty());
    }

    /// The token with `-` at each hyphenation point.
    fn show(token: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for p in hyphenation_points(token, Lang::French) {
            out.push_str(&token[last..p]);
            out.push('-');
            last = p;
        }
        out.push_str(&token[last..]);
        out
    }

    #[test]
    fn apostrophes_split_words_first() {
        assert_eq!(show("l’élaboration"), "l’éla-bo-ra-tion");
        assert_eq!(show("l'élaboration"), "l'éla-bo-ra-tion");
        let q = show("qu’aujourd’hui");
        assert!(!q.contains("’-"), "no break after an inner apostrophe: {q}");
        assert!(!q.contains("-’"), "{q}");
    }

    #[test]
    fn minimum_two_before_three_after() {
        for word in [
            "accompagnement",
            "développement",
            "entrepreneuriat",
            "beta",
            "numérique",
        ] {
            let shown = show(word);
            for part in shown.split('-').collect::<Vec<_>>().windows(2) {
                assert!(part[0].chars().count() >= 2, "{shown}");
            }
            if let Some(last) = shown.rsplit('-').next() {
                assert!(last.chars().count() >= 3, "{shown}");
            }
        }
        assert_eq!(show("accompagnement"), "ac-com-pa-gne-ment");
        assert_eq!(show("idée"), "idée");
    }

    #[test]
    fn compounds_break_only_at_their_own_hyphen() {
        for word in [
            "parties-prenantes",
            "multi-partenaires",
            "peut-être,",
            "Vis-à-vis",
        ] {
            assert_eq!(show(word), word, "no pattern point inside a compound");
            assert!(capitalised_points(word, Lang::French).is_empty(), "{word}");
        }
        // A hyphen that is not between letters leaves the word alone.
        assert_eq!(show("-accompagnement"), "-ac-com-pa-gne-ment");
    }

    #[test]
    fn leaves_capitals_digits_urls_and_code_alone() {
        for token in [
            "Élaboration",
            "beta.gouv.fr",
            "https://beta.gouv.fr/approche/investigation",
            "développement2024",
            "mon_identifiant_technique",
            "contact@beta.gouv.fr",
            "FranceConnect",
        ] {
            assert!(
                hyphenation_points(token, Lang::French).is_empty(),
                "{token}"
            );
        }
        assert!(hyphenation_points("accompagnement", Lang::English).is_empty());
    }

    #[test]
    fn punctuation_around_words_is_not_counted() {
        assert_eq!(show("(accompagnement),"), "(ac-com-pa-gne-ment),");
        assert_eq!(show("« investigation »"), "« in-ves-ti-ga-tion »");
    }
}
