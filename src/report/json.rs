//! The JSON report: one document, `"version": 1`, stable for editors and scripts. docs/json-output.md
//! documents it and docs/json-output.schema.json is its JSON Schema.

use serde::Serialize;

use super::{FileOutput, Region, Summary};
use crate::check::{CallKind, CallStatus};
use crate::diagnostic::{Rule, Severity};
use crate::fix::Applicability;
use crate::lines::Position;

/// The tool's entry: its name and version.
#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: Rule,
    severity: Severity,
    message: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    conditional: bool,
    range: Region,
    call_site: Option<CallPosition>,
    /// The call site's file, when it is not the diagnostic's (a builder's payload sent from another).
    #[serde(skip_serializing_if = "Option::is_none")]
    call_site_path: Option<&'a str>,
    related: Vec<Related<'a>>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    message: &'a str,
    /// Why a display-only fix is not applied (beyond a missing `--session-id-expr`).
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    edits: Vec<JsonEdit<'a>>,
}

/// One edit: replace bytes `start..end` of the file as it is on disk by `text`; `range` is the same
/// place as lines and UTF-16 columns.
#[derive(Serialize)]
struct JsonEdit<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    range: Region,
}

#[derive(Serialize)]
struct CallPosition {
    line: u32,
    column: u32,
    offset: usize,
}

impl From<Position> for CallPosition {
    fn from(p: Position) -> Self {
        CallPosition {
            line: p.line,
            column: p.column,
            offset: p.offset,
        }
    }
}

#[derive(Serialize)]
struct Related<'a> {
    /// The label's file (the diagnostic's own, or another).
    path: &'a str,
    range: Region,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonCallSite<'a> {
    path: &'a str,
    /// The call's name: `createSource`.
    call: &'a str,
    line: u32,
    column: u32,
    offset: usize,
    kind: CallKind,
    status: CallStatus,
    payment_types: &'a [String],
}

pub fn render(files: &[FileOutput], summary: &Summary) -> String {
    let mut diagnostics = Vec::new();
    let mut call_sites = Vec::new();
    for f in files {
        for l in &f.diagnostics {
            let d = &l.diagnostic;
            diagnostics.push(JsonDiagnostic {
                path: &f.display,
                rule: d.rule,
                severity: d.severity,
                message: &d.message,
                label: &d.label,
                help: d.help.as_deref(),
                url: d.url.as_deref(),
                payment_type: d.payment_type.as_deref(),
                field: d.field.as_deref(),
                conditional: d.conditional,
                range: l.span,
                call_site: l.call_site.map(Into::into),
                call_site_path: l.call_site_path.as_deref(),
                related: l
                    .related
                    .iter()
                    .map(|l| Related {
                        path: &l.path,
                        range: l.region,
                        message: &l.message,
                    })
                    .collect(),
                fix: d.fix.as_ref().map(|fix| JsonFix {
                    applicability: fix.applicability,
                    message: &fix.message,
                    note: fix.note.as_deref(),
                    edits: fix
                        .edits
                        .iter()
                        .zip(&l.fix_spans)
                        .map(|(e, span)| JsonEdit {
                            start: e.range.start,
                            end: e.range.end,
                            text: &e.text,
                            range: *span,
                        })
                        .collect(),
                }),
            });
        }
        for c in &f.calls {
            call_sites.push(JsonCallSite {
                path: &c.path,
                call: &c.call.call,
                line: c.position.line,
                column: c.position.column,
                offset: c.position.offset,
                kind: c.call.kind,
                status: c.call.status,
                payment_types: &c.call.payment_types,
            });
        }
    }
    // By file and position: a call site checked in another file (a builder's module) comes with
    // that file's report.
    call_sites.sort_by(|a, b| (a.path, a.offset).cmp(&(b.path, b.offset)));
    let tool = Tool {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
    };
    match pretty_document(&tool, &diagnostics, &call_sites, summary) {
        Ok(out) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// The document as `serde_json`'s pretty printer writes a [`Document`] (two spaces a level), its
/// entries rendered on the worker threads: a tree's report is megabytes, which one thread takes
/// tens of milliseconds to write.
fn pretty_document(
    tool: &Tool,
    diagnostics: &[JsonDiagnostic],
    call_sites: &[JsonCallSite],
    summary: &Summary,
) -> serde_json::Result<Vec<u8>> {
    use rayon::prelude::*;
    let diagnostics: Vec<Vec<u8>> = diagnostics
        .par_iter()
        .map(serde_json::to_vec_pretty)
        .collect::<serde_json::Result<_>>()?;
    let call_sites: Vec<Vec<u8>> = call_sites
        .par_iter()
        .map(serde_json::to_vec_pretty)
        .collect::<serde_json::Result<_>>()?;
    // Sized for the whole text: it is not copied as it grows.
    let size = diagnostics
        .iter()
        .chain(&call_sites)
        .map(|e| e.len() * 5 / 4 + 8)
        .sum::<usize>();
    let mut out = Vec::with_capacity(4096 + size);
    out.extend_from_slice(b"{\n  \"version\": 1,\n  \"tool\": ");
    indented(&mut out, &serde_json::to_vec_pretty(tool)?, b"  ");
    out.extend_from_slice(b",\n  \"diagnostics\": ");
    array(&mut out, &diagnostics);
    out.extend_from_slice(b",\n  \"callSites\": ");
    array(&mut out, &call_sites);
    out.extend_from_slice(b",\n  \"summary\": ");
    indented(&mut out, &serde_json::to_vec_pretty(summary)?, b"  ");
    out.extend_from_slice(b"\n}\n");
    Ok(out)
}

/// A value written pretty at the top level, written `prefix` deeper: every line after the first
/// starts with `prefix` (a newline in pretty JSON is always between tokens: strings escape theirs).
fn indented(out: &mut Vec<u8>, value: &[u8], prefix: &[u8]) {
    let mut lines = value.split(|&b| b == b'\n');
    if let Some(first) = lines.next() {
        out.extend_from_slice(first);
    }
    for line in lines {
        out.push(b'\n');
        out.extend_from_slice(prefix);
        out.extend_from_slice(line);
    }
}

/// An array of the document (its key two spaces in) whose entries are `entries`, each written
/// pretty at the top level.
fn array(out: &mut Vec<u8>, entries: &[Vec<u8>]) {
    if entries.is_empty() {
        out.extend_from_slice(b"[]");
        return;
    }
    out.push(b'[');
    for (i, e) in entries.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        indented(out, e, b"    ");
    }
    out.extend_from_slice(b"\n  ]");
}
