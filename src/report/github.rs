//! GitHub Actions workflow commands: one `::error`/`::warning` annotation per diagnostic, escaped as
//! the Actions toolkit (`@actions/core`) escapes them.

use std::fmt::Write;

use super::{FileOutput, Located};
use crate::diagnostic::Severity;

pub fn render(files: &[FileOutput]) -> String {
    let mut out = String::new();
    for f in files {
        for l in &f.diagnostics {
            annotation(&mut out, &f.display, l);
        }
    }
    out
}

/// `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`.
fn annotation(out: &mut String, path: &str, l: &Located) {
    let d = &l.diagnostic;
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let (start, end) = (l.span.start, l.span.end);
    let _ = write!(
        out,
        "::{command} file={},line={}",
        escape_property(path),
        start.line
    );
    if d.span.range.is_empty() {
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
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    if let Some(url) = &d.url {
        message.push_str("\nsee ");
        message.push_str(url);
    }
    let _ = writeln!(
        out,
        ",title={}::{}",
        escape_property(d.rule.id()),
        escape_data(&message)
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
