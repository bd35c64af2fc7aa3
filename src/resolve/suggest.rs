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

/// The page URL most like `wanted` (a site path), if one is close enough. Two URLs in one
/// folder are compared by their last part alone (`itou` and `pitchou`, not
/// `/startups/itou.html` and `/startups/pitchou.html`, which their common folder makes look
/// alike), two URLs in different folders by both their last parts and their whole paths;
/// trailing `/`, `.html` and `index.html` do not count.
pub fn closest_url<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let split = |url: &str| {
        let key = super::urls::page_key(url);
        match key.rsplit_once('/') {
            Some((dir, name)) => (dir.to_string(), name.to_string()),
            None => (String::new(), key),
        }
    };
    let (dir, name) = split(wanted);
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let (c_dir, c_name) = split(c);
        let names = strsim::normalized_damerau_levenshtein(&name, &c_name);
        // In another folder, the whole path must be close too (a typo in the folder's name).
        let score = if c_dir == dir {
            names
        } else {
            names.min(strsim::normalized_damerau_levenshtein(
                &super::urls::page_key(wanted),
                &super::urls::page_key(c),
            ))
        };
        if score >= MIN_SIMILARITY && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
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
    fn urls_are_compared_within_their_folder() {
        let c = [
            "/startups/pitchou.html",
            "/approche/transfert",
            "/manifeste",
        ];
        assert_eq!(closest_url("/startups/itou.html", c), None);
        assert_eq!(closest_url("/approche/itou.html", ["/approche/"]), None);
        assert_eq!(
            closest_url("/aproche/transfert", c),
            Some("/approche/transfert")
        );
        assert_eq!(
            closest_url("/approche/transfer", c),
            Some("/approche/transfert")
        );
        assert_eq!(closest_url("/manifest/", c), Some("/manifeste"));
        assert_eq!(
            closest_url("/startups/pitchu.html", c),
            Some("/startups/pitchou.html")
        );
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
