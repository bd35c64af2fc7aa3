//! Target (b): a book generated structure-aware (`arbitrary`, see `livret_fuzz::gen`) through
//! layout to the page model, then the PDF written without krilla's PDF/UA and PDF/A
//! validation, checking: every line of text within the measure, every link area leading to an
//! anchor of the model, the same book giving the same PDF bytes twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livret::diag::Diagnostics;
use livret::layout::{self, style::Style, LayoutOptions, Profile};
use livret::pdf::{self, PdfOptions};
use livret_fuzz::{checks, gen};

fuzz_target!(init: livret_fuzz::one_core(), |g: gen::GBook| {
    let (book, screen) = gen::book(&g, livret_fuzz::images());
    if book.chapters.is_empty() {
        return;
    }
    let style = Style::default();
    let opts = LayoutOptions {
        profile: if screen { Profile::Screen } else { Profile::Print },
    };
    let pdf_opts = PdfOptions { validate: false };
    let mut diags = Diagnostics::new();
    let (model, _) = layout::layout_with(&book, &style, &opts, &mut diags);
    checks::lines_within_measure(&model, &style);
    checks::link_areas_lead_somewhere(&model);
    let first = pdf::write(&model, &book.meta, &pdf_opts).expect("the pdf");
    assert!(first.starts_with(b"%PDF-"));

    let mut again = Diagnostics::new();
    let (model, _) = layout::layout_with(&book, &style, &opts, &mut again);
    let second = pdf::write(&model, &book.meta, &pdf_opts).expect("the pdf, again");
    assert!(first == second, "the same book gave two PDFs");
    assert_eq!(diags.render(), again.render());
});
