//! Fuzz target `pipeline`: bytes → compile → layout → SVG.
//!
//! For every input that checks without error, laid out down and right: the layout must satisfy the
//! verifier (no overlaps, no edge through a node, …), the SVG must be
//! well-formed XML, and rendering twice must give the same bytes. Any failure
//! panics so that libFuzzer records the input. Inputs are bounded to 4 KiB so
//! that one layout stays fast.
#![no_main]

use flowc::layout::{self, Direction, LayoutOptions};
use flowc::render::{self, SvgOptions};
use flowc::{verify, Source};
use libfuzzer_sys::fuzz_target;
use quick_xml::events::Event;
use quick_xml::Reader;

/// Inputs longer than this are skipped (layout cost grows with the graph).
const MAX_LEN: usize = 4096;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_LEN {
        return;
    }
    let source = Source::from_bytes("fuzz.flow", data);
    let checked = flowc::compile(&source);
    let Some(flow) = checked.flow else { return };
    for direction in [Direction::Down, Direction::Right] {
        let opts = LayoutOptions {
            direction,
            ..LayoutOptions::default()
        };
        let diagram = layout::layout(&flow, &opts);
        let violations = verify::verify(&diagram);
        assert!(
            violations.is_empty(),
            "layout ({direction:?}) broke its invariants: {violations:#?}"
        );
        for n in &diagram.nodes {
            for v in [n.x, n.y, n.w, n.h] {
                assert!(v.is_finite(), "node {} has a non-finite coordinate", n.id);
            }
        }
        for e in &diagram.edges {
            for p in &e.points {
                assert!(
                    p[0].is_finite() && p[1].is_finite(),
                    "edge {}->{} has a non-finite point",
                    e.from,
                    e.to
                );
            }
        }
        let svg = render::svg(&flow, &diagram, &SvgOptions::default());
        assert_well_formed(&svg);
        let again = render::svg(&flow, &layout::layout(&flow, &opts), &SvgOptions::default());
        assert!(svg == again, "same input, different SVG bytes");
    }
});

/// Panics unless `svg` is well-formed XML with one root and no script.
fn assert_well_formed(svg: &str) {
    let mut reader = Reader::from_str(svg);
    let mut depth: usize = 0;
    let mut roots = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
                check_element(e.name().as_ref(), &e);
            }
            Ok(Event::Empty(e)) => {
                if depth == 0 {
                    roots += 1;
                }
                check_element(e.name().as_ref(), &e);
            }
            Ok(Event::End(_)) => {
                depth = depth
                    .checked_sub(1)
                    .unwrap_or_else(|| panic!("unbalanced end tag in SVG"));
            }
            Ok(Event::Text(t)) => {
                if let Err(err) = t.decode() {
                    panic!("undecodable text in SVG: {err}");
                }
            }
            Ok(Event::GeneralRef(r)) => {
                let known = matches!(r.as_ref(), b"lt" | b"gt" | b"amp" | b"quot" | b"apos");
                assert!(
                    known || matches!(r.resolve_char_ref(), Ok(Some(_))),
                    "unknown entity &{}; in SVG",
                    String::from_utf8_lossy(r.as_ref())
                );
            }
            Ok(Event::CData(_)) => panic!("CDATA section in SVG"),
            Ok(Event::DocType(_)) => panic!("DOCTYPE in SVG"),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(err) => panic!(
                "SVG is not well-formed at byte {}: {err}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(depth, 0, "SVG has unclosed elements");
    assert_eq!(roots, 1, "SVG must have exactly one root element");
}

/// Panics on elements or attributes that could run script.
fn check_element(name: &[u8], e: &quick_xml::events::BytesStart<'_>) {
    assert!(
        !name.eq_ignore_ascii_case(b"script") && !name.eq_ignore_ascii_case(b"foreignObject"),
        "SVG contains a <{}> element",
        String::from_utf8_lossy(name)
    );
    for attr in e.attributes() {
        let attr = attr.unwrap_or_else(|err| panic!("bad attribute in SVG: {err}"));
        let key = attr.key.as_ref();
        assert!(
            !(key.len() > 2 && key[..2].eq_ignore_ascii_case(b"on")),
            "SVG contains an event attribute {}",
            String::from_utf8_lossy(key)
        );
    }
}
