//! The format sniffer on any bytes under every extension: an answer, never
//! a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

const EXTS: [&str; 12] = [
    "txt", "docx", "doc", "wps", "pdf", "ofd", "html", "odt", "rtf", "zip", "xlsx", "",
];

fuzz_target!(|data: &[u8]| {
    for ext in EXTS {
        let _ = taizhang::extract::sniff::sniff(data, ext);
    }
});
