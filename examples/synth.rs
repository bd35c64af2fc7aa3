//! Writes a synthetic guide for benchmarks: `cargo run --release --example synth -- N DIR`.
//!
//! DIR gets `site/` (the Jekyll site), `livret.yaml`, and the same text for the peers:
//! `guide.typ` (Typst), `guide.html` (WeasyPrint) and `guide.md` (pandoc → EPUB).

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1).map(PathBuf::from),
    ) else {
        eprintln!("usage: synth PAGES DIR");
        return ExitCode::from(2);
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    match synth::write_guide(&dir, n, repo) {
        Ok(written) => {
            println!("{}", written.config.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: cannot write {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
