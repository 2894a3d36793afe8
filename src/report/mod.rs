//! Turning diagnostics into what users read: human code frames, JSON for editors and scripts, and the
//! formats CI systems read (SARIF, GitHub annotations, GitLab Code Quality, Checkstyle, JUnit, reviewdog's
//! rdjson, a compact one-line format). A file's part of the report is prepared on the worker that linted
//! it, so the file's text is not kept.

pub mod checkstyle;
pub mod compact;
pub mod diff;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;
pub mod statistics;
pub mod table;

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
    /// The call site's file as the report shows it, when it is another file.
    pub call_site_path: Option<String>,
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
    /// The file the call is in as the report shows it: this file's, or another's when the payload
    /// checked here (a builder's) is sent by a call there.
    pub path: String,
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
    pub calls_migrated: usize,
    pub changed: bool,
    pub diff: String,
}

impl FileOutput {
    /// `view` is the file the diagnostics belong to; `others` the other files their labels may point
    /// into (a label in a file in neither is left out). `human` is the file's human report, rendered
    /// beforehand (`Human::render_view`), or empty.
    pub fn new(
        view: &SourceView,
        others: &[SourceView],
        linted: Linted,
        human: String,
    ) -> FileOutput {
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
                call_site_path: d
                    .call_site
                    .as_ref()
                    .filter(|c| c.file != d.span.file)
                    .and_then(|c| source_of(c.file).map(|v| v.display.to_string())),
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
            .map(|c| {
                let v = source_of(c.span.file).unwrap_or(view);
                LocatedCall {
                    position: v.position(c.span.range.start),
                    path: v.display.to_string(),
                    call: c,
                }
            })
            .collect();
        FileOutput {
            display: view.display.to_string(),
            diagnostics,
            calls,
            human,
            io_failure: linted.io_failure,
            fixes_applied: 0,
            calls_fixed: 0,
            calls_migrated: 0,
            changed: false,
            diff: String::new(),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallCounts {
    pub total: usize,
    /// DigitalRiver.js call sites per call (`createSource`, `createDropin`, ...).
    pub by_call: std::collections::BTreeMap<String, usize>,
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
    /// Call sites a fix changed.
    pub call_sites: usize,
    /// Of those, the ones now fully migrated; the others still need work (a change the tool left to
    /// a person, or a review).
    pub migrated: usize,
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
    /// Findings the baseline (dr-session-lint-suppressions.json) suppressed: not reported or counted
    /// above.
    #[serde(skip_serializing_if = "is_zero")]
    pub suppressed: usize,
    /// Where the unsafe and suggested (display-only) fixes are, as `path:line`: what `--fix` and
    /// `--diff` leave out, named in their summary.
    #[serde(skip)]
    pub left_out: Vec<(Applicability, String)>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// `needs` after a count of one, `need` after any other ("1 needs changes", "0 need changes").
pub fn needs(n: usize) -> &'static str {
    if n == 1 { "needs" } else { "need" }
}

impl CallCounts {
    /// `1 already migrated, 2 need changes, 1 needs manual review`, for the summaries: the verb
    /// agrees with each count.
    pub fn statuses(&self) -> String {
        format!(
            "{} already migrated, {} {} changes, {} {} manual review",
            self.migrated,
            self.need_changes,
            needs(self.need_changes),
            self.need_review,
            needs(self.need_review)
        )
    }

    /// `5 DigitalRiver.js call sites found (createDropin 1, createSource 4)`, for the summaries.
    pub fn found(&self) -> String {
        let mut s = format!(
            "{} DigitalRiver.js call site{} found",
            self.digital_river,
            if self.digital_river == 1 { "" } else { "s" }
        );
        if !self.by_call.is_empty() {
            let calls: Vec<String> = self
                .by_call
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            s += &format!(" ({})", calls.join(", "));
        }
        s
    }
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
            s.fixed.migrated += f.calls_migrated;
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
                    if fix.applicability != Applicability::Safe {
                        s.left_out.push((
                            fix.applicability,
                            format!("{}:{}", f.display, d.span.start.line),
                        ));
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
                    CallKind::Digitalriver => {
                        n.digital_river += 1;
                        *n.by_call.entry(c.call.call.clone()).or_default() += 1;
                    }
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

/// What the CI formats (compact, github, gitlab, checkstyle, junit, rdjson) read of a diagnostic: the one
/// place that reads the fields of `Diagnostic` and `Located` for them, so a renamed field is renamed here.
pub struct ReportItem<'a> {
    /// The file as reported (`FileOutput::display`).
    pub path: &'a str,
    pub rule: Rule,
    pub severity: Severity,
    pub message: &'a str,
    /// What to do about it.
    pub help: Option<&'a str>,
    /// The documentation link of the diagnostic (a payment method's section of the migration guide).
    pub url: Option<&'a str>,
    /// The dotted path of the field, for `redundant-field`.
    pub field: Option<&'a str>,
    /// Where the primary range starts and ends (equal for a point: a file-level diagnostic).
    pub start: Position,
    pub end: Position,
    /// The fix, when it is safe (applied by `--fix` as is): its edits with their positions.
    pub safe_edits: Vec<(&'a str, Region)>,
}

impl<'a> ReportItem<'a> {
    fn of(path: &'a str, l: &'a Located) -> ReportItem<'a> {
        let d = &l.diagnostic;
        let safe_edits = match &d.fix {
            Some(fix) if fix.applicability == Applicability::Safe => fix
                .edits
                .iter()
                .zip(&l.fix_spans)
                .map(|(e, span)| (e.text.as_str(), *span))
                .collect(),
            _ => Vec::new(),
        };
        ReportItem {
            path,
            rule: d.rule,
            severity: d.severity,
            message: &d.message,
            help: d.help.as_deref(),
            url: d.url.as_deref(),
            field: d.field.as_deref(),
            start: l.span.start,
            end: l.span.end,
            safe_edits,
        }
    }

    /// The message, then `help: ...` and `see URL` on lines of their own.
    pub fn full_text(&self) -> String {
        let mut text = self.message.to_string();
        if let Some(help) = self.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        if let Some(url) = self.url {
            text.push_str("\nsee ");
            text.push_str(url);
        }
        text
    }

    /// `error` or `warning`.
    pub fn severity_name(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Every diagnostic of the report, file by file (files sorted by path, each file's diagnostics in the
/// order the linter gives them, which is by position).
pub fn findings(files: &[FileOutput]) -> impl Iterator<Item = ReportItem<'_>> {
    files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(|l| ReportItem::of(&f.display, l)))
}

/// The diagnostics of one file.
pub fn file_findings(file: &FileOutput) -> impl Iterator<Item = ReportItem<'_>> {
    file.diagnostics
        .iter()
        .map(|l| ReportItem::of(&file.display, l))
}

/// Text for an XML 1.0 document: characters XML cannot hold even escaped (most control characters, in
/// a message quoting source text or in a file name) become U+FFFD. Escaping is left to the XML writer.
pub fn xml_text(s: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if s.chars().all(allowed) {
        std::borrow::Cow::Borrowed(s)
    } else {
        s.chars()
            .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
            .collect()
    }
}

/// An XML attribute holding any text: quick-xml escapes the value (line breaks and tabs too, as
/// character references that survive attribute-value normalization); `xml_text` replaces what XML
/// cannot hold at all.
pub fn xml_attr<'a>(key: &'a str, value: &str) -> quick_xml::events::attributes::Attribute<'a> {
    let value: std::borrow::Cow<'a, str> = std::borrow::Cow::Owned(xml_text(value).into_owned());
    (key, value).into()
}
