//! What the linter says about the code: plain data, built by `check` (and by the per-file driver for
//! files it cannot read), rendered by `report`.

use std::ops::Range;

use serde::Serialize;

use crate::fix::Fix;
pub use crate::rule::{Rule, Severity};

/// One file of a run. The driver numbers the files it lints; `FileId(0)` is the only file of a run that
/// lints one text (standard input, a language server document, a unit test).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// A byte range of one file: offsets into the file as it is on disk (a template's own text, not its
/// extracted scripts), `start..end`, in bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span { file, range }
    }

    pub fn start(&self) -> usize {
        self.range.start
    }

    /// Whether `offset` of the same file lies in this span (its start included, its end too: a call's
    /// name touching the payload's end still counts as inside).
    pub fn contains(&self, file: FileId, offset: usize) -> bool {
        self.file == file && self.range.start <= offset && offset < self.range.end
    }
}

/// A secondary location: where a payload was declared, where a field was written, the call a payload
/// reaches.
#[derive(Clone, Debug)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding, ready for the reports.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: Rule,
    /// Derived by `Severities::apply` (rule default, then configuration, then conditional).
    pub severity: Severity,
    pub message: String,
    /// Where the finding is: the property or write for a field, the payload object otherwise; an empty
    /// range at the start of the file for file-level problems.
    pub span: Span,
    /// What the primary span shows.
    pub label: String,
    pub related: Vec<Label>,
    pub help: Option<String>,
    pub url: Option<String>,
    pub payment_type: Option<String>,
    /// The dotted path of the field, for `redundant-field`.
    pub field: Option<String>,
    /// The name of the call this diagnostic belongs to (its member name: `createSource`).
    pub call_site: Option<Span>,
    /// True when the finding holds only on some paths (a write inside an `if`, a branch's payload).
    pub conditional: bool,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity.
    pub fn new(rule: Rule, span: Span, message: String) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            message,
            span,
            label: String::new(),
            related: Vec::new(),
            help: None,
            url: None,
            payment_type: None,
            field: None,
            call_site: None,
            conditional: false,
            fix: None,
        }
    }

    /// A diagnostic about a file as a whole (I/O, parse or size problems), at byte `offset`.
    pub fn file_level(rule: Rule, file: FileId, offset: usize, message: String) -> Self {
        Diagnostic::new(rule, Span::new(file, offset..offset), message)
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The byte range of the primary span.
    pub fn range(&self) -> &Range<usize> {
        &self.span.range
    }
}
