//! Final Draft scripts through the binary.
//!
//! The acceptance test converts Fountain screenplays to `.fdx` with a
//! converter written here from the Fountain text's own elements (blocks
//! between blank lines, headings, cues, dialogue, notes), independent of
//! the reader, and checks that chronotope reads the same scenes, headings,
//! places, cast and story-time from both.

mod common;

use std::fmt::Write as _;

use common::{repo, Test};
use serde_json::Value;

// ----- a Fountain → FDX converter ------------------------------------------

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A visible line and the notes that opened on it; `hidden` when notes or
/// boneyard were all it had.
struct Visible {
    text: String,
    notes: Vec<String>,
    hidden: bool,
}

/// Remove boneyard and notes, keeping each note with the line it opened on.
fn visible_lines(source: &str) -> Vec<Visible> {
    let source = source.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let mut out: Vec<Visible> = Vec::new();
    let (mut in_note, mut in_bone) = (false, false);
    let mut note = String::new();
    for raw in source.split('\n') {
        let mut line = Visible {
            text: String::new(),
            notes: Vec::new(),
            hidden: false,
        };
        let mut rest = raw;
        let mut removed = false;
        while !rest.is_empty() {
            if in_bone {
                removed = true;
                match rest.find("*/") {
                    Some(i) => (rest, in_bone) = (&rest[i + 2..], false),
                    None => rest = "",
                }
            } else if in_note {
                removed = true;
                match rest.find("]]") {
                    Some(i) => {
                        note.push_str(&rest[..i]);
                        line.notes.push(std::mem::take(&mut note));
                        (rest, in_note) = (&rest[i + 2..], false);
                    }
                    None => {
                        note.push_str(rest);
                        note.push('\n');
                        rest = "";
                    }
                }
            } else {
                let n = rest.find("[[");
                let b = rest.find("/*");
                match (n, b) {
                    (Some(i), b) if b.is_none_or(|b| i < b) => {
                        line.text.push_str(&rest[..i]);
                        (rest, in_note) = (&rest[i + 2..], true);
                    }
                    (_, Some(i)) => {
                        line.text.push_str(&rest[..i]);
                        (rest, in_bone) = (&rest[i + 2..], true);
                    }
                    _ => {
                        line.text.push_str(rest);
                        rest = "";
                    }
                }
            }
        }
        if in_note && raw.is_empty() {
            // A note does not span a blank line.
            in_note = false;
            if let Some(prev) = out.last_mut() {
                prev.notes.push(std::mem::take(&mut note));
            }
        }
        line.hidden = (removed || in_bone || in_note) && line.text.trim().is_empty();
        out.push(line);
    }
    out
}

fn is_heading(t: &str) -> bool {
    let up = t.to_uppercase();
    let prefixed = ["INT./EXT", "INT/EXT", "I/E", "INT", "EXT", "EST"]
        .iter()
        .any(|p| up.starts_with(p) && matches!(up.as_bytes().get(p.len()), Some(b'.' | b' ')));
    prefixed || (t.starts_with('.') && !t.starts_with(".."))
}

fn is_cue(t: &str) -> bool {
    let name = t
        .split('(')
        .next()
        .unwrap_or("")
        .trim_end_matches('^')
        .trim();
    t.starts_with('@')
        || (name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase))
}

fn paragraph(out: &mut String, kind: &str, text: &str, notes: &[String], number: Option<&str>) {
    let number = number.map_or(String::new(), |n| format!(" Number=\"{}\"", escape(n)));
    let _ = write!(
        out,
        "<Paragraph Type=\"{kind}\"{number}><Text>{}</Text>",
        escape(text)
    );
    for n in notes {
        out.push_str("<ScriptNote>");
        for l in n.split('\n') {
            let _ = write!(out, "<Paragraph><Text>{}</Text></Paragraph>", escape(l));
        }
        out.push_str("</ScriptNote>");
    }
    out.push_str("</Paragraph>\n");
}

/// One block of lines between blank lines.
fn block(out: &mut String, lines: &[&Visible]) {
    let first = lines[0].text.trim();
    let single = lines.len() == 1;
    if single && is_heading(first) && !first.to_uppercase().contains("THE END") {
        let text = first.strip_prefix('.').unwrap_or(first);
        let (text, number) = match text.strip_suffix('#').and_then(|t| t.rsplit_once('#')) {
            Some((h, n))
                if n.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '.') =>
            {
                (h.trim_end(), Some(n))
            }
            _ => (text, None),
        };
        return paragraph(out, "Scene Heading", text, &lines[0].notes, number);
    }
    if first.starts_with('#') || first.starts_with('=') {
        for l in lines {
            paragraph(out, "General", "", &l.notes, None);
        }
        return;
    }
    if !single && is_cue(first) && !first.ends_with(':') && !is_heading(first) {
        let name = first.trim_start_matches('@');
        paragraph(out, "Character", name, &lines[0].notes, None);
        for l in &lines[1..] {
            let t = l.text.trim();
            let kind = if t.starts_with('(') {
                "Parenthetical"
            } else {
                "Dialogue"
            };
            paragraph(out, kind, t, &l.notes, None);
        }
        return;
    }
    for l in lines {
        let t = l.text.trim();
        let (kind, t) = match t {
            _ if t.starts_with('>') && !t.ends_with('<') => ("Transition", t[1..].trim()),
            _ if t.starts_with('>') => ("Action", t.trim_matches(['>', '<', ' '])),
            _ if t.starts_with('~') => ("Lyrics", &t[1..]),
            _ if t.starts_with('!') => ("Action", &t[1..]),
            _ if single && t.ends_with("TO:") && !t.chars().any(char::is_lowercase) => {
                ("Transition", t)
            }
            _ => ("Action", t),
        };
        paragraph(out, kind, t, &l.notes, None);
    }
}

/// A Final Draft document with the Fountain script's elements.
fn fountain_to_fdx(source: &str) -> String {
    let lines = visible_lines(source);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\" ?>\n\
         <FinalDraft DocumentType=\"Script\" Template=\"No\" Version=\"5\">\n<Content>\n",
    );
    let mut title_page = String::new();
    let mut blocks: Vec<Vec<&Visible>> = vec![Vec::new()];
    for l in &lines {
        if l.hidden {
            // Its notes go to whatever is open after the line before.
            blocks.last_mut().unwrap().push(l);
        } else if l.text.trim().is_empty() {
            blocks.push(Vec::new());
            if !l.notes.is_empty() {
                blocks.last_mut().unwrap().push(l);
            }
        } else {
            blocks.last_mut().unwrap().push(l);
        }
    }
    for (i, b) in blocks.iter().enumerate() {
        let shown: Vec<&Visible> = b.iter().copied().filter(|l| !l.hidden).collect();
        let title = i == 0 && shown.first().is_some_and(|l| l.text.contains(':'));
        if title {
            for l in &shown {
                let _ = writeln!(
                    title_page,
                    "<Paragraph><Text>{}</Text></Paragraph>",
                    escape(l.text.trim())
                );
            }
        } else if !shown.is_empty() {
            // Hidden lines' notes follow the visible line before them.
            let mut group: Vec<&Visible> = Vec::new();
            let mut after = Vec::new();
            for l in b {
                if l.hidden {
                    after.push(*l);
                } else if after.is_empty() {
                    group.push(l);
                } else {
                    break;
                }
            }
            block(&mut out, &group);
            for l in b.iter().skip(group.len()) {
                paragraph(&mut out, "General", "", &l.notes, None);
                if !l.hidden {
                    paragraph(&mut out, "Action", l.text.trim(), &[], None);
                }
            }
        } else {
            for l in b {
                paragraph(&mut out, "General", "", &l.notes, None);
            }
        }
    }
    let _ = write!(
        out,
        "</Content>\n<TitlePage><Content>\n{title_page}</Content></TitlePage>\n</FinalDraft>\n"
    );
    out
}

// ----- the comparison ----------------------------------------------------------

fn export(test: Test, path: &str, infer: bool) -> (Option<i32>, Value) {
    let mut args = vec!["export", path];
    if infer {
        args.push("--infer");
    }
    let run = test.args(&args).run();
    let json = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    (run.code, json)
}

/// What both readings must agree on: per scene its id, heading, place,
/// cast, story-time and markers (not lines or page-time, which differ
/// by construction).
fn meaning(json: &Value) -> Vec<Value> {
    let Some(scenes) = json["stories"][0]["scenes"].as_array() else {
        return Vec::new();
    };
    scenes
        .iter()
        .map(|s| {
            // A `#…#` that is not a scene number is Fountain syntax the
            // Fountain reader leaves out of the default id; in Final Draft
            // it is only text, so only there may the ids differ.
            let title = s["title"].as_str().unwrap_or("");
            let id = if title.contains('#') {
                Value::Null
            } else {
                s["id"].clone()
            };
            serde_json::json!([
                id,
                s["title"],
                s["place"],
                s["cast"],
                s["story"],
                s["markers"]
            ])
        })
        .collect()
}

fn same_reading(name: &str, fountain: &str, companion: Option<&str>, infer: bool) -> usize {
    let fdx = fountain_to_fdx(fountain);
    let mut a = Test::new().file("film.fountain", fountain);
    let mut b = Test::new().file("film.fdx", &fdx);
    if let Some(c) = companion {
        a = a.file("film.scenes", c);
        b = b.file("film.scenes", c);
    }
    let (ca, ja) = export(a, "film.fountain", infer);
    let (cb, jb) = export(b, "film.fdx", infer);
    assert_eq!(ca, cb, "{name}: exit codes differ\n{fdx}");
    let (ma, mb) = (meaning(&ja), meaning(&jb));
    assert_eq!(ma, mb, "{name}: readings differ\n{fdx}");
    assert_eq!(
        ja["stories"][0]["characters"], jb["stories"][0]["characters"],
        "{name}: characters differ"
    );
    ma.len()
}

#[test]
fn an_fdx_made_from_fountain_reads_as_the_fountain_original() {
    let lighthouse =
        std::fs::read_to_string(repo().join("scenes/the-lighthouse-keeper.fountain")).unwrap();
    assert_eq!(same_reading("lighthouse", &lighthouse, None, false), 9);
    let dir = repo().join("tests/fixtures/fountain");
    let mut compared = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "fountain") {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.display().to_string();
            for infer in [false, true] {
                compared += same_reading(&name, &text, None, infer);
            }
        }
    }
    let film = std::fs::read_to_string(dir.join("companion/film.fountain")).unwrap();
    let companion = std::fs::read_to_string(dir.join("companion/film.scenes")).unwrap();
    assert!(same_reading("companion", &film, Some(&companion), false) > 0);
    assert!(compared > 20, "only {compared} scenes compared");
}

// ----- errors, hostile input and the commands --------------------------------

const FERRY: &str = "scenes/the-night-ferry.fdx";

fn ferry() -> String {
    std::fs::read_to_string(repo().join(FERRY)).unwrap()
}

#[test]
fn malformed_xml_names_its_line_and_column() {
    Test::new()
        .file(
            "bad.fdx",
            "<FinalDraft>\n<Content>\n  <Paragraph></Content>\n</FinalDraft>",
        )
        .args(&["check", "bad.fdx"])
        .run()
        .status(1)
        .error_at("E0010", "bad.fdx:3:14")
        .stderr_contains("expected 'Paragraph' tag, not 'Content'\n")
        .summary("1 error in 1 file");
}

#[test]
fn other_xml_is_not_final_draft() {
    Test::new()
        .file("drawing.fdx", "<?xml version=\"1.0\"?>\n<svg/>\n")
        .args(&["check", "drawing.fdx"])
        .run()
        .status(1)
        .error_at("E0011", "drawing.fdx:2:1")
        .stderr_lacks("E0002");
}

#[test]
fn external_entities_and_billion_laughs_are_refused() {
    let mut laughs = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE l [\n<!ENTITY l0 \"ha\">\n");
    for i in 1..30 {
        let _ = writeln!(
            laughs,
            "<!ENTITY l{i} \"{}\">",
            format!("&l{};", i - 1).repeat(10)
        );
    }
    laughs.push_str("]>\n<FinalDraft><Content><Paragraph Type=\"Action\"><Text>&l29;</Text></Paragraph></Content></FinalDraft>\n");
    let secret = "INT. SECRET ROOM - NIGHT";
    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE f [<!ENTITY x SYSTEM \"secret.txt\">]>\n<FinalDraft><Content><Paragraph Type=\"Scene Heading\"><Text>&x;</Text></Paragraph></Content></FinalDraft>\n";
    for (name, text) in [("laughs.fdx", laughs.as_str()), ("external.fdx", external)] {
        let run = Test::new()
            .file("secret.txt", secret)
            .file(name, text)
            .args(&["export", name])
            .run()
            .status(1)
            .error_at("E0010", &format!("{name}:2:1"))
            .stderr_contains("a document type declaration");
        assert!(!run.stdout.contains("SECRET") && !run.stderr.contains("SECRET"));
        assert!(run.elapsed.as_secs() < 5, "took {:?}", run.elapsed);
    }
}

#[test]
fn every_command_reads_it_and_import_writes_a_scene_file() {
    let test = Test::new().file("film.fdx", ferry());
    test.cmd(&["check", "film.fdx"])
        .stderr("no problems in 1 file\n")
        .run();
    let order = test
        .cmd(&["order", "film.fdx", "--format", "json"])
        .stdout_any()
        .run();
    let ids: Vec<String> = order.json()["stories"][0]["scenes"]
        .as_array()
        .or(order.json()["scenes"].as_array())
        .map(|s| {
            s.iter()
                .map(|s| s["id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        ids.first().map(String::as_str),
        Some("s4"),
        "{}",
        order.stdout
    );
    test.cmd(&["import", "film.fdx", "-o", "film.scenes"])
        .stderr("wrote `film.scenes`: 5 scenes, 2 characters\n")
        .run();
    let written = test.read("film.scenes");
    assert!(written.contains("scene cafeteria: INT. FERRY CAFETERIA - NIGHT\n"));
    assert!(written.contains("  cast:   MARGIT, JONAS\n"));
    assert!(written.contains("title: THE NIGHT FERRY\n"));
    // The imported scene file means the same story.
    let a = test.cmd(&["order", "film.fdx"]).stdout_any().run().stdout;
    let b = test
        .cmd(&["order", "film.scenes"])
        .stdout_any()
        .run()
        .stdout;
    assert_eq!(a.lines().skip(1).count(), b.lines().skip(1).count());
    // fmt leaves the script alone.
    test.cmd(&["fmt", "film.fdx"])
        .stderr_contains(
            "note: skipping `film.fdx`: fmt formats scene files only, not Final Draft\n",
        )
        .run();
    assert_eq!(test.read("film.fdx"), ferry());
}

#[test]
fn input_format_fdx_reads_any_name_and_a_companion_declares() {
    let test = Test::new()
        .file("film.xml", ferry())
        .file("story.fdx", ferry().replace("id: harbour", "look: wet"))
        .file("story.scenes", "marker look:\n  wet: #3366cc\n");
    test.cmd(&["--input-format", "fdx", "check", "film.xml"])
        .stderr("no problems in 1 file\n")
        .run();
    test.cmd(&["check", "story.fdx"])
        .stderr_contains("no problems")
        .run();
    let json = test.cmd(&["export", "story.fdx"]).stdout_any().run().json();
    let markers = &json["stories"][0]["scenes"][1]["markers"];
    assert_eq!(markers["look"], "wet", "{json}");
}
