//! Every fixture under fixtures/ declares its exact findings in `// expect:` comments; this test lints
//! each one and compares. See fixtures/README.md for the convention.

use std::path::{Path, PathBuf};

use dr_session_lint::diagnostic::FileId;
use dr_session_lint::lint::lint_text;
use dr_session_lint::settings::Settings;
use dr_session_lint::source::Language;

/// (rule, field, conditional) for one finding.
type Finding = (String, Option<String>, bool);

fn expected(text: &str) -> Option<Vec<Finding>> {
    let mut found = None;
    for line in text.lines() {
        let Some(rest) = line.trim_start().strip_prefix("// expect:") else {
            continue;
        };
        let list: &mut Vec<Finding> = found.get_or_insert_with(Vec::new);
        let mut words: Vec<&str> = rest.split_whitespace().collect();
        if words == ["none"] {
            continue;
        }
        let conditional = words.last() == Some(&"conditional");
        if conditional {
            words.pop();
        }
        let rule = words
            .first()
            .expect("a rule id after `// expect:`")
            .to_string();
        list.push((rule, words.get(1).map(|s| s.to_string()), conditional));
    }
    found.map(|mut v| {
        v.sort();
        v
    })
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // The multi-module fixtures are linted as programs, with file and line: tests/whole_program.rs.
        if path.is_dir() && path.file_name().is_some_and(|n| n == "modules") {
            continue;
        }
        if path.is_dir() {
            fixture_files(&path, out);
        } else if Language::from_path(&path).is_some() {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_has_exactly_its_expected_findings() {
    let settings = Settings {
        session_id_expr: None,
        max_file_size: u64::MAX,
        ..Settings::builtin()
    };
    let mut files = Vec::new();
    fixture_files(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .as_path(),
        &mut files,
    );
    files.sort();
    assert!(files.len() >= 28, "fixtures missing: found {}", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let Some(expected) = expected(&text) else {
            failures.push(format!("{}: no `// expect:` line", path.display()));
            continue;
        };
        let language = Language::from_path(path).unwrap();
        let linted = lint_text(FileId(0), &text, language, &settings);
        let mut actual: Vec<Finding> = linted
            .diagnostics
            .iter()
            .map(|d| (d.rule.id().to_string(), d.field.clone(), d.conditional))
            .collect();
        actual.sort();
        if actual != expected {
            let messages: Vec<String> = linted
                .diagnostics
                .iter()
                .map(|d| format!("  {}: {}", d.rule.id(), d.message))
                .collect();
            failures.push(format!(
                "{}:\n expected {expected:?}\n actual   {actual:?}\n{}",
                path.display(),
                messages.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
