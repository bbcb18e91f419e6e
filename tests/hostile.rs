//! Hostile inputs: what clerks really feed flowc (files copied from Word,
//! half-finished, binary, huge) must never crash it, hang it or destroy work.
//!
//! Most tests run the real binary with a deadline (a hang is killed and fails
//! the test) and assert:
//! - the exit status is 0, 1 or 2 — never a signal, never a panic's 101;
//! - where the input is bad, a diagnostic located as `FILE:LINE:COL`;
//! - for `build`, a failed build leaves an existing output byte-for-byte as it
//!   was, and no temporary file behind.
//!
//! Small inputs live in `tests/cases/hostile/`; large ones are generated here.
//! With `FLOWC_HOSTILE_DUMP=DIR` every generated input is also written to DIR
//! (for measuring time and memory by hand, see docs/robustness.md).
//!
//! The second half runs the library in-process: every case file through the
//! whole pipeline with the fuzz targets' assertions, and property tests on
//! random well-formed flows.

use std::ffi::OsString;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use flowc::layout::{self, Direction, LayoutOptions};
use flowc::render::{self, SvgOptions};
use flowc::{verify, Source};
use quick_xml::events::Event;
use quick_xml::Reader;

/// Deadline for `check`, and for `build` of ordinary-sized inputs.
const CHECK_LIMIT: Duration = Duration::from_secs(20);
/// Deadline for `build` of the huge graphs (100,000 nodes; 10,000 edges).
const BIG_BUILD_LIMIT: Duration = Duration::from_secs(60);
/// What a previous successful build left in the output file.
const PREVIOUS: &[u8] =
    b"<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- yesterday's chart --></svg>\n";

/// Heavy tests take this lock so that two of them never compete for the
/// (shared, two-core) machine and trip each other's deadlines.
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    HEAVY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/hostile")
}

// ---------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------

/// One finished run of the binary.
struct Run {
    code: i32,
    stderr: String,
    stderr_bytes: Vec<u8>,
    elapsed: Duration,
    what: String,
}

impl Run {
    /// Fails unless the exit status is one of `codes`.
    fn expect_code(&self, codes: &[i32]) -> &Self {
        assert!(
            codes.contains(&self.code),
            "{}: exit status {} (wanted one of {codes:?})\nstderr (first 2000 bytes):\n{}",
            self.what,
            self.code,
            head(&self.stderr, 2000)
        );
        self
    }

    /// Fails unless stderr has a diagnostic located at `file:line:` (any column).
    fn expect_located(&self, file: &str, line: usize) -> &Self {
        let at = format!("{file}:{line}:");
        let found = self.stderr.match_indices(&at).any(|(i, _)| {
            self.stderr[i + at.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        });
        assert!(
            found,
            "{}: no diagnostic located at {at}COL\nstderr (first 2000 bytes):\n{}",
            self.what,
            head(&self.stderr, 2000)
        );
        self
    }

    /// Fails unless stderr has a diagnostic at exactly `file:line:col`.
    fn expect_at(&self, file: &str, line: usize, col: usize) -> &Self {
        let at = format!("{file}:{line}:{col}");
        let found = self.stderr.match_indices(&at).any(|(i, _)| {
            !self.stderr[i + at.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        });
        assert!(
            found,
            "{}: no diagnostic at {at}\nstderr (first 2000 bytes):\n{}",
            self.what,
            head(&self.stderr, 2000)
        );
        self
    }

    /// Fails if stderr carries raw terminal controls (ESC, NUL, bidi overrides)
    /// copied from the input: diagnostics must not let a file drive the terminal.
    fn expect_clean_stderr(&self) -> &Self {
        let bad = self.stderr_bytes.iter().position(|&b| {
            b == 0x1b || b == 0 || b == 0x07 || b == 0x08 || b == b'\r' || b == 0x7f
        });
        assert!(
            bad.is_none(),
            "{}: stderr carries a raw control byte at {:?}:\n{:?}",
            self.what,
            bad,
            head(&self.stderr, 2000)
        );
        let bidi = self.stderr.chars().find(|c| is_bidi_control(*c));
        assert!(
            bidi.is_none(),
            "{}: stderr carries a raw bidi control {:?}:\n{}",
            self.what,
            bidi,
            head(&self.stderr, 2000)
        );
        self
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn head(s: &str, n: usize) -> &str {
    &s[..flowc::source::floor_char_boundary(s, n)]
}

/// Runs `flowc ARGS` in `dir` with English messages and no colour, killing it
/// (and failing) after `limit`. Fails if it died of a signal or panicked.
fn flowc_in(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    let what = format!("flowc {}", args_display(&args));
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowc"))
        .args(&args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what}: still running after {limit:?}; killed (a hang)");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("{what}: wait failed: {e}"),
        }
    };
    let elapsed = started.elapsed();
    // Drained so that a chatty child never blocks on a full pipe.
    let _stdout = out_reader.join().unwrap_or_default();
    let stderr_bytes = err_reader.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr_bytes).into_owned();
    let Some(code) = status.code() else {
        panic!(
            "{what}: killed by signal {:?} (stack overflow or abort?)\nstderr:\n{}",
            status.signal(),
            head(&stderr, 2000)
        );
    };
    assert!(
        matches!(code, 0..=2),
        "{what}: exit status {code} (a panic?)\nstderr:\n{}",
        head(&stderr, 4000)
    );
    assert!(
        !stderr.contains("panicked at"),
        "{what}: panicked\n{}",
        head(&stderr, 4000)
    );
    Run {
        code,
        stderr,
        stderr_bytes,
        elapsed,
        what,
    }
}

fn args_display(args: &[OsString]) -> String {
    args.iter()
        .map(|a| {
            let s = a.to_string_lossy();
            if s.len() > 60 {
                format!("{}…", head(&s, 60))
            } else {
                s.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A scratch directory with one input file in it.
struct Case {
    dir: tempfile::TempDir,
    name: String,
}

impl Case {
    fn new(name: &str, bytes: &[u8]) -> Case {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(name), bytes).expect("write input");
        if let Some(dump) = std::env::var_os("FLOWC_HOSTILE_DUMP") {
            let dump = PathBuf::from(dump);
            let _ = std::fs::create_dir_all(&dump);
            let _ = std::fs::write(dump.join(name), bytes);
        }
        Case {
            dir,
            name: name.to_string(),
        }
    }

    fn from_file(name: &str) -> Case {
        let bytes = std::fs::read(cases_dir().join(name))
            .unwrap_or_else(|e| panic!("tests/cases/hostile/{name}: {e}"));
        Case::new(name, &bytes)
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn check(&self, limit: Duration) -> Run {
        flowc_in(self.path(), &["check", &self.name], limit)
    }

    /// `flowc build NAME -o out.svg` over an existing `out.svg`.
    fn build_over_existing(&self, limit: Duration) -> (Run, Vec<u8>) {
        let out = self.path().join("out.svg");
        std::fs::write(&out, PREVIOUS).expect("write previous output");
        let run = flowc_in(self.path(), &["build", &self.name, "-o", "out.svg"], limit);
        let now = std::fs::read(&out).unwrap_or_default();
        (run, now)
    }

    /// Names of the files in the scratch directory, sorted.
    fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .expect("read scratch dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The input and `out.svg`, sorted: all a build may leave in the directory.
    fn expected_listing(&self) -> Vec<String> {
        let mut names = vec!["out.svg".to_string(), self.name.clone()];
        names.sort();
        names
    }

    /// A failing build must leave the previous output untouched and nothing else behind.
    fn expect_failed_build_keeps_output(&self, limit: Duration) -> Run {
        let (run, now) = self.build_over_existing(limit);
        run.expect_code(&[1]);
        assert!(
            now == PREVIOUS,
            "{}: a failed build changed the existing output ({} bytes now)",
            run.what,
            now.len()
        );
        assert_eq!(
            self.listing(),
            self.expected_listing(),
            "{}: files left behind",
            run.what
        );
        run
    }

    /// A successful build must replace the output with a well-formed SVG.
    fn expect_successful_build(&self, limit: Duration) -> (Run, String) {
        let (run, now) = self.build_over_existing(limit);
        run.expect_code(&[0]);
        let svg = String::from_utf8(now).expect("SVG is UTF-8");
        assert_ne!(svg.as_bytes(), PREVIOUS, "{}: output not written", run.what);
        assert_well_formed_svg(&svg).unwrap_or_else(|e| panic!("{}: {e}", run.what));
        assert_eq!(
            self.listing(),
            self.expected_listing(),
            "{}: files left behind",
            run.what
        );
        (run, svg)
    }
}

// ---------------------------------------------------------------------------
// SVG inspection
// ---------------------------------------------------------------------------

/// Elements a flowc chart may contain. Anything else (script, foreignObject,
/// a, image, iframe, use…) would be a way for a file to smuggle in active content.
const ALLOWED_ELEMENTS: &[&str] = &[
    "svg", "g", "defs", "marker", "style", "title", "desc", "metadata", "rect", "ellipse",
    "circle", "polygon", "polyline", "path", "line", "text", "tspan", "clipPath", "pattern",
];

/// The text nodes of a well-formed SVG, in order; an error if it is not
/// well-formed or carries active content.
fn assert_well_formed_svg(svg: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(svg);
    let mut depth: usize = 0;
    let mut roots = 0;
    let mut texts = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "SVG not well-formed at byte {}: {e}",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(e) => {
                if depth == 0 {
                    roots += 1;
                }
                check_element(&e)?;
                depth += 1;
            }
            Event::Empty(e) => {
                if depth == 0 {
                    roots += 1;
                }
                check_element(&e)?;
            }
            Event::End(_) => {
                depth = depth.checked_sub(1).ok_or("unbalanced end tag in SVG")?;
            }
            Event::Text(t) => {
                texts.push(
                    t.decode()
                        .map_err(|e| format!("bad text: {e}"))?
                        .into_owned(),
                );
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| format!("bad reference: {e}"))?;
                let resolved = match name.as_ref() {
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "amp" => "&".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => return Err(format!("unknown entity &{other}; in SVG")),
                    },
                };
                match texts.last_mut() {
                    Some(last) => last.push_str(&resolved),
                    None => texts.push(resolved),
                }
            }
            Event::CData(_) => return Err("CDATA section in SVG".into()),
            Event::DocType(_) => return Err("DOCTYPE in SVG (entity tricks)".into()),
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err("SVG has unclosed elements".into());
    }
    if roots != 1 {
        return Err(format!("SVG has {roots} root elements"));
    }
    Ok(texts)
}

fn check_element(e: &quick_xml::events::BytesStart<'_>) -> Result<(), String> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    if !ALLOWED_ELEMENTS.contains(&name.as_str()) {
        return Err(format!("SVG contains a <{name}> element"));
    }
    for attr in e.attributes() {
        let attr = attr.map_err(|err| format!("bad attribute on <{name}>: {err}"))?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = String::from_utf8_lossy(&attr.value).into_owned();
        if key.to_ascii_lowercase().starts_with("on") {
            return Err(format!("<{name}> has an event attribute {key}"));
        }
        if key.ends_with("href") {
            return Err(format!("<{name}> has a link attribute {key}={value:?}"));
        }
        if value.contains("PWN") {
            return Err(format!(
                "user text reached attribute {key}={value:?} of <{name}>"
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Small hostile files (tests/cases/hostile/)
// ---------------------------------------------------------------------------

#[test]
fn empty_file_reports_missing_start_at_line_one() {
    let case = Case::new("empty.flow", b"");
    let run = case.check(CHECK_LIMIT);
    run.expect_code(&[1]).expect_located("empty.flow", 1);
    assert!(run.stderr.contains("start"), "{}", run.stderr);
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn only_a_bom_is_like_an_empty_file() {
    let case = Case::new("bom.flow", "\u{FEFF}".as_bytes());
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_located("bom.flow", 1);
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn bom_then_a_good_flow_builds() {
    let case = Case::new(
        "bom-good.flow",
        "\u{FEFF}start a\nend b\na -> b\n".as_bytes(),
    );
    case.check(CHECK_LIMIT).expect_code(&[0]);
}

#[test]
fn binary_data_is_rejected_with_a_location() {
    // A deterministic 64 KiB of noise (xorshift), as if a .docx were renamed.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..65_536)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let case = Case::new("noise.flow", &bytes);
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_located("noise.flow", 1)
        .expect_clean_stderr();
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn a_zip_file_renamed_to_flow_is_rejected() {
    let mut bytes = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
    bytes.extend_from_slice(b"[Content_Types].xml\x00\x00\xff\xfe\x00");
    bytes.extend(std::iter::repeat_n(0u8, 300));
    let case = Case::new("report.docx.flow", &bytes);
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_located("report.docx.flow", 1)
        .expect_clean_stderr();
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn invalid_utf8_is_located_at_the_bad_byte() {
    // Line 3, column 6: the byte 0xFF after `a -> `.
    let case = Case::from_file("invalid-utf8.flow");
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_at("invalid-utf8.flow", 3, 6)
        .expect_clean_stderr();
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn invalid_utf8_inside_a_string_is_still_an_error() {
    // A GBK-encoded label (Word "save as text" in a Chinese locale): 审核 in GBK.
    let case = Case::new("gbk.flow", b"start a \"\xc9\xf3\xba\xcb\"\nend b\na -> b\n");
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_at("gbk.flow", 1, 10);
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn nul_and_control_characters_are_located_and_not_echoed_raw() {
    let case = Case::from_file("control-chars.flow");
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_located("control-chars.flow", 2)
        .expect_clean_stderr();
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn bidi_override_outside_a_string_is_an_error_not_echoed_raw() {
    // `a -> b` written with U+202E between the arrow and the target.
    let case = Case::from_file("bidi.flow");
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_located("bidi.flow", 3)
        .expect_clean_stderr();
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn bidi_override_inside_a_string_stays_text() {
    // Whether flowc accepts it or refuses it, the SVG (if any) is well-formed
    // and the override is confined to text.
    let case = Case::new(
        "bidi-string.flow",
        "start a \"申请\u{202E}人\"\nend b\na -> b\n".as_bytes(),
    );
    let (run, now) = case.build_over_existing(CHECK_LIMIT);
    run.expect_code(&[0, 1]);
    if run.code == 0 {
        let svg = String::from_utf8(now).expect("UTF-8 SVG");
        assert_well_formed_svg(&svg).unwrap_or_else(|e| panic!("{e}"));
    } else {
        run.expect_at("bidi-string.flow", 1, 12)
            .expect_clean_stderr();
        assert_eq!(now, PREVIOUS);
    }
}

#[test]
fn unterminated_string_is_located_on_its_line() {
    let case = Case::from_file("unterminated-string.flow");
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_located("unterminated-string.flow", 2);
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn unterminated_brace_is_reported() {
    let case = Case::from_file("unterminated-brace.flow");
    let run = case.check(CHECK_LIMIT);
    run.expect_code(&[1]);
    assert!(
        run.stderr.contains("unterminated-brace.flow:"),
        "no located diagnostic:\n{}",
        run.stderr
    );
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn number_overflowing_u64_is_a_located_error() {
    let case = Case::from_file("u64-overflow.flow");
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_located("u64-overflow.flow", 3);
    case.expect_failed_build_keeps_output(CHECK_LIMIT);
}

#[test]
fn deadline_sums_near_u64_max_do_not_overflow() {
    // Three steps of 18446744073709551615 日 each along one path, limit 1 日:
    // the over-limit sum must saturate or be checked, never wrap or panic.
    let case = Case::from_file("sum-overflow.flow");
    let run = case.check(CHECK_LIMIT);
    run.expect_code(&[0, 1]);
    assert!(
        run.stderr.contains("over-limit"),
        "over-limit not reported:\n{}",
        run.stderr
    );
}

#[test]
fn crlf_lf_mix_checks_and_columns_ignore_cr() {
    let case = Case::from_file("crlf-mix.flow");
    // Line 5 is `s -> nowhere\r\n`: the unknown node at column 6.
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_at("crlf-mix.flow", 5, 6)
        .expect_clean_stderr();
}

#[test]
fn crlf_good_flow_builds_the_same_as_lf() {
    let lf = "start a \"申请\"\nstep b @p deadline 1 日\nend c\npost p { duty \"x\" staff \"y\" }\na -> b -> c\n";
    let crlf = lf.replace('\n', "\r\n");
    // Same file name (each case has its own folder): the name is the title.
    let one = Case::new("flow.flow", lf.as_bytes());
    let two = Case::new("flow.flow", crlf.as_bytes());
    let (_, a) = one.expect_successful_build(CHECK_LIMIT);
    let (_, b) = two.expect_successful_build(CHECK_LIMIT);
    assert_eq!(a, b, "CRLF changed the drawing");
}

// ---------------------------------------------------------------------------
// Files, directories and output safety
// ---------------------------------------------------------------------------

#[test]
fn a_directory_named_flow_is_an_io_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("dir.flow")).expect("mkdir");
    let run = flowc_in(dir.path(), &["check", "dir.flow"], CHECK_LIMIT);
    run.expect_code(&[2]);
    assert!(run.stderr.contains("dir.flow"), "{}", run.stderr);
    let out = dir.path().join("out.svg");
    std::fs::write(&out, PREVIOUS).expect("write");
    let run = flowc_in(
        dir.path(),
        &["build", "dir.flow", "-o", "out.svg"],
        CHECK_LIMIT,
    );
    run.expect_code(&[2]);
    assert_eq!(std::fs::read(&out).expect("read"), PREVIOUS);
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = flowc_in(dir.path(), &["check", "no-such.flow"], CHECK_LIMIT);
    run.expect_code(&[2]);
    assert!(run.stderr.contains("no-such.flow"), "{}", run.stderr);
}

#[test]
fn an_unreadable_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case::new("secret.flow", b"start a\nend b\na -> b\n");
    let path = case.path().join("secret.flow");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&path).is_ok() {
        // Running as root: permissions do not stop us, so there is nothing to test.
        eprintln!("skipped: the test runs with permission to read mode-000 files (root)");
        return;
    }
    let run = case.check(CHECK_LIMIT);
    run.expect_code(&[2]);
    assert!(run.stderr.contains("secret.flow"), "{}", run.stderr);
}

#[test]
fn building_onto_the_input_itself_never_destroys_it() {
    let text = b"start a\nend b\na -> b\n";
    let case = Case::new("work.flow", text);
    let run = flowc_in(
        case.path(),
        &["build", "work.flow", "-o", "work.flow"],
        CHECK_LIMIT,
    );
    run.expect_code(&[2]);
    assert_eq!(
        std::fs::read(case.path().join("work.flow")).expect("read"),
        text,
        "the source file was overwritten"
    );
    // The same through a symlink named like an output.
    std::os::unix::fs::symlink("work.flow", case.path().join("link.svg")).expect("symlink");
    let run = flowc_in(
        case.path(),
        &["build", "work.flow", "-o", "link.svg"],
        CHECK_LIMIT,
    );
    run.expect_code(&[0, 2]);
    assert_eq!(
        std::fs::read(case.path().join("work.flow")).expect("read"),
        text,
        "the source file was overwritten through a symlink"
    );
}

#[test]
fn output_into_a_missing_directory_is_created_or_refused() {
    // flowc may create the missing folders (like `mkdir -p`) or refuse with
    // status 2; either way nothing half-written is left.
    let case = Case::new("ok.flow", b"start a\nend b\na -> b\n");
    let run = flowc_in(
        case.path(),
        &["build", "ok.flow", "-o", "no/such/dir/out.svg"],
        CHECK_LIMIT,
    );
    run.expect_code(&[0, 2]);
    let out = case.path().join("no/such/dir/out.svg");
    if run.code == 0 {
        let svg = std::fs::read_to_string(&out).expect("output written");
        assert_well_formed_svg(&svg).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<String> = std::fs::read_dir(case.path().join("no/such/dir"))
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["out.svg".to_string()], "files left behind");
    } else {
        assert_eq!(case.listing(), vec!["ok.flow".to_string()]);
    }
}

#[test]
fn output_onto_a_directory_writes_inside_it_or_refuses_and_keeps_it() {
    let case = Case::new("ok.flow", b"start a\nend b\na -> b\n");
    std::fs::create_dir(case.path().join("out.svg")).expect("mkdir");
    std::fs::write(case.path().join("out.svg/keep.txt"), b"keep").expect("write");
    let run = flowc_in(
        case.path(),
        &["build", "ok.flow", "-o", "out.svg"],
        CHECK_LIMIT,
    );
    run.expect_code(&[0, 2]);
    assert_eq!(
        std::fs::read(case.path().join("out.svg/keep.txt")).expect("read"),
        b"keep"
    );
    if run.code == 0 {
        // `-o DIR` names a folder: the chart goes inside it.
        let svg = std::fs::read_to_string(case.path().join("out.svg/ok.svg"))
            .expect("the chart written inside the folder");
        assert_well_formed_svg(&svg).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn an_error_after_more_warnings_than_the_display_cap_is_still_shown() {
    // 300 steps with no post and no deadline (600 warnings), then one edge to
    // an unknown node: with the output capped, the one error is what the
    // clerk must see — not 200 warnings and "… 1 more error not shown".
    let mut text = String::from("start s\nend e\n");
    for i in 0..300 {
        text.push_str(&format!("step n{i}\n"));
    }
    text.push_str("s -> n0\n");
    for i in 0..299 {
        text.push_str(&format!("n{i} -> n{}\n", i + 1));
    }
    text.push_str("n299 -> e\n");
    text.push_str("n299 -> 不存在\n");
    let line = text.lines().count();
    let case = Case::new("buried.flow", text.as_bytes());
    let run = case.check(CHECK_LIMIT);
    run.expect_code(&[1]).expect_located("buried.flow", line);
    assert!(
        run.stderr.contains("error["),
        "the error is not shown:\n{}",
        &run.stderr[flowc::source::floor_char_boundary(
            &run.stderr,
            run.stderr.len().saturating_sub(800)
        )..]
    );
}

#[test]
fn a_failed_build_with_lint_denied_keeps_the_output() {
    // The flow is valid but has a missing-deadline lint; denying it fails the build.
    let case = Case::new("lint.flow", b"start a\nstep s\nend b\na -> s -> b\n");
    let out = case.path().join("out.svg");
    std::fs::write(&out, PREVIOUS).expect("write");
    let run = flowc_in(
        case.path(),
        &["build", "lint.flow", "-o", "out.svg", "--deny", "warnings"],
        CHECK_LIMIT,
    );
    run.expect_code(&[1]).expect_located("lint.flow", 2);
    assert_eq!(std::fs::read(&out).expect("read"), PREVIOUS);
    assert_eq!(
        case.listing(),
        vec!["lint.flow".to_string(), "out.svg".to_string()]
    );
}

#[test]
fn ctrl_c_during_a_build_leaves_the_old_output_or_a_whole_new_one() {
    let _guard = heavy();
    let case = Case::new("chain.flow", chain(30_000).as_bytes());
    let out = case.path().join("out.svg");
    for delay_ms in [50u64, 400, 1500] {
        std::fs::write(&out, PREVIOUS).expect("write previous output");
        let mut child = Command::new(env!("CARGO_BIN_EXE_flowc"))
            .args(["build", "chain.flow", "-o", "out.svg"])
            .current_dir(case.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let started = Instant::now();
        let status = loop {
            if let Ok(Some(status)) = child.try_wait() {
                break status;
            }
            if started.elapsed() > BIG_BUILD_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("flowc ignored Ctrl-C for {BIG_BUILD_LIMIT:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let now = std::fs::read(&out).expect("out.svg still exists");
        if now != PREVIOUS {
            let svg = String::from_utf8(now).expect("UTF-8");
            assert_well_formed_svg(&svg)
                .unwrap_or_else(|e| panic!("after Ctrl-C at {delay_ms} ms ({status}): {e}"));
        }
        assert_eq!(
            case.listing(),
            case.expected_listing(),
            "after Ctrl-C at {delay_ms} ms ({status}): files left behind"
        );
    }
}

// ---------------------------------------------------------------------------
// Markup injection
// ---------------------------------------------------------------------------

#[test]
fn markup_in_every_text_field_stays_text() {
    let case = Case::from_file("injection.flow");
    let (run, svg) = case.expect_successful_build(CHECK_LIMIT);
    let texts = assert_well_formed_svg(&svg).unwrap_or_else(|e| panic!("{}: {e}", run.what));
    let all: String = texts.concat();
    let squeezed: String = all.chars().filter(|c| !c.is_whitespace()).collect();
    for needle in ["<script>PWN", "PWN-node", "PWN-label", "PWN-power"] {
        assert!(
            squeezed.contains(needle),
            "{needle:?} not shown as text in the SVG (escaped away or dropped?)"
        );
    }
    assert!(!svg.contains("<script"), "raw <script in the SVG");
    // Same input, same bytes.
    let (_, again) = case.expect_successful_build(CHECK_LIMIT);
    assert_eq!(svg, again, "two builds gave different bytes");
}

#[test]
fn markup_in_json_exports_stays_valid_json() {
    let case = Case::from_file("injection.flow");
    for format in ["json", "layout-json"] {
        let out = format!("out.{format}");
        let run = flowc_in(
            case.path(),
            &["build", "injection.flow", "--format", format, "-o", &out],
            CHECK_LIMIT,
        );
        run.expect_code(&[0]);
        let text = std::fs::read_to_string(case.path().join(&out)).expect("read export");
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{format}: invalid JSON: {e}"));
        assert!(
            value.to_string().contains("PWN-node"),
            "{format}: the node text is missing"
        );
    }
}

// ---------------------------------------------------------------------------
// Big inputs (generated)
// ---------------------------------------------------------------------------

#[test]
fn hundred_thousand_nested_braces_do_not_overflow_the_stack() {
    let _guard = heavy();
    let mut text = String::from("power \"x\" ");
    text.push_str(&"{".repeat(100_000));
    text.push('\n');
    let case = Case::new("nested.flow", text.as_bytes());
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_located("nested.flow", 1);
    let bare = Case::new("braces.flow", "{".repeat(100_000).as_bytes());
    bare.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_located("braces.flow", 1);
}

#[test]
fn a_label_of_millions_of_characters_is_handled_in_time() {
    let _guard = heavy();
    // 3,000,000 characters, CJK and Latin mixed: 7.5 MB.
    let label = "审核通过abc".repeat(3_000_000 / 7);
    let text = format!("start a\nend b\na -> b : \"{label}\"\n");
    let case = Case::new("long-label.flow", text.as_bytes());
    let (run, now) = case.build_over_existing(BIG_BUILD_LIMIT);
    run.expect_code(&[0, 1]);
    if run.code == 0 {
        let svg = String::from_utf8(now).expect("UTF-8");
        assert_well_formed_svg(&svg).unwrap_or_else(|e| panic!("{e}"));
    } else {
        run.expect_located("long-label.flow", 3);
        assert_eq!(now, PREVIOUS);
    }
}

#[test]
fn node_text_of_millions_of_characters_is_handled_in_time() {
    let _guard = heavy();
    let body = "申请人提交申请材料 and more words ".repeat(100_000);
    let text = format!("start a \"{body}\"\nend b\na -> b\n");
    let case = Case::new("long-text.flow", text.as_bytes());
    let (run, now) = case.build_over_existing(BIG_BUILD_LIMIT);
    run.expect_code(&[0, 1]);
    if run.code == 0 {
        let svg = String::from_utf8(now).expect("UTF-8");
        assert_well_formed_svg(&svg).unwrap_or_else(|e| panic!("{e}"));
    } else {
        run.expect_located("long-text.flow", 1);
        assert_eq!(now, PREVIOUS);
    }
}

#[test]
fn identifiers_of_megabytes_are_handled_in_time() {
    let _guard = heavy();
    let id = "节".repeat(700_000); // 2.1 MB
    let text = format!("start {id}\nend b\n{id} -> b\n");
    let case = Case::new("long-id.flow", text.as_bytes());
    case.check(CHECK_LIMIT).expect_code(&[0, 1]);
}

#[test]
fn did_you_mean_on_megabyte_identifiers_does_not_hang() {
    let _guard = heavy();
    // The unknown name differs from a declared one in its last character: a
    // naive edit distance over two 1 MB strings is 10^12 steps.
    let x = "x".repeat(1_000_000);
    let text = format!("start s\nend e\ns -> {x}a -> e\nstep {x}b\n");
    let case = Case::new("long-typo.flow", text.as_bytes());
    case.check(CHECK_LIMIT)
        .expect_code(&[1])
        .expect_located("long-typo.flow", 3);
}

/// A valid chain `start → n1 → … → end` of `n` nodes, one per line.
fn chain(n: usize) -> String {
    let mut text = String::with_capacity(n * 40);
    text.push_str("power \"链\" { limit 99999999 日 }\n");
    text.push_str("post p { duty \"办理\" staff \"某\" deadline 1 日 }\n");
    text.push_str("start n0 @p\n");
    for i in 1..n - 1 {
        text.push_str(&format!("step n{i} @p\n"));
    }
    text.push_str(&format!("end n{} @p\n", n - 1));
    for i in 0..n - 1 {
        text.push_str(&format!("n{i} -> n{}\n", i + 1));
    }
    text
}

#[test]
fn hundred_thousand_node_chain_checks_in_time() {
    let _guard = heavy();
    let case = Case::new("chain.flow", chain(100_000).as_bytes());
    let run = case.check(CHECK_LIMIT);
    run.expect_code(&[0]);
    assert!(
        !run.stderr.contains("error["),
        "errors on a valid chain:\n{}",
        head(&run.stderr, 2000)
    );
}

#[test]
fn hundred_thousand_arrows_in_one_statement_check_in_time() {
    let _guard = heavy();
    let n = 100_000;
    let mut text = String::from("start n0\n");
    for i in 1..n - 1 {
        text.push_str(&format!("step n{i}\n"));
    }
    text.push_str(&format!("end n{}\n", n - 1));
    let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
    text.push_str(&names.join(" -> "));
    text.push('\n');
    let case = Case::new("one-chain.flow", text.as_bytes());
    // Valid, with a missing-post and missing-deadline warning per step.
    case.check(CHECK_LIMIT).expect_code(&[0]);
}

#[test]
fn hundred_thousand_node_chain_builds_in_time() {
    let _guard = heavy();
    let case = Case::new("chain.flow", chain(100_000).as_bytes());
    let (run, svg) = case.expect_successful_build(BIG_BUILD_LIMIT);
    eprintln!(
        "{}: {:?}, {} bytes of SVG",
        run.what,
        run.elapsed,
        svg.len()
    );
}

/// 300 nodes and about 10,000 edges, every branch labelled, every node able to reach the end.
fn dense(nodes: usize, fan: usize) -> (String, usize) {
    let mut text = String::from("start s\nend e\n");
    let last = nodes - 2;
    for i in 1..=last {
        text.push_str(&format!("decide d{i} \"第{i}项\"\n"));
    }
    let mut edges = 0;
    text.push_str("s -> d1\n");
    edges += 1;
    for i in 1..=last {
        for j in i + 1..=(i + fan).min(last) {
            text.push_str(&format!("d{i} -> d{j} : \"{j}\"\n"));
            edges += 1;
        }
        text.push_str(&format!("d{i} -> e : \"完\"\n"));
        edges += 1;
    }
    text.push_str(&format!("d{last} -> d1 : \"重来\"\n"));
    edges += 1;
    (text, edges)
}

#[test]
fn dense_graph_checks_in_time() {
    let _guard = heavy();
    let (text, edges) = dense(300, 34);
    assert!(edges > 9_500, "{edges} edges");
    let case = Case::new("dense.flow", text.as_bytes());
    case.check(CHECK_LIMIT).expect_code(&[0]);
}

#[test]
fn dense_graph_builds_in_time() {
    let _guard = heavy();
    let (text, _) = dense(300, 34);
    let case = Case::new("dense.flow", text.as_bytes());
    let (run, svg) = case.expect_successful_build(BIG_BUILD_LIMIT);
    eprintln!(
        "{}: {:?}, {} bytes of SVG",
        run.what,
        run.elapsed,
        svg.len()
    );
}

/// The digit runs in `s`, as numbers.
fn numbers_in(s: &str) -> Vec<u64> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect()
}

fn assert_error_flood_is_capped(run: &Run, reported_at_least: u64) {
    let shown = run.stderr.matches("error[").count();
    assert!(shown >= 1, "no error shown:\n{}", head(&run.stderr, 2000));
    assert!(
        shown <= 1_000,
        "{shown} errors printed: a flood nobody reads (expected the first few hundred and a count)"
    );
    assert!(
        run.stderr.len() < 2_000_000,
        "{} bytes of diagnostics",
        run.stderr.len()
    );
    // The end of the output says how many more there were (or where it stopped):
    // what is shown plus that count reaches the number of errors known to exist.
    let tail = &run.stderr
        [flowc::source::floor_char_boundary(&run.stderr, run.stderr.len().saturating_sub(600))..];
    let tail_digits = tail.replace([',', '_', '\u{2009}'], "");
    assert!(
        numbers_in(&tail_digits)
            .iter()
            .any(|&n| n + shown as u64 >= reported_at_least),
        "the end of the output does not say how many errors there were \
         (shown {shown}, wanted a count reaching {reported_at_least}):\n{tail}"
    );
}

#[test]
fn tens_of_thousands_of_syntax_errors_are_capped_with_a_count() {
    let _guard = heavy();
    let mut text = String::from("start a\nend b\na -> b\n");
    for i in 0..30_000 {
        text.push_str(&format!("-> x{i}\n"));
    }
    let case = Case::new("syntax-flood.flow", text.as_bytes());
    let run = case.check(CHECK_LIMIT);
    run.expect_code(&[1]).expect_located("syntax-flood.flow", 4);
    // The parser may stop after a few hundred errors, saying so.
    assert_error_flood_is_capped(&run, 200);
}

#[test]
fn tens_of_thousands_of_unknown_names_are_capped_and_fast() {
    let _guard = heavy();
    // 10,000 declared nodes and 10,000 edges to unknown ones: a did-you-mean
    // that compares every unknown name with every node is 10^8 comparisons.
    let n = 10_000;
    let mut text = String::from("start s\nend e\ns -> e\n");
    for i in 0..n {
        text.push_str(&format!("step node{i}\n"));
    }
    for i in 0..n {
        text.push_str(&format!("node{i} -> typo{i}\n"));
    }
    let case = Case::new("name-flood.flow", text.as_bytes());
    let run = case.check(CHECK_LIMIT);
    run.expect_code(&[1])
        .expect_located("name-flood.flow", 4 + n);
    assert_error_flood_is_capped(&run, n as u64);
}

#[test]
fn fifteen_megabytes_of_comments_check_in_time() {
    let _guard = heavy();
    let mut text = String::with_capacity(16_000_000);
    while text.len() < 15_000_000 {
        text.push_str("# 备注：这一行只是注释 comment only\n");
    }
    text.push_str("start a\nend b\na -> b\n");
    let case = Case::new("comments.flow", text.as_bytes());
    case.check(CHECK_LIMIT).expect_code(&[0]);
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_name_and_keeps_output() {
    let _guard = heavy();
    // 65 MiB: beyond any limit flowc may set (the CLI reads at most 16 MiB,
    // the parser takes at most 64 MiB) and beyond what a flow could need.
    let mut text = String::from("start a\nend b\na -> b\n");
    text.push_str(&"#".repeat(65 * 1024 * 1024));
    let case = Case::new("huge.flow", text.as_bytes());
    let run = case.check(CHECK_LIMIT);
    run.expect_code(&[1, 2]);
    assert!(
        run.stderr.contains("huge.flow"),
        "{}",
        head(&run.stderr, 2000)
    );
    let (run, now) = case.build_over_existing(CHECK_LIMIT);
    run.expect_code(&[1, 2]);
    assert_eq!(now, PREVIOUS, "a refused build changed the output");
}

#[test]
fn one_line_of_ten_megabytes_gives_a_short_diagnostic() {
    let _guard = heavy();
    // An error at the end of a 10 MB line: the snippet shown must be cut.
    let mut text = " ".repeat(10_000_000);
    text.push_str("-> x\n");
    let case = Case::new("wide.flow", text.as_bytes());
    let run = case.check(CHECK_LIMIT);
    run.expect_code(&[1]).expect_located("wide.flow", 1);
    assert!(
        run.stderr.len() < 100_000,
        "{} bytes of stderr for one error",
        run.stderr.len()
    );
}

// ---------------------------------------------------------------------------
// In-process: every case file through the whole pipeline
// ---------------------------------------------------------------------------

/// What the `pipeline` fuzz target asserts, on one input.
fn pipeline_holds(name: &str, bytes: &[u8]) -> Result<(), String> {
    let source = Source::from_bytes(name, bytes);
    let checked = flowc::compile(&source);
    let has_error = checked.diagnostics.iter().any(|d| d.is_error());
    if checked.flow.is_some() == has_error {
        return Err("a flow must exist exactly when there is no error".into());
    }
    for d in &checked.diagnostics {
        if d.span.end as usize > source.text.len() || d.span.start > d.span.end {
            return Err(format!(
                "diagnostic {} has span {:?} outside the source",
                d.name, d.span
            ));
        }
    }
    let Some(flow) = checked.flow else {
        return Ok(());
    };
    for direction in [Direction::Down, Direction::Right] {
        let opts = LayoutOptions {
            direction,
            ..LayoutOptions::default()
        };
        let diagram = layout::layout(&flow, &opts);
        let violations = verify::verify(&diagram);
        if !violations.is_empty() {
            return Err(format!(
                "layout ({direction:?}) broke its invariants: {violations:#?}"
            ));
        }
        let svg = render::svg(&flow, &diagram, &SvgOptions::default());
        assert_well_formed_svg(&svg)?;
        let again = render::svg(&flow, &layout::layout(&flow, &opts), &SvgOptions::default());
        if svg != again {
            return Err(format!("same input, different SVG bytes ({direction:?})"));
        }
    }
    Ok(())
}

#[test]
fn every_hostile_case_file_survives_the_pipeline() {
    let mut failures = Vec::new();
    let mut seen = 0;
    let mut dirs = vec![cases_dir()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "flow") {
                continue;
            }
            seen += 1;
            let bytes = std::fs::read(&path).expect("read case");
            let name = path.display().to_string();
            let outcome = std::panic::catch_unwind(|| pipeline_holds(&name, &bytes));
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(e)) => failures.push(format!("{name}: {e}")),
                Err(_) => failures.push(format!("{name}: panicked")),
            }
        }
    }
    assert!(seen >= 10, "only {seen} case files found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The CLI runs each file on a thread with a 64 MiB stack; the library must
/// not need it. A 100,000-node chain through compile → layout → verify → SVG
/// on a thread with 2 MiB of stack (Rust's default for spawned threads) finds
/// any recursion per node in check, layout or render.
#[test]
fn hundred_thousand_node_chain_needs_no_big_stack() {
    let _guard = heavy();
    let text = chain(100_000);
    let worker = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || pipeline_holds("chain.flow", text.as_bytes()))
        .expect("spawn");
    match worker.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("{e}"),
        Err(_) => panic!("the pipeline panicked on a 100,000-node chain"),
    }
}

/// Fuzzer find (parse target, first minute): the `invalid-utf8` span was one
/// byte wide, splitting the 3-byte U+FFFD that replaces the bad byte in
/// `Source::text`, so `&text[span.range()]` would panic in any consumer.
#[test]
fn invalid_utf8_span_covers_the_replacement_character() {
    for bytes in [
        &b"start a\nend b\na -> \xff\n"[..],
        b"\xff",
        b"ab\xe5",
        b"start \xe5\xae a",
    ] {
        let source = Source::from_bytes("t.flow", bytes);
        let parsed = flowc::parse::parse(&source);
        let d = parsed
            .diagnostics
            .iter()
            .find(|d| d.name == "invalid-utf8")
            .unwrap_or_else(|| panic!("{bytes:?}: no invalid-utf8 diagnostic"));
        assert_eq!(
            source.text.get(d.span.range()),
            Some("\u{FFFD}"),
            "{bytes:?}: span {:?}",
            d.span
        );
    }
}

/// Found profiling the parse fuzz target: each syntax error made pest walk the
/// rest of the file (`Position::find_line_start` iterates from the end of its
/// input), so errors × file size. 199 errors in front of 8 MB of comments must
/// cost about what one error does, not ~100 times as much.
#[test]
fn syntax_errors_cost_no_rescan_of_the_rest_of_the_file() {
    let _guard = heavy();
    let comments = "# 备注 comment line that is only a comment\n".repeat(8_000_000 / 44);
    let with_errors = |n: usize| {
        let mut text = String::from("start a\nend b\na -> b\n");
        for i in 0..n {
            text.push_str(&format!("step s{i} @@\n"));
        }
        text.push_str(&comments);
        Source::new("t.flow", text)
    };
    let time = |source: &Source| {
        let started = Instant::now();
        let parsed = flowc::parse::parse(source);
        (started.elapsed(), parsed.diagnostics.len())
    };
    let one = with_errors(1);
    let many = with_errors(199);
    // Warm up, then take the best of two runs of each to damp the shared machine's noise.
    let _ = time(&one);
    let (t1a, n1) = time(&one);
    let (t1b, _) = time(&one);
    let (tma, nm) = time(&many);
    let (tmb, _) = time(&many);
    let (t1, tm) = (t1a.min(t1b), tma.min(tmb));
    assert!(n1 >= 1 && nm >= 199, "{n1} and {nm} diagnostics");
    assert!(
        tm < t1 * 8 + Duration::from_millis(200),
        "199 syntax errors took {tm:?}, one took {t1:?}: each error rescans the file"
    );
}

/// Fuzzer finds: every `fuzz-*.flow` through the binary too (exit 0/1, located).
#[test]
fn fuzz_regressions_through_the_binary() {
    let Ok(entries) = std::fs::read_dir(cases_dir()) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("fuzz-"))
        })
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let case = Case::from_file(&name);
        let run = case.check(CHECK_LIMIT);
        run.expect_code(&[0, 1]);
        if run.code == 1 {
            assert!(
                run.stderr.contains(&format!("{name}:")),
                "{name}: error without a location:\n{}",
                run.stderr
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Property tests: random well-formed flows
// ---------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A random flow that satisfies every check of LANGUAGE.md §5: one start,
    /// one end, everything reachable and able to reach the end, decisions with
    /// two or more uniquely labelled branches; loops back to earlier nodes.
    #[derive(Debug, Clone)]
    struct Shape {
        /// For each middle node: is it a decision?
        decide: Vec<bool>,
        /// Extra forward edges (from, to) as fractions, and back edges.
        extra: Vec<(u8, u8, bool)>,
        /// Node texts (index into a small pool of awkward strings).
        texts: Vec<u8>,
    }

    const TEXTS: &[&str] = &[
        "受理",
        "审查申请材料的合理性，提出是否准予许可的意见",
        "a",
        "Check the application form and all attachments carefully",
        "是否符合法定形式？",
        "<&>\"'",
        "一次性告知需补正的全部内容\n并出具通知书",
        "Ｗｉｄｅ　ｆｕｌｌｗｉｄｔｈ",
        "x",
        "🙂 emoji 表情",
    ];

    fn shape() -> impl Strategy<Value = Shape> {
        (1usize..14)
            .prop_flat_map(|n| {
                (
                    proptest::collection::vec(any::<bool>(), n),
                    proptest::collection::vec((any::<u8>(), any::<u8>(), any::<bool>()), 0..12),
                    proptest::collection::vec(any::<u8>(), n + 2),
                )
            })
            .prop_map(|(decide, extra, texts)| Shape {
                decide,
                extra,
                texts,
            })
    }

    /// The `.flow` text for a shape. Node 0 is start, `n+1` is end, 1..=n the middle.
    fn render_shape(s: &Shape) -> String {
        let n = s.decide.len();
        let text = |i: usize| {
            let t = TEXTS[s.texts[i] as usize % TEXTS.len()];
            t.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        };
        let mut out = String::from("power \"随机\" { limit 100 工作日 }\n");
        out.push_str("post p { duty \"办\" staff \"某\" deadline 1 工作日 }\n");
        out.push_str(&format!("start n0 \"{}\" @p\n", text(0)));
        for i in 1..=n {
            let kind = if s.decide[i - 1] { "decide" } else { "step" };
            out.push_str(&format!("{kind} n{i} \"{}\" @p\n", text(i)));
        }
        out.push_str(&format!("end n{} \"{}\"\n", n + 1, text(n + 1)));
        // Out-edges per node: the spine i -> i+1 first.
        let mut outs: Vec<Vec<usize>> = (0..=n).map(|i| vec![i + 1]).collect();
        for &(a, b, back) in &s.extra {
            let from = 1 + a as usize % n.max(1);
            if from > n {
                continue;
            }
            let to = if back {
                b as usize % (from + 1) // 0..=from: a loop back (or a self-loop)
            } else {
                from + 1 + b as usize % (n + 1 - from) // from+1..=n+1
            };
            if !outs[from].contains(&to) {
                outs[from].push(to);
            }
        }
        for (from, targets) in outs.iter_mut().enumerate() {
            let is_decide = from >= 1 && s.decide[from - 1];
            if is_decide && targets.len() < 2 {
                // A decision needs a second branch: straight to the end.
                if !targets.contains(&(n + 1)) {
                    targets.push(n + 1);
                } else {
                    targets.push(0);
                }
            }
            for (k, to) in targets.iter().enumerate() {
                if is_decide {
                    out.push_str(&format!("n{from} -> n{to} : \"分支{k}\"\n"));
                } else {
                    out.push_str(&format!("n{from} -> n{to}\n"));
                }
            }
        }
        out
    }

    proptest! {
        // A fixed seed: the same cases on every run (the suite is deterministic);
        // change the seed or raise `cases` to explore further.
        #![proptest_config(ProptestConfig {
            cases: 96,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x5EED_F10C),
            ..ProptestConfig::default()
        })]

        #[test]
        fn random_valid_flows_compile_lay_out_and_render(s in shape()) {
            let text = render_shape(&s);
            let source = Source::new("random.flow", text.clone());
            let checked = flowc::compile(&source);
            let errors: Vec<String> = checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| format!("{}: {}", d.name, d.message.en))
                .collect();
            prop_assert!(errors.is_empty(), "errors on a valid flow:\n{}\n{}", errors.join("\n"), text);
            prop_assert!(checked.flow.is_some());
            if let Err(e) = pipeline_holds("random.flow", text.as_bytes()) {
                prop_assert!(false, "{}\n{}", e, text);
            }
        }

        #[test]
        fn arbitrary_text_never_panics_and_spans_stay_inside(text in "\\PC{0,300}") {
            if let Err(e) = pipeline_holds("arbitrary.flow", text.as_bytes()) {
                prop_assert!(false, "{}\n{:?}", e, text);
            }
        }

        #[test]
        fn mutated_examples_never_panic(cut in 0usize..4000, junk in "[{}\"@:#\\->\\n 审核a-z0-9]{0,8}") {
            let example = include_str!("../examples/licensing.flow");
            let at = flowc::source::floor_char_boundary(example, cut.min(example.len()));
            let mut text = example[..at].to_string();
            text.push_str(&junk);
            text.push_str(&example[at..]);
            if let Err(e) = pipeline_holds("mutated.flow", text.as_bytes()) {
                prop_assert!(false, "{}\n{}", e, text);
            }
        }
    }
}
