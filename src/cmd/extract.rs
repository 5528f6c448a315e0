//! `taizhang extract` (the text, meta and structure of each file, for a
//! person to check the reading) and `bench-floor` (the floors of
//! bench/compare.py).

use super::set_threads;
use crate::cli::{BenchFloorArgs, ExtractArgs};
use crate::document::{Document, Status};
use crate::pipeline::{self, Options};
use crate::structure::{self, Unit};
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
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

/// The floors of bench/compare.py: reading every file, or extracting it and
/// running only an aho-corasick scan of the trigger terms.
pub fn run_bench_floor(args: BenchFloorArgs) -> anyhow::Result<ExitCode> {
    use rayon::prelude::*;
    let inputs = pipeline::collect_inputs(&args.paths);
    if args.with_jieba {
        let _ = crate::detect::lexicon().jieba();
    }
    let hits: usize = if args.mode == "read" {
        inputs
            .par_iter()
            .map(|i| std::fs::read(&i.path).map_or(0, |b| b.len()))
            .sum()
    } else {
        let terms = crate::detect::plain_terms();
        let ac = aho_corasick::AhoCorasick::new(&terms)?;
        crate::extract::guard::install_quiet_panic_hook();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Extracted, Format};

    fn doc() -> Document {
        let text = "青石区物业管理办法\n青政规〔2021〕1号\n第一条 为规范物业管理，制定本办法。\n第二条 物业服务企业应当建立信用档案：\n（一）记录违法行为；\n（二）记录投诉处理情况。\n";
        crate::pipeline::build(
            "a.txt".into(),
            Format::Txt,
            Extracted::single(text.to_string(), "text"),
        )
    }

    #[test]
    fn the_text_listing_shows_meta_and_pages() {
        let mut out = Vec::new();
        write_text(&mut out, &doc()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("==== a.txt\n格式："), "{s}");
        assert!(s.contains("标题：青石区物业管理办法\n"), "{s}");
        assert!(s.contains("文号：青政规〔2021〕1号\n"), "{s}");
        assert!(s.contains("---- 第1页 ----\n"), "{s}");
    }

    #[test]
    fn the_structure_listing_indents_items_under_their_article() {
        let mut out = Vec::new();
        write_structure(&mut out, &doc()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.contains("\n第二条　[第1页]　物业服务企业应当建立信用档案："),
            "{s}"
        );
        assert!(
            s.contains("\n  第二条第（一）项　[第1页]　记录违法行为"),
            "{s}"
        );
    }
}
