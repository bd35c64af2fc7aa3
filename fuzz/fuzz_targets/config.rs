//! Arbitrary bytes as the guide configuration, beside a site of one page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    livret_fuzz::put(
        "site/page.md",
        b"---\ntitle: Page\n---\n# Titre\n\nDu texte.\n",
    );
    livret_fuzz::put("livret.yaml", data);
    livret_fuzz::run();
});
