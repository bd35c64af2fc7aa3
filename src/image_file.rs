//! An image file of the site, read once: its bytes and what decoding them told (format, size,
//! turn, colour model). `resolve` reads and checks each file the guide shows and hands the
//! results on in [`crate::book::Book::images`]; layout, the PDF and the EPUB take the bytes from
//! there instead of reading the disk again, and decode the pixels only when they need them.
//!
//! Decoded pixels are the largest thing a build holds (a 2000 × 1100 screenshot is 6.6 MB of
//! samples, its file 200 KB): they are made where they are embedded, one image at a time, and
//! dropped as soon as they are compressed.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

/// The image files of a book, by real path (what `ImageTarget::File` holds).
pub type ImageFiles = BTreeMap<PathBuf, Arc<ImageFile>>;

/// What kind of picture a file holds, sniffed from its bytes (SVG by its name or an `<svg`
/// element).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Png,
    Jpeg,
    Gif,
    WebP,
    Svg,
}

/// One image file, read and decoded once.
#[derive(Clone, PartialEq)]
pub struct ImageFile {
    /// The file's bytes, as read.
    pub bytes: Arc<Vec<u8>>,
    pub kind: Kind,
    /// Size in pixels once turned upright (SVG: its size in user units, rounded).
    pub width: u32,
    pub height: u32,
    /// The EXIF turn the pixels need (JPEG, WebP, PNG `eXIf`).
    pub orientation: Orientation,
    /// Grey (one sample a pixel) rather than RGB.
    pub grey: bool,
    /// Some pixel is not opaque: the samples carry an alpha channel.
    pub alpha: bool,
    /// A digest of the bytes and the turn: what identifies the decoded image (hashing
    /// megabytes of samples to find an image shown twice would cost more than decoding it).
    pub digest: u64,
}

impl fmt::Debug for ImageFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ImageFile({:?}, {} bytes, {} × {})",
            self.kind,
            self.bytes.len(),
            self.width,
            self.height
        )
    }
}

/// Decoded pixels, 8 bits per sample, in the file's own colour model: grey or RGB, with an
/// alpha channel only when some pixel is not opaque (the samples are what the PDF embeds, so
/// an opaque RGB image is never widened to RGBA and split again).
#[derive(Debug)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub grey: bool,
    /// The colour samples, row by row.
    pub color: Vec<u8>,
    /// One alpha sample a pixel, when some pixel is not opaque.
    pub alpha: Option<Vec<u8>>,
}

impl ImageFile {
    /// Reads the file at `path` and decodes it in full (pixels dropped): an error message
    /// (lowercase, the file quoted) when it cannot be read or its data is corrupt.
    pub fn read(path: &Path) -> Result<ImageFile, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let is_svg = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        Self::from_bytes(bytes, is_svg).map_err(|e| format!("`{}`: {e}", path.display()))
    }

    /// The image in `bytes` (an SVG document when `svg`), decoded in full to learn its colour
    /// model and to prove its data sound; the error is the decoder's.
    pub fn from_bytes(bytes: Vec<u8>, svg: bool) -> Result<ImageFile, String> {
        let digest = |orientation: Orientation| digest(&bytes, orientation);
        if svg {
            let tree =
                usvg::Tree::from_data(&bytes, bare_svg_options()).map_err(|e| e.to_string())?;
            let size = tree.size();
            return Ok(ImageFile {
                digest: digest(Orientation::NoTransforms),
                width: size.width().round() as u32,
                height: size.height().round() as u32,
                bytes: Arc::new(bytes),
                kind: Kind::Svg,
                orientation: Orientation::NoTransforms,
                grey: false,
                alpha: false,
            });
        }
        let reader = ImageReader::new(Cursor::new(&bytes[..]))
            .with_guessed_format()
            .map_err(|e| e.to_string())?;
        let kind = match reader.format() {
            Some(ImageFormat::Png) => Kind::Png,
            Some(ImageFormat::Jpeg) => Kind::Jpeg,
            Some(ImageFormat::Gif) => Kind::Gif,
            Some(ImageFormat::WebP) => Kind::WebP,
            _ => return Err("not a PNG, JPEG, GIF, WebP or SVG image".to_string()),
        };
        let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
        let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
        let picture = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
        let turned = matches!(
            orientation,
            Orientation::Rotate90
                | Orientation::Rotate270
                | Orientation::Rotate90FlipH
                | Orientation::Rotate270FlipH
        );
        let (w, h) = (picture.width(), picture.height());
        let (width, height) = if turned { (h, w) } else { (w, h) };
        let grey = !picture.color().has_color();
        let alpha = picture.color().has_alpha() && !opaque(&picture);
        Ok(ImageFile {
            digest: digest(orientation),
            bytes: Arc::new(bytes),
            kind,
            width,
            height,
            orientation,
            grey,
            alpha,
        })
    }

    /// The pixels, turned upright. Errors only if the bytes changed nature since
    /// [`Self::from_bytes`] (they cannot: they are held here).
    pub fn upright(&self) -> image::ImageResult<DynamicImage> {
        let mut picture = ImageReader::new(Cursor::new(&self.bytes[..]))
            .with_guessed_format()?
            .decode()?;
        picture.apply_orientation(self.orientation);
        Ok(picture)
    }

    /// The samples the PDF embeds: grey or RGB at 8 bits, the alpha channel apart and only
    /// when [`Self::alpha`]. Exactly `width × height` pixels, whatever happens: a decoding
    /// failure (impossible after [`Self::from_bytes`]) gives white pixels, never a shorter
    /// buffer.
    pub fn samples(&self) -> Raster {
        let channels = if self.grey { 1 } else { 3 };
        let pixels = self.width as usize * self.height as usize;
        let (color, alpha) = match self.upright() {
            Ok(p) if (p.width(), p.height()) == (self.width, self.height) => {
                match (self.grey, self.alpha) {
                    (true, false) => (p.into_luma8().into_raw(), None),
                    (false, false) => (p.into_rgb8().into_raw(), None),
                    (true, true) => split_alpha(p.into_luma_alpha8().into_raw(), 1),
                    (false, true) => split_alpha(p.into_rgba8().into_raw(), 3),
                }
            }
            _ => (
                vec![255; pixels * channels],
                self.alpha.then(|| vec![255; pixels]),
            ),
        };
        Raster {
            width: self.width,
            height: self.height,
            grey: self.grey,
            color,
            alpha,
        }
    }
}

/// Whether every pixel of `picture` is opaque.
fn opaque(picture: &DynamicImage) -> bool {
    match picture {
        DynamicImage::ImageLumaA8(p) => p.pixels().all(|px| px.0[1] == u8::MAX),
        DynamicImage::ImageRgba8(p) => p.pixels().all(|px| px.0[3] == u8::MAX),
        DynamicImage::ImageLumaA16(p) => p.pixels().all(|px| px.0[1] >= 0xff80),
        DynamicImage::ImageRgba16(p) => p.pixels().all(|px| px.0[3] >= 0xff80),
        DynamicImage::ImageRgba32F(p) => p.pixels().all(|px| px.0[3] >= 1.0),
        _ => true,
    }
}

/// Splits interleaved samples (`channels` colour samples then alpha) into colour and alpha.
fn split_alpha(samples: Vec<u8>, channels: usize) -> (Vec<u8>, Option<Vec<u8>>) {
    let pixels = samples.len() / (channels + 1);
    let mut color = Vec::with_capacity(pixels * channels);
    let mut alpha = Vec::with_capacity(pixels);
    for px in samples.chunks_exact(channels + 1) {
        color.extend_from_slice(&px[..channels]);
        alpha.push(px[channels]);
    }
    (color, Some(alpha))
}

/// What identifies a decoded image: its file's bytes and the turn applied to them.
fn digest(bytes: &[u8], orientation: Orientation) -> u64 {
    use std::hash::{Hash, Hasher};
    // `DefaultHasher::new()` has fixed keys: the same bytes give the same digest on every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    format!("{orientation:?}").hash(&mut h);
    h.finish()
}

/// SVG read for its structure and size only: no file access, no fonts (layout reads it
/// again with the guide's faces to draw it).
fn bare_svg_options() -> &'static usvg::Options<'static> {
    static OPTIONS: std::sync::OnceLock<usvg::Options<'static>> = std::sync::OnceLock::new();
    OPTIONS.get_or_init(|| usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        resources_dir: None,
        ..usvg::Options::default()
    })
}

/// `picture` as a PNG file, for tests.
#[cfg(test)]
pub(crate) fn png(picture: DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Samples as the PDF embeds them: grey stays grey (one sample a pixel), an opaque alpha
    /// channel is dropped, a real one is kept apart, 16 bits become 8.
    #[test]
    fn samples_keep_the_colour_model() {
        let read = |p: DynamicImage| ImageFile::from_bytes(png(p), false).unwrap();
        let grey = read(DynamicImage::ImageLuma8(image::GrayImage::new(4, 2)));
        let s = grey.samples();
        assert!(s.grey && s.alpha.is_none());
        assert_eq!(s.color.len(), 8);
        let opaque = image::RgbaImage::from_pixel(4, 2, image::Rgba([1, 2, 3, 255]));
        let s = read(DynamicImage::ImageRgba8(opaque)).samples();
        assert!(!s.grey && s.alpha.is_none());
        assert_eq!(&s.color[..6], &[1, 2, 3, 1, 2, 3]);
        let mut clear = image::RgbaImage::from_pixel(4, 2, image::Rgba([9, 8, 7, 255]));
        clear.put_pixel(3, 1, image::Rgba([9, 8, 7, 0]));
        let s = read(DynamicImage::ImageRgba8(clear)).samples();
        assert_eq!(s.color.len(), 24);
        assert_eq!(s.alpha.as_deref().map(|a| a[7]), Some(0));
        let grey_alpha = image::GrayAlphaImage::from_pixel(4, 2, image::LumaA([5, 100]));
        let s = read(DynamicImage::ImageLumaA8(grey_alpha)).samples();
        assert!(s.grey);
        assert_eq!((s.color[0], s.alpha.unwrap()[0]), (5, 100));
        let deep = image::ImageBuffer::from_pixel(4, 2, image::Luma([0xffffu16]));
        let s = read(DynamicImage::ImageLuma16(deep)).samples();
        assert!(s.grey);
        assert_eq!(s.color, vec![255; 8]);
    }

    #[test]
    fn corrupt_data_behind_a_sound_header_is_an_error() {
        let mut bytes = png(DynamicImage::new_rgb8(64, 64));
        let n = bytes.len();
        // Keep the signature, the header and the end; spoil the compressed pixels.
        for b in &mut bytes[40..n - 20] {
            *b = 0x55;
        }
        assert!(ImageFile::from_bytes(bytes, false).is_err());
        assert!(ImageFile::from_bytes(b"<svg".to_vec(), true).is_err());
    }

    #[test]
    fn svg_has_its_size() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="30" height="10"/>"#;
        let f = ImageFile::from_bytes(svg.to_vec(), true).unwrap();
        assert_eq!((f.kind, f.width, f.height), (Kind::Svg, 30, 10));
    }
}
