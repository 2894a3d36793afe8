//! `dr-session-lint.toml`: the project's settings, found by walking up from the working directory (or
//! given with `--config`). Command-line flags override it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

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

#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from (none: no configuration file).
    pub path: Option<PathBuf>,
    pub rules: Vec<PathBuf>,
    pub session_id_expr: Option<String>,
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    pub max_warnings: Option<usize>,
    pub severities: Vec<(Rule, Option<Severity>)>,
    pub extensions: Vec<(String, Language)>,
    pub receivers: ReceiverNames,
    /// Global names the pages define (`globals`): the session id expression may start from them.
    pub globals: Vec<String>,
    /// `[[session-id]]`: per-path session id expressions, in order.
    pub session_id_by_path: Vec<(GlobSet, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
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

/// The nearest `dr-session-lint.toml` in `start` or a directory above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

impl Config {
    /// The directory the configuration's relative paths and globs are relative to.
    pub fn dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
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
            max_warnings: raw.max_warnings,
            ..Config::default()
        };
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
        }
        config.include = globs(raw.include)?;
        config.exclude = globs(raw.exclude)?;
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
        settings.config_dir = self.dir().map(Path::to_path_buf);
        Ok(settings)
    }

    /// Whether a walked file is in the configured scope (`include`/`exclude`, relative to the
    /// configuration's directory).
    pub fn in_scope(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let relative = relative_to(self.dir(), path);
        let matches = |set: &GlobSet| matches_path(set, &relative);
        if self.exclude.as_ref().is_some_and(matches) {
            return false;
        }
        self.include.as_ref().is_none_or(matches)
    }
}
