//! Source text, byte spans and line/column lookup.
//!
//! Every AST node carries a [`Span`]: a half-open byte range into the
//! [`Source`] text. Columns shown to users are counted in characters, not bytes.

use serde::Serialize;

/// A half-open byte range `start..end` into a [`Source`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end.max(start)).unwrap_or(u32::MAX),
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }

    /// As a `Range<usize>` for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A value with the span it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

/// One input file: its display name and its text.
///
/// Built with [`Source::from_bytes`], which never fails: invalid UTF-8 is
/// replaced (and reported by the parser through [`Source::invalid_utf8`]).
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in diagnostics (a path, or `<stdin>`).
    pub name: String,
    /// The text, with invalid UTF-8 sequences replaced by U+FFFD.
    pub text: String,
    /// Byte offset (in `text`) of the first invalid UTF-8 sequence, if any.
    pub invalid_utf8: Option<usize>,
    line_starts: Vec<usize>,
}

impl Source {
    /// A source from text that is already valid UTF-8.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        let text = text.into();
        let line_starts = line_starts(&text);
        Source {
            name: name.into(),
            text,
            invalid_utf8: None,
            line_starts,
        }
    }

    /// A source from raw bytes; invalid UTF-8 is replaced and remembered.
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Source {
        match std::str::from_utf8(bytes) {
            Ok(text) => Source::new(name, text),
            Err(err) => {
                let at = err.valid_up_to();
                let text = String::from_utf8_lossy(bytes).into_owned();
                let mut source = Source::new(name, text);
                source.invalid_utf8 = Some(at);
                source
            }
        }
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The text of 1-based line `line`, without its line end.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text a span covers (empty if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i + 1),
    );
    starts
}

/// The largest char boundary `<= i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = Source::new("t", "ab\n审核岗 -> x\n");
        let off = src.text.find("->").unwrap();
        assert_eq!(src.line_col(off), (2, 5));
        assert_eq!(src.line_text(2), "审核岗 -> x");
    }

    #[test]
    fn crlf_line_text_has_no_cr() {
        let src = Source::new("t", "a\r\nb\r\n");
        assert_eq!(src.line_text(1), "a");
        assert_eq!(src.line_col(3), (2, 1));
    }

    #[test]
    fn invalid_utf8_is_remembered() {
        let src = Source::from_bytes("t", b"ab\xffcd");
        assert_eq!(src.invalid_utf8, Some(2));
        assert!(src.text.contains('\u{FFFD}'));
    }
}
