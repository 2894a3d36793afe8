//! GitHub Actions workflow commands
//! (<https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands>): one
//! `::error`/`::warning` annotation per diagnostic, escaped as the Actions toolkit (`@actions/core`)
//! escapes them, then one `::notice` with the counts.
//!
//! GitHub shows at most 10 error, 10 warning and 10 notice annotations per step, and 50 per job
//! (<https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations>); the others
//! are only in the step's log. So the closing notice gives the counts, and says so when some
//! annotations are not shown.

use std::fmt::Write;

use super::{FileOutput, ReportItem, Summary, findings};
use crate::diagnostic::Severity;

/// Annotations of one kind (error, warning) GitHub shows per step.
pub const ANNOTATIONS_PER_KIND: usize = 10;

/// The annotations, in report order (files by path, then by position), then the summary notice.
pub fn render(files: &[FileOutput], summary: &Summary) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for f in findings(files) {
        match f.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        annotation(&mut out, &f);
    }
    let _ = writeln!(
        out,
        "::notice title=dr-session-lint::{}",
        escape_data(&notice(summary, errors, warnings))
    );
    out
}

/// The summary notice: the counts of the run, and how many annotations GitHub leaves out.
fn notice(s: &Summary, errors: usize, warnings: usize) -> String {
    let c = &s.call_sites;
    let mut text = format!(
        "{} error{}, {} warning{}; {} file{} scanned: {}",
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.files_scanned,
        plural(s.files_scanned),
        c.found(),
    );
    if c.possible > 0 {
        let _ = write!(text, " (and {} that may be)", c.possible);
    }
    let _ = write!(text, "; {}.", c.statuses());
    if errors > ANNOTATIONS_PER_KIND || warnings > ANNOTATIONS_PER_KIND {
        let _ = write!(
            text,
            " GitHub shows only the first {ANNOTATIONS_PER_KIND} error and {ANNOTATIONS_PER_KIND} \
             warning annotations of a step: all {} are in this step's log.",
            errors + warnings
        );
    }
    text
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`.
fn annotation(out: &mut String, f: &ReportItem) {
    let (start, end) = (f.start, f.end);
    let _ = write!(
        out,
        "::{} file={},line={}",
        f.severity_name(),
        escape_property(f.path),
        start.line
    );
    if start.offset == end.offset {
        // A point (a parse error, a file-level diagnostic): no end.
        let _ = write!(out, ",col={}", start.column);
    } else if start.line == end.line {
        let _ = write!(
            out,
            ",col={},endLine={},endColumn={}",
            start.column, end.line, end.column
        );
    } else {
        // Annotations take columns only on one line (the toolkit's AnnotationProperties and the
        // Checks API both say so): a range over lines gives its lines alone.
        let _ = write!(out, ",endLine={}", end.line);
    }
    let _ = writeln!(
        out,
        ",title={}::{}",
        escape_property(f.rule.id()),
        escape_data(&f.full_text())
    );
}

/// `escapeData` of `@actions/core`: the message of a command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `escapeProperty` of `@actions/core`: a property value (`file=`, `title=`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit() {
        assert_eq!(
            escape_data("100% done\r\nnext: a,b"),
            "100%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("dir/a,b:c%\n.js"), "dir/a%2Cb%3Ac%25%0A.js");
        // `%` first, so that the escapes themselves are not escaped again.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_property("%3A"), "%253A");
    }
}
