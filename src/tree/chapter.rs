//! One page into one chapter: its id, its title (front matter, else first `h1`, else file name),
//! and the body's blocks and footnotes.

use crate::book::{plain_text, Block, Chapter, Inline};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::limits::Limits;
use crate::load::Page;
use std::path::Path;

use super::{blockrules, extensions, kramdown, markdown, PageCtx};

/// Builds the chapter of one page.
pub fn build(page: &Page, display: &Path, limits: &Limits, diags: &mut Diagnostics) -> Chapter {
    crate::internal::processing(display);
    crate::internal::test_panic("tree");
    let id = chapter_id(page);
    let body = extensions::apply(&page.body);
    let split = kramdown::split(&body);
    for (line, name) in &split.unclosed {
        let line = line.saturating_add(page.body_line.max(1)).saturating_sub(1);
        diags.push(
            Diagnostic::warning(
                Code::HtmlUnclosed,
                display,
                line,
                1,
                format!("html block `<{name}>` has no end tag"),
            )
            .with_hint("kramdown takes the rest of the page into it; close the tag"),
        );
    }
    let mut ctx = PageCtx::new(page, display.to_path_buf(), id.clone(), *limits, diags);
    ctx.regions = split.regions;
    let markdown = blockrules::align(&split.markdown);
    let (mut blocks, footnotes) = markdown::parse(&mut ctx, &markdown);

    let front_title = page
        .front
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let title = match front_title {
        Some(t) => {
            drop_leading_h1(&mut blocks, Some(t));
            vec![Inline::Text(t.to_string())]
        }
        None => match drop_leading_h1(&mut blocks, None) {
            Some(content) => content,
            None => vec![Inline::Text(file_stem(page))],
        },
    };
    let subtitle = page
        .front
        .subtitle
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| vec![Inline::Text(s.to_string())]);
    Chapter {
        id,
        source: page.source.clone(),
        url: page.url.clone(),
        title,
        subtitle,
        blocks,
        footnotes,
    }
}

/// Removes the chapter's first block when it is an `h1` repeating the title (any `h1` when
/// `title` is `None`), and returns its content. An explicit id stays, as an anchor.
fn drop_leading_h1(blocks: &mut Vec<Block>, title: Option<&str>) -> Option<Vec<Inline>> {
    let index = blocks
        .iter()
        .position(|b| !matches!(b, Block::Anchor { .. }))?;
    let Block::Heading {
        level: 1,
        id,
        content,
        pos,
        ..
    } = &blocks[index]
    else {
        return None;
    };
    if let Some(title) = title {
        if normalized(&plain_text(content)) != normalized(title) {
            return None;
        }
    }
    let content = content.clone();
    match id {
        Some(id) => {
            blocks[index] = Block::Anchor {
                id: id.clone(),
                pos: *pos,
            }
        }
        None => {
            blocks.remove(index);
        }
    }
    Some(content)
}

/// Lowercase, whitespace collapsed (non-breaking spaces included), kramdown's typographic
/// characters folded back to what is typed (the front matter's `L'Assistant` is the heading's
/// `L’Assistant`), for comparing titles.
fn normalized(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '’' | '‘' => "'".to_string(),
            '“' | '”' => "\"".to_string(),
            '–' => "--".to_string(),
            '—' => "---".to_string(),
            '…' => "...".to_string(),
            '«' => "<<".to_string(),
            '»' => ">>".to_string(),
            c => c.to_string(),
        })
        .collect();
    folded
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn file_stem(page: &Page) -> String {
    page.source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The chapter's id: a slug of the permalink's last segment (`/approche/investigation` →
/// `investigation`, `/approche/` → `approche`), else of the file name.
pub fn chapter_id(page: &Page) -> String {
    let last = page
        .url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let last = last
        .strip_suffix(".html")
        .or_else(|| last.strip_suffix(".htm"))
        .unwrap_or(last);
    let id = slug(last);
    if !id.is_empty() {
        return id;
    }
    let id = slug(&file_stem(page));
    if id.is_empty() {
        "chapter".to_string()
    } else {
        id
    }
}

/// A lowercase ASCII slug: accents dropped, every other run of non-alphanumerics one `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded = fold(c);
        if folded.is_empty() {
            dash = !out.is_empty();
            continue;
        }
        if dash {
            out.push('-');
            dash = false;
        }
        out.push_str(folded);
    }
    out
}

/// The ASCII letters of a lowercase Latin character ("" for anything that is not one).
fn fold(c: char) -> &'static str {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    const LETTERS: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    match c {
        '0'..='9' => DIGITS[c as usize - '0' as usize],
        'a'..='z' => LETTERS[c as usize - 'a' as usize],
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, source: &str) -> Page {
        Page {
            url: url.into(),
            source: source.into(),
            ..Page::default()
        }
    }

    #[test]
    fn ids_come_from_the_permalink() {
        let id = |url, src| chapter_id(&page(url, src));
        assert_eq!(id("/approche/investigation", "a.md"), "investigation");
        assert_eq!(id("/approche/", "a.md"), "approche");
        assert_eq!(
            id("/approche/formation/mooc/introduction.html", "a.md"),
            "introduction"
        );
        assert_eq!(id("/", "_pages/Accueil Général.md"), "accueil-general");
        assert_eq!(id("", ""), "chapter");
    }

    #[test]
    fn a_leading_h1_matches_its_title_through_smart_quotes() {
        assert_eq!(
            normalized("L’Assistant — “IA”…"),
            normalized("L'Assistant --- \"IA\"...")
        );
        assert_ne!(normalized("L’Assistant"), normalized("L'Autre"));
    }

    #[test]
    fn slugs_fold_french_accents() {
        assert_eq!(
            slug("Qu’est-ce qui sera produit ?"),
            "qu-est-ce-qui-sera-produit"
        );
        assert_eq!(slug("Œuvre  Été"), "oeuvre-ete");
    }
}
