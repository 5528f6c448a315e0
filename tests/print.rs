//! The printed ledger keeps whole cells: the xlsx ledger of corpus/docs,
//! converted to PDF by LibreOffice (the office suite of many domestic Linux
//! desktops, which does not compute the heights of wrapped rows when it
//! opens an xlsx file), shows the end of every row's 相关内容摘要 and
//! 依据的具体内容; the docx ledger, converted by LibreOffice Writer, likewise.
//! Needs `soffice` (Debian's libreoffice-calc-nogui and
//! libreoffice-writer-nogui) and `pdftotext` (poppler-utils); .ci/run
//! installs them.

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

/// The ledger of corpus/docs written as `ext`, converted to PDF by
/// LibreOffice and read back, without white space; with the json rows.
fn printed(ext: &str) -> (String, Vec<serde_json::Value>) {
    let soffice = program("soffice", "libreoffice-calc-nogui libreoffice-writer-nogui");
    let pdftotext = program("pdftotext", "poppler-utils");
    let tmp = tempfile::tempdir().unwrap();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/docs/d");
    let ledger = tmp.path().join(format!("ledger.{ext}"));
    let json = tmp.path().join("ledger.json");
    for out in [&ledger, &json] {
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
        .arg(&ledger)
        .output()
        .expect("run soffice");
    let pdf = tmp.path().join("ledger.pdf");
    assert!(
        st.status.success() && pdf.is_file(),
        "soffice made no PDF of the {ext} ledger (for docx it needs libreoffice-writer-nogui): {}",
        String::from_utf8_lossy(&st.stderr)
    );
    let txt = tmp.path().join("ledger.txt");
    let st = std::process::Command::new(pdftotext)
        .arg(&pdf)
        .arg(&txt)
        .status()
        .expect("run pdftotext");
    assert!(st.success());
    let printed = squeeze(&std::fs::read_to_string(&txt).unwrap());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let rows = v["rows"].as_array().unwrap().clone();
    assert!(rows.len() >= 20, "{} rows", rows.len());
    (printed, rows)
}

/// Every row's 相关内容摘要 and 依据的具体内容 ends in the printed text.
fn assert_whole(ext: &str) {
    let (printed, rows) = printed(ext);
    for r in &rows {
        for field in ["summary", "basis_text"] {
            let cell = squeeze(r[field].as_str().unwrap());
            let tail: String = {
                let chars: Vec<char> = cell.chars().collect();
                chars[chars.len().saturating_sub(8)..].iter().collect()
            };
            assert!(
                printed.contains(&tail),
                "{ext} row {} {field}: the printed ledger lacks its end “{tail}”",
                r["seq"]
            );
        }
    }
}

#[test]
fn libreoffice_prints_every_summary_and_basis_whole() {
    assert_whole("xlsx");
}

#[test]
fn libreoffice_prints_the_docx_ledger_whole() {
    assert_whole("docx");
}
