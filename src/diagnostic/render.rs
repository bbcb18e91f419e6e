//! Rendering diagnostics for people (rustc-like) and machines (JSON).

use crate::diagnostic::{Diagnostic, Lang};
use crate::source::Source;

/// How to render diagnostics for people.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Language of the wording.
    pub lang: Lang,
    /// ANSI colours.
    pub color: bool,
}

/// A rustc-like rendering of one diagnostic, ending in a newline.
pub fn human(diag: &Diagnostic, source: &Source, opts: &RenderOptions) -> String {
    let (line, col) = source.line_col(diag.span.start as usize);
    let sev = match diag.severity {
        crate::diagnostic::Severity::Error => "error",
        crate::diagnostic::Severity::Warning => "warning",
    };
    format!(
        "{sev}[{}]: {}\n  --> {}:{line}:{col}\n",
        diag.name,
        diag.message.get(opts.lang),
        source.name
    )
}
