//! The test harness itself (`tests/common/mod.rs`): that its exact checks
//! fail when they should, so a test built on them can fail.

mod common;

use common::Test;

const CLEAN: &str = "scene a: A\n  story: 2020-01-01\n";

#[test]
fn a_step_passes_when_everything_is_as_expected() {
    let t = Test::new().file("a.scenes", CLEAN);
    t.cmd(&["check", "a.scenes"])
        .stderr("no problems in 1 file\n")
        .run();
    // The same test again: the directory and its files are still there.
    let run = t
        .cmd(&["check", "--format", "json", "a.scenes"])
        .stdout_contains("\"diagnostics\"")
        .run();
    assert_eq!(run.json()["diagnostics"], serde_json::json!([]));
}

#[test]
#[should_panic(expected = "stderr is not as expected")]
fn output_nobody_expected_fails_the_step() {
    // `check` says "no problems" on stderr; the step expects silence.
    let t = Test::new().file("a.scenes", CLEAN);
    let _ = t.cmd(&["check", "a.scenes"]).run();
}

#[test]
#[should_panic(expected = "stdout is not as expected: expected exactly")]
fn stdout_is_compared_exactly() {
    let t = Test::new().file("a.scenes", CLEAN);
    // One character short of the real first line.
    let _ = t
        .cmd(&["explain", "E0102"])
        .stdout("E0102 (expected-colon")
        .run();
}

#[test]
#[should_panic(expected = "unexpected exit code")]
fn the_exit_code_is_zero_unless_said() {
    let t = Test::new().file("a.scenes", "scene a A\n");
    let _ = t.cmd(&["check", "a.scenes"]).stderr_any().run();
}

#[test]
#[should_panic(expected = "lacks \"E0999\"")]
fn contains_checks_every_piece() {
    let t = Test::new().file("a.scenes", "scene a A\n");
    let _ = t
        .cmd(&["check", "a.scenes"])
        .status(1)
        .stderr_contains("E0102")
        .stderr_contains("E0999")
        .run();
}

#[test]
fn steps_share_the_directory() {
    let t = Test::new().file("a.scenes", "scene a:   A\n  story: 2020-01-01\n");
    t.cmd(&["fmt", "--check", "a.scenes"])
        .status(1)
        .stdout("a.scenes\n")
        .stderr("1 of 1 file would be reformatted\n")
        .run();
    t.cmd(&["fmt", "a.scenes"])
        .stdout("a.scenes\n")
        .stderr("reformatted 1 of 1 file\n")
        .run();
    assert_eq!(t.read("a.scenes"), CLEAN);
    t.write("b.scenes", "scene b B\n");
    t.cmd(&["check", "b.scenes"])
        .status(1)
        .stderr_contains("b.scenes:1:9")
        .run();
    // The older API still works on the same Test, and keeps the directory.
    let run = t.args(&["check", "a.scenes"]).run().status(0);
    assert!(run.stderr.contains("no problems"));
}

#[test]
fn stdin_reaches_the_command() {
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let session = [
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
        frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
    ]
    .concat();
    Test::new()
        .cmd(&["lsp"])
        .stdin(session)
        .stdout_contains(r#""serverInfo":{"name":"chronotope""#)
        .stdout_contains(r#"{"jsonrpc":"2.0","id":2,"result":null}"#)
        .run();
}
