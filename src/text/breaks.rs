//! Line-break classes and the break opportunity between two characters
//! (a simplified UAX #14 with the Chinese 禁则 rules; see [`super`]).

use crate::text::{measure, Weight};

/// How acceptable a line break is at one position, worst first.
///
/// The wrapper takes the latest break of the best tier the current line
/// offers, so a lower tier is used only when a line has nothing better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Tier {
    /// Never: it would split a character from its combining marks, or a
    /// zero-width-joiner sequence, or put a space at the start of a line.
    Never = 0,
    /// Only when nothing else works: breaks a 禁则 rule (a line would start
    /// with closing punctuation or end with an opening bracket) or a no-break
    /// space.
    LastResort = 1,
    /// Inside a word or number that is wider than the line.
    Emergency = 2,
    /// An ordinary break opportunity.
    Allowed = 3,
}

/// Line-breaking class of one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// A breaking space: dropped at a line break.
    Space,
    /// U+200B ZERO WIDTH SPACE: a break is allowed after it.
    ZeroSpace,
    /// Joiners (ZWJ, WORD JOINER, BOM, CGJ): never a break after.
    Joiner,
    /// Other zero-width characters (combining marks, variation selectors,
    /// format characters): they stay with the character before them.
    Mark,
    /// No-break spaces: no break on either side.
    Glue,
    /// Narrow opening brackets: no line ends with one, and no break
    /// before one either (`f(x)`).
    Open,
    /// Full-width opening brackets and quotes (`（「《“`): no line ends with
    /// one; a break before one is allowed.
    WideOpen,
    /// Narrow closing brackets and punctuation that may not start a line
    /// (`),.:;!?%/`): no break after one inside a word (`3.14`, `a,b`).
    NoStart,
    /// Full-width closing brackets and punctuation that may not start a line
    /// (`，。、：；！？）」》”…`): a break after one is allowed.
    WideNoStart,
    /// Hyphens: a break is allowed after one, unless a digit follows.
    Hyphen,
    /// Em dashes (`—`): a break is allowed on either side, not between two.
    Dash,
    /// ASCII quotes (`"`, `'`): no break on either side.
    Quote,
    /// ASCII digits.
    Digit,
    /// Ideograph-like characters: a break is allowed on either side.
    Ideo,
    /// Everything else (letters, symbols): words stay together.
    Other,
}

/// Opening brackets and quotes (行尾禁则: no line ends with one), and
/// currency signs that lead a number.
#[rustfmt::skip]
fn is_open(c: char) -> bool {
    matches!(c,
        '(' | '[' | '{' | '（' | '［' | '｛' | '「' | '『' | '《' | '【' | '〔' | '〈' | '〖' | '〘'
        | '〚' | '｟' | '｢' | '“' | '‘' | '«' | '‹' | '〝' | '﹙' | '﹛' | '﹝' | '¿' | '¡' | '$'
        | '¥' | '￥' | '£' | '＄' | '￡'
    )
}

/// Closing brackets and quotes and punctuation that may not start a line
/// (行首禁则), including Japanese small kana and iteration marks.
#[rustfmt::skip]
fn is_no_start(c: char) -> bool {
    matches!(c,
        ')' | ']' | '}' | ',' | '.' | ':' | ';' | '!' | '?' | '%' | '/' | '）' | '］' | '｝'
        | '」' | '』' | '》' | '】' | '〕' | '〉' | '〗' | '〙' | '〛' | '｠' | '｣' | '”' | '’' | '»'
        | '›' | '〞' | '〟' | '，' | '。' | '、' | '：' | '；' | '！' | '？' | '．' | '／' | '％' | '｡'
        | '､' | '…' | '‥' | '‰' | '‱' | '℃' | '°' | '′' | '″' | '·' | '・' | '･' | '～' | '〜'
        | '‼' | '⁇' | '⁈' | '⁉' | '﹐' | '﹑' | '﹒' | '﹔' | '﹕' | '﹖' | '﹗' | '﹚' | '﹜' | '﹞'
        | '¢' | '々' | '〻' | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ' | 'ー' | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ'
        | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ' | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ'
        | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ'
    )
}

/// Classifies one character for line breaking. Hard breaks (`\n` …) never
/// reach here: the wrapper splits paragraphs first.
pub(super) fn classify(c: char) -> Class {
    match c {
        ' '
        | '\t'
        | '\u{1680}'
        | '\u{2000}'..='\u{2006}'
        | '\u{2008}'..='\u{200A}'
        | '\u{205F}'
        | '\u{3000}' => return Class::Space,
        '\u{200B}' => return Class::ZeroSpace,
        '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{034F}' => return Class::Joiner,
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => return Class::Glue,
        '-' | '\u{00AD}' | '\u{2010}' | '\u{2012}' | '\u{2013}' => return Class::Hyphen,
        '—' | '―' | '⸺' | '⸻' => return Class::Dash,
        '"' | '\'' => return Class::Quote,
        '0'..='9' => return Class::Digit,
        // Emoji skin-tone modifiers join the emoji before them.
        '\u{1F3FB}'..='\u{1F3FF}' => return Class::Mark,
        _ => {}
    }
    let (units, ideo) = measure::lookup(c, Weight::Regular);
    if ideo && ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        Class::Ideo // the common case, no punctuation there
    } else if units == 0 {
        Class::Mark
    } else if is_open(c) {
        if ideo {
            Class::WideOpen
        } else {
            Class::Open
        }
    } else if is_no_start(c) {
        if ideo {
            Class::WideNoStart
        } else {
            Class::NoStart
        }
    } else if ideo {
        Class::Ideo
    } else {
        Class::Other
    }
}

/// The break between two adjacent non-space characters `a` and `b` (`a` is
/// the base character before any combining marks). `a_has_left` says that a
/// non-space character comes right before `a` in the paragraph.
pub(super) fn between(a: Class, b: Class, a_has_left: bool) -> Tier {
    use Class::*;
    match (a, b) {
        (_, Mark | Joiner | ZeroSpace | Space) | (Joiner, _) => Tier::Never,
        (ZeroSpace, _) => Tier::Allowed,
        (Glue, _)
        | (_, Glue)
        | (Open | WideOpen, _)
        | (_, NoStart | WideNoStart)
        | (Dash, Dash) => Tier::LastResort,
        (Quote, _) | (_, Quote) | (Hyphen, Digit) | (Digit, Ideo) => Tier::Emergency,
        (Dash | Ideo | WideNoStart, _) | (_, Dash | Ideo | WideOpen) => Tier::Allowed,
        (Hyphen, _) if a_has_left => Tier::Allowed,
        _ => Tier::Emergency,
    }
}

/// The break before `b` after a run of spaces that follows `a`. A
/// zero-width `b` has nothing to attach to across the spaces, so a break
/// before it is allowed (the spaces must be able to end the line).
pub(super) fn after_spaces(a: Class, b: Class) -> Tier {
    use Class::*;
    match (a, b) {
        (_, Space) => Tier::Never,
        (Glue, _) | (_, Glue) | (Open | WideOpen, _) | (_, NoStart | WideNoStart) => {
            Tier::LastResort
        }
        _ => Tier::Allowed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(a: char, b: char) -> Tier {
        between(classify(a), classify(b), true)
    }

    #[test]
    fn classes_of_typical_characters() {
        assert_eq!(classify('审'), Class::Ideo);
        assert_eq!(classify('の'), Class::Ideo);
        assert_eq!(classify('한'), Class::Ideo);
        assert_eq!(classify('Ａ'), Class::Ideo);
        assert_eq!(classify('，'), Class::WideNoStart);
        assert_eq!(classify('（'), Class::WideOpen);
        assert_eq!(classify('“'), Class::WideOpen);
        assert_eq!(classify('”'), Class::WideNoStart);
        assert_eq!(classify(','), Class::NoStart);
        assert_eq!(classify('('), Class::Open);
        assert_eq!(classify('a'), Class::Other);
        assert_eq!(classify('\u{0301}'), Class::Mark);
        assert_eq!(classify('\u{FE0F}'), Class::Mark);
        assert_eq!(classify('\u{3000}'), Class::Space);
    }

    #[test]
    fn cjk_breaks_anywhere_latin_stays_together() {
        assert_eq!(tier('审', '核'), Tier::Allowed);
        assert_eq!(tier('a', '审'), Tier::Allowed);
        assert_eq!(tier('审', 'a'), Tier::Allowed);
        assert_eq!(tier('a', 'b'), Tier::Emergency);
        assert_eq!(tier('0', ':'), Tier::LastResort);
        assert_eq!(tier(':', '0'), Tier::Emergency);
        assert_eq!(tier('4', '年'), Tier::Emergency);
        assert_eq!(tier('年', '4'), Tier::Allowed);
        assert_eq!(tier('，', 'a'), Tier::Allowed);
        assert_eq!(tier('a', '（'), Tier::Allowed);
        assert_eq!(tier('f', '('), Tier::Emergency);
        assert_eq!(tier(',', 'a'), Tier::Emergency);
    }

    #[test]
    fn hyphens_break_after_but_not_before_digits() {
        assert_eq!(tier('-', 'b'), Tier::Allowed);
        assert_eq!(tier('-', '0'), Tier::Emergency);
        assert_eq!(tier('a', '-'), Tier::Emergency);
        assert_eq!(between(Class::Hyphen, Class::Other, false), Tier::Emergency);
    }

    #[test]
    fn kinsoku_pairs_are_last_resort() {
        assert_eq!(tier('核', '，'), Tier::LastResort);
        assert_eq!(tier('（', '核'), Tier::LastResort);
        assert_eq!(tier('—', '—'), Tier::LastResort);
        assert_eq!(tier('核', '—'), Tier::Allowed);
        assert_eq!(after_spaces(Class::Other, Class::NoStart), Tier::LastResort);
        assert_eq!(after_spaces(Class::Open, Class::Other), Tier::LastResort);
        assert_eq!(after_spaces(Class::Other, Class::Other), Tier::Allowed);
    }

    #[test]
    fn clusters_never_split() {
        assert_eq!(tier('e', '\u{0301}'), Tier::Never);
        assert_eq!(tier('\u{200D}', '😀'), Tier::Never);
        assert_eq!(tier('\u{200B}', 'a'), Tier::Allowed);
        assert_eq!(tier('👍', '\u{1F3FB}'), Tier::Never);
    }
}
