//! Document metadata from the normalized text: title (which may span two or
//! three lines), 文号, issuer, date, and where 附件 start.
//!
//! A 通知 that 印发 an 办法 keeps both titles: the ledger names the 办法
//! (`carried_title`) and gives the 通知's 文号.

use crate::normalize::NormText;
use crate::numerals;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Meta {
    pub title: Option<String>,
    /// The 办法/规定 that this 通知 issues (印发/转发《…》的通知).
    pub carried_title: Option<String>,
    pub docno: Option<String>,
    pub issuer: Option<String>,
    /// ISO date (YYYY-MM-DD).
    pub date: Option<String>,
    pub attachments: Vec<Attachment>,
}

impl Meta {
    /// The title that gives context to the whole text: the carried 办法 of a
    /// 印发通知, else the document's own title, else nothing.
    /// Whether the document is a 转发 notice: the unit's own, forwarding a
    /// higher document (its `carried_title`), which is its basis and not
    /// its name. (A 印发 notice issues its 办法: the 办法 is the document.)
    pub fn forwards(&self) -> bool {
        self.title.as_deref().is_some_and(|t| t.contains("转发"))
    }

    pub fn context_title(&self) -> &str {
        self.carried_title
            .as_deref()
            .or(self.title.as_deref())
            .unwrap_or("")
    }
}

/// A 附件 part: its label line (附件1), its title when one follows, and where it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub label: String,
    pub title: Option<String>,
    pub offset: usize,
    pub page: usize,
}

/// 文号: an agency prefix, a year in any bracket style, a number. Also 令第N号.
static DOCNO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:[\p{Han}A-Za-z]{1,16}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号|[\p{Han}]{2,20}令\s*(?:〔\s*\d{4}\s*〕\s*)?第\s*\d{1,5}\s*号)",
    )
    .expect("static regex")
});

/// The first 文号 in `s`. Every 文号 ends with 号: most lines are ruled out
/// without the regex, which is slow to start on a new line (its classes of
/// Han characters repeat up to twenty times).
fn docno_in(s: &str) -> Option<regex::Match<'_>> {
    s.contains('号').then(|| DOCNO.find(s)).flatten()
}

static DOCNO_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:发文字号|文号|发文号)\s*[:：]\s*").expect("static regex"));

static DATE_CN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([〇○零OＯ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
        .expect("static regex")
});
static DATE_NUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").expect("static regex")
});
static DATE_ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})").expect("static regex")
});
static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:成文日期|印发日期|发文日期|发布日期|发布时间)\s*[:：]\s*")
        .expect("static regex")
});

/// [`DOCNO_LABEL`] in `s`; each of its words holds 号, and most lines are
/// ruled out without the regex.
fn docno_label(s: &str) -> Option<regex::Match<'_>> {
    s.contains('号').then(|| DOCNO_LABEL.find(s)).flatten()
}

/// [`DATE_LABEL`] in `s`; each of its words holds 日期 or 时间.
fn date_label(s: &str) -> Option<regex::Match<'_>> {
    (s.contains("日期") || s.contains("时间"))
        .then(|| DATE_LABEL.find(s))
        .flatten()
}

static ATTACHMENT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^附\s*件\s*([0-9一二三四五六七八九十]{0,3})\s*[:：]?$").expect("static regex")
});

use crate::normalize::{ENACTING_ACTIONS, TITLE_ENDINGS};

/// Endings of an organisation's name, for issuer lines and signatures.
const ORG_ENDINGS: &[&str] = &[
    "局",
    "委员会",
    "委",
    "办公室",
    "办",
    "人民政府",
    "政府",
    "中心",
    "厅",
    "部",
    "院",
    "会",
    "所",
    "队",
    "处",
    "署",
    "站",
    "公司",
    "街道办事处",
    "管委会",
    "小组",
];

pub fn extract_meta(norm: &NormText) -> Meta {
    let lines: Vec<(usize, &str)> = line_offsets(&norm.text);
    let head: Vec<(usize, &str)> = lines.iter().take(30).copied().collect();

    let (docno, docno_line) = find_docno(&head);
    let (title, title_end) = find_title(&head);
    let carried_title = title.as_deref().and_then(carried);
    let mut date = find_date(&lines);
    let mut issuer = find_issuer(&lines, docno_line, title.as_deref(), title_end);
    let mut docno = docno;
    // A 题注 under the title: （2019年8月2日某某区人民政府办公室印发　某政办发（2019）5号）
    if let Some(note) = head.get(title_end).map(|x| x.1).and_then(title_note) {
        docno = docno.or(note.docno);
        date = date.or(note.date);
        issuer = issuer.or(note.issuer);
    }
    let attachments = find_attachments(&lines, norm);
    Meta {
        title,
        carried_title,
        docno,
        issuer,
        date,
        attachments,
    }
}

fn line_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for l in crate::normalize::split_lines(text) {
        let t = crate::normalize::trim(l);
        if !t.is_empty() {
            out.push((pos, t));
        }
        pos += l.len() + 1;
    }
    out
}

/// The document's own 文号: a line of the head that is mostly a 文号, or a
/// labelled one (发文字号：…). A 文号 cited inside a sentence is not it.
fn find_docno(head: &[(usize, &str)]) -> (Option<String>, Option<usize>) {
    for (i, (_, line)) in head.iter().enumerate() {
        if let Some(m) = docno_label(line) {
            if let Some(d) = docno_in(&line[m.end()..]) {
                return (Some(clean_docno(d.as_str())), Some(i));
            }
        }
    }
    for (i, (_, line)) in head.iter().enumerate().take(12) {
        if let Some(d) = docno_in(line) {
            let rest = line.len() - d.as_str().len();
            let signer = line.contains("签发人");
            if rest <= 6 || signer || line.chars().count() <= 24 {
                if line.contains("《") || line.contains("根据") || line.contains("按照") {
                    continue;
                }
                return (Some(clean_docno(d.as_str())), Some(i));
            }
        }
    }
    (None, None)
}

/// Words that never belong to a 文号 prefix; the prefix starts after the last one.
const DOCNO_PREFIX_CUT: &[&str] = &[
    "印发", "发布", "公布", "转发", "根据", "依据", "按照", "参照", "执行", "落实", "关于", "的",
    "和", "及", "与", "或", "见", "号",
];

/// The 文号 in `m`, with any leading words of the sentence cut away.
pub fn clean_docno(m: &str) -> String {
    let s = compact(m);
    let bracket = s
        .find(['〔', '[', '［', '(', '（', '【', '令'])
        .unwrap_or(0);
    let mut start = 0;
    for w in DOCNO_PREFIX_CUT {
        if let Some(p) = s[..bracket].rfind(w) {
            start = start.max(p + w.len());
        }
    }
    s[start..].to_string()
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A line of a signature block: the issuing organisation, the date, or a
/// publication note such as （此件公开发布）.
pub fn is_signature_line(line: &str) -> bool {
    let l = crate::normalize::trim(line);
    is_date_line(l)
        || is_org_line(l)
        || (l.starts_with(['（', '('])
            && (l.contains("此件") || l.contains("代章") || l.contains("印章")))
}

fn is_date_line(line: &str) -> bool {
    // A date ends with 日: most lines are ruled out without a regex.
    if !line.trim_end().ends_with('日') {
        return false;
    }
    let l = compact(line);
    [&*DATE_NUM, &*DATE_CN].iter().any(|re| {
        re.find(&l)
            .is_some_and(|m| m.start() == 0 && m.end() == l.len())
    })
}

fn ends_with_any(s: &str, ends: &[&str]) -> bool {
    ends.iter().any(|e| s.ends_with(e))
}

fn is_org_line(line: &str) -> bool {
    let l = line.trim_end_matches("文件");
    let n = l.chars().count();
    (2..=40).contains(&n)
        && ends_with_any(l, ORG_ENDINGS)
        && !l.contains(['，', '。', '：', ':', '；', '《'])
        && !l.contains("关于")
}

/// Words of a line above the title that is never the title: markings of a
/// 红头, a web page's controls (`lexicons/head_lines.txt`).
static HEAD_LINES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| crate::lexicon::entries(include_str!("../lexicons/head_lines.txt")).collect());

/// Lines of a 红头 or a page header that come before the title.
fn is_preamble_line(line: &str) -> bool {
    line.ends_with("文件")
        || line.contains("签发人")
        || line.starts_with("索引号")
        || line.contains("密级")
        || HEAD_LINES.iter().any(|w| {
            line.strip_prefix(w)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
        || line.chars().all(|c| "─━-—=_＿*·".contains(c))
        || date_label(line).is_some()
        || docno_label(line).is_some()
        || is_date_line(line)
}

/// The title: the first head line that is not a 红头, 文号, 签发人 or
/// similar line (the 文号 may stand above or below the title).
fn find_title(head: &[(usize, &str)]) -> (Option<String>, usize) {
    let start = 0;
    let mut i = start;
    while i < head.len() && i < start + 8 {
        let line = head[i].1;
        let next = head.get(i + 1).map(|x| x.1);
        let skip = is_preamble_line(line)
            || docno_in(line).is_some_and(|m| line.len() - m.as_str().len() <= 6)
            // An issuer line above the title (no 文号 line between them).
            || (is_org_line(line)
                && next.is_some_and(|n| {
                    n.contains("关于")
                        || ends_with_any(n, &TITLE_ENDINGS)
                        || is_org_line(n)
                        || docno_in(n).is_some_and(|m| n.len() - m.as_str().len() <= 6)
                }));
        if !skip {
            break;
        }
        i += 1;
    }
    let Some(&(_, first)) = head.get(i) else {
        return (None, i);
    };
    if first.contains('。') || first.ends_with('：') || first.chars().count() > 80 {
        return (None, i);
    }
    let mut title = first.to_string();
    let mut j = i + 1;
    while let Some(&(_, next)) = head.get(j) {
        // A title may end in a note (（试行）, （2021年修订）).
        let bare = match title.strip_suffix('）') {
            Some(t) => t.rsplit_once('（').map_or(title.as_str(), |(a, _)| a),
            None => title.as_str(),
        };
        let continues_title = next.starts_with('的')
            || next.starts_with("（试行）")
            || next.starts_with("（暂行）")
            || !ends_with_any(bare, &TITLE_ENDINGS);
        // The enacting note of a law or regulation under its title:
        // （2020年6月20日第十三届全国人民代表大会常务委员会第十九次会议通过）.
        // Also without brackets, opening with the date (a law as printed
        // by the NPC's database: 2022年9月2日 第十三届……会议通过).
        let enacting = next.starts_with(['（', '('])
            && next.contains('年')
            && ENACTING_ACTIONS.iter().any(|w| next.contains(w))
            || crate::normalize::is_enacting_line(next);
        let looks_like_body = enacting
            || next.ends_with('：')
            || next.contains(['。', '；', '，'])
            || next.starts_with('第')
            || is_date_line(next)
            || docno_in(next).is_some()
            || next.starts_with("附件");
        if !continues_title || looks_like_body || title.chars().count() + next.chars().count() > 90
        {
            break;
        }
        title.push_str(next);
        j += 1;
    }
    if !title.chars().any(crate::normalize::is_han) {
        return (None, j);
    }
    (Some(title), j)
}

struct TitleNote {
    docno: Option<String>,
    date: Option<String>,
    issuer: Option<String>,
}

static NOTE_ACTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:印发|发布|公布|通过|修订|修正|施行)").expect("static regex"));

/// A bracketed line under the title that says who issued it when.
fn title_note(line: &str) -> Option<TitleNote> {
    let inner = line.strip_prefix(['（', '('])?.strip_suffix(['）', ')'])?;
    let action = NOTE_ACTION.find(inner)?;
    let date_m = DATE_NUM.find(inner).or_else(|| DATE_CN.find(inner));
    let date = date_m.and_then(|m| parse_date(m.as_str()));
    let issuer = date_m.and_then(|m| {
        let between = inner.get(m.end()..action.start())?.trim();
        is_org_line(between).then(|| between.to_string())
    });
    let docno = docno_in(inner).map(|m| clean_docno(m.as_str()));
    Some(TitleNote {
        docno,
        date,
        issuer,
    })
}

/// The actions of a notice that carries a document (关于印发《…》的通知).
const CARRY_ACTIONS: [&str; 4] = ["印发", "转发", "颁布", "发布"];

/// The title a notice carries: after the leftmost action word that starts a
/// carrying phrase, either 《title》 (2 to 80 characters up to the first 》)
/// or the 4 to 60 characters (no 《》) before the nearest closing 的通知 /
/// 的决定. This is what the regex
/// `(?:印发|转发|颁布|发布)\s*(?:《([^》]{2,80})》|([^《》]{4,60}?))\s*的\s*(?:通知|决定)`
/// finds (a test compares the two on random titles), written out because
/// the regex took 10 µs a title: its lazy DFA met new states in every one.
fn carried(title: &str) -> Option<String> {
    let (start, end) = title
        .char_indices()
        .filter(|(i, _)| CARRY_ACTIONS.iter().any(|a| title[*i..].starts_with(a)))
        .find_map(|(i, _)| carried_at(title, i + "印发".len()))?;
    let inner = title[start..end].trim();
    (!inner.is_empty()).then(|| inner.to_string())
}

/// The carried title (as a byte range) when the action word ends at `j`.
fn carried_at(t: &str, j: usize) -> Option<(usize, usize)> {
    let after = &t[j..];
    let k = j + after.len() - after.trim_start().len();
    if let Some(body) = t[k..].strip_prefix('《') {
        // The title runs to the first 》; if that fails, nothing can match
        // here (the other branch may not hold 《).
        let b0 = k + '《'.len_utf8();
        let off = body.find('》')?;
        let n = body[..off].chars().count();
        let closed = closing_at(t, b0 + off + '》'.len_utf8()).is_some();
        return ((2..=80).contains(&n) && closed).then_some((b0, b0 + off));
    }
    // The shortest run of 4 to 60 characters from `k` followed by the
    // closing phrase ...
    let mut count = 0;
    for (o, c) in t[k..].char_indices() {
        if matches!(c, '《' | '》') || count == 60 {
            break;
        }
        count += 1;
        let e = k + o + c.len_utf8();
        if count >= 4 {
            if let Some(de) = closing_at(t, e) {
                return Some((k, de));
            }
        }
    }
    // ... else one that starts in the spaces before `k` (the regex gives
    // them back one by one): each adds only its shortest run, of which the
    // spaces are part.
    t[j..k].char_indices().rev().find_map(|(o, _)| {
        let g = j + o;
        let e = g + t[g..]
            .char_indices()
            .nth(3)
            .map(|(o, c)| o + c.len_utf8())?;
        if t[g..e].contains(['《', '》']) {
            return None;
        }
        closing_at(t, e).map(|de| (k, de))
    })
}

/// `\s*的\s*(?:通知|决定)` at byte `e`: the position of its 的.
fn closing_at(t: &str, e: usize) -> Option<usize> {
    let rest = &t[e..];
    let a = rest.trim_start();
    let de = e + rest.len() - a.len();
    let b = a.strip_prefix('的')?.trim_start();
    (b.starts_with("通知") || b.starts_with("决定")).then_some(de)
}

fn iso(y: u32, m: u32, d: u32) -> Option<String> {
    ((1949..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn parse_date(s: &str) -> Option<String> {
    let s = compact(s);
    if let Some(c) = DATE_NUM.captures(&s) {
        return iso(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    if let Some(c) = DATE_CN.captures(&s) {
        let y = numerals::parse_digits(&c[1].replace(['O', 'Ｏ', '○'], "〇"))?;
        return iso(y, numerals::parse(&c[2])?, numerals::parse(&c[3])?);
    }
    if let Some(c) = DATE_ISO.captures(&s) {
        return iso(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    None
}

/// The 成文日期: the first line that is only a date (the signature block),
/// else a labelled date (发布日期：…).
fn find_date(lines: &[(usize, &str)]) -> Option<String> {
    for (_, line) in lines {
        if is_date_line(line) {
            if let Some(d) = parse_date(line) {
                return Some(d);
            }
        }
        // A signature and its date on one line: 某某区交通运输局 2021年3月15日
        let dated = line.ends_with('日');
        if let Some(m) = dated
            .then(|| DATE_NUM.find(line).or_else(|| DATE_CN.find(line)))
            .flatten()
        {
            let before = line[..m.start()].trim();
            if m.end() == line.len() && is_org_line(before) {
                return parse_date(m.as_str());
            }
        }
    }
    for (_, line) in lines.iter().take(40) {
        if let Some(m) = date_label(line) {
            if let Some(d) = parse_date(&line[m.end()..]) {
                return Some(d);
            }
        }
    }
    None
}

fn find_issuer(
    lines: &[(usize, &str)],
    docno_line: Option<usize>,
    title: Option<&str>,
    title_end: usize,
) -> Option<String> {
    // 1. The 红头: a line above the 文号 or the title naming the organisation.
    let red_end = docno_line.unwrap_or(title_end.saturating_sub(1)).min(6);
    for (_, line) in lines.iter().take(red_end) {
        if is_org_line(line) {
            return Some(line.trim_end_matches("文件").to_string());
        }
    }
    // 2. The signature: the organisation line right above the first date line.
    for (k, (_, line)) in lines.iter().enumerate() {
        if is_date_line(line) {
            for back in 1..=3 {
                let Some(&(_, prev)) = k.checked_sub(back).and_then(|i| lines.get(i)) else {
                    break;
                };
                let p = prev.trim_matches(|c| c == '（' || c == '）' || c == '(' || c == ')');
                if prev.contains("代章") || prev.contains("印章") {
                    continue;
                }
                if is_org_line(p) {
                    return Some(p.to_string());
                }
            }
            break;
        }
        if let Some(m) = DATE_NUM.find(line) {
            let before = line[..m.start()].trim();
            if m.end() == line.len() && is_org_line(before) {
                return Some(before.to_string());
            }
        }
    }
    // 3. The title's own prefix: 某某区交通运输局关于……的通知.
    let t = title?;
    let (before, _) = t.split_once("关于")?;
    is_org_line(before).then(|| before.to_string())
}

fn find_attachments(lines: &[(usize, &str)], norm: &NormText) -> Vec<Attachment> {
    let mut out = Vec::new();
    for (k, &(offset, line)) in lines.iter().enumerate() {
        if line.starts_with('附') && ATTACHMENT_LINE.is_match(line) {
            let title = lines
                .get(k + 1)
                .map(|x| x.1)
                .filter(|t| t.chars().count() <= 60 && !t.contains('。'))
                .map(str::to_string);
            out.push(Attachment {
                label: compact(line).trim_end_matches(['：', ':']).to_string(),
                title,
                offset,
                page: norm.page_of(offset),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn meta(s: &str) -> Meta {
        extract_meta(&normalize(&[s.to_string()]))
    }

    /// The labels' checks answer as their regexes.
    #[test]
    fn label_checks_answer_as_their_regexes() {
        let range = |m: Option<regex::Match<'_>>| m.map(|m| m.range());
        let mut found = 0;
        for l in SEED_HEAD.lines().chain([
            "发文字号：大高信办字〔2021〕1号",
            "文号: 某政发〔2020〕3号",
            "发文号 ：",
            "成文日期：2021年1月27日",
            "发布时间: 2021-01-27",
            "印发日期 2021年",
            "发布日期",
            "号：日期：时间：",
            "",
        ]) {
            assert_eq!(range(docno_label(l)), range(DOCNO_LABEL.find(l)), "{l}");
            assert_eq!(range(date_label(l)), range(DATE_LABEL.find(l)), "{l}");
            found += usize::from(docno_label(l).is_some()) + usize::from(date_label(l).is_some());
        }
        assert_eq!(found, 5);
    }

    const SEED_HEAD: &str = "大连高新区信用体系建设领导小组办公室\n\n大高信办字〔2021〕1号\n\n关于开展失信约束措施清理规范工作的通知\n\n各街道办事处、直属事业单位，机关各部门，各驻区机构：\n\n为贯彻党中央、国务院的工作部署，落实《指导意见》（国办发〔2020〕49号）精神，现就有关事项通知如下：\n\n附件：失信约束措施台账\n\n高新区社会信用体系建设领导小组办公室\n\n(经济发展局代章)\n\n2021年1月27日\n\n附件\n\nXXX单位失信约束措施台账\n\n序号\t名称";

    #[test]
    fn seed_notice() {
        let m = meta(SEED_HEAD);
        assert_eq!(m.docno.as_deref(), Some("大高信办字〔2021〕1号"));
        assert_eq!(
            m.title.as_deref(),
            Some("关于开展失信约束措施清理规范工作的通知")
        );
        assert_eq!(
            m.issuer.as_deref(),
            Some("大连高新区信用体系建设领导小组办公室")
        );
        assert_eq!(m.date.as_deref(), Some("2021-01-27"));
        assert_eq!(m.carried_title, None);
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(
            m.attachments[0].title.as_deref(),
            Some("XXX单位失信约束措施台账")
        );
    }

    #[test]
    fn two_line_title_and_carried_measure() {
        let m = meta("某某区交通运输局文件\n某交发[2021]12号\n关于印发《某某区道路运输\n信用管理办法》的通知\n各科室：\n现将办法印发给你们。\n某某区交通运输局\n二〇二一年三月十五日\n某某区道路运输信用管理办法\n第一条 为了……");
        assert_eq!(m.docno.as_deref(), Some("某交发[2021]12号"));
        assert_eq!(
            m.title.as_deref(),
            Some("关于印发《某某区道路运输信用管理办法》的通知")
        );
        assert_eq!(
            m.carried_title.as_deref(),
            Some("某某区道路运输信用管理办法")
        );
        assert_eq!(m.issuer.as_deref(), Some("某某区交通运输局"));
        assert_eq!(m.date.as_deref(), Some("2021-03-15"));
    }

    #[test]
    fn a_web_pages_controls_are_no_title() {
        let m = meta("朗读\n打印\n江澜市城市管理局关于加强共享单车信用管理的通知\n各区城市管理局：\n现就有关事项通知如下。");
        assert_eq!(
            m.title.as_deref(),
            Some("江澜市城市管理局关于加强共享单车信用管理的通知")
        );
    }

    #[test]
    fn docno_variants_and_cited_docnos() {
        assert_eq!(
            meta("某政办发（2019）5号\n某某区个人信用积分管理办法\n第一条 为……")
                .docno
                .as_deref(),
            Some("某政办发（2019）5号")
        );
        assert_eq!(
            meta("某某区人民政府令第3号\n某某区信用管理规定\n第一条")
                .docno
                .as_deref(),
            Some("某某区人民政府令第3号")
        );
        // A 文号 cited in the body is not the document's own.
        let m =
            meta("某某区信用管理办法\n第一条 根据《指导意见》（国办发〔2020〕49号），制定本办法。");
        assert_eq!(m.docno, None);
        assert_eq!(m.title.as_deref(), Some("某某区信用管理办法"));
    }

    static CARRIED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:印发|转发|颁布|发布)\s*(?:《([^》]{2,80})》|([^《》]{4,60}?))\s*的\s*(?:通知|决定)",
        )
        .expect("static regex")
    });

    /// What the regex gives: its first group, else its second, trimmed.
    fn carried_by_regex(t: &str) -> Option<String> {
        CARRIED.captures(t).and_then(|c| {
            let inner = c.get(1).or_else(|| c.get(2))?.as_str().trim();
            (!inner.is_empty()).then(|| inner.to_string())
        })
    }

    #[test]
    fn carried_titles_equal_the_regex_on_random_titles() {
        // Titles made of the pieces that matter, in every order: spaces of
        // both widths, brackets, 的, the closings, long and short runs.
        let pieces = [
            "印发",
            "转发",
            "颁布",
            "发布",
            "《",
            "》",
            "的",
            "通知",
            "决定",
            " ",
            "\u{3000}",
            "关于",
            "办法",
            "信用",
            "甲",
            "x",
            "条例实施细则管理",
            "某某区公共信用信息管理办法",
        ];
        let mut next = crate::test_random();
        let (mut found, mut tried) = (0, 0);
        for i in 0..60_000 {
            let len = 1 + next(16);
            let mut t: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            if i % 2 == 0 {
                // Half of them shaped like a carrying title.
                t = format!("关于{}{t}的{}", pieces[next(4)], pieces[7 + next(2)]);
            }
            let want = carried_by_regex(&t);
            assert_eq!(carried(&t), want, "{t:?}");
            found += usize::from(want.is_some());
            tried += 1;
        }
        assert!(found > tried / 5, "{found} of {tried}");
    }

    #[test]
    fn carried_titles_equal_the_regex_groups() {
        for t in [
            "关于印发《某某区信用修复管理办法》的通知",
            "关于转发 《省社会信用条例》 的通知",
            "某某区人民政府关于印发某某区公共信用信息管理实施细则的通知",
            "关于发布  某某区信用积分管理办法（试行） 的决定",
            "关于印发推进诚信建设的工作方案的通知",
            "关于颁布《信用》的通知",
            "关于加强信用建设的通知",
            "印发的通知",
        ] {
            assert_eq!(carried(t), carried_by_regex(t), "{t}");
        }
    }

    #[test]
    fn a_laws_enacting_line_without_brackets_is_not_its_title() {
        for date in [
            "2022年9月2日 第十三届全国人民代表大会常务委员会第三十六次会议通过",
            "二〇二二年九月二日第十三届全国人民代表大会常务委员会第三十六次会议通过",
        ] {
            let text = format!(
                "中华人民共和国反电信网络诈骗法\n\n{date}\n\n第一章 总则\n\n第一条 为了预防、遏制和惩治电信网络诈骗活动，制定本法。\n"
            );
            let m = meta(&text);
            assert_eq!(m.title.as_deref(), Some("中华人民共和国反电信网络诈骗法"));
        }
        // A wrapped title still joins.
        let m = meta("关于进一步加强\n社会信用体系建设的实施意见\n\n各乡镇：\n");
        assert_eq!(
            m.title.as_deref(),
            Some("关于进一步加强社会信用体系建设的实施意见")
        );
    }

    #[test]
    fn title_note_gives_date_issuer_and_docno() {
        let m = meta("某某区个人信用积分管理办法（试行）\n（2019年8月2日某某区人民政府办公室印发　某政办发（2019）5号）\n第一章　总则\n第一条　为了……");
        assert_eq!(
            m.title.as_deref(),
            Some("某某区个人信用积分管理办法（试行）")
        );
        assert_eq!(m.docno.as_deref(), Some("某政办发（2019）5号"));
        assert_eq!(m.issuer.as_deref(), Some("某某区人民政府办公室"));
        assert_eq!(m.date.as_deref(), Some("2019-08-02"));
    }

    #[test]
    fn dates_in_all_styles() {
        assert_eq!(
            parse_date("二〇二〇年六月二十日").as_deref(),
            Some("2020-06-20")
        );
        assert_eq!(
            parse_date("二○一九年十二月三十一日").as_deref(),
            Some("2019-12-31")
        );
        assert_eq!(parse_date("2021年 1 月27日").as_deref(), Some("2021-01-27"));
        assert_eq!(parse_date("2021-03-05").as_deref(), Some("2021-03-05"));
        assert_eq!(parse_date("2021年13月1日"), None);
    }
}
