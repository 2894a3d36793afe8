//! What the CLI tests share: the real binary, run in a directory, its environment cleaned of what would
//! change its output (NO_COLOR, GITHUB_ACTIONS), without colors.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

pub fn tool(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("dr-session-lint").unwrap();
    c.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .args(["--color", "never"]);
    c
}

/// Run with `--format json`: the exit code and the document.
pub fn json(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let out = tool(dir)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), doc)
}

/// Every way `doc` breaks a schema, one line each (empty when it is valid).
pub fn violations(validator: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect()
}

/// Write `text` to `path` under `dir`, making the folders between.
pub fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("a file's folder")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A new temporary folder with each `(path, text)` written under it.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}
