//! Stage 4, `typography`: French orthotypography on the tree's text (never in code or URLs).
//!
//! Entry point: [`apply`]. Each paragraph (heading, table cell, caption, title…) is flattened
//! into one run of characters ([`run`]) so that a rule sees across inline nodes — `**mot** ?`,
//! `[lien](x) :`, `« [lien](x) »` — then each character goes back to its own text node. Code,
//! images and note calls take part as opaque characters and are never rewritten; link `href`s
//! and image `src`s are not text at all; image alt texts are runs of their own.
//!
//! The tree stage has already applied kramdown's smart quotes and typographic symbols to
//! markdown text (`"x"` is `“x”` there); raw HTML text keeps its straight quotes.
//!
//! The rules, in order: `...` → `…` and straight quotes ([`quotes`]), `“…”` pairs as `«…»` in
//! French (the French first-level quotes; inside guillemets they stay), then, in French text only,
//! spacing and digit grouping ([`french`], which says which rules come from the *Lexique des
//! règles typographiques en usage à l'Imprimerie nationale*). English text ([`english`]) only
//! gets curly quotes; text in another language is left as written. Everything is idempotent:
//! text that is already right — `&nbsp;` included — is left alone.

pub mod english;
pub mod french;
pub mod quotes;
pub mod run;

use crate::book::visit::{self, Part};
use crate::book::{Book, Inline};
use rayon::prelude::*;
use run::{Lang, Piece};

/// Rewrites the book's text following the rules of its language (`lang="en"` spans follow
/// English rules). Idempotent: already-correct text is left alone.
pub fn apply(book: &mut Book) {
    let lang = Lang::from_tag(&book.meta.lang, Lang::French);
    plain(&mut book.meta.title, lang);
    if let Some(sub) = &mut book.meta.subtitle {
        plain(sub, lang);
    }
    if let Some(alt) = book.meta.cover.as_mut().and_then(|c| c.alt.as_mut()) {
        plain(alt, lang);
    }
    // Each chapter apart (the rules never look across a paragraph), in parallel.
    book.chapters.par_iter_mut().for_each(|chapter| {
        visit::chapter_mut(chapter, &mut |part| match part {
            Part::Inlines(content) => inlines(content, lang),
            Part::Figure(image) => {
                if let Some(alt) = &mut image.alt {
                    plain(alt, lang);
                }
            }
        });
    });
}

/// Applies the rules to one string standing alone (a title, an alt text).
pub fn plain(text: &mut String, lang: Lang) {
    process(&mut [Piece::Text(text, lang)]);
}

/// One paragraph's inline content as one run; its images' alt texts as runs of their own.
fn inlines(content: &mut [Inline], lang: Lang) {
    let mut pieces = Vec::new();
    let mut alts = Vec::new();
    collect(content, lang, &mut pieces, &mut alts);
    process(&mut pieces);
    for (alt, lang) in alts {
        plain(alt, lang);
    }
}

fn collect<'a>(
    content: &'a mut [Inline],
    lang: Lang,
    pieces: &mut Vec<Piece<'a>>,
    alts: &mut Vec<(&'a mut String, Lang)>,
) {
    for inline in content {
        match inline {
            Inline::Text(text) => pieces.push(Piece::Text(text, lang)),
            Inline::Code(_) | Inline::FootnoteRef { .. } => pieces.push(Piece::Opaque),
            Inline::Image(image) => {
                pieces.push(Piece::Opaque);
                if let Some(alt) = &mut image.alt {
                    alts.push((alt, lang));
                }
            }
            Inline::LineBreak => pieces.push(Piece::Break),
            Inline::Anchor(_) => {}
            Inline::Lang { lang: tag, content } => {
                let inner = Lang::from_tag(tag, lang);
                collect(content, inner, pieces, alts);
            }
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Abbr { content: c, .. }
            | Inline::Link { content: c, .. } => collect(c, lang, pieces, alts),
        }
    }
}

/// Runs every rule over one run and writes the result back.
fn process(pieces: &mut [Piece]) {
    let mut cells = run::cells(pieces);
    if !cells.iter().any(|c| c.is_text() && c.lang != Lang::Other) {
        return;
    }
    run::lock_urls(&mut cells);
    quotes::ellipsis(&mut cells);
    quotes::straight_quotes(&mut cells);
    quotes::french_guillemets(&mut cells);
    french::spacing(&mut cells);
    french::digit_groups(&mut cells);
    french::units(&mut cells);
    run::write_back(&cells, pieces);
}

#[cfg(test)]
mod tests;
