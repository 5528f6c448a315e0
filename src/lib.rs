//! taizhang: reads a folder of Chinese policy documents and drafts the
//! 失信约束措施台账 required by 国办发〔2020〕49号.
//!
//! The pipeline: extract → normalize → meta → structure → segment → detect →
//! basis → rules → ledger → report. Each stage is a module that takes data
//! and returns data; nothing here prints.

pub mod audit;
pub mod audit_xls;
pub mod basis;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod detect;
pub mod document;
pub mod eval;
pub mod extract;
pub mod gate;
pub mod ledger;
pub mod lexicon;
pub mod literals;
pub mod meta;
pub mod model;
pub mod normalize;
pub mod numerals;
pub mod origin;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod segment;
pub mod seqmatch;
pub mod structure;
pub mod train;

use std::path::Path;

/// A xorshift generator from a fixed seed, for tests that build many
/// texts at random and must build the same ones every run: each call
/// gives a number below its argument.
#[cfg(test)]
pub(crate) fn test_random() -> impl FnMut(usize) -> usize {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}

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

/// Ask the kernel for ordinary pages only, for the rest of the process.
///
/// mimalloc asks for transparent huge pages (`MADV_HUGEPAGE`). Where memory
/// is fragmented, which it is on a desktop that has run other programs or
/// right after the Python peer of the benchmark, each huge-page fault waits
/// while the kernel compacts memory. The benchmark folder's scan took 0.62 s
/// right after the peer with huge pages and 0.51 s without (5 runs each,
/// every run without faster than every run with). Back to back, on
/// unfragmented memory, huge pages were 10 % faster. A scan runs once, after
/// whatever the user did before, so ordinary pages are the better bet. This is
/// what mimalloc's own `MIMALLOC_ALLOW_THP=0` does, which cannot be set from
/// inside the process once it runs. Linux only; other systems do nothing.
pub fn prefer_small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and only
    // sets a flag of this process; it reads and writes no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn small_pages_are_asked_for() {
        super::prefer_small_pages();
        // SAFETY: PR_GET_THP_DISABLE only returns the flag.
        let flag = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(flag, 1);
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        // Kernels that report it (6.x) say THP is off for the process.
        if let Some(line) = status.lines().find(|l| l.starts_with("THP_enabled")) {
            assert!(line.ends_with('0'), "{line}");
        }
    }
}
