//! Making user text safe for XML, and numbers stable in output.
//!
//! The `svg` crate (0.18) escapes `&`, `<` and `>` in text, and also `"` and
//! `'` in attribute values, but passes through characters that XML 1.0 forbids
//! (C0 controls, U+FFFE, U+FFFF), which make the whole file unreadable. Every
//! piece of user text therefore goes through [`text`] before it reaches the
//! crate, and the only user-influenced attribute value (the font family) goes
//! through [`attr`]. User ids never become XML ids or class names. The tests
//! below pin the crate's escaping, so an upgrade that changes it fails here.

/// User text for a text node: characters XML 1.0 forbids are dropped, and
/// tab, CR and LF (which SVG would collapse anyway) become spaces.
///
/// The `svg` crate then escapes `&`, `<` and `>`, so `]]>` and `<!--` stay text.
pub fn text(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if is_xml_char(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// A value for an attribute: like [`text`] (the crate escapes the quotes).
pub fn attr(s: &str) -> String {
    text(s)
}

/// Whether XML 1.0 allows `c` in a document (the `Char` production), minus the
/// C1 controls and DEL, which are allowed but never meant in a chart.
fn is_xml_char(c: char) -> bool {
    let u = c as u32;
    match u {
        0x09 | 0x0A | 0x0D => true,
        0x00..=0x1F => false,
        0x7F..=0x9F => false,
        0xFFFE | 0xFFFF => false,
        _ => true,
    }
}

/// A coordinate or length as printed: rounded to two decimals, trailing zeros
/// trimmed, never `-0`, and `0` for a value that is not finite.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let r = crate::diagram::round2(v);
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_drops_forbidden_characters_and_flattens_line_breaks() {
        assert_eq!(text("a\u{0}b\u{1}c\u{1b}d"), "abcd");
        assert_eq!(text("a\tb\nc\rd"), "a b c d");
        assert_eq!(text("x\u{FFFE}y\u{FFFF}z\u{7F}\u{85}"), "xyz");
        assert_eq!(
            text("审核岗 <b>&amp;</b> ]]> --"),
            "审核岗 <b>&amp;</b> ]]> --"
        );
        assert_eq!(
            text("\u{1F600}\u{E000}\u{FFFD}"),
            "\u{1F600}\u{E000}\u{FFFD}"
        );
    }

    #[test]
    fn attr_drops_forbidden_characters() {
        assert_eq!(attr("a\u{7}b\"c'"), "ab\"c'");
    }

    #[test]
    fn crate_escaping_plus_ours_is_well_formed() {
        let hostile = "<script>alert(1)</script> \" onload=\"x\" ]]> <!-- & \u{8}";
        let t = svg::node::Text::new(text(hostile)).to_string();
        assert_eq!(
            t,
            "&lt;script&gt;alert(1)&lt;/script&gt; \" onload=\"x\" ]]&gt; &lt;!-- &amp; "
        );
        let mut r = svg::node::element::Rectangle::new();
        svg::Node::assign(&mut r, "font-family", attr(hostile));
        assert_eq!(
            r.to_string(),
            "<rect font-family=\"&lt;script&gt;alert(1)&lt;/script&gt; &quot; onload=&quot;x&quot; ]]&gt; &lt;!-- &amp; \"/>"
        );
        let mut r = svg::node::element::Rectangle::new();
        svg::Node::assign(&mut r, "font-family", attr("'Noto Sans CJK SC'"));
        assert_eq!(
            r.to_string(),
            "<rect font-family=\"&apos;Noto Sans CJK SC&apos;\"/>"
        );
    }

    #[test]
    fn numbers_are_fixed_precision() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(12.345_678), "12.35");
        assert_eq!(num(-3.0), "-3");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
    }
}
