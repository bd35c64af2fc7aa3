//! The largest input a build accepts: page and front matter sizes, YAML expansion, nesting,
//! table width, image file size and pixels. Every limit has a name, which the configuration's
//! `limits:` map uses and which every message about a crossed limit quotes.
//!
//! The defaults are far above what a real guide needs (the beta.gouv.fr pages are under 40 KB,
//! their front matter a few lines, their images a few megapixels) and far below what would make a
//! build take more than a few seconds or a gigabyte of memory on hostile input.

use std::fmt;

/// What a build accepts. `Limits::default()` is what applies when the configuration says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest page file, in bytes: 5 MB, about 2,500 printed pages of text. A larger page is
    /// not read at all (an error).
    pub max_page_bytes: u64,
    /// Largest front matter, in bytes: 100 KB, a thousand times a real one. Over it, an error.
    pub max_front_matter_bytes: u64,
    /// Most values a YAML document (front matter, the site's `_config.yml`) may hold once its
    /// aliases are expanded: 10,000. An anchor repeated by aliases counts every copy, so a
    /// "billion laughs" is refused after a few thousand steps instead of filling the memory.
    /// The guide configuration itself is always read within the default.
    pub max_yaml_nodes: usize,
    /// Deepest nesting of blocks and inline elements (block quotes, lists, HTML elements)
    /// followed: 64. Deeper content is kept as plain text, with a warning, so that no later stage
    /// (they walk the tree recursively) ever sees a deeper tree.
    pub max_nesting: usize,
    /// Most columns a table may have: 50, under 9 points each on an A4 page already. A wider
    /// table is an error: no page could show it.
    pub max_table_columns: usize,
    /// Largest image file, in bytes: 50 MB. Over it, the image is not read (an error).
    pub max_image_bytes: u64,
    /// Most pixels an image may declare (width × height, read from its header before anything
    /// is decoded): 50 megapixels, 200 MB once decoded. Over it, an error.
    pub max_image_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_page_bytes: 5_000_000,
            max_front_matter_bytes: 100_000,
            max_yaml_nodes: 10_000,
            max_nesting: 64,
            max_table_columns: 50,
            max_image_bytes: 50_000_000,
            max_image_pixels: 50_000_000,
        }
    }
}

/// The highest `max_nesting` the configuration may set: the later stages walk the tree
/// recursively, and a thousand levels keep them far inside the main thread's stack.
pub const NESTING_CEILING: usize = 1000;

/// One of the limits, named as the configuration's `limits:` map and the messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    PageBytes,
    FrontMatterBytes,
    YamlNodes,
    Nesting,
    TableColumns,
    ImageBytes,
    ImagePixels,
}

impl Limit {
    /// Every limit, in the order the documentation lists them.
    pub const ALL: [Limit; 7] = [
        Limit::PageBytes,
        Limit::FrontMatterBytes,
        Limit::YamlNodes,
        Limit::Nesting,
        Limit::TableColumns,
        Limit::ImageBytes,
        Limit::ImagePixels,
    ];

    /// Its name in the configuration: `max_page_bytes`…
    pub fn name(self) -> &'static str {
        match self {
            Limit::PageBytes => "max_page_bytes",
            Limit::FrontMatterBytes => "max_front_matter_bytes",
            Limit::YamlNodes => "max_yaml_nodes",
            Limit::Nesting => "max_nesting",
            Limit::TableColumns => "max_table_columns",
            Limit::ImageBytes => "max_image_bytes",
            Limit::ImagePixels => "max_image_pixels",
        }
    }

    /// The limit the configuration names `name`, if any.
    pub fn from_name(name: &str) -> Option<Limit> {
        Limit::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl Limits {
    /// Sets `limit` to `value` (saturated to the machine's word for counts).
    pub fn set(&mut self, limit: Limit, value: u64) {
        let size = usize::try_from(value).unwrap_or(usize::MAX);
        match limit {
            Limit::PageBytes => self.max_page_bytes = value,
            Limit::FrontMatterBytes => self.max_front_matter_bytes = value,
            Limit::YamlNodes => self.max_yaml_nodes = size,
            Limit::Nesting => self.max_nesting = size,
            Limit::TableColumns => self.max_table_columns = size,
            Limit::ImageBytes => self.max_image_bytes = value,
            Limit::ImagePixels => self.max_image_pixels = value,
        }
    }
}

/// The hint every crossed-limit message carries: how to raise `limit`.
pub fn raise_hint(limit: Limit) -> String {
    let name = limit.name();
    format!("raise it in the configuration: `limits:` then `  {name}: <value>`")
}

/// A size in bytes the way messages show it: `20.0 MB`, `512.0 KB`, `300 bytes` (SI units,
/// as the defaults are written).
pub struct Bytes(pub u64);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        if n >= 1_000_000 {
            write!(f, "{:.1} MB", n as f64 / 1e6)
        } else if n >= 1_000 {
            write!(f, "{:.1} KB", n as f64 / 1e3)
        } else {
            write!(f, "{n} bytes")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_can_be_set() {
        let mut limits = Limits::default();
        for (i, limit) in Limit::ALL.into_iter().enumerate() {
            assert_eq!(Limit::from_name(limit.name()), Some(limit));
            limits.set(limit, i as u64 + 1);
        }
        assert_eq!(limits.max_page_bytes, 1);
        assert_eq!(limits.max_image_pixels, Limit::ALL.len() as u64);
        assert_eq!(Limit::from_name("max_pages"), None);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(Bytes(20_000_000).to_string(), "20.0 MB");
        assert_eq!(Bytes(5_000_000).to_string(), "5.0 MB");
        assert_eq!(Bytes(1_048_600).to_string(), "1.0 MB");
        assert_eq!(Bytes(100_000).to_string(), "100.0 KB");
        assert_eq!(Bytes(999).to_string(), "999 bytes");
    }
}
