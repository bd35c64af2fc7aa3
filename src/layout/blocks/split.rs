//! A paragraph that holds a picture too tall for a line (`![chart](x.png).` in running text) is
//! set as its text before, the picture as a figure between the lines, then its text after.

use super::*;

/// An image of a paragraph's own text (not inside a link or emphasis) taller than this many
/// times the text's size, at its natural size, is a picture, not an icon: it is set as a figure
/// between the paragraph's lines rather than shrunk into one.
pub const FIGURE_ABOVE_EM: f32 = 2.0;

impl Builder<'_> {
    /// The blocks `content` is set as when some of its images are figures (`lead` for a lead
    /// paragraph's pieces), or `None` when it is one paragraph. A piece holding nothing but
    /// punctuation (the full stop after the image) is left out: alone under a chart it would
    /// read as a stray mark; its anchors are kept.
    pub(super) fn split_at_figures(
        &mut self,
        content: &[Inline],
        pos: crate::book::Pos,
        lead: bool,
        size: f32,
        frame_width: f32,
    ) -> Option<Vec<Block>> {
        let measure = frame_width;
        let tall = |b: &mut Self, image: &Image| match &image.target {
            ImageTarget::File(path) => b.images.load(path).is_ok_and(|l| {
                asked_size(image, (l.width, l.height), measure).1 > FIGURE_ABOVE_EM * size
            }),
            _ => false,
        };
        let mut out = Vec::new();
        let mut piece: Vec<Inline> = Vec::new();
        let mut split = false;
        for inline in content {
            match inline {
                Inline::Image(image) if tall(self, image) => {
                    split = true;
                    flush(std::mem::take(&mut piece), pos, lead, &mut out);
                    out.push(Block::Figure {
                        image: image.clone(),
                        caption: None,
                        pos: image.pos,
                    });
                }
                other => piece.push(other.clone()),
            }
        }
        if !split {
            return None;
        }
        flush(piece, pos, lead, &mut out);
        Some(out)
    }
}

/// Pushes `piece` as a paragraph, or only its anchors when it says nothing.
fn flush(piece: Vec<Inline>, pos: crate::book::Pos, lead: bool, out: &mut Vec<Block>) {
    if piece.iter().all(says_nothing) {
        out.extend(piece.into_iter().filter_map(|i| match i {
            Inline::Anchor(id) => Some(Block::Anchor { id, pos }),
            _ => None,
        }));
        return;
    }
    out.push(if lead {
        Block::Lead {
            content: piece,
            pos,
        }
    } else {
        Block::Paragraph {
            content: piece,
            pos,
        }
    });
}

/// White space, punctuation, a line break or an anchor: nothing a reader would miss alone.
fn says_nothing(inline: &Inline) -> bool {
    match inline {
        Inline::Text(t) => t
            .chars()
            .all(|c| c.is_whitespace() || c.is_ascii_punctuation() || "…«»–—".contains(c)),
        Inline::LineBreak | Inline::Anchor(_) => true,
        _ => false,
    }
}
