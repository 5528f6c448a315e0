//! Whether a lexicon pattern matches a sentence, and where, answered
//! without a regex automaton.
//!
//! Most of the lexicon's patterns are alternations of words joined by
//! bounded gaps: `(推送|归集|…)(至|到|给)?(?s:.){0,16}?(信用|失信)信息`,
//! `(列入|纳入)[^。；，]{0,20}?(黑名单|失信(?s:.){0,8}?(名单|名录))`. As lazy
//! DFAs, the gaps multiply their states: the lexicon's automata grow to
//! 5 MB per worker, against a core's 1 MB of L2 cache, and a search of a
//! 113-byte sentence took about a microsecond, nearly all of it cache
//! misses (bench/HISTORY.md note 71). Such a pattern needs no automaton: find
//! where its first words occur, step over the gap's characters, look for
//! the next words there, and so on. The tables that takes are the words
//! themselves.
//!
//! [`SeqMatcher::new`] accepts a pattern that is a sequence of items:
//! - a set of words (a literal, an alternation of literals, a class of at
//!   most 16 characters), optional or not;
//! - a gap: a bounded or unbounded repetition of any character or of a
//!   class (`(?s:.){0,16}?`, `[^。；，]{0,20}`, `\d+`, `\s*`), or one
//!   character of a larger class;
//! - an alternation of such sequences, or an optional one (`(至\d+)?`);
//! - the start or the end of the text (`^`, `$`).
//!
//! Anything else (repetitions of a sequence, word boundaries, byte
//! classes) and patterns that can match the empty text are left to the
//! regex. It answers whether the pattern matches somewhere
//! ([`SeqMatcher::is_match`]) and where, as the regex's leftmost-first
//! `find_iter` ([`SeqMatcher::find_iter`]); the tests hold both to the
//! regex on the lexicon's patterns.

use memchr::memmem;
use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind, Look};

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
    /// Between `min` and `max` characters ([`UNBOUNDED`]: any number),
    /// each in `class` (None: any character); `greedy`: more preferred to
    /// fewer.
    Gap {
        min: u32,
        max: u32,
        greedy: bool,
        class: Option<Box<[(char, char)]>>,
    },
    /// One of these sequences, in the order of preference (an empty one
    /// matches nothing).
    Alt(Vec<Vec<Item>>),
    /// The start of the text (`^`).
    Start,
    /// The end of the text (`$`).
    End,
}

/// A pattern of the accepted shape ([module doc](self)).
#[derive(Debug)]
pub struct SeqMatcher {
    items: Vec<Item>,
    /// Where a match can start.
    starts: Starts,
}

/// Where a match of a pattern can start.
#[derive(Debug)]
enum Starts {
    /// At the start of the text only (the pattern starts with `^`).
    Anchored,
    /// Only where one of these words occurs: each match starts with one.
    Words(Vec<memmem::Finder<'static>>),
    /// At any character.
    Anywhere,
}

/// Characters a class may hold to be taken as a set of words; a larger
/// one is a gap of one character.
const MAX_CLASS_CHARS: u32 = 16;

/// A gap's `max` when the repetition has none.
const UNBOUNDED: u32 = u32::MAX;

/// Sentences longer than this (bytes) are left to the regex: the positions
/// reached are a bit set on the stack.
const MAX_TEXT: usize = 1023;

/// Positions the search for where a match ends may try, per text, before
/// it leaves the answer to the regex: nested long gaps make a backtracking
/// search slow (no built-in pattern comes near; a local one might).
const MAX_STEPS: u32 = 100_000;

impl SeqMatcher {
    /// The matcher of `pattern` (regex syntax, as the lexicon's patterns
    /// are compiled), or None when its shape is not accepted.
    pub fn new(pattern: &str) -> Option<SeqMatcher> {
        let hir = regex_syntax::parse(pattern).ok()?;
        // Empty matches follow rules of their own in `find_iter`; a
        // pattern that never matches has no minimum.
        if hir.properties().minimum_len().map_or(true, |n| n == 0) {
            return None;
        }
        let items = sequence(&hir)?;
        let starts = if matches!(items.first(), Some(Item::Start)) {
            Starts::Anchored
        } else {
            let mut words = Vec::new();
            match firsts(&items, &[], &mut words) {
                Some(()) => {
                    words.sort_by(|a, b| a.needle().cmp(b.needle()));
                    words.dedup_by(|a, b| a.needle() == b.needle());
                    Starts::Words(words)
                }
                None => Starts::Anywhere,
            }
        };
        Some(SeqMatcher { items, starts })
    }

    /// The matches in `text`, leftmost first and not overlapping, as
    /// `Regex::find_iter` gives them (start and end bytes), appended to
    /// `out`; None when this matcher cannot say (a text too long, a search
    /// too long): ask the regex.
    ///
    /// From the leftmost start that has a match, the match is the first
    /// found trying the alternatives in the regex's order of preference
    /// (words and alternatives as written, a greedy gap or `?` longest
    /// first, a lazy one shortest first), which is the regex's
    /// leftmost-first match.
    pub fn find_iter(&self, text: &str, out: &mut Vec<(usize, usize)>) -> Option<()> {
        let b = text.as_bytes();
        if b.len() > MAX_TEXT {
            return None;
        }
        let starts = match &self.starts {
            Starts::Anchored => Bits::one(0),
            Starts::Words(words) => {
                let mut s = Bits::new();
                for w in words {
                    each_occurrence(w, b, |p| s.set(p));
                }
                s
            }
            Starts::Anywhere => Bits::boundaries(b),
        };
        let had = out.len();
        let mut steps = MAX_STEPS;
        let mut from = 0;
        for s in starts.iter() {
            if s < from {
                continue;
            }
            if let Some(e) = end_of_match(text, &self.items, None, s, &mut steps) {
                out.push((s, e));
                from = e;
            }
        }
        if steps == 0 {
            out.truncate(had);
            return None;
        }
        Some(())
    }

    /// Whether the pattern matches somewhere in `text`; None for a text
    /// too long for the stack's bit set (ask the regex).
    pub fn is_match(&self, text: &str) -> Option<bool> {
        if text.len() > MAX_TEXT {
            return None;
        }
        let mut reach = Reach::new(true);
        run(&self.items, &mut reach, text.as_bytes(), text);
        Some(!reach.is_empty())
    }
}

#[cfg(test)]
impl SeqMatcher {
    /// Every word of every item (for tests that build texts from them).
    pub(crate) fn words(&self) -> Vec<String> {
        fn collect(items: &[Item], out: &mut Vec<String>) {
            for it in items {
                match it {
                    Item::Words { words, .. } => out.extend(
                        words
                            .iter()
                            .map(|w| String::from_utf8_lossy(w.needle()).into_owned()),
                    ),
                    Item::Alt(alts) => alts.iter().for_each(|a| collect(a, out)),
                    Item::Gap { .. } | Item::Start | Item::End => {}
                }
            }
        }
        let mut out = Vec::new();
        collect(&self.items, &mut out);
        out
    }
}

/// Byte offsets (character boundaries, and the end) where the items so far
/// can end; any (`anywhere`), before the first item of an unanchored
/// pattern.
#[derive(Clone)]
struct Reach {
    anywhere: bool,
    set: Bits,
}

impl Reach {
    fn new(anywhere: bool) -> Reach {
        Reach {
            anywhere,
            set: Bits::new(),
        }
    }

    fn has(&self, p: usize) -> bool {
        self.anywhere || self.set.get(p)
    }

    fn is_empty(&self) -> bool {
        !self.anywhere && self.set.is_empty()
    }

    fn union(&mut self, other: &Reach) {
        self.anywhere |= other.anywhere;
        self.set.union(&other.set);
    }
}

/// Where `items` can end, started from `reach` (replaced by the answer).
/// Two sets are used in turn, in place: moving them was a tenth of the
/// time this module took.
fn run(items: &[Item], reach: &mut Reach, b: &[u8], text: &str) {
    let mut other = Reach::new(false);
    // Whether the answer so far is in `other`.
    let mut in_other = false;
    {
        let (mut cur, mut next) = (&mut *reach, &mut other);
        for it in items {
            next.anywhere = false;
            next.set.clear();
            step(it, cur, next, b, text);
            std::mem::swap(&mut cur, &mut next);
            in_other = !in_other;
            if cur.is_empty() {
                break;
            }
        }
    }
    if in_other {
        *reach = other;
    }
}

/// Where `it` can end, started from `reach`: added to `next`.
fn step(it: &Item, reach: &Reach, next: &mut Reach, b: &[u8], text: &str) {
    match it {
        Item::Words {
            words, optional, ..
        } => {
            if *optional {
                next.union(reach);
                if reach.anywhere {
                    return;
                }
            }
            for w in words {
                let n = w.needle().len();
                each_occurrence(w, b, |p| {
                    if reach.has(p) {
                        next.set.set(p + n);
                    }
                });
            }
        }
        Item::Gap {
            min, max, class, ..
        } => {
            let every;
            let from = if reach.anywhere {
                if *min == 0 && class.is_none() {
                    next.anywhere = true;
                    return;
                }
                every = Bits::boundaries(b);
                &every
            } else {
                &reach.set
            };
            for e in from.iter() {
                each_gap_end(text, e, *min, *max, class.as_deref(), |at| next.set.set(at));
            }
        }
        Item::Alt(alts) => {
            for a in alts {
                let mut r = reach.clone();
                run(a, &mut r, b, text);
                next.union(&r);
                if next.anywhere {
                    return;
                }
            }
        }
        Item::Start => {
            if reach.has(0) {
                next.set.set(0);
            }
        }
        Item::End => {
            if reach.has(b.len()) {
                next.set.set(b.len());
            }
        }
    }
}

/// The items still to match after the current sequence: the rest of each
/// enclosing sequence, innermost first.
struct Cont<'a> {
    items: &'a [Item],
    next: Option<&'a Cont<'a>>,
}

/// Where the preferred match of `items`, then of `cont`, from `p` ends, if
/// any; each position tried takes one of `steps` (none left: None).
fn end_of_match(
    text: &str,
    items: &[Item],
    cont: Option<&Cont<'_>>,
    p: usize,
    steps: &mut u32,
) -> Option<usize> {
    if *steps == 0 {
        return None;
    }
    *steps -= 1;
    let Some((it, rest)) = items.split_first() else {
        return match cont {
            Some(c) => end_of_match(text, c.items, c.next, p, steps),
            None => Some(p),
        };
    };
    let b = text.as_bytes();
    let then = |q: usize, steps: &mut u32| end_of_match(text, rest, cont, q, steps);
    match it {
        Item::Words {
            words,
            optional,
            greedy,
        } => {
            if *optional && !*greedy {
                if let Some(e) = then(p, steps) {
                    return Some(e);
                }
            }
            for w in words {
                let n = w.needle();
                if b[p..].starts_with(n) {
                    if let Some(e) = then(p + n.len(), steps) {
                        return Some(e);
                    }
                }
            }
            if *optional && *greedy {
                return then(p, steps);
            }
            None
        }
        Item::Gap {
            min,
            max,
            greedy,
            class,
        } => {
            let mut ends = Bits::new();
            each_gap_end(text, p, *min, *max, class.as_deref(), |e| ends.set(e));
            if *greedy {
                ends.iter_rev().find_map(|e| then(e, steps))
            } else {
                ends.iter().find_map(|e| then(e, steps))
            }
        }
        Item::Alt(alts) => {
            let c = Cont {
                items: rest,
                next: cont,
            };
            alts.iter()
                .find_map(|a| end_of_match(text, a, Some(&c), p, steps))
        }
        Item::Start => (p == 0).then(|| then(p, steps)).flatten(),
        Item::End => (p == b.len()).then(|| then(p, steps)).flatten(),
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
/// boundary `p`, each character stepped over in `class` (None: any), none
/// past the end of `text`; nearest first.
fn each_gap_end(
    text: &str,
    p: usize,
    min: u32,
    max: u32,
    class: Option<&[(char, char)]>,
    mut f: impl FnMut(usize),
) {
    let b = text.as_bytes();
    let mut at = p;
    let mut k = 0;
    loop {
        if k >= min {
            f(at);
        }
        if k == max || at >= b.len() {
            break;
        }
        at += match class {
            None => utf8_len(b[at]),
            Some(class) => match text.get(at..).and_then(|t| t.chars().next()) {
                Some(c) if in_class(class, c) => c.len_utf8(),
                _ => break,
            },
        };
        k += 1;
    }
}

/// Whether `c` is in the class of sorted ranges `class`.
fn in_class(class: &[(char, char)], c: char) -> bool {
    class
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
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

/// The words every match starts with, appended to `out`: those of the
/// first items of `items` (then of `rest`, in turn) up to the first that
/// must match a word; None when a match can start otherwise (a gap, an
/// anchor, nothing required).
fn firsts(items: &[Item], rest: &[&[Item]], out: &mut Vec<memmem::Finder<'static>>) -> Option<()> {
    let Some((it, tail)) = items.split_first() else {
        let (next, rest) = rest.split_first()?;
        return firsts(next, rest, out);
    };
    match it {
        Item::Words {
            words, optional, ..
        } => {
            out.extend(words.iter().cloned());
            if *optional {
                firsts(tail, rest, out)
            } else {
                Some(())
            }
        }
        Item::Alt(alts) => {
            let mut after = vec![tail];
            after.extend_from_slice(rest);
            alts.iter().try_for_each(|a| firsts(a, &after, out))
        }
        Item::Gap { .. } | Item::Start | Item::End => None,
    }
}

/// The items of `h` as a sequence, if each is one.
fn sequence(h: &Hir) -> Option<Vec<Item>> {
    let mut parts = Vec::new();
    flatten(h, &mut parts);
    parts.into_iter().map(item).collect()
}

/// The items of a concatenation, captures and empty items removed.
fn flatten<'h>(h: &'h Hir, out: &mut Vec<&'h Hir>) {
    match h.kind() {
        HirKind::Concat(hs) => hs.iter().for_each(|h| flatten(h, out)),
        HirKind::Capture(c) => flatten(&c.sub, out),
        HirKind::Empty => {}
        _ => out.push(h),
    }
}

/// The item `h` is, if it is one.
fn item(h: &Hir) -> Option<Item> {
    match h.kind() {
        HirKind::Look(Look::Start) => Some(Item::Start),
        HirKind::Look(Look::End) => Some(Item::End),
        HirKind::Repetition(r) => {
            let sub = unwrap_capture(&r.sub);
            let (min, max) = (r.min, r.max.unwrap_or(UNBOUNDED));
            let small = words(sub);
            if let HirKind::Class(c) = sub.kind() {
                if (min, max) != (0, 1) || small.is_none() {
                    return gap(c, min, max, r.greedy);
                }
            }
            if (min, max) != (0, 1) {
                return None;
            }
            // A `?` of words, nothing last (greedy) or first; an empty
            // word in them would be preferred twice: taken as sequences.
            if let Some(words) = small.filter(|ws| ws.iter().all(|w| !w.is_empty())) {
                return Some(Item::Words {
                    words: finders(words),
                    optional: true,
                    greedy: r.greedy,
                });
            }
            let seq = sequence(sub)?;
            Some(Item::Alt(if r.greedy {
                vec![seq, Vec::new()]
            } else {
                vec![Vec::new(), seq]
            }))
        }
        HirKind::Class(c) if words(h).is_none() => gap(c, 1, 1, true),
        HirKind::Alternation(hs) => alternation(h, hs),
        _ => {
            let words = words(h)?;
            Some(Item::Words {
                words: finders(words),
                optional: false,
                greedy: true,
            })
        }
    }
}

/// The alternation `h` of `hs`: words (with nothing as the last
/// alternatives, an optional item), or sequences, consecutive words
/// grouped in one item.
fn alternation(h: &Hir, hs: &[Hir]) -> Option<Item> {
    if let Some(words) = words(h) {
        let empty = words.iter().position(|w| w.is_empty());
        if empty.map_or(true, |i| words[i..].iter().all(|w| w.is_empty())) {
            return Some(Item::Words {
                words: finders(words.into_iter().filter(|w| !w.is_empty()).collect()),
                optional: empty.is_some(),
                greedy: true,
            });
        }
    }
    let mut alts = Vec::new();
    let mut group = Vec::new();
    let flush = |group: &mut Vec<Vec<u8>>, alts: &mut Vec<Vec<Item>>| {
        if !group.is_empty() {
            alts.push(vec![Item::Words {
                words: finders(std::mem::take(group)),
                optional: false,
                greedy: true,
            }]);
        }
    };
    for h in hs {
        match words(h) {
            Some(ws) if ws.iter().all(|w| !w.is_empty()) => group.extend(ws),
            _ => {
                flush(&mut group, &mut alts);
                alts.push(sequence(h)?);
            }
        }
    }
    flush(&mut group, &mut alts);
    Some(Item::Alt(alts))
}

/// A gap of `min` to `max` characters of the class `c`.
fn gap(c: &Class, min: u32, max: u32, greedy: bool) -> Option<Item> {
    let Class::Unicode(c) = c else {
        return None;
    };
    Some(Item::Gap {
        min,
        max,
        greedy,
        class: (!is_any_char(c)).then(|| c.ranges().iter().map(|r| (r.start(), r.end())).collect()),
    })
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

/// Whether the class is any character (`(?s:.)`).
fn is_any_char(c: &ClassUnicode) -> bool {
    let r = c.ranges();
    r.len() == 1 && r[0].start() == '\0' && r[0].end() == char::MAX
}

/// A set of byte offsets up to [`MAX_TEXT`], on the stack.
#[derive(Clone)]
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

    fn one(i: usize) -> Bits {
        let mut b = Bits::new();
        b.set(i);
        b
    }

    /// Every character boundary of `b` (a UTF-8 text), and its end.
    fn boundaries(b: &[u8]) -> Bits {
        let mut s = Bits::new();
        for (i, &c) in b.iter().enumerate() {
            // Not a continuation byte (0b10xxxxxx).
            if (c as i8) >= -0x40 {
                s.set(i);
            }
        }
        s.set(b.len());
        s
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

    /// The offsets, smallest first.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words[..self.hi]
            .iter()
            .enumerate()
            .flat_map(|(i, &w)| bits_of(w, true).map(move |t| i * 64 + t))
    }

    /// The offsets, largest first.
    fn iter_rev(&self) -> impl Iterator<Item = usize> + '_ {
        self.words[..self.hi]
            .iter()
            .enumerate()
            .rev()
            .flat_map(|(i, &w)| bits_of(w, false).map(move |t| i * 64 + t))
    }
}

/// The set bits of `w`, lowest first or highest first.
#[inline]
fn bits_of(mut w: u64, lowest_first: bool) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        if w == 0 {
            return None;
        }
        let t = if lowest_first {
            w.trailing_zeros()
        } else {
            63 - w.leading_zeros()
        } as usize;
        w &= !(1 << t);
        Some(t)
    })
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
            "^(信用|诚信)评价",
            "的[；。，;,]?\\s*$",
            "(扣减|扣除)(?s:.){0,4}?\\d+(至\\d+)?分",
            "(列入|纳入)[^。；，]{0,20}?(黑名单|失信(?s:.){0,8}?名单)",
            "(?s:.){0,4}信用",
            "(重点)?监管",
            "予以(|联合)惩戒",
            "信用(?s:.){0,400}信息",
        ] {
            assert!(SeqMatcher::new(p).is_some(), "{p}");
        }
        for p in [
            "(A|B)(、(A|B))*级",
            "((信用)|(评价))+?信用",
            "(移出|$)",
            "(信用)?",
            "[^\\s\\S]",
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

    /// Anchors, class gaps, leading optional words and alternations of
    /// sequences, in the shapes the lexicon's exclusions and tails have.
    #[test]
    fn anchors_classes_and_nested_sequences_answer_as_the_regex() {
        let texts = [
            "",
            "为加强信用建设，制定本办法。",
            "为了推进社会信用体系建设，现就有关事项通知如下",
            "本办法适用于全区",
            "各部门负责做好信用信息归集工作。",
            "区发改委负责人说，要负责",
            "被列入严重失信主体名单的",
            "列入，黑名单的",
            "纳入失信被执行人名单满三年",
            "列入失信名单，失信主体名单的，",
            "扣减5分，扣3至10分；加２分",
            "扣减分数5分",
            "对其的；  ",
            "对其的；\n",
            "的 的",
            "不得继续实施联合惩戒措施",
            "不得，实施惩戒措施",
            "予以惩戒，予以联合惩戒",
            "提前移出，移出，撤榜",
            "前移出",
            "到2025年，到二〇二五年",
            "信用评价信用，信用评级",
            "AAA级，B级",
            "12345",
        ];
        for p in [
            "^(为|为了)(?s:.){0,400}(制定本|特制定|现制定)",
            "^(为|为了)(?s:.){0,60}(社会信用体系建设|信用建设)",
            "^本(办法|细则|规定)适用于",
            "^[^。；，]{0,40}(负责|做好)(?s:.){0,60}(工作|职责)[。；]?$",
            "^[^。；，（(]{0,40}负责[^人）)]",
            "^(到|至)\\d{4}年",
            "^[^，。；]{0,10}(信用|诚信)(评价|评级)",
            "(被)?(列入|纳入|列为)[^。；，]{0,24}?(名单|名录)[”\"」]?(的|满|期限)",
            "(列入|纳入)[^。；，]{0,20}?(黑名单|失信(?s:.){0,8}?(名单|名录)|严重失信|不良(行为|信用)?记录名单)",
            "(黑名单|失信[^。；，]{0,10}?名单|严重失信主体|不良(行为)?记录名单)",
            "的[；。，;,]?\\s*$",
            "(扣减|扣除|扣|加)(?s:.){0,4}?\\d+(至\\d+)?分",
            "不得[^。；，]{0,20}(继续)?(实施|采取|予以)(?s:.){0,8}(惩戒|限制|约束)",
            "(依法依规)?(予以|实施)(?s:.){0,8}?(惩戒|限制)",
            "(提前)?(移出|撤榜)",
            "(提前)??(移出|撤榜)",
            "予以(|联合)惩戒",
            "信用(?s:.){0,65}(评价|评级)",
            "(?s:.){0,4}信用",
            "[^，]{2}信用",
            "(信用|(A|B)(级|等))(?s:.){0,3}?(评价|，)",
            "(^|，)(信用|移出)",
            "(移出|撤榜$)",
        ] {
            agree(p, &texts);
        }
    }

    #[test]
    fn a_search_too_long_is_left_to_the_regex() {
        let m = SeqMatcher::new("(?s:.){0,500}(?s:.){0,500}(?s:.){0,500}信").unwrap();
        let text = "用".repeat(300);
        assert_eq!(m.find_iter(&text, &mut Vec::new()), None);
        assert_eq!(m.is_match(&text), Some(false));
    }

    #[test]
    fn a_text_too_long_is_left_to_the_regex() {
        let m = SeqMatcher::new("信用").unwrap();
        let long = "信".repeat(MAX_TEXT);
        assert_eq!(m.is_match(&long), None);
        assert_eq!(m.is_match("信用"), Some(true));
    }
}
