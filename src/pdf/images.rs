//! Drawing images: JPEG embedded as is, other rasters as decoded pixels, SVG as vectors.

use std::collections::HashMap;

use krilla::geom::{Point, Size, Transform};
use krilla::image::Image;
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};

use super::Context;
use crate::layout::page::{ImageData, ImageId};

/// krilla images, made once per image of the model (an image drawn twice is embedded once).
#[derive(Default)]
pub(crate) struct ImageCache {
    images: HashMap<ImageId, Option<Image>>,
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
        raster => {
            let image = cx
                .images
                .images
                .entry(id)
                .or_insert_with(|| raster_image(raster))
                .clone();
            if let Some(image) = image {
                surface.draw_image(image, size);
            }
        }
    }
    surface.pop();
}

fn raster_image(data: &ImageData) -> Option<Image> {
    match data {
        ImageData::Jpeg(bytes) => Image::from_jpeg(bytes.clone().into(), false).ok(),
        ImageData::Rgba {
            pixels,
            width,
            height,
        } => Some(Image::from_rgba8(pixels.as_ref().clone(), *width, *height)),
        ImageData::Svg(_) => None,
    }
}
