//! Linting a text into diagnostics: prefilter -> parse -> resolve -> check -> suppressions -> severities.
//! No file system here: the per-file driver (`driver`) reads and writes files, the fixer (`apply`)
//! re-lints fixed text.

use std::path::Path;

use crate::check::{CheckContext, CheckedCall, Finding, check_call, status_of};
use crate::diagnostic::{Diagnostic, FileId, Rule, Span};
use crate::parse::{MAX_NESTING, Parsed, nesting_depth, parse_units};
use crate::resolve::link::Delegation;
use crate::resolve::{ResolveInput, Targets, resolve};
use crate::settings::Settings;
use crate::source::{Language, SourceText, Units, Unreadable};
use crate::suppress::Suppressions;

/// What linting one file found.
#[derive(Clone, Debug, Default)]
pub struct Linted {
    /// Sorted by position, then rule, then field.
    pub diagnostics: Vec<Diagnostic>,
    pub calls: Vec<CheckedCall>,
    /// The file could not be read or written: the run ends with exit code 2.
    pub io_failure: bool,
    /// Calls whose payload another module builds (checked there).
    pub delegations: Vec<Delegation>,
    /// Names of the exported wrappers (functions sending a parameter to a session-aware call).
    pub exported_wrappers: Vec<String>,
    /// The calls inside other modules' wrappers this file's payloads reach (checked here).
    pub reached_wrappers: Vec<Span>,
    /// See [`crate::resolve::Resolved::sends_parameter`].
    pub sends_parameter: bool,
    /// See [`crate::resolve::Resolved::skipped_imported_calls`].
    pub skipped_imported_calls: bool,
}

/// A file's text as linted (empty when the prefilter let it skip), and what linting it found.
pub struct LintedText {
    /// Exactly as long as the file's bytes (see `SourceText`).
    pub text: String,
    pub linted: Linted,
}

/// Lint a file's bytes (read from disk or standard input), at `path` when it has one (per-path
/// settings apply).
pub fn lint_bytes(
    file: FileId,
    path: Option<&Path>,
    bytes: Vec<u8>,
    language: Language,
    settings: &Settings,
) -> LintedText {
    lint_bytes_in(
        file,
        path,
        bytes,
        language,
        settings,
        &ResolveInput::default(),
    )
}

/// [`lint_bytes`] for a file of a program (see [`lint_in_program`]). A file with external call sites
/// or asked to follow wrappers is analysed even when it names no session-aware call.
pub fn lint_bytes_in(
    file: FileId,
    path: Option<&Path>,
    bytes: Vec<u8>,
    language: Language,
    settings: &Settings,
    input: &ResolveInput,
) -> LintedText {
    let asked = !input.externals.is_empty() || input.follow_wrappers;
    if !asked && !settings.prefilter.may_call(&bytes) {
        return LintedText {
            text: String::new(),
            linted: Linted::default(),
        };
    }
    let size = bytes.len() as u64;
    let source = match SourceText::decode(bytes) {
        Ok(s) => s,
        Err(Unreadable::Binary) => {
            return skipped(
                file,
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
        return skipped(file, source.text, message);
    }
    let linted = lint_in_program(file, path, &source.text, language, settings, input);
    LintedText {
        text: source.text,
        linted,
    }
}

fn skipped(file: FileId, text: String, message: String) -> LintedText {
    let mut linted = Linted::default();
    linted.diagnostics.push(
        Diagnostic::file_level(Rule::SkippedFile, file, 0, message)
            .with_help("this file mentions a session-aware call: review it by hand"),
    );
    LintedText { text, linted }
}

/// A server tag left open masks the rest of the page (the tokenizer, like the server, reads it as
/// server code): a `parse-error` when what it hides may hold a call, never a silent skip.
fn unclosed_server_tag(
    file: FileId,
    text: &str,
    language: Language,
    settings: &Settings,
    linted: &mut Linted,
) {
    let Language::Template(kind) = language else {
        return;
    };
    let Some(at) = crate::source::template::unclosed_server_tag(text, kind) else {
        return;
    };
    let Some(hidden) = text.get(at..) else {
        return;
    };
    if !settings.prefilter.may_call(hidden.as_bytes()) {
        return;
    }
    let line = text[..at].matches('\n').count() + 1;
    linted.diagnostics.push(
        Diagnostic::new(
            Rule::ParseError,
            Span::new(file, at..at + 2),
            format!(
                "the server tag opened on line {line} is never closed (no `?>`): the rest of the page is \
                 server code to the server and to this tool, so the calls after it were not checked"
            ),
        )
        .with_label("never closed")
        .with_help("close the tag with `?>` where its code ends; the calls after it were not checked"),
    );
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

/// Lint JavaScript, TypeScript or a page's text (`file` names it in the diagnostics), with the settings
/// of no particular path.
pub fn lint_text(file: FileId, text: &str, language: Language, settings: &Settings) -> Linted {
    lint_text_at(file, None, text, language, settings)
}

/// [`lint_text`] for the file at `path` (per-path settings apply: the session id expression).
pub fn lint_text_at(
    file: FileId,
    path: Option<&Path>,
    text: &str,
    language: Language,
    settings: &Settings,
) -> Linted {
    lint_in_program(
        file,
        path,
        text,
        language,
        settings,
        &ResolveInput::default(),
    )
}

/// [`lint_text_at`] for a file of a program: its imports are asked about through `input.linker`, and
/// `input.externals` are call sites of other modules that this file's builders make the payload of.
pub fn lint_in_program(
    file: FileId,
    path: Option<&Path>,
    text: &str,
    language: Language,
    settings: &Settings,
    input: &ResolveInput,
) -> Linted {
    let session_id_expr = settings.session_id_expr_for(path);
    let mut linted = Linted::default();
    unclosed_server_tag(file, text, language, settings, &mut linted);
    let mut units = Units::of(text, language);
    // A pathological part is reported and left out; the others are still analysed.
    units.parts.retain(|(range, _)| {
        let depth = units.text.get(range.clone()).map_or(0, nesting_depth);
        if depth > MAX_NESTING {
            linted.diagnostics.push(
                Diagnostic::file_level(
                    Rule::SkippedFile,
                    file,
                    range.start,
                    format!("brackets nest {depth} levels deep (the limit is {MAX_NESTING}): not analysed"),
                )
                .with_help("this file mentions a session-aware call: review it by hand"),
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
        // Stopped at the end of the file (an unclosed bracket or string): point at the last thing
        // written, not at the empty lines after it.
        // JavaScript's white space: Unicode's, and U+FEFF (a byte order mark mid-file).
        let space = |c: char| c.is_whitespace() || c == '\u{FEFF}';
        // The offset is one of the parsed text, where a template's server tags are blanked out: in
        // the file it may fall inside a character those blanks stand for. Its start, then.
        let mut offset = e.offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let at = match text.get(offset..) {
            Some(rest) if rest.chars().all(space) => {
                let end = text[..offset].trim_end_matches(space).len();
                text[..end].char_indices().last().map_or(offset, |(i, _)| i)
            }
            _ => offset,
        };
        let label = if at == offset {
            "the parser stopped here"
        } else {
            "the file ends after this, with something left open"
        };
        let help = if in_template {
            "fix the syntax error; the calls of this script were not checked"
        } else {
            "fix the syntax error; this file's calls were not checked"
        };
        linted.diagnostics.push(
            Diagnostic::new(
                Rule::ParseError,
                Span::new(file, at..at),
                format!("syntax error: {}", e.message),
            )
            .with_label(label)
            .with_help(help),
        );
    }
    let suppressions = Suppressions::read(file, text, &comments, first_statement(&program));
    let suppressed = |f: &Finding| {
        suppressions.covers(f.rule(), &f.span, Some(&f.call))
            || settings.severities.is_off(f.rule())
    };
    let resolved = resolve(
        &mut program,
        text,
        &Targets::of(&settings.table),
        file,
        // Which names are bound where: needed only to place a session id expression.
        session_id_expr.is_some(),
        input,
    );
    let session_id_roots = session_id_expr
        .map(crate::parse::expression_roots)
        .unwrap_or_default();
    let multi_call_objects = resolved.objects_reaching_several_calls();
    let comment_ranges: Vec<std::ops::Range<usize>> =
        comments.iter().map(|c| c.range.clone()).collect();
    let cx = CheckContext {
        table: &settings.table,
        file,
        text: &units.text,
        session_id_expr,
        session_id_roots: &session_id_roots,
        globals: &settings.globals,
        scopes: &resolved.scopes,
        original: text,
        template_tags: &units.tags,
        receivers: &settings.receivers,
        suppressed: &suppressed,
        comments: &comment_ranges,
        multi_call_objects: &multi_call_objects,
        protected: &suppressions.comment_ranges(),
        sharing: &resolved.sharing,
        program: &program,
    };
    linted.delegations = resolved.delegations.clone();
    linted.exported_wrappers = resolved.exported_wrappers.clone();
    linted.reached_wrappers = resolved.reached_wrappers.clone();
    linted.sends_parameter = resolved.sends_parameter;
    linted.skipped_imported_calls = resolved.skipped_imported_calls;
    for site in &resolved.sites {
        if let Some((call, findings)) = check_call(site, &cx) {
            linted.calls.push(call);
            for d in findings.into_iter().map(Finding::into_diagnostic) {
                let dup = linted.diagnostics.iter().any(|x| {
                    // One payload reaching two calls is checked at each (a suppression names one).
                    x.rule == d.rule
                        && x.call_site == d.call_site
                        && x.span == d.span
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
    settings.severities.apply(&mut linted.diagnostics);
    // What is left decides each call's status (a suppressed finding no longer needs a change).
    for call in &mut linted.calls {
        let mine = linted
            .diagnostics
            .iter()
            .filter(|d| d.call_site.as_ref() == Some(&call.span));
        call.status = status_of(mine);
    }
    linted.diagnostics.sort_by(|a, b| {
        (a.span.file, a.span.range.start, a.rule, &a.field).cmp(&(
            b.span.file,
            b.span.range.start,
            b.rule,
            &b.field,
        ))
    });
    linted
}
