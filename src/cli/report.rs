//! Printing results: one file's diagnostics (human, capped, or JSON records),
//! file-level problems, and the summary line.
//!
//! Workers render into a [`FileReport`]; the main thread prints the reports in
//! input order, so output never depends on which file finished first.

use crate::cli::messages::{self, Tally};
use crate::cli::Status;
use crate::diagnostic::render::{human, RenderOptions};
use crate::diagnostic::{Diagnostic, Lang, Severity, LINTS};
use crate::source::Source;

/// At most this many diagnostics are printed per file (human format); the
/// rest are counted in one `… and N more` line.
pub const MAX_SHOWN_PER_FILE: usize = 200;

/// How to print: language, colour, and whether JSON records are wanted.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Language of messages.
    pub lang: Lang,
    /// ANSI colours on standard error.
    pub color: bool,
    /// Collect JSON records instead of human text (for `check --format json`).
    pub json: bool,
}

/// What one input produced, ready to print.
#[derive(Debug, Default)]
pub struct FileReport {
    /// Text for standard error.
    pub human: String,
    /// JSON records (one object each) for standard output.
    pub json: Vec<String>,
    /// Errors, after lint levels.
    pub errors: usize,
    /// Warnings, after lint levels.
    pub warnings: usize,
    /// The worst status of this input.
    pub status: Status,
    /// Whether an output was written (build).
    pub written: bool,
    /// The output, when it goes to standard output (`build -o -`).
    pub stdout: Option<String>,
    /// True when the input was not processed because of Ctrl-C.
    pub skipped: bool,
}

impl FileReport {
    /// Adds a file's diagnostics (already filtered by lint levels).
    pub fn diagnostics(&mut self, source: &Source, diagnostics: &[Diagnostic], style: &Style) {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        self.errors += errors;
        self.warnings += diagnostics.len() - errors;
        if errors > 0 {
            self.status = self.status.max(Status::Failed);
        }
        if style.json {
            self.json.extend(
                diagnostics
                    .iter()
                    .map(|d| json_record(source, d, style.lang)),
            );
            return;
        }
        let opts = RenderOptions {
            lang: style.lang,
            color: style.color,
        };
        let shown = shown_mask(diagnostics);
        for (d, _) in diagnostics.iter().zip(&shown).filter(|(_, &show)| show) {
            let text = human(d, source, &opts);
            self.human.push_str(&text);
            if !self.human.ends_with('\n') {
                self.human.push('\n');
            }
            if d.is_error() && LINTS.contains(&d.name) {
                self.human.push_str(&denied_note(&text, d.name, style.lang));
            }
            self.human.push('\n');
        }
        let hidden = || diagnostics.iter().zip(&shown).filter(|(_, &show)| !show);
        let e = hidden().filter(|(d, _)| d.is_error()).count();
        let w = hidden().count() - e;
        if e + w > 0 {
            self.human
                .push_str(&messages::more_omitted(e, w, style.lang));
            self.human.push_str("\n\n");
        }
    }

    /// Adds a problem with the whole file (unreadable, too large, not
    /// writable, internal error), counted as one error.
    pub fn problem(
        &mut self,
        file: &str,
        name: &str,
        message: &str,
        status: Status,
        style: &Style,
    ) {
        self.errors += 1;
        self.status = self.status.max(status);
        if style.json {
            let record = serde_json::json!({
                "file": file,
                "line": null,
                "column": null,
                "end_line": null,
                "end_column": null,
                "severity": Severity::Error,
                "name": name,
                "message": message,
                "label": null,
                "help": null,
                "related": [],
            });
            self.json.push(record.to_string());
        } else {
            self.human
                .push_str(&headline(Heading::Error, message, style));
        }
    }
}

/// Which diagnostics the human form shows: all when there are at most
/// [`MAX_SHOWN_PER_FILE`]; else errors first (so an error is never hidden
/// behind warnings), then warnings, up to the limit — printed in their
/// original order.
fn shown_mask(diagnostics: &[Diagnostic]) -> Vec<bool> {
    if diagnostics.len() <= MAX_SHOWN_PER_FILE {
        return vec![true; diagnostics.len()];
    }
    let mut budget = MAX_SHOWN_PER_FILE;
    let mut mask = vec![false; diagnostics.len()];
    for pass_errors in [true, false] {
        for (d, show) in diagnostics.iter().zip(mask.iter_mut()) {
            if budget > 0 && d.is_error() == pass_errors {
                *show = true;
                budget -= 1;
            }
        }
    }
    mask
}

/// The `= note:` line under a lint that `--deny` made an error, indented
/// like the renderer's own `= help:` line (one column right of `-->`).
fn denied_note(rendered: &str, name: &str, lang: Lang) -> String {
    let indent = rendered
        .lines()
        .find_map(|l| l.find("-->").map(|at| l[..at].matches(' ').count()))
        .unwrap_or(1);
    format!(
        "{}= {}\n",
        " ".repeat(indent + 1),
        messages::denied_note(name, lang)
    )
}

/// The heading of a CLI line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    /// `error:` in bold red.
    Error,
    /// No heading, bold green text (success).
    Done,
}

/// One CLI message line (or several), with its heading, ending in a newline.
pub fn headline(heading: Heading, message: &str, style: &Style) -> String {
    let lang = style.lang;
    let (word, ansi) = match heading {
        Heading::Error => (messages::error_heading(lang), "1;31"),
        Heading::Done => {
            return if style.color {
                format!("\x1b[1;32m{message}\x1b[0m\n")
            } else {
                format!("{message}\n")
            };
        }
    };
    let colon = messages::colon(lang);
    if style.color {
        format!("\x1b[{ansi}m{word}\x1b[0m\x1b[1m{colon}\x1b[0m{message}\n")
    } else {
        format!("{word}{colon}{message}\n")
    }
}

/// The summary line for a run.
pub fn summary(tally: &Tally, build: bool, style: &Style) -> String {
    if tally.failed > 0 {
        let mut line = messages::summary_failed(tally, style.lang);
        if build {
            let sep = match style.lang {
                Lang::En => "; ",
                Lang::Zh => "；",
            };
            line.push_str(sep);
            line.push_str(&messages::summary_built(tally, style.lang));
        }
        headline(Heading::Error, &line, style)
    } else if build {
        headline(
            Heading::Done,
            &messages::summary_built(tally, style.lang),
            style,
        )
    } else {
        headline(
            Heading::Done,
            &messages::summary_checked(tally, style.lang),
            style,
        )
    }
}

fn json_record(source: &Source, d: &Diagnostic, lang: Lang) -> String {
    crate::diagnostic::render::json(d, source, lang).to_string()
}

/// The JSON document for `check --format json`: an array, one record per line.
pub fn json_document(records: &[String]) -> String {
    if records.is_empty() {
        return "[]\n".to_string();
    }
    format!("[\n{}\n]\n", records.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Text;
    use crate::source::Span;

    fn diag(severity: Severity, start: usize, end: usize) -> Diagnostic {
        Diagnostic {
            severity,
            name: "unknown-node",
            message: Text::new("unknown node `受理x`", "未知节点 `受理x`"),
            span: Span::new(start, end),
            label: Some(Text::new("not declared", "未声明")),
            related: vec![(Span::new(0, 2), Text::new("here", "这里"))],
            help: Some(Text::new("did you mean `受理`?", "是不是 `受理`？")),
        }
    }

    #[test]
    fn json_records_carry_character_positions() {
        let src = Source::new("a.flow", "ab\n申请 -> 受理x\n");
        let start = src.text.find("受理x").unwrap();
        let d = diag(Severity::Error, start, start + "受理x".len());
        let v: serde_json::Value = serde_json::from_str(&json_record(&src, &d, Lang::Zh)).unwrap();
        assert_eq!(v["file"], "a.flow");
        assert_eq!(
            (v["line"].as_u64(), v["column"].as_u64()),
            (Some(2), Some(7))
        );
        assert_eq!(
            (v["end_line"].as_u64(), v["end_column"].as_u64()),
            (Some(2), Some(10))
        );
        assert_eq!(v["severity"], "error");
        assert_eq!(v["message"], "未知节点 `受理x`");
        assert_eq!(v["help"], "是不是 `受理`？");
        assert_eq!(v["related"][0]["column"], 1);
    }

    #[test]
    fn human_output_is_capped_per_file() {
        let src = Source::new("a.flow", "x\n");
        let mut diags: Vec<Diagnostic> = (0..MAX_SHOWN_PER_FILE + 5)
            .map(|_| diag(Severity::Error, 0, 1))
            .collect();
        diags.push(diag(Severity::Warning, 0, 1));
        let style = Style {
            lang: Lang::En,
            color: false,
            json: false,
        };
        let mut report = FileReport::default();
        report.diagnostics(&src, &diags, &style);
        assert_eq!(report.errors, MAX_SHOWN_PER_FILE + 5);
        assert_eq!(report.warnings, 1);
        assert_eq!(report.status, Status::Failed);
        assert!(report
            .human
            .contains("… and 5 more errors and 1 more warning not shown"));
    }

    #[test]
    fn errors_are_never_hidden_behind_warnings() {
        let src = Source::new("a.flow", "x\n");
        let mut diags: Vec<Diagnostic> = (0..MAX_SHOWN_PER_FILE + 50)
            .map(|_| diag(Severity::Warning, 0, 1))
            .collect();
        diags.push(diag(Severity::Error, 0, 1));
        let mask = shown_mask(&diags);
        assert_eq!(mask.iter().filter(|&&m| m).count(), MAX_SHOWN_PER_FILE);
        assert_eq!(mask.last(), Some(&true), "the one error is shown");
        assert!(mask[..MAX_SHOWN_PER_FILE - 1].iter().all(|&m| m));
        let style = Style {
            lang: Lang::En,
            color: false,
            json: false,
        };
        let mut report = FileReport::default();
        report.diagnostics(&src, &diags, &style);
        assert_eq!(report.human.matches("error[").count(), 1);
        assert!(report.human.contains("… and 51 more warnings not shown"));
    }

    #[test]
    fn a_denied_lint_says_why_it_is_an_error() {
        let src = Source::new("a.flow", "step 受理\n");
        let mut d = diag(Severity::Error, 5, 11);
        d.name = "missing-deadline";
        let style = Style {
            lang: Lang::En,
            color: false,
            json: false,
        };
        let mut report = FileReport::default();
        report.diagnostics(&src, &[d], &style);
        let arrow = report.human.lines().find(|l| l.contains("-->")).unwrap();
        let note = report
            .human
            .lines()
            .find(|l| l.contains("= note:"))
            .unwrap();
        assert_eq!(
            note.find('='),
            arrow.find("-->").map(|a| a + 1),
            "{}",
            report.human
        );
        assert!(note.contains("--deny"), "{note}");
    }

    #[test]
    fn json_document_is_one_array() {
        let doc = json_document(&["{\"a\":1}".to_string(), "{\"a\":2}".to_string()]);
        let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
        assert_eq!(v.as_array().map(Vec::len), Some(2));
        assert_eq!(json_document(&[]), "[]\n");
    }
}
