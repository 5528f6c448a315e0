//! The review page: one self-contained HTML file that puts every document
//! with provisions or findings beside what taizhang found in it.
//!
//! Layout: an overview (files and their status, rows by 处置方式, findings by
//! rule, unreadable files), then one section per document (title, 文号, the
//! suggested row, the cited bases, then the text in its structure with the
//! provisions highlighted by kind and each finding beside its clause), then
//! the explanation of every rule that fired.
//!
//! Safety: every string from a document goes through [`esc`]; the page has
//! one script of its own, no inline handlers and no external resources.
//! Determinism: no clock, no hash order; the same ledger gives the same bytes.

use crate::ledger::{BasisEntry, DocumentEntry, FileEntry, Ledger, ReviewDoc, Row};
use crate::structure::{Unit, UnitKind};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The five kinds, their Chinese names and the short tag printed before
/// each highlight (so that they stay apart in a grey print).
pub const KINDS: [(&str, &str, &str); 5] = [
    ("share", "纳入、共享、公开信用信息", "纳入公开"),
    ("blacklist", "“黑名单”认定", "黑名单"),
    ("discipline", "失信惩戒措施", "惩戒"),
    ("score", "信用分、信用积分", "信用分"),
    ("repair", "信用修复", "修复"),
];

/// HTML-escape text and attribute values (quotes included).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The Chinese name of a basis level.
pub fn level_label(level: &str) -> &'static str {
    match level {
        "law" => "法律",
        "admin_regulation" => "行政法规",
        "central_policy" => "党中央、国务院政策文件",
        "judicial_interpretation" => "司法解释",
        "local_regulation" => "地方性法规",
        "department_rule" => "部门规章或部门文件",
        "local_normative" => "地方政府规章或规范性文件",
        _ => "其他（未能识别层级）",
    }
}

/// The Chinese name of a kind.
pub fn kind_label(kind: &str) -> &'static str {
    KINDS.iter().find(|k| k.0 == kind).map_or("其他", |k| k.1)
}

fn unit_class(k: UnitKind) -> &'static str {
    match k {
        UnitKind::Preamble => "preamble",
        UnitKind::Wrapper => "wrapper",
        UnitKind::Attachment => "attachment",
        UnitKind::Part => "part",
        UnitKind::Chapter => "chapter",
        UnitKind::Section => "section",
        UnitKind::Article => "article",
        UnitKind::Paragraph => "paragraph",
        UnitKind::Item => "item",
        UnitKind::SubItem => "subitem",
        UnitKind::Heading => "heading",
        UnitKind::Text => "text",
        UnitKind::Signature => "signature",
    }
}

/// A highlighted stretch of a document's text: bytes [start, end) and the
/// kinds found there.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mark {
    start: usize,
    end: usize,
    cite: String,
    kinds: Vec<String>,
}

/// One document's section, with what the overview needs to link to it.
struct Section<'a> {
    anchor: String,
    file: &'a FileEntry,
    row: Option<&'a Row>,
    entry: Option<&'a DocumentEntry>,
    findings: Vec<&'a crate::check::Finding>,
    review: Option<&'a ReviewDoc>,
}

/// Render the review page of a ledger whose `review` texts were kept.
pub fn render(ledger: &Ledger) -> String {
    let rows: BTreeMap<usize, &Row> = ledger.rows.iter().map(|r| (r.seq, r)).collect();
    let entries: BTreeMap<&str, &DocumentEntry> = ledger
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d))
        .collect();
    let reviews: BTreeMap<&str, &ReviewDoc> =
        ledger.review.iter().map(|r| (r.path.as_str(), r)).collect();
    let mut findings: BTreeMap<&str, Vec<&crate::check::Finding>> = BTreeMap::new();
    for f in &ledger.findings {
        findings
            .entry(f.finding.path.as_str())
            .or_default()
            .push(&f.finding);
    }
    let sections: Vec<Section> = ledger
        .files
        .iter()
        .filter(|f| {
            f.row.is_some()
                || entries.contains_key(f.path.as_str())
                || findings.contains_key(f.path.as_str())
        })
        .enumerate()
        .map(|(i, f)| Section {
            anchor: format!("doc-{}", i + 1),
            file: f,
            row: f.row.and_then(|n| rows.get(&n).copied()),
            entry: entries.get(f.path.as_str()).copied(),
            findings: findings.get(f.path.as_str()).cloned().unwrap_or_default(),
            review: reviews.get(f.path.as_str()).copied(),
        })
        .collect();

    let title = format!("{} · 审阅页", ledger.title());
    let mut out = String::with_capacity(64 << 10);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"taizhang\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(&title));
    out.push_str("<style>\n");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n");
    let _ = writeln!(out, "<header class=\"top\"><h1>{}</h1>", esc(&title));
    out.push_str(
        "<p class=\"lead\">本页由 taizhang 根据扫描结果生成，供审核台账时对照原文。高亮为识别出的条款，右侧为发现的问题；结论需经人工核实。</p>\n",
    );
    out.push_str(
        "<noscript><p class=\"lead\">浏览器未启用脚本：全文可正常阅读，筛选、搜索和快捷键不可用。</p></noscript>\n</header>\n",
    );
    toolbar(&mut out, ledger, &sections);
    legend(&mut out);
    overview(&mut out, ledger, &sections);
    out.push_str("<main id=\"docs\">\n");
    for s in &sections {
        section(&mut out, s);
    }
    out.push_str("</main>\n");
    rules_section(&mut out, ledger);
    out.push_str("<script>\n");
    out.push_str(JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// Filters, search and navigation: hidden until the script shows them.
fn toolbar(out: &mut String, ledger: &Ledger, sections: &[Section]) {
    out.push_str("<nav id=\"toolbar\" hidden>\n<div class=\"tb-row\">\n<span class=\"tb-label\">类别</span>\n");
    for (k, name, _) in KINDS {
        let _ = writeln!(
            out,
            "<label class=\"kf\"><input type=\"checkbox\" name=\"kind\" value=\"{k}\" checked> <span class=\"sw k-{k}\"></span>{name}</label>"
        );
    }
    out.push_str("</div>\n<div class=\"tb-row\">\n<label>问题 <select id=\"f-rule\"><option value=\"\">全部</option>");
    let codes: BTreeSet<&str> = ledger
        .findings
        .iter()
        .map(|f| f.finding.rule.as_str())
        .collect();
    for c in codes {
        let title = crate::rules::find(c).map_or("", |r| r.title.as_str());
        let _ = write!(
            out,
            "<option value=\"{}\">{} {}</option>",
            esc(c),
            esc(c),
            esc(title)
        );
    }
    out.push_str(
        "</select></label>\n<label>处置方式 <select id=\"f-disp\"><option value=\"\">全部</option>",
    );
    let disps: BTreeSet<&str> = sections
        .iter()
        .filter_map(|s| s.row.map(|r| r.disposition.as_str()))
        .collect();
    for d in disps {
        let _ = write!(out, "<option value=\"{0}\">{0}</option>", esc(d));
    }
    out.push_str("</select></label>\n");
    out.push_str(
        "<label>搜索 <input type=\"search\" id=\"f-q\" placeholder=\"原文中的词语\"></label>\n",
    );
    out.push_str("<button type=\"button\" id=\"prev\" title=\"上一处问题（快捷键 k）\">上一处问题</button>\n");
    out.push_str("<button type=\"button\" id=\"next\" title=\"下一处问题（快捷键 j）\">下一处问题</button>\n");
    out.push_str("<span id=\"f-count\" aria-live=\"polite\"></span>\n</div>\n");
    out.push_str("<p class=\"keys\">快捷键：j 下一处问题，k 上一处问题，/ 搜索。筛选条件记在地址栏中，可收藏或发给同事。</p>\n</nav>\n");
}

fn legend(out: &mut String) {
    out.push_str("<section id=\"legend\" aria-label=\"图例\"><h2>图例</h2><ul class=\"legend\">\n");
    for (k, name, _) in KINDS {
        let _ = writeln!(
            out,
            "<li><mark class=\"k k-{k}\" data-kinds=\"{k}\">示例文字</mark> {name}</li>"
        );
    }
    out.push_str("<li><span class=\"fd-sample sev-violation\">违规</span> 违反国办发〔2020〕49号的问题</li>\n");
    out.push_str("<li><span class=\"fd-sample sev-warning\">提示</span> 需要人工判断的问题</li>\n");
    out.push_str("</ul></section>\n");
}

fn overview(out: &mut String, ledger: &Ledger, sections: &[Section]) {
    out.push_str("<section id=\"overview\"><h2>概况</h2>\n<div class=\"cards\">\n");
    // Files by status.
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &ledger.files {
        *by_status.entry(f.status.as_str()).or_insert(0) += 1;
    }
    let _ = write!(
        out,
        "<table class=\"count\"><caption>扫描文件 {} 个</caption><tbody>",
        ledger.files.len()
    );
    for st in ["正常", "警告", "错误", "跳过"] {
        let n = by_status.get(st).copied().unwrap_or(0);
        let _ = write!(out, "<tr><th>{st}</th><td>{n}</td></tr>");
    }
    for (st, n) in &by_status {
        if !["正常", "警告", "错误", "跳过"].contains(st) {
            let _ = write!(out, "<tr><th>{}</th><td>{n}</td></tr>", esc(st));
        }
    }
    out.push_str("</tbody></table>\n");
    // Rows by 处置方式.
    let mut by_disp: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &ledger.rows {
        *by_disp.entry(r.disposition.as_str()).or_insert(0) += 1;
    }
    let with_provisions = ledger.files.iter().filter(|f| f.provisions > 0).count();
    let _ = write!(
        out,
        "<table class=\"count\"><caption>台账 {} 行（有相关条款的文件 {} 个）</caption><tbody>",
        ledger.rows.len(),
        with_provisions
    );
    for (d, n) in &by_disp {
        let _ = write!(out, "<tr><th>{}</th><td>{n}</td></tr>", esc(d));
    }
    out.push_str("</tbody></table>\n");
    // Findings by rule.
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &ledger.findings {
        *by_rule.entry(f.finding.rule.as_str()).or_insert(0) += 1;
    }
    let _ = write!(
        out,
        "<table class=\"count\"><caption>发现问题 {} 处</caption><tbody>",
        ledger.findings.len()
    );
    for (code, n) in &by_rule {
        let title = crate::rules::find(code).map_or("", |r| r.title.as_str());
        let _ = write!(
            out,
            "<tr><th><a href=\"#rule-{0}\">{0}</a> {1}</th><td>{n}</td></tr>",
            esc(code),
            esc(title)
        );
    }
    out.push_str("</tbody></table>\n</div>\n");

    // Unreadable files (not the files that are not documents at all).
    let (not_documents, bad): (Vec<&FileEntry>, Vec<&FileEntry>) = ledger
        .files
        .iter()
        .filter(|f| f.status != "正常")
        .partition(|f| crate::extract::is_not_document(&f.message));
    if !bad.is_empty() {
        out.push_str("<h3>未能完整读取的文件</h3>\n<table class=\"list bad\"><thead><tr><th>文件</th><th>格式</th><th>状态</th><th>原因</th></tr></thead><tbody>\n");
        for f in bad {
            let _ = writeln!(
                out,
                "<tr class=\"st-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                status_class(&f.status),
                esc(&f.path),
                esc(&f.format),
                esc(&f.status),
                esc(&f.message)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if !not_documents.is_empty() {
        let _ = writeln!(
            out,
            "<p>另有 {} 个文件不是公文（电子表格、演示文稿、程序、数据或说明文件），已跳过，无需处理。</p>",
            not_documents.len()
        );
    }

    // The documents, linked to their sections.
    out.push_str("<h3>涉及的文件</h3>\n");
    if sections.is_empty() {
        out.push_str("<p>未发现涉及信用信息纳入共享公开、“黑名单”认定、失信惩戒、信用分或信用修复的条款。</p>\n");
    } else {
        out.push_str("<table class=\"list\" id=\"doc-list\"><thead><tr><th>序号</th><th>文件</th><th>文号</th><th>条款</th><th>问题</th><th>建议处置方式</th></tr></thead><tbody>\n");
        for s in sections {
            let kinds = section_kinds(s);
            let rules = section_rules(s);
            let disp = s.row.map_or("", |r| r.disposition.as_str());
            let mut counts = String::new();
            for (k, _, tag) in KINDS {
                let n = s.entry.map_or(0, |e| {
                    e.provisions
                        .iter()
                        .filter(|p| p.provision.kind == k)
                        .count()
                });
                if n > 0 {
                    let _ = write!(counts, "<span class=\"tag k-{k}\">{tag} {n}</span> ");
                }
            }
            let _ = writeln!(
                out,
                "<tr data-doc=\"{a}\" data-kinds=\"{k}\" data-rules=\"{r}\" data-disp=\"{d}\"><td>{seq}</td><td><a href=\"#{a}\">{t}</a></td><td>{no}</td><td>{counts}</td><td>{nf}</td><td>{d}</td></tr>",
                a = s.anchor,
                k = esc(&kinds.join(" ")),
                r = esc(&rules.join(" ")),
                d = esc(disp),
                seq = s.row.map_or(String::new(), |r| r.seq.to_string()),
                t = esc(&display_name(s.file)),
                no = esc(&s.file.docno),
                nf = s.findings.len(),
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

fn status_class(status: &str) -> &'static str {
    match status {
        "正常" => "ok",
        "警告" => "warning",
        "错误" => "error",
        _ => "skipped",
    }
}

fn display_name(f: &FileEntry) -> String {
    if f.title.is_empty() {
        f.path.rsplit('/').next().unwrap_or(&f.path).to_string()
    } else {
        f.title.clone()
    }
}

fn section_kinds(s: &Section) -> Vec<&'static str> {
    KINDS
        .iter()
        .map(|k| k.0)
        .filter(|k| {
            s.entry
                .is_some_and(|e| e.provisions.iter().any(|p| p.provision.kind == *k))
        })
        .collect()
}

fn section_rules(s: &Section) -> Vec<String> {
    let set: BTreeSet<&str> = s.findings.iter().map(|f| f.rule.as_str()).collect();
    set.into_iter().map(String::from).collect()
}

fn section(out: &mut String, s: &Section) {
    let kinds = section_kinds(s);
    let rules = section_rules(s);
    let disp = s.row.map_or("", |r| r.disposition.as_str());
    let _ = writeln!(
        out,
        "<article class=\"doc\" id=\"{}\" data-kinds=\"{}\" data-rules=\"{}\" data-disp=\"{}\" data-path=\"{}\">",
        s.anchor,
        esc(&kinds.join(" ")),
        esc(&rules.join(" ")),
        esc(disp),
        esc(&s.file.path)
    );
    let _ = writeln!(out, "<h2>{}</h2>", esc(&display_name(s.file)));
    out.push_str("<dl class=\"meta\">");
    if !s.file.docno.is_empty() {
        let _ = write!(out, "<dt>文号</dt><dd>{}</dd>", esc(&s.file.docno));
    }
    if !s.file.origin.is_empty() {
        let note = if s.file.origin == "own" {
            ""
        } else {
            "（非本单位制发，列入“上位及参考文件”）"
        };
        let _ = write!(
            out,
            "<dt>来源</dt><dd>{}{note}：{}</dd>",
            crate::origin::label_of(&s.file.origin),
            esc(&s.file.origin_reason)
        );
    }
    let _ = write!(
        out,
        "<dt>文件</dt><dd>{}</dd><dt>读取</dt><dd>{}{}</dd>",
        esc(&s.file.path),
        esc(&s.file.status),
        if s.file.message.is_empty() {
            String::new()
        } else {
            format!("：{}", esc(&s.file.message))
        }
    );
    out.push_str("</dl>\n");
    if let Some(r) = s.row {
        row_table(out, r);
    }
    if let Some(e) = s.entry {
        bases(out, &e.bases);
    }

    // Findings whose clause is not in the text (or the whole document).
    let review = s.review.and_then(|r| r.text.as_ref().map(|t| (r, t)));
    let placed: BTreeSet<String> = match review {
        Some((r, _)) => all_cites(&r.units),
        None => BTreeSet::new(),
    };
    let loose: Vec<&&crate::check::Finding> = s
        .findings
        .iter()
        .filter(|f| !placed.contains(&f.cite))
        .collect();
    if !loose.is_empty() {
        out.push_str("<div class=\"loose\"><h3>问题</h3>\n");
        for f in loose {
            finding(out, f);
        }
        out.push_str("</div>\n");
    }

    match review {
        Some((r, norm)) => {
            let marks = marks(&norm.text, &r.units, s.entry);
            let mut by_cite: BTreeMap<&str, Vec<&crate::check::Finding>> = BTreeMap::new();
            for f in &s.findings {
                by_cite.entry(f.cite.as_str()).or_default().push(f);
            }
            // Findings go beside the last unit with their cite (the
            // innermost, when a 款 shares its article's cite).
            let mut owner: BTreeMap<&str, usize> = BTreeMap::new();
            let flat: Vec<&Unit> = r.units.iter().flat_map(|u| u.walk()).collect();
            for (i, u) in flat.iter().enumerate() {
                if by_cite.contains_key(u.cite.as_str()) {
                    owner.insert(u.cite.as_str(), i);
                }
            }
            let mut w = TextWriter {
                out,
                text: &norm.text,
                marks: &marks,
                pages: &norm.page_starts,
                by_cite: &by_cite,
                owner: &owner,
                index: 0,
            };
            w.out.push_str("<h3>原文</h3>\n<div class=\"text\">");
            w.units(&r.units, 0, norm.text.len());
            out.push_str("</div>\n");
        }
        None => {
            let why = s
                .review
                .map_or("未保留原文".to_string(), |r| r.missing.clone());
            let _ = writeln!(
                out,
                "<p class=\"missing\">未能显示原文：{}。下面列出识别出的条款。</p>",
                esc(&why)
            );
            if let Some(e) = s.entry {
                out.push_str("<ul class=\"quotes\">");
                for p in &e.provisions {
                    let k = &p.provision.kind;
                    let _ = write!(
                        out,
                        "<li><mark class=\"k k-{k}\" data-kinds=\"{k}\" data-cite=\"{c}\">{q}</mark> <span class=\"cite\">{c}</span></li>",
                        k = esc(k),
                        c = esc(&p.provision.cite),
                        q = esc(&p.provision.quote)
                    );
                }
                out.push_str("</ul>\n");
            }
            for f in &s.findings {
                if placed.contains(&f.cite) {
                    finding(out, f);
                }
            }
        }
    }
    out.push_str("</article>\n");
}

fn all_cites(units: &[Unit]) -> BTreeSet<String> {
    units
        .iter()
        .flat_map(|u| u.walk())
        .filter(|u| !u.cite.is_empty())
        .map(|u| u.cite.clone())
        .collect()
}

fn row_table(out: &mut String, r: &Row) {
    let yn = |b: bool| if b { "是" } else { "否" };
    out.push_str("<table class=\"row\"><caption>建议的台账行</caption><tbody>");
    let cells = [
        ("序号", r.seq.to_string()),
        ("是否涉及信用信息纳入共享公开", yn(r.share).to_string()),
        ("是否涉及“黑名单”认定", yn(r.blacklist).to_string()),
        ("是否涉及失信惩戒措施", yn(r.discipline).to_string()),
        ("相关内容摘要", r.summary.clone()),
        ("是否有国家层面依据", yn(r.national_basis).to_string()),
        (
            "是否有地方性法规依据",
            yn(r.local_regulation_basis).to_string(),
        ),
        ("依据的具体内容", r.basis_text.clone()),
    ];
    for (h, v) in cells {
        let _ = write!(out, "<tr><th>{h}</th><td>{}</td></tr>", esc(&v));
    }
    let _ = write!(
        out,
        "<tr class=\"disp\"><th>建议处置方式</th><td><strong>{}</strong>　{}</td></tr>",
        esc(&r.disposition),
        esc(&r.reason)
    );
    if !r.notes.is_empty() {
        let _ = write!(
            out,
            "<tr><th>请核实</th><td>{}</td></tr>",
            r.notes
                .iter()
                .map(|n| esc(n))
                .collect::<Vec<_>>()
                .join("<br>")
        );
    }
    out.push_str("</tbody></table>\n");
}

fn bases(out: &mut String, bases: &[BasisEntry]) {
    out.push_str("<div class=\"bases\"><h3>文件引用的依据</h3>");
    if bases.is_empty() {
        out.push_str("<p>未引用法律、法规或政策文件。</p></div>\n");
        return;
    }
    out.push_str("<ul>");
    for b in bases {
        let credit = match b.has_credit_articles {
            Some(true) => "有授权信用措施的条款",
            Some(false) => "未载有授权信用措施的条款",
            None => "依据库未收录，请核实",
        };
        let _ = write!(
            out,
            "<li><span class=\"bname\">{}</span> <span class=\"lvl lvl-{}\">{}</span>{} <span class=\"credit\">{}</span></li>",
            esc(&b.name),
            esc(&b.level),
            level_label(&b.level),
            if b.status.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"bstatus\">{}</span>", esc(&b.status))
            },
            credit
        );
    }
    out.push_str("</ul></div>\n");
}

fn finding(out: &mut String, f: &crate::check::Finding) {
    let sev = match f.severity {
        crate::rules::Severity::Violation => "violation",
        crate::rules::Severity::Warning => "warning",
    };
    let title = crate::rules::find(&f.rule).map_or("", |r| r.title.as_str());
    let cite = if f.cite.is_empty() { "全文" } else { &f.cite };
    let _ = writeln!(
        out,
        "<aside class=\"fd sev-{sev}\" data-rule=\"{r}\" data-cite=\"{c}\" tabindex=\"-1\"><span class=\"sev\">{s}</span> <a class=\"code\" href=\"#rule-{r}\">{r} {t}</a><span class=\"where\">{cite}</span><span class=\"msg\">{m}</span></aside>",
        r = esc(&f.rule),
        c = esc(&f.cite),
        s = f.severity.label(),
        t = esc(title),
        cite = esc(cite),
        m = esc(&f.message),
    );
}

/// Where each provision's sentence is in the text: found by its quote
/// inside the unit with its cite (line breaks in the text are skipped over).
fn marks(text: &str, units: &[Unit], entry: Option<&DocumentEntry>) -> Vec<Mark> {
    let Some(entry) = entry else {
        return Vec::new();
    };
    let flat: Vec<&Unit> = units.iter().flat_map(|u| u.walk()).collect();
    let mut out: Vec<Mark> = Vec::new();
    for p in &entry.provisions {
        let cite = &p.provision.cite;
        // Several units can share a cite (正文 before and after a heading):
        // the innermost that holds the quote.
        let found = flat.iter().rev().filter(|u| &u.cite == cite).find_map(|u| {
            let (lo, hi) = (u.start.min(text.len()), u.end.min(text.len()));
            let range = text.get(lo..hi)?;
            locate(range, &p.provision.quote).map(|(s, e)| (lo + s, lo + e))
        });
        let Some((s, e)) = found else {
            continue;
        };
        match out.iter_mut().find(|m| m.start == s && m.end == e) {
            Some(m) => {
                if !m.kinds.contains(&p.provision.kind) {
                    m.kinds.push(p.provision.kind.clone());
                }
            }
            None => out.push(Mark {
                start: s,
                end: e,
                cite: cite.clone(),
                kinds: vec![p.provision.kind.clone()],
            }),
        }
    }
    out.sort_by_key(|m| (m.start, m.end));
    // Different sentences never overlap; should two marks still do, the
    // later one starts where the earlier ends.
    let mut last_end = 0;
    out.retain_mut(|m| {
        if m.start < last_end {
            m.start = last_end;
        }
        last_end = last_end.max(m.end);
        m.start < m.end
    });
    for m in &mut out {
        m.kinds
            .sort_by_key(|k| KINDS.iter().position(|x| x.0 == k).unwrap_or(9));
    }
    out
}

/// Find a provision's quote in `range`: the byte span of the sentence it
/// quotes. A quote cut with … runs to the sentence's end. Line breaks and
/// spaces in the text that the quote does not have are skipped over.
fn locate(range: &str, quote: &str) -> Option<(usize, usize)> {
    let cut = quote.ends_with('…');
    let want: Vec<char> = quote
        .trim_end_matches('…')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let first = *want.first()?;
    for (i, c) in range.char_indices() {
        if c != first {
            continue;
        }
        let mut k = 0;
        let mut end = i;
        for (j, c) in range[i..].char_indices() {
            if k == want.len() {
                break;
            }
            if c.is_whitespace() {
                continue;
            }
            if c != want[k] {
                break;
            }
            k += 1;
            end = i + j + c.len_utf8();
        }
        if k < want.len() {
            continue;
        }
        if cut {
            let rest = &range[end..];
            end += rest
                .char_indices()
                .find(|(_, c)| matches!(c, '。' | '；' | '！' | '？'))
                .map_or(rest.len(), |(j, c)| j + c.len_utf8());
        }
        return Some((i, end));
    }
    None
}

/// Writes a document's text unit by unit: every byte of the text exactly
/// once, in order, with marks and page numbers.
struct TextWriter<'a> {
    out: &'a mut String,
    text: &'a str,
    marks: &'a [Mark],
    pages: &'a [usize],
    by_cite: &'a BTreeMap<&'a str, Vec<&'a crate::check::Finding>>,
    owner: &'a BTreeMap<&'a str, usize>,
    /// Index of the next unit in walk order.
    index: usize,
}

impl TextWriter<'_> {
    /// Units between byte `from` and `to`, with the text around them.
    fn units(&mut self, units: &[Unit], from: usize, to: usize) {
        let mut pos = from;
        for u in units {
            let (s, e) = (u.start.clamp(pos, to), u.end.clamp(pos, to));
            self.plain(pos, s);
            self.unit(u, s, e);
            pos = pos.max(e);
        }
        self.plain(pos, to);
    }

    fn unit(&mut self, u: &Unit, s: usize, e: usize) {
        let i = self.index;
        self.index += 1;
        let _ = write!(
            self.out,
            "<div class=\"u u-{}\"{}>",
            unit_class(u.kind),
            if u.cite.is_empty() {
                String::new()
            } else {
                format!(" data-cite=\"{}\"", esc(&u.cite))
            }
        );
        if self.owner.get(u.cite.as_str()) == Some(&i) {
            if let Some(fs) = self.by_cite.get(u.cite.as_str()) {
                for f in fs {
                    finding(self.out, f);
                }
            }
        }
        self.units(&u.children, s, e);
        self.out.push_str("</div>");
    }

    /// Text outside any child unit, [a, b), with its marks. The line break
    /// that ends it is left to the block that follows.
    fn plain(&mut self, a: usize, b: usize) {
        let b = if self.text.get(a..b).is_some_and(|t| t.ends_with('\n')) {
            b - 1
        } else {
            b
        };
        if a >= b {
            return;
        }
        self.out.push_str("<span class=\"t\">");
        let mut pos = a;
        for m in self.marks.iter().filter(|m| m.start < b && m.end > a) {
            let (ms, me) = (m.start.max(a), m.end.min(b));
            self.raw(pos, ms);
            let kinds = m.kinds.join(" ");
            let classes: Vec<String> = m.kinds.iter().map(|k| format!("k-{k}")).collect();
            let tags: Vec<&str> = m
                .kinds
                .iter()
                .filter_map(|k| KINDS.iter().find(|x| x.0 == k).map(|x| x.2))
                .collect();
            let _ = write!(
                self.out,
                "<mark class=\"k {}\" data-kinds=\"{}\" data-cite=\"{}\" data-tag=\"{}\" title=\"{}\">",
                classes.join(" "),
                esc(&kinds),
                esc(&m.cite),
                esc(&tags.join("·")),
                esc(&m
                    .kinds
                    .iter()
                    .map(|k| kind_label(k))
                    .collect::<Vec<_>>()
                    .join("、"))
            );
            self.raw(ms, me);
            self.out.push_str("</mark>");
            pos = me;
        }
        self.raw(pos, b);
        self.out.push_str("</span>");
    }

    /// Escaped text [a, b), with a page number where a page starts.
    fn raw(&mut self, a: usize, b: usize) {
        if a >= b {
            return;
        }
        let mut pos = a;
        for (n, &p) in self.pages.iter().enumerate().skip(1) {
            if p > a && p < b && p > pos && self.text.is_char_boundary(p) {
                self.out.push_str(&esc(&self.text[pos..p]));
                let _ = write!(self.out, "<span class=\"pg\">第{}页</span>", n + 1);
                pos = p;
            }
        }
        if let Some(t) = self.text.get(pos..b) {
            self.out.push_str(&esc(t));
        }
    }
}

fn rules_section(out: &mut String, ledger: &Ledger) {
    let codes: BTreeSet<&str> = ledger
        .findings
        .iter()
        .map(|f| f.finding.rule.as_str())
        .collect();
    if codes.is_empty() {
        return;
    }
    out.push_str("<section id=\"rules\"><h2>问题说明</h2>\n");
    for c in codes {
        let Some(r) = crate::rules::find(c) else {
            let _ = writeln!(
                out,
                "<section class=\"rule\" id=\"rule-{0}\"><h3>{0}</h3></section>",
                esc(c)
            );
            continue;
        };
        let _ = writeln!(
            out,
            "<section class=\"rule\" id=\"rule-{code}\"><h3>{code} {title} <span class=\"sev\">{sev}</span></h3><p>{msg}</p><p>{why}</p><p class=\"src\">所依据的规定：{src}</p><p class=\"eg\">例：{hit}</p></section>",
            code = esc(&r.code),
            title = esc(&r.title),
            sev = r.severity.label(),
            msg = esc(&r.message),
            why = esc(&r.why),
            src = esc(&r.source),
            hit = esc(&r.hit),
        );
    }
    out.push_str("</section>\n");
}

const CSS: &str = include_str!("review.css");
const JS: &str = include_str!("review.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn locates_a_quote_across_line_breaks_and_cut_quotes() {
        let range = "第三条 对列入名单的企业，\n限制参加政府采购。其他。";
        let (s, e) = locate(range, "对列入名单的企业，限制参加政府采购。").unwrap();
        assert_eq!(&range[s..e], "对列入名单的企业，\n限制参加政府采购。");
        let (s, e) = locate(range, "对列入名单的…").unwrap();
        assert_eq!(&range[s..e], "对列入名单的企业，\n限制参加政府采购。");
        assert_eq!(locate(range, "不在文中"), None);
    }
}
