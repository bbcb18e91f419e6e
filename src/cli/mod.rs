//! The command line: `flowc check` and `flowc build`, a thin layer over the library.
//!
//! | module | does |
//! |---|---|
//! | [`args`] | clap grammar and help texts (English/Chinese) → [`args::Invocation`] |
//! | [`inputs`] | PATH arguments → ordered inputs (folders walked, stdin read), size limit |
//! | `lints` | `--deny`/`--allow` → lint levels, applied to each file's diagnostics |
//! | `report` | diagnostics → human text or JSON records; summary line |
//! | `check`, `build` | the two subcommands |
//! | `messages` | all wording of the CLI's own messages |
//!
//! Behaviour the command line commits to:
//! - Exit status: 0 no error (warnings allowed); 1 some file has errors, a
//!   denied lint, or is over the 16 MiB input limit; 2 usage error (bad flag,
//!   unknown lint, ambiguous `-o`), or an input/output could not be read or
//!   written (missing file, unreadable folder, a folder with no `.flow` file,
//!   failed write); 101 flowc itself failed on a file (a bug; the other files
//!   are still done); 130 interrupted by Ctrl-C. When several apply, the
//!   largest wins. A usage error stops before any file is read; a path
//!   problem is reported in its place and the other inputs are still done.
//! - Inputs: a file argument is read whatever its name; a folder stands for
//!   every `*.flow` below it (sorted by path, symlinked folders not followed);
//!   `-` is standard input (once). Results print in input order, whatever
//!   the order in which parallel workers finish.
//! - Diagnostics: human form on standard error, at most 200 per file (errors
//!   chosen before warnings, printed in source order) then one
//!   `… and N more` line; `check --format json` prints one JSON array on
//!   standard output (one record per line, every diagnostic, whole-file
//!   problems with null positions); a summary line on standard error
//!   (`--quiet` drops it and the progress bar).
//! - Lints: for one name the later flag wins; a name given on its own beats
//!   `warnings` in either order; unknown names are usage errors with a
//!   did-you-mean.
//! - Outputs (`build`): see the `build` module; written atomically, never
//!   over an input, never two inputs onto one output.

pub mod args;
mod build;
mod check;
pub mod inputs;
mod lints;
mod messages;
mod report;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;

use rayon::prelude::*;

use crate::cli::args::{ColorChoice, CommonOptions, Invocation};
use crate::cli::inputs::{Input, Item, ReadError, MAX_INPUT_BYTES};
use crate::cli::lints::LintLevels;
use crate::cli::messages::Tally;
use crate::cli::report::{FileReport, Heading, Style};
use crate::model::Flow;
use crate::source::Source;

/// Below this many inputs no progress bar is drawn.
pub const PROGRESS_MIN_FILES: usize = 8;

/// Stack of each worker thread: deep inputs must not overflow it.
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// The outcome of a run or of one input; a run's status is the worst of its inputs'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Status {
    /// Exit 0: no error.
    #[default]
    Ok,
    /// Exit 1: errors in the input (or denied lints, or too large).
    Failed,
    /// Exit 2: usage error, or a file/folder could not be read or written.
    Usage,
    /// Exit 101: flowc failed (a bug).
    Internal,
    /// Exit 130: interrupted by Ctrl-C.
    Interrupted,
}

impl Status {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Failed => 1,
            Status::Usage => 2,
            Status::Internal => 101,
            Status::Interrupted => 130,
        }
    }
}

/// Runs the CLI with the process's arguments; returns the exit status
/// (0 ok, 1 errors or denied lints, 2 usage or I/O problems, 101 internal
/// error, 130 interrupted).
pub fn run() -> ExitCode {
    run_with(std::env::args_os().collect())
}

/// Runs the CLI with the given arguments (the first is the program name).
pub fn run_with(args: Vec<OsString>) -> ExitCode {
    install_panic_hook();
    let status = match args::parse_args(args) {
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
        Ok(Invocation::Check(opts)) => check::run(&opts),
        Ok(Invocation::Build(opts)) => build::run(&opts),
    };
    ExitCode::from(status.code())
}

/// What both subcommands set up from the shared options.
struct Session {
    style: Style,
    levels: LintLevels,
    quiet: bool,
    jobs: Option<usize>,
}

impl Session {
    /// Lint levels, colour and language; an unknown lint is a usage error,
    /// printed here.
    fn new(common: &CommonOptions, json: bool) -> Result<Session, Status> {
        let color = match common.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let style = Style {
            lang: common.lang,
            color,
            json,
        };
        match LintLevels::from_flags(&common.lint_flags, common.lang) {
            Ok(levels) => Ok(Session {
                style,
                levels,
                quiet: common.quiet,
                jobs: common.jobs,
            }),
            Err(msg) => {
                eprint(&report::headline(Heading::Error, &msg, &style));
                Err(Status::Usage)
            }
        }
    }

    /// Prints a usage error and returns its status.
    fn usage_error(&self, msg: &str) -> Status {
        eprint(&report::headline(Heading::Error, msg, &self.style));
        Status::Usage
    }

    /// Runs `work` on every input (in parallel), turning path problems into
    /// reports; results come back in input order. `work` returns `None` when
    /// it did not start the input (Ctrl-C).
    fn process<F>(&self, items: &[Item], work: F) -> Vec<FileReport>
    where
        F: Fn(usize, &Input) -> FileReport + Sync,
    {
        let bar =
            (!self.quiet && items.len() >= PROGRESS_MIN_FILES && std::io::stderr().is_terminal())
                .then(|| progress_bar(items.len()));
        let one = |(i, item): (usize, &Item)| {
            let report = match item {
                Item::Problem { path, message } => {
                    let mut r = FileReport::default();
                    r.problem(path, "io-error", message, Status::Usage, &self.style);
                    r
                }
                Item::Input(input) => work(i, input),
            };
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            report
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs.unwrap_or(0))
            .stack_size(WORKER_STACK_BYTES)
            .build();
        let reports = match pool {
            Ok(pool) => pool.install(|| items.par_iter().enumerate().map(one).collect()),
            Err(_) => items.iter().enumerate().map(one).collect(),
        };
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        reports
    }

    /// Reads and compiles one input, applying lint levels. The report holds
    /// its diagnostics; the flow is returned when the file has no error.
    fn compile(&self, input: &Input) -> (FileReport, Option<Flow>) {
        let mut report = FileReport::default();
        let lang = self.style.lang;
        let bytes = match input.read() {
            Ok(bytes) => bytes,
            Err(ReadError::TooLarge) => {
                let msg = messages::too_large(&input.name, MAX_INPUT_BYTES, lang);
                report.problem(
                    &input.name,
                    "file-too-large",
                    &msg,
                    Status::Failed,
                    &self.style,
                );
                return (report, None);
            }
            Err(ReadError::Io(err)) => {
                let msg = messages::cannot_read(&input.name, &err, lang);
                report.problem(&input.name, "io-error", &msg, Status::Usage, &self.style);
                return (report, None);
            }
        };
        let source = Source::from_bytes(input.name.clone(), &bytes);
        drop(bytes);
        let checked = match guarded(|| crate::compile(&source)) {
            Ok(checked) => checked,
            Err(what) => {
                self.internal(&mut report, &input.name, &what);
                return (report, None);
            }
        };
        let diagnostics = self.levels.apply(checked.diagnostics);
        report.diagnostics(&source, &diagnostics, &self.style);
        if report.errors > 0 {
            return (report, None);
        }
        match checked.flow {
            Some(flow) => (report, Some(flow)),
            None => {
                self.internal(&mut report, &input.name, messages::no_flow(lang));
                (report, None)
            }
        }
    }

    /// Records an internal error (a bug in flowc) for a file.
    fn internal(&self, report: &mut FileReport, name: &str, what: &str) {
        let msg = messages::internal_error(name, what, self.style.lang);
        report.problem(name, "internal-error", &msg, Status::Internal, &self.style);
    }

    /// Prints the reports in order (stderr text, stdout payloads), then the
    /// summary; returns the run's status and tally.
    fn finish(&self, reports: &[FileReport], build: bool) -> Status {
        let mut tally = Tally::default();
        let mut status = Status::Ok;
        let mut stdout = std::io::stdout().lock();
        for r in reports {
            status = status.max(r.status);
            if r.skipped {
                continue;
            }
            tally.files += 1;
            tally.errors += r.errors;
            tally.warnings += r.warnings;
            tally.failed += usize::from(r.errors > 0);
            tally.written += usize::from(r.written);
            eprint(&r.human);
            if let Some(out) = &r.stdout {
                if stdout.write_all(out.as_bytes()).is_err() {
                    status = status.max(Status::Usage);
                }
            }
        }
        if self.style.json {
            let records: Vec<String> = reports.iter().flat_map(|r| r.json.clone()).collect();
            if stdout
                .write_all(report::json_document(&records).as_bytes())
                .is_err()
            {
                status = status.max(Status::Usage);
            }
        }
        if stdout.flush().is_err() {
            status = status.max(Status::Usage);
        }
        if !self.quiet {
            eprint(&report::summary(&tally, build, &self.style));
        }
        status
    }
}

/// Writes to standard error, ignoring failures (nowhere left to report them).
fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
}

thread_local! {
    /// Where and why the last panic on this thread happened (see [`install_panic_hook`]).
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Replaces the panic hook so that a panic inside one file's work is reported
/// once, in that file's place in the output (not interleaved by a worker
/// thread). With `RUST_BACKTRACE` set the default hook also runs.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    let verbose = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    std::panic::set_hook(Box::new(move |info| {
        let text = info.to_string().replace('\n', " ");
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(text));
        if verbose {
            default(info);
        }
    }));
}

/// Runs `f`, turning a panic into its message (with its location when the
/// CLI's panic hook is installed).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    LAST_PANIC.with(|last| last.borrow_mut().take());
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string())
    })
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len} {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_status_wins() {
        assert!(Status::Failed > Status::Ok);
        assert!(Status::Usage > Status::Failed);
        assert!(Status::Interrupted > Status::Internal);
        assert_eq!(Status::Usage.max(Status::Failed).code(), 2);
    }

    #[test]
    fn guarded_reports_the_panic_message() {
        let got: Result<(), String> = guarded(|| panic!("boom {}", 7));
        assert!(got.is_err_and(|m| m.contains("boom 7")));
    }
}
