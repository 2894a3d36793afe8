//! Fixes as plain data (Ruff's `ruff_diagnostics` is the model): a `Fix` is a set of byte-range `Edit`s,
//! in one or more files, applied together or not at all, with an `Applicability`. Building edits is
//! `check::edits`; applying them to files is `apply` and the per-file driver.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::span::FileId;

/// How sure a fix is (Ruff's and rustc's tiers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never applied: it contains a placeholder (no `--session-id-expr`).
    DisplayOnly,
    /// Applied only with `--unsafe-fixes`: it may change behavior (it drops a call, or a write made on
    /// some paths only).
    Unsafe,
    /// Applied by `--fix`.
    Safe,
}

/// Replace bytes `range` of `file` (offsets into the file as it is on disk) by `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub range: Range<usize>,
    pub text: String,
}

/// Edits applied together or not at all. `edits` are sorted by file, then position, and never overlap.
#[derive(Clone, Debug)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, for reports and editors: "Add `sessionId` and remove 2 redundant fields".
    pub message: String,
    pub edits: Vec<Edit>,
    /// Why a fix is not safe: why a display-only fix is not applied (when it is not just a missing
    /// `--session-id-expr`: "`checkout` is not defined here"), or why an unsafe one is unsafe.
    pub note: Option<String>,
}

impl Fix {
    /// The fix's edits grouped by file, each group in position order.
    pub fn edits_by_file(&self) -> BTreeMap<FileId, Vec<&Edit>> {
        let mut out: BTreeMap<FileId, Vec<&Edit>> = BTreeMap::new();
        for e in &self.edits {
            out.entry(e.file).or_default().push(e);
        }
        for edits in out.values_mut() {
            edits.sort_by_key(|e| (e.range.start, e.range.end));
        }
        out
    }

    /// Whether every edit is in `file`.
    pub fn is_within(&self, file: FileId) -> bool {
        self.edits.iter().all(|e| e.file == file)
    }
}

/// Apply non-overlapping edits (sorted by position) to the original bytes.
pub fn apply_edits(bytes: &[u8], edits: &[&Edit]) -> Vec<u8> {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for e in sorted {
        let start = e.range.start.clamp(at, bytes.len());
        out.extend_from_slice(&bytes[at..start]);
        out.extend_from_slice(e.text.as_bytes());
        at = e.range.end.clamp(start, bytes.len());
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(file: u32, range: Range<usize>, text: &str) -> Edit {
        Edit {
            file: FileId(file),
            range,
            text: text.into(),
        }
    }

    #[test]
    fn applies_sorted_edits_and_groups_them_by_file() {
        let a = edit(0, 4..5, "");
        let b = edit(0, 0..0, "x");
        assert_eq!(apply_edits(b"abcdef", &[&a, &b]), b"xabcdf");
        let fix = Fix {
            applicability: Applicability::Safe,
            message: String::new(),
            edits: vec![edit(1, 3..4, ""), a.clone(), edit(1, 0..1, "")],
            note: None,
        };
        let groups = fix.edits_by_file();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[&FileId(1)][0].range, 0..1);
        assert!(!fix.is_within(FileId(0)));
    }
}
