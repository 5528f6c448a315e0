//! `taizhang check`: the rules of 国办发〔2020〕49号 applied to a document's
//! provisions. The rules and their word lists are data (`lexicons/rules.toml`);
//! this module holds the matchers they name.

use crate::basis;
use crate::detect;
use crate::document::Document;
use crate::eval::{Basis, Provision};
use crate::rules::{Rule, Severity, RULES};
use crate::structure::{self, Unit, UnitKind};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One finding: a rule broken (or to be judged) at a clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Finding {
    pub path: String,
    pub page: usize,
    pub cite: String,
    pub kind: String,
    pub rule: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub quote: String,
    /// The bases cited where the finding stands (clause first, else the document).
    pub bases: Vec<Basis>,
}

/// Levels that can carry a credit measure on their own (49号: 法律、法规、党中央国务院政策文件).
const CARRYING: [&str; 5] = [
    "law",
    "admin_regulation",
    "central_policy",
    "judicial_interpretation",
    "local_regulation",
];

/// Everything `check` needs about one document.
pub struct Analysis {
    pub units: Vec<Unit>,
    pub provisions: Vec<Provision>,
    /// Every authority the document cites.
    pub bases: Vec<Basis>,
    /// The bases each provision rests on, by cite: those its own clause
    /// cites, else its article's, else the preamble's (根据…，制定本办法).
    pub tied: BTreeMap<String, Vec<Basis>>,
    /// The document's own level (a 条例 is itself a basis): see
    /// [`basis::own_level`].
    pub own_level: String,
    /// What the origin rules say the document is, whatever the unit
    /// ([`crate::origin::by_rules`]; the ledger adds the unit's scope).
    pub by_rules: Option<crate::origin::Decision>,
}

/// Whether `text` names the basis `b` (by its title, its title without
/// 《》, or its registry 文号).
fn mentions(text: &str, b: &Basis) -> bool {
    let inner = b.name.trim_start_matches('《').trim_end_matches('》');
    text.contains(b.name.as_str())
        || text.contains(inner)
        || basis::lookup(&b.name).is_some_and(|e| {
            e.docno
                .split(';')
                .map(str::trim)
                .any(|d| d.len() > 6 && text.contains(d))
        })
}

/// Tie each provision to the bases of its clause, then its article, then
/// the preamble (the text before the first article or heading, and a first
/// article that states the purpose and basis: 根据…，制定本办法).
fn tie_bases(
    text: &str,
    units: &[Unit],
    provisions: &[Provision],
    bases: &[Basis],
) -> BTreeMap<String, Vec<Basis>> {
    let joined = |s: &str| -> String {
        if s.contains('\n') {
            s.replace('\n', "")
        } else {
            s.to_string()
        }
    };
    let mut all: Vec<&Unit> = Vec::new();
    Unit::each(units, &mut |u| all.push(u));
    // The first unit with each provision's cite, found in one walk.
    let cites = structure::CiteSet::new(provisions.iter().map(|p| p.cite.as_str()));
    let mut unit_of: Vec<Option<&Unit>> = vec![None; cites.len()];
    for u in &all {
        if let Some(i) = cites.position(&u.cite) {
            unit_of[i].get_or_insert(u);
        }
    }
    let is_body = |u: &&&Unit| {
        matches!(
            u.kind,
            UnitKind::Article | UnitKind::Heading | UnitKind::Chapter | UnitKind::Part
        )
    };
    // The preamble: the text before the body, and the first article too
    // when it is the purpose clause (根据《…》，制定本办法), also under a
    // 第一章 总则 heading.
    let mut pre_end = all.iter().find(is_body).map_or(text.len(), |u| u.start);
    if let Some(u) = all
        .iter()
        .find(|u| matches!(u.kind, UnitKind::Article | UnitKind::Heading))
    {
        if matches!(u.kind, UnitKind::Article)
            && text
                .get(u.start..u.end.min(text.len()))
                .is_some_and(|t| t.contains("制定"))
        {
            pre_end = pre_end.max(u.end);
        }
    }
    let in_text = |t: &str| -> Vec<Basis> {
        if bases.is_empty() {
            return Vec::new();
        }
        let t = joined(t);
        bases.iter().filter(|b| mentions(&t, b)).cloned().collect()
    };
    let preamble = if bases.is_empty() {
        Vec::new()
    } else {
        in_text(&joined(&text[..pre_end.min(text.len())]))
    };
    let mut out = BTreeMap::new();
    for p in provisions {
        if out.contains_key(&p.cite) {
            continue;
        }
        let Some(u) = cites.position(&p.cite).and_then(|i| unit_of[i]) else {
            continue;
        };
        let clause = text.get(u.start..u.end).unwrap_or(&u.text);
        let mut found = in_text(clause);
        if found.is_empty() {
            // The article (or top heading) that holds the clause.
            if let Some(a) = all.iter().find(|a| {
                matches!(a.kind, UnitKind::Article | UnitKind::Heading)
                    && a.start <= u.start
                    && u.end <= a.end
            }) {
                found = in_text(text.get(a.start..a.end).unwrap_or(""));
            }
        }
        if found.is_empty() {
            found = preamble.clone();
        }
        out.insert(p.cite.clone(), found);
    }
    out
}

pub fn analyse(doc: &Document) -> Analysis {
    let units = structure::parse(&doc.norm);
    let provisions = detect::detect(&units, doc.meta.context_title());
    // A 转发 notice is the unit's own; what it forwards is its basis.
    let forwards = doc.meta.forwards();
    let own_title = doc
        .meta
        .carried_title
        .as_deref()
        .filter(|_| !forwards)
        .or(doc.meta.title.as_deref());
    let mut bases = basis::cited(&doc.norm.text, own_title, doc.meta.docno.as_deref());
    let forwarded = doc.meta.carried_title.as_deref().filter(|_| forwards);
    if let Some(f) = forwarded.and_then(|f| basis::cited(&format!("《{f}》"), None, None).pop()) {
        if !bases.iter().any(|b| b.name == f.name) {
            bases.insert(0, f);
        }
    }
    let mut tied = tie_bases(&doc.norm.text, &units, &provisions, &bases);
    // Every provision of a 转发 notice rests on what it forwards too.
    if let Some(f) = bases.first().filter(|_| forwarded.is_some()) {
        for b in tied.values_mut() {
            if !b.iter().any(|x| x.name == f.name) {
                b.insert(0, f.clone());
            }
        }
    }
    let mut own_level = basis::own_level(own_title.unwrap_or(""));
    // A regulation titled 规定 or 办法 (上海市实施〈食品安全法〉办法) is
    // known by its enacting line, not its title: what the origin rules say.
    let by_rules = crate::origin::by_rules(&doc.meta, &doc.norm.text);
    if let Some(o) = by_rules.as_ref().map(|d| d.origin.code()) {
        if basis::SELF_CARRYING.contains(&o) && !basis::SELF_CARRYING.contains(&own_level.as_str())
        {
            own_level = o.to_string();
        }
    }
    Analysis {
        units,
        provisions,
        bases,
        tied,
        own_level,
        by_rules,
    }
}

/// cite → (page, clause text, start offset) for every cited unit.
/// `wanted` holds a document's few cites.
fn clause_index(
    units: &[Unit],
    wanted: &BTreeSet<&str>,
) -> BTreeMap<String, (usize, String, usize)> {
    let mut m: BTreeMap<String, (usize, String, usize)> = BTreeMap::new();
    if wanted.is_empty() {
        return m;
    }
    let wanted = structure::CiteSet::new(wanted.iter().copied());
    Unit::each(units, &mut |u| {
        if u.cite.is_empty() || wanted.position(&u.cite).is_none() {
            return;
        }
        let e = m
            .entry(u.cite.clone())
            .or_insert((u.page, String::new(), u.start));
        if !e.1.contains(u.text.as_str()) {
            e.1.push_str(&u.text);
        }
    });
    m
}

/// What a clause is read with (the rules over the article): the items of
/// its list, the intro above it when it is an item, and the clauses it
/// refers to (前款, 本条第二款, 本办法第五条), each as (cite, text).
fn clause_context(
    units: &[Unit],
    wanted: &BTreeSet<&str>,
) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    if wanted.is_empty() {
        return out;
    }
    // Articles by number, for 本办法第五条.
    let mut articles: BTreeMap<u32, &Unit> = BTreeMap::new();
    Unit::each(units, &mut |u| {
        if u.kind == UnitKind::Article {
            articles.entry(u.number).or_insert(u);
        }
    });
    /// A unit's text with its items' (and their sub-items').
    fn with_items(u: &Unit, out: &mut Vec<(String, String)>) {
        out.push((u.cite.clone(), u.text.clone()));
        for c in &u.children {
            if matches!(c.kind, UnitKind::Item | UnitKind::SubItem) {
                with_items(c, out);
            }
        }
    }
    fn walk(
        siblings: &[Unit],
        parent: Option<&Unit>,
        wanted: &structure::CiteSet<'_>,
        articles: &BTreeMap<u32, &Unit>,
        out: &mut BTreeMap<String, Vec<(String, String)>>,
    ) {
        for (i, u) in siblings.iter().enumerate() {
            // Only a clause with items, an item, or one that names another
            // clause reads more than itself. The text is searched last: a
            // search for one char is a memchr, for a set of chars a decode.
            let reads_more = || {
                matches!(u.kind, UnitKind::Item | UnitKind::SubItem)
                    || u.children
                        .iter()
                        .any(|c| matches!(c.kind, UnitKind::Item | UnitKind::SubItem))
                    || u.text.contains('款')
                    || u.text.contains('条')
            };
            if !u.cite.is_empty() && wanted.position(&u.cite).is_some() && reads_more() {
                let mut ctx: Vec<(String, String)> = Vec::new();
                let mut own = Vec::new();
                with_items(u, &mut own);
                ctx.extend(own.into_iter().skip(1));
                if matches!(u.kind, UnitKind::Item | UnitKind::SubItem) {
                    if let Some(p) = parent {
                        ctx.push((p.cite.clone(), p.text.clone()));
                    }
                }
                let refs = referred(&u.text);
                if refs.previous && i > 0 {
                    with_items(&siblings[i - 1], &mut ctx);
                }
                for n in refs.paragraphs {
                    if let Some(p) = siblings
                        .iter()
                        .find(|s| s.kind == UnitKind::Paragraph && s.number == n)
                    {
                        with_items(p, &mut ctx);
                    }
                }
                for n in refs.articles {
                    if let Some(a) = articles.get(&n) {
                        with_items(a, &mut ctx);
                        for c in &a.children {
                            if c.kind == UnitKind::Paragraph {
                                with_items(c, &mut ctx);
                            }
                        }
                    }
                }
                ctx.retain(|(c, _)| c != &u.cite);
                ctx.dedup();
                if !ctx.is_empty() {
                    out.entry(u.cite.clone()).or_default().extend(ctx);
                }
            }
            walk(&u.children, Some(u), wanted, articles, out);
        }
    }
    let wanted = structure::CiteSet::new(wanted.iter().copied());
    walk(units, None, &wanted, &articles, &mut out);
    out
}

/// What a clause's text refers to.
#[derive(Debug, Default, PartialEq, Eq)]
struct Referred {
    /// 前款 (with or without its items).
    previous: bool,
    /// 本条第二款: paragraph numbers of the same article.
    paragraphs: Vec<u32>,
    /// 本办法第五条, 第五条规定的: article numbers of the same document.
    articles: Vec<u32>,
}

fn referred(text: &str) -> Referred {
    static PARAGRAPH: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"本条第([一二三四五六七八九十]+)款").expect("paragraph reference")
    });
    static ARTICLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(^|[^》])第([一二三四五六七八九十百零〇]+)条")
            .expect("article reference")
    });
    let mut r = Referred {
        previous: text.contains("前款") || text.contains("上款"),
        ..Referred::default()
    };
    // Most clauses refer to nothing: no 条 or 款, no search.
    if !text.contains(['条', '款']) {
        return r;
    }
    for c in PARAGRAPH.captures_iter(text) {
        if let Some(n) = c.get(1).and_then(|m| crate::numerals::parse(m.as_str())) {
            r.paragraphs.push(n);
        }
    }
    for c in ARTICLE.captures_iter(text) {
        if let Some(n) = c.get(2).and_then(|m| crate::numerals::parse(m.as_str())) {
            r.articles.push(n);
        }
    }
    r
}

fn any_word(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.contains(w.as_str()))
}

/// The word ids of a rule's `all_of` groups and of its `none_of` list.
type RuleWords = (Vec<Vec<usize>>, Vec<usize>);

/// The words of every rule's `all_of` and `none_of` lists in one automaton,
/// so that a clause is scanned once for all of them rather than once per
/// word and rule.
struct ClauseWords {
    set: crate::literals::LiteralSet,
    /// Per rule, in the order of `RULES`; None when a word has no id.
    ids: Vec<Option<RuleWords>>,
    words: usize,
}

/// Build the rules' word searches and the negation cues ahead of the first
/// document.
pub fn warm_up() {
    let _ = &*CLAUSE_WORDS;
    let _ = &*ABSENT_WORDS;
    let _ = &*NEGATION;
}

static CLAUSE_WORDS: std::sync::LazyLock<ClauseWords> = std::sync::LazyLock::new(|| {
    let mut vocab: Vec<&str> = RULES
        .iter()
        .flat_map(|r| r.all_of.iter().flatten().chain(&r.none_of))
        .map(String::as_str)
        .collect();
    vocab.sort_unstable();
    vocab.dedup();
    let id = |w: &String| vocab.binary_search(&w.as_str()).ok();
    let ids = RULES
        .iter()
        .map(|r| {
            let all_of: Option<Vec<Vec<usize>>> = r
                .all_of
                .iter()
                .map(|g| g.iter().map(id).collect())
                .collect();
            let none_of: Option<Vec<usize>> = r.none_of.iter().map(id).collect();
            Some((all_of?, none_of?))
        })
        .collect();
    // Every occurrence of every word is reported, words inside other words
    // included: the same as asking `contains` of each.
    ClauseWords {
        set: crate::literals::LiteralSet::new(&vocab),
        ids,
        words: vocab.len(),
    }
});

/// Per rule (in the order of `RULES`), its `absent` words in one automaton:
/// a document is read once for them rather than once per word (a few of
/// them, so the automaton is a vectorised search). None when it has none,
/// or when the automaton cannot be built (each word is then looked for).
static ABSENT_WORDS: std::sync::LazyLock<Vec<Option<aho_corasick::AhoCorasick>>> =
    std::sync::LazyLock::new(|| {
        RULES
            .iter()
            .map(|r| {
                // Leftmost-first: only that kind has the vectorised search
                // (the standard kind ran the automaton on every byte).
                (!r.absent.is_empty())
                    .then(|| {
                        aho_corasick::AhoCorasick::builder()
                            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                            .build(&r.absent)
                            .ok()
                    })
                    .flatten()
            })
            .collect()
    });

/// Which words occur in a clause: anywhere, and outside its negated
/// stretches ([`negated`]).
struct Seen {
    anywhere: Vec<bool>,
    affirmed: Vec<bool>,
}

impl ClauseWords {
    /// Which words occur in `text`.
    fn present(&self, text: &str) -> Seen {
        let mut anywhere = vec![false; self.words];
        let mut affirmed = vec![false; self.words];
        let spans = negated(text);
        self.set.for_each(text, |at, w| {
            anywhere[w as usize] = true;
            if !spans.iter().any(|(s, e)| (*s..*e).contains(&at)) {
                affirmed[w as usize] = true;
            }
        });
        Seen { anywhere, affirmed }
    }

    /// Whether a text holds (outside its negated stretches) a word of one
    /// of rule `i`'s `all_of` groups.
    fn has_group_word(&self, i: usize, seen: &Seen) -> bool {
        self.ids
            .get(i)
            .and_then(Option::as_ref)
            .is_some_and(|(all_of, _)| all_of.iter().flatten().any(|w| seen.affirmed[*w]))
    }

    /// Whether rule `i` (of `RULES`) matches the clause on its word lists:
    /// a word of every `all_of` group outside the negated stretches, no
    /// word of `none_of` anywhere.
    fn matches(&self, i: usize, r: &Rule, text: &str, seen: &Seen) -> bool {
        match self.ids.get(i).and_then(Option::as_ref) {
            Some((all_of, none_of)) => {
                all_of.iter().all(|g| g.iter().any(|w| seen.affirmed[*w]))
                    && !none_of.iter().any(|w| seen.anywhere[*w])
            }
            _ => {
                let affirmed = without(text, &negated(text));
                r.all_of.iter().all(|g| any_word(&affirmed, g)) && !any_word(text, &r.none_of)
            }
        }
    }
}

/// The negation cues of `lexicons/negation.txt` as one regex (a clause is
/// searched once): the cues in order, each in a group; `span[i]` whether
/// the match of cue `i` is itself the negated stretch.
struct Negation {
    re: regex::Regex,
    /// Per cue: whether its match is itself the negated stretch, and the
    /// capture groups inside its own pattern.
    cues: Vec<(bool, usize)>,
}

static NEGATION: std::sync::LazyLock<Negation> = std::sync::LazyLock::new(|| {
    let lines: Vec<(&str, bool)> =
        crate::lexicon::entries(include_str!("../lexicons/negation.txt"))
            .map(|l| match l.strip_prefix("span:") {
                Some(p) => (p, true),
                None => (l, false),
            })
            .collect();
    let pattern = lines
        .iter()
        .map(|(p, _)| format!("({p})"))
        .collect::<Vec<_>>()
        .join("|");
    // The embedded file is checked by the tests; a broken line is a build
    // bug.
    let compile = |p: &str| regex::Regex::new(p).unwrap_or_else(|e| panic!("negation.txt: {e}"));
    Negation {
        re: compile(&pattern),
        cues: lines
            .iter()
            .map(|(p, span)| (*span, compile(p).captures_len() - 1))
            .collect(),
    }
});

/// The negated stretches of a clause (byte ranges): after a cue to the end
/// of its phrase, or a 除…外 exception itself.
pub fn negated(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for c in NEGATION.re.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        // Which cue matched: the first of their groups that took part (a
        // cue's own parentheses come after its group).
        let mut group = 1;
        let mut span = false;
        for (is_span, inner) in &NEGATION.cues {
            if c.get(group).is_some() {
                span = *is_span;
                break;
            }
            group += 1 + inner;
        }
        if span {
            out.push((m.start(), m.end()));
        } else {
            let end = text[m.end()..]
                .find(['，', '。', '；', '：', '！', '？'])
                .map_or(text.len(), |i| m.end() + i);
            out.push((m.end(), end));
        }
    }
    out
}

/// `text` with the given stretches left out.
fn without(text: &str, spans: &[(usize, usize)]) -> String {
    text.char_indices()
        .filter(|(i, _)| !spans.iter().any(|(s, e)| (*s..*e).contains(i)))
        .map(|(_, c)| c)
        .collect()
}

/// Apply every rule to one analysed document; findings sorted by page, cite, rule.
pub fn check(doc: &Document, a: &Analysis) -> Vec<Finding> {
    // The clauses asked about: those of the provisions (others are added
    // below if a finding names one).
    let wanted: BTreeSet<&str> = a.provisions.iter().map(|p| p.cite.as_str()).collect();
    let mut clauses = clause_index(&a.units, &wanted);
    let context = clause_context(&a.units, &wanted);
    // A clause read with its article: the text and its words, once per cite.
    let mut wholes: BTreeMap<&str, (String, Seen)> = BTreeMap::new();
    let mut out = Vec::new();
    let tied = |p: &Provision| -> &[Basis] { a.tied.get(&p.cite).map_or(&[], Vec::as_slice) };
    // A law or regulation is itself the basis of what it sets up.
    let self_basis = basis::SELF_CARRYING.contains(&a.own_level.as_str());
    let finding = |r: &Rule, p: &Provision, bases: Vec<Basis>| {
        let page = clauses.get(&p.cite).map(|c| c.0).unwrap_or(1);
        Finding {
            path: doc.path.clone(),
            page,
            cite: p.cite.clone(),
            kind: p.kind.clone(),
            rule: r.code.clone(),
            name: r.name.clone(),
            severity: r.severity.clone(),
            message: r.message.clone(),
            quote: p.quote.clone(),
            bases,
        }
    };
    // Which rule words each clause text holds, found once per text (known
    // by where it lies: comparing the texts themselves cost more).
    let mut words_in: BTreeMap<(usize, usize), Seen> = BTreeMap::new();
    // Each provision's cite as the index of the first provision with that
    // cite (asked once, not once per rule and provision).
    let mut first_of: BTreeMap<&str, usize> = BTreeMap::new();
    let cite_id: Vec<usize> = a
        .provisions
        .iter()
        .enumerate()
        .map(|(i, p)| *first_of.entry(p.cite.as_str()).or_insert(i))
        .collect();
    let mut seen = vec![false; a.provisions.len()];
    for (ri, r) in RULES.iter().enumerate() {
        // Provisions this rule looks at, one per cite (the first kind listed wins).
        seen.fill(false);
        let relevant: Vec<&Provision> = a
            .provisions
            .iter()
            .zip(&cite_id)
            .filter(|(p, _)| r.kinds.is_empty() || r.kinds.contains(&p.kind))
            .filter(|(_, c)| !std::mem::replace(&mut seen[**c], true))
            .map(|(p, _)| p)
            .collect();
        match r.matcher.as_str() {
            "clause" => {
                for p in &relevant {
                    let text = clauses
                        .get(&p.cite)
                        .map(|c| c.1.as_str())
                        .unwrap_or(&p.quote);
                    // Kinds listed together must all be present at the clause when the rule
                    // combines them (low score AND a measure).
                    if r.kinds_together
                        && !r.kinds.iter().all(|k| {
                            a.provisions
                                .iter()
                                .any(|q| q.cite == p.cite && &q.kind == k)
                        })
                    {
                        continue;
                    }
                    let present = words_in
                        .entry((text.as_ptr() as usize, text.len()))
                        .or_insert_with(|| CLAUSE_WORDS.present(text));
                    let alone = CLAUSE_WORDS.matches(ri, r, text, present) && r.matches_re(text);
                    // Read with its article: the items under it, its intro,
                    // what it refers to (前款第（一）项). Its words count
                    // both ways (a ground in an item makes the list one of
                    // the four fields); a finding cites the clause of the
                    // measure and quotes the behaviour where it is written.
                    let ctx = if r.own_text {
                        None
                    } else {
                        context.get(&p.cite)
                    };
                    let Some(ctx) = ctx else {
                        if alone {
                            out.push(finding(r, p, Vec::new()));
                        }
                        continue;
                    };
                    let (whole, seen) = wholes.entry(p.cite.as_str()).or_insert_with(|| {
                        let mut whole = text.to_string();
                        for (_, t) in ctx {
                            whole.push('\n');
                            whole.push_str(t);
                        }
                        let seen = CLAUSE_WORDS.present(&whole);
                        (whole, seen)
                    });
                    if !(CLAUSE_WORDS.matches(ri, r, whole, seen) && r.matches_re(whole)) {
                        continue;
                    }
                    let mut f = finding(r, p, Vec::new());
                    if !alone {
                        if let Some((cite, t)) = ctx.iter().find(|(_, t)| {
                            CLAUSE_WORDS.has_group_word(ri, &CLAUSE_WORDS.present(t))
                        }) {
                            f.quote = format!("{}（{cite}：{}）", f.quote, crate::detect::quote(t));
                        }
                    }
                    out.push(f);
                }
            }
            "doc-absent" => {
                if let Some(p) = relevant.first() {
                    let found = match &ABSENT_WORDS[ri] {
                        Some(ac) => ac.is_match(doc.norm.text.as_str()),
                        None => any_word(&doc.norm.text, &r.absent),
                    };
                    if !found {
                        out.push(finding(r, p, Vec::new()));
                    }
                }
            }
            "no-basis" | "basis-too-low" | "direct-basis" if self_basis => {}
            "no-basis" => {
                for p in &relevant {
                    if tied(p).is_empty() {
                        out.push(finding(r, p, Vec::new()));
                    }
                }
            }
            "basis-too-low" => {
                for p in &relevant {
                    let b = tied(p);
                    if !b.is_empty() && !b.iter().any(|b| CARRYING.contains(&b.level.as_str())) {
                        out.push(finding(r, p, b.to_vec()));
                    }
                }
            }
            "expired-basis" => {
                for b in &a.bases {
                    let expired = basis::lookup(&b.name).is_some_and(|e| {
                        ["废止", "失效", "届满"]
                            .iter()
                            .any(|w| e.status.contains(w))
                    });
                    if expired {
                        let pos = doc.norm.text.find(b.name.as_str()).unwrap_or(0);
                        let cite = a
                            .units
                            .iter()
                            .flat_map(|u| u.walk())
                            .rfind(|u| {
                                !u.cite.is_empty() && u.start <= pos && pos < u.end.max(u.start + 1)
                            })
                            .map(|u| u.cite.clone())
                            .unwrap_or_else(|| "全文".to_string());
                        let p = Provision {
                            kind: String::new(),
                            cite,
                            quote: b.name.clone(),
                            list: None,
                            why: Vec::new(),
                        };
                        let mut f = finding(r, &p, vec![b.clone()]);
                        f.page = doc.norm.page_of(pos);
                        out.push(f);
                    }
                }
            }
            "direct-basis" => {
                let carrying = |t: &str| {
                    basis::cited(t, None, None)
                        .iter()
                        .any(|b| CARRYING.contains(&b.level.as_str()))
                };
                for p in &relevant {
                    let text = clauses.get(&p.cite).map(|c| c.1.as_str()).unwrap_or("");
                    if carrying(text) {
                        continue;
                    }
                    // Read with its article: the intro of its list (有下列情形
                    // 之一的，依照《…》第X条…：) and the clause it refers to
                    // (对有前款行为的…, where 前款 cites the article) cite for
                    // it; its own items (behaviours) do not.
                    let cited_nearby = context.get(&p.cite).is_some_and(|ctx| {
                        ctx.iter()
                            .filter(|(c, _)| !c.starts_with(p.cite.as_str()))
                            .any(|(_, t)| carrying(t))
                    });
                    if !cited_nearby {
                        out.push(finding(r, p, tied(p).to_vec()));
                    }
                }
            }
            _ => {}
        }
    }
    let missing: BTreeSet<&str> = out
        .iter()
        .map(|f| f.cite.as_str())
        .filter(|c| !clauses.contains_key(*c))
        .collect();
    let more = clause_index(&a.units, &missing);
    clauses.extend(more);
    // Document order: by where the clause starts, then rule code (where
    // each starts looked up once, not at every comparison).
    let mut keyed: Vec<(usize, Finding)> = out
        .into_iter()
        .map(|f| (clauses.get(&f.cite).map(|c| c.2).unwrap_or(0), f))
        .collect();
    keyed.sort_by(|(a, x), (b, y)| (a, &x.cite, &x.rule).cmp(&(b, &y.cite, &y.rule)));
    let mut out: Vec<Finding> = keyed.into_iter().map(|(_, f)| f).collect();
    out.dedup_by(|x, y| x.cite == y.cite && x.rule == y.rule);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Extracted, Format};
    use crate::pipeline::build;

    #[test]
    fn clause_words_in_one_pass_equal_asking_each_word() {
        // Every rule on every rule's examples and on a few clauses.
        let mut texts: Vec<&str> = RULES
            .iter()
            .flat_map(|r| [r.hit.as_str(), r.miss.as_str()])
            .collect();
        texts.extend([
            "",
            "对列入严重失信主体名单的，在政府采购中予以限制，并通报其配偶、子女所在单位。",
            "信用积分低于60分的，不得享受救助。",
            "列入名单的信息在“信用中国”网站向社会公布，公布内容不包括个人身份证号码、家庭住址等信息。",
            "除姓名外，其他个人信息不得公开。",
        ]);
        let mut compared = 0;
        for text in texts {
            let present = CLAUSE_WORDS.present(text);
            let affirmed = without(text, &negated(text));
            for (i, r) in RULES.iter().enumerate() {
                let each =
                    r.all_of.iter().all(|g| any_word(&affirmed, g)) && !any_word(text, &r.none_of);
                assert_eq!(
                    CLAUSE_WORDS.matches(i, r, text, &present),
                    each,
                    "{} on {text}",
                    r.code
                );
                compared += usize::from(each);
            }
        }
        assert!(compared > 10, "{compared}");
    }

    #[test]
    fn references_to_other_clauses_are_read() {
        let r = referred("前款第（一）项、第（二）项行为一年内累计三次以上的，列入名单");
        assert!(r.previous);
        let r = referred("有本办法第五条、本条第二款规定情形的，依照《中华人民共和国食品安全法》第一百一十三条处理");
        assert_eq!(r.paragraphs, [2]);
        // 第一百一十三条 of another law (after 》) is not this document's.
        assert_eq!(r.articles, [5]);
        assert_eq!(referred("记入信用记录。"), Referred::default());
    }

    #[test]
    fn negated_stretches_run_to_the_end_of_their_phrase() {
        let text = "公布内容不包括个人身份证号码、家庭住址，并通报其所在单位。";
        let spans = negated(text);
        let negated_text: Vec<&str> = spans.iter().map(|(s, e)| &text[*s..*e]).collect();
        assert_eq!(negated_text, ["个人身份证号码、家庭住址"]);
        let spans = negated("除法定代表人姓名外，不得公开其他信息；其子女不得报考。");
        let got: Vec<&str> = spans
            .iter()
            .map(|(s, e)| &"除法定代表人姓名外，不得公开其他信息；其子女不得报考。"[*s..*e])
            .collect();
        assert!(got.contains(&"其他信息"), "{got:?}");
        assert!(got.contains(&"除法定代表人姓名外"), "{got:?}");
        // A bare 不得 imposes: nothing negated.
        assert!(negated("其子女不得报考本区民办学校。").is_empty());
    }

    fn run(text: &str) -> Vec<(String, String)> {
        let doc = build(
            "t.txt".into(),
            Format::Txt,
            Extracted::single(text.to_string(), "text"),
        );
        let a = analyse(&doc);
        check(&doc, &a)
            .into_iter()
            .map(|f| (f.name, f.cite))
            .collect()
    }

    /// A text read as one page of a txt file, and analysed.
    fn analysed(text: &str) -> Analysis {
        let ex = Extracted {
            pages: vec![text.to_string()],
            ..Default::default()
        };
        analyse(&build("t.txt".into(), Format::Txt, ex))
    }

    fn fired(text: &str, name: &str) -> bool {
        run(text).iter().any(|(n, _)| n == name)
    }

    #[test]
    fn a_regulation_is_its_own_basis() {
        let text = "江澜省社会信用条例\n第一条 为了推进社会信用体系建设，制定本条例。\n第二条 有下列情形之一的，列入严重失信主体名单：\n（一）拒不履行生效判决的。\n第三条 本条例自公布之日起施行。";
        let ex = Extracted {
            pages: vec![text.to_string()],
            ..Default::default()
        };
        let doc = build("t.txt".into(), Format::Txt, ex);
        let a = analyse(&doc);
        assert_eq!(a.own_level, "local_regulation");
        let rules: Vec<String> = check(&doc, &a).into_iter().map(|f| f.rule).collect();
        assert!(!rules.iter().any(|r| r == "XY101"), "{rules:?}");
        // The same text as a 办法 of a district has no basis.
        let doc = build(
            "t.txt".into(),
            Format::Txt,
            Extracted {
                pages: vec![text.replace("江澜省社会信用条例", "青石区社会信用管理办法")],
                ..Default::default()
            },
        );
        let a = analyse(&doc);
        let rules: Vec<String> = check(&doc, &a).into_iter().map(|f| f.rule).collect();
        assert!(rules.iter().any(|r| r == "XY101"), "{rules:?}");
    }

    #[test]
    fn bases_are_tied_to_clause_then_article_then_preamble() {
        let text = "某某区道路运输信用管理办法\n第一条 根据《中华人民共和国道路运输条例》，制定本办法。\n第二条 经营者有下列情形之一的，列入黑名单：\n（一）非法营运的。\n依照《中华人民共和国安全生产法》第七十八条，对列入黑名单的经营者实施联合惩戒。\n第三条 对列入黑名单的经营者，依照《某某市文明行为促进条例》，限制其参加评优评先。\n第四条 记入信用档案的信息向社会公开。";
        let a = analysed(text);
        let names = |cite: &str| -> Vec<String> {
            a.tied
                .get(cite)
                .map(|v| v.iter().map(|b| b.name.clone()).collect())
                .unwrap_or_default()
        };
        // Its own clause.
        assert_eq!(names("第二条第二款"), ["《中华人民共和国安全生产法》"]);
        assert_eq!(names("第三条"), ["《某某市文明行为促进条例》"]);
        // Neither clause nor article cites one: the preamble's.
        assert_eq!(names("第四条"), ["《中华人民共和国道路运输条例》"]);
    }

    #[test]
    fn a_regulation_titled_banfa_is_known_by_its_enacting_line() {
        let text = "江澜省实施《中华人民共和国食品安全法》办法\n\n2017年3月30日江澜省第十二届人民代表大会常务委员会第三十三次会议通过\n\n第一条 为了实施《中华人民共和国食品安全法》，结合本省实际，制定本办法。\n第二条 食品生产经营者的违法行为记入其信用档案，并向社会公布。";
        assert_eq!(analysed(text).own_level, "local_regulation");
    }

    #[test]
    fn the_purpose_article_under_a_first_chapter_is_the_preamble() {
        let text = "某某市物业服务企业信用管理办法\n第一章 总则\n第一条 根据《物业管理条例》和《某某省物业管理条例》，结合本市实际，制定本办法。\n第二条 本办法适用于本市物业服务企业。\n第二章 信用档案\n第三条 市住房和城乡建设局将物业服务企业的违法行为记入信用档案。";
        let a = analysed(text);
        let names: Vec<String> = a.tied["第三条"].iter().map(|b| b.name.clone()).collect();
        assert_eq!(names, ["《物业管理条例》", "《某某省物业管理条例》"]);
    }

    #[test]
    fn every_rule_example_hits_and_misses() {
        // Each rule's own examples, embedded in a minimal document with a basis
        // preamble so that basis rules stay quiet unless they are the point.
        for r in RULES.iter() {
            if matches!(
                r.matcher.as_str(),
                "no-basis" | "basis-too-low" | "expired-basis" | "direct-basis" | "doc-absent"
            ) {
                continue;
            }
            let doc = |s: &str| {
                format!("某某区管理办法\n第一条 根据《中华人民共和国行政处罚法》，制定本办法。\n第二条 {s}\n第三条 失信主体纠正后可以申请信用修复。作出决定前应当告知当事人。")
            };
            assert!(
                fired(&doc(&r.hit), &r.name),
                "{}: hit example did not fire: {:?}",
                r.code,
                run(&doc(&r.hit))
            );
            assert!(
                !fired(&doc(&r.miss), &r.name),
                "{}: miss example fired",
                r.code
            );
        }
    }

    #[test]
    fn a_wording_finding_is_where_the_word_is_written() {
        // The intro names the 黑名单; its items carry measures without the
        // word: one XY303, on the intro, not one more per item.
        let text = "某某区燃气管理办法\n第一条 根据《城镇燃气管理条例》，制定本办法。\n第二条 对列入燃气行业“黑名单”的燃气经营者，区住房和城乡建设局可以采取下列措施：\n（一）在许可证有效期届满申请延续时，不予延续；\n（二）暂停审批其新增经营区域；\n（三）限制其参加政府采购活动。\n第三条 失信主体纠正后可以申请信用修复。作出决定前应当告知当事人。";
        let cites: Vec<String> = run(text)
            .into_iter()
            .filter(|(n, _)| n == "blacklist-wording")
            .map(|(_, c)| c)
            .collect();
        assert_eq!(cites, ["第二条"]);
    }

    #[test]
    fn basis_rules() {
        let none = "某某区垃圾分类管理办法\n第一条 为规范管理，制定本办法。\n第二条 违反本办法的，记入个人信用记录。";
        assert!(fired(none, "no-basis"));
        assert!(fired(none, "no-repair"));
        let low = "某某区物业管理办法\n第一条 根据《某某市物业服务企业信用管理办法》，制定本办法。\n第二条 将物业企业的违法信息记入信用档案。";
        assert!(fired(low, "basis-too-low"));
        assert!(!fired(low, "no-basis"));
        let ok = "某某区食品安全信用办法\n第一条 根据《中华人民共和国食品安全法》，制定本办法。\n第二条 建立食品生产经营者信用档案。\n第三条 对不良信用记录者实施联合惩戒。\n第四条 符合条件的可以申请信用修复。";
        assert!(!fired(ok, "basis-too-low") && !fired(ok, "no-basis") && !fired(ok, "no-repair"));
        assert!(fired(ok, "measure-without-direct-basis"));
        let expired = "某某区信用办法\n第一条 根据《社会信用体系建设规划纲要（2014—2020年）》，制定本办法。\n第二条 记入信用记录。";
        assert!(fired(expired, "expired-basis"), "{:?}", run(expired));
        let listing = "某某区名单办法\n第一条 根据《中华人民共和国食品安全法》，制定本办法。\n第二条 销售假劣食品的，列入严重失信主体名单。";
        assert!(fired(listing, "no-listing-procedure"));
    }
}
