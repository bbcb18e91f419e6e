//! The checked model of one power: what the checker hands to layout, render
//! and the `json` export. Plain data, in source order, serializable.
//!
//! Indices (`NodeId`, `ActorId`) are positions in `Flow::nodes` / `Flow::actors`.

use serde::Serialize;

use crate::ast::{Category, Level, NodeKind, Unit};
use crate::source::Span;

/// Index into [`Flow::nodes`].
pub type NodeId = usize;
/// Index into [`Flow::actors`].
pub type ActorId = usize;
/// Index into [`Flow::edges`].
pub type EdgeId = usize;

/// A checked flow. Built only when the file has no error.
#[derive(Debug, Clone, Serialize)]
pub struct Flow {
    /// The power's catalog entry, when the file has a `power` header.
    pub power: Option<Power>,
    /// Posts and parties, in declaration order.
    pub actors: Vec<Actor>,
    /// Nodes in declaration order.
    pub nodes: Vec<Node>,
    /// Edges in source order.
    pub edges: Vec<Edge>,
    /// The single start node.
    pub start: NodeId,
    /// Rows of the 岗位说明 table: posts (never parties) in the order they first
    /// appear along the flow from `start` (breadth-first, edges in source order),
    /// then posts no node names, in declaration order.
    pub table: Vec<ActorId>,
    /// The longest start→end commitment per unit, loops excluded (see `over-limit`).
    pub totals: Vec<Total>,
}

/// The `power` header.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Power {
    /// 职权名称.
    pub name: String,
    /// 职权编码.
    pub code: Option<String>,
    /// 职权类别 (行政许可, 行政处罚 …).
    pub kind: Option<String>,
    /// 职权内容.
    pub content: Option<String>,
    /// 行使主体.
    pub subject: Option<String>,
    /// 法律依据, from higher to lower rank.
    pub basis: Vec<String>,
    /// 条件.
    pub conditions: Option<String>,
    /// 法定时限.
    pub limit: Option<Deadline>,
    /// 承诺时限.
    pub promise: Option<Deadline>,
}

/// A checked deadline value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Deadline {
    /// 即时: zero time.
    Immediate,
    /// `amount` of `unit`.
    Amount {
        /// How many.
        amount: u64,
        /// Of what.
        unit: Unit,
    },
    /// Shown as written, never summed.
    Text {
        /// The text.
        text: String,
    },
}

impl Deadline {
    /// How the deadline reads in a drawing or table: `即时`, `15工作日`, or the text.
    pub fn display(&self) -> String {
        match self {
            Deadline::Immediate => "即时".to_string(),
            Deadline::Amount { amount, unit } => format!("{amount}{}", unit.zh()),
            Deadline::Text { text } => text.clone(),
        }
    }
}

/// A post (a row of the 岗位说明 table) or a party (an outside actor).
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    /// The id used after `@`.
    pub id: String,
    /// The full name, if given.
    pub full_name: Option<String>,
    /// True for a `party`.
    pub party: bool,
    /// 岗位职能.
    pub duty: Option<String>,
    /// 办理人员.
    pub staff: Option<String>,
    /// 办理地点和时间.
    pub place: Option<String>,
    /// 承诺办结期限.
    pub deadline: Option<Deadline>,
    /// The post's risk grade.
    pub level: Option<Level>,
    /// Risk points of the post.
    pub risks: Vec<Risk>,
    /// 1-based row number in the 岗位说明 table (None for parties).
    pub row: Option<usize>,
    /// Where it was declared.
    #[serde(skip)]
    pub span: Span,
}

impl Actor {
    /// The name shown in tables and boxes: the full name if given, else the id.
    pub fn display_name(&self) -> &str {
        self.full_name.as_deref().unwrap_or(&self.id)
    }
}

/// A node of the flowchart.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: NodeKind,
    /// The text shown in the shape (the id when none was written); may hold `\n`.
    pub text: String,
    /// Actors, the lead first.
    pub actors: Vec<ActorId>,
    /// Its own deadline.
    pub deadline: Option<Deadline>,
    /// The deadline it shows: its own, else its lead post's (never a party's).
    pub effective_deadline: Option<Deadline>,
    /// Risk points on the node.
    pub risks: Vec<Risk>,
    /// Free text kept with the node.
    pub note: Option<String>,
    /// True when its lead actor is a party (the clock stops).
    pub party_step: bool,
    /// Where it was declared.
    #[serde(skip)]
    pub span: Span,
}

/// An edge of the flowchart.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// Source node.
    pub from: NodeId,
    /// Target node.
    pub to: NodeId,
    /// Its label, if any.
    pub label: Option<String>,
    /// True when a depth-first search from `start`, edges in source order,
    /// finds it closing a loop (补正 → 受理). Layout draws these as loops.
    pub back: bool,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
}

/// A risk point.
#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    /// 风险等级.
    pub level: Option<Level>,
    /// 风险类别.
    pub category: Option<Category>,
    /// 风险点描述.
    pub description: String,
    /// 防控措施.
    pub measures: Vec<String>,
    /// 责任人.
    pub owner: Option<String>,
}

/// The longest start→end sum of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Total {
    /// The unit.
    pub unit: Unit,
    /// The largest sum over start→end paths, loops excluded.
    pub amount: u64,
}
