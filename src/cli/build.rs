//! `flowc build`: check every input and write its chart (or layout/model JSON).
//!
//! Where outputs go ([`plan`]): beside each input by default; `-o -` to
//! standard output (one input); `-o FILE` for one file input; `-o DIR` when
//! there are several PATH arguments, a folder argument, or DIR exists or ends
//! in `/` — files found below a folder argument keep their relative path
//! under DIR, files named directly go to DIR's top. Missing folders are created.
//!
//! Every output is written to a temporary file in the target folder and renamed
//! over the target only when complete ([`write_atomic`]): a file with errors,
//! a failed write, or Ctrl-C never leaves a partial file nor touches the
//! previous output. On Ctrl-C workers start no new file and delete their
//! temporary files; a second Ctrl-C exits at once.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::args::{BuildOptions, OutputFormat};
use crate::cli::inputs::{self, Input, Item, Origin};
use crate::cli::messages;
use crate::cli::report::{self, FileReport, Heading};
use crate::cli::{eprint, guarded, Session, Status};
use crate::diagnostic::Lang;
use crate::layout::LayoutOptions;
use crate::model::Flow;
use crate::render::SvgOptions;

/// Set by the Ctrl-C handler.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Name used for standard input's output inside `-o DIR`.
const STDIN_STEM: &str = "stdin";

/// Where one input's output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Standard output.
    Stdout,
    /// A file (written atomically).
    File(PathBuf),
}

/// The outputs of a build: one target per item (`None` for path problems),
/// and the output folder to create first, if any.
#[derive(Debug)]
struct Plan {
    targets: Vec<Option<Target>>,
    out_dir: Option<PathBuf>,
}

/// Runs `flowc build`.
pub fn run(opts: &BuildOptions) -> Status {
    let session = match Session::new(&opts.common, false) {
        Ok(session) => session,
        Err(status) => return status,
    };
    let lang = opts.common.lang;
    let items = match inputs::resolve(&opts.common.paths, lang) {
        Ok(items) => items,
        Err(msg) => return session.usage_error(&msg),
    };
    let plan = match plan(&items, opts, lang) {
        Ok(plan) => plan,
        Err(msg) => return session.usage_error(&msg),
    };
    if let Some(dir) = &plan.out_dir {
        if let Err(err) = fs::create_dir_all(dir) {
            return session.usage_error(&messages::cannot_create_dir(dir, &err, lang));
        }
    }
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(Status::Interrupted.code()));
        }
    });
    let mut layout_opts = LayoutOptions {
        direction: opts.direction,
        ..LayoutOptions::default()
    };
    if let Some(w) = opts.max_width {
        layout_opts.max_text_width = w;
    }
    let mut svg_opts = SvgOptions::default();
    if let Some(font) = &opts.font {
        svg_opts.font_family = font.clone();
    }
    let job = Job {
        session: &session,
        format: opts.format,
        layout: &layout_opts,
        svg: &svg_opts,
    };
    let reports = session.process(&items, |i, input| {
        job.build_one(input, plan.targets.get(i).and_then(Option::as_ref))
    });
    let mut status = session.finish(&reports, true);
    if INTERRUPTED.load(Ordering::SeqCst) {
        eprint(&report::headline(
            Heading::Error,
            messages::interrupted(lang),
            &session.style,
        ));
        status = status.max(Status::Interrupted);
    }
    status
}

/// What every worker needs.
struct Job<'a> {
    session: &'a Session,
    format: OutputFormat,
    layout: &'a LayoutOptions,
    svg: &'a SvgOptions,
}

impl Job<'_> {
    /// Compiles one input and writes its output, unless it has errors or
    /// Ctrl-C was pressed.
    fn build_one(&self, input: &Input, target: Option<&Target>) -> FileReport {
        if INTERRUPTED.load(Ordering::SeqCst) {
            return FileReport {
                skipped: true,
                status: Status::Interrupted,
                ..FileReport::default()
            };
        }
        let (mut report, flow) = self.session.compile(input);
        let (Some(flow), Some(target)) = (flow, target) else {
            return report;
        };
        // A flow without a `power` header is titled with its file's name.
        let svg = SvgOptions {
            fallback_title: Some(title_from_name(&input.name)),
            ..self.svg.clone()
        };
        let text = match guarded(|| produce(&flow, self.format, self.layout, &svg)) {
            Ok(Ok(text)) => text,
            Ok(Err(what)) | Err(what) => {
                self.session.internal(&mut report, &input.name, &what);
                return report;
            }
        };
        match target {
            Target::Stdout => {
                report.stdout = Some(text);
                report.written = true;
            }
            Target::File(path) => match write_atomic(path, text.as_bytes()) {
                Ok(true) => report.written = true,
                Ok(false) => report.status = report.status.max(Status::Interrupted),
                Err(err) => {
                    let msg = messages::cannot_write(path, &err, self.session.style.lang);
                    report.problem(
                        &input.name,
                        "io-error",
                        &msg,
                        Status::Usage,
                        &self.session.style,
                    );
                }
            },
        }
        report
    }
}

/// The title of a flow without a `power` header: its file name without
/// folders and without `.flow`.
fn title_from_name(name: &str) -> String {
    let base = Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |b| b.to_string_lossy().into_owned());
    base.strip_suffix(".flow").unwrap_or(&base).to_string()
}

/// The output text of one flow in `format`.
fn produce(
    flow: &Flow,
    format: OutputFormat,
    layout: &LayoutOptions,
    svg: &SvgOptions,
) -> Result<String, String> {
    let json = |r: serde_json::Result<String>| r.map(|s| s + "\n").map_err(|e| e.to_string());
    match format {
        OutputFormat::Json => json(serde_json::to_string_pretty(flow)),
        OutputFormat::LayoutJson => {
            let diagram = crate::layout::layout(flow, layout);
            json(serde_json::to_string_pretty(&diagram))
        }
        OutputFormat::Svg => {
            let diagram = crate::layout::layout(flow, layout);
            Ok(crate::render::svg(flow, &diagram, svg))
        }
    }
}

/// How `-o` was understood.
#[derive(Debug)]
enum Mode<'a> {
    Beside,
    Stdout,
    File(&'a Path),
    Dir(&'a Path),
}

/// Decides every output path; refuses (usage error) outputs that would
/// collide, overwrite an input, or put several inputs into one file.
fn plan(items: &[Item], opts: &BuildOptions, lang: Lang) -> Result<Plan, String> {
    let paths = &opts.common.paths;
    if paths.iter().any(|p| inputs::is_stdin(p)) && paths.len() > 1 {
        return Err(messages::stdin_not_alone(lang));
    }
    let count = items.iter().filter(|i| matches!(i, Item::Input(_))).count();
    let mode = match &opts.output {
        None => Mode::Beside,
        Some(o) if inputs::is_stdin(o) => Mode::Stdout,
        Some(o) => {
            let dir_like = o.is_dir()
                || o.to_string_lossy()
                    .chars()
                    .last()
                    .is_some_and(std::path::is_separator)
                || paths.len() > 1
                || paths.iter().any(|p| p.is_dir());
            if dir_like {
                Mode::Dir(o)
            } else {
                Mode::File(o)
            }
        }
    };
    if matches!(mode, Mode::Stdout | Mode::File(_)) && count > 1 {
        let shown = opts
            .output
            .as_deref()
            .unwrap_or(Path::new("-"))
            .display()
            .to_string();
        return Err(messages::one_output_many_inputs(&shown, count, lang));
    }
    let ext = opts.format.extension();
    let targets: Vec<Option<Target>> = items
        .iter()
        .map(|item| match item {
            Item::Problem { .. } => None,
            Item::Input(input) => Some(target(input, &mode, ext)),
        })
        .collect();

    let mut seen: BTreeMap<&Path, &str> = BTreeMap::new();
    let inputs: BTreeSet<PathBuf> = items
        .iter()
        .filter_map(|item| match item {
            Item::Input(input) => input.path().and_then(|p| fs::canonicalize(p).ok()),
            Item::Problem { .. } => None,
        })
        .collect();
    for (item, target) in items.iter().zip(&targets) {
        let (Item::Input(input), Some(Target::File(path))) = (item, target) else {
            continue;
        };
        if let Some(first) = seen.insert(path, &input.name) {
            return Err(messages::output_collision(path, first, &input.name, lang));
        }
        if fs::canonicalize(path).is_ok_and(|c| inputs.contains(&c)) {
            return Err(messages::output_is_input(path, lang));
        }
    }
    let out_dir = match mode {
        Mode::Dir(d) => Some(d.to_path_buf()),
        _ => None,
    };
    Ok(Plan { targets, out_dir })
}

/// The output path of one input.
fn target(input: &Input, mode: &Mode, ext: &str) -> Target {
    match (mode, &input.origin) {
        (Mode::Stdout, _) | (Mode::Beside, Origin::Stdin(_)) => Target::Stdout,
        (Mode::File(f), _) => Target::File(f.to_path_buf()),
        (Mode::Beside, Origin::File { path, .. }) => {
            Target::File(path.with_file_name(output_name(path, ext)))
        }
        (Mode::Dir(dir), Origin::Stdin(_)) => Target::File(dir.join(format!("{STDIN_STEM}{ext}"))),
        (Mode::Dir(dir), Origin::File { path, below }) => {
            let rel = match below {
                Some((_, rel)) => rel.as_path(),
                None => Path::new(path.file_name().unwrap_or(path.as_os_str())),
            };
            Target::File(dir.join(rel).with_file_name(output_name(rel, ext)))
        }
    }
}

/// `a.flow` → `a.svg`; a name not ending in `.flow` keeps it whole (`a.txt` → `a.txt.svg`).
fn output_name(path: &Path, ext: &str) -> OsString {
    let stem = if path.extension().is_some_and(|e| e == "flow") {
        path.file_stem()
    } else {
        path.file_name()
    };
    let mut name = stem
        .map(OsString::from)
        .unwrap_or_else(|| OsString::from("flow"));
    name.push(ext);
    name
}

/// Writes `bytes` to `target` atomically: to a temporary file in the same
/// folder, then renamed over the target. Returns `false` (and deletes the
/// temporary file) when Ctrl-C came before the rename. The data is not
/// forced to disk first (no fsync, like cargo and rustc): this protects
/// against flowc failing or being stopped, not against a power cut, and
/// outputs can always be rebuilt.
fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<bool> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".flowc-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    set_permissions(tmp.as_file(), target)?;
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Ok(false);
    }
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(true)
}

/// Gives the new file the permissions of the one it replaces, or the usual
/// ones for a new file (0666 minus the umask); temporary files start at 0600.
#[cfg(unix)]
fn set_permissions(file: &fs::File, target: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = match fs::metadata(target) {
        Ok(meta) => meta.permissions().mode() & 0o7777,
        Err(_) => 0o666 & !umask(),
    };
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_permissions(_file: &fs::File, _target: &Path) -> io::Result<()> {
    Ok(())
}

/// The process umask (read from /proc on Linux; 022 elsewhere).
#[cfg(unix)]
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_replace_only_the_flow_extension() {
        assert_eq!(output_name(Path::new("a/许可.flow"), ".svg"), "许可.svg");
        assert_eq!(
            output_name(Path::new("a.b.flow"), ".layout.json"),
            "a.b.layout.json"
        );
        assert_eq!(
            output_name(Path::new("notes.txt"), ".json"),
            "notes.txt.json"
        );
    }

    #[test]
    fn atomic_write_replaces_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub").join("a.svg");
        assert!(write_atomic(&target, b"first").unwrap());
        assert!(write_atomic(&target, b"second").unwrap());
        assert_eq!(fs::read(&target).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(target.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.svg"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_outputs_are_not_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.svg");
        write_atomic(&target, b"x").unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask());
    }
}
