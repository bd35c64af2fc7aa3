//! The A5 guide and its imposed booklet (`livret build --booklet`), read back with `qpdf
//! --json`: the A5 pages keep the A4 guide's structure; the imposed sheets carry the guide's
//! own page content streams, at 100 %, in saddle-stitch order, padded only where the rule
//! says, centred, and moved towards the spine by the creep correction. On the default guide
//! and on the real pages when they are beside the project. Skips politely without qpdf (fails
//! with `LIVRET_REQUIRE_VALIDATORS=1`).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use livret::diag::Diagnostics;
use livret::load::LoadOptions;
use livret::pdf::impose::{self, BookletOptions, SHEET_HEIGHT, SHEET_WIDTH};
use livret::{BuildOptions, Options, Rendered};
use serde_json::Value;

const MM: f32 = 72.0 / 25.4;
const A5: (f32, f32) = (148.0 * MM, 210.0 * MM);

/// The guide rendered with `--booklet`.
fn render(config: PathBuf, site: Option<PathBuf>) -> Rendered {
    let opts = Options {
        load: LoadOptions {
            config: Some(config),
            site,
        },
        verbose: false,
    };
    let build = BuildOptions {
        out: PathBuf::from("output"),
        profile: None,
        keep_going: false,
        booklet: true,
        print_shop: false,
    };
    let mut diags = Diagnostics::new();
    let rendered = livret::render(&opts, &build, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render());
    rendered.expect("rendered")
}

fn default_guide() -> Rendered {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    render(root.join("content/livret.yaml"), None)
}

fn real_pages() -> Option<Rendered> {
    let Some(site) = common::corpus() else {
        eprintln!("skipped: the real pages are not beside the project");
        return None;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Some(render(root.join("examples/beta-approche.yaml"), Some(site)))
}

fn both() -> Vec<(&'static str, Rendered)> {
    let mut out = vec![("default", default_guide())];
    out.extend(real_pages().map(|r| ("real", r)));
    out
}

/// Writes `bytes` where qpdf can read them.
fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("booklet");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}-{:?}.tmp", std::thread::current().id()));
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// qpdf's JSON of the file with every stream decoded inline; `None` (after a skip) without
/// qpdf. Also runs `qpdf --check`.
fn qpdf(name: &str, bytes: &[u8]) -> Option<Value> {
    let path = save(name, bytes);
    let check = match Command::new("qpdf").arg("--check").arg(&path).output() {
        Ok(out) => out,
        Err(_) => {
            common::skip("qpdf is not installed");
            return None;
        }
    };
    assert!(
        check.status.success(),
        "qpdf --check {name}: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let out = Command::new("qpdf")
        .args([
            "--json",
            "--json-stream-data=inline",
            "--decode-level=generalized",
        ])
        .arg(&path)
        .output()
        .unwrap();
    Some(serde_json::from_slice(&out.stdout).expect("qpdf json"))
}

/// The object `r` (`12 0 R`) of qpdf's JSON, or `v` itself when it is not a reference.
fn obj<'a>(json: &'a Value, v: &'a Value) -> &'a Value {
    match v.as_str() {
        Some(r) if r.ends_with(" R") => &json["qpdf"][1][format!("obj:{r}")],
        _ => v,
    }
}

/// A dictionary value, through a reference and a stream.
fn dict<'a>(json: &'a Value, v: &'a Value) -> &'a Value {
    let o = obj(json, v);
    if o.get("stream").is_some() {
        &o["stream"]["dict"]
    } else if o.get("value").is_some() {
        &o["value"]
    } else {
        o
    }
}

/// Standard base64, as qpdf writes stream data.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | (d as u32) << (18 - 6 * i));
        out.extend(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// A stream's decoded bytes.
fn stream(json: &Value, r: &Value) -> Vec<u8> {
    base64(obj(json, r)["stream"]["data"].as_str().unwrap_or_default())
}

/// A page's content, all its streams joined.
fn content(json: &Value, page: &Value) -> Vec<u8> {
    page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| stream(json, c))
        .collect()
}

/// One XObject drawn on a sheet side: where its origin lands (the current matrix) and what
/// it is.
#[derive(Debug)]
struct Placed {
    matrix: [f32; 6],
    subtype: String,
    bbox: Vec<f32>,
    content: Vec<u8>,
}

/// The XObjects a page draws, with the matrix in force at each `Do`.
fn placed(json: &Value, page: &Value) -> Vec<Placed> {
    let page_dict = dict(json, &page["object"]);
    let resources = dict(json, &page_dict["/Resources"]);
    let xobjects = dict(json, &resources["/XObject"]);
    let text = String::from_utf8(content(json, page)).unwrap();
    let mut stack = vec![[1.0, 0.0, 0.0, 1.0, 0.0, 0.0f32]];
    let mut operands: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let spaced = text.replace('/', " /");
    for token in spaced.split_whitespace() {
        match token {
            "q" => stack.push(*stack.last().unwrap()),
            "Q" => {
                stack.pop();
            }
            "cm" => {
                let m: Vec<f32> = operands.iter().map(|o| o.parse().unwrap()).collect();
                let c = *stack.last().unwrap();
                // m × c: the new matrix applies before the current one.
                let new = [
                    m[0] * c[0] + m[1] * c[2],
                    m[0] * c[1] + m[1] * c[3],
                    m[2] * c[0] + m[3] * c[2],
                    m[2] * c[1] + m[3] * c[3],
                    m[4] * c[0] + m[5] * c[2] + c[4],
                    m[4] * c[1] + m[5] * c[3] + c[5],
                ];
                *stack.last_mut().unwrap() = new;
            }
            "Do" => {
                let name = operands.last().unwrap();
                let r = &xobjects[name.as_str()];
                let d = dict(json, r);
                out.push(Placed {
                    matrix: *stack.last().unwrap(),
                    subtype: d["/Subtype"].as_str().unwrap_or_default().to_string(),
                    bbox: d["/BBox"]
                        .as_array()
                        .map(|a| a.iter().map(|v| v.as_f64().unwrap() as f32).collect())
                        .unwrap_or_default(),
                    content: stream(json, r),
                });
            }
            t if t.starts_with('/') || t.parse::<f32>().is_ok() => {
                operands.push(token.to_string());
                continue;
            }
            _ => {}
        }
        operands.clear();
    }
    out
}

/// The saddle-stitch order, written here from its definition rather than taken from the
/// plan: for each sheet, front (left, right) then back (left, right), 0-based pages of the
/// guide, `None` for a padding blank. Blanks go before the last page when it is a back
/// cover, at the end otherwise.
fn expected_sides(pages: usize, back_cover: bool) -> Vec<(Option<usize>, Option<usize>)> {
    let total = pages.div_ceil(4) * 4;
    let mut order: Vec<Option<usize>> = (0..pages).map(Some).collect();
    let at = if back_cover { pages - 1 } else { pages };
    for _ in pages..total {
        order.insert(at, None);
    }
    let n = |i: usize| order[i - 1];
    let mut sides = Vec::new();
    for k in 0..total / 4 {
        sides.push((n(total - 2 * k), n(2 * k + 1)));
        sides.push((n(2 * k + 2), n(total - 2 * k - 1)));
    }
    sides
}

/// Which half of the sheet an A5 page drawn at `matrix` sits on (its middle's), and its left
/// edge.
fn half(matrix: &[f32; 6]) -> (bool, f32) {
    (matrix[4] + A5.0 / 2.0 < SHEET_WIDTH / 2.0, matrix[4])
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

#[test]
fn the_a5_guide_keeps_the_structure_of_the_a4_one() {
    for (name, r) in both() {
        let Some(json) = qpdf(&format!("{name}-a5.pdf"), &r.pdf) else {
            return;
        };
        let pages = json["pages"].as_array().unwrap();
        assert_eq!(pages.len(), r.pdf_pages);
        for page in pages {
            let media = &dict(&json, &page["object"])["/MediaBox"];
            let w = media[2].as_f64().unwrap() as f32;
            let h = media[3].as_f64().unwrap() as f32;
            assert!(close(w, A5.0) && close(h, A5.1), "{name}: {w} × {h}");
        }
        let root = dict(&json, &json["qpdf"][1]["trailer"]["value"]["/Root"]);
        for key in [
            "/StructTreeRoot",
            "/Outlines",
            "/PageLabels",
            "/Metadata",
            "/Lang",
        ] {
            assert!(root.get(key).is_some(), "{name}: no {key}");
        }
        assert_eq!(root["/MarkInfo"]["/Marked"], Value::Bool(true), "{name}");
        let links = pages
            .iter()
            .map(|p| dict(&json, &p["object"]))
            .filter_map(|p| p["/Annots"].as_array())
            .flatten()
            .filter(|a| dict(&json, a)["/Subtype"] == "/Link")
            .count();
        assert!(links > 20, "{name}: {links} links");
        let labels: Vec<&str> = pages
            .iter()
            .map(|p| p["label"]["/S"].as_str().unwrap_or(""))
            .collect();
        assert!(
            labels.contains(&"/r") && labels.contains(&"/D"),
            "{labels:?}"
        );
        // krilla validated PDF/UA-1 and PDF/A-2a while writing; the identifiers are in the XMP.
        let xmp = String::from_utf8(stream(&json, &root["/Metadata"])).unwrap();
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{name}");
        assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{name}");
    }
}

/// The imposed sheets: count, order, padding, scale, vectors, centring; and the mock fold.
#[test]
fn the_booklet_is_imposed_in_saddle_stitch_order() {
    for (name, r) in both() {
        let (booklet, _) = r.booklet.as_ref().expect("a booklet");
        let Some(guide) = qpdf(&format!("{name}-a5.pdf"), &r.pdf) else {
            return;
        };
        let Some(sheets) = qpdf(&format!("{name}-livret.pdf"), &booklet.bytes) else {
            return;
        };
        let n = r.pdf_pages;
        let guide_pages = guide["pages"].as_array().unwrap();
        let labels: Vec<String> = guide_pages
            .iter()
            .map(|p| {
                let l = &p["label"];
                let start = l["/St"].as_u64().unwrap_or(1) as usize;
                match l["/S"].as_str() {
                    Some("/r") => roman(start),
                    _ => start.to_string(),
                }
            })
            .collect();
        let contents: Vec<Vec<u8>> = guide_pages.iter().map(|p| content(&guide, p)).collect();
        let sides = sheets["pages"].as_array().unwrap();
        assert_eq!(sides.len(), 2 * n.div_ceil(4), "{name}: sheet count");
        // Both guides end with a back cover (`back_cover:` in their configurations): the
        // page that must stay last, on the outer sheet's front left half.
        let back_cover = booklet.plan.back_cover;
        assert!(back_cover, "{name}: no back cover");
        assert!(!contents[n - 1].is_empty(), "{name}: an empty back cover");
        let expected = expected_sides(n, back_cover);
        let blanks = expected
            .iter()
            .flat_map(|(l, r)| [l, r])
            .filter(|p| p.is_none())
            .count();
        assert_eq!(blanks, booklet.plan.blanks, "{name}");
        let mut seen = Vec::new();
        for (s, (side, (left, right))) in sides.iter().zip(&expected).enumerate() {
            let media = &dict(&sheets, &side["object"])["/MediaBox"];
            assert!(
                close(media[2].as_f64().unwrap() as f32, SHEET_WIDTH),
                "{name}"
            );
            assert!(
                close(media[3].as_f64().unwrap() as f32, SHEET_HEIGHT),
                "{name}"
            );
            let drawn = placed(&sheets, side);
            let mut halves: BTreeMap<bool, &Placed> = BTreeMap::new();
            for p in &drawn {
                // 100 %, upright, a vector form (never an image), A5.
                let m = p.matrix;
                assert!(
                    close(m[0], 1.0) && close(m[3], 1.0),
                    "{name}: scaled: {m:?}"
                );
                assert!(
                    close(m[1], 0.0) && close(m[2], 0.0),
                    "{name}: turned: {m:?}"
                );
                assert_eq!(p.subtype, "/Form", "{name}: not vectors");
                assert!(close(p.bbox[2], A5.0) && close(p.bbox[3], A5.1), "{name}");
                // Centred on its half-sheet, vertically and horizontally (no creep here).
                assert!(close(m[5], (SHEET_HEIGHT - A5.1) / 2.0), "{name}: {m:?}");
                let (is_left, x) = half(&m);
                let centred = if is_left {
                    impose::left_x(A5.0)
                } else {
                    impose::right_x(A5.0)
                };
                assert!(close(x, centred), "{name}: sheet side {s}: x {x}");
                assert!(halves.insert(is_left, p).is_none(), "two pages on a half");
            }
            for (is_left, want) in [(true, left), (false, right)] {
                match (want, halves.get(&is_left)) {
                    (None, None) => seen.push(None),
                    (Some(page), Some(p)) => {
                        // The guide's own content stream, unchanged.
                        assert!(
                            p.content == contents[*page],
                            "{name}: side {s} {}: not page {}",
                            if is_left { "left" } else { "right" },
                            labels[*page]
                        );
                        seen.push(Some(*page));
                    }
                    (want, got) => panic!(
                        "{name}: side {s}: expected {want:?}, drew {}",
                        if got.is_some() { "a page" } else { "nothing" }
                    ),
                }
            }
        }
        // The mock fold: the sheets stacked, folded and opened page by page.
        let k = seen.len() / 4;
        let mut folded = Vec::new();
        for sheet in 0..k {
            folded.push(seen[4 * sheet + 1]); // front right
            folded.push(seen[4 * sheet + 2]); // back left
        }
        for sheet in (0..k).rev() {
            folded.push(seen[4 * sheet + 3]); // back right
            folded.push(seen[4 * sheet]); // front left
        }
        let read: Vec<String> = folded
            .iter()
            .map(|p| p.map_or("blank".to_string(), |p| labels[p].clone()))
            .collect();
        eprintln!("{name}: folded booklet reads {}", read.join(" "));
        let pages: Vec<usize> = folded.iter().flatten().copied().collect();
        assert_eq!(pages, (0..n).collect::<Vec<_>>(), "{name}: folded order");
        // Blanks only at the padding's place: before the back cover, or at the end.
        let first_blank = folded
            .iter()
            .position(Option::is_none)
            .unwrap_or(folded.len());
        let at = if back_cover { n - 1 } else { n };
        assert_eq!(first_blank.min(at), at, "{name}: a blank inside the guide");
        assert!(
            folded[at..at + blanks].iter().all(Option::is_none),
            "{name}"
        );
    }
}

/// Lower-case roman numerals, for the front matter's labels.
fn roman(mut n: usize) -> String {
    let mut out = String::new();
    for (value, digits) in [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Creep: each sheet's pages sit `creep` further towards the spine than the sheet around
/// them, growing to the centre sheet; each signature starts again from its outer sheet.
#[test]
fn creep_moves_inner_sheets_towards_the_spine() {
    let r = default_guide();
    let creep = 0.1 * MM;
    for per in [None, Some(3)] {
        let opts = BookletOptions {
            creep,
            sheets_per_signature: per,
            last_is_back_cover: false,
        };
        let booklet = impose::booklet(&r.pdf, &r.prepared.book.meta, &opts).unwrap();
        let Some(json) = qpdf(&format!("creep-{per:?}.pdf"), &booklet.bytes) else {
            return;
        };
        let sides = json["pages"].as_array().unwrap();
        let per_sheets = per.unwrap_or(usize::MAX);
        for (s, side) in sides.iter().enumerate() {
            let sheet = s / 2;
            let within = sheet % per_sheets.min(sides.len());
            let shift = within as f32 * creep;
            for p in placed(&json, side) {
                let (is_left, x) = half(&p.matrix);
                let want = if is_left {
                    impose::left_x(A5.0) + shift
                } else {
                    impose::right_x(A5.0) - shift
                };
                assert!(close(x, want), "{per:?}: sheet {sheet}: x {x}, want {want}");
            }
        }
        let shifts: Vec<f32> = booklet
            .plan
            .sheets
            .iter()
            .map(|s| s.front.left.shift)
            .collect();
        for pair in shifts.windows(2) {
            let step = pair[1] - pair[0];
            assert!(close(step, creep) || close(pair[1], 0.0), "{shifts:?}");
        }
        // The innermost sheet of a single signature: (sheets − 1) × creep.
        if per.is_none() {
            let last = *shifts.last().unwrap();
            assert!(close(last, (shifts.len() - 1) as f32 * creep), "{last}");
        }
    }
}

/// Signatures, read back from the PDF: the default guide (10 sheets) in gatherings of 3
/// sheets (3, 3, 3 and 1), each gathering folded on its own (in the test) and the gatherings
/// stacked in order, reads as the guide: every page once, in order, blanks only at the end.
#[test]
fn signatures_fold_into_the_guide_order() {
    let r = default_guide();
    let Some(guide) = qpdf("signatures-a5.pdf", &r.pdf) else {
        return;
    };
    let contents: Vec<Vec<u8>> = guide["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| content(&guide, p))
        .collect();
    let opts = BookletOptions {
        creep: 0.0,
        sheets_per_signature: Some(3),
        last_is_back_cover: false,
    };
    let booklet = impose::booklet(&r.pdf, &r.prepared.book.meta, &opts).unwrap();
    let Some(json) = qpdf("signatures.pdf", &booklet.bytes) else {
        return;
    };
    // Each half of each side: the guide page whose content stream it draws, or a blank.
    let mut seen: Vec<Option<usize>> = Vec::new();
    for side in json["pages"].as_array().unwrap() {
        let mut halves: [Option<usize>; 2] = [None, None];
        for p in placed(&json, side) {
            let page = contents.iter().position(|c| *c == p.content);
            assert!(page.is_some(), "a drawn page that is no page of the guide");
            halves[usize::from(!half(&p.matrix).0)] = page;
        }
        seen.extend(halves);
    }
    let sheets = seen.len() / 4;
    assert_eq!(sheets, r.pdf_pages.div_ceil(4), "sheet count");
    let mut read = Vec::new();
    let mut first = 0;
    while first < sheets {
        let k = 3.min(sheets - first);
        let sheet = |i: usize, slot: usize| seen[4 * (first + i) + slot];
        for i in 0..k {
            read.push(sheet(i, 1)); // front right
            read.push(sheet(i, 2)); // back left
        }
        for i in (0..k).rev() {
            read.push(sheet(i, 3)); // back right
            read.push(sheet(i, 0)); // front left
        }
        first += k;
    }
    // Pages are told apart by their content streams; the guide's empty left-hand pages all
    // have the same, so the comparison is of contents, in order.
    let n = r.pdf_pages;
    assert_eq!(read.iter().flatten().count(), n, "every page once");
    for (i, page) in read.iter().take(n).enumerate() {
        let page = page.unwrap_or_else(|| panic!("a blank at folded page {i}"));
        assert!(
            contents[page] == contents[i],
            "folded page {i} is not the guide's"
        );
    }
    assert!(read[n..].iter().all(Option::is_none), "a blank inside");
}

/// The print-shop file: every page of the A5 guide at 100 %, its TrimBox the A5 page, its
/// BleedBox 3 mm larger on every side, crop marks outside the bleed.
#[test]
fn the_print_shop_file_has_bleed_trim_box_and_crop_marks() {
    let r = default_guide();
    let bleed = 3.0 * MM;
    let bytes = impose::print_shop::print_shop(&r.pdf, &r.prepared.book.meta, bleed, true).unwrap();
    let Some(json) = qpdf("imprimeur.pdf", &bytes) else {
        return;
    };
    let pages = json["pages"].as_array().unwrap();
    assert_eq!(pages.len(), r.pdf_pages);
    let rect = |v: &Value| -> Vec<f32> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_f64().unwrap() as f32)
            .collect()
    };
    let slug = impose::print_shop::SLUG;
    for page in pages {
        let d = dict(&json, &page["object"]);
        let media = rect(&d["/MediaBox"]);
        let trim = rect(&d["/TrimBox"]);
        let bleed_box = rect(&d["/BleedBox"]);
        let e = slug + bleed;
        assert!(close(media[2], A5.0 + 2.0 * e) && close(media[3], A5.1 + 2.0 * e));
        assert!(close(trim[0], e) && close(trim[1], e), "{trim:?}");
        assert!(close(trim[2] - trim[0], A5.0) && close(trim[3] - trim[1], A5.1));
        assert!(close(bleed_box[0], trim[0] - bleed) && close(bleed_box[2], trim[2] + bleed));
        assert!(close(bleed_box[1], trim[1] - bleed) && close(bleed_box[3], trim[3] + bleed));
        let drawn = placed(&json, page);
        assert_eq!(drawn.len(), 1);
        let m = drawn[0].matrix;
        assert!(close(m[0], 1.0) && close(m[3], 1.0), "scaled: {m:?}");
        assert!(
            close(m[4], e) && close(m[5], e),
            "not on the trim box: {m:?}"
        );
        assert_eq!(drawn[0].subtype, "/Form");
        // Eight hairlines, one stroke each (their places: `crop_marks_stay_out_of_the_bleed`).
        let text = String::from_utf8(content(&json, page)).unwrap();
        let strokes = text.split_whitespace().filter(|t| *t == "S").count();
        assert_eq!(strokes, 8, "{text}");
    }
}

/// `livret build --booklet` with the real binary: three files written, the summary line
/// saying how many sheets and blanks; and a style with A4 pages refused for a booklet.
#[test]
fn build_booklet_writes_the_files_and_refuses_a4_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("booklet-cli");
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_livret"))
        .current_dir(root)
        .args(["build", "--booklet", "--print-shop", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    for name in [
        "guide.pdf",
        "guide.epub",
        "guide-livret.pdf",
        "guide-imprimeur.pdf",
    ] {
        assert!(out.join(name).is_file(), "{name} not written: {stderr}");
    }
    assert!(
        stderr.contains("guide-livret.pdf: 10 sheets (40 pages), "),
        "{stderr}"
    );
    // No temporary file left beside them.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("booklet-a4");
    std::fs::create_dir_all(&dir).unwrap();
    let config = std::fs::read_to_string(root.join("content/livret.yaml")).unwrap();
    let config = config.replace(
        "site: .",
        &format!("site: {}", root.join("content").display()),
    );
    std::fs::write(dir.join("a4.yaml"), "page:\n  size: a4\n").unwrap();
    std::fs::write(
        dir.join("livret.yaml"),
        format!("{config}style: a4.yaml\nbooklet:\n  creep: 0.1mm\n"),
    )
    .unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_livret"))
        .args(["build", "--config"])
        .arg(dir.join("livret.yaml"))
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: a booklet needs A5 pages, and this style's are larger"),
        "{stderr}"
    );
    assert!(!dir.join("out").exists(), "wrote despite the error");
}

/// On A5 many entries of the contents take two lines: a chapter's entries still stay on one
/// page (they used to be counted a line each, and the real pages' `Les sponsors` left its
/// first section alone at the foot of page iii).
#[test]
fn a5_contents_keep_each_chapter_together() {
    use livret::layout::page::{ItemKind, PageKind, StructKind};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut guides = vec![(root.join("content/livret.yaml"), None)];
    if let Some(site) = common::corpus() {
        guides.push((root.join("examples/beta-approche.yaml"), Some(site)));
    }
    for (config, site) in guides {
        let opts = Options {
            load: LoadOptions {
                config: Some(config.clone()),
                site,
            },
            verbose: false,
        };
        let mut diags = Diagnostics::new();
        let prepared = livret::prepare(&opts, &mut diags);
        let style = livret::layout::style::Style::a5();
        let (model, _) = livret::layout::layout_with(
            &prepared.book,
            &style,
            &livret::layout::LayoutOptions::default(),
            &mut diags,
        );
        // The page of the contents on which each entry's link is drawn, by its description.
        let mut page_of: BTreeMap<String, usize> = BTreeMap::new();
        for (index, page) in model.pages.iter().enumerate() {
            if page.kind != PageKind::Contents {
                continue;
            }
            for item in &page.items {
                let (Some(node), ItemKind::Text(_)) = (item.node, &item.kind) else {
                    continue;
                };
                if let StructKind::Link { alt } = &model.structure[node.0 as usize].kind {
                    page_of.entry(alt.clone()).or_insert(index);
                }
            }
        }
        let find = |title: &str| {
            page_of
                .iter()
                .find(|(alt, _)| alt.starts_with(&format!("{title}, page ")))
                .map(|(_, page)| *page)
        };
        for chapter in model.outline.iter().skip(1) {
            let Some(at) = find(&chapter.title) else {
                continue;
            };
            for section in &chapter.children {
                assert_eq!(
                    find(&section.title),
                    Some(at),
                    "{}: `{}` is not on the page of `{}`",
                    config.display(),
                    section.title,
                    chapter.title
                );
            }
        }
    }
}
