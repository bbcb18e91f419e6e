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
        Span::new(at, at + 1),
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

/// At most 40 characters of `s`, with `…` when cut.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
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

// ---------------------------------------------------------------- lints (check)
