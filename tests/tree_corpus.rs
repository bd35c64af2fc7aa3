//! The tree stage on the real beta.gouv.fr pages: nothing lost, no HTML mistaken for code.
//!
//! Reads the shared corpus (never copied into the repository); skips with a message when it is
//! absent. Pages are built by hand here (naive front matter, Liquid stripped) so that this test
//! only depends on the tree stage. `LIVRET_DUMP=1` prints each page's dump.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use livret::book::{dump::dump, plain_text, Block, Book, Chapter, Inline};
use livret::diag::Diagnostics;
use livret::load::{FrontMatter, Page, Site};

fn corpus() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        manifest.join("../shared/corpus/beta-approche"),
        manifest.join("../../shared/corpus/beta-approche"),
        PathBuf::from("/work/shared/corpus/beta-approche"),
    ]
    .into_iter()
    .find(|p| p.join("pages").is_dir())
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Replaces `{% … %}` and `{{ … }}` by nothing, newlines kept.
fn strip_liquid(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let next = [rest.find("{%"), rest.find("{{")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        let close = if rest[at..].starts_with("{%") {
            "%}"
        } else {
            "}}"
        };
        let end = rest[at..].find(close).map_or(rest.len(), |e| at + e + 2);
        out.extend(rest[at..end].chars().filter(|c| *c == '\n'));
        rest = &rest[end..];
    }
}

/// A page built by hand: naive front matter (top-level `key: value` lines), Liquid stripped.
fn page(site: &Path, file: &Path) -> (Page, String) {
    let text = std::fs::read_to_string(file).expect("corpus page readable");
    let mut front = FrontMatter {
        published: true,
        ..FrontMatter::default()
    };
    let (body, body_line) = match text.strip_prefix("---\n") {
        Some(rest) => {
            let end = rest.find("\n---").unwrap_or(0);
            for line in rest[..end].lines() {
                let Some((key, value)) = line.split_once(':') else {
                    continue;
                };
                let value = value.trim().trim_matches('"').to_string();
                match key {
                    "title" => front.title = Some(value),
                    "subtitle" => front.subtitle = Some(value),
                    "permalink" => front.permalink = Some(value),
                    _ => {}
                }
            }
            let after = &rest[end + 4..];
            let body = after.split_once('\n').map_or("", |(_, b)| b);
            let body_line = text[..text.len() - body.len()].lines().count() as u32 + 1;
            (body.to_string(), body_line)
        }
        None => (text.clone(), 1),
    };
    let source = file.strip_prefix(site).unwrap_or(file).to_path_buf();
    let url = front.permalink.clone().unwrap_or_else(|| {
        format!(
            "/{}",
            file.file_stem().unwrap_or_default().to_string_lossy()
        )
    });
    let page = Page {
        source,
        front,
        url,
        body: strip_liquid(&body),
        body_line,
        block_attrs: Vec::new(),
        heading_ids: BTreeMap::new(),
        ..Page::default()
    };
    (page, text)
}

/// Only letters and digits, lowercased: a comparison form that ignores spacing, punctuation and
/// entities.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// Removes tags and markdown punctuation's effect by keeping text between tags.
fn without_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Markdown link destinations `](…)` removed.
fn without_link_urls(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..at]);
        rest = rest[at + 2..].split_once(')').map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    out
}

/// The text of every `<p>` of the HTML, and of every markdown line outside HTML blocks.
fn source_paragraphs(body: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = body.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<p") {
        let at = from + i;
        from = at + 2;
        if !matches!(lower.as_bytes().get(at + 2), Some(b'>' | b' ' | b'\n')) {
            continue;
        }
        let Some(open_end) = lower[at..].find('>') else {
            break;
        };
        let start = at + open_end + 1;
        let end = lower[start..]
            .find("</p>")
            .map_or(body.len(), |e| start + e);
        found.push(decode_entities(&without_tags(&body[start..end])));
    }
    let split = livret::tree::kramdown::split(body);
    for line in split.markdown.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with("<!--") || t == "-->" {
            continue;
        }
        found.push(decode_entities(&without_tags(&without_link_urls(t))));
    }
    found
}

fn push_blocks(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Heading { content, .. }
            | Block::Paragraph { content, .. }
            | Block::Lead { content, .. } => push_inlines(content, out),
            Block::List { items, .. } => {
                for item in items {
                    push_blocks(&item.blocks, out);
                }
            }
            Block::Quote { blocks, .. } => push_blocks(blocks, out),
            Block::Code { text, .. } => out.push_str(text),
            Block::Table(t) => {
                for row in t.head.iter().chain(&t.body) {
                    for cell in row {
                        push_blocks(&cell.blocks, out);
                    }
                }
            }
            Block::Figure { image, caption, .. } => {
                out.push_str(image.alt.as_deref().unwrap_or(""));
                if let Some(c) = caption {
                    push_inlines(c, out);
                }
            }
            Block::Aside { title, blocks, .. } => {
                if let Some(t) = title {
                    push_inlines(t, out);
                }
                push_blocks(blocks, out);
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    push_inlines(&item.term, out);
                    for d in &item.details {
                        push_blocks(d, out);
                    }
                }
            }
            Block::Rule { .. } | Block::Anchor { .. } => {}
        }
        out.push(' ');
    }
}

fn push_inlines(content: &[Inline], out: &mut String) {
    out.push_str(&plain_text(content));
    out.push(' ');
}

fn chapter_text(chapter: &Chapter) -> String {
    let mut text = plain_text(&chapter.title);
    text.push(' ');
    push_blocks(&chapter.blocks, &mut text);
    for f in &chapter.footnotes {
        push_blocks(&f.blocks, &mut text);
    }
    text
}

fn has_code(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Code { .. } => true,
        Block::List { items, .. } => items.iter().any(|i| has_code(&i.blocks)),
        Block::Quote { blocks, .. } | Block::Aside { blocks, .. } => has_code(blocks),
        Block::Table(t) => t
            .head
            .iter()
            .chain(&t.body)
            .flatten()
            .any(|c| has_code(&c.blocks)),
        Block::DefinitionList { items, .. } => {
            items.iter().flat_map(|i| &i.details).any(|d| has_code(d))
        }
        _ => false,
    })
}

#[test]
fn every_source_paragraph_is_in_the_tree_and_nothing_is_code() {
    let Some(corpus) = corpus() else {
        common::skip("the shared corpus (beta-approche) is not there");
        return;
    };
    let mut files = Vec::new();
    markdown_files(&corpus.join("pages"), &mut files);
    assert!(files.len() >= 10, "corpus pages found: {}", files.len());
    let mut pages = Vec::new();
    for file in &files {
        pages.push(page(&corpus.join("pages"), file));
    }
    let site = Site {
        pages: pages.iter().map(|(p, _)| p.clone()).collect(),
        ..Site::default()
    };
    let mut diags = Diagnostics::new();
    let book: Book = livret::tree::build(&site, &mut diags);
    assert_eq!(book.chapters.len(), files.len());
    if std::env::var_os("LIVRET_DUMP").is_some() {
        println!("{}", dump(&book));
        println!("{}", diags.render());
    }
    let mut checked = 0;
    let mut missing = Vec::new();
    for (chapter, (page, _)) in book.chapters.iter().zip(&pages) {
        assert!(
            !has_code(&chapter.blocks),
            "{}: a code block appeared (indented HTML read as code?)",
            page.source.display()
        );
        let text = letters(&chapter_text(chapter));
        for paragraph in source_paragraphs(&page.body) {
            let wanted: String = letters(&paragraph).chars().take(40).collect();
            if wanted.is_empty() {
                continue;
            }
            checked += 1;
            if !text.contains(&wanted) {
                missing.push(format!("{}: {paragraph:?}", page.source.display()));
            }
        }
    }
    assert!(checked > 100, "only {checked} paragraphs checked");
    assert!(
        missing.is_empty(),
        "lost paragraphs:\n{}",
        missing.join("\n")
    );
    eprintln!(
        "{checked} source paragraphs of {} pages found in the tree",
        files.len()
    );
}
