//! The inputs the fuzzers (`fuzz/`, README "Fuzzing") found faults with, replayed on stable through
//! the same checks (`fuzz/src/checks.rs`, compiled in here): `tests/fuzz-regressions/<target>/<name>`
//! is a raw fuzzer input of `<target>` (its first byte picks the kind of file), so
//! `cargo fuzz run <target> tests/fuzz-regressions/<target>/<name>` reproduces it too.
//!
//! Each input runs on a thread with the tool's worker stack, its panic contained (`catch_unwind`).
//! A fault not fixed yet is listed in `KNOWN_FAILURES`: the test fails when an input not listed fails
//! or a listed one passes (then remove it from the list), so the list shrinks as the faults are fixed.

// The fuzz targets' own entry points are not used here.
#[allow(dead_code)]
#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::fs;
use std::path::Path;

/// `(target/name, the fault)`: inputs known to fail their target's checks.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

#[test]
fn fuzz_regressions_pass_or_are_known_failures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut problems = Vec::new();
    let mut summary = Vec::new();
    let mut seen = Vec::new();
    for dir in fs::read_dir(&root).expect("tests/fuzz-regressions exists") {
        let dir = dir.expect("a readable directory entry").path();
        let target = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 name")
            .to_string();
        if !dir.is_dir() {
            continue;
        }
        let Some((_, check)) = checks::TARGETS.iter().find(|(t, _)| *t == target) else {
            problems.push(format!(
                "tests/fuzz-regressions/{target}: not a fuzz target (one of {:?})",
                checks::TARGETS.iter().map(|(t, _)| *t).collect::<Vec<_>>()
            ));
            continue;
        };
        let mut inputs: Vec<_> = fs::read_dir(&dir)
            .expect("a readable directory")
            .map(|e| e.expect("a readable directory entry").path())
            .collect();
        inputs.sort();
        for input in inputs {
            let name = format!(
                "{target}/{}",
                input
                    .file_name()
                    .and_then(|n| n.to_str())
                    .expect("a UTF-8 name")
            );
            let bytes = fs::read(&input).expect("a readable input");
            let result = checks::run_contained(*check, bytes);
            let known = KNOWN_FAILURES.iter().find(|(n, _)| *n == name);
            match (result, known) {
                (Ok(()), None) => summary.push(format!("{name}: passes")),
                (Ok(()), Some(_)) => {
                    problems.push(format!("{name}: passes now; remove it from KNOWN_FAILURES"))
                }
                (Err(e), Some((_, fault))) => {
                    summary.push(format!("{name}: known failure ({fault})\n    {e}"))
                }
                (Err(e), None) => problems.push(format!("{name}: FAILS\n    {e}")),
            }
            seen.push(name);
        }
    }
    for (name, _) in KNOWN_FAILURES {
        if !seen.iter().any(|s| s == name) {
            problems.push(format!(
                "{name}: listed in KNOWN_FAILURES but there is no such input"
            ));
        }
    }
    for (target, _) in checks::TARGETS {
        if !seen.iter().any(|s| s.starts_with(&format!("{target}/"))) {
            problems.push(format!("tests/fuzz-regressions/{target}/ has no input"));
        }
    }
    println!("{}", summary.join("\n"));
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The checks themselves catch what they claim to: an edit that removes an unnamed byte, a position
/// outside the text.
// One named span and one comment: ranges, not lists of offsets.
#[allow(clippy::single_range_in_vec_init)]
#[test]
fn the_checks_can_fail() {
    // A valid input of every target passes.
    for (_, check) in checks::TARGETS {
        let input =
            b"\x00var dr = new DigitalRiver('k'); dr.createSource({ type: 'payPal', amount: 1 });";
        assert_eq!(checks::run_contained(*check, input.to_vec()), Ok(()));
    }
    let err = checks::run_contained(
        |_| {
            let linted = dr_session_lint::lint::Linted {
                diagnostics: vec![dr_session_lint::diagnostic::Diagnostic::file_level(
                    dr_session_lint::diagnostic::Rule::ParseError,
                    dr_session_lint::diagnostic::FileId(0),
                    5,
                    String::new(),
                )],
                ..Default::default()
            };
            checks::check_positions("abc", &linted);
        },
        Vec::new(),
    );
    assert!(err.is_err_and(|e| e.contains("not a range of the text")));
    let err = checks::run_contained(
        |_| {
            let edit = dr_session_lint::fix::Edit {
                file: dr_session_lint::diagnostic::FileId(0),
                range: 2..9,
                text: "x".into(),
            };
            // `b: 2, ` may go only where a finding names it.
            checks::check_edit("{ b: 2, c: 3 }", &edit, &[], &[]);
        },
        Vec::new(),
    );
    assert!(err.is_err_and(|e| e.contains("removes more than the findings name")));
    let edit = dr_session_lint::fix::Edit {
        file: dr_session_lint::diagnostic::FileId(0),
        range: 2..12,
        text: String::new(),
    };
    let (named, comments) = (vec![2..6], vec![8..12]);
    checks::check_edit("{ b: 2, /**/c: 3 }", &edit, &named, &comments);
}
