//! What the conformance test compares, read from either side: the visible words (French
//! typography folded) and the elements counted, each with the by-design class it falls in.

use std::collections::{BTreeMap, HashSet};

use super::html::{Child, Element};

/// A by-design class: what livret does differently from kramdown on purpose. The README's
/// "Fidelity to kramdown" lists the same classes with their reasons.
pub type Design = &'static str;

/// Site navigation and interactive controls, dropped by livret (a printed page has no menus,
/// forms or buttons).
pub const NAVIGATION: Design = "navigation";
/// The page's leading `h1`, when it repeats the title: livret's chapter title.
pub const TITLE: Design = "chapter-title";
/// A DSFR component's title (`fr-callout__title`…): the aside's title (or the tile's bold
/// title) in livret, not a section heading.
pub const DSFR_TITLE: Design = "dsfr-title";
/// A DSFR tile or card picture: dropped by livret, the tile becomes a list item.
pub const DSFR_PICTURE: Design = "dsfr-picture";
/// An image livret does not embed (a remote one, never fetched): its alt text is printed
/// instead, and nothing when it has none.
pub const IMAGE_ALT: Design = "remote-image";
/// `Vidéo : <link>` written for an embedded player (a printed page cannot play it).
pub const PLAYER: Design = "player-link";
/// A link to `#` (a DSFR button with no target): plain text in livret.
pub const NO_TARGET: Design = "link-without-target";
/// A link livret reports as broken (an error of the site): its text, without the link.
pub const BROKEN: Design = "broken-link";
/// A link with nothing in it (`[](url)`): invisible on the site, left out by livret (with a
/// warning) rather than written as a link no reader can see or name.
pub const EMPTY_LINK: Design = "empty-link";

/// What the kramdown side needs to know of livret's chapter.
#[derive(Debug)]
pub struct Livret<'a> {
    /// The chapter title.
    pub title: &'a str,
    /// The chapter's headings (keys).
    pub headings: &'a [String],
    /// The `href`s of the links livret found broken.
    pub broken_links: &'a HashSet<String>,
    /// The `src`s of the images livret embeds.
    pub embedded: &'a HashSet<String>,
}

/// The element kinds counted on both sides.
pub const KINDS: &[&str] = &[
    "p",
    "li",
    "cell",
    "img",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "fnref",
    "fn",
    "abbr",
    "dt",
    "dd",
    "hr",
];

/// Site navigation components of the DSFR, dropped with their content.
const DSFR_NAV: &[&str] = &[
    "fr-sidemenu",
    "fr-breadcrumb",
    "fr-skiplinks",
    "fr-header",
    "fr-footer",
    "fr-summary",
    "fr-share",
    "fr-follow",
    "fr-pagination",
];
const DROPPED: &[&str] = &[
    "nav", "button", "form", "input", "select", "textarea", "option", "noscript", "template",
    "svg", "canvas", "head", "meta", "link", "title", "map", "dialog",
];
const DSFR_TITLES: &[&str] = &[
    "fr-callout__title",
    "fr-tile__title",
    "fr-card__title",
    "fr-alert__title",
    "fr-notice__title",
    "fr-modal__title",
];
const DSFR_ITEMS: &[&str] = &["fr-tile", "fr-card"];
const DSFR_PICTURES: &[&str] = &[
    "fr-tile__img",
    "fr-tile__pictogram",
    "fr-card__img",
    "fr-tile__header",
    "fr-card__header",
];
const PLAYERS: &[&str] = &["iframe", "video", "audio", "embed", "object"];
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn",
    "em", "font", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "picture", "math",
];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// An element counted, with a short text to recognise it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: &'static str,
    pub key: String,
}

/// The words, elements and headings of one page, as one side renders it.
#[derive(Debug, Default)]
pub struct Extract {
    /// Folded text; block boundaries are newlines.
    text: String,
    /// (byte offset in `text`, class) where a by-design run starts; `None` ends it.
    runs: Vec<(usize, Option<Design>)>,
    pub items: Vec<Item>,
    /// Heading texts (word keys), in order.
    pub headings: Vec<String>,
    /// Alt texts of the images embedded (livret) or shown (kramdown).
    pub alts: Vec<String>,
    /// How often each by-design class was met.
    pub design: BTreeMap<Design, usize>,
}

/// A word of the visible text, and the by-design class it falls in, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub design: Option<Design>,
}

impl Extract {
    fn push_text(&mut self, t: &str, design: Option<Design>) {
        if self.runs.last().map(|r| r.1) != Some(design) {
            self.runs.push((self.text.len(), design));
        }
        fold_into(t, &mut self.text);
    }

    fn brk(&mut self) {
        if !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn count(&mut self, kind: &'static str, key: String) {
        self.items.push(Item { kind, key });
    }

    fn note(&mut self, design: Design) {
        *self.design.entry(design).or_default() += 1;
    }

    /// The words, in order, each with its class.
    pub fn words(&self) -> Vec<Word> {
        let mut out = Vec::new();
        for (start, end, word) in word_spans(&self.text) {
            let _ = end;
            let k = self.runs.partition_point(|r| r.0 <= start);
            let design = if k == 0 { None } else { self.runs[k - 1].1 };
            out.push(Word { text: word, design });
        }
        out
    }

    /// How many elements of `kind` were counted.
    pub fn count_of(&self, kind: &str) -> usize {
        self.items.iter().filter(|i| i.kind == kind).count()
    }
}

/// Folds what French typography changes on purpose: every space kind is a space, every
/// apostrophe `'`, invisible joiners and soft hyphens vanish (they glue the word they are in),
/// letters are lowercased. Quotes and dashes need no folding: words are letters and digits.
pub fn fold_into(t: &str, out: &mut String) {
    for c in t.chars() {
        match c {
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{2019}' | '\u{2018}' | '\u{201A}' | '\u{2032}' | '\u{02BC}' => out.push('\''),
            c if c.is_whitespace() => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// The folded form of `t`.
pub fn fold(t: &str) -> String {
    let mut out = String::new();
    fold_into(t, &mut out);
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// The words of folded text: runs of letters and digits, joined by apostrophes; a digit group
/// written with a space (`10 000`, livret's French grouping) is one word (`10000`).
pub fn word_spans(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|c| c.1);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i].1) {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut word = String::new();
        loop {
            while let Some(c) = at(i).filter(|c| is_word_char(*c)) {
                word.push(c);
                i += 1;
            }
            let next = at(i + 1);
            // `l'eau`: an apostrophe between letters joins.
            if at(i) == Some('\'') && next.is_some_and(is_word_char) {
                word.push('\'');
                i += 1;
                continue;
            }
            // `10 000`: one space, then exactly three digits.
            let digits = |k: usize| at(k).is_some_and(|c| c.is_ascii_digit());
            if at(i) == Some(' ')
                && word.ends_with(|c: char| c.is_ascii_digit())
                && digits(i + 1)
                && digits(i + 2)
                && digits(i + 3)
                && !at(i + 4).is_some_and(is_word_char)
            {
                i += 1;
                continue;
            }
            break;
        }
        let end = chars.get(i).map_or(text.len(), |c| c.0);
        out.push((start, end, word));
    }
    out
}

/// The words of `t`, folded, as keys join them.
pub fn key(t: &str) -> String {
    let folded = fold(t);
    let words: Vec<String> = word_spans(&folded).into_iter().map(|w| w.2).collect();
    let mut k = words.join(" ");
    if k.len() > 80 {
        let mut cut = 80;
        while !k.is_char_boundary(cut) {
            cut -= 1;
        }
        k.truncate(cut);
    }
    k
}

fn is_empty(e: &Element) -> bool {
    e.text().trim().is_empty()
        && !e
            .descendants()
            .iter()
            .any(|d| d.tag == "img" || d.tag == "picture" || PLAYERS.contains(&d.tag.as_str()))
}

/// A paragraph that holds only images or players: a figure, not a paragraph, in livret.
fn only_media(e: &Element) -> bool {
    let mut any = false;
    for c in &e.children {
        match c {
            Child::Text(t) if t.trim().is_empty() => {}
            Child::El(x) if x.tag == "img" || x.tag == "picture" => any = true,
            Child::El(x) if PLAYERS.contains(&x.tag.as_str()) => any = true,
            Child::El(x) if x.tag == "a" && only_media(x) => any = true,
            _ => return false,
        }
    }
    any
}

/// Which side a walk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Kramdown,
    Livret,
}

#[derive(Debug, Clone, Copy)]
struct Ctx {
    design: Option<Design>,
    in_pre: bool,
    in_note: bool,
    /// The parent is an item, a definition or a cell (or a DSFR tile, which becomes an item):
    /// a paragraph there is the item's text, not a paragraph of its own.
    item_parent: bool,
    /// Inside a heading (an accordion's button there is that heading, not another).
    in_heading: bool,
}

/// kramdown's rendering of a page, knowing livret's chapter: the page's leading `h1` is the
/// chapter title when it repeats the title and livret did not keep it as a heading too.
pub fn kramdown(root: &Element, livret: &Livret<'_>) -> Extract {
    let mut ex = Extract::default();
    let title_key = key(livret.title);
    let merged = !title_key.is_empty() && !livret.headings.contains(&title_key);
    let first = root
        .descendants()
        .into_iter()
        .find(|e| HEADINGS.contains(&e.tag.as_str()))
        .filter(|e| merged && e.tag == "h1" && key(&e.text()) == title_key)
        .map(|e| e as *const Element);
    let env = Env {
        title: first,
        livret: Some(livret),
    };
    let ctx = Ctx {
        design: None,
        in_pre: false,
        in_note: false,
        item_parent: false,
        in_heading: false,
    };
    for c in &root.children {
        walk(&mut ex, c, ctx, Side::Kramdown, &env);
    }
    ex
}

/// livret's chapter: the `section` of the chapter XHTML, without its header (title and
/// subtitle, which kramdown does not see). Returns the extract and the chapter title.
pub fn livret(root: &Element) -> (Extract, String) {
    let all = root.descendants();
    let section = all
        .iter()
        .find(|e| {
            e.tag == "section"
                && e.attr("epub:type")
                    .is_some_and(|t| t.split_whitespace().any(|t| t == "chapter"))
        })
        .copied()
        .unwrap_or(root);
    let mut ex = Extract::default();
    let mut title = String::new();
    let ctx = Ctx {
        design: None,
        in_pre: false,
        in_note: false,
        item_parent: false,
        in_heading: false,
    };
    for c in &section.children {
        if let Child::El(e) = c {
            if e.tag == "header" {
                if let Some(h) = e.descendants().iter().find(|d| d.tag == "h1") {
                    title = h.text();
                }
                continue;
            }
        }
        walk(&mut ex, c, ctx, Side::Livret, &Env::default());
    }
    (ex, title)
}

/// What a walk knows besides the node: on kramdown's side, the leading `h1` taken as the
/// chapter title, and livret's chapter.
#[derive(Default)]
struct Env<'a> {
    title: Option<*const Element>,
    livret: Option<&'a Livret<'a>>,
}

fn walk(ex: &mut Extract, node: &Child, ctx: Ctx, side: Side, env: &Env<'_>) {
    let e = match node {
        Child::Text(t) => {
            ex.push_text(t, ctx.design);
            return;
        }
        Child::El(e) => e,
    };
    let tag = e.tag.as_str();
    let mut ctx = ctx;
    // Invisible on the site: not text on either side.
    let style = e
        .attr("style")
        .unwrap_or("")
        .replace(' ', "")
        .to_ascii_lowercase();
    if tag == "script"
        || tag == "style"
        || e.attr("hidden").is_some()
        || style.contains("display:none")
    {
        return;
    }
    match side {
        Side::Kramdown => {
            if ctx.design.is_none() {
                let accordion = tag == "button" && e.has_class("fr-accordion__btn");
                if (DROPPED.contains(&tag) && !accordion) || DSFR_NAV.iter().any(|c| e.has_class(c))
                {
                    ctx.design = Some(NAVIGATION);
                    ex.note(NAVIGATION);
                } else if DSFR_PICTURES.iter().any(|c| e.has_class(c)) {
                    ctx.design = Some(DSFR_PICTURE);
                    ex.note(DSFR_PICTURE);
                } else if env.title == Some(e as *const Element) {
                    ctx.design = Some(TITLE);
                    ex.note(TITLE);
                }
            }
            // kramdown's note calls: `<sup role="doc-noteref"><a class="footnote">1</a></sup>`.
            if tag == "sup" && e.attr("role") == Some("doc-noteref") {
                if ctx.design.is_none() {
                    ex.count("fnref", String::new());
                }
                return;
            }
            if tag == "a" && e.has_class("reversefootnote") {
                return;
            }
            if tag == "div" && e.has_class("footnotes") {
                ex.brk();
                for li in e.descendants() {
                    if li.tag == "li" && ctx.design.is_none() {
                        ex.count("fn", String::new());
                    }
                }
                ctx.in_note = true;
            }
        }
        Side::Livret => {
            if e.attr("epub:type") == Some("pagebreak") || e.attr("role") == Some("doc-backlink") {
                return;
            }
            if e.attr("role") == Some("doc-noteref") {
                ex.count("fnref", String::new());
                return;
            }
            if e.has_class("image-missing") {
                ex.brk();
                ex.count("img", format!("alt: {}", key(&e.text())));
                ex.note(IMAGE_ALT);
                ex.push_text(&e.text(), Some(IMAGE_ALT));
                ex.brk();
                return;
            }
            if tag == "aside" && e.attr("role") == Some("doc-footnote") {
                ex.count("fn", String::new());
                ctx.in_note = true;
            }
        }
    }
    let block = !INLINE.contains(&tag);
    // A download link's detail (`span.fr-link__detail`: the file's type and size) is shown on
    // its own line by the DSFR's style sheet: a browser never glues it to the label's last word.
    let own_line = tag == "span" && e.has_class("fr-link__detail");
    if block || own_line || tag == "br" || tag == "img" {
        ex.brk();
    }
    if ctx.design.is_none() {
        count(ex, e, ctx, side, env);
    }
    if PLAYERS.contains(&tag) {
        // A player's fallback content is not shown by the site.
        ex.brk();
        return;
    }
    let item_parent = matches!(tag, "li" | "dd" | "td" | "th")
        || (side == Side::Kramdown && DSFR_ITEMS.iter().any(|c| e.has_class(c)));
    let inner = Ctx {
        in_pre: ctx.in_pre || tag == "pre",
        in_heading: ctx.in_heading || HEADINGS.contains(&tag),
        item_parent: item_parent || (ctx.item_parent && tag == "div"),
        ..ctx
    };
    // Text written straight into an HTML block (`<div>Texte <a>lien</a></div>`) is a
    // paragraph in livret's tree: count it as kramdown's reader sees one.
    if side == Side::Kramdown
        && CONTAINERS.contains(&tag)
        && ctx.design.is_none()
        && !ctx.in_note
        && !inner.item_parent
    {
        for run in inline_runs(e) {
            ex.count("p", run);
        }
    }
    let mut i = 0;
    while i < e.children.len() {
        // livret's player: `Vidéo : ` then a link.
        if side == Side::Livret && ctx.design.is_none() {
            if let (Child::Text(t), Some(Child::El(a))) = (&e.children[i], e.children.get(i + 1)) {
                if a.tag == "a" {
                    if let Some(label) = player_label(t) {
                        ex.push_text(&t[..t.len() - label.len()], ctx.design);
                        ex.push_text(label, Some(PLAYER));
                        ex.push_text(&a.text(), Some(PLAYER));
                        ex.note(PLAYER);
                        i += 2;
                        continue;
                    }
                }
            }
        }
        walk(ex, &e.children[i], inner, side, env);
        i += 1;
    }
    if block || tag == "br" {
        ex.brk();
    }
}

/// Blocks whose loose inline content livret sets as a paragraph.
const CONTAINERS: &[&str] = &[
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "main",
    "center",
    "details",
    "blockquote",
    "figure",
];

/// The keys of the runs of inline content directly in `e` that show something besides images,
/// players and dropped controls.
fn inline_runs(e: &Element) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    let mut visible = false;
    let end = |run: &mut String, visible: &mut bool, out: &mut Vec<String>| {
        if *visible {
            out.push(key(run));
        }
        run.clear();
        *visible = false;
    };
    for c in &e.children {
        match c {
            Child::Text(t) => {
                run.push_str(t);
                visible |= !t.trim().is_empty();
            }
            Child::El(x) if INLINE.contains(&x.tag.as_str()) => {
                if x.tag != "img" && x.tag != "picture" && !is_empty(x) {
                    run.push_str(&x.text());
                    visible = true;
                }
            }
            Child::El(x) if x.tag == "button" || x.tag == "input" || x.tag == "select" => {}
            Child::El(x) if PLAYERS.contains(&x.tag.as_str()) => {}
            Child::El(_) => end(&mut run, &mut visible, &mut out),
        }
    }
    end(&mut run, &mut visible, &mut out);
    out
}

/// A paragraph that is only livret's `Vidéo : <link>` for a player.
fn player_paragraph(e: &Element) -> bool {
    let real: Vec<&Child> = e
        .children
        .iter()
        .filter(|c| !matches!(c, Child::Text(t) if t.trim().is_empty()))
        .collect();
    matches!(real.as_slice(), [Child::Text(t), Child::El(a)]
        if a.tag == "a" && player_label(t).is_some_and(|l| l.len() == t.trim_end().len() || t.trim() == l.trim()))
}

/// The `Vidéo : ` (or `Audio : `) that ends `t`, if it does.
fn player_label(t: &str) -> Option<&str> {
    for label in ["Vidéo", "Audio"] {
        if let Some(at) = t.rfind(label) {
            let rest = &t[at + label.len()..];
            if rest.trim_matches(|c: char| c.is_whitespace()) == ":" {
                return Some(&t[at..]);
            }
        }
    }
    None
}

fn count(ex: &mut Extract, e: &Element, ctx: Ctx, side: Side, env: &Env<'_>) {
    let tag = e.tag.as_str();
    let text = || key(&e.text());
    let dsfr_title = side == Side::Kramdown && DSFR_TITLES.iter().any(|c| e.has_class(c));
    if HEADINGS.contains(&tag) && !ctx.in_note {
        if dsfr_title {
            ex.note(DSFR_TITLE);
        } else {
            ex.headings.push(text());
        }
    }
    if side == Side::Kramdown
        && tag == "button"
        && e.has_class("fr-accordion__btn")
        && !ctx.in_heading
    {
        ex.headings.push(text());
    }
    // A tile's or card's title is the item's bold title in livret.
    if dsfr_title && (e.has_class("fr-tile__title") || e.has_class("fr-card__title")) {
        ex.count("strong", text());
    }
    if side == Side::Kramdown && DSFR_ITEMS.iter().any(|c| e.has_class(c)) {
        ex.count("li", text());
    }
    let kind = match tag {
        "p" => {
            // The title of an aside (`callout-title`…): the component's title, above.
            let title = side == Side::Livret && e.classes().any(|c| c.ends_with("-title"));
            // An accordion's title holds its button: livret's heading.
            let accordion = side == Side::Kramdown && e.has_class("fr-accordion__title");
            let player = side == Side::Livret && player_paragraph(e);
            if ctx.in_note
                || ctx.item_parent
                || title
                || dsfr_title
                || accordion
                || player
                || only_media(e)
                || is_empty(e)
            {
                return;
            }
            "p"
        }
        "li" if !ctx.in_note => "li",
        "td" | "th" => "cell",
        "img" => {
            let alt = e.attr("alt").unwrap_or("");
            let src = e.attr("src").unwrap_or("");
            // A remote image livret does not fetch, without alt text: nothing to print.
            let embedded = env.livret.is_some_and(|l| l.embedded.contains(src));
            if side == Side::Kramdown && alt.trim().is_empty() && src.contains("://") && !embedded {
                ex.note(IMAGE_ALT);
                return;
            }
            ex.alts.push(alt.to_string());
            ex.count("img", format!("alt: {}", key(alt)));
            return;
        }
        "a" if side == Side::Kramdown && e.attr("href").is_some() && is_empty(e) => {
            ex.note(EMPTY_LINK);
            return;
        }
        "a" if side == Side::Kramdown && e.attr("href").map(str::trim) == Some("#") => {
            ex.note(NO_TARGET);
            return;
        }
        "a" if env
            .livret
            .zip(e.attr("href"))
            .is_some_and(|(l, href)| l.broken_links.contains(href)) =>
        {
            ex.note(BROKEN);
            return;
        }
        "a" if e.attr("href").is_some() => "a",
        "em" | "i" if !is_empty(e) => "em",
        "strong" | "b" if !is_empty(e) => "strong",
        "code" if !ctx.in_pre && !is_empty(e) => "code",
        "pre" => "pre",
        "blockquote" => "blockquote",
        "abbr" | "acronym" => "abbr",
        "dt" => "dt",
        "dd" => "dd",
        "hr" => "hr",
        _ => return,
    };
    ex.count(kind, text());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<String> {
        word_spans(&fold(t)).into_iter().map(|w| w.2).collect()
    }

    #[test]
    fn french_typography_folds() {
        assert_eq!(
            words("L’eau « vive » : 10\u{202F}000 €"),
            ["l'eau", "vive", "10000"]
        );
        assert_eq!(words("L'eau \"vive\": 10000 €"), ["l'eau", "vive", "10000"]);
        assert_eq!(words("struc\u{AD}ture 1 234 567"), ["structure", "1234567"]);
        assert_eq!(words("12 1234"), ["12", "1234"]);
    }
}
