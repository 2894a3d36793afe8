//! `--format sarif` and `--format github`, produced by the real binary: the SARIF log read back into
//! serde-sarif's types (generated from the official SARIF 2.1.0 schema), checked against our JSON Schema
//! of the SARIF subset the tool writes (tests/schemas/sarif-subset.schema.json, written from the SARIF
//! 2.1.0 specification) and against facts computed by hand; the workflow commands checked line by line,
//! escapes included; `--output`; write errors on standard output and the report file; `--stdin --fix`
//! when the fixes would not parse.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

mod common;

use assert_cmd::Command;
use serde_json::{Value, json};

use serde_sarif::sarif::{ResultColumnKind, ResultLevel, Sarif, Version};

/// Our JSON Schema of the part of SARIF 2.1.0 the tool writes (inside the repository).
const SARIF_SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/schemas/sarif-subset.schema.json"
);

/// A redundant `amount` whose removal is a safe fix.
const REDUNDANT: &str = "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'payPal', sessionId: s, amount: 1 });\n";

/// A payload without `sessionId`, over several lines.
const MISSING: &str = "var dr = new DigitalRiver('k');\ndr.createSource({\n  type: 'payPal',\n  payPal: { returnUrl: r }\n});\n";

const RULES: &[&str] = &[
    "missing-session-id",
    "redundant-field",
    "unresolved-payload",
    "session-not-configured",
    "parse-error",
    "internal-error",
    "io-error",
    "skipped-file",
    "invalid-suppression",
    "unused-suppression",
];

fn tool(dir: &Path) -> Command {
    let mut c = common::tool(dir);
    c.arg("--no-config");
    c
}

/// Run with `args`; the exit code and standard output.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = tool(dir).args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{args:?} crashed: {:?}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap(), stdout)
}

fn sarif(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "sarif"];
    all.extend_from_slice(args);
    let (code, stdout) = run(dir, &all);
    let log = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("the SARIF output is not JSON: {e}\n{stdout}"));
    (code, log)
}

/// Refuses every remote reference: the schema refers only to itself, and tests have no network.
struct NoNetwork;

impl jsonschema::Retrieve for NoNetwork {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("no network in tests: {uri}").into())
    }
}

/// Every way `log` breaks our schema of the SARIF 2.1.0 subset (formats such as `uri` checked), one
/// line each.
fn schema_errors(log: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(SARIF_SCHEMA)
        .unwrap_or_else(|e| panic!("cannot read the SARIF schema {SARIF_SCHEMA}: {e}"));
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("{SARIF_SCHEMA} is not a valid JSON Schema: {e}");
    }
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .with_retriever(NoNetwork)
        .build(&schema)
        .expect("the SARIF schema compiles");
    common::violations(&validator, log)
}

/// `log` read back into serde-sarif's types, generated from the official SARIF 2.1.0 schema: required
/// properties present, every property of the type the schema says. The values the generated types keep
/// as JSON (`version`, `columnKind`, a rule's default level) are read into the schema's enumerations.
fn typed(log: &Value) -> Result<Sarif, String> {
    let sarif: Sarif = serde_json::from_value(log.clone()).map_err(|e| e.to_string())?;
    serde_json::from_value::<Version>(sarif.version.clone())
        .map_err(|e| format!("version: {e}"))?;
    for run in &sarif.runs {
        if let Some(kind) = &run.column_kind {
            serde_json::from_value::<ResultColumnKind>(kind.clone())
                .map_err(|e| format!("columnKind: {e}"))?;
        }
        for rule in run.tool.driver.rules.iter().flatten() {
            if let Some(level) = rule
                .default_configuration
                .as_ref()
                .and_then(|c| c.level.clone())
            {
                serde_json::from_value::<ResultLevel>(level)
                    .map_err(|e| format!("rule {}: defaultConfiguration.level: {e}", rule.id))?;
            }
        }
    }
    Ok(sarif)
}

/// The log reads back into the typed SARIF structures and matches our schema of the subset; the typed
/// log serializes back to the same JSON (nothing was lost or renamed on the way).
fn assert_valid_sarif(log: &Value) {
    let sarif = typed(log).unwrap_or_else(|e| {
        panic!(
            "the SARIF log does not read back into the SARIF 2.1.0 types: {e}\nlog:\n{}",
            serde_json::to_string_pretty(log).unwrap()
        )
    });
    assert_eq!(
        &serde_json::to_value(&sarif).unwrap(),
        log,
        "the SARIF log changes through the SARIF 2.1.0 types"
    );
    let errors = schema_errors(log);
    assert!(
        errors.is_empty(),
        "the SARIF log breaks the SARIF 2.1.0 subset schema:\n  {}\nlog:\n{}",
        errors.join("\n  "),
        serde_json::to_string_pretty(log).unwrap()
    );
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"]
        .as_array()
        .expect("runs[0].results")
}

fn location(result: &Value) -> &Value {
    &result["locations"][0]["physicalLocation"]
}

/// The results of a rule in a file (by its URI).
fn find<'a>(log: &'a Value, rule: &str, uri: &str) -> Vec<&'a Value> {
    results(log)
        .iter()
        .filter(|r| r["ruleId"] == rule && location(r)["artifactLocation"]["uri"] == uri)
        .collect()
}

/// Apply a SARIF fix's replacements (byte regions of the original text) to `text`.
fn apply(text: &str, fix: &Value) -> String {
    let mut replacements: Vec<(usize, usize, &str)> = fix["artifactChanges"][0]["replacements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let region = &r["deletedRegion"];
            (
                region["byteOffset"].as_u64().unwrap() as usize,
                region["byteLength"].as_u64().unwrap() as usize,
                r["insertedContent"]["text"].as_str().unwrap(),
            )
        })
        .collect();
    replacements.sort();
    let mut out = String::new();
    let mut at = 0;
    for (offset, length, inserted) in replacements {
        out.push_str(&text[at..offset]);
        out.push_str(inserted);
        at = offset + length;
    }
    out.push_str(&text[at..]);
    out
}

#[test]
fn sarif_of_the_fixtures_matches_the_schema() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, log) = sarif(crate_dir, &["fixtures"]);
    assert_eq!(code, 1, "the fixtures have errors");
    assert_valid_sarif(&log);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let sarif_run = &log["runs"][0];
    assert_eq!(sarif_run["tool"]["driver"]["name"], "dr-session-lint");
    assert_eq!(
        sarif_run["tool"]["driver"]["version"],
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(sarif_run["columnKind"], "utf16CodeUnits");
    assert_eq!(sarif_run["invocations"][0]["executionSuccessful"], true);
    let root = sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );

    // One rule per rule id, in order; results point at their rule.
    let rules = sarif_run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, RULES);
    assert_eq!(rules[0]["name"], "MissingSessionId");
    assert_eq!(rules[0]["defaultConfiguration"]["level"], "error");
    assert_eq!(rules[2]["defaultConfiguration"]["level"], "warning");
    assert_eq!(
        rules[0]["fullDescription"]["text"],
        "Reports a DigitalRiver.js `createSource` payload that has no `sessionId`."
    );
    assert!(
        rules[0]["help"]["markdown"]
            .as_str()
            .unwrap()
            .starts_with("# missing-session-id")
    );
    assert!(
        rules[0]["helpUri"]
            .as_str()
            .unwrap()
            .starts_with("https://docs.digitalriver.com/")
    );
    for r in results(&log) {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(r["ruleId"], ids[index]);
        let artifact = &location(r)["artifactLocation"];
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
        assert!(artifact["uri"].as_str().unwrap().starts_with("fixtures/"));
        assert!(location(r)["region"]["startLine"].as_u64().unwrap() >= 1);
    }

    // The same findings as the JSON report; only safe and unsafe fixes are offered.
    let (_, json) = run(crate_dir, &["--format", "json", "fixtures"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(results(&log).len(), diagnostics.len());
    for (r, d) in results(&log).iter().zip(diagnostics) {
        assert_eq!(r["ruleId"], d["rule"]);
        assert_eq!(r["level"], d["severity"]);
        assert_eq!(r["message"]["text"], d["message"]);
        let region = &location(r)["region"];
        assert_eq!(region["startLine"], d["range"]["start"]["line"]);
        assert_eq!(region["startColumn"], d["range"]["start"]["column"]);
    }
    let fixable = &json["summary"]["fixable"];
    let offered = results(&log)
        .iter()
        .filter(|r| r.get("fixes").is_some())
        .count() as u64;
    assert_eq!(
        offered,
        fixable["safe"].as_u64().unwrap() + fixable["unsafe"].as_u64().unwrap()
    );
    assert!(fixable["displayOnly"].as_u64().unwrap() > 0);
    let unsafe_fixes = results(&log)
        .iter()
        .filter(|r| r["properties"]["fixApplicability"] == "unsafe")
        .collect::<Vec<_>>();
    assert!(!unsafe_fixes.is_empty());
    for r in unsafe_fixes {
        let text = r["fixes"][0]["description"]["text"].as_str().unwrap();
        assert!(text.ends_with("(unsafe)"), "{text}");
    }

    // A parse error is a point with a position; related locations carry ids and messages.
    let parse = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "parse-error")
        .unwrap();
    assert_eq!(location(parse)["region"]["byteLength"], 0);
    let related = results(&log)
        .iter()
        .find(|r| r.get("relatedLocations").is_some())
        .unwrap();
    assert_eq!(related["relatedLocations"][0]["id"], 1);
    assert!(related["relatedLocations"][0]["message"]["text"].is_string());
}

#[test]
fn sarif_fixes_and_percent_encoded_paths() {
    let dir = tempfile::Builder::new()
        .prefix("sarif root ")
        .tempdir()
        .unwrap();
    std::fs::write(dir.path().join("my file.js"), REDUNDANT).unwrap();
    std::fs::create_dir(dir.path().join("sub dir")).unwrap();
    std::fs::write(dir.path().join("sub dir/no#session.js"), MISSING).unwrap();

    let (code, log) = sarif(
        dir.path(),
        &[
            "--session-id-expr",
            "checkout.payment.session.id",
            "--global",
            "checkout",
        ],
    );
    assert_eq!(code, 1);
    assert_valid_sarif(&log);
    let root = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(root.starts_with("file:///"), "{root}");
    assert!(
        root.contains("/sarif%20root%20") && root.ends_with('/'),
        "{root}"
    );

    // The redundant `amount`: its region, and a safe fix removing it with its comma.
    let found = find(&log, "redundant-field", "my%20file.js");
    assert_eq!(found.len(), 1, "{log:#}");
    let r = found[0];
    assert_eq!(r["level"], "error");
    assert_eq!(r["ruleIndex"], 1);
    assert_eq!(location(r)["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let amount = REDUNDANT.find("amount: 1").unwrap();
    assert_eq!(
        location(r)["region"],
        json!({
            "startLine": 2, "startColumn": amount - 32 + 1, "endLine": 2, "endColumn": amount - 32 + 10,
            "byteOffset": amount, "byteLength": 9,
        })
    );
    assert_eq!(r["properties"]["field"], "amount");
    assert_eq!(r["properties"]["paymentType"], "payPal");
    let fix = &r["fixes"][0];
    assert_eq!(
        fix["artifactChanges"][0]["artifactLocation"],
        location(r)["artifactLocation"]
    );
    let replacement = &fix["artifactChanges"][0]["replacements"][0];
    let comma = REDUNDANT.find(", amount: 1").unwrap();
    assert_eq!(replacement["deletedRegion"]["byteOffset"], comma);
    assert_eq!(
        replacement["deletedRegion"]["byteLength"],
        ", amount: 1".len()
    );
    assert_eq!(replacement["deletedRegion"]["startLine"], 2);
    assert_eq!(replacement["deletedRegion"]["startColumn"], comma - 32 + 1);
    assert_eq!(replacement["insertedContent"]["text"], "");
    assert_eq!(apply(REDUNDANT, fix), REDUNDANT.replace(", amount: 1", ""));

    // The missing `sessionId` over several lines: a safe insertion (an empty deleted region).
    let found = find(&log, "missing-session-id", "sub%20dir/no%23session.js");
    assert_eq!(found.len(), 1, "{log:#}");
    let r = found[0];
    let region = &location(r)["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["endLine"].as_u64()),
        (Some(2), Some(5))
    );
    let fix = &r["fixes"][0];
    let replacement = &fix["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["byteLength"], 0);
    assert_eq!(
        replacement["deletedRegion"]["startColumn"],
        replacement["deletedRegion"]["endColumn"]
    );
    assert_eq!(
        apply(MISSING, fix),
        MISSING.replace(
            "type: 'payPal',",
            "type: 'payPal',\n  sessionId: checkout.payment.session.id,"
        )
    );

    // Without --session-id-expr the insertion holds a placeholder: no fix is offered.
    let (_, log) = sarif(dir.path(), &[]);
    assert_valid_sarif(&log);
    let r = find(&log, "missing-session-id", "sub%20dir/no%23session.js")[0];
    assert!(r.get("fixes").is_none(), "{r:#}");
    assert_eq!(r["properties"]["fixApplicability"], "display-only");
}

#[test]
fn sarif_absolute_and_unreadable_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("my file.js"), REDUNDANT).unwrap();
    let absolute = dir.path().join("my file.js");
    let missing = dir.path().join("missing dir");
    let (code, log) = sarif(
        dir.path(),
        &[absolute.to_str().unwrap(), missing.to_str().unwrap()],
    );
    assert_eq!(code, 2, "an unreadable path is a failure");
    assert_valid_sarif(&log);
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    for r in results(&log) {
        let artifact = &location(r)["artifactLocation"];
        let uri = artifact["uri"].as_str().unwrap();
        assert!(uri.starts_with("file:///"), "{uri}");
        assert!(!uri.contains(' '), "{uri}");
        assert!(artifact.get("uriBaseId").is_none(), "{artifact}");
    }
    let io = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "io-error")
        .expect("an io-error result");
    assert!(
        location(io)["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/missing%20dir")
    );
    assert_eq!(
        location(io)["region"],
        json!({ "startLine": 1, "startColumn": 1 })
    );
    let fixed = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "redundant-field")
        .unwrap();
    assert!(
        fixed["fixes"][0]["artifactChanges"][0]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/my%20file.js")
    );
}

#[test]
fn the_schema_check_rejects_broken_logs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("my file.js"), REDUNDANT).unwrap();
    let (_, log) = sarif(dir.path(), &[]);
    assert_valid_sarif(&log);
    type Corrupt = fn(&mut Value);
    // What is broken, whether the typed structures reject it too (the schema must reject them all).
    let broken: Vec<(&str, bool, Corrupt)> = vec![
        ("an unknown level", true, |l| {
            l["runs"][0]["results"][0]["level"] = json!("fatal")
        }),
        ("no version", true, |l| {
            l.as_object_mut().unwrap().remove("version");
        }),
        ("another version", true, |l| l["version"] = json!("2.0.0")),
        ("line 0", false, |l| {
            l["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                json!(0)
        }),
        ("an unknown column kind", true, |l| {
            l["runs"][0]["columnKind"] = json!("bytes")
        }),
        ("a fix without replacements", false, |l| {
            l["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"] = json!([])
        }),
        ("a replacement without deleted region", true, |l| {
            l["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
                .as_object_mut()
                .unwrap()
                .remove("deletedRegion");
        }),
        ("an artifact change without artifact location", true, |l| {
            l["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]
                .as_object_mut()
                .unwrap()
                .remove("artifactLocation");
        }),
        ("a result without message", true, |l| {
            l["runs"][0]["results"][0]
                .as_object_mut()
                .unwrap()
                .remove("message");
        }),
        ("a helpUri that is not a URI", false, |l| {
            l["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = json!("not a uri")
        }),
        ("an unknown default level", true, |l| {
            l["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] =
                json!("fatal")
        }),
        ("a rule without id", true, |l| {
            l["runs"][0]["tool"]["driver"]["rules"][0]
                .as_object_mut()
                .unwrap()
                .remove("id");
        }),
        ("a property outside the subset", false, |l| {
            l["runs"][0]["results"][0]["severity"] = json!("high")
        }),
    ];
    for (what, typed_rejects, corrupt) in broken {
        let mut bad = log.clone();
        corrupt(&mut bad);
        assert_ne!(bad, log, "{what}: the corruption changed nothing");
        assert!(
            !schema_errors(&bad).is_empty(),
            "the schema check accepted a log with {what}"
        );
        if typed_rejects {
            assert!(
                typed(&bad).is_err(),
                "the SARIF types accepted a log with {what}"
            );
        }
    }
}

#[test]
fn github_annotations_escape_paths_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a,b:c.js"), REDUNDANT).unwrap();
    std::fs::write(dir.path().join("multi.js"), MISSING).unwrap();
    let missing = "no such%dir";
    let (code, stdout) = run(dir.path(), &["--format", "github", ".", missing]);
    assert_eq!(code, 2);
    let mut lines: Vec<&str> = stdout.lines().collect();
    // The closing notice with the counts (tests/ci_formats.rs checks it).
    assert!(
        lines.pop().is_some_and(|l| l.starts_with("::notice ")),
        "{stdout}"
    );
    assert_eq!(lines.len(), 3, "one line per diagnostic:\n{stdout}");
    assert!(stdout.ends_with('\n'));
    for l in &lines {
        assert!(
            l.starts_with("::error ") || l.starts_with("::warning "),
            "{l}"
        );
        assert!(!l.contains('\r'), "{l}");
    }

    // A comma and a colon in the path are escaped in the `file` property.
    let amount = REDUNDANT.find("amount: 1").unwrap() - 32 + 1;
    let redundant = lines
        .iter()
        .find(|l| l.contains("title=redundant-field"))
        .unwrap();
    assert!(
        redundant.starts_with(&format!(
            "::error file=a%2Cb%3Ac.js,line=2,col={amount},endLine=2,endColumn={},title=redundant-field::",
            amount + 9
        )),
        "{redundant}"
    );
    // The help follows the message after an escaped newline.
    let (_, message) = redundant.split_once("title=redundant-field::").unwrap();
    assert!(
        message.starts_with("`amount` is redundant with payment sessions (PayPal)%0Ahelp: "),
        "{message}"
    );

    // A range over lines has no columns (annotations take columns on one line only).
    let multi = lines
        .iter()
        .find(|l| l.contains("title=missing-session-id"))
        .unwrap();
    assert!(
        multi.starts_with("::error file=multi.js,line=2,endLine=5,title=missing-session-id::"),
        "{multi}"
    );

    // `%` in the path (property) and in the message (data).
    let io = lines.iter().find(|l| l.contains("title=io-error")).unwrap();
    assert!(
        io.starts_with(
            "::error file=no such%25dir,line=1,col=1,title=io-error::cannot read no such%25dir: "
        ),
        "{io}"
    );
}

#[cfg(unix)]
#[test]
fn github_annotations_escape_newlines() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout) = run(dir.path(), &["--format", "github", "two\nlines:%.js"]);
    assert_eq!(code, 2);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "::error file=two%0Alines%3A%25.js,line=1,col=1,title=io-error::cannot read two%0Alines:%25.js: No such file or directory (os error 2)",
            "::notice title=dr-session-lint::1 error, 0 warnings; 0 files scanned: 0 DigitalRiver.js call sites found; 0 already migrated, 0 need changes, 0 need manual review."
        ]
    );
}

#[test]
fn github_is_the_default_format_on_github_actions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.js"), REDUNDANT).unwrap();
    let out = tool(dir.path())
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("::error file=a.js,line=2,"), "{stdout}");
    assert_eq!(
        stdout.lines().count(),
        2,
        "an annotation and the notice: {stdout}"
    );

    let out = tool(dir.path())
        .env("GITHUB_ACTIONS", "true")
        .args(["--format", "human"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("::error"), "{stdout}");
    assert!(stdout.contains(" scanned: "), "{stdout}");

    // Anything but `true` keeps the human report.
    let out = tool(dir.path())
        .env("GITHUB_ACTIONS", "false")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("::error"), "{stdout}");
    assert!(stdout.contains(" scanned: "), "{stdout}");
}

#[test]
fn output_file_holds_the_sarif_log_and_stdout_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("my file.js"), REDUNDANT).unwrap();
    let (code, stdout) = run(dir.path(), &["--format", "sarif", "--output", "out.sarif"]);
    assert_eq!(code, 1);
    assert!(stdout.contains(" scanned: "), "{stdout}");
    assert!(!stdout.contains("$schema"), "{stdout}");
    let text = std::fs::read_to_string(dir.path().join("out.sarif")).unwrap();
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_valid_sarif(&log);
    assert_eq!(find(&log, "redundant-field", "my%20file.js").len(), 1);

    // The same with the annotations.
    let (_, stdout) = run(
        dir.path(),
        &[
            "--format",
            "github",
            "--output",
            "annotations.txt",
            "my file.js",
        ],
    );
    assert!(stdout.contains(" scanned: "), "{stdout}");
    let text = std::fs::read_to_string(dir.path().join("annotations.txt")).unwrap();
    assert!(
        text.starts_with("::error file=my file.js,line=2,"),
        "{text}"
    );
}

#[test]
fn sarif_links_the_migration_guide_of_the_rule_table() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.js"), REDUNDANT).unwrap();
    let builtin = "https://docs.digitalriver.com/digital-river-api/integration-options/checkouts/creating-checkouts/payment-sessions#migrating-to-payment-sessions";
    let (_, log) = sarif(dir.path(), &[]);
    assert_eq!(log["runs"][0]["tool"]["driver"]["informationUri"], builtin);

    std::fs::write(
        dir.path().join("docs.toml"),
        "docs-page = \"https://docs.example.com/sessions\"\n",
    )
    .unwrap();
    let (code, log) = sarif(dir.path(), &["--rules", "docs.toml"]);
    assert_eq!(code, 1);
    assert_valid_sarif(&log);
    let guide = "https://docs.example.com/sessions#migrating-to-payment-sessions";
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["informationUri"], guide);
    let with_help: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("helpUri").is_some())
        .map(|r| {
            assert_eq!(r["helpUri"], guide, "{r:#}");
            r["id"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        with_help,
        [
            "missing-session-id",
            "redundant-field",
            "unresolved-payload"
        ]
    );
}

// --- write errors -------------------------------------------------------------------------------

/// The real binary as a plain process (to give it a standard output of our choosing), in `dir`.
fn process(dir: &Path, args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dr-session-lint"));
    c.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .args(["--color", "never", "--no-config"])
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Run with standard output on `/dev/full` (every write fails with "no space left"): the exit code
/// and standard error.
#[cfg(target_os = "linux")]
fn to_dev_full(dir: &Path, args: &[&str], stdin: Option<&str>) -> (Option<i32>, String) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux");
    let mut c = process(dir, args);
    c.stdout(full);
    if stdin.is_some() {
        c.stdin(Stdio::piped());
    }
    let mut child = c.spawn().unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_on_stdout_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.js"), REDUNDANT).unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let (code, stderr) = to_dev_full(dir.path(), &["--format", format, "."], None);
        assert_eq!(code, Some(2), "--format {format}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output: No space left on device"),
            "--format {format}: {stderr}"
        );
    }
    // With --output, the summary on the terminal.
    let (code, stderr) = to_dev_full(
        dir.path(),
        &["--format", "sarif", "--output", "out.sarif", "."],
        None,
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.sarif")).unwrap())
            .unwrap();
    assert_valid_sarif(&log);
    // The report file itself.
    let (code, stdout) = run(
        dir.path(),
        &["--format", "sarif", "--output", "/dev/full", "."],
    );
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    let out = tool(dir.path())
        .args(["--output", "/dev/full", "."])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot write the report to /dev/full"),
        "{out:?}"
    );
    // The fixed text of --stdin --fix.
    let (code, stderr) = to_dev_full(
        dir.path(),
        &[
            "--stdin",
            "--fix",
            "--session-id-expr",
            "s",
            "--global",
            "s",
            "--stdin-filename",
            "a.js",
        ],
        Some(MISSING),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_on_stdout_is_not_an_error() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The SARIF log of the fixtures is far larger than a pipe's buffer: writing it fails once the
    // reading end is closed.
    let mut child = process(crate_dir, &["--format", "sarif", "fixtures"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the fixtures' errors: {stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

// --- --stdin --fix when the fixes would not parse --------------------------------------------------

#[test]
fn stdin_fix_says_when_the_fixes_would_not_parse() {
    let dir = tempfile::tempdir().unwrap();
    // `<any>s` is one TypeScript expression (a type assertion), so --session-id-expr accepts it; in a
    // JavaScript file it reads as JSX, and the payload with it inserted does not parse.
    let args = [
        "--stdin",
        "--fix",
        "--session-id-expr",
        "<any>s",
        "--global",
        "s",
        "--stdin-filename",
    ];
    let out = tool(dir.path())
        .args(args)
        .arg("src/checkout.js")
        .write_stdin(MISSING)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // The editor's buffer is given back whole, unchanged.
    assert_eq!(String::from_utf8_lossy(&out.stdout), MISSING);
    assert!(
        stderr.contains(
            "cannot fix src/checkout.js: the fixes would produce code that does not parse"
        ),
        "{stderr}"
    );

    // The same expression in TypeScript: fixed.
    let out = tool(dir.path())
        .args(args)
        .arg("src/checkout.ts")
        .write_stdin(MISSING)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        MISSING.replace("type: 'payPal',", "type: 'payPal',\n  sessionId: <any>s,")
    );
    assert!(out.stderr.is_empty(), "{out:?}");

    // A file path reports it the same way.
    std::fs::write(dir.path().join("checkout.js"), MISSING).unwrap();
    let out = tool(dir.path())
        .args([
            "--fix",
            "--session-id-expr",
            "<any>s",
            "--global",
            "s",
            "checkout.js",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("cannot fix checkout.js: the fixes would produce code that does not parse"),
        "{out:?}"
    );
}
