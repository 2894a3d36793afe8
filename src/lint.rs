//! One file through the pipeline: read -> prefilter -> parse -> resolve -> check. Runs on a worker thread
//! with a large stack (see `WORKER_STACK`).

use std::path::Path;

use crate::apply::{fix_bytes, write_atomically};
use crate::check::{CallStatus, CheckContext, CheckedCall, check_call, status_of};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::parse::{MAX_NESTING, Parsed, nesting_depth, parse_units};
use crate::resolve::resolve;
use crate::rules::RuleTable;
use crate::source::{Language, SourceText, Units, Unreadable, may_call_create_source};
use crate::suppress::Suppressions;

/// Stack size of the worker threads. swc's parser, its resolver and the AST's drop recurse once per
/// nesting level; this is virtual memory, the resident size only grows on deep files.
pub const WORKER_STACK: usize = 1024 * 1024 * 1024;

pub struct Settings {
    pub table: RuleTable,
    /// Per-rule severity from the configuration: `None` turns a rule off.
    pub severities: Vec<(Rule, Option<Severity>)>,
    /// Receiver names the configuration says are (or are not) DigitalRiver.js.
    pub receivers: ReceiverNames,
    /// `--session-id-expr`: what the `sessionId` fix inserts (validated).
    pub session_id_expr: Option<String>,
    /// Files larger than this that mention `createSource` are reported, not parsed.
    pub max_file_size: u64,
}

/// Receivers named in the configuration: `drClient`, `this.dr`, `window.drjs`; a name matches the
/// receiver's text, or its last part.
#[derive(Clone, Debug, Default)]
pub struct ReceiverNames {
    pub digitalriver: Vec<String>,
    pub not_digitalriver: Vec<String>,
}

impl Settings {
    /// Settings with the built-in rule table and nothing configured.
    pub fn builtin() -> Settings {
        Settings {
            table: RuleTable::builtin()
                .unwrap_or_else(|e| panic!("the built-in rule table is valid: {e:?}")),
            severities: Vec::new(),
            receivers: ReceiverNames::default(),
            session_id_expr: None,
            max_file_size: 64 * 1024 * 1024,
        }
    }

    /// Whether the configuration turns a rule off.
    pub fn is_off(&self, rule: Rule) -> bool {
        self.severities
            .iter()
            .any(|(r, s)| *r == rule && s.is_none())
    }

    /// Per-rule severities from the configuration; `off` removes the rule's diagnostics.
    pub fn apply_severities(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.severities.is_empty() {
            return;
        }
        diagnostics.retain_mut(
            |d| match self.severities.iter().find(|(r, _)| *r == d.rule) {
                Some((_, None)) => false,
                Some((_, Some(s))) => {
                    // A conditional finding stays a warning: it is never claimed as a certainty.
                    if !d.conditional {
                        d.severity = *s;
                    }
                    true
                }
                None => true,
            },
        );
    }
}

/// Where the program's first statement starts, after the directive prologue (`'use strict';`).
fn first_statement(program: &swc_ecma_ast::Program) -> Option<usize> {
    use swc_ecma_ast::{Expr, Lit, ModuleItem, Stmt};
    let is_directive = |item: &ModuleItem| matches!(item, ModuleItem::Stmt(Stmt::Expr(e)) if matches!(&*e.expr, Expr::Lit(Lit::Str(_))));
    match program {
        swc_ecma_ast::Program::Module(m) => m.body.iter().find(|i| !is_directive(i)),
        swc_ecma_ast::Program::Script(_) => None,
    }
    .map(|i| swc_common::Spanned::span(i).lo.0 as usize - 1)
}

/// What linting one file found.
#[derive(Default)]
pub struct Linted {
    pub diagnostics: Vec<Diagnostic>,
    pub calls: Vec<CheckedCall>,
    /// The file could not be read: the run ends with exit code 2.
    pub io_failure: bool,
}

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
    /// Call sites that needed changes before and no longer do.
    pub calls_fixed: usize,
    /// The text before the fixes, when they changed it.
    pub original: Option<String>,
}

/// A file's text (after fixes, if any), ready for the reports.
pub struct LintedFile {
    pub text: String,
    pub linted: Linted,
    pub fix: FixReport,
}

/// Read and lint (and, in fix mode, fix) the file at `path`.
pub fn lint_path(path: &Path, language: Language, settings: &Settings, mode: Mode) -> LintedFile {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let mut linted = Linted {
                io_failure: true,
                ..Linted::default()
            };
            linted.diagnostics.push(Diagnostic::file_level(
                Rule::IoError,
                Severity::Error,
                0,
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
        return lint_bytes(bytes, language, settings);
    };
    let original = bytes.clone();
    let mut file = lint_bytes(bytes, language, settings);
    let needing_changes = |l: &Linted| {
        l.calls
            .iter()
            .filter(|c| c.status == CallStatus::NeedsChanges)
            .count()
    };
    let has_fix = file.linted.diagnostics.iter().any(|d| d.fix.is_some());
    if !has_fix {
        return file;
    }
    let fixed = fix_bytes(&original, language, settings, unsafe_fixes);
    if let Some(problem) = fixed.problem {
        file.linted.io_failure = true;
        file.linted.diagnostics.insert(
            0,
            Diagnostic::file_level(
                Rule::IoError,
                Severity::Error,
                0,
                format!("cannot fix {}: {problem}", path.display()),
            ),
        );
        return file;
    }
    if fixed.bytes == original {
        return file;
    }
    if write && let Err(e) = write_atomically(path, &original, &fixed.bytes) {
        file.linted.io_failure = true;
        file.linted.diagnostics.insert(
            0,
            Diagnostic::file_level(
                Rule::IoError,
                Severity::Error,
                0,
                format!("cannot write the fixes to {}: {e}", path.display()),
            ),
        );
        return file;
    }
    let report = FixReport {
        fixes_applied: fixed.fixes_applied,
        calls_fixed: needing_changes(&file.linted).saturating_sub(needing_changes(&fixed.linted)),
        original: Some(std::mem::take(&mut file.text)),
    };
    LintedFile {
        text: fixed.text,
        linted: fixed.linted,
        fix: report,
    }
}

/// Lint a file's bytes (read from disk or standard input).
pub fn lint_bytes(bytes: Vec<u8>, language: Language, settings: &Settings) -> LintedFile {
    if !may_call_create_source(&bytes) {
        return LintedFile {
            text: String::new(),
            linted: Linted::default(),
            fix: FixReport::default(),
        };
    }
    let size = bytes.len() as u64;
    let source = match SourceText::decode(bytes) {
        Ok(s) => s,
        Err(Unreadable::Binary) => {
            return skipped(
                String::new(),
                "binary file (it contains NUL bytes): not analysed".into(),
            );
        }
    };
    if size > settings.max_file_size {
        let message = format!(
            "file is {:.1} MiB, over the {:.1} MiB limit (--max-file-size): not analysed",
            size as f64 / 1048576.0,
            settings.max_file_size as f64 / 1048576.0
        );
        return skipped(source.text, message);
    }
    let linted = lint_text(&source.text, language, settings);
    LintedFile {
        text: source.text,
        linted,
        fix: FixReport::default(),
    }
}

fn skipped(text: String, message: String) -> LintedFile {
    let mut linted = Linted::default();
    linted.diagnostics.push(
        Diagnostic::file_level(Rule::SkippedFile, Severity::Warning, 0, message)
            .with_help("this file mentions createSource: review it by hand"),
    );
    LintedFile {
        text,
        linted,
        fix: FixReport::default(),
    }
}

/// Lint JavaScript or TypeScript text.
pub fn lint_text(text: &str, language: Language, settings: &Settings) -> Linted {
    let mut linted = Linted::default();
    let mut units = Units::of(text, language);
    // A pathological part is reported and left out; the others are still analysed.
    units.parts.retain(|(range, _)| {
        let depth = units.text.get(range.clone()).map_or(0, nesting_depth);
        if depth > MAX_NESTING {
            linted.diagnostics.push(
                Diagnostic::file_level(
                    Rule::SkippedFile,
                    Severity::Warning,
                    range.start,
                    format!("brackets nest {depth} levels deep (the limit is {MAX_NESTING}): not analysed"),
                )
                .with_help("this file mentions createSource: review it by hand"),
            );
        }
        depth <= MAX_NESTING
    });
    let Parsed {
        mut program,
        failures,
        comments,
    } = parse_units(&units);
    let in_template = matches!(language, Language::Template(_));
    for e in failures {
        let help = if in_template {
            "fix the syntax error; the createSource calls of this script were not checked"
        } else {
            "fix the syntax error; this file's createSource calls were not checked"
        };
        linted.diagnostics.push(
            Diagnostic::new(
                Rule::ParseError,
                Severity::Error,
                e.offset..e.offset,
                format!("syntax error: {}", e.message),
            )
            .with_label("the parser stopped here")
            .with_help(help),
        );
    }
    let suppressions = Suppressions::read(text, &comments, first_statement(&program));
    let suppressed = |d: &Diagnostic| suppressions.covers(d) || settings.is_off(d.rule);
    let resolved = resolve(&mut program, text);
    let cx = CheckContext {
        table: &settings.table,
        text: &units.text,
        session_id_expr: settings.session_id_expr.as_deref(),
        original: text,
        template_tags: &units.tags,
        receivers: &settings.receivers,
        suppressed: &suppressed,
        protected: &suppressions.comment_ranges(),
        sharing: &resolved.sharing,
    };
    for site in &resolved.sites {
        if let Some((call, diagnostics)) = check_call(site, &cx) {
            linted.calls.push(call);
            for d in diagnostics {
                let dup = linted.diagnostics.iter().any(|x| {
                    x.rule == d.rule
                        && x.range == d.range
                        && x.field == d.field
                        && x.message == d.message
                });
                if !dup {
                    linted.diagnostics.push(d);
                }
            }
        }
    }
    // The AST can be deep: drop it here, on the worker's big stack, explicitly.
    drop(program);
    suppressions.apply(&mut linted.diagnostics);
    settings.apply_severities(&mut linted.diagnostics);
    // What is left decides each call's status (a suppressed finding no longer needs a change).
    for call in &mut linted.calls {
        let mine = linted
            .diagnostics
            .iter()
            .filter(|d| d.call_site == Some(call.name_range.start));
        call.status = status_of(mine);
    }
    linted
        .diagnostics
        .sort_by(|a, b| (a.range.start, a.rule, &a.field).cmp(&(b.range.start, b.rule, &b.field)));
    linted
}
