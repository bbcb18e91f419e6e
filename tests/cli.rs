//! The `flowc` binary end to end: exit codes, lint flags, JSON diagnostics,
//! inputs (files, folders, stdin), outputs (`-o` variants, formats), atomic
//! writes, Ctrl-C, determinism and Chinese output.
//!
//! Inputs live in `tests/cases/cli/`: `ok.flow` (clean), `lint.flow` (exactly
//! the lints `missing-power` and `missing-deadline`), `bad.flow` (an edge to
//! an unknown node) and `tree/` (three flows in nested folders and a non-flow).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_flowc");

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/cli")
}

fn case(name: &str) -> PathBuf {
    cases().join(name)
}

/// A `flowc` command in English whatever the machine's locale.
fn flowc() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> Output {
    run_in(args, None)
}

fn run_in(args: &[&str], dir: Option<&Path>) -> Output {
    let mut cmd = flowc();
    cmd.args(args);
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.output().expect("flowc runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = flowc()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("flowc runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("flowc finishes")
}

fn code(out: &Output) -> i32 {
    out.status
        .code()
        .expect("exit code (not killed by a signal)")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A temp folder holding copies of the named cases.
fn workspace(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in names {
        copy_tree(&case(name), &dir.path().join(name));
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for e in fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            copy_tree(&e.path(), &to.join(e.file_name()));
        }
    } else {
        fs::copy(from, to).unwrap();
    }
}

/// Every file below `dir`, relative, sorted, `/`-separated.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

fn json_diagnostics(out: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(out)));
    v.as_array().expect("a JSON array").clone()
}

fn names_with_severity(diags: &[Value]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap_or("?").to_string(),
                d["severity"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------- usage (exit 2)

#[test]
fn no_arguments_prints_help_and_exits_2() {
    let out = run(&[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("Usage: flowc"), "{}", stderr(&out));
}

#[test]
fn unknown_subcommand_and_option_exit_2() {
    assert_eq!(code(&run(&["draw", "a.flow"])), 2);
    assert_eq!(code(&run(&["check", "--frobnicate", "a.flow"])), 2);
    assert_eq!(code(&run(&["check"])), 2, "a PATH is required");
    assert_eq!(code(&run(&["build", "--format", "png", "a.flow"])), 2);
    assert_eq!(code(&run(&["build", "--max-width", "0", "a.flow"])), 2);
}

#[test]
fn help_has_examples_and_version_works() {
    let out = run(&["build", "--help"]);
    assert_eq!(code(&out), 0);
    let help = stdout(&out);
    assert!(help.contains("Examples:"), "{help}");
    assert!(help.contains("flowc build flows/ -o charts/"), "{help}");
    let out = run(&["--version"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out).trim(),
        format!("flowc {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_is_chinese_under_a_chinese_locale() {
    let out = flowc()
        .env("LANG", "zh_CN.UTF-8")
        .args(["check", "--help"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    let help = stdout(&out);
    assert!(help.contains("示例："), "{help}");
    assert!(help.contains("把检查项当作错误"), "{help}");
    let out = run(&["check", "--lang", "zh", "--help"]);
    assert!(stdout(&out).contains("示例："));
}

#[test]
fn unknown_lint_is_a_usage_error_with_a_suggestion() {
    let out = run(&["check", "--deny", "missing-dedline", p(&case("ok.flow"))]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("no lint named `missing-dedline`"), "{err}");
    assert!(err.contains("did you mean `missing-deadline`?"), "{err}");
    let out = run(&["check", "--allow", "warning", p(&case("ok.flow"))]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("did you mean `warnings`?"));
    // Nothing was checked: no summary line.
    assert!(!stderr(&out).contains("checked"));
}

#[test]
fn missing_file_exits_2_but_the_other_files_are_still_checked() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "no-such-file.flow",
        p(&case("bad.flow")),
    ]);
    assert_eq!(code(&out), 2, "I/O trouble outranks errors in a file");
    let diags = json_diagnostics(&out);
    let missing = diags
        .iter()
        .find(|d| d["name"] == "io-error")
        .expect("an io-error record");
    assert_eq!(missing["file"], "no-such-file.flow");
    assert!(missing["line"].is_null());
    assert!(
        diags.iter().any(|d| d["name"] == "unknown-node"),
        "bad.flow was checked too: {diags:?}"
    );
}

#[test]
fn a_folder_without_flow_files_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("readme.txt"), "x").unwrap();
    let out = run(&["check", p(dir.path())]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no .flow files"), "{}", stderr(&out));
}

#[test]
fn stdin_can_be_named_once_only() {
    let out = run_stdin(&["check", "-", "-"], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("only once"));
}

#[test]
fn build_refuses_ambiguous_or_dangerous_outputs() {
    let ws = workspace(&["ok.flow", "lint.flow"]);
    let (ok, lint) = (ws.path().join("ok.flow"), ws.path().join("lint.flow"));
    // One output file for two inputs.
    let out = run(&["build", p(&ok), p(&lint), "-o", "-"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("names one file"), "{}", stderr(&out));
    // Standard input together with a file.
    let out = run_stdin(&["build", "-", p(&ok)], b"");
    assert_eq!(code(&out), 2);
    // Writing over the input itself.
    let before = fs::read(&ok).unwrap();
    let out = run(&["build", p(&ok), "-o", p(&ok)]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("refusing to overwrite the input"));
    assert_eq!(fs::read(&ok).unwrap(), before);
    // Two inputs onto one output name: a/x.flow and b/x.flow into one folder.
    for sub in ["a", "b"] {
        fs::create_dir_all(ws.path().join(sub)).unwrap();
        fs::copy(&ok, ws.path().join(sub).join("x.flow")).unwrap();
    }
    let out = run(&[
        "build",
        p(&ws.path().join("a/x.flow")),
        p(&ws.path().join("b/x.flow")),
        "-o",
        p(&ws.path().join("out")),
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("would both be written"),
        "{}",
        stderr(&out)
    );
    assert!(
        !ws.path().join("out").exists(),
        "nothing written before refusing"
    );
}

/// The help a clerk reads, in both languages, kept as golden files so that
/// every change to it is reviewed (`FLOWC_ACCEPT=1` re-accepts).
#[test]
fn help_texts_match_their_golden_files() {
    for (lang, sub) in [
        ("en", "check"),
        ("en", "build"),
        ("zh", "check"),
        ("zh", "build"),
    ] {
        let out = run(&[sub, "--lang", lang, "--help"]);
        assert_eq!(code(&out), 0);
        common::assert_golden(&case(&format!("help-{sub}.{lang}.txt")), &stdout(&out));
    }
}

/// The full stderr of a check with errors and warnings, in both languages.
#[test]
fn check_output_matches_its_golden_files() {
    for lang in ["en", "zh"] {
        let out = run_in(
            &["check", "--lang", lang, "bad.flow", "lint.flow", "ok.flow"],
            Some(&cases()),
        );
        assert_eq!(code(&out), 1);
        common::assert_golden(&case(&format!("check.{lang}.stderr")), &stderr(&out));
    }
}

// ---------------------------------------------------------------- input limits

#[test]
fn a_file_over_16_mib_is_refused_as_the_files_fault() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.flow");
    let f = fs::File::create(&big).unwrap();
    f.set_len(16 * 1024 * 1024 + 1).unwrap();
    let out = run(&["check", "--format", "json", p(&big)]);
    assert_eq!(code(&out), 1);
    let diags = json_diagnostics(&out);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["name"], "file-too-large");
    assert!(diags[0]["message"].as_str().unwrap().contains("16 MiB"));
}

#[test]
fn invalid_utf8_is_reported_not_fatal() {
    let out = run_stdin(
        &["check", "--format", "json", "-"],
        b"start a \"\xff\xfe\"\n",
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let diags = json_diagnostics(&out);
    assert!(
        diags
            .iter()
            .any(|d| d["file"] == "<stdin>" && d["severity"] == "error"),
        "{diags:?}"
    );
}

// ---------------------------------------------------------------- check

#[test]
fn clean_file_exits_0_with_a_summary() {
    let out = run(&["check", p(&case("ok.flow"))]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "checked 1 file: no errors, 0 warnings\n");
}

#[test]
fn warnings_alone_exit_0() {
    let out = run(&["check", "--format", "json", p(&case("lint.flow"))]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        names_with_severity(&json_diagnostics(&out)),
        [
            ("missing-deadline".to_string(), "warning".to_string()),
            ("missing-power".to_string(), "warning".to_string())
        ]
    );
}

#[test]
fn errors_exit_1_with_every_field_in_json() {
    let out = run(&["check", "--format", "json", p(&case("bad.flow"))]);
    assert_eq!(code(&out), 1);
    let diags = json_diagnostics(&out);
    let d = diags
        .iter()
        .find(|d| d["name"] == "unknown-node")
        .unwrap_or_else(|| panic!("{diags:?}"));
    for field in [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "severity",
        "name",
        "message",
        "help",
    ] {
        assert!(d.get(field).is_some(), "missing {field} in {d}");
    }
    assert_eq!(d["file"], p(&case("bad.flow")));
    assert_eq!(d["severity"], "error");
    // `申请 -> 受理 -> 办结x` is line 9; `办结x` starts at character 13.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(9), Some(13))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(9), Some(16))
    );
    assert!(d["help"].as_str().unwrap_or("").contains("办结"), "{d}");
}

#[test]
fn human_diagnostics_go_to_stderr_with_the_failure_summary() {
    let out = run(&["check", p(&case("bad.flow")), p(&case("lint.flow"))]);
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("error[unknown-node]"), "{err}");
    assert!(err.contains("warning[missing-deadline]"), "{err}");
    let last = err.lines().last().unwrap_or("");
    assert!(
        last.starts_with("error: 1 file failed: ") && last.ends_with(" warnings"),
        "{last}"
    );
}

#[test]
fn deny_turns_a_lint_into_an_error() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "--deny",
        "missing-deadline",
        p(&case("lint.flow")),
    ]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        names_with_severity(&json_diagnostics(&out)),
        [
            ("missing-deadline".to_string(), "error".to_string()),
            ("missing-power".to_string(), "warning".to_string())
        ]
    );
}

#[test]
fn allow_removes_a_lint() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "-A",
        "missing-deadline,missing-power",
        p(&case("lint.flow")),
    ]);
    assert_eq!(code(&out), 0);
    assert!(json_diagnostics(&out).is_empty());
}

#[test]
fn deny_warnings_with_an_exception_in_either_order() {
    for args in [
        ["--deny", "warnings", "--allow", "missing-power"],
        ["--allow", "missing-power", "--deny", "warnings"],
    ] {
        let mut all = vec!["check", "--format", "json"];
        all.extend(args);
        let lint = case("lint.flow");
        all.push(p(&lint));
        let out = run(&all);
        assert_eq!(code(&out), 1, "{args:?}");
        assert_eq!(
            names_with_severity(&json_diagnostics(&out)),
            [("missing-deadline".to_string(), "error".to_string())],
            "{args:?}"
        );
    }
}

#[test]
fn later_flag_wins_for_the_same_lint() {
    let lint = case("lint.flow");
    let out = run(&[
        "check",
        "--deny",
        "missing-deadline",
        "--allow",
        "missing-deadline",
        "--allow",
        "missing-power",
        p(&lint),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(&[
        "check",
        "--allow",
        "missing-deadline",
        "--deny",
        "missing-deadline",
        p(&lint),
    ]);
    assert_eq!(code(&out), 1);
}

#[test]
fn deny_warnings_on_a_clean_file_exits_0() {
    let out = run(&["check", "-D", "warnings", p(&case("ok.flow"))]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn stdin_is_read_and_named() {
    let text = fs::read(case("bad.flow")).unwrap();
    let out = run_stdin(&["check", "--format", "json", "-"], &text);
    assert_eq!(code(&out), 1);
    let diags = json_diagnostics(&out);
    assert!(!diags.is_empty());
    assert!(diags.iter().all(|d| d["file"] == "<stdin>"), "{diags:?}");
}

#[test]
fn folders_are_checked_recursively_in_sorted_order() {
    let out = run_in(&["check", "--format", "json", "tree"], Some(&cases()));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let files: Vec<String> = json_diagnostics(&out)
        .iter()
        .map(|d| d["file"].as_str().unwrap_or("").replace('\\', "/"))
        .collect();
    assert_eq!(files, ["tree/sub/b.flow", "tree/sub/b.flow"]);
    assert!(stderr(&out).contains("checked 3 files"), "{}", stderr(&out));
}

#[test]
fn more_than_200_diagnostics_are_cut_with_a_count() {
    let mut text = String::from("start s\nend e\ns -> e\n");
    for i in 0..230 {
        text.push_str(&format!("s -> 缺{i}\n"));
    }
    let all = json_diagnostics(&run_stdin(
        &["check", "--format", "json", "-"],
        text.as_bytes(),
    ));
    assert!(
        all.len() > 200,
        "JSON carries every diagnostic, got {}",
        all.len()
    );
    // Errors are shown first, so the hidden ones are errors past 200, then warnings.
    let errors = all.iter().filter(|d| d["severity"] == "error").count();
    let hidden_errors = errors.saturating_sub(200);
    let hidden_warnings = all.len() - errors - (200 - (errors - hidden_errors));
    let out = run_stdin(&["check", "-"], text.as_bytes());
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    let shown = err.matches("error[").count() + err.matches("warning[").count();
    assert_eq!(shown, 200, "{err}");
    let mut parts = Vec::new();
    if hidden_errors > 0 {
        parts.push(format!("{hidden_errors} more errors"));
    }
    if hidden_warnings > 0 {
        parts.push(format!("{hidden_warnings} more warning"));
    }
    let expected = format!("… and {} not shown", parts.join(" and "));
    assert!(err.contains(&expected), "{expected} in {err}");
}

#[test]
fn output_order_does_not_depend_on_threads() {
    let ws = tempfile::tempdir().unwrap();
    for i in 0..12 {
        let name = if i % 2 == 0 { "bad.flow" } else { "lint.flow" };
        fs::copy(case(name), ws.path().join(format!("f{i:02}.flow"))).unwrap();
    }
    let one = run(&["check", "-j", "1", p(ws.path())]);
    let many = run(&["check", "-j", "4", p(ws.path())]);
    assert_eq!(code(&one), 1);
    assert_eq!(stderr(&one), stderr(&many));
    let err = stderr(&one);
    let f00 = err.find("f00.flow").unwrap_or(usize::MAX);
    let f11 = err.find("f11.flow").unwrap_or(0);
    assert!(f00 < f11, "inputs print in sorted order");
}

// ---------------------------------------------------------------- Chinese

#[test]
fn chinese_with_lang_flag_and_with_locale() {
    let bad = case("bad.flow");
    let flag = run(&["check", "--lang", "zh", p(&bad)]);
    let locale = flowc()
        .env("LANG", "zh_CN.UTF-8")
        .args(["check", p(&bad)])
        .output()
        .unwrap();
    for out in [&flag, &locale] {
        assert_eq!(code(out), 1);
        let err = stderr(out);
        assert!(err.contains("1 个文件未通过："), "{err}");
    }
    assert_eq!(stderr(&flag), stderr(&locale));
    // The flag beats the locale.
    let en = flowc()
        .env("LANG", "zh_CN.UTF-8")
        .args(["check", "--lang", "en", p(&bad)])
        .output()
        .unwrap();
    assert!(stderr(&en).contains("1 file failed"), "{}", stderr(&en));
}

#[test]
fn chinese_usage_errors() {
    let out = run(&["check", "--lang", "zh", "没有这个文件.flow"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("错误：无法读取 `没有这个文件.flow`：文件或文件夹不存在"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------- build

#[test]
fn build_writes_the_svg_beside_the_input() {
    let ws = workspace(&["ok.flow"]);
    let out = run(&["build", p(&ws.path().join("ok.flow"))]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let svg = fs::read_to_string(ws.path().join("ok.svg")).unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    assert_eq!(listing(ws.path()), ["ok.flow", "ok.svg"]);
    assert_eq!(stderr(&out), "built 1 of 1 file, 0 warnings\n");
}

#[test]
fn build_relative_path_in_the_current_folder() {
    let ws = workspace(&["ok.flow"]);
    let out = run_in(&["build", "ok.flow"], Some(ws.path()));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(ws.path().join("ok.svg").is_file());
}

#[test]
fn build_to_stdout() {
    let ws = workspace(&["ok.flow"]);
    let out = run(&["build", p(&ws.path().join("ok.flow")), "-o", "-"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("<svg"));
    assert_eq!(listing(ws.path()), ["ok.flow"], "nothing written beside");
    // Standard input without -o goes to standard output too.
    let text = fs::read(case("ok.flow")).unwrap();
    let piped = run_stdin(&["build", "-"], &text);
    assert_eq!(code(&piped), 0, "{}", stderr(&piped));
    assert_eq!(piped.stdout, out.stdout);
}

#[test]
fn build_to_a_named_file_creates_its_folder() {
    let ws = workspace(&["ok.flow"]);
    let target = ws.path().join("公示/许可流程图.svg");
    let out = run(&["build", p(&ws.path().join("ok.flow")), "-o", p(&target)]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(fs::read_to_string(&target).unwrap().contains("<svg"));
}

#[test]
fn build_a_folder_mirrors_it_under_the_output_folder() {
    let ws = workspace(&["tree", "ok.flow"]);
    let out = run(&[
        "build",
        p(&ws.path().join("tree")),
        p(&ws.path().join("ok.flow")),
        "-o",
        p(&ws.path().join("charts")),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        listing(&ws.path().join("charts")),
        ["a.svg", "ok.svg", "sub/b.svg", "sub/deeper/c.svg"]
    );
    assert_eq!(
        stderr(&out).lines().last(),
        Some("built 4 of 4 files, 2 warnings")
    );
}

#[test]
fn build_a_folder_without_o_writes_beside_each_file() {
    let ws = workspace(&["tree"]);
    let out = run(&["build", "-q", p(&ws.path().join("tree"))]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        listing(&ws.path().join("tree")),
        [
            "a.flow",
            "a.svg",
            "sub/b.flow",
            "sub/b.svg",
            "sub/deeper/c.flow",
            "sub/deeper/c.svg",
            "sub/notes.txt"
        ]
    );
    assert!(
        !stderr(&out).contains("built"),
        "--quiet drops the summary but not the warnings: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("missing-deadline"));
}

#[test]
fn one_folder_input_with_o_is_a_folder_even_for_one_file() {
    let ws = workspace(&["ok.flow"]);
    fs::create_dir(ws.path().join("in")).unwrap();
    fs::rename(ws.path().join("ok.flow"), ws.path().join("in/ok.flow")).unwrap();
    let out = run(&[
        "build",
        p(&ws.path().join("in")),
        "-o",
        p(&ws.path().join("out.svg")),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(ws.path().join("out.svg/ok.svg").is_file());
}

#[test]
fn layout_json_has_the_contract_field_names() {
    let ws = workspace(&["ok.flow"]);
    let out = run(&[
        "build",
        "--format",
        "layout-json",
        p(&ws.path().join("ok.flow")),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = fs::read_to_string(ws.path().join("ok.layout.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v["width"].is_number() && v["height"].is_number(), "{v}");
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 6);
    for n in nodes {
        for f in ["x", "y", "w", "h"] {
            assert!(n[f].is_number(), "{f} in {n}");
        }
        assert!(n["id"].is_string());
        let kind = n["kind"].as_str().unwrap_or("");
        assert!(["start", "end", "step", "decide"].contains(&kind), "{n}");
    }
    assert_eq!(nodes[2]["id"], "准予");
    assert_eq!(nodes[2]["kind"], "decide");
    let edges = v["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 6);
    let yes = edges
        .iter()
        .find(|e| e["label"] == "是")
        .unwrap_or_else(|| panic!("{edges:?}"));
    assert_eq!(
        (yes["from"].as_str(), yes["to"].as_str()),
        (Some("准予"), Some("发证"))
    );
    let points = yes["points"].as_array().unwrap();
    assert!(points.len() >= 2);
    assert!(points
        .iter()
        .all(|pt| pt.as_array().is_some_and(|a| a.len() == 2)));
    assert!(yes["label_box"]["w"].is_number(), "{yes}");
    let plain = edges.iter().find(|e| e["from"] == "发证").unwrap();
    assert!(
        plain["label"].is_null() && plain["label_box"].is_null(),
        "{plain}"
    );
}

#[test]
fn json_format_is_the_checked_flow_with_totals() {
    let ws = workspace(&["ok.flow"]);
    let out = run(&[
        "build",
        "--format",
        "json",
        p(&ws.path().join("ok.flow")),
        "-o",
        "-",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["power"]["name"], "测试职权");
    assert_eq!(v["nodes"].as_array().map(Vec::len), Some(6));
    assert_eq!(v["start"], 0);
    let totals = v["totals"].as_array().unwrap();
    assert!(
        totals.iter().any(|t| t["amount"] == 4),
        "受理 1 + 审批岗 3 = 4 workdays: {totals:?}"
    );
}

#[test]
fn a_failing_build_leaves_the_previous_output_byte_identical() {
    let ws = workspace(&["bad.flow"]);
    let old = b"<svg>previous, good chart</svg>\n";
    let target = ws.path().join("bad.svg");
    fs::write(&target, old).unwrap();
    let out = run(&["build", p(&ws.path().join("bad.flow"))]);
    assert_eq!(code(&out), 1);
    assert_eq!(fs::read(&target).unwrap(), old);
    assert_eq!(
        listing(ws.path()),
        ["bad.flow", "bad.svg"],
        "no temp files left"
    );
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let ws = workspace(&["ok.flow", "bad.flow", "lint.flow"]);
    let out = run(&[
        "build",
        p(&ws.path().join("ok.flow")),
        p(&ws.path().join("bad.flow")),
        p(&ws.path().join("lint.flow")),
        "-o",
        p(&ws.path().join("out")),
    ]);
    assert_eq!(code(&out), 1);
    assert_eq!(listing(&ws.path().join("out")), ["lint.svg", "ok.svg"]);
    let last = stderr(&out).lines().last().unwrap_or("").to_string();
    assert!(last.starts_with("error: 1 file failed"), "{last}");
    assert!(last.contains("built 2 of 3 files"), "{last}");
}

#[test]
fn denied_lints_stop_the_build_of_that_file() {
    let ws = workspace(&["lint.flow"]);
    let out = run(&[
        "build",
        "--deny",
        "missing-power",
        p(&ws.path().join("lint.flow")),
    ]);
    assert_eq!(code(&out), 1);
    assert!(!ws.path().join("lint.svg").exists());
}

#[test]
fn unwritable_output_exits_2_and_leaves_no_temp_file() {
    let ws = workspace(&["ok.flow"]);
    // The target is a folder: the rename over it fails.
    fs::create_dir_all(ws.path().join("ok.svg/inside")).unwrap();
    let out = run(&["build", p(&ws.path().join("ok.flow"))]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    assert_eq!(listing(ws.path()), ["ok.flow"]);
}

#[test]
fn builds_are_deterministic() {
    let ws = tempfile::tempdir().unwrap();
    for i in 0..10 {
        fs::copy(case("ok.flow"), ws.path().join(format!("f{i}.flow"))).unwrap();
    }
    for format in ["svg", "layout-json", "json"] {
        let a = ws.path().join(format!("a-{format}"));
        let b = ws.path().join(format!("b-{format}"));
        let one = run(&[
            "build",
            "-j",
            "1",
            "--format",
            format,
            p(ws.path()),
            "-o",
            p(&a),
        ]);
        let two = run(&[
            "build",
            "-j",
            "3",
            "--format",
            format,
            p(ws.path()),
            "-o",
            p(&b),
        ]);
        assert_eq!(code(&one), 0, "{}", stderr(&one));
        assert_eq!(code(&two), 0, "{}", stderr(&two));
        let names = listing(&a);
        assert_eq!(names.len(), 10);
        assert_eq!(names, listing(&b));
        let first = fs::read(a.join(&names[0])).unwrap();
        for name in &names {
            let x = fs::read(a.join(name)).unwrap();
            assert_eq!(x, fs::read(b.join(name)).unwrap(), "{format} {name}");
            assert_eq!(x, first, "same input, same bytes: {format} {name}");
        }
    }
}

#[test]
fn build_options_reach_the_output() {
    let ws = workspace(&["ok.flow"]);
    let f = ws.path().join("ok.flow");
    let out = run(&["build", "--font", "KaiTi", p(&f), "-o", "-"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("KaiTi"));
    let down = run(&["build", "--format", "layout-json", p(&f), "-o", "-"]);
    let right = run(&[
        "build",
        "--format",
        "layout-json",
        "--direction",
        "right",
        p(&f),
        "-o",
        "-",
    ]);
    let (down, right): (Value, Value) = (
        serde_json::from_slice(&down.stdout).unwrap(),
        serde_json::from_slice(&right.stdout).unwrap(),
    );
    let pos = |v: &Value, id: &str| -> (f64, f64) {
        let n = v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap();
        (n["x"].as_f64().unwrap(), n["y"].as_f64().unwrap())
    };
    let (d0, d1) = (pos(&down, "申请"), pos(&down, "受理"));
    let (r0, r1) = (pos(&right, "申请"), pos(&right, "受理"));
    assert!(d1.1 > d0.1, "down: 受理 below 申请");
    assert!(r1.0 > r0.0, "right: 受理 right of 申请");
}

// ---------------------------------------------------------------- Ctrl-C

/// A build blocked on reading a FIFO receives SIGINT: the file being built
/// is not written, later files are not started, existing outputs stay, no
/// temporary file remains, and the exit status is 130.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    use std::time::Duration;

    let ws = workspace(&["ok.flow"]);
    let dir = ws.path();
    let fifo = dir.join("0-fifo.flow");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    for i in 1..=3 {
        fs::copy(case("ok.flow"), dir.join(format!("{i}.flow"))).unwrap();
    }
    let old = b"previous 1.svg";
    fs::write(dir.join("1.svg"), old).unwrap();
    let child = flowc()
        .args(["build", "-j", "1"])
        .arg(&fifo)
        .args(["1.flow", "2.flow", "3.flow"])
        .current_dir(dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Opening the FIFO for writing waits until flowc has opened it for reading,
    // so the Ctrl-C handler is installed by then.
    let mut writer = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // Give the handler thread time to set the flag, even on a loaded machine.
    std::thread::sleep(Duration::from_millis(1000));
    writer
        .write_all(&fs::read(case("ok.flow")).unwrap())
        .unwrap();
    drop(writer);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    assert_eq!(fs::read(dir.join("1.svg")).unwrap(), old);
    let mut files = listing(dir);
    files.retain(|f| f != "0-fifo.flow");
    assert_eq!(files, ["1.flow", "1.svg", "2.flow", "3.flow", "ok.flow"]);
}

/// SIGINT in the middle of a large parallel build: every output present is
/// complete (identical to an uninterrupted build's), no temporary file is
/// left, and the status is 130 (or 0 if the build won the race).
#[cfg(unix)]
#[test]
fn ctrl_c_during_a_parallel_build_leaves_only_whole_files() {
    use std::time::{Duration, Instant};

    let ws = tempfile::tempdir().unwrap();
    let input = ws.path().join("in");
    fs::create_dir(&input).unwrap();
    const FILES: usize = 300;
    for i in 0..FILES {
        fs::copy(case("ok.flow"), input.join(format!("f{i:03}.flow"))).unwrap();
    }
    let reference = run(&["build", p(&input.join("f000.flow")), "-o", "-"]);
    assert_eq!(code(&reference), 0, "{}", stderr(&reference));
    let out_dir = ws.path().join("out");
    let child = flowc()
        .args(["build", "-j", "2", p(&input), "-o", p(&out_dir)])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !out_dir.join("f000.svg").exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let written = listing(&out_dir);
    match out.status.code() {
        Some(130) => assert!(written.len() < FILES, "interrupted, yet all written"),
        Some(0) => assert_eq!(written.len(), FILES),
        other => panic!("unexpected status {other:?}: {}", stderr(&out)),
    }
    for name in &written {
        assert!(
            name.ends_with(".svg") && !name.contains(".tmp"),
            "stray {name}"
        );
        assert_eq!(
            fs::read(out_dir.join(name)).unwrap(),
            reference.stdout,
            "{name} is whole"
        );
    }
}

// ---------------------------------------------------------------- whole-program

#[test]
fn every_example_checks_and_builds() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let out = run(&["check", "--format", "json", p(&examples)]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let ws = tempfile::tempdir().unwrap();
    let out = run(&["build", p(&examples), "-o", p(ws.path())]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let flows = fs::read_dir(&examples)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "flow"))
        })
        .count();
    assert_eq!(listing(ws.path()).len(), flows);
}

/// Garbage in: a clear failure (exit 1) with diagnostics, never an internal error.
#[test]
fn hostile_inputs_fail_cleanly() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut noise = Vec::new();
    for _ in 0..4096 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        noise.push((seed >> 24) as u8);
    }
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("nul bytes", vec![0; 64]),
        ("random bytes", noise),
        ("open braces", "power \"x\" {".repeat(20_000).into_bytes()),
        (
            "long line",
            format!("step a \"{}\"", "长".repeat(200_000)).into_bytes(),
        ),
        ("arrows only", "->".repeat(50_000).into_bytes()),
        ("unterminated", b"start a \"never closed\n".to_vec()),
    ];
    for (what, bytes) in inputs {
        for sub in ["check", "build"] {
            let out = run_stdin(&[sub, "-"], &bytes);
            assert_eq!(code(&out), 1, "{sub} {what}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(!err.contains("internal error"), "{sub} {what}: {err}");
            assert!(
                err.contains("error["),
                "{sub} {what}: a diagnostic, got {err}"
            );
            assert!(out.stdout.is_empty(), "{sub} {what}: nothing built");
        }
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let bad = case("bad.flow");
    let always = run(&["check", "--color", "always", p(&bad)]);
    assert!(stderr(&always).contains("\x1b["), "{}", stderr(&always));
    // `auto` with stderr captured (not a terminal): plain text.
    for args in [["--color", "never"], ["--color", "auto"]] {
        let mut all = vec!["check"];
        all.extend(args);
        all.push(p(&bad));
        let out = run(&all);
        assert!(!stderr(&out).contains('\x1b'), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn o_with_a_trailing_slash_is_a_folder_for_one_file() {
    let ws = workspace(&["ok.flow"]);
    let out_dir = format!("{}/charts/", p(ws.path()));
    let out = run(&["build", p(&ws.path().join("ok.flow")), "-o", &out_dir]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(ws.path().join("charts/ok.svg").is_file());
}

#[test]
fn a_denied_lint_explains_itself() {
    let out = run(&["check", "--deny", "missing-deadline", p(&case("lint.flow"))]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("error[missing-deadline]"), "{err}");
    assert!(
        err.contains("= note: `missing-deadline` is a warning made an error by `--deny`"),
        "{err}"
    );
    assert!(err.contains("warning[missing-power]"), "{err}");
}

#[test]
fn a_flow_without_power_is_titled_with_its_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("无标题流程.flow");
    std::fs::write(
        &input,
        "start a \"开始\"\nstep b \"办理\"\nend c\na -> b -> c\n",
    )
    .unwrap();
    let out = run(&["build", "-A", "warnings", p(&input)]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let svg = std::fs::read_to_string(dir.path().join("无标题流程.svg")).unwrap();
    assert!(svg.contains(">无标题流程<"), "title missing");
    assert!(
        !svg.contains("无标题流程.flow"),
        "the title keeps no extension"
    );
}
