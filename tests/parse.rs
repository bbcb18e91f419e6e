//! Parser tests: every construct to its AST, every syntax error to its
//! golden rendering (`tests/cases/parse/NAME.flow` → `NAME.stderr`), hostile
//! inputs, random inputs (proptest) and the examples.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use flowc::ast::{Category, DeadlineValue, FieldName, File, Item, Level, NodeKind, Unit, Value};
use flowc::diagnostic::render::{human, RenderOptions};
use flowc::parse::{parse, Parsed};
use flowc::Source;
use proptest::prelude::*;

fn parsed(text: &str) -> Parsed {
    parse(&Source::new("t.flow", text))
}

/// Parses text that must have no error.
fn ok(text: &str) -> File {
    let p = parsed(text);
    assert!(
        p.diagnostics.is_empty(),
        "unexpected errors: {:?}",
        p.diagnostics
    );
    p.file
}

/// The names of the diagnostics of `text`, in order.
fn errors(text: &str) -> Vec<&'static str> {
    parsed(text).diagnostics.iter().map(|d| d.name).collect()
}

fn deadline_of(item: &Item) -> DeadlineValue {
    let fields = match item {
        Item::Node(n) => &n.fields,
        Item::Post(p) => &p.fields,
        Item::Power(p) => &p.fields,
        other => panic!("no fields: {other:?}"),
    };
    for f in fields {
        if let Value::Deadline(d) = &f.value {
            return d.value.clone();
        }
    }
    panic!("no deadline in {item:?}")
}

// ---------------------------------------------------------------- constructs

#[test]
fn power_fields_in_both_languages() {
    let file = ok(r#"power "医疗机构执业登记" {
  code "XK-0012"; kind 行政许可
  content "内容" subject "医政医管处"
  basis "第一" 依据 "第二"
  conditions "条件" limit 20 工作日 承诺 "当场办结"
}"#);
    let Item::Power(p) = &file.items[0] else {
        panic!()
    };
    assert_eq!(p.name.value, "医疗机构执业登记");
    let names: Vec<FieldName> = p.fields.iter().map(|f| f.name).collect();
    use FieldName::*;
    assert_eq!(
        names,
        vec![Code, Kind, Content, Subject, Basis, Basis, Conditions, Limit, Promise]
    );
    assert!(matches!(&p.fields[1].value, Value::Text(w) if w.value == "行政许可"));
    assert!(matches!(&p.fields[5].value, Value::Text(w) if w.value == "第二"));
    assert!(matches!(&p.fields[7].value,
        Value::Deadline(d) if d.value == DeadlineValue::Amount(20, Unit::Workdays)));
    assert!(matches!(&p.fields[8].value,
        Value::Deadline(d) if d.value == DeadlineValue::Text("当场办结".into())));
}

#[test]
fn kind_may_be_a_string_and_power_block_may_be_omitted() {
    let file = ok("职权 \"x\" { 类别 \"行政 许可\" }\n");
    let Item::Power(p) = &file.items[0] else {
        panic!()
    };
    assert!(matches!(&p.fields[0].value, Value::Text(w) if w.value == "行政 许可"));
    let file = ok("power \"y\"\npost a\n");
    assert_eq!(file.items.len(), 2);
}

#[test]
fn posts_with_full_names_fields_and_risks() {
    let file = ok(r#"post 审核岗 "审核岗（科室）" {
  duty "审查" staff "李某" place "窗口"
  deadline 15工作日
  level 高
  risk 中 权力行使 "裁量空间大" {
    measure "公开细则"
    measure "集体会审"
    owner "科长"
  }
  risk power-use low "越权"
  risk "无等级"
}
岗位 制证岗
"#);
    let Item::Post(p) = &file.items[0] else {
        panic!()
    };
    assert_eq!(p.id.name, "审核岗");
    assert_eq!(
        p.full_name.as_ref().map(|s| s.value.as_str()),
        Some("审核岗（科室）")
    );
    assert_eq!(p.fields.len(), 5);
    assert!(matches!(p.fields[4].value, Value::Level(Level::High, _)));
    assert_eq!(
        deadline_of(&file.items[0]),
        DeadlineValue::Amount(15, Unit::Workdays)
    );
    assert_eq!(p.risks.len(), 3);
    let r = &p.risks[0];
    assert_eq!(r.level.map(|l| l.0), Some(Level::Medium));
    assert_eq!(r.category.map(|c| c.0), Some(Category::PowerUse));
    assert_eq!(r.description.value, "裁量空间大");
    let measures: Vec<&str> = r.measures.iter().map(|m| m.value.as_str()).collect();
    assert_eq!(measures, vec!["公开细则", "集体会审"]);
    assert_eq!(r.owners.len(), 1);
    let r = &p.risks[1];
    assert_eq!(
        (r.level.map(|l| l.0), r.category.map(|c| c.0)),
        (Some(Level::Low), Some(Category::PowerUse))
    );
    assert_eq!((p.risks[2].level, p.risks[2].category), (None, None));
    let Item::Post(p) = &file.items[1] else {
        panic!()
    };
    assert_eq!(
        (p.id.name.as_str(), p.fields.len(), p.full_name.is_none()),
        ("制证岗", 0, true)
    );
}

#[test]
fn parties() {
    let file = ok("party 申请人\n相对人 当事人 \"案件当事人\"\n");
    let Item::Party(p) = &file.items[1] else {
        panic!()
    };
    assert_eq!(p.id.name, "当事人");
    assert_eq!(
        p.full_name.as_ref().map(|s| s.value.as_str()),
        Some("案件当事人")
    );
}

#[test]
fn nodes_headers_in_either_order_and_blocks() {
    let file = ok(r#"start 申请 "申请人提交申请" @申请人
step 受理 deadline 即时 @受理岗 @"审核岗（科室）"
判断 齐全 "齐全？\n是否" @受理岗 {
  post 审核岗
  deadline 3 天
  risk 高 "违规" { measure "公示" }
  note "备注"
}
end 结束 "结束"
步骤 开始申请
"#);
    let kinds: Vec<NodeKind> = file
        .items
        .iter()
        .map(|i| match i {
            Item::Node(n) => n.kind,
            _ => panic!(),
        })
        .collect();
    use NodeKind::*;
    assert_eq!(kinds, vec![Start, Step, Decide, End, Step]);
    let Item::Node(n) = &file.items[1] else {
        panic!()
    };
    let posts: Vec<(&str, bool)> = n
        .posts
        .iter()
        .map(|p| (p.name.as_str(), p.quoted))
        .collect();
    assert_eq!(posts, vec![("受理岗", false), ("审核岗（科室）", true)]);
    assert_eq!(deadline_of(&file.items[1]), DeadlineValue::Immediate);
    assert!(n.text.is_none());
    let Item::Node(n) = &file.items[2] else {
        panic!()
    };
    assert_eq!(
        n.text.as_ref().map(|t| t.value.as_str()),
        Some("齐全？\n是否")
    );
    let posts: Vec<&str> = n.posts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(posts, vec!["受理岗", "审核岗"]);
    let fields: Vec<FieldName> = n.fields.iter().map(|f| f.name).collect();
    assert_eq!(fields, vec![FieldName::Deadline, FieldName::Note]);
    assert_eq!(n.risks.len(), 1);
    let Item::Node(n) = &file.items[3] else {
        panic!()
    };
    assert_eq!(n.id.name, "结束");
    let Item::Node(n) = &file.items[4] else {
        panic!()
    };
    assert_eq!(n.id.name, "开始申请");
}

#[test]
fn edges_chains_labels_and_keyword_names() {
    let file = ok("开始 -> 受理 -> 结束\n齐全 -> 审核 : 是\nA->B:\"条件 满足\"\nx -> y : 3\n结束 -> step_2 : 否 # c\n");
    let Item::Edges(e) = &file.items[0] else {
        panic!()
    };
    let names: Vec<&str> = e.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, vec!["开始", "受理", "结束"]);
    assert_eq!(e.arrows.len(), 2);
    assert!(e.label.is_none());
    let labels: Vec<Option<String>> = file
        .items
        .iter()
        .map(|i| match i {
            Item::Edges(e) => e.label.as_ref().map(|l| l.value.clone()),
            _ => panic!(),
        })
        .collect();
    assert_eq!(
        labels,
        vec![
            None,
            Some("是".into()),
            Some("条件 满足".into()),
            Some("3".into()),
            Some("否".into())
        ]
    );
}

#[test]
fn label_on_a_long_chain_is_left_for_the_checker() {
    let file = ok("a -> b -> c : 是\n");
    let Item::Edges(e) = &file.items[0] else {
        panic!()
    };
    assert_eq!(
        (e.nodes.len(), e.label.as_ref().map(|l| l.value.as_str())),
        (3, Some("是"))
    );
}

#[test]
fn deadline_values() {
    let cases: &[(&str, DeadlineValue)] = &[
        ("即时", DeadlineValue::Immediate),
        ("immediate", DeadlineValue::Immediate),
        ("15工作日", DeadlineValue::Amount(15, Unit::Workdays)),
        ("15 工作日", DeadlineValue::Amount(15, Unit::Workdays)),
        ("2 workdays", DeadlineValue::Amount(2, Unit::Workdays)),
        ("1 day", DeadlineValue::Amount(1, Unit::Days)),
        ("30 日", DeadlineValue::Amount(30, Unit::Days)),
        ("3天", DeadlineValue::Amount(3, Unit::Days)),
        ("3 自然日", DeadlineValue::Amount(3, Unit::Days)),
        ("4 小时", DeadlineValue::Amount(4, Unit::Hours)),
        ("2 个月", DeadlineValue::Amount(2, Unit::Months)),
        ("1 month", DeadlineValue::Amount(1, Unit::Months)),
        ("\"每月20日前\"", DeadlineValue::Text("每月20日前".into())),
        ("5 weeks", DeadlineValue::Bad("5 weeks".into())),
        ("5", DeadlineValue::Bad("5".into())),
        ("当场", DeadlineValue::Bad("当场".into())),
        ("1.5 日", DeadlineValue::Bad("1.5 日".into())),
        (
            "99999999999999999999999 日",
            DeadlineValue::Bad("99999999999999999999999 日".into()),
        ),
    ];
    for (text, want) in cases {
        let file = ok(&format!("step a deadline {text}\n"));
        assert_eq!(&deadline_of(&file.items[0]), want, "deadline {text}");
    }
}

#[test]
fn missing_unit_does_not_swallow_the_next_line() {
    let file = ok("post a {\n  deadline 5\n  level 高\n}\nstep b deadline 3\nstep c\n");
    assert_eq!(deadline_of(&file.items[0]), DeadlineValue::Bad("5".into()));
    let Item::Post(p) = &file.items[0] else {
        panic!()
    };
    assert!(matches!(p.fields[1].value, Value::Level(Level::High, _)));
    assert_eq!(deadline_of(&file.items[1]), DeadlineValue::Bad("3".into()));
    assert_eq!(file.items.len(), 3);
    let file = ok("post a { deadline 5 level 低 }\n");
    assert_eq!(deadline_of(&file.items[0]), DeadlineValue::Bad("5".into()));
}

#[test]
fn lexical_details() {
    // BOM, CRLF, comments, `;`, ideographic space, escapes.
    let file =
        ok("\u{FEFF}# 标题\r\nstep a \"x\\\"y\\\\z\\nw\"; step\u{3000}b # 注释\r\na -> b\r\n");
    assert_eq!(file.items.len(), 3);
    let Item::Node(n) = &file.items[0] else {
        panic!()
    };
    assert_eq!(
        n.text.as_ref().map(|t| t.value.as_str()),
        Some("x\"y\\z\nw")
    );
    assert_eq!(n.span.start, 3 + "# 标题\r\n".len() as u32);
    assert_eq!(ok("").items.len(), 0);
    assert_eq!(ok("  # only a comment\n\n").items.len(), 0);
}

#[test]
fn spans_point_at_what_was_written() {
    let text = "step 受理 \"接收\" @受理岗 deadline 5 工作日\n";
    let file = ok(text);
    let Item::Node(n) = &file.items[0] else {
        panic!()
    };
    let slice = |s: flowc::Span| &text[s.range()];
    assert_eq!(slice(n.keyword), "step");
    assert_eq!(slice(n.id.span), "受理");
    assert_eq!(slice(n.text.as_ref().unwrap().span), "\"接收\"");
    assert_eq!(slice(n.posts[0].span), "@受理岗");
    assert_eq!(slice(n.fields[0].name_span), "deadline");
    let Value::Deadline(d) = &n.fields[0].value else {
        panic!()
    };
    assert_eq!(slice(d.span), "5 工作日");
    assert_eq!(slice(n.span), text.trim_end());
}

// ---------------------------------------------------------------- errors

#[test]
fn syntax_errors_render_as_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/parse");
    let cases = common::files_with_ext(&dir, "flow");
    assert!(cases.len() >= 15);
    for case in cases {
        let bytes = std::fs::read(&case).unwrap();
        let name = format!(
            "tests/cases/parse/{}",
            case.file_name().unwrap().to_string_lossy()
        );
        let source = Source::from_bytes(name, &bytes);
        let parsed = parse(&source);
        let rendered: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| human(d, &source, &RenderOptions::default()))
            .collect();
        common::assert_golden(&case.with_extension("stderr"), &rendered.join("\n"));
    }
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let names = errors("step 1\nfoo bar\nstep b \"x\n a -> \n");
    assert_eq!(names.len(), 4, "{names:?}");
}

#[test]
fn error_messages_are_in_words_in_both_languages() {
    let p = parsed("post 受理岗 -> 审核\n");
    let d = &p.diagnostics[0];
    assert_eq!(
        d.message.en,
        "expected a string, \"{\" or a new statement after `受理岗`, found \"->\""
    );
    assert_eq!(
        d.message.zh,
        "在“受理岗”之后应为字符串、“{”或新的语句，实际为“->”"
    );
    for d in parsed("step a {\n risk 高 {\n}\n a -> : \n").diagnostics {
        for text in [&d.message.en, &d.message.zh] {
            assert!(!text.contains("Rule") && !text.contains('_'), "{text}");
        }
    }
}

// ---------------------------------------------------------------- hostile input

fn timed(text: &str) -> (Parsed, Duration) {
    let started = Instant::now();
    let p = parsed(text);
    (p, started.elapsed())
}

#[test]
fn hostile_inputs_give_clear_errors_quickly() {
    let deep = "post a ".to_string() + &"{".repeat(100_000);
    let (p, t) = timed(&deep);
    assert_eq!(p.diagnostics.len(), 1);
    assert!(p.diagnostics[0].message.en.contains("found \"{\""));
    assert!(t < Duration::from_secs(2), "{t:?}");

    let lines = "{\n".repeat(100_000);
    let (p, _) = timed(&lines);
    assert_eq!(p.diagnostics.len(), 1);
    let lines = "x\n".repeat(100_000);
    let (p, _) = timed(&lines);
    assert_eq!(p.diagnostics.len(), flowc::parse::MAX_ERRORS + 1);

    let long_name = "甲".repeat(1_000_000);
    let (p, t) = timed(&format!("step {long_name}\n"));
    assert_eq!(errors_of(&p), vec!["too-long"]);
    assert!(p.diagnostics[0]
        .message
        .en
        .contains("1000000 characters long; the limit is 256"));
    assert!(t < Duration::from_secs(2), "{t:?}");

    let long_string = "x".repeat(1_000_000);
    let (p, _) = timed(&format!("step a \"{long_string}\"\n"));
    assert_eq!(errors_of(&p), vec!["too-long"]);

    let (p, _) = timed(&format!("step a \"{long_string}"));
    assert_eq!(p.diagnostics[0].message.en, "this string is not closed");

    let many = "step 1\n".repeat(100_000);
    let (p, t) = timed(&many);
    assert_eq!(p.diagnostics.len(), flowc::parse::MAX_ERRORS + 1);
    assert_eq!(
        p.diagnostics.last().map(|d| d.name),
        Some("too-many-errors")
    );
    assert!(t < Duration::from_secs(5), "{t:?}");

    let nul = "\0".repeat(100_000);
    let (p, _) = timed(&nul);
    assert_eq!(errors_of(&p), vec!["control-character"]);
    assert!(p.diagnostics[0].message.en.contains("U+0000"));
}

fn errors_of(p: &Parsed) -> Vec<&'static str> {
    p.diagnostics.iter().map(|d| d.name).collect()
}

#[test]
fn trojan_source_characters_are_errors_anywhere() {
    for c in [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}',
    ] {
        for text in [
            format!("step a \"x{c}y\"\n"),
            format!("# comment {c}\nstep a\n"),
            format!("step a{c} \"x\"\n"),
        ] {
            let p = parsed(&text);
            assert_eq!(errors_of(&p), vec!["bidi-character"], "{text:?}");
            assert!(p.diagnostics[0]
                .message
                .en
                .contains(&format!("U+{:04X}", c as u32)));
        }
    }
}

#[test]
fn invalid_utf8_and_line_ends() {
    let p = parse(&Source::from_bytes("b.flow", b"step a\n\xff\xfe\n"));
    assert_eq!(errors_of(&p), vec!["invalid-utf8"]);
    assert!(p.file.items.is_empty());
    assert!(parsed("step a\r\nstep b\nstep c\r\n")
        .diagnostics
        .is_empty());
    assert_eq!(errors("step a\rstep b\n"), vec!["control-character"]);
}

// ---------------------------------------------------------------- random input

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let source = Source::from_bytes("r.flow", &bytes);
        let started = Instant::now();
        let p = parse(&source);
        prop_assert!(started.elapsed() < Duration::from_secs(1));
        prop_assert!(p.diagnostics.len() <= flowc::parse::MAX_ERRORS + 1);
        for d in &p.diagnostics {
            let _ = human(d, &source, &RenderOptions::default());
            prop_assert!(d.span.end as usize <= source.text.len());
        }
    }

    #[test]
    fn random_token_soup_never_panics(tokens in proptest::collection::vec(
        prop_oneof![
            Just("step"), Just("post"), Just("party"), Just("power"), Just("结束"), Just("risk"),
            Just("deadline"), Just("5"), Just("工作日"), Just("{"), Just("}"), Just("->"), Just(":"),
            Just("@"), Just("\""), Just("\"x\""), Just("\n"), Just(" "), Just("受理"), Just("#"),
            Just("高"), Just("measure"), Just("\\"), Just(";"), Just("→"), Just("\r"),
        ], 0..80)) {
        let text: String = tokens.concat();
        let source = Source::new("s.flow", text);
        let started = Instant::now();
        let p = parse(&source);
        prop_assert!(started.elapsed() < Duration::from_secs(1));
        for d in &p.diagnostics {
            let _ = human(d, &source, &RenderOptions::default());
            prop_assert!(!d.message.en.is_empty() && !d.message.zh.is_empty());
        }
    }
}

// ---------------------------------------------------------------- examples

#[test]
fn examples_parse_without_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let files = common::files_with_ext(&dir, "flow");
    assert!(!files.is_empty());
    for path in files {
        let source = Source::from_bytes(path.display().to_string(), &std::fs::read(&path).unwrap());
        let p = parse(&source);
        assert!(
            p.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            p.diagnostics
        );
        assert!(p.file.items.len() > 10, "{}", path.display());
    }
}

#[test]
fn statements_around_errors_are_kept_once() {
    // `step 审核 …` is kept as far as it parsed (its broken block is not);
    // after a syntax error the AST is partial and the checker does not run.
    let p = parsed("step 受理 \"接收材料\" 受理岗\nstep 审核 @审核岗 {\n  risk 高 \"x\" { owner }\n}\nstep 办结\n");
    let ids: Vec<String> = p
        .file
        .items
        .iter()
        .map(|i| match i {
            Item::Node(n) => n.id.name.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(ids, vec!["受理", "审核", "办结"]);
    assert_eq!(p.diagnostics.len(), 2);
}
