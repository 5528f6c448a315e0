//! Each rule of 国办发〔2020〕49号 on two realistic local documents
//! (`corpus/rules/`): `XYnnn-hit.txt` breaks rule XYnnn at a known clause,
//! `XYnnn-miss.txt` is the same document changed only where the rule looks
//! (a proper basis cited, a 区 department instead of a 街道, a score used
//! only for incentives, repair rules present …) and must not trigger it.
//! Only the rule a file is named after is asserted; other findings on the
//! same file are not this test's business.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/rules")
}

/// Every finding of `taizhang check --format json` on one file of `corpus/rules/`.
fn findings(file: &str) -> Vec<serde_json::Value> {
    let path = dir().join(file);
    assert!(path.is_file(), "{} missing", path.display());
    let out = Command::cargo_bin("taizhang")
        .expect("binary")
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("run taizhang");
    // 0: no violation (warnings allowed); 1: at least one violation.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{file}: exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn summary(fs: &[serde_json::Value]) -> Vec<String> {
    fs.iter()
        .map(|f| format!("{} {}", f["rule"], f["cite"]))
        .collect()
}

/// Rule code and the cite in its hit document where it must fire.
const CASES: [(&str, &str); 14] = [
    ("XY101", "第三条"),
    ("XY102", "第四条"),
    ("XY103", "一、（一）"),
    ("XY201", "第四条"),
    ("XY301", "第四条"),
    ("XY302", "第三条"),
    ("XY303", "第三条"),
    ("XY304", "第三条"),
    ("XY305", "二、（二）"),
    ("XY401", "第五条"),
    ("XY402", "第三条"),
    ("XY403", "第四条"),
    ("XY404", "二、（二）"),
    ("XY501", "第二条"),
];

fn hits(code: &str) {
    let (_, cite) = CASES
        .iter()
        .find(|(c, _)| *c == code)
        .unwrap_or_else(|| panic!("{code} not in CASES"));
    let fs = findings(&format!("{code}-hit.txt"));
    assert!(
        fs.iter().any(|f| f["rule"] == code && f["cite"] == *cite),
        "{code}-hit.txt: expected {code} at {cite}, got {:?}",
        summary(&fs)
    );
}

fn misses(code: &str) {
    let fs = findings(&format!("{code}-miss.txt"));
    assert!(
        !fs.iter().any(|f| f["rule"] == code),
        "{code}-miss.txt: {code} must not fire, got {:?}",
        summary(&fs)
    );
}

macro_rules! rule_case {
    ($($name:ident => $code:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                hits($code);
                misses($code);
            }
        )*
    };
}

rule_case! {
    xy101_no_basis => "XY101",
    xy102_basis_too_low => "XY102",
    xy103_expired_basis => "XY103",
    xy201_personal_info_published => "XY201",
    xy301_minor_misconduct_recorded => "XY301",
    xy302_list_outside_four_fields => "XY302",
    xy303_blacklist_wording => "XY303",
    xy304_no_listing_procedure => "XY304",
    xy305_listing_below_county => "XY305",
    xy401_low_score_punishes_person => "XY401",
    xy402_measure_without_direct_basis => "XY402",
    xy403_penalty_reaches_relatives => "XY403",
    xy404_disproportionate_measure => "XY404",
    xy501_no_repair => "XY501",
}

#[test]
fn cases_cover_every_rule_listed_by_the_binary() {
    let out = Command::cargo_bin("taizhang")
        .expect("binary")
        .arg("rules")
        .output()
        .expect("run taizhang rules");
    assert!(out.status.success());
    let listed: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.starts_with("XY") && w[2..].chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    let mut cased: Vec<String> = CASES.iter().map(|(c, _)| c.to_string()).collect();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    cased.sort();
    assert_eq!(listed_sorted, cased, "rules listed vs rules with a case");
}

#[test]
fn every_file_in_the_folder_is_asserted() {
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .expect("corpus/rules")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    let mut expected: Vec<String> = CASES
        .iter()
        .flat_map(|(c, _)| [format!("{c}-hit.txt"), format!("{c}-miss.txt")])
        .collect();
    expected.sort();
    let unasserted: Vec<&String> = files.iter().filter(|f| !expected.contains(f)).collect();
    let missing: Vec<&String> = expected.iter().filter(|f| !files.contains(f)).collect();
    assert!(
        unasserted.is_empty() && missing.is_empty(),
        "files without an assertion: {unasserted:?}; cases without a file: {missing:?}"
    );
}

/// `check` of the whole folder (documents analysed on all threads) reports
/// file by file in path order, each file's findings exactly as when that
/// file is checked alone.
#[test]
fn checking_the_folder_gives_each_files_findings_in_path_order() {
    let out = Command::cargo_bin("taizhang")
        .expect("binary")
        .args(["check", "--format", "json"])
        .arg(dir())
        .output()
        .expect("run taizhang");
    let all: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let name = |f: &serde_json::Value| {
        Path::new(f["path"].as_str().unwrap_or_default())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let key =
        |f: &serde_json::Value| format!("{} {} {} {}", f["rule"], f["cite"], f["page"], f["quote"]);
    let mut order: Vec<String> = all.iter().map(name).collect();
    order.dedup();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "files out of path order");
    assert!(order.len() >= 14, "{} files with findings", order.len());
    for file in &order {
        let together: Vec<String> = all.iter().filter(|f| &name(f) == file).map(key).collect();
        let alone: Vec<String> = findings(file).iter().map(key).collect();
        assert_eq!(together, alone, "{file}");
    }
}
