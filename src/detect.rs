//! Detection of the five kinds in every unit of the citation tree, from the
//! term lists in `lexicons/` (embedded at build time).
//!
//! This is the lexical baseline: a term counts in a sentence unless the
//! sentence is a prohibition (不得以…为由, 严禁) or a statement of purpose, or
//! the term sits inside a confusable phrase (生态修复, 信用贷款 …). Each
//! provision is reported at the finest unit that carries it (项 over 款 over
//! 条), once per kind per cite.

use crate::eval::Provision;
use crate::structure::{Unit, UnitKind};
use regex::Regex;
use std::sync::LazyLock;

pub const KINDS: [&str; 5] = ["share", "blacklist", "discipline", "score", "repair"];

const SOURCES: [(&str, &str); 5] = [
    ("share", include_str!("../lexicons/share.txt")),
    ("blacklist", include_str!("../lexicons/blacklist.txt")),
    ("discipline", include_str!("../lexicons/discipline.txt")),
    ("score", include_str!("../lexicons/score.txt")),
    ("repair", include_str!("../lexicons/repair.txt")),
];
const EXCLUDE: &str = include_str!("../lexicons/exclude.txt");

/// The compiled lexicon of one kind.
pub struct KindLexicon {
    pub kind: &'static str,
    /// (term, needs a context word)
    terms: Vec<(String, bool)>,
    patterns: Vec<(Regex, bool)>,
    context: Vec<String>,
    excludes: Vec<String>,
}

pub struct Lexicon {
    pub kinds: Vec<KindLexicon>,
}

/// Parse the embedded lexicons. A malformed pattern is a build-time bug and
/// is caught by the tests; at run time it is skipped, never a crash.
pub fn load() -> Lexicon {
    let mut excludes: Vec<(String, String)> = Vec::new();
    for line in EXCLUDE.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((k, p)) = line.split_once('\t') {
            excludes.push((k.trim().to_string(), p.trim().to_string()));
        }
    }
    let kinds = SOURCES
        .iter()
        .map(|(kind, src)| {
            let mut terms = Vec::new();
            let mut patterns = Vec::new();
            let mut context = Vec::new();
            for line in src.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Some(w) = line.strip_prefix("ctx:") {
                    context.push(w.to_string());
                } else if let Some(p) = line.strip_prefix("re+:") {
                    if let Ok(re) = Regex::new(p) {
                        patterns.push((re, true));
                    }
                } else if let Some(p) = line.strip_prefix("re:") {
                    if let Ok(re) = Regex::new(p) {
                        patterns.push((re, false));
                    }
                } else if let Some(t) = line.strip_prefix('+') {
                    terms.push((t.to_string(), true));
                } else {
                    terms.push((line.to_string(), false));
                }
            }
            let excludes = excludes
                .iter()
                .filter(|(k, _)| k == "*" || k == kind)
                .map(|(_, p)| p.clone())
                .collect();
            KindLexicon {
                kind,
                terms,
                patterns,
                context,
                excludes,
            }
        })
        .collect();
    Lexicon { kinds }
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(load);

static PROHIBITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"不得(以|仅以|将|因|对)[^。；]{0,30}(为由|为依据|作为)|严禁|不得擅自(公开|公布|泄露)|不得泄露|不得违规")
        .expect("static regex")
});
/// A statement of purpose: 为（了）…，制定本办法 / 加快社会信用体系建设.
static PURPOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(为|为了)[^。；]{0,120}(制定本|特制定|现制定|制定如下)|^(为|为了)[^。；]{0,60}(社会信用体系建设|诚信建设|信用体系)")
        .expect("static regex")
});

impl KindLexicon {
    /// The first match in `sentence` that is not inside an excluded phrase.
    /// Context words may also come from `context` (the enclosing clause).
    fn find(&self, sentence: &str, context: &str) -> Option<(usize, usize)> {
        let masked = |s: usize, e: usize| {
            self.excludes.iter().any(|x| {
                sentence
                    .match_indices(x.as_str())
                    .any(|(p, _)| p < e && s < p + x.len())
            })
        };
        // A context word counts only where it is not itself masked (信用 in 信用贷款).
        let has_context = self.context.iter().any(|w| {
            sentence
                .match_indices(w.as_str())
                .any(|(p, _)| !masked(p, p + w.len()))
                || context.contains(w.as_str())
        });
        for (t, needs) in &self.terms {
            if *needs && !has_context {
                continue;
            }
            for (p, _) in sentence.match_indices(t.as_str()) {
                if !masked(p, p + t.len()) {
                    return Some((p, p + t.len()));
                }
            }
        }
        for (re, needs) in &self.patterns {
            if *needs && !has_context {
                continue;
            }
            for m in re.find_iter(sentence) {
                if !masked(m.start(), m.end()) {
                    return Some((m.start(), m.end()));
                }
            }
        }
        None
    }
}

/// Sentences of a unit's text, split at 。；！？ (kept).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '；' | '！' | '？') {
            out.push(&text[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Units whose own text is reported: leaves and headings, never containers
/// whose text repeats their first child.
fn reportable(u: &Unit) -> bool {
    matches!(
        u.kind,
        UnitKind::Paragraph
            | UnitKind::Item
            | UnitKind::SubItem
            | UnitKind::Heading
            | UnitKind::Text
    )
}

/// Find the provisions of every kind in a document's tree.
pub fn detect(units: &[Unit]) -> Vec<Provision> {
    let mut out: Vec<Provision> = Vec::new();
    for u in units {
        visit(u, "", &mut out);
    }
    out
}

/// `context` is the text of the enclosing 款 or heading: an item such as
/// （一）限制参加政府采购 takes its credit context from the intro
/// 对列入失信名单的，采取下列措施： above it.
fn visit(u: &Unit, context: &str, out: &mut Vec<Provision>) {
    let lex = &*LEXICON;
    if reportable(u) && !u.cite.is_empty() {
        for s in sentences(&u.text) {
            if PROHIBITION.is_match(s) || PURPOSE.is_match(s.trim()) {
                continue;
            }
            for k in &lex.kinds {
                if out.iter().any(|p| p.kind == k.kind && p.cite == u.cite) {
                    continue;
                }
                if k.find(s, context).is_some() {
                    out.push(Provision {
                        kind: k.kind.to_string(),
                        cite: u.cite.clone(),
                        quote: quote(s),
                    });
                }
            }
        }
    }
    let inner = match u.kind {
        UnitKind::Paragraph | UnitKind::Heading | UnitKind::Item => u.text.as_str(),
        _ => context,
    };
    let joined;
    let ctx = if matches!(u.kind, UnitKind::Item) && !context.is_empty() {
        joined = format!("{context}{inner}");
        joined.as_str()
    } else {
        inner
    };
    for c in &u.children {
        visit(c, ctx, out);
    }
}

/// The sentence, cut to a readable length.
fn quote(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        let mut q: String = s.chars().take(79).collect();
        q.push('…');
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::structure::parse;

    fn found(text: &str) -> Vec<(String, String)> {
        let units = parse(&normalize(&[text.to_string()]));
        detect(&units)
            .into_iter()
            .map(|p| (p.kind, p.cite))
            .collect()
    }

    #[test]
    fn every_lexicon_pattern_compiles() {
        for (kind, src) in SOURCES {
            for line in src.lines().filter_map(|l| {
                l.trim()
                    .strip_prefix("re:")
                    .or_else(|| l.trim().strip_prefix("re+:"))
            }) {
                assert!(Regex::new(line).is_ok(), "{kind}: bad pattern {line}");
            }
        }
        assert_eq!(LEXICON.kinds.len(), 5);
    }

    #[test]
    fn finds_kinds_at_the_finest_unit() {
        let f = found("第一条 为了规范管理，制定本办法。\n第二条 有下列情形之一的，列入黑名单：\n（一）伪造证件的；\n（二）拒不整改的。\n对列入黑名单的，实施联合惩戒。\n第三条 失信主体可以申请信用修复。");
        assert!(
            f.contains(&("blacklist".into(), "第二条第一款".into())),
            "{f:?}"
        );
        assert!(
            f.contains(&("discipline".into(), "第二条第二款".into())),
            "{f:?}"
        );
        assert!(f.contains(&("repair".into(), "第三条".into())), "{f:?}");
    }

    #[test]
    fn items_take_their_context_from_the_intro() {
        let f = found("第一条 总则。\n第二条 对列入失信名单的供应商，采取下列措施：\n（一）限制参加政府采购活动；\n（二）取消评优评先资格。\n第三条 限制参加会议的人数。");
        assert!(
            f.contains(&("discipline".into(), "第二条第（一）项".into())),
            "{f:?}"
        );
        assert!(
            f.contains(&("discipline".into(), "第二条第（二）项".into())),
            "{f:?}"
        );
        assert!(!f.iter().any(|(_, c)| c == "第三条"), "{f:?}");
    }

    #[test]
    fn confusables_prohibitions_and_purpose_are_not_provisions() {
        let f = found("第一条 为加快社会信用体系建设，根据有关规定，制定本办法。\n第二条 开展生态修复和道路修复工程。\n第三条 不得以信用分低为由拒绝办理公共服务。\n第四条 支持农村信用社发放信用贷款。");
        assert!(f.is_empty(), "{f:?}");
    }
}
