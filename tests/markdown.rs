//! Markdown scene folders through the binary: front matter in the Radial
//! Timeline and chronotope styles, a Longform index, wikilinks, errors at
//! the note's own line and column, and `import`/`fmt` on a folder.

mod common;

use common::{repo, Test};
use serde_json::Value;

/// An Obsidian-style folder: Radial Timeline keys, wikilinked characters,
/// a Longform index whose order differs from the file names.
fn obsidian() -> Test {
    Test::new()
        .file(
            "novel/Index.md",
            "---\nlongform:\n  format: scenes\n  scenes:\n    - Arrival\n    - - Before\n      - \"[[Departure]]\"\n---\n# Index\n",
        )
        .file(
            "novel/Arrival.md",
            "---\nClass: Scene\nWhen: 2024-03-05 2:30pm\nDuration: 45 minutes\nCharacter:\n  - \"[[Ada|Ada L.]]\"\n  - \"[[Ben]]\"\nPlace: Station\nSubplot: Return\n---\n\nAda steps off the train.\n",
        )
        .file(
            "novel/Before.md",
            "---\nClass: Scene\nWhen: 2024-03-01\nDuration: 3days\nPOV: \"[[Ada]]\"\n---\nThe week before.\n",
        )
        .file(
            "novel/Departure.md",
            "---\ntype: scene\nstory: after [[Before]] by 1d, for 2h\ncast: \"[[Ada]], Ben\"\n---\n",
        )
        .file("novel/README.md", "# Notes about the novel\n\nNot a scene.\n")
}

fn order(test: &Test, path: &str) -> Vec<(String, u64, u64)> {
    let run = test
        .cmd(&["order", path, "--format", "json"])
        .stdout_any()
        .run();
    run.json()["scenes"]
        .as_array()
        .expect("scenes")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["telling"].as_u64().unwrap(),
                s["chrono"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_longform_folder_orders_by_the_chronology_its_keys_imply() {
    let test = obsidian();
    assert_eq!(
        order(&test, "novel"),
        [
            ("before-1".to_string(), 2, 1),
            ("departure".to_string(), 3, 2),
            ("arrival".to_string(), 1, 3),
        ]
    );
}

#[test]
fn keys_map_to_story_time_cast_place_and_synopsis() {
    let test = obsidian();
    let run = test.cmd(&["export", "novel"]).stdout_any().run();
    let story = &run.json()["stories"][0];
    assert_eq!(story["title"], "novel");
    let scenes = story["scenes"].as_array().unwrap();
    let arrival = &scenes[0];
    assert_eq!(arrival["id"], "arrival");
    assert_eq!(arrival["story"][0]["earliest"], "2024-03-05T14:30:00");
    assert_eq!(arrival["story"][1]["min_seconds"], 45 * 60);
    let cast: Vec<&str> = arrival["cast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(cast, ["Ada", "Ben"]);
    assert_eq!(arrival["place"], "Station");
    assert_eq!(arrival["synopsis"][0], "Ada steps off the train.");
    let before = &scenes[1];
    assert_eq!(before["story"][1]["min_seconds"], 3 * 86400);
    let departure = &scenes[2];
    assert_eq!(departure["story"][0]["text"], "after [[Before]] by 1d");
    assert_eq!(departure["story"][0]["kind"], "after");
    assert_eq!(departure["cast"][0]["name"], "Ada");
    assert_eq!(departure["cast"][1]["name"], "Ben");
}

#[test]
fn bad_front_matter_is_an_error_in_that_note_and_the_rest_still_read() {
    let test = obsidian()
        .file("novel/Unclosed.md", "---\nClass: Scene\nWhen: 2024-03-02\n")
        .file(
            "novel/Tabbed.md",
            "---\nClass: Scene\nmeta:\n\tkey: 1\n---\n",
        )
        .file(
            "novel/Baddate.md",
            "---\nClass: Scene\nWhen: next Tuesday\n---\n",
        );
    let run = test.cmd(&["check", "novel"]).status(1).stderr_any().run();
    let run = run
        .error_at("E0005", "novel/Unclosed.md:1:1")
        .error_at("E0005", "novel/Tabbed.md:4:1")
        .error_at("E0105", "novel/Baddate.md:3:7");
    assert_eq!(run.count("E0005"), 2, "{}", run.stderr);
    // The good notes were read: their scenes are there, no unknown scene.
    assert_eq!(run.count("E0202"), 0, "{}", run.stderr);
}

#[test]
fn an_error_inside_a_chronotope_key_points_into_the_note() {
    let test = Test::new().file(
        "d/One.md",
        "---\ntype: scene\ntitle: \"One\"\nstory: after [[Nowhere]] by 2x\n---\n",
    );
    test.cmd(&["check", "d"])
        .status(1)
        .stderr_any()
        .run()
        .error_at("E0106", "d/One.md:4:29");
}

#[test]
fn an_alias_bomb_is_refused_without_expansion() {
    let mut note = String::from("---\nClass: Scene\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..30 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        note.push_str(&format!(
            "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    note.push_str("---\n");
    let test = Test::new().file("d/Bomb.md", note);
    test.cmd(&["check", "d/Bomb.md"])
        .status(1)
        .stderr_any()
        .run()
        .error_at("E0005", "d/Bomb.md:4:10");
}

#[test]
fn a_calendarium_date_object_is_an_error_naming_the_key() {
    let test = Test::new().file(
        "d/Feast.md",
        "---\nClass: Scene\nfc-date:\n  year: 1420\n  month: 3\n  day: 4\n---\n",
    );
    let run = test.cmd(&["check", "d"]).status(1).stderr_any().run();
    let run = run.error_at("E0105", "d/Feast.md:3:1");
    assert!(
        run.stderr.contains("`fc-date` is a mapping"),
        "{}",
        run.stderr
    );
}

#[test]
fn declared_characters_make_unknown_cast_an_error_again() {
    let test = Test::new()
        .file("d/story.scenes", "title: Declared\n\ncharacter Ada\n")
        .file(
            "d/One.md",
            "---\nClass: Scene\nWhen: 2024-01-01\nCharacter: [Ada, Bob]\n---\n",
        );
    test.cmd(&["check", "d"])
        .status(1)
        .stderr_any()
        .run()
        .error_at("E0203", "d/One.md:4:18");
}

#[test]
fn numeric_order_keys_then_natural_names() {
    let test = Test::new()
        .file(
            "d/a.md",
            "---\ntype: scene\norder: 2\nstory: 2020-01-01\n---\n",
        )
        .file(
            "d/b.md",
            "---\ntype: scene\norder: 1\nstory: 2020-01-02\n---\n",
        )
        .file("d/10 c.md", "---\ntype: scene\nstory: 2020-01-03\n---\n")
        .file("d/9 d.md", "---\ntype: scene\nstory: 2020-01-04\n---\n");
    let ids: Vec<String> = order(&test, "d").into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let told: Vec<u64> = order(&test, "d").into_iter().map(|(_, t, _)| t).collect();
    assert_eq!(told, [2, 1, 4, 3]);
}

#[test]
fn import_writes_a_scene_file_that_reads_the_same() {
    let test = obsidian();
    test.cmd(&["import", "novel", "-o", "novel.scenes"])
        .stderr_any()
        .run();
    let text = test.read("novel.scenes");
    assert!(text.contains("scene arrival:"), "{text}");
    assert!(text.contains("  thread: Return"), "{text}");
    assert_eq!(order(&test, "novel.scenes"), order(&test, "novel"));
}

#[test]
fn fmt_never_touches_notes() {
    let test = obsidian();
    let before = test.read("novel/Arrival.md");
    test.cmd(&["fmt", "novel"]).stderr_any().run();
    test.cmd(&["fmt", "novel/Arrival.md"]).stderr_any().run();
    assert_eq!(test.read("novel/Arrival.md"), before);
}

#[test]
fn the_bundled_example_is_clean() {
    let test = Test::new();
    let dir = repo().join("scenes/tide-clock");
    let run = test
        .cmd(&["check", dir.to_str().unwrap()])
        .stderr_any()
        .run();
    assert!(
        run.stderr.contains("no problems in 8 files"),
        "{}",
        run.stderr
    );
    let _ = Value::Null;
}

#[test]
fn input_format_markdown_reads_a_file_of_any_name_as_a_note() {
    let test = Test::new().file("note.txt", "---\ntype: scene\nstory: 2020-01-01\n---\n");
    let run = test
        .cmd(&[
            "order",
            "note.txt",
            "--input-format",
            "markdown",
            "--format",
            "json",
        ])
        .stdout_any()
        .run();
    assert_eq!(run.json()["scenes"][0]["id"], "note");
    // Without the flag the same file is a scene file, and `---` is no declaration.
    test.cmd(&["check", "note.txt"])
        .status(1)
        .stderr_any()
        .run()
        .error_at("E0101", "note.txt:1:1");
}

#[test]
fn radial_timeline_subplot_place_pov_and_act_read_as_written() {
    let test = Test::new()
        .file(
            "book/1 Dawn.md",
            "---\nClass: Scene\nAct: 2\nWhen: 2024-03-03\nSubplot:\n  - \"[[Main Plot]]\"\n  - Harbour\nPlace:\n  - \"[[Castle]]\"\n  - Forest\nPOV: first\nCharacter: Ada\n---\n",
        )
        .file(
            "book/2 Night.md",
            "---\nClass: Scene\nAct: 1\nWhen: 2024-03-01\nSubplot: Main Plot\nthread: Side\nPOV: \"[[Ben]]\"\n---\n",
        )
        .file(
            "book/3 Noon.md",
            "---\nClass: Scene\nAct: 1\nWhen: 2024-03-02\nPlace: \"[[Quay]]\"\n---\n",
        );
    let json = test
        .cmd(&["order", "book", "--format", "json"])
        .stdout_any()
        .run()
        .json();
    let rows: Vec<(String, u64, Value, Value)> = json["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["telling"].as_u64().unwrap(),
                s["threads"].clone(),
                s["cast"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["name"].clone())
                    .collect(),
            )
        })
        .collect();
    // Act 1 (2 Night, 3 Noon) is told before act 2 (1 Dawn), whatever the
    // numbers; `thread:` wins over `Subplot`; `POV: first` is a mode, not a
    // cast name, `POV: [[Ben]]` is Ben.
    assert_eq!(
        rows,
        [
            (
                "night".to_string(),
                1,
                serde_json::json!(["Side"]),
                serde_json::json!(["Ben"])
            ),
            (
                "noon".to_string(),
                2,
                serde_json::json!([]),
                serde_json::json!([])
            ),
            (
                "dawn".to_string(),
                3,
                serde_json::json!(["Main Plot", "Harbour"]),
                serde_json::json!(["Ada"])
            ),
        ]
    );
    let export = test
        .cmd(&["export", "book", "--format", "json"])
        .stdout_any()
        .run()
        .json();
    let text = export.to_string();
    assert!(text.contains("\"Castle\""), "{text}");
    assert!(text.contains("\"Quay\""), "{text}");
    assert!(
        !text.contains("[[Castle]]") || text.contains("Place"),
        "{text}"
    );
}

#[test]
fn a_longform_scene_folder_joins_its_index() {
    let test = Test::new()
        .file(
            "novel/Index.md",
            "---\nlongform:\n  format: scenes\n  sceneFolder: /Scenes\n  scenes:\n    - Second\n    - First\n---\n",
        )
        .file("novel/Scenes/First.md", "---\nClass: Scene\nWhen: 2024-03-02\n---\n")
        .file("novel/Scenes/Second.md", "---\nClass: Scene\nWhen: 2024-03-01\n---\n")
        // A folder outside the tree is never followed.
        .file(
            "other/Index.md",
            "---\nlongform:\n  format: scenes\n  sceneFolder: ../novel/Scenes\n  scenes:\n    - First\n---\n",
        );
    // The index's order (Second, First) is the telling, in one story.
    assert_eq!(
        order(&test, "novel"),
        [("second".to_string(), 1, 1), ("first".to_string(), 2, 2)]
    );
    let run = test
        .cmd(&["order", "other", "--format", "json"])
        .stdout_any()
        .stderr_any()
        .run();
    assert!(!run.stdout.contains("\"first\""), "{}", run.stdout);
}
