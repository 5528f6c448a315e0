//! `taizhang audit`: what a submitted ledger missed.

use super::scan::scan_inputs;
use super::{today, write_stdout};
use crate::cli::AuditArgs;
use crate::pipeline;
use std::process::ExitCode;

/// `taizhang audit`: what a submitted ledger missed.
pub fn run(args: AuditArgs) -> anyhow::Result<ExitCode> {
    use crate::audit;
    let submitted = match audit::read_ledger(&args.ledger) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("错误：{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let inputs = pipeline::collect_inputs(&args.paths);
    if inputs.is_empty() {
        anyhow::bail!("没有找到该单位的文件；请检查文件夹路径是否正确");
    }
    let today = match &args.today {
        Some(t) => audit::parse_date(t)
            .ok_or_else(|| anyhow::anyhow!("--today 的日期“{t}”无法识别，请写成 2021-10-31"))?,
        None => today(),
    };
    let drafted = scan_inputs(
        &inputs,
        60,
        args.quiet,
        &crate::ledger::UnitInfo::default(),
        false,
        false,
    )?;
    let report = audit::audit(
        &args.ledger.display().to_string(),
        &submitted,
        &drafted,
        today,
    );
    write_stdout(&audit::render_text(&report))?;
    if let Some(out) = &args.output {
        let format = args
            .format
            .clone()
            .or_else(|| {
                out.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
            })
            .unwrap_or_default();
        let bytes = match format.as_str() {
            "xlsx" => audit::render_xlsx(&report)?,
            "json" => {
                let mut v = serde_json::to_vec_pretty(&report)?;
                v.push(b'\n');
                v
            }
            "md" => audit::render_md(&report).into_bytes(),
            _ => anyhow::bail!(
                "无法从文件名“{}”判断报告格式；请使用 .xlsx、.json 或 .md 扩展名，或用 --format 指定",
                out.display()
            ),
        };
        crate::report::write_output(out, &bytes).map_err(|e| {
            anyhow::anyhow!(
                "无法写入“{}”（{e}）。如果该文件正在打开，请先关闭；或用 -o 换一个文件名",
                out.display()
            )
        })?;
        eprintln!("核查报告已写入：{}", out.display());
    }
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
