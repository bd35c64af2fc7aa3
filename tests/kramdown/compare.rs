//! One page compared: kramdown's extract against livret's, into differences a person can act
//! on (the class, the source line, what kramdown has and what livret has).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::extract::{self, Extract, KINDS};

/// One difference of one page, in one class (`words-lost`, `words-added`, `headings`, an
/// element kind such as `a` or `li`, `pdf-words`, `pdf-alt`).
#[derive(Debug, Clone)]
pub struct Difference {
    pub class: String,
    /// Lines saying where and what, already formatted.
    pub detail: Vec<String>,
}

/// The source of a page, to point at the line a difference comes from.
pub struct Source {
    /// The file line of the body's first line.
    pub first_line: u32,
    /// The words of each line of the body.
    lines: Vec<HashSet<String>>,
    /// In how many lines each word occurs.
    lines_with: HashMap<String, usize>,
}

impl Source {
    pub fn new(body: &str, first_line: u32) -> Self {
        let lines: Vec<HashSet<String>> = body
            .lines()
            .map(|l| {
                extract::word_spans(&extract::fold(l))
                    .into_iter()
                    .map(|w| w.2)
                    .collect()
            })
            .collect();
        let mut lines_with = HashMap::new();
        for l in &lines {
            for w in l {
                *lines_with.entry(w.clone()).or_insert(0) += 1;
            }
        }
        Source {
            first_line,
            lines,
            lines_with,
        }
    }

    /// The file line where the rarest of `words` first occurs.
    pub fn line_of<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Option<u32> {
        let rarest = words
            .into_iter()
            .filter_map(|w| self.lines_with.get(w).map(|n| (*n, w)))
            .min_by_key(|(n, _)| *n)?
            .1;
        let k = self.lines.iter().position(|l| l.contains(rarest))?;
        Some(self.first_line + k as u32)
    }

    fn at(&self, words: &[&str]) -> String {
        match self.line_of(words.iter().copied()) {
            Some(n) => format!("line {n}"),
            None => "line ?".to_string(),
        }
    }
}

fn multiset<'a>(words: impl IntoIterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    let mut m = BTreeMap::new();
    for w in words {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

/// `a − b`, as multisets.
fn minus<'a>(
    a: &BTreeMap<&'a str, usize>,
    b: &BTreeMap<&'a str, usize>,
) -> BTreeMap<&'a str, usize> {
    a.iter()
        .filter_map(|(w, n)| {
            let left = n.saturating_sub(*b.get(w).unwrap_or(&0));
            (left > 0).then_some((*w, left))
        })
        .collect()
}

fn total(m: &BTreeMap<&str, usize>) -> usize {
    m.values().sum()
}

fn quote(words: &[&str]) -> String {
    let mut s = words.join(" ");
    if s.chars().count() > 160 {
        s = s.chars().take(157).collect::<String>() + "…";
    }
    format!("‹{s}›")
}

/// The differences of one page. An empty list: the page renders as kramdown renders it, up to
/// the by-design classes.
pub fn page(kd: &Extract, lv: &Extract, src: &Source) -> Vec<Difference> {
    let mut out = Vec::new();
    let kwords = kd.words();
    let lwords = lv.words();
    let kseq: Vec<&str> = kwords
        .iter()
        .filter(|w| w.design.is_none())
        .map(|w| w.text.as_str())
        .collect();
    let lseq: Vec<&str> = lwords
        .iter()
        .filter(|w| w.design.is_none())
        .map(|w| w.text.as_str())
        .collect();
    let kmain = multiset(kseq.iter().copied());
    let kdesign = multiset(
        kwords
            .iter()
            .filter(|w| w.design.is_some())
            .map(|w| w.text.as_str()),
    );
    let lmain = multiset(lseq.iter().copied());
    let lost = minus(&kmain, &lmain);
    let mut kall = kmain.clone();
    for (w, n) in &kdesign {
        *kall.entry(w).or_insert(0) += n;
    }
    let added = minus(&lmain, &kall);
    let hunks = if lost.is_empty() && added.is_empty() {
        Vec::new()
    } else {
        diff(&kseq, &lseq, 3000).unwrap_or_default()
    };
    for (class, missing, from_kd) in [("words-lost", &lost, true), ("words-added", &added, false)] {
        if missing.is_empty() {
            continue;
        }
        let mut detail = vec![format!(
            "{} words {} ({})",
            total(missing),
            if from_kd {
                "kramdown shows and livret does not"
            } else {
                "livret shows and kramdown does not"
            },
            missing
                .iter()
                .take(12)
                .map(|(w, n)| if *n > 1 {
                    format!("{w}×{n}")
                } else {
                    w.to_string()
                })
                .collect::<Vec<_>>()
                .join(" ")
        )];
        let mut shown = 0;
        for &(i1, i2, j1, j2) in &hunks {
            let (mine, theirs) = if from_kd {
                (&kseq[i1..i2], &lseq[j1..j2])
            } else {
                (&lseq[j1..j2], &kseq[i1..i2])
            };
            if !mine.iter().any(|w| missing.contains_key(w)) {
                continue;
            }
            let before = &kseq[i1.saturating_sub(5)..i1];
            let (k, l) = if from_kd {
                (mine, theirs)
            } else {
                (theirs, mine)
            };
            let key: Vec<&str> = mine
                .iter()
                .copied()
                .filter(|w| missing.contains_key(w))
                .collect();
            detail.push(format!(
                "{}: after {} kramdown has {} livret has {}",
                src.at(&key),
                quote(before),
                quote(k),
                quote(l)
            ));
            shown += 1;
            if shown == 4 {
                break;
            }
        }
        out.push(Difference {
            class: class.to_string(),
            detail,
        });
    }
    // Headings, as texts in order (levels may differ: livret never skips one).
    if kd.headings != lv.headings {
        let k: Vec<&str> = kd.headings.iter().map(String::as_str).collect();
        let l: Vec<&str> = lv.headings.iter().map(String::as_str).collect();
        let mut detail = vec![format!(
            "{} headings in kramdown, {} in livret",
            k.len(),
            l.len()
        )];
        for (i1, i2, j1, j2) in diff(&k, &l, 1000)
            .unwrap_or_else(|| vec![(0, k.len(), 0, l.len())])
            .into_iter()
            .take(4)
        {
            let words: Vec<&str> = k[i1..i2]
                .iter()
                .chain(&l[j1..j2])
                .flat_map(|h| h.split(' '))
                .collect();
            detail.push(format!(
                "{}: kramdown has {:?} livret has {:?}",
                src.at(&words),
                &k[i1..i2],
                &l[j1..j2]
            ));
        }
        out.push(Difference {
            class: "headings".into(),
            detail,
        });
    }
    for kind in KINDS {
        let (kn, ln) = (kd.count_of(kind), lv.count_of(kind));
        if kn == ln {
            continue;
        }
        let (kk, lk) = (keys(kd, kind), keys(lv, kind));
        let mut detail = vec![format!("`{kind}`: kramdown {kn}, livret {ln}")];
        for (side, only) in [
            ("only in kramdown", minus(&kk, &lk)),
            ("only in livret", minus(&lk, &kk)),
        ] {
            for (key, n) in only.iter().take(3) {
                let words: Vec<&str> = key
                    .split(' ')
                    .filter(|w| !w.is_empty() && *w != "alt:")
                    .collect();
                let times = if *n > 1 {
                    format!(" ×{n}")
                } else {
                    String::new()
                };
                detail.push(format!("{}: {side}: ‹{key}›{times}", src.at(&words)));
            }
        }
        out.push(Difference {
            class: kind.to_string(),
            detail,
        });
    }
    out
}

fn keys<'a>(ex: &'a Extract, kind: &str) -> BTreeMap<&'a str, usize> {
    multiset(
        ex.items
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.key.as_str()),
    )
}

/// The hunks where `a` and `b` differ, `(i1, i2, j1, j2)`: `a[i1..i2]` stands where `b[j1..j2]`
/// does (Myers' O(ND) algorithm). `None` past `max_d` edits.
pub fn diff(a: &[&str], b: &[&str], max_d: usize) -> Option<Vec<(usize, usize, usize, usize)>> {
    // The common ends first: most pages differ in a few places.
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ai, bi) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let (n, m) = (ai.len() as isize, bi.len() as isize);
    // Matched pairs (in `ai`, `bi`), found backwards.
    let mut matches: Vec<(usize, usize)> = Vec::new();
    if n > 0 && m > 0 {
        let off = max_d as isize + 1;
        let mut v = vec![0isize; 2 * max_d + 3];
        let mut trace: Vec<Vec<isize>> = Vec::new();
        let mut end = None;
        'search: for d in 0..=max_d as isize {
            trace.push(v[(off - d - 1) as usize..=(off + d + 1) as usize].to_vec());
            let mut k = -d;
            while k <= d {
                let down =
                    k == -d || (k != d && v[(off + k - 1) as usize] < v[(off + k + 1) as usize]);
                let mut x = if down {
                    v[(off + k + 1) as usize]
                } else {
                    v[(off + k - 1) as usize] + 1
                };
                let mut y = x - k;
                while x < n && y < m && ai[x as usize] == bi[y as usize] {
                    x += 1;
                    y += 1;
                }
                v[(off + k) as usize] = x;
                if x >= n && y >= m {
                    end = Some(d);
                    break 'search;
                }
                k += 2;
            }
        }
        let d_end = end?;
        let (mut x, mut y) = (n, m);
        for d in (0..=d_end).rev() {
            let vp = &trace[d as usize];
            let at = |k: isize| vp[(k + d + 1) as usize];
            let k = x - y;
            let (px, py) = if d == 0 {
                (0, 0)
            } else {
                let down = k == -d || (k != d && at(k - 1) < at(k + 1));
                let pk = if down { k + 1 } else { k - 1 };
                let px = at(pk);
                // The edit's end point, then the diagonal back to it.
                let (sx, sy) = if down {
                    (px, px - pk + 1)
                } else {
                    (px + 1, px - pk)
                };
                while x > sx && y > sy {
                    x -= 1;
                    y -= 1;
                    matches.push((x as usize, y as usize));
                }
                (px, px - pk)
            };
            if d == 0 {
                while x > px && y > py {
                    x -= 1;
                    y -= 1;
                    matches.push((x as usize, y as usize));
                }
            }
            x = px;
            y = py;
        }
        matches.reverse();
    }
    let mut hunks = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    for (x, y) in matches.into_iter().chain([(ai.len(), bi.len())]) {
        if x > i || y > j {
            hunks.push((pre + i, pre + x, pre + j, pre + y));
        }
        i = x + 1;
        j = y + 1;
    }
    Some(hunks)
}

#[cfg(test)]
mod tests {
    use super::diff;

    #[test]
    fn hunks_where_sequences_differ() {
        let a = ["a", "b", "c", "d", "e"];
        let b = ["a", "x", "c", "e", "f"];
        assert_eq!(
            diff(&a, &b, 10).unwrap(),
            [(1, 2, 1, 2), (3, 4, 3, 3), (5, 5, 4, 5)]
        );
        assert_eq!(diff(&a, &a, 10).unwrap(), []);
        assert_eq!(diff(&a, &[], 10).unwrap(), [(0, 5, 0, 0)]);
        assert_eq!(diff(&["a", "b"], &["b", "a"], 10).unwrap().len(), 2);
        assert!(diff(&a, &b, 1).is_none());
    }
}

#[cfg(test)]
mod page_tests {
    use super::super::{extract, html};
    use super::{page, Source};

    /// The classes of the differences between kramdown's `kd` and livret's chapter body `lv`.
    fn classes(kd: &str, lv: &str) -> Vec<String> {
        let xhtml = format!(
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><section epub:type=\"chapter\">\
             <header><h1>Titre</h1></header>{lv}</section></body></html>"
        );
        let lv_root = html::parse_xhtml(&xhtml).expect("well-formed");
        let (lv, title) = extract::livret(&lv_root);
        let none = std::collections::HashSet::new();
        let context = extract::Livret {
            title: &title,
            headings: &lv.headings,
            broken_links: &none,
            embedded: &none,
        };
        let kd = extract::kramdown(&html::parse_html(kd), &context);
        let src = Source::new("", 1);
        page(&kd, &lv, &src).into_iter().map(|d| d.class).collect()
    }

    #[test]
    fn the_same_page_has_no_difference() {
        let kd = "<h1 id=\"titre\">Titre</h1>\n<p>L’<em>eau</em> “vive” : 10000 €<sup role=\"doc-noteref\">\
                  <a href=\"#fn:1\" class=\"footnote\">1</a></sup></p>\n<ul><li>un</li></ul>\n\
                  <div class=\"footnotes\" role=\"doc-endnotes\"><ol><li id=\"fn:1\"><p>Note.\
                  <a href=\"#fnref:1\" class=\"reversefootnote\">↩</a></p></li></ol></div>";
        let lv = "<p>L’<em>eau</em> «\u{A0}vive\u{A0}»\u{A0}: 10\u{202F}000\u{A0}€<sup><a epub:type=\"noteref\" \
                  role=\"doc-noteref\" href=\"#n\">1</a></sup></p><ul><li><p>un</p></li></ul>\
                  <section class=\"footnotes\"><aside epub:type=\"footnote\" role=\"doc-footnote\">\
                  <p><a href=\"#c\" role=\"doc-backlink\">1</a>.\u{A0}Note.</p></aside></section>";
        assert_eq!(classes(kd, lv), Vec::<String>::new());
    }

    #[test]
    fn a_dropped_paragraph_and_printed_definitions_are_differences() {
        let kd = "<p>Un témoin.</p><p>Le <abbr title=\"Direction\">DINUM</abbr> aide.</p>";
        assert_eq!(
            classes(kd, "<p>Le <abbr title=\"Direction\">DINUM</abbr> aide.</p>"),
            ["words-lost", "p"]
        );
        let lv = "<p>Un témoin.</p><p>Le DINUM aide.</p><p>*[DINUM]: Direction</p>";
        assert_eq!(classes(kd, lv), ["words-added", "p", "abbr"]);
    }

    #[test]
    fn by_design_classes_are_not_differences() {
        // Navigation dropped, a DSFR callout's title, a player, a remote image's alt text.
        let kd = "<nav><a href=\"/\">Accueil</a></nav><div class=\"fr-callout\">\
                  <h3 class=\"fr-callout__title\">À savoir</h3><p>Texte.</p></div>\
                  <p><iframe src=\"https://v.example/1\"></iframe></p>\
                  <p><img src=\"https://x.example/a.png\" alt=\"Carte\" /></p>";
        let lv = "<aside class=\"callout\" role=\"note\"><p class=\"callout-title\">À savoir</p>\
                  <p>Texte.</p></aside><p>Vidéo\u{A0}: <a href=\"https://v.example/1\">https://v.example/1</a></p>\
                  <figure><p class=\"image-missing\">Carte</p></figure>";
        assert_eq!(classes(kd, lv), Vec::<String>::new());
    }
}
