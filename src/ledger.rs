//! The 失信约束措施台账: one row per document with a share, blacklist or
//! discipline provision, in the 14 columns of the district notice's template,
//! plus the list of every file scanned and every rule finding.
//!
//! Each cell is traceable: the summary quotes the clauses by cite, the basis
//! cell names the authorities the provisions rest on, and the 处置方式 comes
//! with its reason and the rule codes behind it (DESIGN.md §5).

use crate::basis;
use crate::check::{self, Analysis, Finding};
use crate::document::{Document, Status};
use crate::eval::{Basis, Provision};
use crate::rules::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The template's column headers, in order and in its exact words.
pub const COLUMNS: [&str; 14] = [
    "序号",
    "规章、规范性文件或其他文件名称(含文号)",
    "是否涉及信用信息纳入共享公开",
    "是否涉及“黑名单”认定",
    "是否涉及失信惩戒措施",
    "相关内容摘要",
    "是否有国家层面依据",
    "是否有地方性法规依据",
    "依据的具体内容",
    "处置方式",
    "完成时间",
    "责任单位",
    "责任人姓名及职务",
    "电话",
];

/// The template's notes under the table.
pub const NOTES: [&str; 3] = [
    "注：1. “是否有国家层面依据”栏，是指是否有法律、行政法规或者党中央、国务院政策文件的依据。",
    "2. “依据的具体内容”栏，填写相关依据的某条某款及其具体表述。",
    "3. “处置方式”栏，如完全符合《指导意见》要求，无需修订可填“保留”；如有明确依据，仅需对相关内容进行修订即可的填“修订”；如目前缺乏依据，但计划通过立法明确依据的填“立法”；如目前缺乏依据考虑废止的填“废止”。",
];

/// Levels that count as a national basis (法律、行政法规、党中央国务院政策文件).
const NATIONAL: [&str; 4] = [
    "law",
    "admin_regulation",
    "central_policy",
    "judicial_interpretation",
];

/// The longest 相关内容摘要 cell, in characters; longer ones end with …
/// after the last whole clause.
const SUMMARY_MAX: usize = 300;

/// Who files the ledger: from flags or `taizhang.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitInfo {
    /// 责任单位
    pub name: String,
    /// 责任人姓名及职务
    pub owner: String,
    /// 电话
    pub phone: String,
    /// 完成时间, when fixed by the user for every row.
    pub deadline: Option<String>,
    /// The unit's level (区县 by default): documents of higher local
    /// governments and departments are not its own.
    #[serde(default = "default_level")]
    pub level: String,
    /// More names that mark a document as the unit's own (its issuers).
    #[serde(default)]
    pub issuers: Vec<String>,
    /// Draft rows for documents the unit did not issue too.
    #[serde(default)]
    pub include_higher: bool,
}

fn default_level() -> String {
    "区县".to_string()
}

impl Default for UnitInfo {
    fn default() -> UnitInfo {
        UnitInfo {
            name: String::new(),
            owner: String::new(),
            phone: String::new(),
            deadline: None,
            level: default_level(),
            issuers: Vec::new(),
            include_higher: false,
        }
    }
}

impl UnitInfo {
    /// Whose documents are the unit's own: its level, its name and the
    /// place its name opens with (青石区交通运输局 → 青石区), its issuers.
    pub fn scope(&self) -> crate::origin::Scope {
        use crate::origin::{places, Level, Scope};
        let mut own: Vec<String> = self.issuers.clone();
        if !self.name.is_empty() {
            own.push(self.name.clone());
            let place: String = places(&self.name).iter().map(|(p, _)| *p).collect();
            if !place.is_empty() {
                own.push(place);
            }
        }
        Scope {
            level: Level::parse(&self.level).unwrap_or(Level::County),
            own,
            include_higher: self.include_higher,
        }
    }
}

/// The default 完成时间 by 处置方式, from the district notice's schedule:
/// the ledger itself by the end of January 2021, the clean-up (修订、废止、
/// 立法) by the end of October 2021.
pub fn default_deadline(disposition: &str) -> &'static str {
    match disposition {
        "保留" => "2021年1月底",
        _ => "2021年10月底",
    }
}

/// One document, read and analysed.
pub struct Scanned {
    pub doc: Document,
    pub analysis: Option<Analysis>,
    pub findings: Vec<Finding>,
}

/// Analyse a document read by the pipeline (nothing to analyse when it was
/// not read).
pub fn analyse(doc: Document) -> Scanned {
    if matches!(doc.status, Status::Error | Status::Skipped) || doc.norm.text.is_empty() {
        return Scanned {
            doc,
            analysis: None,
            findings: Vec::new(),
        };
    }
    let a = check::analyse(&doc);
    let findings = check::check(&doc, &a);
    Scanned {
        doc,
        analysis: Some(a),
        findings,
    }
}

/// One row of the ledger.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    /// 序号
    pub seq: usize,
    /// The file the row comes from.
    pub path: String,
    /// 规章、规范性文件或其他文件名称(含文号)
    pub name: String,
    pub share: bool,
    pub blacklist: bool,
    pub discipline: bool,
    /// 相关内容摘要
    pub summary: String,
    pub national_basis: bool,
    pub local_regulation_basis: bool,
    /// 依据的具体内容
    pub basis_text: String,
    /// 处置方式: 保留 / 修订 / 修订（删除相关内容） / 立法 / 废止 (DESIGN.md §5)
    pub disposition: String,
    /// Why, in Chinese, with the rule names.
    pub reason: String,
    /// Codes of the rules behind the suggestion.
    pub rules: Vec<String>,
    pub deadline: String,
    pub unit: String,
    pub owner: String,
    pub phone: String,
    /// Notes for the reviewer (待核实 bases, cited laws without credit articles).
    pub notes: Vec<String>,
}

impl Row {
    /// The 14 cells, as the template has them.
    pub fn cells(&self) -> [String; 14] {
        let yn = |b: bool| if b { "是" } else { "否" }.to_string();
        [
            self.seq.to_string(),
            self.name.clone(),
            yn(self.share),
            yn(self.blacklist),
            yn(self.discipline),
            self.summary.clone(),
            yn(self.national_basis),
            yn(self.local_regulation_basis),
            self.basis_text.clone(),
            self.disposition.clone(),
            self.deadline.clone(),
            self.unit.clone(),
            self.owner.clone(),
            self.phone.clone(),
        ]
    }
}

/// Every file scanned, read or not.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub format: String,
    pub status: String,
    pub message: String,
    pub title: String,
    pub docno: String,
    /// Provisions found (all five kinds).
    pub provisions: usize,
    /// 序号 of its ledger row, if it has one.
    pub row: Option<usize>,
    /// Whose document it is (`crate::origin::Origin::code`): own, law,
    /// local_regulation …; empty for a file that could not be read.
    pub origin: String,
    /// Why (文首“…人民代表大会常务委员会…通过”).
    pub origin_reason: String,
}

/// A rule finding with the 处置方式 of its document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FindingEntry {
    #[serde(flatten)]
    pub finding: Finding,
    pub disposition: String,
}

/// A document's provisions and bases, for the json report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentEntry {
    pub path: String,
    pub title: String,
    pub docno: String,
    pub provisions: Vec<ProvisionEntry>,
    pub bases: Vec<BasisEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProvisionEntry {
    #[serde(flatten)]
    pub provision: Provision,
    pub page: usize,
    /// The bases the provision rests on (clause, else article, else preamble).
    pub bases: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BasisEntry {
    pub name: String,
    pub level: String,
    /// 现行有效 / 已废止 … where the registry knows it.
    pub status: String,
    /// Whether the registry records articles that authorise credit measures;
    /// None when the registry does not know the basis.
    pub has_credit_articles: Option<bool>,
}

/// The whole result of a scan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ledger {
    pub unit: UnitInfo,
    pub files: Vec<FileEntry>,
    pub rows: Vec<Row>,
    pub findings: Vec<FindingEntry>,
    pub documents: Vec<DocumentEntry>,
    /// Texts and trees for the review page, in file order: kept only when
    /// the page is asked for (they are as large as the documents).
    #[serde(skip)]
    pub review: Vec<ReviewDoc>,
    /// Findings per rule and per severity, counted as parts are added.
    #[serde(skip)]
    pub tally: Tally,
    /// When the scan's only output is json: the findings and documents,
    /// already rendered on the workers ([`Part::render_json`]); `findings`
    /// and `documents` are then empty and only
    /// [`crate::report::write_json`] writes this ledger whole.
    #[serde(skip)]
    pub rendered: Option<Rendered>,
}

/// Findings counted per rule and per severity (the closing summary of a
/// scan).
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub violations: usize,
    pub warnings: usize,
    /// (rule code, rule name, findings), in the order first met.
    by_rule: Vec<(String, String, usize)>,
}

impl Tally {
    fn add(&mut self, f: &Finding) {
        match f.severity {
            Severity::Violation => self.violations += 1,
            Severity::Warning => self.warnings += 1,
        }
        self.count(&f.rule, &f.name, 1);
    }

    fn merge(&mut self, other: Tally) {
        self.violations += other.violations;
        self.warnings += other.warnings;
        for (code, name, n) in &other.by_rule {
            self.count(code, name, *n);
        }
    }

    fn count(&mut self, code: &str, name: &str, n: usize) {
        match self
            .by_rule
            .iter_mut()
            .find(|(c, m, _)| c == code && m == name)
        {
            Some((_, _, total)) => *total += n,
            None => self.by_rule.push((code.to_string(), name.to_string(), n)),
        }
    }
}

/// Json elements rendered on the workers, one buffer per part, each element
/// after `,\n    ` (the writer drops the first comma); the file entries and
/// rows, rendered as the parts are added, in one buffer each.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub files: Vec<u8>,
    pub rows: Vec<u8>,
    pub findings: Vec<Vec<u8>>,
    pub documents: Vec<Vec<u8>>,
}

/// A document's text and structure, for the review page.
#[derive(Debug, Clone)]
pub struct ReviewDoc {
    pub path: String,
    /// None when the file could not be read again (`report` from a json).
    pub text: Option<crate::normalize::NormText>,
    pub units: Vec<crate::structure::Unit>,
    /// Why there is no text.
    pub missing: String,
}

impl Ledger {
    /// The title of the sheet: 「{责任单位}失信约束措施台账」.
    pub fn title(&self) -> String {
        let unit = if self.unit.name.is_empty() {
            "XXX单位"
        } else {
            self.unit.name.as_str()
        };
        format!("{unit}失信约束措施台账")
    }

    /// Findings per rule code, for the closing summary (from the parts
    /// added, so also when the findings were rendered on the workers).
    pub fn findings_by_rule(&self) -> BTreeMap<String, usize> {
        let mut m: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (rule, name, n) in &self.tally.by_rule {
            *m.entry((rule, name)).or_insert(0) += n;
        }
        m.into_iter()
            .map(|((rule, name), n)| (format!("{rule} {name}"), n))
            .collect()
    }
}

/// What one document contributes to the ledger: small, owned, built on a
/// worker thread so that the document's text and tree can be dropped at once
/// (a scan of 10,000 files never holds them all).
pub struct Part {
    file: FileEntry,
    /// Its row, numbered when the part is added.
    row: Option<Row>,
    findings: Vec<Finding>,
    document: Option<DocumentEntry>,
    review: Option<ReviewDoc>,
    /// The findings and the document entry as json, after
    /// [`Part::render_json`] (which empties `findings` and `document`).
    json: Option<(Vec<u8>, Vec<u8>)>,
    tally: Tally,
}

impl Part {
    fn count_findings(&mut self) {
        for f in &self.findings {
            self.tally.add(f);
        }
    }

    /// Render the findings and the document entry as json elements here,
    /// on the worker that built them and while they are in its cache, and
    /// drop them: for a scan whose only output is json (every part of the
    /// ledger, or none). Rendered at the end instead, one string at a time
    /// from all over the heap, they took 30-40 ms after the workers had
    /// finished on the benchmark folder.
    pub fn render_json(&mut self) -> Result<(), crate::report::json::Error> {
        use crate::report::json::pretty_into;
        thread_local! {
            static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let disposition = self
            .row
            .as_ref()
            .map(|r| r.disposition.clone())
            .unwrap_or_default();
        BUF.with_borrow_mut(|buf| {
            buf.clear();
            for finding in std::mem::take(&mut self.findings) {
                buf.extend_from_slice(b",\n    ");
                let entry = FindingEntry {
                    finding,
                    disposition: disposition.clone(),
                };
                pretty_into(buf, &entry, 2)?;
            }
            let findings = buf.to_vec();
            buf.clear();
            if let Some(d) = self.document.take() {
                buf.extend_from_slice(b",\n    ");
                pretty_into(buf, &d, 2)?;
            }
            self.json = Some((findings, buf.to_vec()));
            Ok(())
        })
    }
}

/// The contribution of one analysed document; with `review`, its text and
/// tree too when it has provisions or findings.
pub fn part_of(s: &Scanned, unit: &UnitInfo, review: bool) -> Part {
    let mut p = part_without_findings(s, unit, review);
    p.findings = s.findings.clone();
    p.count_findings();
    p
}

/// [`part_of`] with the findings left out (the caller moves them in).
fn part_without_findings(s: &Scanned, unit: &UnitInfo, review: bool) -> Part {
    let d = &s.doc;
    let mut file = FileEntry {
        path: d.path.clone(),
        format: d.format.name().to_string(),
        status: d.status.label().to_string(),
        message: d.message.clone(),
        title: display_title(d),
        docno: d.meta.docno.clone().unwrap_or_default(),
        provisions: 0,
        row: None,
        origin: String::new(),
        origin_reason: String::new(),
    };
    let Some(a) = &s.analysis else {
        return Part {
            file,
            row: None,
            findings: Vec::new(),
            document: None,
            review: None,
            json: None,
            tally: Tally::default(),
        };
    };
    file.provisions = a.provisions.len();
    let scope = unit.scope();
    let origin = crate::origin::decide_given(&d.meta, &scope, a.by_rules.clone());
    file.origin = origin.origin.code().to_string();
    file.origin_reason = origin.reason.clone();
    let shown = !a.provisions.is_empty() || !s.findings.is_empty();
    let row = if origin.origin == crate::origin::Origin::Own {
        draft_row(d, a, &s.findings, unit, 0)
    } else if scope.include_higher {
        draft_row(d, a, &s.findings, unit, 0).map(|r| not_ours(r, &origin))
    } else {
        None
    };
    Part {
        file,
        row,
        findings: Vec::new(),
        document: (!a.provisions.is_empty()).then(|| document_entry(d, a)),
        review: (review && shown).then(|| ReviewDoc {
            path: d.path.clone(),
            text: Some(d.norm.clone()),
            units: a.units.clone(),
            missing: String::new(),
        }),
        json: None,
        tally: Tally::default(),
    }
}

/// Read-side convenience: analyse a document and keep only its part.
pub fn part(doc: Document, unit: &UnitInfo, review: bool) -> Part {
    let s = analyse(doc);
    let mut p = part_without_findings(&s, unit, review);
    p.findings = s.findings;
    p.count_findings();
    p
}

/// A document the unit did not issue, as sheet 上位及参考文件 lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub path: String,
    pub title: String,
    pub docno: String,
    /// Its origin's label (法律, 地方性法规 …).
    pub origin: String,
    pub reason: String,
    /// Its credit provisions by kind: 纳入、共享、公开：第二十条；认定：第二十一条.
    pub provisions: String,
}

impl Ledger {
    /// The documents the unit did not issue, in file order.
    pub fn references(&self) -> Vec<Reference> {
        let docs: std::collections::HashMap<&str, &DocumentEntry> = self
            .documents
            .iter()
            .map(|d| (d.path.as_str(), d))
            .collect();
        self.files
            .iter()
            .filter(|f| !f.origin.is_empty() && f.origin != "own")
            .map(|f| {
                let doc = docs.get(f.path.as_str());
                let mut by_kind: Vec<(&str, Vec<&str>)> = Vec::new();
                for p in doc.map(|d| d.provisions.as_slice()).unwrap_or_default() {
                    let k = p.provision.kind.as_str();
                    match by_kind.iter_mut().find(|(x, _)| *x == k) {
                        Some((_, cites)) => {
                            if !cites.contains(&p.provision.cite.as_str()) {
                                cites.push(&p.provision.cite)
                            }
                        }
                        None => by_kind.push((k, vec![&p.provision.cite])),
                    }
                }
                let provisions = by_kind
                    .iter()
                    .map(|(k, cites)| {
                        format!(
                            "{}：{}",
                            crate::report::html::kind_label(k),
                            cites.join("、")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("；");
                Reference {
                    path: f.path.clone(),
                    title: f.title.clone(),
                    docno: f.docno.clone(),
                    origin: crate::origin::label_of(&f.origin).to_string(),
                    reason: f.origin_reason.clone(),
                    provisions,
                }
            })
            .collect()
    }

    pub fn new(unit: &UnitInfo) -> Ledger {
        Ledger {
            unit: unit.clone(),
            files: Vec::new(),
            rows: Vec::new(),
            findings: Vec::new(),
            documents: Vec::new(),
            review: Vec::new(),
            tally: Tally::default(),
            rendered: None,
        }
    }

    /// Add one document's part, in file order; rows are numbered here. A
    /// part rendered on its worker ([`Part::render_json`]) has its file
    /// entry and row rendered here, once they are numbered, while they are
    /// in the cache: rendered at the end instead, the 4 MB of them took 8-10
    /// ms on the benchmark folder, after the workers had finished. The
    /// error is json's ([`crate::report::json::Error`]), which the ledger's
    /// types never raise.
    pub fn push(&mut self, p: Part) -> Result<(), crate::report::json::Error> {
        use crate::report::json::pretty_into;
        let mut file = p.file;
        let disposition = match p.row {
            Some(mut row) => {
                row.seq = self.rows.len() + 1;
                file.row = Some(row.seq);
                let d = row.disposition.clone();
                if p.json.is_some() {
                    let r = self.rendered.get_or_insert_with(Rendered::default);
                    r.rows.extend_from_slice(b",\n    ");
                    pretty_into(&mut r.rows, &row, 2)?;
                }
                self.rows.push(row);
                d
            }
            None => String::new(),
        };
        self.tally.merge(p.tally);
        if let Some((findings, document)) = p.json {
            let r = self.rendered.get_or_insert_with(Rendered::default);
            r.files.extend_from_slice(b",\n    ");
            pretty_into(&mut r.files, &file, 2)?;
            if !findings.is_empty() {
                r.findings.push(findings);
            }
            if !document.is_empty() {
                r.documents.push(document);
            }
        }
        self.findings
            .extend(p.findings.into_iter().map(|finding| FindingEntry {
                finding,
                disposition: disposition.clone(),
            }));
        if let Some(doc) = p.document {
            self.documents.push(doc);
        }
        if let Some(r) = p.review {
            self.review.push(r);
        }
        self.files.push(file);
        Ok(())
    }
}

/// Build the ledger from the scanned documents, in the order given (the
/// error is [`Ledger::push`]'s, for parts rendered as json: none here).
pub fn build(scanned: &[Scanned], unit: &UnitInfo) -> Result<Ledger, crate::report::json::Error> {
    let mut ledger = Ledger::new(unit);
    for s in scanned {
        ledger.push(part_of(s, unit, false))?;
    }
    Ok(ledger)
}

fn document_entry(d: &Document, a: &Analysis) -> DocumentEntry {
    // The page of the first unit with each provision's cite, walked once.
    let cites = crate::structure::CiteSet::new(a.provisions.iter().map(|p| p.cite.as_str()));
    let mut pages: Vec<Option<usize>> = vec![None; cites.len()];
    crate::structure::Unit::each(&a.units, &mut |u| {
        if let Some(page @ None) = cites.position(&u.cite).map(|i| &mut pages[i]) {
            *page = Some(u.page);
        }
    });
    let page_of = |cite: &str| cites.position(cite).and_then(|i| pages[i]).unwrap_or(1);
    DocumentEntry {
        path: d.path.clone(),
        title: display_title(d),
        docno: d.meta.docno.clone().unwrap_or_default(),
        provisions: a
            .provisions
            .iter()
            .map(|p| ProvisionEntry {
                provision: p.clone(),
                page: page_of(&p.cite),
                bases: a
                    .tied
                    .get(&p.cite)
                    .map(|v| v.iter().map(|b| b.name.clone()).collect())
                    .unwrap_or_default(),
            })
            .collect(),
        bases: a
            .bases
            .iter()
            .map(|b| {
                let e = basis::lookup(&b.name);
                BasisEntry {
                    name: b.name.clone(),
                    level: b.level.clone(),
                    status: e.map(|e| e.status.clone()).unwrap_or_default(),
                    has_credit_articles: e.map(basis::has_credit_articles),
                }
            })
            .collect(),
    }
}

/// The title shown for a document: the 办法 a 印发通知 carries, else its own
/// title, else the file name.
fn display_title(d: &Document) -> String {
    // A 印发 notice is filed under the 办法 it issues; a 转发 notice under
    // its own title.
    d.meta
        .carried_title
        .clone()
        .filter(|_| !d.meta.forwards())
        .or_else(|| d.meta.title.clone())
        .unwrap_or_else(|| {
            let name = d.path.rsplit(['/', '\\']).next().unwrap_or(&d.path);
            name.rsplit_once('.').map_or(name, |(n, _)| n).to_string()
        })
}

/// 《title》（文号）, as the template's examples write it.
fn ledger_name(d: &Document) -> String {
    let t = display_title(d);
    let t = nest_titles(&format!(
        "《{}》",
        t.trim_start_matches('《').trim_end_matches('》')
    ));
    match d.meta.docno.as_deref() {
        Some(no) if !no.is_empty() => format!("{t}（{no}）"),
        _ => t,
    }
}

/// A title inside a title in the house style: 《河南省实施〈中华人民共和国
/// 中小企业促进法〉办法》 (the inner 《》 become 〈〉, at any depth).
pub fn nest_titles(s: &str) -> String {
    let mut depth = 0usize;
    s.chars()
        .map(|c| match c {
            '《' => {
                depth += 1;
                if depth > 1 {
                    '〈'
                } else {
                    c
                }
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth > 0 {
                    '〉'
                } else {
                    c
                }
            }
            _ => c,
        })
        .collect()
}

/// A row for a document with a share, blacklist or discipline provision.
fn draft_row(
    d: &Document,
    a: &Analysis,
    findings: &[Finding],
    unit: &UnitInfo,
    seq: usize,
) -> Option<Row> {
    let has = |k: &str| a.provisions.iter().any(|p| p.kind == k);
    let (share, blacklist, discipline) = (has("share"), has("blacklist"), has("discipline"));
    if !(share || blacklist || discipline) {
        return None;
    }
    let mut notes = Vec::new();
    // The bases the provisions rest on, in order of first use.
    let mut bases: Vec<&Basis> = Vec::new();
    for p in &a.provisions {
        for b in a.tied.get(&p.cite).into_iter().flatten() {
            if !bases.iter().any(|x| x.name == b.name) {
                bases.push(b);
            }
        }
    }
    let mut national = false;
    let mut local = false;
    for b in &bases {
        let entry = basis::lookup(&b.name);
        let carries = match entry {
            Some(e) => {
                if basis::repealed(e) {
                    notes.push(format!("{}{}，不能作为依据", b.name, e.status));
                    false
                } else if !basis::has_credit_articles(e) {
                    notes.push(format!(
                        "{}未规定信用惩戒、信用记录等措施，不能作为本文件措施的依据",
                        b.name
                    ));
                    false
                } else {
                    true
                }
            }
            None => {
                if b.level == "other" {
                    notes.push(format!("{}的层级无法识别（待核实）", b.name));
                    false
                } else {
                    if NATIONAL.contains(&b.level.as_str()) || b.level == "local_regulation" {
                        notes.push(format!(
                            "{}不在依据库中，是否规定了相应信用措施待核实",
                            b.name
                        ));
                    }
                    true
                }
            }
        };
        if carries {
            national |= NATIONAL.contains(&b.level.as_str());
            local |= b.level == "local_regulation";
        }
    }
    // A law, regulation or judicial interpretation is itself a basis for
    // the measures it sets up (a 地方性法规 may set up a local list).
    let own_level = a.own_level.clone();
    let own_name = match own_level.as_str() {
        "law" => "法律",
        "admin_regulation" => "行政法规",
        "local_regulation" => "地方性法规",
        "judicial_interpretation" => "司法解释",
        _ => "",
    };
    if !own_name.is_empty() {
        national |= NATIONAL.contains(&own_level.as_str());
        local |= own_level == "local_regulation";
        notes.push(format!("文件本身是{own_name}，其规定可作为相关措施的依据"));
    }
    let basis_text = if bases.is_empty() && own_name.is_empty() {
        "无".to_string()
    } else if bases.is_empty() {
        format!("本文件（{own_name}）")
    } else if !own_name.is_empty() {
        format!(
            "本文件（{own_name}）；{}",
            bases
                .iter()
                .map(|b| basis_cell(&d.norm.text, b))
                .collect::<Vec<_>>()
                .join("；")
        )
    } else if bases.is_empty() {
        "无".to_string()
    } else {
        bases
            .iter()
            .map(|b| basis_cell(&d.norm.text, b))
            .collect::<Vec<_>>()
            .join("；")
    };
    let (disposition, mut reason, rules) = decide(d, a, findings, national || local);
    if let Some(note) = upstream_note(d, a, findings, &unit.scope()) {
        reason.push('。');
        reason.push_str(&note);
    }
    let deadline = unit
        .deadline
        .clone()
        .unwrap_or_else(|| default_deadline(&disposition).to_string());
    Some(Row {
        seq,
        path: d.path.clone(),
        name: ledger_name(d),
        share,
        blacklist,
        discipline,
        summary: summary(&a.provisions),
        national_basis: national,
        local_regulation_basis: local,
        basis_text,
        disposition,
        reason,
        rules,
        deadline,
        unit: unit.name.clone(),
        owner: unit.owner.clone(),
        phone: unit.phone.clone(),
        notes,
    })
}

/// Where the unit's own document breaks a rule only because a higher
/// document requires it, which document and where: a finding in the text a
/// 转发 notice forwards comes from that text; a finding of an `upstream`
/// rule whose clause (or a unit above it) carries out a named higher
/// document (按照《江澜市…办法》规定) comes from that document. None when
/// no finding does.
fn upstream_note(
    d: &Document,
    a: &Analysis,
    findings: &[Finding],
    scope: &crate::origin::Scope,
) -> Option<String> {
    // Where the forwarded text begins: its title on a line of its own.
    let forwarded = d
        .meta
        .carried_title
        .as_deref()
        .filter(|_| d.meta.forwards())
        .and_then(|t| {
            let at = d.norm.text.find(&format!("\n{t}\n"))?;
            Some((t, at))
        });
    // (source, why it binds, [(cite, codes)]) in order of first finding.
    type Cited = Vec<(String, Vec<String>)>;
    let mut from: Vec<(String, String, Cited)> = Vec::new();
    let mut add = |name: String, why: String, f: &Finding| {
        let i = match from.iter().position(|(n, _, _)| *n == name) {
            Some(i) => i,
            None => {
                from.push((name, why, Vec::new()));
                from.len() - 1
            }
        };
        let items = &mut from[i].2;
        match items.iter_mut().find(|(cite, _)| *cite == f.cite) {
            Some((_, codes)) if !codes.contains(&f.rule) => codes.push(f.rule.clone()),
            Some(_) => {}
            None => items.push((f.cite.clone(), vec![f.rule.clone()])),
        }
    };
    for f in findings {
        let Some(path) = unit_path(&a.units, &f.cite) else {
            continue;
        };
        if let Some((title, at)) = forwarded {
            if path.first().is_some_and(|u| u.start > at) {
                let name = format!("《{title}》");
                let level = Basis {
                    level: basis::own_level(title),
                    name: name.clone(),
                };
                let why = match above(&level, scope) {
                    Some(l) => format!("所转发的{l}"),
                    None => "所转发的".to_string(),
                };
                add(nest_titles(&name), why, f);
                continue;
            }
        }
        if !crate::rules::find(&f.rule).is_some_and(|r| r.upstream) {
            continue;
        }
        let tied = a.tied.get(&f.cite).map_or(&[][..], Vec::as_slice);
        let source = tied.iter().find_map(|b| {
            let after = path.iter().find_map(|u| basis::carries_out(&u.text, b))?;
            let level = binding(b, leading_article(after), scope)?;
            Some((nest_titles(&b.name), level))
        });
        if let Some((name, level)) = source {
            add(name, format!("所执行的{level}"), f);
        }
    }
    if from.is_empty() {
        return None;
    }
    // Every source above the unit: its issuer decides; else (a document
    // of the unit's own level forwarded) the two issuers agree.
    let all_above = from.iter().all(|(_, why, _)| why != "所转发的");
    let parts: Vec<String> = from
        .into_iter()
        .map(|(name, why, items)| {
            let items: Vec<String> = items
                .iter()
                .map(|(cite, codes)| format!("{cite}（{}）", codes.join("、")))
                .collect();
            format!("{}出自{why}{name}", items.join("、"))
        })
        .collect();
    Some(if all_above {
        format!(
            "其中{}：该内容由上级文件规定，本单位单独修订可能与上级要求不一致，建议同时向其制发机关反映，并随其修订而修订",
            parts.join("；")
        )
    } else {
        format!(
            "其中{}：该内容出自所转发的文件，请与其制发机关协商修订",
            parts.join("；")
        )
    })
}

/// The unit with `cite` and the units above it, innermost first.
fn unit_path<'a>(
    units: &'a [crate::structure::Unit],
    cite: &str,
) -> Option<Vec<&'a crate::structure::Unit>> {
    for u in units {
        if u.cite == cite {
            return Some(vec![u]);
        }
        if let Some(mut path) = unit_path(&u.children, cite) {
            path.push(u);
            return Some(path);
        }
    }
    None
}

/// Whether a document a clause carries out binds the unit to the measure,
/// in words (地方性法规, 市级文件), or None. Never a law, administrative
/// regulation or judicial interpretation: 49号 carries them out, and what
/// a clause adds to them (依照《食品安全法》第一百一十三条，公示个人家庭
/// 住址) is the unit's own. A registry entry binds through the credit
/// articles it records (a local regulation's clause must cite one of
/// them); other documents bind when they are above the unit (older central
/// policies and local regulations do set measures 49号 later restricted).
fn binding(b: &Basis, article: &str, scope: &crate::origin::Scope) -> Option<String> {
    if matches!(
        b.level.as_str(),
        "law" | "admin_regulation" | "judicial_interpretation"
    ) {
        return None;
    }
    if let Some(e) = basis::lookup(&b.name) {
        if basis::repealed(e) || !basis::has_credit_articles(e) {
            return None;
        }
        if b.level == "local_regulation"
            && (article.is_empty() || !e.credit_articles.contains(article))
        {
            return None;
        }
    }
    above(b, scope)
}

/// What puts a document above the unit, in words (法律, 市级文件), or None
/// when it is not (a document of the unit's level or below, or of a place
/// that cannot be told).
fn above(b: &Basis, scope: &crate::origin::Scope) -> Option<String> {
    let label = match b.level.as_str() {
        "law" => "法律",
        "admin_regulation" => "行政法规",
        "local_regulation" => "地方性法规",
        "judicial_interpretation" => "司法解释",
        "central_policy" => "党中央、国务院政策文件",
        "department_rule" => "国务院部门文件",
        _ => {
            let inner = b.name.trim_start_matches('《');
            let level = crate::origin::places(inner)
                .into_iter()
                .map(|(_, l)| l)
                .max()?;
            return (level < scope.level).then(|| format!("{}文件", level.label()));
        }
    };
    Some(label.to_string())
}

/// The row of a document the unit did not issue (drafted on request):
/// never 修订 or 废止, which only its issuer can do.
fn not_ours(mut r: Row, origin: &crate::origin::Decision) -> Row {
    let was = std::mem::replace(&mut r.disposition, "保留".to_string());
    let label = origin.origin.label();
    r.reason = if was == "保留" {
        format!(
            "{label}，非本单位制发（{}）：本单位无权修订或废止",
            origin.reason
        )
    } else {
        format!(
            "{label}，非本单位制发（{}）：本单位无权修订或废止；发现的问题（{}）请报制发机关",
            origin.reason, r.reason
        )
    };
    if r.deadline == default_deadline(&was) {
        r.deadline = default_deadline("保留").to_string();
    }
    r
}

/// 《title》第X条（文号）: the article where the document gives it, the 文号
/// from the text or the registry.
fn basis_cell(text: &str, b: &Basis) -> String {
    let mut cell = nest_titles(&b.name);
    // The first citation of it that names an article.
    if let Some(article) = text
        .match_indices(b.name.as_str())
        .map(|(pos, _)| leading_article(&text[pos + b.name.len()..]))
        .find(|a| !a.is_empty())
    {
        cell.push_str(article);
    }
    if let Some(e) = basis::lookup(&b.name) {
        let no = e.docno.split(';').next().unwrap_or("").trim();
        if !no.is_empty() && !b.name.contains(no) {
            cell.push_str(&format!("（{no}）"));
        }
    }
    cell
}

/// `第七十八条第一款` at the start of `text` (what follows a cited title).
fn leading_article(text: &str) -> &str {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^第[一二三四五六七八九十百千零〇两\d]+条(第[一二三四五六七八九十\d]+款)?(第[（(][一二三四五六七八九十\d]+[）)]项)?",
        )
        .expect("static regex")
    });
    RE.find(text).map_or("", |m| m.as_str())
}

/// The provisions by clause, in document order, condensed: `第四条第二款：…`;
/// the cell is cut after the last whole clause that fits.
pub fn summary(provisions: &[Provision]) -> String {
    let mut by_cite: Vec<(&str, Vec<&str>)> = Vec::new();
    for p in provisions {
        match by_cite.iter_mut().find(|(c, _)| *c == p.cite) {
            Some((_, qs)) => {
                if !qs.contains(&p.quote.as_str()) {
                    qs.push(&p.quote);
                }
            }
            None => by_cite.push((&p.cite, vec![&p.quote])),
        }
    }
    let mut out = String::new();
    // Characters in `out`, counted as parts are added (not recounted).
    let mut out_chars = 0;
    for (i, (cite, quotes)) in by_cite.iter().enumerate() {
        let quote = quotes.join("");
        let quote = condense(&quote, 60);
        // 第四条：…, but a heading cite that ends in 、 needs no colon (一、…).
        let part = if cite.ends_with(['、', '.', '．']) {
            format!("{cite}{quote}")
        } else {
            format!("{cite}：{quote}")
        };
        let sep = if out.is_empty() { "" } else { "；" };
        let added = sep.chars().count() + part.chars().count();
        if out_chars + added > SUMMARY_MAX {
            let rest = by_cite.len() - i;
            out.push_str(&format!("；……（另有 {rest} 处，见问题清单和 json）"));
            break;
        }
        out.push_str(sep);
        out.push_str(&part);
        out_chars += added;
    }
    out
}

/// A quote cut to `max` characters with …, trailing punctuation dropped.
fn condense(q: &str, max: usize) -> String {
    let q = q.trim().trim_end_matches(['。', '；', '，', '：', '…']);
    if q.chars().count() <= max {
        q.to_string()
    } else {
        let mut s: String = q.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// The 处置方式 by the decision table of DESIGN.md §5, with its reason and
/// the rule codes behind it.
fn decide(
    d: &Document,
    a: &Analysis,
    findings: &[Finding],
    has_basis: bool,
) -> (String, String, Vec<String>) {
    let mut rules: Vec<String> = findings.iter().map(|f| f.rule.clone()).collect();
    rules.sort();
    rules.dedup();
    let names = |codes: &[String]| -> String {
        codes
            .iter()
            .filter_map(|c| crate::rules::find(c))
            .map(|r| format!("{}（{}）", r.title, r.code))
            .collect::<Vec<_>>()
            .join("、")
    };
    let violations: Vec<String> = {
        let mut v: Vec<String> = findings
            .iter()
            .filter(|f| matches!(f.severity, Severity::Violation))
            .map(|f| f.rule.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    // Rules whose findings keep the document from 保留 (rules.toml blocks_keep).
    let blocking: Vec<String> = rules
        .iter()
        .filter(|c| crate::rules::find(c).is_some_and(|r| r.blocks_keep()))
        .cloned()
        .collect();
    // A basis exists but below the level that can carry the measure (a
    // department rule): the measure needs revising, not repealing.
    let some_basis = a.provisions.iter().any(|p| {
        a.tied.get(&p.cite).is_some_and(|b| {
            b.iter()
                .any(|b| b.level != "local_normative" && b.level != "other")
        })
    });
    // The document exists for the measure: a 黑名单/惩戒/信用积分 办法.
    let title = display_title(d);
    let central = [
        "黑名单",
        "失信",
        "惩戒",
        "信用积分",
        "信用分",
        "诚信积分",
        "红黑榜",
        "黑榜",
    ]
    .iter()
    .any(|w| title.contains(w));
    let measures = a
        .provisions
        .iter()
        .filter(|p| p.kind == "blacklist" || p.kind == "discipline")
        .count();
    if rules.iter().any(|r| r == "XY401") {
        let which = if central { "废止" } else { "修订" };
        return (
            which.to_string(),
            format!(
                "以低信用分为由惩戒个人，违反国办发〔2020〕49号；不能保留。{}",
                if central {
                    "文件以此为主要内容，建议废止"
                } else {
                    "建议删除相关条款"
                }
            ),
            rules,
        );
    }
    if !has_basis {
        if central && measures > 0 && !some_basis {
            return (
                "废止".to_string(),
                format!(
                    "文件以失信约束措施为主要内容，但没有法律、法规或党中央、国务院政策文件依据{}。如该措施确需保留，可研究通过地方立法明确依据（立法），由单位决定",
                    if rules.is_empty() { String::new() } else { format!("；另见：{}", names(&rules)) }
                ),
                rules,
            );
        }
        return (
            "修订（删除相关内容）".to_string(),
            format!(
                "相关条款没有法律、法规或党中央、国务院政策文件依据，建议删除相关内容；如确需保留，可研究通过地方立法明确依据（立法）{}",
                if rules.is_empty() { String::new() } else { format!("。涉及：{}", names(&rules)) }
            ),
            rules,
        );
    }
    if !blocking.is_empty() {
        let lead = if violations.is_empty() {
            "有依据，但以下方面需要修订"
        } else {
            "有依据，但违反国办发〔2020〕49号，需要修订"
        };
        let mut reason = format!("{lead}：{}", names(&blocking));
        let others: Vec<String> = rules
            .iter()
            .filter(|r| !blocking.contains(r))
            .cloned()
            .collect();
        if !others.is_empty() {
            reason.push_str(&format!("；另请人工核实：{}", names(&others)));
        }
        return ("修订".to_string(), reason, rules);
    }
    if !rules.is_empty() {
        return (
            "保留".to_string(),
            format!(
                "各条款均有相应层级的依据；以下提示请人工核实后确定是否修订：{}",
                names(&rules)
            ),
            rules,
        );
    }
    (
        "保留".to_string(),
        "各条款均有相应层级的依据，未发现违反国办发〔2020〕49号的情形".to_string(),
        rules,
    )
}
