//! Document metadata (title, author, language, date) and the wording of export errors.
//!
//! The creation date is the edition date (`BookMeta::date`), else `SOURCE_DATE_EPOCH`, else
//! [`FALLBACK_YEAR`]-01-01: never the clock, so that two builds give the same bytes. PDF/A
//! needs a date, so there is always one.

use krilla::configure::ValidationError;
use krilla::error::KrillaError;
use krilla::metadata::{DateTime, Metadata};

use crate::doc::BookMeta;

/// The year written when neither the configuration nor `SOURCE_DATE_EPOCH` gives a date.
pub const FALLBACK_YEAR: u16 = 2026;

/// The metadata of the PDF.
pub(crate) fn metadata(meta: &BookMeta) -> Metadata {
    let title = if meta.title.trim().is_empty() {
        "Guide".to_string()
    } else {
        meta.title.clone()
    };
    let mut m = Metadata::new()
        .title(title)
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

/// The creation date: `YYYY-MM-DD` from the book, else `SOURCE_DATE_EPOCH`, else a fixed year.
pub(crate) fn date(meta: &BookMeta) -> DateTime {
    if let Some((y, m, d)) = meta.date.as_deref().and_then(parse_ymd) {
        return DateTime::new(y).month(m).day(d);
    }
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
        let rem = secs.rem_euclid(86_400);
        return DateTime::new(y)
            .month(m)
            .day(d)
            .hour((rem / 3600) as u8)
            .minute((rem % 3600 / 60) as u8)
            .second((rem % 60) as u8)
            .utc_offset_hour(0);
    }
    DateTime::new(FALLBACK_YEAR).month(1).day(1)
}

fn parse_ymd(s: &str) -> Option<(u16, u8, u8)> {
    let mut parts = s.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.get(..2)?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (u16, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (y.clamp(0, 9999) as u16, m as u8, d as u8)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_days_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(parse_ymd("2026-11-28"), Some((2026, 11, 28)));
        assert_eq!(parse_ymd("2026-13-01"), None);
    }
}
