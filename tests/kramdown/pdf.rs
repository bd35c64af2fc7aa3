//! The PDF against the EPUB: every word of a chapter's XHTML must be in the text of the
//! chapter's PDF pages (poppler's `pdftotext`), and no image the EPUB embeds may be printed as
//! its `[alt]` text.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use super::compare::{Difference, Source};
use super::extract;

/// Whether `pdftotext` runs here.
pub fn available() -> bool {
    Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
}

/// The text of each of the `count` pages of `pdf` (written to `scratch` first), in order. Two
/// `pdftotext` processes share the pages: the machine's two cores are otherwise idle then.
pub fn pages(pdf: &[u8], count: usize, scratch: &Path) -> Result<Vec<String>, String> {
    std::fs::write(scratch, pdf).map_err(|e| format!("cannot write {}: {e}", scratch.display()))?;
    let half = count.div_ceil(2).max(1);
    let ranges = [(1, half), (half + 1, count)];
    let outputs: Vec<Result<Vec<String>, String>> = std::thread::scope(|scope| {
        let runs: Vec<_> = ranges
            .iter()
            .filter(|(first, last)| first <= last)
            .map(|&(first, last)| scope.spawn(move || range(scratch, first, last)))
            .collect();
        runs.into_iter()
            .map(|r| r.join().unwrap_or_else(|_| Err("pdftotext thread".into())))
            .collect()
    });
    let mut out = Vec::with_capacity(count);
    for o in outputs {
        out.extend(o?);
    }
    Ok(out)
}

/// Pages `first..=last` (1-based), one string each.
fn range(pdf: &Path, first: usize, last: usize) -> Result<Vec<String>, String> {
    read(pdf, first, last, false)
}

/// Pages `first..=last` (1-based) of `pdf` in the order their text was drawn
/// (`pdftotext -raw`), joined: the second reading of a chapter whose words seem missing.
/// The default reading rebuilds the page's reading order from the positions of the text,
/// which may put the next cell of a table between the two halves of a word hyphenated in a
/// narrow cell; the drawing order keeps each cell's lines together. A word is lost only when
/// both readings miss it.
pub fn raw(pdf: &Path, first: usize, last: usize) -> Option<String> {
    (first <= last)
        .then(|| read(pdf, first, last, true).ok())
        .flatten()
        .map(|pages| pages.join("\n"))
}

fn read(pdf: &Path, first: usize, last: usize, raw: bool) -> Result<Vec<String>, String> {
    let out = Command::new("pdftotext")
        .args(raw.then_some("-raw"))
        .args([
            "-enc",
            "UTF-8",
            "-f",
            &first.to_string(),
            "-l",
            &last.to_string(),
        ])
        .arg(pdf)
        .arg("-")
        .output()
        .map_err(|e| format!("pdftotext: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "pdftotext failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // Every page ends with a form feed.
    let mut pages: Vec<String> = text.split('\u{C}').map(str::to_string).collect();
    if pages.len() > last + 1 - first {
        pages.truncate(last + 1 - first);
    }
    Ok(pages)
}

/// A soft hyphen at a line's end joins the word's two halves (also across the list-marker
/// lines the extraction may put between them).
fn join_hyphens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_end();
        if let Some(head) = trimmed.strip_suffix('\u{AD}') {
            out.push_str(head);
            while lines.peek().is_some_and(|l| is_marker(l.trim())) {
                lines.next();
            }
            if let Some(next) = lines.peek_mut() {
                *next = next.trim_start();
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn is_marker(l: &str) -> bool {
    let Some(head) = l.strip_suffix(['.', ')']) else {
        return matches!(l, "•" | "◦" | "▪" | "‣" | "·" | "-" | "–" | "—");
    };
    // `12.`, `b)`: a number of at most three digits, or one letter.
    (!head.is_empty() && head.len() <= 3 && head.chars().all(|c| c.is_ascii_digit()))
        || (head.len() == 1 && head.chars().all(|c| c.is_ascii_alphabetic()))
}

/// The words of a PDF's text.
pub fn words(text: &str) -> BTreeMap<String, usize> {
    let folded = extract::fold(&join_hyphens(text));
    let mut out = BTreeMap::new();
    for (_, _, w) in extract::word_spans(&folded) {
        *out.entry(w).or_insert(0) += 1;
    }
    out
}

/// The EPUB words missing from the PDF's words, after the shapes the PDF gives a word on
/// purpose: a note number glued to it (`preuves1`), or cut in two (a URL broken at a line's
/// end, a word hyphenated across pages).
fn missing(
    epub: &BTreeMap<String, usize>,
    pdf: &BTreeMap<String, usize>,
) -> BTreeMap<String, usize> {
    let mut extra: BTreeMap<String, usize> = pdf
        .iter()
        .filter_map(|(w, n)| {
            let left = n.saturating_sub(*epub.get(w).unwrap_or(&0));
            (left > 0).then(|| (w.clone(), left))
        })
        .collect();
    let mut lost = BTreeMap::new();
    for (w, n) in epub {
        let mut left = n.saturating_sub(*pdf.get(w).unwrap_or(&0));
        while left > 0 {
            let glued = extra
                .iter()
                .find(|(x, k)| {
                    **k > 0
                        && x.len() > w.len()
                        && (x
                            .strip_prefix(w.as_str())
                            .is_some_and(|d| d.len() <= 3 && d.chars().all(|c| c.is_ascii_digit()))
                            || x.strip_suffix(w.as_str()).is_some_and(|d| {
                                d.len() <= 3 && d.chars().all(|c| c.is_ascii_digit())
                            }))
                })
                .map(|(x, _)| x.clone());
            if let Some(x) = glued {
                *extra.get_mut(&x).unwrap() -= 1;
                left -= 1;
                continue;
            }
            let split = w.char_indices().skip(1).map(|(i, _)| i).find(|&i| {
                let (a, b) = w.split_at(i);
                let need_b = if a == b { 2 } else { 1 };
                extra.get(a).is_some_and(|n| *n > 0) && extra.get(b).is_some_and(|n| *n >= need_b)
            });
            if let Some(i) = split {
                let (a, b) = w.split_at(i);
                *extra.get_mut(a).unwrap() -= 1;
                *extra.get_mut(b).unwrap() -= 1;
                left -= 1;
                continue;
            }
            break;
        }
        if left > 0 {
            lost.insert(w.clone(), left);
        }
    }
    // `non-aboutissement` hyphenated after its hyphen: pdftotext joins the line's end
    // (`nonaboutissement`), where the EPUB has two words. One half may be found elsewhere in
    // the PDF (`beta-testeurs`: `beta` is in every URL of the print notes).
    for (x, n) in &extra {
        for _ in 0..*n {
            let split = x.char_indices().skip(1).map(|(i, _)| i).find(|&i| {
                let (a, b) = x.split_at(i);
                let lost_a = lost.get(a).is_some_and(|n| *n > 0);
                let lost_b = lost
                    .get(b)
                    .is_some_and(|n| *n > (usize::from(a == b && lost_a)));
                match (lost_a, lost_b) {
                    (true, true) => true,
                    (true, false) => epub.contains_key(b),
                    (false, true) => epub.contains_key(a),
                    (false, false) => false,
                }
            });
            let Some(i) = split else { break };
            let (a, b) = x.split_at(i);
            for half in [a, b] {
                if let Some(n) = lost.get_mut(half).filter(|n| **n > 0) {
                    *n -= 1;
                }
            }
        }
    }
    lost.retain(|_, n| *n > 0);
    lost
}

/// The differences between one chapter's EPUB words and alt texts and its PDF text.
/// `src` points at the source lines of the words lost.
/// `raw` reads the chapter's pages again in drawing order ([`raw`]), asked only when words
/// seem missing.
pub fn chapter(
    epub_words: &[String],
    alts: &[String],
    pdf_text: &str,
    raw: &dyn Fn() -> Option<String>,
    src: &Source,
) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut epub = BTreeMap::new();
    for w in epub_words {
        *epub.entry(w.clone()).or_insert(0) += 1;
    }
    let mut lost = missing(&epub, &words(pdf_text));
    if !lost.is_empty() {
        if let Some(again) = raw() {
            let still = missing(&epub, &words(&again));
            lost.retain(|w, n| {
                *n = (*n).min(*still.get(w).unwrap_or(&0));
                *n > 0
            });
        }
    }
    if !lost.is_empty() {
        let n: usize = lost.values().sum();
        let list: Vec<String> = lost
            .iter()
            .take(16)
            .map(|(w, n)| {
                if *n > 1 {
                    format!("{w}×{n}")
                } else {
                    w.clone()
                }
            })
            .collect();
        out.push(Difference {
            class: "pdf-words".into(),
            detail: std::iter::once(format!(
                "{n} words of the EPUB are not in the PDF: {}",
                list.join(" ")
            ))
            .chain(lost.keys().take(4).map(|w| {
                let at = src
                    .line_of([w.as_str()])
                    .map_or("line ?".to_string(), |l| format!("line {l}"));
                format!("{at}: the EPUB has ‹{w}›, the PDF does not")
            }))
            .collect(),
        });
    }
    let flat = extract::fold(&join_hyphens(pdf_text))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut printed: Vec<&str> = alts
        .iter()
        .map(|a| a.trim())
        .filter(|a| {
            let folded = extract::fold(a)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            !folded.is_empty() && flat.contains(&format!("[{folded}]"))
        })
        .collect();
    printed.dedup();
    if !printed.is_empty() {
        out.push(Difference {
            class: "pdf-alt".into(),
            detail: printed
                .iter()
                .map(|a| format!("the EPUB embeds the image, the PDF prints `[{a}]`"))
                .collect(),
        });
    }
    out
}

/// The number of EPUB words missing in the PDF, in these differences.
pub fn lost_count(diffs: &[Difference]) -> usize {
    diffs
        .iter()
        .filter(|d| d.class == "pdf-words")
        .filter_map(|d| d.detail.first()?.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(words: &[&str]) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for w in words {
            *m.entry(w.to_string()).or_insert(0) += 1;
        }
        m
    }

    #[test]
    fn soft_hyphens_join_across_lines_and_markers() {
        let w = words("une struc\u{AD}\n•\nture à exploi\u{AD}\nter.\n");
        assert_eq!(w, map(&["une", "structure", "à", "exploiter"]));
    }

    #[test]
    fn the_shapes_a_pdf_gives_a_word_are_not_losses() {
        // A note number glued on, a word cut by a page, a hyphenated compound joined.
        let epub = map(&[
            "preuves",
            "structure",
            "non",
            "aboutissement",
            "beta",
            "testeurs",
        ]);
        let pdf = map(&[
            "preuves1",
            "struc",
            "ture",
            "nonaboutissement",
            "betatesteurs",
            "beta",
        ]);
        assert!(missing(&epub, &pdf).is_empty());
        assert_eq!(
            missing(&map(&["perdu", "gardé"]), &map(&["gardé"])),
            map(&["perdu"])
        );
    }

    #[test]
    fn an_image_printed_as_its_alt_text_is_found() {
        let src = Source::new("", 1);
        let alts = ["Carte de France".to_string()];
        let diffs = chapter(&[], &alts, "Voir la [Carte de\nFrance].", &|| None, &src);
        assert_eq!(diffs.len(), 1);
        assert_eq!(diffs[0].class, "pdf-alt");
    }

    /// A word the reading order splits around a table's next cell is found in the drawing
    /// order; a word missing from both readings is lost.
    #[test]
    fn a_word_is_lost_only_when_both_readings_miss_it() {
        let src = Source::new("", 1);
        let epub: Vec<String> = ["le", "déploiement", "200k"].map(String::from).into();
        let reading = "le dé\u{AD}\n200k\nploiement";
        let drawn = || Some("le dé\u{AD}\nploiement 200k".to_string());
        assert!(chapter(&epub, &[], reading, &drawn, &src).is_empty());
        let lost = chapter(&epub, &[], reading, &|| Some("le 200k".into()), &src);
        assert_eq!(lost.len(), 1);
        assert!(
            lost[0].detail[0].contains("déploiement"),
            "{:?}",
            lost[0].detail
        );
    }
}
