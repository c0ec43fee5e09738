//! CSV/TSV tables and Story Curves JSON through the binary: Aeon Timeline's
//! columns read directly, errors point at the row and column, `export
//! --format aeon-csv` and `--format storycurve` read back to the same
//! chronology.

mod common;

use common::{repo, Test};
use serde_json::{json, Value};

fn order(test: Test, path: &str) -> Value {
    test.args(&["order", path, "--format", "json"])
        .run()
        .status(0)
        .json()
}

/// `(title, chrono)` of every scene in telling order (0 when unplaced).
fn titles_and_chrono(order: &Value) -> Vec<(String, u64)> {
    let mut rows: Vec<(u64, String, u64)> = ["scenes", "unplaced"]
        .iter()
        .flat_map(|k| order[k].as_array().cloned().unwrap_or_default())
        .map(|r| {
            (
                r["telling"].as_u64().unwrap(),
                r["title"].as_str().unwrap().to_string(),
                r["chrono"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    rows.sort();
    rows.into_iter().map(|(_, t, c)| (t, c)).collect()
}

const AEON: &str = "Title,Start Date,End Date,Participants,Location,Tags\n\
Ferry,2014-05-17 18:00,2014-05-17 19:30,Semih|Defne,Kadıköy ferry,meet\n\
\"Argument, late\",2014-06-01,,\"Semih, Defne\",Flat,\n\
Gone,,,Defne,,\n\
Ferry,2013-01-01,,,,\n";

#[test]
fn an_aeon_export_reads_directly() {
    let test = Test::new().file("aeon.csv", AEON);
    let exported = test.args(&["export", "aeon.csv"]).run().status(0).json();
    let scenes = exported["stories"][0]["scenes"]
        .as_array()
        .expect("scenes")
        .clone();
    let ids: Vec<&str> = scenes.iter().map(|s| s["id"].as_str().unwrap()).collect();
    // Ids are the titles slugged, made unique in telling order.
    assert_eq!(ids, ["ferry", "argument-late", "gone", "ferry-2"]);
    let o = order(Test::new().file("aeon.csv", AEON), "aeon.csv");
    let first = &o["scenes"][1];
    assert_eq!(first["id"], "ferry");
    assert_eq!(first["earliest_start"], "2014-05-17T18:00:00");
    assert_eq!(first["earliest_end"], "2014-05-17T19:30:00");
    assert_eq!(o["scenes"][0]["id"], "ferry-2");
    assert_eq!(o["unplaced"][0]["id"], "gone");
}

#[test]
fn tsv_and_chronotope_columns_with_a_story_cell() {
    let tsv = "id\ttitle\tstory\tcast\twhere\n\
a\tMeeting\t2014-05-17 18:00 for 40m\tAda, Can\tPier\n\
b\tLater\tafter a by 1d\tAda\t\n";
    let o = order(Test::new().file("t.tsv", tsv), "t.tsv");
    assert_eq!(o["scenes"][1]["id"], "b");
    assert_eq!(o["scenes"][1]["earliest_start"], "2014-05-18T18:40:00");
}

#[test]
fn errors_name_the_row_and_column() {
    let text = "id,title,story,bogus\n\
a,A,2014-05-17,x\n\
b,B,after a by,x\n\
c,C,2014,x,extra\n\
d,\"D\n";
    Test::new()
        .file("bad.csv", text)
        .args(&["check", "bad.csv"])
        .run()
        .status(1)
        .error_at("E0702", "bad.csv:1:16")
        .error_at("E0116", "bad.csv:3:15")
        .error_at("E0701", "bad.csv:4:12")
        .error_at("E0701", "bad.csv:5:3");
}

#[test]
fn a_short_row_points_at_its_last_cell() {
    // Row 3 has two cells for three columns: the error is at its end.
    Test::new()
        .file(
            "short.csv",
            "Title,Start Date,Location\nA,2014-05-17,Pier\nB,2014-05-18\n",
        )
        .args(&["check", "short.csv"])
        .run()
        .status(1)
        .error_at("E0701", "short.csv:3:3");
}

#[test]
fn a_story_cell_in_quotes_reports_inside_the_cell() {
    let text = "id,title,story\na,\"A, b\",\"after zz, for 3q\"\n";
    Test::new()
        .file("q.csv", text)
        .args(&["check", "q.csv"])
        .run()
        .status(1)
        .error_at("E0106", "q.csv:2:25");
}

#[test]
fn aeon_csv_round_trips_the_chronology() {
    let story = std::fs::read_to_string(repo().join("scenes/dont-leave.scenes")).unwrap();
    let test = Test::new().file("dl.scenes", &story);
    let csv = test
        .args(&["export", "dl.scenes", "--format", "aeon-csv"])
        .run()
        .status(0)
        .stdout;
    assert!(
        csv.starts_with("\"Title\",\"Start Date\",\"End Date\",\"Participants\",\"Location\"\r\n")
    );
    let before = order(Test::new().file("dl.scenes", &story), "dl.scenes");
    let after = order(Test::new().file("dl.csv", &csv), "dl.csv");
    assert_eq!(titles_and_chrono(&before), titles_and_chrono(&after));
    let starts = |o: &Value| -> Vec<Value> {
        o["scenes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["earliest_start"].clone())
            .collect()
    };
    assert_eq!(starts(&before), starts(&after));
    assert_eq!(after["scenes"].as_array().unwrap().len(), 13);
}

#[test]
fn formula_cells_are_neutralised_and_read_back() {
    let story = "title: Sums\nscene a: =HYPERLINK(\"x\")\n  story: 2020-01-01\n  where: @home\n";
    let test = Test::new().file("s.scenes", story);
    let csv = test
        .args(&["export", "s.scenes", "--format", "aeon-csv"])
        .run()
        .status(0)
        .stdout;
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    assert!(csv.contains("\"'@home\""), "{csv}");
    let o = order(Test::new().file("s.csv", &csv), "s.csv");
    assert_eq!(o["scenes"][0]["title"], "=HYPERLINK(\"x\")");
}

/// A file of the storyexplorer datasets' shape: scenes listed in story
/// order (as the published files list them), with their extra metadata and
/// `null` times. `told[k]` is the narrative order of the k-th story scene.
fn curves(told: &[usize]) -> String {
    let scenes: Vec<Value> = told
        .iter()
        .enumerate()
        .map(|(story, &narrative)| {
            json!({
                "narrative_order": narrative,
                "characters": if story % 3 == 0 { json!(["Cole", "Railly"]) } else { json!([]) },
                "story_order": story,
                "scene_metadata": {"size": 100 + story, "setting": "Int.", "location": format!("Room {story}"),
                    "sentiment": -0.25, "time": if story % 2 == 0 { json!("Day") } else { Value::Null }}
            })
        })
        .collect();
    json!({"script_info": {"scenes": scenes}}).to_string()
}

/// A permutation of `0..n` from a small linear congruential generator.
fn permutation(n: usize, mut seed: u64) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        p.swap(i, (seed >> 33) as usize % (i + 1));
    }
    p
}

#[test]
fn story_curves_give_the_published_story_order_and_nonlinearity() {
    // One scene has nothing to be ordered against: it is not placed.
    for (n, seed) in [(2, 7), (3, 5), (40, 3), (120, 11)] {
        let told = permutation(n, seed);
        let text = curves(&told);
        let o = order(Test::new().file("film.json", &text), "film.json");
        // Chronology position k holds the scene told at told[k].
        let telling: Vec<u64> = o["scenes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["telling"].as_u64().unwrap())
            .collect();
        let expected: Vec<u64> = told.iter().map(|&t| t as u64 + 1).collect();
        assert_eq!(telling, expected, "n = {n}");
        let stats = Test::new()
            .file("film.json", &text)
            .args(&["stats", "film.json", "--format", "json"])
            .run()
            .status(0)
            .json();
        // Kim et al.'s orders: the index is the footrule distance between
        // them over the number of pairs (0 for a single scene).
        let footrule: usize = told.iter().enumerate().map(|(s, &t)| s.abs_diff(t)).sum();
        let pairs = n * (n - 1) / 2;
        let index = if pairs == 0 {
            0.0
        } else {
            footrule as f64 / pairs as f64
        };
        let got = stats["nonlinearity_index"].as_f64().unwrap();
        assert!((got - index).abs() < 1e-9, "n = {n}: {got} vs {index}");
    }
}

#[test]
fn storycurve_export_reads_back_to_the_same_orders() {
    let story = std::fs::read_to_string(repo().join("scenes/dont-leave.scenes")).unwrap();
    let test = Test::new().file("dl.scenes", &story);
    let out = test
        .args(&["export", "dl.scenes", "--format", "storycurve"])
        .run()
        .status(0)
        .json();
    let scenes = out["script_info"]["scenes"].as_array().unwrap();
    assert_eq!(scenes.len(), 13);
    assert_eq!(scenes[0]["narrative_order"], 0);
    assert_eq!(scenes[0]["scene_metadata"]["location"], "Cihangir flat");
    let before = order(Test::new().file("dl.scenes", &story), "dl.scenes");
    let after = order(Test::new().file("dl.json", out.to_string()), "dl.json");
    let tellings = |o: &Value| -> Vec<Value> {
        o["scenes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["telling"].clone())
            .collect()
    };
    assert_eq!(tellings(&before), tellings(&after));
}

#[test]
fn json_of_another_shape_is_a_clear_error_and_the_walk_skips_json() {
    Test::new()
        .file("other.json", "{\"name\": \"package\"}")
        .args(&["check", "other.json"])
        .run()
        .status(1)
        .error_at("E0703", "other.json:1:19");
    Test::new()
        .file(
            "broken.json",
            "{\"script_info\": {\"scenes\": [\n  {\"narrative_order\": }\n]}}",
        )
        .args(&["check", "broken.json"])
        .run()
        .status(1)
        .error_at("E0703", "broken.json:2:23");
    // A directory walk reads scene files and tables, never `*.json`.
    let _ = Test::new()
        .file(
            "story/a.scenes",
            "title: A\nscene a: A\n  story: 2020-01-01\n",
        )
        .file("story/package.json", "{\"name\": \"x\"}")
        .cmd(&["check", "story"])
        .stderr_any()
        .run()
        .status(0);
}

#[test]
fn import_turns_a_table_into_a_scene_file_with_the_same_order() {
    let test = Test::new().file("aeon.csv", AEON);
    let _ = test
        .cmd(&["import", "aeon.csv", "-o", "aeon.scenes"])
        .stdout_any()
        .stderr_any()
        .run();
    let imported = test.read("aeon.scenes");
    assert!(imported.contains("scene ferry-2: Ferry"), "{imported}");
    let before = order(Test::new().file("aeon.csv", AEON), "aeon.csv");
    let after = order(Test::new().file("aeon.scenes", &imported), "aeon.scenes");
    assert_eq!(titles_and_chrono(&before), titles_and_chrono(&after));
}

#[test]
fn fmt_leaves_tables_alone_and_says_what_they_are() {
    let table = "Title,Start Date\nDawn,2014-05-17\n";
    let test = Test::new()
        .file("plan.csv", table)
        .file("plan.tsv", "Title\tStart Date\nDawn\t2014-05-17\n");
    test.cmd(&["fmt", "plan.csv", "plan.tsv"])
        .stderr_contains(
            "note: skipping `plan.csv`: fmt formats scene files only, not CSV tables\n",
        )
        .stderr_contains(
            "note: skipping `plan.tsv`: fmt formats scene files only, not TSV tables\n",
        )
        .run();
    assert_eq!(test.read("plan.csv"), table);
}
