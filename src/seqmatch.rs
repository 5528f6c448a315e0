//! Whether a lexicon pattern of the common shape matches a sentence,
//! answered without a regex automaton.
//!
//! Most of the lexicon's patterns are alternations of words joined by
//! bounded gaps of any characters: `(推送|归集|…)(至|到|给)?(?s:.){0,16}?
//! (信用|失信|违法)信息`. As lazy DFAs, the gaps multiply their states: the
//! lexicon's automata grow to 5 MB per worker, against a core's 1 MB of L2
//! cache, and a search of a 113-byte sentence took about a microsecond,
//! nearly all of it cache misses (BENCHMARKS.md note 71). Whether such a
//! pattern matches needs no automaton: find where its first words occur,
//! step over the gap's characters, look for the next words there, and so
//! on. The tables that takes are the words themselves.
//!
//! [`SeqMatcher::new`] accepts a pattern only if it is a sequence of
//! items, each a set of words (a literal, an alternation of literals, a
//! small character class; optional or not) or a gap (a repetition of any
//! character, at most 64), the first a set of words that is not optional.
//! Anything else (anchors, other classes, unbounded repetitions, gaps
//! inside an alternation) is left to the regex. It answers whether the
//! pattern matches somewhere ([`SeqMatcher::is_match`]) and where, as the
//! regex's leftmost-first `find_iter` ([`SeqMatcher::find_iter`]); the
//! tests hold both to the regex on the lexicon's patterns.

use memchr::memmem;
use regex_syntax::hir::{Class, Hir, HirKind};

/// One item of a sequence.
#[derive(Debug)]
enum Item {
    /// One of these words (in the order written), or nothing when
    /// optional.
    Words {
        words: Vec<memmem::Finder<'static>>,
        optional: bool,
        /// An optional item: whether a word is preferred to nothing (a
        /// greedy `?`, or nothing as the last alternative).
        greedy: bool,
    },
    /// Between `min` and `max` characters, any; `greedy`: more preferred
    /// to fewer.
    Gap { min: u32, max: u32, greedy: bool },
}

/// A pattern of the accepted shape ([module doc](self)).
#[derive(Debug)]
pub struct SeqMatcher {
    items: Vec<Item>,
    /// Whether [`SeqMatcher::find_iter`] gives the regex's spans: false
    /// when an alternation prefers nothing to a word in some other place
    /// than last (`(|甲)`, `(甲||乙)`), an order this matcher does not keep.
    spans: bool,
}

/// Characters a class may hold to be taken as a set of words.
const MAX_CLASS_CHARS: u32 = 16;

/// The longest gap taken (characters): longer ones are left to the regex.
const MAX_GAP: u32 = 64;

/// Sentences longer than this (bytes) are left to the regex: the positions
/// reached are a bit set on the stack.
const MAX_TEXT: usize = 1023;

impl SeqMatcher {
    /// The matcher of `pattern` (regex syntax, as the lexicon's patterns
    /// are compiled), or None when its shape is not accepted.
    pub fn new(pattern: &str) -> Option<SeqMatcher> {
        let hir = regex_syntax::parse(pattern).ok()?;
        let mut parts = Vec::new();
        flatten(&hir, &mut parts);
        let mut items = Vec::new();
        let mut spans = true;
        for h in parts {
            let (it, ordered) = item(h)?;
            spans &= ordered;
            items.push(it);
        }
        match items.first() {
            Some(Item::Words {
                optional: false, ..
            }) => Some(SeqMatcher { items, spans }),
            _ => None,
        }
    }

    /// The matches in `text`, leftmost first and not overlapping, as
    /// `Regex::find_iter` gives them (start and end bytes), appended to
    /// `out`; None when this matcher cannot say (a text too long, an
    /// order of preference it does not keep): ask the regex.
    ///
    /// A match starts at an occurrence of a first word; from the leftmost
    /// start that has one, the match is the first found trying the
    /// alternatives in the regex's order of preference (words as written,
    /// a greedy gap or `?` longest first, a lazy one shortest first),
    /// which is the regex's leftmost-first match.
    pub fn find_iter(&self, text: &str, out: &mut Vec<(usize, usize)>) -> Option<()> {
        let b = text.as_bytes();
        if b.len() > MAX_TEXT || !self.spans {
            return None;
        }
        let Some(Item::Words { words, .. }) = self.items.first() else {
            return None;
        };
        let mut starts = Bits::new();
        for w in words {
            each_occurrence(w, b, |p| starts.set(p));
        }
        let mut from = 0;
        for s in starts.iter() {
            if s < from {
                continue;
            }
            if let Some(e) = self.end_of_match(b, 0, s) {
                out.push((s, e));
                from = e;
            }
        }
        Some(())
    }

    /// Where the preferred match of `items[i..]` from `p` ends, if any.
    fn end_of_match(&self, b: &[u8], i: usize, p: usize) -> Option<usize> {
        let Some(it) = self.items.get(i) else {
            return Some(p);
        };
        match it {
            Item::Words {
                words,
                optional,
                greedy,
            } => {
                if *optional && !*greedy {
                    if let Some(e) = self.end_of_match(b, i + 1, p) {
                        return Some(e);
                    }
                }
                for w in words {
                    let n = w.needle();
                    if b[p..].starts_with(n) {
                        if let Some(e) = self.end_of_match(b, i + 1, p + n.len()) {
                            return Some(e);
                        }
                    }
                }
                if *optional && *greedy {
                    return self.end_of_match(b, i + 1, p);
                }
                None
            }
            Item::Gap { min, max, greedy } => {
                let mut ends = [0usize; MAX_GAP as usize + 1];
                let mut n = 0;
                each_gap_end(b, p, *min, *max, |e| {
                    ends[n] = e;
                    n += 1;
                });
                let ends = &ends[..n];
                if *greedy {
                    ends.iter()
                        .rev()
                        .find_map(|&e| self.end_of_match(b, i + 1, e))
                } else {
                    ends.iter().find_map(|&e| self.end_of_match(b, i + 1, e))
                }
            }
        }
    }

    /// Whether the pattern matches somewhere in `text`; None for a text
    /// too long for the stack's bit set (ask the regex).
    pub fn is_match(&self, text: &str) -> Option<bool> {
        let b = text.as_bytes();
        if b.len() > MAX_TEXT {
            return None;
        }
        // Byte offsets (character boundaries, and the end) where the items
        // so far can end.
        let mut reach = Bits::new();
        let mut next = Bits::new();
        for (i, it) in self.items.iter().enumerate() {
            next.clear();
            match it {
                Item::Words {
                    words, optional, ..
                } => {
                    for w in words {
                        let n = w.needle().len();
                        each_occurrence(w, b, |p| {
                            if i == 0 || reach.get(p) {
                                next.set(p + n);
                            }
                        });
                    }
                    if *optional {
                        next.union(&reach);
                    }
                }
                Item::Gap { min, max, .. } => {
                    for e in reach.iter() {
                        each_gap_end(b, e, *min, *max, |at| next.set(at));
                    }
                }
            }
            if next.is_empty() {
                return Some(false);
            }
            std::mem::swap(&mut reach, &mut next);
        }
        Some(true)
    }
}

#[cfg(test)]
impl SeqMatcher {
    /// Every word of every item (for tests that build texts from them).
    pub(crate) fn words(&self) -> Vec<String> {
        self.items
            .iter()
            .flat_map(|it| match it {
                Item::Words { words, .. } => words
                    .iter()
                    .map(|w| String::from_utf8_lossy(w.needle()).into_owned())
                    .collect(),
                Item::Gap { .. } => Vec::new(),
            })
            .collect()
    }
}

/// Calls `f` with the start of every occurrence of `w` in `b`, overlapping
/// ones too (`Finder::find_iter` skips those), in order: in UTF-8 text each
/// starts on a character boundary, a word starting with a character's
/// first byte, so the next search starts at the next character.
fn each_occurrence(w: &memmem::Finder<'_>, b: &[u8], mut f: impl FnMut(usize)) {
    let mut from = 0;
    while let Some(q) = w.find(&b[from..]) {
        let p = from + q;
        f(p);
        from = p + utf8_len(b[p]);
    }
}

/// Calls `f` with each position `min` to `max` characters after the
/// boundary `p` (none past the end of `b`), nearest first.
fn each_gap_end(b: &[u8], p: usize, min: u32, max: u32, mut f: impl FnMut(usize)) {
    let mut at = p;
    for k in 0..=max {
        if k >= min {
            f(at);
        }
        if at >= b.len() {
            break;
        }
        at += utf8_len(b[at]);
    }
}

/// The length of the character whose first byte is `b0`.
#[inline]
fn utf8_len(b0: u8) -> usize {
    match b0 {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The items of a concatenation, captures removed.
fn flatten<'h>(h: &'h Hir, out: &mut Vec<&'h Hir>) {
    match h.kind() {
        HirKind::Concat(hs) => hs.iter().for_each(|h| flatten(h, out)),
        HirKind::Capture(c) => flatten(&c.sub, out),
        _ => out.push(h),
    }
}

/// The item `h` is, if it is one, and whether its order of preference is
/// kept (see [`SeqMatcher::spans`]).
fn item(h: &Hir) -> Option<(Item, bool)> {
    if let HirKind::Repetition(r) = h.kind() {
        let sub = unwrap_capture(&r.sub);
        if is_any_char(sub) {
            let max = r.max.filter(|m| *m <= MAX_GAP)?;
            let gap = Item::Gap {
                min: r.min,
                max,
                greedy: r.greedy,
            };
            return Some((gap, true));
        }
        if (r.min, r.max) == (0, Some(1)) {
            let words = words(sub)?;
            // An empty word inside an optional item: nothing would be
            // preferred twice; left to the regex.
            if words.iter().any(|w| w.is_empty()) {
                return None;
            }
            let it = Item::Words {
                words: finders(words),
                optional: true,
                greedy: r.greedy,
            };
            return Some((it, true));
        }
        return None;
    }
    if is_any_char(h) {
        let gap = Item::Gap {
            min: 1,
            max: 1,
            greedy: true,
        };
        return Some((gap, true));
    }
    let words = words(h)?;
    // An empty alternative makes the item optional; the order of
    // preference is kept when it is the last one.
    let empty = words.iter().position(|w| w.is_empty());
    let ordered = empty.map_or(true, |i| words[i + 1..].iter().all(|w| w.is_empty()));
    let it = Item::Words {
        words: finders(words.into_iter().filter(|w| !w.is_empty()).collect()),
        optional: empty.is_some(),
        greedy: true,
    };
    Some((it, ordered))
}

fn finders(words: Vec<Vec<u8>>) -> Vec<memmem::Finder<'static>> {
    words
        .iter()
        .map(|w| memmem::Finder::new(w).into_owned())
        .collect()
}

fn unwrap_capture(h: &Hir) -> &Hir {
    match h.kind() {
        HirKind::Capture(c) => unwrap_capture(&c.sub),
        _ => h,
    }
}

/// The words `h` stands for: a literal, a small class, or an alternation
/// of those (or of nothing).
fn words(h: &Hir) -> Option<Vec<Vec<u8>>> {
    match h.kind() {
        // Bytes that are not whole characters (`(?-u:\xFF)`) could occur
        // inside a character: left to the regex.
        HirKind::Literal(l) => std::str::from_utf8(&l.0).ok().map(|_| vec![l.0.to_vec()]),
        HirKind::Empty => Some(vec![Vec::new()]),
        HirKind::Class(Class::Unicode(c)) => {
            let n: u32 = c
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            if n > MAX_CLASS_CHARS {
                return None;
            }
            Some(
                c.ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .map(|ch| ch.to_string().into_bytes())
                    .collect(),
            )
        }
        HirKind::Capture(c) => words(&c.sub),
        HirKind::Alternation(hs) => {
            let mut out = Vec::new();
            for h in hs {
                out.extend(words(h)?);
            }
            Some(out)
        }
        _ => None,
    }
}

/// Whether `h` matches any one character (`(?s:.)`).
fn is_any_char(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let r = c.ranges();
            r.len() == 1 && r[0].start() == '\0' && r[0].end() == char::MAX
        }
        _ => false,
    }
}

/// A set of byte offsets up to [`MAX_TEXT`], on the stack.
struct Bits {
    words: [u64; (MAX_TEXT + 1) / 64],
    /// Words up to this one may be set.
    hi: usize,
}

impl Bits {
    fn new() -> Bits {
        Bits {
            words: [0; (MAX_TEXT + 1) / 64],
            hi: 0,
        }
    }

    fn clear(&mut self) {
        self.words[..self.hi].fill(0);
        self.hi = 0;
    }

    fn set(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
        self.hi = self.hi.max(i / 64 + 1);
    }

    fn get(&self, i: usize) -> bool {
        self.words[i / 64] & (1 << (i % 64)) != 0
    }

    fn union(&mut self, other: &Bits) {
        for (a, b) in self.words[..other.hi].iter_mut().zip(&other.words) {
            *a |= b;
        }
        self.hi = self.hi.max(other.hi);
    }

    fn is_empty(&self) -> bool {
        self.words[..self.hi].iter().all(|w| *w == 0)
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words[..self.hi]
            .iter()
            .enumerate()
            .flat_map(|(i, &w)| {
                let mut w = w;
                std::iter::from_fn(move || {
                    if w == 0 {
                        return None;
                    }
                    let t = w.trailing_zeros() as usize;
                    w &= w - 1;
                    Some(i * 64 + t)
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agree(pattern: &str, texts: &[&str]) {
        let m = SeqMatcher::new(pattern).unwrap_or_else(|| panic!("not accepted: {pattern}"));
        let re = regex::Regex::new(pattern).unwrap();
        for t in texts {
            assert_eq!(m.is_match(t), Some(re.is_match(t)), "{pattern} on {t:?}");
            let want: Vec<(usize, usize)> = re.find_iter(t).map(|m| (m.start(), m.end())).collect();
            let mut got = Vec::new();
            assert_eq!(m.find_iter(t, &mut got), Some(()), "{pattern}");
            assert_eq!(got, want, "{pattern} on {t:?}");
        }
    }

    #[test]
    fn shapes_accepted_and_refused() {
        for p in [
            "信用信息",
            "(推送|归集)(至|到|给)?(?s:.){0,16}?(信用|失信)信息",
            "(A|B|C|D)级(?s:.){0,12}?(企业|机构)",
            "予以(?s:.){0,4}?惩戒",
            "(列为|作为)(?s:.){0,12}?(重点)?(监管|检查)(的)?(对象|企业)",
            "(通报|抄送)(?s:.){2,10}(所在单位|主管部门)",
        ] {
            assert!(SeqMatcher::new(p).is_some(), "{p}");
        }
        for p in [
            "^(信用|诚信)评价",
            "的[；。，;,]?\\s*$",
            "(扣减|扣除)(?s:.){0,4}?\\d+分",
            "(列入|纳入)[^。；，]{0,20}?(黑名单|失信(?s:.){0,8}?名单)",
            "(?s:.){0,4}信用",
            "(重点)?监管",
            "(A|B)(、(A|B))*级",
            "信用+",
            "信用\\b",
            "(?-u:\\xE4)信用",
        ] {
            assert!(SeqMatcher::new(p).is_none(), "{p}");
        }
    }

    #[test]
    fn answers_as_the_regex_answers() {
        let texts = [
            "",
            "信用",
            "将相关信息推送至信用信息共享平台。",
            "推送信用信息",
            "推送到了一个很长很长很长很长很长很长很长很长的系统中的失信信息",
            "推送到十六个字以内的字字字字字字字字失信信息",
            "推送到十六个字以内的字字字字字字字字字失信信息",
            "归集至abc\n\t失信信息；",
            "列为监管对象",
            "列为重点监管的重点企业",
            "列为重点监管的重点的企业",
            "作为一般的重点检查对象企业",
            "通报所在单位",
            "通报其所在单位",
            "通报給其所在单位",
            "B级企业、A级机构",
            "评为A级以上的企业",
            "予以惩戒。予以联合惩戒。予以暂不惩戒",
            "予以有关部门实施惩戒",
            "AAA级企业",
            "信用信用信用信息",
            "aBc信用",
            "AAAA级AAA级A级",
            "信用信用信息信用的信息",
            "推送至至信用，归集到至信用至",
            "予以联合惩戒予以惩戒",
        ];
        for p in [
            "信用信息",
            "(推送|归集)(至|到|给)?(?s:.){0,16}?(信用|失信)信息",
            "(A|B|C|D)级(?s:.){0,12}?(企业|机构)",
            "予以(?s:.){0,4}?惩戒",
            "(列为|作为)(?s:.){0,12}?(重点)?(监管|检查)(的)?(重点)?(对象|企业)",
            "(通报|抄送)(?s:.){2,10}(所在单位|主管部门)",
            "(通报|抄送)(?s:.){1}(所在单位|主管部门)",
            "(AAA|AA|A)级企业",
            "用信用(?s:.){0,2}信息",
            "信用信",
            "(?i)abc信用",
            // Orders of preference: words as written, greedy and lazy
            // gaps and optional words, nothing as the last alternative.
            "(A|AA|AAA)级",
            "(AAA|AA|A)",
            "信用(?s:.){0,6}信息",
            "信用(?s:.){0,6}?信息",
            "(推送|归集)(至|到)??(?s:.){0,3}?(至|信用)",
            "(推送|归集)(至|到)?(?s:.){0,3}(至|信用)",
            "予以(联合|)惩戒",
            "信用(信|信用|)",
        ] {
            agree(p, &texts);
        }
    }

    #[test]
    fn an_order_of_preference_not_kept_is_left_to_the_regex() {
        let m = SeqMatcher::new("予以(|联合)惩戒").unwrap();
        assert_eq!(m.is_match("予以联合惩戒"), Some(true));
        assert_eq!(m.find_iter("予以联合惩戒", &mut Vec::new()), None);
        assert!(SeqMatcher::new("信用(?s:.){0,65}信息").is_none());
    }

    #[test]
    fn a_text_too_long_is_left_to_the_regex() {
        let m = SeqMatcher::new("信用").unwrap();
        let long = "信".repeat(MAX_TEXT);
        assert_eq!(m.is_match(&long), None);
        assert_eq!(m.is_match("信用"), Some(true));
    }
}
