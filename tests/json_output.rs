//! The `--format json` document, produced by the real binary, checked against its JSON Schema
//! (docs/json-output.schema.json) and against a few facts computed by hand. docs/json-output.md
//! describes the format.

use std::path::{Path, PathBuf};

mod common;

use serde_json::{Value, json};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    let path = manifest_dir().join("docs/json-output.schema.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("{} is not a valid JSON Schema: {e}", path.display());
    }
    schema
}

/// Every way `doc` breaks the schema, one line each (empty when it is valid).
fn schema_errors(doc: &Value) -> Vec<String> {
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    common::violations(&validator, doc)
}

fn assert_matches_schema(doc: &Value) {
    let errors = schema_errors(doc);
    assert!(
        errors.is_empty(),
        "the JSON output does not match docs/json-output.schema.json:\n  {}\ndocument:\n{}",
        errors.join("\n  "),
        serde_json::to_string_pretty(doc).unwrap()
    );
}

/// Run `dr-session-lint --format json ARGS` in `dir`: the exit code and the parsed document.
fn run_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    common::json(dir, args)
}

fn array<'a>(doc: &'a Value, key: &str) -> &'a Vec<Value> {
    doc[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is not an array"))
}

fn count(values: &[Value], pred: impl Fn(&Value) -> bool) -> u64 {
    values.iter().filter(|v| pred(v)).count() as u64
}

/// Without `--quiet`, the summary counts what the two lists hold.
fn assert_summary_matches_lists(doc: &Value) {
    let diagnostics = array(doc, "diagnostics");
    let calls = array(doc, "callSites");
    let s = &doc["summary"];
    let rule = |r: &'static str| move |d: &Value| d["rule"] == r;
    assert_eq!(
        s["errors"],
        count(diagnostics, |d| d["severity"] == "error")
    );
    assert_eq!(
        s["warnings"],
        count(diagnostics, |d| d["severity"] == "warning")
    );
    assert_eq!(s["parseErrors"], count(diagnostics, rule("parse-error")));
    assert_eq!(s["ioErrors"], count(diagnostics, rule("io-error")));
    assert_eq!(s["skippedFiles"], count(diagnostics, rule("skipped-file")));
    let c = &s["callSites"];
    assert_eq!(c["total"], calls.len() as u64);
    assert_eq!(
        c["digitalRiver"],
        count(calls, |c| c["kind"] == "digitalriver")
    );
    assert_eq!(c["possible"], count(calls, |c| c["kind"] == "possible"));
    assert_eq!(c["migrated"], count(calls, |c| c["status"] == "migrated"));
    assert_eq!(
        c["needChanges"],
        count(calls, |c| c["status"] == "needs-changes")
    );
    assert_eq!(
        c["needReview"],
        count(calls, |c| c["status"] == "needs-review")
    );
    for d in diagnostics {
        let (start, end) = (&d["range"]["start"], &d["range"]["end"]);
        assert!(
            start["offset"].as_u64() <= end["offset"].as_u64(),
            "range ends before it starts: {d}"
        );
    }
}

#[test]
fn fixtures_output_matches_schema() {
    let (code, doc) = run_json(&manifest_dir(), &["fixtures/"]);
    assert_matches_schema(&doc);
    assert_eq!(code, 1, "the fixtures have error-level findings");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "dr-session-lint");
    assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let diagnostics = array(&doc, "diagnostics");
    assert!(!diagnostics.is_empty());
    assert!(!array(&doc, "callSites").is_empty());
    for d in diagnostics {
        assert!(
            d["path"].as_str().unwrap().starts_with("fixtures/"),
            "{}",
            d["path"]
        );
    }
    assert_summary_matches_lists(&doc);
}

const BROKEN_JS: &str = "const dr = DigitalRiver('pk');\ndr.createSource({ type: 'creditCard',\n";

/// Line 2 has an emoji (U+1F600: 4 bytes of UTF-8, 2 UTF-16 code units) before the call.
const EMOJI_JS: &str = "const dr = DigitalRiver(\"pk\");\nconst s = \"😀\"; dr.createSource({ type: \"creditCard\" });\n";

#[test]
fn parse_error_and_utf16_columns_match_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.js"), BROKEN_JS).unwrap();
    std::fs::write(dir.path().join("emoji.js"), EMOJI_JS).unwrap();
    let (code, doc) = run_json(dir.path(), &["."]);
    assert_matches_schema(&doc);
    assert_eq!(code, 1);
    assert_eq!(doc["version"], 1);
    assert_summary_matches_lists(&doc);
    let diagnostics = array(&doc, "diagnostics");

    let parse: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["path"] == "broken.js")
        .collect();
    assert_eq!(parse.len(), 1, "{diagnostics:#?}");
    assert_eq!(parse[0]["rule"], "parse-error");
    assert_eq!(parse[0]["severity"], "error");
    assert_eq!(parse[0]["callSite"], Value::Null);
    assert_eq!(doc["summary"]["parseErrors"], 1);

    // Hand-computed positions on line 2, which starts at byte 31 (line 1 is 30 ASCII bytes + `\n`).
    //   `const s = "` 11 bytes/units, emoji 4 bytes/2 units, `"; dr.` 6 bytes/units, then
    //   `createSource` (12), `(` (1), and the payload's `{`.
    let line2 = 31;
    let name_offset = line2 + 11 + 4 + 6; // 52
    let name_column = 1 + 11 + 2 + 6; // 20 (a byte count would give 22)
    let payload_offset = name_offset + 12 + 1; // 65
    let payload_column = name_column + 12 + 1; // 33 (a byte count would give 35)
    assert_eq!(EMOJI_JS.find("createSource"), Some(name_offset));
    assert_eq!(EMOJI_JS.find("{ type"), Some(payload_offset));

    let emoji: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["path"] == "emoji.js")
        .collect();
    assert_eq!(emoji.len(), 1, "{diagnostics:#?}");
    let d = emoji[0];
    assert_eq!(d["rule"], "missing-session-id");
    assert_eq!(
        d["range"]["start"],
        json!({"line": 2, "column": payload_column, "offset": payload_offset})
    );
    // The payload ends at its `}`; `end` is exclusive.
    let payload_end = EMOJI_JS.find("})").unwrap() + 1;
    assert_eq!(d["range"]["end"]["offset"], payload_end);
    assert_eq!(
        d["range"]["end"]["column"],
        payload_column + (payload_end - payload_offset)
    );
    assert_eq!(
        d["callSite"],
        json!({"line": 2, "column": name_column, "offset": name_offset})
    );

    let calls = array(&doc, "callSites");
    assert_eq!(
        calls.len(),
        1,
        "the unparsable file's call is not listed: {calls:#?}"
    );
    assert_eq!(
        calls[0],
        json!({
            "path": "emoji.js",
            "call": "createSource",
            "line": 2,
            "column": name_column,
            "offset": name_offset,
            "kind": "digitalriver",
            "status": "needs-changes",
            "paymentTypes": ["creditCard"],
        })
    );
}

#[test]
fn nonexistent_path_matches_schema() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("does-not-exist");
    let (code, doc) = run_json(dir.path(), &[missing.to_str().unwrap()]);
    assert_matches_schema(&doc);
    assert_eq!(code, 2, "an unreadable path is an I/O failure");
    assert_eq!(doc["version"], 1);
    let diagnostics = array(&doc, "diagnostics");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d["rule"], "io-error");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], missing.to_str().unwrap());
    assert_eq!(d["callSite"], Value::Null);
    assert_eq!(d["conditional"], false);
    assert_eq!(
        d["range"],
        json!({
            "start": {"line": 1, "column": 1, "offset": 0},
            "end": {"line": 1, "column": 1, "offset": 0},
        })
    );
    assert!(array(&doc, "callSites").is_empty());
    assert_eq!(doc["summary"]["ioErrors"], 1);
    assert_eq!(doc["summary"]["errors"], 1);
}

/// The schema check is not vacuous: a document the schema must refuse is refused, and the room left
/// `fix` is checked too.
#[test]
fn schema_rejects_what_it_must() {
    let (_, doc) = run_json(&manifest_dir(), &["fixtures/methods/payco-before.js"]);
    assert_matches_schema(&doc);
    assert!(!array(&doc, "diagnostics").is_empty());

    let rejected = |edit: &dyn Fn(&mut Value), at: &str| {
        let mut bad = doc.clone();
        edit(&mut bad);
        let errors = schema_errors(&bad);
        assert!(
            errors.iter().any(|e| e.starts_with(&format!("at `{at}`"))),
            "expected an error at `{at}`, got {errors:#?}"
        );
    };
    rejected(
        &|d| d["diagnostics"][0]["severity"] = json!("fatal"),
        "/diagnostics/0/severity",
    );
    rejected(
        &|d| d["diagnostics"][0]["rule"] = json!("no-such-rule"),
        "/diagnostics/0/rule",
    );
    rejected(
        &|d| d["diagnostics"][0]["extra"] = json!(true),
        "/diagnostics/0",
    );
    rejected(
        &|d| d["diagnostics"][0]["range"]["start"]["column"] = json!(0),
        "/diagnostics/0/range/start/column",
    );
    rejected(&|d| d["version"] = json!(2), "/version");
    rejected(
        &|d| {
            d["summary"].as_object_mut().unwrap().remove("errors");
        },
        "/summary",
    );
    rejected(
        &|d| d["diagnostics"][0]["fix"] = json!("rewrite"),
        "/diagnostics/0/fix",
    );

    rejected(
        &|d| d["diagnostics"][0]["fix"] = json!({"edits": []}),
        "/diagnostics/0/fix",
    );
    let mut without_fix = doc.clone();
    without_fix["diagnostics"][0]["fix"] = json!(null);
    assert_matches_schema(&without_fix);
}
