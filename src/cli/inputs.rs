//! Turning the PATH arguments into the list of inputs, and reading them.
//!
//! A file argument is read whatever its name; a folder argument stands for
//! every `*.flow` file below it (recursively, symlinked folders not followed),
//! sorted by path component by component; `-` is standard input. The order
//! of the resulting list is the order in which results are printed.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::messages;
use crate::diagnostic::Lang;

/// Files larger than this are refused (16 MiB): a real `.flow` file is a few KiB.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// The name shown for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// One input to compile.
#[derive(Debug)]
pub struct Input {
    /// The name shown in diagnostics: the path as given, or as found below a folder.
    pub name: String,
    /// Where its bytes come from.
    pub origin: Origin,
}

/// Where an input's bytes come from.
#[derive(Debug)]
pub enum Origin {
    /// Standard input, already read (it can be read once only).
    Stdin(Result<Vec<u8>, ReadError>),
    /// A file.
    File {
        /// Its path.
        path: PathBuf,
        /// For a file found below a folder argument: that folder and the path
        /// relative to it (mirrored under `-o DIR`).
        below: Option<(PathBuf, PathBuf)>,
    },
}

/// Why an input could not be read.
#[derive(Debug, Clone)]
pub enum ReadError {
    /// Larger than [`MAX_INPUT_BYTES`]: the file's fault (exit 1).
    TooLarge,
    /// The system refused (exit 2).
    Io(Arc<io::Error>),
}

/// One entry of the resolved list: an input, or a path that could not be used.
#[derive(Debug)]
pub enum Item {
    /// A file (or standard input) to compile.
    Input(Input),
    /// A path problem (missing, unreadable, a folder without `.flow` files);
    /// it makes the exit status 2.
    Problem {
        /// The path concerned, as shown.
        path: String,
        /// The message, already worded.
        message: String,
    },
}

/// Resolves the PATH arguments in order. Reads standard input now when `-`
/// is given; `-` given twice is a usage error.
pub fn resolve(paths: &[PathBuf], lang: Lang) -> Result<Vec<Item>, String> {
    if paths.iter().filter(|p| is_stdin(p)).count() > 1 {
        return Err(messages::stdin_twice(lang));
    }
    let mut items = Vec::new();
    for path in paths {
        if is_stdin(path) {
            items.push(Item::Input(Input {
                name: STDIN_NAME.to_string(),
                origin: Origin::Stdin(read_limited(io::stdin().lock(), None)),
            }));
            continue;
        }
        let name = path.display().to_string();
        match fs::metadata(path) {
            Err(err) => items.push(Item::Problem {
                message: messages::cannot_read(&name, &err, lang),
                path: name,
            }),
            Ok(meta) if meta.is_dir() => walk(path, &mut items, lang),
            Ok(_) => items.push(Item::Input(Input {
                name,
                origin: Origin::File {
                    path: path.clone(),
                    below: None,
                },
            })),
        }
    }
    Ok(items)
}

/// Whether a PATH argument means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Adds every `*.flow` below `root`, and the problems met, sorted by path.
fn walk(root: &Path, items: &mut Vec<Item>, lang: Lang) {
    let mut found: Vec<(PathBuf, Item)> = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                found.push((rel, problem(&dir, &err, lang)));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    found.push((rel.clone(), problem(&dir, &err, lang)));
                    continue;
                }
            };
            let child = rel.join(entry.file_name());
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(child);
            } else if is_flow(&entry.file_name())
                && (kind.is_file()
                    || (kind.is_symlink() && fs::metadata(entry.path()).is_ok_and(|m| m.is_file())))
            {
                let path = root.join(&child);
                let input = Input {
                    name: path.display().to_string(),
                    origin: Origin::File {
                        path,
                        below: Some((root.to_path_buf(), child.clone())),
                    },
                };
                found.push((child, Item::Input(input)));
            }
        }
    }
    if found.is_empty() {
        let path = root.display().to_string();
        items.push(Item::Problem {
            message: messages::no_flow_files(&path, lang),
            path,
        });
        return;
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    items.extend(found.into_iter().map(|(_, item)| item));
}

fn problem(dir: &Path, err: &io::Error, lang: Lang) -> Item {
    let path = dir.display().to_string();
    Item::Problem {
        message: messages::cannot_read(&path, err, lang),
        path,
    }
}

fn is_flow(name: &OsStr) -> bool {
    Path::new(name).extension().is_some_and(|e| e == "flow")
}

impl Input {
    /// The input's bytes, at most [`MAX_INPUT_BYTES`] of them.
    pub fn read(&self) -> Result<Cow<'_, [u8]>, ReadError> {
        match &self.origin {
            Origin::Stdin(result) => result.as_deref().map(Cow::Borrowed).map_err(Clone::clone),
            Origin::File { path, .. } => {
                let file = fs::File::open(path).map_err(|e| ReadError::Io(Arc::new(e)))?;
                let len = file
                    .metadata()
                    .ok()
                    .filter(|m| m.is_file())
                    .map(|m| m.len());
                read_limited(file, len).map(Cow::Owned)
            }
        }
    }

    /// The file's path, `None` for standard input.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::Stdin(_) => None,
            Origin::File { path, .. } => Some(path),
        }
    }
}

/// Reads everything, refusing more than [`MAX_INPUT_BYTES`]; `len` is the
/// size the file system reports, if known, to refuse early.
fn read_limited(reader: impl Read, len: Option<u64>) -> Result<Vec<u8>, ReadError> {
    if len.is_some_and(|l| l > MAX_INPUT_BYTES) {
        return Err(ReadError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(len.unwrap_or(0).min(MAX_INPUT_BYTES) as usize);
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(Arc::new(e)))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Input(input) => input.name.clone(),
                Item::Problem { message, .. } => format!("problem: {message}"),
            })
            .collect()
    }

    #[test]
    fn folders_are_walked_recursively_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.flow",
            "a/z.flow",
            "a/b/c.flow",
            "a/notes.txt",
            "c.FLOW.bak",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "").unwrap();
        }
        let items = resolve(&[root.to_path_buf()], Lang::En).unwrap();
        let rels: Vec<String> = names(&items)
            .into_iter()
            .map(|n| {
                Path::new(&n)
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(rels, ["a/b/c.flow", "a/z.flow", "b.flow"]);
    }

    #[test]
    fn an_empty_folder_and_a_missing_path_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.flow");
        let items = resolve(&[dir.path().to_path_buf(), missing], Lang::En).unwrap();
        let got = names(&items);
        assert_eq!(got.len(), 2);
        assert!(got[0].contains("no .flow files"), "{got:?}");
        assert!(got[1].contains("no such file"), "{got:?}");
    }

    #[test]
    fn stdin_twice_is_a_usage_error() {
        let err = resolve(&[PathBuf::from("-"), PathBuf::from("-")], Lang::En).unwrap_err();
        assert!(err.contains("only once"));
    }

    #[test]
    fn reading_stops_past_the_limit() {
        let big = io::repeat(b'#').take(MAX_INPUT_BYTES + 10);
        assert!(matches!(read_limited(big, None), Err(ReadError::TooLarge)));
        let ok = io::repeat(b'#').take(10);
        assert_eq!(read_limited(ok, None).unwrap().len(), 10);
        assert!(matches!(
            read_limited(io::empty(), Some(MAX_INPUT_BYTES + 1)),
            Err(ReadError::TooLarge)
        ));
    }
}
