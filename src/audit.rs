//! `taizhang audit`: compare a unit's submitted ledger with the unit's
//! documents and list what it missed, each problem with its evidence.
//!
//! The ledger is read as units send it: xlsx, xls, csv (UTF-8 with or without
//! BOM, or GBK) or a Word table. The header row is found wherever it is, its
//! wording may differ from the template's, 示例 rows and notes are skipped,
//! and 是/否 may be written 是, 否, √, ×, Y, N or left blank.

use crate::ledger::{Ledger, Row};
use serde::Serialize;
use std::io::Cursor;
use std::path::Path;

/// A submitted ledger that cannot be read as one.
#[derive(Debug)]
pub struct LedgerError(pub String);

impl std::fmt::Display for LedgerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LedgerError {}

/// Which template column a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Seq,
    Name,
    DocNo,
    Share,
    Blacklist,
    Discipline,
    Summary,
    National,
    Local,
    BasisText,
    Disposition,
    Deadline,
    Unit,
    Owner,
    Phone,
}

/// A header cell's column, by the words it holds (the template's wording
/// or a unit's own: 文件名称, 是否涉及黑名单, 完成时限 …).
fn column_of(cell: &str) -> Option<Col> {
    let c: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    let has = |w: &str| c.contains(w);
    Some(if c == "序号" || c == "编号" {
        Col::Seq
    } else if has("黑名单") {
        Col::Blacklist
    } else if has("惩戒") {
        Col::Discipline
    } else if has("共享") || has("纳入") {
        Col::Share
    } else if has("国家") && has("依据") {
        Col::National
    } else if has("地方性法规") {
        Col::Local
    } else if has("名称") {
        Col::Name
    } else if has("文号") {
        Col::DocNo
    } else if has("摘要") || has("相关内容") {
        Col::Summary
    } else if has("依据") {
        Col::BasisText
    } else if has("处置") {
        Col::Disposition
    } else if has("完成时间") || has("时限") || has("完成时限") {
        Col::Deadline
    } else if has("责任单位") {
        Col::Unit
    } else if has("责任人") {
        Col::Owner
    } else if has("电话") {
        Col::Phone
    } else {
        return None;
    })
}

/// One row of the submitted ledger.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SubmittedRow {
    /// Line (1-based) in the file or sheet.
    pub line: usize,
    pub name: String,
    pub docno: String,
    pub share: Option<bool>,
    pub blacklist: Option<bool>,
    pub discipline: Option<bool>,
    pub national: Option<bool>,
    pub local: Option<bool>,
    pub basis_text: String,
    pub disposition: String,
    pub deadline: String,
    pub unit: String,
    pub owner: String,
    pub phone: String,
    /// Which of the optional columns the ledger has.
    #[serde(skip)]
    has: Vec<Col>,
}

/// 是/否 as units write it.
pub fn yes_no(cell: &str) -> Option<bool> {
    let c = cell.trim();
    match c {
        "是" | "√" | "✓" | "✔" | "Y" | "y" | "Yes" | "YES" | "yes" | "有" | "涉及" => {
            Some(true)
        }
        "否" | "×" | "✗" | "✘" | "X" | "x" | "N" | "n" | "No" | "NO" | "no" | "无" | "不涉及" => {
            Some(false)
        }
        _ if c.starts_with('是') => Some(true),
        _ if c.starts_with('否') => Some(false),
        _ => None,
    }
}

/// What a user does with a ledger file that cannot be read.
pub(crate) const RESAVE_ADVICE: &str = "请用 Excel 或 WPS 打开该文件，另存为 xlsx 后重新核查";

/// Read a submitted ledger into rows.
pub fn read_ledger(path: &Path) -> Result<Vec<SubmittedRow>, LedgerError> {
    let shown = path.display();
    let bytes =
        std::fs::read(path).map_err(|e| LedgerError(format!("无法读取台账文件 {shown}（{e}）")))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    // The spreadsheet and Word readers are third-party parsers: a panic or
    // an endless loop on a damaged file becomes this file's error, not the
    // end of the audit (a damaged xls made calamine panic: found by the
    // `ledger` fuzz target, corpus/fixtures/fuzz/ledger/).
    let guarded = {
        let ext = ext.clone();
        crate::extract::guard::run_guarded(std::time::Duration::from_secs(60), move || {
            Ok(grids_of(&bytes, &ext))
        })
    };
    let grids = match guarded {
        Ok(r) => r.map_err(|m| LedgerError(format!("台账文件 {shown}：{m}")))?,
        Err(e) => {
            let what = if e.kind == crate::extract::ErrorKind::Timeout {
                "读取超时"
            } else {
                "文件已损坏"
            };
            return Err(LedgerError(format!(
                "台账文件 {shown} 无法读取（{what}）；{RESAVE_ADVICE}（技术原因：{}）",
                e.detail
            )));
        }
    };
    if grids
        .iter()
        .all(|g| g.iter().all(|r| r.iter().all(|c| c.trim().is_empty())))
    {
        return Err(LedgerError(format!(
            "台账文件 {shown} 是空的（没有任何内容）；请检查是否选错了文件"
        )));
    }
    for grid in &grids {
        if let Some(rows) = rows_of(grid) {
            return Ok(rows);
        }
    }
    Err(LedgerError(format!(
        "台账文件 {shown} 中找不到表头行（应有“文件名称”一列，以及“是否涉及……”“处置方式”等列）；请确认这是失信约束措施台账"
    )))
}

/// The tables of a ledger file: one grid per sheet (or per Word table).
fn grids_of(bytes: &[u8], ext: &str) -> Result<Vec<Vec<Vec<String>>>, String> {
    use crate::extract::{sniff::sniff, Format};
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if is_ole || bytes.starts_with(b"PK\x03\x04") {
        // Word (docx/doc/wps) or a spreadsheet; sniff decides, and reports
        // password protection.
        match sniff(bytes, ext) {
            Ok(Format::Docx | Format::Doc | Format::Wps | Format::Odt) => {
                return word_grid(bytes, ext).map(|g| vec![g]);
            }
            Err(e) if matches!(e.kind, crate::extract::ErrorKind::Encrypted) => {
                return Err("文件有打开密码，无法读取；请去除密码后重新提交".to_string());
            }
            _ => {}
        }
        return sheet_grids(bytes);
    }
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    // Text: csv (or tab-separated).
    let (text, _) = crate::extract::txt::decode(bytes);
    Ok(vec![csv_grid(&text)])
}

/// An OLE compound file (an xls) rebuilt by the `cfb` crate, which checks
/// its sizes, before calamine reads it: calamine sizes its buffers from the
/// header and the directory as they are (a version-3 stream length with its
/// high word set asked for 687 GB, which the kernel's out-of-memory killer
/// answered; another file made it panic), where `cfb` reads them by the
/// specification and refuses what does not fit. Its Workbook stream must
/// also pass `audit_xls::refused` (cells far out asked for 7.7 GB). Found
/// by the `ledger` fuzz target (corpus/fixtures/fuzz/ledger/). Err: why
/// the file cannot be read.
fn ole_rebuilt(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let damaged =
        |_: std::io::Error| format!("文件已损坏（内部结构不完整），无法读取；{RESAVE_ADVICE}");
    let mut src = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let entries: Vec<(std::path::PathBuf, bool)> = src
        .walk()
        .filter(|e| !e.is_root())
        .map(|e| (e.path().to_path_buf(), e.is_stream()))
        .collect();
    let mut dst = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
        .map_err(damaged)?;
    for (path, is_stream) in entries {
        if !is_stream {
            dst.create_storage(&path).map_err(damaged)?;
            continue;
        }
        let mut data = Vec::new();
        src.open_stream(&path)
            .and_then(|mut s| s.read_to_end(&mut data))
            .map_err(damaged)?;
        // calamine reads the first stream named so, in any storage: check
        // each one. It reads a name up to its first NUL ("Workbook\0\0" is
        // its Workbook: an AFL++ finding, calamine-workbook-name-nul.xls).
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let name = name.split('\0').next().unwrap_or("");
        if name == "Workbook" || name == "Book" {
            if let Some(why) = crate::audit_xls::refused(&data) {
                return Err(why);
            }
        }
        dst.create_stream(&path)
            .and_then(|mut s| s.write_all(&data))
            .map_err(damaged)?;
    }
    dst.flush().map_err(damaged)?;
    Ok(dst.into_inner().into_inner())
}

fn sheet_grids(bytes: &[u8]) -> Result<Vec<Vec<Vec<String>>>, String> {
    use calamine::{open_workbook_auto_from_rs, Data, Reader};
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let bytes = if ole {
        ole_rebuilt(bytes)?
    } else {
        bytes.to_vec()
    };
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("不是可以读取的 xlsx/xls 表格（{e}）；{RESAVE_ADVICE}"))?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        let grid: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        out.push(grid);
    }
    Ok(out)
}

fn word_grid(bytes: &[u8], ext: &str) -> Result<Vec<Vec<String>>, String> {
    use crate::extract::{extract_format, sniff::sniff};
    let format = sniff(bytes, ext).map_err(|e| e.message())?;
    let ex = extract_format(format, bytes).map_err(|e| e.message())?;
    // Tables come out one row a line, cells separated by tabs.
    Ok(ex
        .pages
        .join("\n")
        .lines()
        .map(|l| l.split('\t').map(|c| c.trim().to_string()).collect())
        .collect())
}

/// RFC 4180 csv (or tab-separated when the header has tabs and no commas).
fn csv_grid(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let sep = if first.contains('\t') && !first.contains(',') {
        '\t'
    } else {
        ','
    };
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cell.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
        } else if c == '"' && cell.is_empty() {
            quoted = true;
        } else if c == sep {
            row.push(std::mem::take(&mut cell));
        } else if c == '\n' {
            row.push(std::mem::take(&mut cell));
            rows.push(std::mem::take(&mut row));
        } else if c != '\r' {
            cell.push(c);
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// Find the header row and read the rows under it.
fn rows_of(grid: &[Vec<String>]) -> Option<Vec<SubmittedRow>> {
    let (hi, cols) = grid.iter().enumerate().take(30).find_map(|(i, r)| {
        let cols: Vec<Option<Col>> = r.iter().map(|c| column_of(c)).collect();
        let known = cols.iter().flatten().count();
        (cols.contains(&Some(Col::Name)) && known >= 3).then_some((i, cols))
    })?;
    let has: Vec<Col> = cols.iter().flatten().copied().collect();
    let mut out = Vec::new();
    for (i, r) in grid.iter().enumerate().skip(hi + 1) {
        let get = |col: Col| -> String {
            cols.iter()
                .position(|c| *c == Some(col))
                .and_then(|p| r.get(p))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let first = r
            .iter()
            .find(|c| !c.trim().is_empty())
            .map(|c| c.trim())
            .unwrap_or("");
        // Blank rows, the template's 示例 rows, notes and a repeated header.
        if first.is_empty()
            || first.starts_with("示例")
            || first.starts_with("例")
            || first.starts_with("注")
            || first.starts_with("说明")
            || first.starts_with("填表")
            || column_of(first) == Some(Col::Seq)
        {
            continue;
        }
        let name = get(Col::Name);
        if name.is_empty() {
            continue;
        }
        let mut docno = get(Col::DocNo);
        if docno.is_empty() {
            docno = docno_in(&name).unwrap_or_default();
        }
        out.push(SubmittedRow {
            line: i + 1,
            name,
            docno,
            share: yes_no(&get(Col::Share)),
            blacklist: yes_no(&get(Col::Blacklist)),
            discipline: yes_no(&get(Col::Discipline)),
            national: yes_no(&get(Col::National)),
            local: yes_no(&get(Col::Local)),
            basis_text: get(Col::BasisText),
            disposition: get(Col::Disposition),
            deadline: get(Col::Deadline),
            unit: get(Col::Unit),
            owner: get(Col::Owner),
            phone: get(Col::Phone),
            has: has.clone(),
        });
    }
    Some(out)
}

static DOCNO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"[\p{Han}]{1,12}\s*[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号|[\p{Han}]{1,16}令第\s*\d+\s*号",
    )
    .expect("static regex")
});

/// The 文号 written inside a name cell: 《…办法》（白政办发〔2020〕7号）.
fn docno_in(name: &str) -> Option<String> {
    DOCNO.find(name).map(|m| m.as_str().to_string())
}

/// 文号 for comparison: brackets unified, spaces dropped.
fn docno_key(d: &str) -> String {
    d.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '[' | '［' | '(' | '（' | '﹝' => '〔',
            ']' | '］' | ')' | '）' | '﹞' => '〕',
            c => c,
        })
        .collect()
}

/// A title for comparison: the 文号 and bracketed markers (（试行）) dropped,
/// then only Han characters, letters and digits.
fn title_key(t: &str) -> String {
    let t = DOCNO.replace_all(t, "");
    let mut out = String::new();
    let mut depth = 0;
    for c in t.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Jaccard similarity of the jieba tokens of two titles.
fn similarity(a: &str, b: &str) -> f64 {
    let lex = crate::detect::lexicon();
    let set = |s: &str| -> std::collections::BTreeSet<String> {
        lex.cut(s, false)
            .into_iter()
            .map(|(a, b)| s[a..b].to_string())
            .filter(|w| w.chars().count() > 1 || w.chars().all(crate::normalize::is_han))
            .collect()
    };
    let (x, y) = (set(a), set(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let inter = x.intersection(&y).count() as f64;
    inter / (x.len() + y.len()) as f64 * 2.0
}

/// One problem the audit found.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// A1 … A8, see [`KINDS`].
    pub code: &'static str,
    pub title: &'static str,
    /// Line of the ledger row concerned (0 when none).
    pub line: usize,
    /// The document concerned (empty when none).
    pub file: String,
    pub cite: String,
    pub quote: String,
    pub message: String,
}

/// The kinds of problem, with their Chinese titles.
pub const KINDS: [(&str, &str); 8] = [
    ("A1", "漏报文件"),
    ("A2", "是否栏与文件不符"),
    ("A3", "依据栏与文件不符"),
    ("A4", "有违规仍填保留"),
    ("A5", "台账中的文件不在文件夹中"),
    ("A6", "缺少责任人、电话或完成时间"),
    ("A7", "完成时间已过"),
    ("A8", "台账行无法对应文件"),
];

fn title_of(code: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, t)| *t)
        .unwrap_or("")
}

/// How a row was matched to a document.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub line: usize,
    pub name: String,
    /// The scanned file, empty when none.
    pub file: String,
    /// 文号 / 标题 / 标题相近（相似度） / 未匹配
    pub how: String,
}

/// The audit's result.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub ledger: String,
    pub rows: usize,
    pub documents: usize,
    pub matches: Vec<Match>,
    pub problems: Vec<Problem>,
    /// Scanned documents without provisions and without a row (not required).
    pub not_required: Vec<String>,
}

impl Report {
    pub fn counts(&self) -> Vec<(&'static str, &'static str, usize)> {
        KINDS
            .iter()
            .map(|(c, t)| {
                (
                    *c,
                    *t,
                    self.problems.iter().filter(|p| p.code == *c).count(),
                )
            })
            .filter(|(_, _, n)| *n > 0)
            .collect()
    }
}

/// A date such as 2021年10月底, 2021年3月18日, 2021-10-31, 2021/6/30 as
/// (year, month, day), the end of the month for 月底/月末 or a bare month.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*(?:[月\-/.]\s*(?:(\d{1,2})\s*日?|底|末)?)?",
        )
        .expect("static regex")
    });
    let c = RE.captures(s)?;
    let y: i32 = c[1].parse().ok()?;
    let m: u32 = c[2].parse().ok()?;
    if !(1..=12).contains(&m) {
        return None;
    }
    let last = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let d = c
        .get(3)
        .and_then(|d| d.as_str().parse().ok())
        .unwrap_or(last);
    Some((y, m, d.min(last)))
}

/// Compare the submitted rows with the ledger drafted from the documents.
pub fn audit(
    ledger_name: &str,
    submitted: &[SubmittedRow],
    drafted: &Ledger,
    today: (i32, u32, u32),
) -> Report {
    let mut problems = Vec::new();
    let mut matches = Vec::new();
    // Candidate documents: every document read, with its drafted row if any.
    struct Doc<'a> {
        path: &'a str,
        title: &'a str,
        docno: &'a str,
        row: Option<&'a Row>,
    }
    let docs: Vec<Doc> = drafted
        .files
        .iter()
        .map(|f| Doc {
            path: &f.path,
            title: &f.title,
            docno: &f.docno,
            row: f.row.and_then(|n| drafted.rows.iter().find(|r| r.seq == n)),
        })
        .collect();
    let mut taken = vec![false; docs.len()];
    for s in submitted {
        // 文号 first, then the normalised title, then token similarity.
        let by_docno = (!s.docno.is_empty())
            .then(|| {
                let k = docno_key(&s.docno);
                docs.iter()
                    .position(|d| !d.docno.is_empty() && docno_key(d.docno) == k)
            })
            .flatten();
        let key = title_key(&s.name);
        let by_title = || {
            docs.iter()
                .position(|d| !key.is_empty() && title_key(d.title) == key)
        };
        let by_similar = || {
            let mut best: Option<(usize, f64)> = None;
            for (i, d) in docs.iter().enumerate() {
                let sim = similarity(&key, &title_key(d.title));
                if sim >= 0.6 && best.map_or(true, |(_, b)| sim > b) {
                    best = Some((i, sim));
                }
            }
            best
        };
        let (found, how) = if let Some(i) = by_docno {
            (Some(i), "文号相同".to_string())
        } else if let Some(i) = by_title() {
            (Some(i), "标题相同".to_string())
        } else if let Some((i, sim)) = by_similar() {
            (Some(i), format!("标题相近（相似度 {:.0}%）", sim * 100.0))
        } else {
            (None, "未找到对应文件".to_string())
        };
        matches.push(Match {
            line: s.line,
            name: s.name.clone(),
            file: found.map(|i| docs[i].path.to_string()).unwrap_or_default(),
            how,
        });
        let Some(i) = found else {
            problems.push(Problem {
                code: "A5",
                title: title_of("A5"),
                line: s.line,
                file: String::new(),
                cite: String::new(),
                quote: s.name.clone(),
                message: format!(
                    "台账第 {} 行“{}”在所给文件夹中找不到对应文件（按文号和标题都未找到）；请核对文件是否漏交，或台账是否填错",
                    s.line, s.name
                ),
            });
            continue;
        };
        taken[i] = true;
        let d = &docs[i];
        compare_row(s, d.path, d.row, drafted, &mut problems);
        // Missing details and past deadlines.
        let mut missing = Vec::new();
        if s.has.contains(&Col::Owner) && s.owner.is_empty() {
            missing.push("责任人姓名及职务");
        }
        if s.has.contains(&Col::Phone) && s.phone.is_empty() {
            missing.push("电话");
        }
        if s.has.contains(&Col::Deadline) && s.deadline.is_empty() {
            missing.push("完成时间");
        }
        if !missing.is_empty() {
            problems.push(Problem {
                code: "A6",
                title: title_of("A6"),
                line: s.line,
                file: d.path.to_string(),
                cite: String::new(),
                quote: s.name.clone(),
                message: format!("台账第 {} 行未填写：{}", s.line, missing.join("、")),
            });
        }
        if let Some(date) = parse_date(&s.deadline) {
            if date < today && s.disposition.trim() != "保留" {
                problems.push(Problem {
                    code: "A7",
                    title: title_of("A7"),
                    line: s.line,
                    file: d.path.to_string(),
                    cite: String::new(),
                    quote: s.deadline.clone(),
                    message: format!(
                        "台账第 {} 行的完成时间“{}”已过（今天是 {}-{:02}-{:02}），处置方式为“{}”；请核实是否已完成",
                        s.line, s.deadline, today.0, today.1, today.2, s.disposition
                    ),
                });
            }
        }
    }
    // Documents with provisions that no row names.
    let mut not_required = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        if taken[i] {
            continue;
        }
        match d.row {
            Some(r) => {
                let doc = drafted.documents.iter().find(|x| x.path == d.path);
                let first = doc.and_then(|x| {
                    x.provisions.iter().find(|p| {
                        matches!(
                            p.provision.kind.as_str(),
                            "share" | "blacklist" | "discipline"
                        )
                    })
                });
                problems.push(Problem {
                    code: "A1",
                    title: title_of("A1"),
                    line: 0,
                    file: d.path.to_string(),
                    cite: first.map(|p| p.provision.cite.clone()).unwrap_or_default(),
                    quote: first.map(|p| p.provision.quote.clone()).unwrap_or_default(),
                    message: format!(
                        "{} 含有涉及{}的条款，台账中没有这个文件",
                        r.name,
                        kinds_text(r)
                    ),
                });
            }
            None => not_required.push(d.path.to_string()),
        }
    }
    problems.sort_by(|a, b| {
        (a.code, a.line, &a.file, &a.cite).cmp(&(b.code, b.line, &b.file, &b.cite))
    });
    Report {
        ledger: ledger_name.to_string(),
        rows: submitted.len(),
        documents: docs.len(),
        matches,
        problems,
        not_required,
    }
}

fn kinds_text(r: &Row) -> String {
    let mut k = Vec::new();
    if r.share {
        k.push("信用信息纳入共享公开");
    }
    if r.blacklist {
        k.push("“黑名单”认定");
    }
    if r.discipline {
        k.push("失信惩戒措施");
    }
    k.join("、")
}

/// The 是/否, basis and 处置方式 columns of one row against the document.
fn compare_row(
    s: &SubmittedRow,
    path: &str,
    row: Option<&Row>,
    drafted: &Ledger,
    problems: &mut Vec<Problem>,
) {
    let doc = drafted.documents.iter().find(|x| x.path == path);
    let evidence = |kind: &str| {
        doc.and_then(|d| d.provisions.iter().find(|p| p.provision.kind == kind))
            .map(|p| (p.provision.cite.clone(), p.provision.quote.clone()))
    };
    let columns = [
        (
            "是否涉及信用信息纳入共享公开",
            s.share,
            "share",
            row.is_some_and(|r| r.share),
        ),
        (
            "是否涉及“黑名单”认定",
            s.blacklist,
            "blacklist",
            row.is_some_and(|r| r.blacklist),
        ),
        (
            "是否涉及失信惩戒措施",
            s.discipline,
            "discipline",
            row.is_some_and(|r| r.discipline),
        ),
    ];
    for (col, said, kind, found) in columns {
        match (said, found) {
            (Some(false), true) | (None, true) => {
                let (cite, quote) = evidence(kind).unwrap_or_default();
                problems.push(Problem {
                    code: "A2",
                    title: title_of("A2"),
                    line: s.line,
                    file: path.to_string(),
                    cite,
                    quote,
                    message: format!(
                        "台账第 {} 行“{}”填{}，但文件中有相关条款",
                        s.line,
                        col,
                        if said.is_none() {
                            "空白"
                        } else {
                            "“否”"
                        }
                    ),
                });
            }
            (Some(true), false) => problems.push(Problem {
                code: "A2",
                title: title_of("A2"),
                line: s.line,
                file: path.to_string(),
                cite: String::new(),
                quote: String::new(),
                message: format!(
                    "台账第 {} 行“{}”填“是”，但在文件中没有找到相关条款，请核实",
                    s.line, col
                ),
            }),
            _ => {}
        }
    }
    if let Some(r) = row {
        let bases = doc
            .map(|d| {
                d.bases
                    .iter()
                    .map(|b| b.name.clone())
                    .collect::<Vec<_>>()
                    .join("、")
            })
            .unwrap_or_default();
        for (col, said, found) in [
            ("是否有国家层面依据", s.national, r.national_basis),
            ("是否有地方性法规依据", s.local, r.local_regulation_basis),
        ] {
            match (said, found) {
                (Some(true), false) => problems.push(Problem {
                    code: "A3",
                    title: title_of("A3"),
                    line: s.line,
                    file: path.to_string(),
                    cite: String::new(),
                    quote: s.basis_text.clone(),
                    message: format!(
                        "台账第 {} 行“{}”填“是”，但文件没有援引能够支撑其措施的该层级依据（文件所引：{}）",
                        s.line,
                        col,
                        if bases.is_empty() { "无" } else { &bases }
                    ),
                }),
                (Some(false), true) => problems.push(Problem {
                    code: "A3",
                    title: title_of("A3"),
                    line: s.line,
                    file: path.to_string(),
                    cite: String::new(),
                    quote: r.basis_text.clone(),
                    message: format!("台账第 {} 行“{}”填“否”，但文件援引了：{}", s.line, col, r.basis_text),
                }),
                _ => {}
            }
        }
        if s.disposition.trim() == "保留" {
            let blocking: Vec<&crate::ledger::FindingEntry> = drafted
                .findings
                .iter()
                .filter(|f| f.finding.path == path)
                .filter(|f| crate::rules::find(&f.finding.rule).is_some_and(|r| r.blocks_keep()))
                .collect();
            if let Some(f) = blocking.first() {
                problems.push(Problem {
                    code: "A4",
                    title: title_of("A4"),
                    line: s.line,
                    file: path.to_string(),
                    cite: f.finding.cite.clone(),
                    quote: f.finding.quote.clone(),
                    message: format!(
                        "台账第 {} 行处置方式填“保留”，但文件有 {} 处不符合国办发〔2020〕49号的问题，如 {} {}：{}",
                        s.line,
                        blocking.len(),
                        f.finding.rule,
                        f.finding.name,
                        f.finding.message
                    ),
                });
            }
        }
    }
}

/// The report for the terminal: counts first, then each problem.
pub fn render_text(r: &Report) -> String {
    let mut out = format!(
        "台账：{}\n台账 {} 行，文件夹中 {} 个文件。\n",
        r.ledger, r.rows, r.documents
    );
    if r.problems.is_empty() {
        out.push_str("未发现问题：台账与文件一致。\n");
    } else {
        out.push_str(&format!("发现问题 {} 处：\n", r.problems.len()));
    }
    for (code, title, n) in r.counts() {
        out.push_str(&format!("  {code} {title}：{n} 处\n"));
    }
    out.push('\n');
    for p in &r.problems {
        out.push_str(&format!("[{} {}] {}\n", p.code, p.title, p.message));
        if !p.file.is_empty() {
            let cite = if p.cite.is_empty() {
                String::new()
            } else {
                format!(" {}", p.cite)
            };
            out.push_str(&format!("    {}{}\n", p.file, cite));
        }
        if !p.quote.is_empty() {
            out.push_str(&format!("    「{}」\n", p.quote));
        }
    }
    out.push_str("\n台账各行与文件的对应：\n");
    for m in &r.matches {
        out.push_str(&format!(
            "  第 {} 行 {} → {}（{}）\n",
            m.line,
            m.name,
            if m.file.is_empty() { "无" } else { &m.file },
            m.how
        ));
    }
    out
}

/// The report as Markdown.
pub fn render_md(r: &Report) -> String {
    let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = format!(
        "# 台账核查报告\n\n台账：{}；台账 {} 行，文件夹中 {} 个文件。\n\n",
        esc(&r.ledger),
        r.rows,
        r.documents
    );
    if r.problems.is_empty() {
        out.push_str("未发现问题：台账与文件一致。\n");
    } else {
        out.push_str(
            "| 代码 | 问题 | 台账行 | 文件 | 条款 | 原文 | 说明 |\n|---|---|---|---|---|---|---|\n",
        );
        for p in &r.problems {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                p.code,
                p.title,
                if p.line == 0 {
                    String::new()
                } else {
                    p.line.to_string()
                },
                esc(&p.file),
                esc(&p.cite),
                esc(&p.quote),
                esc(&p.message)
            ));
        }
    }
    out
}

/// The report as an xlsx workbook: 问题 and 对应关系 sheets.
pub fn render_xlsx(r: &Report) -> anyhow::Result<Vec<u8>> {
    use crate::report::neutralise;
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2021, 1, 1)?),
    );
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let ws = wb.add_worksheet();
    ws.set_name("问题")?;
    let cols = [
        ("代码", 6.0),
        ("问题", 16.0),
        ("台账行", 7.0),
        ("文件", 30.0),
        ("条款", 14.0),
        ("原文", 40.0),
        ("说明", 50.0),
    ];
    for (c, (h, w)) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    for (i, p) in r.problems.iter().enumerate() {
        let row = i as u32 + 1;
        let cells = [
            p.code.to_string(),
            p.title.to_string(),
            if p.line == 0 {
                String::new()
            } else {
                p.line.to_string()
            },
            p.file.clone(),
            p.cite.clone(),
            p.quote.clone(),
            p.message.clone(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, neutralise(v), &cell)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let ws = wb.add_worksheet();
    ws.set_name("对应关系")?;
    for (c, (h, w)) in [
        ("台账行", 7.0),
        ("台账中的名称", 40.0),
        ("对应文件", 40.0),
        ("对应方式", 20.0),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    for (i, m) in r.matches.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, v) in [
            m.line.to_string(),
            m.name.clone(),
            m.file.clone(),
            m.how.clone(),
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(row, c as u16, neutralise(v), &cell)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_no_as_units_write_it() {
        for y in ["是", "√", "Y", "y", "是（第三条）"] {
            assert_eq!(yes_no(y), Some(true), "{y}");
        }
        for n in ["否", "×", "N", "无"] {
            assert_eq!(yes_no(n), Some(false), "{n}");
        }
        assert_eq!(yes_no(""), None);
    }

    #[test]
    fn header_found_below_a_title_with_other_wording() {
        let grid: Vec<Vec<String>> = [
            vec!["某单位失信约束措施台账", "", "", ""],
            vec!["", "", "", ""],
            vec!["序号", "文件名称", "文号", "是否涉及黑名单", "处置方式"],
            vec!["示例", "《XX办法》", "", "是", "保留"],
            vec![
                "1",
                "《白沙区生活垃圾分类管理办法》",
                "白城管发[2020]21号",
                "√",
                "修订",
            ],
            vec!["注：1. 说明", "", "", "", ""],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let rows = rows_of(&grid).expect("header found");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 5);
        assert_eq!(rows[0].blacklist, Some(true));
        assert_eq!(docno_key(&rows[0].docno), "白城管发〔2020〕21号");
    }

    #[test]
    fn titles_and_dates_normalise() {
        assert_eq!(
            title_key("《白沙区个人信用积分管理办法（试行）》（白政办发〔2020〕7号）"),
            "白沙区个人信用积分管理办法"
        );
        assert_eq!(
            docno_in("《办法》（白政办发〔2020〕7号）").as_deref(),
            Some("白政办发〔2020〕7号")
        );
        assert_eq!(parse_date("2021年10月底"), Some((2021, 10, 31)));
        assert_eq!(parse_date("2021年3月18日"), Some((2021, 3, 18)));
        assert_eq!(parse_date("2021-02"), Some((2021, 2, 28)));
        assert_eq!(parse_date("尽快"), None);
    }

    #[test]
    fn csv_quotes_and_crlf() {
        let g =
            csv_grid("\u{feff}序号,文件名称\r\n1,\"《办法》,含逗号\"\r\n2,\"他说\"\"好\"\"\"\r\n");
        assert_eq!(g[1][1], "《办法》,含逗号");
        assert_eq!(g[2][1], "他说\"好\"");
    }
}
