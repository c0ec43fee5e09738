//! The ten Story Curves datasets of Kim et al. (namwkim/storyexplorer), read
//! directly: the chronology chronotope computes is each file's
//! `story_order`, and `stats` gives the nonlinearity index by the published
//! definition. Provenance and the index's definition are in
//! `tests/fixtures/storycurves/README.md`.

mod common;

use common::{repo, Test};
use serde_json::Value;

/// Each dataset's stem, scene count and the nonlinearity index computed
/// from its raw orders by Story Explorer's definition
/// (`Σ|narrative − story| / Σ|(n−1) − story|`) with an independent script,
/// not with chronotope: the paper prints no table of values (see the
/// fixtures' README).
const DATASETS: &[(&str, usize, f64)] = &[
    ("12_monkeys", 173, 7792.0 / 14878.0),
    ("500_days_of_summer", 147, 3288.0 / 10731.0),
    ("annie_hall", 73, 822.0 / 2628.0),
    (
        "eternal_sunshine_of_the_spotless_mind",
        163,
        7346.0 / 13203.0,
    ),
    ("fight_club", 241, 992.0 / 28920.0),
    ("memento", 185, 13776.0 / 17020.0),
    ("prestige", 220, 9482.0 / 24090.0),
    ("pulp_fiction", 98, 2982.0 / 4753.0),
    ("reservoir_dogs", 50, 1128.0 / 1225.0),
    ("usual_suspects", 137, 5098.0 / 9316.0),
];

/// `(narrative_order, story_order)` of every scene in the file.
fn orders(json: &Value) -> Vec<(u64, u64)> {
    json["script_info"]["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["narrative_order"].as_u64().unwrap(),
                s["story_order"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Story Explorer's `calcTemporalNonlinearity` over the raw fields: the sum
/// of each scene's distance between its two orders over the sum of its
/// story order's distance from the last position.
fn published_index(orders: &[(u64, u64)]) -> f64 {
    let last = orders.len() as u64 - 1;
    let diff: u64 = orders.iter().map(|&(n, s)| n.abs_diff(s)).sum();
    let max: u64 = orders.iter().map(|&(_, s)| last.abs_diff(s)).sum();
    diff as f64 / max as f64
}

#[test]
fn each_published_dataset_reads_to_its_story_order_and_index() {
    for &(stem, count, index) in DATASETS {
        let name = format!("{stem}.json");
        let text =
            std::fs::read_to_string(repo().join("tests/fixtures/storycurves").join(&name)).unwrap();
        let raw: Value = serde_json::from_str(&text).unwrap();
        let orders = orders(&raw);
        assert_eq!(orders.len(), count, "{stem}");
        // The definition applied to the file agrees with the value written
        // above, so neither can drift alone.
        assert!((published_index(&orders) - index).abs() < 1e-12, "{stem}");

        let test = Test::new().file(&name, &text);
        let order = test
            .args(&["order", &name, "--format", "json"])
            .run()
            .status(0)
            .json();
        let unplaced = order["unplaced"].as_array().map_or(0, Vec::len);
        assert_eq!(unplaced, 0, "{stem}: every scene placed");
        // The chronology lists scenes in story order; each one's telling
        // position (1-based) is its narrative order + 1.
        let telling: Vec<u64> = order["scenes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["telling"].as_u64().unwrap())
            .collect();
        let mut by_story = orders.clone();
        by_story.sort_by_key(|&(_, s)| s);
        let expected: Vec<u64> = by_story.iter().map(|&(n, _)| n + 1).collect();
        assert_eq!(telling, expected, "{stem}: chronology is story_order");

        let stats = Test::new()
            .file(&name, &text)
            .args(&["stats", &name, "--format", "json"])
            .run()
            .status(0)
            .json();
        let got = stats["nonlinearity_index"].as_f64().unwrap();
        assert!(
            (got - index).abs() < 1e-12,
            "{stem}: nonlinearity {got} vs published definition {index}"
        );
    }
}
