//! The rule tests' harness (oxc's `Tester` is the model): each rule file lists `pass` cases (no finding
//! of the rule), `fail` cases (a finding whose message contains the given text) and `fix` cases (the
//! text after `--fix --session-id-expr s.id`, which must parse). Cases run through the real linter.

use crate::apply::fix_bytes;
use crate::diagnostic::FileId;
use crate::lint::lint_text;
use crate::parse::parse_failures;
use crate::rule::Rule;
use crate::settings::Settings;
use crate::source::Language;

pub struct RuleTester {
    rule: Rule,
    pass: Vec<String>,
    fail: Vec<(String, String)>,
    fix: Vec<(String, String)>,
}

impl RuleTester {
    pub fn new(rule: Rule) -> RuleTester {
        RuleTester {
            rule,
            pass: Vec::new(),
            fail: Vec::new(),
            fix: Vec::new(),
        }
    }

    /// Code with no finding of the rule.
    pub fn pass(mut self, cases: &[&str]) -> Self {
        self.pass.extend(cases.iter().map(|c| c.to_string()));
        self
    }

    /// Code with a finding of the rule whose message contains the text given.
    pub fn fail(mut self, cases: &[(&str, &str)]) -> Self {
        self.fail
            .extend(cases.iter().map(|(c, m)| (c.to_string(), m.to_string())));
        self
    }

    /// Code and what `--fix` makes of it.
    pub fn fix(mut self, cases: &[(&str, &str)]) -> Self {
        self.fix
            .extend(cases.iter().map(|(a, b)| (a.to_string(), b.to_string())));
        self
    }

    pub fn test(self) {
        let mut settings = Settings::builtin();
        settings.session_id_expr = Some("s.id".into());
        // `s`: a global of the page the cases run in.
        settings.globals = vec!["s".into()];
        let messages = |code: &str| -> Vec<String> {
            lint_text(FileId(0), code, Language::JavaScript, &settings)
                .diagnostics
                .into_iter()
                .filter(|d| d.rule == self.rule)
                .map(|d| d.message)
                .collect()
        };
        for code in &self.pass {
            let found = messages(code);
            assert!(
                found.is_empty(),
                "{}: expected no finding in\n{code}\nfound: {found:#?}",
                self.rule.id()
            );
        }
        for (code, expected) in &self.fail {
            let found = messages(code);
            assert!(
                found.iter().any(|m| m.contains(expected.as_str())),
                "{}: expected a finding containing {expected:?} in\n{code}\nfound: {found:#?}",
                self.rule.id()
            );
        }
        for (before, after) in &self.fix {
            let first = lint_text(FileId(0), before, Language::JavaScript, &settings);
            let fixed = fix_bytes(
                FileId(0),
                None,
                before.as_bytes(),
                first,
                Language::JavaScript,
                &settings,
                false,
            );
            assert_eq!(fixed.problem, None, "{}: {before}", self.rule.id());
            assert_eq!(fixed.text, *after, "{}: fixing\n{before}", self.rule.id());
            assert!(
                parse_failures(&fixed.text, Language::JavaScript).is_empty(),
                "{}: the fix of\n{before}\ndoes not parse",
                self.rule.id()
            );
        }
    }
}
