//! The differential test: `--fix` proven by execution. Every fixture under `fixtures/` and every case
//! under `tests/differential/cases/` is run in Node by `tests/differential/harness.js` (a `vm` context
//! of recording stubs and DigitalRiver.js / Stripe mocks; its handlers called), then fixed by the real
//! binary (`--fix`, and separately `--fix --unsafe-fixes`), then run again. The two effect logs must
//! agree:
//!
//! - safe tier: every effect identical and in the same order, except the options object of a
//!   DigitalRiver.js call of the rule table (`[[call]]`), which may only gain `sessionId` (the value of
//!   `--session-id-expr`) and lose fields the table's `[[method]]` for its `type` lists as redundant (and
//!   never `amount`/`currency` without a `sessionId`);
//! - unsafe tier: the same property of those payloads (same number, same order), and no new exception.
//!
//! Pages and server templates (every kind of `src/source/language.rs`: HTML, PHP, ISML, EJS,
//! Handlebars, Razor, Vue...) run as the scripts the tool itself extracts from them
//! (`Extracted::masked_scripts`), one program in document order, before and after the fix: each
//! server tag replaced by the neutral JavaScript the linter parses (a printed value becomes an
//! identifier, which the harness defines as a recording stub; a control tag a comment, so every
//! branch's code runs). A Vue or Svelte component's scripts run as ES modules that expose their
//! top-level bindings, as the component's markup would call them.
//!
//! A failure that is a known bug of the fixer is listed in `KNOWN_FAILURES` (the test fails when a
//! listed case passes, so the list shrinks as bugs are fixed); a file the harness cannot run is listed
//! in `CANNOT_RUN`, and a page that runs but reaches no session-aware call in `NO_CALL_RUNS`, each
//! with its reason. TypeScript and JSX files (`.ts`, `.tsx`, `.jsx`) are transpiled by the harness
//! with the `typescript` package (`ts.transpileModule`, before and after the fix alike), so what is
//! compared is still what the code does. Needs Node 20 and npm (`node`, `npm` on the PATH): the test
//! installs the pinned `typescript` (`npm ci` in `tests/differential`) when it is missing; without
//! them the test fails, it never skips.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use dr_session_lint::source::template;
use dr_session_lint::source::{Language, TemplateKind};
use serde::Deserialize;
use serde_json::{Value, json};

/// The expression the fixes insert: a global the harness defines (a name no fixture shadows).
const SESSION_EXPR: &str = "__diffCheckout.payment.session.id";
/// Its value in the harness.
const SESSION_ID: &str = "sess_diff_0001";

/// Files the harness cannot run; it must report each as unrunnable (the test fails if one runs).
const CANNOT_RUN: &[(&str, &str)] = &[
    // Syntax errors on purpose: the tool must survive them; there is nothing to execute.
    (
        "fixtures/bad/missing-closing-brace.js",
        "syntax error on purpose",
    ),
    ("fixtures/bad/syntax-error.js", "syntax error on purpose"),
    (
        "fixtures/bad/unterminated-string.js",
        "syntax error on purpose",
    ),
    (
        "fixtures/modules/ts-paths/tsconfig.json",
        "configuration, not code",
    ),
];

/// Pages and templates that run but reach no session-aware call, and why (the test fails if one
/// does reach one: then its fixes are checked and it leaves this list). Every other page, template or
/// adversarial case must reach one, or it proves nothing.
const NO_CALL_RUNS: &[(&str, &str)] = &[(
    "fixtures/templates/docs.html",
    "a documentation page: its calls are JSON, template and `<pre>` text, in no script a browser runs",
)];

/// Failures this test must see: (case, tier, reason): an unsafe fix that, applied, changes what the
/// code does, which is why it is unsafe. Each must still fail; any failure not listed fails the test.
const KNOWN_FAILURES: &[(&str, &str, &str)] = &[(
    "fixtures/functions/builder-read-by-caller.js",
    "unsafe",
    "by design: the caller reads `p.payPal.items.length`, which is why removing `payPal.items` is an \
     unsafe fix; applying it (--unsafe-fixes) breaks the read, as its note says",
)];

const TIERS: [&str; 2] = ["safe", "unsafe"];

/// The part of `rules/payment-sessions.toml` this test needs.
#[derive(Deserialize)]
struct RuleTable {
    #[serde(default)]
    call: Vec<CallRule>,
    #[serde(default)]
    method: Vec<MethodRule>,
}

#[derive(Deserialize)]
struct CallRule {
    name: String,
    options: toml::Value,
    #[serde(rename = "type-key")]
    type_key: Option<String>,
    #[serde(rename = "session-key")]
    session_key: String,
}

#[derive(Deserialize)]
struct MethodRule {
    #[serde(rename = "type")]
    ty: String,
    details: Vec<String>,
    remove: Vec<String>,
}

struct Rules {
    table: RuleTable,
}

impl Rules {
    fn load(root: &Path) -> Rules {
        let text = fs::read_to_string(root.join("rules/payment-sessions.toml")).unwrap();
        let table: RuleTable = toml::from_str(&text).expect("rules/payment-sessions.toml parses");
        assert!(!table.call.is_empty() && !table.method.is_empty());
        Rules { table }
    }

    fn call(&self, name: &str) -> Option<&CallRule> {
        self.table.call.iter().find(|c| c.name == name)
    }

    /// The redundant fields of a payment type, as key paths of the payload.
    fn redundant(&self, ty: &str) -> BTreeSet<Vec<String>> {
        let mut paths = BTreeSet::new();
        for m in self.table.method.iter().filter(|m| m.ty == ty) {
            for field in &m.remove {
                match field.split_once('.') {
                    None => {
                        paths.insert(vec![field.clone()]);
                    }
                    Some((_, rest)) => {
                        for d in &m.details {
                            let mut p = vec![d.clone()];
                            p.extend(rest.split('.').map(str::to_string));
                            paths.insert(p);
                        }
                    }
                }
            }
        }
        paths
    }
}

/// Which argument of a call holds the options object.
fn options_index(rule: &CallRule, len: usize) -> Option<usize> {
    match &rule.options {
        toml::Value::String(s) if s == "last" => len.checked_sub(1),
        toml::Value::String(s) if s == "first" => (len > 0).then_some(0),
        toml::Value::Integer(i) => usize::try_from(*i).ok().filter(|i| *i < len),
        other => panic!("unknown `options` in the rule table: {other}"),
    }
}

/// A value as JSON, cut to 700 bytes for messages.
fn short(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(700) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s,
    }
}

/// Check one options object: `after` must be `before` plus the session id, minus redundant fields.
/// Returns what changed (`+sessionId`, `-amount`...) or why it is wrong.
fn check_payload(
    rules: &Rules,
    rule: &CallRule,
    before: &Value,
    after: &Value,
) -> Result<Vec<String>, String> {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return if before == after {
            Ok(vec![])
        } else {
            Err(format!("payload {} became {}", short(before), short(after)))
        };
    };
    let key = &rule.session_key;
    let mut changes = vec![];
    let mut errors = vec![];
    let has_session = match (b.get(key), a.get(key)) {
        (Some(x), Some(y)) if x == y => true,
        (Some(x), y) => {
            errors.push(format!(
                "`{key}` was {} before and is {} after",
                short(x),
                y.map_or("absent".into(), short)
            ));
            y.is_some()
        }
        (None, Some(Value::String(s))) if s == SESSION_ID => {
            changes.push(format!("+{key}"));
            true
        }
        (None, Some(y)) => {
            errors.push(format!(
                "inserted `{key}` is {} (expected \"{SESSION_ID}\", the value of {SESSION_EXPR})",
                short(y)
            ));
            true
        }
        (None, None) => false,
    };
    let allowed = rule
        .type_key
        .as_ref()
        .and_then(|t| b.get(t))
        .and_then(Value::as_str)
        .map(|ty| rules.redundant(ty))
        .unwrap_or_default();
    let mut removed = vec![];
    diff_objects(b, a, &mut vec![], key, &allowed, &mut removed, &mut errors);
    for p in &removed {
        changes.push(format!("-{}", p.join(".")));
    }
    let lost_amount = removed
        .iter()
        .any(|p| p.len() == 1 && (p[0] == "amount" || p[0] == "currency"));
    if lost_amount && !has_session {
        errors.push(format!(
            "lost amount/currency without a `{key}` (safety rule)"
        ));
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(format!(
            "{}\n      before: {}\n      after:  {}",
            errors.join("; "),
            short(before),
            short(after)
        ))
    }
}

fn diff_objects(
    b: &serde_json::Map<String, Value>,
    a: &serde_json::Map<String, Value>,
    path: &mut Vec<String>,
    session_key: &str,
    allowed: &BTreeSet<Vec<String>>,
    removed: &mut Vec<Vec<String>>,
    errors: &mut Vec<String>,
) {
    for (k, bv) in b {
        if path.is_empty() && k == session_key {
            continue;
        }
        path.push(k.clone());
        match a.get(k) {
            None if allowed.contains(path) => removed.push(path.clone()),
            None => errors.push(format!(
                "removed `{}`, not a redundant field",
                path.join(".")
            )),
            Some(av) if av == bv => {}
            Some(av) => match (bv.as_object(), av.as_object()) {
                (Some(bo), Some(ao)) => {
                    diff_objects(bo, ao, path, session_key, allowed, removed, errors)
                }
                _ => errors.push(format!(
                    "`{}` changed from {} to {}",
                    path.join("."),
                    short(bv),
                    short(av)
                )),
            },
        }
        path.pop();
    }
    for k in a.keys() {
        let inserted_session = path.is_empty() && k == session_key;
        if !b.contains_key(k) && !inserted_session {
            errors.push(format!("added `{}{k}`", prefix(path)));
        }
    }
}

fn prefix(path: &[String]) -> String {
    path.iter().map(|p| format!("{p}.")).collect()
}

/// The rule-table call an effect records, with the index of its options argument.
/// A call on the DigitalRiver.js mock, or on a stub (an object the file did not create, such as a
/// parameter: the tool then decides by the payload's `type`).
fn dr_call<'r>(rules: &'r Rules, e: &Value) -> Option<(&'r CallRule, usize)> {
    let method = match e["k"].as_str()? {
        "dr" => e["method"].as_str()?,
        "call" => e["fn"].as_str()?.rsplit('.').next()?,
        _ => return None,
    };
    let rule = rules.call(method)?;
    let i = options_index(rule, e["args"].as_array()?.len())?;
    Some((rule, i))
}

/// Safe tier: every effect equal, DigitalRiver.js options objects as `check_payload` says.
fn compare_safe(rules: &Rules, before: &[Value], after: &[Value]) -> Result<Vec<String>, String> {
    let mut errors = vec![];
    let mut changes = vec![];
    for (i, (b, a)) in before.iter().zip(after).enumerate() {
        if b == a {
            continue;
        }
        let same_call = b["k"] == a["k"]
            && b["method"] == a["method"]
            && b["instance"] == a["instance"]
            && b["fn"] == a["fn"];
        match dr_call(rules, b) {
            Some((rule, oi))
                if same_call
                    && b["args"].as_array().map(Vec::len) == a["args"].as_array().map(Vec::len) =>
            {
                let (ba, aa) = (b["args"].as_array().unwrap(), a["args"].as_array().unwrap());
                let others_equal = ba
                    .iter()
                    .zip(aa)
                    .enumerate()
                    .all(|(j, (x, y))| j == oi || x == y);
                if !others_equal {
                    errors.push(format!(
                        "effect #{i}: arguments changed\n      before: {}\n      after:  {}",
                        short(b),
                        short(a)
                    ));
                    continue;
                }
                match check_payload(rules, rule, &ba[oi], &aa[oi]) {
                    Ok(c) => changes.push(format!("#{i} {}", c.join(" "))),
                    Err(e) => errors.push(format!("effect #{i} ({}): {e}", rule.name)),
                }
            }
            _ => errors.push(format!(
                "effect #{i} differs\n      before: {}\n      after:  {}",
                short(b),
                short(a)
            )),
        }
        if errors.len() >= 4 {
            break;
        }
    }
    if before.len() != after.len() && errors.len() < 4 {
        let n = before.len().min(after.len());
        errors.push(format!(
            "{} effects before, {} after; first extra: {}",
            before.len(),
            after.len(),
            short(before.get(n).or(after.get(n)).unwrap_or(&Value::Null))
        ));
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(errors.join("\n    "))
    }
}

/// Unsafe tier: DigitalRiver.js payloads as `check_payload` says; no new exception.
fn compare_unsafe(rules: &Rules, before: &[Value], after: &[Value]) -> Result<Vec<String>, String> {
    let calls = |log: &[Value]| -> Vec<(usize, Value)> {
        log.iter()
            .enumerate()
            .filter(|(_, e)| dr_call(rules, e).is_some())
            .map(|(i, e)| (i, e.clone()))
            .collect()
    };
    let (bc, ac) = (calls(before), calls(after));
    let mut errors = vec![];
    let mut changes = vec![];
    if bc.len() != ac.len() {
        errors.push(format!(
            "{} DigitalRiver.js calls before, {} after",
            bc.len(),
            ac.len()
        ));
    }
    for ((bi, b), (ai, a)) in bc.iter().zip(&ac) {
        let (rule, oi) = dr_call(rules, b).unwrap();
        let (ba, aa) = (b["args"].as_array().unwrap(), a["args"].as_array().unwrap());
        if b["method"] != a["method"] || b["fn"] != a["fn"] || ba.len() != aa.len() {
            errors.push(format!(
                "call #{bi}/#{ai} differs\n      before: {}\n      after:  {}",
                short(b),
                short(a)
            ));
            continue;
        }
        match check_payload(rules, rule, &ba[oi], &aa[oi]) {
            Ok(c) => changes.push(format!("#{ai} {}", c.join(" "))),
            Err(e) => errors.push(format!(
                "effect #{bi} before / #{ai} after ({}): {e}",
                rule.name
            )),
        }
    }
    let exceptions = |log: &[Value]| -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for e in log.iter().filter(|e| e["k"] == "exception") {
            *m.entry(format!("{}: {} ({})", e["name"], e["message"], e["where"]))
                .or_default() += 1;
        }
        m
    };
    let (be, ae) = (exceptions(before), exceptions(after));
    for (e, n) in &ae {
        if be.get(e).copied().unwrap_or(0) < *n {
            errors.push(format!("new exception: {e}"));
        }
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(errors.join("\n    "))
    }
}

enum Run {
    Ok(Vec<Value>),
    Unrunnable(String),
    Error(String),
}

/// The file the harness runs for `file`: the file itself, or for a page or server template, a
/// `<name>.scripts.json` beside it that holds its scripts as the tool extracts them
/// ([`template::Extracted::masked_scripts`]: the `<script>` elements a browser runs, in document order,
/// each server tag replaced by the neutral JavaScript the linter parses: a printed value by an
/// identifier, which the harness then defines as a recording stub, a control tag by a comment, so
/// the code of every branch runs). Written again after each fix, from the fixed file.
fn harness_input(file: &Path) -> PathBuf {
    let Some(Language::Template(kind)) = Language::from_path(file) else {
        return file.to_path_buf();
    };
    let text = fs::read_to_string(file).unwrap();
    let extracted = template::extract(&text, kind);
    let scripts: Vec<Value> = extracted
        .masked_scripts()
        .enumerate()
        .map(|(n, (block, code))| {
            let lang = match block.language {
                Language::TypeScript => "ts",
                Language::Tsx => "tsx",
                _ => "js",
            };
            let line = text[..block.range.start].matches('\n').count() + 1;
            json!({ "n": n, "line": line, "lang": lang, "code": code })
        })
        .collect();
    let kind = if kind == TemplateKind::Component {
        "component"
    } else {
        "page"
    };
    let mut name = file.file_name().unwrap().to_os_string();
    name.push(".scripts.json");
    let out = file.with_file_name(name);
    fs::write(
        &out,
        json!({ "kind": kind, "scripts": scripts }).to_string(),
    )
    .unwrap();
    out
}

/// Run the harness on `files`, in one Node process: one result per file.
fn harness(root: &Path, files: &[PathBuf]) -> Vec<Run> {
    if files.is_empty() {
        return vec![];
    }
    let out = Command::new("node")
        .arg("--experimental-vm-modules")
        .arg("--no-warnings")
        .arg(root.join("tests/differential/harness.js"))
        .args(files)
        .output();
    let out = match out {
        Ok(out) if out.status.success() => out,
        Ok(out) => {
            let e = format!(
                "harness failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            return files.iter().map(|_| Run::Error(e.clone())).collect();
        }
        Err(e) => {
            return files
                .iter()
                .map(|_| Run::Error(format!("cannot run node: {e}")))
                .collect();
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    files
        .iter()
        .map(|f| {
            let Some(line) = lines.next() else {
                return Run::Error(format!("no harness output for {}", f.display()));
            };
            let doc: Value = match serde_json::from_str(line) {
                Ok(doc) => doc,
                Err(e) => return Run::Error(format!("harness output is not JSON ({e})")),
            };
            if doc["file"].as_str() != Some(&*f.to_string_lossy()) {
                return Run::Error(format!("harness output for {} out of order", f.display()));
            }
            let reason = || doc["reason"].as_str().unwrap_or("").to_string();
            match doc["status"].as_str() {
                Some("ok") => Run::Ok(doc["effects"].as_array().cloned().unwrap_or_default()),
                Some("unrunnable") => Run::Unrunnable(reason()),
                _ => Run::Error(reason()),
            }
        })
        .collect()
}

/// Run the harness on every file, split over `workers` Node processes.
fn harness_all(root: &Path, files: &[PathBuf], workers: usize) -> Vec<Run> {
    let chunk = files.len().div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|c| s.spawn(move || harness(root, c)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

/// `dr-session-lint --fix` on the files named (each one is linted, whatever its name): for each file,
/// the `io-error` it reported (a fix that would not parse, a file it could not write), if any.
fn fix(dir: &Path, files: &[PathBuf], tier: &str) -> Vec<Option<String>> {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dr-session-lint"));
    c.env_remove("GITHUB_ACTIONS").args([
        "--format",
        "json",
        "--no-config",
        "--fix",
        "--session-id-expr",
        SESSION_EXPR,
        // The harness defines it as a global of the page.
        "--global",
        "__diffCheckout",
    ]);
    if tier == "unsafe" {
        c.arg("--unsafe-fixes");
    }
    let out = c
        .args(files)
        .current_dir(dir)
        .output()
        .expect("run dr-session-lint");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "dr-session-lint --fix ({tier}) exited with {} and no JSON document ({e}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "dr-session-lint --fix ({tier}) exited with {}",
        out.status
    );
    let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    files
        .iter()
        .map(|f| {
            let f = f.to_string_lossy();
            let errors: Vec<&str> = diagnostics
                .iter()
                .filter(|d| {
                    d["rule"] == "io-error" && d["path"].as_str().is_some_and(|p| f.ends_with(p))
                })
                .filter_map(|d| d["message"].as_str())
                .collect();
            (!errors.is_empty()).then(|| errors.join("; "))
        })
        .collect()
}

/// One case's outcome: unrunnable, or how many rule-table calls ran before the fix and per tier
/// `Ok(changes)` / `Err(difference)`.
enum Outcome {
    Unrunnable(String),
    Tiers(usize, Vec<(&'static str, Result<Vec<String>, String>)>),
}

/// Copy every case three times (before, safe, unsafe), fix two of the copies, run all in the
/// harness, compare.
fn run_all(root: &Path, rules: &Rules, cases: &[String]) -> Vec<Outcome> {
    let tmp = tempfile::Builder::new()
        .prefix("differential")
        .tempdir()
        .unwrap();
    let copies = |stage: &str| -> Vec<PathBuf> {
        cases
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let src = root.join(rel);
                let dst = tmp
                    .path()
                    .join(stage)
                    .join(i.to_string())
                    .join(src.file_name().unwrap());
                fs::create_dir_all(dst.parent().unwrap()).unwrap();
                fs::copy(&src, &dst).unwrap();
                dst
            })
            .collect()
    };
    let before = copies("before");
    let tiers: Vec<Vec<PathBuf>> = TIERS.iter().map(|t| copies(t)).collect();
    let io_errors: Vec<Vec<Option<String>>> = TIERS
        .iter()
        .zip(&tiers)
        .map(|(tier, files)| fix(tmp.path(), files, tier))
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 8);
    let mut all: Vec<PathBuf> = before.iter().map(|f| harness_input(f)).collect();
    for files in &tiers {
        all.extend(files.iter().map(|f| harness_input(f)));
    }
    let mut runs = harness_all(root, &all, workers).into_iter();
    let before_runs: Vec<Run> = runs.by_ref().take(cases.len()).collect();
    let tier_runs: Vec<Vec<Run>> = TIERS
        .iter()
        .map(|_| runs.by_ref().take(cases.len()).collect())
        .collect();
    before_runs
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let before = match b {
                Run::Ok(effects) => effects,
                Run::Unrunnable(reason) => return Outcome::Unrunnable(reason),
                Run::Error(e) => {
                    return Outcome::Tiers(0, TIERS.iter().map(|t| (*t, Err(e.clone()))).collect());
                }
            };
            let calls = before
                .iter()
                .filter(|e| dr_call(rules, e).is_some())
                .count();
            Outcome::Tiers(
                calls,
                TIERS
                    .iter()
                    .zip(&tier_runs)
                    .zip(&io_errors)
                    .map(|((tier, runs), io)| {
                        let result = match &runs[i] {
                            _ if io[i].is_some() => Err(format!(
                                "dr-session-lint could not apply its fixes: {}",
                                io[i].as_deref().unwrap_or("")
                            )),
                            Run::Unrunnable(r) | Run::Error(r) => {
                                Err(format!("the fixed file no longer runs: {r}"))
                            }
                            Run::Ok(after) if *tier == "safe" => {
                                compare_safe(rules, &before, after)
                            }
                            Run::Ok(after) => compare_unsafe(rules, &before, after),
                        };
                        (*tier, result)
                    })
                    .collect(),
            )
        })
        .collect()
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, root, out);
        } else if p.extension().is_some_and(|e| e != "md") {
            out.push(
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

fn require_node() {
    let version = Command::new("node").arg("--version").output();
    let ok = version
        .as_ref()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            let v = String::from_utf8_lossy(&o.stdout)
                .trim()
                .trim_start_matches('v')
                .to_string();
            v.split('.').next()?.parse::<u32>().ok()
        });
    match ok {
        Some(major) if major >= 20 => {}
        _ => panic!(
            "the differential test needs Node 20 or later as `node` on the PATH (found: {:?})",
            version.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        ),
    }
}

/// The version of `typescript` installed in `dir`, if any.
fn installed_typescript(dir: &Path) -> Option<String> {
    fs::read_to_string(dir.join("node_modules/typescript/package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v["version"].as_str().map(str::to_string))
}

/// The harness transpiles TypeScript and JSX with the `typescript` package pinned by
/// `tests/differential/package-lock.json`. When it is missing or another version, the test installs
/// it (`npm ci`, from the npm registry), so `cargo test` alone runs everything; when that fails, the
/// test fails (it never skips those files).
fn require_typescript(root: &Path) {
    let dir = root.join("tests/differential");
    let lock: Value = serde_json::from_str(
        &fs::read_to_string(dir.join("package-lock.json"))
            .expect("tests/differential/package-lock.json"),
    )
    .expect("tests/differential/package-lock.json is JSON");
    let locked = lock["packages"]["node_modules/typescript"]["version"]
        .as_str()
        .map(str::to_string);
    if installed_typescript(&dir) != locked {
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .output();
        match out {
            Ok(o) if o.status.success() => {}
            Ok(o) => panic!(
                "the differential test needs the `typescript` package to run .ts/.tsx/.jsx files, and \
                 `npm ci` in tests/differential failed: {}",
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => panic!(
                "the differential test needs npm to install the `typescript` package in \
                 tests/differential: {e}"
            ),
        }
    }
    assert_eq!(
        installed_typescript(&dir),
        locked,
        "tests/differential/node_modules does not hold the typescript of package-lock.json: \
         run `npm ci` in tests/differential"
    );
}

#[test]
fn fixes_do_not_change_what_the_code_does() {
    require_node();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    require_typescript(root);
    let rules = Rules::load(root);
    let mut cases = vec![];
    collect(&root.join("fixtures"), root, &mut cases);
    let own = cases.len();
    collect(&root.join("tests/differential/cases"), root, &mut cases);
    assert!(cases.len() - own >= 40, "at least 40 adversarial cases");

    let outcomes = run_all(root, &rules, &cases);
    let results: Vec<(String, Outcome)> = cases.into_iter().zip(outcomes).collect();

    let mut problems = vec![];
    let mut summary = vec![];
    for (rel, outcome) in &results {
        let cannot = CANNOT_RUN.iter().find(|(c, _)| c == rel);
        match outcome {
            Outcome::Unrunnable(reason) => {
                summary.push(format!("{rel}: not run ({reason})"));
                if cannot.is_none() {
                    problems.push(format!(
                        "{rel}: the harness cannot run it ({reason}); fix the harness or list it in CANNOT_RUN"
                    ));
                }
            }
            Outcome::Tiers(calls, tiers) => {
                if cannot.is_some() {
                    problems.push(format!("{rel}: runs now; remove it from CANNOT_RUN"));
                }
                // An adversarial case or a page that never reaches a session-aware call proves
                // nothing.
                let page = matches!(
                    Language::from_path(Path::new(rel)),
                    Some(Language::Template(_))
                );
                let no_call = NO_CALL_RUNS.iter().find(|(c, _)| c == rel);
                match (no_call, *calls) {
                    (Some((_, reason)), 0) => {
                        summary.push(format!("{rel}: runs, reaches no call ({reason})"))
                    }
                    (Some(_), _) => problems.push(format!(
                        "{rel}: reaches a session-aware call now; remove it from NO_CALL_RUNS"
                    )),
                    (None, 0) if page || rel.starts_with("tests/") => problems.push(format!(
                        "{rel}: no session-aware call ran; the harness did not reach it"
                    )),
                    (None, _) => {}
                }
                for (tier, result) in tiers {
                    let known = KNOWN_FAILURES
                        .iter()
                        .find(|(c, t, _)| c == rel && t == tier);
                    match (result, known) {
                        (Ok(changes), None) => {
                            let changes: Vec<&String> =
                                changes.iter().filter(|c| c.contains(['+', '-'])).collect();
                            summary.push(format!(
                                "{rel} [{tier}]: pass, {calls} session-aware call(s) ran {changes:?}"
                            ));
                        }
                        (Ok(_), Some(_)) => problems.push(format!(
                            "{rel} [{tier}]: passes now; remove it from KNOWN_FAILURES"
                        )),
                        (Err(e), Some((_, _, reason))) => summary
                            .push(format!("{rel} [{tier}]: known failure ({reason})\n    {e}")),
                        (Err(e), None) => problems.push(format!("{rel} [{tier}]: FAILS\n    {e}")),
                    }
                }
            }
        }
    }
    for (c, t, _) in KNOWN_FAILURES {
        if !results.iter().any(|(rel, _)| rel == c) || !TIERS.contains(t) {
            problems.push(format!("KNOWN_FAILURES names no case: {c} [{t}]"));
        }
    }
    for (c, _) in CANNOT_RUN.iter().chain(NO_CALL_RUNS) {
        if !results.iter().any(|(rel, _)| rel == c) {
            problems.push(format!("CANNOT_RUN or NO_CALL_RUNS names no file: {c}"));
        }
    }
    println!("{}", summary.join("\n"));
    assert!(
        problems.is_empty(),
        "differential test:\n{}",
        problems.join("\n")
    );
}
