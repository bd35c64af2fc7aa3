//! kramdown's emphasis rules, run on comrak's inline tree (the delimiters hidden by
//! [`super::delimiters`]).
//!
//! kramdown (`parser/kramdown/emphasis.rb`) reads emphasis left to right, by recursive descent:
//! at a delimiter run (`*`, `**`, `_`, `__`) it opens an `em` (one character) or a `strong`
//! (two), unless the run is followed by white space, or is `_` after a letter (`a_b`, `x-_y`),
//! or an element of that kind is already open. It then reads spans up to the same run, which
//! closes it only when it follows no white space, is not the start of a `**` closing an `em`,
//! for `_` is not followed by a letter or digit, and something was read. A `**` that finds no
//! closing run is retried as an `em` from its second character (the first is dropped, as
//! kramdown does: `**a*` is `<em>*a</em>`); a run that closes nothing stays text. Unlike
//! CommonMark, no flanking rule looks at punctuation: `L**’ambition**` is bold.
//!
//! comrak has already read what kramdown reads before emphasis can see it (code spans, links,
//! raw HTML, footnote calls): those nodes are atoms here, seen from outside through the
//! characters their source starts and ends with; a link's text is read the same way inside,
//! with the emphasis open around the link still open (kramdown keeps its stack there).
//!
//! kramdown retries from the start of a run each time a longer attempt fails, which can take
//! cubic time on a paragraph of unmatched delimiters; past a budget of steps the paragraph keeps
//! its delimiters as text.

use std::borrow::Cow;
use std::cell::RefCell;

use comrak::nodes::{Ast, AstNode, NodeValue};
use comrak::Arena;

use super::delimiters::{delimiter, entity_len, AMPERSAND};

/// What kind of element is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Em,
    Strong,
    /// A link (its text is read with the emphasis around it still open).
    Other,
}

/// One unit of a paragraph's inline source.
#[derive(Debug, Clone)]
enum Tok<'a> {
    Char(char),
    /// A hidden `*` or `_`.
    Delim(char),
    /// An entity reference, as written (its `&` hidden): seen as `&` and `;` from outside.
    Entity(String),
    /// A node comrak built: code, link, image, raw HTML, line break…
    Atom(&'a AstNode<'a>),
}

/// The result: text, atoms, and the emphasis found.
enum Out<'a> {
    Text(String),
    Atom(&'a AstNode<'a>),
    Em(Vec<Out<'a>>),
    Strong(Vec<Out<'a>>),
}

/// Resolves the emphasis of every inline container under `root`.
pub fn apply<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    for node in super::commonmark::inline_containers(root) {
        container(arena, node, &mut Vec::new());
    }
}

/// Resolves one container's children, `stack` being the elements open around it.
fn container<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>, stack: &mut Vec<Kind>) {
    let children: Vec<_> = node.children().collect();
    let has_delims = children.iter().any(|c| match &c.data().value {
        NodeValue::Text(t) => t.chars().any(|c| delimiter(c).is_some()),
        _ => false,
    });
    if !has_delims {
        // Nothing to do here; nested links and strikethroughs may still have some.
        for child in children {
            nested(arena, child, stack);
        }
        return;
    }
    let mut toks = Vec::new();
    for child in &children {
        match &child.data().value {
            NodeValue::Text(t) => tokens(t, &mut toks),
            _ => toks.push(Tok::Atom(child)),
        }
    }
    let mut parser = Parser {
        toks: &toks,
        pos: 0,
        steps: 0,
        budget: 20_000 + 64 * toks.len(),
        stack: stack.clone(),
    };
    let mut out = Vec::new();
    parser.spans(&mut out, None);
    if parser.steps > parser.budget {
        // Too costly: every delimiter stays text.
        out = toks
            .iter()
            .map(|t| match t {
                Tok::Char(c) | Tok::Delim(c) => Out::Text(c.to_string()),
                Tok::Entity(e) => Out::Text(e.clone()),
                Tok::Atom(a) => Out::Atom(a),
            })
            .collect();
    }
    for child in &children {
        child.detach();
    }
    rebuild(arena, node, out, stack);
}

/// Resolves the inside of an atom: a link's text (emphasis around it still open), a
/// strikethrough's (kramdown reads it afresh). Image descriptions are alt text, autolinks
/// addresses: left as written.
fn nested<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>, stack: &mut Vec<Kind>) {
    match &node.data().value {
        NodeValue::Link(link) if is_autolink(node, &link.url) => {}
        NodeValue::Link(_) => {
            stack.push(Kind::Other);
            container(arena, node, stack);
            stack.pop();
        }
        NodeValue::Strikethrough | NodeValue::Superscript | NodeValue::Subscript => {
            container(arena, node, &mut Vec::new())
        }
        _ => {}
    }
}

/// Whether a link is an autolink (`<https://…>`): its text is its address, never read for
/// emphasis.
fn is_autolink<'a>(node: &'a AstNode<'a>, url: &str) -> bool {
    node.first_child().is_some_and(|f| {
        f.next_sibling().is_none()
            && matches!(&f.data().value, NodeValue::Text(t)
                if t.as_ref() == url || url.strip_prefix("mailto:") == Some(t.as_ref()))
    })
}

/// Appends `out` under `parent` as comrak nodes.
fn rebuild<'a>(
    arena: &'a Arena<'a>,
    parent: &'a AstNode<'a>,
    out: Vec<Out<'a>>,
    stack: &mut Vec<Kind>,
) {
    let sourcepos = parent.data().sourcepos;
    let new = |value: NodeValue| -> &'a AstNode<'a> {
        arena.alloc(AstNode::new(RefCell::new(Ast::new_with_sourcepos(
            value, sourcepos,
        ))))
    };
    let mut text = String::new();
    let flush = |text: &mut String| {
        if !text.is_empty() {
            parent.append(new(NodeValue::Text(Cow::Owned(std::mem::take(text)))));
        }
    };
    for piece in out {
        match piece {
            Out::Text(t) => text.push_str(&t),
            Out::Atom(a) => {
                flush(&mut text);
                parent.append(a);
                nested(arena, a, stack);
            }
            Out::Em(inner) | Out::Strong(inner) if inner.is_empty() => {}
            Out::Em(inner) => {
                flush(&mut text);
                let em = new(NodeValue::Emph);
                parent.append(em);
                stack.push(Kind::Em);
                rebuild(arena, em, inner, stack);
                stack.pop();
            }
            Out::Strong(inner) => {
                flush(&mut text);
                let strong = new(NodeValue::Strong);
                parent.append(strong);
                stack.push(Kind::Strong);
                rebuild(arena, strong, inner, stack);
                stack.pop();
            }
        }
    }
    flush(&mut text);
}

/// Where a sub-parse stops: a run of `len` delimiters `delim`, closing an element of `kind`.
#[derive(Clone, Copy)]
struct Stop {
    delim: char,
    len: usize,
    kind: Kind,
}

struct Parser<'t, 'a> {
    toks: &'t [Tok<'a>],
    pos: usize,
    steps: usize,
    budget: usize,
    /// The elements open (outermost first).
    stack: Vec<Kind>,
}

impl<'a> Parser<'_, 'a> {
    /// The source character at `i`, an atom seen from outside (its first character when
    /// `first`, else its last); `None` outside the paragraph.
    fn char_at(&self, i: usize, first: bool) -> Option<char> {
        match self.toks.get(i)? {
            &Tok::Char(c) | &Tok::Delim(c) => Some(c),
            Tok::Entity(_) => Some(if first { '&' } else { ';' }),
            Tok::Atom(node) => Some(atom_edge(&node.data().value, first)),
        }
    }

    fn is_delim(&self, i: usize, d: char) -> bool {
        matches!(self.toks.get(i), Some(Tok::Delim(c)) if *c == d)
    }

    /// kramdown's `parse_spans` with a stop: reads until `stop` closes (true) or the end.
    fn spans(&mut self, out: &mut Vec<Out<'a>>, stop: Option<Stop>) -> bool {
        loop {
            self.steps += 1;
            if self.steps > self.budget || self.pos >= self.toks.len() {
                return false;
            }
            if let Some(stop) = stop {
                if self.closes(stop, out) {
                    return true;
                }
            }
            match &self.toks[self.pos] {
                Tok::Delim(_) => self.emphasis(out),
                &Tok::Char(c) => {
                    push_text(out, c);
                    self.pos += 1;
                }
                Tok::Entity(e) => {
                    for c in e.chars() {
                        push_text(out, c);
                    }
                    self.pos += 1;
                }
                &Tok::Atom(a) => {
                    out.push(Out::Atom(a));
                    self.pos += 1;
                }
            }
        }
    }

    /// Whether `stop` closes the element at the current position (`out` is its content).
    fn closes(&self, stop: Stop, out: &[Out]) -> bool {
        let p = self.pos;
        if !(0..stop.len).all(|k| self.is_delim(p + k, stop.delim)) {
            return false;
        }
        let after_space = p
            .checked_sub(1)
            .and_then(|i| self.char_at(i, false))
            .is_some_and(is_space);
        // `**` (and not `***`) ends a strong, not the em being read.
        let double = stop.kind == Kind::Em
            && self.is_delim(p, stop.delim)
            && self.is_delim(p + 1, stop.delim)
            && !self.is_delim(p + 2, stop.delim);
        let before_alnum = stop.delim == '_'
            && self
                .char_at(p + stop.len, true)
                .is_some_and(char::is_alphanumeric);
        !after_space && !double && !before_alnum && !out.is_empty()
    }

    /// kramdown's `parse_emphasis`, at a delimiter.
    fn emphasis(&mut self, out: &mut Vec<Out<'a>>) {
        let saved = self.pos;
        let Tok::Delim(d) = self.toks[saved].clone() else {
            return;
        };
        let len = if self.is_delim(saved + 1, d) { 2 } else { 1 };
        let kind = if len == 2 { Kind::Strong } else { Kind::Em };
        let after_letter = d == '_' && self.letter_before(saved);
        let space_after = self.char_at(saved + len, true).is_some_and(is_space);
        if after_letter || space_after || self.stack.contains(&kind) {
            push_delims(out, d, len);
            self.pos = saved + len;
            return;
        }
        let mut found = self.sub(saved + len, d, len, kind);
        if found.is_none() && kind == Kind::Strong && self.stack.last() != Some(&Kind::Em) {
            // Retried as an `em` from the second character; the first is dropped.
            found = self.sub(saved + 1, d, 1, Kind::Em);
        }
        match found {
            Some((inner, Kind::Em)) => out.push(Out::Em(inner)),
            Some((inner, _)) => out.push(Out::Strong(inner)),
            None => {
                self.pos = saved + len;
                push_delims(out, d, len);
            }
        }
    }

    /// Reads an element of `kind` from `from`, closed by `len` delimiters `d`: its content when
    /// it closes (the position then after the closing run).
    fn sub(
        &mut self,
        from: usize,
        d: char,
        len: usize,
        kind: Kind,
    ) -> Option<(Vec<Out<'a>>, Kind)> {
        self.pos = from;
        let mut inner = Vec::new();
        self.stack.push(kind);
        let found = self.spans(
            &mut inner,
            Some(Stop {
                delim: d,
                len,
                kind,
            }),
        );
        self.stack.pop();
        if found {
            self.pos += len;
            Some((inner, kind))
        } else {
            None
        }
    }

    /// kramdown's `pre_match =~ /[[:alpha:]]-?[[:alpha:]]*\z/`: a letter just before, or a
    /// letter and a hyphen.
    fn letter_before(&self, i: usize) -> bool {
        let before = |k: usize| i.checked_sub(k).and_then(|j| self.char_at(j, false));
        match before(1) {
            Some(c) if c.is_alphabetic() => true,
            Some('-') => before(2).is_some_and(char::is_alphabetic),
            _ => false,
        }
    }
}

/// A text's tokens: characters, delimiters and entity references.
fn tokens(text: &str, toks: &mut Vec<Tok>) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == AMPERSAND {
            if let Some(n) = entity_len(rest) {
                toks.push(Tok::Entity(rest[..n].to_string()));
                rest = &rest[n..];
                continue;
            }
        }
        toks.push(match delimiter(c) {
            Some(d) => Tok::Delim(d),
            None => Tok::Char(c),
        });
        rest = &rest[c.len_utf8()..];
    }
}

/// Ruby's `\s`: ASCII white space only (a no-break space is not).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// The first (or last) source character of an atom, as emphasis sees it from outside.
fn atom_edge(value: &NodeValue, first: bool) -> char {
    match value {
        NodeValue::SoftBreak => '\n',
        NodeValue::LineBreak => {
            if first {
                ' '
            } else {
                '\n'
            }
        }
        NodeValue::Code(_) => '`',
        NodeValue::Link(_) | NodeValue::FootnoteReference(_) => {
            if first {
                '['
            } else {
                ')'
            }
        }
        NodeValue::Image(_) => {
            if first {
                '!'
            } else {
                ')'
            }
        }
        NodeValue::HtmlInline(_) | NodeValue::Raw(_) => {
            if first {
                '<'
            } else {
                '>'
            }
        }
        NodeValue::Strikethrough => '~',
        _ => '\u{fffc}',
    }
}

fn push_text(out: &mut Vec<Out>, c: char) {
    if let Some(Out::Text(t)) = out.last_mut() {
        t.push(c);
    } else {
        out.push(Out::Text(c.to_string()));
    }
}

fn push_delims(out: &mut Vec<Out>, d: char, len: usize) {
    for _ in 0..len {
        push_text(out, d);
    }
}
