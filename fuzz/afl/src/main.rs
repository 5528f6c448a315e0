//! One AFL++ harness for every fuzz target: `TAIZHANG_FUZZ_TARGET=read_txt`
//! picks which (the names of `fuzz/fuzz_targets/`). The promises each
//! target checks are in `fuzz/fuzz_targets/common.rs`, shared with the
//! libFuzzer targets, so the two fuzzers test the same thing.
#[path = "../../fuzz_targets/common.rs"]
mod common;

fn main() {
    let name = std::env::var("TAIZHANG_FUZZ_TARGET").unwrap_or_default();
    // Only looked up here: running a target before the fork server forks
    // would start threads (the guard's, rayon's) that the forked children
    // do not have, and every input would hang.
    let Some(target) = common::target(&name) else {
        eprintln!("TAIZHANG_FUZZ_TARGET: unknown target {name:?} (see fuzz/fuzz_targets/)");
        std::process::exit(2);
    };
    afl::fuzz!(|data: &[u8]| target(data));
}
