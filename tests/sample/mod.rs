//! A sample book that uses every node of the document tree, in French prose written for it:
//! what the layout and PDF tests run on (`tests/layout_sample.rs`, `tests/pdf_sample.rs`), and
//! a quick way to look at the output (`cargo run --example sample_pdf`). A test fixture: it
//! lives with the tests, not in the library.

use std::path::Path;

use livret::book::{
    Block, Book, BookMeta, Cell, Chapter, Definition, Footnote, HeadingOrigin, Image, ImageTarget,
    Inline, LinkTarget, ListItem, Pos, Table,
};

const SENTENCES: [&str; 24] = [
    "Une équipe de start-up d’État commence par rencontrer les personnes concernées, avant d’écrire la moindre ligne de code.",
    "L’intrapreneur porte le problème au sein de son administration et consacre l’essentiel de son temps au service.",
    "Pendant l’investigation, on observe les usages réels, on interroge les agents et l’on mesure l’ampleur du problème.",
    "Le coach accompagne l’équipe : il l’aide à formuler ses hypothèses, à les confronter au terrain et à décider vite.",
    "Chaque semaine, l’équipe montre ce qu’elle a livré ; les retours des usagers orientent le travail de la semaine suivante.",
    "Un service public numérique réussi se reconnaît à son usage : des démarches abouties, des appels en moins, du temps gagné.",
    "La construction commence par une version minimale, utile dès le premier jour, que l’on améliore ensuite sans relâche.",
    "L’accélération vient quand le service a trouvé ses usagers : il faut alors consolider l’équipe, le budget et l’hébergement.",
    "La pérennisation se prépare tôt, car l’administration qui reprend le service doit en comprendre les choix et les coûts.",
    "Les indicateurs d’impact sont publics ; ils disent honnêtement ce qui marche, ce qui ne marche pas encore et pourquoi.",
    "On préfère une petite équipe autonome, responsable de bout en bout, à une organisation découpée en prestations successives.",
    "Le comité d’investissement examine chaque produit à intervalles réguliers et décide de poursuivre, de réorienter ou d’arrêter.",
    "L’abandon d’un produit n’est pas un échec : c’est une décision éclairée, qui libère des moyens pour d’autres problèmes.",
    "Les agents de terrain connaissent les contournements et les petites astuces ; leur expérience vaut toutes les études préalables.",
    "La sécurité, l’accessibilité et la protection des données se traitent dès la conception, jamais en fin de parcours.",
    "Un code source ouvert permet à d’autres administrations de réutiliser le travail accompli et d’y contribuer à leur tour.",
    "Il arrive que la meilleure solution ne soit pas un logiciel : une règle simplifiée, un formulaire supprimé, un appel évité.",
    "Les développeuses et les designers travaillent côte à côte avec l’intrapreneur, dans une même pièce quand c’est possible.",
    "Le financement suit les résultats : une équipe qui démontre son impact obtient les moyens de passer à l’étape suivante.",
    "Chaque étape a ses rituels, ses livrables et ses critères de passage, que le comité vérifie avec bienveillance et exigence.",
    "Les usagers ne lisent pas les notices : l’interface doit se comprendre d’elle-même, dans les mots qu’ils emploient.",
    "Une démarche en ligne qui oblige à imprimer un formulaire n’est pas dématérialisée ; elle est seulement déplacée.",
    "Les incubateurs ministériels essaiment la méthode, adaptée aux contraintes et à la culture de chaque administration.",
    "Documenter ses décisions coûte peu et épargne beaucoup à ceux qui reprendront le service dans quelques années.",
];

/// Text with French spacing, as the typography stage would leave it: a narrow no-break space
/// before `;` and a no-break space before `:`.
fn t(s: &str) -> Inline {
    Inline::Text(french(s))
}

fn french(s: &str) -> String {
    s.replace(" ;", "\u{202F};").replace(" :", "\u{A0}:")
}

fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph {
        content,
        pos: Pos::new(1, 1),
    }
}

/// A paragraph of `n` sentences starting at sentence `k` of the pool.
fn prose(k: usize, n: usize) -> Block {
    let text: Vec<&str> = (0..n)
        .map(|i| SENTENCES[(k + i * 7) % SENTENCES.len()])
        .collect();
    para(vec![t(&text.join(" "))])
}

fn heading(level: u8, id: &str, text: &str) -> Block {
    Block::Heading {
        level,
        id: Some(id.to_string()),
        origin: HeadingOrigin::Markdown,
        content: vec![t(text)],
        pos: Pos::new(1, 1),
    }
}

fn item(blocks: Vec<Block>) -> ListItem {
    ListItem { task: None, blocks }
}

fn cell(text: &str, header: bool) -> Cell {
    Cell {
        header,
        colspan: 1,
        rowspan: 1,
        blocks: vec![para(vec![t(text)])],
    }
}

/// Writes the sample's images (a PNG and an SVG) into `dir`, returns their paths.
fn write_images(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let _ = std::fs::create_dir_all(dir);
    let png = dir.join("schema.png");
    let img = image::RgbImage::from_fn(480, 270, |x, y| {
        let band = (x / 60 + y / 45) % 3;
        match band {
            0 => image::Rgb([0, 0, 145]),
            1 => image::Rgb([230, 230, 245]),
            _ => image::Rgb([225, 0, 15]),
        }
    });
    let _ = img.save(&png);
    let svg = dir.join("parcours.svg");
    let _ = std::fs::write(
        &svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120" viewBox="0 0 400 120">
<rect x="5" y="30" width="110" height="60" rx="8" fill="#e3e3fd" stroke="#000091" stroke-width="2"/>
<rect x="145" y="30" width="110" height="60" rx="8" fill="#e3e3fd" stroke="#000091" stroke-width="2"/>
<rect x="285" y="30" width="110" height="60" rx="8" fill="#000091"/>
<path d="M115 60 H145 M255 60 H285" stroke="#000091" stroke-width="3"/>
</svg>"##,
    );
    (png, svg)
}

/// The sample book; its images are written into `dir`.
pub fn book(dir: &Path) -> Book {
    let (png, svg) = write_images(dir);
    let titles = [
        ("investigation", "L’investigation"),
        ("construction", "La construction"),
        ("acceleration", "L’accélération"),
        ("perennisation", "La pérennisation"),
    ];
    let chapters = titles
        .iter()
        .enumerate()
        .map(|(i, (id, title))| chapter(i, id, title, &png, &svg))
        .collect();
    // Read as `resolve` reads them: layout and the renderers read no file themselves.
    let images = [&png, &svg]
        .into_iter()
        .filter_map(|path| {
            let file = livret::image_file::ImageFile::read(path).ok()?;
            Some((path.clone(), std::sync::Arc::new(file)))
        })
        .collect();
    Book {
        images,
        meta: BookMeta {
            title: "Guide de l’approche beta.gouv.fr".into(),
            subtitle: Some("Construire des services publics numériques utiles".into()),
            author: Some("Incubateur de services numériques".into()),
            publisher: None,
            lang: "fr".into(),
            url: "https://beta.gouv.fr".into(),
            baseurl: String::new(),
            date: livret::book::date::EditionDate::parse("2026-11-28").ok(),
            edition: Some("Édition 2026.1".into()),
            cover: None,
            back_cover: None,
        },
        chapters,
    }
}

fn chapter(i: usize, id: &str, title: &str, png: &Path, svg: &Path) -> Chapter {
    let k = i * 5;
    let a = |s: &str| format!("{id}-{s}");
    let next = (i + 1) % 4;
    let mut blocks = vec![
        Block::Lead {
            content: vec![t(SENTENCES[k % 24]), t(" "), t(SENTENCES[(k + 1) % 24])],
            pos: Pos::new(1, 1),
        },
        heading(2, &a("principes"), "Les principes de l’étape"),
        para(vec![
            t("Cette étape s’appuie sur "),
            Inline::Emph(vec![t("quelques principes simples")]),
            t(", que l’on retrouve dans "),
            Inline::Strong(vec![t("toutes les équipes")]),
            t(" de l’incubateur"),
            Inline::FootnoteRef {
                number: 1,
                pos: Pos::new(1, 1),
            },
            t(". "),
            t(SENTENCES[(k + 2) % 24]),
            t(" Voir aussi "),
            Inline::Link {
                href: "/approche".into(),
                target: LinkTarget::Internal {
                    chapter: next,
                    anchor: ["investigation", "construction", "acceleration", "perennisation"]
                        [next]
                        .into(),
                },
                content: vec![t("l’étape suivante du parcours")],
                pos: Pos::new(1, 1),
            },
            t(" et le site "),
            Inline::Link {
                href: "https://beta.gouv.fr/approche".into(),
                target: LinkTarget::External("https://beta.gouv.fr/approche".into()),
                content: vec![t("beta.gouv.fr")],
                pos: Pos::new(1, 1),
            },
            t(". "),
            t(SENTENCES[(k + 3) % 24]),
        ]),
        prose(k + 4, 5),
        prose(k + 5, 4),
        prose(k + 6, 6),
        heading(3, &a("etapes"), "Les étapes, dans l’ordre"),
        Block::List {
            ordered: true,
            start: 3,
            items: vec![
                item(vec![para(vec![t(SENTENCES[(k + 7) % 24])])]),
                item(vec![
                    para(vec![t(SENTENCES[(k + 8) % 24])]),
                    Block::List {
                        ordered: false,
                        start: 1,
                        items: vec![
                            item(vec![para(vec![t("rencontrer les usagers ;")])]),
                            item(vec![para(vec![
                                t("mesurer le problème avec "),
                                Inline::Code("git log --since=3.months".into()),
                                t(" ;"),
                            ])]),
                            ListItem {
                                task: Some(true),
                                blocks: vec![para(vec![t("décider de la suite.")])],
                            },
                        ],
                        pos: Pos::new(1, 1),
                    },
                ]),
                item(vec![para(vec![t(SENTENCES[(k + 9) % 24])])]),
            ],
            pos: Pos::new(1, 1),
        },
        prose(k + 10, 5),
        Block::Quote {
            blocks: vec![prose(k + 11, 3)],
            pos: Pos::new(1, 1),
        },
        prose(k + 12, 4),
        Block::Aside {
            kind: livret::book::AsideKind::Callout,
            title: Some(vec![t("À retenir")]),
            blocks: vec![prose(k + 13, 3)],
            pos: Pos::new(1, 1),
        },
        heading(2, &a("outils"), "Les outils de l’équipe"),
        prose(k + 14, 5),
        Block::Code {
            lang: Some("sh".into()),
            text: "# Créer la fiche de la startup\ngit clone https://github.com/betagouv/beta.gouv.fr.git\ncd beta.gouv.fr\ncp content/_startups/exemple.md content/_startups/ma-startup.md\n    echo \"une ligne très longue qui dépasse la largeur de la colonne et doit donc être repliée avec une marque de continuation visible\"\n".into(),
            pos: Pos::new(1, 1),
        },
        prose(k + 15, 4),
        Block::Figure {
            image: Image {
                src: "schema.png".into(),
                alt: Some("Schéma en bandes bleues, blanches et rouges".into()),
                title: None,
                width: None,
                height: None,
                target: ImageTarget::File(if i.is_multiple_of(2) { png } else { svg }.to_path_buf()),
                pos: Pos::new(1, 1),
            },
            caption: Some(vec![t("Le parcours d’une startup d’État, de l’investigation à la pérennisation.")]),
            pos: Pos::new(1, 1),
        },
        prose(k + 16, 5),
        heading(3, &a("budget"), "Le budget type"),
        Block::Table(Table {
            caption: Some(vec![t("Budget indicatif par poste")]),
            align: vec![],
            head: vec![vec![
                cell("Poste", true),
                cell("Rôle dans l’équipe", true),
                cell("Temps", true),
            ]],
            body: (0..if i == 1 { 40 } else { 6 })
                .map(|r| {
                    vec![
                        cell(&format!("Poste {}", r + 1), false),
                        cell(SENTENCES[(k + r) % 24], false),
                        cell(&format!("{} jours", 5 + r % 7), false),
                    ]
                })
                .collect(),
            pos: Pos::new(1, 1),
        }),
        prose(k + 17, 4),
        Block::DefinitionList {
            items: vec![
                Definition {
                    term: vec![t("Intrapreneur")],
                    details: vec![vec![para(vec![t(SENTENCES[1])])]],
                },
                Definition {
                    term: vec![t("Coach")],
                    details: vec![vec![para(vec![t(SENTENCES[3])])]],
                },
            ],
            pos: Pos::new(1, 1),
        },
        Block::Rule {
            pos: Pos::new(1, 1),
        },
        Block::Anchor {
            id: a("fin"),
            pos: Pos::new(1, 1),
        },
        para(vec![
            t("Pour finir"),
            Inline::Sup(vec![t("er")]),
            t(", une phrase en anglais : "),
            Inline::Lang {
                lang: "en".into(),
                content: vec![t("build, measure, learn")],
            },
            t("."),
            Inline::LineBreak,
            t("Et une seconde ligne, après un saut forcé"),
            Inline::FootnoteRef {
                number: 2,
                pos: Pos::new(1, 1),
            },
            t("."),
        ]),
    ];
    for j in 0..6 {
        blocks.push(prose(k + 18 + j, 4 + j % 3));
    }
    Chapter {
        id: id.into(),
        source: format!("_pages/{id}.md").into(),
        url: format!("/approche/{id}"),
        title: vec![t(title)],
        subtitle: (i == 0).then(|| vec![t("Comprendre le problème avant de le résoudre")]),
        blocks,
        footnotes: vec![
            Footnote {
                number: 1,
                id: format!("{id}-fn-1"),
                blocks: vec![para(vec![t(SENTENCES[(k + 20) % 24])])],
                pos: Pos::new(1, 1),
            },
            Footnote {
                number: 2,
                id: format!("{id}-fn-2"),
                blocks: vec![para(vec![t("Une note brève.")])],
                pos: Pos::new(1, 1),
            },
        ],
    }
}
