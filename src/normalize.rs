//! Normalization: the text every later stage reads, the same whichever engine
//! produced it.
//!
//! - fold full-width digits and letters (２０２１ → 2021), Kangxi radicals and
//!   compatibility ideographs that PDFs emit (⾦ → 金), odd spaces;
//! - remove stray spaces between CJK characters and digits or capitals (`1 号`,
//!   `第 三 条`, `对 D 级`);
//! - drop page-number lines (`— 3 —`, `-3-`, `第3页 共5页`) and running
//!   headers/footers repeated on most pages;
//! - rejoin lines broken inside a sentence by PDF layout or hard wrapping
//!   (`管理公\n\n共事务` → `管理公共事务`), never before a heading or after a
//!   sentence end.
//!
//! Pages survive: the result is one string plus the offset where each page
//! starts, so every span can name its page. A line joined across a page
//! break belongs to the page where it starts.

use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Normalized text of one document and where each page starts in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NormText {
    /// Paragraphs, one per line (`\n`); table cells separated by `\t`.
    pub text: String,
    /// Byte offset in `text` where page i+1 starts (same length as the input pages).
    pub page_starts: Vec<usize>,
}

impl NormText {
    /// The text of page `number` (1-based).
    pub fn page_text(&self, number: usize) -> &str {
        let Some(&start) = self.page_starts.get(number.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .page_starts
            .get(number)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches('\n')
    }

    /// The page (1-based) holding byte offset `pos`.
    pub fn page_of(&self, pos: usize) -> usize {
        match self.page_starts.partition_point(|&s| s <= pos) {
            0 => 1,
            n => n,
        }
    }
}

/// `s.trim()`, answered without Unicode's white-space table where both ends
/// are plainly not white space: a Chinese character, full-width punctuation,
/// or a printable ASCII character, as at the ends of most lines (str::trim
/// was 2.5 % of a scan's instructions, most of it on such lines).
#[inline]
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let n = b.len();
    // A three-byte character at `i`: led by E4-E9 (U+4000-9FFF) or EF
    // (U+F000-FFFF, full-width forms), none of them white space; or by E3
    // (U+3000-3FFF), of which only U+3000 (E3 80 80) is.
    let plain3 = |i: usize| match b.get(i..i + 3) {
        Some([0xE4..=0xE9 | 0xEF, _, _]) => true,
        Some([0xE3, x, y]) => !(*x == 0x80 && *y == 0x80),
        _ => false,
    };
    let plain_start = matches!(b.first(), Some(0x21..=0x7E)) || plain3(0);
    let plain_end = matches!(b.last(), Some(0x21..=0x7E)) || (n >= 3 && plain3(n - 3));
    if plain_start && plain_end {
        s
    } else {
        s.trim()
    }
}

/// `text.split('\n')`, with memchr's vectorised search for the breaks (the
/// normalized text is split into lines by several stages).
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes());
    breaks.map(Some).chain(std::iter::once(None)).map(move |b| {
        let end = b.unwrap_or(text.len());
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// Split one page's folded text into trimmed lines (blank ones dropped),
/// borrowed from it unless spaces had to be tidied.
fn clean_lines(folded: &str) -> Vec<Cow<'_, str>> {
    split_lines(folded)
        .map(strip_markdown_heading)
        .map(tidy_spaces)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Character-level folding. Full-width punctuation (（）：，) is kept: it is
/// part of Chinese text; only letters, digits and look-alike ideographs fold,
/// and ASCII `, ; :` next to a Han character become `，；：`.
pub fn fold(raw: &str) -> String {
    /// Characters the match below may change (a superset: the others are
    /// copied as they are, a run at a time).
    fn maybe_special(c: char) -> bool {
        if c < '\u{80}' {
            matches!(c, '\r' | ',' | ';' | ':') || (c.is_control() && c != '\n' && c != '\t')
        } else {
            c <= '\u{ad}'
                || ('\u{2002}'..='\u{2060}').contains(&c)
                || ('\u{2e80}'..='\u{2fdf}').contains(&c)
                || c == '\u{3000}'
                || ('\u{f900}'..='\u{faff}').contains(&c)
                || ('\u{fe5d}'..='\u{ff5a}').contains(&c)
                || c == '\u{feff}'
        }
    }
    let mut out = String::with_capacity(raw.len());
    // Start of the run of characters copied as they are.
    let mut run = 0;
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Fast paths on bytes: plain ASCII, and U+4000..U+9FFF (lead bytes
        // E4..E9, three bytes each), where nothing is ever special.
        let b = bytes[i];
        if b < 0x80 && !maybe_special(char::from(b)) {
            i += 1;
            continue;
        }
        if (0xE4..=0xE9).contains(&b) {
            i += 3;
            continue;
        }
        let Some(c) = raw[i..].chars().next() else {
            break;
        };
        if !maybe_special(c) {
            i += c.len_utf8();
            continue;
        }
        out.push_str(&raw[run..i]);
        run = i + c.len_utf8();
        let next = raw[run..].chars().next();
        match c {
            '\r' => {
                if next != Some('\n') {
                    out.push('\n');
                }
            }
            '\u{0c}' | '\u{0b}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\u{3000}' | '\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}' => out.push(' '),
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
            }
            // ASCII separators inside Chinese text (some sites publish with
            // them) become the full-width ones every later stage expects.
            ',' | ';' | ':'
                if out.chars().next_back().is_some_and(is_han) || next.is_some_and(is_han) =>
            {
                out.push(match c {
                    ',' => '，',
                    ';' => '；',
                    _ => '：',
                });
            }
            '﹝' => out.push('〔'),
            '﹞' => out.push('〕'),
            '\u{2e80}'..='\u{2fdf}' | '\u{f900}'..='\u{faff}' => {
                use unicode_normalization::UnicodeNormalization;
                out.extend(std::iter::once(c).nfkc());
            }
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
        i = run;
    }
    out.push_str(&raw[run..]);
    out
}

/// Han ideographs (BMP and supplementary planes).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}' | '〇')
}

/// Han or CJK punctuation (anything that is never separated by spaces in Chinese).
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c,
            '\u{3001}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}'
            | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}' | '“' | '”' | '‘' | '’'
            | '—' | '…' | '·' | '\u{fe30}'..='\u{fe4f}')
}

/// A line with a markdown heading mark (`## 第三章 法律责任`, `### 第四节 信用
/// 修复`: texts copied from web pages and open law collections) without the
/// mark. Left in, the mark hid the chapter from the structure, whose
/// articles then stood under the chapter before, and made the heading a
/// paragraph of the article above it. A run of one to six `#` followed by a
/// space is a mark; `#` not followed by one (`#3楼`) is text.
fn strip_markdown_heading(line: &str) -> &str {
    let rest = line.trim_start_matches([' ', '\t', '\u{3000}']);
    let marks = rest.bytes().take_while(|&b| b == b'#').count();
    if marks == 0 || marks > 6 {
        return line;
    }
    let after = &rest[marks..];
    let text = after.trim_start_matches([' ', '\t', '\u{3000}']);
    if text.len() == after.len() || text.is_empty() {
        line
    } else {
        text
    }
}

/// Trim, collapse runs of spaces, and drop spaces that sit between CJK
/// characters, or between a CJK character and a digit. Tabs (table cells)
/// are kept.
fn tidy_spaces(line: &str) -> Cow<'_, str> {
    let trimmed = line.trim_matches(|c: char| c == ' ' || c == '\t');
    // Most lines have no inner space at all.
    if memchr::memchr2(b' ', b'\t', trimmed.as_bytes()).is_none() {
        return Cow::Borrowed(trimmed);
    }
    let bytes = trimmed.as_bytes();
    let is_space = |b: u8| b == b' ' || b == b'\t';
    let mut out = String::with_capacity(trimmed.len());
    let mut i = 0;
    while i < bytes.len() {
        if !is_space(bytes[i]) {
            // Copy up to the next space (spaces are ASCII: never inside a
            // character).
            let end = memchr::memchr2(b' ', b'\t', &bytes[i..]).map_or(bytes.len(), |k| i + k);
            out.push_str(&trimmed[i..end]);
            i = end;
            continue;
        }
        let mut j = i;
        let mut tab = false;
        while j < bytes.len() && is_space(bytes[j]) {
            tab |= bytes[j] == b'\t';
            j += 1;
        }
        if tab {
            out.push('\t');
        } else {
            let prev = out.chars().next_back();
            let mut after = trimmed[j..].chars();
            let next = after.next();
            let drop = match (prev, next) {
                // Keep the separator after an article label: 第五条 对……
                (Some(_), Some(_)) if is_article_label(&out) => false,
                (Some(a), Some(b)) => {
                    // A single capital is a grade (对 D 级), a word is a name (GB/T).
                    let lone_b = b.is_ascii_uppercase()
                        && !after.next().is_some_and(|c| c.is_ascii_alphanumeric());
                    let lone_a = a.is_ascii_uppercase()
                        && !out
                            .chars()
                            .rev()
                            .nth(1)
                            .is_some_and(|c| c.is_ascii_alphanumeric());
                    (is_cjk(a) && (is_cjk(b) || b.is_ascii_digit() || lone_b))
                        || ((a.is_ascii_digit() || lone_a) && is_cjk(b))
                }
                _ => true,
            };
            if !drop {
                out.push(' ');
            }
        }
        i = j;
    }
    Cow::Owned(out)
}

/// [`ARTICLE_LABEL`], asked only of text that starts and ends as a label can
/// and whose number is not plainly one (Chinese numerals or ASCII digits;
/// the regex's `\d` holds other digits too).
fn is_article_label(s: &str) -> bool {
    if !(s.starts_with('第') && s.ends_with(['条', '章', '节', '编'])) {
        return false;
    }
    // Both ends are characters of three bytes.
    let number = &s[3..s.len() - 3];
    (!number.is_empty()
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || CHINESE_NUMERALS.contains(c)))
        || ARTICLE_LABEL.is_match(s)
}

/// The Chinese numerals of [`ARTICLE_LABEL`] (those that start a
/// [`HEADING`] are among them).
pub(crate) const CHINESE_NUMERALS: &str = "一二三四五六七八九十百千零〇两";

/// [`HEADING`], asked only of lines whose first character can start one:
/// most lines are ruled out without the regex (its `\d` is among the
/// numeric characters).
fn is_heading(s: &str) -> bool {
    s.chars().next().is_some_and(|c| {
        matches!(c, '第' | '（' | '(' | '附' | '①'..='⑳')
            || CHINESE_NUMERALS.contains(c)
            || c.is_numeric()
    }) && HEADING.is_match(s)
}

/// [`PAGE_NUMBER`], asked only of lines whose first character can start
/// one (its `\d` is among the numeric characters).
fn is_page_number(s: &str) -> bool {
    s.chars().next().is_some_and(|c| {
        matches!(
            c,
            '-' | '—' | '–' | '－' | '─' | '_' | '~' | '·' | '•' | '第' | '共' | 'p' | 'P'
        ) || c.is_numeric()
    }) && PAGE_NUMBER.is_match(s)
}

/// A line that so far holds only a structural label (第五条, 第一章).
static ARTICLE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第[一二三四五六七八九十百千零〇两\d]+[条章节编]$").expect("static regex")
});

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
            [-—–－─_~·•]+\s*\d{1,4}\s*[-—–－─_~·•]+      # — 3 —   -3-
          | 第\s*\d{1,4}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?   # 第3页 共5页
          | 共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页
          | \d{1,4}\s*/\s*\d{1,4}                             # 3/5
          | (?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?
        )$",
    )
    .expect("static regex")
});

/// Where a line starts a heading: 第X条/章/节/编, 一、, （一）, 1. 1、 1．, 附件.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:第[一二三四五六七八九十百千零〇两\d]+[条章节编部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?:\D|$)|附件|附表|[①-⑳])",
    )
    .expect("static regex")
});

/// A line that is only a 文号 or only a date: never the tail of a sentence.
static DOCNO_OR_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\S{1,20}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\s*\d+\s*号|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)$",
    )
    .expect("static regex")
});

/// Whether `line` is only a 文号 or only a date; both end with 号 or 日, so
/// most lines are ruled out without the regex.
fn is_docno_or_date_line(line: &str) -> bool {
    line.ends_with(['号', '日']) && DOCNO_OR_DATE_LINE.is_match(line)
}

/// Words that end a document title (`lexicons/title_endings.txt`).
pub static TITLE_ENDINGS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::lexicon::entries(include_str!("../lexicons/title_endings.txt")).collect()
});

/// Endings of a 红头 or signature line, kept apart from the title in the head.
const HEAD_ORG_ENDINGS: &[&str] = &["文件", "办公室", "委员会", "人民政府"];

/// Sentence ends after which a line never continues.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':' | '…'
    )
}

/// Punctuation that never starts a line of its own: the line continues the previous one.
fn continues(c: char) -> bool {
    matches!(
        c,
        '，' | '、'
            | '。'
            | '；'
            | '：'
            | '）'
            | '》'
            | '”'
            | '’'
            | '〕'
            | '！'
            | '？'
            | ','
            | '.'
    )
}

/// Display length in Han-character units (ASCII counts half).
fn width(s: &str) -> f32 {
    // Counted on bytes: every sum of halves below 2^23 is exact in an f32,
    // so adding the characters one by one would give the same value.
    if s.len() < 1 << 22 {
        // Eight bytes at a time: an ASCII byte has its top bit clear, a
        // continuation byte is 10xxxxxx.
        const TOP: u64 = 0x8080_8080_8080_8080;
        let (mut ascii, mut cont) = (0u32, 0u32);
        let chunks = s.as_bytes().chunks_exact(8);
        let rest = chunks.remainder();
        for c in chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            ascii += (!w & TOP).count_ones();
            cont += (w & !(w << 1) & TOP).count_ones();
        }
        for &b in rest {
            ascii += u32::from(b < 0x80);
            cont += u32::from(b & 0xC0 == 0x80);
        }
        let chars = s.len() as u32 - cont;
        return ascii as f32 * 0.5 + (chars - ascii) as f32;
    }
    s.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// Typical full-line width: the 75th percentile of the longer lines.
fn wrap_width(widths: &[f32]) -> f32 {
    let mut w: Vec<f32> = widths.iter().copied().filter(|&w| w >= 8.0).collect();
    if w.is_empty() {
        return 0.0;
    }
    // The k-th smallest, without sorting the rest.
    let k = (w.len() * 3 / 4).min(w.len() - 1);
    *w.select_nth_unstable_by(k, |a, b| a.total_cmp(b)).1
}

/// `prev_width`: [`width`] of `prev`; `prev_tab`: whether `prev` holds a
/// tab (kept by the caller: `prev` grows with every line joined to it, and
/// looking for the tab again each time was 1.4 % of the scan).
fn should_join(
    prev: &str,
    prev_tab: bool,
    prev_width: f32,
    next: &str,
    wrap: f32,
    in_head: bool,
) -> bool {
    let (Some(last), Some(first)) = (prev.chars().next_back(), next.chars().next()) else {
        return false;
    };
    if prev_tab || next.contains('\t') {
        return false;
    }
    if continues(first) && !is_heading(next) {
        return true;
    }
    if ends_sentence(last)
        || is_heading(next)
        || is_docno_or_date_line(next)
        || is_enacting_line(next)
    {
        return false;
    }
    // A trailing number (a phone, a count) followed by Han is not a wrap.
    let cjk_last = is_cjk(last);
    let cjk_first = is_han(first)
        || first.is_ascii_digit()
        || first.is_ascii_uppercase()
        || matches!(first, '《' | '“' | '〔');
    if !(cjk_last && cjk_first) || (!is_cjk(last) && !is_cjk(first)) {
        return false;
    }
    if prev.starts_with("附件") || is_docno_or_date_line(prev) {
        return false;
    }
    let w = prev_width;
    if w < 15.0 {
        return false;
    }
    if in_head
        && TITLE_ENDINGS
            .iter()
            .chain(HEAD_ORG_ENDINGS)
            .any(|t| prev.ends_with(t))
    {
        return false;
    }
    // A heading with no sentence punctuation is a title unless it fills the line.
    if is_heading(prev)
        && !prev.contains(['，', '。', '；', ','])
        && (w < wrap * 0.85 || starts_with_lead_phrase(next))
    {
        return false;
    }
    true
}

/// The words of an enacting note: ……会议通过, ……公布, ……起施行
/// (`lexicons/enacting_words.txt`).
pub static ENACTING_ACTIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::lexicon::entries(include_str!("../lexicons/enacting_words.txt")).collect()
});

/// An enacting line under a law's title, opening with its date and without
/// brackets (2022年9月2日 第十三届全国人民代表大会常务委员会……会议通过):
/// never the rest of the title.
pub fn is_enacting_line(line: &str) -> bool {
    let digits = line
        .chars()
        .take_while(|c| c.is_ascii_digit() || "〇○零一二三四五六七八九".contains(*c))
        .count();
    (2..=4).contains(&digits)
        && line.chars().nth(digits) == Some('年')
        && ENACTING_ACTIONS.iter().any(|w| line.contains(w))
}

/// `设列范围。…` / `纳入依据：…`: a short lead phrase that opens a paragraph.
fn starts_with_lead_phrase(line: &str) -> bool {
    line.chars()
        .take(9)
        .position(|c| matches!(c, '。' | '：' | ':'))
        .is_some_and(|p| p >= 2)
}

/// Normalize the pages of one document.
pub fn normalize(pages: &[String]) -> NormText {
    let folded: Vec<String> = pages.iter().map(|p| fold(p)).collect();
    let mut per_page: Vec<Vec<Cow<str>>> = folded.iter().map(|f| clean_lines(f)).collect();
    drop_page_furniture(&mut per_page);

    let lines: Vec<(Cow<str>, usize)> = per_page
        .into_iter()
        .enumerate()
        .flat_map(|(p, ls)| ls.into_iter().map(move |l| (l, p)))
        .collect();
    // Each line's width, measured once (a joined line's is the sum of its
    // parts': halves add exactly in an f32).
    let widths: Vec<f32> = lines.iter().map(|(l, _)| width(l)).collect();
    let wrap = wrap_width(&widths);

    // Rejoin.
    let mut joined: Vec<(Cow<str>, usize)> = Vec::with_capacity(lines.len());
    let mut joined_width = 0.0f32;
    // Whether the last joined line holds a tab: only its first part can
    // (no line with a tab is joined to another).
    let mut joined_tab = false;
    let mut in_head = true;
    for ((line, page), line_width) in lines.into_iter().zip(widths) {
        if let Some((prev, _)) = joined.last_mut() {
            if should_join(prev, joined_tab, joined_width, &line, wrap, in_head) {
                let needs_space = prev
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
                    && line
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric());
                let prev = prev.to_mut();
                if needs_space {
                    prev.push(' ');
                    joined_width += 0.5;
                }
                prev.push_str(&line);
                joined_width += line_width;
                continue;
            }
            if prev.ends_with(['。', '：', '；']) {
                in_head = false;
            }
        }
        joined_tab = line.contains('\t');
        joined.push((line, page));
        joined_width = line_width;
    }

    let mut text = String::with_capacity(joined.iter().map(|(l, _)| l.len() + 1).sum());
    let mut page_starts = vec![usize::MAX; pages.len()];
    for (line, page) in &joined {
        if let Some(s) = page_starts.get_mut(*page) {
            if *s == usize::MAX {
                *s = text.len();
            }
        }
        text.push_str(line);
        text.push('\n');
    }
    // Pages without a line of their own start where the next page starts.
    let mut next = text.len();
    for s in page_starts.iter_mut().rev() {
        if *s == usize::MAX {
            *s = next;
        } else {
            next = *s;
        }
    }
    NormText { text, page_starts }
}

/// Drop page-number lines anywhere, and lines repeated at the top or bottom
/// of most pages (running headers and footers).
fn drop_page_furniture(pages: &mut [Vec<Cow<str>>]) {
    let n = pages.len();
    for lines in pages.iter_mut() {
        let len = lines.len();
        let mut i = 0;
        lines.retain(|l| {
            let edge = i < 2 || i + 2 >= len;
            i += 1;
            let digits_only = l.len() <= 4 && l.chars().all(|c| c.is_ascii_digit());
            !(is_page_number(l) || (n > 1 && edge && digits_only))
        });
    }
    if n < 3 {
        return;
    }
    let key = |l: &str| -> String {
        l.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for lines in pages.iter() {
        let len = lines.len();
        let mut seen: Vec<String> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 2 || i + 2 >= len)
            .map(|(_, l)| key(l))
            .collect();
        seen.sort();
        seen.dedup();
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let threshold = (n / 2).max(3);
    for lines in pages.iter_mut() {
        let len = lines.len();
        let mut i = 0;
        lines.retain(|l| {
            let edge = i < 2 || i + 2 >= len;
            i += 1;
            !(edge && counts.get(&key(l)).is_some_and(|&c| c >= threshold))
        });
    }
}

#[cfg(test)]
mod tests {

    /// The checks that rule lines out before asking a regex answer as the
    /// regex alone: on every line of `corpus/docs` (folded, tidied), and on
    /// labels, headings and page numbers of every shape, with digits of
    /// other scripts (the regexes' `\d`).
    #[test]
    fn prefiltered_line_checks_answer_as_their_regexes() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/docs");
        let mut lines: Vec<String> = Vec::new();
        for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let e = e.expect("corpus/docs");
            if e.path().extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                let folded = super::fold(&text);
                lines.extend(super::clean_lines(&folded).iter().map(|l| l.to_string()));
            }
        }
        assert!(lines.len() > 1000, "{}", lines.len());
        for l in [
            "第五条",
            "第十二章",
            "第3节",
            "第١٢条",
            "第１条",
            "第条",
            "第ab条",
            "第五条　对",
            "第 五条",
            "一、总则",
            "十一、附则",
            "（一）",
            "(3)",
            "（١）",
            "1．",
            "1、",
            "12.",
            "١.",
            "附件1",
            "附表",
            "①",
            "⑳",
            "㉑",
            "- 3 -",
            "—３—",
            "第3页",
            "第 3 页 共 5 页",
            "共5页，第2页",
            "3/5",
            "٣/٥",
            "Page 2 of 5",
            "page 1",
            "PAGE 7",
            "·12·",
            "abc",
            "",
            "页",
        ] {
            lines.push(l.to_string());
        }
        let mut agreed = [0; 3];
        for l in &lines {
            let label = super::is_article_label(l);
            let want = l.starts_with('第')
                && l.ends_with(['条', '章', '节', '编'])
                && super::ARTICLE_LABEL.is_match(l);
            assert_eq!(label, want, "{l}");
            assert_eq!(super::is_heading(l), super::HEADING.is_match(l), "{l}");
            assert_eq!(
                super::is_page_number(l),
                super::PAGE_NUMBER.is_match(l),
                "{l}"
            );
            agreed[0] += usize::from(want);
            agreed[1] += usize::from(super::HEADING.is_match(l));
            agreed[2] += usize::from(super::PAGE_NUMBER.is_match(l));
        }
        assert!(agreed.iter().all(|n| *n >= 5), "{agreed:?}");
    }

    #[test]
    fn trim_is_str_trim() {
        // Every character at either end, around CJK text, with white space
        // of every kind (U+3000 shares its first byte with 、 and 。).
        let mut ends: Vec<char> = (0..0x11_0000)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace() || (*c as u32) < 0x3100 || (*c as u32) >= 0xFF00)
            .collect();
        ends.extend(['信', '〇', '一', '龥', '\u{FEFF}', '𠀀']);
        for &c in &ends {
            for s in [
                format!("{c}信用{c}"),
                format!("{c}信用"),
                format!("信用{c}"),
                format!("{c}"),
                format!("{c}{c}"),
                format!("　{c}。"),
            ] {
                assert_eq!(trim(&s), s.trim(), "{:?}", s);
            }
        }
        assert_eq!(trim(""), "");
    }
    use super::*;

    fn norm(s: &str) -> String {
        normalize(&[s.to_string()]).text
    }

    #[test]
    fn ascii_separators_in_chinese_text_become_full_width() {
        assert_eq!(
            fold("原则,向社会公布;第二款:2,000元"),
            "原则，向社会公布；第二款：2,000元"
        );
    }

    #[test]
    fn folds_full_width_digits_but_keeps_punctuation() {
        assert_eq!(norm("２０２１年（一）ＡＢ："), "2021年（一）AB：\n");
        assert_eq!(norm("⾦融"), "金融\n");
    }

    #[test]
    fn removes_stray_spaces() {
        assert_eq!(norm("大高信办字〔 2021 〕1 号"), "大高信办字〔2021〕1号\n");
        assert_eq!(norm("第 三 条　本办法"), "第三条 本办法\n");
        assert_eq!(
            norm("依据 GB/T 22239-2019 执行"),
            "依据 GB/T 22239-2019执行\n"
        );
        assert_eq!(norm("序号\t任务\t 责任单位"), "序号\t任务\t责任单位\n");
    }

    #[test]
    fn rejoins_the_seed_break_but_not_headings() {
        let seed = "纳入依据。将行政机关及法律、法规授权的具有管理公\n\n共事务职能的组织等掌握的特定行为信息纳入公共信用信息。\n\n（二）关于严重失信主体名单的设列范围、认定标准和程序\n\n设列范围。设列严重失信主体名单的领域。";
        let out = norm(seed);
        assert!(out.contains("具有管理公共事务职能"), "{out}");
        assert!(out.contains("认定标准和程序\n设列范围"), "{out}");
    }

    #[test]
    fn keeps_head_lines_apart() {
        let head = "大连高新区信用体系建设领导小组办公室\n\n大高信办字〔2021〕1号\n\n关于开展失信约束措施清理规范工作的通知\n\n各街道办事处、直属事业单位，机关各部门，各驻区机构：\n\n为贯彻落实。";
        let out = norm(head);
        assert_eq!(out.lines().count(), 5, "{out}");
        let tail = "附件：失信约束措施台账\n\n联系人：刘爽 联系电话：84799216\n\n高新区社会信用体系建设领导小组办公室\n\n2021年1月27日";
        assert_eq!(norm(tail).lines().count(), 4);
    }

    #[test]
    fn rejoins_hard_wrapped_text_across_pages() {
        let p1 = "第五条 对列入严重失信主体名单的市场主体，依法\n依规实施联合惩戒，并将相关信息记入信用\n— 1 —";
        let p2 = "记录。\n第六条 信用修复按照有关规定办理。\n— 2 —";
        let n = normalize(&[p1.to_string(), p2.to_string()]);
        assert_eq!(
            n.text,
            "第五条 对列入严重失信主体名单的市场主体，依法依规实施联合惩戒，并将相关信息记入信用记录。\n第六条 信用修复按照有关规定办理。\n"
        );
        assert_eq!(n.page_text(2), "第六条 信用修复按照有关规定办理。");
        assert_eq!(n.page_of(0), 1);
        assert_eq!(n.page_of(n.text.find("第六条").unwrap()), 2);
    }

    #[test]
    fn drops_page_numbers_and_running_headers() {
        let body = ["信用记录", "黑名单", "联合惩戒", "信用修复"];
        let pages: Vec<String> = (1..=4)
            .map(|i| {
                let w = body[i - 1];
                format!("某某区交通运输局文件\n第{i}条 关于{w}。\n正文第二段{w}。\n第{i}页 共4页")
            })
            .collect();
        let n = normalize(&pages);
        assert!(!n.text.contains("某某区交通运输局文件"), "{}", n.text);
        assert!(!n.text.contains("共4页"));
        assert!(n.text.contains("第3条 关于联合惩戒。"), "{}", n.text);
        assert_eq!(norm("正文。\n-3-\n— 4 —\n第3页"), "正文。\n");
    }

    #[test]
    fn empty_pages_keep_their_numbers() {
        let n = normalize(&["一。".to_string(), String::new(), "三。".to_string()]);
        assert_eq!(n.page_text(1), "一。");
        assert_eq!(n.page_text(2), "");
        assert_eq!(n.page_text(3), "三。");
    }
}

#[cfg(test)]
mod fold_tests {
    use super::{fold, split_lines, width};

    /// The run-at-a-time fold gives what folding each character gives.
    #[test]
    fn fold_changes_only_the_characters_it_should() {
        let s = "\u{feff}第１条\r\n甲,乙;丙:丁 a,b\u{3000}\u{200b}⾦融﹝2021﹞\r末\u{0c}尾\u{85}。ＡＢｃ";
        assert_eq!(
            fold(s),
            "第1条\n甲，乙；丙：丁 a,b 金融〔2021〕\n末\n尾。ABc"
        );
        let plain = "本办法自2021年1月1日起施行，（一）各部门：";
        assert_eq!(fold(plain), plain);
    }

    #[test]
    fn split_lines_is_split_at_line_breaks() {
        for t in [
            "",
            "\n",
            "a",
            "a\n",
            "\na",
            "第一条\n\n第二条\r\n三",
            "x\ny\nz\n\n",
        ] {
            assert_eq!(
                split_lines(t).collect::<Vec<_>>(),
                t.split('\n').collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn width_counts_ascii_as_half() {
        let slow = |s: &str| -> f32 {
            s.chars()
                .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                .sum()
        };
        for s in [
            "",
            "a",
            "第一条",
            "第1条 abc",
            "𠮷a信用修复（2021）GB/T 22117-2018。",
            "ab\u{80}\u{7ff}\u{800}",
        ] {
            for n in 0..12 {
                let t = s.repeat(n);
                assert_eq!(width(&t), slow(&t), "{t}");
            }
        }
    }

    #[test]
    fn fold_copies_every_ordinary_character_around_the_special_ones() {
        // Every character from the CJK blocks' neighbours to past U+9FFF
        // (the byte-level fast path), with a full-width digit and a CR now
        // and then, and printable ASCII.
        let mut raw = String::new();
        let mut want = String::new();
        for (k, c) in ('\u{3f00}'..='\u{a100}').chain(' '..='~').enumerate() {
            if k % 997 == 0 {
                raw.push_str("５\r");
                want.push_str("5\n");
            }
            raw.push(c);
            // (ASCII separators next to ASCII stay as they are.)
            want.push(c);
        }
        assert_eq!(fold(&raw), want);
    }
}
