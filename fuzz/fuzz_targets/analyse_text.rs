//! Structure, meta, detection, the rules and the ledger row on arbitrary
//! text: every provision cites a unit the structure has, every finding a
//! provision's clause or the whole text, and the row is drafted or not
//! without a panic.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::analyse_text(data));
