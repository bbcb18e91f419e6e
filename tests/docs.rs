//! Every flow the documentation shows compiles: the README's and the language
//! reference's ```flow blocks, and every file in `examples/`.

use std::path::Path;

use flowc::Source;

/// The ```flow fenced blocks of a Markdown file, with their first line number.
fn flow_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match &mut current {
            None if line.trim() == "```flow" => current = Some((i + 2, String::new())),
            None => {}
            Some(_) if line.trim() == "```" => blocks.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    blocks
}

fn compile_clean(name: &str, text: &str) {
    let checked = flowc::compile(&Source::new(name, text));
    let rendered: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{}[{}] {}", d.name, d.span.start, d.message.en))
        .collect();
    assert!(
        checked.diagnostics.is_empty(),
        "{name} should compile without any diagnostic: {rendered:?}"
    );
    let flow = checked.flow.expect("no error, so a flow");
    let diagram = flowc::layout::layout(&flow, &flowc::layout::LayoutOptions::default());
    assert!(flowc::verify::verify(&diagram).is_empty(), "{name}: layout");
    let svg = flowc::render::svg(&flow, &diagram, &flowc::render::SvgOptions::default());
    for node in &flow.nodes {
        let first = node.text.lines().next().unwrap_or_default();
        let piece: String = first.chars().take(2).collect();
        assert!(svg.contains(&piece), "{name}: node {} not drawn", node.id);
    }
}

#[test]
fn the_readme_flow_compiles_without_diagnostics() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let blocks = flow_blocks(&readme);
    assert!(!blocks.is_empty(), "README shows a flow");
    for (line, text) in blocks {
        compile_clean(&format!("README.md:{line}"), &text);
    }
}

#[test]
fn the_language_reference_example_compiles_without_diagnostics() {
    let reference =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md"))
            .unwrap();
    let blocks = flow_blocks(&reference);
    assert!(!blocks.is_empty(), "the reference shows a flow");
    for (line, text) in blocks {
        compile_clean(&format!("docs/language.md:{line}"), &text);
    }
}

#[test]
fn every_example_compiles_without_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.extension().is_some_and(|e| e == "flow") {
            let text = std::fs::read_to_string(&path).unwrap();
            compile_clean(&path.display().to_string(), &text);
            count += 1;
        }
    }
    assert!(
        count >= 4,
        "examples/ holds the seed example and the others"
    );
}
