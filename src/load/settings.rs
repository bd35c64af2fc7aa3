//! The configuration's keys whose value is a map of settings of their own, each read and
//! checked apart: `limits:`, `allow:` and `back_cover:` (`booklet:` has its own module,
//! [`super::booklet`]).

use std::path::Path;

use super::yaml::{Node, Yaml};
use super::{suggest, AllowEntry};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::limits::{self, Limit, Limits};

/// `allow:`: a map of diagnostic codes to `all` or a list of pages (relative to the site
/// folder, as in `pages:`).
pub(super) fn read_allow(node: &Node, file: &Path, diags: &mut Diagnostics) -> Vec<AllowEntry> {
    let hint =
        "for example `allow:` then `  liquid-removed: [_pages/stats.md]` or `  image-remote: all`";
    let Yaml::Map(entries) = &node.value else {
        diags.push(
            Diagnostic::error(
                Code::ConfigInvalid,
                file,
                node.line,
                node.col,
                format!("`allow` must be a map, not {}", node.kind()),
            )
            .with_hint(hint),
        );
        return Vec::new();
    };
    let mut allow = Vec::new();
    for (key, value) in entries {
        let name = key.scalar().unwrap_or_else(|| key.value.to_string());
        let Some(code) = Code::from_name(&name) else {
            let d = Diagnostic::error(
                Code::ConfigInvalid,
                file,
                key.line,
                key.col,
                format!("unknown diagnostic code `{name}`"),
            );
            diags.push(match suggest(&name, Code::ALL.iter().map(|c| c.name())) {
                Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                None => d.with_hint(
                    "the codes are listed in the README, and printed with each diagnostic",
                ),
            });
            continue;
        };
        let pages = match &value.value {
            Yaml::Seq(items) => Some(items.iter().filter_map(Node::scalar).collect()),
            _ if value.scalar().as_deref() == Some("all") => None,
            _ => {
                diags.push(
                    Diagnostic::error(
                        Code::ConfigInvalid,
                        file,
                        value.line,
                        value.col,
                        format!(
                            "`allow: {name}` must be `all` or a list of pages, not {}",
                            value.kind()
                        ),
                    )
                    .with_hint(hint),
                );
                continue;
            }
        };
        allow.push(AllowEntry { code, pages });
    }
    allow
}

/// `back_cover:`: `true`, `false`, or a map of `licence` and `source` (text).
pub(super) fn read_back_cover(
    node: &Node,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<crate::book::BackCover> {
    let mut back = crate::book::BackCover::default();
    let example = "for example `back_cover:` then `  licence: Licence Ouverte 2.0`";
    let entries = super::switch::switch_or_map(node, "back_cover", example, file, diags)?;
    for (key, value) in entries {
        let name = key.scalar().unwrap_or_else(|| key.value.to_string());
        let slot = match name.as_str() {
            "licence" => &mut back.licence,
            "source" => &mut back.source,
            _ => {
                let mut d = Diagnostic::error(
                    crate::diag::Code::ConfigInvalid,
                    file,
                    key.line,
                    key.col,
                    format!("unknown key `{name}` under `back_cover`"),
                );
                d = match suggest(&name, ["licence", "source"].into_iter()) {
                    Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                    None => d.with_hint("known keys: licence, source"),
                };
                diags.push(d);
                continue;
            }
        };
        match value.scalar() {
            Some(text) => *slot = Some(text),
            None => diags.push(Diagnostic::error(
                crate::diag::Code::ConfigInvalid,
                file,
                value.line,
                value.col,
                format!(
                    "`back_cover: {name}` must be a string, not {}",
                    value.kind()
                ),
            )),
        }
    }
    Some(back)
}

/// `limits:`: a map of limit names to positive whole numbers.
pub(super) fn read_limits(node: &Node, file: &Path, limits: &mut Limits, diags: &mut Diagnostics) {
    let Yaml::Map(entries) = &node.value else {
        diags.push(
            Diagnostic::error(
                Code::ConfigInvalid,
                file,
                node.line,
                node.col,
                format!("`limits` must be a map, not {}", node.kind()),
            )
            .with_hint("for example `limits:` then `  max_page_bytes: 10000000`"),
        );
        return;
    };
    for (key, value) in entries {
        let name = key.scalar().unwrap_or_else(|| key.value.to_string());
        let number = match value.value {
            Yaml::Int(n) if n > 0 => n as u64,
            _ => {
                diags.push(Diagnostic::error(
                    Code::ConfigInvalid,
                    file,
                    value.line,
                    value.col,
                    format!(
                        "`limits: {name}` must be a whole number above 0, not {}",
                        value.kind()
                    ),
                ));
                continue;
            }
        };
        let Some(limit) = Limit::from_name(&name) else {
            let names: Vec<&str> = Limit::ALL.iter().map(|l| l.name()).collect();
            let mut d = Diagnostic::error(
                Code::ConfigInvalid,
                file,
                key.line,
                key.col,
                format!("unknown limit `{name}`"),
            );
            d = match suggest(&name, names.iter().copied()) {
                Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                None => d.with_hint(format!("known limits: {}", names.join(", "))),
            };
            diags.push(d);
            continue;
        };
        if limit == Limit::Nesting && number > limits::NESTING_CEILING as u64 {
            diags.push(Diagnostic::error(
                Code::ConfigInvalid,
                file,
                value.line,
                value.col,
                format!(
                    "`limits: max_nesting` can be at most {}, not {number}",
                    limits::NESTING_CEILING
                ),
            ));
            continue;
        }
        limits.set(limit, number);
    }
}
