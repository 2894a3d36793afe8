//! `--format gitlab`: a GitLab Code Quality report
//! (<https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>), the JSON array of
//! issues that a job's `artifacts:reports:codequality` uploads and merge requests show. Each issue has
//! GitLab's required `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
//! `location.lines.begin`, plus the Code Climate fields GitLab's format comes from (`type`,
//! `categories`, `content.body`, `location.lines.end`).
//!
//! The fingerprint identifies an issue across pipelines, so that a merge request shows what it adds and
//! what it fixes: it is the SHA-256 of the path, the rule, the field, the message and the issue's rank
//! among the file's issues with the same four (the second `missing-session-id` of a file with the same
//! message), and never of a line or column, so that an edit elsewhere in the file does not make an issue
//! look new. SHA-256 (the `sha2` crate) because it is defined once and for all (FIPS 180-4): the same
//! issue keeps its fingerprint across builds of the tool and Rust versions, which std's `DefaultHasher`
//! does not promise.

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{FileOutput, ReportItem, file_findings};
use crate::diagnostic::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'a str,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    categories: [&'static str; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Content>,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Content {
    body: String,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// The report: every diagnostic, files by path and each file's by position.
pub fn render(files: &[FileOutput]) -> String {
    let mut issues = Vec::new();
    for file in files {
        // How many issues of this file had the same fingerprint input so far.
        let mut seen: HashMap<[u8; 32], u32> = HashMap::new();
        for f in file_findings(file) {
            let key = identity(&f, 0);
            let rank = seen.entry(key).or_default();
            let fingerprint = hex(&identity(&f, *rank));
            *rank += 1;
            issues.push(issue(&f, fingerprint));
        }
    }
    let mut s =
        serde_json::to_string_pretty(&issues).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn issue<'a>(f: &ReportItem<'a>, fingerprint: String) -> Issue<'a> {
    let mut body = String::new();
    if let Some(help) = f.help {
        body.push_str(help);
    }
    if let Some(url) = f.url {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&format!("See {url}"));
    }
    Issue {
        kind: "issue",
        description: f.message,
        check_name: f.rule.id(),
        fingerprint,
        severity: severity(f.severity),
        // Code Climate's categories: the rules are about moving to a new API.
        categories: ["Compatibility"],
        content: (!body.is_empty()).then_some(Content { body }),
        location: Location {
            path: f.path,
            lines: Lines {
                begin: f.start.line,
                end: f.end.line.max(f.start.line),
            },
        },
    }
}

/// GitLab's severities are info, minor, major, critical and blocker: an error (the migration is not
/// done) is critical, a warning (a call to review) major, as Biome and oxlint map them.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
    }
}

/// SHA-256 of what identifies an issue, each part followed by a NUL (which none of them holds) so that
/// no two different lists give the same bytes.
fn identity(f: &ReportItem, rank: u32) -> [u8; 32] {
    let mut hash = Sha256::new();
    for part in [
        f.path,
        f.rule.id(),
        f.field.unwrap_or(""),
        f.message,
        &rank.to_string(),
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_the_standard_one() {
        // FIPS 180-4's example: the fingerprints depend on nothing but the bytes hashed.
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
