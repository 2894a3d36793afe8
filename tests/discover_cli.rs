//! `--force-exclude` on files named one by one (as pre-commit names the staged files): the built-in
//! skips and the configuration's include/exclude apply to them as they do to a directory walk.

use std::fs;
use std::path::Path;

mod common;

const NOT_MIGRATED: &str = "var dr = new DigitalRiver('pk');\n\
dr.createSource({ type: 'payPal', amount: 10, payPal: { returnUrl: 'r' } });\n";

/// Files that the walk leaves out by name or directory, and two it lints.
const FILES: [&str; 8] = [
    "src/a.js",
    "src/b.ts",
    "node_modules/pkg/index.js",
    "src/node_modules/dep/lib.js",
    "dist/app.min.js",
    "dist/app.js.map",
    "src/types.d.ts",
    "src/vendor/x.js",
];

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in FILES {
        let path = dir.path().join(f);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, NOT_MIGRATED).unwrap();
    }
    dir
}

/// The files with a `missing-session-id` finding, sorted.
fn linted(dir: &Path, args: &[&str]) -> Vec<String> {
    let (code, doc) = common::json(dir, args);
    let mut paths: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-session-id")
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(code, if paths.is_empty() { 0 } else { 1 }, "{args:?}");
    paths
}

#[test]
fn force_exclude_applies_the_builtin_skips_to_named_files() {
    let dir = tree();
    let d = dir.path();
    // Named without --force-exclude: every file is linted.
    assert_eq!(linted(d, &FILES).len(), FILES.len());
    // Named with --force-exclude: the same files as the walk of the directory.
    let mut args = vec!["--force-exclude"];
    args.extend(FILES);
    let walked = linted(d, &["."]);
    assert_eq!(walked, ["src/a.js", "src/b.ts", "src/vendor/x.js"]);
    assert_eq!(linted(d, &args), walked);
}

#[test]
fn force_exclude_with_no_ignore_keeps_what_no_ignore_lints() {
    let dir = tree();
    let d = dir.path();
    let mut args = vec!["--force-exclude", "--no-ignore"];
    args.extend(FILES);
    // --no-ignore lints node_modules, minified bundles and source maps; declarations stay skipped,
    // as in the walk.
    let named = linted(d, &args);
    assert!(!named.contains(&"src/types.d.ts".to_string()), "{named:?}");
    assert_eq!(named.len(), FILES.len() - 1, "{named:?}");
    let walked = linted(d, &["--no-ignore", "."]);
    assert_eq!(
        named
            .iter()
            .filter(|p| !p.ends_with(".map"))
            .collect::<Vec<_>>(),
        walked.iter().collect::<Vec<_>>()
    );
}

#[test]
fn force_exclude_applies_the_configuration_and_the_skips_together() {
    let dir = tree();
    let d = dir.path();
    fs::write(
        d.join("dr-session-lint.toml"),
        "exclude = [\"src/vendor/**\"]\n",
    )
    .unwrap();
    let mut args = vec!["--force-exclude"];
    args.extend(FILES);
    assert_eq!(linted(d, &args), ["src/a.js", "src/b.ts"]);
    assert_eq!(linted(d, &["."]), ["src/a.js", "src/b.ts"]);
}
