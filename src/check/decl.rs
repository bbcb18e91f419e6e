//! Declarations: the `power` header, posts, parties and nodes, their fields,
//! deadline values and `@NAME` references.
//!
//! Rules here: `duplicate-post`, `duplicate-node`, `duplicate-field` (also
//! for a second `power` header, as §8 says), `bad-deadline`, `unknown-post`.
//! A second declaration of a name is reported and its own fields and
//! references are still checked, but it does not enter the model (edges and
//! `@` use the first).

use std::collections::{HashMap, HashSet};

use crate::ast::{self, DeadlineValue, FieldName, Value};
use crate::check::suggest::Suggester;
use crate::diagnostic::messages::{self, BadDeadline, Owner};
use crate::diagnostic::Diagnostic;
use crate::model::{self, ActorId, NodeId};
use crate::source::{Source, Span};

/// Everything declared, resolved and converted to model values.
#[derive(Debug)]
pub(super) struct Decls<'a> {
    /// The first `power` header.
    pub power: Option<&'a ast::Power>,
    /// Its model value.
    pub model_power: Option<model::Power>,
    /// Posts and parties in declaration order (first declarations only).
    pub actors: Vec<model::Actor>,
    /// Per actor: the span of its id.
    pub actor_id_spans: Vec<Span>,
    /// Per actor: whether a `deadline` was given (even an invalid one).
    pub actor_deadline_given: Vec<bool>,
    /// Nodes in declaration order (first declarations only).
    pub nodes: Vec<model::Node>,
    /// Per node: what the lints need beyond the model.
    pub node_info: Vec<NodeInfo>,
    /// Node id → index.
    pub node_ids: HashMap<&'a str, NodeId>,
    /// Actor id → index.
    pub actor_ids: HashMap<&'a str, ActorId>,
    /// Actor full name → index (the first actor with that full name).
    pub actor_full_names: HashMap<&'a str, ActorId>,
    /// Actors that count as named though no model node names them: what an
    /// unknown `@NAME` probably meant, and what a duplicate declaration names.
    pub meant_actors: Vec<ActorId>,
    /// Whether some unknown `@NAME` has no close match (it may mean any post).
    pub unmatched_actor_ref: bool,
}

/// Facts about a node that the model does not keep.
#[derive(Debug, Clone, Copy)]
pub(super) struct NodeInfo {
    /// The span of the node's id.
    pub id_span: Span,
    /// Whether a `deadline` was given (even an invalid one).
    pub deadline_given: bool,
    /// Whether the node names any actor, resolved or not.
    pub names_actor: bool,
    /// Whether its first `@NAME` failed to resolve (its lead is unknown).
    pub lead_unknown: bool,
}

/// Reads every declaration, reporting duplicates, bad fields and unknown posts.
pub(super) fn declare<'a>(
    file: &'a ast::File,
    source: &Source,
    suggester: &mut Suggester,
    diags: &mut Vec<Diagnostic>,
) -> Decls<'a> {
    let node_count = file
        .items
        .iter()
        .filter(|i| matches!(i, ast::Item::Node(_)))
        .count();
    let mut decls = Decls {
        power: None,
        model_power: None,
        actors: Vec::new(),
        actor_id_spans: Vec::new(),
        actor_deadline_given: Vec::new(),
        nodes: Vec::with_capacity(node_count),
        node_info: Vec::with_capacity(node_count),
        node_ids: HashMap::with_capacity(node_count),
        actor_ids: HashMap::new(),
        actor_full_names: HashMap::new(),
        meant_actors: Vec::new(),
        unmatched_actor_ref: false,
    };
    // Actors first: nodes may name posts declared after them.
    for item in &file.items {
        match item {
            ast::Item::Power(power) => declare_power(&mut decls, power, source, diags),
            ast::Item::Post(post) => declare_post(&mut decls, post, source, diags),
            ast::Item::Party(party) => declare_party(&mut decls, party, diags),
            ast::Item::Node(_) | ast::Item::Edges(_) => {}
        }
    }
    let mut unknown = UnknownPosts::default();
    for item in &file.items {
        if let ast::Item::Node(node) = item {
            declare_node(&mut decls, node, source, &mut unknown, diags);
        }
    }
    report_unknown_posts(&mut decls, &unknown, suggester, diags);
    decls
}

fn declare_power<'a>(
    decls: &mut Decls<'a>,
    power: &'a ast::Power,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    let fields = check_fields(&power.fields, Owner::Power, source, diags);
    if let Some(first) = decls.power {
        diags.push(messages::duplicate_power(power.keyword, first.keyword));
        return;
    }
    let mut model = model::Power {
        name: power.name.value.clone(),
        ..model::Power::default()
    };
    for field in fields.iter().copied() {
        match (field.name, &field.value) {
            (FieldName::Code, Value::Text(w)) => model.code = Some(w.value.clone()),
            (FieldName::Kind, Value::Text(w)) => model.kind = Some(w.value.clone()),
            (FieldName::Content, Value::Text(w)) => model.content = Some(w.value.clone()),
            (FieldName::Subject, Value::Text(w)) => model.subject = Some(w.value.clone()),
            (FieldName::Basis, Value::Text(w)) => model.basis.push(w.value.clone()),
            (FieldName::Conditions, Value::Text(w)) => model.conditions = Some(w.value.clone()),
            (FieldName::Limit, Value::Deadline(d)) => model.limit = deadline(d, diags),
            (FieldName::Promise, Value::Deadline(d)) => model.promise = deadline(d, diags),
            // The grammar keeps other fields out of a power block.
            _ => {}
        }
    }
    decls.power = Some(power);
    decls.model_power = Some(model);
}

fn declare_post<'a>(
    decls: &mut Decls<'a>,
    post: &'a ast::Post,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    let fields = check_fields(&post.fields, Owner::Post(&post.id.name), source, diags);
    let mut actor = model::Actor {
        id: post.id.name.clone(),
        full_name: post.full_name.as_ref().map(|s| s.value.clone()),
        party: false,
        duty: None,
        staff: None,
        place: None,
        deadline: None,
        level: None,
        risks: post.risks.iter().map(|r| risk(r, source, diags)).collect(),
        row: None,
        span: post.span,
    };
    let mut deadline_given = false;
    for field in fields.iter().copied() {
        match (field.name, &field.value) {
            (FieldName::Duty, Value::Text(w)) => actor.duty = Some(w.value.clone()),
            (FieldName::Staff, Value::Text(w)) => actor.staff = Some(w.value.clone()),
            (FieldName::Place, Value::Text(w)) => actor.place = Some(w.value.clone()),
            (FieldName::Level, Value::Level(level, _)) => actor.level = Some(*level),
            (FieldName::Deadline, Value::Deadline(d)) => {
                deadline_given = true;
                actor.deadline = deadline(d, diags);
            }
            _ => {}
        }
    }
    add_actor(
        decls,
        &post.id,
        post.full_name.as_ref(),
        actor,
        deadline_given,
        diags,
    );
}

fn declare_party<'a>(decls: &mut Decls<'a>, party: &'a ast::Party, diags: &mut Vec<Diagnostic>) {
    let actor = model::Actor {
        id: party.id.name.clone(),
        full_name: party.full_name.as_ref().map(|s| s.value.clone()),
        party: true,
        duty: None,
        staff: None,
        place: None,
        deadline: None,
        level: None,
        risks: Vec::new(),
        row: None,
        span: party.span,
    };
    add_actor(
        decls,
        &party.id,
        party.full_name.as_ref(),
        actor,
        false,
        diags,
    );
}

fn add_actor<'a>(
    decls: &mut Decls<'a>,
    id: &'a ast::Ident,
    full_name: Option<&'a ast::Str>,
    actor: model::Actor,
    deadline_given: bool,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(&first) = decls.actor_ids.get(id.name.as_str()) {
        let first_span = decls.actor_id_spans.get(first).copied().unwrap_or_default();
        let first_is_party = decls.actors.get(first).is_some_and(|a| a.party);
        diags.push(messages::duplicate_post(
            &id.name,
            id.span,
            first_span,
            first_is_party,
        ));
        return;
    }
    let index = decls.actors.len();
    decls.actor_ids.insert(&id.name, index);
    if let Some(full) = full_name {
        decls.actor_full_names.entry(&full.value).or_insert(index);
    }
    decls.actors.push(actor);
    decls.actor_id_spans.push(id.span);
    decls.actor_deadline_given.push(deadline_given);
}

/// Unresolved `@NAME`s, grouped by name in order of first use.
#[derive(Debug, Default)]
struct UnknownPosts<'a> {
    index: HashMap<&'a str, usize>,
    /// (name, spans of its uses).
    uses: Vec<(&'a str, Vec<Span>)>,
}

fn declare_node<'a>(
    decls: &mut Decls<'a>,
    node: &'a ast::Node,
    source: &Source,
    unknown: &mut UnknownPosts<'a>,
    diags: &mut Vec<Diagnostic>,
) {
    let owner = Owner::Node(node.kind, &node.id.name);
    let fields = check_fields(&node.fields, owner, source, diags);
    let mut actors: Vec<ActorId> = Vec::new();
    let mut named: HashSet<ActorId> = HashSet::new();
    let mut lead_unknown = false;
    for (i, post) in node.posts.iter().enumerate() {
        match resolve_actor(decls, post) {
            Some(a) => {
                if named.insert(a) {
                    actors.push(a);
                }
            }
            None => {
                lead_unknown |= i == 0;
                let at = *unknown.index.entry(&post.name).or_insert_with(|| {
                    unknown.uses.push((&post.name, Vec::new()));
                    unknown.uses.len() - 1
                });
                if let Some((_, spans)) = unknown.uses.get_mut(at) {
                    spans.push(post.span);
                }
            }
        }
    }
    let mut own_deadline = None;
    let mut deadline_given = false;
    let mut note = None;
    for field in fields.iter().copied() {
        match (field.name, &field.value) {
            (FieldName::Deadline, Value::Deadline(d)) => {
                deadline_given = true;
                own_deadline = deadline(d, diags);
            }
            (FieldName::Note, Value::Text(w)) => note = Some(w.value.clone()),
            _ => {}
        }
    }
    let risks = node.risks.iter().map(|r| risk(r, source, diags)).collect();
    if let Some(&first) = decls.node_ids.get(node.id.name.as_str()) {
        let first_span = decls
            .node_info
            .get(first)
            .map(|i| i.id_span)
            .unwrap_or_default();
        diags.push(messages::duplicate_node(
            &node.id.name,
            node.id.span,
            first_span,
        ));
        decls.meant_actors.extend(actors);
        return;
    }
    let lead = actors.first().and_then(|&a| decls.actors.get(a));
    let party_step = lead.is_some_and(|a| a.party);
    let effective_deadline = match (&own_deadline, lead) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(post)) if !post.party && !deadline_given => post.deadline.clone(),
        _ => None,
    };
    let index = decls.nodes.len();
    decls.node_ids.insert(&node.id.name, index);
    decls.nodes.push(model::Node {
        id: node.id.name.clone(),
        kind: node.kind,
        text: node
            .text
            .as_ref()
            .map_or_else(|| node.id.name.clone(), |t| t.value.clone()),
        actors,
        deadline: own_deadline,
        effective_deadline,
        risks,
        note,
        party_step,
        span: node.span,
    });
    decls.node_info.push(NodeInfo {
        id_span: node.id.span,
        deadline_given,
        names_actor: !node.posts.is_empty(),
        lead_unknown,
    });
}

/// `@NAME`: an id first, then a full name; `@"全称"`: the other way round.
fn resolve_actor(decls: &Decls<'_>, post: &ast::PostRef) -> Option<ActorId> {
    let name = post.name.as_str();
    let by_id = || decls.actor_ids.get(name).copied();
    let by_full = || decls.actor_full_names.get(name).copied();
    if post.quoted {
        by_full().or_else(by_id)
    } else {
        by_id().or_else(by_full)
    }
}

/// One `unknown-post` per unknown name, at its first use.
fn report_unknown_posts(
    decls: &mut Decls<'_>,
    unknown: &UnknownPosts<'_>,
    suggester: &mut Suggester,
    diags: &mut Vec<Diagnostic>,
) {
    for (name, spans) in &unknown.uses {
        let Some((&first, also)) = spans.split_first() else {
            continue;
        };
        let also = also
            .get(..also.len().min(super::MAX_ALSO))
            .unwrap_or_default();
        // Candidates: ids, then full names; shown as the user would write them.
        let ids = decls.actors.iter().map(|a| a.id.as_str());
        let fulls = decls.actors.iter().filter_map(|a| a.full_name.as_deref());
        let best = suggester.best(name, ids.chain(fulls));
        let suggestion = best.map(|s| {
            if decls.actor_ids.contains_key(s) {
                format!("@{s}")
            } else {
                format!("@\"{s}\"")
            }
        });
        let meant = best.and_then(|s| {
            let by_id = decls.actor_ids.get(s);
            by_id.or_else(|| decls.actor_full_names.get(s)).copied()
        });
        match meant {
            Some(a) => decls.meant_actors.push(a),
            None => decls.unmatched_actor_ref = true,
        }
        let is_node = decls.node_ids.contains_key(name);
        diags.push(messages::unknown_post(
            name,
            first,
            suggestion.as_deref(),
            is_node,
            also,
        ));
    }
}

/// Reports non-repeatable fields given twice; returns the fields to use
/// (the first of each, every `basis`).
fn check_fields<'f>(
    fields: &'f [ast::Field],
    owner: Owner<'_>,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) -> Vec<&'f ast::Field> {
    let mut seen: Vec<(FieldName, Span)> = Vec::new();
    let mut kept = Vec::with_capacity(fields.len());
    for field in fields {
        if !field.name.repeatable() {
            if let Some(&(_, first)) = seen.iter().find(|(n, _)| *n == field.name) {
                let written = source.slice(field.name_span);
                let keyword = if written.is_empty() {
                    field.name.keyword()
                } else {
                    written
                };
                diags.push(messages::duplicate_field(owner, keyword, field.span, first));
                continue;
            }
            seen.push((field.name, field.span));
        }
        kept.push(field);
    }
    kept
}

/// Converts a deadline value; reports `bad-deadline` and gives `None` for a bad one.
fn deadline(d: &ast::Deadline, diags: &mut Vec<Diagnostic>) -> Option<model::Deadline> {
    match &d.value {
        DeadlineValue::Immediate => Some(model::Deadline::Immediate),
        DeadlineValue::Amount(amount, unit) => Some(model::Deadline::Amount {
            amount: *amount,
            unit: *unit,
        }),
        DeadlineValue::Text(text) => Some(model::Deadline::Text { text: text.clone() }),
        DeadlineValue::Bad(text) => {
            diags.push(messages::bad_deadline(text, d.span, why_bad(text)));
            None
        }
    }
}

/// Why a deadline as written is not one.
fn why_bad(text: &str) -> BadDeadline<'_> {
    let text = text.trim();
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return BadDeadline::NotADeadline;
    }
    let unit = text.get(digits..).unwrap_or("").trim();
    if unit.is_empty() {
        BadDeadline::NoUnit
    } else if ast::Unit::from_word(unit).is_some() {
        BadDeadline::TooLarge
    } else {
        BadDeadline::UnknownUnit(unit)
    }
}

/// Converts a risk item; a second `owner` is a `duplicate-field`.
fn risk(r: &ast::Risk, source: &Source, diags: &mut Vec<Diagnostic>) -> model::Risk {
    if let [first, rest @ ..] = r.owners.as_slice() {
        for extra in rest {
            let keyword = owner_keyword(source, extra.span);
            diags.push(messages::duplicate_field(
                Owner::Risk(&r.description.value),
                keyword,
                extra.span,
                first.span,
            ));
        }
    }
    model::Risk {
        level: r.level.map(|(l, _)| l),
        category: r.category.map(|(c, _)| c),
        description: r.description.value.clone(),
        measures: r.measures.iter().map(|m| m.value.clone()).collect(),
        owner: r.owners.first().map(|o| o.value.clone()),
    }
}

/// The keyword written before an `owner` value (`owner` or `责任人`).
fn owner_keyword(source: &Source, value: Span) -> &'static str {
    let before = source.text.get(..value.start as usize).unwrap_or("");
    if before.trim_end().ends_with("责任人") {
        "责任人"
    } else {
        "owner"
    }
}
