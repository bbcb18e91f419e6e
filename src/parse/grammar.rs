//! The pest parser generated from `grammar/flow.pest`; its types stay inside
//! [`crate::parse`].

use pest_derive::Parser;

/// The generated parser (its `Rule` enum names the grammar's rules).
#[derive(Parser)]
#[grammar = "../grammar/flow.pest"]
pub(super) struct FlowParser;
