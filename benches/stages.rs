//! Throughput of each pipeline stage on documents from `corpus/`
//! (`cargo bench --bench stages`). Whole-process comparisons against the
//! Python peer are in `bench/compare.sh`; figures in BENCHMARKS.md.

use std::path::Path;
use taizhang::extract::{extract_format, sniff::sniff};
use taizhang::pipeline::{read_file, Input, Options};

fn main() {
    // Build the lexicon once, outside every measurement.
    let _ = taizhang::detect::lexicon();
    divan::main();
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/fixtures")
            .join(name),
    )
    .expect("fixture")
}

/// The same 办法 in every format the extractor reads.
const FORMATS: [&str; 7] = [
    "notice-banfa.txt",
    "notice-banfa.docx",
    "notice-banfa.doc",
    "notice-banfa.wps",
    "notice-banfa.pdf",
    "notice-jianzhu.ofd",
    "notice-jianzhu.html",
];

#[divan::bench(args = FORMATS)]
fn extract(bencher: divan::Bencher, name: &str) {
    let bytes = fixture(name);
    let ext = name.rsplit('.').next().unwrap_or("");
    let format = sniff(&bytes, ext).expect("readable fixture");
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| extract_format(format, divan::black_box(&bytes)));
}

/// One labeled document read once; every later stage measured on it.
fn document() -> taizhang::document::Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/docs/d/002-lajifenlei-banfa.txt");
    let input = Input {
        display: path.display().to_string(),
        path,
    };
    read_file(&input, &Options::default())
        .into_iter()
        .next()
        .expect("document")
}

#[divan::bench]
fn normalize(bencher: divan::Bencher) {
    let pages = vec![String::from_utf8(fixture("notice-banfa.txt")).expect("utf-8")];
    bencher.bench(|| taizhang::normalize::normalize(divan::black_box(&pages)));
}

#[divan::bench]
fn structure(bencher: divan::Bencher) {
    let doc = document();
    bencher.bench(|| taizhang::structure::parse(divan::black_box(&doc.norm)));
}

/// jieba's cut of the whole text, as a scan cuts: with the words of the
/// text already held (every cut after the first).
#[divan::bench]
fn segment(bencher: divan::Bencher) {
    let doc = document();
    let lex = taizhang::detect::lexicon();
    bencher
        .counter(divan::counter::BytesCount::new(doc.norm.text.len()))
        .bench(|| lex.cut(divan::black_box(&doc.norm.text), true).len());
}

/// The first cut of a sentence: its dictionary words looked up and added
/// to an empty segmenter.
#[divan::bench]
fn segment_new_text(bencher: divan::Bencher) {
    let sentence = "对列入严重失信主体名单的企业，依法依规实施联合惩戒，限制其参与政府采购。";
    bencher
        .with_inputs(|| taizhang::segment::Segmenter::new(&[]))
        .bench_local_values(|mut seg| seg.cut(divan::black_box(sentence), true).len());
}

/// Building jieba with its whole dictionary, which scans no longer do.
#[divan::bench(sample_count = 10)]
fn segment_whole_dictionary() -> jieba_rs::Jieba {
    jieba_rs::Jieba::new()
}

#[divan::bench]
fn detect(bencher: divan::Bencher) {
    let doc = document();
    let units = taizhang::structure::parse(&doc.norm);
    bencher.bench(|| taizhang::detect::detect(divan::black_box(&units), doc.meta.context_title()));
}

#[divan::bench]
fn basis(bencher: divan::Bencher) {
    let doc = document();
    bencher.bench(|| taizhang::basis::cited(divan::black_box(&doc.norm.text), None, None));
}

#[divan::bench]
fn analyse_and_check(bencher: divan::Bencher) {
    let doc = document();
    bencher.bench(|| {
        let a = taizhang::check::analyse(divan::black_box(&doc));
        taizhang::check::check(&doc, &a).len()
    });
}

#[divan::bench(args = ["xlsx", "docx", "csv", "json"])]
fn ledger(bencher: divan::Bencher, format: &str) {
    let scanned: Vec<_> = (0..20)
        .map(|_| taizhang::ledger::analyse(document()))
        .collect();
    let unit = taizhang::ledger::UnitInfo::default();
    let format = taizhang::report::OutFormat::parse(format).expect("format");
    bencher.bench(|| {
        let l = taizhang::ledger::build(divan::black_box(&scanned), &unit).unwrap();
        taizhang::report::render(&l, format).map(|b| b.len())
    });
}

/// The json ledger as a json-only scan makes it: each document's findings
/// and entry rendered as its part is built (on the workers, in a scan),
/// then the whole written out.
#[divan::bench]
fn ledger_json_rendered_by_part(bencher: divan::Bencher) {
    let scanned: Vec<_> = (0..20)
        .map(|_| taizhang::ledger::analyse(document()))
        .collect();
    let unit = taizhang::ledger::UnitInfo::default();
    bencher.bench(|| {
        let mut l = taizhang::ledger::Ledger::new(&unit);
        for s in divan::black_box(&scanned) {
            let mut p = taizhang::ledger::part_of(s, &unit, false);
            p.render_json().expect("json");
            l.push(p).unwrap();
        }
        let mut out = Vec::new();
        taizhang::report::write_json(&l, &mut out).map(|()| out.len())
    });
}
