//! The linter's diagnostics as LSP diagnostics: severity, the rule id as `code`, its documentation as
//! `codeDescription`, the labels as related information.

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Url,
};

use super::config::ConfigProblem;
use super::position::{Encoding, LineIndex};
use crate::diagnostic::{Diagnostic, FileId, Rule, Severity};
use crate::settings::Settings;

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "dr-session-lint";

/// The documentation page of a diagnostic: the payment method's section of the docs when it has one,
/// else the migration guide for the rules about calls.
fn docs_url(d: &Diagnostic, settings: &Settings) -> Option<Url> {
    let url = match &d.url {
        Some(u) => u.clone(),
        None if d.rule.info().about_calls => settings.table.migration_url(),
        None => return None,
    };
    Url::parse(&url).ok()
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
    }
}

/// `d` (found in the document `uri`, numbered `file` in the program it was linted in, whose text is
/// `text`) as an LSP diagnostic.
pub fn to_lsp(
    d: &Diagnostic,
    file: FileId,
    uri: &Url,
    text: &str,
    index: &LineIndex,
    encoding: Encoding,
    settings: &Settings,
) -> lsp_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter(|l| l.span.file == file)
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(
                uri.clone(),
                index.range(text, l.span.range.clone(), encoding),
            ),
            message: l.message.clone(),
        })
        .collect();
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range: index.range(text, d.span.range.clone(), encoding),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.id().to_string())),
        code_description: docs_url(d, settings).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Whether `d` says the text does not parse.
pub fn is_parse_error(d: &lsp_types::Diagnostic) -> bool {
    d.code == Some(NumberOrString::String(Rule::ParseError.id().to_string()))
}

/// A configuration problem as a diagnostic on the file it is in, and that file's URI.
pub fn config_problem(
    problem: &ConfigProblem,
    encoding: Encoding,
) -> Option<(Url, lsp_types::Diagnostic)> {
    let uri = Url::from_file_path(&problem.file).ok()?;
    let index = LineIndex::new(&problem.text);
    let range = problem.range.clone().unwrap_or(0..0);
    let diagnostic = lsp_types::Diagnostic {
        range: index.range(&problem.text, range, encoding),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("config".to_string())),
        source: Some(SOURCE.to_string()),
        message: problem.message.clone(),
        ..Default::default()
    };
    Some((uri, diagnostic))
}
