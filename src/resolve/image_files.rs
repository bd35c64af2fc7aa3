//! An image file checked before any stage decodes it: its size, its real format (sniffed, not
//! taken from its name), its pixel count read from the header alone, a truncated end, and, for
//! SVG, references to other files (never followed: neither layout nor the EPUB may read
//! anything outside the drawing itself).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use image::{ImageFormat, ImageReader};
use quick_xml::events::Event;

use crate::diag::{Code, Diagnostic, Severity};
use crate::limits::{self, Bytes, Limits};

/// How much of a file's end is searched for its end marker.
const TAIL_BYTES: u64 = 64 * 1024;

/// What is wrong with the image file `path` (quoted as `shown`): an error makes the image
/// broken; a warning keeps it. `at` builds a diagnostic at the image's position.
pub fn check(
    path: &Path,
    shown: &str,
    limits: &Limits,
    at: &dyn Fn(String) -> Diagnostic,
) -> Option<Diagnostic> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > limits.max_image_bytes {
        return Some(
            at(format!(
                "image `{shown}` is {}, over the limit `max_image_bytes` ({})",
                Bytes(size),
                Bytes(limits.max_image_bytes)
            ))
            .with_hint(limits::raise_hint("max_image_bytes"))
            .with_code(Code::LimitExceeded),
        );
    }
    let is_svg_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let reader = match ImageReader::open(path).and_then(|r| r.with_guessed_format()) {
        Ok(r) => r,
        Err(e) => return Some(at(format!("cannot read image `{shown}`: {e}"))),
    };
    let format = reader.format();
    if format.is_none() || is_svg_name {
        return if is_svg_name {
            check_svg(path, shown, at)
        } else {
            Some(
                at(format!(
                    "image `{shown}` is not a PNG, JPEG, GIF, WebP or SVG file"
                ))
                .with_hint("convert it to PNG or JPEG"),
            )
        };
    }
    let (width, height) = match reader.into_dimensions() {
        Ok(d) => d,
        // The format is known (its signature is there), the header after it is not sound.
        Err(image::ImageError::IoError(e)) => {
            return Some(at(format!("cannot read image `{shown}`: {e}")))
        }
        Err(e) => {
            return Some(
                at(format!("image `{shown}` is corrupt: {e}")).with_hint("export it again"),
            )
        }
    };
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_image_pixels {
        return Some(
            at(format!(
                "image `{shown}` is {width} × {height} pixels ({:.1} megapixels), over the limit \
                 `max_image_pixels` ({:.1} megapixels)",
                pixels as f64 / 1e6,
                limits.max_image_pixels as f64 / 1e6
            ))
            .with_hint(format!(
                "scale it down; {}",
                limits::raise_hint("max_image_pixels")
            ))
            .with_code(Code::LimitExceeded),
        );
    }
    let format = format?;
    if let Some(marker) = end_marker(format) {
        if !tail_contains(path, size, marker) {
            return Some(
                at(format!(
                    "image `{shown}` is truncated: its file ends too soon"
                ))
                .with_hint("export it again"),
            );
        }
    }
    // A valid header over corrupt data: only decoding tells (the PDF embeds a JPEG as it is).
    if let Err(e) = decode(path, format) {
        return Some(at(format!("image `{shown}` is corrupt: {e}")).with_hint("export it again"));
    }
    let named = path.extension().and_then(ImageFormat::from_extension);
    match named {
        Some(named) if named != format => {
            let real = format.extensions_str().first().copied().unwrap_or("?");
            let mut d = at(format!(
                "image `{shown}` is a {} file, not what its name says",
                real.to_ascii_uppercase()
            ))
            .with_hint(format!("rename it with the `.{real}` extension"))
            .with_code(Code::ImageMislabelled);
            d.severity = Severity::Warning;
            Some(d)
        }
        _ => None,
    }
}

/// The image decoded in full (and dropped): an error when its data is corrupt.
fn decode(path: &Path, format: ImageFormat) -> Result<(), image::ImageError> {
    let mut reader = ImageReader::open(path)?;
    reader.set_format(format);
    reader.decode().map(drop)
}

/// The bytes a complete file of `format` ends with (give or take trailing bytes).
fn end_marker(format: ImageFormat) -> Option<&'static [u8]> {
    match format {
        ImageFormat::Png => Some(b"IEND"),
        ImageFormat::Jpeg => Some(&[0xFF, 0xD9]),
        _ => None,
    }
}

/// Whether the last [`TAIL_BYTES`] of the file contain `marker`.
fn tail_contains(path: &Path, size: u64, marker: &[u8]) -> bool {
    let mut tail = Vec::new();
    let read = File::open(path).and_then(|mut f| {
        f.seek(SeekFrom::Start(size.saturating_sub(TAIL_BYTES)))?;
        f.read_to_end(&mut tail)
    });
    read.is_ok() && tail.windows(marker.len()).any(|w| w == marker)
}

/// An SVG that refers to other files (`href` to anything but `#id` or `data:`), or declares
/// an entity: an error, since neither renderer may read outside it.
fn check_svg(path: &Path, shown: &str, at: &dyn Fn(String) -> Diagnostic) -> Option<Diagnostic> {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => return Some(at(format!("cannot read image `{shown}`: {e}"))),
    };
    let mut reader = quick_xml::Reader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                for attr in e.attributes().flatten() {
                    if attr.key.local_name().as_ref() != "href" {
                        continue;
                    }
                    let value = attr.value.trim().to_string();
                    let lower = value.to_ascii_lowercase();
                    if value.starts_with('#') || lower.starts_with("data:") {
                        continue;
                    }
                    return Some(
                        at(format!(
                            "svg image `{shown}` refers to `{value}`: files outside the drawing \
                             are never read"
                        ))
                        .with_hint("embed the picture in the svg as a `data:` url")
                        .with_code(Code::ImageRefused),
                    );
                }
            }
            Ok(Event::DocType(d)) => {
                let decl = d.as_ref().to_ascii_uppercase();
                if decl.contains("<!ENTITY") {
                    return Some(
                        at(format!(
                            "svg image `{shown}` declares an entity: refused (entities may \
                             read other files)"
                        ))
                        .with_hint("remove the `<!ENTITY …>` declarations")
                        .with_code(Code::ImageRefused),
                    );
                }
            }
            Ok(Event::Eof) => return svg_parses(&text, shown, at),
            Err(e) => {
                return Some(
                    at(format!(
                        "svg image `{shown}` is corrupt: it is not well-formed xml ({e})"
                    ))
                    .with_hint("export it again"),
                )
            }
            _ => {}
        }
    }
}

/// An SVG whose XML is sound but which the SVG reader refuses (no `<svg>` root, a zero size):
/// corrupt. Parsed with no file access and no fonts, as only its structure matters here.
fn svg_parses(text: &str, shown: &str, at: &dyn Fn(String) -> Diagnostic) -> Option<Diagnostic> {
    let options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        resources_dir: None,
        ..usvg::Options::default()
    };
    match usvg::Tree::from_str(text, &options) {
        Ok(_) => None,
        Err(e) => {
            Some(at(format!("svg image `{shown}` is corrupt: {e}")).with_hint("export it again"))
        }
    }
}
