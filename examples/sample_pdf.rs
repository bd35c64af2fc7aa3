//! Writes the sample book as a PDF: `cargo run --example sample_pdf -- out.pdf`.

#[path = "../tests/sample/mod.rs"]
mod sample;

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "sample.pdf".into());
    let dir = std::env::temp_dir().join("livret-sample");
    let book = sample::book(&dir);
    let style = livret::layout::style::Style::default();
    let mut diags = livret::diag::Diagnostics::new();
    let started = std::time::Instant::now();
    let model = livret::layout::layout(&book, &style, &mut diags);
    let laid = started.elapsed();
    let bytes = livret::pdf::write(&model, &book.meta, &Default::default()).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    std::fs::write(&out, &bytes).expect("write");
    eprint!("{}", diags.render());
    eprintln!(
        "{out}: {} pages, {} KB, layout {} ms, total {} ms; {:?}",
        model.pages.len(),
        bytes.len() / 1024,
        laid.as_millis(),
        started.elapsed().as_millis(),
        livret::layout::audit::audit(&model, &style)
    );
}
