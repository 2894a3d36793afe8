//! The session id the fix inserts must resolve where it lands (issue: fixes that never break a
//! checkout): names not bound there make the fix display-only with the reason, and a suggestion of
//! what is in scope; per-path expressions and page globals; objects other code reads get an unsafe
//! insertion at most.

use std::fs;
use std::path::Path;

mod common;

fn write(dir: &Path, name: &str, text: &str) {
    if let Some(parent) = dir.join(name).parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(dir.join(name), text).unwrap();
}

/// The fix of the `missing-session-id` diagnostic of `file`.
fn session_fix(doc: &serde_json::Value, file: &str) -> serde_json::Value {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "missing-session-id" && d["path"] == file)
        .unwrap_or_else(|| panic!("no missing-session-id in {file}: {doc:#}"))["fix"]
        .clone()
}

const DR: &str = "var dr = new DigitalRiver('pk');\n";

#[test]
fn an_expression_whose_names_are_not_bound_is_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.js",
        &format!("{DR}function pay() {{ dr.createSource({{ type: 'wireTransfer' }}); }}\n"),
    );
    write(
        dir.path(),
        "b.js",
        &format!("{DR}function pay(checkout) {{ dr.createSource({{ type: 'wireTransfer' }}); }}\n"),
    );
    write(
        dir.path(),
        "c.js",
        &format!(
            "{DR}function pay(cart) {{\n  const sid = cart.payment.session.id;\n  dr.createSource({{ type: 'wireTransfer' }});\n}}\n"
        ),
    );
    let args = [
        "--no-config",
        "--session-id-expr",
        "checkout.payment.session.id",
        ".",
    ];
    let (_, doc) = common::json(dir.path(), &args);
    let a = session_fix(&doc, "a.js");
    assert_eq!(a["applicability"], "display-only");
    assert!(
        a["note"]
            .as_str()
            .unwrap()
            .starts_with("`checkout` is not defined here"),
        "{a:#}"
    );
    // A parameter named `checkout`: bound, safe.
    let b = session_fix(&doc, "b.js");
    assert_eq!(b["applicability"], "safe", "{b:#}");
    assert!(b.get("note").is_none());
    // What is in scope that holds a session id is suggested, never applied.
    let c = session_fix(&doc, "c.js");
    assert_eq!(c["applicability"], "display-only");
    assert!(
        c["note"]
            .as_str()
            .unwrap()
            .contains("in scope here: `sid` (= `cart.payment.session.id`)"),
        "{c:#}"
    );

    // --fix writes only b.js.
    common::tool(dir.path())
        .args(["--fix"])
        .args(args)
        .assert()
        .code(1);
    assert!(
        !fs::read_to_string(dir.path().join("a.js"))
            .unwrap()
            .contains("sessionId")
    );
    assert!(
        fs::read_to_string(dir.path().join("b.js"))
            .unwrap()
            .contains("sessionId: checkout.payment.session.id")
    );
    assert!(
        !fs::read_to_string(dir.path().join("c.js"))
            .unwrap()
            .contains("sessionId")
    );

    // A page global, declared on the command line or in the configuration, is bound everywhere.
    let (_, doc) = common::json(
        dir.path(),
        &["--global", "checkout"]
            .iter()
            .chain(&args)
            .copied()
            .collect::<Vec<_>>(),
    );
    assert_eq!(session_fix(&doc, "a.js")["applicability"], "safe");
    // So are the browser's own globals.
    let (_, doc) = common::json(
        dir.path(),
        &[
            "--no-config",
            "--session-id-expr",
            "window.drSession.id",
            "a.js",
        ],
    );
    assert_eq!(session_fix(&doc, "a.js")["applicability"], "safe");
}

#[test]
fn per_path_session_id_expressions_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dr-session-lint.toml",
        "session-id-expr = \"cart.payment.session.id\"\nglobals = [\"cart\"]\n\n\
         [[session-id]]\nfiles = [\"src/react/**\"]\nexpr = \"props.sessionId\"\n",
    );
    write(
        dir.path(),
        "src/react/Pay.js",
        &format!(
            "{DR}export function Pay(props) {{ return dr.createSource({{ type: 'bPay' }}); }}\n"
        ),
    );
    write(
        dir.path(),
        "src/legacy/pay.js",
        &format!("{DR}dr.createSource({{ type: 'bPay' }});\n"),
    );
    common::tool(dir.path())
        .args(["--fix", "src"])
        .assert()
        .code(0);
    let react = fs::read_to_string(dir.path().join("src/react/Pay.js")).unwrap();
    assert!(
        react.contains("{ type: 'bPay', sessionId: props.sessionId }"),
        "{react}"
    );
    let legacy = fs::read_to_string(dir.path().join("src/legacy/pay.js")).unwrap();
    assert!(
        legacy.contains("{ type: 'bPay', sessionId: cart.payment.session.id }"),
        "{legacy}"
    );

    // A bad entry is a configuration error pointing into the file.
    write(
        dir.path(),
        "dr-session-lint.toml",
        "[[session-id]]\nfiles = [\"src/**\"]\nexpr = \"a;b\"\n",
    );
    common::tool(dir.path())
        .args(["src"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`expr` is not a JavaScript expression",
        ));
}

#[test]
fn an_object_other_code_reads_gets_an_unsafe_insertion() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.js",
        &format!(
            "{DR}var p = {{ type: 'konbini' }};\nconsole.log(JSON.stringify(p));\ndr.createSource(p);\n"
        ),
    );
    write(
        dir.path(),
        "b.mjs",
        &format!("{DR}export const p = {{ type: 'konbini' }};\ndr.createSource(p);\n"),
    );
    let (_, doc) = common::json(
        dir.path(),
        &["--no-config", "--session-id-expr", "window.s", "."],
    );
    assert_eq!(session_fix(&doc, "a.js")["applicability"], "unsafe");
    assert_eq!(session_fix(&doc, "b.mjs")["applicability"], "unsafe");
}

#[test]
fn a_name_declared_later_has_no_value_where_the_session_id_goes() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.js",
        &format!(
            "{DR}function later() {{ var s = dr.createSource({{ type: 'bPay' }}); var checkout = load(); return s; }}\n\
             function before() {{ var checkout = load(); return dr.createSource({{ type: 'bPay' }}); }}\n\
             function shadowed() {{ dr.createSource({{ type: 'bPay' }}); let checkout = 1; }}\n"
        ),
    );
    let (_, doc) = common::json(
        dir.path(),
        &[
            "--no-config",
            "--global",
            "checkout",
            "--session-id-expr",
            "checkout.payment.session.id",
            "a.js",
        ],
    );
    let fixes: Vec<(u64, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-session-id")
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["fix"]["applicability"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // `var checkout` after the call is `undefined` there; a later `let checkout` shadows the global
    // (a ReferenceError before it); a `var checkout` before it is a local, not the page's global:
    // none may be inserted.
    assert_eq!(
        fixes,
        [
            (2, "display-only".to_string()),
            (3, "display-only".to_string()),
            (4, "display-only".to_string())
        ]
    );
}

#[test]
fn a_local_that_shadows_the_page_global_is_not_the_session_ids_root() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{DR}var checkout = window.checkout;\n\
         function top() {{ return dr.createSource({{ type: 'bPay' }}); }}\n\
         function local() {{\n  let checkout = {{ payment: {{ session: {{ id: 'old' }} }} }};\n  \
         return dr.createSource({{ type: 'bPay' }});\n}}\n\
         function param(checkout) {{ return dr.createSource({{ type: 'bPay' }}); }}\n"
    );
    write(dir.path(), "a.js", &text);
    let args = [
        "--no-config",
        "--global",
        "checkout",
        "--session-id-expr",
        "checkout.payment.session.id",
        "a.js",
    ];
    let (_, doc) = common::json(dir.path(), &args);
    let fixes: Vec<(u64, String, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-session-id")
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["fix"]["applicability"].as_str().unwrap().to_string(),
                d["fix"]["note"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(fixes.len(), 3, "{doc:#}");
    // The page's script declares the global itself at its top level: the same value.
    assert_eq!((fixes[0].0, fixes[0].1.as_str()), (3, "safe"));
    // A `let checkout` of the handler, and a parameter: different values, named with their line.
    assert_eq!((fixes[1].0, fixes[1].1.as_str()), (6, "display-only"));
    assert!(
        fixes[1].2.starts_with(
            "`checkout` here is a local binding declared on line 5, not the page global `checkout`"
        ),
        "{fixes:?}"
    );
    assert_eq!((fixes[2].0, fixes[2].1.as_str()), (8, "display-only"));
    assert!(
        fixes[2]
            .2
            .starts_with("`checkout` here is a parameter declared on line 8"),
        "{fixes:?}"
    );
    // --fix inserts only the first.
    common::tool(dir.path())
        .arg("--fix")
        .args(args)
        .assert()
        .code(1);
    let fixed = fs::read_to_string(dir.path().join("a.js")).unwrap();
    assert_eq!(fixed.matches("sessionId").count(), 1, "{fixed}");
    assert!(fixed.contains(
        "function top() { return dr.createSource({ type: 'bPay', sessionId: checkout.payment.session.id }); }"
    ));
}

#[test]
fn a_type_only_import_has_no_value() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.ts",
        &format!(
            "import type {{ checkout }} from './types';\n{DR}dr.createSource({{ type: 'bPay' }});\n"
        ),
    );
    let (_, doc) = common::json(
        dir.path(),
        &[
            "--no-config",
            "--session-id-expr",
            "checkout.payment.session.id",
            "a.ts",
        ],
    );
    assert_eq!(session_fix(&doc, "a.ts")["applicability"], "display-only");
}
