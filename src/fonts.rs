//! The fonts livret embeds: a registry of faces, their licences, and the fallback chain.
//!
//! Every face is compiled into the binary (`include_bytes!`) so a guide is set the same on every
//! machine. The PDF renderer hands a face's bytes to krilla, which subsets them; the EPUB renderer
//! may ship them whole. Text is set in a *primary* face chosen by [`Family`], weight and slant;
//! a character that face lacks is looked up along [`fallback_chain`], which ends in faces picked
//! for coverage (DejaVu Sans, Noto Sans Symbols and Symbols 2, Noto Naskh Arabic, Noto Sans JP,
//! monochrome Noto Emoji), so French prose, the symbols of the real pages and a sentence in
//! Arabic or Japanese never fall on a missing-glyph box.
//! `fonts/README.md` says where each file comes from.

use std::sync::OnceLock;

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// The three families a span can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Family {
    /// The text face (Charis SIL): body text.
    #[default]
    Serif,
    /// The sans face (Noto Sans): headings.
    Sans,
    /// The monospace face (Noto Sans Mono): code.
    Mono,
}

/// What a face is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// One style of a family a span can ask for.
    Primary(Family),
    /// Only used for characters the primary face lacks.
    Fallback,
}

/// An index into [`FACES`]; what glyph runs carry to name their font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u16);

/// One embedded font file and what is known about it.
#[derive(Debug)]
pub struct Face {
    /// The family name, as the font's name table gives it.
    pub family_name: &'static str,
    /// The file under `fonts/`.
    pub file: &'static str,
    /// The whole font file.
    pub data: &'static [u8],
    /// What the face is used for.
    pub role: Role,
    /// Bold (weight 700) rather than regular (400).
    pub bold: bool,
    /// Italic rather than upright.
    pub italic: bool,
    /// The CSS weight (400 or 700).
    pub weight: u16,
    /// The licence's SPDX name.
    pub licence: &'static str,
    /// The licence text under `fonts/`.
    pub licence_file: &'static str,
}

macro_rules! face {
    ($family:expr, $file:literal, $role:expr, $bold:expr, $italic:expr, $licence:literal, $licence_file:literal) => {
        Face {
            family_name: $family,
            file: $file,
            data: include_bytes!(concat!("../fonts/", $file)),
            role: $role,
            bold: $bold,
            italic: $italic,
            weight: if $bold { 700 } else { 400 },
            licence: $licence,
            licence_file: $licence_file,
        }
    };
}

const CHARIS: &str = "Charis SIL";
const NOTO_SANS: &str = "Noto Sans";
const NOTO_MONO: &str = "Noto Sans Mono";

/// Every embedded face. The order is part of [`FontId`]'s meaning: append only.
pub static FACES: [Face; 16] = [
    face!(
        CHARIS,
        "CharisSIL-Regular.ttf",
        Role::Primary(Family::Serif),
        false,
        false,
        "OFL-1.1",
        "OFL-CharisSIL.txt"
    ),
    face!(
        CHARIS,
        "CharisSIL-Italic.ttf",
        Role::Primary(Family::Serif),
        false,
        true,
        "OFL-1.1",
        "OFL-CharisSIL.txt"
    ),
    face!(
        CHARIS,
        "CharisSIL-Bold.ttf",
        Role::Primary(Family::Serif),
        true,
        false,
        "OFL-1.1",
        "OFL-CharisSIL.txt"
    ),
    face!(
        CHARIS,
        "CharisSIL-BoldItalic.ttf",
        Role::Primary(Family::Serif),
        true,
        true,
        "OFL-1.1",
        "OFL-CharisSIL.txt"
    ),
    face!(
        NOTO_SANS,
        "NotoSans-Regular.ttf",
        Role::Primary(Family::Sans),
        false,
        false,
        "OFL-1.1",
        "OFL-Noto.txt"
    ),
    face!(
        NOTO_SANS,
        "NotoSans-Italic.ttf",
        Role::Primary(Family::Sans),
        false,
        true,
        "OFL-1.1",
        "OFL-Noto.txt"
    ),
    face!(
        NOTO_SANS,
        "NotoSans-Bold.ttf",
        Role::Primary(Family::Sans),
        true,
        false,
        "OFL-1.1",
        "OFL-Noto.txt"
    ),
    face!(
        NOTO_SANS,
        "NotoSans-BoldItalic.ttf",
        Role::Primary(Family::Sans),
        true,
        true,
        "OFL-1.1",
        "OFL-Noto.txt"
    ),
    face!(
        NOTO_MONO,
        "NotoSansMono-Regular.ttf",
        Role::Primary(Family::Mono),
        false,
        false,
        "OFL-1.1",
        "OFL-Noto.txt"
    ),
    face!(
        NOTO_MONO,
        "NotoSansMono-Bold.ttf",
        Role::Primary(Family::Mono),
        true,
        false,
        "OFL-1.1",
        "OFL-Noto.txt"
    ),
    face!(
        "DejaVu Sans",
        "DejaVuSans.ttf",
        Role::Fallback,
        false,
        false,
        "Bitstream-Vera",
        "LICENSE-DejaVu.txt"
    ),
    face!(
        "Noto Sans Symbols",
        "NotoSansSymbols-Regular.ttf",
        Role::Fallback,
        false,
        false,
        "OFL-1.1",
        "OFL-Noto.txt"
    ),
    face!(
        "Noto Sans Symbols 2",
        "NotoSansSymbols2-Regular.ttf",
        Role::Fallback,
        false,
        false,
        "OFL-1.1",
        "OFL-Noto.txt"
    ),
    face!(
        "Noto Emoji",
        "NotoEmoji-VF.ttf",
        Role::Fallback,
        false,
        false,
        "OFL-1.1",
        "OFL-NotoEmoji.txt"
    ),
    face!(
        "Noto Naskh Arabic",
        "NotoNaskhArabic-Regular.ttf",
        Role::Fallback,
        false,
        false,
        "OFL-1.1",
        "OFL-Noto.txt"
    ),
    face!(
        "Noto Sans JP",
        "NotoSansJP-Regular.otf",
        Role::Fallback,
        false,
        false,
        "OFL-1.1",
        "OFL-NotoSansJP.txt"
    ),
];

/// The fallback faces, in the order they are tried after the primary faces. The script faces
/// (Arabic, Japanese) come after DejaVu Sans and the symbols, which have none of their letters,
/// but before the emoji face, which has none either: the order only matters where faces
/// overlap (punctuation), and there the Latin-looking faces win.
const FALLBACKS: [FontId; 6] = [FontId(10), FontId(11), FontId(12), ARABIC, JAPANESE, EMOJI];

/// The Arabic face (Noto Naskh Arabic): Charis SIL and the other faces have no Arabic letters.
pub const ARABIC: FontId = FontId(14);

/// The Japanese face (Noto Sans JP): kana and the kanji of Japanese.
pub const JAPANESE: FontId = FontId(15);

/// The emoji face (monochrome Noto Emoji), tried first for characters meant as emoji.
pub const EMOJI: FontId = FontId(13);

/// True for characters whose default presentation is emoji (Unicode's `Emoji_Presentation`):
/// everything from U+1F000 on that is a pictograph, and the listed BMP symbols.
pub fn is_emoji_presentation(c: char) -> bool {
    matches!(c,
        '\u{231A}'..='\u{231B}' | '\u{23E9}'..='\u{23EC}' | '\u{23F0}' | '\u{23F3}'
        | '\u{25FD}'..='\u{25FE}' | '\u{2614}'..='\u{2615}' | '\u{2648}'..='\u{2653}'
        | '\u{267F}' | '\u{2693}' | '\u{26A1}' | '\u{26AA}'..='\u{26AB}' | '\u{26BD}'..='\u{26BE}'
        | '\u{26C4}'..='\u{26C5}' | '\u{26CE}' | '\u{26D4}' | '\u{26EA}' | '\u{26F2}'..='\u{26F3}'
        | '\u{26F5}' | '\u{26FA}' | '\u{26FD}' | '\u{2705}' | '\u{270A}'..='\u{270B}' | '\u{2728}'
        | '\u{274C}' | '\u{274E}' | '\u{2753}'..='\u{2755}' | '\u{2757}' | '\u{2795}'..='\u{2797}'
        | '\u{27B0}' | '\u{27BF}' | '\u{2B1B}'..='\u{2B1C}' | '\u{2B50}' | '\u{2B55}'
        | '\u{1F004}' | '\u{1F0CF}' | '\u{1F18E}' | '\u{1F191}'..='\u{1F19A}'
        | '\u{1F200}'..='\u{1F2FF}' | '\u{1F300}'..='\u{1F64F}' | '\u{1F680}'..='\u{1F6FF}'
        | '\u{1F7E0}'..='\u{1F7EB}' | '\u{1F90C}'..='\u{1F9FF}' | '\u{1FA70}'..='\u{1FAFF}')
}

impl FontId {
    /// The face this id names.
    pub fn face(self) -> &'static Face {
        &FACES[usize::from(self.0)]
    }

    /// Every face's id, in registry order.
    pub fn all() -> impl Iterator<Item = FontId> {
        (0..FACES.len() as u16).map(FontId)
    }
}

/// The face of `family` closest to the asked weight and slant (Mono has no italic: upright).
pub fn primary(family: Family, bold: bool, italic: bool) -> FontId {
    let mut best = None;
    for id in FontId::all() {
        let face = id.face();
        if face.role != Role::Primary(family) {
            continue;
        }
        let score = u8::from(face.bold != bold) * 2 + u8::from(face.italic != italic);
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, id));
        }
    }
    // Every family has a regular face, so the search cannot come back empty.
    best.map_or(FontId(0), |(_, id)| id)
}

/// The faces tried, in order, for a character of a span in `family`: the closest style, the
/// family's other styles (a bold italic lacking a character still prefers its own family), then
/// the coverage fallbacks.
pub fn fallback_chain(family: Family, bold: bool, italic: bool) -> Vec<FontId> {
    let first = primary(family, bold, italic);
    let mut chain = vec![first];
    // The upright regular of the family next, then the serif regular for Sans and Mono.
    for id in [
        primary(family, false, false),
        primary(Family::Serif, false, false),
    ] {
        if !chain.contains(&id) {
            chain.push(id);
        }
    }
    chain.extend(FALLBACKS);
    chain
}

/// True when the character is drawn with no glyph of its own: controls, format characters
/// (joiners, variation selectors, soft hyphen) and line or paragraph separators.
pub fn needs_no_glyph(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
        || ('\u{E0100}'..='\u{E01EF}').contains(&c)
        || ('\u{E0000}'..='\u{E007F}').contains(&c)
}

/// A face's parsed tables, kept for the life of the program.
fn font_ref(id: FontId) -> Option<&'static FontRef<'static>> {
    static REFS: OnceLock<Vec<Option<FontRef<'static>>>> = OnceLock::new();
    REFS.get_or_init(|| FACES.iter().map(|f| FontRef::new(f.data).ok()).collect())
        .get(usize::from(id.0))?
        .as_ref()
}

/// A face's character map, made once: finding the `cmap` table and choosing its subtable for
/// every character looked up cost a twentieth of the layout.
fn charmap(id: FontId) -> Option<&'static Charmap<'static>> {
    static MAPS: OnceLock<Vec<Option<Charmap<'static>>>> = OnceLock::new();
    MAPS.get_or_init(|| {
        (0..FACES.len())
            .map(|i| font_ref(FontId(i as u16)).map(|f| f.charmap()))
            .collect()
    })
    .get(usize::from(id.0))?
    .as_ref()
}

/// The nominal glyph of `c` in face `id`, if it has one (glyph 0, `.notdef`, does not count).
pub fn glyph_of(id: FontId, c: char) -> Option<u16> {
    let gid = charmap(id)?.map(c)?;
    let gid = u16::try_from(gid.to_u32()).ok()?;
    (gid != 0).then_some(gid)
}

/// The first face of `chain` with a glyph for `c`.
pub fn font_for_char(chain: &[FontId], c: char) -> Option<FontId> {
    chain.iter().copied().find(|&id| glyph_of(id, c).is_some())
}

/// A face's vertical metrics, as fractions of the em (multiply by the size in points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceMetrics {
    /// Font design units per em.
    pub units_per_em: u16,
    /// Height above the baseline (positive).
    pub ascent: f32,
    /// Depth below the baseline (positive).
    pub descent: f32,
    /// The font's recommended extra line gap.
    pub line_gap: f32,
    /// The height of capitals, when the font says.
    pub cap_height: Option<f32>,
    /// The height of lowercase letters, when the font says.
    pub x_height: Option<f32>,
    /// How far above the baseline a strikeout rule's top edge is (OS/2 `yStrikeoutPosition`),
    /// and how thick the rule is.
    pub strikeout_top: f32,
    pub strikeout_thickness: f32,
}

/// The vertical metrics of face `id`, at its default location.
pub fn metrics(id: FontId) -> FaceMetrics {
    static METRICS: OnceLock<Vec<FaceMetrics>> = OnceLock::new();
    let all = METRICS.get_or_init(|| {
        FontId::all()
            .map(|id| match font_ref(id) {
                Some(font) => {
                    let m = font.metrics(Size::unscaled(), LocationRef::default());
                    let upem = f32::from(m.units_per_em.max(1));
                    FaceMetrics {
                        units_per_em: m.units_per_em,
                        ascent: m.ascent / upem,
                        descent: -m.descent / upem,
                        line_gap: m.leading / upem,
                        cap_height: m.cap_height.map(|v| v / upem),
                        x_height: m.x_height.map(|v| v / upem),
                        // Without an OS/2 table: across the middle of the x-height.
                        strikeout_top: m.strikeout.map_or_else(
                            || m.x_height.map_or(0.28, |x| x / upem / 2.0 + 0.025),
                            |s| s.offset / upem,
                        ),
                        strikeout_thickness: m
                            .strikeout
                            .map_or(0.05, |s| s.thickness / upem)
                            .max(0.02),
                    }
                }
                None => FaceMetrics {
                    units_per_em: 1000,
                    ascent: 0.8,
                    descent: 0.2,
                    line_gap: 0.0,
                    cap_height: None,
                    x_height: None,
                    strikeout_top: 0.28,
                    strikeout_thickness: 0.05,
                },
            })
            .collect()
    });
    all[usize::from(id.0)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// Every file under `dir` whose name ends with one of `exts`.
    fn files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, exts, out);
            } else if exts
                .iter()
                .any(|e| path.extension().is_some_and(|x| x == *e))
            {
                out.push(path);
            }
        }
    }

    /// Characters of `text` that no face of the serif chain (nor the emoji face) can draw.
    fn missing(text: &str) -> Vec<char> {
        let chain = fallback_chain(Family::Serif, false, false);
        let mut out: Vec<char> = text
            .chars()
            .filter(|&c| {
                !needs_no_glyph(c) && !c.is_whitespace() || c == '\u{00A0}' || c == '\u{202F}'
            })
            .filter(|&c| font_for_char(&chain, c).is_none())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn every_face_parses_and_has_metrics() {
        for id in FontId::all() {
            assert!(font_ref(id).is_some(), "{}", id.face().file);
            let m = metrics(id);
            assert!(
                m.ascent > 0.5 && m.descent > 0.0,
                "{}: {m:?}",
                id.face().file
            );
        }
        assert_eq!(
            primary(Family::Mono, true, true).face().file,
            "NotoSansMono-Bold.ttf"
        );
        assert_eq!(
            primary(Family::Serif, false, true).face().file,
            "CharisSIL-Italic.ttf"
        );
    }

    #[test]
    fn french_prose_and_symbols_have_glyphs() {
        let sample = "àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔŒÆ «\u{00A0}»\u{202F}; ’‘“” — – … € ° § № · • → ← ↗ ✓ ✔ ✗ ✅ ✋ 📅 🚀 👉 ⚠ ★ ☐ ☑ ½ × ÷ ≤ ≥ ≠ ± © ® ™ ′ ″";
        assert_eq!(missing(sample), Vec::<char>::new());
        // Emoji go to the emoji face even when a text face has the character.
        assert!(is_emoji_presentation('✅') && glyph_of(EMOJI, '✅').is_some());
    }

    #[test]
    fn every_character_of_the_guide_has_a_glyph() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        files(&root.join("content"), &["md"], &mut paths);
        // The shared corpus sits beside the main repo (`../shared`), or two levels up from a
        // worktree under `wt/`.
        for up in ["../shared", "../../shared"] {
            files(
                &root.join(up).join("corpus/beta-approche"),
                &["md", "html", "yml"],
                &mut paths,
            );
        }
        if paths.is_empty() {
            eprintln!("skipped: neither content/ nor the shared corpus is present");
            return;
        }
        eprintln!("checked {} files", paths.len());
        let mut bad = Vec::new();
        for path in &paths {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            for c in missing(&text) {
                bad.push(format!("{} U+{:04X} {c}", path.display(), u32::from(c)));
            }
        }
        assert!(
            bad.is_empty(),
            "characters without a glyph:\n{}",
            bad.join("\n")
        );
    }
}
