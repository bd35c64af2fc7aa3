//! Diagnostics as values: collected by every stage, printed together at the end.

mod code;
pub mod format;

pub use code::Code;
pub use format::Format;

use std::fmt;
use std::path::{Path, PathBuf};

/// `n` and `word`, plural when `n` is not 1: `1 page`, `2 pages`, `0 errors`, `3 passes`.
pub fn plural(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        _ if word.ends_with('s') => format!("{n} {word}es"),
        _ => format!("{n} {word}s"),
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot go on (or must not write its outputs).
    Error,
    /// Something the author should look at; `--deny-warnings` makes it fatal.
    Warning,
    /// What livret did on its own that the author may want to know (a page left out because
    /// its layout, not its text, makes it); never fatal.
    Note,
}

/// One located message about the input: `file:line:col: severity: message`, plus an optional hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it (relative to the site folder when it is inside it).
    pub file: PathBuf,
    /// 1-based line; 0 when the message is about the whole file.
    pub line: u32,
    /// 1-based column; 0 when unknown.
    pub col: u32,
    pub severity: Severity,
    /// The kind of problem, stable across versions: what `allow:` names.
    pub code: Code,
    /// Lowercase, names in backticks.
    pub message: String,
    /// What to do about it, when we can tell.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error of kind `code` at `file:line:col`.
    pub fn error(
        code: Code,
        file: impl AsRef<Path>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.as_ref().to_path_buf(),
            line,
            col,
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning of kind `code` at `file:line:col`.
    pub fn warning(
        code: Code,
        file: impl AsRef<Path>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, file, line, col, message)
        }
    }

    /// A note of kind `code` at `file:line:col`.
    pub fn note(
        code: Code,
        file: impl AsRef<Path>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Note,
            ..Self::error(code, file, line, col, message)
        }
    }

    /// The same diagnostic with another code (a helper that builds diagnostics of several kinds
    /// gives the common one, its callers the others).
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {severity}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The configuration's `allow:`: kinds of warnings and notes known and accepted, counted but
/// not printed, and not failing `--deny-warnings`. Errors are never allowed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Allow {
    /// A code, and the files it is allowed in (as diagnostics name them); `None`: everywhere.
    rules: Vec<(Code, Option<Vec<PathBuf>>)>,
}

impl Allow {
    /// Allows `code` in `files` (as [`Diagnostic::file`] names them), or everywhere.
    pub fn add(&mut self, code: Code, files: Option<Vec<PathBuf>>) {
        self.rules.push((code, files));
    }

    /// Whether `d` is allowed: a warning or a note whose code is allowed in its file.
    pub fn allows(&self, d: &Diagnostic) -> bool {
        d.severity != Severity::Error
            && self.rules.iter().any(|(code, files)| {
                *code == d.code && files.as_ref().is_none_or(|files| files.contains(&d.file))
            })
    }
}

/// Every diagnostic of a run, in the order found; sorted only when printed.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    allow: Allow,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Adds `other`'s diagnostics that are not here already: what several guides of one run
    /// say about the site they share is said once.
    pub fn extend_new(&mut self, other: Diagnostics) {
        let before = self.items.len();
        for d in other.items {
            if !self.items[..before].contains(&d) {
                self.items.push(d);
            }
        }
    }

    /// Sets what the configuration allows (see [`Allow`]).
    pub fn set_allow(&mut self, allow: Allow) {
        self.allow = allow;
    }

    /// How many diagnostics `allow:` hides.
    pub fn allowed_count(&self) -> usize {
        self.items.iter().filter(|d| self.allow.allows(d)).count()
    }

    /// Warnings `allow:` does not hide: what `--deny-warnings` fails on.
    pub fn unallowed_warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning && !self.allow.allows(d))
            .count()
    }

    /// The diagnostics to print: sorted, not allowed, as bad as `shown` or worse.
    pub fn shown(&self, shown: Severity) -> Vec<&Diagnostic> {
        self.sorted()
            .into_iter()
            .filter(|d| d.severity <= shown && !self.allow.allows(d))
            .collect()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn note_count(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, s: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == s).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics sorted by file, line and column (stable for equal positions), for printing.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        v
    }

    /// All diagnostics, one per line (hints indented below), sorted, without their codes: the
    /// text tests compare (the command line prints [`format::human`]'s, with the codes).
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        out
    }
}
