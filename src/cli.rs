//! The command line: flags and configuration, the parallel run over the discovered files (or standard
//! input), the report and the exit code.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostic::FileId;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::discover::{DiscoverOptions, discover, language_for};
use crate::driver::{Mode, WORKER_STACK, lint_path};
use crate::lint::{Linted, lint_bytes};
use crate::report::SourceView;
use crate::report::human::Human;
use crate::report::{
    FileOutput, Summary, checkstyle, compact, github, gitlab, json, junit, rdjson, sarif,
};
use crate::settings::Settings;
use crate::source::Language;

/// Exit codes: 0 no error-level diagnostic, 1 errors found (or more warnings than --max-warnings),
/// 2 usage, configuration or I/O failure.
pub const EXIT_ERRORS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames with labels and help, then a summary.
    Human,
    /// One JSON document (`"version": 1`); see docs/json-output.md.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (`::error file=...::message`), then a `::notice` with the counts.
    Github,
    /// One line per diagnostic, `path:line:col: severity[rule] message`, then the summary.
    Compact,
    /// GitLab Code Quality JSON (`artifacts:reports:codequality`).
    Gitlab,
    /// Checkstyle XML (Jenkins, reviewdog `-f=checkstyle`).
    Checkstyle,
    /// JUnit XML: a failed test case per diagnostic (CI test reports).
    Junit,
    /// reviewdog's Diagnostic Format (`reviewdog -f=rdjson`), safe fixes as suggestions.
    Rdjson,
    /// The migration plan for a spreadsheet: a CSV row per call site.
    Csv,
    /// The migration plan for an issue or pull request: Markdown tables of the call sites and the
    /// findings per rule and per file.
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Find every DigitalRiver.js `createSource` payload and report what the move to payment sessions
/// requires: a missing `sessionId`, fields the session now supplies, and calls that need a human look.
#[derive(Debug, Parser)]
#[command(name = "dr-session-lint", version, about, max_term_width = 100)]
pub struct Args {
    /// Files or directories to lint. Directories are walked (honoring .gitignore and .ignore, skipping
    /// hidden files, node_modules, *.min.js and *.map); a file named here is always linted.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format. Default: human, or github when GITHUB_ACTIONS=true.
    #[arg(long, short = 'f', value_enum, alias = "output-format")]
    pub format: Option<Format>,

    /// Write the report to FILE; the human summary still goes to the terminal.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// A rule table (TOML) that extends the built-in one, or replaces it with `replace-builtin = true`.
    /// Replaces the configuration's `rules`.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// The configuration file (default: the nearest dr-session-lint.toml, from the working directory up).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any dr-session-lint.toml.
    #[arg(long)]
    pub no_config: bool,

    /// When to color human output. `auto` colors a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Report errors only (no warnings).
    #[arg(long, short)]
    pub quiet: bool,

    /// Do not fail (exit 2) when a directory given holds no file to lint (ESLint's flag).
    #[arg(long)]
    pub no_error_on_unmatched_pattern: bool,

    /// Exit with code 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,

    /// Do not honor .gitignore/.ignore files, and lint node_modules and *.min.js too.
    #[arg(long)]
    pub no_ignore: bool,

    /// Apply the configuration's include/exclude to files named on the command line too (for
    /// pre-commit and editors, which name files one by one).
    #[arg(long)]
    pub force_exclude: bool,

    /// Also lint files with this extension (repeatable): `es6` as JavaScript, or `EXT=KIND` with KIND
    /// one of the file kinds (the list is added from the table of file kinds).
    #[arg(long = "ext", value_name = "EXT[=KIND]", value_parser = parse_ext)]
    pub extensions: Vec<(String, Language)>,

    /// Files larger than this many MiB that mention createSource are reported as skipped, not parsed.
    #[arg(long, value_name = "MIB", default_value_t = 64.0)]
    pub max_file_size: f64,

    /// Apply the safe fixes to the files (see --unsafe-fixes, --session-id-expr). The files are
    /// rewritten atomically; what remains is reported. With --stdin: print the fixed text only.
    #[arg(long)]
    pub fix: bool,

    /// With --fix or --diff, also apply unsafe fixes (removing a write whose value has side effects, or
    /// a write made on some paths only).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what --fix would change, and write nothing (`--fix-dry-run` too).
    #[arg(long, visible_alias = "fix-dry-run")]
    pub diff: bool,

    /// With --fix: write nothing, print the diff (same as --diff).
    #[arg(long, requires = "fix")]
    pub dry_run: bool,

    /// The JavaScript expression the `sessionId` fix inserts, e.g. `checkout.payment.session.id`.
    /// Without it the insertion is shown with a placeholder and never applied. The names it starts
    /// from must be bound where it goes (a variable, a parameter, an import, a browser global, or a
    /// --global); elsewhere the fix is shown, not applied.
    #[arg(long, value_name = "EXPR")]
    pub session_id_expr: Option<String>,

    /// A global variable the pages define (repeatable, or comma-separated: `--global checkout,drjs`),
    /// as ESLint's `--global`: the session id expression may start from it anywhere. Adds to the
    /// configuration's `globals`.
    #[arg(long = "global", value_name = "NAME", value_delimiter = ',')]
    pub globals: Vec<String>,

    /// Lint the text on standard input (editors). Its file name (--stdin-filename) picks the syntax.
    #[arg(long, conflicts_with = "diff")]
    pub stdin: bool,

    /// The path standard input stands for: reported as is, its extension picks the syntax.
    #[arg(long, value_name = "PATH", requires = "stdin")]
    pub stdin_filename: Option<PathBuf>,

    /// Print the documentation of a rule and exit.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,

    /// Print a completion script for a shell and exit.
    #[arg(long, value_name = "SHELL")]
    pub completions: Option<clap_complete::Shell>,

    /// Number of worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Run as a language server (LSP) on standard input and output, for editors.
    #[arg(long)]
    pub lsp: bool,
}

fn parse_ext(spec: &str) -> Result<(String, Language), String> {
    Language::from_ext_spec(spec).ok_or_else(|| {
        format!(
            "`{spec}`: expected EXT or EXT=KIND with KIND one of {}",
            crate::source::language::kind_names()
        )
    })
}

/// The command line's definition, with the help texts that come from the tables.
pub fn command() -> clap::Command {
    let kinds = crate::source::language::kind_names();
    Args::command().mut_arg("extensions", |a| {
        a.help(format!(
            "Also lint files with this extension (repeatable): `es6` as JavaScript, or `EXT=KIND` \
             with KIND one of {kinds}"
        ))
    })
}

pub fn main() -> ExitCode {
    let args = match command().try_get_matches() {
        Ok(m) => Args::from_arg_matches(&m).unwrap_or_else(|e| e.exit()),
        Err(e) => e.exit(),
    };
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            // A closed pipe on standard error is no reason to panic.
            let _ = writeln!(std::io::stderr(), "{report:?}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            // FORCE_COLOR (as Node.js tools read it) colors even a pipe; NO_COLOR turns color off.
            let force = std::env::var("FORCE_COLOR")
                .is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && (force || std::io::stdout().is_terminal())
        }
    }
}

/// A path as the user will recognize it: as found under the paths given, without `./` parts or
/// doubled separators (`.//src//a.js` is `src/a.js`).
fn display_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.first().map(String::as_str) {
        Some("/") => format!("/{}", parts[1..].join("/")),
        None => ".".to_string(),
        _ => parts.join("/"),
    }
}

/// Everything a lint run needs, merged from the flags and the configuration file (flags win) by
/// [`prepare`]; what runs after it reads only this (ripgrep's `HiArgs` is the model).
struct Run {
    settings: Settings,
    config: Config,
    format: Format,
    mode: Mode,
    show_diff: bool,
    max_warnings: Option<usize>,
    /// Extra file extensions: the configuration's, then `--ext` (which wins).
    extensions: Vec<(String, Language)>,
    /// What to lint: files and directories, or standard input named as this path (`--stdin`).
    paths: Vec<PathBuf>,
    stdin: Option<PathBuf>,
    /// `--stdin --fix`: print the fixed text.
    fix_to_stdout: bool,
    quiet: bool,
    output: Option<PathBuf>,
    /// Color the report (never in a file unless asked), and the summary on the terminal.
    report_color: bool,
    terminal_color: bool,
    threads: usize,
    no_ignore: bool,
    force_exclude: bool,
    error_on_unmatched: bool,
}

fn prepare(args: &Args) -> miette::Result<Run> {
    let config_path = match (&args.config, args.no_config) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => None,
        (None, false) => std::env::current_dir().ok().and_then(|d| config::find(&d)),
    };
    let config = match &config_path {
        Some(p) => Config::load(p).map_err(|e| miette::Report::new(*e))?,
        None => Config::default(),
    };
    let mut settings = config
        .settings(args.rules.as_deref())
        .map_err(|e| miette::Report::new(*e))?;
    if let Some(expr) = &args.session_id_expr {
        settings.session_id_expr = Some(expr.clone());
    }
    if let Some(expr) = &args.session_id_expr {
        crate::parse::check_expression(expr).map_err(|e| {
            miette::miette!("--session-id-expr `{expr}` is not a JavaScript expression: {e}")
        })?;
    }
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return Err(miette::miette!(
            "--unsafe-fixes applies with --fix or --diff"
        ));
    }
    let mode = if args.fix || args.diff {
        Mode::Fix {
            unsafe_fixes: args.unsafe_fixes,
            write: args.fix && !args.dry_run && !args.diff && !args.stdin,
        }
    } else {
        Mode::Check
    };
    let show_diff = args.diff || args.dry_run;
    // On GitHub Actions, annotations by default; but a diff asked for is a diff.
    let format = args.format.unwrap_or_else(|| {
        if !show_diff && std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            Format::Github
        } else {
            Format::Human
        }
    });
    for g in &args.globals {
        if crate::parse::expression_roots(g) != [g.clone()] {
            return Err(miette::miette!(
                "--global `{g}` is not a name (it names a global variable, such as `checkout`)"
            ));
        }
        settings.globals.push(g.clone());
    }
    settings.max_file_size = (args.max_file_size.max(0.0) * 1048576.0) as u64;
    let mut extensions = config.extensions.clone();
    extensions.extend(args.extensions.iter().cloned());
    extensions.reverse(); // the first match wins: `--ext` before the configuration
    if args.stdin {
        if args.paths != [PathBuf::from(".")] {
            return Err(miette::miette!(
                "--stdin lints standard input: give no PATHS (name it with --stdin-filename)"
            ));
        }
        if args.fix && (args.output.is_some() || args.dry_run) {
            return Err(miette::miette!(
                "--stdin --fix prints the fixed text on standard output: no --output or --dry-run"
            ));
        }
    }
    Ok(Run {
        settings,
        extensions,
        max_warnings: args.max_warnings.or(config.max_warnings),
        config,
        format,
        mode,
        show_diff,
        paths: args.paths.clone(),
        stdin: args.stdin.then(|| {
            args.stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("stdin.js"))
        }),
        fix_to_stdout: args.stdin && args.fix && !show_diff,
        quiet: args.quiet,
        // A report written to a file is never colored unless asked for.
        report_color: match (&args.output, args.color) {
            (Some(_), ColorChoice::Auto) => false,
            _ => use_color(args.color),
        },
        terminal_color: use_color(args.color),
        output: args.output.clone(),
        threads: args.threads.unwrap_or(0),
        no_ignore: args.no_ignore,
        force_exclude: args.force_exclude,
        error_on_unmatched: !args.no_error_on_unmatched_pattern,
    })
}

pub fn run(args: &Args) -> miette::Result<u8> {
    if args.color != ColorChoice::Auto {
        miette::set_hook(Box::new(move |_| {
            Box::new(miette::GraphicalReportHandler::new_themed(
                miette::GraphicalTheme::unicode_nocolor(),
            ))
        }))
        .ok();
    }
    if let Some(shell) = args.completions {
        // Into a buffer first: the generator panics on a closed pipe.
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut command(), "dr-session-lint", &mut script);
        write_stdout(&script)?;
        return Ok(0);
    }
    if let Some(id) = &args.explain {
        let Some(rule) = Rule::from_id(id) else {
            return Err(miette::miette!(
                "unknown rule `{id}`; the rules are: {}",
                Rule::known_ids()
            ));
        };
        write_stdout(rule.explain().as_bytes())?;
        return Ok(0);
    }
    if args.lsp {
        crate::lsp::run()?;
        return Ok(0);
    }
    let run = prepare(args)?;
    lint_run(&run)
}

/// Lint (and fix) what `run` names, report, and say the exit code.
fn lint_run(run: &Run) -> miette::Result<u8> {
    let human_report =
        (run.format == Format::Human).then(|| Human::new(run.report_color, run.quiet));
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .num_threads(run.threads)
        .build()
        .map_err(|e| miette::miette!("cannot start worker threads: {e}"))?;

    if let Some(name) = &run.stdin {
        return pool.install(|| lint_stdin(run, name, human_report.as_ref()));
    }

    let config = &run.config;
    let in_scope = |p: &Path| config.in_scope(p);
    let (files, walk_errors) = discover(
        &run.paths,
        &DiscoverOptions {
            no_ignore: run.no_ignore,
            extra_extensions: run.extensions.clone(),
            in_scope: &in_scope,
            force_exclude: run.force_exclude,
        },
    );
    // A path that matches no file to lint (an empty folder, a folder of other files) is a mistake a CI
    // gate must not pass green, as ESLint says "No files matching the pattern".
    if run.error_on_unmatched {
        let unmatched: Vec<String> = run
            .paths
            .iter()
            // A directory with nothing to lint; a named file that is skipped (excluded, a bundle) is
            // not a mistake (pre-commit names every staged file).
            .filter(|p| {
                p.is_dir()
                    && !files.iter().any(|f| f.path.starts_with(p))
                    && !walk_errors.iter().any(|e| e.path.starts_with(p))
            })
            .map(|p| p.display().to_string())
            .collect();
        if !unmatched.is_empty() {
            return Err(miette::miette!(
                help = "check the path, or pass --no-error-on-unmatched-pattern to allow it",
                "no files to lint in {} (JavaScript, TypeScript or a page or template kind, not skipped by ignore files or the configuration)",
                unmatched
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let mut outputs: Vec<FileOutput> = pool.install(|| {
        files
            .par_iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let id = FileId(i as u32);
                let file = lint_path(id, &f.path, f.language, &run.settings, run.mode);
                if file.linted.diagnostics.is_empty() && file.linted.calls.is_empty() {
                    return None;
                }
                let display = display_path(&f.path);
                let diff = match &file.fix.original {
                    Some(original) if run.show_diff => {
                        crate::report::diff::unified_diff(&display, original, &file.text)
                    }
                    _ => String::new(),
                };
                let view = SourceView::new(id, &display, &file.text);
                let rendered = human_report
                    .as_ref()
                    .map(|h| h.render_view(&view, &file.linted.diagnostics))
                    .unwrap_or_default();
                let mut out = FileOutput::new(&view, &[], file.linted, rendered);
                out.fixes_applied = file.fix.fixes_applied;
                out.calls_fixed = file.fix.calls_fixed;
                out.calls_migrated = file.fix.calls_migrated;
                out.changed = file.fix.original.is_some();
                out.diff = diff;
                Some(out)
            })
            .collect()
    });
    for (i, e) in walk_errors.into_iter().enumerate() {
        let id = FileId((files.len() + i) as u32);
        let mut linted = Linted {
            io_failure: true,
            ..Linted::default()
        };
        linted.diagnostics.push(Diagnostic::file_level(
            Rule::IoError,
            id,
            0,
            format!("cannot read {}: {}", e.path.display(), e.message),
        ));
        let display = display_path(&e.path);
        let view = SourceView::new(id, &display, "");
        let rendered = human_report
            .as_ref()
            .map(|h| h.render_view(&view, &linted.diagnostics))
            .unwrap_or_default();
        outputs.push(FileOutput::new(&view, &[], linted, rendered));
    }
    outputs.sort_by(|a, b| a.display.cmp(&b.display));
    let summary = Summary::of(&outputs, files.len());
    if run.quiet {
        drop_warnings(&mut outputs);
    }
    let diffs: String = outputs.iter().map(|o| o.diff.as_str()).collect();
    let report = render(run, human_report.as_ref(), &outputs, &summary, &diffs);
    emit(run, &report, &summary, run.mode)?;
    Ok(exit_code(
        run,
        &outputs,
        &summary,
        run.show_diff && !diffs.is_empty(),
    ))
}

/// `--quiet`: the reports list errors only (the summary still counts everything).
fn drop_warnings(outputs: &mut [FileOutput]) {
    for o in outputs {
        o.diagnostics
            .retain(|d| d.diagnostic.severity == Severity::Error);
    }
}

/// The report in the chosen format (with `--diff`, the human format is the diff).
fn render(
    run: &Run,
    human: Option<&Human>,
    outputs: &[FileOutput],
    summary: &Summary,
    diffs: &str,
) -> String {
    match (run.format, human) {
        (Format::Human, Some(h)) => {
            let mut s: String = if run.show_diff {
                // The diff, and why a file could not be fixed.
                let problems: String = outputs
                    .iter()
                    .filter(|o| o.io_failure)
                    .map(|o| o.human.as_str())
                    .collect();
                format!("{diffs}{problems}")
            } else {
                outputs.iter().map(|o| o.human.as_str()).collect()
            };
            if run.show_diff && !s.is_empty() {
                s.push('\n');
            }
            if run.output.is_none() {
                s += &h.summary(summary, run.mode);
            }
            s
        }
        (Format::Json, _) | (Format::Human, None) => json::render(outputs, summary),
        (Format::Sarif, _) => {
            let root = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            sarif::render(outputs, summary, &root, &run.settings.table.migration_url())
        }
        (Format::Github, _) => github::render(outputs, summary),
        (Format::Compact, _) => {
            let mut s = compact::render(outputs);
            // As with the human report: with --output, the summary goes to the terminal instead.
            if run.output.is_none() {
                s += &Human::new(false, run.quiet).summary(summary, run.mode);
            }
            s
        }
        (Format::Gitlab, _) => gitlab::render(outputs),
        (Format::Checkstyle, _) => checkstyle::render(outputs),
        (Format::Junit, _) => junit::render(outputs, summary),
        (Format::Rdjson, _) => rdjson::render(outputs),
        (Format::Csv, _) => crate::report::table::render_csv(outputs),
        (Format::Markdown, _) => crate::report::table::render_markdown(outputs, summary),
    }
}

/// The report goes to stdout, or to `--output FILE` with the human summary on the terminal.
fn emit(run: &Run, report: &str, summary: &Summary, mode: Mode) -> miette::Result<()> {
    match &run.output {
        None => write_stdout(report.as_bytes()),
        Some(path) => {
            // As ESLint does: `-o reports/x.sarif` creates `reports/`.
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| {
                    miette::miette!("cannot create {} for the report: {e}", parent.display())
                })?;
            }
            std::fs::write(path, report).map_err(|e| {
                miette::miette!("cannot write the report to {}: {e}", path.display())
            })?;
            let summary = Human::new(run.terminal_color, run.quiet).summary(summary, mode);
            write_stdout(summary.as_bytes())
        }
    }
}

/// Write `bytes` to standard output. A closed pipe (`| head`) is not an error of the run (as in
/// ripgrep); any other write error (a full disk, `> /dev/full`) is: the output is incomplete.
fn write_stdout(bytes: &[u8]) -> miette::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(miette::miette!("cannot write to standard output: {e}"))
        }
        _ => Ok(()),
    }
}

fn exit_code(run: &Run, outputs: &[FileOutput], summary: &Summary, diff_shown: bool) -> u8 {
    // `--quiet` hides warnings: as in ESLint 9, --max-warnings then counts none of them.
    let warnings = if run.quiet { 0 } else { summary.warnings };
    if let Some(max) = run.max_warnings
        && warnings > max
    {
        let _ = writeln!(
            std::io::stderr(),
            "dr-session-lint: {} warning{}, more than --max-warnings {max}",
            warnings,
            if warnings == 1 { "" } else { "s" }
        );
    }
    if outputs.iter().any(|o| o.io_failure) {
        EXIT_FAILURE
    } else if summary.errors > 0 || diff_shown || run.max_warnings.is_some_and(|max| warnings > max)
    {
        EXIT_ERRORS
    } else {
        0
    }
}

/// `--stdin`: lint the text of standard input as if it were `--stdin-filename`. With `--fix`, print
/// the fixed text and nothing else.
fn lint_stdin(run: &Run, name: &Path, human_report: Option<&Human>) -> miette::Result<u8> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| miette::miette!("cannot read standard input: {e}"))?;
    let language = language_for(name, &run.extensions).unwrap_or(Language::JavaScript);
    if let Mode::Fix { unsafe_fixes, .. } = run.mode
        && run.fix_to_stdout
    {
        let first = lint_bytes(
            FileId(0),
            Some(name),
            bytes.clone(),
            language,
            &run.settings,
        )
        .linted;
        let fixed = crate::apply::fix_bytes(
            FileId(0),
            Some(name),
            &bytes,
            first,
            language,
            &run.settings,
            unsafe_fixes,
        );
        // The text is printed whatever happens (an editor replaces its buffer with it): with a
        // problem, it is the input unchanged.
        write_stdout(&fixed.bytes)?;
        if let Some(problem) = &fixed.problem {
            let _ = writeln!(
                std::io::stderr(),
                "dr-session-lint: cannot fix {}: {problem}",
                display_path(name)
            );
            return Ok(EXIT_FAILURE);
        }
        let errors = fixed
            .linted
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        return Ok(if errors { EXIT_ERRORS } else { 0 });
    }
    let file = lint_bytes(FileId(0), Some(name), bytes, language, &run.settings);
    let display = display_path(name);
    let mut outputs = if file.linted.diagnostics.is_empty() && file.linted.calls.is_empty() {
        Vec::new()
    } else {
        let view = SourceView::new(FileId(0), &display, &file.text);
        let rendered = human_report
            .map(|h| h.render_view(&view, &file.linted.diagnostics))
            .unwrap_or_default();
        vec![FileOutput::new(&view, &[], file.linted, rendered)]
    };
    let summary = Summary::of(&outputs, 1);
    if run.quiet {
        drop_warnings(&mut outputs);
    }
    let report = render(run, human_report, &outputs, &summary, "");
    emit(run, &report, &summary, Mode::Check)?;
    Ok(exit_code(run, &outputs, &summary, false))
}
