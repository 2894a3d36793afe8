//! Turning diagnostics into what users read: human code frames, JSON for editors and scripts. A file's
//! part of the report is prepared on the worker that linted it, so the file's text is not kept.

pub mod diff;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::ops::Range;

use serde::Serialize;

use crate::check::{CallKind, CallStatus, CheckedCall};
use crate::diagnostic::{Diagnostic, FileId, Rule, Severity, Span};
use crate::fix::Applicability;
use crate::lines::{LineIndex, Position};
use crate::lint::Linted;

/// A byte range as lines and UTF-16 columns (1-based), for the reports.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Region {
    pub start: Position,
    pub end: Position,
}

/// A secondary label with its file and positions.
#[derive(Clone, Debug)]
pub struct LocatedLabel {
    /// The label's file as the report shows it.
    pub path: String,
    pub range: Range<usize>,
    pub region: Region,
    pub message: String,
}

/// A diagnostic with its positions.
pub struct Located {
    pub diagnostic: Diagnostic,
    /// Where the primary span is.
    pub span: Region,
    pub related: Vec<LocatedLabel>,
    pub call_site: Option<Position>,
    /// The positions of the fix's edits, in order.
    pub fix_spans: Vec<Region>,
}

/// One file's text, as the reports need it to turn byte offsets into positions.
pub struct SourceView<'a> {
    pub file: FileId,
    /// The path as the report shows it.
    pub display: &'a str,
    pub text: &'a str,
    pub index: LineIndex,
}

impl<'a> SourceView<'a> {
    pub fn new(file: FileId, display: &'a str, text: &'a str) -> SourceView<'a> {
        SourceView {
            file,
            display,
            text,
            index: LineIndex::new(text),
        }
    }

    fn position(&self, offset: usize) -> Position {
        self.index.position(self.text, offset)
    }

    fn region(&self, r: &Range<usize>) -> Region {
        Region {
            start: self.position(r.start),
            end: self.position(r.end),
        }
    }
}

pub struct LocatedCall {
    pub call: CheckedCall,
    pub position: Position,
}

/// One file's share of the report.
pub struct FileOutput {
    pub display: String,
    pub diagnostics: Vec<Located>,
    pub calls: Vec<LocatedCall>,
    /// The rendered human report of this file (empty for other formats).
    pub human: String,
    pub io_failure: bool,
    /// In fix mode: fixes applied, call sites no longer needing changes, whether the text changed,
    /// and the unified diff (`--diff`).
    pub fixes_applied: usize,
    pub calls_fixed: usize,
    pub changed: bool,
    pub diff: String,
}

impl FileOutput {
    /// `view` is the file the diagnostics belong to; `others` the other files their labels may point
    /// into (a label in a file in neither is left out).
    pub fn new(
        view: &SourceView,
        others: &[SourceView],
        linted: Linted,
        human: Option<&human::Human>,
    ) -> FileOutput {
        let text = view.text;
        let rendered = match human {
            Some(h) if !linted.diagnostics.is_empty() => h.render_file(
                view.display,
                text,
                &view.index,
                view.file,
                &linted.diagnostics,
            ),
            _ => String::new(),
        };
        let source_of = |file: FileId| std::iter::once(view).chain(others).find(|v| v.file == file);
        let located_span = |s: &Span| source_of(s.file).map(|v| (v, v.region(&s.range)));
        let diagnostics = linted
            .diagnostics
            .into_iter()
            .map(|d| Located {
                span: view.region(&d.span.range),
                related: d
                    .related
                    .iter()
                    .filter_map(|l| {
                        let (v, region) = located_span(&l.span)?;
                        Some(LocatedLabel {
                            path: v.display.to_string(),
                            range: l.span.range.clone(),
                            region,
                            message: l.message.clone(),
                        })
                    })
                    .collect(),
                call_site: d
                    .call_site
                    .as_ref()
                    .and_then(|c| source_of(c.file).map(|v| v.position(c.range.start))),
                fix_spans: d
                    .fix
                    .iter()
                    .flat_map(|f| &f.edits)
                    .filter_map(|e| source_of(e.file).map(|v| v.region(&e.range)))
                    .collect(),
                diagnostic: d,
            })
            .collect();
        let calls = linted
            .calls
            .into_iter()
            .map(|c| LocatedCall {
                position: view.position(c.span.range.start),
                call: c,
            })
            .collect();
        FileOutput {
            display: view.display.to_string(),
            diagnostics,
            calls,
            human: rendered,
            io_failure: linted.io_failure,
            fixes_applied: 0,
            calls_fixed: 0,
            changed: false,
            diff: String::new(),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallCounts {
    pub total: usize,
    pub digital_river: usize,
    pub possible: usize,
    pub migrated: usize,
    pub need_changes: usize,
    pub need_review: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixCounts {
    pub files: usize,
    pub fixes: usize,
    pub call_sites: usize,
}

/// Diagnostics with a fix, by tier.
#[derive(Clone, Copy, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixableCounts {
    pub safe: usize,
    #[serde(rename = "unsafe")]
    pub unsafe_: usize,
    pub display_only: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// What `--fix` changed (or `--diff` would change).
    pub fixed: FixCounts,
    /// Fixes offered by the diagnostics reported.
    pub fixable: FixableCounts,
    pub files_scanned: usize,
    pub files_with_errors: usize,
    pub call_sites: CallCounts,
    pub errors: usize,
    pub warnings: usize,
    pub parse_errors: usize,
    pub io_errors: usize,
    pub skipped_files: usize,
}

impl Summary {
    pub fn of(files: &[FileOutput], files_scanned: usize) -> Summary {
        let mut s = Summary {
            files_scanned,
            ..Summary::default()
        };
        for f in files {
            if f.diagnostics
                .iter()
                .any(|d| d.diagnostic.rule == Rule::ParseError)
            {
                s.parse_errors += 1;
            }
            if f.changed {
                s.fixed.files += 1;
            }
            s.fixed.fixes += f.fixes_applied;
            s.fixed.call_sites += f.calls_fixed;
            if f.diagnostics
                .iter()
                .any(|d| d.diagnostic.severity == Severity::Error)
            {
                s.files_with_errors += 1;
            }
            for d in &f.diagnostics {
                if let Some(fix) = &d.diagnostic.fix {
                    match fix.applicability {
                        Applicability::Safe => s.fixable.safe += 1,
                        Applicability::Unsafe => s.fixable.unsafe_ += 1,
                        Applicability::DisplayOnly => s.fixable.display_only += 1,
                    }
                }
                match d.diagnostic.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                }
                match d.diagnostic.rule {
                    Rule::ParseError => {}
                    Rule::IoError => s.io_errors += 1,
                    Rule::SkippedFile => s.skipped_files += 1,
                    _ => {}
                }
            }
            for c in &f.calls {
                let n = &mut s.call_sites;
                n.total += 1;
                match c.call.kind {
                    CallKind::Digitalriver => n.digital_river += 1,
                    CallKind::Possible => n.possible += 1,
                }
                match c.call.status {
                    CallStatus::Migrated => n.migrated += 1,
                    CallStatus::NeedsChanges => n.need_changes += 1,
                    CallStatus::NeedsReview => n.need_review += 1,
                }
            }
        }
        s
    }
}
