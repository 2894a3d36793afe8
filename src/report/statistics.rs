//! `--statistics`: the findings counted per rule and per file (as `ruff --statistics`), for planning a
//! migration and watching it shrink.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{FileOutput, Summary};
use crate::diagnostic::Severity;

/// The findings of one rule.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleCount {
    pub rule: String,
    pub count: usize,
    pub errors: usize,
    pub warnings: usize,
    /// With a fix `--fix` applies (safe), or `--unsafe-fixes` does.
    pub fixable: usize,
}

/// The findings of one file.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileCount {
    pub path: String,
    pub count: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// The counts: rules by count (then name), files by count (then path).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Statistics {
    pub version: u32,
    pub rules: Vec<RuleCount>,
    pub files: Vec<FileCount>,
    /// Findings the baseline suppressed (not counted above).
    pub suppressed: usize,
}

impl Statistics {
    /// Count the findings of `outputs` (as reported: after the baseline and `--quiet`).
    pub fn of(outputs: &[FileOutput], summary: &Summary) -> Statistics {
        let mut rules: BTreeMap<&str, RuleCount> = BTreeMap::new();
        let mut files = Vec::new();
        for o in outputs {
            let mut file = FileCount {
                path: o.display.clone(),
                ..FileCount::default()
            };
            for l in &o.diagnostics {
                let d = &l.diagnostic;
                let r = rules.entry(d.rule.id()).or_insert_with(|| RuleCount {
                    rule: d.rule.id().to_string(),
                    ..RuleCount::default()
                });
                r.count += 1;
                file.count += 1;
                match d.severity {
                    Severity::Error => {
                        r.errors += 1;
                        file.errors += 1;
                    }
                    Severity::Warning => {
                        r.warnings += 1;
                        file.warnings += 1;
                    }
                }
                if d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability != crate::fix::Applicability::DisplayOnly)
                {
                    r.fixable += 1;
                }
            }
            if file.count > 0 {
                files.push(file);
            }
        }
        let mut rules: Vec<RuleCount> = rules.into_values().collect();
        rules.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(&b.rule)));
        files.sort_by(|a, b| b.count.cmp(&a.count).then(a.path.cmp(&b.path)));
        Statistics {
            version: 1,
            rules,
            files,
            suppressed: summary.suppressed,
        }
    }

    /// Two aligned tables: count, rule, errors/warnings and fixable; then count and file.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.rules.is_empty() {
            out += "No findings.\n";
            return out;
        }
        let width = self
            .rules
            .iter()
            .map(|r| r.count)
            .chain(self.files.iter().map(|f| f.count))
            .max()
            .unwrap_or(0)
            .to_string()
            .len();
        let rule_width = self.rules.iter().map(|r| r.rule.len()).max().unwrap_or(0);
        out += "Findings per rule:\n";
        for r in &self.rules {
            let fixable = if r.fixable > 0 {
                format!(", {} fixable", r.fixable)
            } else {
                String::new()
            };
            out += &format!(
                "{:>width$}  {:<rule_width$}  ({} error{}, {} warning{}{fixable})\n",
                r.count,
                r.rule,
                r.errors,
                plural(r.errors),
                r.warnings,
                plural(r.warnings),
            );
        }
        out += "Findings per file:\n";
        for f in &self.files {
            out += &format!("{:>width$}  {}\n", f.count, f.path);
        }
        out
    }

    /// The counts as one JSON document (`"version": 1`).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
