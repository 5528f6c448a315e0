//! Every rule of 国办发〔2020〕49号 on a document that breaks it and on a
//! confusable one that does not (`corpus/checks/`): the miss documents differ
//! from the hit ones only where the rule looks (a basis cited, 严重失信主体名单
//! instead of “黑名单”, a 区 department instead of a 街道 …).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn checks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/checks")
}

/// (rule, cite) of every finding `taizhang check` reports on a file.
fn findings(file: &str) -> Vec<(String, String)> {
    let out = Command::cargo_bin("taizhang")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(checks().join(file))
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            (
                v["rule"].as_str().unwrap_or_default().to_string(),
                v["cite"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Each rule, and the clauses of its hit document where it must fire.
const CASES: [(&str, &[&str]); 14] = [
    ("XY101", &["第二条", "第三条", "第五条"]),
    ("XY102", &["第二条", "第三条", "第五条"]),
    ("XY103", &["第一条"]),
    ("XY201", &["第二条"]),
    ("XY301", &["第二条"]),
    ("XY302", &["第二条"]),
    ("XY303", &["第三条", "第五条"]),
    ("XY304", &["第三条"]),
    ("XY305", &["第三条"]),
    ("XY401", &["第三条"]),
    ("XY402", &["第五条"]),
    ("XY403", &["第五条"]),
    ("XY404", &["第五条"]),
    ("XY501", &["第二条"]),
];

/// Rule `code` fires exactly at `cites` of `{base}-hit.txt` and nowhere in
/// `{base}-miss.txt`.
fn hit_and_miss(code: &str, base: &str, cites: &[&str]) {
    let hit = findings(&format!("{base}-hit.txt"));
    let mut got: Vec<&str> = hit
        .iter()
        .filter(|(r, _)| r == code)
        .map(|(_, c)| c.as_str())
        .collect();
    got.dedup();
    assert_eq!(got, cites, "{base}-hit.txt: {hit:?}");
    let miss = findings(&format!("{base}-miss.txt"));
    assert!(
        !miss.iter().any(|(r, _)| r == code),
        "{base}-miss.txt: {miss:?}"
    );
}

#[test]
fn each_rule_fires_on_its_hit_and_not_on_its_miss() {
    for (code, cites) in CASES {
        hit_and_miss(code, code, cites);
    }
}

/// Rules read the whole article: behaviours listed as items under the
/// clause that records or lists them, a later clause that refers back
/// (本办法第二条第（一）项), a deduction whose measures are items; each with
/// the clauses where it must fire, and a near miss (serious violations in
/// the items, no measure in them, grounds in the four fields) that gives
/// nothing. Scores deducted in items and a later clause that turns the low
/// score into a measure for the persons the items name (本办法第二条; the
/// near miss: firms); a measure whose basis is cited in the clause it
/// refers to (对有前款行为的…, 前款 citing the law's article: the near miss)
/// or nowhere (the hit).
const ARTICLE_CASES: [(&str, &str, &[&str]); 5] = [
    ("XY301", "XY301-items", &["第二条", "第三条"]),
    ("XY401", "XY401-items", &["第三条"]),
    ("XY302", "XY302-items", &["第二条"]),
    ("XY401", "XY401-refer", &["第三条"]),
    ("XY402", "XY402-refer", &["第三条第二款"]),
];

#[test]
fn rules_read_the_items_and_what_a_clause_refers_to() {
    for (code, base, cites) in ARTICLE_CASES {
        hit_and_miss(code, base, cites);
    }
}

/// Near misses that say the rule's words only to negate them (不包括…,
/// 不株连…): the hit document with the measure negated.
const NEGATED: [(&str, &str); 2] = [
    ("XY201", "XY201-negation-miss.txt"),
    ("XY403", "XY403-negation-miss.txt"),
];

#[test]
fn a_negated_measure_is_no_finding() {
    for (code, file) in NEGATED {
        let f = findings(file);
        assert!(!f.iter().any(|(r, _)| r == code), "{file}: {f:?}");
    }
}

#[test]
fn the_conforming_base_document_has_no_finding() {
    assert_eq!(findings("base-conforming.txt"), []);
}

#[test]
fn every_fixture_is_covered() {
    let mut names: Vec<String> = std::fs::read_dir(checks())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = CASES
        .iter()
        .flat_map(|(c, _)| [format!("{c}-hit.txt"), format!("{c}-miss.txt")])
        .chain(["base-conforming.txt".to_string()])
        .chain(NEGATED.iter().map(|(_, f)| f.to_string()))
        .chain(
            ARTICLE_CASES
                .iter()
                .flat_map(|(_, b, _)| [format!("{b}-hit.txt"), format!("{b}-miss.txt")]),
        )
        .collect();
    expected.sort();
    assert_eq!(names, expected);
}

/// A compliant list document that says it publishes no personal data
/// (公示内容不包括…姓名、家庭住址) is drafted as 保留 with no violation; the
/// same document publishing them gets XY201 and 修订.
#[test]
fn the_document_that_says_what_it_does_not_publish_is_kept() {
    let row = |file: &str| -> (String, String) {
        let out = Command::cargo_bin("taizhang")
            .unwrap()
            .arg("scan")
            .arg(checks().join(file))
            .args(["-o", "-", "-q"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let r = &v["rows"][0];
        (
            r["disposition"].as_str().unwrap_or_default().to_string(),
            r["reason"].as_str().unwrap_or_default().to_string(),
        )
    };
    let (d, reason) = row("XY201-negation-miss.txt");
    assert_eq!(d, "保留", "{reason}");
    let (d, reason) = row("XY201-hit.txt");
    assert_eq!(d, "修订", "{reason}");
    assert!(reason.contains("XY201"), "{reason}");
}
