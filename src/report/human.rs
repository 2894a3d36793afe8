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

/// A label wider than this many columns (a payload object written on one line) is drawn at its
/// first character, so that the frame can be clipped around it (with its margins, a label this wide
/// still fits the frame's width).
const MAX_LABEL_WIDTH: usize = FRAME_WIDTH - 2 * MIN_MARGIN;
/// The columns of a line a code frame shows (see [`columns`]): a longer line (minified code) is clipped, `…` standing
/// for what is left out. A line with labels is shown around them, a line of context from its start.
const FRAME_WIDTH: usize = 120;
/// The columns shown at least on each side of a label, on a clipped line.
const MIN_MARGIN: usize = 16;
/// The lines of context above and below a label.
const CONTEXT_LINES: usize = 1;
/// Labels whose context lines are at most this many lines apart share a frame (the lines between
/// shown); others have frames of their own.
const MERGE_GAP: usize = 2;

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
                .with_context_lines(CONTEXT_LINES),
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
        // A file name reaches the terminal too.
        let display: String = display.chars().map(crate::source::shown_char).collect();
        let display = display.as_str();
        let mut out = String::new();
        for d in diagnostics {
            if self.quiet && d.severity != Severity::Error {
                continue;
            }
            let range = &d.span.range;
            let framed = !text.is_empty();
            let position = index.position(text, range.start);
            let related: Vec<(Range<usize>, String)> = d
                .related
                .iter()
                // A label in another file has a frame of its own there; not in this one.
                .filter(|l| l.span.file == file)
                .map(|l| (display_range(text, index, &l.span.range), l.message.clone()))
                .collect();
            let mut primary = display_range(text, index, range);
            // A label inside the primary one (a spread or a computed key inside the payload): the
            // primary is drawn at its first character, as overlapping underlines cannot be drawn.
            if related
                .iter()
                .any(|(r, _)| *r != primary && r.start < primary.end && primary.start < r.end)
            {
                primary = first_char(text, &primary);
            }
            // The lines the frame shows, clipped, with the labels' offsets into them.
            let source = framed.then(|| {
                let labels: Vec<Range<usize>> = std::iter::once(primary.clone())
                    .chain(related.iter().map(|(r, _)| r.clone()))
                    .collect();
                FrameSource::new(display, text, index, &labels)
            });
            let (display_range, related) = match &source {
                Some(s) => (
                    s.to_shown(&primary),
                    related
                        .into_iter()
                        .map(|(r, m)| (s.to_shown(&r), m))
                        .collect(),
                ),
                None => (primary, Vec::new()),
            };
            let report = Report {
                d,
                source,
                display_range,
                location: format!("{display}:{}:{}", position.line, position.column),
                related,
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
                    "{} unsafe fix{} (review {}, then add --unsafe-fixes){}",
                    s.fixable.unsafe_,
                    if s.fixable.unsafe_ == 1 { "" } else { "es" },
                    if s.fixable.unsafe_ == 1 { "it" } else { "them" },
                    places(s, Applicability::Unsafe),
                ));
            }
            if s.fixable.display_only > 0 {
                left.push(format!(
                    "{} suggested fix{} (a session id expression defined where it goes is needed: \
                     --session-id-expr, --global, or [[session-id]] per path){}",
                    s.fixable.display_only,
                    if s.fixable.display_only == 1 {
                        ""
                    } else {
                        "es"
                    },
                    places(s, Applicability::DisplayOnly),
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
                "Fixable: {} with --fix, {} more with --unsafe-fixes, {} once --session-id-expr is given (where what it names is in scope).\n",
                fixable.safe, fixable.unsafe_, fixable.display_only
            );
        }
        out
    }
}

/// How many places [`places`] names before "and N more".
const MAX_PLACES: usize = 5;

/// ` at a.js:3, b.js:7 and 2 more`: where the fixes of one tier are.
fn places(s: &Summary, tier: Applicability) -> String {
    let all: Vec<&str> = s
        .left_out
        .iter()
        .filter(|(a, _)| *a == tier)
        .map(|(_, p)| p.as_str())
        .collect();
    match all.len() {
        0 => String::new(),
        n if n <= MAX_PLACES => format!(" at {}", all.join(", ")),
        n => format!(
            " at {} and {} more",
            all[..MAX_PLACES].join(", "),
            n - MAX_PLACES
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A range that spans lines (a whole payload object) is shown on its first line only, and one wider
/// than [`MAX_LABEL_WIDTH`] at its first character, so frames stay short; JSON output keeps the exact
/// range.
fn display_range(text: &str, index: &LineIndex, r: &Range<usize>) -> Range<usize> {
    let line = index.line_range(text, index.line_of(r.start));
    let shown = if r.end <= line.end {
        r.clone()
    } else {
        let first_line_end = line.end.max(r.start);
        let trimmed = text[r.start..first_line_end].trim_end().len();
        r.start..r.start + trimmed.max(1).min(text.len() - r.start)
    };
    match text.get(shown.clone()) {
        Some(s) if width(s) > MAX_LABEL_WIDTH => first_char(text, &shown),
        _ => shown,
    }
}

/// The first character of `r` (an empty range stays empty).
fn first_char(text: &str, r: &Range<usize>) -> Range<usize> {
    let len = text
        .get(r.start..)
        .and_then(|s| s.chars().next())
        .map_or(0, char::len_utf8);
    r.start..r.start + len.min(r.len())
}

/// What a code frame shows of the file, for miette: the lines of the labels and their context lines,
/// each clipped to [`FRAME_WIDTH`] columns (a line with labels around its labels, `…` for what is
/// left out), the lines between them empty (never shown), from line `first` on. Line numbers and
/// columns are the file's, columns counted as the JSON output counts them (UTF-16 code units, a BOM
/// not counted) instead of miette's byte count.
struct FrameSource<'a> {
    name: &'a str,
    text: &'a str,
    index: &'a LineIndex,
    /// The lines shown, joined by `\n`. Control characters of the source (an escape sequence in a
    /// string) would reach the terminal: they are `?` (one byte for one byte), and bidirectional
    /// overrides `\u{FFFD}` (three bytes for three).
    shown: String,
    /// The file's line (0-based) that is the first line of `shown`.
    first: usize,
    /// The parts of the file's text in `shown`, in order.
    pieces: Vec<Piece>,
}

/// A part of a line of the file that a frame shows.
#[derive(Clone, Copy)]
struct Piece {
    /// Its offset in the frame's text.
    shown: usize,
    /// Its offset in the file's text.
    text: usize,
    /// Its length in bytes (the same in both).
    len: usize,
    /// Nothing of its line is left out after it.
    ends_line: bool,
}

impl<'a> FrameSource<'a> {
    /// The frame of `labels` (ranges of `text`, each on one line).
    fn new(
        name: &'a str,
        text: &'a str,
        index: &'a LineIndex,
        labels: &[Range<usize>],
    ) -> FrameSource<'a> {
        let mut by_line: std::collections::BTreeMap<usize, Vec<Range<usize>>> =
            std::collections::BTreeMap::new();
        for r in labels {
            by_line
                .entry(index.line_of(r.start))
                .or_default()
                .push(r.clone());
        }
        let last_line = index.line_of(text.len());
        // The blocks of lines shown: each label's line and its context lines, blocks at most
        // `MERGE_GAP` lines apart joined (miette frames each block, see `read_span`).
        let mut blocks: Vec<Range<usize>> = Vec::new();
        for &l in by_line.keys() {
            let block = l.saturating_sub(CONTEXT_LINES)..(l + CONTEXT_LINES).min(last_line) + 1;
            match blocks.last_mut() {
                Some(b) if block.start <= b.end + MERGE_GAP => b.end = block.end,
                _ => blocks.push(block),
            }
        }
        let first = blocks.first().map_or(0, |b| b.start);
        let last = blocks.last().map_or(0, |b| b.end - 1);
        let mut source = FrameSource {
            name,
            text,
            index,
            shown: String::new(),
            first,
            pieces: Vec::new(),
        };
        for line in first..=last {
            if line > first {
                source.shown.push('\n');
            }
            if !blocks.iter().any(|b| b.contains(&line)) {
                continue;
            }
            let range = line_text(text, index, line);
            let line_text = &text[range.clone()];
            let parts = match by_line.get(&line) {
                Some(labels) => {
                    let relative: Vec<Range<usize>> = labels
                        .iter()
                        .map(|r| {
                            r.start.clamp(range.start, range.end) - range.start
                                ..r.end.clamp(range.start, range.end) - range.start
                        })
                        .collect();
                    around(line_text, &relative)
                }
                None if fits(line_text) => std::iter::once(0..line_text.len()).collect(),
                None => std::iter::once(0..forward(line_text, 0, FRAME_WIDTH).0).collect(),
            };
            source.push_line(line_text, range.start, &parts);
        }
        source
    }

    /// Add the `parts` of a line (byte ranges of `line`, which starts at `at` in the text).
    fn push_line(&mut self, line: &str, at: usize, parts: &[Range<usize>]) {
        let mut end = 0;
        for part in parts {
            if part.start > end {
                self.shown.push('…');
            }
            self.pieces.push(Piece {
                shown: self.shown.len(),
                text: at + part.start,
                len: part.len(),
                ends_line: part.end == line.len(),
            });
            self.shown
                .extend(line[part.clone()].chars().map(crate::source::shown_char));
            end = part.end;
        }
        if end < line.len() {
            self.shown.push('…');
        }
    }

    /// Where the text's offset `o` (in a part shown) is in `shown`.
    fn to_shown_offset(&self, o: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|p| p.text <= o)
            .saturating_sub(1);
        let Some(p) = self.pieces.get(i) else {
            return 0;
        };
        // A label on a line's break (one past its end) stays one past the end.
        let room = p.len + usize::from(p.ends_line);
        p.shown + o.saturating_sub(p.text).min(room)
    }

    /// A label's range of the text, in `shown`.
    fn to_shown(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.to_shown_offset(r.start);
        start..self.to_shown_offset(r.end).max(start)
    }

    /// Where the offset `o` of `shown` is in the text.
    fn to_text_offset(&self, o: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|p| p.shown <= o)
            .saturating_sub(1);
        self.pieces
            .get(i)
            .map_or(0, |p| p.text + o.saturating_sub(p.shown).min(p.len))
    }
}

/// The byte range of line `line` (0-based) without its line break (also U+2028 / U+2029, which
/// [`LineIndex::line_range`] leaves in).
fn line_text(text: &str, index: &LineIndex, line: usize) -> Range<usize> {
    let r = index.line_range(text, line);
    let s = &text[r.clone()];
    let trimmed = s.strip_suffix(['\u{2028}', '\u{2029}']).unwrap_or(s);
    r.start..r.start + trimmed.len()
}

/// Whether `line` is at most [`FRAME_WIDTH`] columns wide.
fn fits(line: &str) -> bool {
    line.len() <= FRAME_WIDTH || width(line) <= FRAME_WIDTH
}

/// The terminal columns a character takes in a frame: 2 for CJK and most emoji, 0 for a combining
/// mark, 4 for a tab (miette's tab stop), 1 for a control character (shown as `?`).
fn columns(c: char) -> usize {
    match c {
        '\t' => 4,
        c if c.is_control() => 1,
        c => unicode_width::UnicodeWidthChar::width(c).unwrap_or(0),
    }
}

/// The terminal columns of `s` (see [`columns`]).
fn width(s: &str) -> usize {
    s.chars().map(columns).sum()
}

/// The offset at most `n` columns before `at` in `s` (or its start), and how many columns that is.
fn back(s: &str, at: usize, n: usize) -> (usize, usize) {
    let mut moved = 0;
    let mut start = at;
    for (i, c) in s[..at].char_indices().rev() {
        if moved + columns(c) > n {
            break;
        }
        moved += columns(c);
        start = i;
    }
    (start, moved)
}

/// The offset at most `n` columns after `at` in `s` (or its end), and how many columns that is.
fn forward(s: &str, at: usize, n: usize) -> (usize, usize) {
    let mut moved = 0;
    for (i, c) in s[at..].char_indices() {
        if moved + columns(c) > n {
            return (at + i, moved);
        }
        moved += columns(c);
    }
    (s.len(), moved)
}

/// The byte ranges of `line` a frame shows around its `labels` (byte ranges of `line`): all of it when
/// it fits, else a window around each group of labels close together, [`FRAME_WIDTH`] columns in
/// all when they allow it, never less than [`MIN_MARGIN`] columns on each side of a group. On
/// character boundaries, sorted, apart.
fn around(line: &str, labels: &[Range<usize>]) -> Vec<Range<usize>> {
    if fits(line) {
        return std::iter::once(0..line.len()).collect();
    }
    let boundary = |mut o: usize, up: bool| {
        while !line.is_char_boundary(o) {
            if up { o += 1 } else { o -= 1 }
        }
        o
    };
    let mut spans: Vec<Range<usize>> = labels
        .iter()
        .map(|r| boundary(r.start, false)..boundary(r.end.max(r.start), true))
        .collect();
    spans.sort_by_key(|r| r.start);
    let mut groups: Vec<Range<usize>> = Vec::new();
    for r in spans {
        match groups.last_mut() {
            Some(g) if r.start <= g.end + FRAME_WIDTH / 2 => g.end = g.end.max(r.end),
            _ => groups.push(r),
        }
    }
    let shown: usize = groups.iter().map(|g| width(&line[g.clone()])).sum();
    // The columns of context around each group: half before, half after.
    let context = (FRAME_WIDTH.saturating_sub(shown) / groups.len()).max(2 * MIN_MARGIN);
    let mut out: Vec<Range<usize>> = Vec::new();
    for g in groups {
        let (start, before) = back(line, g.start, context / 2);
        let (end, after) = forward(line, g.end, context - before);
        // At the end of the line: what is left of the context goes before.
        let (start, _) = back(line, start, context.saturating_sub(before + after));
        match out.last_mut() {
            Some(prev) if start <= prev.end => prev.end = prev.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

impl SourceCode for FrameSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self
            .shown
            .read_span(span, context_lines_before, context_lines_after)?;
        let at = self.to_text_offset(span.offset());
        let column = self.index.position(self.text, at).column as usize - 1;
        let data = contents.data();
        // The lines of these contents, and the gap that joins two frames: miette adds this to the
        // first line's number to tell whether two labels' frames touch, and merges them when they do.
        let lines = data.iter().filter(|&&b| b == b'\n').count()
            + usize::from(!data.ends_with(b"\n"))
            + MERGE_GAP;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            data,
            *contents.span(),
            self.first + contents.line(),
            column,
            lines,
        )))
    }
}

struct Report<'a> {
    d: &'a Diagnostic,
    /// The frame's source; `None` when the diagnostic has no frame.
    source: Option<FrameSource<'a>>,
    /// The primary label, in the frame's source.
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
        if self.source.is_some() {
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
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
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

#[cfg(test)]
// One label is a one-element slice of ranges here, not a range to collect.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn cols(s: &str, r: &Range<usize>) -> usize {
        width(&s[r.clone()])
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let line = "dr.createSource({ type: 'payPal' });";
        assert_eq!(around(line, &[3..15]), [0..line.len()]);
    }

    #[test]
    fn long_lines_are_shown_around_their_labels_on_char_boundaries() {
        // Two, three and four bytes per character.
        let line = "é€😀".repeat(1_000);
        let at = line.char_indices().nth(1_500).unwrap().0;
        let label = at..at + "é€😀".len();
        let parts = around(&line, std::slice::from_ref(&label));
        assert_eq!(parts.len(), 1);
        let part = &parts[0];
        assert!(
            part.start <= label.start && label.end <= part.end,
            "{parts:?}"
        );
        // The frame's width, less one column when a wide character would cross its edge.
        let shown = cols(&line, part);
        assert!(shown == FRAME_WIDTH || shown == FRAME_WIDTH - 1, "{shown}");
        // Half the width on each side (the label is 4 columns: 1 + 1 + 2).
        let before = cols(&line, &(part.start..label.start));
        assert!((FRAME_WIDTH - 4) / 2 - before <= 1, "{before}");

        // At the end of the line, the margin goes before the label.
        let end = line.len() - "😀".len();
        let parts = around(&line, &[end..line.len()]);
        assert_eq!(parts.len(), 1, "{parts:?}");
        assert_eq!(parts[0].end, line.len());
        assert_eq!(cols(&line, &parts[0]), FRAME_WIDTH, "{parts:?}");

        // Labels far apart: a window around each, at least MIN_MARGIN columns on each side.
        let far = line.char_indices().nth(2_500).unwrap().0;
        let parts = around(&line, &[label.clone(), far..far + 2]);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts[0].end < parts[1].start);
        assert!(cols(&line, &(parts[1].start..far)) >= MIN_MARGIN);
    }

    #[test]
    fn a_frame_maps_labels_to_the_clipped_lines_and_back() {
        let long = "x".repeat(5_000);
        let text = format!("{long}\nvar a = 1; {long}call(p);\n{long}\n");
        let index = LineIndex::new(&text);
        let call = text.find("call").unwrap();
        let source = FrameSource::new("a.js", &text, &index, &[call..call + 4]);
        let lines: Vec<&str> = source.shown.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], format!("{}…", "x".repeat(FRAME_WIDTH)));
        assert!(lines[1].starts_with('…') && lines[1].ends_with("xcall(p);"));
        let shown = source.to_shown(&(call..call + 4));
        assert_eq!(&source.shown[shown.clone()], "call");
        assert_eq!(source.to_text_offset(shown.start), call);
    }
}
