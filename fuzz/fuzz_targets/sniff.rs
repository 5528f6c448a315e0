//! The format sniffer on any bytes under every extension: an answer, never
//! a panic.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::sniff(data));
