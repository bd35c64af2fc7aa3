//! Compresses the fonts once, at compile time, for the EPUB.
//!
//! Every EPUB embeds the guide's text faces (about 4.6 MB of TrueType), and deflating them at
//! level 9 was most of an EPUB build's time. This script deflates each `fonts/*.ttf` into a zip
//! in `OUT_DIR`, under the name it has inside an EPUB (`EPUB/fonts/NAME`); the EPUB writer
//! copies those compressed entries as they are (`src/epub/precompressed.rs`) whenever a font's
//! bytes match one (same size and CRC-32), and compresses anything else itself.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

fn main() {
    println!("cargo::rerun-if-changed=fonts");
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut fonts: Vec<PathBuf> = fs::read_dir("fonts")
        .expect("the fonts folder is part of the crate")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ttf"))
        .collect();
    // Sorted: the same zip on every machine.
    fonts.sort();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for path in &fonts {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("font names are UTF-8");
        let bytes = fs::read(path).expect("a font of the crate is readable");
        zip.start_file(format!("EPUB/fonts/{name}"), options)
            .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
            .expect("a font compresses in memory");
    }
    let bytes = zip.finish().expect("the fonts' zip finishes").into_inner();
    fs::write(out.join("fonts.zip"), bytes).expect("OUT_DIR is writable");
}
