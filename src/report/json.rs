//! The JSON report: one document, `"version": 1`, stable for editors and scripts. docs/json-output.md
//! documents it and docs/json-output.schema.json is its JSON Schema.

use serde::Serialize;

use super::{FileOutput, Region, Summary};
use crate::check::{CallKind, CallStatus};
use crate::diagnostic::{Rule, Severity};
use crate::fix::Applicability;
use crate::lines::Position;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    version: u32,
    tool: Tool,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    call_sites: Vec<JsonCallSite<'a>>,
    summary: &'a Summary,
}

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
    let doc = Document {
        version: 1,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        diagnostics,
        call_sites,
        summary,
    };
    // Sized for the usual entry (about 1 KB a diagnostic with a fix, 250 bytes a call site): the
    // text is not copied as it grows.
    let mut out =
        Vec::with_capacity(4096 + doc.diagnostics.len() * 1024 + doc.call_sites.len() * 256);
    match serde_json::to_writer_pretty(&mut out, &doc) {
        Ok(()) => {
            out.push(b'\n');
            String::from_utf8(out).unwrap_or_default()
        }
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}
