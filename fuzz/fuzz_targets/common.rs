#![allow(dead_code)]
//! What every reader target asserts: the project's promises for one file
//! of untrusted bytes, read as `taizhang scan` reads it (sniffing, the
//! guard around third-party parsers, archives, normalisation, meta).

use std::time::Duration;
use taizhang::document::Status;
use taizhang::pipeline::{self, Options};

/// Install the project's panic hook (a panic inside a guarded parser is
/// caught and becomes the file's status, as in a scan): only what escapes
/// the guard reaches libFuzzer as a crash.
pub fn init() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(taizhang::extract::guard::install_quiet_panic_hook);
}

/// Read `data` as a file named `x.{ext}` and check the promises:
/// every input gives at least one document, every document has its path,
/// and one that was not read (error, skipped) says why; a document read
/// without a problem has text.
pub fn read(ext: &str, data: &[u8]) {
    init();
    let opts = Options {
        timeout: Duration::from_secs(5),
    };
    let docs = pipeline::read_bytes(format!("x.{ext}"), ext, data.to_vec(), 0, &opts);
    assert!(!docs.is_empty(), "no document for an input");
    for d in &docs {
        assert!(d.path.starts_with("x."), "path {:?}", d.path);
        if matches!(d.status, Status::Error | Status::Skipped) {
            assert!(
                !d.message.is_empty(),
                "{}: {:?} without a reason",
                d.path,
                d.status
            );
        }
        if d.status == Status::Ok && d.format != taizhang::extract::Format::Zip {
            assert!(
                !d.norm.text.trim().is_empty(),
                "{}: read, but no text and no warning",
                d.path
            );
        }
    }
    if data.is_empty() {
        assert!(
            docs.iter().all(|d| d.status != Status::Ok),
            "an empty file read as Ok"
        );
    }
}

/// The extensions the sniffer is asked about.
const SNIFF_EXTS: [&str; 12] = [
    "txt", "docx", "doc", "wps", "pdf", "ofd", "html", "odt", "rtf", "zip", "xlsx", "",
];

/// The format sniffer on any bytes under every extension: an answer, never
/// a panic.
pub fn sniff(data: &[u8]) {
    for ext in SNIFF_EXTS {
        let _ = taizhang::extract::sniff::sniff(data, ext);
    }
}

/// Structure, meta, detection, the rules and the ledger row on arbitrary
/// text: every provision cites a unit the structure has, every finding has
/// a rule and a message, and the row is drafted or not without a panic.
pub fn analyse_text(data: &[u8]) {
    use taizhang::extract::{Extracted, Format};
    init();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = taizhang::pipeline::build(
        "x.txt".into(),
        Format::Txt,
        Extracted::single(text.to_string(), "text"),
    );
    let a = taizhang::check::analyse(&doc);
    let mut cites = Vec::new();
    taizhang::structure::Unit::each(&a.units, &mut |u| cites.push(u.cite.clone()));
    for p in &a.provisions {
        assert!(
            cites.contains(&p.cite),
            "provision at {} not in the structure",
            p.cite
        );
    }
    let findings = taizhang::check::check(&doc, &a);
    for f in &findings {
        assert!(!f.rule.is_empty() && !f.message.is_empty());
    }
    let unit = taizhang::ledger::UnitInfo::default();
    let _ = taizhang::ledger::part(doc, &unit, true);
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `audit`'s readers of a submitted ledger (xlsx, xls, csv, Word tables) on
/// any bytes: rows or an error that says what is wrong, never a panic. The
/// file's extension follows its content, as a unit's file would be named
/// (a zip with xl/ → .xlsx, else .docx; an OLE file with a Workbook → .xls,
/// else .doc; anything else → .csv), so that the seeds reach their readers.
pub fn ledger(data: &[u8]) {
    let ext = if data.starts_with(b"PK") {
        if contains(data, b"xl/") {
            "xlsx"
        } else {
            "docx"
        }
    } else if data.starts_with(&[0xD0, 0xCF]) {
        if contains(data, b"W\0o\0r\0k\0b\0o\0o\0k") || contains(data, b"Book") {
            "xls"
        } else {
            "doc"
        }
    } else {
        "csv"
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join(format!("台账.{ext}"));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Err(e) = taizhang::audit::read_ledger(&path) {
        assert!(!e.to_string().is_empty());
    }
}

/// The names a local lexicon folder may hold.
const LEXICON_FILES: [&str; 8] = [
    "share.txt",
    "blacklist.txt",
    "discipline.txt",
    "score.txt",
    "repair.txt",
    "exclude.txt",
    "not_provision.txt",
    "dict.txt",
];

/// The loaders of a unit's own files on any text: `taizhang.toml`, a local
/// lexicon file (each name the lexicon folder may hold), a local model.
/// Each gives a value or an error naming what is wrong, never a panic.
pub fn config(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match first % 3 {
        0 => {
            let Ok(dir) = tempfile::tempdir() else {
                return;
            };
            let path = dir.path().join("taizhang.toml");
            if std::fs::write(&path, text).is_ok() {
                if let Err(e) = taizhang::config::unit(&path) {
                    assert!(!e.message.is_empty());
                }
            }
        }
        1 => {
            let name = LEXICON_FILES[usize::from(*first / 3) % LEXICON_FILES.len()];
            if let Err(e) = taizhang::detect::try_local(name, text) {
                assert!(!e.message.is_empty());
            }
        }
        _ => {
            let _ = taizhang::model::Model::parse(text);
        }
    }
}

/// Every target by name (those of `fuzz/fuzz_targets/`), for harnesses
/// that take the target at run time, such as the AFL++ one in `fuzz/afl/`.
pub const TARGETS: [(&str, fn(&[u8])); 13] = [
    ("read_txt", |d| read("txt", d)),
    ("read_docx", |d| read("docx", d)),
    ("read_doc", |d| read("doc", d)),
    ("read_pdf", |d| read("pdf", d)),
    ("read_ofd", |d| read("ofd", d)),
    ("read_html", |d| read("html", d)),
    ("read_odt", |d| read("odt", d)),
    ("read_rtf", |d| read("rtf", d)),
    ("read_zip", |d| read("zip", d)),
    ("sniff", sniff),
    ("analyse_text", analyse_text),
    ("ledger", ledger),
    ("config", config),
];

/// The target of that name.
pub fn target(name: &str) -> Option<fn(&[u8])> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}
