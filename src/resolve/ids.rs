//! Kramdown's automatic heading ids, exactly as the site's Jekyll makes them.
//!
//! Jekyll's default kramdown input is GFM (`kramdown-parser-gfm` 1.1.0, with kramdown 2.4.0).
//! Its `generate_gfm_header_id` works on the heading's *raw text* (`update_raw_text`), then:
//!
//! ```ruby
//! NON_WORD_RE = /[^\p{Word}\- \t]/
//! result = text.downcase
//! result.gsub!(NON_WORD_RE, '')
//! result.tr!(" \t", '-')
//! @id_counter[result] += 1            # Hash.new(-1), one per page
//! result << "-#{counter_result}" if counter_result > 0
//! ```
//!
//! Quirks reproduced here (each checked against a real `jekyll build`, see
//! `tests/fixtures/kramdown-ids/`):
//!
//! - accented letters, CJK, `_` and `‿` (connector punctuation), combining marks are kept
//!   (`\p{Word}` is Alphabetic, Mark, Decimal_Number, Connector_Punctuation — *not* Join_Control,
//!   so a zero-width joiner goes); every other character is dropped: `’`, `'`, `«`, `·`,
//!   emoji, `½`, `²`, `&nbsp;`, U+202F;
//! - the emoji variation selector U+FE0F is a mark, so `✔️` leaves an invisible U+FE0F behind;
//! - spaces and tabs become `-` one for one (`a  b` → `a--b`, `a & b` → `a--b`), nothing is
//!   trimmed, leading digits stay (`3-trajectoires`);
//! - `downcase` is per character: `Σ` at a word's end becomes `σ`, not `ς`; `İ` becomes `i̇`;
//! - the raw text is made *after* kramdown's typographic symbols: `---` and `--` become dashes
//!   (dropped), so a run of n hyphens leaves one `-` when n mod 3 = 1 and none otherwise;
//!   `<< ` and ` >>` become `«`/`»` glued to a no-break space (both dropped, the space with them);
//! - inline code and link text count, image alt texts and footnote calls do not;
//! - the counter is keyed by the *base* id: `a`, `a`, `a-1` give `a`, `a-1`, `a-1` (a duplicate);
//!   explicit ids (`{#id}`) are not counted;
//! - an empty result (`## !!!`) gives no `id` attribute at all, but still counts: a second one
//!   gets `-1`.
//!
//! Not reproduced: markdown headings inside an HTML block with `markdown="1"` get no GFM id;
//! kramdown's HTML converter then gives them its older ASCII ids (`Deuxième` → `deuxime`, leading
//! digits stripped). The document tree does not say a heading was inside such a block.

use std::collections::HashMap;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::book::Inline;

/// Kramdown's per-page id counter: hands out GFM ids in document order.
#[derive(Debug, Default)]
pub struct GfmIds {
    counter: HashMap<String, u32>,
}

impl GfmIds {
    /// A fresh counter, for a new page.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id kramdown gives the next heading with this content; `None` when it gives none.
    pub fn next(&mut self, content: &[Inline]) -> Option<String> {
        self.next_for_raw_text(&raw_text(content))
    }

    /// The id for a heading whose kramdown raw text is `raw`.
    pub fn next_for_raw_text(&mut self, raw: &str) -> Option<String> {
        let mut result = base_id(raw);
        let seen = self.counter.entry(result.clone()).or_insert(0);
        let n = *seen;
        *seen += 1;
        if n > 0 {
            result.push_str(&format!("-{n}"));
        }
        (!result.is_empty()).then_some(result)
    }
}

/// The id before de-duplication: lowercase, non-word characters dropped, blanks to `-`.
pub fn base_id(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        for l in c.to_lowercase() {
            match l {
                ' ' | '\t' => out.push('-'),
                '-' => out.push('-'),
                _ if is_ruby_word(l) => out.push(l),
                _ => {}
            }
        }
    }
    out
}

/// Onigmo's `\p{Word}`: Alphabetic, marks, decimal digits, connector punctuation.
fn is_ruby_word(c: char) -> bool {
    c.is_alphabetic()
        || matches!(
            c.general_category(),
            GeneralCategory::NonspacingMark
                | GeneralCategory::SpacingMark
                | GeneralCategory::EnclosingMark
                | GeneralCategory::DecimalNumber
                | GeneralCategory::ConnectorPunctuation
        )
}

/// The heading's text as kramdown-parser-gfm's `update_raw_text` sees it.
pub fn raw_text(content: &[Inline]) -> String {
    let mut out = String::new();
    let mut pending = String::new();
    push_raw(content, &mut out, &mut pending);
    out.push_str(&typographic(&pending));
    out
}

/// Adjacent text nodes are one kramdown text span; anything else ends it.
fn push_raw(content: &[Inline], out: &mut String, pending: &mut String) {
    for inline in content {
        match inline {
            Inline::Text(t) => pending.push_str(t),
            Inline::Code(t) => {
                flush(out, pending);
                out.push_str(t);
            }
            other => {
                flush(out, pending);
                if let Some(c) = other.children() {
                    push_raw(c, out, pending);
                    flush(out, pending);
                }
            }
        }
    }
}

fn flush(out: &mut String, pending: &mut String) {
    out.push_str(&typographic(pending));
    pending.clear();
}

/// Kramdown's typographic symbols, as far as ids can tell: dashes and guillemets made of `<<`,
/// `>>` vanish (with the space that `<< ` and ` >>` glue to them).
fn typographic(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let next2 = chars.get(i + 2).copied();
        if c == '-' {
            let run = chars[i..].iter().take_while(|&&h| h == '-').count();
            if run % 3 == 1 {
                out.push('-');
            }
            i += run;
        } else if c == '<' && next == Some('<') {
            i += if next2 == Some(' ') { 3 } else { 2 };
        } else if c == ' ' && next == Some('>') && next2 == Some('>') {
            i += 3;
        } else if c == '>' && next == Some('>') {
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Option<String> {
        GfmIds::new().next(&[Inline::Text(text.into())])
    }

    #[test]
    fn keeps_accents_and_drops_punctuation() {
        assert_eq!(
            id("Introduction à la méthode Startup d'État").as_deref(),
            Some("introduction-à-la-méthode-startup-détat")
        );
        assert_eq!(id("L’équipe").as_deref(), Some("léquipe"));
    }

    #[test]
    fn hyphen_runs_follow_kramdown_dashes() {
        assert_eq!(id("a - b").as_deref(), Some("a---b"));
        assert_eq!(id("a -- b").as_deref(), Some("a--b"));
        assert_eq!(id("a --- b").as_deref(), Some("a--b"));
        assert_eq!(id("a ---- b").as_deref(), Some("a---b"));
        assert_eq!(id("a ----- b").as_deref(), Some("a--b"));
    }

    #[test]
    fn counter_is_keyed_by_base_id() {
        let mut ids = GfmIds::new();
        let t = |s: &str| vec![Inline::Text(s.into())];
        assert_eq!(ids.next(&t("a")).as_deref(), Some("a"));
        assert_eq!(ids.next(&t("a")).as_deref(), Some("a-1"));
        assert_eq!(ids.next(&t("a-1")).as_deref(), Some("a-1"));
        assert_eq!(ids.next(&t("!!")), None);
        assert_eq!(ids.next(&t("??")).as_deref(), Some("-1"));
    }

    #[test]
    fn final_sigma_is_not_contextual() {
        assert_eq!(id("ΟΔΟΣ").as_deref(), Some("οδοσ"));
    }

    #[test]
    fn zero_width_joiner_goes_variation_selector_stays() {
        assert_eq!(id("x\u{200d}y").as_deref(), Some("xy"));
        assert_eq!(id("a ✔\u{fe0f} b").as_deref(), Some("a-\u{fe0f}-b"));
    }
}
