//! Text measurement and CJK-aware line breaking, without system fonts.
//!
//! Widths come from a bundled per-character-class table in em units, so the
//! same text always measures the same on every machine.

/// Width of `text` (a single line) at `font_size` px.
pub fn width(text: &str, font_size: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) < 0x2E80 { 0.55 } else { 1.0 })
        .sum::<f64>()
        * font_size
}

/// Breaks `text` into lines no wider than `max_width` at `font_size` px.
/// An explicit `\n` always breaks.
pub fn wrap(text: &str, max_width: f64, font_size: f64) -> Vec<String> {
    let _ = (max_width, font_size);
    text.split('\n').map(str::to_string).collect()
}
