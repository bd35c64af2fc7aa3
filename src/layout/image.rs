//! Images for the page: PNG, JPEG (EXIF orientation applied), GIF, WebP and SVG (as vectors),
//! decoded once, then scaled to the measure with their aspect kept and their height bounded.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::{DynamicImage, ImageDecoder, ImageReader};

use super::page::{ImageData, ImageId, Raster};

/// Largest share of the text block's height an image may take.
pub const MAX_HEIGHT_SHARE: f32 = 0.6;
/// Resolution assumed for raster images without better knowledge: their natural size at
/// this many pixels per inch, never wider than the measure.
pub const ASSUMED_DPI: f32 = 150.0;

/// A decoded image and its natural size in points.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub id: ImageId,
    pub width: f32,
    pub height: f32,
}

/// The images of the book, each decoded once.
#[derive(Default, Clone)]
pub struct Images {
    pub data: Vec<ImageData>,
    by_path: HashMap<PathBuf, Result<Loaded, String>>,
}

impl Images {
    /// Decodes the file at `path` (cached); the error is a lowercase message.
    pub fn load(&mut self, path: &Path) -> Result<Loaded, String> {
        if let Some(hit) = self.by_path.get(path) {
            return hit.clone();
        }
        let result = decode(path).map(|(data, w, h)| {
            self.data.push(data);
            Loaded {
                id: ImageId(self.data.len() as u32 - 1),
                width: w,
                height: h,
            }
        });
        self.by_path.insert(path.to_path_buf(), result.clone());
        result
    }

    /// Takes in the images `other` decoded past its first `base` (a copy of these images when
    /// it had `base` of them, lent to a chapter set on another thread), in the order `other`
    /// met them, as if they had been loaded here. Returns each adopted id's new id: the ids
    /// come out the same as when the chapters are set one after the other.
    pub fn adopt(&mut self, other: &Images, base: usize) -> HashMap<ImageId, ImageId> {
        let mut new: Vec<(&PathBuf, &Loaded)> = other
            .by_path
            .iter()
            .filter_map(|(path, r)| r.as_ref().ok().map(|l| (path, l)))
            .filter(|(_, l)| l.id.0 as usize >= base)
            .collect();
        new.sort_by_key(|(_, l)| l.id.0);
        let mut remap = HashMap::new();
        for (path, loaded) in new {
            let id = match self.by_path.get(path) {
                Some(Ok(known)) => known.id,
                _ => {
                    self.data.push(other.data[loaded.id.0 as usize].clone());
                    let id = ImageId(self.data.len() as u32 - 1);
                    let adopted = Loaded {
                        id,
                        ..loaded.clone()
                    };
                    self.by_path.insert(path.clone(), Ok(adopted));
                    id
                }
            };
            remap.insert(loaded.id, id);
        }
        for (path, r) in &other.by_path {
            if r.is_err() && !self.by_path.contains_key(path) {
                self.by_path.insert(path.clone(), r.clone());
            }
        }
        remap
    }
}

/// Points per CSS pixel: a browser shows 96 pixels to the inch.
pub const POINTS_PER_PX: f32 = 72.0 / 96.0;

/// The size the page asks `image` to be shown at (`<img width height>`: pixels as a browser
/// shows them, a width in percent of `measure`; one dimension alone keeps the aspect), else
/// its natural size.
pub fn asked_size(image: &crate::doc::Image, natural: (f32, f32), measure: f32) -> (f32, f32) {
    use crate::doc::Length;
    let (nw, nh) = (natural.0.max(0.1), natural.1.max(0.1));
    let width = match image.width {
        Some(Length::Px(px)) => Some(px * POINTS_PER_PX),
        Some(Length::Percent(p)) => Some(measure * p / 100.0),
        None => None,
    };
    // A percentage of a height is of a box that has none on a page: ignored, as browsers do.
    let height = match image.height {
        Some(Length::Px(px)) => Some(px * POINTS_PER_PX),
        _ => None,
    };
    match (width, height) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, w * nh / nw),
        (None, Some(h)) => (h * nw / nh, h),
        (None, None) => (nw, nh),
    }
}

/// The size an image is drawn at: its natural size, shrunk to fit `max_width` and
/// `max_height`, aspect kept.
pub fn fit(natural: (f32, f32), max_width: f32, max_height: f32) -> (f32, f32) {
    let (w, h) = (natural.0.max(1.0), natural.1.max(1.0));
    let scale = (max_width / w).min(max_height / h).min(1.0);
    (w * scale, h * scale)
}

/// How SVG files are read: their text is set in the guide's own faces (the generic families
/// mapped to them, `sans-serif` by default), never in whatever fonts the machine has, so that a
/// drawing looks the same everywhere and builds stay byte-identical.
fn svg_options() -> &'static usvg::Options<'static> {
    static OPTIONS: std::sync::OnceLock<usvg::Options<'static>> = std::sync::OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut options = usvg::Options {
            font_family: "Noto Sans".into(),
            // Never a file: an `<image href="…">` naming one (`/etc/passwd`, `../x.png`) is left
            // out of the drawing, unread. Resolve refuses such drawings already; this is the
            // second lock. Embedded `data:` pictures are still drawn.
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                resolve_string: Box::new(|_, _| None),
            },
            resources_dir: None,
            ..usvg::Options::default()
        };
        let db = options.fontdb_mut();
        for face in crate::fonts::FACES.iter() {
            // The registry's static bytes, shared: not a 10 MB copy of every face.
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face.data)));
        }
        db.set_serif_family("Charis SIL");
        db.set_sans_serif_family("Noto Sans");
        db.set_monospace_family("Noto Sans Mono");
        options
    })
}

fn decode(path: &Path) -> Result<(ImageData, f32, f32), String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let is_svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let tree = usvg::Tree::from_data(&bytes, svg_options())
            .map_err(|e| format!("cannot read svg `{}`: {e}", path.display()))?;
        let size = tree.size();
        return Ok((ImageData::Svg(Arc::new(tree)), size.width(), size.height()));
    }
    let points = |px: u32| px as f32 * 72.0 / ASSUMED_DPI;
    let reader = ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let format = reader.format();
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("cannot decode `{}`: {e}", path.display()))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    if format == Some(image::ImageFormat::Jpeg)
        && orientation == image::metadata::Orientation::NoTransforms
    {
        let (w, h) = decoder.dimensions();
        drop(decoder);
        // Embedded as is (DCT): the smallest file, and krilla reads it itself.
        return Ok((ImageData::Jpeg(Arc::new(bytes)), points(w), points(h)));
    }
    let mut img = DynamicImage::from_decoder(decoder)
        .map_err(|e| format!("cannot decode `{}`: {e}", path.display()))?;
    img.apply_orientation(orientation);
    let raster = raster(img, digest(&bytes, orientation));
    let (w, h) = (raster.width, raster.height);
    Ok((ImageData::Raster(Arc::new(raster)), points(w), points(h)))
}

/// A decoded image as the samples a PDF embeds: grey or RGB at 8 bits, with an alpha channel
/// only when some pixel is not opaque.
fn raster(img: DynamicImage, digest: u64) -> Raster {
    let (width, height) = (img.width(), img.height());
    let grey = !img.color().has_color();
    let (color, alpha) = match (grey, img.color().has_alpha()) {
        (true, false) => (img.into_luma8().into_raw(), None),
        (false, false) => (img.into_rgb8().into_raw(), None),
        (true, true) => split_alpha(img.into_luma_alpha8().into_raw(), 1),
        (false, true) => split_alpha(img.into_rgba8().into_raw(), 3),
    };
    Raster {
        width,
        height,
        grey,
        color,
        alpha,
        digest,
    }
}

/// Splits interleaved samples (`channels` colour samples then alpha) into colour and alpha,
/// the alpha dropped when every pixel is opaque.
fn split_alpha(samples: Vec<u8>, channels: usize) -> (Vec<u8>, Option<Vec<u8>>) {
    let pixels = samples.len() / (channels + 1);
    let mut color = Vec::with_capacity(pixels * channels);
    let mut alpha = Vec::with_capacity(pixels);
    for px in samples.chunks_exact(channels + 1) {
        color.extend_from_slice(&px[..channels]);
        alpha.push(px[channels]);
    }
    let opaque = alpha.iter().all(|&a| a == 255);
    (color, (!opaque).then_some(alpha))
}

/// What identifies a decoded image: its file's bytes and the turn applied to them.
fn digest(bytes: &[u8], orientation: image::metadata::Orientation) -> u64 {
    use std::hash::{Hash, Hasher};
    // `DefaultHasher::new()` has fixed keys: the same bytes give the same digest on every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    format!("{orientation:?}").hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_aspect_and_bounds() {
        assert_eq!(fit((800.0, 400.0), 400.0, 1000.0), (400.0, 200.0));
        assert_eq!(fit((100.0, 1000.0), 400.0, 500.0), (50.0, 500.0));
        assert_eq!(fit((100.0, 50.0), 400.0, 500.0), (100.0, 50.0));
    }

    /// Samples as the PDF embeds them: grey stays grey (one sample a pixel), an opaque alpha
    /// channel is dropped, a real one is kept apart, 16 bits become 8.
    #[test]
    fn rasters_keep_their_colour_model() {
        let grey = raster(DynamicImage::ImageLuma8(image::GrayImage::new(4, 2)), 1);
        assert!(grey.grey && grey.alpha.is_none());
        assert_eq!(grey.color.len(), 8);
        let opaque = image::RgbaImage::from_pixel(4, 2, image::Rgba([1, 2, 3, 255]));
        let opaque = raster(DynamicImage::ImageRgba8(opaque), 2);
        assert!(!opaque.grey && opaque.alpha.is_none());
        assert_eq!(&opaque.color[..6], &[1, 2, 3, 1, 2, 3]);
        let mut clear = image::RgbaImage::from_pixel(4, 2, image::Rgba([9, 8, 7, 255]));
        clear.put_pixel(3, 1, image::Rgba([9, 8, 7, 0]));
        let clear = raster(DynamicImage::ImageRgba8(clear), 3);
        assert_eq!(clear.color.len(), 24);
        assert_eq!(clear.alpha.as_deref().map(|a| a[7]), Some(0));
        let grey_alpha = image::GrayAlphaImage::from_pixel(4, 2, image::LumaA([5, 100]));
        let grey_alpha = raster(DynamicImage::ImageLumaA8(grey_alpha), 4);
        assert!(grey_alpha.grey);
        assert_eq!(
            (grey_alpha.color[0], grey_alpha.alpha.unwrap()[0]),
            (5, 100)
        );
        let deep = image::ImageBuffer::from_pixel(4, 2, image::Luma([0xffffu16]));
        let deep = raster(DynamicImage::ImageLuma16(deep), 5);
        assert!(deep.grey);
        assert_eq!(deep.color, vec![255; 8]);
    }

    #[test]
    fn png_is_decoded_and_rotated_jpeg_is_turned() {
        let dir = std::env::temp_dir().join(format!("livret-img-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let png = dir.join("a.png");
        image::RgbImage::from_pixel(30, 10, image::Rgb([200, 10, 10]))
            .save(&png)
            .unwrap();
        let mut images = Images::default();
        let l = images.load(&png).unwrap();
        assert!((l.width / l.height - 3.0).abs() < 0.01);
        assert!(images.load(&dir.join("missing.png")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
