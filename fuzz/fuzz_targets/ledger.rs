//! `audit`'s readers of a submitted ledger (xlsx, xls, csv, Word tables) on
//! any bytes: rows or an error that says what is wrong, never a panic. The
//! file's extension follows its content, as a unit's file would be named
//! (a zip with xl/ → .xlsx, else .docx; an OLE file with a Workbook → .xls,
//! else .doc; anything else → .csv), so that the seeds reach their readers.
#![no_main]
use libfuzzer_sys::fuzz_target;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fuzz_target!(|data: &[u8]| {
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
});
