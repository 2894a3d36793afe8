//! Code actions: each diagnostic's fix as a quick fix (safe ones preferred, unsafe ones labelled), the
//! display-only session id insertion as a snippet with the expression selected, "suppress on this
//! line", and `source.fixAll.dr-session-lint` (the fix passes of `--fix`, so the result is the
//! command line's).

use std::path::Path;

use lsp_types::{CodeActionKind, Url};
use serde_json::{Value, json};

use super::diagnostics::to_lsp;
use super::documents::DocumentLint;
use super::position::{Encoding, LineIndex};
use crate::check::fix_policy::PLACEHOLDER;
use crate::diagnostic::{Diagnostic, Rule};
use crate::fix::{Applicability, Fix};
use crate::source::{Language, Units};

/// The kind of the "fix all" action.
pub const FIX_ALL: &str = "source.fixAll.dr-session-lint";

/// Which snippet text edits the client takes in a workspace edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Snippets {
    /// None: plain text.
    None,
    /// LSP 3.18 `SnippetTextEdit` (`workspace.workspaceEdit.snippetEditSupport`).
    Lsp,
    /// rust-analyzer's extension (`experimental.snippetTextEdit`): `insertTextFormat: 2` on an edit.
    Experimental,
}

/// What a code action request is about.
pub struct ActionContext<'a> {
    pub uri: &'a Url,
    pub version: i32,
    pub text: &'a str,
    pub path: Option<&'a Path>,
    pub lint: &'a DocumentLint,
    pub encoding: Encoding,
    pub snippets: Snippets,
}

/// One edit, as plain text and (when it has a placeholder to select) as a snippet.
struct OutEdit {
    range: std::ops::Range<usize>,
    plain: String,
    snippet: Option<String>,
}

/// `$`, `}` and `\` are special in a snippet.
fn escape_snippet(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` with its first occurrence of `selected` as the snippet's placeholder.
fn snippet_selecting(text: &str, selected: &str) -> Option<String> {
    let at = text.find(selected)?;
    Some(format!(
        "{}${{1:{}}}{}",
        escape_snippet(&text[..at]),
        escape_snippet(selected),
        escape_snippet(&text[at + selected.len()..])
    ))
}

impl ActionContext<'_> {
    /// The code actions for `range`, of the kinds in `only` (all when `None`).
    pub fn actions(&self, range: lsp_types::Range, only: Option<&[CodeActionKind]>) -> Vec<Value> {
        let wanted = |kind: &str| {
            only.is_none_or(|only| {
                only.iter().any(|o| {
                    let o = o.as_str();
                    kind == o || kind.strip_prefix(o).is_some_and(|r| r.starts_with('.'))
                })
            })
        };
        let index = LineIndex::new(self.text);
        let requested = index.byte_range(self.text, range, self.encoding);
        let mut fixes = Vec::new();
        let mut suppressions = Vec::new();
        if wanted(CodeActionKind::QUICKFIX.as_str()) {
            for d in &self.lint.linted.diagnostics {
                let r = &d.span.range;
                if !(r.start <= requested.end && requested.start <= r.end) {
                    continue;
                }
                if let Some(fix) = &d.fix
                    && let Some(action) = self.quick_fix(d, fix, &index)
                {
                    fixes.push(action);
                }
                if let Some(action) = self.suppress(d, &index) {
                    suppressions.push(action);
                }
            }
        }
        // Preferred (safe) fixes first.
        fixes.sort_by_key(|a| a.get("isPreferred") != Some(&Value::Bool(true)));
        let mut out = fixes;
        out.extend(suppressions);
        if wanted(FIX_ALL)
            && let Some(action) = self.fix_all(&index)
        {
            out.push(action);
        }
        out
    }

    fn quick_fix(&self, d: &Diagnostic, fix: &Fix, index: &LineIndex) -> Option<Value> {
        if !fix.is_within(self.lint.file) || fix.edits.is_empty() {
            return None;
        }
        let mut edits: Vec<OutEdit> = fix
            .edits
            .iter()
            .map(|e| OutEdit {
                range: e.range.clone(),
                plain: e.text.clone(),
                snippet: None,
            })
            .collect();
        let (title, preferred) = match fix.applicability {
            Applicability::Safe => (fix.message.clone(), true),
            Applicability::Unsafe => (format!("{} (unsafe)", fix.message), false),
            Applicability::DisplayOnly => {
                // The session id insertion: the expression (or the placeholder) selected for typing.
                let expr = self
                    .lint
                    .settings
                    .session_id_expr_for(self.path)
                    .unwrap_or(PLACEHOLDER);
                let edit = edits.iter_mut().find(|e| e.plain.contains(expr))?;
                edit.snippet = snippet_selecting(&edit.plain, expr);
                let title = match &fix.note {
                    Some(note) => {
                        format!("{} (type the session id expression: {note})", fix.message)
                    }
                    None => format!("{} (type the session id expression)", fix.message),
                };
                (title, false)
            }
        };
        let mut action = self.action(&title, CodeActionKind::QUICKFIX.as_str(), &edits, index);
        action["isPreferred"] = Value::Bool(preferred);
        action["diagnostics"] = json!([to_lsp(
            d,
            self.lint.file,
            self.uri,
            self.text,
            index,
            self.encoding,
            &self.lint.settings
        )]);
        Some(action)
    }

    /// "Suppress on this line": a `dr-session-lint-ignore-next-line` comment above the diagnostic's
    /// line, with a reason to type.
    fn suppress(&self, d: &Diagnostic, index: &LineIndex) -> Option<Value> {
        if matches!(
            d.rule,
            Rule::ParseError
                | Rule::InternalError
                | Rule::IoError
                | Rule::SkippedFile
                | Rule::InvalidSuppression
                | Rule::UnusedSuppression
        ) || d.span.file != self.lint.file
        {
            return None;
        }
        let line = index.line_of(d.span.range.start);
        let at = index.line_start(self.text, line);
        // In a page or template, the comment must land inside a script.
        if let Language::Template(_) = self.lint.language {
            let units = Units::of(self.text, self.lint.language);
            if !units.parts.iter().any(|(r, _)| r.start <= at && at < r.end) {
                return None;
            }
        }
        let rest = &self.text[at..];
        let indent: String = rest
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let line_text = &rest[..rest.find('\n').map_or(rest.len(), |i| i + 1)];
        let eol = if line_text.ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let rule = d.rule.id();
        let head = format!("{indent}// dr-session-lint-ignore-next-line {rule} -- ");
        let edit = OutEdit {
            range: at..at,
            plain: format!("{head}<reason>{eol}"),
            snippet: Some(format!("{}${{1:reason}}{eol}", escape_snippet(&head))),
        };
        let title = format!("Suppress `{rule}` on this line");
        let mut action = self.action(&title, CodeActionKind::QUICKFIX.as_str(), &[edit], index);
        action["diagnostics"] = json!([to_lsp(
            d,
            self.lint.file,
            self.uri,
            self.text,
            index,
            self.encoding,
            &self.lint.settings
        )]);
        Some(action)
    }

    /// The safe fixes of the whole document, applied as `--fix` applies them.
    fn fix_all(&self, index: &LineIndex) -> Option<Value> {
        let any_safe = self.lint.linted.diagnostics.iter().any(|d| {
            d.fix.as_ref().is_some_and(|f| {
                f.applicability == Applicability::Safe && f.is_within(self.lint.file)
            })
        });
        if !any_safe {
            return None;
        }
        let fixed = crate::apply::fix_bytes(
            self.lint.file,
            self.path,
            self.text.as_bytes(),
            self.lint.linted.clone(),
            self.lint.language,
            &self.lint.settings,
            false,
        );
        if fixed.problem.is_some() {
            return None;
        }
        let new = String::from_utf8(fixed.bytes).ok()?;
        let edit = minimal_edit(self.text, &new)?;
        Some(self.action(
            "Fix all safe dr-session-lint problems",
            FIX_ALL,
            &[edit],
            index,
        ))
    }

    /// A code action with these edits, as snippets where the client takes them.
    fn action(&self, title: &str, kind: &str, edits: &[OutEdit], index: &LineIndex) -> Value {
        let range = |e: &OutEdit| index.range(self.text, e.range.clone(), self.encoding);
        let has_snippet = edits.iter().any(|e| e.snippet.is_some());
        let edit = match self.snippets {
            Snippets::Lsp if has_snippet => {
                let list: Vec<Value> = edits
                    .iter()
                    .map(|e| match &e.snippet {
                        Some(s) => {
                            json!({"range": range(e), "snippet": {"kind": "snippet", "value": s}})
                        }
                        None => json!({"range": range(e), "newText": e.plain}),
                    })
                    .collect();
                json!({"documentChanges": [{
                    "textDocument": {"uri": self.uri, "version": self.version},
                    "edits": list,
                }]})
            }
            Snippets::Experimental if has_snippet => {
                let list: Vec<Value> = edits
                    .iter()
                    .map(|e| match &e.snippet {
                        Some(s) => json!({"range": range(e), "newText": s, "insertTextFormat": 2}),
                        None => json!({"range": range(e), "newText": escape_snippet(&e.plain), "insertTextFormat": 2}),
                    })
                    .collect();
                json!({"documentChanges": [{
                    "textDocument": {"uri": self.uri, "version": self.version},
                    "edits": list,
                }]})
            }
            _ => {
                let list: Vec<Value> = edits
                    .iter()
                    .map(|e| json!({"range": range(e), "newText": e.plain}))
                    .collect();
                json!({"changes": {self.uri.as_str(): list}})
            }
        };
        json!({"title": title, "kind": kind, "edit": edit})
    }
}

/// One edit that turns `old` into `new`: the part between their common prefix and suffix (on
/// character boundaries). `None` when they are equal.
fn minimal_edit(old: &str, new: &str) -> Option<OutEdit> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Some(OutEdit {
        range: prefix..old.len() - suffix,
        plain: new[prefix..new.len() - suffix].to_string(),
        snippet: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edit_keeps_common_ends_and_snippets_escape() {
        let e = minimal_edit("a😀b{x}c", "a😀b{y, z}c").unwrap();
        assert_eq!(e.range, 7..8);
        assert_eq!(e.plain, "y, z");
        assert!(minimal_edit("same", "same").is_none());
        assert_eq!(
            snippet_selecting("{ sessionId: <x>, a: '$}' }", "<x>").unwrap(),
            "{ sessionId: ${1:<x>}, a: '\\$\\}' \\}"
        );
    }
}
