//! The language server (`dr-session-lint --lsp`), spoken to over stdio as an editor does: the real
//! binary, framed JSON-RPC messages. And a real client: Neovim's built-in LSP client, headless
//! (`tests/nvim/fix.lua`).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_dr-session-lint");

/// How long to wait for a message before the test fails (rather than hang): generous, not a timing.
const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    /// Notifications (and requests from the server) received while waiting for something else.
    seen: Vec<Value>,
    next_id: i64,
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Client {
    /// Start the server in `dir` and initialize it with these client capabilities.
    fn start(dir: &Path, capabilities: Value) -> Client {
        let mut child = Command::new(BIN)
            .arg("--lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start dr-session-lint --lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            seen: Vec::new(),
            next_id: 0,
        };
        let root = url(dir);
        let result = client.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": capabilities}),
        );
        assert!(
            result["result"]["capabilities"]["codeActionProvider"].is_object(),
            "{result}"
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        self.stdin
            .write_all(&frame(&message.to_string()))
            .and_then(|()| self.stdin.flush())
            .unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self) -> Value {
        self.incoming
            .recv_timeout(PATIENCE)
            .expect("a message from the server")
    }

    /// Send a request and return its response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.next();
            if m["id"] == json!(id) && m.get("method").is_none() {
                return m;
            }
            self.seen.push(m);
        }
    }

    /// The next `publishDiagnostics` for `uri` that satisfies `wanted` (earlier ones are skipped).
    fn diagnostics_where(&mut self, uri: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && wanted(&m["params"])
        };
        if let Some(i) = self.seen.iter().position(matches) {
            return self.seen.remove(i)["params"].clone();
        }
        loop {
            let m = self.next();
            if matches(&m) {
                return m["params"].clone();
            }
            self.seen.push(m);
        }
    }

    /// The diagnostics published for `version` of `uri`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let p = self.diagnostics_where(uri, |p| p["version"] == json!(version));
        p["diagnostics"].as_array().unwrap().clone()
    }

    /// The diagnostics last published for `uri` among the messages already received (older ones are
    /// dropped).
    fn last_published(&mut self, uri: &str) -> Vec<Value> {
        let mine = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        let i = self
            .seen
            .iter()
            .rposition(mine)
            .unwrap_or_else(|| panic!("no diagnostics for {uri} in {:#?}", self.seen));
        let last = self.seen.remove(i);
        self.seen.retain(|m| !mine(m));
        last["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    fn change_all(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn code_actions(&mut self, uri: &str, range: Value) -> Vec<Value> {
        let r = self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        );
        r["result"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("{r}"))
    }

    /// `shutdown`, `exit`, and the exit code.
    fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        drop(self.stdin);
        self.child.wait().unwrap().code().unwrap_or(-1)
    }
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The byte offset of an LSP position counted in UTF-16 code units (or bytes, `utf8`).
fn offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let character = pos["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut counted = 0;
    for (i, c) in text[start..].char_indices() {
        if counted >= character || c == '\n' {
            return start + i;
        }
        counted += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// Apply a workspace edit's `changes` (or `documentChanges`) for one document, as a client does.
fn apply(text: &str, edit: &Value, utf8: bool) -> String {
    let edits: Vec<Value> = match edit.get("changes") {
        Some(changes) => changes
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_array()
            .unwrap()
            .clone(),
        None => edit["documentChanges"][0]["edits"]
            .as_array()
            .unwrap()
            .clone(),
    };
    let mut ranged: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let new = e["newText"]
                .as_str()
                .or_else(|| e["snippet"]["value"].as_str())
                .unwrap()
                .to_string();
            (
                offset(text, &e["range"]["start"], utf8),
                offset(text, &e["range"]["end"], utf8),
                new,
            )
        })
        .collect();
    ranged.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut out = text.to_string();
    for (a, b, new) in ranged {
        out.replace_range(a..b, &new);
    }
    out
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

const CONFIG: &str = "session-id-expr = \"checkout.sessionId\"\nglobals = [\"checkout\"]\n";

/// `--fix` of the command line, on `text` named `name`, in `dir`.
fn cli_fix(dir: &Path, name: &str, text: &str) -> String {
    let out = common::tool(dir)
        .args(["--stdin", "--fix", "--stdin-filename", name])
        .write_stdin(text.to_string())
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn open_change_save_fix_and_clear() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dr-session-lint.toml"), CONFIG).unwrap();
    let file = dir.path().join("paypal.js");
    let text = fixture("fixtures/methods/payPal-before.js");
    std::fs::write(&file, &text).unwrap();
    let uri = url(&file);
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&uri, "javascript", &text);
    let first = c.diagnostics(&uri, 1);
    assert_eq!(first.len(), 9, "{first:#?}");
    let missing = first
        .iter()
        .find(|d| d["code"] == "missing-session-id")
        .unwrap();
    assert_eq!(missing["severity"], 1);
    assert_eq!(missing["source"], "dr-session-lint");
    assert!(
        missing["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    // An incremental change: a line added at the top moves every diagnostic down one line.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "// moved\n"}
        ]}),
    );
    let text = format!("// moved\n{text}");
    let second = c.diagnostics(&uri, 2);
    assert_eq!(
        second[0]["range"]["start"]["line"].as_u64().unwrap(),
        first[0]["range"]["start"]["line"].as_u64().unwrap() + 1
    );
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(c.diagnostics(&uri, 2).len(), 9);

    // The quick fix of the missing session id: safe, preferred, the session id added and the
    // redundant fields removed.
    let missing = second
        .iter()
        .find(|d| d["code"] == "missing-session-id")
        .unwrap();
    let actions = c.code_actions(&uri, missing["range"].clone());
    let quick = &actions[0];
    assert_eq!(quick["kind"], "quickfix", "{actions:#?}");
    assert_eq!(quick["isPreferred"], true);
    assert_eq!(quick["diagnostics"][0]["code"], "missing-session-id");
    let fix_all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll.dr-session-lint")
        .expect("a fix-all action");
    assert!(
        actions
            .iter()
            .any(|a| a["title"] == "Suppress `missing-session-id` on this line")
    );
    let fixed = apply(&text, &quick["edit"], false);
    assert!(fixed.contains("sessionId"), "{fixed}");
    // Fix-all is the command line's `--fix`, byte for byte.
    assert_eq!(
        apply(&text, &fix_all["edit"], false),
        cli_fix(dir.path(), "paypal.js", &text)
    );
    c.change_all(&uri, 3, &fixed);
    assert_eq!(c.diagnostics(&uri, 3), Vec::<Value>::new());
    // Only the fix-all kind when asked for `source.fixAll`: none left.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    assert_eq!(r["result"], json!([]));
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(
        c.diagnostics_where(&uri, |p| p["version"].is_null())["diagnostics"],
        json!([])
    );
    assert_eq!(c.shutdown(), 0);
}

const EMOJI: &str = "/* 😀 é */ dr.createSource({ type: 'payPal', amount: 1 });\n";

fn amount_range(uri: &str, c: &mut Client) -> Value {
    let ds = c.diagnostics(uri, 1);
    ds.iter()
        .find(|d| d["code"] == "redundant-field")
        .unwrap_or_else(|| panic!("{ds:#?}"))["range"]
        .clone()
}

#[test]
fn positions_count_utf16_by_default_and_utf8_when_offered() {
    let dir = tempfile::tempdir().unwrap();
    let uri = url(&dir.path().join("emoji.js"));
    let amount = EMOJI.find("amount").unwrap();
    let utf16 = EMOJI[..amount].encode_utf16().count();

    let mut c = Client::start(dir.path(), json!({}));
    c.open(&uri, "javascript", EMOJI);
    let range = amount_range(&uri, &mut c);
    assert_eq!(range["start"], json!({"line": 0, "character": utf16}));
    assert_eq!(offset(EMOJI, &range["start"], false), amount);
    assert_eq!(c.shutdown(), 0);

    let mut c = Client::start(
        dir.path(),
        json!({"general": {"positionEncodings": ["utf-16", "utf-8"]}}),
    );
    c.open(&uri, "javascript", EMOJI);
    let range = amount_range(&uri, &mut c);
    assert_eq!(range["start"], json!({"line": 0, "character": amount}));
    assert_ne!(amount, utf16);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_template_is_linted_and_suppressed_inside_its_script() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("fixtures/templates/checkout.html");
    let uri = url(&dir.path().join("checkout.html"));
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&uri, "html", &text);
    let ds = c.diagnostics(&uri, 1);
    let mut found = codes(&ds);
    found.sort();
    found.dedup();
    assert_eq!(found, ["missing-session-id", "redundant-field"], "{ds:#?}");
    let target = ds.iter().find(|d| d["code"] == "redundant-field").unwrap();
    let line = target["range"]["start"]["line"].as_u64().unwrap() as usize;
    let actions = c.code_actions(&uri, target["range"].clone());
    let suppress = actions
        .iter()
        .find(|a| a["title"] == "Suppress `redundant-field` on this line")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let suppressed = apply(&text, &suppress["edit"], false);
    let comment = suppressed.lines().nth(line).unwrap();
    assert_eq!(
        comment.trim(),
        "// dr-session-lint-ignore-next-line redundant-field -- <reason>"
    );
    c.change_all(&uri, 2, &suppressed);
    let after = c.diagnostics(&uri, 2);
    assert_eq!(after.len(), ds.len() - 1, "{after:#?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn display_only_session_id_is_a_snippet_and_the_configuration_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let text = "dr.createSource({ type: 'payPal', amount: 1 });\n";
    let uri = url(&dir.path().join("a.js"));
    let caps = json!({"workspace": {"workspaceEdit": {"snippetEditSupport": true}}});
    let mut c = Client::start(dir.path(), caps);
    c.open(&uri, "javascript", text);
    let ds = c.diagnostics(&uri, 1);
    let missing = ds
        .iter()
        .find(|d| d["code"] == "missing-session-id")
        .unwrap();
    let actions = c.code_actions(&uri, missing["range"].clone());
    let insert = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .contains("type the session id expression")
        })
        .unwrap_or_else(|| panic!("{actions:#?}"));
    assert_eq!(insert["isPreferred"], false);
    let edits = &insert["edit"]["documentChanges"][0]["edits"];
    let snippet = edits
        .as_array()
        .unwrap()
        .iter()
        .find_map(|e| e["snippet"]["value"].as_str())
        .unwrap();
    assert!(
        snippet.contains("${1:<the checkout's payment.session.id>}"),
        "{snippet}"
    );
    // The suppression's reason is a snippet placeholder too.
    let suppress = actions
        .iter()
        .find(|a| a["title"] == "Suppress `missing-session-id` on this line")
        .unwrap();
    assert_eq!(
        suppress["edit"]["documentChanges"][0]["edits"][0]["snippet"]["value"],
        "// dr-session-lint-ignore-next-line missing-session-id -- ${1:reason}\n"
    );

    // A configuration appears: its severities apply once the client says it changed.
    let config = dir.path().join("dr-session-lint.toml");
    std::fs::write(&config, "[severity]\nmissing-session-id = \"off\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": url(&config), "type": 1}]}),
    );
    let ds = c.diagnostics(&uri, 1);
    assert_eq!(codes(&ds), ["redundant-field"]);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_bad_configuration_is_a_diagnostic_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("dr-session-lint.toml");
    std::fs::write(&config, "[severity]\nmissing-session-id = \"loud\"\n").unwrap();
    let text = "dr.createSource({ type: 'payPal', amount: 1 });\n";
    let uri = url(&dir.path().join("a.js"));
    let config_uri = url(&config);
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&uri, "javascript", text);
    // The document is still linted (with the built-in settings).
    assert_eq!(c.diagnostics(&uri, 1).len(), 2);
    let problem = c.diagnostics_where(&config_uri, |_| true);
    let d = &problem["diagnostics"][0];
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("bad severity `loud`"),
        "{d}"
    );
    assert_eq!(d["range"]["start"], json!({"line": 1, "character": 21}));
    // Fixed and saved in the editor: the problem is cleared, the configuration applies.
    std::fs::write(&config, "[severity]\nmissing-session-id = \"off\"\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config_uri}}),
    );
    assert_eq!(
        c.diagnostics_where(&config_uri, |_| true)["diagnostics"],
        json!([])
    );
    assert_eq!(codes(&c.diagnostics(&uri, 1)), ["redundant-field"]);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_document_that_stops_parsing_keeps_its_last_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let text = "dr.createSource({ type: 'payPal', amount: 1 });\n";
    let uri = url(&dir.path().join("a.js"));
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&uri, "javascript", text);
    let good = c.diagnostics(&uri, 1);
    assert_eq!(good.len(), 2);
    // Three changes in a row: the diagnostics published are those of the last one.
    c.change_all(&uri, 2, "dr.createSource({ type: 'payPal' });\n");
    c.change_all(
        &uri,
        3,
        "dr.createSource({ type: 'payPal', currency: 'USD' });\n",
    );
    c.change_all(&uri, 4, &format!("{text}function ("));
    let broken = c.diagnostics_where(&uri, |p| p["version"] == 4)["diagnostics"].clone();
    let broken = broken.as_array().unwrap();
    assert_eq!(
        codes(broken),
        ["parse-error", "missing-session-id", "redundant-field"]
    );
    assert_eq!(&broken[1..], &good[..]);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn unknown_requests_and_malformed_messages_leave_it_running() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start(dir.path(), json!({}));
    let r = c.request("workspace/noSuchThing", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    c.stdin
        .write_all(&frame(r#"{"jsonrpc":"2.0","id":98,"method":"#))
        .unwrap();
    c.stdin
        .write_all(&frame(r#"{"jsonrpc":"2.0","id":99,"method":5,"error":1}"#))
        .unwrap();
    c.stdin.write_all(b"Content-Length: many\r\n\r\n").unwrap();
    // A request whose params do not fit its method.
    let r = c.request("textDocument/codeAction", json!({"textDocument": 3}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    assert!(
        c.seen
            .iter()
            .any(|m| m["id"] == 99 && m["error"]["code"] == -32600),
        "{:?}",
        c.seen
    );
    let logged = c
        .seen
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .count();
    assert_eq!(logged, 3, "{:?}", c.seen);
    // Code actions for a document that is not open: none.
    let actions = c.code_actions(
        "file:///nowhere.js",
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
    );
    assert!(actions.is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn diagnostics_json_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("fixtures/patterns/param-payload.js");
    let uri = url(&dir.path().join("param-payload.js"));
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&uri, "javascript", &text);
    let ds = c.diagnostics(&uri, 1);
    let doc = serde_json::to_string_pretty(&ds)
        .unwrap()
        .replace(&uri, "file:///project/param-payload.js");
    insta::assert_snapshot!("lsp_diagnostics_param_payload", doc);
    assert_eq!(c.shutdown(), 0);
}

/// Neovim 0.7's built-in client, headless: open a copy of a fixture, wait for the diagnostics, run the
/// preferred quick fix then "fix all", write the buffer; the file must equal `--fix`'s output.
#[test]
fn neovim_fixes_a_file_as_the_command_line_does() {
    let nvim = Command::new("nvim").arg("--version").output();
    assert!(
        nvim.as_ref().is_ok_and(|o| o.status.success()),
        "this test needs Neovim (0.7 or later) on the PATH: `sudo apt-get install -y neovim` \
         (.ci/run installs it)"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dr-session-lint.toml"), CONFIG).unwrap();
    let text = fixture("fixtures/checkout/checkout.js");
    let file = dir.path().join("checkout.js");
    std::fs::write(&file, &text).unwrap();
    let expected = cli_fix(dir.path(), "checkout.js", &text);
    assert_ne!(expected, text, "the fixture has safe fixes");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/fix.lua");
    let out = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-u", "NONE"])
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .arg(&file)
        .current_dir(dir.path())
        .env("DRSL_BIN", BIN)
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "nvim failed:\n{log}");
    assert!(log.contains("dr-session-lint: diagnostics "), "{log}");
    assert!(
        log.contains("applied: Add `sessionId`")
            && log.contains("applied: Fix all safe dr-session-lint problems"),
        "{log}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected, "{log}");
}

const PAYLOADS: &str = "export function cardPayload() {\n  return { type: 'creditCard', amount: 100, currency: 'USD', creditCard: {} };\n}\n";
const CHECKOUT: &str = "import { cardPayload } from './payloads.js';\nconst dr = new DigitalRiver('pk_test');\nexport function pay() {\n  return dr.createSource(cardPayload());\n}\n";

#[test]
fn a_change_in_payloads_updates_the_diagnostics_of_its_callers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("payloads.js"), PAYLOADS).unwrap();
    std::fs::write(dir.path().join("checkout.js"), CHECKOUT).unwrap();
    // The command line checks the builder's payload in payloads.js, at the call in checkout.js.
    let cli = common::tool(dir.path())
        .args(["--format", "json", "."])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["payloads.js"], "{v:#}");

    let payloads = url(&dir.path().join("payloads.js"));
    let checkout = url(&dir.path().join("checkout.js"));
    let mut c = Client::start(dir.path(), json!({}));
    // Its analysis follows the import: the payload is the builder's, checked there.
    c.open(&checkout, "javascript", CHECKOUT);
    assert_eq!(codes(&c.diagnostics(&checkout, 1)), Vec::<String>::new());
    // Opened, the builder's module shows the finding, naming the call in checkout.js.
    c.open(&payloads, "javascript", PAYLOADS);
    let ds = c.diagnostics(&payloads, 1);
    assert_eq!(codes(&ds), ["missing-session-id"], "{ds:#?}");
    assert_eq!(ds[0]["range"]["start"]["line"], 1, "{ds:#?}");

    // payloads.js no longer exports the builder (unsaved): checkout.js's call cannot be resolved,
    // and payloads.js has no caller left to check. (The server publishes checkout.js first.)
    let renamed = PAYLOADS.replace("cardPayload", "bankPayload");
    c.change_all(&payloads, 2, &renamed);
    assert_eq!(codes(&c.diagnostics(&payloads, 2)), Vec::<String>::new());
    assert_eq!(codes(&c.last_published(&checkout)), ["unresolved-payload"]);

    // Back, with the session id (unsaved: the disk still has none): both are clean.
    let migrated = PAYLOADS.replace("amount: 100", "sessionId: 's1', amount: 100");
    c.change_all(&payloads, 3, &migrated);
    assert_eq!(codes(&c.diagnostics(&payloads, 3)), Vec::<String>::new());
    assert_eq!(codes(&c.last_published(&checkout)), Vec::<String>::new());

    // Closed, payloads.js is read from the disk again; checkout.js is linted again (clean: the
    // builder's payload is checked in payloads.js, which is not open).
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": payloads}}),
    );
    assert_eq!(
        c.diagnostics_where(&payloads, |_| true)["diagnostics"],
        json!([])
    );
    assert_eq!(codes(&c.diagnostics(&checkout, 1)), Vec::<String>::new());
    // Its text on the disk still lacks the session id: opened again, it says so.
    c.open(&payloads, "javascript", PAYLOADS);
    assert_eq!(codes(&c.diagnostics(&payloads, 1)), ["missing-session-id"]);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn the_baseline_hides_the_findings_it_counts_and_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let text = "dr.createSource({ type: 'payPal', amount: 1 });\n";
    let a = dir.path().join("a.js");
    std::fs::write(&a, text).unwrap();
    let out = common::tool(dir.path())
        .args(["--suppress-all", "a.js"])
        .output()
        .unwrap();
    let baseline = dir.path().join("dr-session-lint-suppressions.json");
    assert!(baseline.is_file(), "{out:?}");

    let uri = url(&a);
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&uri, "javascript", text);
    assert_eq!(codes(&c.diagnostics(&uri, 1)), Vec::<String>::new());
    // One more finding of a rule than the baseline counts: all of that rule's findings show.
    let more = format!("{text}dr.createSource({{ type: 'payPal', amount: 2 }});\n");
    c.change_all(&uri, 2, &more);
    let ds = c.diagnostics(&uri, 2);
    assert_eq!(
        codes(&ds),
        [
            "missing-session-id",
            "redundant-field",
            "missing-session-id",
            "redundant-field"
        ]
    );
    c.change_all(&uri, 3, text);
    assert_eq!(codes(&c.diagnostics(&uri, 3)), Vec::<String>::new());

    // The baseline removed: the client says so, and the findings are back.
    std::fs::remove_file(&baseline).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": url(&baseline), "type": 3}]}),
    );
    let ds = c.diagnostics_where(&uri, |p| p["diagnostics"] != json!([]));
    assert_eq!(
        codes(ds["diagnostics"].as_array().unwrap()),
        ["missing-session-id", "redundant-field"]
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_change_reaches_the_documents_importing_it_through_a_barrel() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pay")).unwrap();
    std::fs::write(dir.path().join("pay/payloads.js"), PAYLOADS).unwrap();
    std::fs::write(
        dir.path().join("pay/index.js"),
        "export { cardPayload } from './payloads.js';\n",
    )
    .unwrap();
    let checkout_text = CHECKOUT.replace("./payloads.js", "./pay/index.js");
    std::fs::write(dir.path().join("checkout.js"), &checkout_text).unwrap();
    let payloads = url(&dir.path().join("pay/payloads.js"));
    let checkout = url(&dir.path().join("checkout.js"));
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&checkout, "javascript", &checkout_text);
    assert_eq!(codes(&c.diagnostics(&checkout, 1)), Vec::<String>::new());
    c.open(&payloads, "javascript", PAYLOADS);
    assert_eq!(codes(&c.diagnostics(&payloads, 1)), ["missing-session-id"]);
    // checkout.js imports pay/index.js, which re-exports pay/payloads.js: the change reaches it.
    c.change_all(
        &payloads,
        2,
        &PAYLOADS.replace("cardPayload", "bankPayload"),
    );
    assert_eq!(codes(&c.diagnostics(&payloads, 2)), Vec::<String>::new());
    assert_eq!(codes(&c.last_published(&checkout)), ["unresolved-payload"]);
    assert_eq!(c.shutdown(), 0);
}

/// The language server lints the open documents first: a wrapper in a workspace module that is not
/// open is found by asking at the call (the command line's result).
#[test]
fn a_wrapper_in_a_closed_module_checks_the_open_callers_payload() {
    let dir = tempfile::tempdir().unwrap();
    let wrap = "const dr = new DigitalRiver('pk');\nexport function makeSource(data) {\n  return dr.createSource(data);\n}\n";
    let checkout = "import { makeSource } from './wrap.js';\nconst dr = new DigitalRiver('pk');\n\
                    dr.createSource({ sessionId: s, type: 'creditCard' });\n\
                    makeSource({ type: 'wireTransfer', amount: 5 });\n";
    std::fs::write(dir.path().join("wrap.js"), wrap).unwrap();
    std::fs::write(dir.path().join("checkout.js"), checkout).unwrap();
    let uri = url(&dir.path().join("checkout.js"));
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&uri, "javascript", checkout);
    let ds = c.diagnostics(&uri, 1);
    assert_eq!(
        codes(&ds),
        ["missing-session-id", "redundant-field"],
        "{ds:#?}"
    );
    assert_eq!(ds[0]["range"]["start"]["line"], 3, "{ds:#?}");
    assert_eq!(c.shutdown(), 0);
}
