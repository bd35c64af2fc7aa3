//! The synthetic guide written out: Jekyll markdown pages and `livret.yaml`, Typst, HTML for
//! WeasyPrint, pandoc markdown for EPUB. One emitter per format, all from the same model.

use std::fmt::Write as _;
use std::path::Path;

use super::vocabulary::NBSP;
use super::{Blk, Geometry, Guide, Href, Inl, SITE_URL};

// ---------------------------------------------------------------------------------------------
// Jekyll site + livret.yaml

/// The permalink of page `i` (0-based).
pub fn permalink(i: usize) -> String {
    format!("/guide/page-{}", i + 1)
}

impl Href {
    /// The URL as the site's markdown writes it.
    fn site_url(&self) -> String {
        match self {
            Href::Page {
                page,
                anchor,
                absolute,
            } => {
                let base = if *absolute { SITE_URL } else { "" };
                let hash = anchor.map(|a| format!("#{a}")).unwrap_or_default();
                format!("{base}{}{hash}", permalink(*page))
            }
            Href::External(url) => url.to_string(),
        }
    }

    /// The in-document label (Typst) or id (HTML) it points at.
    fn label(&self) -> Option<String> {
        match self {
            Href::Page { page, anchor, .. } => Some(match anchor {
                Some(a) => format!("page-{}-{a}", page + 1),
                None => format!("page-{}", page + 1),
            }),
            Href::External(_) => None,
        }
    }
}

/// Kramdown markdown of one page's inline content; footnote bodies go to `notes`.
fn md_inlines(content: &[Inl], notes: &mut Vec<String>) -> String {
    let mut out = String::new();
    for inl in content {
        match inl {
            Inl::Text(t) => out.push_str(&md_text(t)),
            Inl::Strong(t) => write!(out, "**{}**", md_text(t)).unwrap(),
            Inl::Emph(t) => write!(out, "*{}*", md_text(t)).unwrap(),
            Inl::Link { text, to } => {
                write!(out, "[{}]({})", md_text(text), to.site_url()).unwrap()
            }
            Inl::Note(t) => {
                notes.push(md_text(t));
                write!(out, "[^{}]", notes.len()).unwrap();
            }
        }
    }
    out
}

/// Text for kramdown: non-breaking spaces as the `&nbsp;` entity, as the real pages write them.
fn md_text(text: &str) -> String {
    text.replace(NBSP, "&nbsp;")
}

impl Guide {
    /// Page `i` as a Jekyll markdown file, front matter included.
    pub fn page_markdown(&self, i: usize) -> String {
        let page = &self.pages[i];
        let mut out = format!(
            "---\nlayout: page\ntitle: \"{}\"\nsubtitle: \"{}\"\npermalink: {}\n---\n\n",
            page.title,
            page.subtitle,
            permalink(i)
        );
        let mut notes = Vec::new();
        for blk in &page.blocks {
            match blk {
                Blk::Lead(c) => {
                    writeln!(out, "{}\n{{: .fr-text--lead}}\n", md_inlines(c, &mut notes)).unwrap()
                }
                Blk::H2 { text, id } => writeln!(out, "## {text} {{#{id}}}\n").unwrap(),
                Blk::H3(text) => writeln!(out, "### {text}\n").unwrap(),
                Blk::Para(c) => writeln!(out, "{}\n", md_inlines(c, &mut notes)).unwrap(),
                Blk::List { ordered, items } => {
                    for (k, item) in items.iter().enumerate() {
                        let marker = if *ordered {
                            format!("{}.", k + 1)
                        } else {
                            "-".into()
                        };
                        writeln!(out, "{marker} {}", md_inlines(item, &mut notes)).unwrap();
                    }
                    out.push('\n');
                }
                Blk::Table(rows) => {
                    out.push_str("| Étape | Qui s'en charge | Durée |\n|---|---|---|\n");
                    for (a, b, c) in rows {
                        writeln!(out, "| {a} | {b} | {c} |").unwrap();
                    }
                    out.push('\n');
                }
                Blk::Figure { file, alt } => {
                    writeln!(out, "![{}](/img/{file})\n", md_text(alt)).unwrap()
                }
            }
        }
        for (k, note) in notes.iter().enumerate() {
            writeln!(out, "[^{}]: {note}", k + 1).unwrap();
        }
        out
    }

    /// The `livret.yaml` next to the `site/` folder.
    pub fn livret_yaml(&self) -> String {
        let mut out = format!(
            "title: {}\nsubtitle: Un guide pour mesurer livret\n\
             author: Le générateur de livret\npublisher: livret\nlang: fr\nurl: {SITE_URL}\n\
             baseurl: \"\"\nedition: Édition de mesure\ndate: 2026-11-28\nsite: site\n\
             typography: true\nprofile: print\n",
            self.title()
        );
        out.push_str("pages:\n");
        for i in 0..self.pages.len() {
            writeln!(out, "  - _pages/page-{:04}.md", i + 1).unwrap();
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Typst

/// Typst markup escaped: every markup character behind a backslash, U+00A0 as `~`.
fn typ_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            NBSP => out.push('~'),
            '\\' | '#' | '*' | '_' | '$' | '@' | '<' | '>' | '[' | ']' | '`' | '~' | '/' | '='
            | '-' | '+' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn typ_inlines(content: &[Inl]) -> String {
    let mut out = String::new();
    for inl in content {
        match inl {
            Inl::Text(t) => out.push_str(&typ_text(t)),
            Inl::Strong(t) => write!(out, "#strong[{}]", typ_text(t)).unwrap(),
            Inl::Emph(t) => write!(out, "#emph[{}]", typ_text(t)).unwrap(),
            Inl::Link { text, to } => match to.label() {
                Some(label) => write!(out, "#link(<{label}>)[{}]", typ_text(text)).unwrap(),
                None => write!(out, "#link(\"{}\")[{}]", to.site_url(), typ_text(text)).unwrap(),
            },
            Inl::Note(t) => write!(out, "#footnote[{}]", typ_text(t)).unwrap(),
        }
    }
    out
}

impl Guide {
    /// The whole guide as one Typst document: title page, contents, a chapter per page.
    /// Compile with `--font-path` pointing at livret's `fonts/`.
    pub fn typst(&self, geometry: &Geometry) -> String {
        let mut out = geometry.typst_preamble();
        writeln!(
            out,
            "#set document(title: \"{title}\")\n\
             #align(center + horizon)[#text(size: 24pt)[{title}]]\n\
             #pagebreak()\n#outline(depth: 2)\n",
            title = self.title()
        )
        .unwrap();
        for (i, page) in self.pages.iter().enumerate() {
            writeln!(out, "= {} <page-{}>\n", typ_text(&page.title), i + 1).unwrap();
            writeln!(out, "#emph[{}]\n", typ_text(page.subtitle)).unwrap();
            for blk in &page.blocks {
                match blk {
                    Blk::Lead(c) => {
                        writeln!(out, "#text(size: 1.15em)[{}]\n", typ_inlines(c)).unwrap()
                    }
                    Blk::H2 { text, id } => {
                        writeln!(out, "== {} <page-{}-{id}>\n", typ_text(text), i + 1).unwrap()
                    }
                    Blk::H3(text) => writeln!(out, "=== {}\n", typ_text(text)).unwrap(),
                    Blk::Para(c) => writeln!(out, "{}\n", typ_inlines(c)).unwrap(),
                    Blk::List { ordered, items } => {
                        for item in items {
                            let marker = if *ordered { "+" } else { "-" };
                            writeln!(out, "{marker} {}", typ_inlines(item)).unwrap();
                        }
                        out.push('\n');
                    }
                    Blk::Table(rows) => {
                        out.push_str(
                            "#table(columns: 3, table.header([*Étape*], [*Qui s'en charge*], [*Durée*]),\n",
                        );
                        for (a, b, c) in rows {
                            writeln!(
                                out,
                                "  [{}], [{}], [{}],",
                                typ_text(a),
                                typ_text(b),
                                typ_text(c)
                            )
                            .unwrap();
                        }
                        out.push_str(")\n\n");
                    }
                    Blk::Figure { file, alt } => writeln!(
                        out,
                        "#figure(image(\"site/img/{file}\", alt: \"{}\", width: 60%))\n",
                        alt.replace(NBSP, " ")
                    )
                    .unwrap(),
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// HTML (WeasyPrint) and pandoc markdown (EPUB)

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            NBSP => out.push_str("&nbsp;"),
            _ => out.push(c),
        }
    }
    out
}

fn html_inlines(content: &[Inl]) -> String {
    let mut out = String::new();
    for inl in content {
        match inl {
            Inl::Text(t) => out.push_str(&html_escape(t)),
            Inl::Strong(t) => write!(out, "<strong>{}</strong>", html_escape(t)).unwrap(),
            Inl::Emph(t) => write!(out, "<em>{}</em>", html_escape(t)).unwrap(),
            Inl::Link { text, to } => {
                let href = match to.label() {
                    Some(label) => format!("#{label}"),
                    None => to.site_url(),
                };
                write!(out, "<a href=\"{href}\">{}</a>", html_escape(text)).unwrap()
            }
            Inl::Note(t) => {
                write!(out, "<span class=\"footnote\">{}</span>", html_escape(t)).unwrap()
            }
        }
    }
    out
}

/// Pandoc markdown of inline content: notes inline (`^[…]`), links to in-document ids.
fn pandoc_inlines(content: &[Inl]) -> String {
    let mut out = String::new();
    for inl in content {
        match inl {
            Inl::Text(t) => out.push_str(t),
            Inl::Strong(t) => write!(out, "**{t}**").unwrap(),
            Inl::Emph(t) => write!(out, "*{t}*").unwrap(),
            Inl::Link { text, to } => {
                let href = match to.label() {
                    Some(label) => format!("#{label}"),
                    None => to.site_url(),
                };
                write!(out, "[{text}]({href})").unwrap()
            }
            Inl::Note(t) => write!(out, "^[{t}]").unwrap(),
        }
    }
    out
}

impl Guide {
    /// The whole guide as one HTML file for WeasyPrint: fonts from `font_dir` (absolute),
    /// footnotes as CSS footnotes, images relative to the file.
    pub fn html(&self, geometry: &Geometry, font_dir: &Path) -> String {
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n\
             <p style=\"font-size: 24pt; text-align: center\">{title}</p>\n<nav>\n",
            title = self.title(),
            css = geometry.css(font_dir),
        );
        for (i, page) in self.pages.iter().enumerate() {
            writeln!(
                out,
                "<p><a href=\"#page-{}\">{}</a></p>",
                i + 1,
                html_escape(&page.title)
            )
            .unwrap();
        }
        out.push_str("</nav>\n");
        for (i, page) in self.pages.iter().enumerate() {
            let n = i + 1;
            writeln!(
                out,
                "<section>\n<h1 id=\"page-{n}\">{}</h1>\n<p><em>{}</em></p>",
                html_escape(&page.title),
                html_escape(page.subtitle)
            )
            .unwrap();
            for blk in &page.blocks {
                match blk {
                    Blk::Lead(c) => writeln!(out, "<p class=\"lead\">{}</p>", html_inlines(c)),
                    Blk::H2 { text, id } => {
                        writeln!(out, "<h2 id=\"page-{n}-{id}\">{}</h2>", html_escape(text))
                    }
                    Blk::H3(text) => writeln!(out, "<h3>{}</h3>", html_escape(text)),
                    Blk::Para(c) => writeln!(out, "<p>{}</p>", html_inlines(c)),
                    Blk::List { ordered, items } => {
                        let tag = if *ordered { "ol" } else { "ul" };
                        writeln!(out, "<{tag}>").unwrap();
                        for item in items {
                            writeln!(out, "<li>{}</li>", html_inlines(item)).unwrap();
                        }
                        writeln!(out, "</{tag}>")
                    }
                    Blk::Table(rows) => {
                        out.push_str(
                            "<table>\n<thead><tr><th>Étape</th><th>Qui s'en charge</th><th>Durée</th></tr></thead>\n<tbody>\n",
                        );
                        for (a, b, c) in rows {
                            writeln!(out, "<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>").unwrap();
                        }
                        writeln!(out, "</tbody>\n</table>")
                    }
                    Blk::Figure { file, alt } => writeln!(
                        out,
                        "<figure><img src=\"site/img/{file}\" alt=\"{}\"></figure>",
                        html_escape(alt)
                    ),
                }
                .unwrap();
            }
            out.push_str("</section>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The whole guide as one pandoc markdown file (level-1 headings split the EPUB's chapters).
    pub fn pandoc_markdown(&self) -> String {
        let mut out = format!("---\ntitle: {}\nlang: fr\n---\n\n", self.title());
        for (i, page) in self.pages.iter().enumerate() {
            let n = i + 1;
            writeln!(
                out,
                "# {} {{#page-{n}}}\n\n*{}*\n",
                page.title, page.subtitle
            )
            .unwrap();
            for blk in &page.blocks {
                match blk {
                    Blk::Lead(c) | Blk::Para(c) => writeln!(out, "{}\n", pandoc_inlines(c)),
                    Blk::H2 { text, id } => writeln!(out, "## {text} {{#page-{n}-{id}}}\n"),
                    Blk::H3(text) => writeln!(out, "### {text}\n"),
                    Blk::List { ordered, items } => {
                        for (k, item) in items.iter().enumerate() {
                            let marker = if *ordered {
                                format!("{}.", k + 1)
                            } else {
                                "-".into()
                            };
                            writeln!(out, "{marker} {}", pandoc_inlines(item)).unwrap();
                        }
                        writeln!(out)
                    }
                    Blk::Table(rows) => {
                        out.push_str("| Étape | Qui s'en charge | Durée |\n|---|---|---|\n");
                        for (a, b, c) in rows {
                            writeln!(out, "| {a} | {b} | {c} |").unwrap();
                        }
                        writeln!(out)
                    }
                    Blk::Figure { file, alt } => writeln!(out, "![{alt}](site/img/{file})\n"),
                }
                .unwrap();
            }
        }
        out
    }
}
