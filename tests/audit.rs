//! `taizhang audit`: submitted ledgers in corpus/ledgers (xlsx, xls, GBK csv,
//! Word) with known omissions and errors against the documents of
//! corpus/docs/t; audit finds exactly those.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// (code, ledger line, file name) of each problem.
    problems: Vec<(String, u64, String)>,
}

fn audit(ledger: &Path) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let out = Command::cargo_bin("taizhang")
        .unwrap()
        .args(["audit", "-q", "--today", "2021-06-01", "--ledger"])
        .arg(ledger)
        .arg(corpus().join("docs/t"))
        .arg("-o")
        .arg(&json)
        .output()
        .unwrap();
    let problems = std::fs::read(&json)
        .ok()
        .map(|b| {
            let v: serde_json::Value = serde_json::from_slice(&b).expect("json report");
            v["problems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p["code"].as_str().unwrap().to_string(),
                        p["line"].as_u64().unwrap(),
                        p["file"]
                            .as_str()
                            .unwrap()
                            .rsplit('/')
                            .next()
                            .unwrap()
                            .to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        problems,
    }
}

fn ledger(name: &str) -> PathBuf {
    corpus().join("ledgers").join(name)
}

#[test]
fn a_perfect_ledger_reports_nothing() {
    for name in ["t-perfect.xlsx", "t-perfect.xls"] {
        let r = audit(&ledger(name));
        assert_eq!(r.code, Some(0), "{name}: {}{}", r.stdout, r.stderr);
        assert!(r.problems.is_empty(), "{name}: {:?}", r.problems);
        assert!(r.stdout.contains("未发现问题"), "{}", r.stdout);
        assert!(r.stdout.contains("文号相同"), "{}", r.stdout);
    }
}

#[test]
fn omissions_in_a_gbk_csv_are_found_exactly() {
    let r = audit(&ledger("t-omissions-gbk.csv"));
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    let expected: Vec<(String, u64, String)> = [
        ("A1", 0, "t02-lajifenlei-banfa.txt"),
        ("A2", 3, "t03-jiaotong-xinyong-tongzhi.txt"),
        ("A5", 4, ""),
        ("A6", 3, "t03-jiaotong-xinyong-tongzhi.txt"),
        ("A7", 3, "t03-jiaotong-xinyong-tongzhi.txt"),
    ]
    .iter()
    .map(|(c, l, f)| (c.to_string(), *l, f.to_string()))
    .collect();
    assert_eq!(r.problems, expected, "{}", r.stdout);
    // Counts come first, then each problem with its evidence.
    let counts = r.stdout.find("A1 漏报文件：1 处").expect("counts");
    let detail = r.stdout.find("[A1 漏报文件]").expect("detail");
    assert!(counts < detail);
    assert!(r.stdout.contains("第四条"), "evidence cite: {}", r.stdout);
    assert!(r.stdout.contains("列入交通出行“黑名单”"), "evidence quote");
}

#[test]
fn errors_in_a_word_table_are_found_exactly() {
    let r = audit(&ledger("t-errors.docx"));
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    let codes: Vec<(&str, &str)> = r
        .problems
        .iter()
        .map(|(c, _, f)| (c.as_str(), f.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("A3", "t01-geren-jifen-banfa.txt"),
            ("A4", "t02-lajifenlei-banfa.txt")
        ],
        "{}",
        r.stdout
    );
    // The 示例 row and the notes are not rows.
    assert!(r.stdout.contains("台账 3 行"), "{}", r.stdout);
}

#[test]
fn malformed_ledgers_are_explained_with_exit_2() {
    // No header row.
    let r = audit(&ledger("bad-no-header.csv"));
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("找不到表头行"), "{}", r.stderr);

    let dir = tempfile::tempdir().unwrap();
    // An empty workbook.
    let empty = dir.path().join("空表.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet();
    wb.save(&empty).unwrap();
    let r = audit(&empty);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("是空的"), "{}", r.stderr);

    // A password-protected workbook: an OLE file holding an EncryptedPackage.
    let locked = dir.path().join("加密.xlsx");
    {
        let mut c = cfb::create(&locked).unwrap();
        use std::io::Write;
        c.create_stream("/EncryptionInfo")
            .unwrap()
            .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
            .unwrap();
        c.create_stream("/EncryptedPackage")
            .unwrap()
            .write_all(&[0u8; 64])
            .unwrap();
        c.flush().unwrap();
    }
    let r = audit(&locked);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("打开密码"), "{}", r.stderr);

    // A ledger that is not there.
    let r = audit(&dir.path().join("没有这个文件.xlsx"));
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("无法读取台账文件"), "{}", r.stderr);
}

#[test]
fn the_report_is_written_as_xlsx_and_md() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["xlsx", "md"] {
        let out = dir.path().join(format!("核查.{ext}"));
        let o = Command::cargo_bin("taizhang")
            .unwrap()
            .args(["audit", "-q", "--today", "2021-06-01", "--ledger"])
            .arg(ledger("t-omissions-gbk.csv"))
            .arg(corpus().join("docs/t"))
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        let bytes = std::fs::read(&out).unwrap();
        if ext == "md" {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains("| A1 | 漏报文件 |"), "{text}");
        } else {
            use calamine::Reader;
            let mut wb: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
            let sheet = wb.worksheet_range("问题").unwrap();
            assert_eq!(sheet.height(), 6);
        }
    }
}
