//! `audit`'s readers of a submitted ledger (xlsx, xls, csv, Word tables) on
//! any bytes: rows or an error that says what is wrong, never a panic. The
//! file's extension follows its content, as a unit's file would be named
//! (a zip with xl/ → .xlsx, else .docx; an OLE file with a Workbook → .xls,
//! else .doc; anything else → .csv), so that the seeds reach their readers.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::ledger(data));
