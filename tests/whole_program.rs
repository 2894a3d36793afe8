//! Whole-program analysis on the multi-module fixtures (`fixtures/modules/`), through the real binary:
//! each finding at its file and line (a builder's payload in the builder's module, a wrapper's at the
//! wrapper's call), each call site in its own file, `--fix` rewriting the right files, and what lies
//! outside the run said plainly.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{json, tool};

/// (path, line, rule, field) of every diagnostic, sorted (a multiset: a payload reaching two calls is
/// reported once per call).
fn findings(doc: &serde_json::Value) -> Vec<(String, u64, String, String)> {
    let mut out: Vec<_> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["field"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// (path, line, fix applicability) of every `missing-session-id` finding, sorted.
fn session_fixes(doc: &serde_json::Value) -> Vec<(String, u64, String)> {
    let mut out: Vec<_> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == MSI)
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
                d["fix"]["applicability"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// (path, line) of every `missing-session-id` finding, sorted.
fn session_findings(doc: &serde_json::Value) -> Vec<(String, u64)> {
    session_fixes(doc)
        .into_iter()
        .map(|(p, l, _)| (p, l))
        .collect()
}

/// A module exporting a builder of a PayPal payload (`buildPayPal`), and one exporting a wrapper
/// (`submit`) that sends its parameter to DigitalRiver.js.
const BUILD_PAYPAL: (&str, &str) = (
    "build.js",
    "export function buildPayPal(cart) { return { type: 'payPal', amount: cart.total, currency: 'USD' }; }\n",
);
const SUBMIT: (&str, &str) = (
    "submit.js",
    "const dr = new DigitalRiver('pk');\nexport function submit(data) { return dr.createSource(data); }\n",
);

/// (path, line, status) of every call site, sorted.
fn calls(doc: &serde_json::Value) -> Vec<(String, u64, String)> {
    let mut out = calls_in_order(doc);
    out.sort();
    out
}

/// (path, line, status) of every call site, in the document's order.
fn calls_in_order(doc: &serde_json::Value) -> Vec<(String, u64, String)> {
    doc["callSites"]
        .as_array()
        .expect("callSites")
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap_or_default().to_string(),
                c["line"].as_u64().unwrap_or_default(),
                c["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/modules")
        .join(name)
}

/// The arguments that make fixes available: the session id `checkout.id`, a page global.
const FIXING: [&str; 5] = [
    "--session-id-expr",
    "checkout.id",
    "--global",
    "checkout",
    ".",
];

fn f(path: &str, line: u64, rule: &str, field: &str) -> (String, u64, String, String) {
    (path.into(), line, rule.into(), field.into())
}

/// Lint the fixture `name` (`--format json .`): the exit code must be `code` and the findings exactly
/// `want` (in any order). The document, for more checks.
fn expect_findings(
    name: &str,
    code: i32,
    want: Vec<(String, u64, String, String)>,
) -> serde_json::Value {
    expect_findings_in(&fixture(name), &["."], code, want)
}

/// [`expect_findings`] for the folder `dir`, linted with `args` (`--format json` added).
fn expect_findings_in(
    dir: &Path,
    args: &[&str],
    code: i32,
    mut want: Vec<(String, u64, String, String)>,
) -> serde_json::Value {
    let (got, doc) = json(dir, args);
    assert_eq!(got, code, "{}: {doc}", dir.display());
    want.sort();
    assert_eq!(findings(&doc), want, "{}: {doc}", dir.display());
    doc
}

/// Lint `dir` (`.`) with the session id `checkout.id` (a page global), so that fixes are offered.
fn json_fixing(dir: &Path) -> (i32, serde_json::Value) {
    json(dir, &FIXING)
}

/// How many diagnostics of `rule` the document has.
fn count(doc: &serde_json::Value, rule: &str) -> usize {
    findings(doc).iter().filter(|f| f.2 == rule).count()
}

const MSI: &str = "missing-session-id";
const RF: &str = "redundant-field";

#[test]
fn builders_in_other_modules_are_checked_where_the_fix_goes() {
    let doc = expect_findings(
        "esm",
        1,
        vec![
            f("pay/sources.js", 4, MSI, ""),
            f("pay/sources.js", 6, RF, "amount"),
            f("pay/sources.js", 7, RF, "currency"),
            // An async builder: a literal, a property write, `return` (through `await`, via a barrel).
            f("pay/sources.js", 17, MSI, ""),
            f("pay/sources.js", 17, RF, "amount"),
            f("pay/sources.js", 17, RF, "currency"),
            f("pay/sources.js", 21, RF, "payPal.items"),
        ],
    );
    // The call sites are where the calls are, DigitalRiver.js by the instance another module exports.
    assert_eq!(
        calls(&doc),
        vec![
            ("checkout.js".into(), 6, "needs-changes".into()),
            ("express.js".into(), 6, "needs-changes".into()),
        ]
    );
    // Each finding names the call it reaches, in its file.
    let d = &doc["diagnostics"][0];
    assert_eq!(d["callSitePath"], "checkout.js");
    assert_eq!(d["related"][0]["path"], "checkout.js");
    assert_eq!(d["related"][0]["range"]["start"]["line"], 6, "{d}");
    assert!(
        d["related"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("sent by `createSource`"),
        "{d}"
    );
}

#[test]
fn commonjs_wrappers_barrels_and_computed_requires() {
    let doc = expect_findings(
        "cjs",
        1,
        vec![
            // The literal given to a wrapper required through a barrel: checked at the wrapper's call.
            f("konbini.js", 5, MSI, ""),
            f("konbini.js", 7, RF, "amount"),
            f("konbini.js", 8, RF, "currency"),
            // `exports.bankPayload = function () {...}`, reached from `client.dr.createSource(...)`.
            f("pay/sources.js", 3, MSI, ""),
            f("pay/sources.js", 5, RF, "amount"),
            f("pay/sources.js", 6, RF, "currency"),
            // A computed `require`: not followed, and said.
            f("localized.js", 6, "unresolved-payload", ""),
        ],
    );
    let localized = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["path"] == "localized.js")
        .expect("localized.js");
    let text = localized.to_string();
    assert!(text.contains("computed `require(...)`"), "{text}");
    // The wrapper's own call (its payload is its parameter) is not reported: its calls are.
    assert!(
        !calls(&doc).iter().any(|c| c.0 == "pay/client.js"),
        "{:?}",
        calls(&doc)
    );
}

#[test]
fn typescript_paths_aliases_and_service_classes() {
    expect_findings(
        "ts-paths",
        1,
        vec![
            f("src/checkout/direct-debit.ts", 8, MSI, ""),
            f("src/checkout/direct-debit.ts", 10, RF, "amount"),
            f("src/checkout/direct-debit.ts", 11, RF, "currency"),
            f("src/checkout/wire.ts", 6, MSI, ""),
            f("src/checkout/wire.ts", 8, RF, "amount"),
            f("src/checkout/wire.ts", 9, RF, "currency"),
        ],
    );
}

#[test]
fn own_createsource_methods_and_imported_stripe_instances_are_not_digitalriver() {
    for name in ["own-api", "stripe"] {
        let (code, doc) = json(&fixture(name), &["."]);
        assert_eq!(code, 0, "{name}: {doc}");
        assert_eq!(findings(&doc), vec![], "{name}");
        assert_eq!(calls(&doc), vec![], "{name}");
    }
}

/// `admin.backoffice.createSource(...)` where `admin` is another module's object literal and
/// `backoffice` a value the analysis does not follow (`makeClient()`): the call is taken for
/// DigitalRiver.js by its payload, but it may be the merchant's own client, so its fix is unsafe and
/// says why (found by a new user: the fix was safe).
#[test]
fn a_member_of_another_modules_object_literal_not_followed_makes_the_fix_unsafe() {
    let dir = common::tree(&[
        (
            "client.js",
            "function makeClient() { return { createSource(d) { return fetch('/x', { body: JSON.stringify(d) }); } }; }\n\
             export default { backoffice: makeClient() };\n",
        ),
        (
            "use.js",
            "import admin from './client.js';\n\
             export const send = (o) => admin.backoffice.createSource({ type: 'payPal', amount: o.total, currency: 'USD' });\n",
        ),
    ]);
    let fixing = FIXING;
    let doc = expect_findings_in(
        dir.path(),
        &fixing,
        1,
        vec![
            f("use.js", 2, MSI, ""),
            f("use.js", 2, RF, "amount"),
            f("use.js", 2, RF, "currency"),
        ],
    );
    let fix = doc["diagnostics"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["rule"] == "missing-session-id"))
        .map(|d| d["fix"].clone())
        .unwrap_or_default();
    assert_eq!(fix["applicability"], "unsafe", "{doc}");
    let note = fix["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("`admin.backoffice`") && note.contains("client.js"),
        "{note}"
    );
    // `--fix` leaves the file alone; `--unsafe-fixes` applies it.
    let before = std::fs::read_to_string(dir.path().join("use.js")).unwrap_or_default();
    let mut fix_args = vec!["--fix"];
    fix_args.extend(fixing);
    let out = tool(dir.path()).args(&fix_args).output().unwrap();
    assert!(out.status.code().is_some(), "{out:?}");
    let after = std::fs::read_to_string(dir.path().join("use.js")).unwrap_or_default();
    assert_eq!(before, after);
    // A factory's result another module exports is followed (its literal's own `createSource`: not
    // DigitalRiver.js); a class's static method is not, and makes the fix unsafe as above.
    let dir = common::tree(&[
        (
            "client.js",
            "function makeClient() { return { createSource(d) { return fetch('/x', { body: JSON.stringify(d) }); } }; }\n\
             export const client = makeClient();\n\
             export class Backoffice { static createSource(d) { return fetch('/y', { body: JSON.stringify(d) }); } }\n",
        ),
        (
            "use.js",
            "import { client, Backoffice } from './client.js';\n\
             client.createSource({ type: 'payPal', amount: 1, currency: 'USD' });\n\
             Backoffice.createSource({ type: 'payPal', amount: 1, currency: 'USD' });\n",
        ),
    ]);
    let (_, doc) = json(dir.path(), &FIXING);
    assert_eq!(
        session_fixes(&doc),
        vec![("use.js".to_string(), 3, "unsafe".to_string())],
        "{doc}"
    );
}

/// `admin.backoffice.createSource(...)`: the method of an object another module exports, reached
/// through a namespace import, a CommonJS default import or `require`. A `fetch` to the merchant's
/// server is not DigitalRiver.js (found by a new user: it was taken for one, and `--fix` stripped
/// `amount` from the request); a method that forwards to DigitalRiver.js is a wrapper.
#[test]
fn methods_of_objects_other_modules_export_reached_through_a_namespace() {
    let client = "export const backoffice = { createSource(id, data) { return fetch('/admin/' + id, \
                  { method: 'POST', body: JSON.stringify(data) }); } };\n";
    let call = "admin.backoffice.createSource('c1', { type: 'konbini', amount: o.total, currency: 'JPY' });\n";
    for (name, files) in [
        (
            "namespace",
            vec![
                ("client.js", client.to_string()),
                ("use.js", format!("import * as admin from './client.js';\n{call}")),
            ],
        ),
        (
            "commonjs default",
            vec![
                ("client.cjs", "module.exports = { backoffice: { createSource(id, data) { return fetch('/admin/' + id, { method: 'POST', body: JSON.stringify(data) }); } } };\n".to_string()),
                ("use.js", format!("import admin from './client.cjs';\n{call}")),
            ],
        ),
        (
            "require",
            vec![
                ("client.cjs", "module.exports = { backoffice: { createSource(id, data) { return fetch('/admin/' + id, { method: 'POST', body: JSON.stringify(data) }); } } };\n".to_string()),
                ("use.js", format!("const admin = require('./client.cjs');\n{call}")),
            ],
        ),
    ] {
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let dir = common::tree(&files);
        let fixing = FIXING;
        let doc = expect_findings_in(dir.path(), &fixing, 0, vec![]);
        assert_eq!(calls(&doc), vec![], "{name}");
    }
    // The same object as a member of another module's default or named export (an object literal).
    let nested = "{ backoffice: { createSource(id, data) { return fetch('/admin/' + id, \
                  { method: 'POST', body: JSON.stringify(data) }); } } }";
    for (name, client, import) in [
        (
            "default export",
            format!("export default {nested};\n"),
            "import admin from './client.js';",
        ),
        (
            "named export",
            format!("export const admin = {nested};\n"),
            "import { admin } from './client.js';",
        ),
    ] {
        let dir = common::tree(&[
            ("client.js", client.as_str()),
            ("use.js", &format!("{import}\n{call}")),
        ]);
        let fixing = FIXING;
        let doc = expect_findings_in(dir.path(), &fixing, 0, vec![]);
        assert_eq!(calls(&doc), vec![], "{name}");
    }
    // A literal with a TypeScript type assertion (`{...} as Api`) has its methods too.
    let dir = common::tree(&[(
        "api.ts",
        "const api = { createSource(b: unknown) { return fetch('/x', { body: JSON.stringify(b) }); } } as Api;\n\
         api.createSource({ type: 'konbini', amount: 1 });\n",
    )]);
    let doc = expect_findings_in(dir.path(), &["."], 0, vec![]);
    assert_eq!(calls(&doc), vec![]);
    // The same shape, where the object's method forwards to DigitalRiver.js: a wrapper, its
    // payload checked where it is written.
    let dir = common::tree(&[
        (
            "client.js",
            "export const drjs = new DigitalRiver('pk');\n\
             export const svc = { createSource(p) { return drjs.createSource(p); } };\n",
        ),
        (
            "use.js",
            "import * as m from './client.js';\n\
             m.svc.createSource({ type: 'payPal', amount: 2, currency: 'USD' });\n",
        ),
    ]);
    expect_findings_in(
        dir.path(),
        &["."],
        1,
        vec![
            f("use.js", 2, MSI, ""),
            f("use.js", 2, RF, "amount"),
            f("use.js", 2, RF, "currency"),
        ],
    );
}

#[test]
fn one_payload_reaching_two_calls_is_checked_at_each() {
    let mut want = Vec::new();
    for _ in 0..2 {
        want.extend([
            f("retry.js", 5, MSI, ""),
            f("retry.js", 7, RF, "amount"),
            f("retry.js", 8, RF, "currency"),
            // An object literal another module exports, sent twice there.
            f("shared-payload.js", 2, MSI, ""),
            f("shared-payload.js", 4, RF, "amount"),
            f("shared-payload.js", 5, RF, "currency"),
        ]);
    }
    // The suppression names the call on line 12: the call on line 13 is still checked.
    want.extend([
        f("suppressed.js", 5, MSI, ""),
        f("suppressed.js", 7, RF, "amount"),
        f("suppressed.js", 8, RF, "currency"),
    ]);
    let doc = expect_findings("two-calls", 1, want);
    let messages: Vec<String> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["path"] == "shared-payload.js" && d["rule"] == MSI)
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("gift.js:7")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("gift.js:11")),
        "{messages:?}"
    );
    let statuses: BTreeMap<(String, u64), String> = calls(&doc)
        .into_iter()
        .map(|(p, l, s)| ((p, l), s))
        .collect();
    assert_eq!(statuses[&("suppressed.js".into(), 12)], "migrated");
    assert_eq!(statuses[&("suppressed.js".into(), 13)], "needs-changes");
    assert_eq!(statuses[&("retry.js".into(), 16)], "needs-changes");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn fix_rewrites_the_files_where_the_payloads_are() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixture(""), dir.path());
    let before_checkout =
        std::fs::read_to_string(dir.path().join("esm/checkout.js")).expect("checkout");
    let out = tool(dir.path())
        .args([
            "--fix",
            "--session-id-expr",
            "checkout.payment.session.id",
            "--global",
            "checkout",
            ".",
        ])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Changed 6 call sites in 5 files"),
        "{stdout}"
    );
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).expect(p);
    // The builder's literal, in its own module.
    let sources = read("esm/pay/sources.js");
    assert!(
        sources.contains("type: 'bankTransfer',\n        sessionId: checkout.payment.session.id,"),
        "{sources}"
    );
    assert!(
        !sources.contains("amount: order.total,\n        currency: 'KRW'"),
        "{sources}"
    );
    // The caller, whose call is unchanged.
    assert_eq!(read("esm/checkout.js"), before_checkout);
    // The literal given to a wrapper of another module.
    let konbini = read("cjs/konbini.js");
    assert!(
        konbini.contains("sessionId: checkout.payment.session.id"),
        "{konbini}"
    );
    assert!(!konbini.contains("currency: 'JPY'"), "{konbini}");
    let cjs_sources = read("cjs/pay/sources.js");
    assert!(cjs_sources.contains("sessionId"), "{cjs_sources}");
    // An exported object other modules may read: unsafe, left as it was.
    assert!(!read("two-calls/shared-payload.js").contains("sessionId"));
    // The merchant's own API is never touched.
    assert_eq!(
        read("own-api/gateway.js"),
        std::fs::read_to_string(fixture("own-api/gateway.js")).expect("gateway")
    );
    // What --fix did not do is still reported; nothing it did is.
    let (_, after) = json(&dir.path().join("esm"), &["."]);
    let left: Vec<_> = findings(&after);
    assert_eq!(
        left,
        vec![f("pay/sources.js", 20, RF, "payPal.items")],
        "{after}"
    );
}

#[test]
fn modules_outside_the_run_are_read_for_what_they_export_and_said() {
    // pre-commit names only the staged files: checkout.js alone.
    let (code, doc) = json(&fixture("esm"), &["checkout.js"]);
    assert_eq!(code, 0, "{doc}");
    let d = &doc["diagnostics"][0];
    assert_eq!(d["rule"], "unresolved-payload");
    let message = d["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("pay/sources.js, which this run does not lint"),
        "{message}"
    );
    // The instance is still known from the module it is read from.
    assert_eq!(calls(&doc)[0].2, "needs-review");
}

#[test]
fn import_cycles_and_missing_modules_end_with_a_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |p: &str, s: &str| common::write(dir.path(), p, s);
    write(
        "a.js",
        "import { b } from './b.js';\nexport function a(o) { return b(o); }\nexport const dr = new DigitalRiver('k');\n",
    );
    write(
        "b.js",
        "import { a, dr } from './a.js';\nexport function b(o) { return a(o); }\ndr.createSource(b({}));\n",
    );
    write(
        "c.js",
        "import { build } from './missing.js';\nimport { dr } from './a.js';\ndr.createSource(build());\n",
    );
    let (code, doc) = json(dir.path(), &["."]);
    assert_eq!(code, 0, "{doc}");
    let text = doc.to_string();
    assert!(text.contains("'./missing.js' was not found"), "{text}");
    assert_eq!(count(&doc, "unresolved-payload"), 2, "{doc}");
}

/// Two modules that `export * from` each other, asked for a name neither has: the lookup ends (it
/// overflowed the stack before), the call is unresolved with the reason, and a name one of them has
/// is still found through the other.
#[test]
fn star_reexport_cycles_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |p: &str, s: &str| common::write(dir.path(), p, s);
    write(
        "a.js",
        "export * from './b.js';\nexport function card(o) { return { type: 'creditCard', amount: o }; }\n",
    );
    write("b.js", "export * from './a.js';\n");
    write(
        "c.js",
        "import { nothere, card } from './b.js';\nconst dr = new DigitalRiver('k');\ndr.createSource(nothere());\ndr.createSource(card(1));\n",
    );
    let (code, doc) = json(dir.path(), &["."]);
    assert_eq!(code, 1, "{doc}");
    let text = doc.to_string();
    assert!(
        text.contains(
            "`nothere` is not exported by b.js (nor by any module it re-exports with `export *`)"
        ),
        "{text}"
    );
    let found = findings(&doc);
    assert!(
        found
            .iter()
            .any(|f| f.0.ends_with("a.js") && f.2 == "missing-session-id"),
        "{doc}"
    );
}

/// A name that no module of an `export *` cycle exports, imported as a value and passed to a call:
/// the message says that the module does not export it (not only where it is imported from), and
/// not when a module of `export *` is out of sight (it may export the name).
#[test]
fn a_name_missing_from_a_star_cycle_is_said_not_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |p: &str, s: &str| common::write(dir.path(), p, s);
    write("a.js", "export * from './b.js';\n");
    write("b.js", "export * from './a.js';\n");
    write(
        "main.js",
        "import { foo } from './a.js';\nconst dr = new DigitalRiver('pk');\ndr.createSource(foo);\n",
    );
    let (code, doc) = json(dir.path(), &["."]);
    assert_eq!(code, 0, "{doc}");
    let messages: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "the payload of this `createSource` call cannot be resolved: it is imported from \
             './a.js', but `foo` is not exported by a.js (nor by any module it re-exports with \
             `export *`)"
        ],
        "{doc}"
    );
    // A package among the `export *` modules may export it: no such claim.
    write(
        "a.js",
        "export * from './b.js';\nexport * from 'some-package';\n",
    );
    let (_, doc) = json(dir.path(), &["."]);
    let text = doc.to_string();
    assert!(!text.contains("is not exported"), "{text}");
}

/// `export *` barrels in a diamond (each of two modules per level re-exports both of the next level):
/// a name none of them exports is looked for once per module, not once per path (2^40 here).
#[test]
fn star_reexport_diamonds_are_walked_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |p: &str, s: &str| common::write(dir.path(), p, s);
    let levels = 40;
    write(&format!("a{levels}.js"), "export const x = 1;\n");
    write(&format!("b{levels}.js"), "export const y = 1;\n");
    for i in 0..levels {
        for p in ["a", "b"] {
            write(
                &format!("{p}{i}.js"),
                &format!(
                    "export * from './a{}.js';\nexport * from './b{}.js';\n",
                    i + 1,
                    i + 1
                ),
            );
        }
    }
    write(
        "main.js",
        "import { nothere, y } from './a0.js';\nconst dr = new DigitalRiver('pk');\ndr.createSource(nothere);\ndr.createSource(y);\n",
    );
    let (code, doc) = json(dir.path(), &["."]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(count(&doc, "unresolved-payload"), 2, "{doc}");
}

/// A module named twice on the command line (two spellings of one path) is still one module: its
/// builder's payload is checked there (the run once said "the module exports no `build`").
#[test]
fn a_module_named_twice_is_one_module() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |p: &str, s: &str| common::write(dir.path(), p, s);
    write(
        "app/main.js",
        "import { dr } from '../lib/dr.js';\nimport { build } from '../lib/build.js';\ndr.createSource(build({ total: 1 }));\n",
    );
    write(
        "lib/build.js",
        "export function build(o) { return { type: 'payPal', amount: o.total, currency: 'USD' }; }\n",
    );
    write("lib/dr.js", "export const dr = new DigitalRiver('pk');\n");
    let (code, doc) = json(
        dir.path(),
        &["app/main.js", "lib/build.js", "./lib/build.js"],
    );
    assert_eq!(code, 1, "{doc}");
    let found = findings(&doc);
    assert!(
        found
            .iter()
            .any(|f| f.0.ends_with("build.js") && f.2 == "missing-session-id"),
        "{doc}"
    );
    assert!(!found.iter().any(|f| f.2 == "unresolved-payload"), "{doc}");
}

#[test]
fn human_report_across_modules() {
    let out = tool(&fixture("esm"))
        .args([
            "--format",
            "human",
            "pay/sources.js",
            "checkout.js",
            "express.js",
            "pay/client.js",
            "pay/index.js",
        ])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    insta::assert_snapshot!("human_esm", stdout);
}

#[test]
fn fixes_stay_unsafe_when_other_code_across_modules_reads_the_payload() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |p: &str, s: &str| common::write(dir.path(), p, s);
    // A builder whose object the caller also sends to Stripe.js.
    write(
        "builders.js",
        "export const build = (cart) => ({ type: 'payPal', amount: cart.total, payPal: { returnUrl: '/r' } });\n",
    );
    write(
        "client.js",
        "export const dr = new DigitalRiver('pk');\nexport const stripe = Stripe('pk_s');\n",
    );
    write(
        "checkout.js",
        "import { dr, stripe } from './client.js';\nimport { build } from './builders.js';\nexport function both(cart, el) {\n  const p = build(cart);\n  stripe.createSource(el, p);\n  return dr.createSource(p);\n}\n",
    );
    // A wrapper that logs what it is given.
    write(
        "wrap.js",
        "import { dr } from './client.js';\nexport function makeSource(data) {\n  track('source', data.amount);\n  return dr.createSource(data);\n}\n",
    );
    write(
        "konbini.js",
        "import { makeSource } from './wrap.js';\nexport const pay = (cart) => makeSource({ type: 'konbini', amount: cart.total, currency: 'JPY' });\n",
    );
    let before = |p: &str| std::fs::read_to_string(dir.path().join(p)).expect(p);
    let (builders, konbini) = (before("builders.js"), before("konbini.js"));
    let out = tool(dir.path())
        .args([
            "--fix",
            "--session-id-expr",
            "checkout.payment.session.id",
            "--global",
            "checkout",
            ".",
        ])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Nothing Stripe.js or the log may read is changed: across modules the summary says only that the
    // wrapper reads its parameter, not which fields, so all of the payload's fixes are unsafe.
    assert_eq!(before("builders.js"), builders, "{stdout}");
    assert_eq!(before("konbini.js"), konbini, "{stdout}");
    assert!(stdout.contains("Left out: 2 unsafe fixes"), "{stdout}");
    assert!(
        stdout.contains("other code reads this object too"),
        "{stdout}"
    );
}

/// `ns.p` of `import * as ns`, where the module exports an object literal `p`: checked in that module,
/// as `import { p }` is; a name it does not export is said to be missing.
#[test]
fn namespace_members_are_the_module_exports() {
    let dir = common::tree(&[
        (
            "c.js",
            "export const p = { type: 'payPal', amount: 5, currency: 'USD', payPal: {} };\n",
        ),
        (
            "main.js",
            "import * as ns from './c.js';\nconst dr = new DigitalRiver('pk');\ndr.createSource(ns.p);\ndr.createSource(ns.nothing);\n",
        ),
    ]);
    let (code, doc) = json(dir.path(), &["."]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        findings(&doc),
        vec![
            f("c.js", 1, MSI, ""),
            f("c.js", 1, RF, "amount"),
            f("c.js", 1, RF, "currency"),
            f("main.js", 4, "unresolved-payload", ""),
        ]
    );
    let text = doc.to_string();
    assert!(
        text.contains("`ns.nothing`, but `nothing` is not exported by c.js"),
        "{text}"
    );
}

/// Instances a CommonJS module creates in place (`exports.stripe = Stripe(pk)`): the importer's calls
/// on them are Stripe.js's (not reported) and DigitalRiver.js's (checked, even with a type Stripe.js
/// also has).
#[test]
fn commonjs_instances_created_in_place_are_known() {
    let dir = common::tree(&[
        (
            "clients.js",
            "exports.stripe = Stripe('pk_live');\nexports.drjs = new DigitalRiver('pk');\n\
             exports.maybe = window.DigitalRiver ? new DigitalRiver('pk') : null;\n\
             exports.guarded = window.DigitalRiver && new DigitalRiver('pk');\n\
             exports.st = window.Stripe ? Stripe('pk_live') : null;\n",
        ),
        (
            "pay.js",
            "const { stripe, drjs } = require('./clients.js');\nconst m = require('./clients.js');\n\
             stripe.createSource(el, { type: 'ideal', amount: 1, currency: 'eur' });\n\
             drjs.createSource({ type: 'ideal', ideal: {} });\n\
             m.maybe.createSource({ type: 'ideal', ideal: {} });\n\
             m.guarded.createSource({ type: 'ideal', ideal: {} });\n\
             m.st.createSource({ type: 'ideal', amount: 1, currency: 'eur' });\n",
        ),
    ]);
    let (code, doc) = json(dir.path(), &["."]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        findings(&doc),
        vec![
            f("pay.js", 4, MSI, ""),
            f("pay.js", 5, MSI, ""),
            f("pay.js", 6, MSI, "")
        ],
        "{doc}"
    );
    assert_eq!(calls(&doc).len(), 3, "{:?}", calls(&doc));
}

/// An object a CommonJS module exports (`module.exports = { p }`) may be read by any importer: its
/// fix is unsafe, as for `export { p }`.
#[test]
fn commonjs_exported_objects_keep_their_fixes_unsafe() {
    let dir = common::tree(&[
        (
            "c.js",
            "const p = { type: 'payPal', amount: 10, currency: 'USD' };\nmodule.exports = { p };\n",
        ),
        (
            "main.js",
            "const m = require('./c.js');\nconst dr = new DigitalRiver('pk');\nconsole.log(m.p.amount);\ndr.createSource(m.p);\n",
        ),
    ]);
    let (_, doc) = json_fixing(dir.path());
    let fixes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["fix"]["applicability"].as_str())
        .collect();
    assert_eq!(fixes, ["unsafe"], "{doc}");
}

/// A renamed re-export (`export { p as renamed } from './c.js'`) and `ns.default` name the object
/// in the module that has it: checked there.
#[test]
fn renamed_reexports_and_namespace_defaults_reach_the_object() {
    let dir = common::tree(&[
        (
            "c.js",
            "const p = { type: 'payPal', amount: 10 };\nexport default p;\nexport const q = { type: 'payPal', currency: 'USD' };\n",
        ),
        ("index.js", "export { q as renamed } from './c.js';\n"),
        (
            "main.js",
            "import * as ns from './c.js';\nimport { renamed } from './index.js';\nconst dr = new DigitalRiver('pk');\ndr.createSource(ns.default);\ndr.createSource(renamed);\n",
        ),
    ]);
    let (code, doc) = json(dir.path(), &["."]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        findings(&doc),
        vec![
            f("c.js", 1, MSI, ""),
            f("c.js", 1, RF, "amount"),
            f("c.js", 3, MSI, ""),
            f("c.js", 3, RF, "currency"),
        ],
        "{doc}"
    );
}

/// Instances taken out of a module object into locals (`const d = inst.dr`, `const { stripe } =
/// inst`), and members of a CommonJS module's default import (`import inst from`), are what the
/// module exports.
#[test]
fn module_members_taken_into_locals_keep_their_instance() {
    let dir = common::tree(&[
        (
            "inst.js",
            "exports.dr = new DigitalRiver('pk');\nexports.stripe = Stripe('pk_live');\n",
        ),
        (
            "main.js",
            "const inst = require('./inst.js');\nconst d = inst.dr;\n\
             d.createSource({ type: 'ideal', ideal: {} });\nconst { stripe } = inst;\n\
             stripe.createSource({ type: 'ideal', amount: 1, currency: 'eur' });\n",
        ),
        (
            "esm.mjs",
            "import inst from './inst.js';\ninst.dr.createSource({ type: 'ideal', ideal: {} });\n\
             inst.stripe.createSource({ type: 'ideal', amount: 1, currency: 'eur' });\n",
        ),
    ]);
    let (code, doc) = json(dir.path(), &["."]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        findings(&doc),
        vec![f("esm.mjs", 2, MSI, ""), f("main.js", 3, MSI, "")],
        "{doc}"
    );
}

/// The caller writes into an object another module builds or exports (`p.sessionId = id`): the
/// module that holds the literal cannot see it, and says so instead of a certain verdict.
#[test]
fn writes_by_the_caller_leave_the_verdict_open() {
    let dir = common::tree(&[
        (
            "c.js",
            "export const p = { type: 'payPal', amount: 10 };\nexport function build() { return { type: 'payPal', currency: 'USD' }; }\n",
        ),
        (
            "main.js",
            "import * as ns from './c.js';\nimport { build } from './c.js';\nconst dr = new DigitalRiver('pk');\n\
             ns.p.sessionId = 'abc';\ndr.createSource(ns.p);\n\
             const q = build();\nq.sessionId = 'abc';\ndr.createSource(q);\n",
        ),
    ]);
    let (code, doc) = json(dir.path(), &["."]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(
        findings(&doc),
        vec![
            f("c.js", 1, "unresolved-payload", ""),
            f("c.js", 2, "unresolved-payload", ""),
        ],
        "{doc}"
    );
    assert!(
        doc.to_string().contains("what main.js:5 writes into it"),
        "{doc}"
    );
}

/// Object literals written straight into an export (`exports.p = {...}`, `p: {...}` of
/// `module.exports = {...}`, `export default {...}`) are checked in their module, their fixes
/// unsafe (any importer may read them).
#[test]
fn literal_exports_are_checked_where_they_are_written() {
    let dir = common::tree(&[
        (
            "cjs.js",
            "exports.p = { type: 'payPal', amount: 10 };\nmodule.exports.q = { type: 'payPal', currency: 'USD' };\n",
        ),
        (
            "obj.js",
            "module.exports = {\n  r: { type: 'payPal', amount: 1 },\n};\n",
        ),
        ("esm.mjs", "export default { type: 'payPal', amount: 2 };\n"),
        (
            "main.mjs",
            "import cjs from './cjs.js';\nimport obj from './obj.js';\nimport d from './esm.mjs';\n\
             const dr = new DigitalRiver('pk');\ndr.createSource(cjs.p);\ndr.createSource(cjs.q);\n\
             dr.createSource(obj.r);\ndr.createSource(d);\n",
        ),
    ]);
    let (code, doc) = json_fixing(dir.path());
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        findings(&doc),
        vec![
            f("cjs.js", 1, MSI, ""),
            f("cjs.js", 1, RF, "amount"),
            f("cjs.js", 2, MSI, ""),
            f("cjs.js", 2, RF, "currency"),
            f("esm.mjs", 1, MSI, ""),
            f("esm.mjs", 1, RF, "amount"),
            f("obj.js", 2, MSI, ""),
            f("obj.js", 2, RF, "amount"),
        ],
        "{doc}"
    );
    let safe = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["fix"]["applicability"] == "safe")
        .count();
    assert_eq!(safe, 0, "{doc}");
}

/// A module that migrates its exported literal through the export (`exports.p.sessionId = id`)
/// is not given a certain verdict; a migrated payload's call site is placed at the call, in the
/// caller's file.
#[test]
fn writes_through_an_export_and_migrated_call_sites() {
    let dir = common::tree(&[
        (
            "m.js",
            "exports.p = { type: 'payPal', amount: 1 };\nexports.p.sessionId = window.sid;\n",
        ),
        (
            "done.js",
            "exports.q = { type: 'payPal', sessionId: window.sid };\n",
        ),
        (
            "main.js",
            "const m = require('./m.js');\nconst done = require('./done.js');\nconst dr = new DigitalRiver('pk');\n\
             dr.createSource(m.p);\ndr.createSource(done.q);\n",
        ),
    ]);
    let (code, doc) = json(dir.path(), &["."]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(
        findings(&doc),
        vec![f("m.js", 1, "unresolved-payload", "")],
        "{doc}"
    );
    let mut sites = calls(&doc);
    sites.sort();
    assert_eq!(
        sites,
        vec![
            ("main.js".into(), 4, "needs-review".into()),
            ("main.js".into(), 5, "migrated".into()),
        ]
    );
}

/// An object other code may read keeps its fixes unsafe also when it is used as a shorthand property
/// (`JSON.stringify({ p })`) or exported through an assignment (`export default p = {...}`).
#[test]
fn shorthand_uses_and_assigned_exports_keep_fixes_unsafe() {
    let dir = common::tree(&[
        (
            "a.js",
            "const dr = new DigitalRiver('pk');\nconst p = { type: 'payPal', amount: 1 };\n\
             fetch('/log', { method: 'POST', body: JSON.stringify({ p }) });\ndr.createSource(p);\n",
        ),
        (
            "b.mjs",
            "const dr = new DigitalRiver('pk');\nlet p;\nexport default p = { type: 'payPal', amount: 1 };\ndr.createSource(p);\n",
        ),
    ]);
    let (_, doc) = json_fixing(dir.path());
    let fixes: Vec<(&str, &str)> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| Some((d["path"].as_str()?, d["fix"]["applicability"].as_str()?)))
        .collect();
    assert_eq!(fixes, [("a.js", "unsafe"), ("b.mjs", "unsafe")], "{doc}");

    // Exporting a builder as `module.exports = { build }` is not a use of what it builds.
    let dir = common::tree(&[
        (
            "b.js",
            "function build(o) {\n  const body = { type: 'payPal', amount: o.total };\n  return body;\n}\nmodule.exports = { build };\n",
        ),
        (
            "c.js",
            "const { build } = require('./b.js');\nconst dr = new DigitalRiver('pk');\ndr.createSource(build({ total: 1 }));\n",
        ),
    ]);
    let (_, doc) = json_fixing(dir.path());
    assert_eq!(
        doc["diagnostics"][0]["fix"]["message"], "Add `sessionId` and remove 1 redundant field",
        "{doc}"
    );
    assert_eq!(
        doc["diagnostics"][0]["fix"]["applicability"], "safe",
        "{doc}"
    );
}

/// A module with its own session-aware call that also calls another module's wrapper: whether an
/// imported function is a wrapper is asked once the run knows a module sends a parameter (a first
/// pass asks only at session-aware calls), and asked at once of a module the run does not lint.
#[test]
fn wrappers_called_beside_direct_calls_are_found() {
    let files = [
        (
            "wrap.js",
            "const dr = new DigitalRiver('pk');\nexport function makeSource(data) {\n  return dr.createSource(data);\n}\n",
        ),
        (
            "checkout.js",
            "import { makeSource } from './wrap.js';\nimport { track } from './util.js';\n\
             const dr = new DigitalRiver('pk');\ntrack('start');\n\
             dr.createSource({ sessionId: checkout.id, type: 'creditCard' });\n\
             makeSource({\n  type: 'wireTransfer',\n  amount: 5,\n});\n",
        ),
        ("util.js", "export function track(e) { console.log(e); }\n"),
    ];
    let dir = common::tree(&files);
    let (code, doc) = json(dir.path(), &["--global", "checkout", "."]);
    assert_eq!(code, 1, "{doc}");
    let mut want = vec![
        f("checkout.js", 6, MSI, ""),
        f("checkout.js", 8, RF, "amount"),
    ];
    want.sort();
    assert_eq!(findings(&doc), want, "{doc}");
    assert_eq!(
        calls(&doc),
        [
            ("checkout.js".to_string(), 5, "migrated".to_string()),
            ("checkout.js".to_string(), 6, "needs-changes".to_string()),
        ],
        "{doc}"
    );

    // The wrapper's module not linted (only checkout.js named): asked at once, read for its export.
    let (code, doc) = json(dir.path(), &["--global", "checkout", "checkout.js"]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(findings(&doc), want, "{doc}");

    // `--fix` asks at once too, and rewrites the wrapper's payload where it is written.
    let (code, doc) = json(
        dir.path(),
        &[
            "--fix",
            "--session-id-expr",
            "checkout.id",
            "--global",
            "checkout",
            ".",
        ],
    );
    assert_eq!(code, 0, "{doc}");
    let fixed = std::fs::read_to_string(dir.path().join("checkout.js")).expect("checkout.js");
    assert!(
        fixed.contains("makeSource({\n  type: 'wireTransfer',\n  sessionId: checkout.id,\n});"),
        "{fixed}"
    );
}

/// A folder walked through a symbolic link: its files' canonical paths are the link's target's, so
/// the modules they import are the linted files (not modules "this run does not lint").
#[cfg(unix)]
#[test]
fn a_walked_folder_behind_a_symbolic_link_is_one_program() {
    let dir = common::tree(&[
        (
            "real/pay.js",
            "export function bank(o) {\n  return { type: 'wireTransfer', amount: o.total };\n}\n",
        ),
        (
            "real/checkout.js",
            "import { bank } from './pay.js';\nconst dr = new DigitalRiver('pk');\ndr.createSource(bank(order));\n",
        ),
    ]);
    std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("link")).expect("symlink");
    let (code, doc) = json(dir.path(), &["link"]);
    assert_eq!(code, 1, "{doc}");
    let mut want = vec![
        f("link/pay.js", 2, MSI, ""),
        f("link/pay.js", 2, RF, "amount"),
    ];
    want.sort();
    assert_eq!(findings(&doc), want, "{doc}");
}

/// Call sites are listed by file and position (JSON and the migration plan), also when one is checked
/// in another file's report (a builder's payload is checked in the builder's module).
#[test]
fn call_sites_are_listed_in_the_order_of_the_text() {
    let dir = common::tree(&[
        (
            "payload.js",
            "export function card() {\n  return { type: 'creditCard' };\n}\n",
        ),
        (
            "checkout.js",
            "import { card } from './payload.js';\nconst dr = new DigitalRiver('pk');\n\
             dr.createSource(card());\n\
             dr.createSource({ type: 'wireTransfer', amount: 1 });\n",
        ),
    ]);
    let (_, doc) = json(dir.path(), &["."]);
    let lines: Vec<(String, u64)> = calls_in_order(&doc)
        .into_iter()
        .map(|(path, line, _)| (path, line))
        .collect();
    assert_eq!(
        lines,
        [
            ("checkout.js".to_string(), 3),
            ("checkout.js".to_string(), 4)
        ],
        "{doc}"
    );
    let out = tool(dir.path())
        .args(["--format", "csv", "."])
        .output()
        .expect("run");
    let csv = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| &l[..l.find(",createSource").unwrap_or(0)])
        .collect();
    assert_eq!(rows, ["checkout.js,3,4", "checkout.js,4,4"], "{csv}");
}

/// A wrapper in a module the run does not lint (ignored, or not named), re-exported by a linted
/// barrel that names no call: the first pass asks at every call unless the run lints the whole tree.
#[test]
fn a_barrel_re_exporting_a_wrapper_from_outside_the_run() {
    let dir = common::tree(&[
        (".gitignore", "vendor/\n"),
        (
            "vendor/wrap.js",
            "const dr = new DigitalRiver('pk');\nexport function makeSource(data) { return dr.createSource(data); }\n",
        ),
        ("pay.js", "export * from './vendor/wrap.js';\n"),
        (
            "checkout.js",
            "import { makeSource } from './pay.js';\nconst dr = new DigitalRiver('pk');\n\
             dr.createSource({ sessionId: s, type: 'creditCard' });\n\
             makeSource({ type: 'wireTransfer', amount: 5 });\n",
        ),
    ]);
    let want = vec![
        f("checkout.js", 4, MSI, ""),
        f("checkout.js", 4, RF, "amount"),
    ];
    for args in [
        vec!["."],
        vec!["--no-ignore", "."],
        vec!["checkout.js", "pay.js"],
    ] {
        let (code, doc) = json(dir.path(), &args);
        assert_eq!(code, 1, "{args:?}: {doc}");
        let mut got = findings(&doc);
        got.retain(|g| g.0 == "checkout.js");
        assert_eq!(got, want, "{args:?}: {doc}");
    }
    // `--diff` shows the change `--fix` makes.
    let (_, doc) = json(
        dir.path(),
        &["--diff", "--session-id-expr", "s", "--global", "s", "."],
    );
    assert_eq!(doc["summary"]["fixed"]["callSites"], 1, "{doc}");
}

/// A helper given a tracked binding that holds a string, which writes the session id into the payload
/// it closes over, runs at its call: the write is certain there (found by a breaking helper when a
/// change ran such helpers only for arguments holding objects).
#[test]
fn a_helper_given_a_string_writes_the_payload_it_closes_over() {
    for (name, text) in [
        (
            "assign.js",
            "const t = 'creditCard';\nconst p = { type: t };\nfunction setSess(v) { p.sessionId = checkout.id; }\n\
             setSess(t);\nconst dr = new DigitalRiver('pk'); dr.createSource(p);\n",
        ),
        (
            "object-assign.js",
            "const t = 'creditCard';\nconst p = { type: t };\n\
             function setSess(v) { Object.assign(p, { sessionId: checkout.id }); }\n\
             setSess(t);\nconst dr = new DigitalRiver('pk'); dr.createSource(p);\n",
        ),
        (
            "late-literal.js",
            "const t = 'creditCard';\nlet p;\nfunction setSess(v) { p.sessionId = checkout.id; }\n\
             p = { type: t };\nsetSess(t);\nconst dr = new DigitalRiver('pk'); dr.createSource(p);\n",
        ),
    ] {
        let dir = common::tree(&[(name, text)]);
        let (code, doc) = json(dir.path(), &["--global", "checkout", "."]);
        assert_eq!(code, 0, "{name}: {doc}");
        assert_eq!(findings(&doc), vec![], "{name}: {doc}");
        assert_eq!(calls(&doc)[0].2, "migrated", "{name}: {doc}");
    }
}

/// A wrapper of another module called on an inline `require('./m')`, on a binding of `await
/// import('./m')` and on `(await import('./m'))` is found and checked at those calls (they were
/// silent misses: the wrapper's own call was reported reached, the callers not checked); with
/// `--no-ignore` too, where the wrapper question is deferred. A merchant's own client reached
/// through an inline `require` is not DigitalRiver.js.
#[test]
fn wrappers_and_own_clients_reached_through_inline_require_and_dynamic_import() {
    let dir = common::tree(&[
        (
            "wrap.js",
            "const dr = new DigitalRiver('pk');\n\
             exports.makeSource = function (data) { return dr.createSource(data); };\n\
             exports.backoffice = { createSource(b) { return fetch('/x', { body: JSON.stringify(b) }); } };\n",
        ),
        (
            "inline.js",
            "require('./wrap.js').makeSource({ type: 'payPal', amount: 5, currency: 'USD' });\n\
             require('./wrap.js').backoffice.createSource({ type: 'payPal', amount: 5, currency: 'USD' });\n",
        ),
        (
            "bound.mjs",
            "const w = await import('./wrap.js');\n\
             w.makeSource({ type: 'payPal', amount: 6, currency: 'USD' });\n",
        ),
        (
            "awaited.mjs",
            "export async function go() {\n\
             \x20 return (await import('./wrap.js')).makeSource({ type: 'payPal', amount: 7, currency: 'USD' });\n\
             }\n",
        ),
    ]);
    let want = || {
        let mut v = Vec::new();
        for (file, line) in [("inline.js", 1), ("bound.mjs", 2), ("awaited.mjs", 2)] {
            v.push(f(file, line, MSI, ""));
            v.push(f(file, line, RF, "amount"));
            v.push(f(file, line, RF, "currency"));
        }
        v
    };
    for args in [vec!["."], vec!["--no-ignore", "."]] {
        let doc = expect_findings_in(dir.path(), &args, 1, want());
        assert_eq!(count(&doc, "unresolved-payload"), 0, "{doc}");
    }
}

/// A payload another module's builder returns, held in a binding and sent to another module's
/// wrapper, is checked in the builder's module (it was `unresolved-payload`, "not visible here"); a
/// write the caller makes into it first leaves the verdict open there, as for a direct call; a
/// literal of the caller's own sent to the imported wrapper is checked where it is.
#[test]
fn a_builders_result_held_in_a_binding_and_sent_to_an_imported_wrapper() {
    let dir = common::tree(&[
        BUILD_PAYPAL,
        SUBMIT,
        (
            "page.js",
            "import { buildPayPal } from './build.js';\n\
             import { submit } from './submit.js';\n\
             export function pay(cart) {\n\
             \x20 const p = buildPayPal(cart);\n\
             \x20 return submit(p);\n\
             }\n\
             export function local(cart) {\n\
             \x20 const q = { type: 'payPal', amount: cart.total };\n\
             \x20 return submit(q);\n\
             }\n",
        ),
    ]);
    let want = vec![
        f("build.js", 1, MSI, ""),
        f("build.js", 1, RF, "amount"),
        f("build.js", 1, RF, "currency"),
        f("page.js", 8, MSI, ""),
        f("page.js", 8, RF, "amount"),
    ];
    for args in [vec!["."], vec!["--no-ignore", "."]] {
        expect_findings_in(dir.path(), &args, 1, want.clone());
    }
    // The caller sets `sessionId` before sending it: not known in the builder's module.
    std::fs::write(
        dir.path().join("page.js"),
        "import { buildPayPal } from './build.js';\n\
         import { submit } from './submit.js';\n\
         export function pay(cart, session) {\n\
         \x20 const p = buildPayPal(cart);\n\
         \x20 p.sessionId = session.id;\n\
         \x20 return submit(p);\n\
         }\n",
    )
    .expect("write page.js");
    let doc = expect_findings_in(
        dir.path(),
        &["."],
        0,
        vec![f("build.js", 1, "unresolved-payload", "")],
    );
    assert_eq!(count(&doc, MSI), 0, "{doc}");
}

/// An exported client whose own `createSource` is replaced, in its module or by the importer, is not
/// taken for the merchant's method: the call is checked by its payload (found by a breaker: the calls
/// were dropped); a write anywhere in the file counts for every call of it. One called with optional
/// chaining is the merchant's own, as without it.
#[test]
fn exported_clients_written_over_are_not_taken_for_their_definitions() {
    let own =
        "{ createSource(b) { return fetch('/x', { method: 'POST', body: JSON.stringify(b) }); } }";
    let dir = common::tree(&[
        (
            "patched.js",
            &format!(
                "const dr = new DigitalRiver('pk');\n\
                 function makeClient() {{ return {own}; }}\n\
                 export const c = makeClient();\n\
                 c.createSource = (p) => dr.createSource(p);\n\
                 export const api = {{ refunds: {own} }};\n\
                 api.refunds = dr;\n"
            ),
        ),
        (
            "plain.js",
            &format!(
                "function makeClient() {{ return {own}; }}\n\
                 export const d = makeClient();\n"
            ),
        ),
        (
            "optional.js",
            "import { d } from './plain.js';\n\
             d?.createSource({ type: 'payPal', amount: 4, currency: 'USD' });\n",
        ),
        (
            "use.js",
            "import { c, api } from './patched.js';\n\
             import * as ns from './patched.js';\n\
             import { d } from './plain.js';\n\
             const dr = new DigitalRiver('pk');\n\
             c.createSource({ type: 'payPal', amount: 5, currency: 'USD' });\n\
             ns.api.refunds.createSource({ type: 'payPal', amount: 6, currency: 'USD' });\n\
             d?.createSource({ type: 'payPal', amount: 7, currency: 'USD' });\n\
             d.createSource = (p) => dr.createSource(p);\n\
             d.createSource({ type: 'payPal', amount: 8, currency: 'USD' });\n",
        ),
    ]);
    let (_, doc) = json(dir.path(), &["."]);
    let want: Vec<(String, u64)> = [5, 6, 7, 9].map(|l| ("use.js".to_string(), l)).into();
    assert_eq!(session_findings(&doc), want, "{doc}");
}

/// A CommonJS module's export made by a factory or a class of the module (`exports.c =
/// makeClient()`, `module.exports.b = new Backoffice()`) has the factory's object's own methods; one
/// the module writes into after making it does not.
#[test]
fn commonjs_exports_made_by_factories_have_their_own_methods() {
    let own =
        "{ createSource(b) { return fetch('/x', { method: 'POST', body: JSON.stringify(b) }); } }";
    let dir = common::tree(&[
        (
            "clients.js",
            &format!(
                "function makeClient() {{ return {own}; }}\n\
                 class Backoffice {{ createSource(b) {{ return fetch('/y', {{ body: JSON.stringify(b) }}); }} }}\n\
                 exports.c = makeClient();\n\
                 module.exports.b = new Backoffice();\n"
            ),
        ),
        (
            "patched.js",
            &format!(
                "const dr = new DigitalRiver('pk');\n\
                 function makeClient() {{ return {own}; }}\n\
                 exports.p = makeClient();\n\
                 exports.p.createSource = (x) => dr.createSource(x);\n"
            ),
        ),
        (
            "use.js",
            "const m = require('./clients.js');\n\
             const patched = require('./patched.js');\n\
             m.c.createSource({ type: 'payPal', amount: 5, currency: 'USD' });\n\
             require('./clients.js').b.createSource({ type: 'payPal', amount: 6, currency: 'USD' });\n\
             patched.p.createSource({ type: 'payPal', amount: 7, currency: 'USD' });\n",
        ),
    ]);
    let (_, doc) = json(dir.path(), &["."]);
    assert_eq!(
        session_findings(&doc),
        vec![("use.js".to_string(), 5)],
        "{doc}"
    );
}

/// After a second breaker: an own client the file writes into harmlessly (`api.other = 1`) is taken by
/// its payload with unsafe fixes, also through a namespace import; an exported client its module
/// gives to an imported helper (which may replace its members) is not taken for its definition; an
/// `Object.assign` into a builder's result before an imported wrapper sends it leaves the verdict open.
#[test]
fn written_clients_make_fixes_unsafe_and_merges_before_a_wrapper_leave_the_verdict_open() {
    let dir = common::tree(&[
        (
            "api.js",
            "import { patch } from './patch.js';\n\
             export const api = { backoffice: { createSource(p) { return fetch('/x', { body: JSON.stringify(p) }); } } };\n\
             api.backoffice.timeout = 5;\n\
             export const desk = { refunds: { createSource(p) { return fetch('/r', { body: JSON.stringify(p) }); } } };\n\
             patch(desk, new DigitalRiver('k'));\n",
        ),
        (
            "patch.js",
            "export function patch(o, d) { o.refunds = d; }\n",
        ),
        (
            "local.js",
            "const own = { backoffice: { createSource(p) { return fetch('/x', { body: JSON.stringify(p) }); } } };\n\
             own.backoffice.createSource({ type: 'payPal', amount: 1, currency: 'USD' });\n\
             own.other = 1;\n",
        ),
        (
            "main.js",
            "import * as ns from './api.js';\n\
             ns.api.backoffice.createSource({ type: 'payPal', amount: 2, currency: 'USD' });\n\
             ns.desk.refunds.createSource({ type: 'payPal', amount: 3, currency: 'USD' });\n",
        ),
        BUILD_PAYPAL,
        SUBMIT,
        (
            "page.js",
            "import { buildPayPal } from './build.js';\n\
             import { submit } from './submit.js';\n\
             export function pay(cart, checkout) {\n\
             \x20 const p = buildPayPal(cart);\n\
             \x20 Object.assign(p, { sessionId: checkout.id });\n\
             \x20 return submit(p);\n\
             }\n",
        ),
    ]);
    let (_, doc) = json(dir.path(), &FIXING);
    let u = |p: &str, l: u64| (p.to_string(), l, "unsafe".to_string());
    assert_eq!(
        session_fixes(&doc),
        vec![u("local.js", 2), u("main.js", 2), u("main.js", 3)],
        "{doc}"
    );
    assert!(
        findings(&doc).contains(&f("build.js", 1, "unresolved-payload", "")),
        "{doc}"
    );
}
