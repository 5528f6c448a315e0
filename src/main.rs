//! The thin binary: parse arguments, call the library's commands
//! (`taizhang::cmd`), print what went wrong, set the exit code.

// Many small strings per clause: mimalloc is markedly faster than the system
// allocator here (bench/HISTORY.md) and behaves the same on Windows and Linux.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::error::ErrorKind as ClapError;
use clap::Parser;
use std::process::ExitCode;
use taizhang::cli::{Cli, Command};
use taizhang::cmd;

fn main() -> ExitCode {
    taizhang::prefer_small_pages();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let scanned_dirs: &[std::path::PathBuf] = match &cli.command {
        Command::Scan(a) => &a.paths,
        Command::Audit(a) => &a.paths,
        _ => &[],
    };
    if let Err(e) = cmd::load_lexicons(cli.lexicons.as_deref(), scanned_dirs) {
        eprintln!("错误：{e}。请改正该行后重试（词表语法见 lexicons/README.md）。");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Scan(args) => cmd::scan::run(args),
        Command::Audit(args) => cmd::audit::run(args),
        Command::Report(args) => cmd::report::run(args),
        Command::BenchFloor(args) => cmd::extract::run_bench_floor(args),
        Command::Extract(args) => cmd::extract::run(args),
        Command::Eval(args) => cmd::check::run_eval(args),
        Command::Train(args) => cmd::check::run_train(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Rules(args) => cmd::check::run_rules(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::from(2)
        }
    }
}

/// Command-line mistakes in Chinese, with the way out; help and version print as usual.
fn usage_error(e: clap::Error) -> ExitCode {
    let lead = match e.kind() {
        ClapError::DisplayHelp => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ClapError::DisplayVersion => {
            println!("taizhang {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        ClapError::DisplayHelpOnMissingArgumentOrSubcommand | ClapError::MissingSubcommand => {
            "缺少命令。可用的命令：extract（读取文件）、check（检查条款）、rules（查看规则）、eval（衡量识别效果）"
        }
        ClapError::MissingRequiredArgument => "缺少必需的参数（例如要读取的文件或文件夹路径）",
        ClapError::InvalidSubcommand => "无法识别的命令",
        ClapError::UnknownArgument => "无法识别的选项",
        ClapError::InvalidValue | ClapError::ValueValidation => "选项的取值无效",
        _ => "命令行参数有误",
    };
    let detail = e.to_string();
    let detail = detail
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ");
    let show_detail = matches!(
        e.kind(),
        ClapError::InvalidSubcommand
            | ClapError::UnknownArgument
            | ClapError::InvalidValue
            | ClapError::ValueValidation
    );
    if show_detail {
        eprintln!(
            "错误：{lead}（{detail}）。运行 taizhang --help 或 taizhang 命令 --help 查看用法。"
        );
    } else {
        eprintln!("错误：{lead}。运行 taizhang --help 或 taizhang 命令 --help 查看用法。");
    }
    ExitCode::from(2)
}
