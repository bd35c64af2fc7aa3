//! A configuration key that is a switch or a map of settings (`booklet:`, `back_cover:`),
//! read the same way wherever such a key is: its own module, so that the readers of those
//! keys (`config`, `booklet`) depend on it and not on one another.

use std::path::Path;

use super::yaml::{Node, Yaml};
use crate::diag::{Code, Diagnostic, Diagnostics};

/// A key that takes `true`, `false` or a map of settings (`booklet:`, `back_cover:`): `None`
/// when it is off or is something else (an error, with `example` as the hint), else its
/// settings (none for `true`).
pub(super) fn switch_or_map<'a>(
    node: &'a Node,
    key: &str,
    example: &str,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<&'a [(Node, Node)]> {
    match &node.value {
        Yaml::Bool(true) => Some(&[]),
        Yaml::Bool(false) | Yaml::Null => None,
        Yaml::Map(entries) => Some(entries),
        _ => {
            diags.push(
                Diagnostic::error(
                    Code::ConfigInvalid,
                    file,
                    node.line,
                    node.col,
                    format!(
                        "`{key}` must be `true`, `false` or a map, not {}",
                        node.kind()
                    ),
                )
                .with_hint(example.to_string()),
            );
            None
        }
    }
}
