//! The per-file driver: read a file, lint it, and in fix mode fix it (starting from that first lint)
//! and write it back atomically. Runs on a worker thread with a large stack (see `WORKER_STACK`).

use std::path::Path;

use crate::apply::fix_bytes_in;
use crate::check::CallStatus;
use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::lint::{Linted, LintedText};
use crate::resolve::ResolveInput;
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

/// A file's text (after fixes, if any), ready for the reports. The default: a file with nothing to
/// lint (the prefilter passed over it).
#[derive(Default)]
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
    match crate::parse::contain_panic(work) {
        Ok(done) => done,
        Err(what) => {
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
    lint_path_in(
        file,
        path,
        language,
        settings,
        mode,
        &ResolveInput::default(),
    )
}

/// [`lint_path`] for a file of a program (its imports asked of `input.linker`).
pub fn lint_path_in(
    file: FileId,
    path: &Path,
    language: Language,
    settings: &Settings,
    mode: Mode,
    input: &ResolveInput,
) -> LintedFile {
    contained(file, || {
        lint_path_unguarded(file, path, language, settings, mode, input)
    })
}

fn io_failure(file: FileId, message: String) -> Box<LintedFile> {
    let mut linted = Linted {
        io_failure: true,
        ..Linted::default()
    };
    linted.diagnostics.push(io_problem(file, message));
    Box::new(LintedFile {
        text: String::new(),
        linted,
        fix: FixReport::default(),
    })
}

fn skipped_file(file: FileId, message: String, help: &str) -> Box<LintedFile> {
    let mut linted = Linted::default();
    linted
        .diagnostics
        .push(Diagnostic::file_level(Rule::SkippedFile, file, 0, message).with_help(help));
    Box::new(LintedFile {
        text: String::new(),
        linted,
        fix: FixReport::default(),
    })
}

/// What a path is when it is not a regular file.
fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
    }
    Some("not a regular file")
}

/// Open a file for reading without blocking (a FIFO with no writer must not hang the run) and without
/// making a terminal the process's controlling terminal.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(
            (rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY).bits() as i32,
        );
    }
    options.open(path)
}

/// The bytes of the file at `path`, or what to report instead. Only regular files are read (a FIFO,
/// socket or device could block or never end: `skipped-file`), and a file over `--max-file-size` is
/// not read whole: it is scanned in chunks with the prefilter, and reported as skipped only when it
/// may hold a call (as a file within the limit is only parsed then).
fn read_source(
    file: FileId,
    path: &Path,
    settings: &Settings,
    asked: bool,
) -> Result<Vec<u8>, Box<LintedFile>> {
    use std::io::{Read, Seek};
    let cannot_read =
        |e: std::io::Error| io_failure(file, format!("cannot read {}: {e}", path.display()));
    let not_read = |what: &str| {
        skipped_file(
            file,
            format!("this is {what}, not a regular file: not read"),
            "only regular files are linted (reading a FIFO, socket or device could block or never end)",
        )
    };
    // Opened without blocking (a FIFO with no writer), then what was opened decides; the path is
    // only looked at when it cannot be opened (a socket), for a clearer message.
    let mut f = match open_nonblocking(path) {
        Ok(f) => f,
        Err(e) => {
            return Err(
                match std::fs::metadata(path).ok().as_ref().and_then(not_a_file) {
                    Some(what) => not_read(what),
                    None => cannot_read(e),
                },
            );
        }
    };
    let meta = f.metadata().map_err(cannot_read)?;
    if let Some(what) = not_a_file(&meta) {
        return Err(not_read(what));
    }
    let size = meta.len();
    let limit = settings.max_file_size;
    if size > limit {
        return match may_call_stream(&mut f, settings) {
            Ok(false) => Err(Box::default()),
            Ok(true) => Err(skipped_file(
                file,
                format!(
                    "file is {:.1} MiB, over the {:.1} MiB limit (--max-file-size): not read \
                     (only scanned for a session-aware call, which it may hold), not analysed",
                    size as f64 / 1048576.0,
                    limit as f64 / 1048576.0
                ),
                "this file mentions a session-aware call: review it by hand, or raise --max-file-size",
            )),
            Err(e) => Err(cannot_read(e)),
        };
    }
    // Most files name no session-aware call: stream them through this thread's small window, and
    // read whole (into memory of its own) only a file that may hold one. The kernel copies into a
    // small window that stays in the CPU's cache several times faster than into a big buffer.
    if !asked {
        match may_call_stream(&mut f, settings) {
            Ok(true) => {}
            Ok(false) => {
                return Err(Box::default());
            }
            Err(e) => return Err(cannot_read(e)),
        }
        f.seek(std::io::SeekFrom::Start(0)).map_err(cannot_read)?;
    }
    // A file that grows while it is read is read no further than one byte over the limit (the
    // linter then reports it over the limit).
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    f.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if !asked && !settings.prefilter.may_call(&bytes) {
        // What the window could not decide, the whole text did: nothing to lint.
        return Err(Box::default());
    }
    Ok(bytes)
}

/// Whether the file at `path`, which a directory listing showed as a regular file, certainly names no
/// session-aware call (read through the prefilter's window, as [`lint_path`] reads it first): linting
/// it would find nothing. `false` when it may name one, and when this cannot tell (an error, more
/// bytes than `--max-file-size`): linting it says why.
///
/// The file's kind is not asked again (a system call per file of a tree): it is opened without
/// blocking, and no more than the size limit and one byte are read, so that a file replaced
/// meanwhile by one that never ends (a device) cannot hold the walk.
pub fn names_no_call(path: &Path, settings: &Settings) -> bool {
    use std::io::Read;
    let Ok(f) = open_nonblocking(path) else {
        return false;
    };
    let mut r = f.take(settings.max_file_size.saturating_add(1));
    matches!(may_call_stream(&mut r, settings), Ok(false)) && r.limit() > 0
}

/// [`crate::source::Prefilter::may_call_stream`] with this thread's window.
fn may_call_stream(f: &mut impl std::io::Read, settings: &Settings) -> std::io::Result<bool> {
    thread_local! {
        static WINDOW: std::cell::RefCell<crate::source::StreamWindow> =
            std::cell::RefCell::new(crate::source::StreamWindow::default());
    }
    WINDOW.with(|w| settings.prefilter.may_call_stream(f, &mut w.borrow_mut()))
}

fn lint_path_unguarded(
    file: FileId,
    path: &Path,
    language: Language,
    settings: &Settings,
    mode: Mode,
    input: &ResolveInput,
) -> LintedFile {
    let asked = !input.externals.is_empty() || input.follow_wrappers;
    let bytes = match read_source(file, path, settings, asked) {
        Ok(b) => b,
        Err(done) => return *done,
    };
    let Mode::Fix {
        unsafe_fixes,
        write,
    } = mode
    else {
        let LintedText { text, linted } =
            crate::lint::lint_bytes_in(file, Some(path), bytes, language, settings, input);
        return LintedFile {
            text,
            linted,
            fix: FixReport::default(),
        };
    };
    let original = bytes.clone();
    let LintedText { text, mut linted } =
        crate::lint::lint_bytes_in(file, Some(path), bytes, language, settings, input);
    let has_fix = linted.diagnostics.iter().any(|d| d.fix.is_some());
    if !has_fix {
        return LintedFile {
            text,
            linted,
            fix: FixReport::default(),
        };
    }
    let fixed = fix_bytes_in(
        file,
        Some(path),
        &original,
        linted,
        language,
        settings,
        unsafe_fixes,
        input,
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
            crate::lint::lint_bytes_in(file, Some(path), original, language, settings, input);
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
