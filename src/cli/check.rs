//! `flowc check`: parse and check every input, print all diagnostics, write nothing.

use crate::cli::args::{CheckOptions, DiagFormat};
use crate::cli::inputs;
use crate::cli::{Session, Status};

/// Runs `flowc check`.
pub fn run(opts: &CheckOptions) -> Status {
    let session = match Session::new(&opts.common, opts.format == DiagFormat::Json) {
        Ok(session) => session,
        Err(status) => return status,
    };
    let items = match inputs::resolve(&opts.common.paths, opts.common.lang) {
        Ok(items) => items,
        Err(msg) => return session.usage_error(&msg),
    };
    let reports = session.process(&items, |_, input| session.compile(input).0);
    session.finish(&reports, false)
}
