//! Drawing images: JPEG embedded as is, other rasters as decoded pixels, SVG as vectors.
//!
//! A raster's pixels are decoded where krilla compresses them, on its worker threads, one
//! image at a time, and dropped once compressed: a build never holds the pixels of every
//! picture of the guide at once.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use krilla::geom::{Point, Size, Transform};
use krilla::image::{BitsPerComponent, CustomImage, Image, ImageColorspace};
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};

use super::Context;
use crate::image_file::{ImageFile, Raster};
use crate::layout::page::{ImageData, ImageId};

/// krilla images, made once per image of the model (an image drawn twice is embedded once).
#[derive(Default)]
pub(crate) struct ImageCache {
    images: HashMap<ImageId, Option<Image>>,
}

impl ImageCache {
    /// A cache holding every raster image of `model` already (SVG drawings are drawn, not
    /// embedded whole).
    pub(crate) fn start(model: &crate::layout::page::PageModel) -> Self {
        let images = model
            .images
            .iter()
            .enumerate()
            .filter(|(_, data)| !matches!(data, ImageData::Svg(_)))
            .map(|(i, data)| (ImageId(i as u32), raster_image(data)))
            .collect();
        ImageCache { images }
    }
}

/// Draws image `id` with its top-left corner at `at`, `width` × `height` points.
pub(crate) fn draw(
    cx: &mut Context,
    surface: &mut Surface,
    id: ImageId,
    at: Point,
    width: f32,
    height: f32,
) {
    let Some(data) = cx.model.images.get(id.0 as usize) else {
        return;
    };
    let Some(size) = Size::from_wh(width, height) else {
        return;
    };
    surface.push_transform(&Transform::from_translate(at.x, at.y));
    match data {
        ImageData::Svg(tree) => {
            let settings = SvgSettings {
                embed_text: false,
                ..SvgSettings::default()
            };
            surface.draw_svg(tree, size, settings);
        }
        // Made by `ImageCache::start`, once for the whole document.
        _ => {
            if let Some(Some(image)) = cx.images.images.get(&id) {
                surface.draw_image(image.clone(), size);
            }
        }
    }
    surface.pop();
}

fn raster_image(data: &ImageData) -> Option<Image> {
    match data {
        ImageData::Jpeg(bytes) => Image::from_jpeg(bytes.clone().into(), false).ok(),
        ImageData::Raster(file) => Image::from_custom(Samples::new(file.clone()), false).ok(),
        ImageData::Svg(_) => None,
    }
}

/// A raster file as krilla takes it: identified by the digest of its file rather than by
/// hashing samples, described (size, colour model, alpha) from what `resolve` learnt, and
/// decoded only when krilla asks for the samples.
///
/// krilla asks first, when the image is made, only *whether* there is an alpha channel (an
/// empty slice answers), then, in the work it defers to its thread pool, for the colour
/// samples (the decoding happens there) and the alpha samples. That closure owns its
/// `Samples` and drops it, pixels and all, once they are compressed. A clone (krilla clones
/// to hash) shares the file, never the pixels.
struct Samples {
    file: Arc<ImageFile>,
    decoded: OnceLock<Raster>,
}

impl Samples {
    fn new(file: Arc<ImageFile>) -> Self {
        Samples {
            file,
            decoded: OnceLock::new(),
        }
    }

    fn raster(&self) -> &Raster {
        self.decoded.get_or_init(|| self.file.samples())
    }
}

impl Clone for Samples {
    fn clone(&self) -> Self {
        Samples::new(self.file.clone())
    }
}

impl Hash for Samples {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let f = &self.file;
        (f.digest, f.width, f.height, f.grey, f.alpha).hash(state);
    }
}

impl CustomImage for Samples {
    fn color_channel(&self) -> &[u8] {
        &self.raster().color
    }

    fn alpha_channel(&self) -> Option<&[u8]> {
        if !self.file.alpha {
            return None;
        }
        match self.decoded.get() {
            Some(raster) => raster.alpha.as_deref(),
            // Asked before the pixels: only whether there is a channel matters.
            None => Some(&[]),
        }
    }

    fn bits_per_component(&self) -> BitsPerComponent {
        BitsPerComponent::Eight
    }

    fn size(&self) -> (u32, u32) {
        (self.file.width, self.file.height)
    }

    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }

    fn color_space(&self) -> ImageColorspace {
        if self.file.grey {
            ImageColorspace::Luma
        } else {
            ImageColorspace::Rgb
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use krilla::page::PageSettings;
    use krilla::Document;

    /// An image with real transparency, made the lazy way, goes through krilla whole: the
    /// alpha channel is asked for before the pixels and after, and the PDF carries a soft
    /// mask of the right size. (If krilla changed the order it asks in, its own length check
    /// would fail here.)
    #[test]
    fn lazy_samples_embed_colour_and_alpha() {
        let mut picture = image::RgbaImage::from_pixel(5, 3, image::Rgba([9, 8, 7, 255]));
        picture.put_pixel(4, 2, image::Rgba([9, 8, 7, 0]));
        let png = crate::image_file::png(image::DynamicImage::ImageRgba8(picture));
        let file = Arc::new(ImageFile::from_bytes(png, false).unwrap());
        assert!(file.alpha);
        let samples = Samples::new(file);
        assert_eq!(samples.alpha_channel(), Some(&[][..]));
        let image = Image::from_custom(samples, false).unwrap();
        let mut document = Document::new();
        let mut page = document.start_page_with(PageSettings::from_wh(50.0, 50.0).unwrap());
        let mut surface = page.surface();
        surface.draw_image(image, Size::from_wh(5.0, 3.0).unwrap());
        surface.finish();
        page.finish();
        let pdf = document.finish().unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/SMask"));
        assert!(text.contains("/Width 5") && text.contains("/Height 3"));
    }
}
