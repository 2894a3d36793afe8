//! What the linter says about the code: plain data, built by `check` (and by the per-file driver for
//! files it cannot read), rendered by `report`.

use crate::fix::Fix;
pub use crate::rule::{Rule, Severity};
pub use crate::span::{FileId, Span};

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
}
