//! Legal bases a document cites: 《…》 titles (also several in a row) and the
//! 文号 of central documents, classified by level with the registry
//! `lexicons/basis.tsv` and, where a title is not in it, by rules
//! (中华人民共和国…法 → law; 国发/国办发/中发/中办发 → central policy;
//! XX省/市…条例 → local regulation …).

use crate::eval::Basis;
use regex::Regex;
use std::sync::LazyLock;

/// Levels a registry row may give.
pub const LEVELS: [&str; 8] = [
    "law",
    "admin_regulation",
    "central_policy",
    "department_rule",
    "judicial_interpretation",
    "local_regulation",
    "local_normative",
    "other",
];

#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub aliases: Vec<String>,
    pub level: String,
    pub docno: String,
    pub status: String,
    pub credit_articles: String,
}

/// Parse the registry: the embedded `lexicons/basis.tsv`, then a local one.
/// A local row whose name is already known replaces that row (a district
/// records a newly repealed basis), other rows are added.
pub fn load_registry(
    sources: &[crate::lexicon::Source],
) -> Result<Vec<Entry>, crate::lexicon::LexiconError> {
    use crate::lexicon::LexiconError;
    let mut out: Vec<Entry> = Vec::new();
    for src in sources {
        for (i, l) in src.text.lines().enumerate() {
            if l.starts_with('#') || l.starts_with("name\t") || l.trim().is_empty() {
                continue;
            }
            let err = |message: String| LexiconError {
                file: src.file.clone(),
                line: i + 1,
                message,
            };
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() < 3 {
                return Err(err(
                    "至少应有三列（名称、简称、层级），列之间用 Tab 分隔".to_string()
                ));
            }
            let name = f[0].trim();
            if !name.starts_with('《') || !name.ends_with('》') {
                return Err(err(format!("名称“{name}”应带书名号《》")));
            }
            let level = f[2].trim();
            if !LEVELS.contains(&level) {
                return Err(err(format!(
                    "层级“{level}”无效，应为 {} 之一",
                    LEVELS.join("、")
                )));
            }
            let e = Entry {
                name: name.to_string(),
                aliases: f[1]
                    .split(';')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect(),
                level: level.to_string(),
                docno: f.get(3).unwrap_or(&"").trim().to_string(),
                status: f.get(4).unwrap_or(&"").trim().to_string(),
                credit_articles: f.get(5).unwrap_or(&"").trim().to_string(),
            };
            match out.iter_mut().find(|x| x.name == e.name) {
                Some(x) => *x = e,
                None => out.push(e),
            }
        }
    }
    Ok(out)
}

/// The level of a document from its own title (registry first, then the
/// rules of [`classify`]): a 条例 passed by a 人大 is itself a basis.
pub fn own_level(title: &str) -> String {
    let t = title.trim_start_matches('《').trim_end_matches('》');
    if t.is_empty() {
        return "other".to_string();
    }
    lookup(&format!("《{t}》"))
        .map(|e| e.level.clone())
        .unwrap_or_else(|| classify(&format!("《{t}》")).to_string())
}

/// Levels of a document that is itself a basis for the measures it sets up.
pub const SELF_CARRYING: [&str; 4] = [
    "law",
    "admin_regulation",
    "local_regulation",
    "judicial_interpretation",
];

/// Whether the registry says the authority is repealed or no longer in
/// force (已废止, 已失效): it cannot be a basis.
pub fn repealed(e: &Entry) -> bool {
    ["废止", "失效"].iter().any(|w| e.status.contains(w))
}

/// Whether the registry records articles that authorise credit measures
/// (an empty column or one that starts with 无 says it has none).
pub fn has_credit_articles(e: &Entry) -> bool {
    let c = e.credit_articles.trim();
    !c.is_empty() && !c.starts_with('无')
}

/// The registry of this process (embedded plus local rows).
pub static ENTRIES: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    let all = crate::lexicon::sources("basis.tsv");
    load_registry(&all)
        .or_else(|_| load_registry(&all[..1.min(all.len())]))
        .unwrap_or_default()
});

/// Each name and alias of the registry by its key, to the first entry
/// that has it (the order of the registry decides between duplicates).
static KEYS: LazyLock<std::collections::HashMap<String, usize>> = LazyLock::new(|| {
    let mut m = std::collections::HashMap::new();
    for (i, e) in ENTRIES.iter().enumerate() {
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            m.entry(key(n)).or_insert(i);
        }
    }
    m
});

/// The titles in 《》 of `text`, brackets included: what the regex
/// `《[^《》]{2,80}》` finds, one after another (a test compares the two),
/// found by hand because that regex's lazy DFA met new states in every
/// document.
fn titles(text: &str) -> impl Iterator<Item = &str> + '_ {
    // On bytes: 《 and 》 are E3 80 8A and E3 80 8B. (`str::find` on a
    // character looks for its last byte, and 8A is common inside Chinese
    // text.)
    let b = text.as_bytes();
    let bracket = move |from: usize| {
        memchr::memchr_iter(0xE3, &b[from..])
            .map(move |i| from + i)
            .find(|&i| b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x8A | 0x8B)))
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(open) = memchr::memmem::find(&b[at..], "《".as_bytes()).map(|i| at + i) {
            let body = open + '《'.len_utf8();
            // The first bracket after 《: a title only if it closes it.
            let Some(close) = bracket(body) else {
                break;
            };
            at = close;
            if b[close + 2] == 0x8B {
                at = close + '》'.len_utf8();
                if (2..=80).contains(&text[body..close].chars().count()) {
                    return Some(&text[open..at]);
                }
            }
        }
        at = text.len();
        None
    })
}
static CENTRAL_DOCNO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(国发|国办发|中发|中办发|国办函|厅字)\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号",
    )
    .expect("static regex")
});

/// A ministry's own document: 国家市场监督管理总局关于…, 财政部关于….
static MINISTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(国家|中国)?[\p{Han}]{1,12}(部|总局|委员会|局|署|银行|办公室)(、[\p{Han}]{1,12})*关于",
    )
    .expect("static regex")
});

/// The values of the `prefix` lines of `lexicons/basis_rules.txt`
/// (embedded, then a local folder's).
fn rule_lines(prefix: &str) -> Vec<String> {
    crate::lexicon::sources("basis_rules.txt")
        .iter()
        .flat_map(|s| {
            s.text
                .lines()
                .filter_map(|l| l.trim().strip_prefix(prefix))
                .map(|x| x.trim().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Endings of names in 《》 that are forms, certificates or lists
/// (`not-basis-suffix:` lines).
static NOT_BASIS_SUFFIXES: LazyLock<Vec<String>> =
    LazyLock::new(|| rule_lines("not-basis-suffix:"));

/// Words after a name that make it part of the text's history: the
/// decision that amended it, the predecessor it repeals (`history:` lines).
static HISTORY: LazyLock<Vec<String>> = LazyLock::new(|| rule_lines("history:"));

/// Whether the text right after a title makes the title part of the
/// document's history (《…的决定》第二次修正, 《…规定》同时废止), not a basis.
fn history(after: &str) -> bool {
    let rest = after.trim_start();
    let rest = match rest.strip_prefix('第') {
        Some(r) => {
            let r = r.trim_start_matches(|c: char| {
                c.is_ascii_digit() || crate::normalize::CHINESE_NUMERALS.contains(c)
            });
            r.strip_prefix('次').unwrap_or(rest)
        }
        None => rest,
    };
    HISTORY.iter().any(|w| rest.starts_with(w.as_str()))
}

/// Words before a named document that say a clause carries it out
/// (`carries-out:` lines).
static CARRIES_OUT: LazyLock<Vec<String>> = LazyLock::new(|| rule_lines("carries-out:"));

/// Where `text` names `b` right after a word that says it carries it out
/// (按照《…》规定; within six characters before the 《): the text after
/// that mention (第十二条规定…), or None.
pub fn carries_out<'a>(text: &'a str, b: &Basis) -> Option<&'a str> {
    let name = b.name.as_str();
    text.match_indices(name).find_map(|(at, _)| {
        let mut before: Vec<char> = text[..at].chars().rev().take(6).collect();
        before.reverse();
        let before: String = before.into_iter().collect();
        CARRIES_OUT
            .iter()
            .any(|w| before.contains(w.as_str()))
            .then(|| &text[at + name.len()..])
    })
}

/// Names in 《》 that are forms, certificates or a short name given in the
/// text itself (《办法》, 《执行通知书》): never a basis.
fn not_a_basis(inner: &str) -> bool {
    inner.chars().count() <= 3
        || NOT_BASIS_SUFFIXES
            .iter()
            .any(|e| inner.ends_with(e.as_str()))
}

static LOCAL: LazyLock<Regex> = LazyLock::new(|| {
    // 市 of 市场 is not a city: 《旅游市场黑名单管理办法》 is national.
    Regex::new(r"^[\p{Han}]{2,8}(省|市|自治区|自治州|县|区)([^场]|$)").expect("static regex")
});

fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '(' | ')' | '（' | '）'))
        .collect()
}

/// The key of each registry entry's 文号, in the order of [`ENTRIES`]
/// (computed once, not once per entry and 文号 cited).
static DOCNO_KEYS: LazyLock<Vec<String>> =
    LazyLock::new(|| ENTRIES.iter().map(|e| key(&e.docno)).collect());

/// The registry entry for a title, by name or alias.
pub fn lookup(name: &str) -> Option<&'static Entry> {
    let find = |k: &str| KEYS.get(k).map(|&i| &ENTRIES[i]);
    // Also without a bracketed suffix: 《社会信用体系建设规划纲要（2014—2020年）》.
    find(&key(name)).or_else(|| find(&key(&BRACKETED.replace_all(name, ""))))
}

static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(][^（）()]*[）)]").expect("static regex"));

// LOCAL and MINISTRY repeat a class of Han characters and are slow to
// start on each new name: they are asked only where their words can be.

/// [`LOCAL`]: a place word (省, 市, 自治区, 自治州, 县, 区) after two to
/// eight characters.
fn local_name(n: &str) -> bool {
    let place = n
        .chars()
        .skip(2)
        .take(7)
        .any(|c| matches!(c, '省' | '市' | '自' | '县' | '区'));
    place && LOCAL.is_match(n)
}

/// [`MINISTRY`]: a ministry's 关于….
fn ministry_name(n: &str) -> bool {
    n.contains("关于") && MINISTRY.is_match(n)
}

/// Level by rules, for titles the registry does not know.
pub fn classify(name: &str) -> &'static str {
    let n = name.trim_matches(|c| c == '《' || c == '》');
    // 《…办法（试行）》 ends like 《…办法》.
    let stripped = BRACKETED.replace_all(n, "");
    let n = stripped.as_ref();
    let national = ["国家", "全国", "中国", "国务院"]
        .iter()
        .any(|p| n.starts_with(p));
    let local = !national && local_name(n);
    if n.starts_with("中华人民共和国") && (n.ends_with('法') || n.ends_with("法典")) {
        "law"
    } else if n.starts_with("中华人民共和国") && n.ends_with("法实施细则") {
        // The State Council's rules for a law (反间谍法实施细则), as its
        // 实施条例 are.
        "admin_regulation"
    } else if n.starts_with("最高人民法院") || n.starts_with("最高人民检察院") {
        "judicial_interpretation"
    } else if n.starts_with("中共中央")
        || n.starts_with("国务院")
        || n.starts_with("中共中央办公厅")
    {
        "central_policy"
    } else if local && n.ends_with("条例") {
        "local_regulation"
    } else if !local && ministry_name(n) {
        "department_rule"
    } else if local {
        "local_normative"
    } else if n.ends_with("条例") {
        "admin_regulation"
    } else if n.ends_with("办法") || n.ends_with("规定") || n.ends_with("细则") {
        "department_rule"
    } else if n.ends_with('法') {
        "law"
    } else {
        "other"
    }
}

/// Every authority cited in `text`, in order of first appearance, once each.
pub fn cited(text: &str, own_title: Option<&str>, own_docno: Option<&str>) -> Vec<Basis> {
    let mut out: Vec<Basis> = Vec::new();
    let own = own_title.map(key);
    let own_docno = own_docno.map(key);
    for t in titles(text) {
        // `t` lies in `text`: what follows it is the rest of `text`.
        let end = t.as_ptr() as usize - text.as_ptr() as usize + t.len();
        if history(text.get(end..).unwrap_or("")) {
            continue;
        }
        // The title between the brackets.
        let t = &t['《'.len_utf8()..t.len() - '》'.len_utf8()];
        // A title broken over two lines is one title.
        let inner: String = t.chars().filter(|ch| *ch != '\n').collect();
        if not_a_basis(&inner) {
            continue;
        }
        let name = format!("《{inner}》");
        if own.as_deref() == Some(key(&name).as_str())
            || out.iter().any(|b| key(&b.name) == key(&name))
        {
            continue;
        }
        // Titles of the document itself and of its own attachments are not bases.
        if name.contains("本办法") {
            continue;
        }
        let level = lookup(&name)
            .map(|e| e.level.clone())
            .unwrap_or_else(|| classify(&name).to_string());
        out.push(Basis { name, level });
    }
    for m in CENTRAL_DOCNO.find_iter(text) {
        let docno: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
        if own_docno
            .as_deref()
            .is_some_and(|o| o.ends_with(&key(&docno)))
        {
            continue;
        }
        let k = key(&docno);
        let known = ENTRIES
            .iter()
            .zip(DOCNO_KEYS.iter())
            .find(|(_, d)| d.contains(&k))
            .map(|(e, _)| e);
        if let Some(e) = known {
            if out.iter().any(|b| key(&b.name) == key(&e.name)) {
                continue;
            }
        }
        if out.iter().any(|b| b.name == docno) {
            continue;
        }
        // A 文号 right after a title already listed belongs to that title.
        let before = &text[..m.start()];
        if before.trim_end_matches(['（', '(', ' ']).ends_with('》') {
            continue;
        }
        out.push(Basis {
            name: known.map(|e| e.name.clone()).unwrap_or(docno),
            level: "central_policy".to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_what_the_regex_finds() {
        let re = Regex::new(r"《([^《》]{2,80})》").expect("regex");
        let long = "长".repeat(80);
        let too_long = "长".repeat(81);
        let mut texts = vec![
            "根据《中华人民共和国行政处罚法》和《某某条例》，制定本办法。".to_string(),
            "《a《bc》》《》《x》《两字》".to_string(),
            format!("《{long}》《{too_long}》《未完"),
            "《\n跨行的\n标题》".to_string(),
            String::new(),
        ];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/docs");
        for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let e = e.expect("corpus/docs");
            if e.path().extension().is_some_and(|x| x == "txt") {
                texts.extend(std::fs::read_to_string(e.path()).ok());
            }
        }
        let mut n = 0;
        for t in &texts {
            let want: Vec<&str> = re.find_iter(t).map(|m| m.as_str()).collect();
            assert_eq!(titles(t).collect::<Vec<_>>(), want, "{t}");
            n += want.len();
        }
        assert!(n >= 50, "{n}");
    }

    #[test]
    fn the_level_rules_ask_their_regexes_only_where_they_can_match() {
        // Every name cited in corpus/docs, and some made up: asking the
        // regexes only where their words can be never changes the answer.
        let mut names: Vec<String> = [
            "某某省信用条例",
            "某某市场监督管理办法",
            "甲乙自治州管理办法",
            "甲乙丙丁戊己庚辛县规定",
            "甲乙丙丁戊己庚辛壬区规定",
            "财政部关于印发某办法的通知",
            "国家市场监督管理总局、甲部关于某某的通知",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/docs");
        for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let e = e.expect("corpus/docs");
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                names.extend(titles(&t).map(|x| x.trim_matches(['《', '》']).to_string()));
            }
        }
        assert!(names.len() > 100, "{}", names.len());
        let (mut local, mut ministry) = (0, 0);
        for n in &names {
            assert_eq!(local_name(n), LOCAL.is_match(n), "{n}");
            assert_eq!(ministry_name(n), MINISTRY.is_match(n), "{n}");
            local += usize::from(LOCAL.is_match(n));
            ministry += usize::from(MINISTRY.is_match(n));
        }
        assert!(local > 5 && ministry > 1, "{local} {ministry}");
    }

    #[test]
    fn local_rows_replace_and_add_and_errors_name_the_line() {
        use crate::lexicon::Source;
        let mut all = crate::lexicon::sources("basis.tsv");
        all.push(Source {
            file: "local/basis.tsv".into(),
            builtin: false,
            text: "# local\n《中华人民共和国食品安全法》\t食品安全法\tlaw\t\t已废止\t\n《某某市文明行为促进条例》\t\tlocal_regulation\t\t现行有效\t第三十条\n".into(),
        });
        let reg = load_registry(&all).expect("valid");
        let food: Vec<&Entry> = reg
            .iter()
            .filter(|e| e.name == "《中华人民共和国食品安全法》")
            .collect();
        assert_eq!(food.len(), 1);
        assert_eq!(food[0].status, "已废止");
        assert!(reg.iter().any(|e| e.name == "《某某市文明行为促进条例》"));
        all.push(Source {
            file: "local/basis.tsv".into(),
            text: "\n《某某办法》\t\tcity_rule\n".into(),
            builtin: false,
        });
        let e = load_registry(&all).expect_err("bad level");
        assert_eq!((e.file.as_str(), e.line), ("local/basis.tsv", 2), "{e}");
    }

    #[test]
    fn registry_loads_and_classifies() {
        assert!(ENTRIES.len() >= 80);
        assert_eq!(
            lookup("《中华人民共和国食品安全法》").map(|e| e.level.as_str()),
            Some("law")
        );
        assert_eq!(
            classify("《中华人民共和国道路运输条例》"),
            "admin_regulation"
        );
        assert_eq!(classify("《某某省社会信用条例》"), "local_regulation");
        assert_eq!(classify("《某某市物业管理办法》"), "local_normative");
        assert_eq!(
            classify("《旅游市场黑名单管理办法（试行）》"),
            "department_rule"
        );
        assert_eq!(
            classify("《国务院关于建立完善守信联合激励和失信联合惩戒制度的指导意见》"),
            "central_policy"
        );
    }

    #[test]
    fn own_docno_forms_and_short_names_are_not_bases() {
        let b = cited(
            "国发〔2019〕5号\n依照《办法》填写《执行通知书》，根据《国家市场监督管理总局关于修改和废止有关规章的决定》和《政府网站\n集约化工作方案》。",
            None,
            Some("国发〔2019〕5号"),
        );
        let names: Vec<&str> = b.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "《国家市场监督管理总局关于修改和废止有关规章的决定》",
                "《政府网站集约化工作方案》"
            ]
        );
        assert_eq!(b[0].level, "department_rule");
        assert_eq!(classify("《欺诈消费者行为处罚办法》"), "department_rule");
        assert_eq!(classify("《中华人民共和国民法典》"), "law");
        assert_eq!(
            classify("《中华人民共和国反间谍法实施细则》"),
            "admin_regulation"
        );
        assert_eq!(
            classify("《中华人民共和国企业法人登记管理条例施行细则》"),
            "department_rule"
        );
        assert!(cited("使用《江澜省商品房买卖合同》示范文本签订合同。", None, None).is_empty());
    }

    #[test]
    fn the_decisions_of_the_revision_history_are_not_bases() {
        let b = cited(
            "江澜市物业管理条例\n（2010年6月1日江澜市第十三届人民代表大会常务委员会第二十次会议通过　根据2017年3月1日《江澜市人民代表大会常务委员会关于修改部分地方性法规的决定》第二次修正　根据2021年《国务院关于修改和废止部分行政法规的决定》修订）\n第一条 根据《物业管理条例》，制定本条例。\n第五十条 本条例自2021年1月1日起施行。2005年公布的《江澜市物业管理规定》同时废止。",
            None,
            None,
        );
        let names: Vec<&str> = b.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["《物业管理条例》"]);
    }

    #[test]
    fn titles_in_a_row_and_central_docnos() {
        let b = cited(
            "根据《中华人民共和国食品安全法》《某某省社会信用条例》和国办发〔2020〕49号文件精神，制定本办法。",
            None,
            None,
        );
        let names: Vec<&str> = b.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names[0], "《中华人民共和国食品安全法》");
        assert_eq!(names[1], "《某某省社会信用条例》");
        assert_eq!(b[2].level, "central_policy");
        assert_eq!(b.len(), 3);
    }
}
