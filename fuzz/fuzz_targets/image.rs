//! Arbitrary bytes as an image file (named `.png`, `.jpg`, `.svg`, `.gif` or `.webp` by the
//! first byte) that a page shows: layout's decoding, the PDF's image and the EPUB's copy.
#![no_main]

use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 5] = ["png", "jpg", "svg", "gif", "webp"];

fuzz_target!(|data: &[u8]| {
    let Some((&which, image)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[usize::from(which) % EXTENSIONS.len()];
    livret_fuzz::put("livret.yaml", livret_fuzz::CONFIG.as_bytes());
    let page = format!("---\ntitle: Page\n---\n# Image\n\n![Une image](fuzz.{ext})\n");
    livret_fuzz::put("site/page.md", page.as_bytes());
    // One file at a time, so that the site folder does not fill up with every extension.
    for other in EXTENSIONS {
        let _ = std::fs::remove_file(livret_fuzz::scratch().join(format!("site/fuzz.{other}")));
    }
    livret_fuzz::put(&format!("site/fuzz.{ext}"), image);
    livret_fuzz::run();
});
