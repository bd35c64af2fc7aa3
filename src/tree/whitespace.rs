//! Inline whitespace as a browser shows it: runs of ASCII whitespace become one space, none at the
//! start or end of a paragraph or around a line break, adjacent texts merged. U+00A0 and the other
//! Unicode spaces are content, never touched.

use crate::book::Inline;

/// Whether `c` is whitespace HTML collapses (not U+00A0).
fn collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// `s` with each run of collapsible whitespace turned into one space.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if collapsible(c) {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Normalizes the content of one paragraph-like block (see the module comment).
pub fn normalize(mut inlines: Vec<Inline>) -> Vec<Inline> {
    collapse_all(&mut inlines);
    let mut space_before = true;
    strip_doubled(&mut inlines, &mut space_before);
    trim_before_breaks(&mut inlines);
    trim_end(&mut inlines);
    prune(&mut inlines);
    inlines
}

fn collapse_all(inlines: &mut [Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => *t = collapse(t),
            other => {
                if let Some(c) = other.children_mut() {
                    collapse_all(c);
                }
            }
        }
    }
}

/// Drops a space that follows another space (or the start, or a line break).
fn strip_doubled(inlines: &mut [Inline], space_before: &mut bool) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => {
                if *space_before && t.starts_with(' ') {
                    t.remove(0);
                }
                if !t.is_empty() {
                    *space_before = t.ends_with(' ');
                }
            }
            Inline::LineBreak => *space_before = true,
            Inline::Code(_) | Inline::Image(_) => *space_before = false,
            Inline::FootnoteRef { .. } | Inline::Anchor(_) => {}
            other => {
                if let Some(c) = other.children_mut() {
                    strip_doubled(c, space_before);
                }
            }
        }
    }
}

fn trim_before_breaks(inlines: &mut [Inline]) {
    for i in 0..inlines.len() {
        if matches!(inlines[i], Inline::LineBreak) {
            trim_end(&mut inlines[..i]);
        } else if let Some(c) = inlines[i].children_mut() {
            trim_before_breaks(c);
        }
    }
}

/// Removes trailing spaces; true when it reached content that is not a space.
fn trim_end(inlines: &mut [Inline]) -> bool {
    for inline in inlines.iter_mut().rev() {
        match inline {
            Inline::Text(t) => {
                let kept = t.trim_end_matches(' ').len();
                t.truncate(kept);
                if kept > 0 {
                    return true;
                }
            }
            Inline::FootnoteRef { .. } | Inline::Anchor(_) => {}
            Inline::LineBreak | Inline::Code(_) | Inline::Image(_) => return true,
            other => {
                if let Some(c) = other.children_mut() {
                    if trim_end(c) {
                        return true;
                    }
                }
            }
        }
    }
    false
}

/// Merges adjacent texts, drops empty texts and empty formatting.
fn prune(inlines: &mut Vec<Inline>) {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for mut inline in inlines.drain(..) {
        if let Some(c) = inline.children_mut() {
            prune(c);
        }
        let empty = match &inline {
            Inline::Text(t) => t.is_empty(),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Lang { content: c, .. } => c.is_empty(),
            _ => false,
        };
        if empty {
            continue;
        }
        if let Some(c) = inline.children_mut() {
            let blank = c
                .iter()
                .all(|i| matches!(i, Inline::Text(t) if t.trim_matches(' ').is_empty()));
            if blank && !matches!(inline, Inline::Link { .. } | Inline::Abbr { .. }) {
                inline = Inline::Text(" ".to_string());
            }
        }
        if let (Some(Inline::Text(prev)), Inline::Text(t)) = (out.last_mut(), &inline) {
            prev.push_str(t);
            continue;
        }
        out.push(inline);
    }
    *inlines = out;
}

/// Whether inline content shows anything (text other than spaces, code, an image, a link, a call).
pub fn has_content(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Text(t) => !t.trim().is_empty(),
        Inline::Code(_) | Inline::Image(_) | Inline::FootnoteRef { .. } => true,
        Inline::Link { .. } => true,
        Inline::LineBreak | Inline::Anchor(_) => false,
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Strike(c)
        | Inline::Sup(c)
        | Inline::Sub(c)
        | Inline::Abbr { content: c, .. }
        | Inline::Lang { content: c, .. } => has_content(c),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn collapses_ascii_whitespace_but_not_nbsp() {
        assert_eq!(collapse("a \n\t b\u{a0}\u{a0}c"), "a b\u{a0}\u{a0}c");
    }

    #[test]
    fn trims_paragraph_ends_and_around_breaks() {
        let got = normalize(vec![
            t("\n   Pendant "),
            Inline::Strong(vec![t("1 à 2 mois ")]),
            Inline::LineBreak,
            t("\n  suite  "),
        ]);
        assert_eq!(
            got,
            vec![
                t("Pendant "),
                Inline::Strong(vec![t("1 à 2 mois")]),
                Inline::LineBreak,
                t("suite"),
            ]
        );
    }

    #[test]
    fn merges_texts_and_drops_empty_formatting() {
        let got = normalize(vec![t("a "), t(" b"), Inline::Emph(vec![t(" ")]), t("c")]);
        assert_eq!(got, vec![t("a b c")]);
    }
}
