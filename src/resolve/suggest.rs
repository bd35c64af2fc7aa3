//! "Did you mean …?": the closest known names to a name that matched nothing.

/// Below this similarity (normalized Damerau–Levenshtein, 0–1) a candidate is not offered:
/// 0.6 keeps one-letter typos in short names (`transfer`/`transfert` ≈ 0.89, `qui`/`quoi` = 0.75)
/// and drops unrelated names of similar length.
const MIN_SIMILARITY: f64 = 0.6;

/// The candidates most like `wanted`, best first, at most `max`. A candidate that starts with
/// `wanted` (a name cut short) is always offered.
pub fn closest<'a, I>(wanted: &str, candidates: I, max: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut scored: Vec<(f64, usize, &'a str)> = Vec::new();
    for (i, c) in candidates.into_iter().enumerate() {
        if c == wanted || scored.iter().any(|(_, _, s)| *s == c) {
            continue;
        }
        let mut score = strsim::normalized_damerau_levenshtein(wanted, c);
        if !wanted.is_empty() && c.starts_with(wanted) {
            score = score.max(MIN_SIMILARITY);
        }
        if score >= MIN_SIMILARITY {
            scored.push((score, i, c));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(max).map(|(_, _, c)| c).collect()
}

/// A hint naming the candidates: ``did you mean `a`?`` or ``did you mean `a`, `b` or `c`?``.
pub fn hint(found: &[&str], prefix: &str) -> Option<String> {
    let quoted: Vec<String> = found.iter().map(|s| format!("`{prefix}{s}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_near_names_best_first() {
        let c = [
            "/approche/transfert",
            "/approche/investigation",
            "/manifeste",
        ];
        assert_eq!(
            closest("/approche/transfer", c, 3),
            vec!["/approche/transfert"]
        );
        assert!(closest("/tout/autre/chose", c, 3).is_empty());
        assert_eq!(closest("pourquo", ["qui", "pourquoi"], 3), vec!["pourquoi"]);
    }

    #[test]
    fn hint_lists_names() {
        assert_eq!(hint(&[], "#"), None);
        assert_eq!(hint(&["a"], "#").as_deref(), Some("did you mean `#a`?"));
        assert_eq!(
            hint(&["a", "b", "c"], "").as_deref(),
            Some("did you mean `a`, `b` or `c`?")
        );
    }
}
