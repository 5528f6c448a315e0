//! The binary as a user runs it: Chinese help, JSON lines, broken files
//! reported beside good ones, same bytes whatever the thread count.

use assert_cmd::Command;
use std::path::Path;

fn taizhang() -> Command {
    Command::cargo_bin("taizhang").expect("binary")
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn help_is_chinese() {
    let out = taizhang().arg("--help").output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("失信约束措施台账"), "{s}");
    assert!(s.contains("extract"));
    let out = taizhang().args(["extract", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("读取时限"));
}

#[test]
fn broken_files_are_listed_and_good_ones_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (gbk, _, _) = encoding_rs::GBK
        .encode("关于加强信用修复工作的通知\n各单位：\n失信主体可以申请信用修复。\n");
    std::fs::write(d.join("a-good.txt"), &gbk).unwrap();
    std::fs::write(d.join("b-empty.txt"), b"").unwrap();
    std::fs::write(
        d.join("c-random.docx"),
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(d.join("d-image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(
        d.join("e-half.pdf"),
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
    )
    .unwrap();
    let out = taizhang()
        .arg("extract")
        .arg("--json")
        .arg(d)
        .arg(d.join("missing.docx"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = json_lines(&out.stdout);
    let by_name = |n: &str| {
        docs.iter()
            .find(|v| v["path"].as_str().unwrap().ends_with(n))
            .unwrap_or_else(|| panic!("{n} missing"))
            .clone()
    };
    assert_eq!(docs.len(), 6);
    let good = by_name("a-good.txt");
    assert_eq!(good["status"], "ok");
    assert_eq!(good["title"], "关于加强信用修复工作的通知");
    assert!(good["pages"][0]["text"]
        .as_str()
        .unwrap()
        .contains("信用修复"));
    assert_eq!(by_name("b-empty.txt")["status"], "error");
    assert!(by_name("b-empty.txt")["message"]
        .as_str()
        .unwrap()
        .contains("为空"));
    assert_eq!(by_name("c-random.docx")["status"], "error");
    assert!(by_name("c-random.docx")["message"]
        .as_str()
        .unwrap()
        .contains("损坏"));
    assert_eq!(by_name("d-image.png")["status"], "skipped");
    assert_eq!(by_name("e-half.pdf")["status"], "error");
    assert_eq!(by_name("missing.docx")["status"], "error");
    assert!(by_name("missing.docx")["message"]
        .as_str()
        .unwrap()
        .contains("无法打开"));
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(summary.contains("共 6 个文件"), "{summary}");
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let run = |j: &str| {
        let out = taizhang()
            .args(["extract", "--json", "-j", j])
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
}

#[test]
fn structure_view_shows_cites_and_pages() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/fixtures/notice-banfa.pdf");
    let out = taizhang()
        .args(["extract", "--structure"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("印发通知"), "{s}");
    assert!(s.contains("第四条第一款第（二）项"), "{s}");
    assert!(s.contains("[第2页]"), "{s}");
    let out = taizhang()
        .args(["extract", "--structure", "--json"])
        .arg(&f)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let units = v["units"].as_array().unwrap();
    assert!(units.iter().any(|u| u["cite"] == "第一章"));
    assert!(units[0]["children"].is_array());
}

#[test]
fn rules_are_listed_and_explained() {
    let out = taizhang().arg("rules").output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("XY401") && s.contains("low-score-punishes-person"),
        "{s}"
    );
    assert_eq!(s.lines().filter(|l| l.starts_with("XY")).count(), 14, "{s}");
    let out = taizhang()
        .args(["rules", "low-score-punishes-person"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("不得以低信用分为由") && s.contains("建议处置方式"),
        "{s}"
    );
    let out = taizhang().args(["rules", "XY999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("taizhang rules"));
}

#[test]
fn check_reports_findings_with_rule_clause_and_quote() {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/docs/d");
    let bad = d.join("003-jiaotong-chuanhongdeng.txt");
    let out = taizhang().arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "violations exit 1");
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains(":1: 二、 [XY301 minor-misconduct-recorded]"),
        "{s}"
    );
    assert!(
        s.contains("「一年内闯红灯受到行政处罚三次以上的，列入交通出行“黑名单”。」"),
        "{s}"
    );
    assert!(s.contains("共检查 1 个文件"), "{s}");
    let out = taizhang()
        .args(["check", "--format", "json"])
        .arg(&bad)
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = json_lines(&out.stdout);
    assert!(!lines.is_empty());
    for key in [
        "path", "page", "cite", "kind", "rule", "name", "severity", "message", "quote", "bases",
    ] {
        assert!(lines[0].get(key).is_some(), "{key} missing");
    }
    // A document whose provisions rest on a law and that provides repair has no violation.
    let ok = d.join("012-nongmingong-mingdan-banfa.txt");
    let out = taizhang().arg("check").arg(&ok).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A confusable document has no finding at all.
    let none = d.join("004-shengtai-xiufu-fangan.txt");
    let out = taizhang().arg("check").arg(&none).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("[XY"));
}

#[test]
fn usage_errors_are_chinese_and_exit_2() {
    let out = taizhang().arg("extract").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("缺少必需的参数"));
    let out = taizhang().arg("frob").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法识别的命令"));
    let out = taizhang().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("taizhang "));
    let out = taizhang().arg("--help").output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("显示帮助") && !s.contains("Print help"), "{s}");
}

/// A district adds its own terms without rebuilding: `--lexicons DIR` or
/// `[lexicons] dir` in taizhang.toml; a malformed line is an error naming
/// the file and the line.
#[test]
fn local_lexicons_add_terms_and_bad_lines_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("doc.txt"),
        "青石区居住证管理办法\n第一条 为规范居住证管理，制定本办法。\n第二条 对拒不履行义务的申请人，暂缓核发居住证。\n第三条 本办法自发布之日起施行。\n",
    )
    .unwrap();
    std::fs::write(
        root.join("gold.jsonl"),
        "{\"file\": \"doc.txt\", \"kinds\": [], \"provisions\": []}\n",
    )
    .unwrap();
    std::fs::create_dir(root.join("local")).unwrap();
    std::fs::write(
        root.join("local/discipline.txt"),
        "# 本区补充的惩戒措施\n暂缓核发居住证\n",
    )
    .unwrap();
    let alarms = |args: &[&str]| -> Vec<String> {
        let out = taizhang().current_dir(root).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["false_alarms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| format!("{} {}", m["kind"], m["cite"]))
            .collect()
    };
    let plain = ["eval", "--json", "--gold", "gold.jsonl"];
    assert!(alarms(&plain).is_empty());
    let with_flag = [
        "--lexicons",
        "local",
        "eval",
        "--json",
        "--gold",
        "gold.jsonl",
    ];
    assert_eq!(alarms(&with_flag), ["\"discipline\" \"第二条\""]);
    // The same through taizhang.toml in the working directory.
    std::fs::write(root.join("taizhang.toml"), "[lexicons]\ndir = \"local\"\n").unwrap();
    assert_eq!(alarms(&plain), ["\"discipline\" \"第二条\""]);
    // A malformed line: exit 2, file and line named.
    std::fs::write(
        root.join("local/discipline.txt"),
        "# 注释\n暂缓核发居住证\nre:(未闭合\n",
    )
    .unwrap();
    let out = taizhang().current_dir(root).args(plain).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("discipline.txt 第 3 行"), "{err}");
    // A missing folder is named too.
    let out = taizhang()
        .current_dir(root)
        .args(["--lexicons", "nowhere", "rules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere"));
}
