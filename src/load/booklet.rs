//! The `booklet:` key of the configuration: the folded A5 booklet and the print-shop file.

use std::path::Path;

use super::yaml::{Node, Yaml};
use crate::diag::{Diagnostic, Diagnostics};

const MM: f32 = 72.0 / 25.4;

/// The bleed of `--print-shop` when the configuration gives none: 3 mm, what print shops ask.
pub const PRINT_SHOP_BLEED: f32 = 3.0 * MM;

/// The keys `booklet:` may have.
pub const KEYS: &[&str] = &["creep", "sheets_per_signature", "bleed", "marks"];

/// What `booklet:` asks for; lengths in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Booklet {
    /// Paper thickness: each sheet's pages move this much more towards the spine than the
    /// sheet around them (creep correction). 0: none.
    pub creep: f32,
    /// Sheets folded together in one gathering; `None`: the whole booklet is one.
    pub sheets_per_signature: Option<usize>,
    /// Bleed around each page of the print-shop file; `None`: no print-shop file.
    pub bleed: Option<f32>,
    /// Crop marks on the print-shop file.
    pub marks: bool,
}

impl Booklet {
    /// Whether the print-shop file is asked for (a bleed or crop marks).
    pub fn print_shop(&self) -> bool {
        self.bleed.is_some() || self.marks
    }
}

/// A length written as `0.1mm`, `3 mm`, `2pt` or a bare number of millimetres; in points.
pub fn length(text: &str) -> Option<f32> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| c.is_ascii_alphabetic()) {
        Some(at) => (text[..at].trim(), text[at..].trim()),
        None => (text, "mm"),
    };
    let value: f32 = number.parse().ok().filter(|v: &f32| v.is_finite())?;
    if value < 0.0 {
        return None;
    }
    match unit {
        "mm" => Some(value * MM),
        "cm" => Some(value * 10.0 * MM),
        "pt" => Some(value),
        "in" => Some(value * 72.0),
        _ => None,
    }
}

/// Reads `booklet:`: `true` (the booklet, with no creep correction), `false` (none) or a map
/// of the keys above (the booklet with those settings). `None` when there is no booklet.
pub fn read(node: &Node, file: &Path, diags: &mut Diagnostics) -> Option<Booklet> {
    let example = "for example `booklet:` then `  creep: 0.1mm`";
    let entries = super::switch::switch_or_map(node, "booklet", example, file, diags)?;
    let mut booklet = Booklet::default();
    for (key, value) in entries {
        let name = key.scalar().unwrap_or_else(|| key.value.to_string());
        let error = |message: String| {
            Diagnostic::error(
                crate::diag::Code::ConfigInvalid,
                file,
                value.line,
                value.col,
                message,
            )
        };
        let as_length = |diags: &mut Diagnostics| {
            let parsed = value.scalar().as_deref().and_then(length);
            if parsed.is_none() {
                diags.push(
                    error(format!(
                        "`booklet: {name}` must be a length, like `0.1mm`, not {}",
                        value.kind()
                    ))
                    .with_hint("a number of `mm`, `cm`, `pt` or `in`; a bare number is in mm"),
                );
            }
            parsed
        };
        match name.as_str() {
            "creep" => booklet.creep = as_length(diags).unwrap_or(0.0),
            "bleed" => booklet.bleed = as_length(diags),
            "sheets_per_signature" => match value.value {
                Yaml::Int(n) if n > 0 => booklet.sheets_per_signature = Some(n as usize),
                _ => diags.push(error(format!(
                    "`booklet: sheets_per_signature` must be a whole number above 0, not {}",
                    value.kind()
                ))),
            },
            "marks" => match value.value {
                Yaml::Bool(b) => booklet.marks = b,
                _ => diags.push(error(format!(
                    "`booklet: marks` must be `true` or `false`, not {}",
                    value.kind()
                ))),
            },
            _ => {
                let mut d = Diagnostic::error(
                    crate::diag::Code::ConfigInvalid,
                    file,
                    key.line,
                    key.col,
                    format!("unknown key `{name}` under `booklet`"),
                );
                d = match super::suggest(&name, KEYS.iter().copied()) {
                    Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                    None => d.with_hint(format!("known keys: {}", KEYS.join(", "))),
                };
                diags.push(d);
            }
        }
    }
    Some(booklet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    fn read_text(text: &str) -> (Option<Booklet>, String) {
        let node = yaml::parse(text).unwrap();
        let Yaml::Map(entries) = &node.value else {
            panic!("a map")
        };
        let mut diags = Diagnostics::new();
        let b = read(&entries[0].1, Path::new("livret.yaml"), &mut diags);
        (b, diags.render())
    }

    #[test]
    fn lengths_in_millimetres_by_default() {
        assert!((length("0.1mm").unwrap() - 0.2835).abs() < 1e-3);
        assert!((length("3 mm").unwrap() - 8.504).abs() < 1e-3);
        assert_eq!(length("2pt"), Some(2.0));
        assert!((length("1").unwrap() - MM).abs() < 1e-4);
        assert_eq!(length("-1mm"), None);
        assert_eq!(length("1furlong"), None);
        assert_eq!(length("mm"), None);
    }

    #[test]
    fn true_map_and_errors() {
        assert_eq!(read_text("booklet: true\n").0, Some(Booklet::default()));
        assert_eq!(read_text("booklet: false\n").0, None);
        let (b, d) = read_text(
            "booklet:\n  creep: 0.1mm\n  sheets_per_signature: 4\n  bleed: 3mm\n  marks: true\n",
        );
        let b = b.unwrap();
        assert!(
            (b.creep - 0.2835).abs() < 1e-3 && b.print_shop() && b.marks,
            "{d}"
        );
        assert_eq!(b.sheets_per_signature, Some(4));
        let (_, d) = read_text("booklet:\n  crep: 1mm\n  sheets_per_signature: 0\n");
        assert!(d.contains("unknown key `crep` under `booklet`"), "{d}");
        assert!(d.contains("did you mean `creep`?"), "{d}");
        assert!(d.contains("must be a whole number above 0"), "{d}");
        let (_, d) = read_text("booklet: 3\n");
        assert!(
            d.contains("`booklet` must be `true`, `false` or a map"),
            "{d}"
        );
    }
}
