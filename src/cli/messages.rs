//! All wording of the command line's own messages (not the compiler's
//! diagnostics, which live in [`crate::diagnostic::messages`]), in English
//! and Chinese. Each function returns the message in the asked language,
//! without the `error:` heading.

use std::io;
use std::path::Path;

use crate::diagnostic::Lang;

fn pick(lang: Lang, en: String, zh: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The heading of an error line: `error` / `错误`.
pub fn error_heading(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "error",
        Lang::Zh => "错误",
    }
}

/// The separator after a heading: `: ` / `：`.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

/// `--deny`/`--allow` named something that is not a lint.
pub fn unknown_lint(name: &str, suggestion: Option<&str>, deny: bool, lang: Lang) -> String {
    let flag = if deny { "--deny" } else { "--allow" };
    let hint_en = match suggestion {
        Some(s) => format!("\n  help: did you mean `{s}`?"),
        None => String::new(),
    };
    let hint_zh = match suggestion {
        Some(s) => format!("\n  提示：是不是 `{s}`？"),
        None => String::new(),
    };
    let list = crate::diagnostic::LINTS.join(", ");
    pick(
        lang,
        format!("`{flag} {name}`: there is no lint named `{name}`{hint_en}\n  note: the lints are {list}, and `warnings` for all of them"),
        format!("`{flag} {name}`：没有名为 `{name}` 的检查项{hint_zh}\n  说明：检查项有 {list}，`warnings` 表示全部"),
    )
}

/// Why an I/O operation failed, in words.
fn reason(err: &io::Error, lang: Lang) -> String {
    match lang {
        Lang::En => match err.kind() {
            io::ErrorKind::NotFound => "no such file or folder".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => err.to_string(),
        },
        Lang::Zh => match err.kind() {
            io::ErrorKind::NotFound => "文件或文件夹不存在".to_string(),
            io::ErrorKind::PermissionDenied => "没有权限".to_string(),
            _ => format!("系统错误（{err}）"),
        },
    }
}

/// A path given on the command line or found in a folder could not be read.
pub fn cannot_read(path: &str, err: &io::Error, lang: Lang) -> String {
    let why = reason(err, lang);
    pick(
        lang,
        format!("cannot read `{path}`: {why}"),
        format!("无法读取 `{path}`：{why}"),
    )
}

/// A folder held no `.flow` file.
pub fn no_flow_files(dir: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("no .flow files in the folder `{dir}` (nor in its subfolders)"),
        format!("文件夹 `{dir}`（含子文件夹）中没有 .flow 文件"),
    )
}

/// A file larger than the input limit.
pub fn too_large(path: &str, limit: u64, lang: Lang) -> String {
    let mib = limit / (1024 * 1024);
    pick(
        lang,
        format!(
            "`{path}` is larger than {mib} MiB, the most flowc reads — is it really a .flow file?"
        ),
        format!("`{path}` 超过 {mib} MiB，flowc 最多读取这么多——这真的是 .flow 文件吗？"),
    )
}

/// An output could not be written.
pub fn cannot_write(path: &Path, err: &io::Error, lang: Lang) -> String {
    let why = reason(err, lang);
    let path = path.display();
    pick(
        lang,
        format!("cannot write `{path}`: {why}"),
        format!("无法写入 `{path}`：{why}"),
    )
}

/// flowc itself failed on a file (a bug).
pub fn internal_error(path: &str, what: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("internal error while processing `{path}`: {what}\n  note: this is a bug in flowc, not in your file; please report it with the file attached"),
        format!("处理 `{path}` 时发生内部错误：{what}\n  说明：这是 flowc 的缺陷，不是文件的问题；请附上该文件报告"),
    )
}

/// The checker produced no flow although it reported no error (a bug).
pub fn no_flow(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "the checker returned no flow and no error",
        Lang::Zh => "检查器既没有返回流程也没有报告错误",
    }
}

/// Why a lint is shown as an error (after `= `).
pub fn denied_note(name: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("note: `{name}` is a warning made an error by `--deny` on the command line"),
        format!("说明：`{name}` 本是警告，命令行的 `--deny` 把它当作错误"),
    )
}

/// `-` given more than once.
pub fn stdin_twice(lang: Lang) -> String {
    pick(
        lang,
        "standard input (`-`) can be read only once".to_string(),
        "标准输入（`-`）只能读取一次".to_string(),
    )
}

/// `flowc build -` together with other inputs.
pub fn stdin_not_alone(lang: Lang) -> String {
    pick(
        lang,
        "`flowc build -` reads one flow from standard input; give no other input with it"
            .to_string(),
        "`flowc build -` 从标准输入读取一个流程，不能同时给出其他输入".to_string(),
    )
}

/// `-o FILE` or `-o -` with several inputs.
pub fn one_output_many_inputs(output: &str, count: usize, lang: Lang) -> String {
    pick(
        lang,
        format!("`-o {output}` names one file, but there are {count} inputs\n  help: give a folder instead (`-o charts/`), or leave out -o to write each chart next to its .flow file"),
        format!("`-o {output}` 只能是一个文件，但有 {count} 个输入\n  提示：改为指定文件夹（`-o charts/`），或去掉 -o，在每个 .flow 文件旁生成"),
    )
}

/// Two inputs would write the same output file.
pub fn output_collision(target: &Path, first: &str, second: &str, lang: Lang) -> String {
    let target = target.display();
    pick(
        lang,
        format!("`{first}` and `{second}` would both be written to `{target}`"),
        format!("`{first}` 和 `{second}` 会写到同一个文件 `{target}`"),
    )
}

/// An output file would overwrite an input.
pub fn output_is_input(target: &Path, lang: Lang) -> String {
    let target = target.display();
    pick(
        lang,
        format!("refusing to overwrite the input `{target}` with the output"),
        format!("输出会覆盖输入文件 `{target}`，已拒绝"),
    )
}

/// The output folder could not be created.
pub fn cannot_create_dir(path: &Path, err: &io::Error, lang: Lang) -> String {
    let why = reason(err, lang);
    let path = path.display();
    pick(
        lang,
        format!("cannot create the output folder `{path}`: {why}"),
        format!("无法创建输出文件夹 `{path}`：{why}"),
    )
}

/// `… and N more` after the per-file limit of printed diagnostics.
pub fn more_omitted(errors: usize, warnings: usize, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let mut parts = Vec::new();
            if errors > 0 {
                parts.push(plural(errors, "more error", "more errors"));
            }
            if warnings > 0 {
                parts.push(plural(warnings, "more warning", "more warnings"));
            }
            format!("… and {} not shown", parts.join(" and "))
        }
        Lang::Zh => {
            let mut parts = Vec::new();
            if errors > 0 {
                parts.push(format!("{errors} 个错误"));
            }
            if warnings > 0 {
                parts.push(format!("{warnings} 个警告"));
            }
            format!("……另有 {}未显示", parts.join("、"))
        }
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Files processed (read or attempted).
    pub files: usize,
    /// Files with at least one error.
    pub failed: usize,
    /// Errors over all files.
    pub errors: usize,
    /// Warnings over all files.
    pub warnings: usize,
    /// Outputs written (build only).
    pub written: usize,
}

/// The summary when some file failed (without the `error:` heading).
pub fn summary_failed(t: &Tally, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "{} failed: {}, {}",
            plural(t.failed, "file", "files"),
            plural(t.errors, "error", "errors"),
            plural(t.warnings, "warning", "warnings")
        ),
        Lang::Zh => format!(
            "{} 个文件未通过：{} 个错误，{} 个警告",
            t.failed, t.errors, t.warnings
        ),
    }
}

/// The summary of `check` when no file failed.
pub fn summary_checked(t: &Tally, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "checked {}: no errors, {}",
            plural(t.files, "file", "files"),
            plural(t.warnings, "warning", "warnings")
        ),
        Lang::Zh => format!("已检查 {} 个文件：没有错误，{} 个警告", t.files, t.warnings),
    }
}

/// The summary of `build`: how many outputs were written.
pub fn summary_built(t: &Tally, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "built {} of {}, {}",
            t.written,
            plural(t.files, "file", "files"),
            plural(t.warnings, "warning", "warnings")
        ),
        Lang::Zh => format!(
            "已生成 {} 个文件（共 {} 个），{} 个警告",
            t.written, t.files, t.warnings
        ),
    }
}

/// The build was interrupted.
pub fn interrupted(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "interrupted: files not yet written were left as they were",
        Lang::Zh => "已中断：尚未写出的文件保持原样",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_matches_the_documented_shape() {
        let t = Tally {
            files: 4,
            failed: 2,
            errors: 3,
            warnings: 1,
            written: 2,
        };
        assert_eq!(
            summary_failed(&t, Lang::En),
            "2 files failed: 3 errors, 1 warning"
        );
        assert_eq!(
            summary_failed(&t, Lang::Zh),
            "2 个文件未通过：3 个错误，1 个警告"
        );
        assert_eq!(summary_built(&t, Lang::En), "built 2 of 4 files, 1 warning");
    }

    #[test]
    fn omitted_counts_name_only_what_is_there() {
        assert_eq!(
            more_omitted(5, 0, Lang::En),
            "… and 5 more errors not shown"
        );
        assert_eq!(
            more_omitted(1, 2, Lang::En),
            "… and 1 more error and 2 more warnings not shown"
        );
        assert_eq!(more_omitted(0, 3, Lang::Zh), "……另有 3 个警告未显示");
    }
}
