//! A gate in front of many regexes: one pass over a text for the literals
//! every match must contain ([`LiteralSet`]) tells which of them can match
//! there.
//!
//! For each pattern the gate derives groups of literals that every match must
//! contain (regex-syntax's literal extractor): the finite set of the match's
//! prefixes, the set of its suffixes, and for each element of a top-level
//! concatenation the set of that element's prefixes. A pattern can match only
//! where one literal of each of its groups occurs, so
//! `(纳入|根据)(?s:.){0,12}?信用(评价|评级)` is not tried on a sentence that has
//! 根据 but no 信用评价 or 信用评级. A pattern without any such group is always
//! a candidate. The gate never drops a pattern that could match: it changes
//! what is tried, never what is found.

use crate::literals::LiteralSet;
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind};
use std::collections::BTreeMap;

/// The most groups kept per pattern (bits of a mask).
const MAX_GROUPS: usize = 64;

pub struct Gate {
    lits: LiteralSet,
    /// For literal `l` of `lits`, the (pattern, group bit) pairs it stands
    /// for: `owners[owned[l]..owned[l + 1]]` (one array, not a vector per
    /// literal, so that a lookup stays in cache).
    owned: Vec<u32>,
    owners: Vec<(u32, u32)>,
    /// For each pattern, the mask of its groups; 0 when it has none.
    need: Vec<u64>,
    /// The patterns without any group (always candidates).
    always: Vec<u32>,
}

impl Gate {
    /// A gate for `patterns` (regex syntax). A pattern that does not parse
    /// gets no group (it is always a candidate).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Gate {
        Gate::with_secondary(patterns, |_| false)
    }

    /// [`Gate::new`], where `secondary(i)` marks the patterns that are
    /// asked only of texts in which another pattern matched (a kind's
    /// `not:` lines, the sentence-level exclusions): they get no group of
    /// single characters. Such a group (的 for `的[；。，]?\s*$`) rules out
    /// few of the texts that reach the pattern, and its character occurs
    /// every few characters of every text (on the benchmark folder 的 was
    /// 200,000 of the gate's 1,270,000 occurrences): the pattern is tried
    /// instead.
    pub fn with_secondary<'a>(
        patterns: impl IntoIterator<Item = &'a str>,
        secondary: impl Fn(usize) -> bool,
    ) -> Gate {
        Gate::build(patterns, secondary, true)
    }

    /// [`Gate::with_secondary`]; `drop_implied_groups`: whether a group
    /// that another group of the pattern implies is left out (the same
    /// answers, fewer literals to look for: see [`drop_implied`]).
    pub(crate) fn build<'a>(
        patterns: impl IntoIterator<Item = &'a str>,
        secondary: impl Fn(usize) -> bool,
        drop_implied_groups: bool,
    ) -> Gate {
        let mut lits: BTreeMap<Vec<u8>, Vec<(u32, u32)>> = BTreeMap::new();
        let mut need = Vec::new();
        for (pi, p) in patterns.into_iter().enumerate() {
            let mut groups = match regex_syntax::parse(p) {
                Ok(hir) => groups(&hir, !secondary(pi)),
                Err(_) => Vec::new(),
            };
            if drop_implied_groups {
                drop_implied(&mut groups);
            }
            let mut mask = 0u64;
            for (g, literals) in groups.into_iter().take(MAX_GROUPS).enumerate() {
                mask |= 1 << g;
                for l in literals {
                    let o = lits.entry(l).or_default();
                    o.push((pi as u32, g as u32));
                }
            }
            need.push(mask);
        }
        let always = (0..need.len() as u32)
            .filter(|p| need[*p as usize] == 0)
            .collect();
        let mut owned = vec![0];
        let mut owners = Vec::new();
        for o in lits.values() {
            owners.extend_from_slice(o);
            owned.push(owners.len() as u32);
        }
        Gate {
            lits: LiteralSet::new(lits.keys()),
            owned,
            owners,
            need,
            always,
        }
    }

    /// How many patterns the gate was built for.
    pub fn len(&self) -> usize {
        self.need.len()
    }

    pub fn is_empty(&self) -> bool {
        self.need.is_empty()
    }

    /// Which patterns can match somewhere in `text`: `out[i]` for pattern
    /// `i`. `out` is reused from one text to the next: only the patterns
    /// whose literals occurred in the previous text are reset, so the cost
    /// follows the literals found, not the number of patterns.
    pub fn candidates(&self, text: &str, out: &mut Candidates) {
        if out.can.len() != self.need.len() {
            out.seen = vec![0; self.need.len()];
            out.can = self.need.iter().map(|n| *n == 0).collect();
            out.touched.clear();
        }
        for &p in &out.touched {
            out.seen[p as usize] = 0;
            out.can[p as usize] = false;
        }
        out.touched.clear();
        out.hits.clear();
        self.lits.for_each(text, |_, lit| {
            let (a, z) = (self.owned[lit as usize], self.owned[lit as usize + 1]);
            for &(p, g) in &self.owners[a as usize..z as usize] {
                let seen = &mut out.seen[p as usize];
                if *seen == 0 {
                    out.touched.push(p);
                }
                *seen |= 1 << g;
            }
        });
        for &p in &out.touched {
            let need = self.need[p as usize];
            if out.seen[p as usize] & need == need {
                out.can[p as usize] = true;
                out.hits.push(p);
            }
        }
    }

    /// A set of patterns (`set[i]` for pattern `i`) to ask
    /// [`Gate::any_of`] about.
    pub fn set(&self, member: impl Fn(usize) -> bool) -> PatternSet {
        let members: Vec<bool> = (0..self.need.len()).map(member).collect();
        PatternSet {
            always: self.always.iter().any(|p| members[*p as usize]),
            members,
        }
    }

    /// Whether any pattern of `set` is a candidate in `cand` (the answer of
    /// [`Gate::candidates`]): one look per literal-bearing candidate.
    pub fn any_of(&self, cand: &Candidates, set: &PatternSet) -> bool {
        set.always || cand.hits.iter().any(|p| set.members[*p as usize])
    }
}

/// Patterns of a gate, chosen once ([`Gate::set`]).
pub struct PatternSet {
    members: Vec<bool>,
    /// Whether a member is always a candidate.
    always: bool,
}

#[cfg(test)]
impl PatternSet {
    /// Whether pattern `p` is a member.
    pub fn contains(&self, p: usize) -> bool {
        self.members.get(p).copied().unwrap_or(false)
    }
}

/// The gate's answer for one text (`cand[i]`: pattern `i` can match), with
/// the buffers behind it, kept by the caller from one sentence to the next.
#[derive(Default)]
pub struct Candidates {
    /// Per pattern, the groups whose literals occur.
    seen: Vec<u64>,
    can: Vec<bool>,
    /// The patterns some literal of which occurred.
    touched: Vec<u32>,
    /// Those of them that are candidates.
    hits: Vec<u32>,
}

impl std::ops::Deref for Candidates {
    type Target = [bool];
    fn deref(&self) -> &[bool] {
        &self.can
    }
}

/// The literal groups of a pattern (see the module doc), without duplicates;
/// groups of single characters only with `single_chars`.
fn groups(hir: &Hir, single_chars: bool) -> Vec<Vec<Vec<u8>>> {
    let mut out: Vec<Vec<Vec<u8>>> = Vec::new();
    let add = |out: &mut Vec<Vec<Vec<u8>>>, seq: Option<Vec<Vec<u8>>>| {
        if let Some(mut g) = seq {
            g.sort();
            g.dedup();
            if !out.contains(&g) {
                out.push(g);
            }
        }
    };
    // Literals of four bytes or more (two characters, or a character and a
    // letter or digit such as A级), so that the search does not stop at
    // every common character; one character only when the pattern has
    // nothing longer. (Six bytes left A级 out: on the benchmark folder a
    // pattern gated only by the common words after it made 38,000
    // sentences in 186,000 go through every kind's rules.)
    let prefix = extract(hir, ExtractKind::Prefix);
    let suffix = extract(hir, ExtractKind::Suffix);
    add(&mut out, usable(&prefix, 4));
    add(&mut out, usable(&suffix, 4));
    let mut h = hir;
    while let HirKind::Capture(c) = h.kind() {
        h = &c.sub;
    }
    if let HirKind::Concat(parts) = h.kind() {
        for part in parts {
            add(&mut out, usable(&extract(part, ExtractKind::Prefix), 4));
        }
    }
    if out.is_empty() && single_chars {
        add(&mut out, usable(&prefix, 3));
        add(&mut out, usable(&suffix, 3));
    }
    out
}

/// The gate's answer for `text` by its definition: each pattern's every
/// group (none left out) has a literal in `text`.
#[cfg(test)]
pub(crate) fn by_definition<'a>(
    patterns: impl IntoIterator<Item = &'a str>,
    secondary: impl Fn(usize) -> bool,
    text: &str,
) -> Vec<bool> {
    patterns
        .into_iter()
        .enumerate()
        .map(|(pi, p)| {
            let gs = regex_syntax::parse(p).map_or(Vec::new(), |h| groups(&h, !secondary(pi)));
            gs.iter().take(MAX_GROUPS).all(|g| {
                g.iter()
                    .any(|l| std::str::from_utf8(l).is_ok_and(|l| text.contains(l)))
            })
        })
        .collect()
}

/// Drops each group that another group of the same pattern implies. Where
/// every literal of group `b` holds a literal of group `a`, a text holding
/// a literal of `b` holds one of `a`: asking for `a` as well rules nothing
/// more out. The prefix and the elements of a concatenation often stand in
/// that relation (信用 as an element's prefix, 信用信息 and 信用记录 as the
/// pattern's): on the benchmark folder's sentences this left out a sixth of
/// the occurrences the gate looked up and half of the pattern groups they
/// marked, 信用's most of all. Of two groups that imply each other, one is
/// kept.
fn drop_implied(groups: &mut Vec<Vec<Vec<u8>>>) {
    // (An empty group, which `groups` never makes, implies nothing.)
    let implies = |b: &[Vec<u8>], a: &[Vec<u8>]| {
        !b.is_empty()
            && b.iter()
                .all(|lb| a.iter().any(|la| memchr::memmem::find(lb, la).is_some()))
    };
    let mut i = 0;
    while i < groups.len() {
        let implied = (0..groups.len()).any(|j| j != i && implies(&groups[j], &groups[i]));
        if implied {
            groups.remove(i);
        } else {
            i += 1;
        }
    }
}

fn extract(hir: &Hir, kind: ExtractKind) -> Seq {
    let mut ex = Extractor::new();
    ex.kind(kind).limit_class(64).limit_total(512);
    ex.extract(hir)
}

/// The literals of a finite sequence whose shortest literal has at least
/// `min_len` bytes, when all are whole UTF-8 text ([`LiteralSet`] looks
/// for nothing else).
fn usable(seq: &Seq, min_len: usize) -> Option<Vec<Vec<u8>>> {
    match (seq.literals(), seq.min_literal_len()) {
        (Some(ls), Some(n))
            if n >= min_len
                && !ls.is_empty()
                && ls.iter().all(|l| std::str::from_utf8(l.as_bytes()).is_ok()) =>
        {
            Some(ls.iter().map(|l| l.as_bytes().to_vec()).collect())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(pats: &[&str], text: &str) -> Vec<bool> {
        let g = Gate::new(pats.iter().copied());
        let mut out = Candidates::default();
        g.candidates(text, &mut out);
        out.to_vec()
    }

    #[test]
    fn a_pattern_needs_every_group_of_literals() {
        let p = ["(纳入|根据)(?s:.){0,12}?信用(评价|评级)"];
        // The prefix alone is not enough.
        assert_eq!(cands(&p, "根据有关规定，对企业实施分类监管。"), vec![false]);
        assert_eq!(
            cands(&p, "根据企业的信用评价结果实施分类监管。"),
            vec![true]
        );
        // Order is not checked by the gate (the regex does that).
        assert_eq!(cands(&p, "信用评级结果根据规定确定。"), vec![true]);
    }

    #[test]
    fn literals_that_are_not_whole_characters_make_no_group() {
        // A byte class cut inside a character (possible only without
        // Unicode) cannot be looked for: such a pattern is always tried.
        let g = |p: &str| {
            groups(
                &regex_syntax::ParserBuilder::new()
                    .utf8(false)
                    .build()
                    .parse(p)
                    .unwrap(),
                true,
            )
        };
        assert!(g(r"(?-u:\xE4\xBF\xA1\xE7)").is_empty());
        let lit = |s: &str| vec![s.as_bytes().to_vec()];
        assert_eq!(g(r"信用(?-u:[\xE4\xE5])"), vec![lit("信用")]);
    }

    #[test]
    fn any_of_asks_only_the_patterns_of_its_set() {
        let g = Gate::new(["信用修复", "黑名单", "(?s:.){2,}"]);
        let mut out = Candidates::default();
        let first = g.set(|p| p == 0);
        let always = g.set(|p| p == 2);
        g.candidates("列入黑名单。", &mut out);
        assert!(!g.any_of(&out, &first));
        assert!(g.any_of(&out, &g.set(|p| p == 1)));
        assert!(g.any_of(&out, &always));
        g.candidates("申请信用修复。", &mut out);
        assert!(g.any_of(&out, &first));
        assert!(!g.any_of(&out, &g.set(|p| p == 1)));
    }

    #[test]
    fn secondary_patterns_get_no_group_of_single_characters() {
        let p = [
            "的[；。，]?$",
            "不得(?s:.){0,20}(惩戒|限制)",
            "(扣|加)(?s:.){0,4}?\\d+分",
        ];
        let g = Gate::with_secondary(p, |i| i < 2);
        let mut out = Candidates::default();
        g.candidates("本办法自发布之日起施行。", &mut out);
        // The first is tried everywhere, the second still needs its words;
        // the third, not secondary, keeps its single characters.
        assert_eq!(out.to_vec(), vec![true, false, false]);
        g.candidates("扣10分，不得予以惩戒。", &mut out);
        assert_eq!(out.to_vec(), vec![true, true, true]);
        // As a primary pattern the first is gated by 的.
        assert_eq!(
            cands(&p, "本办法自发布之日起施行。"),
            vec![false, false, false]
        );
    }

    #[test]
    fn patterns_without_literals_are_always_candidates() {
        let p = ["(?s:.){2,}", "^\\d+$", "信用修复"];
        assert_eq!(cands(&p, "无关的句子。"), vec![true, true, false]);
        assert_eq!(cands(&p, "申请信用修复。"), vec![true, true, true]);
    }

    #[test]
    fn one_character_is_a_group_only_when_nothing_longer_is_known() {
        let g = |p: &str| groups(&regex_syntax::parse(p).unwrap(), true);
        // 对 is too common to gate on when 信用 is required too.
        let lit = |s: &str| vec![s.as_bytes().to_vec()];
        assert_eq!(g("对(?s:.){0,6}?信用(?s:.){0,6}?级"), vec![lit("信用")]);
        // A letter or digit with a character is rare enough.
        assert_eq!(
            g("(A|B)级(?s:.){0,6}?(企业|个人)"),
            vec![
                vec!["A级".as_bytes().to_vec(), "B级".as_bytes().to_vec()],
                vec!["个人".as_bytes().to_vec(), "企业".as_bytes().to_vec()],
            ]
        );
        // With nothing longer, single characters are all there is.
        assert_eq!(g("对(?s:.){0,6}?级"), vec![lit("对"), lit("级")]);
    }

    #[test]
    fn a_pattern_that_matches_is_never_ruled_out() {
        let pats = [
            "(建立|建设|完善)(?s:.){0,40}?(信用|诚信)(档案|记录)",
            "(列入|纳入)(?s:.){0,20}?(黑名单|失信(?s:.){0,8}?(名单|名录))",
            "^(?s:.){0,10}(信用|诚信)(评价|评级)",
            "(扣减|扣除|扣)(?s:.){0,4}?\\d+(至\\d+)?分",
            "不得(被)?(推荐|录用|在(?s:.){0,8}?(从事|执业))",
        ];
        let texts = [
            "建立健全市场主体诚信档案。",
            "完善信用记录。",
            "依法纳入本市失信被执行人名录。",
            "列入黑名单。",
            "企业信用评价结果分为四级。",
            "每次扣减10分。",
            "不得在本市从事相关业务。",
            "不得被推荐。",
            "建立健全诚信制度。",
            "纳入统计。",
        ];
        let res: Vec<regex::Regex> = pats.iter().map(|p| regex::Regex::new(p).unwrap()).collect();
        let gate = Gate::new(pats);
        let mut out = Candidates::default();
        let (mut matched, mut ruled_out) = (0, 0);
        for t in texts {
            gate.candidates(t, &mut out);
            for (i, re) in res.iter().enumerate() {
                if re.is_match(t) {
                    matched += 1;
                    assert!(out[i], "{} ruled out on {t}", pats[i]);
                } else if !out[i] {
                    ruled_out += 1;
                }
            }
        }
        assert_eq!(matched, 8);
        assert!(ruled_out >= 35, "{ruled_out}");
    }

    #[test]
    fn a_group_another_group_implies_is_left_out() {
        let lit = |ws: &[&str]| ws.iter().map(|w| w.as_bytes().to_vec()).collect::<Vec<_>>();
        let mut g = vec![
            lit(&["信用"]),
            lit(&["信用信息", "社会信用记录"]),
            lit(&["名单"]),
        ];
        drop_implied(&mut g);
        assert_eq!(g, vec![lit(&["信用信息", "社会信用记录"]), lit(&["名单"])]);
        // Not implied: one literal of the other group lacks it.
        let mut g = vec![lit(&["信用"]), lit(&["信用信息", "诚信记录"])];
        drop_implied(&mut g);
        assert_eq!(g.len(), 2);
        // Two groups that imply each other: one is kept.
        let mut g = vec![lit(&["信用", "信用信息"]), lit(&["信用"])];
        drop_implied(&mut g);
        assert_eq!(g, vec![lit(&["信用"])]);
        // A chain: the group left implies both the others.
        let mut g = vec![lit(&["信用"]), lit(&["信用信息"]), lit(&["社会信用信息"])];
        drop_implied(&mut g);
        assert_eq!(g, vec![lit(&["社会信用信息"])]);
        let mut g = vec![Vec::new(), lit(&["名单"])];
        drop_implied(&mut g);
        assert_eq!(g.len(), 2);
    }

    #[test]
    fn leaving_implied_groups_out_changes_no_answer() {
        let pats = [
            "(纳入|记入)(?s:.){0,12}?信用(信息|记录|档案)",
            "(信用|诚信)(信息|记录)(?s:.){0,20}?(共享|公开|公示)",
            "失信(被执行人|主体)?(名单|名录)",
            "(扣减|扣除|扣)(?s:.){0,4}?\\d+分",
            "不得(被)?(推荐|录用)",
        ];
        let keep = Gate::build(pats, |_| false, false);
        let drop = Gate::build(pats, |_| false, true);
        // Something was left out.
        assert!(drop.owners.len() < keep.owners.len());
        // The first text of corpus/docs.
        let first = walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/docs"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .find(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .expect("a text in corpus/docs");
        let text = std::fs::read_to_string(first.path()).expect("readable");
        let (mut a, mut b) = (Candidates::default(), Candidates::default());
        let mut sentences = 0;
        for s in text.split_inclusive(['。', '；']) {
            keep.candidates(s, &mut a);
            drop.candidates(s, &mut b);
            assert_eq!(*a, *b, "{s}");
            sentences += 1;
        }
        assert!(sentences > 20, "{sentences}");
    }
}
