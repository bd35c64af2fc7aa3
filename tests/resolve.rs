//! The `resolve` stage on hand-built books: kramdown ids, anchors, links, images.

use std::path::{Path, PathBuf};

use livret::book::{
    Block, Book, Chapter, Footnote, HeadingOrigin, Image, ImageTarget, Inline, LinkTarget, Pos,
};
use livret::diag::{Diagnostics, Severity};
use livret::load::{Config, FrontMatter, Page, Site, SitePage};
use livret::resolve::ids::GfmIds;
use livret::resolve::{resolve, LinkStats};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn t(s: &str) -> Inline {
    Inline::Text(s.into())
}

fn link(href: &str, text: &str, line: u32) -> Inline {
    Inline::Link {
        href: href.into(),
        target: LinkTarget::Unresolved,
        content: vec![t(text)],
        pos: Pos::new(line, 3),
    }
}

fn image(src: &str, line: u32) -> Image {
    Image {
        src: src.into(),
        alt: Some("alt".into()),
        title: None,
        width: None,
        height: None,
        target: ImageTarget::Unresolved,
        pos: Pos::new(line, 5),
    }
}

fn heading(content: Vec<Inline>) -> Block {
    Block::Heading {
        level: 2,
        id: None,
        origin: HeadingOrigin::Markdown,
        content,
        pos: Pos::new(1, 1),
    }
}

fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph {
        content,
        pos: Pos::new(1, 1),
    }
}

// ---------------------------------------------------------------------------------------------
// Kramdown ids against a real `jekyll build` (Debian jekyll 4.3.1, kramdown 2.4.0,
// kramdown-parser-gfm 1.1.0) of `tests/fixtures/kramdown-ids/index.md`; the ids it produced, one
// per heading in order, are `expected-ids.txt` (`(none)`: no id attribute).

/// The headings of `index.md` as the tree stage gives them; `None` for the ones kramdown does
/// not give a GFM id (inside `<div markdown="1">`, raw HTML).
fn kramdown_fixture_headings() -> Vec<Option<(Option<&'static str>, Vec<Inline>)>> {
    let plain = |s: &'static str| Some((None, vec![t(s)]));
    vec![
        plain("Introduction à la méthode Startup d'État"),
        Some((
            None,
            vec![
                t("L’équipe travaille "),
                Inline::Strong(vec![t("sans préjuger")]),
                t(" à l'avance"),
            ],
        )),
        plain("Cette approche se décline en 4 phases\u{a0}:"),
        plain("L'intrapreneur·e est une personne qui"),
        Some((
            None,
            vec![
                t("Pendant la "),
                link(
                    "https://beta.gouv.fr/approche/investigation",
                    "phase d’investigation",
                    1,
                ),
            ],
        )),
        plain("« Citation » entre guillemets"),
        plain("<< Chevrons >> doubles"),
        plain("Emoji \u{1f600} souriant"),
        plain("Coche \u{2714}\u{fe0f} fait"),
        plain("3 trajectoires de pérennisation"),
        plain("2024 : l'année"),
        Some((
            None,
            vec![
                t("Le "),
                Inline::Code("code".into()),
                t(" inline et "),
                Inline::Code("a b".into()),
            ],
        )),
        plain("Tirets -- courts --- longs ---- quatre ----- cinq"),
        plain("Points... de suspension"),
        plain("A & B & C"),
        plain("Lancez-vous avec demarches-simplifiees.fr !"),
        plain("Quels sont les signaux ?"),
        plain("Doublon"),
        plain("Doublon"),
        plain("Doublon-1"),
        plain("Doublon"),
        plain("!!!"),
        plain("???"),
        plain("C# et F#"),
        plain("Titre avec des dièses finaux"),
        Some((Some("mon-id"), vec![t("Titre explicite")])),
        plain("Mon-id"),
        plain("Über Straße ÉCOLE İstanbul"),
        plain("ΟΔΟΣ σοφος"),
        plain("Fractions ½ et m² et x¹"),
        Some((
            None,
            vec![
                t("Under_score et "),
                Inline::Emph(vec![t("emph")]),
                t(" et "),
                Inline::Strong(vec![t("fort")]),
            ],
        )),
        Some((
            None,
            vec![
                t("Image "),
                Inline::Image(image("/img/x.png", 1)),
                t(" dedans"),
            ],
        )),
        Some((
            None,
            vec![
                t("Note"),
                Inline::FootnoteRef {
                    number: 1,
                    pos: Pos::new(1, 1),
                },
                t(" de bas"),
            ],
        )),
        plain("Tab\tséparé"),
        plain("Espace  double"),
        Some((
            None,
            vec![
                t("HTML"),
                t(" en ligne et "),
                Inline::Abbr {
                    title: Some("x".into()),
                    content: vec![t("ABBR")],
                },
            ],
        )),
        plain("Entité été é \u{2019}"),
        plain("Échappé *étoile* # dièse"),
        plain("Tiret – demi et — cadratin"),
        plain("Mot\u{202f}? fine"),
        plain("Apostrophe droite l'été et ‘simple’ “double” \"droites\""),
        plain("日本語 テスト"),
        plain("café au lait‿lié"),
        Some((None, vec![Inline::Strike(vec![t("barré")]), t(" texte")])),
        plain("Titre setext"),
        plain("Dans une citation"),
        plain("Dans une liste"),
        None, // <div markdown="1"> ## Dans un div markdown
        None, // <div markdown="1"> ## Dans un div markdown
        None, // <div markdown="1"> ## 1 Deuxième div
        None, // <h2>Titre HTML</h2>
        plain("Fin"),
    ]
}

#[test]
fn kramdown_ids_match_jekyll() {
    let expected_text =
        std::fs::read_to_string(fixtures().join("kramdown-ids/expected-ids.txt")).unwrap();
    let expected: Vec<&str> = expected_text.lines().collect();
    let headings = kramdown_fixture_headings();
    assert_eq!(headings.len(), expected.len());
    let mut ids = GfmIds::new();
    let mut checked = 0;
    for (i, (heading, want)) in headings.iter().zip(&expected).enumerate() {
        match heading {
            Some((Some(explicit), _)) => assert_eq!(explicit, want, "heading {}", i + 1),
            Some((None, content)) => {
                let got = ids.next(content);
                let want = (*want != "(none)").then_some(*want);
                assert_eq!(got.as_deref(), want, "heading {}", i + 1);
                checked += 1;
            }
            None => {}
        }
    }
    assert_eq!(checked, 47);
    // The ones out of reach, documented in `resolve::ids`: kramdown's HTML converter gives
    // headings inside `<div markdown="1">` its ASCII ids; raw HTML headings get none.
    assert_eq!(
        &expected[47..51],
        &[
            "dans-un-div-markdown",
            "dans-un-div-markdown-1",
            "deuxime-div",
            "(none)"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// A small guide in `tests/fixtures/resolve-site`: four chapters, two site pages outside the guide.

fn chapter(id: &str, source: &str, url: &str, blocks: Vec<Block>) -> Chapter {
    Chapter {
        id: id.into(),
        source: source.into(),
        url: url.into(),
        title: vec![t(id)],
        blocks,
        ..Default::default()
    }
}

fn site(baseurl: &str) -> Site {
    let page = |source: &str, url: &str, redirects: &[&str]| Page {
        source: source.into(),
        url: url.into(),
        front: FrontMatter {
            redirect_from: redirects.iter().map(|s| s.to_string()).collect(),
            published: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let site_page = |source: &str, url: &str, redirects: &[&str]| SitePage {
        source: source.into(),
        url: url.into(),
        redirect_from: redirects.iter().map(|s| s.to_string()).collect(),
        title: None,
    };
    Site {
        config: Config {
            title: "Guide".into(),
            lang: "fr".into(),
            url: "https://beta.gouv.fr".into(),
            baseurl: baseurl.into(),
            site: fixtures().join("resolve-site"),
            typography: true,
            ..Default::default()
        },
        pages: vec![
            page("_pages/approche.md", "/approche/", &[]),
            page(
                "_pages/programme/investigation.md",
                "/approche/investigation",
                &[],
            ),
            page("_pages/programme/transfert.md", "/approche/transfert", &[]),
            page(
                "_pages/manifeste.md",
                "/manifeste",
                &["/approche/manifeste/"],
            ),
        ],
        site_pages: vec![
            site_page("_pages/approche.md", "/approche/", &[]),
            site_page("_pages/contact.md", "/contact", &[]),
            site_page(
                "_pages/manifeste.md",
                "/manifeste",
                &["/approche/manifeste/"],
            ),
            site_page(
                "_pages/programme/investigation.md",
                "/approche/investigation",
                &[],
            ),
            site_page("_pages/programme/transfert.md", "/approche/transfert", &[]),
            site_page("_pages/startups.html", "/startups/", &["/startups-old"]),
        ],
        shadowed: Vec::new(),
    }
}

/// The guide, with `links` (one per line, from line 10) in the investigation chapter.
fn book_with_links(links: &[&str]) -> Book {
    let paragraphs = links
        .iter()
        .enumerate()
        .map(|(i, href)| para(vec![link(href, "lien", 10 + i as u32)]))
        .collect::<Vec<_>>();
    let mut investigation = vec![
        heading(vec![t("Pourquoi")]),
        heading(vec![t("Qui")]),
        heading(vec![t("Résultat attendu")]),
    ];
    investigation.extend(paragraphs);
    Book {
        images: Default::default(),
        chapters: vec![
            chapter("approche", "_pages/approche.md", "/approche/", vec![]),
            chapter(
                "investigation",
                "_pages/programme/investigation.md",
                "/approche/investigation",
                investigation,
            ),
            chapter(
                "transfert",
                "_pages/programme/transfert.md",
                "/approche/transfert",
                vec![heading(vec![t("Pourquoi")])],
            ),
            chapter("manifeste", "_pages/manifeste.md", "/manifeste", vec![]),
        ],
        ..Default::default()
    }
}

/// The targets of the investigation chapter's links, in order.
fn link_targets(book: &Book) -> Vec<LinkTarget> {
    book.chapters[1]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content, .. } => match &content[0] {
                Inline::Link { target, .. } => Some(target.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn resolve_links(baseurl: &str, links: &[&str]) -> (Vec<LinkTarget>, Diagnostics, LinkStats) {
    let mut book = book_with_links(links);
    let mut diags = Diagnostics::new();
    let stats = resolve(&mut book, &site(baseurl), &mut diags);
    (link_targets(&book), diags, stats)
}

fn internal(chapter: usize, anchor: &str) -> LinkTarget {
    LinkTarget::Internal {
        chapter,
        anchor: anchor.into(),
    }
}

fn external(url: &str) -> LinkTarget {
    LinkTarget::External(url.into())
}

#[test]
fn every_form_of_a_guide_link_is_internal() {
    let (targets, diags, stats) = resolve_links(
        "",
        &[
            "https://beta.gouv.fr/approche/transfert",
            "http://beta.gouv.fr/approche/transfert/",
            "https://www.beta.gouv.fr/approche/transfert.html",
            "https://beta.gouv.fr/approche/",
            "/approche/transfert#pourquoi",
            "/approche/manifeste/",
            "transfert.md",
            "../approche.md#",
            "transfert",
            "../manifeste",
            "#qui",
            "#r%C3%A9sultat-attendu",
            "/approche/investigation#pourquoi",
            "/approche/../approche/transfert#top",
        ],
    );
    assert!(diags.is_empty(), "{}", diags.render());
    assert_eq!(
        targets,
        vec![
            internal(2, "transfert"),
            internal(2, "transfert"),
            internal(2, "transfert"),
            internal(0, "approche"),
            internal(2, "transfert-pourquoi"),
            internal(3, "manifeste"),
            internal(2, "transfert"),
            internal(0, "approche"),
            internal(2, "transfert"),
            internal(3, "manifeste"),
            internal(1, "qui"),
            internal(1, "résultat-attendu"),
            internal(1, "investigation-pourquoi"),
            internal(2, "transfert"),
        ]
    );
    assert_eq!(
        stats,
        LinkStats {
            internal: 14,
            external: 0,
            broken: 0
        }
    );
}

#[test]
fn links_outside_the_guide_are_external() {
    let (targets, diags, stats) = resolve_links(
        "",
        &[
            "mailto:contact@beta.gouv.fr",
            "tel:+33100000000",
            "https://example.org/x?y=1#z",
            "/contact#proposer-une-id%C3%A9e",
            "/startups-old",
            "/content/docs/guide.pdf",
            "https://beta.gouv.fr/startups/#success",
            "../contact",
        ],
    );
    assert!(diags.is_empty(), "{}", diags.render());
    assert_eq!(
        targets,
        vec![
            external("mailto:contact@beta.gouv.fr"),
            external("tel:+33100000000"),
            external("https://example.org/x?y=1#z"),
            external("https://beta.gouv.fr/contact#proposer-une-id%C3%A9e"),
            external("https://beta.gouv.fr/startups-old"),
            external("https://beta.gouv.fr/content/docs/guide.pdf"),
            external("https://beta.gouv.fr/startups/#success"),
            external("https://beta.gouv.fr/contact"),
        ]
    );
    assert_eq!(stats.external, 8);
}

#[test]
fn baseurl_is_removed_before_matching() {
    let (targets, diags, _) = resolve_links(
        "/docs",
        &[
            "/docs/approche/transfert",
            "https://beta.gouv.fr/docs/approche/transfert#pourquoi",
            "/approche/transfert",
            "/docs/contact",
        ],
    );
    assert!(diags.is_empty(), "{}", diags.render());
    assert_eq!(
        targets,
        vec![
            internal(2, "transfert"),
            internal(2, "transfert-pourquoi"),
            internal(2, "transfert"),
            external("https://beta.gouv.fr/docs/contact"),
        ]
    );
}

#[test]
fn broken_links_are_located_errors_with_hints() {
    let (targets, diags, stats) = resolve_links(
        "",
        &[
            "/approche/transfer",
            "https://beta.gouv.fr/approche/investigation#pourquo",
            "#quii",
            "/manifest",
            "transfer.md",
        ],
    );
    assert_eq!(targets, vec![LinkTarget::Broken; 5]);
    assert_eq!(stats.broken, 5);
    assert_eq!(
        diags.render(),
        "tests/fixtures/resolve-site/_pages/programme/investigation.md:10:3: error: link to `/approche/transfer` matches no page of the site\n  hint: did you mean `/approche/transfert`?\n\
         tests/fixtures/resolve-site/_pages/programme/investigation.md:11:3: error: page `/approche/investigation` has no anchor `#pourquo`\n  hint: did you mean `#pourquoi`?\n\
         tests/fixtures/resolve-site/_pages/programme/investigation.md:12:3: error: page `/approche/investigation` has no anchor `#quii`\n  hint: did you mean `#qui`?\n\
         tests/fixtures/resolve-site/_pages/programme/investigation.md:13:3: error: link to `/manifest` matches no page of the site\n  hint: did you mean `/manifeste`?\n\
         tests/fixtures/resolve-site/_pages/programme/investigation.md:14:3: error: link to `transfer.md` matches no page of the guide\n  hint: did you mean `transfert.md`?\n"
    );
}

/// The site's home page is a page of the site even when its file is not in the folder (or its
/// layout alone makes it): a link to it leads out of the guide, to the site, with no message.
#[test]
fn the_home_page_is_a_page_of_the_site() {
    let (targets, diags, _) = resolve_links(
        "",
        &[
            "/",
            "http://beta.gouv.fr",
            "https://beta.gouv.fr/",
            "/index.html",
        ],
    );
    assert_eq!(diags.render(), "");
    assert_eq!(
        targets,
        vec![
            external("https://beta.gouv.fr/"),
            external("http://beta.gouv.fr"),
            external("https://beta.gouv.fr/"),
            external("https://beta.gouv.fr/index.html"),
        ]
    );
}

/// A link the site itself cannot serve: a page but for its letter case (servers do not forgive
/// it), or a page of a guide section that no page has. The hint compares names within their
/// folder, so that a common folder does not make unrelated names look alike.
#[test]
fn links_the_site_cannot_serve_are_errors_with_fair_hints() {
    let (targets, diags, _) = resolve_links(
        "",
        &[
            "https://beta.gouv.fr/Approche/Transfert",
            "/approche/itou.html",
            "/STARTUPS/",
        ],
    );
    assert_eq!(targets, vec![LinkTarget::Broken; 3]);
    assert_eq!(
        diags.render(),
        "tests/fixtures/resolve-site/_pages/programme/investigation.md:10:3: error: link to `https://beta.gouv.fr/Approche/Transfert` matches no page of the site\n  hint: did you mean `/approche/transfert`? the site's URLs are case-sensitive\n\
         tests/fixtures/resolve-site/_pages/programme/investigation.md:11:3: error: link to `/approche/itou.html` matches no page of the site\n\
         tests/fixtures/resolve-site/_pages/programme/investigation.md:12:3: error: link to `/STARTUPS/` matches no page of the site\n  hint: did you mean `/startups/`? the site's URLs are case-sensitive\n"
    );
}

#[test]
fn unknown_site_paths_and_empty_links_are_warnings() {
    let (targets, diags, _) = resolve_links("", &["/nulle-part", "", "#"]);
    assert_eq!(
        targets,
        vec![
            external("https://beta.gouv.fr/nulle-part"),
            internal(1, "investigation"),
            internal(1, "investigation"),
        ]
    );
    assert!(!diags.has_errors());
    assert_eq!(
        diags.render(),
        "tests/fixtures/resolve-site/_pages/programme/investigation.md:10:3: warning: link to `/nulle-part` matches no page of the site folder\n\
         tests/fixtures/resolve-site/_pages/programme/investigation.md:11:3: warning: link has no target\n\
         tests/fixtures/resolve-site/_pages/programme/investigation.md:12:3: warning: link `#` has no target\n"
    );
}

#[test]
fn anchors_are_unique_across_the_book() {
    let html_heading = |id: Option<&str>| Block::Heading {
        level: 2,
        id: id.map(str::to_string),
        origin: HeadingOrigin::Html,
        content: vec![t("Titre HTML")],
        pos: Pos::new(1, 1),
    };
    let note = |number: u32| Footnote {
        number,
        id: String::new(),
        blocks: vec![para(vec![t("note")])],
        pos: Pos::new(1, 1),
    };
    let mut a = chapter(
        "guide",
        "_pages/a.md",
        "/a",
        vec![
            heading(vec![t("Pourquoi")]),
            heading(vec![t("Seul ici")]),
            html_heading(None),
            heading(vec![t("Guide")]),
            Block::Anchor {
                id: "ancre".into(),
                pos: Pos::new(1, 1),
            },
            para(vec![t("x"), Inline::Anchor("pourquoi".into())]),
        ],
    );
    a.footnotes = vec![note(1)];
    let mut b = chapter(
        "guide",
        "_pages/b.md",
        "/b",
        vec![
            heading(vec![t("Pourquoi")]),
            html_heading(Some("ancre")),
            html_heading(None),
        ],
    );
    b.footnotes = vec![note(1)];
    let c = chapter("", "_pages/c.md", "/c", vec![heading(vec![t("guide-2")])]);
    let mut book = Book {
        images: Default::default(),
        chapters: vec![a, b, c],
        ..Default::default()
    };
    let mut diags = Diagnostics::new();
    resolve(&mut book, &site(""), &mut diags);

    let ids: Vec<String> = book.chapters.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids, ["guide", "guide-2", "chapter-3"]);
    let anchors = |ch: &Chapter| -> Vec<String> {
        let mut out = Vec::new();
        for b in &ch.blocks {
            match b {
                Block::Heading { id, .. } => out.push(id.clone().unwrap_or_default()),
                Block::Anchor { id, .. } => out.push(id.clone()),
                Block::Paragraph { content, .. } => {
                    for i in content {
                        if let Inline::Anchor(id) = i {
                            out.push(id.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        out.extend(ch.footnotes.iter().map(|f| f.id.clone()));
        out
    };
    assert_eq!(
        anchors(&book.chapters[0]),
        [
            "guide-pourquoi",
            "seul-ici",
            "guide-section-1",
            "guide-guide",
            "guide-ancre",
            "guide-pourquoi-2",
            "guide-fn-1"
        ]
    );
    assert_eq!(
        anchors(&book.chapters[1]),
        [
            "guide-2-pourquoi",
            "guide-2-ancre",
            "guide-2-section-1",
            "guide-2-fn-1"
        ]
    );
    // `guide-2` is a heading id in chapter 3 and the second chapter's id: both are prefixed.
    assert_eq!(anchors(&book.chapters[2]), ["chapter-3-guide-2"]);
    let mut all: Vec<String> = book.chapters.iter().flat_map(anchors).collect();
    all.extend(ids);
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "anchors are unique");
}

#[test]
fn links_reach_the_first_of_repeated_ids_and_footnotes() {
    let mut book = book_with_links(&["#fn:1", "#pourquoi"]);
    book.chapters[1].blocks.insert(
        0,
        Block::Anchor {
            id: "pourquoi".into(),
            pos: Pos::new(1, 1),
        },
    );
    book.chapters[1].footnotes = vec![Footnote {
        number: 1,
        id: String::new(),
        blocks: vec![],
        pos: Pos::new(1, 1),
    }];
    let mut diags = Diagnostics::new();
    resolve(&mut book, &site(""), &mut diags);
    assert!(diags.is_empty(), "{}", diags.render());
    assert_eq!(
        link_targets(&book),
        vec![
            internal(1, "investigation-fn-1"),
            internal(1, "investigation-pourquoi")
        ]
    );
    match &book.chapters[1].blocks[1] {
        Block::Heading { id, .. } => assert_eq!(id.as_deref(), Some("investigation-pourquoi-2")),
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Images.

fn resolve_images(srcs: &[&str]) -> (Vec<ImageTarget>, Diagnostics) {
    let mut book = book_with_links(&[]);
    let blocks = &mut book.chapters[1].blocks;
    for (i, src) in srcs.iter().enumerate() {
        blocks.push(para(vec![Inline::Image(image(src, 20 + i as u32))]));
    }
    blocks.push(Block::Figure {
        image: image("../../img/programme/investigation.png", 40),
        caption: None,
        pos: Pos::new(40, 1),
    });
    book.meta.cover = Some(image("img/programme/investigation.png", 0));
    let mut diags = Diagnostics::new();
    resolve(&mut book, &site(""), &mut diags);
    let mut targets: Vec<ImageTarget> = book.chapters[1]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content, .. } => match &content[0] {
                Inline::Image(img) => Some(img.target.clone()),
                _ => None,
            },
            Block::Figure { image, .. } => Some(image.target.clone()),
            _ => None,
        })
        .collect();
    targets.push(book.meta.cover.unwrap().target);
    (targets, diags)
}

fn file(rel: &str) -> ImageTarget {
    ImageTarget::File(
        fixtures()
            .join("resolve-site")
            .join(rel)
            .canonicalize()
            .unwrap(),
    )
}

#[test]
fn images_resolve_to_files_of_the_site_folder() {
    let (targets, diags) = resolve_images(&[
        "/img/programme/investigation.png",
        "schema.png",
        "/img/photo%20%C3%A9t%C3%A9.png",
        "https://beta.gouv.fr/img/programme/investigation.png",
    ]);
    assert!(diags.is_empty(), "{}", diags.render());
    let inv = file("img/programme/investigation.png");
    assert_eq!(
        targets,
        vec![
            inv.clone(),
            file("_pages/programme/schema.png"),
            file("img/photo été.png"),
            inv.clone(),
            inv.clone(),
            inv,
        ]
    );
}

#[test]
fn missing_escaping_and_remote_images_are_reported() {
    let mut srcs = vec![
        "/img/programme/investigaton.png",
        "../../../../Cargo.toml",
        "https://example.org/a.png",
    ];
    if cfg!(unix) {
        srcs.push("/img/dehors.png");
    }
    let (targets, diags) = resolve_images(&srcs);
    assert_eq!(targets[0], ImageTarget::Broken);
    assert_eq!(targets[1], ImageTarget::Broken);
    assert_eq!(
        targets[2],
        ImageTarget::Remote("https://example.org/a.png".into())
    );
    let mut expected = String::from(
        "tests/fixtures/resolve-site/_pages/programme/investigation.md:20:5: error: image `/img/programme/investigaton.png` not found\n  hint: did you mean `/img/programme/investigation.png`?\n\
         tests/fixtures/resolve-site/_pages/programme/investigation.md:21:5: error: image `../../../../Cargo.toml` is outside the site folder\n\
         tests/fixtures/resolve-site/_pages/programme/investigation.md:22:5: warning: remote image `https://example.org/a.png` is not fetched; its alt text is kept\n",
    );
    if cfg!(unix) {
        assert_eq!(targets[3], ImageTarget::Broken, "a symlink out is refused");
        expected.push_str(
            "tests/fixtures/resolve-site/_pages/programme/investigation.md:23:5: error: image `/img/dehors.png` is outside the site folder\n",
        );
    }
    assert_eq!(diags.render(), expected);
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        srcs.len() - 1
    );
}
