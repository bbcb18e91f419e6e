//! Character-level helpers of the parser: the input check for forbidden
//! characters, skipping whitespace and comments, a tiny token reader used
//! to explain errors, and resynchronisation after an error.

use crate::diagnostic::{messages, Diagnostic};
use crate::source::Span;

/// Whether `c` is one of the bidirectional embedding, override or isolate
/// controls (U+202A–U+202E, U+2066–U+2069) used in Trojan-source attacks.
pub(super) fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is a control character the language does not allow
/// (everything but tab, line feed and carriage return).
pub(super) fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether the character at byte `at` is one that [`scan`] reports.
pub(super) fn is_hidden_at(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| is_bidi(c) || is_forbidden_control(c))
}

/// Reports forbidden characters anywhere in the text (strings and comments
/// included): one error per run of equal characters.
pub(super) fn scan(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let lone_cr = c == '\r' && chars.peek().is_none_or(|&(_, n)| n != '\n');
        if !(is_bidi(c) || is_forbidden_control(c) || lone_cr) {
            continue;
        }
        let mut end = at + c.len_utf8();
        while let Some(&(next_at, next)) = chars.peek() {
            if next != c || (lone_cr && text[next_at..].starts_with("\r\n")) {
                break;
            }
            end = next_at + next.len_utf8();
            chars.next();
        }
        let span = Span::new(at, end);
        out.push(if lone_cr {
            messages::lone_carriage_return(span)
        } else if is_bidi(c) {
            messages::bidi_character(span, c)
        } else {
            messages::control_character(span, c)
        });
        if out.len() > super::MAX_ERRORS {
            break;
        }
    }
    out
}

/// Whether `c` separates tokens (the grammar's WHITESPACE).
pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | ';' | '\u{3000}' | '\u{A0}')
}

/// The first byte at or after `pos` that is not whitespace or comment.
pub(super) fn skip_trivia(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        let Some(rest) = text.get(pos..) else {
            return text.len();
        };
        let Some(c) = rest.chars().next() else {
            return text.len();
        };
        if is_space(c) {
            pos += c.len_utf8();
        } else if c == '#' {
            pos = bytes[pos..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |i| pos + i);
        } else {
            return pos;
        }
    }
}

/// The first byte at or after `pos` that is not a space or tab (on the same line).
pub(super) fn skip_inline_space(text: &str, pos: usize) -> usize {
    let Some(rest) = text.get(pos..) else {
        return text.len();
    };
    let trimmed = rest.trim_start_matches([' ', '\t', ';', '\u{3000}', '\u{A0}']);
    pos + (rest.len() - trimmed.len())
}

/// A token as the error explainer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    /// A name (or keyword).
    Name,
    /// Digits.
    Number,
    /// A string (possibly unterminated: then it ends at the line end).
    Str,
    /// `->`.
    Arrow,
    /// Any other single character.
    Char(char),
}

/// Reads the token at `pos` (which must not be whitespace): its kind and end.
pub(super) fn token_at(text: &str, pos: usize) -> Option<(Tok, usize)> {
    let rest = text.get(pos..)?;
    let c = rest.chars().next()?;
    if c == '_' || pest::unicode::XID_START(c) {
        let len = rest
            .char_indices()
            .skip(1)
            .find(|&(_, ch)| !pest::unicode::XID_CONTINUE(ch))
            .map_or(rest.len(), |(i, _)| i);
        return Some((Tok::Name, pos + len));
    }
    if c.is_ascii_digit() {
        let len = rest
            .bytes()
            .position(|b| !(b.is_ascii_digit() || b == b'.'))
            .unwrap_or(rest.len());
        return Some((Tok::Number, pos + len));
    }
    if c == '"' {
        return Some((Tok::Str, pos + string_end(rest).0));
    }
    if rest.starts_with("->") {
        return Some((Tok::Arrow, pos + 2));
    }
    Some((Tok::Char(c), pos + c.len_utf8()))
}

/// How a string starting at the beginning of `s` (with `"`) ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StrEnd {
    /// Closed by a quote.
    Closed,
    /// A line break came first.
    LineEnd,
    /// The file ended first.
    FileEnd,
    /// An unknown escape at this byte offset (relative to `s`).
    BadEscape(usize),
}

/// The length of the string at the start of `s` (to its closing quote, or
/// up to the line end / file end when unterminated), and how it ends.
pub(super) fn string_end(s: &str) -> (usize, StrEnd) {
    let mut chars = s.char_indices().skip(1);
    let mut bad_escape = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let end = i + 1;
                return (end, bad_escape.map_or(StrEnd::Closed, StrEnd::BadEscape));
            }
            '\\' => match chars.next() {
                Some((_, '"' | '\\' | 'n')) => {}
                Some((_, '\n' | '\r')) | None => {
                    return (i + 1, StrEnd::LineEnd);
                }
                Some(_) => {
                    bad_escape.get_or_insert(i);
                }
            },
            '\n' | '\r' => return (i, StrEnd::LineEnd),
            _ => {}
        }
    }
    (s.len(), StrEnd::FileEnd)
}

/// Statement keywords, in both languages.
pub(super) const STATEMENT_KEYWORDS: &[&str] = &[
    "power",
    "职权",
    "post",
    "岗位",
    "party",
    "相对人",
    "start",
    "开始",
    "end",
    "结束",
    "step",
    "步骤",
    "decide",
    "判断",
];

/// Whether a line's first token (at `pos`) starts a statement: a statement
/// keyword, or a name followed (on that line) by `->` or a look-alike arrow.
fn starts_statement(text: &str, pos: usize) -> bool {
    let Some((Tok::Name, end)) = token_at(text, pos) else {
        return false;
    };
    let word = &text[pos..end];
    if STATEMENT_KEYWORDS.contains(&word) {
        return true;
    }
    let after = text[end..].trim_start_matches([' ', '\t', '\u{3000}', '\u{A0}']);
    after.starts_with("->") || after.starts_with(['→', '⟶', '➔', '—', '－', '–'])
}

/// Where to resume after an error at `error_pos` in the statement that
/// starts at `stmt_start`: the first line after the statement's first line
/// whose first token does not come before the error and starts a statement
/// (a statement keyword, or a name and an arrow). When the error is not
/// inside a block, any line that begins with a name will do, so that a
/// misspelt keyword on the next line is reported too. Returns `text.len()`
/// when there is none; always beyond `stmt_start`.
pub(super) fn resync(text: &str, stmt_start: usize, error_pos: usize, in_block: bool) -> usize {
    let bytes = text.as_bytes();
    let mut line_start = match bytes
        .get(stmt_start..)
        .and_then(|b| b.iter().position(|&b| b == b'\n'))
    {
        Some(i) => stmt_start + i + 1,
        None => return text.len(),
    };
    while line_start < text.len() {
        if let Some(first) = first_token_on_line(text, line_start) {
            let ok = if in_block {
                starts_statement(text, first)
            } else {
                matches!(token_at(text, first), Some((Tok::Name, _)))
            };
            if first >= error_pos && ok {
                return first;
            }
        }
        line_start = match bytes[line_start..].iter().position(|&b| b == b'\n') {
            Some(i) => line_start + i + 1,
            None => return text.len(),
        };
    }
    text.len()
}

/// The line starts whose first token starts a statement (a statement
/// keyword, or a name and `->`), found once per file so that finding the
/// next one is a binary search, not a rescan of the rest of the file.
/// No statement can continue onto such a line, except a block left open.
pub(super) struct Cuts {
    starts: Vec<usize>,
    len: usize,
}

impl Cuts {
    /// Scans `text` once.
    pub(super) fn new(text: &str) -> Cuts {
        let bytes = text.as_bytes();
        let mut starts = Vec::new();
        for (i, _) in bytes.iter().enumerate().filter(|&(_, &b)| b == b'\n') {
            let line_start = i + 1;
            let Some(&first) = bytes.get(line_start) else {
                break;
            };
            if !(first.is_ascii_alphabetic() || first >= 0x80) {
                continue;
            }
            if let Some((Tok::Name, end)) = token_at(text, line_start) {
                let word = &text[line_start..end];
                let after = text[end..].trim_start_matches([' ', '\t']);
                if STATEMENT_KEYWORDS.contains(&word) || after.starts_with("->") {
                    starts.push(line_start);
                }
            }
        }
        Cuts {
            starts,
            len: text.len(),
        }
    }

    /// The first statement line at or after byte `from`, or the text's end.
    pub(super) fn at_or_after(&self, from: usize) -> usize {
        if from >= self.len {
            return self.len;
        }
        let i = self.starts.partition_point(|&s| s < from);
        self.starts.get(i).copied().unwrap_or(self.len)
    }
}

/// The first token of the line at `line_start`, if the line has one.
fn first_token_on_line(text: &str, line_start: usize) -> Option<usize> {
    let rest = text.get(line_start..)?;
    let skipped = rest
        .char_indices()
        .find(|&(_, c)| !matches!(c, ' ' | '\t' | ';' | '\u{3000}' | '\u{A0}' | '\u{FEFF}'))
        .map(|(i, c)| (line_start + i, c))?;
    match skipped.1 {
        '\n' | '\r' | '#' => None,
        _ => Some(skipped.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_end_at_quote_line_or_file() {
        assert_eq!(string_end(r#""ab" x"#), (4, StrEnd::Closed));
        assert_eq!(string_end("\"ab\nc\""), (3, StrEnd::LineEnd));
        assert_eq!(string_end("\"ab"), (3, StrEnd::FileEnd));
        assert_eq!(string_end(r#""a\tb""#), (6, StrEnd::BadEscape(2)));
        assert_eq!(string_end(r#""a\"b""#), (6, StrEnd::Closed));
    }

    #[test]
    fn resync_finds_the_next_statement_line() {
        let text = "post A {\n  duty x y\n  junk\nstep B\n";
        let err = text.find("y").unwrap();
        assert_eq!(resync(text, 0, err, true), text.find("step").unwrap());
        let text = "A -> B C\n  D\n}\nE -> F\n";
        assert_eq!(resync("x\n{\n\"s\"\nD", 0, 1, false), 8);
        assert_eq!(resync(text, 0, 7, false), text.find("D").unwrap());
        assert_eq!(resync(text, 0, 7, true), text.find("E ->").unwrap());
        assert_eq!(resync("step\n", 0, 4, false), 5);
    }

    #[test]
    fn scan_reports_runs_once() {
        let d = scan("a\0\0\0b\u{202E}c\rd\r\n");
        let names: Vec<_> = d
            .iter()
            .map(|d| (d.name, d.span.start, d.span.end))
            .collect();
        assert_eq!(
            names,
            vec![
                ("control-character", 1, 4),
                ("bidi-character", 5, 8),
                ("control-character", 9, 10),
            ]
        );
    }
}
