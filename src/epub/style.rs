//! The style sheet (`styles/epub.css`, plus `@font-face` rules for embedded fonts) and the
//! font files.

use std::fmt::Write as _;

use super::{EpubError, Publication, Resource, CSS_FILE};

/// The static style sheet: faces, colours, spacing. Relative units only.
const EPUB_CSS: &str = include_str!("../../styles/epub.css");

/// The CSS file and every embedded font, in the order given.
pub(super) fn resources(p: &Publication) -> Result<Vec<Resource>, EpubError> {
    let mut css = String::new();
    let mut out = Vec::new();
    for (i, font) in p.opts.fonts.iter().enumerate() {
        let name = font.file_name.as_str();
        let plain = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !name.starts_with('.');
        let Some(media_type) = plain.then(|| font_media_type(name)).flatten() else {
            return Err(EpubError::Font(name.to_string()));
        };
        let _ = write!(
            css,
            "@font-face {{\n  font-family: \"{}\";\n  font-style: {};\n  font-weight: {};\n  src: url(\"../fonts/{name}\");\n}}\n\n",
            font.family.replace(['"', '\\'], ""),
            if font.italic { "italic" } else { "normal" },
            font.weight,
        );
        out.push(Resource {
            href: format!("fonts/{name}"),
            id: format!("font-{}", i + 1),
            media_type,
            properties: "",
            bytes: font.bytes.clone(),
        });
    }
    css.push_str(EPUB_CSS);
    out.insert(
        0,
        Resource {
            href: CSS_FILE.into(),
            id: "css".into(),
            media_type: "text/css",
            properties: "",
            bytes: css.into_bytes().into(),
        },
    );
    Ok(out)
}

/// The core media type of a font file, from its extension.
fn font_media_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => return None,
    })
}
