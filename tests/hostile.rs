//! Hostile and broken input, through the real binary (`livret build`): each case ends with good
//! files or its exact, located message, and the exit code says which (0 built, 1 bad input,
//! 101 a bug inside livret). Large inputs are generated here, in a scratch folder, never
//! committed. Timings and memory are measured apart (see the README's "Robustness").

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The configuration of every case: one page, `page.md`.
const CONFIG: &str = "title: Guide\nsite: site\npages:\n  - page.md\n";
/// The front matter of every generated page (3 lines: bodies start on line 4).
const FRONT: &str = "---\ntitle: Page\n---\n";

/// Longest a case's build may take before it counts as hung. Not a speed target (the benches
/// measure speed): the slowest case takes a few seconds in a debug build, so this turns a hang
/// or a quadratic blow-up into a failure that says so, instead of a CI job that runs until its
/// own timeout.
const HANG_BOUND: Duration = Duration::from_secs(180);

/// A scratch guide: `livret.yaml` and `site/`, built fresh for one case.
struct Case {
    dir: PathBuf,
}

impl Case {
    fn new(name: &str) -> Case {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("hostile")
            .join(name);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("site")).unwrap();
        fs::write(dir.join("livret.yaml"), CONFIG).unwrap();
        Case { dir }
    }

    /// Writes `site/<rel>`.
    fn file(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Case {
        let path = self.dir.join("site").join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
        self
    }

    /// Writes `site/page.md`: the front matter, then `body`.
    fn page(&self, body: &str) -> &Case {
        self.file("page.md", format!("{FRONT}{body}"))
    }

    fn config(&self, text: &str) -> &Case {
        fs::write(self.dir.join("livret.yaml"), text).unwrap();
        self
    }

    /// `livret build --config livret.yaml --out out`, run in the case's folder; its stderr
    /// as `-q` printed it before `-q` hid warnings: every diagnostic without its code (the
    /// codes are pinned in `tests/workflow.rs`), no stage summary, the closing count only on
    /// a failure.
    fn build(&self) -> Run {
        self.build_with(&[])
    }

    fn build_with(&self, env: &[(&str, &str)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_livret"));
        command
            .args(["build", "--config", "livret.yaml", "--out", "out"])
            .current_dir(&self.dir)
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .env_remove("LIVRET_TEST_PANIC");
        for (key, value) in env {
            command.env(key, value);
        }
        // Stderr goes to a file: a pipe would fill up and stall a build that says a lot.
        let log = self.dir.join("stderr.txt");
        command
            .stdout(Stdio::null())
            .stderr(fs::File::create(&log).unwrap());
        let started = Instant::now();
        let mut child = command.spawn().expect("livret runs");
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > HANG_BOUND {
                let _ = child.kill();
                panic!(
                    "`livret build` ran for over {} s in {}: hung",
                    HANG_BOUND.as_secs(),
                    self.dir.display()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let code = status.code();
        let stderr = String::from_utf8_lossy(&fs::read(&log).unwrap()).into_owned();
        let is_stage = |l: &str| {
            ["loaded ", "laid out ", "wrote "]
                .iter()
                .any(|s| l.starts_with(s))
        };
        let is_count =
            |l: &str| l.contains(" error") && l.contains(" warning") && !l.contains(": ");
        let stderr: String = stderr
            .lines()
            .filter(|l| !(is_stage(l) || (code == Some(0) && is_count(l))))
            .map(|l| match l.rfind(" [") {
                Some(i) if l.ends_with(']') && !l.starts_with("  ") => format!("{}\n", &l[..i]),
                _ => format!("{l}\n"),
            })
            .collect();
        Run {
            code,
            stderr,
            out: self.dir.join("out"),
        }
    }
}

/// What a build said and left.
struct Run {
    code: Option<i32>,
    stderr: String,
    out: PathBuf,
}

impl Run {
    /// Exit code 1, exactly `message` on stderr (then the error count), no output written.
    fn refused(&self, message: &str) {
        let errors = message.matches(": error: ").count();
        let plural = if errors == 1 { "" } else { "s" };
        let expected = format!("{message}\n{errors} error{plural}, 0 warnings\n");
        assert_eq!(self.stderr, expected);
        assert_eq!(self.code, Some(1), "{}", self.stderr);
        assert!(!self.out.join("guide.pdf").exists());
        assert!(!self.out.join("guide.epub").exists());
    }

    /// Exit code 0, exactly `warnings` on stderr, both files written.
    fn built(&self, warnings: &str) {
        assert_eq!(self.stderr, warnings);
        assert_eq!(self.code, Some(0), "{}", self.stderr);
        let pdf = fs::read(self.out.join("guide.pdf")).expect("a pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let epub = fs::read(self.out.join("guide.epub")).expect("an epub");
        assert!(epub.starts_with(b"PK"));
    }
}

/// The hint every crossed-limit message ends with.
fn raise(name: &str) -> String {
    format!("raise it in the configuration: `limits:` then `  {name}: <value>`")
}

/// A PNG of `width` × `height` pixels, encoded for real.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_rgb8(width, height)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A small PNG file whose header declares `width` × `height` pixels (its data is a few bytes:
/// what a decompression bomb looks like before anything is decoded).
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut real = png(2, 2);
    // IHDR's width and height are the 8 bytes after the signature (8), length (4) and type (4).
    real[16..20].copy_from_slice(&width.to_be_bytes());
    real[20..24].copy_from_slice(&height.to_be_bytes());
    // Its CRC (bytes 29..33) over type + data, so that the header itself is valid.
    let crc = crc32(&real[12..29]);
    real[29..33].copy_from_slice(&crc.to_be_bytes());
    real
}

/// CRC-32 (ISO-HDLC), as PNG chunks use.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_20_mb_page_is_not_read() {
    let case = Case::new("big-page");
    case.page(&"Du texte. ".repeat(2_000_000));
    case.build().refused(&format!(
        "site/page.md: error: page is 20.0 MB, over the limit `max_page_bytes` (5.0 MB)\n  hint: {}",
        raise("max_page_bytes")
    ));
}

#[test]
fn five_thousand_nested_block_quotes_are_kept_as_text() {
    let case = Case::new("nested-quotes");
    case.page(&format!("{}au fond\n", "> ".repeat(5000)));
    case.build().built(&format!(
        "site/page.md:4:129: warning: content nested deeper than 64 levels, over the limit \
         `max_nesting` (64)\n  hint: the deeper content is kept as plain text; {}\n",
        raise("max_nesting")
    ));
}

#[test]
fn a_million_nested_block_quotes_and_200_000_nested_divs_end_quickly() {
    let case = Case::new("nested-deeper");
    case.page(&format!(
        "{}au fond\n\n{}x{}\n",
        "> ".repeat(1_000_000),
        "<div>".repeat(200_000),
        "</div>".repeat(200_000)
    ));
    // One warning per page: the first place the nesting went past the limit.
    case.build().built(&format!(
        "site/page.md:4:129: warning: content nested deeper than 64 levels, over the limit \
         `max_nesting` (64)\n  hint: the deeper content is kept as plain text; {}\n",
        raise("max_nesting")
    ));
}

#[test]
fn a_100_000_item_list_is_built() {
    let case = Case::new("long-list");
    let items: String = (0..100_000).map(|i| format!("- élément {i}\n")).collect();
    case.page(&items);
    case.build().built("");
}

#[test]
fn a_10_000_column_table_is_refused() {
    let case = Case::new("wide-table");
    let row = |cell: &str| format!("|{}|\n", vec![cell; 10_000].join("|"));
    case.page(&format!("{}{}{}", row("titre"), row("-"), row("x")));
    case.build().refused(&format!(
        "site/page.md:4:1: error: table has 10000 columns, over the limit `max_table_columns` \
         (50)\n  hint: split it, or turn it into a list; {}",
        raise("max_table_columns")
    ));
}

#[test]
fn the_table_limit_can_be_raised() {
    let case = Case::new("raised-table");
    let row = |cell: &str| format!("|{}|\n", vec![cell; 60].join("|"));
    case.page(&format!("{}{}{}", row("t"), row("-"), row("x")));
    assert_eq!(case.build().code, Some(1));
    case.config(&format!("{CONFIG}limits:\n  max_table_columns: 60\n"));
    case.build().built("");
}

#[test]
fn a_5000_letter_word_is_set() {
    let case = Case::new("long-word");
    case.page(&format!("# Titre\n\n{}\n", "a".repeat(5000)));
    case.build().built("");
}

#[test]
fn a_20000_by_20000_png_is_refused_before_decoding() {
    let case = Case::new("huge-png");
    case.page("![Immense](huge.png)\n")
        .file("huge.png", png_declaring(20_000, 20_000));
    case.build().refused(&format!(
        "site/page.md:4:1: error: image `huge.png` is 20000 × 20000 pixels (400.0 megapixels), \
         over the limit `max_image_pixels` (50.0 megapixels)\n  hint: scale it down; {}",
        raise("max_image_pixels")
    ));
}

#[test]
fn a_truncated_png_is_refused() {
    let case = Case::new("truncated-png");
    let whole = png(64, 64);
    case.page("![Coupée](cut.png)\n")
        .file("cut.png", &whole[..whole.len() / 2]);
    case.build().refused(
        "site/page.md:4:1: error: image `cut.png` is truncated: its file ends too soon\n  \
         hint: export it again",
    );
}

#[test]
fn a_jpeg_with_a_bogus_exif_orientation_is_drawn() {
    let case = Case::new("bogus-exif");
    let mut jpeg = Vec::new();
    image::DynamicImage::new_rgb8(30, 20)
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    // An APP1 Exif segment right after SOI: one IFD entry, Orientation (0x0112) = 9, which
    // no orientation is.
    let tiff: &[u8] = &[
        b'I', b'I', 42, 0, 8, 0, 0, 0, // header, first IFD at 8
        1, 0, // one entry
        0x12, 0x01, 3, 0, 1, 0, 0, 0, 9, 0, 0, 0, // Orientation, SHORT, 1, value 9
        0, 0, 0, 0, // no next IFD
    ];
    let mut app1 = vec![0xFF, 0xE1];
    let length = (2 + 6 + tiff.len()) as u16;
    app1.extend_from_slice(&length.to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(tiff);
    jpeg.splice(2..2, app1);
    case.page("![Photo](photo.jpg)\n").file("photo.jpg", jpeg);
    case.build().built("");
}

#[test]
fn an_svg_naming_a_local_file_is_refused() {
    let case = Case::new("svg-file-ref");
    case.page("![Dessin](dessin.svg)\n").file(
        "dessin.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         width=\"10\" height=\"10\"><image xlink:href=\"/etc/passwd\" width=\"10\" height=\"10\"/></svg>",
    );
    case.build().refused(
        "site/page.md:4:1: error: svg image `dessin.svg` refers to `/etc/passwd`: files outside \
         the drawing are never read\n  hint: embed the picture in the svg as a `data:` url",
    );
}

#[test]
fn an_svg_with_an_external_entity_is_refused() {
    let case = Case::new("svg-entity");
    case.page("![Dessin](dessin.svg)\n").file(
        "dessin.svg",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text y=\"5\">&secret;</text></svg>",
    );
    case.build().refused(
        "site/page.md:4:1: error: svg image `dessin.svg` declares an entity: refused (entities \
         may read other files)\n  hint: remove the `<!ENTITY …>` declarations",
    );
}

#[test]
fn a_png_named_jpg_is_built_as_a_png_with_a_warning() {
    let case = Case::new("png-as-jpg");
    case.page("![Photo](photo.jpg)\n")
        .file("photo.jpg", png(40, 30));
    let run = case.build();
    run.built(
        "site/page.md:4:1: warning: image `photo.jpg` is a PNG file, not what its name says\n  \
         hint: rename it with the `.png` extension\n",
    );
    // The EPUB names and types it by what it is.
    let epub = fs::read(run.out.join("guide.epub")).unwrap();
    let names = String::from_utf8_lossy(&epub);
    assert!(names.contains("images/photo.png"), "no images/photo.png");
    assert!(!names.contains("images/photo.jpg"));
}

#[test]
fn an_image_path_climbing_out_of_the_site_is_refused() {
    let case = Case::new("escaping-image");
    case.page("![Dehors](../../livret.yaml)\n");
    case.build()
        .refused("site/page.md:4:1: error: image `../../livret.yaml` is outside the site folder");
}

#[cfg(unix)]
#[test]
fn symlinks_to_etc_passwd_are_refused_unread() {
    let case = Case::new("symlinks");
    case.page("![Secret](secret.png)\n");
    std::os::unix::fs::symlink("/etc/passwd", case.dir.join("site/secret.png")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", case.dir.join("site/secret.md")).unwrap();
    case.build().refused(
        "site/page.md:4:1: error: image `secret.png` is outside the site folder\n\
         site/secret.md: error: symlink to `/etc/passwd` points outside the site folder: refused\n  \
         hint: copy the file into the site folder instead\n\
         site/secret.png: error: symlink to `/etc/passwd` points outside the site folder: refused\n  \
         hint: copy the file into the site folder instead",
    );
    // Listed as a page of the guide, it is refused too.
    case.config("title: Guide\nsite: site\npages:\n  - secret.md\n");
    let run = case.build();
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("is a symlink to `/etc/passwd`, outside the site folder: refused"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("root:"), "{}", run.stderr);
}

#[test]
fn a_binary_page_is_refused() {
    let case = Case::new("binary-page");
    let bytes: Vec<u8> = (0..=255u8).cycle().take(25_600).collect();
    case.file("page.md", bytes);
    case.build().refused(
        "site/page.md:2:118: error: the page is not UTF-8 (byte `0x80`)\n  hint: save the file \
         as UTF-8",
    );
    // Zeros are UTF-8, and still no text.
    case.file(
        "page.md",
        [b"---\ntitle: x\n---\n".as_slice(), &[0u8; 100]].concat(),
    );
    case.build().refused(
        "site/page.md:4:1: error: the page is not text (a NUL byte)\n  hint: is it the right \
         file? a page is markdown or HTML text",
    );
}

#[test]
fn a_1_mb_front_matter_is_refused() {
    let case = Case::new("big-front-matter");
    case.file(
        "page.md",
        format!(
            "---\ntitle: Page\nnotes: \"{}\"\n---\nTexte.\n",
            "a".repeat(1_000_000)
        ),
    );
    case.build().refused(&format!(
        "site/page.md:1:1: error: front matter is 1.0 MB, over the limit \
         `max_front_matter_bytes` (100.0 KB)\n  hint: {}",
        raise("max_front_matter_bytes")
    ));
}

/// Ten levels of ten aliases each: 10^9 strings once expanded.
fn billion_laughs() -> String {
    let mut yaml = String::from("lol0: &a0 \"lol\"\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        yaml.push_str(&format!("lol{i}: &a{i} [{refs}]\n"));
    }
    yaml
}

#[test]
fn billion_laughs_in_front_matter_is_refused() {
    let case = Case::new("laughs-front-matter");
    case.file(
        "page.md",
        format!("---\ntitle: Page\n{}---\nTexte.\n", billion_laughs()),
    );
    case.build().refused(&format!(
        "site/page.md:7:47: error: invalid front matter: more than 10000 values once its aliases \
         are expanded, over the limit `max_yaml_nodes` (10000)\n  hint: an alias (`*name`) \
         copies everything its anchor holds; {}",
        raise("max_yaml_nodes")
    ));
}

#[test]
fn billion_laughs_in_the_configuration_is_refused() {
    let case = Case::new("laughs-config");
    case.page("Texte.\n");
    case.config(&format!("{CONFIG}{}", billion_laughs()));
    case.build().refused(
        "livret.yaml:9:47: error: invalid configuration: more than 10000 values once its aliases \
         are expanded, over the limit `max_yaml_nodes` (10000)\n  hint: an alias (`*name`) \
         copies everything its anchor holds; the configuration is always read within the \
         default limit",
    );
}

#[test]
fn a_page_listed_twice_is_refused() {
    let case = Case::new("listed-twice");
    case.page("Texte.\n");
    case.config("title: Guide\nsite: site\npages:\n  - page.md\n  - page.md\n");
    case.build()
        .refused("livret.yaml:5:5: error: page `page.md` is listed twice\n  hint: it is already listed on line 4");
}

#[test]
fn a_bug_inside_livret_is_an_internal_error_with_the_file() {
    let case = Case::new("internal-error");
    case.page("# Titre\n\nTexte.\n");
    case.build().built("");
    let good = fs::read(case.dir.join("out/guide.pdf")).unwrap();
    for stage in ["tree", "layout", "epub"] {
        let run = case.build_with(&[("LIVRET_TEST_PANIC", stage)]);
        assert_eq!(run.code, Some(101), "{}", run.stderr);
        let file = if stage == "tree" {
            "site/page.md"
        } else {
            "page.md"
        };
        assert!(
            run.stderr.starts_with(&format!(
                "internal error: deliberate panic in `{stage}` (LIVRET_TEST_PANIC is set) (at src/internal.rs:"
            )),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.ends_with(&format!(
                " while processing {file}; please report it at the livret issue tracker, with \
                 the file named here\n"
            )),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(!run.stderr.contains("backtrace"), "{}", run.stderr);
        // The last good output is untouched.
        assert_eq!(fs::read(case.dir.join("out/guide.pdf")).unwrap(), good);
    }
}

/// The hint of a guide with no page found in the site folder.
const NO_PAGE_HINT: &str = "livret takes the `.md`, `.markdown` and `.html` files that start \
     with a front matter (`---`) and are not `published: false`; or list them in `pages:`";

#[test]
fn an_empty_page_list_is_refused() {
    let case = Case::new("empty-list");
    case.page("Texte.\n");
    case.config("title: Guide\nsite: site\npages: []\n");
    case.build().refused(
        "livret.yaml:3:8: error: the guide has no page: the `pages` list is empty\n  \
         hint: list the pages to print, one `- path/to/page.md` line each",
    );
}

#[test]
fn a_site_without_a_published_page_is_refused() {
    let case = Case::new("no-published-page");
    case.file("brouillon.md", "---\npublished: false\n---\nPas encore.\n")
        .file("vide.md", "");
    case.config("title: Guide\nsite: site\n");
    case.build().refused(&format!(
        "site: error: the guide has no page: the site folder has no published page\n  \
         hint: {NO_PAGE_HINT}"
    ));
}

#[test]
fn a_site_whose_every_page_has_no_text_is_refused() {
    let case = Case::new("every-page-empty");
    case.file("accueil.md", "---\ntitle: Accueil\nlayout: home\n---\n");
    case.config("title: Guide\nsite: site\n");
    let run = case.build();
    assert_eq!(
        run.stderr,
        format!(
            "site: error: the guide has no page: every published page of the site folder has \
             no text, and each was left out\n  hint: {NO_PAGE_HINT}\n\
             site/accueil.md:4: note: the page has no text: left out of the guide (its layout \
             `home` makes the page)\n1 error, 0 warnings, 1 note\n"
        )
    );
    assert_eq!(run.code, Some(1));
    assert!(!run.out.join("guide.pdf").exists());
    assert!(!run.out.join("guide.epub").exists());
}

#[test]
fn a_navigation_without_a_page_link_is_refused() {
    let case = Case::new("nav-no-page");
    case.page("Texte.\n").file(
        "_includes/menu.html",
        "<nav><p>Bientôt un menu.</p></nav>\n",
    );
    case.config("title: Guide\nsite: site\nnav: _includes/menu.html\n");
    case.build().refused(
        "livret.yaml:3:6: error: the guide has no page: no link of the navigation \
         `_includes/menu.html` leads to a page of the site\n  hint: `nav:` takes the chapters \
         from the include's links (`<a href=\"/page/\">`) to the site's pages",
    );
}

#[test]
fn a_0_byte_page_listed_alone_is_refused() {
    let case = Case::new("zero-byte-page");
    case.file("page.md", "");
    let run = case.build();
    assert_eq!(
        run.stderr,
        "livret.yaml:4:5: warning: page `page.md` has no front matter: Jekyll does not publish it\n\
         site/page.md:1: error: the page has no text\n\
         1 error, 1 warning\n"
    );
    assert_eq!(run.code, Some(1));
    assert!(!run.out.join("guide.pdf").exists());
    assert!(!run.out.join("guide.epub").exists());
}

/// `format` encoded for real: a 48 × 32 picture with some detail, so every format has data.
fn encoded(format: image::ImageFormat) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(48, 32, |x, y| {
        image::Rgb([(x * 5) as u8, (y * 7) as u8, ((x ^ y) * 3) as u8])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut Cursor::new(&mut out), format)
        .unwrap();
    out
}

/// `bytes` with `len` bytes from `at` (from the end when negative) set to `0xA5`: the header
/// and the end marker still valid, the data between them not.
fn spoiled(mut bytes: Vec<u8>, at: isize, len: usize) -> Vec<u8> {
    let start = if at < 0 {
        bytes.len() - at.unsigned_abs()
    } else {
        at as usize
    };
    for b in &mut bytes[start..start + len] {
        *b = 0xA5;
    }
    bytes
}

/// A build of one page showing `name`: refused with `message` at the image (line 4).
fn corrupt(case: &str, name: &str, bytes: Vec<u8>, message: &str) {
    let case = Case::new(case);
    case.page(&format!("![Abîmée]({name})\n")).file(name, bytes);
    case.build().refused(&format!(
        "site/page.md:4:1: error: {message}\n  hint: export it again"
    ));
}

#[test]
fn a_png_with_corrupt_data_is_refused_as_corrupt() {
    let png = encoded(image::ImageFormat::Png);
    // The first bytes of the IDAT chunk's data (its CRC no longer matches).
    let idat = png.windows(4).position(|w| w == b"IDAT").unwrap() + 4;
    corrupt(
        "corrupt-png",
        "abimee.png",
        spoiled(png, idat as isize, 8),
        "image `abimee.png` is corrupt: Format error decoding Png: Corrupt deflate stream. BadZlibHeader",
    );
}

#[test]
fn a_jpeg_with_corrupt_data_is_refused_as_corrupt() {
    let jpeg = encoded(image::ImageFormat::Jpeg);
    let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    // Its first Huffman table's code counts (garbage in the scan itself is decoded as noise,
    // as every JPEG reader does: that is not something a decoder can tell).
    let dht = jpeg.windows(2).position(|w| w == [0xFF, 0xC4]).unwrap();
    corrupt(
        "corrupt-jpeg",
        "abimee.jpg",
        spoiled(jpeg, dht as isize + 5, 16),
        "image `abimee.jpg` is corrupt: Format error decoding Jpeg: \"Encountered Huffman \
         table with excessive length in DHT\"",
    );
    // Its scan header spoiled instead: corrupt too, not unreadable.
    corrupt(
        "corrupt-jpeg-header",
        "abimee.jpg",
        spoiled(encoded(image::ImageFormat::Jpeg), sos as isize + 2, 2),
        "image `abimee.jpg` is corrupt: Format error decoding Jpeg: Error parsing SOS Segment. Reason:Bad SOS length 42405,corrupt jpeg",
    );
}

#[test]
fn a_gif_with_corrupt_data_is_refused_as_corrupt() {
    let gif = encoded(image::ImageFormat::Gif);
    corrupt(
        "corrupt-gif",
        "abimee.gif",
        spoiled(gif, -40, 30),
        "image `abimee.gif` is corrupt: Format error decoding Gif: invalid code in LZW stream",
    );
}

#[test]
fn a_webp_with_corrupt_data_is_refused_as_corrupt() {
    let webp = encoded(image::ImageFormat::WebP);
    corrupt(
        "corrupt-webp",
        "abimee.webp",
        spoiled(webp, 30, 20),
        "image `abimee.webp` is corrupt: Format error decoding WebP: Invalid Huffman code",
    );
}

#[test]
fn an_svg_that_does_not_parse_is_refused_as_corrupt() {
    corrupt(
        "corrupt-svg",
        "abimee.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><g></svg>".to_vec(),
        "svg image `abimee.svg` is corrupt: it is not well-formed xml (ill-formed document: \
         expected `</g>`, but `</svg>` was found)",
    );
    corrupt(
        "not-an-svg",
        "pas-un-dessin.svg",
        b"<html><body>Pas un dessin.</body></html>".to_vec(),
        "svg image `pas-un-dessin.svg` is corrupt: SVG data parsing failed cause the document \
         does not have a root node",
    );
}

#[test]
fn two_pages_with_one_url_resolve_to_the_page_jekyll_keeps() {
    // Jekyll writes pages in the order of their file names: `a/z.md` after `b.md`, so the
    // site serves `a/z.md` at `/commun/` (checked with `jekyll build`), though its path
    // comes first.
    let case = Case::new("same-url");
    case.page("Voir [la partie propre](/commun/#propre-à-z).\n")
        .file(
            "b.md",
            "---\ntitle: Bé\npermalink: /commun/\n---\n# Texte B\n\n## Propre à B\n",
        )
        .file(
            "a/z.md",
            "---\ntitle: Zed\npermalink: /commun/\n---\n# Texte Z\n\n## Propre à Z\n",
        );
    case.config("title: Guide\nsite: site\npages:\n  - page.md\n  - b.md\n  - a/z.md\n");
    // One error, the duplicate, on the page Jekyll keeps; the link finds its anchor there.
    case.build().refused(
        "site/a/z.md:3: error: `site/b.md` and `site/a/z.md` have the same url `/commun/`\n  \
         hint: give one of them another `permalink`",
    );
}
