//! The loaders of a unit's own files on any text: `taizhang.toml`, a local
//! lexicon file (each name the lexicon folder may hold), a local model.
//! Each gives a value or an error naming what is wrong, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

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

fuzz_target!(|data: &[u8]| {
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
});
