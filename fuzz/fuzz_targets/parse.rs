//! Fuzz target `parse`: any bytes → `Source::from_bytes` → `parse::parse`.
//!
//! Finds panics, stack overflows and hangs in the parser. Every diagnostic must
//! point inside the source (a span past the end would break the CLI's caret).
#![no_main]

use flowc::{parse, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = Source::from_bytes("fuzz.flow", data);
    let parsed = parse::parse(&source);
    let len = source.text.len();
    for d in &parsed.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end as usize <= len,
            "diagnostic `{}` span {:?} outside a source of {len} bytes",
            d.name,
            d.span
        );
        assert!(
            source.text.is_char_boundary(d.span.start as usize)
                && source.text.is_char_boundary(d.span.end as usize),
            "diagnostic `{}` span {:?} splits a character",
            d.name,
            d.span
        );
    }
});
