//! Fuzz target `check`: any bytes → `flowc::compile` (parse, then check).
//!
//! Finds panics in the checker on whatever the parser lets through, and checks
//! the façade's contract: a flow exists exactly when no error was reported, and
//! every diagnostic span lies inside the source.
#![no_main]

use flowc::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = Source::from_bytes("fuzz.flow", data);
    let checked = flowc::compile(&source);
    let has_error = checked.diagnostics.iter().any(|d| d.is_error());
    assert_eq!(
        checked.flow.is_some(),
        !has_error,
        "a flow must exist exactly when there is no error"
    );
    let len = source.text.len();
    for d in &checked.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end as usize <= len,
            "diagnostic `{}` span {:?} outside a source of {len} bytes",
            d.name,
            d.span
        );
        for (span, _) in &d.related {
            assert!(
                span.start <= span.end && span.end as usize <= len,
                "related span {span:?} of `{}` outside the source",
                d.name
            );
        }
    }
});
