//! The groundwork the analysis builds on, tried through the real binary: calls are data (a call kind
//! added in a rule table is found and checked with no Rust change), a call's migration status comes
//! from certainty and never from a configured severity.

use std::fs;

mod common;

use common::write;

fn call_sites(doc: &serde_json::Value) -> Vec<serde_json::Value> {
    doc["callSites"].as_array().unwrap().clone()
}

/// A `[[call]]` entry in a test-only rule table: `createDropin(configuration)`, whose first argument
/// must carry `sessionId` and has no payment type.
const DROPIN_TABLE: &str = r##"
[[call]]
name = "createDropin"
options = "first"
session-key = "sessionId"
docs = "#using-drop-in"
"##;

#[test]
fn a_call_kind_added_in_a_rule_table_is_found_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dropin.toml", DROPIN_TABLE);
    write(
        dir.path(),
        "checkout.js",
        "var dr = new DigitalRiver('pk');\n\
         dr.createDropin({ onSuccess: done, options: { flow: 'checkout' } });\n\
         dr.createDropin({ sessionId: s.id, onSuccess: done });\n\
         other.createDropin({ onSuccess: done });\n\
         dr.createSource({ type: 'payPal', sessionId: s.id });\n",
    );
    let (code, doc) = common::json(
        dir.path(),
        &[
            "--no-config",
            "--rules",
            "dropin.toml",
            "--session-id-expr",
            "s.id",
            "--global",
            "s",
            "checkout.js",
        ],
    );
    assert_eq!(code, 1, "{doc:#}");
    let calls = call_sites(&doc);
    let names: Vec<(&str, u64, &str)> = calls
        .iter()
        .map(|c| {
            (
                c["call"].as_str().unwrap(),
                c["line"].as_u64().unwrap(),
                c["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("createDropin", 2, "needs-changes"),
            ("createDropin", 3, "migrated"),
            // A receiver not created in the file, and no payment type to decide: may be.
            ("createDropin", 4, "needs-review"),
            ("createSource", 5, "migrated"),
        ]
    );
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let missing: Vec<&serde_json::Value> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "missing-session-id")
        .collect();
    assert_eq!(missing.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        missing[0]["message"],
        "`createDropin` payload has no `sessionId`"
    );
    assert!(
        missing[0]["url"]
            .as_str()
            .unwrap()
            .ends_with("payment-sessions#using-drop-in")
    );
    // Its fix inserts the session id first in the configuration object.
    let edit = &missing[0]["fix"]["edits"][0];
    assert_eq!(edit["text"], "sessionId: s.id, ");

    // --fix applies it.
    common::tool(dir.path())
        .args([
            "--no-config",
            "--rules",
            "dropin.toml",
            "--session-id-expr",
            "s.id",
            "--global",
            "s",
            "--fix",
            "checkout.js",
        ])
        .assert()
        // Fixed: what is left is the `other.createDropin` call to review, a warning.
        .code(0);
    let fixed = fs::read_to_string(dir.path().join("checkout.js")).unwrap();
    assert!(
        fixed.contains(
            "dr.createDropin({ sessionId: s.id, onSuccess: done, options: { flow: 'checkout' } });"
        ),
        "{fixed}"
    );
}

#[test]
fn a_configured_severity_never_changes_a_calls_status() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dr-session-lint.toml",
        "[severity]\nredundant-field = \"warning\"\nmissing-session-id = \"warning\"\n",
    );
    write(
        dir.path(),
        "a.js",
        "var dr = new DigitalRiver('pk');\n\
         dr.createSource({ type: 'payPal', sessionId: s, amount: 1 });\n\
         dr.createSource({ type: 'wireTransfer' });\n\
         var p = { type: 'konbini', sessionId: s };\n\
         if (x) p.amount = 1;\n\
         dr.createSource(p);\n",
    );
    let (code, doc) = common::json(dir.path(), &["a.js"]);
    assert_eq!(code, 0, "only warnings: {doc:#}");
    let statuses: Vec<&str> = call_sites(&doc)
        .iter()
        .map(|c| c["status"].as_str().unwrap().to_string().leak() as &str)
        .collect();
    // A certain finding configured as a warning still needs a change; a conditional one needs review.
    assert_eq!(statuses, ["needs-changes", "needs-changes", "needs-review"]);
    assert_eq!(doc["summary"]["callSites"]["needChanges"], 2);
    assert_eq!(doc["summary"]["callSites"]["needReview"], 1);
    assert!(
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] == "warning")
    );
}

#[test]
fn a_rule_table_that_replaces_the_builtin_needs_a_call() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "only-methods.toml",
        "replace-builtin = true\n[[method]]\ntype = \"x\"\nname = \"X\"\ndetails = [\"x\"]\nremove = []\ndocs = \"#x\"\n",
    );
    write(dir.path(), "a.js", "dr.createSource({ type: 'x' });\n");
    common::tool(dir.path())
        .args(["--no-config", "--rules", "only-methods.toml", "a.js"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("has no [[call]]"));
}

/// A call's `other-receivers` are globals' names: a path or an expression is an error that points
/// into the table (exit 2); a global named there is not DigitalRiver.js.
#[test]
fn other_receivers_are_names_of_globals() {
    let dir = tempfile::tempdir().unwrap();
    let table = |receivers: &str| {
        format!(
            "[[call]]\nname = \"mount\"\noptions = \"first\"\nsession-key = \"sessionId\"\nother-receivers = [{receivers}]\ndocs = \"#x\"\n"
        )
    };
    write(dir.path(), "a.js", "widgets.mount({});\nlib.mount({});\n");
    for bad in ["\"window.widgets\"", "\"\"", "\"x y\"", "\"1abc\""] {
        write(dir.path(), "rx.toml", &table(bad));
        common::tool(dir.path())
            .args(["--no-config", "--rules", "rx.toml", "a.js"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("is not a global's name"));
    }
    write(dir.path(), "rx.toml", &table("\"widgets\""));
    let out = common::tool(dir.path())
        .args([
            "--no-config",
            "--rules",
            "rx.toml",
            "--format",
            "json",
            "a.js",
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<u64> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["range"]["start"]["line"].as_u64())
        .collect();
    assert_eq!(lines, [2], "{doc}");
}
