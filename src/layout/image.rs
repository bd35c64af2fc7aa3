//! Images for the page: PNG, JPEG (EXIF orientation applied), GIF, WebP and SVG (as vectors),
//! taken from the files `resolve` read, then scaled to the measure with their aspect kept and
//! their height bounded. Raster pixels are not decoded here: only the PDF needs them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::metadata::Orientation;

use super::page::{ImageData, ImageId};
use crate::image_file::{ImageFile, ImageFiles, Kind};

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

/// The images of the book, each prepared once.
#[derive(Default, Clone)]
pub struct Images {
    pub data: Vec<ImageData>,
    by_path: HashMap<PathBuf, Result<Loaded, String>>,
    /// The files `resolve` read.
    files: Arc<ImageFiles>,
}

impl Images {
    /// No image prepared yet; the files are taken from `files` (read from the disk only when
    /// not there: a tree made by hand, in tests).
    pub fn new(files: &ImageFiles) -> Self {
        Images {
            files: Arc::new(files.clone()),
            ..Images::default()
        }
    }

    /// Prepares the file at `path` (cached); the error is a lowercase message.
    pub fn load(&mut self, path: &Path) -> Result<Loaded, String> {
        if let Some(hit) = self.by_path.get(path) {
            return hit.clone();
        }
        // Every image file is read once, by `resolve`, and handed on in `Book::images`.
        let file = match self.files.get(path) {
            Some(file) => Ok(file.clone()),
            None => Err("not read by `resolve` (the book's images are read there, once)".into()),
        };
        let result = file.and_then(|f| prepare(f, path)).map(|(data, w, h)| {
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
pub fn asked_size(image: &crate::book::Image, natural: (f32, f32), measure: f32) -> (f32, f32) {
    use crate::book::Length;
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

/// What the PDF draws for `file`, and its natural size in points.
fn prepare(file: Arc<ImageFile>, path: &Path) -> Result<(ImageData, f32, f32), String> {
    if file.kind == Kind::Svg {
        let tree = usvg::Tree::from_data(&file.bytes, svg_options())
            .map_err(|e| format!("cannot read svg `{}`: {e}", path.display()))?;
        let size = tree.size();
        return Ok((ImageData::Svg(Arc::new(tree)), size.width(), size.height()));
    }
    let points = |px: u32| px as f32 * 72.0 / ASSUMED_DPI;
    let (w, h) = (points(file.width), points(file.height));
    if file.kind == Kind::Jpeg && file.orientation == Orientation::NoTransforms {
        // Embedded as is (DCT): the smallest file, and krilla reads it itself.
        return Ok((ImageData::Jpeg(file.bytes.clone()), w, h));
    }
    Ok((ImageData::Raster(file), w, h))
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

    #[test]
    fn png_is_decoded_and_rotated_jpeg_is_turned() {
        let dir = std::env::temp_dir().join(format!("livret-img-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let png = dir.join("a.png");
        image::RgbImage::from_pixel(30, 10, image::Rgb([200, 10, 10]))
            .save(&png)
            .unwrap();
        let mut files = ImageFiles::new();
        files.insert(png.clone(), Arc::new(ImageFile::read(&png).unwrap()));
        let mut images = Images::new(&files);
        let l = images.load(&png).unwrap();
        assert!((l.width / l.height - 3.0).abs() < 0.01);
        assert!(images.load(&dir.join("missing.png")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
