//! kramdown abbreviations: every occurrence of a defined abbreviation in the page's markdown
//! text becomes an [`Inline::Abbr`] carrying its expansion.
//!
//! As kramdown's `replace_abbreviations`: the definitions (taken out of the body by the loader)
//! apply to the whole page, before or after them; longer abbreviations are tried first; an
//! occurrence starts a text or follows a character that is not an ASCII word character
//! (Ruby's `\W`: `éPNI` counts, `xPNI` and `_PNI` do not) and is followed by none (`PNIs` does
//! not count). Text in links, emphasis, headings, table cells and footnotes counts; code, image
//! descriptions and raw HTML blocks do not (kramdown keeps raw HTML as it is). Text already
//! inside an `<abbr>` is left alone.

use std::collections::BTreeMap;

use crate::book::Inline;

/// Marks the abbreviations of `defs` in `content`.
pub fn mark(content: &mut Vec<Inline>, defs: &BTreeMap<String, String>) {
    if defs.is_empty() {
        return;
    }
    let mut sorted: Vec<(&str, &str)> = defs
        .iter()
        .filter(|(a, _)| !a.is_empty())
        .map(|(a, e)| (a.as_str(), e.as_str()))
        .collect();
    sorted.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
    walk(content, &sorted);
}

fn walk(content: &mut Vec<Inline>, defs: &[(&str, &str)]) {
    let mut out = Vec::with_capacity(content.len());
    for inline in content.drain(..) {
        match inline {
            Inline::Text(text) => split(&text, defs, &mut out),
            Inline::Abbr { .. } => out.push(inline),
            mut other => {
                if let Some(children) = other.children_mut() {
                    walk(children, defs);
                }
                out.push(other);
            }
        }
    }
    *content = out;
}

/// Ruby's `\w` (ASCII only).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// One text, its abbreviations marked, appended to `out`.
fn split(text: &str, defs: &[(&str, &str)], out: &mut Vec<Inline>) {
    let mut plain_start = 0;
    let mut i = 0;
    while i < text.len() {
        let boundary = i == 0 || text[..i].chars().next_back().is_some_and(|c| !is_word(c));
        let found = boundary
            .then(|| {
                defs.iter().find(|(abbr, _)| {
                    text[i..].starts_with(abbr)
                        && !text[i + abbr.len()..].chars().next().is_some_and(is_word)
                })
            })
            .flatten();
        match found {
            Some((abbr, expansion)) => {
                if plain_start < i {
                    out.push(Inline::Text(text[plain_start..i].to_string()));
                }
                out.push(Inline::Abbr {
                    title: Some(expansion.to_string()),
                    content: vec![Inline::Text(abbr.to_string())],
                });
                i += abbr.len();
                plain_start = i;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain_start < text.len() {
        out.push(Inline::Text(text[plain_start..].to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> Vec<Inline> {
        let defs = BTreeMap::from([
            ("PNI".to_string(), "Pôle Numérique Inclusif".to_string()),
            ("PNI 47".to_string(), "Pôle du 47".to_string()),
        ]);
        let mut content = vec![
            Inline::Text(text.to_string()),
            Inline::Code("PNI".into()),
            Inline::Strong(vec![Inline::Text("PNI".into())]),
        ];
        mark(&mut content, &defs);
        content
    }

    fn abbr(a: &str, e: &str) -> Inline {
        Inline::Abbr {
            title: Some(e.into()),
            content: vec![Inline::Text(a.into())],
        }
    }

    #[test]
    fn occurrences_on_word_boundaries_become_abbr() {
        let pni = || abbr("PNI", "Pôle Numérique Inclusif");
        assert_eq!(
            marked("PNI, PNIs xPNI _PNI éPNI (PNI 47) PNI1 PNI"),
            [
                pni(),
                Inline::Text(", PNIs xPNI _PNI é".into()),
                pni(),
                Inline::Text(" (".into()),
                abbr("PNI 47", "Pôle du 47"),
                Inline::Text(") PNI1 ".into()),
                pni(),
                Inline::Code("PNI".into()),
                Inline::Strong(vec![pni()]),
            ]
        );
    }
}
