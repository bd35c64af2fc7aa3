//! Unit tests of the tree stage: one construct each, markdown and HTML.

use super::*;
use crate::book::dump::dump_chapter;
use crate::book::Chapter;
use crate::load::FrontMatter;

/// A page whose body starts on file line 5 (four lines of front matter before it).
fn page(body: &str) -> Page {
    Page {
        source: "page.md".into(),
        front: FrontMatter {
            title: Some("Titre".into()),
            ..FrontMatter::default()
        },
        url: "/guide/page".into(),
        body: body.into(),
        body_line: 5,
        ..Page::default()
    }
}

fn chapter_of(page: &Page) -> (Chapter, Diagnostics) {
    let mut diags = Diagnostics::new();
    let chapter = chapter::build(
        page,
        &page.source,
        &crate::limits::Limits::default(),
        &mut diags,
    );
    (chapter, diags)
}

/// The dump of the body's chapter, without its first two lines (chapter, title).
fn dump_body(body: &str) -> String {
    let (chapter, _) = chapter_of(&page(body));
    dump_chapter(&chapter)
        .lines()
        .skip(2)
        .map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l)))
        .collect()
}

/// Asserts that each expected fragment (several lines, already de-indented) is in the dump.
fn assert_dump(body: &str, expected: &[&str]) {
    let dump = dump_body(body);
    for e in expected {
        assert!(dump.contains(e), "missing:\n{e}\nin:\n{dump}");
    }
}

// ---- markdown -------------------------------------------------------------------------------

#[test]
fn markdown_positions_are_file_positions() {
    assert_dump(
        "Intro\n\n## Section\n\nText *emph* and **strong**\nnext line.\n",
        &[
            "paragraph @5:1\n  text \"Intro\"\n",
            "heading h2 md @7:1\n  text \"Section\"\n",
            "paragraph @9:1\n  text \"Text \"\n  emph\n    text \"emph\"\n  text \" and \"\n  strong\n    text \"strong\"\n  text \" next line.\"\n",
        ],
    );
}

#[test]
fn markdown_heading_ids_come_from_the_loader() {
    let mut p = page("## Un\n\n## Deux\n\nPara\n");
    p.heading_ids.insert(5, "un".into());
    p.block_attrs.push(crate::load::BlockAttrs {
        line: 7,
        id: Some("deux".into()),
        ..Default::default()
    });
    p.block_attrs.push(crate::load::BlockAttrs {
        line: 9,
        id: Some("para".into()),
        classes: vec!["fr-text--lead".into()],
        ..Default::default()
    });
    let (chapter, _) = chapter_of(&p);
    let dump = dump_chapter(&chapter);
    assert!(dump.contains("heading h2 md #un @5:1"), "{dump}");
    assert!(dump.contains("heading h2 md #deux @7:1"), "{dump}");
    assert!(
        dump.contains("anchor #para @9:1\n  lead @9:1\n    text \"Para\""),
        "{dump}"
    );
}

#[test]
fn a_paragraph_language_is_kept_as_a_span() {
    // `{: lang="ar" dir="rtl"}` after the paragraph, and `<p lang="ar">`.
    let mut p = page("مرحبا بكم\n\n<p lang=\"ar\" dir=\"rtl\">أهلا</p>\n");
    p.block_attrs.push(crate::load::BlockAttrs {
        line: 5,
        attrs: vec![("lang".into(), "ar".into()), ("dir".into(), "rtl".into())],
        ..Default::default()
    });
    let (chapter, _) = chapter_of(&p);
    let dump = dump_chapter(&chapter);
    assert!(
        dump.contains("paragraph @5:1\n    lang ar\n      text \"مرحبا بكم\""),
        "{dump}"
    );
    assert!(
        dump.contains("paragraph @7:1\n    lang ar\n      text \"أهلا\""),
        "{dump}"
    );
}

#[test]
fn markdown_image_alone_is_a_figure() {
    assert_dump(
        "![Schéma des phases](/img/a.png \"titre\")\n\nTexte ![](/i.png) inline\n",
        &[
            "figure @5:1\n  image src=\"/img/a.png\" alt=\"Schéma des phases\" title=\"titre\" -> unresolved @5:1\n",
            "  image src=\"/i.png\" alt=\"\" -> unresolved @7:7\n",
        ],
    );
}

#[test]
fn footnotes_are_numbered_by_first_call() {
    let (chapter, _) = chapter_of(&page(
        "B[^b] then A[^a] and B again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n",
    ));
    let dump = dump_chapter(&chapter);
    assert!(dump.contains("text \"B\"\n    fnref 1 @5:2\n"), "{dump}");
    assert!(dump.contains("fnref 2 @5:13"), "{dump}");
    assert!(
        dump.contains(
            "  footnotes\n    footnote 1 #page-fn-1 @8:1\n      paragraph @8:7\n        text \"Note B.\"\n    footnote 2 #page-fn-2 @7:1\n"
        ),
        "{dump}"
    );
}

#[test]
fn markdown_lists_tables_and_friends() {
    // `3.` first: kramdown numbers a markdown list from 1 all the same (only `{: start}` says otherwise).
    assert_dump(
        "3. trois\n4. quatre\n\n- [x] fait\n- [ ] à faire\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n> cité\n\n```rust\nfn f() {}\n```\n\n---\n\n~~barré~~ https://beta.gouv.fr\n\nTerme\n\n: Définition\n",
        &[
            "list ordered start=1 @5:1\n  item\n    paragraph @5:4\n      text \"trois\"\n",
            "list bullet @8:1\n  item [x]\n    paragraph @8:7\n      text \"fait\"\n  item [ ]\n",
            "table align=[left right] @11:1\n  head\n    row\n      cell th\n        paragraph @11:2\n          text \"a\"\n",
            "  body\n    row\n      cell td\n        paragraph @13:2\n          text \"1\"\n",
            "quote @15:1\n  paragraph @15:3\n    text \"cité\"\n",
            "code lang=rust @17:1\n  \"fn f() {}\"\n",
            "rule @21:1\n",
            "strike\n    text \"barré\"\n  text \" https://beta.gouv.fr\"\n",
            "deflist @25:1\n  term \"Terme\"\n    details\n      paragraph @27:3\n        text \"Définition\"\n",
        ],
    );
}

#[test]
fn bare_urls_stay_text_as_in_kramdown() {
    // kramdown-parser-gfm links only `<…>` autolinks, never bare addresses.
    let dump = dump_body("Voir https://beta.gouv.fr, www.beta.gouv.fr ou contact@beta.gouv.fr.\n\nLiens <https://x.org> et <contact@x.org>\n");
    assert!(
        dump.contains(
            "text \"Voir https://beta.gouv.fr, www.beta.gouv.fr ou contact@beta.gouv.fr.\""
        ),
        "{dump}"
    );
    assert_eq!(dump.matches("link ").count(), 2, "{dump}");
    assert!(dump.contains("link \"https://x.org\""), "{dump}");
    assert!(dump.contains("link \"mailto:contact@x.org\""), "{dump}");
}

#[test]
fn inline_html_in_markdown_paragraphs() {
    assert_dump(
        "Un <span lang=\"en\">*open* data</span> <abbr title=\"Direction\">DINUM</abbr>, le 1<sup>er</sup>,\n<kbd>Ctrl</kbd><br>fin&nbsp;! <a href=\"/x\">lien</a> [md](/y)\n",
        &[
            "paragraph @5:1\n  text \"Un \"\n  lang en\n    emph\n      text \"open\"\n    text \" data\"\n  text \" \"\n  abbr title=\"Direction\"\n    text \"DINUM\"\n  text \", le 1\"\n  sup\n    text \"er\"\n  text \", \"\n  code \"Ctrl\"\n  linebreak\n  text \"fin\\u{a0}! \"\n  link \"/x\" -> unresolved @6:31\n    text \"lien\"\n  text \" \"\n  link \"/y\" -> unresolved @6:53\n",
        ],
    );
}

#[test]
fn indented_html_with_blank_lines_is_not_code() {
    let body = "<div class=\"fr-container\">\n\n    <p>Premier</p>\n\n        <p>Second</p>\n\n</div>\n\nAprès\n";
    let dump = dump_body(body);
    assert!(!dump.contains("code"), "{dump}");
    assert!(
        dump.contains("paragraph @7:5\n  text \"Premier\"\n"),
        "{dump}"
    );
    assert!(
        dump.contains("paragraph @9:9\n  text \"Second\"\n"),
        "{dump}"
    );
    assert!(
        dump.contains("paragraph @13:1\n  text \"Après\"\n"),
        "{dump}"
    );
}

#[test]
fn markdown_inside_html_with_markdown_attribute() {
    assert_dump(
        "<div id=\"bloc\" markdown=\"1\">\n\n*emph* text\n\n</div>\n",
        &["anchor #bloc @5:1\nparagraph @7:1\n  emph\n    text \"emph\"\n  text \" text\"\n"],
    );
}

// ---- HTML -----------------------------------------------------------------------------------

#[test]
fn html_headings_paragraphs_links_images() {
    assert_dump(
        "<div>\n<h2 id=\"deux\">Deux <em>mots</em></h2>\n<h3>Trois</h3>\n<p>Un <a href=\"/a\">lien</a> et <img src=\"/i.png\"> sans alt, <img src=\"/d.png\" alt=\"\"></p>\n</div>\n",
        &[
            "heading h2 html #deux @6:1\n  text \"Deux \"\n  emph\n    text \"mots\"\n",
            "heading h3 html @7:1\n  text \"Trois\"\n",
            "paragraph @8:1\n  text \"Un \"\n  link \"/a\" -> unresolved @8:7\n    text \"lien\"\n  text \" et \"\n  image src=\"/i.png\" alt=none -> unresolved @8:32\n  text \" sans alt, \"\n  image src=\"/d.png\" alt=\"\" -> unresolved @8:61\n",
        ],
    );
}

#[test]
fn html_lists_and_tables() {
    assert_dump(
        "<ol start=\"4\">\n  <li>quatre</li>\n  <li><p>cinq</p><ul><li>sous</li></ul></li>\n</ol>\n<table>\n<caption>Légende</caption>\n<thead><tr><th colspan=\"2\">Tête</th></tr></thead>\n<tbody><tr><td rowspan=\"2\">a</td><td>b</td></tr></tbody>\n</table>\n",
        &[
            "list ordered start=4 @5:1\n  item\n    paragraph @6:7\n      text \"quatre\"\n  item\n    paragraph @7:7\n      text \"cinq\"\n    list bullet @7:18\n      item\n        paragraph @7:26\n          text \"sous\"\n",
            "table align=[none none] @9:1\n  caption\n    text \"Légende\"\n  head\n    row\n      cell th colspan=2\n        paragraph",
            "  body\n    row\n      cell td rowspan=2\n        paragraph",
        ],
    );
}

#[test]
fn html_figure_quote_details_definitions_rule_pre() {
    assert_dump(
        "<figure>\n<img src=\"/f.png\" alt=\"F\">\n<figcaption>La <b>légende</b></figcaption>\n</figure>\n<blockquote><p>Cité</p></blockquote>\n<details><summary>Plus</summary><p>Caché</p></details>\n<dl><dt>Terme</dt><dd>Déf</dd></dl>\n<hr>\n<pre><code class=\"language-sh\">ls\n  -l\n</code></pre>\n",
        &[
            "figure @5:1\n  image src=\"/f.png\" alt=\"F\" -> unresolved @6:1\n  caption\n    text \"La \"\n    strong\n      text \"légende\"\n",
            "quote @9:1\n  paragraph @9:13\n    text \"Cité\"\n",
            "aside details @10:1\n  title \"Plus\"\n  paragraph @10:33\n    text \"Caché\"\n",
            "deflist @11:1\n  term \"Terme\"\n    details\n      paragraph",
            "rule @12:1\n",
            "code lang=sh @13:1\n  \"ls\\n  -l\"\n",
        ],
    );
}

#[test]
fn html_inline_elements() {
    assert_dump(
        "<p><i>i</i><em>em</em><b>b</b><strong>s</strong><s>s</s><del>d</del><sub>2</sub><sup>e</sup><code>c</code><kbd>k</kbd><samp>o</samp><abbr>X</abbr><span lang=\"en\">hi</span><span id=\"ici\">là</span></p>\n",
        &[
            "paragraph @5:1\n  emph\n    text \"i\"\n  emph\n    text \"em\"\n  strong\n    text \"b\"\n  strong\n    text \"s\"\n  strike\n    text \"s\"\n  strike\n    text \"d\"\n  sub\n    text \"2\"\n  sup\n    text \"e\"\n  code \"c\"\n  code \"k\"\n  code \"o\"\n  abbr\n    text \"X\"\n  lang en\n    text \"hi\"\n  anchor #ici\n  text \"là\"\n",
        ],
    );
}

#[test]
fn wrappers_are_transparent_and_loose_text_is_a_paragraph() {
    assert_dump(
        "<section id=\"s\">\n  <div class=\"fr-grid-row\">\n    <span>📅</span> Pendant <b>2 mois</b><br>\n    suite\n    <p>Vrai paragraphe</p>\n    <custom-box>Inconnu</custom-box>\n  </div>\n</section>\n",
        &[
            "anchor #s @5:1\nparagraph @7:5\n  text \"📅 Pendant \"\n  strong\n    text \"2 mois\"\n  linebreak\n  text \"suite\"\nparagraph @9:5\n  text \"Vrai paragraphe\"\nparagraph @10:17\n  text \"Inconnu\"\n",
        ],
    );
}

#[test]
fn navigation_scripts_and_forms_are_dropped() {
    let dump = dump_body(
        "<nav><p>Menu</p></nav>\n<!-- commentaire -->\n<script>var x = '<p>no</p>';</script>\n<style>p {}</style>\n<form><input value=\"x\"><button>Envoyer</button></form>\n<div><svg><text>dessin</text></svg><p>Reste</p></div>\n<div class=\"fr-sidemenu\"><p>Sommaire</p></div>\n",
    );
    assert_eq!(dump, "paragraph @10:36\n  text \"Reste\"\n");
}

#[test]
fn videos_become_links() {
    assert_dump(
        "<div class=\"video\">\n  <iframe src=\"https://www.dailymotion.com/embed/video/x6\" title=\"Présentation\"></iframe>\n</div>\n",
        &["paragraph @6:3\n  text \"Vidéo : \"\n  link \"https://www.dailymotion.com/video/x6\" -> unresolved @6:3\n    text \"Présentation\"\n"],
    );
}

// ---- design system --------------------------------------------------------------------------

#[test]
fn dsfr_callout_highlight_alert_lead() {
    assert_dump(
        "<div class=\"fr-callout\">\n<h2 class=\"fr-callout__title\">Titre</h2>\n<p class=\"fr-callout__text\">Texte</p>\n</div>\n<div class=\"fr-highlight\"><p>Important</p></div>\n<div class=\"fr-alert fr-alert--info\"><h3 class=\"fr-alert__title\">Info</h3><p>Détail</p></div>\n<p class=\"fr-text--lead\">Chapeau</p>\n",
        &[
            "aside callout @5:1\n  title \"Titre\"\n  paragraph @7:1\n    text \"Texte\"\n",
            "aside highlight @9:1\n  paragraph @9:27\n    text \"Important\"\n",
            "aside alert-info @10:1\n  title \"Info\"\n  paragraph",
            "lead @11:1\n  text \"Chapeau\"\n",
        ],
    );
}

#[test]
fn dsfr_tiles_side_by_side_make_one_list() {
    let dump = dump_body(
        "<div class=\"fr-grid-row\">\n<div class=\"fr-col\"><div class=\"fr-tile\"><div class=\"fr-tile__body\">\n<h3 class=\"fr-tile__title\"><a href=\"/a\">Tuile A</a></h3>\n<p class=\"fr-tile__desc\">Desc A</p>\n</div></div></div>\n<div class=\"fr-col\"><div class=\"fr-card\"><div class=\"fr-card__header\"><img src=\"/c.png\" alt=\"\"></div>\n<h3 class=\"fr-card__title\">Carte B</h3>\n</div></div>\n</div>\n",
    );
    assert!(
        dump.starts_with("list bullet @6:21\n  item\n    paragraph @6:21\n      strong\n        link \"/a\" -> unresolved"),
        "{dump}"
    );
    assert!(dump.contains("    paragraph @8:1\n      text \"Desc A\"\n  item\n    paragraph @10:21\n      strong\n        text \"Carte B\"\n"), "{dump}");
    assert_eq!(dump.matches("list bullet").count(), 1, "{dump}");
    assert!(!dump.contains("heading"), "{dump}");
    assert!(!dump.contains("c.png"), "{dump}");
}

#[test]
fn dsfr_accordions_are_headings_one_level_down() {
    assert_dump(
        "## Questions\n\n<div class=\"fr-accordions-group\">\n<section class=\"fr-accordion\">\n<h3 class=\"fr-accordion__title\"><button class=\"fr-accordion__btn\">Q1 ?</button></h3>\n<div class=\"fr-collapse\" id=\"a1\"><p>R1</p></div>\n</section>\n<section class=\"fr-accordion\">\n<h3 class=\"fr-accordion__title\"><button class=\"fr-accordion__btn\">Q2 ?</button></h3>\n<div class=\"fr-collapse\"><p>R2</p></div>\n</section>\n</div>\n",
        &[
            "heading h2 md @5:1\n  text \"Questions\"\nheading h3 html @8:1\n  text \"Q1 ?\"\nparagraph @10:34\n  text \"R1\"\nheading h3 html @12:1\n  text \"Q2 ?\"\nparagraph @14:26\n  text \"R2\"\n",
        ],
    );
}

// ---- chapter --------------------------------------------------------------------------------

#[test]
fn leading_h1_repeating_the_title_is_dropped() {
    let dump = dump_body("<h1>  titre </h1>\n<p>Texte</p>\n<h1>Autre</h1>\n");
    assert_eq!(
        dump,
        "paragraph @6:1\n  text \"Texte\"\nheading h1 html @7:1\n  text \"Autre\"\n"
    );
}

#[test]
fn title_falls_back_to_first_h1_then_file_name() {
    let mut p = page("# Le *vrai* titre\n\nTexte\n");
    p.front.title = None;
    p.front.subtitle = Some("Sous-titre".into());
    let (chapter, _) = chapter_of(&p);
    assert_eq!(crate::book::plain_text(&chapter.title), "Le vrai titre");
    assert_eq!(chapter.blocks.len(), 1);
    assert_eq!(
        chapter.subtitle,
        Some(vec![crate::book::Inline::Text("Sous-titre".into())])
    );
    let mut p = page("Texte\n");
    p.front.title = None;
    p.source = "_pages/mon-fichier.md".into();
    let (chapter, _) = chapter_of(&p);
    assert_eq!(crate::book::plain_text(&chapter.title), "mon-fichier");
    assert_eq!(chapter.id, "page");
    assert_eq!(chapter.url, "/guide/page");
}

#[test]
fn deep_nesting_is_capped_with_a_diagnostic() {
    let depth = 5000;
    let body = format!(
        "{}texte profond{}\n\n{}quote\n",
        "<div><span>".repeat(depth),
        "</span></div>".repeat(depth),
        "> ".repeat(200)
    );
    let (chapter, diags) = chapter_of(&page(&body));
    let text = dump_chapter(&chapter);
    assert!(text.contains("texte profond"), "{text}");
    assert!(text.contains("quote"));
    assert!(diags.iter().any(|d| d.message.contains("nested deeper")));
}

#[test]
fn unclosed_html_block_is_reported() {
    let (chapter, diags) = chapter_of(&page("Avant\n\n<div>\nnon fermé\n"));
    assert!(dump_chapter(&chapter).contains("non fermé"));
    let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        messages,
        vec!["page.md:7:1: warning: html block `<div>` has no end tag\n  hint: kramdown takes the rest of the page into it; close the tag"]
    );
}

#[test]
fn autolink_at_line_start_is_not_an_html_block() {
    let body = "Le référentiel\\\n<https://exemple.fr/ref>\n\n### Ressources\n\n**Code** : <https://exemple.fr/code>\n\n<contact@exemple.fr>\n";
    let (chapter, diags) = chapter_of(&page(body));
    assert!(diags.is_empty(), "{}", diags.render());
    let dump = dump_chapter(&chapter);
    for expected in [
        "link \"https://exemple.fr/ref\" -> unresolved @6:1\n",
        "heading h3 md @8:1\n",
        "strong\n",
        "link \"https://exemple.fr/code\"",
        "link \"mailto:contact@exemple.fr\"",
    ] {
        assert!(dump.contains(expected), "missing {expected:?} in:\n{dump}");
    }
}

#[test]
fn kramdown_block_rules_where_commonmark_differs() {
    // `1)` is no list marker; `2.` may interrupt a paragraph; ` ## x` and `##` are text;
    // a table needs a blank line before it.
    let body = "Trois étapes :\n1) choisir\n2) signer\n\nAvant\n2. deuxième\n\n ## pas un titre\n\n##\n\nRôles :\n| a | b |\n| --- | --- |\n";
    let dump = dump_body(body);
    for expected in [
        "paragraph @5:1\n  text \"Trois étapes : 1) choisir 2) signer\"\n",
        "paragraph @9:1\n  text \"Avant\"\nlist ordered start=1 @10:1\n  item\n    paragraph @10:4\n      text \"deuxième\"\n",
        "paragraph @12:2\n  text \"## pas un titre\"\n",
        "paragraph @14:1\n  text \"##\"\n",
        // kramdown sets `---` as an em dash in a paragraph.
        "paragraph @16:1\n  text \"Rôles : | a | b | | — | — |\"\n",
    ] {
        assert!(dump.contains(expected), "missing {expected:?} in:\n{dump}");
    }
    assert!(!dump.contains("heading"), "{dump}");
}

#[test]
fn definition_lists_as_kramdown_makes_them() {
    // Two lines before the `:` are two terms; a second `:` is a second definition of the same
    // term, never an empty term (issue 17).
    let dump = dump_body("Premier\nSecond\n: Pour les deux\n\nTerme\n\n: Un sens\n\n: Un autre\n");
    assert_eq!(
        dump,
        "deflist @5:1\n  term \"Premier\"\n  term \"Second\"\n    details\n      paragraph @7:3\n        text \"Pour les deux\"\n  term \"Terme\"\n    details\n      paragraph @11:3\n        text \"Un sens\"\n    details\n      paragraph @13:3\n        text \"Un autre\"\n"
    );
}

#[test]
fn kramdown_extensions_comment_nomarkdown_options() {
    let body = "{::options parse_block_html=\"true\" /}\nAvant\n\n{::comment}\nNote *cachée*\n{:/comment}\n\n{::nomarkdown}\nTexte *brut*\n{:/nomarkdown}\n\nFin {::comment}non{:/} ici.\n";
    let dump = dump_body(body);
    assert_eq!(
        dump,
        "paragraph @6:1\n  text \"Avant\"\nparagraph @13:1\n  text \"Texte *brut*\"\nparagraph @16:1\n  text \"Fin ici.\"\n"
    );
}

#[test]
fn a_link_without_text_is_left_out_and_said() {
    // `[](url)` shows nothing on the site; in the EPUB it would be a link no reader can name.
    let (chapter, diags) = chapter_of(&page("## [](https://exemple.fr/doc)Interopérabilité\n"));
    let dump = dump_chapter(&chapter);
    assert!(!dump.contains("link"), "{dump}");
    assert!(dump.contains("text \"Interopérabilité\""), "{dump}");
    let said = diags.render();
    assert!(
        said.contains("5:4: warning: link to `https://exemple.fr/doc` has no text: left out"),
        "{said}"
    );
}

#[test]
fn garbage_never_panics() {
    for body in [
        "",
        "<",
        "</div>",
        "<div",
        "<!--",
        "<table><td>x",
        "[^x]\n\n[^x]:",
        "<p>\u{0}</p>",
        "<a href=\"x\"><a href=\"y\">z</a></a>",
        "* <div>\n  </div>\n",
        "<details><summary></summary></details>",
        "<div class=\"fr-accordion\"></div><div class=\"fr-tile\"></div>",
    ] {
        let _ = chapter_of(&page(body));
    }
}

#[test]
fn emphasis_follows_kramdown_not_commonmark() {
    // Each expectation was checked against kramdown 2.4 (GFM input).
    let dump = dump_body("L**’ambition** et **a*\n");
    assert!(dump.contains("  text \"L\"\n  strong\n    text \"’ambition\"\n  text \" et \"\n  emph\n    text \"*a\"\n"), "{dump}");
    let dump = dump_body("***a*** et ***b** et le 10*20 et 3*4, a ** ** b\n");
    assert!(dump.contains("  strong\n    emph\n      text \"a\"\n  text \" et \"\n  emph\n    strong\n      text \"b\"\n    text \" et le 10\"\n  text \"20 et 3*4, a ** ** b\"\n"), "{dump}");
    let dump = dump_body("foo-_bar_ a__b__ _a_ snake_case_x\n");
    assert!(
        dump.contains(
            "  text \"foo-_bar_ a__b__ \"\n  emph\n    text \"a\"\n  text \" snake_case_x\"\n"
        ),
        "{dump}"
    );
    // A link's text is read with the emphasis around it still open.
    let dump = dump_body("*[a *b* c](u) d*\n");
    assert!(
        dump.contains(
            "  emph\n    link \"u\" -> unresolved @5:2\n      text \"a *b* c\"\n    text \" d\"\n"
        ),
        "{dump}"
    );
    // Code, image descriptions and escapes keep their characters.
    let dump = dump_body("`a*b*` ![a *b*](x.png) \\*d\\* [x](/a_b_c) <https://x.fr/_a_>\n");
    assert!(dump.contains("code \"a*b*\""), "{dump}");
    assert!(dump.contains("alt=\"a *b*\""), "{dump}");
    assert!(dump.contains("text \" *d* \""), "{dump}");
    assert!(dump.contains("link \"/a_b_c\""), "{dump}");
    assert!(dump.contains("text \"https://x.fr/_a_\""), "{dump}");
    // An entity reference is read as kramdown reads it: `;` before the closing run.
    let dump = dump_body("un **mot&#x20;**&#x70;lus\n");
    assert!(
        dump.contains("  strong\n    text \"mot \"\n  text \"plus\"\n"),
        "{dump}"
    );
    // Bullets and rules still build blocks.
    let dump = dump_body("* un *x*\n\n***\n");
    assert!(dump.contains("list bullet"), "{dump}");
    assert!(dump.contains("rule @"), "{dump}");
}

#[test]
fn unmatched_delimiters_stay_cheap() {
    let body = "*a **b _c __d ".repeat(2000);
    let start = std::time::Instant::now();
    let dump = dump_body(&body);
    assert!(dump.contains("*a **b _c __d"), "{}", &dump[..200]);
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn abbreviations_are_marked_in_markdown_text_only() {
    let mut p = page("Le PNI et `PNI`, [le PNI](/x) ; PNIs.\n\n<div>PNI brut</div>\n");
    p.abbreviations
        .insert("PNI".into(), "Pôle Numérique Inclusif".into());
    let (chapter, _) = chapter_of(&p);
    let dump = dump_chapter(&chapter);
    assert_eq!(
        dump.matches("abbr title=\"Pôle Numérique Inclusif\"\n")
            .count(),
        2,
        "{dump}"
    );
    assert!(dump.contains("code \"PNI\""), "{dump}");
    assert!(dump.contains("text \"PNI brut\""), "{dump}");
}

#[test]
fn kramdown_symbols_and_smart_quotes_in_markdown_text() {
    // Each expectation was checked against kramdown 2.4 (GFM input, Jekyll's smart quotes).
    let texts = |body: &str| -> String {
        dump_body(body)
            .lines()
            .filter_map(|l| l.trim().strip_prefix("text \""))
            .map(|t| t.trim_end_matches('"').to_string())
            .collect::<Vec<_>>()
            .join("|")
    };
    assert_eq!(
        texts("l'État et 'été' et \"élan\" fin\n"),
        "l’État et ‘été’ et “élan” fin"
    );
    assert_eq!(
        texts("a -- b --- c ... d << e >> f\n"),
        "a – b — c … d «\\u{a0}e\\u{a0}» f"
    );
    assert_eq!(
        texts("\"*x*\" et (\"y\") x\" et '90s 'a' 1'\n"),
        "“|x|” et (“y”) x” et ’90s ‘a’ 1’"
    );
    assert_eq!(
        texts("*\"x\"* et \"**gras**\" et **\"gras\"**\n"),
        "“x”| et “|gras|” et |“gras”"
    );
    assert_eq!(
        texts("C'est l'\"idée\" qu'il a. \"Bonjour\" ! -- \"au revoir\".\n"),
        "C’est l’“idée” qu’il a. “Bonjour” ! – “au revoir”."
    );
    // Not in code, image descriptions, autolinks, raw inline code, or URLs written as text.
    let dump = dump_body("`c -- d` ![e -- f](x.png) <https://x.org/a--b> <code>a -- \"b\"</code> https://x.org/a--b...\n");
    assert!(dump.contains("code \"c -- d\""), "{dump}");
    assert!(dump.contains("alt=\"e -- f\""), "{dump}");
    assert!(dump.contains("text \"https://x.org/a--b\""), "{dump}");
    assert!(dump.contains("code \"a -- \\\"b\\\"\""), "{dump}");
    assert!(dump.contains("https://x.org/a--b...\""), "{dump}");
}

#[test]
fn leading_h1_with_smart_quotes_still_repeats_the_title() {
    let mut p = page("# L'Assistant\n\nTexte.\n");
    p.front.title = Some("L'Assistant".into());
    let (chapter, _) = chapter_of(&p);
    assert!(
        !chapter
            .blocks
            .iter()
            .any(|b| matches!(b, crate::book::Block::Heading { .. })),
        "{}",
        dump_chapter(&chapter)
    );
}
