//! The per-file driver: read a file, lint it, and in fix mode fix it (starting from that first lint)
//! and write it back atomically. Runs on a worker thread with a large stack (see `WORKER_STACK`).

use std::path::Path;

use crate::apply::fix_bytes;
use crate::check::CallStatus;
use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::lint::{Linted, LintedText, lint_bytes};
use crate::settings::Settings;
use crate::source::Language;
use crate::write::write_atomically;

/// Stack size of the worker threads. swc's parser, its resolver and the AST's drop recurse once per
/// nesting level; this is virtual memory, the resident size only grows on deep files.
pub const WORKER_STACK: usize = 1024 * 1024 * 1024;

/// What to do with the fixes found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Report only.
    Check,
    /// Apply the fixes (`--fix`), or only show them (`--diff`, `write: false`).
    Fix { unsafe_fixes: bool, write: bool },
}

/// What fixing a file did.
#[derive(Default)]
pub struct FixReport {
    pub fixes_applied: usize,
    /// Call sites a fix changed.
    pub calls_fixed: usize,
    /// Of those, the ones now fully migrated (nothing left to change or review).
    pub calls_migrated: usize,
    /// The text before the fixes, when they changed it.
    pub original: Option<String>,
}

/// A file's text (after fixes, if any), ready for the reports.
pub struct LintedFile {
    pub text: String,
    pub linted: Linted,
    pub fix: FixReport,
}

fn io_problem(file: FileId, message: String) -> Diagnostic {
    Diagnostic::file_level(Rule::IoError, file, 0, message)
}

/// Run `work` on one file's text, containing a panic in it (a parser fault, an analysis bug) to that
/// file: it becomes the file's `internal-error` diagnostic, nothing of the file is written, and the run
/// goes on with the other files.
pub fn contained(file: FileId, work: impl FnOnce() -> LintedFile) -> LintedFile {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(done) => done,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            let mut linted = Linted::default();
            linted.diagnostics.push(
                Diagnostic::file_level(
                    Rule::InternalError,
                    file,
                    0,
                    format!("the analysis of this file failed (internal error: {what}): its calls were not checked"),
                )
                .with_help("review this file by hand, and please report the problem with the file that triggers it"),
            );
            LintedFile {
                text: String::new(),
                linted,
                fix: FixReport::default(),
            }
        }
    }
}

/// Read and lint (and, in fix mode, fix) the file at `path`, numbered `file` in this run. A panic while
/// analysing the file is [`contained`] to it.
pub fn lint_path(
    file: FileId,
    path: &Path,
    language: Language,
    settings: &Settings,
    mode: Mode,
) -> LintedFile {
    contained(file, || {
        lint_path_unguarded(file, path, language, settings, mode)
    })
}

fn lint_path_unguarded(
    file: FileId,
    path: &Path,
    language: Language,
    settings: &Settings,
    mode: Mode,
) -> LintedFile {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let mut linted = Linted {
                io_failure: true,
                ..Linted::default()
            };
            linted.diagnostics.push(io_problem(
                file,
                format!("cannot read {}: {e}", path.display()),
            ));
            return LintedFile {
                text: String::new(),
                linted,
                fix: FixReport::default(),
            };
        }
    };
    let Mode::Fix {
        unsafe_fixes,
        write,
    } = mode
    else {
        let LintedText { text, linted } = lint_bytes(file, Some(path), bytes, language, settings);
        return LintedFile {
            text,
            linted,
            fix: FixReport::default(),
        };
    };
    let original = bytes.clone();
    let LintedText { text, mut linted } = lint_bytes(file, Some(path), bytes, language, settings);
    let has_fix = linted.diagnostics.iter().any(|d| d.fix.is_some());
    if !has_fix {
        return LintedFile {
            text,
            linted,
            fix: FixReport::default(),
        };
    }
    let fixed = fix_bytes(
        file,
        Some(path),
        &original,
        linted,
        language,
        settings,
        unsafe_fixes,
    );
    if let Some(problem) = fixed.problem {
        linted = fixed.linted;
        linted.io_failure = true;
        linted.diagnostics.insert(
            0,
            io_problem(file, format!("cannot fix {}: {problem}", path.display())),
        );
        return LintedFile {
            text: fixed.text,
            linted,
            fix: FixReport::default(),
        };
    }
    if fixed.bytes == original {
        return LintedFile {
            text: fixed.text,
            linted: fixed.linted,
            fix: FixReport::default(),
        };
    }
    if write && let Err(e) = write_atomically(path, &original, &fixed.bytes) {
        // Report the file as it is on disk: lint the original again (rare: a write that failed).
        let LintedText { text, mut linted } =
            lint_bytes(file, Some(path), original, language, settings);
        linted.io_failure = true;
        linted.diagnostics.insert(
            0,
            io_problem(
                file,
                format!("cannot write the fixes to {}: {e}", path.display()),
            ),
        );
        return LintedFile {
            text,
            linted,
            fix: FixReport::default(),
        };
    }
    let migrated = fixed
        .calls_changed
        .iter()
        .filter(|&&i| {
            fixed
                .linted
                .calls
                .get(i)
                .is_some_and(|c| c.status == CallStatus::Migrated)
        })
        .count();
    let report = FixReport {
        fixes_applied: fixed.fixes_applied,
        calls_fixed: fixed.calls_changed.len(),
        calls_migrated: migrated,
        original: Some(text),
    };
    LintedFile {
        text: fixed.text,
        linted: fixed.linted,
        fix: report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_contained_to_its_file() {
        let done = contained(FileId(3), || panic!("the parser tripped"));
        let d = &done.linted.diagnostics[0];
        assert_eq!(d.rule, Rule::InternalError);
        assert_eq!(d.span.file, FileId(3));
        assert!(d.message.contains("internal error: the parser tripped"));
        let fine = contained(FileId(0), || LintedFile {
            text: "x".into(),
            linted: Linted::default(),
            fix: FixReport::default(),
        });
        assert_eq!(fine.text, "x");
    }
}
