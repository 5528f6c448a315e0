//! 处置方式 reasons that say when a unit's own document breaks a rule only
//! because a higher document requires it (corpus/upstream, written for the
//! project): a clause that carries out a city document (按照《…》第十二条
//! 规定), and the text a 转发 notice forwards, name that document; the same
//! clause without the citation, and a clause that adds to a law's article,
//! do not.

use assert_cmd::Command;
use std::path::Path;

fn reasons() -> Vec<(String, String, String)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/upstream");
    let o = Command::cargo_bin("taizhang")
        .unwrap()
        .arg("scan")
        .arg(folder)
        .args(["-o", "-", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let path = r["path"].as_str().unwrap();
            let file = path.rsplit(['/', '\\']).next().unwrap().to_string();
            (
                file,
                r["disposition"].as_str().unwrap().to_string(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn reason_of<'a>(rows: &'a [(String, String, String)], file: &str) -> &'a (String, String, String) {
    rows.iter()
        .find(|(f, _, _)| f == file)
        .unwrap_or_else(|| panic!("no row for {file}: {rows:?}"))
}

#[test]
fn a_clause_carrying_out_a_city_document_names_it() {
    let rows = reasons();
    let (_, disposition, reason) = reason_of(&rows, "01-carries-out-city.txt");
    // Still the unit's own document to revise, as DESIGN.md §5 says …
    assert!(disposition.starts_with("修订"), "{disposition}");
    // … with the document it carries out, its level and the clause named.
    assert!(
        reason.contains("第二条（XY301）出自所执行的市级文件《江澜市文明行为促进办法》"),
        "{reason}"
    );
    assert!(reason.contains("向其制发机关反映"), "{reason}");
}

#[test]
fn a_preamble_citation_or_a_laws_article_is_not_a_requirement() {
    let rows = reasons();
    // 根据《江澜市…》，制定本办法 only: the clause itself carries out nothing.
    let (_, _, reason) = reason_of(&rows, "02-preamble-only.txt");
    assert!(reason.contains("轻微失信泛化（XY301）"), "{reason}");
    assert!(!reason.contains("出自"), "{reason}");
    // 依照《食品安全法》第一百一十三条 … 姓名、家庭住址公示: the law does not
    // require what the clause adds to it.
    let (_, _, reason) = reason_of(&rows, "03-law-article.txt");
    assert!(reason.contains("公开个人信息（XY201）"), "{reason}");
    assert!(!reason.contains("出自"), "{reason}");
}

#[test]
fn findings_in_forwarded_text_come_from_the_forwarded_document() {
    let rows = reasons();
    let (_, _, reason) = reason_of(&rows, "04-forwards-city.txt");
    assert!(
        reason.contains("出自所转发的市级文件《江澜市居民公约积分管理办法》"),
        "{reason}"
    );
    assert!(reason.contains("第二条（XY102、XY302"), "{reason}");
}
