//! `dr-session-lint.toml`: the project's settings. Each linted file gets the configuration nearest to
//! it (the file in its folder, or the closest folder above); a configuration inherits the keys it does
//! not set from the configuration above it, up to one with `root = true` ([`Resolver`]). `--config
//! FILE` applies one file to every file. Command-line flags override them.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::NamedSource;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Rule, Severity};
use crate::rules::RuleTable;
use crate::settings::{ReceiverNames, Settings, Severities, matches_path, relative_to};
use crate::source::Language;
use crate::toml_file::{ConfigError, read};

pub const FILE_NAME: &str = "dr-session-lint.toml";

/// Globs with the folder they are relative to (the folder of the configuration that wrote them).
#[derive(Clone, Debug)]
pub struct ScopedGlobs {
    pub dir: PathBuf,
    pub set: GlobSet,
}

/// The settings of a configuration file, merged with those it inherits.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it came from (none: no configuration file).
    pub path: Option<PathBuf>,
    /// `root = true`: the configurations above this one are not read.
    pub root: bool,
    /// The files merged, nearest first (the first is `path`).
    pub layers: Vec<PathBuf>,
    pub rules: Vec<PathBuf>,
    pub session_id_expr: Option<String>,
    pub include: Option<ScopedGlobs>,
    pub exclude: Option<ScopedGlobs>,
    pub max_warnings: Option<usize>,
    pub severities: Vec<(Rule, Option<Severity>)>,
    pub extensions: Vec<(String, Language)>,
    pub receivers: ReceiverNames,
    /// Global names the pages define (`globals`): the session id expression may start from them.
    pub globals: Vec<String>,
    /// `[[session-id]]`: per-path session id expressions, in order.
    pub session_id_by_path: Vec<(GlobSet, String)>,
    /// The folder the `[[session-id]]` globs are relative to.
    pub session_id_dir: Option<PathBuf>,
    /// Each key set, as written (`severity.redundant-field` for a table's entry), and the file that set
    /// it: what `--print-config` shows.
    pub values: BTreeMap<String, (toml::Value, PathBuf)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    root: Option<bool>,
    rules: Option<Vec<Spanned<String>>>,
    session_id_expr: Option<Spanned<String>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    max_warnings: Option<usize>,
    severity: Option<BTreeMap<String, Spanned<String>>>,
    extensions: Option<BTreeMap<String, Spanned<String>>>,
    receivers: Option<RawReceivers>,
    globals: Option<Vec<Spanned<String>>>,
    session_id: Option<Vec<RawSessionId>>,
}

/// `[[session-id]]`: the session id expression for the files its globs match.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSessionId {
    files: Vec<Spanned<String>>,
    expr: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReceivers {
    digitalriver: Option<Vec<String>>,
    not_digitalriver: Option<Vec<String>>,
}

/// The nearest `dr-session-lint.toml` in `start` or a directory above it (without merging; see
/// [`Resolver`] for the configuration of a file).
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// The top-level keys whose value is inherited as a whole; the tables `severity` and `extensions`
/// are merged entry by entry.
const WHOLE_KEYS: [&str; 9] = [
    "rules",
    "session-id-expr",
    "include",
    "exclude",
    "max-warnings",
    "receivers",
    "globals",
    "session-id",
    "root",
];

impl Config {
    /// The directory the configuration's relative paths and globs are relative to.
    pub fn dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// Take from `parent` every key this configuration does not set (`severity` and `extensions` entry
    /// by entry). `root` is never inherited.
    pub fn inherit(&mut self, parent: &Config) {
        let set = |c: &Config, key: &str| c.values.contains_key(key);
        if !set(self, "rules") {
            self.rules = parent.rules.clone();
        }
        if !set(self, "session-id-expr") {
            self.session_id_expr = parent.session_id_expr.clone();
        }
        if !set(self, "include") {
            self.include = parent.include.clone();
        }
        if !set(self, "exclude") {
            self.exclude = parent.exclude.clone();
        }
        if !set(self, "max-warnings") {
            self.max_warnings = parent.max_warnings;
        }
        if !set(self, "receivers") {
            self.receivers = parent.receivers.clone();
        }
        if !set(self, "globals") {
            self.globals = parent.globals.clone();
        }
        if !set(self, "session-id") {
            self.session_id_by_path = parent.session_id_by_path.clone();
            self.session_id_dir = parent.session_id_dir.clone();
        }
        for (rule, level) in &parent.severities {
            if !self.severities.iter().any(|(r, _)| r == rule) {
                self.severities.push((*rule, *level));
            }
        }
        for (ext, language) in &parent.extensions {
            if !self.extensions.iter().any(|(e, _)| e == ext) {
                self.extensions.push((ext.clone(), *language));
            }
        }
        for (key, value) in &parent.values {
            if key != "root" && !self.values.contains_key(key) {
                self.values.insert(key.clone(), value.clone());
            }
        }
        self.layers.extend(parent.layers.iter().cloned());
    }

    pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
        let name = path.display().to_string();
        let text = read(path, "the configuration")?;
        let err = |span: Option<Range<usize>>, message: String, help: &str| {
            Box::new(ConfigError {
                message,
                src: NamedSource::new(name.clone(), text.clone()),
                span: span.map(Into::into),
                help: (!help.is_empty()).then(|| help.to_string()),
            })
        };
        let raw: RawConfig = toml::from_str(&text).map_err(|e| {
            err(
                e.span(),
                format!("invalid configuration: {}", e.message().trim()),
                "see the README's \"Configuration\" section for the keys",
            )
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut config = Config {
            path: Some(path.to_path_buf()),
            root: raw.root.unwrap_or(false),
            layers: vec![path.to_path_buf()],
            max_warnings: raw.max_warnings,
            ..Config::default()
        };
        // The keys as written, for --print-config (the text parsed above parses again).
        if let Ok(table) = text.parse::<toml::Table>() {
            for (key, value) in table {
                match (key.as_str(), value) {
                    ("severity" | "extensions", toml::Value::Table(entries)) => {
                        for (k, v) in entries {
                            config
                                .values
                                .insert(format!("{key}.{k}"), (v, path.to_path_buf()));
                        }
                    }
                    (k, v) if WHOLE_KEYS.contains(&k) => {
                        config.values.insert(key, (v, path.to_path_buf()));
                    }
                    _ => {}
                }
            }
        }
        for r in raw.rules.iter().flatten() {
            if !dir.join(r.get_ref()).is_file() {
                return Err(err(
                    Some(r.span()),
                    format!("no rule table at `{}`", r.get_ref()),
                    "paths are relative to this file",
                ));
            }
        }
        config.rules = raw
            .rules
            .unwrap_or_default()
            .into_iter()
            .map(|r| dir.join(r.into_inner()))
            .collect();
        if let Some(expr) = raw.session_id_expr {
            crate::parse::check_expression(expr.get_ref()).map_err(|e| {
                err(
                    Some(expr.span()),
                    format!("`session-id-expr` is not a JavaScript expression: {e}"),
                    "",
                )
            })?;
            config.session_id_expr = Some(expr.into_inner());
        }
        let globs =
            |list: Option<Vec<Spanned<String>>>| -> Result<Option<GlobSet>, Box<ConfigError>> {
                let Some(list) = list else { return Ok(None) };
                let mut builder = GlobSetBuilder::new();
                for g in list {
                    // `./src/**` means `src/**`: paths are matched relative to this file.
                    let pattern = g.get_ref().trim_start_matches("./").trim_end_matches('/');
                    let glob = Glob::new(pattern).map_err(|e| {
                        err(
                            Some(g.span()),
                            format!("bad glob `{}`: {e}", g.get_ref()),
                            "",
                        )
                    })?;
                    builder.add(glob);
                }
                builder
                    .build()
                    .map(Some)
                    .map_err(|e| err(None, format!("bad glob: {e}"), ""))
            };
        for g in raw.globals.unwrap_or_default() {
            let ok = !g.get_ref().is_empty()
                && crate::parse::expression_roots(g.get_ref()) == [g.get_ref().clone()];
            if !ok {
                return Err(err(
                    Some(g.span()),
                    format!("`{}` is not a name", g.get_ref()),
                    "`globals` lists the global variables the pages define, such as \"checkout\"",
                ));
            }
            config.globals.push(g.into_inner());
        }
        for entry in raw.session_id.unwrap_or_default() {
            crate::parse::check_expression(entry.expr.get_ref()).map_err(|e| {
                err(
                    Some(entry.expr.span()),
                    format!("`expr` is not a JavaScript expression: {e}"),
                    "",
                )
            })?;
            let Some(set) = globs(Some(entry.files))? else {
                continue;
            };
            config
                .session_id_by_path
                .push((set, entry.expr.into_inner()));
            config.session_id_dir = Some(dir.to_path_buf());
        }
        let scoped = |set: Option<GlobSet>| {
            set.map(|set| ScopedGlobs {
                dir: dir.to_path_buf(),
                set,
            })
        };
        config.include = scoped(globs(raw.include)?);
        config.exclude = scoped(globs(raw.exclude)?);
        for (rule, level) in raw.severity.unwrap_or_default() {
            if rule == Rule::IoError.id() {
                return Err(err(
                    Some(level.span()),
                    "`io-error` cannot be changed: a file that cannot be read or written always fails the run".into(),
                    "",
                ));
            }
            let Some(r) = Rule::from_id(&rule) else {
                let known: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
                return Err(err(
                    Some(level.span()),
                    format!("unknown rule `{rule}` in [severity]"),
                    &format!("the rules are: {}", known.join(", ")),
                ));
            };
            let s = match level.get_ref().as_str() {
                "error" => Some(Severity::Error),
                // `warn`: as ESLint, Biome and oxlint spell it.
                "warning" | "warn" => Some(Severity::Warning),
                "off" => None,
                other => {
                    return Err(err(
                        Some(level.span()),
                        format!("bad severity `{other}` for `{rule}`"),
                        "use \"error\", \"warning\" (or \"warn\") or \"off\"",
                    ));
                }
            };
            config.severities.push((r, s));
        }
        for (ext, kind) in raw.extensions.unwrap_or_default() {
            let spec = format!("{ext}={}", kind.get_ref());
            let parsed = Language::from_ext_spec(&spec).ok_or_else(|| {
                err(
                    Some(kind.span()),
                    format!(
                        "unknown file kind `{}` for extension `{ext}`",
                        kind.get_ref()
                    ),
                    &format!("use one of {}", crate::source::language::kind_names()),
                )
            })?;
            config.extensions.push(parsed);
        }
        if let Some(r) = raw.receivers {
            let names = ReceiverNames {
                digitalriver: r.digitalriver.unwrap_or_default(),
                not_digitalriver: r.not_digitalriver.unwrap_or_default(),
            };
            if let Some(both) = names
                .digitalriver
                .iter()
                .find(|n| names.not_digitalriver.contains(n))
            {
                let at = text.find("[receivers]").map(|i| i..i + 11);
                return Err(err(
                    at,
                    format!("receiver `{both}` is listed as DigitalRiver.js and as not"),
                    "",
                ));
            }
            if let Some(bad) = names
                .digitalriver
                .iter()
                .chain(&names.not_digitalriver)
                .find(|n| n.is_empty() || n.chars().any(|c| c.is_whitespace()))
            {
                let at = text.find("[receivers]").map(|i| i..i + 11);
                return Err(err(
                    at,
                    format!("`{bad}` is not a receiver name (`dr`, `this.dr`, `window.drjs`)"),
                    "",
                ));
            }
            config.receivers = names;
        }
        Ok(config)
    }

    /// The settings this configuration gives, with the rule table `rules` (`--rules`) instead of the
    /// configuration's when given: what the command line starts from before its other flags, and what
    /// the language server lints with.
    pub fn settings(&self, rules: Option<&Path>) -> Result<Settings, Box<ConfigError>> {
        let rule_files: Vec<PathBuf> = match rules {
            Some(p) => vec![p.to_path_buf()],
            None => self.rules.clone(),
        };
        let table = if rule_files.is_empty() {
            RuleTable::builtin()
        } else {
            RuleTable::with_files(&rule_files)
        }?;
        let mut settings = Settings::new(table);
        settings.severities = Severities {
            configured: self.severities.clone(),
        };
        settings.receivers = self.receivers.clone();
        settings.session_id_expr = self.session_id_expr.clone();
        settings.globals = self.globals.clone();
        settings.session_id_by_path = self.session_id_by_path.clone();
        settings.config_dir = self
            .session_id_dir
            .clone()
            .or_else(|| self.dir().map(Path::to_path_buf));
        Ok(settings)
    }

    /// Whether a walked file is in the configured scope (`include`/`exclude`, relative to the
    /// configuration's directory).
    pub fn in_scope(&self, path: &Path) -> bool {
        self.scope_problem(path).is_none()
    }

    /// Why a walked file is out of the configured scope: `exclude` matches it, or `include` does not
    /// (each relative to the folder of the configuration that wrote it).
    pub fn scope_problem(&self, path: &Path) -> Option<String> {
        if self.include.is_none() && self.exclude.is_none() {
            return None;
        }
        let matches =
            |g: &ScopedGlobs| matches_path(&g.set, &relative_to(Some(g.dir.as_path()), path));
        let cwd = std::env::current_dir().unwrap_or_default();
        let origin = |key: &str| {
            self.values
                .get(key)
                .map(|(_, p)| relative_to(Some(&cwd), p).display().to_string())
                .unwrap_or_default()
        };
        if self.exclude.as_ref().is_some_and(matches) {
            return Some(format!("excluded by `exclude` in {}", origin("exclude")));
        }
        if self.include.as_ref().is_some_and(|g| !matches(g)) {
            return Some(format!("not matched by `include` in {}", origin("include")));
        }
        None
    }
}

/// Finds the configuration of each file: the nearest `dr-session-lint.toml` in its folder or above,
/// merged with the ones above it up to `root = true`. Folders and files are looked up once (the
/// caches are shared by the walk's threads).
#[derive(Default)]
pub struct Resolver {
    /// `--config FILE` (or `--no-config`: `Some(None)`): one configuration for every file.
    fixed: Option<Option<Arc<Config>>>,
    /// Folder (absolute) -> the nearest configuration file in it or above.
    nearest: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Configuration file -> its merged configuration.
    merged: Mutex<HashMap<PathBuf, Arc<Config>>>,
    /// The first configuration that could not be read.
    error: Mutex<Option<Box<ConfigError>>>,
    /// The working directory, read once.
    cwd: std::sync::OnceLock<PathBuf>,
}

impl Resolver {
    /// The nearest configuration of each file.
    pub fn nearest() -> Resolver {
        Resolver::default()
    }

    /// One configuration for every file (`--config`), or none (`--no-config`).
    pub fn fixed(config: Option<Config>) -> Resolver {
        Resolver {
            fixed: Some(config.map(Arc::new)),
            ..Resolver::default()
        }
    }

    /// The configuration of the file at `path` (none: no configuration file applies): the nearest one
    /// in its folder or above. A configuration that cannot be read is remembered
    /// ([`Resolver::take_error`]) and taken as none.
    pub fn config_for(&self, path: &Path) -> Option<Arc<Config>> {
        if let Some(fixed) = &self.fixed {
            return fixed.clone();
        }
        let absolute = crate::settings::normalize(&self.cwd().join(path));
        let file = self.nearest_file(absolute.parent()?)?;
        self.merged(&file)
    }

    /// The configuration of the folder at `dir` (the working directory's, for the run-wide keys).
    pub fn config_for_dir(&self, dir: &Path) -> Option<Arc<Config>> {
        if let Some(fixed) = &self.fixed {
            return fixed.clone();
        }
        let absolute = crate::settings::normalize(&self.cwd().join(dir));
        let file = self.nearest_file(&absolute)?;
        self.merged(&file)
    }

    fn cwd(&self) -> &Path {
        self.cwd
            .get_or_init(|| std::env::current_dir().unwrap_or_default())
    }

    /// The first configuration error met, if any.
    pub fn take_error(&self) -> Option<Box<ConfigError>> {
        self.error.lock().ok().and_then(|mut e| e.take())
    }

    fn nearest_file(&self, dir: &Path) -> Option<PathBuf> {
        let mut visited = Vec::new();
        let mut found = None;
        for d in dir.ancestors() {
            if let Some(cached) = self.nearest.lock().ok().and_then(|m| m.get(d).cloned()) {
                found = cached;
                break;
            }
            visited.push(d.to_path_buf());
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                found = Some(candidate);
                break;
            }
        }
        if let Ok(mut m) = self.nearest.lock() {
            for d in visited {
                m.insert(d, found.clone());
            }
        }
        found
    }

    fn merged(&self, file: &Path) -> Option<Arc<Config>> {
        if let Some(c) = self.merged.lock().ok().and_then(|m| m.get(file).cloned()) {
            return Some(c);
        }
        let mut config = match Config::load(file) {
            Ok(c) => c,
            Err(e) => {
                if let Ok(mut slot) = self.error.lock() {
                    slot.get_or_insert(e);
                }
                return None;
            }
        };
        if !config.root
            && let Some(above) = file
                .parent()
                .and_then(Path::parent)
                .and_then(|d| self.nearest_file(d))
            && let Some(parent) = self.merged(&above)
        {
            config.inherit(&parent);
        }
        let config = Arc::new(config);
        if let Ok(mut m) = self.merged.lock() {
            m.insert(file.to_path_buf(), config.clone());
        }
        Some(config)
    }
}
