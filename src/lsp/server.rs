//! The server: JSON-RPC framing over a byte stream, the open documents,
//! and one handler per request.
//!
//! Synchronous on purpose: every request is answered from the last
//! analysis of its document, and analysing a story directory takes
//! milliseconds, so there is nothing to overlap.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types as lsp;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::convert::{path_to_uri, uri_to_path, Encoding, LineMap};
use super::hover;
use super::index::{Index, Occurrence, Symbol};
use super::outline::{self, Entry};
use crate::cli::diagnose;
use crate::diagnostics::{Diagnostic, Severity};
use crate::engine::Chronology;
use crate::span::{FileId, Span};
use crate::syntax::format::{format_text, FormatError};
use crate::workspace::{LoadOptions, LoadedStory, Workspace, EXTENSIONS};

/// JSON-RPC error codes used here.
mod code {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    pub const INVALID_PARAMS: i64 = -32602;
    pub const SERVER_NOT_INITIALIZED: i64 = -32002;
    pub const REQUEST_FAILED: i64 = -32803;
}

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
}

/// Everything known about one document after checking it with its story.
struct Analysis {
    /// The document's URI, as the client wrote it.
    uri: String,
    ws: Workspace,
    /// The document's file among the workspace's sources.
    file: FileId,
    diagnostics: Vec<Diagnostic>,
    stories: Vec<(LoadedStory, Option<Chronology>)>,
    /// The story the document belongs to, if it joined one.
    story: Option<usize>,
    index: Index,
}

/// The language server's state.
pub struct Server<W: Write> {
    out: W,
    encoding: Encoding,
    initialized: bool,
    shutdown: bool,
    docs: BTreeMap<String, Document>,
    analyses: HashMap<String, Analysis>,
}

/// Read one framed message: headers up to a blank line, then
/// `Content-Length` bytes. `Ok(None)` at the end of the input.
pub fn read_message(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            continue; // Stray blank lines between messages.
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let mut body = vec![0; length.unwrap_or(0)];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

/// Write one framed message.
pub fn write_message(out: &mut impl Write, message: &Value) -> io::Result<()> {
    let body = message.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
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
        }
    }

    /// Serve messages from `input` until `exit` or the end of the input.
    /// Returns the process exit code: 0 after `shutdown` then `exit`, 1
    /// otherwise, as the protocol asks.
    pub fn serve(&mut self, mut input: impl BufRead) -> io::Result<i32> {
        while let Some(body) = read_message(&mut input)? {
            let message: Value = match serde_json::from_slice(&body) {
                Ok(v) => v,
                Err(e) => {
                    self.send_error(Value::Null, code::PARSE_ERROR, &e.to_string())?;
                    continue;
                }
            };
            let method = message.get("method").and_then(Value::as_str);
            let id = message.get("id").cloned();
            let params = message.get("params").cloned().unwrap_or(Value::Null);
            match (method, id) {
                (Some("exit"), _) => return Ok(if self.shutdown { 0 } else { 1 }),
                (Some(method), Some(id)) => {
                    let answer = self.request(method, params);
                    match answer {
                        Ok(result) => {
                            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}))?
                        }
                        Err(e) => self.send_error(id, e.code, &e.message)?,
                    }
                }
                (Some(method), None) => self.notification(method, params)?,
                // A response to a request of ours (we send none), or junk.
                (None, Some(id))
                    if message.get("result").is_none() && message.get("error").is_none() =>
                {
                    self.send_error(id, code::INVALID_REQUEST, "a request needs a method")?;
                }
                (None, _) => {}
            }
        }
        Ok(if self.shutdown { 0 } else { 1 })
    }

    fn send(&mut self, message: &Value) -> io::Result<()> {
        write_message(&mut self.out, message)
    }

    fn send_error(&mut self, id: Value, code: i64, message: &str) -> io::Result<()> {
        self.send(&json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {"code": code, "message": message},
        }))
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) -> io::Result<()> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, RpcError> {
        if method == "initialize" {
            return self.initialize(parse(params)?);
        }
        if !self.initialized {
            return Err(RpcError {
                code: code::SERVER_NOT_INITIALIZED,
                message: "initialize first".into(),
            });
        }
        match method {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/definition" => to_value(self.definition(parse(params)?)),
            "textDocument/references" => to_value(self.references(parse(params)?)),
            "textDocument/hover" => to_value(self.hover(parse(params)?)),
            "textDocument/completion" => to_value(self.completion(parse(params)?)),
            "textDocument/formatting" => to_value(self.formatting(parse(params)?)),
            "textDocument/documentSymbol" => to_value(self.document_symbols(parse(params)?)),
            _ => Err(RpcError {
                code: code::METHOD_NOT_FOUND,
                message: format!("unknown method `{method}`"),
            }),
        }
    }

    fn notification(&mut self, method: &str, params: Value) -> io::Result<()> {
        // Malformed notifications cannot be answered; they are dropped.
        match method {
            "textDocument/didOpen" => {
                if let Ok(p) = parse::<lsp::DidOpenTextDocumentParams>(params) {
                    let uri = p.text_document.uri.as_str().to_string();
                    let doc = Document {
                        text: p.text_document.text,
                        version: p.text_document.version,
                    };
                    self.docs.insert(uri.clone(), doc);
                    self.refresh(&uri)?;
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = parse::<lsp::DidChangeTextDocumentParams>(params) {
                    let uri = p.text_document.uri.as_str().to_string();
                    let encoding = self.encoding;
                    if let Some(doc) = self.docs.get_mut(&uri) {
                        for change in p.content_changes {
                            match change.range {
                                // Incremental changes cost nothing extra to
                                // accept, though we ask for whole texts.
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
                        self.refresh(&uri)?;
                    }
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = parse::<lsp::DidSaveTextDocumentParams>(params) {
                    self.refresh(p.text_document.uri.as_str())?;
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = parse::<lsp::DidCloseTextDocumentParams>(params) {
                    let uri = p.text_document.uri.as_str().to_string();
                    self.docs.remove(&uri);
                    self.analyses.remove(&uri);
                    self.notify(
                        "textDocument/publishDiagnostics",
                        json!({"uri": uri, "diagnostics": []}),
                    )?;
                    // Its saved text replaces the buffer for its neighbours.
                    self.refresh(&uri)?;
                }
            }
            "initialized" => {}
            _ => {}
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

    /// Check `uri` again, and every other open document of its directory
    /// (they may share a story), and publish their diagnostics.
    fn refresh(&mut self, uri: &str) -> io::Result<()> {
        let dir = uri_to_path(uri).and_then(|p| p.parent().map(Path::to_path_buf));
        let mut affected: Vec<String> = self
            .docs
            .keys()
            .filter(|u| {
                *u == uri
                    || (dir.is_some()
                        && uri_to_path(u).and_then(|p| p.parent().map(Path::to_path_buf)) == dir)
            })
            .cloned()
            .collect();
        affected.dedup();
        for u in affected {
            self.analyses.remove(&u);
            let Some(a) = self.analyse(&u) else { continue };
            let diagnostics: Vec<lsp::Diagnostic> = a
                .diagnostics
                .iter()
                .filter(|d| d.main_span().is_some_and(|s| s.file == a.file))
                .map(|d| self.to_lsp_diagnostic(&a, d))
                .collect();
            let version = self.docs.get(&u).map(|d| d.version);
            self.analyses.insert(u.clone(), a);
            self.notify(
                "textDocument/publishDiagnostics",
                json!({"uri": u, "diagnostics": diagnostics, "version": version}),
            )?;
        }
        Ok(())
    }

    /// Load the document with the files of its directory (open buffers in
    /// place of their saved text) and run `check`'s pipeline on it.
    fn analyse(&self, uri: &str) -> Option<Analysis> {
        let doc = self.docs.get(uri)?;
        let on_disk = uri_to_path(uri).filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e))
        });
        let (ws, file) = match on_disk.as_ref().and_then(|p| Some((p, p.parent()?))) {
            Some((path, dir)) => {
                let overlays: HashMap<PathBuf, String> = self
                    .docs
                    .iter()
                    .filter_map(|(u, d)| {
                        let p = uri_to_path(u)?;
                        (p.parent() == Some(dir)).then(|| (p, d.text.clone()))
                    })
                    .collect();
                let ws = Workspace::load_dir_overlaid(dir, overlays, &LoadOptions::default());
                let file = ws.sources.iter().find(|(_, f)| f.path() == path)?.0;
                (ws, file)
            }
            // An unsaved buffer (`untitled:`) or an unknown extension: the
            // document alone, read as a scene file.
            None => {
                let name = uri.rsplit('/').next().unwrap_or("story.scenes");
                let ws = Workspace::from_text(name, &doc.text);
                (ws, FileId(0))
            }
        };
        let (diagnostics, stories) = diagnose(&ws);
        let story = ws
            .stories
            .iter()
            .position(|s| s.trees.iter().any(|t| t.file == file));
        let index = match story {
            Some(i) => Index::build(&ws.stories[i].trees),
            None => Index::default(),
        };
        Some(Analysis {
            uri: uri.to_string(),
            ws,
            file,
            diagnostics,
            stories,
            story,
            index,
        })
    }

    /// The analysis of an open document, made if missing.
    fn analysis(&mut self, uri: &lsp::Uri) -> Result<&Analysis, RpcError> {
        let key = uri.as_str().to_string();
        if !self.analyses.contains_key(&key) {
            let a = self.analyse(&key).ok_or_else(|| RpcError {
                code: code::REQUEST_FAILED,
                message: format!("`{key}` is not open"),
            })?;
            self.analyses.insert(key.clone(), a);
        }
        Ok(&self.analyses[&key])
    }

    /// The open document a file is, if it is one: its URI and text.
    fn open_doc(&self, a: &Analysis, file: FileId) -> Option<(&str, &Document)> {
        if file == a.file {
            return self
                .docs
                .get_key_value(&a.uri)
                .map(|(u, d)| (u.as_str(), d));
        }
        let path = a.ws.sources.get(file).path();
        self.docs
            .iter()
            .find(|(u, _)| uri_to_path(u).as_deref() == Some(path))
            .map(|(u, d)| (u.as_str(), d))
    }

    /// The text the client sees for a file, and how many bytes it has
    /// before the workspace's text starts (a byte-order mark the sources
    /// drop).
    fn client_text<'a>(&'a self, a: &'a Analysis, file: FileId) -> (&'a str, usize) {
        match self.open_doc(a, file) {
            Some((_, d)) => {
                let shift = if d.text.starts_with('\u{feff}') { 3 } else { 0 };
                (&d.text, shift)
            }
            None => (a.ws.sources.get(file).text(), 0),
        }
    }

    fn range(&self, a: &Analysis, span: Span) -> lsp::Range {
        let (text, shift) = self.client_text(a, span.file);
        let map = LineMap::new(text, self.encoding);
        lsp::Range {
            start: map.position(span.start as usize + shift),
            end: map.position(span.end as usize + shift),
        }
    }

    fn uri_of(&self, a: &Analysis, file: FileId) -> Option<lsp::Uri> {
        let text = match self.open_doc(a, file) {
            Some((u, _)) => u.to_string(),
            None => path_to_uri(&absolute(a.ws.sources.get(file).path())),
        };
        lsp::Uri::from_str(&text).ok()
    }

    fn location(&self, a: &Analysis, span: Span) -> Option<lsp::Location> {
        Some(lsp::Location {
            uri: self.uri_of(a, span.file)?,
            range: self.range(a, span),
        })
    }

    fn to_lsp_diagnostic(&self, a: &Analysis, d: &Diagnostic) -> lsp::Diagnostic {
        let span = d.main_span().unwrap_or(Span::new(a.file, 0, 0));
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
                    location: self.location(a, l.span)?,
                    message: if l.message.is_empty() {
                        "here".into()
                    } else {
                        l.message.clone()
                    },
                })
            })
            .collect();
        lsp::Diagnostic {
            range: self.range(a, span),
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

    /// The byte offset (in the workspace's text) of a position in an open
    /// document.
    fn offset(&self, a: &Analysis, position: lsp::Position) -> usize {
        let (text, shift) = self.client_text(a, a.file);
        LineMap::new(text, self.encoding)
            .offset(position)
            .saturating_sub(shift)
    }

    /// Analyse the document of a position if needed, and find the name
    /// under it.
    fn occurrence_at(
        &mut self,
        at: &lsp::TextDocumentPositionParams,
    ) -> Result<Option<Occurrence>, RpcError> {
        self.analysis(&at.text_document.uri)?;
        let a = &self.analyses[at.text_document.uri.as_str()];
        let offset = self.offset(a, at.position);
        Ok(a.index.at(a.file, offset).cloned())
    }

    fn document_symbols(
        &mut self,
        p: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>, RpcError> {
        self.analysis(&p.text_document.uri)?;
        let a = &self.analyses[p.text_document.uri.as_str()];
        let tree =
            a.ws.stories
                .iter()
                .flat_map(|s| &s.trees)
                .find(|t| t.file == a.file);
        let entries = tree.map(outline::outline).unwrap_or_default();
        // One line map for the whole answer: building one per span would
        // read the document once per symbol.
        let (text, shift) = self.client_text(a, a.file);
        let map = LineMap::new(text, self.encoding);
        let range = |s: Span| lsp::Range {
            start: map.position(s.start as usize + shift),
            end: map.position(s.end as usize + shift),
        };
        Ok(Some(lsp::DocumentSymbolResponse::Nested(
            entries.iter().map(|e| symbol(e, &range)).collect(),
        )))
    }

    fn definition(
        &mut self,
        p: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>, RpcError> {
        let Some(o) = self.occurrence_at(&p.text_document_position_params)? else {
            return Ok(None);
        };
        let a = &self.analyses[p.text_document_position_params.text_document.uri.as_str()];
        let found: Vec<lsp::Location> = a
            .index
            .definitions(&o.symbol)
            .filter_map(|d| self.location(a, d.span))
            .collect();
        Ok((!found.is_empty()).then_some(lsp::GotoDefinitionResponse::Array(found)))
    }

    fn references(
        &mut self,
        p: lsp::ReferenceParams,
    ) -> Result<Option<Vec<lsp::Location>>, RpcError> {
        let with_definitions = p.context.include_declaration;
        let Some(o) = self.occurrence_at(&p.text_document_position)? else {
            return Ok(None);
        };
        let a = &self.analyses[p.text_document_position.text_document.uri.as_str()];
        Ok(Some(
            a.index
                .references(&o.symbol, with_definitions)
                .filter_map(|r| self.location(a, r.span))
                .collect(),
        ))
    }

    fn hover(&mut self, p: lsp::HoverParams) -> Result<Option<lsp::Hover>, RpcError> {
        let Some(o) = self.occurrence_at(&p.text_document_position_params)? else {
            return Ok(None);
        };
        let a = &self.analyses[p.text_document_position_params.text_document.uri.as_str()];
        let Some((loaded, chronology)) = a.story.and_then(|i| a.stories.get(i)) else {
            return Ok(None);
        };
        let Symbol::Scene(name) = &o.symbol else {
            let text =
                hover::describe(&loaded.story, chronology.as_ref(), &a.ws.sources, &o.symbol);
            return Ok(text.map(|value| lsp::Hover {
                contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                    kind: lsp::MarkupKind::Markdown,
                    value,
                }),
                range: Some(self.range(a, o.span)),
            }));
        };
        let story = &loaded.story;
        let Some(index) = story.scenes.get_index_of(name.as_str()) else {
            return Ok(None);
        };
        let id = crate::model::SceneId(index as u32);
        let text = match chronology {
            Some(c) => {
                let tooltip = crate::render::tooltip(story, c, id);
                let mut lines = tooltip.lines();
                let head = lines.next().unwrap_or_default();
                let mut out = format!("**{head}**\n");
                for l in lines {
                    out.push_str("\n- ");
                    out.push_str(l);
                }
                let position = match c.placements.get(index).and_then(|p| p.chrono) {
                    Some(k) => format!(
                        "chronological position: {} of {} (told {} of {})",
                        k + 1,
                        c.order.len(),
                        index + 1,
                        story.scenes.len()
                    ),
                    None => format!(
                        "not placed in story order (told {} of {})",
                        index + 1,
                        story.scenes.len()
                    ),
                };
                out.push_str("\n- ");
                out.push_str(&position);
                out
            }
            None => format!(
                "**{name}**\n\nstory-time not solved: the story has syntax or reference errors"
            ),
        };
        Ok(Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: text,
            }),
            range: Some(self.range(a, o.span)),
        }))
    }

    fn completion(
        &mut self,
        p: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>, RpcError> {
        let at = &p.text_document_position;
        self.analysis(&at.text_document.uri)?;
        let a = &self.analyses[at.text_document.uri.as_str()];
        let (text, _) = self.client_text(a, a.file);
        let map = LineMap::new(text, self.encoding);
        let cursor = map.offset(at.position);
        let line_start = text[..cursor].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..cursor];
        let context = context(text, line_start, before, &a.index);
        let in_cast = matches!(context, Context::Characters);
        // The word being typed: back to a separator (a character's name may
        // hold spaces, so in `cast:` only commas separate).
        let word_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| c == ',' || c == ':' || (!in_cast && c.is_whitespace()))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let typed = &before[word_start..];
        let word_start = line_start + word_start + (typed.len() - typed.trim_start().len());
        let range = lsp::Range {
            start: map.position(word_start),
            end: at.position,
        };
        let story = a
            .story
            .and_then(|i| a.stories.get(i))
            .map(|(l, _)| &l.story);
        let mut items: Vec<lsp::CompletionItem> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut add = |label: &str, kind: lsp::CompletionItemKind, detail: Option<String>| {
            if seen.insert(label.to_string()) {
                items.push(lsp::CompletionItem {
                    label: label.to_string(),
                    kind: Some(kind),
                    detail,
                    text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                        range,
                        new_text: label.to_string(),
                    })),
                    ..Default::default()
                });
            }
        };
        let defs = a.index.all_definitions();
        match context {
            Context::Keys => {
                for k in ["screen", "story", "cast", "where", "repeats", "mode"] {
                    add(k, lsp::CompletionItemKind::KEYWORD, None);
                }
                for d in a.index.all_definitions() {
                    if let Symbol::Marker(m) = &d.symbol {
                        add(m, lsp::CompletionItemKind::PROPERTY, Some("marker".into()));
                    }
                }
            }
            Context::Top => {
                for k in ["scene", "era", "marker", "character", "title"] {
                    add(k, lsp::CompletionItemKind::KEYWORD, None);
                }
            }
            Context::Scenes { eras } => {
                for d in defs {
                    match &d.symbol {
                        Symbol::Scene(id) => {
                            let title = story
                                .and_then(|s| s.scenes.get(id.as_str()))
                                .map(|s| s.title.to_string());
                            add(id, lsp::CompletionItemKind::EVENT, title);
                        }
                        Symbol::Era(e) if eras => {
                            add(e, lsp::CompletionItemKind::ENUM, Some("era".into()));
                        }
                        _ => {}
                    }
                }
            }
            Context::Eras => {
                for d in defs {
                    if let Symbol::Era(e) = &d.symbol {
                        add(e, lsp::CompletionItemKind::ENUM, Some("era".into()));
                    }
                }
            }
            Context::Characters => {
                for d in defs {
                    if let Symbol::Character(_) = &d.symbol {
                        add(
                            &d.text,
                            lsp::CompletionItemKind::VARIABLE,
                            Some("character".into()),
                        );
                    }
                }
            }
            Context::Values(marker) => {
                for d in defs {
                    if let Symbol::Value(m, v) = &d.symbol {
                        if *m == marker {
                            add(
                                v,
                                lsp::CompletionItemKind::ENUM_MEMBER,
                                Some(format!("{m} value")),
                            );
                        }
                    }
                }
            }
            Context::Nothing => {}
        }
        Ok(Some(lsp::CompletionResponse::Array(items)))
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

/// What may be typed at the cursor.
#[derive(Debug, PartialEq, Eq)]
enum Context {
    /// A top-level keyword.
    Top,
    /// A property name inside a scene.
    Keys,
    /// A scene id (and an era name, in `story:`).
    Scenes { eras: bool },
    /// An era name (in a marker value line).
    Eras,
    /// A character name (in `cast:`).
    Characters,
    /// A value of this marker.
    Values(String),
    /// Nothing we can offer (a title, a date …).
    Nothing,
}

/// Decide the context from the line up to the cursor and the block it is in.
fn context(text: &str, line_start: usize, before: &str, index: &Index) -> Context {
    let indented = before.starts_with([' ', '\t']);
    let trimmed = before.trim_start();
    if trimmed.starts_with('#') || trimmed.starts_with('>') {
        return Context::Nothing;
    }
    let Some((key, _)) = trimmed.split_once(':') else {
        return if indented {
            Context::Keys
        } else {
            Context::Top
        };
    };
    let key = key.trim();
    if !indented {
        return match key.split_whitespace().next() {
            Some("era") => Context::Scenes { eras: false },
            _ => Context::Nothing,
        };
    }
    match key {
        "story" => return Context::Scenes { eras: true },
        "repeats" => return Context::Scenes { eras: false },
        "cast" => return Context::Characters,
        "screen" | "where" | "mode" => return Context::Nothing,
        _ => {}
    }
    // The block the line is in: the nearest line above that is not
    // indented, blank or a comment.
    let block = text[..line_start]
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.starts_with([' ', '\t']) && !l.starts_with('#'))
        .unwrap_or("");
    if block.starts_with("marker") {
        return Context::Eras;
    }
    let is_marker = index
        .all_definitions()
        .any(|d| matches!(&d.symbol, Symbol::Marker(m) if m == key));
    if is_marker {
        Context::Values(key.to_string())
    } else {
        Context::Nothing
    }
}

/// A handler's answer as JSON.
fn to_value<T: serde::Serialize>(answer: Result<T, RpcError>) -> Result<Value, RpcError> {
    answer.and_then(|v| serde_json::to_value(v).map_err(invalid_params))
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, RpcError> {
    serde_json::from_value(params).map_err(invalid_params)
}

/// `path` made absolute against the working directory, for a URI.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// An outline entry as the protocol's symbol, its spans mapped by `range`.
fn symbol(entry: &Entry, range: &dyn Fn(Span) -> lsp::Range) -> lsp::DocumentSymbol {
    let kind = match entry.kind {
        outline::Kind::Header => lsp::SymbolKind::PROPERTY,
        outline::Kind::Era => lsp::SymbolKind::NAMESPACE,
        outline::Kind::Marker => lsp::SymbolKind::ENUM,
        outline::Kind::Value => lsp::SymbolKind::ENUM_MEMBER,
        outline::Kind::Character => lsp::SymbolKind::OBJECT,
        outline::Kind::Scene => lsp::SymbolKind::EVENT,
    };
    let children: Vec<lsp::DocumentSymbol> =
        entry.children.iter().map(|c| symbol(c, range)).collect();
    // The struct's `deprecated` field must be named to build it; it is left empty.
    #[allow(deprecated)]
    lsp::DocumentSymbol {
        name: entry.name.clone(),
        detail: entry.detail.clone(),
        kind,
        tags: None,
        deprecated: None,
        range: range(entry.span),
        selection_range: range(entry.name_span),
        children: (!children.is_empty()).then_some(children),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_follow_the_line_and_its_block() {
        let text = "marker hair:\n  dark: \ncharacter A\n\nscene a: A\n  story: after \n  hair: \n  cast: \n  \n";
        let (tree, _) = crate::syntax::parse(FileId(0), text);
        let index = Index::build([&tree]);
        let at = |needle: &str| {
            let end = text.find(needle).unwrap() + needle.len();
            let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
            context(text, start, &text[start..end], &index)
        };
        assert_eq!(at("  dark: "), Context::Eras);
        assert_eq!(at("story: after "), Context::Scenes { eras: true });
        assert_eq!(at("hair: "), Context::Values("hair".into()));
        assert_eq!(at("cast: "), Context::Characters);
        assert_eq!(at("cast: \n  "), Context::Keys);
        assert_eq!(at("scene a: "), Context::Nothing);
    }
}
