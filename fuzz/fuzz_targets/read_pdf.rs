//! The pdf reader, through the project's sniffer and guard.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::read("pdf", data));
