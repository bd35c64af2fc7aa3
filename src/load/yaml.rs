//! A YAML value tree with line numbers, read with serde-saphyr: what the configuration, the
//! site's `_config.yml` and front matter are parsed into before they are checked key by key.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, DefaultMessageFormatter, Error, MessageFormatter, Options, Spanned};

use crate::limits::{self, Limits};

/// A YAML value. Maps keep their keys in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML value and where it starts (1-based line and column in the parsed text; 0 if unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Yaml,
    pub line: u32,
    pub col: u32,
}

/// A YAML syntax error: position in the parsed text and the parser's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: u32,
    pub col: u32,
    pub message: String,
    /// What to do about it, when the document crossed a limit.
    pub hint: Option<String>,
}

/// Parses one YAML document within the default [`Limits::max_yaml_nodes`].
pub fn parse(text: &str) -> Result<Node, YamlError> {
    parse_within(text, Limits::default().max_yaml_nodes)
}

/// Parses one YAML document. An empty (or comment-only) document is `Null`. A document holding
/// more than `max_nodes` values once its aliases are expanded is refused as soon as it crosses
/// that count (a "billion laughs" stops after a few thousand steps).
pub fn parse_within(text: &str, max_nodes: usize) -> Result<Node, YamlError> {
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return Ok(Node {
            value: Yaml::Null,
            line: 1,
            col: 1,
        });
    }
    let mut budget = Budget::default();
    budget.max_nodes = max_nodes;
    // Every value is a few parser events; anchors replayed by aliases are events too.
    budget.max_events = max_nodes.saturating_mul(4);
    budget.max_recorded_anchor_events = max_nodes.saturating_mul(4);
    let mut options = Options::default();
    options.budget = Some(budget);
    match serde_saphyr::from_str_with_options::<Spanned<Yaml>>(text, options) {
        Ok(spanned) => Ok(Node::from(spanned)),
        Err(err) => {
            let (line, col) = err
                .location()
                .map(|l| (to_u32(l.line()), to_u32(l.column())))
                .unwrap_or((0, 0));
            let mut cause = &err;
            while let Error::WithSnippet { error, .. } | Error::AliasError { error, .. } = cause {
                cause = error;
            }
            if let Error::Budget { breach, .. } = cause {
                return Err(over_budget(breach, max_nodes, line, col));
            }
            let message = DefaultMessageFormatter
                .format_message(err.without_snippet())
                .into_owned();
            Err(YamlError {
                line,
                col,
                message: lowercase_first(message.trim()),
                hint: None,
            })
        }
    }
}

/// The error for a document that crossed its budget: the node count names `max_yaml_nodes`;
/// the parser's other guards (nesting, anchors, aliases) are fixed and named as they are.
fn over_budget(breach: &BudgetBreach, max_nodes: usize, line: u32, col: u32) -> YamlError {
    let (message, hint) = match breach {
        BudgetBreach::Nodes { .. }
        | BudgetBreach::Events { .. }
        | BudgetBreach::RecordedAnchorEvents { .. } => (
            format!(
                "more than {max_nodes} values once its aliases are expanded, over the limit \
                 `max_yaml_nodes` ({max_nodes})"
            ),
            format!(
                "an alias (`*name`) copies everything its anchor holds; {}",
                limits::raise_hint(limits::Limit::YamlNodes)
            ),
        ),
        other => (
            format!("the document is too large for the yaml reader ({other:?})"),
            "simplify it: fewer anchors, aliases or nested levels".to_string(),
        ),
    };
    YamlError {
        line,
        col,
        message,
        hint: Some(hint),
    }
}

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl From<Spanned<Yaml>> for Node {
    fn from(s: Spanned<Yaml>) -> Self {
        Node {
            line: to_u32(s.referenced.line()),
            col: to_u32(s.referenced.column()),
            value: s.value,
        }
    }
}

impl Node {
    /// The value of `key` when this node is a map with a scalar key of that text.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .iter()
            .find(|(k, _)| k.scalar().as_deref() == Some(key))
            .map(|(_, v)| v)
    }

    /// The entries of a map (none for other values).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Yaml::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The text of a scalar (strings, numbers, booleans); `None` for null, lists and maps.
    pub fn scalar(&self) -> Option<String> {
        match &self.value {
            Yaml::Str(s) => Some(s.clone()),
            Yaml::Bool(b) => Some(b.to_string()),
            Yaml::Int(i) => Some(i.to_string()),
            Yaml::Float(f) => Some(f.to_string()),
            Yaml::Null | Yaml::Seq(_) | Yaml::Map(_) => None,
        }
    }

    /// A short name for the kind of value, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Yaml::Null => "nothing",
            Yaml::Bool(_) => "a boolean",
            Yaml::Int(_) | Yaml::Float(_) => "a number",
            Yaml::Str(_) => "a string",
            Yaml::Seq(_) => "a list",
            Yaml::Map(_) => "a map",
        }
    }
}

/// Flow-style YAML text of a value (`"text"`, `12`, `[a, b]`, `{k: v}`): stable and re-parsable.
impl fmt::Display for Yaml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Yaml::Null => write!(f, "null"),
            Yaml::Bool(b) => write!(f, "{b}"),
            Yaml::Int(i) => write!(f, "{i}"),
            Yaml::Float(x) => write!(f, "{x:?}"),
            Yaml::Str(s) => write_quoted(f, s),
            Yaml::Seq(items) => {
                write!(f, "[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{}", item.value)?;
                }
                write!(f, "]")
            }
            Yaml::Map(entries) => {
                write!(f, "{{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{}: {}", k.value, v.value)?;
                }
                write!(f, "}}")
            }
        }
    }
}

/// A YAML double-quoted string.
fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    write!(f, "\"")?;
    for c in s.chars() {
        match c {
            '"' => write!(f, "\\\"")?,
            '\\' => write!(f, "\\\\")?,
            '\n' => write!(f, "\\n")?,
            '\t' => write!(f, "\\t")?,
            c if c.is_control() => write!(f, "\\u{:04X}", c as u32)?,
            c => write!(f, "{c}")?,
        }
    }
    write!(f, "\"")
}

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor)
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        Yaml::deserialize(d)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Yaml, E> {
        Ok(Yaml::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Yaml, E> {
        Ok(i64::try_from(v).map_or_else(|_| Yaml::Str(v.to_string()), Yaml::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Yaml, E> {
        Ok(Yaml::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Yaml, E> {
        Ok(Yaml::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Yaml, E> {
        Ok(Yaml::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Yaml>>()? {
            items.push(Node::from(item));
        }
        Ok(Yaml::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<Spanned<Yaml>, Spanned<Yaml>>()? {
            entries.push((Node::from(k), Node::from(v)));
        }
        Ok(Yaml::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_order_and_lines() {
        let node = parse("b: 1\na:\n  - x\n  - y\n").unwrap();
        let keys: Vec<_> = node.entries().iter().map(|(k, _)| k.scalar()).collect();
        assert_eq!(keys, [Some("b".to_string()), Some("a".to_string())]);
        let a = node.get("a").unwrap();
        let Yaml::Seq(items) = &a.value else {
            panic!("not a list: {a:?}")
        };
        assert_eq!((items[0].line, items[1].line), (3, 4));
        assert_eq!(node.entries()[1].0.line, 2);
    }

    #[test]
    fn display_is_flow_yaml() {
        let node = parse("a: [1, \"x\", true]\nb: {c: null}\n").unwrap();
        assert_eq!(
            node.value.to_string(),
            r#"{"a": [1, "x", true], "b": {"c": null}}"#
        );
        let s = Yaml::Str("é \"q\" \\ \n\u{1}".into()).to_string();
        assert_eq!(s, r#""é \"q\" \\ \n\u0001""#);
        assert_eq!(
            parse(&s).unwrap().value,
            Yaml::Str("é \"q\" \\ \n\u{1}".into())
        );
    }

    #[test]
    fn syntax_error_is_located() {
        let err = parse("a: 1\nb: [2\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
        assert!(!err.message.is_empty());
    }

    #[test]
    fn blank_is_null() {
        assert_eq!(parse("# only a comment\n").unwrap().value, Yaml::Null);
    }
}
