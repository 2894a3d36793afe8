//! Where things are: files of a run and byte ranges in them. A leaf: fixes, labels and diagnostics all
//! point with these.

use std::ops::Range;

use serde::Serialize;

/// One file of a run. The driver numbers the files it lints; `FileId(0)` is the only file of a run that
/// lints one text (standard input, a language server document, a unit test).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// A byte range of one file: offsets into the file as it is on disk (a template's own text, not its
/// extracted scripts), `start..end`, in bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span { file, range }
    }

    /// Whether `offset` of the same file lies in this span (its start included, its end too: a call's
    /// name touching the payload's end still counts as inside).
    pub fn contains(&self, file: FileId, offset: usize) -> bool {
        self.file == file && self.range.start <= offset && offset < self.range.end
    }
}
