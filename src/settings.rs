//! The merged settings a lint runs with: the rule table, severities, receivers and the session id
//! expression, built once by the command line from its flags and the configuration file (flags win),
//! then only read.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::rule::{Rule, Severity};
use crate::rules::RuleTable;
use crate::source::Prefilter;

/// Receivers named in the configuration: `drClient`, `this.dr`, `window.drjs`; a name matches the
/// receiver's text, or its last part.
#[derive(Clone, Debug, Default)]
pub struct ReceiverNames {
    pub digitalriver: Vec<String>,
    pub not_digitalriver: Vec<String>,
}

/// Per-rule severities from the configuration's `[severity]` table.
#[derive(Clone, Debug, Default)]
pub struct Severities {
    /// `None` turns the rule off.
    pub configured: Vec<(Rule, Option<Severity>)>,
}

impl Severities {
    /// Whether the configuration turns `rule` off.
    pub fn is_off(&self, rule: Rule) -> bool {
        self.configured
            .iter()
            .any(|(r, s)| *r == rule && s.is_none())
    }

    /// The severity of a finding of `rule`: the rule's default, then the configuration's, and a
    /// conditional finding (true on some paths only) is never more than a warning: it is never claimed
    /// as a certainty. `None`: the rule is off. The one place a severity is decided.
    pub fn of(&self, rule: Rule, conditional: bool) -> Option<Severity> {
        let severity = match self.configured.iter().find(|(r, _)| *r == rule) {
            Some((_, configured)) => (*configured)?,
            None => rule.default_severity(),
        };
        Some(if conditional {
            Severity::Warning
        } else {
            severity
        })
    }

    /// Give each diagnostic its severity ([`Severities::of`]) and drop those of rules turned off.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|d| match self.of(d.rule, d.conditional) {
            Some(s) => {
                d.severity = s;
                true
            }
            None => false,
        });
    }
}

/// Everything linting a text needs besides the text.
pub struct Settings {
    pub table: RuleTable,
    /// The byte prefilter built from the table's call names.
    pub prefilter: Prefilter,
    pub severities: Severities,
    /// Receiver names the configuration says are (or are not) DigitalRiver.js.
    pub receivers: ReceiverNames,
    /// `--session-id-expr`: what the session id fix inserts (validated).
    pub session_id_expr: Option<String>,
    /// Global names the page defines (the configuration's `globals`): the session id expression may
    /// start from them anywhere.
    pub globals: Vec<String>,
    /// Per-path session id expressions (the configuration's `[[session-id]]`), in order: the first
    /// whose globs match a file's path (relative to `config_dir`) wins over `session_id_expr`.
    pub session_id_by_path: Vec<(globset::GlobSet, String)>,
    /// The directory the configuration's globs are relative to.
    pub config_dir: Option<PathBuf>,
    /// Files larger than this (bytes) that may hold a call are reported, not parsed.
    pub max_file_size: u64,
}

/// The default `--max-file-size`: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

impl Settings {
    /// Settings for `table` with nothing configured.
    pub fn new(table: RuleTable) -> Settings {
        Settings {
            prefilter: Prefilter::with_kinds(
                table
                    .calls()
                    .iter()
                    .map(|c| (c.name.as_str(), c.kind.as_ref().map(|(_, k)| k.as_slice()))),
            ),
            table,
            severities: Severities::default(),
            receivers: ReceiverNames::default(),
            session_id_expr: None,
            globals: Vec::new(),
            session_id_by_path: Vec::new(),
            config_dir: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }

    /// The session id expression for the file at `path`: the first `[[session-id]]` entry of the
    /// configuration whose globs match it, or the default (`--session-id-expr`, `session-id-expr`).
    pub fn session_id_expr_for(&self, path: Option<&Path>) -> Option<&str> {
        if let Some(path) = path
            && !self.session_id_by_path.is_empty()
        {
            let relative = relative_to(self.config_dir.as_deref(), path);
            if let Some((_, expr)) = self
                .session_id_by_path
                .iter()
                .find(|(globs, _)| matches_path(globs, &relative))
            {
                return Some(expr);
            }
        }
        self.session_id_expr.as_deref()
    }

    /// Settings with the built-in rule table and nothing configured.
    pub fn builtin() -> Settings {
        Settings::new(
            RuleTable::builtin()
                .unwrap_or_else(|e| panic!("the built-in rule table is valid: {e:?}")),
        )
    }
}

/// `a/b/../c` -> `a/c`, without touching the file system (symbolic links are not followed anyway).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `base` (both taken from the working directory), or absolute when outside it.
pub fn relative_to(base: Option<&Path>, path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = normalize(&cwd.join(path));
    let base = base.map(|d| normalize(&cwd.join(d)));
    let relative = base
        .as_deref()
        .and_then(|b| absolute.strip_prefix(b).ok())
        .map(Path::to_path_buf)
        .unwrap_or(absolute);
    relative
        .strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or(relative)
}

/// Whether `relative` or a directory above it matches: a pattern naming a directory (`src/vendor`)
/// covers what is inside it.
pub fn matches_path(set: &globset::GlobSet, relative: &Path) -> bool {
    relative
        .ancestors()
        .any(|a| !a.as_os_str().is_empty() && set.is_match(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_is_default_then_configured_then_conditional() {
        let s = Severities {
            configured: vec![
                (Rule::RedundantField, Some(Severity::Warning)),
                (Rule::UnresolvedPayload, Some(Severity::Error)),
                (Rule::UnusedSuppression, None),
            ],
        };
        assert_eq!(s.of(Rule::MissingSessionId, false), Some(Severity::Error));
        assert_eq!(s.of(Rule::MissingSessionId, true), Some(Severity::Warning));
        assert_eq!(s.of(Rule::RedundantField, false), Some(Severity::Warning));
        assert_eq!(s.of(Rule::UnresolvedPayload, false), Some(Severity::Error));
        assert_eq!(s.of(Rule::UnresolvedPayload, true), Some(Severity::Warning));
        assert_eq!(s.of(Rule::UnusedSuppression, false), None);
        assert!(s.is_off(Rule::UnusedSuppression));
    }
}
