//! The parser: pest grammar (`grammar/flow.pest`) to [`ast::File`].
//!
//! [`parse`] never fails and never panics: it returns the statements it could
//! read and every syntax error it found, in source order.
//!
//! How it goes:
//! 1. Input checks (`scan`): invalid UTF-8 stops everything (one error);
//!    control characters, bidirectional overrides/isolates (Trojan source)
//!    and lone carriage returns are reported wherever they are, strings and
//!    comments included.
//! 2. The grammar's `statements` rule reads as many whole statements as it
//!    can, in windows of about `CHUNK_BYTES` cut at statement lines (so
//!    pest's token queue stays small); `build` turns them into AST items
//!    (reporting values of the wrong shape, unknown levels and over-long
//!    names as it goes).
//! 3. Where it stopped, `one_statement` (a statement and a check of what
//!    follows it) re-reads the previous statement, or failing that the one
//!    at the stop, and `errors` turns pest's error into a plain-words
//!    diagnostic.
//! 4. The driver skips to the next line that starts a statement
//!    (`scan::resync`) and goes back to 2, until the end of the file or
//!    [`MAX_ERRORS`] errors.
//!
//! After a syntax error the AST is partial (a statement is kept as far as it
//! parsed), so [`crate::compile`] does not run the checker on it.
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

/// Statements are handed to pest in windows of about this many bytes, cut
/// at lines that start a statement, so that pest's token queue (some 30
/// bytes per input byte) stays small however large the file.
const CHUNK_BYTES: usize = 1 << 16;

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
    parse_windowed(source, CHUNK_BYTES)
}

/// Parses the one statement at `start` with `one_statement`, handing pest
/// only the text up to the next statement line (so an error costs the
/// statement, not the rest of the file). Only when the statement runs into
/// that cut (a block left open across it) is the rest of the file used.
fn one_statement<'i>(
    text: &'i str,
    start: usize,
    cuts: &scan::Cuts,
) -> Result<pest::iterators::Pairs<'i, Rule>, pest::error::Error<Rule>> {
    let rest = text.get(start..).unwrap_or("");
    let cut = cuts.at_or_after(start.saturating_add(1));
    let bounded = text.get(start..cut).unwrap_or(rest);
    if bounded.len() == rest.len() {
        return FlowParser::parse(Rule::one_statement, rest);
    }
    match FlowParser::parse(Rule::one_statement, bounded) {
        Ok(pairs) => Ok(pairs),
        Err(err) => {
            let at = match err.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((_, e)) => e,
            };
            if at >= bounded.trim_end().len() {
                FlowParser::parse(Rule::one_statement, rest)
            } else {
                Err(err)
            }
        }
    }
}

/// [`parse`] with pest windows of `chunk` bytes (tests use tiny windows to
/// show that the result does not depend on where windows are cut).
fn parse_windowed(source: &Source, chunk: usize) -> Parsed {
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

    let cuts = scan::Cuts::new(text);
    let mut window = chunk;
    while pos < text.len() {
        // Read whole statements from `pos` up to a cut at a statement line
        // about `window` bytes ahead (so pest's token queue stays small).
        let cut = cuts.at_or_after(pos.saturating_add(window));
        let slice = text.get(pos..cut).unwrap_or("");
        let parsed = FlowParser::parse(Rule::statements, slice);
        // `statement*` cannot fail; pest's own resource limits can (then
        // the statement at `pos` is diagnosed below).
        let stmts: Vec<_> = match parsed {
            Ok(pairs) => pairs.flat_map(|p| p.into_inner()).collect(),
            Err(_) => Vec::new(),
        };
        let end = stmts.last().map_or(pos, |p| pos + p.as_span().end());
        let stop = scan::skip_trivia(text, end);
        if stop < cut && cut < text.len() {
            // Stopped inside a window that is not the last: the last
            // statement read may have been cut short by the window's end
            // (a block closed beyond it). Keep all but that one and read it
            // again at the start of a window, growing the window if it
            // already was there.
            match stmts.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    for pair in rest {
                        builder.statement(pair.clone(), pos);
                    }
                    pos += last.as_span().start();
                }
                _ => window = window.saturating_mul(4),
            }
            continue;
        }
        let last_start = stmts.last().map(|p| pos + p.as_span().start());
        for pair in stmts {
            builder.statement(pair, pos);
        }
        if stop >= cut {
            pos = stop;
            window = chunk;
            continue;
        }
        pos = stop;
        window = chunk;
        if builder.error_count() + diagnostics.len() >= MAX_ERRORS {
            stopped_at = Some(pos);
            break;
        }
        // Did the previous statement end badly (garbage after it), or does
        // the statement at `pos` fail? Ask about the previous one first.
        let failed = last_start.and_then(|prev| {
            one_statement(text, prev, &cuts)
                .err()
                .map(|err| (prev, err))
        });
        let failed = match failed {
            Some(f) => Err(f),
            None => one_statement(text, pos, &cuts).map_err(|err| (pos, err)),
        };
        let (error_pos, in_block) = match failed {
            Ok(pairs) => {
                // Cannot happen (`statements` would have read it), but if it
                // does, keep the statement and go on after it.
                let mut end = pos;
                for pair in pairs.flat_map(|p| p.into_inner()) {
                    if pair.as_rule() != Rule::statement_end {
                        end = pos + pair.as_span().end();
                        builder.statement(pair, pos);
                    }
                }
                pos = end.max(pos + 1);
                continue;
            }
            Err((start, err)) => {
                let (diag, at, in_block) = errors::diagnose(text, start, &err);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_do_not_change_the_result() {
        let mut text = String::new();
        for name in ["licensing.flow", "approval.flow"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(name);
            text.push_str(&std::fs::read_to_string(path).unwrap_or_default());
        }
        text.push_str(
            "step 甲 {\n  post 受理岗\n  deadline 5 工作日\n}\nstep 乙 {\n  post\n}\n甲 -> 乙\n",
        );
        let source = Source::new("w.flow", text);
        let whole = parse_windowed(&source, usize::MAX / 8);
        assert!(whole.file.items.len() > 40);
        for chunk in [1, 7, 64, 300] {
            let windowed = parse_windowed(&source, chunk);
            assert_eq!(windowed.file, whole.file, "window {chunk}");
            assert_eq!(windowed.diagnostics, whole.diagnostics, "window {chunk}");
        }
    }
}
