//! The server: the open documents, when to analyse them, and one handler
//! per message.
//!
//! Three threads, so that no message waits for an analysis:
//!
//! * a reader turns standard input into frames ([`super::framing`], which
//!   bounds every size) and passes them on through a short channel (when
//!   the server falls behind, the reader waits instead of buffering);
//! * an analyser runs `check`'s pipeline (`analyse`, the one place it is
//!   called) on a snapshot of one story's open documents at a time;
//! * this loop handles messages and finished analyses in arrival order. It
//!   answers every request at once from the last analysis of the
//!   document's story, even while a newer one runs (positions are clamped,
//!   so a stale analysis answers sensibly); only a request about a
//!   document whose story has never been analysed waits for the first
//!   analysis (and can be cancelled with `$/cancelRequest`).
//!
//! Analysis is per story, not per document: the scene files of one
//! directory are checked together once per burst of changes, and the
//! diagnostics of every open document of that directory come from that
//! one result. Bursts are debounced and results that are out of date when
//! they arrive are superseded ([`super::schedule`]): opening 200 files of
//! a directory costs one or a few analyses of it, not 200 × 200.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::time::Instant;

use lsp_types as lsp;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

pub use super::framing::{read_message, write_message};

use super::analysis::{Analysis, Locator, Snapshot, StoryKey};
use super::completion;
use super::convert::{uri_to_path, Encoding, LineMap};
use super::framing::{Frame, Reader, MAX_CONTENT_LENGTH};
use super::requests::{self, Target};
use super::schedule::Schedule;
use super::semantic_tokens;
use crate::diagnostics::{Diagnostic, Severity};
use crate::project::diagnose;
use crate::span::{FileId, Span};
use crate::syntax::format::{format_text, FormatError};
use crate::workspace::{LoadOptions, Workspace};

/// JSON-RPC error codes used here.
mod code {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    pub const INVALID_PARAMS: i64 = -32602;
    pub const SERVER_NOT_INITIALIZED: i64 = -32002;
    pub const REQUEST_FAILED: i64 = -32803;
    pub const REQUEST_CANCELLED: i64 = -32800;
}

/// How many frames the reader may hold ready before it waits.
const READ_AHEAD: usize = 8;

/// Requests answered from the analysis of their document's story.
const ANALYSED: [&str; 5] = [
    "textDocument/definition",
    "textDocument/references",
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/documentSymbol",
];

/// An error answer to a request.
struct RpcError {
    code: i64,
    message: String,
}

fn invalid_params(e: impl std::fmt::Display) -> RpcError {
    RpcError {
        code: code::INVALID_PARAMS,
        message: e.to_string(),
    }
}

/// An open document, as the client last sent it.
struct Document {
    text: String,
    version: i32,
    /// What it is analysed with.
    key: StoryKey,
    /// The directory of its file, if it is one.
    dir: Option<PathBuf>,
}

/// What the loop waits for.
enum Event {
    /// A frame from the client.
    Frame(Frame),
    /// The end of the input (or a read error: nobody to answer either way).
    End,
    /// A finished analysis.
    Analysed(Box<Analysis>),
    /// An analysis that panicked (a bug): its story and generation.
    Failed(StoryKey, u64),
}

/// A story to analyse: the open documents it has at its generation.
struct Job {
    key: StoryKey,
    generation: u64,
    docs: Vec<Snapshot>,
}

/// A request waiting for the first analysis of its document's story.
struct Waiting {
    id: Value,
    method: String,
    params: Value,
}

/// Where a request about a document stands.
enum Lookup<'a> {
    /// Answer it from this analysis.
    Ready(Target<'a>),
    /// Its story is being analysed for the first time.
    Wait,
    /// It cannot be answered: why.
    Missing(String),
}

/// Whether to go on after a message.
enum Flow {
    Continue,
    Exit(i32),
}

/// A successful answer, serialized straight from the handler's result.
#[derive(Serialize)]
struct Response<'a, T> {
    jsonrpc: &'static str,
    id: &'a Value,
    result: T,
}

/// The language server's state.
pub struct Server<W: Write> {
    out: W,
    encoding: Encoding,
    initialized: bool,
    shutdown: bool,
    docs: BTreeMap<String, Document>,
    /// The last analysis of each story with open documents.
    analyses: HashMap<StoryKey, Analysis>,
    schedule: Schedule<StoryKey>,
    waiting: Vec<Waiting>,
    /// The analyser's queue, while serving.
    jobs: Option<Sender<Job>>,
    /// How files are read (`--input-format`, `--infer` given to
    /// `chronotope lsp`), so the editor sees what `check` reports.
    load: LoadOptions,
}

impl<W: Write> Server<W> {
    /// A server writing to `out`.
    pub fn new(out: W) -> Server<W> {
        Server {
            out,
            encoding: Encoding::Utf16,
            initialized: false,
            shutdown: false,
            docs: BTreeMap::new(),
            analyses: HashMap::new(),
            schedule: Schedule::default(),
            waiting: Vec::new(),
            load: LoadOptions::default(),
            jobs: None,
        }
    }

    /// Read files with these options (the command line's `--input-format`
    /// and `--infer`) instead of the defaults.
    pub fn with_load_options(mut self, load: LoadOptions) -> Server<W> {
        self.load = load;
        self
    }

    /// Serve messages from `input` until `exit` or the end of the input.
    /// Returns the process exit code: 0 after `shutdown` then `exit`, 1
    /// otherwise, as the protocol asks.
    pub fn serve<R: Read + Send + 'static>(&mut self, input: R) -> io::Result<i32> {
        let (events_in, events) = mpsc::sync_channel(READ_AHEAD);
        spawn_reader(input, events_in.clone());
        self.jobs = Some(spawn_analyser(events_in, self.load));
        loop {
            self.start_due();
            let event = match self.schedule.next_due() {
                Some(due) => {
                    match events.recv_timeout(due.saturating_duration_since(Instant::now())) {
                        Ok(event) => event,
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => Event::End,
                    }
                }
                None => events.recv().unwrap_or(Event::End),
            };
            match event {
                Event::Frame(frame) => {
                    if let Flow::Exit(code) = self.frame(frame)? {
                        return Ok(code);
                    }
                }
                Event::Analysed(a) => self.analysed(*a)?,
                Event::Failed(key, generation) => {
                    self.schedule.finished(&key, generation);
                    self.retry_waiting()?;
                }
                Event::End => return Ok(self.exit_code()),
            }
        }
    }

    fn exit_code(&self) -> i32 {
        if self.shutdown {
            0
        } else {
            1
        }
    }

    /// Hand the story due first to the analyser, if it is free.
    fn start_due(&mut self) {
        let Some((key, generation)) = self.schedule.start(Instant::now()) else {
            return;
        };
        let docs = self.snapshot(&key);
        let job = Job {
            key,
            generation,
            docs,
        };
        if let Some(jobs) = &self.jobs {
            // The analyser only stops when this queue closes.
            let _sent = jobs.send(job);
        }
    }

    /// The open documents a story's analysis reads: for a directory, every
    /// open document in it (their text stands in for the disk's).
    fn snapshot(&self, key: &StoryKey) -> Vec<Snapshot> {
        let snap = |(uri, d): (&String, &Document)| Snapshot {
            uri: uri.clone(),
            version: d.version,
            text: d.text.clone(),
        };
        match key {
            StoryKey::Dir(dir) => self
                .docs
                .iter()
                .filter(|(_, d)| d.dir.as_ref() == Some(dir))
                .map(snap)
                .collect(),
            StoryKey::Alone(uri) => self.docs.get_key_value(uri).map(snap).into_iter().collect(),
        }
    }

    fn frame(&mut self, frame: Frame) -> io::Result<Flow> {
        match frame {
            Frame::Message(body) => self.message(&body),
            Frame::Malformed(why) => {
                let message = format!("malformed message header: {why}; the message is skipped");
                self.send_error(Value::Null, code::PARSE_ERROR, &message)?;
                Ok(Flow::Continue)
            }
            Frame::TooLarge(length) => {
                let message = format!(
                    "a message of {length} bytes is over the limit of {MAX_CONTENT_LENGTH} bytes \
                     (64 MiB); it is skipped"
                );
                self.send_error(Value::Null, code::INVALID_REQUEST, &message)?;
                Ok(Flow::Continue)
            }
        }
    }

    fn message(&mut self, body: &[u8]) -> io::Result<Flow> {
        let message: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => {
                self.send_error(Value::Null, code::PARSE_ERROR, &e.to_string())?;
                return Ok(Flow::Continue);
            }
        };
        let method = message.get("method").and_then(Value::as_str);
        let id = message.get("id").cloned();
        let params = message.get("params").cloned().unwrap_or(Value::Null);
        match (method, id) {
            (Some("exit"), _) => return Ok(Flow::Exit(self.exit_code())),
            (Some(method), Some(id)) => self.request(id, method, params)?,
            (Some(method), None) => self.notification(method, params)?,
            // A response to a request of ours (we send none), or junk.
            (None, Some(id))
                if message.get("result").is_none() && message.get("error").is_none() =>
            {
                self.send_error(id, code::INVALID_REQUEST, "a request needs a method")?;
            }
            (None, _) => {}
        }
        Ok(Flow::Continue)
    }

    fn send(&mut self, message: &impl Serialize) -> io::Result<()> {
        write_message(&mut self.out, message)
    }

    fn send_error(&mut self, id: Value, code: i64, message: &str) -> io::Result<()> {
        send_error(&mut self.out, &id, code, message)
    }

    fn notify(&mut self, method: &str, params: impl Serialize) -> io::Result<()> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn request(&mut self, id: Value, method: &str, params: Value) -> io::Result<()> {
        if method == "initialize" {
            let answer = parse(params).and_then(|p| self.initialize(p));
            return respond(&mut self.out, &id, answer);
        }
        if !self.initialized {
            return self.send_error(id, code::SERVER_NOT_INITIALIZED, "initialize first");
        }
        match method {
            "shutdown" => {
                self.shutdown = true;
                // Nothing waits past the end: requests still waiting for a
                // first analysis are answered before `shutdown` is.
                for w in std::mem::take(&mut self.waiting) {
                    let message = "the server shut down before the document was analysed";
                    self.send_error(w.id, code::REQUEST_FAILED, message)?;
                }
                respond(&mut self.out, &id, Ok(Value::Null))
            }
            "textDocument/formatting" => {
                let answer = parse(params).and_then(|p| self.formatting(p));
                respond(&mut self.out, &id, answer)
            }
            "textDocument/semanticTokens/full" => {
                let answer = parse(params).and_then(|p| self.semantic_tokens(p));
                respond(&mut self.out, &id, answer)
            }
            m if ANALYSED.contains(&m) => self.about_document(id, m, params),
            _ => {
                let message = format!("unknown method `{method}`");
                self.send_error(id, code::METHOD_NOT_FOUND, &message)
            }
        }
    }

    /// Answer a request from its document's analysis, or keep it until the
    /// first one is there.
    fn about_document(&mut self, id: Value, method: &str, params: Value) -> io::Result<()> {
        let Some(uri) = params["textDocument"]["uri"].as_str() else {
            return self.send_error(id, code::INVALID_PARAMS, "`textDocument.uri` is missing");
        };
        match lookup(
            &self.docs,
            &self.analyses,
            &self.schedule,
            self.encoding,
            uri,
        ) {
            Lookup::Ready(target) => answer(&mut self.out, &id, method, params, target),
            Lookup::Missing(message) => self.send_error(id, code::REQUEST_FAILED, &message),
            Lookup::Wait => {
                let method = method.to_string();
                self.waiting.push(Waiting { id, method, params });
                Ok(())
            }
        }
    }

    /// Try the waiting requests again (after an analysis, or a close).
    fn retry_waiting(&mut self) -> io::Result<()> {
        for w in std::mem::take(&mut self.waiting) {
            self.about_document(w.id, &w.method, w.params)?;
        }
        Ok(())
    }

    /// `$/cancelRequest`: a waiting request is answered as cancelled; one
    /// already answered is left alone, as the protocol allows.
    fn cancel(&mut self, params: &Value) -> io::Result<()> {
        let Some(i) = self.waiting.iter().position(|w| w.id == params["id"]) else {
            return Ok(());
        };
        let w = self.waiting.remove(i);
        self.send_error(w.id, code::REQUEST_CANCELLED, "cancelled")
    }

    fn notification(&mut self, method: &str, params: Value) -> io::Result<()> {
        // Malformed notifications cannot be answered; they are dropped.
        match method {
            "textDocument/didOpen" => {
                if let Ok(p) = parse::<lsp::DidOpenTextDocumentParams>(params) {
                    self.opened(p);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = parse::<lsp::DidChangeTextDocumentParams>(params) {
                    self.changed(p);
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = parse::<lsp::DidSaveTextDocumentParams>(params) {
                    // Other files of the story may have changed on disk.
                    if let Some(doc) = self.docs.get(p.text_document.uri.as_str()) {
                        self.schedule.changed(doc.key.clone(), Instant::now());
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = parse::<lsp::DidCloseTextDocumentParams>(params) {
                    self.closed(p.text_document.uri.as_str())?;
                }
            }
            "$/cancelRequest" => self.cancel(&params)?,
            _ => {}
        }
        Ok(())
    }

    fn opened(&mut self, p: lsp::DidOpenTextDocumentParams) {
        let uri = p.text_document.uri.as_str().to_string();
        let key = StoryKey::of(&uri);
        let dir = uri_to_path(&uri).and_then(|p| p.parent().map(Path::to_path_buf));
        self.schedule.changed(key.clone(), Instant::now());
        let doc = Document {
            text: p.text_document.text,
            version: p.text_document.version,
            key,
            dir,
        };
        self.docs.insert(uri, doc);
    }

    fn changed(&mut self, p: lsp::DidChangeTextDocumentParams) {
        let encoding = self.encoding;
        let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                // Incremental changes cost nothing extra to accept, though
                // we ask for whole texts.
                Some(range) => {
                    let map = LineMap::new(&doc.text, encoding);
                    let start = map.offset(range.start);
                    let end = map.offset(range.end).max(start);
                    doc.text.replace_range(start..end, &change.text);
                }
                None => doc.text = change.text,
            }
        }
        doc.version = p.text_document.version;
        self.schedule.changed(doc.key.clone(), Instant::now());
    }

    fn closed(&mut self, uri: &str) -> io::Result<()> {
        let Some(doc) = self.docs.remove(uri) else {
            return Ok(());
        };
        self.notify(
            "textDocument/publishDiagnostics",
            json!({"uri": uri, "diagnostics": []}),
        )?;
        if self.docs.values().any(|d| d.key == doc.key) {
            // Its saved text replaces the buffer for its neighbours.
            self.schedule.changed(doc.key, Instant::now());
        } else {
            self.schedule.forget(&doc.key);
            self.analyses.remove(&doc.key);
        }
        self.retry_waiting()
    }

    /// An analysis is back: publish it if it is still the latest, keep it
    /// to answer requests, and answer those that waited for it.
    fn analysed(&mut self, a: Analysis) -> io::Result<()> {
        let latest = self.schedule.finished(&a.key, a.generation);
        if !self.docs.values().any(|d| d.key == a.key) {
            return self.retry_waiting(); // Closed meanwhile.
        }
        if latest {
            self.publish(&a)?;
        }
        self.analyses.insert(a.key.clone(), a);
        self.retry_waiting()
    }

    /// Publish the diagnostics of every open document of an analysis.
    fn publish(&mut self, a: &Analysis) -> io::Result<()> {
        let mut by_file: HashMap<FileId, Vec<&Diagnostic>> = HashMap::new();
        for d in &a.diagnostics {
            if let Some(span) = d.main_span() {
                by_file.entry(span.file).or_default().push(d);
            }
        }
        let mut locator = Locator::new(a, self.encoding);
        for (uri, doc) in &self.docs {
            if doc.key != a.key {
                continue;
            }
            let Some((file, version)) = a.document(uri) else {
                continue;
            };
            let diagnostics: Vec<lsp::Diagnostic> = by_file
                .get(&file)
                .into_iter()
                .flatten()
                .map(|d| to_lsp_diagnostic(&mut locator, d))
                .collect();
            let params = json!({"uri": uri, "diagnostics": diagnostics, "version": version});
            write_message(
                &mut self.out,
                &json!({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": params}),
            )?;
        }
        Ok(())
    }

    fn initialize(&mut self, p: lsp::InitializeParams) -> Result<Value, RpcError> {
        let offers_utf8 = p
            .capabilities
            .general
            .and_then(|g| g.position_encodings)
            .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
        self.encoding = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.initialized = true;
        let capabilities = lsp::ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
                Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::FULL),
                    save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            definition_provider: Some(lsp::OneOf::Left(true)),
            references_provider: Some(lsp::OneOf::Left(true)),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            completion_provider: Some(lsp::CompletionOptions {
                trigger_characters: Some(vec![":".into(), " ".into(), ",".into()]),
                ..Default::default()
            }),
            document_formatting_provider: Some(lsp::OneOf::Left(true)),
            document_symbol_provider: Some(lsp::OneOf::Left(true)),
            semantic_tokens_provider: Some(
                lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                    lsp::SemanticTokensOptions {
                        legend: semantic_tokens::legend(),
                        full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                        range: Some(false),
                        ..Default::default()
                    },
                ),
            ),
            ..Default::default()
        };
        let result = lsp::InitializeResult {
            capabilities,
            server_info: Some(lsp::ServerInfo {
                name: "chronotope".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        serde_json::to_value(result).map_err(invalid_params)
    }

    /// The document's semantic tokens, from its current text (scene files
    /// only; others get none).
    fn semantic_tokens(
        &mut self,
        p: lsp::SemanticTokensParams,
    ) -> Result<lsp::SemanticTokens, RpcError> {
        let uri = p.text_document.uri.as_str();
        let doc = self.docs.get(uri).ok_or_else(|| RpcError {
            code: code::REQUEST_FAILED,
            message: format!("`{uri}` is not open"),
        })?;
        let data = if uri.ends_with(".scenes") {
            let tokens = semantic_tokens::tokens(&doc.text);
            semantic_tokens::encode(&doc.text, self.encoding, &tokens)
        } else {
            Vec::new()
        };
        Ok(lsp::SemanticTokens {
            result_id: None,
            data,
        })
    }

    fn formatting(
        &mut self,
        p: lsp::DocumentFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>, RpcError> {
        let uri = p.text_document.uri.as_str();
        let doc = self.docs.get(uri).ok_or_else(|| RpcError {
            code: code::REQUEST_FAILED,
            message: format!("`{uri}` is not open"),
        })?;
        if uri.ends_with(".fountain") {
            return Ok(None); // A screenplay's layout is its own.
        }
        match format_text(FileId(0), &doc.text) {
            Ok(formatted) if formatted == doc.text => Ok(Some(Vec::new())),
            Ok(formatted) => {
                let map = LineMap::new(&doc.text, self.encoding);
                Ok(Some(vec![lsp::TextEdit {
                    range: lsp::Range {
                        start: lsp::Position::new(0, 0),
                        end: map.position(doc.text.len()),
                    },
                    new_text: formatted,
                }]))
            }
            Err(FormatError::Syntax(_)) => Err(RpcError {
                code: code::REQUEST_FAILED,
                message: "the file has syntax errors; fix them first".into(),
            }),
            Err(FormatError::Unfaithful) => Err(RpcError {
                code: code::REQUEST_FAILED,
                message: "formatting would change what the file means (a bug in chronotope)".into(),
            }),
        }
    }
}

/// The analysis to answer a request about `uri` from.
fn lookup<'a>(
    docs: &BTreeMap<String, Document>,
    analyses: &'a HashMap<StoryKey, Analysis>,
    schedule: &Schedule<StoryKey>,
    encoding: Encoding,
    uri: &str,
) -> Lookup<'a> {
    let Some(doc) = docs.get(uri) else {
        return Lookup::Missing(format!("`{uri}` is not open"));
    };
    let found = analyses
        .get(&doc.key)
        .and_then(|a| Some((a, a.document(uri)?.0)));
    match found {
        Some((a, file)) => Lookup::Ready(Target { a, file, encoding }),
        None if schedule.pending(&doc.key) => Lookup::Wait,
        None => Lookup::Missing(format!("`{uri}` could not be analysed")),
    }
}

/// Answer one of the [`ANALYSED`] requests from `target`.
fn answer(
    out: &mut impl Write,
    id: &Value,
    method: &str,
    params: Value,
    target: Target,
) -> io::Result<()> {
    // Definition, hover and completion take a document and a position
    // (and options that change nothing here).
    let at = |params| parse::<lsp::TextDocumentPositionParams>(params).map(|p| p.position);
    match method {
        "textDocument/definition" => respond(
            out,
            id,
            at(params).map(|at| requests::definition(target, at)),
        ),
        "textDocument/hover" => respond(out, id, at(params).map(|at| requests::hover(target, at))),
        "textDocument/completion" => respond(
            out,
            id,
            at(params).map(|at| completion::complete(target, at)),
        ),
        "textDocument/references" => {
            let p = parse::<lsp::ReferenceParams>(params).map(|p| {
                let with_definitions = p.context.include_declaration;
                let at = p.text_document_position.position;
                requests::references(target, at, with_definitions)
            });
            respond(out, id, p)
        }
        "textDocument/documentSymbol" => {
            let p = parse::<lsp::DocumentSymbolParams>(params);
            respond(out, id, p.map(|_| requests::symbols(target)))
        }
        _ => send_error(out, id, code::METHOD_NOT_FOUND, "unknown method"),
    }
}

/// Send a handler's answer, serialized straight from its result.
fn respond<T: Serialize>(
    out: &mut impl Write,
    id: &Value,
    answer: Result<T, RpcError>,
) -> io::Result<()> {
    match answer {
        Ok(result) => write_message(
            out,
            &Response {
                jsonrpc: "2.0",
                id,
                result,
            },
        ),
        Err(e) => send_error(out, id, e.code, &e.message),
    }
}

fn send_error(out: &mut impl Write, id: &Value, code: i64, message: &str) -> io::Result<()> {
    write_message(
        out,
        &json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {"code": code, "message": message},
        }),
    )
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, RpcError> {
    serde_json::from_value(params).map_err(invalid_params)
}

/// Read frames from `input` on a thread of their own until its end.
fn spawn_reader<R: Read + Send + 'static>(input: R, events: SyncSender<Event>) {
    std::thread::spawn(move || {
        let mut reader = Reader::new(BufReader::new(input));
        loop {
            let event = match reader.next_frame() {
                Ok(Some(frame)) => Event::Frame(frame),
                Ok(None) | Err(_) => Event::End,
            };
            let end = matches!(event, Event::End);
            if events.send(event).is_err() || end {
                return;
            }
        }
    });
}

/// Start the analyser thread; it takes jobs until their queue closes.
fn spawn_analyser(events: SyncSender<Event>, load: LoadOptions) -> Sender<Job> {
    let (jobs, queue): (Sender<Job>, Receiver<Job>) = mpsc::channel();
    std::thread::spawn(move || {
        for job in queue {
            let (key, generation) = (job.key.clone(), job.generation);
            // A bug in the pipeline must not leave the story marked busy
            // for ever: the loop hears of it and goes on.
            let done =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyse(job, &load)));
            let event = match done {
                Ok(a) => Event::Analysed(Box::new(a)),
                Err(_) => Event::Failed(key, generation),
            };
            if events.send(event).is_err() {
                return;
            }
        }
    });
    jobs
}

/// Load a story's files, open documents in place of their saved text, and
/// run `check`'s pipeline (parse, resolve, engine, continuity) on them.
/// The one place the server runs the pipeline.
fn analyse(job: Job, load: &LoadOptions) -> Analysis {
    let ws = match &job.key {
        StoryKey::Dir(dir) => {
            let overlays: HashMap<PathBuf, String> = job
                .docs
                .iter()
                .filter_map(|d| Some((uri_to_path(&d.uri)?, d.text.clone())))
                .collect();
            Workspace::load_dir_overlaid(dir, overlays, load)
        }
        // An unsaved buffer (`untitled:`) or an unknown extension: the
        // document alone, read as a scene file.
        StoryKey::Alone(uri) => {
            let name = uri.rsplit('/').next().unwrap_or("story.scenes");
            Workspace::from_text_with(name, job.docs.first().map_or("", |d| &d.text), load)
        }
    };
    let found = diagnose(&ws);
    Analysis::new(job.key, job.generation, ws, found, &job.docs)
}

/// A diagnostic as the protocol's, its spans placed by `locator`.
fn to_lsp_diagnostic(locator: &mut Locator, d: &Diagnostic) -> lsp::Diagnostic {
    let span = d.main_span().unwrap_or(Span::new(FileId(0), 0, 0));
    let mut message = d.message.clone();
    if let Some(l) = d.labels.iter().find(|l| l.primary && !l.message.is_empty()) {
        message.push_str(": ");
        message.push_str(&l.message);
    }
    for n in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(n);
    }
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| {
            Some(lsp::DiagnosticRelatedInformation {
                location: locator.location(l.span)?,
                message: if l.message.is_empty() {
                    "here".into()
                } else {
                    l.message.clone()
                },
            })
        })
        .collect();
    lsp::Diagnostic {
        range: locator.range(span),
        severity: Some(match d.severity() {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Note => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        source: Some("chronotope".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(message: Value) -> Vec<u8> {
        let mut out = Vec::new();
        write_message(&mut out, &message).unwrap();
        out
    }

    /// Serve `input` to the end; the exit code and every message sent.
    fn session(input: Vec<u8>) -> (i32, Vec<Value>) {
        let mut server = Server::new(Vec::new());
        let code = server.serve(io::Cursor::new(input)).unwrap();
        let mut sent = &server.out[..];
        let mut messages = Vec::new();
        while let Some(body) = read_message(&mut sent).unwrap() {
            messages.push(serde_json::from_slice(&body).unwrap());
        }
        (code, messages)
    }

    fn initialize() -> Vec<u8> {
        frame(
            json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}),
        )
    }

    #[test]
    fn a_huge_length_is_answered_and_the_end_of_input_ends_the_server() {
        let mut input = initialize();
        input.extend_from_slice(b"Content-Length: 9223372036854775808\r\n\r\n{}");
        let (code, sent) = session(input);
        assert_eq!(code, 1, "no shutdown");
        assert_eq!(sent.len(), 2, "{sent:?}");
        assert_eq!(sent[1]["id"], Value::Null);
        assert_eq!(sent[1]["error"]["code"], code::INVALID_REQUEST);
    }

    #[test]
    fn shutdown_answers_the_requests_still_waiting() {
        let mut input = initialize();
        let uri = "untitled:a";
        input.extend(frame(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "chronotope", "version": 1, "text": "scene a: A\n"}
        }})));
        input.extend(frame(
            json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/documentSymbol",
            "params": {"textDocument": {"uri": uri}}}),
        ));
        input.extend(frame(
            json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        ));
        input.extend(frame(json!({"jsonrpc": "2.0", "method": "exit"})));
        let (code, sent) = session(input);
        assert_eq!(code, 0);
        let ids: Vec<&Value> = sent.iter().map(|m| &m["id"]).collect();
        assert_eq!(ids, [&json!(0), &json!(1), &json!(2)], "{sent:?}");
        // Answered before `shutdown`: refused (the analysis is 40 ms away
        // when `shutdown` comes), or answered if the machine was so slow
        // that the analysis ran first.
        let refused = sent[1]["error"]["code"] == code::REQUEST_FAILED;
        assert!(refused || sent[1]["result"].is_array(), "{}", sent[1]);
        assert_eq!(sent[2]["result"], Value::Null);
    }

    #[test]
    fn requests_about_documents_not_open_fail_at_once() {
        let mut input = initialize();
        input.extend(frame(json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": "untitled:b"}, "position": {"line": 0, "character": 0}}})));
        input.extend(frame(
            json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
            "params": {"position": {"line": 0, "character": 0}}}),
        ));
        let (_, sent) = session(input);
        assert_eq!(sent[1]["error"]["code"], code::REQUEST_FAILED);
        assert!(sent[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not open"));
        assert_eq!(sent[2]["error"]["code"], code::INVALID_PARAMS);
    }
}
