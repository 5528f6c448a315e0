//! jieba's cuts without building jieba's whole dictionary.
//!
//! How jieba cuts a text depends only on the dictionary words that occur
//! inside the text (each block's DAG is made of them, and the HMM only asks
//! whether a run of characters is a word) and on the dictionary's total
//! frequency. A [`Segmenter`] holds a jieba (jieba-rs, built empty) with
//! just the words of the texts it has been asked to cut, looked up in
//! jieba-rs's own dictionary kept as data (`lexicons/jieba-dict.txt`, sorted
//! by word), plus one word that never occurs in a text and carries the rest
//! of the total. It cuts exactly as a jieba built with the whole dictionary
//! (the tests compare the two), without inserting 349,045 words (0.1 s of
//! CPU and 57 MB on every scan) when a scan cuts a few hundred stretches.

use jieba_rs::Jieba;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// jieba-rs 0.11.0's dictionary, unchanged: `word freq tag` per line, sorted
/// by the bytes of the word.
static DICT: &str = include_str!("../lexicons/jieba-dict.txt");

/// The sum of the dictionary's frequencies (a test checks it against the
/// file and against `Jieba::new()`).
pub const DICT_TOTAL: usize = 60_101_964;

/// A character no text is cut with (the caller checks): the word made of it
/// carries the frequency of every dictionary word not held.
pub const REST_CHAR: char = '\u{10FFFD}';
const REST: &str = "\u{10FFFD}\u{10FFFD}";

/// Where each line of [`DICT`] starts, then one past the end of the last
/// line's break.
fn line_starts() -> &'static [u32] {
    static STARTS: OnceLock<Vec<u32>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut v = Vec::with_capacity(350_000);
        v.push(0);
        v.extend(memchr::memchr_iter(b'\n', DICT.as_bytes()).map(|i| i as u32 + 1));
        if !DICT.ends_with('\n') {
            v.push(DICT.len() as u32 + 1);
        }
        v
    })
}

/// Line `i` of the dictionary, without its line break.
fn line(starts: &[u32], i: usize) -> &'static str {
    let (a, b) = (starts[i] as usize, starts[i + 1] as usize - 1);
    DICT.get(a..b.min(DICT.len())).unwrap_or("")
}

fn word(l: &str) -> &str {
    l.split(' ').next().unwrap_or("")
}

fn freq(l: &str) -> usize {
    l.split(' ')
        .nth(1)
        .and_then(|f| f.parse().ok())
        .unwrap_or(0)
}

/// The lines in `lo..hi` whose word starts with `prefix` (a run, since the
/// lines are sorted), narrowed from the run of a shorter prefix.
///
/// A line (`word freq tag`) compares with a prefix without a space as its
/// word does: the space after the word sorts below every character of a
/// word, so the line is not cut at its space for each comparison.
fn narrow(starts: &[u32], lo: usize, hi: usize, prefix: &str) -> (usize, usize) {
    let spaced = prefix.contains(' ');
    let at = |i| match line(starts, i) {
        l if spaced => word(l),
        l => l,
    };
    let first = lo + partition(lo, hi, |i| at(i) < prefix);
    let end = first + partition(first, hi, |i| at(i).starts_with(prefix));
    (first, end)
}

/// The frequency of `w` when the run `lo..hi` of the lines starting with
/// `w` (from [`narrow`]) begins with `w` itself.
fn exact_freq(starts: &[u32], lo: usize, hi: usize, w: &str) -> Option<usize> {
    if lo >= hi {
        return None;
    }
    let l = line(starts, lo);
    (word(l) == w).then(|| freq(l))
}

/// How many of `lo..hi`, from the start, satisfy `pred` (which holds for a
/// prefix of the range).
fn partition(lo: usize, hi: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut a, mut b) = (lo, hi);
    while a < b {
        let m = a + (b - a) / 2;
        if pred(m) {
            a = m + 1;
        } else {
            b = m;
        }
    }
    a - lo
}

/// A jieba that holds the dictionary words of the texts it has cut.
#[derive(Clone)]
pub struct Segmenter {
    jieba: Jieba,
    /// Sum of the frequencies of the words held ([`REST`] aside).
    held: usize,
    /// The whole dictionary's total, with the domain words.
    total: usize,
    /// Domain words and their frequencies (replacing the dictionary's).
    domain: BTreeMap<String, usize>,
    /// Texts whose words are held.
    seen: HashSet<String>,
    /// The dictionary lines of the words that start with a character, for
    /// the characters met so far (most of a lookup's binary search).
    by_first: HashMap<char, (usize, usize)>,
}

impl Segmenter {
    /// The dictionary with `words` added in order, as `Jieba::add_word` adds
    /// them to the whole dictionary (a missing frequency is jieba's
    /// suggestion at that point).
    pub fn new(words: &[(String, Option<usize>)]) -> Segmenter {
        let mut s = Segmenter {
            jieba: Jieba::empty(),
            held: 0,
            total: DICT_TOTAL,
            domain: BTreeMap::new(),
            seen: HashSet::new(),
            by_first: HashMap::new(),
        };
        s.rest();
        for (w, f) in words {
            if w.is_empty() || w.contains(REST_CHAR) {
                continue;
            }
            s.hold(w);
            let f = f.unwrap_or_else(|| s.jieba.suggest_freq(w));
            // `hold` took the word itself if the dictionary has it.
            let old = if s.jieba.has_word(w) {
                s.domain
                    .get(w.as_str())
                    .copied()
                    .unwrap_or_else(|| base_freq(w))
            } else {
                0
            };
            s.total = s.total + f - old;
            s.held = s.held + f - old;
            s.jieba.add_word(w, Some(f), None);
            s.domain.insert(w.clone(), f);
            s.rest();
        }
        s
    }

    /// The total frequency its jieba cuts with (the whole dictionary's).
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many distinct texts the segmenter has taken words from.
    pub fn texts_seen(&self) -> usize {
        self.seen.len()
    }

    /// jieba's tokens of `text` as `(start, end)` byte offsets. `text` must
    /// not hold [`REST_CHAR`].
    pub fn cut(&mut self, text: &str, hmm: bool) -> Vec<(usize, usize)> {
        self.hold(text);
        cut_spans(&self.jieba, text, hmm)
    }

    /// Take the dictionary words that occur in `text`.
    fn hold(&mut self, text: &str) {
        if self.seen.contains(text) {
            return;
        }
        self.seen.insert(text.to_string());
        let starts = line_starts();
        let lines = starts.len() - 1;
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let mut added = false;
        for (a, &from) in bounds.iter().enumerate() {
            let Some(first) = text[from..].chars().next() else {
                break;
            };
            let (mut lo, mut hi) = *self.by_first.entry(first).or_insert_with(|| {
                let end = from + first.len_utf8();
                narrow(starts, 0, lines, &text[from..end])
            });
            for &to in &bounds[a + 1..] {
                let w = &text[from..to];
                if to > from + first.len_utf8() {
                    (lo, hi) = narrow(starts, lo, hi, w);
                }
                if lo == hi {
                    break;
                }
                if let Some(f) = exact_freq(starts, lo, hi, w) {
                    if !self.domain.contains_key(w) && !self.jieba.has_word(w) {
                        self.jieba.add_word(w, Some(f), None);
                        self.held += f;
                        added = true;
                    }
                }
            }
        }
        if added {
            self.rest();
        }
    }

    /// Give [`REST`] the frequency of every word not held, so that the total
    /// is the whole dictionary's.
    fn rest(&mut self) {
        self.jieba
            .add_word(REST, Some(self.total.saturating_sub(self.held)), None);
    }
}

/// `jieba`'s tokens of `text` as `(start, end)` byte offsets.
pub fn cut_spans(jieba: &Jieba, text: &str, hmm: bool) -> Vec<(usize, usize)> {
    jieba
        .cut(text, hmm)
        .iter()
        .map(|t| (t.byte_start, t.byte_end))
        .collect()
}

/// The dictionary's frequency of `w` (0 when it is not a word).
fn base_freq(w: &str) -> usize {
    let starts = line_starts();
    let (lo, hi) = narrow(starts, 0, starts.len() - 1, w);
    exact_freq(starts, lo, hi, w).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_is_jiebas_own() {
        let starts = line_starts();
        let lines = starts.len() - 1;
        let mut total = 0;
        for i in 0..lines {
            let l = line(starts, i);
            assert_eq!(l.split(' ').count(), 3, "line {i}: {l}");
            total += freq(l);
            if i > 0 {
                assert!(
                    word(line(starts, i - 1)) < word(l),
                    "not sorted at line {i}"
                );
            }
            // What lets `narrow` compare whole lines: no word holds a byte
            // at or below the space.
            assert!(word(l).bytes().all(|b| b > b' '), "line {i}: {l}");
        }
        assert_eq!(total, DICT_TOTAL);
        // jieba-rs reports its dictionary's size and total in Debug.
        let full = format!("{:?}", Jieba::new());
        assert!(
            full.contains(&format!("records_len: {lines},"))
                && full.contains(&format!("total_freq: {DICT_TOTAL} ")),
            "{full}"
        );
    }

    #[test]
    fn narrowing_on_lines_is_narrowing_on_words() {
        let starts = line_starts();
        let lines = starts.len() - 1;
        let by_word = |prefix: &str| {
            let first = partition(0, lines, |i| word(line(starts, i)) < prefix);
            let end =
                first + partition(first, lines, |i| word(line(starts, i)).starts_with(prefix));
            (first, end)
        };
        // Prefixes of dictionary words (every 97th line), of a sentence,
        // and words with letters, digits and punctuation.
        let mut prefixes: Vec<String> = (0..lines)
            .step_by(97)
            .flat_map(|i| {
                let w: Vec<char> = word(line(starts, i)).chars().collect();
                (1..=w.len()).map(move |n| w[..n].iter().collect::<String>())
            })
            .collect();
        let s: Vec<char> = "对列入严重失信主体名单的，依法实施联合惩戒。"
            .chars()
            .collect();
        for a in 0..s.len() {
            for b in a + 1..=s.len() {
                prefixes.push(s[a..b].iter().collect());
            }
        }
        prefixes
            .extend(["1号店", "A", "a", "!", "~", "中国 ", "中 国", "\u{3000}"].map(String::from));
        for p in &prefixes {
            assert_eq!(narrow(starts, 0, lines, p), by_word(p), "{p}");
        }
        assert!(prefixes.len() > 5000, "{}", prefixes.len());
    }

    #[test]
    fn looks_words_up() {
        assert!(base_freq("中国") > 0);
        assert!(base_freq("1号店") > 0);
        assert_eq!(base_freq("不存在的词语啊"), 0);
        assert_eq!(base_freq(""), 0);
    }
}
