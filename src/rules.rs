//! The rules of 国办发〔2020〕49号, as data (`lexicons/rules.toml`): code,
//! stable name, severity, scope, the Chinese message, where the rule comes
//! from, why it matters, an example that triggers it and one that does not,
//! and the 处置方式 it suggests. `taizhang rules [NAME|CODE]` prints them.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const SOURCE: &str = include_str!("../lexicons/rules.toml");

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks a rule of 49号.
    Violation,
    /// Needs a person's judgement.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Judged on one provision.
    Clause,
    /// Judged on the whole document, 附件 included.
    Document,
}

/// 处置方式 the tool can suggest.
pub const DISPOSITIONS: [&str; 4] = ["保留", "修订", "立法", "废止"];

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub scope: Scope,
    pub title: String,
    pub message: String,
    pub source: String,
    pub why: String,
    pub hit: String,
    pub miss: String,
    pub suggests: Vec<String>,
    /// The mechanism that checks the rule (see `check.rs`).
    pub matcher: String,
    /// Provision kinds the rule looks at.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Whether a finding of this rule keeps a document from 保留 (the ledger
    /// then suggests 修订). Default: violations do, warnings do not.
    #[serde(default)]
    pub blocks_keep: Option<bool>,
    /// Whether a finding may come from a higher document the clause carries
    /// out (按照《江澜市…办法》规定，列入名单): the ledger's reason then
    /// names that document and its issuer.
    #[serde(default)]
    pub upstream: bool,
    /// Whether the clause must carry every kind of `kinds` (a low score AND
    /// a measure), rather than any one of them.
    #[serde(default)]
    pub kinds_together: bool,
    /// Whether only the clause's own words count, not its article's (a
    /// wording rule: the word is found where it is written, not again in
    /// every item under the intro that holds it).
    #[serde(default)]
    pub own_text: bool,
    /// Word groups a clause must all match (one word of each group).
    #[serde(default)]
    pub all_of: Vec<Vec<String>>,
    /// Words that clear a clause.
    #[serde(default)]
    pub none_of: Vec<String>,
    /// Words whose absence from the whole document triggers a doc-absent rule.
    #[serde(default)]
    pub absent: Vec<String>,
    /// Regular expressions a clause must match one of (word order matters:
    /// 街道…列入, not any mention of 街道).
    #[serde(default)]
    pub any_re: Vec<String>,
    #[serde(skip)]
    compiled: Vec<regex::Regex>,
}

impl Rule {
    /// Whether the clause matches `any_re` (true when the rule has none).
    pub fn matches_re(&self, text: &str) -> bool {
        self.compiled.is_empty() || self.compiled.iter().any(|re| re.is_match(text))
    }
}

/// The matchers `check.rs` implements.
pub const MATCHERS: [&str; 6] = [
    "clause",
    "doc-absent",
    "no-basis",
    "basis-too-low",
    "expired-basis",
    "direct-basis",
];

#[derive(Debug, Deserialize)]
struct File {
    rule: Vec<Rule>,
}

/// Parse a rules file; the error names what is wrong and where.
pub fn parse(text: &str) -> Result<Vec<Rule>, String> {
    let mut f: File = toml::from_str(text).map_err(|e| format!("rules.toml 格式有误：{e}"))?;
    for r in &mut f.rule {
        for p in &r.any_re {
            let re = regex::Regex::new(p)
                .map_err(|e| format!("rules.toml：规则 {} 的 any_re “{p}” 有误：{e}", r.code))?;
            r.compiled.push(re);
        }
    }
    for r in &f.rule {
        if let Some(d) = r
            .suggests
            .iter()
            .find(|d| !DISPOSITIONS.contains(&d.as_str()))
        {
            return Err(format!(
                "rules.toml：规则 {} 的处置方式“{d}”不在 保留/修订/立法/废止 之中",
                r.code
            ));
        }
    }
    Ok(f.rule)
}

/// The embedded rules. The embedded file is checked by the tests, so a
/// failure here is a build defect; it yields no rules rather than a crash.
pub static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| parse(SOURCE).unwrap_or_default());

/// A rule by code (XY101) or name (no-basis), case-insensitive.
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

impl Rule {
    /// Whether a finding of this rule keeps a document from 保留.
    pub fn blocks_keep(&self) -> bool {
        self.blocks_keep
            .unwrap_or(matches!(self.severity, Severity::Violation))
    }
}

impl Severity {
    /// 违规 / 提示, as shown to users.
    pub fn label(&self) -> &'static str {
        match self {
            Severity::Violation => "违规",
            Severity::Warning => "提示",
        }
    }
}

/// The one-line listing of `taizhang rules`.
pub fn list_line(r: &Rule) -> String {
    let sev = r.severity.label();
    format!("{}  {:<30} {}  {}", r.code, r.name, sev, r.title)
}

/// The explanation of `taizhang rules NAME`.
pub fn explain(r: &Rule) -> String {
    let sev = match r.severity {
        Severity::Violation => "违规（不符合国办发〔2020〕49号）",
        Severity::Warning => "提示（需人工判断）",
    };
    let scope = match r.scope {
        Scope::Clause => "逐条款检查",
        Scope::Document => "检查全文（含附件）",
    };
    format!(
        "{} {}（{}）\n级别：{sev}；{scope}\n\n检查什么：{}\n为什么：{}\n出处：{}\n\n会触发的写法：{}\n不会触发的写法：{}\n\n建议处置方式：{}\n",
        r.code,
        r.title,
        r.name,
        r.message,
        r.why,
        r.source,
        r.hit,
        r.miss,
        r.suggests.join(" / ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_rules_are_complete_and_unique() {
        let rules = parse(SOURCE).expect("rules.toml parses");
        let names = [
            "no-basis",
            "basis-too-low",
            "expired-basis",
            "personal-info-published",
            "minor-misconduct-recorded",
            "list-outside-four-fields",
            "blacklist-wording",
            "no-listing-procedure",
            "listing-below-county",
            "low-score-punishes-person",
            "measure-without-direct-basis",
            "penalty-reaches-relatives",
            "disproportionate-measure",
            "no-repair",
        ];
        for n in names {
            assert!(rules.iter().any(|r| r.name == n), "{n} missing");
        }
        let mut codes: Vec<&str> = rules.iter().map(|r| r.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), rules.len(), "duplicate codes");
        for r in &rules {
            assert!(r.code.starts_with("XY") && r.code.len() == 5, "{}", r.code);
            for (field, v) in [
                ("title", &r.title),
                ("message", &r.message),
                ("source", &r.source),
                ("why", &r.why),
                ("hit", &r.hit),
                ("miss", &r.miss),
            ] {
                assert!(!v.trim().is_empty(), "{} has an empty {field}", r.code);
            }
            assert_ne!(r.hit, r.miss, "{}", r.code);
            assert!(!r.suggests.is_empty(), "{}", r.code);
        }
        assert_eq!(RULES.len(), rules.len());
    }

    #[test]
    fn lookup_by_code_or_name_and_clear_errors() {
        assert_eq!(
            find("xy401").map(|r| r.name.as_str()),
            Some("low-score-punishes-person")
        );
        assert_eq!(find("no-repair").map(|r| r.code.as_str()), Some("XY501"));
        assert!(find("nope").is_none());
        assert!(explain(find("XY401").unwrap()).contains("不得以低信用分为由"));
        let e = parse("[[rule]]\ncode = \"XY9\"\n").unwrap_err();
        assert!(e.contains("rules.toml 格式有误"), "{e}");
        let bad = SOURCE.replacen(
            "suggests = [\"修订\", \"立法\", \"废止\"]",
            "suggests = [\"删除\"]",
            1,
        );
        assert!(parse(&bad).unwrap_err().contains("删除"));
    }

    #[test]
    fn any_re_reads_word_order_and_bad_patterns_are_named() {
        let xy305 = find("XY305").expect("XY305");
        assert!(xy305.matches_re("由街道办事处将其列入社区黑名单"));
        assert!(xy305.matches_re("对列入社区诚信黑名单的住户"));
        assert!(!xy305.matches_re("区城管局将其列入失信名单，并通报所在街道"));
        let bad = SOURCE.replacen("any_re = [\"", "any_re = [\"(", 1);
        let e = parse(&bad).unwrap_err();
        assert!(e.contains("XY305") && e.contains("any_re"), "{e}");
    }
}
