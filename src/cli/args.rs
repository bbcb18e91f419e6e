//! The command-line grammar (clap) and its help texts, in English and Chinese.
//!
//! clap types stay in this module: [`parse_args`] turns the process arguments
//! into the plain [`Invocation`] the rest of the CLI works with.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Lang;
use crate::layout::Direction;

/// Largest `--max-width` accepted, px.
pub const MAX_TEXT_WIDTH: f64 = 2000.0;
/// Smallest `--max-width` accepted, px.
pub const MIN_TEXT_WIDTH: f64 = 40.0;

const ABOUT_EN: &str =
    "flowc — checks .flow files and draws their flowcharts (职权运行流程图) as SVG";
const ABOUT_ZH: &str = "flowc —— 检查 .flow 文件，并画出职权运行流程图（SVG）";

const AFTER_HELP_EN: &str = "\
Examples:
  flowc check 许可.flow                check one file, list every problem
  flowc check flows/                   check every .flow file in a folder (and its subfolders)
  flowc build 许可.flow                write 许可.svg next to 许可.flow
  flowc build flows/ -o charts/        draw a whole folder into charts/ (same subfolders)
  flowc check --deny warnings flows/   treat every warning as an error (for a final check)

Exit status: 0 all good (warnings allowed), 1 a file has errors,
2 wrong command line or a file/folder could not be read or written, 130 interrupted (Ctrl-C).";

const AFTER_HELP_ZH: &str = "\
示例：
  flowc check 许可.flow                检查一个文件，列出全部问题
  flowc check flows/                   检查文件夹（含子文件夹）里的全部 .flow 文件
  flowc build 许可.flow                在 许可.flow 旁边生成 许可.svg
  flowc build flows/ -o charts/        把整个文件夹画到 charts/ 里（子文件夹结构不变）
  flowc check --deny warnings flows/   把所有警告当作错误（定稿前检查）

退出码：0 全部通过（可有警告），1 有文件存在错误，
2 命令写错或文件/文件夹无法读写，130 被中断（Ctrl-C）。";

const CHECK_AFTER_HELP_EN: &str = "\
Examples:
  flowc check 许可.flow
  flowc check flows/ other/处罚.flow
  flowc check --deny missing-deadline --allow missing-power flows/
  flowc check --format json flows/ > problems.json
  flowc check - < 许可.flow   (read the file from standard input)

Lints (warnings you can --deny or --allow):
  missing-post, missing-deadline, unused-post, incomplete-post, step-branches,
  over-limit, missing-power, unmitigated-risk, ungraded-risk;  `warnings` means all of them.
  A lint named on its own beats `warnings`; for the same name the later flag wins.

JSON output (--format json): one JSON array on standard output, one object per line:
  {\"file\", \"line\", \"column\", \"end_line\", \"end_column\", \"severity\", \"name\",
   \"message\", \"label\", \"help\", \"related\"}
  Lines and columns count from 1, columns in characters; the end is just after the
  last character; \"related\" lists the secondary spans as {line, column, end_line,
  end_column, label}. Problems with a whole file (unreadable, too large) have null positions.

Exit status: 0 no errors (warnings allowed), 1 errors or denied lints,
2 wrong command line or unreadable input.";

const CHECK_AFTER_HELP_ZH: &str = "\
示例：
  flowc check 许可.flow
  flowc check flows/ other/处罚.flow
  flowc check --deny missing-deadline --allow missing-power flows/
  flowc check --format json flows/ > problems.json
  flowc check - < 许可.flow   （从标准输入读取）

可以 --deny 或 --allow 的检查项（默认是警告）：
  missing-post（未指定岗位）、missing-deadline（无期限）、unused-post（岗位未使用）、
  incomplete-post（岗位说明不全）、step-branches（步骤有多个出口）、over-limit（超过时限）、
  missing-power（缺少职权信息）、unmitigated-risk（高风险无防控措施）、ungraded-risk（风险未定等级）；
  `warnings` 表示全部。单独点名的检查项优先于 `warnings`；同一名称以后出现的为准。

JSON 输出（--format json）：标准输出上一个 JSON 数组，每行一个对象：
  {\"file\", \"line\", \"column\", \"end_line\", \"end_column\", \"severity\", \"name\",
   \"message\", \"label\", \"help\", \"related\"}
  行号、列号从 1 开始，列按字符计；结束位置指向最后一个字符之后；
  \"related\" 列出相关位置 {line, column, end_line, end_column, label}。
  整个文件的问题（无法读取、过大）位置为 null。

退出码：0 没有错误（可有警告），1 有错误或被 --deny 的检查项，2 命令写错或无法读取。";

const BUILD_AFTER_HELP_EN: &str = "\
Examples:
  flowc build 许可.flow                          writes 许可.svg next to it
  flowc build 许可.flow -o 公示/许可流程图.svg   choose the output file
  flowc build flows/ -o charts/                  every .flow below flows/, same subfolders in charts/
  flowc build 许可.flow -o - > 许可.svg          write to standard output
  flowc build --format layout-json 许可.flow     positions of boxes and arrows (许可.layout.json)

Output files are replaced only when the new one is complete: a file with errors,
a failed write or Ctrl-C leaves the previous output as it was.

Formats: svg (the chart with its 岗位说明 table), layout-json (node boxes and edge
polylines: width, height, nodes[id, kind, x, y, w, h], edges[from, to, label,
points, label_box]), json (the checked flow: power, actors, nodes, edges, start,
table, totals).

Exit status: 0 all built, 1 a file has errors (the others are still built),
2 wrong command line or a file/folder could not be read or written, 130 interrupted.";

const BUILD_AFTER_HELP_ZH: &str = "\
示例：
  flowc build 许可.flow                          在旁边生成 许可.svg
  flowc build 许可.flow -o 公示/许可流程图.svg   指定输出文件
  flowc build flows/ -o charts/                  flows/ 下的全部 .flow，保持子文件夹结构输出到 charts/
  flowc build 许可.flow -o - > 许可.svg          输出到标准输出
  flowc build --format layout-json 许可.flow     输出方框和箭头的位置（许可.layout.json）

只有新文件完整生成后才会替换旧的输出：文件有错误、写入失败或按下 Ctrl-C 时，
原来的输出文件保持不变。

格式：svg（流程图及岗位说明表）、layout-json（节点方框与连线坐标：width、height、
nodes[id, kind, x, y, w, h]、edges[from, to, label, points, label_box]）、
json（检查后的流程：power、actors、nodes、edges、start、table、totals）。

退出码：0 全部生成，1 有文件存在错误（其他文件照常生成），
2 命令写错或文件/文件夹无法读写，130 被中断。";

/// Chinese help for each argument: (subcommand, argument id, help).
const ARG_HELP_ZH: &[(&str, &str, &str)] = &[
    (
        "check",
        "paths",
        "要检查的 .flow 文件或文件夹（递归查找 *.flow）；`-` 表示标准输入",
    ),
    (
        "build",
        "paths",
        "要生成的 .flow 文件或文件夹（递归查找 *.flow）；`-` 表示标准输入",
    ),
    (
        "check",
        "format",
        "问题的输出方式：human（给人看）或 json（给程序读，写到标准输出）",
    ),
    (
        "build",
        "format",
        "输出格式：svg 流程图、layout-json 坐标、json 检查后的流程数据",
    ),
    (
        "build",
        "output",
        "输出文件，`-` 为标准输出；多个输入或文件夹输入时为输出文件夹（自动创建）",
    ),
    (
        "build",
        "direction",
        "流程方向：down 自上而下（默认），right 自左向右",
    ),
    (
        "build",
        "font",
        "SVG 使用的字体（CSS font-family），例如 \"SimSun\"",
    ),
    (
        "build",
        "max_width",
        "方框内文字的最大宽度（像素），超出则换行",
    ),
    ("*", "jobs", "同时处理的文件数（默认：CPU 核数）"),
    (
        "*",
        "deny",
        "把检查项当作错误（可重复，可用逗号分隔；`warnings` 表示全部）",
    ),
    (
        "*",
        "allow",
        "不再报告该检查项（可重复，可用逗号分隔；`warnings` 表示全部）",
    ),
    (
        "*",
        "lang",
        "提示语言：zh 中文，en 英文（默认取自 LANG / LC_ALL）",
    ),
    (
        "*",
        "color",
        "彩色输出：auto（终端且未设 NO_COLOR 时）、always、never",
    ),
    ("*", "quiet", "不显示最后的汇总行和进度条"),
];

/// `flowc`: the top-level command.
#[derive(Debug, Parser)]
#[command(
    name = "flowc",
    version,
    about = ABOUT_EN,
    after_help = AFTER_HELP_EN,
    arg_required_else_help = true,
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: GlobalArgs,
}

/// Options accepted before or after the subcommand.
#[derive(Debug, Args)]
struct GlobalArgs {
    /// Language of messages: zh or en (default: from LANG / LC_ALL)
    #[arg(long, value_enum, global = true)]
    lang: Option<LangArg>,
    /// Colour: auto (when printing to a terminal and NO_COLOR is unset), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    /// Do not print the summary line or the progress bar
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check .flow files and list every error and warning (writes nothing)
    #[command(after_help = CHECK_AFTER_HELP_EN)]
    Check(CheckArgs),
    /// Check .flow files and draw each as an SVG flowchart (or export its layout/model as JSON)
    #[command(after_help = BUILD_AFTER_HELP_EN)]
    Build(BuildArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// .flow files or folders (searched recursively for *.flow); `-` reads standard input
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// How to print problems: human (for people) or json (for programs, on standard output)
    #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
    format: DiagFormat,
    /// Process at most N files at once (default: number of CPUs)
    #[arg(short, long, value_name = "N")]
    jobs: Option<std::num::NonZeroUsize>,
    #[command(flatten)]
    diag: DiagArgs,
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// .flow files or folders (searched recursively for *.flow); `-` reads standard input
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Output file (`-` = standard output); a folder when there are several inputs or a folder input
    #[arg(short, long, value_name = "FILE|DIR")]
    output: Option<PathBuf>,
    /// What to write: svg (the chart), layout-json (positions), json (the checked flow)
    #[arg(long, value_enum, default_value_t = OutputFormat::Svg)]
    format: OutputFormat,
    /// Which way the flow runs: down (top to bottom) or right (left to right)
    #[arg(long, value_enum, default_value_t = DirectionArg::Down)]
    direction: DirectionArg,
    /// Font for the SVG (a CSS font-family list), e.g. "SimSun"
    #[arg(long, value_name = "FAMILY", value_parser = parse_font)]
    font: Option<String>,
    /// Widest text in a box before it wraps, in px
    #[arg(long, value_name = "PX", value_parser = parse_max_width)]
    max_width: Option<f64>,
    /// Process at most N files at once (default: number of CPUs)
    #[arg(short, long, value_name = "N")]
    jobs: Option<std::num::NonZeroUsize>,
    #[command(flatten)]
    diag: DiagArgs,
}

/// Lint levels, shared by `check` and `build`.
#[derive(Debug, Args)]
struct DiagArgs {
    /// Treat a lint as an error (repeatable, comma-separated; `warnings` = all lints)
    #[arg(short = 'D', long, value_name = "LINT", value_delimiter = ',')]
    deny: Vec<String>,
    /// Do not report a lint (repeatable, comma-separated; `warnings` = all lints)
    #[arg(short = 'A', long, value_name = "LINT", value_delimiter = ',')]
    allow: Vec<String>,
}

/// How `check` prints diagnostics: `human` (rustc-like text on standard
/// error) or `json` (one JSON array on standard output).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    // rustc-like text on standard error.
    Human,
    // One JSON array on standard output.
    Json,
}

/// What `build` writes per input: `svg` (the chart and its table, `.svg`),
/// `layout-json` (the laid-out [`crate::diagram::Diagram`], `.layout.json`)
/// or `json` (the checked [`crate::model::Flow`], `.json`).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    // The chart and its table (`.svg`).
    Svg,
    // The laid-out [`crate::diagram::Diagram`] (`.layout.json`).
    LayoutJson,
    // The checked [`crate::model::Flow`] (`.json`).
    Json,
}

impl OutputFormat {
    /// The file extension written for this format, with its leading dot.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Svg => ".svg",
            OutputFormat::LayoutJson => ".layout.json",
            OutputFormat::Json => ".json",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DirectionArg {
    Down,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

/// `--color`: `auto` colours when standard error is a terminal and `NO_COLOR`
/// is unset or empty; `always`; `never`.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    // Colour when standard error is a terminal and `NO_COLOR` is unset or empty.
    Auto,
    // Always colour.
    Always,
    // Never colour.
    Never,
}

/// One `--deny` or `--allow` value with its position on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintFlag {
    /// Position among all arguments (later wins).
    pub index: usize,
    /// True for `--deny`, false for `--allow`.
    pub deny: bool,
    /// The lint name as written.
    pub name: String,
}

/// Options shared by both subcommands, clap-free.
#[derive(Debug, Clone)]
pub struct CommonOptions {
    /// Input paths as written (`-` = standard input).
    pub paths: Vec<PathBuf>,
    /// `--deny`/`--allow` values in command-line order.
    pub lint_flags: Vec<LintFlag>,
    /// Language of messages.
    pub lang: Lang,
    /// `--color`.
    pub color: ColorChoice,
    /// `--quiet`.
    pub quiet: bool,
    /// `--jobs`.
    pub jobs: Option<usize>,
}

/// `flowc check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Shared options.
    pub common: CommonOptions,
    /// `--format`.
    pub format: DiagFormat,
}

/// `flowc build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Shared options.
    pub common: CommonOptions,
    /// `-o`.
    pub output: Option<PathBuf>,
    /// `--format`.
    pub format: OutputFormat,
    /// `--direction`.
    pub direction: Direction,
    /// `--font`.
    pub font: Option<String>,
    /// `--max-width`.
    pub max_width: Option<f64>,
}

/// A parsed command line.
#[derive(Debug, Clone)]
pub enum Invocation {
    /// `flowc check …`.
    Check(CheckOptions),
    /// `flowc build …`.
    Build(BuildOptions),
}

/// Parses the arguments (the first one is the program name).
///
/// On `--help`, `--version` or a usage error, returns clap's error, which
/// prints itself and knows its exit code (0 for help/version, 2 for usage).
pub fn parse_args(args: Vec<OsString>) -> Result<Invocation, clap::Error> {
    let lang = lang_hint(&args);
    let matches = command(lang).try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    let Some((_, sub)) = matches.subcommand() else {
        return Err(command(lang).error(
            clap::error::ErrorKind::MissingSubcommand,
            "a subcommand is required",
        ));
    };
    let lint_flags = lint_flags(sub);
    let global = &cli.global;
    Ok(match cli.command {
        Command::Check(a) => Invocation::Check(CheckOptions {
            common: common(a.paths, a.jobs, global, lint_flags),
            format: a.format,
        }),
        Command::Build(a) => Invocation::Build(BuildOptions {
            common: common(a.paths, a.jobs, global, lint_flags),
            output: a.output,
            format: a.format,
            direction: match a.direction {
                DirectionArg::Down => Direction::Down,
                DirectionArg::Right => Direction::Right,
            },
            font: a.font,
            max_width: a.max_width,
        }),
    })
}

fn common(
    paths: Vec<PathBuf>,
    jobs: Option<std::num::NonZeroUsize>,
    global: &GlobalArgs,
    lint_flags: Vec<LintFlag>,
) -> CommonOptions {
    CommonOptions {
        paths,
        lint_flags,
        lang: match global.lang {
            Some(LangArg::Zh) => Lang::Zh,
            Some(LangArg::En) => Lang::En,
            None => Lang::from_env(),
        },
        color: global.color,
        quiet: global.quiet,
        jobs: jobs.map(std::num::NonZeroUsize::get),
    }
}

/// `--deny`/`--allow` values merged in command-line order.
fn lint_flags(sub: &ArgMatches) -> Vec<LintFlag> {
    let mut flags = Vec::new();
    for (id, deny) in [("deny", true), ("allow", false)] {
        let values = sub.get_many::<String>(id).into_iter().flatten();
        let indices = sub.indices_of(id).into_iter().flatten();
        for (name, index) in values.zip(indices) {
            flags.push(LintFlag {
                index,
                deny,
                name: name.clone(),
            });
        }
    }
    flags.sort_by_key(|f| f.index);
    flags
}

/// The clap command, its help in `lang`.
fn command(lang: Lang) -> clap::Command {
    let cmd = Cli::command();
    if lang == Lang::En {
        return cmd;
    }
    let mut cmd = cmd.about(ABOUT_ZH).after_help(AFTER_HELP_ZH);
    for &(which, id, help) in ARG_HELP_ZH {
        if which == "*" && cmd.get_arguments().any(|a| a.get_id() == id) {
            cmd = cmd.mut_arg(id, |arg| arg.help(help));
        }
    }
    for (name, about, after) in [
        (
            "check",
            "检查 .flow 文件，列出全部错误和警告（不写任何文件）",
            CHECK_AFTER_HELP_ZH,
        ),
        (
            "build",
            "检查 .flow 文件并逐个画成 SVG 流程图（或导出坐标/流程数据 JSON）",
            BUILD_AFTER_HELP_ZH,
        ),
    ] {
        cmd = cmd.mut_subcommand(name, |sub| {
            let mut sub = sub.about(about).after_help(after);
            for &(which, id, help) in ARG_HELP_ZH {
                if (which == "*" || which == name) && sub.get_arguments().any(|a| a.get_id() == id)
                {
                    sub = sub.mut_arg(id, |arg| arg.help(help));
                }
            }
            sub
        });
    }
    cmd
}

/// The language for help and usage errors, looked up before clap parses:
/// a `--lang zh|en` among the arguments, else the environment.
fn lang_hint(args: &[OsString]) -> Lang {
    let mut lang = Lang::from_env();
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let value = match arg.to_str() {
            Some("--") => break,
            Some("--lang") => iter.next().and_then(|v| v.to_str()),
            Some(a) => a.strip_prefix("--lang="),
            None => None,
        };
        match value {
            Some("zh") => lang = Lang::Zh,
            Some("en") => lang = Lang::En,
            _ => {}
        }
    }
    lang
}

fn parse_max_width(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .trim_end_matches("px")
        .parse()
        .map_err(|_| format!("`{s}` is not a number of pixels"))?;
    if v.is_finite() && (MIN_TEXT_WIDTH..=MAX_TEXT_WIDTH).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "must be between {MIN_TEXT_WIDTH} and {MAX_TEXT_WIDTH} px"
        ))
    }
}

fn parse_font(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err("the font family is empty".to_string());
    }
    if s.chars().any(|c| c.is_control()) {
        return Err("the font family contains a control character".to_string());
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Invocation, clap::Error> {
        parse_args(args.iter().map(OsString::from).collect())
    }

    #[test]
    fn command_is_well_formed() {
        Cli::command().debug_assert();
        command(Lang::Zh).debug_assert();
    }

    #[test]
    fn lint_flags_keep_command_line_order_across_deny_and_allow() {
        let Ok(Invocation::Check(opts)) = parse(&[
            "flowc",
            "check",
            "--allow",
            "missing-post",
            "-D",
            "warnings,unused-post",
            "a.flow",
            "--allow=over-limit",
        ]) else {
            panic!("parse failed");
        };
        let got: Vec<(bool, &str)> = opts
            .common
            .lint_flags
            .iter()
            .map(|f| (f.deny, f.name.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (false, "missing-post"),
                (true, "warnings"),
                (true, "unused-post"),
                (false, "over-limit")
            ]
        );
    }

    #[test]
    fn language_colour_and_quiet_go_before_or_after_the_subcommand() {
        for args in [
            ["flowc", "--lang", "zh", "-q", "check", "a.flow"],
            ["flowc", "check", "a.flow", "--lang", "zh", "-q"],
        ] {
            let Ok(Invocation::Check(opts)) = parse(&args) else {
                panic!("parse failed: {args:?}");
            };
            assert_eq!(opts.common.lang, Lang::Zh);
            assert!(opts.common.quiet);
        }
    }

    #[test]
    fn max_width_is_range_checked() {
        assert_eq!(parse_max_width("200"), Ok(200.0));
        assert_eq!(parse_max_width("200px"), Ok(200.0));
        assert!(parse_max_width("0").is_err());
        assert!(parse_max_width("NaN").is_err());
        assert!(parse_max_width("1e9").is_err());
    }

    #[test]
    fn lang_hint_reads_the_flag_before_parsing() {
        let args: Vec<OsString> = ["flowc", "check", "--lang", "zh", "--help"]
            .iter()
            .map(OsString::from)
            .collect();
        assert_eq!(lang_hint(&args), Lang::Zh);
        let args: Vec<OsString> = ["flowc", "--lang=en"].iter().map(OsString::from).collect();
        assert_eq!(lang_hint(&args), Lang::En);
    }
}
