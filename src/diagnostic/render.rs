//! Rendering diagnostics for people (rustc-like) and machines (JSON).
//!
//! The human form is laid out like rustc's:
//!
//! ```text
//! error[unknown-node]: edge to unknown node `审合`
//!   --> examples/x.flow:12:9
//!    |
//! 12 | 审核 -> 审合
//!    |         ^^^^ no node named `审合`
//!    |
//!    = help: did you mean `审核`?
//! ```
//!
//! Columns in the `-->` line count characters; the carets are placed by
//! display width (CJK characters take two terminal columns, a tab four), so
//! they line up under the text they mark. A span that runs over several lines
//! is underlined on its first line. Secondary spans (`related`) are drawn with
//! `-`, each on its own row under the line it points into; every line that
//! carries a mark is shown with its number, and a gap between shown lines is
//! drawn as `...`. Control and bidirectional-override characters are never
//! written to the terminal as they are: in source lines they show as `�`, in
//! messages as `\u{…}`.

use std::fmt::Write as _;

use serde_json::{json, Value};
use unicode_width::UnicodeWidthChar;

use crate::diagnostic::{Diagnostic, Lang, Severity, Text};
use crate::source::{floor_char_boundary, Source, Span};

/// How to render diagnostics for people.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Language of the wording.
    pub lang: Lang,
    /// ANSI colours.
    pub color: bool,
}

/// Display width of a tab in rendered source lines.
const TAB_WIDTH: usize = 4;

/// ANSI styles, or nothing when colour is off.
struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

const BOLD: &str = "1";
const RED: &str = "1;31";
const YELLOW: &str = "1;33";
const BLUE: &str = "1;34";

/// One mark to draw under a source line.
struct Mark<'a> {
    line: usize,
    /// Byte range of the underline within the line's text.
    start: usize,
    end: usize,
    label: Option<&'a Text>,
    primary: bool,
}

/// Lines longer than this many characters are shown cut to a window of
/// this size around the first mark, with `…` where text was left out.
const MAX_SHOWN_CHARS: usize = 160;

/// The byte range of `line` to show, so that the mark starting at byte
/// `focus` is visible.
fn window(line: &str, focus: usize) -> (usize, usize) {
    if line.chars().nth(MAX_SHOWN_CHARS).is_none() {
        return (0, line.len());
    }
    let focus_char = line[..focus.min(line.len())].chars().count();
    let first = focus_char.saturating_sub(40);
    let byte_of = |n: usize| line.char_indices().nth(n).map_or(line.len(), |(i, _)| i);
    let start = byte_of(first);
    let end = byte_of(first + MAX_SHOWN_CHARS);
    (start, end)
}

/// A rustc-like rendering of one diagnostic, ending in a newline.
///
/// Diagnostics rendered one after another are not separated here: the
/// caller prints a blank line between them if it wants one.
pub fn human(diag: &Diagnostic, source: &Source, opts: &RenderOptions) -> String {
    let style = Style { on: opts.color };
    let lang = opts.lang;
    let (sev_word, sev_color) = match (diag.severity, lang) {
        (Severity::Error, Lang::En) => ("error", RED),
        (Severity::Error, Lang::Zh) => ("错误", RED),
        (Severity::Warning, Lang::En) => ("warning", YELLOW),
        (Severity::Warning, Lang::Zh) => ("警告", YELLOW),
    };
    let colon = match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    };

    let mut marks = vec![mark(source, diag.span, diag.label.as_ref(), true)];
    marks.extend(
        diag.related
            .iter()
            .map(|(span, label)| mark(source, *span, Some(label), false)),
    );
    // Lines in ascending order; on one line the primary mark first, then the
    // related ones in the order given (the sort is stable).
    marks.sort_by_key(|m| (m.line, !m.primary));

    let last_line = marks.iter().map(|m| m.line).max().unwrap_or(1);
    let gutter = last_line.to_string().len();
    let pad = " ".repeat(gutter);
    let bar = style.paint(BLUE, "|");

    let mut out = String::new();
    let head = format!("{sev_word}[{}]", diag.name);
    let _ = writeln!(
        out,
        "{}{}",
        style.paint(sev_color, &head),
        style.paint(BOLD, &format!("{colon}{}", clean(diag.message.get(lang))))
    );
    let (line, col) = source.line_col(diag.span.start as usize);
    let _ = writeln!(
        out,
        "{pad}{} {}:{line}:{col}",
        style.paint(BLUE, "-->"),
        source.name
    );
    let _ = writeln!(out, "{pad} {bar}");

    let mut shown: Option<usize> = None;
    let mut shown_window = (0, 0);
    for m in &marks {
        let line_text = source.line_text(m.line);
        if shown != Some(m.line) {
            if let Some(prev) = shown {
                if m.line > prev + 1 {
                    let _ = writeln!(out, "{}", style.paint(BLUE, "..."));
                }
            }
            shown_window = window(line_text, m.start);
            let (ws, we) = shown_window;
            let mut text = String::new();
            if ws > 0 {
                text.push('…');
            }
            text.push_str(&display_line(&line_text[ws..we]));
            if we < line_text.len() {
                text.push('…');
            }
            let number = format!("{:>gutter$}", m.line);
            if text.is_empty() {
                let _ = writeln!(out, "{} {bar}", style.paint(BLUE, &number));
            } else {
                let _ = writeln!(out, "{} {bar} {text}", style.paint(BLUE, &number));
            }
            shown = Some(m.line);
        }
        let (ws, we) = shown_window;
        let start = m.start.clamp(ws, we);
        let end = m.end.clamp(start, we);
        let col = usize::from(ws > 0) + display_width(&line_text[ws..start]);
        let width = display_width(&line_text[start..end]).max(1);
        let (ch, color) = if m.primary {
            ('^', sev_color)
        } else {
            ('-', BLUE)
        };
        let underline: String = std::iter::repeat_n(ch, width).collect();
        let mut row = format!(
            "{pad} {bar} {}{}",
            " ".repeat(col),
            style.paint(color, &underline)
        );
        if let Some(label) = m.label {
            row.push(' ');
            row.push_str(&style.paint(color, &clean(label.get(lang))));
        }
        let _ = writeln!(out, "{row}");
    }

    if let Some(help) = &diag.help {
        let word = match lang {
            Lang::En => "help: ",
            Lang::Zh => "帮助：",
        };
        let _ = writeln!(out, "{pad} {bar}");
        let indent = " ".repeat(gutter + 3 + display_width(word));
        let text = clean_keep_newlines(help.get(lang)).replace('\n', &format!("\n{indent}"));
        let _ = writeln!(
            out,
            "{pad} {} {}{text}",
            style.paint(BLUE, "="),
            style.paint(BOLD, word)
        );
    }
    out
}

/// Where and how wide the underline of `span` is, on the span's first line.
fn mark<'a>(source: &Source, span: Span, label: Option<&'a Text>, primary: bool) -> Mark<'a> {
    let text = &source.text;
    let start = floor_char_boundary(text, span.start as usize);
    let end = floor_char_boundary(text, (span.end as usize).max(start));
    let (line, _) = source.line_col(start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_text = source.line_text(line);
    let line_end = line_start + line_text.len();
    let in_start = start.saturating_sub(line_start).min(line_text.len());
    let in_end = end.min(line_end).saturating_sub(line_start).max(in_start);
    let start = floor_char_boundary(line_text, in_start);
    let end = floor_char_boundary(line_text, in_end);
    Mark {
        line,
        start,
        end,
        label,
        primary,
    }
}

/// Characters that must not reach a terminal as they are: controls (other
/// than tab) and the bidirectional embedding/override/isolate controls.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Terminal width of one character as drawn by [`display_line`].
fn char_width(c: char) -> usize {
    if c == '\t' {
        TAB_WIDTH
    } else if is_hidden(c) {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// Terminal width of a piece of a source line.
fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// A source line as drawn: tabs expanded, hidden characters as `�`.
fn display_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\t' {
            out.push_str(&" ".repeat(TAB_WIDTH));
        } else if is_hidden(c) {
            out.push('\u{FFFD}');
        } else {
            out.push(c);
        }
    }
    out
}

/// Message text with hidden characters written as `\u{…}`.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_hidden(c) {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Like [`clean`], but line breaks are kept (help may span lines).
fn clean_keep_newlines(s: &str) -> String {
    s.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}

/// One diagnostic as a JSON object, wording in `lang`.
///
/// Fields: `file`, `line`, `column`, `end_line`, `end_column` (1-based; columns
/// count characters; the end is exclusive, i.e. the position just after the
/// span), `severity` (`"error"`/`"warning"`), `name`, `message`, `label` and
/// `help` (`null` when absent), and `related`: a list of
/// `{line, column, end_line, end_column, label}` for the secondary spans.
pub fn json(diag: &Diagnostic, source: &Source, lang: Lang) -> Value {
    let (line, column) = source.line_col(diag.span.start as usize);
    let (end_line, end_column) = source.line_col(diag.span.end as usize);
    let related: Vec<Value> = diag
        .related
        .iter()
        .map(|(span, label)| {
            let (line, column) = source.line_col(span.start as usize);
            let (end_line, end_column) = source.line_col(span.end as usize);
            json!({
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "label": label.get(lang),
            })
        })
        .collect();
    json!({
        "file": source.name,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "severity": diag.severity,
        "name": diag.name,
        "message": diag.message.get(lang),
        "label": diag.label.as_ref().map(|t| t.get(lang)),
        "help": diag.help.as_ref().map(|t| t.get(lang)),
        "related": related,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(span: Span) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            name: "unknown-node",
            message: Text::new("edge to unknown node `审合`", "边指向未知节点“审合”"),
            span,
            label: Some(Text::new("no node named `审合`", "没有名为“审合”的节点")),
            related: Vec::new(),
            help: Some(Text::new("did you mean `审核`?", "是否应为“审核”？")),
        }
    }

    fn span_of(src: &Source, needle: &str) -> Span {
        let at = src.text.find(needle).unwrap();
        Span::new(at, at + needle.len())
    }

    #[test]
    fn cjk_carets_line_up() {
        let text = "\n".repeat(11) + "审核 -> 审合\n";
        let src = Source::new("examples/x.flow", text);
        let d = diag(span_of(&src, "审合"));
        let got = human(&d, &src, &RenderOptions::default());
        assert_eq!(
            got,
            "error[unknown-node]: edge to unknown node `审合`\n\
             \x20 --> examples/x.flow:12:7\n\
             \x20  |\n\
             12 | 审核 -> 审合\n\
             \x20  |         ^^^^ no node named `审合`\n\
             \x20  |\n\
             \x20  = help: did you mean `审核`?\n"
        );
    }

    #[test]
    fn chinese_wording() {
        let src = Source::new("x.flow", "审核 -> 审合\n");
        let d = diag(span_of(&src, "审合"));
        let opts = RenderOptions {
            lang: Lang::Zh,
            color: false,
        };
        assert_eq!(
            human(&d, &src, &opts),
            "错误[unknown-node]：边指向未知节点“审合”\n\
             \x20--> x.flow:1:7\n\
             \x20 |\n\
             1 | 审核 -> 审合\n\
             \x20 |         ^^^^ 没有名为“审合”的节点\n\
             \x20 |\n\
             \x20 = 帮助：是否应为“审核”？\n"
        );
    }

    #[test]
    fn tabs_expand_and_multiline_spans_underline_first_line() {
        let src = Source::new("t.flow", "\tpost 甲 {\n  duty \"x\"\n");
        let start = src.text.find('{').unwrap();
        let mut d = diag(Span::new(start, src.text.len()));
        d.severity = Severity::Warning;
        d.name = "syntax";
        d.label = None;
        d.help = None;
        assert_eq!(
            human(&d, &src, &RenderOptions::default()),
            "warning[syntax]: edge to unknown node `审合`\n\
             \x20--> t.flow:1:9\n\
             \x20 |\n\
             1 |     post 甲 {\n\
             \x20 |             ^\n"
        );
    }

    #[test]
    fn related_spans_get_their_own_rows_and_lines() {
        let text = "step 审核\nstep 乙\n\n\n\nstep 审核 \"再\"\n";
        let src = Source::new("d.flow", text);
        let second = text.rfind("审核").unwrap();
        let first = text.find("审核").unwrap();
        let d = Diagnostic {
            severity: Severity::Error,
            name: "duplicate-node",
            message: Text::new("node `审核` is declared twice", "节点“审核”重复声明"),
            span: Span::new(second, second + "审核".len()),
            label: Some(Text::new("declared again here", "此处再次声明")),
            related: vec![
                (
                    Span::new(first, first + "审核".len()),
                    Text::new("first declared here", "首次声明于此"),
                ),
                (
                    Span::new(second, second + 4),
                    Text::new("same line", "同一行"),
                ),
            ],
            help: None,
        };
        assert_eq!(
            human(&d, &src, &RenderOptions::default()),
            "error[duplicate-node]: node `审核` is declared twice\n\
             \x20--> d.flow:6:6\n\
             \x20 |\n\
             1 | step 审核\n\
             \x20 |      ---- first declared here\n\
             ...\n\
             6 | step 审核 \"再\"\n\
             \x20 |      ^^^^ declared again here\n\
             \x20 |      -- same line\n"
        );
    }

    #[test]
    fn hidden_characters_are_not_written_raw() {
        let src = Source::new("h.flow", "step a\u{202E}b\n");
        let at = src.text.find('\u{202E}').unwrap();
        let mut d = diag(Span::new(at, at + 3));
        d.message = Text::new("bad \u{202E}", "坏 \u{202E}");
        d.label = None;
        d.help = None;
        let got = human(&d, &src, &RenderOptions::default());
        assert!(!got.contains('\u{202E}'));
        assert_eq!(
            got,
            "error[unknown-node]: bad \\u{202E}\n\
             \x20--> h.flow:1:7\n\
             \x20 |\n\
             1 | step a\u{FFFD}b\n\
             \x20 |       ^\n"
        );
    }

    #[test]
    fn span_at_end_of_file_points_past_the_last_line() {
        let src = Source::new("e.flow", "post 甲 {\n");
        let end = src.text.len();
        let mut d = diag(Span::new(end, end));
        d.label = Some(Text::new("file ends here", "文件在此结束"));
        d.help = Some(Text::new("add `}`\nthen save", "补上 `}`\n再保存"));
        assert_eq!(
            human(&d, &src, &RenderOptions::default()),
            "error[unknown-node]: edge to unknown node `审合`\n\
             \x20--> e.flow:2:1\n\
             \x20 |\n\
             2 |\n\
             \x20 | ^ file ends here\n\
             \x20 |\n\
             \x20 = help: add `}`\n\
             \x20         then save\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_mark() {
        let text = format!("step {} -> x\n", "甲".repeat(1000));
        let src = Source::new("l.flow", text);
        let at = src.text.find("->").unwrap();
        let mut d = diag(Span::new(at, at + 2));
        d.label = None;
        d.help = None;
        let got = human(&d, &src, &RenderOptions::default());
        let shown = format!("…{} -> x", "甲".repeat(39));
        assert_eq!(
            got,
            format!(
                "error[unknown-node]: edge to unknown node `审合`\n\
                 \x20--> l.flow:1:1007\n\
                 \x20 |\n\
                 1 | {shown}\n\
                 \x20 | {}^^\n",
                " ".repeat(1 + 39 * 2 + 1)
            )
        );
        // A mark longer than the window is cut at the window's end.
        let d = diag(Span::new(5, src.text.len()));
        let got = human(&d, &src, &RenderOptions::default());
        assert!(got.len() < 2000, "{}", got.len());
        assert!(got.contains(&format!("1 | step {}…\n", "甲".repeat(155))));
    }

    #[test]
    fn colour_wraps_parts_in_ansi_codes() {
        let src = Source::new("x.flow", "a -> b\n");
        let d = diag(span_of(&src, "b"));
        let opts = RenderOptions {
            lang: Lang::En,
            color: true,
        };
        let got = human(&d, &src, &opts);
        assert!(got.starts_with("\x1b[1;31merror[unknown-node]\x1b[0m\x1b[1m: edge"));
        assert!(got.contains("\x1b[1;31m^\x1b[0m"));
        let plain = human(&d, &src, &RenderOptions::default());
        assert!(!plain.contains('\x1b'));
    }

    #[test]
    fn json_has_positions_in_characters() {
        let src = Source::new("x.flow", "审核 -> 审合\n");
        let d = diag(span_of(&src, "审合"));
        let v = json(&d, &src, Lang::En);
        assert_eq!(
            v,
            serde_json::json!({
                "file": "x.flow", "line": 1, "column": 7, "end_line": 1, "end_column": 9,
                "severity": "error", "name": "unknown-node",
                "message": "edge to unknown node `审合`",
                "label": "no node named `审合`", "help": "did you mean `审核`?",
                "related": []
            })
        );
        let zh = json(&d, &src, Lang::Zh);
        assert_eq!(zh["message"], "边指向未知节点“审合”");
    }
}
