//! The command line: `flowc check` and `flowc build`, a thin layer over the library.

use std::process::ExitCode;

/// Runs the CLI with the process's arguments; returns the exit status
/// (0 ok, 1 errors or denied lints, 2 usage or I/O problems).
pub fn run() -> ExitCode {
    ExitCode::from(2)
}
