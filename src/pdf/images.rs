//! Drawing images: JPEG embedded as is, other rasters as decoded pixels, SVG as vectors.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use krilla::geom::{Point, Size, Transform};
use krilla::image::{BitsPerComponent, CustomImage, Image, ImageColorspace};
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};

use super::Context;
use crate::layout::page::{ImageData, ImageId, Raster};

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
        ImageData::Raster(raster) => Image::from_custom(Samples(raster.clone()), false).ok(),
        ImageData::Svg(_) => None,
    }
}

/// A decoded image as krilla takes it: the samples handed over as they are (no copy, no
/// split), identified by the digest of their file rather than by hashing the samples.
#[derive(Clone)]
struct Samples(Arc<Raster>);

impl Hash for Samples {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let r = &self.0;
        (r.digest, r.width, r.height, r.grey, r.alpha.is_some()).hash(state);
    }
}

impl CustomImage for Samples {
    fn color_channel(&self) -> &[u8] {
        &self.0.color
    }

    fn alpha_channel(&self) -> Option<&[u8]> {
        self.0.alpha.as_deref()
    }

    fn bits_per_component(&self) -> BitsPerComponent {
        BitsPerComponent::Eight
    }

    fn size(&self) -> (u32, u32) {
        (self.0.width, self.0.height)
    }

    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }

    fn color_space(&self) -> ImageColorspace {
        if self.0.grey {
            ImageColorspace::Luma
        } else {
            ImageColorspace::Rgb
        }
    }
}
