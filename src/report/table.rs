//! The migration plan as a table, one row per call site: `csv` (for a spreadsheet) and `markdown`
//! (for an issue or a pull request), with the file, the position, the call, its payment types, its
//! status, its findings and how they can be fixed.

use super::{FileOutput, Located, LocatedCall, Summary, needs};
use crate::check::{CallKind, CallStatus};
use crate::fix::Applicability;

/// One call site's row.
struct Row<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    call: &'a str,
    kind: &'static str,
    payment_types: String,
    status: &'static str,
    findings: String,
    fixable: &'static str,
}

fn rows(files: &[FileOutput]) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for f in files {
        for c in &f.calls {
            let mine: Vec<&Located> = f
                .diagnostics
                .iter()
                .filter(|d| d.call_site == Some(c.position))
                .collect();
            out.push(row(&c.path, c, &mine));
        }
    }
    // By file and position: a call site checked in another file (a builder's module) comes with
    // that file's report.
    out.sort_by(|a, b| (a.path, a.line, a.column).cmp(&(b.path, b.line, b.column)));
    out
}

fn row<'a>(path: &'a str, c: &'a LocatedCall, mine: &[&Located]) -> Row<'a> {
    let findings: Vec<String> = mine
        .iter()
        .map(|d| match &d.diagnostic.field {
            Some(field) => format!("{} {field}", d.diagnostic.rule.id()),
            None => d.diagnostic.rule.id().to_string(),
        })
        .collect();
    // How the call's findings can be fixed: the least sure fix decides.
    let fixes: Vec<Applicability> = mine
        .iter()
        .filter_map(|d| d.diagnostic.fix.as_ref().map(|f| f.applicability))
        .collect();
    // (A redundant field of a payload without `sessionId` has no fix of its own: its removal rides on
    // the fix that inserts the session id.)
    let by_hand = mine.iter().any(|d| {
        d.diagnostic.rule == crate::rule::Rule::UnresolvedPayload || d.diagnostic.conditional
    });
    let noted = mine
        .iter()
        .any(|d| d.diagnostic.fix.as_ref().is_some_and(|f| f.note.is_some()));
    let fixable = match (mine.is_empty(), by_hand, fixes.iter().min()) {
        (true, _, _) => "nothing to fix",
        (_, true, _) | (_, _, None) => "by hand",
        (_, _, Some(Applicability::DisplayOnly)) if noted => "by hand (see the fix's note)",
        (_, _, Some(Applicability::DisplayOnly)) => "needs --session-id-expr",
        (_, _, Some(Applicability::Unsafe)) => "--fix --unsafe-fixes",
        (_, _, Some(Applicability::Safe)) => "--fix",
    };
    Row {
        path,
        line: c.position.line,
        column: c.position.column,
        call: &c.call.call,
        kind: match c.call.kind {
            CallKind::Digitalriver => "DigitalRiver.js",
            CallKind::Possible => "may be DigitalRiver.js",
        },
        payment_types: c.call.payment_types.join(" | "),
        status: match c.call.status {
            CallStatus::Migrated => "migrated",
            CallStatus::NeedsChanges => "needs changes",
            CallStatus::NeedsReview => "needs review",
        },
        findings: findings.join("; "),
        fixable,
    }
}

const HEADER: [&str; 9] = [
    "file",
    "line",
    "column",
    "call",
    "kind",
    "payment types",
    "status",
    "findings",
    "fixable",
];

/// CSV (RFC 4180, through the `csv` crate): a header, then a row per call site.
pub fn render_csv(files: &[FileOutput]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for r in rows(files) {
        let _ = w.write_record([
            r.path,
            &r.line.to_string(),
            &r.column.to_string(),
            r.call,
            r.kind,
            &r.payment_types,
            r.status,
            &r.findings,
            r.fixable,
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Escape a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// Markdown: the summary counts, the call sites, and the findings per rule and per file.
pub fn render_markdown(files: &[FileOutput], summary: &Summary) -> String {
    let c = &summary.call_sites;
    let mut s = format!(
        "## DigitalRiver.js payment sessions migration\n\n{}: {} migrated, {} {} changes, {} {} review \
         ({} errors, {} warnings).\n\n",
        c.found(),
        c.migrated,
        c.need_changes,
        needs(c.need_changes),
        c.need_review,
        needs(c.need_review),
        summary.errors,
        summary.warnings
    );
    s += "| file | line | call | payment types | status | findings | fixable |\n";
    s += "|---|--:|---|---|---|---|---|\n";
    for r in rows(files) {
        s += &format!(
            "| {} | {} | `{}` | {} | {} | {} | {} |\n",
            cell(r.path),
            r.line,
            cell(r.call),
            cell(&r.payment_types),
            r.status,
            cell(&r.findings),
            r.fixable
        );
    }
    let mut by_rule: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut by_file: Vec<(&str, usize)> = Vec::new();
    for f in files {
        for d in &f.diagnostics {
            *by_rule.entry(d.diagnostic.rule.id()).or_default() += 1;
        }
        if !f.diagnostics.is_empty() {
            by_file.push((&f.display, f.diagnostics.len()));
        }
    }
    s += "\n| rule | findings |\n|---|--:|\n";
    for (rule, n) in by_rule {
        s += &format!("| `{rule}` | {n} |\n");
    }
    s += "\n| file | findings |\n|---|--:|\n";
    for (file, n) in by_file {
        s += &format!("| {} | {n} |\n", cell(file));
    }
    s
}
