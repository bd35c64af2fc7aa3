//! What the fuzz targets (`fuzz/`) found, each kept as the smallest input that showed it, with
//! the property it broke. Run in memory, through the library.

use livret::book::{Block, Book, BookMeta, Chapter, Inline, Pos};
use livret::diag::Diagnostics;
use livret::layout::page::{ItemKind, PageModel};
use livret::layout::style::Style;
use livret::layout::{self, LayoutOptions};

/// A book of one chapter, titled `title`, holding the paragraph `text`.
fn book(title: &str, text: &str) -> Book {
    Book {
        images: Default::default(),
        meta: BookMeta {
            title: title.to_string(),
            lang: "fr".to_string(),
            ..BookMeta::default()
        },
        chapters: vec![Chapter {
            id: "c0".to_string(),
            source: "c0.md".into(),
            url: "/c0".to_string(),
            title: vec![Inline::Text("Chapitre".to_string())],
            blocks: vec![Block::Paragraph {
                content: vec![Inline::Text(text.to_string())],
                pos: Pos::new(1, 1),
            }],
            ..Chapter::default()
        }],
    }
}

/// The text runs (artifacts aside) that end past the text block's right edge, beyond what
/// their last characters may hang into the margin (protrusion).
fn overfull(model: &PageModel, style: &Style) -> Vec<String> {
    let mut found = Vec::new();
    for (p, page) in model.pages.iter().enumerate() {
        let right = style.left(p) + style.measure() + 0.5;
        for item in &page.items {
            if let ItemKind::Text(run) = &item.kind {
                let (_, hang_right) = run.hang();
                if item.node.is_some() && item.x + run.width() - hang_right > right {
                    found.push(format!("page {p}: {:?} at x = {:.1}", run.text, item.x));
                }
            }
        }
    }
    found
}

/// `layout` target: a cover title of 172 `…` ran 3,127 pt past the measure, as a stretch of
/// characters that may not start a line (`…`, `!`, `)`) or end one (`(`, `«`) had no emergency
/// break at all; so had a stretch of no-break spaces (a chapter title of 250 U+202F, 117 pt past).
/// Now such a stretch breaks between two of its own characters.
#[test]
fn a_stretch_of_punctuation_wider_than_the_measure_breaks() {
    let style = Style::default();
    for stretch in [
        // The `layout` target, 7 December: a chapter title of 19 `«` and a word, in English
        // (plain spaces), ran 11.5 pt past the measure: no `«` may end a line, so none of the
        // spaces was a break.
        format!("{}le", "« ".repeat(19)),
        "! ".repeat(150),
        "…".repeat(172),
        "!".repeat(300),
        "(".repeat(300),
        "»".repeat(200),
        "\u{202f}".repeat(250),
        "a\u{a0}".repeat(200),
    ] {
        let book = book(&stretch, &format!("Avant {stretch} après."));
        let mut diags = Diagnostics::new();
        let (model, _) = layout::layout_with(&book, &style, &LayoutOptions::default(), &mut diags);
        assert_eq!(overfull(&model, &style), Vec::<String>::new(), "{stretch}");
    }
}

/// The deepest nesting of blocks and inline elements in `blocks` (a chapter's block at 1, each
/// container or inline element one more), as the `stages` target counts it.
fn depth(blocks: &[Block]) -> usize {
    fn inlines(content: &[Inline]) -> usize {
        content
            .iter()
            .map(|i| 1 + i.children().map_or(0, inlines))
            .max()
            .unwrap_or(0)
    }
    blocks
        .iter()
        .map(|b| {
            1 + match b {
                Block::Heading { content, .. }
                | Block::Paragraph { content, .. }
                | Block::Lead { content, .. } => inlines(content),
                Block::List { items, .. } => {
                    items.iter().map(|i| depth(&i.blocks)).max().unwrap_or(0)
                }
                Block::Quote { blocks, .. } | Block::Aside { blocks, .. } => depth(blocks),
                Block::Table(t) => t
                    .head
                    .iter()
                    .chain(&t.body)
                    .flatten()
                    .map(|c| depth(&c.blocks))
                    .max()
                    .unwrap_or(0),
                Block::DefinitionList { items, .. } => items
                    .iter()
                    .flat_map(|i| &i.details)
                    .map(|d| depth(d))
                    .max()
                    .unwrap_or(0),
                _ => 0,
            }
        })
        .max()
        .unwrap_or(0)
}

/// `stages` target: HTML inside deep markdown started counting its nesting from 0 again, so
/// 60 block quotes holding 10 HTML `blockquote`s and emphasis made a tree 76 deep, past the
/// limit of 64 that keeps later stages (recursive walks) safe. HTML now counts on from the
/// markdown around it: the tree stays within the limit, plus the block and text at its foot.
#[test]
fn html_inside_deep_markdown_counts_toward_the_nesting_limit() {
    let limit = livret::limits::Limits::default().max_nesting;
    let deep_html = format!(
        "{}<p><em><strong><em><strong>x</strong></em></strong></em></p>{}",
        "<blockquote>".repeat(10),
        "</blockquote>".repeat(10)
    );
    let pages = [
        format!("{}{deep_html}\n", "> ".repeat(60)),
        format!(
            "{}a <em><strong><em><strong><em><strong>x</strong></em></strong></em></strong></em>\n",
            "> ".repeat(62)
        ),
        format!("{}texte\n", "> ".repeat(100)),
    ];
    for page in pages {
        let mut diags = Diagnostics::new();
        let site = livret::load::load_page(
            page.as_bytes(),
            std::path::Path::new("page.md"),
            std::path::Path::new("/nowhere"),
            &mut diags,
        );
        let book = livret::tree::build(&site, &mut diags);
        let deepest = depth(&book.chapters[0].blocks);
        assert!(deepest <= limit + 2, "{deepest} deep: {page}");
        assert!(
            diags.iter().any(|d| d.message.contains("max_nesting")),
            "no nesting warning: {:?}",
            diags.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }
}

/// `layout` target: a code line of 200 `עברית` (no space) was drawn at x = 99,755 pt, as an
/// unbroken line is set in a 100,000 pt measure and a right-to-left one pushed flush right in
/// it; a paragraph or title of it ran 1.8 pt past the measure, its glyphs hanging at the
/// wrong end. Latin alongside, as the control.
#[test]
fn long_right_to_left_words_stay_on_the_page() {
    let style = Style::default();
    let word = "עברית".repeat(200);
    let latin = "abcde".repeat(200);
    let mut cases = vec![
        book("Titre", &latin),
        book(&word, "Fin."),
        book("Titre", &word),
        // The `layout` target, 7 December: the same word after a few Latin letters (an
        // English paragraph, left to right) ran 1.7–2.4 pt past the measure. Each cut of the
        // word ends in a hyphen, which the breaker let hang into the right margin; reordered
        // with the Hebrew, it is drawn at the left, where nothing hangs.
        book("Titre", &format!("j [Z! [F {word}")),
    ];
    let mut code = book("Titre", "Fin.");
    code.chapters[0].blocks.push(Block::Code {
        lang: None,
        text: format!("{word}\n{word} x\n"),
        pos: Pos::new(2, 1),
    });
    cases.push(code);
    for b in cases {
        let mut diags = Diagnostics::new();
        let (model, _) = layout::layout_with(&b, &style, &LayoutOptions::default(), &mut diags);
        assert_eq!(overfull(&model, &style), Vec::<String>::new());
    }
}

/// The book of one page of markdown, through load, tree and resolve (no folder read).
fn page_book(page: &str) -> Book {
    let mut diags = Diagnostics::new();
    let site = livret::load::load_page(
        page.as_bytes(),
        std::path::Path::new("page.md"),
        std::path::Path::new("/nowhere"),
        &mut diags,
    );
    let mut book = livret::tree::build(&site, &mut diags);
    livret::resolve::resolve(&mut book, &site, &mut diags);
    book
}

/// `page` target (the SIGSEGVs left undiagnosed before): a footnote whose text calls itself
/// (`[^1]: … [^1]`) set the note, whose call set the note again, without end, until the stack
/// overflowed, in `livret build` as in the fuzzer (a 256-byte page). Notes called from a note
/// are now set after it, each once; the same for a cycle of two notes, and for a chain of
/// 2,000 notes each calling the next, which before recursed 2,000 deep (this test's thread
/// has the default 2 MB stack). Every note's call leads to its anchor, and the PDF is written.
#[test]
fn notes_that_call_notes_are_set_once_each() {
    let mut chain = String::from("Début[^1].\n\n");
    for i in 1..2000 {
        chain.push_str(&format!("[^{i}]: suite[^{}].\n\n", i + 1));
    }
    chain.push_str("[^2000]: fin.\n");
    let pages = [
        "Texte[^1].\n\n[^1]: Une note qui se cite[^1].\n".to_string(),
        "A[^1] et B[^2].\n\n[^1]: voir[^2].\n\n[^2]: voir[^1].\n".to_string(),
        chain,
    ];
    let style = Style::default();
    for page in &pages {
        let book = page_book(page);
        let mut diags = Diagnostics::new();
        let (model, _) = layout::layout_with(&book, &style, &LayoutOptions::default(), &mut diags);
        for (p, pg) in model.pages.iter().enumerate() {
            for l in &pg.links {
                if let livret::layout::page::LinkDest::Anchor(a) = &l.target {
                    assert!(model.anchors.contains_key(a), "page {p}: no anchor `{a}`");
                }
            }
        }
        let fn_anchors = model.anchors.keys().filter(|a| a.contains("fn")).count();
        let notes = book.chapters[0].footnotes.len();
        assert_eq!(
            fn_anchors,
            notes,
            "every note placed: {}",
            &page[..40.min(page.len())]
        );
        livret::pdf::write(&model, &book.meta, &Default::default()).expect("a valid pdf");
    }
}

/// `stages` target, after 1,003,482 executions: the page `\r #\n🔎` panicked in `tree`
/// (a byte index inside `🔎`). comrak ends a line at a lone `\r`, the stages after load count
/// lines by `\n`, so the heading comrak saw on line 2 was looked for on the emoji's line. Line
/// ends are now read as kramdown reads them (`\r\n` and `\r` are `\n`): the page gives the same
/// tree as with `\n`, and so does one with `\r\n`.
#[test]
fn a_lone_carriage_return_ends_a_line_as_in_kramdown() {
    let dump = |page: &str| livret::book::dump::dump(&page_book(page));
    let unix = dump("x\n #\n🔎 Titre\n\nSuite.\n");
    assert_eq!(dump("x\r #\n🔎 Titre\n\nSuite.\n"), unix);
    assert_eq!(dump("x\r\n #\r\n🔎 Titre\r\n\r\nSuite.\r\n"), unix);
    // The fuzzer's own page, which panicked.
    let _ = page_book("\r #\n🔎");
}

/// `stages` target, after 92,604 executions: typography was not idempotent on `10000 Md€`.
/// The first pass took `10000` for a postcode (five digits, a space, a capital: `75001 Paris`)
/// and left it, then made the space before the unit a no-break one; the second pass no longer
/// saw a postcode and grouped the digits. A unit after the number is no town now, and either
/// space counts.
#[test]
fn typography_groups_digits_before_a_capitalised_unit_in_one_pass() {
    // And (after 453,390 executions of a later run) a number grouped by the first pass, a plain
    // space and another number were read as one by the second.
    for page in [
        "Ah ?! 10000 Md€, fin.\n",
        "Au 75001 Paris.\n",
        "Au 75001\u{a0}Paris.\n",
        "~~222222222 ~~profond~~ 222 222~~ ~~222 222~~\n",
        "222222 222\n",
        "[x](#a) 1 111111111 fin\n",
    ] {
        let mut book = page_book(page);
        livret::typography::apply(&mut book);
        let once = livret::book::dump::dump(&book);
        livret::typography::apply(&mut book);
        assert_eq!(livret::book::dump::dump(&book), once, "{page}");
    }
    let mut book = page_book("Ah ?! 10000 Md€, fin.\n");
    livret::typography::apply(&mut book);
    let text = livret::book::dump::dump(&book);
    assert!(text.contains("10\\u{202f}000\\u{a0}Md€"), "{text}");
}

/// `layout` target, 7 December: a code line of narrow no-break spaces and words put its last
/// word at x = 858 pt, 370 pt past the page: a wrapped row starting with 73 of those spaces was
/// indented by their bytes (3 each) instead of their number. Then a code line of `中文` in a
/// quotation ran 208 pt past the measure: rows were cut at 0.6 em a character, and CJK (and
/// emoji) come from faces 1 em wide.
#[test]
fn a_code_row_indented_with_wide_characters_stays_on_the_page() {
    let style = Style::default();
    let nn = "\u{202f}".repeat(195);
    let mut b = book("Titre", "Fin.");
    b.chapters[0].blocks.push(Block::Code {
        lang: None,
        text: format!(
            "{nn} {nn} {} geM {nn} le\n\u{a0}\u{a0}é indenté\n{}\n  {}\n",
            "«".repeat(117),
            "中文".repeat(120),
            "😀 ".repeat(90)
        ),
        pos: Pos::new(2, 1),
    });
    let mut diags = Diagnostics::new();
    let (model, _) = layout::layout_with(&b, &style, &LayoutOptions::default(), &mut diags);
    assert_eq!(overfull(&model, &style), Vec::<String>::new());
}
