//! The labeled corpus: every gold cite exists in the citation tree of its
//! document, and `taizhang eval` scores the corpus and prints its table.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use taizhang::eval::parse_gold;
use taizhang::pipeline::{read_file, Input, Options};
use taizhang::structure::{parse, Unit};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn cites(units: &[Unit], out: &mut Vec<String>) {
    for u in units {
        out.push(u.cite.clone());
        cites(&u.children, out);
    }
}

#[test]
fn every_gold_cite_is_a_unit_of_the_tree() {
    let text = std::fs::read_to_string(corpus().join("gold.jsonl")).expect("corpus/gold.jsonl");
    let gold = parse_gold(&text).expect("gold parses");
    assert!(
        gold.len() >= 80,
        "corpus has {} labeled documents",
        gold.len()
    );
    let mut missing = Vec::new();
    let mut total = 0;
    for g in &gold {
        let path = corpus().join(&g.file);
        let input = Input {
            display: path.to_string_lossy().into_owned(),
            path,
        };
        let docs = read_file(&input, &Options::default());
        let doc = &docs[0];
        assert_eq!(
            serde_json::to_value(doc.status).unwrap(),
            "ok",
            "{}: {}",
            g.file,
            doc.message
        );
        let mut have = Vec::new();
        cites(&parse(&doc.norm), &mut have);
        for p in &g.provisions {
            total += 1;
            if !have.contains(&p.cite) {
                missing.push(format!("{}: {}", g.file, p.cite));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {total} gold cites not in the tree:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn eval_prints_its_table_on_the_corpus() {
    let gold = corpus().join("gold.jsonl");
    let out = Command::cargo_bin("taizhang")
        .unwrap()
        .arg("eval")
        .arg("--gold")
        .arg(&gold)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    println!("{table}");
    for k in [
        "share",
        "blacklist",
        "discipline",
        "score",
        "repair",
        "合计",
        "依据",
    ] {
        assert!(table.contains(k), "{k} missing from\n{table}");
    }
    let out = Command::cargo_bin("taizhang")
        .unwrap()
        .args(["eval", "--json", "--gold"])
        .arg(&gold)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for key in ["overall", "kinds", "basis", "misses", "false_alarms"] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    assert!(v["overall"]["provision"]["recall"].is_number());
}

#[test]
fn eval_reports_a_bad_gold_file() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gold.jsonl");
    std::fs::write(&g, "{oops\n").unwrap();
    let out = Command::cargo_bin("taizhang")
        .unwrap()
        .arg("eval")
        .arg("--gold")
        .arg(&g)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("格式有误"));
}
