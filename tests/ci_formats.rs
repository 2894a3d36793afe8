//! The formats CI systems read (`compact`, `github`, `gitlab`, `checkstyle`, `junit`, `rdjson`), produced
//! by the real binary: the JSON ones checked against JSON Schemas written here from the consumers'
//! documentation, the XML ones parsed (roxmltree) and walked, every one checked for `--quiet`, its order,
//! and an insta snapshot on one fixture.

use std::path::Path;

mod common;

use common::tree;

use roxmltree::{Document, Node};
use serde_json::{Value, json};

/// A redundant `amount` whose removal is a safe fix.
const REDUNDANT: &str = "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'payPal', sessionId: s, amount: 1 });\n";

/// The same after text whose UTF-8 bytes outnumber its UTF-16 units (`é`: 2 bytes, 1 unit; `😀`: 4
/// bytes, 2 units).
const NON_ASCII: &str = "var dr = new DigitalRiver('k');\n/* é😀 */ dr.createSource({ type: 'payPal', sessionId: s, amount: 1 });\n";

/// Two payloads without `sessionId`: the same rule, field and message twice in one file.
const TWICE: &str = "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'payPal', payPal: { returnUrl: r } });\ndr.createSource({ type: 'payPal', payPal: { returnUrl: r } });\n";

/// An `unresolved-payload` warning.
const WARNING: &str = "var dr = new DigitalRiver('k');\nfunction go(p) { dr.createSource(p); }\n";

/// A migrated call: nothing to report.
const CLEAN: &str =
    "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'payPal', sessionId: s });\n";

/// Run with `--no-config` and `args`; the exit code and standard output.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = common::tool(dir)
        .arg("--no-config")
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        (0..=2).contains(&code),
        "{args:?} crashed: {:?}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    (code, String::from_utf8(out.stdout).unwrap())
}

/// The usual tree: errors (two identical), a warning, a clean file, a file name XML must escape.
fn mixed() -> tempfile::TempDir {
    tree(&[
        ("a&b<\"c'>.js", REDUNDANT),
        ("twice.js", TWICE),
        ("warn.js", WARNING),
        ("clean.js", CLEAN),
    ])
}

fn json_of(dir: &Path, args: &[&str]) -> (i32, Value) {
    let (code, stdout) = run(dir, args);
    let doc = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{stdout}"));
    (code, doc)
}

fn assert_valid(schema: &Value, doc: &Value) {
    let validator = jsonschema::validator_for(schema).unwrap();
    let errors = common::violations(&validator, doc);
    assert!(
        errors.is_empty(),
        "{}\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(doc).unwrap()
    );
}

// ---------------------------------------------------------------------------------------------------
// compact

#[test]
fn compact_is_one_clickable_line_per_diagnostic_then_the_summary() {
    let dir = mixed();
    let (code, stdout) = run(dir.path(), &["--format", "compact", "."]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        &lines[..4],
        [
            "a&b<\"c'>.js:2:49: error[redundant-field] `amount` is redundant with payment sessions (PayPal)",
            "twice.js:2:17: error[missing-session-id] `createSource` payload for PayPal (`payPal`) has no `sessionId`",
            "twice.js:3:17: error[missing-session-id] `createSource` payload for PayPal (`payPal`) has no `sessionId`",
            "warn.js:2:34: warning[unresolved-payload] the payload of this `createSource` call cannot be resolved: it is the parameter `p`",
        ],
        "{stdout}"
    );
    // Then the human summary.
    assert!(lines[4].starts_with("4 files scanned: "), "{stdout}");
    assert_eq!(lines[5], "3 errors, 1 warning.", "{stdout}");

    // Columns count UTF-16 code units, as editors do: `/* é😀 */ ` is 10 of them.
    let dir = tree(&[("u.js", NON_ASCII)]);
    let (_, stdout) = run(dir.path(), &["--format", "compact", "u.js"]);
    assert!(
        stdout.starts_with("u.js:2:59: error[redundant-field] "),
        "{stdout}"
    );

    // With --output, the file holds the diagnostics and the terminal the summary.
    let dir = mixed();
    let (_, stdout) = run(
        dir.path(),
        &["--format", "compact", "--output", "out.txt", "."],
    );
    assert!(stdout.contains(" files scanned: "), "{stdout}");
    let file = std::fs::read_to_string(dir.path().join("out.txt")).unwrap();
    assert_eq!(file.lines().count(), 4, "{file}");
    assert!(!file.contains("scanned"), "{file}");
}

#[cfg(unix)]
#[test]
fn compact_keeps_one_line_per_diagnostic_whatever_the_file_name() {
    let dir = tree(&[("two\nlines.js", REDUNDANT)]);
    let (_, stdout) = run(dir.path(), &["--format", "compact", "."]);
    assert!(
        stdout.starts_with("two\\nlines.js:2:49: error[redundant-field] "),
        "{stdout}"
    );
}

// ---------------------------------------------------------------------------------------------------
// github

#[test]
fn github_ends_with_a_notice_of_the_counts() {
    let dir = mixed();
    let (code, stdout) = run(dir.path(), &["--format", "github", "."]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert_eq!(
        lines[4],
        "::notice title=dr-session-lint::3 errors, 1 warning; 4 files scanned: 5 DigitalRiver.js \
         call sites found (createSource 5); 1 already migrated, 3 need changes, 1 needs manual review."
    );
    assert!(!lines[4].contains("GitHub shows"), "{stdout}");
}

#[test]
fn github_says_when_annotations_are_over_the_cap() {
    // 11 errors in one step: GitHub shows 10.
    let mut text = String::from("var dr = new DigitalRiver('k');\n");
    for _ in 0..11 {
        text += "dr.createSource({ type: 'payPal', payPal: { returnUrl: r } });\n";
    }
    let dir = tree(&[("many.js", &text)]);
    let (_, stdout) = run(dir.path(), &["--format", "github", "."]);
    let errors = stdout.lines().filter(|l| l.starts_with("::error ")).count();
    assert_eq!(errors, 11, "every annotation is printed:\n{stdout}");
    let notice = stdout.lines().last().unwrap();
    assert!(
        notice.starts_with("::notice title=dr-session-lint::11 errors, 0 warnings;")
            && notice.ends_with(
                " GitHub shows only the first 10 error and 10 warning annotations of a step: all 11 are in this step's log."
            ),
        "{notice}"
    );
}

// ---------------------------------------------------------------------------------------------------
// gitlab

/// GitLab's Code Quality report, from its documentation
/// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): an array of issues,
/// each with `description`, `check_name`, `fingerprint`, `severity` (one of five), `location.path` and
/// `location.lines.begin` (or `location.positions.begin.line`); the other fields come from the Code
/// Climate specification it extends.
fn gitlab_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "array",
        "items": {
            "type": "object",
            "required": ["description", "check_name", "fingerprint", "severity", "location"],
            "properties": {
                "type": { "const": "issue" },
                "description": { "type": "string", "minLength": 1 },
                "check_name": { "type": "string", "minLength": 1 },
                "fingerprint": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
                "severity": { "enum": ["info", "minor", "major", "critical", "blocker"] },
                "categories": {
                    "type": "array",
                    "minItems": 1,
                    "items": { "enum": ["Bug Risk", "Clarity", "Compatibility", "Complexity",
                                        "Duplication", "Performance", "Security", "Style"] }
                },
                "content": {
                    "type": "object",
                    "required": ["body"],
                    "properties": { "body": { "type": "string" } }
                },
                "location": {
                    "type": "object",
                    "required": ["path"],
                    "properties": {
                        "path": { "type": "string", "minLength": 1 },
                        "lines": {
                            "type": "object",
                            "required": ["begin"],
                            "properties": {
                                "begin": { "type": "integer", "minimum": 1 },
                                "end": { "type": "integer", "minimum": 1 }
                            }
                        },
                        "positions": {
                            "type": "object",
                            "required": ["begin"],
                            "properties": {
                                "begin": {
                                    "type": "object",
                                    "required": ["line"],
                                    "properties": { "line": { "type": "integer", "minimum": 1 } }
                                }
                            }
                        }
                    },
                    "oneOf": [{ "required": ["lines"] }, { "required": ["positions"] }]
                }
            },
            "additionalProperties": false
        }
    })
}

#[test]
fn gitlab_code_quality_report_follows_the_documented_structure() {
    let dir = mixed();
    let (code, doc) = json_of(dir.path(), &["--format", "gitlab", "."]);
    assert_eq!(code, 1);
    assert_valid(&gitlab_schema(), &doc);
    let issues = doc.as_array().unwrap();
    let summary: Vec<(&str, &str, &str, u64)> = issues
        .iter()
        .map(|i| {
            (
                i["location"]["path"].as_str().unwrap(),
                i["check_name"].as_str().unwrap(),
                i["severity"].as_str().unwrap(),
                i["location"]["lines"]["begin"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("a&b<\"c'>.js", "redundant-field", "critical", 2),
            ("twice.js", "missing-session-id", "critical", 2),
            ("twice.js", "missing-session-id", "critical", 3),
            ("warn.js", "unresolved-payload", "major", 2),
        ]
    );
    // The help and the link are the issue's body.
    let body = issues[0]["content"]["body"].as_str().unwrap();
    assert!(body.starts_with("remove `amount`"), "{body}");
    assert!(body.contains("See https://"), "{body}");

    // The schema is not a formality: it rejects what GitLab would.
    let mut bad = doc.clone();
    bad[0]["severity"] = json!("error");
    assert!(
        !common::violations(&jsonschema::validator_for(&gitlab_schema()).unwrap(), &bad).is_empty()
    );
    let mut bad = doc.clone();
    bad[0]["location"].as_object_mut().unwrap().remove("lines");
    assert!(
        !common::violations(&jsonschema::validator_for(&gitlab_schema()).unwrap(), &bad).is_empty()
    );
}

fn fingerprints(doc: &Value) -> Vec<String> {
    doc.as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn gitlab_fingerprints_are_unique_and_survive_unrelated_edits() {
    let dir = mixed();
    let (_, before) = json_of(dir.path(), &["--format", "gitlab", "."]);
    let first = fingerprints(&before);
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        first.len(),
        "two issues share a fingerprint: {first:?}"
    );

    // Lines added above every finding, and the call moved right: same fingerprints, new lines.
    for name in ["a&b<\"c'>.js", "twice.js", "warn.js"] {
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let moved = format!(
            "// a comment\n\n{}",
            text.replace("dr.createSource", "  dr.createSource")
        );
        std::fs::write(&path, moved).unwrap();
    }
    let (_, after) = json_of(dir.path(), &["--format", "gitlab", "."]);
    assert_eq!(fingerprints(&after), first);
    assert_eq!(after[0]["location"]["lines"]["begin"], 4);

    // Another field is another issue.
    std::fs::write(
        dir.path().join("a&b<\"c'>.js"),
        REDUNDANT.replace("amount: 1", "currency: 'USD'"),
    )
    .unwrap();
    let (_, other) = json_of(dir.path(), &["--format", "gitlab", "."]);
    assert_ne!(fingerprints(&other)[0], first[0]);
    assert_eq!(fingerprints(&other)[1..], first[1..]);
}

// ---------------------------------------------------------------------------------------------------
// checkstyle

fn elements<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    node.children()
        .filter(|n| n.is_element() && n.has_tag_name(name))
        .collect()
}

#[test]
fn checkstyle_report_parses_and_holds_every_diagnostic() {
    let dir = mixed();
    let (code, stdout) = run(dir.path(), &["--format", "checkstyle", "."]);
    assert_eq!(code, 1);
    let doc = Document::parse(&stdout).unwrap_or_else(|e| panic!("not XML ({e}):\n{stdout}"));
    let root = doc.root_element();
    assert!(root.has_tag_name("checkstyle"));
    assert_eq!(root.attribute("version"), Some("4.3"));
    let files = elements(root, "file");
    let names: Vec<&str> = files.iter().filter_map(|f| f.attribute("name")).collect();
    // The escaped name reads back as it is; the clean file is listed, without errors.
    assert_eq!(names, ["a&b<\"c'>.js", "clean.js", "twice.js", "warn.js"]);
    assert!(elements(files[1], "error").is_empty());
    let errors: Vec<[&str; 5]> = files
        .iter()
        .flat_map(|f| elements(*f, "error"))
        .map(|e| {
            ["line", "column", "severity", "source", "message"].map(|a| e.attribute(a).unwrap())
        })
        .collect();
    assert_eq!(errors.len(), 4);
    assert_eq!(
        errors[0],
        [
            "2",
            "49",
            "error",
            "dr-session-lint.redundant-field",
            "`amount` is redundant with payment sessions (PayPal)"
        ]
    );
    assert_eq!(errors[3][2], "warning");
    assert_eq!(errors[3][3], "dr-session-lint.unresolved-payload");
}

#[cfg(unix)]
#[test]
fn xml_reports_stay_well_formed_with_control_characters_in_names() {
    // U+0001 cannot be in XML 1.0, not even as `&#1;`; a newline must survive in an attribute.
    let dir = tree(&[("bell\u{1}.js", REDUNDANT), ("new\nline.js", REDUNDANT)]);
    for format in ["checkstyle", "junit"] {
        let (_, stdout) = run(dir.path(), &["--format", format, "."]);
        let doc = Document::parse(&stdout)
            .unwrap_or_else(|e| panic!("{format}: not XML ({e}):\n{stdout}"));
        let names: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("file") || n.has_tag_name("testsuite"))
            .filter_map(|n| n.attribute("name"))
            .collect();
        assert_eq!(names, ["bell\u{FFFD}.js", "new\nline.js"], "{format}");
    }
}

// ---------------------------------------------------------------------------------------------------
// junit

#[test]
fn junit_report_has_a_failed_test_case_per_diagnostic() {
    let dir = mixed();
    let (code, stdout) = run(dir.path(), &["--format", "junit", "."]);
    assert_eq!(code, 1);
    let doc = Document::parse(&stdout).unwrap_or_else(|e| panic!("not XML ({e}):\n{stdout}"));
    let root = doc.root_element();
    assert!(root.has_tag_name("testsuites"));
    assert_eq!(root.attribute("tests"), Some("4"));
    assert_eq!(root.attribute("failures"), Some("4"));
    let suites = elements(root, "testsuite");
    let names: Vec<&str> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(names, ["a&b<\"c'>.js", "twice.js", "warn.js"]);
    for suite in &suites {
        let cases = elements(*suite, "testcase");
        assert_eq!(
            suite.attribute("tests"),
            Some(cases.len().to_string().as_str())
        );
        assert_eq!(
            suite.attribute("failures"),
            Some(cases.len().to_string().as_str())
        );
        for case in cases {
            assert_eq!(case.attribute("classname"), suite.attribute("name"));
            assert_eq!(case.attribute("file"), suite.attribute("name"));
            assert_eq!(elements(case, "failure").len(), 1);
        }
    }
    let twice = elements(suites[1], "testcase");
    assert_eq!(
        twice
            .iter()
            .map(|c| (c.attribute("name").unwrap(), c.attribute("line").unwrap()))
            .collect::<Vec<_>>(),
        [
            ("missing-session-id at 2:17", "2"),
            ("missing-session-id at 3:17", "3")
        ]
    );
    let failure = elements(elements(suites[0], "testcase")[0], "failure")[0];
    assert_eq!(failure.attribute("type"), Some("error"));
    assert_eq!(
        failure.attribute("message"),
        Some("`amount` is redundant with payment sessions (PayPal)")
    );
    let text = failure.text().unwrap();
    assert!(
        text.starts_with("a&b<\"c'>.js:2:49: error[redundant-field] `amount` is redundant")
            && text.contains("\nhelp: remove `amount`")
            && text.contains("\nsee https://"),
        "{text}"
    );
    let warning = elements(elements(suites[2], "testcase")[0], "failure")[0];
    assert_eq!(warning.attribute("type"), Some("warning"));
}

#[test]
fn junit_clean_run_is_one_passing_test_case() {
    let dir = tree(&[("clean.js", CLEAN)]);
    let (code, stdout) = run(dir.path(), &["--format", "junit", "."]);
    assert_eq!(code, 0);
    let doc = Document::parse(&stdout).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("tests"), Some("1"));
    assert_eq!(root.attribute("failures"), Some("0"));
    let cases: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 1, "{stdout}");
    assert_eq!(
        cases[0].attribute("name"),
        Some("no problems reported in 1 file scanned")
    );
    assert!(cases[0].children().all(|c| !c.is_element()), "{stdout}");
}

// ---------------------------------------------------------------------------------------------------
// rdjson

/// reviewdog's Diagnostic Format, from `reviewdog.proto`
/// (https://github.com/reviewdog/reviewdog/tree/master/proto/rdf): a `DiagnosticResult` with
/// `diagnostics`, `source` and `severity`; positions 1-based. Unknown fields are refused, as protobuf's
/// JSON parser refuses them.
fn rdjson_schema() -> Value {
    let position = json!({
        "type": "object",
        "properties": {
            "line": { "type": "integer", "minimum": 1 },
            "column": { "type": "integer", "minimum": 1 }
        },
        "additionalProperties": false
    });
    let range = json!({
        "type": "object",
        "required": ["start"],
        "properties": { "start": position, "end": position },
        "additionalProperties": false
    });
    let severity = json!({ "enum": ["UNKNOWN_SEVERITY", "ERROR", "WARNING", "INFO"] });
    let source = json!({
        "type": "object",
        "required": ["name"],
        "properties": { "name": { "type": "string" }, "url": { "type": "string" } },
        "additionalProperties": false
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["diagnostics"],
        "properties": {
            "source": source,
            "severity": severity,
            "diagnostics": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["message", "location"],
                    "properties": {
                        "message": { "type": "string", "minLength": 1 },
                        "location": {
                            "type": "object",
                            "required": ["path"],
                            "properties": { "path": { "type": "string" }, "range": range },
                            "additionalProperties": false
                        },
                        "severity": severity,
                        "source": source,
                        "code": {
                            "type": "object",
                            "required": ["value"],
                            "properties": { "value": { "type": "string" }, "url": { "type": "string" } },
                            "additionalProperties": false
                        },
                        "suggestions": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["range", "text"],
                                "properties": { "range": range, "text": { "type": "string" } },
                                "additionalProperties": false
                            }
                        },
                        "original_output": { "type": "string" }
                    },
                    "additionalProperties": false
                }
            }
        },
        "additionalProperties": false
    })
}

#[test]
fn rdjson_follows_reviewdogs_format() {
    let dir = mixed();
    let (code, doc) = json_of(dir.path(), &["--format", "rdjson", "."]);
    assert_eq!(code, 1);
    assert_valid(&rdjson_schema(), &doc);
    assert_eq!(doc["source"]["name"], "dr-session-lint");
    assert_eq!(doc["severity"], "ERROR");
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["location"]["path"].as_str().unwrap(),
                d["code"]["value"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("a&b<\"c'>.js", "redundant-field", "ERROR"),
            ("twice.js", "missing-session-id", "ERROR"),
            ("twice.js", "missing-session-id", "ERROR"),
            ("warn.js", "unresolved-payload", "WARNING"),
        ]
    );
    // Only the safe fix is a suggestion: the `sessionId` insertion has a placeholder here.
    assert_eq!(diagnostics[0]["suggestions"].as_array().unwrap().len(), 1);
    assert!(diagnostics[1].get("suggestions").is_none());

    // The schema is not a formality.
    let mut bad = doc.clone();
    bad["diagnostics"][0]["severity"] = json!("error");
    assert!(
        !common::violations(&jsonschema::validator_for(&rdjson_schema()).unwrap(), &bad).is_empty()
    );
    let mut bad = doc.clone();
    bad["diagnostics"][0]["location"]["range"]["start"]["column"] = json!(0);
    assert!(
        !common::violations(&jsonschema::validator_for(&rdjson_schema()).unwrap(), &bad).is_empty()
    );

    // Nothing to report: no diagnostics, severity INFO.
    let dir = tree(&[("clean.js", CLEAN)]);
    let (code, doc) = json_of(dir.path(), &["--format", "rdjson", "."]);
    assert_eq!(code, 0);
    assert_valid(&rdjson_schema(), &doc);
    assert_eq!(doc["diagnostics"], json!([]));
    assert_eq!(doc["severity"], "INFO");
}

/// The byte offset of a 1-based line and 1-based UTF-8 byte column, as reviewdog reads them.
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let column = position["column"].as_u64().unwrap() as usize;
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    start + column - 1
}

#[test]
fn rdjson_columns_count_bytes_and_suggestions_are_the_safe_fixes() {
    let text = format!("{NON_ASCII}{}", &TWICE[TWICE.find('\n').unwrap() + 1..]);
    let dir = tree(&[("u.js", &text)]);
    let (_, doc) = json_of(
        dir.path(),
        &[
            "--format",
            "rdjson",
            "--session-id-expr",
            "checkout.sid",
            "--global",
            "checkout",
            "u.js",
        ],
    );
    assert_valid(&rdjson_schema(), &doc);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 3, "{doc:#}");
    // `amount: 1` after `/* é😀 */ ` (13 bytes, 10 UTF-16 units).
    let amount = &diagnostics[0]["location"]["range"];
    assert_eq!(amount["start"], json!({ "line": 2, "column": 62 }));
    assert_eq!(
        &text[offset(&text, &amount["start"])..offset(&text, &amount["end"])],
        "amount: 1"
    );

    // Applying every suggestion, as reviewdog's suggested changes would, gives what --fix writes.
    let mut edits: Vec<(usize, usize, String)> = diagnostics
        .iter()
        .flat_map(|d| d["suggestions"].as_array().cloned().unwrap_or_default())
        .map(|s| {
            (
                offset(&text, &s["range"]["start"]),
                offset(&text, &s["range"]["end"]),
                s["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(edits.len(), 3, "{doc:#}");
    edits.sort();
    let mut fixed = text.clone();
    for (start, end, replacement) in edits.iter().rev() {
        fixed.replace_range(start..end, replacement);
    }
    let (code, _) = run(
        dir.path(),
        &[
            "--fix",
            "--session-id-expr",
            "checkout.sid",
            "--global",
            "checkout",
            "u.js",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        fixed,
        std::fs::read_to_string(dir.path().join("u.js")).unwrap()
    );
}

// ---------------------------------------------------------------------------------------------------
// all of them

const FORMATS: &[&str] = &[
    "compact",
    "github",
    "gitlab",
    "checkstyle",
    "junit",
    "rdjson",
];

#[test]
fn quiet_drops_warnings_from_every_format() {
    let dir = mixed();
    for format in FORMATS {
        let (_, loud) = run(dir.path(), &["--format", format, "."]);
        let (code, quiet) = run(dir.path(), &["--format", format, "--quiet", "."]);
        assert_eq!(code, 1, "{format}");
        assert!(loud.contains("unresolved-payload"), "{format}:\n{loud}");
        assert!(!quiet.contains("unresolved-payload"), "{format}:\n{quiet}");
        assert!(quiet.contains("redundant-field"), "{format}:\n{quiet}");
    }
}

#[test]
fn every_format_is_the_same_from_run_to_run() {
    // Files linted in parallel are reported by path, each file's diagnostics by position.
    let dir = tree(&[
        ("b.js", TWICE),
        ("a.js", REDUNDANT),
        ("c.js", WARNING),
        ("d.js", NON_ASCII),
        ("e.js", TWICE),
    ]);
    for format in FORMATS {
        let (_, one) = run(dir.path(), &["--format", format, "-j", "1", "."]);
        let (_, two) = run(dir.path(), &["--format", format, "-j", "2", "."]);
        assert_eq!(one, two, "{format}");
        let a = one.find("a.js").unwrap();
        let e = one.rfind("e.js").unwrap();
        assert!(
            a < one.find("b.js").unwrap() && one.find("d.js").unwrap() < e,
            "{format}:\n{one}"
        );
    }
}

/// The snapshots: every format on one fixture with an error (its safe fix has two edits) and a warning
/// (its fix is unsafe).
fn snapshot(format: &str) -> String {
    let (_, stdout) = run(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["--format", format, "fixtures/patterns/literal-and-write.js"],
    );
    stdout
}

#[test]
fn snapshot_compact() {
    insta::assert_snapshot!(snapshot("compact"));
}

#[test]
fn snapshot_github() {
    insta::assert_snapshot!(snapshot("github"));
}

#[test]
fn snapshot_gitlab() {
    insta::assert_snapshot!(snapshot("gitlab"));
}

#[test]
fn snapshot_checkstyle() {
    insta::assert_snapshot!(snapshot("checkstyle"));
}

#[test]
fn snapshot_junit() {
    insta::assert_snapshot!(snapshot("junit"));
}

#[test]
fn snapshot_rdjson() {
    insta::assert_snapshot!(snapshot("rdjson"));
}
