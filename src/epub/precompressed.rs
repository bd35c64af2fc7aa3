//! The guide's fonts, deflated once at compile time (`build.rs`), copied into the zip as they are.
//!
//! Deflating 4.6 MB of TrueType at level 9 took most of an EPUB build. The build script writes
//! every `fonts/*.ttf` into a zip under its EPUB name; [`entry`] finds the one a resource is,
//! checking that the bytes are the same (size and CRC-32), so a font from elsewhere or a changed
//! file is simply compressed as before.

use std::io::Cursor;

use zip::read::ZipFile;
use zip::{CompressionMethod, ZipArchive};

/// The fonts' zip, as `build.rs` wrote it.
static FONTS_ZIP: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fonts.zip"));

/// The compiled-in fonts.
pub(super) struct Precompressed {
    archive: Option<ZipArchive<Cursor<&'static [u8]>>>,
}

impl Precompressed {
    /// Opens the compiled-in zip (none if it does not read: everything is then compressed).
    pub(super) fn open() -> Self {
        Precompressed {
            archive: ZipArchive::new(Cursor::new(FONTS_ZIP)).ok(),
        }
    }

    /// The deflated entry for `name` (its path in the EPUB), if there is one with exactly
    /// these bytes.
    pub(super) fn entry(
        &mut self,
        name: &str,
        bytes: &[u8],
    ) -> Option<ZipFile<'_, Cursor<&'static [u8]>>> {
        let archive = self.archive.as_mut()?;
        let file = archive.by_name_raw(name.as_bytes()).ok()?;
        let same = file.compression() == CompressionMethod::Deflated
            && file.size() == bytes.len() as u64
            && file.crc32() == crc32fast::hash(bytes);
        same.then_some(file)
    }
}
