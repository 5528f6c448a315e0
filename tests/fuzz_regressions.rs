//! Inputs the fuzz targets found (corpus/fixtures/fuzz/, each with its
//! expected outcome in manifest.tsv): every one is handled as the project
//! promises — a status and a reason, never a crash.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/fixtures/fuzz")
}

fn cases() -> Vec<(String, PathBuf, i32, String)> {
    let text = std::fs::read_to_string(folder().join("manifest.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "manifest line {l:?}");
            let code = f[2].parse().expect("exit code");
            (
                f[0].to_string(),
                folder().join(f[1]),
                code,
                f[3].to_string(),
            )
        })
        .collect()
}

#[test]
fn every_input_the_fuzzers_found_is_handled() {
    let cases = cases();
    assert!(!cases.is_empty());
    for (target, file, code, expected) in cases {
        assert!(file.is_file(), "{} is missing", file.display());
        match target.as_str() {
            "ledger" => {
                let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/docs/t");
                let o = Command::cargo_bin("taizhang")
                    .unwrap()
                    .arg("audit")
                    .arg("--ledger")
                    .arg(&file)
                    .arg(docs)
                    .output()
                    .unwrap();
                let out = format!(
                    "{}{}",
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                );
                assert_eq!(o.status.code(), Some(code), "{}: {out}", file.display());
                assert!(out.contains(&expected), "{}: {out}", file.display());
                assert!(!out.contains("panicked"), "{}: {out}", file.display());
            }
            other => panic!("no check for target {other}"),
        }
    }
}

/// Every file in the folder is in the manifest (a found input is not left
/// without its expected outcome).
#[test]
fn every_regression_input_has_its_outcome() {
    let listed: Vec<PathBuf> = cases().into_iter().map(|(_, f, _, _)| f).collect();
    for dir in std::fs::read_dir(folder()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            assert!(
                listed.contains(&f),
                "{} has no line in manifest.tsv",
                f.display()
            );
        }
    }
}
