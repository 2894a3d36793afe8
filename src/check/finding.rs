//! A typed finding: what a rule found about one payload (the rule's own data, as a Ruff `Violation` or a
//! Biome `Rule::State`), where, and its fix. It becomes a [`Diagnostic`] in one place,
//! [`Finding::into_diagnostic`]; its severity is derived later, for every diagnostic alike, by
//! `Severities::apply` (rule default, then configuration, then conditional).

use super::missing_session_id::MissingSessionId;
use super::redundant_field::RedundantField;
use super::unresolved_payload::UnresolvedPayload;
use crate::diagnostic::{Diagnostic, Label, Rule, Span};
use crate::fix::Fix;

/// The rule-specific part of a finding.
#[derive(Clone, Debug)]
pub enum Violation {
    MissingSessionId(MissingSessionId),
    RedundantField(RedundantField),
    UnresolvedPayload(UnresolvedPayload),
}

impl Violation {
    pub fn rule(&self) -> Rule {
        match self {
            Violation::MissingSessionId(_) => Rule::MissingSessionId,
            Violation::RedundantField(_) => Rule::RedundantField,
            Violation::UnresolvedPayload(_) => Rule::UnresolvedPayload,
        }
    }

    /// The diagnostic's message.
    pub fn message(&self) -> String {
        match self {
            Violation::MissingSessionId(v) => v.message(),
            Violation::RedundantField(v) => v.message(),
            Violation::UnresolvedPayload(v) => v.message(),
        }
    }

    /// What the primary span shows.
    pub fn label(&self) -> String {
        match self {
            Violation::MissingSessionId(v) => v.label(),
            Violation::RedundantField(v) => v.label(),
            Violation::UnresolvedPayload(v) => v.label(),
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            Violation::MissingSessionId(v) => v.help(),
            Violation::RedundantField(v) => v.help(),
            Violation::UnresolvedPayload(_) => UnresolvedPayload::help(),
        }
    }

    /// The dotted path of the field, for `redundant-field`.
    pub fn field(&self) -> Option<&str> {
        match self {
            Violation::RedundantField(v) => Some(&v.path),
            _ => None,
        }
    }
}

/// One finding of a rule about one call's payload.
#[derive(Clone, Debug)]
pub struct Finding {
    pub violation: Violation,
    /// Where it is: the property or write for a field, the payload object otherwise.
    pub span: Span,
    pub related: Vec<Label>,
    /// The name of the call the payload reaches.
    pub call: Span,
    /// The payload's payment type, when there is exactly one.
    pub payment_type: Option<String>,
    /// The docs section to read.
    pub url: String,
    /// True on some paths only.
    pub conditional: bool,
    /// The payload reaches the call on some paths only (a function that may have run reassigned the
    /// binding): nothing about it is certain, and the message says so.
    pub reaches_on_some_paths: bool,
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(violation: Violation, span: Span, call: Span, url: String) -> Finding {
        Finding {
            violation,
            span,
            related: Vec::new(),
            call,
            payment_type: None,
            url,
            conditional: false,
            reaches_on_some_paths: false,
            fix: None,
        }
    }

    pub fn rule(&self) -> Rule {
        self.violation.rule()
    }

    /// Add a secondary label, unless it would repeat the primary span or another label.
    pub fn push_related(&mut self, span: Span, message: String) {
        if span != self.span && !self.related.iter().any(|l| l.span == span) {
            self.related.push(Label { span, message });
        }
    }

    /// The diagnostic users read (with the rule's default severity, until `Severities::apply`).
    pub fn into_diagnostic(self) -> Diagnostic {
        let mut message = self.violation.message();
        if self.reaches_on_some_paths {
            message += " (this payload reaches the call on some paths only)";
        }
        let mut d = Diagnostic::new(self.rule(), self.span, message)
            .with_label(self.violation.label())
            .with_help(self.violation.help());
        d.related = self.related;
        d.url = Some(self.url);
        d.payment_type = self.payment_type;
        d.field = self.violation.field().map(str::to_string);
        d.call_site = Some(self.call);
        d.conditional = self.conditional;
        d.fix = self.fix;
        d
    }
}
