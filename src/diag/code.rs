//! The stable code of every diagnostic (`broken-link`, `liquid-removed`…): one table, here.
//!
//! A code names a kind of problem, not a message: messages may be reworded, codes stay, so that
//! `allow:` lists in configurations and CI filters keep working. A new diagnostic takes an
//! existing code when it is the same kind of problem, else a new row below and a row in the
//! README's table (`tests/workflow.rs` checks that both lists are the same).

/// Declares [`Code`], its names and its meanings from one table.
macro_rules! codes {
    ($($variant:ident => $name:literal, $meaning:literal;)*) => {
        /// The stable name of a kind of diagnostic, printed with it (`error[broken-link]`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(#[doc = $meaning] $variant,)*
        }

        impl Code {
            /// Every code, in the table's order.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code as printed and as `allow:` names it (`broken-link`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// What the code means, one sentence (the README's table says the same).
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }
        }
    };
}

codes! {
    ConfigMissing => "config-missing", "the configuration file is not there (`--config`, or `content/livret.yaml` by default)";
    ConfigInvalid => "config-invalid", "the configuration cannot be read or has a wrong key or value";
    SiteMissing => "site-missing", "the site folder is not there";
    SiteConfigInvalid => "site-config-invalid", "the site's `_config.yml` cannot be read";
    StyleInvalid => "style-invalid", "the PDF style file cannot be read or has a wrong value";
    NoPage => "no-page", "the guide has no page";
    PageMissing => "page-missing", "a page the configuration lists is not in the site";
    PageRefused => "page-refused", "a listed path is outside the site folder, or not a markdown or HTML page";
    PageListedTwice => "page-listed-twice", "the configuration lists a page twice";
    PageUnpublished => "page-unpublished", "a listed page is not published by Jekyll (`published: false`, no front matter)";
    PageUnreadable => "page-unreadable", "a page cannot be read as text (not UTF-8, binary)";
    PageEmpty => "page-empty", "a listed page has no text (its layout makes it)";
    PageLeftOut => "page-left-out", "a page without text (its layout makes it) is left out of a guide taken from the site or a navigation";
    DuplicateUrl => "duplicate-url", "two pages have the same URL: the site serves only one";
    FrontMatterInvalid => "front-matter-invalid", "a page's front matter is not closed, not YAML or not a map";
    Symlink => "symlink", "a symlink leads nowhere or into a loop";
    NavMissing => "nav-missing", "the `nav:` include is not there or leads to no page";
    NavLinkBroken => "nav-link-broken", "a link of the `nav:` include matches no page of the site";
    NavLinkSkipped => "nav-link-skipped", "a link of the `nav:` include leads outside the site or to a file: no chapter";
    LimitExceeded => "limit-exceeded", "an input is over one of the `limits:`";
    LiquidRemoved => "liquid-removed", "a Liquid tag or output livret does not render is removed";
    LiquidFilterIgnored => "liquid-filter-ignored", "a Liquid filter livret does not know is ignored";
    LiquidUnclosed => "liquid-unclosed", "a Liquid tag, output, `raw` or `comment` is not closed";
    LiquidLinkBroken => "liquid-link-broken", "a `{% link %}` tag names no published page";
    AttributeListIgnored => "attribute-list-ignored", "a kramdown attribute list livret cannot apply is removed";
    HtmlUnclosed => "html-unclosed", "an HTML block has no end tag";
    BrokenLink => "broken-link", "a link matches no page of the guide or the site";
    BrokenAnchor => "broken-anchor", "a link's `#anchor` matches no heading or id of its page";
    MisspeltScheme => "misspelt-scheme", "a link's scheme is misspelt (`ttps://`)";
    LinkNoTarget => "link-no-target", "a link has no target (`[text]()`, `#`)";
    LinkNoText => "link-no-text", "a link shows nothing (`[](url)`): left out";
    LinkUnchecked => "link-unchecked", "a link to the site matches no page of its folder: kept as a web link";
    ImageMissing => "image-missing", "an image file is not there, or has no `src`";
    ImageRefused => "image-refused", "an image is outside the site folder, has an unsupported scheme or refers to other files";
    ImageRemote => "image-remote", "a remote or inline (`data:`) image is not fetched: its alt text is kept";
    ImageCorrupt => "image-corrupt", "an image file cannot be decoded";
    ImageMislabelled => "image-mislabelled", "an image's bytes are not what its name says";
    ImageNotDrawn => "image-not-drawn", "the PDF could not draw an image";
    ImageNoAlt => "image-no-alt", "an image has no alternative text: tagged as decorative";
    GlyphMissing => "glyph-missing", "no font of the guide has a character: missing from the PDF";
    WriteFailed => "write-failed", "an output could not be made or written";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Code {
    /// The code named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_lowercase_words() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        for name in &names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        assert_eq!(Code::from_name("broken-link"), Some(Code::BrokenLink));
        assert_eq!(Code::from_name("broken-links"), None);
    }
}
