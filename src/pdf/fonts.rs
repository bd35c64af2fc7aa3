//! Fonts for the PDF: one krilla `Font` per face of the page model, made once and cached.

use krilla::text::Font;

use crate::layout::page::{FontId, PageModel};

/// The krilla fonts of a page model, built on first use (krilla subsets them on export).
pub(crate) struct FontCache {
    data: Vec<&'static [u8]>,
    fonts: Vec<Option<Font>>,
}

impl FontCache {
    /// An empty cache for the model's fonts.
    pub fn new(model: &PageModel) -> Self {
        FontCache {
            data: model.fonts.iter().map(|f| f.data).collect(),
            fonts: vec![None; model.fonts.len()],
        }
    }

    /// The krilla font of `id`, or `None` when the bytes are not a font krilla can read.
    pub fn get(&mut self, id: FontId) -> Option<Font> {
        let i = usize::from(id.0);
        let slot = self.fonts.get_mut(i)?;
        if slot.is_none() {
            *slot = Font::new((*self.data.get(i)?).into(), 0);
        }
        slot.clone()
    }
}
