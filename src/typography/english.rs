//! English rules: curly quotes and apostrophes only — no space is ever added before punctuation.
//!
//! Used for `lang="en"` spans in a French book, and for a whole book whose language is English.
//! Straight double quotes become `“ ”`, a straight single quote opening a quotation becomes `‘`,
//! every other one `’` (apostrophes and closing quotes); `...` becomes `…` (see
//! [`super::quotes`], which decides opening and closing).

/// `“`, for an opening `"`.
pub const OPEN_DOUBLE: char = '\u{201c}';
/// `”`, for a closing `"`.
pub const CLOSE_DOUBLE: char = '\u{201d}';
/// `‘`, for a `'` opening a quotation.
pub const OPEN_SINGLE: char = '\u{2018}';
/// `’`, the apostrophe (also the closing single quote, and every `'` in French text).
pub const APOSTROPHE: char = '\u{2019}';
