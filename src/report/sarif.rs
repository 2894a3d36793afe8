//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, the rules of `Rule::ALL`, one
//! result per diagnostic with its related locations and its fix (safe and unsafe ones; display-only fixes
//! hold a placeholder and are left out). Columns are UTF-16 code units, as in the JSON report.
//!
//! The log is built from the types `serde-sarif` generates from the official SARIF 2.1.0 schema.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};
use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix, Invocation, Location, Message,
    MultiformatMessageString, PhysicalLocation, PropertyBag, Region, Replacement,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultColumnKind,
    ResultLevel, Run, Sarif, Tool, ToolComponent, Version,
};

use super::{FileOutput, Located, Region as TextRegion, Summary};
use crate::diagnostic::{Rule, Severity};
use crate::fix::Applicability;

/// Where the SARIF 2.1.0 schema is published (the log's `$schema`).
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

const SRCROOT: &str = "%SRCROOT%";

/// The whole SARIF log of a run. `root` is the directory relative paths are resolved from
/// (`%SRCROOT%`); `migration_guide` is the migration guide of the rule table in use
/// ([`RuleTable::migration_url`](crate::rules::RuleTable::migration_url)): the tool's information URI
/// and the help URI of the rules about calls.
pub fn render(
    files: &[FileOutput],
    summary: &Summary,
    root: &Path,
    migration_guide: &str,
) -> String {
    let log = log(files, summary, root, migration_guide);
    // Through a `Value`, whose object keys are sorted (serde_json without `preserve_order`): `$schema`
    // and `version` come first, as before the typed structures.
    let mut s = serde_json::to_value(&log)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The SARIF log, as the typed structures of the SARIF 2.1.0 schema.
pub fn log(files: &[FileOutput], summary: &Summary, root: &Path, migration_guide: &str) -> Sarif {
    let mut results = Vec::new();
    for f in files {
        let artifact = artifact_location(&f.display);
        for l in &f.diagnostics {
            results.push(result(l, &artifact));
        }
    }
    let successful = summary.io_errors == 0 && !files.iter().any(|f| f.io_failure);
    let driver = ToolComponent::builder()
        .name(env!("CARGO_PKG_NAME"))
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(migration_guide)
        .rules(
            Rule::ALL
                .iter()
                .map(|&r| rule(r, migration_guide))
                .collect::<Vec<_>>(),
        )
        .build();
    let base_ids = BTreeMap::from([(
        SRCROOT.to_string(),
        ArtifactLocation::builder().uri(directory_uri(root)).build(),
    )]);
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![
            Invocation::builder()
                .execution_successful(successful)
                .build(),
        ])
        .original_uri_base_ids(base_ids)
        .column_kind(to_value(ResultColumnKind::Utf16CodeUnits))
        .results(results)
        .properties(properties([("summary", to_value(summary))]))
        .build();
    Sarif::builder()
        .schema(SCHEMA)
        .version(to_value(Version::V2_1_0))
        .runs(vec![run])
        .build()
}

/// A value the schema's generated types hold as JSON (`version`, `columnKind`, a level).
fn to_value(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A property bag of these properties.
fn properties<'a>(entries: impl IntoIterator<Item = (&'a str, Value)>) -> PropertyBag {
    PropertyBag::builder()
        .additional_properties(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<BTreeMap<_, _>>(),
        )
        .build()
}

fn text(t: impl Into<String>) -> Message {
    Message::builder().text(t.into()).build()
}

/// A `reportingDescriptor` for `tool.driver.rules`.
fn rule(r: Rule, migration_guide: &str) -> ReportingDescriptor {
    let full = what_it_does(r.explain()).unwrap_or_else(|| r.summary().to_string());
    let descriptor = ReportingDescriptor::builder()
        .id(r.id())
        .name(camel_case(r.id()))
        .short_description(
            MultiformatMessageString::builder()
                .text(r.summary())
                .build(),
        )
        .full_description(MultiformatMessageString::builder().text(full).build())
        .help(
            MultiformatMessageString::builder()
                .text(r.explain())
                .markdown(r.explain())
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(to_value(level(r.default_severity())))
                .build(),
        );
    if matches!(
        r,
        Rule::MissingSessionId | Rule::RedundantField | Rule::UnresolvedPayload
    ) {
        descriptor.help_uri(migration_guide).build()
    } else {
        descriptor.build()
    }
}

fn result(l: &Located, artifact: &ArtifactLocation) -> SarifResult {
    let d = &l.diagnostic;
    let physical = |region: Region| {
        PhysicalLocation::builder()
            .artifact_location(artifact.clone())
            .region(region)
            .build()
    };
    let location = Location {
        physical_location: Some(physical(region(&d.span.range, &l.span))),
        message: (!d.label.is_empty()).then(|| text(d.label.as_str())),
        ..Location::default()
    };
    // A label may be in another file: its own artifact.
    let related: Vec<Location> = l
        .related
        .iter()
        .enumerate()
        .map(|(i, label)| {
            Location::builder()
                .id(int(i + 1))
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(artifact_location(&label.path))
                        .region(region(&label.range, &label.region))
                        .build(),
                )
                .message(text(label.message.as_str()))
                .build()
        })
        .collect();
    let fixes: Vec<Fix> = match &d.fix {
        Some(fix) if fix.applicability != Applicability::DisplayOnly && !fix.edits.is_empty() => {
            let replacements: Vec<Replacement> = fix
                .edits
                .iter()
                .zip(&l.fix_spans)
                .map(|(e, span)| {
                    Replacement::builder()
                        .deleted_region(
                            Region::builder()
                                .start_line(span.start.line)
                                .start_column(span.start.column)
                                .end_line(span.end.line)
                                .end_column(span.end.column)
                                .byte_offset(int(e.range.start))
                                .byte_length(int(e.range.len()))
                                .build(),
                        )
                        .inserted_content(ArtifactContent::builder().text(e.text.as_str()).build())
                        .build()
                })
                .collect();
            let description = match fix.applicability {
                Applicability::Unsafe => format!("{} (unsafe)", fix.message),
                _ => fix.message.clone(),
            };
            vec![
                Fix::builder()
                    .description(text(description))
                    .artifact_changes(vec![
                        ArtifactChange::builder()
                            .artifact_location(artifact.clone())
                            .replacements(replacements)
                            .build(),
                    ])
                    .build(),
            ]
        }
        _ => Vec::new(),
    };
    let mut props: Vec<(&str, Value)> = [
        ("help", d.help.as_deref()),
        ("url", d.url.as_deref()),
        ("paymentType", d.payment_type.as_deref()),
        ("field", d.field.as_deref()),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k, json!(v?))))
    .collect();
    if d.conditional {
        props.push(("conditional", json!(true)));
    }
    if let Some(fix) = &d.fix {
        props.push(("fixApplicability", to_value(fix.applicability)));
    }
    SarifResult {
        rule_id: Some(d.rule.id().to_string()),
        rule_index: Rule::ALL.iter().position(|&x| x == d.rule).map(int),
        level: Some(level(d.severity)),
        message: text(d.message.as_str()),
        locations: Some(vec![location]),
        related_locations: (!related.is_empty()).then_some(related),
        fixes: (!fixes.is_empty()).then_some(fixes),
        properties: (!props.is_empty()).then(|| properties(props)),
        ..SarifResult::builder().message(Message::default()).build()
    }
}

/// A count or offset as the schema's integer type.
fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The region of a byte range. A file-level diagnostic (an empty range at the start of the file) points
/// at line 1 as a whole; another empty range is an insertion point (`endColumn == startColumn`).
fn region(range: &std::ops::Range<usize>, span: &TextRegion) -> Region {
    if range.is_empty() && range.start == 0 {
        return Region::builder().start_line(1).start_column(1).build();
    }
    Region::builder()
        .start_line(span.start.line)
        .start_column(span.start.column)
        .end_line(span.end.line)
        .end_column(span.end.column)
        .byte_offset(int(range.start))
        .byte_length(int(range.len()))
        .build()
}

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    }
}

/// `missing-session-id` -> `MissingSessionId`.
fn camel_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// The first paragraph of the `## What it does` section of a rule's documentation, on one line.
fn what_it_does(doc: &str) -> Option<String> {
    let mut lines = doc.lines().skip_while(|l| l.trim() != "## What it does");
    lines.next()?;
    let paragraph: Vec<&str> = lines
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::trim)
        .collect();
    (!paragraph.is_empty()).then(|| paragraph.join(" "))
}

/// Where a reported path is: relative to `%SRCROOT%`, or an absolute `file:` URI.
fn artifact_location(display: &str) -> ArtifactLocation {
    let path = display.replace('\\', "/");
    if Path::new(display).is_absolute() || is_drive_path(&path) {
        ArtifactLocation::builder().uri(file_uri(&path)).build()
    } else {
        ArtifactLocation::builder()
            .uri(percent_encode(&path))
            .uri_base_id(SRCROOT)
            .build()
    }
}

/// The `file:` URI of a directory, with the trailing slash URI resolution needs.
fn directory_uri(root: &Path) -> String {
    let mut path = root.to_string_lossy().replace('\\', "/");
    if !path.ends_with('/') {
        path.push('/');
    }
    file_uri(&path)
}

/// `/a b/c` -> `file:///a%20b/c`; `C:/x` -> `file:///C:/x`; `//server/share/x` -> `file://server/share/x`.
fn file_uri(path: &str) -> String {
    if let Some(unc) = path.strip_prefix("//") {
        // A UNC path (`\\server\share`): the server is the authority.
        return format!("file://{}", percent_encode(unc));
    }
    if is_drive_path(path) {
        let (drive, rest) = path.split_at(2);
        return format!("file:///{drive}{}", percent_encode(rest));
    }
    let path = path.strip_prefix('/').unwrap_or(path);
    format!("file:///{}", percent_encode(path))
}

/// `C:/...` (a Windows path with a drive letter, backslashes already turned into slashes).
fn is_drive_path(path: &str) -> bool {
    let b = path.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b.len() == 2 || b[2] == b'/')
}

/// Percent-encode a `/`-separated path for a URI: every byte but the unreserved characters of RFC 3986
/// and `/` (a `:` is encoded too, so that a relative path never reads as a scheme).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_paths_as_uris() {
        assert_eq!(percent_encode("src/my file.js"), "src/my%20file.js");
        assert_eq!(
            percent_encode("a,b:c%d#e?f[g].js"),
            "a%2Cb%3Ac%25d%23e%3Ff%5Bg%5D.js"
        );
        assert_eq!(percent_encode("é.js"), "%C3%A9.js");
        assert_eq!(
            directory_uri(Path::new("/home/me/my repo")),
            "file:///home/me/my%20repo/"
        );
        assert_eq!(directory_uri(Path::new("/")), "file:///");
        assert_eq!(
            file_uri("C:/Users/me/a b.js"),
            "file:///C:/Users/me/a%20b.js"
        );
        assert_eq!(file_uri("//server/share/x.js"), "file://server/share/x.js");
        assert_eq!(
            to_value(artifact_location("sub/x y.js")),
            json!({ "uri": "sub/x%20y.js", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            to_value(artifact_location("/abs/x y.js")),
            json!({ "uri": "file:///abs/x%20y.js" })
        );
    }

    #[test]
    fn describes_rules() {
        assert_eq!(camel_case("missing-session-id"), "MissingSessionId");
        assert_eq!(
            what_it_does(Rule::MissingSessionId.explain()).as_deref(),
            Some("Reports a DigitalRiver.js `createSource` payload that has no `sessionId`.")
        );
        for &r in Rule::ALL {
            assert!(what_it_does(r.explain()).is_some(), "{}", r.id());
        }
    }
}
