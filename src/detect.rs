//! Detection of the five kinds in every unit of the citation tree, from the
//! term lists in `lexicons/` (embedded, plus local additions).
//!
//! A unit's text is cut into sentences. A sentence that is a prohibition, a
//! statement of purpose or a scope clause (`not_provision.txt`) carries
//! nothing. Otherwise each kind's lines are tried:
//! - a plain term counts where it starts and ends on jieba token boundaries
//!   (so 信用分 does not count inside 信用分类, nor 信用修复 inside the
//!   dictionary word 信用修复申请书), and not inside an excluded phrase;
//! - a pattern counts where it matches outside an excluded phrase;
//! - `+` lines count only with a context word of the kind in the sentence or
//!   in the clauses above it: the item's intro (对列入名单的…采取下列措施：),
//!   the headings it sits under, and the document's title;
//! - `mention@KIND` lines describe a mention of something the kind is about
//!   (列入黑名单的企业); a match inside a mention is not a provision of its own,
//!   and the mention counts only where the sentence also carries KIND (a
//!   measure applied to listed subjects uses the list).
//!
//! Each provision is reported at the finest unit that carries it (项 over 款
//! over 条), once per kind per cite. A discipline measure that applies to
//! listed subjects is linked to the clause that sets up the list.

use crate::eval::Provision;
use crate::gate::{Candidates, Gate, PatternSet};
use crate::lexicon::{self, LexiconError};
use crate::normalize::TITLE_ENDINGS;
use crate::segment::{self, Segmenter};
use crate::seqmatch::SeqMatcher;
use crate::structure::{Unit, UnitKind};
use jieba_rs::Jieba;
use regex::Regex;
use std::sync::OnceLock;

pub const KINDS: [&str; 5] = ["share", "blacklist", "discipline", "score", "repair"];

/// One line of a kind file.
struct Rule {
    /// The line as written in the lexicon (what `-TERM` removes).
    line: String,
    /// Compiled for matching inside one sentence (see [`in_sentence`]).
    re: Pattern,
    /// A plain term: checked against token boundaries.
    term: bool,
    needs_context: bool,
    /// From a local lexicon (`--lexicons DIR`): the unit's own decision,
    /// which the model does not overrule.
    local: bool,
}

/// The `why` of a provision a local lexicon line found.
pub const LOCAL_MARK: &str = "本地词典";

/// The compiled lexicon of one kind.
pub struct KindLexicon {
    pub kind: &'static str,
    rules: Vec<Rule>,
    /// (pattern, kind the mention needs in the same sentence)
    mentions: Vec<(Pattern, String)>,
    /// The `ctx:` words in one automaton (all occurrences are reported).
    context: Words,
    /// The excluded phrases of this kind and of all kinds, likewise.
    excludes: Words,
    /// Comma-delimited clauses in which a match does not count (`not-clause:`).
    not_clauses: Vec<Pattern>,
    /// Sentences in which this kind never counts (`not:` lines).
    nots: Vec<Pattern>,
    /// `item:INTRO::ITEM` lines: an item whose text matches ITEM, in a list
    /// whose intro matches INTRO, is an act of the kind (有下列情形之一的，
    /// 不得…： / （一）被列为失信被执行人的).
    items: Vec<(Pattern, Pattern)>,
    /// Where this kind's rules, mentions and `not:` lines start in the
    /// lexicon's [`Gate`], in that order.
    at: usize,
    /// Where the alternation of this kind's excluded phrases sits in the
    /// gate (None when it has none): where the gate rules it out, no
    /// phrase occurs in the sentence and nothing is masked.
    excludes_at: Option<usize>,
    /// The excluded phrases, escaped and joined as one pattern for the gate.
    excludes_pattern: String,
}

/// A list of words searched together: every occurrence of every word, in
/// one pass. Empty lists never match.
struct Words(crate::literals::LiteralSet, usize);

impl Words {
    fn new(words: &[String]) -> Words {
        let words: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        Words(crate::literals::LiteralSet::new(words), longest)
    }

    /// Whether an occurrence of a word covers byte `s` or ends at `e` (see
    /// [`KindLexicon::masked`]). Only the stretch that such an occurrence
    /// can lie in is searched, not the whole (possibly long) text.
    fn covers(&self, text: &str, s: usize, e: usize) -> bool {
        let mut lo = s.saturating_sub(self.1);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (e + self.1).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        self.any(&text[lo..hi], |p, end| {
            let (p, end) = (p + lo, end + lo);
            (p <= s && s < end) || (p < e && e <= end)
        })
    }

    /// Whether `f(start, end)` holds for the byte span of some occurrence
    /// of some word.
    fn any(&self, text: &str, mut f: impl FnMut(usize, usize) -> bool) -> bool {
        self.0.any(text, |p, w| f(p, p + self.0.len_of(w)))
    }
}

pub struct Lexicon {
    pub kinds: Vec<KindLexicon>,
    /// Which of the patterns asked of a sentence can match in it, from the
    /// literals each must contain, in one pass: every kind's
    /// rules, mentions and `not:` lines, then `not_provision`, then `tails`.
    /// A sentence in which no rule or mention can match is skipped.
    gate: Gate,
    /// The rules and mentions of every kind: a sentence in which none of
    /// them can match is skipped.
    asked: PatternSet,
    /// Where `not_provision` and `tails` start in the gate.
    not_provision_at: usize,
    tails_at: usize,
    /// Each its own regex: the `regex` crate skips to each one's literals,
    /// where one set of them all made a lazy DFA of their product.
    not_provision: Vec<Pattern>,
    /// A prohibition from its start to the sentence end (`tail:` lines).
    tails: Vec<Pattern>,
    dict: Vec<(String, Option<usize>)>,
    /// jieba with the general dictionary and the domain words, built only
    /// when a thread's [`Segmenter`] has seen too many texts (or one holds
    /// [`segment::REST_CHAR`]).
    jieba: OnceLock<Jieba>,
    /// The domain words on an empty dictionary: each thread cuts with a copy
    /// that takes the dictionary words of the texts it cuts.
    segmenter: Segmenter,
    /// The confusable phrases of every kind (`*` lines of exclude.txt).
    confusables: Vec<String>,
}

/// Distinct texts a thread's [`Segmenter`] takes words for before the
/// thread cuts with the whole dictionary instead. Taking a new text's words
/// costs about 30 µs, building the whole dictionary 0.1 s of CPU and 57 MB;
/// a scan of the 2,401-file benchmark folder takes 354 texts, the 44 real
/// documents 75, 10,000 generated files 597. Past 2,000 on a thread, a
/// folder pays for the whole dictionary after all. The cuts are the same.
const SEGMENTER_TEXTS: usize = 2000;

/// The longest text (in bytes) whose cut a thread keeps, and how many cuts
/// it keeps. The stretches [`Tokens`] asks about (between two punctuation
/// marks) are short and recur: a unit's documents repeat their clauses (on
/// the benchmark folder, 8,199 cuts of 354 distinct stretches). A whole text
/// is longer and cut once.
const CUT_CACHE_BYTES: usize = 512;
const CUT_CACHE_LEN: usize = 4096;

/// A thread's segmenter, with the address of the lexicon it copies, and the
/// cuts it has made (by `hmm`, then text): a cut depends only on the text,
/// so a repeated stretch is not cut again.
struct ThreadSegmenter {
    lexicon: usize,
    seg: Segmenter,
    cuts: [std::collections::HashMap<String, Vec<(usize, usize)>>; 2],
}

thread_local! {
    static SEGMENTER: std::cell::RefCell<Option<ThreadSegmenter>> =
        const { std::cell::RefCell::new(None) };
}

static LEXICON: OnceLock<Lexicon> = OnceLock::new();

/// The lexicon of this process: embedded files plus the local folder set by
/// [`lexicon::set_local_dir`]. Built once, shared by all threads.
pub fn lexicon() -> &'static Lexicon {
    LEXICON.get_or_init(|| match Lexicon::load() {
        Ok(l) => l,
        // Local files are validated by `init` before any work starts, and
        // the embedded ones by the tests; fall back to the embedded lexicon.
        Err(_) => Lexicon::load_embedded().expect("embedded lexicon is valid"),
    })
}

/// The plain terms of every kind and the domain words (the trigger words a
/// keyword scan would look for): the floor that `taizhang bench-floor`
/// measures. Read from the lexicon files without compiling any pattern, so
/// that the floor does not pay for what only detection needs.
pub fn plain_terms() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    for kind in KINDS {
        for src in lexicon::sources(&format!("{kind}.txt")) {
            for (_, line) in data_lines(&src) {
                let pattern = [
                    "ctx:",
                    "not:",
                    "not-clause:",
                    "mention@",
                    "item:",
                    "re+:",
                    "re:",
                ]
                .iter()
                .any(|p| line.starts_with(p));
                if pattern {
                    continue;
                }
                match line.strip_prefix('-') {
                    Some(t) => removed.push(t.trim().to_string()),
                    None => out.push(line.trim_start_matches('+').trim().to_string()),
                }
            }
        }
    }
    for src in lexicon::sources("dict.txt") {
        for (_, line) in data_lines(&src) {
            if let Some(w) = line.split_whitespace().next() {
                out.push(w.to_string());
            }
        }
    }
    out.retain(|t| !t.is_empty() && !removed.contains(t));
    out.sort();
    out.dedup();
    out
}

/// Whether `text`, as the local file `name` of a `--lexicons` folder
/// (share.txt, exclude.txt …), builds a lexicon with the embedded files:
/// what `--lexicons` would say of it, without setting the process's
/// lexicon (for the fuzzer and tests).
pub fn try_local(name: &str, text: &str) -> Result<(), LexiconError> {
    let local = lexicon::Source {
        file: name.to_string(),
        text: text.to_string(),
        builtin: false,
    };
    Lexicon::from_sources(&|n: &str| {
        let mut v = lexicon::sources(n);
        if n == name {
            v.push(local.clone());
        }
        v
    })
    .map(|_| ())
}

/// Build the lexicon on a background thread, so that its start-up cost
/// overlaps with listing and reading the first files (the thread is started
/// once, however often this is called).
pub fn warm_up() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        std::thread::spawn(|| {
            let _ = lexicon();
        });
        // The clause model's weights and terms, on a second thread: reading
        // the weights is a few tens of milliseconds of its own.
        std::thread::spawn(crate::model::warm_up);
        // The origin rules and the checks' word lists: each worker would
        // otherwise wait for them at its first document.
        std::thread::spawn(|| {
            crate::origin::warm_up();
            crate::check::warm_up();
        });
    });
}

/// Whether the lexicon is built, so that detection will not wait for it
/// (see [`warm_up`]).
pub fn ready() -> bool {
    LEXICON.get().is_some()
}

/// Load (and validate) the lexicon now; the CLI calls this after setting the
/// local folder so that a malformed line is reported before any work.
pub fn init() -> Result<(), LexiconError> {
    let l = Lexicon::load()?;
    let _ = LEXICON.set(l);
    Ok(())
}

fn data_lines(src: &lexicon::Source) -> impl Iterator<Item = (usize, &str)> {
    src.text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// A lexicon pattern, compiled when it is first asked: a scan asks only
/// the patterns its sentences make candidates (83 of the 136 on the
/// benchmark folder), and compiling all of them was most of the start-up
/// (the scan of one small file) and 2.6 % of the benchmark folder's
/// instructions. The built-in files' patterns are all compiled by a test; a
/// local file's are compiled when it is read, so that an error names its
/// line before any work. It derefs to the compiled regex.
struct Pattern {
    source: String,
    re: OnceLock<Regex>,
    /// The pattern as a sequence of words, gaps and anchors, when it is
    /// one: asked whether and where it matches, it answers without the
    /// regex's automaton ([`crate::seqmatch`]).
    seq: OnceLock<Option<SeqMatcher>>,
}

impl Pattern {
    /// The pattern as written (without compiling it).
    fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern matches somewhere in `text` (the regex's
    /// `is_match`, answered by the sequence matcher where it can).
    fn is_match(&self, text: &str) -> bool {
        match self.seq().and_then(|m| m.is_match(text)) {
            Some(answer) => answer,
            None => Regex::is_match(self, text),
        }
    }

    /// The matches in `text` as (start, end), leftmost first and not
    /// overlapping (the regex's `find_iter`, given by the sequence matcher
    /// where it can).
    fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        if self
            .seq()
            .and_then(|m| m.find_iter(text, &mut out))
            .is_none()
        {
            out.clear();
            out.extend(self.find_iter(text).map(|m| (m.start(), m.end())));
        }
        out
    }

    fn seq(&self) -> Option<&SeqMatcher> {
        self.seq
            .get_or_init(|| SeqMatcher::new(&self.source))
            .as_ref()
    }
}

impl std::ops::Deref for Pattern {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.re.get_or_init(|| {
            // Built-in patterns compile (a test compiles every one); were
            // one not to, it would match nothing rather than stop a scan.
            build(&self.source).unwrap_or_else(|_| {
                static NEVER: std::sync::LazyLock<Regex> =
                    std::sync::LazyLock::new(|| Regex::new(r"[^\s\S]").expect("empty class"));
                NEVER.clone()
            })
        })
    }
}

fn build(pat: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pat)
        .dfa_size_limit(16 << 20)
        .build()
}

/// `pat` from line `line` of `src`: compiled now when the file is a local
/// one (its errors are reported with the line), when first asked when it
/// is built in.
fn compile(src: &lexicon::Source, line: usize, pat: &str) -> Result<Pattern, LexiconError> {
    let re = OnceLock::new();
    if !src.builtin {
        let compiled = build(pat).map_err(|e| LexiconError {
            file: src.file.clone(),
            line,
            message: format!("正则表达式有误：{}", first_line(&e.to_string())),
        })?;
        let _ = re.set(compiled);
    }
    Ok(Pattern {
        source: pat.to_string(),
        re,
        seq: OnceLock::new(),
    })
}

/// A rule runs on one sentence at a time, and sentences are cut after
/// 。；！？, so inside a sentence the gap class `[^。；]` can only refuse the
/// final mark, which no pattern reaches past (none ends with a gap). Any
/// character is the same match there and a much smaller automaton: the
/// bounded gaps `[^。；]{0,16}?` were most of the lazy DFA's states.
fn in_sentence(pat: &str) -> String {
    pat.replace("[^。；]", "(?s:.)")
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or(s).trim().to_string()
}

impl Lexicon {
    fn load_embedded() -> Result<Lexicon, LexiconError> {
        Lexicon::from_sources(&|name| lexicon::sources(name).into_iter().take(1).collect())
    }

    fn load() -> Result<Lexicon, LexiconError> {
        Lexicon::from_sources(&lexicon::sources)
    }

    fn from_sources(
        sources: &dyn Fn(&str) -> Vec<lexicon::Source>,
    ) -> Result<Lexicon, LexiconError> {
        let mut excludes: Vec<(String, String)> = Vec::new();
        for src in sources("exclude.txt") {
            for (n, line) in data_lines(&src) {
                let Some((k, p)) = line.split_once('\t') else {
                    return Err(LexiconError {
                        file: src.file.clone(),
                        line: n,
                        message: "应为“类别<Tab>短语”（类别为 * 或 share/blacklist/discipline/score/repair）".into(),
                    });
                };
                let k = k.trim();
                if k != "*" && !KINDS.contains(&k) {
                    return Err(LexiconError {
                        file: src.file.clone(),
                        line: n,
                        message: format!("未知类别“{k}”"),
                    });
                }
                excludes.push((k.to_string(), p.trim().to_string()));
            }
        }
        let confusables: Vec<String> = excludes
            .iter()
            .filter(|(k, _)| k == "*")
            .map(|(_, p)| p.clone())
            .collect();
        let mut kinds = Vec::new();
        for kind in KINDS {
            let mut rules: Vec<Rule> = Vec::new();
            let mut mentions = Vec::new();
            let mut context = Vec::new();
            let mut nots = Vec::new();
            let mut not_clauses = Vec::new();
            let mut items = Vec::new();
            let mut removed: Vec<String> = Vec::new();
            for src in sources(&format!("{kind}.txt")) {
                for (n, line) in data_lines(&src) {
                    let bad = |message: String| LexiconError {
                        file: src.file.clone(),
                        line: n,
                        message,
                    };
                    if let Some(w) = line.strip_prefix("ctx:") {
                        context.push(w.trim().to_string());
                    } else if let Some(p) = line.strip_prefix("not:") {
                        nots.push(compile(&src, n, &in_sentence(p))?);
                    } else if let Some(p) = line.strip_prefix("not-clause:") {
                        not_clauses.push(compile(&src, n, &in_sentence(p))?);
                    } else if let Some(rest) = line.strip_prefix("item:") {
                        let Some((intro, item)) = rest.split_once("::") else {
                            return Err(bad("应为 item:引语正则::项正则".into()));
                        };
                        items.push((compile(&src, n, intro)?, compile(&src, n, item)?));
                    } else if let Some(rest) = line.strip_prefix("mention@") {
                        let Some((k, p)) = rest.split_once(':') else {
                            return Err(bad("应为 mention@类别:正则".into()));
                        };
                        if !KINDS.contains(&k) {
                            return Err(bad(format!("未知类别“{k}”")));
                        }
                        mentions.push((compile(&src, n, p)?, k.to_string()));
                    } else if let Some(p) = line.strip_prefix("re+:") {
                        rules.push(Rule {
                            line: p.to_string(),
                            re: compile(&src, n, &in_sentence(p))?,
                            term: false,
                            needs_context: true,
                            local: !src.builtin,
                        });
                    } else if let Some(p) = line.strip_prefix("re:") {
                        rules.push(Rule {
                            line: p.to_string(),
                            re: compile(&src, n, &in_sentence(p))?,
                            term: false,
                            needs_context: false,
                            local: !src.builtin,
                        });
                    } else if let Some(t) = line.strip_prefix('-') {
                        removed.push(t.trim().to_string());
                    } else {
                        let (t, needs) = match line.strip_prefix('+') {
                            Some(t) => (t.trim(), true),
                            None => (line, false),
                        };
                        if t.contains(char::is_whitespace) {
                            return Err(bad("词语中不能有空格（正则请以 re: 开头）".into()));
                        }
                        rules.push(Rule {
                            line: t.to_string(),
                            re: compile(&src, n, &regex::escape(t))?,
                            term: true,
                            needs_context: needs,
                            local: !src.builtin,
                        });
                    }
                }
            }
            // `-TERM` removes a term or pattern line, whichever file it came from.
            rules.retain(|r| !removed.contains(&r.line));
            let excludes: Vec<String> = excludes
                .iter()
                .filter(|(k, _)| k == "*" || k == kind)
                .map(|(_, p)| p.clone())
                .collect();
            kinds.push(KindLexicon {
                kind,
                rules,
                mentions,
                items,
                context: Words::new(&context),
                excludes_pattern: excludes
                    .iter()
                    .filter(|w| !w.is_empty())
                    .map(|w| regex::escape(w))
                    .collect::<Vec<_>>()
                    .join("|"),
                excludes: Words::new(&excludes),
                not_clauses,
                nots,
                at: 0,
                excludes_at: None,
            });
        }
        let mut not_provision = Vec::new();
        let mut tails = Vec::new();
        for src in sources("not_provision.txt") {
            for (n, line) in data_lines(&src) {
                if let Some(p) = line.strip_prefix("re:") {
                    not_provision.push(compile(&src, n, &in_sentence(p))?);
                } else if let Some(p) = line.strip_prefix("tail:") {
                    tails.push(compile(&src, n, &in_sentence(p))?);
                } else {
                    return Err(LexiconError {
                        file: src.file.clone(),
                        line: n,
                        message: "每行应以 re: 或 tail: 开头".into(),
                    });
                }
            }
        }
        let mut dict = Vec::new();
        for src in sources("dict.txt") {
            for (n, line) in data_lines(&src) {
                let mut f = line.split_whitespace();
                let word = f.next().unwrap_or_default().to_string();
                let freq = match f.next() {
                    None => None,
                    Some(x) => Some(x.parse::<usize>().map_err(|_| LexiconError {
                        file: src.file.clone(),
                        line: n,
                        message: format!("词频“{x}”不是整数"),
                    })?),
                };
                dict.push((word, freq));
            }
        }
        let segmenter = Segmenter::new(&dict);
        // The gate's patterns: every kind's rules, mentions and `not:`
        // lines, then `not_provision`, then `tails`, then each kind's
        // excluded phrases as one alternation.
        let mut n = 0;
        for k in &mut kinds {
            k.at = n;
            n += k.rules.len() + k.mentions.len() + k.nots.len();
        }
        let not_provision_at = n;
        let tails_at = n + not_provision.len();
        n = tails_at + tails.len();
        for k in &mut kinds {
            if !k.excludes_pattern.is_empty() {
                k.excludes_at = Some(n);
                n += 1;
            }
        }
        let patterns = gate_patterns(&kinds, &not_provision, &tails);
        debug_assert_eq!(patterns.len(), n);
        // The rules and mentions, asked of every sentence; the rest only of
        // sentences in which one of them can match.
        let is_asked = |p: usize| {
            kinds
                .iter()
                .any(|k| (k.at..k.at + k.rules.len() + k.mentions.len()).contains(&p))
        };
        let gate = Gate::with_secondary(patterns, |p| !is_asked(p));
        let asked = gate.set(is_asked);
        Ok(Lexicon {
            kinds,
            gate,
            asked,
            not_provision_at,
            tails_at,
            not_provision,
            tails,
            dict,
            jieba: OnceLock::new(),
            segmenter,
            confusables,
        })
    }

    /// Whether a text (a document's title) names a confusable subject of
    /// every kind (某区积分落户管理办法, 信用证业务规定).
    pub fn names_confusable(&self, text: &str) -> bool {
        self.confusables.iter().any(|c| text.contains(c.as_str()))
    }

    /// jieba's tokens of `text` as `(start, end)` byte offsets, as jieba
    /// with the whole dictionary and the domain words cuts it.
    pub fn cut(&self, text: &str, hmm: bool) -> Vec<(usize, usize)> {
        if text.contains(segment::REST_CHAR) {
            return segment::cut_spans(self.jieba(), text, hmm);
        }
        let key = self as *const Lexicon as usize;
        SEGMENTER.with(|cell| {
            let mut slot = cell.borrow_mut();
            let t = match slot.as_mut() {
                Some(t) if t.lexicon == key => t,
                _ => slot.insert(ThreadSegmenter {
                    lexicon: key,
                    seg: self.segmenter.clone(),
                    cuts: Default::default(),
                }),
            };
            let cuts = &mut t.cuts[usize::from(hmm)];
            if let Some(c) = cuts.get(text) {
                return c.clone();
            }
            let c = if t.seg.texts_seen() < SEGMENTER_TEXTS {
                t.seg.cut(text, hmm)
            } else {
                segment::cut_spans(self.jieba(), text, hmm)
            };
            if text.len() <= CUT_CACHE_BYTES && cuts.len() < CUT_CACHE_LEN {
                cuts.insert(text.to_string(), c.clone());
            }
            c
        })
    }

    /// jieba with the whole general dictionary and the domain words, built
    /// on first use: [`Lexicon::cut`] needs it only past
    /// `SEGMENTER_TEXTS` texts on a thread; the tests compare with it.
    pub fn jieba(&self) -> &Jieba {
        self.jieba.get_or_init(|| {
            let mut j = Jieba::new();
            for (w, f) in &self.dict {
                j.add_word(w, *f, None);
            }
            j
        })
    }

    /// Whether a mention of any kind matches somewhere in `text` (is a list
    /// mentioned in the clauses above?): only the mentions the gate leaves
    /// are asked (one set of all of them made a lazy DFA that was rebuilt
    /// on every long context).
    fn mentions_in(&self, text: &str) -> bool {
        let mut cand = Candidates::default();
        self.gate.candidates(text, &mut cand);
        self.kinds.iter().any(|k| {
            let at = k.at + k.rules.len();
            k.mentions
                .iter()
                .zip(&cand[at..at + k.mentions.len()])
                .any(|((re, _), c)| *c && re.is_match(text))
        })
    }

    /// Whether the sentence is never a provision (prohibition, purpose, scope).
    /// The sentence without a prohibition at its end: 同步解除惩戒措施，不得以…为由
    /// 拒绝 keeps its first part.
    /// `cand`: the gate's answer for the sentence.
    fn without_tail<'a>(&self, sentence: &'a str, cand: &[bool]) -> &'a str {
        let cut = self
            .tails
            .iter()
            .zip(&cand[self.tails_at..])
            .filter(|(_, c)| **c)
            .filter_map(|(re, _)| re.spans(sentence).first().map(|m| m.0))
            .min()
            .unwrap_or(sentence.len());
        &sentence[..cut]
    }

    /// `cand`: the gate's answer for the sentence (or a longer text
    /// holding it).
    fn not_provision(&self, sentence: &str, cand: &[bool]) -> bool {
        let s = crate::normalize::trim(sentence);
        self.not_provision
            .iter()
            .zip(&cand[self.not_provision_at..])
            .any(|(re, c)| *c && re.is_match(s))
    }
}

/// The gate's patterns, in the order of the gate: every kind's rules,
/// mentions and `not:` lines, then `not_provision`, then `tails`, then each
/// kind's excluded phrases as one alternation.
fn gate_patterns<'a>(
    kinds: &'a [KindLexicon],
    not_provision: &'a [Pattern],
    tails: &'a [Pattern],
) -> Vec<&'a str> {
    let mut patterns: Vec<&str> = Vec::new();
    for k in kinds {
        patterns.extend(k.rules.iter().map(|r| r.re.as_str()));
        patterns.extend(k.mentions.iter().map(|(r, _)| r.as_str()));
        patterns.extend(k.nots.iter().map(Pattern::as_str));
    }
    patterns.extend(not_provision.iter().map(Pattern::as_str));
    patterns.extend(tails.iter().map(Pattern::as_str));
    patterns.extend(
        kinds
            .iter()
            .filter(|k| k.excludes_at.is_some())
            .map(|k| k.excludes_pattern.as_str()),
    );
    patterns
}

/// `TAIZHANG_DEBUG_DETECT=1` prints which line of a kind file matched.
static DEBUG: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("TAIZHANG_DEBUG_DETECT").is_some());

/// Token boundaries of a sentence, computed only when needed and only around
/// the terms asked about.
struct Tokens<'a> {
    sentence: &'a str,
    /// Stretches of the sentence already cut: (start, end, token starts
    /// and the end, as offsets in the sentence).
    cuts: Vec<(usize, usize, Vec<usize>)>,
}

impl<'a> Tokens<'a> {
    fn new(sentence: &'a str) -> Tokens<'a> {
        Tokens {
            sentence,
            cuts: Vec::new(),
        }
    }

    /// Whether `sentence[s..e]` starts and ends on jieba token boundaries.
    ///
    /// jieba cuts each run of Han characters (with ASCII letters, digits and
    /// `+#&._%-`) on its own, and every other character is a token of its
    /// own. So the stretch between the nearest punctuation marks around the
    /// term cuts exactly as it does inside the whole sentence, and only that
    /// stretch is cut.
    fn on_boundaries(&mut self, lex: &Lexicon, s: usize, e: usize) -> bool {
        let sentence = self.sentence;
        let cached = self.cuts.iter().position(|(a, b, _)| *a <= s && e <= *b);
        let i = match cached {
            Some(i) => i,
            None => {
                let a = sentence[..s]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| is_cut_mark(*c))
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let b = sentence[e..]
                    .char_indices()
                    .find(|(_, c)| is_cut_mark(*c))
                    .map_or(sentence.len(), |(i, _)| e + i);
                let mut v: Vec<usize> = lex
                    .cut(&sentence[a..b], true)
                    .iter()
                    .map(|(start, _)| a + start)
                    .collect();
                v.push(b);
                self.cuts.push((a, b, v));
                self.cuts.len() - 1
            }
        };
        let b = &self.cuts[i].2;
        b.binary_search(&s).is_ok() && b.binary_search(&e).is_ok()
    }
}

/// Punctuation that jieba never joins to a neighbour: not a Han character,
/// not an ASCII letter or digit, not one of `+#&._%-`, not a line break.
fn is_cut_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '、'
            | '；'
            | '：'
            | '。'
            | '！'
            | '？'
            | '（'
            | '）'
            | '《'
            | '》'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '〔'
            | '〕'
            | '【'
            | '】'
            | '「'
            | '」'
            | ','
            | ';'
            | ':'
            | '('
            | ')'
            | ' '
            | '\u{3000}'
    )
}

/// What one kind found in one sentence.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Hit {
    #[default]
    None,
    /// Only inside a mention that needs another kind in the sentence.
    Mention(usize),
    Act,
    /// An act found by a line of a local lexicon.
    Local,
}

impl KindLexicon {
    /// Whether an excluded phrase covers the start or the end of
    /// `text[s..e]`: 修复 inside 生态修复 is masked, but a long pattern match
    /// that merely contains 信用信息公示系统 is not.
    fn masked(&self, text: &str, s: usize, e: usize) -> bool {
        self.excludes.covers(text, s, e)
    }

    /// A context word counts only where it is not itself inside an excluded
    /// phrase (信用 in 信用贷款, 积分 in 积分落户).
    fn has_context(&self, text: &str) -> bool {
        self.context.any(text, |p, e| !self.masked(text, p, e))
    }

    /// `cand`: which rules, mentions and `not:` lines can match (from the
    /// gate); `may_mask`: whether an excluded phrase can occur in the
    /// sentence (also from the gate).
    /// `in_context`: whether the clause's context holds a context word of
    /// this kind (asked only when a `+` line could match).
    fn find(
        &self,
        lex: &Lexicon,
        sentence: &str,
        in_context: &mut dyn FnMut() -> bool,
        tokens: &mut Tokens,
        cand: &[bool],
        may_mask: bool,
    ) -> Hit {
        let (rule_cand, rest) = cand.split_at(self.rules.len());
        let (mention_cand, not_cand) = rest.split_at(self.mentions.len());
        let mentioned = mention_cand.iter().any(|c| *c);
        if (!rule_cand.iter().any(|c| *c) && !mentioned)
            || self
                .nots
                .iter()
                .zip(not_cand)
                .any(|(re, c)| *c && re.is_match(sentence))
        {
            return Hit::None;
        }
        // Context words are looked for only when a `+` line could match.
        let mut has_context: Option<bool> = None;
        let mention_spans: Vec<(usize, usize, usize)> = if mentioned {
            self.mentions
                .iter()
                .enumerate()
                .filter(|(i, _)| mention_cand[*i])
                .flat_map(|(i, (re, _))| {
                    re.spans(sentence).into_iter().map(move |(s, e)| (s, e, i))
                })
                .filter(|(s, e, _)| !self.masked(sentence, *s, *e))
                .collect()
        } else {
            Vec::new()
        };
        // Where nothing can mask a match, cut a clause out or hold it in a
        // mention, any match of a pattern line is a hit: asked with
        // `is_match`, which stops at the first match and never searches
        // backwards for where it starts (two thirds of the searches on the
        // benchmark folder).
        let any_match_counts =
            !may_mask && self.not_clauses.is_empty() && mention_spans.is_empty() && !*DEBUG;
        let mut hit = Hit::None;
        // Local lines come last in the list: tried first, so that a
        // sentence a local line matches is marked as the unit's own find.
        // (Any line matching outside a mention makes an act, whatever the
        // order.)
        for r in self
            .rules
            .iter()
            .zip(rule_cand)
            .rev()
            .filter(|(_, c)| **c)
            .map(|(r, _)| r)
        {
            let act = if r.local { Hit::Local } else { Hit::Act };
            if r.needs_context
                && !*has_context.get_or_insert_with(|| in_context() || self.has_context(sentence))
            {
                continue;
            }
            if any_match_counts && !r.term {
                if r.re.is_match(sentence) {
                    return act;
                }
                continue;
            }
            for (s, e) in r.re.spans(sentence) {
                if self.masked(sentence, s, e) {
                    continue;
                }
                if r.term && !tokens.on_boundaries(lex, s, e) {
                    continue;
                }
                if !self.not_clauses.is_empty() {
                    let cs = sentence[..s].rfind('，').map_or(0, |i| i + '，'.len_utf8());
                    let ce = sentence[e..].find('，').map_or(sentence.len(), |i| e + i);
                    if self
                        .not_clauses
                        .iter()
                        .any(|re| re.is_match(&sentence[cs..ce]))
                    {
                        continue;
                    }
                }
                match mention_spans
                    .iter()
                    .find(|(ms, me, _)| *ms <= s && e <= *me)
                {
                    Some((_, _, i)) => {
                        if hit == Hit::None {
                            hit = Hit::Mention(*i);
                        }
                    }
                    None => {
                        if *DEBUG {
                            eprintln!("[{}] {} ⇐ {}", self.kind, &sentence[s..e], r.re.as_str());
                        }
                        return act;
                    }
                }
            }
        }
        // A mention that no line matched inside (对列入前项名单的…) is still a
        // mention.
        if hit == Hit::None {
            if let Some((_, _, i)) = mention_spans.first() {
                hit = Hit::Mention(*i);
            }
        }
        hit
    }
}

/// Sentences of a unit's text, split at 。；！？ (kept).
#[cfg(test)]
fn sentences(text: &str) -> Vec<&str> {
    each_sentence(text).collect()
}

/// [`sentences`] one at a time (a unit's sentences are looked at in turn:
/// no vector per unit).
fn each_sentence(text: &str) -> impl Iterator<Item = &str> {
    // On bytes: 。 is E3 80 82, ；！？ are EF BC 9B / 81 / 9F, and E3 and EF
    // only ever start a character. (A vectorised search for the four marks
    // was slower on texts this short: note 52.)
    let b = text.as_bytes();
    let mut marks = memchr::memchr2_iter(0xE3, 0xEF, b);
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = marks
            .by_ref()
            .find_map(|i| match (b[i], b.get(i + 1), b.get(i + 2)) {
                (0xE3, Some(0x80), Some(0x82)) | (0xEF, Some(0xBC), Some(0x9B | 0x81 | 0x9F)) => {
                    Some(i + 3)
                }
                _ => None,
            })
            .unwrap_or(text.len());
        let s = &text[start..end];
        start = end;
        Some(s)
    })
}

/// A document title standing as a line (关于印发《…》的通知): no sentence
/// punctuation, ending with a title word.
fn is_title_line(s: &str) -> bool {
    let s = crate::normalize::trim(s);
    !s.contains(['，', '。', '；', '：', ',']) && TITLE_ENDINGS.iter().any(|e| s.ends_with(e))
}

/// Units whose own text is reported: leaves and headings, never containers
/// whose text repeats their first child.
pub(crate) fn reportable(u: &Unit) -> bool {
    let own = match u.kind {
        UnitKind::Paragraph
        | UnitKind::Item
        | UnitKind::SubItem
        | UnitKind::Heading
        | UnitKind::Text => true,
        // Lines before the first heading: only sentences, not the title,
        // the 文号 or the addressees.
        UnitKind::Preamble => u.text.contains(['。', '；']),
        // An article whose only children are items: its own text is the
        // intro (对列入名单的…，采取下列措施：), itself a provision.
        UnitKind::Article => {
            !u.children.is_empty()
                && u.children
                    .iter()
                    .all(|c| matches!(c.kind, UnitKind::Item | UnitKind::SubItem))
        }
        _ => false,
    };
    // A heading that is only a title over its own clauses (三、惩戒措施) is
    // context for them, not a provision: its children carry the provisions.
    let title_only = matches!(u.kind, UnitKind::Heading)
        && !u.children.is_empty()
        && {
            let mut s = each_sentence(&u.text);
            s.next().is_some() && s.next().is_none()
        }
        && u.text.trim_end_matches('。').chars().count() <= 16;
    own && !title_only && !u.cite.is_empty()
}

/// Find the provisions of every kind in a document's tree. `title` is the
/// document's title (or the 办法 it carries): context for the whole text.
///
/// The lexicon proposes ([`lexicon_detect`]) and the clause model
/// ([`crate::model`]) decides, with the lexicon's verdicts among its
/// features. A measure on listed subjects is linked to the clause that sets
/// up the list, as the lexicon linked it.
pub fn detect(units: &[Unit], title: &str) -> Vec<Provision> {
    let found = lexicon_detect(units, title);
    let mut out = crate::model::decide(crate::model::model(), units, title, &found);
    let list = out
        .iter()
        .find(|p| p.kind == "blacklist")
        .map(|p| p.cite.clone());
    for p in out.iter_mut().filter(|p| p.kind == "discipline") {
        let on_list = found
            .iter()
            .any(|f| f.kind == "discipline" && f.cite == p.cite && f.list.is_some());
        if on_list {
            p.list = match &list {
                Some(l) if *l != p.cite => Some(l.clone()),
                Some(_) => None,
                None => found
                    .iter()
                    .find(|f| f.kind == "discipline" && f.cite == p.cite)
                    .and_then(|f| f.list.clone()),
            };
        }
    }
    if *DEBUG {
        for p in &out {
            eprintln!(
                "[detect] {title} {} {}: {} ({})",
                p.cite,
                p.kind,
                p.quote,
                p.why.join("，")
            );
        }
    }
    out
}

/// The lexicon's provisions alone: what its rules find, before the model.
pub fn lexicon_detect(units: &[Unit], title: &str) -> Vec<Provision> {
    let lex = lexicon();
    let mut st = State::default();
    let mut ctx = Context { pieces: Vec::new() };
    ctx.push(lex, title);
    for u in units {
        visit(lex, u, &mut ctx, &mut st);
    }
    // Link measures on listed subjects to the first clause that sets up a
    // list (not one that only mentions it).
    let list = st
        .out
        .iter()
        .zip(&st.mention_only)
        .find(|(p, m)| p.kind == "blacklist" && !**m)
        .map(|(p, _)| p.cite.clone());
    if let Some(list) = list {
        for (p, on_list) in st.out.iter_mut().zip(&st.on_listed) {
            if *on_list && p.cite != list {
                p.list = Some(list.clone());
            }
        }
    }
    st.out
}

/// Provisions found so far, with two flags each.
#[derive(Default)]
struct State {
    out: Vec<Provision>,
    /// A blacklist provision found only through a mention of the list.
    mention_only: Vec<bool>,
    /// A discipline provision on subjects of a list (in its sentence or intro).
    on_listed: Vec<bool>,
    /// The gate's answer for the sentence at hand, its buffer kept for the
    /// whole document.
    cand: Candidates,
}

/// The context of a clause: the title, the headings above and the intro of
/// the clause, as a stack of pieces. An item such as （一）限制参加政府采购
/// takes its credit context from 对列入失信名单的，采取下列措施： above it.
/// Whether a piece holds a context word of a kind is asked once per piece
/// and kind, whatever the number of clauses below it (no word spans two
/// pieces: words hold no line break).
struct Context<'a> {
    /// Each piece with, per kind, whether it holds a context word (asked
    /// lazily; an array, not a vector: a piece is pushed for every unit).
    pieces: Vec<(&'a str, [Option<bool>; KINDS.len()])>,
}

impl<'a> Context<'a> {
    fn push(&mut self, lex: &Lexicon, text: &'a str) {
        debug_assert_eq!(lex.kinds.len(), KINDS.len());
        self.pieces.push((text, [None; KINDS.len()]));
    }

    fn has_word(&mut self, k: &KindLexicon, ki: usize) -> bool {
        self.pieces.iter_mut().any(|(text, known)| {
            known.get_mut(ki).is_some_and(|known| {
                *known.get_or_insert_with(|| !text.is_empty() && k.has_context(text))
            })
        })
    }

    /// The pieces as one text (for patterns that may span lines).
    fn joined(&self) -> String {
        let mut out = String::new();
        for (i, (t, _)) in self.pieces.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(t);
        }
        out
    }
}

fn visit<'a>(lex: &Lexicon, u: &'a Unit, ctx: &mut Context<'a>, st: &mut State) {
    if reportable(u) {
        // Whether the context mentions listed subjects: looked up once per
        // unit, and only when a measure is found.
        let mut context_mentions: Option<bool> = None;
        let mut cand = std::mem::take(&mut st.cand);
        // An item's intro (the last piece of its context): asked by the
        // `item:` lines.
        let intro = match u.kind {
            UnitKind::Item | UnitKind::SubItem => ctx.pieces.last().map_or("", |p| p.0),
            _ => "",
        };
        for s in each_sentence(&u.text) {
            // Which patterns can match: those whose required literals occur
            // in the sentence (one pass for the literals). A sentence in which
            // no rule or mention can match carries nothing.
            lex.gate.candidates(s, &mut cand);
            let item_acts: [bool; KINDS.len()] = std::array::from_fn(|ki| {
                !intro.is_empty()
                    && lex.kinds.get(ki).is_some_and(|k| {
                        k.items
                            .iter()
                            .any(|(i, t)| t.is_match(s) && i.is_match(intro))
                    })
            });
            let any = lex.gate.any_of(&cand, &lex.asked) || item_acts.contains(&true);
            if !any {
                continue;
            }
            let s = lex.without_tail(s, &cand);
            if crate::normalize::trim(s).is_empty() || is_title_line(s) {
                continue;
            }
            let mut tokens = Tokens::new(s);
            let mut hits: Vec<Hit> = lex
                .kinds
                .iter()
                .enumerate()
                .map(|(ki, k)| {
                    let c = &cand[k.at..k.at + k.rules.len() + k.mentions.len() + k.nots.len()];
                    let may_mask = k.excludes_at.is_some_and(|i| cand[i]);
                    k.find(
                        lex,
                        s,
                        &mut || ctx.has_word(k, ki),
                        &mut tokens,
                        c,
                        may_mask,
                    )
                })
                .collect();
            for (h, item_act) in hits.iter_mut().zip(item_acts) {
                if item_act && matches!(h, Hit::None | Hit::Mention(_)) {
                    *h = Hit::Act;
                }
            }
            // Most candidate sentences match nothing: the sentence-level
            // exclusions are asked only of those that do.
            if hits.iter().all(|h| *h == Hit::None) || lex.not_provision(s, &cand) {
                continue;
            }
            let mut mentions_list = || {
                hits.iter().any(|h| matches!(h, Hit::Mention(_)))
                    || *context_mentions.get_or_insert_with(|| lex.mentions_in(&ctx.joined()))
            };
            for (k, hit) in lex.kinds.iter().zip(&hits) {
                let counts = match hit {
                    Hit::None => false,
                    Hit::Act | Hit::Local => true,
                    Hit::Mention(i) => {
                        let needed = &k.mentions[*i].1;
                        lex.kinds.iter().zip(&hits).any(|(k2, h2)| {
                            k2.kind == needed && matches!(h2, Hit::Act | Hit::Local)
                        })
                    }
                };
                if !counts || st.out.iter().any(|p| p.kind == k.kind && p.cite == u.cite) {
                    continue;
                }
                st.mention_only.push(matches!(hit, Hit::Mention(_)));
                st.on_listed.push(k.kind == "discipline" && mentions_list());
                st.out.push(Provision {
                    kind: k.kind.to_string(),
                    cite: u.cite.clone(),
                    quote: quote(s),
                    list: None,
                    why: if *hit == Hit::Local {
                        vec![LOCAL_MARK.to_string()]
                    } else {
                        Vec::new()
                    },
                });
            }
        }
        st.cand = cand;
    }
    // Context for the children: this unit's own text, and for each child the
    // nearest preceding sibling that is not an item (the intro of a list of
    // items that the structure placed beside it).
    let own = match u.kind {
        UnitKind::Paragraph
        | UnitKind::Heading
        | UnitKind::Item
        | UnitKind::Article
        | UnitKind::Attachment
        | UnitKind::Chapter
        | UnitKind::Section => u.text.as_str(),
        _ => "",
    };
    ctx.push(lex, own);
    let mut intro = "";
    for c in &u.children {
        if matches!(c.kind, UnitKind::Item | UnitKind::SubItem) && !intro.is_empty() {
            ctx.push(lex, intro);
            visit(lex, c, ctx, st);
            ctx.pieces.pop();
        } else {
            visit(lex, c, ctx, st);
        }
        if !matches!(c.kind, UnitKind::Item | UnitKind::SubItem) {
            intro = c.text.as_str();
        }
    }
    ctx.pieces.pop();
}

/// The sentence, cut to a readable length.
pub(crate) fn quote(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        let mut q: String = s.chars().take(79).collect();
        q.push('…');
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::structure::parse;

    /// Every txt document of `corpus/docs`, in path order, as one text.
    fn corpus_docs_text() -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/docs");
        let mut text = String::new();
        for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let e = e.expect("corpus/docs");
            if e.path().extension().is_some_and(|x| x == "txt") {
                text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
        text
    }

    fn found_in(title: &str, text: &str) -> Vec<(String, String)> {
        let units = parse(&normalize(&[text.to_string()]));
        detect(&units, title)
            .into_iter()
            .map(|p| (p.kind, p.cite))
            .collect()
    }

    fn found(text: &str) -> Vec<(String, String)> {
        found_in("", text)
    }

    fn has(f: &[(String, String)], kind: &str, cite: &str) -> bool {
        f.contains(&(kind.to_string(), cite.to_string()))
    }

    /// What the lexicon alone finds (kind, cite), before the model decides.
    fn lexicon_found(text: &str) -> Vec<(String, String)> {
        let units = parse(&normalize(&[text.to_string()]));
        lexicon_detect(&units, "")
            .into_iter()
            .map(|p| (p.kind, p.cite))
            .collect()
    }

    /// Whether nothing of any kind was found at a cite.
    fn none_at(f: &[(String, String)], cite: &str) -> bool {
        !f.iter().any(|(_, c)| c == cite)
    }

    #[test]
    fn an_item_naming_a_credit_list_under_an_intro_that_restricts_applies_the_measure() {
        let text = "第一条 经营者有下列情形之一的，不得发行预付卡：\n（一）被列为失信被执行人的；\n（二）被列入经营异常名录的；\n（三）未按规定备案的。\n第二条 有下列情形之一的，不得进行建设：\n（一）损坏列入保护名录的建筑物；\n第三条 有下列情形之一的，列入严重失信主体名单：\n（一）被列入经营异常名录满三年的；\n";
        let f = lexicon_found(text);
        for c in ["第一条第（一）项", "第一条第（二）项"] {
            assert!(has(&f, "discipline", c), "{c}: {f:?}");
            assert!(has(&f, "blacklist", c), "{c}: {f:?}");
        }
        // No credit list named; a list that is not a credit list; an intro
        // that lists rather than restricts (a ground for listing).
        assert!(none_at(&f, "第一条第（三）项"), "{f:?}");
        assert!(none_at(&f, "第二条第（一）项"), "{f:?}");
        assert!(!has(&f, "discipline", "第三条第（一）项"), "{f:?}");
        // And the model keeps what the lexicon found.
        let d = found(text);
        assert!(has(&d, "discipline", "第一条第（一）项"), "{d:?}");
    }

    #[test]
    fn good_credit_required_as_a_condition_is_a_measure_but_a_reward_is_not() {
        let text = "第一条 设立调解组织应当具备以下条件：\n（一）负责人具有专业知识，诚信记录良好；\n（二）有固定住所。\n第二条 举办民办学校的社会组织或者个人应当有良好的信用状况。\n第三条 对信用状况良好的企业，可以给予优先办理等便利。\n";
        let f = lexicon_found(text);
        assert!(has(&f, "discipline", "第一条第（一）项"), "{f:?}");
        assert!(has(&f, "discipline", "第二条"), "{f:?}");
        assert!(none_at(&f, "第一条第（二）项"), "{f:?}");
        assert!(!has(&f, "discipline", "第三条"), "{f:?}");
    }

    /// The constructs of labeling.md the lexicon named only in some of their
    /// words: the other credit lists (经营异常名录, 重点监管对象名单), credit
    /// used as a factor in a decision, a discipline mechanism in other words
    /// (信用奖惩机制), credit grades and evaluations in other words (诚信评价,
    /// 信用等次, 质量信誉考评), and the credit file under other names (信誉档案,
    /// 信用信息档案, 纳入社会信用体系). Each is found; their look-alikes are not.
    #[test]
    fn the_constructs_labeling_names_in_other_words_are_found() {
        let text = "第一条 登记机关将未按照规定履行年度报告义务的个体工商户载入经营异常名录。\n\
第二条 主管部门应当将其列入重点监管对象名单。\n\
第三条 房产管理机构可以根据房地产开发企业信用状况，按照有关规定降低预售监管资金留存比例。\n\
第四条 有关部门应当将慈善组织信用状况作为财政扶持、政府购买服务的参考依据。\n\
第五条 市环保部门应当建立环境信用奖惩机制。\n\
第六条 司法行政部门应当建立司法鉴定人诚信评价制度。\n\
第七条 在公共资源交易中，给予降低信用等次等措施。\n\
第八条 交通运输主管部门应当建立机动车维修质量信誉考评制度。\n\
第九条 基金管理机构应当建立项目负责人的信誉档案。\n\
第十条 主管部门应当建立房地产开发企业信用信息档案。\n\
第十一条 有关部门应当将单位遵守山体保护法规的情况纳入社会信用体系。\n\
第十二条 县级以上人民政府应当将社会信用体系建设纳入国民经济和社会发展规划。\n\
第十三条 公民可以查阅企业年度报告和经营异常名录等公示信息。\n\
第十四条 公司应当建立质量管理制度和奖惩机制。\n\
第十五条 邮政管理部门应当对快递企业建立诚信经营考核制度。\n";
        let f = lexicon_found(text);
        for (kind, cite) in [
            ("blacklist", "第一条"),
            ("blacklist", "第二条"),
            ("discipline", "第三条"),
            ("discipline", "第四条"),
            ("discipline", "第五条"),
            ("score", "第六条"),
            ("score", "第七条"),
            ("score", "第八条"),
            ("share", "第九条"),
            ("share", "第十条"),
            ("share", "第十一条"),
            ("score", "第十五条"),
        ] {
            assert!(has(&f, kind, cite), "{kind} {cite}: {f:?}");
        }
        // A plan, a mere mention of the list, a mechanism without credit.
        for cite in ["第十二条", "第十三条", "第十四条"] {
            assert!(none_at(&f, cite), "{cite}: {f:?}");
        }
    }

    #[test]
    fn the_procedure_around_a_measure_is_not_the_measure() {
        let text = "第一条 公共管理机构对信用主体实施失信惩戒措施的，应当书面告知其实施失信惩戒措施的依据、事由和救济途径。\n\
第二条 对信用主体实施失信惩戒措施，应当遵循合法、关联、比例原则。\n\
第三条 信用修复的具体办法由市人民政府另行制定。\n\
第四条 对列入严重失信主体名单的企业，依法实施联合惩戒。具体办法由市人民政府另行制定。\n";
        let f = lexicon_found(text);
        for cite in ["第一条", "第二条", "第三条"] {
            assert!(none_at(&f, cite), "{cite}: {f:?}");
        }
        // A measure keeps its kind beside a delegation in the same clause.
        assert!(has(&f, "discipline", "第四条"), "{f:?}");
    }

    #[test]
    fn the_floors_trigger_terms_are_the_plain_terms_of_the_lexicon() {
        let terms = plain_terms();
        for t in ["黑名单", "信用修复", "联合惩戒", "信用积分"] {
            assert!(terms.iter().any(|x| x == t), "{t}");
        }
        // Every compiled term rule is among them, and no pattern line is.
        for k in &lexicon().kinds {
            for r in k.rules.iter().filter(|r| r.term) {
                assert!(terms.contains(&r.line), "{}", r.line);
            }
        }
        assert!(terms.iter().all(|t| !t.contains(['[', '(', ':', '\\'])));
    }

    #[test]
    fn every_rule_and_mention_of_the_embedded_lexicon_is_gated() {
        // Every pattern has required literals: sentences without any are
        // skipped in one pass. A pattern that breaks this makes scans slower.
        let l = Lexicon::load_embedded().expect("embedded lexicon");
        let mut cand = Candidates::default();
        l.gate.candidates("本办法自2021年1月1日起施行。", &mut cand);
        for k in &l.kinds {
            let pats = k
                .rules
                .iter()
                .map(|r| &r.re)
                .chain(k.mentions.iter().map(|(r, _)| r));
            for (re, c) in pats.zip(&cand[k.at..]) {
                assert!(!*c, "{}: {} has no required literal", k.kind, re.as_str());
            }
        }
    }

    /// The gate's promise on the real lexicon: on every sentence of the
    /// shipped corpus, a pattern it rules out does not match.
    #[test]
    fn the_gate_never_rules_out_a_pattern_that_matches() {
        let l = Lexicon::load_embedded().expect("embedded lexicon");
        let mut res: Vec<&Regex> = Vec::new();
        for k in &l.kinds {
            res.extend(k.rules.iter().map(|r| &*r.re));
            res.extend(k.mentions.iter().map(|(r, _)| &**r));
            res.extend(k.nots.iter().map(|r| &**r));
        }
        res.extend(l.not_provision.iter().map(|r| &**r));
        res.extend(l.tails.iter().map(|r| &**r));
        let excludes: Vec<Regex> = l
            .kinds
            .iter()
            .filter(|k| k.excludes_at.is_some())
            .map(|k| Regex::new(&k.excludes_pattern).unwrap())
            .collect();
        assert_eq!(excludes.len(), l.kinds.len());
        res.extend(excludes.iter());
        assert_eq!(res.len(), l.gate.len());
        let text = corpus_docs_text();
        let (mut matched, mut skipped) = (0, 0);
        let mut cand = Candidates::default();
        for s in sentences(&text) {
            l.gate.candidates(s, &mut cand);
            for (i, re) in res.iter().enumerate() {
                if re.is_match(s) {
                    matched += 1;
                    assert!(cand[i], "gate ruled out {} on {s}", re.as_str());
                } else if !cand[i] {
                    skipped += 1;
                }
            }
        }
        assert!(matched > 500, "{matched}");
        assert!(skipped > 10 * matched, "{skipped} of {matched}");
    }

    /// Every pattern of the lexicon: rules, mentions, `not:`,
    /// `not-clause:` and `item:` lines, sentence exclusions and tails.
    fn every_pattern(l: &Lexicon) -> Vec<&Pattern> {
        let mut all: Vec<&Pattern> = Vec::new();
        for k in &l.kinds {
            all.extend(k.rules.iter().map(|r| &r.re));
            all.extend(k.mentions.iter().map(|(p, _)| p));
            all.extend(k.nots.iter().chain(&k.not_clauses));
            all.extend(k.items.iter().flat_map(|(i, t)| [i, t]));
        }
        all.extend(l.not_provision.iter().chain(&l.tails));
        all
    }

    /// Every pattern of the lexicon that the sequence matcher takes (all
    /// but those with a repeated sequence) answers `is_match` and
    /// `find_iter` as its regex does: on every sentence and every comma
    /// clause of the shipped corpus, and on texts made of the pattern's own
    /// words with gaps of every length around its bounds.
    #[test]
    fn patterns_answer_as_their_regexes_on_the_corpus() {
        let l = Lexicon::load_embedded().expect("embedded lexicon");
        let pats = every_pattern(&l);
        let taken = pats
            .iter()
            .filter(|p| SeqMatcher::new(p.as_str()).is_some())
            .count();
        assert!(10 * taken >= 9 * pats.len(), "{taken} of {}", pats.len());
        let text = corpus_docs_text();
        let mut texts: Vec<&str> = sentences(&text);
        texts.extend(text.split(['，', '。', '；', '\n']));
        let mut matched = 0;
        for p in &pats {
            for t in &texts {
                let want = Regex::is_match(p, t);
                matched += usize::from(want);
                assert_eq!(p.is_match(t), want, "{} on {t}", p.as_str());
                let spans: Vec<(usize, usize)> =
                    p.find_iter(t).map(|m| (m.start(), m.end())).collect();
                assert_eq!(p.spans(t), spans, "{} on {t}", p.as_str());
            }
        }
        assert!(matched > 1000, "{matched}");
        // The pattern's own words, with fillers of 0 to 45 characters
        // between them (past every gap's bound; none before the first word
        // a quarter of the time, for anchored patterns), from a fixed seed.
        // The fillers hold the marks and digits the class gaps test.
        let mut rand = crate::test_random();
        let filler = "，。；、（）()”」 \n1２的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世";
        let fill: Vec<char> = filler.chars().collect();
        let mut seeded_matches = 0;
        for p in &pats {
            let Some(m) = SeqMatcher::new(p.as_str()) else {
                continue;
            };
            let words = m.words();
            for _ in 0..200 {
                let mut t = String::new();
                for k in 0..1 + rand(5) {
                    let n = if k == 0 && rand(4) == 0 { 0 } else { rand(46) };
                    for _ in 0..n {
                        t.push(fill[rand(fill.len())]);
                    }
                    t.push_str(&words[rand(words.len())]);
                }
                let want = Regex::is_match(p, &t);
                seeded_matches += usize::from(want);
                assert_eq!(p.is_match(&t), want, "{} on {t}", p.as_str());
                let spans: Vec<(usize, usize)> =
                    p.find_iter(&t).map(|m| (m.start(), m.end())).collect();
                assert_eq!(p.spans(&t), spans, "{} on {t}", p.as_str());
            }
        }
        assert!(seeded_matches > 5000, "{seeded_matches}");
    }

    /// The gate leaves out the groups of literals that other groups imply
    /// (`gate::drop_implied`): on every sentence of `corpus/docs` it gives
    /// the answers of a gate that keeps every group, and those of the
    /// gate's definition (every group has a literal in the sentence).
    #[test]
    fn the_gate_answers_as_one_that_keeps_every_group() {
        let l = Lexicon::load_embedded().expect("embedded lexicon");
        let patterns = gate_patterns(&l.kinds, &l.not_provision, &l.tails);
        let every =
            crate::gate::Gate::build(patterns.iter().copied(), |p| !l.asked.contains(p), false);
        assert_eq!(every.len(), l.gate.len());
        let text = corpus_docs_text();
        let (mut a, mut b) = (Candidates::default(), Candidates::default());
        let mut candidates = 0;
        for (i, s) in sentences(&text).into_iter().enumerate() {
            l.gate.candidates(s, &mut a);
            every.candidates(s, &mut b);
            assert_eq!(*a, *b, "{s}");
            // And as the gate is defined (slow: every tenth sentence).
            if i % 10 == 0 {
                let by_definition = crate::gate::by_definition(
                    patterns.iter().copied(),
                    |p| !l.asked.contains(p),
                    s,
                );
                assert_eq!(*a, by_definition, "{s}");
            }
            candidates += a.iter().filter(|c| **c).count();
        }
        assert!(candidates > 1000, "{candidates}");
    }

    /// Where the gate rules out every excluded phrase, a kind is asked
    /// with plain `is_match` where it can: the same hits as the full search
    /// on every sentence of `corpus/docs`, in and out of context.
    #[test]
    fn asking_without_masks_finds_what_the_full_search_finds() {
        let l = Lexicon::load_embedded().expect("embedded lexicon");
        let text = corpus_docs_text();
        let mut cand = Candidates::default();
        let (mut unmasked, mut hits) = (0, 0);
        for s in sentences(&text) {
            l.gate.candidates(s, &mut cand);
            for k in &l.kinds {
                let c = &cand[k.at..k.at + k.rules.len() + k.mentions.len() + k.nots.len()];
                let may_mask = k.excludes_at.is_some_and(|i| cand[i]);
                unmasked += usize::from(!may_mask);
                for context in [false, true] {
                    let full = k.find(&l, s, &mut || context, &mut Tokens::new(s), c, true);
                    let fast = k.find(&l, s, &mut || context, &mut Tokens::new(s), c, may_mask);
                    assert_eq!(full, fast, "{} on {s}", k.kind);
                    hits += usize::from(full == Hit::Act);
                }
            }
        }
        assert!(unmasked > 1000 && hits > 500, "{unmasked} {hits}");
    }

    /// The context's mention check through the gate against one set of all
    /// the mention patterns, on every line of `corpus/docs` and on every
    /// three lines joined as a context is joined.
    #[test]
    fn mentions_in_a_context_are_those_of_one_set_of_them_all() {
        let l = Lexicon::load_embedded().expect("embedded lexicon");
        let all = regex::RegexSet::new(
            l.kinds
                .iter()
                .flat_map(|k| k.mentions.iter().map(|(re, _)| re.as_str())),
        )
        .unwrap();
        let text = corpus_docs_text();
        let lines: Vec<&str> = text.lines().collect();
        let mut texts: Vec<String> = lines.iter().map(|t| t.to_string()).collect();
        texts.extend(lines.windows(3).map(|w| w.join("\n")));
        let mut found = 0;
        for t in &texts {
            let want = all.is_match(t);
            assert_eq!(l.mentions_in(t), want, "{t}");
            found += usize::from(want);
        }
        assert!(
            found > 100 && found < texts.len() / 2,
            "{found} of {}",
            texts.len()
        );
    }

    #[test]
    fn sentences_end_at_the_four_marks_and_nowhere_else() {
        // The plain definition, character by character.
        fn reference(text: &str) -> Vec<&str> {
            let mut out = Vec::new();
            let mut start = 0;
            for (i, c) in text.char_indices() {
                if matches!(c, '。' | '；' | '！' | '？') {
                    out.push(&text[start..i + c.len_utf8()]);
                    start = i + c.len_utf8();
                }
            }
            if start < text.len() {
                out.push(&text[start..]);
            }
            out
        }
        let mut text = String::from("甲，乙、（丙）「丁」：戊。己；庚！辛？壬…〔2021〕ｘ１？");
        text.push_str(&corpus_docs_text());
        assert!(text.len() > 50_000);
        assert_eq!(sentences(&text), reference(&text));
        assert_eq!(sentences("无标点"), vec!["无标点"]);
        assert!(sentences("").is_empty());
    }

    #[test]
    fn the_segmenter_cuts_as_jieba_with_the_whole_dictionary() {
        let l = lexicon();
        let full = l.jieba();
        let whole = |s: &str, hmm: bool| segment::cut_spans(full, s, hmm);
        let text = corpus_docs_text();
        // Out-of-vocabulary text too: each line's characters shuffled (a
        // fixed permutation), where the HMM decides most cuts.
        let mut seed = 20_241_129u64;
        let mut shuffled = String::new();
        for line in text.lines() {
            let mut cs: Vec<char> = line.chars().collect();
            for i in (1..cs.len()).rev() {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                cs.swap(i, (seed >> 33) as usize % (i + 1));
            }
            shuffled.extend(cs);
            shuffled.push('\n');
        }
        let mut seg = l.segmenter.clone();
        let mut n = 0;
        for s in sentences(&text).into_iter().chain(shuffled.lines()) {
            for hmm in [true, false] {
                assert_eq!(seg.cut(s, hmm), whole(s, hmm), "hmm {hmm}: {s}");
            }
            n += 1;
        }
        assert!(n > 1000, "{n}");
        // The domain words of dict.txt are in both, with the same total.
        assert!(l.dict.len() > 20);
        let debug = format!("{full:?}");
        assert!(
            debug.contains(&format!("total_freq: {} ", seg.total())),
            "{debug}"
        );
        // Through the lexicon: a thread's segmenter, and the whole
        // dictionary for a text with the character that carries the rest.
        for s in [
            "申请信用修复应当提交信用修复申请书。",
            "信用\u{10FFFD}\u{10FFFD}修复",
        ] {
            assert_eq!(l.cut(s, true), whole(s, true), "{s}");
        }
        // Past SEGMENTER_TEXTS texts a thread cuts with the whole dictionary:
        // the same cuts before and after.
        let texts: Vec<String> = sentences(&text)
            .iter()
            .flat_map(|s| s.char_indices().map(move |(i, _)| s[i..].to_string()))
            .filter(|s| s.chars().count() > 2)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .take(SEGMENTER_TEXTS + 200)
            .collect();
        assert_eq!(texts.len(), SEGMENTER_TEXTS + 200);
        std::thread::scope(|sc| {
            sc.spawn(|| {
                for s in &texts {
                    assert_eq!(l.cut(s, true), whole(s, true), "{s}");
                }
            });
        });
    }

    #[test]
    fn a_stretch_cut_again_is_answered_from_the_threads_cuts() {
        let l = lexicon();
        let kept = |hmm: bool| {
            SEGMENTER.with(|c| {
                c.borrow()
                    .as_ref()
                    .map_or(0, |t| t.cuts[usize::from(hmm)].len())
            })
        };
        // A thread of its own: its cuts start empty.
        std::thread::scope(|sc| {
            sc.spawn(|| {
                let s = "申请信用修复应当提交信用修复申请书";
                let first = l.cut(s, true);
                assert_eq!(first, segment::cut_spans(l.jieba(), s, true));
                assert_eq!(kept(true), 1);
                assert_eq!(l.cut(s, true), first);
                assert_eq!(kept(true), 1);
                // Without the HMM: an entry of its own.
                assert_eq!(l.cut(s, false), segment::cut_spans(l.jieba(), s, false));
                assert_eq!((kept(true), kept(false)), (1, 1));
                // A whole text is cut, not kept.
                let long = s.repeat(12);
                assert!(long.len() > CUT_CACHE_BYTES);
                assert_eq!(
                    l.cut(&long, true),
                    segment::cut_spans(l.jieba(), &long, true)
                );
                assert_eq!(kept(true), 1);
            });
        });
    }

    #[test]
    fn cutting_around_a_term_gives_the_boundaries_of_the_whole_sentence() {
        let l = lexicon();
        let terms = plain_terms();
        let ac = aho_corasick::AhoCorasick::new(&terms).expect("terms");
        let text = corpus_docs_text();
        let (mut checked, mut on, mut off) = (0, 0, 0);
        for s in sentences(&text) {
            let mut whole: Vec<usize> = l
                .jieba()
                .cut(s, true)
                .iter()
                .map(|t| t.byte_start)
                .collect();
            whole.push(s.len());
            let mut t = Tokens::new(s);
            for m in ac.find_overlapping_iter(s) {
                let want = whole.binary_search(&m.start()).is_ok()
                    && whole.binary_search(&m.end()).is_ok();
                assert_eq!(
                    t.on_boundaries(l, m.start(), m.end()),
                    want,
                    "{} in {s}",
                    &s[m.start()..m.end()]
                );
                checked += 1;
                if want {
                    on += 1;
                } else {
                    off += 1;
                }
            }
        }
        assert!(
            checked > 300 && on > 100 && off > 50,
            "{checked} {on} {off}"
        );
    }

    #[test]
    fn embedded_lexicon_loads() {
        let l = Lexicon::load_embedded().expect("embedded lexicon");
        assert_eq!(l.kinds.len(), 5);
        assert!(l.kinds.iter().all(|k| !k.rules.is_empty()));
    }

    /// The built-in patterns are compiled only when asked: none at load,
    /// and every one compiles (what `Pattern` relies on).
    #[test]
    fn every_built_in_pattern_compiles_when_asked() {
        let l = Lexicon::load_embedded().expect("embedded lexicon");
        let all = every_pattern(&l);
        assert!(all.len() > 100, "{}", all.len());
        assert!(all.iter().all(|p| p.re.get().is_none()));
        for p in &all {
            assert!(build(p.as_str()).is_ok(), "{}", p.as_str());
        }
        // Asked for a match, a pattern is compiled once and kept.
        let first = all[0];
        let _ = first.find("对失信被执行人实施联合惩戒。");
        assert!(first.re.get().is_some());
        // Asked only whether it matches, a pattern of words and gaps is
        // answered without its regex.
        let seq = all
            .iter()
            .find(|p| p.re.get().is_none() && SeqMatcher::new(p.as_str()).is_some())
            .expect("a pattern the sequence matcher takes");
        let _ = seq.is_match("对失信被执行人实施联合惩戒。");
        assert!(seq.re.get().is_none() && seq.seq.get().is_some());
        // One that would not compile matches nothing rather than stopping
        // a scan.
        let broken = Pattern {
            source: "(未闭合".into(),
            re: OnceLock::new(),
            seq: OnceLock::new(),
        };
        assert!(!broken.is_match("(未闭合") && !broken.is_match(""));
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let bad = |name: &'static str, text: &'static str| {
            Lexicon::from_sources(&move |n: &str| {
                let mut v: Vec<lexicon::Source> = lexicon::sources(n).into_iter().take(1).collect();
                if n == name {
                    v.push(lexicon::Source {
                        file: format!("local/{name}"),
                        text: text.to_string(),
                        builtin: false,
                    });
                }
                v
            })
            .err()
            .expect("error")
        };
        let e = bad("discipline.txt", "# local\n限制入学\nre:(未闭合\n");
        assert_eq!(
            (e.file.as_str(), e.line),
            ("local/discipline.txt", 3),
            "{e}"
        );
        let e = bad("exclude.txt", "\n\n错误的一行\n");
        assert_eq!(e.line, 3, "{e}");
        let e = bad("dict.txt", "信用修复 很多\n");
        assert!(e.to_string().contains("第 1 行"), "{e}");
        let e = bad("blacklist.txt", "mention@nothing:名单\n");
        assert!(e.message.contains("nothing"), "{e}");
    }

    #[test]
    fn local_lines_add_and_remove_terms() {
        let l = Lexicon::from_sources(&|n: &str| {
            let mut v: Vec<lexicon::Source> = lexicon::sources(n).into_iter().take(1).collect();
            if n == "discipline.txt" {
                v.push(lexicon::Source {
                    file: "local/discipline.txt".into(),
                    text: "禁止办理居住证\n-联合惩戒\n".into(),
                    builtin: false,
                });
            }
            v
        })
        .expect("valid");
        let k = l
            .kinds
            .iter()
            .find(|k| k.kind == "discipline")
            .expect("kind");
        let mut t = Tokens::new("对其禁止办理居住证。");
        let all = vec![true; k.rules.len() + k.mentions.len()];
        // Found by the local line: marked as the unit's own find.
        assert_eq!(
            k.find(&l, t.sentence, &mut || false, &mut t, &all, true),
            Hit::Local
        );
        let mut t = Tokens::new("对其实施失信惩戒。");
        assert_eq!(
            k.find(&l, t.sentence, &mut || false, &mut t, &all, true),
            Hit::Act
        );
        assert!(!k.rules.iter().any(|r| r.re.as_str() == "联合惩戒"));
    }

    #[test]
    fn finds_kinds_at_the_finest_unit() {
        let f = found("第一条 为了规范管理，制定本办法。\n第二条 有下列情形之一的，列入黑名单：\n（一）伪造证件的；\n（二）拒不整改的。\n对列入黑名单的，实施联合惩戒。\n第三条 失信主体可以申请信用修复。");
        assert!(has(&f, "blacklist", "第二条第一款"), "{f:?}");
        assert!(has(&f, "discipline", "第二条第二款"), "{f:?}");
        assert!(has(&f, "repair", "第三条"), "{f:?}");
    }

    #[test]
    fn items_take_their_context_from_the_intro() {
        let f = found("第一条 总则。\n第二条 对列入失信名单的供应商，采取下列措施：\n（一）限制参加政府采购活动；\n（二）取消评优评先资格。\n第三条 限制参加会议的人数。");
        assert!(has(&f, "discipline", "第二条第（一）项"), "{f:?}");
        assert!(has(&f, "discipline", "第二条第（二）项"), "{f:?}");
        assert!(!f.iter().any(|(_, c)| c == "第三条"), "{f:?}");
    }

    #[test]
    fn headings_give_context_and_title_only_headings_are_not_reported() {
        let f = found("一、工作目标\n规范管理。\n二、惩戒措施\n对列入严重失信主体名单的单位，采取以下措施：\n（一）暂停审批其新的建设项目；\n（二）取消其参加先进单位评选的资格。");
        assert!(has(&f, "discipline", "二、（一）"), "{f:?}");
        assert!(has(&f, "discipline", "二、（二）"), "{f:?}");
        // The intro is a provision (it applies the measures to listed
        // subjects); the heading 惩戒措施 above it is not.
        let units = parse(&normalize(&["一、工作目标\n规范管理。\n二、惩戒措施\n对列入严重失信主体名单的单位，采取以下措施：\n（一）暂停审批其新的建设项目。".to_string()]));
        let p = detect(&units, "");
        assert!(p.iter().all(|p| !p.quote.starts_with("惩戒措施")), "{p:?}");
        assert!(
            p.iter()
                .any(|p| p.kind == "blacklist" && p.quote.starts_with("对列入")),
            "{p:?}"
        );
    }

    #[test]
    fn mentions_of_a_list_count_only_with_a_measure() {
        let f = found("第一条 有下列情形之一的，列入黑名单：\n（一）伪造证件的。\n第二条 列入黑名单的企业名称在门户网站公示。\n第三条 对列入黑名单的企业，限制参加政府采购活动。\n第四条 被列入黑名单满一年的，可以申请移出黑名单。");
        assert!(has(&f, "blacklist", "第一条"), "{f:?}");
        assert!(!has(&f, "blacklist", "第二条"), "{f:?}");
        assert!(has(&f, "share", "第二条"), "{f:?}");
        assert!(has(&f, "blacklist", "第三条"), "{f:?}");
        assert!(has(&f, "discipline", "第三条"), "{f:?}");
        assert!(!has(&f, "blacklist", "第四条"), "{f:?}");
        assert!(has(&f, "repair", "第四条"), "{f:?}");
    }

    #[test]
    fn measures_are_linked_to_the_list_clause() {
        let units = parse(&normalize(&["第一条 有下列情形之一的，列入黑名单：\n（一）伪造证件的。\n第二条 对列入黑名单的企业，采取下列措施：\n（一）限制参加政府采购活动；\n（二）取消评优资格。\n第三条 对违法企业提高检查频次。".to_string()]));
        let p = detect(&units, "");
        let item = p
            .iter()
            .find(|p| p.kind == "discipline" && p.cite == "第二条第（一）项")
            .expect("measure found");
        assert!(
            item.list
                .as_deref()
                .is_some_and(|c| c.starts_with("第一条")),
            "{p:?}"
        );
    }

    #[test]
    fn a_term_inside_a_longer_token_does_not_count() {
        // 信用修复申请书 is paperwork: the dictionary keeps it one token.
        let f = found(
            "第一条 申请人应当提交下列材料：\n（一）信用修复申请书；\n（二）营业执照复印件。",
        );
        assert!(!f.iter().any(|(k, _)| k == "repair"), "{f:?}");
        let f = found("第一条 失信主体可以申请信用修复。\n第二条 本办法自发布之日起施行。");
        assert!(has(&f, "repair", "第一条"), "{f:?}");
        // 信用分 inside 信用分类 is not a credit score.
        let f = found("第一条 推行信用分类监管。");
        assert!(!f.iter().any(|(k, _)| k == "score"), "{f:?}");
    }

    #[test]
    fn the_title_is_context_for_the_whole_document() {
        let text =
            "第一条 积分在120分以上的家庭，优先推荐评优。\n第二条 积分低于60分的，每次扣减5分。";
        let f = found_in("某社区诚信积分管理办法", text);
        assert!(has(&f, "score", "第二条"), "{f:?}");
        let f = found_in("某区积分落户管理办法", text);
        assert!(!f.iter().any(|(k, _)| k == "score"), "{f:?}");
    }

    #[test]
    fn confusables_prohibitions_and_purpose_are_not_provisions() {
        let f = found("第一条 为加快社会信用体系建设，根据有关规定，制定本办法。\n第二条 开展生态修复和道路修复工程。\n第三条 不得以信用分低为由拒绝办理公共服务。\n第四条 支持农村信用社发放信用贷款。\n第五条 本办法适用于信用信息的归集、公开和信用修复等活动。\n第六条 不得对已修复的信息继续实施失信惩戒。");
        assert!(f.is_empty(), "{f:?}");
    }
}
