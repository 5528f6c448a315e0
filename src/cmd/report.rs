//! `taizhang report`: the review page of a saved json scan, with each
//! document's text read again from its file.

use super::scan::write_html;
use crate::cli::ReportArgs;
use crate::document::Document;
use crate::pipeline::{self, Options};
use crate::structure;
use std::process::ExitCode;

/// `report`: the review page of a saved json scan, with each document's
/// text read again from its file.
pub fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    use crate::ledger::{Ledger, ReviewDoc};
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
    crate::extract::guard::install_quiet_panic_hook();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_members_file_is_its_archive() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("文件");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("包.zip"), b"PK").unwrap();
        // Scanned as 文件/包.zip/甲.docx, the json beside 文件/.
        let (display, file) = physical_file("文件/包.zip/甲.docx", tmp.path()).unwrap();
        assert_eq!(display, "文件/包.zip");
        assert_eq!(file, tmp.path().join("文件/包.zip"));
        assert!(physical_file("文件/别的.zip/甲.docx", tmp.path()).is_none());
    }
}
