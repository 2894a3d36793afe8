//! Byte offsets <-> LSP positions: 0-based lines (broken at `\n`, `\r\n` and `\r`, as the protocol
//! counts them) and 0-based characters in the encoding negotiated at initialization: UTF-16 code units
//! by default, UTF-8 bytes when the client offers `utf-8`.

use std::ops::Range;

use lsp_types::{Position, PositionEncodingKind};

/// How the `character` of a position counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// The encoding for the client's `general.positionEncodings`: UTF-8 when offered, else UTF-16
    /// (the protocol's default, which every client supports).
    pub fn negotiate(offered: &[String]) -> Encoding {
        if offered.iter().any(|e| e == "utf-8") {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    /// The name the server announces in its capabilities.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The line starts of one text.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex { starts }
    }

    /// The 0-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The byte offset where 0-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, text: &str, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(text.len())
    }

    /// The end of `line`'s content, before its line break.
    fn line_end(&self, text: &str, line: usize) -> usize {
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = &text.as_bytes()[self.line_start(text, line)..end];
        let trim = if content.ends_with(b"\r\n") {
            2
        } else {
            usize::from(content.ends_with(b"\n") || content.ends_with(b"\r"))
        };
        end - trim
    }

    /// The position of byte `offset` (clamped to the text; an offset inside a character counts from
    /// the character's start).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let before = &text[start..offset];
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    /// The LSP range of a byte range.
    pub fn range(&self, text: &str, range: Range<usize>, encoding: Encoding) -> lsp_types::Range {
        lsp_types::Range::new(
            self.position(text, range.start, encoding),
            self.position(text, range.end, encoding),
        )
    }

    /// The byte offset of `position`: a line past the end is the end of the text, a character past the
    /// end of its line is the line's end, and one inside a character (half a surrogate pair, a byte
    /// inside a UTF-8 sequence) is the character's start.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let end = self.line_end(text, line);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (i, c) in text[start..end].char_indices() {
            let width = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if counted + width > wanted {
                return start + i;
            }
            counted += width;
        }
        end
    }

    /// The byte range of an LSP range (start and end put in order).
    pub fn byte_range(
        &self,
        text: &str,
        range: lsp_types::Range,
        encoding: Encoding,
    ) -> Range<usize> {
        let a = self.offset(text, range.start, encoding);
        let b = self.offset(text, range.end, encoding);
        a.min(b)..a.max(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns_round_trip() {
        let text = "a\r\n😀é = x;\rz\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            index.position(text, x, Encoding::Utf16),
            Position::new(1, 6)
        );
        assert_eq!(index.position(text, x, Encoding::Utf8), Position::new(1, 9));
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let p = index.position(text, x, enc);
            assert_eq!(index.offset(text, p, enc), x);
        }
        // Half a surrogate pair is the emoji's start; past the line's end is the line's end.
        assert_eq!(index.offset(text, Position::new(1, 1), Encoding::Utf16), 3);
        assert_eq!(
            index.offset(text, Position::new(2, 40), Encoding::Utf16),
            text.find('z').unwrap() + 1
        );
        assert_eq!(
            index.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        assert_eq!(
            index.position(text, text.find('z').unwrap(), Encoding::Utf16),
            Position::new(2, 0)
        );
    }
}
