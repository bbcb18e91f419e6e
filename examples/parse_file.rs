//! Parses one `.flow` file, prints its syntax errors (rendered) and the time
//! the parse took: `cargo run --release --example parse_file -- FILE`.

use std::time::Instant;

use flowc::diagnostic::render::{human, RenderOptions};
use flowc::Source;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_file FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let source = Source::from_bytes(path, &bytes);
    let started = Instant::now();
    let parsed = flowc::parse::parse(&source);
    let elapsed = started.elapsed();
    for d in &parsed.diagnostics {
        eprintln!("{}", human(d, &source, &RenderOptions::default()));
    }
    println!(
        "{} bytes, {} items, {} diagnostics, parsed in {:.1} ms",
        bytes.len(),
        parsed.file.items.len(),
        parsed.diagnostics.len(),
        elapsed.as_secs_f64() * 1000.0
    );
}
