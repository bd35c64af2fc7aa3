//! Times shaping and line breaking of a few thousand words of French (not a benchmark suite:
//! a quick figure). Run with `cargo run --example paragraph_bench`.

use std::time::Instant;

use livret::layout::{layout_paragraph, Align, ParagraphOptions, Shaper, Span, SpanStyle};

/// Sentences written for this example, recombined into paragraphs.
const SENTENCES: [&str; 8] = [
    "L’équipe rencontre les agents et les usagers pour comprendre leurs difficultés réelles.",
    "Chaque semaine, elle livre une amélioration mesurable du service numérique.",
    "Les indicateurs d’impact sont publiés et discutés avec l’administration partenaire\u{202F}!",
    "Pourquoi construire une solution complète avant d’avoir vérifié le besoin\u{202F}?",
    "La documentation est disponible sur https://beta.gouv.fr/approche/documentation.",
    "« Faire simple\u{00A0}» demande de l’expérience, de la méthode et de la persévérance.",
    "Les développements sont ouverts\u{202F}; le code source est publié dès le premier jour.",
    "L’accompagnement s’arrête lorsque le service est transféré à une équipe pérenne.",
];

fn main() {
    // 120 paragraphs of 6 sentences: about 6,000 words.
    let paragraphs: Vec<String> = (0..120)
        .map(|i| {
            (0..6)
                .map(|k| SENTENCES[(i * 7 + k * 3) % SENTENCES.len()])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let words: usize = paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    let options = ParagraphOptions {
        measure: 340.0,
        indent: 12.0,
        align: Align::Justify,
        leading: 13.0,
    };
    let style = SpanStyle::default();
    for round in ["cold cache", "warm cache"] {
        let mut shaper = Shaper::new();
        if round == "warm cache" {
            for p in &paragraphs {
                layout_paragraph(
                    &mut shaper,
                    &[Span::new(p.as_str(), style.clone())],
                    &options,
                );
            }
        }
        let started = Instant::now();
        let mut lines = 0;
        for p in &paragraphs {
            lines += layout_paragraph(
                &mut shaper,
                &[Span::new(p.as_str(), style.clone())],
                &options,
            )
            .lines
            .len();
        }
        let elapsed = started.elapsed();
        println!(
            "{round}: {words} words, {} paragraphs, {lines} lines in {:.1} ms ({:.0} words/s; shaper {} misses, {} hits)",
            paragraphs.len(),
            elapsed.as_secs_f64() * 1000.0,
            words as f64 / elapsed.as_secs_f64(),
            shaper.misses,
            shaper.hits
        );
    }
}
