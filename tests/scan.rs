//! `taizhang scan`: the ledger drafted from the corpus, in every format,
//! byte-identical across runs and thread counts.

use assert_cmd::Command;
use std::io::Read;
use std::path::{Path, PathBuf};

fn taizhang() -> Command {
    Command::cargo_bin("taizhang").unwrap()
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn scan_json(args: &[&str]) -> serde_json::Value {
    let out = taizhang()
        .arg("scan")
        .arg(corpus().join("docs/d"))
        .args(["-o", "-", "-q"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json ledger")
}

fn row<'a>(ledger: &'a serde_json::Value, file: &str) -> Option<&'a serde_json::Value> {
    ledger["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with(file))
}

#[test]
fn rows_are_drafted_for_the_documents_that_need_them() {
    let l = scan_json(&["--unit", "白沙区发展和改革局", "--owner", "张三，科长"]);
    // Every file appears, read or not.
    let on_disk = std::fs::read_dir(corpus().join("docs/d")).unwrap().count();
    assert_eq!(l["files"].as_array().unwrap().len(), on_disk);
    // Rows are numbered 1..n in file order.
    for (i, r) in l["rows"].as_array().unwrap().iter().enumerate() {
        assert_eq!(r["seq"].as_u64(), Some(i as u64 + 1));
        assert_eq!(r["unit"], "白沙区发展和改革局");
        assert_eq!(r["owner"], "张三，科长");
    }
    // The seed template's first example: a 信用积分 scheme that punishes a
    // person for a low score, without a basis.
    let r = row(&l, "001-jifen-banfa.txt").expect("row for the 积分 scheme");
    assert_eq!(
        r["name"],
        "《白沙区个人信用积分管理办法》（白政办发〔2020〕7号）"
    );
    assert_eq!(r["share"], true);
    assert_eq!(r["discipline"], true);
    assert_eq!(r["disposition"], "废止");
    assert!(r["rules"].as_array().unwrap().iter().any(|c| c == "XY401"));
    assert!(r["summary"].as_str().unwrap().contains("第六条："));
    // The second: 垃圾分类 records and a 黑名单, no basis.
    let r = row(&l, "002-lajifenlei-banfa.txt").expect("row for 垃圾分类");
    assert_eq!(r["blacklist"], true);
    assert_eq!(r["national_basis"], false);
    assert_eq!(r["basis_text"], "无");
    assert!(r["summary"].as_str().unwrap().contains("第五条第二款："));
    assert_eq!(r["deadline"], "2021年10月底");
    // A confusable (生态修复) has no row but is listed.
    assert!(row(&l, "004-shengtai-xiufu-fangan.txt").is_none());
    let f = l["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .ends_with("004-shengtai-xiufu-fangan.txt")
        })
        .expect("listed");
    assert_eq!(f["status"], "正常");
    assert!(f["row"].is_null());
    // A basis with a credit article, at national level: 是, with its article.
    let r = row(&l, "009-shipin-xinyong-banfa.txt").expect("row for 食品");
    assert_eq!(r["national_basis"], true);
    assert!(
        r["basis_text"]
            .as_str()
            .unwrap()
            .contains("《中华人民共和国食品安全法》"),
        "{r}"
    );
    // Findings carry the 处置方式 of their document.
    for f in l["findings"].as_array().unwrap() {
        assert!(f["rule"].as_str().unwrap().starts_with("XY"));
        assert!(f["disposition"].is_string());
    }
}

#[test]
fn a_cited_law_without_a_credit_article_does_not_count() {
    // 道路交通安全法 punishes 闯红灯 but authorises no credit measure.
    let l = scan_json(&[]);
    let r = row(&l, "041-wenming-jiaotong-tongzhi.txt").expect("row for 闯红灯");
    assert_eq!(r["national_basis"], false, "{r}");
    let notes = r["notes"].to_string();
    assert!(notes.contains("道路交通安全法"), "{notes}");
}

fn scan_bytes(format: &str, jobs: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(format!("台账.{format}"));
    let o = taizhang()
        .arg("scan")
        .arg(corpus())
        .arg("-o")
        .arg(&out)
        .args(["-q", "-j", jobs, "--unit", "白沙区发展和改革局"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(summary.contains("起草台账"), "{summary}");
    std::fs::read(&out).unwrap()
}

fn zip_member(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn every_format_is_written_and_identical_across_runs() {
    for format in ["xlsx", "docx", "csv", "json", "md"] {
        let a = scan_bytes(format, "1");
        let b = scan_bytes(format, "2");
        assert!(a == b, "{format} differs between -j1 and -j2");
        match format {
            "xlsx" => {
                let wb = zip_member(&a, "xl/workbook.xml");
                for sheet in ["台账", "全部文件", "问题清单"] {
                    assert!(wb.contains(sheet), "sheet {sheet} missing");
                }
                let strings = zip_member(&a, "xl/sharedStrings.xml");
                assert!(strings.contains("白沙区发展和改革局失信约束措施台账"));
                assert!(strings.contains("是否涉及“黑名单”认定"));
                let sheet = zip_member(&a, "xl/worksheets/sheet1.xml");
                assert!(sheet.contains("orientation=\"landscape\""), "A4 landscape");
                assert!(sheet.contains("<mergeCell ref=\"A1:N1\""), "merged title");
                assert!(sheet.contains("state=\"frozen\""), "frozen header");
            }
            "docx" => {
                let doc = zip_member(&a, "word/document.xml");
                assert!(doc.contains("白沙区发展和改革局失信约束措施台账"));
                assert!(doc.contains("landscape"));
                assert!(doc.contains("依据的具体内容"));
            }
            "csv" => {
                let text = String::from_utf8(a).unwrap();
                assert!(text.starts_with("\u{feff}序号,规章、规范性文件或其他文件名称(含文号),"));
                assert!(text.contains("\r\n1,"));
            }
            "json" => {
                let v: serde_json::Value = serde_json::from_slice(&a).unwrap();
                // Unreadable fixtures are listed with their reason.
                let broken = v["files"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|f| f["status"] == "错误")
                    .count();
                assert!(broken > 0);
                assert!(v["documents"][0]["provisions"][0]["page"].is_number());
            }
            _ => {
                let text = String::from_utf8(a).unwrap();
                assert!(text.starts_with("# 白沙区发展和改革局失信约束措施台账"));
                assert!(text.contains("| 序号 |"));
            }
        }
    }
}

#[test]
fn cells_that_look_like_formulas_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.csv");
    let o = taizhang()
        .arg("scan")
        .arg(corpus().join("docs/d/002-lajifenlei-banfa.txt"))
        .arg("-o")
        .arg(&out)
        .args([
            "-q",
            "--owner",
            "=HYPERLINK(\"http://x\")",
            "--phone",
            "+86 411 1234",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
    assert!(text.contains(",'+86 411 1234\r\n"), "{text}");
}

#[test]
fn unit_details_come_from_taizhang_toml_and_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        corpus().join("docs/d/002-lajifenlei-banfa.txt"),
        dir.path().join("a.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("taizhang.toml"),
        "[unit]\nname = \"白沙区城市管理局\"\nowner = \"李四，法规科科长\"\nphone = \"0411-8888\"\ndeadline = \"2021年3月底\"\n",
    )
    .unwrap();
    let o = taizhang()
        .arg("scan")
        .arg(dir.path())
        .args(["-o", "-", "-q", "--phone", "0411-9999"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = &v["rows"][0];
    assert_eq!(r["unit"], "白沙区城市管理局");
    assert_eq!(r["owner"], "李四，法规科科长");
    assert_eq!(r["phone"], "0411-9999");
    assert_eq!(r["deadline"], "2021年3月底");
}

#[test]
fn output_mistakes_are_explained() {
    let o = taizhang()
        .arg("scan")
        .arg(corpus().join("docs/d"))
        .args(["-o", "-", "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("不能输出到屏幕"));
    let o = taizhang()
        .arg("scan")
        .arg(corpus().join("docs/d"))
        .args(["-o", "台账.pdf"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法从文件名"));
    let o = taizhang()
        .arg("scan")
        .arg(corpus().join("docs/d"))
        .args(["-q", "-o", "/nonexistent-dir/台账.xlsx"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法写入"));
}

fn xlsx_of(dir: &Path, extra: &[&str]) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("台账.xlsx");
    let o = taizhang()
        .arg("scan")
        .arg(dir)
        .arg("-o")
        .arg(&out)
        .args(["-q", "--unit", "青石区发展和改革局"])
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&out).unwrap();
    calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx opens")
}

fn cell(range: &calamine::Range<calamine::Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// The three example rows of the district notice's template, as documents in
/// corpus/docs/t: their 是/否 columns and 处置方式 match the template's.
#[test]
fn the_xlsx_reads_back_like_the_template() {
    use calamine::Reader;
    let mut wb = xlsx_of(&corpus().join("docs/t"), &[]);
    assert_eq!(
        wb.sheet_names(),
        ["台账", "上位及参考文件", "全部文件", "问题清单"]
    );
    let t = wb.worksheet_range("台账").unwrap();
    assert_eq!(cell(&t, 0, 0), "青石区发展和改革局失信约束措施台账");
    let header: Vec<String> = (0..14).map(|c| cell(&t, 1, c)).collect();
    assert_eq!(
        header,
        [
            "序号",
            "规章、规范性文件或其他文件名称(含文号)",
            "是否涉及信用信息纳入共享公开",
            "是否涉及“黑名单”认定",
            "是否涉及失信惩戒措施",
            "相关内容摘要",
            "是否有国家层面依据",
            "是否有地方性法规依据",
            "依据的具体内容",
            "处置方式",
            "完成时间",
            "责任单位",
            "责任人姓名及职务",
            "电话"
        ]
    );
    // (name, 共享公开, 黑名单, 惩戒, 国家依据, 地方性法规依据, 处置方式) of the template.
    let expected = [
        (
            "《青石区个人信用积分管理办法》（青政办发〔2021〕2号）",
            ["是", "否", "是", "是", "是"],
            "保留",
        ),
        (
            "《青石区生活垃圾分类管理办法》（青城管发〔2021〕4号）",
            ["是", "是", "否", "否", "否"],
            "修订",
        ),
        (
            "《青石区交通运输局关于加强交通信用管理的通知》（青交发〔2021〕6号）",
            ["是", "是", "是", "否", "否"],
            "删除相关内容",
        ),
    ];
    for (i, (name, yn, disposition)) in expected.iter().enumerate() {
        let r = i as u32 + 2;
        assert_eq!(cell(&t, r, 0), (i + 1).to_string());
        assert_eq!(cell(&t, r, 1), *name);
        let got: Vec<String> = [2, 3, 4, 6, 7].iter().map(|&c| cell(&t, r, c)).collect();
        assert_eq!(got, yn, "row {}", i + 1);
        assert!(
            cell(&t, r, 9).contains(disposition),
            "row {}: {}",
            i + 1,
            cell(&t, r, 9)
        );
        assert_eq!(cell(&t, r, 11), "青石区发展和改革局");
    }
    // The basis cell of the first row names its bases and the article cited.
    assert!(
        cell(&t, 2, 8).contains("《江澜省社会信用条例》第十五条"),
        "{}",
        cell(&t, 2, 8)
    );
    assert_eq!(cell(&t, 3, 8), "无");
    // A summary quotes clauses by cite.
    assert!(cell(&t, 3, 5).starts_with("第四条："), "{}", cell(&t, 3, 5));
    // The template's notes follow the table.
    let notes: Vec<String> = (5..10).map(|r| cell(&t, r, 0)).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("注：1. “是否有国家层面依据”栏")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.starts_with("3. “处置方式”栏")),
        "{notes:?}"
    );
    // Every file, and the findings with their rules.
    let files = wb.worksheet_range("全部文件").unwrap();
    assert_eq!(cell(&files, 0, 0), "文件");
    assert_eq!(files.height(), 4);
    let problems = wb.worksheet_range("问题清单").unwrap();
    assert_eq!(cell(&problems, 0, 3), "规则");
    let rules: Vec<String> = (1..problems.height() as u32)
        .map(|r| cell(&problems, r, 3))
        .collect();
    assert!(rules.iter().any(|r| r == "XY303"), "{rules:?}");
    assert!(rules.iter().any(|r| r == "XY301"), "{rules:?}");
}

/// A broken file among good ones: every row of the others is still drafted,
/// and the broken one is listed with its reason.
#[test]
fn a_broken_file_loses_nothing_else() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(corpus().join("docs/t")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
    }
    std::fs::write(dir.path().join("t00-损坏的文件.docx"), b"PK\x03\x04 broken").unwrap();
    let mut wb = xlsx_of(dir.path(), &[]);
    let t = wb.worksheet_range("台账").unwrap();
    for r in 2..5 {
        assert!(
            cell(&t, r, 1).starts_with("《青石区"),
            "row {r}: {}",
            cell(&t, r, 1)
        );
    }
    let files = wb.worksheet_range("全部文件").unwrap();
    assert_eq!(files.height(), 5);
    let broken = (1..5)
        .find(|&r| cell(&files, r, 0).ends_with("t00-损坏的文件.docx"))
        .expect("broken file listed");
    assert_eq!(cell(&files, broken, 2), "错误");
    assert!(!cell(&files, broken, 3).is_empty(), "a reason is given");
}

#[test]
fn files_that_are_not_documents_are_told_apart_from_unread_documents() {
    // A unit's folder as it comes: a policy, a scanned page saved as a
    // picture, a rar of attachments, a spreadsheet and a script.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a-办法.txt"),
        "青石区物业管理办法\n青政规〔2021〕1号\n第一条 为规范物业管理，制定本办法。\n第二条 拖欠物业服务费的业主，记入个人信用记录。\n",
    )
    .unwrap();
    std::fs::write(d.join("b-扫描件.jpg"), b"\xFF\xD8\xFF\xE0\0\x10JFIF\0").unwrap();
    std::fs::write(d.join("c-附件.rar"), b"Rar!\x1A\x07\x00\xCF\x90\x73\0\0").unwrap();
    std::fs::copy(
        corpus().join("fixtures/unsupported-sheet.xlsx"),
        d.join("d-统计表.xlsx"),
    )
    .unwrap();
    std::fs::write(d.join("e-整理.py"), "print('hello')\n").unwrap();
    let o = taizhang()
        .arg("scan")
        .arg(d)
        .args(["--format", "json", "-o"])
        .arg(d.join("out.json"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(summary.contains("跳过 4"), "{summary}");
    // The picture and the rar may hold documents: the user has to act.
    assert!(summary.contains("有 2 个文件未能完整读取"), "{summary}");
    assert!(summary.contains("另有 2 个文件不是公文"), "{summary}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("out.json")).unwrap()).unwrap();
    let message = |name: &str| {
        let f = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(f["status"], "跳过", "{f}");
        f["message"].as_str().unwrap().to_string()
    };
    assert!(message("b-扫描件.jpg").contains("OCR"));
    assert!(message("c-附件.rar").contains("解压"));
    assert!(message("d-统计表.xlsx").starts_with("不是公文文件"));
    assert!(message("e-整理.py").starts_with("不是公文文件"));
    // None of them is told to be saved as docx.
    for name in ["d-统计表.xlsx", "e-整理.py", "c-附件.rar"] {
        assert!(!message(name).contains("另存为 docx"), "{name}");
    }
}
