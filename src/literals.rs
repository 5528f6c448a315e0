//! Every occurrence of every word of a set in a text, for the gate's
//! literals: a few thousand short Chinese words, looked for in sentences.
//!
//! An aho-corasick DFA over such a set has some ten thousand states and takes
//! megabytes (3.6 MB for the gate's 1,436 literals), so each byte of the
//! text costs a cache miss. Here each character position costs a bit of an
//! 8 KB table indexed by a hash of the two characters there; only where it
//! is set is the pair looked up, by its two code points, in a small table
//! of the pairs that start words: the word of those two characters needs
//! no comparison, and the longer words that start with them are told by
//! their third character (compared whole only past three characters).
//! Words of one character have a table of their own, behind a bit by code
//! point. Every occurrence is reported, as an
//! overlapping aho-corasick search reports them (the tests check that the
//! two agree).
//!
//! Measured on the sentences of the benchmark folder's txt files (18.7 MB,
//! one thread): 41 ms against 68 ms for the aho-corasick DFA (bench/HISTORY.md
//! note 33). Keys of raw bytes (an unaligned load per position instead of
//! decoding characters) were slower (52-70 ms). In the scan, where the sets
//! compete for the cache with everything else, what a lookup touches
//! matters more: buckets found by rank instead of a 256 KB slot table, the
//! words in one array and the gate's owners in another took 30 ms of CPU
//! off the benchmark folder's 766. A first bit by code point (does any word
//! start with this character?) in front of the pair's bit passed 38 % of
//! the positions, a branch the processor could not predict: the pair's bit
//! alone is 10 % faster (note 48). The pair table in place of two tables
//! of buckets (pairs, and longer words by their first three characters,
//! each compared byte by byte) took the gate from 60 to 56 ms on the
//! benchmark folder's sentences (note 66).

/// Bits of a slot index: 65,536 slots, an 8 KB bit table. The same for
/// the small sets (a kind's context words): tables sized by the number of
/// words were no faster, and their untouched pages cost no memory.
const SLOT_BITS: u32 = 16;

pub struct LiteralSet {
    /// The words, one after another (`bytes[span.0..span.1]` for each):
    /// comparing a word touches these few kilobytes, not a heap allocation
    /// of its own.
    bytes: Vec<u8>,
    spans: Vec<(u32, u32)>,
    /// By code point, a bit for each character that is a word.
    single_starts: Vec<u64>,
    /// A bit for each pair of characters that starts a word of two
    /// characters or more: most positions stop here.
    lead: Vec<u64>,
    /// Each pair of characters that starts a word of two characters or
    /// more, by its own hash (open addressing, a power of two entries):
    /// one lookup tells the word of exactly those two characters and where
    /// the longer words that start with them are.
    pairs: Vec<Pair>,
    /// Bits of an index into `pairs`.
    pair_bits: u32,
    /// The words of three characters or more, grouped by their first two
    /// characters: (third character, word).
    longer: Vec<(u32, u32)>,
    /// Words of one character.
    singles: Table,
}

/// An entry of [`LiteralSet::pairs`]: the pair (`first == EMPTY` for an
/// unused entry), the word made of it ([`NO_WORD`] when none) and its
/// longer words, `longer[lo..hi]`.
#[derive(Clone, Copy)]
struct Pair {
    first: u32,
    second: u32,
    word: u32,
    lo: u32,
    hi: u32,
}

const EMPTY: u32 = u32::MAX;
const NO_WORD: u32 = u32::MAX;

/// Words by the hash slot of their key: a bit per slot, and for each slot
/// that has words, the list of them (words whose keys share a slot are all
/// compared). A set slot's bucket is its rank among the set slots: the
/// count of set bits before its word, plus those below it in the word (a
/// table of a bucket number per slot took 256 KB, a cache miss a lookup).
struct Table {
    bits: Vec<u64>,
    /// For each word of `bits`, the set bits in the words before it.
    rank: Vec<u32>,
    /// Bucket `b` holds `ids[starts[b]..starts[b + 1]]`.
    starts: Vec<u32>,
    ids: Vec<u32>,
}

impl Table {
    fn new(keyed: &[(usize, u32)]) -> Table {
        let n = 1usize << SLOT_BITS;
        let mut by_slot: std::collections::BTreeMap<usize, Vec<u32>> = Default::default();
        for &(slot, id) in keyed {
            by_slot.entry(slot).or_default().push(id);
        }
        let mut t = Table {
            bits: vec![0; n / 64],
            rank: Vec::with_capacity(n / 64),
            starts: vec![0],
            ids: Vec::new(),
        };
        // In slot order, so that bucket numbers follow the ranks.
        for (slot, ids) in by_slot {
            set_bit(&mut t.bits, slot);
            t.ids.extend(ids);
            t.starts.push(t.ids.len() as u32);
        }
        let mut before = 0;
        for w in &t.bits {
            t.rank.push(before);
            before += w.count_ones();
        }
        t
    }

    fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    #[inline(always)]
    fn bucket(&self, slot: usize) -> &[u32] {
        let word = self.bits[slot / 64];
        let below = word & ((1u64 << (slot % 64)) - 1);
        if word & (1 << (slot % 64)) == 0 {
            return &[];
        }
        let b = (self.rank[slot / 64] + below.count_ones()) as usize;
        &self.ids[self.starts[b] as usize..self.starts[b + 1] as usize]
    }
}

/// Whether `b` holds `w` at `p`, compared as two overlapping loads of eight
/// or four bytes (a call to `memcmp` per comparison cost more than the
/// comparison).
#[inline(always)]
fn eq_at(b: &[u8], p: usize, w: &[u8]) -> bool {
    let n = w.len();
    let Some(t) = b.get(p..p + n) else {
        return false;
    };
    if n >= 8 {
        load8(t, n - 8) == load8(w, n - 8)
            && load8(t, 0) == load8(w, 0)
            && t[8..n.max(16) - 8] == w[8..n.max(16) - 8]
    } else if n >= 4 {
        load4(t, n - 4) == load4(w, n - 4) && load4(t, 0) == load4(w, 0)
    } else {
        n > 0 && t[n - 1] == w[n - 1] && t[0] == w[0] && t[n / 2] == w[n / 2]
    }
}

#[inline(always)]
fn load8(s: &[u8], i: usize) -> u64 {
    let mut a = [0; 8];
    a.copy_from_slice(&s[i..i + 8]);
    u64::from_le_bytes(a)
}

#[inline(always)]
fn load4(s: &[u8], i: usize) -> u32 {
    let mut a = [0; 4];
    a.copy_from_slice(&s[i..i + 4]);
    u32::from_le_bytes(a)
}

#[inline]
fn bit(bits: &[u64], slot: usize) -> bool {
    bits[slot / 64] & (1 << (slot % 64)) != 0
}

fn set_bit(bits: &mut [u64], slot: usize) {
    bits[slot / 64] |= 1 << (slot % 64);
}

/// The absent second or third character of a key (past `char::MAX`).
const NO_CHAR: u32 = 0x11_0000;

/// The hash of a key of up to three characters.
#[inline]
fn hash(c1: u32, c2: u32, c3: u32) -> u64 {
    let key = (u64::from(c1) << 42) ^ (u64::from(c2) << 21) ^ u64::from(c3);
    key.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The slot of a key's hash (its top [`SLOT_BITS`] bits).
#[inline]
fn slot_of(h: u64) -> usize {
    (h >> (64 - SLOT_BITS)) as usize
}

/// The slot of a key of up to three characters.
#[inline]
fn slot(c1: u32, c2: u32, c3: u32) -> usize {
    slot_of(hash(c1, c2, c3))
}

impl LiteralSet {
    /// The set of `words`; word `i` is reported as `i`. Empty words and
    /// words that are not UTF-8 are never reported.
    pub fn new<W: AsRef<[u8]>>(words: impl IntoIterator<Item = W>) -> LiteralSet {
        let (mut bytes, mut spans) = (Vec::new(), Vec::new());
        for w in words {
            let start = bytes.len() as u32;
            bytes.extend_from_slice(w.as_ref());
            spans.push((start, bytes.len() as u32));
        }
        // (first, second, third or NO_CHAR, word), sorted: each pair's
        // longer words end up together.
        let mut multi: Vec<(u32, u32, u32, u32)> = Vec::new();
        let mut singles = Vec::new();
        let mut lead = vec![0; (1 << SLOT_BITS) / 64];
        let mut single_starts = vec![0; 0x10000 / 64];
        for (id, &(a, z)) in spans.iter().enumerate() {
            let Ok(s) = std::str::from_utf8(&bytes[a as usize..z as usize]) else {
                continue;
            };
            let mut cs = s.chars().map(|c| c as u32);
            let id = id as u32;
            match (cs.next(), cs.next(), cs.next()) {
                (Some(a), Some(b), c) => {
                    set_bit(&mut lead, slot(a, b, NO_CHAR));
                    multi.push((a, b, c.unwrap_or(NO_CHAR), id));
                }
                (Some(a), None, _) => {
                    if a < 0x10000 {
                        set_bit(&mut single_starts, a as usize);
                    }
                    singles.push((slot(a, NO_CHAR, NO_CHAR), id))
                }
                _ => {}
            }
        }
        multi.sort_unstable();
        let by_pair: Vec<&[(u32, u32, u32, u32)]> =
            multi.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)).collect();
        // At most half full, so that a lookup that finds nothing stops soon.
        let pair_bits = (by_pair.len() * 2)
            .max(2)
            .next_power_of_two()
            .trailing_zeros();
        let empty = Pair {
            first: EMPTY,
            second: EMPTY,
            word: NO_WORD,
            lo: 0,
            hi: 0,
        };
        let mut pairs = vec![empty; 1 << pair_bits];
        let mut longer = Vec::new();
        for words in by_pair {
            let (a, b) = (words[0].0, words[0].1);
            let mut e = Pair {
                first: a,
                second: b,
                lo: longer.len() as u32,
                ..empty
            };
            for &(_, _, c, id) in words {
                if c == NO_CHAR && e.word == NO_WORD {
                    e.word = id;
                } else {
                    // (A word given twice is the pair's word again, with
                    // NO_CHAR: reported wherever the pair is.)
                    longer.push((c, id));
                }
            }
            e.hi = longer.len() as u32;
            let mask = pairs.len() - 1;
            let mut at = (hash(a, b, NO_CHAR) >> (64 - pair_bits)) as usize;
            while pairs[at].first != EMPTY {
                at = (at + 1) & mask;
            }
            pairs[at] = e;
        }
        LiteralSet {
            bytes,
            spans,
            single_starts,
            lead,
            pairs,
            pair_bits,
            longer,
            singles: Table::new(&singles),
        }
    }

    /// The entry of the pair `(c1, c2)`, if a word starts with it.
    #[inline(always)]
    fn pair(&self, h: u64, c1: u32, c2: u32) -> Option<&Pair> {
        let mask = self.pairs.len() - 1;
        let mut at = (h >> (64 - self.pair_bits)) as usize;
        loop {
            let e = &self.pairs[at];
            if e.first == c1 && e.second == c2 {
                return Some(e);
            }
            if e.first == EMPTY {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    /// Calls `f(start, word)` for every occurrence of every word in `text`,
    /// in the order of the positions where they start (words starting at
    /// the same position in no particular order).
    #[inline]
    pub fn for_each(&self, text: &str, mut f: impl FnMut(usize, u32)) {
        self.any(text, |p, w| {
            f(p, w);
            false
        });
    }

    /// Whether `f(start, word)` holds for some occurrence, asked in the
    /// order of [`LiteralSet::for_each`] until it does.
    #[inline]
    pub fn any(&self, text: &str, mut f: impl FnMut(usize, u32) -> bool) -> bool {
        let b = text.as_bytes();
        let singles = !self.singles.is_empty();
        let mut it = text.char_indices();
        let Some((mut p, mut c)) = it.next() else {
            return false;
        };
        loop {
            let next = it.next();
            let c1 = c as u32;
            if singles
                && (c1 >= 0x10000 || bit(&self.single_starts, c1 as usize))
                && self
                    .singles
                    .bucket(slot(c1, NO_CHAR, NO_CHAR))
                    .iter()
                    .any(|&id| eq_at(b, p, self.word(id)) && f(p, id))
            {
                return true;
            }
            let Some((q, d)) = next else {
                return false;
            };
            let c2 = d as u32;
            let h = hash(c1, c2, NO_CHAR);
            if bit(&self.lead, slot_of(h)) {
                if let Some(e) = self.pair(h, c1, c2) {
                    // The pair's own word: its two characters are the key.
                    if e.word != NO_WORD && f(p, e.word) {
                        return true;
                    }
                    if e.lo < e.hi {
                        // The third character (EMPTY at the end of the
                        // text) and the length of the three.
                        let (c3, three) = it
                            .clone()
                            .next()
                            .map_or((EMPTY, 0), |(r, t)| (t as u32, r + t.len_utf8() - p));
                        for &(t, id) in &self.longer[e.lo as usize..e.hi as usize] {
                            let hit = t == NO_CHAR
                                || (t == c3
                                    && (self.len_of(id) == three || eq_at(b, p, self.word(id))));
                            if hit && f(p, id) {
                                return true;
                            }
                        }
                    }
                }
            }
            (p, c) = (q, d);
        }
    }

    #[inline(always)]
    fn word(&self, id: u32) -> &[u8] {
        let (a, z) = self.spans[id as usize];
        &self.bytes[a as usize..z as usize]
    }

    /// The length in bytes of word `id`.
    pub fn len_of(&self, id: u32) -> usize {
        self.word(id).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (start, word) of every occurrence, sorted.
    fn ours(words: &[&str], text: &str) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        LiteralSet::new(words).for_each(text, |p, id| out.push((p, id)));
        out.sort();
        out
    }

    fn aho(ac: &aho_corasick::AhoCorasick, text: &str) -> Vec<(usize, u32)> {
        let mut out: Vec<(usize, u32)> = ac
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.pattern().as_u32()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn reports_what_an_overlapping_aho_corasick_search_reports() {
        let words = [
            "信用",
            "信用信息",
            "失信",
            "失信被执行人",
            "的",
            "级",
            "A级",
            "12分",
            "用信",
            "名单",
            "黑名单",
            "单",
            "。",
            "信",
        ];
        let texts = [
            "对列入失信被执行人名单的，依法实施联合惩戒。",
            "企业信用信息公示系统中的A级纳税人，扣12分。",
            "信用信用信用信息黑名单名单单",
            "",
            "信",
            "abc 12分 A级",
            "𠀀信用𠀀的",
        ];
        let ac = aho_corasick::AhoCorasick::new(words).unwrap();
        let mut total = 0;
        for t in texts {
            let want = aho(&ac, t);
            assert_eq!(ours(&words, t), want, "{t}");
            total += want.len();
        }
        assert_eq!(total, 41);
    }

    #[test]
    fn a_word_given_twice_is_reported_twice() {
        // As the overlapping aho-corasick search reports every pattern.
        let words = ["信用", "信用信息", "信用", "信用信息", "信", "信"];
        let ac = aho_corasick::AhoCorasick::new(words).unwrap();
        for t in ["信用信息", "信用", "信", "用信用信"] {
            assert_eq!(ours(&words, t), aho(&ac, t), "{t}");
        }
        // 信用 and 信用信息 twice each, 信 twice at each of its two places.
        assert_eq!(ours(&words, "信用信息").len(), 8);
    }

    #[test]
    fn words_are_compared_whole_at_every_length() {
        // Every length from 1 to 40 bytes, a difference at every byte, and
        // words running past the end of the text.
        let text: Vec<u8> = (0..64u8).map(|i| b'a' + i % 26).collect();
        for n in 1..=40 {
            for p in 0..text.len() {
                let Some(w) = text.get(p..p + n) else {
                    let tail = &text[p..];
                    let mut w = tail.to_vec();
                    w.resize(n, b'z');
                    assert!(!eq_at(&text, p, &w), "{n} at {p}");
                    continue;
                };
                assert!(eq_at(&text, p, w), "{n} at {p}");
                for i in 0..n {
                    let mut other = w.to_vec();
                    other[i] ^= 0x20;
                    assert!(!eq_at(&text, p, &other), "{n} at {p}, byte {i}");
                }
            }
        }
        assert!(!eq_at(&text, 0, b""));
    }

    #[test]
    fn any_stops_at_the_first_occurrence_that_counts() {
        let set = LiteralSet::new(["信用", "信用信息", "名单"]);
        let text = "信用信息纳入名单";
        let mut asked = Vec::new();
        let found = set.any(text, |p, w| {
            asked.push((p, w));
            w == 2
        });
        assert!(found);
        // Both words at 0 (in either order), then 名单, and nothing after.
        asked.sort();
        assert_eq!(asked, vec![(0, 0), (0, 1), (18, 2)]);
        assert!(!set.any(text, |_, w| w > 2));
        assert!(!set.any("", |_, _| true));
        // An empty set (a kind without context words) never matches.
        let none: [&str; 0] = [];
        assert!(!LiteralSet::new(none).any(text, |_, _| true));
    }

    #[test]
    fn agrees_with_aho_corasick_on_the_corpus() {
        // Words: every two- and three-character window of some sentences;
        // texts: the corpus documents.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/docs");
        let mut texts = Vec::new();
        for sub in std::fs::read_dir(dir).unwrap() {
            for e in std::fs::read_dir(sub.unwrap().path()).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "txt") {
                    if let Ok(t) = std::fs::read_to_string(&p) {
                        texts.push(t);
                    }
                }
            }
        }
        texts.sort();
        assert!(texts.len() >= 50, "{}", texts.len());
        let mut words: Vec<String> = Vec::new();
        for t in texts.iter().take(3) {
            let cs: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).take(400).collect();
            for n in 1..=4 {
                words.extend(cs.windows(n).step_by(7).map(|w| w.iter().collect()));
            }
        }
        words.sort();
        words.dedup();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let ac = aho_corasick::AhoCorasick::new(&words).unwrap();
        let mut total = 0;
        for t in &texts {
            let want = aho(&ac, t);
            assert_eq!(ours(&words, t), want);
            total += want.len();
        }
        assert!(total > 1000, "{total}");
    }
}
