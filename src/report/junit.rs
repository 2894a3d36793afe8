//! `--format junit`: a JUnit XML test report, for CI systems that show test results but no lint
//! reports: GitLab's `artifacts:reports:junit` (<https://docs.gitlab.com/ci/testing/unit_test_reports/>),
//! Jenkins' JUnit plugin, Azure Pipelines' `PublishTestResults`, CircleCI's `store_test_results`. The
//! structure is the de facto JUnit format as those read it (<https://github.com/testmoapp/junitxml>):
//!
//! ```xml
//! <testsuites name="dr-session-lint" tests="N" failures="N" errors="0">
//!   <testsuite name="PATH" tests="n" failures="n" errors="0" skipped="0" time="0">
//!     <testcase name="RULE at LINE:COLUMN" classname="PATH" file="PATH" line="LINE" time="0">
//!       <failure type="error|warning" message="MESSAGE">PATH:LINE:COLUMN: ...</failure>
//!     </testcase>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! As ESLint and Biome write it: one test suite per file with diagnostics, one failed test case per
//! diagnostic (warnings too: `type` tells them apart; `--quiet` drops them). A run with nothing to
//! report gives one passing test case, so that the CI shows the check ran. Written with quick-xml's
//! `Writer`, which escapes every attribute and text.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{FileOutput, ReportItem, Summary, file_findings, xml_attr, xml_text};

/// The JUnit XML document of the report (`summary` names the passing test case of a clean run).
pub fn render(files: &[FileOutput], summary: &Summary) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let written = write(&mut w, files, summary);
    let mut s = String::from_utf8_lossy(&w.into_inner()).into_owned();
    if let Err(e) = written {
        // Writing into memory does not fail; if it ever did, say so rather than return half a file.
        return format!("<!-- cannot write the JUnit report: {e} -->\n");
    }
    s.push('\n');
    s
}

fn write(w: &mut Writer<Vec<u8>>, files: &[FileOutput], summary: &Summary) -> std::io::Result<()> {
    let failing: Vec<&FileOutput> = files.iter().filter(|f| !f.diagnostics.is_empty()).collect();
    let failures: usize = failing.iter().map(|f| f.diagnostics.len()).sum();
    let tests = failures.max(1).to_string();
    let failures = failures.to_string();
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("testsuites")
        .with_attributes([
            ("name", "dr-session-lint"),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("errors", "0"),
            ("time", "0"),
        ])
        .write_inner_content(|w| {
            if failing.is_empty() {
                return passing_suite(w, summary);
            }
            for file in failing {
                let n = file.diagnostics.len().to_string();
                w.create_element("testsuite")
                    .with_attribute(xml_attr("name", &file.display))
                    .with_attributes([
                        ("tests", n.as_str()),
                        ("failures", n.as_str()),
                        ("errors", "0"),
                        ("skipped", "0"),
                        ("time", "0"),
                    ])
                    .write_inner_content(|w| {
                        for f in file_findings(file) {
                            test_case(w, &f)?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

fn test_case(w: &mut Writer<Vec<u8>>, f: &ReportItem) -> std::io::Result<()> {
    let (line, column) = (f.start.line, f.start.column);
    let body = format!(
        "{}:{line}:{column}: {}[{}] {}",
        f.path,
        f.severity_name(),
        f.rule.id(),
        f.full_text()
    );
    w.create_element("testcase")
        .with_attribute(xml_attr(
            "name",
            &format!("{} at {line}:{column}", f.rule.id()),
        ))
        .with_attribute(xml_attr("classname", f.path))
        .with_attribute(xml_attr("file", f.path))
        .with_attribute(("line", line.to_string().as_str()))
        .with_attribute(("time", "0"))
        .write_inner_content(|w| {
            w.create_element("failure")
                .with_attribute(("type", f.severity_name()))
                .with_attribute(xml_attr("message", f.message))
                .write_text_content(BytesText::new(&xml_text(&body)))?;
            Ok(())
        })?;
    Ok(())
}

/// Nothing to report: one suite with one passing test case.
fn passing_suite(w: &mut Writer<Vec<u8>>, summary: &Summary) -> std::io::Result<()> {
    let name = format!(
        "no problems reported in {} file{} scanned",
        summary.files_scanned,
        if summary.files_scanned == 1 { "" } else { "s" }
    );
    w.create_element("testsuite")
        .with_attributes([
            ("name", "dr-session-lint"),
            ("tests", "1"),
            ("failures", "0"),
            ("errors", "0"),
            ("skipped", "0"),
            ("time", "0"),
        ])
        .write_inner_content(|w| {
            w.create_element("testcase")
                .with_attributes([
                    ("name", name.as_str()),
                    ("classname", "dr-session-lint"),
                    ("time", "0"),
                ])
                .write_empty()?;
            Ok(())
        })?;
    Ok(())
}
