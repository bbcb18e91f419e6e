//! Turning pest's error for one statement into a diagnostic in plain words.
//!
//! pest reports the rules it tried at the farthest position it reached. Each
//! rule is mapped to what a user would call it ("a string", "\"{\"", "a
//! field of a post block (duty, …)"); the token found there and the token
//! before it are read with the small lexer of [`super::scan`]. Strings get
//! their own messages (unclosed on the line, unknown escape), and look-alike
//! punctuation (`→`, `：`, `“”`) a help line with the ASCII form.

use pest::error::{Error, ErrorVariant, InputLocation};

use crate::diagnostic::messages::{self, BlockKind, Expected, Found, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

use super::build::value_kind_of;
use super::grammar::Rule;
use super::scan::{self, StrEnd, Tok, STATEMENT_KEYWORDS};

/// What the small lexer learnt about the statement up to the error.
struct Context {
    /// The first token of the statement (its keyword, or the first node name).
    first: String,
    /// The token before the error: its text and span.
    prev: Option<(String, Span)>,
    /// Open braces: where each was written and which block it opens.
    open: Vec<(Span, BlockKind)>,
    /// The last `risk` keyword's position, to tell risk blocks apart.
    saw_risk: bool,
}

/// Reads tokens of the statement from `start` up to `end`.
fn context(text: &str, start: usize, end: usize) -> Context {
    let mut cx = Context {
        first: String::new(),
        prev: None,
        open: Vec::new(),
        saw_risk: false,
    };
    let mut pos = scan::skip_trivia(text, start);
    while pos < end {
        let Some((tok, tok_end)) = scan::token_at(text, pos) else {
            break;
        };
        let word = text.get(pos..tok_end).unwrap_or("");
        if cx.first.is_empty() {
            cx.first = word.to_string();
        }
        match tok {
            Tok::Char('{') => {
                let kind = if cx.open.is_empty() {
                    match cx.first.as_str() {
                        "power" | "职权" => BlockKind::Power,
                        "post" | "岗位" => BlockKind::Post,
                        _ => BlockKind::Node,
                    }
                } else if cx.saw_risk {
                    BlockKind::Risk
                } else {
                    BlockKind::Node
                };
                cx.open.push((Span::new(pos, tok_end), kind));
                cx.saw_risk = false;
            }
            Tok::Char('}') => {
                cx.open.pop();
            }
            Tok::Name if matches!(word, "risk" | "风险") => cx.saw_risk = true,
            _ => {}
        }
        cx.prev = Some((word.to_string(), Span::new(pos, tok_end)));
        pos = scan::skip_trivia(text, tok_end.max(pos + 1));
    }
    cx
}

/// The diagnostic for the statement starting at `stmt_start` that failed
/// with `err` (positions in `err` are relative to `stmt_start`), and the
/// absolute byte position of the error, and whether it is inside a block.
pub(super) fn diagnose(
    text: &str,
    stmt_start: usize,
    err: &Error<Rule>,
) -> (Diagnostic, usize, bool) {
    let rel = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    // pest stops after whitespace, except inside one-line constructs (a
    // label, `@NAME`), where it may stop at a line end.
    let raw_at = floor(text, (stmt_start + rel).min(text.len()));
    let at = scan::skip_inline_space(text, raw_at);
    let positives: &[Rule] = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    };
    let cx = context(text, stmt_start, at);

    // A string that is itself broken gets its own message.
    if text.get(at..).is_some_and(|s| s.starts_with('"')) {
        let rest = &text[at..];
        match scan::string_end(rest) {
            (len, StrEnd::LineEnd) => {
                // The string probably goes on over the next line: resume at
                // a line that surely starts a statement.
                return (
                    messages::unterminated_string(Span::new(at, at + len), false),
                    at,
                    true,
                );
            }
            (len, StrEnd::FileEnd) => {
                return (
                    messages::unterminated_string(Span::new(at, at + len), true),
                    at,
                    false,
                );
            }
            (_, StrEnd::BadEscape(i)) => {
                let esc_len = rest[i + 1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
                let span = Span::new(at + i, at + i + esc_len);
                let escape = text.get(span.range()).unwrap_or("\\");
                return (
                    messages::invalid_escape(span, escape),
                    at,
                    !cx.open.is_empty(),
                );
            }
            (_, StrEnd::Closed) => {}
        }
    }

    let block = cx.open.last().map_or(BlockKind::Node, |&(_, k)| k);
    let value_kind = cx.prev.as_ref().and_then(|(w, _)| {
        if cx.open.is_empty() && !matches!(w.as_str(), "deadline" | "期限") {
            None
        } else {
            value_kind_of(w)
        }
    });
    let mut expected: Vec<Expected> = Vec::new();
    for &rule in positives {
        let e = match rule {
            Rule::statements
            | Rule::one_statement
            | Rule::kw_power
            | Rule::kw_post
            | Rule::kw_party
            | Rule::node_kw => Expected::Statement,
            Rule::statement_end | Rule::EOI => Expected::StatementEnd,
            Rule::name => match value_kind {
                Some(k) => Expected::Value(k),
                None => Expected::Name,
            },
            Rule::string | Rule::amount | Rule::number | Rule::word => match value_kind {
                Some(k) => Expected::Value(k),
                None if rule == Rule::string => Expected::Str,
                None => Expected::Name,
            },
            Rule::unit => Expected::Value(ValueKind::Deadline),
            Rule::lbrace | Rule::block | Rule::risk_block => Expected::LBrace,
            Rule::rbrace => Expected::RBrace,
            Rule::arrow => Expected::Arrow,
            Rule::label => Expected::Label,
            Rule::post_ref => Expected::PostRef,
            Rule::header_deadline | Rule::kw_deadline => Expected::HeaderDeadline,
            Rule::field | Rule::field_name | Rule::kw_risk | Rule::risk => Expected::Field(block),
            Rule::risk_tag => Expected::RiskTag,
            _ => continue,
        };
        if !expected.contains(&e) {
            expected.push(e);
        }
    }
    if expected.contains(&Expected::StatementEnd) {
        expected.retain(|e| *e != Expected::Statement);
    }
    if expected.contains(&Expected::RiskTag) {
        // The risk-tag wording already mentions the description string.
        expected.retain(|e| *e != Expected::Str);
    }
    // Right after a statement keyword, `->` (the keyword as a node name) is
    // possible but never what the user meant.
    let after_keyword = cx.prev.as_ref().is_some_and(|(w, s)| {
        s.start as usize == scan::skip_trivia(text, stmt_start)
            && STATEMENT_KEYWORDS.contains(&w.as_str())
    });
    if after_keyword && expected.len() > 1 {
        expected.retain(|e| *e != Expected::Arrow);
    }
    match cx.prev.as_ref().map(|(w, _)| w.as_str()) {
        Some(":") => expected = vec![Expected::LabelValue],
        Some("@") => expected = vec![Expected::Value(ValueKind::PostName)],
        _ => {}
    }
    if expected.is_empty() {
        expected.push(Expected::Statement);
    }
    expected.sort_by_key(|e| e.rank());

    let (found, span) = found_at(text, at);
    let first_at = scan::skip_trivia(text, stmt_start);
    let lookalike = matches!(found, Found::Char(c) if messages::ascii_lookalike_help(c).is_some());
    if expected == [Expected::Arrow]
        && !lookalike
        && cx
            .prev
            .as_ref()
            .is_some_and(|(_, s)| s.start as usize == first_at)
    {
        // A line that begins with an unknown word: say so at the word.
        let (first, first_span) = found_at(text, first_at);
        let mut diag = messages::expected(first_span, &[Expected::Statement], None, &first);
        diag.help = Some(match &first {
            Found::Name(w) => closest_keyword(w)
                .map_or_else(messages::statement_help, messages::did_you_mean_keyword),
            _ => messages::statement_help(),
        });
        return (diag, at, false);
    }
    let after = cx.prev.as_ref().map(|(w, _)| w.as_str());
    let mut diag = messages::expected(span, &expected, after, &found);

    // Help, most specific first.
    diag.help = match &found {
        Found::Char(c) => messages::ascii_lookalike_help(*c),
        _ => None,
    };
    if diag.help.is_none() {
        let prev_word = cx.prev.as_ref().map_or("", |(w, _)| w.as_str());
        if matches!(found, Found::Char('@')) || prev_word == "@" {
            diag.help = Some(messages::post_ref_help());
        } else if (matches!(found, Found::Char(':')) && expected.contains(&Expected::Label))
            || prev_word == ":"
        {
            diag.help = Some(messages::label_help());
        } else if matches!(found, Found::Char('{'))
            && matches!(cx.first.as_str(), "party" | "相对人")
        {
            diag.help = Some(messages::party_block_help());
        } else if expected.contains(&Expected::RBrace) {
            if let Some(&(open, _)) = cx.open.last() {
                diag.help = Some(messages::unclosed_block_help());
                diag.related.push((open, messages::unclosed_block_label()));
            }
        } else if expected == [Expected::Statement] || at == stmt_start {
            diag.help = Some(match &found {
                Found::Name(w) => match closest_keyword(w) {
                    Some(k) => messages::did_you_mean_keyword(k),
                    None => messages::statement_help(),
                },
                _ => messages::statement_help(),
            });
        } else if let (true, Found::Name(w)) = (
            expected.contains(&Expected::LBrace) && value_kind_of_any(&found),
            &found,
        ) {
            diag.help = Some(messages::fields_need_block_help(w));
        } else if let (true, Found::Name(w)) = (
            expected.contains(&Expected::StatementEnd) && at_line_start(text, at),
            &found,
        ) {
            // A line that does not start a statement, after a complete one.
            diag.help = Some(
                closest_keyword(w)
                    .map_or_else(messages::statement_help, messages::did_you_mean_keyword),
            );
        } else if let (true, Found::Name(w)) = (expected.contains(&Expected::PostRef), &found) {
            diag.help = Some(messages::missing_at_help(w));
        } else if let (Some(ValueKind::Text), Found::Name(w) | Found::Number(w)) =
            (value_kind, &found)
        {
            diag.help = Some(messages::quote_text_help(w));
        }
    }
    // Inside a block, or at a block where none may be: resume only at a
    // line that surely starts a statement.
    let strict = !cx.open.is_empty() || matches!(found, Found::Char('{'));
    (diag, at, strict)
}

/// Whether `found` is a field keyword.
fn value_kind_of_any(found: &Found) -> bool {
    matches!(found, Found::Name(w) if value_kind_of(w).is_some() || matches!(w.as_str(), "risk" | "风险"))
}

/// Whether only spaces come before byte `at` on its line.
fn at_line_start(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let line = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    line.chars().all(|c| {
        matches!(
            c,
            ' ' | '\t' | '\r' | ';' | '\u{3000}' | '\u{A0}' | '\u{FEFF}'
        )
    })
}

/// The largest char boundary `<= i`.
fn floor(text: &str, i: usize) -> usize {
    crate::source::floor_char_boundary(text, i)
}

/// The token at `at`, described, and its span.
fn found_at(text: &str, at: usize) -> (Found, Span) {
    if text[at..].starts_with(['\n', '\r', '#']) {
        return (Found::EndOfLine, Span::new(at, at));
    }
    match scan::token_at(text, at) {
        None => (Found::EndOfFile, Span::new(text.len(), text.len())),
        Some((tok, end)) => {
            let word = text.get(at..end).unwrap_or("");
            let found = match tok {
                Tok::Name => Found::Name(word.to_string()),
                Tok::Number => Found::Number(word.to_string()),
                Tok::Str => Found::Str,
                Tok::Arrow => Found::Arrow,
                Tok::Char(c) => Found::Char(c),
            };
            (found, Span::new(at, end))
        }
    }
}

/// A statement keyword within edit distance 2 of `word` (case-insensitive
/// for English), if any.
fn closest_keyword(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    STATEMENT_KEYWORDS
        .iter()
        .filter(|k| k.is_ascii())
        .map(|k| (strsim::levenshtein(&lower, k), *k))
        .filter(|&(d, k)| (d == 0 && word != k) || d == 1 || (d == 2 && k.len() >= 4))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}
