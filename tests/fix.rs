//! `--fix`: the docs' before examples become their after examples; fixing is idempotent, keeps every
//! byte outside the edits, and never leaves a file that does not parse; style cases; unsafe fixes; files
//! that must not be written.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use dr_session_lint::apply::lint_and_fix;
use dr_session_lint::diagnostic::FileId;
use dr_session_lint::fix::{Applicability, Edit, apply_edits};
use dr_session_lint::lint::lint_text;
use dr_session_lint::parse::parse;
use dr_session_lint::resolve::model::{Candidate, ObjectModel, Value};
use dr_session_lint::resolve::{Payload, Targets, resolve};
use dr_session_lint::settings::Settings;
use dr_session_lint::source::Language;
use dr_session_lint::source::template::extract;
use predicates::str::contains;

const EXPR: &str = "checkout.payment.session.id";

fn settings(expr: Option<&str>) -> Settings {
    Settings {
        session_id_expr: expr.map(str::to_string),
        // The docs' examples are page snippets: `checkout` is a global of the page.
        globals: vec!["checkout".into()],
        max_file_size: u64::MAX,
        ..Settings::builtin()
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn key_paths(m: &ObjectModel, prefix: &str, out: &mut BTreeSet<String>) {
    for f in m.fields.iter() {
        let path = format!("{prefix}{}", f.name);
        if let Value::Object(inner) = &f.value {
            key_paths(inner, &format!("{path}."), out);
        }
        out.insert(path);
    }
}

/// The key paths of the payload of the (only) createSource call of `text`.
fn payload_keys(text: &str) -> BTreeSet<String> {
    let mut program = parse(text, Language::JavaScript).unwrap();
    let targets = Targets::of(&Settings::builtin().table);
    let sites = resolve(
        &mut program,
        text,
        &targets,
        FileId(0),
        false,
        &Default::default(),
    )
    .sites;
    assert_eq!(sites.len(), 1, "one call per method fixture");
    let Payload::Value { value, .. } = &sites[0].payload else {
        panic!("payload not resolved")
    };
    let [Candidate::Object(m)] = value.0.as_slice() else {
        panic!("one object payload expected")
    };
    let mut keys = BTreeSet::new();
    key_paths(m, "", &mut keys);
    keys
}

const METHODS: [&str; 14] = [
    "creditCard",
    "payPal",
    "payPalBilling",
    "payPalCredit",
    "directDebit",
    "wireTransfer",
    "codJapan",
    "payco",
    "bankTransfer",
    "onlineBanking",
    "bPay",
    "konbini",
    "klarnaCredit",
    "klarnaCreditRecurring",
];

#[test]
fn each_before_example_fixed_has_the_keys_of_its_after_example() {
    let s = settings(Some(EXPR));
    for method in METHODS {
        let before = fs::read(fixtures().join(format!("methods/{method}-before.js"))).unwrap();
        let after =
            fs::read_to_string(fixtures().join(format!("methods/{method}-after.js"))).unwrap();
        let fixed = lint_and_fix(FileId(0), None, &before, Language::JavaScript, &s, false);
        assert!(fixed.problem.is_none(), "{method}: {:?}", fixed.problem);
        assert!(
            fixed.linted.diagnostics.is_empty(),
            "{method}: still {:?}",
            fixed.linted.diagnostics
        );
        assert_eq!(payload_keys(&fixed.text), payload_keys(&after), "{method}");
    }
}

fn all_fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            all_fixtures(&p, out);
        } else if Language::from_path(&p).is_some() {
            out.push(p);
        }
    }
}

/// Every byte of `original` outside `edits` is in `result`, in order, where the edits leave it.
fn assert_outside_edits_unchanged(original: &[u8], edits: &[&Edit], result: &[u8], what: &str) {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let (mut prev, mut delta) = (0usize, 0isize);
    for e in sorted {
        let at = (prev as isize + delta) as usize;
        assert_eq!(
            &original[prev..e.range.start],
            &result[at..at + e.range.start - prev],
            "{what}"
        );
        delta += e.text.len() as isize - (e.range.end - e.range.start) as isize;
        prev = e.range.end;
    }
    let at = (prev as isize + delta) as usize;
    assert_eq!(&original[prev..], &result[at..], "{what}");
}

#[test]
fn fixing_every_fixture_is_idempotent_parses_and_keeps_bytes_outside_edits() {
    let s = settings(Some(EXPR));
    let mut files = Vec::new();
    all_fixtures(&fixtures(), &mut files);
    for path in files {
        let what = path.display().to_string();
        let original = fs::read(&path).unwrap();
        let language = Language::from_path(&path).unwrap();
        let Ok(text) = String::from_utf8(original.clone()) else {
            continue;
        };
        if parse(&text, language).is_err() {
            continue;
        }
        let once = lint_and_fix(FileId(0), None, &original, language, &s, true);
        assert!(once.problem.is_none(), "{what}: {:?}", once.problem);
        parse(&once.text, language)
            .unwrap_or_else(|e| panic!("{what}: fixed output does not parse: {}", e.message));
        let twice = lint_and_fix(FileId(0), None, &once.bytes, language, &s, true);
        assert_eq!(
            once.bytes, twice.bytes,
            "{what}: fixing twice differs from fixing once"
        );
        assert_eq!(twice.fixes_applied, 0, "{what}");
        let again = lint_text(FileId(0), &once.text, language, &s);
        let fixable: Vec<_> = again
            .diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability != Applicability::DisplayOnly)
            })
            .map(|d| d.message.clone())
            .collect();
        assert!(
            fixable.is_empty(),
            "{what}: still fixable after --fix: {fixable:?}"
        );
        // One pass, checked against its own edits.
        let first = lint_text(FileId(0), &text, language, &s);
        let mut taken: Vec<&Edit> = Vec::new();
        for f in first.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
            if f.edits.iter().all(|e| {
                taken
                    .iter()
                    .all(|t| t.range.end <= e.range.start || e.range.end <= t.range.start)
            }) {
                taken.extend(&f.edits);
            }
        }
        let result = apply_edits(&original, &taken);
        assert_outside_edits_unchanged(&original, &taken, &result, &what);
        // In a template, every edit is inside one of its scripts.
        if let Language::Template(kind) = language {
            let scripts = extract(&text, kind).scripts;
            for e in &taken {
                assert!(
                    scripts
                        .iter()
                        .any(|s| s.range.start <= e.range.start && e.range.end <= s.range.end),
                    "{what}: edit {:?} outside every script",
                    e.range
                );
            }
        }
    }
}

fn fix_file(name: &str, content: &str, args: &[&str]) -> (String, i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, content).unwrap();
    let out = Command::cargo_bin("dr-session-lint")
        .unwrap()
        .env_remove("GITHUB_ACTIONS")
        .current_dir(dir.path())
        .args(["--color", "never", "--fix"])
        .args(args)
        .arg(name)
        .output()
        .unwrap();
    (
        fs::read_to_string(&path).unwrap(),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

const DR: &str = "var dr = new DigitalRiver('pk');\n";

#[test]
fn one_line_objects_and_trailing_commas() {
    let src = format!("{DR}dr.createSource({{ type: 'payPal', amount: 1, currency: 'USD' }});\n");
    let (fixed, code, _) = fix_file(
        "a.js",
        &src,
        &["--session-id-expr", "s.id", "--global", "s"],
    );
    assert_eq!(
        fixed,
        format!("{DR}dr.createSource({{ type: 'payPal', sessionId: s.id }});\n")
    );
    assert_eq!(code, 0);
    let src = format!(
        "{DR}dr.createSource({{\n  type: 'bPay',\n  amount: 1,\n  currency: 'AUD',\n}});\n"
    );
    let (fixed, _, _) = fix_file(
        "a.js",
        &src,
        &["--session-id-expr", "s.id", "--global", "s"],
    );
    assert_eq!(
        fixed,
        format!("{DR}dr.createSource({{\n  type: 'bPay',\n  sessionId: s.id,\n}});\n")
    );
}

#[test]
fn comments_next_to_removed_fields_go_with_them() {
    let src = format!(
        "{DR}var p = {{\n    type: 'konbini',\n    sessionId: s.id,\n    // what the cart says\n    amount: cart.total, // JPY\n    konbini: {{ storeId: '010' }} // store\n}};\ndr.createSource(p);\n"
    );
    let (fixed, _, _) = fix_file("a.js", &src, &[]);
    assert_eq!(
        fixed,
        format!(
            "{DR}var p = {{\n    type: 'konbini',\n    sessionId: s.id,\n    konbini: {{ storeId: '010' }} // store\n}};\ndr.createSource(p);\n"
        )
    );
}

#[test]
fn crlf_bom_and_tabs_are_kept() {
    let src = format!(
        "\u{feff}{}var p = {{\r\n\t\"type\": \"wireTransfer\",\r\n\t\"amount\": 5,\r\n\t\"currency\": \"EUR\",\r\n\t\"wireTransfer\": {{}}\r\n}};\r\ndr.createSource(p);\r\n",
        DR.replace('\n', "\r\n")
    );
    let (fixed, _, _) = fix_file(
        "a.js",
        &src,
        &["--session-id-expr", "s.id", "--global", "s"],
    );
    assert_eq!(
        fixed,
        format!(
            "\u{feff}{}var p = {{\r\n\t\"type\": \"wireTransfer\",\r\n\t\"sessionId\": s.id,\r\n\t\"wireTransfer\": {{}}\r\n}};\r\ndr.createSource(p);\r\n",
            DR.replace('\n', "\r\n")
        )
    );
}

#[test]
fn last_property_and_whole_details_content() {
    let src = format!(
        "{DR}dr.createSource({{\n  type: 'payPal',\n  sessionId: s.id,\n  payPal: {{\n    returnUrl: r,\n    cancelUrl: c,\n    items: [],\n    shipping: {{}}\n  }},\n  amount: 3\n}});\n"
    );
    let (fixed, _, _) = fix_file("a.js", &src, &[]);
    assert_eq!(
        fixed,
        format!(
            "{DR}dr.createSource({{\n  type: 'payPal',\n  sessionId: s.id,\n  payPal: {{\n    returnUrl: r,\n    cancelUrl: c\n  }}\n}});\n"
        )
    );
    let src = format!(
        "{DR}dr.createSource({{ type: 'payPal', sessionId: s, payPal: {{ items: [], taxAmount: 1 }} }});\n"
    );
    let (fixed, _, _) = fix_file("a.js", &src, &[]);
    assert_eq!(
        fixed,
        format!("{DR}dr.createSource({{ type: 'payPal', sessionId: s, payPal: {{}} }});\n")
    );
}

#[test]
fn quoted_key_style_is_copied() {
    let src = format!("{DR}dr.createSource(el, {{ 'type': 'creditCard', 'owner': o }});\n");
    let (fixed, _, _) = fix_file(
        "a.js",
        &src,
        &["--session-id-expr", "s.id", "--global", "s"],
    );
    assert_eq!(
        fixed,
        format!(
            "{DR}dr.createSource(el, {{ 'type': 'creditCard', 'sessionId': s.id, 'owner': o }});\n"
        )
    );
}

#[test]
fn without_session_id_expr_nothing_is_written_and_the_fix_is_shown() {
    let src = format!("{DR}dr.createSource({{ type: 'payPal', amount: 1 }});\n");
    let (fixed, code, stdout) = fix_file("a.js", &src, &[]);
    assert_eq!(fixed, src, "amount must not go while there is no sessionId");
    assert_eq!(code, 1);
    assert!(
        stdout.contains("applied once --session-id-expr EXPR is given"),
        "{stdout}"
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.js"), &src).unwrap();
    Command::cargo_bin("dr-session-lint")
        .unwrap()
        .env_remove("GITHUB_ACTIONS")
        .current_dir(dir.path())
        .args(["--format", "json", "a.js"])
        .assert()
        .stdout(
            contains("\"applicability\": \"display-only\"")
                .and(contains("<the checkout's payment.session.id>")),
        );
    use predicates::prelude::PredicateBooleanExt;
}

#[test]
fn a_bad_session_id_expr_is_a_usage_error() {
    let (fixed, code, _) = fix_file("a.js", DR, &["--session-id-expr", "a); alert(1); (b"]);
    assert_eq!(code, 2);
    assert_eq!(fixed, DR);
}

#[test]
fn statement_removal_is_unsafe_when_the_value_has_side_effects() {
    let src = format!(
        "{DR}var p = {{ type: 'payco', sessionId: s }};\np.amount = total;\np.currency = lookupCurrency();\ndr.createSource(p);\n"
    );
    let (fixed, code, _) = fix_file("a.js", &src, &[]);
    assert_eq!(
        fixed,
        format!(
            "{DR}var p = {{ type: 'payco', sessionId: s }};\np.currency = lookupCurrency();\ndr.createSource(p);\n"
        )
    );
    assert_eq!(code, 1, "the unsafe one remains");
    let (fixed, code, _) = fix_file("a.js", &src, &["--unsafe-fixes"]);
    assert_eq!(
        fixed,
        format!("{DR}var p = {{ type: 'payco', sessionId: s }};\ndr.createSource(p);\n")
    );
    assert_eq!(code, 0);
}

#[test]
fn unresolved_payloads_are_never_fixed() {
    let src = format!("{DR}dr.createSource({{ ...base, type: 'payPal', amount: 1 }});\n");
    let (fixed, _, _) = fix_file(
        "a.js",
        &src,
        &[
            "--session-id-expr",
            "s.id",
            "--global",
            "s",
            "--unsafe-fixes",
        ],
    );
    assert_eq!(fixed, src);
}

#[test]
fn read_only_files_and_symlinks_are_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let src = format!("{DR}dr.createSource({{ type: 'payPal', sessionId: s, amount: 1 }});\n");
    let ro = dir.path().join("ro.js");
    fs::write(&ro, &src).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    fs::write(dir.path().join("target.js"), &src).unwrap();
    std::os::unix::fs::symlink(dir.path().join("target.js"), dir.path().join("link.js")).unwrap();
    fs::write(dir.path().join("ok.js"), &src).unwrap();
    Command::cargo_bin("dr-session-lint")
        .unwrap()
        .env_remove("GITHUB_ACTIONS")
        .current_dir(dir.path())
        .args(["--color", "never", "--fix", "ro.js", "link.js", "ok.js"])
        .assert()
        .code(2)
        .stdout(contains("read-only").and(contains("symbolic link")));
    assert_eq!(fs::read_to_string(&ro).unwrap(), src);
    assert_eq!(
        fs::read_to_string(dir.path().join("target.js")).unwrap(),
        src
    );
    assert_ne!(
        fs::read_to_string(dir.path().join("ok.js")).unwrap(),
        src,
        "the rest of the run goes on"
    );
    use predicates::prelude::PredicateBooleanExt;
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!("{DR}dr.createSource({{ type: 'payPal', sessionId: s, amount: 1 }});\n");
    fs::write(dir.path().join("a.js"), &src).unwrap();
    for args in [&["--diff"][..], &["--fix", "--dry-run"][..]] {
        Command::cargo_bin("dr-session-lint")
            .unwrap()
            .env_remove("GITHUB_ACTIONS")
            .current_dir(dir.path())
            .args(["--color", "never"])
            .args(args)
            .arg("a.js")
            .assert()
            .code(1)
            .stdout(contains("--- a/a.js\n+++ b/a.js\n").and(contains(
                "+dr.createSource({ type: 'payPal', sessionId: s });",
            )))
            .stdout(contains(
                "Would change 1 call site in 1 file (1 fix to apply): 1 fully migrated, 0 still needing work.",
            ));
        assert_eq!(fs::read_to_string(dir.path().join("a.js")).unwrap(), src);
        use predicates::prelude::PredicateBooleanExt;
    }
}

/// Cases where a fix would change what other code sees or how statements are separated: the fix is
/// left out (or kept for --unsafe-fixes), never applied by --fix.
#[test]
fn fixes_that_would_change_other_code_are_not_safe() {
    let cases: [(&str, &str, &str); 9] = [
        (
            "an object merged into two payloads",
            "var dr = new DigitalRiver('k');\nconst common = { amount: 1 };\ndr.createSource(Object.assign({ type: 'bPay', sessionId: s }, common));\nstripe.createSource(card, Object.assign({ type: 'card' }, common));\n",
            "const common = { amount: 1 };",
        ),
        (
            "a payload field read elsewhere",
            "var dr = new DigitalRiver('k');\nvar p = { type: 'bPay', sessionId: s, amount: 1 };\ndr.createSource(p);\ntrack(p.amount);\n",
            "amount: 1",
        ),
        (
            "a removal that would join two statements",
            "var dr = new DigitalRiver('k');\nvar p = { type: 'bPay', sessionId: s };\nlet list = cart.items\np.amount = cart.total;\n[1, 2].forEach(f);\ndr.createSource(p);\n",
            "p.amount = cart.total;",
        ),
        (
            "a value with side effects",
            "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'bPay', sessionId: s, amount: n++ });\n",
            "amount: n++",
        ),
        (
            "a field redundant for one of two possible types",
            "var dr = new DigitalRiver('k');\ndr.createSource({ type: t ? 'wireTransfer' : 'creditCard', sessionId: s, amount: 1 });\n",
            "amount: 1",
        ),
        (
            "a details object with a spread",
            "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'payPal', sessionId: s, payPal: { ...extra, items: [] } });\n",
            "items: []",
        ),
        (
            "a type Stripe.js has too, with an unknown receiver",
            "async function f(stripe) { return stripe.createSource({ type: 'ideal', amount: 1 }); }\n",
            "{ type: 'ideal', amount: 1 }",
        ),
        (
            "a suppressed field",
            "var dr = new DigitalRiver('k');\ndr.createSource({\n  type: 'payPal',\n  // dr-session-lint-ignore-next-line redundant-field -- the PSP reads it\n  amount: 1,\n  currency: 'USD'\n});\n",
            "  // dr-session-lint-ignore-next-line redundant-field -- the PSP reads it\n  amount: 1",
        ),
        (
            "a typed payload",
            "declare const dr: any;\nconst p = { type: 'bPay', amount: 1 } satisfies { type: string; amount: number };\ndr.createSource(p);\n",
            "{ type: 'bPay', amount: 1 }",
        ),
    ];
    for (what, src, kept) in cases {
        let name = if what == "a typed payload" {
            "a.ts"
        } else {
            "a.js"
        };
        let (fixed, _, _) = fix_file(name, src, &["--session-id-expr", "s.id", "--global", "s"]);
        assert!(
            fixed.contains(kept),
            "{what}: `{kept}` was changed:\n{fixed}"
        );
    }
}
