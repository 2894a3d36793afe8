//! Building fix edits: byte-range text edits on the original text, never a re-print of the AST. A
//! removed property takes its comma, its own line when it had one, and the comment lines just above it;
//! an inserted session id copies the object's layout (one line or one per line, indentation, quotes,
//! line ending).

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostic::FileId;
use crate::fix::Edit as FileEdit;
use crate::resolve::model::{FieldOrigin, ObjectLayout};

/// An edit of the text being checked; [`removal_edits`] and [`insert_session_id`] give it its file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Edit {
    range: Range<usize>,
    text: String,
}

impl Edit {
    fn in_file(self, file: FileId) -> FileEdit {
        FileEdit {
            file,
            range: self.range,
            text: self.text,
        }
    }
}

/// Whether removing this origin can change what the program does besides dropping the field.
pub fn removal_is_safe(origin: &FieldOrigin) -> bool {
    match origin {
        FieldOrigin::Property { pure_value, .. } => *pure_value,
        FieldOrigin::Write { pure_value, .. } => *pure_value,
    }
}

/// Edits removing every origin given (the properties and write statements that set redundant fields);
/// `None` when one of them cannot be removed by a plain edit (a write inside a larger expression).
pub fn removal_edits(
    text: &str,
    comments: &[Range<usize>],
    file: FileId,
    origins: &[&FieldOrigin],
) -> Option<Vec<FileEdit>> {
    let mut by_object: Vec<(Arc<ObjectLayout>, BTreeSet<usize>)> = Vec::new();
    let mut edits = Vec::new();
    for origin in origins {
        match origin {
            FieldOrigin::Property { prop, layout, .. } => {
                let index = layout.props.iter().position(|p| p == prop)?;
                match by_object.iter_mut().find(|(l, _)| Arc::ptr_eq(l, layout)) {
                    Some((_, set)) => {
                        set.insert(index);
                    }
                    None => by_object.push((layout.clone(), BTreeSet::from([index]))),
                }
            }
            FieldOrigin::Write { stmt, .. } => {
                edits.push(statement_removal(text, comments, stmt.as_ref()?)?)
            }
        }
    }
    for (layout, remove) in &by_object {
        edits.extend(object_removals(text, comments, layout, remove)?);
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits.dedup();
    let overlapping = edits.windows(2).any(|w| w[0].range.end > w[1].range.start);
    (!overlapping).then(|| edits.into_iter().map(|e| e.in_file(file)).collect())
}

/// Remove properties `remove` (indices into `layout.props`) from an object literal.
fn object_removals(
    text: &str,
    comments: &[Range<usize>],
    layout: &ObjectLayout,
    remove: &BTreeSet<usize>,
) -> Option<Vec<Edit>> {
    let props = &layout.props;
    let n = props.len();
    let open = layout.range.start + 1;
    let close = layout.range.end.checked_sub(1)?;
    if remove.len() == n {
        return Some(vec![Edit {
            range: open..close,
            text: String::new(),
        }]);
    }
    let mut edits = Vec::new();
    let indices: Vec<usize> = remove.iter().copied().collect();
    let mut i = 0;
    while i < indices.len() {
        let a = indices[i];
        let mut b = a;
        while i + 1 < indices.len() && indices[i + 1] == b + 1 {
            i += 1;
            b += 1;
        }
        i += 1;
        let comma = comma_after(text, props[b].end, close);
        let own_lines = starts_line(text, props[a].start)
            && comma.is_some_and(|c| rest_of_line_is_trivia(text, c + 1));
        let range = if b + 1 < n {
            // Properties follow: take the run, its comma and what separates it from the next one.
            if own_lines {
                with_comment_lines_above(text, comments, line_start(text, props[a].start), open)
                    ..next_line_start(text, comma? + 1)
            } else {
                props[a].start..props[b + 1].start
            }
        } else if let Some(c) = comma {
            // The last properties, with a trailing comma after them.
            if own_lines {
                with_comment_lines_above(text, comments, line_start(text, props[a].start), open)
                    ..next_line_start(text, c + 1)
            } else {
                props[a].start..skip_spaces(text, c + 1)
            }
        } else {
            // The last properties, no trailing comma: the comma after the property before them goes too.
            let prev = a.checked_sub(1)?;
            let prev_comma = comma_after(text, props[prev].end, props[a].start)?;
            if starts_line(text, props[a].start) && rest_of_line_is_trivia(text, props[b].end) {
                // On their own lines: remove those lines, and only the comma of the line before (its
                // own comment stays).
                edits.push(Edit {
                    range: prev_comma..prev_comma + 1,
                    text: String::new(),
                });
                with_comment_lines_above(text, comments, line_start(text, props[a].start), open)
                    ..next_line_start(text, props[b].end)
            } else {
                props[prev].end..props[b].end
            }
        };
        edits.push(Edit {
            range,
            text: String::new(),
        });
    }
    Some(edits)
}

/// Remove a whole statement: its lines (and the comment lines just above) when it stands alone on
/// them. `None` when removing it could join the statements around it: the one before has no `;`
/// and the one after starts with `(`, `[`, a template or an operator (automatic semicolon insertion
/// would no longer separate them).
fn statement_removal(text: &str, comments: &[Range<usize>], stmt: &Range<usize>) -> Option<Edit> {
    let before = text[..stmt.start].trim_end().chars().last();
    let after = text[skip_trivia(text, stmt.end, text.len())..]
        .chars()
        .next();
    // A `}` may end an object literal or a function expression, not only a block: not a separator.
    let separated = matches!(before, None | Some(';' | '{'));
    if !separated
        && matches!(
            after,
            Some('(' | '[' | '`' | '+' | '-' | '/' | '*' | '<' | ',' | '.')
        )
    {
        return None;
    }
    let range = if starts_line(text, stmt.start) && rest_of_line_is_trivia(text, stmt.end) {
        with_comment_lines_above(text, comments, line_start(text, stmt.start), 0)
            ..next_line_start(text, stmt.end)
    } else {
        stmt.start..skip_spaces(text, stmt.end)
    };
    Some(Edit {
        range,
        text: String::new(),
    })
}

/// Insert `<key>: <expr>` (the session id) into an object literal: after the property at `after` (its
/// payment type) when there is one, first otherwise, in the object's own layout.
pub fn insert_session_id(
    text: &str,
    file: FileId,
    layout: &ObjectLayout,
    key: &str,
    after: Option<&Range<usize>>,
    expr: &str,
) -> Vec<FileEdit> {
    insertion(text, layout, key, after, expr)
        .into_iter()
        .map(|e| e.in_file(file))
        .collect()
}

fn insertion(
    text: &str,
    layout: &ObjectLayout,
    key: &str,
    after: Option<&Range<usize>>,
    expr: &str,
) -> Vec<Edit> {
    let key = match layout.quote {
        Some(q) => format!("{q}{key}{q}"),
        None => key.to_string(),
    };
    let prop = format!("{key}: {expr}");
    let open = layout.range.start + 1;
    let close = layout.range.end.saturating_sub(1).max(open);
    if let Some(t) = after {
        if starts_line(text, t.start) {
            // `type: 'wireTransfer', // EU only`: the comment stays with `type`; the session id goes on
            // a line of its own below.
            let comma = text[t.end..].starts_with(',');
            let after_type = t.end + usize::from(comma);
            let rest = &text[after_type..line_content_end(text, after_type)];
            if !rest.trim().is_empty() && rest_of_line_is_trivia(text, after_type) {
                let next = next_line_start(text, after_type);
                let (indent, eol) = (indentation(text, t.start), line_ending(text, t.start));
                return if comma {
                    vec![Edit {
                        range: next..next,
                        text: format!("{indent}{prop},{eol}"),
                    }]
                } else {
                    vec![
                        Edit {
                            range: t.end..t.end,
                            text: ",".into(),
                        },
                        Edit {
                            range: next..next,
                            text: format!("{indent}{prop}{eol}"),
                        },
                    ]
                };
            }
        }
        let text = if starts_line(text, t.start) {
            format!(
                ",{}{}{prop}",
                line_ending(text, t.start),
                indentation(text, t.start)
            )
        } else if text[t.end..].starts_with(',')
            && !text[t.end + 1..].starts_with(char::is_whitespace)
        {
            // `{type:"konbini",amount:1}`: no spaces in this object.
            let colon = if text[t.clone()].contains(": ") {
                ": "
            } else {
                ":"
            };
            format!(",{key}{colon}{expr}")
        } else {
            format!(", {prop}")
        };
        return vec![Edit {
            range: t.end..t.end,
            text,
        }];
    }
    vec![match layout.props.first() {
        Some(first) if starts_line(text, first.start) => Edit {
            range: line_start(text, first.start)..line_start(text, first.start),
            text: format!(
                "{}{prop},{}",
                indentation(text, first.start),
                line_ending(text, first.start)
            ),
        },
        Some(first) => Edit {
            range: first.start..first.start,
            text: format!("{prop}, "),
        },
        None => Edit {
            range: open..close,
            text: format!(" {prop} "),
        },
    }]
}

// --- the gaps between tokens: whitespace, comments, commas -------------------------------------------

/// The position of the comma that follows `from` (skipping whitespace and comments), before `limit`.
fn comma_after(text: &str, from: usize, limit: usize) -> Option<usize> {
    let at = skip_trivia(text, from, limit);
    (at < limit && text.as_bytes()[at] == b',').then_some(at)
}

fn skip_trivia(text: &str, mut at: usize, limit: usize) -> usize {
    let b = text.as_bytes();
    while at < limit {
        match b[at] {
            b' ' | b'\t' | b'\n' | b'\r' => at += 1,
            b'/' if b.get(at + 1) == Some(&b'/') => {
                while at < limit && b[at] != b'\n' {
                    at += 1;
                }
            }
            b'/' if b.get(at + 1) == Some(&b'*') => {
                at = text[at + 2..].find("*/").map_or(limit, |e| at + 2 + e + 2);
            }
            _ => break,
        }
    }
    at.min(limit)
}

fn skip_spaces(text: &str, mut at: usize) -> usize {
    let b = text.as_bytes();
    while at < b.len() && (b[at] == b' ' || b[at] == b'\t') {
        at += 1;
    }
    at
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The start of the line after the one `at` is on (or the end of the text); lines end with `\n`,
/// `\r\n` or `\r`.
fn next_line_start(text: &str, at: usize) -> usize {
    match text[at..].find(['\n', '\r']) {
        Some(i) if text[at + i..].starts_with("\r\n") => at + i + 2,
        Some(i) => at + i + 1,
        None => text.len(),
    }
}

/// Where the line's content ends (before `\r\n` / `\n`).
fn line_content_end(text: &str, at: usize) -> usize {
    text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
}

fn starts_line(text: &str, at: usize) -> bool {
    text[line_start(text, at)..at]
        .chars()
        .all(|c| c == ' ' || c == '\t')
}

/// Whether only whitespace and comments follow `at` on its line (a `/* */` comment must end on it).
fn rest_of_line_is_trivia(text: &str, at: usize) -> bool {
    let end = line_content_end(text, at);
    let mut rest = text[at..end].trim_start();
    loop {
        if rest.is_empty() || rest.starts_with("//") {
            return true;
        }
        match rest
            .strip_prefix("/*")
            .and_then(|r| r.find("*/").map(|e| &r[e + 2..]))
        {
            Some(after) => rest = after.trim_start(),
            None => return false,
        }
    }
}

/// Extend a line start upward over the comment lines right above it (they belong to the property or
/// statement below them), never above `limit`. A comment line is one whose every non-blank byte is in a
/// comment the parser found (`comments`, sorted): a line that only looks like one (`  * quantity;`, the
/// rest of an expression) is code.
fn with_comment_lines_above(
    text: &str,
    comments: &[Range<usize>],
    mut start: usize,
    limit: usize,
) -> usize {
    while start > limit {
        let prev_end = start - 1;
        let prev_end = if prev_end > 0 && text.as_bytes()[prev_end - 1] == b'\r' {
            prev_end - 1
        } else {
            prev_end
        };
        let prev_start = line_start(text, prev_end);
        if prev_start < limit || !is_comment_line(text, comments, prev_start..prev_end) {
            break;
        }
        start = prev_start;
    }
    start
}

/// Whether the non-blank bytes of `line` are all inside `comments` (and there is at least one).
fn is_comment_line(text: &str, comments: &[Range<usize>], line: Range<usize>) -> bool {
    let b = text.as_bytes();
    let mut at = line.start;
    let mut seen = false;
    loop {
        while at < line.end && b[at].is_ascii_whitespace() {
            at += 1;
        }
        if at >= line.end {
            return seen;
        }
        // The comment that starts at or before `at` and covers it.
        let i = comments.partition_point(|c| c.start <= at);
        match i.checked_sub(1).map(|i| &comments[i]) {
            Some(c) if at < c.end => {
                at = c.end;
                seen = true;
            }
            _ => return false,
        }
    }
}

fn indentation(text: &str, at: usize) -> &str {
    let start = line_start(text, at);
    let len = text[start..at].len() - text[start..at].trim_start().len();
    &text[start..start + len]
}

fn line_ending(text: &str, at: usize) -> &'static str {
    let end = line_content_end(text, at);
    if text[end..].starts_with("\r\n") {
        "\r\n"
    } else if text[end..].starts_with('\r') {
        "\r"
    } else {
        "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;

    fn layout(text: &str, props: &[&str], quote: Option<char>) -> ObjectLayout {
        let open = text.find('{').unwrap();
        let close = text.rfind('}').unwrap();
        let ranges = props
            .iter()
            .map(|p| {
                let s = text.find(p).unwrap();
                s..s + p.len()
            })
            .collect();
        let keys = props
            .iter()
            .map(|p| p.contains("type").then(|| "type".to_string()))
            .collect();
        ObjectLayout {
            range: open..close + 1,
            props: ranges,
            quote,
            keys,
            has_accessors: false,
        }
    }

    /// The comments of a test text, found by the parser.
    fn comments_of(text: &str) -> Vec<Range<usize>> {
        use crate::source::{Language, Units};
        let units = Units::of(text, Language::JavaScript);
        crate::parse::parse_units(&units)
            .comments
            .into_iter()
            .map(|c| c.range)
            .collect()
    }

    fn apply(text: &str, edits: &[FileEdit]) -> String {
        let refs: Vec<&FileEdit> = edits.iter().collect();
        String::from_utf8(apply_edits(text.as_bytes(), &refs)).unwrap()
    }

    fn remove(text: &str, props: &[&str], which: &[usize]) -> String {
        let l = layout(text, props, None);
        let edits: Vec<FileEdit> = object_removals(
            text,
            &comments_of(text),
            &l,
            &which.iter().copied().collect(),
        )
        .unwrap()
        .into_iter()
        .map(|e| e.in_file(FileId(0)))
        .collect();
        apply(text, &edits)
    }

    #[test]
    fn removes_properties_in_one_line_objects() {
        let t = "x = { type: 'a', amount: 1, currency: 'c' };";
        let p = ["type: 'a'", "amount: 1", "currency: 'c'"];
        assert_eq!(remove(t, &p, &[1]), "x = { type: 'a', currency: 'c' };");
        assert_eq!(remove(t, &p, &[2]), "x = { type: 'a', amount: 1 };");
        assert_eq!(remove(t, &p, &[1, 2]), "x = { type: 'a' };");
        assert_eq!(remove(t, &p, &[0, 1, 2]), "x = {};");
        let t = "x = { amount: 1, type: 'a', };";
        assert_eq!(
            remove(t, &["amount: 1", "type: 'a'"], &[0]),
            "x = { type: 'a', };"
        );
    }

    #[test]
    fn removes_lines_with_their_comments() {
        let t = "x = {\n  type: 'a',\n  // the total\n  amount: 1, // cents\n  b: 2\n};";
        let p = ["type: 'a'", "amount: 1", "b: 2"];
        assert_eq!(remove(t, &p, &[1]), "x = {\n  type: 'a',\n  b: 2\n};");
        assert_eq!(
            remove(t, &p, &[2]),
            "x = {\n  type: 'a',\n  // the total\n  amount: 1 // cents\n};"
        );
        let t = "x = {\r\n\ttype: 'a',\r\n\tamount: 1,\r\n};";
        assert_eq!(
            remove(t, &["type: 'a'", "amount: 1"], &[1]),
            "x = {\r\n\ttype: 'a',\r\n};"
        );
    }

    #[test]
    fn inserts_session_id_in_the_objects_style() {
        let ins = |t: &str, props: &[&str], q| {
            let l = layout(t, props, q);
            let e = insert_session_id(
                t,
                FileId(0),
                &l,
                "sessionId",
                l.prop_with_key("type"),
                "s.id",
            );
            apply(t, &e)
        };
        assert_eq!(
            ins("x = { type: 'a', b: 1 };", &["type: 'a'", "b: 1"], None),
            "x = { type: 'a', sessionId: s.id, b: 1 };"
        );
        assert_eq!(
            ins(
                "x = {\r\n    \"type\": \"a\"\r\n};",
                &["\"type\": \"a\""],
                Some('"')
            ),
            "x = {\r\n    \"type\": \"a\",\r\n    \"sessionId\": s.id\r\n};"
        );
        assert_eq!(
            ins("x = {\n\tb: 1,\n};", &["b: 1"], None),
            "x = {\n\tsessionId: s.id,\n\tb: 1,\n};"
        );
        assert_eq!(ins("x = {};", &[], None), "x = { sessionId: s.id };");
        assert_eq!(
            ins("x={type:'a',b:1};", &["type:'a'", "b:1"], None),
            "x={type:'a',sessionId:s.id,b:1};"
        );
        assert_eq!(
            ins("x = {\r  type: 'a'\r};", &["type: 'a'"], None),
            "x = {\r  type: 'a',\r  sessionId: s.id\r};"
        );
    }
}
