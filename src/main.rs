//! The thin binary: parse arguments, dispatch, set the exit code.

// Many small strings per clause: mimalloc is markedly faster than the system
// allocator here (BENCHMARKS.md) and behaves the same on Windows and Linux.
#[global_allocator]
static GLOBAL: taizhang::alloc::MiMalloc = taizhang::alloc::MiMalloc;

use clap::error::ErrorKind as ClapError;
use clap::Parser;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use taizhang::cli::{
    AuditArgs, BenchFloorArgs, CheckArgs, Cli, Command, EvalArgs, ExtractArgs, ReportArgs,
    RulesArgs, ScanArgs, TrainArgs,
};
use taizhang::document::{Document, Status};
use taizhang::pipeline::{self, Options};
use taizhang::structure::{self, Unit};

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
    if let Err(e) = load_lexicons(cli.lexicons.as_deref(), scanned_dirs) {
        eprintln!("错误：{e}。请改正该行后重试（词表语法见 lexicons/README.md）。");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Audit(args) => run_audit(args),
        Command::Report(args) => run_report(args),
        Command::BenchFloor(args) => run_bench_floor(args),
        Command::Extract(args) => run_extract(args),
        Command::Eval(args) => run_eval(args),
        Command::Train(args) => run_train(args),
        Command::Check(args) => run_check(args),
        Command::Rules(args) => run_rules(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::from(2)
        }
    }
}

/// Local lexicon additions from `--lexicons DIR`, else from the
/// `taizhang.toml` of the scanned folder or the working directory; every file
/// is validated before any work.
fn load_lexicons(
    flag: Option<&std::path::Path>,
    scanned: &[std::path::PathBuf],
) -> Result<(), taizhang::lexicon::LexiconError> {
    use taizhang::lexicon;
    let dir = match flag {
        Some(d) => Some(d.to_path_buf()),
        None => match taizhang::config::find(scanned) {
            Some(config) => lexicon::dir_from_config(&config)?,
            None => None,
        },
    };
    let Some(dir) = dir else {
        return Ok(());
    };
    lexicon::set_local_dir(Some(&dir))?;
    taizhang::detect::init()?;
    taizhang::origin::init()?;
    taizhang::basis::load_registry(&lexicon::sources("basis.tsv"))?;
    Ok(())
}

/// `taizhang scan`: read every file, analyse it, draft the ledger, write it.
fn run_scan(args: ScanArgs) -> anyhow::Result<ExitCode> {
    use taizhang::ledger;
    use taizhang::report::{self, OutFormat};
    set_threads(args.jobs);
    // Listing a large folder takes a few milliseconds: the lexicon is built
    // meanwhile.
    taizhang::detect::warm_up();
    let inputs = pipeline::collect_inputs(&args.paths);
    if inputs.is_empty() {
        anyhow::bail!("没有找到可扫描的文件；请检查路径是否正确");
    }
    let to_stdout = args.output.as_deref() == Some(std::path::Path::new("-"));
    let format = match (&args.format, &args.output) {
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
    let output = match &args.output {
        Some(p) => p.clone(),
        None => std::path::PathBuf::from(format!(
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
    let mut unit = match taizhang::config::find(&args.paths) {
        Some(c) => taizhang::config::unit(&c).map_err(|e| anyhow::anyhow!("{e}"))?,
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
    let problems = count("错误") + count("跳过") + count("警告");
    if problems > 0 {
        summary.push_str(&format!(
            "有 {problems} 个文件未能完整读取，原因见“全部文件”表（json 中的 files）。\n"
        ));
    }
    if !to_stdout {
        summary.push_str(&format!("已写入：{}\n", output.display()));
    }
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
fn write_html(ledger: &taizhang::ledger::Ledger, path: &std::path::Path) -> anyhow::Result<()> {
    let page = taizhang::report::html::render(ledger);
    taizhang::report::write_output(path, page.as_bytes()).map_err(|e| {
        anyhow::anyhow!(
            "无法写入审阅页“{}”（{e}）。请检查文件夹是否存在、是否有写入权限，或用 --html 换一个文件名",
            path.display()
        )
    })
}

/// `report`: the review page of a saved json scan, with each document's
/// text read again from its file.
fn run_report(args: ReportArgs) -> anyhow::Result<ExitCode> {
    use taizhang::ledger::{Ledger, ReviewDoc};
    let bytes = std::fs::read(&args.scan).map_err(|e| {
        anyhow::anyhow!(
            "无法读取“{}”（{e}）。请确认文件名，它应是用 taizhang scan -o 结果.json 保存的扫描结果",
            args.scan.display()
        )
    })?;
    let mut ledger: Ledger = serde_json::from_slice(&bytes).map_err(|e| {
        anyhow::anyhow!(
            "“{}”不是 taizhang 的扫描结果（{e}）。请用 taizhang scan 文件夹 -o 结果.json 重新生成",
            args.scan.display()
        )
    })?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.scan.with_extension("html"));
    taizhang::extract::guard::install_quiet_panic_hook();
    let opts = Options {
        timeout: std::time::Duration::from_secs(args.timeout.max(1)),
    };
    // The documents the page shows, each read again from its file.
    let mut wanted: std::collections::BTreeSet<&str> =
        ledger.documents.iter().map(|d| d.path.as_str()).collect();
    wanted.extend(ledger.findings.iter().map(|f| f.finding.path.as_str()));
    let base = args
        .scan
        .parent()
        .map(|p| p.to_path_buf())
        .unwrap_or_default();
    let mut read: std::collections::BTreeMap<String, Vec<Document>> = Default::default();
    let mut review = Vec::new();
    for f in &ledger.files {
        if !wanted.contains(f.path.as_str()) {
            continue;
        }
        let missing = |why: String| ReviewDoc {
            path: f.path.clone(),
            text: None,
            units: Vec::new(),
            missing: why,
        };
        let Some((display, file)) = physical_file(&f.path, &base) else {
            review.push(missing(format!(
                "原文件“{}”已不在原处（已移动或删除）；请在扫描时所在的文件夹中运行本命令",
                f.path
            )));
            continue;
        };
        let docs = read.entry(display.clone()).or_insert_with(|| {
            pipeline::read_file(
                &pipeline::Input {
                    path: file,
                    display,
                },
                &opts,
            )
        });
        match docs.iter().find(|d| d.path == f.path) {
            Some(d) if !d.norm.text.is_empty() => review.push(ReviewDoc {
                path: f.path.clone(),
                text: Some(d.norm.clone()),
                units: structure::parse(&d.norm),
                missing: String::new(),
            }),
            Some(d) => review.push(missing(format!("原文件读取失败：{}", d.message))),
            None => review.push(missing(format!("在“{}”中找不到该文件", f.path))),
        }
    }
    ledger.review = review;
    write_html(&ledger, &output)?;
    eprintln!(
        "审阅页：{}（{} 个文件，用浏览器打开）",
        output.display(),
        ledger.review.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// The file on disk behind a scanned path (an archive member's path runs on
/// past its archive): tried as given, then beside the json. Returns the
/// path as it was scanned up to the file, and where the file is now.
fn physical_file(path: &str, base: &std::path::Path) -> Option<(String, std::path::PathBuf)> {
    let parts: Vec<&str> = path.split('/').collect();
    for n in 1..=parts.len() {
        let prefix = parts[..n].join("/");
        if prefix.is_empty() {
            continue;
        }
        for dir in [std::path::Path::new(""), base] {
            let p = dir.join(&prefix);
            if p.is_file() {
                return Some((prefix, p));
            }
        }
    }
    None
}

/// Read and analyse every input in parallel, in path order, with a progress
/// bar on a terminal.
fn scan_inputs(
    inputs: &[pipeline::Input],
    timeout: u64,
    quiet: bool,
    unit: &taizhang::ledger::UnitInfo,
    review: bool,
    json_only: bool,
) -> anyhow::Result<taizhang::ledger::Ledger> {
    use std::io::IsTerminal;
    use taizhang::ledger;
    taizhang::detect::warm_up();
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
                .collect::<Result<Vec<_>, taizhang::report::json::Error>>()
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

/// The floors of bench/compare.py: reading every file, or extracting it and
/// running only an aho-corasick scan of the trigger terms.
fn run_bench_floor(args: BenchFloorArgs) -> anyhow::Result<ExitCode> {
    use rayon::prelude::*;
    let inputs = pipeline::collect_inputs(&args.paths);
    if args.with_jieba {
        let _ = taizhang::detect::lexicon().jieba();
    }
    let hits: usize = if args.mode == "read" {
        inputs
            .par_iter()
            .map(|i| std::fs::read(&i.path).map_or(0, |b| b.len()))
            .sum()
    } else {
        let terms = taizhang::detect::plain_terms();
        let ac = aho_corasick::AhoCorasick::new(&terms)?;
        taizhang::extract::guard::install_quiet_panic_hook();
        let opts = Options::default();
        inputs
            .par_iter()
            .map(|i| {
                pipeline::read_file(i, &opts)
                    .iter()
                    .map(|d| ac.find_iter(&d.norm.text).count())
                    .sum::<usize>()
            })
            .sum()
    };
    println!("{} files, {hits}", inputs.len());
    Ok(ExitCode::SUCCESS)
}

/// Today's date (UTC) as (year, month, day), from the system clock.
fn today() -> (i32, u32, u32) {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// `taizhang audit`: what a submitted ledger missed.
fn run_audit(args: AuditArgs) -> anyhow::Result<ExitCode> {
    use taizhang::audit;
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
        &taizhang::ledger::UnitInfo::default(),
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
        taizhang::report::write_output(out, &bytes).map_err(|e| {
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

fn set_threads(jobs: Option<usize>) {
    if let Some(n) = jobs.filter(|&n| n > 0) {
        // Fails only when a pool already exists; then the default pool is used.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
}

fn run_extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    set_threads(args.jobs);
    let inputs = pipeline::collect_inputs(&args.paths);
    if inputs.is_empty() {
        anyhow::bail!("没有找到可读取的文件；请检查路径是否正确");
    }
    let opts = Options {
        timeout: std::time::Duration::from_secs(args.timeout.max(1)),
    };
    // Written from whichever worker feeds the sink: the handle, not a lock
    // held by this thread.
    let mut out = BufWriter::new(io::stdout());
    let mut counts = [0usize; 4];
    let mut io_err: Option<io::Error> = None;
    pipeline::read_inputs(&inputs, &opts, |doc| {
        counts[doc.status as usize] += 1;
        if io_err.is_some() {
            return;
        }
        let r = match (args.json, args.structure) {
            (true, false) => writeln!(out, "{}", doc.to_json()),
            (true, true) => {
                let mut v = doc.to_json();
                v["units"] = serde_json::to_value(structure::parse(&doc.norm)).unwrap_or_default();
                writeln!(out, "{v}")
            }
            (false, false) => write_text(&mut out, &doc),
            (false, true) => write_structure(&mut out, &doc),
        };
        if let Err(e) = r {
            io_err = Some(e);
        }
    });
    if let Some(e) = io_err {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(e.into());
        }
    }
    out.flush().ok();
    let total: usize = counts.iter().sum();
    eprintln!(
        "共 {total} 个文件：正常 {}，警告 {}，错误 {}，跳过 {}",
        counts[Status::Ok as usize],
        counts[Status::Warning as usize],
        counts[Status::Error as usize],
        counts[Status::Skipped as usize]
    );
    Ok(ExitCode::SUCCESS)
}

fn write_text(out: &mut impl Write, d: &Document) -> io::Result<()> {
    writeln!(out, "==== {}", d.path)?;
    write!(out, "格式：{}　状态：{}", d.format.name(), d.status.label())?;
    if !d.engine.is_empty() {
        write!(out, "　读取方式：{}", d.engine)?;
    }
    writeln!(out)?;
    if !d.message.is_empty() {
        writeln!(out, "说明：{}", d.message)?;
    }
    if matches!(d.status, Status::Error | Status::Skipped) || d.norm.text.is_empty() {
        writeln!(out)?;
        return Ok(());
    }
    let m = &d.meta;
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "（未识别）".to_string());
    writeln!(out, "标题：{}", show(&m.title))?;
    if let Some(c) = &m.carried_title {
        writeln!(out, "所印发文件：{c}")?;
    }
    writeln!(out, "文号：{}", show(&m.docno))?;
    writeln!(out, "发文机关：{}", show(&m.issuer))?;
    writeln!(out, "成文日期：{}", show(&m.date))?;
    for a in &m.attachments {
        writeln!(
            out,
            "附件：{}{}（第{}页）",
            a.label,
            a.title
                .as_deref()
                .map(|t| format!(" {t}"))
                .unwrap_or_default(),
            a.page
        )?;
    }
    writeln!(out, "页数：{}", d.page_count())?;
    for n in 1..=d.page_count() {
        writeln!(out, "---- 第{n}页 ----")?;
        let t = d.norm.page_text(n);
        if !t.is_empty() {
            writeln!(out, "{t}")?;
        }
    }
    for e in &d.extras {
        writeln!(out, "---- {} ----", e.kind.label())?;
        writeln!(out, "{}", e.text.trim_end())?;
    }
    writeln!(out)
}

fn write_structure(out: &mut impl Write, d: &Document) -> io::Result<()> {
    writeln!(out, "==== {}", d.path)?;
    if !d.message.is_empty() {
        writeln!(out, "说明：{}", d.message)?;
    }
    fn walk(out: &mut impl Write, units: &[Unit], depth: usize) -> io::Result<()> {
        for u in units {
            // The only 款 of an article repeats the article: show its items in its place.
            if u.kind == structure::UnitKind::Paragraph && u.label.is_empty() {
                walk(out, &u.children, depth)?;
                continue;
            }
            let cite = if u.cite.is_empty() {
                "（标题）"
            } else {
                &u.cite
            };
            let mut text: String = u.text.chars().take(40).collect();
            if u.text.chars().count() > 40 {
                text.push('…');
            }
            writeln!(
                out,
                "{}{cite}　[第{}页]　{text}",
                "  ".repeat(depth),
                u.page
            )?;
            walk(out, &u.children, depth + 1)?;
        }
        Ok(())
    }
    walk(out, &structure::parse(&d.norm), 0)?;
    writeln!(out)
}

fn run_eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let text = taizhang::train::eval_command(&args).map_err(|e| anyhow::anyhow!(e))?;
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn run_train(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let text = taizhang::train::train_command(&args).map_err(|e| anyhow::anyhow!(e))?;
    eprint!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn write_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

fn run_rules(args: RulesArgs) -> anyhow::Result<ExitCode> {
    use taizhang::rules;
    match args.rule {
        None => {
            let mut text = String::from("代码   名称                           级别  说明\n");
            for r in rules::RULES.iter() {
                text.push_str(&rules::list_line(r));
                text.push('\n');
            }
            text.push_str(
                "\n查看某条规则的说明：taizhang rules 代码或名称（如 taizhang rules XY401）\n",
            );
            write_stdout(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(key) => match rules::find(&key) {
            Some(r) => {
                write_stdout(&rules::explain(r))?;
                Ok(ExitCode::SUCCESS)
            }
            None => {
                anyhow::bail!("没有名为“{key}”的规则；运行 taizhang rules 查看全部规则的代码和名称")
            }
        },
    }
}

fn run_check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    use taizhang::check;
    use taizhang::rules::Severity;
    let inputs = pipeline::collect_inputs(&args.paths);
    if inputs.is_empty() {
        anyhow::bail!("没有找到可检查的文件；请检查路径是否正确");
    }
    taizhang::detect::warm_up();
    let opts = Options::default();
    let json = args.format == "json";
    let (mut files, mut unread, mut violations, mut warnings) = (0usize, 0usize, 0usize, 0usize);
    let mut text = String::new();
    // Documents are analysed on all threads and reported in path order.
    let analysed = |docs: Vec<taizhang::document::Document>| {
        docs.into_iter()
            .map(|doc| {
                if matches!(doc.status, Status::Error | Status::Skipped) || doc.norm.text.is_empty()
                {
                    Err((doc.path, doc.message))
                } else {
                    let a = check::analyse(&doc);
                    Ok(check::check(&doc, &a))
                }
            })
            .collect::<Vec<_>>()
    };
    let mut report = |result: Result<Vec<check::Finding>, (String, String)>| {
        files += 1;
        let findings = match result {
            Ok(f) => f,
            Err((path, message)) => {
                unread += 1;
                if !json {
                    text.push_str(&format!("{path}: 未能检查：{message}\n"));
                }
                return;
            }
        };
        for f in findings {
            match f.severity {
                Severity::Violation => violations += 1,
                Severity::Warning => warnings += 1,
            }
            if json {
                text.push_str(&serde_json::to_string(&f).unwrap_or_default());
                text.push('\n');
            } else {
                let cite = if f.cite.is_empty() { "全文" } else { &f.cite };
                text.push_str(&format!(
                    "{}:{}: {} [{} {}] {}\n    「{}」\n",
                    f.path, f.page, cite, f.rule, f.name, f.message, f.quote
                ));
            }
        }
    };
    pipeline::analyse_inputs(&inputs, &opts, analysed, |results| {
        results.into_iter().for_each(&mut report)
    });
    if !json {
        text.push_str(&format!(
            "\n共检查 {files} 个文件：发现违规 {violations} 处，提示 {warnings} 处；未能读取 {unread} 个。查看规则说明：taizhang rules 代码\n"
        ));
    }
    write_stdout(&text)?;
    Ok(if violations > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
