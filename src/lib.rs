//! flowc: `.flow` files in, checked flowcharts with their 岗位说明 table out.
//!
//! The pipeline, one module per phase, each taking the previous phase's type:
//!
//! | phase | entry | in → out |
//! |---|---|---|
//! | parse | [`parse::parse`] | [`Source`] → [`ast::File`] + syntax errors |
//! | check | [`check::check`] | [`ast::File`] → [`model::Flow`] + errors and lints |
//! | layout | [`layout::layout`] | [`model::Flow`] → [`diagram::Diagram`] |
//! | render | [`render::svg`] | [`model::Flow`] + [`diagram::Diagram`] → SVG text |
//!
//! [`compile`] runs parse and check; the CLI ([`cli`]) is a thin layer on top.

pub mod ast;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod diagram;
pub mod layout;
pub mod model;
pub mod parse;
pub mod render;
pub mod source;
pub mod text;
pub mod verify;

pub use source::{Source, Span};

use crate::check::Checked;

/// Parses and checks one source: the flow (when error-free) and all diagnostics.
///
/// Syntax errors stop before checking, so that a half-read file does not
/// produce a cascade of follow-on errors.
pub fn compile(source: &Source) -> Checked {
    let parsed = parse::parse(source);
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        return Checked {
            flow: None,
            diagnostics: parsed.diagnostics,
        };
    }
    let mut checked = check::check(&parsed.file, source);
    let mut diagnostics = parsed.diagnostics;
    diagnostics.append(&mut checked.diagnostics);
    checked.diagnostics = diagnostics;
    checked
}
