//! Whose document it is. The notice asks each unit to list the documents
//! it issued; its folder also holds what it received (laws, State Council
//! documents, regulations, a higher government's documents), kept as
//! references. The origin of a document is decided from its title, 文号,
//! issuer and opening lines: the rules for laws, regulations, rules and
//! central documents are data (`lexicons/origin.txt`); a document none of
//! them names is a local government's or department's, and its level comes
//! from the place names that open its issuer or title (白沙区, 望川市,
//! 上海市浦澄区), compared with the unit's level (`[unit] level` in
//! `taizhang.toml`, 区县 by default).

use crate::lexicon::{self, LexiconError};
use crate::meta::Meta;
use regex::Regex;
use std::sync::OnceLock;

/// Where a document comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    Law,
    AdminRegulation,
    LocalRegulation,
    JudicialInterpretation,
    /// A State Council department's rule or normative document.
    Department,
    /// 党中央、国务院 and their offices.
    CentralPolicy,
    /// A local government or department above the unit's level.
    HigherLocal,
    /// The unit's own level (or below): its documents, whose rows it files.
    Own,
}

impl Origin {
    /// The stable code (json).
    pub fn code(self) -> &'static str {
        match self {
            Origin::Law => "law",
            Origin::AdminRegulation => "admin_regulation",
            Origin::LocalRegulation => "local_regulation",
            Origin::JudicialInterpretation => "judicial_interpretation",
            Origin::Department => "department",
            Origin::CentralPolicy => "central_policy",
            Origin::HigherLocal => "higher_local",
            Origin::Own => "own",
        }
    }

    /// What the ledger and the review page call it.
    pub fn label(self) -> &'static str {
        match self {
            Origin::Law => "法律",
            Origin::AdminRegulation => "行政法规",
            Origin::LocalRegulation => "地方性法规",
            Origin::JudicialInterpretation => "司法解释",
            Origin::Department => "国务院部门规章、文件",
            Origin::CentralPolicy => "党中央、国务院文件",
            Origin::HigherLocal => "上级地方政府及部门文件",
            Origin::Own => "本级文件",
        }
    }

    /// Every origin, in the order of their codes' documentation.
    const ALL: [Origin; 8] = [
        Origin::Law,
        Origin::AdminRegulation,
        Origin::LocalRegulation,
        Origin::JudicialInterpretation,
        Origin::Department,
        Origin::CentralPolicy,
        Origin::HigherLocal,
        Origin::Own,
    ];

    /// The origin of a code; `origin.txt` rules may name only those that
    /// are not decided by level (not higher_local, not own).
    fn from_rule_code(s: &str) -> Option<Origin> {
        Origin::ALL
            .into_iter()
            .filter(|o| !matches!(o, Origin::HigherLocal | Origin::Own))
            .find(|o| o.code() == s)
    }
}

/// The label of an origin code as the files carry it (empty: unread).
pub fn label_of(code: &str) -> &'static str {
    Origin::ALL
        .into_iter()
        .find(|o| o.code() == code)
        .map_or("", Origin::label)
}

/// Administrative levels, from the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Province,
    City,
    County,
    Township,
}

impl Level {
    /// `[unit] level` in `taizhang.toml`.
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim() {
            "省" | "省级" | "自治区" | "直辖市" => Some(Level::Province),
            "市" | "市级" | "地市" | "设区的市" | "州" => Some(Level::City),
            "区县" | "区" | "县" | "县级" | "区县级" | "县级市" | "旗" => {
                Some(Level::County)
            }
            "乡镇" | "街道" | "乡" | "镇" | "乡镇街道" => Some(Level::Township),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Province => "省级",
            Level::City => "市级",
            Level::County => "区县级",
            Level::Township => "乡镇街道级",
        }
    }
}

/// The unit a scan drafts the ledger for: its level, the place names and
/// issuers that are its own, whether higher documents get rows too.
#[derive(Debug, Clone)]
pub struct Scope {
    pub level: Level,
    /// Names that mark a document as the unit's own wherever they open its
    /// issuer or title (the unit's name, its locality: 青石区, 青石区交通运输局).
    pub own: Vec<String>,
    /// Draft rows for every document, whatever its origin.
    pub include_higher: bool,
}

impl Default for Scope {
    fn default() -> Scope {
        Scope {
            level: Level::County,
            own: Vec::new(),
            include_higher: false,
        }
    }
}

/// A document's origin and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub origin: Origin,
    pub reason: String,
}

struct Rule {
    origin: Origin,
    field: Field,
    re: Regex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Docno,
    Issuer,
    Head,
}

/// The embedded rules.
pub const EMBEDDED: &str = include_str!("../lexicons/origin.txt");

/// How much of a document's opening the `head` rules see.
const HEAD_CHARS: usize = 300;

/// The rules, and per field one set of all its rules' patterns: a field is
/// searched once, and only the rules that match it are asked where.
struct Rules {
    rules: Vec<Rule>,
    sets: Vec<(Field, regex::RegexSet, Vec<usize>)>,
}

static RULES: OnceLock<Result<Rules, LexiconError>> = OnceLock::new();

fn rules() -> Result<&'static Rules, &'static LexiconError> {
    RULES
        .get_or_init(|| {
            let mut rules = Vec::new();
            for src in lexicon::sources("origin.txt") {
                rules.extend(parse(&src.file, &src.text)?);
            }
            let mut sets = Vec::new();
            for field in [Field::Title, Field::Docno, Field::Issuer, Field::Head] {
                let members: Vec<usize> = (0..rules.len())
                    .filter(|&i| rules[i].field == field)
                    .collect();
                let set = regex::RegexSet::new(members.iter().map(|&i| rules[i].re.as_str()))
                    .map_err(|e| LexiconError {
                        file: "origin.txt".into(),
                        line: 0,
                        message: format!("正则有误：{e}"),
                    })?;
                sets.push((field, set, members));
            }
            Ok(Rules { rules, sets })
        })
        .as_ref()
}

/// Build the rules and place names ahead of the first document (a broken
/// line is reported by [`init`] or at that document).
pub fn warm_up() {
    let _ = rules();
    let _ = place_data();
}

/// Load the rules and place names (embedded and local) and report a
/// broken line.
pub fn init() -> Result<(), LexiconError> {
    rules().map_err(Clone::clone)?;
    place_data().map(|_| ()).map_err(Clone::clone)
}

fn parse(file: &str, text: &str) -> Result<Vec<Rule>, LexiconError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| LexiconError {
            file: file.to_string(),
            line: i + 1,
            message,
        };
        let mut f = line.splitn(3, '\t');
        let (Some(o), Some(w), Some(p)) = (f.next(), f.next(), f.next()) else {
            return Err(err("应为“来源<Tab>位置<Tab>正则”".into()));
        };
        let origin = Origin::from_rule_code(o.trim())
            .ok_or_else(|| err(format!("未知来源“{}”", o.trim())))?;
        let field = match w.trim() {
            "title" => Field::Title,
            "docno" => Field::Docno,
            "issuer" => Field::Issuer,
            "head" => Field::Head,
            x => {
                return Err(err(format!(
                    "未知位置“{x}”（应为 title、docno、issuer 或 head）"
                )))
            }
        };
        let re = Regex::new(p.trim()).map_err(|e| err(format!("正则有误：{e}")))?;
        out.push(Rule { origin, field, re });
    }
    Ok(out)
}

/// The place names of `lexicons/places.txt` (and a local folder's).
#[derive(Debug, Default)]
struct Places {
    /// Endings and their levels, longest first.
    suffixes: Vec<(String, Level)>,
    countries: Vec<String>,
    agencies: Vec<String>,
    not_places: Vec<String>,
    organs: Vec<char>,
    rule_endings: Vec<String>,
}

static PLACES: OnceLock<Result<Places, LexiconError>> = OnceLock::new();

fn place_data() -> Result<&'static Places, &'static LexiconError> {
    PLACES
        .get_or_init(|| {
            let mut p = Places::default();
            for src in lexicon::sources("places.txt") {
                parse_places(&src.file, &src.text, &mut p)?;
            }
            // Stable: among endings of one length, the file's order.
            p.suffixes
                .sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
            Ok(p)
        })
        .as_ref()
}

fn parse_places(file: &str, text: &str, p: &mut Places) -> Result<(), LexiconError> {
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| LexiconError {
            file: file.to_string(),
            line: i + 1,
            message,
        };
        let mut f = line.split('\t').map(str::trim);
        let (kind, value) = (f.next().unwrap_or(""), f.next().unwrap_or(""));
        if value.is_empty() {
            return Err(err("应为“类别<Tab>词语”".into()));
        }
        match kind {
            "suffix" => {
                let level = f
                    .next()
                    .and_then(Level::parse)
                    .ok_or_else(|| err("地名后缀应写明层级：省、市、区县 或 乡镇".into()))?;
                p.suffixes.push((value.to_string(), level));
            }
            "country" => p.countries.push(value.to_string()),
            "agency" => p.agencies.push(value.to_string()),
            "not" => p.not_places.push(value.to_string()),
            "organ" => p.organs.extend(value.chars()),
            "rule" => p.rule_endings.push(value.to_string()),
            k => {
                return Err(err(format!(
                    "未知类别“{k}”（应为 suffix、country、agency、not、organ 或 rule）"
                )))
            }
        }
    }
    Ok(())
}

/// The place names that open a text (上海市浦澄区 → 上海市, 浦澄区), each
/// with its level: a name is two to nine characters ending in a
/// place suffix, and the run stops at the first stretch that is none.
pub fn places(text: &str) -> Vec<(&str, Level)> {
    let mut out = Vec::new();
    let Ok(data) = place_data() else {
        return out;
    };
    let mut rest = text.trim_start();
    if data.countries.iter().any(|c| rest.starts_with(c.as_str())) {
        return out;
    }
    for agency in &data.agencies {
        if let Some(r) = rest.strip_prefix(agency.as_str()) {
            rest = r;
        }
    }
    'outer: while !rest.is_empty() {
        // The shortest name ending in a suffix, at least two characters
        // (市场监督管理局 opens with no place: 市 is its first character).
        for (end, c) in rest.char_indices().skip(1).take(8) {
            let after = end + c.len_utf8();
            let head = &rest[..after];
            let level = data
                .suffixes
                .iter()
                .find(|(s, _)| {
                    head.ends_with(s.as_str()) && head.chars().count() > s.chars().count()
                })
                .map(|(_, l)| *l);
            if head.contains(data.organs.as_slice()) {
                break;
            }
            if let Some(level) = level {
                if data
                    .not_places
                    .iter()
                    .any(|w| head.ends_with(w.as_str()) && head.len() == w.len())
                {
                    break 'outer;
                }
                out.push((head, level));
                rest = &rest[after..];
                continue 'outer;
            }
            if !is_han(c) {
                break;
            }
        }
        break;
    }
    out
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// The origin of a document from its metadata and the start of its text.
pub fn decide(meta: &Meta, text: &str, scope: &Scope) -> Decision {
    decide_given(meta, scope, by_rules(meta, text))
}

/// [`decide`] with what [`by_rules`] found for the document already at hand
/// (`check::analyse` asks once; the ledger reuses it with the unit's scope).
pub fn decide_given(meta: &Meta, scope: &Scope, by_rules: Option<Decision>) -> Decision {
    let title = meta.title.as_deref().unwrap_or("");
    let docno = meta.docno.as_deref().unwrap_or("");
    let issuer = meta.issuer.as_deref().unwrap_or("");
    // The unit's own names win over everything: its 转发 of a State
    // Council notice is its own document.
    for name in &scope.own {
        if !name.is_empty()
            && (issuer.starts_with(name.as_str())
                || title.starts_with(name.as_str())
                || forwarder(title).is_some_and(|f| f.starts_with(name.as_str())))
        {
            return Decision {
                origin: Origin::Own,
                reason: format!("发文机关或标题为本单位（{name}）"),
            };
        }
    }
    if let Some(d) = by_rules {
        return d;
    }
    local(outer_title(title), issuer, docno, scope)
}

/// The origin the rules of `lexicons/origin.txt` give a document (a law, a
/// regulation, a central or a department's document), whatever the unit:
/// the first rule, in file order, whose pattern occurs in its field.
pub fn by_rules(meta: &Meta, text: &str) -> Option<Decision> {
    let title = meta.title.as_deref().unwrap_or("");
    let docno = meta.docno.as_deref().unwrap_or("");
    let issuer = meta.issuer.as_deref().unwrap_or("");
    let head_end = text
        .char_indices()
        .nth(HEAD_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..head_end];
    // A 转发/印发 notice is judged by its own title, not what it forwards.
    let own_title = outer_title(title);
    let hay_of = |field: Field| match field {
        Field::Title => own_title,
        Field::Docno => docno,
        Field::Issuer => issuer,
        Field::Head => head,
    };
    if let Ok(all) = rules() {
        // The rules whose pattern occurs in their field, in file order.
        let mut candidates: Vec<usize> = Vec::new();
        for (field, set, members) in &all.sets {
            let hay = hay_of(*field);
            // Enacting lines hold 令, 通过 or 会议 (…常务委员会第七次会议通过);
            // a notice's opening seldom does.
            if *field == Field::Head && !hay.contains(['令', '通', '会', '批']) {
                continue;
            }
            candidates.extend(set.matches(hay).iter().map(|k| members[k]));
        }
        candidates.sort_unstable();
        for r in candidates.iter().map(|&i| &all.rules[i]) {
            let hay = hay_of(r.field);
            // In the head, an enacting line stands on its own: not a
            // citation (根据《…条例》（国务院令第735号）) nor the forwarded
            // document of a 转发 notice.
            let found = r.re.find_iter(hay).find(|m| {
                r.field != Field::Head
                    || !(in_forwarded_part(head, m.start()) || in_citation(hay, m.start()))
            });
            if let Some(m) = found {
                let what = match r.field {
                    Field::Title => "标题",
                    Field::Docno => "文号",
                    Field::Issuer => "发文机关",
                    Field::Head => "文首",
                };
                // The whole line the match is on (文首 rules match a phrase).
                let start = hay[..m.start()].rfind('\n').map_or(0, |i| i + 1);
                let end = hay[m.end()..].find('\n').map_or(hay.len(), |i| m.end() + i);
                return Some(Decision {
                    origin: r.origin,
                    reason: format!("{what}“{}”", crate::detect::quote(&hay[start..end])),
                });
            }
        }
    }
    None
}

/// A local document's origin: from the place names opening its issuer,
/// else its title.
fn local(title: &str, issuer: &str, docno: &str, scope: &Scope) -> Decision {
    let from_issuer = places(issuer);
    let (names, whose) = if from_issuer.is_empty() {
        (places(title), "标题")
    } else {
        (from_issuer, "发文机关")
    };
    let Some(&(_, level)) = names.iter().max_by_key(|(_, l)| *l) else {
        // No place name: a national rule (道路交通安全违法行为记分管理办法)
        // when it is one by its kind and carries no local 文号; else the
        // unit's own (a missed row is worse than one to delete).
        if docno.is_empty() && is_rule_title(title) {
            return Decision {
                origin: if title.ends_with("条例") {
                    Origin::AdminRegulation
                } else {
                    Origin::Department
                },
                reason: "标题无地名、无文号的条例、办法或规定".to_string(),
            };
        }
        return Decision {
            origin: Origin::Own,
            reason: "未能识别发文机关的层级，按本单位文件处理".to_string(),
        };
    };
    let named: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
    let place = named.concat();
    if title.ends_with("条例") && names.iter().any(|(_, l)| *l <= Level::City) {
        return Decision {
            origin: Origin::LocalRegulation,
            reason: format!("{place}的条例"),
        };
    }
    if level < scope.level {
        Decision {
            origin: Origin::HigherLocal,
            reason: format!(
                "{whose}为{place}（{}），高于本单位层级（{}）",
                level.label(),
                scope.level.label()
            ),
        }
    } else {
        Decision {
            origin: Origin::Own,
            reason: format!("{whose}为{place}（{}）", level.label()),
        }
    }
}

/// Titles of rules (条例、办法 …: `rule` lines of `lexicons/places.txt`).
fn is_rule_title(title: &str) -> bool {
    let t = title.trim_end_matches(['）', ')']);
    let t = t.rsplit_once(['（', '(']).map_or(t, |(a, _)| a);
    place_data().is_ok_and(|p| p.rule_endings.iter().any(|s| t.ends_with(s.as_str())))
}

/// The title of a 转发/印发 notice up to what it forwards: 白沙区人民政府
/// 办公室关于转发《国务院办公厅关于…的通知》的通知 → 白沙区人民政府办公室关于转发.
fn outer_title(title: &str) -> &str {
    match title.find(['《', '“']) {
        Some(i) if title[..i].ends_with("转发") || title[..i].ends_with("印发") => &title[..i],
        _ => title,
    }
}

/// Who forwards, in a 转发 title (the part before 关于转发).
fn forwarder(title: &str) -> Option<&str> {
    title.find("关于转发").map(|i| &title[..i])
}

/// Whether a match in the head is part of a citation: its line has a 《
/// or a 根据 before it.
fn in_citation(head: &str, at: usize) -> bool {
    let start = head[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &head[start..at];
    before.contains('《')
        || ["根据", "依据", "依照", "按照"]
            .iter()
            .any(|w| before.contains(w))
}

/// Whether a match in the head falls inside the forwarded document of a
/// 转发 notice (after its 《 or after the notice's first paragraph):
/// 现将《国务院关于…》转发给你们 is not the notice's own enacting line.
fn in_forwarded_part(head: &str, at: usize) -> bool {
    let before = &head[..at];
    before.contains("转发给你们") || before.contains("印发给你们")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(title: &str, docno: &str, issuer: &str) -> Meta {
        Meta {
            title: (!title.is_empty()).then(|| title.to_string()),
            docno: (!docno.is_empty()).then(|| docno.to_string()),
            issuer: (!issuer.is_empty()).then(|| issuer.to_string()),
            ..Meta::default()
        }
    }

    fn origin(title: &str, docno: &str, issuer: &str, text: &str) -> Origin {
        decide(&meta(title, docno, issuer), text, &Scope::default()).origin
    }

    #[test]
    fn the_embedded_rules_load() {
        assert!(parse("origin.txt", EMBEDDED).is_ok_and(|r| r.len() > 10));
        assert!(init().is_ok());
    }

    #[test]
    fn a_broken_line_is_named() {
        let e = parse("x.txt", "# c\nlaw\ttitle\t(")
            .err()
            .map(|e| (e.line, e.message));
        assert!(matches!(e, Some((2, m)) if m.contains("正则")));
        let e = parse("x.txt", "bogus\ttitle\tx").err().map(|e| e.line);
        assert_eq!(e, Some(1));
    }

    #[test]
    fn a_broken_place_line_is_named() {
        let mut p = Places::default();
        let e = parse_places("places.txt", "# c\nsuffix\t市", &mut p).err();
        assert!(matches!(e, Some(e) if e.line == 2 && e.message.contains("层级")));
        let e = parse_places("places.txt", "town\t镇", &mut p)
            .err()
            .map(|e| e.line);
        assert_eq!(e, Some(1));
        assert!(place_data().is_ok_and(|p| p.suffixes.len() > 10));
    }

    #[test]
    fn places_open_issuers_and_titles() {
        let p = places("上海市浦澄区政府采购供应商信用管理暂行办法");
        assert_eq!(p, vec![("上海市", Level::City), ("浦澄区", Level::County)]);
        assert_eq!(places("白沙区医疗保障局"), vec![("白沙区", Level::County)]);
        assert_eq!(
            places("国家税务总局望川市税务局"),
            vec![("望川市", Level::City)]
        );
        assert_eq!(
            places("芦荻街道办事处"),
            vec![("芦荻街道", Level::Township)]
        );
        assert!(places("市场监督管理行政处罚信息公示规定").is_empty());
        assert!(places("纳税信用评价结果应用实施办法").is_empty());
        assert!(places("全市文明行为促进").is_empty());
        // Words that end like a place name are not one (江澜市城乡规划…
        // is the city's document, not a 乡's).
        for (title, first) in [
            ("江澜市城乡规划管理办法", "江澜市"),
            ("江澜市城镇燃气管理办法", "江澜市"),
            ("江澜市城区供热管理办法", "江澜市"),
            ("江澜市市区机动车停放管理办法", "江澜市"),
            ("江澜市小区物业管理实施细则", "江澜市"),
            ("枫渡县城镇燃气经营管理实施办法", "枫渡县"),
            ("青溪区社区矫正工作实施办法", "青溪区"),
        ] {
            assert_eq!(places(title), vec![(first, places(first)[0].1)], "{title}");
        }
        assert_eq!(
            places("青溪区春风街道幸福社区居民委员会"),
            vec![
                ("青溪区", Level::County),
                ("春风街道", Level::Township),
                ("幸福社区", Level::Township)
            ]
        );
        assert!(places("中华人民共和国市场主体登记管理条例").is_empty());
    }

    #[test]
    fn laws_regulations_rules_and_central_documents() {
        let law = "中华人民共和国电子商务法\n\n（2018年8月31日第十三届全国人民代表大会常务委员会第五次会议通过）";
        assert_eq!(origin("中华人民共和国电子商务法", "", "", law), Origin::Law);
        let reg = "拘留所条例\n\n2012年2月15日 国务院第192次常务会议通过\n\n2012年2月23日 中华人民共和国国务院令第614号公布";
        assert_eq!(origin("拘留所条例", "", "", reg), Origin::AdminRegulation);
        assert_eq!(
            origin("化妆品监督管理条例", "", "", "化妆品监督管理条例\n第一章"),
            Origin::AdminRegulation
        );
        let local = "浙江省保障“最多跑一次”改革规定\n\n2018年11月30日 浙江省第十三届人民代表大会常务委员会第七次会议通过";
        assert_eq!(
            origin("浙江省保障“最多跑一次”改革规定", "", "", local),
            Origin::LocalRegulation
        );
        assert_eq!(
            origin("上海市统计条例", "", "", "上海市统计条例\n第一章"),
            Origin::LocalRegulation
        );
        assert_eq!(
            origin(
                "市场监督管理行政处罚信息公示规定",
                "",
                "",
                "2021年7月30日 国家市场监督管理总局令第45号公布"
            ),
            Origin::Department
        );
        assert_eq!(
            origin("道路交通安全违法行为记分管理办法", "", "", "第一章 总 则"),
            Origin::Department
        );
        assert_eq!(
            origin(
                "国务院办公厅关于加快发展体育竞赛表演产业的指导意见",
                "国办发〔2018〕121号",
                "",
                ""
            ),
            Origin::CentralPolicy
        );
        assert_eq!(
            origin(
                "最高人民法院关于公布失信被执行人名单信息的若干规定",
                "",
                "",
                ""
            ),
            Origin::JudicialInterpretation
        );
    }

    #[test]
    fn a_citation_is_no_enacting_line() {
        let text = "松浦区医疗保障局关于开展定点医药机构信用积分管理工作的通知\n松医保发〔2022〕6号\n为加强医疗保障基金使用监督管理，根据《医疗保障基金使用监督管理条例》（国务院令第735号），现就有关事项通知如下：";
        let m = meta(
            "松浦区医疗保障局关于开展定点医药机构信用积分管理工作的通知",
            "松医保发〔2022〕6号",
            "",
        );
        assert_eq!(decide(&m, text, &Scope::default()).origin, Origin::Own);
        let text = "（一）县发展和改革局依照《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展和改革委员会令第58号），受理本县市场主体的信用修复申请。";
        assert_eq!(
            decide(&meta("", "", ""), text, &Scope::default()).origin,
            Origin::Own
        );
    }

    #[test]
    fn local_documents_by_level() {
        assert_eq!(
            origin("白沙区个人信用积分管理办法", "白政办发〔2020〕7号", "", ""),
            Origin::Own
        );
        assert_eq!(
            origin(
                "望川市养老机构信用评价管理办法",
                "望民规〔2021〕3号",
                "",
                ""
            ),
            Origin::HigherLocal
        );
        assert_eq!(
            origin("芦荻街道“文明红黑榜”评议发布实施方案", "", "", ""),
            Origin::Own
        );
        // No place name, a local 文号: the unit's own.
        assert_eq!(
            origin("纳税信用评价结果应用实施办法", "望税发〔2021〕18号", "", ""),
            Origin::Own
        );
        let city = Scope {
            level: Level::City,
            ..Scope::default()
        };
        let m = meta("望川市养老机构信用评价管理办法", "望民规〔2021〕3号", "");
        assert_eq!(decide(&m, "", &city).origin, Origin::Own);
    }

    #[test]
    fn a_forwarding_notice_is_judged_by_its_own_title() {
        let text = "白沙区人民政府办公室关于转发《国务院办公厅关于加强个人诚信体系建设的指导意见》的通知\n\n白政办发〔2021〕3号\n\n各街道：现将《国务院办公厅关于加强个人诚信体系建设的指导意见》（国办发〔2016〕98号）转发给你们";
        let m = meta(
            "白沙区人民政府办公室关于转发《国务院办公厅关于加强个人诚信体系建设的指导意见》的通知",
            "白政办发〔2021〕3号",
            "白沙区人民政府办公室",
        );
        assert_eq!(decide(&m, text, &Scope::default()).origin, Origin::Own);
    }

    #[test]
    fn the_units_own_names_win() {
        let s = Scope {
            own: vec!["望川市民政局".into()],
            ..Scope::default()
        };
        let m = meta("望川市养老机构信用评价管理办法", "", "望川市民政局");
        assert_eq!(decide(&m, "", &s).origin, Origin::Own);
    }
}
