//! `chronotope lsp`: the server driven through the binary with framed
//! JSON-RPC messages over its standard input and output.

mod common;

use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use chronotope::lsp::convert::path_to_uri;
use chronotope::lsp::server::{read_message, write_message};
use common::Test;
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(20);

/// A running server and the messages it has sent, read on a thread so a
/// silent server fails the test after [`TIMEOUT`] instead of hanging it.
struct Client {
    child: Child,
    /// `None` once closed, to end the server's input.
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Messages received while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Start the server in the test's directory and initialize it with
    /// these client capabilities.
    fn start(t: &Test, capabilities: Value) -> (Client, Value) {
        Client::start_with(t, &["lsp"], capabilities)
    }

    /// [`Client::start`] with these arguments instead of plain `lsp`.
    fn start_with(t: &Test, args: &[&str], capabilities: Value) -> (Client, Value) {
        let mut client = Client::spawn_with(t, args);
        let init = client.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        client.notify("initialized", json!({}));
        (client, init)
    }

    /// Start the server with these arguments, without a word to it.
    fn spawn_with(t: &Test, args: &[&str]) -> Client {
        let mut child = t.spawn(args);
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
        Client {
            child,
            stdin: Some(stdin),
            messages: rx,
            pending: Vec::new(),
            next_id: 1,
        }
    }

    fn input(&mut self) -> &mut ChildStdin {
        self.stdin.as_mut().expect("the input is open")
    }

    fn send(&mut self, message: Value) {
        write_message(self.input(), &message).expect("write to the server");
    }

    /// Send bytes as they are, framing or not.
    fn raw(&mut self, bytes: &[u8]) {
        let input = self.input();
        input.write_all(bytes).expect("write to the server");
        input.flush().unwrap();
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

    /// The first message, received or still to come, that `wanted` picks.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&wanted) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self.next(deadline);
            if wanted(&m) {
                return m;
            }
            self.pending.push(m);
        }
    }

    /// Send a request without waiting; its id.
    fn ask(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The response to request `id`.
    fn response(&mut self, id: i64) -> Value {
        self.wait_for(|m| m.get("id") == Some(&json!(id)))
    }

    /// Send a request and return the whole response (`result` or `error`).
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.ask(method, params);
        self.response(id)
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let m = self.request_raw(method, params);
        assert!(m.get("error").is_none(), "{method} failed: {m}");
        m["result"].clone()
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait_for(|m| is_diagnostics_for(m, uri));
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.open_quietly(uri, text);
        self.diagnostics(uri)
    }

    fn open_quietly(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "chronotope", "version": 1, "text": text}}),
        );
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
        self.exit_status()
    }

    /// Close the server's input and wait for it to exit: its exit code
    /// (`None` if a signal ended it).
    fn exit_status(&mut self) -> Option<i32> {
        self.stdin = None;
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
fn story(text: &str) -> (Test, String) {
    let t = Test::new().file("story.scenes", text);
    let uri = path_to_uri(&t.dir().join("story.scenes"));
    (t, uri)
}

#[test]
fn negotiates_utf8_only_when_offered() {
    let t = Test::new();
    let (client, init) = Client::start(
        &t,
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(init["serverInfo"]["name"], "chronotope");
    assert_eq!(client.stop(), Some(0));
    let (client, init) = Client::start(&t, json!({}));
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
    let (t, uri) = story(STORY);
    let (mut client, _) = Client::start(&t, json!({}));
    assert_eq!(client.open(&uri, STORY), Vec::<Value>::new());
    // An unknown scene: the same code and span as `check --format json`.
    let broken = STORY.replace("after ferry by 1d", "after ferri by 1d");
    let diags = client.change(&uri, 2, &broken);
    t.write("story.scenes", &broken);
    let check = t
        .cmd(&["check", "--format", "json", "story.scenes"])
        .status(1)
        .stdout_any()
        .run()
        .json();
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
    let (t, uri) = story(STORY);
    let (mut client, _) = Client::start(&t, json!({}));
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
    let head = "title: Two Files\n\nscene a: First\n  story: 2020-01-01\n";
    let second = "scene b: Second\n  story: after a by 1d\n";
    let t = Test::new()
        .file("1-head.scenes", head)
        .file("2-more.scenes", second);
    let uri = path_to_uri(&t.dir().join("2-more.scenes"));
    let (mut client, _) = Client::start(&t, json!({}));
    // No spurious "unknown scene": the directory is one story.
    assert_eq!(client.open(&uri, second), Vec::<Value>::new());
    let (l, c) = pos16(second, "after a", 6);
    let defs = client.request("textDocument/definition", at(&uri, l, c));
    assert_eq!(defs[0]["uri"], path_to_uri(&t.dir().join("1-head.scenes")));
    assert_eq!(range(&defs[0]["range"]), (2, 6, 2, 7));
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn the_outline_lists_declarations_and_scenes() {
    let (t, uri) = story(STORY);
    let (mut client, _) = Client::start(&t, json!({}));
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
    let (t, uri) = story(STORY);
    let (mut client, _) = Client::start(&t, json!({}));
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
    let (t, uri) = story(STORY);
    let (mut client, _) = Client::start(&t, json!({}));
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
    let (t, uri) = story(STORY);
    let (mut client, _) = Client::start(&t, json!({}));
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
    let (t, uri) = story(messy);
    let (mut client, _) = Client::start(&t, json!({}));
    client.open(&uri, messy);
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(range(&edits[0]["range"]), (0, 0, 6, 0));
    t.cmd(&["fmt", "story.scenes"])
        .stdout("story.scenes\n")
        .stderr("reformatted 1 of 1 file\n")
        .run();
    assert_eq!(edits[0]["newText"], t.read("story.scenes"));
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

#[test]
fn positions_follow_the_negotiated_encoding() {
    // `Öz𝄞` is 3 characters, 4 UTF-16 units and 7 bytes before `Semih`.
    let text = "title: T\ncharacter Semih\ncharacter Öz𝄞\n\nscene a: A\n  story: 2020-01-01\n  cast: Öz𝄞, Semih\n";
    let (t, uri) = story(text);
    for (caps, col) in [
        (json!({}), 2 + 6 + 4 + 2),
        (
            json!({"general": {"positionEncodings": ["utf-8"]}}),
            2 + 6 + 7 + 2,
        ),
    ] {
        let (mut client, _) = Client::start(&t, caps);
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
    let t = Test::new();
    let (mut client, _) = Client::start(&t, json!({}));
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
fn the_command_line_load_options_reach_the_server() {
    // `--infer` reads story-time from a script's cues: the server must read
    // the script as `check --infer` does, not with the defaults.
    let script = "Title: Cues\n\nINT. OFFICE - DAY\n\nAda types.\n\nINT. OFFICE - CONTINUOUS\n\nAda stops.\n";
    let t = Test::new().file("film.fountain", script);
    let uri = path_to_uri(&t.dir().join("film.fountain"));
    let inferred = |diags: &[Value]| {
        diags
            .iter()
            .filter(|d| {
                d["code"] == "N0506" && d["message"].as_str().unwrap().contains("CONTINUOUS")
            })
            .count()
    };
    let (mut plain, _) = Client::start(&t, json!({}));
    assert_eq!(inferred(&plain.open(&uri, script)), 0);
    assert_eq!(plain.stop(), Some(0));
    let (mut infer, _) = Client::start_with(&t, &["--infer", "lsp"], json!({}));
    assert_eq!(inferred(&infer.open(&uri, script)), 1);
    assert_eq!(infer.stop(), Some(0));
}

#[test]
fn unknown_requests_are_errors_and_exit_without_shutdown_is_one() {
    let t = Test::new();
    let (mut client, _) = Client::start(&t, json!({}));
    let r = client.request_raw("textDocument/rename", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_status(), Some(1));
}

/// Bytes of `message` framed, with this `Content-Length`.
fn framed(length: &str, body: &str) -> Vec<u8> {
    format!("Content-Length: {length}\r\n\r\n{body}").into_bytes()
}

/// An error answer with no id: what the server says about a frame it could
/// not read.
fn framing_error(m: &Value) -> bool {
    m["id"].is_null() && m.get("error").is_some()
}

#[test]
fn huge_content_lengths_are_refused_without_allocating() {
    // 2^63 overflowed a signed length; 10^15 bytes were allocated at once.
    for length in ["9223372036854775808", "1000000000000000"] {
        let t = Test::new();
        let (mut client, _) = Client::start(&t, json!({}));
        client.raw(&framed(length, "{}"));
        let error = client.wait_for(framing_error);
        assert_eq!(error["error"]["code"], -32600, "{error}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(length) && message.contains("64 MiB"),
            "{message}"
        );
        // The body never comes: the input ends, the server exits cleanly,
        // as it does without `shutdown`.
        assert_eq!(client.exit_status(), Some(1), "{length}");
    }
}

#[test]
fn a_message_over_the_limit_is_skipped_and_the_next_answered() {
    let t = Test::new();
    let (mut client, _) = Client::start(&t, json!({}));
    // 64 MiB and one byte, actually sent.
    let over = 64 * 1024 * 1024 + 1;
    let mut bytes = framed(&over.to_string(), "");
    bytes.resize(bytes.len() + over, b' ');
    client.raw(&bytes);
    let error = client.wait_for(framing_error);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("67108865 bytes"),
        "{error}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn malformed_headers_are_errors_and_the_stream_goes_on() {
    let t = Test::new();
    let (mut client, _) = Client::start(&t, json!({}));
    let long = format!("X-Long: {}\r\n\r\n", "x".repeat(1_000_000));
    for (bytes, why) in [
        (
            b"Content-Type: text\r\n\r\n".to_vec(),
            "without `Content-Length`",
        ),
        (b"no colon here\r\n\r\n".to_vec(), "without `:`"),
        (b"Content-Length: twelve\r\n\r\n".to_vec(), "not a number"),
        (b"Content-Length: \xff\r\n\r\n".to_vec(), "not UTF-8"),
        (long.into_bytes(), "longer than 1024 bytes"),
        (
            "A: 1\r\n".repeat(40).into_bytes(),
            "more than 32 header lines",
        ),
    ] {
        let mut bytes = bytes;
        if !bytes.ends_with(b"\r\n\r\n") {
            bytes.extend_from_slice(b"\r\n");
        }
        client.raw(&bytes);
        let error = client.wait_for(framing_error);
        assert_eq!(error["error"]["code"], -32700, "{why}: {error}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.contains(why), "{why}: {message}");
        // Still listening.
        let r = client.request_raw("textDocument/rename", json!({}));
        assert_eq!(r["error"]["code"], -32601, "{why}");
    }
    // A body that is not JSON is a parse error too, and then a clean stop.
    client.raw(&framed("5", "{nope"));
    assert_eq!(client.wait_for(framing_error)["error"]["code"], -32700);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn opening_two_hundred_files_of_a_directory_is_quick() {
    // Each file's scene comes after the previous file's: one story.
    let mut t = Test::new();
    let mut files = Vec::new();
    for i in 0..200 {
        let after = if i == 0 {
            "2020-01-01".to_string()
        } else {
            format!("after s{} by 1d", i - 1)
        };
        let text = format!("scene s{i}: Scene {i}\n  story: {after}\n");
        let name = format!("f{i:03}.scenes");
        t = t.file(&name, &text);
        files.push((path_to_uri(&t.dir().join(&name)), text));
    }
    let (mut client, _) = Client::start(&t, json!({}));
    let started = Instant::now();
    for (uri, text) in &files {
        client.open_quietly(uri, text);
    }
    // Every document's diagnostics (none: the story is whole), and a
    // request on the last one answered from the same analysis.
    for (uri, _) in &files {
        assert_eq!(client.diagnostics(uri), Vec::<Value>::new(), "{uri}");
    }
    let (last, text) = &files[199];
    let (l, c) = pos16(text, "s198", 1);
    let defs = client.request("textDocument/definition", at(last, l, c));
    assert_eq!(defs[0]["uri"], files[198].0);
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(10),
        "200 didOpen took {elapsed:?}"
    );
    assert_eq!(client.stop(), Some(0));
}

/// A story of `n` scenes, each after the one before, with titles.
fn long_story(n: usize) -> String {
    let mut text = String::from("title: Long\n\nscene s0: Scene 0\n  story: 2020-01-01\n");
    for i in 1..n {
        text.push_str(&format!(
            "\nscene s{i}: Scene {i}\n  story: after s{} by 1h\n",
            i - 1
        ));
    }
    text
}

#[test]
fn requests_are_answered_while_an_analysis_runs() {
    let (t, uri) = story(STORY);
    let (mut client, _) = Client::start(&t, json!({}));
    client.open(&uri, STORY);
    // A much longer text keeps the analyser busy …
    let long = format!(
        "{STORY}\n{}",
        long_story(20_000).replace("title: Long\n", "")
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": long}]}),
    );
    // … while a hover is answered from the last analysis, before the new
    // diagnostics.
    let (l, c) = pos16(STORY, "memory:", 1);
    let id = client.ask("textDocument/hover", at(&uri, l, c));
    let first = client.wait_for(|m| m.get("id") == Some(&json!(id)) || is_diagnostics_for(m, &uri));
    assert_eq!(
        first["id"], id,
        "the hover came after the analysis: {first}"
    );
    let text = first["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("He remembers the ferry"), "{text}");
    let published = client.wait_for(|m| is_diagnostics_for(m, &uri));
    assert_eq!(published["params"]["version"], 2);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn a_request_before_the_first_analysis_waits_for_it_or_is_cancelled() {
    let (t, uri) = story(STORY);
    let (mut client, _) = Client::start(&t, json!({}));
    client.open_quietly(&uri, STORY);
    let symbols = json!({"textDocument": {"uri": uri}});
    let waited = client.ask("textDocument/documentSymbol", symbols.clone());
    let cancelled = client.ask("textDocument/documentSymbol", symbols);
    client.notify("$/cancelRequest", json!({"id": cancelled}));
    assert_eq!(client.response(cancelled)["error"]["code"], -32800);
    let answer = client.response(waited);
    assert_eq!(answer["result"].as_array().unwrap().len(), 10, "{answer}");
    assert_eq!(client.stop(), Some(0));
}

/// The peak memory of a process, in bytes (Linux only).
fn peak_memory(child: &Child) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn the_outline_of_a_long_document_stays_small() {
    let text = long_story(15_000);
    let (t, uri) = story(&text);
    let (mut client, _) = Client::start(&t, json!({}));
    client.open(&uri, &text);
    let before = peak_memory(&client.child);
    let id = client.ask(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let answer = client.response(id);
    let symbols = answer["result"].as_array().unwrap();
    assert_eq!(symbols.len(), 15_001, "the header field and every scene");
    assert_eq!(symbols[15_000]["name"], "s14999");
    assert_eq!(symbols[15_000]["detail"], "Scene 14999");
    // The answer is a few times the document (about 4×: every symbol has
    // two ranges), and it is written as it is made: the server's peak
    // memory grows by less than three times the document, the line map
    // and buffers the request needs (it grew by about 170× the document
    // before; a list of the protocol's symbols alone would be 4×). The
    // growth is over the peak that opening the document left, so the
    // leaner opening is, the more of the request's own cost shows: it
    // was under 2× while opening peaked higher.
    let bytes = answer.to_string().len();
    assert!(bytes < 6 * text.len(), "{bytes} bytes for {}", text.len());
    if let (Some(before), Some(after)) = (before, peak_memory(&client.child)) {
        let grown = after.saturating_sub(before);
        assert!(
            grown < 3 * text.len() as u64,
            "peak memory grew by {grown} bytes for a document of {}",
            text.len()
        );
    }
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn the_outline_stops_at_twenty_thousand_entries() {
    let text: String = (0..25_000)
        .map(|i| format!("scene s{i}:\n  story: 2020-01-01\n"))
        .collect();
    let (t, uri) = story(&text);
    let (mut client, _) = Client::start(&t, json!({}));
    client.open_quietly(&uri, &text);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let symbols = symbols.as_array().unwrap();
    assert_eq!(symbols.len(), 20_000);
    assert_eq!(symbols[19_999]["name"], "s19999");
    assert_eq!(client.stop(), Some(0));
}

/// Semantic tokens: announced with their legend, and on the reference
/// story every scene id is a `variable` token where it is written.
#[test]
fn semantic_tokens_colour_the_reference_story() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenes/dont-leave.scenes"),
    )
    .unwrap();
    let (t, uri) = story(&text);
    let (mut client, init) = Client::start(&t, json!({}));
    let provider = &init["capabilities"]["semanticTokensProvider"];
    assert_eq!(provider["full"], true, "{provider}");
    let types: Vec<&str> = provider["legend"]["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    client.open(&uri, &text);
    let result = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let data: Vec<u32> = result["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as u32)
        .collect();
    assert_eq!(data.len() % 5, 0);
    assert!(data.len() / 5 > 100, "{} tokens", data.len() / 5);
    // Decode: every `scene ID:` line's id is a `variable` token.
    let lines: Vec<&str> = text.lines().collect();
    let (mut line, mut col) = (0u32, 0u32);
    let mut variables = Vec::new();
    for t in data.chunks(5) {
        line += t[0];
        col = if t[0] == 0 { col + t[1] } else { t[1] };
        if types[t[3] as usize] == "variable" {
            let l: Vec<u16> = lines[line as usize].encode_utf16().collect();
            let s = &l[col as usize..(col + t[2]) as usize];
            variables.push((line, String::from_utf16(s).unwrap()));
        }
    }
    for (i, l) in lines.iter().enumerate() {
        if let Some(rest) = l.strip_prefix("scene ") {
            let id = rest.split(':').next().unwrap().trim().to_string();
            assert!(
                variables.contains(&(i as u32, id.clone())),
                "`{id}` on line {i}: {variables:?}"
            );
        }
    }
    assert_eq!(client.stop(), Some(0));
}
