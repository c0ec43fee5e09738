//! Continuity tests on small stories written as scene text: directives for
//! every rule, and the engine's findings tied to their scenes.

use std::collections::BTreeMap;

use crate::continuity::{check, config, Config, Level};
use crate::diagnostics::{codes, examples, Diagnostic};
use crate::engine::{analyze, Chronology};
use crate::model::Story;
use crate::workspace::Workspace;

/// Every rule on, the off-by-default ones included.
fn all_rules() -> Config {
    let mut config = Config::default();
    config.set("presence-may-overlap", Level::Warn).unwrap();
    config.set("ambiguous-order", Level::Note).unwrap();
    config
}

/// Parse, resolve and analyse a story; panics on syntax or name errors.
pub(crate) fn load(text: &str) -> (Workspace, Story, Chronology) {
    let ws = Workspace::from_text("test.scenes", text);
    assert!(ws.diagnostics.is_empty(), "{:?}", ws.diagnostics);
    let loaded = ws.resolve().remove(0);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let chronology = analyze(&loaded.story, &ws.sources);
    (ws, loaded.story, chronology)
}

/// [`load`] and check the story.
pub(crate) fn diagnose(text: &str, config: &Config) -> Vec<Diagnostic> {
    let (ws, story, chronology) = load(text);
    check(&story, &chronology, &ws.sources, config)
}

/// The codes found in a story with every rule on, in order, as text.
pub(crate) fn codes_found(text: &str) -> Vec<String> {
    diagnose(text, &all_rules())
        .iter()
        .map(|d| d.code.to_string())
        .collect()
}

/// How many diagnostics of each code.
fn tally(found: &[Diagnostic]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for d in found {
        *out.entry(d.code.to_string()).or_default() += 1;
    }
    out
}

/// The story with `# chronotope: allow WHAT` as the first line of every
/// scene block.
fn allow_everywhere(text: &str, what: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("scene ") {
            out.push_str(&format!("  # chronotope: allow {what}\n"));
        }
    }
    assert_ne!(out, text, "the story has a scene to put the directive in");
    out
}

/// 101 scenes, each dated twice a year apart: more contradictions than the
/// engine reports.
fn over_the_cap() -> String {
    let mut text = String::from("title: T\n");
    for i in 0..=crate::engine::MAX_CONTRADICTIONS {
        text.push_str(&format!("scene s{i}: S\n  story: 2020-01-01, 2021-01-01\n"));
    }
    text
}

/// A directive naming a rule's code, or its name, in the scenes a finding
/// is about silences exactly that rule's findings there: for every rule
/// with an example (the engine's included), and `W0303`.
#[test]
fn a_directive_silences_every_rule() {
    let mut stories: Vec<(&str, String)> = examples::ALL
        .iter()
        .filter(|e| config::is_rule(e.code) && !e.example.is_empty())
        // A birth after a death is about a declaration; see below.
        .filter(|e| e.code != codes::BORN_AFTER_DIED)
        .map(|e| (e.code, e.example.to_string()))
        .collect();
    stories.push((codes::TOO_MANY_CONTRADICTIONS.as_str(), over_the_cap()));
    let rules: Vec<&str> = config::rules().map(|r| r.code).collect();
    for code in rules {
        // `N0512` needs `--infer`: tests/production.rs silences it.
        let covered = stories.iter().any(|(c, _)| *c == code)
            || code == codes::BORN_AFTER_DIED
            || code == codes::TIME_OF_DAY_NARROWED;
        assert!(covered, "{code} has no directive test");
    }
    let config = all_rules();
    for (code, text) in &stories {
        let name = codes::find(code).unwrap().name;
        let before = tally(&diagnose(text, &config));
        assert!(before.contains_key(*code), "{code}: {before:?}");
        for what in [code.to_string(), code.to_lowercase(), name.to_string()] {
            let after = tally(&diagnose(&allow_everywhere(text, &what), &config));
            let mut expected = before.clone();
            expected.remove(*code);
            if *code == codes::UNKNOWN_DIRECTIVE {
                assert_eq!(after, expected, "allow {what}");
            } else {
                // Names extend to the rules whose names extend them
                // (`presence` covers `presence-may-overlap`).
                for c in config::lookup(&what).unwrap() {
                    expected.remove(c);
                }
                assert_eq!(after, expected, "allow {what}");
            }
        }
    }
}

/// `E0411` is about a character: a directive in a scene they appear in
/// silences it; one in a scene without them does not.
#[test]
fn born_after_died_is_silenced_where_the_character_appears() {
    let text = "title: T\ncharacter Nermin: born 1990, died 1931\ncharacter Ali\nscene a: A\n  story: 1930\n  cast: Nermin\nscene b: B\n  story: 1929\n  cast: Ali\n";
    let config = all_rules();
    let count = |text: &str| {
        tally(&diagnose(text, &config))
            .get(codes::BORN_AFTER_DIED.as_str())
            .copied()
    };
    assert_eq!(count(text), Some(1));
    let in_a = text.replace(
        "  cast: Nermin\n",
        "  cast: Nermin\n  # chronotope: allow E0411\n",
    );
    assert_eq!(count(&in_a), None);
    let in_b = text.replace(
        "  cast: Ali\n",
        "  cast: Ali\n  # chronotope: allow E0411\n",
    );
    assert_eq!(count(&in_b), Some(1));
}

/// A directive is about its own scene: allowing a rule in one scene leaves
/// the same finding in another scene.
#[test]
fn a_directive_is_about_its_own_scene() {
    let text = "title: T\nscene a: A\n  story: 2020-01-01\nscene b: B\nscene c: C\n";
    let config = Config::default();
    let unplaced = |text: &str| {
        diagnose(text, &config)
            .iter()
            .filter(|d| d.code == codes::UNPLACED)
            .count()
    };
    assert_eq!(unplaced(text), 2);
    let one = text.replace(
        "scene b: B\n",
        "scene b: B\n  # chronotope: allow unplaced\n",
    );
    assert_eq!(unplaced(&one), 1);
}

/// A malformed directive is a finding like any other: its level follows
/// the configuration.
#[test]
fn malformed_directives_follow_the_configured_level() {
    let text = examples::ALL
        .iter()
        .find(|e| e.code == codes::UNKNOWN_DIRECTIVE)
        .unwrap()
        .example;
    let mut config = Config::default();
    let severity = |config: &Config| {
        diagnose(text, config)
            .iter()
            .find(|d| d.code == codes::UNKNOWN_DIRECTIVE)
            .map(|d| d.severity())
    };
    assert_eq!(
        severity(&config),
        Some(crate::diagnostics::Severity::Warning)
    );
    config.set("unknown-directive", Level::Error).unwrap();
    assert_eq!(severity(&config), Some(crate::diagnostics::Severity::Error));
    config.set("unknown-directive", Level::Allow).unwrap();
    assert_eq!(severity(&config), None);
}

/// Stories without story-time tags: every scene is unplaced, and the
/// findings are tied to their scenes by index, not found again by a search
/// per finding (which took 22 s on 160,000 scenes).
#[test]
fn untagged_stories_get_one_note_per_scene() {
    // Every untagged scene gets its own finding, found by index (the speed
    // of this, linear in scenes, is timed by `cargo bench --bench
    // continuity -- --untagged 160000`, not here).
    let scenes = 20_000;
    let mut text = String::with_capacity(scenes * 24);
    text.push_str("title: T\n");
    for i in 0..scenes {
        text.push_str(&format!("scene s{i}: S\n"));
    }
    let ws = Workspace::from_text("test.scenes", &text);
    let loaded = ws.resolve().remove(0);
    let chronology = analyze(&loaded.story, &ws.sources);
    let found = check(&loaded.story, &chronology, &ws.sources, &Config::default());
    assert_eq!(found.len(), scenes);
}

/// The rule families give the same findings in the same order whether
/// they run on one thread or are shared between two (as a story of
/// `PARALLEL_FROM_SCENES` scenes or more has them).
#[test]
fn rule_families_on_two_threads_list_their_findings_in_family_order() {
    let text = "title: T\n\
        character Semih: born 1990-03-01\n\
        marker bandage:\n  on:\n  off:\n\
        scene a: A\n  screen: 00:00:00 .. 00:05:00\n  story: 2014-05-17 18:00 for 40m\n  \
        cast: Semih (age 30)\n  where: ferry\n  bandage: on\n\
        scene b: B\n  screen: 00:04:00 .. 00:09:00\n  story: 2014-05-17 18:10 for 1h\n  \
        cast: Semih\n  where: gallery\n  bandage: off\n\
        scene c: C\n  story: 2014-05-19\n  bandage: on\n\
        scene d: D\n  repeats: a\n  bandage: off\n";
    let (_ws, story, chronology) = load(text);
    let flagged = std::collections::HashSet::new();
    let run = |config: &Config, parallel| {
        let mut found = Vec::new();
        super::rule_findings(&story, &chronology, config, &flagged, parallel, &mut found);
        found
            .iter()
            .map(|f| (f.diagnostic.code.to_string(), f.scenes.clone()))
            .collect::<Vec<_>>()
    };
    let one = run(&all_rules(), false);
    let codes: Vec<&str> = one.iter().map(|(c, _)| c.as_str()).collect();
    // Five families, each with a finding, so the order has something to
    // keep: marker reverts, repeated markers, presence, lives, telling.
    assert_eq!(
        codes,
        ["W0402", "W0413", "E0403", "E0407", "W0408"],
        "{one:?}"
    );
    assert_eq!(run(&all_rules(), true), one);
}

/// Every rule's example, with every rule off, gives the rule families
/// nothing to report: a family whose rules are all off is not run. With
/// the example's rule on alone, its finding comes back.
#[test]
fn a_family_whose_rules_are_off_is_not_run() {
    let mut off = Config::default();
    for rule in config::rules() {
        off.set(rule.code, Level::Allow).unwrap();
    }
    let flagged = std::collections::HashSet::new();
    let mut tried = 0;
    for e in examples::ALL
        .iter()
        .filter(|e| config::is_rule(e.code) && !e.example.is_empty())
    {
        let ws = Workspace::from_text("test.scenes", e.example);
        let Some(loaded) = ws.resolve().into_iter().next() else {
            continue;
        };
        let chronology = analyze(&loaded.story, &ws.sources);
        let run = |config: &Config| {
            let mut found = Vec::new();
            super::rule_findings(
                &loaded.story,
                &chronology,
                config,
                &flagged,
                false,
                &mut found,
            );
            found
                .iter()
                .map(|f| f.diagnostic.code.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(run(&off), Vec::<String>::new(), "{}", e.code);
        let mut only = off.clone();
        only.set(e.code, Level::Warn).unwrap();
        if run(&all_rules()).iter().any(|c| c == e.code) {
            assert!(run(&only).iter().any(|c| c == e.code), "{}", e.code);
            tried += 1;
        }
    }
    // 19 examples are the rule families' today (the engine's and the
    // directives' findings come from elsewhere).
    assert!(tried >= 19, "{tried}");
}
