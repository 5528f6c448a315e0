//! taizhang: reads a folder of Chinese policy documents and drafts the
//! 失信约束措施台账 required by 国办发〔2020〕49号.
//!
//! The pipeline: extract → normalize → meta → structure → segment → detect →
//! basis → rules → ledger → report. Each stage is a module that takes data
//! and returns data; nothing here prints.

pub mod audit;
pub mod basis;
pub mod check;
pub mod cli;
pub mod config;
pub mod detect;
pub mod document;
pub mod eval;
pub mod extract;
pub mod gate;
pub mod ledger;
pub mod lexicon;
pub mod meta;
pub mod normalize;
pub mod numerals;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod segment;
pub mod structure;

use std::path::Path;

/// Read the files a gold file names (relative to `base`) and predict their
/// provisions and bases with the full pipeline, in gold order.
pub fn run_eval_predictions(
    gold: &[eval::GoldDoc],
    base: &Path,
    opts: &pipeline::Options,
) -> Vec<eval::Predicted> {
    use rayon::prelude::*;
    extract::guard::install_quiet_panic_hook();
    gold.par_iter()
        .map(|g| {
            let path = base.join(&g.file);
            let input = pipeline::Input {
                display: path.to_string_lossy().into_owned(),
                path,
            };
            let mut provisions = Vec::new();
            let mut bases = Vec::new();
            // An archive yields several documents; gold names single files.
            if let Some(doc) = pipeline::read_file(&input, opts).into_iter().next() {
                let units = structure::parse(&doc.norm);
                provisions = detect::detect(&units, doc.meta.context_title());
                bases = basis::cited(
                    &doc.norm.text,
                    doc.meta
                        .carried_title
                        .as_deref()
                        .or(doc.meta.title.as_deref()),
                    doc.meta.docno.as_deref(),
                );
            }
            eval::Predicted {
                file: g.file.clone(),
                provisions,
                bases,
            }
        })
        .collect()
}
