//! `chronotope lsp`: the server driven through the binary with framed
//! JSON-RPC messages over its standard input and output.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use chronotope::lsp::convert::path_to_uri;
use chronotope::lsp::server::{read_message, write_message};
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(20);

/// A running server and the messages it has sent, read on a thread so a
/// silent server fails the test after [`TIMEOUT`] instead of hanging it.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications received while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Start the server and initialize it with these client capabilities.
    fn start(capabilities: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chronotope"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start chronotope lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Ok(Some(body)) = read_message(&mut reader) {
                let Ok(v) = serde_json::from_slice(&body) else {
                    break;
                };
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages: rx,
            pending: Vec::new(),
            next_id: 1,
        };
        let init = client.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        client.notify("initialized", json!({}));
        (client, init)
    }

    fn send(&mut self, message: Value) {
        write_message(&mut self.stdin, &message).expect("write to the server");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        self.messages
            .recv_timeout(left)
            .expect("the server answered in time")
    }

    /// Send a request and return the whole response (`result` or `error`).
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self.next(deadline);
            if m.get("id") == Some(&json!(id)) {
                return m;
            }
            self.pending.push(m);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let m = self.request_raw(method, params);
        assert!(m.get("error").is_none(), "{method} failed: {m}");
        m["result"].clone()
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self.pending.iter().position(|m| is_diagnostics_for(m, uri)) {
            let m = self.pending.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self.next(deadline);
            if is_diagnostics_for(&m, uri) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.pending.push(m);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "chronotope", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    /// `shutdown`, `exit`, and the exit status.
    fn stop(mut self) -> Option<i32> {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_diagnostics_for(m: &Value, uri: &str) -> bool {
    m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// Line and UTF-16 column of the first `needle` in `text`, plus `skip`
/// characters (of its first line).
fn pos16(text: &str, needle: &str, skip: usize) -> (u32, u32) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in text"));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count() as u32;
    let col = text[line_start..offset].encode_utf16().count() + skip;
    (line, col as u32)
}

fn range(v: &Value) -> (u64, u64, u64, u64) {
    (
        v["start"]["line"].as_u64().unwrap(),
        v["start"]["character"].as_u64().unwrap(),
        v["end"]["line"].as_u64().unwrap(),
        v["end"]["character"].as_u64().unwrap(),
    )
}

const STORY: &str = concat!(
    "title: Don't Leave\n",
    "era past: 2014-05 .. 2015-12\n",
    "era present: 2020\n",
    "marker hair:\n",
    "  dark: past #2b1d14\n",
    "  bleached: present #e8d5a3\n",
    "character Semih\n",
    "character Defne\n",
    "\n",
    "scene ferry: Strangers on the ferry\n",
    "  story: 2014-05-17 18:00 for 20m\n",
    "  cast: Semih, Defne\n",
    "  hair: dark\n",
    "\n",
    "scene stay: Stay\n",
    "  story: 2020-10-17 09:00\n",
    "  cast: Semih\n",
    "  hair: bleached\n",
    "\n",
    "scene memory: He remembers the ferry\n",
    "  story: after ferry by 1d\n",
    "\n",
    "scene again: The ferry again\n",
    "  repeats: ferry\n",
);

/// A directory with the story on disk, and the URI of its file.
fn story_dir(text: &str) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.scenes");
    std::fs::write(&path, text).unwrap();
    let uri = path_to_uri(&path);
    (dir, path, uri)
}

#[test]
fn negotiates_utf8_only_when_offered() {
    let (client, init) =
        Client::start(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(init["serverInfo"]["name"], "chronotope");
    assert_eq!(client.stop(), Some(0));
    let (client, init) = Client::start(json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    for cap in [
        "definitionProvider",
        "referencesProvider",
        "hoverProvider",
        "completionProvider",
        "documentFormattingProvider",
        "documentSymbolProvider",
    ] {
        assert!(init["capabilities"].get(cap).is_some(), "{cap}");
    }
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn diagnostics_as_you_type_match_check() {
    let (_dir, path, uri) = story_dir(STORY);
    let (mut client, _) = Client::start(json!({}));
    assert_eq!(client.open(&uri, STORY), Vec::<Value>::new());
    // An unknown scene: the same code and span as `check --format json`.
    let broken = STORY.replace("after ferry by 1d", "after ferri by 1d");
    let diags = client.change(&uri, 2, &broken);
    std::fs::write(&path, &broken).unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_chronotope"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    let expected = &check["diagnostics"];
    assert_eq!(diags.len(), expected.as_array().unwrap().len(), "{diags:?}");
    for (d, e) in diags.iter().zip(expected.as_array().unwrap()) {
        assert_eq!(d["code"], e["code"]);
        assert_eq!(d["source"], "chronotope");
        // The story is ASCII, so code points and UTF-16 units agree; LSP is
        // 0-based, the JSON report 1-based.
        let (l, c, el, ec) = range(&d["range"]);
        assert_eq!(
            (l + 1, c + 1, el + 1, ec + 1),
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["end_line"].as_u64().unwrap(),
                e["end_column"].as_u64().unwrap()
            )
        );
        assert_eq!(d["severity"], if e["severity"] == "error" { 1 } else { 2 });
    }
    assert!(diags[0]["message"].as_str().unwrap().contains("ferri"));
    // Fixed again: the diagnostics clear.
    assert_eq!(client.change(&uri, 3, STORY), Vec::<Value>::new());
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn definition_and_references_for_every_kind_of_name() {
    let (_dir, _path, uri) = story_dir(STORY);
    let (mut client, _) = Client::start(json!({}));
    client.open(&uri, STORY);
    // `after ferry` → `scene ferry`.
    let (l, c) = pos16(STORY, "after ferry", 7);
    let defs = client.request("textDocument/definition", at(&uri, l, c));
    let defs = defs.as_array().unwrap();
    assert_eq!(defs.len(), 1);
    assert_eq!(defs[0]["uri"], uri);
    let (dl, dc) = pos16(STORY, "ferry: Strangers", 0);
    assert_eq!(
        range(&defs[0]["range"]),
        (dl as u64, dc as u64, dl as u64, dc as u64 + 5)
    );
    // References to `ferry`: `after ferry` and `repeats: ferry`, plus the
    // definition when asked.
    let mut params = at(&uri, dl, dc + 1);
    params["context"] = json!({"includeDeclaration": false});
    assert_eq!(
        client
            .request("textDocument/references", params.clone())
            .as_array()
            .unwrap()
            .len(),
        2
    );
    params["context"] = json!({"includeDeclaration": true});
    assert_eq!(
        client
            .request("textDocument/references", params)
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // A character, an era and a marker value.
    for (needle, skip, definition, uses) in [
        ("Semih, Defne", 2, "character Semih", 2),
        ("past #2b1d14", 1, "era past", 1),
        ("hair: bleached", 8, "bleached: present", 1),
        ("  hair: dark", 3, "marker hair", 2),
    ] {
        let (l, c) = pos16(STORY, needle, skip);
        let defs = client.request("textDocument/definition", at(&uri, l, c));
        let (dl, _) = pos16(STORY, definition, 0);
        assert_eq!(defs[0]["range"]["start"]["line"], dl, "{needle}");
        let mut params = at(&uri, l, c);
        params["context"] = json!({"includeDeclaration": false});
        let refs = client.request("textDocument/references", params);
        assert_eq!(refs.as_array().unwrap().len(), uses, "{needle}: {refs}");
    }
    // Nothing under the cursor: null.
    let (l, c) = pos16(STORY, "Strangers on", 2);
    assert_eq!(
        client.request("textDocument/definition", at(&uri, l, c)),
        Value::Null
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn definitions_reach_the_other_files_of_a_directory_story() {
    let dir = tempfile::tempdir().unwrap();
    let head = "title: Two Files\n\nscene a: First\n  story: 2020-01-01\n";
    std::fs::write(dir.path().join("1-head.scenes"), head).unwrap();
    let second = "scene b: Second\n  story: after a by 1d\n";
    let second_path = dir.path().join("2-more.scenes");
    std::fs::write(&second_path, second).unwrap();
    let uri = path_to_uri(&second_path);
    let (mut client, _) = Client::start(json!({}));
    // No spurious "unknown scene": the directory is one story.
    assert_eq!(client.open(&uri, second), Vec::<Value>::new());
    let (l, c) = pos16(second, "after a", 6);
    let defs = client.request("textDocument/definition", at(&uri, l, c));
    assert_eq!(
        defs[0]["uri"],
        path_to_uri(&dir.path().join("1-head.scenes"))
    );
    assert_eq!(range(&defs[0]["range"]), (2, 6, 2, 7));
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn the_outline_lists_declarations_and_scenes() {
    let (_dir, _path, uri) = story_dir(STORY);
    let (mut client, _) = Client::start(json!({}));
    client.open(&uri, STORY);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let symbols = symbols.as_array().expect("a list of symbols");
    let names: Vec<&str> = symbols
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "title", "past", "present", "hair", "Semih", "Defne", "ferry", "stay", "memory",
            "again"
        ]
    );
    let ferry = &symbols[6];
    assert_eq!(ferry["detail"], "Strangers on the ferry");
    assert_eq!(ferry["kind"], 24, "an event");
    // The range covers the scene's block; the selection is its id.
    let (line, _) = pos16(STORY, "scene ferry", 0);
    let (last, _) = pos16(STORY, "  hair: dark", 0);
    assert_eq!(range(&ferry["range"]), (line as u64, 0, last as u64, 12));
    assert_eq!(
        range(&ferry["selectionRange"]),
        (line as u64, 6, line as u64, 11)
    );
    let values: Vec<&str> = symbols[3]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["dark", "bleached"]);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn hover_shows_story_time_and_chronological_position() {
    let (_dir, _path, uri) = story_dir(STORY);
    let (mut client, _) = Client::start(json!({}));
    client.open(&uri, STORY);
    let (l, c) = pos16(STORY, "memory:", 1);
    let hover = client.request("textDocument/hover", at(&uri, l, c));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("He remembers the ferry"), "{text}");
    assert!(text.contains("story: 2014-05-18 18:20"), "{text}");
    assert!(text.contains("chronological position: 3 of 4"), "{text}");
    assert!(text.contains("told 3 of 4"), "{text}");
    assert_eq!(range(&hover["range"]), (l as u64, 6, l as u64, 12));
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn hover_on_other_names_shows_their_declaration_and_uses() {
    let (_dir, _path, uri) = story_dir(STORY);
    let (mut client, _) = Client::start(json!({}));
    client.open(&uri, STORY);
    let mut hover_at = |needle: &str, skip: usize| {
        let (l, c) = pos16(STORY, needle, skip);
        let h = client.request("textDocument/hover", at(&uri, l, c));
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let semih = hover_at("cast: Semih, Defne", 7);
    assert!(semih.contains("**Semih** (character)"), "{semih}");
    assert!(
        semih.contains("in the cast of 2 scenes: `ferry`, `stay`"),
        "{semih}"
    );
    let era = hover_at("era past", 5);
    assert!(era.contains("from 2014-05 to 2015-12"), "{era}");
    assert!(era.contains("holds"), "{era}");
    let marker = hover_at("marker hair", 8);
    assert!(
        marker.contains("`dark`: `past`") && marker.contains("`bleached`: `present`"),
        "{marker}"
    );
    let value = hover_at("  hair: bleached", 8);
    assert!(
        value.contains("**hair: bleached** (marker value)"),
        "{value}"
    );
    assert!(value.contains("implies the era `present`"), "{value}");
    assert!(value.contains("set in 1 scene: `stay`"), "{value}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn completion_offers_the_names_that_fit_the_place() {
    let (_dir, _path, uri) = story_dir(STORY);
    let (mut client, _) = Client::start(json!({}));
    let text = format!("{STORY}\nscene new: New\n  story: after f\n  cast: D\n  hair: \n  \n");
    client.open(&uri, &text);
    // At the end of `needle`.
    let labels = |client: &mut Client, needle: &str| -> Vec<String> {
        let end = text.find(needle).unwrap() + needle.len();
        let line = text[..end].matches('\n').count() as u32;
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let (l, c) = (line, text[start..end].encode_utf16().count() as u32);
        let r = client.request("textDocument/completion", at(&uri, l, c));
        let items = r
            .as_array()
            .cloned()
            .unwrap_or_else(|| r["items"].as_array().unwrap().clone());
        items
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let scenes = labels(&mut client, "story: after f");
    for want in ["ferry", "stay", "memory", "past", "present"] {
        assert!(scenes.contains(&want.to_string()), "{want} in {scenes:?}");
    }
    assert_eq!(labels(&mut client, "cast: D"), ["Semih", "Defne"]);
    assert_eq!(
        labels(&mut client, "cast: D\n  hair: "),
        ["dark", "bleached"]
    );
    let keys = labels(&mut client, "  hair: \n  ");
    assert!(
        keys.contains(&"story".to_string()) && keys.contains(&"hair".to_string()),
        "{keys:?}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn formatting_is_fmt() {
    let messy =
        "title:   T\n\nscene a:   A\n   story:    2020-01-01\n  cast:Semih\ncharacter Semih\n";
    let (dir, path, uri) = story_dir(messy);
    let (mut client, _) = Client::start(json!({}));
    client.open(&uri, messy);
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(range(&edits[0]["range"]), (0, 0, 6, 0));
    let status = Command::new(env!("CARGO_BIN_EXE_chronotope"))
        .args(["fmt"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(status.status.success());
    assert_eq!(edits[0]["newText"], read(dir.path(), "story.scenes"));
    // A file with syntax errors is refused, as `fmt` refuses it.
    client.change(&uri, 2, "scene x Title\n");
    let refused = client.request_raw(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert!(refused["error"]["message"]
        .as_str()
        .unwrap()
        .contains("syntax errors"));
    assert_eq!(client.stop(), Some(0));
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn positions_follow_the_negotiated_encoding() {
    // `Öz𝄞` is 3 characters, 4 UTF-16 units and 7 bytes before `Semih`.
    let text = "title: T\ncharacter Semih\ncharacter Öz𝄞\n\nscene a: A\n  story: 2020-01-01\n  cast: Öz𝄞, Semih\n";
    let (_dir, _path, uri) = story_dir(text);
    for (caps, col) in [
        (json!({}), 2 + 6 + 4 + 2),
        (
            json!({"general": {"positionEncodings": ["utf-8"]}}),
            2 + 6 + 7 + 2,
        ),
    ] {
        let (mut client, _) = Client::start(caps);
        assert_eq!(client.open(&uri, text), Vec::<Value>::new());
        let mut params = at(&uri, 6, col + 1);
        params["context"] = json!({"includeDeclaration": false});
        let refs = client.request("textDocument/references", params);
        assert_eq!(
            range(&refs[0]["range"]),
            (6, col as u64, 6, col as u64 + 5),
            "{refs}"
        );
        assert_eq!(client.stop(), Some(0));
    }
}

#[test]
fn a_document_that_is_not_a_file_is_checked_alone() {
    let (mut client, _) = Client::start(json!({}));
    let diags = client.open("untitled:Untitled-1", "scene a: A\n  story: after b\n");
    assert!(
        diags
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("`b`")),
        "{diags:?}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn unknown_requests_are_errors_and_exit_without_shutdown_is_one() {
    let (mut client, _) = Client::start(json!({}));
    let r = client.request_raw("textDocument/rename", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    client.notify("exit", Value::Null);
    let deadline = Instant::now() + TIMEOUT;
    let code = loop {
        if let Some(s) = client.child.try_wait().unwrap() {
            break s.code();
        }
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(code, Some(1));
}
