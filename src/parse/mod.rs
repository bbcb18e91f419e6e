//! The parser: pest grammar (`grammar/flow.pest`) to [`ast::File`].
//!
//! [`parse`] never fails and never panics: it returns the statements it could
//! read and every syntax error it found, in source order.
//!
//! How it goes:
//! 1. Input checks ([`scan`]): invalid UTF-8 stops everything (one error);
//!    control characters, bidirectional overrides/isolates (Trojan source)
//!    and lone carriage returns are reported wherever they are, strings and
//!    comments included.
//! 2. The grammar's `statements` rule reads as many whole statements as it
//!    can; [`build`] turns them into AST items (reporting values of the wrong
//!    shape, unknown levels and over-long names as it goes).
//! 3. Where it stopped, `one_statement` re-reads that statement alone, and
//!    [`errors`] turns pest's error into a plain-words diagnostic.
//! 4. The driver skips to the next line that starts a statement and goes
//!    back to 2, until the end of the file or [`MAX_ERRORS`] errors.
//!
//! Limits (each exceeded limit is an error that names it): a file of at
//! most [`MAX_FILE_BYTES`] bytes, names of at most [`MAX_NAME_CHARS`]
//! characters, strings of at most [`MAX_STRING_CHARS`] characters. The
//! grammar is not recursive, so nesting cannot exhaust the stack, and every
//! step is linear in the input.

mod build;
mod errors;
mod grammar;
mod scan;

use pest::Parser as _;

use crate::ast;
use crate::diagnostic::{messages, Diagnostic};
use crate::source::{Source, Span};

use self::grammar::{FlowParser, Rule};

/// At most this many errors are reported per file; then one more error says
/// that the parser stopped.
pub const MAX_ERRORS: usize = 200;

/// The longest name (identifier) accepted, in characters.
pub const MAX_NAME_CHARS: usize = 256;

/// The longest string accepted, in characters (quotes excluded).
pub const MAX_STRING_CHARS: usize = 10_000;

/// The largest file accepted, in bytes (64 MiB: far beyond any real flow,
/// well inside the 32-bit spans).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// What the parser produced: the statements it could read, and its errors.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The statements read (complete only when `diagnostics` holds no error).
    pub file: ast::File,
    /// Syntax and input errors.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a source file.
pub fn parse(source: &Source) -> Parsed {
    if let Some(at) = source.invalid_utf8 {
        return Parsed {
            file: ast::File::default(),
            diagnostics: vec![messages::invalid_utf8(at)],
        };
    }
    let text = source.text.as_str();
    if text.len() > MAX_FILE_BYTES {
        return Parsed {
            file: ast::File::default(),
            diagnostics: vec![messages::file_too_large(text.len(), MAX_FILE_BYTES)],
        };
    }

    let mut diagnostics = scan::scan(text);
    let hidden: Vec<Span> = diagnostics.iter().map(|d| d.span).collect();
    let mut builder = build::Builder::new(text);
    let mut pos = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut stopped_at = None;

    while pos < text.len() {
        let slice = text.get(pos..).unwrap_or("");
        let end = match FlowParser::parse(Rule::statements, slice) {
            Ok(pairs) => {
                let mut end = pos;
                for pair in pairs {
                    end = pos + pair.as_span().end();
                    builder.statements(pair, pos);
                }
                end
            }
            // `statement*` cannot fail; pest's own resource limits can.
            Err(_) => pos,
        };
        pos = scan::skip_trivia(text, end.max(pos));
        if pos >= text.len() {
            break;
        }
        if builder.error_count() + diagnostics.len() >= MAX_ERRORS {
            stopped_at = Some(pos);
            break;
        }
        let slice = text.get(pos..).unwrap_or("");
        let (error_pos, in_block) = match FlowParser::parse(Rule::one_statement, slice) {
            Ok(pairs) => {
                // Cannot happen (`statements` would have read it), but if it
                // does, keep the statement and go on after it.
                let mut end = pos;
                for pair in pairs {
                    end = pos + pair.as_span().end();
                    builder.statements(pair, pos);
                }
                pos = end.max(pos + 1);
                continue;
            }
            Err(err) => {
                let (diag, at, in_block) = errors::diagnose(text, pos, &err);
                let covered = hidden
                    .iter()
                    .any(|s| s.start as usize <= at && at < s.end as usize)
                    || scan::is_hidden_at(text, at);
                if !covered {
                    builder.push(diag);
                }
                (at, in_block)
            }
        };
        pos = scan::resync(text, pos, error_pos, in_block);
    }

    diagnostics.append(&mut builder.diagnostics);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    if diagnostics.len() > MAX_ERRORS || stopped_at.is_some() {
        diagnostics.truncate(MAX_ERRORS);
        let at =
            stopped_at.unwrap_or_else(|| diagnostics.last().map_or(0, |d| d.span.end as usize));
        diagnostics.push(messages::too_many_errors(Span::new(at, at), MAX_ERRORS));
    }
    Parsed {
        file: ast::File {
            items: builder.items,
        },
        diagnostics,
    }
}
