//! Lints on declarations: `missing-power`, `missing-post`, `missing-deadline`,
//! `unused-post`, `incomplete-post`, `unmitigated-risk`, `ungraded-risk`.
//! (`step-branches` lives with the graph rules, `over-limit` with the time sums.)
//!
//! Post lints never apply to parties. A node led by a party is a party step:
//! exempt from `missing-deadline`; a node naming only parties still names an
//! actor, so `missing-post` does not apply either. After an unknown `@NAME`
//! the post lints stay quiet on that node (the error already says it).

use crate::ast::{self, NodeKind};
use crate::check::decl::Decls;
use crate::diagnostic::messages;
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// `missing-power`: the file has no `power` header (reported at the top).
pub(super) fn missing_power(decls: &Decls<'_>, diags: &mut Vec<Diagnostic>) {
    if decls.power.is_none() {
        diags.push(messages::missing_power(Span::new(0, 0)));
    }
}

/// `missing-post`: a step or decision that names no actor at all.
/// The help names the file's first post as an example.
pub(super) fn missing_post(decls: &Decls<'_>, diags: &mut Vec<Diagnostic>) {
    let example = decls
        .actors
        .iter()
        .find(|a| !a.party)
        .map(|a| a.id.as_str());
    for (node, info) in decls.nodes.iter().zip(&decls.node_info) {
        if matches!(node.kind, NodeKind::Step | NodeKind::Decide) && !info.names_actor {
            diags.push(messages::missing_post(
                node.kind,
                &node.id,
                info.id_span,
                example,
            ));
        }
    }
}

/// `missing-deadline`: a step (not a party step) with no deadline of its own
/// and a lead post without one (an invalid deadline counts as given).
pub(super) fn missing_deadline(decls: &Decls<'_>, diags: &mut Vec<Diagnostic>) {
    for (node, info) in decls.nodes.iter().zip(&decls.node_info) {
        if node.kind != NodeKind::Step || info.deadline_given || info.lead_unknown {
            continue;
        }
        let lead = node.actors.first().copied();
        let lead_actor = lead.and_then(|a| decls.actors.get(a));
        if lead_actor.is_some_and(|a| a.party) {
            continue;
        }
        let post_has =
            lead.is_some_and(|a| decls.actor_deadline_given.get(a).copied().unwrap_or(false));
        if !post_has {
            diags.push(messages::missing_deadline(
                &node.id,
                info.id_span,
                lead_actor.map(|a| a.id.as_str()),
            ));
        }
    }
}

/// `unused-post`: a post (not a party) that no node names. A post that an
/// unknown `@NAME` probably meant, or that a duplicate node declaration names,
/// is not reported (the error says it), nor is any post while an unknown
/// `@NAME` has no close match.
pub(super) fn unused_post(decls: &Decls<'_>, diags: &mut Vec<Diagnostic>) {
    if decls.unmatched_actor_ref {
        return;
    }
    let mut used = vec![false; decls.actors.len()];
    for &a in &decls.meant_actors {
        if let Some(u) = used.get_mut(a) {
            *u = true;
        }
    }
    for node in &decls.nodes {
        for &a in &node.actors {
            if let Some(u) = used.get_mut(a) {
                *u = true;
            }
        }
    }
    for ((actor, used), span) in decls.actors.iter().zip(used).zip(&decls.actor_id_spans) {
        if !actor.party && !used {
            diags.push(messages::unused_post(&actor.id, *span));
        }
    }
}

/// `incomplete-post`: a post whose table row would have an empty 岗位职能 or
/// 办理人员 cell (missing, or only blanks).
pub(super) fn incomplete_post(decls: &Decls<'_>, diags: &mut Vec<Diagnostic>) {
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|t| t.trim().is_empty());
    for (actor, span) in decls.actors.iter().zip(&decls.actor_id_spans) {
        if actor.party {
            continue;
        }
        let (no_duty, no_staff) = (blank(&actor.duty), blank(&actor.staff));
        if no_duty || no_staff {
            diags.push(messages::incomplete_post(
                &actor.id, *span, no_duty, no_staff,
            ));
        }
    }
}

/// `unmitigated-risk` (a `高` risk with no measure) and `ungraded-risk` (a
/// risk with no level), on posts and nodes alike, every declaration included.
pub(super) fn risks(file: &ast::File, diags: &mut Vec<Diagnostic>) {
    for item in &file.items {
        let risks = match item {
            ast::Item::Post(post) => &post.risks,
            ast::Item::Node(node) => &node.risks,
            _ => continue,
        };
        for risk in risks {
            let span = risk.keyword.to(risk.description.span);
            match risk.level {
                None => diags.push(messages::ungraded_risk(&risk.description.value, span)),
                Some((ast::Level::High, _)) if risk.measures.is_empty() => {
                    diags.push(messages::unmitigated_risk(&risk.description.value, span));
                }
                Some(_) => {}
            }
        }
    }
}
