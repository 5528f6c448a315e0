//! Writers of the ledger: xlsx and docx as units submit them, csv, json and
//! Markdown. Same ledger → same bytes (no timestamps, no hash order).

mod docx;
pub mod html;
pub mod json;
mod xlsx;

use crate::ledger::{Ledger, COLUMNS, NOTES};
use std::path::Path;

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    Xlsx,
    Docx,
    Csv,
    Json,
    Md,
}

impl OutFormat {
    pub fn parse(s: &str) -> Option<OutFormat> {
        match s.to_ascii_lowercase().as_str() {
            "xlsx" => Some(OutFormat::Xlsx),
            "docx" => Some(OutFormat::Docx),
            "csv" => Some(OutFormat::Csv),
            "json" => Some(OutFormat::Json),
            "md" | "markdown" => Some(OutFormat::Md),
            _ => None,
        }
    }

    /// The format a file name asks for by its extension.
    pub fn from_path(p: &Path) -> Option<OutFormat> {
        p.extension()
            .and_then(|e| e.to_str())
            .and_then(OutFormat::parse)
    }

    /// Whether the bytes are text (may go to stdout).
    pub fn is_text(self) -> bool {
        matches!(self, OutFormat::Csv | OutFormat::Json | OutFormat::Md)
    }
}

/// Open an output file for writing, replacing what it held.
///
/// Where the file exists as a plain file with a single name, it is removed
/// and created anew rather than truncated: ext4, the usual Linux file system,
/// forces the pages of a file that was truncated to zero and rewritten to
/// disk when it is closed (`auto_da_alloc`), and every rerun of a scan over
/// its earlier ledger waited for that (15–25 ms on a 24 MB json, on the one
/// thread left at the end of the run). A symbolic link, a file with other
/// hard links and a read-only file are opened as before (written through,
/// or refused with the reason); so is any file that cannot be removed.
pub fn create_output(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(m) = std::fs::symlink_metadata(path) {
            if m.file_type().is_file() && m.nlink() == 1 && !m.permissions().readonly() {
                let _ = std::fs::remove_file(path);
            }
        }
    }
    std::fs::File::create(path)
}

/// Write `bytes` to `path` through [`create_output`].
pub fn write_output(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    create_output(path)?.write_all(bytes)
}

/// The ledger in `format`.
pub fn render(ledger: &Ledger, format: OutFormat) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        OutFormat::Xlsx => xlsx::render(ledger)?,
        OutFormat::Docx => docx::render(ledger)?,
        OutFormat::Csv => csv(ledger).into_bytes(),
        OutFormat::Json => {
            let mut v = Vec::new();
            write_json(ledger, &mut v)?;
            v
        }
        OutFormat::Md => markdown(ledger).into_bytes(),
    })
}

/// The ledger as pretty json, the same bytes as `serde_json::to_writer_pretty`
/// plus a final line break ([`json::Pretty`]), with the long arrays (files,
/// rows, findings, documents) rendered on all threads a block at a time: on
/// a large scan this is the part of the run that no other thread can help
/// with.
pub fn write_json(ledger: &Ledger, w: &mut impl std::io::Write) -> anyhow::Result<()> {
    use rayon::prelude::*;
    use serde::Serialize;

    /// Elements rendered at once (bounds the memory held in buffers), and
    /// by one task (one buffer each).
    const BLOCK: usize = 2048;
    const TASK: usize = 64;

    fn array<T: Serialize + Sync>(w: &mut impl std::io::Write, items: &[T]) -> anyhow::Result<()> {
        if items.is_empty() {
            w.write_all(b"[]")?;
            return Ok(());
        }
        w.write_all(b"[")?;
        for (b, block) in items.chunks(BLOCK).enumerate() {
            let parts: Vec<Vec<u8>> = block
                .par_chunks(TASK)
                .enumerate()
                .map(|(t, task)| {
                    let mut out = Vec::with_capacity(512 * task.len());
                    for (i, x) in task.iter().enumerate() {
                        let first = b == 0 && t == 0 && i == 0;
                        out.extend_from_slice(if first { b"\n    " } else { b",\n    " });
                        json::pretty_into(&mut out, x, 2)?;
                    }
                    Ok(out)
                })
                .collect::<Result<_, json::Error>>()?;
            for p in parts {
                w.write_all(&p)?;
            }
        }
        w.write_all(b"\n  ]")?;
        Ok(())
    }

    let mut unit = Vec::new();
    json::pretty_into(&mut unit, &ledger.unit, 1)?;
    w.write_all(b"{\n  \"unit\": ")?;
    w.write_all(&unit)?;
    w.write_all(b",\n  \"files\": ")?;
    array(w, &ledger.files)?;
    w.write_all(b",\n  \"rows\": ")?;
    array(w, &ledger.rows)?;
    /// Elements rendered on the workers, each after `,\n    `.
    fn rendered(w: &mut impl std::io::Write, parts: &[Vec<u8>]) -> anyhow::Result<()> {
        let mut first = true;
        for p in parts.iter().filter(|p| !p.is_empty()) {
            if first {
                w.write_all(b"[")?;
                w.write_all(&p[1..])?;
                first = false;
            } else {
                w.write_all(p)?;
            }
        }
        w.write_all(if first { b"[]" } else { b"\n  ]" })?;
        Ok(())
    }

    w.write_all(b",\n  \"findings\": ")?;
    match &ledger.rendered {
        Some(r) => rendered(w, &r.findings)?,
        None => array(w, &ledger.findings)?,
    }
    w.write_all(b",\n  \"documents\": ")?;
    match &ledger.rendered {
        Some(r) => rendered(w, &r.documents)?,
        None => array(w, &ledger.documents)?,
    }
    w.write_all(b"\n}\n")?;
    Ok(())
}

/// A cell that a spreadsheet would read as a formula (= + - @, and the tab
/// and carriage return that some readers strip first) gets a leading
/// apostrophe, so it is shown as text and never evaluated.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// RFC 4180 field: quoted when it holds a comma, quote or line break.
fn csv_field(cell: &str) -> String {
    let cell = neutralise(cell);
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// The ledger as CSV: UTF-8 with BOM (so Excel and WPS open it as UTF-8),
/// CRLF line ends, the 14 template columns.
pub fn csv(ledger: &Ledger) -> String {
    let mut out = String::from("\u{feff}");
    let line = |cells: &[String]| -> String {
        let mut l = cells
            .iter()
            .map(|c| csv_field(c))
            .collect::<Vec<_>>()
            .join(",");
        l.push_str("\r\n");
        l
    };
    out.push_str(&line(&COLUMNS.map(String::from)));
    for r in &ledger.rows {
        out.push_str(&line(&r.cells()));
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The ledger as a Markdown table, with the title and the template's notes.
pub fn markdown(ledger: &Ledger) -> String {
    let mut out = format!("# {}\n\n", ledger.title());
    out.push_str(&format!("| {} |\n", COLUMNS.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(COLUMNS.len())));
    for r in &ledger.rows {
        let cells: Vec<String> = r.cells().iter().map(|c| md_cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    if ledger.rows.is_empty() {
        out.push_str("\n（未发现涉及信用信息纳入共享公开、“黑名单”认定或失信惩戒措施的文件。）\n");
    }
    out.push('\n');
    for n in NOTES {
        out.push_str(n);
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_replaces_what_the_file_held() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("台账.json");
        write_output(&p, "旧的台账，比新的长得多".repeat(100).as_bytes()).unwrap();
        write_output(&p, "新台账".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "新台账");
        // A folder that does not exist is reported by the open, not swallowed.
        assert!(write_output(&dir.path().join("无此目录/台账.json"), b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn output_is_a_new_file_unless_other_names_share_it() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let ino = |p: &std::path::Path| std::fs::metadata(p).unwrap().ino();
        // A plain file is created anew (no truncate-and-rewrite, which ext4
        // forces to disk on close).
        let plain = dir.path().join("a.json");
        std::fs::write(&plain, b"old").unwrap();
        let before = ino(&plain);
        let _keep = std::fs::File::open(&plain).unwrap(); // the old inode stays allocated
        write_output(&plain, b"new").unwrap();
        assert_ne!(ino(&plain), before);
        assert_eq!(std::fs::read(&plain).unwrap(), b"new");
        // A second hard link sees the new bytes: that file is written in place.
        let other = dir.path().join("b.json");
        std::fs::hard_link(&plain, &other).unwrap();
        write_output(&plain, b"newer").unwrap();
        assert_eq!(std::fs::read(&other).unwrap(), b"newer");
        // A symbolic link stays a link, and its target gets the bytes.
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&other, &link).unwrap();
        write_output(&link, b"newest").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&other).unwrap(), b"newest");
        assert_eq!(std::fs::read(&plain).unwrap(), b"newest");
        // A read-only file is never replaced behind its owner's back: it is
        // refused (or, for root, written in place like any truncated file).
        let locked = dir.path().join("locked.json");
        std::fs::write(&locked, b"kept").unwrap();
        let mut perm = std::fs::metadata(&locked).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&locked, perm).unwrap();
        let before = ino(&locked);
        match write_output(&locked, b"new") {
            Ok(()) => assert_eq!(ino(&locked), before),
            Err(_) => assert_eq!(std::fs::read(&locked).unwrap(), b"kept"),
        }
    }

    #[test]
    fn parallel_json_is_the_bytes_of_serde_json() {
        use crate::ledger::{analyse, build, UnitInfo};
        use crate::pipeline::{collect_inputs, read_file, Options};
        let unit = UnitInfo::default();
        let empty = build(&[], &unit);
        let mut got = Vec::new();
        write_json(&empty, &mut got).unwrap();
        let mut want = serde_json::to_vec_pretty(&empty).unwrap();
        want.push(b'\n');
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(want).unwrap()
        );

        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/docs/t");
        let scanned: Vec<_> = collect_inputs(&[dir])
            .iter()
            .flat_map(|i| read_file(i, &Options::default()))
            .map(analyse)
            .collect();
        let ledger = build(&scanned, &unit);
        assert!(!ledger.rows.is_empty() && !ledger.findings.is_empty());
        let mut got = Vec::new();
        write_json(&ledger, &mut got).unwrap();
        let mut want = serde_json::to_vec_pretty(&ledger).unwrap();
        want.push(b'\n');
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(want.clone()).unwrap()
        );

        // The same ledger with the findings and documents rendered part by
        // part, as the workers of a json-only scan render them.
        let mut spooled = crate::ledger::Ledger::new(&unit);
        for s in &scanned {
            let mut p = crate::ledger::part_of(s, &unit, false);
            p.render_json().unwrap();
            spooled.push(p);
        }
        assert!(spooled.findings.is_empty() && spooled.documents.is_empty());
        assert_eq!(spooled.findings_by_rule(), ledger.findings_by_rule());
        assert!(spooled.tally.violations > 0 && spooled.tally.warnings > 0);
        let mut got = Vec::new();
        write_json(&spooled, &mut got).unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(want).unwrap()
        );

        // Only a part without findings or document: empty arrays.
        let confusable = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/docs/d/004-shengtai-xiufu-fangan.txt");
        let none = &collect_inputs(&[confusable])
            .iter()
            .flat_map(|i| read_file(i, &Options::default()))
            .map(analyse)
            .collect::<Vec<_>>()[0];
        assert!(none.findings.is_empty() && none.analysis.as_ref().unwrap().provisions.is_empty());
        let mut quiet = crate::ledger::Ledger::new(&unit);
        let mut p = crate::ledger::part_of(none, &unit, false);
        p.render_json().unwrap();
        quiet.push(p);
        let mut plain = crate::ledger::Ledger::new(&unit);
        plain.push(crate::ledger::part_of(none, &unit, false));
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write_json(&quiet, &mut a).unwrap();
        write_json(&plain, &mut b).unwrap();
        let (a, b) = (String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
        assert!(a.contains("\"findings\": []") && a.contains("\"documents\": []"));
        assert_eq!(a, b);
    }

    #[test]
    fn formulas_are_neutralised_and_csv_is_quoted() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM"), "'@SUM");
        assert_eq!(neutralise("《办法》"), "《办法》");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("他说\"好\""), "\"他说\"\"好\"\"\"");
        assert_eq!(csv_field("+86 123"), "'+86 123");
    }
}
