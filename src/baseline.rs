//! The baseline (bulk suppressions, as ESLint 9.24's `eslint-suppressions.json`): how many findings of
//! each rule each file had when the gate was switched on. A run reports (and fails on) a file's
//! findings of a rule only when there are more of them than the baseline counts; then all of them are
//! shown, since which ones are new cannot be told.
//!
//! The file, `dr-session-lint-suppressions.json`, is pretty JSON with sorted keys (one entry per
//! line, so merges are easy): `{"version": 1, "files": {"src/a.js": {"redundant-field": 2}}}`, paths
//! relative to the file's folder with `/` separators.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Rule};

/// The baseline's file name, next to the configuration (or in the working directory without one).
pub const FILE_NAME: &str = "dr-session-lint-suppressions.json";

/// The format version written and read.
pub const VERSION: u32 = 1;

/// A baseline that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// No file at the path.
    #[error("no baseline at {0}")]
    Missing(PathBuf),
    /// The file cannot be read.
    #[error("cannot read the baseline {path}: {message}")]
    Unreadable { path: PathBuf, message: String },
    /// The file is not a baseline (bad JSON, another version, a count that is not a number...).
    #[error("the baseline {path} is corrupt: {message}")]
    Corrupt { path: PathBuf, message: String },
    /// The file cannot be written.
    #[error("cannot write the baseline {path}: {message}")]
    Unwritable { path: PathBuf, message: String },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    files: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Counts of findings per file (relative path, `/` separators) and rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    /// File -> rule id -> count.
    pub files: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Whether a diagnostic is a finding about the code, which a baseline may hold (a file that could not
/// be read, or an analysis that failed, is never baselined).
pub fn is_baselined(rule: Rule) -> bool {
    !matches!(rule, Rule::IoError | Rule::InternalError)
}

impl Baseline {
    /// Read the baseline at `path`.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                BaselineError::Missing(path.to_path_buf())
            } else {
                BaselineError::Unreadable {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                }
            }
        })?;
        let corrupt = |message: String| BaselineError::Corrupt {
            path: path.to_path_buf(),
            message,
        };
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| corrupt(e.to_string()))?;
        if file.version != VERSION {
            return Err(corrupt(format!(
                "version {} (this dr-session-lint reads version {VERSION})",
                file.version
            )));
        }
        for rules in file.files.values() {
            if let Some(unknown) = rules.keys().find(|r| Rule::from_id(r).is_none()) {
                return Err(corrupt(format!("unknown rule `{unknown}`")));
            }
        }
        Ok(Baseline { files: file.files })
    }

    /// Write the baseline to `path` (pretty JSON, sorted keys, a final new line); files without a
    /// count are left out.
    pub fn save(&self, path: &Path) -> Result<(), BaselineError> {
        let file = BaselineFile {
            version: VERSION,
            files: self
                .files
                .iter()
                .filter(|(_, rules)| rules.values().any(|&n| n > 0))
                .map(|(f, rules)| {
                    let rules = rules
                        .iter()
                        .filter(|&(_, &n)| n > 0)
                        .map(|(r, n)| (r.clone(), *n))
                        .collect();
                    (f.clone(), rules)
                })
                .collect(),
        };
        let unwritable = |message: String| BaselineError::Unwritable {
            path: path.to_path_buf(),
            message,
        };
        let mut text =
            serde_json::to_string_pretty(&file).map_err(|e| unwritable(e.to_string()))?;
        text.push('\n');
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| unwritable(e.to_string()))?;
        }
        std::fs::write(path, text).map_err(|e| unwritable(e.to_string()))
    }

    /// Remove from `diagnostics` the findings the baseline holds for the file at `relative_path`: for
    /// each rule, all of them when there are no more than the baseline counts, none otherwise (then
    /// every one is shown). Returns how many were removed.
    pub fn apply(&self, relative_path: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let Some(rules) = self.files.get(relative_path) else {
            return 0;
        };
        let counts = count(diagnostics);
        let covered = |rule: Rule| {
            is_baselined(rule)
                && counts
                    .get(rule.id())
                    .is_some_and(|&n| rules.get(rule.id()).is_some_and(|&max| n <= max))
        };
        let before = diagnostics.len();
        diagnostics.retain(|d| !covered(d.rule));
        before - diagnostics.len()
    }

    /// Set the counts of the file at `relative_path` to its `diagnostics` (`--suppress-all`).
    pub fn record(&mut self, relative_path: &str, diagnostics: &[Diagnostic]) {
        let counts = count(diagnostics);
        if counts.is_empty() {
            self.files.remove(relative_path);
        } else {
            self.files.insert(relative_path.to_string(), counts);
        }
    }

    /// Lower the counts of the file at `relative_path` to its `diagnostics` (`--prune-suppressions`):
    /// a count never goes up, and a rule (or file) left with none is dropped.
    pub fn prune(&mut self, relative_path: &str, diagnostics: &[Diagnostic]) {
        let counts = count(diagnostics);
        if let Some(rules) = self.files.get_mut(relative_path) {
            for (rule, n) in rules.iter_mut() {
                *n = (*n).min(counts.get(rule).copied().unwrap_or(0));
            }
            rules.retain(|_, n| *n > 0);
            if rules.is_empty() {
                self.files.remove(relative_path);
            }
        }
    }

    /// Drop the files that no longer exist (relative to `dir`); returns how many.
    pub fn prune_missing_files(&mut self, dir: &Path) -> usize {
        let before = self.files.len();
        self.files.retain(|f, _| dir.join(f).exists());
        before - self.files.len()
    }

    /// The number of findings the baseline holds.
    pub fn total(&self) -> usize {
        self.files.values().flat_map(|r| r.values()).sum()
    }
}

/// Findings per rule id (baselined rules only).
fn count(diagnostics: &[Diagnostic]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| is_baselined(d.rule)) {
        *counts.entry(d.rule.id().to_string()).or_insert(0) += 1;
    }
    counts
}

/// `path` as the baseline names it: relative to `dir` (the baseline's folder, `..` when the file is
/// outside it), `/` separators.
pub fn relative_name(dir: &Path, path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let base = crate::settings::normalize(&cwd.join(dir));
    let file = crate::settings::normalize(&cwd.join(path));
    let base: Vec<_> = base.components().collect();
    let file: Vec<_> = file.components().collect();
    let common = base.iter().zip(&file).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(
        file[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileId;

    fn finding(rule: Rule) -> Diagnostic {
        Diagnostic::file_level(rule, FileId(0), 0, String::new())
    }

    #[test]
    fn a_rule_over_its_count_shows_all_its_findings() {
        let mut b = Baseline::default();
        b.record(
            "a.js",
            &[
                finding(Rule::RedundantField),
                finding(Rule::MissingSessionId),
            ],
        );
        let mut same = vec![
            finding(Rule::RedundantField),
            finding(Rule::MissingSessionId),
        ];
        assert_eq!(b.apply("a.js", &mut same), 2);
        assert!(same.is_empty());
        let mut more = vec![
            finding(Rule::RedundantField),
            finding(Rule::RedundantField),
            finding(Rule::MissingSessionId),
        ];
        assert_eq!(b.apply("a.js", &mut more), 1);
        assert_eq!(more.len(), 2);
        assert!(more.iter().all(|d| d.rule == Rule::RedundantField));
        let mut other = vec![finding(Rule::RedundantField)];
        assert_eq!(b.apply("b.js", &mut other), 0);
    }

    #[test]
    fn names_are_relative_to_the_baseline_with_forward_slashes() {
        let dir = Path::new("ci");
        assert_eq!(relative_name(dir, Path::new("src/a.js")), "../src/a.js");
        assert_eq!(
            relative_name(Path::new("."), Path::new("./src//a.js")),
            "src/a.js"
        );
    }

    #[test]
    fn pruning_only_lowers_counts() {
        let mut b = Baseline::default();
        b.record(
            "a.js",
            &[finding(Rule::RedundantField), finding(Rule::RedundantField)],
        );
        b.prune(
            "a.js",
            &[
                finding(Rule::RedundantField),
                finding(Rule::RedundantField),
                finding(Rule::RedundantField),
                finding(Rule::MissingSessionId),
            ],
        );
        assert_eq!(b.files["a.js"].len(), 1);
        assert_eq!(b.files["a.js"]["redundant-field"], 2);
        b.prune("a.js", &[]);
        assert!(b.files.is_empty());
    }
}
