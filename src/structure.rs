//! The citation tree of a document: 编/章/节/条/款/项/目 for 办法、条例、细则、
//! 规定, and 一、/（一）/1./（1） headings for 通知、方案、意见; 附件 parts; the
//! 印发 wrapper of a 通知 apart from the 办法 it carries.
//!
//! Every unit carries its citation (`第十二条第二款第（三）项`, `三、（二）`,
//! `附件1 第五条`), its page and its text. 款 is a paragraph inside an
//! article (the first paragraph is 第一款); an article with a single
//! paragraph cites its items directly (`第四条第（二）项`), as legal
//! citations do.

use crate::normalize::NormText;
use crate::numerals;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The 印发/转发 notice around a carried 办法.
    Wrapper,
    /// Title lines and anything before the first heading or article.
    Preamble,
    /// A 附件 part.
    Attachment,
    /// 编
    Part,
    /// 章
    Chapter,
    /// 节
    Section,
    /// 条
    Article,
    /// 款: a paragraph inside an article.
    Paragraph,
    /// 项: （一）
    Item,
    /// 目: 1.
    SubItem,
    /// 一、 （一） 1. （1） in a document without articles.
    Heading,
    /// A paragraph under a heading or in a preamble.
    Text,
    /// The signature block at the end of a part (issuer, date): not cited.
    Signature,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub kind: UnitKind,
    /// The label as printed (第十二条, （三）, 三、).
    pub label: String,
    /// Full citation; empty for parts that cannot be cited.
    pub cite: String,
    /// Number of the label (第十二条 → 12), 0 when unnumbered.
    pub number: u32,
    pub page: usize,
    /// Byte range of the unit (children included) in the normalized text.
    pub start: usize,
    pub end: usize,
    /// The unit's own text: its line without the label (for 条: its first paragraph's line).
    pub text: String,
    pub children: Vec<Unit>,
}

impl Unit {
    fn new(
        kind: UnitKind,
        label: &str,
        cite: String,
        number: u32,
        line: &Line<'_>,
        text: &str,
    ) -> Unit {
        Unit {
            kind,
            label: label.to_string(),
            cite,
            number,
            page: 0,
            start: line.start,
            end: line.end,
            text: crate::normalize::trim(text).to_string(),
            children: Vec::new(),
        }
    }

    /// All units, depth first.
    pub fn walk(&self) -> Vec<&Unit> {
        let mut out = Vec::new();
        self.walk_into(&mut out);
        out
    }

    /// Calls `f` on every unit of `units` and their children, depth first
    /// (the order of [`Unit::walk`], without collecting them).
    pub fn each<'a>(units: &'a [Unit], f: &mut impl FnMut(&'a Unit)) {
        for u in units {
            f(u);
            Unit::each(&u.children, f);
        }
    }

    fn walk_into<'a>(&'a self, out: &mut Vec<&'a Unit>) {
        out.push(self);
        for c in &self.children {
            c.walk_into(out);
        }
    }
}

/// A document's few cites (those of its provisions), asked of every unit:
/// a unit's cite is compared as text only where its length and last bytes
/// are a member's (a tree of strings compared most units' cites in full:
/// a sixth of the calls to `memcmp` in a scan).
pub struct CiteSet<'a> {
    keys: Vec<(u64, &'a str)>,
}

impl<'a> CiteSet<'a> {
    /// The set of `cites`, without duplicates, in the order first given.
    pub fn new(cites: impl IntoIterator<Item = &'a str>) -> CiteSet<'a> {
        let mut keys: Vec<(u64, &'a str)> = Vec::new();
        for c in cites {
            if !keys.iter().any(|(_, k)| *k == c) {
                keys.push((cite_key(c), c));
            }
        }
        CiteSet { keys }
    }

    /// Where `cite` stands among the members.
    pub fn position(&self, cite: &str) -> Option<usize> {
        let key = cite_key(cite);
        self.keys.iter().position(|(k, c)| *k == key && *c == cite)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A cite's last eight bytes (where 第三条第一款 and 第三条第二款 differ)
/// and its length, as one number: one load, no loop.
fn cite_key(cite: &str) -> u64 {
    let b = cite.as_bytes();
    let tail = &b[b.len().saturating_sub(8)..];
    let mut k = [0u8; 8];
    k[..tail.len()].copy_from_slice(tail);
    u64::from_le_bytes(k) ^ ((b.len() as u64) << 56)
}

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// Articles and containers start with 第: lines that do not are not given
/// to their regexes (most lines, and asking costs more than looking).
fn starts_with_di(text: &str) -> bool {
    text.starts_with('第')
}

/// The Chinese numerals of an article or container number (`第十二条`);
/// `NUM` in the docs below is a run of them or of digits. A list of
/// characters, not a string: `str::contains(char)` runs a substring search,
/// 140 instructions a call, on every numbered line.
const NUM_CHARS: &[char] = &[
    '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '零', '〇', '两',
];

fn is_num_char(c: char) -> bool {
    NUM_CHARS.contains(&c)
}

/// Whether `c` is one of [`H1_START`].
fn is_h1_char(c: char) -> bool {
    H1_START.contains(&c)
}

/// The characters of a list as a regex class's contents.
fn class(chars: &[char]) -> String {
    chars.iter().collect()
}

/// What a label regex captures, found with `find` (a DFA) and cut by hand:
/// `captures` costs several times more, and runs on every numbered line.
struct Label<'a> {
    /// The whole match.
    whole: &'a str,
    /// Where the match ends in the text.
    end: usize,
    /// The number (group 1).
    num: &'a str,
    /// The label character after the number (第…章: 章), for [`Shape::Di`].
    mark: &'a str,
}

/// Where the number sits in a label regex's match.
#[derive(Clone, Copy)]
enum Shape {
    /// 第 NUM X, then spaces.
    Di,
    /// （NUM）, then spaces.
    Paren,
    /// NUM, then one of these separators, then spaces.
    Lead(&'static [char]),
}

/// The label regexes. Each is anchored at the start of the line and simple
/// enough to match by hand ([`LabelRe::quick_end`]), which costs a few
/// nanoseconds where the regex's search cost a fifth of a microsecond on
/// every numbered line; the regex decides only where a digit outside ASCII
/// stands (`\d` is any decimal digit). The tests hold the two to the same
/// answers.
#[derive(Clone, Copy, Debug)]
enum LabelRe {
    Article,
    Container,
    H1,
    H2,
    H3,
    H4,
}

impl LabelRe {
    fn regex(self) -> &'static Regex {
        match self {
            LabelRe::Article => &ARTICLE,
            LabelRe::Container => &CONTAINER,
            LabelRe::H1 => &H1,
            LabelRe::H2 => &H2,
            LabelRe::H3 => &H3,
            LabelRe::H4 => &H4,
        }
    }

    fn shape(self) -> Shape {
        match self {
            LabelRe::Article | LabelRe::Container => Shape::Di,
            LabelRe::H1 => Shape::Lead(H1_SEPS),
            LabelRe::H3 => Shape::Lead(H3_SEPS),
            LabelRe::H2 | LabelRe::H4 => Shape::Paren,
        }
    }

    /// Whether the regex matches `text`.
    fn is_match(self, text: &str) -> bool {
        match self.quick_end(text) {
            Ok(end) => end.is_some(),
            Err(()) => self.regex().is_match(text),
        }
    }

    /// Where the regex's match ends (it always starts at 0), found by hand;
    /// `Err` where a character outside ASCII stands where a digit may, and
    /// only the regex can tell.
    fn quick_end(self, text: &str) -> Result<Option<usize>, ()> {
        let heading = is_h1_char;
        let mut s = Scan { text, at: 0 };
        Ok(match self {
            LabelRe::Article | LabelRe::Container => {
                if !s.eat(|c| c == '第') {
                    return Ok(None);
                }
                if s.run(is_num_char) == 0 && s.digits(usize::MAX)? == 0 {
                    return Ok(None);
                }
                let mark = |c: char| match self {
                    LabelRe::Article => c == '条',
                    _ => matches!(c, '编' | '章' | '节'),
                };
                if !s.eat(mark) {
                    return Ok(None);
                }
                s.run(char::is_whitespace);
                Some(s.at)
            }
            LabelRe::H1 => {
                if s.run(heading) == 0 || !s.eat(|c| H1_SEPS.contains(&c)) {
                    return Ok(None);
                }
                s.run(char::is_whitespace);
                Some(s.at)
            }
            LabelRe::H2 | LabelRe::H4 => {
                if !s.eat(|c| matches!(c, '（' | '(')) {
                    return Ok(None);
                }
                let n = match self {
                    LabelRe::H2 => s.run(heading),
                    _ => s.digits(2)?,
                };
                if n == 0 || !s.eat(|c| matches!(c, '）' | ')')) {
                    return Ok(None);
                }
                s.run(char::is_whitespace);
                Some(s.at)
            }
            LabelRe::H3 => {
                if s.digits(2)? == 0 || !s.eat(|c| H3_SEPS.contains(&c)) {
                    return Ok(None);
                }
                s.run(|c| c == ' ');
                Some(s.at)
            }
        })
    }
}

/// A cursor over a line for [`LabelRe::quick_end`].
struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    /// Takes one character if it is one of `f`.
    fn eat(&mut self, f: impl Fn(char) -> bool) -> bool {
        match self.peek() {
            Some(c) if f(c) => {
                self.at += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    /// Takes the characters of `f` there are; how many.
    fn run(&mut self, f: impl Fn(char) -> bool) -> usize {
        let mut n = 0;
        while self.eat(&f) {
            n += 1;
        }
        n
    }

    /// `\d{1,max}` (greedy): the ASCII digits there are, at most `max`; if
    /// more follow, the regex could only have stopped short of them and
    /// found no label mark there, so the answer is 0. `Err` where a
    /// character outside ASCII that may be a decimal digit comes first.
    fn digits(&mut self, max: usize) -> Result<usize, ()> {
        let mut n = 0;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() {
                if n == max {
                    return Ok(0);
                }
                n += 1;
                self.at += 1;
            } else if !c.is_ascii() && c.is_numeric() {
                return Err(());
            } else {
                break;
            }
        }
        Ok(n)
    }
}

fn find_label(re: LabelRe, text: &str) -> Option<Label<'_>> {
    let end = match re.quick_end(text) {
        Ok(end) => end?,
        Err(()) => re.regex().find(text)?.end(),
    };
    let whole = &text[..end];
    // The number and its marks hold no white space.
    let core = whole.trim_end();
    let first = core.chars().next()?.len_utf8();
    let last = core.chars().next_back()?.len_utf8();
    let (num, mark) = match re.shape() {
        Shape::Di => (
            core.get(first..core.len() - last)?,
            &core[core.len() - last..],
        ),
        Shape::Paren => (core.get(first..core.len() - last)?, ""),
        Shape::Lead(seps) => (&whole[..whole.find(seps)?], ""),
    };
    Some(Label {
        whole,
        end,
        num,
        mark,
    })
}

const H1_SEPS: &[char] = &['、', '，', ',', '．', '.'];
const H3_SEPS: &[char] = &['.', '．', '、', ' '];

static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    let num = class(NUM_CHARS);
    Regex::new(&format!(r"^第([{num}]+|\d+)条(?:\s+|$)?")).expect("static regex")
});
static CONTAINER: LazyLock<Regex> = LazyLock::new(|| {
    let num = class(NUM_CHARS);
    Regex::new(&format!(r"^第([{num}]+|\d+)([编章节])(?:\s+|$)?")).expect("static regex")
});
/// The numerals of an [`H1`] or [`H2`] heading (一、, （一）).
const H1_START: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
static H1: LazyLock<Regex> = LazyLock::new(|| {
    let num = class(H1_START);
    Regex::new(&format!(r"^([{num}]+)[、，,．.]\s*")).expect("static regex")
});
static H2: LazyLock<Regex> = LazyLock::new(|| {
    let num = class(H1_START);
    Regex::new(&format!(r"^[（(]([{num}]+)[）)]\s*")).expect("static regex")
});
static H3: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})(?:[.．、]| )[ ]*").expect("static regex"));
static H4: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(](\d{1,2})[）)]\s*").expect("static regex"));
static ATTACHMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^附\s*件\s*([0-9一二三四五六七八九十]{0,3})\s*[:：]?$").expect("static regex")
});

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for l in crate::normalize::split_lines(text) {
        if !crate::normalize::trim(l).is_empty() {
            out.push(Line {
                text: l,
                start: pos,
                end: pos + l.len(),
            });
        }
        pos += l.len() + 1;
    }
    out
}

/// The citation tree of a normalized document.
pub fn parse(norm: &NormText) -> Vec<Unit> {
    let all = lines(&norm.text);
    // Split off 附件 parts at standalone 附件 / 附件1 lines.
    let mut parts: Vec<(Option<String>, Vec<Line<'_>>)> = vec![(None, Vec::new())];
    for l in all {
        let t = crate::normalize::trim(l.text);
        if let Some(c) = t
            .starts_with('附')
            .then(|| ATTACHMENT.captures(t))
            .flatten()
        {
            let n = c.get(1).map(|m| m.as_str()).unwrap_or("");
            parts.push((Some(format!("附件{n}")), Vec::new()));
            continue;
        }
        if let Some(p) = parts.last_mut() {
            p.1.push(l);
        }
    }
    let mut units = Vec::new();
    for (label, mut ls) in parts {
        let prefix = label.as_ref().map(|l| format!("{l} ")).unwrap_or_default();
        // The signature block closing a part is no clause of it.
        let mut sig_start = ls.len();
        while sig_start > 1 && crate::meta::is_signature_line(ls[sig_start - 1].text) {
            sig_start -= 1;
        }
        let signature: Vec<Line<'_>> = ls.split_off(sig_start);
        let mut body = parse_part(&ls, &prefix);
        if let (Some(first), Some(last)) = (signature.first(), signature.last()) {
            let mut u = Unit::new(UnitKind::Signature, "", String::new(), 0, first, first.text);
            u.end = last.end;
            body.push(u);
        }
        match label {
            None => units.extend(body),
            Some(label) => {
                let (Some(first), Some(last)) = (ls.first(), ls.last()) else {
                    continue;
                };
                let mut u = Unit::new(
                    UnitKind::Attachment,
                    &label,
                    label.clone(),
                    0,
                    first,
                    first.text,
                );
                u.end = last.end;
                u.children = body;
                units.push(u);
            }
        }
    }
    set_pages(&mut units, norm);
    units
}

fn set_pages(units: &mut [Unit], norm: &NormText) {
    for u in units {
        u.page = norm.page_of(u.start);
        set_pages(&mut u.children, norm);
    }
}

/// Indexes of lines that are article headings: 第X条 at the start of a line,
/// numbered in sequence. A 第X条 that breaks the sequence and is glued to
/// its sentence (第四条规定的……) is a reference, not a heading.
fn article_lines(ls: &[Line<'_>]) -> Vec<(usize, u32, usize)> {
    let mut out = Vec::new();
    let mut last = 0u32;
    for (i, l) in ls.iter().enumerate() {
        let Some(c) = starts_with_di(l.text)
            .then(|| find_label(LabelRe::Article, l.text))
            .flatten()
        else {
            continue;
        };
        let Some(n) = numerals::parse(c.num) else {
            continue;
        };
        let whole = c.end;
        let spaced = whole < l.text.len() && l.text[..whole].ends_with(char::is_whitespace)
            || whole == l.text.len();
        let in_sequence = n == last + 1 || (n == 1 && last > 0);
        let glued_reference = !spaced
            && ["规定", "所", "的", "之", "中", "款", "项", "和", "或", "至"]
                .iter()
                .any(|w| l.text[whole..].starts_with(w));
        if (in_sequence && !glued_reference) || (spaced && n > last) {
            out.push((i, n, whole));
            last = n;
        }
    }
    out
}

fn parse_part(ls: &[Line<'_>], prefix: &str) -> Vec<Unit> {
    let arts = article_lines(ls);
    if arts.len() >= 2 {
        parse_articles(ls, &arts, prefix)
    } else {
        parse_headings(ls, prefix, UnitKind::Preamble)
    }
}

fn parse_articles(ls: &[Line<'_>], arts: &[(usize, u32, usize)], prefix: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    // Everything before the first 编/章/节 or 条: title lines, or a 印发 wrapper.
    let first_art = arts[0].0;
    let head_end = ls[..first_art]
        .iter()
        .position(|l| starts_with_di(l.text) && LabelRe::Container.is_match(l.text))
        .unwrap_or(first_art);
    if head_end > 0 {
        let head = &ls[..head_end];
        let wrapper = head
            .iter()
            .any(|l| l.text.contains("印发") || l.text.contains("转发"))
            && head
                .iter()
                .any(|l| l.text.ends_with('：') || l.text.ends_with(':'));
        if wrapper {
            let mut w = Unit::new(
                UnitKind::Wrapper,
                "",
                format!("{prefix}印发通知"),
                0,
                &head[0],
                head[0].text,
            );
            w.end = head[head.len() - 1].end;
            w.children = parse_headings(head, &format!("{prefix}印发通知 "), UnitKind::Text);
            out.push(w);
        } else {
            let mut p = Unit::new(
                UnitKind::Preamble,
                "",
                String::new(),
                0,
                &head[0],
                head[0].text,
            );
            p.end = head[head.len() - 1].end;
            out.push(p);
        }
    }
    // Containers (编/章/节) hold articles; a stack keeps the nesting. A new
    // container closes the open ones of its own rank and below (a 章 closes
    // the 节 and the 章 before it, not the 编 around it); `u8::MAX` closes all.
    let mut stack: Vec<Unit> = Vec::new();
    let close_until = |stack: &mut Vec<Unit>, out: &mut Vec<Unit>, rank: u8| {
        while stack.last().is_some_and(|u| container_rank(u.kind) <= rank) {
            if let Some(u) = stack.pop() {
                match stack.last_mut() {
                    Some(parent) => {
                        parent.end = parent.end.max(u.end);
                        parent.children.push(u);
                    }
                    None => out.push(u),
                }
            }
        }
    };
    let mut k = 0;
    let mut i = head_end;
    while i < ls.len() {
        let l = &ls[i];
        if k < arts.len() && arts[k].0 == i {
            let next = arts.get(k + 1).map(|a| a.0).unwrap_or(ls.len());
            // A container heading may sit between this article and the next.
            let end = ls[i + 1..next]
                .iter()
                .position(|x| starts_with_di(x.text) && LabelRe::Container.is_match(x.text))
                .map(|p| i + 1 + p)
                .unwrap_or(next);
            let art = parse_article(&ls[i..end], arts[k].1, arts[k].2, prefix);
            match stack.last_mut() {
                Some(parent) => {
                    parent.end = parent.end.max(art.end);
                    parent.children.push(art);
                }
                None => out.push(art),
            }
            k += 1;
            i = end;
            continue;
        }
        if let Some(c) = starts_with_di(l.text)
            .then(|| find_label(LabelRe::Container, l.text))
            .flatten()
        {
            let kind = match c.mark {
                "编" => UnitKind::Part,
                "章" => UnitKind::Chapter,
                _ => UnitKind::Section,
            };
            close_until(&mut stack, &mut out, container_rank(kind));
            let label = c.whole.trim();
            let n = numerals::parse(c.num).unwrap_or(0);
            let title = &l.text[c.end..];
            stack.push(Unit::new(
                kind,
                label,
                [prefix, label].concat(),
                n,
                l,
                title,
            ));
        } else if let Some(top) = stack.last_mut() {
            // A line after a chapter heading and before its first article: the chapter title's continuation.
            top.end = top.end.max(l.end);
        }
        i += 1;
    }
    close_until(&mut stack, &mut out, u8::MAX);
    out
}

fn container_rank(kind: UnitKind) -> u8 {
    match kind {
        UnitKind::Part => 3,
        UnitKind::Chapter => 2,
        UnitKind::Section => 1,
        _ => 0,
    }
}

/// One article: its 款 (paragraphs), their 项 （一） and 目 1.
fn parse_article(ls: &[Line<'_>], n: u32, label_end: usize, prefix: &str) -> Unit {
    // Labels and cites are joined with `concat`, not `format!` (a third of
    // this stage's time went to the formatting machinery).
    let label = numerals::ordinal(n, "条");
    let cite = [prefix, &label].concat();
    let first = &ls[0];
    let mut art = Unit::new(
        UnitKind::Article,
        &label,
        cite.clone(),
        n,
        first,
        &first.text[label_end..],
    );
    art.end = ls[ls.len() - 1].end;

    // Group lines into 款: a line that is not an item or sub-item starts a new 款.
    let mut paras: Vec<Unit> = Vec::new();
    for (j, l) in ls.iter().enumerate() {
        let text = if j == 0 { &l.text[label_end..] } else { l.text };
        if let Some(c) = text
            .starts_with(['（', '('])
            .then(|| find_label(LabelRe::H2, text))
            .flatten()
        {
            if let Some(p) = paras.last_mut() {
                let num = numerals::parse(c.num).unwrap_or(0);
                let body = &text[c.end..];
                let item_label = ["（", c.num, "）"].concat();
                let mut item = Unit::new(UnitKind::Item, &item_label, String::new(), num, l, body);
                item.start = l.start;
                p.children.push(item);
                p.end = l.end;
                continue;
            }
        }
        if let Some(c) = text
            .starts_with(|c: char| c.is_numeric() || c == '（' || c == '(')
            .then(|| find_label(LabelRe::H3, text).or_else(|| find_label(LabelRe::H4, text)))
            .flatten()
        {
            if let Some(item) = paras.last_mut().and_then(|p| p.children.last_mut()) {
                let num = numerals::parse(c.num).unwrap_or(0);
                let body = &text[c.end..];
                let sub = Unit::new(
                    UnitKind::SubItem,
                    c.whole.trim(),
                    String::new(),
                    num,
                    l,
                    body,
                );
                item.end = l.end;
                item.children.push(sub);
                if let Some(p) = paras.last_mut() {
                    p.end = l.end;
                }
                continue;
            }
        }
        // An item that runs on after a line break: the previous item has not
        // ended its sentence, so this line continues it rather than opening a 款.
        if let Some(p) = paras.last_mut() {
            if let Some(item) = p.children.last_mut() {
                let open = !item
                    .text
                    .ends_with(['。', '；', '：', ';', ':', '！', '？']);
                if open && item.children.is_empty() {
                    item.text.push_str(text.trim());
                    item.end = l.end;
                    p.end = l.end;
                    continue;
                }
            }
        }
        let n = paras.len() as u32 + 1;
        let mut p = Unit::new(UnitKind::Paragraph, "", String::new(), n, l, text);
        if j == 0 {
            p.start = l.start;
        }
        paras.push(p);
    }
    let single = paras.len() == 1;
    for p in &mut paras {
        if single {
            p.cite = cite.clone();
            p.label = String::new();
        } else {
            p.label = numerals::ordinal(p.number, "款");
            p.cite = [cite.as_str(), &p.label].concat();
        }
        for item in &mut p.children {
            item.cite = [&p.cite, "第", &item.label, "项"].concat();
            for sub in &mut item.children {
                sub.cite = format!("{}第{}目", item.cite, sub.number);
            }
        }
    }
    art.children = paras;
    art
}

/// 一、/（一）/1./（1） headings; paragraphs under a heading belong to it.
fn parse_headings(ls: &[Line<'_>], prefix: &str, loose: UnitKind) -> Vec<Unit> {
    // Each open heading with its level (1..=4).
    let mut stack: Vec<(u8, Unit)> = Vec::new();
    let mut out: Vec<Unit> = Vec::new();
    let mut loose_count = 0;
    fn close(stack: &mut Vec<(u8, Unit)>, out: &mut Vec<Unit>, level: u8) {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            if let Some((_, u)) = stack.pop() {
                match stack.last_mut() {
                    Some((_, parent)) => {
                        parent.end = parent.end.max(u.end);
                        parent.children.push(u);
                    }
                    None => out.push(u),
                }
            }
        }
    }
    for l in ls {
        let t = l.text;
        // Each heading regex is asked only of lines whose first character
        // it can start with (most lines start with none of them).
        let first = t.chars().next().unwrap_or(' ');
        let paren = matches!(first, '（' | '(');
        let hit = [
            (1u8, LabelRe::H1, is_h1_char(first)),
            (2, LabelRe::H2, paren),
            (4, LabelRe::H4, paren),
            (3, LabelRe::H3, first.is_numeric()),
        ]
        .into_iter()
        .filter(|(_, _, may)| *may)
        .find_map(|(lv, re, _)| find_label(re, t).map(|c| (lv, c)));
        if let Some((level, c)) = hit {
            let num = numerals::parse(c.num).unwrap_or(0);
            let label = match level {
                1 => [c.num, "、"].concat(),
                3 => [c.num, "."].concat(),
                _ => ["（", c.num, "）"].concat(),
            };
            close(&mut stack, &mut out, level);
            let parent_cite = stack
                .last()
                .map(|(_, u)| u.cite.clone())
                .unwrap_or_else(|| prefix.to_string());
            let body = &t[c.end..];
            let u = Unit::new(
                UnitKind::Heading,
                &label,
                [parent_cite.as_str(), &label].concat(),
                num,
                l,
                body,
            );
            stack.push((level, u));
            continue;
        }
        match stack.last_mut() {
            Some((_, top)) => {
                let n = top
                    .children
                    .iter()
                    .filter(|c| c.kind == UnitKind::Text)
                    .count() as u32
                    + 1;
                let u = Unit::new(UnitKind::Text, "", top.cite.clone(), n, l, t);
                top.end = top.end.max(l.end);
                top.children.push(u);
                // Ancestors grow with their last child.
                for (_, anc) in stack.iter_mut() {
                    anc.end = anc.end.max(l.end);
                }
            }
            None => {
                loose_count += 1;
                // Paragraphs before the first heading (a 通知's opening) cite as 正文.
                let cite = if prefix.trim().is_empty() {
                    "正文".to_string()
                } else {
                    prefix.trim().to_string()
                };
                out.push(Unit::new(loose, "", cite, loose_count, l, t));
            }
        }
    }
    close(&mut stack, &mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn tree(s: &str) -> Vec<Unit> {
        parse(&normalize(&[s.to_string()]))
    }

    #[test]
    fn each_visits_the_units_in_the_order_of_walk() {
        let units = tree(BANFA);
        let mut visited: Vec<&str> = Vec::new();
        Unit::each(&units, &mut |u| visited.push(u.cite.as_str()));
        let walked: Vec<&str> = units
            .iter()
            .flat_map(|u| u.walk())
            .map(|u| u.cite.as_str())
            .collect();
        assert!(walked.len() > 10, "{walked:?}");
        assert_eq!(visited, walked);
    }

    fn cites(units: &[Unit]) -> Vec<String> {
        units
            .iter()
            .flat_map(|u| u.walk())
            .map(|u| u.cite.clone())
            .filter(|c| !c.is_empty())
            .collect()
    }

    /// A 章 after a 节 closes the 节 and the 章 before it: the 节 stands
    /// inside its chapter and the next chapter beside it, not inside the 节
    /// (containers used to close only those of a higher rank).
    #[test]
    fn a_chapter_after_a_section_closes_both() {
        let units = tree(
            "某某条例\n第一编 通则\n第一章 总则\n第一条 甲。\n第一节 一般规定\n第二条 乙。\n第二节 特别规定\n第三条 丙。\n第二章 法律责任\n第四条 丁。\n第二编 附则\n第五条 戊。\n",
        );
        fn shape(u: &Unit) -> String {
            let inner: Vec<String> = u
                .children
                .iter()
                .filter(|c| c.kind != UnitKind::Paragraph)
                .map(shape)
                .collect();
            if inner.is_empty() {
                u.label.clone()
            } else {
                format!("{}[{}]", u.label, inner.join(" "))
            }
        }
        let top: Vec<String> = units
            .iter()
            .filter(|u| u.kind != UnitKind::Preamble)
            .map(shape)
            .collect();
        assert_eq!(
            top,
            [
                "第一编[第一章[第一条 第一节[第二条] 第二节[第三条]] 第二章[第四条]]",
                "第二编[第五条]"
            ]
        );
    }

    /// Markdown heading marks (texts copied from web pages and open law
    /// collections) do not hide a chapter or a section: the articles after
    /// `## 第三章 法律责任` stand under it, and the heading is no paragraph
    /// of the article before it.
    #[test]
    fn markdown_heading_marks_do_not_hide_chapters_and_sections() {
        let units = tree(
            "某某条例\n## 第一章 总则\n第一条 为了测试，制定本条例。\n### 第一节 一般规定\n第二条 甲。\n## 第二章　法律责任\n第三条 违反本条例的，记入信用记录。\n#3楼 不是标题\n",
        );
        let chapters: Vec<(&str, Vec<&str>)> = units
            .iter()
            .filter(|u| u.kind == UnitKind::Chapter)
            .map(|u| {
                let arts = u
                    .walk()
                    .into_iter()
                    .filter(|x| x.kind == UnitKind::Article)
                    .map(|x| x.cite.as_str())
                    .collect();
                (u.text.as_str(), arts)
            })
            .collect();
        assert_eq!(
            chapters,
            [
                ("总则", vec!["第一条", "第二条"]),
                ("法律责任", vec!["第三条"])
            ]
        );
        // No heading became a paragraph of the article above it; the last
        // line (`#` without a space) is a paragraph of its own.
        assert_eq!(
            cites(&units),
            [
                "第一章",
                "第一条",
                "第一条",
                "第一节",
                "第二条",
                "第二条",
                "第二章",
                "第三条",
                "第三条第一款",
                "第三条第二款"
            ]
        );
        let sections = units
            .iter()
            .flat_map(|u| u.walk())
            .filter(|u| u.kind == UnitKind::Section)
            .count();
        assert_eq!(sections, 1);
        // `#` without a space after it is text, not a mark.
        let last = units
            .iter()
            .flat_map(|u| u.walk())
            .filter(|u| u.text.contains("#3楼"))
            .count();
        assert_eq!(last, 1);
    }

    const BANFA: &str = "某某区道路运输信用管理办法\n第一章　总则\n第一条　为了规范道路运输信用管理，制定本办法。\n第二条　本办法适用于本区。\n第二章　信用信息\n第三条　有下列情形之一的，列入黑名单：\n（一）伪造证件的；\n（二）拒不整改的：\n1. 逾期未改正；\n2. 再次违法。\n依照本办法第二条处理的，记入信用记录。\n第 四 条 信用修复按照有关规定办理。";

    #[test]
    fn labels_cut_by_hand_equal_the_regex_captures() {
        let lines = [
            "第十二条　有下列情形之一的",
            "第12条 本办法",
            "第一百零三条",
            "第三章 信用修复",
            "第二节　附则",
            "第四条规定的",
            "（一）伪造证件的；",
            "(十二) 拒不整改",
            "（3）逾期",
            "1. 逾期未改正；",
            "12、再次违法",
            "3 其他",
            "一、总体要求",
            "十一，工作安排",
            "五. 附则",
            "第 四 条",
            "（一）",
        ];
        let mut compared = 0;
        for label in LABELS {
            let re = label.regex();
            for t in lines {
                let got = find_label(label, t);
                let want = re.captures(t);
                assert_eq!(got.is_some(), want.is_some(), "{} on {t}", re.as_str());
                if let (Some(g), Some(w)) = (got, want) {
                    compared += 1;
                    assert_eq!(g.num, &w[1], "{t}");
                    assert_eq!(g.whole, &w[0], "{t}");
                    assert_eq!(g.end, w.get(0).map_or(0, |m| m.end()), "{t}");
                    if let Some(mark) = w.get(2) {
                        assert_eq!(g.mark, mark.as_str(), "{t}");
                    }
                }
            }
        }
        assert!(compared >= 14, "{compared}");
    }

    const LABELS: [LabelRe; 6] = [
        LabelRe::Article,
        LabelRe::Container,
        LabelRe::H1,
        LabelRe::H2,
        LabelRe::H3,
        LabelRe::H4,
    ];

    /// The hand matcher against its regex: on every line of `corpus/docs`
    /// and on every string of up to four pieces drawn from label
    /// characters, digits (ASCII, full-width, Arabic-Indic), numerals and
    /// white space of several kinds.
    #[test]
    fn labels_found_by_hand_end_where_the_regex_ends() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/docs");
        let mut texts: Vec<String> = Vec::new();
        for i in crate::pipeline::collect_inputs(&[dir]) {
            for d in crate::pipeline::read_file(&i, &crate::pipeline::Options::default()) {
                texts.extend(lines(&d.norm.text).iter().map(|l| l.text.to_string()));
            }
        }
        let pieces = [
            "第", "条", "章", "编", "节", "十", "二", "百", "两", "〇", "1", "23", "４", "٣", "①",
            "、", "，", ",", "．", ".", "（", "(", "）", ")", " ", "\u{3000}", "\u{a0}", "\t",
            "\u{2003}", "款", "x",
        ];
        let n = pieces.len();
        for a in 0..n {
            for b in 0..n {
                for c in 0..n {
                    texts.push([pieces[a], pieces[b], pieces[c]].concat());
                    texts.push([pieces[a], pieces[b], pieces[c], " 规定"].concat());
                    texts.push(["（", pieces[a], pieces[b], pieces[c]].concat());
                    texts.push(["第", pieces[a], pieces[b], pieces[c]].concat());
                }
            }
        }
        let (mut by_hand, mut found) = (0, 0);
        for label in LABELS {
            let re = label.regex();
            for t in &texts {
                let want = re.find(t).map(|m| m.end());
                if let Ok(end) = label.quick_end(t) {
                    by_hand += 1;
                    assert_eq!(end, want, "{label:?} on {t:?}");
                }
                assert_eq!(label.is_match(t), want.is_some(), "{label:?} on {t:?}");
                found += usize::from(want.is_some());
            }
        }
        assert!(
            by_hand > 6 * texts.len() * 9 / 10,
            "{by_hand} of {}",
            6 * texts.len()
        );
        assert!(found > 3000, "{found}");
    }

    #[test]
    fn numeral_predicates_are_the_numeral_lists() {
        // The lists as the label regexes' classes hold them.
        let (num, h1) = (class(NUM_CHARS), class(H1_START));
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert_eq!(is_num_char(c), num.contains(c), "{c}");
            assert_eq!(is_h1_char(c), h1.contains(c), "{c}");
        }
    }

    #[test]
    fn a_cite_set_finds_its_members_and_nothing_else() {
        // Cites of one length that differ only in their last character,
        // and in the character before the last six bytes.
        let cites = [
            "第三条第一款",
            "第三条第二款",
            "第四条第一款",
            "三、（一）",
            "第三条第一款",
        ];
        let set = CiteSet::new(cites);
        assert_eq!(set.len(), 4);
        assert_eq!(set.position("第三条第一款"), Some(0));
        assert_eq!(set.position("第三条第二款"), Some(1));
        assert_eq!(set.position("第四条第一款"), Some(2));
        assert_eq!(set.position("三、（一）"), Some(3));
        for other in [
            "第五条第一款",
            "第三条",
            "",
            "第三条第一款第（一）项",
            "四、（一）",
        ] {
            assert_eq!(set.position(other), None, "{other}");
        }
        assert!(CiteSet::new([]).is_empty());
    }

    #[test]
    fn headings_numbered_with_every_chinese_numeral() {
        let text = "一、甲项工作。\n二、乙。\n三、丙。\n四、丁。\n五、戊。\n六、己。\n七、庚。\n八、辛。\n九、壬。\n十、癸。\n十一、子。\n（一）丑。\n1. 寅。";
        let c = cites(&tree(text));
        for want in ["一、", "四、", "九、", "十、", "十一、", "十一、（一）"] {
            assert!(c.iter().any(|x| x == want), "{want} in {c:?}");
        }
    }

    #[test]
    fn articles_paragraphs_items_and_sub_items() {
        let t = tree(BANFA);
        let c = cites(&t);
        for want in [
            "第一章",
            "第一条",
            "第二章",
            "第三条",
            "第三条第一款",
            "第三条第一款第（一）项",
            "第三条第一款第（二）项第1目",
            "第三条第二款",
            "第四条",
        ] {
            assert!(c.contains(&want.to_string()), "{want} missing from {c:?}");
        }
        let ch2 = t.iter().find(|u| u.label == "第二章").unwrap();
        assert_eq!(ch2.children.len(), 2);
        let art3 = &ch2.children[0];
        assert_eq!(art3.number, 3);
        assert_eq!(
            art3.children[1].text,
            "依照本办法第二条处理的，记入信用记录。"
        );
        // 第二条 inside the sentence is a reference, not a heading.
        assert!(!c
            .iter()
            .any(|x| x.contains("第二条") && x.contains("第三条")));
    }

    #[test]
    fn single_paragraph_article_cites_items_directly() {
        let t = tree("第一条 总则。\n第二条 有下列情形的：\n（一）甲；\n（二）乙。");
        let c = cites(&t);
        assert!(c.contains(&"第二条第（二）项".to_string()), "{c:?}");
    }

    #[test]
    fn items_running_on_odd_spacing_and_indents() {
        let t = tree("第一条　总则。\n第 二 条 有下列情形之一的，列入名单：\n（一）伪造、变造证件\n从事经营的；\n（二）拒不整改的。\n　　前款规定的名单，依照本办法第一条公布。\n第三条　信用修复。");
        let c = cites(&t);
        assert!(c.contains(&"第二条第一款第（一）项".to_string()), "{c:?}");
        assert!(c.contains(&"第二条第二款".to_string()), "{c:?}");
        assert!(!c.contains(&"第二条第三款".to_string()), "{c:?}");
        let art2 = t.iter().find(|u| u.number == 2).unwrap();
        assert_eq!(
            art2.children[0].children[0].text,
            "伪造、变造证件从事经营的；"
        );
        assert_eq!(
            art2.children[1].text,
            "前款规定的名单，依照本办法第一条公布。"
        );
    }

    #[test]
    fn the_signature_block_is_not_a_paragraph() {
        let t = tree(
            "第一条 总则。\n第二条 本办法自印发之日起施行。\n某某区市场监督管理局\n2021年6月10日",
        );
        let c = cites(&t);
        assert!(!c.iter().any(|x| x.contains("第二款")), "{c:?}");
        assert_eq!(t.last().map(|u| u.kind), Some(UnitKind::Signature));
    }

    #[test]
    fn headings_of_a_notice() {
        let t = tree("关于加强信用管理的通知\n各单位：\n一、工作目标\n加快社会信用体系建设。\n二、主要措施\n（一）记入信用记录\n将违法行为记入信用记录。\n1. 每月报送；\n（二）联合惩戒\n依法实施联合惩戒。\n三、工作要求");
        let c = cites(&t);
        for want in [
            "一、",
            "二、",
            "二、（一）",
            "二、（一）1.",
            "二、（二）",
            "三、",
        ] {
            assert!(c.contains(&want.to_string()), "{want} missing from {c:?}");
        }
        let two = t.iter().find(|u| u.cite == "二、").unwrap();
        let one = &two.children[0];
        assert_eq!(one.children[0].text, "将违法行为记入信用记录。");
    }

    #[test]
    fn wrapper_and_attachment_parts() {
        let s = "关于印发《某某区信用管理办法》的通知\n各单位：\n现将《某某区信用管理办法》印发给你们，请遵照执行。\n某某区发展和改革局\n2021年3月1日\n某某区信用管理办法\n第一条 为了……制定本办法。\n第二条 记入信用记录。\n附件1\n信用修复申请表\n一、申请人信息\n第一条 不是条文。\n附件2\n某某区信用评价细则\n第一条 总则。\n第二条 评价。";
        let t = tree(s);
        assert_eq!(t[0].kind, UnitKind::Wrapper);
        let c = cites(&t);
        assert!(c.contains(&"第二条".to_string()), "{c:?}");
        assert!(c.contains(&"附件1 一、".to_string()), "{c:?}");
        assert!(c.contains(&"附件2 第二条".to_string()), "{c:?}");
    }
}
