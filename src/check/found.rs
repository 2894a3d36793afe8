//! A rule's finding, generic over the rule's own data (its violation): where it is, its labels, the
//! call it belongs to, its fix. Each rule file returns `Found<ItsViolation>`; `finding` gathers them as
//! `Found<Violation>`.

use crate::diagnostic::{Label, Span};
use crate::fix::Fix;

/// One finding of one rule about one call's payload.
#[derive(Clone, Debug)]
pub struct Found<V> {
    pub violation: V,
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
    /// The payload reaches several calls: where the one this finding is about is (`line 12`,
    /// `checkout.js:12`), which the message names (each call gets its own finding, and a suppression
    /// covers one call site).
    pub call_at: Option<String>,
    pub fix: Option<Fix>,
}

impl<V> Found<V> {
    pub fn new(violation: V, span: Span, call: Span, url: String) -> Found<V> {
        Found {
            violation,
            span,
            related: Vec::new(),
            call,
            payment_type: None,
            url,
            conditional: false,
            reaches_on_some_paths: false,
            call_at: None,
            fix: None,
        }
    }

    /// Add a secondary label, unless it would repeat the primary span or another label.
    pub fn push_related(&mut self, span: Span, message: String) {
        if span != self.span && !self.related.iter().any(|l| l.span == span) {
            self.related.push(Label { span, message });
        }
    }

    /// The same finding with its violation turned into `W`.
    pub fn map<W>(self, f: impl FnOnce(V) -> W) -> Found<W> {
        Found {
            violation: f(self.violation),
            span: self.span,
            related: self.related,
            call: self.call,
            payment_type: self.payment_type,
            url: self.url,
            conditional: self.conditional,
            reaches_on_some_paths: self.reaches_on_some_paths,
            call_at: self.call_at,
            fix: self.fix,
        }
    }
}
