//! Golden-file helper shared by the integration tests.
//!
//! `assert_golden(path, actual)` compares `actual` with the file at `path`.
//! With `FLOWC_ACCEPT=1` it (re)writes the file instead. On a mismatch it
//! writes `NAME.got.EXT` beside it (git-ignored) and fails with a diff hint.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Compares `actual` with the golden file at `path` (or accepts it with `FLOWC_ACCEPT=1`).
pub fn assert_golden(path: &Path, actual: &str) {
    let accept = std::env::var("FLOWC_ACCEPT").is_ok_and(|v| v == "1");
    if accept {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {} (run with FLOWC_ACCEPT=1 to create it)",
            path.display()
        )
    });
    let got = got_path(path);
    if expected != actual {
        std::fs::write(&got, actual).unwrap();
        panic!(
            "{} differs from its golden file; see `diff {} {}` (FLOWC_ACCEPT=1 accepts)",
            path.display(),
            path.display(),
            got.display()
        );
    } else if got.exists() {
        let _ = std::fs::remove_file(&got);
    }
}

fn got_path(path: &Path) -> PathBuf {
    let stem = path.file_stem().unwrap().to_string_lossy();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.got.{ext}"))
}

/// All files under `dir` (recursively) with extension `ext`, sorted.
pub fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
