//! The checker end to end: golden diagnostics for every error and lint, and
//! every example checked without error.
//!
//! `tests/cases/check/NAME.flow` is compiled (parse + check) and all its
//! diagnostics rendered for people (English, no colour; Chinese when the file
//! is named `NAME.zh.flow`) are compared with `NAME.stderr`
//! (`FLOWC_ACCEPT=1` re-accepts). A case named after a diagnostic
//! (`unknown-node.flow`, or `unknown-node--chain.flow` for a variant) must
//! report that diagnostic.

mod common;

use std::path::Path;

use flowc::diagnostic::render::{human, RenderOptions};
use flowc::diagnostic::{Lang, Severity, LINTS};
use flowc::Source;

use common::{assert_golden, files_with_ext};

/// Every error the checker reports, by name.
const CHECK_ERRORS: &[&str] = &[
    "duplicate-node",
    "duplicate-post",
    "duplicate-field",
    "unknown-node",
    "unknown-post",
    "no-start",
    "multiple-start",
    "no-end",
    "edge-from-end",
    "unreachable",
    "no-way-out",
    "decide-branches",
    "unlabeled-branch",
    "duplicate-branch",
    "label-on-chain",
    "bad-deadline",
];

fn cases_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/check"))
}

fn render(path: &Path, lang: Lang) -> (String, Vec<&'static str>) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let source = Source::from_bytes(format!("tests/cases/check/{name}"), &bytes);
    let checked = flowc::compile(&source);
    let opts = RenderOptions { lang, color: false };
    let text = checked
        .diagnostics
        .iter()
        .map(|d| human(d, &source, &opts))
        .collect::<Vec<_>>()
        .join("\n");
    let names = checked.diagnostics.iter().map(|d| d.name).collect();
    (text, names)
}

#[test]
fn golden_diagnostics() {
    let cases = files_with_ext(cases_dir(), "flow");
    assert!(!cases.is_empty());
    for case in cases {
        let stem = case.file_stem().unwrap().to_string_lossy().into_owned();
        let (stem, lang) = match stem.strip_suffix(".zh") {
            Some(s) => (s.to_string(), Lang::Zh),
            None => (stem, Lang::En),
        };
        let (text, names) = render(&case, lang);
        let expected_name = stem.split("--").next().unwrap_or_default();
        if CHECK_ERRORS.contains(&expected_name) || LINTS.contains(&expected_name) {
            assert!(
                names.contains(&expected_name),
                "{} does not report {expected_name}: {names:?}",
                case.display()
            );
        }
        assert_golden(&case.with_extension("stderr"), &text);
    }
}

#[test]
fn every_error_and_lint_has_a_golden_case() {
    let cases: Vec<String> = files_with_ext(cases_dir(), "flow")
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for name in CHECK_ERRORS.iter().chain(LINTS) {
        assert!(
            cases
                .iter()
                .any(|c| c.split("--").next() == Some(name) || c == &format!("{name}.zh")),
            "no golden case for {name}"
        );
    }
}

#[test]
fn examples_check_without_error() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"));
    let examples = files_with_ext(dir, "flow");
    assert!(examples.len() >= 2);
    for path in examples {
        let source = Source::from_bytes(path.display().to_string(), &std::fs::read(&path).unwrap());
        let checked = flowc::compile(&source);
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.name, d.message.en.clone()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        assert!(checked.flow.is_some(), "{}", path.display());
    }
}

#[test]
fn the_contract_example_is_clean_and_sums_to_its_limit() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/licensing.flow"
    ));
    let source = Source::from_bytes("licensing.flow", &std::fs::read(path).unwrap());
    let checked = flowc::compile(&source);
    let names: Vec<_> = checked.diagnostics.iter().map(|d| d.name).collect();
    assert!(names.is_empty(), "{names:?}");
    let flow = checked.flow.unwrap();
    // 审核岗 15 + 审批岗 3 (准予, then 不予 in the same run with its own 2,
    // or 制证岗 2) = 20 工作日: at the limit, not over it.
    assert_eq!(
        flow.totals,
        vec![flowc::model::Total {
            unit: flowc::ast::Unit::Workdays,
            amount: 20
        }]
    );
    let rows: Vec<&str> = flow
        .table
        .iter()
        .map(|&a| flow.actors[a].id.as_str())
        .collect();
    assert_eq!(rows, ["受理岗", "审核岗", "审批岗", "制证岗"]);
}

#[test]
fn the_appendix_example_sums_to_its_promise() {
    // 受理岗 即时, 审核岗 15, 审批岗 10 (审批 and 准予: one run), 制证岗 2:
    // 27 工作日, within the 30 工作日 limit and exactly the 27 工作日 promise.
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/approval.flow"
    ));
    let source = Source::from_bytes("approval.flow", &std::fs::read(path).unwrap());
    let checked = flowc::compile(&source);
    let names: Vec<_> = checked.diagnostics.iter().map(|d| d.name).collect();
    assert!(names.is_empty(), "{names:?}");
    assert_eq!(
        checked.flow.unwrap().totals,
        vec![flowc::model::Total {
            unit: flowc::ast::Unit::Workdays,
            amount: 27
        }]
    );
}
