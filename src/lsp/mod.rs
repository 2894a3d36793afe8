//! `dr-session-lint --lsp`: a language server on stdio, built on `lsp-server` and `lsp-types` (as
//! rust-analyzer and Ruff are). Diagnostics for open documents on open, on change (debounced: only the
//! latest version is linted) and on save, with the configuration, suppressions and file kinds of the
//! command line; code actions (see [`actions`]). One thread, with the workers' big stack, handles the
//! messages in order; a panic while handling one is logged (`window/logMessage`) and the server goes
//! on.
//!
//! [`documents`] keeps the open texts, [`position`] converts offsets in the negotiated encoding,
//! [`config`] finds each document's settings, [`diagnostics`] converts the findings, [`transport`]
//! frames the messages.

pub mod actions;
pub mod config;
pub mod diagnostics;
pub mod documents;
pub mod position;
pub mod transport;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, PublishDiagnosticsParams, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url, notification,
};
use serde_json::{Value, json};

use self::actions::{ActionContext, FIX_ALL, Snippets};
use self::config::{Configs, is_settings_file};
use self::diagnostics::{config_problem, is_parse_error, to_lsp};
use self::documents::{Document, DocumentLint, Documents};
use self::position::{Encoding, LineIndex};
use crate::diagnostic::FileId;
use crate::driver::{FixReport, LintedFile, WORKER_STACK, contained};
use crate::lint::lint_bytes;

/// How long the server waits after a change before linting (a burst of keystrokes is linted once).
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Run the server on standard input and output until the client says `exit` (or the input ends).
pub fn run() -> miette::Result<()> {
    let (connection, transport) = transport::stdio();
    // The parser and the analysis recurse once per nesting level: the workers' big stack.
    let server = std::thread::Builder::new()
        .name("lsp".into())
        .stack_size(WORKER_STACK)
        .spawn(move || serve(&connection))
        .map_err(|e| miette::miette!("cannot start the language server: {e}"))?;
    let result = server
        .join()
        .map_err(|_| miette::miette!("the language server stopped on an internal error"))?;
    transport.join();
    result.map_err(|e| miette::miette!("language server: {e}"))
}

/// What the client said it supports, and the options it gave.
struct ClientSetup {
    encoding: Encoding,
    snippets: Snippets,
    watch_files: bool,
    root: Option<PathBuf>,
    debounce: Duration,
}

impl ClientSetup {
    fn of(params: &Value) -> ClientSetup {
        let caps = &params["capabilities"];
        let offered: Vec<String> = caps
            .pointer("/general/positionEncodings")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let flag = |pointer: &str| caps.pointer(pointer).and_then(Value::as_bool) == Some(true);
        let snippets = if flag("/workspace/workspaceEdit/snippetEditSupport") {
            Snippets::Lsp
        } else if flag("/experimental/snippetTextEdit") {
            Snippets::Experimental
        } else {
            Snippets::None
        };
        let root = params
            .pointer("/workspaceFolders/0/uri")
            .or_else(|| params.get("rootUri"))
            .and_then(Value::as_str)
            .and_then(|u| Url::parse(u).ok())
            .and_then(|u| u.to_file_path().ok());
        // `initializationOptions.debounceMs` (the latency benchmark sets it to 0).
        let debounce = params
            .pointer("/initializationOptions/debounceMs")
            .and_then(Value::as_u64)
            .map_or(DEBOUNCE, Duration::from_millis);
        ClientSetup {
            encoding: Encoding::negotiate(&offered),
            snippets,
            watch_files: flag("/workspace/didChangeWatchedFiles/dynamicRegistration"),
            root,
            debounce,
        }
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL)]),
            resolve_provider: Some(false),
            ..Default::default()
        })),
        ..Default::default()
    }
}

fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let setup = ClientSetup::of(&params);
    let result = json!({
        "capabilities": capabilities(setup.encoding),
        "serverInfo": ServerInfo {
            name: "dr-session-lint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let watch_files = setup.watch_files;
    let mut server = Server::new(connection, setup);
    if watch_files {
        server.watch_settings_files();
    }
    server.main_loop()
}

struct Server<'a> {
    connection: &'a Connection,
    encoding: Encoding,
    snippets: Snippets,
    debounce: Duration,
    documents: Documents,
    configs: Configs,
    /// Documents changed and not linted yet, with when to lint them.
    pending: HashMap<Url, Instant>,
    /// The problems published on configuration files.
    config_diagnostics: HashMap<Url, Vec<lsp_types::Diagnostic>>,
    next_request: i32,
}

/// How the main loop goes on after a message.
enum Flow {
    Continue,
    /// `shutdown` then `exit`: a clean stop.
    Stop,
    /// `exit` without `shutdown`: stop with an error (exit code 2).
    Abort,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, setup: ClientSetup) -> Server<'a> {
        Server {
            connection,
            encoding: setup.encoding,
            snippets: setup.snippets,
            debounce: setup.debounce,
            documents: Documents::default(),
            configs: Configs::new(setup.root),
            pending: HashMap::new(),
            config_diagnostics: HashMap::new(),
            next_request: 0,
        }
    }

    fn main_loop(&mut self) -> Result<(), String> {
        loop {
            let deadline = self.pending.values().min().copied();
            let message = match deadline {
                Some(at) => match self
                    .connection
                    .receiver
                    .recv_timeout(at.saturating_duration_since(Instant::now()))
                {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                },
                None => match self.connection.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(()),
                },
            };
            let Some(message) = message else {
                self.lint_due();
                continue;
            };
            match self.dispatch(message, Server::handle) {
                Flow::Continue => {}
                Flow::Stop => return Ok(()),
                Flow::Abort => return Err("`exit` before `shutdown`".into()),
            }
        }
    }

    /// Handle one message with `handler`, containing a panic in it: it is logged
    /// (`window/logMessage`), a request gets an `InternalError` response, and the server goes on.
    fn dispatch(
        &mut self,
        message: Message,
        handler: impl FnOnce(&mut Self, Message) -> Result<Flow, String>,
    ) -> Flow {
        let method = match &message {
            Message::Request(r) => Some((r.id.clone(), r.method.clone())),
            _ => None,
        };
        match crate::parse::contain_panic(|| handler(self, message)) {
            Ok(Ok(flow)) => flow,
            Ok(Err(e)) => {
                self.log(1, &format!("dr-session-lint: {e}"));
                Flow::Continue
            }
            Err(panic) => {
                self.log(
                    1,
                    &format!("dr-session-lint: internal error while handling a message: {panic}"),
                );
                if let Some((id, method)) = method {
                    self.send(Message::Response(Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        format!("internal error in {method}: {panic}"),
                    )));
                }
                Flow::Continue
            }
        }
    }

    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.to_string(),
            params,
        )));
    }

    /// `window/logMessage` (1 error, 2 warning, 3 info, 4 log).
    fn log(&self, kind: u8, message: &str) {
        self.notify(
            notification::LogMessage::METHOD,
            json!({"type": kind, "message": message}),
        );
    }

    /// Ask the client to tell us when a configuration file or a rule table changes.
    fn watch_settings_files(&mut self) {
        self.next_request += 1;
        let params = json!({"registrations": [{
            "id": "dr-session-lint-settings",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": [{"globPattern": "**/*.toml"}]},
        }]});
        self.send(Message::Request(Request::new(
            RequestId::from(format!("dr-session-lint-{}", self.next_request)),
            "client/registerCapability".into(),
            params,
        )));
    }

    fn handle(&mut self, message: Message) -> Result<Flow, String> {
        match message {
            Message::Request(req) => {
                if self
                    .connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(Flow::Stop);
                }
                let response = match req.method.as_str() {
                    "textDocument/codeAction" => {
                        match serde_json::from_value::<CodeActionParams>(req.params) {
                            Ok(params) => Response::new_ok(req.id, self.code_actions(params)),
                            Err(e) => Response::new_err(
                                req.id,
                                ErrorCode::InvalidParams as i32,
                                e.to_string(),
                            ),
                        }
                    }
                    other => Response::new_err(
                        req.id,
                        ErrorCode::MethodNotFound as i32,
                        format!("unknown request `{other}`"),
                    ),
                };
                self.send(Message::Response(response));
                Ok(Flow::Continue)
            }
            Message::Notification(n) => self.notification(n),
            Message::Response(_) => Ok(Flow::Continue),
        }
    }

    fn notification(&mut self, n: Notification) -> Result<Flow, String> {
        fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Result<P, String> {
            let method = n.method.clone();
            serde_json::from_value(n.params).map_err(|e| format!("bad `{method}` params: {e}"))
        }
        match n.method.as_str() {
            notification::Exit::METHOD => return Ok(Flow::Abort),
            notification::DidOpenTextDocument::METHOD => {
                let p: DidOpenTextDocumentParams = params(n)?;
                let doc = p.text_document;
                let document = Document::new(&doc.uri, doc.text, doc.version, doc.language_id);
                self.documents.open(doc.uri.clone(), document);
                self.lint_now(&doc.uri);
            }
            notification::DidChangeTextDocument::METHOD => {
                let p: DidChangeTextDocumentParams = params(n)?;
                let uri = p.text_document.uri;
                if let Some(doc) = self.documents.get_mut(&uri) {
                    doc.change(p.content_changes, p.text_document.version, self.encoding);
                    let at = Instant::now() + self.debounce;
                    for affected in self.documents.affected_by(&uri) {
                        self.pending.insert(affected, at);
                    }
                }
            }
            notification::DidSaveTextDocument::METHOD => {
                let p: DidSaveTextDocumentParams = params(n)?;
                let uri = p.text_document.uri;
                if uri.to_file_path().is_ok_and(|p| is_settings_file(&p)) {
                    self.reload_settings();
                } else {
                    for affected in self.documents.affected_by(&uri) {
                        self.lint_now(&affected);
                    }
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                let p: DidCloseTextDocumentParams = params(n)?;
                let uri = p.text_document.uri;
                self.pending.remove(&uri);
                if let Some(doc) = self.documents.close(&uri)
                    && doc.lint.is_some()
                {
                    self.publish(uri, Vec::new(), None);
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                let p: DidChangeWatchedFilesParams = params(n)?;
                if p.changes
                    .iter()
                    .any(|c| c.uri.to_file_path().is_ok_and(|p| is_settings_file(&p)))
                {
                    self.reload_settings();
                }
            }
            _ => {}
        }
        Ok(Flow::Continue)
    }

    /// A configuration file or rule table changed: read them again and lint every open document.
    fn reload_settings(&mut self) {
        self.configs.reload();
        for uri in self.documents.uris() {
            self.lint_now(&uri);
        }
        self.publish_config_problems();
    }

    /// Lint the documents whose debounce is over.
    fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Url> = self
            .pending
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.lint_now(&uri);
        }
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify(
            notification::PublishDiagnostics::METHOD,
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    /// Publish each loaded configuration's problem on its file, and clear those that are gone (only
    /// what changed is sent).
    fn publish_config_problems(&mut self) {
        let mut now: HashMap<Url, Vec<lsp_types::Diagnostic>> = HashMap::new();
        for (_, problem) in self.configs.problems() {
            if let Some((uri, d)) = problem.and_then(|p| config_problem(&p, self.encoding)) {
                now.entry(uri).or_default().push(d);
            }
        }
        let mut uris: Vec<Url> = self
            .config_diagnostics
            .keys()
            .chain(now.keys())
            .cloned()
            .collect();
        uris.sort();
        uris.dedup();
        for uri in uris {
            let before = self.config_diagnostics.get(&uri);
            let after = now.get(&uri);
            if before != after {
                self.publish(uri, after.cloned().unwrap_or_default(), None);
            }
        }
        self.config_diagnostics = now;
    }

    /// Lint an open document now and publish its diagnostics.
    fn lint_now(&mut self, uri: &Url) {
        self.pending.remove(uri);
        let Some(doc) = self.documents.get(uri) else {
            return;
        };
        let doc_settings = self
            .configs
            .for_document(doc.path.as_deref(), &doc.language_id);
        let path = doc.path.clone();
        let bytes = doc.text.clone().into_bytes();
        self.publish_config_problems();
        let Some(language) = doc_settings.language else {
            return; // not a file this tool lints (the configuration itself, a stylesheet)
        };
        let settings = doc_settings.settings;
        let file = contained(FileId(0), || {
            let linted = lint_bytes(FileId(0), path.as_deref(), bytes, language, &settings);
            LintedFile {
                text: linted.text,
                linted: linted.linted,
                fix: FixReport::default(),
            }
        });
        let Some(doc) = self.documents.get_mut(uri) else {
            return;
        };
        let index = LineIndex::new(&doc.text);
        let mut diagnostics: Vec<lsp_types::Diagnostic> = file
            .linted
            .diagnostics
            .iter()
            .map(|d| to_lsp(d, uri, &doc.text, &index, self.encoding, &settings))
            .collect();
        if diagnostics.iter().any(is_parse_error) {
            // Keep what the last version that parsed said, next to the syntax error.
            for d in &doc.last_good {
                if !diagnostics.contains(d) {
                    diagnostics.push(d.clone());
                }
            }
        } else {
            doc.last_good = diagnostics.clone();
        }
        doc.lint = Some(DocumentLint {
            version: doc.version,
            linted: file.linted,
            language,
            settings,
        });
        let version = doc.version;
        self.publish(uri.clone(), diagnostics, Some(version));
    }

    fn code_actions(&mut self, params: CodeActionParams) -> Vec<Value> {
        let uri = params.text_document.uri;
        // A change still waiting for its debounce: lint it first, the actions are for this text.
        if self.documents.get(&uri).is_some_and(|d| !d.is_linted()) {
            self.lint_now(&uri);
        }
        let Some(doc) = self.documents.get(&uri) else {
            return Vec::new();
        };
        let Some(lint) = doc.lint.as_ref().filter(|l| l.version == doc.version) else {
            return Vec::new();
        };
        let cx = ActionContext {
            uri: &uri,
            version: doc.version,
            text: &doc.text,
            path: doc.path.as_deref(),
            lint,
            encoding: self.encoding,
            snippets: self.snippets,
        };
        cx.actions(params.range, params.context.only.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_handler_is_logged_and_answered() {
        let (server_side, client_side) = Connection::memory();
        let mut server = Server::new(&server_side, ClientSetup::of(&json!({})));
        let request = Request::new(
            RequestId::from(1),
            "textDocument/codeAction".into(),
            json!({}),
        );
        let flow = server.dispatch(Message::Request(request), |_, _| panic!("boom"));
        assert!(matches!(flow, Flow::Continue));
        let sent: Vec<Message> = client_side.receiver.try_iter().collect();
        assert!(matches!(&sent[0], Message::Notification(n)
            if n.method == "window/logMessage" && n.params["message"].as_str().is_some_and(|m| m.contains("boom"))));
        assert!(matches!(&sent[1], Message::Response(r)
            if r.error.as_ref().is_some_and(|e| e.code == ErrorCode::InternalError as i32)));
    }
}
