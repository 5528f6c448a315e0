//! End-to-end extraction on `corpus/fixtures/`: every fixture listed in
//! `manifest.tsv` is read with the expected format, status, message, text
//! and metadata, and broken files never stop the others from coming through.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use taizhang::document::Document;
use taizhang::normalize::{is_han, normalize};
use taizhang::pipeline::{collect_inputs, read_inputs, Options};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/fixtures")
}

#[derive(Debug)]
struct Row {
    file: String,
    format: String,
    status: String,
    message: String,
    truth: String,
    title: String,
    carried_title: String,
    docno: String,
    issuer: String,
    date: String,
}

fn manifest() -> Vec<Row> {
    let text = std::fs::read_to_string(fixtures().join("manifest.tsv")).expect("manifest.tsv");
    let mut rows = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("file\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 10, "manifest row needs 10 columns: {line}");
        rows.push(Row {
            file: f[0].into(),
            format: f[1].into(),
            status: f[2].into(),
            message: f[3].into(),
            truth: f[4].into(),
            title: f[5].into(),
            carried_title: f[6].into(),
            docno: f[7].into(),
            issuer: f[8].into(),
            date: f[9].into(),
        });
    }
    rows
}

fn read_fixtures() -> BTreeMap<String, Document> {
    let root = fixtures();
    let inputs = collect_inputs(std::slice::from_ref(&root));
    let prefix = format!("{}/", root.to_string_lossy().replace('\\', "/"));
    let mut docs = BTreeMap::new();
    read_inputs(&inputs, &Options::default(), |d| {
        let rel = d.path.strip_prefix(&prefix).unwrap_or(&d.path).to_string();
        docs.insert(rel, d);
    });
    docs
}

fn opt(s: &str) -> Option<&str> {
    (s != "-").then_some(s)
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every Han character of `truth` appears in `got`, in order.
fn han_in_order(truth: &str, got: &str) -> Result<(), String> {
    let mut it = got.chars().filter(|&c| is_han(c));
    for (matched, c) in truth.chars().filter(|&c| is_han(c)).enumerate() {
        if !it.any(|g| g == c) {
            return Err(format!(
                "Han character {c} (after {matched} matched) missing or out of order"
            ));
        }
    }
    Ok(())
}

#[test]
fn every_fixture_reads_as_the_manifest_says() {
    let rows = manifest();
    assert!(rows.len() >= 25, "manifest too small: {}", rows.len());
    let docs = read_fixtures();
    let mut failures = Vec::new();
    for r in &rows {
        let Some(d) = docs.get(&r.file) else {
            failures.push(format!("{}: not in the output", r.file));
            continue;
        };
        let mut fail = |what: String| failures.push(format!("{}: {what}", r.file));
        if d.format.name() != r.format {
            fail(format!("format {} ≠ {}", d.format.name(), r.format));
        }
        let status = serde_json::to_value(d.status).unwrap();
        if status != r.status.as_str() {
            fail(format!("status {status} ≠ {} ({})", r.status, d.message));
        }
        if let Some(m) = opt(&r.message) {
            // `a|b`: either word is enough.
            if !m.split('|').any(|alt| d.message.contains(alt)) {
                fail(format!("message {:?} lacks {m:?}", d.message));
            }
        }
        if let Some(t) = opt(&r.truth) {
            let truth = std::fs::read_to_string(fixtures().join(t)).expect("truth file");
            let got = &d.norm.text;
            if matches!(r.format.as_str(), "pdf" | "ofd") {
                if let Err(e) = han_in_order(&truth, got) {
                    fail(e);
                }
            } else {
                let want = compact(&normalize(&[truth]).text);
                if compact(got) != want {
                    let at = want
                        .chars()
                        .zip(compact(got).chars())
                        .take_while(|(a, b)| a == b)
                        .count();
                    let ctx: String = want.chars().skip(at.saturating_sub(10)).take(30).collect();
                    let got_ctx: String = compact(got)
                        .chars()
                        .skip(at.saturating_sub(10))
                        .take(30)
                        .collect();
                    fail(format!(
                        "text differs at char {at}: want …{ctx}… got …{got_ctx}…"
                    ));
                }
            }
        }
        let m = &d.meta;
        for (name, want, got) in [
            ("title", &r.title, &m.title),
            ("carried_title", &r.carried_title, &m.carried_title),
            ("docno", &r.docno, &m.docno),
            ("issuer", &r.issuer, &m.issuer),
            ("date", &r.date, &m.date),
        ] {
            if r.status == "ok" && opt(want) != got.as_deref() {
                fail(format!("{name} {got:?} ≠ {want:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_file_on_disk_appears_in_the_output() {
    let docs = read_fixtures();
    let root = fixtures();
    for entry in walkdir::WalkDir::new(&root).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        assert!(docs.contains_key(&rel), "{rel} missing from the output");
    }
}
