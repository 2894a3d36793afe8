//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, the rules of `Rule::ALL`, one
//! result per diagnostic with its related locations and its fix (safe and unsafe ones; display-only fixes
//! hold a placeholder and are left out). Columns are UTF-16 code units, as in the JSON report.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::{FileOutput, Located, Region, Summary};
use crate::diagnostic::{Rule, Severity};
use crate::fix::Applicability;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Digital River's guide to the move to payment sessions: the help of the rules about calls.
const MIGRATION_GUIDE: &str = "https://docs.digitalriver.com/digital-river-api/integration-options/checkouts/creating-checkouts/payment-sessions#migrating-to-payment-sessions";

const SRCROOT: &str = "%SRCROOT%";

/// The whole SARIF log of a run. `root` is the directory relative paths are resolved from
/// (`%SRCROOT%`).
pub fn render(files: &[FileOutput], summary: &Summary, root: &Path) -> String {
    let mut results = Vec::new();
    for f in files {
        let artifact = artifact_location(&f.display);
        for l in &f.diagnostics {
            results.push(result(l, &artifact));
        }
    }
    let successful = summary.io_errors == 0 && !files.iter().any(|f| f.io_failure);
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": env!("CARGO_PKG_NAME"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": MIGRATION_GUIDE,
                    "rules": Rule::ALL.iter().map(|&r| rule(r)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{ "executionSuccessful": successful }],
            "originalUriBaseIds": {
                SRCROOT: { "uri": directory_uri(root) }
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
            "properties": { "summary": summary },
        }]
    });
    let mut s =
        serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// A `reportingDescriptor` for `tool.driver.rules`.
fn rule(r: Rule) -> Value {
    let mut d = json!({
        "id": r.id(),
        "name": camel_case(r.id()),
        "shortDescription": { "text": r.summary() },
        "fullDescription": { "text": what_it_does(r.explain()).unwrap_or_else(|| r.summary().to_string()) },
        "help": { "text": r.explain(), "markdown": r.explain() },
        "defaultConfiguration": { "level": level(r.default_severity()) },
    });
    if matches!(
        r,
        Rule::MissingSessionId | Rule::RedundantField | Rule::UnresolvedPayload
    ) {
        d["helpUri"] = json!(MIGRATION_GUIDE);
    }
    d
}

fn result(l: &Located, artifact: &Value) -> Value {
    let d = &l.diagnostic;
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": region(&d.span.range, &l.span),
        }
    });
    if !d.label.is_empty() {
        location["message"] = json!({ "text": d.label });
    }
    let mut r = json!({
        "ruleId": d.rule.id(),
        "ruleIndex": Rule::ALL.iter().position(|&x| x == d.rule),
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [location],
    });
    if !l.related.is_empty() {
        r["relatedLocations"] = l
            .related
            .iter()
            .enumerate()
            .map(|(i, label)| {
                json!({
                    "id": i + 1,
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&label.path),
                        "region": region(&label.range, &label.region),
                    },
                    "message": { "text": label.message },
                })
            })
            .collect();
    }
    if let Some(fix) = &d.fix
        && fix.applicability != Applicability::DisplayOnly
        && !fix.edits.is_empty()
    {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .zip(&l.fix_spans)
            .map(|(e, span)| {
                json!({
                    "deletedRegion": {
                        "startLine": span.start.line,
                        "startColumn": span.start.column,
                        "endLine": span.end.line,
                        "endColumn": span.end.column,
                        "byteOffset": e.range.start,
                        "byteLength": e.range.len(),
                    },
                    "insertedContent": { "text": e.text },
                })
            })
            .collect();
        let description = match fix.applicability {
            Applicability::Unsafe => format!("{} (unsafe)", fix.message),
            _ => fix.message.clone(),
        };
        r["fixes"] = json!([{
            "description": { "text": description },
            "artifactChanges": [{
                "artifactLocation": artifact,
                "replacements": replacements,
            }],
        }]);
    }
    let mut properties = Map::new();
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(v) = value {
            properties.insert(key.to_string(), json!(v));
        }
    };
    put("help", d.help.as_deref());
    put("url", d.url.as_deref());
    put("paymentType", d.payment_type.as_deref());
    put("field", d.field.as_deref());
    if d.conditional {
        properties.insert("conditional".to_string(), json!(true));
    }
    if let Some(fix) = &d.fix {
        properties.insert("fixApplicability".to_string(), json!(fix.applicability));
    }
    if !properties.is_empty() {
        r["properties"] = Value::Object(properties);
    }
    r
}

/// The region of a byte range. A file-level diagnostic (an empty range at the start of the file) points
/// at line 1 as a whole; another empty range is an insertion point (`endColumn == startColumn`).
fn region(range: &std::ops::Range<usize>, span: &Region) -> Value {
    if range.is_empty() && range.start == 0 {
        return json!({ "startLine": 1, "startColumn": 1 });
    }
    json!({
        "startLine": span.start.line,
        "startColumn": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
        "byteOffset": range.start,
        "byteLength": range.len(),
    })
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
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
fn artifact_location(display: &str) -> Value {
    let path = display.replace('\\', "/");
    if Path::new(display).is_absolute() || is_drive_path(&path) {
        json!({ "uri": file_uri(&path) })
    } else {
        json!({ "uri": percent_encode(&path), "uriBaseId": SRCROOT })
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
            artifact_location("sub/x y.js"),
            json!({ "uri": "sub/x%20y.js", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            artifact_location("/abs/x y.js"),
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
