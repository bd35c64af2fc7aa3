//! Target (c): arbitrary bytes as one page of the guide, with or without a front matter before
//! them, through every stage to the validated PDF and the EPUB, twice: the same page must give
//! the same messages and the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: { livret_fuzz::one_core(); livret_fuzz::fixed_date() }, |data: &[u8]| {
    let Some((&flags, page)) = data.split_first() else {
        return;
    };
    livret_fuzz::put("livret.yaml", livret_fuzz::CONFIG.as_bytes());
    let mut bytes = Vec::with_capacity(page.len() + 64);
    if flags & 1 == 1 {
        bytes.extend_from_slice(livret_fuzz::FRONT_MATTER.as_bytes());
    }
    bytes.extend_from_slice(page);
    livret_fuzz::put("site/page.md", &bytes);
    livret_fuzz::run_twice();
});
