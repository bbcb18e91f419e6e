//! From pest pairs to [`ast`] items.
//!
//! The grammar reads fields loosely (any field keyword, then a string, an
//! amount or a word); here each field is checked against the block it is in
//! and the kind of value it takes, so that the message can name the field.
//! Such errors do not stop the statement: the rest of it is still read.
//! Nothing here recurses per statement or per node.

use pest::iterators::Pair;

use crate::ast::{
    self, Category, Deadline, DeadlineValue, Field, FieldName, Ident, Level, NodeKind, PostRef,
    Risk, Str, Unit, Value, Word,
};
use crate::diagnostic::messages::{self, BlockKind, Found, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

use super::grammar::Rule;
use super::{MAX_NAME_CHARS, MAX_STRING_CHARS};

/// Collects AST items and the errors found while building them.
pub(super) struct Builder<'t> {
    text: &'t str,
    /// The items built so far, in source order.
    pub items: Vec<ast::Item>,
    /// Errors found so far.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a field keyword names, across all blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Field(FieldName),
    Measure,
    Owner,
    Post,
}

impl Key {
    fn from_word(word: &str) -> Option<Key> {
        Some(match word {
            "code" | "编码" => Key::Field(FieldName::Code),
            "kind" | "类别" => Key::Field(FieldName::Kind),
            "content" | "内容" => Key::Field(FieldName::Content),
            "subject" | "主体" => Key::Field(FieldName::Subject),
            "basis" | "依据" => Key::Field(FieldName::Basis),
            "conditions" | "条件" => Key::Field(FieldName::Conditions),
            "limit" | "时限" => Key::Field(FieldName::Limit),
            "promise" | "承诺" => Key::Field(FieldName::Promise),
            "duty" | "职能" => Key::Field(FieldName::Duty),
            "staff" | "人员" => Key::Field(FieldName::Staff),
            "place" | "地点" => Key::Field(FieldName::Place),
            "deadline" | "期限" => Key::Field(FieldName::Deadline),
            "level" | "等级" => Key::Field(FieldName::Level),
            "note" | "备注" => Key::Field(FieldName::Note),
            "measure" | "措施" => Key::Measure,
            "owner" | "责任人" => Key::Owner,
            "post" | "岗位" => Key::Post,
            _ => return None,
        })
    }

    /// Whether the key is a field of `block`.
    fn allowed_in(self, block: BlockKind) -> bool {
        use FieldName as F;
        match (block, self) {
            (BlockKind::Power, Key::Field(f)) => matches!(
                f,
                F::Code
                    | F::Kind
                    | F::Content
                    | F::Subject
                    | F::Basis
                    | F::Conditions
                    | F::Limit
                    | F::Promise
            ),
            (BlockKind::Post, Key::Field(f)) => {
                matches!(f, F::Duty | F::Staff | F::Place | F::Deadline | F::Level)
            }
            (BlockKind::Node, Key::Field(f)) => matches!(f, F::Deadline | F::Note),
            (BlockKind::Node, Key::Post) => true,
            (BlockKind::Risk, Key::Measure | Key::Owner) => true,
            _ => false,
        }
    }
}

/// The kind of value a field keyword takes.
pub(super) fn value_kind_of(word: &str) -> Option<ValueKind> {
    Some(match Key::from_word(word)? {
        Key::Field(FieldName::Kind) => ValueKind::WordOrText,
        Key::Field(FieldName::Limit | FieldName::Promise | FieldName::Deadline) => {
            ValueKind::Deadline
        }
        Key::Field(FieldName::Level) => ValueKind::Level,
        Key::Post => ValueKind::PostName,
        _ => ValueKind::Text,
    })
}

/// What a block may hold besides fields.
#[derive(Default)]
struct BlockContents {
    fields: Vec<Field>,
    risks: Vec<Risk>,
    posts: Vec<PostRef>,
}

fn level_of(word: &str) -> Option<Level> {
    Some(match word {
        "高" | "high" => Level::High,
        "中" | "medium" => Level::Medium,
        "低" | "low" => Level::Low,
        _ => return None,
    })
}

fn category_of(word: &str) -> Option<Category> {
    Some(match word {
        "权力行使" | "power-use" => Category::PowerUse,
        "制度机制" | "system" => Category::System,
        "业务能力" | "competence" => Category::Competence,
        "思想道德" | "ethics" => Category::Ethics,
        "外部环境" | "environment" => Category::Environment,
        _ => return None,
    })
}

/// The value of a string literal (quotes included in `raw`).
fn unescape(raw: &str) -> String {
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl<'t> Builder<'t> {
    /// A builder over the whole text (pairs come from slices of it).
    pub(super) fn new(text: &'t str) -> Builder<'t> {
        Builder {
            text,
            items: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Number of errors so far.
    pub(super) fn error_count(&self) -> usize {
        self.diagnostics.len()
    }

    /// Records an error.
    pub(super) fn push(&mut self, diag: Diagnostic) {
        self.diagnostics.push(diag);
    }

    /// Builds one statement pair parsed from the slice starting at byte
    /// `base` (other pairs are ignored).
    pub(super) fn statement(&mut self, stmt: Pair<'_, Rule>, base: usize) {
        let item = match stmt.as_rule() {
            Rule::power => self.power(stmt, base),
            Rule::post => self.post(stmt, base),
            Rule::party => self.party(stmt, base),
            Rule::node => self.node(stmt, base),
            Rule::edges => self.edges(stmt, base),
            _ => return,
        };
        self.items.push(item);
    }

    /// A statement's span: from its first token to the end of its last one
    /// (the whitespace before the next statement is not part of it).
    fn stmt_span(&self, pair: &Pair<'_, Rule>, base: usize) -> Span {
        let s = pair.as_span();
        let end = pair
            .clone()
            .into_inner()
            .filter(|p| p.as_rule() != Rule::statement_end)
            .map(|p| p.as_span().end())
            .max()
            .unwrap_or(s.end());
        Span::new(base + s.start(), base + end)
    }

    fn span(&self, pair: &Pair<'_, Rule>, base: usize) -> Span {
        let s = pair.as_span();
        Span::new(base + s.start(), base + s.end())
    }

    fn ident(&mut self, pair: &Pair<'_, Rule>, base: usize) -> Ident {
        let span = self.span(pair, base);
        let name = pair.as_str();
        // A name of at most MAX bytes has at most MAX characters.
        if name.len() > MAX_NAME_CHARS {
            let chars = name.chars().count();
            if chars > MAX_NAME_CHARS {
                self.push(messages::too_long(span, false, chars, MAX_NAME_CHARS));
            }
        }
        Ident {
            name: name.to_string(),
            span,
        }
    }

    fn string(&mut self, pair: &Pair<'_, Rule>, base: usize) -> Str {
        let span = self.span(pair, base);
        let value = unescape(pair.as_str());
        if value.len() > MAX_STRING_CHARS {
            let chars = value.chars().count();
            if chars > MAX_STRING_CHARS {
                self.push(messages::too_long(span, true, chars, MAX_STRING_CHARS));
            }
        }
        Str { value, span }
    }

    fn power(&mut self, pair: Pair<'_, Rule>, base: usize) -> ast::Item {
        let span = self.stmt_span(&pair, base);
        let mut keyword = span;
        let mut name = Str {
            value: String::new(),
            span,
        };
        let mut contents = BlockContents::default();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_power => keyword = self.span(&p, base),
                Rule::string => name = self.string(&p, base),
                Rule::block => contents = self.block(p, base, BlockKind::Power),
                _ => {}
            }
        }
        ast::Item::Power(ast::Power {
            name,
            fields: contents.fields,
            keyword,
            span,
        })
    }

    fn post(&mut self, pair: Pair<'_, Rule>, base: usize) -> ast::Item {
        let span = self.stmt_span(&pair, base);
        let mut id = None;
        let mut full_name = None;
        let mut contents = BlockContents::default();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => id = Some(self.ident(&p, base)),
                Rule::string => full_name = Some(self.string(&p, base)),
                Rule::block => contents = self.block(p, base, BlockKind::Post),
                _ => {}
            }
        }
        ast::Item::Post(ast::Post {
            id: id.unwrap_or_else(|| Ident {
                name: String::new(),
                span,
            }),
            full_name,
            fields: contents.fields,
            risks: contents.risks,
            span,
        })
    }

    fn party(&mut self, pair: Pair<'_, Rule>, base: usize) -> ast::Item {
        let span = self.stmt_span(&pair, base);
        let mut id = None;
        let mut full_name = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => id = Some(self.ident(&p, base)),
                Rule::string => full_name = Some(self.string(&p, base)),
                _ => {}
            }
        }
        ast::Item::Party(ast::Party {
            id: id.unwrap_or_else(|| Ident {
                name: String::new(),
                span,
            }),
            full_name,
            span,
        })
    }

    fn node(&mut self, pair: Pair<'_, Rule>, base: usize) -> ast::Item {
        let span = self.stmt_span(&pair, base);
        let mut kind = NodeKind::Step;
        let mut keyword = span;
        let mut id = None;
        let mut text = None;
        let mut posts = Vec::new();
        let mut fields = Vec::new();
        let mut risks = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::node_kw => {
                    keyword = self.span(&p, base);
                    kind = match p.as_str() {
                        "start" | "开始" => NodeKind::Start,
                        "end" | "结束" => NodeKind::End,
                        "decide" | "判断" => NodeKind::Decide,
                        _ => NodeKind::Step,
                    };
                }
                Rule::name => id = Some(self.ident(&p, base)),
                Rule::string => text = Some(self.string(&p, base)),
                Rule::post_ref => posts.push(self.post_ref(p, base)),
                Rule::header_deadline => {
                    let field_span = self.span(&p, base);
                    let mut inner = p.into_inner();
                    if let (Some(kw), Some(value)) = (inner.next(), inner.next()) {
                        let name_span = self.span(&kw, base);
                        if let Some(value) =
                            self.value(value, base, kw.as_str(), ValueKind::Deadline)
                        {
                            fields.push(Field {
                                name: FieldName::Deadline,
                                name_span,
                                value,
                                span: field_span,
                            });
                        }
                    }
                }
                Rule::block => {
                    let mut contents = self.block(p, base, BlockKind::Node);
                    posts.append(&mut contents.posts);
                    fields.append(&mut contents.fields);
                    risks.append(&mut contents.risks);
                }
                _ => {}
            }
        }
        ast::Item::Node(ast::Node {
            kind,
            keyword,
            id: id.unwrap_or_else(|| Ident {
                name: String::new(),
                span,
            }),
            text,
            posts,
            fields,
            risks,
            span,
        })
    }

    fn post_ref(&mut self, pair: Pair<'_, Rule>, base: usize) -> PostRef {
        let span = self.span(&pair, base);
        let mut out = PostRef {
            name: String::new(),
            quoted: false,
            span,
        };
        if let Some(p) = pair.into_inner().next() {
            if p.as_rule() == Rule::string {
                out.name = self.string(&p, base).value;
                out.quoted = true;
            } else {
                out.name = self.ident(&p, base).name;
            }
        }
        out
    }

    fn edges(&mut self, pair: Pair<'_, Rule>, base: usize) -> ast::Item {
        let span = self.stmt_span(&pair, base);
        let mut nodes = Vec::new();
        let mut arrows = Vec::new();
        let mut label = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => nodes.push(self.ident(&p, base)),
                Rule::arrow => arrows.push(self.span(&p, base)),
                Rule::label => {
                    if let Some(v) = p.into_inner().next() {
                        let vspan = self.span(&v, base);
                        let value = match v.as_rule() {
                            Rule::string => self.string(&v, base).value,
                            Rule::name => self.ident(&v, base).name,
                            _ => v.as_str().to_string(),
                        };
                        label = Some(Word { value, span: vspan });
                    }
                }
                _ => {}
            }
        }
        ast::Item::Edges(ast::EdgeChain {
            nodes,
            arrows,
            label,
            span,
        })
    }

    fn block(&mut self, pair: Pair<'_, Rule>, base: usize, kind: BlockKind) -> BlockContents {
        let mut out = BlockContents::default();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::field => self.field(p, base, kind, &mut out),
                Rule::risk => {
                    let span = self.span(&p, base);
                    if matches!(kind, BlockKind::Post | BlockKind::Node) {
                        out.risks.push(self.risk(p, base));
                    } else {
                        let kw = p.into_inner().next().map_or(span, |k| self.span(&k, base));
                        let word = self.text.get(kw.range()).unwrap_or("risk").to_string();
                        self.push(messages::field_not_allowed(kw, &word, kind));
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn field(
        &mut self,
        pair: Pair<'_, Rule>,
        base: usize,
        block: BlockKind,
        out: &mut BlockContents,
    ) {
        let span = self.span(&pair, base);
        let mut inner = pair.into_inner();
        let (Some(kw), Some(value)) = (inner.next(), inner.next()) else {
            return;
        };
        let name_span = self.span(&kw, base);
        let word = kw.as_str();
        let Some(key) = Key::from_word(word) else {
            return;
        };
        if !key.allowed_in(block) {
            self.push(messages::field_not_allowed(name_span, word, block));
            return;
        }
        let Some(kind) = value_kind_of(word) else {
            return;
        };
        match key {
            Key::Post => {
                let vspan = self.span(&value, base);
                match value.as_rule() {
                    Rule::string => {
                        let s = self.string(&value, base);
                        out.posts.push(PostRef {
                            name: s.value,
                            quoted: true,
                            span,
                        });
                    }
                    Rule::word => {
                        let id = self.ident(&value, base);
                        out.posts.push(PostRef {
                            name: id.name,
                            quoted: false,
                            span,
                        });
                    }
                    _ => {
                        let found = self.found(&value);
                        self.push(messages::bad_field_value(vspan, word, kind, &found));
                    }
                }
            }
            Key::Field(name) => {
                if let Some(value) = self.value(value, base, word, kind) {
                    out.fields.push(Field {
                        name,
                        name_span,
                        value,
                        span,
                    });
                }
            }
            // Measures and owners are collected by `risk`; never reached here.
            Key::Measure | Key::Owner => {}
        }
    }

    /// What a value pair is, for "found …" in messages.
    fn found(&self, value: &Pair<'_, Rule>) -> Found {
        match value.as_rule() {
            Rule::string => Found::Str,
            Rule::amount => Found::Number(value.as_str().to_string()),
            _ => Found::Name(value.as_str().to_string()),
        }
    }

    /// Converts a value of the kind `kind` (after the field keyword `word`).
    fn value(
        &mut self,
        value: Pair<'_, Rule>,
        base: usize,
        word: &str,
        kind: ValueKind,
    ) -> Option<Value> {
        let vspan = self.span(&value, base);
        let rule = value.as_rule();
        match (kind, rule) {
            (ValueKind::Text | ValueKind::WordOrText, Rule::string) => {
                let s = self.string(&value, base);
                Some(Value::Text(Word {
                    value: s.value,
                    span: s.span,
                }))
            }
            (ValueKind::WordOrText, Rule::word) => {
                let id = self.ident(&value, base);
                Some(Value::Text(Word {
                    value: id.name,
                    span: id.span,
                }))
            }
            (ValueKind::Deadline, _) => Some(Value::Deadline(self.deadline(value, base))),
            (ValueKind::Level, Rule::word) => match level_of(value.as_str()) {
                Some(level) => Some(Value::Level(level, vspan)),
                None => {
                    self.push(messages::unknown_level(vspan, value.as_str()));
                    None
                }
            },
            _ => {
                let found = self.found(&value);
                self.push(messages::bad_field_value(vspan, word, kind, &found));
                None
            }
        }
    }

    fn deadline(&mut self, value: Pair<'_, Rule>, base: usize) -> Deadline {
        let span = self.span(&value, base);
        let raw = value.as_str();
        let value = match value.as_rule() {
            Rule::string => DeadlineValue::Text(self.string(&value, base).value),
            Rule::word if matches!(raw, "即时" | "immediate") => DeadlineValue::Immediate,
            Rule::amount => {
                let mut number = None;
                let mut unit = None;
                for p in value.into_inner() {
                    match p.as_rule() {
                        Rule::number => number = p.as_str().parse::<u64>().ok(),
                        Rule::unit => unit = Unit::from_word(p.as_str()),
                        _ => {}
                    }
                }
                match (number, unit) {
                    (Some(n), Some(u)) => DeadlineValue::Amount(n, u),
                    _ => DeadlineValue::Bad(raw.to_string()),
                }
            }
            _ => DeadlineValue::Bad(raw.to_string()),
        };
        Deadline { value, span }
    }

    fn risk(&mut self, pair: Pair<'_, Rule>, base: usize) -> Risk {
        let span = self.span(&pair, base);
        let mut risk = Risk {
            level: None,
            category: None,
            description: Str {
                value: String::new(),
                span,
            },
            measures: Vec::new(),
            owners: Vec::new(),
            keyword: span,
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_risk => risk.keyword = self.span(&p, base),
                Rule::risk_tag => {
                    let tspan = self.span(&p, base);
                    let word = p.as_str();
                    if let Some(level) = level_of(word) {
                        if risk.level.is_some() {
                            self.push(messages::repeated_risk_tag(tspan, true));
                        } else {
                            risk.level = Some((level, tspan));
                        }
                    } else if let Some(category) = category_of(word) {
                        if risk.category.is_some() {
                            self.push(messages::repeated_risk_tag(tspan, false));
                        } else {
                            risk.category = Some((category, tspan));
                        }
                    } else {
                        self.push(messages::unknown_risk_tag(tspan, word));
                    }
                }
                Rule::string => risk.description = self.string(&p, base),
                Rule::risk_block => {
                    for f in p.into_inner() {
                        if f.as_rule() != Rule::field {
                            continue;
                        }
                        let mut inner = f.into_inner();
                        let (Some(kw), Some(value)) = (inner.next(), inner.next()) else {
                            continue;
                        };
                        let kspan = self.span(&kw, base);
                        let word = kw.as_str();
                        let key = Key::from_word(word);
                        if !key.is_some_and(|k| k.allowed_in(BlockKind::Risk)) {
                            self.push(messages::field_not_allowed(kspan, word, BlockKind::Risk));
                            continue;
                        }
                        if value.as_rule() != Rule::string {
                            let vspan = self.span(&value, base);
                            let found = self.found(&value);
                            self.push(messages::bad_field_value(
                                vspan,
                                word,
                                ValueKind::Text,
                                &found,
                            ));
                            continue;
                        }
                        let s = self.string(&value, base);
                        if key == Some(Key::Measure) {
                            risk.measures.push(s);
                        } else {
                            risk.owners.push(s);
                        }
                    }
                }
                _ => {}
            }
        }
        risk
    }
}
