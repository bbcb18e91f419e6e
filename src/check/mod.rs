//! The checker: name resolution, graph checks and lints over petgraph,
//! producing the checked [`Flow`].

use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::model::Flow;
use crate::source::Source;

/// A checked flow (when there is no error) and every diagnostic found.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The flow, `None` when any error was found.
    pub flow: Option<Flow>,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks a parsed file.
pub fn check(file: &ast::File, source: &Source) -> Checked {
    let _ = (file, source);
    Checked {
        flow: None,
        diagnostics: Vec::new(),
    }
}
