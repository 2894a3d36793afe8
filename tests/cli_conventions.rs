//! The habits JavaScript teams bring from ESLint, Biome and oxlint, through the real binary: `-f`,
//! `--fix-dry-run`, `warn` in the configuration, `FORCE_COLOR`, `-o` into a new folder, and exit 2
//! for a folder with nothing to lint.

use std::fs;

mod common;

const NOT_MIGRATED: &str = "var dr = new DigitalRiver('pk');\n\
dr.createSource({ type: 'payPal', amount: 10 });\n";

#[test]
fn eslint_habits() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.js"), NOT_MIGRATED).unwrap();

    // `-f json` is `--format json`.
    let out = common::tool(d)
        .args(["--no-config", "-f", "json", "a.js"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["callSites"]["total"], 1);

    // `--fix-dry-run` is `--diff`: the diff, nothing written.
    common::tool(d)
        .args([
            "--no-config",
            "--fix-dry-run",
            "--session-id-expr",
            "window.s",
            "a.js",
        ])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("+++ b/a.js"));
    assert_eq!(fs::read_to_string(d.join("a.js")).unwrap(), NOT_MIGRATED);

    // `warn` is `warning` in the configuration.
    fs::write(
        d.join("dr-session-lint.toml"),
        "[severity]\nredundant-field = \"warn\"\n",
    )
    .unwrap();
    let out = common::tool(d)
        .args(["-f", "json", "a.js"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let redundant: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "redundant-field")
        .collect();
    assert!(!redundant.is_empty() && redundant.iter().all(|x| x["severity"] == "warning"));
    fs::remove_file(d.join("dr-session-lint.toml")).unwrap();

    // FORCE_COLOR colors a pipe (with --color auto); NO_COLOR still wins.
    let colored = std::process::Command::new(assert_cmd::cargo::cargo_bin("dr-session-lint"))
        .current_dir(d)
        .env("FORCE_COLOR", "1")
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .args(["--no-config", "a.js"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&colored.stdout).contains('\u{1b}'));
    let plain = std::process::Command::new(assert_cmd::cargo::cargo_bin("dr-session-lint"))
        .current_dir(d)
        .env("FORCE_COLOR", "1")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .args(["--no-config", "a.js"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));

    // `-o reports/x.sarif` creates `reports/`.
    common::tool(d)
        .args([
            "--no-config",
            "-f",
            "sarif",
            "-o",
            "reports/ci/x.sarif",
            "a.js",
        ])
        .assert()
        .code(1);
    assert!(
        fs::read_to_string(d.join("reports/ci/x.sarif"))
            .unwrap()
            .contains("\"2.1.0\"")
    );
}

#[test]
fn quiet_max_warnings_counts_no_hidden_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // One warning (a payload that may be DigitalRiver.js), no error.
    fs::write(
        d.join("a.js"),
        "function go(p) { x.createSource(p); }
",
    )
    .unwrap();
    common::tool(d)
        .args(["--no-config", "--max-warnings", "0", "a.js"])
        .assert()
        .code(1);
    common::tool(d)
        .args(["--no-config", "-q", "--max-warnings", "0", "a.js"])
        .assert()
        .code(0);
}

#[test]
fn a_folder_with_nothing_to_lint_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("empty")).unwrap();
    fs::create_dir_all(d.join("docs")).unwrap();
    fs::write(d.join("docs/notes.txt"), "dr.createSource({})").unwrap();
    common::tool(d)
        .args(["--no-config", "empty", "docs"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no files to lint in `empty`, `docs`",
        ));
    common::tool(d)
        .args(["--no-config", "--no-error-on-unmatched-pattern", "empty"])
        .assert()
        .code(0);
    // A named file the configuration excludes is not an error (pre-commit names every staged file).
    fs::write(
        d.join("dr-session-lint.toml"),
        "exclude = [\"vendor/**\"]\n",
    )
    .unwrap();
    fs::create_dir_all(d.join("vendor")).unwrap();
    fs::write(d.join("vendor/a.js"), NOT_MIGRATED).unwrap();
    common::tool(d)
        .args(["--force-exclude", "vendor/a.js"])
        .assert()
        .code(0);
}

#[test]
fn migration_plan_as_csv_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("a.js"),
        "var dr = new DigitalRiver('pk');\n\
         dr.createSource({ type: 'payPal', amount: 10 });\n\
         dr.createSource({ type: 'wireTransfer', sessionId: s, \"cur|rency\": 1 });\n\
         dr.createDropin({ sessionId: s });\n",
    )
    .unwrap();
    let out = common::tool(d)
        .args(["--no-config", "-f", "csv", "a.js"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header[0], "file");
    assert_eq!(header[6], "status");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][3], "createSource");
    assert_eq!(&rows[0][5], "payPal");
    assert_eq!(&rows[0][6], "needs changes");
    assert_eq!(&rows[0][7], "missing-session-id; redundant-field amount");
    assert_eq!(&rows[0][8], "needs --session-id-expr");
    assert_eq!((&rows[2][3], &rows[2][6]), ("createDropin", "migrated"));

    // `--output-format` is `--format` too (Ruff's spelling).
    let md = common::tool(d)
        .args(["--no-config", "--output-format", "markdown", "a.js"])
        .output()
        .unwrap();
    let text = String::from_utf8(md.stdout).unwrap();
    assert!(
        text.contains("| a.js | 2 | `createSource` | payPal | needs changes |"),
        "{text}"
    );
    assert!(text.contains("| `redundant-field` | 1 |"), "{text}");
    assert!(text.contains("| a.js | 2 |"), "{text}");
}
