//! Training the clause model (`crate::model`) from gold files, and
//! cross-validating it.
//!
//! Each labeled document is read with the full pipeline; its candidate
//! clauses (`model::clauses`) become examples, positive for a kind when a
//! gold provision of that kind quotes the clause (else names its cite).
//! One L2-regularised logistic regression per kind, fitted by L-BFGS
//! (the argmin crate) over the buckets seen in at least two examples.
//! Everything is in a fixed order: the same gold gives the same model bytes.

use crate::detect::{self, KINDS};
use crate::eval::{self, GoldDoc, Predicted, Provision};
use crate::model::{self, Feature, Model};
use crate::pipeline::{self, Options};
use crate::structure;
use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Settings of the fit (the defaults are what `taizhang train` uses).
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// L2 penalty on the weights (not the bias).
    pub lambda: f64,
    /// Weight of a positive example's loss against a negative one's.
    pub positive_weight: f64,
    /// L-BFGS iterations at most.
    pub max_iters: u64,
    /// Buckets seen in fewer examples than this get no weight.
    pub min_count: usize,
    /// The logit above which a clause is a provision. Below 0 (p = 0.5):
    /// a missed provision costs more than a false alarm (the clerk deletes
    /// a false alarm; a miss stays in force). At -0.5 the folds gave
    /// P 0.76 / R 0.73 against 0.79 / 0.71 at 0.
    pub threshold: f64,
    /// Buckets whose weights are all smaller than this (in absolute value)
    /// are left out of the model: a smaller table is read and looked up
    /// faster (1.7 % of the scan). At 0.05 the folds gave the same figures
    /// to the last digit as with every weight (14,500 buckets instead of
    /// 32,600); at 0.2 within 0.2 points.
    pub prune: f64,
}

impl Default for Params {
    /// Chosen by 5-fold cross-validation on the real documents
    /// (bench/HISTORY.md): λ from 0.01 to 1 and a positive weight of 2 or 5
    /// moved provision F1 by under two points; these were best.
    fn default() -> Params {
        Params {
            lambda: 0.03,
            positive_weight: 5.0,
            max_iters: 300,
            min_count: 2,
            threshold: -0.5,
            prune: 0.05,
        }
    }
}

/// One candidate clause of a labeled document.
#[derive(Debug, Clone)]
pub struct Example {
    pub cite: String,
    pub feats: Vec<Feature>,
    pub y: [bool; KINDS.len()],
}

/// A labeled document, read and cut into examples.
#[derive(Debug, Clone)]
pub struct LabeledDoc {
    pub gold: GoldDoc,
    /// Which gold file it came from (for training-only files).
    pub source: usize,
    pub examples: Vec<Example>,
    /// Gold provisions that fell on no candidate clause (no trigger word,
    /// or a cite the structure does not have), as "kind cite".
    pub unplaced: Vec<String>,
    /// Whether the document could be read.
    pub read: bool,
}

/// Read every document of the gold files and cut it into examples, in the
/// files' order (documents in parallel, the result in order).
pub fn load(gold_files: &[PathBuf]) -> Result<Vec<LabeledDoc>, String> {
    use rayon::prelude::*;
    crate::extract::guard::install_quiet_panic_hook();
    let mut jobs: Vec<(usize, PathBuf, GoldDoc)> = Vec::new();
    for (i, g) in gold_files.iter().enumerate() {
        let docs = eval::read_gold(g)?;
        let base = g.parent().map(Path::to_path_buf).unwrap_or_default();
        jobs.extend(docs.into_iter().map(|d| (i, base.clone(), d)));
    }
    let opts = Options::default();
    Ok(jobs
        .into_par_iter()
        .map(|(source, base, gold)| read_one(source, &base, gold, &opts))
        .collect())
}

fn read_one(source: usize, base: &Path, gold: GoldDoc, opts: &Options) -> LabeledDoc {
    let path = base.join(&gold.file);
    let input = pipeline::Input {
        display: path.to_string_lossy().into_owned(),
        path,
    };
    let Some(doc) = pipeline::read_file(&input, opts).into_iter().next() else {
        let unplaced = gold
            .provisions
            .iter()
            .map(|p| format!("{} {}", p.kind, p.cite))
            .collect();
        return LabeledDoc {
            gold,
            source,
            examples: Vec::new(),
            unplaced,
            read: false,
        };
    };
    let units = structure::parse(&doc.norm);
    let title = doc.meta.context_title();
    let found = detect::lexicon_detect(&units, title);
    let clauses = model::clauses(&units, &found);
    let mut examples: Vec<Example> = clauses
        .iter()
        .map(|c| Example {
            cite: c.cite.to_string(),
            feats: model::features(c, title),
            y: [false; KINDS.len()],
        })
        .collect();
    let mut unplaced = Vec::new();
    for p in &gold.provisions {
        let Some(k) = KINDS.iter().position(|k| *k == p.kind) else {
            continue;
        };
        match place(&clauses, p) {
            Some(i) => examples[i].y[k] = true,
            None => unplaced.push(format!("{} {}", p.kind, p.cite)),
        }
    }
    LabeledDoc {
        gold,
        source,
        examples,
        unplaced,
        read: true,
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The candidate clause a gold provision falls on: in its article, the one
/// holding its quote, else the one with its exact cite, else the one
/// holding the quote's start, else the article's first.
fn place(clauses: &[model::Clause<'_>], p: &Provision) -> Option<usize> {
    let key = eval::match_key(&p.cite);
    let cite = eval::canonical_cite(&p.cite);
    let in_article: Vec<usize> = (0..clauses.len())
        .filter(|&i| eval::match_key(clauses[i].cite) == key)
        .collect();
    let q = squeeze(&p.quote);
    let head: String = q.chars().take(8).collect();
    let holds =
        |i: &usize, needle: &str| !needle.is_empty() && squeeze(clauses[*i].text).contains(needle);
    in_article
        .iter()
        .find(|i| holds(i, &q))
        .or_else(|| {
            in_article
                .iter()
                .find(|&&i| eval::canonical_cite(clauses[i].cite) == cite)
        })
        .or_else(|| in_article.iter().find(|i| holds(i, &head)))
        .or_else(|| in_article.first())
        .copied()
}

/// An example's features as indices of weights (the buckets that have one).
type Row = Vec<(usize, f64)>;

/// The logistic loss of one kind over a set of examples, as argmin sees it.
struct Problem<'a> {
    rows: Vec<(&'a Row, bool)>,
    /// The number of weights; the last one is the bias.
    dim: usize,
    p: Params,
}

impl Problem<'_> {
    fn margin(&self, w: &[f64], feats: &Row) -> f64 {
        let mut z = w[self.dim - 1];
        for (i, v) in feats {
            z += w[*i] * v;
        }
        z
    }

    fn penalty(&self, w: &[f64]) -> f64 {
        0.5 * self.p.lambda * w[..self.dim - 1].iter().map(|x| x * x).sum::<f64>()
    }
}

/// log(1 + e^x), without overflow.
fn softplus(x: f64) -> f64 {
    if x > 30.0 {
        x
    } else {
        x.exp().ln_1p()
    }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl CostFunction for Problem<'_> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, w: &Vec<f64>) -> Result<f64, argmin::core::Error> {
        let mut loss = self.penalty(w);
        for (feats, y) in &self.rows {
            let z = self.margin(w, feats);
            loss += if *y {
                self.p.positive_weight * softplus(-z)
            } else {
                softplus(z)
            };
        }
        Ok(loss)
    }
}

impl Gradient for Problem<'_> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, w: &Vec<f64>) -> Result<Vec<f64>, argmin::core::Error> {
        let mut g: Vec<f64> = w.iter().map(|x| self.p.lambda * x).collect();
        g[self.dim - 1] = 0.0;
        for (feats, y) in &self.rows {
            let z = self.margin(w, feats);
            // d/dz of the example's loss.
            let d = if *y {
                -self.p.positive_weight * sigmoid(-z)
            } else {
                sigmoid(z)
            };
            g[self.dim - 1] += d;
            for (i, v) in feats.iter() {
                g[*i] += d * v;
            }
        }
        Ok(g)
    }
}

/// Fit a model on examples (in the order given).
pub fn fit(examples: &[&Example], p: Params) -> Result<Model, String> {
    // Buckets seen in at least `min_count` examples, in bucket order.
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for e in examples {
        for (b, _) in &e.feats {
            *counts.entry(*b).or_default() += 1;
        }
    }
    let index: BTreeMap<u32, usize> = counts
        .into_iter()
        .filter(|(_, n)| *n >= p.min_count)
        .enumerate()
        .map(|(i, (b, _))| (b, i))
        .collect();
    let dim = index.len() + 1;
    let compact: Vec<Row> = examples
        .iter()
        .map(|e| {
            e.feats
                .iter()
                .filter_map(|(b, v)| index.get(b).map(|&i| (i, f64::from(*v))))
                .collect()
        })
        .collect();
    let mut m = Model::default();
    // The kinds are independent fits: in parallel, collected in kind order.
    use rayon::prelude::*;
    let per_kind: Vec<Vec<f64>> = (0..KINDS.len())
        .into_par_iter()
        .map(|k| fit_kind(examples, &compact, k, dim, p))
        .collect::<Result<_, String>>()?;
    for (k, w) in per_kind.iter().enumerate() {
        m.bias[k] = w[dim - 1] as f32;
        m.threshold[k] = p.threshold as f32;
    }
    for (b, &i) in &index {
        let mut row = [0f32; KINDS.len()];
        for (k, w) in per_kind.iter().enumerate() {
            row[k] = w[i] as f32;
        }
        if row.iter().all(|w| f64::from(w.abs()) < p.prune) {
            continue;
        }
        m.weights.insert(*b, row);
    }
    // Round-trip through the file form, so that a model in memory scores
    // exactly as the same model read back from its file.
    Model::parse(&m.to_text())
}

fn fit_kind(
    examples: &[&Example],
    compact: &[Row],
    k: usize,
    dim: usize,
    p: Params,
) -> Result<Vec<f64>, String> {
    {
        let rows: Vec<(&Row, bool)> = compact
            .iter()
            .zip(examples)
            .map(|(r, e)| (r, e.y[k]))
            .collect();
        let w = if rows.iter().any(|r| r.1) {
            let problem = Problem { rows, dim, p };
            let solver = LBFGS::new(MoreThuenteLineSearch::new(), 7)
                .with_tolerance_grad(1e-6)
                .map_err(|e| e.to_string())?
                .with_tolerance_cost(1e-9)
                .map_err(|e| e.to_string())?;
            let res = Executor::new(problem, solver)
                .configure(|s| s.param(vec![0.0; dim]).max_iters(p.max_iters))
                .run()
                .map_err(|e| format!("{}：训练未能完成（{e}）", KINDS[k]))?;
            res.state()
                .get_best_param()
                .cloned()
                .unwrap_or_else(|| vec![0.0; dim])
        } else {
            // No example of the kind: never predict it.
            let mut w = vec![0.0; dim];
            w[dim - 1] = -10.0;
            w
        };
        Ok(w)
    }
}

/// The provisions a model finds among a document's examples (cites and
/// kinds only: what the provision scores count).
pub fn predict(m: &Model, d: &LabeledDoc) -> Predicted {
    let mut provisions = Vec::new();
    for e in &d.examples {
        let z = m.scores(&e.feats);
        for (k, kind) in KINDS.iter().enumerate() {
            if z[k] > m.threshold[k] {
                provisions.push(Provision {
                    kind: kind.to_string(),
                    cite: e.cite.clone(),
                    quote: String::new(),
                    list: None,
                    why: Vec::new(),
                });
            }
        }
    }
    Predicted {
        file: d.gold.file.clone(),
        provisions,
        bases: Vec::new(),
    }
}

/// Train on every document; `about` lines describe the gold in the file.
pub fn train(docs: &[LabeledDoc], p: Params, about: Vec<String>) -> Result<Model, String> {
    let examples: Vec<&Example> = docs.iter().flat_map(|d| &d.examples).collect();
    let mut m = fit(&examples, p)?;
    m.about = about;
    Model::parse(&m.to_text())
}

/// The fold of a document: its file name's FNV hash, mod `k` (stable as
/// documents are added).
pub fn fold_of(file: &str, k: usize) -> usize {
    (model::fnv1a(file.as_bytes()) % k as u64) as usize
}

/// The fold of a document in split `split` of a repeated cross-validation:
/// split 0 is [`fold_of`]; every other split hashes the file name with the
/// split's number, an independent shuffle of the same documents. The hash
/// is mixed before the remainder: FNV-1a's lowest bit is the parity of its
/// bytes' lowest bits, so with an even `k` a suffix would only have
/// swapped the folds' numbers, not reshuffled them.
pub fn fold_in_split(file: &str, k: usize, split: usize) -> usize {
    if split == 0 {
        return fold_of(file, k);
    }
    let mut h = model::fnv1a(format!("{file}#split{split}").as_bytes());
    // The finaliser of splitmix64.
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^= h >> 31;
    (h % k as u64) as usize
}

/// k-fold cross-validation: for each fold, train on the other folds (and on
/// every document of a training-only source) and predict the fold. Returns
/// the predictions of every scored document, in input order.
pub fn cross_validate(
    docs: &[LabeledDoc],
    k: usize,
    train_only: &[usize],
    p: Params,
) -> Result<Vec<Predicted>, String> {
    cross_validate_split(docs, k, train_only, p, 0)
}

/// [`cross_validate`] with the folds of split `split` ([`fold_in_split`]).
pub fn cross_validate_split(
    docs: &[LabeledDoc],
    k: usize,
    train_only: &[usize],
    p: Params,
    split: usize,
) -> Result<Vec<Predicted>, String> {
    let fold_of = |file: &str, k: usize| fold_in_split(file, k, split);
    let scored = |d: &LabeledDoc| !train_only.contains(&d.source);
    let mut preds: Vec<Option<Predicted>> = vec![None; docs.len()];
    for f in 0..k {
        let examples: Vec<&Example> = docs
            .iter()
            .filter(|d| !scored(d) || fold_of(&d.gold.file, k) != f)
            .flat_map(|d| &d.examples)
            .collect();
        let m = fit(&examples, p)?;
        for (i, d) in docs.iter().enumerate() {
            if scored(d) && fold_of(&d.gold.file, k) == f {
                preds[i] = Some(predict(&m, d));
            }
        }
    }
    Ok(preds.into_iter().flatten().collect())
}

/// How many gold provisions fall on a candidate clause (the trigger
/// words' recall): (placed, all).
pub fn trigger_coverage(docs: &[LabeledDoc]) -> (usize, usize) {
    let all: usize = docs.iter().map(|d| d.gold.provisions.len()).sum();
    let unplaced: usize = docs.iter().map(|d| d.unplaced.len()).sum();
    (all - unplaced, all)
}

/// The documents of a batch (`batches.tsv` beside the gold file: lines
/// `batch<TAB>id`, the id being the file's stem).
fn batch_ids(gold: &Path, batch: &str) -> Result<Vec<String>, String> {
    let path = gold.with_file_name("batches.tsv");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("无法读取批次表 {}：{e}", path.display()))?;
    let ids: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(b, _)| *b == batch)
        .map(|(_, id)| id.trim().to_string())
        .collect();
    if ids.is_empty() {
        return Err(format!("批次表 {} 中没有批次“{batch}”", path.display()));
    }
    Ok(ids)
}

fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.split('.').next().unwrap_or(name)
}

/// `taizhang eval`: score the tool on gold files (or a batch of one), or
/// cross-validate the clause model. Returns the report's text.
pub fn eval_command(args: &crate::cli::EvalArgs) -> Result<String, String> {
    if let Some(k) = args.cv {
        return cv_command(args, k);
    }
    if args.repeat > 1 {
        return Err("--repeat 只用于交叉验证，请同时给出 --cv N（如 --cv 5 --repeat 5）".into());
    }
    let mut gold = Vec::new();
    let mut predicted = Vec::new();
    for g in &args.gold {
        let mut docs = eval::read_gold(g)?;
        if let Some(b) = &args.batch {
            let ids = batch_ids(g, b)?;
            docs.retain(|d| ids.iter().any(|i| i == stem(&d.file)));
        }
        let base = g.parent().map(Path::to_path_buf).unwrap_or_default();
        predicted.extend(crate::run_eval_predictions(
            &docs,
            &base,
            &Options::default(),
        ));
        gold.extend(docs);
    }
    let report = eval::score(&gold, &predicted);
    render(&report, args.json)
}

fn render(report: &eval::Report, json: bool) -> Result<String, String> {
    if json {
        let mut t = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
        t.push('\n');
        return Ok(t);
    }
    let mut text = eval::render_table(report);
    for m in report.misses.iter().take(30) {
        text.push_str(&format!(
            "漏报\t{}\t{}\t{}\t{}\n",
            m.file, m.kind, m.cite, m.quote
        ));
    }
    for m in report.false_alarms.iter().take(30) {
        text.push_str(&format!(
            "误报\t{}\t{}\t{}\t{}\n",
            m.file, m.kind, m.cite, m.quote
        ));
    }
    Ok(text)
}

fn cv_command(args: &crate::cli::EvalArgs, k: usize) -> Result<String, String> {
    if k < 2 {
        return Err("--cv 的份数至少为 2".into());
    }
    let mut files = args.gold.clone();
    files.extend(args.also.iter().cloned());
    let train_only: Vec<usize> = (args.gold.len()..files.len()).collect();
    let docs = load(&files)?;
    let preds = cross_validate(&docs, k, &train_only, Params::default())?;
    let scored: Vec<&LabeledDoc> = docs
        .iter()
        .filter(|d| !train_only.contains(&d.source))
        .collect();
    let gold: Vec<GoldDoc> = scored.iter().map(|d| d.gold.clone()).collect();
    let report = eval::score(&gold, &preds);
    // Further splits: how much the figures move with the folds alone.
    let mut splits = vec![report.clone()];
    for split in 1..args.repeat.max(1) {
        let preds = cross_validate_split(&docs, k, &train_only, Params::default(), split)?;
        splits.push(eval::score(&gold, &preds));
    }
    if args.json {
        if splits.len() == 1 {
            return render(&report, true);
        }
        let mut v = serde_json::to_value(&report).map_err(|e| e.to_string())?;
        if let Some(o) = v.as_object_mut() {
            let rows: Vec<serde_json::Value> = splits
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "provision": r.overall.provision,
                        "ledger_cells": r.ledger_cells,
                    })
                })
                .collect();
            o.insert("splits".into(), serde_json::Value::Array(rows));
        }
        let mut t = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
        t.push('\n');
        return Ok(t);
    }
    let (placed, all) = trigger_coverage(&docs);
    let mut text = format!(
        "{k} 折交叉验证：衡量 {} 个文件（按文件分折），每折另用 {} 个文件训练；依据一栏不在此衡量\n触发词覆盖：{placed} / {all} 条标注条款落在候选条款上\n",
        gold.len(),
        docs.len() - scored.len(),
    );
    text.push_str(&render(&report, false)?);
    // Per gold file, when there are several.
    if args.gold.len() > 1 {
        for (i, g) in args.gold.iter().enumerate() {
            let gi: Vec<GoldDoc> = scored
                .iter()
                .filter(|d| d.source == i)
                .map(|d| d.gold.clone())
                .collect();
            let r = eval::score(&gi, &preds);
            text.push_str(&format!(
                "\n其中 {}（{} 个文件）：\n",
                g.display(),
                gi.len()
            ));
            text.push_str(&eval::render_table(&r));
        }
    }
    if splits.len() > 1 {
        text.push_str(&render_splits(&splits));
    }
    Ok(text)
}

/// The provision-level figures and ledger cells of each split of a
/// repeated cross-validation, with their mean, range and spread.
fn render_splits(splits: &[eval::Report]) -> String {
    let mut t = format!(
        "\n重复 {} 次不同的分折（第 1 次即上表）：\n次    条款级 P   R       F1      台账是/否栏\n",
        splits.len()
    );
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    let cells = |r: &eval::Report| {
        if r.ledger_cells.total == 0 {
            0.0
        } else {
            r.ledger_cells.right as f64 / r.ledger_cells.total as f64
        }
    };
    for (i, r) in splits.iter().enumerate() {
        let p = &r.overall.provision;
        t.push_str(&format!(
            "{:<4} {:>8} {:>7} {:>7} {:>7}（{} / {}）\n",
            i + 1,
            pct(p.precision),
            pct(p.recall),
            pct(p.f1),
            pct(cells(r)),
            r.ledger_cells.right,
            r.ledger_cells.total
        ));
    }
    let spread = |xs: Vec<f64>| {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        format!(
            "平均 {}，最低 {}，最高 {}，标准差 {:.1} 个百分点",
            pct(mean),
            pct(lo),
            pct(hi),
            100.0 * sd
        )
    };
    t.push_str(&format!(
        "条款级 F1：{}\n台账是/否栏：{}\n",
        spread(splits.iter().map(|r| r.overall.provision.f1).collect()),
        spread(splits.iter().map(cells).collect())
    ));
    t
}

/// The gold files the embedded model is trained on, relative to the
/// project's root (`taizhang train` without `--gold`; a test holds
/// `lexicons/model.tsv` to them). The texts of the last one, real
/// regulations of the open LawRefBook/Laws corpus, are not shipped: they
/// live in `../lawref/texts` beside the project (corpus/real/lawref-index.tsv
/// says where each came from).
pub const MODEL_GOLD: [&str; 4] = [
    "corpus/gold.jsonl",
    "../shared/corpus-real/gold.jsonl",
    "corpus/real/gold.jsonl",
    "corpus/real/lawref.jsonl",
];

/// The model file that training on these gold files writes, and a summary
/// for the screen.
pub fn model_text(gold: &[PathBuf]) -> Result<(String, String), String> {
    let docs = load(gold)?;
    let unread: Vec<&str> = docs
        .iter()
        .filter(|d| !d.read)
        .map(|d| d.gold.file.as_str())
        .collect();
    if !unread.is_empty() {
        return Err(format!(
            "有 {} 个标注文件无法读取（如 {}），请检查金标准文件中的路径",
            unread.len(),
            unread[0]
        ));
    }
    let mut about = vec![
        "taizhang clause model: one logistic regression per kind over hashed features".to_string(),
        "(src/model.rs). Written by `taizhang train`; do not edit by hand. Trained on:".to_string(),
    ];
    for (i, g) in gold.iter().enumerate() {
        let n = docs.iter().filter(|d| d.source == i).count();
        about.push(format!("  {} ({n} documents)", g.display()));
    }
    let m = train(&docs, Params::default(), about)?;
    let examples: usize = docs.iter().map(|d| d.examples.len()).sum();
    let (placed, all) = trigger_coverage(&docs);
    let summary = format!(
        "已训练：{} 个文件，{examples} 个候选条款，{} 个特征有权重；触发词覆盖 {placed} / {all} 条标注条款\n",
        docs.len(),
        m.weights.len(),
    );
    Ok((m.to_text(), summary))
}

/// `taizhang train`: fit on every document of the gold files and write the
/// model file. Returns a summary for the screen.
pub fn train_command(args: &crate::cli::TrainArgs) -> Result<String, String> {
    let gold: Vec<PathBuf> = if args.gold.is_empty() {
        MODEL_GOLD.iter().map(PathBuf::from).collect()
    } else {
        args.gold.clone()
    };
    let (text, summary) = model_text(&gold)?;
    std::fs::write(&args.output, &text)
        .map_err(|e| format!("无法写入模型文件 {}：{e}", args.output.display()))?;
    Ok(format!("{summary}模型已写入 {}\n", args.output.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_stable_and_spread() {
        let files: Vec<String> = (1..=100).map(|i| format!("docs/p{i:03}.txt")).collect();
        let mut n = [0usize; 5];
        for f in &files {
            n[fold_of(f, 5)] += 1;
            assert_eq!(fold_of(f, 5), fold_of(f, 5));
        }
        assert!(n.iter().all(|&c| c >= 10), "{n:?}");
    }

    #[test]
    fn split_zero_is_the_fold_and_other_splits_reshuffle() {
        let files: Vec<String> = (1..=100).map(|i| format!("docs/p{i:03}.txt")).collect();
        let mut moved = 0;
        for f in &files {
            assert_eq!(fold_in_split(f, 5, 0), fold_of(f, 5));
            assert_eq!(fold_in_split(f, 5, 2), fold_in_split(f, 5, 2));
            assert!(fold_in_split(f, 5, 1) < 5);
            moved += usize::from(fold_in_split(f, 5, 1) != fold_of(f, 5));
        }
        // An independent shuffle moves about four documents in five.
        assert!((60..=95).contains(&moved), "{moved}");
    }

    #[test]
    fn splits_reshuffle_with_an_even_number_of_folds_too() {
        let files: Vec<String> = (1..=200).map(|i| format!("docs/p{i:03}.txt")).collect();
        for k in [2, 4, 10] {
            for (a, b) in [(0, 1), (1, 2), (2, 3)] {
                // Documents that share a fold in split a: how many of
                // those pairs share one in split b. A relabeling keeps all
                // of them; an independent shuffle about 1 in k.
                let (mut together, mut still) = (0usize, 0usize);
                for (i, x) in files.iter().enumerate() {
                    for y in &files[i + 1..] {
                        if fold_in_split(x, k, a) == fold_in_split(y, k, a) {
                            together += 1;
                            still += usize::from(fold_in_split(x, k, b) == fold_in_split(y, k, b));
                        }
                    }
                }
                let share = still as f64 / together as f64;
                let expect = 1.0 / k as f64;
                assert!(
                    (share - expect).abs() < 0.1,
                    "k {k}, splits {a} and {b}: {share:.2} of pairs stay together"
                );
            }
        }
    }

    #[test]
    fn the_loss_gradient_matches_finite_differences() {
        let feats: [Row; 2] = [vec![(0, 1.0), (1, 0.5)], vec![(1, 1.0)]];
        let p = Params::default();
        let problem = Problem {
            rows: vec![(&feats[0], true), (&feats[1], false)],
            dim: 3,
            p,
        };
        let w = vec![0.3, -0.2, 0.1];
        let g = problem.gradient(&w).expect("gradient");
        for i in 0..3 {
            let mut a = w.clone();
            let mut b = w.clone();
            a[i] += 1e-6;
            b[i] -= 1e-6;
            let num = (problem.cost(&a).expect("cost") - problem.cost(&b).expect("cost")) / 2e-6;
            assert!((num - g[i]).abs() < 1e-5, "{i}: {num} vs {}", g[i]);
        }
    }
}
