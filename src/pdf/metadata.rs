//! Document metadata (title, author, language, date) and the wording of export errors.
//!
//! The creation date is the edition date (`BookMeta::date`: the configuration's, else the day
//! of `SOURCE_DATE_EPOCH`, settled by `load`), else 1980-01-01 (`BookMeta::shown_date`, as the
//! EPUB): never the clock,
//! so that two builds give the same bytes. PDF/A needs a date, so there is always one.

use krilla::configure::ValidationError;
use krilla::error::KrillaError;
use krilla::metadata::{DateTime, Metadata};

use crate::book::BookMeta;

/// The metadata of the PDF.
pub(crate) fn metadata(meta: &BookMeta) -> Metadata {
    let mut m = Metadata::new()
        .title(meta.shown_title().to_string())
        .language(language(&meta.lang))
        .creator("livret".into())
        .producer("livret (krilla)".into())
        .creation_date(date(meta));
    if let Some(subtitle) = &meta.subtitle {
        m = m.description(subtitle.clone());
    }
    if let Some(author) = meta.author.as_ref().or(meta.publisher.as_ref()) {
        m = m.authors(vec![author.clone()]);
    }
    m
}

/// The BCP 47 language written in the catalog and on the tag tree (`fr` becomes `fr-FR`).
pub(crate) fn language(lang: &str) -> String {
    match lang.trim() {
        "" | "fr" => "fr-FR".into(),
        "en" => "en-GB".into(),
        other => other.into(),
    }
}

/// The creation date: the book's edition date, else [`EditionDate::UNDATED`], as the EPUB.
///
/// [`EditionDate::UNDATED`]: crate::book::date::EditionDate::UNDATED
pub(crate) fn date(meta: &BookMeta) -> DateTime {
    let d = meta.shown_date();
    DateTime::new(d.year).month(d.month).day(d.day)
}

/// One lowercase cause a line for an export error.
pub(crate) fn explain(e: &KrillaError) -> Vec<String> {
    match e {
        KrillaError::Validation(errors) => errors
            .iter()
            .map(|(v, _)| match v {
                ValidationError::ContainsNotDefGlyph(_, _, text) => {
                    format!("no font has a glyph for `{text}` (pdf/a forbids .notdef)")
                }
                ValidationError::MissingAltText(_) => "an image has no alternative text".into(),
                ValidationError::MissingAnnotationAltText(_) => "a link has no description".into(),
                ValidationError::MissingHeadingTitle => "a heading has no title".into(),
                ValidationError::NoDocumentTitle => "the guide has no title".into(),
                ValidationError::MissingDocumentOutline => "the pdf has no outline".into(),
                ValidationError::UnicodePrivateArea(_, _, c, _) => format!(
                    "character U+{:04X} is in the private use area (pdf/a-2a)",
                    u32::from(*c)
                ),
                ValidationError::TooLongString => "a text, link address or alternative text \
                    is longer than 32,767 bytes, the most pdf/a allows in one string: shorten it"
                    .into(),
                other => format!("pdf/ua-1 or pdf/a-2a validation: {other:?}"),
            })
            .collect(),
        other => vec![other.to_string().to_lowercase()],
    }
}
