//! The rule catalogue: every rule id, its default severity, its one-line summary and its documentation,
//! defined once, here. `--explain`, the SARIF rule descriptors, the configuration's `[severity]` keys,
//! suppression comments and the table in docs/rules.md all read this list (a test checks that
//! docs/rules.md shows it as it is).

use serde::Serialize;

/// How bad a diagnostic is. Ordered: `Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// `error` / `warning`, as the configuration and the reports spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One entry of the catalogue.
#[derive(Debug)]
pub struct RuleInfo {
    pub rule: Rule,
    /// The stable id users write in suppressions and the configuration (`missing-session-id`).
    pub id: &'static str,
    pub default_severity: Severity,
    /// One sentence: what the rule reports.
    pub summary: &'static str,
    /// The rule's documentation, `docs/rules/<id>.md` (What it does / Why is this bad? / Example /
    /// Fix safety), embedded in the binary.
    pub docs: &'static str,
    /// Whether the rule is about a session-aware call's payload (its help links to the migration
    /// guide), rather than about files or suppression comments.
    pub about_calls: bool,
}

/// Defines `Rule` and `CATALOGUE` from one list, so the two cannot drift.
macro_rules! catalogue {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $severity:ident, calls: $calls:literal, $summary:literal; )*) => {
        /// The stable rule ids. See [`CATALOGUE`] for their severities, summaries and documentation.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];
        }

        /// Every rule, in the order reports list them.
        pub const CATALOGUE: &[RuleInfo] = &[
            $( RuleInfo {
                rule: Rule::$variant,
                id: $id,
                default_severity: Severity::$severity,
                summary: $summary,
                docs: include_str!(concat!("../docs/rules/", $id, ".md")),
                about_calls: $calls,
            }, )*
        ];
    };
}

catalogue! {
    /// A session-aware call's options object lacks the session id (`sessionId`).
    MissingSessionId = "missing-session-id", Error, calls: true,
        "A DigitalRiver.js createSource payload has no `sessionId`.";
    /// A payload carries a field the payment session now supplies.
    RedundantField = "redundant-field", Error, calls: true,
        "A createSource payload carries a field that the payment session now supplies.";
    /// A call that is or may be DigitalRiver.js whose payload cannot be seen whole.
    UnresolvedPayload = "unresolved-payload", Warning, calls: true,
        "A call that is or may be DigitalRiver.js createSource whose payload or payment type cannot be fully resolved: review it by hand.";
    /// A call the docs say can be configured with the payment session is not.
    SessionNotConfigured = "session-not-configured", Warning, calls: true,
        "A DigitalRiver.js call that can be configured with the payment session (available payment methods, some elements) is not.";
    /// A file that may hold a session-aware call does not parse.
    ParseError = "parse-error", Error, calls: false,
        "A file that mentions createSource does not parse.";
    /// The analysis of a file failed: an internal error (a parser fault, a bug) contained to that file.
    InternalError = "internal-error", Error, calls: false,
        "The analysis of a file failed with an internal error: the file was not checked.";
    /// A file or directory could not be read, or a fix could not be written.
    IoError = "io-error", Error, calls: false,
        "A file or directory could not be read.";
    /// A file that may hold a session-aware call was not analysed.
    SkippedFile = "skipped-file", Warning, calls: false,
        "A file that mentions createSource was not analysed (binary, too large or too deeply nested).";
    /// A suppression comment that cannot be honoured.
    InvalidSuppression = "invalid-suppression", Error, calls: false,
        "A dr-session-lint-ignore comment without a reason, or naming an unknown rule.";
    /// A suppression comment that suppresses nothing.
    UnusedSuppression = "unused-suppression", Warning, calls: false,
        "A dr-session-lint-ignore comment that suppresses nothing.";
}

impl Rule {
    /// The rule's catalogue entry.
    pub fn info(self) -> &'static RuleInfo {
        // `CATALOGUE` is in declaration order, the order of the enum's discriminants.
        &CATALOGUE[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The rule with this id, if any.
    pub fn from_id(id: &str) -> Option<Rule> {
        CATALOGUE.iter().find(|r| r.id == id).map(|r| r.rule)
    }

    pub fn default_severity(self) -> Severity {
        self.info().default_severity
    }

    /// The rule's documentation (docs/rules/<id>.md), shown by `--explain`.
    pub fn explain(self) -> &'static str {
        self.info().docs
    }

    pub fn summary(self) -> &'static str {
        self.info().summary
    }

    /// All rule ids, comma-separated, for error messages.
    pub fn known_ids() -> String {
        CATALOGUE
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The table of docs/rules.md, rendered from the catalogue.
pub fn markdown_table() -> String {
    let mut s = String::from("| id | default severity | what it reports |\n|---|---|---|\n");
    for r in CATALOGUE {
        s += &format!(
            "| [`{}`](rules/{}.md) | {} | {} |\n",
            r.id,
            r.id,
            r.default_severity.as_str(),
            r.summary
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_in_enum_order_and_all_lists_it() {
        assert_eq!(Rule::ALL.len(), CATALOGUE.len());
        for (i, info) in CATALOGUE.iter().enumerate() {
            assert_eq!(info.rule as usize, i);
            assert_eq!(Rule::ALL[i], info.rule);
            assert_eq!(Rule::from_id(info.id), Some(info.rule));
            assert!(
                info.docs.starts_with(&format!("# {} (", info.id)),
                "docs/rules/{}.md starts with its id",
                info.id
            );
        }
        assert_eq!(Rule::from_id("no-such-rule"), None);
    }
}
