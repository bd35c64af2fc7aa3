//! A hand-built book with every node type of the document tree, and its image files, for the
//! EPUB tests (the stages that would build it are tested on their own).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use livret::book::*;

fn t(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn p(content: Vec<Inline>) -> Block {
    Block::Paragraph {
        content,
        pos: Pos::new(1, 1),
    }
}

fn h(level: u8, id: &str, text: &str) -> Block {
    Block::Heading {
        level,
        id: Some(id.to_string()),
        origin: HeadingOrigin::Markdown,
        content: vec![t(text)],
        pos: Pos::new(1, 1),
    }
}

fn image(src: &str, alt: Option<&str>, target: ImageTarget) -> Image {
    Image {
        src: src.to_string(),
        alt: alt.map(str::to_string),
        title: None,
        width: None,
        height: None,
        target,
        pos: Pos::new(1, 1),
    }
}

fn figure(image: Image, caption: Option<&str>) -> Block {
    Block::Figure {
        image,
        caption: caption.map(|c| vec![t(c)]),
        pos: Pos::new(1, 1),
    }
}

fn link(target: LinkTarget, text: &str) -> Inline {
    Inline::Link {
        href: "…".to_string(),
        target,
        content: vec![t(text)],
        pos: Pos::new(1, 1),
    }
}

fn internal(chapter: usize, anchor: &str) -> LinkTarget {
    LinkTarget::Internal {
        chapter,
        anchor: anchor.to_string(),
    }
}

fn cell(header: bool, text: &str) -> Cell {
    Cell {
        header,
        colspan: 1,
        rowspan: 1,
        blocks: vec![p(vec![t(text)])],
    }
}

/// The image files the book points at, written into `dir`.
pub struct Files {
    pub cover: PathBuf,
    pub diagram: PathBuf,
    pub photo: PathBuf,
    pub svg: PathBuf,
    pub icon: PathBuf,
}

fn write_raster(path: &Path, width: u32, height: u32, format: ImageFormat) {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(picture)
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Writes the book's image files into `dir` (created if needed).
pub fn write_files(dir: &Path) -> Files {
    std::fs::create_dir_all(dir).unwrap();
    let files = Files {
        cover: dir.join("couverture.png"),
        diagram: dir.join("recap phases.png"),
        photo: dir.join("atelier.jpg"),
        svg: dir.join("schéma.svg"),
        icon: dir.join("icone.png"),
    };
    write_raster(&files.cover, 300, 400, ImageFormat::Png);
    write_raster(&files.diagram, 120, 80, ImageFormat::Png);
    // Taller than the 2000 px limit: scaled down in the EPUB.
    write_raster(&files.photo, 1200, 2400, ImageFormat::Jpeg);
    write_raster(&files.icon, 16, 16, ImageFormat::Png);
    std::fs::write(
        &files.svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" viewBox=\"0 0 40 20\">\
         <title>Deux boîtes</title><rect width=\"18\" height=\"20\" fill=\"#000091\"/>\
         <rect x=\"22\" width=\"18\" height=\"20\" fill=\"#e1000f\"/></svg>\n",
    )
    .unwrap();
    files
}

/// A book with every kind of block and inline, resolved links of every kind, footnotes,
/// images of every kind (file, SVG, huge JPEG, decorative, remote, broken) and a cover.
pub fn rich_book(files: &Files) -> Book {
    let nnbsp = '\u{202F}';
    let nbsp = '\u{A0}';
    let first = Chapter {
        id: "investigation".into(),
        source: "_pages/investigation.md".into(),
        url: "/approche/investigation".into(),
        title: vec![t("L’investigation "), Inline::Emph(vec![t("terrain")])],
        subtitle: Some(vec![t("Comprendre avant de construire")]),
        blocks: vec![
            Block::Lead {
                content: vec![t(&format!(
                    "Une phase de quelques semaines{nnbsp}: on écoute{nnbsp}!"
                ))],
                pos: Pos::new(3, 1),
            },
            p(vec![
                t(&format!("«{nbsp}Texte{nbsp}» avec ")),
                Inline::Emph(vec![t("emphase")]),
                t(", "),
                Inline::Strong(vec![t("force")]),
                t(", "),
                Inline::Strike(vec![t("rature")]),
                t(", 1"),
                Inline::Sup(vec![t("er")]),
                t(", H"),
                Inline::Sub(vec![t("2")]),
                t("O, "),
                Inline::Code("cargo <run> & co".into()),
                t(", des caractères interdits\u{1}\u{B} retirés, "),
                Inline::Abbr {
                    title: Some("Direction interministérielle du numérique".into()),
                    content: vec![t("DINUM")],
                },
                t(", "),
                Inline::Lang {
                    lang: "en".into(),
                    content: vec![t("product manager")],
                },
                t("."),
                Inline::FootnoteRef {
                    number: 1,
                    pos: Pos::new(5, 9),
                },
                Inline::LineBreak,
                t("Liens : "),
                link(internal(1, "equipe"), "l’équipe"),
                t(", "),
                link(internal(1, "transfert"), "le transfert"),
                t(", "),
                link(internal(0, "1-etape"), "ici même"),
                t(", "),
                link(
                    LinkTarget::External("https://beta.gouv.fr/approche/manifeste?a=1&b=2".into()),
                    "le manifeste",
                ),
                t(", "),
                link(
                    LinkTarget::External("https://example.org/un chemin".into()),
                    "espace",
                ),
                t(", "),
                link(LinkTarget::Broken, "un lien cassé"),
                t(", "),
                link(LinkTarget::External("javascript:alert(1)".into()), "script"),
                t(" et une icône "),
                Inline::Image(image(
                    "icone.png",
                    Some("icône"),
                    ImageTarget::File(files.icon.clone()),
                )),
                t(", une image distante "),
                Inline::Image(image(
                    "https://example.org/x.png",
                    Some("logo distant"),
                    ImageTarget::Remote("https://example.org/x.png".into()),
                )),
                Inline::Anchor("ancre-en-ligne".into()),
                t(". Deuxième appel."),
                Inline::FootnoteRef {
                    number: 1,
                    pos: Pos::new(5, 40),
                },
                Inline::FootnoteRef {
                    number: 2,
                    pos: Pos::new(5, 41),
                },
            ]),
            h(2, "1-etape", "Première étape"),
            h(3, "entretiens", "Les entretiens"),
            Block::List {
                ordered: false,
                start: 1,
                items: vec![
                    ListItem {
                        task: Some(true),
                        blocks: vec![p(vec![t("fait")])],
                    },
                    ListItem {
                        task: Some(false),
                        blocks: vec![p(vec![t("à faire")])],
                    },
                    ListItem {
                        task: None,
                        blocks: vec![
                            p(vec![t("avec une sous-liste")]),
                            Block::List {
                                ordered: true,
                                start: 1,
                                items: vec![ListItem {
                                    task: None,
                                    blocks: vec![p(vec![t("un")])],
                                }],
                                pos: Pos::new(1, 1),
                            },
                        ],
                    },
                ],
                pos: Pos::new(10, 1),
            },
            Block::List {
                ordered: true,
                start: 3,
                items: vec![ListItem {
                    task: None,
                    blocks: vec![p(vec![t("troisième")])],
                }],
                pos: Pos::new(14, 1),
            },
            Block::Quote {
                blocks: vec![p(vec![t("Une citation.")])],
                pos: Pos::new(16, 1),
            },
            Block::Code {
                lang: Some("rust".into()),
                text: "fn main() {\n    println!(\"<&>\");\n}\n".into(),
                pos: Pos::new(18, 1),
            },
            Block::Table(Table {
                caption: Some(vec![t("Les phases")]),
                align: vec![Align::Left, Align::Center, Align::Right],
                head: vec![vec![
                    cell(true, "Phase"),
                    cell(true, "Durée"),
                    cell(true, "Coût"),
                ]],
                body: vec![
                    vec![
                        cell(true, "Investigation"),
                        cell(false, "1 mois"),
                        cell(false, "0 €"),
                    ],
                    vec![
                        cell(true, "Construction"),
                        Cell {
                            colspan: 2,
                            ..cell(false, "selon l’équipe")
                        },
                    ],
                ],
                pos: Pos::new(24, 1),
            }),
            figure(
                image(
                    "/img/recap phases.png",
                    Some("Schéma des quatre phases"),
                    ImageTarget::File(files.diagram.clone()),
                ),
                Some("Les quatre phases"),
            ),
            figure(
                image(
                    "/img/deco.png",
                    Some(""),
                    ImageTarget::File(files.icon.clone()),
                ),
                None,
            ),
            figure(
                image(
                    "/img/sans-alt.png",
                    None,
                    ImageTarget::File(files.diagram.clone()),
                ),
                None,
            ),
            figure(
                image(
                    "/img/atelier.jpg",
                    Some("Un atelier"),
                    ImageTarget::File(files.photo.clone()),
                ),
                Some("Atelier de lancement"),
            ),
            figure(
                image(
                    "/img/schema.svg",
                    Some("Deux boîtes"),
                    ImageTarget::File(files.svg.clone()),
                ),
                None,
            ),
            figure(
                image(
                    "https://example.org/photo.jpg",
                    Some("Une photo distante"),
                    ImageTarget::Remote("https://example.org/photo.jpg".into()),
                ),
                Some("Légende d’une image distante"),
            ),
            figure(
                image(
                    "/img/absente.png",
                    Some("Image absente"),
                    ImageTarget::Broken,
                ),
                None,
            ),
            Block::Aside {
                kind: livret::book::AsideKind::Callout,
                title: Some(vec![t("À retenir")]),
                blocks: vec![p(vec![t("On commence petit.")])],
                pos: Pos::new(40, 1),
            },
            Block::Aside {
                kind: livret::book::AsideKind::Alert(Some("info".into())),
                title: None,
                blocks: vec![p(vec![t("Sans titre.")])],
                pos: Pos::new(42, 1),
            },
            Block::DefinitionList {
                items: vec![Definition {
                    term: vec![t("Intrapreneur")],
                    details: vec![
                        vec![p(vec![t("Agent public porteur.")])],
                        vec![p(vec![t("Deuxième définition.")])],
                    ],
                }],
                pos: Pos::new(44, 1),
            },
            Block::Rule {
                pos: Pos::new(47, 1),
            },
            Block::Anchor {
                id: "ancre-bloc".into(),
                pos: Pos::new(48, 1),
            },
            h(4, "detail", "Un détail (hors table des matières)"),
            h(1, "titre-source", "Un h1 de la source"),
            // An anchor the book uses twice (a resolve bug): written once.
            h(2, "entretiens", "Doublon"),
        ],
        footnotes: vec![
            Footnote {
                number: 1,
                id: "investigation-fn-1".into(),
                blocks: vec![p(vec![t("Une note, appelée deux fois.")])],
                pos: Pos::new(60, 1),
            },
            Footnote {
                number: 2,
                id: "investigation-fn-2".into(),
                blocks: vec![
                    Block::Code {
                        lang: None,
                        text: "code en note".into(),
                        pos: Pos::new(62, 1),
                    },
                    p(vec![
                        t("Puis un paragraphe, avec "),
                        link(internal(1, "equipe"), "un lien"),
                    ]),
                ],
                pos: Pos::new(61, 1),
            },
        ],
    };
    let second = Chapter {
        id: "transfert".into(),
        source: "_pages/transfert.md".into(),
        url: "/approche/transfert".into(),
        title: vec![t("Le transfert")],
        subtitle: None,
        blocks: vec![
            h(3, "avant", "Un h3 avant tout h2"),
            p(vec![
                t("Retour à "),
                link(internal(0, "entretiens"), "les entretiens"),
            ]),
            h(2, "equipe", "L’équipe"),
            p(vec![t("Texte.")]),
            h(3, "roles", "Les rôles"),
            p(vec![t("Texte.")]),
        ],
        footnotes: vec![],
    };
    let third = Chapter {
        id: "nav".into(),
        source: "_pages/nav.md".into(),
        url: "/approche/nav".into(),
        title: vec![],
        subtitle: None,
        blocks: vec![],
        footnotes: vec![],
    };
    // The image files, read as `resolve` reads them: the renderers read no file themselves.
    let images = [
        &files.cover,
        &files.diagram,
        &files.photo,
        &files.svg,
        &files.icon,
    ]
    .into_iter()
    .map(|path| {
        let file = livret::image_file::ImageFile::read(path).expect("a test image reads");
        (path.clone(), std::sync::Arc::new(file))
    })
    .collect();
    Book {
        images,
        meta: BookMeta {
            title: "L’approche beta.gouv.fr".into(),
            subtitle: Some("Guide pratique".into()),
            author: Some("La communauté beta.gouv.fr".into()),
            publisher: Some("DINUM".into()),
            lang: "fr".into(),
            url: "https://beta.gouv.fr".into(),
            baseurl: String::new(),
            date: livret::book::date::EditionDate::parse("2026-11-28").ok(),
            edition: Some("2026.1".into()),
            cover: Some(image(
                "/img/couverture.png",
                Some("Couverture du guide"),
                ImageTarget::File(files.cover.clone()),
            )),
            back_cover: None,
        },
        chapters: vec![first, second, third],
    }
}
