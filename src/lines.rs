//! Byte offsets to the positions editors use: 1-based lines and 1-based columns in UTF-16 code units.
//! Lines break at `\n`, `\r\n`, `\r`, U+2028 and U+2029, as JavaScript (and ESLint) count them.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    /// The column in bytes of UTF-8, 1-based (a BOM not counted), for the formats that count bytes
    /// (reviewdog's rdjson). Not part of the JSON report.
    #[serde(skip)]
    pub byte_column: u32,
}

pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // Only the bytes that can break a line are looked at (most of a text is none of them).
        for i in memchr::memchr3_iter(b'\n', b'\r', 0xE2, bytes) {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                // U+2028 / U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
                0xE2 if bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
                {
                    starts.push(i + 3)
                }
                _ => {}
            }
        }
        LineIndex { starts }
    }

    /// The position of byte `offset` of `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = match text.get(start..offset) {
            Some(s) => s.encode_utf16().count(),
            // An offset inside a multi-byte character: count up to the character's start.
            None => text[start..]
                .char_indices()
                .take_while(|(i, _)| start + i < offset)
                .map(|(_, c)| c.len_utf16())
                .sum(),
        };
        // Editors (and ESLint) do not count a byte order mark as a column.
        let bom = line == 0 && text.starts_with('\u{feff}') && offset >= 3;
        Position {
            line: line as u32 + 1,
            column: (column - usize::from(bom)) as u32 + 1,
            offset,
            byte_column: (offset - start - if bom { 3 } else { 0 }) as u32 + 1,
        }
    }

    /// Byte range of line `line` (0-based), without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_all_line_terminators_and_utf16_columns() {
        let text = "a\r\nb\rc\u{2028}d\ne😀x";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0).line, 1);
        assert_eq!(idx.position(text, 3).line, 2);
        assert_eq!(idx.position(text, 5).line, 3);
        let d = text.find('d').unwrap();
        assert_eq!(idx.position(text, d).line, 4);
        let x = text.find('x').unwrap();
        let p = idx.position(text, x);
        assert_eq!((p.line, p.column), (5, 4)); // 'e' (1) + surrogate pair (2) -> column 4
        assert_eq!(p.byte_column, 6); // 'e' (1) + four bytes of UTF-8
        let bom = "\u{feff}ab";
        assert_eq!(LineIndex::new(bom).position(bom, 4).column, 2);
    }
}
