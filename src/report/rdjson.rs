//! `--format rdjson`: reviewdog's Diagnostic Format, `rdjson` (one `DiagnosticResult` JSON document),
//! for `reviewdog -f=rdjson`, which posts the diagnostics as pull/merge request review comments and the
//! safe fixes as suggested changes. The structure is reviewdog's
//! (<https://github.com/reviewdog/reviewdog/tree/master/proto/rdf>, `reviewdog.proto` and its JSON
//! Schema):
//!
//! `{source: {name, url}, severity, diagnostics: [{message, location: {path, range: {start: {line,
//! column}, end}}, severity, code: {value, url}, suggestions: [{range, text}], original_output}]}`.
//!
//! Lines are 1-based; columns are 1-based and count **bytes of UTF-8**, as the format says (unlike the
//! UTF-16 columns of the other reports); `end` is exclusive. The suggestions are the edits of the safe
//! fixes (those `--fix` applies as they are), never unsafe or placeholder ones. `severity` at the top
//! is the highest severity reported (`INFO` when there is none).

use serde::Serialize;

use super::{FileOutput, ReportItem, findings};
use crate::diagnostic::Severity;
use crate::lines::Position;
use crate::report::Region;

/// Digital River's guide to the move to payment sessions, what the tool checks.
const MIGRATION_GUIDE: &str = "https://docs.digitalriver.com/digital-river-api/integration-options/checkouts/creating-checkouts/payment-sessions#migrating-to-payment-sessions";

#[derive(Serialize)]
struct DiagnosticResult<'a> {
    source: Source,
    severity: &'static str,
    diagnostics: Vec<RdDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct RdDiagnostic<'a> {
    message: String,
    location: Location<'a>,
    severity: &'static str,
    code: Code<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion<'a>>,
    original_output: String,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: RdPosition,
    end: RdPosition,
}

#[derive(Serialize)]
struct RdPosition {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    range: Range,
    text: &'a str,
}

/// The rdjson `DiagnosticResult` document of the report.
pub fn render(files: &[FileOutput]) -> String {
    let diagnostics: Vec<RdDiagnostic> = findings(files).map(|f| diagnostic(&f)).collect();
    let severity = findings(files)
        .map(|f| f.severity)
        .max()
        .map_or("INFO", severity);
    let result = DiagnosticResult {
        source: Source {
            name: env!("CARGO_PKG_NAME"),
            url: MIGRATION_GUIDE,
        },
        severity,
        diagnostics,
    };
    let mut s =
        serde_json::to_string_pretty(&result).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn diagnostic<'a>(f: &ReportItem<'a>) -> RdDiagnostic<'a> {
    RdDiagnostic {
        message: f.full_text(),
        location: Location {
            path: f.path,
            range: range(f.start, f.end),
        },
        severity: severity(f.severity),
        code: Code {
            value: f.rule.id(),
            url: f.url,
        },
        suggestions: f
            .safe_edits
            .iter()
            .map(|(text, span)| Suggestion {
                range: span_range(span),
                text,
            })
            .collect(),
        original_output: format!(
            "{}:{}:{}: {}[{}] {}",
            f.path,
            f.start.line,
            f.start.column,
            f.severity_name(),
            f.rule.id(),
            f.message
        ),
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
    }
}

fn range(start: Position, end: Position) -> Range {
    Range {
        start: position(start),
        end: position(end),
    }
}

fn span_range(span: &Region) -> Range {
    range(span.start, span.end)
}

fn position(p: Position) -> RdPosition {
    RdPosition {
        line: p.line,
        column: p.byte_column,
    }
}
