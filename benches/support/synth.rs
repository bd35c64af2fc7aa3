//! A synthetic guide for benchmarks: N pages of French prose from a fixed seed, written as a
//! Jekyll site with its `livret.yaml`, and the same text as Typst, HTML and pandoc markdown.
//!
//! Shared by the bench targets and `examples/synth.rs` through `#[path]`; not part of the crate.
//! Everything is deterministic: a hand-written PRNG (splitmix64) seeded per page, no clock, so
//! page K reads the same in a 40-page guide as in a 1,000-page one (only the pages its links
//! point at change). The vocabulary and sentence templates below were written for this file.
//!
//! The guide is first built as a small model ([`Guide`]: pages of blocks of inlines), then
//! written out by one emitter per format, so that every peer sets exactly the same text.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// The seed every page's generator derives from.
const SEED: u64 = 0x6C69_7672_6574_2021;

/// The site's public URL: absolute links that start with it are internal to the guide.
pub const SITE_URL: &str = "https://exemple.gouv.fr";

/// The page geometry the peers are given, the same as livret's default style.
///
/// `styles/default.yaml` is not merged yet; until it is, A4 with 25 mm margins and 10 pt text.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Typst's paper name and CSS's page size keyword.
    pub paper: &'static str,
    /// Margin on every side, in millimetres.
    pub margin_mm: f32,
    /// Body text size in points.
    pub size_pt: f32,
}

/// The geometry used unless told otherwise.
pub const GEOMETRY: Geometry = Geometry {
    paper: "a4",
    margin_mm: 25.0,
    size_pt: 10.0,
};

// ---------------------------------------------------------------------------------------------
// The PRNG

/// splitmix64: tiny, fast, and good enough to pick words.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    /// A generator for one stream (`what`) of one page.
    fn for_page(page: usize, what: u64) -> Rng {
        Rng(SEED ^ (page as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ what.rotate_left(32))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True `percent` times out of a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// The vocabulary (written for this generator)

/// Sentence subjects, with whether they are plural.
const SUBJECTS: &[(&str, bool)] = &[
    ("l'équipe", false),
    ("le coach", false),
    ("l'intrapreneuse", false),
    ("la direction du programme", false),
    ("chaque agent", false),
    ("le comité de suivi", false),
    ("la mission", false),
    ("le service", false),
    ("une designer", false),
    ("le référent technique", false),
    ("l'administration partenaire", false),
    ("les usagers", true),
    ("les partenaires locaux", true),
    ("les développeuses", true),
    ("les agents d'accueil", true),
    ("les administrations", true),
    ("les premiers utilisateurs", true),
    ("les chargés de déploiement", true),
];

/// Verbs, singular and plural present.
const VERBS: &[(&str, &str)] = &[
    ("observe", "observent"),
    ("mesure", "mesurent"),
    ("présente", "présentent"),
    ("améliore", "améliorent"),
    ("documente", "documentent"),
    ("teste", "testent"),
    ("simplifie", "simplifient"),
    ("partage", "partagent"),
    ("prépare", "préparent"),
    ("décrit", "décrivent"),
    ("vérifie", "vérifient"),
    ("publie", "publient"),
    ("construit", "construisent"),
    ("remet en question", "remettent en question"),
    ("accompagne", "accompagnent"),
    ("revoit", "revoient"),
];

/// Objects of the verbs.
const OBJECTS: &[&str] = &[
    "le parcours de demande",
    "les indicateurs d'impact",
    "la première version du formulaire",
    "les besoins réels du terrain",
    "une démarche en ligne",
    "le tableau de bord",
    "les délais de traitement",
    "la feuille de route",
    "le code source",
    "les retours des agents",
    "les règles de gestion",
    "un prototype cliquable",
    "la page de statistiques",
    "les hypothèses les plus risquées",
    "le budget de la phase suivante",
    "l'accessibilité des écrans",
    "la qualité des données",
    "les rendez-vous de suivi",
    "le courrier de notification",
    "la procédure d'homologation",
    "les pièces justificatives demandées",
    "l'interconnexion avec les systèmes existants",
];

/// Circumstances, placed after the object or at the head of the sentence.
const COMPLEMENTS: &[&str] = &[
    "chaque semaine",
    "dès le premier mois",
    "avec les agents du guichet",
    "sans attendre la version complète",
    "dans trois départements pilotes",
    "au plus près du terrain",
    "pour réduire les démarches inutiles",
    "en toute transparence",
    "avant le prochain comité",
    "à partir des entretiens menés sur place",
    "grâce à des mesures simples",
    "au rythme des retours",
    "quand le besoin est confirmé",
    "sur un territoire restreint",
    "depuis le lancement du service",
    "avec une équipe de quatre personnes",
    "malgré des contraintes réglementaires fortes",
];

/// Infinitive phrases, for questions and quoted maxims.
const INFINITIVES: &[&str] = &[
    "mesurer l'impact",
    "ouvrir le code",
    "rencontrer les usagers",
    "publier les chiffres",
    "réduire le périmètre",
    "changer de cap",
    "supprimer une étape",
    "faire simple",
    "livrer souvent",
    "arrêter une fonctionnalité inutile",
];

/// Connectors that open a sentence.
const OPENERS: &[&str] = &[
    "Ensuite",
    "En pratique",
    "Par ailleurs",
    "Concrètement",
    "Au bout de quelques semaines",
    "Dans la plupart des cas",
    "Pour autant",
];

/// Units counted in figures.
const UNITS: &[&str] = &[
    "demandes",
    "usagers",
    "dossiers",
    "agents formés",
    "rendez-vous",
    "heures gagnées",
];

/// Second-level headings, with the explicit id each gets.
const SECTIONS: &[(&str, &str)] = &[
    ("Comprendre le besoin", "besoin"),
    ("Une équipe resserrée", "equipe"),
    ("Mesurer l'impact", "impact"),
    ("Les premiers utilisateurs", "premiers-utilisateurs"),
    ("Le comité de suivi", "comite"),
    ("Ouvrir le code et les données", "ouverture"),
    ("Les exigences du service public", "exigences"),
    ("Documenter au fil de l'eau", "documentation"),
    ("Préparer la suite", "suite"),
    ("Les risques à surveiller", "risques"),
    ("Travailler avec les agents", "agents"),
    ("Un budget par étapes", "budget"),
    ("Déployer sur le territoire", "deploiement"),
];

/// Third-level headings (no explicit id: livret derives one).
const SUBSECTIONS: &[&str] = &[
    "En pratique",
    "Ce qu'il faut éviter",
    "Un exemple",
    "Pour aller plus loin",
    "Les questions à se poser",
];

/// Page titles; past the end of the list they come back numbered.
const TOPICS: &[&str] = &[
    "L'accueil des usagers",
    "La démarche en ligne",
    "Le guichet unique",
    "Les aides au logement",
    "La prise de rendez-vous",
    "Le suivi des dossiers",
    "Les données ouvertes",
    "La signature électronique",
    "L'inscription scolaire",
    "Les demandes de subvention",
    "Le contrôle sur place",
    "La médiation numérique",
];

/// Page subtitles.
const SUBTITLES: &[&str] = &[
    "Partir des usagers, pas des procédures",
    "Livrer vite, puis améliorer sans relâche",
    "Ce que l'équipe apprend sur le terrain",
    "Mesurer ce qui change vraiment",
];

/// Table rows: step, who, how long.
const TABLE_ROWS: &[(&str, &str, &str)] = &[
    (
        "Investigation",
        "l'intrapreneuse et le coach",
        "deux à trois mois",
    ),
    (
        "Construction",
        "une équipe de trois à six personnes",
        "six mois renouvelables",
    ),
    ("Accélération", "l'équipe élargie", "un à deux ans"),
    ("Transfert", "l'administration partenaire", "quelques mois"),
    ("Bilan", "le comité de suivi", "une demi-journée"),
    (
        "Déploiement",
        "les chargés de déploiement",
        "selon les territoires",
    ),
];

/// External sites linked from the prose.
const EXTERNAL: &[&str] = &[
    "https://doc.exemple.org/accessibilite",
    "https://doc.exemple.org/donnees-personnelles",
    "https://code.exemple.org/projets",
    "https://stats.exemple.org/tableau",
];

/// Non-breaking space.
const NBSP: char = '\u{a0}';

// ---------------------------------------------------------------------------------------------
// The model

/// A piece of inline content. Text may hold U+00A0, which each emitter writes its own way.
#[derive(Debug, Clone, PartialEq)]
pub enum Inl {
    Text(String),
    Strong(String),
    Emph(String),
    Link { text: String, to: Href },
    Note(String),
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq)]
pub enum Href {
    /// A page of the guide (0-based), optionally one of its section ids, written as an absolute
    /// URL on the site or root-relative.
    Page {
        page: usize,
        anchor: Option<&'static str>,
        absolute: bool,
    },
    External(&'static str),
}

/// A block of a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Blk {
    Lead(Vec<Inl>),
    H2 {
        text: &'static str,
        id: &'static str,
    },
    H3(&'static str),
    Para(Vec<Inl>),
    List {
        ordered: bool,
        items: Vec<Vec<Inl>>,
    },
    Table(Vec<(&'static str, &'static str, &'static str)>),
    Figure {
        file: &'static str,
        alt: String,
    },
}

/// One page of the guide.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub title: String,
    pub subtitle: &'static str,
    pub blocks: Vec<Blk>,
}

/// The whole synthetic guide.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub pages: Vec<Page>,
}

/// The two images, written once under `site/img/`.
pub const PNG_FILE: &str = "schema.png";
pub const SVG_FILE: &str = "cycle.svg";

// ---------------------------------------------------------------------------------------------
// Generation

/// Generates an `n`-page guide.
pub fn generate(n: usize) -> Guide {
    // First pass: every page's sections, so links can name anchors of pages not written yet.
    let sections: Vec<Vec<(&'static str, &'static str)>> = (0..n)
        .map(|i| {
            let mut rng = Rng::for_page(i, 1);
            let count = rng.between(3, 6);
            let mut pool: Vec<(&str, &str)> = SECTIONS.to_vec();
            (0..count)
                .map(|_| pool.remove(rng.below(pool.len())))
                .collect()
        })
        .collect();
    let pages = (0..n)
        .map(|i| {
            Writer {
                rng: Rng::for_page(i, 2),
                n,
                sections: &sections,
            }
            .page(i)
        })
        .collect();
    Guide { pages }
}

/// Writes one page's content.
struct Writer<'a> {
    rng: Rng,
    n: usize,
    sections: &'a [Vec<(&'static str, &'static str)>],
}

impl Writer<'_> {
    fn page(&mut self, i: usize) -> Page {
        let title = match i / TOPICS.len() {
            0 => TOPICS[i].to_string(),
            round => format!("{} ({})", TOPICS[i % TOPICS.len()], round + 1),
        };
        let subtitle = self.rng.pick(SUBTITLES);
        let mut blocks = vec![Blk::Lead(self.paragraph(2, 3))];
        let sections = self.sections[i].clone();
        let list_at = self.rng.below(sections.len());
        let subsection_at = self.rng.below(sections.len());
        for (k, (text, id)) in sections.into_iter().enumerate() {
            blocks.push(Blk::H2 { text, id });
            for _ in 0..self.rng.between(1, 3) {
                blocks.push(Blk::Para(self.paragraph(3, 6)));
            }
            if k == list_at {
                blocks.push(self.list());
            }
            if k == 0 && i % 3 == 1 {
                blocks.push(Blk::Para(vec![Inl::Text(format!(
                    "Les étapes et leurs durées habituelles{NBSP}:"
                ))]));
                let mut rows = TABLE_ROWS.to_vec();
                rows.truncate(self.rng.between(3, TABLE_ROWS.len()));
                blocks.push(Blk::Table(rows));
            }
            if k == 1 && i % 4 == 2 {
                let (file, alt) = if (i / 4).is_multiple_of(2) {
                    (
                        PNG_FILE,
                        "Schéma des quatre étapes d'un service, de l'investigation au transfert.",
                    )
                } else {
                    (
                        SVG_FILE,
                        "Cycle d'amélioration : mettre en ligne, mesurer, décider, recommencer.",
                    )
                };
                blocks.push(Blk::Figure {
                    file,
                    alt: alt.replace(" :", &format!("{NBSP}:")),
                });
            }
            if k == subsection_at {
                blocks.push(Blk::H3(self.rng.pick(SUBSECTIONS)));
                for _ in 0..self.rng.between(1, 2) {
                    blocks.push(Blk::Para(self.paragraph(2, 4)));
                }
            }
        }
        Page {
            title,
            subtitle,
            blocks,
        }
    }

    /// A paragraph of `lo..=hi` sentences, with the odd link, emphasis and footnote.
    fn paragraph(&mut self, lo: usize, hi: usize) -> Vec<Inl> {
        let mut out = Vec::new();
        for s in 0..self.rng.between(lo, hi) {
            if s > 0 {
                push_text(&mut out, " ");
            }
            self.sentence(&mut out);
        }
        if self.rng.chance(12) {
            let note = self.plain_sentence();
            // The call goes before the final full stop's sentence end: after the last word.
            out.push(Inl::Note(note));
        }
        out
    }

    /// A list of four to six items.
    fn list(&mut self) -> Blk {
        let ordered = self.rng.chance(30);
        let items = (0..self.rng.between(4, 6))
            .map(|_| {
                let mut item = Vec::new();
                if self.rng.chance(50) {
                    item.push(Inl::Strong(capitalize(self.rng.pick(INFINITIVES))));
                    push_text(&mut item, ", ");
                    push_text(&mut item, self.rng.pick(COMPLEMENTS));
                    push_text(&mut item, "\u{a0};");
                } else {
                    self.sentence(&mut item);
                }
                item
            })
            .collect();
        Blk::List { ordered, items }
    }

    /// A sentence without markup.
    fn plain_sentence(&mut self) -> String {
        let mut inl = Vec::new();
        let saved = self.n;
        // No links in notes: set the page count to zero so `object` never links.
        self.n = 0;
        self.sentence(&mut inl);
        self.n = saved;
        inl.iter()
            .map(|i| match i {
                Inl::Text(t) | Inl::Strong(t) | Inl::Emph(t) => t.as_str(),
                Inl::Link { text, .. } => text.as_str(),
                Inl::Note(_) => "",
            })
            .collect()
    }

    /// One sentence, from one of the templates.
    fn sentence(&mut self, out: &mut Vec<Inl>) {
        let (subject, plural) = self.rng.pick(SUBJECTS);
        let verb = {
            let (one, many) = self.rng.pick(VERBS);
            if plural {
                many
            } else {
                one
            }
        };
        match self.rng.below(8) {
            0 | 1 => {
                push_text(out, &format!("{} {verb} ", capitalize(subject)));
                self.object(out);
                push_text(out, &format!(" {}.", self.rng.pick(COMPLEMENTS)));
            }
            2 => {
                let c = capitalize(self.rng.pick(COMPLEMENTS));
                push_text(out, &format!("{c}, {subject} {verb} "));
                self.object(out);
                push_text(out, ".");
            }
            3 => {
                let opener = self.rng.pick(OPENERS);
                push_text(out, &format!("{opener}, {subject} {verb} "));
                self.object(out);
                push_text(out, ".");
            }
            4 => {
                let inf = self.rng.pick(INFINITIVES);
                let c = self.rng.pick(COMPLEMENTS);
                let text = match self.rng.below(3) {
                    0 => format!("Faut-il vraiment {inf} {c}{NBSP}?"),
                    1 => format!("Le principe est simple{NBSP}: {inf} {c}."),
                    _ => format!("Pourquoi ne pas {inf} {c}{NBSP}? La question revient souvent."),
                };
                push_text(out, &text);
            }
            5 => {
                let inf = self.rng.pick(INFINITIVES);
                push_text(
                    out,
                    &format!(
                        "«{NBSP}{}{NBSP}» reste la règle, et {subject} {verb} ",
                        capitalize(inf)
                    ),
                );
                self.object(out);
                push_text(out, ".");
            }
            6 => {
                let year = self.rng.between(2019, 2026);
                let c = self.rng.pick(COMPLEMENTS);
                if self.rng.chance(60) {
                    let figure = if self.rng.chance(50) {
                        self.rng.between(12, 950).to_string()
                    } else {
                        format!(
                            "{}{NBSP}{:03}",
                            self.rng.between(1, 99),
                            self.rng.below(1000)
                        )
                    };
                    let unit = self.rng.pick(UNITS);
                    push_text(
                        out,
                        &format!("En {year}, on a compté {figure} {unit} {c}{NBSP}; "),
                    );
                    push_text(out, &format!("{subject} {verb} "));
                    self.object(out);
                    push_text(out, ".");
                } else {
                    let (whole, tenth) = (self.rng.between(40, 98), self.rng.below(10));
                    push_text(
                        out,
                        &format!("En {year}, {whole},{tenth}{NBSP}% des demandes ont abouti en moins d'une semaine, {c}."),
                    );
                }
            }
            _ => {
                push_text(out, &format!("{} {verb} ", capitalize(subject)));
                self.object(out);
                let (s2, p2) = self.rng.pick(SUBJECTS);
                let (one, many) = self.rng.pick(VERBS);
                push_text(
                    out,
                    &format!("{NBSP}; {s2} {} ", if p2 { many } else { one }),
                );
                self.object(out);
                push_text(out, ".");
            }
        }
    }

    /// An object, sometimes a link (internal more often than external) or emphasised.
    fn object(&mut self, out: &mut Vec<Inl>) {
        let text = self.rng.pick(OBJECTS).to_string();
        let roll = self.rng.below(100);
        if self.n > 0 && roll < 9 {
            let page = self.rng.below(self.n);
            let anchor = if self.rng.chance(70) {
                Some(self.rng.pick(&self.sections[page]).1)
            } else {
                None
            };
            let absolute = self.rng.chance(40);
            out.push(Inl::Link {
                text,
                to: Href::Page {
                    page,
                    anchor,
                    absolute,
                },
            });
        } else if self.n > 0 && roll < 11 {
            let to = Href::External(self.rng.pick(EXTERNAL));
            out.push(Inl::Link { text, to });
        } else if roll < 16 {
            out.push(Inl::Strong(text));
        } else if roll < 20 {
            out.push(Inl::Emph(text));
        } else {
            push_text(out, &text);
        }
    }
}

/// Appends text, merging with a preceding text node.
fn push_text(out: &mut Vec<Inl>, text: &str) {
    if let Some(Inl::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inl::Text(text.to_string()));
    }
}

/// The text with its first letter in capitals.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

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

    /// The `livret.yaml` next to the `site/` folder; `style` is livret's default style file,
    /// when there is one, so the guide is set like the default guide.
    pub fn livret_yaml(&self, style: Option<&Path>) -> String {
        let mut out = format!(
            "title: Guide synthétique en {} pages\nsubtitle: Un guide pour mesurer livret\n\
             author: Le générateur de livret\npublisher: livret\nlang: fr\nurl: {SITE_URL}\n\
             baseurl: \"\"\nedition: Édition de mesure\ndate: 2026-11-28\nsite: site\n\
             typography: true\nprofile: print\n",
            self.pages.len()
        );
        if let Some(style) = style {
            writeln!(out, "style: {}", style.display()).unwrap();
        }
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
    pub fn typst(&self, geometry: Geometry) -> String {
        let mut out = String::new();
        writeln!(
            out,
            "#set document(title: \"Guide synthétique en {} pages\")\n\
             #set page(paper: \"{}\", margin: {}mm, numbering: \"1\")\n\
             #set text(font: \"Charis SIL\", size: {}pt, lang: \"fr\")\n\
             #set par(justify: true)\n\
             #show heading: set text(font: \"Noto Sans\")\n\
             #show heading.where(level: 1): it => {{ pagebreak(weak: true); it }}\n\
             #align(center + horizon)[#text(size: 24pt)[Guide synthétique en {} pages]]\n\
             #pagebreak()\n#outline(depth: 2)\n",
            self.pages.len(),
            geometry.paper,
            geometry.margin_mm,
            geometry.size_pt,
            self.pages.len()
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
    pub fn html(&self, geometry: Geometry, font_dir: &Path) -> String {
        let font = |file: &str| format!("url(\"file://{}\")", font_dir.join(file).display());
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Guide synthétique en {n} pages</title>\n<style>\n\
             @font-face {{ font-family: \"Charis SIL\"; src: {r}; }}\n\
             @font-face {{ font-family: \"Charis SIL\"; font-weight: bold; src: {b}; }}\n\
             @font-face {{ font-family: \"Charis SIL\"; font-style: italic; src: {i}; }}\n\
             @font-face {{ font-family: \"Charis SIL\"; font-weight: bold; font-style: italic; src: {bi}; }}\n\
             @font-face {{ font-family: \"Noto Sans\"; font-weight: bold; src: {sans}; }}\n\
             @page {{ size: {paper}; margin: {m}mm; @bottom-center {{ content: counter(page); }} }}\n\
             body {{ font-family: \"Charis SIL\"; font-size: {size}pt; text-align: justify; hyphens: auto; }}\n\
             h1, h2, h3 {{ font-family: \"Noto Sans\"; text-align: left; }}\n\
             h1 {{ break-before: page; }}\n\
             .lead {{ font-size: 1.15em; }}\n\
             .footnote {{ float: footnote; }}\n\
             img {{ width: 60%; }}\n\
             nav a::after {{ content: leader(\".\") target-counter(attr(href), page); }}\n\
             </style>\n</head>\n<body>\n\
             <p style=\"font-size: 24pt; text-align: center\">Guide synthétique en {n} pages</p>\n<nav>\n",
            n = self.pages.len(),
            r = font("CharisSIL-Regular.ttf"),
            b = font("CharisSIL-Bold.ttf"),
            i = font("CharisSIL-Italic.ttf"),
            bi = font("CharisSIL-BoldItalic.ttf"),
            sans = font("NotoSans-Bold.ttf"),
            paper = geometry.paper.to_uppercase(),
            m = geometry.margin_mm,
            size = geometry.size_pt,
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
        let mut out = format!(
            "---\ntitle: Guide synthétique en {} pages\nlang: fr\n---\n\n",
            self.pages.len()
        );
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

// ---------------------------------------------------------------------------------------------
// Files

/// What [`write_guide`] wrote, all inside its directory.
#[derive(Debug, Clone)]
pub struct Written {
    /// The directory everything is in.
    pub dir: PathBuf,
    /// `livret.yaml`, for `livret build --config`.
    pub config: PathBuf,
    /// `guide.typ`, for `typst compile --font-path fonts/`.
    pub typst: PathBuf,
    /// `guide.html`, for WeasyPrint.
    pub html: PathBuf,
    /// `guide.md`, pandoc markdown, for pandoc → EPUB.
    pub pandoc: PathBuf,
    /// The number of pages.
    pub pages: usize,
}

/// The PNG figure: a small deterministic gradient with four bands.
fn png_bytes() -> Vec<u8> {
    let img = image::RgbImage::from_fn(240, 120, |x, y| {
        let band = (x / 60) as u8;
        image::Rgb([40 + band * 50, 90 + (y as u8 / 2), 160 - band * 30])
    });
    let mut bytes = io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png)
        .expect("encoding a PNG in memory does not fail");
    bytes.into_inner()
}

/// The SVG figure: four labelled circles in a loop.
const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" viewBox="0 0 320 160">
  <title>Cycle d'amélioration</title>
  <rect width="320" height="160" fill="#f5f5fe"/>
  <g fill="#000091" stroke="none">
    <circle cx="50" cy="80" r="30"/><circle cx="130" cy="80" r="30"/>
    <circle cx="210" cy="80" r="30"/><circle cx="290" cy="80" r="25"/>
  </g>
  <path d="M80 80 H100 M160 80 H180 M240 80 H262" stroke="#e1000f" stroke-width="4"/>
</svg>
"##;

/// Generates an `n`-page guide and writes it into `dir` (created if needed): `site/` (a Jekyll
/// site: `_config.yml`, `_pages/page-NNNN.md`, `img/`), `livret.yaml`, `guide.typ`,
/// `guide.html` and `guide.md`. `repo` is livret's source folder: its `fonts/` for the HTML,
/// its `styles/default.yaml` (when present) for the configuration.
pub fn write_guide(dir: &Path, n: usize, repo: &Path) -> io::Result<Written> {
    let guide = generate(n);
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("_pages"))?;
    std::fs::create_dir_all(site.join("img"))?;
    std::fs::write(
        site.join("_config.yml"),
        format!("title: Guide synthétique\nurl: {SITE_URL}\nbaseurl: \"\"\nlang: fr\ninclude:\n  - _pages\n"),
    )?;
    std::fs::write(site.join("img").join(PNG_FILE), png_bytes())?;
    std::fs::write(site.join("img").join(SVG_FILE), SVG)?;
    for i in 0..n {
        std::fs::write(
            site.join("_pages").join(format!("page-{:04}.md", i + 1)),
            guide.page_markdown(i),
        )?;
    }
    let style = repo.join("styles").join("default.yaml");
    let written = Written {
        dir: dir.to_path_buf(),
        config: dir.join("livret.yaml"),
        typst: dir.join("guide.typ"),
        html: dir.join("guide.html"),
        pandoc: dir.join("guide.md"),
        pages: n,
    };
    std::fs::write(
        &written.config,
        guide.livret_yaml(style.is_file().then_some(style.as_path())),
    )?;
    std::fs::write(&written.typst, guide.typst(GEOMETRY))?;
    let fonts = repo.join("fonts");
    let fonts = fonts.canonicalize().unwrap_or(fonts);
    std::fs::write(&written.html, guide.html(GEOMETRY, &fonts))?;
    std::fs::write(&written.pandoc, guide.pandoc_markdown())?;
    Ok(written)
}
