//! Typed findings of every rule: a [`Found`] whose violation is one of the rules' own data (as a Ruff
//! `Violation` or a Biome `Rule::State`). A finding becomes a [`Diagnostic`] in one place,
//! [`Finding::into_diagnostic`]; its severity is derived later, for every diagnostic alike, by
//! `Severities::apply` (rule default, then configuration, then conditional).

pub use super::found::Found;
use super::missing_session_id::MissingSessionId;
use super::redundant_field::RedundantField;
use super::session_not_configured::SessionNotConfigured;
use super::unresolved_payload::UnresolvedPayload;
use crate::diagnostic::{Diagnostic, Rule};

/// The rule-specific part of a finding.
#[derive(Clone, Debug)]
pub enum Violation {
    MissingSessionId(MissingSessionId),
    RedundantField(RedundantField),
    UnresolvedPayload(UnresolvedPayload),
    SessionNotConfigured(SessionNotConfigured),
}

impl Violation {
    pub fn rule(&self) -> Rule {
        match self {
            Violation::MissingSessionId(_) => Rule::MissingSessionId,
            Violation::RedundantField(_) => Rule::RedundantField,
            Violation::UnresolvedPayload(_) => Rule::UnresolvedPayload,
            Violation::SessionNotConfigured(_) => Rule::SessionNotConfigured,
        }
    }

    /// The diagnostic's message.
    pub fn message(&self) -> String {
        match self {
            Violation::MissingSessionId(v) => v.message(),
            Violation::RedundantField(v) => v.message(),
            Violation::UnresolvedPayload(v) => v.message(),
            Violation::SessionNotConfigured(v) => v.message(),
        }
    }

    /// What the primary span shows.
    pub fn label(&self) -> String {
        match self {
            Violation::MissingSessionId(v) => v.label(),
            Violation::RedundantField(v) => v.label(),
            Violation::UnresolvedPayload(v) => v.label(),
            Violation::SessionNotConfigured(v) => v.label(),
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            Violation::MissingSessionId(v) => v.help(),
            Violation::RedundantField(v) => v.help(),
            Violation::UnresolvedPayload(v) => v.help(),
            Violation::SessionNotConfigured(v) => v.help(),
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

/// A finding of any rule.
pub type Finding = Found<Violation>;

impl From<MissingSessionId> for Violation {
    fn from(v: MissingSessionId) -> Violation {
        Violation::MissingSessionId(v)
    }
}

impl From<RedundantField> for Violation {
    fn from(v: RedundantField) -> Violation {
        Violation::RedundantField(v)
    }
}

impl From<SessionNotConfigured> for Violation {
    fn from(v: SessionNotConfigured) -> Violation {
        Violation::SessionNotConfigured(v)
    }
}

impl From<UnresolvedPayload> for Violation {
    fn from(v: UnresolvedPayload) -> Violation {
        Violation::UnresolvedPayload(v)
    }
}

impl<V: Into<Violation>> Found<V> {
    /// The finding as one of any rule.
    pub fn into_finding(self) -> Finding {
        self.map(Into::into)
    }
}

impl Found<Violation> {
    pub fn rule(&self) -> Rule {
        self.violation.rule()
    }

    /// The diagnostic users read (with the rule's default severity, until `Severities::apply`).
    pub fn into_diagnostic(self) -> Diagnostic {
        let mut message = self.violation.message();
        if self.reaches_on_some_paths {
            message += " (this payload reaches the call on some paths only)";
        }
        if let Some(at) = &self.call_at {
            message += &format!(" (for the call at {at}, one of several this payload reaches)");
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
