//! "Did you mean" suggestions.
//!
//! A story may hold a million scene ids, so a suggestion must not compare an
//! unknown name against all of them. [`Suggester`] buckets names by length in
//! code points; a query only looks at buckets within the edit-distance
//! threshold, uses a banded edit distance that gives up past the threshold,
//! and stops after [`MAX_COMPARISONS`]. Callers compute one suggestion per
//! distinct unknown name, and one index answers at most
//! [`MAX_TOTAL_COMPARISONS`] in all: thousands of distinct unknown ids, each
//! near some of thousands of scene ids, were otherwise seconds of work
//! (their product) for hints nobody reads past the first few.

use std::collections::BTreeMap;

/// Upper bound on distance computations for one query.
pub const MAX_COMPARISONS: usize = 20_000;

/// Upper bound on distance computations for all the queries of one
/// [`Suggester`]: past it, unknown names get no suggestion.
pub const MAX_TOTAL_COMPARISONS: usize = 1_000_000;

/// The largest edit distance worth suggesting for a name of `len` chars.
fn threshold(len: usize) -> usize {
    match len {
        0..=2 => 1,
        3..=5 => 2,
        _ => 3,
    }
}

/// An index of candidate names.
#[derive(Default)]
pub struct Suggester {
    by_len: BTreeMap<usize, Vec<String>>,
    /// Distance computations made so far, by every query.
    spent: std::cell::Cell<usize>,
}

impl Suggester {
    /// Index the given names.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Suggester {
        let mut by_len: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for name in names {
            by_len
                .entry(name.chars().count())
                .or_default()
                .push(name.to_string());
        }
        Suggester {
            by_len,
            spent: std::cell::Cell::new(0),
        }
    }

    /// The closest name within the threshold; ties go to the
    /// lexicographically smallest, so the answer never depends on order.
    pub fn closest(&self, target: &str) -> Option<&str> {
        let target_text = target;
        let target: Vec<char> = target.chars().collect();
        let max = threshold(target.len());
        let lo = target.len().saturating_sub(max);
        let hi = target.len() + max;
        let mut best: Option<(usize, &str)> = None;
        // This query's share of the index's budget, as a mark on its count.
        let stop = (self.spent.get() + MAX_COMPARISONS).min(MAX_TOTAL_COMPARISONS);
        let mut scratch = Vec::new();
        for (_, names) in self.by_len.range(lo..=hi) {
            for name in names {
                if self.spent.get() >= stop {
                    return best.map(|b| b.1);
                }
                self.spent.set(self.spent.get() + 1);
                let limit = best.map_or(max, |b| b.0);
                if let Some(d) = bounded_distance(&target, name, limit, &mut scratch) {
                    let better = match best {
                        None => true,
                        Some((bd, bn)) => d < bd || (d == bd && name.as_str() < bn),
                    };
                    if better && name.as_str() != target_text {
                        best = Some((d, name));
                    }
                }
            }
        }
        best.map(|b| b.1)
    }
}

/// The closest of a few candidates (for small fixed lists such as keywords).
pub fn closest<'a>(target: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let t: Vec<char> = target.chars().collect();
    let max = threshold(t.len());
    let mut scratch = Vec::new();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if let Some(d) = bounded_distance(&t, c, best.map_or(max, |b| b.0), &mut scratch) {
            if c != target && best.is_none_or(|(bd, bn)| d < bd || (d == bd && c < bn)) {
                best = Some((d, c));
            }
        }
    }
    best.map(|b| b.1)
}

/// Levenshtein distance between `a` and `b` if it is at most `limit`
/// (case-insensitive), else `None`. Cost O(len · limit).
fn bounded_distance(a: &[char], b: &str, limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let eq = |x: char, y: char| x == y || x.to_lowercase().eq(y.to_lowercase());
    // Full rows but early exit when a whole row exceeds the limit; names are
    // short, so the band optimisation is not worth its complexity here.
    row.clear();
    row.extend(0..=b.len());
    for (i, &ca) in a.iter().enumerate() {
        let mut prev_diag = row[0];
        row[0] = i + 1;
        let mut row_min = row[0];
        for (j, &cb) in b.iter().enumerate() {
            let cost = if eq(ca, cb) { 0 } else { 1 };
            let value = (prev_diag + cost).min(row[j] + 1).min(row[j + 1] + 1);
            prev_diag = row[j + 1];
            row[j + 1] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return None;
        }
    }
    let d = row[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses() {
        let s = Suggester::new(["ferry", "ferry-again", "gone", "argument"]);
        assert_eq!(s.closest("fery"), Some("ferry"));
        assert_eq!(s.closest("ferry-agian"), Some("ferry-again"));
        assert_eq!(s.closest("nowhere"), None);
        assert_eq!(s.closest("Gone"), Some("gone"));
    }

    #[test]
    fn ties_are_broken_by_name_not_order() {
        let a = Suggester::new(["cat", "bat"]);
        let b = Suggester::new(["bat", "cat"]);
        assert_eq!(a.closest("hat"), b.closest("hat"));
        assert_eq!(a.closest("hat"), Some("bat"));
    }

    #[test]
    fn the_index_stops_suggesting_once_its_total_budget_is_spent() {
        // Names of one length, none near the queries but the last: each
        // query compares all of them.
        let names: Vec<String> = (0..MAX_COMPARISONS).map(|i| format!("{i:08}")).collect();
        let s = Suggester::new(names.iter().map(String::as_str));
        let queries = MAX_TOTAL_COMPARISONS / MAX_COMPARISONS;
        for _ in 0..queries - 1 {
            assert_eq!(s.closest("zzzzzzzz"), None);
        }
        // The last query within the budget still finds its neighbour, the
        // last name compared: one edit from "00019999" and from no other...
        let last = format!("x{}", &names.last().unwrap()[1..]);
        assert_eq!(s.closest(&last), Some(names.last().unwrap().as_str()));
        // ...and past it nothing is compared.
        assert_eq!(s.closest(&last), None);
        assert_eq!(s.spent.get(), MAX_TOTAL_COMPARISONS);
    }

    #[test]
    fn small_lists() {
        assert_eq!(closest("scne", ["scene", "era"].into_iter()), Some("scene"));
        assert_eq!(closest("zzzzzz", ["scene", "era"].into_iter()), None);
    }
}
