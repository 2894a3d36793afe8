//! Linting the files of a run as one program. Each file is linted on its own first, asking about its
//! imports through the [`Program`]; then what one file found for others is checked where it belongs:
//!
//! 1. a call whose payload another module's exported builder returns is checked in that module (the
//!    builder's literal is where the fix goes), as an external call site naming the call;
//! 2. the callers of an exported wrapper (a function that sends its parameter to a session-aware call)
//!    are found in files that name no session-aware call themselves (a byte scan for the wrappers'
//!    names) and checked at the wrapper's calls; the wrapper's own call, whose payload is only its
//!    parameter, is then not reported as unresolved.
//!
//! Both repeat a few rounds (a builder's module may itself delegate); every file is still read, fixed and
//! written on its own, atomically.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{FileId, Rule, Span};
use crate::discover::WalkRoot;
use crate::driver::{LintedFile, Mode, lint_path_in};
use crate::lines::LineIndex;
use crate::program::Program;
use crate::resolve::ResolveInput;
use crate::resolve::link::External;
use crate::settings::Settings;
use crate::source::Language;

/// A file of the run, with the settings that apply to it (its configuration's).
pub struct WorkFile<'a> {
    pub path: &'a Path,
    pub language: Language,
    pub settings: &'a Settings,
    /// The folder whose walk found the file (see [`crate::discover::Discovered`]).
    pub walked: Option<&'a WalkRoot>,
    /// Known to name no session-aware call (see [`crate::discover::Discovered::nothing_to_lint`]):
    /// not read in the first pass.
    pub nothing_to_lint: bool,
}

/// Rounds of delegation followed (a builder returning another module's builder's object, ...).
const MAX_ROUNDS: usize = 4;

/// Lint (and fix) `files` (numbered by their index) as one program, on the current rayon pool.
/// `None` for a file with nothing to report (most files of a tree: a word per file, no more).
/// `whole_tree`: the files are every module of the tree that their imports can reach (a walk that
/// passed over none: no ignore file honoured, no configuration scope, no file named alone); whether
/// an imported function is another module's wrapper can then wait until a linted module is known to
/// send a parameter (see [`lint_program`]).
///
/// Also gives back the program (the index of the files and the module summaries): a tree's index is
/// tens of thousands of paths, which a command about to exit need not free.
pub fn lint_files<'a>(
    files: &[WorkFile<'a>],
    mode: Mode,
    whole_tree: bool,
) -> (Vec<Option<Box<LintedFile>>>, Program<'a>) {
    let program = Program::of_run(
        files
            .iter()
            .map(|f| (Cow::Borrowed(f.path), f.language, f.settings, f.walked))
            .collect(),
    );
    // Files that may hold a session-aware call usually import something: their first question
    // would build the index alone.
    if files.iter().any(|f| !f.nothing_to_lint) {
        program.index_now();
    }
    let all: Vec<usize> = (0..files.len()).collect();
    let results = lint_program(&program, files, &all, mode, whole_tree, &|i, input| {
        let f = &files[i];
        lint_path_in(
            FileId(i as u32),
            f.path,
            f.language,
            f.settings,
            mode,
            input,
        )
    })
    .into_iter()
    .map(|r| r.filter(|r| !(r.linted.diagnostics.is_empty() && r.linted.calls.is_empty())))
    .collect();
    (results, program)
}

/// How [`lint_program`] lints the file numbered `i` with what the program gives it.
pub type LintOne<'a> = dyn Fn(usize, &ResolveInput) -> LintedFile + Sync + 'a;

/// [`lint_files`] over a program the caller built (`files` numbered by their index, as in
/// `program`), linting each file with `lint_file`: the language server's, whose open documents are
/// linted from the editor's text. Only the files `first` are linted at first; another file is linted
/// (and has a result) only when their calls reach it (a builder's module, a wrapper's callers...).
/// Unlike [`lint_files`], a file with nothing to report keeps its result (its delegations say which
/// modules its calls reach), unless it names no session-aware call (`None`).
///
/// `defer_wrappers`: every module the files can import from the tree is in `first` (see
/// [`lint_files`]'s `whole_tree`). The first pass then asks whether an imported function is a
/// wrapper only at session-aware calls, calls given a tracked binding and calls of a module the run
/// does not lint, and the files that skipped the question are linted again, with the first round of
/// delegations, if some linted module sends a parameter to a session-aware call. Otherwise (a module outside the run may
/// re-export a wrapper through a linted one; the language server lints only the open documents
/// first) and under `--fix` (a file is written once), the first pass asks at every call.
pub fn lint_program(
    program: &Program,
    files: &[WorkFile],
    first: &[usize],
    mode: Mode,
    defer_wrappers: bool,
    lint_file: &LintOne,
) -> Vec<Option<Box<LintedFile>>> {
    let lint =
        |i: usize, externals: &[External], follow_wrappers: bool, imported_wrappers: bool| {
            let linker = program
                .linker_for_file(FileId(i as u32))
                .unwrap_or_else(|| program.linker_for(files[i].path));
            let input = ResolveInput {
                linker: &linker,
                externals,
                follow_wrappers,
                imported_wrappers,
            };
            lint_file(i, &input)
        };
    // Boxed: a tree's files are tens of thousands, and most have no result.
    let mut results: Vec<Option<Box<LintedFile>>> = (0..files.len()).map(|_| None).collect();
    // The files of the first pass (a file of it with no result named no session-aware call).
    let mut in_first = vec![false; files.len()];
    // Whether a call of an imported function is another module's wrapper is asked only once the run
    // knows a linted module sends a parameter to a session-aware call (most runs know none, and
    // asking reads the imported modules). `--fix` asks at once: a file is written only once.
    let ask_first = !defer_wrappers || matches!(mode, Mode::Fix { write: true, .. });
    let todo: Vec<usize> = first
        .iter()
        .copied()
        .filter(|&i| i < files.len() && !files[i].nothing_to_lint)
        .collect();
    let linted: Vec<(usize, LintedFile)> =
        largest_first(&by_size(files, todo), |i| lint(i, &[], false, ask_first))
            .into_iter()
            .filter(|(_, r)| !is_empty(r))
            .collect();
    for &i in first.iter().filter(|&&i| i < files.len()) {
        in_first[i] = true;
    }
    for (i, r) in linted {
        results[i] = Some(Box::new(r));
    }
    // The files that skipped the wrapper question are linted again, asking it, with the first round
    // below (each alone, they would leave a core idle while the largest one runs).
    let again: Vec<usize> = if results.iter().flatten().any(|r| r.linted.sends_parameter) {
        (0..files.len())
            .filter(|&i| {
                results[i]
                    .as_ref()
                    .is_some_and(|r| r.linted.skipped_imported_calls)
            })
            .collect()
    } else {
        Vec::new()
    };

    // Callers of exported wrappers, in files the first pass skipped (they name no session-aware call).
    let wrappers: Vec<String> = {
        let mut names: Vec<String> = results
            .iter()
            .flatten()
            .flat_map(|r| r.linted.exported_wrappers.iter().cloned())
            .collect();
        // A wrapper named as a session-aware call (a service's own `createSource`) is in files the
        // first pass read already.
        if !names.is_empty() {
            let mut call_names: HashSet<&str> = HashSet::new();
            let mut last: Option<*const Settings> = None;
            for f in files {
                if last != Some(f.settings as *const Settings) {
                    call_names.extend(f.settings.table.calls().iter().map(|c| c.name.as_str()));
                    last = Some(f.settings as *const Settings);
                }
            }
            names.retain(|n| !call_names.contains(n.as_str()));
        }
        names.sort();
        names.dedup();
        names
    };
    let mut follow: HashSet<usize> = HashSet::new();
    if !wrappers.is_empty() {
        let finder = aho_corasick::AhoCorasick::new(&wrappers).ok();
        if let Some(finder) = finder {
            follow = (0..files.len())
                .into_par_iter()
                .filter(|&i| {
                    in_first[i]
                        && results[i]
                            .as_ref()
                            .is_none_or(|r| r.linted.calls.is_empty() && r.text.is_empty())
                        && std::fs::read(files[i].path).is_ok_and(|b| may_call(&finder, &b))
                })
                .collect();
        }
    }

    follow.extend(again);
    let mut externals: HashMap<usize, Vec<External>> = HashMap::new();
    let mut done: HashSet<(usize, String)> = HashSet::new();
    for _ in 0..MAX_ROUNDS {
        let mut changed: HashSet<usize> = std::mem::take(&mut follow);
        for r in results.iter().flatten() {
            for d in &r.linted.delegations {
                let target = d.file.0 as usize;
                if target >= files.len() {
                    continue;
                }
                let key = format!("{:?}{:?}{:?}", d.export, d.method, d.at);
                if !done.insert((target, key)) {
                    continue;
                }
                let display = where_is(files, &d.at, results.get(d.at.file.0 as usize));
                externals.entry(target).or_default().push(External {
                    export: d.export.clone(),
                    method: d.method.clone(),
                    call: d.call,
                    receiver: d.receiver.clone(),
                    at: d.at.clone(),
                    display,
                    read_by_caller: d.read_by_caller,
                    written_by_caller: d.written_by_caller,
                    receiver_doubt: d.receiver_doubt.clone(),
                });
                changed.insert(target);
            }
        }
        if changed.is_empty() {
            break;
        }
        let relinted: Vec<(usize, LintedFile)> = changed
            .into_par_iter()
            .map(|i| {
                let ext = externals.get(&i).map(Vec::as_slice).unwrap_or(&[]);
                (i, lint(i, ext, true, true))
            })
            .collect();
        for (i, mut again) in relinted {
            // A file fixed and written in an earlier round: the report keeps its first text and adds
            // the fixes of this one.
            if let Some(Some(before)) = results.get_mut(i)
                && let Some(original) = before.fix.original.take()
                && matches!(mode, Mode::Fix { write: true, .. })
            {
                again.fix.original = Some(original);
                again.fix.fixes_applied += before.fix.fixes_applied;
                again.fix.calls_fixed += before.fix.calls_fixed;
                again.fix.calls_migrated += before.fix.calls_migrated;
            }
            results[i] = Some(Box::new(again));
        }
    }

    // A wrapper's call whose payload is its parameter is checked at the wrapper's calls.
    let reached: HashSet<Span> = results
        .iter()
        .flatten()
        .flat_map(|r| r.linted.reached_wrappers.iter().cloned())
        .collect();
    if !reached.is_empty() {
        for r in results.iter_mut().flatten() {
            r.linted.diagnostics.retain(|d| {
                !(d.rule == Rule::UnresolvedPayload
                    && d.call_site.as_ref().is_some_and(|c| reached.contains(c)))
            });
            r.linted.calls.retain(|c| !reached.contains(&c.span));
        }
    }
    results
}

/// `items` (files numbered as in `files`) from the largest file to the smallest; a file that cannot
/// be looked at comes last.
fn by_size(files: &[WorkFile], items: Vec<usize>) -> Vec<usize> {
    let mut sized: Vec<(u64, usize)> = items
        .into_par_iter()
        .map(|i| {
            let len = files
                .get(i)
                .and_then(|f| std::fs::metadata(f.path).ok())
                .map_or(0, |m| m.len());
            (len, i)
        })
        .collect();
    sized.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    sized.into_iter().map(|(_, i)| i).collect()
}

/// `work` of each of `items` on the current rayon pool, started in the order of `items`: each
/// thread takes the next item when it is free. Given the largest files first, a run does not end
/// with one thread analysing a big file while the others wait (a split of the list in halves, as a
/// parallel iterator makes, can leave the largest file for last). In no particular order.
fn largest_first<T: Send>(items: &[usize], work: impl Fn(usize) -> T + Sync) -> Vec<(usize, T)> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::Mutex::new(Vec::with_capacity(items.len()));
    rayon::scope(|s| {
        for _ in 0..rayon::current_num_threads().min(items.len()) {
            s.spawn(|_| {
                while let Some(&i) =
                    items.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                {
                    let r = work(i);
                    if let Ok(mut d) = done.lock() {
                        d.push((i, r));
                    }
                }
            });
        }
    });
    done.into_inner().unwrap_or_default()
}

/// A result with nothing in it. A file whose text was not analysed (empty: the prefilter passed over
/// it, or it could not be read) has nothing beside what it reports.
fn is_empty(r: &LintedFile) -> bool {
    r.text.is_empty() && r.linted.diagnostics.is_empty() && !r.linted.io_failure
}

/// Whether a file may call one of the wrappers `finder` looks for: it names one as a whole word (not
/// `rebuild` for `build`), and it imports or requires something (a wrapper of another module is
/// reached only through an import). A file that cannot is not parsed again.
fn may_call(finder: &aho_corasick::AhoCorasick, bytes: &[u8]) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let links = memchr::memmem::find(bytes, b"import").is_some()
        || memchr::memmem::find(bytes, b"require").is_some();
    links
        && finder.find_overlapping_iter(bytes).any(|m| {
            let before = m.start().checked_sub(1).and_then(|i| bytes.get(i));
            !before.is_some_and(|&b| ident(b)) && !bytes.get(m.end()).is_some_and(|&b| ident(b))
        })
}

/// `checkout.js:12`: where a call is, for the message of the module that checks its payload.
fn where_is(files: &[WorkFile], at: &Span, linted: Option<&Option<Box<LintedFile>>>) -> String {
    let Some(f) = files.get(at.file.0 as usize) else {
        return "another module".into();
    };
    let path = f.path.display().to_string();
    let path = path.strip_prefix("./").unwrap_or(&path).to_string();
    match linted.and_then(|l| l.as_ref()) {
        Some(l) if !l.text.is_empty() => {
            let line = LineIndex::new(&l.text)
                .position(&l.text, at.range.start)
                .line;
            format!("{path}:{line}")
        }
        _ => path,
    }
}
