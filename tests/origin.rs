//! Whose document it is: a district unit's folder that mixes its own
//! documents with laws, regulations, a State Council document, another
//! province's 条例, a city bureau's notice and a city's 城乡规划 办法
//! (corpus/origin, written for the project). Rows are drafted for the unit's own documents and its 转发
//! notice only; the others are listed, with their origin, on sheet
//! 上位及参考文件.

use assert_cmd::Command;
use calamine::Reader;
use std::path::{Path, PathBuf};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/origin")
}

fn scan_xlsx(extra: &[&str]) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("台账.xlsx");
    let o = Command::cargo_bin("taizhang")
        .unwrap()
        .arg("scan")
        .arg(folder())
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&out).unwrap();
    calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx opens")
}

/// The values of a column from row `from` down, empty cells left out.
fn column(range: &calamine::Range<calamine::Data>, col: u32, from: u32) -> Vec<String> {
    (from..range.height() as u32)
        .filter_map(|r| range.get_value((r, col)).map(|v| v.to_string()))
        .filter(|v| !v.is_empty())
        .collect()
}

#[test]
fn rows_for_the_units_own_documents_and_the_rest_as_references() {
    let mut wb = scan_xlsx(&[]);
    let ledger = wb.worksheet_range("台账").unwrap();
    let names: Vec<String> = column(&ledger, 1, 2)
        .into_iter()
        .filter(|n| n.starts_with('《'))
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names[0].contains("青石区食品经营者信用档案管理办法"),
        "{names:?}"
    );
    assert!(names[1].contains("超限超载"), "{names:?}");
    assert!(
        names[2].contains("青石区人民政府办公室关于转发"),
        "{names:?}"
    );
    // What it forwards is named in single brackets inside its name, and is
    // its basis.
    assert!(
        names[2].contains("转发〈国务院办公厅关于加强家政服务业信用体系建设的意见"),
        "{names:?}"
    );
    let bases = column(&ledger, 8, 2);
    assert!(
        bases
            .iter()
            .any(|b| b.contains("《国务院办公厅关于加强家政服务业信用体系建设的意见")),
        "{bases:?}"
    );

    let refs = wb.worksheet_range("上位及参考文件").unwrap();
    let titles = column(&refs, 1, 1);
    let origins = column(&refs, 3, 1);
    let expected = [
        ("中华人民共和国家政服务法", "法律"),
        ("物业服务信用管理条例", "行政法规"),
        ("河川省社会信用条例", "地方性法规"),
        (
            "国务院办公厅关于加强家政服务业信用体系建设的意见",
            "党中央、国务院文件",
        ),
        (
            "江澜市交通运输局关于加强道路运输行业信用管理的通知",
            "上级地方政府及部门文件",
        ),
        // The city's, though 城乡 ends like a 乡's name.
        ("江澜市城乡规划管理办法", "上级地方政府及部门文件"),
    ];
    assert_eq!(titles.len(), expected.len(), "{titles:?}");
    for ((t, o), (title, origin)) in expected.iter().zip(titles.iter().zip(&origins)) {
        assert!(title.contains(t), "{title} should be {t}");
        assert_eq!(origin, o, "{title}");
    }
    // The credit provisions they carry are listed: the bases a row can cite.
    let provisions = column(&refs, 5, 1);
    assert!(
        provisions.iter().any(|p| p.contains("第二十条")),
        "{provisions:?}"
    );
}

#[test]
fn a_city_unit_owns_the_city_bureaus_notice_and_higher_rows_only_keep() {
    let mut wb = scan_xlsx(&["--level", "市"]);
    let ledger = wb.worksheet_range("台账").unwrap();
    let names = column(&ledger, 1, 2);
    assert!(
        names.iter().any(|n| n.contains("江澜市交通运输局")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.contains("江澜市城乡规划管理办法")),
        "{names:?}"
    );

    // On request, rows for every document; never 修订 or 废止 for one the
    // unit did not issue.
    let o = Command::cargo_bin("taizhang")
        .unwrap()
        .arg("scan")
        .arg(folder())
        .args(["-o", "-", "-q", "--include-higher"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let origin_of = |path: &str| {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == path)
            .map(|f| f["origin"].as_str().unwrap().to_string())
            .unwrap()
    };
    let mut higher = 0;
    for r in v["rows"].as_array().unwrap() {
        let (d, reason) = (
            r["disposition"].as_str().unwrap(),
            r["reason"].as_str().unwrap(),
        );
        if origin_of(r["path"].as_str().unwrap()) != "own" {
            higher += 1;
            assert_eq!(d, "保留", "{}: {reason}", r["name"]);
            assert!(reason.contains("非本单位制发"), "{}: {reason}", r["name"]);
        }
    }
    assert_eq!(higher, 6);
}

#[test]
fn the_json_and_the_review_page_carry_the_origin() {
    let o = Command::cargo_bin("taizhang")
        .unwrap()
        .arg("scan")
        .arg(folder())
        .args(["-o", "-", "-q"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let origin = |f: &str| {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["path"].as_str().unwrap().ends_with(f))
            .map(|x| x["origin"].as_str().unwrap().to_string())
    };
    assert_eq!(origin("03-jiazheng-fa.txt").as_deref(), Some("law"));
    assert_eq!(
        origin("05-hechuan-xinyong-tiaoli.txt").as_deref(),
        Some("local_regulation")
    );
    assert_eq!(
        origin("07-qingshi-zhuanfa-tongzhi.txt").as_deref(),
        Some("own")
    );

    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("审阅.html");
    Command::cargo_bin("taizhang")
        .unwrap()
        .arg("scan")
        .arg(folder())
        .arg("-o")
        .arg(tmp.path().join("台账.json"))
        .arg("--html")
        .arg(&html)
        .arg("-q")
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<dt>来源</dt><dd>地方性法规（非本单位制发"),
        "review page"
    );
}

/// The credit office's audit asks for rows of the unit's own documents
/// only: a ledger of its three documents is complete; one that drops a row
/// misses exactly that document, never a law or a higher document.
#[test]
fn audit_asks_only_for_the_units_own_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("台账.csv");
    Command::cargo_bin("taizhang")
        .unwrap()
        .arg("scan")
        .arg(folder())
        .arg("-o")
        .arg(&full)
        .arg("-q")
        .assert()
        .success();
    let missed = |ledger: &Path| -> Vec<String> {
        let report = tmp.path().join("audit.json");
        Command::cargo_bin("taizhang")
            .unwrap()
            .args(["audit", "-q", "--today", "2021-06-01", "--ledger"])
            .arg(ledger)
            .arg(folder())
            .arg("-o")
            .arg(&report)
            .output()
            .unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report).unwrap()).expect("audit json");
        v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["code"] == "A1")
            .map(|p| p["file"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(missed(&full), Vec::<String>::new());
    // Drop the row of the 转发 notice.
    let text = std::fs::read_to_string(&full).unwrap();
    let short: String = text
        .lines()
        .filter(|l| !l.contains("关于转发"))
        .map(|l| format!("{l}\n"))
        .collect();
    let partial = tmp.path().join("漏报.csv");
    std::fs::write(&partial, short).unwrap();
    let m = missed(&partial);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].ends_with("07-qingshi-zhuanfa-tongzhi.txt"), "{m:?}");
}
