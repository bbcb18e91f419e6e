//! Every user-facing word of every diagnostic, in English and Chinese.
//!
//! One constructor per diagnostic; parse and check call these and nothing else.

use crate::diagnostic::{Diagnostic, Severity, Text};
use crate::source::Span;

fn error(name: &'static str, span: Span, message: Text) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        name,
        message,
        span,
        label: None,
        related: Vec::new(),
        help: None,
    }
}

// ---------------------------------------------------------------- input (source, limits)

/// The input is not valid UTF-8.
pub fn invalid_utf8(at: usize) -> Diagnostic {
    let mut d = error(
        "invalid-utf8",
        Span::new(at, at + 1),
        Text::new(
            "the file is not valid UTF-8 text",
            "文件不是有效的 UTF-8 文本",
        ),
    );
    d.help = Some(Text::new(
        "save the file as UTF-8 (in Word or Notepad: Save As → Encoding: UTF-8)",
        "请将文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）",
    ));
    d
}

// ---------------------------------------------------------------- syntax (parse)

// ---------------------------------------------------------------- checks (check)

// ---------------------------------------------------------------- lints (check)
