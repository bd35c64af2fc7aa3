//! An image file checked, then read once for every later stage: its size, its real format
//! (sniffed, not taken from its name), its pixel count read from the header alone, a truncated
//! end, for SVG references to other files (never followed: neither layout nor the EPUB may read
//! anything outside the drawing itself), then its data decoded in full (corrupt or sound).

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::{ImageFormat, ImageReader};
use quick_xml::events::Event;

use crate::diag::{Code, Diagnostic, Severity};
use crate::image_file::{ImageFile, Kind};
use crate::limits::{self, Bytes, Limits};

/// How much of a file's end is searched for its end marker.
const TAIL_BYTES: usize = 64 * 1024;

/// Every image file resolve has read, by real path: what decoding it gave (an image shown
/// on several pages is read and decoded once).
pub type Checked = HashMap<PathBuf, Result<Arc<ImageFile>, String>>;

/// Checks the image file `path` (quoted as `shown`) and reads it: the file, when it can be
/// shown, and what is wrong with it (an error makes the image broken; a warning keeps it).
/// `at` builds a diagnostic at the image's position; `checked` remembers every file decoded.
pub fn check(
    path: &Path,
    shown: &str,
    limits: &Limits,
    at: &dyn Fn(String) -> Diagnostic,
    checked: &mut Checked,
) -> (Option<Arc<ImageFile>>, Option<Diagnostic>) {
    match check_file(path, shown, limits, at, checked) {
        Ok((file, warning)) => (Some(file), warning),
        Err(error) => (None, Some(error)),
    }
}

fn check_file(
    path: &Path,
    shown: &str,
    limits: &Limits,
    at: &dyn Fn(String) -> Diagnostic,
    checked: &mut Checked,
) -> Result<(Arc<ImageFile>, Option<Diagnostic>), Diagnostic> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > limits.max_image_bytes {
        return Err(at(format!(
            "image `{shown}` is {}, over the limit `max_image_bytes` ({})",
            Bytes(size),
            Bytes(limits.max_image_bytes)
        ))
        .with_hint(limits::raise_hint(limits::Limit::ImageBytes))
        .with_code(Code::LimitExceeded));
    }
    let corrupt =
        |e: &str| at(format!("image `{shown}` is corrupt: {e}")).with_hint("export it again");
    if let Some(known) = checked.get(path) {
        return match known {
            Ok(file) => Ok((file.clone(), misnamed(path, file, shown, at))),
            Err(e) => Err(corrupt(e)),
        };
    }
    let bytes = std::fs::read(path).map_err(|e| at(format!("cannot read image `{shown}`: {e}")))?;
    let is_svg_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let format = image::guess_format(&bytes).ok();
    if format.is_none() || is_svg_name {
        if !is_svg_name {
            return Err(at(format!(
                "image `{shown}` is not a PNG, JPEG, GIF, WebP or SVG file"
            ))
            .with_hint("convert it to PNG or JPEG"));
        }
        check_svg(&bytes, shown, at)?;
    } else {
        check_raster(&bytes, shown, limits, at)?;
    }
    // A valid header over corrupt data: only decoding tells (the PDF embeds a JPEG as it is).
    let read = ImageFile::from_bytes(bytes, is_svg_name).map(Arc::new);
    checked.insert(path.to_path_buf(), read.clone());
    match read {
        Ok(file) => Ok((file.clone(), misnamed(path, &file, shown, at))),
        Err(e) if is_svg_name => {
            Err(at(format!("svg image `{shown}` is corrupt: {e}")).with_hint("export it again"))
        }
        Err(e) => Err(corrupt(&e)),
    }
}

/// A raster file's header and end: its pixel count within the limit, its end there.
fn check_raster(
    bytes: &[u8],
    shown: &str,
    limits: &Limits,
    at: &dyn Fn(String) -> Diagnostic,
) -> Result<(), Diagnostic> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| at(format!("cannot read image `{shown}`: {e}")))?;
    let format = reader.format();
    let (width, height) = match reader.into_dimensions() {
        Ok(d) => d,
        // The format is known (its signature is there), the header after it is not sound.
        Err(image::ImageError::IoError(e)) => {
            return Err(at(format!("cannot read image `{shown}`: {e}")))
        }
        Err(e) => {
            return Err(at(format!("image `{shown}` is corrupt: {e}")).with_hint("export it again"))
        }
    };
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_image_pixels {
        return Err(at(format!(
            "image `{shown}` is {width} × {height} pixels ({:.1} megapixels), over the limit \
             `max_image_pixels` ({:.1} megapixels)",
            pixels as f64 / 1e6,
            limits.max_image_pixels as f64 / 1e6
        ))
        .with_hint(format!(
            "scale it down; {}",
            limits::raise_hint(limits::Limit::ImagePixels)
        ))
        .with_code(Code::LimitExceeded));
    }
    if let Some(marker) = format.and_then(end_marker) {
        let tail = &bytes[bytes.len().saturating_sub(TAIL_BYTES)..];
        if !tail.windows(marker.len()).any(|w| w == marker) {
            return Err(at(format!(
                "image `{shown}` is truncated: its file ends too soon"
            ))
            .with_hint("export it again"));
        }
    }
    Ok(())
}

/// A warning when the file's name says another format than its bytes.
fn misnamed(
    path: &Path,
    file: &ImageFile,
    shown: &str,
    at: &dyn Fn(String) -> Diagnostic,
) -> Option<Diagnostic> {
    let format = match file.kind {
        Kind::Png => ImageFormat::Png,
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Gif => ImageFormat::Gif,
        Kind::WebP => ImageFormat::WebP,
        Kind::Svg => return None,
    };
    let named = path.extension().and_then(ImageFormat::from_extension)?;
    if named == format {
        return None;
    }
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

/// The bytes a complete file of `format` ends with (give or take trailing bytes).
fn end_marker(format: ImageFormat) -> Option<&'static [u8]> {
    match format {
        ImageFormat::Png => Some(b"IEND"),
        ImageFormat::Jpeg => Some(&[0xFF, 0xD9]),
        _ => None,
    }
}

/// An SVG that refers to other files (`href` to anything but `#id` or `data:`), or declares
/// an entity: an error, since neither renderer may read outside it.
fn check_svg(
    bytes: &[u8],
    shown: &str,
    at: &dyn Fn(String) -> Diagnostic,
) -> Result<(), Diagnostic> {
    let text = String::from_utf8_lossy(bytes);
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
                    return Err(at(format!(
                        "svg image `{shown}` refers to `{value}`: files outside the drawing \
                         are never read"
                    ))
                    .with_hint("embed the picture in the svg as a `data:` url")
                    .with_code(Code::ImageRefused));
                }
            }
            Ok(Event::DocType(d)) => {
                let decl = d.as_ref().to_ascii_uppercase();
                if decl.contains("<!ENTITY") {
                    return Err(at(format!(
                        "svg image `{shown}` declares an entity: refused (entities may \
                         read other files)"
                    ))
                    .with_hint("remove the `<!ENTITY …>` declarations")
                    .with_code(Code::ImageRefused));
                }
            }
            // Sound XML: whether the SVG reader takes it is for `ImageFile::from_bytes`.
            Ok(Event::Eof) => return Ok(()),
            Err(e) => {
                return Err(at(format!(
                    "svg image `{shown}` is corrupt: it is not well-formed xml ({e})"
                ))
                .with_hint("export it again"))
            }
            _ => {}
        }
    }
}
