//! The command line: flags and configuration, the parallel run over the discovered files (or standard
//! input), the report and the exit code.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};
use rayon::prelude::*;

use crate::baseline::{self, Baseline, BaselineError};
use crate::config::{Config, Resolver};
use crate::diagnostic::FileId;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::discover::{DiscoverOptions, Prescan, discover, explain_skips, language_for};
use crate::driver::{Mode, WORKER_STACK};
use crate::lint::Linted;
use crate::report::SourceView;
use crate::report::human::Human;
use crate::report::{
    FileOutput, Summary, checkstyle, compact, github, gitlab, json, junit, rdjson, sarif,
};
use crate::settings::Settings;
use crate::source::Language;
use crate::workspace::{WorkFile, lint_files};

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

    /// One configuration file for every file (default: each file gets the dr-session-lint.toml nearest
    /// to it, which inherits from those above it up to `root = true`).
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

    /// With --fix or --diff, also apply unsafe fixes: each says why it is unsafe (a removed value with
    /// side effects, a write made on some paths only, an object read or exported elsewhere or sent to
    /// several calls, a receiver that may be the codebase's own client).
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

    /// Write every finding to the baseline (dr-session-lint-suppressions.json, next to the
    /// configuration): later runs report only what goes beyond it.
    #[arg(long, conflicts_with_all = ["fix", "diff", "stdin", "prune_suppressions"])]
    pub suppress_all: bool,

    /// Lower the baseline's counts to what is left (what was fixed leaves it); counts never go up.
    #[arg(long, conflicts_with_all = ["fix", "diff", "stdin"])]
    pub prune_suppressions: bool,

    /// The baseline file (default: dr-session-lint-suppressions.json next to the configuration, or in
    /// the working directory without one).
    #[arg(long, value_name = "PATH")]
    pub suppressions_location: Option<PathBuf>,

    /// Print the settings that apply to FILE and where each comes from (TOML; JSON with -f json).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff", "stdin", "show_files"])]
    pub print_config: Option<PathBuf>,

    /// List the files that would be linted, and those a walk passes over with the reason.
    #[arg(long, conflicts_with_all = ["fix", "diff", "stdin"])]
    pub show_files: bool,

    /// After the run, print the findings counted per rule and per file instead of the report
    /// (JSON with -f json).
    #[arg(long)]
    pub statistics: bool,

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
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let args = match command().try_get_matches_from(&argv) {
        Ok(m) => Args::from_arg_matches(&m).unwrap_or_else(|e| e.exit()),
        Err(e) => checked_suggestion(e, &argv).exit(),
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

/// An unknown flag: clap suggests the known flag closest in spelling; the suggestion is kept only when
/// that flag takes the same kind of value as what was typed (`--max-warning 3` -> `--max-warnings`,
/// but not `--fixes=all` -> `--fix`, which takes no value, nor `--max-warning lots`).
fn checked_suggestion(e: clap::Error, argv: &[std::ffi::OsString]) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::UnknownArgument {
        return e;
    }
    let Some(ContextValue::String(typed)) = e.get(ContextKind::InvalidArg).cloned() else {
        return e;
    };
    let Some(suggested) = (match e.get(ContextKind::SuggestedArg) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    }) else {
        return e;
    };
    let mut cmd = command();
    cmd.build();
    let long = suggested.trim_start_matches('-').to_string();
    let Some(arg) = cmd
        .get_arguments()
        .find(|a| {
            a.get_long() == Some(long.as_str())
                || a.get_all_aliases()
                    .is_some_and(|al| al.contains(&long.as_str()))
        })
        .cloned()
    else {
        return e;
    };
    // The value typed: `--flag=value`, or the next word when it is not a flag.
    let words: Vec<String> = argv
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let at = words
        .iter()
        .position(|a| *a == typed || a.starts_with(&format!("{typed}=")));
    let inline = at.and_then(|i| words[i].split_once('=').map(|(_, v)| v.to_string()));
    let name = typed
        .split_once('=')
        .map_or(typed.as_str(), |(n, _)| n)
        .to_string();
    let next = at
        .and_then(|i| words.get(i + 1))
        .filter(|a| !a.starts_with('-'))
        .cloned();
    let takes_value = arg.get_action().takes_values();
    let fits = match (takes_value, inline, next) {
        // A switch was suggested for a flag given a value.
        (false, Some(_), _) => false,
        (false, None, _) => true,
        // A flag that reads a file takes a file that exists (`--rule no-x=off`, ESLint's rule
        // setting, is not `--rules FILE`).
        (true, Some(v), _) | (true, None, Some(v))
            if arg.get_id() != "output"
                && arg
                    .get_value_names()
                    .is_some_and(|n| n.iter().any(|n| n == "FILE")) =>
        {
            Path::new(&v).is_file()
        }
        // The value must parse as the suggested flag's.
        (true, Some(v), _) | (true, None, Some(v)) => clap::Command::new("check")
            .arg(
                clap::Arg::new("v")
                    .long("v")
                    .num_args(1)
                    .value_parser(arg.get_value_parser().clone()),
            )
            .try_get_matches_from(["check", "--v", v.as_str()])
            .is_ok(),
        (true, None, None) => true,
    };
    if fits {
        return e;
    }
    let mut plain = clap::Error::new(ErrorKind::UnknownArgument).with_cmd(&cmd);
    plain.insert(ContextKind::InvalidArg, ContextValue::String(name));
    plain.insert(
        ContextKind::Usage,
        ContextValue::StyledStr(cmd.render_usage()),
    );
    plain
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

/// The other files a file's diagnostics and call sites point into (a builder's payload sent from
/// another module): their number, path as shown, and text.
fn other_files(
    linted: &Linted,
    own: FileId,
    files: &[crate::discover::Discovered<Arc<Context>>],
) -> Vec<(FileId, String, String)> {
    let mut ids: Vec<FileId> = linted
        .diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.span).chain(d.related.iter().map(|l| &l.span)))
        .chain(linted.calls.iter().map(|c| &c.span))
        .map(|s| s.file)
        .filter(|f| *f != own)
        .collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| {
            let f = files.get(id.0 as usize)?;
            let bytes = std::fs::read(&f.path).ok()?;
            let text = crate::source::SourceText::decode(bytes).ok()?.text;
            Some((id, display_path(&f.path), text))
        })
        .collect()
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

/// The settings of the files one configuration applies to, built from it and the flags (flags win).
struct Context {
    config: Option<Arc<Config>>,
    settings: Settings,
    /// Extra file extensions: the configuration's, then `--ext` (which wins).
    extensions: Vec<(String, Language)>,
}

/// The context of each file: its configuration ([`Resolver`]) turned into settings once per
/// configuration file.
struct Contexts<'a> {
    args: &'a Args,
    resolver: Resolver,
    built: Mutex<HashMap<Option<PathBuf>, Arc<Context>>>,
    /// A file's folder (as the walk names it) -> its context: one look-up per file.
    by_dir: Mutex<HashMap<PathBuf, Arc<Context>>>,
    /// The first configuration or rule table that could not be used.
    error: Mutex<Option<miette::Report>>,
    /// Settings with no configuration, for a file whose configuration failed (the run then stops).
    fallback: Arc<Context>,
    /// Tells these contexts from others in a thread's [`LAST_DIR`].
    id: u64,
}

thread_local! {
    /// This thread's last answer of [`Contexts::for_path`]: the contexts' id, the folder, its
    /// context. A walk meets a folder's files together and asks about each file several times (its
    /// kind, scope, prefilter); the shared map is asked once per folder and thread.
    static LAST_DIR: std::cell::RefCell<Option<(u64, PathBuf, Arc<Context>)>> =
        const { std::cell::RefCell::new(None) };
}

/// Numbers [`Contexts`] (see [`LAST_DIR`]).
static CONTEXTS_MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Contexts<'_> {
    /// The context of the file at `path`.
    fn for_path(&self, path: &Path) -> Arc<Context> {
        self.with_path(path, Arc::clone)
    }

    /// `f` of the context of the file at `path`, without a new reference to it: a walk asks about
    /// each file several times from every thread, and the counter of a context shared by the
    /// threads is slow to change.
    fn with_path<R>(&self, path: &Path, f: impl FnOnce(&Arc<Context>) -> R) -> R {
        let dir = path.parent().unwrap_or(Path::new(""));
        let asked = LAST_DIR.with(|l| match &*l.borrow() {
            Some((id, d, c)) if *id == self.id && d == dir => Ok(f(c)),
            _ => Err(f),
        });
        match asked {
            Ok(r) => r,
            Err(f) => {
                let c = match self.by_dir.lock().ok().and_then(|m| m.get(dir).cloned()) {
                    Some(c) => c,
                    None => {
                        let c = self.for_config(self.resolver.config_for(path));
                        if let Ok(mut m) = self.by_dir.lock() {
                            m.insert(dir.to_path_buf(), c.clone());
                        }
                        c
                    }
                };
                let r = f(&c);
                LAST_DIR.with(|l| *l.borrow_mut() = Some((self.id, dir.to_path_buf(), c)));
                r
            }
        }
    }

    /// Whether the file at `path` is in its configuration's scope (`include`/`exclude`).
    fn in_scope(&self, path: &Path) -> bool {
        self.with_path(path, |c| c.config.as_ref().is_none_or(|c| c.in_scope(path)))
    }

    /// The language the file at `path` is linted as, by its configuration's extensions.
    fn language(&self, path: &Path) -> Option<Language> {
        self.with_path(path, |c| language_for(path, &c.extensions))
    }

    /// The context of the folder at `dir`.
    fn for_dir(&self, dir: &Path) -> Arc<Context> {
        self.for_config(self.resolver.config_for_dir(dir))
    }

    fn for_config(&self, config: Option<Arc<Config>>) -> Arc<Context> {
        if let Some(e) = self.resolver.take_error() {
            self.fail(miette::Report::new(*e));
        }
        let key = config.as_ref().and_then(|c| c.path.clone());
        if let Some(c) = self.built.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return c;
        }
        match build_context(self.args, config) {
            Ok(c) => {
                let c = Arc::new(c);
                if let Ok(mut m) = self.built.lock() {
                    m.insert(key, c.clone());
                }
                c
            }
            Err(e) => {
                self.fail(e);
                self.fallback.clone()
            }
        }
    }

    fn fail(&self, e: miette::Report) {
        if let Ok(mut slot) = self.error.lock() {
            slot.get_or_insert(e);
        }
    }

    /// The first error met, which stops the run (exit 2).
    fn check(&self) -> miette::Result<()> {
        match self.error.lock().ok().and_then(|mut e| e.take()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// What the run does with the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BaselineMode {
    /// Apply it (when there is one).
    Apply,
    /// `--suppress-all`: write every finding to it.
    SuppressAll,
    /// `--prune-suppressions`: lower its counts to what is left.
    Prune,
}

/// Everything a lint run needs, merged from the flags and the configuration files (flags win) by
/// [`prepare`]; what runs after it reads only this (ripgrep's `HiArgs` is the model).
struct Run<'a> {
    contexts: Contexts<'a>,
    /// The configuration of the working directory (or `--config`): run-wide keys (`max-warnings`).
    project: Arc<Context>,
    format: Format,
    mode: Mode,
    show_diff: bool,
    max_warnings: Option<usize>,
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
    /// The baseline file, what is done with it, and what it holds.
    baseline_path: PathBuf,
    baseline_mode: BaselineMode,
    baseline: Baseline,
    statistics: bool,
}

/// The settings for the files `config` applies to, from it and the flags.
fn build_context(args: &Args, config: Option<Arc<Config>>) -> miette::Result<Context> {
    let empty = Config::default();
    let c = config.as_deref().unwrap_or(&empty);
    // The configuration's settings (as the language server's), then the flags.
    let mut settings = c
        .settings(args.rules.as_deref())
        .map_err(|e| miette::Report::new(*e))?;
    if let Some(expr) = &args.session_id_expr {
        settings.session_id_expr = Some(expr.clone());
    }
    settings.globals.extend(args.globals.iter().cloned());
    settings.max_file_size = (args.max_file_size.max(0.0) * 1048576.0) as u64;
    let mut extensions = c.extensions.clone();
    extensions.extend(args.extensions.iter().cloned());
    extensions.reverse(); // the first match wins: `--ext` before the configuration
    Ok(Context {
        config,
        settings,
        extensions,
    })
}

fn prepare(args: &Args) -> miette::Result<Run<'_>> {
    if let Some(expr) = &args.session_id_expr {
        crate::parse::check_expression(expr).map_err(|e| {
            miette::miette!("--session-id-expr `{expr}` is not a JavaScript expression: {e}")
        })?;
    }
    for g in &args.globals {
        if crate::parse::expression_roots(g) != [g.clone()] {
            return Err(miette::miette!(
                "--global `{g}` is not a name (it names a global variable, such as `checkout`)"
            ));
        }
    }
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return Err(miette::miette!(
            "--unsafe-fixes applies with --fix or --diff"
        ));
    }
    let resolver = match (&args.config, args.no_config) {
        (Some(p), _) => {
            Resolver::fixed(Some(Config::load(p).map_err(|e| miette::Report::new(*e))?))
        }
        (None, true) => Resolver::fixed(None),
        (None, false) => Resolver::nearest(),
    };
    let contexts = Contexts {
        args,
        resolver,
        built: Mutex::new(HashMap::new()),
        by_dir: Mutex::new(HashMap::new()),
        error: Mutex::new(None),
        fallback: Arc::new(build_context(args, None)?),
        id: CONTEXTS_MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let project = contexts.for_dir(&cwd);
    contexts.check()?;
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
    if args.statistics && !matches!(format, Format::Human | Format::Json) {
        return Err(miette::miette!(
            "--statistics prints its counts as text or JSON (-f json), not as {format:?}"
        ));
    }
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
    // The baseline lives next to the configuration of the working directory (or `--config`).
    let baseline_path = args.suppressions_location.clone().unwrap_or_else(|| {
        project
            .config
            .as_ref()
            .and_then(|c| c.dir())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| cwd.clone())
            .join(baseline::FILE_NAME)
    });
    let baseline_mode = if args.suppress_all {
        BaselineMode::SuppressAll
    } else if args.prune_suppressions {
        BaselineMode::Prune
    } else {
        BaselineMode::Apply
    };
    let baseline = load_baseline(
        &baseline_path,
        baseline_mode,
        args.suppressions_location.is_some(),
    )?;
    Ok(Run {
        max_warnings: args
            .max_warnings
            .or(project.config.as_ref().and_then(|c| c.max_warnings)),
        project,
        contexts,
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
        baseline_path,
        baseline_mode,
        baseline,
        statistics: args.statistics,
    })
}

/// The baseline at `path`. None there: an empty one (said on standard error when the path was given,
/// an error when pruning); a corrupt one is an error (exit 2), except for `--suppress-all`, which
/// replaces it.
fn load_baseline(path: &Path, mode: BaselineMode, given: bool) -> miette::Result<Baseline> {
    match Baseline::load(path) {
        Ok(b) => Ok(b),
        Err(BaselineError::Missing(_)) if mode == BaselineMode::Prune => Err(miette::miette!(
            help = "write one with --suppress-all",
            "--prune-suppressions: no baseline at {}",
            path.display()
        )),
        Err(BaselineError::Missing(_)) => {
            if given && mode == BaselineMode::Apply {
                let _ = writeln!(
                    std::io::stderr(),
                    "dr-session-lint: no baseline at {}: every finding is reported (--suppress-all writes one)",
                    path.display()
                );
            }
            Ok(Baseline::default())
        }
        Err(e @ BaselineError::Corrupt { .. }) if mode == BaselineMode::SuppressAll => {
            let _ = writeln!(
                std::io::stderr(),
                "dr-session-lint: {e}; --suppress-all replaces it"
            );
            Ok(Baseline::default())
        }
        Err(e) => Err(miette::miette!(
            help = "fix the file, or delete it and write it again with --suppress-all",
            "{e}"
        )),
    }
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
    if let Some(file) = &args.print_config {
        return print_config(&run, args, file);
    }
    if args.show_files {
        return show_files(&run);
    }
    lint_run(&run)
}

/// Lint (and fix) what `run` names, report, and say the exit code.
/// No transparent huge pages from here on, for a run that walks a tree. mimalloc asks for them on
/// the memory it reserves (madvise MADV_HUGEPAGE): a fault then zeroes 2 MiB at once, and where the
/// kernel compacts memory for them (defrag=madvise, a common setting) a fault can stall for
/// milliseconds. A walk touches its memory in small pieces over tens of thousands of files: with small
/// pages its time is steady (the tree runs of bench/run.sh varied by a third), for the same CPU. A run
/// on a few named files (a bundle) keeps them: it allocates a lot at once and is about a tenth
/// faster with them (bench/README.md). Linux only; a kernel without the option refuses it, and
/// nothing changes.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only; it touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

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

    if run.paths.iter().any(|p| p.is_dir()) {
        no_huge_pages();
    }
    let (files, walk_errors, whole_tree) = pool.install(|| discover_files(run, true));
    run.contexts.check()?;
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
    // The files as one program (imports followed), then each file's report on the worker threads.
    let work: Vec<WorkFile> = files
        .iter()
        .map(|f| WorkFile {
            path: &f.path,
            language: f.language,
            settings: &f.context.settings,
            walked: f.walked.as_deref(),
            nothing_to_lint: f.nothing_to_lint,
        })
        .collect();
    let (linted, program) = pool.install(|| lint_files(&work, run.mode, whole_tree));
    let linted: Vec<Mutex<Option<Box<crate::driver::LintedFile>>>> =
        linted.into_iter().map(Mutex::new).collect();
    let baseline_dir = baseline_dir(run);
    // The files with something to report (and, when the baseline is rewritten, every file).
    let done: Vec<Done> = pool.install(|| {
        files
            .par_iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let id = FileId(i as u32);
                let taken = linted.get(i).and_then(|l| l.lock().ok()?.take());
                // Most files of a tree have nothing to report, and a baseline that is only applied
                // has nothing to say about them.
                if taken.is_none() && run.baseline_mode == BaselineMode::Apply {
                    return None;
                }
                let mut file = taken.map(|b| *b).unwrap_or_default();
                // The file's name in the baseline (needed only when there is one, or one is written).
                let name =
                    if run.baseline_mode == BaselineMode::Apply && run.baseline.files.is_empty() {
                        String::new()
                    } else {
                        baseline::relative_name(&baseline_dir, &f.path)
                    };
                let (suppressed, raw) = apply_baseline(run, &name, &mut file.linted);
                let mut done = Done {
                    output: None,
                    name,
                    raw,
                    suppressed,
                };
                if file.linted.diagnostics.is_empty() && file.linted.calls.is_empty() {
                    return Some(done);
                }
                let display = display_path(&f.path);
                let diff = match &file.fix.original {
                    Some(original) if run.show_diff => {
                        crate::report::diff::unified_diff(&display, original, &file.text)
                    }
                    _ => String::new(),
                };
                let view = SourceView::new(id, &display, &file.text);
                // Labels in other files (a wrapper's call, the call a builder's payload reaches).
                let other_texts = other_files(&file.linted, id, &files);
                let others: Vec<SourceView> = other_texts
                    .iter()
                    .map(|(fid, display, text)| SourceView::new(*fid, display, text))
                    .collect();
                let rendered = human_report
                    .as_ref()
                    .map(|h| h.render_view_with(&view, &others, &file.linted.diagnostics))
                    .unwrap_or_default();
                let mut out = FileOutput::new(&view, &others, file.linted, rendered);
                out.fixes_applied = file.fix.fixes_applied;
                out.calls_fixed = file.fix.calls_fixed;
                out.calls_migrated = file.fix.calls_migrated;
                out.changed = file.fix.original.is_some();
                out.diff = diff;
                done.output = Some(Box::new(out));
                Some(done)
            })
            .collect()
    });
    let suppressed: usize = done.iter().map(|d| d.suppressed).sum();
    update_baseline(run, &done, &baseline_dir)?;
    let mut outputs: Vec<FileOutput> = done
        .into_iter()
        .filter_map(|d| d.output.map(|o| *o))
        .collect();
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
    let mut summary = Summary::of(&outputs, files.len());
    summary.suppressed = suppressed;
    if run.quiet {
        drop_warnings(&mut outputs);
    }
    let diffs: String = outputs.iter().map(|o| o.diff.as_str()).collect();
    let report = if run.statistics {
        statistics_report(run, &outputs, &summary)
    } else {
        render(run, human_report.as_ref(), &outputs, &summary, &diffs)
    };
    emit(run, &report, &summary, run.mode)?;
    let code = exit_code(run, &outputs, &summary, run.show_diff && !diffs.is_empty());
    // The process ends next: freeing what holds a tree's paths (tens of thousands of allocations,
    // no longer in any cache) would only delay the exit.
    std::mem::forget((program, work, linted, outputs));
    std::mem::forget(files);
    Ok(code)
}

/// One linted file: its share of the report (none: nothing to say), its name in the baseline, its
/// findings before the baseline (for `--suppress-all` and `--prune-suppressions`), and how many the
/// baseline suppressed.
struct Done {
    /// Boxed: most files have none.
    output: Option<Box<FileOutput>>,
    name: String,
    raw: Option<Vec<Diagnostic>>,
    suppressed: usize,
}

/// Discover the files to lint under the paths given, each with its own configuration's extensions
/// and scope.
/// Also whether the files are the whole tree their imports can reach, as far as the walk knows: every
/// file found by walking, no ignore file honoured (`--no-ignore`), none passed over for its
/// configuration's scope, no folder that could not be read (see [`lint_files`]). `prescan`: read each
/// walked file through the prefilter as it is found (for a run that lints them).
fn discover_files(
    run: &Run,
    prescan: bool,
) -> (
    Vec<crate::discover::Discovered<Arc<Context>>>,
    Vec<crate::discover::WalkError>,
    bool,
) {
    let contexts = &run.contexts;
    let out_of_scope = std::sync::atomic::AtomicBool::new(false);
    let in_scope = |p: &Path| {
        let yes = contexts.in_scope(p);
        if !yes {
            out_of_scope.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        yes
    };
    let language = |p: &Path| contexts.language(p);
    let names_no_call = |p: &Path, _: Language| {
        contexts.with_path(p, |c| crate::driver::names_no_call(p, &c.settings))
    };
    let context = |p: &Path| contexts.for_path(p);
    let mut options = discover_options(run, &language, &in_scope, &context);
    options.prescan = prescan.then_some(&names_no_call as &Prescan);
    let (files, errors) = discover(&run.paths, &options);
    let whole_tree = run.no_ignore
        && errors.is_empty()
        && !out_of_scope.load(std::sync::atomic::Ordering::Relaxed)
        && files.iter().all(|f| f.walked.is_some());
    (files, errors, whole_tree)
}

fn discover_options<'a>(
    run: &Run,
    language: &'a (dyn Fn(&Path) -> Option<Language> + Sync),
    in_scope: &'a (dyn Fn(&Path) -> bool + Sync),
    context: &'a (dyn Fn(&Path) -> Arc<Context> + Sync),
) -> DiscoverOptions<'a, Arc<Context>> {
    DiscoverOptions {
        no_ignore: run.no_ignore,
        language,
        in_scope,
        force_exclude: run.force_exclude,
        prescan: None,
        context,
    }
}

/// The folder the baseline's paths are relative to.
fn baseline_dir(run: &Run) -> PathBuf {
    run.baseline_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Take out of `linted` what the baseline suppresses (with `--suppress-all`, every finding it can
/// hold); returns how many, and the findings before, when the baseline is to be rewritten.
fn apply_baseline(run: &Run, name: &str, linted: &mut Linted) -> (usize, Option<Vec<Diagnostic>>) {
    match run.baseline_mode {
        BaselineMode::Apply => (run.baseline.apply(name, &mut linted.diagnostics), None),
        BaselineMode::Prune => {
            let raw = linted.diagnostics.clone();
            (run.baseline.apply(name, &mut linted.diagnostics), Some(raw))
        }
        BaselineMode::SuppressAll => {
            let raw = linted.diagnostics.clone();
            linted
                .diagnostics
                .retain(|d| !baseline::is_baselined(d.rule));
            (raw.len() - linted.diagnostics.len(), Some(raw))
        }
    }
}

/// `--suppress-all` / `--prune-suppressions`: write the baseline from the files linted (a file that
/// could not be read keeps its counts; the files not linted this time keep theirs, and pruning drops
/// the files that no longer exist), and say what was written.
fn update_baseline(run: &Run, done: &[Done], dir: &Path) -> miette::Result<()> {
    if run.baseline_mode == BaselineMode::Apply {
        return Ok(());
    }
    let mut baseline = run.baseline.clone();
    let before = baseline.total();
    for d in done {
        let Some(raw) = &d.raw else { continue };
        if raw.iter().any(|x| x.rule == Rule::IoError) {
            continue;
        }
        match run.baseline_mode {
            BaselineMode::SuppressAll => baseline.record(&d.name, raw),
            _ => baseline.prune(&d.name, raw),
        }
    }
    if run.baseline_mode == BaselineMode::Prune {
        baseline.prune_missing_files(dir);
    }
    baseline
        .save(&run.baseline_path)
        .map_err(|e| miette::miette!("{e}"))?;
    let shown = shown_path(&run.baseline_path);
    let message = match run.baseline_mode {
        BaselineMode::SuppressAll => format!(
            "Wrote {}: {} finding{} in {} file{} suppressed; later runs report only what goes beyond them.",
            shown,
            baseline.total(),
            if baseline.total() == 1 { "" } else { "s" },
            baseline.files.len(),
            if baseline.files.len() == 1 { "" } else { "s" },
        ),
        _ => format!(
            "Pruned {}: {} suppressed finding{} fixed, {} left in {} file{}.",
            shown,
            before - baseline.total().min(before),
            if before - baseline.total().min(before) == 1 {
                ""
            } else {
                "s"
            },
            baseline.total(),
            baseline.files.len(),
            if baseline.files.len() == 1 { "" } else { "s" },
        ),
    };
    let _ = writeln!(std::io::stderr(), "{message}");
    Ok(())
}

/// `--statistics`: the counts per rule and per file, as text (with the summary) or JSON.
fn statistics_report(run: &Run, outputs: &[FileOutput], summary: &Summary) -> String {
    let stats = crate::report::statistics::Statistics::of(outputs, summary);
    match run.format {
        Format::Json => stats.to_json(),
        _ => stats.to_text() + "\n" + &Human::new(false, run.quiet).summary(summary, run.mode),
    }
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
            sarif::render(
                outputs,
                summary,
                &root,
                &run.project.settings.table.migration_url(),
            )
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
    let context = run.contexts.for_path(name);
    run.contexts.check()?;
    let settings = &context.settings;
    let language = language_for(name, &context.extensions).unwrap_or(Language::JavaScript);
    // The text as the file at `name` (`--stdin-filename`), its imports read from the disk around it,
    // as for that file named alone: another module's client or builder is known for what it is.
    let program = crate::program::Program::of_run(vec![(
        std::borrow::Cow::Borrowed(name),
        language,
        settings,
        None,
    )]);
    let linker = program
        .linker_for_file(FileId(0))
        .unwrap_or_else(|| program.linker_for(name));
    let input = crate::resolve::ResolveInput {
        linker: &linker,
        externals: &[],
        follow_wrappers: false,
        imported_wrappers: true,
    };
    if let Mode::Fix { unsafe_fixes, .. } = run.mode
        && run.fix_to_stdout
    {
        let first = crate::lint::lint_bytes_in(
            FileId(0),
            Some(name),
            bytes.clone(),
            language,
            settings,
            &input,
        )
        .linted;
        let mut fixed = crate::apply::fix_bytes_in(
            FileId(0),
            Some(name),
            &bytes,
            first,
            language,
            settings,
            unsafe_fixes,
            &input,
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
        apply_baseline(
            run,
            &baseline::relative_name(&baseline_dir(run), name),
            &mut fixed.linted,
        );
        let errors = fixed
            .linted
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        return Ok(if errors { EXIT_ERRORS } else { 0 });
    }
    let mut file =
        crate::lint::lint_bytes_in(FileId(0), Some(name), bytes, language, settings, &input);
    let suppressed = apply_baseline(
        run,
        &baseline::relative_name(&baseline_dir(run), name),
        &mut file.linted,
    )
    .0;
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
    let mut summary = Summary::of(&outputs, 1);
    summary.suppressed = suppressed;
    if run.quiet {
        drop_warnings(&mut outputs);
    }
    let report = if run.statistics {
        statistics_report(run, &outputs, &summary)
    } else {
        render(run, human_report, &outputs, &summary, "")
    };
    emit(run, &report, &summary, Mode::Check)?;
    Ok(exit_code(run, &outputs, &summary, false))
}

/// One setting as `--print-config` shows it: its value (none: not set) and where it comes from.
struct Shown {
    key: String,
    value: Option<toml::Value>,
    source: String,
}

/// `--print-config FILE`: the settings that apply to FILE, each with where it comes from (a
/// configuration file and key, a flag, or the default), as TOML or JSON (`-f json`).
fn print_config(run: &Run, args: &Args, file: &Path) -> miette::Result<u8> {
    let context = if file.is_dir() {
        run.contexts.for_dir(file)
    } else {
        run.contexts.for_path(file)
    };
    run.contexts.check()?;
    let config = context.config.as_deref();
    let from_config = |key: &str| -> Option<(toml::Value, String)> {
        let (value, path) = config?.values.get(key)?;
        Some((value.clone(), format!("{}: {key}", shown_path(path))))
    };
    let strings =
        |v: &[String]| toml::Value::Array(v.iter().cloned().map(toml::Value::String).collect());
    let mut shown: Vec<Shown> = Vec::new();
    let mut push = |key: &str, value: Option<toml::Value>, source: String| {
        shown.push(Shown {
            key: key.to_string(),
            value,
            source,
        })
    };
    let either = |key: &str, flag: Option<(toml::Value, &str)>| -> (Option<toml::Value>, String) {
        match (flag, from_config(key)) {
            (Some((v, f)), _) => (Some(v), format!("flag {f}")),
            (None, Some((v, source))) => (Some(v), source),
            (None, None) => (None, "default".to_string()),
        }
    };
    let (v, s) = either(
        "rules",
        args.rules
            .as_ref()
            .map(|p| (strings(&[p.display().to_string()]), "--rules")),
    );
    push("rules", v, s);
    let (v, s) = either(
        "session-id-expr",
        args.session_id_expr
            .clone()
            .map(|e| (toml::Value::String(e), "--session-id-expr")),
    );
    push("session-id-expr", v, s);
    match (from_config("globals"), args.globals.is_empty()) {
        (c, true) => {
            let (v, s) = c.map_or((None, "default".to_string()), |(v, s)| (Some(v), s));
            push("globals", v, s);
        }
        (c, false) => {
            let source = match &c {
                Some((_, s)) => format!("{s}, and flag --global"),
                None => "flag --global".to_string(),
            };
            push("globals", Some(strings(&context.settings.globals)), source);
        }
    }
    for key in ["include", "exclude", "session-id", "receivers"] {
        let (v, s) = either(key, None);
        push(key, v, s);
    }
    let project_max = run.project.config.as_ref().and_then(|c| {
        c.values
            .get("max-warnings")
            .map(|(v, p)| (v.clone(), format!("{}: max-warnings", shown_path(p))))
    });
    match (args.max_warnings, project_max) {
        (Some(n), _) => push(
            "max-warnings",
            Some(toml::Value::Integer(n as i64)),
            "flag --max-warnings".into(),
        ),
        (None, Some((v, s))) => push("max-warnings", Some(v), s + " (the run's configuration)"),
        (None, None) => push("max-warnings", None, "default".into()),
    }
    push(
        "max-file-size",
        Some(toml::Value::Float(args.max_file_size)),
        if args.max_file_size == 64.0 {
            "default (MiB)".into()
        } else {
            "flag --max-file-size (MiB)".into()
        },
    );
    for rule in Rule::ALL {
        let key = format!("severity.{}", rule.id());
        let (value, source) = match from_config(&key) {
            Some((v, s)) => (v, s),
            None => (
                toml::Value::String(
                    match rule.default_severity() {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    }
                    .into(),
                ),
                "default".into(),
            ),
        };
        push(&key, Some(value), source);
    }
    for (ext, language) in context.extensions.iter().rev() {
        let key = format!("extensions.{ext}");
        let value = Some(toml::Value::String(kind_name(*language)));
        let source = if args.extensions.iter().any(|(e, _)| e == ext) {
            "flag --ext".to_string()
        } else {
            from_config(&key).map(|(_, s)| s).unwrap_or_default()
        };
        push(&key, value, source);
    }
    let files: Vec<String> = config
        .map(|c| c.layers.iter().map(|p| shown_path(p)).collect())
        .unwrap_or_default();
    let linted = config.and_then(|c| c.scope_problem(file));
    let expr = context
        .settings
        .session_id_expr_for(Some(file))
        .map(str::to_string);
    let baseline = shown_path(&run.baseline_path);
    let text = if run.format == Format::Json {
        let settings: serde_json::Map<String, serde_json::Value> = shown
            .iter()
            .map(|s| {
                (
                    s.key.clone(),
                    serde_json::json!({
                        "value": s.value.as_ref().and_then(|v| serde_json::to_value(v).ok()),
                        "source": s.source,
                    }),
                )
            })
            .collect();
        let doc = serde_json::json!({
            "version": 1,
            "file": display_path(file),
            "configFiles": files,
            "walked": linted.is_none(),
            "scope": linted,
            "sessionIdExpr": expr,
            "baseline": baseline,
            "settings": settings,
        });
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    } else {
        let mut out = format!("# The settings for {}\n", display_path(file));
        out += &match files.as_slice() {
            [] => "# configuration: none (the defaults and the flags)\n".to_string(),
            f => format!("# configuration: {} (nearest first)\n", f.join(", ")),
        };
        if let Some(problem) = &linted {
            out += &format!("# a directory walk passes over it: {problem}\n");
        }
        out += &format!(
            "# session id expression for this file: {}\n",
            expr.as_deref()
                .unwrap_or("none (the fix shows a placeholder)")
        );
        out += &format!("# baseline: {baseline}\n\n");
        let mut section = "";
        for s in &shown {
            let (table, key) = match s.key.split_once('.') {
                Some((t, k)) => (t, k),
                None => ("", s.key.as_str()),
            };
            if table != section {
                out += &format!("\n[{table}]\n");
                section = table;
            }
            out += &match &s.value {
                Some(v) => format!("{key} = {v}  # {}\n", s.source),
                None => format!("# {key}: not set ({})\n", s.source),
            };
        }
        out
    };
    write_stdout(text.as_bytes())?;
    Ok(0)
}

/// A path relative to the working directory (when under it), as the reports show paths.
fn shown_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    display_path(&crate::settings::relative_to(Some(&cwd), path))
}

/// A file kind's name as `--ext EXT=KIND` spells it.
fn kind_name(language: Language) -> String {
    match language {
        Language::JavaScript => "js".into(),
        Language::TypeScript => "ts".into(),
        Language::Tsx => "tsx".into(),
        Language::Template(kind) => format!("{kind:?}").to_ascii_lowercase(),
    }
}

/// `--show-files`: the files a run would lint (with their kind and configuration), then what a walk
/// of the paths given passes over and why. JSON with `-f json`.
fn show_files(run: &Run) -> miette::Result<u8> {
    let (files, errors, _) = discover_files(run, false);
    run.contexts.check()?;
    let contexts = &run.contexts;
    let in_scope = |p: &Path| contexts.in_scope(p);
    let language = |p: &Path| contexts.language(p);
    let context = |p: &Path| contexts.for_path(p);
    let options = discover_options(run, &language, &in_scope, &context);
    let out_of_scope = |p: &Path| {
        contexts
            .for_path(p)
            .config
            .as_ref()
            .and_then(|c| c.scope_problem(p))
    };
    let skipped = explain_skips(&run.paths, &options, &files, &out_of_scope);
    let linted: Vec<(String, String, Option<String>, Option<String>)> = files
        .iter()
        .map(|f| {
            let context = &f.context;
            let config = context
                .config
                .as_ref()
                .and_then(|c| c.path.as_deref())
                .map(shown_path);
            let limit = context.settings.max_file_size;
            let size = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
            let note = (size > limit).then(|| {
                format!(
                    "{:.1} MiB, over --max-file-size: only scanned for a call",
                    size as f64 / 1048576.0
                )
            });
            (display_path(&f.path), kind_name(f.language), config, note)
        })
        .collect();
    let text = if run.format == Format::Json {
        let doc = serde_json::json!({
            "version": 1,
            "files": linted.iter().map(|(path, kind, config, note)| serde_json::json!({
                "path": path, "kind": kind, "config": config, "note": note,
            })).collect::<Vec<_>>(),
            "skipped": skipped.iter().map(|s| serde_json::json!({
                "path": display_path(&s.path), "directory": s.is_dir, "reason": s.reason,
            })).collect::<Vec<_>>(),
            "errors": errors.iter().map(|e| serde_json::json!({
                "path": display_path(&e.path), "message": e.message,
            })).collect::<Vec<_>>(),
        });
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    } else {
        let mut out = String::new();
        for (path, kind, config, note) in &linted {
            out += &format!(
                "lint  {path}  ({kind}; {})",
                config
                    .as_deref()
                    .map_or("no configuration".to_string(), |c| format!(
                        "configuration {c}"
                    ))
            );
            if let Some(note) = note {
                out += &format!("; {note}");
            }
            out.push('\n');
        }
        for s in &skipped {
            out += &format!(
                "skip  {}{}  {}\n",
                display_path(&s.path),
                if s.is_dir { "/" } else { "" },
                s.reason
            );
        }
        for e in &errors {
            out += &format!("error {}  {}\n", display_path(&e.path), e.message);
        }
        out += &format!(
            "{} file{} to lint, {} passed over.\n",
            linted.len(),
            if linted.len() == 1 { "" } else { "s" },
            skipped.len()
        );
        out
    };
    write_stdout(text.as_bytes())?;
    Ok(if errors.is_empty() { 0 } else { EXIT_FAILURE })
}
