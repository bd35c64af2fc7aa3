//! Target (a): bytes as one page (a front matter before them when the first byte is odd)
//! through load → tree → resolve → typo, in memory, checking what comes out: anchors unique,
//! every link internal to an existing anchor, external, or reported; no nesting deeper than
//! the limit; typography idempotent; the same bytes giving the same tree and messages twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livret::book::dump::dump;
use livret::limits::Limits;
use livret_fuzz::checks;

fuzz_target!(init: livret_fuzz::one_core(), |data: &[u8]| {
    let Some((&flags, page)) = data.split_first() else {
        return;
    };
    let mut bytes = Vec::with_capacity(page.len() + 64);
    if flags & 1 == 1 {
        bytes.extend_from_slice(livret_fuzz::FRONT_MATTER.as_bytes());
    }
    bytes.extend_from_slice(page);

    let (mut book, diags) = livret_fuzz::resolved(&bytes);
    let anchors = checks::unique_anchors(&book);
    checks::links_lead_somewhere(&book, &anchors, &diags);
    let depth = checks::depth(&book);
    let limit = Limits::default().max_nesting;
    // The limit, plus the block cut off at the limit and its text.
    assert!(depth <= limit + 2, "blocks and inlines nested {depth} deep (limit {limit})");

    livret::typography::apply(&mut book);
    let once = book.clone();
    livret::typography::apply(&mut book);
    if once != book {
        panic!(
            "typography is not idempotent:\n--- once\n{}\n--- twice\n{}",
            dump(&once),
            dump(&book)
        );
    }

    let (mut again, diags_again) = livret_fuzz::resolved(&bytes);
    livret::typography::apply(&mut again);
    assert!(again == once, "the same page gave two trees");
    assert_eq!(diags.render(), diags_again.render(), "the same page gave other messages");
});
