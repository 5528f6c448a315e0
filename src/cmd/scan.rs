//! `taizhang scan`: read every file, analyse it, draft the ledger, write it;
//! and the reading in parallel with a progress bar that `audit` shares.

use super::set_threads;
use crate::cli::ScanArgs;
use crate::ledger::Ledger;
use crate::pipeline::{self, Options};
use crate::report::OutFormat;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `taizhang scan`: read every file, analyse it, draft the ledger, write it.
pub fn run(args: ScanArgs) -> anyhow::Result<ExitCode> {
    use crate::ledger;
    use crate::report;
    set_threads(args.jobs);
    // Listing a large folder takes a few milliseconds: the lexicon is built
    // meanwhile.
    crate::detect::warm_up();
    let inputs = pipeline::collect_inputs(&args.paths);
    if inputs.is_empty() {
        anyhow::bail!("没有找到可扫描的文件；请检查路径是否正确");
    }
    let (format, output, to_stdout) = output_of(args.output.as_deref(), args.format.as_deref())?;
    let mut unit = match crate::config::find(&args.paths) {
        Some(c) => crate::config::unit(&c).map_err(|e| anyhow::anyhow!("{e}"))?,
        None => ledger::UnitInfo::default(),
    };
    if let Some(v) = args.unit {
        unit.name = v;
    }
    if let Some(v) = args.owner {
        unit.owner = v;
    }
    if let Some(v) = args.phone {
        unit.phone = v;
    }
    if let Some(v) = args.deadline {
        unit.deadline = Some(v);
    }
    if let Some(v) = args.level {
        unit.level = v;
    }
    if args.include_higher {
        unit.include_higher = true;
    }
    // With json the only output, each worker renders its documents'
    // findings and entries as json itself (Part::render_json).
    let json_only = format == OutFormat::Json && args.html.is_none();
    let ledger = scan_inputs(
        &inputs,
        args.timeout,
        args.quiet,
        &unit,
        args.html.is_some(),
        json_only,
    )?;
    // json is the largest output: stream it to the file rather than build it.
    if format == OutFormat::Json && !to_stdout {
        let f = report::create_output(&output).map_err(|e| {
            anyhow::anyhow!(
                "无法写入“{}”（{e}）。如果该文件正在打开，请先关闭；或用 -o 换一个文件名",
                output.display()
            )
        })?;
        report::write_json_file(&ledger, f)?;
    }
    let bytes = if format == OutFormat::Json && !to_stdout {
        Vec::new()
    } else {
        report::render(&ledger, format)?
    };
    if format == OutFormat::Json && !to_stdout {
        // written above
    } else if to_stdout {
        let mut out = io::stdout().lock();
        if let Err(e) = out.write_all(&bytes).and_then(|_| out.flush()) {
            if e.kind() != io::ErrorKind::BrokenPipe {
                return Err(e.into());
            }
        }
    } else {
        report::write_output(&output, &bytes).map_err(|e| {
            anyhow::anyhow!(
                "无法写入“{}”（{e}）。如果该文件正在 Excel、WPS 或 Word 中打开，请先关闭；或用 -o 换一个文件名",
                output.display()
            )
        })?;
    }
    // Closing summary on stderr (stdout may carry the ledger).
    let mut summary = summary(&ledger, (!to_stdout).then_some(output.as_path()));
    if let Some(html) = &args.html {
        write_html(&ledger, html)?;
        summary.push_str(&format!("审阅页：{}（用浏览器打开）\n", html.display()));
    }
    eprint!("{summary}");
    // The process ends here: its memory goes back to the system at exit, so
    // the ledger (hundreds of thousands of small strings on a large scan) is
    // not freed one allocation at a time on the last thread (15–25 ms on the
    // 2,401-file benchmark folder).
    std::mem::forget(ledger);
    Ok(ExitCode::SUCCESS)
}

/// Write the review page.
pub fn write_html(ledger: &crate::ledger::Ledger, path: &std::path::Path) -> anyhow::Result<()> {
    let page = crate::report::html::render(ledger);
    crate::report::write_output(path, page.as_bytes()).map_err(|e| {
        anyhow::anyhow!(
            "无法写入审阅页“{}”（{e}）。请检查文件夹是否存在、是否有写入权限，或用 --html 换一个文件名",
            path.display()
        )
    })
}

/// Read and analyse every input in parallel, in path order, with a progress
/// bar on a terminal.
pub fn scan_inputs(
    inputs: &[pipeline::Input],
    timeout: u64,
    quiet: bool,
    unit: &crate::ledger::UnitInfo,
    review: bool,
    json_only: bool,
) -> anyhow::Result<crate::ledger::Ledger> {
    use crate::ledger;
    use std::io::IsTerminal;
    crate::detect::warm_up();
    let opts = Options {
        timeout: std::time::Duration::from_secs(timeout.max(1)),
    };
    let bar = if quiet || !io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} 正在读取 [{bar:30}] {pos}/{len} 个文件，已用 {elapsed}",
        ) {
            b.set_style(style.progress_chars("=> "));
        }
        b
    };
    let mut ledger = ledger::Ledger::new(unit);
    let mut failed = None;
    pipeline::analyse_inputs(
        inputs,
        &opts,
        |docs| {
            docs.into_iter()
                .map(|d| {
                    let mut p = ledger::part(d, unit, review);
                    if json_only {
                        p.render_json()?;
                    }
                    Ok(p)
                })
                .collect::<Result<Vec<_>, crate::report::json::Error>>()
        },
        |parts| {
            bar.inc(1);
            match parts {
                Ok(parts) => {
                    for p in parts {
                        if let Err(e) = ledger.push(p) {
                            failed = failed.take().or(Some(e));
                        }
                    }
                }
                Err(e) => failed = failed.take().or(Some(e)),
            }
        },
    );
    bar.finish_and_clear();
    match failed {
        // The ledger's types are all json can hold: not expected.
        Some(e) => Err(anyhow::anyhow!(
            "无法生成 json 结果（{e}）；请改用 xlsx 输出"
        )),
        None => Ok(ledger),
    }
}

/// The ledger's format, file and whether it goes to stdout (`-o -`), from
/// `-o` and `--format`: the format named, else the file's extension, else
/// xlsx as `失信约束措施台账.xlsx`.
pub fn output_of(
    output: Option<&Path>,
    format: Option<&str>,
) -> anyhow::Result<(OutFormat, PathBuf, bool)> {
    let to_stdout = output == Some(Path::new("-"));
    let format = match (format, output) {
        (Some(f), _) => OutFormat::parse(f).unwrap_or(OutFormat::Xlsx),
        (None, Some(_)) if to_stdout => OutFormat::Json,
        (None, Some(p)) => OutFormat::from_path(p).ok_or_else(|| {
            anyhow::anyhow!(
                "无法从文件名“{}”判断输出格式；请使用 .xlsx、.docx、.csv、.json 或 .md 扩展名，或用 --format 指定",
                p.display()
            )
        })?,
        (None, None) => OutFormat::Xlsx,
    };
    if to_stdout && !format.is_text() {
        anyhow::bail!("xlsx、docx 不能输出到屏幕；请用 -o 指定文件名，或用 --format json、csv、md");
    }
    let file = match output {
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(format!(
            "失信约束措施台账.{}",
            match format {
                OutFormat::Xlsx => "xlsx",
                OutFormat::Docx => "docx",
                OutFormat::Csv => "csv",
                OutFormat::Json => "json",
                OutFormat::Md => "md",
            }
        )),
    };
    Ok((format, file, to_stdout))
}

/// The closing summary of a scan (stderr): files by status, rows, findings
/// by rule, the documents not the unit's own, the files not fully read, and
/// where the ledger was written (`written`: None when it went to stdout).
pub fn summary(ledger: &Ledger, written: Option<&Path>) -> String {
    let count = |s: &str| ledger.files.iter().filter(|f| f.status == s).count();
    let (violations, warnings) = (ledger.tally.violations, ledger.tally.warnings);
    let mut summary = format!(
        "共扫描 {} 个文件：正常 {}，警告 {}，错误 {}，跳过 {}。\n起草台账 {} 行；发现问题 {} 处（违规 {}，提示 {}）。\n",
        ledger.files.len(),
        count("正常"),
        count("警告"),
        count("错误"),
        count("跳过"),
        ledger.rows.len(),
        violations + warnings,
        violations,
        warnings
    );
    for (rule, n) in ledger.findings_by_rule() {
        summary.push_str(&format!("  {rule}：{n} 处\n"));
    }
    let others = ledger
        .files
        .iter()
        .filter(|f| !f.origin.is_empty() && f.origin != "own")
        .count();
    if others > 0 {
        summary.push_str(&if ledger.unit.include_higher {
            format!("其中 {others} 个为法律法规、中央或上级文件（非本单位制发），其台账行只建议“保留”。\n")
        } else {
            format!(
                "另有 {others} 个为法律法规、中央或上级文件（非本单位制发），未起草台账行，列在“上位及参考文件”表；如需为其起草，请加 --include-higher，或用 --level 指明本单位层级。\n"
            )
        });
    }
    let not_documents = ledger
        .files
        .iter()
        .filter(|f| crate::extract::is_not_document(&f.message))
        .count();
    let problems = count("错误") + count("跳过") + count("警告") - not_documents;
    if problems > 0 {
        summary.push_str(&format!(
            "有 {problems} 个文件未能完整读取，原因见“全部文件”表（json 中的 files）。\n"
        ));
    }
    if not_documents > 0 {
        summary.push_str(&format!(
            "另有 {not_documents} 个文件不是公文（电子表格、演示文稿、程序、数据或说明文件），已跳过，无需处理。\n"
        ));
    }
    if let Some(path) = written {
        summary.push_str(&format!("已写入：{}\n", path.display()));
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Extracted, Format};
    use crate::ledger::{self, UnitInfo};

    #[test]
    fn the_output_format_comes_from_the_flag_then_the_extension() {
        let (f, p, out) = output_of(None, None).unwrap();
        assert_eq!(
            (f, p, out),
            (
                OutFormat::Xlsx,
                PathBuf::from("失信约束措施台账.xlsx"),
                false
            )
        );
        let (f, _, out) = output_of(Some(Path::new("-")), None).unwrap();
        assert_eq!((f, out), (OutFormat::Json, true));
        let (f, p, _) = output_of(Some(Path::new("台账.docx")), None).unwrap();
        assert_eq!((f, p), (OutFormat::Docx, PathBuf::from("台账.docx")));
        let (f, _, _) = output_of(Some(Path::new("台账.txt")), Some("csv")).unwrap();
        assert_eq!(f, OutFormat::Csv);
        let e = output_of(Some(Path::new("台账.txt")), None).unwrap_err();
        assert!(e.to_string().contains("--format"), "{e}");
        let e = output_of(Some(Path::new("-")), Some("xlsx")).unwrap_err();
        assert!(e.to_string().contains("不能输出到屏幕"), "{e}");
    }

    #[test]
    fn the_summary_counts_files_rows_and_findings() {
        let text = "青石区物业管理办法\n青政规〔2021〕1号\n第一条 为规范物业管理，制定本办法。\n第二条 拖欠物业服务费的业主，记入个人信用记录。\n";
        let doc = crate::pipeline::build(
            "a.txt".into(),
            Format::Txt,
            Extracted::single(text.to_string(), "text"),
        );
        let unit = UnitInfo::default();
        let mut l = Ledger::new(&unit);
        l.push(ledger::part(doc, &unit, false)).unwrap();
        let s = summary(&l, Some(Path::new("台账.xlsx")));
        assert!(
            s.starts_with("共扫描 1 个文件：正常 1，警告 0，错误 0，跳过 0。\n起草台账 1 行；"),
            "{s}"
        );
        assert!(s.contains("XY301"), "{s}");
        assert!(s.ends_with("已写入：台账.xlsx\n"), "{s}");
        assert!(!summary(&l, None).contains("已写入"));
    }
}
