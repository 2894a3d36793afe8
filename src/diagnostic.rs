//! What the linter says about a file: plain data, rendered by `report`.

use std::ops::Range;

use serde::Serialize;

use crate::lines::Position;

/// The stable rule ids. Their documentation lives in docs/rules.md and in `Rule::explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    MissingSessionId,
    RedundantField,
    UnresolvedPayload,
    ParseError,
    IoError,
    SkippedFile,
    InvalidSuppression,
    UnusedSuppression,
}

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::MissingSessionId,
        Rule::RedundantField,
        Rule::UnresolvedPayload,
        Rule::ParseError,
        Rule::IoError,
        Rule::SkippedFile,
        Rule::InvalidSuppression,
        Rule::UnusedSuppression,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::MissingSessionId => "missing-session-id",
            Rule::RedundantField => "redundant-field",
            Rule::UnresolvedPayload => "unresolved-payload",
            Rule::ParseError => "parse-error",
            Rule::IoError => "io-error",
            Rule::SkippedFile => "skipped-file",
            Rule::InvalidSuppression => "invalid-suppression",
            Rule::UnusedSuppression => "unused-suppression",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Rule::UnresolvedPayload | Rule::SkippedFile | Rule::UnusedSuppression => {
                Severity::Warning
            }
            _ => Severity::Error,
        }
    }

    /// The rule's documentation (docs/rules/<id>.md), shown by `--explain`.
    pub fn explain(self) -> &'static str {
        match self {
            Rule::MissingSessionId => include_str!("../docs/rules/missing-session-id.md"),
            Rule::RedundantField => include_str!("../docs/rules/redundant-field.md"),
            Rule::UnresolvedPayload => include_str!("../docs/rules/unresolved-payload.md"),
            Rule::ParseError => include_str!("../docs/rules/parse-error.md"),
            Rule::IoError => include_str!("../docs/rules/io-error.md"),
            Rule::SkippedFile => include_str!("../docs/rules/skipped-file.md"),
            Rule::InvalidSuppression => include_str!("../docs/rules/invalid-suppression.md"),
            Rule::UnusedSuppression => include_str!("../docs/rules/unused-suppression.md"),
        }
    }

    pub fn summary(self) -> &'static str {
        match self {
            Rule::MissingSessionId => "A DigitalRiver.js createSource payload has no `sessionId`.",
            Rule::RedundantField => {
                "A createSource payload carries a field that the payment session now supplies."
            }
            Rule::UnresolvedPayload => {
                "A call that is or may be DigitalRiver.js createSource whose payload or payment type \
                 cannot be fully resolved: review it by hand."
            }
            Rule::ParseError => "A file that mentions createSource does not parse.",
            Rule::IoError => "A file or directory could not be read.",
            Rule::SkippedFile => {
                "A file that mentions createSource was not analysed (binary, too large or too deeply nested)."
            }
            Rule::InvalidSuppression => {
                "A dr-session-lint-ignore comment without a reason, or naming an unknown rule."
            }
            Rule::UnusedSuppression => "A dr-session-lint-ignore comment that suppresses nothing.",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A secondary location: where a payload was declared, where a field was written, and so on.
#[derive(Clone, Debug)]
pub struct Label {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    /// Byte range in the file.
    pub range: Range<usize>,
    /// What the primary range shows.
    pub label: String,
    pub related: Vec<Label>,
    pub help: Option<String>,
    pub url: Option<String>,
    pub payment_type: Option<String>,
    /// The dotted path of the field, for `redundant-field`.
    pub field: Option<String>,
    /// Offset of the `createSource` call this diagnostic belongs to.
    pub call_site: Option<usize>,
    /// True when the finding holds only on some paths (a write inside an `if`, a branch's payload).
    pub conditional: bool,
    pub fix: Option<crate::fix::Fix>,
}

impl Diagnostic {
    pub fn new(rule: Rule, severity: Severity, range: Range<usize>, message: String) -> Self {
        Diagnostic {
            rule,
            severity,
            message,
            range,
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

    /// A diagnostic about the file as a whole (I/O, parse or size problems).
    pub fn file_level(rule: Rule, severity: Severity, offset: usize, message: String) -> Self {
        Diagnostic::new(rule, severity, offset..offset, message)
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

/// A diagnostic's byte ranges turned into line/column positions, for the reports.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}
