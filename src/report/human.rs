//! Human output: miette code frames, one per diagnostic, and a closing summary.

use std::fmt;
use std::ops::Range;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::Summary;
use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::driver::Mode;
use crate::fix::Applicability;
use crate::lines::LineIndex;

/// Lines longer than this (minified code) are not shown in a code frame: the location is given instead.
const MAX_FRAME_LINE: usize = 400;

pub struct Human {
    handler: GraphicalReportHandler,
    pub color: bool,
    pub quiet: bool,
}

impl Human {
    pub fn new(color: bool, quiet: bool) -> Human {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Human {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_urls(false)
                .with_width(100)
                .with_wrap_lines(false)
                .with_context_lines(1),
            color,
            quiet,
        }
    }

    /// The human report of a file's diagnostics (empty when there are none).
    pub fn render_view(&self, view: &super::SourceView, diagnostics: &[Diagnostic]) -> String {
        self.render_view_with(view, &[], diagnostics)
    }

    /// [`Human::render_view`] where labels may point into `others` (shown as `path:line:column`).
    pub fn render_view_with(
        &self,
        view: &super::SourceView,
        others: &[super::SourceView],
        diagnostics: &[Diagnostic],
    ) -> String {
        if diagnostics.is_empty() {
            return String::new();
        }
        self.render_file_with(
            view.display,
            view.text,
            &view.index,
            view.file,
            others,
            diagnostics,
        )
    }

    pub fn render_file(
        &self,
        display: &str,
        text: &str,
        index: &LineIndex,
        file: FileId,
        diagnostics: &[Diagnostic],
    ) -> String {
        self.render_file_with(display, text, index, file, &[], diagnostics)
    }

    fn render_file_with(
        &self,
        display: &str,
        text: &str,
        index: &LineIndex,
        file: FileId,
        others: &[super::SourceView],
        diagnostics: &[Diagnostic],
    ) -> String {
        // Control characters of the source (an escape sequence in a string) would reach the
        // terminal: show them as `?` (one byte for one byte, so spans stay right).
        let shown: String = text
            .chars()
            .map(|c| {
                if c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r') {
                    '?'
                } else {
                    c
                }
            })
            .collect();
        let source = FrameSource {
            name: display,
            text: shown,
            index,
        };
        let mut out = String::new();
        for d in diagnostics {
            if self.quiet && d.severity != Severity::Error {
                continue;
            }
            let range = &d.span.range;
            let framed = self.frameable(text, index, range);
            let position = index.position(text, range.start);
            let report = Report {
                d,
                source: &source,
                framed,
                display_range: display_range(text, index, range),
                location: format!("{display}:{}:{}", position.line, position.column),
                related: d
                    .related
                    .iter()
                    // A label in another file has a frame of its own there; not in this one.
                    .filter(|l| l.span.file == file && self.frameable(text, index, &l.span.range))
                    .map(|l| (display_range(text, index, &l.span.range), l.message.clone()))
                    .collect(),
                elsewhere: d
                    .related
                    .iter()
                    .filter(|l| l.span.file != file)
                    .filter_map(|l| {
                        let v = others.iter().find(|v| v.file == l.span.file)?;
                        let p = v.index.position(v.text, l.span.range.start);
                        Some(format!(
                            "{}: {}:{}:{}",
                            l.message, v.display, p.line, p.column
                        ))
                    })
                    .collect(),
            };
            let _ = self.handler.render_report(&mut out, &report);
            out.push('\n');
        }
        out
    }

    fn frameable(&self, text: &str, index: &LineIndex, r: &Range<usize>) -> bool {
        let line = index.line_range(text, index.line_of(r.start));
        line.len() <= MAX_FRAME_LINE && !text.is_empty()
    }

    pub fn summary(&self, s: &Summary, mode: Mode) -> String {
        let c = &s.call_sites;
        let mut out = String::new();
        if let Mode::Fix {
            write,
            unsafe_fixes,
        } = mode
        {
            let f = &s.fixed;
            out += &format!(
                "{} {} call site{} in {} file{} ({} fix{} {}): {} fully migrated, {} still needing work.\n",
                if write { "Changed" } else { "Would change" },
                f.call_sites,
                plural(f.call_sites),
                f.files,
                plural(f.files),
                f.fixes,
                if f.fixes == 1 { "" } else { "es" },
                if write { "applied" } else { "to apply" },
                f.migrated,
                f.call_sites - f.migrated.min(f.call_sites),
            );
            // What the run left out, and how to get it.
            let mut left = Vec::new();
            if !unsafe_fixes && s.fixable.unsafe_ > 0 {
                left.push(format!(
                    "{} unsafe fix{} (review {}, then add --unsafe-fixes)",
                    s.fixable.unsafe_,
                    if s.fixable.unsafe_ == 1 { "" } else { "es" },
                    if s.fixable.unsafe_ == 1 { "it" } else { "them" },
                ));
            }
            if s.fixable.display_only > 0 {
                left.push(format!(
                    "{} suggested fix{} (a session id expression defined where it goes is needed: \
                     --session-id-expr, --global, or [[session-id]] per path)",
                    s.fixable.display_only,
                    if s.fixable.display_only == 1 {
                        ""
                    } else {
                        "es"
                    },
                ));
            }
            if !left.is_empty() {
                out += &format!("Left out: {}.\n", left.join("; "));
            }
        }
        let fixable = s.fixable;
        if let Mode::Fix { write, .. } = mode {
            out += if write { "Now: " } else { "After the fixes: " };
        }
        out += &format!(
            "{} file{} scanned: {}",
            s.files_scanned,
            plural(s.files_scanned),
            c.found()
        );
        if c.possible > 0 {
            out += &format!(" (and {} that may be)", c.possible);
        }
        out += &format!("; {}.\n", c.statuses());
        out += &format!(
            "{} error{}, {} warning{}",
            s.errors,
            plural(s.errors),
            s.warnings,
            plural(s.warnings)
        );
        let mut extra = Vec::new();
        if s.parse_errors > 0 {
            extra.push(format!(
                "{} file{} did not parse",
                s.parse_errors,
                plural(s.parse_errors)
            ));
        }
        if s.io_errors > 0 {
            extra.push(format!(
                "{} file{} could not be read or written",
                s.io_errors,
                plural(s.io_errors)
            ));
        }
        if s.skipped_files > 0 {
            extra.push(format!(
                "{} file{} skipped",
                s.skipped_files,
                plural(s.skipped_files)
            ));
        }
        if s.suppressed > 0 {
            extra.push(format!("{} suppressed by the baseline", s.suppressed));
        }
        if !extra.is_empty() {
            out += &format!(" ({})", extra.join(", "));
        }
        out.push_str(".\n");
        if mode == Mode::Check && fixable.safe + fixable.unsafe_ + fixable.display_only > 0 {
            out += &format!(
                "Fixable: {} with --fix, {} more with --unsafe-fixes, {} once --session-id-expr is given.\n",
                fixable.safe, fixable.unsafe_, fixable.display_only
            );
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A range that spans lines (a whole payload object) is shown on its first line only, so frames stay
/// short; JSON output keeps the exact range.
fn display_range(text: &str, index: &LineIndex, r: &Range<usize>) -> Range<usize> {
    let line = index.line_range(text, index.line_of(r.start));
    if r.end <= line.end {
        return r.clone();
    }
    let first_line_end = line.end.max(r.start);
    let trimmed = text[r.start..first_line_end].trim_end().len();
    r.start..r.start + trimmed.max(1).min(text.len() - r.start)
}

/// The file's text for miette, reporting columns as the JSON output does (UTF-16 code units, a BOM
/// not counted) instead of miette's byte count.
struct FrameSource<'a> {
    name: &'a str,
    text: String,
    index: &'a LineIndex,
}

impl SourceCode for FrameSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let column = self.index.position(&self.text, span.offset()).column as usize - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

struct Report<'a> {
    d: &'a Diagnostic,
    source: &'a FrameSource<'a>,
    framed: bool,
    display_range: Range<usize>,
    location: String,
    related: Vec<(Range<usize>, String)>,
    /// Labels in other files, as `message: path:line:column`.
    elsewhere: Vec<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.framed {
            f.write_str(&self.d.message)
        } else {
            write!(f, "{}: {}", self.location, self.d.message)
        }
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.rule.id()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let mut help = self.d.help.clone()?;
        for e in &self.elsewhere {
            help = format!("{e}\n{help}");
        }
        if let Some(url) = &self.d.url {
            help += &format!("\nsee {url}");
        }
        if let Some(fix) = &self.d.fix {
            let how = match (fix.applicability, &fix.note) {
                (Applicability::Safe, _) => "safe fix, applied by --fix".to_string(),
                (Applicability::Unsafe, Some(note)) => {
                    format!("unsafe fix, applied by --fix --unsafe-fixes: {note}")
                }
                (Applicability::Unsafe, None) => {
                    "unsafe fix, applied by --fix --unsafe-fixes".to_string()
                }
                (Applicability::DisplayOnly, Some(note)) => {
                    format!("suggested fix, not applied: {note}")
                }
                (Applicability::DisplayOnly, None) => {
                    "suggested fix, applied once --session-id-expr EXPR is given".to_string()
                }
            };
            help += &format!("\nfix: {} ({how})", fix.message);
        }
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.framed.then_some(self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.framed {
            return None;
        }
        let r = &self.display_range;
        let primary = LabeledSpan::new_primary_with_span(
            (!self.d.label.is_empty()).then(|| self.d.label.clone()),
            (r.start, r.end - r.start),
        );
        let related = self
            .related
            .iter()
            .map(|(r, m)| LabeledSpan::new_with_span(Some(m.clone()), (r.start, r.end - r.start)));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
