//! The clause model: trained on labeled documents, it finds a provision in
//! words no lexicon line knows; the embedded model is exactly what `train`
//! builds from the committed gold; cross-validation scores every document.

use std::path::{Path, PathBuf};
use taizhang::{detect, model, normalize, structure, train};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

const HELD_OUT: &str = "某某区生活垃圾分类管理办法\n\n\
第一条 为了推进生活垃圾分类，改善人居环境，制定本办法。\n\
第二条 居民和单位应当按照规定分类投放生活垃圾。\n\
第三条 单位未按规定分类投放生活垃圾的，由街道办事处责令改正；拒不改正的，将有关情况载入单位诚信簿。\n\
第四条 本办法自发布之日起施行。\n";

fn provisions(m: &model::Model, text: &str) -> (Vec<taizhang::eval::Provision>, usize) {
    let units = structure::parse(&normalize::normalize(&[text.to_string()]));
    let title = "某某区生活垃圾分类管理办法";
    let lex = detect::lexicon_detect(&units, title);
    let on_three = lex.iter().filter(|p| p.cite == "第三条").count();
    (model::decide(m, &units, title, &lex), on_three)
}

#[test]
fn a_model_trained_on_a_small_set_finds_a_phrasing_no_lexicon_line_covers() {
    // corpus/model: eight small documents; six record conduct into a
    // 诚信簿 ("载入…诚信簿"), words no lexicon line holds.
    let docs = train::load(&[root().join("corpus/model/gold.jsonl")]).expect("load");
    assert_eq!(docs.len(), 8);
    assert!(docs.iter().all(|d| d.read && d.unplaced.is_empty()));
    let m = train::train(&docs, train::Params::default(), vec!["test".into()]).expect("train");

    let (found, lexicon_on_three) = provisions(&m, HELD_OUT);
    assert_eq!(
        lexicon_on_three, 0,
        "the lexicon alone finds it: pick other words"
    );
    let share: Vec<_> = found.iter().filter(|p| p.kind == "share").collect();
    assert_eq!(share.len(), 1, "{found:?}");
    assert_eq!(share[0].cite, "第三条");
    assert!(share[0].quote.contains("诚信簿"), "{:?}", share[0]);
    // It says why, in features a reader can check.
    assert!(
        share[0]
            .why
            .iter()
            .any(|w| w.contains("诚信") || w.contains("信簿")),
        "{:?}",
        share[0].why
    );
    // Nothing else: purpose, duty and the date are not provisions.
    assert_eq!(found.len(), 1, "{found:?}");

    // The same text with the act taken out: nothing.
    let plain = HELD_OUT.replace("；拒不改正的，将有关情况载入单位诚信簿", "");
    assert!(provisions(&m, &plain).0.is_empty());
}

#[test]
fn training_is_deterministic_and_its_file_reads_back() {
    let gold = [root().join("corpus/model/gold.jsonl")];
    let (a, _) = train::model_text(&gold).expect("train");
    let (b, _) = train::model_text(&gold).expect("train again");
    assert_eq!(a, b);
    let m = model::Model::parse(&a).expect("parse");
    assert_eq!(m.to_text(), a);
}

#[test]
fn cross_validation_scores_every_document_once() {
    let docs = train::load(&[root().join("corpus/model/gold.jsonl")]).expect("load");
    let preds = train::cross_validate(&docs, 4, &[], train::Params::default()).expect("cv");
    let mut files: Vec<&str> = preds.iter().map(|p| p.file.as_str()).collect();
    files.sort();
    files.dedup();
    assert_eq!(files.len(), 8);
    assert_eq!(preds.len(), 8);
}

#[test]
fn repeated_cross_validation_lists_every_split_and_the_spread() {
    let out = assert_cmd::Command::cargo_bin("taizhang")
        .expect("binary")
        .current_dir(root())
        .args([
            "eval",
            "--cv",
            "4",
            "--repeat",
            "3",
            "--gold",
            "corpus/model/gold.jsonl",
        ])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("重复 3 次不同的分折"), "{text}");
    let rows = text
        .lines()
        .filter(|l| ["1 ", "2 ", "3 "].iter().any(|n| l.starts_with(n)) && l.contains('%'))
        .count();
    assert_eq!(rows, 3, "{text}");
    assert!(text.contains("条款级 F1：平均"), "{text}");
    // Without --cv, --repeat is an error that says what to add.
    let out = assert_cmd::Command::cargo_bin("taizhang")
        .expect("binary")
        .current_dir(root())
        .args(["eval", "--repeat", "3", "--gold", "corpus/model/gold.jsonl"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cv"));
}

/// `lexicons/model.tsv` is what `taizhang train` builds from the committed
/// gold (train::MODEL_GOLD): a stale model fails here. The pool's texts
/// and the corpus-real labels live in ../shared, the LawRefBook texts of
/// corpus/real/lawref.jsonl in ../lawref, beside the project; where either
/// is absent the test says so.
#[test]
fn the_embedded_model_is_what_train_builds_from_the_committed_gold() {
    for (needed, what) in [
        ("../shared/corpus-real/gold.jsonl", "../shared/corpus-real"),
        (
            "../lawref/texts",
            "../lawref/texts (rebuilt by scripts/lawref.py from corpus/real/lawref-index.tsv)",
        ),
    ] {
        if !root().join(needed).exists() {
            println!("SKIPPED: {what} is absent; the embedded model is not checked");
            return;
        }
    }
    // Paths as written in the model's header: relative to the project root,
    // which is where cargo runs the tests.
    let gold: Vec<PathBuf> = train::MODEL_GOLD.iter().map(PathBuf::from).collect();
    let (text, _) = train::model_text(&gold).expect("train");
    assert!(
        text == model::EMBEDDED_MODEL,
        "lexicons/model.tsv is stale: run `cargo run --release -- train` in the project root"
    );
}
