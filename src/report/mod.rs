//! Turning diagnostics into what users read: human code frames, JSON for editors and scripts. A file's
//! part of the report is prepared on the worker that linted it, so the file's text is not kept.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use serde::Serialize;

use crate::check::{CallKind, CallStatus, CheckedCall};
use crate::diagnostic::{Diagnostic, Rule, Severity, Span};
use crate::fix::Applicability;
use crate::lines::{LineIndex, Position};
use crate::lint::Linted;

/// A diagnostic with its positions.
pub struct Located {
    pub diagnostic: Diagnostic,
    pub span: Span,
    pub related: Vec<(Span, String)>,
    pub call_site: Option<Position>,
    /// The positions of the fix's edits, in order.
    pub fix_spans: Vec<Span>,
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
    pub fn new(
        display: String,
        text: &str,
        linted: Linted,
        human: Option<&human::Human>,
    ) -> FileOutput {
        let index = LineIndex::new(text);
        let span = |r: &std::ops::Range<usize>| Span {
            start: index.position(text, r.start),
            end: index.position(text, r.end),
        };
        let rendered = match human {
            Some(h) if !linted.diagnostics.is_empty() => {
                h.render_file(&display, text, &index, &linted.diagnostics)
            }
            _ => String::new(),
        };
        let diagnostics = linted
            .diagnostics
            .into_iter()
            .map(|d| Located {
                span: span(&d.range),
                related: d
                    .related
                    .iter()
                    .map(|l| (span(&l.range), l.message.clone()))
                    .collect(),
                call_site: d.call_site.map(|o| index.position(text, o)),
                fix_spans: d
                    .fix
                    .iter()
                    .flat_map(|f| &f.edits)
                    .map(|e| span(&e.range))
                    .collect(),
                diagnostic: d,
            })
            .collect();
        let calls = linted
            .calls
            .into_iter()
            .map(|c| LocatedCall {
                position: index.position(text, c.name_range.start),
                call: c,
            })
            .collect();
        FileOutput {
            display,
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
