//! The pipeline's stages, each on its own.

use super::*;
use crate::diagnostics::codes;

const CLEAN: &str =
    "title: T\n\nscene a: A\n  story: 2020-01-01\n\nscene b: B\n  story: after a by 1d\n";

fn text_project(path: &str, text: &str) -> Project {
    Project {
        inputs: Inputs::Text {
            path: path.into(),
            text: text.into(),
        },
        options: LoadOptions::default(),
        rules: RuleLevels::default(),
    }
}

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_clean_story_is_analysed_with_no_diagnostics() {
    let checked = text_project("t.scenes", CLEAN).check();
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    assert_eq!(checked.stories.len(), 1);
    let story = &checked.stories[0];
    assert_eq!(story.skipped(), None);
    assert_eq!(story.story().scenes.len(), 2);
    assert!(story.chronology().is_some());
    assert!(story.finding_errors().is_empty());
}

#[test]
fn the_gate_names_why_a_story_is_skipped() {
    // A syntax error: the file did not read cleanly.
    let broken = text_project("t.scenes", "title: T\n\nscene a A\n").check();
    assert_eq!(broken.stories[0].skipped(), Some(Skipped::UnreadableFile));
    assert!(broken.stories[0].chronology().is_none());
    // A name that does not resolve: the file parsed.
    let unresolved = text_project(
        "t.scenes",
        "title: T\n\nscene a: A\n  story: after nowhere\n",
    )
    .check();
    assert_eq!(unresolved.stories[0].skipped(), Some(Skipped::Unresolved));
    assert!(unresolved
        .diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Error));
}

#[test]
fn resolve_reports_only_errors_and_sorts_them() {
    let resolved = text_project("t.scenes", "title: T\n\nscene b B\n\nscene a A\n").resolve();
    let errors = resolved.errors();
    assert!(errors.len() >= 2, "{errors:?}");
    assert!(errors.iter().all(|d| d.severity() == Severity::Error));
    let starts: Vec<u32> = errors
        .iter()
        .map(|d| d.main_span().unwrap().start)
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    assert!(text_project("t.scenes", CLEAN)
        .resolve()
        .errors()
        .is_empty());
}

#[test]
fn rule_levels_are_checked_when_added_and_applied_in_order() {
    let mut rules = RuleLevels::default();
    assert!(rules.push("no-such-rule", Level::Error).is_err());
    assert_eq!(rules, RuleLevels::default(), "a refused name is not kept");
    rules.push("W0409", Level::Error).unwrap();
    rules.push("W0409", Level::Allow).unwrap();
    let mut config = Config::default();
    rules.apply(&mut config);
    assert!(!config.enabled("W0409"), "the last level wins");
}

#[test]
fn configure_reads_the_toml_beside_the_first_file() {
    let dir = dir_with(&[
        ("t.scenes", CLEAN),
        ("chronotope.toml", "[rules]\nW0409 = \"error\"\n"),
    ]);
    let project = Project::new(vec![dir.path().join("t.scenes")], LoadOptions::default());
    let resolved = project.resolve();
    let story = &resolved.stories[0].story;
    let (config, problem) = configure(story, &resolved.workspace.sources, &RuleLevels::default());
    assert!(problem.is_none(), "{problem:?}");
    assert_eq!(config.level("W0409"), Level::Error);
    // The command line's levels come after the file's.
    let mut rules = RuleLevels::default();
    rules.push("W0409", Level::Allow).unwrap();
    let (config, _) = configure(story, &resolved.workspace.sources, &rules);
    assert_eq!(config.level("W0409"), Level::Allow);
}

#[test]
fn a_bad_config_is_reported_once_for_the_stories_that_share_it() {
    let other = CLEAN.replace("title: T", "title: U");
    let dir = dir_with(&[
        ("t.scenes", CLEAN),
        ("u.scenes", &other),
        ("chronotope.toml", "[nonsense]\n"),
    ]);
    let checked = Project::new(vec![dir.path().to_path_buf()], LoadOptions::default()).check();
    assert_eq!(checked.stories.len(), 2);
    let reported = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::INVALID_CONFIG)
        .count();
    assert_eq!(reported, 1);
    // Each story still knows it ran with the defaults.
    for story in &checked.stories {
        assert_eq!(story.finding_errors().len(), 1);
    }
}

#[cfg(unix)]
#[test]
fn a_config_that_is_a_symbolic_link_is_not_read() {
    let outside = dir_with(&[("chronotope.toml", "[rules]\nW0409 = \"error\"\n")]);
    let dir = dir_with(&[("t.scenes", CLEAN)]);
    std::os::unix::fs::symlink(
        outside.path().join("chronotope.toml"),
        dir.path().join("chronotope.toml"),
    )
    .unwrap();
    let checked = Project::new(vec![dir.path().to_path_buf()], LoadOptions::default()).check();
    let problem = checked
        .diagnostics
        .iter()
        .find(|d| d.code == codes::INVALID_CONFIG)
        .expect("an E0416 for the link");
    assert!(
        problem.message.contains("symbolic link"),
        "{}",
        problem.message
    );
}

#[test]
fn the_language_servers_call_keeps_the_trees_and_pairs_the_chronologies() {
    let ws = text_project("t.scenes", CLEAN).load();
    let (diagnostics, stories) = diagnose(&ws);
    assert!(diagnostics.is_empty());
    assert_eq!(stories.len(), 1);
    assert!(stories[0].1.is_some());
    assert_eq!(ws.stories[0].trees.len(), 1, "trees kept");
    let checked = text_project("t.scenes", CLEAN).check_keeping_trees();
    assert_eq!(checked.workspace.stories[0].trees.len(), 1, "trees kept");
    assert!(checked.stories[0].chronology().is_some());
    let freed = text_project("t.scenes", CLEAN).check();
    assert!(freed.workspace.stories[0].trees.is_empty(), "trees freed");
}

#[test]
fn load_options_reach_the_reader() {
    let script = "Title: S\n\nINT. ROOM - DAY (1973)\n\nA scene.\n";
    let mut project = text_project("s.fountain", script);
    let inferred = |p: &Project| {
        p.check()
            .diagnostics
            .iter()
            .filter(|d| d.code == codes::INFERRED)
            .count()
    };
    assert_eq!(inferred(&project), 0);
    project.options.infer = true;
    assert_eq!(inferred(&project), 1, "`--infer` reached the reader");
    let dir = dir_with(&[("s.txt", script)]);
    let as_scenes = Project::new(vec![dir.path().join("s.txt")], LoadOptions::default()).resolve();
    assert!(!as_scenes.errors().is_empty(), "read as a scene file");
    let options = LoadOptions {
        input_format: crate::workspace::InputFormat::Only(crate::readers::Reader::Fountain),
        infer: false,
        outline: false,
    };
    let as_script = Project::new(vec![dir.path().join("s.txt")], options).resolve();
    assert!(as_script.errors().is_empty(), "{:?}", as_script.errors());
    assert_eq!(as_script.stories[0].story.scenes.len(), 1);
}

#[test]
fn a_directory_with_no_story_is_an_io_error() {
    let dir = dir_with(&[("notes.txt", "nothing")]);
    let checked = Project::new(vec![dir.path().to_path_buf()], LoadOptions::default()).check();
    assert_eq!(checked.workspace.io_errors.len(), 1);
    assert!(checked.workspace.io_errors[0].starts_with("no story in"));
    assert!(checked.stories.is_empty());
}

/// What checking found, and each story's scenes, as text to compare.
fn checked_as_text(checked: &Checked) -> (String, String, Vec<Option<Skipped>>) {
    let scenes: Vec<_> = checked.stories.iter().map(|s| &s.story().scenes).collect();
    (
        format!("{:?}", checked.diagnostics),
        format!("{scenes:?}"),
        checked.stories.iter().map(CheckedStory::skipped).collect(),
    )
}

#[test]
fn a_story_read_as_outlines_checks_as_one_read_whole() {
    // `check` reads outlines and parses scenes while resolving; the editor's
    // path keeps the whole trees. Both must see the same story and report
    // the same problems, inside scenes and out, and skip the same stories.
    let mut big = String::from("title: Big\nmarker hair:\n  dark:\n");
    // Over a megabyte, so it is also parsed in two halves, and resolved
    // with the scenes parsed ahead on the second core.
    for i in 0..16_000usize {
        big.push_str(&format!(
            "scene s{i}: S\n  story: after s{} by 1h, for 30m\n# note\n  hair: dark\n  > prose\n",
            i.saturating_sub(1)
        ));
    }
    assert!(big.len() > crate::syntax::PARALLEL_FROM_BYTES);
    let broken = format!("{big}scene z: Z\n  story: ++\n  cast: Nobody\n  bad line\n");
    let unresolved = format!("{big}scene z: Z\n  story: after nowhere\n");
    for (name, text) in [
        ("clean", CLEAN.to_string()),
        ("big", big),
        ("broken", broken),
        ("unresolved", unresolved),
    ] {
        let project = text_project("t.scenes", &text);
        let outlined = project.check();
        let whole = project.check_keeping_trees();
        assert_eq!(
            checked_as_text(&outlined),
            checked_as_text(&whole),
            "{name}"
        );
        assert!(
            whole.workspace.stories[0].trees[0].unparsed.is_empty(),
            "{name}: the editor's trees are whole"
        );
    }
    // The errors inside the last scene reach the output, and only once.
    let broken = text_project(
        "t.scenes",
        "title: T\nscene a: A\n  story: ++\n  story: 2014\n",
    )
    .check();
    let codes: Vec<_> = broken.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes.len(), 2, "{:?}", broken.diagnostics);
    assert_eq!(broken.stories[0].skipped(), Some(Skipped::UnreadableFile));
}
