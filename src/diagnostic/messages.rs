//! Every user-facing word of every diagnostic, in English and Chinese.
//!
//! One constructor per diagnostic; parse and check call these and nothing else.

use crate::diagnostic::{Diagnostic, Severity, Text};
use crate::source::Span;

fn error(name: &'static str, span: Span, message: Text) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        name,
        message,
        span,
        label: None,
        related: Vec::new(),
        help: None,
    }
}

// ---------------------------------------------------------------- input (source, limits)

/// The input is not valid UTF-8.
pub fn invalid_utf8(at: usize) -> Diagnostic {
    let mut d = error(
        "invalid-utf8",
        Span::new(at, at + '\u{FFFD}'.len_utf8()),
        Text::new(
            "the file is not valid UTF-8 text",
            "文件不是有效的 UTF-8 文本",
        ),
    );
    d.help = Some(Text::new(
        "save the file as UTF-8 (in Word or Notepad: Save As → Encoding: UTF-8)",
        "请将文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）",
    ));
    d
}

/// A control character (NUL, …) in the text.
pub fn control_character(span: Span, c: char) -> Diagnostic {
    let mut d = error(
        "control-character",
        span,
        Text::new(
            format!("the file contains the control character U+{:04X}", c as u32),
            format!("文件含有控制字符 U+{:04X}", c as u32),
        ),
    );
    d.label = Some(Text::new("control character", "控制字符"));
    d.help = Some(Text::new(
        "delete it; a .flow file is plain text (was a binary or word-processor file opened by mistake?)",
        "请删除该字符；.flow 文件应为纯文本（是否误选了二进制或文字处理文件？）",
    ));
    d
}

/// A bidirectional override or isolate character (Trojan-source attack).
pub fn bidi_character(span: Span, c: char) -> Diagnostic {
    let mut d = error(
        "bidi-character",
        span,
        Text::new(
            format!(
                "the file contains the invisible bidirectional control U+{:04X}",
                c as u32
            ),
            format!("文件含有不可见的双向文本控制字符 U+{:04X}", c as u32),
        ),
    );
    d.label = Some(Text::new(
        "may make the text look different from what it is",
        "可能使文字显示得与实际内容不同",
    ));
    d.help = Some(Text::new(
        "delete it; such characters can hide what a line really says and are not allowed anywhere",
        "请删除该字符；此类字符可掩盖一行的真实内容，任何位置均不允许",
    ));
    d
}

/// A carriage return not followed by a line feed.
pub fn lone_carriage_return(span: Span) -> Diagnostic {
    let mut d = error(
        "control-character",
        span,
        Text::new(
            "the file contains a carriage return (U+000D) that does not end a line",
            "文件含有不构成换行的回车符（U+000D）",
        ),
    );
    d.label = Some(Text::new("lone carriage return", "单独的回车符"));
    d.help = Some(Text::new(
        "save the file with Windows (CRLF) or Unix (LF) line ends",
        "请以 Windows（CRLF）或 Unix（LF）换行格式保存文件",
    ));
    d
}

/// A name or string longer than the limit.
pub fn too_long(span: Span, is_string: bool, chars: usize, limit: usize) -> Diagnostic {
    let (en, zh) = if is_string {
        ("string", "字符串")
    } else {
        ("name", "名称")
    };
    let mut d = error(
        "too-long",
        span,
        Text::new(
            format!("this {en} is {chars} characters long; the limit is {limit}"),
            format!("此{zh}长 {chars} 个字符，超过上限 {limit}"),
        ),
    );
    d.label = Some(Text::new(format!("{en} too long"), format!("{zh}过长")));
    d.help = Some(Text::new(
        format!("shorten it to at most {limit} characters"),
        format!("请缩短至不超过 {limit} 个字符"),
    ));
    d
}

/// The file is larger than the parser accepts.
pub fn file_too_large(bytes: usize, limit: usize) -> Diagnostic {
    let mut d = error(
        "too-long",
        Span::new(0, 0),
        Text::new(
            format!("the file is {bytes} bytes long; the limit is {limit} bytes"),
            format!("文件大小为 {bytes} 字节，超过上限 {limit} 字节"),
        ),
    );
    d.help = Some(Text::new(
        "one .flow file describes one power; split it",
        "一个 .flow 文件只描述一项职权，请拆分文件",
    ));
    d
}

// ---------------------------------------------------------------- syntax (parse)

/// Where a field stands, for "expected a field (…)" messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The `power { … }` block.
    Power,
    /// A `post { … }` block.
    Post,
    /// A node's `{ … }` block.
    Node,
    /// A risk's `{ … }` block.
    Risk,
}

impl BlockKind {
    /// The fields allowed in the block, in both languages.
    fn fields(self) -> Text {
        match self {
            BlockKind::Power => Text::new(
                "code, kind, content, subject, basis, conditions, limit, promise",
                "编码、类别、内容、主体、依据、条件、时限、承诺",
            ),
            BlockKind::Post => Text::new(
                "duty, staff, place, deadline, level, risk",
                "职能、人员、地点、期限、等级、风险",
            ),
            BlockKind::Node => Text::new("post, deadline, risk, note", "岗位、期限、风险、备注"),
            BlockKind::Risk => Text::new("measure, owner", "措施、责任人"),
        }
    }

    fn name(self) -> Text {
        match self {
            BlockKind::Power => Text::new("a power block", "职权块"),
            BlockKind::Post => Text::new("a post block", "岗位块"),
            BlockKind::Node => Text::new("a node block", "节点块"),
            BlockKind::Risk => Text::new("a risk block", "风险块"),
        }
    }
}

/// The kind of value a field takes, for "expected … after `deadline`".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A string.
    Text,
    /// A bare word or a string (`kind`).
    WordOrText,
    /// A deadline value.
    Deadline,
    /// A risk level.
    Level,
    /// A post name or a quoted full name (`post` in a node block).
    PostName,
}

/// One thing the parser could have accepted where it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// The start of a statement.
    Statement,
    /// A name.
    Name,
    /// A string.
    Str,
    /// `{`.
    LBrace,
    /// `}`.
    RBrace,
    /// `->`.
    Arrow,
    /// `: label`.
    Label,
    /// Another statement (the current one may end here).
    StatementEnd,
    /// `@POST`.
    PostRef,
    /// `deadline` in a node header.
    HeaderDeadline,
    /// A field of the given block.
    Field(BlockKind),
    /// The value of a field.
    Value(ValueKind),
    /// A risk level or category word.
    RiskTag,
    /// The label after `:`.
    LabelValue,
}

impl Expected {
    /// The order in which expectations are listed in a message.
    pub fn rank(self) -> u8 {
        match self {
            Expected::Statement => 0,
            Expected::Name => 1,
            Expected::Str => 2,
            Expected::Value(_) => 3,
            Expected::RiskTag | Expected::LabelValue => 4,
            Expected::PostRef => 5,
            Expected::HeaderDeadline => 6,
            Expected::Field(_) => 7,
            Expected::LBrace => 8,
            Expected::RBrace => 9,
            Expected::Arrow => 10,
            Expected::Label => 11,
            Expected::StatementEnd => 12,
        }
    }

    fn text(self) -> Text {
        match self {
            Expected::Statement => Text::new(
                "a statement (power, post, party, start, end, step, decide, or an edge `A -> B`)",
                "语句（职权、岗位、相对人、开始、结束、步骤、判断，或连线 `甲 -> 乙`）",
            ),
            Expected::Name => Text::new("a name", "名称"),
            Expected::Str => Text::new("a string", "字符串"),
            Expected::LBrace => Text::new("\"{\"", "“{”"),
            Expected::RBrace => Text::new("\"}\"", "“}”"),
            Expected::Arrow => Text::new("\"->\"", "“->”"),
            Expected::Label => Text::new("\":\" and a label", "“:”及标签"),
            Expected::StatementEnd => Text::new("a new statement", "新的语句"),
            Expected::PostRef => Text::new("\"@\" and a post", "“@”及岗位"),
            Expected::HeaderDeadline => Text::new("\"deadline\"", "“期限”"),
            Expected::Field(block) => {
                let f = block.fields();
                Text::new(
                    format!("a field of {} ({})", block.name().en, f.en),
                    format!("{}的字段（{}）", block.name().zh, f.zh),
                )
            }
            Expected::Value(ValueKind::Text) => Text::new("a string", "字符串"),
            Expected::Value(ValueKind::WordOrText) => {
                Text::new("a word or a string", "词语或字符串")
            }
            Expected::Value(ValueKind::Deadline) => Text::new(
                "a deadline (即时, a number and a unit such as 15 工作日, or a string)",
                "期限（即时、数字加单位如 15 工作日，或字符串）",
            ),
            Expected::Value(ValueKind::Level) => {
                Text::new("a level (高, 中 or 低)", "等级（高、中或低）")
            }
            Expected::Value(ValueKind::PostName) => Text::new("a post name", "岗位名称"),
            Expected::LabelValue => Text::new(
                "a label (one word, one number or one string)",
                "标签（一个词、一个数字或一个字符串）",
            ),
            Expected::RiskTag => Text::new(
                "a risk level (高/中/低), a category (权力行使 …) or the description string",
                "风险等级（高/中/低）、类别（权力行使等）或描述字符串",
            ),
        }
    }
}

/// What the parser found where it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The end of the file.
    EndOfFile,
    /// The end of the line (inside a construct that must stay on one line).
    EndOfLine,
    /// A name or keyword.
    Name(String),
    /// A number.
    Number(String),
    /// A string literal.
    Str,
    /// `->`.
    Arrow,
    /// Any other character.
    Char(char),
}

impl Found {
    fn text(&self) -> Text {
        match self {
            Found::EndOfFile => Text::new("the end of the file", "文件结尾"),
            Found::EndOfLine => Text::new("the end of the line", "行尾"),
            Found::Name(n) => Text::new(format!("`{}`", short(n)), format!("“{}”", short(n))),
            Found::Number(n) => Text::new(
                format!("the number {}", short(n)),
                format!("数字 {}", short(n)),
            ),
            Found::Str => Text::new("a string", "字符串"),
            Found::Arrow => Text::new("\"->\"", "“->”"),
            Found::Char(c) => Text::new(
                format!("\"{}\"{}", c, code_point_note(*c)),
                format!("“{}”{}", c, code_point_note(*c)),
            ),
        }
    }
}

/// ` (U+XXXX)` for characters that do not show well (spaces, punctuation look-alikes).
fn code_point_note(c: char) -> String {
    if c.is_ascii_graphic() {
        String::new()
    } else {
        format!(" (U+{:04X})", c as u32)
    }
}

/// A text named in a message: on one line, at most 20 characters, `…` when cut.
fn short(text: &str) -> String {
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() <= 20 {
        one_line
    } else {
        let mut cut: String = one_line.chars().take(19).collect();
        cut.push('…');
        cut
    }
}

/// Joins `a`, `b` and `c` as "a, b or c" / "a、b 或 c".
fn one_of(items: &[Text]) -> Text {
    let join = |lang_en: bool| -> String {
        let words: Vec<&str> = items
            .iter()
            .map(|t| {
                if lang_en {
                    t.en.as_str()
                } else {
                    t.zh.as_str()
                }
            })
            .collect();
        match words.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => {
                if lang_en {
                    format!("{} or {}", rest.join(", "), last)
                } else {
                    format!("{}或{}", rest.join("、"), last)
                }
            }
        }
    };
    Text::new(join(true), join(false))
}

/// A syntax error: what was expected (after which token) and what was found.
///
/// `after` is the previous token as written, if there is one.
pub fn expected(
    span: Span,
    expected: &[Expected],
    after: Option<&str>,
    found: &Found,
) -> Diagnostic {
    let want = one_of(&expected.iter().map(|e| e.text()).collect::<Vec<_>>());
    let found = found.text();
    let (after_en, after_zh) = match after {
        Some(a) => (
            format!(" after `{}`", short(a)),
            format!("在“{}”之后", short(a)),
        ),
        None => (String::new(), String::new()),
    };
    let mut d = error(
        "syntax",
        span,
        Text::new(
            format!("expected {}{after_en}, found {}", want.en, found.en),
            format!("{after_zh}应为{}，实际为{}", want.zh, found.zh),
        ),
    );
    d.label = Some(if want.en.chars().count() <= 40 {
        Text::new(format!("expected {}", want.en), format!("应为{}", want.zh))
    } else {
        Text::new("not expected here", "此处不应出现")
    });
    d
}

/// Help for a character that looks like ASCII punctuation of the language.
pub fn ascii_lookalike_help(c: char) -> Option<Text> {
    let (ascii, en_name, zh_name) = match c {
        '→' | '⟶' | '➔' | '－' => ("->", "an arrow", "箭头"),
        '：' => (":", "a colon", "冒号"),
        '“' | '”' | '＂' | '«' | '»' | '「' | '」' => ("\"", "a double quote", "双引号"),
        '｛' => ("{", "an opening brace", "左花括号"),
        '｝' => ("}", "a closing brace", "右花括号"),
        '＠' => ("@", "an at sign", "@ 符号"),
        '；' => (";", "a semicolon", "分号"),
        '＃' => ("#", "a comment sign", "井号"),
        '—' | '–' => ("->", "an arrow", "箭头"),
        _ => return None,
    };
    Some(Text::new(
        format!(
            "`{c}` is not {en_name} of the language; type the ASCII `{ascii}` (switch the input method to half-width / English)"
        ),
        format!("“{c}”不是本语言的{zh_name}；请输入半角的“{ascii}”（把输入法切换到英文或半角）"),
    ))
}

/// Help when a statement begins with an unknown word close to a keyword.
pub fn did_you_mean_keyword(keyword: &str) -> Text {
    Text::new(
        format!("did you mean `{keyword}`?"),
        format!("是否应为“{keyword}”？"),
    )
}

/// Help listing what a statement may begin with.
pub fn statement_help() -> Text {
    Text::new(
        "a statement begins with power, post, party, start, end, step or decide (or 职权, 岗位, 相对人, 开始, 结束, 步骤, 判断), or is an edge such as `受理 -> 审核`",
        "语句以 职权、岗位、相对人、开始、结束、步骤、判断（或 power、post、party、start、end、step、decide）开头，或是一条连线，如 `受理 -> 审核`",
    )
}

/// Help when a `{` is still open where the parser stopped.
pub fn unclosed_block_help() -> Text {
    Text::new(
        "is a \"}\" missing? every \"{\" must be closed by a \"}\"",
        "是否缺少“}”？每个“{”都要有对应的“}”",
    )
}

/// The label of the `{` that is still open.
pub fn unclosed_block_label() -> Text {
    Text::new("this block is not closed", "此块未闭合")
}

/// Help when a party is given a block.
pub fn party_block_help() -> Text {
    Text::new(
        "a party (相对人) takes no block; declare it as a post if it has duties in the table",
        "相对人不带块；若需在岗位说明表中列出职能，请改用“岗位”声明",
    )
}

/// Help when a label is missing after `:`.
pub fn label_help() -> Text {
    Text::new(
        "a label is one word, one number or one string, on the same line as \":\" (`A -> B : 是`)",
        "标签是一个词、一个数字或一个字符串，须与“:”在同一行（`甲 -> 乙 : 是`）",
    )
}

/// Help when `@` is followed by a space or nothing.
pub fn post_ref_help() -> Text {
    Text::new(
        "write the post right after \"@\", without a space: `@受理岗` or `@\"全称\"`",
        "“@”后紧接岗位名称，中间不要空格：`@受理岗` 或 `@\"全称\"`",
    )
}

/// Help when a field keyword follows a header that has no `{`.
pub fn fields_need_block_help(field: &str) -> Text {
    Text::new(
        format!("fields go inside braces after the header: `{{ {field} … }}`"),
        format!("字段应写在声明后的花括号内：`{{ {field} … }}`"),
    )
}

/// Help when a post name follows a node header without its `@`.
pub fn missing_at_help(name: &str) -> Text {
    Text::new(
        format!("to name the node's post, write `@{}`", short(name)),
        format!("如要指定该节点的岗位，请写 `@{}`", short(name)),
    )
}

/// Help when a text field is given a bare word.
pub fn quote_text_help(word: &str) -> Text {
    Text::new(
        format!("put the text in double quotes: \"{}\"", short(word)),
        format!("请用双引号括起文字：\"{}\"", short(word)),
    )
}

/// A raw line break inside a string.
pub fn unterminated_string(span: Span, at_end_of_file: bool) -> Diagnostic {
    let mut d = error(
        "syntax",
        span,
        if at_end_of_file {
            Text::new("this string is not closed", "字符串没有结束引号")
        } else {
            Text::new(
                "this string is not closed on its line",
                "字符串在本行内没有结束引号",
            )
        },
    );
    d.label = Some(Text::new("the string starts here", "字符串从此处开始"));
    d.help = Some(Text::new(
        "close the string on this line with \", or write \\n for a line break inside it",
        "请在本行内用 \" 结束字符串；如需在文字中换行，请写 \\n",
    ));
    d
}

/// An escape other than `\"`, `\\`, `\n` in a string.
pub fn invalid_escape(span: Span, escape: &str) -> Diagnostic {
    let mut d = error(
        "syntax",
        span,
        Text::new(
            format!("unknown escape `{escape}` in a string"),
            format!("字符串中有未知的转义“{escape}”"),
        ),
    );
    d.label = Some(Text::new("unknown escape", "未知转义"));
    d.help = Some(Text::new(
        "the only escapes are \\\" (a quote), \\\\ (a backslash) and \\n (a line break)",
        "只支持三种转义：\\\"（引号）、\\\\（反斜杠）、\\n（换行）",
    ));
    d
}

/// A field that does not belong in the block it is in.
pub fn field_not_allowed(span: Span, field: &str, block: BlockKind) -> Diagnostic {
    let name = block.name();
    let fields = block.fields();
    let mut d = error(
        "syntax",
        span,
        Text::new(
            format!("`{field}` is not a field of {}", name.en),
            format!("“{field}”不是{}的字段", name.zh),
        ),
    );
    d.label = Some(Text::new("not allowed here", "此处不允许"));
    d.help = Some(Text::new(
        format!("{} may hold: {}", name.en, fields.en),
        format!("{}可包含：{}", name.zh, fields.zh),
    ));
    d
}

/// A value of the wrong shape after a field name.
pub fn bad_field_value(span: Span, field: &str, kind: ValueKind, found: &Found) -> Diagnostic {
    let mut d = expected(span, &[Expected::Value(kind)], Some(field), found);
    if let (ValueKind::Text, Found::Name(w) | Found::Number(w)) = (kind, found) {
        d.help = Some(quote_text_help(w));
    }
    d
}

/// An unknown risk level (`level 极高`).
pub fn unknown_level(span: Span, word: &str) -> Diagnostic {
    let mut d = error(
        "syntax",
        span,
        Text::new(
            format!("unknown risk level `{}`", short(word)),
            format!("未知的风险等级“{}”", short(word)),
        ),
    );
    d.label = Some(Text::new("not a level", "不是风险等级"));
    d.help = Some(Text::new(
        "the levels are 高, 中, 低 (high, medium, low)",
        "风险等级为 高、中、低（high、medium、low）",
    ));
    d
}

/// A word before a risk's description that is neither a level nor a category.
pub fn unknown_risk_tag(span: Span, word: &str) -> Diagnostic {
    let mut d = error(
        "syntax",
        span,
        Text::new(
            format!(
                "`{}` is neither a risk level nor a risk category",
                short(word)
            ),
            format!("“{}”既不是风险等级也不是风险类别", short(word)),
        ),
    );
    d.label = Some(Text::new("unknown word", "未知词语"));
    d.help = Some(risk_form_help());
    d
}

/// A second level (or second category) before a risk's description.
pub fn repeated_risk_tag(span: Span, is_level: bool) -> Diagnostic {
    let (en, zh) = if is_level {
        ("level", "等级")
    } else {
        ("category", "类别")
    };
    let mut d = error(
        "syntax",
        span,
        Text::new(
            format!("this risk already has a {en}"),
            format!("该风险已指定过{zh}"),
        ),
    );
    d.label = Some(Text::new(format!("second {en}"), format!("第二个{zh}")));
    d.help = Some(risk_form_help());
    d
}

fn risk_form_help() -> Text {
    Text::new(
        "write `risk [LEVEL] [CATEGORY] \"description\"`: levels 高 中 低 (high medium low); categories 权力行使 制度机制 业务能力 思想道德 外部环境 (power-use system competence ethics environment)",
        "写法为 `风险 [等级] [类别] \"描述\"`：等级 高 中 低；类别 权力行使 制度机制 业务能力 思想道德 外部环境",
    )
}

/// The parser gave up after too many errors.
pub fn too_many_errors(span: Span, limit: usize) -> Diagnostic {
    let mut d = error(
        "too-many-errors",
        span,
        Text::new(
            format!("stopped after {limit} syntax errors; the rest of the file was not read"),
            format!("语法错误已达 {limit} 个，停止读取文件其余部分"),
        ),
    );
    d.help = Some(Text::new(
        "fix the errors above and run again; is this really a .flow file?",
        "请先修正上面的错误再运行；请确认这是 .flow 文件",
    ));
    d
}

// ---------------------------------------------------------------- checks (check)

fn warning(name: &'static str, span: Span, message: Text) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..error(name, span, message)
    }
}

/// How a checked diagnostic names the thing a field belongs to.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    /// The `power` header.
    Power,
    /// A post (`post ID`).
    Post(&'a str),
    /// A node of the given kind and id.
    Node(crate::ast::NodeKind, &'a str),
    /// A risk item, by its description.
    Risk(&'a str),
}

impl Owner<'_> {
    fn en(self) -> String {
        match self {
            Owner::Power => "the `power` header".to_string(),
            Owner::Post(id) => format!("post `{id}`"),
            Owner::Node(kind, id) => format!("{} `{id}`", kind_en(kind)),
            Owner::Risk(desc) => format!("risk `{}`", short(desc)),
        }
    }

    fn zh(self) -> String {
        match self {
            Owner::Power => "职权信息（power）".to_string(),
            Owner::Post(id) => format!("岗位「{id}」"),
            Owner::Node(kind, id) => format!("{}「{id}」", kind_zh(kind)),
            Owner::Risk(desc) => format!("风险点「{}」", short(desc)),
        }
    }
}

/// Why a deadline value was rejected (`bad-deadline`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadDeadline<'a> {
    /// A number with no unit (`15`).
    NoUnit,
    /// A number with a unit nobody knows (`5 weeks`): the unit as written.
    UnknownUnit(&'a str),
    /// A number too large to count with.
    TooLarge,
    /// A word that is not 即时/immediate.
    NotADeadline,
}

/// Which power field an over-limit warning measures against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// `limit` / `时限`: 法定时限.
    Limit,
    /// `promise` / `承诺`: 承诺时限.
    Promise,
}

fn kind_en(kind: crate::ast::NodeKind) -> &'static str {
    use crate::ast::NodeKind;
    match kind {
        NodeKind::Start => "start",
        NodeKind::End => "end",
        NodeKind::Step => "step",
        NodeKind::Decide => "decision",
    }
}

fn kind_zh(kind: crate::ast::NodeKind) -> &'static str {
    use crate::ast::NodeKind;
    match kind {
        NodeKind::Start => "开始节点",
        NodeKind::End => "结束节点",
        NodeKind::Step => "步骤",
        NodeKind::Decide => "判断",
    }
}

fn unit_en(unit: crate::ast::Unit, amount: u64) -> &'static str {
    use crate::ast::Unit;
    match (unit, amount == 1) {
        (Unit::Workdays, false) => "workdays",
        (Unit::Workdays, true) => "workday",
        (Unit::Days, false) => "days",
        (Unit::Days, true) => "day",
        (Unit::Hours, false) => "hours",
        (Unit::Hours, true) => "hour",
        (Unit::Months, false) => "months",
        (Unit::Months, true) => "month",
    }
}

/// A sum of one unit, in both languages: `23 workdays` / `23工作日`.
fn amount_text(amount: u64, unit: crate::ast::Unit) -> Text {
    Text::new(
        format!("{amount} {}", unit_en(unit, amount)),
        format!("{amount}{}", unit.zh()),
    )
}

/// A checked deadline in both languages: `即时` is `immediate` in English.
fn deadline_text(deadline: &crate::model::Deadline) -> Text {
    use crate::model::Deadline;
    match deadline {
        Deadline::Immediate => Text::new("immediate (即时)", "即时"),
        Deadline::Amount { amount, unit } => amount_text(*amount, *unit),
        Deadline::Text { text } => Text::new(format!("\"{text}\""), format!("“{text}”")),
    }
}

/// The names of a path, eliding the middle of a long one.
fn path_text(names: &[&str]) -> String {
    const KEEP: usize = 5;
    if names.len() <= 2 * KEEP + 1 {
        names.join(" → ")
    } else {
        let head = names.get(..KEEP).unwrap_or_default().join(" → ");
        let tail = names
            .get(names.len() - KEEP..)
            .unwrap_or_default()
            .join(" → ");
        format!("{head} → … → {tail}")
    }
}

/// The help line naming a close match, or `None`.
fn did_you_mean(suggestion: Option<&str>) -> Option<Text> {
    suggestion.map(|s| Text::new(format!("did you mean `{s}`?"), format!("是否应为「{s}」？")))
}

/// `duplicate-node`: a node id declared a second time.
pub fn duplicate_node(id: &str, span: Span, first: Span) -> Diagnostic {
    let mut d = error(
        "duplicate-node",
        span,
        Text::new(
            format!("node `{id}` is declared twice"),
            format!("节点「{id}」重复声明"),
        ),
    );
    d.label = Some(Text::new("declared again here", "再次声明"));
    d.related
        .push((first, Text::new("first declared here", "首次声明在此")));
    d.help = Some(Text::new(
        "node ids must be unique: rename this one (edges use the first) or remove it",
        "节点标识不能重复：请给这个节点改名（连线指向的是第一个），或删除它",
    ));
    d
}

/// `duplicate-post`: a post or party id declared a second time (one namespace).
pub fn duplicate_post(id: &str, span: Span, first: Span, first_is_party: bool) -> Diagnostic {
    let (en, zh) = if first_is_party {
        ("a party", "相对人")
    } else {
        ("a post", "岗位")
    };
    let mut d = error(
        "duplicate-post",
        span,
        Text::new(
            format!("`{id}` is already declared as {en}"),
            format!("「{id}」已声明为{zh}"),
        ),
    );
    d.label = Some(Text::new("declared again here", "再次声明"));
    d.related
        .push((first, Text::new("first declared here", "首次声明在此")));
    d.help = Some(Text::new(
        "posts and parties share one set of names: give this one another id, or remove it",
        "岗位和相对人共用同一套名称：请给它换一个标识，或删除它",
    ));
    d
}

/// `duplicate-field`: a non-repeatable field given twice. `keyword` is the
/// field's keyword as written (`deadline` or `期限`).
pub fn duplicate_field(owner: Owner<'_>, keyword: &str, span: Span, first: Span) -> Diagnostic {
    let mut d = error(
        "duplicate-field",
        span,
        Text::new(
            format!("{} gives `{keyword}` twice", owner.en()),
            format!("{}重复填写了「{keyword}」", owner.zh()),
        ),
    );
    d.label = Some(Text::new("given again here", "重复填写"));
    d.related
        .push((first, Text::new("first given here", "首次填写在此")));
    d.help = Some(Text::new(
        format!(
            "`{keyword}` may be given once: keep one and delete the other \
             (only `basis`, `risk`, `measure` and a node's `post` repeat)"
        ),
        format!(
            "「{keyword}」只能填写一次，请保留一个、删除其余\
             （只有依据、风险、措施和节点中的岗位可以重复）"
        ),
    ));
    d
}

/// `duplicate-field` for a second `power` header (a file describes one power;
/// the contract's §8 files it under `duplicate-field`).
pub fn duplicate_power(span: Span, first: Span) -> Diagnostic {
    let mut d = error(
        "duplicate-field",
        span,
        Text::new(
            "the file has a second `power` header",
            "文件中出现了第二个职权信息（power）",
        ),
    );
    d.label = Some(Text::new("second header", "第二个职权信息"));
    d.related
        .push((first, Text::new("first header", "第一个职权信息")));
    d.help = Some(Text::new(
        "a .flow file describes one power: move this one and its flow into a file of its own",
        "一个 .flow 文件只描述一项职权：请把这一项及其流程移到单独的文件中",
    ));
    d
}

/// `unknown-node`: an edge names a node nobody declared. `actor` is true when
/// the name is a post or party (a common slip); `also` are its other uses.
pub fn unknown_node(
    name: &str,
    span: Span,
    suggestion: Option<&str>,
    actor: bool,
    also: &[Span],
) -> Diagnostic {
    let mut d = error(
        "unknown-node",
        span,
        Text::new(
            format!("no node is named `{name}`"),
            format!("没有名为「{name}」的节点"),
        ),
    );
    d.label = Some(Text::new("unknown node", "未声明的节点"));
    for &s in also {
        d.related
            .push((s, Text::new("also used here", "此处也使用了")));
    }
    d.help = Some(match (actor, did_you_mean(suggestion)) {
        (true, Some(guess)) => Text::new(
            format!("`{name}` is a post or party, not a node; {}", guess.en),
            format!("「{name}」是岗位或相对人，不是节点；{}", guess.zh),
        ),
        (true, None) => Text::new(
            format!(
                "`{name}` is a post or party, not a node: edges join nodes, \
                 so use the id of the step it handles"
            ),
            format!(
                "「{name}」是岗位或相对人，不是节点：连线连接的是节点，请改用它所办理步骤的标识"
            ),
        ),
        (false, Some(guess)) => guess,
        (false, None) => Text::new(
            format!("declare it before using it, e.g. `step {name} \"…\" @岗位`"),
            format!("请先声明该节点，例如 步骤 {name} \"…\" @岗位"),
        ),
    });
    d
}

/// `unknown-post`: `@NAME` names no post or party. `suggestion` is written as
/// the user should write it (`@审核岗`); `node` is true when the name is a node.
pub fn unknown_post(
    name: &str,
    span: Span,
    suggestion: Option<&str>,
    node: bool,
    also: &[Span],
) -> Diagnostic {
    let mut d = error(
        "unknown-post",
        span,
        Text::new(
            format!("no post or party is named `{name}`"),
            format!("没有名为「{name}」的岗位或相对人"),
        ),
    );
    d.label = Some(Text::new("unknown post", "未声明的岗位"));
    for &s in also {
        d.related
            .push((s, Text::new("also used here", "此处也使用了")));
    }
    d.help = did_you_mean(suggestion).or_else(|| {
        Some(if node {
            Text::new(
                format!(
                    "`{name}` is a node: `@` names a post or party declared with `post` or `party`"
                ),
                format!("「{name}」是节点：@ 后应写用 post 或 party 声明的岗位或相对人"),
            )
        } else {
            Text::new(
                format!(
                    "declare it: `post {name} {{ duty \"…\" staff \"…\" }}`, \
                     or `party {name}` for an outside actor such as 申请人"
                ),
                format!(
                    "请先声明：岗位 {name} {{ 职能 \"…\" 人员 \"…\" }}；\
                     如是申请人等外部相对人，写 相对人 {name}"
                ),
            )
        })
    });
    d
}

/// `no-start`: the flow has no `start` node. `span` is where one is missing
/// (the first node, or the start of the file).
pub fn no_start(span: Span) -> Diagnostic {
    let mut d = error(
        "no-start",
        span,
        Text::new("the flow has no `start`", "流程没有开始节点（start）"),
    );
    d.help = Some(Text::new(
        "add one, e.g. `start 申请 \"申请人提出申请\"`, and an edge from it to the first step",
        "请添加开始节点，例如 开始 申请 \"申请人提出申请\"，并从它连线到第一个步骤",
    ));
    d
}

/// `multiple-start`: a second `start` node.
pub fn multiple_start(id: &str, span: Span, first_id: &str, first: Span) -> Diagnostic {
    let mut d = error(
        "multiple-start",
        span,
        Text::new(
            format!("the flow has more than one `start`: `{first_id}` and `{id}`"),
            format!("流程有多个开始节点：「{first_id}」和「{id}」"),
        ),
    );
    d.label = Some(Text::new("another start", "又一个开始节点"));
    d.related
        .push((first, Text::new("the first start", "第一个开始节点")));
    d.help = Some(Text::new(
        format!("a flow has one start: make `{id}` a `step`, or merge the two starts"),
        format!("一个流程只有一个开始节点：请把「{id}」改为步骤（step），或将两个开始节点合并"),
    ));
    d
}

/// `no-end`: the flow has no `end` node.
pub fn no_end(span: Span) -> Diagnostic {
    let mut d = error(
        "no-end",
        span,
        Text::new("the flow has no `end`", "流程没有结束节点（end）"),
    );
    d.help = Some(Text::new(
        "add one, e.g. `end 办结 \"办结\"`, and edges into it from the last steps",
        "请添加结束节点，例如 结束 办结 \"办结\"，并从最后的步骤连线到它",
    ));
    d
}

/// `edge-from-end`: an edge leaves an `end` node.
pub fn edge_from_end(end_id: &str, span: Span, end_decl: Span) -> Diagnostic {
    let mut d = error(
        "edge-from-end",
        span,
        Text::new(
            format!("an edge leaves the end `{end_id}`"),
            format!("结束节点「{end_id}」之后还有连线"),
        ),
    );
    d.label = Some(Text::new("edge out of an end", "从结束节点引出的连线"));
    d.related.push((
        end_decl,
        Text::new("declared as an `end` here", "在此声明为结束节点"),
    ));
    d.help = Some(Text::new(
        format!("the flow stops at an end: if it goes on, make `{end_id}` a `step`; otherwise remove this edge"),
        format!("流程到结束节点即终止：若还要继续，请把「{end_id}」改为步骤（step），否则删除这条连线"),
    ));
    d
}

/// `unreachable`: no path from `start` leads to the node; `after` nodes are
/// unreachable only through it (folded into this error).
pub fn unreachable(id: &str, span: Span, after: usize) -> Diagnostic {
    let mut d = error(
        "unreachable",
        span,
        Text::new(
            format!("`{id}` can never be reached from the start"),
            format!("从开始节点无法到达「{id}」"),
        ),
    );
    d.label = Some(if after == 0 {
        Text::new(
            "no path from `start` leads here",
            "没有从开始节点到这里的路径",
        )
    } else {
        let s = if after == 1 { "" } else { "s" };
        Text::new(
            format!("no path from `start` leads here, nor to the {after} node{s} after it"),
            format!("没有从开始节点到这里的路径，其后的 {after} 个节点同样无法到达"),
        )
    });
    d.help = Some(Text::new(
        format!("add an edge into it from the step before it (`… -> {id}`), or remove it"),
        format!("请从前一步骤连线到它（… -> {id}），或删除该节点"),
    ));
    d
}

/// `no-way-out`: a dead end, a node (not an `end`) with no way onward.
/// `end_id` names an end to suggest in the help.
pub fn dead_end(id: &str, span: Span, end_id: Option<&str>) -> Diagnostic {
    let mut d = error(
        "no-way-out",
        span,
        Text::new(
            format!("`{id}` is a dead end: no `end` can be reached from it"),
            format!("「{id}」是死路：从它到达不了结束节点"),
        ),
    );
    d.label = Some(Text::new("nothing leads on from here", "此后没有连线"));
    let target = end_id.unwrap_or("办结");
    d.help = Some(Text::new(
        format!("add an edge from it to the next step or to an end, e.g. `{id} -> {target}`"),
        format!("请从它连线到下一步骤或结束节点，例如 {id} -> {target}"),
    ));
    d
}

/// `no-way-out`: a loop no `end` can be reached from. `cycle` names the loop's
/// nodes in order, starting and ending at the node `span` points at.
pub fn loop_no_exit(cycle: &[&str], span: Span) -> Diagnostic {
    let path = path_text(cycle);
    let mut d = error(
        "no-way-out",
        span,
        Text::new(
            format!("the loop `{path}` has no way out to an end"),
            format!("循环「{path}」没有出口，到达不了结束节点"),
        ),
    );
    d.label = Some(Text::new(
        "this loop never reaches an end",
        "此循环到达不了结束节点",
    ));
    d.help = Some(Text::new(
        "give the loop an exit: usually a `decide` in it with a branch that goes on to the next step",
        "请给循环加一个出口：通常是循环中的一个判断，用另一分支连到后续步骤",
    ));
    d
}

/// `decide-branches`: a decision with fewer than two outgoing edges.
pub fn decide_branches(id: &str, span: Span, count: usize) -> Diagnostic {
    let (en, zh) = if count == 0 {
        ("no branch", "没有分支")
    } else {
        ("only one branch", "只有一个分支")
    };
    let mut d = error(
        "decide-branches",
        span,
        Text::new(
            format!("decision `{id}` has {en}"),
            format!("判断「{id}」{zh}"),
        ),
    );
    d.label = Some(Text::new(
        "a decision needs at least two outgoing edges",
        "判断至少需要两条分支",
    ));
    d.help = Some(Text::new(
        format!("add the other branch, e.g. `{id} -> 下一步 : 否`; if nothing is decided here, make it a `step`"),
        format!("请补上另一分支，例如 {id} -> 下一步 : 否；如果这里不作判断，请改为步骤（step）"),
    ));
    d
}

/// `unlabeled-branch`: a decision's outgoing edge without a label.
pub fn unlabeled_branch(decide: &str, target: &str, span: Span) -> Diagnostic {
    let mut d = error(
        "unlabeled-branch",
        span,
        Text::new(
            format!("branch `{decide} -> {target}` of decision `{decide}` has no label"),
            format!("判断「{decide}」的分支「{decide} -> {target}」没有标注条件"),
        ),
    );
    d.label = Some(Text::new(
        "which answer leads here?",
        "哪个答案走这条分支？",
    ));
    d.help = Some(Text::new(
        format!("label it with the answer, e.g. `{decide} -> {target} : 是`"),
        format!("请标注条件，例如 {decide} -> {target} : 是"),
    ));
    d
}

/// `duplicate-branch`: two branches of one decision with the same label.
pub fn duplicate_branch(decide: &str, label: &str, span: Span, first: Span) -> Diagnostic {
    let mut d = error(
        "duplicate-branch",
        span,
        Text::new(
            format!("decision `{decide}` has two branches labelled `{label}`"),
            format!("判断「{decide}」有两个分支都标注为「{label}」"),
        ),
    );
    d.label = Some(Text::new("the same label again", "重复的标注"));
    d.related.push((
        first,
        Text::new(
            format!("first `{label}` branch"),
            format!("第一个「{label}」分支"),
        ),
    ));
    d.help = Some(Text::new(
        "each answer leads one way: change one of the labels, or remove the extra edge",
        "每个答案只能有一个去向：请修改其中一个标注，或删除多余的连线",
    ));
    d
}

/// `label-on-chain`: a label after a chain of two or more arrows. `nodes` are
/// the chain's node names.
pub fn label_on_chain(label: &str, span: Span, nodes: &[&str]) -> Diagnostic {
    let arrows = nodes.len().saturating_sub(1);
    let mut d = error(
        "label-on-chain",
        span,
        Text::new(
            format!("label `{label}` on a chain of {arrows} arrows"),
            format!("标注「{label}」写在了含 {arrows} 个箭头的连线链上"),
        ),
    );
    d.label = Some(Text::new(
        "which arrow does it belong to?",
        "无法确定属于哪一个箭头",
    ));
    let (a, b, c) = match nodes {
        [a, b, c, ..] => (*a, *b, *c),
        _ => ("A", "B", "C"),
    };
    d.help = Some(Text::new(
        format!("split the chain and put the label on its arrow, e.g. `{a} -> {b} : {label}` and `{b} -> {c}`"),
        format!("请拆开连线链，把标注写在对应的箭头上，例如 {a} -> {b} : {label} 和 {b} -> {c}"),
    ));
    d
}

/// `bad-deadline`: a deadline, `limit` or `promise` value that is none of
/// 即时, a number with a known unit, or a string. `text` is the value as written.
pub fn bad_deadline(text: &str, span: Span, why: BadDeadline<'_>) -> Diagnostic {
    let message = match why {
        BadDeadline::NoUnit => Text::new(
            format!("deadline `{text}` has no unit"),
            format!("期限「{text}」缺少单位"),
        ),
        BadDeadline::UnknownUnit(unit) => Text::new(
            format!("unknown unit `{unit}` in deadline `{text}`"),
            format!("期限「{text}」的单位「{unit}」无法识别"),
        ),
        BadDeadline::TooLarge => Text::new(
            format!("deadline `{text}` is too large"),
            format!("期限「{text}」数值过大"),
        ),
        BadDeadline::NotADeadline => Text::new(
            format!("`{text}` is not a deadline"),
            format!("「{text}」不是有效的期限"),
        ),
    };
    let mut d = error("bad-deadline", span, message);
    d.label = Some(match why {
        BadDeadline::NoUnit => Text::new("a unit is missing", "缺少单位"),
        BadDeadline::UnknownUnit(_) => Text::new("unknown unit", "无法识别的单位"),
        BadDeadline::TooLarge => Text::new("too large", "数值过大"),
        BadDeadline::NotADeadline => Text::new("not a deadline", "不是期限"),
    });
    d.help = Some(Text::new(
        "known units: 工作日 (workdays), 日/天/自然日 (days), 小时 (hours), 个月/月 (months), \
         e.g. `15 工作日`; or write 即时 (immediate), or a text in quotes such as \"当场办结\"",
        "可用的单位：工作日、日/天/自然日、小时、个月/月，例如 15 工作日；\
         也可写「即时」，或用引号写文字，如 \"当场办结\"",
    ));
    d
}

// ---------------------------------------------------------------- lints (check)

/// `missing-post`: a step or decision names no post (nor party).
/// `example_post` is a post of the file to show in the help.
pub fn missing_post(
    kind: crate::ast::NodeKind,
    id: &str,
    span: Span,
    example_post: Option<&str>,
) -> Diagnostic {
    let (keyword, keyword_zh) = match kind {
        crate::ast::NodeKind::Decide => ("decide", "判断"),
        crate::ast::NodeKind::Start => ("start", "开始"),
        crate::ast::NodeKind::End => ("end", "结束"),
        crate::ast::NodeKind::Step => ("step", "步骤"),
    };
    let post = example_post.unwrap_or("审核岗");
    let mut d = warning(
        "missing-post",
        span,
        Text::new(
            format!("{} `{id}` names no post", kind_en(kind)),
            format!("{}「{id}」没有指定办理岗位", kind_zh(kind)),
        ),
    );
    d.label = Some(Text::new("which post does this?", "由哪个岗位办理？"));
    d.help = Some(Text::new(
        format!("name the post that does it, e.g. `{keyword} {id} \"…\" @{post}`"),
        format!("请写上办理岗位，例如 {keyword_zh} {id} \"…\" @{post}"),
    ));
    d
}

/// `missing-deadline`: a step with no deadline, neither its own nor its lead post's.
pub fn missing_deadline(id: &str, span: Span, lead_post: Option<&str>) -> Diagnostic {
    let mut d = warning(
        "missing-deadline",
        span,
        Text::new(
            format!("step `{id}` has no deadline"),
            format!("步骤「{id}」没有办理期限"),
        ),
    );
    d.label = Some(Text::new("no deadline", "没有期限"));
    d.help = Some(match lead_post {
        Some(post) => Text::new(
            format!("add `deadline 15 工作日` to the step or to its post `{post}`"),
            format!("请为该步骤或其岗位「{post}」添加期限，例如 期限 15 工作日"),
        ),
        None => Text::new(
            "add `deadline 15 工作日` to the step",
            "请为该步骤添加期限，例如 期限 15 工作日",
        ),
    });
    d
}

/// `unused-post`: a post no node names.
pub fn unused_post(id: &str, span: Span) -> Diagnostic {
    let mut d = warning(
        "unused-post",
        span,
        Text::new(
            format!("post `{id}` is not named by any node"),
            format!("岗位「{id}」没有被任何节点使用"),
        ),
    );
    d.label = Some(Text::new("declared but never used", "已声明但未使用"));
    d.help = Some(Text::new(
        format!(
            "write `@{id}` on the steps it handles, or remove the post (it still gets a table row)"
        ),
        format!("请在它办理的步骤上写 @{id}，或删除该岗位（未使用时仍会列入岗位说明表）"),
    ));
    d
}

/// `incomplete-post`: a post whose table row would have an empty 岗位职能 or 办理人员.
pub fn incomplete_post(id: &str, span: Span, no_duty: bool, no_staff: bool) -> Diagnostic {
    let (en, zh, help_en, help_zh) = match (no_duty, no_staff) {
        (true, true) => (
            "has no duty (岗位职能) and no staff (办理人员)",
            "缺少岗位职能和办理人员",
            "add `duty \"…\"` and `staff \"…\"` to the post",
            "请为该岗位填写岗位职能和办理人员：职能 \"…\" 人员 \"…\"",
        ),
        (true, false) => (
            "has no duty (岗位职能)",
            "缺少岗位职能",
            "add `duty \"…\"` to the post",
            "请为该岗位填写岗位职能：职能 \"…\"",
        ),
        _ => (
            "has no staff (办理人员)",
            "缺少办理人员",
            "add `staff \"…\"` to the post",
            "请为该岗位填写办理人员：人员 \"…\"",
        ),
    };
    let mut d = warning(
        "incomplete-post",
        span,
        Text::new(format!("post `{id}` {en}"), format!("岗位「{id}」{zh}")),
    );
    d.label = Some(Text::new(
        "its row in the 岗位说明 table would have an empty cell",
        "岗位说明表中该行将出现空白",
    ));
    d.help = Some(Text::new(help_en, help_zh));
    d
}

/// `step-branches`: a step with more than one outgoing edge.
pub fn step_branches(id: &str, span: Span, count: usize) -> Diagnostic {
    let mut d = warning(
        "step-branches",
        span,
        Text::new(
            format!("step `{id}` has {count} outgoing edges"),
            format!("步骤「{id}」有 {count} 条出线"),
        ),
    );
    d.label = Some(Text::new("a step leads one way", "步骤只应有一个去向"));
    d.help = Some(Text::new(
        format!("if a condition is decided here, make it `decide {id}` with labelled branches; otherwise remove the extra edges"),
        format!("如果此处要作判断，请改为 判断 {id} 并标注各分支；否则请删除多余的连线"),
    ));
    d
}

/// `over-limit`: the longest start→end path commits more time than the power's
/// `limit` or `promise`. `total` is the path's sum in the limit's unit; `path`
/// names the path's nodes.
pub fn over_limit(
    kind: LimitKind,
    total: (u64, crate::ast::Unit),
    limit: &crate::model::Deadline,
    span: Span,
    path: &[&str],
) -> Diagnostic {
    let sum = amount_text(total.0, total.1);
    let lim = deadline_text(limit);
    let (what_en, what_zh, fix_en, fix_zh) = match kind {
        LimitKind::Limit => (
            "the statutory limit",
            "法定时限",
            "or check the power's `limit`",
            "或核对职权的法定时限（时限）",
        ),
        LimitKind::Promise => (
            "the promised time",
            "承诺时限",
            "or raise the `promise`",
            "或调整承诺时限（承诺）",
        ),
    };
    let mut d = warning(
        "over-limit",
        span,
        if *limit == crate::model::Deadline::Immediate {
            Text::new(
                format!(
                    "the longest path takes {}, but {what_en} is immediate (即时)",
                    sum.en
                ),
                format!("最长路径合计 {}，但{what_zh}为即时", sum.zh),
            )
        } else {
            Text::new(
                format!(
                    "the longest path takes {}, more than {what_en} of {}",
                    sum.en, lim.en
                ),
                format!("最长路径合计 {}，超过{what_zh} {}", sum.zh, lim.zh),
            )
        },
    );
    d.label = Some(Text::new(
        format!("the flow can take {}", sum.en),
        format!("流程最长需要 {}", sum.zh),
    ));
    let path = path_text(path);
    d.help = Some(Text::new(
        format!("the longest path is {path}: shorten the deadlines along it, {fix_en}"),
        format!("最长路径为 {path}：请缩短其中的期限，{fix_zh}"),
    ));
    d
}

/// `missing-power`: the file has no `power` header.
pub fn missing_power(span: Span) -> Diagnostic {
    let mut d = warning(
        "missing-power",
        span,
        Text::new(
            "the file has no `power` header",
            "文件缺少职权信息（power）",
        ),
    );
    d.help = Some(Text::new(
        "add one at the top, e.g. `power \"名称\" { kind 行政许可 limit 20 工作日 }`",
        "请在文件开头添加，例如 职权 \"名称\" { 类别 行政许可 时限 20 工作日 }",
    ));
    d
}

/// `unmitigated-risk`: a `高` risk with no `measure`.
pub fn unmitigated_risk(description: &str, span: Span) -> Diagnostic {
    let desc = short(description);
    let mut d = warning(
        "unmitigated-risk",
        span,
        Text::new(
            format!("high risk `{desc}` has no measure"),
            format!("高风险「{desc}」没有防控措施"),
        ),
    );
    d.label = Some(Text::new("高 risk without a measure", "高风险缺少防控措施"));
    d.help = Some(Text::new(
        "add its prevention measures after the description: `{ measure \"…\" }`",
        "请在描述后添加防控措施：{ 措施 \"…\" }",
    ));
    d
}

/// `ungraded-risk`: a risk with no level.
pub fn ungraded_risk(description: &str, span: Span) -> Diagnostic {
    let desc = short(description);
    let mut d = warning(
        "ungraded-risk",
        span,
        Text::new(
            format!("risk `{desc}` has no level"),
            format!("风险点「{desc}」没有风险等级"),
        ),
    );
    d.label = Some(Text::new("no level", "没有等级"));
    d.help = Some(Text::new(
        "put its level after `risk`: 高, 中 or 低, e.g. `risk 中 \"…\"`",
        "请在「风险」后写明等级：高、中或低，例如 风险 中 \"…\"",
    ));
    d
}
