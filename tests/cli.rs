//! The real binary, run as a user runs it: exit codes, discovery, flags, rule tables, bad input.

use std::fs;
use std::path::Path;

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn tool() -> Command {
    common::tool(Path::new(env!("CARGO_MANIFEST_DIR")))
}

const NOT_MIGRATED: &str = "var dr = new DigitalRiver('pk');\n\
dr.createSource({ type: 'payPal', amount: 10, payPal: { returnUrl: 'r' } });\n";
const MIGRATED: &str = "var dr = new DigitalRiver('pk');\n\
dr.createSource({ type: 'payPal', sessionId: s.id, payPal: { returnUrl: 'r' } });\n";

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    common::json(dir, args).1
}

fn paths_with(v: &serde_json::Value, rule: &str) -> Vec<String> {
    let mut p: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    p.sort();
    p.dedup();
    p
}

#[test]
fn exit_code_is_0_when_clean_1_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ok.js"), MIGRATED).unwrap();
    tool()
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(contains("1 already migrated"));
    fs::write(dir.path().join("bad.js"), NOT_MIGRATED).unwrap();
    tool()
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(contains("missing-session-id"))
        .stdout(contains(
            "2 DigitalRiver.js call sites found (createSource 2); 1 already migrated, 1 needs changes",
        ));
}

/// The summary's verbs agree with their counts ("1 needs changes", "2 need changes"), in the human
/// summary, the GitHub notice and the Markdown plan.
#[test]
fn summary_verbs_agree_with_the_counts() {
    // A payload that is a parameter: one call site that needs manual review.
    const WRAPPER: &str =
        "var dr = new DigitalRiver('pk');\nfunction pay(p) { return dr.createSource(p); }\n";
    let dir = tempfile::tempdir().unwrap();
    // Each round adds one call site that needs changes and one that needs review.
    for (round, files, plain, markdown) in [
        (
            1,
            ["a.js", "w.js"],
            "0 already migrated, 1 needs changes, 1 needs manual review.",
            "0 migrated, 1 needs changes, 1 needs review",
        ),
        (
            2,
            ["b.js", "v.js"],
            "0 already migrated, 2 need changes, 2 need manual review.",
            "0 migrated, 2 need changes, 2 need review",
        ),
    ] {
        fs::write(dir.path().join(files[0]), NOT_MIGRATED).unwrap();
        fs::write(dir.path().join(files[1]), WRAPPER).unwrap();
        for (format, want) in [("human", plain), ("github", plain), ("markdown", markdown)] {
            let out = tool()
                .args(["--format", format])
                .arg(dir.path())
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(stdout.contains(want), "round {round}, {format}: {stdout}");
        }
    }
}

#[test]
fn warnings_alone_exit_0_and_quiet_hides_them() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("w.js"),
        "var dr = new DigitalRiver('pk');\nfunction pay(p) { return dr.createSource(p); }\n",
    )
    .unwrap();
    tool()
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(contains("unresolved-payload"));
    tool()
        .arg("--quiet")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(contains("unresolved-payload").not());
}

#[test]
fn discovery_honors_gitignore_and_skips_dependencies_unless_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["src", "node_modules/pkg", "dist", "ignored"] {
        fs::create_dir_all(d.join(sub)).unwrap();
    }
    for f in [
        "src/a.js",
        "src/b.mjs",
        "src/c.cts",
        "src/d.tsx",
        "node_modules/pkg/index.js",
        "dist/app.min.js",
        "ignored/x.js",
        "src/notes.txt",
        "src/types.d.ts",
    ] {
        fs::write(d.join(f), NOT_MIGRATED).unwrap();
    }
    fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    let v = json(d, &[]);
    assert_eq!(
        paths_with(&v, "missing-session-id"),
        ["src/a.js", "src/b.mjs", "src/c.cts", "src/d.tsx"]
    );
    // --no-ignore lints everything with a JavaScript extension.
    let v = json(d, &["--no-ignore"]);
    assert_eq!(paths_with(&v, "missing-session-id").len(), 7);
    // A path named on the command line is always linted.
    let v = json(
        d,
        &[
            "node_modules/pkg/index.js",
            "dist/app.min.js",
            "src/notes.txt",
        ],
    );
    assert_eq!(
        paths_with(&v, "missing-session-id"),
        [
            "dist/app.min.js",
            "node_modules/pkg/index.js",
            "src/notes.txt"
        ]
    );
    // --ext adds an extension.
    let v = json(d, &["--ext", "txt", "src"]);
    assert!(paths_with(&v, "missing-session-id").contains(&"src/notes.txt".to_string()));
}

#[test]
fn rules_file_extends_the_builtin_table() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("extra.toml");
    fs::write(
        &rules,
        "[[method]]\ntype = \"wechatPay\"\nname = \"WeChat Pay\"\ndetails = [\"wechatPay\"]\n\
         remove = [\"amount\", \"wechatPay.items\"]\ndocs = \"https://example.test/wechat\"\n",
    )
    .unwrap();
    let js = dir.path().join("a.js");
    fs::write(
        &js,
        "x.createSource({ type: 'wechatPay', sessionId: s, amount: 1, wechatPay: { items: [] } });\n\
         x.createSource({ type: 'payPal', sessionId: s, amount: 1 });\n",
    )
    .unwrap();
    // Without the table the receiver is unknown and `wechatPay` is no DR type, but `sessionId` only
    // exists in DigitalRiver.js payloads: a DigitalRiver.js call with no field known to be redundant.
    let v = json(dir.path(), &["a.js"]);
    assert_eq!(v["summary"]["callSites"]["digitalRiver"], 2);
    assert_eq!(paths_with(&v, "redundant-field"), ["a.js"]);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1, "{v:#}");
    let v = json(dir.path(), &["--rules", "extra.toml", "a.js"]);
    let fields: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["field"].as_str())
        .collect();
    assert_eq!(fields, ["amount", "wechatPay.items", "amount"]);
}

#[test]
fn malformed_rule_tables_are_errors_pointing_into_the_file() {
    let cases = [
        (
            "unknown key",
            "[[method]]\ntype = \"a\"\nname = \"A\"\ndetails = [\"a\"]\nremove = []\ndocs = \"#a\"\ncolour = 1\n",
            "colour",
        ),
        (
            "duplicate type",
            "[[method]]\ntype = \"a\"\nname = \"A\"\ndetails = [\"a\"]\nremove = []\ndocs = \"#a\"\n\
             [[method]]\ntype = \"a\"\nname = \"B\"\ndetails = [\"a\"]\nremove = []\ndocs = \"#a\"\n",
            "duplicate payment type `a`",
        ),
        (
            "bad path",
            "[[method]]\ntype = \"a\"\nname = \"A\"\ndetails = [\"a\"]\nremove = [\"b.items\"]\ndocs = \"#a\"\n",
            "`b` is not one of this method's details keys",
        ),
        (
            "empty segment",
            "[[method]]\ntype = \"a\"\nname = \"A\"\ndetails = [\"a\"]\nremove = [\"a..x\"]\ndocs = \"#a\"\n",
            "bad field path",
        ),
        (
            "wrong type",
            "[[method]]\ntype = \"a\"\nname = \"A\"\ndetails = \"a\"\nremove = []\ndocs = \"#a\"\n",
            "invalid rule table",
        ),
    ];
    for (what, toml, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("r.toml"), toml).unwrap();
        tool()
            .current_dir(dir.path())
            .args(["--rules", "r.toml", "."])
            .assert()
            .code(2)
            .stderr(contains(message).and(contains("r.toml:")))
            .stdout("");
        let _ = what;
    }
    tool()
        .args(["--rules", "/nonexistent.toml", "."])
        .assert()
        .code(2)
        .stderr(contains("cannot read rule table"));
}

#[test]
fn usage_errors_exit_2() {
    tool().arg("--format").arg("yaml").assert().code(2);
    tool().arg("--bogus").assert().code(2);
}

#[test]
fn a_syntax_error_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("broken.js"),
        "var dr = new DigitalRiver('k');\ndr.createSource({ type: 'payPal', \n",
    )
    .unwrap();
    fs::write(dir.path().join("ok.js"), NOT_MIGRATED).unwrap();
    let v = json(dir.path(), &[]);
    assert_eq!(paths_with(&v, "parse-error"), ["broken.js"]);
    assert_eq!(paths_with(&v, "missing-session-id"), ["ok.js"]);
}

#[test]
fn bad_inputs_get_a_message_each_and_never_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Binary (NUL bytes) that mentions createSource.
    fs::write(d.join("bin.js"), b"\x00\x01dr.createSource({})\x00").unwrap();
    // Not UTF-8: linted, offsets exact.
    let mut latin1 = b"// caf\xe9\n".to_vec();
    latin1.extend_from_slice(NOT_MIGRATED.as_bytes());
    fs::write(d.join("latin1.js"), latin1).unwrap();
    // Empty, BOM + CRLF.
    fs::write(d.join("empty.js"), "").unwrap();
    fs::write(
        d.join("bom.js"),
        format!("\u{feff}{}", NOT_MIGRATED.replace('\n', "\r\n")),
    )
    .unwrap();
    // A directory symlink loop.
    fs::create_dir(d.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", d.join("loop/up")).unwrap();
    // 10,000-deep nesting is analysed; 100,000-deep is skipped with a message.
    let nest = |n: usize| {
        format!(
            "var x = {}1{};\n{NOT_MIGRATED}",
            "(".repeat(n),
            ")".repeat(n)
        )
    };
    fs::write(d.join("deep.js"), nest(10_000)).unwrap();
    fs::write(d.join("deeper.js"), nest(100_000)).unwrap();
    let v = json(d, &[]);
    assert_eq!(paths_with(&v, "skipped-file"), ["bin.js", "deeper.js"]);
    assert_eq!(
        paths_with(&v, "missing-session-id"),
        ["bom.js", "deep.js", "latin1.js"]
    );
    let latin = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "latin1.js" && d["rule"] == "missing-session-id")
        .unwrap()
        .clone();
    // Line 3 (after the comment and the `var` line), byte offset counts the one invalid byte as one.
    assert_eq!(latin["range"]["start"]["line"], 3);
    assert_eq!(latin["range"]["start"]["offset"], 8 + 33 + 16);
    let bom = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "bom.js" && d["rule"] == "missing-session-id")
        .unwrap()
        .clone();
    assert_eq!(bom["range"]["start"]["line"], 2);
    assert_eq!(bom["range"]["start"]["offset"], 3 + 34 + 16);
}

#[test]
fn huge_files_are_skipped_over_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    // 50 MB of minified code, with a DR call at the end.
    let mut big = "var a=[".to_string();
    big.push_str(&"1,".repeat(25 * 1024 * 1024));
    big.push_str("1];\n");
    big.push_str(NOT_MIGRATED);
    fs::write(dir.path().join("bundle.js"), &big).unwrap();
    fs::write(dir.path().join("app.js"), NOT_MIGRATED).unwrap();
    let v = json(dir.path(), &["--max-file-size", "10"]);
    assert_eq!(paths_with(&v, "skipped-file"), ["bundle.js"]);
    assert_eq!(paths_with(&v, "missing-session-id"), ["app.js"]);
}

#[test]
fn unreadable_and_missing_paths_are_io_errors_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ok.js"), NOT_MIGRATED).unwrap();
    // /proc/self/mem cannot be read from offset 0, even by root.
    let out = tool()
        .current_dir(dir.path())
        .args(["--format", "json", "ok.js", "/proc/self/mem", "missing.js"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(paths_with(&v, "io-error"), ["/proc/self/mem", "missing.js"]);
    assert_eq!(paths_with(&v, "missing-session-id"), ["ok.js"]);
    // A file without read permission (only meaningful when not running as root).
    let locked = dir.path().join("locked.js");
    fs::write(&locked, NOT_MIGRATED).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_err() {
        let v = json(dir.path(), &["locked.js"]);
        assert_eq!(paths_with(&v, "io-error"), ["locked.js"]);
    }
}

#[test]
fn color_follows_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.js"), NOT_MIGRATED).unwrap();
    let colored = Command::cargo_bin("dr-session-lint")
        .unwrap()
        .env_remove("GITHUB_ACTIONS")
        .args(["--color", "always"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&colored.stdout).contains("\u{1b}["));
    let plain = Command::cargo_bin("dr-session-lint")
        .unwrap()
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("\u{1b}["));
}

/// A call whose receiver is not known to be DigitalRiver.js (a parameter, a React prop) while its
/// element kind or payment type is known: the label and a label on the receiver name the receiver as
/// the cause, not the payment type; a payload whose type is not known keeps "payment type not known".
#[test]
fn an_unknown_receiver_is_named_as_the_cause() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let v = json(
        root,
        &["--no-config", "fixtures/calls/element-unknown-receiver.js"],
    );
    let diagnostics = v["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2, "{v}");
    for (d, receiver) in diagnostics.iter().zip(["drjs", "props.digitalRiver"]) {
        assert_eq!(d["rule"], "unresolved-payload", "{d}");
        assert_eq!(
            d["message"],
            "cannot tell whether this `createElement` call is DigitalRiver.js: its receiver is not \
             created in this file",
            "{d}"
        );
        assert_eq!(
            d["label"], "receiver not known to be DigitalRiver.js",
            "{d}"
        );
        assert!(d["help"].as_str().unwrap().contains("[receivers]"), "{d}");
        let on_receiver = d["related"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["message"] == "not created in this file")
            .unwrap_or_else(|| panic!("no label on the receiver: {d}"));
        let line = fs::read_to_string(root.join("fixtures/calls/element-unknown-receiver.js"))
            .unwrap()
            .lines()
            .nth(on_receiver["range"]["start"]["line"].as_u64().unwrap() as usize - 1)
            .unwrap()
            .to_string();
        let (from, to) = (
            on_receiver["range"]["start"]["column"].as_u64().unwrap() as usize - 1,
            on_receiver["range"]["end"]["column"].as_u64().unwrap() as usize - 1,
        );
        assert_eq!(&line[from..to], receiver, "{d}");
    }

    // A known type that Stripe.js has too: the receiver decides; an unknown type: both are unknown.
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pay.js"),
        "function ideal(client) { return client.createSource({ type: 'ideal', ideal: {} }); }\n\
         function any(client, p) { return client.createSource(p); }\n",
    )
    .unwrap();
    let v = json(dir.path(), &["pay.js"]);
    let found: Vec<(&str, &str)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["message"].as_str().unwrap(), d["label"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "cannot tell whether this `createSource` call is DigitalRiver.js: its receiver is not \
                 created in this file, and the payload's `type` (`ideal`) is not one only \
                 DigitalRiver.js has",
                "receiver not known to be DigitalRiver.js"
            ),
            (
                "cannot tell whether this `createSource` call is DigitalRiver.js: its receiver is not \
                 created in this file and the payload's `type` is not known",
                "payment type not known"
            ),
        ],
        "{v}"
    );
}

/// The column, in characters, where `needle` starts in `line`.
fn char_column(line: &str, needle: &str) -> usize {
    line[..line.find(needle).unwrap()].chars().count()
}

/// A label inside the payload's (a spread) is drawn under its own text, the payload's at its `{`
/// (miette cannot draw overlapping underlines); a payload written on one wide line still gets a frame,
/// its label at its `{`.
#[test]
fn code_frame_labels_inside_and_wide_payloads() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.js"),
        "var dr = new DigitalRiver('pk');\ndr.createSource({ type: 'payPal', ...defaults, payPal: {} });\n",
    )
    .unwrap();
    let out = tool().current_dir(dir.path()).arg("a.js").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(" │ dr.createSource({ type"))
        .unwrap_or_else(|| panic!("{text}"));
    // The underline row: `createSource`, then `{` alone, then `...defaults`.
    let marks: Vec<usize> = lines[at + 1]
        .char_indices()
        .filter(|(_, c)| *c == '┬')
        .map(|(i, _)| lines[at + 1][..i].chars().count())
        .collect();
    let brace = char_column(lines[at], "{ type");
    let spread = char_column(lines[at], "...defaults");
    assert_eq!(marks.len(), 3, "{text}");
    assert_eq!(marks[1], brace, "{text}");
    assert!(
        marks[2] > spread && marks[2] < spread + "...defaults".len(),
        "{text}"
    );

    let wide = format!(
        "var dr = new DigitalRiver('pk');\ndr.createSource({{ type: 'payPal', payPal: {{ returnUrl: '{}' }}, amount: 10 }});\n",
        "x".repeat(370)
    );
    fs::write(dir.path().join("a.js"), wide).unwrap();
    let out = tool().current_dir(dir.path()).arg("a.js").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().all(|l| l.chars().count() < 200), "{text}");
    assert!(
        text.contains("╰── no `sessionId` in this payload"),
        "{text}"
    );

    // A bidirectional override in the source, in a message's excerpt or in a file name never
    // reaches the terminal.
    fs::write(
        dir.path().join("a\u{202E}sj.js"),
        "var dr = new DigitalRiver('pk');\ndr.createSource({ type: 'payPal', amount: 1 /* \u{202E} x */ });\n\
         dr.createSource({ type: 'payPal', ...extra['\u{202E}'] });\n",
    )
    .unwrap();
    let out = tool()
        .current_dir(dir.path())
        .arg("a\u{202E}sj.js")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("/* \u{FFFD} x */"), "{text}");
    assert!(text.contains("a spread of `extra['\u{FFFD}']`"), "{text}");
    assert!(!text.contains('\u{202E}'), "{text}");
}

/// A code frame shows long lines clipped: a 20,000-character neighbour of the reported line is cut at
/// a fixed width with `…`, a long reported line is shown around its labels (also in text of
/// multi-byte characters), and the labels still point at their text.
#[test]
fn code_frames_clip_long_lines() {
    let dir = tempfile::tempdir().unwrap();
    // The human report of `a.js` holding `source`: no line of it is wider than a terminal.
    let report = |source: String| {
        fs::write(dir.path().join("a.js"), source).unwrap();
        let out = tool().current_dir(dir.path()).arg("a.js").output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.lines().all(|l| l.chars().count() < 200), "{text}");
        text
    };
    let long = format!("var blob = \"{}\";", "x".repeat(20_000));
    let text = report(format!(
        "var dr = new DigitalRiver('pk');\n{long}\ndr.createSource({{ type: 'payPal', amount: 10 }});\n{long}\n"
    ));
    let lines: Vec<&str> = text.lines().collect();
    // The neighbours: their start, then `…`.
    let neighbours: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("var blob = \"xxx"))
        .collect();
    assert!(neighbours.len() >= 2, "{text}");
    assert!(neighbours.iter().all(|l| l.ends_with('…')), "{text}");
    // The reported line whole, its label under `createSource`.
    let at = lines
        .iter()
        .position(|l| l.ends_with(" │ dr.createSource({ type: 'payPal', amount: 10 });"))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(
        char_column(lines[at + 1], "─"),
        char_column(lines[at], "createSource"),
        "{text}"
    );

    // A minified line (with multi-byte characters, one column wide) that holds the call: shown
    // around it.
    let filler = "var é = '€ü';".repeat(2_000);
    let text = report(format!(
        "var dr = new DigitalRiver('pk');\n{filler}dr.createSource({{ type: 'payPal', amount: 10 }});{filler}\n"
    ));
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("dr.createSource({ type: 'payPal', amount: 10 });"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(lines[at].contains(" 2 │ …"), "{text}");
    assert!(lines[at].ends_with('…'), "{text}");
    assert_eq!(
        char_column(lines[at + 1], "─"),
        char_column(lines[at], "createSource"),
        "{text}"
    );
    // The header still gives the file's line and column.
    assert!(
        text.contains(&format!("a.js:2:{}]", filler.encode_utf16().count() + 17)),
        "{text}"
    );

    // Wide characters (two terminal columns each): clipped by the columns they take.
    let wide = "var 名 = '漢字😀';".repeat(1_000);
    let text = report(format!(
        "var dr = new DigitalRiver('pk');\n{wide}\ndr.createSource({{ type: 'payPal', amount: 10 }});\n"
    ));
    let widest = text
        .lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    assert!((120..140).contains(&widest), "{widest}\n{text}");
}

/// A file that ends inside an open bracket: the parse error points at the last thing written, not at
/// the empty lines after it.
#[test]
fn a_syntax_error_at_the_end_points_at_the_last_text() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.js"),
        "var dr = new DigitalRiver('pk');\ndr.createSource({ type: 'payPal', payPal: {\n\n\n",
    )
    .unwrap();
    let out = tool()
        .current_dir(dir.path())
        .args(["--format", "json", "a.js"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &doc["diagnostics"][0];
    assert_eq!(d["rule"], "parse-error", "{doc}");
    assert_eq!(d["range"]["start"]["line"], 2, "{doc}");
    assert_eq!(d["range"]["start"]["column"], 43, "{doc}");
    assert!(
        d["label"]
            .as_str()
            .unwrap_or_default()
            .contains("file ends"),
        "{doc}"
    );
    // U+FEFF is JavaScript white space too.
    fs::write(
        dir.path().join("a.js"),
        "var dr = new DigitalRiver('pk');\ndr.createSource({ type: 'payPal', payPal: {\n\u{FEFF}\n",
    )
    .unwrap();
    let (_, doc) = common::json(dir.path(), &["a.js"]);
    assert_eq!(doc["diagnostics"][0]["range"]["start"]["line"], 2, "{doc}");
}
