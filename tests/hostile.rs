//! Hostile inputs to the readers, through the binary: each is refused with a
//! clear error at its place (exit 1) or read safely, quickly, without
//! reading any other file and without the stack or memory growing with the
//! input. (Billion laughs and an external entity in FDX:
//! `tests/fdx.rs`; a YAML alias bomb in a note's keys: `tests/markdown.rs`.)

mod common;

use std::time::Duration;

use common::Test;

/// Run `check FILE` with a secret file beside it: exit 1, the error `code`
/// at `at`, fast, and the secret nowhere in the output.
fn refused(name: &str, text: &str, code: &str, at: &str) {
    let secret = "SECRET-CONTENTS-4711";
    let test = Test::new().file("secret.txt", secret).file(name, text);
    let run = test
        .cmd(&["check", name])
        .status(1)
        .stderr_any()
        .run()
        .faster_than(Duration::from_secs(5));
    assert!(
        !run.stdout.contains(secret) && !run.stderr.contains(secret),
        "{name} leaked the secret"
    );
    let _ = run.error_at(code, at);
}

#[test]
fn deeply_nested_xml_is_refused_before_the_parser_recurses() {
    let depth = 200_000;
    let text = format!(
        "<?xml version=\"1.0\"?>\n<FinalDraft DocumentType=\"Script\"><Content>{}{}</Content></FinalDraft>\n",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    // FinalDraft and Content are levels 1 and 2 (43 bytes): the 257th
    // level is the 255th `<a>`, at column 43 + 3 × 254 + 1.
    refused("deep.fdx", &text, "E0010", "deep.fdx:2:806");
    // A real script's depth is well inside the bound.
    let shallow = "<?xml version=\"1.0\"?>\n<FinalDraft DocumentType=\"Script\"><Content><Paragraph Type=\"Scene Heading\"><Text>INT. ROOM - DAY</Text></Paragraph></Content></FinalDraft>\n";
    let _ = Test::new()
        .file("ok.fdx", shallow)
        .cmd(&["check", "ok.fdx"])
        .stderr_any()
        .run();
}

#[test]
fn an_external_dtd_or_parameter_entity_is_never_fetched() {
    let external_dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE FinalDraft SYSTEM \"secret.txt\">\n<FinalDraft DocumentType=\"Script\"><Content/></FinalDraft>\n";
    refused("dtd.fdx", external_dtd, "E0010", "dtd.fdx:2:1");
    let parameter = "<?xml version=\"1.0\"?>\n<!DOCTYPE FinalDraft [<!ENTITY % p SYSTEM \"secret.txt\"> %p;]>\n<FinalDraft DocumentType=\"Script\"><Content/></FinalDraft>\n";
    refused("param.fdx", parameter, "E0010", "param.fdx:2:1");
}

#[test]
fn deeply_nested_yaml_and_json_are_errors_not_overflows() {
    let depth = 200_000;
    let yaml = format!(
        "---\nClass: Scene\nx: {}{}\n---\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let test = Test::new().file("d/Deep.md", yaml);
    let _ = test
        .cmd(&["check", "d/Deep.md"])
        .status(1)
        .stderr_any()
        .run()
        .faster_than(Duration::from_secs(5))
        .stderr_contains("E0005");
    // Block nesting (`? ` keys, `- ` items, many on one line): the YAML
    // parser's own loader recursed once a level and overflowed the stack
    // at 12,000. Refused where the nesting passes the limit, on line 3.
    for indicator in ["? ", "- "] {
        let yaml = format!("---\nx:\n{}a\n---\n", indicator.repeat(30_000));
        let _ = Test::new()
            .file("d/Block.md", yaml)
            .cmd(&["check", "d"])
            .status(1)
            .stderr_any()
            .run()
            .faster_than(Duration::from_secs(5))
            .stderr_contains("E0005")
            .stderr_contains("nests too deeply")
            .stderr_contains("Block.md:3:");
    }
    // Nesting a few levels deep is front matter like any other.
    let shallow = "---\nClass: Scene\nx:\n  - - - a\n---\n";
    let _ = Test::new()
        .file("d/Shallow.md", shallow)
        .cmd(&["check", "d"])
        .stderr_any()
        .run()
        .stderr_lacks("nests too deeply");
    // Deep where a value is expected: refused at once, no recursion.
    let json = format!(
        "{{\"script_info\": {{\"scenes\": {}{}}}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let _ = Test::new()
        .file("deep.json", json)
        .cmd(&["check", "deep.json"])
        .status(1)
        .stderr_any()
        .run()
        .faster_than(Duration::from_secs(5))
        .error_at("E0703", "deep.json:1:29");
    // Deep in a key the reader ignores: skipped without recursing.
    let ignored = format!(
        "{{\"script_info\": {{\"scenes\": [], \"x\": {}{}}}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let _ = Test::new()
        .file("ignored.json", ignored)
        .cmd(&["check", "ignored.json"])
        .stderr_any()
        .run()
        .faster_than(Duration::from_secs(5));
}

#[test]
fn an_alias_bomb_in_a_list_key_is_bounded() {
    // Each level is ten aliases of the one before: 10^30 names if expanded.
    let mut note = String::from(
        "---\nClass: Scene\nCharacter: &a [Ada, Ada, Ada, Ada, Ada, Ada, Ada, Ada, Ada, Ada]\n",
    );
    for i in 0..30 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        let refs = vec![format!("*{prev}"); 10].join(", ");
        note.push_str(&format!("b{i}: &b{i} [{refs}]\n"));
    }
    note.push_str("---\n");
    let _ = Test::new()
        .file("d/Bomb.md", note)
        .cmd(&["check", "d/Bomb.md"])
        .status(1)
        .stderr_any()
        .run()
        .faster_than(Duration::from_secs(5))
        .stderr_contains("E0005");
}
