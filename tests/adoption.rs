//! Gradual adoption, through the real binary: the baseline (`--suppress-all`, `--prune-suppressions`,
//! `--suppressions-location`) in every mode, the configuration nearest each file (`root = true`,
//! `--config`), `--print-config`, `--show-files`, `--statistics`, and the suggestions for a mistyped
//! flag.

use std::fs;
use std::path::Path;

mod common;

const BASELINE: &str = "dr-session-lint-suppressions.json";

/// One `missing-session-id` and one `redundant-field` (`amount`).
const LEGACY: &str = "var dr = new DigitalRiver('pk');\n\
dr.createSource({ type: 'payPal', amount: 10 });\n";

/// The same call with one more redundant field.
const LEGACY_MORE: &str = "var dr = new DigitalRiver('pk');\n\
dr.createSource({ type: 'payPal', amount: 10, currency: 'USD' });\n";

const MIGRATED: &str = "var dr = new DigitalRiver('pk');\n\
dr.createSource({ type: 'payPal', sessionId: s });\n";

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The rules of the diagnostics of a JSON report, sorted.
fn rules(doc: &serde_json::Value) -> Vec<String> {
    let mut r: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    r.sort();
    r
}

#[test]
fn the_baseline_lets_the_gate_pass_on_old_findings_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "dr-session-lint.toml", "globals = [\"checkout\"]\n");
    write(d, "src/paypal.js", LEGACY);
    write(d, "src/new.js", MIGRATED);
    common::tool(d).assert().code(1);

    // --suppress-all writes the counts per file and rule, next to the configuration.
    let out = common::tool(d).arg("--suppress-all").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Wrote dr-session-lint-suppressions.json: 2 findings in 1 file"),
        "{}",
        stderr(&out)
    );
    let written = fs::read_to_string(d.join(BASELINE)).unwrap();
    insta::assert_snapshot!("baseline_file", written);

    // Later runs pass, and say what the baseline suppressed, in every format.
    let out = common::tool(d).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("baseline_summary", stdout(&out));
    let (code, doc) = common::json(d, &[]);
    assert_eq!(code, 0);
    assert_eq!(doc["summary"]["suppressed"], 2);
    assert_eq!(rules(&doc), Vec::<String>::new());
    for format in [
        "sarif",
        "github",
        "compact",
        "checkstyle",
        "junit",
        "gitlab",
        "csv",
    ] {
        common::tool(d).args(["-f", format]).assert().code(0);
    }
    // The pre-commit hook names the staged files from the repository root; editors pipe the text.
    common::tool(d)
        .args(["--force-exclude", "src/paypal.js"])
        .assert()
        .code(0);
    common::tool(d)
        .args(["--stdin", "--stdin-filename", "src/paypal.js"])
        .write_stdin(LEGACY)
        .assert()
        .code(0);
    // From a subfolder: the baseline is found next to the configuration, its paths still match.
    common::tool(&d.join("src"))
        .arg("paypal.js")
        .assert()
        .code(0);

    // One more finding of a rule: every finding of that rule in the file is shown (which one is
    // new cannot be told); the other rule stays suppressed.
    write(d, "src/paypal.js", LEGACY_MORE);
    let (code, doc) = common::json(d, &[]);
    assert_eq!(code, 1);
    assert_eq!(rules(&doc), ["redundant-field", "redundant-field"]);
    assert_eq!(doc["summary"]["suppressed"], 1);
    common::tool(d)
        .args(["--stdin", "--stdin-filename", "src/paypal.js"])
        .write_stdin(LEGACY_MORE)
        .assert()
        .code(1);
    // A new file is not in the baseline.
    write(d, "src/other.js", LEGACY);
    let (code, doc) = common::json(d, &["src/other.js"]);
    assert_eq!((code, rules(&doc).len()), (1, 2));
    fs::remove_file(d.join("src/other.js")).unwrap();

    // Pruning lowers counts to what is left, and never raises them.
    write(d, "src/paypal.js", MIGRATED);
    let out = common::tool(d)
        .arg("--prune-suppressions")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 suppressed findings fixed, 0 left in 0 files"));
    let pruned: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join(BASELINE)).unwrap()).unwrap();
    assert_eq!(pruned, serde_json::json!({"version": 1, "files": {}}));
    write(d, "src/paypal.js", LEGACY);
    common::tool(d).arg("--prune-suppressions").assert().code(1);
    let (code, _) = common::json(d, &[]);
    assert_eq!(code, 1);
}

#[test]
fn pruning_keeps_what_is_left_and_drops_deleted_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.js", LEGACY_MORE);
    write(d, "b.js", LEGACY);
    common::tool(d)
        .args(["--no-config", "--suppress-all"])
        .assert()
        .code(0);
    write(d, "a.js", LEGACY);
    fs::remove_file(d.join("b.js")).unwrap();
    common::tool(d)
        .args(["--no-config", "--prune-suppressions", "a.js"])
        .assert()
        .code(0);
    let b: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join(BASELINE)).unwrap()).unwrap();
    assert_eq!(
        b,
        serde_json::json!({"version": 1, "files": {"a.js": {"missing-session-id": 1, "redundant-field": 1}}})
    );
}

#[test]
fn the_baseline_can_live_elsewhere_and_a_bad_one_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "src/a.js", LEGACY);
    let at = ["--no-config", "--suppressions-location", "ci/baseline.json"];
    common::tool(d)
        .args(at)
        .arg("--suppress-all")
        .assert()
        .code(0);
    assert!(!d.join(BASELINE).exists());
    // Paths are relative to the baseline's folder.
    let b = fs::read_to_string(d.join("ci/baseline.json")).unwrap();
    assert!(b.contains("\"../src/a.js\""), "{b}");
    common::tool(d).args(at).assert().code(0);

    // Missing where it was said to be: said, and every finding reported.
    let out = common::tool(d)
        .args(["--no-config", "--suppressions-location", "nowhere.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no baseline at nowhere.json"));
    common::tool(d)
        .args([
            "--no-config",
            "--prune-suppressions",
            "--suppressions-location",
            "nowhere.json",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no baseline at nowhere.json"));

    // Corrupt: exit 2, with the reason.
    for (text, reason) in [
        ("{\"version\": 1, \"files\": {", "corrupt"),
        ("{\"version\": 9, \"files\": {}}", "version 9"),
        (
            "{\"version\": 1, \"files\": {\"a.js\": {\"no-such-rule\": 1}}}",
            "unknown rule `no-such-rule`",
        ),
        (
            "{\"version\": 1, \"files\": {\"a.js\": {\"redundant-field\": -1}}}",
            "corrupt",
        ),
    ] {
        write(d, "ci/baseline.json", text);
        common::tool(d)
            .args(at)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(reason));
    }
    // --suppress-all replaces a corrupt baseline.
    common::tool(d)
        .args(at)
        .arg("--suppress-all")
        .assert()
        .code(0);
    common::tool(d).args(at).assert().code(0);
    // Modes that rewrite files do not write the baseline.
    common::tool(d)
        .args(["--no-config", "--suppress-all", "--fix"])
        .assert()
        .code(2);
}

/// A repository whose folders have their own configuration.
fn nested(d: &Path) {
    write(
        d,
        "dr-session-lint.toml",
        "session-id-expr = \"checkout.session.id\"\nglobals = [\"checkout\"]\n\n[severity]\nredundant-field = \"warn\"\n",
    );
    write(d, "app.js", LEGACY);
    write(
        d,
        "src/checkout/modules/dr-session-lint.toml",
        "exclude = [\"legacy/**\"]\n\n[severity]\nredundant-field = \"off\"\n",
    );
    write(d, "src/checkout/modules/pay.js", LEGACY);
    write(d, "src/checkout/modules/legacy/old.js", LEGACY);
    write(d, "vendor/dr-session-lint.toml", "root = true\n");
    write(d, "vendor/sdk.js", LEGACY);
}

fn severity_of(doc: &serde_json::Value, file: &str) -> Vec<(String, String)> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["path"] == file)
        .map(|x| {
            (
                x["rule"].as_str().unwrap().to_string(),
                x["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_file_gets_the_configuration_nearest_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    nested(d);
    let (code, doc) = common::json(d, &[]);
    assert_eq!(code, 1);
    let pair = |r: &str, s: &str| (r.to_string(), s.to_string());
    // The root configuration.
    assert_eq!(
        severity_of(&doc, "app.js"),
        [
            pair("missing-session-id", "error"),
            pair("redundant-field", "warning")
        ]
    );
    // The nested one turns redundant-field off, and inherits the session id expression (its
    // fix is no longer a placeholder).
    let modules = severity_of(&doc, "src/checkout/modules/pay.js");
    assert_eq!(modules, [pair("missing-session-id", "error")]);
    let fix = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["path"] == "src/checkout/modules/pay.js")
        .unwrap()["fix"]
        .to_string();
    assert!(fix.contains("checkout.session.id"), "{fix}");
    // Its `exclude` is relative to its own folder.
    assert!(severity_of(&doc, "src/checkout/modules/legacy/old.js").is_empty());
    // `root = true`: nothing inherited, the defaults.
    assert_eq!(
        severity_of(&doc, "vendor/sdk.js"),
        [
            pair("missing-session-id", "error"),
            pair("redundant-field", "error")
        ]
    );
    // Same answer from inside the folder as from the root.
    let (_, inside) = common::json(&d.join("src/checkout/modules"), &["pay.js"]);
    assert_eq!(severity_of(&inside, "pay.js"), modules);

    // --config applies one file to every file.
    let (_, doc) = common::json(d, &["--config", "dr-session-lint.toml"]);
    assert_eq!(
        severity_of(&doc, "src/checkout/modules/pay.js"),
        [
            pair("missing-session-id", "error"),
            pair("redundant-field", "warning")
        ]
    );
    assert!(!severity_of(&doc, "src/checkout/modules/legacy/old.js").is_empty());

    // A broken nested configuration stops the run.
    write(
        d,
        "src/checkout/modules/dr-session-lint.toml",
        "[severity]\nredundant-field = \"loud\"\n",
    );
    common::tool(d)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad severity `loud`"));
}

#[test]
fn print_config_says_where_each_setting_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    nested(d);
    let out = common::tool(d)
        .args(["--print-config", "src/checkout/modules/pay.js"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // It is TOML.
    assert!(text.parse::<toml::Table>().is_ok(), "{text}");
    insta::assert_snapshot!("print_config_toml", text);

    let out = common::tool(d)
        .args([
            "-f",
            "json",
            "--max-warnings",
            "3",
            "--print-config",
            "src/checkout/modules/legacy/old.js",
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &doc["settings"];
    assert_eq!(
        doc["configFiles"],
        serde_json::json!([
            "src/checkout/modules/dr-session-lint.toml",
            "dr-session-lint.toml"
        ])
    );
    assert_eq!(doc["walked"], false);
    assert_eq!(
        s["severity.redundant-field"]["source"],
        "src/checkout/modules/dr-session-lint.toml: severity.redundant-field"
    );
    assert_eq!(
        s["session-id-expr"]["source"],
        "dr-session-lint.toml: session-id-expr"
    );
    assert_eq!(s["severity.missing-session-id"]["source"], "default");
    assert_eq!(s["max-warnings"]["source"], "flag --max-warnings");
    assert_eq!(s["max-warnings"]["value"], 3);

    let (_, doc) = common::json(d, &["--print-config", "vendor/sdk.js"]);
    assert_eq!(
        doc["configFiles"],
        serde_json::json!(["vendor/dr-session-lint.toml"])
    );
    assert_eq!(
        doc["settings"]["session-id-expr"]["value"],
        serde_json::Value::Null
    );
}

#[test]
fn show_files_lists_what_is_linted_and_why_others_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    nested(d);
    write(d, ".gitignore", "build/\n");
    write(d, "build/bundle.js", LEGACY);
    write(d, "node_modules/dep/index.js", LEGACY);
    write(d, "src/app.min.js", LEGACY);
    write(d, "README.txt", "");
    write(d, "src/.drslignore", "generated.js\n");
    write(d, "src/generated.js", LEGACY);
    let out = common::tool(d).arg("--show-files").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("show_files", stdout(&out));
    let (code, doc) = common::json(d, &["--show-files"]);
    assert_eq!(code, 0);
    assert_eq!(doc["files"].as_array().unwrap().len(), 3);
    // What --show-files lists is what a run lints.
    let (_, run) = common::json(d, &[]);
    assert_eq!(run["summary"]["filesScanned"], 3);
}

#[test]
fn statistics_count_per_rule_and_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.js", LEGACY_MORE);
    write(d, "b.js", LEGACY);
    write(d, "c.js", MIGRATED);
    let out = common::tool(d)
        .args(["--no-config", "--statistics"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("statistics_text", stdout(&out));
    let (code, doc) = common::json(d, &["--no-config", "--statistics"]);
    assert_eq!(code, 1);
    assert_eq!(doc["rules"][0]["rule"], "redundant-field");
    assert_eq!(doc["rules"][0]["count"], 3);
    assert_eq!(doc["rules"][1]["count"], 2);
    assert_eq!(doc["files"][0]["path"], "a.js");
    assert_eq!(doc["files"][0]["count"], 3);
    assert_eq!(doc["files"].as_array().unwrap().len(), 2);
    // The baseline's findings are not counted, but said.
    common::tool(d)
        .args(["--no-config", "--suppress-all", "b.js"])
        .assert()
        .code(0);
    let (_, doc) = common::json(d, &["--no-config", "--statistics"]);
    assert_eq!(doc["suppressed"], 2);
    assert_eq!(doc["files"].as_array().unwrap().len(), 1);
    // Text or JSON only.
    common::tool(d)
        .args(["--no-config", "--statistics", "-f", "sarif"])
        .assert()
        .code(2);
}

#[test]
fn a_mistyped_flag_gets_a_suggestion_only_of_the_same_kind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.js", MIGRATED);
    let suggests = |args: &[&str]| -> Option<String> {
        let out = common::tool(d).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("unexpected argument"), "{err}");
        err.lines()
            .find_map(|l| l.trim().strip_prefix("tip: a similar argument exists: "))
            .map(|s| s.trim_matches('\'').to_string())
    };
    assert_eq!(
        suggests(&["--max-warning", "3"]).as_deref(),
        Some("--max-warnings")
    );
    assert_eq!(suggests(&["--statistic"]).as_deref(), Some("--statistics"));
    assert_eq!(
        suggests(&["--suppress-al"]).as_deref(),
        Some("--suppress-all")
    );
    // A number is expected, a word is given.
    assert_eq!(suggests(&["--max-warning", "lots"]), None);
    // A switch takes no value.
    assert_eq!(suggests(&["--fixx=all"]), None);
    // ESLint's `--rule` sets a rule; `--rules` reads a rule table file.
    assert_eq!(suggests(&["--rule", "redundant-field:off"]), None);
    // An enumerated value must be one of its values.
    assert_eq!(suggests(&["--formt", "json"]).as_deref(), Some("--format"));
    assert_eq!(suggests(&["--formt", "xml"]), None);
}
