//! Fitting into CI and editors: standard input, suppression comments, the configuration file,
//! `--max-warnings`, `--explain`, shell completions.

use std::fs;

mod common;

use common::{json, tool};
use predicates::prelude::*;
use predicates::str::contains;

const DR: &str = "var dr = new DigitalRiver('pk');\n";

fn rules(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

// --- stdin --------------------------------------------------------------------------------------

#[test]
fn stdin_is_linted_as_the_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!("{DR}dr.createSource({{ type: 'payPal', amount: 1 }});\n");
    let out = tool(dir.path())
        .args([
            "--stdin",
            "--stdin-filename",
            "src/checkout.js",
            "--format",
            "json",
        ])
        .write_stdin(src.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["path"], "src/checkout.js");
    assert_eq!(rules(&v), ["missing-session-id", "redundant-field"]);
    // The extension picks the syntax: the same text as a page is not linted outside <script>.
    let page = format!(
        "<p>{}</p><script>{src}</script>",
        "dr.createSource({ type: 'payPal' })"
    );
    let out = tool(dir.path())
        .args([
            "--stdin",
            "--stdin-filename",
            "checkout.html",
            "--format",
            "json",
        ])
        .write_stdin(page)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["callSites"]["total"], 1);
}

/// Standard input is linted as the file `--stdin-filename` names, its imports read from the disk
/// around it: the merchant's own client imported from another module is not DigitalRiver.js, and
/// `--fix` leaves its request alone (found by a new user: `--stdin --fix` stripped `amount` and
/// `currency` from it, where naming the file did not).
#[test]
fn stdin_links_the_imports_of_the_named_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("src")).unwrap();
    fs::write(
        dir.path().join("src/backoffice.js"),
        "function createClient() { return { createSource(b) { return fetch('/erp', { method: 'POST', body: JSON.stringify(b) }); } }; }\n\
         export const backoffice = createClient();\n",
    )
    .unwrap();
    let src = "import { backoffice } from './backoffice.js';\n\
               export function sync(checkout, order) {\n\
               \x20 return backoffice.createSource({ type: 'wireTransfer', amount: order.total, currency: order.currency });\n\
               }\n";
    let out = tool(dir.path())
        .args([
            "--stdin",
            "--stdin-filename",
            "src/erpSync.js",
            "--fix",
            "--session-id-expr",
            "checkout.payment.session.id",
        ])
        .write_stdin(src)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), src);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = tool(dir.path())
        .args([
            "--stdin",
            "--stdin-filename",
            "src/erpSync.js",
            "--format",
            "json",
        ])
        .write_stdin(src)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["callSites"]["total"], 0, "{v}");
}

#[test]
fn stdin_with_fix_prints_the_fixed_text_only() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!("{DR}dr.createSource({{ type: 'payPal', amount: 1 }});\n");
    tool(dir.path())
        .args([
            "--stdin",
            "--stdin-filename",
            "a.js",
            "--fix",
            "--session-id-expr",
            "window.s.id",
        ])
        .write_stdin(src)
        .assert()
        .code(0)
        .stdout(format!(
            "{DR}dr.createSource({{ type: 'payPal', sessionId: window.s.id }});\n"
        ));
    // Nothing to fix: the text comes back unchanged.
    tool(dir.path())
        .args(["--stdin", "--fix"])
        .write_stdin("let a = 1;\n")
        .assert()
        .code(0)
        .stdout("let a = 1;\n");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

// --- suppressions -------------------------------------------------------------------------------

#[test]
fn suppressions_with_reasons_hide_findings() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.js"),
        format!(
            "{DR}var p = {{\n  type: 'payPal',\n  sessionId: s,\n  // dr-session-lint-ignore-next-line redundant-field -- the PSP still reads it (PAY-12)\n  amount: 1,\n  currency: 'USD'\n}};\ndr.createSource(p);\n"
        ),
    )
    .unwrap();
    let (code, v) = json(dir.path(), &["a.js"]);
    assert_eq!(rules(&v), ["redundant-field"], "only currency is left");
    assert_eq!(v["diagnostics"][0]["field"], "currency");
    assert_eq!(code, 1);
    fs::write(
        dir.path().join("b.js"),
        format!("// dr-session-lint-ignore-file -- legacy checkout, removed in Q3\n{DR}dr.createSource({{ type: 'payPal', amount: 1 }});\n"),
    )
    .unwrap();
    let (code, v) = json(dir.path(), &["b.js"]);
    assert!(rules(&v).is_empty(), "{v}");
    assert_eq!(code, 0);
    assert_eq!(
        v["summary"]["callSites"]["migrated"], 1,
        "a fully suppressed call no longer needs changes"
    );
}

#[test]
fn a_suppression_without_reason_or_unused_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.js"),
        format!(
            "{DR}// dr-session-lint-ignore-next-line missing-session-id\ndr.createSource({{ type: 'payPal' }});\n\
             // dr-session-lint-ignore-next-line redundant-field -- nothing redundant below\ndr.createSource({{ type: 'payPal', sessionId: s }});\n\
             // dr-session-lint-ignore-next-line no-such-rule -- typo\nlet x = 1;\n"
        ),
    )
    .unwrap();
    let (code, v) = json(dir.path(), &["a.js"]);
    let mut r = rules(&v);
    r.sort();
    assert_eq!(
        r,
        [
            "invalid-suppression",
            "invalid-suppression",
            "missing-session-id",
            "unused-suppression"
        ]
    );
    assert_eq!(code, 1);
    let messages: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(messages.iter().any(|m| m.contains("needs a reason")));
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown rule `no-such-rule`"))
    );
}

#[test]
fn a_file_suppression_after_code_is_invalid() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.js"),
        format!("{DR}// dr-session-lint-ignore-file -- too late\ndr.createSource({{ type: 'payPal' }});\n"),
    )
    .unwrap();
    let (_, v) = json(dir.path(), &["a.js"]);
    let mut r = rules(&v);
    r.sort();
    assert_eq!(r, ["invalid-suppression", "missing-session-id"]);
}

#[test]
fn suppressions_work_inside_template_scripts() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("page.html"),
        format!(
            "<html><body>\n<script>\n{DR}/* dr-session-lint-ignore-next-line missing-session-id, redundant-field -- replaced by Drop-in next sprint */\ndr.createSource({{ type: 'payPal', amount: 1 }});\n</script>\n</body></html>\n"
        ),
    )
    .unwrap();
    let (code, v) = json(dir.path(), &["page.html"]);
    assert!(rules(&v).is_empty(), "{v}");
    assert_eq!(code, 0);
}

#[test]
fn suppressed_findings_are_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!(
        "{DR}dr.createSource({{\n  type: 'payPal',\n  sessionId: s,\n  // dr-session-lint-ignore-next-line redundant-field -- kept on purpose\n  amount: 1,\n  currency: 'USD'\n}});\n"
    );
    fs::write(dir.path().join("a.js"), &src).unwrap();
    tool(dir.path()).args(["--fix", "a.js"]).assert().code(0);
    let fixed = fs::read_to_string(dir.path().join("a.js")).unwrap();
    assert!(
        fixed.contains("amount: 1") && !fixed.contains("currency"),
        "{fixed}"
    );
}

// --- configuration ------------------------------------------------------------------------------

fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("dr-session-lint.toml"), config).unwrap();
    fs::create_dir_all(dir.path().join("src/legacy")).unwrap();
    fs::create_dir_all(dir.path().join("views")).unwrap();
    fs::write(
        dir.path().join("src/pay.js"),
        "function pay(payload) { return client.createSource(payload); }\nclient.createSource({ type: 'payPal', amount: 1 });\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("src/legacy/old.js"),
        format!("{DR}dr.createSource({{ type: 'payPal' }});\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join("views/cart.tpl"),
        format!("<script>{DR}dr.createSource({{ type: 'bPay' }});</script>\n"),
    )
    .unwrap();
    dir
}

#[test]
fn configuration_is_found_from_a_subdirectory_and_applied() {
    let dir = project(
        "exclude = [\"src/legacy/**\"]\nsession-id-expr = \"window.drSession.id\"\n\
         [severity]\nunresolved-payload = \"off\"\n\
         [extensions]\ntpl = \"php\"\n\
         [receivers]\ndigitalriver = [\"client\"]\n",
    );
    // Run from a subdirectory: the file is found by walking up; paths in it are relative to it.
    let (_, v) = json(&dir.path().join("src"), &[".."]);
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(
        !paths.iter().any(|p| p.contains("legacy")),
        "excluded: {paths:?}"
    );
    assert!(
        paths.iter().any(|p| p.ends_with("views/cart.tpl")),
        "extension added: {paths:?}"
    );
    assert!(
        !rules(&v).contains(&"unresolved-payload".to_string()),
        "turned off"
    );
    // `client` is DigitalRiver.js by configuration, so its call with an unknown payload is too.
    assert_eq!(v["summary"]["callSites"]["digitalRiver"], 3);
    // The configured session-id-expr is what the fix inserts.
    let fix = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "missing-session-id")
        .unwrap()["fix"]
        .clone();
    assert_eq!(fix["applicability"], "safe");
    assert!(
        fix["edits"][0]["text"]
            .as_str()
            .unwrap()
            .contains("window.drSession.id")
    );
}

#[test]
fn flags_override_the_configuration() {
    let dir = project(
        "session-id-expr = \"a.b\"\nmax-warnings = 100\n[severity]\nmissing-session-id = \"warning\"\n",
    );
    let (code, v) = json(
        dir.path(),
        &["--session-id-expr", "c.d", "src/legacy/old.js"],
    );
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "warning", "severity from the file");
    assert!(
        d["fix"]["edits"][0]["text"]
            .as_str()
            .unwrap()
            .contains("c.d"),
        "flag wins"
    );
    assert_eq!(code, 0);
    let (code, _) = json(dir.path(), &["--max-warnings", "0", "src/legacy/old.js"]);
    assert_eq!(code, 1, "--max-warnings flag overrides the file's 100");
    // --no-config ignores it; --config names another.
    let (_, v) = json(dir.path(), &["--no-config", "src/legacy/old.js"]);
    assert_eq!(v["diagnostics"][0]["severity"], "error");
    fs::write(
        dir.path().join("other.toml"),
        "[severity]\nmissing-session-id = \"off\"\n",
    )
    .unwrap();
    let (code, v) = json(dir.path(), &["--config", "other.toml", "src/legacy/old.js"]);
    assert!(rules(&v).is_empty());
    assert_eq!(code, 0);
}

#[test]
fn every_configuration_error_points_into_the_file() {
    let cases = [
        ("colour = true\n", "unknown field `colour`"),
        (
            "session-id-expr = \"a; b\"\n",
            "not a JavaScript expression",
        ),
        ("include = [\"src/[\"]\n", "bad glob"),
        (
            "[severity]\nmissing-session-id = \"fatal\"\n",
            "bad severity `fatal`",
        ),
        (
            "[severity]\nno-such-rule = \"off\"\n",
            "unknown rule `no-such-rule`",
        ),
        (
            "[extensions]\ntpl = \"cobol\"\n",
            "unknown file kind `cobol`",
        ),
        (
            "[receivers]\ndigitalriver = \"dr\"\n",
            "invalid configuration",
        ),
        ("max-warnings = -1\n", "invalid configuration"),
        (
            "rules = [\"missing.toml\"]\n",
            "no rule table at `missing.toml`",
        ),
        (
            "[severity]\nio-error = \"off\"\n",
            "`io-error` cannot be changed",
        ),
        (
            "[receivers]\ndigitalriver = [\"dr\"]\nnot-digitalriver = [\"dr\"]\n",
            "listed as DigitalRiver.js and as not",
        ),
    ];
    for (config, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("dr-session-lint.toml"), config).unwrap();
        tool(dir.path())
            .arg(".")
            .assert()
            .code(2)
            .stderr(contains(message))
            .stdout("");
    }
}

// --- --max-warnings, --explain, completions ------------------------------------------------------

#[test]
fn exclude_globs_cover_directories_and_force_exclude_applies_them_to_named_files() {
    let dir = project("exclude = [\"./src/legacy\"]\n");
    let (_, v) = json(dir.path(), &["."]);
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(!paths.iter().any(|p| p.contains("legacy")), "{paths:?}");
    let (_, v) = json(dir.path(), &["src/legacy/old.js"]);
    assert_eq!(
        v["summary"]["callSites"]["total"], 1,
        "a named file is linted"
    );
    let (_, v) = json(dir.path(), &["--force-exclude", "src/legacy/old.js"]);
    assert_eq!(
        v["summary"]["callSites"]["total"], 0,
        "unless --force-exclude"
    );
}

#[test]
fn paths_are_shown_without_dot_parts() {
    let dir = project("");
    let (_, v) = json(dir.path(), &[".//src//legacy/./old.js"]);
    assert_eq!(v["diagnostics"][0]["path"], "src/legacy/old.js");
}

#[test]
fn stdin_rejects_paths_and_fix_with_output() {
    let dir = tempfile::tempdir().unwrap();
    tool(dir.path())
        .args(["--stdin", "a.js"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(contains("give no PATHS"));
    tool(dir.path())
        .args(["--stdin", "--fix", "-o", "x"])
        .write_stdin("")
        .assert()
        .code(2);
}

#[test]
fn max_warnings_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.js"),
        format!("{DR}function pay(p) {{ return dr.createSource(p); }}\n"),
    )
    .unwrap();
    tool(dir.path()).arg("a.js").assert().code(0);
    tool(dir.path())
        .args(["--max-warnings", "1", "a.js"])
        .assert()
        .code(0);
    tool(dir.path())
        .args(["--max-warnings", "0", "a.js"])
        .assert()
        .code(1)
        .stderr(contains("1 warning, more than --max-warnings 0"));
}

#[test]
fn explain_prints_each_rules_documentation() {
    let dir = tempfile::tempdir().unwrap();
    for rule in [
        "missing-session-id",
        "redundant-field",
        "unresolved-payload",
        "parse-error",
        "io-error",
        "skipped-file",
        "invalid-suppression",
        "unused-suppression",
    ] {
        tool(dir.path())
            .args(["--explain", rule])
            .assert()
            .code(0)
            .stdout(
                contains(format!("# {rule}"))
                    .and(contains("## What it does"))
                    .and(contains("## Fix safety")),
            );
    }
    tool(dir.path())
        .args(["--explain", "nope"])
        .assert()
        .code(2)
        .stderr(contains("unknown rule `nope`"));
}

#[test]
fn completions_are_printed_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        tool(dir.path())
            .args(["--completions", shell])
            .assert()
            .code(0)
            .stdout(contains("session-id-expr"));
    }
}
