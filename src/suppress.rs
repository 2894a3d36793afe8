//! Suppression comments: `// dr-session-lint-ignore-next-line <rule>[, <rule>] -- <reason>` and
//! `// dr-session-lint-ignore-file [<rules>] -- <reason>` (before the first statement). They are read
//! before the checks (a suppressed field must not ride on a fix) and applied after them. A suppression
//! needs a reason; one that suppresses nothing is reported.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, FileId, Rule, Span};
use crate::lines::LineIndex;
use crate::parse::SourceComment;

const NEXT_LINE: &str = "dr-session-lint-ignore-next-line";
const FILE: &str = "dr-session-lint-ignore-file";

#[derive(Debug, PartialEq, Eq)]
enum Scope {
    /// Diagnostics starting on this (0-based) line, or whose call is on it.
    Line(usize),
    File,
}

struct Suppression {
    range: Range<usize>,
    scope: Scope,
    /// Empty: every rule.
    rules: Vec<Rule>,
    used: bool,
}

/// The suppressions of one file.
pub struct Suppressions {
    /// The file the comments are in: they suppress diagnostics of this file only.
    file: FileId,
    /// The file's lines, built at the first suppression comment (most files have none).
    index: Option<LineIndex>,
    list: Vec<Suppression>,
    /// Diagnostics about the suppression comments themselves (no reason, unknown rule, misplaced).
    invalid: Vec<Diagnostic>,
    /// Every suppression comment, valid or not: no fix deletes one.
    all_ranges: Vec<Range<usize>>,
}

impl Suppressions {
    /// Read the suppression comments. `first_statement` is where the program's first statement (after
    /// any `'use strict'` directive) starts: file-level suppressions must come before it.
    pub fn read(
        file: FileId,
        text: &str,
        comments: &[SourceComment],
        first_statement: Option<usize>,
    ) -> Suppressions {
        let mut s = Suppressions {
            file,
            index: None,
            list: Vec::new(),
            invalid: Vec::new(),
            all_ranges: Vec::new(),
        };
        for c in comments {
            let body = c.text.trim().trim_start_matches('*').trim();
            let (scope, rest) = if let Some(rest) = body.strip_prefix(NEXT_LINE) {
                let index = s.index.get_or_insert_with(|| LineIndex::new(text));
                (
                    Scope::Line(index.line_of(c.range.end.saturating_sub(1)) + 1),
                    rest,
                )
            } else if let Some(rest) = body.strip_prefix(FILE) {
                s.index.get_or_insert_with(|| LineIndex::new(text));
                (Scope::File, rest)
            } else {
                continue;
            };
            if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
                continue; // `dr-session-lint-ignore-filex`: not ours
            }
            s.all_ranges.push(c.range.clone());
            let (rule_list, reason) = match rest.split_once("--") {
                Some((rules, reason)) => (rules, reason.trim()),
                None => (rest, ""),
            };
            let invalid = |message: String| {
                Diagnostic::new(Rule::InvalidSuppression, Span::new(file, c.range.clone()), message)
                    .with_label("this suppression is not applied")
                    .with_help(format!(
                        "write it as `// {NEXT_LINE} <rule>[, <rule>] -- <reason>` (or `{FILE}` at the top)"
                    ))
            };
            if reason.is_empty() {
                s.invalid
                    .push(invalid("a suppression needs a reason after `--`".into()));
                continue;
            }
            let names: Vec<&str> = rule_list
                .split([',', ' ', '\t'])
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect();
            let rules: Vec<Option<Rule>> = names.iter().map(|n| Rule::from_id(n)).collect();
            if let Some(pos) = rules.iter().position(Option::is_none) {
                s.invalid.push(invalid(format!(
                    "unknown rule `{}` in a suppression",
                    names[pos]
                )));
                continue;
            }
            if scope == Scope::File && first_statement.is_some_and(|f| c.range.start > f) {
                s.invalid.push(invalid(format!(
                    "`{FILE}` must come before the first statement of the file"
                )));
                continue;
            }
            s.list.push(Suppression {
                range: c.range.clone(),
                scope,
                rules: rules.into_iter().flatten().collect(),
                used: false,
            });
        }
        s
    }

    /// The ranges of the suppression comments, valid or not: fixes must not delete them.
    pub fn comment_ranges(&self) -> Vec<Range<usize>> {
        self.all_ranges.clone()
    }

    /// The suppression that covers a finding of `rule` at `span`, belonging to the call named at
    /// `call_site` (a `next-line` comment above the call covers the payload's findings too).
    fn find(&self, rule: Rule, span: &Span, call_site: Option<&Span>) -> Option<usize> {
        if matches!(
            rule,
            Rule::InvalidSuppression | Rule::ParseError | Rule::InternalError | Rule::IoError
        ) || span.file != self.file
            || self.list.is_empty()
        {
            return None;
        }
        let index = self.index.as_ref()?;
        let line = index.line_of(span.range.start);
        let call_line = call_site
            .filter(|c| c.file == self.file)
            .map(|c| index.line_of(c.range.start));
        self.list.iter().position(|s| {
            (s.rules.is_empty() || s.rules.contains(&rule))
                && match s.scope {
                    Scope::Line(l) => l == line || Some(l) == call_line,
                    Scope::File => true,
                }
        })
    }

    /// Whether a finding of `rule` at `span` (of the call named at `call_site`) is suppressed.
    pub fn covers(&self, rule: Rule, span: &Span, call_site: Option<&Span>) -> bool {
        self.find(rule, span, call_site).is_some()
    }

    /// Remove the suppressed diagnostics, and add one for each suppression that is invalid or unused.
    pub fn apply(mut self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| match self.find(d.rule, &d.span, d.call_site.as_ref()) {
            Some(i) => {
                self.list[i].used = true;
                false
            }
            None => true,
        });
        diagnostics.append(&mut self.invalid);
        for s in self.list.into_iter().filter(|s| !s.used) {
            diagnostics.push(
                Diagnostic::new(
                    Rule::UnusedSuppression,
                    Span::new(self.file, s.range),
                    "this suppression matches no diagnostic".into(),
                )
                .with_label("nothing to suppress here")
                .with_help("remove the comment"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str, needle: &str) -> SourceComment {
        let start = text.find(needle).unwrap();
        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        SourceComment {
            range: start..end,
            text: text[start + 2..end].to_string(),
        }
    }

    #[test]
    fn next_line_needs_a_reason_and_reports_unused() {
        let text = "// dr-session-lint-ignore-next-line redundant-field -- server side\nx.amount = 1;\n\
                    // dr-session-lint-ignore-next-line missing-session-id\ny();\n\
                    // dr-session-lint-ignore-next-line redundant-field -- nothing here\nz();\n";
        let comments = vec![
            comment(
                text,
                "// dr-session-lint-ignore-next-line redundant-field -- server",
            ),
            comment(text, "// dr-session-lint-ignore-next-line missing"),
            comment(
                text,
                "// dr-session-lint-ignore-next-line redundant-field -- nothing",
            ),
        ];
        let at = text.find("x.amount").unwrap();
        let mut ds = vec![Diagnostic::new(
            Rule::RedundantField,
            Span::new(FileId(0), at..at + 8),
            "r".into(),
        )];
        let s = Suppressions::read(FileId(0), text, &comments, Some(at));
        assert!(s.covers(ds[0].rule, &ds[0].span, None));
        assert!(!s.covers(ds[0].rule, &Span::new(FileId(1), at..at + 8), None));
        s.apply(&mut ds);
        let rules: Vec<Rule> = ds.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [Rule::InvalidSuppression, Rule::UnusedSuppression]);
    }
}
