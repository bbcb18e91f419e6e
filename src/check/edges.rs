//! Edges: one per arrow, endpoints resolved to nodes.
//!
//! Rules here: `unknown-node` (one error per unknown name, at its first use,
//! with a close match when there is one) and `label-on-chain`.
//!
//! An unknown endpoint is kept as [`Endpoint::Unknown`] so that the graph rules
//! can fold the errors it would cause: when the unknown name has a close match,
//! the graph rules read it as that node (the user's evident intent); otherwise
//! as a wildcard that is reachable and leads to an end.

use std::collections::HashMap;

use crate::ast;
use crate::check::decl::Decls;
use crate::check::suggest::Suggester;
use crate::diagnostic::messages;
use crate::diagnostic::Diagnostic;
use crate::model::NodeId;
use crate::source::Span;

/// An edge endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Endpoint {
    /// A declared node.
    Node(NodeId),
    /// An unknown name: index into [`Edges::unknown`].
    Unknown(usize),
}

/// One arrow of a chain.
#[derive(Debug, Clone)]
pub(super) struct EdgeDecl<'a> {
    /// Source.
    pub from: Endpoint,
    /// Target.
    pub to: Endpoint,
    /// The target's name as written.
    pub to_name: &'a str,
    /// The label, when the chain is a single labelled arrow.
    pub label: Option<&'a ast::Word>,
    /// Whether the chain carried a label it may not (`label-on-chain`): the
    /// branch-label rules skip such edges rather than repeat the error.
    pub label_error: bool,
    /// From the source's name to the target's name.
    pub span: Span,
}

/// An unknown node name.
#[derive(Debug, Clone)]
pub(super) struct UnknownNode {
    /// The node it most likely means (its "did you mean").
    pub alias: Option<NodeId>,
}

/// All edges, in source order.
#[derive(Debug, Default)]
pub(super) struct Edges<'a> {
    /// Edges in source order.
    pub edges: Vec<EdgeDecl<'a>>,
    /// Unknown names in order of first use.
    pub unknown: Vec<UnknownNode>,
}

/// Resolves every chain's endpoints; reports unknown nodes and misplaced labels.
pub(super) fn resolve<'a>(
    file: &'a ast::File,
    decls: &Decls<'_>,
    suggester: &mut Suggester,
    diags: &mut Vec<Diagnostic>,
) -> Edges<'a> {
    let mut out = Edges::default();
    let mut unknown_index: HashMap<&'a str, usize> = HashMap::new();
    // (name, spans of its uses), in order of first use.
    let mut unknown_uses: Vec<(&'a str, Vec<Span>)> = Vec::new();
    for item in &file.items {
        let ast::Item::Edges(chain) = item else {
            continue;
        };
        let mut resolve_one = |ident: &'a ast::Ident| -> Endpoint {
            if let Some(&n) = decls.node_ids.get(ident.name.as_str()) {
                return Endpoint::Node(n);
            }
            let at = *unknown_index.entry(&ident.name).or_insert_with(|| {
                unknown_uses.push((&ident.name, Vec::new()));
                unknown_uses.len() - 1
            });
            if let Some((_, spans)) = unknown_uses.get_mut(at) {
                spans.push(ident.span);
            }
            Endpoint::Unknown(at)
        };
        let ends: Vec<Endpoint> = chain.nodes.iter().map(&mut resolve_one).collect();
        let label_error = chain.label.is_some() && chain.nodes.len() > 2;
        if let (true, Some(label)) = (label_error, &chain.label) {
            let names: Vec<&str> = chain.nodes.iter().map(|i| i.name.as_str()).collect();
            diags.push(messages::label_on_chain(&label.value, label.span, &names));
        }
        for (pair, idents) in ends.windows(2).zip(chain.nodes.windows(2)) {
            let ([from, to], [from_ident, to_ident]) = (pair, idents) else {
                continue;
            };
            out.edges.push(EdgeDecl {
                from: *from,
                to: *to,
                to_name: &to_ident.name,
                label: if label_error {
                    None
                } else {
                    chain.label.as_ref()
                },
                label_error,
                span: from_ident.span.to(to_ident.span),
            });
        }
    }
    for (name, spans) in &unknown_uses {
        let suggestion = suggester.best(name, decls.nodes.iter().map(|n| n.id.as_str()));
        let alias = suggestion.and_then(|s| decls.node_ids.get(s).copied());
        let actor = decls.actor_ids.contains_key(name) || decls.actor_full_names.contains_key(name);
        if let Some((&first, also)) = spans.split_first() {
            let also = also
                .get(..also.len().min(super::MAX_ALSO))
                .unwrap_or_default();
            diags.push(messages::unknown_node(name, first, suggestion, actor, also));
        }
        out.unknown.push(UnknownNode { alias });
    }
    out
}
