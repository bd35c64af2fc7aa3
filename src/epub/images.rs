//! The images of the book: read from their files, scaled down when huge, named and typed.
//!
//! Raster images wider or taller than [`MAX_SIDE`], or turned by an EXIF orientation, are
//! decoded, turned upright, scaled with a Lanczos filter when too big and re-encoded (without
//! the tag: reading systems that honour it would turn them again, the others would not); the
//! rest are copied byte for byte. SVG stays SVG. The bytes are those `resolve` read. Remote and broken images are not here: the XHTML shows their alt text.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use crate::book::{Block, Book, Image, ImageTarget, Inline};

use super::{file_stem, EpubError, Resource};
use crate::book::visit::{self, Node};

/// Longest side, in pixels, an embedded raster image may have: enough for a full-width image
/// on a high-density tablet, a fraction of a camera's output.
const MAX_SIDE: u32 = 2000;
/// Quality of re-encoded JPEG images: visually lossless at reading sizes.
const JPEG_QUALITY: u8 = 85;

/// One image file of the package.
#[derive(Debug, Clone)]
pub(super) struct ImageFile {
    /// Relative to the content documents: `images/recap-phases.png`.
    pub href: String,
    pub id: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Every image the book embeds, in order of first appearance (the cover first).
#[derive(Debug, Default)]
pub(super) struct Images {
    files: Vec<ImageFile>,
    by_path: HashMap<PathBuf, usize>,
    cover: Option<usize>,
}

impl Images {
    /// Reads every `ImageTarget::File` of the book (cover, chapters, footnotes) once.
    pub fn collect(book: &Book) -> Result<Self, EpubError> {
        let mut paths: Vec<&Path> = Vec::new();
        if let Some(ImageTarget::File(path)) = book.meta.cover.as_ref().map(|c| &c.target) {
            paths.push(path);
        }
        for chapter in &book.chapters {
            visit::chapter(chapter, &mut |node| {
                let image = match node {
                    Node::Block(Block::Figure { image, .. }) => image,
                    Node::Inline(Inline::Image(image)) => image,
                    _ => return,
                };
                if let ImageTarget::File(path) = &image.target {
                    paths.push(path);
                }
            });
        }
        let mut images = Images::default();
        for path in paths {
            if images.by_path.contains_key(path) {
                continue;
            }
            let Some(file) = book.images.get(path) else {
                return Err(EpubError::Image {
                    path: path.display().to_string(),
                    message: "not read by `resolve` (the book's images are read there, once)"
                        .into(),
                });
            };
            let (bytes, format) = embedded(path, file)?;
            let stem = path
                .file_stem()
                .map_or(String::new(), |s| file_stem(&s.to_string_lossy()));
            let stem = if stem.is_empty() {
                "image".to_string()
            } else {
                stem
            };
            let mut name = format!("{stem}.{}", format.extension);
            let mut n = 2;
            while images
                .files
                .iter()
                .any(|f| f.href == format!("images/{name}"))
            {
                name = format!("{stem}-{n}.{}", format.extension);
                n += 1;
            }
            images
                .by_path
                .insert(path.to_path_buf(), images.files.len());
            images.files.push(ImageFile {
                href: format!("images/{name}"),
                id: format!("img-{name}"),
                media_type: format.media_type,
                bytes,
            });
        }
        if let Some(ImageTarget::File(path)) = book.meta.cover.as_ref().map(|c| &c.target) {
            images.cover = images.by_path.get(path.as_path()).copied();
        }
        Ok(images)
    }

    /// Where `image` is in the package, when it is embedded.
    pub fn href(&self, image: &Image) -> Option<&str> {
        match &image.target {
            ImageTarget::File(path) => self.by_path.get(path).map(|&i| self.files[i].href.as_str()),
            _ => None,
        }
    }

    /// The cover image, when the book has one that is a file.
    pub fn cover(&self) -> Option<&ImageFile> {
        self.cover.and_then(|i| self.files.get(i))
    }

    /// Whether any image is embedded (the publication is then also visual).
    pub fn any(&self) -> bool {
        !self.files.is_empty()
    }

    /// The manifest entries and bytes, the cover marked `cover-image`.
    pub fn resources(&self) -> Vec<Resource> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| Resource {
                href: f.href.clone(),
                id: f.id.clone(),
                media_type: f.media_type,
                properties: if Some(i) == self.cover {
                    "cover-image"
                } else {
                    ""
                },
                bytes: f.bytes.clone().into(),
            })
            .collect()
    }
}

/// What an image file is once in the package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Format {
    media_type: &'static str,
    extension: &'static str,
}

const PNG: Format = Format {
    media_type: "image/png",
    extension: "png",
};
const JPEG: Format = Format {
    media_type: "image/jpeg",
    extension: "jpg",
};
const GIF: Format = Format {
    media_type: "image/gif",
    extension: "gif",
};
const WEBP: Format = Format {
    media_type: "image/webp",
    extension: "webp",
};
const SVG: Format = Format {
    media_type: "image/svg+xml",
    extension: "svg",
};

/// The bytes to embed for `file`, read by `resolve` from `path`, and their format.
fn embedded(
    path: &Path,
    file: &crate::image_file::ImageFile,
) -> Result<(Vec<u8>, Format), EpubError> {
    use crate::image_file::Kind;
    let format = match file.kind {
        Kind::Png => PNG,
        Kind::Jpeg => JPEG,
        Kind::Gif => GIF,
        Kind::WebP => WEBP,
        Kind::Svg => return Ok((file.bytes.to_vec(), SVG)),
    };
    scale_down(file.bytes.to_vec(), format).map_err(|e| EpubError::Image {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// `bytes` unchanged when the image fits in [`MAX_SIDE`] and is upright; otherwise decoded,
/// turned upright, scaled to fit and re-encoded (JPEG stays JPEG, the rest becomes PNG: GIF
/// animations and WebP are not worth an encoder of their own at that size).
fn scale_down(bytes: Vec<u8>, format: Format) -> image::ImageResult<(Vec<u8>, Format)> {
    let mut decoder = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()?
        .into_decoder()?;
    let (width, height) = decoder.dimensions();
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let upright = orientation == image::metadata::Orientation::NoTransforms;
    if width.max(height) <= MAX_SIDE && upright {
        drop(decoder);
        return Ok((bytes, format));
    }
    let mut picture = DynamicImage::from_decoder(decoder)?;
    picture.apply_orientation(orientation);
    let scaled = if picture.width().max(picture.height()) > MAX_SIDE {
        picture.resize(MAX_SIDE, MAX_SIDE, FilterType::Lanczos3)
    } else {
        picture
    };
    let mut out = Vec::new();
    if format == JPEG {
        let rgb = DynamicImage::ImageRgb8(scaled.to_rgb8());
        rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))?;
        Ok((out, JPEG))
    } else {
        scaled.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)?;
        Ok((out, PNG))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        crate::image_file::png(DynamicImage::new_rgb8(width, height))
    }

    #[test]
    fn small_images_are_copied_byte_for_byte() {
        let bytes = png(40, 30);
        let (out, format) = scale_down(bytes.clone(), PNG).unwrap();
        assert_eq!(format, PNG);
        assert_eq!(out, bytes);
    }

    #[test]
    fn huge_images_are_scaled_to_the_limit_deterministically() {
        let bytes = png(3000, 1500);
        let (out, format) = scale_down(bytes.clone(), PNG).unwrap();
        assert_eq!(format, PNG);
        let dims = ImageReader::new(Cursor::new(&out))
            .with_guessed_format()
            .unwrap()
            .into_dimensions()
            .unwrap();
        assert_eq!(dims, (2000, 1000));
        assert_eq!(scale_down(bytes, PNG).unwrap().0, out);
    }

    /// A JPEG whose EXIF says "turn 90° clockwise" (orientation 6) is shipped turned, its
    /// tag gone: 2 × 1 pixels become 1 × 2.
    #[test]
    fn turned_jpeg_is_shipped_upright() {
        let mut plain = Vec::new();
        DynamicImage::new_rgb8(2, 1)
            .write_with_encoder(JpegEncoder::new_with_quality(&mut plain, 90))
            .unwrap();
        // SOI, then an APP1 `Exif` segment: a big-endian TIFF header and one IFD entry,
        // Orientation (0x0112) = 6.
        let tiff: &[u8] = &[
            b'M', b'M', 0, 42, 0, 0, 0, 8, // header, IFD at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // Orientation, SHORT, 1, 6
            0, 0, 0, 0, // no next IFD
        ];
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(tiff);
        let len = (app1.len() + 2) as u16;
        let mut turned = plain[..2].to_vec();
        turned.extend_from_slice(&[0xFF, 0xE1]);
        turned.extend_from_slice(&len.to_be_bytes());
        turned.extend_from_slice(&app1);
        turned.extend_from_slice(&plain[2..]);
        let (out, format) = scale_down(turned, JPEG).unwrap();
        assert_eq!(format, JPEG);
        let mut decoder = ImageReader::new(Cursor::new(&out))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        assert_eq!(decoder.dimensions(), (1, 2));
        assert_eq!(
            decoder.orientation().unwrap(),
            image::metadata::Orientation::NoTransforms
        );
        // An upright JPEG is copied as it is.
        assert_eq!(scale_down(plain.clone(), JPEG).unwrap().0, plain);
    }
}
