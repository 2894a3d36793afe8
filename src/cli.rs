//! The command line: flags, the parallel run over the discovered files, the report and the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::discover::{DiscoverOptions, discover};
use crate::lint::{Linted, Mode, Settings, WORKER_STACK, lint_path};
use crate::report::human::Human;
use crate::report::{FileOutput, Summary, json};
use crate::rules::RuleTable;
use crate::source::Language;

/// Exit codes: 0 no error-level diagnostic, 1 errors found, 2 usage, configuration or I/O failure.
pub const EXIT_ERRORS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames with labels and help, then a summary.
    Human,
    /// One JSON document (`"version": 1`); see docs/json-output.md.
    Json,
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

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// A rule table (TOML) that extends the built-in one, or replaces it with `replace-builtin = true`.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// When to color human output. `auto` colors a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Report errors only (no warnings).
    #[arg(long, short)]
    pub quiet: bool,

    /// Do not honor .gitignore/.ignore files, and lint node_modules, *.min.js and *.map too.
    #[arg(long)]
    pub no_ignore: bool,

    /// Also lint files with this extension (repeatable): `es6` as JavaScript, or `EXT=KIND` with KIND
    /// one of js, ts, tsx, html, php, isml, jsp, erb, ejs, hbs, razor, visualforce, vue, svelte.
    #[arg(long = "ext", value_name = "EXT[=KIND]", value_parser = parse_ext)]
    pub extensions: Vec<(String, Language)>,

    /// Files larger than this many MiB that mention createSource are reported as skipped, not parsed.
    #[arg(long, value_name = "MIB", default_value_t = 64.0)]
    pub max_file_size: f64,

    /// Apply the safe fixes to the files (see --unsafe-fixes, --session-id-expr). The files are
    /// rewritten atomically; what remains is reported.
    #[arg(long)]
    pub fix: bool,

    /// With --fix or --diff, also apply unsafe fixes (removing a write whose value has side effects, or
    /// a write made on some paths only).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what --fix would change, and write nothing.
    #[arg(long)]
    pub diff: bool,

    /// With --fix: write nothing, print the diff (same as --diff).
    #[arg(long, requires = "fix")]
    pub dry_run: bool,

    /// The JavaScript expression the `sessionId` fix inserts, e.g. `checkout.payment.session.id`.
    /// Without it the insertion is shown with a placeholder and never applied.
    #[arg(long, value_name = "EXPR")]
    pub session_id_expr: Option<String>,

    /// Number of worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

fn parse_ext(spec: &str) -> Result<(String, Language), String> {
    Language::from_ext_spec(spec)
        .ok_or_else(|| format!("`{spec}`: expected EXT or EXT=KIND with a known KIND"))
}

pub fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// A path as the user will recognize it: as found under the paths given, without a leading `./`.
fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

pub fn run(args: &Args) -> miette::Result<u8> {
    let table = match &args.rules {
        Some(path) => RuleTable::with_file(path),
        None => RuleTable::builtin(),
    }
    .map_err(|e| miette::Report::new(*e))?;
    if args.color == ColorChoice::Always || args.color == ColorChoice::Never {
        miette::set_hook(Box::new(move |_| {
            Box::new(miette::GraphicalReportHandler::new_themed(
                miette::GraphicalTheme::unicode_nocolor(),
            ))
        }))
        .ok();
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
            write: args.fix && !args.dry_run && !args.diff,
        }
    } else {
        Mode::Check
    };
    let show_diff = args.diff || args.dry_run;
    let settings = Settings {
        table,
        session_id_expr: args.session_id_expr.clone(),
        max_file_size: (args.max_file_size.max(0.0) * 1048576.0) as u64,
    };
    let (files, walk_errors) = discover(
        &args.paths,
        &DiscoverOptions {
            no_ignore: args.no_ignore,
            extra_extensions: args.extensions.clone(),
        },
    );
    let human =
        (args.format == Format::Human).then(|| Human::new(use_color(args.color), args.quiet));
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| miette::miette!("cannot start worker threads: {e}"))?;
    let mut outputs: Vec<FileOutput> = pool.install(|| {
        files
            .par_iter()
            .filter_map(|f| {
                let file = lint_path(&f.path, f.language, &settings, mode);
                if file.linted.diagnostics.is_empty() && file.linted.calls.is_empty() {
                    return None;
                }
                let display = display_path(&f.path);
                let diff = match &file.fix.original {
                    Some(original) if show_diff => {
                        crate::apply::unified_diff(&display, original, &file.text)
                    }
                    _ => String::new(),
                };
                let mut out = FileOutput::new(display, &file.text, file.linted, human.as_ref());
                out.fixes_applied = file.fix.fixes_applied;
                out.calls_fixed = file.fix.calls_fixed;
                out.changed = file.fix.original.is_some();
                out.diff = diff;
                Some(out)
            })
            .collect()
    });
    for e in walk_errors {
        let mut linted = Linted {
            io_failure: true,
            ..Linted::default()
        };
        linted.diagnostics.push(Diagnostic::file_level(
            Rule::IoError,
            Severity::Error,
            0,
            format!("cannot read {}: {}", e.path.display(), e.message),
        ));
        outputs.push(FileOutput::new(
            display_path(&e.path),
            "",
            linted,
            human.as_ref(),
        ));
    }
    outputs.sort_by(|a, b| a.display.cmp(&b.display));
    let summary = Summary::of(&outputs, files.len());

    let mut stdout = std::io::stdout().lock();
    let diffs: String = outputs.iter().map(|o| o.diff.as_str()).collect();
    let text = match &human {
        Some(h) => {
            let mut s: String = if show_diff {
                diffs.clone()
            } else {
                outputs.iter().map(|o| o.human.as_str()).collect()
            };
            if show_diff && !s.is_empty() {
                s.push('\n');
            }
            s += &h.summary(&summary, mode);
            s
        }
        None => json::render(&outputs, &summary, args.quiet),
    };
    // A closed pipe (`| head`) is not an error of the run.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();

    Ok(if outputs.iter().any(|o| o.io_failure) {
        EXIT_FAILURE
    } else if summary.errors > 0 || (show_diff && !diffs.is_empty()) {
        EXIT_ERRORS
    } else {
        0
    })
}
