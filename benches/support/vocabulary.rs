//! The words of the synthetic guide: subjects, verbs, objects, headings, titles. Written for
//! the generator (never taken from a real site); recombined by [`super`]'s sentence templates.

/// Sentence subjects, with whether they are plural.
pub const SUBJECTS: &[(&str, bool)] = &[
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
pub const VERBS: &[(&str, &str)] = &[
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
pub const OBJECTS: &[&str] = &[
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
pub const COMPLEMENTS: &[&str] = &[
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
pub const INFINITIVES: &[&str] = &[
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
pub const OPENERS: &[&str] = &[
    "Ensuite",
    "En pratique",
    "Par ailleurs",
    "Concrètement",
    "Au bout de quelques semaines",
    "Dans la plupart des cas",
    "Pour autant",
];

/// Units counted in figures.
pub const UNITS: &[&str] = &[
    "demandes",
    "usagers",
    "dossiers",
    "agents formés",
    "rendez-vous",
    "heures gagnées",
];

/// Second-level headings, with the explicit id each gets.
pub const SECTIONS: &[(&str, &str)] = &[
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
pub const SUBSECTIONS: &[&str] = &[
    "En pratique",
    "Ce qu'il faut éviter",
    "Un exemple",
    "Pour aller plus loin",
    "Les questions à se poser",
];

/// Page titles; past the end of the list they come back numbered.
pub const TOPICS: &[&str] = &[
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
pub const SUBTITLES: &[&str] = &[
    "Partir des usagers, pas des procédures",
    "Livrer vite, puis améliorer sans relâche",
    "Ce que l'équipe apprend sur le terrain",
    "Mesurer ce qui change vraiment",
];

/// Table rows: step, who, how long.
pub const TABLE_ROWS: &[(&str, &str, &str)] = &[
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
pub const EXTERNAL: &[&str] = &[
    "https://doc.exemple.org/accessibilite",
    "https://doc.exemple.org/donnees-personnelles",
    "https://code.exemple.org/projets",
    "https://stats.exemple.org/tableau",
];

/// Non-breaking space.
pub const NBSP: char = '\u{a0}';
