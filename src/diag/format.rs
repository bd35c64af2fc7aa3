//! Diagnostics printed for people (`human`) or for machines: JSON lines, GitHub workflow
//! commands (annotations on a pull request's lines), a GitLab Code Quality report.

use super::{Diagnostic, Severity};

/// How `--message-format` prints diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `file:line:col: severity: message [code]`, the hint indented below.
    #[default]
    Human,
    /// One JSON object per line: `file`, `line`, `column`, `severity`, `code`, `message`, `hint`.
    Json,
    /// GitHub Actions workflow commands: `::warning file=…,line=…,col=…,title=…::message`.
    Github,
    /// A GitLab Code Quality report: one JSON array of issues.
    Gitlab,
}

/// `error`, `warning`, `note`.
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The diagnostics (already sorted and filtered) in `format`, each line ending with `\n`.
pub fn render(format: Format, diags: &[&Diagnostic]) -> String {
    match format {
        Format::Human => diags.iter().map(|d| human(d) + "\n").collect(),
        Format::Json => diags.iter().map(|d| json(d) + "\n").collect(),
        Format::Github => diags.iter().map(|d| github(d) + "\n").collect(),
        Format::Gitlab => gitlab(diags),
    }
}

/// `file:line:col: severity: message [code]`, then `  hint: …` on its own line.
pub fn human(d: &Diagnostic) -> String {
    let mut out = format!("{}", d.file.display());
    if d.line > 0 {
        out += &format!(":{}", d.line);
        if d.col > 0 {
            out += &format!(":{}", d.col);
        }
    }
    out += &format!(
        ": {}: {} [{}]",
        severity_name(d.severity),
        d.message,
        d.code
    );
    if let Some(hint) = &d.hint {
        out += &format!("\n  hint: {hint}");
    }
    out
}

/// One JSON object; `line` and `column` are 0 when unknown, `hint` is `null` when there is none.
pub fn json(d: &Diagnostic) -> String {
    format!(
        "{{\"file\":{},\"line\":{},\"column\":{},\"severity\":\"{}\",\"code\":\"{}\",\"message\":{},\"hint\":{}}}",
        json_string(&d.file.to_string_lossy()),
        d.line,
        d.col,
        severity_name(d.severity),
        d.code,
        json_string(&d.message),
        d.hint.as_deref().map_or("null".to_string(), json_string),
    )
}

/// A GitHub workflow command: `error`, `warning` or `notice`, located when the line is known,
/// titled with the code; the hint on a second line of the message.
pub fn github(d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut props = vec![format!(
        "file={}",
        github_property(&d.file.to_string_lossy())
    )];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
        if d.col > 0 {
            props.push(format!("col={}", d.col));
        }
    }
    props.push(format!("title={}", github_property(d.code.name())));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message += &format!("\nhint: {hint}");
    }
    format!("::{command} {}::{}", props.join(","), github_data(&message))
}

/// A GitLab Code Quality report (a JSON array, one issue a line): `description`, `check_name`
/// (the code), `fingerprint` (stable for the same problem at the same place), `severity`
/// (`major` for an error, `minor` for a warning, `info` for a note) and `location`.
pub fn gitlab(diags: &[&Diagnostic]) -> String {
    if diags.is_empty() {
        return "[]\n".to_string();
    }
    let issues: Vec<String> = diags
        .iter()
        .map(|d| {
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Note => "info",
            };
            let mut description = d.message.clone();
            if let Some(hint) = &d.hint {
                description += &format!(" (hint: {hint})");
            }
            let path = d.file.to_string_lossy();
            let fingerprint = fingerprint(&[
                d.code.name(),
                &path,
                &d.line.to_string(),
                &d.col.to_string(),
                &d.message,
            ]);
            format!(
                "  {{\"description\":{},\"check_name\":\"{}\",\"fingerprint\":\"{fingerprint:016x}\",\"severity\":\"{severity}\",\"location\":{{\"path\":{},\"lines\":{{\"begin\":{}}}}}}}",
                json_string(&description),
                d.code,
                json_string(&path),
                d.line.max(1),
            )
        })
        .collect();
    format!("[\n{}\n]\n", issues.join(",\n"))
}

/// FNV-1a over the parts, each followed by a 0 byte: stable across runs and platforms.
fn fingerprint(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// `s` as a JSON string, quoted and escaped.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A workflow command's message: `%`, CR and LF escaped, as the runner's `escapeData`.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`, as the runner's `escapeProperty`.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn sample() -> Diagnostic {
        Diagnostic::warning(
            Code::LiquidRemoved,
            "site/a.md",
            5,
            3,
            "liquid tag `include` removed: 100% \"gone\"",
        )
        .with_hint("write the text, line 1\nline 2")
    }

    #[test]
    fn each_format_escapes_what_it_must() {
        let d = sample();
        assert_eq!(
            human(&d),
            "site/a.md:5:3: warning: liquid tag `include` removed: 100% \"gone\" [liquid-removed]\n  hint: write the text, line 1\nline 2"
        );
        assert_eq!(
            json(&d),
            r#"{"file":"site/a.md","line":5,"column":3,"severity":"warning","code":"liquid-removed","message":"liquid tag `include` removed: 100% \"gone\"","hint":"write the text, line 1\nline 2"}"#
        );
        assert_eq!(
            github(&d),
            "::warning file=site/a.md,line=5,col=3,title=liquid-removed::liquid tag `include` removed: 100%25 \"gone\"%0Ahint: write the text, line 1%0Aline 2"
        );
        let file_only = Diagnostic::error(Code::ConfigMissing, "a,b:c.yaml", 0, 0, "x");
        assert_eq!(
            github(&file_only),
            "::error file=a%2Cb%3Ac.yaml,title=config-missing::x"
        );
        assert_eq!(gitlab(&[]), "[]\n");
    }
}
