//! The printed ledger keeps whole cells: the xlsx ledger of corpus/docs,
//! converted to PDF by LibreOffice (the office suite of many domestic Linux
//! desktops, which does not compute the heights of wrapped rows when it
//! opens an xlsx file), shows the end of every row's 相关内容摘要 and
//! 依据的具体内容. Needs `soffice` (Debian's libreoffice-calc-nogui) and
//! `pdftotext` (poppler-utils); .ci/run installs both.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn program(name: &str, package: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("this test needs {name}: apt-get install {package} (.ci/run installs it)")
        })
}

/// Text without white space (a cell's text wraps anywhere in the PDF).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn libreoffice_prints_every_summary_and_basis_whole() {
    let soffice = program("soffice", "libreoffice-calc-nogui");
    let pdftotext = program("pdftotext", "poppler-utils");
    let tmp = tempfile::tempdir().unwrap();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/docs/d");
    let xlsx = tmp.path().join("ledger.xlsx");
    let json = tmp.path().join("ledger.json");
    for out in [&xlsx, &json] {
        Command::cargo_bin("taizhang")
            .unwrap()
            .arg("scan")
            .arg(&docs)
            .arg("-o")
            .arg(out)
            .arg("-q")
            .assert()
            .success();
    }
    // Its own profile folder: a desktop's LibreOffice may be open.
    let profile = format!("-env:UserInstallation=file://{}/lo", tmp.path().display());
    let st = std::process::Command::new(soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(tmp.path())
        .arg(&xlsx)
        .output()
        .expect("run soffice");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let pdf = tmp.path().join("ledger.pdf");
    let txt = tmp.path().join("ledger.txt");
    let st = std::process::Command::new(pdftotext)
        .arg(&pdf)
        .arg(&txt)
        .status()
        .expect("run pdftotext");
    assert!(st.success());
    let printed = squeeze(&std::fs::read_to_string(&txt).unwrap());

    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.len() >= 20, "{} rows", rows.len());
    for r in rows {
        for field in ["summary", "basis_text"] {
            let cell = squeeze(r[field].as_str().unwrap());
            let tail: String = {
                let chars: Vec<char> = cell.chars().collect();
                chars[chars.len().saturating_sub(8)..].iter().collect()
            };
            assert!(
                printed.contains(&tail),
                "row {} {field}: the printed ledger lacks its end “{tail}”",
                r["seq"]
            );
        }
    }
}
