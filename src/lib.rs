//! taizhang: reads a folder of Chinese policy documents and drafts the
//! 失信约束措施台账 required by 国办发〔2020〕49号.
//!
//! The pipeline: extract → normalize → meta → structure → segment → detect →
//! basis → rules → ledger → report. Each stage is a module that takes data
//! and returns data; nothing here prints.

pub mod cli;
pub mod document;
pub mod eval;
pub mod extract;
pub mod meta;
pub mod normalize;
pub mod numerals;
pub mod pipeline;
pub mod structure;
