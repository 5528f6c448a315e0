//! Scoring detection against gold labels (DESIGN.md §6).
//!
//! Per kind and overall: document level (does the document have this kind)
//! and provision level (a predicted provision matches a gold one of the same
//! kind at the same article, or the same heading path; 第12条 = 第十二条).
//! Also how often the finer cite (款/项) is exactly right, and for cited
//! authorities precision, recall and level accuracy.

use crate::numerals;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

pub const KINDS: [&str; 5] = ["share", "blacklist", "discipline", "score", "repair"];

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldDoc {
    pub file: String,
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub provisions: Vec<Provision>,
    #[serde(default)]
    pub basis_cited: Vec<Basis>,
    #[serde(default)]
    pub expect_rules: Option<Vec<String>>,
    #[serde(default)]
    pub expect_disposition: Option<Vec<String>>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Provision {
    pub kind: String,
    pub cite: String,
    #[serde(default)]
    pub quote: String,
    /// For a measure on listed subjects: the clause that sets up the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// Why the clause model found it: its strongest features.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub why: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Basis {
    pub name: String,
    #[serde(default)]
    pub level: String,
}

/// What the tool found in one document.
#[derive(Debug, Clone, Default)]
pub struct Predicted {
    pub file: String,
    pub provisions: Vec<Provision>,
    pub bases: Vec<Basis>,
}

/// Parse a gold file (one JSON object a line; blank lines ignored).
pub fn parse_gold(text: &str) -> Result<Vec<GoldDoc>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("第{}行：{e}", i + 1)))
        .collect()
}

/// Read and parse a gold file; the error names the file and what to do.
pub fn read_gold(path: &std::path::Path) -> Result<Vec<GoldDoc>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("无法读取金标准文件 {}：{e}；请检查路径", path.display()))?;
    parse_gold(&text).map_err(|e| format!("金标准文件 {} 格式有误，{e}", path.display()))
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub tp: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Prf {
    fn new(tp: usize, predicted: usize, gold: usize) -> Prf {
        let precision = if predicted == 0 {
            1.0
        } else {
            tp as f64 / predicted as f64
        };
        let recall = if gold == 0 {
            1.0
        } else {
            tp as f64 / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
            tp,
            predicted,
            gold,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Level {
    pub document: Prf,
    pub provision: Prf,
    /// Of matched provisions, the share whose full cite (款/项) is exact.
    pub fine_cite_exact: f64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct BasisScore {
    pub precision: f64,
    pub recall: f64,
    pub level_accuracy: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub file: String,
    pub kind: String,
    pub cite: String,
    pub quote: String,
}

/// A cited authority the tool missed, invented, or put at the wrong level.
#[derive(Debug, Clone, Serialize)]
pub struct BasisError {
    pub file: String,
    pub name: String,
    /// Gold level; empty when the tool found a basis the gold does not list.
    pub expected: String,
    /// Predicted level; empty when the tool missed the basis.
    pub got: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub overall: Level,
    pub kinds: BTreeMap<String, Level>,
    pub basis: BasisScore,
    pub misses: Vec<Miss>,
    pub false_alarms: Vec<Miss>,
    pub basis_errors: Vec<BasisError>,
    /// The ledger's three 是/否 columns (纳入共享公开, 黑名单, 惩戒) per
    /// document: how many cells are right, of how many.
    pub ledger_cells: LedgerCells,
}

/// The ledger's 是/否 cells: right when the document has a provision of
/// the column's kind exactly when the gold has one.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct LedgerCells {
    pub right: usize,
    pub total: usize,
    /// Documents with all three cells right.
    pub documents_right: usize,
    pub documents: usize,
}

/// The kinds of the ledger's three 是/否 columns.
pub const LEDGER_KINDS: [&str; 3] = ["share", "blacklist", "discipline"];

static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"第([一二三四五六七八九十百千零〇两\d]+)条").expect("static regex")
});

/// Write every 第N条 with Chinese numerals, and drop spaces, so 第12条 = 第十二条.
pub fn canonical_cite(cite: &str) -> String {
    let c: String = cite.chars().filter(|c| !c.is_whitespace()).collect();
    ARTICLE
        .replace_all(&c, |m: &regex::Captures<'_>| match numerals::parse(&m[1]) {
            Some(n) => format!("第{}条", numerals::to_chinese(n)),
            None => m[0].to_string(),
        })
        .into_owned()
        .replace('(', "（")
        .replace(')', "）")
}

/// The key provisions match on: the cite up to its article (with any 附件
/// prefix), or the whole heading path where there is no article.
pub fn match_key(cite: &str) -> String {
    let c = canonical_cite(cite);
    match ARTICLE.find(&c) {
        Some(m) => c[..m.end()].to_string(),
        None => c,
    }
}

fn basis_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '〈' | '〉'))
        .collect()
}

type Key = (String, String, String); // file, kind, match key

/// Score predictions against gold. Documents the gold does not name are ignored.
pub fn score(gold: &[GoldDoc], predicted: &[Predicted]) -> Report {
    let preds: BTreeMap<&str, &Predicted> =
        predicted.iter().map(|p| (p.file.as_str(), p)).collect();
    let empty = Predicted::default();
    let mut report = Report::default();
    // Per kind counters: (doc tp, doc pred, doc gold, prov tp, prov pred, prov gold, exact)
    let mut counts: BTreeMap<&str, [usize; 7]> = KINDS.iter().map(|k| (*k, [0; 7])).collect();
    let (mut b_tp, mut b_pred, mut b_gold, mut b_level) = (0, 0, 0, 0);

    for g in gold {
        let p = preds.get(g.file.as_str()).copied().unwrap_or(&empty);
        let mut all_right = true;
        for kind in KINDS {
            let c = counts.entry(kind).or_default();
            let in_gold =
                g.kinds.iter().any(|k| k == kind) || g.provisions.iter().any(|x| x.kind == kind);
            let in_pred = p.provisions.iter().any(|x| x.kind == kind);
            c[0] += usize::from(in_gold && in_pred);
            c[1] += usize::from(in_pred);
            c[2] += usize::from(in_gold);
            if LEDGER_KINDS.contains(&kind) {
                report.ledger_cells.total += 1;
                report.ledger_cells.right += usize::from(in_gold == in_pred);
                all_right &= in_gold == in_pred;
            }
        }
        report.ledger_cells.documents += 1;
        report.ledger_cells.documents_right += usize::from(all_right);
        // Provisions, grouped by match key.
        let mut gk: BTreeMap<Key, Vec<&Provision>> = BTreeMap::new();
        let mut pk: BTreeMap<Key, Vec<&Provision>> = BTreeMap::new();
        for x in &g.provisions {
            gk.entry((g.file.clone(), x.kind.clone(), match_key(&x.cite)))
                .or_default()
                .push(x);
        }
        for x in &p.provisions {
            pk.entry((g.file.clone(), x.kind.clone(), match_key(&x.cite)))
                .or_default()
                .push(x);
        }
        let keys: BTreeSet<&Key> = gk.keys().chain(pk.keys()).collect();
        for key in keys {
            let gs = gk.get(key).map(Vec::as_slice).unwrap_or(&[]);
            let ps = pk.get(key).map(Vec::as_slice).unwrap_or(&[]);
            let tp = gs.len().min(ps.len());
            let c = counts
                .entry(
                    KINDS
                        .iter()
                        .find(|k| **k == key.1)
                        .copied()
                        .unwrap_or("share"),
                )
                .or_default();
            if KINDS.contains(&key.1.as_str()) {
                c[3] += tp;
                c[4] += ps.len();
                c[5] += gs.len();
            }
            // Pair the same fine cites first, so that the misses and false
            // alarms listed are the provisions left unpaired, not ones that
            // only came later in the article.
            let mut gs_rest: Vec<(String, &Provision)> =
                gs.iter().map(|x| (canonical_cite(&x.cite), *x)).collect();
            let mut ps_rest: Vec<&Provision> = Vec::new();
            for x in ps {
                let cite = canonical_cite(&x.cite);
                match gs_rest.iter().position(|(w, _)| *w == cite) {
                    Some(i) => {
                        gs_rest.remove(i);
                    }
                    None => ps_rest.push(x),
                }
            }
            let exact = gs.len() - gs_rest.len();
            if KINDS.contains(&key.1.as_str()) {
                c[6] += exact;
            }
            // Article-level pairs beyond the exact ones take from the rest.
            let loose = tp.saturating_sub(exact);
            for (_, x) in gs_rest.iter().skip(loose) {
                report.misses.push(Miss {
                    file: g.file.clone(),
                    kind: x.kind.clone(),
                    cite: x.cite.clone(),
                    quote: x.quote.clone(),
                });
            }
            for x in ps_rest.iter().skip(loose) {
                report.false_alarms.push(Miss {
                    file: g.file.clone(),
                    kind: x.kind.clone(),
                    cite: x.cite.clone(),
                    quote: x.quote.clone(),
                });
            }
        }
        // Bases.
        let gb: BTreeMap<String, &Basis> = g
            .basis_cited
            .iter()
            .map(|b| (basis_key(&b.name), b))
            .collect();
        let pb: BTreeMap<String, &Basis> =
            p.bases.iter().map(|b| (basis_key(&b.name), b)).collect();
        b_gold += gb.len();
        b_pred += pb.len();
        for (k, gbasis) in &gb {
            let got = pb.get(k).map(|p| p.level.clone()).unwrap_or_default();
            if let Some(pbasis) = pb.get(k) {
                b_tp += 1;
                b_level += usize::from(pbasis.level == gbasis.level);
            }
            if got != gbasis.level {
                report.basis_errors.push(BasisError {
                    file: g.file.clone(),
                    name: gbasis.name.clone(),
                    expected: gbasis.level.clone(),
                    got,
                });
            }
        }
        for (k, pbasis) in &pb {
            if !gb.contains_key(k) {
                report.basis_errors.push(BasisError {
                    file: g.file.clone(),
                    name: pbasis.name.clone(),
                    expected: String::new(),
                    got: pbasis.level.clone(),
                });
            }
        }
    }

    let mut total = [0usize; 7];
    for (kind, c) in &counts {
        for i in 0..7 {
            total[i] += c[i];
        }
        report.kinds.insert(kind.to_string(), level(c));
    }
    report.overall = level(&total);
    let b = Prf::new(b_tp, b_pred, b_gold);
    report.basis = BasisScore {
        precision: b.precision,
        recall: b.recall,
        level_accuracy: if b_tp == 0 {
            0.0
        } else {
            b_level as f64 / b_tp as f64
        },
    };
    report
}

fn level(c: &[usize; 7]) -> Level {
    Level {
        document: Prf::new(c[0], c[1], c[2]),
        provision: Prf::new(c[3], c[4], c[5]),
        fine_cite_exact: if c[3] == 0 {
            0.0
        } else {
            c[6] as f64 / c[3] as f64
        },
    }
}

/// The table a person reads.
pub fn render_table(r: &Report) -> String {
    let mut s = String::new();
    s.push_str("类别        文件级 P   R      F1     条款级 P   R      F1     款项精确率\n");
    let row = |name: &str, l: &Level| {
        format!(
            "{name:<10}  {:>6.1}% {:>6.1}% {:>6.1}%  {:>6.1}% {:>6.1}% {:>6.1}%  {:>6.1}%\n",
            l.document.precision * 100.0,
            l.document.recall * 100.0,
            l.document.f1 * 100.0,
            l.provision.precision * 100.0,
            l.provision.recall * 100.0,
            l.provision.f1 * 100.0,
            l.fine_cite_exact * 100.0
        )
    };
    for (k, l) in &r.kinds {
        s.push_str(&row(k, l));
    }
    s.push_str(&row("合计", &r.overall));
    s.push_str(&format!(
        "依据：准确率 {:.1}%，召回率 {:.1}%，层级正确率 {:.1}%\n",
        r.basis.precision * 100.0,
        r.basis.recall * 100.0,
        r.basis.level_accuracy * 100.0
    ));
    let c = &r.ledger_cells;
    s.push_str(&format!(
        "台账是/否栏：{} / {} 格正确（{:.1}%），三栏全对的文件 {} / {}\n",
        c.right,
        c.total,
        if c.total == 0 {
            0.0
        } else {
            100.0 * c.right as f64 / c.total as f64
        },
        c.documents_right,
        c.documents
    ));
    s.push_str(&format!(
        "漏报 {} 处，误报 {} 处\n",
        r.misses.len(),
        r.false_alarms.len()
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prov(kind: &str, cite: &str) -> Provision {
        Provision {
            kind: kind.into(),
            cite: cite.into(),
            quote: String::new(),
            list: None,
            why: Vec::new(),
        }
    }

    #[test]
    fn cites_compare_across_numeral_styles() {
        assert_eq!(canonical_cite("第12条第2款"), "第十二条第2款");
        assert_eq!(match_key("第十二条第二款第（三）项"), "第十二条");
        assert_eq!(match_key("附件1 第5条"), "附件1第五条");
        assert_eq!(match_key("三、（二）"), "三、（二）");
    }

    #[test]
    fn known_precision_and_recall() {
        let gold = vec![
            GoldDoc {
                file: "a.txt".into(),
                kinds: vec!["share".into(), "blacklist".into()],
                provisions: vec![
                    prov("share", "第四条第二款"),
                    prov("blacklist", "第六条"),
                    prov("share", "第九条"),
                ],
                basis_cited: vec![Basis {
                    name: "《中华人民共和国食品安全法》".into(),
                    level: "law".into(),
                }],
                expect_rules: None,
                expect_disposition: None,
                notes: None,
            },
            GoldDoc {
                file: "b.txt".into(),
                kinds: vec![],
                provisions: vec![],
                basis_cited: vec![],
                expect_rules: None,
                expect_disposition: None,
                notes: None,
            },
        ];
        let predicted = vec![
            Predicted {
                file: "a.txt".into(),
                // 第4条 matches 第四条第二款 at article level, finer cite wrong;
                // 第六条 exact; 第十条 is a false alarm; 第九条 is missed.
                provisions: vec![
                    prov("share", "第4条"),
                    prov("blacklist", "第六条"),
                    prov("share", "第十条"),
                ],
                bases: vec![
                    Basis {
                        name: "中华人民共和国食品安全法".into(),
                        level: "admin_regulation".into(),
                    },
                    Basis {
                        name: "《某某办法》".into(),
                        level: "local_normative".into(),
                    },
                ],
            },
            Predicted {
                file: "b.txt".into(),
                provisions: vec![prov("discipline", "一、")],
                bases: vec![],
            },
        ];
        let r = score(&gold, &predicted);
        let p = r.overall.provision;
        assert_eq!((p.tp, p.predicted, p.gold), (2, 4, 3));
        assert!((p.precision - 0.5).abs() < 1e-9);
        assert!((p.recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((r.overall.fine_cite_exact - 0.5).abs() < 1e-9);
        let share = &r.kinds["share"];
        assert_eq!(
            (
                share.document.tp,
                share.document.predicted,
                share.document.gold
            ),
            (1, 1, 1)
        );
        let disc = &r.kinds["discipline"].document;
        assert_eq!((disc.tp, disc.predicted, disc.gold), (0, 1, 0));
        assert_eq!(r.misses.len(), 1);
        assert_eq!(r.misses[0].cite, "第九条");
        assert_eq!(r.false_alarms.len(), 2);
        assert!((r.basis.precision - 0.5).abs() < 1e-9);
        assert!((r.basis.recall - 1.0).abs() < 1e-9);
        assert!((r.basis.level_accuracy - 0.0).abs() < 1e-9);
        assert_eq!(r.basis_errors.len(), 2);
        assert_eq!(r.basis_errors[0].expected, "law");
        assert_eq!(r.basis_errors[0].got, "admin_regulation");
        assert_eq!(r.basis_errors[1].expected, "");
        assert!(render_table(&r).contains("合计"));
    }

    #[test]
    fn the_unpaired_cite_is_the_one_listed() {
        // The gold has the third paragraph; the prediction has the first
        // and the third. The false alarm listed is the first, whatever the
        // order the prediction came in.
        let gold = vec![GoldDoc {
            file: "a.txt".into(),
            kinds: vec!["share".into()],
            provisions: vec![prov("share", "第四十八条第三款")],
            basis_cited: vec![],
            expect_rules: None,
            expect_disposition: None,
            notes: None,
        }];
        for order in [
            ["第四十八条第一款", "第四十八条第三款"],
            ["第四十八条第三款", "第四十八条第一款"],
        ] {
            let predicted = vec![Predicted {
                file: "a.txt".into(),
                provisions: order.iter().map(|c| prov("share", c)).collect(),
                bases: vec![],
            }];
            let r = score(&gold, &predicted);
            assert!(r.misses.is_empty());
            assert_eq!(r.false_alarms.len(), 1);
            assert_eq!(r.false_alarms[0].cite, "第四十八条第一款");
            assert!((r.overall.fine_cite_exact - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn the_shared_gold_format_parses() {
        let line = r#"{"file":"docs/017.txt","kinds":["share","blacklist"],"provisions":[{"kind":"blacklist","cite":"第十二条第二款","quote":"……列入严重失信主体名单……"}],"basis_cited":[{"name":"《中华人民共和国食品安全法》","level":"law"}],"notes":"free text"}"#;
        let g = parse_gold(&format!("{line}\n\n{line}\n")).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].provisions[0].cite, "第十二条第二款");
        assert!(parse_gold("{not json").is_err());
    }
}
