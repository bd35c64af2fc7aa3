//! Font expansion (pdfTeX's `\adjustspacing`, Hàn Thế Thành's *hz*-like extension): a justified
//! line's glyphs may be set up to [`MAX_EXPANSION`] wider or narrower, so that its word spaces
//! stretch and shrink less.
//!
//! The line breaker counts a line's boxes times [`MAX_EXPANSION`] as extra stretch and shrink
//! (pdfTeX's `\adjustspacing=2`: expansion takes part in the choice of breaks, so a break that
//! would leave wide spaces becomes a break with slightly wider letters and less wide spaces).
//! Once the breaks are chosen, a line set at adjustment ratio `r` gets its glyphs scaled by
//! `r × MAX_EXPANSION` (clamped to the limit) rounded to a multiple of [`EXPANSION_STEP`], as
//! pdfTeX rounds to its font instances' step; its spaces then take up what is left of the
//! measure exactly. In the PDF the scale is a horizontal transform around the line's runs:
//! the glyphs and the text are those of the unscaled line, so text extraction is unchanged.
//!
//! Limits, from pdfTeX and microtype's defaults: microtype's `stretch` and `shrink` default to
//! 20 (2 %) and `step` to a fifth of the smaller, 4 (0.4 %); a scale of 2 % is at the limit of
//! what a reader notices between neighbouring lines of a serif text face, and a step of 0.4 %
//! keeps two lines side by side from differing by less than a perceptible amount for nothing.
//! Where this departs from pdfTeX: every glyph of the line expands by the same share (microtype
//! gives some letters — `i`, `l`, punctuation — smaller factors; we do not, as our scale is one
//! transform for the line, not a font instance per factor); the line's own first-line indent,
//! inline images and spaces are not scaled; only justified paragraphs are expanded (as
//! pdfTeX, whose ragged lines have no stretch to replace).

/// The largest share by which a line's glyphs are widened or narrowed: 2 % (microtype's
/// default `stretch=20, shrink=20`).
pub const MAX_EXPANSION: f32 = 0.02;
/// Expansion is a multiple of this share: 0.4 % (microtype's default `step`, a fifth of the
/// limit).
pub const EXPANSION_STEP: f32 = 0.004;

/// The glyph scale (1 + e) of a line set at adjustment ratio `ratio` with `limit` expansion.
pub fn scale_for(ratio: f32, limit: f32) -> f32 {
    if limit <= 0.0 || !ratio.is_finite() {
        return 1.0;
    }
    let e = (ratio * limit).clamp(-limit, limit);
    1.0 + (e / EXPANSION_STEP).round() * EXPANSION_STEP
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_follows_the_ratio_in_steps_within_the_limit() {
        assert_eq!(scale_for(0.0, MAX_EXPANSION), 1.0);
        assert!((scale_for(1.0, MAX_EXPANSION) - 1.02).abs() < 1e-6);
        assert!((scale_for(5.0, MAX_EXPANSION) - 1.02).abs() < 1e-6);
        assert!((scale_for(-3.0, MAX_EXPANSION) - 0.98).abs() < 1e-6);
        assert!((scale_for(0.6, MAX_EXPANSION) - 1.012).abs() < 1e-6);
        assert_eq!(scale_for(0.7, 0.0), 1.0);
        assert_eq!(scale_for(f32::INFINITY, MAX_EXPANSION), 1.0);
    }
}
