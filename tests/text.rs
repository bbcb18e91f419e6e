//! Text measurement and line breaking: known widths, crafted 禁则 cases and
//! properties over random mixed CJK/Latin/punctuation text.

use flowc::text::{
    char_width_em, max_line_width, width, width_em, wrap, wrap_balanced, Font, Weight,
};
use proptest::prelude::*;

const FS: f64 = 10.0;

/// `n` em at the test font size.
fn em(n: f64) -> f64 {
    n * FS
}

fn is_break_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

fn is_hard_break(c: char) -> bool {
    matches!(c, '\n' | '\r')
}

/// The text without spaces and hard breaks: what wrapping must keep.
fn ink(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_break_space(c) && !is_hard_break(c))
        .collect()
}

// ---------------------------------------------------------------- widths

#[test]
fn cjk_and_fullwidth_punctuation_are_one_em() {
    let cjk =
        "中国审核受理决定の한ㄅ㐀\u{20000}\u{2A700}\u{2B740}\u{2B820}\u{2CEB0}\u{30000}豈\u{2F800}";
    let punct = "，。、：；！？（）「」『』《》【】“”‘’…—·　ＡＢ１２";
    for c in cjk.chars().chain(punct.chars()) {
        assert_eq!(char_width_em(c), 1.0, "{c:?} U+{:04X}", u32::from(c));
    }
    assert_eq!(width("医疗机构执业登记", 14.0), 112.0);
}

#[test]
fn latin_widths_are_proportional_and_measured() {
    // Noto Sans CJK SC / WenQuanYi Micro Hei advances, the larger rounded up.
    assert_eq!(char_width_em('0'), 0.56);
    assert_eq!(char_width_em('9'), 0.56);
    assert_eq!(char_width_em('a'), 0.57);
    assert_eq!(char_width_em('i'), 0.28);
    assert_eq!(char_width_em('m'), 0.93);
    assert_eq!(char_width_em('W'), 0.89);
    assert_eq!(char_width_em(' '), 0.26);
    assert_eq!(char_width_em('-'), 0.35);
    // Narrow letters are narrower than wide ones, and all are below 1 em.
    assert!(width_em("iiii") < width_em("MMMM"));
    assert!(('!'..='~').all(|c| char_width_em(c) > 0.2 && char_width_em(c) < 1.0));
    // A sum, times the font size.
    assert!((width("XK-0012", 20.0) - 20.0 * (0.58 + 0.65 + 0.35 + 4.0 * 0.56)).abs() < 1e-9);
}

#[test]
fn invisible_characters_are_zero_and_emoji_wide() {
    for c in [
        '\u{0301}', '\u{200B}', '\u{200D}', '\u{FE0F}', '\u{FEFF}', '\u{00AD}', '\u{0000}',
        '\u{001B}', '\n', '\r',
    ] {
        assert_eq!(char_width_em(c), 0.0, "U+{:04X}", u32::from(c));
    }
    assert_eq!(char_width_em('😀'), 1.25);
    assert_eq!(char_width_em('\t'), char_width_em(' '));
    // Characters neither font has still get a sane, non-zero width.
    assert_eq!(char_width_em('ب'), 0.65);
    assert_eq!(char_width_em('\u{E000}'), 1.0);
}

#[test]
fn mixed_label_width() {
    // "审核岗 · 15工作日": 3 + space + middle dot (1 em in a CJK font) + space + 2 digits + 3.
    let expected = 3.0 + 0.26 + 1.0 + 0.26 + 2.0 * 0.56 + 3.0;
    assert!((width("审核岗 · 15工作日", 14.0) - expected * 14.0).abs() < 1e-9);
    assert_eq!(max_line_width(&["受理", "材料审核"], 14.0), 56.0);
    assert_eq!(max_line_width::<&str>(&[], 14.0), 0.0);
}

#[test]
fn bold_widens_latin_but_not_cjk() {
    let bold = Font::bold(10.0);
    let regular = Font::regular(10.0);
    assert_eq!(
        bold.width("医疗机构，“受理”"),
        regular.width("医疗机构，“受理”")
    );
    assert_eq!(bold.char_width('a'), 6.0);
    assert_eq!(bold.char_width('0'), 5.9);
    assert!(bold.width("XK-0012") > regular.width("XK-0012"));
    // Never narrower than regular, and within a quarter wider.
    for c in '!'..='~' {
        let (r, b) = (regular.char_width(c), bold.char_width(c));
        assert!(b >= r - 0.1 && b <= r * 1.25, "{c:?}: {r} vs {b}");
    }
    assert_eq!(Font::regular(14.0).width("受理 ab"), width("受理 ab", 14.0));
    assert_eq!(Weight::default(), Weight::Regular);
}

#[test]
fn bold_wraps_by_bold_widths() {
    // 0.59 em per bold digit: 8 fit in 5 em regular (4.48) but not in bold (4.72).
    let text = "12345678 9";
    assert_eq!(wrap(text, em(4.6), FS), ["12345678", "9"]);
    assert_eq!(Font::bold(FS).wrap(text, em(4.6)), ["1234567", "8 9"]);
    assert_eq!(
        Font::bold(FS).wrap_balanced("一二三四五", em(4.0)),
        ["一二三", "四五"]
    );
    assert_eq!(Font::bold(FS).max_line_width(&["ab", "受理"]), 20.0);
    assert_eq!(Font::bold(FS).max_line_width(&["ab", "受"]), 12.5);
}

// ---------------------------------------------------------------- wrapping

#[test]
fn cjk_breaks_between_characters() {
    assert_eq!(
        wrap("申请人提交申请材料", em(4.0), FS),
        ["申请人提", "交申请材", "料"]
    );
    assert_eq!(wrap("受理", em(10.0), FS), ["受理"]);
}

#[test]
fn explicit_newlines_always_break() {
    assert_eq!(wrap("受理\n审核", em(10.0), FS), ["受理", "审核"]);
    assert_eq!(
        wrap("受理\r\n审核\r决定", em(10.0), FS),
        ["受理", "审核", "决定"]
    );
    assert_eq!(wrap("a\n\nb", em(10.0), FS), ["a", "", "b"]);
    assert_eq!(wrap("", em(10.0), FS), [""]);
    assert_eq!(wrap("\n", em(10.0), FS), ["", ""]);
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    // "，" does not fit on the first line: "核" is pulled down with it.
    assert_eq!(wrap("材料审核，通过", em(4.0), FS), ["材料审", "核，通过"]);
    assert_eq!(wrap("提交材料。", em(4.0), FS), ["提交材", "料。"]);
    assert_eq!(wrap("依法受理）后", em(4.0), FS), ["依法受", "理）后"]);
    assert_eq!(wrap("他说“同意”。", em(5.0), FS), ["他说“同", "意”。"]);
    assert_eq!(wrap("等待……完成", em(3.0), FS), ["等", "待……", "完成"]);
    // "%" may not start a line: the number comes down with it.
    assert_eq!(wrap("比例为99%", em(4.5), FS), ["比例为", "99%"]);
}

#[test]
fn no_line_ends_with_opening_bracket() {
    assert_eq!(
        wrap("依照《行政许可法》", em(3.0), FS),
        ["依照", "《行政", "许可", "法》"]
    );
    assert_eq!(
        wrap("补正（五日内）", em(3.0), FS),
        ["补正", "（五日", "内）"]
    );
    assert_eq!(wrap("材料「齐全」", em(3.0), FS), ["材料", "「齐", "全」"]);
}

#[test]
fn latin_words_and_numbers_stay_together() {
    assert_eq!(
        wrap("办理时间9:00-17:00", em(5.0), FS),
        ["办理时间", "9:00-17:00"]
    );
    assert_eq!(
        wrap("编号XK-0012号", em(4.5), FS),
        ["编号", "XK-0012", "号"]
    );
    assert_eq!(wrap("2024年1月", em(3.5), FS), ["2024年", "1月"]);
    assert_eq!(wrap("hello world", em(4.0), FS), ["hello", "world"]);
    assert_eq!(
        wrap("state-of-the-art", em(4.2), FS),
        ["state-of-", "the-art"]
    );
}

#[test]
fn overlong_words_break_by_character() {
    let lines = wrap("ABCDEFGHIJKLMNOP", em(3.0), FS);
    assert!(lines.len() > 1);
    assert_eq!(lines.concat(), "ABCDEFGHIJKLMNOP");
    for line in &lines {
        assert!(width(line, FS) <= em(3.0), "{line:?}");
    }
    // The word moves to its own line first, then breaks.
    assert_eq!(wrap("受理 abcdefghij", em(3.0), FS)[0], "受理");
}

#[test]
fn spaces_at_breaks_are_dropped() {
    assert_eq!(wrap("aaa   bbb", em(2.5), FS), ["aaa", "bbb"]);
    assert_eq!(wrap("  受理  ", em(10.0), FS), ["  受理"]);
    assert_eq!(wrap("受理 \n 审核", em(10.0), FS), ["受理", " 审核"]);
    assert_eq!(wrap("   ", em(10.0), FS), [""]);
}

#[test]
fn tiny_widths_still_make_progress() {
    assert_eq!(wrap("审核通过", 1.0, FS), ["审", "核", "通", "过"]);
    assert_eq!(wrap("审核", 0.0, FS), ["审", "核"]);
    assert_eq!(wrap("ab", -3.0, FS), ["a", "b"]);
    assert_eq!(wrap("ab", f64::NAN, FS), ["a", "b"]);
    assert_eq!(wrap("，，，", 1.0, FS), ["，", "，", "，"]);
    // A combining mark stays with its base even then.
    assert_eq!(wrap("e\u{301}a", 1.0, FS), ["e\u{301}", "a"]);
    assert_eq!(wrap("审核", f64::INFINITY, FS), ["审核"]);
    assert_eq!(wrap("审核", 5.0, 0.0), ["审核"]);
}

#[test]
fn balanced_keeps_line_count_and_evens_lines() {
    let text = "申请人向卫生健康行政部门提交执业登记申请材料";
    let greedy = wrap(text, em(10.0), FS);
    let balanced = wrap_balanced(text, em(10.0), FS);
    assert_eq!(
        greedy,
        ["申请人向卫生健康行政", "部门提交执业登记申请", "材料"]
    );
    assert_eq!(
        balanced,
        ["申请人向卫生健康", "行政部门提交执业", "登记申请材料"]
    );
    assert_eq!(balanced.concat(), text);
    // Where it costs little, lines end at phrase boundaries (after ，、).
    assert_eq!(
        wrap("审查材料，提出审核意见", em(10.0), FS),
        ["审查材料，提出审核意", "见"]
    );
    assert_eq!(
        wrap_balanced("审查材料，提出审核意见", em(10.0), FS),
        ["审查材料，", "提出审核意见"]
    );
    assert_eq!(
        wrap_balanced("登记许可结果，制作证书，送达申请人", em(10.0), FS),
        ["登记许可结果，", "制作证书，送达申请人"]
    );
    // ... but not at the price of a much wider box.
    assert_eq!(
        wrap_balanced("《医疗机构管理条例》第十五条", em(10.0), FS),
        ["《医疗机构管理", "条例》第十五条"]
    );
    // Paragraphs are balanced one by one.
    assert_eq!(
        wrap_balanced("一二三四五\n甲", em(4.0), FS),
        ["一二三", "四五", "甲"]
    );
}

// ---------------------------------------------------------------- properties

/// Characters for random text: CJK, Latin, digits, spaces, punctuation of
/// every break class, a combining mark, newlines.
const ALPHABET: &[char] = &[
    '审', '核', '受', '理', '决', '定', '材', '料', '年', '月', 'a', 'b', 'X', 'W', 'i', '0', '9',
    ' ', ' ', ' ', '　', '-', ':', '.', '/', '%', '，', '。', '、', '！', '（', '）', '「', '」',
    '《', '》', '“', '”', '…', '—', '(', ')', '"', '\u{301}', '\u{200B}', '😀', '\n',
];

/// At most one character of nonzero width after the paragraph's leading
/// spaces (which are kept): a line that overflows must be one of these.
fn single_unit(line: &str) -> bool {
    let mut visible = line
        .trim_start_matches(is_break_space)
        .chars()
        .filter(|&c| char_width_em(c) > 0.0);
    visible.next();
    visible.next().is_none()
}

fn check_lines(text: &str, lines: &[String], max_width: f64) -> Result<(), TestCaseError> {
    prop_assert!(!lines.is_empty());
    prop_assert_eq!(
        ink(&lines.concat()),
        ink(text),
        "characters lost or repeated"
    );
    let paragraphs = text.split('\n').count();
    prop_assert!(lines.len() >= paragraphs);
    for line in lines {
        prop_assert!(!line.contains('\n'));
        prop_assert!(
            !line.ends_with(is_break_space),
            "trailing space in {:?}",
            line
        );
        let w = width(line, FS);
        prop_assert!(
            w <= max_width + 1e-9 || single_unit(line),
            "{:?} is {} wide, more than {}",
            line,
            w,
            max_width
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_text_wraps_within_width_and_keeps_every_character(
        idx in prop::collection::vec(0..ALPHABET.len(), 0..80),
        ems in 0.0f64..12.0,
    ) {
        let text: String = idx.iter().filter_map(|&i| ALPHABET.get(i)).collect();
        let max_width = em(ems);
        let greedy = wrap(&text, max_width, FS);
        check_lines(&text, &greedy, max_width)?;
        let balanced = wrap_balanced(&text, max_width, FS);
        check_lines(&text, &balanced, max_width)?;
        prop_assert_eq!(balanced.len(), greedy.len());
        prop_assert_eq!(wrap(&text, max_width, FS), greedy, "not deterministic");
    }

    #[test]
    fn any_unicode_never_panics_and_keeps_characters(text in "\\PC{0,60}", ems in 0.0f64..8.0) {
        let lines = wrap(&text, em(ems), FS);
        prop_assert!(!lines.is_empty());
        let kept: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
        let input: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(kept, input);
        prop_assert_eq!(wrap_balanced(&text, em(ems), FS).len(), lines.len());
    }

    /// Chinese sentences built from words with brackets and punctuation:
    /// with room for four characters a break that keeps 禁则 always exists,
    /// so no line may start with closing or end with opening punctuation.
    #[test]
    fn kinsoku_holds_whenever_the_line_has_room(
        words in prop::collection::vec((0..4usize, 1..4usize, 0..8usize), 1..20),
        ems in 4.0f64..12.0,
    ) {
        let opens = ['（', '「'];
        let closes = ['）', '」', '》', '”', '，', '。', '、', '！', '？', '…', '：', '；'];
        let mut text = String::new();
        for &(open, len, close) in &words {
            if let Some(&c) = opens.get(open) {
                text.push(c);
            }
            text.extend("审核受理决定".chars().cycle().take(len));
            if let Some(&c) = closes.get(close * 2) { text.push(c); }
        }
        for lines in [wrap(&text, em(ems), FS), wrap_balanced(&text, em(ems), FS)] {
            check_lines(&text, &lines, em(ems))?;
            for (i, line) in lines.iter().enumerate() {
                let first = line.chars().next();
                let last = line.chars().last();
                prop_assert!(i == 0 || !first.is_some_and(|c| closes.contains(&c)), "{:?}", lines);
                prop_assert!(!last.is_some_and(|c| opens.contains(&c)), "{:?}", lines);
            }
        }
    }
}
