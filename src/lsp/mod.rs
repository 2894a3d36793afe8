//! `dr-session-lint --lsp`: a language server on stdio, built on `lsp-server` and `lsp-types` (as
//! rust-analyzer and Ruff are). Diagnostics for open documents on open, on change (debounced: only the
//! latest version is linted) and on save, with the configuration, suppressions and file kinds of the
//! command line; code actions (see [`actions`]). One thread, with the workers' big stack, handles the
//! messages in order (the documents of one pass are linted in parallel on a small pool of workers
//! with the same stack); a panic while handling one is logged (`window/logMessage`) and the server
//! goes on.
//!
//! Documents are linted as files of one program, as the command line lints a run's files
//! ([`crate::workspace::lint_program`]): the workspace folder's files, with the open documents'
//! current text read instead of the disk. A document's analysis follows its imports; a payload that
//! another module's builder returns is checked in that module, whose document (when open) shows it;
//! a change re-lints the open documents it reaches ([`Documents::affected_by`]). Findings that the
//! baseline (`dr-session-lint-suppressions.json`) counts are not published.
//!
//! [`documents`] keeps the open texts, [`position`] converts offsets in the negotiated encoding,
//! [`config`] finds each document's settings, [`workspace`] the workspace's files and baseline,
//! [`diagnostics`] converts the findings, [`transport`] frames the messages.

pub mod actions;
pub mod config;
pub mod diagnostics;
pub mod documents;
pub mod position;
pub mod transport;
pub mod workspace;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
use self::workspace::{Baselines, WorkspaceFiles, is_baseline_file};
use crate::diagnostic::FileId;
use crate::driver::{FixReport, LintedFile, Mode, WORKER_STACK, contained, lint_path_in};
use crate::lint::{lint_bytes, lint_bytes_in};
use crate::program::Program;
use crate::settings::Settings;
use crate::source::Language;
use crate::workspace::{WorkFile, lint_program};

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
    /// The workspace folder's files (the program the documents are linted in).
    workspace: WorkspaceFiles,
    /// The workspace files' kinds and settings, until the settings or the files change.
    program_files: Option<Vec<(PathBuf, Language, Arc<Settings>)>>,
    baselines: Baselines,
    /// The workers (with the big stack) that lint the documents of one pass in parallel.
    pool: Option<rayon::ThreadPool>,
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
            workspace: WorkspaceFiles::new(setup.root.clone()),
            configs: Configs::new(setup.root),
            pending: HashMap::new(),
            config_diagnostics: HashMap::new(),
            next_request: 0,
            program_files: None,
            baselines: Baselines::default(),
            pool: rayon::ThreadPoolBuilder::new()
                .stack_size(WORKER_STACK)
                .num_threads(
                    std::thread::available_parallelism()
                        .map_or(2, |n| n.get())
                        .min(4),
                )
                .thread_name(|i| format!("lsp-worker-{i}"))
                .build()
                .ok(),
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
            "registerOptions": {"watchers": [
                {"globPattern": "**/*.toml"},
                {"globPattern": format!("**/{}", crate::baseline::FILE_NAME)},
            ]},
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
                if self.program_files.as_ref().is_some_and(|f| {
                    !f.iter()
                        .any(|(p, _, _)| doc.uri.to_file_path().as_ref() == Ok(p))
                }) {
                    // A file the last walk did not see (created since): walk again.
                    self.workspace.forget();
                    self.program_files = None;
                }
                let affected = self.documents.affected_by(&doc.uri);
                self.lint(&affected);
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
                } else if uri.to_file_path().is_ok_and(|p| is_baseline_file(&p)) {
                    self.reload_baselines();
                } else {
                    let affected = self.documents.affected_by(&uri);
                    self.lint(&affected);
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                let p: DidCloseTextDocumentParams = params(n)?;
                let uri = p.text_document.uri;
                self.pending.remove(&uri);
                // The others read it from the disk again.
                let affected = self.documents.affected_by(&uri);
                if let Some(doc) = self.documents.close(&uri)
                    && doc.lint.is_some()
                {
                    self.publish(uri.clone(), Vec::new(), None);
                }
                let at = Instant::now() + self.debounce;
                for other in affected.into_iter().filter(|u| *u != uri) {
                    self.pending.insert(other, at);
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                let p: DidChangeWatchedFilesParams = params(n)?;
                if p.changes
                    .iter()
                    .any(|c| c.uri.to_file_path().is_ok_and(|p| is_settings_file(&p)))
                {
                    self.reload_settings();
                } else if p
                    .changes
                    .iter()
                    .any(|c| c.uri.to_file_path().is_ok_and(|p| is_baseline_file(&p)))
                {
                    self.reload_baselines();
                }
            }
            _ => {}
        }
        Ok(Flow::Continue)
    }

    /// A configuration file or rule table changed: read them again and lint every open document.
    fn reload_settings(&mut self) {
        self.configs.reload();
        self.workspace.forget();
        self.program_files = None;
        self.baselines.reload();
        let all = self.documents.uris();
        self.lint(&all);
        self.publish_config_problems();
    }

    /// A baseline changed: read it again and lint every open document.
    fn reload_baselines(&mut self) {
        self.baselines.reload();
        let all = self.documents.uris();
        self.lint(&all);
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
        self.lint(&due);
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

    /// Lint the open documents `uris` now, as files of one program, and publish their diagnostics.
    /// What the pass learns (a new import, a builder a call now delegates to) may reach more open
    /// documents: they are linted with the others in a second pass.
    fn lint(&mut self, uris: &[Url]) {
        let mut batch: Vec<Url> = uris.to_vec();
        for round in 0..2 {
            self.lint_pass(&batch);
            if round == 1 {
                break;
            }
            let mut more: Vec<Url> = Vec::new();
            for uri in &batch {
                for a in self.documents.affected_by(uri) {
                    if !batch.contains(&a) && !more.contains(&a) {
                        more.push(a);
                    }
                }
            }
            if more.is_empty() {
                break;
            }
            batch.extend(more);
        }
    }

    /// The workspace files' kinds and settings (walked, and their configurations found, once).
    fn program_files(&mut self) -> Vec<(PathBuf, Language, Arc<Settings>)> {
        if self.program_files.is_none() {
            let walked: Vec<(PathBuf, Language)> = self.workspace.files().to_vec();
            let files = walked
                .into_iter()
                .map(|(path, language)| {
                    let s = self.configs.for_document(Some(&path), "");
                    let language = s.language.unwrap_or(language);
                    (path, language, s.settings)
                })
                .collect();
            self.program_files = Some(files);
        }
        self.program_files.clone().unwrap_or_default()
    }

    /// One pass: the workspace's files make the program, the open documents' text read instead of
    /// the disk; the documents `uris` are linted in it ([`lint_program`], as the command line lints
    /// a run), with the modules their calls delegate to.
    fn lint_pass(&mut self, uris: &[Url]) {
        /// An open document of a kind this tool lints.
        struct Open {
            uri: Url,
            path: Option<PathBuf>,
            canonical: Option<PathBuf>,
            text: Arc<str>,
            language: Language,
            settings: Arc<Settings>,
        }
        for uri in uris {
            self.pending.remove(uri);
        }
        let mut open: Vec<Open> = Vec::new();
        for uri in self.documents.uris() {
            let Some(doc) = self.documents.get(&uri) else {
                continue;
            };
            let s = self
                .configs
                .for_document(doc.path.as_deref(), &doc.language_id);
            // Not a file this tool lints (the configuration itself, a stylesheet): not in the program.
            let Some(language) = s.language else {
                continue;
            };
            open.push(Open {
                path: doc.path.clone(),
                canonical: doc.canonical.clone(),
                text: Arc::from(doc.text.as_str()),
                uri,
                language,
                settings: s.settings,
            });
        }
        self.publish_config_problems();
        let mut files = self.program_files();
        let mut number: HashMap<PathBuf, usize> = files
            .iter()
            .enumerate()
            .map(|(i, (p, _, _))| (p.clone(), i))
            .collect();
        // Each open document's number in the program (an unsaved buffer has none: linted alone).
        let mut numbered: Vec<(usize, &Open)> = Vec::new();
        for o in &open {
            let Some(path) = o.canonical.clone().or_else(|| o.path.clone()) else {
                if uris.contains(&o.uri) {
                    let settings = o.settings.clone();
                    let text = o.text.to_string();
                    let file = contained(FileId(0), || {
                        let l =
                            lint_bytes(FileId(0), None, text.into_bytes(), o.language, &settings);
                        LintedFile {
                            text: l.text,
                            linted: l.linted,
                            fix: FixReport::default(),
                        }
                    });
                    self.publish_lint(&o.uri, FileId(0), file.linted, o.language, settings);
                }
                continue;
            };
            let i = match number.get(&path) {
                Some(&i) => {
                    // The document's own kind and settings (its language id may decide).
                    files[i] = (path, o.language, o.settings.clone());
                    i
                }
                None => {
                    files.push((path.clone(), o.language, o.settings.clone()));
                    number.insert(path, files.len() - 1);
                    files.len() - 1
                }
            };
            numbered.push((i, o));
        }
        let ids: Vec<(PathBuf, FileId, Language, &Settings)> = files
            .iter()
            .enumerate()
            .map(|(i, (p, l, s))| (p.clone(), FileId(i as u32), *l, s.as_ref()))
            .collect();
        let root = self
            .workspace
            .root()
            .map(Path::to_path_buf)
            .or_else(|| {
                numbered
                    .first()
                    .and_then(|(i, _)| files[*i].0.parent().map(Path::to_path_buf))
            })
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
        let mut program = Program::new(&root, &ids);
        let mut texts: HashMap<usize, Arc<str>> = HashMap::new();
        for (i, o) in &numbered {
            program.set_text(&files[*i].0, o.text.clone());
            texts.insert(*i, o.text.clone());
        }
        let work: Vec<WorkFile> = files
            .iter()
            .map(|(p, l, s)| WorkFile {
                path: p,
                language: *l,
                settings: s,
                walked: None,
                nothing_to_lint: false,
            })
            .collect();
        let first: Vec<usize> = numbered
            .iter()
            .filter(|(_, o)| uris.contains(&o.uri))
            .map(|(i, _)| *i)
            .collect();
        if first.is_empty() {
            return;
        }
        let lint_file = |i: usize, input: &crate::resolve::ResolveInput| -> LintedFile {
            let f = &work[i];
            let id = FileId(i as u32);
            match texts.get(&i) {
                Some(text) => contained(id, || {
                    let bytes = text.as_bytes().to_vec();
                    let l = lint_bytes_in(id, Some(f.path), bytes, f.language, f.settings, input);
                    LintedFile {
                        text: l.text,
                        linted: l.linted,
                        fix: FixReport::default(),
                    }
                }),
                None => lint_path_in(id, f.path, f.language, f.settings, Mode::Check, input),
            }
        };
        // Only the open documents are linted first: a wrapper elsewhere in the workspace is known
        // only by asking at each call (no deferring).
        let run = || lint_program(&program, &work, &first, Mode::Check, false, &lint_file);
        let mut results = match &self.pool {
            Some(pool) => pool.install(run),
            None => run(),
        };
        let imports = program.imports();
        let done: Vec<(Url, usize, Language, Arc<Settings>)> = numbered
            .iter()
            .filter(|(i, _)| first.contains(i))
            .map(|(i, o)| (o.uri.clone(), *i, o.language, o.settings.clone()))
            .collect();
        drop(work);
        for (uri, i, language, settings) in done {
            let linted = results
                .get_mut(i)
                .and_then(Option::take)
                .map(|r| r.linted)
                .unwrap_or_default();
            let builders: HashSet<PathBuf> = linted
                .delegations
                .iter()
                .map(|d| std::fs::canonicalize(&d.path).unwrap_or_else(|_| d.path.clone()))
                .collect();
            self.documents.set_links(&uri, &imports, builders);
            self.publish_lint(&uri, FileId(i as u32), linted, language, settings);
        }
    }

    /// Publish what linting the document `uri` (numbered `file`) found, less what its baseline counts,
    /// and keep it for the code actions.
    fn publish_lint(
        &mut self,
        uri: &Url,
        file: FileId,
        mut linted: crate::lint::Linted,
        language: Language,
        settings: Arc<Settings>,
    ) {
        let Some(doc) = self.documents.get_mut(uri) else {
            return;
        };
        linted.diagnostics.retain(|d| d.span.file == file);
        let problem = match &doc.canonical {
            Some(path) => {
                self.baselines
                    .apply(self.workspace.root(), path, &mut linted.diagnostics)
            }
            None => None,
        };
        let index = LineIndex::new(&doc.text);
        let mut diagnostics: Vec<lsp_types::Diagnostic> = linted
            .diagnostics
            .iter()
            .map(|d| to_lsp(d, file, uri, &doc.text, &index, self.encoding, &settings))
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
            linted,
            language,
            settings,
            file,
        });
        let version = doc.version;
        if let Some(problem) = problem {
            self.log(
                2,
                &format!("dr-session-lint: {problem}: every finding is shown"),
            );
        }
        self.publish(uri.clone(), diagnostics, Some(version));
    }

    fn code_actions(&mut self, params: CodeActionParams) -> Vec<Value> {
        let uri = params.text_document.uri;
        // A change still waiting for its debounce: lint it first, the actions are for this text.
        if self.documents.get(&uri).is_some_and(|d| !d.is_linted()) {
            let affected = self.documents.affected_by(&uri);
            self.lint(&affected);
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
