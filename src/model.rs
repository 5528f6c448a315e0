//! The clause model: one linear classifier per kind, over hashed features of
//! a clause (its characters, the intro and heading above it, the document's
//! title, the lexicon's verdicts, its place in the structure).
//!
//! The lexicon (`detect`) proposes; the model decides. Both run on the same
//! clauses, those that `detect::reportable` allows and whose text
//! or intro holds a trigger word (`lexicons/triggers.txt`): a clause without
//! any is never a provision, and skipping it keeps the scan fast.
//!
//! Weights are data: `lexicons/model.tsv`, written by `taizhang train`
//! (`crate::train`) from the gold files, embedded in the binary like the
//! lexicons. A local `--lexicons` folder may carry its own `model.tsv`.

use crate::detect::{self, KINDS};
use crate::eval::Provision;
use crate::structure::{Unit, UnitKind};
use aho_corasick::AhoCorasick;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{LazyLock, OnceLock};

/// Buckets a feature is hashed into: 2^24 (collisions are rare among the
/// ~10^5 features a training set has; only buckets with a weight are stored).
pub const BUCKET_BITS: u32 = 24;

/// The weights of the model, embedded.
pub const EMBEDDED_MODEL: &str = include_str!("../lexicons/model.tsv");
/// The trigger words, embedded.
pub const EMBEDDED_TRIGGERS: &str = include_str!("../lexicons/triggers.txt");

/// A bucket's key is already a hash: the map uses it as is.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        // Spread the bucket over the word (the map takes its top bits too).
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub type BucketMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

/// One feature of a clause: its bucket and its value.
pub type Feature = (u32, f32);

/// A linear model per kind.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub bias: [f32; KINDS.len()],
    /// A clause is a provision of a kind when its score (the logit) is above this.
    pub threshold: [f32; KINDS.len()],
    pub weights: BucketMap<[f32; KINDS.len()]>,
    /// The header comment lines (where the model came from).
    pub about: Vec<String>,
}

impl Model {
    /// Read a model file (`lexicons/model.tsv`): `#` comments, a `bias` and a
    /// `threshold` line with one number per kind, then one line per bucket
    /// (hex) with one weight per kind.
    pub fn parse(text: &str) -> Result<Model, String> {
        let mut m = Model::default();
        m.weights.reserve(text.len() / 40);
        let mut seen_kinds = false;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if let Some(c) = line.strip_prefix('#') {
                m.about.push(c.trim().to_string());
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let head = f.next().unwrap_or("");
            let nums = |f: std::str::Split<'_, char>| -> Result<[f32; KINDS.len()], String> {
                // Straight into the row: 35,000 lines are read at start-up.
                let mut row = [0f32; KINDS.len()];
                let mut count = 0;
                for x in f {
                    let x = x.trim();
                    let v = match decimal(x) {
                        Some(v) => v,
                        None => x
                            .parse::<f32>()
                            .map_err(|e| format!("第{n}行：数值有误（{e}）"))?,
                    };
                    if let Some(slot) = row.get_mut(count) {
                        *slot = v;
                    }
                    count += 1;
                }
                if count != KINDS.len() {
                    return Err(format!("第{n}行：应有 {} 个数值", KINDS.len()));
                }
                Ok(row)
            };
            match head {
                "kinds" => {
                    let k: Vec<&str> = f.collect();
                    if k != KINDS {
                        return Err(format!("第{n}行：类别应为 {}", KINDS.join(" ")));
                    }
                    seen_kinds = true;
                }
                "bias" => m.bias = nums(f)?,
                "threshold" => m.threshold = nums(f)?,
                _ => {
                    let b = u32::from_str_radix(head, 16)
                        .map_err(|_| format!("第{n}行：无法识别“{head}”"))?;
                    m.weights.insert(b, nums(f)?);
                }
            }
        }
        if !seen_kinds {
            return Err("缺少 kinds 行".into());
        }
        Ok(m)
    }

    /// The model as its file: deterministic (buckets sorted, fixed decimals;
    /// weights that round to zero left out).
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for a in &self.about {
            let _ = writeln!(out, "# {a}");
        }
        let row = |v: &[f32; KINDS.len()]| {
            v.iter()
                .map(|x| fmt_weight(*x))
                .collect::<Vec<_>>()
                .join("\t")
        };
        let _ = writeln!(out, "kinds\t{}", KINDS.join("\t"));
        let _ = writeln!(out, "bias\t{}", row(&self.bias));
        let _ = writeln!(out, "threshold\t{}", row(&self.threshold));
        let mut keys: Vec<&u32> = self.weights.keys().collect();
        keys.sort();
        for k in keys {
            let w = &self.weights[k];
            if w.iter().any(|x| fmt_weight(*x) != "0") {
                let _ = writeln!(out, "{k:06x}\t{}", row(w));
            }
        }
        out
    }

    /// The logit of each kind for a clause's features.
    pub fn scores(&self, feats: &[Feature]) -> [f32; KINDS.len()] {
        let mut z = self.partial(feats);
        for (zk, b) in z.iter_mut().zip(&self.bias) {
            *zk += b;
        }
        z
    }

    /// The weighted sum of some features, without the bias.
    fn partial(&self, feats: &[Feature]) -> [f32; KINDS.len()] {
        let mut z = [0f32; KINDS.len()];
        for (b, v) in feats {
            if let Some(w) = self.weights.get(b) {
                for (zk, wk) in z.iter_mut().zip(w) {
                    *zk += v * wk;
                }
            }
        }
        z
    }
}

/// A number as the model file writes it (`-1.2345`: at most four
/// decimals) read as integer / 10^4, without a float parser (35,000 lines
/// at start-up). Anything else: None, for `str::parse`.
fn decimal(s: &str) -> Option<f32> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() || int.len() > 4 || frac.len() > 4 {
        return None;
    }
    let mut v: i64 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(b - b'0');
    }
    for _ in frac.len()..4 {
        v *= 10;
    }
    let x = (v as f64 / 10_000.0) as f32;
    Some(if neg { -x } else { x })
}

/// A weight with four decimals, without trailing zeros ("0" for zero).
fn fmt_weight(x: f32) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "-0" | "" => "0".to_string(),
        s => s.to_string(),
    }
}

/// `TAIZHANG_DEBUG_DETECT=1` also prints the lexicon's finds the model
/// turned down, with their scores.
static DEBUG: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("TAIZHANG_DEBUG_DETECT").is_some());

static LOCAL: OnceLock<Model> = OnceLock::new();
static EMBEDDED: LazyLock<Model> = LazyLock::new(|| {
    // The embedded model is checked by the tests; a broken one is a build bug.
    Model::parse(EMBEDDED_MODEL).unwrap_or_else(|e| panic!("lexicons/model.tsv: {e}"))
});

/// Read the model in use and build the term search (what the first
/// detection would otherwise wait for).
pub fn warm_up() {
    let _ = model();
    let _ = &TERMS.words;
}

/// Use a local model (from `--lexicons DIR`) for the rest of the process.
pub fn set_local(m: Model) {
    let _ = LOCAL.set(m);
}

/// The model in use: a local one if set, else the embedded one.
pub fn model() -> &'static Model {
    LOCAL.get().unwrap_or(&EMBEDDED)
}

/// The trigger words (one a line, `#` comments).
pub fn trigger_words(text: &str) -> Vec<&str> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The terms whose presence is a feature: the lexicon's plain terms and
/// domain words, and the trigger words (sorted, unique), with which of
/// them are trigger words. One search finds both.
struct Terms {
    ac: AhoCorasick,
    words: Vec<String>,
    trigger: Vec<bool>,
    /// Each word's feature bucket in a clause and in an intro (hashed once,
    /// not at every occurrence).
    buckets: Vec<(u32, u32)>,
}

static TERMS: LazyLock<Terms> = LazyLock::new(|| {
    let triggers = trigger_words(EMBEDDED_TRIGGERS);
    let mut words = detect::plain_terms();
    words.extend(triggers.iter().map(|t| t.to_string()));
    words.sort();
    words.dedup();
    let trigger = words
        .iter()
        .map(|w| triggers.contains(&w.as_str()))
        .collect();
    // A DFA: searched for every occurrence in every reportable clause.
    let ac = AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&words)
        .expect("terms build");
    let buckets = words
        .iter()
        .map(|w| {
            (
                bucket(NS_TERM, w.as_bytes()),
                bucket(NS_TERM_INTRO, w.as_bytes()),
            )
        })
        .collect();
    Terms {
        ac,
        words,
        trigger,
        buckets,
    }
});

/// The terms a text holds (each once, in term order).
fn terms_in(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = TERMS
        .ac
        .find_overlapping_iter(text)
        .map(|m| m.pattern().as_usize())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a text holds a trigger word.
pub fn triggered(text: &str) -> bool {
    terms_in(text).iter().any(|t| TERMS.trigger[*t])
}

/// A clause the model looks at, with what it sees around it.
#[derive(Debug, Clone)]
pub struct Clause<'a> {
    pub cite: &'a str,
    pub text: &'a str,
    pub kind: UnitKind,
    /// For an item: the intro of its list (the paragraph above).
    pub intro: &'a str,
    /// The nearest heading above (章, 节 or a numbered heading).
    pub heading: &'a str,
    /// Kinds the lexicon found in this clause.
    pub lexicon: [bool; KINDS.len()],
    /// Kinds the lexicon found in the intro.
    pub lexicon_intro: [bool; KINDS.len()],
    /// Per kind, the lexicon's quote (its sentence) where it found one.
    pub lexicon_quote: [Option<&'a str>; KINDS.len()],
    /// The terms the clause's text holds (indices into the term list).
    terms: Vec<usize>,
}

/// The candidate clauses of a document, in order: reportable units whose
/// text or intro holds a trigger word, with the lexicon's verdicts.
pub fn clauses<'a>(units: &'a [Unit], found: &'a [Provision]) -> Vec<Clause<'a>> {
    let mut out = Vec::new();
    let mut by_cite: HashMap<&str, Vec<&Provision>> = HashMap::new();
    for p in found {
        by_cite.entry(p.cite.as_str()).or_default().push(p);
    }
    let kinds_at = |cite: &str| {
        let mut k = [false; KINDS.len()];
        let mut q = [None; KINDS.len()];
        for p in by_cite.get(cite).into_iter().flatten() {
            if let Some(i) = KINDS.iter().position(|x| *x == p.kind) {
                k[i] = true;
                q[i] = Some(p.quote.as_str());
            }
        }
        (k, q)
    };
    fn walk<'a>(
        u: &'a Unit,
        heading: &'a str,
        intro: (&'a str, &'a str),
        out: &mut Vec<(&'a Unit, &'a str, &'a str, &'a str)>,
    ) {
        if detect::reportable(u) {
            out.push((u, heading, intro.0, intro.1));
        }
        let heading = match u.kind {
            UnitKind::Chapter | UnitKind::Section | UnitKind::Heading => u.text.as_str(),
            _ => heading,
        };
        let mut last: (&str, &str) = ("", "");
        if matches!(u.kind, UnitKind::Article | UnitKind::Paragraph) {
            last = (u.text.as_str(), u.cite.as_str());
        }
        for c in &u.children {
            let is_item = matches!(c.kind, UnitKind::Item | UnitKind::SubItem);
            walk(c, heading, if is_item { last } else { ("", "") }, out);
            if !is_item {
                last = (c.text.as_str(), c.cite.as_str());
            }
        }
    }
    let mut flat = Vec::new();
    for u in units {
        walk(u, "", ("", ""), &mut flat);
    }
    // Whether an intro holds a trigger word: asked once per intro.
    let mut intro_triggered: Option<((usize, usize), bool)> = None;
    for (u, heading, intro, intro_cite) in flat {
        let terms = terms_in(&u.text);
        let own = terms.iter().any(|t| TERMS.trigger[*t]);
        let by_intro = !own
            && !intro.is_empty()
            && match intro_triggered {
                Some((k, t)) if k == key(intro) => t,
                _ => {
                    let t = triggered(intro);
                    intro_triggered = Some((key(intro), t));
                    t
                }
            };
        if !(own || by_intro) {
            continue;
        }
        let (lexicon, lexicon_quote) = kinds_at(&u.cite);
        let lexicon_intro = if intro_cite.is_empty() {
            [false; KINDS.len()]
        } else {
            kinds_at(intro_cite).0
        };
        out.push(Clause {
            cite: &u.cite,
            text: &u.text,
            kind: u.kind,
            intro,
            heading,
            lexicon,
            lexicon_intro,
            lexicon_quote,
            terms,
        });
    }
    out
}

/// FNV-1a of some bytes (feature buckets, cross-validation folds).
pub fn fnv1a<'a>(bytes: impl IntoIterator<Item = &'a u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// FNV-1a over a namespace byte and a text: a feature's bucket.
fn bucket(ns: u8, text: &[u8]) -> u32 {
    (fnv1a(std::iter::once(&ns).chain(text)) >> (64 - BUCKET_BITS)) as u32
}

/// Character bigrams of a text under a namespace, each worth
/// `weight / count^(1/4)`, each with its text (for explanations) when
/// `names` is given. The fourth root damps a long clause's bigrams less
/// than the square root did, which drowned one decisive phrase in a long
/// article (5-fold provision F1 76.3 -> 77.0, ledger cells 90.3 -> 91.2 %).
/// Scoring each sentence of a clause on its own and taking the strongest
/// gave the same figures (77.1) and a scan 5 % slower: not kept. (Trigrams as well fitted the training documents
/// better and the held-out folds no better: bench/HISTORY.md.)
fn ngrams(ns: u8, text: &str, weight: f32, out: &mut Vec<Feature>, mut names: Option<&mut Names>) {
    let text = crate::normalize::trim(text);
    let count = text.chars().count().saturating_sub(1);
    if count == 0 {
        return;
    }
    let v = weight / (count as f32).sqrt().sqrt();
    let mut chars = text.char_indices();
    let Some((mut at, mut prev)) = chars.next() else {
        return;
    };
    for (i, c) in chars {
        let b = pair_bucket(ns, prev, c);
        out.push((b, v));
        if let Some(names) = names.as_deref_mut() {
            names.offer(b, || text[at..i + c.len_utf8()].to_string());
        }
        (at, prev) = (i, c);
    }
}

/// A bigram's bucket: its two code points and the namespace mixed into one
/// word (a multiply-xorshift hash; cheaper than hashing the bytes, and
/// the scan does it for every character of every candidate clause).
fn pair_bucket(ns: u8, a: char, b: char) -> u32 {
    let mut x = (u64::from(ns) << 42) ^ (u64::from(a as u32) << 21) ^ u64::from(b as u32);
    x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 29;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 32;
    (x >> (64 - BUCKET_BITS)) as u32
}

/// Names of features wanted for an explanation: only the buckets asked
/// for get their text (the others are never turned into strings).
#[derive(Default)]
pub struct Names {
    wanted: Vec<u32>,
    found: Vec<(u32, String)>,
}

impl Names {
    fn offer(&mut self, b: u32, name: impl FnOnce() -> String) {
        if self.wanted.contains(&b) && !self.found.iter().any(|(x, _)| *x == b) {
            self.found.push((b, name()));
        }
    }
}

/// Namespaces of the features.
const NS_UNIT: u8 = b'u';
const NS_INTRO: u8 = b'i';
const NS_HEADING: u8 = b'h';
const NS_TITLE: u8 = b't';
const NS_LEXICON: u8 = b'L';
const NS_LEXICON_INTRO: u8 = b'M';
const NS_SHAPE: u8 = b'S';
const NS_TERM: u8 = b'w';
const NS_TERM_INTRO: u8 = b'x';
const NS_TERM_PAIR: u8 = b'p';

/// The features of a clause, sorted by bucket with duplicates summed.
pub fn features(c: &Clause<'_>, title: &str) -> Vec<Feature> {
    let mut f = Vec::with_capacity(2 * c.text.len() / 3 + 64);
    collect(c, title, &mut f, None);
    merge(f)
}

fn merge(mut f: Vec<Feature>) -> Vec<Feature> {
    f.sort_unstable_by_key(|x| x.0);
    let mut out: Vec<Feature> = Vec::with_capacity(f.len());
    for (b, v) in f {
        match out.last_mut() {
            Some(last) if last.0 == b => last.1 += v,
            _ => out.push((b, v)),
        }
    }
    out
}

fn collect(c: &Clause<'_>, title: &str, f: &mut Vec<Feature>, mut names: Option<&mut Names>) {
    collect_unit(c, f, names.as_deref_mut());
    collect_intro(c.intro, f, names.as_deref_mut());
    collect_heading(c.heading, f, names.as_deref_mut());
    collect_title(title, f, names);
}

/// A feature named by a string (a term, a kind, a shape).
fn flag(ns: u8, name: &str, v: f32, f: &mut Vec<Feature>, names: &mut Option<&mut Names>) {
    let b = bucket(ns, name.as_bytes());
    f.push((b, v));
    if let Some(n) = names.as_deref_mut() {
        n.offer(b, || name.to_string());
    }
}

/// A term's feature ([`flag`] of the word under NS_TERM or, in an intro,
/// NS_TERM_INTRO), from its bucket computed once.
fn term_flag(t: usize, intro: bool, v: f32, f: &mut Vec<Feature>, names: &mut Option<&mut Names>) {
    let (unit, in_intro) = TERMS.buckets[t];
    let b = if intro { in_intro } else { unit };
    f.push((b, v));
    if let Some(n) = names.as_deref_mut() {
        n.offer(b, || TERMS.words[t].clone());
    }
}

/// What joins the two terms of a pair's name: a control character, which no
/// text's bigram holds (a bigram can hold `+`: 互联网+政务服务).
const PAIR_SEP: char = '\u{1f}';

/// Every two terms of one clause, each pair a feature worth 0.5: a
/// conjunction the linear model cannot build from the terms alone (名单
/// with 列入, 信用 with 限制, 公示 with 处罚). 5-fold F1 over the 478 real
/// documents 81.7 -> 82.0 (better on each of the five splits; ledger cells
/// 95.2 -> 95.4 %); worth 0.25 or 1, 81.8 and 81.9; pairs of an item's
/// terms with its intro's as well, 82.1, within the folds' noise
/// (BENCHMARKS.md).
fn term_pairs(terms: &[usize], f: &mut Vec<Feature>, names: &mut Option<&mut Names>) {
    for (i, a) in terms.iter().enumerate() {
        for b in &terms[i + 1..] {
            let (ba, bb) = (TERMS.buckets[*a].0, TERMS.buckets[*b].0);
            let mut x = (u64::from(NS_TERM_PAIR) << 56) ^ (u64::from(ba) << 24) ^ u64::from(bb);
            x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            x ^= x >> 29;
            let bkt = (x >> (64 - BUCKET_BITS)) as u32;
            f.push((bkt, 0.5));
            if let Some(n) = names.as_deref_mut() {
                n.offer(bkt, || {
                    format!("{}{PAIR_SEP}{}", TERMS.words[*a], TERMS.words[*b])
                });
            }
        }
    }
}

/// The clause's own features: its bigrams and terms, the lexicon's
/// verdicts on it and on its intro, its shape.
fn collect_unit(c: &Clause<'_>, f: &mut Vec<Feature>, mut names: Option<&mut Names>) {
    ngrams(NS_UNIT, c.text, 1.0, f, names.as_deref_mut());
    collect_flags(c, f, names);
}

/// The clause's features other than its bigrams.
fn collect_flags(c: &Clause<'_>, f: &mut Vec<Feature>, mut names: Option<&mut Names>) {
    for t in &c.terms {
        term_flag(*t, false, 1.0, f, &mut names);
    }
    term_pairs(&c.terms, f, &mut names);
    for (i, k) in KINDS.iter().enumerate() {
        if c.lexicon[i] {
            flag(NS_LEXICON, k, 1.0, f, &mut names);
        }
        if c.lexicon_intro[i] {
            flag(NS_LEXICON_INTRO, k, 0.5, f, &mut names);
        }
    }
    let shape = match c.kind {
        UnitKind::Item | UnitKind::SubItem => "item",
        UnitKind::Article => "intro",
        UnitKind::Heading => "heading",
        UnitKind::Paragraph => "paragraph",
        _ => "other",
    };
    flag(NS_SHAPE, shape, 1.0, f, &mut names);
    if crate::normalize::trim(c.text).ends_with(['：', ':']) {
        flag(NS_SHAPE, "colon", 1.0, f, &mut names);
    }
}

/// The intro of an item's list: its bigrams and terms.
fn collect_intro(intro: &str, f: &mut Vec<Feature>, mut names: Option<&mut Names>) {
    if intro.is_empty() {
        return;
    }
    ngrams(NS_INTRO, intro, 0.5, f, names.as_deref_mut());
    for t in terms_in(intro) {
        term_flag(t, true, 0.5, f, &mut names);
    }
}

/// The nearest heading's first 30 characters: bigrams.
fn collect_heading(heading: &str, f: &mut Vec<Feature>, names: Option<&mut Names>) {
    let heading: String = heading.chars().take(30).collect();
    ngrams(NS_HEADING, &heading, 0.5, f, names);
}

/// The document's title, first 40 characters: bigrams.
fn collect_title(title: &str, f: &mut Vec<Feature>, names: Option<&mut Names>) {
    let title: String = title.chars().take(40).collect();
    ngrams(NS_TITLE, &title, 0.3, f, names);
}

/// The partial scores of context pieces (intro, heading), kept for the
/// document: the items of one list share their intro, the clauses of a
/// chapter their heading. Keyed by where the piece's text is.
#[derive(Default)]
struct ContextScores {
    intro: Option<((usize, usize), [f32; KINDS.len()])>,
    heading: Option<((usize, usize), [f32; KINDS.len()])>,
    buf: Vec<Feature>,
    /// The clause's own features (what an explanation names) and their
    /// weights.
    unit: Vec<Feature>,
    rows: Vec<[f32; KINDS.len()]>,
}

fn key(s: &str) -> (usize, usize) {
    (s.as_ptr() as usize, s.len())
}

impl ContextScores {
    fn get(
        slot: &mut Option<((usize, usize), [f32; KINDS.len()])>,
        buf: &mut Vec<Feature>,
        m: &Model,
        text: &str,
        collect: fn(&str, &mut Vec<Feature>, Option<&mut Names>),
    ) -> [f32; KINDS.len()] {
        match slot {
            Some((k, z)) if *k == key(text) => *z,
            _ => {
                buf.clear();
                collect(text, buf, None);
                let z = m.partial(buf);
                *slot = Some((key(text), z));
                z
            }
        }
    }

    /// The clause's scores: its own features, its context's (cached) and
    /// the title's.
    fn scores(
        &mut self,
        m: &Model,
        c: &Clause<'_>,
        title_z: &[f32; KINDS.len()],
    ) -> [f32; KINDS.len()] {
        self.unit.clear();
        collect_unit(c, &mut self.unit, None);
        // The clause's own features with their weights, kept for the
        // explanation (no second look-up).
        self.rows.clear();
        let mut z = m.bias;
        for (b, v) in &self.unit {
            let w = m.weights.get(b).copied().unwrap_or_default();
            for (zk, wk) in z.iter_mut().zip(&w) {
                *zk += v * wk;
            }
            self.rows.push(w);
        }
        let intro = Self::get(&mut self.intro, &mut self.buf, m, c.intro, collect_intro);
        let heading = Self::get(
            &mut self.heading,
            &mut self.buf,
            m,
            c.heading,
            collect_heading,
        );
        for k in 0..KINDS.len() {
            z[k] += intro[k] + heading[k] + title_z[k];
        }
        z
    }
}

impl ContextScores {
    /// Why the model scored the clause just scored as it did for a kind:
    /// the strongest of its own features (its words, terms and the
    /// lexicon's verdicts; not its context), in words a reader can check
    /// ("「信用档案」+0.84"). From its features and weights at hand: the
    /// strongest buckets kept in a short list as the features go by (a
    /// bucket's repeats summed while it is on the list).
    fn explain(&self, c: &Clause<'_>, kind: usize, top: usize) -> Vec<String> {
        let keep = 2 * top;
        let mut best: Vec<(f32, u32)> = Vec::with_capacity(keep + 1);
        for ((b, v), w) in self.unit.iter().zip(&self.rows) {
            let x = v * w[kind];
            if x <= 0.0 {
                continue;
            }
            match best.iter_mut().find(|e| e.1 == *b) {
                Some(e) => e.0 += x,
                None => best.push((x, *b)),
            }
            if best.len() > keep {
                best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                best.truncate(keep);
            }
        }
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        best.truncate(top);
        name_contributions(c, "", best)
    }
}

/// The named form of (contribution, bucket) pairs, strongest first.
fn name_contributions(c: &Clause<'_>, title: &str, best: Vec<(f32, u32)>) -> Vec<String> {
    let mut names = Names {
        wanted: best.iter().map(|(_, b)| *b).collect(),
        found: Vec::new(),
    };
    find_names(c, &mut names);
    best.into_iter()
        .filter_map(|(w, b)| {
            let (_, name) = names.found.iter().find(|(x, _)| *x == b)?;
            Some(format!("{}+{w:.2}", describe(c, title, name)))
        })
        .collect()
}

/// The names of the wanted buckets among the clause's own features: its
/// bigrams walked without making the feature list, then its flags.
fn find_names(c: &Clause<'_>, names: &mut Names) {
    let text = crate::normalize::trim(c.text);
    let mut chars = text.char_indices();
    if let Some((mut at, mut prev)) = chars.next() {
        for (i, ch) in chars {
            let b = pair_bucket(NS_UNIT, prev, ch);
            names.offer(b, || text[at..i + ch.len_utf8()].to_string());
            (at, prev) = (i, ch);
        }
    }
    collect_flags(c, &mut Vec::new(), Some(names));
}

/// A feature's name as the reader sees it.
fn describe(c: &Clause<'_>, title: &str, name: &str) -> String {
    if KINDS.contains(&name) {
        return format!("词典：{}", crate::report::html::kind_label(name));
    }
    match name {
        "item" | "intro" | "heading" | "paragraph" | "other" | "colon" => {
            return format!("结构：{name}")
        }
        _ => {}
    }
    // A pair of terms (term_pairs): both are in the clause.
    if let Some((a, b)) = name.split_once(PAIR_SEP) {
        return format!("「{a}」与「{b}」");
    }
    if c.text.contains(name) {
        format!("「{name}」")
    } else if c.intro.contains(name) {
        format!("上文「{name}」")
    } else if c.heading.contains(name) {
        format!("标题「{name}」")
    } else if title.contains(name) {
        format!("文件名「{name}」")
    } else {
        format!("「{name}」")
    }
}

/// The model's provisions of a document: for each candidate clause and
/// kind whose score passes the threshold, one provision, quoted from the
/// lexicon's sentence when it found the kind there, else from the
/// clause's sentence that carries most of the score.
pub fn decide(m: &Model, units: &[Unit], title: &str, found: &[Provision]) -> Vec<Provision> {
    let mut out = Vec::new();
    // A title naming a confusable (积分落户, 信用证): the model finds a kind
    // only where the lexicon, which masks the confusable, found it too.
    let lexicon_only = detect::lexicon().names_confusable(title);
    let mut ctx = ContextScores::default();
    let title_z = {
        let mut f = Vec::new();
        collect_title(title, &mut f, None);
        m.partial(&f)
    };
    // What a local lexicon line found stands, candidate clause or not.
    let local: Vec<&Provision> = found
        .iter()
        .filter(|p| p.why.iter().any(|w| w == detect::LOCAL_MARK))
        .collect();
    for c in clauses(units, found) {
        // Scores are sums: duplicates need no merging, and the context's
        // part is computed once per intro and heading.
        let z = ctx.scores(m, &c, &title_z);

        for (i, k) in KINDS.iter().enumerate() {
            if local.iter().any(|p| p.kind == *k && p.cite == c.cite)
                || (lexicon_only && !c.lexicon[i])
            {
                continue;
            }
            if z[i] <= m.threshold[i] {
                if c.lexicon[i] && *DEBUG {
                    eprintln!(
                        "[model] {title} {} {k}: 词典找到，模型未采纳（得分 {:.2}，阈值 {:.2}）",
                        c.cite, z[i], m.threshold[i]
                    );
                }
                continue;
            }
            let quote = match c.lexicon_quote[i] {
                Some(q) => q.to_string(),
                None => best_sentence(m, &c, i),
            };
            out.push(Provision {
                kind: k.to_string(),
                cite: c.cite.to_string(),
                quote,
                list: None,
                why: ctx.explain(&c, i, 3),
            });
        }
    }
    if !local.is_empty() {
        out.extend(local.into_iter().cloned());
        // In the document's order: clause by clause, kinds in their order.
        let mut order: HashMap<&str, usize> = HashMap::new();
        fn walk<'a>(u: &'a Unit, order: &mut HashMap<&'a str, usize>) {
            let n = order.len();
            order.entry(u.cite.as_str()).or_insert(n);
            for c in &u.children {
                walk(c, order);
            }
        }
        for u in units {
            walk(u, &mut order);
        }
        let kind_at = |k: &str| KINDS.iter().position(|x| *x == k).unwrap_or(KINDS.len());
        out.sort_by_key(|p| (order.get(p.cite.as_str()).copied(), kind_at(&p.kind)));
    }
    out
}

/// The sentence of a clause whose own n-grams weigh most for a kind.
fn best_sentence(m: &Model, c: &Clause<'_>, kind: usize) -> String {
    let mut best = (f32::MIN, c.text);
    for s in c.text.split_inclusive(['。', '；']) {
        let mut f = Vec::new();
        ngrams(NS_UNIT, s, 1.0, &mut f, None);
        let z: f32 = f
            .iter()
            .filter_map(|(b, v)| m.weights.get(b).map(|w| w[kind] * v))
            .sum();
        if z > best.0 {
            best = (z, s);
        }
    }
    detect::quote(best.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_parses_and_round_trips() {
        let m = Model::parse(EMBEDDED_MODEL).expect("embedded model");
        assert_eq!(
            Model::parse(&m.to_text()).expect("again").to_text(),
            m.to_text()
        );
    }

    #[test]
    fn a_broken_model_file_says_which_line() {
        let e = Model::parse("kinds\tshare\tblacklist\tdiscipline\tscore\trepair\nbias\t1\t2\n")
            .unwrap_err();
        assert!(e.contains("第2行"), "{e}");
        assert!(Model::parse("zz\t1\t1\t1\t1\t1\n").is_err());
    }

    #[test]
    fn weights_are_read_as_the_float_parser_reads_them() {
        for x in ["0", "1.5", "-0.1235", "12.0001", "-9.4587", "0.0001", "-3"] {
            assert_eq!(decimal(x), x.parse::<f32>().ok(), "{x}");
        }
        // Every weight of the embedded model.
        for line in EMBEDDED_MODEL.lines().filter(|l| !l.starts_with('#')) {
            for x in line.split('\t').skip(1) {
                if let Ok(v) = x.parse::<f32>() {
                    assert_eq!(decimal(x), Some(v), "{x}");
                }
            }
        }
        for x in ["1e3", "", "-", "1.23456", "12345.1", "a.1", "1.-2"] {
            assert_eq!(decimal(x), None, "{x}");
        }
    }

    #[test]
    fn weights_are_written_with_four_decimals_and_no_noise() {
        assert_eq!(fmt_weight(0.0), "0");
        assert_eq!(fmt_weight(-0.00001), "0");
        assert_eq!(fmt_weight(1.5), "1.5");
        assert_eq!(fmt_weight(-0.123456), "-0.1235");
    }

    #[test]
    fn two_terms_of_one_clause_are_a_feature_of_their_own() {
        let text = "列入严重失信主体名单的，限制其参与招标投标。";
        let terms = terms_in(text);
        assert!(terms.len() >= 3, "{terms:?}");
        let c = Clause {
            cite: "第一条",
            text,
            kind: UnitKind::Paragraph,
            intro: "",
            heading: "",
            lexicon: [false; KINDS.len()],
            lexicon_intro: [false; KINDS.len()],
            lexicon_quote: [None; KINDS.len()],
            terms: terms.clone(),
        };
        let mut pairs = Vec::new();
        term_pairs(&terms, &mut pairs, &mut None);
        assert_eq!(pairs.len(), terms.len() * (terms.len() - 1) / 2);
        let f = features(&c, "");
        for (b, v) in &pairs {
            assert!((v - 0.5).abs() < 1e-6);
            assert!(f.iter().any(|x| x.0 == *b), "pair bucket {b} missing");
        }
        // One term alone makes no pair.
        let mut none = Vec::new();
        term_pairs(&terms[..1], &mut none, &mut None);
        assert!(none.is_empty());
        // An explanation names a pair by its two terms.
        let mut names = Names {
            wanted: vec![pairs[0].0],
            found: Vec::new(),
        };
        term_pairs(&terms, &mut Vec::new(), &mut Some(&mut names));
        let (_, name) = &names.found[0];
        let said = describe(&c, "", name);
        let (a, b) = name.split_once(PAIR_SEP).expect("a pair's name");
        assert_eq!(said, format!("「{a}」与「{b}」"));
        assert!(text.contains(a) && text.contains(b), "{said}");
        // A bigram holding a plus sign is still a bigram.
        assert_eq!(describe(&c, "", "网+"), "「网+」");
    }

    #[test]
    fn features_are_sorted_and_merged() {
        let c = Clause {
            cite: "第一条",
            text: "纳入信用档案，纳入信用档案。",
            kind: UnitKind::Paragraph,
            intro: "",
            heading: "",
            lexicon: [true, false, false, false, false],
            lexicon_intro: [false; KINDS.len()],
            lexicon_quote: [None; KINDS.len()],
            terms: terms_in("纳入信用档案，纳入信用档案。"),
        };
        let f = features(&c, "");
        assert!(f.windows(2).all(|w| w[0].0 < w[1].0));
        // 纳入 occurs twice: its value is twice a single n-gram's.
        let b = pair_bucket(NS_UNIT, '纳', '入');
        let v = f.iter().find(|x| x.0 == b).map(|x| x.1).unwrap_or(0.0);
        let single = f
            .iter()
            .find(|x| x.0 == pair_bucket(NS_UNIT, '，', '纳'))
            .map(|x| x.1)
            .unwrap_or(0.0);
        assert!((v - 2.0 * single).abs() < 1e-6, "{v} {single}");
    }

    #[test]
    fn triggers_come_from_the_lexicon_file() {
        assert!(triggered("记入信用档案"));
        assert!(triggered("列入严重违法失信名单"));
        assert!(!triggered("本条例自2021年1月1日起施行。"));
    }
}
