//! The syntax tree of a `.flow` file, as written: every node carries its span.
//!
//! The parser ([`crate::parse`]) builds it; the checker ([`crate::check`])
//! resolves names and builds the [`crate::model::Flow`]. Nothing here is
//! validated beyond syntax: duplicates, unknown names and bad units are the
//! checker's business, so that all of them can be reported in one run.

use crate::source::Span;

/// A whole file: its statements in source order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct File {
    /// Statements in source order.
    pub items: Vec<Item>,
}

/// One top-level statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `power "名称" { … }`
    Power(Power),
    /// `post ID ["全称"] { … }`
    Post(Post),
    /// `party ID ["全称"]`
    Party(Party),
    /// `start|end|step|decide ID ["text"] …`
    Node(Node),
    /// `A -> B -> C [: label]`
    Edges(EdgeChain),
}

/// An identifier as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The identifier's text.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A string literal, unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    /// The value with escapes resolved (`\n` is a real line break).
    pub value: String,
    /// The span of the literal including its quotes.
    pub span: Span,
}

/// A bare word or a string, where the language allows either (`kind`, labels).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The text.
    pub value: String,
    /// Where it was written.
    pub span: Span,
}

/// The `power` header block.
#[derive(Debug, Clone, PartialEq)]
pub struct Power {
    /// The power's name.
    pub name: Str,
    /// Fields in source order (duplicates kept: the checker reports them).
    pub fields: Vec<Field>,
    /// The `power`/`职权` keyword.
    pub keyword: Span,
    /// The whole statement.
    pub span: Span,
}

/// A post declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// The id nodes use after `@`.
    pub id: Ident,
    /// Optional full name shown in the table.
    pub full_name: Option<Str>,
    /// Fields in source order.
    pub fields: Vec<Field>,
    /// Risk items in source order.
    pub risks: Vec<Risk>,
    /// The whole statement.
    pub span: Span,
}

/// An outside actor: not a post, not in the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// The id nodes use after `@`.
    pub id: Ident,
    /// Optional full name.
    pub full_name: Option<Str>,
    /// The whole statement.
    pub span: Span,
}

/// The four node kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// Ellipse: where the flow begins.
    Start,
    /// Ellipse: where the flow ends.
    End,
    /// Box: a processing step.
    Step,
    /// Diamond: a condition.
    Decide,
}

/// A node declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Its kind.
    pub kind: NodeKind,
    /// The keyword as written.
    pub keyword: Span,
    /// The node's id.
    pub id: Ident,
    /// The text shown in the shape; `None` means the id is shown.
    pub text: Option<Str>,
    /// Actors in order: header `@…` first, then block `post …` fields.
    pub posts: Vec<PostRef>,
    /// Header and block fields other than posts (`deadline`, `note`), in order.
    pub fields: Vec<Field>,
    /// Risk items in source order.
    pub risks: Vec<Risk>,
    /// The whole statement.
    pub span: Span,
}

/// `@NAME` or `@"全称"` (or `post NAME` inside a node block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRef {
    /// The name as written (unescaped if quoted).
    pub name: String,
    /// Whether it was written as a string (`@"全称"`): then full names are searched first.
    pub quoted: bool,
    /// Where it was written (including `@`).
    pub span: Span,
}

/// A chain `A -> B -> C`, one edge per arrow, with an optional label.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeChain {
    /// The node names, at least two.
    pub nodes: Vec<Ident>,
    /// The spans of the arrows (`nodes.len() - 1` of them).
    pub arrows: Vec<Span>,
    /// The label after `:`, if any (an error on a chain of two or more arrows).
    pub label: Option<Word>,
    /// The whole statement.
    pub span: Span,
}

/// Field names, in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldName {
    /// `code` / `编码`
    Code,
    /// `kind` / `类别`
    Kind,
    /// `content` / `内容`
    Content,
    /// `subject` / `主体`
    Subject,
    /// `basis` / `依据` (repeatable)
    Basis,
    /// `conditions` / `条件`
    Conditions,
    /// `limit` / `时限`
    Limit,
    /// `promise` / `承诺`
    Promise,
    /// `duty` / `职能`
    Duty,
    /// `staff` / `人员`
    Staff,
    /// `place` / `地点`
    Place,
    /// `deadline` / `期限`
    Deadline,
    /// `level` / `等级`
    Level,
    /// `note` / `备注`
    Note,
}

impl FieldName {
    /// The English keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            FieldName::Code => "code",
            FieldName::Kind => "kind",
            FieldName::Content => "content",
            FieldName::Subject => "subject",
            FieldName::Basis => "basis",
            FieldName::Conditions => "conditions",
            FieldName::Limit => "limit",
            FieldName::Promise => "promise",
            FieldName::Duty => "duty",
            FieldName::Staff => "staff",
            FieldName::Place => "place",
            FieldName::Deadline => "deadline",
            FieldName::Level => "level",
            FieldName::Note => "note",
        }
    }

    /// Whether the field may be given more than once (only `basis`; `risk`,
    /// `measure` and a node's `post` are items, not fields, and repeat freely).
    pub fn repeatable(self) -> bool {
        matches!(self, FieldName::Basis)
    }
}

/// A `name value` field inside a block (or a header `deadline`).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Which field.
    pub name: FieldName,
    /// The field's keyword as written.
    pub name_span: Span,
    /// Its value.
    pub value: Value,
    /// The whole field.
    pub span: Span,
}

/// A field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string (or, for `kind`, a bare word).
    Text(Word),
    /// A deadline value (`deadline`, `limit`, `promise`).
    Deadline(Deadline),
    /// A risk level (`level`).
    Level(Level, Span),
}

/// A deadline value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// What was written.
    pub value: DeadlineValue,
    /// The whole value.
    pub span: Span,
}

/// A deadline value; only `Bad` is an error (`bad-deadline`, reported by the checker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlineValue {
    /// `即时` / `immediate`: zero time.
    Immediate,
    /// A number of a known unit.
    Amount(u64, Unit),
    /// A string such as `"当场办结"`: shown, not summed.
    Text(String),
    /// Anything else: a number without a unit, with an unknown unit (`5 weeks`),
    /// a number too large, or a bare word that is not 即时. Holds the text as written.
    Bad(String),
}

/// Deadline units. 工作日 and 日 are never converted into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// 工作日 / workdays
    Workdays,
    /// 日, 天, 自然日 / days
    Days,
    /// 小时 / hours
    Hours,
    /// 个月, 月 / months
    Months,
}

impl Unit {
    /// All units, in display order.
    pub const ALL: [Unit; 4] = [Unit::Workdays, Unit::Days, Unit::Hours, Unit::Months];

    /// The unit for a word as written, in either language, singular or plural.
    pub fn from_word(word: &str) -> Option<Unit> {
        Some(match word {
            "工作日" | "workdays" | "workday" => Unit::Workdays,
            "日" | "天" | "自然日" | "days" | "day" => Unit::Days,
            "小时" | "hours" | "hour" => Unit::Hours,
            "个月" | "月" | "months" | "month" => Unit::Months,
            _ => return None,
        })
    }

    /// The Chinese word used in drawings and tables.
    pub fn zh(self) -> &'static str {
        match self {
            Unit::Workdays => "工作日",
            Unit::Days => "日",
            Unit::Hours => "小时",
            Unit::Months => "个月",
        }
    }
}

/// Risk levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 高 / high
    High,
    /// 中 / medium
    Medium,
    /// 低 / low
    Low,
}

impl Level {
    /// The one-character Chinese grade shown on badges.
    pub fn zh(self) -> &'static str {
        match self {
            Level::High => "高",
            Level::Medium => "中",
            Level::Low => "低",
        }
    }
}

/// Risk categories of 附表3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// 权力行使 / power-use
    PowerUse,
    /// 制度机制 / system
    System,
    /// 业务能力 / competence
    Competence,
    /// 思想道德 / ethics
    Ethics,
    /// 外部环境 / environment
    Environment,
}

impl Category {
    /// The Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Category::PowerUse => "权力行使",
            Category::System => "制度机制",
            Category::Competence => "业务能力",
            Category::Ethics => "思想道德",
            Category::Environment => "外部环境",
        }
    }
}

/// `risk [LEVEL] [CATEGORY] "description" [{ measure "…" owner "…" }]`
#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    /// The level, if given.
    pub level: Option<(Level, Span)>,
    /// The category, if given.
    pub category: Option<(Category, Span)>,
    /// What can go wrong.
    pub description: Str,
    /// Prevention measures, in order.
    pub measures: Vec<Str>,
    /// Who answers for it (all `owner` fields; more than one is a duplicate-field error).
    pub owners: Vec<Str>,
    /// The `risk` keyword.
    pub keyword: Span,
    /// The whole item.
    pub span: Span,
}
