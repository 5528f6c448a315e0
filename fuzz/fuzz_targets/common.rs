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
