//! The loaders of a unit's own files on any text: `taizhang.toml`, a local
//! lexicon file (each name the lexicon folder may hold), a local model.
//! Each gives a value or an error naming what is wrong, never a panic.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::config(data));
