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

/// Open an output file for writing, replacing what it held: written over in
/// place, then cut to the length written ([`Output::finish`]).
///
/// A rerun of a scan writes over its earlier ledger. Truncating it to zero
/// first made ext4, the usual Linux file system, force the new pages to disk
/// when the file was closed (`auto_da_alloc`: 15–25 ms on the 24 MB json of
/// the benchmark folder, on the one thread left at the end of the run);
/// removing it and creating a new file freed its pages and then allocated
/// new ones (7–12 ms). Written over, the pages and blocks the file has are
/// reused (4–6 ms), and the file keeps its permissions and its other hard
/// links. A symbolic link is followed; a read-only file is refused with the
/// reason.
pub fn create_output(path: &Path) -> std::io::Result<Output> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    // Only a regular file is cut at the end (a device or a pipe has no
    // length to set).
    let old_len = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    Ok(Output {
        file,
        old_len,
        written: 0,
    })
}

/// An output file being written over ([`create_output`]).
pub struct Output {
    file: std::fs::File,
    /// The length the regular file had when opened.
    old_len: Option<u64>,
    written: u64,
}

impl Output {
    /// Cut off what is left of the old contents past the bytes written.
    pub fn finish(self) -> std::io::Result<()> {
        match self.old_len {
            Some(old) if old > self.written => self.file.set_len(self.written),
            _ => Ok(()),
        }
    }
}

impl std::io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
        let n = self.file.write_vectored(bufs)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Write `bytes` to `path` through [`create_output`].
pub fn write_output(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = create_output(path)?;
    out.write_all(bytes)?;
    out.finish()
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
/// plus a final line break ([`json::pretty_into`]). A json-only scan has its long
/// arrays (files, rows, findings, documents) rendered as it goes
/// ([`crate::ledger::Rendered`]), and they are only written here; otherwise
/// they are rendered here on all threads a block at a time (on a large scan
/// this is the part of the run that no other thread can help with).
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
    if let Some(r) = &ledger.rendered {
        return write_all_vectored(w, &rendered_pieces(&unit, r));
    }
    w.write_all(b"{\n  \"unit\": ")?;
    w.write_all(&unit)?;
    w.write_all(b",\n  \"files\": ")?;
    array(w, &ledger.files)?;
    w.write_all(b",\n  \"rows\": ")?;
    array(w, &ledger.rows)?;
    w.write_all(b",\n  \"findings\": ")?;
    array(w, &ledger.findings)?;
    w.write_all(b",\n  \"documents\": ")?;
    array(w, &ledger.documents)?;
    w.write_all(b"\n}\n")?;
    Ok(())
}

/// The json ledger written to an output file: the same bytes as
/// [`write_json`]. When the whole was rendered on the workers, its pieces
/// are written with `writev` after the file's blocks are reserved for their
/// known length (on ext4 a quarter less time than leaving each write to find
/// its blocks: 5.7 against 7.4 ms for the 24 MB of the benchmark folder).
pub fn write_json_file(ledger: &Ledger, mut out: Output) -> anyhow::Result<()> {
    use std::io::Write;
    match &ledger.rendered {
        Some(r) => {
            let mut unit = Vec::new();
            json::pretty_into(&mut unit, &ledger.unit, 1)?;
            let pieces = rendered_pieces(&unit, r);
            #[cfg(target_os = "linux")]
            {
                use std::os::fd::AsRawFd;
                let len: usize = pieces.iter().map(|p| p.len()).sum();
                // Only a hint: where the file system cannot reserve,
                // writing finds the blocks as before (and reports a full
                // disk itself).
                // SAFETY: fallocate reads its integer arguments and the
                // descriptor of a file `out` owns; it touches no memory of
                // ours.
                let _ = unsafe { libc::fallocate(out.file.as_raw_fd(), 0, 0, len as libc::off_t) };
            }
            write_all_vectored(&mut out, &pieces)?;
            out.finish()?;
        }
        None => {
            // A megabyte at a time: each write call also updates the file's
            // times in the journal, and 8 KB writes (BufWriter's default)
            // took 20-60 ms for the 24 MB of the benchmark folder, 1 MB
            // writes 8-13 ms.
            let mut w = std::io::BufWriter::with_capacity(1 << 20, out);
            write_json(ledger, &mut w)?;
            w.flush()?;
            w.into_inner().map_err(|e| e.into_error())?.finish()?;
        }
    }
    Ok(())
}

/// The bytes of a ledger whose arrays were all rendered before the end
/// ([`crate::ledger::Rendered`]), in order, as slices of the buffers that
/// hold them: written with `writev`, nothing is copied again.
fn rendered_pieces<'a>(unit: &'a [u8], r: &'a crate::ledger::Rendered) -> Vec<&'a [u8]> {
    let mut out: Vec<&[u8]> = vec![b"{\n  \"unit\": ", unit];
    let mut array = |name: &'static [u8], elements: &mut dyn Iterator<Item = &'a [u8]>| {
        out.push(name);
        let mut first = true;
        for e in elements.filter(|e| !e.is_empty()) {
            if first {
                // Each element follows `,\n    `: the first drops the comma.
                out.push(b"[");
                out.push(&e[1..]);
                first = false;
            } else {
                out.push(e);
            }
        }
        out.push(if first { b"[]" } else { b"\n  ]" });
    };
    array(
        b",\n  \"files\": ",
        &mut std::iter::once(r.files.as_slice()),
    );
    array(b",\n  \"rows\": ", &mut std::iter::once(r.rows.as_slice()));
    array(
        b",\n  \"findings\": ",
        &mut r.findings.iter().map(Vec::as_slice),
    );
    array(
        b",\n  \"documents\": ",
        &mut r.documents.iter().map(Vec::as_slice),
    );
    out.push(b"\n}\n");
    out
}

/// Write every piece, as few `writev` calls as the system allows.
fn write_all_vectored(w: &mut impl std::io::Write, pieces: &[&[u8]]) -> anyhow::Result<()> {
    use std::io::IoSlice;
    /// IOV_MAX on Linux; other systems take what they can of it.
    const BATCH: usize = 1024;
    let mut rest: Vec<&[u8]> = pieces.iter().copied().filter(|p| !p.is_empty()).collect();
    let mut at = 0;
    while at < rest.len() {
        let end = rest.len().min(at + BATCH);
        let slices: Vec<IoSlice> = rest[at..end].iter().map(|p| IoSlice::new(p)).collect();
        match w.write_vectored(&slices) {
            Ok(0) => return Err(std::io::Error::from(std::io::ErrorKind::WriteZero).into()),
            Ok(mut n) => {
                // Past the pieces written whole, into the one written in part.
                while n > 0 {
                    let len = rest[at].len();
                    if n < len {
                        rest[at] = &rest[at][n..];
                        break;
                    }
                    n -= len;
                    at += 1;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
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
    fn output_is_written_over_in_place() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let ino = |p: &std::path::Path| std::fs::metadata(p).unwrap().ino();
        // The same file, cut to the new length, keeping its permissions.
        let plain = dir.path().join("a.json");
        std::fs::write(&plain, "旧的台账，比新的长得多".repeat(50)).unwrap();
        std::fs::set_permissions(&plain, std::fs::Permissions::from_mode(0o600)).unwrap();
        let before = ino(&plain);
        write_output(&plain, b"new").unwrap();
        assert_eq!(ino(&plain), before);
        assert_eq!(std::fs::read(&plain).unwrap(), b"new");
        let mode = std::fs::metadata(&plain).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // Longer than what it held: all of it.
        write_output(&plain, b"much longer than new").unwrap();
        assert_eq!(std::fs::read(&plain).unwrap(), b"much longer than new");
        // A second hard link sees the new bytes.
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
        // A device has no length to cut.
        write_output(std::path::Path::new("/dev/null"), b"nothing").unwrap();
        // A read-only file is refused (or, for root, written like any other).
        let locked = dir.path().join("locked.json");
        std::fs::write(&locked, b"kept, and longer").unwrap();
        let mut perm = std::fs::metadata(&locked).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&locked, perm).unwrap();
        match write_output(&locked, b"new") {
            Ok(()) => assert_eq!(std::fs::read(&locked).unwrap(), b"new"),
            Err(_) => assert_eq!(std::fs::read(&locked).unwrap(), b"kept, and longer"),
        }
    }

    #[test]
    fn vectored_writes_carry_on_after_partial_writes() {
        /// Takes at most 7 bytes per call, across slices, and is
        /// interrupted every third call.
        struct Stingy(Vec<u8>, usize);
        impl std::io::Write for Stingy {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.write_vectored(&[std::io::IoSlice::new(buf)])
            }
            fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
                self.1 += 1;
                if self.1 % 3 == 0 {
                    return Err(std::io::ErrorKind::Interrupted.into());
                }
                let mut n = 0;
                for b in bufs {
                    let take = b.len().min(7 - n);
                    self.0.extend_from_slice(&b[..take]);
                    n += take;
                    if n == 7 {
                        break;
                    }
                }
                Ok(n)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let words: Vec<String> = (0..3000).map(|i| format!("第{i}条，")).collect();
        let mut pieces: Vec<&[u8]> = words.iter().map(|w| w.as_bytes()).collect();
        pieces.insert(5, b"");
        let mut w = Stingy(Vec::new(), 0);
        write_all_vectored(&mut w, &pieces).unwrap();
        assert_eq!(w.0, pieces.concat());
    }

    #[test]
    fn parallel_json_is_the_bytes_of_serde_json() {
        use crate::ledger::{analyse, build, UnitInfo};
        use crate::pipeline::{collect_inputs, read_file, Options};
        let unit = UnitInfo::default();
        let empty = build(&[], &unit).unwrap();
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
        let ledger = build(&scanned, &unit).unwrap();
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
            spooled.push(p).unwrap();
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
        quiet.push(p).unwrap();
        let mut plain = crate::ledger::Ledger::new(&unit);
        plain
            .push(crate::ledger::part_of(none, &unit, false))
            .unwrap();
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
