//! `--format checkstyle`: Checkstyle's XML report, which Jenkins (Warnings Next Generation), reviewdog
//! (`-f=checkstyle`), SonarQube importers and many CI plugins read. Its structure, as Checkstyle's XML
//! logger writes it (<https://checkstyle.org/cmdline.html>, the `-f xml` format):
//! `<checkstyle version="4.3"><file name="PATH"><error line="L" column="C" severity="error|warning"
//! message="..." source="..."/></file></checkstyle>`. `source` is `dr-session-lint.RULE` (ESLint
//! writes `eslint.rules.RULE`). Columns are 1-based UTF-16 code units, as in the JSON report.
//!
//! Written with quick-xml's `Writer`, which escapes every attribute; a file with nothing left to report
//! (its call sites are migrated, or `--quiet` dropped its warnings) is listed without errors, as
//! Checkstyle lists the files it checked.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event};

use super::{FileOutput, file_findings, xml_attr};

/// The Checkstyle format version this report follows (the one ESLint, Biome and oxlint write).
const VERSION: &str = "4.3";

/// The Checkstyle XML document of the report: every file with a call site or a diagnostic.
pub fn render(files: &[FileOutput]) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let written = write(&mut w, files);
    let mut s = String::from_utf8_lossy(&w.into_inner()).into_owned();
    if let Err(e) = written {
        // Writing into memory does not fail; if it ever did, say so rather than return half a file.
        return format!("<!-- cannot write the Checkstyle report: {e} -->\n");
    }
    s.push('\n');
    s
}

fn write(w: &mut Writer<Vec<u8>>, files: &[FileOutput]) -> std::io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("checkstyle")
        .with_attribute(("version", VERSION))
        .write_inner_content(|w| {
            for file in files {
                let element = w
                    .create_element("file")
                    .with_attribute(xml_attr("name", &file.display));
                if file.diagnostics.is_empty() {
                    element.write_empty()?;
                    continue;
                }
                element.write_inner_content(|w| {
                    for f in file_findings(file) {
                        w.create_element("error")
                            .with_attribute(("line", f.start.line.to_string().as_str()))
                            .with_attribute(("column", f.start.column.to_string().as_str()))
                            .with_attribute(("severity", f.severity_name()))
                            .with_attribute(xml_attr("message", f.message))
                            .with_attribute(xml_attr(
                                "source",
                                &format!("dr-session-lint.{}", f.rule.id()),
                            ))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}
