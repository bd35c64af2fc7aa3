//! The edition date: a day of the calendar, settled once by `load` (from the configuration's
//! `date:`, else `SOURCE_DATE_EPOCH`) and read as such by the cover, the PDF's metadata and the
//! EPUB's package. Only real days exist: `2026-02-30` is refused where it is written.

use std::fmt;

/// A day of the (proleptic Gregorian) calendar, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EditionDate {
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31, within the month's length.
    pub day: u8,
}

/// Why a `date:` is not an edition date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not written `YYYY-MM-DD`.
    Form,
    /// Written so, but no such day (`2026-02-30`, `2026-13-01`).
    NoSuchDay,
}

impl EditionDate {
    /// The date written when a guide has none (PDF/A and EPUB both need one): 1980-01-01, the
    /// first day a zip entry can carry, and plainly not an edition's. Never printed.
    pub const UNDATED: EditionDate = EditionDate {
        year: 1980,
        month: 1,
        day: 1,
    };

    /// `YYYY-MM-DD` (surrounding spaces ignored), a day that exists.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let [y, m, d] = parts.as_slice() else {
            return Err(DateError::Form);
        };
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(DateError::Form);
        }
        let (year, month, day): (u16, u8, u8) = (
            y.parse().map_err(|_| DateError::Form)?,
            m.parse().map_err(|_| DateError::Form)?,
            d.parse().map_err(|_| DateError::Form)?,
        );
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay);
        }
        Ok(EditionDate { year, month, day })
    }

    /// The UTC day of the Unix time `seconds`, and the time of day (hours, minutes, seconds).
    /// Years outside 0–9999 are clamped to the first or last day of that range.
    pub fn from_unix(seconds: i64) -> (Self, (u8, u8, u8)) {
        let (y, month, day) = civil_from_days(seconds.div_euclid(86_400));
        let rest = seconds.rem_euclid(86_400);
        let time = (
            (rest / 3600) as u8,
            (rest % 3600 / 60) as u8,
            (rest % 60) as u8,
        );
        let date = match u16::try_from(y) {
            Ok(year) if year <= 9999 => EditionDate { year, month, day },
            _ if y < 0 => EditionDate {
                year: 0,
                month: 1,
                day: 1,
            },
            _ => EditionDate {
                year: 9999,
                month: 12,
                day: 31,
            },
        };
        (date, time)
    }

    /// The date as a reader of the guide's language writes it: `28 novembre 2026` in French
    /// (`1er` for the first of the month), `YYYY-MM-DD` in other languages.
    pub fn long(&self, lang: &str) -> String {
        const MONTHS: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        if !super::lang::Lang::is_french(lang) {
            return self.to_string();
        }
        let day = if self.day == 1 {
            "1er".to_string()
        } else {
            self.day.to_string()
        };
        format!("{day} {} {}", MONTHS[self.month as usize - 1], self.year)
    }
}

/// `YYYY-MM-DD`.
impl fmt::Display for EditionDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Year, month and day of the day `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> EditionDate {
        EditionDate::parse(text).unwrap()
    }

    #[test]
    fn only_real_days_are_dates() {
        assert_eq!(day(" 2026-11-28 ").to_string(), "2026-11-28");
        assert_eq!(day("2024-02-29").day, 29);
        assert_eq!(EditionDate::parse("2026-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(EditionDate::parse("2026-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(EditionDate::parse("1900-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(EditionDate::parse("2026-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(EditionDate::parse("2026-04-31"), Err(DateError::NoSuchDay));
        for bad in [
            "28/11/2026",
            "2026-1-28",
            "2026-11-28-1",
            "",
            "2026-11-2x",
            "+026-11-28",
        ] {
            assert_eq!(EditionDate::parse(bad), Err(DateError::Form), "{bad}");
        }
    }

    #[test]
    fn unix_times_are_utc_days() {
        assert_eq!(EditionDate::from_unix(0), (day("1970-01-01"), (0, 0, 0)));
        assert_eq!(
            EditionDate::from_unix(1_764_288_000 + 3_723),
            (day("2025-11-28"), (1, 2, 3))
        );
        assert_eq!(EditionDate::from_unix(951_782_400).0, day("2000-02-29"));
        assert_eq!(EditionDate::from_unix(-1).0, day("1969-12-31"));
        assert_eq!(EditionDate::from_unix(i64::MAX / 2).0, day("9999-12-31"));
    }

    #[test]
    fn french_dates_are_written_out() {
        assert_eq!(day("2026-11-28").long("fr"), "28 novembre 2026");
        assert_eq!(day("2026-08-01").long("fr-FR"), "1er août 2026");
        assert_eq!(day("2026-11-28").long("en"), "2026-11-28");
    }
}
