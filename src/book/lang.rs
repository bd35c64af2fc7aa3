//! The language a piece of text follows, read once from its BCP 47 tag (`fr`, `fr-FR`, `en-GB`,
//! `ar`…): French typography and hyphenation, English typography (no hyphenation: the English
//! patterns are not compiled in), or anything else, left as written. The guide's language, the
//! contents' title, the cover's date, the back cover's labels, the EPUB's labels, typography and
//! hyphenation all read a tag through [`Lang::from_tag`], so that they agree.

/// The language whose rules a piece of text follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// French: French typography, hyphenated with French patterns.
    #[default]
    French,
    /// English: English typography, not hyphenated.
    English,
    /// Any other language: left as written, not hyphenated.
    Other,
}

impl Lang {
    /// The language of a BCP 47 tag, by its primary subtag in any case (`fr`, `FR-be`,
    /// `en_GB`); `default` for an empty tag.
    pub fn from_tag(tag: &str, default: Lang) -> Lang {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "" => default,
            "fr" => Lang::French,
            "en" => Lang::English,
            _ => Lang::Other,
        }
    }

    /// Whether the guide whose tag is `tag` is French (an empty tag is: livret's default).
    pub fn is_french(tag: &str) -> bool {
        Lang::from_tag(tag, Lang::French) == Lang::French
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_read_by_its_primary_subtag() {
        assert_eq!(Lang::from_tag("fr-FR", Lang::Other), Lang::French);
        assert_eq!(Lang::from_tag("FR", Lang::Other), Lang::French);
        assert_eq!(Lang::from_tag("en_GB", Lang::French), Lang::English);
        assert_eq!(Lang::from_tag("ar", Lang::French), Lang::Other);
        assert_eq!(Lang::from_tag(" ", Lang::English), Lang::English);
        assert!(Lang::is_french("") && Lang::is_french("fr-BE") && !Lang::is_french("en"));
    }
}
