//! The merged settings a lint runs with: the rule table, severities, receivers and the session id
//! expression, built once by the command line from its flags and the configuration file (flags win),
//! then only read.

use crate::diagnostic::Diagnostic;
use crate::rule::{Rule, Severity};
use crate::rules::RuleTable;
use crate::source::Prefilter;

/// Receivers named in the configuration: `drClient`, `this.dr`, `window.drjs`; a name matches the
/// receiver's text, or its last part.
#[derive(Clone, Debug, Default)]
pub struct ReceiverNames {
    pub digitalriver: Vec<String>,
    pub not_digitalriver: Vec<String>,
}

/// Per-rule severities from the configuration's `[severity]` table.
#[derive(Clone, Debug, Default)]
pub struct Severities {
    /// `None` turns the rule off.
    pub configured: Vec<(Rule, Option<Severity>)>,
}

impl Severities {
    /// Whether the configuration turns `rule` off.
    pub fn is_off(&self, rule: Rule) -> bool {
        self.configured
            .iter()
            .any(|(r, s)| *r == rule && s.is_none())
    }

    /// The severity of a finding of `rule`: the rule's default, then the configuration's, and a
    /// conditional finding (true on some paths only) is never more than a warning: it is never claimed
    /// as a certainty. `None`: the rule is off. The one place a severity is decided.
    pub fn of(&self, rule: Rule, conditional: bool) -> Option<Severity> {
        let severity = match self.configured.iter().find(|(r, _)| *r == rule) {
            Some((_, configured)) => (*configured)?,
            None => rule.default_severity(),
        };
        Some(if conditional {
            Severity::Warning
        } else {
            severity
        })
    }

    /// Give each diagnostic its severity ([`Severities::of`]) and drop those of rules turned off.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|d| match self.of(d.rule, d.conditional) {
            Some(s) => {
                d.severity = s;
                true
            }
            None => false,
        });
    }
}

/// Everything linting a text needs besides the text.
pub struct Settings {
    pub table: RuleTable,
    /// The byte prefilter built from the table's call names.
    pub prefilter: Prefilter,
    pub severities: Severities,
    /// Receiver names the configuration says are (or are not) DigitalRiver.js.
    pub receivers: ReceiverNames,
    /// `--session-id-expr`: what the session id fix inserts (validated).
    pub session_id_expr: Option<String>,
    /// Files larger than this (bytes) that may hold a call are reported, not parsed.
    pub max_file_size: u64,
}

/// The default `--max-file-size`: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

impl Settings {
    /// Settings for `table` with nothing configured.
    pub fn new(table: RuleTable) -> Settings {
        Settings {
            prefilter: Prefilter::new(table.calls().iter().map(|c| c.name.as_str())),
            table,
            severities: Severities::default(),
            receivers: ReceiverNames::default(),
            session_id_expr: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }

    /// Settings with the built-in rule table and nothing configured.
    pub fn builtin() -> Settings {
        Settings::new(
            RuleTable::builtin()
                .unwrap_or_else(|e| panic!("the built-in rule table is valid: {e:?}")),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_is_default_then_configured_then_conditional() {
        let s = Severities {
            configured: vec![
                (Rule::RedundantField, Some(Severity::Warning)),
                (Rule::UnresolvedPayload, Some(Severity::Error)),
                (Rule::UnusedSuppression, None),
            ],
        };
        assert_eq!(s.of(Rule::MissingSessionId, false), Some(Severity::Error));
        assert_eq!(s.of(Rule::MissingSessionId, true), Some(Severity::Warning));
        assert_eq!(s.of(Rule::RedundantField, false), Some(Severity::Warning));
        assert_eq!(s.of(Rule::UnresolvedPayload, false), Some(Severity::Error));
        assert_eq!(s.of(Rule::UnresolvedPayload, true), Some(Severity::Warning));
        assert_eq!(s.of(Rule::UnusedSuppression, false), None);
        assert!(s.is_off(Rule::UnusedSuppression));
    }
}
