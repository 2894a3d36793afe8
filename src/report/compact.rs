//! `--format compact`: one line per diagnostic, `PATH:LINE:COLUMN: SEVERITY[RULE] MESSAGE`, then the
//! summary. The location is the `file:line:col` that terminals (VS Code's, iTerm2, kitty), editors'
//! quickfix lists (Vim's `errorformat` `%f:%l:%c: %m`, Emacs' compilation mode) and reviewdog's
//! `-efm` read as a link, as in Ruff's `concise` format
//! (<https://docs.astral.sh/ruff/settings/#output-format>); the `severity[rule]` part follows rustc's
//! `error[E0308]`. Lines and columns are 1-based; columns count UTF-16 code units, as the JSON report
//! and editors do (the same as characters outside the astral planes).

use super::{FileOutput, ReportItem, findings};

/// The diagnostics, one line each, in report order (files by path, then by position).
pub fn render(files: &[FileOutput]) -> String {
    let mut out = String::new();
    for f in findings(files) {
        line(&mut out, &f);
    }
    out
}

fn line(out: &mut String, f: &ReportItem) {
    out.push_str(&format!(
        "{}:{}:{}: {}[{}] {}\n",
        one_line(f.path),
        f.start.line,
        f.start.column,
        f.severity_name(),
        f.rule.id(),
        one_line(f.message)
    ));
}

/// A line break or another control character (in a file name, or a message quoting one) would break
/// the one-line-per-diagnostic promise: it is shown escaped (`\n`, `\u{1b}`).
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(one_line("a\nb\u{1b}c\té"), "a\\nb\\u{1b}c\\té");
    }
}
